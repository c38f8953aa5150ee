"""A module notebook as the course app shows it: markdown cells as HTML, and code cells as the
``course.widgets`` calls they make.

The app runs nothing else from a notebook. A code cell must be ``widgets.NAME("text", ...)``
with NAME one of ``CALLS`` (its ``from course import widgets`` line is allowed); any other code
is refused with the file and the cell named, before anything runs.
"""

from __future__ import annotations

import ast
import json
from functools import lru_cache
from pathlib import Path

import mistune

from course.loader import shipped_course

#: What a module notebook's code cells may call (all of them are in course.widgets).
CALLS = {
    "page_header",
    "exercise",
    "knowledge_check",
    "scenario",
    "graded_quiz",
    "handin",
    "finish_module",
}
#: The built notebooks are the course's own: their HTML (the course links) is kept.
_markdown = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


class PageError(ValueError):
    """A module notebook the app cannot show: names the file and the cell."""


@lru_cache(maxsize=64)
def _plan(path: Path, mtime_ns: int) -> tuple[tuple, ...]:
    """A module notebook as parts: ("html", text) or ("call", name, args)."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise PageError(f"{path.name} could not be read: {err}") from None
    parts = []
    for number, cell in enumerate(cells, start=1):
        source = "".join(cell.get("source", ""))
        where = f"{path.name}, cell {cell.get('id') or number}"
        if cell.get("cell_type") == "markdown":
            parts.append(("html", _markdown(source)))
        elif cell.get("cell_type") == "code":
            parts += [("call", *call) for call in _calls(source, where)]
    return tuple(parts)


def _calls(source: str, where: str) -> list[tuple[str, tuple[str, ...]]]:
    """The ``widgets.NAME("text", ...)`` calls of one code cell (its import line is allowed)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise PageError(f"{where}: not Python ({err.msg})") from None
    calls = []
    for node in tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "course"
            and ([a.name for a in node.names] == ["widgets"])
        ):
            continue
        call = node.value if isinstance(node, ast.Expr) else None
        ok = (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "widgets"
            and call.func.attr in CALLS
            and not call.keywords
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
        )
        if not ok:
            raise PageError(
                f"{where}: the app shows only calls of course.widgets "
                f"({', '.join(sorted(CALLS))}) with text arguments; found "
                f"{ast.get_source_segment(source, node)!r}"
            )
        calls.append((call.func.attr, tuple(a.value for a in call.args)))
    return calls


def module_plan(folder: Path, module_id: str) -> tuple[tuple, ...]:
    """The parts of ``module_id``'s notebook in ``folder`` (read again only when it changes).

    Raises:
        PageError: the notebook is missing, unreadable, or has a code cell the app refuses.
    """
    path = folder / f"{module_id}.ipynb"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        missing = f"{path.name} is missing: rebuild the course (python -m course build)"
        raise PageError(missing) from None
    return _plan(path, mtime)


def prepare(folder: Path | None = None) -> None:
    """Read every module notebook ahead (a warm kernel does, before it serves anyone); a broken
    one is reported when it is shown."""
    for module_id in shipped_course().modules:
        try:
            module_plan(folder or Path.cwd(), module_id)
        except PageError:
            pass
