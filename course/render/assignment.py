"""Quiz or pooled assessment -> the nbgrader source notebook, and the trainer's answer key.

Each question is a locked cell that shows the graded widget, followed by a locked grade cell that
holds no key: autograde scores it from the saved answers (course.autograde), and the cell itself
only fails if nbgrader runs it without the course's settings.
"""

from __future__ import annotations

import math

from nbformat import NotebookNode

from course.model import Quiz
from course.pack import Assessment
from course.render.cells import code, markdown, nbgrader_meta, notebook
from course.render.learner import SETUP_SOURCE

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


#: The mark scheme's delimiters (nbgrader's ClearMarkScheme strips what lies between them from
#: the release and from feedback; formgrader shows it to trainers).
BEGIN_MARK_SCHEME, END_MARK_SCHEME = "=== BEGIN MARK SCHEME ===", "=== END MARK SCHEME ==="
TASK_TEMPLATE = """\
**Question {number} ({points} marks) is marked by your trainer.**

{begin}

**Mark scheme (trainers only).**

{rubric}

{end}
"""


def _written(ask: str, slot, number: int) -> list[NotebookNode]:
    """A written answer: the widget cell, then a manually graded task cell holding the rubric."""
    rubrics = [item.rubric.strip() for item in slot.items]
    rubric = rubrics[0] if len(set(rubrics)) == 1 else "\n\n---\n\n".join(rubrics)
    text = TASK_TEMPLATE.format(
        number=number, points=slot.points, begin=BEGIN_MARK_SCHEME, rubric=rubric,
        end=END_MARK_SCHEME,
    )  # fmt: skip
    meta = nbgrader_meta(slot.id, points=slot.points) | {"task": True, "points": slot.points}
    return [
        code(f"{slot.id}{ASK_SUFFIX}", ask, nbgrader=nbgrader_meta(f"{slot.id}{ASK_SUFFIX}")),
        markdown(slot.id, text, nbgrader=meta),
    ]


def answer_key(quiz: Quiz) -> dict[str, dict]:
    """{question id: {"options": [...], "correct": [...], "points": n}} for the trainer (a
    moderation queue's correct ids are each post's right decision; written answers have none)."""
    key = {}
    for q in quiz.questions:
        if q.kind == "moderation":  # each post's right decision, as option ids
            correct = [p.option_id(p.correct) for p in q.posts]
            key[q.id] = {"options": q.option_ids, "correct": correct, "points": q.points}
        elif q.kind != "written":  # a written answer has no key: a trainer marks it
            key[q.id] = {"options": q.option_ids, "correct": q.correct_ids, "points": q.points}
    return key


PAPER_INTRO = """\
# {title}

{n} questions, {marks} marks.{pass_line}

{how}You will not see whether an answer is right; each answer is saved the moment you choose it,
and you can change it until you hand the paper in. Your trainer grades it and you see your result
in your feedback. If you are in JupyterLab, choose **Run > Run All Cells** first.
"""
POOLED = (
    "Each learner gets their own paper: the questions are drawn for you from pools of "
    "equivalent questions, and the options are in your own order. "
)


def paper_notebook(assessment: Assessment) -> NotebookNode:
    """The nbgrader source notebook for a pooled assessment: one slot per question."""
    marks, mark = assessment.max_points, assessment.pass_mark
    pass_line = ""
    if mark is not None:
        needed = math.ceil(mark * marks - 1e-9)
        pass_line = f" To pass you need {mark:.0%} of the marks ({needed} or more)."
    pooled = any(len(s.items) > 1 for s in assessment.slots)
    intro = PAPER_INTRO.format(
        title=assessment.title,
        n=len(assessment.slots),
        marks=marks,
        pass_line=pass_line,
        how=POOLED if pooled else "The options are in your own order. ",
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
        if slot.kind == "written":
            cells += _written(ask, slot, number)
        else:
            cells += _pair(ask, slot.id, number, slot.points)
    return notebook(cells, assessment.title)
