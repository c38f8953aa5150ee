"""Draw the course's pictures with matplotlib, from the figure data in the content.

Colours come from the Okabe-Ito palette (told apart with every common colour-vision deficiency);
meaning never rests on colour alone (every box carries words, every note a number). Text is dark
on light tints, well above WCAG AA contrast. Each PNG records a hash of what it was drawn from, so
`build --check` can tell a stale picture without comparing pixels that vary between matplotlib
versions.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import (  # noqa: E402
    Circle,
    Ellipse,
    FancyArrowPatch,
    FancyBboxPatch,
    Polygon,
    Rectangle,
)

from course.exercises import spot_clues  # noqa: E402
from course.model.exercise import Region, Scene  # noqa: E402
from course.model.figure import (  # noqa: E402
    CardsFigure,
    CourseMapFigure,
    Figure,
    FlowFigure,
    MockupFigure,
)

#: Okabe-Ito hues (borders, markers) and light tints of them (fills), paired in order.
HUES = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
TINTS = ["#E3EEF6", "#F9E6DB", "#DDF1EB", "#F6E7F0", "#FBF0D9", "#E4F2FA"]
#: Darker shades of the hues, for text: at least 4.5:1 on white and on every tint (WCAG AA).
TEXT_HUES = ["#005A8C", "#A63D00", "#00704F", "#8E3F6E", "#7A5200", "#005A8C"]
MARKER, LIVE = "#E69F00", "#B8341B"  # markers carry dark numbers; LIVE carries white text
INK, MUTED, PAPER, PHOTO = "#1A1A1A", "#4D4D4D", "#FFFFFF", "#EEF1F4"
WIDTH, DPI, FONT = 10.0, 110, 12
#: Characters per inch of line at FONT points (DejaVu Sans averages about 0.55 em per character).
CHARS_PER_INCH = 72 / (FONT * 0.56)
LINE = FONT * 1.45 / 72  # line height in inches
SPEC_KEY = "course-spec"


def wrap(text: str, width_in: float, size: float = FONT) -> list[str]:
    """Wrap text to lines that fit ``width_in`` inches at ``size`` points."""
    chars = max(8, int(width_in * 72 / (size * 0.56)))
    return textwrap.wrap(text, chars) or [""]


def _canvas(height: float):
    fig = plt.figure(figsize=(WIDTH, height), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(0, height)
    ax.axis("off")
    fig.patch.set_facecolor(PAPER)
    return fig, ax


def _title(ax, text: str, top: float) -> None:
    ax.text(0.3, top - 0.35, text, fontsize=FONT + 4, fontweight="bold", color=INK, va="center")


def _box(ax, x, y, w, h, fill, edge, radius=0.12, lw=1.6):
    ax.add_patch(
        FancyBboxPatch(
            (x, y), w, h, boxstyle=f"round,pad=0,rounding_size={radius}",
            facecolor=fill, edgecolor=edge, linewidth=lw,
        )
    )  # fmt: skip


def _lines(ax, x, y_top, lines, size=FONT, weight="normal", colour=INK, ha="left"):
    """Draw lines downwards from ``y_top``; return the y below the last line."""
    step = size * 1.45 / 72
    for i, line in enumerate(lines):
        ax.text(x, y_top - (i + 0.5) * step, line, fontsize=size, fontweight=weight,
                color=colour, va="center", ha=ha)  # fmt: skip
    return y_top - len(lines) * step


def draw_cards(fig_data: CardsFigure):
    """A grid of titled cards."""
    cols = fig_data.columns
    gap, margin = 0.25, 0.3
    card_w = (WIDTH - 2 * margin - (cols - 1) * gap) / cols
    rows = [fig_data.cards[i : i + cols] for i in range(0, len(fig_data.cards), cols)]
    wrapped = [[(wrap(c.heading, card_w - 0.4, FONT + 1), wrap(c.text, card_w - 0.4)) for c in r]
               for r in rows]  # fmt: skip
    heights = [max(0.5 + (len(h) + len(t)) * LINE for h, t in r) for r in wrapped]
    total = 0.9 + sum(heights) + gap * len(rows) + 0.2
    fig, ax = _canvas(total)
    _title(ax, fig_data.title, total)
    y = total - 0.9
    n = 0
    for row, row_h in zip(wrapped, heights, strict=True):
        y -= row_h
        for j, (head, body) in enumerate(row):
            x = margin + j * (card_w + gap)
            _box(ax, x, y, card_w, row_h, TINTS[n % len(TINTS)], HUES[n % len(HUES)])
            below = _lines(ax, x + 0.2, y + row_h - 0.2, head, FONT + 1, "bold")
            _lines(ax, x + 0.2, below - 0.08, body)
            n += 1
        y -= gap
    return fig


def _arrow(ax, x, y_from, y_to):
    ax.add_patch(
        FancyArrowPatch((x, y_from), (x, y_to), arrowstyle="-|>", mutation_scale=16,
                        color=MUTED, linewidth=1.6)
    )  # fmt: skip


def draw_flow(fig_data: FlowFigure):
    """Columns of boxes joined top to bottom by arrows."""
    n = len(fig_data.columns)
    gap, margin, arrow = 0.4, 0.3, 0.35
    col_w = (WIDTH - 2 * margin - (n - 1) * gap) / n
    cols = [[wrap(s, col_w - 0.4) for s in c.steps] for c in fig_data.columns]
    heads = [wrap(c.heading, col_w, FONT + 2) for c in fig_data.columns]
    head_h = max(len(h) for h in heads) * (FONT + 2) * 1.45 / 72 + 0.15
    col_h = [sum(0.3 + len(s) * LINE for s in c) + arrow * (len(c) - 1) for c in cols]
    total = 0.9 + head_h + max(col_h) + 0.3
    fig, ax = _canvas(total)
    _title(ax, fig_data.title, total)
    for k, (steps, head) in enumerate(zip(cols, heads, strict=True)):
        x = margin + k * (col_w + gap)
        y = _lines(ax, x + col_w / 2, total - 0.9, head, FONT + 2, "bold", TEXT_HUES[k], "center")
        y -= 0.15
        for i, step in enumerate(steps):
            h = 0.3 + len(step) * LINE
            _box(ax, x, y - h, col_w, h, TINTS[k], HUES[k])
            _lines(ax, x + col_w / 2, y - 0.15, step, ha="center")
            y -= h
            if i < len(steps) - 1:
                _arrow(ax, x + col_w / 2, y, y - arrow)
                y -= arrow
    return fig


def _marker(ax, x, y, number):
    ax.add_patch(Circle((x, y), 0.17, facecolor=MARKER, edgecolor=INK, linewidth=1.2,
                        zorder=5))  # fmt: skip
    ax.text(x, y, str(number), color=INK, fontsize=FONT - 1, fontweight="bold",
            ha="center", va="center", zorder=6)  # fmt: skip


def _items(ax, fig_data: MockupFigure, area: tuple[float, float, float, float]) -> None:
    """The labelled items in a mock-up's picture area, numbered when they carry a note."""
    ax0, ay0, aw, ah = area
    ax.add_patch(Rectangle((ax0, ay0), aw, ah, facecolor=PHOTO, edgecolor=MUTED, linewidth=1))
    number = 0
    for item in fig_data.items:
        x, y, w, h = ax0 + item.x * aw, ay0 + item.y * ah, item.w * aw, item.h * ah
        noted = bool(item.note)
        _box(ax, x, y, w, h, TINTS[4] if noted else PAPER, HUES[4] if noted else MUTED, 0.06, 1.3)
        # a noted item's label keeps clear of the marker on its top-right corner
        room = w - (0.45 if noted else 0.15)
        label = wrap(item.label, max(room, 0.5), FONT - 2)
        top = y + h / 2 + len(label) * (FONT - 2) * 1.45 / 72 / 2
        _lines(ax, x + (room + 0.08) / 2, top, label, FONT - 2, ha="center")
        if noted:
            number += 1
            _marker(ax, x + w, y + h, number)


def _key(ax, fig_data: MockupFigure, x, y_top, width) -> float:
    """The numbered notes beside or below a mock-up; return the y below them."""
    y = y_top
    notes = [i.note for i in fig_data.items if i.note]
    for number, note in enumerate(notes, start=1):
        _marker(ax, x + 0.17, y - 0.2, number)
        y = _lines(ax, x + 0.45, y - 0.08, wrap(note, width - 0.5)) - 0.15
    return y


def _key_height(fig_data: MockupFigure, width: float) -> float:
    notes = [i.note for i in fig_data.items if i.note]
    return sum(len(wrap(n, width - 0.5)) * LINE + 0.15 + 0.08 for n in notes)


def draw_post(fig_data: MockupFigure):
    """A social media post: header, photo with items, caption; numbered notes to the right."""
    post_w, key_x = 5.6, 6.3
    caption = [ln for line in fig_data.lines for ln in wrap(line, post_w - 0.4)]
    photo_h = 3.6
    post_h = 0.75 + photo_h + len(caption) * LINE + 0.35
    total = 0.9 + max(post_h, _key_height(fig_data, WIDTH - key_x - 0.2)) + 0.3
    fig, ax = _canvas(total)
    _title(ax, fig_data.title, total)
    top = total - 0.9
    _box(ax, 0.3, top - post_h, post_w, post_h, PAPER, MUTED, 0.1, 1.2)
    ax.add_patch(Circle((0.65, top - 0.38), 0.2, facecolor=HUES[5], edgecolor=MUTED))
    ax.text(1.0, top - 0.38, fig_data.header, fontsize=FONT, fontweight="bold", color=INK,
            va="center")  # fmt: skip
    _items(ax, fig_data, (0.3, top - 0.75 - photo_h, post_w, photo_h))
    _lines(ax, 0.5, top - 0.75 - photo_h - 0.15, caption)
    _key(ax, fig_data, key_x, top, WIDTH - key_x - 0.2)
    return fig


def draw_stream(fig_data: MockupFigure):
    """A livestream: a LIVE bar, the video with items, the chat; numbered notes below."""
    video_w = 6.0
    chat_w = WIDTH - 0.45 - (0.45 + video_w + 0.2)
    chat = [(who.strip(), wrap(said.strip() or who, chat_w - 0.2, FONT - 1), bool(said))
            for who, _, said in (line.partition(":") for line in fig_data.lines)]  # fmt: skip
    chat_h = sum((len(body) + has_name) * (FONT - 1) * 1.45 / 72 + 0.08
                 for _, body, has_name in chat)  # fmt: skip
    screen_h = max(4.6, chat_h + 0.9)
    key_h = _key_height(fig_data, WIDTH - 0.6)
    total = 0.9 + screen_h + 0.3 + key_h + 0.3
    fig, ax = _canvas(total)
    _title(ax, fig_data.title, total)
    top = total - 0.9
    _box(ax, 0.3, top - screen_h, WIDTH - 0.6, screen_h, PAPER, MUTED, 0.1, 1.2)
    _box(ax, 0.45, top - 0.5, 0.8, 0.34, LIVE, LIVE, 0.06, 1)
    ax.text(0.85, top - 0.33, "● LIVE", color=PAPER, fontsize=FONT - 1, fontweight="bold",
            ha="center", va="center")  # fmt: skip
    ax.text(1.4, top - 0.33, fig_data.header, fontsize=FONT, fontweight="bold", color=INK,
            va="center")  # fmt: skip
    _items(ax, fig_data, (0.45, top - screen_h + 0.15, video_w, screen_h - 0.8))
    chat_x = 0.45 + video_w + 0.2
    ax.text(chat_x, top - 0.33, "Live chat", fontsize=FONT, fontweight="bold", color=INK,
            va="center")  # fmt: skip
    y = top - 0.65
    for who, body, has_name in chat:
        y = _lines(ax, chat_x, y, [who] if has_name else [], FONT - 1, "bold", TEXT_HUES[0])
        y = _lines(ax, chat_x, y, body, FONT - 1) - 0.08
    _key(ax, fig_data, 0.3, top - screen_h - 0.3, WIDTH - 0.6)
    return fig


def draw_chat(fig_data: MockupFigure):
    """A message thread: the first sender's messages on the left, everyone else's on the right."""
    bubble_w = 5.0
    msgs = [line.partition(":") for line in fig_data.lines]
    first = msgs[0][0].strip() if msgs else ""
    wrapped = [(who.strip(), wrap(said.strip(), bubble_w - 0.4)) for who, _, said in msgs]
    heights = [0.3 + (1 + len(body)) * LINE for _, body in wrapped]
    total = 0.9 + 0.6 + sum(h + 0.2 for h in heights) + 0.3
    fig, ax = _canvas(total)
    _title(ax, fig_data.title, total)
    y = total - 0.9
    ax.text(WIDTH / 2, y - 0.25, fig_data.header, fontsize=FONT, fontweight="bold",
            color=INK, ha="center", va="center")  # fmt: skip
    y -= 0.6
    for (who, body), h in zip(wrapped, heights, strict=True):
        left = who == first
        x = 0.4 if left else WIDTH - 0.4 - bubble_w
        k = 0 if left else 2
        _box(ax, x, y - h, bubble_w, h, TINTS[k], HUES[k])
        below = _lines(ax, x + 0.2, y - 0.15, [who], FONT - 1, "bold", TEXT_HUES[k])
        _lines(ax, x + 0.2, below, body)
        y -= h + 0.2
    return fig


def draw_course_map(fig_data: CourseMapFigure, modules: list[tuple[str, int]]):
    """The modules in order, each with a bar as long as its minutes."""
    row = 0.55
    total = 0.9 + row * len(modules) + 0.5
    fig, ax = _canvas(total)
    _title(ax, fig_data.title, total)
    longest = max(m for _, m in modules)
    bar_x, bar_w = 6.3, 2.6
    for i, (title, minutes) in enumerate(modules):
        y = total - 1.2 - i * row
        ax.add_patch(Circle((0.6, y), 0.2, facecolor=TEXT_HUES[0], edgecolor=TEXT_HUES[0]))
        ax.text(0.6, y, str(i + 1), color=PAPER, fontsize=FONT, fontweight="bold",
                ha="center", va="center")  # fmt: skip
        if i < len(modules) - 1:
            ax.plot([0.6, 0.6], [y - 0.2, y - row + 0.2], color=MUTED, linewidth=1.5)
        ax.text(1.0, y, wrap(title, 5.1)[0], fontsize=FONT, color=INK, va="center")
        ax.add_patch(Rectangle((bar_x, y - 0.14), bar_w * minutes / longest, 0.28,
                               facecolor=TINTS[0], edgecolor=HUES[0]))  # fmt: skip
        ax.text(bar_x + bar_w * minutes / longest + 0.1, y, f"{minutes} min", fontsize=FONT,
                color=INK, va="center")  # fmt: skip
    return fig


# --- spot the clues scenes: a post whose photo shows each detail as a simple labelled object ---


def _door(ax, x, y, w, h):
    _box(ax, x + 0.1 * w, y, 0.8 * w, h, TINTS[1], HUES[1], 0.05)
    ax.add_patch(Circle((x + 0.78 * w, y + 0.5 * h), 0.05, facecolor=HUES[1], edgecolor=INK))


def _sign(ax, x, y, w, h):
    ax.add_patch(Rectangle((x + w / 2 - 0.04, y), 0.08, 0.5 * h, facecolor=MUTED))
    _box(ax, x, y + 0.35 * h, w, 0.65 * h, PAPER, TEXT_HUES[0], 0.05, 2.2)


def _person(ax, x, y, w, h):
    r = min(w * 0.28, h * 0.14)
    ax.add_patch(Circle((x + w / 2, y + h - r), r, facecolor=TINTS[4], edgecolor=INK))
    _box(ax, x + 0.1 * w, y + 0.3 * h, 0.8 * w, h - 2 * r - 0.3 * h, TINTS[0], HUES[0], 0.1)
    for leg in (0.3, 0.58):
        ax.add_patch(Rectangle((x + leg * w, y), 0.12 * w, 0.3 * h, facecolor=MUTED))
    ax.add_patch(
        Polygon(
            [
                (x + 0.62 * w, y + h - 2 * r - 0.12),
                (x + 0.78 * w, y + h - 2 * r - 0.12),
                (x + 0.7 * w, y + h - 2 * r - 0.32),
            ],
            facecolor=MARKER,
            edgecolor=INK,
        )
    )


def _bag(ax, x, y, w, h):
    ax.add_patch(Ellipse((x + w / 2, y + 0.8 * h), 0.5 * w, 0.35 * h, fill=False,
                         edgecolor=INK, linewidth=2))  # fmt: skip
    _box(ax, x, y, w, 0.8 * h, TINTS[3], HUES[3], 0.1)


def _tag(ax, x, y, w, h):
    _box(ax, x, y, w, h, PAPER, INK, 0.12, 1.4)
    cx, cy, r = x + 0.17, y + h / 2 + 0.08, min(0.09, h / 5)
    ax.add_patch(Polygon([(cx - r, cy), (cx + r, cy), (cx, cy - 2.2 * r)], facecolor=LIVE))
    ax.add_patch(Circle((cx, cy), r, facecolor=LIVE, edgecolor=LIVE))


def _tree(ax, x, y, w, h):
    ax.add_patch(Rectangle((x + 0.42 * w, y), 0.16 * w, 0.45 * h, facecolor=TINTS[1],
                           edgecolor=HUES[1]))  # fmt: skip
    ax.add_patch(Ellipse((x + w / 2, y + 0.66 * h), w, 0.66 * h, facecolor=TINTS[2],
                         edgecolor=HUES[2], linewidth=1.4))  # fmt: skip


def _sky(ax, x, y, w, h):
    ax.add_patch(Rectangle((x, y), w, h, facecolor=TINTS[5], edgecolor="none"))
    ax.add_patch(Circle((x + 0.85 * w, y + 0.68 * h), min(w, h) * 0.18, facecolor=TINTS[4],
                        edgecolor=HUES[4]))  # fmt: skip
    for cx in (0.2, 0.32, 0.44):
        ax.add_patch(Circle((x + cx * w, y + 0.72 * h), h * 0.14, facecolor=PAPER,
                            edgecolor=MUTED, linewidth=0.8))  # fmt: skip


def _animal(ax, x, y, w, h, ears: bool):
    ax.add_patch(Ellipse((x + 0.45 * w, y + 0.45 * h), 0.7 * w, 0.4 * h, facecolor=TINTS[4],
                         edgecolor=INK))  # fmt: skip
    hx, hy, r = x + 0.82 * w, y + 0.7 * h, min(0.16 * w, 0.22 * h)
    if ears:  # a cat's pointed ears; a dog's ears hang
        ax.add_patch(Polygon([(hx - r, hy), (hx - 0.2 * r, hy + 1.6 * r), (hx + r, hy)],
                             facecolor=TINTS[4], edgecolor=INK))  # fmt: skip
    else:
        ax.add_patch(Ellipse((hx - 0.7 * r, hy - 0.4 * r), 0.6 * r, 1.4 * r, facecolor=MUTED))
    ax.add_patch(Circle((hx, hy), r, facecolor=TINTS[4], edgecolor=INK))
    for leg in (0.2, 0.6):
        ax.add_patch(Rectangle((x + leg * w, y), 0.06 * w, 0.3 * h, facecolor=INK))


def _bus(ax, x, y, w, h):
    _box(ax, x, y + 0.15 * h, w, 0.85 * h, PAPER, TEXT_HUES[0], 0.12, 2)
    for k in range(4):
        ax.add_patch(Rectangle((x + (0.06 + 0.23 * k) * w, y + 0.7 * h), 0.18 * w, 0.2 * h,
                               facecolor=TINTS[5], edgecolor=MUTED))  # fmt: skip
    for cx in (0.22, 0.78):
        ax.add_patch(Circle((x + cx * w, y + 0.15 * h), 0.12 * h, facecolor=INK))


def _shop(ax, x, y, w, h):
    _box(ax, x, y, w, 0.7 * h, TINTS[0], HUES[0], 0.04)
    ax.add_patch(Rectangle((x + 0.1 * w, y + 0.12 * h), 0.35 * w, 0.4 * h, facecolor=PAPER,
                           edgecolor=MUTED))  # fmt: skip
    ax.add_patch(Rectangle((x + 0.6 * w, y), 0.25 * w, 0.5 * h, facecolor=TINTS[1],
                           edgecolor=HUES[1]))  # fmt: skip
    _box(ax, x, y + 0.72 * h, w, 0.28 * h, PAPER, TEXT_HUES[3], 0.04, 2)


def _ball(ax, x, y, w, h):
    r = min(w, h) * 0.35
    ax.add_patch(Circle((x + w / 2, y + h - r - 0.02), r, facecolor=PAPER, edgecolor=INK,
                        linewidth=1.6))  # fmt: skip
    ax.add_patch(Circle((x + w / 2, y + h - r - 0.02), r * 0.35, facecolor=INK))


LOOKS = {"door": _door, "sign": _sign, "person": _person, "bag": _bag, "tag": _tag,
         "tree": _tree, "sky": _sky, "cat": lambda *a: _animal(*a, ears=True),
         "dog": lambda *a: _animal(*a, ears=False), "bus": _bus, "shop": _shop, "ball": _ball,
         "box": lambda ax, x, y, w, h: _box(ax, x, y, w, h, PAPER, MUTED, 0.06)}  # fmt: skip
#: Where a region's label sits, as a share of its height up from its bottom edge.
LABEL_AT = {"sign": 0.67, "tag": 0.5, "shop": 0.86, "sky": 0.3, "bus": 0.45, "door": 0.3,
            "person": 0.5, "ball": 0.0}  # fmt: skip


def _region(ax, region: Region, photo: tuple[float, float, float, float]) -> None:
    """A detail as a simple object, outlined (every region alike), with its neutral label."""
    px, py, pw, ph = photo
    x, y, w, h = px + region.x * pw, py + region.y * ph, region.w * pw, region.h * ph
    LOOKS[region.looks](ax, x, y, w, h)
    ax.add_patch(Rectangle((x, y), w, h, fill=False, edgecolor=MUTED, linewidth=0.9,
                           linestyle=(0, (3, 3)), gid=f"region:{region.id}"))  # fmt: skip
    size, pin = FONT - 2, 0.3 if region.looks == "tag" else 0  # a tag's label clears its pin
    label = wrap(region.label, max(w - 0.12 - pin, 0.6), size)
    text_h = len(label) * size * 1.45 / 72
    centre = y + max(LABEL_AT.get(region.looks, 0.15) * h, text_h / 2 + 0.06)
    ax.text(x + (w + pin) / 2, centre, "\n".join(label), fontsize=size, color=INK, ha="center",
            va="center", linespacing=1.2, zorder=7,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": PAPER, "edgecolor": MUTED,
                  "linewidth": 0.8})  # fmt: skip


def draw_scene(scene: Scene):
    """A pictured post for spot the clues: the account, the photo's details, the caption. The
    photo sits where spot_clues.frame() says, so clicks on the picture land on its details."""
    f = spot_clues.frame(scene)
    fig = plt.figure(figsize=(f.width, f.height), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, f.width)
    ax.set_ylim(0, f.height)
    ax.axis("off")
    fig.patch.set_facecolor(PAPER)
    px, py, pw, ph = f.photo
    top = f.height - spot_clues.MARGIN
    _box(ax, px, spot_clues.MARGIN, pw, top - spot_clues.MARGIN, PAPER, MUTED, 0.1, 1.2)
    ax.add_patch(Circle((px + 0.35, top - 0.38), 0.2, facecolor=HUES[5], edgecolor=MUTED))
    ax.text(px + 0.7, top - 0.38, scene.header, fontsize=FONT, fontweight="bold", color=INK,
            va="center")  # fmt: skip
    ax.add_patch(Rectangle((px, py), pw, ph, facecolor=PHOTO, edgecolor=MUTED, linewidth=1))
    ax.add_patch(Rectangle((px, py), pw, ph * 0.3, facecolor=TINTS[2], edgecolor="none"))
    for region in scene.regions:
        _region(ax, region, f.photo)
    _lines(ax, px + 0.2, py - 0.15, f.caption, spot_clues.CAPTION_SIZE)
    return fig


def draw(figure: Figure | Scene, modules: list[tuple[str, int]]):
    """A matplotlib figure for one picture; ``modules`` is (title, minutes) for the course map."""
    if isinstance(figure, Scene):
        return draw_scene(figure)
    if isinstance(figure, CardsFigure):
        return draw_cards(figure)
    if isinstance(figure, FlowFigure):
        return draw_flow(figure)
    if isinstance(figure, CourseMapFigure):
        return draw_course_map(figure, modules)
    return {"post": draw_post, "stream": draw_stream, "chat": draw_chat}[figure.screen](figure)


def spec_hash(figure: Figure | Scene, modules: list[tuple[str, int]]) -> str:
    """A hash of everything a picture is drawn from: its data and this drawing code."""
    data = figure.model_dump(mode="json")
    if isinstance(figure, CourseMapFigure):
        data["modules"] = modules
    source = inspect.getsource(inspect.getmodule(draw))
    if isinstance(figure, Scene):  # the layout it is drawn to, from the exercise's rules
        source += repr((spot_clues.frame(figure), spot_clues.MARGIN, spot_clues.CAPTION_SIZE))
    text = json.dumps(data, sort_keys=True) + source + f"{DPI}"
    return hashlib.sha256(text.encode()).hexdigest()


def recorded_hash(path: Path) -> str | None:
    """The spec hash stored in a PNG drawn by this module, or None."""
    from PIL import Image

    try:
        with Image.open(path) as img:
            return img.text.get(SPEC_KEY)
    except (OSError, ValueError):
        return None


def save(figure: Figure | Scene, modules: list[tuple[str, int]], path: Path) -> None:
    """Draw the picture and write it as a PNG that records its spec hash."""
    fig = draw(figure, modules)
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"Software": None, SPEC_KEY: spec_hash(figure, modules)}
    fig.savefig(path, dpi=DPI, metadata=meta, facecolor=PAPER)
    plt.close(fig)
