"""The record of concern: the pure checks (quote, date, time, facts, whom told, no secrecy), the
summary the graded version reuses, the exercise in the content, the downloadable record, and the
widget without a browser."""

from __future__ import annotations

import dataclasses
import io

import pytest
from pypdf import PdfReader

from course.documents import to_markdown, to_pdf
from course.exercises import concern as rules
from course.exercises.concern import CheckResult, run_checks, summary
from course.model.exercise import ConcernRecord, TextCheck
from course.text import md
from course.widgets.exercises.concern import CHANGED, NOTHING_WRITTEN, ConcernWidget

GOOD = (
    "On Tuesday 3 March 2026 at 7.52pm, after the online art session ended, Niamh (12) sent a "
    'private chat message to the club account. She wrote: "can i tell u something but u cant '
    'tell anyone", then "theres this guy on pixel harbour who keeps messaging me" and "he wants '
    'me to meet him at the shopping centre on saturday and not tell my mum".\n\n'
    "I thanked her, told her it was not her fault, and explained that I could not keep it secret "
    "but would only tell Grace. She said she was safe at home with her mum downstairs. She "
    "logged off at 8.05pm. At 8.10pm I phoned Grace Mensah, the safeguarding lead, and told her "
    "what Niamh wrote."
)

#: Each fault, made from the good record, and the one check it must fail.
FAULTS = {
    "quote": GOOD.replace('"', ""),
    "date": GOOD.replace("Tuesday 3 March 2026", "Tuesday"),
    "time": GOOD.replace("at 7.52pm", "just before eight")
    .replace("at 8.05pm", "soon after")
    .replace("At 8.10pm", "Then"),
    "facts": GOOD + " I think she was exaggerating to get attention.",
    "told": GOOD.replace(
        "At 8.10pm I phoned Grace Mensah, the safeguarding lead, and told her what Niamh wrote.",
        "I wrote this down at 8.10pm.",
    ),
    "secrecy": GOOD.replace(
        "explained that I could not keep it secret but would only tell Grace",
        "promised her I wouldn't tell anyone",
    ),
}


@pytest.fixture
def ex(course) -> ConcernRecord:
    return course.module("responding").exercise("resp_concern_record")


def check(text: str, ex: ConcernRecord) -> dict[str, bool]:
    return {r.check_id: r.passed for r in run_checks(text, list(ex.checks), list(ex.child_words))}


def one(kind: str, *patterns: str) -> TextCheck:
    return TextCheck(id="c", label="L", kind=kind, patterns=list(patterns), met="ok", unmet="no")


class Recorder:
    def __init__(self, answer: str | None = None):
        self.states: list[dict] = []
        self.answer = answer

    def __call__(self, state: dict) -> str | None:
        self.states.append(state)
        return self.answer


# --- content ------------------------------------------------------------------------------------


def test_the_exercise_is_in_the_responding_module(course, ex):
    """Is it there, citing guidance the module covers, with the six checks the issue asks for and
    the invented child named in the fiction notice?"""
    module = course.module("responding")
    assert ex.kind == "concern_record"
    assert set(ex.guidance) <= set(module.covers) and 1 <= len(ex.guidance) <= 3
    assert [c.id for c in ex.checks] == ["quote", "date", "time", "facts", "told", "secrecy"]
    assert "Niamh" in module.fiction_notice and "Bex" in module.fiction_notice
    assert all(said in " ".join(ex.disclosure.split()) for said in ex.child_words)


def test_a_good_record_passes_every_check(ex):
    """Does a good factual record pass every check, and is it long enough?"""
    assert all(check(GOOD, ex).values()), check(GOOD, ex)
    assert rules.too_short(GOOD, ex.min_words) is None


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_fails_exactly_its_check(ex, fault):
    """Does a record with one fault fail that check and pass all the others?"""
    results = check(FAULTS[fault], ex)
    assert [cid for cid, ok in results.items() if not ok] == [fault]


@pytest.mark.parametrize(
    "when",
    ["14 March 2026", "14/03/2026", "Tuesday 3 March", "14th of March", "2026-03-14", "March 14"],
)
def test_uk_dates_count(ex, when):
    """Are the common UK ways of writing a date accepted?"""
    assert check(GOOD.replace("Tuesday 3 March 2026", when), ex)["date"]


@pytest.mark.parametrize("when", ["4.15pm", "4:15 pm", "16:15", "16.15", "4pm", "4 p.m."])
def test_uk_times_count(ex, when):
    """Are the common UK ways of writing a time accepted (and a date not taken for one)?"""
    text = FAULTS["time"].replace("just before eight", f"at {when}")
    assert check(text, ex)["time"]
    assert not check(FAULTS["time"].replace("Tuesday", "14.03.2026"), ex)["time"]
    assert not check(FAULTS["time"] + " I wrote 15 amazing lines.", ex)["time"]


@pytest.mark.parametrize(
    "opinion",
    ["She seemed upset.", "Obviously he is a groomer.", "Bex says she loves a bit of drama.",
     "She might be attention seeking.", "She could be a liar."],
)  # fmt: skip
def test_opinions_fail_the_facts_check(ex, opinion):
    """Does each kind of opinion fail the facts check, naming what was found?"""
    results = run_checks(GOOD + " " + opinion, list(ex.checks), list(ex.child_words))
    facts = next(r for r in results if r.check_id == "facts")
    assert not facts.passed and "Found:" in facts.message


@pytest.mark.parametrize(
    "promise",
    ["I promised her I wouldn't tell.", "I said I'd keep it a secret.",
     "I told her I won't tell anyone.", "I agreed I would keep it between us.",
     "I promised her I wouldn’t tell anyone."],
)  # fmt: skip
def test_promises_of_secrecy_fail(ex, promise):
    """Does each way of promising secrecy (curly apostrophe too) fail the secrecy check?"""
    assert not check(GOOD + " " + promise, ex)["secrecy"]


@pytest.mark.parametrize(
    "honest",
    ["I told her I could not keep it secret.", "I explained I couldn't promise to keep it a "
     "secret.", "I said I would have to tell Grace."],
)  # fmt: skip
def test_saying_you_cannot_keep_it_secret_passes(ex, honest):
    """Is an honest "I can't keep this secret" not taken for a promise?"""
    assert check(GOOD + " " + honest, ex)["secrecy"]


def test_curly_and_single_quotes_work(ex):
    """Do curly double, curly single and straight single quotes all count, apostrophes inside
    included, whatever the case and punctuation?"""
    words = "he wants me to meet him at the shopping centre"
    for opened, closed in [("“", "”"), ("‘", "’"), ("'", "'")]:
        text = FAULTS["quote"] + f" She typed {opened}He wants me, to meet him!{closed} then."
        assert check(text, ex)["quote"], opened
    assert check(FAULTS["quote"] + " She typed “theres this guy on Pixel Harbour”.", ex)["quote"]
    assert check(FAULTS["quote"] + " She wrote ‘he says he’s 15 but’ first.", ex)["quote"]
    # Three words in a row are not enough, nor are the words unquoted.
    assert not check(FAULTS["quote"] + " She wrote “he wants me” then.", ex)["quote"]
    assert not check(FAULTS["quote"] + " " + words, ex)["quote"]
    assert not check(FAULTS["quote"] + " She didn't say 'his voice was deep' at all.", ex)["quote"]


def test_apostrophes_are_not_quotes():
    """Is text between two apostrophes ("don't ... can't") not taken for a quotation?"""
    assert rules.quoted_spans("I don't think she can't go") == []
    assert rules.quoted_spans("She wrote 'he's 15' and “ok”") == ["ok", "he's 15"]


def test_the_childs_quoted_words_are_not_the_writers_opinions_or_promises():
    """Is a child's quoted "I think" or "don't tell anyone" left out of the absent checks, while
    the writer's own quoted reply is not?"""
    child = ["i think hes lying please dont tell anyone"]
    opinion, promise = one("absent", r"\bI think\b"), one("absent", r"\bI won't tell\b")
    text = 'She wrote "i think hes lying please dont tell anyone".'
    assert run_checks(text, [opinion], child)[0].passed
    assert not run_checks('I replied "I won\'t tell".', [promise], child)[0].passed


def test_too_short_is_said_and_the_checks_still_run(ex):
    """Is a short record told so, in words, while its checks still run?"""
    short = 'On 3 March 2026 at 7.52pm Niamh wrote "he wants me to meet him".'
    message = rules.too_short(short, ex.min_words)
    assert message and "15 words" in message and str(ex.min_words) in message
    assert check(short, ex)["quote"] and check(short, ex)["date"]


def test_check_result_and_summary_keep_their_shape(ex):
    """Is CheckResult the frozen (check_id, label, passed, message) the graded version reuses,
    and is the summary one plain line a check?"""
    assert [f.name for f in dataclasses.fields(CheckResult)] == [
        "check_id", "label", "passed", "message",
    ]  # fmt: skip
    result = CheckResult("a", "b", True, "c")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False  # type: ignore[misc]
    lines = summary(run_checks(FAULTS["facts"], list(ex.checks), list(ex.child_words))).split("\n")
    assert lines[0] == "✔ The child's own words are quoted"
    assert lines[3].startswith("✘ Facts, not opinions: Take out guesses")
    assert lines[3].endswith("(Found: “I think”.)")
    assert len(lines) == len(ex.checks) and "<" not in "".join(lines) and "**" not in "".join(lines)


def test_what_was_found_is_escaped():
    """Is HTML or Markdown the learner wrote escaped in the message, not passed on?"""
    result = run_checks("x <b onclick=alert(1)>hi", [one("absent", r"<b[^>]*>")], [])[0]
    shown = md(result.message)
    assert "Found:" in shown and "<b" not in shown and "&lt;b onclick=alert(1)&gt;" in shown
    assert summary([result]) == "✘ L: no (Found: “<b onclick=alert(1)>”.)"


def test_the_record_downloads_with_its_checks(ex):
    """Does the downloaded record hold the learner's text, every check and the fictional-practice
    note, in Markdown and in PDF?"""
    results = run_checks(FAULTS["told"], list(ex.checks), list(ex.child_words))
    doc = rules.record_document(ex, FAULTS["told"], results)
    assert doc.title == "Record of concern (practice)"
    markdown = to_markdown(doc)
    assert "I wrote this down at 8.10pm." in markdown
    assert "- ✘ You say whom you told, and when" in markdown
    assert "fictional practice" in markdown and "organisation's own system" in markdown
    pdf = " ".join(
        "".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(doc))).pages).split()
    )
    assert "I wrote this down at 8.10pm." in pdf and "You say whom you told" in pdf


def test_clean_text_tolerates_damage():
    """Is a saved state that holds no text read as an empty record?"""
    for saved in [None, [], {"text": 5}, {"other": "x"}, "text"]:
        assert rules.clean_text(saved) == ""
    assert rules.clean_text({"text": "ok", "extra": 1}) == "ok"


# --- widget -------------------------------------------------------------------------------------


def test_widget_checks_and_saves(ex):
    """Does the widget show nothing before checking, then a line a check with symbol and words,
    save the text on change and on check, and offer both downloads?"""
    save = Recorder()
    widget = ConcernWidget(ex, None, save)
    assert f"course-{ex.id}-exercise" in widget._dom_classes
    assert widget.result.value == "" and save.states == []
    assert widget.text.rows == 10 and widget.text.continuous_update is False
    assert widget.text.description  # a visible label
    widget.check_button.click()
    assert NOTHING_WRITTEN in widget.result.value
    widget.text.value = FAULTS["secrecy"]
    assert save.states[-1] == {"text": FAULTS["secrecy"]}
    widget.check_button.click()
    shown = widget.result.value
    assert save.states[-1] == {"text": FAULTS["secrecy"]}
    assert "5 of 6 checks met" in shown
    assert shown.count("✔ Met:") == 5 and shown.count("✘ Not yet:") == 1
    assert "No promise of secrecy" in shown and "course-download-md" in shown
    assert "course-download-pdf" in shown
    widget.text.value = GOOD
    assert CHANGED in widget.result.value


def test_widget_reveals_nothing_before_checking(ex):
    """Does nothing of the feedback reach the page before the learner checks?"""
    widget = ConcernWidget(ex, None, Recorder())
    page = widget.disclosure.value + widget.text.placeholder + widget.check_button.tooltip
    for c in ex.checks:
        assert c.met[:40] not in page and c.unmet[:40] not in page


def test_widget_escapes_the_learners_text(ex):
    """Is HTML the learner types never put into the page unescaped?"""
    evil = GOOD + ' <script>alert(1)</script> <img src=x onerror="alert(2)"> I think so.'
    custom = ex.model_copy(update={"checks": [*ex.checks, one("absent", r"<img[^>]*>")]})
    widget = ConcernWidget(custom, {"text": evil}, Recorder())
    widget.check_button.click()
    shown = widget.result.value
    assert "<script" not in shown and "<img" not in shown and "Found:" in shown


def test_widget_restores_without_writing(ex):
    """Is a saved record shown again on load without being saved again, and is a damaged one
    ignored?"""
    save = Recorder()
    widget = ConcernWidget(ex, {"text": GOOD}, save)
    assert widget.text.value == GOOD and save.states == [] and widget.result.value == ""
    assert ConcernWidget(ex, {"text": ["x"]}, save).text.value == ""
    assert save.states == []


def test_widget_says_when_it_could_not_save(ex):
    """Does a failed save show the store's sentence, with the feedback still shown?"""
    widget = ConcernWidget(ex, None, Recorder("Your work could not be saved just now."))
    widget.text.value = GOOD
    assert "could not be saved" in widget.result.value
    widget.check_button.click()
    assert (
        "could not be saved" in widget.result.value and "6 of 6 checks met" in widget.result.value
    )
