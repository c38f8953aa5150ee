"""The guidance points file (guidance.yaml): every idea the course teaches, with a stable id."""

from __future__ import annotations

from pydantic import Field

from course.model.base import GuidanceId, Strict


class GuidancePoint(Strict):
    """One idea from the guidance, restated."""

    id: GuidanceId = Field(description="Stable id, G01 to G99.")
    point: str = Field(min_length=1, description="The idea, in the course's own words.")


class Guidance(Strict):
    """The list of guidance points."""

    schema_version: int = Field(description="Version of this file format; currently 2.")
    source: str = Field(min_length=1, description="Where the points come from.")
    points: list[GuidancePoint] = Field(min_length=1, description="The points, in id order.")
