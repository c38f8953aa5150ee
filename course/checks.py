"""Checks across objects that one model cannot make: ids, references, reachability, coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from course.model import Module, Scenario
from course.problems import Loc, Problem

Located = tuple[Path, Module]


def _global_ids(module: Module) -> Iterator[tuple[str, Loc]]:
    """Every id that must be unique across the whole course, with where it is."""
    yield module.id, ("id",)
    yield module.quiz.id, ("quiz", "id")
    for i, s in enumerate(module.sections):
        yield s.id, ("sections", i, "id")
    for i, p in enumerate(module.legal_points):
        yield p.id, ("legal_points", i, "id")
    for i, q in enumerate(module.knowledge_check):
        yield q.id, ("knowledge_check", i, "id")
    for i, q in enumerate(module.quiz.questions):
        yield q.id, ("quiz", "questions", i, "id")
    for i, sc in enumerate(module.scenarios):
        yield sc.id, ("scenarios", i, "id")


def duplicate_ids(modules: list[Located]) -> list[Problem]:
    """Ids used twice anywhere in the course (they must travel as nbgrader grade_ids)."""
    seen: dict[str, tuple[Path, Loc]] = {}
    problems = []
    for path, module in modules:
        for ident, loc in _global_ids(module):
            if ident in seen:
                first = seen[ident]
                msg = (
                    f"duplicate id '{ident}'; expected a unique id (first used in {first[0].name})"
                )
                problems.append(Problem(path, loc, msg))
            else:
                seen[ident] = (path, loc)
    return problems


def _guidance_refs(module: Module) -> Iterator[tuple[str, Loc]]:
    """Every guidance id the module cites, with where it is cited."""
    for j, g in enumerate(module.covers):
        yield g, ("covers", j)
    for i, s in enumerate(module.sections):
        for j, g in enumerate(s.guidance):
            yield g, ("sections", i, "guidance", j)
    for i, p in enumerate(module.legal_points):
        for j, g in enumerate(p.guidance):
            yield g, ("legal_points", i, "guidance", j)
    question_lists = [
        (("knowledge_check",), module.knowledge_check),
        (("quiz", "questions"), module.quiz.questions),
    ]
    for where, qs in question_lists:
        for i, q in enumerate(qs):
            for j, g in enumerate(q.guidance):
                yield g, (*where, i, "guidance", j)
    for i, sc in enumerate(module.scenarios):
        for j, g in enumerate(sc.guidance):
            yield g, ("scenarios", i, "guidance", j)
        for k, step in enumerate(sc.steps):
            for c, choice in enumerate(step.choices):
                for j, g in enumerate(choice.guidance):
                    yield g, ("scenarios", i, "steps", k, "choices", c, "guidance", j)


def unknown_guidance(path: Path, module: Module, known: set[str]) -> list[Problem]:
    """Guidance ids that are not in guidance.yaml."""
    return [
        Problem(path, loc, f"unknown guidance id '{g}'; expected one of G01-G{len(known):02d}")
        for g, loc in _guidance_refs(module)
        if g not in known
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


def scenario_graph(path: Path, index: int, sc: Scenario) -> list[Problem]:
    """A scenario's links: unique node ids, known targets, every step reachable and finishable."""
    base: Loc = ("scenarios", index)
    problems = []
    counts = Counter(n.id for n in (*sc.steps, *sc.endings))
    for k, n in enumerate((*sc.steps, *sc.endings)):
        if counts[n.id] > 1:
            kind, pos = ("steps", k) if k < len(sc.steps) else ("endings", k - len(sc.steps))
            problems.append(
                Problem(
                    path,
                    (*base, kind, pos, "id"),
                    f"duplicate id '{n.id}' in this scenario; "
                    "expected ids unique across its steps and endings",
                )
            )
    steps = {s.id: s for s in sc.steps}
    endings = {e.id for e in sc.endings}
    if sc.start not in steps:
        problems.append(
            Problem(
                path,
                (*base, "start"),
                f"unknown step '{sc.start}'; expected one of {sorted(steps)}",
            )
        )
    for k, step in enumerate(sc.steps):
        choice_counts = Counter(c.id for c in step.choices)
        for c, choice in enumerate(step.choices):
            loc = (*base, "steps", k, "choices", c)
            if choice_counts[choice.id] > 1:
                problems.append(
                    Problem(path, (*loc, "id"), f"duplicate choice id '{choice.id}' in this step")
                )
            if choice.next not in steps and choice.next not in endings:
                problems.append(
                    Problem(
                        path,
                        (*loc, "next"),
                        f"leads to unknown step or ending '{choice.next}'; "
                        f"expected one of {sorted([*steps, *endings])}",
                    )
                )
    if problems:
        return problems
    reachable = _reachable(sc.start, steps)
    for k, step in enumerate(sc.steps):
        if step.id not in reachable:
            problems.append(
                Problem(
                    path,
                    (*base, "steps", k),
                    f"step '{step.id}' cannot be reached from the start step '{sc.start}'",
                )
            )
        elif not (_reachable(step.id, steps) & endings):
            problems.append(
                Problem(
                    path,
                    (*base, "steps", k),
                    f"no ending can be reached from step '{step.id}'; "
                    "expected every step to lead to an ending",
                )
            )
    for k, ending in enumerate(sc.endings):
        if ending.id not in reachable:
            problems.append(
                Problem(
                    path,
                    (*base, "endings", k),
                    f"ending '{ending.id}' cannot be reached from the start step '{sc.start}'",
                )
            )
    return problems


def _reachable(start: str, steps: dict) -> set[str]:
    """Ids of every step and ending reachable from ``start`` (including it)."""
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in steps:
            todo.extend(c.next for c in steps[node].choices)
    return seen


def coverage(path: Path, module: Module) -> list[Problem]:
    """Each guidance id the module covers is taught in a section and assessed at least twice."""
    taught = {g for s in module.sections for g in s.guidance}
    assessed = Counter(
        g for q in (*module.knowledge_check, *module.quiz.questions) for g in q.guidance
    )
    for sc in module.scenarios:
        assessed.update(g for step in sc.steps for c in step.choices for g in c.guidance)
    problems = []
    for j, g in enumerate(module.covers):
        if g not in taught:
            problems.append(
                Problem(
                    path,
                    ("covers", j),
                    f"{g} is listed in covers but no section teaches it; "
                    f"expected a section whose guidance lists {g}",
                )
            )
        if assessed[g] < 2:
            problems.append(
                Problem(
                    path,
                    ("covers", j),
                    f"{g} is assessed by {assessed[g]} item(s); "
                    "expected at least 2 questions or scenario choices",
                )
            )
    return problems


def check_module(path: Path, module: Module, known_guidance: set[str]) -> list[Problem]:
    """Every single-module check."""
    problems = unknown_guidance(path, module, known_guidance) + legal_refs(path, module)
    for i, sc in enumerate(module.scenarios):
        problems += scenario_graph(path, i, sc)
    return problems + coverage(path, module)
