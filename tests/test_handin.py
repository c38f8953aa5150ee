"""Handing in by download: the zip's naming against nbgrader's collector, the download link in a
learner's page, and zips from a cohort imported with real `nbgrader zip_collect` and graded with
`nbgrader autograde` to the scores their answers earn, for a module quiz and the final
assessment (where every learner sits their own paper)."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

from course.handin import NAMED_REGEXP, VALID_EXT, submission_zip, zip_name
from course.learner import LEARNER_ENV, SIGN_IN_ENV, current_session
from course.pack import learner_item, learner_key, load_pack
from course.paper import PAPER_FILE
from course.responses import RESPONSES_FILE
from course.widgets.submission import LABEL, handin, submission_link
from tests.conftest import REPO, run_nbgrader

QUIZ, OTHER, FINAL = "risks_quiz", "policies_quiz", "final_assessment"
EARLY = datetime(2026, 11, 20, 9, 0, 0, tzinfo=UTC)
LATE = datetime(2026, 11, 20, 10, 15, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def pack():
    return load_pack(REPO / "autograder" / "pack")


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def collected_as(path: str) -> dict | None:
    """What nbgrader's FileNameCollectorPlugin reads from an extracted file's path."""
    match = re.match(NAMED_REGEXP, path)
    return match.groupdict() if match else None


# --- the zip and its naming ----------------------------------------------------------------------


def test_zip_holds_the_notebook_and_the_answers_under_learner_and_time():
    """Does the zip hold the assignment's notebook and exactly the answers, in a folder naming
    the assignment, the learner and the time?"""
    answers = {"risk_quiz_01": "x", "risk_quiz_02": ["a", "b"]}
    files = entries(submission_zip(QUIZ, "ana.b-1", answers, when=LATE))
    folder = f"{QUIZ}/ana.b-1/20261120T101530Z"
    assert sorted(files) == sorted([f"{folder}/{QUIZ}.ipynb", f"{folder}/{RESPONSES_FILE}"])
    assert json.loads(files[f"{folder}/{RESPONSES_FILE}"]) == answers
    nb = nbformat.reads(files[f"{folder}/{QUIZ}.ipynb"].decode(), as_version=4)
    assert nb.cells == []  # a minimal notebook: autograde puts the released cells back
    assert zip_name(QUIZ, "ana.b-1") == "risks_quiz-ana.b-1.zip"


@pytest.mark.parametrize("sep", ["/", "\\"])
def test_named_regexp_reads_learner_notebook_and_time_from_the_extracted_paths(sep):
    """Does the collector's pattern give nbgrader the learner, the file and the time of every
    file in the zip, wherever the course folder is and whatever the browser named the zip?"""
    base = sep.join(["", "home", "t", "my course", "downloaded", QUIZ, "extracted"])
    for zip_stem in [f"{QUIZ}-ana", f"{QUIZ}-ana (1)"]:
        for name in entries(submission_zip(QUIZ, "ana", {}, when=LATE)):
            info = collected_as(sep.join([base, zip_stem, *name.split("/")]))
            assert info is not None, name
            assert info["student_id"] == "ana"
            assert info["file_id"] == name.rsplit("/", 1)[1]
            assert info["timestamp"] == "20261120T101530Z"
            assert Path(name).suffix in VALID_EXT


def test_named_regexp_skips_other_assignments_and_unsafe_folders():
    """Is a zip of another assignment, or one naming '..' or a stray file, never collected?"""
    base = f"/c/downloaded/{QUIZ}/extracted/z"
    for name in entries(submission_zip(OTHER, "ana", {}, when=LATE)):
        assert collected_as(f"{base}/{name}") is None, name
    for path in [
        f"{base}/{QUIZ}/../20261120T101530Z/{RESPONSES_FILE}",
        f"{base}/{QUIZ}/ana/20261120T101530Z/{PAPER_FILE}",
        f"{base}/{QUIZ}/ana/20261120T101530Z/other.ipynb",
        f"{base}/{QUIZ}/ana/{RESPONSES_FILE}",
    ]:
        assert collected_as(path) is None, path


@pytest.mark.parametrize("learner", ["../bob", "a/b", ".hidden", "", "ana b"])
def test_unsafe_learner_ids_are_refused(learner):
    """Is a learner id that is not a safe folder name refused with a sentence?"""
    with pytest.raises(ValueError, match="cannot be used in a file name"):
        submission_zip(QUIZ, learner, {})


def test_answers_of_the_wrong_shape_are_refused():
    """Is an answer that grading could not read refused before it is handed in?"""
    with pytest.raises(ValueError, match="should be an option id or a list of ids"):
        submission_zip(QUIZ, "ana", {"risk_quiz_01": 3})


def test_the_learners_own_notebook_goes_in_when_given(tmp_path):
    """Is the learner's own copy of the notebook handed in when there is one?"""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("mine")])
    nbformat.write(nb, tmp_path / f"{FINAL}.ipynb")
    files = entries(submission_zip(FINAL, "ana", {}, tmp_path / f"{FINAL}.ipynb", LATE))
    got = nbformat.reads(files[f"{FINAL}/ana/20261120T101530Z/{FINAL}.ipynb"].decode(), 4)
    assert [c.source for c in got.cells] == ["mine"]


# --- the download link in a learner's page -------------------------------------------------------


@pytest.fixture
def learner(monkeypatch, store, built):
    """A learner signed in on the course's server, on a module page (notebooks/)."""
    store.ensure_learner("ana")
    monkeypatch.setenv(LEARNER_ENV, "ana")
    monkeypatch.setenv("COURSE_STORE", store.url)
    monkeypatch.chdir(built / "notebooks")
    current_session.cache_clear()
    yield current_session()
    current_session.cache_clear()


def link_zip(widget) -> tuple[str, dict[str, bytes]]:
    found = re.search(
        r'download="([^"]+)" href="data:application/zip;base64,([^"]+)"', widget.value
    )
    assert found, widget.value
    return found[1], entries(base64.b64decode(found[2]))


def test_link_holds_this_quizs_saved_answers_only(learner, pack):
    """Does the link download a zip of this learner's answers to this quiz, and none other?"""
    key = learner_key(pack, QUIZ, "ana")
    for q in list(key)[:3]:
        assert learner.record("answer", q, key[q]) is None
    learner.record("answer", "pol_quiz_01", "something")  # another quiz's answer
    widget = submission_link(QUIZ)
    name, files = link_zip(widget)
    assert name == "risks_quiz-ana.zip" and LABEL in widget.value
    assert "Send it to your trainer" in widget.value
    (responses,) = [v for k, v in files.items() if k.endswith(RESPONSES_FILE)]
    assert json.loads(responses) == {q: key[q] for q in list(key)[:3]}


def test_button_makes_the_link_from_answers_given_since_the_page_opened(learner, pack):
    """Does 'Prepare my submission' include an answer given after the page opened?"""
    box = handin(QUIZ)
    key = learner_key(pack, QUIZ, "ana")
    learner.record("answer", "risk_quiz_09", key["risk_quiz_09"])
    box.children[0].click()
    _, files = link_zip(box.children[1])
    (responses,) = [v for k, v in files.items() if k.endswith(RESPONSES_FILE)]
    assert json.loads(responses)["risk_quiz_09"] == key["risk_quiz_09"]


def test_no_answers_and_no_sign_in_give_one_sentence(learner, monkeypatch):
    """Does a learner with nothing to hand in, or not signed in, read why in one sentence?"""
    assert "nothing to hand in" in submission_link("privacy_quiz").value
    monkeypatch.delenv(LEARNER_ENV)
    monkeypatch.setenv(SIGN_IN_ENV, "required")
    current_session.cache_clear()
    text = submission_link(QUIZ).value
    assert "You are not signed in" in text and "data:" not in text
    assert "this page has no quiz called nope" in submission_link("nope").value


def test_assessment_page_hands_in_its_own_notebook_and_responses(built, tmp_path, monkeypatch):
    """On the final assessment's own notebook (JupyterLab, a hub), is responses.json beside it
    handed in with the learner's notebook, and is a corrupt file one sentence, no traceback?"""
    shutil.copytree(built / "autograder" / "source" / FINAL, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(LEARNER_ENV, raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "cy")
    (tmp_path / RESPONSES_FILE).write_text('{"final_risks_1": "x", "not_a_slot": "y"}')
    name, files = link_zip(submission_link(FINAL))
    assert name == "final_assessment-cy.zip"
    nb = next(v for k, v in files.items() if k.endswith(".ipynb"))
    own = nbformat.read(tmp_path / f"{FINAL}.ipynb", as_version=4)
    assert nbformat.reads(nb.decode(), as_version=4).cells == own.cells
    (responses,) = [v for k, v in files.items() if k.endswith(RESPONSES_FILE)]
    assert json.loads(responses) == {"final_risks_1": "x"}
    (tmp_path / RESPONSES_FILE).write_text("{broken")
    text = submission_link(FINAL).value
    assert "responses.json is not valid JSON" in text and "Traceback" not in text


# --- a cohort through real nbgrader --------------------------------------------------------------


def wrong_on(pack, assignment: str, learner: str, slot_id: str):
    a = pack.assessment(assignment)
    item = learner_item(pack, a, a.slot(slot_id), learner)
    wrong = [o for o in item.option_ids if o not in item.correct_ids]
    return wrong[:1] if item.kind == "multiple" else wrong[0]


def earned(pack, assignment: str, learner: str, answers: dict) -> float:
    """Marks the answers earn on this learner's paper: a slot's points when the answer is its
    key (a set of ids for multiple response), else none."""
    key = learner_key(pack, assignment, learner)

    def same(a, b) -> bool:
        return sorted(a) == sorted(b) if isinstance(b, list) else a == b

    slots = pack.assessment(assignment).slots
    return float(sum(s.points for s in slots if s.id in answers and same(answers[s.id], key[s.id])))


def corrupt(data: bytes) -> bytes:
    """The same zip with its responses.json damaged (a file broken on the way)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            broken = info.filename.endswith(RESPONSES_FILE)
            dst.writestr(info, b'{"half a file' if broken else src.read(info))
    return out.getvalue()


def cohort(pack, assignment: str) -> dict[str, dict]:
    """{learner: answers}: all right, partly right, another learner's right answers, none."""
    ids = [s.id for s in pack.assessment(assignment).slots]
    ana = learner_key(pack, assignment, "ana")
    ben = dict(learner_key(pack, assignment, "ben"))
    for s in ids[::3]:
        ben[s] = wrong_on(pack, assignment, "ben", s)
    return {"ana": ana, "ben": ben, "cy": ana, "dee": ana, "eve": {}}


def hand_in(root: Path, pack, assignment: str) -> dict[str, dict]:
    """Release, zips from the cohort in downloaded/, zip_collect, autograde; the answers given."""
    run_nbgrader(root, "generate_assignment", assignment, "--force")
    archive = root / "downloaded" / assignment / "archive"
    archive.mkdir(parents=True)
    given = cohort(pack, assignment)
    release = root / "release" / assignment / f"{assignment}.ipynb"
    for learner, answers in given.items():
        # ana hands in her own copy of the released notebook; the rest a minimal one
        notebook = release if learner == "ana" else None
        data = submission_zip(assignment, learner, answers, notebook, LATE)
        path = archive / zip_name(assignment, learner)
        path.write_bytes(corrupt(data) if learner == "dee" else data)
    # ben sent an all-wrong zip earlier; a browser saved the later one as "... (1).zip"
    wrong = {s: wrong_on(pack, assignment, "ben", s) for s in given["ben"]}
    (archive / zip_name(assignment, "ben")).rename(archive / f"{assignment}-ben (1).zip")
    early = submission_zip(assignment, "ben", wrong, when=EARLY)
    (archive / zip_name(assignment, "ben")).write_bytes(early)
    # a zip of another assignment, sent to the wrong place: never graded as this one
    (archive / "stray.zip").write_bytes(submission_zip(OTHER, "zed", {}, when=LATE))
    run_nbgrader(root, "zip_collect", assignment)
    run_nbgrader(root, "autograde", assignment)
    return given


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory, pack):
    """{assignment: (course folder, answers given)}. Each assignment has its own copy of the
    course folder (and gradebook), so the two run side by side on two cores."""
    roots = {}
    for a in (QUIZ, FINAL):
        roots[a] = tmp_path_factory.mktemp(f"handin-{a}")
        shutil.copytree(built / "autograder", roots[a], dirs_exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {a: pool.submit(hand_in, roots[a], pack, a) for a in roots}
        return {a: (roots[a], f.result()) for a, f in futures.items()}


@pytest.mark.slow
@pytest.mark.parametrize("assignment", [QUIZ, FINAL])
def test_zips_are_collected_and_graded_to_what_the_answers_earn(graded, pack, assignment):
    """Is each learner's zip collected under their id and graded to exactly the marks their
    answers earn on their own paper (the newest zip of two, zero for a broken file or none)?"""
    from nbgrader.api import Gradebook

    root, answers = graded[assignment]
    expected = {who: earned(pack, assignment, who, answers[who]) for who in answers}
    expected["dee"] = 0.0  # the file was broken
    total = float(pack.assessment(assignment).max_points)
    assert expected["ana"] == total and 0 < expected["ben"] < total and expected["eve"] == 0
    if assignment == FINAL:
        assert expected["cy"] < total  # ana's answers do not fit cy's paper
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        got = {s.student.id: s.score for s in gb.assignment_submissions(assignment)}
    assert got == expected
    for who in answers:
        folder = root / "submitted" / who / assignment
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [f"{assignment}.ipynb", RESPONSES_FILE, "timestamp.txt"]
        )
    assert (
        (root / "submitted" / "ben" / assignment / "timestamp.txt")
        .read_text()
        .startswith("2026-11-20 10:15:30")
    )
    assert not (root / "submitted" / "zed").exists()
    report_file = root / "reports" / "altered-cells.csv"
    report = report_file.read_text() if report_file.is_file() else ""
    assert f"{assignment},ana," not in report  # her copy of the release is what was released
    assert f"{assignment},ben," not in report  # a notebook with no cells holds nothing to run
