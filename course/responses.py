"""A learner's saved quiz answers: responses.json beside the notebook, written atomically.

The file is a JSON object mapping question id to the chosen option id (a list of ids for a
multiple-response question). It holds nothing else: no name, no timestamps, no scores.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from course.scoring import Response

RESPONSES_FILE = "responses.json"


class ResponseFileError(Exception):
    """The response file exists but cannot be used; the message says why, for a person."""


def parse(text: str) -> dict[str, Response]:
    """Parse and check the contents of a response file.

    Raises:
        ResponseFileError: if it is not a JSON object of question id -> id or list of ids.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ResponseFileError(
            f"{RESPONSES_FILE} is not valid JSON ({err.msg} at line {err.lineno}, "
            f"column {err.colno})"
        ) from None
    if not isinstance(data, dict):
        raise ResponseFileError(
            f"{RESPONSES_FILE} should hold a JSON object, not {type(data).__name__}"
        )
    for key, value in data.items():
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise ResponseFileError(
                f"{RESPONSES_FILE}: the answer to '{key}' should be an option id or a list of ids"
            )
    return data


def read(path: Path) -> dict[str, Response]:
    """Read a response file; an empty dict if there is none.

    Raises:
        ResponseFileError: if the file exists but is unreadable or malformed.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise ResponseFileError(f"{RESPONSES_FILE} cannot be read ({err.strerror})") from None
    try:
        return parse(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ResponseFileError(f"{RESPONSES_FILE} is not UTF-8 text") from None


def write_atomically(path: Path, data: dict[str, Response]) -> None:
    """Replace ``path`` with ``data`` as JSON so that a reader never sees a half-written file."""
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".responses-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class ResponseStore:
    """One learner's answers in one directory.

    Loading never writes. Each save re-reads the file, changes one answer and writes the whole
    file atomically, so widgets in several cells (or tabs) never undo each other's answers. If the
    file is unreadable when saving, it is first kept aside (``responses.json.unreadable-<time>``)
    so that nothing the learner had is lost.
    """

    def __init__(self, directory: Path | None = None):
        self.path = (directory or Path.cwd()) / RESPONSES_FILE
        self.problem: str | None = None
        try:
            self.answers = read(self.path)
        except ResponseFileError as err:
            self.answers, self.problem = {}, str(err)

    def save(self, question_id: str, answer: Response) -> None:
        """Record one answer (None or an empty list removes it) and write the file."""
        try:
            current = read(self.path)
        except ResponseFileError:
            stamp = time.strftime("%Y%m%dT%H%M%S")
            os.replace(self.path, self.path.with_name(f"{RESPONSES_FILE}.unreadable-{stamp}"))
            current = {}
        if answer is None or answer == []:
            current.pop(question_id, None)
        else:
            current[question_id] = answer
        write_atomically(self.path, current)
        self.answers, self.problem = current, None
