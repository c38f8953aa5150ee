"""The assessment pack: graded items with their keys, read only by grading and scoring code.

A pack is a directory (the repository's is ``autograder/pack``, public like the rest of the
repository; an organisation points ``COURSE_PACK`` or ``--pack`` at its own, kept where learners
cannot read it). ``pack.yaml`` names the pack and lists its assessments; each assessment is a list
of slots, and each slot a pool of equivalent items (same objective, kind, points).

Which item of a pool a learner gets, and the order of its options, come from a keyed hash of the
pack's paper key, the assessment, the slot and the learner id. Grading recomputes them from the
nbgrader student id and never reads a variant from the learner's answers. The paper key decides
who gets which paper, not what is right, so it travels with the public form.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError, field_validator, model_validator

from course.kinds import plugin
from course.lint import pool_warnings
from course.loader import Parsed, parse
from course.model.base import MAX_TAGS, GuidanceId, Id, Strict
from course.model.exercise import GradedItem
from course.paper import variant_index
from course.problems import ContentError, Problem, describe
from course.scoring import Response, Result

PACK_ENV = "COURSE_PACK"
PACK_FILE = "pack.yaml"


Item = GradedItem
CHOICE = ("single", "multiple", "true_false")


class Slot(Strict):
    """One place on a paper, filled by one item drawn from its pool."""

    id: Id = Field(description="Stable id, unique in the pack; the nbgrader grade_id.")
    objective: int | None = Field(
        None, ge=1, description="1-based index into the module's objectives (pooled slots)."
    )
    guidance: list[GuidanceId] = Field(min_length=1, max_length=MAX_TAGS)
    kind: str = Field(
        description="single, multiple, moderation or written; every item of the pool has it."
    )
    points: int = Field(ge=1, le=10, description="Marks for the slot; every item has them.")
    items: list[Item] = Field(min_length=1, description="The pool of equivalent items.")

    @model_validator(mode="after")
    def _check_pool(self) -> Slot:
        for i, item in enumerate(self.items):
            if item.kind != self.kind or item.points != self.points:
                raise ValueError(
                    f"item {i + 1} ({item.id}) is {item.kind} for {item.points} points; every item "
                    f"of the pool must be {self.kind} for {self.points}"
                )
            if item.kind == "true_false" and len(self.items) > 1:
                raise ValueError(f"item {item.id}: true/false items are too easy to guess here")
        if self.kind not in CHOICE:
            return self
        shapes = {(len(q.options), len(q.correct_ids)) for q in self.items}
        if len(shapes) > 1:
            raise ValueError(f"items differ in options and correct options {sorted(shapes)}")
        seen: dict[str, str] = {}
        for item in self.items:
            for option_id in item.option_ids:
                if option_id in seen:
                    raise ValueError(
                        f"option id '{option_id}' is in items {seen[option_id]} and {item.id}; "
                        "ids must differ across a pool so one paper's answers never fit another"
                    )
                seen[option_id] = item.id
                if len(option_id) == 1 and len(self.items) > 1:
                    raise ValueError(f"item {item.id}: option id '{option_id}' is a position")
        return self


class PoolFile(Strict):
    """One file of an assessment: the slots that assess one module."""

    module: Id
    title: str | None = Field(None, description="A module quiz's title.")
    slots: list[Slot] = Field(min_length=1)


class AssessmentEntry(Strict):
    """An assessment as pack.yaml lists it."""

    title: str
    module: Id | None = Field(None, description="The module whose graded quiz this is, if any.")
    pass_mark: float | None = Field(
        None, gt=0, le=1, description="Share of marks needed to pass (none for a module quiz)."
    )
    min_items_per_pool: int = Field(1, ge=1)
    files: list[str] = Field(min_length=1, description="Pool files, relative to the pack.")


class PackFile(Strict):
    """pack.yaml."""

    schema_version: int = Field(1, ge=1, le=1)
    id: Id
    version: str
    public: bool = Field(description="Whether learners can read this pack (true for the repo's).")
    paper_key: str = Field(min_length=16, description="Decides who gets which variant.")
    assessments: dict[Id, AssessmentEntry] = Field(min_length=1)

    @field_validator("paper_key")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the paper key is blank")
        return value


@dataclass(frozen=True)
class Assessment:
    """A graded assessment: its slots in paper order, each with its module."""

    id: str
    title: str
    pass_mark: float | None
    slots: list[Slot]
    modules: dict[str, str]  # slot id -> module id
    module: str | None = None  # the module whose graded quiz this is

    @property
    def max_points(self) -> int:
        return sum(s.points for s in self.slots)

    def slot(self, slot_id: str) -> Slot:
        for s in self.slots:
            if s.id == slot_id:
                return s
        raise KeyError(slot_id)


@dataclass(frozen=True)
class Pack:
    """A loaded pack."""

    path: Path
    id: str
    version: str
    public: bool
    paper_key: str
    assessments: dict[str, Assessment]
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """What results record about the pack that scored them."""
        return f"{self.id}@{self.version}"

    def assessment(self, assessment_id: str) -> Assessment:
        try:
            return self.assessments[assessment_id]
        except KeyError:
            known = list(self.assessments)
            raise ValueError(f"no assessment '{assessment_id}'; known: {known}") from None


def default_pack_dir(start: Path | None = None) -> Path:
    """$COURSE_PACK, or ``autograder/pack`` in the course folder."""
    named = os.environ.get(PACK_ENV)
    return Path(named) if named else (start or Path.cwd()) / "autograder" / "pack"


def _problems(parsed: Parsed, err: ValidationError, base: Path) -> list[str]:
    lines = []
    for e in err.errors(include_url=False):
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "missing":
            msg = "required field is missing"
        elif e["type"] == "extra_forbidden":
            msg = "unknown field"
        problem = Problem(parsed.path, tuple(e["loc"]), msg)
        lines.append(describe(problem, parsed.data, parsed.root, base))
    return lines


def _read(path: Path, model, base: Path, lines: list[str], parsed_files: dict | None = None):
    parsed = parse(path, base)
    if isinstance(parsed, str):
        lines.append(parsed)
        return None
    if parsed_files is not None:
        parsed_files[path] = parsed
    try:
        return model.model_validate(parsed.data)
    except ValidationError as err:
        lines.extend(_problems(parsed, err, base))
        return None


def _warnings(parsed: Parsed, pool: PoolFile, base: Path) -> list[str]:
    located = [
        (("slots", i, "items", j), item)
        for i, slot in enumerate(pool.slots)
        for j, item in enumerate(slot.items)
        if item.kind in CHOICE
    ]
    problems = pool_warnings(parsed.path, located)
    return [describe(p, parsed.data, parsed.root, base) for p in problems]


def load_pack(path: Path | None = None) -> Pack:
    """Read and check a pack.

    Raises:
        ContentError: one line per problem, naming the file, the object and the field.
    """
    base = Path(path) if path else default_pack_dir()
    if not (base / PACK_FILE).is_file():
        raise ContentError([f"{base}: no {PACK_FILE}; expected an assessment pack here"])
    lines: list[str] = []
    head = _read(base / PACK_FILE, PackFile, base, lines)
    if head is None:
        raise ContentError(lines)
    assessments = {}
    warnings: list[str] = []
    parsed_files: dict[Path, Parsed] = {}
    slot_ids: set[str] = set()
    for aid, entry in head.assessments.items():
        slots, modules = [], {}
        for name in entry.files:
            pool = _read(base / name, PoolFile, base, lines, parsed_files)
            if pool is None:
                continue
            warnings += _warnings(parsed_files[base / name], pool, base)
            for s in pool.slots:
                if s.id in slot_ids:
                    lines.append(f"{name}: slot '{s.id}' is used twice in the pack")
                if len(s.items) < entry.min_items_per_pool:
                    lines.append(
                        f"{name}: slot '{s.id}' has {len(s.items)} items; {aid} needs at least "
                        f"{entry.min_items_per_pool} per pool"
                    )
                slot_ids.add(s.id)
                slots.append(s)
                modules[s.id] = pool.module
        assessments[aid] = Assessment(
            aid, entry.title, entry.pass_mark, slots, modules, entry.module
        )
    if lines:
        raise ContentError(lines)
    return Pack(base, head.id, head.version, head.public, head.paper_key, assessments, warnings)


@functools.cache
def cached_pack(path: Path) -> Pack:
    """A pack loaded once per process (grading many learners)."""
    return load_pack(path)


# --- papers -------------------------------------------------------------------------------------


def learner_item(pack: Pack, assessment: Assessment, slot: Slot, learner: str) -> Item:
    """The item of a slot's pool on this learner's paper."""
    index = variant_index(pack.paper_key, assessment.id, slot.id, learner, len(slot.items))
    return slot.items[index]


# --- keys and scores ----------------------------------------------------------------------------


def key_of(item: Item) -> object:
    """An item's key, as its kind writes it (a choice item: the correct option id or ids)."""
    return plugin(item.kind).key(item)


def learner_key(pack: Pack, assessment_id: str, learner: str) -> dict[str, str | list[str]]:
    """{slot id: correct option id or ids} on this learner's paper."""
    a = pack.assessment(assessment_id)
    return {s.id: key_of(learner_item(pack, a, s, learner)) for s in a.slots}


def pool_key(pack: Pack, assessment_id: str) -> dict[str, dict[str, str | list[str]]]:
    """{slot id: {item id: key}} for every item of every pool."""
    a = pack.assessment(assessment_id)
    return {s.id: {item.id: key_of(item) for item in s.items} for s in a.slots}


def score_slot(
    pack: Pack, assessment_id: str, slot_id: str, learner: str, answer: Response
) -> Result:
    """Score one answer on the learner's own paper, recomputing which item that is."""
    a = pack.assessment(assessment_id)
    slot = a.slot(slot_id)
    item = learner_item(pack, a, slot, learner)
    return plugin(item.kind).score(item, answer, slot.points)


# --- the public form ----------------------------------------------------------------------------


def assessment_from_quiz(quiz, module_id: str) -> Assessment:
    """A quiz written in a module's content file (the old place) as an assessment of fixed
    questions, so that it is built and shown like the pack's."""
    slots = [
        Slot(id=q.id, guidance=q.guidance, kind=q.kind, points=q.points, items=[q])
        for q in quiz.questions
    ]
    return Assessment(quiz.id, quiz.title, None, slots, {s.id: module_id for s in slots}, module_id)


def public_form(assessment: Assessment, label: str, paper_key: str) -> dict:
    """Everything a learner's page needs to show any paper, and no key or feedback."""
    a = assessment
    return {
        "assessment": a.id,
        "title": a.title,
        "pack": label,
        "pass_mark": a.pass_mark,
        "paper_key": paper_key,
        "slots": [
            {
                "id": s.id,
                "kind": s.kind,
                "points": s.points,
                "items": [plugin(item.kind).public(item) for item in s.items],
            }
            for s in a.slots
        ],
    }


def pack_form(pack: Pack, assessment_id: str) -> dict:
    """The public form of one of the pack's assessments."""
    return public_form(pack.assessment(assessment_id), pack.label, pack.paper_key)
