"""Checks across objects that one model cannot make: ids, references, scenario paths, coverage.

Every check returns Problems (file, location, message); the loader turns them into lines.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from course.coverage import MIN_ITEMS, collect
from course.model import Manifest, Module, Scenario, Signposting
from course.model.walk import course_ids, tagged
from course.problems import Loc, Problem
from course.scoring import best_from
from course.text import strings

Located = tuple[Path, Module]


def duplicate_ids(modules: list[Located]) -> list[Problem]:
    """Ids used twice anywhere in the course (they travel as nbgrader grade_ids and file names)."""
    seen: dict[str, Path] = {}
    problems = []
    for path, module in modules:
        for ident, loc in course_ids(module):
            if ident in seen:
                first = seen[ident].name
                msg = f"duplicate id '{ident}'; expected a unique id (first used in {first})"
                problems.append(Problem(path, loc, msg))
            else:
                seen[ident] = path
    return problems


def unknown_guidance(path: Path, module: Module, known: set[str]) -> list[Problem]:
    """Guidance ids that are not in guidance.yaml."""
    refs = [(g, ("covers", j)) for j, g in enumerate(module.covers)]
    refs += [
        (g, (*loc, "guidance", j)) for _, loc, ids in tagged(module) for j, g in enumerate(ids)
    ]
    last = max(known, default="G00")
    return [
        Problem(path, loc, f"unknown guidance id '{g}'; expected one of G01-{last}")
        for g, loc in refs
        if g not in known
    ]


def untagged(path: Path, module: Module) -> list[Problem]:
    """Graded questions, and every part of a module that covers guidance, must cite guidance."""
    return [
        Problem(
            path,
            (*loc, "guidance"),
            f"this {kind} cites no guidance id; expected at least one "
            + (
                "(graded questions always need one)"
                if kind == "graded question"
                else "(the module lists guidance in covers)"
            ),
        )
        for kind, loc, ids in tagged(module)
        if not ids and (kind == "graded question" or module.covers)
    ]


def legal_refs(path: Path, module: Module) -> list[Problem]:
    """Sections that cite a legal point the module does not define."""
    known = {p.id for p in module.legal_points}
    return [
        Problem(
            path,
            ("sections", i, "legal", j),
            f"unknown legal point '{ref}'; expected one of {sorted(known)}",
        )
        for i, s in enumerate(module.sections)
        for j, ref in enumerate(s.legal)
        if ref not in known
    ]


def _node_ids(path: Path, base: Loc, sc: Scenario) -> list[Problem]:
    """Step and ending ids are unique in the scenario; choice ids unique in their step."""
    problems = []
    counts = Counter(n.id for n in (*sc.steps, *sc.endings))
    for k, n in enumerate((*sc.steps, *sc.endings)):
        if counts[n.id] > 1:
            kind, pos = ("steps", k) if k < len(sc.steps) else ("endings", k - len(sc.steps))
            msg = (
                f"duplicate id '{n.id}' in this scenario; "
                "expected ids unique across its steps and endings"
            )
            problems.append(Problem(path, (*base, kind, pos, "id"), msg))
    for k, step in enumerate(sc.steps):
        choice_counts = Counter(c.id for c in step.choices)
        for c, choice in enumerate(step.choices):
            if choice_counts[choice.id] > 1:
                loc = (*base, "steps", k, "choices", c, "id")
                problems.append(
                    Problem(path, loc, f"duplicate choice id '{choice.id}' in this step")
                )
    return problems


def _links(path: Path, base: Loc, sc: Scenario) -> list[Problem]:
    """The start and every choice lead somewhere that exists."""
    steps, endings = {s.id for s in sc.steps}, {e.id for e in sc.endings}
    problems = []
    if sc.start not in steps:
        msg = f"unknown step '{sc.start}'; expected one of {sorted(steps)}"
        problems.append(Problem(path, (*base, "start"), msg))
    for k, step in enumerate(sc.steps):
        for c, choice in enumerate(step.choices):
            if choice.next not in steps | endings:
                msg = (
                    f"leads to unknown step or ending '{choice.next}'; "
                    f"expected one of {sorted(steps | endings)}"
                )
                problems.append(Problem(path, (*base, "steps", k, "choices", c, "next"), msg))
    return problems


def _order(sc: Scenario) -> list[str] | None:
    """Step ids in an order where every choice leads forward, or None if a path loops."""
    steps = {s.id: s for s in sc.steps}
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str) -> bool:
        if node not in steps or state.get(node) == 2:
            return True
        if state.get(node) == 1:
            return False
        state[node] = 1
        if not all(visit(c.next) for c in steps[node].choices):
            return False
        state[node] = 2
        order.append(node)
        return True

    return order[::-1] if all(visit(s) for s in steps) else None


def _reachable(start: str, sc: Scenario) -> set[str]:
    """Ids of every step and ending reachable from ``start`` (including it)."""
    steps = {s.id: s for s in sc.steps}
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            if node in steps:
                todo.extend(c.next for c in steps[node].choices)
    return seen


def _reach(path: Path, base: Loc, sc: Scenario) -> list[Problem]:
    """Every step and ending can be reached from the start."""
    reachable = _reachable(sc.start, sc)
    problems = []
    for kind, nodes in (("steps", sc.steps), ("endings", sc.endings)):
        for k, node in enumerate(nodes):
            if node.id not in reachable:
                what = "step" if kind == "steps" else "ending"
                msg = f"{what} '{node.id}' cannot be reached from the start step '{sc.start}'"
                problems.append(Problem(path, (*base, kind, k), msg))
    return problems


def _weaker_choice_catches_up(path: Path, base: Loc, sc: Scenario) -> list[Problem]:
    """A choice worth fewer points than the best one at its step can never be made up later:
    otherwise a poor decision followed by a good recovery scores as well as a good decision."""
    best = best_from(sc)
    problems = []
    for k, step in enumerate(sc.steps):
        top = max(c.points for c in step.choices)
        for c, choice in enumerate(step.choices):
            total = choice.points + best[choice.next]
            if choice.points < top and total >= best[step.id]:
                msg = (
                    f"choice '{choice.id}' earns {choice.points} point(s), less than the best "
                    f"choice here, yet the path after it can still reach {total} of "
                    f"{best[step.id]}; expected a weaker decision to cost points that later "
                    "choices cannot win back (give the best choice here more points, or the "
                    "recovery afterwards fewer)"
                )
                problems.append(Problem(path, (*base, "steps", k, "choices", c), msg))
    return problems


def _decisions_matter(path: Path, base: Loc, sc: Scenario) -> list[Problem]:
    """Each decision changes the score; choices that lead to the same place score differently."""
    problems = _weaker_choice_catches_up(path, base, sc)
    for k, step in enumerate(sc.steps):
        loc = (*base, "steps", k)
        if len({c.points for c in step.choices}) == 1:
            msg = (
                "every choice earns the same points, so this decision cannot change the score; "
                "expected the better choices to earn more"
            )
            problems.append(Problem(path, (*loc, "choices"), msg))
        seen: dict[tuple[str, int], str] = {}
        for c, choice in enumerate(step.choices):
            twin = seen.setdefault((choice.next, choice.points), choice.id)
            if twin != choice.id:
                msg = (
                    f"choices '{twin}' and '{choice.id}' lead to '{choice.next}' with the same "
                    "points, so choosing between them changes nothing; expected a different "
                    "next step or different points"
                )
                problems.append(Problem(path, (*loc, "choices", c), msg))
    return problems


def scenario_graph(path: Path, index: int, sc: Scenario) -> list[Problem]:
    """A scenario's links: ids, targets, reachability, no loops, and decisions that matter."""
    base: Loc = ("scenarios", index)
    problems = _node_ids(path, base, sc) + _links(path, base, sc)
    if problems:
        return problems
    if _order(sc) is None:  # points along a looping path have no total to compare
        msg = (
            "a path through the scenario loops back to an earlier step; "
            "expected every choice to move the story on"
        )
        return [Problem(path, (*base, "steps"), msg)]
    return _reach(path, base, sc) + _decisions_matter(path, base, sc)


def coverage(path: Path, module: Module) -> list[Problem]:
    """Each guidance id the module covers is taught in a section and assessed at least twice
    by its graded questions or scenario decisions."""
    problems = []
    for j, (g, cov) in enumerate(collect([module], module.covers).items()):
        if not cov.lessons:
            msg = (
                f"{g} is listed in covers but no section teaches it; "
                f"expected a section whose guidance lists {g}"
            )
            problems.append(Problem(path, ("covers", j), msg))
        if len(cov.items) < MIN_ITEMS:
            msg = (
                f"{g} is assessed by {len(cov.items)} graded question(s) or decision(s); "
                f"expected at least {MIN_ITEMS}"
            )
            problems.append(Problem(path, ("covers", j), msg))
    return problems


PHONE_RE = re.compile(r"(?<![\d£.,])(?:0\d{3} ?\d{3} ?\d{4}|0800 ?\d{4}|116 ?\d{3}|999)(?![\d])")


def phone_numbers(path: Path, module: Module, signposting: Signposting) -> list[Problem]:
    """Every phone number in the module is one of signposting.yaml's, so none can go stale alone."""
    known = {r.phone.replace(" ", ""): r.phone for r in signposting.routes if r.phone}
    problems = []
    for loc, text in strings(module.model_dump(mode="json")):
        for number in PHONE_RE.findall(text):
            if number.replace(" ", "") not in known:
                msg = (
                    f"phone number '{number}' is not in signposting.yaml; "
                    f"expected one of {sorted(known.values())}"
                )
                problems.append(Problem(path, loc, msg))
    return problems


def module_checks(
    path: Path,
    module: Module,
    known_guidance: set[str],
    signposting: Signposting,
    graded: bool = True,
) -> list[Problem]:
    """Every single-module check; the coverage check only where graded items are loaded (not
    in a learner's kernel, which never loads the assessment pack)."""
    problems = unknown_guidance(path, module, known_guidance) + legal_refs(path, module)
    problems += untagged(path, module) + phone_numbers(path, module, signposting)
    for i, sc in enumerate(module.scenarios):
        problems += scenario_graph(path, i, sc)
    return problems + (coverage(path, module) if graded else [])


def course_checks(manifest_path: Path, manifest: Manifest, modules: list[Located]) -> list[Problem]:
    """Ids unique across the course; course.yaml lists every module once, and only those."""
    problems = duplicate_ids(modules)
    files = {m.id: p for p, m in modules}
    listed: set[str] = set()
    for j, mid in enumerate(manifest.modules):
        if mid in listed:
            problems.append(
                Problem(manifest_path, ("modules", j), f"module '{mid}' is listed twice")
            )
        listed.add(mid)
        if mid not in files:
            msg = f"no module file has id '{mid}'; expected one of {sorted(files)}"
            problems.append(Problem(manifest_path, ("modules", j), msg))
    for mid, path in files.items():
        if mid not in manifest.modules:
            msg = f"module '{mid}' is not listed in course.yaml; expected it in the modules list"
            problems.append(Problem(path, ("id",), msg))
    return problems
