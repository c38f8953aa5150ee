"""The module pages in a real Voila, driven by Playwright in Debian's Chromium: every module opens
with its header and pictures and answers a practice question, and axe-core finds no violations on
any of them; on one module, widgets render on every load, the scenario reaches an ending, the graded
quiz writes responses.json and nothing of the key reaches the page."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from course.responses import RESPONSES_FILE
from tests.browser import (
    CHROMIUM_FLAGS,
    answer_knowledge_question,
    answer_quiz,
    chromium_path,
    play_scenario,
    voila_server,
    wait_for_json,
    wait_until_interactive,
)
from tests.conftest import REPO, free_port

pytestmark = pytest.mark.slow

ARTIFACTS = REPO / "test-artifacts" / "browser"


@pytest.fixture(scope="module")
def voila_url(built, tmp_path_factory):
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with voila_server(built / "notebooks", free_port(), log) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


@contextmanager
def opened(browser, voila_url: str, module, width: int = 1200):
    """A module page open in a fresh browser context, every widget on screen; on leaving, no
    script error may have happened on the page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(f"{voila_url}/voila/render/{module.id}.ipynb")
    wait_until_interactive(pg, module)
    yield pg
    context.close()
    assert errors == [], errors


@pytest.fixture
def page(browser, voila_url, module):
    with opened(browser, voila_url, module) as pg:
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


def test_knowledge_check_by_click_and_keyboard(page, module):
    """Can a practice question be answered by clicking, and again by keyboard alone, with
    feedback shown each time?"""
    q = next(q for q in module.knowledge_check if q.kind == "single")
    wrong = next(i for i, o in enumerate(q.options) if not o.correct)
    assert "✘ Not quite" in answer_knowledge_question(page, q, wrong)
    radios = page.locator(f".course-{q.id}-answer input[type=radio]")
    feedback = page.locator(f".course-{q.id}-feedback")
    correct = q.option_ids.index(q.correct_ids[0])
    radios.nth(correct).focus()
    page.keyboard.press("Space")
    # ipywidgets' radios share no name, so Tab visits each one before the button.
    for _ in range(len(q.options) + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Check answer":
            break
    page.keyboard.press("Enter")
    feedback.get_by_text("✔ Correct.", exact=True).wait_for(timeout=10_000)
    feedback.scroll_into_view_if_needed()
    page.locator(f".course-{q.id}").screenshot(path=ARTIFACTS / "knowledge-check.png")


def test_scenario_to_an_ending(page, module):
    """Can the scenario be played through, decision by decision, to an ending and its score?"""
    sc = module.scenarios[0]
    assert "You scored" in play_scenario(page, sc)
    page.locator(f".course-{sc.id}").screenshot(path=ARTIFACTS / "scenario-ending.png")
    assert page.locator(f".course-{sc.id}-action", has_text="Play again").count() == 1


def test_graded_quiz_writes_responses(page, module, built):
    """Does answering the graded quiz in the browser write each answer to responses.json?"""
    path = built / "notebooks" / RESPONSES_FILE
    path.unlink(missing_ok=True)
    expected = answer_quiz(page, module)
    assert wait_for_json(path, expected) == expected
    last = module.quiz.questions[-1]
    page.locator(f".course-{last.id}-status").get_by_text("saved").wait_for(timeout=10_000)
    first = module.quiz.questions[0]
    page.locator(f".course-{first.id}").screenshot(path=ARTIFACTS / "graded-quiz.png")


def test_page_holds_no_quiz_key(page, module):
    """Is no graded option's feedback or correctness anywhere in the rendered page?"""
    html = page.content()
    for q in module.quiz.questions:
        for o in q.options:
            assert o.feedback not in html
    assert "BEGIN HIDDEN" not in html and "course.grading" not in html


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, name: str) -> list:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) on the page; save its report; return the
    violations as (rule, impact, number of nodes)."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    (ARTIFACTS / f"axe-{name}.txt").write_text(results.generate_report())
    return [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]]


@pytest.mark.parametrize(
    "module_id",
    ["welcome", "risks", "policies", "privacy", "communities", "livestreaming", "recording",
     "responding"],
)  # fmt: skip
def test_every_module_opens_and_answers(browser, voila_url, course, module_id):
    """Does each module page render all its widgets, the signposting header and its pictures with
    alt text, answer a practice question with feedback, and pass axe-core?"""
    module = course.module(module_id)
    with opened(browser, voila_url, module) as pg:
        check_module_page(pg, module)


def check_module_page(pg, module) -> None:
    """The header, the pictures with their alt text, a practice question answered, and axe."""
    assert "If you are worried about a child" in pg.inner_text(".course-signpost")
    images = pg.locator("#rendered_cells img")
    figures = [s.figure for s in module.sections if s.figure]
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


def test_narrow_screen_has_no_sideways_scrolling(browser, voila_url, module):
    """At 320 px wide, does the page reflow with no sideways scrolling (WCAG 1.4.10)? Voila
    scrolls the page inside #rendered_cells; wide tables may scroll on their own."""
    with opened(browser, voila_url, module, width=320) as pg:
        wide, seen = pg.evaluate(
            "(() => { const e = document.getElementById('rendered_cells');"
            " return [e.scrollWidth, e.clientWidth]; })()"
        )
        pg.screenshot(path=ARTIFACTS / "narrow-320.png")
    assert 0 < wide <= seen <= 320


def test_loading_is_never_a_blank_screen(browser, voila_url, module):
    """While the page's kernel runs, does the learner see a spinner with progress, not a blank
    screen, before the lesson appears?"""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.goto(f"{voila_url}/voila/render/{module.id}.ipynb", wait_until="commit")
    pg.wait_for_function(
        "() => /Executing \\d+ of \\d+/.test(document.body ? document.body.innerText : '')",
        timeout=30_000,
    )
    assert pg.locator("#loading").is_visible()
    wait_until_interactive(pg, module)
    assert not pg.locator("#loading").is_visible()
    context.close()
