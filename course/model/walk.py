"""One generic walk over content: every object in a module with where it is, so that checks find
ids and guidance tags from the schema itself instead of hand-written lists of fields."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

Loc = tuple[str | int, ...]


def walk(obj: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, BaseModel]]:
    """Every content object under ``obj`` (itself first), in field order, with its location."""
    yield loc, obj
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, BaseModel):
            yield from walk(value, (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from walk(item, (*loc, name, i))


def course_ids(obj: BaseModel) -> Iterator[tuple[str, Loc]]:
    """Every id that must be unique in the whole course, with the location of its field."""
    for loc, node in walk(obj):
        if getattr(node, "UNIQUE_IN_COURSE", False):
            yield node.id, (*loc, "id")


def tagged(obj: BaseModel) -> Iterator[tuple[str, Loc, list[str]]]:
    """Every object that carries guidance ids: (what it is, location, ids). A question in the
    graded quiz is a "graded question", elsewhere a "practice question"."""
    for loc, node in walk(obj):
        label = getattr(node, "TAG_LABEL", "")
        if not label:
            continue
        if label == "question":
            label = "graded question" if loc[:1] == ("quiz",) else "practice question"
        yield label, loc, node.guidance
