"""Benchmark: how fast the course opens for a signed-in learner on the course's server, against a
vanilla Voila page on the same server in the same run, and what a learner's kernel costs. Not a
test: it measures and prints.

    .venv/bin/python -m tests.bench_page_load [--loads 5] [--module all|ID] [--warm-kernels 2]
                                              [--line-mbps 0]

- *Home*: the server's own address, from navigation start until the modules list is on screen.
- *Vanilla Voila*: a one-button notebook (the least a Voila page can be), until its button shows.
- *Module pages*: until every widget of the page (each practice question's check, the scenario,
  each graded question, the finish button) is on screen.
- *Module to module*: on an open module page, following its "Next module" link until the next
  page is interactive.
- *Kernel memory*: unique (USS) and resident (RSS) memory of the page's kernel once interactive.

``--line-mbps N`` has Chromium emulate a line of N Mbit/s down (N/4 up) with 40 ms of latency,
as a learner at home would meet the server; 0 (the default) is this machine's loopback.
"""

from __future__ import annotations

import argparse
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


def timed(browser, url, store, open_page) -> tuple[float, tuple[float, float]]:
    """Seconds for ``open_page(page)`` in a fresh signed-in tab; the learner's kernel memory
    (USS, RSS) at that moment (0 when the page has no kernel)."""
    context = signed_in_context(browser, url, store, LEARNER)
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


def open_module(url, module):
    def go(page):
        page.goto(f"{url}/voila/render/{module.id}.ipynb")
        wait_until_interactive(page, module)

    return go


def module_to_module(browser, url, store, module, after) -> float:
    """Seconds from following ``module``'s Next link until ``after`` is interactive."""
    context = signed_in_context(browser, url, store, LEARNER)
    page = new_page(context)
    open_module(url, module)(page)
    start = time.perf_counter()
    page.get_by_role("navigation", name="Course").get_by_role("link", name="Next module →").click()
    wait_until_interactive(page, after)
    seconds = time.perf_counter() - start
    page.close(run_before_unload=True)
    context.close()
    time.sleep(3)  # a learner reads a page for minutes: the warm kernels refill meanwhile
    return seconds


def row(name: str, times: list[float], memory: list[tuple[float, float]] | None = None) -> str:
    text = f"{name:<22} {statistics.median(times):>6.2f} {min(times):>6.2f} {max(times):>6.2f}"
    if memory:
        uss = statistics.median(m[0] for m in memory)
        rss = statistics.median(m[1] for m in memory)
        text += f"  {uss:>5.0f} {rss:>5.0f}"
    return text


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
            with sync_playwright() as p:
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
                pairs = list(zip(modules, modules[1:], strict=False))[: max(1, opts.loads)]
                hops = [module_to_module(browser, url, store, a, b) for a, b in pairs]
                rows.append(row("module to module", hops))
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
