"""Knowledge checks: practice questions with immediate feedback and unlimited retries."""

from __future__ import annotations

import html

import ipywidgets as w

from course.model import Question
from course.scoring import feedback
from course.widgets.common import BAD, GOOD, AnswerControl, md, note, tagged


class KnowledgeQuestion(w.VBox):
    """One practice question: choose, press Check answer, read why; change and check again."""

    def __init__(self, question: Question, number: int):
        self.question = question
        self.prompt = w.HTML(f"<h3>Question {number}</h3>{md(question.prompt)}")
        self.control = AnswerControl(question)
        self.check = w.Button(
            description="Check answer",
            tooltip=f"Check your answer to question {number}",
            button_style="primary",
        )
        self.result = w.HTML()
        self.check.on_click(self._on_check)
        super().__init__([self.prompt, self.control.widget, self.check, self.result])
        tagged(self, question.id)
        tagged(self.check, f"{question.id}-check")
        tagged(self.result, f"{question.id}-feedback")

    def _on_check(self, _button: w.Button | None = None) -> None:
        fb = feedback(self.question, self.control.value)
        symbol, colour = ("✔", GOOD) if fb.correct else ("✘", BAD)
        parts = [note(fb.verdict, colour, symbol if fb.notes else "")]
        for text, why in fb.notes:
            parts.append(f"<p><strong>{html.escape(text)}</strong></p>{md(why)}")
        if not fb.correct and fb.missed:
            parts.append(note(f"{fb.missed} correct option(s) are not ticked yet."))
        self.result.value = "".join(parts)


class KnowledgeCheck(w.VBox):
    """A module's practice questions, one after another."""

    def __init__(self, questions: list[Question]):
        self.questions = [KnowledgeQuestion(q, i) for i, q in enumerate(questions, start=1)]
        super().__init__(self.questions)
