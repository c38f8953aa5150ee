"""The course as an app: the home page at the server's address, each learner's status on it,
moving between modules, finishing a module, and the final assessment opening only when every
module is done, scored on the server from the learner's own paper."""

from __future__ import annotations

import pytest

from course.home import (
    DONE,
    FINAL,
    FINAL_ATTEMPTS,
    IN_PROGRESS,
    NOT_STARTED,
    final_status,
    module_statuses,
    next_module,
)
from course.pack import learner_key, load_pack
from tests.browser import signed_in_context
from tests.test_serving import cookie_for, get


def test_statuses_follow_the_records(course):
    """Does each module's status come from its own progress and practice records only?"""
    first, second, *_ = course.modules.values()
    q = first.knowledge_check
    progress = {first.id: {"opened": "x", "done": "y"}, second.id: {"opened": "x"}}
    practice = {q[0].id: {"correct": True}, q[1].id: {"correct": False}}
    statuses = module_statuses(course, progress, practice)
    assert [s.state for s in statuses[:3]] == [DONE, IN_PROGRESS, NOT_STARTED]
    assert (statuses[0].practice_right, statuses[0].practice_tried) == (1, 2)
    assert statuses[0].practice_total == len(q)
    assert statuses[1].practice_tried == 0
    assert next_module(statuses).id == second.id
    assert not final_status(statuses, progress).open
    everything = {m: {"done": "y"} for m in course.modules}
    assert final_status(module_statuses(course, everything, {}), everything).open


def test_a_broken_record_counts_as_nothing(course):
    """Does a record that is not what the course writes (edited by hand) leave the module not
    started rather than break the page?"""
    first = next(iter(course.modules))
    statuses = module_statuses(course, {first: "done", FINAL: [1]}, {"x": 3})
    assert statuses[0].state == NOT_STARTED
    assert final_status(statuses, {FINAL: [1]}).attempts == 0


slow = pytest.mark.slow


@slow
def test_the_server_address_opens_the_learners_home(voila_url, store, course):
    """Does the server's own address show the home page (not Voila's file list) with every
    module, its minutes and this learner's status, and send a visitor with no session to sign
    in?"""
    status, head, _ = get(f"{voila_url}/")
    assert status == 302 and "/login" in head["Location"]
    assert get(f"{voila_url}/voila/tree", cookie_for(store, "homer"))[0] == 302
    status, _, body = get(f"{voila_url}/", cookie_for(store, "homer"))
    assert status == 200
    for number, m in enumerate(course.modules.values(), start=1):
        assert f"Module {number}: {m.title}" in body.replace("&#x27;", "'")
        assert f"voila/render/course.ipynb?module={m.id}" in body  # in the course app
    assert "0 of 8 modules done" in body and "Start: Module 1" in body
    assert "opens when you have finished every module" in body
    assert "Signed in as" in body and "Homer" in body
    ids = list(course.modules)
    store.put("homer", "progress", ids[0], {"opened": "x", "done": "y"})
    store.put("homer", "progress", ids[1], {"opened": "x"})
    body = get(f"{voila_url}/", cookie_for(store, "homer"))[2]
    assert "1 of 8 modules done" in body and "Continue: Module 2" in body
    assert body.count(">Done<") == 1 and body.count(">In progress<") == 1


@slow
def test_finishing_a_module_shows_on_home_after_a_reload(voila_url, store, browser, course):
    """Does a module page link home and to its neighbours, and does "I have finished this
    module" mark it done on the home page, kept across reloads?"""
    module = course.module("welcome")
    context = signed_in_context(browser, voila_url, store, "finisher")
    pg = context.new_page()
    pg.goto(f"{voila_url}/voila/render/{module.id}.ipynb")
    button = pg.get_by_role("button", name="I have finished this module")
    button.wait_for(timeout=90_000)
    nav = pg.get_by_role("navigation", name="Course")
    assert nav.get_by_role("link", name="Next module →").get_attribute("href") == "risks.ipynb"
    assert store.get("finisher", "progress")[module.id].get("done") is None
    button.focus()
    pg.keyboard.press("Enter")
    pg.get_by_role("status").get_by_text("this module is done").wait_for(timeout=10_000)
    assert store.get("finisher", "progress")[module.id]["done"]
    pg.reload()
    pg.get_by_role("status").get_by_text("You finished this module earlier").wait_for(
        timeout=90_000
    )
    assert store.get("finisher", "progress")[module.id]["done"]  # opening again keeps "done"
    nav = pg.get_by_role("navigation", name="Course")
    with pg.expect_navigation():
        nav.get_by_role("link", name="Course home").click()
    assert "1 of 8 modules done" in pg.inner_text("main")
    context.close()


@slow
def test_final_assessment_opens_when_modules_are_done_and_scores_on_the_server(
    voila_url, store, browser, course, built
):
    """Is the final assessment closed until every module is done, and once open, does handing
    in the learner's own right answers pass, recorded in the store and shown on the home page,
    with no key in the page?"""
    learner = "finalist"
    context = signed_in_context(browser, voila_url, store, learner)
    pg = context.new_page()
    pg.goto(f"{voila_url}/voila/render/final.ipynb")
    pg.get_by_text("opens when you have finished every module").wait_for(timeout=90_000)
    for m in course.modules:
        store.put(learner, "progress", m, {"opened": "x", "done": "y"})
    pack = load_pack(built / "autograder" / "pack")
    key = learner_key(pack, FINAL, learner)
    answers = dict(key)
    first = next(iter(key))
    answers.pop(first)
    for slot, answer in answers.items():
        store.put(learner, "answer", slot, answer)
    pg.reload()
    hand_in = pg.get_by_role("button", name="Hand in for scoring")
    hand_in.wait_for(timeout=90_000)
    hand_in.click()
    pg.get_by_role("status").get_by_text("question 1 has no answer yet").wait_for(timeout=10_000)
    assert FINAL not in store.get(learner, "progress")
    store.put(learner, "answer", first, key[first])
    pg.reload()
    pg.get_by_role("button", name="Hand in for scoring").click()
    pg.get_by_text("You have passed the final assessment").wait_for(timeout=10_000)
    record = store.get(learner, "progress")[FINAL]
    top = pack.assessment(FINAL).max_points
    assert (record["score"], record["max"], record["passed"], record["attempts"]) == (
        top, top, True, 1
    )
    content = pg.content()
    for slot, answer in key.items():
        assert f'"{slot}": {answer!r}'.replace("'", '"') not in content
    body = get(f"{voila_url}/", cookie_for(store, learner))[2]
    assert f"passed</a> with {top} of {top}" in body
    context.close()


def _final_page(built, store, learner, monkeypatch):
    """The final assessment widget for ``learner`` as the server's kernel builds it."""
    from course.learner import Session
    from course.widgets.final import FinalAssessment

    monkeypatch.chdir(built / "notebooks")
    return FinalAssessment(Session(learner, "server", store), learner)


def _ready(store, course, learner, built, right: bool):
    """Every module done and every final question answered, all right or all wrong."""
    from course.pack import learner_item

    store.ensure_learner(learner)
    for m in course.modules:
        store.put(learner, "progress", m, {"opened": True, "done": True})
    pack = load_pack(built / "autograder" / "pack")
    final = pack.assessment(FINAL)
    for slot in final.slots:
        item = learner_item(pack, final, slot, learner)
        wrong = [o for o in item.option_ids if o not in item.correct_ids][:1]
        answer = learner_key(pack, FINAL, learner)[slot.id] if right else (
            wrong if item.kind == "multiple" else wrong[0])  # fmt: skip
        store.put(learner, "answer", slot.id, answer)
    return pack


def test_three_attempts_then_no_more(built, store, course, monkeypatch):
    """Can a learner hand in three times at most, each attempt counted, and never a fourth?"""
    _ready(store, course, "tryer", built, right=False)
    page = _final_page(built, store, "tryer", monkeypatch)
    for attempt in (1, 2, 3):
        page.hand_in()
        assert store.get("tryer", "progress")[FINAL]["attempts"] == attempt
    assert "used all 3 attempts" in page.result.value and page.children == (page.result,)
    again = _final_page(built, store, "tryer", monkeypatch)
    assert not hasattr(again, "button") or again.button not in again.children
    again.hand_in()
    assert store.get("tryer", "progress")[FINAL]["attempts"] == 3


def test_a_second_tab_cannot_undo_a_pass_and_scores_what_is_saved(built, store, course,
                                                                  monkeypatch):  # fmt: skip
    """With two tabs open, does a pass in one stand when the other hands in, and does a hand-in
    score the answers saved (from any tab), not the ones this tab saw when it opened?"""
    pack = _ready(store, course, "two-tabs", built, right=False)
    first = _final_page(built, store, "two-tabs", monkeypatch)
    second = _final_page(built, store, "two-tabs", monkeypatch)
    for slot, answer in learner_key(pack, FINAL, "two-tabs").items():
        store.put("two-tabs", "answer", slot, answer)  # answered right in a third tab
    first.hand_in()
    record = store.get("two-tabs", "progress")[FINAL]
    assert record["passed"] and record["score"] == record["max"]
    store.put("two-tabs", "answer", next(iter(learner_key(pack, FINAL, "two-tabs"))), None)
    second.hand_in()
    assert store.get("two-tabs", "progress")[FINAL] == record
    assert "You have passed" in second.result.value


@slow
def test_home_fits_a_phone_and_passes_axe(voila_url, store, browser):
    """At 320 px wide, does the home page reflow with no sideways scrolling (WCAG 1.4.10), with
    no axe-core violation, its progress bar labelled?"""
    from tests.browser import axe_violations

    context = signed_in_context(browser, voila_url, store, "phone", viewport={"width": 320,
                                                                             "height": 700})
    pg = context.new_page()
    pg.goto(f"{voila_url}/")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 320
    assert pg.get_by_label("Your progress").count() == 1
    assert axe_violations(pg, "home-320") == []
    context.close()


def test_two_tabs_handing_in_at_once_make_two_attempts(built, store, course, monkeypatch):
    """When two tabs hand in at the same moment (two kernels, one store), is each counted as an
    attempt, so that racing tabs cannot win a fourth?"""
    import threading

    _ready(store, course, "racer", built, right=False)
    tabs = [_final_page(built, store, "racer", monkeypatch) for _ in range(2)]

    def hand_in(page, start: threading.Barrier) -> None:
        start.wait()
        page.hand_in()

    for race in (1, 2):
        start = threading.Barrier(2)
        threads = [threading.Thread(target=hand_in, args=(tab, start)) for tab in tabs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        expected = min(2 * race, FINAL_ATTEMPTS)
        assert store.get("racer", "progress")[FINAL]["attempts"] == expected
    assert all("used all 3 attempts" in tab.result.value for tab in tabs)


def test_every_download_of_a_pass_is_the_same_certificate(built, store, course, monkeypatch):
    """Is the certificate id made once, kept in the final record, and the same on every later
    opening of the page (so an organisation sees one certificate per pass)?"""
    import re

    from course.learner import Session
    from course.widgets.final import FinalAssessment, certificate_link

    _ready(store, course, "keeper", built, right=True)
    monkeypatch.setenv("COURSE_SIGNING_KEY", str(built / "keeper-signing.key"))
    monkeypatch.chdir(built / "notebooks")

    def page():
        return FinalAssessment(Session("keeper", "server", store), "keeper", certificate_link)

    first = page()
    first.hand_in()
    kept = store.get("keeper", "progress")[FINAL]["certificate_id"]
    again = page()
    ids = {re.search(r"certificate-([A-Z0-9-]+)\.pdf", page.result.value)[1]
           for page in (first, again)}  # fmt: skip
    assert ids == {kept} and store.get("keeper", "progress")[FINAL]["passed"]
