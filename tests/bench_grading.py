"""Benchmark: what autograding a cohort costs with real nbgrader. Not a test: it measures.

    .venv/bin/python -m tests.bench_grading [--learners 20]

Builds the quiz, releases it, hands in one submission per learner (answers drawn at random, with
a fixed seed), then times `nbgrader autograde`, `generate_feedback` and `export`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from course.loader import keyed_course as load_course
from course.paper import PAPER_FILE, learner_paper, read_form
from course.responses import ResponseStore
from tests.conftest import build_copy, run_nbgrader


def timed(root: Path, *args: str) -> float:
    start = time.perf_counter()
    run_nbgrader(root, *args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--assignment", default="communities_quiz")
    opts = parser.parse_args()
    course = load_course()
    aid = opts.assignment
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp:
        root = build_copy(course, Path(tmp)) / "autograder"
        timed(root, "generate_assignment", aid)
        release = root / "release" / aid
        form = read_form(release / PAPER_FILE)
        for n in range(opts.learners):
            learner = f"learner{n:03d}"
            folder = root / "submitted" / learner / aid
            shutil.copytree(release, folder)
            store = ResponseStore(folder)
            paper = learner_paper(form, learner)
            for q in paper.questions:
                ids = q.option_ids
                store.save(q.id, rng.choice(ids) if q.kind != "multiple" else rng.sample(ids, 2))
        autograde = timed(root, "autograde", aid)
        feedback = timed(root, "generate_feedback", aid)
        export = timed(root, "export")
    n = opts.learners
    print(f"{n} learners, assignment {aid} ({len(paper.questions)} questions)")
    print(f"autograde {autograde:.1f} s ({autograde / n:.2f} s per learner)")
    print(f"generate_feedback {feedback:.1f} s, export {export:.1f} s")


if __name__ == "__main__":
    main()
