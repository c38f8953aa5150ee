"""Reporting routes and helplines: one list, used by lessons, page headers and the phone check."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, HttpUrl

from course.model.base import Id, Markdown, Strict


class Route(Strict):
    """A national route for a concern, or a line of support."""

    id: Id = Field(description="Stable id, unique in the list.")
    name: str = Field(min_length=1, description="The service's name.")
    who: str = Field(min_length=1, description="Who it is for.")
    when: Markdown = Field(description="When to use it.")
    phone: str | None = Field(None, description="Its phone number, written as learners dial it.")
    hours: str | None = Field(None, description="When the phone line is open (None: see online).")
    other: str = Field("", description="Other ways in: email, online form, web address.")
    url: HttpUrl = Field(description="Its official page.")
    header: Literal["concern", "support"] | None = Field(
        None,
        description="Shown in every module's header: with the routes for a concern, or with "
        "support for the learner; omit to show it only in lessons.",
    )


class Signposting(Strict):
    """The routes file (signposting.yaml)."""

    schema_version: int = Field(description="Version of this file format; currently 2.")
    last_reviewed: dt.date = Field(description="When the numbers and hours were last checked.")
    routes: list[Route] = Field(min_length=1, description="The routes, most urgent first.")
