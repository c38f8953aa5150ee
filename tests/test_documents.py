"""Downloadable documents: Markdown and PDF hold what was put in, any character included."""

from __future__ import annotations

import base64
import io
import re

import pypdf

from course.documents import Document, to_markdown, to_pdf
from course.widgets.download import files, links_html


def sample() -> Document:
    doc = Document("Livestream plan: Friday “quiz night”")
    doc.h("Who can watch").p("Only invited members of the group.").li("Chat: off")
    doc.flag("Recording is on: say why, and tell everyone first.")
    doc.table([["Date", "Name", "Consent given"], ["", "Zoë O’Neill", "yes | no"]])
    return doc


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_markdown_holds_every_block():
    """Does the Markdown hold the title, headings, items, flags and a table with an escaped
    pipe?"""
    text = to_markdown(sample())
    assert text.startswith("# Livestream plan: Friday “quiz night”\n")
    assert "## Who can watch" in text and "- Chat: off" in text
    assert "- **Check:** Recording is on" in text
    assert "| Zoë O’Neill | yes \\| no |" in text


def test_pdf_opens_and_holds_the_text():
    """Is the PDF a real PDF that a reader opens, holding the same words (curly quotes and
    accents too)?"""
    data = to_pdf(sample())
    assert data.startswith(b"%PDF-")
    text = " ".join(pdf_text(data).split())
    for words in ["quiz night", "Who can watch", "Chat: off", "Zoë O’Neill", "Check: Recording"]:
        assert words in text


def test_links_carry_both_files():
    """Do the download links carry the files themselves, named safely, with link words that say
    what they are?"""
    html = links_html(sample(), "Livestream plan (mine)", "your plan")
    assert "Download your plan (Markdown)" in html and "Download your plan (PDF)" in html
    names = re.findall(r'download="([^"]+)"', html)
    assert names == ["Livestream-plan-mine.md", "Livestream-plan-mine.pdf"]
    payloads = re.findall(r"base64,([A-Za-z0-9+/=]+)", html)
    md, pdf = (base64.b64decode(p) for p in payloads)
    assert md == files(sample(), "Livestream plan (mine)")["Livestream-plan-mine.md"]
    assert "Zoë O’Neill" in pdf_text(pdf)
