"""Warnings about questions a learner could answer without reading, and feedback that reads badly.

These do not stop a build (`validate --strict` makes them errors; the shipped content has none):
- the correct options are the longest in more than a third of a module's choice questions;
- the key sits in one position in more than half of its single-choice questions, every
  true/false key is the same, or multiple-response keys are mostly the first few options;
- absolute words (always, never, only...) mark wrong options far more often than right ones;
- option feedback opens with a verdict ("Correct.", "Not quite") that the page already gives.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from course.model import Module, Question
from course.problems import Loc, Problem
from course.text import plain

ABSOLUTE = re.compile(
    r"\b(always|never|only|all|none|nothing|nobody|every|everyone|everything|must|completely|"
    r"automatically|guaranteed?|any time)\b",
    re.IGNORECASE,
)
#: A verdict word that opens feedback and is followed by punctuation ("No." but not "No one").
VERDICT = re.compile(
    r"^(correct|right|wrong|incorrect|not quite|yes|no|well done|exactly|good|true|false)"
    r"\s*[.,!:;—–-]",
    re.IGNORECASE,
)


def _questions(module: Module) -> list[tuple[Loc, Question]]:
    kc = [(("knowledge_check", i), q) for i, q in enumerate(module.knowledge_check)]
    graded = [(("quiz", "questions", i), q) for i, q in enumerate(module.graded)]
    return kc + [(loc, q) for loc, q in graded if isinstance(q, Question)]


def keys_are_longest(q: Question) -> bool:
    """Are the correct options longer than every wrong one (a give-away)?"""
    right = [len(plain(o.text)) for o in q.options if o.correct]
    wrong = [len(plain(o.text)) for o in q.options if not o.correct]
    return min(right) > max(wrong)


Located = list[tuple[Loc, Question]]


def _longest(path: Path, questions: Located) -> list[Problem]:
    items = [(loc, q) for loc, q in questions if q.kind != "true_false"]
    longest = [q.id for _, q in items if keys_are_longest(q)]
    if items and len(longest) * 3 > len(items):
        msg = (
            f"the correct options are the longest in {len(longest)} of {len(items)} choice "
            f"questions ({', '.join(longest)}); expected at most a third: write options of "
            "similar length"
        )
        return [Problem(path, (), msg)]
    return []


def _positions(path: Path, module: Module) -> list[Problem]:
    problems = []
    single = [q for _, q in _questions(module) if q.kind == "single"]
    where = Counter(q.option_ids.index(q.correct_ids[0]) + 1 for q in single)
    if len(single) >= 4 and where and max(where.values()) * 2 > len(single):
        pos, n = where.most_common(1)[0]
        msg = (
            f"the key is option {pos} in {n} of {len(single)} single-choice questions; "
            "expected it spread across positions"
        )
        problems.append(Problem(path, (), msg))
    tf = [q.correct_ids[0] for _, q in _questions(module) if q.kind == "true_false"]
    if len(tf) >= 3 and len(set(tf)) == 1:
        msg = f"every true/false key is '{tf[0]}' ({len(tf)} questions); expected a mix"
        problems.append(Problem(path, (), msg))
    multi = [q for _, q in _questions(module) if q.kind == "multiple"]
    prefix = [q.id for q in multi if q.correct_ids == q.option_ids[: len(q.correct_ids)]]
    if len(multi) >= 2 and len(prefix) * 2 > len(multi):
        msg = (
            f"in {len(prefix)} of {len(multi)} multiple-response questions "
            f"({', '.join(prefix)}) the key is the first options; expected it spread"
        )
        problems.append(Problem(path, (), msg))
    return problems


def _absolutes(path: Path, questions: Located) -> list[Problem]:
    right, wrong = [], []
    for _, q in questions:
        if q.kind == "true_false":
            continue
        for o in q.options:
            (right if o.correct else wrong).append(bool(ABSOLUTE.search(plain(o.text))))
    if not right or not wrong:
        return []
    share_wrong, share_right = sum(wrong) / len(wrong), sum(right) / len(right)
    if sum(wrong) >= 3 and share_wrong - share_right > 0.2:
        msg = (
            f"absolute words (always, never, only, all...) are in {share_wrong:.0%} of wrong "
            f"options but {share_right:.0%} of right ones; expected no such give-away"
        )
        return [Problem(path, (), msg)]
    return []


def _verdicts(path: Path, questions: Located) -> list[Problem]:
    problems = []
    for loc, q in questions:
        for j, o in enumerate(q.options):
            m = VERDICT.match(o.feedback)
            if m:
                msg = (
                    f"feedback opens with a verdict ('{m.group(0).strip()}'); the page already "
                    "says whether the answer is right: start with why"
                )
                problems.append(Problem(path, (*loc, "options", j, "feedback"), msg))
    return problems


def module_warnings(path: Path, module: Module) -> list[Problem]:
    """Every warning for one module."""
    questions = _questions(module)
    return (
        _longest(path, questions)
        + _positions(path, module)
        + _absolutes(path, questions)
        + _verdicts(path, questions)
    )


def pool_warnings(path: Path, questions: Located) -> list[Problem]:
    """The same warnings for a file of pooled items (positions aside: options are shuffled for
    each learner)."""
    return _longest(path, questions) + _absolutes(path, questions) + _verdicts(path, questions)
