"""Choice items: single answer, multiple response (all or nothing) and true/false.

The stored answer is an option id (a list of ids for multiple response), never a position, so
the key does not depend on the order a learner's page shows the options in.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from course.model import Question
from course.paper import Option, PaperQuestion
from course.scoring import Response, Result, chosen, result
from course.text import md

KINDS = ("single", "multiple", "true_false")
Model = Question


def key(item: Question) -> str | list[str]:
    """The correct option id, or ids for multiple response."""
    return item.correct_ids if item.kind == "multiple" else item.correct_ids[0]


def score(item: Question, response: Response, points: int | None = None) -> Result:
    """All of the points for exactly the right options, else none, with a reason."""
    return result(item.correct_ids, item.option_ids, points or item.points, response)


def public(item: Question) -> dict:
    """The item without its key or feedback."""
    return {
        "id": item.id,
        "prompt": item.prompt,
        "options": [{"id": o.id, "text": o.text} for o in item.options],
    }


def for_learner(slot: dict, item: dict, order: Callable[[list[str]], list[str]]) -> PaperQuestion:
    """The public item as one learner sees it: their own order of options."""
    by_id = {o["id"]: Option(o["id"], o["text"]) for o in item["options"]}
    options = [by_id[o] for o in order(list(by_id))]
    return PaperQuestion(slot["id"], slot["kind"], slot["points"], item["prompt"], options)


def control(question):
    """The answer widget: radio buttons, or a checkbox per option."""
    from course.widgets.common import AnswerControl

    return AnswerControl(question)


def answer_html(question, answer: Response) -> str:
    """The question and the learner's own answer, as HTML (no correctness, no feedback)."""
    picked = chosen(answer)
    texts = [html.escape(o.text) for o in question.options if o.id in picked]
    if len(texts) > 1:
        given = "<ul>" + "".join(f"<li>{t}</li>" for t in texts) + "</ul>"
    else:
        given = texts[0] if texts else "no answer saved"
    return f"{md(question.prompt)}<div><strong>Your answer:</strong> {given}</div>"
