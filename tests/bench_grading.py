"""Benchmark: what autograding a cohort costs with real nbgrader, one learner after another and
several at once. Not a test: it measures.

    .venv/bin/python -m tests.bench_grading [--learners 20 [40 ...]] [--assignment ID]
                                            [--one-command-each]

For each cohort size: builds the quiz, releases it, hands in one submission per learner (answers
drawn at random, with a fixed seed), copies the course folder, then times in one run
`nbgrader autograde` (every learner in one process, one after another) on one copy and
`python -m course grade` (nbgrader's API in one worker per core) on the other, then
`generate_feedback` and `export`. ``--one-command-each`` also times one `nbgrader autograde
--student` command per learner, as a trainer grading them one by one would run it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.loader import keyed_course as load_course
from tests.conftest import build_copy, random_submissions, run_nbgrader


def timed(root: Path, *args: str) -> float:
    start = time.perf_counter()
    run_nbgrader(root, *args)
    return time.perf_counter() - start


def course_grade(root: Path, aid: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "course", "grade", aid, "--autograder", str(root)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return time.perf_counter() - start


def cohort(course, tmp: Path, aid: str, learners: int) -> tuple[Path, int]:
    """A course folder with the assignment released and ``learners`` submissions of it."""
    root = build_copy(course, tmp) / "autograder"
    run_nbgrader(root, "generate_assignment", aid)
    learners = [f"learner{n:03d}" for n in range(learners)]
    return root, random_submissions(root, aid, learners, seed=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, nargs="+", default=[20])
    parser.add_argument("--assignment", default="communities_quiz")
    parser.add_argument("--one-command-each", action="store_true")
    opts = parser.parse_args()
    course, aid = load_course(), opts.assignment
    print(f"assignment {aid}, {os.cpu_count()} CPU cores; seconds")
    for n in opts.learners:
        with tempfile.TemporaryDirectory() as tmp:
            one, questions = cohort(course, Path(tmp) / "one", aid, n)
            at_once = Path(tmp) / "at-once"
            shutil.copytree(one, at_once)
            each = Path(tmp) / "each"
            if opts.one_command_each:
                shutil.copytree(one, each)
            sequential = timed(one, "autograde", aid)
            parallel = course_grade(at_once, aid)
            print(f"{n} learners ({questions} questions): nbgrader autograde {sequential:.1f} "
                  f"({sequential / n:.2f} per learner); course grade {parallel:.1f} "
                  f"({parallel / n:.2f}); speed-up {sequential / parallel:.1f}x")  # fmt: skip
            if opts.one_command_each:
                start = time.perf_counter()
                for learner in sorted(p.name for p in (each / "submitted").iterdir()):
                    run_nbgrader(each, "autograde", aid, "--student", learner)
                alone = time.perf_counter() - start
                print(f"  one `nbgrader autograde --student` per learner: {alone:.1f} "
                      f"({alone / n:.2f} per learner); course grade is "
                      f"{alone / parallel:.1f}x as fast")  # fmt: skip
            feedback = timed(one, "generate_feedback", aid)
            export = timed(one, "export")
            print(f"  generate_feedback {feedback:.1f}, export {export:.1f}")


if __name__ == "__main__":
    main()
