"""Quiz -> the nbgrader source notebook, and the trainer's answer key.

Each question is a locked cell that shows the graded widget, followed by a locked grade cell whose
hidden test holds that question's key. nbgrader strips hidden tests from the release and puts them
back to autograde; course.feedback keeps them out of the feedback.
"""

from __future__ import annotations

from nbformat import NotebookNode

from course.model import Module, Quiz
from course.render.cells import code, markdown, nbgrader_meta, notebook
from course.render.learner import QUIZ_INTRO, SETUP_SOURCE

#: Suffix of the grade_id of the locked cell that shows a question's widget.
ASK_SUFFIX = "-ask"
HIDDEN_MARK = "### BEGIN HIDDEN TESTS"
TEST_TEMPLATE = f"""\
# Scores question {{number}} ({{points}} mark{{s}}) from your saved answer. Do not edit.
{HIDDEN_MARK}
from course.grading import expect
expect({{qid!r}}, {{correct!r}})
### END HIDDEN TESTS
"""


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
        test = TEST_TEMPLATE.format(
            number=number,
            points=q.points,
            s="" if q.points == 1 else "s",
            qid=q.id,
            correct=q.correct_ids,
        )
        cells += [
            code(f"{q.id}{ASK_SUFFIX}", ask, nbgrader=nbgrader_meta(f"{q.id}{ASK_SUFFIX}")),
            code(q.id, test, nbgrader=nbgrader_meta(q.id, grade=True, points=q.points)),
        ]
    return notebook(cells, quiz.title)
