"""Signed course certificates: what they certify, their token, and checking a token.

A learner who finished every module and passed the final assessment gets a PDF
(certificate_pdf) and a token signed with the organisation's key (course.signing). Anyone with
the published public key can check the token: ``python -m course verify TOKEN``.

Where learners can read the server's files (Binder, their own JupyterLab, a hub server of their
own) nothing they are scored on can be kept from them, so the course runs as self-study there and
its certificates carry ``mode: self-study``: they verify as genuine but never as assessed.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path

from nacl.signing import SigningKey, VerifyKey

from course.signing import (
    UNREADABLE,
    CertificateError,
    load_public_key,
    open_token,
    public_key_path,
    public_key_text,
    sign,
    signing_key,
)

ASSESSED, SELF_STUDY = "assessed", "self-study"
MODES = (ASSESSED, SELF_STUDY)
COURSE_TITLE = "Safer online work with children"
EXIT_GENUINE, EXIT_INVALID, EXIT_SELF_STUDY = 0, 1, 2
SELF_STUDY_NOTE = (
    "This course was taken where learners can see the answers, so this record shows that the "
    "modules were worked through, not an assessed result."
)
_ID_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I: read aloud over the phone
# Short names keep the token (and so the QR code) small; the order is the dataclass's.
_SHORT = {"certificate_id": "i", "learner_id": "l", "name": "n", "organisation": "o",
          "course": "c", "issued": "d", "modules": "m", "total_minutes": "t", "score": "s",
          "max_score": "x", "pass_mark": "p", "pack": "k", "mode": "y"}  # fmt: skip


def new_certificate_id() -> str:
    """A random id such as ``7KQ2M-XC9HD`` (50 bits): unguessable, easy to read out."""
    return _spelt([secrets.randbelow(len(_ID_ALPHABET)) for _ in range(10)])


def keyed_certificate_id(secret: bytes, *parts: str) -> str:
    """An id like new_certificate_id's, derived from ``parts`` with a secret: the same parts
    always give the same id, and without the secret nobody can work out another's."""
    import hashlib
    import hmac

    digest = hmac.new(secret, "\0".join(parts).encode("utf-8"), hashlib.sha256).digest()
    return _spelt([b % len(_ID_ALPHABET) for b in digest[:10]])  # 256 = 8 x 32: no bias


def _spelt(indexes: list[int]) -> str:
    chars = "".join(_ID_ALPHABET[i] for i in indexes)
    return f"{chars[:5]}-{chars[5:]}"


@dataclass(frozen=True)
class Certificate:
    """What one certificate certifies; validated when made, so a bad one is never signed."""

    learner_id: str
    name: str
    organisation: str
    modules: Sequence[tuple[str, int]]  # (title, minutes), in course order
    score: float
    max_score: float
    pass_mark: float  # fraction of max_score needed to pass, e.g. 0.8
    pack: str  # the assessment pack it was scored with, e.g. "course-pack 1.0"
    mode: str = SELF_STUDY  # fail safe: "assessed" only where mode_here() says so
    course: str = COURSE_TITLE
    issued: str = field(default_factory=lambda: date.today().isoformat())
    total_minutes: int | None = None  # default: the modules' minutes added up
    certificate_id: str = field(default_factory=new_certificate_id)

    def __post_init__(self) -> None:
        modules = tuple((str(t), int(m)) for t, m in self.modules)
        object.__setattr__(self, "modules", modules)
        if self.total_minutes is None:
            object.__setattr__(self, "total_minutes", sum(m for _, m in modules))
        problems = [
            self.mode not in MODES and f"mode must be one of {', '.join(MODES)}",
            not self.name.strip() and "name is empty",
            not modules and "no modules",
            not 0 < self.pass_mark <= 1 and "pass_mark must be a fraction above 0, at most 1",
            not 0 <= self.score <= self.max_score and "score must be between 0 and max_score",
        ]
        date.fromisoformat(self.issued)  # ValueError if it is not a date
        if any(problems):
            raise ValueError(f"certificate: {'; '.join(p for p in problems if p)}")

    @property
    def percent(self) -> float:
        """The score as a percentage of the maximum."""
        return 100 * self.score / self.max_score if self.max_score else 0.0

    @property
    def passed(self) -> bool:
        """Did the score reach the pass mark?"""
        return self.score >= self.pass_mark * self.max_score - 1e-9

    def to_dict(self) -> dict:
        """Plain JSON-ready fields (modules as lists)."""
        data = asdict(self)
        data["modules"] = [list(m) for m in self.modules]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Certificate:
        """The certificate a to_dict() dict describes; ValueError or TypeError if it is not one."""
        names = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or set(data) != names:
            raise ValueError("certificate fields do not match")
        return cls(**data)


def mode_here(env: dict[str, str] | None = None) -> str:
    """ "assessed" only where the course server signed the learner in (``course serve``).

    Everywhere else (Binder, their own JupyterLab, a hub server of their own) learners can read
    the answer keys, so what they score there is self-study.
    """
    from course.learner import learner_id_from_env

    return ASSESSED if learner_id_from_env(env)[1] == "server" else SELF_STUDY


def from_progress(
    course, learner_id: str, name: str, record: dict, pass_mark: float, **more
) -> Certificate:
    """The certificate of a learner's final-assessment record (score, max, pack).

    Args:
        course: the loaded course (its title and modules, with minutes, in order).
        learner_id: the learner's id; ``name``: their full name as it is to be printed.
        record: the learner's "progress" record of the final assessment.
        pass_mark: the assessment's pass mark, a fraction.
        **more: other fields, e.g. ``mode=mode_here()``; ``organisation`` defaults to the
            name in the organisation profile that applies here.
    """
    from course.organisation import current_organisation

    more.setdefault("organisation", current_organisation()[0].name)
    modules = [(m.title, m.minutes) for m in course.modules.values()]
    return Certificate(
        learner_id=learner_id,
        name=name,
        modules=modules,
        score=record["score"],
        max_score=record["max"],
        pass_mark=pass_mark,
        pack=record["pack"],
        course=course.title,
        **more,
    )


def payload(cert: Certificate) -> bytes:
    """Canonical JSON of a certificate (sorted keys, no spaces, short names): what is signed."""
    short = {_SHORT[k]: v for k, v in cert.to_dict().items()}
    return json.dumps(short, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def token(cert: Certificate, key: SigningKey | None = None) -> str:
    """The signed token of ``cert`` (default key: the organisation's, made on first use)."""
    return sign(payload(cert), key or signing_key())


def verify(token_text: str, public_key: str | VerifyKey) -> Certificate:
    """The certificate a genuine token certifies. Check ``.mode``: self-study is not assessed.

    Args:
        token_text: the token (spaces and line breaks from wrapped text are ignored).
        public_key: the organisation's public key, as published text or a VerifyKey.

    Raises:
        CertificateError: one sentence: malformed, wrong version, bad signature, unreadable.
    """
    key = load_public_key(public_key) if isinstance(public_key, str) else public_key
    data = open_token(token_text, key)
    try:
        long = {v: k for k, v in _SHORT.items()}
        return Certificate.from_dict({long[k]: v for k, v in json.loads(data).items()})
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        raise CertificateError(UNREADABLE) from err


def qr_png(token_text: str) -> bytes:
    """The QR code of a token as PNG bytes (error correction M: survives a crease or a smudge)."""
    import io

    import segno

    buf = io.BytesIO()
    segno.make(token_text, error="m", micro=False).save(buf, kind="png", scale=4, border=4)
    return buf.getvalue()


_FONTS = (
    ("DejaVu", "", "DejaVuSans.ttf"),
    ("DejaVu", "B", "DejaVuSans-Bold.ttf"),
    ("DejaVuMono", "", "DejaVuSansMono.ttf"),
)


def certificate_pdf(cert: Certificate, token_text: str, verify_hint: str) -> bytes:
    """The certificate as a one-page A4 PDF with its QR code and its token in text.

    Args:
        cert: what it certifies.
        token_text: the signed token of ``cert``.
        verify_hint: where to find the organisation's public key, printed under the token.
    """
    from fpdf import FPDF

    from course.documents import _font_dir  # the same DejaVu fonts as every other download

    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=15)
    for family, style, file in _FONTS:
        pdf.add_font(family, style, str(_font_dir() / file))
    kind = "Self-study record" if cert.mode == SELF_STUDY else "Certificate"
    pdf.set_title(f"{kind}: {cert.name}")
    pdf.set_subject(f"{cert.course}, certificate {cert.certificate_id}")
    pdf.set_creator(f"{COURSE_TITLE} (course)")
    pdf.add_page()
    _heading(pdf, cert)
    _results(pdf, cert)
    _token_block(pdf, token_text, verify_hint)
    return bytes(pdf.output())


def _centred(pdf, text: str, size: float, style: str = "", height: float = 0.0) -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font("DejaVu", style, size)
    pdf.multi_cell(0, height or size * 0.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf, cert: Certificate) -> None:
    _centred(pdf, cert.organisation, 12)
    pdf.ln(3)
    _centred(pdf, "Certificate of completion", 24, "B", 12)
    if cert.mode == SELF_STUDY:  # said in words and in colour, never by colour alone
        pdf.ln(2)
        pdf.set_text_color(150, 0, 0)
        _centred(pdf, "Self-study: not assessed", 16, "B")
        pdf.set_text_color(0, 0, 0)
        _centred(pdf, SELF_STUDY_NOTE, 10)
    pdf.ln(4)
    _centred(pdf, "This certifies that", 12)
    _centred(pdf, cert.name, 22, "B", 12)
    day = date.fromisoformat(cert.issued)
    _centred(pdf, f"completed {cert.course} on {day.day} {day:%B %Y}.", 12)
    pdf.ln(5)


def _results(pdf, cert: Certificate) -> None:
    from fpdf.enums import XPos, YPos

    pdf.set_font("DejaVu", "", 10)
    with pdf.table(col_widths=(5, 1), line_height=5.5) as table:
        for title, minutes in [("Module", "Minutes"), *cert.modules, ("Total", cert.total_minutes)]:
            cells = table.row()
            cells.cell(str(title))
            cells.cell(str(minutes), align="R")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    result = "Self-study score" if cert.mode == SELF_STUDY else "Final assessment"
    text = (
        f"{result}: {_score(cert)}; pass mark {cert.pass_mark:.0%}; assessment pack {cert.pack}."
        f"\nCertificate id: {cert.certificate_id}"
    )
    pdf.multi_cell(0, 5.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _token_block(pdf, token_text: str, verify_hint: str) -> None:
    """The QR code, and beside it the token in text and how to check it."""
    import io

    from fpdf.enums import XPos, YPos

    side = 48  # mm: a version-18 code at about 0.5 mm a module, which phones read from paper
    if pdf.get_y() + side > pdf.h - pdf.b_margin:
        pdf.add_page()
    top, left = pdf.get_y(), pdf.l_margin + side + 5
    pdf.image(io.BytesIO(qr_png(token_text)), x=pdf.l_margin, y=top, w=side, h=side)
    width = pdf.w - pdf.r_margin - left
    below = {"new_x": XPos.LEFT, "new_y": YPos.NEXT}
    pdf.set_xy(left, top)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(width, 5, "Verification token", **below)
    pdf.set_font("DejaVuMono", "", 7)
    # Cut the token ourselves: a word-wrapping line breaker has no place to break a token.
    n = int((width - 2 * pdf.c_margin) / pdf.get_string_width("M"))
    lines = [token_text[i : i + n] for i in range(0, len(token_text), n)]
    pdf.multi_cell(width, 3.2, "\n".join(lines), align="L", **below)
    pdf.set_xy(left, pdf.get_y() + 1.5)
    pdf.set_font("DejaVu", "", 9)
    how = (
        "To check this certificate, run: python -m course verify <token> with the token above "
        f"(or read from the QR code) and the organisation's public key. {verify_hint}"
    )
    pdf.multi_cell(width, 4.5, how, align="L", **below)


def issue(
    cert: Certificate, key: SigningKey | None = None, verify_hint: str = ""
) -> tuple[bytes, str]:
    """The certificate's PDF and token, signed with ``key`` (default: the organisation's).

    Raises:
        CertificateError: the score is below the pass mark, so there is nothing to certify.
    """
    if not cert.passed:
        raise CertificateError(
            f"{cert.name} scored {_score(cert)}, below the pass mark of "
            f"{cert.pass_mark:.0%}: no certificate is issued."
        )
    signed = token(cert, key)
    hint = verify_hint or f"Ask {cert.organisation} for its certificate public key."
    return certificate_pdf(cert, signed, hint), signed


def _num(x: float) -> str:
    return f"{x:g}"


def _score(cert: Certificate) -> str:
    return f"{_num(cert.score)}/{_num(cert.max_score)} ({cert.percent:.0f}%)"


def describe(cert: Certificate) -> str:
    """One paragraph saying what a certificate certifies."""
    modules = "; ".join(f"{t} ({m} min)" for t, m in cert.modules)
    return (
        f"{cert.name} completed {cert.course} ({len(cert.modules)} modules, "
        f"{cert.total_minutes} minutes: {modules}), score {_score(cert)}, pass mark "
        f"{cert.pass_mark:.0%}, assessment pack {cert.pack}, issued {cert.issued} by "
        f"{cert.organisation}, certificate id {cert.certificate_id}."
    )


def verify_main(token_text: str, public_key: str | Path | None = None) -> int:
    """Print whether a token is genuine and what it certifies; never a traceback.

    Returns:
        0 genuine and assessed; 1 not genuine (or no key to check it); 2 genuine self-study.
    """
    try:
        cert = verify(token_text, _key_text(public_key))
    except CertificateError as err:
        print(f"Not genuine: {err}", file=sys.stderr)
        return EXIT_INVALID
    except Exception as err:  # a person gets one line, whatever went wrong
        print(f"Could not check this token: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_INVALID
    if cert.mode == SELF_STUDY:
        print("Self-study certificate: not evidence of assessment.")
        print(f"It is genuinely signed and records that {describe(cert)}")
        return EXIT_SELF_STUDY
    print(f"Genuine: {describe(cert)}")
    return EXIT_GENUINE


def _key_text(public_key: str | Path | None) -> str:
    """The public key text: a file's contents, the text itself, or the local .pub file."""
    if public_key is None:
        path = public_key_path()
        if not path.is_file():
            raise CertificateError(
                f"No public key to check with: none at {path}. Give the key the organisation "
                "published with --public-key."
            )
        return path.read_text("ascii")
    path = Path(public_key)
    try:
        return path.read_text("ascii") if path.is_file() else str(public_key)
    except OSError:
        return str(public_key)


def key_main(path: Path | None = None) -> int:
    """Print the public key to publish (making the key pair on first use); 1 if it cannot."""
    try:
        text = public_key_text(path)
    except (CertificateError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID
    print(text)
    print(f"Publish this key; it is also in {public_key_path(path)}.", file=sys.stderr)
    return 0


def _main(argv: list[str] | None = None) -> int:
    import argparse

    top = argparse.ArgumentParser(prog="python -m course.certificate")
    subs = top.add_subparsers(dest="command", required=True)
    v = subs.add_parser("verify", help="Check a certificate token: 0 genuine, 1 not, 2 self-study.")
    v.add_argument("token")
    v.add_argument("--public-key", default=None, help="key file or text (default: data/*.pub)")
    subs.add_parser("certificate-key", help="Print the certificate public key to publish.")
    args = top.parse_args(argv)
    if args.command == "verify":
        return verify_main(args.token, args.public_key)
    return key_main()


if __name__ == "__main__":
    sys.exit(_main())
