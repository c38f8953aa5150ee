"""Written answers as graded items: a trainer marks them in nbgrader's formgrader against a
rubric (mark scheme) that learners never see. Autograde scores nothing here; it puts the learner's
text in front of the trainer with the automatic checks as the comment placeholder."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from course.model.exercise import WrittenItem
from course.scoring import Response, Result
from course.text import md

KINDS = ("written",)
Model = WrittenItem
#: Longest written answer kept (characters); a record of concern is short.
MAX_CHARS = 6000
MARKED_BY_TRAINER = "Your trainer marks this answer."


@dataclass(frozen=True)
class PaperWritten:
    id: str  # the slot id
    kind: str
    points: int
    prompt: str

    @property
    def option_ids(self) -> list[str]:
        return []


def text_of(response: Response) -> str:
    """The learner's text from a stored answer ("" if none or not text)."""
    return response[:MAX_CHARS] if isinstance(response, str) else ""


def key(item: WrittenItem) -> str:
    """What the trainer's key shows: the rubric."""
    return item.rubric


def score(item: WrittenItem, response: Response, points: int | None = None) -> Result:
    """Nothing automatic: the trainer scores it (a manually graded task in nbgrader)."""
    return Result(0, points or item.points, MARKED_BY_TRAINER)


def public(item: WrittenItem) -> dict:
    """The task without its rubric or checks."""
    return {"id": item.id, "prompt": item.prompt}


def for_learner(slot: dict, item: dict, order: Callable[[list[str]], list[str]]) -> PaperWritten:
    return PaperWritten(slot["id"], slot["kind"], slot["points"], item["prompt"])


def control(question: PaperWritten):
    """The answer widget: a text box."""
    from course.widgets.written_control import WrittenControl

    return WrittenControl(question)


def answer_html(question: PaperWritten, answer: Response) -> str:
    """The task and the learner's own text, escaped."""
    text = text_of(answer) or "no answer saved"
    return (
        f"{md(question.prompt)}<div><strong>Your answer:</strong>"
        f'<pre style="white-space:pre-wrap">{html.escape(text)}</pre></div>'
    )


def auto_comment(item: WrittenItem, response: Response) -> str:
    """The automatic checks of the learner's text, as the trainer's comment placeholder."""
    from course.exercises.concern import run_checks, summary

    text = text_of(response)
    if not text.strip():
        return "No answer was saved."
    if not item.checks:
        return ""
    return "Automatic checks (a guide, not the mark):\n" + summary(
        run_checks(text, item.checks, item.child_words)
    )
