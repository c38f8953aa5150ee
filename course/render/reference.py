"""The authoring reference (docs/authoring.md), generated from the content models' descriptions."""

from __future__ import annotations

from pydantic import BaseModel

from course import model
from course.model import figure, organisation
from course.model.base import GUIDANCE_PATTERN, ID_PATTERN

INTRO = """\
# Authoring reference

Generated from `course/model/` by `python -m course build`; do not edit by hand.

Content is YAML under `course/content/`, Markdown inside text fields. Every file carries
`schema_version: 2`. `python -m course validate` checks every file against the tables below and
then across objects; each problem is one line naming the file, line, object and field.

**Files.** `course.yaml` (the title and the modules in order), `guidance.yaml` (the guidance
points, G01-G42), `signposting.yaml` (reporting routes and helplines, the only place their phone
numbers and hours are written), and one file per module. The organisation profile,
`organisation.yaml`, sits at the top of the repository (or where `COURSE_ORGANISATION` points).

**Checks across objects (errors).** Ids are unique across the course. Guidance ids exist. A
module that lists guidance in `covers` cites guidance on every section, question and decision,
teaches each covered id in a section and assesses it with at least two graded questions or
scenario decisions; graded questions always cite guidance (at most three ids per item, so tags
mean something). Legal points referred to exist. Every scenario step and ending can be reached,
no path loops, every decision changes the score (its choices do not all earn the same points,
and two choices that lead to the same place earn different points). Every phone number in a
module is one of signposting.yaml's. course.yaml lists every module exactly once.

**Warnings** (`validate --strict` makes them errors; the shipped content has none): correct
options that are the longest in more than a third of a module's choice questions; a key that
sits in one position in more than half of its single-choice questions, true/false keys all the
same, multiple-response keys that are mostly the first options; absolute words (always, never,
only...) much more common in wrong options than right ones; option feedback that opens with a
verdict ("Correct.", "Not quite") which the page already gives.

**Changes in version 2.** Guidance ids moved from scenario choices to the step (the decision);
scenarios lost their own `guidance`. Endings lost `score`: each choice earns `points`, and the
score is the sum along the learner's path. Modules gained `content_note`; sections gained
`figure` and `insert`; `quiz` became optional; `covers` may be empty (the welcome module).
"""

MODELS: list[tuple[str, type[BaseModel]]] = [
    ("course.yaml", model.Manifest),
    ("guidance.yaml", model.Guidance),
    ("guidance point", model.guidance.GuidancePoint),
    ("signposting.yaml", model.Signposting),
    ("route", model.Route),
    ("module file", model.Module),
    ("section", model.Section),
    ("legal point", model.LegalPoint),
    ("source", model.Source),
    ("question", model.Question),
    ("option", model.Option),
    ("quiz", model.Quiz),
    ("scenario", model.Scenario),
    ("step", model.Step),
    ("choice", model.Choice),
    ("ending", model.Ending),
    ("figure: cards", figure.CardsFigure),
    ("card", figure.Card),
    ("figure: flow", figure.FlowFigure),
    ("flow column", figure.FlowColumn),
    ("figure: mockup", figure.MockupFigure),
    ("mock-up item", figure.MockItem),
    ("figure: course_map", figure.CourseMapFigure),
    ("organisation.yaml", model.Organisation),
    ("contact", organisation.Contact),
    ("platform", organisation.Platform),
]


def _type(schema: dict) -> str:
    """A short, readable name for a JSON-schema type."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [_type(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds) + (" or null" if len(kinds) < len(schema["anyOf"]) else "")
    if "oneOf" in schema:
        return "one of: " + ", ".join(_type(s) for s in schema["oneOf"])
    if "const" in schema:
        return f"`{schema['const']}`"
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "string":
        pattern = schema.get("pattern")
        if pattern == ID_PATTERN:
            return "id"
        if pattern == GUIDANCE_PATTERN:
            return "guidance id"
        return {"date": "date", "uri": "URL"}.get(schema.get("format", ""), "text")
    return {"integer": "whole number", "number": "number", "boolean": "true/false"}.get(kind, kind)


def _table(name: str, cls: type[BaseModel]) -> str:
    schema = cls.model_json_schema()
    required = set(schema.get("required", []))
    rows = [f"## {name}\n", f"{(cls.__doc__ or '').strip().splitlines()[0]}\n"]
    rows += ["| field | type | required | description |", "|---|---|---|---|"]
    for key, prop in schema["properties"].items():
        info = cls.model_fields[key]
        need = "yes" if key in required else f"no (default `{info.default!r}`)"
        desc = (info.description or "").replace("|", "\\|")
        rows.append(f"| `{key}` | {_type(prop)} | {need} | {desc} |")
    return "\n".join(rows)


def authoring_reference() -> str:
    """The whole reference as Markdown."""
    return INTRO + "\n" + "\n\n".join(_table(n, c) for n, c in MODELS) + "\n"
