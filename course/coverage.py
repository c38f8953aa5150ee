"""Traceability: where each guidance point is taught and where it is assessed.

A point is covered when at least one lesson section teaches it and at least two graded items
assess it, counting graded quiz questions and scenario decisions (a scenario step). Practice
questions help learners but do not count: they are not evidence of what a learner knows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from course.model import Module

if TYPE_CHECKING:  # the loader runs the module checks, which use collect()
    from course.loader import Course

MIN_ITEMS = 2


@dataclass
class Coverage:
    """Where one guidance point is taught and assessed."""

    lessons: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    @property
    def gap(self) -> str:
        """What is missing, or "" when the point is covered."""
        missing = []
        if not self.lessons:
            missing.append("taught in no lesson section")
        if len(self.items) < MIN_ITEMS:
            missing.append(f"assessed by {len(self.items)} graded item(s), needs {MIN_ITEMS}")
        return "; ".join(missing)


def collect(modules: Iterable[Module], guidance_ids: Iterable[str]) -> dict[str, Coverage]:
    """{guidance id: Coverage} for these ids, from these modules' sections, graded questions and
    scenario decisions (a tag for an id not asked about is left out)."""
    matrix = {g: Coverage() for g in guidance_ids}
    for module in modules:
        for section in module.sections:
            for g in section.guidance:
                if g in matrix:
                    matrix[g].lessons.append(section.id)
        items = [(q.id, q.guidance) for q in module.graded]
        items += [(f"{sc.id}/{st.id}", st.guidance) for sc in module.scenarios for st in sc.steps]
        for item, ids in items:
            for g in ids:
                if g in matrix:
                    matrix[g].items.append(item)
    return matrix


def coverage(course: Course) -> dict[str, Coverage]:
    """{guidance id: Coverage} for every point in guidance.yaml, in id order."""
    return collect(course.modules.values(), sorted(course.guidance))


def table(course: Course, matrix: dict[str, Coverage]) -> str:
    """The matrix as text: one row per point with its counts, modules and any gap."""
    where = {}
    for module in course.modules.values():
        ids = {s.id for s in module.sections} | {q.id for q in module.graded}
        ids |= {f"{sc.id}/{st.id}" for sc in module.scenarios for st in sc.steps}
        where.update(dict.fromkeys(ids, module.id))
    rows = [f"{'id':<4} {'lessons':>7} {'items':>5}  {'modules':<40} status"]
    for g, cov in matrix.items():
        modules = sorted({where[i] for i in (*cov.lessons, *cov.items)})
        status = f"GAP: {cov.gap}" if cov.gap else "ok"
        rows.append(
            f"{g:<4} {len(cov.lessons):>7} {len(cov.items):>5}  {', '.join(modules):<40} {status}"
        )
    gaps = sum(1 for c in matrix.values() if c.gap)
    rows.append(
        f"{len(matrix)} guidance points: {len(matrix) - gaps} covered, {gaps} with gaps "
        f"(taught in >= 1 section, assessed by >= {MIN_ITEMS} graded questions or decisions)."
    )
    return "\n".join(rows)
