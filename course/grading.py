"""What nbgrader's hidden tests call: compare a saved answer with the key written in the test.

The key never comes from the package here: each hidden test passes its own question's correct
option ids, so the key exists only inside hidden tests (and the trainer's `course key` output).
Every failure raises an exception whose message is safe to show a learner: it never names the key.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from course import responses
from course.scoring import is_correct


class NotCorrect(AssertionError):
    """The saved answer is not the right one (or there is none)."""


def expect(question_id: str, correct: Sequence[str], directory: Path | None = None) -> None:
    """Pass silently if the learner's saved answer to ``question_id`` is exactly ``correct``.

    Raises:
        responses.ResponseFileError: the response file is missing or unreadable.
        NotCorrect: no answer was saved, or the answer is wrong.
    """
    path = (directory or Path.cwd()) / responses.RESPONSES_FILE
    if not path.exists():
        raise responses.ResponseFileError(
            f"No {responses.RESPONSES_FILE} was handed in, so no answer could be scored."
        )
    answers = responses.read(path)
    if question_id not in answers:
        raise NotCorrect("No answer was saved for this question.")
    if not is_correct(correct, answers[question_id]):
        raise NotCorrect("The answer saved for this question is not the correct one.")
