"""An accessible choice question: a fieldset with a legend, native radios or checkboxes, and a
live region for feedback.

Stock ipywidgets' RadioButtons give each option its own Tab stop, no shared group name, no
legend and no announced feedback; and a question built from them costs the page a dozen widget
models. ``ChoiceGroup`` is one model (plus its layout): the question text, the options and the
feedback travel as its state. The front end lives in ``choice.js`` and ``choice.css`` beside this
file, sent to the browser through the widget model (no network needed at run time).
"""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import anywidget
import traitlets as t

HERE = Path(__file__).parent


class ChoiceGroup(anywidget.AnyWidget):
    """One question's options, chosen by click, touch or keyboard.

    ``value`` holds the chosen option ids, in the order of ``options``; it is empty until the
    learner chooses (nothing is chosen in advance). ``feedback`` is HTML shown in a
    ``role="status"`` region that screen readers read out when it changes.
    """

    _esm = (HERE / "choice.js").read_text(encoding="utf-8")
    _css = (HERE / "choice.css").read_text(encoding="utf-8")

    legend = t.Unicode("", help="The question, as safe HTML (the group's accessible name).").tag(
        sync=True
    )
    options = t.List(t.Dict(), help="The options, each {'id': ..., 'label': plain text}.").tag(
        sync=True
    )
    multiple = t.Bool(False, help="Checkboxes (choose any) instead of radios (choose one).").tag(
        sync=True
    )
    value = t.List(t.Unicode(), help="The chosen option ids.").tag(sync=True)
    feedback = t.Unicode("", help="HTML for the live region under the options.").tag(sync=True)
    feedback_class = t.Unicode("", help="CSS classes for the live region (to find it).").tag(
        sync=True
    )
    disabled = t.Bool(False, help="Whether the options are locked.").tag(sync=True)
    _ref = t.Unicode("", help="This model's id, so its front end can find the model itself.").tag(
        sync=True
    )

    def __init__(self, **kwargs):
        # The id is chosen here, not by the comm, so that it is already in the state the page
        # receives when the model opens (choice.js needs it before any message can arrive).
        ref = uuid4().hex
        super().__init__(model_id=ref, _ref=ref, **kwargs)

    @t.validate("options")
    def _check_options(self, proposal: dict) -> list[dict]:
        ids = [o.get("id") for o in proposal["value"]]
        if not all(isinstance(i, str) and i for i in ids) or len(set(ids)) != len(ids):
            raise t.TraitError(f"ChoiceGroup options need distinct string ids, got {ids!r}")
        return proposal["value"]

    @t.validate("value")
    def _check_value(self, proposal: dict) -> list[str]:
        # The browser may send anything: keep known ids only, in the options' order, and at
        # most one for radios.
        picked = set(proposal["value"])
        ids = [o["id"] for o in self.options if o["id"] in picked]
        return ids if self.multiple else ids[:1]

    @t.observe("options", "multiple")
    def _drop_stale(self, _change: dict) -> None:
        self.value = list(self.value)  # re-validated against the new options

    def set_state(self, sync_data: dict) -> None:
        """Take only ``value`` from the page: the question, options and feedback are the
        kernel's, and a page that sends others (edited by hand) must not change them."""
        super().set_state({k: v for k, v in sync_data.items() if k == "value"})

    def choose(self, *ids: str) -> None:
        """Choose exactly these options, as a learner would (changes ``value``)."""
        self.value = list(ids)

    def announce(self, html: str) -> None:
        """Show ``html`` in the live region, read out even when it repeats the last feedback."""
        if html == self.feedback:
            self.feedback = ""  # a live region speaks on change: clear, then refill
        self.feedback = html
