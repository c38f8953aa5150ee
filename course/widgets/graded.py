"""Graded questions: no feedback; each answer saved the moment it is given.

Answers go to the learner's store on a module page, or to responses.json beside an nbgrader
assignment notebook (the hand-in format); both offer ``answers``, ``problem`` and ``save``.
"""

from __future__ import annotations

import ipywidgets as w

from course.kinds import plugin
from course.learner import SaveError, StoredAnswers
from course.model import Question
from course.responses import ResponseStore
from course.widgets.common import BAD, AnswerControl, md, note, tagged

SAVED = "Your answer is saved."
NOT_YET = "Not answered yet."


class GradedQuestion(w.VBox):
    """One graded question. Shows the saved answer on load; writes only when the learner answers."""

    def __init__(self, question: Question, number: int, store: ResponseStore | StoredAnswers):
        self.question, self.store = question, store
        points = f"{question.points} mark{'s' if question.points != 1 else ''}"
        heading = f"<h3>Question {number} ({points})</h3>{md(question.prompt)}"
        self.control = plugin(question.kind).control(question)
        if isinstance(self.control, AnswerControl):
            # a choice group names itself by its legend: the heading needs no widget of its own
            self.control.widget.legend = heading
            parts = [self.control.widget]
        else:
            parts = [w.HTML(heading), self.control.widget]
        self.status = w.HTML()
        saved = store.answers.get(question.id)
        self.control.set(saved)  # before observing: showing a saved answer never writes
        self._status(SAVED if saved else NOT_YET)
        if store.problem:
            self.status.value += note(_notice(store), BAD, "⚠")
        self.control.on_change(self._on_change)
        super().__init__([*parts, self.status])
        tagged(self, question.id)
        tagged(self.status, f"{question.id}-status")

    def _status(self, text: str) -> None:
        self.status.value = note(text)

    def _on_change(self) -> None:
        try:
            self.store.save(self.question.id, self.control.value)
        except OSError as err:
            self.status.value = note(f"Your answer could not be saved: {err.strerror}.", BAD, "⚠")
            return
        except SaveError as err:
            self.status.value = note(str(err), BAD, "⚠")
            return
        self._status(SAVED if self.control.value else NOT_YET)


def _notice(store: ResponseStore | StoredAnswers) -> str:
    if isinstance(store, ResponseStore):
        return (
            f"Your earlier answers could not be read ({store.problem}). They will be kept "
            "aside when you answer, and your new answers saved."
        )
    return store.problem or ""


class GradedQuiz(w.VBox):
    """Several graded questions sharing one place to save."""

    def __init__(self, questions: list[Question], store: ResponseStore | StoredAnswers):
        self.questions = [GradedQuestion(q, i, store) for i, q in enumerate(questions, start=1)]
        super().__init__(self.questions)
