"""Do the widgets behave, driven headless (set values, click), and keep keys out of their state?"""

from __future__ import annotations

import json

import ipywidgets as w

from course import widgets
from course.responses import RESPONSES_FILE, ResponseStore
from course.widgets import GradedQuiz, KnowledgeQuestion, ScenarioPlayer


def all_states(widget: w.Widget) -> str:
    """Every synced state of a widget and its descendants, as the front end would receive it."""
    seen, todo, states = set(), [widget], []
    while todo:
        wd = todo.pop()
        if wd.model_id in seen:
            continue
        seen.add(wd.model_id)
        state = wd.get_state()
        states.append(json.dumps(state, default=str))
        for value in state.values():
            items = value if isinstance(value, list | tuple) else [value]
            todo.extend(v for v in items if isinstance(v, w.Widget))
        todo.extend(c for c in getattr(wd, "children", ()) if isinstance(c, w.Widget))
        if isinstance(wd, w.Widget) and getattr(wd, "layout", None) is not None:
            todo.append(wd.layout)
    return "\n".join(states)


def first_of_kind(questions, kind):
    return next(q for q in questions if q.kind == kind)


def test_knowledge_check_single_gives_feedback_and_allows_retry(module):
    """Does checking a wrong answer say 'Not quite.' once and explain it, and checking again after
    a change say correct?"""
    q = first_of_kind(module.knowledge_check, "single")
    kq = KnowledgeQuestion(q, 1)
    wrong = next(o for o in q.options if not o.correct)
    kq.control.widget.choose(wrong.id)
    kq.check.click()
    assert kq.feedback.count("Not quite") == 1
    assert wrong.feedback.split()[0] in kq.feedback
    assert "try again" in kq.feedback
    kq.control.widget.choose(q.correct_ids[0])
    kq.check.click()
    assert "Correct." in kq.feedback and "try again" not in kq.feedback


def test_knowledge_check_multiple(module):
    """Does a multiple-response check mark each ticked option and say in words how many right
    options were left out?"""
    q = next(q for q in module.knowledge_check if q.kind == "multiple" and len(q.correct_ids) > 1)
    wrong = next(o for o in q.options if not o.correct)
    kq = KnowledgeQuestion(q, 1)
    kq.control.widget.choose(q.correct_ids[0], wrong.id)
    kq.check.click()
    shown = kq.feedback
    assert "Not quite." in shown and "✔ Right to tick:" in shown and "✘ Not one to tick:" in shown
    left_out = len(q.correct_ids) - 1
    assert ("one more option" if left_out == 1 else "more options that apply") in shown
    assert "option(s)" not in shown
    kq.control.widget.choose(*q.correct_ids)
    kq.check.click()
    assert "Correct." in kq.feedback and "left out" not in kq.feedback


def test_knowledge_check_state_holds_no_feedback_before_checking(module):
    """Before the learner checks, is no option's feedback or correctness sent to the page?"""
    kc = widgets.knowledge_check("communities")
    state = all_states(kc)
    for q in module.knowledge_check:
        for o in q.options:
            assert o.feedback not in state


def test_scenario_plays_to_an_ending_and_restarts(module):
    """Can the scenario be played by choosing and continuing, reach an ending with a score, and
    start again?"""
    sc = module.scenarios[0]
    player = ScenarioPlayer(sc)
    for _ in range(20):
        if player.action.description == "Play again":
            break
        assert player.action.description == "Decide"
        choice = player.step.choices[0]
        player.choices.choose(choice.id)
        player.action.click()
        assert player.action.description == "Continue"
        assert choice.feedback.split()[0] in player.feedback
        player.action.click()
    assert "Ending:" in player.story.value and "You scored" in player.story.value
    player.action.click()
    assert player.current == sc.start and player.action.description == "Decide"


def test_scenario_asks_for_a_choice_before_deciding(module):
    """Does pressing Decide with nothing selected ask for a choice instead of moving on?"""
    player = ScenarioPlayer(module.scenarios[0])
    player.action.click()
    assert "Select one" in player.feedback
    assert player.current == module.scenarios[0].start


def best_path(sc, node=None):
    """(points, choice ids) of the best-scoring path from ``node``."""
    step = sc.node(node or sc.start)
    options = [
        (c.points + best_path(sc, c.next)[0], [c.id, *best_path(sc, c.next)[1]])
        for c in getattr(step, "choices", [])
    ]
    return max(options, default=(0, []))


def play(player, choice_ids):
    for choice_id in choice_ids:
        player.choices.choose(choice_id)
        player.action.click()
        player.action.click()


def test_best_path_scores_full_marks_and_reviews_each_decision(course):
    """In every shipped scenario, does the best path score full marks, and does the ending
    review each decision with what followed from it?"""
    for module in course.modules.values():
        for sc in module.scenarios:
            best, path = best_path(sc)
            player = ScenarioPlayer(sc)
            play(player, path)
            assert f"You scored {best} out of {best}" in player.story.value, sc.id
            assert player.story.value.count("<strong>Decision ") == len(path), sc.id


def test_a_weaker_first_decision_always_costs_points(course):
    """In every shipped scenario, does each first choice worth less than the best one end with a
    lower score, even when every later decision is the best one (played through the widget)?"""
    checked = 0
    for module in course.modules.values():
        for sc in module.scenarios:
            best, _ = best_path(sc)
            first = sc.node(sc.start)
            top = max(c.points for c in first.choices)
            for choice in (c for c in first.choices if c.points < top):
                rest_points, rest = best_path(sc, choice.next)
                player = ScenarioPlayer(sc)
                play(player, [choice.id, *rest])
                got = choice.points + rest_points
                assert f"You scored {got} out of {best}" in player.story.value, sc.id
                assert got < best, (sc.id, choice.id)
                checked += 1
    assert checked >= len(course.modules)  # at least one weaker first choice per scenario


def choice(module):
    """The module quiz's choice questions (tests/test_graded_controls.py has the other kinds)."""
    return [q for q in module.quiz.questions if q.kind in ("single", "multiple", "true_false")]


def test_graded_quiz_saves_each_answer_as_given(module, tmp_path):
    """Does each answer land in responses.json the moment it is given, in the agreed shape?"""
    quiz = GradedQuiz(choice(module), ResponseStore(tmp_path))
    for gq in quiz.questions:
        if gq.question.kind == "multiple":
            gq.control.widget.choose(*gq.question.option_ids[:2])
        else:
            gq.control.widget.choose(gq.question.option_ids[0])
        assert "saved" in gq.status.value
    saved = json.loads((tmp_path / RESPONSES_FILE).read_text())
    for q in choice(module):
        expected = q.option_ids[:2] if q.kind == "multiple" else q.option_ids[0]
        assert saved[q.id] == expected


def test_graded_quiz_shows_saved_answers_and_never_overwrites(module, tmp_path):
    """Does re-running show the saved answers, without writing the file?"""
    q1, q2 = choice(module)[:2]
    path = tmp_path / RESPONSES_FILE
    path.write_text(json.dumps({q1.id: q1.option_ids[-1]}))
    before = path.stat().st_mtime_ns, path.read_bytes()
    quiz = GradedQuiz(choice(module), ResponseStore(tmp_path))
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
    assert quiz.questions[0].control.value == q1.option_ids[-1]
    assert quiz.questions[1].control.value is None
    assert "Not answered yet" in quiz.questions[1].status.value


def test_graded_quiz_state_holds_no_key(module, tmp_path):
    """Is nothing of the key (correctness, feedback) in the graded widgets' synced state?"""
    quiz = widgets.graded_quiz("communities", tmp_path)
    state = all_states(quiz)
    assert '"correct"' not in state
    for q in module.quiz.questions:
        for o in getattr(q, "options", []):
            assert o.feedback not in state


def test_graded_quiz_with_a_corrupt_file_warns_and_keeps_it(module, tmp_path):
    """Does a corrupt response file give a readable warning, and survive the next answer?"""
    (tmp_path / RESPONSES_FILE).write_text("{oops")
    quiz = GradedQuiz(choice(module), ResponseStore(tmp_path))
    assert "could not be read" in quiz.questions[0].status.value
    first = quiz.questions[0]
    first.control.set(first.question.option_ids[0])
    if first.question.kind != "multiple":
        first.control.widget.choose(first.question.option_ids[1])
    assert list(tmp_path.glob(f"{RESPONSES_FILE}.unreadable-*"))


def test_unknown_module_shows_a_message_not_a_traceback():
    """Does a cell naming content that does not exist show a short message to the learner?"""
    shown = widgets.knowledge_check("no_such_module")
    assert isinstance(shown, w.HTML)
    assert "could not be loaded" in shown.value and "Traceback" not in shown.value


def test_controls_are_labelled(module):
    """Has every button a visible label, every option its text, and every group a legend?"""
    kc = KnowledgeQuestion(first_of_kind(module.knowledge_check, "multiple"), 1)
    assert kc.check.description == "Check answer"
    assert kc.control.widget.legend.startswith("<h3>Question 1</h3>")
    assert all(o["label"] for o in kc.control.widget.options)
    player = ScenarioPlayer(module.scenarios[0])
    assert player.action.description and all(o["label"] for o in player.choices.options)
    assert player.choices.legend.startswith("<h4>Decision 1</h4>")


def _moved_key(q):
    """The same question with its key on other options (not validated: a test double)."""
    return q.model_copy(update={"options": [o.model_copy(update={"correct": not o.correct})
                                            for o in q.options]})  # fmt: skip


def _shape(widget: w.Widget) -> str:
    """All synced state with model ids (references, and a choice group's own) blanked, so two
    builds can be compared."""
    import re

    blank = re.sub(r"IPY_MODEL_[0-9a-f]+", "IPY_MODEL", all_states(widget))
    return re.sub(r'"_ref": "[0-9a-f]{32}"', '"_ref": "ID"', blank)


def test_graded_and_practice_widgets_are_the_same_whatever_the_key(module, tmp_path):
    """Does nothing the page receives depend on which options are right (a class, a label, an
    order), for graded questions and for practice questions before they are checked?"""
    for q in choice(module):
        a = GradedQuiz([q], ResponseStore(tmp_path))
        b = GradedQuiz([_moved_key(q)], ResponseStore(tmp_path))
        assert sorted(_shape(a).splitlines()) == sorted(_shape(b).splitlines()), q.id
    for q in module.knowledge_check:
        a, b = KnowledgeQuestion(q, 1), KnowledgeQuestion(_moved_key(q), 1)
        assert sorted(_shape(a).splitlines()) == sorted(_shape(b).splitlines()), q.id
