"""Shared building blocks of the content schema: ids, guidance ids, strict models."""

from __future__ import annotations

import re
from typing import Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

#: The pattern nbgrader accepts for a grade_id; every content id follows it.
ID_PATTERN = r"^[A-Za-z0-9_\-]+$"
GUIDANCE_PATTERN = r"^G[0-9]{2}$"
SCHEMA_VERSION = 2


def _bool_to_id(value: object) -> object:
    """YAML reads a bare ``true``/``false`` as a boolean; as an id it means the word."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=64),
    BeforeValidator(_bool_to_id),
]
GuidanceId = Annotated[str, StringConstraints(pattern=GUIDANCE_PATTERN)]
#: At most this many guidance ids on one question or decision, so that each tag means something.
MAX_TAGS = 3
Markdown = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    """A content object: unknown fields are errors, values are immutable once loaded.

    Two class attributes tell the generic checks (course.model.walk) what an object is: its id
    must be unique in the whole course (``UNIQUE_IN_COURSE``), and what to call it when it
    carries guidance ids (``TAG_LABEL``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    UNIQUE_IN_COURSE: ClassVar[bool] = False
    TAG_LABEL: ClassVar[str] = ""


def is_id(text: str) -> bool:
    """Is ``text`` a valid content id (and so a valid nbgrader grade_id)?"""
    return re.fullmatch(ID_PATTERN, text) is not None
