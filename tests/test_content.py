"""Is the content in the course's own words and accurate for 2026? Copied runs of the source
guidance, outdated law and stale facts are caught here, across every content file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from course.loader import default_content_dir
from course.pack import load_pack
from course.text import strings
from tests import source_overlap

PACK = Path(__file__).resolve().parent.parent / "autograder" / "pack"
CONTENT_FILES = sorted(default_content_dir().glob("*.yaml")) + sorted(PACK.rglob("*.yaml"))


def module_texts(course) -> list[tuple[str, str]]:
    """(module id, text) for every text field of every module, except the texts of wrong options:
    a distractor may state an outdated belief on purpose, and its feedback corrects it."""
    texts = []
    for m in course.modules.values():
        data = m.model_dump(mode="json")
        for q in (*data["knowledge_check"], *(data["quiz"] or {"questions": []})["questions"]):
            if "options" in q:
                q["options"] = [o if o["correct"] else {**o, "text": ""} for o in q["options"]]
        texts += [(m.id, t) for _, t in strings(data)]
    for slot in load_pack(PACK).assessment("final_assessment").slots:
        for item in slot.items:
            data = item.model_dump(mode="json")
            if "options" in data:
                opts = data["options"]
                data["options"] = [o if o["correct"] else {**o, "text": ""} for o in opts]
            texts += [(slot.id, t) for _, t in strings(data)]
    return texts


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+|\n+", text)


#: A sentence that names an old fact in order to correct it ("A leaflet that talks about six
#: lawful bases is out of date") is teaching, not repeating it.
CORRECTING = re.compile(
    r"out of date|outdated|older|no longer|\bnot\b|n't\b|replaced|used to|whatever|wrong|myth",
    re.IGNORECASE,
)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.name)
def test_no_run_of_eight_words_is_copied_from_the_guidance(path):
    """Does no content file share a run of 8 words with the NSPCC guidance it restates?"""
    seeds = source_overlap.load()
    copied = [run for h, run in source_overlap.runs(path.read_text()).items() if h in seeds]
    assert copied == []


def test_the_overlap_check_would_catch_a_copy():
    """Would the check notice the 12-word run the old G20 restatement copied?"""
    old_g20 = "encourage parents, carers and children to turn on privacy and security settings"
    seeds = source_overlap.load()
    assert any(h in seeds for h in source_overlap.runs(old_g20))


STALE = {
    "six lawful bases (there are seven since 5 February 2026)": r"\bsix (lawful|legal) bases",
    "the old 0844 number of the Professionals Online Safety Helpline": r"\b0844\b",
    "the Online Safety Act written as future work": r"(will|would) (come|be brought) into force"
    r"|once (it is|it's) in force|when (it|the act) comes into force",
    "the 2018 information-sharing golden rules presented as current": r"2018 (golden rules|advice)",
    "the NSPCC phone line described as always open": r"(helpline|0808 800 5000)[^.]{0,40}"
    r"(24 hours a day|24/7|round the clock|any hour of the day or night)",
}


@pytest.mark.parametrize("what", sorted(STALE))
def test_no_outdated_fact(course, what):
    """Is this outdated fact absent from every module, except where a sentence names it to
    correct it?"""
    found = [
        (mid, sentence[:100])
        for mid, t in module_texts(course)
        for sentence in sentences(t)
        if re.search(STALE[what], sentence, re.I) and not CORRECTING.search(sentence)
    ]
    assert found == [], what


def test_the_outdated_fact_check_would_catch_a_slip():
    """Would a plain statement of an old fact be caught, and its correction let through?"""
    slip = "The law gives organisations six lawful bases to choose from."
    fixed = "A leaflet that talks about six lawful bases is out of date."
    assert re.search(STALE["six lawful bases (there are seven since 5 February 2026)"], slip)
    assert not CORRECTING.search(slip) and CORRECTING.search(fixed)


def test_data_protection_act_is_never_named_alone(course):
    """Wherever the Data Protection Act 2018 is named, is the UK GDPR named with it?"""
    alone = [
        (mid, t[:80])
        for mid, t in module_texts(course)
        if "Data Protection Act 2018" in t and "UK GDPR" not in t
    ]
    assert alone == []


def test_significant_harm_is_not_the_only_test(course):
    """Where 'significant harm' appears, does the same text give the 2024 wording (risk, or
    perceived risk, of harm) so that learners do not think only significant harm allows sharing?"""
    narrow = [
        (mid, t[:80])
        for mid, t in module_texts(course)
        if "significant harm" in t and not re.search(r"perceived risk|risk of harm", t)
    ]
    assert narrow == []


def test_every_legal_point_is_sourced_and_dated(course):
    """Has every legal point https sources, a publisher, and a review date not in the future?"""
    points = [p for m in course.modules.values() for p in m.legal_points]
    assert len(points) >= 8
    for p in points:
        assert p.sources and all(str(s.url).startswith("https://") for s in p.sources), p.id
        assert p.last_reviewed <= dt.date.today(), p.id


def test_scenarios_say_they_are_fictional(course):
    """Does every module say its people are invented, and every scenario that it is fictional?"""
    for module in course.modules.values():
        assert re.search(r"invented|made up|fictional", module.fiction_notice, re.I), module.id
        for sc in module.scenarios:
            assert re.search(r"fictional|invented|made up", sc.intro, re.I), sc.id


def test_distressing_modules_carry_a_content_note(course):
    """Do the modules that deal with grooming or sexual abuse warn learners first?"""
    for module in course.modules.values():
        text = " ".join(s.body for s in module.sections)
        if re.search(r"groom|sexual", text, re.I):
            assert module.content_note, module.id


def test_sexual_image_handling_is_taught_and_graded(course):
    """Is what to do with a sexual image of a child taught in a lesson and assessed in a quiz?"""
    rule = r"(screenshot|copy|forward)"
    taught = [
        s.id
        for m in course.modules.values()
        for s in m.sections
        if re.search(r"sexual image", s.body, re.I) and re.search(rule, s.body, re.I)
    ]
    graded = [
        q.id
        for m in course.modules.values()
        for q in m.graded
        if re.search(r"image|photo|picture", q.prompt, re.I)
        and re.search(rule, " ".join(o.text for o in getattr(q, "options", [])), re.I)
    ]
    assert taught and graded


def test_every_reporting_route_is_taught_with_when_to_use_it(course):
    """Does a lesson name each of the reporting routes, and show the routes table?"""
    lessons = " ".join(s.body for m in course.modules.values() for s in m.sections)
    for route in ("999", "NSPCC", "Childline", "CEOP", "Report Remove", "IWF",
                  "Professionals Online Safety Helpline"):  # fmt: skip
        assert route in lessons, route
    assert any(s.insert == "routes" for m in course.modules.values() for s in m.sections)
