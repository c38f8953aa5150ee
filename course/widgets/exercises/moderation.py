"""The moderation queue widget: per round a heading, each post's card with a decision (approve,
remove, escalate), a "Check my decisions" button and, once pressed, each decision with whether it
was right and why, and the round's score. The rules are in course.exercises.moderation.

Widget models are kept few: one HTML per post card, one per round for its heading and for its
feedback, and one layout and style shared by all of them.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle

from course.exercises.moderation import (
    clean_decisions,
    decision_line,
    grouped,
    numbered,
    post_html,
    score,
    summary,
)
from course.model.exercise import ACTION_LABELS, ACTIONS, ModerationQueue, Post, Round
from course.widgets.common import BAD, GOOD, INFO, md, note, tagged

CHECK = "Check my decisions"
CHANGED = (
    "Your decisions have changed since you checked. Press Check my decisions to see them again."
)
NOTHING_DECIDED = "Choose a decision for at least one post, then press Check my decisions."
TRY_AGAIN = "Change any decision you like and press Check my decisions again."


class ModerationWidget(w.VBox):
    """Decide each post of each round; check a round to see how each decision went."""

    def __init__(
        self, exercise: ModerationQueue, saved: dict | None, save: Callable[[dict], str | None]
    ):
        self.queue, self._save = exercise, save
        self._restoring = False
        self.numbers = numbered(exercise)
        self.radios: dict[str, w.RadioButtons] = {}
        self.results: dict[str, w.HTML] = {}
        self.checks: dict[str, w.Button] = {}
        self._round_of: dict[str, Round] = {}
        # One layout and style for all: each would otherwise be a model of its own.
        self._layout = w.Layout(width="auto")
        self._style = DescriptionStyle(description_width="initial")
        super().__init__([self._round(r, k) for k, r in enumerate(exercise.rounds, start=1)])
        tagged(self, f"{exercise.id}-exercise")
        self._restore(saved)

    # --- building -----------------------------------------------------------------------------

    def _round(self, rnd: Round, k: int) -> w.VBox:
        ex_id = self.queue.id
        parts: list[w.Widget] = [w.HTML(f"<h3>{html.escape(rnd.title)}</h3>{md(rnd.intro)}")]
        seen_threads: set[str] = set()
        for post in grouped(rnd.posts):
            first = bool(post.thread) and post.thread not in seen_threads
            seen_threads.add(post.thread or "")
            parts += self._post(rnd, post, first)
        button = w.Button(
            description=CHECK,
            tooltip=f"Check your decisions in round {k}",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        button.on_click(lambda _b, r=rnd: self._on_check(r))
        result = w.HTML()
        self.checks[rnd.id], self.results[rnd.id] = button, result
        tagged(button, f"{ex_id}-{rnd.id}-check")
        tagged(result, f"{ex_id}-{rnd.id}-feedback")
        return tagged(w.VBox([*parts, button, result]), f"{ex_id}-{rnd.id}")

    def _post(self, rnd: Round, post: Post, starts_thread: bool) -> list[w.Widget]:
        n = self.numbers[post.id]
        lead = ""
        if starts_thread:
            count = sum(1 for p in rnd.posts if p.thread == post.thread)
            lead = (
                f'<p style="margin:1rem 0 0"><strong>Thread “{html.escape(post.thread)}”: '
                f"{count} messages, in the order they arrived</strong></p>"
            )
        card = w.HTML(
            f'{lead}<p style="margin:0.8rem 0 0"><strong>Post {n}</strong></p>{post_html(post)}',
            layout=self._layout,
        )
        radio = w.RadioButtons(
            options=[(ACTION_LABELS[a], a) for a in ACTIONS],
            index=None,
            description=f"Decision on post {n}:",
            layout=self._layout,
            style=self._style,
        )
        tagged(radio, f"{post.id}-decision", "wrap")
        radio.observe(lambda _c, r=rnd: self._on_change(r), names="value")
        self.radios[post.id], self._round_of[post.id] = radio, rnd
        return [tagged(card, f"{post.id}-post"), radio]

    # --- state --------------------------------------------------------------------------------

    @property
    def decisions(self) -> dict[str, str]:
        """The learner's decisions so far, {post id: action}."""
        return {pid: r.value for pid, r in self.radios.items() if r.value is not None}

    def _restore(self, saved: object) -> None:
        """Show saved decisions, ignoring whatever does not fit; nothing is written back."""
        if not isinstance(saved, dict):
            return
        self._restoring = True
        try:
            for pid, action in clean_decisions(self.queue.posts, saved.get("decisions")).items():
                self.radios[pid].value = action
        finally:
            self._restoring = False

    def _store(self) -> str:
        """Save the decisions; a sentence for the learner (as HTML) if they could not be saved."""
        problem = self._save({"decisions": self.decisions})
        return note(problem, BAD, "⚠") if problem else ""

    def _on_change(self, rnd: Round) -> None:
        if self._restoring:
            return
        problem = self._store()
        result = self.results[rnd.id]
        if result.value:
            result.value = problem + note(CHANGED, INFO, "ℹ")
        elif problem:
            result.value = problem

    def _on_check(self, rnd: Round) -> None:
        problem = self._store()
        checked = score(rnd.posts, self.decisions)
        if checked.undecided == checked.total:
            self.results[rnd.id].value = problem + note(NOTHING_DECIDED, INFO, "ℹ")
            return
        self.results[rnd.id].value = problem + self.feedback_html(rnd, checked)

    # --- what the learner sees after checking -------------------------------------------------

    def feedback_html(self, rnd: Round, checked) -> str:
        """The round's score, then each post: the decision, whether it was right, and why."""
        items = []
        by_id = {r.post.id: r for r in checked.results}
        for post in grouped(rnd.posts):
            r = by_id[post.id]
            colour = {True: GOOD, False: BAD, None: INFO}[r.right]
            who = html.escape(post.author)
            items.append(
                f'<li class="course-{post.id}-result"><p><strong>Post {self.numbers[post.id]} '
                f'({who}):</strong> <span style="color:{colour};font-weight:600">'
                f"{html.escape(decision_line(r))}</span></p>{md(r.feedback) if r.feedback else ''}"
                "</li>"
            )
        all_right = checked.right == checked.total
        end = "" if all_right else f"<p>{html.escape(TRY_AGAIN)}</p>"
        return (
            f'<div role="status"><h4>{html.escape(rnd.title)}: checked</h4>'
            f'<p class="course-{self.queue.id}-{rnd.id}-score"><strong>'
            f"{html.escape(summary(checked))}</strong></p><ul>{''.join(items)}</ul>{end}</div>"
        )
