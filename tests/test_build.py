"""Is the build repeatable, equal to the goldens, and is the answer key printed as promised?"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.render import build, outputs, stale
from tests.conftest import GOLDENS


def run_course(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_building_twice_gives_identical_bytes(tmp_path):
    """Does `python -m course build` write byte-identical files every time?"""
    first, second = tmp_path / "one", tmp_path / "two"
    for root in (first, second):
        root.mkdir()
        assert run_course("build", "--root", str(root)).returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files, "nothing was built"
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_check_reports_stale_files(tmp_path, course):
    """Does `build --check` pass on a fresh build and fail once a built file is edited?"""
    build(course, tmp_path)
    assert run_course("build", "--check", "--root", str(tmp_path)).returncode == 0
    nb = tmp_path / "notebooks" / "communities.ipynb"
    nb.write_text(nb.read_text().replace("Online communities", "Old title", 1))
    result = run_course("build", "--check", "--root", str(tmp_path))
    assert result.returncode == 1
    assert "notebooks/communities.ipynb" in result.stderr


def test_goldens(course, request):
    """Is the build equal to the goldens in tests/goldens (`pytest --update-goldens` rewrites)?"""
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(GOLDENS, ignore_errors=True)
        build(course, GOLDENS)
    assert stale(course, GOLDENS) == []


def test_one_notebook_per_module_and_one_assignment_per_quiz(course):
    """Does the build produce a learner notebook per module and an nbgrader source per quiz?"""
    names = {str(p) for p in outputs(course)}
    for module in course.modules.values():
        assert f"notebooks/{module.id}.ipynb" in names
        assert f"autograder/source/{module.quiz.id}/{module.quiz.id}.ipynb" in names


def test_assignment_cells_are_locked_grade_cells(course):
    """Is each graded question a locked grade cell with its points, its key only in hidden tests?"""
    module = course.module("communities")
    text = outputs(course)[Path(f"autograder/source/{module.quiz.id}/{module.quiz.id}.ipynb")]
    nb = nbformat.reads(text, as_version=4)
    grade_cells = {
        c.metadata.nbgrader["grade_id"]: c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade")
    }
    assert set(grade_cells) == {q.id for q in module.quiz.questions}
    for q in module.quiz.questions:
        cell = grade_cells[q.id]
        meta = cell.metadata.nbgrader
        assert meta["locked"] and meta["points"] == q.points and not meta["solution"]
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
        assert repr(q.correct_ids) in hidden
    for cell in nb.cells:
        assert cell.metadata["nbgrader"]["locked"]


def test_key_command_prints_the_answer_key(course):
    """Does `python -m course key` print {id: {options, correct, points}} for every question?"""
    result = run_course("key", "communities_quiz")
    assert result.returncode == 0, result.stderr
    key = json.loads(result.stdout)
    quiz = course.module("communities").quiz
    assert list(key) == [q.id for q in quiz.questions]
    for q in quiz.questions:
        assert key[q.id] == {"options": q.option_ids, "correct": q.correct_ids, "points": q.points}


def test_key_command_names_unknown_assignment():
    """Does asking for an unknown assignment give a readable error and exit 2?"""
    result = run_course("key", "nope")
    assert result.returncode == 2 and "no assignment 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", ["notebooks/communities.ipynb"])
def test_learner_notebook_hides_code_and_has_no_quiz_key(course, path):
    """Does the learner notebook collapse its code and hold no graded key or feedback?"""
    nb = nbformat.reads(outputs(course)[Path(path)], as_version=4)
    text = json.dumps(nb)
    for q in course.module("communities").quiz.questions:
        for o in q.options:
            assert o.feedback not in text
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.metadata["jupyter"]["source_hidden"] is True
