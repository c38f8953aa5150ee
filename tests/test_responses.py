"""Is a learner's response file read safely, written atomically and never silently lost?"""

from __future__ import annotations

import json
import stat

import pytest

from course.responses import RESPONSES_FILE, ResponseFileError, ResponseStore, parse, read


def test_missing_file_reads_as_no_answers(tmp_path):
    """Is a missing file simply no answers yet?"""
    assert read(tmp_path / RESPONSES_FILE) == {}


@pytest.mark.parametrize(
    "text, reason",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "should hold a JSON object"),
        ('{"q1": 3}', "the answer to 'q1' should be an option id"),
        ('{"q1": ["a", 2]}', "the answer to 'q1' should be an option id"),
    ],
)
def test_malformed_files_give_a_readable_reason(text, reason):
    """Does each malformed file raise an error a learner can read?"""
    with pytest.raises(ResponseFileError, match=reason):
        parse(text)


def test_save_writes_only_answers_with_private_permissions(tmp_path):
    """Does saving write just question id -> option id(s), readable only by the learner?"""
    store = ResponseStore(tmp_path)
    store.save("q1", "a")
    store.save("q2", ["b", "c"])
    path = tmp_path / RESPONSES_FILE
    assert json.loads(path.read_text()) == {"q1": "a", "q2": ["b", "c"]}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [RESPONSES_FILE]  # no temporary file left


def test_two_stores_never_undo_each_other(tmp_path):
    """Do two widgets' stores on one folder keep each other's answers?"""
    first, second = ResponseStore(tmp_path), ResponseStore(tmp_path)
    first.save("q1", "a")
    second.save("q2", "b")
    assert read(tmp_path / RESPONSES_FILE) == {"q1": "a", "q2": "b"}


def test_clearing_an_answer_removes_it(tmp_path):
    """Does un-ticking every box remove the answer rather than store an empty one?"""
    store = ResponseStore(tmp_path)
    store.save("q1", ["a"])
    store.save("q1", [])
    assert read(tmp_path / RESPONSES_FILE) == {}


def test_corrupt_file_is_kept_aside_not_lost(tmp_path):
    """Is an unreadable file reported on load, left alone, and kept aside on the next save?"""
    path = tmp_path / RESPONSES_FILE
    path.write_text("{broken")
    store = ResponseStore(tmp_path)
    assert "not valid JSON" in store.problem
    assert path.read_text() == "{broken"  # loading never writes
    store.save("q1", "a")
    kept = list(tmp_path.glob(f"{RESPONSES_FILE}.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{broken"
    assert read(path) == {"q1": "a"}
    assert store.problem is None


def test_a_save_replaces_the_file_and_a_failed_save_leaves_the_old_one(tmp_path, monkeypatch):
    """Atomic: each save puts a new file in place (never rewrites the old one where it lies), and
    a save that fails part-way leaves the previous answers whole and no stray temporary file."""
    import os

    store = ResponseStore(tmp_path)
    store.save("q1", "a")
    before = (tmp_path / RESPONSES_FILE).stat().st_ino
    store.save("q2", "b")
    assert (tmp_path / RESPONSES_FILE).stat().st_ino != before

    def broken(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        store.save("q3", "c")
    assert read(tmp_path / RESPONSES_FILE) == {"q1": "a", "q2": "b"}
    assert [p.name for p in tmp_path.iterdir()] == [RESPONSES_FILE]
