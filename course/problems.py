"""Problems found in content files, reported as one readable line each (file, line, id, field)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file.

    Attributes:
        path: the content file.
        loc: where in the file's data the problem is (keys and list indexes).
        message: what is wrong and what was expected.
    """

    path: Path
    loc: Loc
    message: str


class ContentError(ValueError):
    """Raised when content does not validate; carries every problem found."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def _child(node: Any, key: str | int) -> Any:
    """The YAML node under ``key`` in a mapping or sequence node, or None."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _child_data(data: Any, key: str | int) -> Any:
    if isinstance(data, dict):
        return data.get(key)
    if isinstance(data, list) and isinstance(key, int) and key < len(data):
        return data[key]
    return None


def describe(problem: Problem, data: Any, root: yaml.Node | None, base: Path | None) -> str:
    """Format a problem as ``file:line: object 'id/id': field 'a.b': message``.

    The object is named by the ids of the mappings along the location (a question, then its
    option); the field is the rest of the location below the innermost one. The line is that of
    the deepest YAML node found.
    """
    ids: list[str] = []
    field: list[str] = []
    line = None
    node, value = root, data
    for key in problem.loc:
        if isinstance(value, dict) and key not in value and value.get("kind") == key:
            continue  # pydantic names the kind of a tagged union in the location; skip it
        if isinstance(value, dict) and "id" in value:
            ids, field = [*ids, str(value["id"])], []
        field.append(f"[{key}]" if isinstance(key, int) else str(key))
        child = _child(node, key)
        if child is not None:
            node, line = child, child.start_mark.line + 1
        value = _child_data(value, key)
    if isinstance(value, dict) and "id" in value:
        ids, field = [*ids, str(value["id"])], []
    if len(ids) > 1:
        ids = ids[1:]  # the module's own id adds nothing once a deeper object is named
    if line is None and node is not None:
        line = node.start_mark.line + 1
    name = problem.path
    if base is not None:
        try:
            name = problem.path.relative_to(base)
        except ValueError:
            pass
    where = f"{name}:{line}" if line else f"{name}"
    what = f"object '{'/'.join(ids)}'" if ids else "top level"
    dotted = "".join(f if f.startswith("[") else f".{f}" for f in field).lstrip(".")
    field_part = f", field '{dotted}'" if dotted else ""
    return f"{where}: {what}{field_part}: {problem.message}"
