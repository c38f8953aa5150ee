"""The assessment pack and per-learner papers: pure functions, no nbgrader."""

from __future__ import annotations

import json
import shutil

import pytest

from course.pack import learner_item, learner_key, load_pack, pack_form, pool_key, score_slot
from course.paper import learner_paper
from course.problems import ContentError
from tests.conftest import REPO
from tests.test_build import run_course

PACK = REPO / "autograder" / "pack"
FINAL = "final_assessment"


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def test_final_assessment_has_enough_slots_and_pools(pack, course):
    """At least 20 slots, 3+ equivalent items per pool, every assessed module covered, 80%."""
    final = pack.assessment(FINAL)
    assert len(final.slots) >= 20 and final.pass_mark == 0.8
    assert all(len(s.items) >= 3 for s in final.slots)
    assessed = {m.id for m, _ in course.quizzes}
    assert set(final.modules.values()) == assessed
    for slot in final.slots:
        module = course.module(final.modules[slot.id])
        assert slot.objective <= len(module.objectives), slot.id
        assert set(slot.guidance) <= set(module.covers), slot.id


def test_papers_are_fixed_per_learner_and_differ_between_learners(pack):
    final = pack.assessment(FINAL)
    form = pack_form(pack, FINAL)
    a1, a2 = learner_paper(form, "alice"), learner_paper(form, "alice")
    assert a1 == a2
    papers = {tuple(q.prompt for q in learner_paper(form, f"l{n}").questions) for n in range(20)}
    assert len(papers) > 15
    orders = {
        tuple(tuple(q.option_ids) for q in learner_paper(form, f"l{n}").questions)
        for n in range(20)
    }
    assert len(orders) > 15
    # the page shows exactly the item grading scores, in an order of its own
    for slot, q in zip(final.slots, a1.questions, strict=True):
        item = learner_item(pack, final, slot, "alice")
        assert q.prompt == item.prompt and sorted(q.option_ids) == sorted(item.option_ids)


def test_public_form_holds_no_key_or_feedback(pack):
    text = json.dumps(pack_form(pack, FINAL))
    assert '"correct"' not in text and '"feedback"' not in text
    for slot in pack.assessment(FINAL).slots:
        for item in slot.items:
            for o in item.options:
                assert o.feedback not in text


def test_one_learners_right_answers_score_below_full_on_anothers_paper(pack):
    final = pack.assessment(FINAL)
    mine = learner_key(pack, FINAL, "alice")
    on_mine = sum(score_slot(pack, FINAL, s, "alice", a).score for s, a in mine.items())
    on_theirs = sum(score_slot(pack, FINAL, s, "bob", a).score for s, a in mine.items())
    assert on_mine == final.max_points
    assert on_theirs < final.max_points


@pytest.mark.parametrize("pattern", [("b", ["a", "b", "c"]), ("true", ["true", "false"])])
def test_a_letter_pattern_scores_nothing(pack, pattern):
    """"b, then a+b+c, then true" everywhere, on every quiz and the final: option ids are words,
    so no pattern of positions or of true/false fits any key."""
    single, multiple = pattern
    for aid, assessment in pack.assessments.items():
        for learner in ["alice", "bob", "carol"]:
            total = 0
            for slot in assessment.slots:
                answer = multiple if slot.kind == "multiple" else single
                total += score_slot(pack, aid, slot.id, learner, answer).score
            assert total == 0, (aid, learner)


def test_pooled_option_ids_are_words_not_positions(pack):
    for assessment in pack.assessments.values():
        for slot in assessment.slots:
            assert slot.kind != "true_false", slot.id
            for item in slot.items:
                assert all(len(o) > 2 and o not in ("true", "false") for o in item.option_ids)


def test_key_command_prints_a_learners_key_and_the_pool_key(pack):
    result = run_course("key", FINAL, "--learner", "alice")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == learner_key(pack, FINAL, "alice")
    whole = json.loads(run_course("key", FINAL).stdout)
    assert whole == pool_key(pack, FINAL)
    assert all(len(items) >= 3 for items in whole.values())


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("kind: multiple", "kind: single", 1), "final/"),
        (lambda t: t.replace("items:", "itemz:", 1), "itemz"),
    ],
)
def test_a_broken_pool_file_is_named(tmp_path, edit, expected):
    copy = tmp_path / "pack"
    shutil.copytree(PACK, copy)
    path = copy / "final" / "privacy.yaml"
    path.write_text(edit(path.read_text()))
    with pytest.raises(ContentError) as err:
        load_pack(copy)
    text = "\n".join(err.value.lines)
    assert "privacy.yaml" in text and expected in text, text


def test_reused_option_ids_across_a_pool_are_refused(tmp_path):
    import yaml

    copy = tmp_path / "pack"
    shutil.copytree(PACK, copy)
    path = copy / "final" / "privacy.yaml"
    data = yaml.safe_load(path.read_text())
    items = data["slots"][0]["items"]
    items[1]["options"][0]["id"] = items[0]["options"][0]["id"]
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as err:
        load_pack(copy)
    assert "must differ across a pool" in "\n".join(err.value.lines)


def test_missing_pack_is_a_clear_error(tmp_path):
    with pytest.raises(ContentError) as err:
        load_pack(tmp_path)
    assert "no pack.yaml" in err.value.lines[0]
