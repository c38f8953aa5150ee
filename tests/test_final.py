"""The final assessment through real nbgrader commands, with learners on different papers: each
scored exactly on their own paper, one learner's right answers scoring below full marks on
another's, a pattern of letters scoring 0, pass or fail in the feedback and in the export."""

from __future__ import annotations

import csv
import json
import shutil
from html import escape

import nbformat
import pytest

from course.pack import learner_item, learner_key, load_pack
from course.paper import PAPER_FILE, learner_paper
from course.responses import RESPONSES_FILE, ResponseStore
from tests.conftest import run_nbgrader

pytestmark = pytest.mark.slow
FINAL = "final_assessment"


def wrong_on(pack, learner: str, slot_id: str):
    final = pack.assessment(FINAL)
    item = learner_item(pack, final, final.slot(slot_id), learner)
    wrong = [o for o in item.option_ids if o not in item.correct_ids]
    return wrong[:1] if item.kind == "multiple" else wrong[0]


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("final")
    shutil.copytree(built / "autograder", root, dirs_exist_ok=True)
    pack = load_pack(root / "pack")
    final = pack.assessment(FINAL)
    run_nbgrader(root, "generate_assignment", FINAL, "--force")
    release = root / "release" / FINAL
    slots = [s.id for s in final.slots]
    alice = learner_key(pack, FINAL, "alice")
    bob = learner_key(pack, FINAL, "bob")
    for s in slots[:5]:  # five wrong: below the pass mark
        bob[s] = wrong_on(pack, "bob", s)
    pattern = {s.id: ["a", "b", "c"] if s.kind == "multiple" else "b" for s in final.slots}
    cohort = {
        "alice": alice,
        "bob": bob,
        "carol": alice,  # hands in alice's answers
        "dave": pattern,
        "erin": None,
    }
    for learner, answers in cohort.items():
        folder = root / "submitted" / learner / FINAL
        shutil.copytree(release, folder)
        if answers is not None:
            store = ResponseStore(folder)
            for slot, answer in answers.items():
                store.save(slot, answer)
    # a learner who claims a variant and edits their paper: neither is trusted
    (root / "submitted" / "dave" / FINAL / PAPER_FILE).write_text('{"forged": true}')
    run_nbgrader(root, "autograde", FINAL)
    run_nbgrader(root, "generate_feedback", FINAL)
    run_nbgrader(root, "export")
    with open(root / "grades.csv", newline="") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == FINAL}
    return root, pack, rows


def test_each_learner_is_scored_on_their_own_paper(graded):
    root, pack, rows = graded
    total = pack.assessment(FINAL).max_points
    assert float(rows["alice"]["score"]) == total
    assert float(rows["carol"]["score"]) < total  # alice's right answers on carol's paper
    assert float(rows["dave"]["score"]) == 0.0
    assert float(rows["erin"]["score"]) == 0.0
    assert 0 < float(rows["bob"]["score"]) < 0.8 * total


def test_export_has_pass_or_fail_and_the_pack(graded):
    _, pack, rows = graded
    assert rows["alice"]["passed"] == "yes" and rows["bob"]["passed"] == "no"
    assert rows["carol"]["pass_mark"] == "0.8"
    assert {r["pack"] for r in rows.values()} == {pack.label}


def test_feedback_shows_the_learners_own_paper_and_result(graded):
    root, pack, _ = graded
    form = json.loads((root / "source" / FINAL / PAPER_FILE).read_text())
    for learner, verdict in [("alice", "You have passed."), ("bob", "You have not passed yet.")]:
        html = (root / "feedback" / learner / FINAL / f"{FINAL}.html").read_text()
        assert verdict in html and pack.label in html
        paper = learner_paper(form, learner)
        assert html.count("Your answer:") == len(paper.questions)
        key = learner_key(pack, FINAL, learner)
        for q in paper.questions:  # their own paper's options, and (alice) their own answers
            given = key[q.id] if isinstance(key[q.id], list) else [key[q.id]]
            if learner == "alice":
                for o in q.options:
                    if o.id in given:
                        assert escape(o.text) in html or o.text in html, (q.id, o.id)
        assert "Traceback (most recent call last)" not in html
        for slot in pack.assessment(FINAL).slots:
            for item in slot.items:
                for o in item.options:
                    assert escape(o.feedback) not in html


def test_release_holds_the_public_form_and_no_key(graded):
    root, pack, _ = graded
    release = root / "release" / FINAL
    text = (release / f"{FINAL}.ipynb").read_text() + (release / PAPER_FILE).read_text()
    assert '"correct"' not in text and '"feedback"' not in text
    nb = nbformat.read(release / f"{FINAL}.ipynb", as_version=4)
    grade_cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(grade_cells) == len(pack.assessment(FINAL).slots) >= 20
    assert not (release / RESPONSES_FILE).exists()


def test_grading_with_another_pack_than_the_papers_were_drawn_from_is_refused(
    graded, tmp_path, monkeypatch
):
    root, pack, _ = graded
    other = tmp_path / "other-pack"
    shutil.copytree(root / "pack", other)
    text = (other / "pack.yaml").read_text()
    (other / "pack.yaml").write_text(text.replace(f'version: "{pack.version}"', 'version: "9"'))
    monkeypatch.setenv("COURSE_PACK", str(other))
    with pytest.raises(RuntimeError) as err:
        run_nbgrader(root, "autograde", FINAL, "--student", "alice", "--force")
    assert f"drawn from pack {pack.label} but grading would use course-public@9" in str(err.value)
