"""The course home: every module with its minutes and this learner's status, the progress made,
and the final assessment, which opens when every module is done.

Pure functions from the learner's records to a status, and from the status to HTML. The same HTML
is served two ways: by the course's server at ``/`` (a plain page, no kernel: it opens at once)
and by ``home.ipynb`` in JupyterLab or on Binder (``widgets.home()``), so there is one home page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from course.loader import Course

FINAL = "final_assessment"
#: The final assessment's page (a notebook beside the modules).
FINAL_PAGE = "final"
#: The page where a learner sees, downloads and deletes what the course holds about them.
DATA_PAGE = "mydata"
#: The course app's page: every module, one at a time, in one kernel.
APP_PAGE = "course"
#: Hand-ins of the final assessment a learner may make: enough to recover from a slip, too few to
#: find the key by trying every answer.
FINAL_ATTEMPTS = 3

NOT_STARTED, IN_PROGRESS, DONE = "Not started", "In progress", "Done"


@dataclass(frozen=True)
class ModuleStatus:
    """Where one learner is with one module."""

    id: str
    number: int
    title: str
    minutes: int
    state: str
    practice_right: int
    practice_tried: int
    practice_total: int


@dataclass(frozen=True)
class FinalStatus:
    """The final assessment for one learner: locked until every module is done."""

    open: bool
    attempts: int
    score: int | None = None
    max: int | None = None
    passed: bool = False

    @property
    def attempts_left(self) -> int:
        return max(0, FINAL_ATTEMPTS - self.attempts)


def record_of(records: dict, key: str) -> dict:
    """One record as the course writes it, or {} for a missing or hand-edited one."""
    return as_record(records.get(key))


def as_record(value: object) -> dict:
    """A stored value as a record the course writes (a dict), or {} for anything else."""
    return value if isinstance(value, dict) else {}


def server_href(base_url: str) -> Callable[[str], str]:
    """Addresses of the course's pages on its own server: the home is the server's address, and
    the modules open in the course app (one page for the whole visit, course.widgets.app)."""
    from course.loader import shipped_course

    modules = shipped_course().modules

    def href(page_id: str) -> str:
        if page_id == "home":
            return base_url
        if page_id in modules:
            return f"{base_url}voila/render/{APP_PAGE}.ipynb?module={page_id}"
        return f"{base_url}voila/render/{page_id}.ipynb"

    return href


def module_statuses(course: Course, progress: dict, practice: dict) -> list[ModuleStatus]:
    """Each module's status from the learner's ``progress`` and ``practice`` records."""
    out = []
    for number, module in enumerate(course.modules.values(), start=1):
        record = record_of(progress, module.id)
        state = DONE if record.get("done") else IN_PROGRESS if record else NOT_STARTED
        ids = [q.id for q in module.knowledge_check]
        tried = [practice[i] for i in ids if isinstance(practice.get(i), dict)]
        right = sum(1 for r in tried if r.get("correct") is True)
        out.append(
            ModuleStatus(
                module.id, number, module.title, module.minutes, state, right, len(tried), len(ids)
            )
        )
    return out


def final_status(statuses: list[ModuleStatus], progress: dict) -> FinalStatus:
    """The final assessment's status: open once every module is done."""
    record = record_of(progress, FINAL)
    return FinalStatus(
        open=all(s.state == DONE for s in statuses),
        attempts=int(record.get("attempts") or 0),
        score=record.get("score"),
        max=record.get("max"),
        passed=bool(record.get("passed")),
    )


def next_module(statuses: list[ModuleStatus]) -> ModuleStatus | None:
    """Where to pick up: the first module in progress, else the first not started."""
    for state in (IN_PROGRESS, NOT_STARTED):
        for s in statuses:
            if s.state == state:
                return s
    return None


def _practice(s: ModuleStatus) -> str:
    if not s.practice_total:
        return ""
    if not s.practice_tried:
        return f"Practice questions: {s.practice_total}, none tried yet"
    return f"Practice questions: {s.practice_right} of {s.practice_total} right"


def _module_item(s: ModuleStatus, href: str) -> str:
    state_class = s.state.lower().replace(" ", "-")
    practice = _practice(s)
    return (
        f'<li class="course-module course-{state_class}">'
        f'<a href="{html.escape(href)}">Module {s.number}: {html.escape(s.title)}</a>'
        f'<span class="course-meta">About {s.minutes} min · '
        f'<span class="course-state">{s.state}</span>'
        + (f" · {practice}" if practice else "")
        + "</span></li>"
    )


def _final_item(final: FinalStatus, done: int, total: int, href: str) -> str:
    title = "Final assessment"
    if not final.open:
        body = (
            f"<p>{title}: opens when you have finished every module "
            f"({done} of {total} done so far).</p>"
        )
    elif final.passed:
        body = (
            f'<p><a href="{html.escape(href)}">{title}: passed</a> with {final.score} of '
            f"{final.max}. Open it to download your certificate.</p>"
        )
    elif final.attempts:
        left = final.attempts_left
        body = (
            f'<p><a href="{html.escape(href)}">{title}</a>: not passed yet '
            f"({final.score} of {final.max}); {left} attempt{'s' if left != 1 else ''} left.</p>"
        )
    else:
        body = (
            f'<p><a href="{html.escape(href)}">{title}</a>: open. You have '
            f"{FINAL_ATTEMPTS} attempts to reach the pass mark.</p>"
        )
    return (
        '<section class="course-final" aria-labelledby="course-final-h">'
        f'<h2 id="course-final-h">Final assessment</h2>{body}</section>'
    )


def home_body(
    course: Course,
    statuses: list[ModuleStatus],
    final: FinalStatus,
    href: Callable[[str], str],
    organisation: str,
) -> str:
    """The home page's content: ``href(page id)`` gives each page's address."""
    done = sum(1 for s in statuses if s.state == DONE)
    total = len(statuses)
    minutes = sum(s.minutes for s in statuses)
    pick_up = next_module(statuses)
    resume = (
        f'<p><a class="course-button" href="{html.escape(href(pick_up.id))}">'
        f"{'Continue' if done or pick_up.state == IN_PROGRESS else 'Start'}: "
        f"Module {pick_up.number}, {html.escape(pick_up.title)}</a></p>"
        if pick_up
        else "<p>You have finished every module.</p>"
    )
    items = "".join(_module_item(s, href(s.id)) for s in statuses)
    return (
        f'<p class="course-org">{html.escape(organisation)}</p>'
        f"<h1>{html.escape(course.title)}</h1>"
        f"<p>{total} modules, about {minutes} minutes in all. Work through them in order; "
        "your place is saved as you go, so you can stop and come back.</p>"
        f'<p><label for="course-progress">Your progress: {done} of {total} modules done'
        f'</label><br><progress id="course-progress" max="{total}" value="{done}">'
        f"{done} of {total}</progress></p>"
        f"{resume}"
        f'<h2>Modules</h2><ol class="course-modules">{items}</ol>'
        f"{_final_item(final, done, total, href(FINAL_PAGE))}"
        '<h2>Your data</h2><p><a href="'
        f'{html.escape(href(DATA_PAGE))}">See, download or delete what the course holds about '
        "you</a>.</p>"
    )


HOME_CSS = """
.course-org { font-weight: 600; color: #0b5394; margin: 0; }
.course-modules { padding-left: 0; list-style: none; }
.course-module { border: 1px solid #c4ccd4; border-radius: 8px; padding: 0.6rem 0.9rem;
  margin: 0.5rem 0; }
.course-module a { font-weight: 600; }
.course-meta { display: block; color: #4d4d4d; font-size: 0.95em; }
.course-done { border-left: 6px solid #1a7f37; }
.course-in-progress { border-left: 6px solid #0b5394; }
.course-final { border: 2px solid #0b5394; border-radius: 8px; padding: 0 1rem; }
progress { width: 100%; max-width: 24rem; height: 1.1rem; accent-color: #0b5394; }
a.course-button, a.course-button:link, a.course-button:visited { display: inline-block;
   background: #0b5394; color: #fff; font-weight: 600;
  text-decoration: none; border-radius: 6px; padding: 0.55rem 1.1rem; }
a.course-button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
"""
