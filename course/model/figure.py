"""Pictures: drawn with matplotlib at build time from data, each with alt text for screen readers.

A figure is one of a few kinds. Its words live here, in the content, and the drawing code in
course/render/figures.py lays them out, so the text in a picture and its alt text sit side by side.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints, model_validator

from course.model.base import Id, Strict
from course.text import strings

Unit = Annotated[float, Field(ge=0, le=1)]
#: Text drawn in a picture is kept short, so that it stays legible at the picture's size.
Short = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=90)]


class FigureBase(Strict):
    """What every picture has: a file name, a title drawn on it, and words for those who can't
    see it."""

    UNIQUE_IN_COURSE: ClassVar[bool] = True

    id: Id = Field(description="Stable id, unique in the course; names the image file.")
    title: str = Field(
        min_length=1, max_length=70, description="Heading drawn at the top of the picture."
    )
    alt: str = Field(
        min_length=40,
        description="Alt text: everything the picture shows that matters, in plain sentences.",
    )
    caption: str = Field("", description="Optional line shown under the picture.")

    @model_validator(mode="after")
    def _drawable(self) -> FigureBase:
        """Emoji and other symbols the picture's font lacks would be drawn as empty boxes."""
        for _, text in strings(self.model_dump(exclude={"alt", "caption"})):
            bad = sorted({c for c in text if ord(c) >= 0x1F000 or 0xFE00 <= ord(c) <= 0xFE0F})
            if bad:
                raise ValueError(
                    f"the picture's font cannot draw {''.join(bad)!r} in {text!r}; "
                    "use words instead"
                )
        return self


class Card(Strict):
    """One card of a cards figure."""

    heading: Short = Field(description="The card's heading (up to 40 characters).")
    text: str = Field(
        min_length=1, max_length=160, description="A sentence or two (up to 160 characters)."
    )


class CardsFigure(FigureBase):
    """A grid of titled cards: the 4 Cs, a code of conduct, routes for a concern."""

    kind: Literal["cards"] = Field(description="cards")
    columns: int = Field(2, ge=1, le=4, description="Cards per row.")
    cards: list[Card] = Field(min_length=2, max_length=9, description="The cards, row by row.")


class FlowColumn(Strict):
    """One column of a flow figure: boxes joined top to bottom by arrows."""

    heading: Short = Field(description="Heading above the column (up to 40 characters).")
    steps: list[Line] = Field(
        min_length=2, max_length=7, description="The boxes, in order (up to 90 characters each)."
    )


class FlowFigure(FigureBase):
    """One to three flows side by side: a decision path, or two ways of working compared."""

    kind: Literal["flow"] = Field(description="flow")
    columns: list[FlowColumn] = Field(min_length=1, max_length=3, description="The flows.")


class MockItem(Strict):
    """Something shown inside a mock-up's picture area, optionally with a numbered note."""

    label: Short = Field(description="Words drawn inside the item's box (up to 40 characters).")
    x: Unit = Field(description="Left edge, as a fraction of the picture area's width.")
    y: Unit = Field(description="Bottom edge, as a fraction of the picture area's height.")
    w: Unit = Field(description="Width, as a fraction of the picture area's width.")
    h: Unit = Field(description="Height, as a fraction of the picture area's height.")
    note: str = Field(
        "", max_length=90, description="If set, a numbered marker and this note in the key."
    )


class MockupFigure(FigureBase):
    """A mock-up of a screen: a social media post, a livestream, or a message thread."""

    kind: Literal["mockup"] = Field(description="mockup")
    screen: Literal["post", "stream", "chat"] = Field(description="What kind of screen it shows.")
    header: Short = Field(description="Account or stream name at the top.")
    lines: list[Line] = Field(
        default=[], max_length=8, description="Caption lines (post) or messages (stream, chat)."
    )
    items: list[MockItem] = Field(
        default=[], max_length=10, description="Things in the photo or video area."
    )

    @model_validator(mode="after")
    def _chat_has_no_items(self) -> MockupFigure:
        if self.screen == "chat" and self.items:
            raise ValueError("a chat mock-up shows messages only; expected no items")
        return self


class CourseMapFigure(FigureBase):
    """The course's modules in order with their minutes, drawn from course.yaml (no data here)."""

    kind: Literal["course_map"] = Field(description="course_map")


Figure = Annotated[
    CardsFigure | FlowFigure | MockupFigure | CourseMapFigure, Field(discriminator="kind")
]
