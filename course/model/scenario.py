"""Branching scenarios: decisions that earn points and lead to other decisions or to endings.

A learner's score is the sum of the points of the choices they made, out of the best path's sum.
Every decision matters: at a step, choices that lead to the same place must earn different points,
and the debrief at the end repeats what followed from each decision the learner made.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from course.model.base import MAX_TAGS, GuidanceId, Id, Markdown, Strict


class Choice(Strict):
    """One decision open to the learner at a step."""

    id: Id = Field(description="Stable id, unique within its step.")
    text: Markdown = Field(description="The decision, as the learner reads it.")
    feedback: Markdown = Field(
        description="What follows from this decision and why; shown at once and in the debrief."
    )
    next: Id = Field(description="Id of the step or ending this choice leads to.")
    points: int = Field(
        0, ge=0, le=5, description="Points this decision earns towards the scenario's score."
    )


class Step(Strict):
    """A point in the story where the learner decides."""

    TAG_LABEL: ClassVar[str] = "decision"

    id: Id = Field(description="Stable id, unique within its scenario (steps and endings).")
    text: Markdown = Field(description="What happens, and what the learner must decide.")
    guidance: list[GuidanceId] = Field(
        default=[],
        max_length=MAX_TAGS,
        description="Guidance ids this decision assesses (required in a module that covers any).",
    )
    choices: list[Choice] = Field(min_length=2, description="The decisions on offer.")


class Ending(Strict):
    """Where a path through the scenario ends."""

    id: Id = Field(description="Stable id, unique within its scenario (steps and endings).")
    title: str = Field(min_length=1, description="Short name of the outcome.")
    debrief: Markdown = Field(description="What this outcome means, and what to do next time.")


class Scenario(Strict):
    """A branching story; fictional, and it says so."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True

    id: Id = Field(description="Stable id, unique in the course.")
    title: str = Field(min_length=1, description="The scenario's title.")
    intro: Markdown = Field(description="The set-up, read before the first step.")
    start: Id = Field(description="Id of the first step.")
    steps: list[Step] = Field(min_length=1, description="The decision points.")
    endings: list[Ending] = Field(min_length=1, description="Where the story can end.")

    def node(self, node_id: str) -> Step | Ending:
        """The step or ending with this id (KeyError if none)."""
        for n in (*self.steps, *self.endings):
            if n.id == node_id:
                return n
        raise KeyError(node_id)
