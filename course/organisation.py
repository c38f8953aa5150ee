"""Find and load the organisation profile (organisation.yaml), validated like the content.

Where it is looked for, first match wins:
1. the file named by the environment variable COURSE_ORGANISATION;
2. organisation.yaml in the current folder (a notebook's folder, when a page runs) or its parent
   (the repository root, when the page is one of notebooks/).
With none, every field takes its default and the pages ask learners to find out whom to tell.
"""

from __future__ import annotations

import os
from pathlib import Path

from course.loader import Parsed, parse, validate_file
from course.model import SCHEMA_VERSION, Organisation
from course.problems import ContentError, describe

PROFILE_FILE = "organisation.yaml"
ENV_VAR = "COURSE_ORGANISATION"
DEFAULT = Organisation(schema_version=SCHEMA_VERSION)


def find_profile(start: Path | None = None) -> Path | None:
    """The organisation profile that applies here, or None if there is none."""
    named = os.environ.get(ENV_VAR)
    if named:
        return Path(named)
    here = (start or Path.cwd()).resolve()
    for folder in (here, here.parent):
        if (folder / PROFILE_FILE).is_file():
            return folder / PROFILE_FILE
    return None


def load_organisation(path: Path) -> Organisation:
    """Load and check one profile.

    Raises:
        ContentError: one line per problem, naming the file, line and field.
    """
    if not path.is_file():
        raise ContentError([f"{path.name}: no such organisation profile (named by {ENV_VAR})"])
    parsed = parse(path, path.parent)
    if isinstance(parsed, str):
        raise ContentError([parsed])
    result = validate_file(parsed, Organisation)
    if isinstance(result, list):
        raise ContentError([_line(p, parsed) for p in result])
    return result


def _line(problem, parsed: Parsed) -> str:
    return describe(problem, parsed.data, parsed.root, parsed.path.parent)


def current_organisation(start: Path | None = None) -> tuple[Organisation, list[str]]:
    """The profile that applies here, and any problems that made the defaults apply instead."""
    path = find_profile(start)
    if path is None:
        return DEFAULT, []
    try:
        return load_organisation(path), []
    except ContentError as err:
        return DEFAULT, err.lines
