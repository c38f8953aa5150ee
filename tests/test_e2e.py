"""End to end, with the keyboard alone: a new learner signs in with their personal link, lands on
the course home, works through every module (a practice question answered and each module
finished), sits the final assessment, downloads their certificate, and `course verify` accepts
its token with the public key only. axe-core checks every kind of page on the way; screenshots
go to test-artifacts/e2e/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.home import FINAL
from course.pack import learner_key, load_pack
from tests.browser import axe_violations, course_server, download, pdf_text
from tests.conftest import free_port

pytestmark = pytest.mark.slow
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "e2e"
NAME = "Alex Rivers"


@pytest.fixture(scope="module")
def server(built, tmp_path_factory, store):
    """The course's server with a signing key of its own (made on the first certificate)."""
    keys = tmp_path_factory.mktemp("keys")
    saved = os.environ.get("COURSE_SIGNING_KEY")
    os.environ["COURSE_SIGNING_KEY"] = str(keys / "certificate-signing.key")
    try:
        log = tmp_path_factory.mktemp("e2e") / "server.log"
        with course_server(built / "notebooks", free_port(), log, store.url) as url:
            yield url, keys
    finally:
        if saved is None:
            os.environ.pop("COURSE_SIGNING_KEY", None)
        else:
            os.environ["COURSE_SIGNING_KEY"] = saved


def focus_on(page, test: str, key: str = "Tab", limit: int = 400) -> None:
    """Press ``key`` until the focused element passes the JavaScript ``test(el)``."""
    check = f"(() => {{ const el = document.activeElement; return !!el && ({test})(el); }})()"
    for _ in range(limit):
        if page.evaluate(check):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{key} never reached an element where {test}")


def named(text: str) -> str:
    """A test for focus_on: the element's text or accessible label starts with ``text``."""
    return f"el => (el.textContent || el.value || '').trim().startsWith({text!r})"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def no_violations(page, name: str) -> None:
    assert axe_violations(page, f"e2e-{name}") == [], name


def answer_group(page, index: int, key) -> None:
    """Answer the ``index``-th choice group on the page with the keyboard: Tab into it, then arrow
    keys (radios: one Tab stop) or Space on each right box (checkboxes: one stop each)."""
    inside = f"el => el.closest('fieldset.course-choice') === document.querySelectorAll('fieldset.course-choice')[{index}]"  # noqa: E501
    focus_on(page, inside)
    if isinstance(key, list):
        boxes = page.locator("fieldset.course-choice").nth(index).locator("input")
        for n in range(boxes.count()):
            if n:
                page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.value") in key:
                page.keyboard.press("Space")
        return
    if page.evaluate("document.activeElement.value") == key:
        page.keyboard.press("Space")
    while page.evaluate("document.activeElement.value") != key:
        page.keyboard.press("ArrowDown")


def test_a_new_learner_from_sign_in_to_a_verified_certificate(server, store, browser, course,
                                                                built, tmp_path):  # fmt: skip
    url, keys = server
    learner = store.add_learner(NAME)
    link = store.new_link(learner.id)
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{url}/login?t={link}")
    focus_on(page, named("Sign in and start"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("0 of 8 modules done").wait_for()
    shot(page, "01-home")
    no_violations(page, "home")

    modules = list(course.modules.values())
    focus_on(page, named("Start: Module 1"))
    page.keyboard.press("Enter")
    for number, module in enumerate(modules, start=1):
        finish = page.get_by_role("button", name="I have finished this module")
        finish.wait_for(timeout=90_000)
        if number == 1:
            q = next(q for q in module.knowledge_check if q.kind == "single")
            index = page.evaluate(
                "c => Array.from(document.querySelectorAll('fieldset.course-choice'))"
                ".findIndex(f => f.closest('.course-' + c))",
                q.id,
            )
            answer_group(page, index, q.correct_ids[0])
            focus_on(page, named("Check answer"))
            page.keyboard.press("Enter")
            page.locator(f".course-{q.id}").get_by_text("✔ Correct.").wait_for(timeout=10_000)
            shot(page, "02-module")
            no_violations(page, "module")
        focus_on(page, named("I have finished this module"), key="Shift+Tab")
        page.keyboard.press("Enter")
        page.get_by_role("status").get_by_text("this module is done").wait_for(timeout=10_000)
        onward = "Next: Module" if number < len(modules) else "Back to the course home"
        focus_on(page, named(onward))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    page.get_by_text("8 of 8 modules done").wait_for()
    assert store.get(learner.id, "progress")[modules[0].id]["done"] is True
    shot(page, "03-home-all-done")

    focus_on(page, named("Final assessment"))
    page.keyboard.press("Enter")
    hand_in = page.get_by_role("button", name="Hand in for scoring")
    hand_in.wait_for(timeout=90_000)
    key = learner_key(load_pack(built / "autograder" / "pack"), FINAL, learner.id)
    for index, slot in enumerate(key):
        answer_group(page, index, key[slot])
    assert page.locator("fieldset.course-choice").count() == len(key)
    no_violations(page, "final")
    focus_on(page, named("Hand in for scoring"))
    page.keyboard.press("Enter")
    page.get_by_text("You have passed the final assessment").wait_for(timeout=60_000)
    shot(page, "04-final-passed")
    record = store.get(learner.id, "progress")[FINAL]
    assert record["passed"] and record["score"] == record["max"]

    focus_on(page, named("Download your certificate"))
    pdf = download(page, "Enter", tmp_path)
    text = pdf_text(pdf)
    assert NAME in text and str(sum(m.minutes for m in modules)) in text
    assert all(m.title.split(":")[0] in text for m in modules)
    token = page.locator(".course-token code").inner_text().strip()
    done = subprocess.run(
        [sys.executable, "-m", "course", "verify", token, "--public-key",
         str(keys / "certificate-signing.pub")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Genuine" in done.stdout and NAME in done.stdout
    altered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    bad = subprocess.run(
        [sys.executable, "-m", "course", "verify", altered, "--public-key",
         str(keys / "certificate-signing.pub")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert bad.returncode == 1 and "Traceback" not in bad.stdout + bad.stderr

    page.goto(f"{url}/")
    focus_on(page, named("See, download or delete"))
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Delete everything").wait_for(timeout=90_000)
    shot(page, "05-my-data")
    no_violations(page, "my-data")
    context.close()
    assert errors == [], errors
