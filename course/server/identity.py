"""Signing learners in: a one-time personal link becomes a session cookie; the verified learner id
goes to the kernel in a header the server itself sets.

- `/login?t=TOKEN` shows a button; pressing it (a POST, so that link checkers in mail systems
  cannot use the link up) redeems the link once and sets an HTTP-only, Secure, SameSite=Lax
  cookie holding a random session token. The store keeps only a hash of either token, so the link
  carries no key and a trainer can revoke it (`learners link`, `learners remove`).
- Behind an organisation's login proxy (`trusted_header`), the proxy's header names the learner.
- A request with no learner gets the sign-in page (pages) or 403 (API, websockets): no kernel.
"""

from __future__ import annotations

import html
import re

from jupyter_server.auth import IdentityProvider, User
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from traitlets import Unicode

from course.learner import LEARNER_HEADER, hub_id
from course.store import Learner, open_store

COOKIE = "course_session"
#: After signing in: the course home.
START_PAGE = ""
PAGE_PATH = re.compile(r"^voila/render/[A-Za-z0-9_-]+\.ipynb$")
SESSION_DAYS = 30


class LearnerIdentityProvider(IdentityProvider):
    """Learners signed in by personal link (or named by a trusted proxy header)."""

    trusted_header = Unicode(
        "",
        config=True,
        help="Header set by the organisation's login proxy naming the learner; empty: use links.",
    )

    @property
    def auth_enabled(self) -> bool:
        return True

    @property
    def login_available(self) -> bool:
        return not self.trusted_header

    @property
    def logout_available(self) -> bool:
        return not self.trusted_header

    def get_user(self, handler) -> User | None:
        """The signed-in learner; also sets the learner header for the kernel, overwriting any
        copy the browser sent."""
        learner = self.learner(handler)
        handler.request.headers[LEARNER_HEADER] = learner.id if learner else ""
        if learner is None:
            return None
        return User(username=learner.id, name=learner.name, display_name=learner.name)

    def learner(self, handler) -> Learner | None:
        """Who sent this request, if anyone known."""
        store = open_store()
        if self.trusted_header:
            named = handler.request.headers.get(self.trusted_header, "").strip()
            return store.ensure_learner(hub_id(named)) if named else None
        token = handler.get_cookie(COOKIE)
        return store.session_learner(token) if token else None

    def get_handlers(self) -> list[tuple[str, object]]:
        return [(r"/login", SignInHandler), (r"/logout", SignOutHandler)]

    def validate_security(self, app, ssl_options=None) -> None:
        """Nothing to warn about: every request is checked against the store."""


def page(title: str, body: str, css: str = "", heading: bool = True) -> str:
    """A small, accessible page of the course's own (home, sign-in, signed out), with its
    ``title`` as the first heading unless the body has its own."""
    from course.widgets.style import CSS

    h1 = f"<h1>{html.escape(title)}</h1>" if heading else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; font-size: 1.0625rem; line-height: 1.6;
  color: #1a1a1a; background: #fff; margin: 0; }}
main {{ max-width: 40rem; margin: 0 auto; padding: 2rem 1.25rem; }}
button {{ font: inherit; font-weight: 600; color: #fff; background: #0b5394; border: 0;
  border-radius: 6px; padding: 0.6rem 1.2rem; cursor: pointer; }}
button:focus-visible, a:focus-visible {{ outline: 3px solid #0b5394; outline-offset: 2px; }}
a {{ color: #0b5394; }}
{CSS}
{css}
</style></head>
<body><main>{h1}{body}</main></body></html>"""


NO_LINK = """<p>This course keeps each learner's work apart, so it needs to know who you are.
Open the <strong>personal sign-in link</strong> your trainer sent you.</p>
<p>Lost it, or it no longer works? Ask your trainer for a new one: a link works once, and a new
link replaces the old.</p>"""
BAD_LINK = """<p>This sign-in link has already been used, has expired, or was withdrawn.</p>
<p>Ask your trainer for a new link. If you signed in with it before on this device, go to
<a href="{start}">the course</a>.</p>"""


class SignInHandler(JupyterHandler):
    """GET: a page with a Sign in button (or how to get a link); POST: redeem the link."""

    @allow_unauthenticated
    def get(self) -> None:
        token = self.get_argument("t", "")
        if self.current_user and not token:
            self.redirect(self.base_url + START_PAGE)
            return
        if not token:
            self.finish(page("Sign in to the course", NO_LINK))
            return
        requested = html.escape(self.get_argument("next", ""))
        form = (
            f'<form method="post" action="{html.escape(self.base_url)}login">'
            f"{self.xsrf_form_html()}"
            f'<input type="hidden" name="t" value="{html.escape(token)}">'
            f'<input type="hidden" name="next" value="{requested}">'
            "<p>This is your personal link to the course. It signs you in on this device "
            "and then stops working, so keep using this browser.</p>"
            '<button type="submit">Sign in and start</button></form>'
        )
        self.finish(page("Sign in to the course", form))

    @allow_unauthenticated
    def post(self) -> None:
        store = open_store()
        learner = store.redeem_link(self.get_argument("t", ""))
        if learner is None:
            self.set_status(400)
            start = html.escape(self.base_url + START_PAGE)
            self.finish(page("Sign-in link not valid", BAD_LINK.format(start=start)))
            return
        self.set_cookie(
            COOKIE,
            store.new_session(learner.id),
            path=self.base_url,
            httponly=True,
            secure=True,
            samesite="Lax",
            expires_days=SESSION_DAYS,
        )
        requested = self.get_argument("next", "").removeprefix(self.base_url)
        self.redirect(self.base_url + landing(requested))


def landing(requested: str) -> str:
    """Where to go after signing in: the requested course page, or the home; never elsewhere."""
    return requested if PAGE_PATH.match(requested) else START_PAGE


class SignOutHandler(JupyterHandler):
    """End this browser's session."""

    @allow_unauthenticated
    def get(self) -> None:
        token = self.get_cookie(COOKIE)
        if token:
            open_store().end_session(token)
        self.clear_cookie(COOKIE, path=self.base_url)
        self.finish(
            page(
                "You have signed out",
                "<p>Your work is saved. To come back, open your personal link again or ask "
                "your trainer for a new one.</p>",
            )
        )
