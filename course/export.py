"""Grades for a spreadsheet, an LMS or an HR system, through nbgrader's export plugins.

- PassFailExport, enabled in autograder/nbgrader_config.py (``ExportApp.plugin_class``):
  `nbgrader export` writes grades.csv, one row per learner and assignment, with nbgrader's own
  columns followed by ``pass_mark``, ``passed`` (yes or no, empty for a module quiz, which has
  no pass mark) and ``pack``.
- LearnerExport: ``nbgrader export --exporter=course.export.LearnerExport --to learners.csv``
  writes one row per learner (LEARNER_COLUMNS): their score on each module's quiz, on the final
  assessment, pass or fail, and the token of their certificate for an LMS to keep.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins.export import ExportPlugin

from course.feedback import passed
from course.paper import PAPER_FILE, read_form
from course.signing import CertificateError

FINAL = "final_assessment"

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


def learner_columns(quizzes: list[str]) -> list[str]:
    """LearnerExport's columns: the learner, one score per module quiz, the final result."""
    return [
        "student_id", "name", *quizzes, "final_score", "final_max_score", "pass_mark", "passed",
        "pack", "certificate_token", "certificate_note",
    ]  # fmt: skip


class LearnerExport(ExportPlugin):
    """One row per learner: module quiz scores, the final assessment, pass, certificate token.

    A learner who has handed in every module's quiz and passed the final assessment gets a
    certificate token, signed with the organisation's key (the one the course's server signs
    with): ``python -m course verify TOKEN`` checks it. It is the same token every time the
    grades are exported, because its id, date and contents all come from the graded hand-in.
    It says "self-study", not "assessed", when the pack that scored it is public (this
    repository's own), since every learner could read its answers. ``certificate_note`` says why
    a learner has no token. An empty cell is an assignment not handed in.
    """

    def export(self, gradebook: Gradebook) -> None:
        from course.loader import shipped_course

        cd = CourseDirectory(config=self.config)
        root = Path(cd.root)
        forms = _forms(root / cd.source_directory)
        course = shipped_course()
        quizzes = [a.name for a in gradebook.assignments if a.name != FINAL]
        dest = self.to or "learners.csv"
        self.log.info("Exporting one row per learner to %s", dest)
        with open(dest, "w", newline="", encoding="utf-8") as f:
            out = csv.DictWriter(f, learner_columns(quizzes))
            out.writeheader()
            for student in gradebook.students:
                if self.student and student.id not in self.student:
                    continue
                scores = {q: _score(gradebook, q, student.id) for q in quizzes}
                row = {"student_id": student.id, "name": _name(student), **scores}
                row.update(_final(gradebook, student, forms.get(FINAL), scores, course, root))
                out.writerow(row)


def _name(student) -> str:
    return " ".join(n for n in (student.first_name, student.last_name) if n) or student.id


def _score(gradebook: Gradebook, assignment: str, student: str) -> float | str:
    """The score after any late penalty; "" if nothing was handed in."""
    try:
        sub = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return ""
    return max(0.0, sub.score - (sub.late_submission_penalty or 0.0))


def _final(gradebook, student, form: dict | None, quizzes: dict, course, root: Path) -> dict:
    """The final assessment's columns, with the certificate token where one is earned."""
    score = _score(gradebook, FINAL, student.id) if form else ""
    if score == "":
        return {"certificate_note": "final assessment not handed in"}
    top = float(gradebook.find_assignment(FINAL).max_score)
    ok = passed(float(score), top, form["pass_mark"])
    row = {
        "final_score": score, "final_max_score": top, "pass_mark": form["pass_mark"],
        "passed": "yes" if ok else "no", "pack": form["pack"],
    }  # fmt: skip
    missing = [q for q, s in quizzes.items() if s == ""]
    if not ok:
        return row | {"certificate_note": "final assessment not passed"}
    if missing:
        return row | {"certificate_note": "not handed in: " + ", ".join(missing)}
    sub = gradebook.find_submission(FINAL, student.id)
    try:
        return row | {"certificate_token": _token(student, sub, row, course, root)}
    except (ValueError, OSError, CertificateError) as err:  # the other rows are still written
        return row | {"certificate_note": f"no certificate: {err}"}


def _token(student, sub, row: dict, course, root: Path) -> str:
    """The learner's certificate token; its id is a keyed hash of the hand-in, so exporting
    again gives the same token, and nobody without the key can guess another learner's."""
    from course import certificate as c
    from course.organisation import current_organisation
    from course.pack import cached_pack
    from course.signing import key_path, signing_key

    key = signing_key(key_path(root))
    stamp = sub.timestamp.isoformat() if sub.timestamp else ""
    pack_dir = Path(os.environ.get("COURSE_PACK") or root / "pack")
    public = cached_pack(pack_dir).public if (pack_dir / "pack.yaml").is_file() else True
    record = {"score": row["final_score"], "max": row["final_max_score"], "pack": row["pack"]}
    more = {"issued": sub.timestamp.date().isoformat()} if sub.timestamp else {}
    cert = c.from_progress(
        course, student.id, _name(student), record, row["pass_mark"],
        mode=c.SELF_STUDY if public else c.ASSESSED,
        certificate_id=c.keyed_certificate_id(bytes(key), "id", student.id, FINAL, stamp),
        organisation=current_organisation(root)[0].name, **more,
    )  # fmt: skip
    return c.token(cert, key)
