"""The build: content -> learner notebooks and nbgrader source assignments (never hand-edited)."""

from __future__ import annotations

from pathlib import Path

from course.loader import Course
from course.render.assignment import answer_key, assignment_notebook
from course.render.cells import dumps
from course.render.learner import learner_notebook

__all__ = ["answer_key", "build", "outputs", "stale"]


def outputs(course: Course) -> dict[Path, str]:
    """Every built file, as a path relative to the repository root and its text."""
    files = {}
    for module in course.modules.values():
        files[Path("notebooks") / f"{module.id}.ipynb"] = dumps(learner_notebook(module))
        aid = module.quiz.id
        files[Path("autograder/source") / aid / f"{aid}.ipynb"] = dumps(assignment_notebook(module))
    return files


def build(course: Course, root: Path) -> list[Path]:
    """Write every built file under ``root``; return the paths written."""
    written = []
    for rel, text in outputs(course).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(course: Course, root: Path) -> list[Path]:
    """Built files under ``root`` that are missing or differ from a fresh build."""
    return [
        rel
        for rel, text in outputs(course).items()
        if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != text
    ]
