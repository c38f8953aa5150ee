"""Small pieces every widget family shares: Markdown to safe HTML, answer controls, messages."""

from __future__ import annotations

import html
import sys
import traceback
from collections.abc import Callable

import ipywidgets as w

from course.model import Question
from course.scoring import Response
from course.text import md, plain
from course.widgets.choice import ChoiceGroup

__all__ = ["AnswerControl", "failure", "guard_tracebacks", "md", "note", "plain", "tagged"]

#: Colours pass WCAG AA on white and are told apart by text and symbol, never by colour alone.
GOOD, BAD, INFO = "#0b5394", "#8a3b00", "#333333"


def note(text: str, colour: str = INFO, symbol: str = "") -> str:
    """A short message as HTML; the symbol and words carry the meaning, the colour repeats it."""
    prefix = f"{symbol} " if symbol else ""
    return f'<p style="color:{colour};font-weight:600">{prefix}{html.escape(text)}</p>'


def live(inner_html: str) -> str:
    """HTML in a polite live region: screen readers read it out when it changes."""
    return f'<div role="status" aria-live="polite">{inner_html}</div>'


def tagged(widget: w.Widget, *names: str) -> w.Widget:
    """Add CSS classes named after content ids, so a page's parts can be found by id."""
    for name in names:
        widget.add_class(f"course-{name}")
    return widget


class AnswerControl:
    """The input for one choice question: a ChoiceGroup of radios, or of checkboxes (select all).

    The question's prompt is the group's legend; ``legend`` (HTML) replaces it, e.g. to put
    the question's number and marks in front.
    """

    def __init__(self, question: Question, legend: str | None = None):
        self.question = question
        self.widget = ChoiceGroup(
            legend=md(question.prompt) if legend is None else legend,
            options=[{"id": o.id, "label": plain(o.text)} for o in question.options],
            multiple=question.kind == "multiple",
        )
        tagged(self.widget, f"{question.id}-answer")

    @property
    def value(self) -> Response:
        """The current answer: an option id, a list of ids, or None."""
        ids = list(self.widget.value)
        if self.question.kind == "multiple":
            return ids or None
        return ids[0] if ids else None

    def set(self, response: Response) -> None:
        """Show a saved answer; option ids the question no longer has are ignored."""
        known = set(self.question.option_ids)
        if self.question.kind == "multiple":
            picked = set(response or []) if not isinstance(response, str) else {response}
            self.widget.value = [i for i in self.question.option_ids if i in picked]
        elif isinstance(response, str) and response in known:
            self.widget.value = [response]

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever the learner changes the answer."""
        self.widget.observe(lambda _change: callback(), names="value")

    def disable(self, disabled: bool = True) -> None:
        """Lock or unlock the answer."""
        self.widget.disabled = disabled


def failure(what: str, err: Exception) -> w.HTML:
    """What a learner sees instead of a traceback when part of a page cannot load."""
    return w.HTML(
        note(f"{what} could not be loaded: {err}. Please tell your trainer.", BAD, "⚠"),
    )


SOMETHING_WENT_WRONG = (
    "Something went wrong on this page. Please reload it; if it happens again, tell your trainer."
)


def guard_tracebacks() -> None:
    """Send this kernel's tracebacks to the server's log, never to the page.

    An error in a cell, or in a button's callback (ipywidgets calls ``showtraceback`` for those),
    would otherwise travel over the websocket to the learner's browser. The learner gets one
    sentence instead; the server log keeps the details for whoever runs it.
    """
    from IPython import get_ipython
    from IPython.display import HTML, display

    shell = get_ipython()
    if shell is None or getattr(shell, "_course_guarded", False):
        return

    def quiet(*_args, **_kwargs) -> None:
        traceback.print_exc(file=sys.__stderr__)
        display(HTML(note(SOMETHING_WENT_WRONG, BAD, "⚠")))

    def custom(_shell, etype, value, tb, tb_offset=None) -> None:
        traceback.print_exception(etype, value, tb, file=sys.__stderr__)
        display(HTML(note(SOMETHING_WENT_WRONG, BAD, "⚠")))

    shell.showtraceback = quiet
    shell.set_custom_exc((Exception,), custom)
    shell._course_guarded = True
