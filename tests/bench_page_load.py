"""Benchmark: how long the module page takes to become interactive in Chromium for a signed-in
learner on the course's server, and what each page's kernel costs in memory. Not a test: it
measures and prints.

    .venv/bin/python -m tests.bench_page_load [--loads 5] [--module all|ID]

Time until interactive = from navigation start until every widget of the page (each practice
question's Check button, the scenario's button, each graded question) is on screen.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

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


def measure(browser, url, store, module, loads: int) -> tuple[list[float], list[float]]:
    """Open the module's page ``loads`` times; (seconds until interactive, kernel MB RSS) each."""
    times, rss = [], []
    for _ in range(loads):
        context = signed_in_context(browser, url, store, LEARNER)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{url}/voila/render/{module.id}.ipynb")
        wait_until_interactive(page, module)
        times.append(time.perf_counter() - start)
        rss.append(max((memory_mb(k)[0] for k in kernel_pids(url.pid, LEARNER)), default=0.0))
        page.close(run_before_unload=True)  # the tab closes: its kernel stops
        context.close()
        time.sleep(1)
    return times, rss


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--loads", type=int, default=5)
    args.add_argument("--module", default="all", help="a module id, or all (the default)")
    opts = args.parse_args()
    course = load_course()
    modules = (
        list(course.modules.values()) if opts.module == "all" else [course.module(opts.module)]
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(course, root)
        store = open_store(f"sqlite:///{root / 'course.sqlite3'}")
        with course_server(root / "notebooks", free_port(), root / "voila.log", store.url) as url:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                results = {m.id: measure(browser, url, store, m, opts.loads) for m in modules}
                browser.close()
    print(f"{opts.loads} loads per page in Chromium, signed in; seconds until interactive")
    print(f"{'module':<15} {'median':>6} {'min':>6} {'max':>6}  kernel MB RSS (median)")
    for mid, (times, rss) in results.items():
        print(
            f"{mid:<15} {statistics.median(times):>6.2f} {min(times):>6.2f} {max(times):>6.2f}"
            f"  {statistics.median(rss):.0f}"
        )


if __name__ == "__main__":
    main()
