"""nbgrader's CSV export with the pass mark, pass or fail, and the pack that scored each result.

Enabled in autograder/nbgrader_config.py (``ExportApp.plugin_class``), so `nbgrader export`
writes grades.csv with nbgrader's own columns followed by ``pass_mark``, ``passed`` (yes or no,
empty for a module quiz, which has no pass mark) and ``pack``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins.export import ExportPlugin

from course.feedback import passed
from course.paper import PAPER_FILE, read_form

COLUMNS = [
    "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
    "raw_score", "late_submission_penalty", "score", "max_score", "pass_mark", "passed", "pack",
]  # fmt: skip


def _forms(source: Path) -> dict[str, dict]:
    """The public form of every pooled assessment in source/, by assessment id."""
    forms = {}
    for path in source.glob(f"*/{PAPER_FILE}"):
        form = read_form(path)
        forms[form["assessment"]] = form
    return forms


class PassFailExport(ExportPlugin):
    """grades.csv with pass or fail for assessments that have a pass mark."""

    def export(self, gradebook: Gradebook) -> None:
        dest = self.to or "grades.csv"
        cd = CourseDirectory(config=self.config)
        forms = _forms(Path(cd.root) / cd.source_directory)
        self.log.info("Exporting grades with pass or fail to %s", dest)
        with open(dest, "w", newline="", encoding="utf-8") as f:
            out = csv.DictWriter(f, COLUMNS)
            out.writeheader()
            for assignment in gradebook.assignments:
                if self.assignment and assignment.name not in self.assignment:
                    continue
                form = forms.get(assignment.name)
                for student in gradebook.students:
                    if self.student and student.id not in self.student:
                        continue
                    out.writerow(self._row(gradebook, assignment, student, form))

    @staticmethod
    def _row(gradebook: Gradebook, assignment, student, form: dict | None) -> dict:
        row = {
            "assignment": assignment.name,
            "duedate": assignment.duedate or "",
            "student_id": student.id,
            "last_name": student.last_name or "",
            "first_name": student.first_name or "",
            "email": student.email or "",
            "max_score": assignment.max_score,
        }
        try:
            sub = gradebook.find_submission(assignment.name, student.id)
        except MissingEntry:
            row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
        else:
            penalty = sub.late_submission_penalty or 0.0
            row.update(
                timestamp=sub.timestamp or "",
                raw_score=sub.score,
                late_submission_penalty=penalty,
                score=max(0.0, sub.score - penalty),
            )
        if form:
            row["pack"] = form["pack"]
        if form and form["pass_mark"] is not None:
            ok = passed(float(row["score"]), float(assignment.max_score), form["pass_mark"])
            row.update(pass_mark=form["pass_mark"], passed="yes" if ok else "no")
        return row
