"""Are the pictures legible (WCAG AA contrast for every text colour), drawn from their data,
stamped with what they were drawn from, and shown with their alt text?"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from pydantic import TypeAdapter

from course.model.figure import Figure, FigureBase
from course.render import course_pack, figures, outputs, pictures
from tests.conftest import REPO

MODULES = [("First module", 10), ("Second module with a longer title", 40)]
SAMPLES = {
    "cards": {
        "kind": "cards", "columns": 2,
        "cards": [{"heading": "Content", "text": "What a child sees."},
                  {"heading": "Contact", "text": "Who reaches a child."}],
    },
    "flow": {
        "kind": "flow",
        "columns": [{"heading": "Before", "steps": ["Member posts", "Moderator checks"]},
                    {"heading": "After", "steps": ["Post is live", "Checked later"]}],
    },
    "post": {
        "kind": "mockup", "screen": "post", "header": "ruby_sings", "lines": ["Concert at 7pm"],
        "items": [{"label": "School badge", "x": 0.1, "y": 0.1, "w": 0.3, "h": 0.2,
                   "note": "Tells a stranger her school."},
                  {"label": "Dog", "x": 0.6, "y": 0.1, "w": 0.2, "h": 0.2}],
    },
    "stream": {
        "kind": "mockup", "screen": "stream", "header": "Showcase",
        "lines": ["nana: well done!", "guest_481: what school do u go to?"] * 4,
        "items": [{"label": "Host", "x": 0.4, "y": 0.05, "w": 0.2, "h": 0.5},
                  {"label": "Family photo", "x": 0.7, "y": 0.6, "w": 0.25, "h": 0.25,
                   "note": "Personal details on show."}],
    },
    "chat": {"kind": "mockup", "screen": "chat", "header": "Coach",
             "lines": ["Jade: can u add me?", "Dan: Please use the club chat."]},
    "course_map": {"kind": "course_map"},
}  # fmt: skip


def sample(name: str, **changes) -> Figure:
    data = {"id": f"fig_{name}", "title": f"A {name} picture", "alt": "x" * 40}
    return TypeAdapter(Figure).validate_python({**data, **SAMPLES[name], **changes})


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""

    def lum(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted([lum(a), lum(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_text_colour_meets_wcag_aa():
    """Does every text colour the pictures use reach 4.5:1 on every background it sits on?"""
    backgrounds = [figures.PAPER, figures.PHOTO, *figures.TINTS]
    pairs = [(figures.INK, bg) for bg in backgrounds]
    pairs += [(figures.MUTED, figures.PAPER)]
    pairs += [(hue, bg) for hue in figures.TEXT_HUES for bg in (figures.PAPER, *figures.TINTS)]
    pairs += [(figures.INK, figures.MARKER), (figures.PAPER, figures.LIVE)]
    pairs += [(figures.PAPER, figures.TEXT_HUES[0])]  # the course map's numbers
    low = [(a, b, round(contrast(a, b), 2)) for a, b in pairs if contrast(a, b) < 4.5]
    assert low == []


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_kind_draws_and_records_what_it_was_drawn_from(tmp_path, name):
    """Does each kind of picture draw to a PNG that carries the hash of its data, and does
    changing the data change that hash?"""
    fig = sample(name)
    path = tmp_path / f"{name}.png"
    figures.save(fig, MODULES, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert figures.recorded_hash(path) == figures.spec_hash(fig, MODULES)
    changed = sample(name, title="Another title")
    assert figures.spec_hash(changed, MODULES) != figures.spec_hash(fig, MODULES)


def test_course_map_hash_follows_the_modules():
    """Does the course map count as stale when a module's minutes change?"""
    fig = sample("course_map")
    assert figures.spec_hash(fig, MODULES) != figures.spec_hash(fig, [("First module", 11)])


def test_unreadable_image_has_no_hash(tmp_path):
    """Is a missing or non-PNG file treated as needing a fresh drawing, not as an error?"""
    (tmp_path / "bad.png").write_text("not a picture")
    assert figures.recorded_hash(tmp_path / "bad.png") is None
    assert figures.recorded_hash(tmp_path / "missing.png") is None


def test_every_picture_is_shown_with_its_alt_text(course):
    """Does every module page show each of its pictures with the alt text from the content?"""
    built = outputs(course, course_pack(REPO))
    assert pictures(course), "the course has no pictures"
    for rel, fig in pictures(course).items():
        if not isinstance(fig, FigureBase):  # a spot-the-clues scene: its widget shows it
            continue
        module = next(
            m for m in course.modules.values() if any(s.figure == fig for s in m.sections)
        )
        nb = nbformat.reads(built[Path("notebooks") / f"{module.id}.ipynb"], as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        alt = " ".join(fig.alt.split()).replace("[", "\\[").replace("]", "\\]")
        assert f"![{alt}](images/{rel.name})" in text, fig.id
