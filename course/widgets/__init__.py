"""What notebook cells call. Each function builds one widget from the shipped content.

A learner never sees a traceback: if content cannot be loaded, the cell shows a short message.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w
from IPython.display import HTML

from course.home import FINAL
from course.learner import (
    LEARNER_ENV,
    LOCAL,
    SIGN_IN_NEEDED,
    Session,
    StoredAnswers,
    current_session,
)
from course.loader import shipped_course
from course.organisation import current_organisation
from course.paper import PAPERS_DIR, Paper, learner_paper, read_form
from course.responses import ResponseStore
from course.signpost import header_html
from course.widgets.common import BAD, failure, guard_tracebacks, note
from course.widgets.graded import GradedQuestion, GradedQuiz
from course.widgets.knowledge import KnowledgeCheck, KnowledgeQuestion
from course.widgets.progress import FinishModule, home_html, page_href, record_opened
from course.widgets.scenario import ScenarioPlayer
from course.widgets.style import CSS, page_style

__all__ = [
    "GradedQuestion",
    "GradedQuiz",
    "KnowledgeCheck",
    "KnowledgeQuestion",
    "ScenarioPlayer",
    "course_app",
    "exercise",
    "final_assessment",
    "finish_module",
    "handin",
    "home",
    "my_data",
    "graded_quiz",
    "paper_header",
    "paper_question",
    "knowledge_check",
    "page_header",
    "page_style",
    "scenario",
]


def page_header(module_id: str) -> HTML:
    """The page's stylesheet, who is signed in, and the signposting header (whom to tell,
    helplines, support); records that the learner opened the module.

    Read from the organisation profile each time the page opens; a broken profile is reported in
    the header and the defaults are shown instead.
    """
    guard_tracebacks()
    try:
        shipped_course().module(module_id)
        org, problems = current_organisation()
        session = current_session()
        record_opened(session, module_id)
        return HTML(
            f"<style>{CSS}</style>"
            + who_html(session)
            + header_html(org, shipped_course().signposting, problems)
        )
    except Exception as err:  # a learner sees a message, not a traceback
        message = f"The page header could not be loaded: {err}. Please tell your trainer."
        return HTML(f"<style>{CSS}</style>" + note(message, BAD, "⚠"))


def who_html(session: Session) -> str:
    """Whose work this page saves, or why it saves nothing."""
    if session.problem or session.store is None:
        return note(session.problem or SIGN_IN_NEEDED, BAD, "⚠")
    if session.how != "server":
        return ""
    learner = session.store.learner(session.learner_id)
    name = html.escape(learner.name if learner else session.learner_id)
    base = html.escape(os.environ.get("VOILA_BASE_URL", "/"))
    return (
        f'<p class="course-who">Signed in as <strong>{name}</strong>. Your answers are saved '
        f'to your own record. Not you? <a href="{base}logout">Sign out</a>.</p>'
    )


def home() -> w.Widget:
    """The course home (in JupyterLab or Voila inside Jupyter; the course's server serves the
    same page at its own address)."""
    guard_tracebacks()
    try:
        session = current_session()
        org, problems = current_organisation()
        return w.HTML(
            f"<style>{CSS}</style>" + who_html(session) + home_html(session)
            + header_html(org, shipped_course().signposting, problems)
        )  # fmt: skip
    except Exception as err:
        return failure("The course home", err)


def course_app() -> w.Widget:
    """The modules as one app on the course's server: one page and one kernel for the visit
    (course.widgets.app)."""
    guard_tracebacks()
    from course.widgets.app import course_app as app

    return app()


def finish_module(module_id: str) -> w.Widget:
    """The button at the end of a module that marks it done."""
    try:
        shipped_course().module(module_id)
        return FinishModule(module_id, current_session())
    except Exception as err:
        return failure("The finish button", err)


def handin(assignment: str) -> w.Widget:
    """"Download my submission" where there is no course server to collect answers (JupyterLab,
    Binder, a hub without the exchange); nothing on the course's server, which collects them."""
    try:
        if current_session().how == "server":
            return w.HTML("")
        from course.widgets.submission import handin as button

        return button(assignment)
    except Exception as err:
        return failure("The hand-in download", err)


def _page_top(session: Session) -> str:
    home_link = f'<a href="{html.escape(page_href("home", session))}">Course home</a>'
    return (
        f'<style>{CSS}</style><nav class="course-nav" aria-label="Course">{home_link}</nav>'
        + who_html(session)
    )


def _own_page(what: str, body) -> w.Widget:
    """A page of the learner's own (the final assessment, their data): a link home and whose
    page it is, then ``body(session)``'s widgets; only the first two when nothing can be saved."""
    guard_tracebacks()
    try:
        session = current_session()
        top = w.HTML(_page_top(session))
        return top if session.store is None else w.VBox([top, *body(session)])
    except Exception as err:
        return failure(what, err)


def final_assessment() -> w.Widget:
    """The final assessment: open once every module is done; the certificate once passed."""
    from course.widgets.final import FinalAssessment, certificate_link

    return _own_page(
        "The final assessment",
        lambda s: [FinalAssessment(s, paper_learner(), certificate_link), handin(FINAL)],
    )


def my_data() -> w.Widget:
    """What the course holds about this learner: see it, download it, delete it."""
    from course.widgets.mydata import my_data as page

    return _own_page("Your data", lambda s: [page(s)])


def knowledge_check(module_id: str) -> w.Widget:
    """The module's practice questions."""
    try:
        return KnowledgeCheck(
            shipped_course().module(module_id).knowledge_check, on_result=_recorder("practice")
        )
    except Exception as err:  # a learner sees a message, not a traceback
        return failure("The practice questions", err)


def exercise(module_id: str, exercise_id: str) -> w.Widget:
    """One of the module's exercises, showing this learner's saved state and saving changes."""
    try:
        from course.widgets.exercises import widget_class

        ex = shipped_course().module(module_id).exercise(exercise_id)
        session = current_session()
        saved = session.get("exercise").get(exercise_id)

        def save(state: dict) -> str | None:
            return session.record("exercise", exercise_id, state)

        return widget_class(ex.kind)(ex, saved if isinstance(saved, dict) else None, save)
    except Exception as err:
        return failure("This exercise", err)


def scenario(module_id: str, scenario_id: str) -> w.Widget:
    """One of the module's branching scenarios."""
    try:
        return ScenarioPlayer(
            shipped_course().module(module_id).scenario(scenario_id),
            on_ending=_recorder("scenario"),
        )
    except Exception as err:
        return failure("The scenario", err)


def graded_quiz(quiz_id: str, directory: Path | None = None) -> w.Widget:
    """A module's graded quiz as on this learner's paper (from ``papers/<quiz>.json`` beside the
    page: no keys), saving to the learner's store (or, given ``directory``, responses.json)."""
    try:
        form = read_form(Path.cwd() / PAPERS_DIR / f"{quiz_id}.json")
        paper = learner_paper(form, paper_learner())
        store = ResponseStore(directory) if directory else StoredAnswers(current_session())
        return GradedQuiz(paper.questions, store)
    except Exception as err:
        return failure("The graded quiz", err)


def _recorder(kind: str):
    """Save practice results and scenario endings to the learner's record, quietly: the page
    header already says when nothing can be saved."""

    def record(key: str, value: object) -> None:
        current_session().record(kind, key, value)

    return record


def paper_learner() -> str:
    """The id a paper is dealt to: the one nbgrader will grade it as (the server's learner, the
    hub user name exactly as nbgrader's exchange uses it, or "local")."""
    return os.environ.get(LEARNER_ENV) or os.environ.get("JUPYTERHUB_USER") or LOCAL


def my_paper(assessment_id: str) -> Paper:
    """This learner's paper, from the public form beside the notebook."""
    paper = learner_paper(read_form(), paper_learner())
    if paper.assessment != assessment_id:
        raise ValueError(f"paper.json here is for {paper.assessment}, not {assessment_id}")
    return paper


def paper_header(assessment_id: str) -> HTML:
    """Whose paper this is, so that a learner handing it in under another id knows to say."""
    try:
        my_paper(assessment_id)
        who = html.escape(paper_learner())
        return HTML(
            f'<p class="course-who">This paper was drawn for <strong>{who}</strong>. Your '
            "trainer grades it under that name; if they know you by another, tell them before "
            "you answer.</p>"
        )
    except Exception as err:
        return HTML(note(f"This paper could not be loaded: {err}. Please tell your trainer.", BAD))


def paper_question(assessment_id: str, slot_id: str, number: int) -> w.Widget:
    """One question of this learner's own paper, saving to responses.json beside it."""
    try:
        question = next(q for q in my_paper(assessment_id).questions if q.id == slot_id)
        return GradedQuestion(question, number, ResponseStore())
    except Exception as err:
        return failure("This question", err)
