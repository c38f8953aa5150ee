"""A real PostgreSQL server for the tests, from Debian's package (``apt-get install postgresql``).

The server lives in a temporary folder, listens on a free port on 127.0.0.1 (its unix socket stays
in that folder), trusts local connections and is stopped and deleted at the end. PostgreSQL refuses
to run as root, so under root every server command runs as the ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

INSTALL = "PostgreSQL is not installed: run `apt-get install postgresql` (tests/run installs it)."
USER = "course"
DATABASE = "course_test"


def binaries() -> Path:
    """The bin folder of the newest PostgreSQL installed; fails the test run if there is none."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if not found:
        pytest.fail(INSTALL, pytrace=False)
    return found[-1].parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str | Path], cwd: Path, what: str) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    if result.returncode:
        pytest.fail(f"{what} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throwaway server with one empty database; yield its SQLAlchemy URL."""
    bin_dir = binaries()
    # Not pytest's tmp_path: that folder is private to root, and the server user must enter it.
    tmp = Path(tempfile.mkdtemp(prefix="course-pg-"))
    as_server: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
        as_server = ["runuser", "-u", "postgres", "--"]
    data, port = tmp / "data", free_port()
    # -F (no fsync) for speed: the tests kill clients, never the server.
    options = f"-h 127.0.0.1 -p {port} -k {tmp} -F"
    try:
        _run(
            [*as_server, bin_dir / "initdb", "-D", data, "-U", USER, "-A", "trust", "-E", "UTF8"]
            + ["--locale=C", "--no-sync"],
            tmp,
            "initdb",
        )
        start = [bin_dir / "pg_ctl", "-D", data, "-l", tmp / "server.log", "-o", options]
        result = subprocess.run(
            [*as_server, *start, "-w", "-t", "60", "start"], cwd=tmp, capture_output=True, text=True
        )
        if result.returncode:
            log = (tmp / "server.log").read_text() if (tmp / "server.log").exists() else ""
            pytest.fail(f"PostgreSQL did not start:\n{result.stderr}\n{log}", pytrace=False)
        try:
            createdb = [bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", USER]
            _run([*as_server, *createdb, DATABASE], tmp, "createdb")
            yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/{DATABASE}"
        finally:
            stop = [bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]
            subprocess.run([*as_server, *stop], cwd=tmp, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
