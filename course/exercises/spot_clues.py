"""Spot the clues: the learner picks the details of a pictured post that give a child away. The
picks of a scene are scored (found, missed, wrongly picked) with feedback on every detail, and
the scene's layout says where the photo sits in its drawn picture, so that the same numbers place
the drawing (course/render/figures.py) and the clickable areas over it (the widget). Pure
functions: no widgets, no I/O.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from course.model.exercise import Region, Scene, SpotClues

# --- the layout of a drawn scene, in inches (y measured upwards, as matplotlib does) -----------

#: Picture width, the post frame's left edge and width, the photo's height.
WIDTH, POST_X, POST_W, PHOTO_H = 10.0, 1.0, 8.0, 4.6
#: Room above the post, for the account header, and below the caption.
MARGIN, HEADER_H, CAPTION_PAD = 0.3, 0.75, 0.35
CAPTION_SIZE = 12  # points
CAPTION_LINE = CAPTION_SIZE * 1.45 / 72


@dataclass(frozen=True)
class Frame:
    """Where the parts of a drawn scene sit: the picture's size and the photo's box, in inches."""

    width: float
    height: float
    photo: tuple[float, float, float, float]  # left, bottom, width, height
    caption: list[str]


def caption_lines(scene: Scene) -> list[str]:
    """The caption wrapped to the post's width (about 0.56 em a character)."""
    chars = int((POST_W - 0.4) * 72 / (CAPTION_SIZE * 0.56))
    return [ln for line in scene.caption for ln in (textwrap.wrap(line, chars) or [""])]


def frame(scene: Scene) -> Frame:
    """The layout of a scene's picture: account header, photo, caption, in a post frame."""
    caption = caption_lines(scene)
    caption_h = len(caption) * CAPTION_LINE + CAPTION_PAD
    height = MARGIN + HEADER_H + PHOTO_H + caption_h + MARGIN
    photo_y = MARGIN + caption_h
    return Frame(WIDTH, height, (POST_X, photo_y, POST_W, PHOTO_H), caption)


def css_box(scene: Scene, region: Region) -> tuple[float, float, float, float]:
    """A region's place on the drawn picture as CSS percentages: left, top, width, height.

    A region's x, y, w and h are shares of the photo; its y is the bottom edge, measured up from
    the photo's bottom, while CSS measures ``top`` down from the picture's top.
    """
    f = frame(scene)
    px, py, pw, ph = f.photo
    left = (px + region.x * pw) / f.width
    top = (f.height - (py + (region.y + region.h) * ph)) / f.height
    return (100 * left, 100 * top, 100 * region.w * pw / f.width, 100 * region.h * ph / f.height)


def overlaps(scene: Scene) -> list[tuple[str, str]]:
    """Pairs of regions that overlap (a click there could not tell which was meant)."""
    found = []
    for i, a in enumerate(scene.regions):
        for b in scene.regions[i + 1 :]:
            apart = (a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y
                     or b.y + b.h <= a.y)  # fmt: skip
            if not apart:
                found.append((a.id, b.id))
    return found


# --- picks, scores, feedback -------------------------------------------------------------------


def clean_picks(scene: Scene, picks: object) -> list[str]:
    """The saved picks of a scene that still fit it: known region ids, in the scene's order."""
    if not isinstance(picks, list | tuple):
        return []
    wanted = {p for p in picks if isinstance(p, str)}
    return [r.id for r in scene.regions if r.id in wanted]


def clean_state(exercise: SpotClues, saved: object) -> dict[str, list[str]]:
    """A learner's saved state ({scene id: [region ids]}) with whatever does not fit left out."""
    if not isinstance(saved, dict):
        return {}
    return {s.id: clean_picks(s, saved[s.id]) for s in exercise.scenes if s.id in saved}


@dataclass(frozen=True)
class Score:
    """How a scene's picks went."""

    found: int  # details that give the child away, picked
    total: int  # details that give the child away, in all
    wrong: int  # harmless details picked

    @property
    def perfect(self) -> bool:
        return self.found == self.total and self.wrong == 0


def score(scene: Scene, picks: list[str]) -> Score:
    """Count the clues found and the harmless details picked."""
    chosen = set(picks)
    clues = [r for r in scene.regions if r.gives_away]
    found = sum(r.id in chosen for r in clues)
    wrong = sum(r.id in chosen for r in scene.regions if not r.gives_away)
    return Score(found, len(clues), wrong)


#: (picked, gives away) -> symbol and verdict, told in words and symbols.
VERDICTS = {
    (True, True): ("✔", "Found"),
    (False, True): ("✘", "Missed"),
    (True, False): ("✘", "Picked, but harmless"),
    (False, False): ("✔", "Rightly left alone"),
}


@dataclass(frozen=True)
class Note:
    """Feedback on one detail of a scene."""

    region: Region
    picked: bool

    @property
    def right(self) -> bool:
        return self.picked == self.region.gives_away

    @property
    def symbol(self) -> str:
        return VERDICTS[self.picked, self.region.gives_away][0]

    @property
    def verdict(self) -> str:
        return VERDICTS[self.picked, self.region.gives_away][1]


def notes(scene: Scene, picks: list[str]) -> list[Note]:
    """Feedback on every detail, picked or not, in the scene's order."""
    chosen = set(picks)
    return [Note(r, r.id in chosen) for r in scene.regions]


def summary(result: Score) -> str:
    """The scene's result in one sentence: found N of M, wrongly picked K."""
    details = "detail" if result.wrong == 1 else "details"
    return (
        f"Found {result.found} of {result.total} details that give the child away; "
        f"wrongly picked {result.wrong} harmless {details}."
    )
