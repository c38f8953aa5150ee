"""Helpers for tests and benchmarks that drive the course in Voila with Debian's Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from course.serve import voila_args

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium (Playwright cannot download its own browser here)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "chromium is not installed: run `apt-get install chromium` (tests/run does)"
        )
    return path


@contextmanager
def server(args: list[str], url: str, log: Path):
    """Run a server process until it answers at ``url``; stop it (and its kernels) on exit."""
    with open(log, "w") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for(url, proc, log)
            yield url.rstrip("/").removesuffix("/lab")
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def voila_server(notebooks: Path, port: int, log: Path):
    """A real Voila serving ``notebooks`` on localhost, with the course's settings."""
    return server(voila_args(notebooks, port), f"http://127.0.0.1:{port}/", log)


def wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voila exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Voila did not answer at {url}:\n{log.read_text()}")


def page_ready_selector(module) -> str:
    """A selector that matches once every widget of the module page has rendered."""
    parts = [f".course-{q.id}-check" for q in module.knowledge_check]
    parts += [f".course-{sc.id}-action" for sc in module.scenarios]
    parts += [f".course-{q.id}-status" for q in module.graded]
    return ", ".join(parts)


def wait_until_interactive(page, module, timeout_ms: int = 90_000) -> None:
    """Wait until every widget of the module page is on screen."""
    expected = len(module.knowledge_check) + len(module.scenarios) + len(module.graded)
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length >= n",
        arg=[page_ready_selector(module), expected],
        timeout=timeout_ms,
    )


def jupyterlab_server(root: Path, port: int, log: Path):
    """A real JupyterLab serving ``root`` on localhost without a token."""
    args = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
        "--ServerApp.password=", f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    return server(args, f"http://127.0.0.1:{port}/lab", log)


def answer_knowledge_question(page, q, option_index: int) -> str:
    """Click an option of a single-choice practice question and Check; return the feedback text."""
    page.locator(f".course-{q.id}-answer input[type=radio]").nth(option_index).check()
    page.locator(f".course-{q.id}-check").click()
    feedback = page.locator(f".course-{q.id}-feedback")
    feedback.locator("p").first.wait_for(timeout=10_000)
    return feedback.inner_text()


def play_scenario(page, sc) -> str:
    """Play a scenario by always taking the first choice; return the ending's text."""
    action = page.locator(f".course-{sc.id}-action")
    ending = page.locator(f".course-{sc.id}-ending")
    for _ in range(len(sc.steps) * 2 + 2):
        if ending.count():
            break
        page.locator(f".course-{sc.id}-choices input[type=radio]").first.check()
        action.click()
        page.locator(f".course-{sc.id}-action", has_text="Continue").wait_for(timeout=10_000)
        action.click()
        page.wait_for_function(
            "sel => !document.querySelector(sel).textContent.includes('Continue')",
            arg=f".course-{sc.id}-action",
            timeout=10_000,
        )
    ending.get_by_text("You scored").wait_for(timeout=10_000)
    return ending.inner_text()


def answer_quiz(page, module) -> dict:
    """Answer every graded question by clicking; return what responses.json should then hold."""
    expected = {}
    for q in module.quiz.questions:
        if q.kind == "multiple":
            boxes = page.locator(f".course-{q.id}-answer input[type=checkbox]")
            boxes.nth(0).check()
            boxes.nth(2).check()
            expected[q.id] = [q.option_ids[0], q.option_ids[2]]
        else:
            page.locator(f".course-{q.id}-answer input[type=radio]").nth(1).check()
            expected[q.id] = q.option_ids[1]
    return expected


def wait_for_json(path: Path, expected: dict, timeout: float = 15) -> dict | None:
    """Poll a JSON file until it holds ``expected`` (or time runs out); return what it held."""
    deadline, saved = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        if path.exists():
            saved = json.loads(path.read_text())
            if saved == expected:
                break
        time.sleep(0.2)
    return saved
