"""The moderation queue: fictional posts to approve, remove or escalate to the safeguarding lead,
scored post by post. Pure functions: no widgets, no I/O.

``post_html`` draws a post as the queue shows it, for the practice widget and for the graded
queue alike; it never hints at the right decision. Everything about right and wrong is in
``score`` and the lines built from it, which a page shows only after the learner checks.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from course.model.exercise import ACTION_LABELS, ACTIONS, ModerationQueue, Post
from course.text import md

#: How a checked decision is told, in a symbol and words (never colour alone).
VERDICTS = {True: ("✔", "Right."), False: ("✘", "Not the best call."), None: ("?", "Not decided.")}

_CARD = (
    "border:1px solid #8c8c8c;border-radius:6px;padding:0.3rem 0.9rem;"
    "margin:0.2rem 0 0.3rem;background:#ffffff;color:#1a1a1a"
)
_BADGE = (
    "display:inline-block;border:1px solid #333333;border-radius:4px;padding:0 0.35em;"
    "margin-left:0.4em;font-size:0.85em;font-weight:600;color:#1a1a1a"
)


def post_html(post) -> str:
    """A post as a moderator sees it in the queue: the account, when it was sent, its thread, the
    text, and for a post that is already live an "Already live" badge and the replies under it.

    ``post`` is any object with ``author``, ``text``, ``thread`` and ``replies`` (a practice
    ``Post`` or a graded queue's public post); ``sent`` is shown when it has one. A post with
    replies is live: only a live post can have any. Nothing here depends on the right decision.
    """
    meta = [f"<strong>{html.escape(post.author)}</strong>"]
    sent = getattr(post, "sent", None)
    if sent:
        meta.append(f'<span class="course-small"> · sent {html.escape(sent)}</span>')
    if post.thread:
        meta.append(f'<span class="course-small"> · thread “{html.escape(post.thread)}”</span>')
    if post.replies:
        meta.append(f'<span class="course-post-live" style="{_BADGE}">Already live</span>')
    return (
        f'<div class="course-post" style="{_CARD}">'
        f'<p class="course-post-meta" style="margin:0.3rem 0">{"".join(meta)}</p>'
        f'<div class="course-post-text">{md(post.text)}</div>{replies_html(post.replies)}</div>'
    )


def replies_html(replies: list[str]) -> str:
    """The replies already under a live post; "Name: text" shows the name in bold."""
    if not replies:
        return ""
    items = []
    for reply in replies:
        name, sep, rest = reply.partition(": ")
        if sep and name and len(name) <= 40:
            items.append(f"<li><strong>{html.escape(name)}:</strong> {html.escape(rest)}</li>")
        else:
            items.append(f"<li>{html.escape(reply)}</li>")
    n = len(replies)
    heading = f"{n} repl{'y' if n == 1 else 'ies'} already under it, seen by other members:"
    return (
        f'<p class="course-small" style="margin:0.3rem 0 0"><strong>{heading}</strong></p>'
        f'<ul class="course-post-replies" style="margin-top:0.1rem">{"".join(items)}</ul>'
    )


def grouped(posts: Iterable[Post]) -> list[Post]:
    """The posts in queue order, with each thread's posts brought together (in their own order)
    where the thread first appears."""
    posts = list(posts)
    out: list[Post] = []
    for p in posts:
        if p.id not in {q.id for q in out}:
            out += [q for q in posts if q.thread == p.thread] if p.thread else [p]
    return out


def numbered(queue: ModerationQueue) -> dict[str, int]:
    """Each post's number on the page (1, 2, ...), counted across rounds in the order shown."""
    ids = [p.id for r in queue.rounds for p in grouped(r.posts)]
    return {pid: n for n, pid in enumerate(ids, start=1)}


def clean_decisions(posts: Iterable[Post], raw: object) -> dict[str, str]:
    """The saved decisions that still fit: known post ids with a known action; the rest ignored."""
    if not isinstance(raw, dict):
        return {}
    known = {p.id for p in posts}
    return {k: v for k, v in raw.items() if k in known and isinstance(v, str) and v in ACTIONS}


@dataclass(frozen=True)
class PostResult:
    """One post and the learner's decision on it (None if not decided)."""

    post: Post
    decision: str | None

    @property
    def right(self) -> bool | None:
        """Whether the decision is right; None when there is none."""
        return None if self.decision is None else self.decision == self.post.correct

    @property
    def feedback(self) -> str:
        """Why the decision made is right or wrong (Markdown; empty when undecided)."""
        return self.post.feedback.get(self.decision, "") if self.decision else ""


@dataclass(frozen=True)
class QueueScore:
    """Per-post results and the total."""

    results: list[PostResult]

    @property
    def right(self) -> int:
        return sum(1 for r in self.results if r.right)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def undecided(self) -> int:
        return sum(1 for r in self.results if r.decision is None)


def score(posts: Iterable[Post], decisions: dict[str, str]) -> QueueScore:
    """Score each post: right when the decision is the post's right one; undecided counts wrong."""
    posts = list(posts)
    made = clean_decisions(posts, decisions)
    return QueueScore([PostResult(p, made.get(p.id)) for p in posts])


def summary(result: QueueScore) -> str:
    """ "N of M right", and how many are not yet decided."""
    text = f"{result.right} of {result.total} right."
    if result.undecided:
        n = result.undecided
        text += f" {n} post{'s' if n != 1 else ''} not yet decided."
    return text


def decision_line(result: PostResult) -> str:
    """What the learner decided, in words, with the verdict's symbol and words."""
    symbol, words = VERDICTS[result.right]
    if result.decision is None:
        return f"{symbol} No decision yet: choose one and check again."
    return f"You chose: {ACTION_LABELS[result.decision]}. {symbol} {words}"
