"""What notebook cells call. Each function builds one widget from the shipped content.

A learner never sees a traceback: if content cannot be loaded, the cell shows a short message.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from course.loader import shipped_course
from course.responses import ResponseStore
from course.widgets.common import failure
from course.widgets.graded import GradedQuestion, GradedQuiz
from course.widgets.knowledge import KnowledgeCheck, KnowledgeQuestion
from course.widgets.scenario import ScenarioPlayer
from course.widgets.style import page_style

__all__ = [
    "GradedQuestion",
    "GradedQuiz",
    "KnowledgeCheck",
    "KnowledgeQuestion",
    "ScenarioPlayer",
    "graded_question",
    "graded_quiz",
    "knowledge_check",
    "page_style",
    "scenario",
]


def knowledge_check(module_id: str) -> w.Widget:
    """The module's practice questions."""
    try:
        return KnowledgeCheck(shipped_course().module(module_id).knowledge_check)
    except Exception as err:  # a learner sees a message, not a traceback
        return failure("The practice questions", err)


def scenario(module_id: str, scenario_id: str) -> w.Widget:
    """One of the module's branching scenarios."""
    try:
        return ScenarioPlayer(shipped_course().module(module_id).scenario(scenario_id))
    except Exception as err:
        return failure("The scenario", err)


def graded_quiz(module_id: str, directory: Path | None = None) -> w.Widget:
    """The module's whole graded quiz, saving to responses.json in ``directory`` (default: here)."""
    try:
        questions = shipped_course().module(module_id).quiz.questions
        return GradedQuiz(questions, ResponseStore(directory))
    except Exception as err:
        return failure("The graded quiz", err)


def graded_question(module_id: str, question_id: str, number: int) -> w.Widget:
    """One graded question (the nbgrader notebook shows one per cell, each before its test)."""
    try:
        question = shipped_course().module(module_id).question(question_id)
        return GradedQuestion(question, number, ResponseStore())
    except Exception as err:
        return failure("This question", err)
