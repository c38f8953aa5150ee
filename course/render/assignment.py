"""Quiz or pooled assessment -> the nbgrader source notebook, and the trainer's answer key.

Each question is a locked cell that shows the graded widget, followed by a locked grade cell that
holds no key: autograde scores it from the saved answers (course.autograde), and the cell itself
only fails if nbgrader runs it without the course's settings.
"""

from __future__ import annotations

import math

from nbformat import NotebookNode

from course.model import Module, Quiz
from course.pack import Assessment
from course.render.cells import code, markdown, nbgrader_meta, notebook
from course.render.learner import QUIZ_INTRO, SETUP_SOURCE

#: Suffix of the grade_id of the locked cell that shows a question's widget.
ASK_SUFFIX = "-ask"
TEST_TEMPLATE = """\
# Question {number} ({points} mark{s}) is scored from your saved answer when your trainer grades.
from course.grading import scored_elsewhere
scored_elsewhere()
"""


def _pair(ask: str, grade_id: str, number: int, points: int) -> list[NotebookNode]:
    test = TEST_TEMPLATE.format(number=number, points=points, s="" if points == 1 else "s")
    return [
        code(f"{grade_id}{ASK_SUFFIX}", ask, nbgrader=nbgrader_meta(f"{grade_id}{ASK_SUFFIX}")),
        code(grade_id, test, nbgrader=nbgrader_meta(grade_id, grade=True, points=points)),
    ]


def answer_key(quiz: Quiz) -> dict[str, dict]:
    """{question id: {"options": [...], "correct": [...], "points": n}} for the trainer."""
    return {
        q.id: {"options": q.option_ids, "correct": q.correct_ids, "points": q.points}
        for q in quiz.questions
    }


def assignment_notebook(module: Module) -> NotebookNode:
    """The nbgrader source notebook for a module's graded quiz."""
    quiz = module.quiz
    intro = (
        f"# {quiz.title}\n\n{QUIZ_INTRO}\nThis quiz has {len(quiz.questions)} questions and "
        f"{quiz.max_points} marks. If you are in JupyterLab, choose **Run > Run All Cells**, "
        "answer every question, then submit the assignment."
    )
    cells = [
        markdown(f"{quiz.id}-intro", intro, nbgrader=nbgrader_meta(f"{quiz.id}-intro")),
        code(
            f"{quiz.id}-setup",
            SETUP_SOURCE,
            nbgrader=nbgrader_meta(f"{quiz.id}-setup"),
        ),
    ]
    for number, q in enumerate(quiz.questions, start=1):
        ask = f'widgets.graded_question("{module.id}", "{q.id}", {number})'
        cells += _pair(ask, q.id, number, q.points)
    return notebook(cells, quiz.title)


PAPER_INTRO = """\
# {title}

{n} questions, {marks} marks. To pass you need {mark:.0%} of the marks ({needed} or more).

Each learner gets their own paper: the questions are drawn for you from pools of equivalent
questions, and the options are in your own order. You will not see whether an answer is right;
each answer is saved the moment you choose it, and you can change it until you hand the paper in.
Your trainer grades it and you see your result, with pass or fail, in your feedback.
If you are in JupyterLab, choose **Run > Run All Cells** first.
"""


def paper_notebook(assessment: Assessment) -> NotebookNode:
    """The nbgrader source notebook for a pooled assessment: one slot per question."""
    marks = assessment.max_points
    intro = PAPER_INTRO.format(
        title=assessment.title,
        n=len(assessment.slots),
        marks=marks,
        mark=assessment.pass_mark,
        needed=math.ceil(assessment.pass_mark * marks - 1e-9),
    )
    aid = assessment.id
    cells = [
        markdown(f"{aid}-intro", intro, nbgrader=nbgrader_meta(f"{aid}-intro")),
        code(
            f"{aid}-setup",
            f'{SETUP_SOURCE}\nwidgets.paper_header("{aid}")',
            nbgrader=nbgrader_meta(f"{aid}-setup"),
        ),
    ]
    for number, slot in enumerate(assessment.slots, start=1):
        ask = f'widgets.paper_question("{aid}", "{slot.id}", {number})'
        cells += _pair(ask, slot.id, number, slot.points)
    return notebook(cells, assessment.title)
