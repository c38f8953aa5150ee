"""Planners (a livestream pre-flight plan, a recording decision): the learner picks one option for
each part of a plan; weak and risky picks are flagged with why, and the plan, any templates and a
risk picture are made from the picks. Pure functions: no widgets, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from course.documents import Document
from course.model.exercise import PlanField, Planner, PlanOption, Template
from course.model.lesson import LegalPoint

#: How each rating is told in words and symbols (never by colour alone).
RATING_WORDS = {"good": "Good", "weak": "Weak", "risky": "Risky", None: "Not yet decided"}
RATING_SYMBOLS = {"good": "✔", "weak": "!", "risky": "✘", None: "?"}
#: Okabe-Ito colours for the risk picture: bluish green, orange, vermilion; grey for undecided.
RATING_COLOURS = {"good": "#009E73", "weak": "#E69F00", "risky": "#D55E00", None: "#BBBBBB"}
#: Bar length on the picture's "how much needs fixing" scale.
RATING_LEVEL = {"good": 1, "weak": 2, "risky": 3, None: 0.15}

FOOTER = (
    "This is a practice plan made in a training course whose organisations and people are "
    "invented. Adapt it to your own organisation's policies and procedures, and check it with "
    "your safeguarding lead before you rely on it. It is not legal advice."
)


@dataclass(frozen=True)
class Pick:
    """One part of the plan and what the learner chose for it (None if not yet decided)."""

    field: PlanField
    option: PlanOption | None

    @property
    def rating(self) -> str | None:
        return self.option.rating if self.option else None

    @property
    def flagged(self) -> bool:
        return self.rating in ("weak", "risky")


@dataclass(frozen=True)
class PlanCheck:
    """The result of checking a plan: every part in order, with its pick."""

    planner: Planner
    picks: list[Pick]

    @property
    def flags(self) -> list[Pick]:
        """The weak and risky picks, risky first, then in the plan's order."""
        flagged = [p for p in self.picks if p.flagged]
        return sorted(flagged, key=lambda p: p.rating != "risky")

    @property
    def undecided(self) -> list[PlanField]:
        return [p.field for p in self.picks if p.option is None]

    def count(self, rating: str | None) -> int:
        return sum(1 for p in self.picks if p.rating == rating)


def clean_choices(planner: Planner, raw: object) -> dict[str, str]:
    """The choices in ``raw`` that fit this planner ({field id: option id}); anything else, such
    as unknown ids or wrong types from an old or damaged saved state, is dropped."""
    if not isinstance(raw, dict):
        return {}
    out = {}
    for f in planner.fields:
        value = raw.get(f.id)
        if isinstance(value, str) and value in {o.id for o in f.options}:
            out[f.id] = value
    return out


def check(planner: Planner, choices: object) -> PlanCheck:
    """Check the learner's choices: each part with its chosen option, or None."""
    chosen = clean_choices(planner, choices)
    picks = []
    for f in planner.fields:
        option = next((o for o in f.options if o.id == chosen.get(f.id)), None)
        picks.append(Pick(f, option))
    return PlanCheck(planner, picks)


def summary(result: PlanCheck) -> str:
    """A sentence or two on the plan as a whole."""
    n = len(result.picks)
    good, weak, risky = (result.count(r) for r in ("good", "weak", "risky"))
    open_ = len(result.undecided)
    counts = f"Of the {n} parts of this plan, {good} good, {weak} weak and {risky} risky"
    counts += f"; {open_} not yet decided." if open_ else "."
    if risky:
        advice = (
            "Fix the risky choices first: as they stand, they could put a child or the law at risk."
        )
    elif weak:
        advice = "No choice is risky, but the weak ones need fixing before the plan is used."
    elif open_:
        advice = "Every choice so far is sound; decide the rest to finish the plan."
    else:
        advice = "Every choice is sound. Check it against your organisation's own policy."
    return f"{counts} {advice}"


def legal_for(planner: Planner, points: Iterable[LegalPoint]) -> list[LegalPoint]:
    """The legal points the planner cites, in its order (ValueError naming any unknown id)."""
    known = {p.id: p for p in points}
    missing = [ref for ref in planner.legal if ref not in known]
    if missing:
        raise ValueError(f"planner '{planner.id}' cites unknown legal points {missing}")
    return [known[ref] for ref in planner.legal]


def long_date(day: dt.date) -> str:
    """A date as people write it: 3 December 2026."""
    return f"{day.day} {day:%B %Y}"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def flag_text(pick: Pick, points: dict[str, LegalPoint] | None = None) -> str:
    """What a flag says under the choice: its rating, why, and the law it rests on."""
    if pick.option is None:
        raise ValueError(f"part '{pick.field.id}' has no choice to flag")
    text = f"{RATING_WORDS[pick.rating]} choice. {_one_line(pick.option.feedback)}"
    cited = [points[ref] for ref in pick.field.legal if points and ref in points]
    if cited:
        text += " See: " + "; ".join(
            f"{p.title} (last reviewed {long_date(p.last_reviewed)})" for p in cited
        )
        text += "."
    return text


def plan_document(result: PlanCheck, today: dt.date, legal: Iterable[LegalPoint] = ()) -> Document:
    """The plan to download: every part with the chosen answer and weak or risky ones marked
    "Check:", the undecided parts, the law it rests on with review dates, and the footer."""
    planner = result.planner
    points = {p.id: p for p in legal}
    doc = Document(planner.document_title)
    doc.p(f"Date: {long_date(today)}")
    doc.p(summary(result))
    doc.h("Your plan")
    for pick in result.picks:
        answer = _one_line(pick.option.text) if pick.option else "not yet decided"
        doc.li(f"**{pick.field.label}** {answer} ({RATING_WORDS[pick.rating]})")
        if pick.flagged:
            doc.flag(flag_text(pick, points))
    if result.undecided:
        doc.h("Not yet decided")
        for f in result.undecided:
            doc.li(f"{f.label} Not yet decided: choose before the plan is used.")
    if points:
        doc.h("The law this plan rests on")
        for p in points.values():
            doc.li(f"{p.title} (last reviewed {long_date(p.last_reviewed)})")
            for s in p.sources:
                doc.li(f"Source: {s.publisher}, {s.title}: {s.url}")
    doc.h("About this plan")
    doc.p(FOOTER)
    return doc


_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")


def _row(line: str) -> list[str]:
    cells = line.strip().removeprefix("|").removesuffix("|").split("|")
    return [c.strip() for c in cells]


def template_document(template: Template) -> Document:
    """A template as a document: its Markdown headings, paragraphs, lists and tables, then the
    footer. Blank table rows stay blank, for filling in."""
    doc = Document(template.title)
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            doc.p(" ".join(para))
            para.clear()
        if table:
            width = len(table[0])
            rows = [(r + [""] * width)[:width] for r in table]
            # A blank row gets room to write in: two lines high in the PDF, empty in Markdown.
            doc.table([r if any(r) else ["\n"] * width for r in rows])
            table.clear()

    for line in template.body.splitlines():
        text = line.strip()
        if text.startswith("|"):
            if para:
                flush()
            if not _TABLE_RULE.match(text):
                table.append(_row(text))
            continue
        flush()
        if text.startswith("#"):
            doc.h(text.lstrip("#").strip())
        elif text.startswith(("- ", "* ")):
            doc.li(text[2:].strip())
        elif text:
            para.append(text)
    flush()
    doc.h("About this template")
    doc.p(FOOTER.replace("practice plan", "practice template"))
    return doc


# --- the risk picture ---------------------------------------------------------------------------


def risk_rows(result: PlanCheck) -> list[tuple[str, str | None]]:
    """One row per part of the plan: its label and the chosen option's rating (None: undecided)."""
    return [(p.field.label, p.rating) for p in result.picks]


def risk_text(result: PlanCheck) -> str:
    """The risk picture in words: its text alternative, every row's rating."""
    rows = "; ".join(
        f"{label.rstrip('?')}: {RATING_WORDS[rating].lower()}"
        for label, rating in risk_rows(result)
    )
    title = result.planner.chart_title or "Risk picture"
    return f"{title}, one row per part of the plan. {rows}."


def risk_png(result: PlanCheck) -> bytes:
    """The risk picture: a horizontal bar per part of the plan, longer the more it needs fixing,
    coloured by rating (Okabe-Ito) and labelled with the rating's symbol and word."""
    import io
    import textwrap

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    rows = risk_rows(result)
    n = len(rows)
    fig = Figure(figsize=(8, 0.55 * n + 1.4), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    hatches = {"good": "", "weak": "//", "risky": "xx", None: ".."}
    for i, (_label, rating) in enumerate(rows):
        y = n - 1 - i
        ax.barh(
            y,
            RATING_LEVEL[rating],
            color=RATING_COLOURS[rating],
            edgecolor="#1A1A1A",
            hatch=hatches[rating],
            height=0.62,
        )
        ax.text(
            RATING_LEVEL[rating] + 0.06,
            y,
            f"{RATING_SYMBOLS[rating]} {RATING_WORDS[rating]}",
            va="center",
            fontsize=11,
            fontweight="bold",
            color="#1A1A1A",
        )
    ax.set_yticks(range(n))
    ax.set_yticklabels(
        [textwrap.fill(label, 34) for label, _ in reversed(rows)], fontsize=10, color="#1A1A1A"
    )
    ax.set_xlim(0, 4.6)
    ax.set_xticks([1, 2, 3])
    ax.set_xticklabels(["✔ good", "! weak", "✘ risky"], fontsize=10)
    ax.set_xlabel("How much each part needs fixing", fontsize=10)
    ax.set_ylim(-0.6, n - 0.4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.suptitle(result.planner.chart_title or "Risk picture", fontsize=13, fontweight="bold")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
