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
MANIFEST = "schema_version: 2\ntitle: Mini course\nmodules: [mini]\n"


def run_validate(content_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", "validate", str(content_dir), *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


def content_with(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """A content folder: the shared files, a one-module course.yaml and an edited mini module."""
    text = FIXTURE.read_text()
    assert text.count(old) >= count, f"fixture has no {old!r}"
    (tmp_path / "mini.yaml").write_text(text.replace(old, new, count))
    for name in ("guidance.yaml", "signposting.yaml"):
        shutil.copy(default_content_dir() / name, tmp_path)
    (tmp_path / "course.yaml").write_text(MANIFEST)
    return tmp_path


def test_shipped_content_is_valid_with_no_warnings():
    """Does the content in the package validate through the command line, warnings as errors?"""
    result = run_validate(default_content_dir(), "--strict")
    assert result.returncode == 0, result.stderr
    assert "Content is valid: 8 module(s)" in result.stdout
    assert "warning" not in result.stderr


def test_mini_fixture_is_valid(tmp_path):
    """Is the fixture the broken cases start from valid, so each case breaks one thing?"""
    result = run_validate(content_with(tmp_path, "", "", 0), "--strict")
    assert result.returncode == 0, result.stderr


BROKEN = {
    # kind: (text in the fixture, replacement, what the error line must say)
    "yaml_syntax": (
        "title: Mini module",
        "title: [Mini module",
        ["mini.yaml:5:", "YAML syntax error"],
    ),
    "missing_option_feedback": (
        "        feedback: A question alone is not enough; people answering each other is.\n",
        "",
        ["mini.yaml:21:", "object 'mini_kc_1/a'", "field 'feedback'", "required"],
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
    "loop": (
        "            next: end_bad\n",
        "            next: s2\n      - id: s2\n        text: A loop.\n        guidance: [G16]\n"
        "        choices:\n"
        "          - {id: a, text: Back, feedback: Round again., next: s1, points: 1}\n"
        "          - {id: b, text: Go on, feedback: Out., next: end_bad}\n",
        ["object 'mini_sc'", "field 'steps'", "loops back to an earlier step"],
    ),
    "decision_changes_nothing": (
        "            points: 2\n",
        "",
        ["object 'mini_sc/s1'", "field 'choices'", "every choice earns the same points"],
    ),
    "same_place_same_points": (
        "            next: end_bad\n",
        "            next: end_good\n            points: 2\n",
        ["object 'mini_sc/s1/b'", "choices 'a' and 'b' lead to 'end_good' with the same points"],
    ),
    "weaker_choice_made_up_later": (
        "            next: end_bad\n",
        "            next: s2\n      - id: s2\n        text: Try again.\n        guidance: [G16]\n"
        "        choices:\n"
        "          - {id: a, text: Recover, feedback: Better., next: end_good, points: 2}\n"
        "          - {id: b, text: Give up, feedback: Worse., next: end_bad}\n",
        ["object 'mini_sc/s1/b'", "the path after it can still reach 2 of 2"],
    ),
    "unknown_guidance": (
        "    guidance: [G16]\n    options:\n      - id: a\n        text: Once",
        "    guidance: [G77]\n    options:\n      - id: a\n        text: Once",
        ["mini.yaml:19:", "object 'mini_kc_1'", "field 'guidance[0]'", "unknown guidance id 'G77'"],
    ),
    "untagged_graded_question": (
        "      prompt: A page where people interact is a community.\n      guidance: [G16]\n",
        "      prompt: A page where people interact is a community.\n",
        ["object 'mini_quiz/mini_quiz_1'", "field 'guidance'", "cites no guidance id"],
    ),
    "too_many_tags": (
        "    guidance: [G16]\n    options:\n      - id: a\n        text: Once",
        "    guidance: [G16, G17, G18, G19]\n    options:\n      - id: a\n        text: Once",
        ["object 'mini_kc_1'", "field 'guidance'", "at most 3"],
    ),
    "no_correct_option": (
        "        correct: true\n        feedback: Interaction is what makes it one.",
        "        feedback: Interaction is what makes it one.",
        ["mini.yaml:21:", "object 'mini_kc_1'", "field 'options'", "no option is marked correct"],
    ),
    "unknown_phone_number": (
        "body: Once people interact on a page, it is a community.",
        "body: Ring the old helpline on 0844 381 4772 for advice.",
        ["object 'mini_s1'", "field 'body'", "phone number '0844 381 4772' is not in signposting"],
    ),
    "emoji_in_picture": (
        "    guidance: [G16]\nknowledge_check:",
        "    guidance: [G16]\n    figure:\n      id: mini_fig\n      kind: cards\n"
        "      title: Pins 📍\n"
        "      alt: A grid of two cards that each name one thing a post can show.\n"
        "      cards: [{heading: A, text: One}, {heading: B, text: Two}]\nknowledge_check:",
        ["mini.yaml:20:", "object 'mini_s1/mini_fig'", "cannot draw '📍' in 'Pins 📍'"],
    ),
    "unknown_figure_kind": (
        "    guidance: [G16]\nknowledge_check:",
        "    guidance: [G16]\n    figure: {id: f, kind: pie, title: T, alt: x}\nknowledge_check:",
        ["object 'mini_s1/f'", "unknown kind", "'pie'", "'cards', 'flow', 'mockup'"],
    ),
    "not_covered": (
        "covers: [G16]",
        "covers: [G16, G17]",
        ["object 'mini'", "field 'covers[1]'", "G17 is listed in covers but no section teaches"],
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


def test_version_1_files_are_refused_with_a_pointer(tmp_path):
    """Is a version 1 file refused, naming the version expected and where the changes are?"""
    content_with(tmp_path, "schema_version: 2", "schema_version: 1")
    result = run_validate(tmp_path)
    assert result.returncode == 2
    assert "unsupported schema_version 1; expected 2" in result.stderr
    assert "Changes in version 2" in result.stderr


def test_module_missing_from_course_file(tmp_path):
    """Is a module that course.yaml does not list, or a listed one with no file, reported?"""
    content_with(tmp_path, "", "", 0)
    (tmp_path / "course.yaml").write_text(MANIFEST.replace("[mini]", "[mini, ghost]"))
    result = run_validate(tmp_path)
    assert result.returncode == 2 and "no module file has id 'ghost'" in result.stderr
    (tmp_path / "course.yaml").write_text(MANIFEST.replace("[mini]", "[]"))
    result = run_validate(tmp_path)
    assert result.returncode == 2 and "field 'modules'" in result.stderr


WARNINGS = {
    # kind: (text in the fixture, replacement, what the warning must say)
    "verdict_in_feedback": (
        "feedback: Interaction is what makes it one.",
        "feedback: Correct. Interaction is what makes it one.",
        ["object 'mini_kc_1/b'", "field 'feedback'", "opens with a verdict ('Correct.')"],
    ),
    "longest_key": (
        "        text: When people interact on it\n",
        "        text: When people interact on it, replying and commenting to each other\n",
        ["object 'mini'", "the correct options are the longest in 1 of 1 choice questions"],
    ),
}


@pytest.mark.parametrize("kind", sorted(WARNINGS))
def test_guessable_or_awkward_content_warns(tmp_path, kind):
    """Does each warning appear with its location, exit 0 normally and exit 2 with --strict?"""
    old, new, expected = WARNINGS[kind]
    content_with(tmp_path, old, new)
    relaxed, strict = run_validate(tmp_path), run_validate(tmp_path, "--strict")
    assert relaxed.returncode == 0 and strict.returncode == 2
    lines = [ln for ln in relaxed.stderr.splitlines() if ln.startswith("warning: ")]
    assert any(all(part in line for part in expected) for line in lines), relaxed.stderr


def test_shipped_modules_meet_the_minimums(course):
    """Has every module objectives, key points, sections, a picture with alt text, at least six
    practice questions (every option with feedback), a scenario, and (but the welcome) a graded
    quiz of at least five questions, with every kind of question used?"""
    assert list(course.modules)[0] == "welcome"
    for module in course.modules.values():
        assert module.objectives and module.key_points and len(module.sections) >= 4, module.id
        assert any(s.figure for s in module.sections), module.id
        assert len(module.knowledge_check) >= 6, module.id
        assert module.scenarios, module.id
        if module.id == "welcome":
            assert module.quiz is None
            continue
        assert module.quiz and len(module.quiz.questions) >= 5, module.id
        kinds = {q.kind for q in (*module.knowledge_check, *module.quiz.questions)}
        assert kinds >= {"single", "multiple", "true_false"}, module.id
        for point in module.legal_points:
            assert point.sources and point.last_reviewed, point.id


MUTATIONS = [
    "",
    "  - 7",
    "    x: [",
    "null",
    "{}",
    "[]",
    "- - -",
    "    choices: []",
    "'",
    "text: 3",
]


def test_no_one_line_edit_causes_a_traceback(tmp_path):
    """Like a careless or hostile editor: does deleting or replacing any one line of a module
    file give either valid content or readable problems, never any other exception?"""
    content_with(tmp_path, "", "", 0)
    lines = FIXTURE.read_text().splitlines()
    reported = 0
    for i in range(len(lines)):
        for replacement in MUTATIONS:
            edited = [*lines[:i], *([replacement] if replacement else []), *lines[i + 1 :]]
            (tmp_path / "mini.yaml").write_text("\n".join(edited) + "\n")
            try:
                load_course(tmp_path)
            except ContentError as err:
                assert err.lines and all(line.startswith("mini.yaml") for line in err.lines)
                reported += 1
    assert reported > len(lines) * len(MUTATIONS) // 2  # most edits break something


def test_a_section_citing_an_unknown_legal_point_is_named(tmp_path):
    """Does a section that cites a legal point its module does not define fail validation?"""
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    path = content / "communities.yaml"
    path.write_text(path.read_text().replace("legal: [comm_law_osa]", "legal: [comm_law_nope]", 1))
    with pytest.raises(ContentError) as err:
        load_course(content)
    text = "\n".join(err.value.lines)
    assert "communities.yaml" in text and "unknown legal point 'comm_law_nope'" in text
