"""Content text to HTML: Markdown rendered with any raw HTML escaped, and plain labels."""

from __future__ import annotations

import re
from collections.abc import Iterator

import mistune

_markdown = mistune.create_markdown(escape=True)


def md(text: str) -> str:
    """Markdown to HTML, with any raw HTML in the content escaped."""
    return _markdown(text)


def plain(text: str) -> str:
    """Markdown emphasis stripped, for labels that cannot hold HTML."""
    return re.sub(r"(\*\*|__|\*|_|`)", "", text).strip()


def strings(value: object, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string inside nested dicts and lists, with the keys and indexes that lead to it."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, (*loc, i))
