"""An nbgrader preprocessor for generate_feedback: no hidden test, no key, no traceback.

Vanilla nbgrader feedback shows each test cell's source, hidden tests included, and the traceback
of a failed test, which repeats the line holding the key. This preprocessor puts back what the
learner saw in the release (the source above the hidden tests) and replaces a test's output with
one plain sentence: the reason the grading code gave, when it is one written for learners.
Each question's widget, which a static page cannot show, becomes the question's text and the
learner's own saved answer (never the correct one).
"""

from __future__ import annotations

import html
from pathlib import Path

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors.base import NbGraderPreprocessor

from course import responses
from course.loader import shipped_course
from course.model import Question
from course.render.assignment import ASK_SUFFIX, HIDDEN_MARK
from course.scoring import Response, chosen
from course.text import md

#: Exceptions from course.grading whose messages are written to be shown to learners.
SAFE_ERRORS = {"NotCorrect", "ResponseFileError"}
UNSCORED = "This question could not be scored automatically; your trainer will look at it."


def visible_source(source: str) -> str:
    """The part of a test cell's source above its hidden tests."""
    return source.split(HIDDEN_MARK, 1)[0].rstrip()


def result_text(outputs: list[NotebookNode]) -> str:
    """One sentence for the learner about a test cell's outcome."""
    for out in outputs:
        if out.get("output_type") == "error":
            if out.get("ename") in SAFE_ERRORS:
                return str(out.get("evalue", ""))
            return UNSCORED
    return "Correct."


def answer_html(question: Question, answer: Response) -> str:
    """The question and the learner's own answer, as HTML (no correctness, no feedback)."""
    picked = chosen(answer)
    texts = [html.escape(o.text) for o in question.options if o.id in picked]
    if len(texts) > 1:
        given = "<ul>" + "".join(f"<li>{t}</li>" for t in texts) + "</ul>"
    else:
        given = texts[0] if texts else "no answer saved"
    return f"{md(question.prompt)}<div><strong>Your answer:</strong> {given}</div>"


def is_test_cell(cell: NotebookNode) -> bool:
    """Is this an nbgrader autograder-test (grade, not solution) code cell?"""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


class HideTests(NbGraderPreprocessor):
    """Strip hidden tests and tracebacks from test cells before feedback is rendered.

    An nbgrader preprocessor, so that it is enabled by default when nbgrader registers it.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.answers: dict[str, Response] = {}

    def preprocess(self, nb, resources):
        """Read the learner's saved answers (if readable) once, then rewrite each cell."""
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        try:
            self.answers = responses.read(folder / responses.RESPONSES_FILE)
        except responses.ResponseFileError:
            self.answers = {}
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        """Rewrite a test cell, or a question's widget cell; leave the others."""
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if is_test_cell(cell):
            message = result_text(cell.get("outputs", []))
            cell.source = visible_source(cell.source)
            cell.outputs = [new_output("stream", name="stdout", text=message + "\n")]
        elif cell.cell_type == "code" and grade_id.endswith(ASK_SUFFIX):
            question = shipped_course().find_question(grade_id.removesuffix(ASK_SUFFIX))
            if question is not None:
                answer = self.answers.get(question.id)
                data = {"text/html": answer_html(question, answer)}
                cell.outputs = [new_output("display_data", data=data)]
        return cell, resources
