"""Exercises beyond multiple choice: spot the clues, a moderation queue, a planner (livestream
and recording), and a record of concern. Each is practice with feedback on the module page; the
moderation queue and the written record also have graded forms in the assessment pack.

An exercise is chosen by ``kind``; each kind's rules live in ``course/exercises/`` and its widget
in ``course/widgets/exercises/``.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from course.model.base import MAX_TAGS, GuidanceId, Id, Markdown, Strict
from course.model.question import Question

# --- spot the clues -----------------------------------------------------------------------------


#: The simple objects a scene's details can be drawn as.
LOOKS = ("door", "sign", "person", "bag", "tag", "tree", "sky", "cat", "dog", "bus", "shop",
         "ball", "box")  # fmt: skip
Looks = Literal[LOOKS]


class Region(Strict):
    """A detail of a scene a learner can pick: it gives the child away, or it is harmless."""

    id: Id = Field(description="Stable id, unique within its scene.")
    label: str = Field(
        min_length=1,
        max_length=60,
        description="What the detail is, in neutral words (the list entry and the button name).",
    )
    x: float = Field(ge=0, le=1, description="Left edge, as a share of the picture's width.")
    y: float = Field(ge=0, le=1, description="Bottom edge, as a share of the picture's height.")
    w: float = Field(gt=0, le=1, description="Width, as a share of the picture's width.")
    h: float = Field(gt=0, le=1, description="Height, as a share of the picture's height.")
    looks: Looks = Field(
        "box", description="What is drawn for it: " + ", ".join(LOOKS) + " (a plain box)."
    )
    gives_away: bool = Field(description="Whether this detail helps a stranger find the child.")
    feedback: Markdown = Field(description="Why it does or does not give the child away.")

    @model_validator(mode="after")
    def _inside(self) -> Region:
        if self.x + self.w > 1.0001 or self.y + self.h > 1.0001:
            raise ValueError(f"region '{self.id}' reaches outside the picture")
        return self


class Scene(Strict):
    """One mock-up of a photo a child might post, with the details in it."""

    id: Id = Field(description="Stable id, unique in the course; names the picture file.")
    title: str = Field(min_length=1, description="The scene's heading.")
    header: str = Field(min_length=1, description="The account name shown on the post.")
    caption: list[str] = Field(default=[], description="Lines of the post's caption.")
    alt: str = Field(min_length=20, description="Text alternative for the whole picture.")
    regions: list[Region] = Field(min_length=3, description="The details a learner can pick.")

    UNIQUE_IN_COURSE: ClassVar[bool] = True

    @field_validator("regions")
    @classmethod
    def _both_kinds(cls, regions: list[Region]) -> list[Region]:
        ids = [r.id for r in regions]
        if len(set(ids)) != len(ids):
            raise ValueError("region ids must be unique within the scene")
        if all(r.gives_away for r in regions) or not any(r.gives_away for r in regions):
            raise ValueError("a scene needs details that give the child away and harmless ones")
        return regions


class SpotClues(Strict):
    """Pick what gives a child away in pictures a child might post."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True
    TAG_LABEL: ClassVar[str] = "exercise"

    id: Id = Field(description="Stable id, unique in the course.")
    kind: Literal["spot_clues"]
    title: str = Field(min_length=1, description="Heading on the page.")
    intro: Markdown = Field(description="What to do (Markdown).")
    guidance: list[GuidanceId] = Field(default=[], max_length=MAX_TAGS)
    scenes: list[Scene] = Field(min_length=2, description="The pictures, in order.")


# --- moderation queue ---------------------------------------------------------------------------

ACTIONS = ("approve", "remove", "escalate")
Action = Literal["approve", "remove", "escalate"]
ACTION_LABELS = {
    "approve": "Approve",
    "remove": "Remove",
    "escalate": "Escalate to the safeguarding lead",
}


class Post(Strict):
    """A fictional post or message waiting for a moderator's decision."""

    id: Id = Field(description="Stable id, unique in the course; what the answer is saved under.")
    author: str = Field(min_length=1, description="The (invented) account name.")
    text: Markdown = Field(description="What the post says.")
    thread: str | None = Field(
        None, description="Posts with the same thread name are shown together, in order."
    )
    replies: list[str] = Field(
        default=[], description="Replies already under it (a post that is already live)."
    )
    sent: str | None = Field(
        None,
        max_length=40,
        description="When it was sent, as the queue shows it (e.g. 'Monday 6.40pm'), so that a "
        "pattern over several days can be read.",
    )
    correct: Action = Field(description="The right decision: approve, remove or escalate.")
    feedback: dict[Action, Markdown] = Field(
        default={}, description="Why each decision is right or wrong (required in practice)."
    )

    UNIQUE_IN_COURSE: ClassVar[bool] = True

    def option_id(self, action: str) -> str:
        """The option id that stands for this decision on this post."""
        return f"{self.id}_{action}"


class Round(Strict):
    """A round of the queue: posts waiting for approval, or posts already live."""

    id: Id = Field(description="Stable id, unique within the queue.")
    title: str = Field(min_length=1, description="The round's heading.")
    mode: Literal["before", "after"] = Field(
        description="before: posts wait until approved; after: posts are already live."
    )
    intro: Markdown = Field(description="What is different in this round.")
    posts: list[Post] = Field(min_length=1)

    @model_validator(mode="after")
    def _nothing_live_before(self) -> Round:
        if self.mode == "before":
            live = [p.id for p in self.posts if p.replies]
            if live:
                raise ValueError(f"round '{self.id}' is pre-moderated, but {live} have replies")
        return self


class ModerationQueue(Strict):
    """Approve, remove or escalate fictional posts, with feedback on each."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True
    TAG_LABEL: ClassVar[str] = "exercise"

    id: Id = Field(description="Stable id, unique in the course.")
    kind: Literal["moderation"]
    title: str = Field(min_length=1)
    intro: Markdown
    guidance: list[GuidanceId] = Field(default=[], max_length=MAX_TAGS)
    rounds: list[Round] = Field(min_length=1)

    @model_validator(mode="after")
    def _feedback_everywhere(self) -> ModerationQueue:
        for r in self.rounds:
            for p in r.posts:
                missing = [a for a in ACTIONS if a not in p.feedback]
                if missing:
                    raise ValueError(f"post '{p.id}' has no feedback for {missing}")
        return self

    @property
    def posts(self) -> list[Post]:
        return [p for r in self.rounds for p in r.posts]


class ModerationItem(Strict):
    """A graded moderation queue: one mark for each post decided rightly (partial credit)."""

    TAG_LABEL: ClassVar[str] = "question"

    id: Id = Field(description="Stable id, unique in the pack.")
    kind: Literal["moderation"]
    prompt: Markdown = Field(description="What the learner is asked to do.")
    mode: Literal["before", "after"] = Field(description="As for a practice round.")
    guidance: list[GuidanceId] = Field(default=[], max_length=MAX_TAGS)
    points: int = Field(ge=2, le=10, description="One per post.")
    posts: list[Post] = Field(min_length=2, max_length=10)

    @model_validator(mode="after")
    def _one_mark_a_post(self) -> ModerationItem:
        if self.points != len(self.posts):
            n = len(self.posts)
            raise ValueError(f"points is {self.points}; it must be one per post ({n})")
        return self

    @property
    def option_ids(self) -> list[str]:
        return [p.option_id(a) for p in self.posts for a in ACTIONS]


# --- planners (livestream, recording) -----------------------------------------------------------

Rating = Literal["good", "weak", "risky"]


class PlanOption(Strict):
    """One choice for a part of the plan."""

    id: Id = Field(description="Stable id, unique within its field.")
    text: str = Field(min_length=1, description="The choice as the learner reads it.")
    rating: Rating = Field(description="good, weak (needs fixing) or risky (unsafe or unlawful).")
    feedback: Markdown = Field(description="Why; for a weak or risky choice, what to do instead.")


class PlanField(Strict):
    """A part of the plan the learner decides."""

    id: Id = Field(description="Stable id, unique within the planner.")
    label: str = Field(min_length=1, description="The question, e.g. 'Who can watch?'.")
    help: Markdown | None = Field(None, description="A hint shown under the question.")
    options: list[PlanOption] = Field(min_length=2)
    legal: list[Id] = Field(
        default=[], description="Legal points a weak choice here is explained against (ids)."
    )

    @field_validator("options")
    @classmethod
    def _a_good_one(cls, options: list[PlanOption]) -> list[PlanOption]:
        if not any(o.rating == "good" for o in options):
            raise ValueError("at least one option must be rated good")
        ids = [o.id for o in options]
        if len(set(ids)) != len(ids):
            raise ValueError("option ids must be unique within the field")
        return options


class Template(Strict):
    """A blank document to download with the plan (a consent log, say)."""

    id: Id = Field(description="Stable id; names the downloaded file.")
    title: str = Field(min_length=1)
    body: Markdown = Field(description="The template (Markdown; tables allowed).")


class Planner(Strict):
    """Make a plan by choosing each part; weak choices are flagged and explained, and the plan
    can be downloaded."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True
    TAG_LABEL: ClassVar[str] = "exercise"

    id: Id = Field(description="Stable id, unique in the course; names the downloaded files.")
    kind: Literal["planner"]
    title: str = Field(min_length=1)
    intro: Markdown
    guidance: list[GuidanceId] = Field(default=[], max_length=MAX_TAGS)
    document_title: str = Field(min_length=1, description="Title of the downloaded plan.")
    chart_title: str | None = Field(None, description="Draw a risk picture with this title.")
    fields: list[PlanField] = Field(min_length=3)
    templates: list[Template] = Field(default=[], description="Blank documents to download.")
    legal: list[Id] = Field(default=[], description="Legal points the feedback rests on.")

    @model_validator(mode="after")
    def _unique_and_cited(self) -> Planner:
        ids = [f.id for f in self.fields]
        if len(set(ids)) != len(ids):
            raise ValueError("field ids must be unique within the planner")
        for f in self.fields:
            unknown = [ref for ref in f.legal if ref not in self.legal]
            if unknown:
                raise ValueError(f"field '{f.id}' cites {unknown}, not in the planner's legal list")
        templates = [t.id for t in self.templates]
        if len(set(templates)) != len(templates):
            raise ValueError("template ids must be unique within the planner")
        return self


# --- record of concern --------------------------------------------------------------------------


class TextCheck(Strict):
    """One automatic check of a written record."""

    id: Id = Field(description="Stable id, unique within its exercise.")
    label: str = Field(min_length=1, description="What is checked, as the learner reads it.")
    kind: Literal["present", "absent", "quote"] = Field(
        description="present: a pattern must match; absent: none may match; quote: a quoted "
        "passage must repeat words the child said."
    )
    patterns: list[str] = Field(
        default=[], description="Regular expressions, matched ignoring case (present, absent)."
    )
    met: Markdown = Field(description="Feedback when the record passes this check.")
    unmet: Markdown = Field(description="Feedback when it does not, and how to fix it.")

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re.compile(p)
            except re.error as err:
                raise ValueError(f"pattern {p!r} is not a regular expression: {err}") from None
        return patterns

    @model_validator(mode="after")
    def _has_patterns(self) -> TextCheck:
        if self.kind != "quote" and not self.patterns:
            raise ValueError(f"check '{self.id}' ({self.kind}) needs patterns")
        return self


class ConcernRecord(Strict):
    """Write a short factual record of a fictional disclosure; checked automatically."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True
    TAG_LABEL: ClassVar[str] = "exercise"

    id: Id = Field(description="Stable id, unique in the course.")
    kind: Literal["concern_record"]
    title: str = Field(min_length=1)
    intro: Markdown
    guidance: list[GuidanceId] = Field(default=[], max_length=MAX_TAGS)
    disclosure: Markdown = Field(description="The fictional account the learner records.")
    child_words: list[str] = Field(
        min_length=1, description="What the child said, word for word (for the quote check)."
    )
    min_words: int = Field(40, ge=10, le=400, description="Shortest record worth checking.")
    checks: list[TextCheck] = Field(min_length=3)


class WrittenItem(Strict):
    """A graded written answer, marked by a trainer in formgrader against a rubric learners never
    see; the automatic checks become the trainer's comment placeholder."""

    TAG_LABEL: ClassVar[str] = "question"

    id: Id = Field(description="Stable id, unique in the pack.")
    kind: Literal["written"]
    prompt: Markdown = Field(description="The task, with the fictional account (Markdown).")
    guidance: list[GuidanceId] = Field(default=[], max_length=MAX_TAGS)
    points: int = Field(ge=1, le=10)
    rubric: Markdown = Field(description="The mark scheme, for trainers only.")
    child_words: list[str] = Field(default=[], description="For the quote check.")
    checks: list[TextCheck] = Field(default=[], description="Automatic checks for the comment.")

    @property
    def option_ids(self) -> list[str]:
        """A written answer has no options."""
        return []


Exercise = Annotated[
    SpotClues | ModerationQueue | Planner | ConcernRecord, Field(discriminator="kind")
]

#: A graded item: a choice question, a moderation queue (partial credit) or a written answer
#: (marked by a trainer).
GradedItem = Annotated[Question | ModerationItem | WrittenItem, Field(discriminator="kind")]
