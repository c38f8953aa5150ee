"""Shared fixtures: the repository, the shipped content, and a fresh build in a temporary folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.loader import Course, keyed_course
from course.render import build

REPO = Path(__file__).resolve().parent.parent
GOLDENS = REPO / "tests" / "goldens"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite tests/goldens from a fresh build"
    )


@pytest.fixture(scope="session")
def course() -> Course:
    """The content shipped in the package, validated."""
    return keyed_course()


@pytest.fixture(scope="session")
def module(course: Course):
    """The module every end-to-end test drives."""
    return course.module("communities")


def build_copy(course: Course, root: Path) -> Path:
    """Build into ``root`` as into the repository: notebooks/, and autograder/ with its config."""
    shutil.copytree(REPO / "autograder" / "pack", root / "autograder" / "pack")
    build(course, root)
    shutil.copy(REPO / "autograder" / "nbgrader_config.py", root / "autograder")
    return root


@pytest.fixture(scope="session")
def built(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository-shaped folder holding a fresh build (notebooks/ and autograder/)."""
    return build_copy(course, tmp_path_factory.mktemp("built"))


def run_nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run a real nbgrader command in the course folder ``root``; fail with its output."""
    # nbgrader runs `alembic` by name: this environment's scripts must be on PATH.
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=root,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, driven by Playwright (one per test module)."""
    from playwright import sync_api  # required: a missing browser tool fails, never skips

    from tests.browser import CHROMIUM_FLAGS, chromium_path

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A fresh SQLite store for one test module's server and learners."""
    from course.store import open_store

    return open_store(f"sqlite:///{tmp_path_factory.mktemp('store') / 'course.sqlite3'}")


@pytest.fixture(scope="module")
def voila_url(built, tmp_path_factory, store):
    """The course's real server on the fresh build, for one test module's browser tests."""
    from tests.browser import course_server

    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with course_server(built / "notebooks", free_port(), log, store.url) as url:
        yield url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (fails if PostgreSQL is not installed)."""
    from tests.postgres import postgres_server

    with postgres_server() as url:
        yield url


def random_submissions(root: Path, aid: str, learners: list[str], seed: int) -> int:
    """Hand in ``aid`` (released in the nbgrader folder ``root``) for each learner, answers drawn
    at random with ``seed``, through the graded widget's own store; the paper's question count."""
    import random

    from course.paper import PAPER_FILE, learner_paper, read_form
    from course.responses import ResponseStore

    release = root / "release" / aid
    form, rng = read_form(release / PAPER_FILE), random.Random(seed)
    for learner in learners:
        folder = root / "submitted" / learner / aid
        shutil.copytree(release, folder)
        store = ResponseStore(folder)
        paper = learner_paper(form, learner)
        for q in paper.questions:
            ids = q.option_ids
            store.save(q.id, rng.choice(ids) if q.kind != "multiple" else rng.sample(ids, 2))
    return len(paper.questions)
