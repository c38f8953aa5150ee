"""An nbgrader preprocessor for generate_feedback: no hidden test, no key, no traceback.

Vanilla nbgrader feedback shows each test cell's source, hidden tests included, and the traceback
of a failed test, which repeats the line holding the key. This preprocessor puts back what the
learner saw in the release (the source above the hidden tests) and replaces a test's output with
one plain sentence: the reason the grading code gave, when it is one written for learners.
"""

from __future__ import annotations

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors.base import NbGraderPreprocessor

HIDDEN_MARK = "### BEGIN HIDDEN TESTS"
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


def is_test_cell(cell: NotebookNode) -> bool:
    """Is this an nbgrader autograder-test (grade, not solution) code cell?"""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


class HideTests(NbGraderPreprocessor):
    """Strip hidden tests and tracebacks from test cells before feedback is rendered.

    An nbgrader preprocessor, so that it is enabled by default when nbgrader registers it.
    """

    def preprocess_cell(self, cell, resources, index):
        """Rewrite one cell if it is a test cell."""
        if is_test_cell(cell):
            message = result_text(cell.get("outputs", []))
            cell.source = visible_source(cell.source)
            cell.outputs = [new_output("stream", name="stdout", text=message + "\n")]
        return cell, resources
