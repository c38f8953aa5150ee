"""The planner exercise: the pure rules (flags, summary, documents, risk picture), the two
planners in the content, and the widget without a browser."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re

import pytest
from pydantic import ValidationError
from pypdf import PdfReader

from course.documents import to_markdown, to_pdf
from course.exercises import planner as rules
from course.model.exercise import Planner
from course.widgets.exercises.planner import CHANGED, NOTHING_CHOSEN, PlannerWidget

TODAY = dt.date(2026, 12, 3)
PLANNERS = [("livestreaming", "live_preflight"), ("recording", "rec_decision")]


@pytest.fixture(params=PLANNERS, ids=[p for _, p in PLANNERS])
def located(request, course):
    module = course.module(request.param[0])
    return module, module.exercise(request.param[1])


@pytest.fixture
def live(course) -> Planner:
    return course.module("livestreaming").exercise("live_preflight")


@pytest.fixture
def rec(course):
    module = course.module("recording")
    return module, module.exercise("rec_decision")


def pick(planner: Planner, rating: str) -> dict[str, str]:
    """For every field, the first option with this rating (or the first one if none has it)."""
    out = {}
    for f in planner.fields:
        o = next((o for o in f.options if o.rating == rating), f.options[0])
        out[f.id] = o.id
    return out


def option(planner: Planner, field_id: str, rating: str):
    f = next(f for f in planner.fields if f.id == field_id)
    return next(o for o in f.options if o.rating == rating)


class Recorder:
    def __init__(self, answer: str | None = None):
        self.states: list[dict] = []
        self.answer = answer

    def __call__(self, state: dict) -> str | None:
        self.states.append(state)
        return self.answer


# --- content ------------------------------------------------------------------------------------


def test_planners_are_in_their_modules(located):
    """Is each planner there, citing guidance its module covers, with a good option in every
    field and only legal points its module defines?"""
    module, planner = located
    assert planner.kind == "planner"
    assert set(planner.guidance) <= set(module.covers) and 1 <= len(planner.guidance) <= 3
    assert all(any(o.rating == "good" for o in f.options) for f in planner.fields)
    assert rules.legal_for(planner, module.legal_points)
    assert all(any(o.rating != "good" for o in f.options) for f in planner.fields)


def test_the_right_answer_is_not_given_away_by_length(located):
    """Is the good option the longest in at most a third of the fields, and never far longer
    than the others?"""
    _, planner = located
    longest = 0
    for f in planner.fields:
        good = max(len(o.text) for o in f.options if o.rating == "good")
        others = max(len(o.text) for o in f.options if o.rating != "good")
        longest += good > others
        assert good <= others * 1.25, f.id
    assert longest <= len(planner.fields) / 3


def test_the_livestream_planner_asks_what_the_issue_asks(live):
    """Does it cover platform, audience, chat, recording, donations, access, adults and the
    background, and draw a risk picture?"""
    assert [f.id for f in live.fields] == [
        "platform", "audience", "chat", "saving", "donations", "access", "adults", "background",
    ]  # fmt: skip
    assert live.chart_title


def test_the_recording_planner_follows_the_law(rec):
    """Does the recording planner ask the ten questions, offer a consent log with blank rows, and
    say there are seven lawful bases (never six), consent not being the default?"""
    _, planner = rec
    assert [f.id for f in planner.fields] == [
        "purpose", "alternatives", "basis", "agreement", "storage", "retention", "disposal",
        "access", "responsible", "withdrawal",
    ]  # fmt: skip
    text = planner.model_dump_json()
    assert "six lawful" not in text.lower() and "seven lawful bases" in text
    consent = option(planner, "basis", "weak")
    assert consent.text.startswith("Consent") and "not the default" in consent.feedback
    assert [t.id for t in planner.templates] == ["consent_log"]
    body = planner.templates[0].body
    assert body.count("| | | | | | |") >= 5


def test_a_field_may_only_cite_the_planners_legal_points(live):
    """Is a field citing a legal point the planner does not list rejected?"""
    data = live.model_dump()
    data["fields"][0]["legal"] = ["nowhere"]
    with pytest.raises(ValidationError, match="nowhere"):
        Planner(**data)


def test_unknown_legal_points_are_named(live):
    """Does looking up the law for a planner name the id that is missing?"""
    with pytest.raises(ValueError, match="live_law_osa"):
        rules.legal_for(live, [])


# --- rules --------------------------------------------------------------------------------------


def test_weak_and_risky_choices_are_flagged_risky_first(live):
    """Are weak and risky picks flagged (risky first), good ones not, unanswered ones listed?"""
    choices = pick(live, "good")
    choices["chat"] = option(live, "chat", "weak").id
    choices["audience"] = option(live, "audience", "risky").id
    del choices["background"]
    result = rules.check(live, choices)
    assert [(p.field.id, p.rating) for p in result.flags] == [
        ("audience", "risky"),
        ("chat", "weak"),
    ]
    assert [f.id for f in result.undecided] == ["background"]
    text = rules.summary(result)
    assert "5 good, 1 weak and 1 risky; 1 not yet decided" in text and "risky" in text


def test_malformed_choices_are_ignored(live):
    """Are unknown fields, unknown options and wrong types dropped, never an error?"""
    good = pick(live, "good")
    raw = {"platform": good["platform"], "audience": "nope", "chat": 3, "zzz": "a"}
    assert rules.clean_choices(live, raw) == {"platform": good["platform"]}
    for bad in (None, [], "x", 5):
        assert rules.clean_choices(live, bad) == {}
    assert len(rules.check(live, "junk").undecided) == len(live.fields)


def test_an_all_good_plan_says_so(live):
    result = rules.check(live, pick(live, "good"))
    assert result.flags == [] and "Every choice is sound" in rules.summary(result)


def test_the_plan_document_holds_every_answer_flag_date_law_and_footer(rec):
    """Does the plan list every part with its answer, mark weak ones "Check:" with why and the
    law's review date, list the undecided parts, carry the date and the practice footer; and
    does the PDF hold the same?"""
    module, planner = rec
    choices = pick(planner, "good")
    weak = option(planner, "basis", "weak")
    choices["basis"] = weak.id
    del choices["access"]
    result = rules.check(planner, choices)
    doc = rules.plan_document(result, TODAY, rules.legal_for(planner, module.legal_points))
    text = to_markdown(doc)
    assert "Date: 3 December 2026" in text
    for f in planner.fields:
        assert f.label in text
    assert weak.text in text
    assert re.search(r"\*\*Check:\*\* Weak choice\. Consent is one of seven lawful bases", text)
    assert "last reviewed 22 November 2026" in text
    assert "## Not yet decided" in text and "not yet decided" in text
    assert "practice plan" in text and "invented" in text
    assert text.count("**Check:**") == 1
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(doc))).pages)
    squashed = " ".join(pdf.split())
    assert "Check: Weak choice." in squashed and "3 December 2026" in squashed
    assert "22 November 2026" in squashed


def test_the_template_keeps_its_table_with_blank_rows(rec):
    """Does the consent log download as a table with blank rows, in Markdown and PDF?"""
    _, planner = rec
    doc = rules.template_document(planner.templates[0])
    tables = [v for k, v in doc.blocks if k == "table"]
    assert len(tables) == 1
    header, *rows = tables[0]
    assert header[0] == "Date agreed" and len(rows) >= 5
    assert all(not "".join(r).strip() for r in rows)
    md = to_markdown(doc)
    assert "| Date agreed |" in md and "|  |  |  |" in md
    pdf = PdfReader(io.BytesIO(to_pdf(doc))).pages[0].extract_text()
    assert "Date agreed" in pdf and "Withdrawn" in pdf


def test_the_risk_picture_is_a_png_with_every_row_in_words(live):
    """Is the picture a PNG, and does its text alternative give every row's rating?"""
    choices = pick(live, "good")
    choices["adults"] = option(live, "adults", "risky").id
    del choices["donations"]
    result = rules.check(live, choices)
    png = rules.risk_png(result)
    assert png.startswith(b"\x89PNG")
    text = rules.risk_text(result)
    assert "Which adults will be there, and doing what: risky" in text
    assert "How will the costume fund collection work: not yet decided" in text
    assert text.count(": good") == len(live.fields) - 2


# --- widget -------------------------------------------------------------------------------------


def choose(widget: PlannerWidget, choices: dict[str, str]) -> None:
    for fid, oid in choices.items():
        widget.radios[fid].value = oid


def test_widget_starts_blank_and_reveals_nothing_before_checking(live):
    """Is nothing pre-chosen, and does nothing on the page say which option is good?"""
    widget = PlannerWidget(live, None, Recorder())
    assert all(r.value is None and r.index is None for r in widget.radios.values())
    assert widget.result.value == ""
    assert "course-live_preflight-exercise" in widget._dom_classes
    page = " ".join(
        str(getattr(c, "value", "")) + str(getattr(c, "tooltip", "")) + " ".join(c._dom_classes)
        for c in widget.children
    )
    labels = " ".join(" ".join(r._options_labels) for r in widget.radios.values())
    for word in ("good", "weak", "risky"):
        assert word not in page.lower() and word not in labels.lower()


def test_widget_saves_checks_flags_and_downloads(live):
    """Does choosing save, Check show the flags with why, the picture with its words, and
    download links whose Markdown holds the answers and the flags?"""
    saved = Recorder()
    widget = PlannerWidget(live, None, saved, today=lambda: TODAY)
    choices = pick(live, "good")
    choices["audience"] = option(live, "audience", "weak").id
    choose(widget, choices)
    assert saved.states[-1] == {"choices": choices}
    widget.check_button.click()
    out = widget.result.value
    assert "Check: what needs fixing" in out and "! Weak:" in out
    assert option(live, "audience", "weak").feedback.split(".")[0] in out
    img = re.search(r'<img[^>]*alt="([^"]+)"[^>]*src="data:image/png;base64,([^"]+)"', out)
    assert img
    assert "Who will be able to watch: weak" in img[1]
    assert base64.b64decode(img[2]).startswith(b"\x89PNG")
    assert "The risk picture in words" in out
    md_link = re.search(r'class="course-download course-download-md" download="([^"]+)" '
                        r'href="data:text/markdown;charset=utf-8;base64,([^"]+)"', out)  # fmt: skip
    assert md_link and md_link[1] == "live_preflight.md"
    text = base64.b64decode(md_link[2]).decode()
    assert option(live, "audience", "weak").text in text and "**Check:**" in text
    assert "Online Safety Act 2023" in text and "last reviewed" in text
    assert 'download="live_preflight.pdf"' in out


def test_changing_after_checking_says_check_again(live):
    widget = PlannerWidget(live, None, Recorder())
    choose(widget, pick(live, "good"))
    widget.check_button.click()
    widget.radios["chat"].value = option(live, "chat", "risky").id
    assert CHANGED in widget.result.value and "Download" not in widget.result.value


def test_checking_nothing_asks_for_a_choice(live):
    widget = PlannerWidget(live, None, Recorder())
    widget.check_button.click()
    assert NOTHING_CHOSEN in widget.result.value


def test_widget_restores_without_writing_and_tolerates_junk(live):
    """Does a saved plan come back on load without a save, with junk ignored?"""
    choices = pick(live, "weak")
    saved = Recorder()
    junk = {"choices": {**choices, "chat": "no-such", "made_up": "x", "adults": 7}}
    widget = PlannerWidget(live, junk, saved)
    expected = {k: v for k, v in choices.items() if k not in ("chat", "adults")}
    assert widget.choices == expected and saved.states == []
    for bad in ("x", {"choices": "x"}, {"choices": None}, {}):
        assert PlannerWidget(live, bad, saved).choices == {}


def test_the_template_downloads_from_the_widget(rec):
    """Does the recording planner offer the consent log as its own Markdown and PDF files?"""
    _, planner = rec
    widget = PlannerWidget(planner, None, Recorder(), today=lambda: TODAY)
    choose(widget, pick(planner, "risky"))
    widget.check_button.click()
    out = widget.result.value
    assert 'download="rec_decision-consent_log.md"' in out
    assert 'download="rec_decision-consent_log.pdf"' in out
    assert "✘ Risky:" in out and "Legal note:" in out and "<img" not in out


def test_a_save_problem_is_shown(live):
    widget = PlannerWidget(live, None, Recorder("Your answers could not be saved."))
    widget.radios["chat"].value = option(live, "chat", "good").id
    assert "could not be saved" in widget.result.value
