"""The course's own pages beside the modules: the home, the final assessment and the learner's
data. Each is one code cell calling a widget: the content comes from the store when the page
opens, so there is nothing to write here but the call."""

from __future__ import annotations

from nbformat import NotebookNode

from course.home import APP_PAGE, DATA_PAGE, FINAL_PAGE
from course.loader import Course
from course.render.cells import code, markdown, notebook

HOME_PAGE = "home"


FINAL_INTRO = """\
# Final assessment

Questions from every module. Each answer is saved the moment you choose it, so you can stop and
come back. When you have answered every question, press **Hand in for scoring**: you see your
score at once, and if you reach the pass mark you can download your certificate.
"""
DATA_INTRO = """\
# Your data

Everything this course holds about you, in plain words. You can download all of it, or delete it.
"""


def page_notebook(page_id: str, title: str, call: str, intro: str = "") -> NotebookNode:
    """A page that is one widget call (its source hidden in JupyterLab), after an optional
    introduction."""
    source = f"from course import widgets\n\nwidgets.{call}"
    cells = [markdown(f"{page_id}-intro", intro)] if intro else []
    return notebook([*cells, code(f"{page_id}-page", source)], title)


def course_pages(course: Course) -> dict[str, NotebookNode]:
    """{page id: notebook} for the home, the course app, final assessment and data pages."""
    return {
        HOME_PAGE: page_notebook(HOME_PAGE, course.title, "home()"),
        APP_PAGE: page_notebook(APP_PAGE, course.title, "course_app()"),
        FINAL_PAGE: page_notebook(
            FINAL_PAGE, "Final assessment", "final_assessment()", FINAL_INTRO
        ),
        DATA_PAGE: page_notebook(DATA_PAGE, "Your data", "my_data()", DATA_INTRO),
    }
