"""Does the organisation profile reach every page's header, with sensible defaults, clear errors
for a broken file (file, line, field; no traceback) and no way to inject markup?"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from course import widgets
from course.organisation import ENV_VAR, current_organisation, find_profile, load_organisation
from course.problems import ContentError
from tests.conftest import REPO

GOOD = """\
schema_version: 2
name: Northgate Youth Theatre
safeguarding_lead:
  name: Priya Shah
  role: Designated safeguarding lead
  phone: 01632 960 123
  email: safeguarding@example.org
deputy_lead:
  name: Tom Evans
  role: Deputy safeguarding lead
  phone: 01632 960 456
reporting_route: Fill in a record of concern form before the end of your shift.
platforms:
  - name: The Cast Room
    use: members' forum, pre-moderated
staff_support: Our support line is free and confidential.
"""


@pytest.fixture
def profile(tmp_path, monkeypatch):
    """Write a profile and point the course at it, as an organisation would."""

    def write(text: str) -> Path:
        path = tmp_path / "organisation.yaml"
        path.write_text(text)
        monkeypatch.setenv(ENV_VAR, str(path))
        return path

    return write


def header(module_id: str = "communities") -> str:
    return widgets.page_header(module_id).data


def test_header_names_the_lead_deputy_route_and_helplines(profile):
    """Does every module's header show the organisation's lead, deputy, internal route and
    staff support, then the helplines with their hours?"""
    profile(GOOD)
    for module_id in ("welcome", "communities", "responding"):
        text = header(module_id)
        assert "Priya Shah" in text and "01632 960 123" in text and "Tom Evans" in text
        assert "record of concern form" in text and "Our support line" in text
        assert "The Cast Room (members&#x27; forum, pre-moderated)" in text
        assert "Set by Northgate Youth Theatre" in text
        assert "0808 800 5000" in text and "Monday to Friday 8am–10pm" in text
        assert "0344 381 4772" in text and "116 123" in text


def test_without_a_profile_learners_are_told_to_ask(monkeypatch, tmp_path):
    """With no profile anywhere, does the header tell learners to find out whom to tell, and
    still list the helplines?"""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert find_profile() is None
    text = header()
    assert "has not added its safeguarding lead" in text and "0808 800 5000" in text


def test_profile_is_found_beside_the_notebooks_folder(monkeypatch, tmp_path):
    """Is organisation.yaml at the repository root found from a page running in notebooks/?"""
    monkeypatch.delenv(ENV_VAR, raising=False)
    (tmp_path / "organisation.yaml").write_text(GOOD)
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    assert current_organisation()[0].name == "Northgate Youth Theatre"


def test_broken_profile_is_reported_and_defaults_apply(profile):
    """Does a bad field give one line naming file, line and field, while the page still shows
    the helplines and no traceback?"""
    profile(GOOD.replace("safeguarding@example.org", "not-an-email"))
    org, problems = current_organisation()
    assert org.safeguarding_lead is None
    assert len(problems) == 1
    assert problems[0].startswith("organisation.yaml:7: ")
    assert "field 'safeguarding_lead.email'" in problems[0]
    text = header()
    assert "The organisation profile has a problem" in text and "0808 800 5000" in text
    assert "Traceback" not in text


def test_unknown_field_and_bad_yaml(profile):
    """Are an unknown field and a YAML syntax error both reported with their lines?"""
    path = profile(GOOD + "favourite_colour: blue\n")
    with pytest.raises(ContentError) as err:
        load_organisation(path)
    assert "field 'favourite_colour': unknown field" in err.value.lines[0]
    path = profile("schema_version: 2\nname: [broken\n")
    with pytest.raises(ContentError) as err:
        load_organisation(path)
    assert "YAML syntax error" in err.value.lines[0]


def test_missing_named_profile(profile, monkeypatch, tmp_path):
    """Does a COURSE_ORGANISATION that names no file say so, without revealing the server path?"""
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere" / "org.yaml"))
    org, problems = current_organisation()
    assert problems == ["org.yaml: no such organisation profile (named by COURSE_ORGANISATION)"]
    assert str(tmp_path) not in header()


def test_markup_in_the_profile_is_shown_as_text(profile):
    """Is HTML in a profile field escaped, so a profile cannot put script into pages?"""
    profile(GOOD.replace("Priya Shah", "<script>alert(1)</script>"))
    text = header()
    assert "<script>alert(1)" not in text and "&lt;script&gt;" in text


def test_validate_checks_the_profile(tmp_path):
    """Does `python -m course validate --organisation` fail with the field named, and pass the
    repository's own profile?"""
    bad = tmp_path / "organisation.yaml"
    bad.write_text(GOOD.replace("01632 960 123", "call me"))
    run = [sys.executable, "-m", "course", "validate", "--organisation"]
    result = subprocess.run([*run, str(bad)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "field 'safeguarding_lead.phone'" in result.stderr
    ok = subprocess.run([*run, str(REPO / "organisation.yaml")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "Organisation profile is valid" in ok.stdout
