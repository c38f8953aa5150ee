"""Grading: a learner's saved answers scored against keys the learner's kernel never loads.

Called by course.autograde inside nbgrader (never in a learner's kernel). Keys come from the
assessment pack for pooled assessments (each learner's paper recomputed from the nbgrader student
id) and from the course's module quizzes otherwise. Every reason is safe to show a learner.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from course import responses
from course.kinds import plugin
from course.loader import keyed_course
from course.pack import PACK_FILE, cached_pack, score_slot
from course.paper import PAPER_FILE, read_form
from course.scoring import Response, Result

NOT_HANDED_IN = f"No {responses.RESPONSES_FILE} was handed in, so no answer could be scored."
ELSEWHERE = (
    "This quiz is scored from the saved answers by the course's nbgrader settings; run nbgrader "
    "in the course's autograder folder (its nbgrader_config.py)."
)


class NotScoredHere(AssertionError):
    """A grade cell ran under nbgrader without the course's settings: score nothing."""


def scored_elsewhere() -> None:
    """What a quiz's grade cell runs. It does nothing for a learner who runs the notebook; under
    an nbgrader autograde that ignored the course's settings it fails, so nobody gets marks for
    nothing."""
    if os.environ.get("NBGRADER_EXECUTION") == "autograde":
        raise NotScoredHere(ELSEWHERE)


def read_answers(folder: Path) -> dict[str, Response]:
    """The answers handed in with a notebook.

    Raises:
        responses.ResponseFileError: none were handed in, or the file is unreadable.
    """
    path = folder / responses.RESPONSES_FILE
    if not path.exists():
        raise responses.ResponseFileError(NOT_HANDED_IN)
    return responses.read(path)


class PackMismatch(RuntimeError):
    """The papers were drawn from one pack and grading would use another."""


def check_pack(pack_dir: Path, folder: Path) -> None:
    """Refuse to grade a pooled assessment with a pack other than the one its released papers
    (``paper.json`` in ``folder``) came from.

    Raises:
        PackMismatch: with what to do about it.
    """
    path = folder / PAPER_FILE
    if not path.is_file() or not (pack_dir / PACK_FILE).is_file():
        return
    drawn = read_form(path).get("pack")
    used = cached_pack(pack_dir).label
    if drawn != used:
        raise PackMismatch(
            f"the papers were drawn from pack {drawn} but grading would use {used} "
            f"({pack_dir}); point COURSE_PACK at {drawn}, or build and release again"
        )


def score(
    pack_dir: Path, assignment: str, grade_id: str, student: str, answers: dict[str, Response]
) -> Result:
    """One grade cell's result for one learner."""
    answer = answers.get(grade_id)
    if (pack_dir / PACK_FILE).is_file():
        pack = cached_pack(pack_dir)
        if assignment in pack.assessments:
            return score_slot(pack, assignment, grade_id, student, answer)
    question = _content_question(assignment, grade_id)  # a quiz still in a content file
    return plugin(question.kind).score(question, answer)


def item_for(pack_dir: Path, assignment: str, grade_id: str, student: str):
    """The item a learner's paper holds in this slot (None if the slot is not in the pack)."""
    from course.pack import learner_item

    if not (pack_dir / PACK_FILE).is_file():
        return None
    pack = cached_pack(pack_dir)
    if assignment not in pack.assessments:
        return None
    a = pack.assessment(assignment)
    try:
        return learner_item(pack, a, a.slot(grade_id), student)
    except KeyError:
        return None


@functools.cache
def _content_question(assignment: str, grade_id: str):
    _, quiz = keyed_course().quiz(assignment)
    return next(q for q in quiz.questions if q.id == grade_id)
