"""Load and validate the course content: YAML files -> typed models, or every problem found.

A content folder holds four kinds of file: course.yaml (title and module order), guidance.yaml
(the guidance points), signposting.yaml (reporting routes and helplines) and one file per module.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from course import yamlsafe
from course.checks import course_checks, module_checks
from course.lint import module_warnings
from course.model import SCHEMA_VERSION, Guidance, Manifest, Module, Question, Quiz, Signposting
from course.problems import ContentError, Problem, describe

MANIFEST_FILE, GUIDANCE_FILE, SIGNPOSTING_FILE = "course.yaml", "guidance.yaml", "signposting.yaml"
SPECIAL: dict[str, type[BaseModel]] = {
    MANIFEST_FILE: Manifest,
    GUIDANCE_FILE: Guidance,
    SIGNPOSTING_FILE: Signposting,
}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Course:
    """All validated content: modules in course order, guidance points and signposting."""

    title: str
    modules: dict[str, Module]
    guidance: dict[str, str]
    signposting: Signposting
    warnings: list[str] = field(default_factory=list)

    def module(self, module_id: str) -> Module:
        """The module with this id; ValueError naming the known ids if none."""
        try:
            return self.modules[module_id]
        except KeyError:
            raise ValueError(f"no module '{module_id}'; known: {list(self.modules)}") from None

    @property
    def quizzes(self) -> list[tuple[Module, Quiz]]:
        """Every graded quiz with its module, in course order."""
        return [(m, m.quiz) for m in self.modules.values() if m.quiz]

    def quiz(self, assignment_id: str) -> tuple[Module, Quiz]:
        """The module and graded quiz whose assignment id this is."""
        for module, quiz in self.quizzes:
            if quiz.id == assignment_id:
                return module, quiz
        known = [q.id for _, q in self.quizzes]
        raise ValueError(f"no assignment '{assignment_id}'; known: {known}")

    def find_question(self, question_id: str) -> Question | None:
        """A question by id in any module, or None."""
        for module in self.modules.values():
            try:
                return module.question(question_id)
            except KeyError:
                continue
        return None


#: Names a folder of content to use instead of the package's own (an organisation's edition).
CONTENT_ENV = "COURSE_CONTENT_DIR"


def default_content_dir() -> Path:
    """The content the course runs on: $COURSE_CONTENT_DIR, or the package's own."""
    named = os.environ.get(CONTENT_ENV)
    return Path(named) if named else Path(str(resources.files("course") / "content"))


@dataclass
class Parsed:
    """One YAML file read: its data, and (only when a problem needs a line number) its nodes."""

    path: Path
    text: str
    data: Any

    @functools.cached_property
    def root(self) -> yaml.Node | None:
        return yaml.compose(self.text, Loader=_Loader)


def parse(path: Path, base: Path) -> Parsed | str:
    """Read one YAML file; an error line (with the line number) if it is not valid YAML."""
    name = path.relative_to(base) if path.is_relative_to(base) else path
    try:
        text = path.read_text(encoding="utf-8")
        return Parsed(path, text, yamlsafe.load(text))
    except yamlsafe.YamlProblem as err:
        return f"{name}:{err.line}: {err.message}"
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f":{mark.line + 1}" if mark else ""
        col = f" (column {mark.column + 1})" if mark else ""
        return f"{name}{line}: YAML syntax error: {err.problem or err}{col}"
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        return f"{name}: cannot read: {err}"


def _pydantic_problems(path: Path, err: ValidationError) -> list[Problem]:
    problems = []
    for e in err.errors(include_url=False):
        msg = e["msg"]
        if e["type"] == "missing":
            msg = "required field is missing"
        elif e["type"] == "extra_forbidden":
            msg = "unknown field; expected only the fields of the schema (see docs/authoring.md)"
        elif e["type"] == "union_tag_invalid":
            msg = f"unknown kind; {msg}"
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        problems.append(Problem(path, tuple(e["loc"]), msg))
    return problems


def validate_file(parsed: Parsed, model: type[M]) -> M | list[Problem]:
    """One parsed file as a model, or its problems (schema version first)."""
    data = parsed.data
    if not isinstance(data, dict):
        return [Problem(parsed.path, (), "expected a mapping (key: value pairs) at the top level")]
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        hint = " (version 1 files: see 'Changes in version 2' in docs/authoring.md)"
        msg = f"unsupported schema_version {version!r}; expected {SCHEMA_VERSION}"
        return [Problem(parsed.path, ("schema_version",), msg + (hint if version == 1 else ""))]
    try:
        return model.model_validate(data)
    except ValidationError as err:
        return _pydantic_problems(parsed.path, err)


class _Report:
    """Collects problems as readable lines, each naming file, line, object and field."""

    def __init__(self, base: Path):
        self.base, self.lines, self.parsed = base, [], {}

    def add(self, problems: list[Problem], into: list[str] | None = None) -> None:
        for p in problems:
            parsed = self.parsed[p.path]
            (self.lines if into is None else into).append(
                describe(p, parsed.data, parsed.root, self.base)
            )


def _read_all(base: Path, report: _Report) -> None:
    for path in sorted(base.glob("*.yaml")):
        result = parse(path, base)
        if isinstance(result, str):
            report.lines.append(result)
        else:
            report.parsed[path] = result
    for name in SPECIAL:
        if base / name not in report.parsed and not any(x.startswith(name) for x in report.lines):
            report.lines.append(f"{name}: missing; expected it beside the module files")


def _with_quizzes(modules: list[tuple[Path, Module]], pack_dir: Path) -> list[str]:
    """Give each module its graded quiz from the assessment pack (in place); problems as lines."""
    from course.pack import PACK_FILE, load_pack

    if not (pack_dir / PACK_FILE).is_file():
        return []
    pack = load_pack(pack_dir)
    lines = []
    for k, (path, module) in enumerate(modules):
        for a in pack.assessments.values():
            if a.module != module.id:
                continue
            if module.quiz is not None:
                lines.append(f"{path.name}: has a quiz, and so does the assessment pack ({a.id})")
                continue
            quiz = Quiz(id=a.id, title=a.title, questions=[s.items[0] for s in a.slots])
            modules[k] = (path, module.model_copy(update={"quiz": quiz}))
    return lines


def load_course(content_dir: Path | None = None, pack_dir: Path | None = None) -> Course:
    """Load every content file under ``content_dir`` and check it, with the module quizzes from
    the assessment pack in ``pack_dir`` (none: the learner's kernel, which never loads keys).

    Raises:
        ContentError: with one line per problem, naming file, line, object id and field.
    """
    base = Path(content_dir) if content_dir else default_content_dir()
    if not base.is_dir():
        raise ContentError([f"{base}: not a directory of content files"])
    report = _Report(base)
    _read_all(base, report)
    special: dict[str, Any] = {}
    modules: list[tuple[Path, Module]] = []
    for path, parsed in report.parsed.items():
        model = SPECIAL.get(path.name, Module)
        result = validate_file(parsed, model)
        if isinstance(result, list):
            report.add(result)
        elif model is Module:
            modules.append((path, result))
        else:
            special[path.name] = result
    if report.lines or len(special) < len(SPECIAL):
        raise ContentError(report.lines)
    if pack_dir is not None:
        report.lines += _with_quizzes(modules, pack_dir)
    manifest: Manifest = special[MANIFEST_FILE]
    guidance = {p.id: p.point for p in special[GUIDANCE_FILE].points}
    signposting: Signposting = special[SIGNPOSTING_FILE]
    graded = pack_dir is not None or any(m.quiz for _, m in modules)
    for path, module in modules:
        report.add(module_checks(path, module, set(guidance), signposting, graded))
    manifest_path = base / MANIFEST_FILE
    report.add(course_checks(manifest_path, manifest, modules))
    if report.lines:
        raise ContentError(report.lines)
    warnings: list[str] = []
    for path, module in modules:
        report.add(module_warnings(path, module), into=warnings)
    by_id = {m.id: m for _, m in modules}
    ordered = {mid: by_id[mid] for mid in manifest.modules}
    return Course(manifest.title, ordered, guidance, signposting, warnings)


@functools.cache
def shipped_course() -> Course:
    """The package's own content without any key, loaded once per process (what the learner's
    widgets use): graded quizzes are not in it, only in the assessment pack."""
    return load_course()


def keyed_course(content_dir: Path | None = None) -> Course:
    """The content with its graded quizzes from the assessment pack ($COURSE_PACK, or
    autograder/pack here): what the build, validation and trainers' commands use."""
    from course.pack import default_pack_dir

    return load_course(content_dir, default_pack_dir())
