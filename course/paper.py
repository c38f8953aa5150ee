"""A learner's paper, from an assessment's public form (no keys, no feedback).

The public form is ``paper.json`` beside the assessment notebook, written by ``course build`` from
the assessment pack. The same keyed hash that grading uses (course.pack) picks each slot's item
and orders its options, so the page shows exactly the paper the learner is scored on.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path

PAPER_FILE = "paper.json"
#: Beside the learner pages: one public form per module quiz, named after the quiz.
PAPERS_DIR = "papers"


def _digest(paper_key: str, *parts: str) -> bytes:
    message = "\0".join(parts).encode("utf-8")
    return hmac.new(paper_key.encode("utf-8"), message, hashlib.sha256).digest()


def variant_index(paper_key: str, assessment_id: str, slot_id: str, learner: str, n: int) -> int:
    """Which of a pool's ``n`` items this learner gets."""
    digest = _digest(paper_key, "variant", assessment_id, slot_id, learner)
    return int.from_bytes(digest[:8], "big") % n


def option_order(
    paper_key: str, assessment_id: str, slot_id: str, learner: str, option_ids: list[str]
) -> list[str]:
    """The option ids in this learner's own order."""

    def rank(option_id: str) -> bytes:
        return _digest(paper_key, "order", assessment_id, slot_id, learner, option_id)

    return sorted(option_ids, key=rank)


@dataclass(frozen=True)
class Option:
    id: str
    text: str


@dataclass(frozen=True)
class PaperQuestion:
    """One slot as this learner sees it; shaped like a Question for the answer control."""

    id: str  # the slot id: what the answer is saved under
    kind: str
    points: int
    prompt: str
    options: list[Option]

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


@dataclass(frozen=True)
class Paper:
    assessment: str
    title: str
    pack: str
    pass_mark: float
    questions: list[PaperQuestion]

    @property
    def max_points(self) -> int:
        return sum(q.points for q in self.questions)


def learner_paper(form: dict, learner: str) -> Paper:
    """This learner's paper from the public form."""
    from course.kinds import plugin

    key, aid = form["paper_key"], form["assessment"]
    questions = []
    for slot in form["slots"]:
        items = slot["items"]
        item = items[variant_index(key, aid, slot["id"], learner, len(items))]

        def order(ids: list[str], slot_id: str = slot["id"]) -> list[str]:
            return option_order(key, aid, slot_id, learner, ids)

        questions.append(plugin(slot["kind"]).for_learner(slot, item, order))
    return Paper(aid, form["title"], form["pack"], form["pass_mark"], questions)


def read_form(path: Path | None = None) -> dict:
    """A public form: ``path``, or paper.json beside the notebook (OSError or ValueError if
    missing or broken)."""
    return json.loads((path or Path.cwd() / PAPER_FILE).read_text(encoding="utf-8"))
