"""The record of concern: a learner's short written record of a fictional disclosure, checked
automatically against the content's rules. Pure functions: no widgets, no I/O.

Three kinds of check (course.model.exercise.TextCheck):

- ``present``: some pattern matches (ignoring case), such as a date or the safeguarding lead told;
- ``absent``: no pattern matches, such as an opinion ("I think", "attention seeking") or a promise
  of secrecy. The child's own words, quoted, are left out of these checks: a child who writes
  "please don't tell anyone" has not made the writer promise anything;
- ``quote``: some quoted passage (straight or curly, double or single quotes) repeats at least
  four words in a row of something the child said, ignoring case and punctuation.

The graded written item reuses :func:`run_checks` and :func:`summary` for the trainer's comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from course.documents import Document
from course.model.exercise import ConcernRecord, TextCheck
from course.text import plain

#: How many words in a row a quoted passage must share with the child's words.
QUOTE_RUN = 4

#: Quoted passages: straight or curly, double or single quotes. A single quote only opens after
#: a space or bracket and only closes before one, so apostrophes ("don't") are not quotes.
QUOTED = [
    re.compile(r'"([^"]+)"'),
    re.compile(r"“([^”]+)”"),
    re.compile(r"(?<![\w’'])'(.+?)'(?![\w])", re.S),
    re.compile(r"(?<![\w’'])‘(.+?)’(?![\w])", re.S),
]

TITLE = "Record of concern (practice)"
FOOTER = (
    "This is fictional practice from a training course whose people and groups are invented. "
    "A real record of concern goes only through your organisation's own system, as your "
    "safeguarding policy says, and to your safeguarding lead."
)


@dataclass(frozen=True)
class CheckResult:
    """One check of a record: its id and label, whether it passed, and the feedback (Markdown)."""

    check_id: str
    label: str
    passed: bool
    message: str


def words(text: str) -> list[str]:
    """The words of a text in lower case, apostrophes dropped ("He's" -> "hes"), punctuation
    ignored."""
    return re.findall(r"[a-z0-9]+", re.sub(r"['’‘`]", "", text.lower()))


def word_count(text: str) -> int:
    """How many words the text has."""
    return len(words(text))


def quoted_spans(text: str) -> list[str]:
    """Every passage of the text inside quotation marks."""
    return [m.group(1) for pattern in QUOTED for m in pattern.finditer(text)]


def _runs(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def repeats_child(span: str, child_words: Iterable[str]) -> bool:
    """Whether a passage repeats at least four words in a row of one thing the child said (all of
    it, if the child said fewer words)."""
    mine = words(span)
    for said in child_words:
        theirs = words(said)
        n = min(QUOTE_RUN, len(theirs))
        if n and _runs(mine, n) & _runs(theirs, n):
            return True
    return False


def without_child_quotes(text: str, child_words: list[str]) -> str:
    """The text with the child's own quoted words blanked out (for the absent checks)."""
    for pattern in QUOTED:
        text = pattern.sub(
            lambda m: " " if repeats_child(m.group(1), child_words) else m.group(0), text
        )
    return text


def _normal(text: str) -> str:
    """Curly apostrophes as straight ones, so that "wouldn’t" matches a pattern "wouldn't"."""
    return text.replace("’", "'").replace("‘", "'")


def first_match(text: str, patterns: list[str]) -> str | None:
    """The first text any pattern matches (ignoring case), or None."""
    for p in patterns:
        m = re.search(p, _normal(text), re.IGNORECASE)
        if m:
            return m.group(0)
    return None


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~])", r"\\\1", " ".join(text.split()))


def _md_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def run_check(text: str, check: TextCheck, child_words: list[str]) -> CheckResult:
    """One check of a record."""
    found = None
    if check.kind == "quote":
        passed = any(repeats_child(s, child_words) for s in quoted_spans(text))
    elif check.kind == "present":
        passed = first_match(text, check.patterns) is not None
    else:
        found = first_match(without_child_quotes(text, child_words), check.patterns)
        passed = found is None
    message = check.met if passed else check.unmet
    if found:
        message += f" (Found: “{_md_escape(found)}”.)"
    return CheckResult(check.id, check.label, passed, message)


def run_checks(text: str, checks: list[TextCheck], child_words: list[str]) -> list[CheckResult]:
    """Every check of a record, in the content's order."""
    return [run_check(text, c, child_words) for c in checks]


def summary(results: list[CheckResult]) -> str:
    """The results as short plain text, one line a check ("✔ label" or "✘ label: why"), for the
    learner's download or a trainer's comment."""
    lines = []
    for r in results:
        if r.passed:
            lines.append(f"✔ {r.label}")
        else:
            body, found, tail = r.message.partition(" (Found: “")
            tail = f"{found}{_md_unescape(tail)}" if found else ""
            lines.append(f"✘ {r.label}: {first_sentence(body)}{tail}")
    return "\n".join(lines)


def first_sentence(markdown: str) -> str:
    """The first sentence of a Markdown message, as plain text."""
    text = " ".join(plain(markdown).split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return m.group(1) if m else text


def too_short(text: str, min_words: int) -> str | None:
    """A sentence for the learner if the record is shorter than ``min_words``, else None."""
    n = word_count(text)
    if n >= min_words:
        return None
    return (
        f"Your record has {n} word{'s' if n != 1 else ''}. A useful record usually needs at "
        f"least {min_words}: say what happened, what the child said, what you did and whom you "
        "told. The checks below are still shown."
    )


def clean_text(saved: object) -> str:
    """The record text in a saved state, or "" if the state does not hold one."""
    if isinstance(saved, dict) and isinstance(saved.get("text"), str):
        return saved["text"]
    return ""


def record_document(exercise: ConcernRecord, text: str, results: list[CheckResult]) -> Document:
    """The learner's record and its checks, to download."""
    doc = Document(TITLE).p(FOOTER).h(exercise.title).h("Your record")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    for p in paragraphs or ["(No record written yet.)"]:
        doc.p(" ".join(p.split()))
    doc.h("Automatic checks")
    for line in summary(results).splitlines():
        doc.li(line)
    doc.p(
        "Automatic checks look for the parts a record needs; they cannot judge it. Read your "
        "record again as your safeguarding lead would."
    )
    return doc
