"""The final assessment on the learner's own page: open when every module is done, answered
question by question (each answer saved as given), handed in for a score, and, once passed, the
certificate.

On the course's server the page's kernel reads the assessment pack to score the hand-in; the key
never leaves the kernel (the page shows the score only), and learners cannot run code there.
Where learners can read every file (JupyterLab, Binder) the result is self-study, and so is the
certificate.
"""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as w

from course.home import (
    DONE,
    FINAL,
    FINAL_ATTEMPTS,
    as_record,
    final_status,
    module_statuses,
    record_of,
)
from course.learner import CHANGED_ELSEWHERE, Session, StoredAnswers
from course.loader import shipped_course
from course.paper import PAPERS_DIR, Paper, learner_paper, read_form
from course.widgets.common import live
from course.widgets.graded import GradedQuiz

UNSCORABLE = (
    "Your answers are saved, but this server cannot score them: the assessment pack is not "
    "where the course expects it. Please tell your trainer."
)
KEPT_CHANGING = (
    "Your hand-in could not be saved just now, as another page kept changing your result. "
    "Please reload this page and look at your result before handing in again."
)


class NotHandedIn(Exception):
    """Nothing is scored; the message (HTML) says why, for the learner."""


def pack_dir() -> Path:
    """The assessment pack, seen from a page (whose folder is notebooks/, beside autograder/)."""
    from course.pack import PACK_FILE, default_pack_dir

    here = default_pack_dir()
    return here if (here / PACK_FILE).is_file() else default_pack_dir(Path.cwd().parent)


def score(paper: Paper, answers: dict, learner: str) -> tuple[int, int, float, bool, str]:
    """Score a hand-in on the learner's own paper: (score, max, pass mark, passed, pack)."""
    from course.pack import load_pack, score_slot

    pack = load_pack(pack_dir())
    assessment = pack.assessment(FINAL)
    total = sum(
        score_slot(pack, FINAL, q.id, learner, answers[q.id]).score for q in paper.questions
    )
    passed = total >= assessment.pass_mark * assessment.max_points
    return total, assessment.max_points, assessment.pass_mark, passed, pack.label


def status_html(text: str) -> str:
    return live(f"<p>{text}</p>")


class FinalAssessment(w.VBox):
    """The learner's paper with a hand-in button, or why it is not open, or the result."""

    def __init__(self, session: Session, learner: str, certificate=None):
        self.session, self.learner = session, learner
        self.certificate = certificate  # (session, record) -> HTML of the download, or None
        self.result = w.HTML()
        progress = session.get("progress")
        statuses = module_statuses(shipped_course(), progress, {})
        status = final_status(statuses, progress)
        if not status.open:
            todo = [f"Module {s.number}, {html.escape(s.title)}" for s in statuses
                    if s.state != DONE]  # fmt: skip
            self.result.value = status_html(
                "The final assessment opens when you have finished every module. Still to "
                "finish: " + "; ".join(todo) + "."
            )
            super().__init__([self.result])
            return
        self.paper = learner_paper(read_form(Path.cwd() / PAPERS_DIR / f"{FINAL}.json"), learner)
        self.answers = StoredAnswers(session)
        self.quiz = GradedQuiz(self.paper.questions, self.answers)
        self.button = w.Button(description="Hand in for scoring", button_style="primary")
        self.button.layout.width = "auto"
        self.button.on_click(lambda _: self.hand_in())
        record = record_of(progress, FINAL)
        if status.passed or status.attempts_left == 0:
            super().__init__([self.result])
            self._show(record)
            return
        if status.attempts:
            self._show(record)
        super().__init__([self.quiz, self.button, self.result])

    def hand_in(self) -> None:
        """Score what the store holds (another tab may have changed an answer), unless another
        tab has already passed or used the last attempt. Two tabs handing in at the same moment
        make two attempts: the one that saves second scores again on top of the first."""
        try:
            saved, problem = self.session.update(
                "progress", FINAL, self._attempt, tries=FINAL_ATTEMPTS + 1
            )
        except NotHandedIn as why:
            self.result.value = status_html(str(why))
            return
        if problem:
            self.result.value = status_html(
                KEPT_CHANGING if problem == CHANGED_ELSEWHERE else html.escape(problem)
            )
            return
        record = as_record(saved)
        if record.get("passed") or int(record.get("attempts") or 0) >= FINAL_ATTEMPTS:
            self.children = [self.result]
        self._show(record)

    def _attempt(self, stored: object) -> dict | None:
        """A new attempt's record, scored from the answers saved now; None when ``stored`` (the
        record so far) has passed or used the last attempt.

        Raises:
            NotHandedIn: a question has no answer, or the pack cannot score the paper.
        """
        earlier = as_record(stored)
        if earlier.get("passed") or int(earlier.get("attempts") or 0) >= FINAL_ATTEMPTS:
            return None
        answers = self.session.get("answer")
        missing = [str(i) for i, q in enumerate(self.paper.questions, start=1)
                   if not answers.get(q.id)]  # fmt: skip
        if missing:
            many = len(missing) > 1
            raise NotHandedIn(
                f"Answer every question before you hand in: question{'s' if many else ''} "
                f"{', '.join(missing)} {'have' if many else 'has'} no answer yet."
            )
        try:
            total, top, mark, passed, pack = score(self.paper, answers, self.learner)
        except Exception:  # the learner gets a sentence; the trainer can run the pack's checks
            raise NotHandedIn(html.escape(UNSCORABLE)) from None
        from course.widgets.progress import today

        return {"score": total, "max": top, "pass_mark": mark, "passed": passed, "pack": pack,
                "attempts": int(earlier.get("attempts") or 0) + 1, "date": today()}  # fmt: skip

    def _show(self, record: dict) -> None:
        score_text = f"{record.get('score')} of {record.get('max')}"
        left = FINAL_ATTEMPTS - int(record.get("attempts") or 0)
        if record.get("passed"):
            text = f"✓ You have passed the final assessment with {score_text}."
            link = self.certificate(self.session, record) if self.certificate else ""
            self.result.value = status_html(text) + (link or "")
        elif left > 0:
            self.result.value = status_html(
                f"You scored {score_text}, below the pass mark. Look again at the modules, change "
                f"any answers you want to and hand in again: {left} attempt"
                f"{'s' if left != 1 else ''} left."
            )
        else:
            self.result.value = status_html(
                f"You scored {score_text}, below the pass mark, and have used all "
                f"{FINAL_ATTEMPTS} attempts. Please talk to your trainer."
            )


def certificate_id(session: Session, record: dict) -> str:
    """The id of this pass's certificate: made at the first download and kept in the final
    record, so every later download (any tab, any day) is the same certificate."""
    from course.certificate import new_certificate_id

    def keep_id(stored: object) -> dict | None:
        now = as_record(stored)
        if not now.get("passed"):
            raise RuntimeError("the final assessment is not passed")
        if now.get("certificate_id"):
            return None
        return {**now, "certificate_id": new_certificate_id()}

    if record.get("certificate_id"):
        return record["certificate_id"]
    kept, _problem = session.update("progress", FINAL, keep_id)
    # nothing could be saved (no store, say): this download has an id of its own
    return as_record(kept).get("certificate_id") or new_certificate_id()


def certificate_link(session: Session, record: dict) -> str:
    """The certificate download for a learner who passed, with its token and how to check it.
    Assessed only on the course's server; self-study everywhere else (it says so)."""
    from course.certificate import from_progress, issue, mode_here
    from course.widgets.download import filename, link

    try:
        learner = session.store.learner(session.learner_id) if session.store else None
        name = learner.name if learner else session.learner_id
        more = {"issued": record["date"]} if record.get("date") else {}
        more["certificate_id"] = certificate_id(session, record)
        cert = from_progress(
            shipped_course(), session.learner_id, name, record, record["pass_mark"],
            mode=mode_here(), **more,
        )  # fmt: skip
        pdf, token = issue(cert)
    except Exception as err:  # the learner gets a sentence; the result itself is saved
        return status_html(
            f"Your certificate could not be made just now ({html.escape(str(err)[:200])}). "
            "Your result is saved: open this page again later, or tell your trainer."
        )
    download = link(filename(f"certificate-{cert.certificate_id}", "pdf"), pdf, "your certificate")
    study = (
        "" if cert.mode == "assessed" else
        "<p><strong>Self-study:</strong> this course ran where its answers can be read, so the "
        "certificate says it was not assessed.</p>"
    )  # fmt: skip
    return (
        f'<div class="course-certificate"><p class="course-downloads">{download}</p>{study}'
        "<p>Anyone can check it with the organisation's public key: "
        "<code>python -m course verify TOKEN</code>. Your token:</p>"
        f'<p class="course-token" style="overflow-wrap:anywhere"><code>{html.escape(token)}'
        "</code></p></div>"
    )
