"""`python -m course collect`: learners' stored answers become nbgrader submissions that the real
`nbgrader autograde` scores, each learner on their own answers only."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys

import pytest

from course.render import answer_key
from course.store import open_store
from tests.conftest import run_nbgrader

pytestmark = pytest.mark.slow


def test_collect_then_autograde(built, tmp_path, module):
    quiz = module.quiz
    key = answer_key(quiz)
    root = tmp_path / "autograder"
    shutil.copytree(built / "autograder", root)
    run_nbgrader(root, "generate_assignment", quiz.id, "--force")
    store = open_store(f"sqlite:///{tmp_path / 'course.sqlite3'}")
    right = {q: k["correct"] if len(k["correct"]) > 1 else k["correct"][0] for q, k in key.items()}
    first = next(iter(key))
    for learner_id in ("ada", "ben", "cal"):
        store.add_learner(learner_id.title(), learner_id)
    for q, answer in right.items():
        store.put("ada", "answer", q, answer)
    store.put("ben", "answer", first, right[first])
    store.put("ben", "answer", "some_other_quiz_q", "a")  # not this assignment's: left out
    store.put("cal", "practice", first, {"correct": True})  # practice is never handed in

    done = subprocess.run(
        [sys.executable, "-m", "course", "collect", quiz.id, "--autograder", str(root),
         "--store", store.url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "Collected 2 submission(s)" in done.stdout
    submitted = root / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == ["ada", "ben"]
    ben = json.loads((submitted / "ben" / quiz.id / "responses.json").read_text())
    assert ben == {first: right[first]}

    run_nbgrader(root, "autograde", quiz.id)
    run_nbgrader(root, "export")
    with open(root / "grades.csv", newline="") as f:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    assert scores == {"ada": float(quiz.max_points), "ben": float(key[first]["points"])}


def test_collect_before_release_says_what_to_do(built, tmp_path, module):
    root = tmp_path / "autograder"
    shutil.copytree(built / "autograder", root)
    result = subprocess.run(
        [sys.executable, "-m", "course", "collect", module.quiz.id, "--autograder", str(root),
         "--store", f"sqlite:///{tmp_path / 'c.sqlite3'}"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"nbgrader generate_assignment {module.quiz.id}" in result.stderr
    assert "Traceback" not in result.stderr
