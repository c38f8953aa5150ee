"""Is the build repeatable, are the committed pages current, are the nbgrader sources equal to
their goldens, and is the answer key printed as promised?"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.render import build, course_pack, outputs, pictures, stale
from tests.conftest import GOLDENS, REPO


def repo_outputs(course) -> dict[Path, str]:
    """What `python -m course build` writes here: the content with the repository's pack."""
    return outputs(course, course_pack(REPO))


SOURCE = Path("autograder/source")


def run_course(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_committed_pages_are_current():
    """Are the learner notebooks, pictures and generated documents committed in the repository
    exactly what a fresh build gives (`python -m course build --check`)?"""
    result = run_course("build", "--check", "--root", str(REPO))
    assert result.returncode == 0, result.stderr
    committed = {p.name for p in (REPO / "notebooks").glob("*.ipynb")}
    assert committed == {"welcome.ipynb", "risks.ipynb", "policies.ipynb", "privacy.ipynb",
                         "communities.ipynb", "livestreaming.ipynb", "recording.ipynb",
                         "responding.ipynb", "home.ipynb", "course.ipynb", "final.ipynb",
                         "mydata.ipynb"}  # fmt: skip


def test_building_twice_gives_identical_bytes(tmp_path):
    """Does `python -m course build` write byte-identical files every time, pictures included?"""
    first, second = tmp_path / "one", tmp_path / "two"
    for root in (first, second):
        root.mkdir()
        assert run_course("build", "--root", str(root)).returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert any(f.suffix == ".png" for f in files) and any(f.suffix == ".ipynb" for f in files)
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_check_reports_stale_pages_pictures_and_orphans(tmp_path, course):
    """Does `build --check` pass on a fresh build, and fail for an edited page or nbgrader source,
    a picture drawn from other data and a page no content builds (but not for an nbgrader source
    that was never built, as on a fresh clone); does a rebuild mend them all?"""
    build(course, tmp_path)
    assert run_course("build", "--check", "--root", str(tmp_path)).returncode == 0
    nb = tmp_path / "notebooks" / "communities.ipynb"
    nb.write_text(nb.read_text().replace("Online communities", "Old title", 1))
    source = tmp_path / "autograder" / "source" / "risks_quiz" / "risks_quiz.ipynb"
    edited = source.read_text().replace("widgets", "gadgets", 1)
    assert edited != source.read_text()
    source.write_text(edited)
    shutil.rmtree(tmp_path / "autograder" / "source" / "privacy_quiz")  # never committed
    picture = tmp_path / next(iter(pictures(course)))
    other = tmp_path / "notebooks" / "images" / "elsewhere.png"
    shutil.copy(next(p for p in (tmp_path / "notebooks" / "images").glob("*.png") if p != picture),
                picture)  # fmt: skip
    shutil.copy(picture, other)
    (tmp_path / "notebooks" / "old_module.ipynb").write_text("{}")
    result = run_course("build", "--check", "--root", str(tmp_path))
    assert result.returncode == 1
    assert "privacy_quiz" not in result.stderr
    for rel in ("notebooks/communities.ipynb", "autograder/source/risks_quiz/risks_quiz.ipynb",
                str(picture.relative_to(tmp_path)),
                "notebooks/images/elsewhere.png", "notebooks/old_module.ipynb"):  # fmt: skip
        assert f"stale or missing: {rel}" in result.stderr, rel
    assert run_course("build", "--root", str(tmp_path)).returncode == 0
    assert stale(course, tmp_path) == []
    assert not other.exists() and not (tmp_path / "notebooks" / "old_module.ipynb").exists()


def test_an_unchanged_picture_is_not_redrawn(tmp_path, course):
    """Does a rebuild leave a current picture's bytes alone (so a different matplotlib version
    does not churn the committed images)?"""
    build(course, tmp_path)
    picture = tmp_path / next(iter(pictures(course)))
    picture.write_bytes(picture.read_bytes() + b"")  # same bytes, new mtime
    before = picture.stat().st_mtime_ns
    build(course, tmp_path)
    assert picture.stat().st_mtime_ns == before


def test_goldens(course, request):
    """Are the nbgrader source notebooks equal to tests/goldens (`pytest --update-goldens`
    rewrites them)? The learner pages need no golden: they are committed in notebooks/."""
    sources = {rel: text for rel, text in repo_outputs(course).items() if SOURCE in rel.parents}
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(GOLDENS, ignore_errors=True)
        for rel, text in sources.items():
            (GOLDENS / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDENS / rel).write_text(text)
    golden = {p.relative_to(GOLDENS) for p in GOLDENS.rglob("*") if p.is_file()}
    assert golden == set(sources)
    for rel, text in sources.items():
        assert (GOLDENS / rel).read_text() == text, rel


def test_one_notebook_per_module_and_one_assignment_per_quiz(course):
    """Does the build produce a learner notebook per module and an nbgrader source per quiz?"""
    names = {str(p) for p in repo_outputs(course)}
    for module in course.modules.values():
        assert f"notebooks/{module.id}.ipynb" in names
        if module.quiz:
            assert f"autograder/source/{module.quiz.id}/{module.quiz.id}.ipynb" in names
    assert len(course.quizzes) == len(course.modules) - 1  # every module but the welcome


def test_assignment_cells_are_locked_grade_cells(course):
    """Is each graded question a locked grade cell with its points and no key anywhere?"""
    for _, quiz in course.quizzes:
        text = repo_outputs(course)[SOURCE / quiz.id / f"{quiz.id}.ipynb"]
        nb = nbformat.reads(text, as_version=4)
        grade_cells = {
            c.metadata.nbgrader["grade_id"]: c
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")
        }
        written = [q for q in quiz.questions if q.kind == "written"]
        assert set(grade_cells) == {q.id for q in quiz.questions if q.kind != "written"}
        for q in quiz.questions:
            if q.kind == "written":  # a locked task cell, marked by a trainer
                task = next(c for c in nb.cells if c.metadata.nbgrader["grade_id"] == q.id)
                assert task.metadata.nbgrader["task"] and task.metadata.nbgrader["points"]
                assert "=== BEGIN MARK SCHEME ===" in task.source
                continue
            cell = grade_cells[q.id]
            meta = cell.metadata.nbgrader
            assert meta["locked"] and meta["points"] == q.points and not meta["solution"]
            assert cell.source.rstrip().endswith("scored_elsewhere()")
            assert "HIDDEN" not in text
            if q.kind != "moderation":
                assert repr(q.correct_ids) not in text
        assert quiz.id != "responding_quiz" or written
        for cell in nb.cells:
            assert cell.metadata["nbgrader"]["locked"]


def test_key_command_prints_the_answer_key(course):
    """Does `python -m course key` print {question: correct option id or ids} for each quiz?"""
    for _, quiz in course.quizzes:
        result = run_course("key", quiz.id)
        assert result.returncode == 0, result.stderr
        key = json.loads(result.stdout)
        assert list(key) == [q.id for q in quiz.questions]
        for q in quiz.questions:
            if q.kind == "moderation":
                assert key[q.id] == {p.id: p.correct for p in q.posts}
            elif q.kind == "written":
                assert key[q.id] == q.rubric
            else:
                assert key[q.id] == (q.correct_ids if q.kind == "multiple" else q.correct_ids[0])


def test_key_command_names_unknown_assignment():
    """Does asking for an unknown assignment give a readable error and exit 2?"""
    result = run_course("key", "nope")
    assert result.returncode == 2 and "no assignment 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_learner_pages_hide_code_and_hold_no_quiz_key(course):
    """Does every learner page collapse its code and hold no graded option's feedback?"""
    for module in course.modules.values():
        nb = nbformat.reads(
            repo_outputs(course)[Path(f"notebooks/{module.id}.ipynb")], as_version=4
        )
        text = json.dumps(nb)
        for q in module.graded:
            for o in getattr(q, "options", []):
                assert o.feedback not in text, q.id
            if q.kind == "written":
                assert q.rubric not in text, q.id
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.metadata["jupyter"]["source_hidden"] is True


def test_pages_link_in_course_order(course):
    """Does each page say where it sits in the course and link to the next module?"""
    ids = list(course.modules)
    for number, mid in enumerate(ids, start=1):
        nb = nbformat.reads(repo_outputs(course)[Path(f"notebooks/{mid}.ipynb")], as_version=4)
        first, last = nb.cells[0].source, nb.cells[-1].source
        assert f"Module {number} of {len(ids)}" in first
        if number < len(ids):
            assert f"({ids[number]}.ipynb)" in last
        else:
            assert "last module" in last


@pytest.mark.parametrize("module_id", ["communities", "responding"])
def test_content_note_opens_the_page(course, module_id):
    """Does a module with a content note show it in its first cell, before any lesson?"""
    module = course.module(module_id)
    assert module.content_note
    nb = nbformat.reads(repo_outputs(course)[Path(f"notebooks/{module_id}.ipynb")], as_version=4)
    assert "**Content note.**" in nb.cells[0].source
