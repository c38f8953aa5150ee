"""Benchmark: many learners arriving at once on one course server. Not a test: it measures and
prints, for each crowd size, the seconds until the first, median and last learner's page is
interactive, and memory: each page kernel's unique (USS) and resident (RSS) memory and the
server process's RSS.

    .venv/bin/python -m tests.bench_load [--learners 10 20 40] [--module communities]

Each crowd gets a fresh server and store; every learner is signed in (a session cookie, as their
link leaves it) and opens the same module page at the same moment.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

from course.loader import keyed_course as load_course
from course.render import build
from course.server.identity import COOKIE
from course.store import open_store
from tests.browser import (
    CHROMIUM_FLAGS,
    chromium_path,
    course_server,
    kernel_pids,
    memory_mb,
    wait_until_interactive_async,
)
from tests.conftest import free_port


async def arrive(browser, url: str, store, module, n: int, start: float) -> float:
    """One learner opens the page; seconds from the crowd's start until it is interactive."""
    context = await browser.new_context()
    await context.add_cookies(
        [{"name": COOKIE, "value": store.new_session(f"crowd-{n:03d}"), "url": url + "/"}]
    )
    page = await context.new_page()
    await page.goto(f"{url}/voila/render/{module.id}.ipynb", timeout=600_000)
    await wait_until_interactive_async(page, module, timeout_ms=600_000)
    return time.perf_counter() - start


async def crowd(url: str, store, module, size: int) -> list[float]:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        start = time.perf_counter()
        times = await asyncio.gather(
            *(arrive(browser, url, store, module, n, start) for n in range(size))
        )
        await browser.close()
        return times


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--learners", type=int, nargs="+", default=[10, 20, 40])
    args.add_argument("--module", default="communities")
    opts = args.parse_args()
    course = load_course()
    module = course.module(opts.module)
    print(f"Learners arriving together at the {module.id} page, Chromium, 2-core machine")
    print("learners  first  median   last  kernels  kernel USS MB  kernel RSS MB  server RSS MB")
    for size in opts.learners:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            build(course, root)
            store = open_store(f"sqlite:///{root / 'course.sqlite3'}")
            for n in range(size):
                store.add_learner(f"Crowd {n}", f"crowd-{n:03d}")
            with course_server(
                root / "notebooks", free_port(), root / "server.log", store.url
            ) as url:
                times = asyncio.run(crowd(url, store, module, size))
                kernels = [memory_mb(pid) for pid in kernel_pids(url.pid)]
                server_rss = memory_mb(url.pid)[0]
        uss = statistics.median(k[1] for k in kernels)
        rss = statistics.median(k[0] for k in kernels)
        print(
            f"{size:>8} {min(times):>6.1f} {statistics.median(times):>7.1f} {max(times):>6.1f}"
            f" {len(kernels):>8} {uss:>14.0f} {rss:>14.0f} {server_rss:>14.0f}",
            flush=True,
        )

if __name__ == "__main__":
    main()
