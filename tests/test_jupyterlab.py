"""Do the widgets behave the same in JupyterLab as in Voila? A real JupyterLab, driven by
Playwright in Debian's Chromium: run all cells, practise, play the scenario, answer the quiz,
then run everything again and see the saved answers shown and left unchanged. In your own
JupyterLab the course has one learner, `local`, and keeps their work in the course's store."""

from __future__ import annotations

import os
import time

import pytest

from course.store import open_store
from tests.browser import (
    CHROMIUM_FLAGS,
    answer_knowledge_question,
    answer_quiz,
    chromium_path,
    jupyterlab_server,
    play_scenario,
    wait_until_interactive,
)
from tests.conftest import REPO, free_port

pytestmark = pytest.mark.slow

ARTIFACTS = REPO / "test-artifacts" / "jupyterlab"


def run_all_cells(page) -> None:
    """Run > Run All Cells, from JupyterLab's menu bar, as a learner is told to. If no cell has
    any output 30 s later, choose it again, as a learner would: once in five fresh-clone runs
    the first choice ran nothing (no output, nothing saved, the kernel idle)."""
    from playwright.sync_api import TimeoutError as NoOutput

    for _attempt in range(2):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            page.locator(".jp-Notebook .jp-OutputArea-output").first.wait_for(timeout=30_000)
            return
        except NoOutput:
            continue


def test_same_behaviour_in_jupyterlab(course, built, tmp_path):
    """Practice feedback, scenario ending and saved quiz answers, as in Voila; re-running all
    cells shows the saved answers and does not rewrite the file."""
    from playwright import sync_api  # required: a missing browser tool fails, never skips

    module = course.module("communities")
    notebooks = built / "notebooks"
    store = open_store(f"sqlite:///{tmp_path / 'course.sqlite3'}")
    env = {**os.environ, "COURSE_STORE": store.url}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (
        jupyterlab_server(notebooks, free_port(), tmp_path / "lab.log", env=env) as url,
        sync_api.sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/lab/tree/{module.id}.ipynb")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
        page.get_by_text("Kernel status: Idle").first.wait_for(state="attached", timeout=90_000)
        run_all_cells(page)
        try:
            wait_until_interactive(page, module)
        finally:
            page.screenshot(path=ARTIFACTS / "opened.png", full_page=True)

        q = next(q for q in module.knowledge_check if q.kind == "single")
        right = q.option_ids.index(q.correct_ids[0])
        assert "✔ Correct." in answer_knowledge_question(page, q, right)
        assert "You scored" in play_scenario(page, module.scenarios[0])
        expected = answer_quiz(page, module, "local")
        assert saved(store, expected) == expected
        page.screenshot(path=ARTIFACTS / "answered.png")

        run_all_cells(page)
        first = module.quiz.questions[0]
        status = page.locator(f".course-{first.id}-status")
        status.get_by_text("Your answer is saved.").wait_for(timeout=30_000)
        checked = page.locator(f".course-{first.id}-answer input:checked")
        assert checked.count() >= 1
        assert store.get("local", "answer") == expected
        page.screenshot(path=ARTIFACTS / "rerun.png")
        browser.close()


def saved(store, expected: dict, timeout: float = 15) -> dict:
    """The local learner's stored answers, once they match ``expected`` or time runs out."""
    deadline = time.monotonic() + timeout
    while store.get("local", "answer") != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return store.get("local", "answer")


def test_voila_in_jupyterlab_ignores_theme_links(built, tmp_path):
    """With `python -m course jupyter-config` applied, does Voila inside a trainer's JupyterLab
    ignore a crafted `?theme=` link (reflected into the page unescaped otherwise)?"""
    import urllib.parse
    import urllib.request

    from course.serve import write_jupyter_settings

    config = tmp_path / "config"
    write_jupyter_settings(config)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config)}
    attack = '"><script>window.pwned=1</script>'
    with jupyterlab_server(built / "notebooks", free_port(), tmp_path / "lab.log", env=env) as url:
        link = f"{url}/voila/render/welcome.ipynb?theme={urllib.parse.quote(attack)}"
        with urllib.request.urlopen(link, timeout=120) as r:
            page = r.read().decode()
    assert "course-signpost" in page
    assert "window.pwned" not in page
