"""Do the pure scoring rules give the right marks and feedback for every kind of response?"""

from __future__ import annotations

import pytest

from course.model import Question, Scenario
from course.scoring import (
    best_points,
    chosen,
    feedback,
    is_correct,
    missed_text,
    path_points,
    points,
)


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
    """Does practice feedback say 'Not quite.' once and explain the option chosen?"""
    fb = feedback(question("single", ["b"]), "a")
    assert not fb.correct
    assert fb.verdict == "Not quite."
    assert [(n.text, n.feedback, n.correct) for n in fb.notes] == [("Option a", "Why a", False)]


def test_feedback_for_a_partly_right_multiple_answer():
    """Does multiple-response feedback mark each ticked option right or wrong and count the
    missed ones?"""
    fb = feedback(question("multiple", ["a", "c", "d"]), ["a", "b"])
    assert not fb.correct
    assert [(n.text, n.correct) for n in fb.notes] == [("Option a", True), ("Option b", False)]
    assert fb.missed == 2


@pytest.mark.parametrize(
    "missed, text",
    [
        (0, ""),
        (1, "You have left out one more option that applies."),
        (2, "You have left out two more options that apply."),
    ],
)
def test_missed_options_read_as_a_person_would_write(missed, text):
    """Is a count of missed options written in words, never as 'option(s)'?"""
    assert missed_text(missed) == text


def test_feedback_without_an_answer():
    """Does checking with nothing chosen ask for an answer instead of marking it wrong?"""
    fb = feedback(question("single", ["a"]), None)
    assert fb.verdict == "Choose an answer first." and fb.notes == []


def branching() -> Scenario:
    """s1 -> (a: 2 pts -> s2, b: 0 pts -> end_bad); s2 -> (a: 3 pts -> end_good, b: 1 pt)."""

    def choice(cid, nxt, pts):
        return {"id": cid, "text": cid, "feedback": "f", "next": nxt, "points": pts}

    return Scenario.model_validate(
        {
            "id": "sc",
            "title": "T",
            "intro": "I",
            "start": "s1",
            "steps": [
                {
                    "id": "s1",
                    "text": "t",
                    "choices": [choice("a", "s2", 2), choice("b", "end_bad", 0)],
                },
                {
                    "id": "s2",
                    "text": "t",
                    "choices": [choice("a", "end_good", 3), choice("b", "end_bad", 1)],
                },
            ],
            "endings": [
                {"id": "end_good", "title": "Good", "debrief": "d"},
                {"id": "end_bad", "title": "Bad", "debrief": "d"},
            ],
        }
    )


def test_scenario_score_is_the_sum_of_the_choices_made():
    """Does a path score the points of each decision on it, out of the best path's sum?"""
    sc = branching()
    assert best_points(sc) == 5
    assert path_points(sc, [("s1", "a"), ("s2", "a")]) == 5
    assert path_points(sc, [("s1", "a"), ("s2", "b")]) == 3
    assert path_points(sc, [("s1", "b")]) == 0


def test_every_shipped_scenario_rewards_its_best_path(course):
    """Can every shipped scenario's best score actually be reached, and is it more than zero?"""
    for module in course.modules.values():
        for sc in module.scenarios:
            assert best_points(sc) > 0, sc.id
