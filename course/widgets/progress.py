"""Moving through the course: the home page in a notebook (JupyterLab, Binder), the addresses of
the course's pages from a kernel, and the button that marks a module done (the links at the top
of each module page are static, course.render.learner.nav).

A module counts as done when the learner says so at its end; the home page and the final
assessment read that record. Opening a page records only that it was opened, and never undoes
"done".
"""

from __future__ import annotations

import html
import os
from datetime import UTC, datetime

import ipywidgets as w

from course.home import DONE, HOME_CSS, final_status, home_body, module_statuses, server_href
from course.learner import Session, current_session
from course.loader import shipped_course
from course.widgets.common import live

HOME = "home"


def page_href(page_id: str, session: Session | None = None) -> str:
    """A course page's address from a page of this kernel: on the course's server the home is
    the server's own address; elsewhere (JupyterLab, Voila in Jupyter) pages sit side by side."""
    session = session or current_session()
    if session.how == "server":
        return server_href(os.environ.get("VOILA_BASE_URL", "/"))(page_id)
    return f"{page_id}.ipynb"


def today() -> str:
    """The date (UTC) as the final assessment's record keeps it: no time of day."""
    return datetime.now(UTC).date().isoformat()


def record_opened(session: Session, module_id: str) -> None:
    """Note that the learner opened a module, unless the store already knows more."""
    if session.store is not None and module_id not in session.get("progress"):
        session.record("progress", module_id, {"opened": True})


def home_html(session: Session) -> str:
    """The home page's content for this kernel's learner."""
    from course.organisation import current_organisation

    course = shipped_course()
    progress, practice = session.get("progress"), session.get("practice")
    statuses = module_statuses(course, progress, practice)
    org, _ = current_organisation()
    body = home_body(
        course, statuses, final_status(statuses, progress),
        lambda page_id: page_href(page_id, session), org.name,
    )  # fmt: skip
    return f"<style>{HOME_CSS}</style>{body}"


class FinishModule(w.VBox):
    """ "I have finished this module": records it done and says where to go next."""

    def __init__(self, module_id: str, session: Session):
        self.module_id, self.session = module_id, session
        self.button = w.Button(description="I have finished this module", button_style="primary")
        self.button.layout.width = "auto"
        self.status = w.HTML()
        record = session.get("progress").get(module_id)
        if isinstance(record, dict) and record.get("done"):
            self._show(already=True)
        self.button.on_click(lambda _: self.finish())
        super().__init__([self.button, self.status])
        self.add_class("course-finish")

    def finish(self) -> None:
        problem = self.session.record("progress", self.module_id, {"opened": True, "done": True})
        if problem:
            self.status.value = (
                f'<div role="status"><p><strong>⚠ {html.escape(problem)}</strong></p></div>'
            )
            return
        self._show(already=False)

    def _show(self, already: bool) -> None:
        course = shipped_course()
        ids = list(course.modules)
        at = ids.index(self.module_id)
        statuses = module_statuses(course, self.session.get("progress"), {})
        done = sum(1 for s in statuses if s.state == DONE)
        where = (
            f'<a href="{html.escape(page_href(ids[at + 1], self.session))}">Next: Module '
            f"{at + 2}, {html.escape(course.modules[ids[at + 1]].title)}</a>"
            if at + 1 < len(ids)
            else f'<a href="{html.escape(page_href(HOME, self.session))}">Back to the course '
            "home</a>"
        )
        said = "You finished this module earlier." if already else "Saved: this module is done."
        self.status.value = live(f"<p>✓ {said} {done} of {len(ids)} modules done. {where}</p>")
