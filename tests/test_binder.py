"""Does the course work on Binder? repo2docker emulated without Docker: the files git would commit
copied as Binder clones them, a fresh virtual environment with the Python binder/runtime.txt names,
repo2docker's base packages, `pip install -r binder/requirements.txt`, binder/postBuild run with
the copy as the user's home (repo2docker's REPO_DIR is $HOME), then a Jupyter server started from
that environment and the course home opened through Voila in Chromium.

Locally repo2docker runs `jupyter notebook`, as here, and the course has one learner, `local`. On
mybinder.org a hub starts the same server with $JUPYTERHUB_USER set, so the learner's id is that
Binder user name instead; the rest is the same."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser import axe_violations, server, wait_until_interactive
from tests.conftest import REPO, free_port

HOME = "notebooks/home.ipynb"
BINDER = REPO / "binder"
ARTIFACTS = REPO / "test-artifacts" / "binder"
#: What repo2docker's Python 3.11 environment holds before the repository's own requirements
#: (its conda lock of October 2025), as the same versions from PyPI. jupyterhub-singleuser is left
#: out: it only starts the server when a hub does.
BINDER_BASE = [
    "jupyterlab==4.4.9",
    "notebook==7.4.7",
    "jupyter_server==2.17.0",
    "ipywidgets==8.1.7",
    "ipykernel==7.0.1",
    "jupyter-resource-usage==1.2.0",
    "jupyter-offlinenotebook==0.3.2",
]
#: Set by this machine or the test's own environment; none of them exists on Binder.
NOT_ON_BINDER = ("JUPYTER", "COURSE_", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "XDG_", "MPL")
SECRET_NAMES = re.compile(r"\.(key|pem|sqlite3?|db)$")


def runtime_version() -> tuple[int, int]:
    """The Python version binder/runtime.txt asks for, as (major, minor)."""
    text = (BINDER / "runtime.txt").read_text().strip()
    found = re.fullmatch(r"python-(\d+)\.(\d+)", text)
    if not found:
        raise ValueError(f"binder/runtime.txt should read python-X.Y, not {text!r}")
    return int(found[1]), int(found[2])


def binder_python() -> str:
    """The interpreter for runtime.txt's version: pythonX.Y on PATH, or this one if it matches."""
    major, minor = runtime_version()
    found = shutil.which(f"python{major}.{minor}")
    if found:
        return found
    if sys.version_info[:2] == (major, minor):
        return sys.executable
    pytest.fail(f"binder/runtime.txt asks for Python {major}.{minor}, which is not installed here")


def clone(dest: Path) -> list[str]:
    """Copy the files git would commit (tracked, plus new ones not ignored) into ``dest``, as
    Binder's clone would hold them; return their paths."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    files = [f for f in listed if f and (REPO / f).is_file()]
    for rel in files:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, dest / rel)  # keeps postBuild executable
    return files


def binder_env(venv: Path, home: Path | None = None) -> dict[str, str]:
    """This machine's environment with the Binder venv first on PATH and this test's own venv and
    Jupyter settings removed; ``home`` as $HOME if given (pip keeps the real one for its cache)."""
    ours = Path(sys.prefix).resolve()
    path = os.environ["PATH"].split(os.pathsep)
    path = [p for p in path if ours not in Path(p).resolve().parents]
    env = {k: v for k, v in os.environ.items() if not k.startswith(NOT_ON_BINDER)}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), *path])
    if home is not None:
        env["HOME"] = str(home)
    return env


def run(args: list[str], env: dict, cwd: Path) -> str:
    """Run one build step; fail with its output; return that output."""
    done = subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed:\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
    return done.stdout + done.stderr


def log_tail(log: Path, lines: int = 40) -> str:
    """The end of the server's log, where a kernel's error is written."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text(errors="replace"))  # no colour codes
    return "\n".join(text.splitlines()[-lines:])


def open_link(page, link):
    """Follow a link on the page and return the page it opened (JupyterLab's renderer gives
    links in cell output target="_blank", so that is usually a new tab)."""
    if link.get_attribute("target") != "_blank":
        link.click()
        return page
    with page.context.expect_page() as opened:
        link.click()
    return opened.value


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """The Binder image, emulated: (repo copy, venv, postBuild's output, the files postBuild
    added to the clone)."""
    root = tmp_path_factory.mktemp("binder")
    repo, venv = root / "repo", root / "venv"
    files = clone(repo)
    run([binder_python(), "-m", "venv", str(venv)], os.environ, root)
    pip_env = binder_env(venv)
    # --no-compile: the same packages, without byte-compiling every file (Python does that on
    # import); it saves CPU time on a 2-core machine and changes nothing a learner meets.
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile"]
    run([*pip, *BINDER_BASE], pip_env, repo)
    run([*pip, "-r", "binder/requirements.txt"], pip_env, repo)  # repo2docker's own command
    out = run(["./binder/postBuild"], binder_env(venv, home=repo), repo)
    made = {p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file()} - set(files)
    return repo, venv, out, made


def test_runtime_is_python_311_or_later():
    """Does binder/runtime.txt ask for Python 3.11 or later (matplotlib and nbgrader need it;
    repo2docker's default is older)?"""
    assert runtime_version() >= (3, 11)


@pytest.mark.slow
def test_postbuild_builds_the_course_and_bakes_in_no_secrets(image):
    """Does postBuild build the course home and give Voila the course's settings, leaving no key,
    store or other learner data in the image (it is the same for everyone who launches it)?"""
    repo, venv, out, made = image
    assert any(line.endswith(HOME) for line in out.splitlines() if line.startswith("built "))
    assert (repo / HOME).is_file()
    settings = (venv / "etc" / "jupyter" / "jupyter_server_config.json").read_text()
    assert '"allow_theme_override": "NO"' in settings
    assert [p for p in made if p.startswith("data/") or SECRET_NAMES.search(p)] == []
    for rel in made:
        assert b"PRIVATE KEY" not in (repo / rel).read_bytes(), rel


@pytest.mark.slow
def test_course_home_opens_in_voila_on_binder(image, browser, course):
    """Does the Binder launch link's page, /voila/render/notebooks/home.ipynb on the Jupyter server,
    show the course home with no error and no accessibility violation, and does its first module
    link open the module for the one self-study learner, `local`?"""
    from course.store import open_store

    repo, venv, _, _ = image
    token = secrets.token_hex(16)
    port = free_port()
    args = [
        str(venv / "bin" / "jupyter"), "notebook", "--no-browser", "--ip=127.0.0.1",
        f"--port={port}", "--ServerApp.default_url=/lab", f"--IdentityProvider.token={token}",
    ]  # fmt: skip
    if os.geteuid() == 0:  # Binder never runs as root; this machine may
        args.append("--allow-root")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = repo.parent / "server.log"
    url = f"http://127.0.0.1:{port}/lab"
    with server(args, url, log, env=binder_env(venv, home=repo), cwd=repo) as base:
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        errors: list[str] = []  # script errors on any page of this context, new tabs too
        context.on("page", lambda pg: pg.on("pageerror", lambda exc: errors.append(str(exc))))
        page = context.new_page()
        page.goto(f"{base}/voila/render/{HOME}?token={token}")
        title = page.get_by_role("heading", level=1, name=course.title)
        try:  # a cell that fails (a missing package) shows Voila's error box instead
            title.or_(page.get_by_text("There was an error")).first.wait_for(timeout=120_000)
        finally:
            page.screenshot(path=ARTIFACTS / "home.png", full_page=True)
        assert title.is_visible(), f"the course home failed:\n{log_tail(log)}"
        assert page.get_by_role("heading", level=2, name="Modules").is_visible()
        assert "could not be loaded" not in page.locator("body").inner_text()
        assert axe_violations(page, "binder-home") == []

        module = open_link(page, page.locator('a[href$="welcome.ipynb"]').first)
        wait_until_interactive(module, course.module("welcome"))
        module.screenshot(path=ARTIFACTS / "welcome.png")
        context.close()
    assert errors == [], errors
    store = open_store(f"sqlite:///{repo / 'data' / 'course.sqlite3'}")
    assert [learner.id for learner in store.learners()] == ["local"]
    assert "welcome" in store.get("local", "progress")
