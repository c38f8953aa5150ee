"""The organisation's certificate signing key (Ed25519, PyNaCl) and signed tokens.

The private key lives in ``certificate-signing.key`` in the course's data folder (``data/`` beside
organisation.yaml, never committed), or at the path in $COURSE_SIGNING_KEY. It is made on first
use, readable by its owner only. The public key, ``certificate-signing.pub`` beside it, is what
the organisation publishes: with it alone anyone can check a token.

A token is ``C1.<payload>.<signature>``, both parts base64url without padding. The signature
covers ``C1.<payload>`` so the version cannot be swapped either. The payload is deflated JSON,
which keeps the token small enough for a QR code a phone can read from paper.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import zlib
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

ENV_VAR = "COURSE_SIGNING_KEY"
KEY_FILE = "certificate-signing.key"
PUB_SUFFIX = ".pub"
VERSION = "C1"
MAX_PAYLOAD = 64_000  # bytes once inflated: far above any real certificate, far below a bomb
UNREADABLE = (
    "The certificate is correctly signed but its contents cannot be read: it may come from "
    "another version of the course."
)

_DAMAGED = "This token is damaged: it holds characters a token never has."
_MISMATCH = (
    "The signature does not match: this certificate was altered, forged, or signed with another "
    "organisation's key."
)


class CertificateError(Exception):
    """A token or key cannot be used; the message is one sentence a person can read."""


def key_path(start: Path | None = None) -> Path:
    """$COURSE_SIGNING_KEY, else data/certificate-signing.key under the course's root folder.

    The root is found as the store finds it: ``start`` (default: here) or its parent, the first
    that holds organisation.yaml, else ``start`` itself.
    """
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    here = (start or Path.cwd()).resolve()
    root = next((d for d in (here, here.parent) if (d / "organisation.yaml").is_file()), here)
    return root / "data" / KEY_FILE


def public_key_path(path: Path | None = None) -> Path:
    """Where the public key is written: beside the private key, ending in .pub."""
    path = path or key_path()
    return path.with_suffix(PUB_SUFFIX) if path.suffix == ".key" else Path(f"{path}{PUB_SUFFIX}")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    """base64 or base64url, with or without padding; ValueError if it is neither.

    Only the canonical spelling is accepted: a last character whose unused bits are changed
    would decode to the same bytes, so an altered token could otherwise still pass.
    """
    if not re.fullmatch(r"[A-Za-z0-9_+/-]*={0,2}", text):
        raise ValueError("not base64")
    text = text.rstrip("=").replace("+", "-").replace("/", "_")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as err:
        raise ValueError("not base64") from err
    if _b64(data) != text:
        raise ValueError("not canonical base64")
    return data


def _write_new(path: Path, data: bytes, mode: int = 0o600) -> bool:
    """Write ``data`` to ``path`` only if no file is there; False if one already is.

    Written to a temporary file then hard-linked into place: a reader never sees half a key, and
    of two processes starting at once exactly one key wins and both use it.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # 700 only if made here
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # a filesystem without hard links: still atomic, but a race can lose
            os.replace(tmp, path)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def signing_key(path: Path | None = None) -> SigningKey:
    """The organisation's private signing key, made on first use (and its .pub file with it).

    Raises:
        CertificateError: the key file exists but is not a key.
    """
    path = path or key_path()
    if not path.exists():
        _write_new(path, (_b64(bytes(SigningKey.generate())) + "\n").encode("ascii"))
    try:
        key = SigningKey(_unb64(path.read_text("ascii").strip()))
    except (ValueError, UnicodeDecodeError, TypeError) as err:
        raise CertificateError(f"The signing key file {path.name} is damaged: {err}.") from err
    pub = public_key_path(path)
    if not pub.exists():  # derived from the private key, so it can always be written again
        _write_new(pub, (_b64(bytes(key.verify_key)) + "\n").encode("ascii"), 0o644)
    return key


def public_key_text(path: Path | None = None) -> str:
    """The public key as text to publish (43 characters), making the key pair if there is none."""
    return _b64(bytes(signing_key(path).verify_key))


def load_public_key(text: str) -> VerifyKey:
    """A public key from its published text (``ed25519:`` prefix optional).

    Raises:
        CertificateError: the text is not a public key.
    """
    text = "".join(text.split()).removeprefix("ed25519:")
    try:
        return VerifyKey(_unb64(text))
    except (ValueError, TypeError) as err:
        raise CertificateError(
            "That public key is not valid: it should be the 43 characters the organisation "
            "published."
        ) from err


def sign(payload: bytes, key: SigningKey) -> str:
    """A token carrying ``payload`` (JSON bytes), signed with ``key``."""
    body = f"{VERSION}.{_b64(zlib.compress(payload, 9))}"
    return f"{body}.{_b64(key.sign(body.encode('ascii')).signature)}"


def open_token(token: str, public_key: VerifyKey) -> bytes:
    """The payload of a genuine token; whitespace inside it (from wrapped text) is ignored.

    Raises:
        CertificateError: the token is malformed, from another version, or its signature does
            not match ``public_key`` (forged, altered, or signed with another key).
    """
    parts = "".join(str(token).split()).split(".")
    if len(parts) != 3 or not all(parts):
        raise CertificateError(
            "This is not a certificate token: it should be three parts joined by dots, "
            "starting with C1."
        )
    version, payload, signature = parts
    if version != VERSION:
        raise CertificateError(
            f"This token is version {version[:10]!r}, but this course checks {VERSION} tokens: "
            "check it with the course version that issued it."
        )
    try:
        raw_signature, deflated = _unb64(signature), _unb64(payload)
    except ValueError as err:
        canonical = "canonical" not in str(err)
        raise CertificateError(_DAMAGED if canonical else _MISMATCH) from err
    try:
        public_key.verify(f"{version}.{payload}".encode("ascii"), raw_signature)
    except (BadSignatureError, ValueError, TypeError) as err:
        raise CertificateError(_MISMATCH) from err
    return _inflate(deflated)


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_PAYLOAD)
    except zlib.error as err:
        raise CertificateError(UNREADABLE) from err
    if inflater.unconsumed_tail or not inflater.eof:
        raise CertificateError(UNREADABLE)
    return out
