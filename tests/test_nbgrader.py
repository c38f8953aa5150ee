"""The nbgrader round trip with real commands: release without keys, a cohort of learners
(all right, all wrong, partly right, no file, corrupt file), autograde, export, and feedback
without hidden tests or keys; then every module's quiz with an all-correct, an all-wrong and a
missing submission."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html import escape
from pathlib import Path

import nbformat
import pytest

from course.render import answer_key
from course.responses import RESPONSES_FILE, ResponseStore
from tests.conftest import run_nbgrader

pytestmark = pytest.mark.slow


def wrong(entry: dict) -> str | list[str]:
    """A wrong answer of the right shape."""
    wrong_ids = [o for o in entry["options"] if o not in entry["correct"]]
    return wrong_ids[:1] if len(entry["correct"]) > 1 else wrong_ids[0]


def right(entry: dict) -> str | list[str]:
    return entry["correct"] if len(entry["correct"]) > 1 else entry["correct"][0]


@pytest.fixture(scope="module")
def quiz(module):
    return module.quiz


@pytest.fixture(scope="module")
def key(quiz):
    return answer_key(quiz)


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory, quiz, key):
    """A copy of autograder/ after generate_assignment, submissions, autograde, feedback, export."""
    root = tmp_path_factory.mktemp("nbgrader")
    shutil.copytree(built / "autograder", root, dirs_exist_ok=True)
    run_nbgrader(root, "generate_assignment", quiz.id, "--force")
    release = root / "release" / quiz.id / f"{quiz.id}.ipynb"
    ids = list(key)
    half = ids[: len(ids) // 2]
    cohort = {
        "all_right": {q: right(key[q]) for q in ids},
        "all_wrong": {q: wrong(key[q]) for q in ids},
        "partial": {q: right(key[q]) if q in half else wrong(key[q]) for q in ids},
        "no_file": None,
        "corrupt": "{this is not json",
    }
    for learner, answers in cohort.items():
        folder = root / "submitted" / learner / quiz.id
        folder.mkdir(parents=True)
        shutil.copy(release, folder)
        if isinstance(answers, dict):
            store = ResponseStore(folder)  # the same code path the graded widget uses
            for q, a in answers.items():
                store.save(q, a)
        elif isinstance(answers, str):
            (folder / RESPONSES_FILE).write_text(answers)
    run_nbgrader(root, "autograde", quiz.id)
    run_nbgrader(root, "generate_feedback", quiz.id)
    run_nbgrader(root, "export")
    return root, half


def test_release_holds_no_key(graded, quiz, key):
    """Does the released notebook hold no hidden test and none of the correct option ids?"""
    root, _ = graded
    nb = nbformat.read(root / "release" / quiz.id / f"{quiz.id}.ipynb", as_version=4)
    for cell in nb.cells:
        assert "HIDDEN TESTS" not in cell.source and "expect(" not in cell.source
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in key:
            for option_id in key[grade_id]["correct"]:
                assert f"'{option_id}'" not in cell.source and f'"{option_id}"' not in cell.source
    text = json.dumps(nb)
    # the grade cells hold no key at all: autograde scores them from the saved answers
    assert text.count("scored_elsewhere()") == len(key)


def scores(root: Path) -> dict[str, float]:
    with open(root / "grades.csv", newline="") as f:
        return {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}


def test_cohort_scores(graded, quiz, key):
    """Are the exported scores full, zero and exactly the partial sum, and zero for a missing or
    corrupt response file, with every learner graded?"""
    root, half = graded
    got = scores(root)
    assert got == {
        "all_right": float(quiz.max_points),
        "all_wrong": 0.0,
        "partial": float(sum(key[q]["points"] for q in half)),
        "no_file": 0.0,
        "corrupt": 0.0,
    }
    assert 0 < got["partial"] < quiz.max_points


def feedback_text(root: Path, learner: str, quiz_id: str) -> str:
    html = (root / "feedback" / learner / quiz_id / f"{quiz_id}.html").read_text()
    return html


@pytest.mark.parametrize("learner", ["all_right", "all_wrong", "partial", "no_file", "corrupt"])
def test_feedback_holds_no_hidden_test_or_key(graded, quiz, key, learner):
    """Does each learner's feedback leave out hidden tests, grading code and correct option ids?"""
    root, _ = graded
    html = feedback_text(root, learner, quiz.id)
    assert "HIDDEN TESTS" not in html
    # the grading call, even when syntax highlighting puts tags between its tokens
    assert not re.search(r"expect(\s|</?span[^>]*>)*\(", html)
    assert "course.grading" not in html
    assert "Traceback (most recent call last)" not in html
    for q, entry in key.items():
        literal = re.escape(repr(entry["correct"])).replace("\\'", "(&#39;|&#x27;|'|&quot;)")
        assert not re.search(literal, html), (q, entry["correct"])


def test_corrupt_file_reason_reaches_that_learner(graded, quiz):
    """Does the learner with a corrupt response file read why they scored zero?"""
    root, _ = graded
    assert "responses.json is not valid JSON" in feedback_text(root, "corrupt", quiz.id)
    assert "No responses.json was handed in" in feedback_text(root, "no_file", quiz.id)
    assert "Correct." in feedback_text(root, "all_right", quiz.id)


def test_feedback_shows_each_question_and_the_learners_own_answer(graded, quiz, key):
    """Does feedback show every question with the answer that learner gave, and no feedback text
    that would reveal which option was right?"""
    root, _ = graded
    html = feedback_text(root, "all_wrong", quiz.id)
    assert html.count("Your answer:") == len(quiz.questions)
    for q in quiz.questions:
        for o in getattr(q, "options", []):
            assert o.feedback not in html and escape(o.feedback) not in html
    assert "no answer saved" in feedback_text(root, "no_file", quiz.id)


def hand_in(root: Path, assignment: str, learner: str, answers: dict | None) -> None:
    """Put the released notebook (and the answers, if any) in a learner's submitted folder."""
    folder = root / "submitted" / learner / assignment
    folder.mkdir(parents=True)
    shutil.copy(root / "release" / assignment / f"{assignment}.ipynb", folder)
    if answers is not None:
        store = ResponseStore(folder)
        for q, a in answers.items():
            store.save(q, a)


@pytest.fixture(scope="module")
def every_quiz(built, tmp_path_factory, course):
    """Every quiz released, handed in by three learners, autograded, fed back and exported."""
    root = tmp_path_factory.mktemp("every_quiz")
    shutil.copytree(built / "autograder", root, dirs_exist_ok=True)
    for _, quiz in course.quizzes:
        run_nbgrader(root, "generate_assignment", quiz.id, "--force")
        key = answer_key(quiz)
        hand_in(root, quiz.id, "right", {q: right(key[q]) for q in key})
        hand_in(root, quiz.id, "wrong", {q: wrong(key[q]) for q in key})
        hand_in(root, quiz.id, "missing", None)
        run_nbgrader(root, "autograde", quiz.id)
        run_nbgrader(root, "generate_feedback", quiz.id)
    run_nbgrader(root, "export")
    return root


def test_every_quiz_round_trip(every_quiz, course):
    """Does each module's quiz release without its key, score full marks, zero and zero, and
    give feedback with no hidden test or key?"""
    with open(every_quiz / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for _, quiz in course.quizzes:
        got = {r["student_id"]: float(r["score"]) for r in rows if r["assignment"] == quiz.id}
        marked = sum(q.points for q in quiz.questions if q.kind == "written")  # by a trainer
        full = float(quiz.max_points - marked)
        assert got == {"right": full, "wrong": 0.0, "missing": 0.0}, quiz.id
        release = (every_quiz / "release" / quiz.id / f"{quiz.id}.ipynb").read_text()
        assert "HIDDEN TESTS" not in release and "expect(" not in release, quiz.id
        for learner in ("right", "wrong", "missing"):
            html = feedback_text(every_quiz, learner, quiz.id)
            assert "HIDDEN TESTS" not in html and "course.grading" not in html, quiz.id
            assert "Traceback (most recent call last)" not in html, quiz.id
            assert html.count("Your answer:") == len(quiz.questions), quiz.id
        assert "No responses.json was handed in" in feedback_text(every_quiz, "missing", quiz.id)
