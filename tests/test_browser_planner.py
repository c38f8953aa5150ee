"""The planners in the course's real server (Voila with sign-in) and Debian's Chromium: the
livestream plan made by mouse clicks, checked, its risk picture shown with alt text and the plan
downloaded as Markdown and PDF; the recording plan made by keyboard alone, the consent log
downloaded the same way, the choices back after a reload; axe-core with feedback shown."""

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

pytestmark = pytest.mark.slow


def test_livestream_plan_by_clicks(browser, voila_url, course, store, tmp_path):
    """Made by clicks and checked: are the flags shown with why, the risk picture drawn with its
    alt text, the plan downloadable as Markdown and PDF holding the answers and the flags, and
    does axe-core find nothing with the feedback on screen?"""
    module = course.module("livestreaming")
    ex = module.exercise("live_preflight")
    # The first option of each field: a mix of good, weak and risky.
    chosen = {f.id: f.options[0] for f in ex.fields}
    flagged = [f for f in ex.fields if chosen[f.id].rating != "good"]
    assert flagged and len(flagged) < len(ex.fields)
    with opened(browser, voila_url, module, store, learner="planner-clicker") as pg:
        root = pg.locator(f".course-{ex.id}-exercise")
        feedback = pg.locator(f".course-{ex.id}-feedback")
        assert feedback.inner_text().strip() == ""
        for f in ex.fields:
            pg.locator(f".course-{ex.id}-{f.id} input[type=radio]").first.check()
        pg.locator(f".course-{ex.id}-check").click()
        feedback.get_by_text("Check: what needs fixing").wait_for(timeout=20_000)
        shown = feedback.inner_text()
        for f in flagged:
            assert " ".join(chosen[f.id].feedback.split())[:60] in " ".join(shown.split())
        img = feedback.locator("img.course-risk-picture")
        img.wait_for(timeout=10_000)
        alt = img.get_attribute("alt")
        for f in ex.fields:
            rating = {"good": "good", "weak": "weak", "risky": "risky"}[chosen[f.id].rating]
            assert f"{f.label.rstrip('?')}: {rating}" in alt
        assert img.evaluate("i => i.naturalWidth") > 0
        markdown = download(pg, feedback.locator("a.course-download-md").first, tmp_path).decode()
        pdf = pdf_text(download(pg, feedback.locator("a.course-download-pdf").first, tmp_path))
        for f in ex.fields:
            assert chosen[f.id].text in markdown
            assert " ".join(chosen[f.id].text.split()[:5]) in pdf
        assert markdown.count("**Check:**") == len(flagged)
        assert pdf.count("Check:") == len(flagged)
        assert "last reviewed" in markdown and "practice plan" in markdown
        root.locator("h3").first.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-planner-livestream-plan.png")
        img.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-planner-livestream-checked.png")
        assert axe_violations(pg, "exercise-planner-livestream") == []
    saved = store.get("planner-clicker", "exercise")[ex.id]
    assert saved == {"choices": {f.id: chosen[f.id].id for f in ex.fields}}


def active(page) -> dict:
    """What has the keyboard focus: its tag, type, checked state and text."""
    return page.evaluate(
        "(() => { const e = document.activeElement; return {tag: e.tagName, type: e.type || '',"
        " checked: !!e.checked, text: (e.textContent || '').trim(),"
        " cls: e.className || ''}; })()"
    )


def test_recording_plan_by_keyboard_survives_a_reload(browser, voila_url, course, store, tmp_path):
    """By Tab, Space and Enter alone: is the recording plan made, checked and downloaded with its
    consent log; and after a reload are the choices back?"""
    module = course.module("recording")
    ex = module.exercise("rec_decision")
    chosen = {f.id: f.options[i % len(f.options)] for i, f in enumerate(ex.fields)}
    learner = "planner-keyboard"
    with opened(browser, voila_url, module, store, learner=learner) as pg:
        first = pg.locator(f".course-{ex.id}-{ex.fields[0].id} input[type=radio]").first
        first.focus()  # the starting point; everything after is keys
        # ipywidgets' radios share no name, so Tab visits each option in turn.
        for f in ex.fields:
            for o in f.options:
                assert active(pg)["type"] == "radio"
                if o.id == chosen[f.id].id:
                    pg.keyboard.press("Space")
                    assert active(pg)["checked"]
                pg.keyboard.press("Tab")
        assert active(pg)["text"] == "Check my plan"
        pg.keyboard.press("Enter")
        feedback = pg.locator(f".course-{ex.id}-feedback")
        feedback.get_by_text("Your plan, checked").wait_for(timeout=20_000)
        assert "Check: what needs fixing" in feedback.inner_text()
        wanted = [
            "rec_decision.md", "rec_decision.pdf",
            "rec_decision-consent_log.md", "rec_decision-consent_log.pdf",
        ]  # fmt: skip
        files = {}
        for _ in range(60):  # Tab on through the feedback to each download link, then Enter
            pg.keyboard.press("Tab")
            focused = pg.evaluate("document.activeElement.getAttribute('download')")
            if focused in wanted and focused not in files:
                files[focused] = download(pg, "Enter", tmp_path)
            if len(files) == len(wanted):
                break
        assert sorted(files) == sorted(wanted)
        plan = files["rec_decision.md"].decode()
        for f in ex.fields:
            assert chosen[f.id].text in plan
        assert "last reviewed 22 November 2026" in plan
        log = files["rec_decision-consent_log.md"].decode()
        assert "| Date agreed |" in log and "|  |  |  |" in log
        assert "Date agreed" in pdf_text(files["rec_decision-consent_log.pdf"])
        assert chosen["basis"].text.split()[0] in pdf_text(files["rec_decision.pdf"])
        feedback.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-planner-recording-keyboard.png")
        assert axe_violations(pg, "exercise-planner-recording") == []
        expected = {"choices": {f.id: chosen[f.id].id for f in ex.fields}}
        assert poll(lambda: store.get(learner, "exercise").get(ex.id) == expected)

        pg.reload()
        wait_until_interactive(pg, module)
        for f in ex.fields:
            radios = pg.locator(f".course-{ex.id}-{f.id} input[type=radio]")
            states = [radios.nth(i).is_checked() for i in range(radios.count())]
            assert states == [o.id == chosen[f.id].id for o in f.options], f.id
        assert pg.locator(f".course-{ex.id}-feedback").inner_text().strip() == ""
        pg.locator(f".course-{ex.id}-exercise h3").first.scroll_into_view_if_needed()
        pg.screenshot(path=ARTIFACTS / "exercise-planner-recording-restored.png")
