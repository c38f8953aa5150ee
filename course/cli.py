"""Command line: python -m course {validate, build, coverage, key, serve, learners, collect,
verify, certificate-key}."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from course.loader import keyed_course
from course.problems import ContentError
from course.store import StoreError

EXIT_INVALID = 2


def _validate(args: argparse.Namespace) -> int:
    from course.organisation import find_profile, load_organisation
    from course.render import course_pack

    course = keyed_course(args.content_dir)
    profile = args.organisation or find_profile()
    if profile is not None:
        load_organisation(profile)
        print(f"Organisation profile is valid: {profile.name}.")
    pack = course_pack(Path.cwd()) if args.content_dir is None else None
    if pack is not None:
        n = sum(len(s.items) for a in pack.assessments.values() for s in a.slots)
        print(f"Assessment pack is valid: {pack.label}, {n} pooled item(s).")
        course.warnings.extend(pack.warnings)
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

    course = keyed_course(args.content_dir)
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

    course = keyed_course(args.content_dir)
    matrix = coverage(course)
    if args.json:
        data = {g: {"lessons": c.lessons, "items": c.items} for g, c in matrix.items()}
        print(json.dumps(data, indent=2))
    else:
        print(table(course, matrix))
    return 1 if any(c.gap for c in matrix.values()) else 0


def _key(args: argparse.Namespace) -> int:
    from course.pack import learner_key, load_pack, pool_key
    from course.render import answer_key, course_pack

    pack = load_pack(args.pack) if args.pack else course_pack(args.root)
    if pack is not None and args.assignment in pack.assessments:
        fixed = all(len(s.items) == 1 for s in pack.assessment(args.assignment).slots)
        if args.learner or fixed:  # a quiz of fixed questions has one key for everyone
            key = learner_key(pack, args.assignment, args.learner or "")
        else:
            key = pool_key(pack, args.assignment)
    else:
        if args.learner:
            print(f"note: {args.assignment} is the same for every learner", file=sys.stderr)
        _, quiz = keyed_course(args.content_dir).quiz(args.assignment)
        key = answer_key(quiz)
    print(json.dumps(key, indent=2))
    return 0


def _store(args: argparse.Namespace):
    from course.store import default_url, open_store

    return open_store(args.store or default_url(getattr(args, "root", None)))


def _serve(args: argparse.Namespace) -> int:
    from course.render import build
    from course.serve import Settings, serve

    build(keyed_course(args.content_dir), args.root)
    store = _store(args)  # created now, so that a broken URL stops here with a clear message
    settings = Settings(
        notebooks=args.root / "notebooks",
        port=args.port,
        ip=args.ip,
        allowed_hosts=args.allowed_host,
        trusted_header=args.trusted_header,
        max_kernels=args.max_kernels,
        max_kernels_per_learner=args.max_kernels_per_learner,
        max_rendering=args.max_rendering,
        warm_kernels=args.warm_kernels,
        open_browser=args.open,
    )
    serve(settings, store.url)
    return 0


def _jupyter_config(args: argparse.Namespace) -> int:
    from jupyter_core.paths import jupyter_config_dir

    from course.serve import write_jupyter_settings

    path = write_jupyter_settings(args.dir or Path(jupyter_config_dir()))
    print(f"Wrote {path}: Voila in every Jupyter server started from here now uses them.")
    return 0


def _learners(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.action == "add":
        learner = store.add_learner(args.name, args.id)
        print(f"Added {learner.name} as {learner.id}.")
        return _print_link(store, learner.id, args.url)
    if args.action == "link":
        return _print_link(store, args.id, args.url)
    if args.action == "list":
        for learner in store.learners():
            print(f"{learner.id}\t{learner.name}")
        return 0
    if args.action == "remove":
        if not store.remove_learner(args.id):
            print(f"error: no learner {args.id}", file=sys.stderr)
            return EXIT_INVALID
        print(f"Removed {args.id} and everything the course held about them.")
        return 0
    store.revoke(args.id)
    print(f"Signed {args.id} out everywhere; their links no longer work.")
    return 0


def _print_link(store, learner_id: str, url: str) -> int:
    token = store.new_link(learner_id)
    print("Personal sign-in link (works once, within 14 days; replaces earlier links):")
    print(f"{url.rstrip('/')}/login?t={token}")
    return 0


def _collect(args: argparse.Namespace) -> int:
    from course.collect import collect

    done = collect(args.assignment, _store(args), args.autograder)
    for learner_id, n in done.items():
        print(f"{learner_id}: {n} answer(s)")
    print(f"Collected {len(done)} submission(s) into {args.autograder / 'submitted'}.")
    return 0


def _grade(args: argparse.Namespace) -> int:
    from course.grade import main as grade_main

    return grade_main(args)


def _verify(args: argparse.Namespace) -> int:
    from course.certificate import verify_main

    return verify_main(args.token, args.public_key)


def _certificate_key(args: argparse.Namespace) -> int:
    from course.certificate import key_main

    return key_main()


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
    k.add_argument("assignment", help="assignment id, e.g. communities_quiz or final_assessment")
    k.add_argument("--learner", help="this learner's own paper: {slot: correct option id(s)}")
    k.add_argument("--pack", type=Path, help="assessment pack folder (default: autograder/pack)")
    k.add_argument("--root", type=Path, default=Path("."), help=argparse.SUPPRESS)
    s = sub("serve", _serve, "Build, then serve the course to signed-in learners.")
    s.add_argument("--port", type=int, default=8866)
    s.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        help="a host name learners reach the server by, e.g. course.example.org (repeatable)",
    )
    s.add_argument(
        "--trusted-header",
        default="",
        help="header your login proxy sets to the learner's user name (instead of links)",
    )
    s.add_argument("--max-kernels", type=int, default=100, help="kernels in all (default 100)")
    s.add_argument(
        "--max-kernels-per-learner", type=int, default=3, help="kernels per learner (default 3)"
    )
    s.add_argument(
        "--max-rendering",
        type=int,
        default=0,
        help="pages built at once; the rest queue (default twice the CPU count)",
    )
    s.add_argument(
        "--warm-kernels",
        type=int,
        default=2,
        help="kernels kept started ahead so pages open sooner (default 2, about 42 MB each)",
    )
    s.add_argument("--open", action="store_true", help="open a browser")
    jc = sub(
        "jupyter-config",
        _jupyter_config,
        "Give Voila inside JupyterLab (trainers, Binder, a hub) the course's safe settings.",
    )
    jc.add_argument("--dir", type=Path, default=None, help="default: your Jupyter config folder")
    ln = sub("learners", _learners, "Register learners and give them personal sign-in links.")
    acts = ln.add_subparsers(dest="action", required=True)
    a = acts.add_parser("add", help="register a learner and print their sign-in link")
    a.add_argument("name", help='full name, e.g. "Sam Patel"')
    a.add_argument("--id", default=None, help="learner id (default: made from the name)")
    lk = acts.add_parser("link", help="a new sign-in link for a learner (the old one stops)")
    lk.add_argument("id")
    for p in (a, lk):
        p.add_argument(
            "--url",
            default=os.environ.get("COURSE_URL", "http://localhost:8866/"),
            help="the address learners use (default: $COURSE_URL or http://localhost:8866/)",
        )
    acts.add_parser("list", help="every learner: id and name")
    r = acts.add_parser("remove", help="remove a learner and everything held about them")
    r.add_argument("id")
    rv = acts.add_parser("revoke", help="sign a learner out everywhere and stop their links")
    rv.add_argument("id")
    co = sub("collect", _collect, "Write learners' stored answers as nbgrader submissions.")
    co.add_argument("assignment", help="assignment id, e.g. communities_quiz")
    g = sub(
        "grade",
        _grade,
        "Autograde every collected submission of an assignment, several at once (nbgrader's API).",
    )
    g.add_argument("assignment", help="assignment id, e.g. communities_quiz")
    g.add_argument("--workers", type=int, default=None, help="processes (default: CPU count)")
    for p in (co, g):
        p.add_argument(
            "--autograder", type=Path, default=Path("autograder"), help="nbgrader course folder"
        )
    for p in (s, ln, co):
        p.add_argument(
            "--store",
            default=None,
            help="store URL (default: $COURSE_STORE, else data/course.sqlite3 here)",
        )
    for p in (b, c, k, s, co):
        p.add_argument("--content-dir", dest="content_dir", type=Path, default=None)
    for p in (b, s):
        p.add_argument(
            "--root", type=Path, default=Path.cwd(), help="repository root (default: here)"
        )
    ve = sub(
        "verify",
        _verify,
        "Check a certificate token: exit 0 genuine and assessed, 1 not genuine, 2 self-study.",
    )
    ve.add_argument("token", help="the token on the certificate (or read from its QR code)")
    ve.add_argument(
        "--public-key",
        default=None,
        help="the organisation's public key, a file or its text "
        "(default: data/certificate-signing.pub here)",
    )
    sub("certificate-key", _certificate_key, "Print the certificate public key to publish.")
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
    except (ValueError, StoreError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID
