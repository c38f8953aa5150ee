"""Content YAML that could hurt: each gets one clear line naming the file, and no traceback, hang
or memory blow-up; YAML 1.1 surprises read as the text written."""

from __future__ import annotations

import shutil
import time

import pytest

from course import yamlsafe
from course.loader import default_content_dir, keyed_course, load_course, parse
from course.problems import ContentError
from tests.test_build import run_course


def bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


BAD = {
    "alias bomb": (bomb(), "anchors and aliases"),
    "deep flow nesting": ("x: " + "[" * 100_000 + "]" * 100_000 + "\n", "nested deeper"),
    "deep block nesting": ("x:\n  " + "- " * 100_000 + "end\n", "nested deeper"),
    "duplicate key": ("id: one\ntitle: A\nid: two\n", "duplicate key 'id'"),
    "tag": ("id: !!python/name:os.system x\n", "tags such as"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_each_hazard_is_one_clear_line_naming_the_file(tmp_path, name):
    text, expected = BAD[name]
    path = tmp_path / "privacy.yaml"
    path.write_text(text)
    start = time.perf_counter()
    line = parse(path, tmp_path)
    assert time.perf_counter() - start < 5
    assert isinstance(line, str) and line.startswith("privacy.yaml:") and expected in line, line


@pytest.mark.parametrize("name", list(BAD))
def test_validate_reports_the_hazard_without_a_traceback(tmp_path, name):
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    (content / "privacy.yaml").write_text(BAD[name][0])
    result = run_course("validate", str(content))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert "privacy.yaml" in result.stderr + result.stdout


def test_yaml_11_surprises_read_as_written():
    data = yamlsafe.load("id: yes\nb: no\nc: on\nt: 10:30\nn: 0777\nok: true\nx: ~\nf: 1.5\n")
    assert data == {"id": "yes", "b": "no", "c": "on", "t": "10:30", "n": 777, "ok": True,
                    "x": None, "f": 1.5}  # fmt: skip


def test_shipped_content_loads_the_same_as_before(course):
    """The iterative reader gives the content the same values PyYAML's loader gave it."""
    import yaml

    for path in sorted(default_content_dir().glob("*.yaml")):
        text = path.read_text()
        ours, theirs = yamlsafe.load(text), yaml.load(text, Loader=yaml.CSafeLoader)
        assert _normal(ours) == _normal(theirs), path.name
    assert keyed_course().modules == course.modules


def _normal(value):
    """PyYAML reads dates as dates; the course's models parse the same text either way."""
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_a_broken_file_is_named_in_content_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    (content / "risks.yaml").write_text("id: risks\nid: again\n")
    with pytest.raises(ContentError) as err:
        load_course(content)
    assert any(line.startswith("risks.yaml:2: duplicate key") for line in err.value.lines)
