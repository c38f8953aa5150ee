"""The answer control of a graded moderation queue: each post's card and a decision for it."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from course.model.exercise import ACTION_LABELS, ACTIONS
from course.scoring import Response
from course.widgets.common import tagged


class ModerationControl:
    """One set of radio buttons per post; the value is the chosen option ids."""

    def __init__(self, question):
        from course.exercises.moderation import post_html

        self.question = question
        self.radios = {}
        rows = []
        for number, post in enumerate(question.posts, start=1):
            radio = w.RadioButtons(
                options=[(ACTION_LABELS[a], a) for a in ACTIONS],
                index=None,
                description=f"Post {number}",
                layout=w.Layout(width="auto"),
            )
            tagged(radio, f"{post.id}-decision", "wrap")
            self.radios[post.id] = radio
            rows += [w.HTML(post_html(post)), radio]
        self.widget = tagged(w.VBox(rows), f"{question.id}-answer")

    @property
    def value(self) -> Response:
        ids = [f"{pid}_{r.value}" for pid, r in self.radios.items() if r.value]
        return ids or None

    def set(self, response: Response) -> None:
        from course.kinds.moderation import decisions

        for pid, action in decisions(list(self.radios), response).items():
            self.radios[pid].value = action

    def on_change(self, callback: Callable[[], None]) -> None:
        for r in self.radios.values():
            r.observe(lambda _change: callback(), names="value")

    def disable(self, disabled: bool = True) -> None:
        for r in self.radios.values():
            r.disabled = disabled
