"""Benchmark: how fast the course opens for a signed-in learner on the course's server, against a
vanilla Voila page on the same server in the same run, and what a learner's kernel costs. Not a
test: it measures and prints.

    .venv/bin/python -m tests.bench_page_load [--loads 5] [--module all|ID] [--warm-kernels 2]
                                              [--line-mbps 0]

- *Home*: the server's own address, from navigation start until the modules list is on screen.
- *Vanilla Voila*: a one-button notebook (the least a Voila page can be), until its button shows.
- *Module pages*: the course app (``course.ipynb?module=ID``, where the home page's links lead)
  opened at each module, until every widget of the module (each practice question's check, the
  scenario, each graded question, the finish button) is on screen. This is the one page load of
  a learner's visit.
- *Returning*: the vanilla page and the first module opened again in a browser that has opened
  them once (its cache holds the page's scripts), as for a learner coming back.
- *Next module*: in the open app, after reading for 2 seconds (the app builds the next module
  half a second after the page says the module is on screen, and the previous one half a second
  later), following "Next module →"
  until the next module is interactive. *Previous module*: the same with "← Previous module",
  on the module the app opened at.
- *Back to module left*: having come to a module from the one before it, following
  "← Previous module" (the app keeps the module just left).
- *Module not built yet*: from the first module, following its course map's link to a module
  three or more further on, which the app has neither shown nor built ahead.
- *Kernel memory*: unique (USS) and resident (RSS) memory of the page's kernel once interactive;
  and of the app's kernel after a tour of the course (every module, on and back).

``--line-mbps N`` has Chromium emulate a line of N Mbit/s down (N/4 up) with 40 ms of latency,
as a learner at home would meet the server; 0 (the default) is this machine's loopback.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from playwright.sync_api import sync_playwright

from course.loader import keyed_course as load_course
from course.render import build
from course.store import open_store
from tests.browser import (
    CHROMIUM_FLAGS,
    chromium_path,
    course_server,
    kernel_pids,
    memory_mb,
    signed_in_context,
    wait_until_interactive,
)
from tests.conftest import free_port

LEARNER = "bench"
VANILLA = "vanilla"
LINE = {"mbps": 0.0}  # set from --line-mbps


def new_page(context):
    """A tab, on the emulated line if one is set."""
    page = context.new_page()
    if LINE["mbps"]:
        down = LINE["mbps"] * 1_000_000 / 8  # bytes per second
        context.new_cdp_session(page).send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 40, "downloadThroughput": down,
             "uploadThroughput": down / 4},
        )  # fmt: skip
    return page


def vanilla_notebook(folder: Path) -> None:
    """The smallest interactive Voila page: a heading and one button."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A vanilla Voila page"),
        nbformat.v4.new_code_cell('import ipywidgets as w\nw.Button(description="Press me")'),
    ]
    nbformat.write(nb, folder / f"{VANILLA}.ipynb")


def timed(browser, url, store, open_page, returning=False) -> tuple[float, tuple[float, float]]:
    """Seconds for ``open_page(page)`` in a fresh signed-in tab; the learner's kernel memory
    (USS, RSS) at that moment (0 when the page has no kernel). ``returning``: the browser has
    opened the page once before, so its scripts are in the browser's cache."""
    context = signed_in_context(browser, url, store, LEARNER)
    if returning:
        page = new_page(context)
        open_page(page)
        page.close(run_before_unload=True)
        time.sleep(3)
    page = new_page(context)
    start = time.perf_counter()
    open_page(page)
    seconds = time.perf_counter() - start
    # The page's kernel is the largest: a warm one learns its learner after it starts, so its
    # /proc environment does not name them, and the waiting warm kernels are smaller.
    kernels = [memory_mb(k) for k in kernel_pids(url.pid)]
    memory = max(((uss, rss) for rss, uss in kernels), default=(0.0, 0.0))
    page.close(run_before_unload=True)  # the tab closes: its kernel stops
    context.close()
    time.sleep(3)  # a learner reads a page for minutes: the warm kernels refill meanwhile
    return seconds, memory


def open_home(url):
    def go(page):
        page.goto(f"{url}/")
        page.locator(".course-modules a").first.wait_for()

    return go


def open_vanilla(url):
    def go(page):
        page.goto(f"{url}/voila/render/{VANILLA}.ipynb")
        page.get_by_role("button", name="Press me").wait_for(timeout=90_000)

    return go


def course_link(page, name: str):
    return page.get_by_role("navigation", name="Course").get_by_role("link", name=name)


#: Seconds a learner reads a module before moving on (in life: minutes).
READING_SECONDS = 2


def open_module(url, module):
    def go(page):
        page.goto(f"{url}/voila/render/course.ipynb?module={module.id}")
        wait_until_interactive(page, module)

    return go


def module_to_module(browser, url, store, module, after, follow, via=None) -> float:
    """Seconds from ``follow(page)`` (a click) on ``module`` in the course app until ``after``
    is interactive (having come to ``module`` from ``via`` in the app, if given)."""
    context = signed_in_context(browser, url, store, LEARNER)
    page = new_page(context)
    open_module(url, via or module)(page)
    if via:
        time.sleep(READING_SECONDS)
        course_link(page, "Next module →").click()
        wait_until_interactive(page, module)
    time.sleep(READING_SECONDS)
    start = time.perf_counter()
    follow(page)
    wait_until_interactive(page, after)
    seconds = time.perf_counter() - start
    page.close(run_before_unload=True)
    context.close()
    time.sleep(3)  # a learner reads a page for minutes: the warm kernels refill meanwhile
    return seconds


def nav(name: str):
    return lambda page: course_link(page, name).click()


def content_link(module):
    """A click on the first link to ``module`` in the text of the module shown."""
    return lambda page: page.locator(
        f'.course-app-module a[href="{module.id}.ipynb"]'
    ).first.click()


def memory_after_a_tour(browser, url, store, modules) -> tuple[float, float]:
    """The app's kernel memory (USS, RSS) after following "Next module" through every module
    and "← Previous module" back, reading each for a moment."""
    context = signed_in_context(browser, url, store, LEARNER)
    page = new_page(context)
    open_module(url, modules[0])(page)
    for link, way in [("Next module →", modules[1:]), ("← Previous module", modules[-2::-1])]:
        for module in way:
            time.sleep(READING_SECONDS)
            course_link(page, link).click()
            wait_until_interactive(page, module)
    time.sleep(READING_SECONDS)
    memory = max((uss, rss) for rss, uss in (memory_mb(k) for k in kernel_pids(url.pid)))
    page.close(run_before_unload=True)
    context.close()
    return memory


def row(name: str, times: list[float], memory: list[tuple[float, float]] | None = None) -> str:
    text = f"{name:<22} {statistics.median(times):>6.2f} {min(times):>6.2f} {max(times):>6.2f}"
    if memory:
        uss = statistics.median(m[0] for m in memory)
        rss = statistics.median(m[1] for m in memory)
        text += f"  {uss:>5.0f} {rss:>5.0f}"
    return text


@contextlib.contextmanager
def server_log_on_failure(log: Path, rows: list[str]):
    """On a failed measurement, the rows measured so far and the end of the server's log."""
    try:
        yield
    except Exception:
        print("Measured before the failure:", *rows, sep="\n")
        print("The server's log ends:", log.read_text(errors="replace")[-6000:], sep="\n")
        raise


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--loads", type=int, default=5)
    args.add_argument("--module", default="all", help="a module id, or all (the default)")
    args.add_argument("--warm-kernels", type=int, default=2, help="as for `course serve`")
    args.add_argument("--line-mbps", type=float, default=0, help="emulate a line this fast")
    opts = args.parse_args()
    LINE["mbps"] = opts.line_mbps
    course = load_course()
    modules = list(course.modules.values())
    chosen = modules if opts.module == "all" else [course.module(opts.module)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(course, root)
        vanilla_notebook(root / "notebooks")
        store = open_store(f"sqlite:///{root / 'course.sqlite3'}")
        log = root / "voila.log"
        with course_server(
            root / "notebooks", free_port(), log, store.url, warm_kernels=opts.warm_kernels
        ) as url:
            with sync_playwright() as p, server_log_on_failure(log, rows):
                browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                timed(browser, url, store, open_vanilla(url))  # warm the server's caches once
                for name, go in [("vanilla Voila page", open_vanilla(url)),
                                 ("course home", open_home(url))]:  # fmt: skip
                    runs = [timed(browser, url, store, go) for _ in range(opts.loads)]
                    rows.append(row(name, [t for t, _ in runs], [m for _, m in runs]))
                for module in chosen:
                    go = open_module(url, module)
                    runs = [timed(browser, url, store, go) for _ in range(opts.loads)]
                    rows.append(row(module.id, [t for t, _ in runs], [m for _, m in runs]))
                for name, go in [
                    ("vanilla, returning", open_vanilla(url)),
                    (f"{chosen[0].id}, returning", open_module(url, chosen[0])),
                ]:
                    runs = [timed(browser, url, store, go, True) for _ in range(opts.loads)]
                    rows.append(row(name, [t for t, _ in runs], [m for _, m in runs]))
                pairs = list(zip(modules, modules[1:], strict=False))[: max(1, opts.loads)]
                for name, hop in [
                    ("next module (app)", lambda a, b: (a, b, nav("Next module →"))),
                    ("previous module", lambda a, b: (b, a, nav("← Previous module"))),
                ]:
                    times = [module_to_module(browser, url, store, *hop(a, b)) for a, b in pairs]
                    rows.append(row(name, times))
                hops = [module_to_module(browser, url, store, b, a, nav("← Previous module"), a)
                        for a, b in pairs]  # fmt: skip
                rows.append(row("back to module left", hops))
                far = modules[3:][: max(1, opts.loads)]  # from the course map in the first module
                hops = [module_to_module(browser, url, store, modules[0], m, content_link(m))
                        for m in far]  # fmt: skip
                rows.append(row("module not built yet", hops))
                uss, rss = memory_after_a_tour(browser, url, store, modules)
                rows.append(f"{'kernel after a tour':<22} {'':>20}  {uss:>5.0f} {rss:>5.0f}")
                browser.close()
    print(
        f"{opts.loads} loads per page in Chromium, signed in, {opts.warm_kernels} warm kernels, "
        f"{f'a {opts.line_mbps:g} Mbit/s line' if opts.line_mbps else 'loopback'}; "
        "seconds until interactive"
    )
    print(f"{'page':<22} {'median':>6} {'min':>6} {'max':>6}  kernel MB: USS   RSS (median)")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
