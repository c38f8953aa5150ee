"""A learner trying to cheat autograde, with real nbgrader commands: extra cells that replace the
grading helper, read the grading through an IPython hook, print into the feedback, write into
another learner's folder, or change a locked cell. Each scores 0 (none of them saved an answer),
nobody else's score moves, nothing they added runs or reaches the feedback, and the trainer is
told who handed in such cells."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from course.render import answer_key
from course.responses import ResponseStore
from tests.conftest import run_nbgrader

pytestmark = pytest.mark.slow


def right(entry: dict) -> str | list[str]:
    return entry["correct"] if len(entry["correct"]) > 1 else entry["correct"][0]


def cheat_cells(marker: Path, quiz_id: str) -> dict[str, str]:
    """Code a learner could add; each also leaves ``marker`` behind if it ever runs."""
    touch = f"open({str(marker)!r}, 'a').write('ran\\n')\n"
    return {
        "monkeypatch": touch + (
            "import course.grading as g\n"
            "g.scored_elsewhere = lambda *a, **k: None\n"
            "g.score = lambda *a, **k: None\n"
        ),
        "hook": touch + (
            "def steal(info):\n"
            "    open('responses.json', 'a').write(info.raw_cell)\n"
            "get_ipython().events.register('pre_run_cell', steal)\n"
        ),
        "printer": touch + "print('LEAKED-' + open(__file__ if '__file__' in dir() else "
        "'responses.json').read())\n",
        "vandal": touch + (
            "import json, pathlib\n"
            f"p = pathlib.Path('../../honest/{quiz_id}/responses.json')\n"
            "p.write_text(json.dumps({}))\n"
        ),
    }


def add_cell(path: Path, source: str, where: int = 0) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(where, new_code_cell(source))
    nbformat.write(nb, path)


def alter_locked_cell(path: Path) -> None:
    """Change the first grade cell's source and give it more points."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            cell.source = "pass  # full marks please"
            meta["points"] = 100
            break
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def cheated(built, tmp_path_factory, module):
    quiz = module.quiz
    root = tmp_path_factory.mktemp("cheats")
    shutil.copytree(built / "autograder", root, dirs_exist_ok=True)
    run_nbgrader(root, "generate_assignment", quiz.id, "--force")
    release = root / "release" / quiz.id / f"{quiz.id}.ipynb"
    key = answer_key(quiz)
    marker = root / "cheat-ran.txt"
    learners = ["honest", "altered", *cheat_cells(marker, quiz.id)]
    for learner in learners:
        folder = root / "submitted" / learner / quiz.id
        folder.mkdir(parents=True)
        shutil.copy(release, folder)
    store = ResponseStore(root / "submitted" / "honest" / quiz.id)
    for q, entry in key.items():
        store.save(q, right(entry))
    for learner, source in cheat_cells(marker, quiz.id).items():
        add_cell(root / "submitted" / learner / quiz.id / f"{quiz.id}.ipynb", source)
    alter_locked_cell(root / "submitted" / "altered" / quiz.id / f"{quiz.id}.ipynb")
    result = run_nbgrader(root, "autograde", quiz.id)
    run_nbgrader(root, "generate_feedback", quiz.id)
    run_nbgrader(root, "export")
    return root, quiz, marker, result.stdout + result.stderr


def test_every_cheat_scores_zero_and_the_honest_learner_full_marks(cheated):
    root, quiz, _, _ = cheated
    with open(root / "grades.csv", newline="") as f:
        got = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert got.pop("honest") == quiz.max_points
    assert got == {name: 0.0 for name in got} and len(got) == 5


def test_nothing_a_learner_added_ran(cheated):
    root, quiz, marker, _ = cheated
    assert not marker.exists()
    answers = json.loads((root / "submitted" / "honest" / quiz.id / "responses.json").read_text())
    assert answers  # the vandal's cell did not empty the honest learner's answers


def test_feedback_holds_nothing_the_learner_added_and_no_grading_code(cheated):
    root, quiz, _, _ = cheated
    for learner in ["monkeypatch", "hook", "printer", "vandal", "altered"]:
        html = (root / "feedback" / learner / quiz.id / f"{quiz.id}.html").read_text()
        for text in ["LEAKED", "steal", "get_ipython", "full marks please", "import course"]:
            assert text not in html, (learner, text)
        assert "Traceback (most recent call last)" not in html


def test_the_trainer_is_told_who_handed_in_changed_cells(cheated):
    root, quiz, _, log = cheated
    with open(root / "reports" / "altered-cells.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert set(rows) == {"monkeypatch", "hook", "printer", "vandal", "altered"}
    assert rows["monkeypatch"]["added"] == "1" and rows["altered"]["changed"] == "1"
    assert all(r["assignment"] == quiz.id for r in rows.values())
    assert "monkeypatch handed in" in log


def test_plain_nbgrader_without_the_course_settings_gives_no_marks(built, tmp_path, module):
    """Run autograde with nbgrader's own preprocessors (as if the config were lost): the grade
    cells fail rather than hand out marks for nothing."""
    quiz = module.quiz
    root = tmp_path / "plain"
    shutil.copytree(built / "autograder", root)
    (root / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.course_id = "plain"\n'
    )
    run_nbgrader(root, "generate_assignment", quiz.id, "--force")
    folder = root / "submitted" / "someone" / quiz.id
    folder.mkdir(parents=True)
    shutil.copy(root / "release" / quiz.id / f"{quiz.id}.ipynb", folder)
    run_nbgrader(root, "autograde", quiz.id)
    run_nbgrader(root, "export")
    with open(root / "grades.csv", newline="") as f:
        assert [float(r["score"]) for r in csv.DictReader(f)] == [0.0]
