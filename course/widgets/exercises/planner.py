"""The planner widget: one set of radio buttons per part of the plan, a "Check my plan" button,
then the flags with why, the risk picture with its text alternative, and the downloads. The rules
are in course.exercises.planner; this only shows them."""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Callable

import ipywidgets as w

from course.exercises.planner import (
    RATING_SYMBOLS,
    RATING_WORDS,
    Pick,
    PlanCheck,
    check,
    clean_choices,
    legal_for,
    long_date,
    plan_document,
    risk_png,
    risk_text,
    summary,
    template_document,
)
from course.model.exercise import Planner
from course.model.lesson import LegalPoint
from course.widgets.common import BAD, GOOD, INFO, md, note, plain, tagged
from course.widgets.download import links_html

CHANGED = "Your plan has changed since you checked it. Press Check my plan to see it again."
NOTHING_CHOSEN = "Choose an answer for at least one part of the plan, then press Check my plan."


def module_legal_points(planner: Planner) -> list[LegalPoint]:
    """The legal points of the module that holds this planner (none if it cannot be found)."""
    from course.loader import shipped_course

    for module in shipped_course().modules.values():
        if any(e.id == planner.id for e in module.exercises):
            return list(module.legal_points)
    return []


class PlannerWidget(w.VBox):
    """Make a plan part by part; check it for weak choices; download it."""

    def __init__(
        self,
        exercise: Planner,
        saved: dict | None,
        save: Callable[[dict], str | None],
        today: Callable[[], dt.date] = dt.date.today,
    ):
        self.planner, self._save, self._today = exercise, save, today
        self._restoring = False
        self.radios: dict[str, w.RadioButtons] = {}
        parts: list[w.Widget] = []
        for number, f in enumerate(exercise.fields, start=1):
            hint = md(f.help) if f.help else ""
            parts.append(w.HTML(f"<h3>{number}. {html.escape(plain(f.label))}</h3>{hint}"))
            radio = w.RadioButtons(
                options=[(plain(o.text), o.id) for o in f.options],
                index=None,
                layout=w.Layout(width="auto"),
            )
            tagged(radio, f"{exercise.id}-{f.id}", "wrap")
            radio.observe(self._on_change, names="value")
            self.radios[f.id] = radio
            parts.append(radio)
        self.check_button = w.Button(
            description="Check my plan",
            tooltip="Check your plan and see what needs fixing",
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.check_button.on_click(self._on_check)
        self.result = w.HTML()
        super().__init__([*parts, self.check_button, self.result])
        tagged(self, f"{exercise.id}-exercise")
        tagged(self.check_button, f"{exercise.id}-check")
        tagged(self.result, f"{exercise.id}-feedback")
        self._restore(saved)

    # --- state --------------------------------------------------------------------------------

    @property
    def choices(self) -> dict[str, str]:
        """The learner's current choices, {field id: option id}."""
        return {fid: r.value for fid, r in self.radios.items() if r.value is not None}

    def _restore(self, saved: object) -> None:
        """Show a saved plan, ignoring whatever does not fit; nothing is written back."""
        if not isinstance(saved, dict):
            return
        self._restoring = True
        try:
            for fid, oid in clean_choices(self.planner, saved.get("choices")).items():
                self.radios[fid].value = oid
        finally:
            self._restoring = False

    def _store(self) -> str:
        """Save the choices; a sentence for the learner (as HTML) if they could not be saved."""
        problem = self._save({"choices": self.choices})
        return note(problem, BAD, "⚠") if problem else ""

    def _on_change(self, _change=None) -> None:
        if self._restoring:
            return
        problem = self._store()
        if self.result.value:
            self.result.value = problem + note(CHANGED, INFO, "ℹ")
        elif problem:
            self.result.value = problem

    def _on_check(self, _button=None) -> None:
        problem = self._store()
        result = check(self.planner, self.choices)
        if len(result.undecided) == len(result.picks):
            self.result.value = problem + note(NOTHING_CHOSEN, INFO, "ℹ")
            return
        self.result.value = problem + self.feedback_html(result)

    # --- what the learner sees after checking -------------------------------------------------

    def _legal(self) -> list[LegalPoint]:
        try:
            return legal_for(self.planner, module_legal_points(self.planner))
        except Exception:  # the plan still downloads; it just cites no law
            return []

    def feedback_html(self, result: PlanCheck) -> str:
        """Summary, flags, sound choices, the risk picture and the downloads."""
        legal = self._legal()
        parts = [
            '<div role="status">',
            f"<h3>Your plan, checked</h3><p>{html.escape(summary(result))}</p>",
        ]
        parts.append(self._flags_html(result, {p.id: p for p in legal}))
        parts.append(self._picture_html(result))
        parts.append(self._downloads_html(result, legal))
        parts.append("</div>")
        return "".join(parts)

    def _pick_html(self, pick: Pick, points: dict[str, LegalPoint]) -> str:
        symbol, word = RATING_SYMBOLS[pick.rating], RATING_WORDS[pick.rating]
        colour = GOOD if pick.rating == "good" else BAD
        cited = [points[ref] for ref in pick.field.legal if ref in points]
        law = "".join(
            f'<p class="course-small">Legal note: {html.escape(p.title)} (last reviewed '
            f"{long_date(p.last_reviewed)}), in this module's legal notes.</p>"
            for p in cited
            if pick.flagged
        )
        return (
            f'<li><p><strong style="color:{colour}">{symbol} {word}:</strong> '
            f"<strong>{html.escape(plain(pick.field.label))}</strong> You chose: "
            f"“{html.escape(plain(pick.option.text))}”</p>{md(pick.option.feedback)}{law}</li>"
        )

    def _flags_html(self, result: PlanCheck, points: dict[str, LegalPoint]) -> str:
        out = []
        if result.flags:
            out.append("<h4>Check: what needs fixing</h4><ul>")
            out += [self._pick_html(p, points) for p in result.flags]
            out.append("</ul>")
        else:
            out.append(note("No weak or risky choices.", GOOD, "✔"))
        if result.undecided:
            names = ", ".join(html.escape(plain(f.label)) for f in result.undecided)
            out.append(f"<p><strong>? Not yet decided:</strong> {names}</p>")
        good = [p for p in result.picks if p.rating == "good"]
        if good:
            out.append(
                f"<details><summary>Sound choices ({len(good)}), and why</summary><ul>"
                + "".join(self._pick_html(p, points) for p in good)
                + "</ul></details>"
            )
        return "".join(out)

    def _picture_html(self, result: PlanCheck) -> str:
        if not self.planner.chart_title:
            return ""
        text = risk_text(result)
        try:
            png = base64.b64encode(risk_png(result)).decode("ascii")
        except Exception:
            return note("The risk picture could not be drawn. " + text, INFO, "ℹ")
        return (
            f'<h4>{html.escape(self.planner.chart_title)}</h4><img class="course-risk-picture" '
            f'style="max-width:100%;height:auto" alt="{html.escape(text)}" '
            f'src="data:image/png;base64,{png}">'
            f"<details><summary>The risk picture in words</summary><p>{html.escape(text)}</p>"
            "</details>"
        )

    def _downloads_html(self, result: PlanCheck, legal: list[LegalPoint]) -> str:
        try:
            doc = plan_document(result, self._today(), legal)
            out = [
                "<h4>Download</h4>",
                links_html(doc, self.planner.id, "your plan"),
            ]
            for t in self.planner.templates:
                what = f"the blank {t.title[0].lower()}{t.title[1:]}"
                out.append(links_html(template_document(t), f"{self.planner.id}-{t.id}", what))
            # Widget HTML gets none of the page's link styles: make the links look like links.
            return "".join(out).replace(
                "<a ", f'<a style="color:{GOOD};text-decoration:underline" '
            )
        except Exception as err:
            return note(f"The downloads could not be made: {err}. Please tell your trainer.", BAD)
