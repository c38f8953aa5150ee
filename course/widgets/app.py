"""The course app: one page, and one kernel, for a learner's whole visit to the modules.

A Voila page costs about two seconds before it is usable, most of it Voila's own scripts and
the kernel's start; moving between module pages paid that every time. In the app, the page
loads once and "Next module" only asks the same kernel to show another module, which takes
a few tenths of a second (see tests/bench_page_load.py).

The app shows each module from its own built notebook (``<module>.ipynb`` beside this page), so
the module pages that JupyterLab and Binder open stay the one source of the app's content
(read by course.widgets.plan, which runs nothing but calls of ``course.widgets`` functions).

The browser side (``app.js``) turns links to other modules into requests to the kernel, keeps the
address, the tab's title and the Back button in step, and moves the focus to the new module's
heading. The kernel checks every module id the browser sends against the course.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import html
import os
from pathlib import Path
from urllib.parse import parse_qs

import anywidget
import ipywidgets as w
import traitlets as t
from ipywidgets.widgets import widget as widget_registry

from course.loader import shipped_course
from course.widgets.common import failure
from course.widgets.plan import module_plan

HERE = Path(__file__).parent
#: Seconds after the browser has shown a module that the next one is built (the previous one
#: twice as long after), once the page has settled.
AHEAD_AFTER_SECONDS = 0.5


def _part(part: tuple) -> w.Widget:
    from course import widgets

    if part[0] == "html":
        return w.HTML(f'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown">{part[1]}</div>')
    made = getattr(widgets, part[1])(*part[2])
    return made if isinstance(made, w.Widget) else w.HTML(getattr(made, "data", ""))


class Router(anywidget.AnyWidget):
    """The app's link with the browser: which modules there are, which is shown, the browser's
    requests to show another (``{"go": module id}``) and its word that a module is on screen
    (``{"shown": module id}``)."""

    _esm = (HERE / "app.js").read_text(encoding="utf-8")
    _css = (
        ".course-app-status:not(:empty) { margin: 0.5rem 0; padding: 0.5rem 0.75rem;"
        " background: #fff4ce; color: #1a1a1a; border-left: 4px solid #8a6100; }"
    )
    modules = t.List(t.Dict(), help="[{'id', 'title'}] in course order.").tag(sync=True)
    current = t.Unicode("", help="The module shown.").tag(sync=True)
    course_title = t.Unicode("").tag(sync=True)

    def set_state(self, sync_data: dict) -> None:
        """The browser changes nothing here: it asks, with a message."""


class CourseApp(w.VBox):
    """The modules, one at a time, in one kernel.

    The app keeps the widgets of four modules at most: the one shown; the one the learner has
    just left, so that going back shows it as it was left; and the next and previous ones,
    built while the learner reads, so that "Next module" and "Previous module" only have to
    show them. They are built only once the browser says the module shown is on its screen
    (and half a second and a second after that): built sooner, while a page loads, they made
    the browser fetch three modules' widgets instead of one, and on a slow computer Voila then
    gave up on the page ("Error displaying widget: model not found"). Every
    widget belongs to the module that was shown when it was made, or to the one built ahead,
    and is freed with it. A module built ahead counts as opened only when it is shown: its page
    header, which records the visit, is built then.
    """

    def __init__(self, folder: Path, first: str | None = None):
        course = shipped_course()
        self.folder, self.ids = folder, list(course.modules)
        self.router = Router(
            modules=[{"id": m.id, "title": m.title} for m in course.modules.values()],
            course_title=course.title,
        )
        self.content = w.VBox()
        self.content.add_class("course-app-module")
        super().__init__([self.router, self.content])
        self.add_class("course-app")
        self._frame = set(widget_registry._instances)
        self._owned: dict[str, set[str]] = {}  # module id -> the model ids of its widgets
        #: module id -> ("shown", its widgets) or ("ahead", its parts, page header unbuilt)
        self._kept: dict[str, tuple[str, list]] = {}
        self.router.on_msg(self._on_message)
        self.show(first if first in self.ids else self.ids[0])

    def _on_message(self, _widget, content, _buffers) -> None:
        if not isinstance(content, dict):
            return  # anything but {"go": id} or {"shown": id} of a module: ignored
        wanted, shown = content.get("go"), content.get("shown")
        if isinstance(wanted, str) and wanted in self.ids:
            self.show(wanted)
        elif isinstance(shown, str) and shown == self.router.current:
            self.build_neighbours_soon()

    def show(self, module_id: str) -> None:
        """Show one module (a known id) in place of the one shown; free the widgets of every
        module but this one, the one just left and the two either side of it, in the kernel
        and in the page. (The two either side are built once the browser has shown it.)"""
        left = self.router.current
        if left:
            self._claim(left)
        near = self._neighbours(module_id)
        for other in list(self._owned):
            if other not in (module_id, left, *near):
                self._free(other)
        kept = self._kept.get(module_id)
        if kept and kept[0] == "shown":
            children = kept[1]
        else:
            children = self._shown(module_id, kept[1] if kept else None)
        self._kept[module_id] = ("shown", children)
        self.content.children = children
        self.router.current = module_id

    def build_neighbours_soon(self) -> None:
        """Build the next module, then the previous one, unless they are built already."""
        near = self._neighbours(self.router.current)
        for n, other in enumerate(m for m in near if m not in self._kept):  # the next one first
            self._later(other, AHEAD_AFTER_SECONDS * (n + 1))

    def _neighbours(self, module_id: str) -> list[str]:
        """The next module and the previous one, where there are such."""
        at = self.ids.index(module_id)
        return [self.ids[i] for i in (at + 1, at - 1) if 0 <= i < len(self.ids)]

    def _claim(self, module_id: str) -> None:
        """Widgets made since the last claim, while ``module_id`` was shown, are its."""
        owned = set().union(self._frame, *self._owned.values())
        fresh = {key for key in widget_registry._instances if key not in owned}
        self._owned.setdefault(module_id, set()).update(fresh)

    def _free(self, module_id: str) -> None:
        self._kept.pop(module_id, None)
        for key in self._owned.pop(module_id, set()):
            widget = widget_registry._instances.get(key)
            if widget is not None:
                widget.close()

    def _later(self, module_id: str, seconds: float) -> None:
        try:
            asyncio.get_running_loop().call_later(seconds, self.build_ahead, module_id)
        except RuntimeError:  # no event loop (not in a kernel): nothing is built ahead
            pass

    def build_ahead(self, module_id: str) -> None:
        """Build a module's widgets now, to show them later (unless the learner has gone
        elsewhere meanwhile: then it is no longer next to the module shown)."""
        if module_id in self._kept or self.content.comm is None:
            return  # built already, or the app has been closed
        if module_id not in self._neighbours(self.router.current):
            return
        release_memory()
        self._claim(self.router.current)
        before = set(widget_registry._instances)
        try:
            parts = self._parts(module_id, ahead=True)
        except Exception:  # shown later, the module reports what is wrong
            return
        self._owned[module_id] = set(widget_registry._instances) - before
        self._kept[module_id] = ("ahead", parts)

    def _parts(self, module_id: str, ahead: bool = False) -> list:
        """The module's widgets; built ahead, its page header stays a part, built when shown."""
        return [
            p if ahead and p[0] == "call" and p[1] == "page_header" else _part(p)
            for p in module_plan(self.folder, module_id)
        ]

    def _shown(self, module_id: str, parts: list | None) -> list[w.Widget]:
        marker = f'<div class="course-app-shown" data-course-module="{html.escape(module_id)}">'
        try:
            parts = [
                p if isinstance(p, w.Widget) else _part(p)
                for p in (parts if parts is not None else self._parts(module_id))
            ]
        except Exception as err:  # a learner sees a message, not a traceback
            return [w.HTML(marker + "</div>"), failure("This module", err)]
        if parts and isinstance(parts[0], w.HTML):  # the title cell carries the marker
            parts[0].value = marker + parts[0].value + "</div>"
        else:
            parts.insert(0, w.HTML(marker + "</div>"))
        return parts


def release_memory() -> None:
    """Free the widgets of modules no longer shown now, not at some later collection (anywidget
    makes a class per widget, so each one is in a reference cycle), and give the freed memory
    back to the system where the C library can (glibc)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by this kernel instead
        pass


def requested_module() -> str | None:
    """The module asked for in the page's address (``?module=ID``), if any."""
    wanted = parse_qs(os.environ.get("QUERY_STRING", "")).get("module", [""])[0]
    return wanted or None


def course_app(folder: Path | None = None) -> w.Widget:
    """The app, opening at the module in the address, else the first module not yet done."""
    try:
        from course.home import record_of
        from course.learner import current_session

        wanted = requested_module()
        if wanted is None:
            progress = current_session().get("progress")
            wanted = next(
                (m for m in shipped_course().modules if not record_of(progress, m).get("done")),
                None,
            )
        return CourseApp(folder or Path.cwd(), wanted)
    except Exception as err:
        return failure("The course", err)
