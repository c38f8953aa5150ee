"""Spot the clues in the course's real server (Voila with sign-in) and Debian's Chromium: details
picked by clicking on the picture itself land on the right region (and tick the list), the
check shows the score and feedback on every detail, the picks survive a reload; the same done by
keyboard alone with the list, the picture's buttons never taking focus; axe-core finds nothing
with the feedback on screen."""

from __future__ import annotations

import pytest

from course.exercises.spot_clues import css_box
from tests.browser import (
    ARTIFACTS,
    axe_violations,
    opened,
    poll,
    wait_until_interactive,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def module(course):
    return course.module("privacy")


@pytest.fixture
def ex(module):
    return module.exercise("priv_spot_clues")


def saved(store, learner: str, ex) -> dict | None:
    return store.get(learner, "exercise").get(ex.id)


def ticked(pg, scene) -> list[str]:
    return [
        r.id
        for r in scene.regions
        if pg.locator(f".course-{scene.id}-{r.id}-box input[type=checkbox]").is_checked()
    ]


def click_on_picture(pg, scene, region) -> None:
    """Click the drawn picture at the centre of where the region was drawn."""
    img = pg.locator(f".course-{scene.id}-picture img")
    img.scroll_into_view_if_needed()
    box = img.bounding_box()
    left, top, width, height = css_box(scene, region)
    x = box["x"] + (left + width / 2) / 100 * box["width"]
    y = box["y"] + (top + height / 2) / 100 * box["height"]
    pg.mouse.click(x, y)


def test_spot_clues_by_clicking_the_picture(browser, voila_url, module, ex, store):
    """Do clicks on the picture pick the detail drawn there (ticking it in the list), does Check
    my picks show found N of M, the wrong picks and why for every detail, are the picks saved
    and back after a reload, and does axe-core find nothing with the feedback shown?"""
    learner = "spot-clicker"
    store.delete_data(learner)
    scene = ex.scenes[0]
    clues = [r for r in scene.regions if r.gives_away]
    harmless = [r for r in scene.regions if not r.gives_away]
    picks = [*clues[:3], harmless[0]]
    with opened(browser, voila_url, module, store, learner=learner) as pg:
        img = pg.locator(f".course-{scene.id}-picture img")
        assert img.evaluate("i => i.naturalWidth") > 0
        # Each clickable area sits exactly over the region's place on the picture.
        img.scroll_into_view_if_needed()
        pic = img.bounding_box()
        for r in scene.regions:
            area = pg.locator(f".course-{scene.id}-{r.id}-area").bounding_box()
            left, top, width, height = css_box(scene, r)
            assert area["x"] == pytest.approx(pic["x"] + left / 100 * pic["width"], abs=2)
            assert area["y"] == pytest.approx(pic["y"] + top / 100 * pic["height"], abs=2)
            assert area["width"] == pytest.approx(width / 100 * pic["width"], abs=2)
            assert area["height"] == pytest.approx(height / 100 * pic["height"], abs=2)
        feedback = pg.locator(f".course-{scene.id}-feedback")
        assert feedback.inner_text().strip() == ""
        for n, r in enumerate(picks, start=1):
            click_on_picture(pg, scene, r)
            pg.locator(f".course-{scene.id}-{r.id}-box input:checked").wait_for(timeout=10_000)
            assert poll(lambda n=n: len(ticked(pg, scene)) == n)
        assert set(ticked(pg, scene)) == {r.id for r in picks}
        picked = pg.locator(f".course-{scene.id}-picture .course-spot-area.mod-active")
        assert picked.count() == len(picks)
        # Clicking again un-picks it.
        click_on_picture(pg, scene, harmless[0])
        assert poll(lambda: harmless[0].id not in ticked(pg, scene))
        click_on_picture(pg, scene, harmless[0])
        assert poll(lambda: harmless[0].id in ticked(pg, scene))
        pg.locator(f".course-{scene.id}-picture").screenshot(
            path=ARTIFACTS / "exercise-spot_clues-picked.png"
        )
        pg.locator(f".course-{scene.id}-check").click()
        feedback.get_by_text("Found 3 of").wait_for(timeout=15_000)
        shown = " ".join(feedback.inner_text().split())
        assert f"Found 3 of {len(clues)} details that give the child away" in shown
        assert "wrongly picked 1 harmless detail." in shown
        for r in scene.regions:
            assert " ".join(r.feedback.split()) in shown
        assert shown.count("✔ Found:") == 3 and shown.count("✘ Missed:") == len(clues) - 3
        assert shown.count("✘ Picked, but harmless:") == 1
        want = {scene.id: [r.id for r in scene.regions if r in picks], ex.scenes[1].id: []}
        assert poll(lambda: saved(store, learner, ex) == want)
        feedback.scroll_into_view_if_needed()
        feedback.screenshot(path=ARTIFACTS / "exercise-spot_clues-feedback.png")
        assert axe_violations(pg, "exercise-spot_clues") == []
        pg.reload()
        wait_until_interactive(pg, module)
        assert set(ticked(pg, scene)) == {r.id for r in picks}
        assert pg.locator(f".course-{scene.id}-picture .course-spot-area.mod-active").count() == 4
        assert pg.locator(f".course-{scene.id}-feedback").inner_text().strip() == ""


def test_spot_clues_by_keyboard_alone(browser, voila_url, module, ex, store):
    """With Tab, Space and Enter only, can the second scene be done from the list, the picture's
    buttons never taking focus, the picks shown on the picture too, checked and saved?"""
    learner = "spot-keyboard"
    store.delete_data(learner)
    scene = ex.scenes[1]
    clues = [r.id for r in scene.regions if r.gives_away]
    with opened(browser, voila_url, module, store, learner=learner) as pg:
        focused = (
            "(() => { const e = document.activeElement; const c = e && e.closest("
            '\'[class*="-box"], [class*="-check"], .course-spot-area\');'
            " return c ? c.className : (e ? e.tagName : ''); })()"
        )
        first = f"course-{scene.id}-{scene.regions[0].id}-box"
        for _ in range(400):
            pg.keyboard.press("Tab")
            where = pg.evaluate(focused)
            assert "course-spot-area" not in where
            if first in where:
                break
        else:
            pytest.fail("Tab never reached the list of details")
        for r in scene.regions:
            assert f"course-{scene.id}-{r.id}-box" in pg.evaluate(focused)
            if r.gives_away:
                pg.keyboard.press("Space")
            pg.keyboard.press("Tab")
        assert f"course-{scene.id}-check" in pg.evaluate(focused)
        assert poll(lambda: ticked(pg, scene) == clues)
        shown_on_picture = pg.locator(f".course-{scene.id}-picture .course-spot-area.mod-active")
        assert poll(lambda: shown_on_picture.count() == len(clues))
        pg.keyboard.press("Enter")
        feedback = pg.locator(f".course-{scene.id}-feedback")
        feedback.get_by_text(f"Found {len(clues)} of {len(clues)}").wait_for(timeout=15_000)
        shown = feedback.inner_text()
        assert "wrongly picked 0 harmless details" in shown and "✘" not in shown
        assert poll(lambda: saved(store, learner, ex) == {ex.scenes[0].id: [], scene.id: clues})
        pg.locator(f".course-{scene.id}-picture").screenshot(
            path=ARTIFACTS / "exercise-spot_clues-keyboard.png"
        )


def test_picture_reflows_on_a_narrow_screen(browser, voila_url, module, ex, store):
    """At 320 px wide, does the picture shrink with its buttons still over their details, and
    no sideways scrolling (WCAG 1.4.10)?"""
    with opened(browser, voila_url, module, store, width=320, learner="spot-narrow") as pg:
        wide, seen = pg.evaluate(
            "(() => { const e = document.getElementById('rendered_cells');"
            " return [e.scrollWidth, e.clientWidth]; })()"
        )
        assert 0 < wide <= seen <= 320
        scene = ex.scenes[1]
        img = pg.locator(f".course-{scene.id}-picture img")
        img.scroll_into_view_if_needed()
        pic = img.bounding_box()
        assert pic["width"] <= 320
        r = scene.regions[-1]
        area = pg.locator(f".course-{scene.id}-{r.id}-area").bounding_box()
        left, top, *_ = css_box(scene, r)
        assert area["x"] == pytest.approx(pic["x"] + left / 100 * pic["width"], abs=2)
        assert area["y"] == pytest.approx(pic["y"] + top / 100 * pic["height"], abs=2)
        pg.locator(f".course-{scene.id}-picture").screenshot(
            path=ARTIFACTS / "exercise-spot_clues-narrow.png"
        )
