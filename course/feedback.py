"""An nbgrader preprocessor for generate_feedback: no grading code, no key, no traceback.

Vanilla nbgrader feedback shows each test cell's source and the traceback of a failed test. This
preprocessor keeps only a test cell's comment (what the learner saw in the release) and replaces
its output with one plain sentence: the reason the grading code gave, when it is one written for
learners. Each question's widget, which a static page cannot show, becomes the question's text as
on that learner's own paper and their own saved answer (never the correct one). A pooled
assessment ends with the learner's total against the pass mark: passed or not yet.
"""

from __future__ import annotations

import functools
from pathlib import Path

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell, new_output
from nbgrader.preprocessors.base import NbGraderPreprocessor

from course import responses
from course.autograde import ANSWER_MARK
from course.kinds import plugin
from course.loader import keyed_course
from course.paper import PAPER_FILE, Paper, learner_paper, read_form
from course.render.assignment import ASK_SUFFIX
from course.scoring import Response

#: Exceptions from course.grading whose messages are written to be shown to learners.
SAFE_ERRORS = {"NotCorrect", "ResponseFileError", "NotScoredHere"}
UNSCORED = "This question could not be scored automatically; your trainer will look at it."


def visible_source(source: str) -> str:
    """A test cell's opening comment, and nothing after it."""
    lines = []
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def result_text(outputs: list[NotebookNode]) -> str:
    """One sentence for the learner about a test cell's outcome."""
    for out in outputs:
        if out.get("output_type") == "error":
            if out.get("ename") in SAFE_ERRORS:
                return str(out.get("evalue", ""))
            return UNSCORED
        if out.get("output_type") == "execute_result":
            return "Partly correct."
    return "Correct."


def answer_html(question, answer: Response) -> str:
    """The question and the learner's own answer, as its kind shows it (never the key)."""
    return plugin(question.kind).answer_html(question, answer)


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
        self.paper: Paper | None = None

    def preprocess(self, nb, resources):
        """Read the learner's saved answers (if readable) and paper once, rewrite each cell,
        and add the total against the pass mark for a pooled assessment."""
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        try:
            self.answers = responses.read(folder / responses.RESPONSES_FILE)
        except responses.ResponseFileError:
            self.answers = {}
        self.paper = _paper(folder, resources.get("nbgrader", {}).get("student", ""))
        nb, resources = super().preprocess(nb, resources)
        if self.paper is not None and self.paper.pass_mark is not None:
            info = resources.get("nbgrader", {})
            got, total = info.get("score"), info.get("max_score")
            if got is not None and total:
                nb.cells.append(new_markdown_cell(verdict(self.paper, float(got), float(total))))
        return nb, resources

    def preprocess_cell(self, cell, resources, index):
        """Rewrite a test cell, or a question's widget cell; leave the others."""
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if is_test_cell(cell):
            message = result_text(cell.get("outputs", []))
            cell.source = visible_source(cell.source)
            cell.outputs = [new_output("stream", name="stdout", text=message + "\n")]
        elif cell.get("metadata", {}).get("nbgrader", {}).get("task"):
            cell.source = cell.source.split(ANSWER_MARK)[0].rstrip() + "\n"
        elif cell.cell_type == "code" and grade_id.endswith(ASK_SUFFIX):
            question = self._question(grade_id.removesuffix(ASK_SUFFIX))
            if question is not None:
                answer = self.answers.get(question.id)
                data = {"text/html": answer_html(question, answer)}
                cell.outputs = [new_output("display_data", data=data)]
        return cell, resources

    def _question(self, question_id: str):
        if self.paper is not None:
            return next((q for q in self.paper.questions if q.id == question_id), None)
        return _keyed().find_question(question_id)  # a quiz in a content file (old style)


@functools.cache
def _keyed():
    return keyed_course()


def _paper(folder: Path, student: str) -> Paper | None:
    try:
        return learner_paper(read_form(folder / PAPER_FILE), student)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def verdict(paper: Paper, got: float, total: float) -> str:
    """The learner's total (from the gradebook) against the pass mark."""
    share = got / total
    outcome = (
        "You have passed." if passed(got, total, paper.pass_mark) else "You have not passed yet."
    )
    return (
        f"## Your result\n\n**{got:g} of {total:g} marks ({share:.0%}).** The pass mark is "
        f"{paper.pass_mark:.0%}. **{outcome}**\n\nScored with assessment pack `{paper.pack}`."
    )


def passed(got: float, total: float, pass_mark: float) -> bool:
    """Has a score reached the pass mark?"""
    return total > 0 and got / total + 1e-9 >= pass_mark
