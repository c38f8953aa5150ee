"""Handing in without the course's server or an nbgrader exchange: a zip the learner downloads
and sends to their trainer, who imports it with ``nbgrader zip_collect``.

Inside the zip, one folder per hand-in names the assignment, the learner and the time (UTC)::

    risks_quiz/alice/20261120T101530Z/risks_quiz.ipynb
    risks_quiz/alice/20261120T101530Z/responses.json

The folders carry everything nbgrader needs, so the zip's own name does not matter (a browser
that saves a second copy as ``risks_quiz-alice (1).zip`` changes nothing). ``NAMED_REGEXP`` is
the ``FileNameCollectorPlugin.named_regexp`` that reads them (set in
``autograder/nbgrader_config.py``). It matches only inside ``downloaded/<assignment>/extracted``
and only folders of that same assignment, so a zip dropped into the wrong assignment's folder is
skipped with a warning rather than graded as the wrong quiz; the time lets nbgrader keep the
newest of several zips from one learner.

**Which notebook goes in.** Grading reads only responses.json: autograde puts the released cells
back in place of whatever notebook was handed in (course.autograde.KeepReleasedCells). What a
learner's kernel can find differs by where it runs. On the course's Voila server it sees the
module pages in ``notebooks/``, and a module page is not the quiz's notebook; the release
(``autograder/release/``) exists only on the trainer's side, after ``generate_assignment``; the
built source is the trainer's too, and is not what was released. So the zip holds the learner's
own copy of the assignment notebook when the page is that notebook (the final assessment opened
in JupyterLab or on a hub, saving beside itself), exactly what ``nbgrader submit`` would send;
otherwise a minimal notebook with no cells, which grades the same. The zip holds the learner's
id and answers and nothing else about them.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

from course.responses import RESPONSES_FILE, ResponseFileError, parse

#: A learner id that is safe as a folder name: no separators, never "." or "..".
LEARNER_ID = r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}"
#: An nbgrader assignment id (the same characters nbgrader accepts for ids).
ASSIGNMENT_ID = r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_SEP = r"[/\\]"  # a trainer on Windows sees backslashes
#: ``FileNameCollectorPlugin.named_regexp``: matched against each extracted file's full path.
NAMED_REGEXP = (
    rf"^.*{_SEP}(?P<assignment>[^/\\]+){_SEP}extracted{_SEP}(?:.*{_SEP})?"
    rf"(?P=assignment){_SEP}(?P<student_id>{LEARNER_ID}){_SEP}"
    rf"(?P<timestamp>\d{{8}}T\d{{6}}Z){_SEP}"
    rf"(?P<file_id>(?P=assignment)\.ipynb|{re.escape(RESPONSES_FILE)})$"
)
#: ``FileNameCollectorPlugin.valid_ext``: the notebook and the responses file.
VALID_EXT = [".ipynb", ".json"]


def zip_name(assignment: str, learner_id: str) -> str:
    """The file name the learner's browser saves the zip as."""
    return f"{_checked(assignment, ASSIGNMENT_ID, 'assignment')}-{_learner(learner_id)}.zip"


def submission_zip(
    assignment: str,
    learner_id: str,
    answers: dict,
    release_notebook: Path | None = None,
    when: datetime | None = None,
) -> bytes:
    """A learner's hand-in as a zip for ``nbgrader zip_collect``.

    Args:
        assignment: the nbgrader assignment id (``risks_quiz``, ``final_assessment``).
        learner_id: the id the learner is graded as (the one their paper was drawn for).
        answers: {question id: option id or list of ids}, this assignment's only.
        release_notebook: the learner's copy of the assignment notebook, if they have one; else
            (or if it is missing) a minimal notebook goes in.
        when: the time of the hand-in (now, by default).

    Raises:
        ValueError: an id is not safe as a file name, the answers are not of the saved shape,
            or the notebook is not a notebook; the message is one sentence for a person.
    """
    assignment = _checked(assignment, ASSIGNMENT_ID, "assignment")
    learner_id = _learner(learner_id)
    text = json.dumps(answers, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        parse(text)  # the same check grading makes: never hand in what cannot be scored
    except ResponseFileError as err:
        raise ValueError(str(err)) from None
    stamp = (when or datetime.now(UTC)).astimezone(UTC)
    folder = f"{assignment}/{learner_id}/{stamp.strftime(STAMP_FORMAT)}"
    files = {
        f"{folder}/{assignment}.ipynb": _notebook(assignment, release_notebook),
        f"{folder}/{RESPONSES_FILE}": text.encode("utf-8"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # personal data: readable by its owner only
            z.writestr(info, data)
    return out.getvalue()


def _notebook(assignment: str, path: Path | None) -> bytes:
    if path is not None and path.is_file():
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            raise ValueError(f"{path.name} is not a notebook that can be handed in") from None
    else:
        nb = new_notebook(metadata={"course_handin": {"assignment": assignment}})
    return nbformat.writes(nb).encode("utf-8")


def _learner(learner_id: str) -> str:
    return _checked(learner_id, LEARNER_ID, "learner id")


def _checked(value: str, pattern: str, what: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise ValueError(
            f"the {what} {value!r} cannot be used in a file name (letters, digits, '.', '_' "
            "and '-' only)"
        )
    return value
