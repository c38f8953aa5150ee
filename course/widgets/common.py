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

__all__ = ["AnswerControl", "failure", "guard_tracebacks", "md", "note", "plain", "tagged"]

#: Colours pass WCAG AA on white and are told apart by text and symbol, never by colour alone.
GOOD, BAD, INFO = "#0b5394", "#8a3b00", "#333333"


def note(text: str, colour: str = INFO, symbol: str = "") -> str:
    """A short message as HTML; the symbol and words carry the meaning, the colour repeats it."""
    prefix = f"{symbol} " if symbol else ""
    return f'<p style="color:{colour};font-weight:600">{prefix}{html.escape(text)}</p>'


def tagged(widget: w.Widget, *names: str) -> w.Widget:
    """Add CSS classes named after content ids, so a page's parts can be found by id."""
    for name in names:
        widget.add_class(f"course-{name}")
    return widget


class AnswerControl:
    """The input for one question: radio buttons, or one checkbox per option (select all)."""

    def __init__(self, question: Question):
        self.question = question
        wide = w.Layout(width="auto")
        if question.kind == "multiple":
            self.boxes = [
                w.Checkbox(description=plain(o.text), indent=False, value=False, layout=wide)
                for o in question.options
            ]
            self.widget: w.Widget = w.VBox(self.boxes)
        else:
            self.radio = w.RadioButtons(
                options=[(plain(o.text), o.id) for o in question.options],
                index=None,
                layout=wide,
            )
            self.widget = self.radio
        tagged(self.widget, f"{question.id}-answer", "wrap")

    @property
    def value(self) -> Response:
        """The current answer: an option id, a list of ids, or None."""
        if self.question.kind == "multiple":
            pairs = zip(self.question.options, self.boxes, strict=True)
            ids = [o.id for o, box in pairs if box.value]
            return ids or None
        return self.radio.value

    def set(self, response: Response) -> None:
        """Show a saved answer; option ids the question no longer has are ignored."""
        known = set(self.question.option_ids)
        if self.question.kind == "multiple":
            picked = set(response or []) if not isinstance(response, str) else {response}
            for o, box in zip(self.question.options, self.boxes, strict=True):
                box.value = o.id in picked
        elif isinstance(response, str) and response in known:
            self.radio.value = response

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever the learner changes the answer."""
        controls = self.boxes if self.question.kind == "multiple" else [self.radio]
        for c in controls:
            c.observe(lambda _change: callback(), names="value")

    def disable(self, disabled: bool = True) -> None:
        """Lock or unlock the answer."""
        for c in self.boxes if self.question.kind == "multiple" else [self.radio]:
            c.disabled = disabled


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
