"""'Download my submission': the learner's graded answers as a zip to send to their trainer,
who imports it with ``nbgrader zip_collect`` (course.handin builds the zip).

The link is a data: URL built in the page's kernel (as course.widgets.download), so it works in
Voila without a file server. It holds the answers as they are when it is made: ``handin`` adds a
button that makes it afresh, so answers given after the page opened are in the zip.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

import ipywidgets as w

from course import responses
from course.handin import submission_zip, zip_name
from course.learner import SIGN_IN_NEEDED, current_session
from course.paper import PAPER_FILE, PAPERS_DIR, read_form
from course.widgets.common import BAD, note

LABEL = "Download my submission (zip)"


class NotReady(Exception):
    """There is nothing to hand in yet; the message, for the learner, says why."""


def submission_link(assignment: str, directory: Path | None = None) -> w.HTML:
    """A link to download this learner's hand-in of ``assignment``, or one sentence saying why
    there is none.

    Answers come from responses.json when the page saves there (the assessment's own notebook,
    with paper.json beside it, or ``directory``), otherwise from the learner's store.
    """
    try:
        return w.HTML(_link_html(assignment, directory))
    except NotReady as err:
        return w.HTML(note(str(err), BAD, "⚠"))
    except Exception as err:  # a learner sees one sentence, never a traceback
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return w.HTML(
            note(f"Your submission could not be made ({reason}); please tell your trainer.", BAD)
        )


def handin(assignment: str, directory: Path | None = None) -> w.VBox:
    """A button that makes the download link from the answers saved so far."""
    out = w.HTML()
    button = w.Button(
        description="Prepare my submission",
        tooltip="Make a zip of your saved answers to send to your trainer",
        layout=w.Layout(width="auto"),
    )

    def prepare(_button: w.Button) -> None:
        out.value = submission_link(assignment, directory).value

    button.on_click(prepare)
    box = w.VBox([button, out])
    box.add_class("course-handin")
    return box


def _link_html(assignment: str, directory: Path | None) -> str:
    from course.widgets import paper_learner  # the id the paper was dealt to and is graded as

    form, own = _form(assignment)
    ids = [slot["id"] for slot in form["slots"]]
    answers = _answers(Path.cwd() if own and directory is None else directory)
    mine = {q: answers[q] for q in ids if q in answers}
    if not mine:
        raise NotReady(
            f"You have not answered any question of {form['title']} yet, so there is nothing "
            "to hand in."
        )
    learner = paper_learner()
    name = zip_name(assignment, learner)
    notebook = Path.cwd() / f"{assignment}.ipynb" if own else None
    data = submission_zip(assignment, learner, mine, notebook)
    href = "data:application/zip;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<div class="course-handin-link" role="status"><p><a class="course-download '
        f'course-download-zip" download="{html.escape(name)}" href="{href}">{LABEL}</a></p>'
        f"<p>The file holds your {len(mine)} answers (of {len(ids)} questions) and your learner "
        f"id, <strong>{html.escape(learner)}</strong>. Send it to your trainer as it is; they "
        "grade the newest file you send, so if you change an answer, download and send it "
        "again.</p></div>"
    )


def _form(assignment: str) -> tuple[dict, bool]:
    """The assignment's public form, and whether it lies beside this notebook (the page is the
    assessment itself) rather than in papers/ (a module page)."""
    beside = Path.cwd() / PAPER_FILE
    if beside.is_file():
        form = read_form(beside)
        if form.get("assessment") == assignment:
            return form, True
    path = Path.cwd() / PAPERS_DIR / f"{assignment}.json"
    if not path.is_file():
        raise ValueError(f"this page has no quiz called {assignment}")
    return read_form(path), False


def _answers(directory: Path | None) -> dict:
    """Saved answers: responses.json in ``directory``, else the learner's store."""
    if directory is not None:
        return responses.read(directory / responses.RESPONSES_FILE)
    session = current_session()
    if session.problem or session.store is None:
        raise NotReady(session.problem or SIGN_IN_NEEDED)
    return session.get("answer")
