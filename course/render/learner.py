"""Module -> the learner notebook: lesson, practice, scenario, key points and graded quiz.

The page opens with the module's title and content note (static) and the signposting header
(shown when the page runs, from the organisation profile), and ends with a link to the next module.
"""

from __future__ import annotations

from nbformat import NotebookNode

from course.loader import Course
from course.model import LegalPoint, Module, Section, Signposting
from course.model.figure import FigureBase
from course.render.cells import code, markdown, notebook

HOW_TO = """\
**How this page works.** Read each section, then try the practice questions: you can check an
answer as often as you like. Play the scenario to see where your decisions lead.{quiz}
If you opened this page in JupyterLab rather than as a web app, choose **Run > Run All Cells**
first.
"""
QUIZ_HOW_TO = (
    " The graded quiz at the end saves each answer as you give it; your trainer scores it."
)

#: The first code cell of every built notebook: the page's stylesheet and signposting header.
SETUP_TEMPLATE = 'from course import widgets\n\nwidgets.page_header("{module_id}")'
#: The setup cell of an nbgrader assignment: the stylesheet only.
SETUP_SOURCE = "from course import widgets\n\nwidgets.page_style()"

QUIZ_INTRO = """\
These questions count towards your result. You will not see whether an answer is right: your
trainer scores the quiz. Each answer is saved the moment you choose it, and you can change it until
you hand the quiz in. Only your answers are saved: no name and no scores.
"""
IMAGES = "images"


def reviewed(date) -> str:
    """A date as learners read it: 22 November 2026."""
    return date.strftime("%-d %B %Y")


def legal_box(point: LegalPoint) -> str:
    """A legal point as a Markdown quote, with its sources and the date it was last reviewed."""
    sources = "; ".join(f"[{s.title}]({s.url}) ({s.publisher})" for s in point.sources)
    body = "\n".join(f"> {line}".rstrip() for line in point.body.strip().splitlines())
    return (
        f"> **The law: {point.title}** (last reviewed {reviewed(point.last_reviewed)})\n>\n"
        f"{body}\n>\n> Sources: {sources}"
    )


def figure_markdown(figure: FigureBase) -> str:
    """The picture, with its alt text, and its caption under it."""
    alt = " ".join(figure.alt.split()).replace("[", "\\[").replace("]", "\\]")
    text = f"![{alt}]({IMAGES}/{figure.id}.png)"
    return text + (f"\n\n*{figure.caption}*" if figure.caption else "")


def _cell_text(text: str) -> str:
    """Table cells hold one line: pipes escaped, line breaks joined."""
    return " ".join(text.split()).replace("|", "\\|")


def course_map_table(course: Course) -> str:
    """The modules in order with their minutes, and the total."""
    rows = ["| | Module | About | Graded quiz |", "|---|---|---|---|"]
    for number, m in enumerate(course.modules.values(), start=1):
        quiz = f"{len(m.quiz.questions)} questions" if m.quiz else "none"
        rows.append(f"| {number} | [{m.title}]({m.id}.ipynb) | {m.minutes} min | {quiz} |")
    total = sum(m.minutes for m in course.modules.values())
    hours, minutes = divmod(total, 60)
    rows.append(f"| | **In all** | **{total} min** ({hours} h {minutes:02d} min) | |")
    return "\n".join(rows)


def routes_table(signposting: Signposting) -> str:
    """Every reporting route and line of support: who it is for, when, and how to reach it."""
    rows = ["| Route | For | When to use it | How to reach it |", "|---|---|---|---|"]
    for r in signposting.routes:
        reach = []
        if r.phone:
            reach.append(f"**{r.phone}**" + (f" ({r.hours})" if r.hours else ""))
        if r.other:
            reach.append(r.other)
        reach.append(f"[Website]({r.url})")
        cells = [f"**{r.name}**", r.who, r.when, "; ".join(reach)]
        rows.append("| " + " | ".join(_cell_text(c) for c in cells) + " |")
    note = f"\n\n*Numbers and hours last checked {reviewed(signposting.last_reviewed)}.*"
    return "\n".join(rows) + note


def section_markdown(course: Course, module: Module, section: Section) -> str:
    """One lesson section: heading, text, picture, generated table, legal points."""
    parts = [f"## {section.title}", section.body]
    if section.figure:
        parts.append(figure_markdown(section.figure))
    if section.insert == "course_map":
        parts.append(course_map_table(course))
    elif section.insert == "routes":
        parts.append(routes_table(course.signposting))
    parts += [legal_box(module.legal_point(ref)) for ref in section.legal]
    return "\n\n".join(parts)


def nav(course: Course, module: Module) -> str:
    """Links to the course home and the neighbouring modules. Relative, so they work wherever the
    pages sit side by side: the course's server (which answers home.ipynb with its home page),
    Voila inside Jupyter, JupyterLab."""
    ids = list(course.modules)
    at = ids.index(module.id)
    links = ['<a href="home.ipynb">Course home</a>']
    if at > 0:
        links.append(f'<a href="{ids[at - 1]}.ipynb">← Previous module</a>')
    if at + 1 < len(ids):
        links.append(f'<a href="{ids[at + 1]}.ipynb">Next module →</a>')
    return f'<nav class="course-nav" aria-label="Course">{" · ".join(links)}</nav>'


def _header(course: Course, module: Module) -> str:
    ids = list(course.modules)
    number = ids.index(module.id) + 1
    lines = [
        nav(course, module),
        f"# {module.title}",
        f"Module {number} of {len(ids)} of *{course.title}* · about {module.minutes} minutes",
    ]
    if module.content_note:
        lines.append(f"> **Content note.** {' '.join(module.content_note.split())}")
    return "\n\n".join(lines)


def _intro(module: Module) -> str:
    objectives = "\n".join(f"- {o}" for o in module.objectives)
    how = HOW_TO.format(quiz=QUIZ_HOW_TO if module.quiz else "")
    return f"{how}\n*{module.fiction_notice}*\n\n## What you will be able to do\n\n{objectives}"


def _footer(course: Course, module: Module) -> str:
    ids = list(course.modules)
    at = ids.index(module.id)
    if at + 1 < len(ids):
        nxt = course.modules[ids[at + 1]]
        return f"## Next\n\n[Module {at + 2}: {nxt.title}]({nxt.id}.ipynb) →"
    return "## Next\n\nThis is the last module. Well done for reaching the end of the course."


def learner_notebook(course: Course, module: Module) -> NotebookNode:
    """The learner's page for one module (served by Voila, or opened in JupyterLab)."""
    mid = module.id
    cells = [
        markdown(f"{mid}-title", _header(course, module)),
        code(f"{mid}-setup", SETUP_TEMPLATE.format(module_id=mid)),
        markdown(f"{mid}-intro", _intro(module)),
    ]
    cells += [markdown(s.id, section_markdown(course, module, s)) for s in module.sections]
    for ex in module.exercises:
        cells += [
            markdown(f"{ex.id}-intro", f"## Practise: {ex.title}\n\n{ex.intro}"),
            code(ex.id, f'widgets.exercise("{mid}", "{ex.id}")'),
        ]
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
                "The people in it are invented.",
            ),
            code(sc.id, f'widgets.scenario("{mid}", "{sc.id}")'),
        ]
    key_points = "\n".join(f"- {k}" for k in module.key_points)
    cells.append(markdown(f"{mid}-key-points", f"## Key points\n\n{key_points}"))
    if module.quiz:
        cells += [
            markdown(f"{mid}-quiz-intro", f"## {module.quiz.title}\n\n{QUIZ_INTRO}"),
            code(module.quiz.id, f'widgets.graded_quiz("{module.quiz.id}")'),
            code(f"{module.quiz.id}-handin", f'widgets.handin("{module.quiz.id}")'),
        ]
    cells += [
        markdown(
            f"{mid}-finish-intro",
            "## Finish this module\n\nWhen you have worked through the page, press the button: "
            "the course home then shows this module as done.",
        ),
        code(f"{mid}-finish", f'widgets.finish_module("{mid}")'),
        markdown(f"{mid}-next", _footer(course, module)),
    ]
    return notebook(cells, module.title)
