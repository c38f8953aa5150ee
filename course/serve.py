"""Serve the learner notebooks as web apps with Voila, with the settings the course needs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: nbgrader's and notebook's lab extensions break widget rendering in Voila's front end
#: (voila issues 1514 and 1483): widgets went missing on load until these were denied.
EXTENSION_DENYLIST = ["@jupyter/nbgrader", "@jupyter-notebook/lab-extension"]
#: Voila never stops the kernel of a closed tab; stop kernels idle this long (seconds).
CULL_IDLE_SECONDS = 20 * 60


def voila_args(notebooks: Path, port: int, open_browser: bool = False) -> list[str]:
    """The command line that serves ``notebooks`` on localhost:``port``."""
    args = [
        sys.executable,
        "-m",
        "voila",
        str(notebooks),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
    ]
    args += [f"--VoilaConfiguration.extension_denylist={name}" for name in EXTENSION_DENYLIST]
    if not open_browser:
        args.append("--no-browser")
    return args


def serve(notebooks: Path, port: int, open_browser: bool) -> None:
    """Replace this process with Voila serving the course."""
    pages = sorted(p.name for p in notebooks.glob("*.ipynb"))
    for page in pages:
        print(f"Course page: http://localhost:{port}/voila/render/{page}", flush=True)
    args = voila_args(notebooks, port, open_browser)
    os.execv(args[0], args)
