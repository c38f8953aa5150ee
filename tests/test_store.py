"""The learner store, on SQLite (a temporary file) and on a real PostgreSQL server.

Learners, sign-in links and sessions, records; removing a learner leaves nothing; several
processes saving at once lose nothing; a process killed mid-save loses nothing it reported saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from course.store import (
    DATA_DIR,
    DB_FILE,
    ENV_VAR,
    KINDS,
    Learner,
    Store,
    StoreError,
    default_url,
    open_store,
)
from tests.peek import all_rows, peek, tables
from tests.postgres import free_port

REPO = Path(__file__).resolve().parent.parent
SQLITE_FILES = {DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm"}

# A separate process saving records: it says "ready", waits for the go file so that all the
# processes start together, then prints each key as soon as put() (or add_learner) returns.
WORKER = r"""
import pathlib, sys, time
from course.store import open_store
url, action, learner, tag, count, go = sys.argv[1:]
store = open_store(url)
print("ready", flush=True)
while not pathlib.Path(go).exists():
    time.sleep(0.005)
for i in range(int(count)):
    if action == "add":
        key = store.add_learner(learner).id
    else:
        key = "shared" if action == "same" else f"{tag}-{i}"
        store.put(learner, "answer", key, {"by": tag, "n": i})
    print(key, flush=True)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / DATA_DIR / DB_FILE}"
    url = request.getfixturevalue("postgres_url")
    store = open_store(url)
    with peek(store) as conn:  # one server for all tests: empty it first
        found = tables(conn)
        for name in ("course_records", "course_links", "course_sessions", "course_learners"):
            conn.execute(found[name].delete())
    return url


@pytest.fixture
def store(url: str) -> Store:
    return open_store(url)


def is_sqlite(store: Store) -> bool:
    return store.url.startswith("sqlite")


def data_dir(store: Store) -> Path:
    return Path(sa.make_url(store.url).database).parent


def file_bytes(store: Store) -> bytes:
    """Every byte SQLite holds on disk: the database file, its WAL and shared memory."""
    return b"".join(p.read_bytes() for p in data_dir(store).iterdir())


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Learners


def test_add_learner_makes_ids_from_names(store: Store) -> None:
    assert store.add_learner("Ann Lee") == Learner("ann-lee", "Ann Lee")
    assert store.add_learner("Ann  Lee").id == "ann-lee-2"
    assert store.add_learner(" ann lee ").id == "ann-lee-3"
    assert store.add_learner("Zoë O'Brien-Müller!").id == "zoe-obrien-muller"
    assert store.add_learner("李雷").id == "learner"
    assert store.add_learner("Sam", "sam.k_2") == Learner("sam.k_2", "Sam")
    ids = ["ann-lee", "ann-lee-2", "ann-lee-3", "learner", "sam.k_2", "zoe-obrien-muller"]
    assert [learner.id for learner in store.learners()] == ids
    assert store.learner("zoe-obrien-muller") == Learner("zoe-obrien-muller", "Zoë O'Brien-Müller!")
    assert store.learner("nobody") is None


def test_long_names_give_ids_of_at_most_64_characters(store: Store) -> None:
    first, second = store.add_learner("x" * 80), store.add_learner("x" * 80)
    assert first.id == "x" * 64
    assert second.id == "x" * 62 + "-2"


@pytest.mark.parametrize(
    "bad_id", ["", "Ann", "-ann", ".ann", "ann lee", "ann/lee", "ann\n", "zoë", "x" * 65]
)
def test_invalid_ids_are_rejected(store: Store, bad_id: str) -> None:
    with pytest.raises(ValueError, match="not a valid learner id"):
        store.add_learner("Ann", bad_id)
    with pytest.raises(ValueError, match="not a valid learner id"):
        store.ensure_learner(bad_id)
    assert store.learners() == []


def test_taken_ids_and_empty_names_are_rejected(store: Store) -> None:
    store.add_learner("Ann Lee", "ann")
    with pytest.raises(ValueError, match="'ann' is already taken"):
        store.add_learner("Another Ann", "ann")
    for name in ("", "   "):
        with pytest.raises(ValueError, match="needs a name"):
            store.add_learner(name)
    assert store.learners() == [Learner("ann", "Ann Lee")]


def test_ensure_learner_creates_only_when_missing(store: Store) -> None:
    assert store.ensure_learner("hub-user") == Learner("hub-user", "hub-user")
    assert store.ensure_learner("hub-user", "Other Name") == Learner("hub-user", "hub-user")
    assert store.ensure_learner("kim", "Kim Park") == Learner("kim", "Kim Park")
    assert store.learners() == [Learner("hub-user", "hub-user"), Learner("kim", "Kim Park")]


def test_remove_learner_leaves_nothing(store: Store) -> None:
    for learner_id in ("ann", "bob"):
        store.add_learner(f"Name-of-{learner_id}", learner_id)
        for kind in KINDS:
            store.put(learner_id, kind, f"{kind}-key", f"secret-of-{learner_id}")
        store.new_link(learner_id)
        store.new_session(learner_id)
    link, session = store.new_link("ann"), store.new_session("ann")

    assert store.remove_learner("ann") is True
    assert store.remove_learner("ann") is False
    assert store.remove_learner("never-was") is False

    rows = all_rows(store)
    assert set(rows) == {"course_learners", "course_links", "course_sessions", "course_records"}
    for table, table_rows in rows.items():
        for row in table_rows:
            assert not any("ann" in str(cell) for cell in row), (table, row)
    assert store.export("ann") == {
        "learner": None,
        "records": {kind: {} for kind in KINDS},
        "sign_in": {"links": 0, "sessions": 0},
    }
    assert store.redeem_link(link) is None
    assert store.session_learner(session) is None
    # Bob is untouched.
    assert store.learners() == [Learner("bob", "Name-of-bob")]
    assert store.get("bob", "answer") == {"answer-key": "secret-of-bob"}
    if is_sqlite(store):  # not even the bytes: zeroed in the pages, and the WAL emptied
        on_disk = file_bytes(store)
        assert b"secret-of-ann" not in on_disk and b"Name-of-ann" not in on_disk
        assert b"secret-of-bob" in on_disk


# Sign-in


def test_links_are_single_use(store: Store) -> None:
    store.add_learner("Ann", "ann")
    token = store.new_link("ann")
    assert len(token) >= 43
    assert store.redeem_link(token) == Learner("ann", "Ann")
    assert store.redeem_link(token) is None
    assert store.redeem_link("not-a-token") is None
    assert store.export("ann")["sign_in"] == {"links": 0, "sessions": 0}
    with pytest.raises(ValueError, match="no learner 'nobody'"):
        store.new_link("nobody")


def test_links_expire(store: Store) -> None:
    store.add_learner("Ann", "ann")
    assert store.redeem_link(store.new_link("ann", ttl=timedelta(seconds=-1))) is None
    token = store.new_link("ann", ttl=timedelta(milliseconds=300))
    time.sleep(0.6)
    assert store.redeem_link(token) is None
    assert store.redeem_link(store.new_link("ann", ttl=timedelta(minutes=5))) == Learner(
        "ann", "Ann"
    )


def test_a_new_link_replaces_the_earlier_ones(store: Store) -> None:
    store.add_learner("Ann", "ann")
    store.add_learner("Bob", "bob")
    first, bobs = store.new_link("ann"), store.new_link("bob")
    second = store.new_link("ann")
    assert store.export("ann")["sign_in"]["links"] == 1
    assert store.redeem_link(first) is None
    assert store.redeem_link(second) == Learner("ann", "Ann")
    assert store.redeem_link(bobs) == Learner("bob", "Bob")  # another learner's link stays


def test_tokens_are_stored_only_as_hashes(store: Store) -> None:
    store.add_learner("Ann", "ann")
    link, session = store.new_link("ann"), store.new_session("ann")
    with peek(store) as conn:
        stored = {
            name: list(conn.scalars(sa.text(f"SELECT token_hash FROM course_{name}")))
            for name in ("links", "sessions")
        }
    assert stored == {"links": [sha256(link)], "sessions": [sha256(session)]}
    everything = json.dumps(all_rows(store), default=str)
    assert link not in everything and session not in everything
    if is_sqlite(store):
        on_disk = file_bytes(store)
        assert sha256(link).encode() in on_disk  # the search does see the rows...
        assert link.encode() not in on_disk and session.encode() not in on_disk  # ...not tokens


def test_sessions_work_end_and_expire(store: Store) -> None:
    store.add_learner("Ann", "ann")
    laptop, phone = store.new_session("ann"), store.new_session("ann")
    assert store.session_learner(laptop) == store.session_learner(phone) == Learner("ann", "Ann")
    store.end_session(laptop)
    assert store.session_learner(laptop) is None
    assert store.session_learner(phone) == Learner("ann", "Ann")
    assert store.session_learner("not-a-token") is None
    assert store.session_learner(store.new_session("ann", ttl=timedelta(seconds=-1))) is None
    with pytest.raises(ValueError, match="no learner 'nobody'"):
        store.new_session("nobody")


def test_revoke_and_remove_end_sessions_and_links(store: Store) -> None:
    store.add_learner("Ann", "ann")
    store.add_learner("Bob", "bob")
    session, link, bobs = store.new_session("ann"), store.new_link("ann"), store.new_session("bob")
    store.revoke("ann")
    assert store.session_learner(session) is None
    assert store.redeem_link(link) is None
    assert store.session_learner(bobs) == Learner("bob", "Bob")
    assert store.learner("ann") == Learner("ann", "Ann")  # signed out, still registered
    session = store.new_session("bob")
    store.remove_learner("bob")
    assert store.session_learner(session) is None
    assert store.session_learner(bobs) is None


# Records


def test_put_get_upsert_and_delete(store: Store) -> None:
    store.add_learner("Ann", "ann")
    store.put("ann", "answer", "q1", ["a"])
    store.put("ann", "answer", "q2", "b")
    store.put("ann", "answer", "q1", ["a", "c"])
    assert store.get("ann", "answer") == {"q1": ["a", "c"], "q2": "b"}
    assert len(all_rows(store)["course_records"]) == 2  # the upsert replaced the row
    store.put("ann", "answer", "q1", None)
    store.put("ann", "answer", "never-saved", None)
    assert store.get("ann", "answer") == {"q2": "b"}
    assert store.get("ann", "practice") == {}
    assert store.get("nobody", "answer") == {}


def test_put_rejects_what_it_cannot_keep(store: Store) -> None:
    store.add_learner("Ann", "ann")
    for kind in KINDS:
        store.put("ann", kind, "k", 1)
    for call in (
        lambda: store.put("ann", "answers", "k", 1),
        lambda: store.get("ann", "grade"),
        lambda: store.records_for("", ["k"]),
    ):
        with pytest.raises(ValueError, match="Unknown kind of record"):
            call()
    with pytest.raises(ValueError, match="no learner 'nobody'"):
        store.put("nobody", "answer", "k", 1)
    with pytest.raises(ValueError, match="key must be"):
        store.put("ann", "answer", "", 1)
    with pytest.raises(ValueError):
        store.put("ann", "answer", "k", float("nan"))  # not JSON
    with pytest.raises(TypeError):
        store.put("ann", "answer", "k", {1, 2})
    assert store.export("ann")["records"] == {kind: {"k": 1} for kind in KINDS}


@pytest.mark.parametrize(
    "value",
    [
        "text with ünïcödé, 'quotes', \"double\", \\ and \n",
        "",
        0,
        -1.5,
        2**53,
        True,
        False,
        [],
        {},
        [1, "two", None, [3.25]],
        {"nested": {"list": [1, {"x": None}], "empty": ""}, "ok": True},
    ],
)
def test_json_values_round_trip(store: Store, value: object) -> None:
    store.add_learner("Ann", "ann")
    store.put("ann", "scenario", "v", value)
    saved = store.get("ann", "scenario")["v"]
    assert saved == value and type(saved) is type(value)


def test_learners_are_kept_apart(store: Store) -> None:
    for learner_id in ("ann", "bob"):
        store.add_learner(learner_id, learner_id)
    store.put("ann", "answer", "q1", "ann's")
    store.put("bob", "answer", "q1", "bob's")
    store.put("ann", "practice", "q1", "ann's practice")
    store.put("ann", "answer", "only-ann", 1)
    assert store.get("ann", "answer") == {"q1": "ann's", "only-ann": 1}
    assert store.get("bob", "answer") == {"q1": "bob's"}
    assert store.get("bob", "practice") == {}
    store.put("bob", "answer", "q1", None)
    store.delete_data("bob")
    assert store.get("ann", "answer") == {"q1": "ann's", "only-ann": 1}
    assert store.get("ann", "practice") == {"q1": "ann's practice"}


def test_records_for(store: Store) -> None:
    for learner_id in ("ann", "bob", "cy", "dee"):
        store.add_learner(learner_id, learner_id)
    store.put("ann", "answer", "q1", "a")
    store.put("ann", "answer", "other", "x")
    store.put("bob", "answer", "q2", "b")
    store.put("cy", "practice", "q1", "not an answer")
    assert store.records_for("answer", ["q1", "q2"]) == {"ann": {"q1": "a"}, "bob": {"q2": "b"}}
    assert store.records_for("answer", iter(["q2"])) == {"bob": {"q2": "b"}}
    assert store.records_for("practice", ["q1"]) == {"cy": {"q1": "not an answer"}}
    assert store.records_for("answer", []) == {}


def test_export_holds_everything_about_the_learner(store: Store) -> None:
    store.add_learner("Ann Lee", "ann")
    store.add_learner("Bob", "bob")
    store.put("ann", "answer", "q1", ["a"])
    store.put("ann", "progress", "module-1", {"done": True})
    store.put("bob", "answer", "q1", ["b"])
    store.new_link("ann")
    store.new_session("ann")
    store.new_session("ann")
    assert store.export("ann") == {
        "learner": {"id": "ann", "name": "Ann Lee"},
        "records": {
            "answer": {"q1": ["a"]},
            "practice": {},
            "scenario": {},
            "progress": {"module-1": {"done": True}},
            "exercise": {},
        },
        "sign_in": {"links": 1, "sessions": 2},
    }
    json.dumps(store.export("ann"))  # ready to hand to the person


def test_delete_data_keeps_the_registration(store: Store) -> None:
    store.add_learner("Ann", "ann")
    store.add_learner("Bob", "bob")
    for kind in KINDS:
        store.put("ann", kind, "k", f"ann-{kind}-data")
    store.put("bob", "answer", "k", "bob-data")
    session = store.new_session("ann")
    store.delete_data("ann")
    assert store.export("ann")["records"] == {kind: {} for kind in KINDS}
    assert store.learner("ann") == Learner("ann", "Ann")
    assert store.session_learner(session) == Learner("ann", "Ann")
    assert store.get("bob", "answer") == {"k": "bob-data"}
    if is_sqlite(store):
        assert b"ann-answer-data" not in file_bytes(store)


# Several processes


def start_workers(url: str, go: Path, *jobs: tuple[str, str, str, int]) -> list[subprocess.Popen]:
    """Start one worker process per (action, learner, tag, count); return once all are ready."""
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, action, learner, tag, str(count), str(go)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for action, learner, tag, count in jobs
    ]
    for worker in workers:
        line = worker.stdout.readline()
        assert line == "ready\n", worker.communicate()[1]
    return workers


def finish(workers: list[subprocess.Popen], go: Path) -> list[list[str]]:
    """Let the workers go; each one's printed keys, after checking it ended without an error."""
    go.touch()
    printed = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0 and not err, err
        printed.append(out.split())
    return printed


def test_no_lost_updates_from_several_processes(store: Store, tmp_path: Path) -> None:
    store.add_learner("Ann", "ann")
    jobs = [("keys", "ann", f"p{n}", 300) for n in range(4)]
    finish(start_workers(store.url, tmp_path / "go", *jobs), tmp_path / "go")
    saved = store.get("ann", "answer")
    assert len(saved) == 1200
    assert all(saved[f"p{n}-{i}"] == {"by": f"p{n}", "n": i} for n in range(4) for i in range(300))


def test_two_processes_saving_one_key(store: Store, tmp_path: Path) -> None:
    store.add_learner("Ann", "ann")
    jobs = [("same", "ann", tag, 300) for tag in ("a", "b")]
    printed = finish(start_workers(store.url, tmp_path / "go", *jobs), tmp_path / "go")
    assert [len(keys) for keys in printed] == [300, 300]
    assert store.get("ann", "answer")["shared"]["n"] == 299


def test_sign_ups_from_several_processes(store: Store, tmp_path: Path) -> None:
    # Each add_learner reads the ids taken, then writes: the transaction that must not fail
    # with "database is locked" nor hand one id out twice.
    jobs = [("add", "Sam Lee", f"p{n}", 25) for n in range(4)]
    printed = finish(start_workers(store.url, tmp_path / "go", *jobs), tmp_path / "go")
    handed_out = [learner_id for keys in printed for learner_id in keys]
    expected = {"sam-lee", *(f"sam-lee-{n}" for n in range(2, 101))}
    assert len(handed_out) == 100 and set(handed_out) == expected
    assert {learner.id for learner in store.learners()} == expected


def test_links_made_at_once_still_replace_each_other(store: Store) -> None:
    # new_link checks the learner, deletes their links and inserts one: all in one transaction,
    # one learner at a time, or two links made at once both stay valid. Threads released by a
    # barrier race far more tightly than processes can.
    store.add_learner("Ann", "ann")
    barrier = threading.Barrier(4, timeout=60)

    def make_link(_: int) -> str:
        barrier.wait()
        return store.new_link("ann")

    with ThreadPoolExecutor(4) as pool:
        for _ in range(25):
            tokens = list(pool.map(make_link, range(4)))
            assert store.export("ann")["sign_in"]["links"] == 1
    assert sum(store.redeem_link(token) is not None for token in tokens) == 1


def test_a_record_is_saved_only_over_what_the_writer_read(store: Store) -> None:
    store.add_learner("Ann", "ann")
    assert store.put_if("ann", "progress", "k", {"n": 1}, None)
    assert not store.put_if("ann", "progress", "k", {"n": 2}, None)  # someone saved first
    assert not store.put_if("ann", "progress", "k", {"n": 2}, {"n": 0})  # a stale read
    assert store.put_if("ann", "progress", "k", {"n": 2, "é": [1.5]}, {"n": 1})
    assert store.put_if("ann", "progress", "k", {"n": 3}, {"n": 2, "é": [1.5]})
    assert store.get("ann", "progress") == {"k": {"n": 3}}
    with peek(store) as conn:  # the same value written another way (spaces, order)
        conn.execute(sa.text("""UPDATE course_records SET value = '{ "m": 1,  "n": 3 }'"""))
    assert store.put_if("ann", "progress", "k", {"n": 4}, {"n": 3, "m": 1})
    assert store.get("ann", "progress") == {"k": {"n": 4}}
    with pytest.raises(ValueError, match="no learner"):
        store.put_if("nobody", "progress", "k", {"n": 1}, None)


def test_counting_by_compare_and_set_at_once_loses_no_count(store: Store) -> None:
    # Four writers each add one, 25 times, reading and saving with put_if and reading again
    # when another saved first: every addition counts (a plain read then put loses some).
    store.add_learner("Ann", "ann")
    barrier = threading.Barrier(4, timeout=60)

    def add_ones(_: int) -> None:
        barrier.wait()
        for _ in range(25):
            while True:
                now = store.get("ann", "progress").get("count")
                if store.put_if("ann", "progress", "count", (now or 0) + 1, now):
                    break

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(add_ones, range(4)))
    assert store.get("ann", "progress") == {"count": 100}


def test_a_link_redeemed_at_once_twice_works_once(store: Store) -> None:
    store.add_learner("Ann", "ann")
    barrier = threading.Barrier(4, timeout=60)

    def redeem(token: str) -> Learner | None:
        barrier.wait()
        return store.redeem_link(token)

    with ThreadPoolExecutor(4) as pool:
        for _ in range(25):
            token = store.new_link("ann")
            assert [r for r in pool.map(redeem, [token] * 4) if r] == [Learner("ann", "Ann")]


def test_a_killed_process_loses_nothing_it_saved(store: Store, tmp_path: Path) -> None:
    store.add_learner("Ann", "ann")
    go = tmp_path / "go"
    go.touch()
    (worker,) = start_workers(store.url, go, ("keys", "ann", "k", 10**6))
    printed = [worker.stdout.readline().strip() for _ in range(100)]
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=60)
    printed += worker.stdout.read().split()  # saved before the kill, still in the pipe
    assert worker.returncode == -signal.SIGKILL
    assert len(printed) >= 100 and printed[:3] == ["k-0", "k-1", "k-2"]
    saved = store.get("ann", "answer")
    assert [key for key in printed if key not in saved] == []
    if is_sqlite(store):
        assert {p.name for p in data_dir(store).iterdir()} <= SQLITE_FILES
        with peek(store) as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


# SQLite files, where the store is, and errors


def test_sqlite_file_and_folder_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "course" / DATA_DIR
    store = open_store(f"sqlite:///{folder / DB_FILE}")
    store.add_learner("Ann", "ann")
    store.put("ann", "answer", "q", 1)
    assert (folder.stat().st_mode & 0o777) == 0o700
    modes = {p.name: p.stat().st_mode & 0o777 for p in folder.iterdir()}
    assert DB_FILE in modes and set(modes) <= SQLITE_FILES
    assert set(modes.values()) == {0o600}, modes


def test_sqlite_settings(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / DB_FILE}")
    conn = store._conn()  # the store's own connection: its settings
    settings = {
        name: conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "foreign_keys", "secure_delete")
    }
    assert settings == {
        "journal_mode": "wal",
        "busy_timeout": 30_000,
        "foreign_keys": 1,
        "secure_delete": 1,  # deleted rows are zeroed on disk, not only unlinked
    }


def test_open_store_opens_each_url_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / DB_FILE}"
    assert open_store(url) is open_store(url)
    assert open_store(url).url == url


def test_default_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://course@db.example/course")
    assert default_url(tmp_path) == "postgresql+psycopg://course@db.example/course"
    monkeypatch.delenv(ENV_VAR)
    root, other = tmp_path / "course", tmp_path / "elsewhere"
    (root / "notebooks").mkdir(parents=True)
    other.mkdir()
    (root / "organisation.yaml").write_text("schema_version: 1\n")
    in_root = f"sqlite:///{root / DATA_DIR / DB_FILE}"
    assert default_url(root) == in_root
    assert default_url(root / "notebooks") == in_root  # a page runs in notebooks/
    assert default_url(other) == f"sqlite:///{other / DATA_DIR / DB_FILE}"
    monkeypatch.chdir(root / "notebooks")
    assert default_url() == in_root
    assert open_store().url == in_root
    assert (root / DATA_DIR / DB_FILE).is_file()
    monkeypatch.chdir(other)
    assert default_url() == f"sqlite:///{other / DATA_DIR / DB_FILE}"


def readable(err: pytest.ExceptionInfo[StoreError]) -> str:
    message = str(err.value)
    assert "\n" not in message and "sqlalche" not in message.lower(), message
    assert "Traceback" not in message and len(message) < 400, message
    return message


def test_a_corrupt_sqlite_file_gives_a_readable_error(tmp_path: Path) -> None:
    path = tmp_path / DATA_DIR / DB_FILE
    path.parent.mkdir()
    path.write_bytes(b"These are not the bytes of a database.\n" * 200)
    with pytest.raises(StoreError) as err:
        open_store(f"sqlite:///{path}")
    assert "cannot be used: file is not a database" in readable(err)


def test_an_unreachable_database_gives_a_readable_error() -> None:
    url = f"postgresql+psycopg://course:secret@127.0.0.1:{free_port()}/course"
    with pytest.raises(StoreError) as err:
        open_store(url)
    message = readable(err)
    assert "cannot be used" in message and "secret" not in message
    with pytest.raises(StoreError) as err:
        open_store("mysql://course@db.example/course")
    assert "must be SQLite or PostgreSQL" in readable(err)
