"""Grade a cohort at once: ``python -m course grade ASSIGNMENT``.

``nbgrader autograde ASSIGNMENT`` grades the submissions one after another in one process. This
grades them in several processes at once, each through nbgrader's own API
(``NbGraderAPI.autograde``, one learner at a time per worker) with the course folder's
nbgrader_config.py, so the scores are those nbgrader's command gives (tests/test_grade.py
compares them). Every learner is put in the gradebook first, so that workers never race to add
one. A submission whose grading fails is retried once (a locked SQLite gradebook, say); what
still fails is listed with nbgrader's reason, and the others are graded all the same.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import re
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

_api = None  # each worker's NbGraderAPI


def submitted(course_dir: Path, assignment: str) -> list[str]:
    """The learners with a submission of ``assignment`` in ``submitted/``, sorted."""
    folder = course_dir / "submitted"
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir())


def _config(course_dir: Path):
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    return config


class _CheckedSchemas:
    """``jsonschema.validate`` as nbgrader's metadata check calls it for every cell, without
    checking the (unchanging) schema itself again each time, which was a third of the time a
    submission took to grade. The same errors are raised: the best match, as jsonschema's."""

    def __init__(self):
        self._validators: dict[int, tuple[dict, object]] = {}

    def validate(self, instance, schema) -> None:
        import jsonschema

        kept = self._validators.get(id(schema))
        if kept is None or kept[0] is not schema:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            kept = self._validators[id(schema)] = (schema, cls(schema))
        error = jsonschema.exceptions.best_match(kept[1].iter_errors(instance))
        if error is not None:
            raise error


def _api_for(course_dir: Path):
    """nbgrader's API for the course folder, with its nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.nbgraderformat import common

    common.jsonschema = _CheckedSchemas()  # only its validate() is used there
    # nbgrader's gradebook warns of this at every submission; it means nothing to a trainer.
    warnings.filterwarnings("ignore", message=".*not in session, add operation along")
    return NbGraderAPI(config=_config(course_dir))


def _start_worker(course_dir: str) -> None:
    global _api
    os.chdir(course_dir)  # nbgrader_config.py names the pack relative to the course folder
    if _api is None:  # started afresh (not forked from the process that made it)
        _api = _api_for(Path(course_dir))


def _grade_one(assignment: str, learner: str) -> tuple[str, bool, str]:
    for _attempt in range(2):
        result = _api.autograde(assignment, learner, force=True, create=False)
        if result["success"]:
            return learner, True, ""
    return learner, False, reason(result)


#: The last line of a Python traceback: "package.module.SomeError: what went wrong".
_RAISED = re.compile(r"^\s*(?:[\w]+\.)*(\w+(?:Error|Exception)): (.+)$")


def reason(result: dict) -> str:
    """One line saying why nbgrader could not grade a submission: the last error its log and
    traceback name, other than nbgrader's own "see the traceback above"."""
    lines = f"{result.get('log') or ''}\n{result.get('error') or ''}".splitlines()
    for line in reversed(lines):
        found = _RAISED.match(line)
        if found and found.group(1) != "NbGraderException":
            return f"{found.group(1)}: {found.group(2).strip()}"[:300]
    errors = [line.strip() for line in lines if "[ERROR]" in line]
    return errors[0][:300] if errors else "nbgrader gave no reason"


def prepare_gradebook(course_dir: Path, assignment: str, learners: list[str]) -> None:
    """Check the assignment is in the gradebook and add every learner to it."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=_config(course_dir))
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(
                f"The gradebook has no assignment {assignment!r}: run "
                f"`nbgrader generate_assignment {assignment}` first."
            ) from None
        for learner in learners:
            gradebook.update_or_create_student(learner)
    if coursedir.db_url.startswith("sqlite:///"):
        import sqlite3

        # Workers write at once: with a write-ahead log they read while another writes (measured:
        # 40 learners in 5.8 s against 6.4 s without it).
        with contextlib.closing(sqlite3.connect(coursedir.db_url[len("sqlite:///") :])) as db:
            db.execute("PRAGMA journal_mode=WAL")


class Progress:
    """A line that shows how many are graded: redrawn on a terminal, every tenth elsewhere."""

    def __init__(self, total: int, out=sys.stderr):
        self.total, self.done, self.out = total, 0, out
        self.live = hasattr(out, "isatty") and out.isatty()

    def step(self) -> None:
        self.done += 1
        width = 30
        filled = width * self.done // self.total
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} graded"
        if self.live:
            print(f"\r{line}", end="\n" if self.done == self.total else "", file=self.out)
        elif self.done == self.total or self.done % max(1, self.total // 10) == 0:
            print(line, file=self.out)
        self.out.flush()


def grade(
    course_dir: Path, assignment: str, workers: int | None = None, out=sys.stderr
) -> dict[str, str]:
    """Grade every submission of ``assignment``; {learner: reason} for those that failed."""
    course_dir = course_dir.resolve()
    learners = submitted(course_dir, assignment)
    if not learners:
        raise ValueError(f"No submissions of {assignment!r} in {course_dir / 'submitted'}.")
    prepare_gradebook(course_dir, assignment, learners)
    workers = max(1, min(workers or os.cpu_count() or 1, len(learners)))
    failed, progress = {}, Progress(len(learners), out)
    # nbgrader runs `alembic` by name when it opens a gradebook: this Python's scripts first.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    # Forked workers start at once with nbgrader loaded; elsewhere each loads it.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    global _api
    _api = _api_for(course_dir) if "fork" in methods else None
    with ProcessPoolExecutor(
        workers, context, initializer=_start_worker, initargs=(str(course_dir),)
    ) as pool:
        jobs = [pool.submit(_grade_one, assignment, learner) for learner in learners]
        for job in as_completed(jobs):
            learner, ok, why = job.result()
            if not ok:
                failed[learner] = why
            progress.step()
    return failed


def main(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    course_dir = args.autograder
    if not course_dir.is_dir() and Path("nbgrader_config.py").is_file():
        course_dir = Path(".")  # run from inside the nbgrader course folder
    failed = grade(course_dir, args.assignment, args.workers)
    total = len(submitted(course_dir.resolve(), args.assignment))
    seconds = time.perf_counter() - start
    print(f"Graded {total - len(failed)} of {total} submission(s) of {args.assignment} "
          f"in {seconds:.1f} s.")  # fmt: skip
    for learner, reason in sorted(failed.items()):
        print(f"{learner}: not graded: {reason}")
    return 1 if failed else 0
