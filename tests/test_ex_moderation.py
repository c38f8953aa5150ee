"""The moderation queue: the content (enough posts of each kind, a pattern across a thread, live
posts with replies, no tells), the pure rules (cards, scoring, saved decisions) and the widget
without a browser."""

from __future__ import annotations

import html
import re
from statistics import mean
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from course.exercises import moderation as rules
from course.model.exercise import ACTION_LABELS, ACTIONS, ModerationQueue, Round
from course.widgets.exercises.moderation import (
    CHANGED,
    CHECK,
    NOTHING_DECIDED,
    ModerationWidget,
)

EXERCISE = "comm_ex_queue"


@pytest.fixture
def queue(course) -> ModerationQueue:
    return course.module("communities").exercise(EXERCISE)


class Recorder:
    def __init__(self, answer: str | None = None):
        self.states: list[dict] = []
        self.answer = answer

    def __call__(self, state: dict) -> str | None:
        self.states.append(state)
        return self.answer


def all_right(queue: ModerationQueue) -> dict[str, str]:
    return {p.id: p.correct for p in queue.posts}


def wrong(action: str) -> str:
    return next(a for a in ACTIONS if a != action)


def text_of(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup)


# --- content ------------------------------------------------------------------------------------


def test_the_queue_is_in_the_communities_module(course, queue):
    """Is the queue there with at least 12 posts, every decision among them, guidance its module
    covers (at most 3), a pre-moderated round first and a live round after it?"""
    module = course.module("communities")
    assert queue.kind == "moderation" and len(queue.posts) >= 12
    assert set(queue.guidance) <= set(module.covers) and 1 <= len(queue.guidance) <= 3
    assert [r.mode for r in queue.rounds] == ["before", "after"]
    counts = {a: sum(p.correct == a for p in queue.posts) for a in ACTIONS}
    assert all(n >= 3 for n in counts.values()), counts
    for rnd in queue.rounds:
        assert {p.correct for p in rnd.posts} == set(ACTIONS), rnd.id


def test_a_pattern_shows_only_across_a_thread(queue):
    """Is there a thread whose earlier messages are rightly approved while its last is escalated,
    with feedback on the last that explains the pattern and warns against a silent removal?"""
    threads: dict[str, list] = {}
    for p in queue.posts:
        if p.thread:
            threads.setdefault(p.thread, []).append(p)
    patterns = [
        ps
        for ps in threads.values()
        if len(ps) >= 3
        and ps[-1].correct == "escalate"
        and all(p.correct == "approve" for p in ps[:-1])
    ]
    assert patterns, threads.keys()
    last = patterns[0][-1]
    assert "pattern" in last.feedback["approve"] and "pattern" in last.feedback["remove"]
    assert re.search(r"evidence|keep", last.feedback["remove"], re.I)
    assert len({p.author for p in patterns[0]}) >= 2  # a conversation, not one voice


def test_live_posts_have_replies_and_their_feedback_says_what_was_seen(queue):
    """In the live round, does every post show replies, and does the feedback on removing a live
    post deal with the replies and what others have already seen?"""
    live = next(r for r in queue.rounds if r.mode == "after")
    assert all(p.replies for p in live.posts)
    removals = [p for p in live.posts if p.correct == "remove"]
    assert removals
    for p in removals:
        fb = p.feedback["remove"].lower()
        assert "repl" in fb and re.search(r"seen|read", fb), p.id


def test_escalations_are_never_a_silent_removal(queue):
    """Does every escalation's feedback on Remove say why removing alone is not enough, and on
    Escalate say to keep or note what happened and tell the lead?"""
    for p in queue.posts:
        if p.correct == "escalate":
            assert re.search(r"lead", p.feedback["remove"], re.I), p.id
            assert re.search(r"keep|note|write down", p.feedback["escalate"], re.I), p.id
            assert re.search(r"Priya|lead", p.feedback["escalate"]), p.id


def test_no_answer_is_given_away_by_length_or_id(queue):
    """Are posts of each right decision about as long as the others (means within 15%), is the
    longest post of a round not always an escalation, and do ids and authors say nothing?"""
    lengths = {a: [len(p.text) for p in queue.posts if p.correct == a] for a in ACTIONS}
    means = [mean(v) for v in lengths.values()]
    assert max(means) / min(means) < 1.15, lengths
    longest = [max(r.posts, key=lambda p: len(p.text)).correct for r in queue.rounds]
    assert set(longest) != {"escalate"}
    for p in queue.posts:
        assert re.fullmatch(r"mod_p\d\d", p.id), p.id
    authors = {}
    for p in queue.posts:
        authors.setdefault(p.author, set()).add(p.correct)
    assert any(len(v) > 1 for v in authors.values())  # the same member is not always right


def test_no_pre_moderated_post_is_live(queue):
    """Does a pre-moderated round refuse posts with replies (nothing there has been seen)?"""
    data = queue.rounds[0].model_dump()
    data["posts"][0]["replies"] = ["Someone: seen it"]
    with pytest.raises(ValidationError, match="pre-moderated"):
        Round.model_validate(data)


# --- the card -----------------------------------------------------------------------------------


def test_the_card_shows_the_post_and_never_the_answer(queue):
    """Does each card show the author, the text and the thread, the live badge and replies only
    when live, and nothing of the right decision or its feedback?"""
    for p in queue.posts:
        card = rules.post_html(p)
        assert p.author in card
        assert ("Already live" in card) == bool(p.replies)
        for reply in p.replies:
            assert html.escape(reply.split(": ", 1)[-1]) in card
        if p.thread:
            assert p.thread in card
        for a in ACTIONS:
            assert p.feedback[a][:40] not in card
        for word in ("approve", "remove", "escalate", "correct", "right"):
            assert word not in card.lower()


def test_the_card_escapes_html_and_takes_a_public_post():
    """Is raw HTML in a post escaped, and does a graded queue's public post (no ``sent``) draw?"""
    post = SimpleNamespace(
        id="x", author="<b>Bad</b>", text="Hello *hi* <script>alert(1)</script>", thread=None,
        replies=["<i>Eve</i>: <img src=x>", "no name here"],
    )  # fmt: skip
    card = rules.post_html(post)
    assert "<script>" not in card and "<b>Bad" not in card and "<img" not in card
    assert "<em>hi</em>" in card and "Already live" in card and "2 replies" in card


def test_threads_are_grouped_and_numbered_across_rounds(queue):
    """Are a thread's posts kept together where it starts, and are posts numbered 1..n across
    the rounds in the order shown?"""
    a, b, c = (SimpleNamespace(id=i, thread=t) for i, t in [("a", "T"), ("b", None), ("c", "T")])
    assert [p.id for p in rules.grouped([a, b, c])] == ["a", "c", "b"]
    numbers = rules.numbered(queue)
    assert sorted(numbers.values()) == list(range(1, len(queue.posts) + 1))


# --- scoring ------------------------------------------------------------------------------------


def test_scoring_counts_each_post(queue):
    """Does every right decision score, a wrong or missing one not, and does the summary say
    how many are right and how many are undecided?"""
    posts = queue.rounds[0].posts
    made = {p.id: p.correct for p in posts}
    assert rules.score(posts, made).right == len(posts)
    made[posts[0].id] = wrong(posts[0].correct)
    del made[posts[1].id]
    result = rules.score(posts, made)
    assert (result.right, result.total, result.undecided) == (len(posts) - 2, len(posts), 1)
    assert (
        rules.summary(result) == f"{len(posts) - 2} of {len(posts)} right. 1 post not yet decided."
    )
    first = result.results[0]
    assert first.right is False and first.feedback == posts[0].feedback[first.decision]
    assert rules.decision_line(first).startswith(f"You chose: {ACTION_LABELS[first.decision]}. ✘")
    assert result.results[1].right is None and result.results[1].feedback == ""


@pytest.mark.parametrize(
    "raw", [None, "approve", [1, 2], {"mod_p01": "delete"}, {"nope": "approve"}, {"mod_p01": 3}]
)
def test_malformed_decisions_are_ignored(queue, raw):
    """Are decisions that fit no post or no action dropped, never raised on?"""
    assert rules.clean_decisions(queue.posts, raw) == {}
    assert rules.score(queue.posts, raw if isinstance(raw, dict) else {}).right == 0


# --- the widget ---------------------------------------------------------------------------------


def test_widget_has_a_labelled_decision_per_post_and_no_key(queue):
    """Does each post get a card and three unchosen, labelled decisions, with the root tagged for
    the page and nothing of the right answers in any widget before checking?"""
    wd = ModerationWidget(queue, None, Recorder())
    assert f"course-{EXERCISE}-exercise" in wd._dom_classes
    numbers = rules.numbered(queue)
    for p in queue.posts:
        radio = wd.radios[p.id]
        assert radio.value is None and radio.index is None
        assert radio.options == tuple((ACTION_LABELS[a], a) for a in ACTIONS)
        assert radio.description == f"Decision on post {numbers[p.id]}:"
    shown = repr(wd.get_state()) + "".join(
        repr(c.get_state()) for r in wd.children for c in r.children
    )
    for p in queue.posts:
        for a in ACTIONS:
            assert p.feedback[a][:40] not in shown
    assert all(r.value == "" for r in wd.results.values())
    assert [b.description for b in wd.checks.values()] == [CHECK] * len(queue.rounds)


def test_widget_checks_a_round_and_saves(queue):
    """Deciding posts saves them; checking a round shows each decision, right or not with the
    feedback for the decision made, and the round's score; a change marks it stale."""
    save = Recorder()
    wd = ModerationWidget(queue, None, save)
    first = queue.rounds[0]
    for p in first.posts:
        wd.radios[p.id].value = p.correct
    miss = first.posts[-1]
    wd.radios[miss.id].value = wrong(miss.correct)
    assert save.states[-1]["decisions"][miss.id] == wrong(miss.correct)
    assert set(save.states[-1]) == {"decisions"}
    wd.checks[first.id].click()
    out = wd.results[first.id].value
    n = len(first.posts)
    assert f"{n - 1} of {n} right." in out
    assert out.count("✔ Right.") == n - 1 and out.count("✘ Not the best call.") == 1
    assert f"You chose: {ACTION_LABELS[wrong(miss.correct)]}" in out
    assert text_of(rules.md(miss.feedback[wrong(miss.correct)]))[:60] in text_of(out)
    assert 'role="status"' in out
    assert wd.results[queue.rounds[1].id].value == ""  # the other round is untouched
    wd.radios[miss.id].value = miss.correct
    assert CHANGED in wd.results[first.id].value
    wd.checks[first.id].click()
    assert f"{n} of {n} right." in wd.results[first.id].value


def test_live_round_feedback_speaks_of_the_replies(queue):
    """Checking the live round after removing a live post: does the feedback say to deal with
    the replies?"""
    wd = ModerationWidget(queue, None, Recorder())
    live = queue.rounds[1]
    post = next(p for p in live.posts if p.correct == "remove")
    wd.radios[post.id].value = "remove"
    wd.checks[live.id].click()
    out = wd.results[live.id].value
    assert "repl" in text_of(out).lower() and "1 of" in out
    assert "not yet decided" in out


def test_checking_nothing_says_what_to_do(queue):
    """With no decision in a round, does checking ask for one instead of scoring zero?"""
    wd = ModerationWidget(queue, None, Recorder())
    wd.checks[queue.rounds[0].id].click()
    assert NOTHING_DECIDED in wd.results[queue.rounds[0].id].value


def test_reload_restores_without_writing_and_tolerates_junk(queue):
    """Does a saved state come back on load, unknown or malformed parts ignored, nothing saved?"""
    saved = {"decisions": {"mod_p01": "remove", "mod_p02": "nonsense", "zzz": "approve"}}
    save = Recorder()
    wd = ModerationWidget(queue, saved, save)
    assert wd.decisions == {"mod_p01": "remove"} and save.states == []
    for junk in (None, {"decisions": "x"}, {"decisions": [1]}, {"other": 1}):
        assert ModerationWidget(queue, junk, save).decisions == {}
    assert save.states == []


def test_a_failed_save_is_told(queue):
    """When the state cannot be saved, does the learner read why?"""
    wd = ModerationWidget(queue, None, Recorder("Your answers could not be saved."))
    first = queue.rounds[0]
    wd.radios[first.posts[0].id].value = "approve"
    assert "could not be saved" in wd.results[first.id].value
    wd.checks[first.id].click()
    assert "could not be saved" in wd.results[first.id].value
    assert "1 of" in wd.results[first.id].value


def test_through_the_page_function(queue, monkeypatch):
    """Does widgets.exercise() build this widget for the module page?"""
    import course.widgets as widgets

    wd = widgets.exercise("communities", EXERCISE)
    assert isinstance(wd, ModerationWidget)
