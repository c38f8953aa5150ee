"""Signed certificates: real Ed25519 keys, real tokens, a real PDF read back with pypdf, its QR
code read back with zxing-cpp, and the verify command run as a learner's employer would."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from nacl.signing import SigningKey

from course.certificate import (
    ASSESSED,
    SELF_STUDY,
    Certificate,
    CertificateError,
    from_progress,
    issue,
    mode_here,
    token,
    verify,
)
from course.signing import UNREADABLE, key_path, public_key_text, sign, signing_key

REPO = Path(__file__).resolve().parent.parent
MODULES = [
    ("Welcome: how this course works", 20),
    ("Why social media, and the risks", 35),
    ("Recording live sessions and the law", 40),
]


def make(mode: str = ASSESSED, **changes) -> Certificate:
    fields = dict(
        learner_id="sian-obrien",
        name="Siân O’Brien-Łukasz",  # not Latin-1: the token and the PDF must carry it as it is
        organisation="Example Youth Club",
        modules=MODULES,
        score=18,
        max_score=20,
        pass_mark=0.8,
        pack="course-pack 1.0",
        mode=mode,
        issued="2026-11-20",
    )
    return Certificate(**{**fields, **changes})


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh organisation key pair in its own data folder; the private key's path."""
    path = tmp_path_factory.mktemp("org") / "data" / "certificate-signing.key"
    signing_key(path)
    return path


@pytest.fixture(scope="module")
def pub(key: Path) -> str:
    return public_key_text(key)


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _swap(text: str, i: int) -> str:
    """Flip the lowest bit of character i: at the end of the signature that bit carries no data,
    so only a strict decoder notices."""
    return text[:i] + B64[B64.index(text[i]) ^ 1] + text[i + 1 :]


def test_round_trip(key: Path, pub: str) -> None:
    """Does a token verify with the public key alone, giving back exactly what was signed?"""
    cert = make()
    assert verify(token(cert, signing_key(key)), pub) == cert
    assert cert.total_minutes == 95 and len(cert.certificate_id) == 11
    assert Certificate.from_dict(cert.to_dict()) == cert


def test_wrapped_token_still_verifies(key: Path, pub: str) -> None:
    """Does a token copied from the PDF with its line breaks still verify?"""
    signed = token(make(), signing_key(key))
    wrapped = "\n".join(signed[i : i + 60] for i in range(0, len(signed), 60))
    assert verify(f"  {wrapped}\n", pub).name == "Siân O’Brien-Łukasz"


def test_one_altered_character_fails(key: Path, pub: str) -> None:
    """Does changing any one character of the payload, or of the signature, fail the check?"""
    version, body, signature = token(make(), signing_key(key)).split(".")
    for i in range(len(body)):
        with pytest.raises(CertificateError, match="signature does not match"):
            verify(f"{version}.{_swap(body, i)}.{signature}", pub)
    for i in range(len(signature)):
        with pytest.raises(CertificateError, match="signature does not match"):
            verify(f"{version}.{body}.{_swap(signature, i)}", pub)


def test_self_study_cannot_be_made_assessed(key: Path, pub: str) -> None:
    """Can a self-study token's payload be swapped for an assessed one under its signature?"""
    study = token(make(SELF_STUDY), signing_key(key)).split(".")
    assessed = token(make(ASSESSED), signing_key(key)).split(".")
    with pytest.raises(CertificateError, match="signature does not match"):
        verify(f"{study[0]}.{assessed[1]}.{study[2]}", pub)
    assert verify(".".join(study), pub).mode == SELF_STUDY


def test_other_key_fails(pub: str) -> None:
    """Is a token signed with any key but the organisation's rejected?"""
    forged = token(make(), SigningKey.generate())
    with pytest.raises(CertificateError, match="another organisation's key"):
        verify(forged, pub)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "not a certificate token"),
        ("hello world", "not a certificate token"),
        ("C1.abc", "not a certificate token"),
        ("C1..sig", "not a certificate token"),
        ("C2.abc.def", "version 'C2'"),
        ("C1.a!b.c?d", "damaged"),
        ("C1.YWJj.YWJj", "signature does not match"),
    ],
)
def test_garbage_fails_with_one_sentence(pub: str, text: str, says: str) -> None:
    """Does anything that is not a token fail with one readable sentence?"""
    with pytest.raises(CertificateError, match=says) as caught:
        verify(text, pub)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b'{"n": "only a name"}'])
def test_signed_but_unreadable_payload(key: Path, pub: str, payload: bytes) -> None:
    """Is a genuinely signed token whose contents are not a certificate reported as such?"""
    with pytest.raises(CertificateError) as caught:
        verify(sign(payload, signing_key(key)), pub)
    assert str(caught.value) == UNREADABLE


def test_bad_public_key_text() -> None:
    """Is a mistyped public key a sentence, not a crash?"""
    with pytest.raises(CertificateError, match="public key is not valid"):
        verify("C1.YWJj.YWJj", "not-a-key")


def test_key_files_private_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Is the key pair made in data/ beside organisation.yaml, mode 600 in a 700 folder, and the
    same key used on the second call?"""
    monkeypatch.delenv("COURSE_SIGNING_KEY", raising=False)
    (tmp_path / "organisation.yaml").write_text("schema_version: 2\n")
    (tmp_path / "notebooks").mkdir()
    path = key_path(tmp_path / "notebooks")  # a page runs in notebooks/: same key as the root's
    assert path == tmp_path.resolve() / "data" / "certificate-signing.key"
    first = signing_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    content = path.read_bytes()
    assert bytes(signing_key(path)) == bytes(first) and path.read_bytes() == content
    published = path.with_suffix(".pub").read_text().strip()
    assert published == public_key_text(path) and len(published) == 43
    assert published not in content.decode()  # the .pub file holds no part of the private key
    names = sorted(p.name for p in path.parent.iterdir())  # no temporary file left behind
    assert names == ["certificate-signing.key", "certificate-signing.pub"]
    monkeypatch.setenv("COURSE_SIGNING_KEY", str(tmp_path / "elsewhere" / "org.key"))
    assert key_path() == tmp_path / "elsewhere" / "org.key"


def test_damaged_key_file(tmp_path: Path) -> None:
    """Is a damaged private key file a clear error rather than a new key silently made?"""
    path = tmp_path / "certificate-signing.key"
    path.write_text("this is not a key\n")
    with pytest.raises(CertificateError, match="damaged"):
        signing_key(path)


def test_certificate_checks_its_fields() -> None:
    """Is a certificate with an impossible field refused before anything is signed?"""
    for bad in ({"mode": "graded"}, {"score": 21}, {"pass_mark": 80}, {"modules": []}):
        with pytest.raises(ValueError, match="certificate"):
            make(**bad)
    with pytest.raises(ValueError):
        make(issued="20 November")


def test_mode_here() -> None:
    """Is a certificate assessed only where the course server signed the learner in?"""
    assert mode_here({"HTTP_X_COURSE_LEARNER": "sam"}) == ASSESSED
    assert mode_here({"JUPYTERHUB_USER": "sam"}) == SELF_STUDY
    assert mode_here({}) == SELF_STUDY


def test_from_progress(course, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Does a final-assessment record of the shipped course give every module with its minutes,
    the organisation named in the profile, and the record's score and pack?"""
    (tmp_path / "organisation.yaml").write_text("schema_version: 2\nname: Riverside Scouts\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_ORGANISATION", raising=False)
    record = {"score": 17, "max": 20, "passed": True, "pack": "course-pack 1.0", "attempts": 1}
    cert = from_progress(course, "sam", "Sam Patel", record, 0.8, mode=mode_here({}))
    assert [t for t, _ in cert.modules] == [m.title for m in course.modules.values()]
    assert cert.total_minutes == sum(m.minutes for m in course.modules.values())
    assert (cert.organisation, cert.course) == ("Riverside Scouts", course.title)
    assert (cert.score, cert.max_score, cert.pack, cert.mode) == (
        17,
        20,
        record["pack"],
        SELF_STUDY,
    )


def test_no_certificate_below_pass_mark(key: Path) -> None:
    """Is a learner below the pass mark refused a certificate, with a sentence?"""
    with pytest.raises(CertificateError, match="below the pass mark"):
        issue(make(score=15), signing_key(key))


def _pdf_text(pdf: bytes, tmp_path: Path) -> tuple[pypdf.PdfReader, str]:
    (tmp_path / "certificate.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(tmp_path / "certificate.pdf")
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_says_what_it_certifies(key: Path, pub: str, tmp_path: Path) -> None:
    """Does the PDF name the learner, each module with its minutes, the total, the score, the
    pack, the id, the token and how to check it, and not say self-study?"""
    cert = make()
    pdf, signed = issue(cert, signing_key(key), "Key: example.org/certificate-key")
    reader, text = _pdf_text(pdf, tmp_path)
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Certificate: Siân O’Brien-Łukasz"
    for title, minutes in MODULES:
        assert f"{title} {minutes}" in text
    for part in ("Siân O’Brien-Łukasz", "Example Youth Club", "Total 95", "18/20 (90%)"):
        assert part in text
    for part in ("pass mark 80%", "course-pack 1.0", cert.certificate_id, "20 November 2026"):
        assert part in text
    assert "python -m course verify" in text and "example.org/certificate-key" in text
    assert signed in "".join(text.split())  # the token, wrapped, in text a person can copy
    assert "Self-study" not in text
    assert verify(signed, pub) == cert


def test_self_study_pdf(key: Path, tmp_path: Path) -> None:
    """Does a self-study certificate say so on the page and carry the self-study token?"""
    pdf, signed = issue(make(SELF_STUDY), signing_key(key))
    reader, text = _pdf_text(pdf, tmp_path)
    assert "Self-study: not assessed" in text
    assert reader.metadata.title.startswith("Self-study record")
    assert verify(signed, public_key_text(key)).mode == SELF_STUDY


def test_qr_code_reads_back_as_the_token(key: Path, tmp_path: Path) -> None:
    """Does the QR code drawn in the PDF, read by a real decoder, give exactly the token?"""
    import zxingcpp

    pdf, signed = issue(make(), signing_key(key))
    reader, _ = _pdf_text(pdf, tmp_path)
    [image] = reader.pages[0].images
    [code] = zxingcpp.read_barcodes(image.image)
    assert code.format == zxingcpp.BarcodeFormat.QRCode and code.text == signed


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COURSE_SIGNING_KEY"}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "course", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_verify_command(key: Path, pub: str, tmp_path: Path) -> None:
    """Does `verify` exit 0 for a genuine assessed token, 2 for self-study and 1 for anything
    else, with a plain sentence and never a traceback?"""
    assessed = token(make(), signing_key(key))
    study = token(make(SELF_STUDY), signing_key(key))
    pub_file = str(key.with_suffix(".pub"))
    runs = {
        "genuine": (_cli("verify", assessed, "--public-key", pub_file, cwd=tmp_path), 0),
        "as text": (_cli("verify", assessed, "--public-key", pub, cwd=tmp_path), 0),
        "study": (_cli("verify", study, "--public-key", pub, cwd=tmp_path), 2),
        "forged": (
            _cli("verify", token(make(), SigningKey.generate()), "--public-key", pub, cwd=tmp_path),
            1,
        ),
        "garbage": (_cli("verify", "C1.%%%.???", "--public-key", pub, cwd=tmp_path), 1),
        "no key": (_cli("verify", assessed, cwd=tmp_path), 1),
        "bad key": (_cli("verify", assessed, "--public-key", "nonsense", cwd=tmp_path), 1),
    }
    for name, (run, code) in runs.items():
        assert run.returncode == code, (name, run.stdout, run.stderr)
        assert "Traceback" not in run.stdout + run.stderr, name
    out = runs["genuine"][0].stdout
    assert out.startswith("Genuine: Siân O’Brien-Łukasz completed Safer online work with children")
    for part in ("18/20 (90%)", "pass mark 80%", "course-pack 1.0", "issued 2026-11-20"):
        assert part in out
    assert "self-study certificate: not evidence of assessment" in runs["study"][0].stdout.lower()
    assert "Genuine:" not in runs["study"][0].stdout
    assert "another organisation's key" in runs["forged"][0].stderr
    for name in ("forged", "garbage", "no key", "bad key"):  # one line, saying so plainly
        assert runs[name][0].stderr.startswith("Not genuine: ") and runs[name][0].stdout == ""
        assert runs[name][0].stderr.count("\n") == 1, name
    assert "No public key" in runs["no key"][0].stderr


@pytest.mark.slow
def test_certificate_key_command(tmp_path: Path) -> None:
    """Does `certificate-key` make the key pair in data/ on first run and print the public key,
    the same on the second run, so that a token it signs verifies with what was printed?"""
    (tmp_path / "organisation.yaml").write_text("schema_version: 2\n")
    first = _cli("certificate-key", cwd=tmp_path)
    second = _cli("certificate-key", cwd=tmp_path)
    assert first.returncode == 0 and first.stdout == second.stdout, first.stderr
    private = tmp_path / "data" / "certificate-signing.key"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    signed = token(make(), signing_key(private))
    assert verify(signed, first.stdout.strip()) == verify(signed, public_key_text(private))
    default = _cli("verify", signed, cwd=tmp_path)  # the local .pub file, found by itself
    assert default.returncode == 0 and default.stdout.startswith("Genuine:"), default.stderr


def _first_key(path: str, barrier, out) -> None:
    barrier.wait()  # all start together, so they do race for the first key
    out.put(public_key_text(Path(path)))


def test_key_made_once_when_processes_race(tmp_path: Path) -> None:
    """Do several processes starting at once on a fresh data folder all get the same key?"""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    path, barrier, out = (
        str(tmp_path / "data" / "certificate-signing.key"),
        ctx.Barrier(6),
        ctx.Queue(),
    )
    procs = [ctx.Process(target=_first_key, args=(path, barrier, out)) for _ in range(6)]
    for proc in procs:
        proc.start()
    keys = [out.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(10)
    assert len(set(keys)) == 1 and keys[0] == public_key_text(Path(path))
