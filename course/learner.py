"""Who the learner is, seen from inside a page's kernel, and saving their work to the store.

The learner is known before any of their pages runs, in one of four ways, first match wins:

1. ``course serve``: the server signed the learner in and passed the verified id to the kernel
   in ``HTTP_X_COURSE_LEARNER`` (a header Voila copies into the kernel's environment; the
   server overwrites any copy a browser sends). The server also sets ``COURSE_SIGN_IN=required``,
   so a kernel that somehow has no verified id saves nothing rather than guess.
2. Behind an organisation's login proxy: the server is told which header the proxy sets, reads
   the learner from it and passes it on exactly as in 1.
3. JupyterHub: the hub starts each person's own server with ``JUPYTERHUB_USER``.
4. Otherwise (your own JupyterLab, Binder): one local learner, ``local``; self-study.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

LEARNER_HEADER = "X-Course-Learner"
LEARNER_ENV = "HTTP_X_COURSE_LEARNER"
SIGN_IN_ENV = "COURSE_SIGN_IN"
LOCAL = "local"
SIGN_IN_NEEDED = (
    "You are not signed in, so nothing you do here can be saved. Open the personal sign-in "
    "link your trainer sent you, then this page again."
)


def learner_id_from_env(env: dict[str, str] | None = None) -> tuple[str | None, str]:
    """The learner's id (or None) and how it was found: server, hub, local or missing."""
    env = os.environ if env is None else env
    if env.get(LEARNER_ENV):
        return env[LEARNER_ENV], "server"
    if env.get(SIGN_IN_ENV):
        return None, "missing"
    if env.get("JUPYTERHUB_USER"):
        return hub_id(env["JUPYTERHUB_USER"]), "hub"
    return LOCAL, "local"


def hub_id(name: str) -> str:
    """A JupyterHub or proxy user name as a learner id (lower case; odd characters as '-')."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.strip().lower()).strip("-._")
    return slug[:64] or "user"


CHANGED_ELSEWHERE = "Another page kept changing this record; nothing was saved here."


@dataclass
class Session:
    """The learner of this kernel and their store; ``problem`` says, for a person, what is wrong."""

    learner_id: str | None
    how: str
    store: object | None = None
    problem: str | None = None

    def record(self, kind: str, key: str, value: object) -> str | None:
        """Save one record; return None when saved, else a sentence saying why it was not."""
        return self._saving("put", kind, key, value)[1]

    def update(
        self, kind: str, key: str, change: Callable[[object], object | None], tries: int = 4
    ) -> tuple[object | None, str | None]:
        """Change one record from what it holds now: ``change(current)`` gives the new value,
        or None to leave it as it is. When another page (a second tab) saves it in between, the
        change is made again on what that page saved, so neither change is lost.

        Returns the record's value after (None if there is none) and None, or None and a
        sentence saying why nothing was saved (CHANGED_ELSEWHERE after ``tries`` attempts).
        """
        for _ in range(tries):
            current = self.get(kind).get(key)
            new = change(current)
            if new is None:
                return current, None
            saved, problem = self._saving("put_if", kind, key, new, current)
            if problem:
                return None, problem
            if saved:
                return new, None
        return None, CHANGED_ELSEWHERE

    def _saving(self, method: str, *args) -> tuple[object, str | None]:
        """The store's ``method(learner_id, *args)`` and None, or None and a sentence saying
        why nothing could be saved."""
        if self.store is None:
            return None, self.problem or SIGN_IN_NEEDED
        try:
            if self.how != "server":  # a local learner who deleted their data starts afresh
                self.store.ensure_learner(self.learner_id)
            return getattr(self.store, method)(self.learner_id, *args), None
        except Exception as err:  # the learner gets a sentence; the server log gets the rest
            return None, f"Your work could not be saved ({_reason(err)})."

    def get(self, kind: str) -> dict[str, object]:
        """This learner's records of one kind; empty if there is no store."""
        if self.store is None:
            return {}
        return self.store.get(self.learner_id, kind)


def _reason(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text[:200]


@functools.cache
def current_session() -> Session:
    """This kernel's learner and store, opened once per kernel."""
    learner_id, how = learner_id_from_env()
    if learner_id is None:
        return Session(None, how, problem=SIGN_IN_NEEDED)
    try:
        from course.store import open_store

        store = open_store()
        if how != "server":  # hub and local learners are registered on first use
            store.ensure_learner(learner_id)
        return Session(learner_id, how, store)
    except Exception as err:
        return Session(learner_id, how, problem=f"Your work cannot be saved ({_reason(err)}).")


class SaveError(Exception):
    """An answer could not be saved; the message is for the learner."""


class StoredAnswers:
    """A learner's graded answers in the store, with the interface of a response file.

    ``answers`` are read once when the page opens; ``save`` writes one answer (an upsert of one
    row), so several tabs or pages never undo each other's answers.
    """

    def __init__(self, session: Session):
        self.session = session
        self.problem: str | None = session.problem
        try:
            self.answers = session.get("answer")
        except Exception as err:
            self.answers = {}
            self.problem = f"Your saved answers could not be read ({_reason(err)})."

    def save(self, question_id: str, answer: object) -> None:
        """Record one answer (None or an empty list removes it).

        Raises:
            SaveError: with a sentence for the learner.
        """
        message = self.session.record("answer", question_id, answer or None)
        if message:
            raise SaveError(message)
        if answer:
            self.answers[question_id] = answer
        else:
            self.answers.pop(question_id, None)
