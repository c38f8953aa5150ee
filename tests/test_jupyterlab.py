"""Do the widgets behave the same in JupyterLab as in Voila? A real JupyterLab, driven by
Playwright in Debian's Chromium: run all cells, practise, play the scenario, answer the quiz,
then run everything again and see the saved answers shown and left unchanged."""

from __future__ import annotations

import pytest

from course.responses import RESPONSES_FILE
from tests.browser import (
    CHROMIUM_FLAGS,
    answer_knowledge_question,
    answer_quiz,
    chromium_path,
    jupyterlab_server,
    play_scenario,
    wait_for_json,
    wait_until_interactive,
)
from tests.conftest import REPO, free_port

pytestmark = pytest.mark.slow

ARTIFACTS = REPO / "test-artifacts" / "jupyterlab"


def run_all_cells(page) -> None:
    """Run > Run All Cells, from JupyterLab's menu bar, as a learner is told to."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()


def test_same_behaviour_in_jupyterlab(course, built, tmp_path):
    """Practice feedback, scenario ending and saved quiz answers, as in Voila; re-running all
    cells shows the saved answers and does not rewrite the file."""
    sync_api = pytest.importorskip("playwright.sync_api")
    module = course.module("communities")
    notebooks = built / "notebooks"
    (notebooks / RESPONSES_FILE).unlink(missing_ok=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (
        jupyterlab_server(notebooks, free_port(), tmp_path / "lab.log") as url,
        sync_api.sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/lab/tree/{module.id}.ipynb")
        page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
        page.get_by_text("Kernel status: Idle").first.wait_for(state="attached", timeout=90_000)
        run_all_cells(page)
        wait_until_interactive(page, module)

        q = next(q for q in module.knowledge_check if q.kind == "single")
        right = q.option_ids.index(q.correct_ids[0])
        assert "✔ Correct." in answer_knowledge_question(page, q, right)
        assert "You scored" in play_scenario(page, module.scenarios[0])
        expected = answer_quiz(page, module)
        path = notebooks / RESPONSES_FILE
        assert wait_for_json(path, expected) == expected
        page.screenshot(path=ARTIFACTS / "answered.png")

        before = path.stat().st_mtime_ns
        run_all_cells(page)
        first = module.quiz.questions[0]
        status = page.locator(f".course-{first.id}-status")
        status.get_by_text("Your answer is saved.").wait_for(timeout=30_000)
        checked = page.locator(f".course-{first.id}-answer input:checked")
        assert checked.count() >= 1
        assert path.stat().st_mtime_ns == before
        assert wait_for_json(path, expected, timeout=1) == expected
        page.screenshot(path=ARTIFACTS / "rerun.png")
        browser.close()
