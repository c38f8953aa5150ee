"""Does validation accept the course's content, and name file, line, object and field for each
kind of broken content, with exit code 2 and no traceback?"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.loader import default_content_dir, load_course
from course.problems import ContentError

FIXTURE = Path(__file__).parent / "fixtures" / "mini.yaml"


def run_validate(content_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", "validate", str(content_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def content_with(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """A content folder holding the guidance and a copy of the mini module with one edit."""
    text = FIXTURE.read_text()
    assert text.count(old) >= count, f"fixture has no {old!r}"
    (tmp_path / "mini.yaml").write_text(text.replace(old, new, count))
    shutil.copy(default_content_dir() / "guidance.yaml", tmp_path)
    return tmp_path


def test_shipped_content_is_valid():
    """Does the content in the package validate through the command line?"""
    result = run_validate(default_content_dir())
    assert result.returncode == 0, result.stderr
    assert "Content is valid" in result.stdout


def test_mini_fixture_is_valid(tmp_path):
    """Is the fixture the broken cases start from valid, so each case breaks one thing?"""
    result = run_validate(content_with(tmp_path, "", "", 0))
    assert result.returncode == 0, result.stderr


BROKEN = {
    # kind: (text in the fixture, replacement, what the error line must say)
    "yaml_syntax": (
        "title: Mini module",
        "title: [Mini module",
        ["mini.yaml:5:", "YAML syntax error"],
    ),
    "missing_option_feedback": (
        "        feedback: No, any page where people interact counts.\n",
        "",
        ["mini.yaml:25:", "object 'mini_kc_1/b'", "field 'feedback'", "required"],
    ),
    "duplicate_id": (
        "  - id: mini_kc_1\n",
        "  - id: mini_s1\n",
        ["object 'mini_s1'", "field 'id'", "duplicate id 'mini_s1'"],
    ),
    "unknown_next": (
        "next: end_bad",
        "next: end_nowhere",
        [
            "mini.yaml:46:",
            "object 'mini_sc/s1/b'",
            "field 'next'",
            "'end_nowhere'",
            "expected one of",
        ],
    ),
    "no_ending_reachable": (
        "            next: end_bad\n",
        "            next: s2\n      - id: s2\n        text: A loop.\n        choices:\n"
        "          - {id: a, text: Stay, feedback: Round again., next: s2}\n"
        "          - {id: b, text: Stay too, feedback: Round again., next: s2}\n",
        ["object 'mini_sc/s2'", "no ending can be reached from step 's2'"],
    ),
    "unknown_guidance": (
        "    guidance: [G16]\n    options:\n      - id: a\n        text: When",
        "    guidance: [G77]\n    options:\n      - id: a\n        text: When",
        ["mini.yaml:19:", "object 'mini_kc_1'", "field 'guidance[0]'", "unknown guidance id 'G77'"],
    ),
    "no_correct_option": (
        "        correct: true\n        feedback: Right",
        "        feedback: Right",
        ["mini.yaml:21:", "object 'mini_kc_1'", "field 'options'", "no option is marked correct"],
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_content_is_reported(tmp_path, kind):
    """Does each kind of broken content give exit 2 and one line naming where and what?"""
    old, new, expected = BROKEN[kind]
    result = run_validate(content_with(tmp_path, old, new))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert any(all(part in line for part in expected) for line in lines), result.stderr
    assert lines[-1].endswith("problem(s) found.")


def test_unreachable_ending_is_reported(tmp_path):
    """Is an ending that no path leads to reported as dead content?"""
    content_with(tmp_path, "next: end_bad", "next: end_good")
    result = run_validate(tmp_path)
    assert result.returncode == 2
    assert "object 'mini_sc/end_bad'" in result.stderr
    assert "ending 'end_bad' cannot be reached" in result.stderr, result.stderr


def test_every_problem_is_reported_at_once(tmp_path):
    """Are several problems in one file all listed, not just the first?"""
    content_with(tmp_path, "next: end_bad", "next: nowhere")
    text = (tmp_path / "mini.yaml").read_text().replace("[G16]", "[G88]")
    (tmp_path / "mini.yaml").write_text(text)
    with pytest.raises(ContentError) as err:
        load_course(tmp_path)
    assert len(err.value.lines) >= 5


def test_schema_version_is_checked(tmp_path):
    """Is a content file of an unknown schema version refused with the version expected?"""
    content_with(tmp_path, "schema_version: 1", "schema_version: 7")
    result = run_validate(tmp_path)
    assert result.returncode == 2
    assert "unsupported schema_version 7; expected 1" in result.stderr


def test_module_covers_its_guidance(course):
    """Does the communities module teach G16-G22, G12 and G41, each assessed at least twice?"""
    module = course.module("communities")
    assert set(module.covers) >= {"G12", "G16", "G17", "G18", "G19", "G20", "G21", "G22", "G41"}


def test_module_meets_the_minimums(course):
    """Has the module at least 6 practice questions, a 3-decision scenario with 3 endings and a
    5-question graded quiz, with every kind of question represented?"""
    module = course.module("communities")
    assert len(module.knowledge_check) >= 6
    assert len(module.quiz.questions) >= 5
    sc = module.scenarios[0]
    assert len(sc.steps) >= 3 and len(sc.endings) >= 3
    kinds = {q.kind for q in (*module.knowledge_check, *module.quiz.questions)}
    assert kinds == {"single", "multiple", "true_false"}
    for point in module.legal_points:
        assert point.sources and point.last_reviewed
