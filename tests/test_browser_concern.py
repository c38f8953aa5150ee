"""The record of concern in the course's real server (Voila with sign-in) and Debian's Chromium:
a record written and checked with the mouse, its feedback shown a line a check and downloaded as
Markdown and PDF, axe-core finding nothing with the feedback on screen; and again by keyboard
alone in a fresh learner's page, the record back after a reload."""

from __future__ import annotations

import pytest

from tests.browser import (
    ARTIFACTS,
    axe_violations,
    download,
    opened,
    pdf_text,
    poll,
    wait_until_interactive,
)
from tests.test_ex_concern import FAULTS, GOOD

pytestmark = pytest.mark.slow


@pytest.fixture
def located(course):
    module = course.module("responding")
    return module, module.exercise("resp_concern_record")


def focused(page) -> dict:
    """The element with the keyboard focus: its tag, text, download name and classes around it."""
    return page.evaluate(
        "(() => { const e = document.activeElement; return {tag: e.tagName,"
        " text: (e.textContent || '').trim(), download: e.getAttribute('download'),"
        " in_text: !!e.closest('.course-resp_concern_record-text')}; })()"
    )


def test_record_by_mouse_with_downloads_and_axe(browser, voila_url, located, store, tmp_path):
    """Written and checked with the mouse: is each check shown with symbol and words, do the
    Markdown and PDF hold the record and the checks, is it saved, and does axe-core find nothing
    with the feedback shown?"""
    module, ex = located
    record = FAULTS["secrecy"]
    learner = "concern-mouse"
    with opened(browser, voila_url, module, store, learner=learner) as pg:
        root = pg.locator(f".course-{ex.id}-exercise")
        feedback = pg.locator(f".course-{ex.id}-feedback")
        assert feedback.inner_text().strip() == ""
        assert "Niamh" in root.inner_text()
        box = pg.locator(f".course-{ex.id}-text textarea")
        assert box.get_attribute("rows") == "10"
        label = pg.locator(f".course-{ex.id}-text label")
        assert label.inner_text() == "Your record of concern"
        assert label.get_attribute("for") == box.get_attribute("id")
        box.click()
        box.fill(record)
        pg.locator(f".course-{ex.id}-check").click()
        feedback.get_by_text("Your record, checked").wait_for(timeout=20_000)
        shown = feedback.inner_text()
        assert "5 of 6 checks met" in shown
        assert shown.count("✔ Met:") == 5 and shown.count("✘ Not yet:") == 1
        assert "✘ Not yet: No promise of secrecy" in shown
        assert "promised her I wouldn't tell" in shown  # what was found, as text
        markdown = download(pg, feedback.locator("a.course-download-md"), tmp_path).decode()
        pdf = pdf_text(download(pg, feedback.locator("a.course-download-pdf"), tmp_path))
        assert "# Record of concern (practice)" in markdown
        assert "promised her I wouldn't tell anyone" in markdown
        assert "- ✘ No promise of secrecy" in markdown and "fictional practice" in markdown
        assert "promised her I wouldn't tell anyone" in pdf and "No promise of secrecy" in pdf
        root.locator("h3").first.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-concern-written.png")
        feedback.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-concern-checked.png")
        assert axe_violations(pg, "exercise-concern") == []
    assert poll(lambda: store.get(learner, "exercise").get(ex.id) == {"text": record})


def test_record_by_keyboard_survives_a_reload(browser, voila_url, located, store, tmp_path):
    """By Tab, typing and Enter alone: is the record written, checked and downloaded, and after a
    reload is the text back, with no feedback until it is checked again?"""
    module, ex = located
    learner = "concern-keyboard"
    with opened(browser, voila_url, module, store, learner=learner) as pg:
        for _ in range(400):  # Tab from the top of the page to the record's box
            pg.keyboard.press("Tab")
            if focused(pg)["in_text"]:
                break
        assert focused(pg)["tag"] == "TEXTAREA"
        pg.keyboard.type(GOOD)
        pg.keyboard.press("Tab")
        assert focused(pg)["text"] == "Check my record"
        pg.keyboard.press("Enter")
        feedback = pg.locator(f".course-{ex.id}-feedback")
        feedback.get_by_text("Your record, checked").wait_for(timeout=20_000)
        shown = feedback.inner_text()
        assert "6 of 6 checks met" in shown and "✘" not in shown
        files = {}
        for _ in range(40):  # Tab on through the feedback to each link, then Enter
            pg.keyboard.press("Tab")
            name = focused(pg)["download"]
            if name and name not in files:
                files[name] = download(pg, "Enter", tmp_path)
            if len(files) == 2:
                break
        assert sorted(files) == [f"{ex.id}.md", f"{ex.id}.pdf"]
        assert "At 8.10pm I phoned Grace Mensah" in files[f"{ex.id}.md"].decode()
        assert "At 8.10pm I phoned Grace Mensah" in pdf_text(files[f"{ex.id}.pdf"])
        feedback.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-concern-keyboard.png")
        assert poll(lambda: store.get(learner, "exercise").get(ex.id) == {"text": GOOD})

        pg.reload()
        wait_until_interactive(pg, module)
        box = pg.locator(f".course-{ex.id}-text textarea")
        assert poll(lambda: box.input_value() == GOOD)
        assert pg.locator(f".course-{ex.id}-feedback").inner_text().strip() == ""
        box.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-concern-restored.png")
