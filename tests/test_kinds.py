"""Item kinds as plug-ins: the registry, the choice kind, and how a score reaches nbgrader."""

from __future__ import annotations

import json

import pytest
from nbformat.v4 import new_code_cell
from nbgrader.utils import determine_grade

from course.autograde import outcome
from course.kinds import REGISTRY, plugin
from course.scoring import Result


def test_every_kind_in_the_content_has_a_plugin(course):
    kinds = {q.kind for m in course.modules.values() for q in [*m.knowledge_check, *m.graded]}
    assert kinds <= set(REGISTRY)
    with pytest.raises(ValueError, match="unknown item kind 'hotspot'"):
        plugin("hotspot")


def test_choice_key_score_and_public_form_agree(course):
    for module in course.modules.values():
        for q in module.graded:
            if q.kind not in ("single", "multiple", "true_false"):
                continue
            kind = plugin(q.kind)
            key = kind.key(q)
            assert kind.score(q, key) == Result(q.points, q.points, "Correct.")
            wrong = next(o.id for o in q.options if not o.correct)
            assert kind.score(q, [wrong] if q.kind == "multiple" else wrong).score == 0
            form = json.dumps(kind.public(q))
            assert '"correct"' not in form and all(o.feedback not in form for o in q.options)


@pytest.mark.parametrize(("result", "expected"), [
    (Result(2, 2, "Correct."), 2.0),
    (Result(1, 2, "Partly correct."), 1.0),
    (Result(0, 2, "No answer was saved for this question."), 0.0),
])  # fmt: skip
def test_a_result_becomes_the_grade_nbgrader_records(result, expected):
    """Full, partial and no credit each reach nbgrader's own grade reader as that score."""
    cell = new_code_cell("", outputs=[outcome(result)])
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 2, "grade_id": "x"}
    assert determine_grade(cell) == (expected, 2.0)
