"""Benchmark: how long the module page takes to become interactive in Chromium, and what each
page's kernel costs in memory. Not a test: it measures and prints.

    .venv/bin/python -m tests.bench_page_load [--loads 5] [--module all|ID]

Time until interactive = from navigation start until every widget of the page (each practice
question's Check button, the scenario's button, each graded question) is on screen.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from course.loader import load_course
from course.render import build
from tests.browser import CHROMIUM_FLAGS, chromium_path, voila_server, wait_until_interactive
from tests.conftest import free_port


def kernel_rss_mb() -> list[float]:
    """Resident memory of every running ipykernel process, in MB."""
    out = subprocess.run(["ps", "-eo", "rss,args"], capture_output=True, text=True).stdout
    return [
        int(line.split()[0]) / 1024 for line in out.splitlines() if "ipykernel_launcher" in line
    ]


def measure(browser, url: str, module, loads: int) -> tuple[list[float], list[float]]:
    """Open the module's page ``loads`` times; (seconds until interactive, kernel MB RSS) each."""
    times, rss = [], []
    for _ in range(loads):
        context = browser.new_context()
        page = context.new_page()
        start = time.perf_counter()
        page.goto(f"{url}/voila/render/{module.id}.ipynb")
        wait_until_interactive(page, module)
        times.append(time.perf_counter() - start)
        rss.append(max(kernel_rss_mb(), default=0.0))
        context.close()
        time.sleep(1)  # let Voila shut the closed page's kernel down
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
        with voila_server(root / "notebooks", free_port(), root / "voila.log") as url:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                results = {m.id: measure(browser, url, m, opts.loads) for m in modules}
                browser.close()
    print(f"{opts.loads} loads per page in Chromium via Voila; seconds until interactive")
    print(f"{'module':<15} {'median':>6} {'min':>6} {'max':>6}  kernel MB RSS (median)")
    for mid, (times, rss) in results.items():
        print(
            f"{mid:<15} {statistics.median(times):>6.2f} {min(times):>6.2f} {max(times):>6.2f}"
            f"  {statistics.median(rss):.0f}"
        )


if __name__ == "__main__":
    main()
