"""Moderation queues as graded items: one mark for each post decided rightly (partial credit).

The stored answer is a list of option ids, one per post decided, each ``<post id>_<action>``, so
it fits the response file's format (option ids) and one paper's answers never fit another's.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from course.model.exercise import ACTION_LABELS, ACTIONS, ModerationItem
from course.scoring import Response, Result, chosen
from course.text import md

KINDS = ("moderation",)
Model = ModerationItem


@dataclass(frozen=True)
class PublicPost:
    """A post as a learner's page shows it: no decision, no feedback."""

    id: str
    author: str
    text: str
    thread: str | None
    replies: list[str]


@dataclass(frozen=True)
class PaperModeration:
    """A graded queue as this learner's paper shows it."""

    id: str  # the slot id
    kind: str
    points: int
    prompt: str
    mode: str
    posts: list[PublicPost]

    @property
    def option_ids(self) -> list[str]:
        return [f"{p.id}_{a}" for p in self.posts for a in ACTIONS]


def decisions(post_ids: list[str], response: Response) -> dict[str, str]:
    """{post id: action} from a stored answer; ids that fit no post are ignored, and a post
    with more than one decision counts as undecided."""
    found: dict[str, list[str]] = {}
    for option_id in chosen(response):
        post_id, _, action = option_id.rpartition("_")
        if post_id in post_ids and action in ACTIONS:
            found.setdefault(post_id, []).append(action)
    return {p: acts[0] for p, acts in found.items() if len(acts) == 1}


def key(item: ModerationItem) -> dict[str, str]:
    """The right decision for each post."""
    return {p.id: p.correct for p in item.posts}


def score(item: ModerationItem, response: Response, points: int | None = None) -> Result:
    """One mark per post decided rightly, with a reason that names no right decision."""
    made = decisions([p.id for p in item.posts], response)
    right = sum(1 for p in item.posts if made.get(p.id) == p.correct)
    n = len(item.posts)
    if not made:
        return Result(0, n, "No decision was saved for this queue.")
    undecided = n - len(made)
    why = f"{right} of the {n} posts were decided rightly."
    if undecided:
        why += f" {undecided} had no decision saved."
    return Result(right, n, why)


def public(item: ModerationItem) -> dict:
    """The queue without its right decisions or feedback."""
    posts = [
        {"id": p.id, "author": p.author, "text": p.text, "thread": p.thread, "replies": p.replies}
        for p in item.posts
    ]
    return {"id": item.id, "prompt": item.prompt, "mode": item.mode, "posts": posts}


def for_learner(slot: dict, item: dict, order: Callable[[list[str]], list[str]]):
    """The public queue as this learner sees it (posts keep their order: threads read in turn)."""
    posts = [PublicPost(**p) for p in item["posts"]]
    return PaperModeration(slot["id"], slot["kind"], slot["points"], item["prompt"], item["mode"],
                           posts)  # fmt: skip


def control(question: PaperModeration):
    """The answer widget: a decision per post."""
    from course.widgets.moderation_control import ModerationControl

    return ModerationControl(question)


def answer_html(question: PaperModeration, answer: Response) -> str:
    """The queue and the learner's own decisions (no right answers)."""
    made = decisions([p.id for p in question.posts], answer)
    rows = []
    for p in question.posts:
        decided = ACTION_LABELS.get(made.get(p.id, ""), "no decision saved")
        rows.append(
            f"<li><strong>{html.escape(p.author)}:</strong> {html.escape(p.text)}"
            f"<br><em>Your decision:</em> {html.escape(decided)}</li>"
        )
    return f"{md(question.prompt)}<div><strong>Your answer:</strong><ul>{''.join(rows)}</ul></div>"
