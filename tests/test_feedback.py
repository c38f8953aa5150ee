"""Does the feedback preprocessor remove hidden tests, keys and tracebacks from test cells?"""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_output

from course.feedback import UNSCORED, HideTests
from course.render.assignment import TEST_TEMPLATE


def grade_cell(outputs):
    source = TEST_TEMPLATE.format(number=1, points=1, s="")
    cell = new_code_cell(source, outputs=outputs)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "q1", "points": 1}
    return cell


def run(cell):
    out, _ = HideTests().preprocess_cell(cell, {}, 0)
    return out


def error(ename, evalue):
    tb = ["Traceback", "----> 4 expect('q1', ['b'])", f"{ename}: {evalue}"]
    return new_output("error", ename=ename, evalue=evalue, traceback=tb)


def test_wrong_answer_shows_the_reason_only():
    """Does a failed test show its learner-facing reason, without source or traceback key?"""
    cell = run(
        grade_cell(
            [error("NotCorrect", "The answer saved for this question is not the correct one.")]
        )
    )
    assert "scored_elsewhere" not in cell.source and "import" not in cell.source
    assert cell.source.startswith("# Question 1 (1 mark) is scored")
    assert cell.outputs[0]["text"].startswith("The answer saved")
    assert "'b'" not in str(cell)


def test_unexpected_error_is_not_shown():
    """Does an unexpected error's message (which could hold anything) stay out of feedback?"""
    cell = run(grade_cell([error("NameError", "name 'b' is not defined")]))
    assert cell.outputs[0]["text"].strip() == UNSCORED


def test_passing_test_says_correct():
    """Does a test with no error say the answer was correct?"""
    assert run(grade_cell([])).outputs[0]["text"].strip() == "Correct."


def test_other_cells_are_untouched():
    """Are cells that are not test cells left as they were?"""
    cell = new_code_cell("widgets.graded_question('m', 'q1', 1)")
    assert run(cell).source == "widgets.graded_question('m', 'q1', 1)"


def test_the_learners_own_answer_is_shown_and_never_the_right_one(course):
    """For every graded question: the ask cell's feedback shows the option the learner chose and
    no other option's text (the right one included)."""
    from html import escape

    from course.render.assignment import ASK_SUFFIX

    for _, quiz in course.quizzes:
        for q in quiz.questions:
            if q.kind not in ("single", "multiple", "true_false"):
                continue  # tests/test_graded_exercises.py
            wrong = next(o for o in q.options if not o.correct)
            pre = HideTests()
            pre.answers = {q.id: [wrong.id] if q.kind == "multiple" else wrong.id}
            cell = new_code_cell("widgets.graded_question(...)")
            cell.metadata["nbgrader"] = {"grade": False, "grade_id": q.id + ASK_SUFFIX}
            html = pre.preprocess_cell(cell, {}, 0)[0].outputs[0]["data"]["text/html"]
            html = html.split("Your answer:</strong>", 1)[1]
            assert escape(wrong.text) in html, q.id
            for o in q.options:
                if o.id != wrong.id:
                    assert escape(o.text) not in html, (q.id, o.id)
