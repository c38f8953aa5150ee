"""The graded moderation queue and written answer, headless: partial credit per post, answers
saved in the response file's format, nothing of the key in the widgets, no rubric in public."""

from __future__ import annotations

import json

import pytest

from course.kinds import moderation, plugin, written
from course.model.exercise import ACTIONS
from course.pack import load_pack, pack_form
from course.paper import learner_paper
from course.responses import RESPONSES_FILE, ResponseStore
from course.widgets import GradedQuestion
from tests.conftest import REPO
from tests.test_widgets import _shape, all_states

PACK = REPO / "autograder" / "pack"


@pytest.fixture(scope="module")
def pack():
    return load_pack(PACK)


def slot_item(pack, assessment: str, kind: str):
    a = pack.assessment(assessment)
    slot = next(s for s in a.slots if s.kind == kind)
    return slot, slot.items[0]


def paper_question(pack, assessment: str, slot_id: str, learner: str = "kit"):
    paper = learner_paper(pack_form(pack, assessment), learner)
    return next(q for q in paper.questions if q.id == slot_id)


def test_a_queue_scores_a_mark_per_post(pack):
    """Does each rightly decided post earn one mark, with undecided, doubled and foreign
    decisions earning none, and a reason that names no right decision?"""
    _, item = slot_item(pack, "communities_quiz", "moderation")
    right = {p.id: p.correct for p in item.posts}
    answer = [f"{p}_{a}" for p, a in right.items()]
    assert moderation.score(item, answer).score == len(item.posts) == item.points
    first, second = item.posts[:2]
    other = next(a for a in ACTIONS if a != first.correct)
    partial = [x for x in answer if not x.startswith(first.id + "_")] + [f"{first.id}_{other}"]
    partial.remove(f"{second.id}_{second.correct}")
    result = moderation.score(item, partial)
    assert result.score == len(item.posts) - 2
    assert "1 had no decision saved" in result.why
    assert all(a not in result.why for a in ACTIONS)
    doubled = [*answer, f"{first.id}_{other}"]  # two decisions on one post: neither counts
    assert moderation.score(item, doubled).score == len(item.posts) - 1
    assert moderation.score(item, ["nobody_approve", "x"]).score == 0
    assert moderation.score(item, None).score == 0


def test_public_forms_hold_no_key_or_rubric(pack):
    """Do the public forms of the queue and the written task hold no right decision, no
    feedback, no rubric and no checks?"""
    _, queue = slot_item(pack, "communities_quiz", "moderation")
    form = json.dumps(moderation.public(queue))
    posts = json.dumps(moderation.public(queue)["posts"])
    assert '"correct"' not in form and all(a not in posts for a in ACTIONS)
    _, task = slot_item(pack, "responding_quiz", "written")
    form = json.dumps(written.public(task))
    assert task.rubric not in form and "checks" not in form and "child_words" not in form
    whole = json.dumps(pack_form(pack, "responding_quiz"))
    assert "MARK SCHEME" not in whole and "Give no mark" not in whole


def test_the_queue_control_saves_option_ids_and_restores_them(pack, tmp_path):
    """Does deciding posts save option ids to responses.json at once, and does a new page show
    them again without writing?"""
    slot, _ = slot_item(pack, "communities_quiz", "moderation")
    q = paper_question(pack, "communities_quiz", slot.id)
    gq = GradedQuestion(q, 1, ResponseStore(tmp_path))
    first, second = q.posts[:2]
    gq.control.radios[first.id].value = "remove"
    gq.control.radios[second.id].value = "approve"
    saved = json.loads((tmp_path / RESPONSES_FILE).read_text())
    assert saved == {slot.id: [f"{first.id}_remove", f"{second.id}_approve"]}
    assert "saved" in gq.status.value
    before = (tmp_path / RESPONSES_FILE).read_bytes()
    again = GradedQuestion(q, 1, ResponseStore(tmp_path))
    assert again.control.radios[first.id].value == "remove"
    assert again.control.radios[q.posts[2].id].value is None
    assert (tmp_path / RESPONSES_FILE).read_bytes() == before


def test_the_queue_widget_is_the_same_whatever_the_key(pack, tmp_path):
    """Does nothing the page receives depend on which decisions are right?"""
    slot, item = slot_item(pack, "communities_quiz", "moderation")
    moved = item.model_copy(
        update={
            "posts": [
                p.model_copy(update={"correct": next(a for a in ACTIONS if a != p.correct)})
                for p in item.posts
            ]
        }
    )
    a = plugin("moderation").control(paper_question(pack, "communities_quiz", slot.id))
    pub = moderation.for_learner(slot.model_dump(), moderation.public(moved), list)
    b = plugin("moderation").control(pub)
    assert _shape(a.widget) == _shape(b.widget)


def test_the_written_control_saves_text_and_keeps_nothing_else(pack, tmp_path):
    """Does a written answer save as text, trimmed and capped, and show again on reload?"""
    slot, _ = slot_item(pack, "responding_quiz", "written")
    q = paper_question(pack, "responding_quiz", slot.id)
    gq = GradedQuestion(q, 1, ResponseStore(tmp_path))
    gq.control.box.value = "  On 11 March 2026 at 6.40pm Kezia said...  "
    saved = json.loads((tmp_path / RESPONSES_FILE).read_text())
    assert saved == {slot.id: "On 11 March 2026 at 6.40pm Kezia said..."}
    gq.control.box.value = "x" * (written.MAX_CHARS + 50)
    assert len(json.loads((tmp_path / RESPONSES_FILE).read_text())[slot.id]) == written.MAX_CHARS
    again = GradedQuestion(q, 1, ResponseStore(tmp_path))
    assert again.control.box.value.startswith("xxx")
    state = all_states(again)
    _, task = slot_item(pack, "responding_quiz", "written")
    assert task.rubric not in state and "MARK SCHEME" not in state


def test_feedback_shows_the_learners_own_decisions_and_text_escaped(pack):
    """Does feedback show the learner's own decisions and their own text, escaped?"""
    slot, _ = slot_item(pack, "communities_quiz", "moderation")
    q = paper_question(pack, "communities_quiz", slot.id)
    html = moderation.answer_html(q, [f"{q.posts[0].id}_escalate"])
    assert "Escalate to the safeguarding lead" in html and "no decision saved" in html
    wslot, _ = slot_item(pack, "responding_quiz", "written")
    wq = paper_question(pack, "responding_quiz", wslot.id)
    html = written.answer_html(wq, "<b>bold</b> words")
    assert "&lt;b&gt;bold&lt;/b&gt; words" in html and "<b>bold" not in html
