"""Shared fixtures: the repository, the shipped content, and a fresh build in a temporary folder."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from course.loader import Course, load_course
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
    return load_course()


@pytest.fixture(scope="session")
def built(course: Course, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository-shaped folder holding a fresh build (notebooks/ and autograder/)."""
    root = tmp_path_factory.mktemp("built")
    build(course, root)
    shutil.copy(REPO / "autograder" / "nbgrader_config.py", root / "autograder")
    return root


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
