"""The learner's own data page, on a real SQLite store: it shows and downloads exactly the
learner's data, deletes it only after the box is ticked, and then leaves nothing of them behind."""

from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

import ipywidgets as w
import pytest

from course.learner import SIGN_IN_NEEDED, Session
from course.store import KINDS, Store, open_store
from course.widgets.mydata import CONFIRM, MyData, deleted_text, my_data
from tests.peek import all_rows

A, B = "ann-lee-a7", "ben-okoro-b3"  # ids no other value contains, so a search finds only them
A_NAME = "Ann Lee-Mirza"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A fresh store holding two learners, each with records of every kind, a sign-in link and
    a sign-in session."""
    store = open_store(f"sqlite:///{tmp_path / 'data' / 'course.sqlite3'}")
    for learner, name in ((A, A_NAME), (B, "Ben Okoro")):
        store.add_learner(name, learner)
        for kind in KINDS:
            store.put(learner, kind, f"{kind}-1", {"by": learner, "note": "<b>bold</b> & more"})
            store.put(learner, kind, f"{kind}-2", ["x", 2])
        store.new_link(learner)
    return store


@pytest.fixture
def tokens(store: Store) -> dict[str, str]:
    return {learner: store.new_session(learner) for learner in (A, B)}


def page(store: Store, how: str = "server") -> MyData:
    return MyData(Session(A, how, store))


def rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table the database holds, found by reflection (not the store's code),
    so a table added later cannot be missed."""
    return all_rows(store)


def mentioning(store: Store, learner: str) -> dict[str, list[tuple]]:
    """Per table, the rows with the learner's id in any column."""
    return {
        name: [r for r in table if any(learner in str(v) for v in r)]
        for name, table in rows(store).items()
    }


def download(view: str) -> tuple[str, dict]:
    """The file name and the decoded JSON of the page's download link."""
    match = re.search(r'download="([^"]+)" href="data:[^;,]+(?:;[^;,]+)*;base64,([^"]+)"', view)
    assert match, "no data: download link on the page"
    return match[1], json.loads(base64.b64decode(match[2]).decode("utf-8"))


def status(mine: MyData) -> str:
    value = mine.status.value
    assert value.startswith('<div role="status" aria-live="polite">'), value
    return re.sub(r"<[^>]+>", "", value)


def test_the_download_holds_all_of_the_learners_data_and_nobody_elses(store, tokens):
    """Does the JSON download hold every record of A, their name and sign-ins, and nothing of B,
    and never a token or its hash?"""
    name, data = download(page(store).view.value)
    assert name == f"my-course-data-{A}.json"
    assert data["learner"] == {"id": A, "name": A_NAME}
    assert data["records"] == {kind: store.get(A, kind) for kind in KINDS}
    assert all(len(data["records"][kind]) == 2 for kind in KINDS)
    assert data["sign_in"] == {"links": 1, "sessions": 1}
    assert len(data["sign_in_ends_utc"]["sessions"]) == 1
    text = json.dumps(data)
    assert B not in text and "Ben" not in text
    assert tokens[A] not in text
    assert not re.search(r"[0-9a-f]{64}", text)  # no sha256 of a token either


def test_the_page_shows_the_data_readably_and_escaped(store, tokens):
    """Does the page explain what is kept, count each kind, and show the content escaped?"""
    view = page(store).view.value
    for words in ("Graded answers", "Practice results", "Scenario endings", "Progress notes",
                  "Pieces of exercise work", "Sign-in sessions", "Nothing else"):  # fmt: skip
        assert words in view
    assert "<th scope='row'>Graded answers</th><td>2</td>" in view
    assert "<details>" in view and "&lt;b&gt;bold&lt;/b&gt; &amp;amp; more" not in view
    assert "<b>bold</b>" not in view and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in view
    assert B not in view and tokens[A] not in view
    assert "Binder" not in view  # a server learner's data is not in a local folder


def test_deleting_needs_the_box_ticked(store, tokens):
    """Does pressing Delete without ticking the box delete nothing, and say so?"""
    before = rows(store)
    mine = page(store)
    assert mine.delete.disabled
    mine.delete.click()  # click() runs the handler even when the button is disabled
    assert rows(store) == before
    assert "nothing was deleted" in status(mine)
    mine.confirm.value = True
    assert not mine.delete.disabled
    mine.confirm.value = False
    assert mine.delete.disabled
    assert mine.confirm.description == CONFIRM


def test_deleting_leaves_nothing_of_the_learner_and_signs_them_out(store, tokens):
    """After tick and Delete, does no table hold a row mentioning A, B's rows stay as they were,
    and A's session no longer signs in?"""
    held = mentioning(store, A)
    assert all(held.values()), f"A should be in every table first: {held}"
    b_before = mentioning(store, B)
    mine = page(store)
    mine.confirm.value = True
    mine.delete.click()
    assert mentioning(store, A) == {name: [] for name in held}
    assert mentioning(store, B) == b_before
    assert store.session_learner(tokens[A]) is None
    assert store.session_learner(tokens[B]).id == B
    said = status(mine)
    assert "Deleted your name and id, 2 graded answers" in said
    assert "1 sign-in link and 1 sign-in session" in said and "signed out" in said
    assert A_NAME not in mine.view.value and "base64" not in mine.view.value
    assert mine.delete.disabled and mine.confirm.disabled


def test_deleted_data_is_gone_from_the_database_file(store, tokens):
    """Are A's name and records gone from the SQLite files themselves, not just unlinked?"""
    folder = store.path.parent
    mine = page(store)
    mine.confirm.value = True
    mine.delete.click()
    on_disk = b"".join(p.read_bytes() for p in folder.iterdir())
    assert A.encode() not in on_disk and A_NAME.encode() not in on_disk
    assert B.encode() in on_disk


def test_a_local_learner_is_told_where_the_data_lives_and_that_it_starts_afresh(store):
    """On one's own JupyterLab or Binder, does the page say where the data lives, and after
    deleting, that the course starts afresh?"""
    mine = page(store, "local")
    assert "course folder" in mine.view.value and "Binder session" in mine.view.value
    mine.confirm.value = True
    mine.delete.click()
    assert "starts afresh" in status(mine) and "signed out" not in status(mine)


def test_without_a_store_the_page_says_why_and_nothing_else():
    """With no store, does the page show the one sentence and no controls?"""
    widget = my_data(Session(None, "missing", problem=SIGN_IN_NEEDED))
    assert isinstance(widget, w.HTML) and SIGN_IN_NEEDED in widget.value
    assert "Delete" not in widget.value and "download" not in widget.value


def test_a_store_failure_while_deleting_gives_one_sentence(tmp_path):
    """If the database is gone when Delete is pressed, does the learner get one sentence?"""
    url = f"sqlite:///{tmp_path / 'gone' / 'course.sqlite3'}"
    store = Store(url)  # not the shared one: this test breaks it
    store.add_learner(A_NAME, A)
    mine = page(store)
    shutil.rmtree(tmp_path / "gone")
    store.close()
    mine.confirm.value = True
    mine.delete.click()
    said = status(mine)
    assert said.startswith("Your data could not be deleted just now")
    assert "Traceback" not in said and str(tmp_path) not in said
    assert not mine.delete.disabled  # they can try again


def test_the_confirmation_leaves_out_what_there_was_none_of():
    """Does the confirmation name only what was there, and say so when nothing was?"""
    held = {"learner": {"id": A}, "records": {"answer": {"q": 1}}, "sign_in": {"links": 0}}
    assert deleted_text(held, "local").startswith("Deleted your name and id and 1 graded answer.")
    empty = {"learner": None, "records": {}, "sign_in": {}}
    assert deleted_text(empty, "server").startswith("There was nothing left to delete.")
