"""The learner's own data page: see, download (JSON) and delete everything the course's store
holds about them.

The page is one HTML widget (explanation, a summary table and the full content as escaped JSON
in a ``<details>`` section) plus a checkbox, a button and a status line: a few widget models
whatever the amount of data. Deleting removes the learner's row and every row that refers to it
(records, sign-in links, sessions) in one transaction, so nothing about them is left behind.
"""

from __future__ import annotations

import html
import json
import sys
import traceback
from datetime import datetime

import ipywidgets as w

from course.learner import SIGN_IN_NEEDED, Session, current_session
from course.widgets.common import BAD, GOOD, failure, guard_tracebacks, live, note
from course.widgets.download import filename, link

CONFIRM = "I understand this deletes all my work and signs me out"

#: Each kind of record: (one, many, why it is kept), in plain words for the learner.
KIND_WORDS = {
    "answer": (
        "graded answer",
        "graded answers",
        "what you answered in graded quizzes, so your trainer can mark it",
    ),
    "practice": (
        "practice result",
        "practice results",
        "how you did in the practice questions, so you can see your progress",
    ),
    "scenario": ("scenario ending", "scenario endings", "which ending you reached in each one"),
    "progress": (
        "progress note",
        "progress notes",
        "which modules you have opened and finished, and your final assessment result",
    ),
    "exercise": (
        "piece of exercise work",
        "pieces of exercise work",
        "what you did in the exercises, so it is still there when you come back",
    ),
}
SIGN_IN_WORDS = {
    "links": ("sign-in link", "sign-in links"),
    "sessions": ("sign-in session", "sign-in sessions"),
}
CSS = (
    "<style>.course-mydata table{border-collapse:collapse;margin:.5rem 0}"
    ".course-mydata th,.course-mydata td{border:1px solid #8c959f;padding:.25rem .6rem;"
    "text-align:left}.course-mydata pre{white-space:pre-wrap;overflow-wrap:anywhere;"
    "font-family:monospace;background:#f6f8fa;color:#1a1a1a;padding:.5rem}</style>"
)


def my_data(session: Session | None = None) -> w.Widget:
    """The page body for this kernel's learner (or ``session``): what is held, a download of it
    all as JSON, and a two-step "Delete everything"."""
    guard_tracebacks()
    try:
        session = session or current_session()
        if session.problem or session.store is None:
            return w.HTML(note(session.problem or SIGN_IN_NEEDED, BAD, "⚠"))
        return MyData(session).widget
    except Exception as err:  # a learner sees a sentence, not a traceback
        return failure("Your data", err)


def export(session: Session) -> dict:
    """Everything the store holds about the learner, with when their sign-in links and sessions
    run out (UTC); never a token or its hash."""
    data = session.store.export(session.learner_id)
    ends = session.store.sign_in_ends(session.learner_id)
    data["sign_in_ends_utc"] = {
        name: [day.isoformat(timespec="minutes") for day in days] for name, days in ends.items()
    }
    return data


class MyData:
    """The page: ``widget`` holds the view, the confirmation checkbox, the button and status."""

    def __init__(self, session: Session):
        self.session = session
        data = export(session)
        self.view = w.HTML(view_html(data, session.how))
        self.confirm = w.Checkbox(
            description=CONFIRM, value=False, indent=False, layout=w.Layout(width="auto")
        )
        self.confirm.add_class("course-wrap")
        self.delete = w.Button(
            description="Delete everything",
            tooltip="Delete all your work, your name and your sign-ins from the course",
            button_style="danger",
            disabled=True,
            layout=w.Layout(width="max-content"),
        )
        self.status = w.HTML(status_html(""))
        self.confirm.observe(lambda change: self._allow(change["new"]), names="value")
        self.delete.on_click(lambda _button: self._delete())
        self.widget = w.VBox([self.view, self.confirm, self.delete, self.status])
        self.widget.add_class("course-mydata")

    def _allow(self, ticked: bool) -> None:
        self.delete.disabled = not ticked

    def _delete(self) -> None:
        # Button.click() and a stale page can call this with the box unticked: check again.
        if not self.confirm.value:
            self.status.value = status_html(f"Tick “{CONFIRM}” first; nothing was deleted.", BAD)
            return
        try:
            held = export(self.session)
            self.session.store.remove_learner(self.session.learner_id)
        except Exception:
            traceback.print_exc(file=sys.__stderr__)  # details for the server log only
            self.status.value = status_html(
                "Your data could not be deleted just now; reload this page to see what is "
                "still held and try again, or tell your trainer if it happens again.",
                BAD,
            )
            return
        self.confirm.disabled = self.delete.disabled = True
        self.view.value = CSS + "<p>The course holds nothing about you any more.</p>"
        self.status.value = status_html(deleted_text(held, self.session.how), GOOD)


def status_html(text: str, colour: str = GOOD) -> str:
    """The live region screen readers announce; empty until there is something to say."""
    return live(note(text, colour) if text else "")


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def view_html(data: dict, how: str) -> str:
    """The explanation, the summary table, the full JSON and the download link."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
    stem = f"my-course-data-{(data['learner'] or {}).get('id') or 'learner'}"
    download = link(filename(stem, "json"), text.encode("utf-8"), "my data")
    return (
        CSS
        + intro_html(data["learner"] or {})
        + where_html(how)
        + summary_table(data)
        + "<details><summary>Show everything in full (what the download holds)</summary>"
        + f"<pre>{html.escape(text)}</pre></details>"
        + f'<p class="course-downloads">{download}</p>'
        + "<h3>Delete everything</h3><p>This removes your name, id, all your work and your "
        "sign-ins from the course. It cannot be undone: download your data first if you want "
        "to keep a copy.</p>"
    )


def intro_html(learner: dict) -> str:
    """What is kept and why, in plain words; and that nothing else is."""
    name, ident = html.escape(learner.get("name", "")), html.escape(learner.get("id", ""))
    kinds = "".join(f"<li>{many.capitalize()}: {why}.</li>" for _, many, why in KIND_WORDS.values())
    return (
        f"<p>The course keeps your name (<strong>{name}</strong>) and id (<code>{ident}</code>) "
        f"so that your work is kept under your name, and:</p><ul>{kinds}"
        "<li>How many sign-in links and sessions you have and when they run out, so you can "
        "sign in. Never the codes themselves: only a scrambled fingerprint of each.</li></ul>"
        "<p>Nothing else: no email, no address, no record of when or from where you visit. "
        "Quizzes your trainer has already collected for marking, and their grades, are kept "
        "by your organisation, not here: ask your trainer about those.</p>"
    )


def where_html(how: str) -> str:
    """Where the data lives, for a course running on its own (own JupyterLab, Binder)."""
    if how != "local":
        return ""
    return (
        "<p>Here the course runs on its own, so all of this lives only in the course folder "
        "of this computer (or of this Binder session). On Binder it vanishes when the session "
        "ends.</p>"
    )


def summary_table(data: dict) -> str:
    """One row per kind: what, how many, and dates (only sign-ins have any)."""
    rows = [
        (many.capitalize(), len(data["records"].get(kind, {})), "not kept")
        for kind, (_one, many, _why) in KIND_WORDS.items()
    ]
    for key, (_one, many) in SIGN_IN_WORDS.items():
        ends = data["sign_in_ends_utc"].get(key, [])
        dates = f"run out {', '.join(_day(e) for e in ends)}" if ends else "none"
        rows.append((many.capitalize(), data["sign_in"].get(key, 0), dates))
    body = "".join(
        f"<tr><th scope='row'>{html.escape(what)}</th><td>{n}</td><td>{html.escape(d)}</td></tr>"
        for what, n, d in rows
    )
    return (
        "<table><caption>What the course holds about you</caption><thead><tr>"
        "<th scope='col'>What</th><th scope='col'>How many</th><th scope='col'>Dates</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
        "<p class='course-small'>The course does not note when you saved anything, so your "
        "work has no dates.</p>"
    )


def _day(iso: str) -> str:
    day = datetime.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"  # "%-d" does not work on Windows


def deleted_text(held: dict, how: str) -> str:
    """What was deleted (kinds with nothing left out), and what happens next."""
    counts = [
        (len(held["records"].get(k, {})), one, many) for k, (one, many, _) in KIND_WORDS.items()
    ]
    counts += [(held["sign_in"].get(k, 0), one, many) for k, (one, many) in SIGN_IN_WORDS.items()]
    parts = ["your name and id"] if held["learner"] else []
    parts += [count(n, one, many) for n, one, many in counts if n]
    if not parts:
        done = "There was nothing left to delete."
    elif len(parts) == 1:
        done = f"Deleted {parts[0]}."
    else:
        done = f"Deleted {', '.join(parts[:-1])} and {parts[-1]}."
    if how == "server":
        return done + (
            " You are signed out; to take the course again, ask your trainer for a new sign-in "
            "link."
        )
    return done + " The course starts afresh the next time you open one of its pages."
