"""Knowledge checks: practice questions with immediate feedback and unlimited retries."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from course.model import Question
from course.scoring import feedback, missed_text
from course.widgets.common import BAD, GOOD, AnswerControl, md, note, plain, tagged


class KnowledgeQuestion(w.VBox):
    """One practice question: choose, press Check answer, read why; change and check again."""

    def __init__(
        self,
        question: Question,
        number: int,
        on_result: Callable[[str, object], None] | None = None,
    ):
        self.question, self.on_result = question, on_result
        # The heading and prompt are the group's legend: static HTML, no widget model of their own
        self.control = AnswerControl(question, f"<h3>Question {number}</h3>{md(question.prompt)}")
        self.control.widget.feedback_class = f"course-{question.id}-feedback"
        self.check = w.Button(
            description="Check answer",
            tooltip=f"Check your answer to question {number}",
            button_style="primary",
        )
        self.check.on_click(self._on_check)
        super().__init__([self.control.widget, self.check])
        tagged(self, question.id)
        tagged(self.check, f"{question.id}-check")

    @property
    def feedback(self) -> str:
        """The feedback shown (and read out) after the learner checks, as HTML."""
        return self.control.widget.feedback

    def _on_check(self, _button: w.Button | None = None) -> None:
        self.control.widget.announce(feedback_html(self.question, self.control.value))
        if self.on_result and self.control.value:
            right = is_right(self.question, self.control.value)
            self.on_result(self.question.id, {"correct": right})


def is_right(question: Question, response) -> bool:
    """Whether a practice answer is right (what the course keeps about practice)."""
    return feedback(question, response).correct


def feedback_html(question: Question, response) -> str:
    """The verdict, why each chosen option is right or wrong, and what was left out."""
    fb = feedback(question, response)
    if not fb.notes:
        return note(fb.verdict)
    symbol, colour = ("✔", GOOD) if fb.correct else ("✘", BAD)
    parts = [note(fb.verdict, colour, symbol)]
    for n in fb.notes:
        if question.kind == "multiple":
            label = "✔ Right to tick:" if n.correct else "✘ Not one to tick:"
        else:
            label = "You chose:"
        parts.append(
            f"<p><strong>{label}</strong> {html.escape(plain(n.text))}</p>{md(n.feedback)}"
        )
    if not fb.correct:
        missed = missed_text(fb.missed) if question.kind == "multiple" else ""
        parts.append(
            f"<p>{html.escape(missed + ' ' if missed else '')}Change your answer and "
            "press Check answer to try again.</p>"
        )
    return "".join(parts)


class KnowledgeCheck(w.VBox):
    """A module's practice questions, one after another."""

    def __init__(
        self, questions: list[Question], on_result: Callable[[str, object], None] | None = None
    ):
        self.questions = [
            KnowledgeQuestion(q, i, on_result) for i, q in enumerate(questions, start=1)
        ]
        super().__init__(self.questions)
