"""Hand-in for nbgrader: the graded answers in the store, written as submissions.

``python -m course collect ASSIGNMENT`` writes, for every learner with at least one answer to the
assignment's questions, ``autograder/submitted/<learner>/<assignment>/`` holding the released
notebook and a responses.json with that learner's answers and nothing else, ready for
``nbgrader autograde``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from course.responses import RESPONSES_FILE, write_atomically


def graded_ids(notebook: Path) -> list[str]:
    """The grade ids of a released notebook's graded and task cells: the questions or slots it
    asks (a written answer is a task cell)."""
    nb = nbformat.read(notebook, as_version=4)
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    return [m["grade_id"] for m in meta if m.get("grade") or m.get("task")]


def collect(assignment: str, store, autograder: Path) -> dict[str, int]:
    """Write every learner's submission; return {learner id: number of answers}.

    Raises:
        ValueError: the assignment has not been released yet.
    """
    release = autograder / "release" / assignment / f"{assignment}.ipynb"
    if not release.is_file():
        raise ValueError(
            f"{assignment} has not been released: run `nbgrader generate_assignment "
            f"{assignment}` in {autograder} first"
        )
    question_ids = graded_ids(release)
    collected = {}
    for learner_id, answers in sorted(store.records_for("answer", question_ids).items()):
        folder = autograder / "submitted" / learner_id / assignment
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(release, folder / release.name)
        mine = {q: answers[q] for q in question_ids if q in answers}
        write_atomically(folder / RESPONSES_FILE, mine)
        collected[learner_id] = len(mine)
    return collected
