"""The record of concern widget: the fictional disclosure, a box to write the record in, a
"Check my record" button, then one line of feedback a check and the record to download. The rules
are in course.exercises.concern; this only shows them."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from course.exercises.concern import CheckResult, clean_text, record_document, run_checks
from course.exercises.concern import too_short as too_short_message
from course.model.exercise import ConcernRecord
from course.widgets.common import BAD, GOOD, INFO, md, note, tagged
from course.widgets.download import links_html

CHANGED = "Your record has changed since you checked it. Press Check my record to see it again."
NOTHING_WRITTEN = "Write your record in the box first, then press Check my record."


class ConcernWidget(w.VBox):
    """Write a record of a fictional disclosure; check it; download it."""

    def __init__(self, exercise: ConcernRecord, saved: dict | None, save: Callable):
        self.exercise, self._save = exercise, save
        self._restoring = False
        self.disclosure = w.HTML(
            '<h3>What happened (fictional)</h3><div class="course-disclosure">'
            f"{md(exercise.disclosure)}</div>"
        )
        self.text = w.Textarea(
            description="Your record of concern",
            placeholder="Write what happened, in your own words.",
            rows=10,
            continuous_update=False,
            # The label above the box (not beside it), so the box can take the full width.
            layout=w.Layout(width="100%", flex_flow="column", align_items="flex-start"),
            style={"description_width": "initial", "font_size": "1rem"},
        )
        tagged(self.text, f"{exercise.id}-text", "wrap")
        self.check_button = w.Button(
            description="Check my record",
            tooltip="Check your record and see what it still needs",
            button_style="primary",
            layout=w.Layout(width="auto", align_self="flex-start", margin="8px 0"),
        )
        self.result = w.HTML()
        super().__init__([self.disclosure, self.text, self.check_button, self.result])
        tagged(self, f"{exercise.id}-exercise")
        tagged(self.check_button, f"{exercise.id}-check")
        tagged(self.result, f"{exercise.id}-feedback")
        self._restore(saved)
        self.text.observe(self._on_change, names="value")
        self.check_button.on_click(self._on_check)

    def _restore(self, saved: object) -> None:
        """Show a saved record; anything that is not one is ignored, and nothing is written."""
        self._restoring = True
        try:
            self.text.value = clean_text(saved)
        finally:
            self._restoring = False

    def _store(self) -> str:
        """Save the text; a sentence for the learner (as HTML) if it could not be saved."""
        problem = self._save({"text": self.text.value})
        return note(problem, BAD, "⚠") if problem else ""

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        problem = self._store()
        if self.result.value:
            self.result.value = problem + note(CHANGED, INFO, "ℹ")
        elif problem:
            self.result.value = problem

    def _on_check(self, _button=None) -> None:
        problem = self._store()
        text = self.text.value
        if not text.strip():
            self.result.value = problem + note(NOTHING_WRITTEN, INFO, "ℹ")
            return
        ex = self.exercise
        results = run_checks(text, list(ex.checks), list(ex.child_words))
        self.result.value = problem + self.feedback_html(text, results)

    def feedback_html(self, text: str, results: list[CheckResult]) -> str:
        """A line per check (symbol and words, then why) and the downloads."""
        passed = sum(r.passed for r in results)
        parts = [
            '<div role="status">',
            "<h3>Your record, checked</h3>",
            f"<p>{passed} of {len(results)} checks met.</p>",
        ]
        short = too_short_message(text, self.exercise.min_words)
        if short:
            parts.append(note(short, INFO, "ℹ"))
        parts.append("<ul>")
        for r in results:
            symbol, word, colour = ("✔", "Met", GOOD) if r.passed else ("✘", "Not yet", BAD)
            parts.append(
                f'<li class="course-check-{html.escape(r.check_id)}"><p>'
                f'<strong style="color:{colour}">{symbol} {word}:</strong> '
                f"<strong>{html.escape(r.label)}</strong></p>{md(r.message)}</li>"
            )
        parts.append("</ul>")
        parts.append(self._downloads_html(text, results))
        parts.append("</div>")
        return "".join(parts)

    def _downloads_html(self, text: str, results: list[CheckResult]) -> str:
        try:
            doc = record_document(self.exercise, text, results)
            return "<h4>Download</h4>" + links_html(doc, self.exercise.id, "your record")
        except Exception as err:
            return note(f"The downloads could not be made: {err}. Please tell your trainer.", BAD)
