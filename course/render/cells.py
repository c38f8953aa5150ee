"""Notebook cells with fixed ids and metadata, so that a build is byte-for-byte repeatable."""

from __future__ import annotations

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

NBGRADER_SCHEMA = 3
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def markdown(cell_id: str, text: str, **metadata: object) -> NotebookNode:
    """A Markdown cell."""
    cell = new_markdown_cell(text.strip() + "\n", metadata=dict(metadata))
    cell.id = cell_id
    return cell


def code(cell_id: str, source: str, hide_source: bool = True, **metadata: object) -> NotebookNode:
    """A code cell; its source is collapsed in JupyterLab (learners are not programmers)."""
    meta = dict(metadata)
    if hide_source:
        meta["jupyter"] = {"source_hidden": True}
    cell = new_code_cell(source.strip(), metadata=meta)
    cell.id = cell_id
    return cell


def nbgrader_meta(grade_id: str, *, grade: bool = False, points: int = 0) -> dict:
    """nbgrader cell metadata for a locked cell, graded (a test) or not."""
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": True,
        "schema_version": NBGRADER_SCHEMA,
        "solution": False,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return meta


def notebook(cells: list[NotebookNode], title: str) -> NotebookNode:
    """A validated notebook with the Python kernel and a title."""
    nb = new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
        "title": title,
    }
    nbformat.validate(nb)
    return nb


def dumps(nb: NotebookNode) -> str:
    """The notebook as text, the same every time for the same content."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"
