"""The course home at the server's address: a plain page built from the store, with no kernel, so
it opens at once. A visitor who is not signed in is sent to the sign-in page first."""

from __future__ import annotations

import html
from pathlib import Path

from jupyter_server.base.handlers import JupyterHandler
from tornado import web

from course.home import HOME_CSS, final_status, home_body, module_statuses, server_href
from course.loader import shipped_course
from course.organisation import current_organisation
from course.signpost import header_html
from course.store import open_store


def home_page(learner_id: str, name: str, base_url: str, root: Path) -> str:
    """The whole home page for one learner."""
    from course.server.identity import page

    store = open_store()
    course = shipped_course()
    org, problems = current_organisation(root)
    statuses = module_statuses(
        course, store.get(learner_id, "progress"), store.get(learner_id, "practice")
    )
    final = final_status(statuses, store.get(learner_id, "progress"))
    who = (
        f'<p class="course-who">Signed in as <strong>{html.escape(name)}</strong>. '
        f'Not you? <a href="{html.escape(base_url)}logout">Sign out</a>.</p>'
    )
    body = who + home_body(course, statuses, final, server_href(base_url), org.name)
    body += header_html(org, course.signposting, problems)
    return page(f"{course.title}: your course", body, css=HOME_CSS, heading=False)


class HomeHandler(JupyterHandler):
    """GET /: the signed-in learner's course home."""

    @web.authenticated
    def get(self) -> None:
        user = self.current_user
        self.set_header("Cache-Control", "no-store")
        root = Path(self.settings["course_root"])
        self.finish(home_page(user.username, user.name or user.username, self.base_url, root))


class ToHomeHandler(JupyterHandler):
    """Voila's file list is not part of the course: its addresses lead home."""

    @web.authenticated
    def get(self, *args, **kwargs) -> None:
        self.redirect(self.base_url)
