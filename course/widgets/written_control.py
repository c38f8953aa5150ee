"""The answer control of a graded written answer: a labelled text box, saved when the learner
leaves it (or presses Save)."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from course.kinds.written import MAX_CHARS, text_of
from course.scoring import Response
from course.widgets.common import tagged


class WrittenControl:
    def __init__(self, question):
        self.question = question
        self.box = w.Textarea(
            placeholder="Write your answer here.",
            description="Your answer",
            continuous_update=False,
            rows=12,
            layout=w.Layout(width="100%"),
            style={"description_width": "initial"},
        )
        self.save = w.Button(description="Save my answer", tooltip="Save your written answer")
        tagged(self.box, f"{question.id}-text")
        tagged(self.save, f"{question.id}-save")
        self.widget = tagged(w.VBox([self.box, self.save]), f"{question.id}-answer")

    @property
    def value(self) -> Response:
        text = self.box.value.strip()[:MAX_CHARS]
        return text or None

    def set(self, response: Response) -> None:
        self.box.value = text_of(response)

    def on_change(self, callback: Callable[[], None]) -> None:
        self.box.observe(lambda _change: callback(), names="value")
        self.save.on_click(lambda _b: callback())

    def disable(self, disabled: bool = True) -> None:
        self.box.disabled = self.save.disabled = disabled
