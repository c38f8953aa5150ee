"""Kinds of graded item as plug-ins, registered by ``kind``.

Each kind is one module that gives, for its items: ``key`` (what the trainer's key shows),
``score`` (item, response -> course.scoring.Result, partial credit allowed), ``public`` (the
key-free form a learner's page loads), ``for_learner`` (that form as one learner sees it),
``control`` (the answer widget) and ``answer_html`` (the learner's own answer, for feedback).
Grading, the pack, papers, feedback and widgets all go through ``plugin(kind)``, so a new kind
(issue 8's exercises) is one new module listed in ``PLUGINS``.
"""

from __future__ import annotations

from types import ModuleType

from course.kinds import choice, moderation, written

PLUGINS: list[ModuleType] = [choice, moderation, written]
REGISTRY: dict[str, ModuleType] = {kind: p for p in PLUGINS for kind in p.KINDS}


def plugin(kind: str) -> ModuleType:
    """The module that handles items of this kind (ValueError naming the known kinds)."""
    try:
        return REGISTRY[kind]
    except KeyError:
        raise ValueError(f"unknown item kind '{kind}'; known: {sorted(REGISTRY)}") from None
