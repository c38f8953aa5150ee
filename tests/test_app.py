"""The course app: every module in one page and one kernel. Links between modules ask the kernel
for the next module instead of loading a page; the address, the title, the Back button and the
focus follow; the kernel builds the next module ahead and frees what it no longer shows; it
shows only what a module notebook says, and refuses anything else in one."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from ipywidgets.widgets import widget as registry

from course.learner import LEARNER_ENV, SIGN_IN_ENV, current_session
from course.store import ENV_VAR as STORE_ENV
from course.widgets.app import AHEAD_AFTER_SECONDS, CourseApp
from course.widgets.plan import CALLS, PageError, module_plan
from tests.browser import axe_violations, signed_in_context, wait_until_interactive

slow = pytest.mark.slow


def learner_of(request) -> str:
    return "app-" + hashlib.sha256(request.node.name.encode()).hexdigest()[:10]


@pytest.fixture
def app_kernel(built, store, monkeypatch, request):
    """This process as a new learner's kernel on the course's server (the learner's id is the
    test's name): signed in, the store, and the built pages as the working folder."""
    learner = learner_of(request)
    store.ensure_learner(learner)
    monkeypatch.setenv(STORE_ENV, store.url)
    monkeypatch.setenv(SIGN_IN_ENV, "required")
    monkeypatch.setenv(LEARNER_ENV, learner)
    monkeypatch.chdir(built / "notebooks")
    current_session.cache_clear()  # one session per kernel: this "kernel" is new
    yield built / "notebooks"
    current_session.cache_clear()


def test_every_module_notebook_is_a_plan_the_app_can_show(built, course):
    """Does each built module notebook read as HTML parts and allowed calls only, in the order of
    its cells, starting with the title?"""
    for module in course.modules.values():
        plan = module_plan(built / "notebooks", module.id)
        assert plan[0][0] == "html" and "<h1" in plan[0][1], module.id
        calls = [p for p in plan if p[0] == "call"]
        assert {c[1] for c in calls} <= CALLS
        assert ("call", "finish_module", (module.id,)) in calls
        cells = json.loads((built / "notebooks" / f"{module.id}.ipynb").read_text())["cells"]
        assert len(plan) == len(cells)


@pytest.mark.parametrize(
    "source",
    [
        "import os\nos.system('touch owned')",
        "widgets.exercise(open('organisation.yaml').read())",
        "widgets.knowledge_check('risks', x=1)",
        "__import__('os').system('id')",
        "widgets.__class__",
        "widgets.exercise(",
    ],
)
def test_code_the_app_does_not_know_is_refused_not_run(tmp_path, monkeypatch, source):
    """Does a module notebook with any code other than a widget call with text arguments fail
    with a message naming the file and the cell, before anything runs?"""
    nb = {"cells": [{"cell_type": "markdown", "id": "t", "source": "# Title"},
                    {"cell_type": "code", "id": "bad-cell", "source": source}]}  # fmt: skip
    (tmp_path / "risks.ipynb").write_text(json.dumps(nb))
    monkeypatch.chdir(tmp_path)  # where the first would leave its file, had it run
    with pytest.raises(PageError) as err:
        module_plan(tmp_path, "risks")
    assert "risks.ipynb, cell bad-cell" in str(err.value)
    assert not (tmp_path / "owned").exists()


def test_a_missing_or_broken_module_notebook_is_named(tmp_path):
    with pytest.raises(PageError, match="risks.ipynb is missing"):
        module_plan(tmp_path, "risks")
    (tmp_path / "risks.ipynb").write_text("{not json")
    with pytest.raises(PageError, match="risks.ipynb could not be read"):
        module_plan(tmp_path, "risks")


def test_a_broken_module_shows_a_message_and_the_others_still_open(app_kernel, tmp_path, course):
    """Does the app show a learner a short message (no traceback) for a module whose notebook it
    refuses, and still show every other module?"""
    folder = tmp_path / "notebooks"
    shutil.copytree(app_kernel, folder)
    nb = json.loads((folder / "risks.ipynb").read_text())
    nb["cells"][1]["source"] = "import os"
    (folder / "risks.ipynb").write_text(json.dumps(nb))
    app = CourseApp(folder, "risks")
    text = "".join(getattr(c, "value", "") for c in app.content.children)
    assert "This module could not be loaded" in text and "risks.ipynb, cell" in text
    assert "Traceback" not in text
    app.show("policies")
    assert len(app.content.children) > 5


def test_the_app_frees_every_module_it_no_longer_shows(app_kernel, course):
    """After a tour of every module, and again, does the kernel hold only the shown module's
    widgets (not one set per module visited)?"""
    ids = list(course.modules)
    app = CourseApp(app_kernel, ids[0])
    for module_id in ids:
        app.show(module_id)
    app.show(ids[1])
    after_one_tour = len(registry._instances)
    for module_id in ids + ids:
        app.show(module_id)
    app.show(ids[1])
    assert len(registry._instances) == after_one_tour
    app.close()


def test_the_next_module_is_built_ahead_but_opened_only_when_shown(
    app_kernel, store, course, request
):
    """Is the module built ahead shown with the very widgets built for it; does building it
    ahead leave it unopened in the learner's record; and are its widgets freed when the learner
    goes elsewhere instead?"""
    first, second, third = list(course.modules)[:3]
    learner = learner_of(request)
    app = CourseApp(app_kernel, first)
    app.build_ahead(second)
    how, parts = app._kept[second]
    ahead = {id(p) for p in parts if not isinstance(p, tuple)}  # all but the page header
    assert how == "ahead" and len(ahead) == len(parts) - 1
    assert second not in store.get(learner, "progress")
    app.show(second)
    assert second in store.get(learner, "progress")
    assert ahead <= {id(c) for c in app.content.children}
    app.build_ahead(third)
    made = set(app._owned[third])
    app.show(first)  # back, not on to the one built ahead
    assert made and not made & set(registry._instances)
    assert third not in store.get(learner, "progress")
    app.close()


def test_both_neighbours_are_built_ahead_and_nothing_further(app_kernel, course):
    """Are the next and the previous module built ahead, so that "Next module" and "Previous
    module" only show them; and is a module further away (or one the learner has moved away
    from meanwhile) not built?"""
    ids = list(course.modules)
    app = CourseApp(app_kernel, ids[2])
    for far in (ids[0], ids[4]):
        app.build_ahead(far)
        assert far not in app._kept and far not in app._owned
    for near in (ids[3], ids[1]):
        app.build_ahead(near)
        assert app._kept[near][0] == "ahead" and app._owned[near]
    app.show(ids[3])
    assert app._kept[ids[2]][0] == "shown" and ids[1] not in app._kept  # left, and too far
    app.close()


def test_neighbours_are_built_only_once_the_browser_has_shown_the_module(app_kernel, course):
    """Does the kernel wait for the page's word that the module shown is on screen before it
    builds the modules either side (built during a page load, they made Voila give up on the
    page on a slow computer); and does word about any other module build nothing?"""
    import asyncio

    ids = list(course.modules)

    async def visit() -> tuple[set, set, set]:
        app = CourseApp(app_kernel, ids[2])
        await asyncio.sleep(AHEAD_AFTER_SECONDS * 2 + 0.5)
        before = set(app._kept)
        for message in [{"shown": ids[3]}, {"shown": 2}, {"shown": [ids[2]]}]:
            app._on_message(app.router, message, [])
        await asyncio.sleep(AHEAD_AFTER_SECONDS * 2 + 0.5)
        other = set(app._kept)
        app._on_message(app.router, {"shown": ids[2]}, [])
        await asyncio.sleep(AHEAD_AFTER_SECONDS * 2 + 0.5)
        after = set(app._kept)
        app.close()
        return before, other, after

    before, other, after = asyncio.run(visit())
    assert before == other == {ids[2]}
    assert after == {ids[1], ids[2], ids[3]}


def test_going_back_shows_the_module_as_it_was_left(app_kernel, course):
    """Does the module just left come back with the same widgets, including one its callbacks
    made after it was built; and is it freed once the learner is two modules away?"""
    ids = list(course.modules)
    app = CourseApp(app_kernel, ids[0])
    shown = list(app.content.children)
    made_later = __import__("ipywidgets").HTML("made by a callback of the first module")
    key = made_later.model_id
    app.show(ids[1])
    assert key in registry._instances
    app.show(ids[0])
    assert list(app.content.children) == shown
    app.show(ids[2])  # the first module is the one left: kept
    assert key in registry._instances
    app.show(ids[3])  # two away: freed
    assert key not in registry._instances
    assert not {id(c) for c in shown} & {id(w) for w in registry._instances.values()}
    app.close()


def test_every_call_a_module_makes_stays_callable(app_kernel):
    """Does each function a module notebook calls stay a function after every page's code has
    run? (Importing a submodule named like one, course.widgets.handin, replaced the function
    with the module, and the app's second module then failed.)"""
    import course.widgets
    from course.widgets import final, mydata, submission  # noqa: F401  every lazy import

    for name in CALLS:
        assert callable(getattr(course.widgets, name)), name
    course.widgets.handin("risks_quiz")
    course.widgets.handin("risks_quiz")
    assert callable(course.widgets.handin)


def test_the_browser_can_only_ask_for_a_module_of_the_course(app_kernel, course):
    """Is anything other than {"go": <a module id>} (or word that one is shown) from the page
    ignored?"""
    ids = list(course.modules)
    app = CourseApp(app_kernel, ids[0])
    for message in [{"go": "../../etc/passwd"}, {"go": 3}, {"go": ["risks"]}, "risks", None,
                    {"module": ids[2]}, {"go": ids[0] + "x"}]:  # fmt: skip
        app._on_message(app.router, message, [])
        assert app.router.current == ids[0]
    app._on_message(app.router, {"go": ids[2]}, [])
    assert app.router.current == ids[2]
    app.close()


def test_a_request_for_an_unknown_module_opens_the_first_not_done(
    app_kernel, store, course, monkeypatch, request
):
    from course.widgets.app import course_app

    ids = list(course.modules)
    store.put(learner_of(request), "progress", ids[0], {"opened": True, "done": True})
    monkeypatch.setenv("QUERY_STRING", "module=%3Cscript%3E")
    assert course_app().router.current == ids[0]  # not a module: the first
    monkeypatch.setenv("QUERY_STRING", "")
    assert course_app().router.current == ids[1]  # none asked: the first not done


@slow
def test_moving_through_the_course_app(voila_url, store, browser, course):
    """From the home page, does a module open in the course app; does "Next module" (by keyboard)
    show the next module in the same page and kernel, with the address, title and focus
    following; do Back and a reload return to the right module; and do answers still save?"""
    ids = list(course.modules)
    first, second = course.module(ids[0]), course.module(ids[1])
    context = signed_in_context(browser, voila_url, store, "app-walker")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{voila_url}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Start: Module 1").click()
    wait_until_interactive(page, first)
    assert page.url.endswith(f"/voila/render/course.ipynb?module={first.id}")
    assert page.title().startswith(first.title)
    assert axe_violations(page, "app-first") == []
    page.evaluate("window.courseSamePage = true")  # gone if the page were loaded again

    nav = page.get_by_role("navigation", name="Course")
    nav.get_by_role("link", name="Next module →").focus()
    page.keyboard.press("Enter")
    wait_until_interactive(page, second)
    assert page.evaluate("window.courseSamePage") is True
    assert page.url.endswith(f"?module={second.id}") and page.title().startswith(second.title)
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.textContent]")
    assert focused[0] == "H1" and focused[1].startswith(second.title)
    assert page.locator(".course-finish").count() == 1  # the first module's widgets are gone
    assert page.locator(f".course-{first.knowledge_check[0].id}-check").count() == 0
    assert axe_violations(page, "app-second") == []

    q = second.knowledge_check[0]
    box = page.locator(f".course-{q.id}")
    box.locator("input").first.check()
    box.get_by_role("button", name="Check answer").click()
    page.wait_for_function(
        "sel => /[✔✘]/.test(document.querySelector(sel)?.textContent || '')",
        arg=f".course-{q.id}", timeout=10_000,
    )  # fmt: skip
    assert q.id in store.get("app-walker", "practice")

    page.go_back()
    wait_until_interactive(page, first)
    assert page.url.endswith(f"?module={first.id}")
    page.go_forward()
    wait_until_interactive(page, second)
    page.reload()
    wait_until_interactive(page, second)  # the reload picks up where the learner was
    assert page.url.endswith(f"?module={second.id}")
    assert errors == []
    context.close()


@slow
def test_finishing_a_module_in_the_app_leads_on_without_a_page_load(voila_url, store, browser,
                                                                     course):  # fmt: skip
    """Does the "Next: Module" link that finishing a module shows open the next module in the
    app, and does a link opened in a new tab still load the module by itself?"""
    ids = list(course.modules)
    first, second = course.module(ids[0]), course.module(ids[1])
    context = signed_in_context(browser, voila_url, store, "app-finisher")
    page = context.new_page()
    page.goto(f"{voila_url}/voila/render/course.ipynb?module={first.id}")
    wait_until_interactive(page, first)
    page.evaluate("window.courseSamePage = true")
    page.get_by_role("button", name="I have finished this module").click()
    onward = page.get_by_role("link", name=f"Next: Module 2, {second.title}")
    onward.wait_for(timeout=10_000)
    assert onward.get_attribute("href").endswith(f"course.ipynb?module={second.id}")
    onward.click()
    wait_until_interactive(page, second)
    assert page.evaluate("window.courseSamePage") is True
    assert store.get("app-finisher", "progress")[first.id]["done"]
    with context.expect_page() as opened:
        page.get_by_role("navigation", name="Course").get_by_role(
            "link", name="← Previous module"
        ).click(modifiers=["Control"])
    tab = opened.value
    wait_until_interactive(tab, first)  # a new tab: the module's own page
    context.close()
