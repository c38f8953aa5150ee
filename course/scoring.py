"""Pure scoring rules: (question, response) -> result. No widgets, no files.

A response is what responses.json stores for a question: an option id (single, true/false), a
list of option ids (multiple response), or None when the learner has not answered.
Graded questions score all or nothing: a multiple-response answer earns its points only when the
ticked options are exactly the correct ones, so ticking everything never pays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.model import Question, Scenario

Response = str | list[str] | None


def chosen(response: Response) -> frozenset[str]:
    """The set of option ids a response picks (empty for no answer)."""
    if response is None:
        return frozenset()
    if isinstance(response, str):
        return frozenset([response])
    return frozenset(response)


def is_correct(correct_ids: Sequence[str], response: Response) -> bool:
    """Does the response pick exactly the correct options?"""
    picked = chosen(response)
    return bool(picked) and picked == frozenset(correct_ids)


def points(question: Question, response: Response) -> int:
    """Marks earned: all of the question's points, or none."""
    return question.points if is_correct(question.correct_ids, response) else 0


@dataclass(frozen=True)
class Feedback:
    """What a knowledge check shows after the learner checks an answer.

    Attributes:
        correct: whether the answer is right.
        verdict: one line saying so, in words (never colour alone).
        notes: (option text, feedback) for each option the learner chose.
        missed: how many correct options were left unticked (multiple response).
    """

    correct: bool
    verdict: str
    notes: list[tuple[str, str]]
    missed: int


def feedback(question: Question, response: Response) -> Feedback:
    """The practice feedback for a response: verdict, why, and how many were missed."""
    picked = chosen(response)
    if not picked:
        return Feedback(False, "Choose an answer first.", [], 0)
    correct = is_correct(question.correct_ids, response)
    notes = [(o.text, o.feedback) for o in question.options if o.id in picked]
    missed = len(set(question.correct_ids) - picked)
    if correct:
        verdict = "Correct."
    elif question.kind == "multiple":
        verdict = "Not quite: look at the feedback on each option you ticked, then try again."
    else:
        verdict = "Not quite: read why, then try again."
    return Feedback(correct, verdict, notes, missed)


def scenario_score(scenario: Scenario, ending_id: str) -> tuple[int, int]:
    """(score, best possible score) for finishing a scenario at this ending."""
    ending = scenario.node(ending_id)
    return getattr(ending, "score", 0), scenario.max_score
