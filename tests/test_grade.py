"""Grading a cohort at once (`python -m course grade`) gives exactly what `nbgrader autograde`
gives grading one learner after another: every grade and comment in the gradebook, for answers
drawn at random, a corrupt responses file, a missing one and a notebook with an added cell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.responses import RESPONSES_FILE
from tests.conftest import random_submissions, run_nbgrader

pytestmark = pytest.mark.slow
AID = "recording_quiz"


def hand_in(root: Path, learners: int) -> None:
    """Submissions of AID: random answers (seeded), then a corrupt file, none, an added cell."""
    random_submissions(root, AID, [f"learner{n:02d}" for n in range(learners)], seed=7)
    release = root / "release" / AID
    for learner in ("corrupt", "no-file", "added-cell"):
        shutil.copytree(release, root / "submitted" / learner / AID)
    (root / "submitted" / "corrupt" / AID / RESPONSES_FILE).write_text("{not json")
    (root / "submitted" / "no-file" / AID / RESPONSES_FILE).unlink(missing_ok=True)
    notebook = root / "submitted" / "added-cell" / AID / f"{AID}.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import course.grading as g; g.score = lambda *a: 1"))
    nbformat.write(nb, notebook)


def gradebook(root: Path, url: str | None = None) -> dict[str, dict]:
    """Per learner: the total, and each grade's and comment's automatic value."""
    found = {}
    with Gradebook(url or f"sqlite:///{root / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(AID):
            cells = {}
            for nb in sub.notebooks:
                cells |= {g.name: (g.auto_score, g.manual_score) for g in nb.grades}
                cells |= {f"comment {c.name}": c.auto_comment for c in nb.comments}
            found[sub.student.id] = {"total": sub.score, **cells}
    return found


def course_grade(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", "grade", AID, "--autograder", str(root), "--workers", "2"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def handed_in(built, tmp_path_factory) -> Path:
    """A course folder with AID released and 12 submissions of it, not graded."""
    root = tmp_path_factory.mktemp("handed-in")
    shutil.copytree(built / "autograder", root, dirs_exist_ok=True)
    run_nbgrader(root, "generate_assignment", AID, "--force")
    hand_in(root, 9)
    return root


@pytest.fixture(scope="module")
def cohort(handed_in, tmp_path_factory):
    """Two copies of the handed-in folder: one graded by `nbgrader autograde`, the other by
    `python -m course grade` (and what the latter printed)."""
    one, at_once = tmp_path_factory.mktemp("one-by-one"), tmp_path_factory.mktemp("at-once")
    for root in (one, at_once):
        shutil.copytree(handed_in, root, dirs_exist_ok=True)
    run_nbgrader(one, "autograde", AID)
    done = course_grade(at_once)
    return gradebook(one), gradebook(at_once), done


def test_grading_at_once_gives_what_nbgrader_gives_one_by_one(cohort):
    one_by_one, at_once, done = cohort
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(one_by_one) == 12
    assert at_once == one_by_one
    totals = {learner: grades["total"] for learner, grades in one_by_one.items()}
    assert len(set(totals.values())) > 2  # the answers differ, and so do the scores
    assert totals["corrupt"] == totals["no-file"] == 0
    assert totals["added-cell"] == 0  # its cell did not run: it answered nothing


def test_it_says_how_far_it_has_got_and_what_it_did(cohort):
    _, _, done = cohort
    assert "12/12 graded" in done.stderr
    assert f"Graded 12 of 12 submission(s) of {AID}" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_graders_sharing_a_postgresql_gradebook_get_the_same_scores(
    cohort, handed_in, tmp_path, postgres_url
):
    """With the gradebook in PostgreSQL (as for several graders at once), does grading at once
    give what nbgrader gives one by one?"""
    import psycopg

    conninfo = postgres_url.replace("+psycopg", "")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS course_gradebook")
        conn.execute("CREATE DATABASE course_gradebook")
    url = postgres_url.rsplit("/", 1)[0] + "/course_gradebook"
    root = tmp_path / "autograder"
    shutil.copytree(handed_in, root)
    (root / "gradebook.db").unlink()
    with (root / "nbgrader_config.py").open("a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {url!r}\n")
    run_nbgrader(root, "generate_assignment", AID, "--force")  # into this gradebook
    done = course_grade(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (root / "gradebook.db").exists()
    assert gradebook(root, url) == cohort[0]


def test_an_assignment_not_released_or_not_handed_in_is_a_clear_message(built, tmp_path):
    root = tmp_path / "autograder"
    shutil.copytree(built / "autograder", root)
    for assignment, message in [
        ("risks_quiz", "No submissions of 'risks_quiz'"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "course", "grade", assignment, "--autograder", str(root)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 2 and message in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
    inside = subprocess.run(  # run from inside the course folder, without --autograder
        [sys.executable, "-m", "course", "grade", "risks_quiz"],
        capture_output=True, text=True, timeout=300, cwd=root,
    )  # fmt: skip
    assert inside.returncode == 2 and f"in {root.resolve() / 'submitted'}" in inside.stderr
    (root / "submitted" / "ann" / "risks_quiz").mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-m", "course", "grade", "risks_quiz", "--autograder", str(root)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 2 and "nbgrader generate_assignment risks_quiz" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_submission_nbgrader_cannot_read_is_named_with_why_and_the_rest_are_graded(
    handed_in, tmp_path
):
    """A notebook that is not JSON: is that learner listed with the reason, are the others
    graded, and does the gradebook end as `nbgrader autograde` leaves it?"""
    one, at_once = tmp_path / "one", tmp_path / "at-once"
    for root in (one, at_once):
        shutil.copytree(handed_in, root)
        (root / "submitted" / "learner03" / AID / f"{AID}.ipynb").write_text("{broken")
    nbgrader = subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", AID], cwd=one, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    done = course_grade(at_once)
    assert done.returncode == 1 and nbgrader.returncode != 0
    assert "learner03: not graded: NotJSONError: Notebook does not appear to be JSON" in done.stdout
    assert "Graded 11 of 12" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert gradebook(at_once) == gradebook(one)
