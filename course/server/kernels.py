"""Kernels with limits: each belongs to one learner and one page; a reload replaces the page's
kernel instead of adding one; a learner holds a few at most and the server a fixed number.

Voila itself has no limit (voila issue 617): every page view starts a kernel and a closed tab's
kernel lives until the idle cull.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

from course.learner import LEARNER_ENV

BUSY = "The course server is busy. Please wait a minute and reload the page."


class CourseKernelManager(AsyncMappingKernelManager):
    """A mapping kernel manager that knows whose each kernel is."""

    max_kernels = Integer(100, config=True, help="Kernels the server runs at most, in all.")
    max_kernels_per_learner = Integer(
        3, config=True, help="Kernels one learner holds at most; their oldest is stopped first."
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.owners: dict[str, tuple[str, str]] = {}  # kernel id -> (learner id, page path)

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs) -> str:
        """Start a kernel for the learner named in its environment, making room first.

        Raises:
            tornado.web.HTTPError: 403 with no learner, 503 when the server is full.
        """
        env = kwargs.get("env") or {}
        learner, page = env.get(LEARNER_ENV, ""), env.get("SCRIPT_NAME", "")
        if not learner:
            raise web.HTTPError(403, "No signed-in learner: no kernel is started.")
        await self._make_room(learner, page)
        if len(self.list_kernel_ids()) >= self.max_kernels:
            raise web.HTTPError(503, reason=BUSY)
        kernel_id = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        self.owners[kernel_id] = (learner, page)
        return kernel_id

    async def _make_room(self, learner: str, page: str) -> None:
        mine = [k for k, (who, _) in list(self.owners.items()) if who == learner]
        for kernel_id in mine:
            if self.owners[kernel_id][1] == page:  # a reload: its old kernel is no longer shown
                await self._stop(kernel_id)
        mine = [k for k in mine if k in self.owners]
        while len(mine) >= self.max_kernels_per_learner:
            await self._stop(mine.pop(0))

    async def _stop(self, kernel_id: str) -> None:
        if kernel_id in self:
            await self.shutdown_kernel(kernel_id)
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
