"""The course file (course.yaml): the course's title and its modules in order."""

from __future__ import annotations

from pydantic import Field

from course.model.base import Id, Strict


class Manifest(Strict):
    """The course file (course.yaml): its title and its modules in order."""

    schema_version: int = Field(description="Version of this file format; currently 2.")
    title: str = Field(min_length=1, description="The course's title.")
    modules: list[Id] = Field(
        min_length=1, description="Module ids in the order learners take them."
    )
