"""Is each choice question an accessible group: a fieldset named by its legend, one Tab stop,
arrow keys between options, nothing chosen on load, feedback read out from a live region, no axe
violation; and does the Python side (value, feedback, scoring, saving) still hold?"""

from __future__ import annotations

import json
import re

import pytest
import traitlets

from course.kinds import plugin
from course.responses import RESPONSES_FILE, ResponseStore
from course.widgets import GradedQuestion, KnowledgeQuestion, ScenarioPlayer
from course.widgets.choice import ChoiceGroup
from course.widgets.common import AnswerControl
from tests.browser import (
    LOAD_TIMED_OUT,
    axe_violations,
    opened,
    play_scenario,
    poll,
    signed_in_context,
    wait_until_interactive,
)

OPTIONS = [{"id": "a", "label": "First"}, {"id": "b", "label": "Second <b>"}]


def test_a_group_starts_empty_and_keeps_only_known_ids():
    """Is nothing chosen at first, and does a value from the page keep only known ids, in the
    options' order, with at most one for radios?"""
    radios = ChoiceGroup(legend="Q", options=OPTIONS)
    assert radios.value == []
    radios.value = ["nope", "b", "a"]
    assert radios.value == ["a"]
    boxes = ChoiceGroup(legend="Q", options=OPTIONS, multiple=True)
    boxes.value = ["b", "nope", "a"]
    assert boxes.value == ["a", "b"]
    boxes.options = OPTIONS[1:]
    assert boxes.value == ["b"]  # an option that went away is no longer chosen


def test_the_page_can_change_only_the_choice():
    """Does a message from the page change the chosen ids, and nothing else (not the options,
    the question or the feedback)?"""
    group = ChoiceGroup(legend="Q", options=OPTIONS, feedback="")
    forged = [{"id": "x", "label": "forged"}]
    group.set_state({"value": ["b"], "options": forged, "legend": "X", "feedback": "<p>X</p>"})
    assert group.value == ["b"] and group.options == OPTIONS
    assert group.legend == "Q" and group.feedback == ""


def test_options_need_distinct_ids():
    """Are options without ids, or with repeated ones, refused with a clear error?"""
    with pytest.raises(traitlets.TraitError, match="distinct string ids"):
        ChoiceGroup(options=[{"id": "a"}, {"id": "a"}])
    with pytest.raises(traitlets.TraitError, match="distinct string ids"):
        ChoiceGroup(options=[{"label": "no id"}])


def test_repeated_feedback_is_sent_again():
    """Does announcing the same words twice change the live region twice (so it is read out)?"""
    group = ChoiceGroup(options=OPTIONS)
    seen = []
    group.observe(lambda c: seen.append(c["new"]), names="feedback")
    group.announce("<p>Not quite.</p>")
    group.announce("<p>Not quite.</p>")
    assert seen == ["<p>Not quite.</p>", "", "<p>Not quite.</p>"]


def test_front_end_travels_in_the_model():
    """Is the front end (script and style) in the widget's own state, so no network is needed?"""
    state = ChoiceGroup(options=OPTIONS).get_state()
    assert "fieldset" in state["_esm"] and 'setAttribute("role", "status")' in state["_esm"]
    assert "aria-live" in state["_esm"] and ".course-choice" in state["_css"]
    assert "import " not in state["_esm"] and "http" not in state["_esm"]


def test_practice_feedback_goes_to_the_live_region(module):
    """Does checking a practice answer put the verdict in the group's feedback (the live region),
    with the question's heading and prompt as the legend?"""
    q = next(q for q in module.knowledge_check if q.kind == "single")
    kq = KnowledgeQuestion(q, 2)
    assert kq.control.widget.legend.startswith("<h3>Question 2</h3>")
    assert kq.control.widget.feedback_class == f"course-{q.id}-feedback"
    kq.check.click()
    assert "Choose an answer first." in kq.feedback
    kq.control.widget.choose(q.correct_ids[0])
    kq.check.click()
    assert "Correct." in kq.control.widget.feedback


def test_graded_choice_saves_through_the_group(module, tmp_path):
    """Does a choice in the group save the option id (ids for multiple response) to
    responses.json, show as chosen on reload, and score full marks for the key, none otherwise?"""
    for q in (q for q in module.quiz.questions if q.kind in ("single", "multiple")):
        gq = GradedQuestion(q, 1, ResponseStore(tmp_path))
        assert isinstance(gq.control, AnswerControl)
        assert gq.control.widget.legend.startswith("<h3>Question 1 (")
        wrong = [i for i in q.option_ids if i not in q.correct_ids][:1]
        for picked, marks in ((q.correct_ids, q.points), (wrong, 0)):
            gq.control.widget.choose(*picked)
            saved = json.loads((tmp_path / RESPONSES_FILE).read_text())[q.id]
            assert saved == (picked if q.kind == "multiple" else picked[0])
            assert plugin(q.kind).score(q, saved).score == marks
        again = GradedQuestion(q, 1, ResponseStore(tmp_path))
        assert again.control.widget.value == wrong and "saved" in again.status.value


def test_scenario_choices_are_a_group(module):
    """Is each scenario decision a group with the step as legend, emptied at each new step?"""
    sc = module.scenarios[0]
    player = ScenarioPlayer(sc)
    first = sc.node(sc.start)
    assert [o["id"] for o in player.choices.options] == [c.id for c in first.choices]
    player.choices.choose(first.choices[0].id)
    player.action.click()
    assert player.choices.disabled and player.feedback
    player.action.click()
    assert player.choices.value == [] and not player.choices.disabled
    assert player.feedback == "" or player.action.description == "Play again"


def test_a_scenario_ending_is_announced(module):
    """When a scenario ends, does its group's live region say so, with the score, while the
    group has nothing left to choose (its fieldset hides)?"""
    sc = module.scenarios[0]
    player = ScenarioPlayer(sc)
    while player.action.description != "Play again":
        if player.action.description == "Decide":
            player.choices.choose(player.choices.options[0]["id"])
        player.action.click()
    assert player.choices.options == [] and player.choices.legend == ""
    assert "The scenario has ended:" in player.feedback and "You scored" in player.feedback
    assert player.choices.layout.display != "none"  # the live region must stay on screen
    player.action.click()  # Play again: the first decision, with nothing announced
    assert player.choices.options and player.feedback == ""


# ---- in a real browser, through Voila ----------------------------------------------------------

GROUPS = """() => Array.from(document.querySelectorAll('fieldset.course-choice')).map(f => {
  const legend = f.querySelector(':scope > legend');
  return {legend: legend ? legend.textContent.trim() : '',
          inputs: f.querySelectorAll('input').length,
          checked: f.querySelectorAll('input:checked').length,
          names: new Set(Array.from(f.querySelectorAll('input[type=radio]')).map(i => i.name)).size,
          unlabelled: Array.from(f.querySelectorAll('input')).filter(
            i => !document.querySelector(`label[for="${i.id}"]`)).length};
})"""


@pytest.mark.slow
def test_module_page_choice_questions_are_accessible(browser, voila_url, module, store):
    """On a module page: is every question a fieldset with a legend, labelled, nothing checked;
    does Tab reach a radio group once and arrows move the choice; does Check put feedback in a
    role=status region; is a scenario's ending announced there; and does axe find nothing?"""
    with opened(browser, voila_url, module, store, learner="choice-tester") as pg:
        groups = pg.evaluate(GROUPS)
        expected = len(module.knowledge_check) + sum(
            q.kind in ("single", "multiple", "true_false") for q in module.quiz.questions
        )
        assert len(groups) >= expected
        for g in groups:
            if g["inputs"]:  # a finished scenario's group is hidden and empty
                assert g["legend"] and g["checked"] == 0 and g["unlabelled"] == 0, g
                assert g["names"] <= 1, g

        q = next(q for q in module.knowledge_check if q.kind == "single")
        radios = pg.locator(f".course-{q.id}-answer input[type=radio]")
        pg.locator(f".course-{q.id}-answer legend").click()  # focus lands just before the group
        pg.keyboard.press("Tab")
        assert radios.first.evaluate("e => e === document.activeElement")
        pg.keyboard.press("ArrowDown")
        assert radios.nth(1).is_checked() and radios.nth(1).evaluate(
            "e => e === document.activeElement"
        )
        assert pg.locator(f".course-{q.id}-answer input:checked").count() == 1
        pg.keyboard.press("Tab")  # one Tab leaves the group for its button
        assert pg.evaluate("document.activeElement.textContent") == "Check answer"
        pg.keyboard.press("Enter")
        status = pg.locator(f".course-{q.id}-feedback")
        status.locator("p").first.wait_for(timeout=10_000)
        assert status.get_attribute("role") == "status"
        assert status.get_attribute("aria-live") == "polite"
        assert "Correct." in status.inner_text() or "Not quite" in status.inner_text()

        sc = module.scenarios[0]
        play_scenario(pg, sc)  # at the ending, the group's live region announces it
        result = pg.locator(f".course-{sc.id}-result")
        result.get_by_text("The scenario has ended:").wait_for(timeout=10_000)
        assert result.get_attribute("role") == "status" and result.is_visible()
        assert pg.locator(f".course-{sc.id}-choices fieldset").is_hidden()
        assert axe_violations(pg, f"choice-{module.id}") == []


#: Runs out anywidget's two seconds for loading a widget's front end at once, as a computer too
#: slow or too busy to load it in time would.
NO_TIME_TO_LOAD = (
    "const timeout = AbortSignal.timeout.bind(AbortSignal);"
    "AbortSignal.timeout = (ms) => timeout(ms === 2000 ? 0 : ms);"
)


@pytest.mark.slow
def test_questions_still_answer_when_anywidget_gives_up_waiting(browser, voila_url, module, store):
    """When anywidget stops waiting for every question's front end (a slow or busy computer),
    does each question still show its feedback, and does a scenario still move from step to step
    to its ending? (anywidget then drops the kernel's messages; choice.js hands them on.)"""
    context = signed_in_context(browser, voila_url, store, "slow-computer")
    context.add_init_script(NO_TIME_TO_LOAD)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(f"{voila_url}/voila/render/{module.id}.ipynb")
    wait_until_interactive(pg, module)
    groups = pg.locator("fieldset.course-choice").count()
    poll(lambda: pg.wait_for_timeout(100) or len(errors) >= groups)
    assert errors == [LOAD_TIMED_OUT] * groups  # every group timed out, and nothing else failed

    q = module.knowledge_check[0]
    pg.locator(f".course-{q.id}-check").click()
    feedback = pg.locator(f".course-{q.id}-feedback")
    feedback.get_by_text("Choose an answer first.").wait_for(timeout=10_000)
    pg.locator(f".course-{q.id}-answer input").first.check()
    pg.locator(f".course-{q.id}-check").click()
    feedback.get_by_text(re.compile(r"^(✔ Correct|✘ Not quite)")).first.wait_for(timeout=10_000)
    for sc in module.scenarios:
        assert "You scored" in play_scenario(pg, sc)
    context.close()
    assert set(errors) == {LOAD_TIMED_OUT}
