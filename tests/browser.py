"""Helpers for tests and benchmarks that drive the course in Voila with Debian's Chromium."""

from __future__ import annotations

import shutil
import subprocess
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
def voila_server(notebooks: Path, port: int, log: Path):
    """A real Voila serving ``notebooks`` on localhost; stopped (with its kernels) on exit."""
    with open(log, "w") as out:
        proc = subprocess.Popen(voila_args(notebooks, port), stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for(f"http://127.0.0.1:{port}/", proc, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


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
    parts += [f".course-{q.id}-status" for q in module.quiz.questions]
    return ", ".join(parts)


def wait_until_interactive(page, module, timeout_ms: int = 90_000) -> None:
    """Wait until every widget of the module page is on screen."""
    expected = len(module.knowledge_check) + len(module.scenarios) + len(module.quiz.questions)
    page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length >= n",
        arg=[page_ready_selector(module), expected],
        timeout=timeout_ms,
    )
