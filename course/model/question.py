"""Questions: single choice, multiple response and true/false, each option with feedback."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator

from course.model.base import MAX_TAGS, GuidanceId, Id, Markdown, Strict

QuestionKind = Literal["single", "multiple", "true_false"]


class Option(Strict):
    """One answer a learner can choose."""

    id: Id = Field(description="Stable id, unique within its question; what responses.json stores.")
    text: Markdown = Field(description="What the learner reads (Markdown, one line).")
    correct: bool = Field(False, description="Whether choosing this option is right.")
    feedback: Markdown = Field(description="Why this option is right or wrong (Markdown).")


class Question(Strict):
    """A question with options; used for knowledge checks and graded quizzes alike."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True
    TAG_LABEL: ClassVar[str] = "question"

    id: Id = Field(description="Stable id, unique in the course; the nbgrader grade_id.")
    kind: QuestionKind = Field(
        description="single, multiple (select all that apply) or true_false."
    )
    prompt: Markdown = Field(description="The question itself (Markdown).")
    options: list[Option] = Field(min_length=2, description="The answers to choose from, in order.")
    guidance: list[GuidanceId] = Field(
        default=[],
        max_length=MAX_TAGS,
        description="Guidance ids it assesses (required when graded, or in a module that "
        "covers any).",
    )
    points: int = Field(1, ge=1, le=10, description="Marks when graded (all or nothing).")

    @field_validator("options")
    @classmethod
    def _check_options(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        kind = info.data.get("kind")
        ids = [o.id for o in options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"option ids must be unique within the question; repeated: {dupes}")
        n_correct = sum(o.correct for o in options)
        if n_correct == 0:
            raise ValueError("no option is marked correct: true; expected at least one")
        if kind in ("single", "true_false") and n_correct != 1:
            raise ValueError(f"a {kind} question needs exactly one correct option, not {n_correct}")
        if kind == "true_false" and sorted(ids) != ["false", "true"]:
            raise ValueError("a true_false question needs exactly two options, ids true and false")
        return options

    @property
    def correct_ids(self) -> list[str]:
        """The ids of the correct options, in option order."""
        return [o.id for o in self.options if o.correct]

    @property
    def option_ids(self) -> list[str]:
        """All option ids, in option order."""
        return [o.id for o in self.options]

    def option(self, option_id: str) -> Option:
        """The option with this id (KeyError if none)."""
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)
