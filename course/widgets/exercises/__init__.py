"""One widget family per exercise kind, imported only when a page shows one.

Each widget is built as ``Widget(exercise, saved, save)``: ``saved`` is this learner's stored
state for the exercise (a dict, or None), and ``save(state)`` stores a new one, returning None
or a sentence for the learner saying why it could not be saved. Rules live in course/exercises/.
"""

from __future__ import annotations

import importlib

WIDGETS = {
    "spot_clues": "course.widgets.exercises.spot_clues:SpotCluesWidget",
    "moderation": "course.widgets.exercises.moderation:ModerationWidget",
    "planner": "course.widgets.exercises.planner:PlannerWidget",
    "concern_record": "course.widgets.exercises.concern:ConcernWidget",
}


def widget_class(kind: str):
    """The widget class for an exercise kind."""
    module, name = WIDGETS[kind].split(":")
    return getattr(importlib.import_module(module), name)
