"""The Voila application with the course's guards.

- Every handler first checks the Host header against the hosts the server answers to (a DNS
  rebinding page on another site cannot talk to it); Voila itself accepts any host.
- Kernel API calls and websockets are refused unless the kernel belongs to the signed-in learner.
- Pages are built a few at a time (``max_rendering``): twenty learners arriving together on a
  small server queue for a moment instead of all starting kernels at once, which made every page
  slow and could starve one of them for minutes.
- The tab-close beacon stops the learner's own kernel at once. Voila's own handler refuses it
  (`_xsrf argument missing`, voila issue 1458), so closed tabs cost memory until the idle cull;
  the beacon cannot carry the token, but the session cookie is SameSite=Lax, so another site
  cannot send it, and only the owner's kernel can be stopped.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import re
import sys

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web
from traitlets import Integer, List, Unicode
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from course.server.home import HomeHandler, ToHomeHandler
from course.server.kernels import CourseKernelManager

LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1"]


def host_name(host_header: str) -> str:
    """The host part of a Host header, without port or IPv6 brackets, in lower case."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return re.sub(r":\d+$", "", host)


class Guard:
    """Mixed into every handler: the Host check, then the handler's own preparation, then the
    kernel-owner check for URLs that name a kernel."""

    async def prepare(self):
        if host_name(self.request.host) not in self.settings["course_allowed_hosts"]:
            raise web.HTTPError(403, "This server does not answer to that host name.")
        result = super().prepare()
        if inspect.isawaitable(result):
            await result
        kernel_id = self.path_kwargs.get("kernel_id")
        if kernel_id:
            check_owner(self, kernel_id)


def check_owner(handler, kernel_id: str) -> None:
    """Refuse (403) unless the kernel belongs to the signed-in learner."""
    user = handler.current_user
    owner = handler.settings["kernel_manager"].owner(kernel_id)
    if user is None or owner is None or owner != user.username:
        raise web.HTTPError(403, "Not your page.")


class RenderQueue:
    """Mixed into the page handler: build at most ``max_rendering`` pages at the same time."""

    async def get(self, *args, **kwargs):
        async with self.settings["course_render_slots"]:
            return await super().get(*args, **kwargs)


class BeaconShutdownHandler(APIHandler):
    """POST /voila/api/shutdown/<kernel id>, sent as a tab closes: stop the learner's own kernel."""

    def check_xsrf_cookie(self) -> None:
        """A beacon cannot carry the token; SameSite=Lax and the owner check stand in for it."""

    @web.authenticated
    async def post(self, kernel_id: str) -> None:
        check_owner(self, kernel_id)
        await self.kernel_manager.shutdown_kernel(kernel_id)
        self.set_status(204)
        self.finish()


def guarded(rule: tuple) -> tuple:
    """The same URL rule with its handler class wrapped in the Guard."""
    pattern, handler, *rest = rule
    if pattern.endswith("/voila/api/shutdown/(.*)"):
        handler = BeaconShutdownHandler
    mixins = (Guard, RenderQueue) if issubclass(handler, TornadoVoilaHandler) else (Guard,)
    wrapped = type(f"Guarded{handler.__name__}", (*mixins, handler), {})
    return (pattern, wrapped, *rest)


class CompressScripts(web.GZipContentEncoding):
    """gzip for scripts and styles (5.3 MB of them on a first page, 1.4 MB compressed),
    never for pages: a compressed page that holds a secret beside text taken from the URL can
    give the secret away (BREACH)."""

    TYPES = frozenset({"application/javascript", "text/javascript", "text/css"})

    def _compressible_type(self, ctype: str) -> bool:
        return ctype in self.TYPES


class CourseVoila(Voila):
    """Voila with the course's identity provider, kernel manager and guards."""

    name = "course-voila"
    allowed_hosts = List(
        Unicode(),
        default_value=[],
        config=True,
        help="Host names the server answers to besides localhost (e.g. course.example.org).",
    )

    max_rendering = Integer(
        0,
        config=True,
        help="Pages built at the same time; the rest wait their turn (0: twice the CPU count).",
    )

    def init_settings(self) -> dict:
        settings = super().init_settings()
        slots = self.max_rendering or 2 * (os.cpu_count() or 1)
        settings["course_render_slots"] = asyncio.Semaphore(slots)
        settings["course_root"] = self.root_dir
        settings["transforms"] = [CompressScripts]  # tornado.web.Application's own argument
        settings["course_allowed_hosts"] = {
            host_name(h) for h in [*LOCAL_HOSTS, *self.allowed_hosts]
        }
        return settings

    def start(self) -> None:
        from tornado.ioloop import IOLoop

        IOLoop.current().add_callback(lambda: self.kernel_manager.warm_up())
        super().start()

    def init_handlers(self) -> list:
        """Voila's handlers, guarded, with the course home in place of Voila's file list."""
        render = url_path_join(self.server_url, r"/voila/render/home\.ipynb")
        rules = [guarded((render, HomeHandler))]  # module pages link home.ipynb: the same home
        for rule in super().init_handlers():
            if issubclass(rule[1], TornadoVoilaTreeHandler):
                home = rule[0].rstrip("/") in ("", self.server_url.rstrip("/"))
                rule = (rule[0], HomeHandler if home else ToHomeHandler)
            rules.append(guarded(rule))
        return rules


def main(argv: list[str] | None = None) -> None:
    """Run the server (arguments as for `voila`, plus the course's own)."""
    CourseVoila.launch_instance(argv if argv is not None else sys.argv[1:])


__all__ = ["CourseKernelManager", "CourseVoila", "main"]
