"""The module pages in the course's real server (Voila with sign-in), driven by Playwright in
Debian's Chromium: every module opens with its header and pictures and answers a practice question,
and axe-core finds no violations on any of them; on one module, widgets render on every load, the
scenario reaches an ending and is recorded, the graded quiz saves each answer to the learner's
store and nothing of the key reaches the page."""

from __future__ import annotations

import pytest

from tests.browser import (
    ARTIFACTS,
    answer_knowledge_question,
    answer_quiz,
    axe_violations,
    opened,
    play_scenario,
    poll,
    signed_in_context,
    wait_until_interactive,
)

pytestmark = pytest.mark.slow


LEARNER = "browser-tester"


@pytest.fixture
def page(browser, voila_url, module, store):
    with opened(browser, voila_url, module, store) as pg:
        yield pg


@pytest.mark.parametrize("load", [1, 2, 3])
def test_widgets_render_on_every_load(page, module, load):
    """Does every widget (buttons included) render, load after load, with no code visible?"""
    page.screenshot(path=ARTIFACTS / f"load-{load}.png", full_page=True)
    action = f".course-{module.scenarios[0].id}-action"
    assert page.locator(f"{action} button, button{action}").count() >= 1
    text = page.inner_text("body")
    assert "from course import" not in text and "widgets.knowledge_check" not in text
    assert page.locator(".cm-editor, .CodeMirror").count() == 0
    assert "Traceback" not in text


def test_knowledge_check_by_click_and_keyboard(page, module, store):
    """Can a practice question be answered by clicking, and again by keyboard alone, with
    feedback shown each time, and is the last result kept in the learner's record?"""
    q = next(q for q in module.knowledge_check if q.kind == "single")
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    assert "✘ Not quite" in answer_knowledge_question(page, q, wrong)
    radios = page.locator(f".course-{q.id}-answer input[type=radio]")
    feedback = page.locator(f".course-{q.id}-feedback")
    correct = q.option_ids.index(q.correct_ids[0])
    radios.nth(correct).focus()
    page.keyboard.press("Space")
    # The radios are one group (one Tab stop): a single Tab leaves it for the button.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Check answer"
    page.keyboard.press("Enter")
    feedback.get_by_text("✔ Correct.", exact=True).wait_for(timeout=10_000)
    assert poll(lambda: store.get(LEARNER, "practice").get(q.id)) == {"correct": True}
    feedback.scroll_into_view_if_needed()
    page.locator(f".course-{q.id}").screenshot(path=ARTIFACTS / "knowledge-check.png")


def test_scenario_to_an_ending(page, module, store):
    """Can the scenario be played through, decision by decision, to an ending and its score, and
    is the ending kept in the learner's record?"""
    sc = module.scenarios[0]
    store.put(LEARNER, "scenario", sc.id, None)
    assert "You scored" in play_scenario(page, sc)
    ended = poll(lambda: store.get(LEARNER, "scenario").get(sc.id))
    assert ended and ended["ending"] in {e.id for e in sc.endings}
    page.locator(f".course-{sc.id}").screenshot(path=ARTIFACTS / "scenario-ending.png")
    assert page.locator(f".course-{sc.id}-action", has_text="Play again").count() == 1


def test_graded_quiz_saves_to_the_learners_store(page, module, store):
    """Does answering the graded quiz in the browser save each answer to this learner's record
    (and nowhere beside the notebook)?"""
    store.delete_data(LEARNER)
    expected = answer_quiz(page, module, LEARNER)
    assert poll(lambda: store.get(LEARNER, "answer") == expected or None)
    assert store.get(LEARNER, "answer") == expected
    last = module.quiz.questions[-1]
    page.locator(f".course-{last.id}-status").get_by_text("saved").wait_for(timeout=10_000)
    first = module.quiz.questions[0]
    page.locator(f".course-{first.id}").screenshot(path=ARTIFACTS / "graded-quiz.png")


def test_page_holds_no_quiz_key(page, module):
    """Is no graded option's feedback or correctness anywhere in the rendered page?"""
    html = page.content()
    for q in module.quiz.questions:
        for o in getattr(q, "options", []):
            assert o.feedback not in html
    assert "BEGIN HIDDEN" not in html and "course.grading" not in html


@pytest.mark.parametrize(
    "module_id",
    ["welcome", "risks", "policies", "privacy", "communities", "livestreaming", "recording",
     "responding"],
)  # fmt: skip
def test_every_module_opens_and_answers(browser, voila_url, course, module_id, store):
    """Does each module page render all its widgets, the signposting header and its pictures with
    alt text, answer a practice question with feedback, and pass axe-core?"""
    module = course.module(module_id)
    with opened(browser, voila_url, module, store) as pg:
        check_module_page(pg, module)


def check_module_page(pg, module) -> None:
    """The header, the pictures with their alt text, a practice question answered, and axe."""
    assert "If you are worried about a child" in pg.inner_text(".course-signpost")
    assert "Signed in as" in pg.inner_text(".course-who")
    images = pg.locator("#rendered_cells img")
    figures = [s.figure for s in module.sections if s.figure]
    figures += [s for e in module.exercises if e.kind == "spot_clues" for s in e.scenes]
    assert images.count() == len(figures)
    for i, fig in enumerate(figures):
        assert images.nth(i).get_attribute("alt") == " ".join(fig.alt.split())
        assert images.nth(i).evaluate("img => img.naturalWidth") > 0
    q = module.knowledge_check[0]
    if q.kind == "multiple":
        pg.locator(f".course-{q.id}-answer input[type=checkbox]").first.check()
        pg.locator(f".course-{q.id}-check").click()
        feedback = pg.locator(f".course-{q.id}-feedback")
        feedback.locator("p").first.wait_for(timeout=10_000)
        shown = feedback.inner_text()
    else:
        right = q.option_ids.index(q.correct_ids[0])
        shown = answer_knowledge_question(pg, q, right)
        assert "✔ Correct." in shown
    assert "Not quite" in shown or "Correct." in shown
    pg.screenshot(path=ARTIFACTS / f"module-{module.id}.png")
    assert axe_violations(pg, module.id) == []


def test_narrow_screen_has_no_sideways_scrolling(browser, voila_url, module, store):
    """At 320 px wide, does the page reflow with no sideways scrolling (WCAG 1.4.10)? Voila
    scrolls the page inside #rendered_cells; wide tables may scroll on their own."""
    with opened(browser, voila_url, module, store, width=320) as pg:
        wide, seen = pg.evaluate(
            "(() => { const e = document.getElementById('rendered_cells');"
            " return [e.scrollWidth, e.clientWidth]; })()"
        )
        pg.screenshot(path=ARTIFACTS / "narrow-320.png")
    assert 0 < wide <= seen <= 320


def test_loading_is_never_a_blank_screen(browser, voila_url, module, store):
    """While the page's kernel runs, does the learner see the course's bar and a message, in a
    live region, saying what is happening and how far it has got, not a blank screen, before the
    lesson appears?"""
    context = signed_in_context(browser, voila_url, store, LEARNER)
    pg = context.new_page()
    pg.goto(f"{voila_url}/voila/render/{module.id}.ipynb", wait_until="commit")
    pg.wait_for_function(
        "() => /Preparing your page \\(step \\d+ of \\d+\\)/"
        ".test(document.body ? document.body.innerText : '')",
        timeout=30_000,
    )
    assert pg.locator("#loading").is_visible()
    assert pg.locator("#loading").get_attribute("role") == "status"
    assert "Safer online work with children" in pg.inner_text(".course-bar")
    wait_until_interactive(pg, module)
    assert not pg.locator("#loading").is_visible()
    context.close()
