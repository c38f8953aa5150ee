"""Branching scenarios: steps with choices that lead to other steps or to scored endings."""

from __future__ import annotations

from pydantic import Field

from course.model.base import GuidanceId, Id, Markdown, Strict


class Choice(Strict):
    """One decision open to the learner at a step."""

    id: Id = Field(description="Stable id, unique within its step.")
    text: Markdown = Field(description="The decision, as the learner reads it.")
    feedback: Markdown = Field(description="What follows from this decision and why (Markdown).")
    next: Id = Field(description="Id of the step or ending this choice leads to.")
    guidance: list[GuidanceId] = Field(default=[], description="Guidance ids this decision tests.")


class Step(Strict):
    """A point in the story where the learner decides."""

    id: Id = Field(description="Stable id, unique within its scenario (steps and endings).")
    text: Markdown = Field(description="What happens, and what the learner must decide.")
    choices: list[Choice] = Field(min_length=2, description="The decisions on offer.")


class Ending(Strict):
    """Where a path through the scenario ends."""

    id: Id = Field(description="Stable id, unique within its scenario (steps and endings).")
    title: str = Field(min_length=1, description="Short name of the outcome.")
    score: int = Field(ge=0, description="Points this ending earns; the best ending scores most.")
    debrief: Markdown = Field(description="What went well or badly, and what to do next time.")


class Scenario(Strict):
    """A branching story; fictional, and it says so."""

    id: Id = Field(description="Stable id, unique in the course.")
    title: str = Field(min_length=1, description="The scenario's title.")
    intro: Markdown = Field(description="The set-up, read before the first step.")
    guidance: list[GuidanceId] = Field(min_length=1, description="Guidance ids it practises.")
    start: Id = Field(description="Id of the first step.")
    steps: list[Step] = Field(min_length=1, description="The decision points.")
    endings: list[Ending] = Field(min_length=1, description="The outcomes, each with a score.")

    @property
    def max_score(self) -> int:
        """The score of the best ending."""
        return max(e.score for e in self.endings)

    def node(self, node_id: str) -> Step | Ending:
        """The step or ending with this id (KeyError if none)."""
        for n in (*self.steps, *self.endings):
            if n.id == node_id:
                return n
        raise KeyError(node_id)
