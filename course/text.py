"""Content text to HTML: Markdown rendered with any raw HTML escaped, and plain labels."""

from __future__ import annotations

import re

import mistune

_markdown = mistune.create_markdown(escape=True)


def md(text: str) -> str:
    """Markdown to HTML, with any raw HTML in the content escaped."""
    return _markdown(text)


def plain(text: str) -> str:
    """Markdown emphasis stripped, for labels that cannot hold HTML."""
    return re.sub(r"(\*\*|__|\*|_|`)", "", text).strip()
