"""Modules: objectives, key points, lesson sections, legal points, practice and a graded quiz."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field, HttpUrl

from course.model.base import GuidanceId, Id, Markdown, Strict
from course.model.exercise import Exercise, GradedItem
from course.model.figure import Figure
from course.model.question import Question
from course.model.scenario import Scenario


class Source(Strict):
    """A public source a legal point rests on."""

    publisher: str = Field(min_length=1, description="Who published it (cite the original).")
    title: str = Field(min_length=1, description="Title of the page or document.")
    url: HttpUrl = Field(description="Where to read it.")


class LegalPoint(Strict):
    """A statement of law or statutory guidance, with its sources and review date."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True
    TAG_LABEL: ClassVar[str] = "legal point"

    id: Id = Field(description="Stable id, unique in the course.")
    title: str = Field(min_length=1, description="Short name of the legal point.")
    body: Markdown = Field(description="The point, in the course's own words (Markdown).")
    guidance: list[GuidanceId] = Field(min_length=1, description="Guidance ids it serves.")
    sources: list[Source] = Field(min_length=1, description="Where the point comes from.")
    last_reviewed: dt.date = Field(description="When someone last checked it against the law.")


class Section(Strict):
    """One part of the lesson."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True
    TAG_LABEL: ClassVar[str] = "section"

    id: Id = Field(description="Stable id, unique in the course.")
    title: str = Field(min_length=1, description="Section heading.")
    body: Markdown = Field(description="The teaching text (Markdown).")
    guidance: list[GuidanceId] = Field(
        default=[], description="Guidance ids it teaches (required in a module that covers any)."
    )
    legal: list[Id] = Field(default=[], description="Ids of legal points shown with this section.")
    figure: Figure | None = Field(None, description="A picture shown after the text.")
    insert: Literal["course_map", "routes"] | None = Field(
        None,
        description="A table built from other files, shown after the text: course_map (the "
        "modules and their minutes) or routes (signposting.yaml).",
    )


class Quiz(Strict):
    """The module's graded quiz: one nbgrader assignment."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True

    id: Id = Field(description="The nbgrader assignment id, unique in the course.")
    title: str = Field(min_length=1, description="Title shown to learners and trainers.")
    questions: list[GradedItem] = Field(
        min_length=1, description="Graded questions and tasks, no feedback."
    )

    @property
    def max_points(self) -> int:
        """The total points available."""
        return sum(q.points for q in self.questions)


class Module(Strict):
    """A course module: what a learner reads, practises and is graded on."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True

    schema_version: int = Field(description="Version of this file format; currently 2.")
    id: Id = Field(description="Stable id, unique in the course; names the learner notebook.")
    title: str = Field(min_length=1, description="Module title.")
    minutes: int = Field(ge=1, le=240, description="How long a learner needs, in minutes.")
    covers: list[GuidanceId] = Field(
        default=[], description="Guidance ids this module must teach and assess."
    )
    fiction_notice: Markdown = Field(description="Says the people and places are invented.")
    content_note: Markdown | None = Field(
        None, description="Warns of topics that may distress, shown at the top of the page."
    )
    objectives: list[str] = Field(min_length=1, description="What the learner will be able to do.")
    key_points: list[str] = Field(min_length=1, description="What to remember, for the summary.")
    sections: list[Section] = Field(min_length=1, description="The lesson, in order.")
    legal_points: list[LegalPoint] = Field(default=[], description="Law the sections refer to.")
    exercises: list[Exercise] = Field(
        default=[], description="Practice exercises: spot the clues, moderation, planners, records."
    )
    knowledge_check: list[Question] = Field(
        min_length=1, description="Practice questions with immediate feedback."
    )
    scenarios: list[Scenario] = Field(min_length=1, description="Branching scenarios to play.")
    quiz: Quiz | None = Field(None, description="The graded quiz (none for the welcome module).")

    @property
    def graded(self) -> list[Question]:
        """The graded quiz's questions (none if the module has no quiz)."""
        return list(self.quiz.questions) if self.quiz else []

    def legal_point(self, point_id: str) -> LegalPoint:
        """The legal point with this id (KeyError if none)."""
        for p in self.legal_points:
            if p.id == point_id:
                return p
        raise KeyError(point_id)

    def question(self, question_id: str) -> Question:
        """A knowledge-check or quiz question by id (KeyError if none)."""
        for q in (*self.knowledge_check, *self.graded):
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def exercise(self, exercise_id: str):
        """The exercise with this id (KeyError if none)."""
        for e in self.exercises:
            if e.id == exercise_id:
                return e
        raise KeyError(exercise_id)

    def scenario(self, scenario_id: str) -> Scenario:
        """The scenario with this id (KeyError if none)."""
        for s in self.scenarios:
            if s.id == scenario_id:
                return s
        raise KeyError(scenario_id)
