"""Command line: python -m course {validate, build, coverage, key, serve}."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from course.loader import load_course
from course.problems import ContentError

EXIT_INVALID = 2


def _validate(args: argparse.Namespace) -> int:
    from course.organisation import find_profile, load_organisation

    course = load_course(args.content_dir)
    profile = args.organisation or find_profile()
    if profile is not None:
        load_organisation(profile)
        print(f"Organisation profile is valid: {profile.name}.")
    for line in course.warnings:
        print(f"warning: {line}", file=sys.stderr)
    n_questions = sum(len(m.knowledge_check) + len(m.graded) for m in course.modules.values())
    if course.warnings and args.strict:
        print(
            f"{len(course.warnings)} warning(s); --strict counts them as problems.", file=sys.stderr
        )
        return EXIT_INVALID
    print(f"Content is valid: {len(course.modules)} module(s), {n_questions} question(s).")
    if course.warnings:
        print(f"{len(course.warnings)} warning(s).", file=sys.stderr)
    return 0


def _build(args: argparse.Namespace) -> int:
    from course.render import build, stale

    course = load_course(args.content_dir)
    if args.check:
        out_of_date = stale(course, args.root)
        for rel in out_of_date:
            print(f"stale or missing: {rel}", file=sys.stderr)
        if out_of_date:
            print("Run `python -m course build` to rebuild.", file=sys.stderr)
        return 1 if out_of_date else 0
    for path in build(course, args.root):
        print(f"built {path}")
    return 0


def _coverage(args: argparse.Namespace) -> int:
    from course.coverage import coverage, table

    course = load_course(args.content_dir)
    matrix = coverage(course)
    if args.json:
        data = {g: {"lessons": c.lessons, "items": c.items} for g, c in matrix.items()}
        print(json.dumps(data, indent=2))
    else:
        print(table(course, matrix))
    return 1 if any(c.gap for c in matrix.values()) else 0


def _key(args: argparse.Namespace) -> int:
    from course.render import answer_key

    _, quiz = load_course(args.content_dir).quiz(args.assignment)
    print(json.dumps(answer_key(quiz), indent=2))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from course.render import build
    from course.serve import serve

    build(load_course(args.content_dir), args.root)
    serve(args.root / "notebooks", args.port, args.open)
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser, one sub-command per task."""
    top = argparse.ArgumentParser(prog="python -m course", description=__doc__)
    subs = top.add_subparsers(dest="command", required=True)

    def sub(name: str, func, help: str) -> argparse.ArgumentParser:
        p = subs.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    v = sub("validate", _validate, "Check the content; exit 2 with one line per problem.")
    v.add_argument("content_dir", nargs="?", type=Path, help="default: the package's content")
    v.add_argument("--strict", action="store_true", help="treat warnings as problems (exit 2)")
    v.add_argument(
        "--organisation",
        type=Path,
        default=None,
        help="organisation profile to check (default: $COURSE_ORGANISATION or ./organisation.yaml)",
    )
    b = sub("build", _build, "Build learner notebooks and nbgrader source assignments.")
    b.add_argument("--check", action="store_true", help="exit 1 if built files are stale")
    c = sub(
        "coverage",
        _coverage,
        "Where each guidance point is taught and assessed; exit 1 if any point has a gap.",
    )
    c.add_argument("--json", action="store_true", help="print {id: {lessons, items}} as JSON")
    k = sub("key", _key, "Print the trainer's answer key for an assignment as JSON.")
    k.add_argument("assignment", help="assignment id, e.g. communities_quiz")
    s = sub("serve", _serve, "Build, then serve the course with Voila.")
    s.add_argument("--port", type=int, default=8866)
    s.add_argument("--open", action="store_true", help="open a browser")
    for p in (b, c, k, s):
        p.add_argument("--content-dir", dest="content_dir", type=Path, default=None)
    for p in (b, s):
        p.add_argument(
            "--root", type=Path, default=Path.cwd(), help="repository root (default: here)"
        )
    return top


def main(argv: list[str] | None = None) -> int:
    """Run one command; content problems print one line each and exit 2, never a traceback."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ContentError as err:
        for line in err.lines:
            print(line, file=sys.stderr)
        print(f"{len(err.lines)} problem(s) found.", file=sys.stderr)
        return EXIT_INVALID
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID
