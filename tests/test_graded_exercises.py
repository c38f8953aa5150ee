"""The graded exercises through real nbgrader commands and a real formgrader in Chromium: the
moderation queue earns a mark per post rightly decided; the written record of concern reaches
formgrader with its rubric and with the automatic checks as the comment placeholder; the score a
trainer enters there reaches the export and the feedback, which never shows the rubric."""

from __future__ import annotations

import csv
import shutil

import nbformat
import pytest
from nbgrader.api import Gradebook

from course.grading import NOT_HANDED_IN
from course.model.exercise import ACTIONS
from course.pack import learner_key, load_pack
from course.responses import ResponseStore
from tests.browser import ARTIFACTS, jupyterlab_server
from tests.conftest import free_port, run_nbgrader

pytestmark = pytest.mark.slow

QUEUE, QUEUE_SLOT = "communities_quiz", "comm_quiz_queue"
RECORD, RECORD_SLOT = "responding_quiz", "resp_quiz_record"
GOOD_RECORD = (
    'On Wednesday 11 March 2026 at about 6.40pm, after homework club, Kezia (12) said: "My '
    "brother's friend said he'll put my picture on the group chat if I don't send him more.\" "
    "She asked me not to tell her mum. I said I could not keep it secret and would pass it on "
    "to someone whose job is to help. At 7.05pm I phoned Jordan Hale, the safeguarding lead, and "
    "told them what Kezia said. Written by Sam Okafor, homework club volunteer."
)
POOR_RECORD = "Kezia was obviously upset. I promised I would not tell anyone. <script>x</script>"


def wrong(action: str) -> str:
    return next(a for a in ACTIONS if a != action)


@pytest.fixture(scope="module")
def course_dir(built, tmp_path_factory):
    """Three learners hand in both quizzes; autograde runs."""
    root = tmp_path_factory.mktemp("graded-exercises")
    shutil.copytree(built / "autograder", root, dirs_exist_ok=True)
    pack = load_pack(root / "pack")
    queue = pack.assessment(QUEUE).slot(QUEUE_SLOT).items[0]
    right = {p.id: p.correct for p in queue.posts}
    for assignment in (QUEUE, RECORD):
        run_nbgrader(root, "generate_assignment", assignment, "--force")
    cohort = {
        "amara": (right, GOOD_RECORD),
        "ben": ({**right, **{p: wrong(a) for p, a in list(right.items())[:2]}}, POOR_RECORD),
        "cleo": ({}, None),
    }
    for learner, (decisions, record) in cohort.items():
        for assignment in (QUEUE, RECORD):
            folder = root / "submitted" / learner / assignment
            shutil.copytree(root / "release" / assignment, folder)
            store = ResponseStore(folder)
            for slot, answer in learner_key(pack, assignment, learner).items():
                if slot not in (QUEUE_SLOT, RECORD_SLOT) and learner != "cleo":
                    store.save(slot, answer)
            if assignment == QUEUE and decisions:
                store.save(QUEUE_SLOT, [f"{p}_{a}" for p, a in decisions.items()])
            if assignment == RECORD and record:
                store.save(RECORD_SLOT, record)
        run_nbgrader(root, "autograde", QUEUE, "--student", learner)
        run_nbgrader(root, "autograde", RECORD, "--student", learner)
    return root


def grade(root, assignment: str, slot: str, learner: str):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        g = gb.find_grade(slot, assignment, assignment, learner)
        comment = None
        if slot == RECORD_SLOT:  # only written answers have a comment
            comment = gb.find_comment(slot, assignment, assignment, learner).auto_comment
        return g.auto_score, g.needs_manual_grade, comment, g.id, g.notebook.id


def test_the_queue_earns_a_mark_per_post(course_dir):
    """Does the graded queue give 6 of 6, 4 of 6 (two posts decided wrongly) and 0 with no
    decisions, as partial credit in nbgrader's gradebook?"""
    assert grade(course_dir, QUEUE, QUEUE_SLOT, "amara")[0] == 6
    assert grade(course_dir, QUEUE, QUEUE_SLOT, "ben")[0] == 4
    assert grade(course_dir, QUEUE, QUEUE_SLOT, "cleo")[0] == 0


def test_written_answers_wait_for_a_trainer_with_the_checks_as_comment(course_dir):
    """Is the record left for manual marking, with the automatic checks as the placeholder?"""
    score, needs_manual, comment, *_ = grade(course_dir, RECORD, RECORD_SLOT, "amara")
    assert score is None and needs_manual
    assert "✔ The child's own words are quoted" in comment
    assert "✘" not in comment
    _, _, poor, *_ = grade(course_dir, RECORD, RECORD_SLOT, "ben")
    assert "✘ Facts, not opinions" in poor and "✘ No promise of secrecy" in poor
    assert "✘ The child's own words are quoted" in poor
    assert grade(course_dir, RECORD, RECORD_SLOT, "cleo")[2] == NOT_HANDED_IN  # nothing saved


def test_the_release_holds_no_rubric(course_dir):
    """Does the learner's released notebook hold the task but not its mark scheme?"""
    nb = (course_dir / "release" / RECORD / f"{RECORD}.ipynb").read_text()
    assert "marked by your trainer" in nb
    assert "MARK SCHEME" not in nb and "Give no mark" not in nb


def test_formgrader_shows_answer_and_rubric_and_the_trainers_score_reaches_export(
    course_dir, browser, tmp_path
):
    """In a real formgrader, does the trainer see the learner's record (as text, not HTML),
    the rubric and the checks as the comment placeholder; and does the score they type there
    reach `nbgrader export` and the learner's feedback, which shows no rubric?"""
    *_, grade_id, submission = grade(course_dir, RECORD, RECORD_SLOT, "ben")
    port = free_port()
    with jupyterlab_server(course_dir, port, tmp_path / "lab.log") as base:
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        page.goto(f"{base}/formgrader/submissions/{submission}/")
        page.locator(f"input.score#{RECORD_SLOT}").wait_for(timeout=60_000)
        text = page.inner_text("body")
        assert "Kezia was obviously upset" in text and "<script>x</script>" in text
        assert "Give no mark for a point that is missing" in text  # the rubric
        comment = page.locator(f"#{RECORD_SLOT}-comment")
        assert "✘ No promise of secrecy" in comment.get_attribute("placeholder")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / "exercise-formgrader-record.png", full_page=True)
        score = page.locator(f"input.score#{RECORD_SLOT}")
        score.fill("2")
        score.press("Tab")
        with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
            for _ in range(50):
                if gb.find_grade_by_id(grade_id).manual_score == 2:
                    break
                page.wait_for_timeout(200)
            assert gb.find_grade_by_id(grade_id).manual_score == 2
        page.close()
    run_nbgrader(course_dir, "generate_feedback", RECORD)
    run_nbgrader(course_dir, "export")
    with open(course_dir / "grades.csv", newline="") as f:
        rows = {
            (r["student_id"], r["assignment"]): r for r in csv.DictReader(f) if r["assignment"]
        }
    pack = load_pack(course_dir / "pack")
    choice_marks = pack.assessment(RECORD).max_points - 5
    assert float(rows[("ben", RECORD)]["score"]) == choice_marks + 2
    assert float(rows[("amara", RECORD)]["score"]) == choice_marks  # not marked yet
    feedback = next((course_dir / "feedback" / "ben" / RECORD).glob("*.html")).read_text()
    assert "Kezia was obviously upset" in feedback
    assert "Give no mark" not in feedback and "MARK SCHEME" not in feedback
    assert "<script>x</script>" not in feedback


def test_autograded_notebook_holds_the_answer_once(course_dir):
    """Does the autograded notebook carry the learner's text, escaped, in the task cell?"""
    nb = nbformat.read(course_dir / "autograded" / "ben" / RECORD / f"{RECORD}.ipynb", 4)
    task = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("task"))
    assert "&lt;script&gt;x&lt;/script&gt;" in task.source and "<script>" not in task.source
    assert "BEGIN MARK SCHEME" in task.source
