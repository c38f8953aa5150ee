"""Kernels with limits: each belongs to one learner and one page; a reload replaces the page's
kernel instead of adding one; a learner holds a few at most and the server a fixed number.

Voila itself has no limit (voila issue 617): every page view starts a kernel and a closed tab's
kernel lives until the idle cull.

**Warm kernels.** Starting a kernel and importing the course cost most of a page's wait. The
manager keeps ``warm_kernels`` kernels started ahead, with the course imported and its content
loaded, and belonging to nobody (no browser may connect to them). A page takes one: the manager
itself first gives it the request's environment (the learner, the page), then hands it over;
a new one is started in the background. Unlike Voila's own preheating, no page is run in advance,
so nothing of one visitor's request can reach another's page, and Voila's request-info websocket
(open to anyone who knows a kernel id) is not used.
"""

from __future__ import annotations

import asyncio
import json
import os

from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)
from tornado import web
from traitlets import Integer, default

from course.learner import LEARNER_ENV

BUSY = "The course server is busy. Please wait a minute and reload the page."
#: Run in a warm kernel when it starts: everything a page needs that is the same for everyone.
#: It must not read who the learner is (course.learner caches that per kernel).
WARM_UP = (
    "import ipywidgets, course.widgets, course.widgets.exercises, course.widgets.app\n"
    "import course.widgets.plan\n"
    "from course.loader import shipped_course\n"
    "shipped_course()\n"
    "course.widgets.plan.prepare()\n"
    "course.widgets.app.release_memory()"
)


class PageKernelManager(ServerKernelManager):
    """One page's kernel: IPython's, started without its debugger (see course.kernel)."""

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        cmd = super().format_kernel_cmd(extra_arguments)
        return ["course.kernel" if part == "ipykernel_launcher" else part for part in cmd]


class CourseKernelManager(AsyncMappingKernelManager):
    """A mapping kernel manager that knows whose each kernel is."""

    @default("kernel_manager_class")
    def _page_kernels(self) -> str:
        return f"{__name__}.PageKernelManager"

    max_kernels = Integer(100, config=True, help="Kernels the server runs at most, in all.")
    max_kernels_per_learner = Integer(
        3, config=True, help="Kernels one learner holds at most; their oldest is stopped first."
    )

    warm_kernels = Integer(
        0, config=True, help="Kernels kept started ahead, ready for the next page (0: none)."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.owners: dict[str, tuple[str, str]] = {}  # kernel id -> (learner id, page path)
        self.warm: dict[str, list[str]] = {}  # working folder -> ready kernel ids
        self._warming: set[str] = set()

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs) -> str:
        """Start a kernel for the learner named in its environment, making room first.

        Raises:
            tornado.web.HTTPError: 403 with no learner, 503 when the server is full.
        """
        env = kwargs.get("env") or {}
        # A page is its address with its query: the course app at ?module=a and at ?module=b
        # are two tabs, and a reload (the same address) replaces its tab's kernel.
        learner = env.get(LEARNER_ENV, "")
        page = f'{env.get("SCRIPT_NAME", "")}?{env.get("QUERY_STRING", "")}'

        if not learner:
            raise web.HTTPError(403, "No signed-in learner: no kernel is started.")
        await self._make_room(learner, page)
        if len(self.list_kernel_ids()) - self._spare() >= self.max_kernels:
            raise web.HTTPError(503, reason=BUSY)
        warm = await self._take_warm(path, env)
        if warm is None:
            warm = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        self.owners[warm] = (learner, page)
        self._refill(path, kwargs)
        return warm

    # --- warm kernels ---------------------------------------------------------------------------

    def _spare(self) -> int:
        return sum(len(ids) for ids in self.warm.values())

    async def _take_warm(self, path, env: dict) -> str | None:
        """A warm kernel for ``path`` given the request's environment, or None if none is ready."""
        ready = self.warm.get(str(path), [])
        while ready:
            kernel_id = ready.pop(0)
            if kernel_id not in self:
                continue
            changed = {k: v for k, v in env.items() if os.environ.get(k) != v}
            code = f"import json, os\nos.environ.update(json.loads({json.dumps(changed)!r}))"
            try:
                await self._run(kernel_id, code)
                self.log.info("A warm kernel, %s, serves a page.", kernel_id)
                return kernel_id
            except Exception as err:  # a kernel that cannot take the request is not used
                self.log.warning("Warm kernel %s not used: %s", kernel_id, err)
                await self._stop(kernel_id)
        return None

    def warm_up(self) -> None:
        """Start the warm kernels for pages at the top of the served folder (at server start)."""
        self._refill("", {"kernel_name": "python3"})

    def _refill(self, path, kwargs: dict) -> None:
        """Start warm kernels for ``path`` in the background until there are ``warm_kernels``."""
        key = str(path)
        if self.warm_kernels and key not in self._warming:
            self._warming.add(key)
            asyncio.ensure_future(self._fill(key, path, kwargs))

    async def _fill(self, key: str, path, kwargs: dict) -> None:
        try:
            await asyncio.sleep(1)  # let the page that just took a kernel render first
            ready = self.warm.setdefault(key, [])
            while len(ready) < self.warm_kernels:
                if len(self.list_kernel_ids()) >= self.max_kernels:
                    return
                extra = {k: v for k, v in kwargs.items() if k not in ("env", "path", "kernel_id")}
                kernel_id = await super().start_kernel(path=path, env=dict(os.environ), **extra)
                await self._run(kernel_id, WARM_UP)
                ready.append(kernel_id)
                self.log.info("A warm kernel is ready: %s", kernel_id)
        except Exception as err:
            self.log.warning("Could not start a warm kernel: %s", err)
        finally:
            self._warming.discard(key)

    async def _run(self, kernel_id: str, code: str, timeout: float = 60) -> None:
        """Run code in a kernel from the server (never from a browser), silently."""
        client = self.get_kernel(kernel_id).client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=timeout)
            reply = await client.execute_interactive(
                code, silent=True, timeout=timeout, output_hook=lambda msg: None
            )
            if reply["content"]["status"] != "ok":
                raise RuntimeError(reply["content"].get("evalue", "error"))
        finally:
            client.stop_channels()

    async def cull_kernel_if_idle(self, kernel_id):
        """Warm kernels wait for pages: they are never idle in the culler's sense."""
        if any(kernel_id in ids for ids in self.warm.values()):
            return
        await super().cull_kernel_if_idle(kernel_id)

    async def _make_room(self, learner: str, page: str) -> None:
        mine = [k for k, (who, _) in list(self.owners.items()) if who == learner]
        for kernel_id in mine:
            # A kernel may stop while this waits (its page closed): it is then not in owners.
            if self.owners.get(kernel_id, (None, None))[1] == page:  # a reload: its old kernel
                await self._stop(kernel_id)  # is no longer shown
        mine = [k for k in mine if k in self.owners]
        while len(mine) >= self.max_kernels_per_learner:
            await self._stop(mine.pop(0))

    async def _stop(self, kernel_id: str) -> None:
        if kernel_id in self:
            try:
                await self.shutdown_kernel(kernel_id)
            except (KeyError, web.HTTPError) as err:  # its closed page stopped it meanwhile
                self.log.info("Kernel %s had already stopped: %r", kernel_id, err)
        self.owners.pop(kernel_id, None)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False):
        """Stop a kernel and forget whose it was."""
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        if not restart:
            self.owners.pop(kernel_id, None)

    def owner(self, kernel_id: str) -> str | None:
        """The learner a kernel belongs to, if it is one of ours."""
        entry = self.owners.get(kernel_id)
        return entry[0] if entry else None
