"""Do the pure scoring rules give the right marks and feedback for every kind of response?"""

from __future__ import annotations

import pytest

from course.model import Question
from course.scoring import chosen, feedback, is_correct, points, scenario_score


def question(kind: str, correct: list[str], pts: int = 1) -> Question:
    ids = ["true", "false"] if kind == "true_false" else ["a", "b", "c", "d"]
    return Question.model_validate(
        {
            "id": "q1",
            "kind": kind,
            "prompt": "Which?",
            "guidance": ["G16"],
            "points": pts,
            "options": [
                {"id": i, "text": f"Option {i}", "correct": i in correct, "feedback": f"Why {i}"}
                for i in ids
            ],
        }
    )


@pytest.mark.parametrize(
    "response, expected",
    [(None, set()), ("a", {"a"}), (["a", "c"], {"a", "c"}), ([], set())],
)
def test_chosen(response, expected):
    """Does every response shape become the set of option ids it picks?"""
    assert chosen(response) == expected


def test_single_choice_marks():
    """Does a single-choice question give its points only for the correct option?"""
    q = question("single", ["b"], pts=2)
    assert points(q, "b") == 2
    assert points(q, "a") == 0
    assert points(q, None) == 0


def test_multiple_response_is_all_or_nothing():
    """Does a multiple-response answer score only when exactly the correct options are ticked?"""
    q = question("multiple", ["a", "c"], pts=2)
    assert points(q, ["c", "a"]) == 2
    assert points(q, ["a"]) == 0
    assert points(q, ["a", "b", "c", "d"]) == 0
    assert points(q, []) == 0


def test_true_false():
    """Is a true/false question scored on its one correct option?"""
    q = question("true_false", ["false"])
    assert is_correct(q.correct_ids, "false")
    assert not is_correct(q.correct_ids, "true")


def test_unknown_option_is_wrong():
    """Is an option id the question does not have simply wrong (not an error)?"""
    assert points(question("single", ["a"]), "zzz") == 0


def test_feedback_for_a_wrong_single_answer():
    """Does practice feedback say 'not quite' and explain the option chosen?"""
    fb = feedback(question("single", ["b"]), "a")
    assert not fb.correct
    assert fb.verdict.startswith("Not quite")
    assert fb.notes == [("Option a", "Why a")]


def test_feedback_for_a_partly_right_multiple_answer():
    """Does multiple-response feedback explain each ticked option and count the missed ones?"""
    fb = feedback(question("multiple", ["a", "c", "d"]), ["a", "b"])
    assert not fb.correct
    assert [text for text, _ in fb.notes] == ["Option a", "Option b"]
    assert fb.missed == 2


def test_feedback_without_an_answer():
    """Does checking with nothing chosen ask for an answer instead of marking it wrong?"""
    fb = feedback(question("single", ["a"]), None)
    assert fb.verdict == "Choose an answer first." and fb.notes == []


def test_scenario_score(course):
    """Does each ending score its own points out of the best ending's?"""
    sc = course.module("communities").scenarios[0]
    best = max(e.score for e in sc.endings)
    for ending in sc.endings:
        assert scenario_score(sc, ending.id) == (ending.score, best)
