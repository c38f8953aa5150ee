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
class Result:
    """One graded item scored: marks earned, marks available, and why (safe to show a learner:
    it never names the key)."""

    score: int
    max: int
    why: str


NO_ANSWER = "No answer was saved for this question."
NOT_AN_OPTION = "The answer saved is not one of the options on your paper."
WRONG = "The answer saved for this question is not the correct one."


def result(
    correct_ids: Sequence[str], option_ids: Sequence[str], max_points: int, response: Response
) -> Result:
    """Score a choice answer all or nothing, saying why."""
    picked = chosen(response)
    if not picked:
        return Result(0, max_points, NO_ANSWER)
    if not picked <= set(option_ids):
        return Result(0, max_points, NOT_AN_OPTION)
    if is_correct(correct_ids, response):
        return Result(max_points, max_points, "Correct.")
    return Result(0, max_points, WRONG)


@dataclass(frozen=True)
class OptionNote:
    """Why one option the learner chose is right or wrong."""

    text: str
    feedback: str
    correct: bool


@dataclass(frozen=True)
class Feedback:
    """What a knowledge check shows after the learner checks an answer.

    Attributes:
        correct: whether the answer is right.
        verdict: one line saying so, in words (never colour alone).
        notes: a note for each option the learner chose, in option order.
        missed: how many correct options were left unticked (multiple response).
    """

    correct: bool
    verdict: str
    notes: list[OptionNote]
    missed: int


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def missed_text(missed: int) -> str:
    """A sentence about right options left unticked, or "" if none were."""
    if missed == 0:
        return ""
    count = NUMBER_WORDS[missed] if missed < len(NUMBER_WORDS) else str(missed)
    if missed == 1:
        return "You have left out one more option that applies."
    return f"You have left out {count} more options that apply."


def feedback(question: Question, response: Response) -> Feedback:
    """The practice feedback for a response: verdict, why, and how many were missed."""
    picked = chosen(response)
    if not picked:
        return Feedback(False, "Choose an answer first.", [], 0)
    correct = is_correct(question.correct_ids, response)
    notes = [OptionNote(o.text, o.feedback, o.correct) for o in question.options if o.id in picked]
    missed = len(set(question.correct_ids) - picked)
    return Feedback(correct, "Correct." if correct else "Not quite.", notes, missed)


Pick = tuple[str, str]  # (step id, choice id)


def path_points(scenario: Scenario, picks: Sequence[Pick]) -> int:
    """Points earned by the choices made along one path through a scenario."""
    total = 0
    for step_id, choice_id in picks:
        step = scenario.node(step_id)
        total += next(c.points for c in step.choices if c.id == choice_id)
    return total


def best_from(scenario: Scenario) -> dict[str, int]:
    """The most points that can still be earned from each step and ending (paths never loop)."""
    memo: dict[str, int] = {}

    def best(node_id: str) -> int:
        if node_id not in memo:
            node = scenario.node(node_id)
            choices = getattr(node, "choices", [])
            memo[node_id] = max((c.points + best(c.next) for c in choices), default=0)
        return memo[node_id]

    for step in scenario.steps:
        best(step.id)
    return memo


def best_points(scenario: Scenario) -> int:
    """The most points any path through the scenario can earn."""
    return best_from(scenario)[scenario.start]
