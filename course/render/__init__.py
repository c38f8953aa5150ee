"""The build: content -> learner notebooks, their pictures, nbgrader source assignments, and the
generated documents (the notebooks' index and the authoring reference). Never hand-edited."""

from __future__ import annotations

import json
from pathlib import Path

from course.home import FINAL
from course.loader import Course
from course.model.exercise import Scene, SpotClues
from course.model.figure import FigureBase
from course.pack import (
    PACK_FILE,
    Assessment,
    Pack,
    assessment_from_quiz,
    default_pack_dir,
    load_pack,
    public_form,
)
from course.paper import PAPER_FILE, PAPERS_DIR
from course.render import figures
from course.render.assignment import answer_key, paper_notebook
from course.render.cells import dumps
from course.render.learner import IMAGES, course_map_table, learner_notebook
from course.render.pages import course_pages
from course.render.reference import authoring_reference

__all__ = ["answer_key", "build", "outputs", "pictures", "stale"]

INDEX = """\
# {title}: the learner pages

These notebooks are built from `course/content/` by `python -m course build`; do not edit them by
hand. Learners open them as web apps (`python -m course serve`, or Voila on a hub) or in
JupyterLab (choose **Run > Run All Cells**). Take the modules in order:

{table}
"""


def course_pack(root: Path) -> Pack | None:
    """The assessment pack the build uses ($COURSE_PACK or autograder/pack), if there is one.

    Raises:
        ContentError: the pack is there but broken (each line names file, object and field).
    """
    folder = default_pack_dir(root)
    return load_pack(folder) if (folder / PACK_FILE).is_file() else None


def outputs(course: Course, pack: Pack | None = None) -> dict[Path, str]:
    """Every built text file, as a path relative to the repository root and its text."""
    files = {}
    assessments: list[tuple[Assessment, str, str]] = []  # with the label and key of its pack
    if pack:
        assessments += [(a, pack.label, pack.paper_key) for a in pack.assessments.values()]
    for module, quiz in course.quizzes:
        if not pack or quiz.id not in pack.assessments:  # a quiz in a content file (old style)
            assessments.append((assessment_from_quiz(quiz, module.id), "content", "content"))
    for assessment, label, key in assessments:
        folder = Path("autograder/source") / assessment.id
        files[folder / f"{assessment.id}.ipynb"] = dumps(paper_notebook(assessment))
        form = json.dumps(public_form(assessment, label, key), indent=1, ensure_ascii=False)
        files[folder / PAPER_FILE] = form + "\n"
        if assessment.module or assessment.id == FINAL:  # a learner page shows it too
            files[Path("notebooks") / PAPERS_DIR / f"{assessment.id}.json"] = form + "\n"
    for module in course.modules.values():
        files[Path("notebooks") / f"{module.id}.ipynb"] = dumps(learner_notebook(course, module))
    for page_id, nb in course_pages(course).items():
        files[Path("notebooks") / f"{page_id}.ipynb"] = dumps(nb)
    files[Path("notebooks/README.md")] = INDEX.format(
        title=course.title, table=course_map_table(course)
    )
    files[Path("docs/authoring.md")] = authoring_reference()
    return files


def pictures(course: Course) -> dict[Path, FigureBase | Scene]:
    """Every picture, by the path it is drawn to: the sections' figures, then the scenes of the
    spot-the-clues exercises (their widgets show them from the same folder)."""
    drawn: dict[Path, FigureBase | Scene] = {
        Path("notebooks") / IMAGES / f"{s.figure.id}.png": s.figure
        for m in course.modules.values()
        for s in m.sections
        if s.figure
    }
    for m in course.modules.values():
        for ex in m.exercises:
            for scene in ex.scenes if isinstance(ex, SpotClues) else []:
                drawn[Path("notebooks") / IMAGES / f"{scene.id}.png"] = scene
    return drawn


def _modules(course: Course) -> list[tuple[str, int]]:
    return [(m.title, m.minutes) for m in course.modules.values()]


def _stale_pictures(course: Course, root: Path, drawn: dict[Path, FigureBase]) -> list[Path]:
    mods = _modules(course)
    return [
        rel
        for rel, fig in drawn.items()
        if figures.recorded_hash(root / rel) != figures.spec_hash(fig, mods)
    ]


def _orphans(root: Path, expected: set[Path]) -> list[Path]:
    """Pages and pictures under notebooks/ that no content builds any more."""
    found = [*(root / "notebooks").glob("*.ipynb"), *(root / "notebooks" / IMAGES).glob("*.png")]
    return sorted(p.relative_to(root) for p in found if p.relative_to(root) not in expected)


def build(course: Course, root: Path) -> list[Path]:
    """Write every built file under ``root``; return the paths written.

    Pictures are drawn again only when what they are drawn from has changed, so a rebuild with
    another matplotlib version leaves the committed images alone.
    """
    texts, drawn = outputs(course, course_pack(root)), pictures(course)
    written = []
    for rel, text in texts.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    for rel in _stale_pictures(course, root, drawn):
        figures.save(drawn[rel], _modules(course), root / rel)
        written.append(root / rel)
    for rel in _orphans(root, set(texts) | set(drawn)):
        (root / rel).unlink()
    return written


#: Built where it is used and never committed: a missing file here is not stale.
LOCAL = Path("autograder/source")


def stale(course: Course, root: Path) -> list[Path]:
    """Built files under ``root`` that differ from a fresh build, or are missing (the nbgrader
    sources, built locally and not committed, count only when present)."""
    texts, drawn = outputs(course, course_pack(root)), pictures(course)
    changed = []
    for rel, text in texts.items():
        path = root / rel
        if not path.is_file():
            if LOCAL not in rel.parents:
                changed.append(rel)
        elif path.read_text(encoding="utf-8") != text:
            changed.append(rel)
    return changed + _stale_pictures(course, root, drawn) + _orphans(root, set(texts) | set(drawn))
