"""Helpers for tests and benchmarks that drive the course in Voila with Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from course.model.exercise import ACTION_LABELS
from course.serve import Settings, server_args, server_env
from course.server.identity import COOKIE

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: What anywidget reports (an unhandled rejection) when a widget's front end took longer than its
#: two seconds to load. choice.js keeps such a question working: see test_choice.
LOAD_TIMED_OUT = "[anywidget] Failed to initialize model."


def chromium_path() -> str:
    """Debian's chromium (Playwright cannot download its own browser here)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "chromium is not installed: run `apt-get install chromium` (tests/run does)"
        )
    return path


class Running(str):
    """A running server's base URL, with its process id."""

    pid: int


def kernel_pids(server_pid: int, learner: str | None = None) -> list[int]:
    """The kernel processes the server runs (for ``learner``, if given, as the server told each
    kernel in its environment)."""
    found = []
    wanted = f"HTTP_X_COURSE_LEARNER={learner}".encode()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
            if ppid != server_pid or not (b"ipykernel" in cmdline or b"course.kernel" in cmdline):
                continue
            env = (stat.parent / "environ").read_bytes().split(b"\0")
        except (OSError, ValueError, IndexError):
            continue
        if learner is None or wanted in env:
            found.append(int(stat.parent.name))
    return found


def kernel_info(pid: int) -> dict:
    """What a running kernel says of itself (its kernel_info reply), asked through its
    connection file, and the command line it runs."""
    from jupyter_client import BlockingKernelClient

    cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes().decode().split("\0")
    client = BlockingKernelClient(connection_file=cmdline[cmdline.index("-f") + 1])
    client.load_connection_file()
    client.start_channels()
    try:
        return {"cmdline": cmdline, **client.kernel_info(reply=True, timeout=30)["content"]}
    finally:
        client.stop_channels()


def kernel_count(server_pid: int, learner: str | None = None) -> int:
    """How many kernels the server runs (for ``learner``, if given)."""
    return len(kernel_pids(server_pid, learner))


def memory_mb(pid: int) -> tuple[float, float]:
    """A process's resident and unique (private) memory in MB, from /proc/PID/smaps_rollup."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return fields["Rss"], fields["Private_Clean"] + fields["Private_Dirty"]


@contextmanager
def server(args: list[str], url: str, log: Path, env: dict | None = None, cwd: Path | None = None):
    """Run a server process until it answers at ``url``; stop it (and its kernels) on exit."""
    with open(log, "w") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        try:
            wait_for(url, proc, log)
            running = Running(url.rstrip("/").removesuffix("/lab").removesuffix("/login"))
            running.pid = proc.pid
            yield running
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def course_server(notebooks: Path, port: int, log: Path, store_url: str, **settings):
    """The course's real server (Voila with sign-in) serving ``notebooks`` on 127.0.0.1."""
    s = Settings(notebooks=notebooks, port=port, **settings)
    url = f"http://127.0.0.1:{port}/login"
    return server(server_args(s), url, log, env=server_env(store_url))


def signed_in_context(browser, base: str, store, learner_id: str, **options):
    """A browser context holding a session cookie for ``learner_id`` (registered if new), as the
    sign-in link would leave it; the link itself is tested in test_serving."""
    if store.learner(learner_id) is None:
        store.add_learner(learner_id.replace("-", " ").title(), learner_id)
    context = browser.new_context(**({"viewport": {"width": 1200, "height": 900}} | options))
    context.add_cookies(
        [{"name": COOKIE, "value": store.new_session(learner_id), "url": base + "/"}]
    )
    context.on("page", keep_console)
    return context


#: page -> what its console said (for the report of a wait that timed out)
CONSOLES: dict = {}


def keep_console(page) -> None:
    """Keep what the page's console says; slow the page down as $BROWSER_CPU_THROTTLE says (for
    example 8: eight times slower, to bring out races a busy computer meets now and then)."""
    said = CONSOLES.setdefault(page, [])
    page.on("console", lambda msg: said.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: said.append(f"pageerror: {exc}"))
    if os.environ.get("BROWSER_CPU_THROTTLE"):
        rate = float(os.environ["BROWSER_CPU_THROTTLE"])
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextmanager
def opened(
    browser,
    voila_url: str,
    module,
    store,
    width: int = 1200,
    learner: str = "browser-tester",
    **options,
):
    """A module page open for a signed-in learner in a fresh browser context, every widget on
    screen; on leaving, no script error may have happened on the page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = signed_in_context(
        browser, voila_url, store, learner, viewport={"width": width, "height": 900}, **options
    )
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto(f"{voila_url}/voila/render/{module.id}.ipynb")
    wait_until_interactive(pg, module)
    yield pg
    context.close()
    assert errors == [], errors


def axe_violations(page, name: str) -> list:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) on the page; save its report; return the
    violations as (rule, impact, number of nodes)."""
    from axe_playwright_python import sync_playwright as axe_module  # required, never skipped

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    results = axe_module.Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    (ARTIFACTS / f"axe-{name}.txt").write_text(results.generate_report())
    return [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]]


def poll(probe, timeout: float = 15):
    """Call ``probe()`` until it returns something true or time runs out; return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    return probe()


def download(page, link, tmp_path: Path) -> bytes:
    """Follow a download link (clicked, or given as a key to press) and return the file."""
    with page.expect_download() as info:
        if isinstance(link, str):
            page.keyboard.press(link)
        else:
            link.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def pdf_text(data: bytes) -> str:
    """The words of a PDF, whitespace joined, as a reader extracts them."""
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join("".join(p.extract_text() for p in pages).split())


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


def widget_count(module) -> int:
    """How many widgets a module page shows: exercises, practice questions, scenarios, graded
    questions and the finish button."""
    return (
        len(module.exercises)
        + len(module.knowledge_check)
        + len(module.scenarios)
        + len(module.graded)
        + 1  # the finish button
    )


def page_ready_selector(module) -> str:
    """A selector that matches once every widget of the module page has rendered."""
    parts = [f".course-{ex.id}-exercise" for ex in module.exercises]
    parts += [f".course-{q.id}-check" for q in module.knowledge_check]
    parts += [f".course-{sc.id}-action" for sc in module.scenarios]
    parts += [f".course-{q.id}-status" for q in module.graded]
    parts.append(".course-finish")
    return ", ".join(parts)


def wait_until_interactive(page, module, timeout_ms: int = 90_000) -> None:
    """Wait until every widget of the module page is on screen; if they are not all there in
    time, fail with what is missing, the page's console and a screenshot (in test-artifacts)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    expected = widget_count(module)
    try:
        page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length >= n",
            arg=[page_ready_selector(module), expected],
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:
        raise AssertionError(not_interactive(page, module, timeout_ms)) from None


def not_interactive(page, module, timeout_ms: int) -> str:
    """Why a module page is not interactive: the widgets missing, the app's status line, the
    page's console; a screenshot and the page's HTML are saved beside the other artefacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = ARTIFACTS / f"not-interactive-{module.id}-{time.strftime('%H%M%S')}"
    try:
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        wanted = page_ready_selector(module).split(", ")
        missing = [sel for sel in wanted if not page.locator(sel).count()]
        shown = page.evaluate(
            "() => [...document.querySelectorAll('.course-app-shown')]"
            ".map(e => e.dataset.courseModule)"
        )
        status = page.evaluate(
            "() => document.querySelector('.course-app-status')?.textContent ?? null"
        )
    except Exception as err:  # the page itself is gone
        missing, shown, status = f"unknown ({err})", "unknown", "unknown"
    console = "\n  ".join(CONSOLES.get(page, [])[-40:]) or "(nothing)"
    return (
        f"{module.id} not interactive after {timeout_ms / 1000:.0f} s at {page.url}\n"
        f"missing: {missing}\napp shows: {shown}; app status: {status!r}\n"
        f"console:\n  {console}\nsaved: {stem}.png, .html"
    )


async def wait_until_interactive_async(page, module, timeout_ms: int = 300_000) -> int:
    """The asyncio version of :func:`wait_until_interactive`; returns the widgets on screen."""
    expected = widget_count(module)
    await page.wait_for_function(
        "([sel, n]) => document.querySelectorAll(sel).length >= n",
        arg=[page_ready_selector(module), expected],
        timeout=timeout_ms,
    )
    return await page.locator(page_ready_selector(module)).count()


def jupyterlab_server(root: Path, port: int, log: Path, env: dict | None = None):
    """A real JupyterLab serving ``root`` on localhost without a token, started in ``root`` (so
    that nbgrader's formgrader finds the course folder there)."""
    args = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
        f"--port={port}", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
        "--ServerApp.password=", f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    # a workspace of its own: JupyterLab otherwise restores the tabs another server left open
    env = {**(env or os.environ), "JUPYTERLAB_WORKSPACES_DIR": str(log.parent / "workspaces")}
    return server(args, f"http://127.0.0.1:{port}/lab", log, env=env, cwd=root)


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


REPO = Path(__file__).resolve().parent.parent


def paper_for(module, learner: str):
    """The module quiz as this learner's page shows it (their own order of options)."""
    from course.paper import PAPERS_DIR, learner_paper, read_form

    form = read_form(REPO / "notebooks" / PAPERS_DIR / f"{module.quiz.id}.json")
    return learner_paper(form, learner)


def answer_quiz(page, module, learner: str) -> dict:
    """Answer every graded question by clicking; return what the learner's record (or
    responses.json) should then hold."""
    expected = {}
    for q in paper_for(module, learner).questions:
        if q.kind == "moderation":  # the first post removed, the second escalated
            for post, action in zip(q.posts[:2], ["remove", "escalate"], strict=True):
                page.locator(f".course-{post.id}-decision").get_by_label(
                    ACTION_LABELS[action], exact=True
                ).check()
            expected[q.id] = [f"{q.posts[0].id}_remove", f"{q.posts[1].id}_escalate"]
        elif q.kind == "written":
            box = page.locator(f".course-{q.id}-text textarea")
            box.fill("On 11 March 2026 at 6.40pm the child said something I wrote down.")
            page.locator(f".course-{q.id}-save").click()
            expected[q.id] = "On 11 March 2026 at 6.40pm the child said something I wrote down."
        elif q.kind == "multiple":
            boxes = page.locator(f".course-{q.id}-answer input[type=checkbox]")
            boxes.nth(0).check()
            boxes.nth(2).check()
            expected[q.id] = [q.option_ids[0], q.option_ids[2]]
        else:
            page.locator(f".course-{q.id}-answer input[type=radio]").nth(1).check()
            expected[q.id] = q.option_ids[1]
    return expected
