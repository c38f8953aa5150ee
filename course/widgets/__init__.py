"""What notebook cells call. Each function builds one widget from the shipped content.

A learner never sees a traceback: if content cannot be loaded, the cell shows a short message.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
from IPython.display import HTML

from course.loader import shipped_course
from course.organisation import current_organisation
from course.responses import ResponseStore
from course.signpost import header_html
from course.widgets.common import BAD, failure, note
from course.widgets.graded import GradedQuestion, GradedQuiz
from course.widgets.knowledge import KnowledgeCheck, KnowledgeQuestion
from course.widgets.scenario import ScenarioPlayer
from course.widgets.style import CSS, page_style

__all__ = [
    "GradedQuestion",
    "GradedQuiz",
    "KnowledgeCheck",
    "KnowledgeQuestion",
    "ScenarioPlayer",
    "graded_question",
    "graded_quiz",
    "knowledge_check",
    "page_header",
    "page_style",
    "scenario",
]


def page_header(module_id: str) -> HTML:
    """The page's stylesheet and its signposting header (whom to tell, helplines, support).

    Read from the organisation profile each time the page opens; a broken profile is reported in
    the header and the defaults are shown instead.
    """
    try:
        shipped_course().module(module_id)
        org, problems = current_organisation()
        return HTML(
            f"<style>{CSS}</style>" + header_html(org, shipped_course().signposting, problems)
        )
    except Exception as err:  # a learner sees a message, not a traceback
        message = f"The page header could not be loaded: {err}. Please tell your trainer."
        return HTML(f"<style>{CSS}</style>" + note(message, BAD, "⚠"))


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
