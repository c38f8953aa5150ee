"""Load and validate the course content: YAML files -> typed models, or every problem found."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from course.checks import check_module, duplicate_ids
from course.model import SCHEMA_VERSION, Module, Question, Quiz
from course.problems import ContentError, Problem, describe

GUIDANCE_FILE = "guidance.yaml"


@dataclass(frozen=True)
class Course:
    """All validated content: modules by id and the guidance points they cite."""

    modules: dict[str, Module]
    guidance: dict[str, str]

    def module(self, module_id: str) -> Module:
        """The module with this id; ValueError naming the known ids if none."""
        try:
            return self.modules[module_id]
        except KeyError:
            raise ValueError(f"no module '{module_id}'; known: {sorted(self.modules)}") from None

    def quiz(self, assignment_id: str) -> tuple[Module, Quiz]:
        """The module and graded quiz whose assignment id this is."""
        for module in self.modules.values():
            if module.quiz.id == assignment_id:
                return module, module.quiz
        known = sorted(m.quiz.id for m in self.modules.values())
        raise ValueError(f"no assignment '{assignment_id}'; known: {known}")

    def find_question(self, question_id: str) -> Question | None:
        """A question by id in any module, or None."""
        for module in self.modules.values():
            try:
                return module.question(question_id)
            except KeyError:
                continue
        return None


def default_content_dir() -> Path:
    """The content shipped inside the package."""
    return Path(str(resources.files("course") / "content"))


@dataclass
class _Parsed:
    path: Path
    data: Any
    root: yaml.Node | None


def _parse(path: Path, base: Path) -> _Parsed | str:
    """Read one YAML file; an error line (with the line number) if it is not valid YAML."""
    try:
        text = path.read_text(encoding="utf-8")
        return _Parsed(path, yaml.safe_load(text), yaml.compose(text))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f":{mark.line + 1}" if mark else ""
        col = f" (column {mark.column + 1})" if mark else ""
        return f"{path.relative_to(base)}{line}: YAML syntax error: {err.problem or err}{col}"
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        return f"{path.relative_to(base)}: cannot read: {err}"


def _pydantic_problems(path: Path, err: ValidationError) -> list[Problem]:
    problems = []
    for e in err.errors(include_url=False):
        msg = e["msg"]
        if e["type"] == "missing":
            msg = "required field is missing"
        elif e["type"] == "extra_forbidden":
            msg = "unknown field; expected only the fields of the schema (see docs/authoring.md)"
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        problems.append(Problem(path, tuple(e["loc"]), msg))
    return problems


def _load_module(parsed: _Parsed) -> Module | list[Problem]:
    data = parsed.data
    if not isinstance(data, dict):
        return [Problem(parsed.path, (), "expected a mapping (key: value pairs) at the top level")]
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        msg = f"unsupported schema_version {version!r}; expected {SCHEMA_VERSION}"
        return [Problem(parsed.path, ("schema_version",), msg)]
    try:
        return Module.model_validate(data)
    except ValidationError as err:
        return _pydantic_problems(parsed.path, err)


def _guidance(parsed: _Parsed) -> dict[str, str] | list[Problem]:
    points = parsed.data.get("points") if isinstance(parsed.data, dict) else None
    if not isinstance(points, list) or not all(isinstance(p, dict) for p in points):
        return [Problem(parsed.path, ("points",), "expected a list of {id, point}")]
    return {str(p.get("id")): str(p.get("point")) for p in points}


def load_course(content_dir: Path | None = None) -> Course:
    """Load every content file under ``content_dir`` and check it.

    Raises:
        ContentError: with one line per problem, naming file, line, object id and field.
    """
    base = Path(content_dir) if content_dir else default_content_dir()
    if not base.is_dir():
        raise ContentError([f"{base}: not a directory of content files"])
    errors: list[str] = []
    parsed: dict[Path, _Parsed] = {}
    for path in sorted(base.glob("*.yaml")):
        result = _parse(path, base)
        if isinstance(result, str):
            errors.append(result)
        else:
            parsed[path] = result

    def report(problems: list[Problem]) -> None:
        for p in problems:
            errors.append(describe(p, parsed[p.path].data, parsed[p.path].root, base))

    guidance: dict[str, str] = {}
    gpath = base / GUIDANCE_FILE
    if gpath in parsed:
        result = _guidance(parsed[gpath])
        if isinstance(result, list):
            report(result)
        else:
            guidance = result
    elif not any(e.startswith(GUIDANCE_FILE) for e in errors):
        errors.append(
            f"{GUIDANCE_FILE}: missing; expected the list of guidance ids beside the modules"
        )

    modules: list[tuple[Path, Module]] = []
    for path, item in parsed.items():
        if path == gpath:
            continue
        result = _load_module(item)
        if isinstance(result, list):
            report(result)
        else:
            modules.append((path, result))
    for path, module in modules:
        report(check_module(path, module, set(guidance)))
    report(duplicate_ids(modules))
    if errors:
        raise ContentError(errors)
    return Course({m.id: m for _, m in modules}, guidance)


@functools.cache
def shipped_course() -> Course:
    """The package's own content, loaded once per process (what the widgets use)."""
    return load_course()
