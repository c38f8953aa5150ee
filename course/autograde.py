"""nbgrader preprocessors that grade a quiz without running anything the learner handed in.

A graded quiz's only input is the learner's saved answers (responses.json). So autograde:

1. ``KeepReleasedCells`` (sanitising) puts back the released notebook's cells, whatever the
   learner added, changed or removed, and tells the trainer who had such cells (in nbgrader's log
   and in ``reports/altered-cells.csv``);
2. ``ScoreAnswers`` (instead of nbgrader's Execute) scores each grade cell in this process from
   the saved answers, with keys from the assessment pack or the course's quizzes. No kernel starts
   and no cell runs, so no learner code can change a score, read a key or write anywhere.

Each grade cell gets a plain sentence (never the key) that feedback shows the learner.
"""

from __future__ import annotations

import copy
import csv
import html
import os
from pathlib import Path

import nbformat
from nbformat.v4 import new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors.base import NbGraderPreprocessor
from traitlets import Unicode

from course import grading, responses

REPORT = Path("reports") / "altered-cells.csv"


def grade_id(cell) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def compare(handed_in: list, released: list) -> dict[str, int]:
    """How many cells the learner added, changed and removed, against the release."""
    theirs = {}
    extra = 0
    for cell in handed_in:
        gid = grade_id(cell)
        if gid and gid not in theirs:
            theirs[gid] = cell
        else:
            extra += 1
    ours = {grade_id(c): c for c in released}
    changed = 0
    for gid, cell in theirs.items():
        if gid not in ours:
            extra += 1
        elif cell.get("source") != ours[gid].get("source") or cell.get("cell_type") != ours[
            gid
        ].get("cell_type"):
            changed += 1
        elif cell.get("metadata", {}).get("nbgrader") != ours[gid].get("metadata", {}).get(
            "nbgrader"
        ):
            changed += 1
    removed = sum(1 for gid in ours if gid not in theirs)
    return {"added": extra, "changed": changed, "removed": removed}


class KeepReleasedCells(NbGraderPreprocessor):
    """Replace a handed-in notebook's cells with the released ones, reporting any difference."""

    def coursedir(self) -> CourseDirectory:
        return CourseDirectory(config=self.config)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        cd = self.coursedir()
        release = Path(cd.format_path(cd.release_directory, ".", info["assignment"]))
        path = release / f"{info['notebook']}.ipynb"
        released = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        counts = compare(nb.cells, released.cells)
        # A hand-in by download (course.handin) has a notebook with no cells: nothing to report.
        if nb.cells and any(counts.values()):
            self.log.warning(
                "%s handed in %s with %d added, %d changed and %d removed cells: they were not "
                "run and are not in the feedback; the released cells were graded instead.",
                info["student"],
                info["assignment"],
                counts["added"],
                counts["changed"],
                counts["removed"],
            )
            self._report(Path(cd.root), info["assignment"], info["student"], counts)
        nb.cells = [copy.deepcopy(c) for c in released.cells]
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        return nb, resources

    @staticmethod
    def _report(root: Path, assignment: str, student: str, counts: dict[str, int]) -> None:
        path = root / REPORT
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        with open(path, "a", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            if new:
                out.writerow(["assignment", "student_id", "added", "changed", "removed"])
            out.writerow(
                [assignment, student, counts["added"], counts["changed"], counts["removed"]]
            )


class ScoreAnswers(NbGraderPreprocessor):
    """Score each grade cell from the saved answers; nothing is executed."""

    pack = Unicode(
        "pack",
        config=True,
        help="The assessment pack's folder, relative to the course folder (or $COURSE_PACK).",
    )

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        cd = CourseDirectory(config=self.config)
        pack_dir = Path(os.environ.get("COURSE_PACK") or Path(cd.root) / self.pack)
        release = Path(cd.format_path(cd.release_directory, ".", info["assignment"]))
        grading.check_pack(pack_dir, release)  # what learners were given
        try:
            answers = grading.read_answers(folder)
            problem = None
        except responses.ResponseFileError as err:
            answers, problem = {}, str(err)
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("task"):  # a written answer: the trainer marks it, beside the rubric
                cell.source = with_answer(cell.source, answers.get(meta.get("grade_id")), problem)
                continue
            if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution"):
                continue
            if problem:
                cell.outputs = [error("ResponseFileError", problem)]
                continue
            result = grading.score(
                pack_dir, info["assignment"], meta["grade_id"], info["student"], answers
            )
            cell.outputs = [outcome(result)]
        return nb, resources


#: Where the learner's own text starts in a written answer's task cell (after autograde).
ANSWER_MARK = "<!-- the learner's answer -->"


def with_answer(source: str, answer, problem: str | None) -> str:
    """A task cell's source with the learner's answer after it, escaped: formgrader shows it to
    the trainer as text, never as HTML or Markdown the learner wrote."""
    from course.kinds.written import text_of

    source = source.split(ANSWER_MARK)[0].rstrip()
    text = text_of(answer)
    if problem:
        shown = f"<p><em>{html.escape(problem)}</em></p>"
    elif text.strip():
        shown = f'<pre style="white-space:pre-wrap">{html.escape(text)}</pre>'
    else:
        shown = "<p><em>No answer was saved.</em></p>"
    return f"{source}\n\n{ANSWER_MARK}\n\n**The learner's answer:**\n\n{shown}\n"


class PrefillComments(NbGraderPreprocessor):
    """After autograde has saved its grades: each written answer's automatic checks become the
    trainer's comment placeholder in formgrader (nbgrader's ``auto_comment``)."""

    pack = Unicode("pack", config=True, help="As for ScoreAnswers.")

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook

        from course.kinds import written

        info = resources["nbgrader"]
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        cd = CourseDirectory(config=self.config)
        pack_dir = Path(os.environ.get("COURSE_PACK") or Path(cd.root) / self.pack)
        try:
            answers = grading.read_answers(folder)
        except responses.ResponseFileError as err:
            answers, problem = {}, str(err)
        else:
            problem = None
        tasks = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("task")]
        if not tasks:
            return nb, resources
        with Gradebook(info["db_url"]) as gb:
            for cell in tasks:
                gid = cell.metadata.nbgrader.grade_id
                item = grading.item_for(pack_dir, info["assignment"], gid, info["student"])
                if item is None or item.kind != "written":
                    continue
                try:
                    text = problem or written.auto_comment(item, answers.get(gid))
                except Exception as err:  # a check gone wrong never stops grading
                    self.log.warning("automatic checks of %s failed: %s", gid, err)
                    text = "The automatic checks could not run; mark from the answer itself."
                comment = gb.find_comment(
                    gid, info["notebook"], info["assignment"], info["student"]
                )
                comment.auto_comment = text or None
                gb.db.commit()
        return nb, resources


def error(name: str, message: str):
    return new_output("error", ename=name, evalue=message, traceback=[])


def outcome(result: grading.Result):
    """The output nbgrader reads a grade from: text for full marks, an error for none, and the
    score itself for partial credit."""
    if result.score >= result.max:
        return new_output("stream", name="stdout", text=result.why + "\n")
    if result.score <= 0:
        return error("NotCorrect", result.why)
    return new_output("execute_result", data={"text/plain": str(result.score)}, execution_count=1)
