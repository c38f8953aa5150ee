"""Grades for an LMS or HR system: `nbgrader export --exporter=course.export.LearnerExport` writes
one row per learner, with each module quiz's score, the final assessment's, pass or fail and a
certificate token that `course verify` accepts, the same token at every export; and only for a
learner who handed in every quiz and passed."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.certificate import SELF_STUDY, verify
from course.pack import learner_item, learner_key, load_pack
from course.responses import ResponseStore
from course.signing import key_path, public_key_text
from tests.conftest import run_nbgrader

pytestmark = pytest.mark.slow
FINAL = "final_assessment"
EXPORT = ["export", "--exporter=course.export.LearnerExport", "--to", "learners.csv"]


def wrong(pack, aid: str, learner: str, slot) -> str | list[str]:
    item = learner_item(pack, pack.assessment(aid), slot, learner)
    ids = [o for o in item.option_ids if o not in item.correct_ids]
    return ids[:1] if item.kind == "multiple" else ids[0]


def hand_in(root: Path, pack, aid: str, learner: str, right: bool) -> None:
    folder = root / "submitted" / learner / aid
    shutil.copytree(root / "release" / aid, folder)
    store, key = ResponseStore(folder), learner_key(pack, aid, learner)
    for slot in pack.assessment(aid).slots:
        if slot.kind in ("single", "multiple"):
            store.save(slot.id, key[slot.id] if right else wrong(pack, aid, learner, slot))


def export(root: Path) -> dict[str, dict]:
    run_nbgrader(root, *EXPORT)
    with open(root / "learners.csv", newline="", encoding="utf-8") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


@pytest.fixture(scope="module")
def graded(built, tmp_path_factory):
    """Every quiz and the final released and graded: `ann` hands in everything right, `ben`
    everything but fails the final, `cal` passes the final but skips one module's quiz."""
    root = tmp_path_factory.mktemp("export")
    shutil.copytree(built / "autograder", root, dirs_exist_ok=True)
    pack = load_pack(root / "pack")
    quizzes = [a for a in pack.assessments if a != FINAL]
    skipped = quizzes[-1]
    for aid in [*quizzes, FINAL]:
        run_nbgrader(root, "generate_assignment", aid, "--force")
        hand_in(root, pack, aid, "ann", right=True)
        hand_in(root, pack, aid, "ben", right=aid != FINAL)
        if aid != skipped:
            hand_in(root, pack, aid, "cal", right=True)
        done = subprocess.run(
            [sys.executable, "-m", "course", "grade", aid, "--autograder", str(root)],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    run_nbgrader(root, "db", "student", "add", "ann", "--first-name=Ann", "--last-name=Lee")
    return root, pack, quizzes, skipped


def test_one_row_per_learner_with_every_score(graded):
    root, pack, quizzes, skipped = graded
    rows = export(root)
    assert set(rows) == {"ann", "ben", "cal"}
    assert rows["ann"]["name"] == "Ann Lee" and rows["ben"]["name"] == "ben"
    for aid in quizzes:
        assert aid in rows["ann"]
    top = pack.assessment(FINAL).max_points
    assert float(rows["ann"]["final_score"]) == top == float(rows["ann"]["final_max_score"])
    assert float(rows["ben"]["final_score"]) == 0.0 and rows["ben"]["passed"] == "no"
    assert rows["cal"][skipped] == ""  # not handed in: empty, not a zero
    assert rows["ann"]["passed"] == rows["cal"]["passed"] == "yes"
    assert rows["ann"]["pack"] == pack.label


def test_only_a_learner_who_did_everything_and_passed_gets_a_certificate(graded):
    root, pack, _, skipped = graded
    rows = export(root)
    assert rows["ben"]["certificate_token"] == ""
    assert rows["ben"]["certificate_note"] == "final assessment not passed"
    assert rows["cal"]["certificate_token"] == ""
    assert rows["cal"]["certificate_note"] == f"not handed in: {skipped}"
    cert = verify(rows["ann"]["certificate_token"], public_key_text(key_path(root)))
    top = pack.assessment(FINAL).max_points
    assert (cert.learner_id, cert.name, cert.score, cert.max_score) == ("ann", "Ann Lee", top, top)
    assert cert.pack == pack.label and cert.mode == SELF_STUDY  # the public pack: answers readable


def test_the_token_is_the_same_at_every_export_and_assessed_with_a_private_pack(
    graded, tmp_path, monkeypatch
):
    root, *_ = graded
    first = export(root)["ann"]["certificate_token"]
    assert export(root)["ann"]["certificate_token"] == first
    private = tmp_path / "pack"
    shutil.copytree(root / "pack", private)
    yaml = private / "pack.yaml"
    yaml.write_text(yaml.read_text().replace("public: true", "public: false"))
    monkeypatch.setenv("COURSE_PACK", str(private))
    token = export(root)["ann"]["certificate_token"]
    cert = verify(token, public_key_text(key_path(root)))
    assert cert.mode == "assessed" and token != first
