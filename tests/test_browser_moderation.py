"""The moderation queue in the course's real server (Voila with sign-in) and Debian's Chromium:
every post decided by mouse clicks and both rounds checked, with per-post feedback and scores and
axe-core finding nothing with the feedback on screen; a fresh learner does a round by keyboard
alone; the decisions come back after a reload."""

from __future__ import annotations

import pytest

from course.exercises.moderation import numbered
from course.model.exercise import ACTION_LABELS, ACTIONS
from tests.browser import (
    ARTIFACTS,
    axe_violations,
    opened,
    poll,
    wait_until_interactive,
)

pytestmark = pytest.mark.slow

EXERCISE = "comm_ex_queue"


@pytest.fixture
def module(course):
    return course.module("communities")


@pytest.fixture
def queue(module):
    return module.exercise(EXERCISE)


def shoot(page, locator, name: str) -> None:
    """Screenshot a tall part of the page: Voila scrolls inside #rendered_cells, so the viewport
    is made tall enough to hold it all first."""
    box = locator.bounding_box()
    page.set_viewport_size({"width": 1200, "height": int(box["height"]) + 400})
    locator.scroll_into_view_if_needed()
    locator.screenshot(path=ARTIFACTS / f"exercise-moderation-{name}.png")
    page.set_viewport_size({"width": 1200, "height": 900})


def saved(store, learner: str):
    return (store.get(learner, "exercise").get(EXERCISE) or {}).get("decisions")


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_every_post_decided_by_clicks(browser, voila_url, module, queue, store):
    """Decided by clicks, with one wrong call in each round: does checking each round show every
    post's decision, right or not in words and symbols, the feedback for that decision and the
    round's score; is every decision saved; and does axe-core find nothing with feedback shown?"""
    learner = "moderation-clicker"
    store.delete_data(learner)
    wrong = {"mod_p08": "remove", "mod_p10": "approve"}  # the pattern's end; a live breach
    decisions = {p.id: wrong.get(p.id, p.correct) for p in queue.posts}
    numbers = numbered(queue)
    with opened(browser, voila_url, module, store, learner=learner) as pg:
        root = pg.locator(f".course-{EXERCISE}-exercise")
        assert (
            "Already live"
            in root.locator(f".course-{queue.rounds[1].posts[0].id}-post").inner_text()
        )
        for pid, action in decisions.items():
            radios = pg.locator(f".course-{pid}-decision input[type=radio]")
            radios.nth(ACTIONS.index(action)).check()
        for rnd in queue.rounds:
            feedback = pg.locator(f".course-{EXERCISE}-{rnd.id}-feedback")
            assert feedback.inner_text().strip() == ""
            pg.locator(f".course-{EXERCISE}-{rnd.id}-check").click()
            n = len(rnd.posts)
            feedback.get_by_text(f"{n - 1} of {n} right.").wait_for(timeout=20_000)
            shown = one_line(feedback.inner_text())
            assert shown.count("✔ Right.") == n - 1 and shown.count("✘ Not the best call.") == 1
            for p in rnd.posts:
                made = decisions[p.id]
                assert (
                    f"Post {numbers[p.id]} ({p.author}): You chose: {ACTION_LABELS[made]}." in shown
                )
                assert one_line(p.feedback[made])[:50] in shown
        assert poll(lambda: saved(store, learner) == decisions or None)
        live = pg.locator(f".course-{EXERCISE}-{queue.rounds[1].id}-feedback").inner_text()
        assert "replies" in live.lower()
        shoot(pg, root, "clicks")
        assert axe_violations(pg, "exercise-moderation") == []


def test_a_round_by_keyboard_then_reload(browser, voila_url, module, queue, store):
    """A fresh learner, keyboard alone: Tab to each post's decision, Space to choose, Enter on the
    check button; is the round scored in full, and after a reload are the decisions still there?"""
    learner = "moderation-keyboard"
    store.delete_data(learner)
    first = queue.rounds[0]
    order = [pid for pid in numbered(queue) if pid in {p.id for p in first.posts}]
    right = {p.id: p.correct for p in first.posts}
    with opened(browser, voila_url, module, store, learner=learner) as pg:
        radios = [pg.locator(f".course-{pid}-decision input[type=radio]") for pid in order]
        radios[0].first.focus()  # the first stop in the queue; everything after is keys
        position = 0
        for i, pid in enumerate(order):
            target = i * len(ACTIONS) + ACTIONS.index(right[pid])
            for _ in range(target - position):
                pg.keyboard.press("Tab")
            position = target
            pg.keyboard.press("Space")
            assert radios[i].nth(ACTIONS.index(right[pid])).is_checked()
        for _ in range(len(ACTIONS) + 2):
            if pg.evaluate("document.activeElement.textContent") == "Check my decisions":
                break
            pg.keyboard.press("Tab")
        pg.keyboard.press("Enter")
        feedback = pg.locator(f".course-{EXERCISE}-{first.id}-feedback")
        n = len(first.posts)
        feedback.get_by_text(f"{n} of {n} right.").wait_for(timeout=20_000)
        assert "✘" not in feedback.inner_text()
        assert poll(lambda: saved(store, learner) == right or None)
        shoot(pg, pg.locator(f".course-{EXERCISE}-{first.id}"), "keyboard")
        pg.reload()
        wait_until_interactive(pg, module)
        for pid in order:
            boxes = pg.locator(f".course-{pid}-decision input[type=radio]")
            states = [boxes.nth(k).is_checked() for k in range(len(ACTIONS))]
            assert states == [a == right[pid] for a in ACTIONS], pid
        assert pg.locator(f".course-{EXERCISE}-{first.id}-feedback").inner_text().strip() == ""
        assert saved(store, learner) == right
