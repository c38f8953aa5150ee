"""Downloads in Voila without a Jupyter file server: each file is a link whose address holds
the file itself (a data: URL with the download attribute), built in the page's kernel."""

from __future__ import annotations

import base64
import html
import re

from course.documents import Document, to_markdown, to_pdf

MIME = {
    "md": "text/markdown;charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json;charset=utf-8",
    "zip": "application/zip",
}


def filename(stem: str, ext: str) -> str:
    """A safe file name: letters, digits and dashes."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "document"
    return f"{safe}.{ext}"


def files(doc: Document, stem: str) -> dict[str, bytes]:
    """The document as Markdown and as PDF, by file name."""
    return {
        filename(stem, "md"): to_markdown(doc).encode("utf-8"),
        filename(stem, "pdf"): to_pdf(doc),
    }


def link(name: str, data: bytes, what: str) -> str:
    """One download link; its words say what the file is and its format."""
    ext = name.rsplit(".", 1)[-1]
    href = f"data:{MIME.get(ext, 'application/octet-stream')};base64,"
    href += base64.b64encode(data).decode("ascii")
    fmt = {"md": "Markdown", "pdf": "PDF"}.get(ext, ext.upper())
    return (
        f'<a class="course-download course-download-{ext}" download="{html.escape(name)}" '
        f'href="{href}">Download {html.escape(what)} ({fmt})</a>'
    )


def links_html(doc: Document, stem: str, what: str) -> str:
    """Links to download the document as Markdown and as PDF."""
    parts = [link(name, data, what) for name, data in files(doc, stem).items()]
    return '<p class="course-downloads">' + " · ".join(parts) + "</p>"
