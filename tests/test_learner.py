"""Who the learner is, from inside a kernel: the server's verified header, never a guess when
sign-in is required, the hub's user, or the one local learner; and saving through the store."""

from __future__ import annotations

import pytest

from course.learner import (
    SIGN_IN_NEEDED,
    SaveError,
    Session,
    StoredAnswers,
    learner_id_from_env,
)
from course.store import open_store


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"HTTP_X_COURSE_LEARNER": "sam", "COURSE_SIGN_IN": "required"}, ("sam", "server")),
        ({"COURSE_SIGN_IN": "required"}, (None, "missing")),
        ({"COURSE_SIGN_IN": "required", "JUPYTERHUB_USER": "sam"}, (None, "missing")),
        ({"HTTP_X_COURSE_LEARNER": "", "COURSE_SIGN_IN": "required"}, (None, "missing")),
        ({"JUPYTERHUB_USER": "Sam.Patel@Example.org"}, ("sam.patel-example.org", "hub")),
        ({}, ("local", "local")),
    ],
)  # fmt: skip
def test_who_the_learner_is(env, expected):
    assert learner_id_from_env(env) == expected


def test_without_a_learner_nothing_is_saved_and_the_learner_is_told():
    session = Session(None, "missing", problem=SIGN_IN_NEEDED)
    assert session.record("answer", "q1", "a") == SIGN_IN_NEEDED
    answers = StoredAnswers(session)
    assert answers.answers == {} and answers.problem == SIGN_IN_NEEDED
    with pytest.raises(SaveError, match="not signed in"):
        answers.save("q1", "a")


def test_stored_answers_save_one_row_each_and_remove_on_empty(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    store.add_learner("Sam Patel", "sam")
    answers = StoredAnswers(Session("sam", "server", store))
    answers.save("q1", "b")
    answers.save("q2", ["a", "c"])
    answers.save("q1", None)
    assert store.get("sam", "answer") == {"q2": ["a", "c"]}
    assert StoredAnswers(Session("sam", "server", store)).answers == {"q2": ["a", "c"]}
