"""Module -> the learner notebook: lesson, practice, scenario, key points and graded quiz."""

from __future__ import annotations

from nbformat import NotebookNode

from course.model import LegalPoint, Module
from course.render.cells import code, markdown, notebook

HOW_TO = """\
**How this page works.** Read each section, then try the practice questions: you can check an
answer as often as you like. Play the scenario to see where your decisions lead. The graded quiz at
the end saves each answer as you give it; your trainer scores it.
If you opened this page in JupyterLab rather than as a web app, choose **Run > Run All Cells**
first.
"""

#: The first code cell of every built notebook: the widgets and the page's stylesheet.
SETUP_SOURCE = "from course import widgets\n\nwidgets.page_style()"

QUIZ_INTRO = """\
These questions count towards your result. You will not see whether an answer is right: your
trainer scores the quiz. Each answer is saved the moment you choose it, and you can change it until
you hand the quiz in. Only your answers are saved: no name and no scores.
"""


def legal_box(point: LegalPoint) -> str:
    """A legal point as a Markdown quote, with its sources and the date it was last reviewed."""
    reviewed = point.last_reviewed.strftime("%-d %B %Y")
    sources = "; ".join(f"[{s.title}]({s.url}) ({s.publisher})" for s in point.sources)
    body = "\n".join(f"> {line}".rstrip() for line in point.body.strip().splitlines())
    return (
        f"> **The law: {point.title}** (last reviewed {reviewed})\n>\n{body}\n>\n"
        f"> Sources: {sources}"
    )


def _header(module: Module) -> str:
    objectives = "\n".join(f"- {o}" for o in module.objectives)
    return (
        f"# {module.title}\n\nAbout {module.minutes} minutes.\n\n*{module.fiction_notice}*\n\n"
        f"{HOW_TO}\n## What you will be able to do\n\n{objectives}"
    )


def learner_notebook(module: Module) -> NotebookNode:
    """The learner's page for one module (served by Voila, or opened in JupyterLab)."""
    mid = module.id
    cells = [
        markdown(f"{mid}-intro", _header(module)),
        code(f"{mid}-setup", SETUP_SOURCE),
    ]
    for section in module.sections:
        text = f"## {section.title}\n\n{section.body}"
        for ref in section.legal:
            text += "\n\n" + legal_box(module.legal_point(ref))
        cells.append(markdown(section.id, text))
    cells += [
        markdown(
            f"{mid}-kc-intro",
            "## Check your understanding\n\nChoose an answer, then press **Check answer**. "
            "Try again as often as you like.",
        ),
        code(f"{mid}-kc", f'widgets.knowledge_check("{mid}")'),
    ]
    for sc in module.scenarios:
        cells += [
            markdown(
                f"{sc.id}-intro",
                f"## Scenario: {sc.title}\n\nSelect a decision, then press **Decide**. "
                f"*{module.fiction_notice}*",
            ),
            code(sc.id, f'widgets.scenario("{mid}", "{sc.id}")'),
        ]
    key_points = "\n".join(f"- {k}" for k in module.key_points)
    cells += [
        markdown(f"{mid}-key-points", f"## Key points\n\n{key_points}"),
        markdown(f"{mid}-quiz-intro", f"## {module.quiz.title}\n\n{QUIZ_INTRO}"),
        code(module.quiz.id, f'widgets.graded_quiz("{mid}")'),
    ]
    return notebook(cells, module.title)
