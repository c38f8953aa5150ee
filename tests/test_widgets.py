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
    """Does checking a wrong answer explain it, and checking again after a change say correct?"""
    q = first_of_kind(module.knowledge_check, "single")
    kq = KnowledgeQuestion(q, 1)
    wrong = next(o for o in q.options if not o.correct)
    kq.control.radio.value = wrong.id
    kq.check.click()
    assert "Not quite" in kq.result.value
    assert wrong.feedback.split()[0] in kq.result.value
    kq.control.radio.value = q.correct_ids[0]
    kq.check.click()
    assert "Correct." in kq.result.value


def test_knowledge_check_multiple(module):
    """Does a multiple-response check take ticks from checkboxes and count the missed ones?"""
    q = first_of_kind(module.knowledge_check, "multiple")
    kq = KnowledgeQuestion(q, 1)
    first_correct = q.correct_ids[0]
    for option, box in zip(q.options, kq.control.boxes, strict=True):
        box.value = option.id == first_correct
    kq.check.click()
    if len(q.correct_ids) > 1:
        assert "Not quite" in kq.result.value and "not ticked yet" in kq.result.value
    for option, box in zip(q.options, kq.control.boxes, strict=True):
        box.value = option.correct
    kq.check.click()
    assert "Correct." in kq.result.value


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
        player.choices.value = choice.id
        player.action.click()
        assert player.action.description == "Continue"
        assert choice.feedback.split()[0] in player.result.value
        player.action.click()
    assert "Ending:" in player.story.value and "You scored" in player.story.value
    player.action.click()
    assert player.current == sc.start and player.action.description == "Decide"


def test_scenario_asks_for_a_choice_before_deciding(module):
    """Does pressing Decide with nothing selected ask for a choice instead of moving on?"""
    player = ScenarioPlayer(module.scenarios[0])
    player.action.click()
    assert "Select one" in player.result.value
    assert player.current == module.scenarios[0].start


def test_best_path_scores_full_marks(module):
    """Is there a path to the best ending, and does the player report its full score?"""
    sc = module.scenarios[0]
    best = max(sc.endings, key=lambda e: e.score)
    path = find_path(sc, sc.start, best.id)
    player = ScenarioPlayer(sc)
    for choice_id in path:
        player.choices.value = choice_id
        player.action.click()
        player.action.click()
    assert f"You scored {best.score} out of {best.score}" in player.story.value


def find_path(sc, start, target, seen=()):
    """Choice ids leading from ``start`` to ``target`` (depth first)."""
    node = sc.node(start)
    for c in getattr(node, "choices", []):
        if c.next == target:
            return [c.id]
        if c.next not in seen:
            rest = find_path(sc, c.next, target, (*seen, start))
            if rest is not None:
                return [c.id, *rest]
    return None


def test_graded_quiz_saves_each_answer_as_given(module, tmp_path):
    """Does each answer land in responses.json the moment it is given, in the agreed shape?"""
    quiz = GradedQuiz(module.quiz.questions, ResponseStore(tmp_path))
    for gq in quiz.questions:
        if gq.question.kind == "multiple":
            gq.control.boxes[0].value = True
            gq.control.boxes[1].value = True
        else:
            gq.control.radio.value = gq.question.option_ids[0]
        assert "saved" in gq.status.value
    saved = json.loads((tmp_path / RESPONSES_FILE).read_text())
    for q in module.quiz.questions:
        expected = q.option_ids[:2] if q.kind == "multiple" else q.option_ids[0]
        assert saved[q.id] == expected


def test_graded_quiz_shows_saved_answers_and_never_overwrites(module, tmp_path):
    """Does re-running show the saved answers, without writing the file?"""
    q1, q2 = module.quiz.questions[:2]
    path = tmp_path / RESPONSES_FILE
    path.write_text(json.dumps({q1.id: q1.option_ids[-1]}))
    before = path.stat().st_mtime_ns, path.read_bytes()
    quiz = GradedQuiz(module.quiz.questions, ResponseStore(tmp_path))
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
        for o in q.options:
            assert o.feedback not in state


def test_graded_quiz_with_a_corrupt_file_warns_and_keeps_it(module, tmp_path):
    """Does a corrupt response file give a readable warning, and survive the next answer?"""
    (tmp_path / RESPONSES_FILE).write_text("{oops")
    quiz = GradedQuiz(module.quiz.questions, ResponseStore(tmp_path))
    assert "could not be read" in quiz.questions[0].status.value
    first = quiz.questions[0]
    first.control.set(first.question.option_ids[0])
    if first.question.kind != "multiple":
        first.control.radio.value = first.question.option_ids[1]
    assert list(tmp_path.glob(f"{RESPONSES_FILE}.unreadable-*"))


def test_unknown_module_shows_a_message_not_a_traceback():
    """Does a cell naming content that does not exist show a short message to the learner?"""
    shown = widgets.knowledge_check("no_such_module")
    assert isinstance(shown, w.HTML)
    assert "could not be loaded" in shown.value and "Traceback" not in shown.value


def test_controls_are_labelled(module):
    """Has every button a visible label, and every checkbox its option text?"""
    kc = KnowledgeQuestion(first_of_kind(module.knowledge_check, "multiple"), 1)
    assert kc.check.description == "Check answer"
    assert all(box.description for box in kc.control.boxes)
    player = ScenarioPlayer(module.scenarios[0])
    assert player.action.description and all(label for label, _ in player.choices.options)
