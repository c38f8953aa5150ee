"""The spot-the-clues exercise: the pure rules (scores, feedback, layout), its content and drawn
pictures, and the widget without a browser."""

from __future__ import annotations

import html
import re

import ipywidgets as w
import pytest
from PIL import Image

from course.exercises import spot_clues as rules
from course.model.exercise import SpotClues
from course.render import figures, pictures
from course.widgets.exercises.spot_clues import (
    CHANGED,
    NO_PICTURE,
    SpotCluesWidget,
    scene_css,
)
from tests.conftest import REPO


@pytest.fixture
def ex(course) -> SpotClues:
    return course.module("privacy").exercise("priv_spot_clues")


@pytest.fixture
def in_notebooks(monkeypatch):
    """Pages run with notebooks/ as their folder; the pictures are read from there."""
    monkeypatch.chdir(REPO / "notebooks")


def clues(scene) -> list[str]:
    return [r.id for r in scene.regions if r.gives_away]


def harmless(scene) -> list[str]:
    return [r.id for r in scene.regions if not r.gives_away]


# --- pure rules ---------------------------------------------------------------------------------


def test_score_counts_found_and_wrong_picks(ex):
    """Are clues found, clues missed and harmless details picked counted apart?"""
    scene = ex.scenes[0]
    assert rules.score(scene, clues(scene)).perfect
    result = rules.score(scene, clues(scene)[:2] + harmless(scene)[:1])
    assert (result.found, result.total, result.wrong) == (2, len(clues(scene)), 1)
    assert not result.perfect
    assert rules.score(scene, []).found == 0
    assert rules.summary(result) == (
        f"Found 2 of {len(clues(scene))} details that give the child away; "
        "wrongly picked 1 harmless detail."
    )
    assert "wrongly picked 0 harmless details" in rules.summary(rules.score(scene, []))


def test_every_region_gets_its_verdict(ex):
    """Does every detail, picked or not, get the verdict that fits it, in scene order?"""
    scene = ex.scenes[1]
    picks = [clues(scene)[0], harmless(scene)[0]]
    got = {n.region.id: (n.symbol, n.verdict, n.right) for n in rules.notes(scene, picks)}
    assert list(got) == [r.id for r in scene.regions]
    assert got[clues(scene)[0]] == ("✔", "Found", True)
    assert got[clues(scene)[1]] == ("✘", "Missed", False)
    assert got[harmless(scene)[0]] == ("✘", "Picked, but harmless", False)
    assert got[harmless(scene)[1]] == ("✔", "Rightly left alone", True)


@pytest.mark.parametrize(
    "saved",
    [None, "x", 3, [], {"priv_scene_nia": "front_door"}, {"priv_scene_nia": [1, None, {}]},
     {"nowhere": ["front_door"]}],
)  # fmt: skip
def test_malformed_saved_state_is_ignored(ex, saved):
    """Is saved state of the wrong shape, or with unknown ids, left out rather than a crash?"""
    state = rules.clean_state(ex, saved)
    assert all(v == [] for v in state.values()) and set(state) <= {s.id for s in ex.scenes}


def test_saved_picks_keep_known_ids_in_scene_order(ex):
    scene = ex.scenes[0]
    ids = [r.id for r in scene.regions]
    saved = {scene.id: [ids[3], "gone", ids[1], ids[1]]}
    assert rules.clean_state(ex, saved) == {scene.id: [ids[1], ids[3]]}


def test_css_box_turns_photo_shares_into_picture_percentages(ex):
    """Does a region's box on the page measure from the picture's top, where the photo sits?"""
    scene = ex.scenes[0]
    f = rules.frame(scene)
    px, py, pw, ph = f.photo
    region = scene.regions[0].model_copy(update={"x": 0, "y": 0, "w": 1, "h": 1})
    left, top, width, height = rules.css_box(scene, region)
    assert left == pytest.approx(100 * px / f.width)
    assert top == pytest.approx(100 * (f.height - py - ph) / f.height)
    assert width == pytest.approx(100 * pw / f.width)
    assert height == pytest.approx(100 * ph / f.height)
    low = region.model_copy(update={"y": 0, "h": 0.1})
    assert rules.css_box(scene, low)[1] == pytest.approx(
        100 * (f.height - py - 0.1 * ph) / f.height
    )


# --- content and pictures -----------------------------------------------------------------------


def test_scenes_are_clickable_and_neutrally_labelled(ex):
    """No two details overlap (a click names one), and no label says whether it is risky."""
    assert len(ex.scenes) >= 2
    for scene in ex.scenes:
        assert rules.overlaps(scene) == [], scene.id
        for r in scene.regions:
            assert not re.search(r"risk|safe|harmless|clue|give|danger", r.label, re.I), r.label
            assert r.looks != "box", f"{scene.id}/{r.id} is drawn as a plain box"


def test_scene_pictures_are_built_current_and_the_size_of_their_frame(course, ex):
    """Is each scene drawn by the build into notebooks/images, stamped with what it was drawn
    from, and exactly as big as the layout the clickable areas are placed by?"""
    drawn = pictures(course)
    for scene in ex.scenes:
        rel = next(p for p, fig in drawn.items() if fig is scene)
        assert rel.as_posix() == f"notebooks/images/{scene.id}.png"
        path = REPO / rel
        assert figures.recorded_hash(path) == figures.spec_hash(scene, [])
        f = rules.frame(scene)
        with Image.open(path) as img:
            size = (f.width * figures.DPI, f.height * figures.DPI)
            assert all(abs(a - b) <= 1 for a, b in zip(img.size, size, strict=True)), img.size
    changed = ex.scenes[0].model_copy(update={"header": "someone_else"})
    assert figures.spec_hash(changed, []) != figures.spec_hash(ex.scenes[0], [])


# --- the widget ---------------------------------------------------------------------------------


class Saver:
    def __init__(self, problem: str | None = None):
        self.states, self.problem = [], problem

    def __call__(self, state: dict) -> str | None:
        self.states.append(state)
        return self.problem


def everything_shown(widget: w.Widget) -> str:
    """All text, tooltips and classes the widget tree sends to the page."""
    parts = []
    for attr in ("value", "description", "tooltip", "_dom_classes"):
        parts.append(str(getattr(widget, attr, "")))
    for child in getattr(widget, "children", ()):
        parts.append(everything_shown(child))
    return " ".join(parts)


def test_nothing_gives_the_answer_away_before_checking(ex, in_notebooks):
    """Before Check my picks, do no feedback, verdicts or scores reach the page?"""
    wd = SpotCluesWidget(ex, None, Saver())
    shown = everything_shown(wd)
    for scene in ex.scenes:
        for r in scene.regions:
            assert r.feedback.strip()[:40] not in shown
    for word in ("Found", "Missed", "harmless", "gives_away", "✔ ", "✘"):
        assert word not in shown.replace("✔ Picked", ""), word


def test_picture_toggles_and_list_stay_in_step_and_save(ex, in_notebooks):
    """Does picking on the picture tick the list (and the other way round), save the picks, and
    keep the picture's buttons out of the Tab order?"""
    saver = Saver()
    wd = SpotCluesWidget(ex, None, saver)
    view = wd.scenes[0]
    picture = next(c for c in view.children if "course-spot-picture" in c._dom_classes)
    image, *areas = picture.children
    alt = html.escape(" ".join(view.scene.alt.split()), quote=True)
    assert f'alt="{alt}"' in image.value
    assert "data:image/png;base64," in image.value
    assert len(areas) == len(view.scene.regions) and all(not a.tabbable for a in areas)
    assert [a.tooltip for a in areas] == [r.label for r in view.scene.regions]
    areas[1].value = True
    assert view.boxes[view.scene.regions[1].id].value is True
    view.boxes[view.scene.regions[4].id].value = True
    assert areas[4].value is True
    assert saver.states[-1] == {
        ex.scenes[0].id: [view.scene.regions[1].id, view.scene.regions[4].id],
        ex.scenes[1].id: [],
    }


def test_check_gives_score_and_feedback_on_every_region(ex, in_notebooks):
    """Does Check my picks show found N of M, the wrong picks, and every detail's verdict and
    why; and does changing a pick afterwards take the old feedback down?"""
    saver = Saver()
    wd = SpotCluesWidget(ex, None, saver)
    view = wd.scenes[1]
    scene = view.scene
    for rid in clues(scene)[:3] + harmless(scene)[:1]:
        view.boxes[rid].value = True
    view.check.click()
    shown = view.result.value
    assert f"Found 3 of {len(clues(scene))} details" in shown
    assert "wrongly picked 1 harmless detail." in shown
    for r in scene.regions:
        assert r.feedback.split()[0] in shown and r.label.replace("'", "&#x27;") in shown
    assert shown.count("✔ Found:") == 3 and shown.count("✘ Picked, but harmless:") == 1
    assert shown.count("✘ Missed:") == len(clues(scene)) - 3
    assert wd.scenes[0].result.value == ""  # the other scene is not checked
    assert saver.states[-1][scene.id] == view.picks
    view.boxes[clues(scene)[0]].value = False
    assert CHANGED in view.result.value and "Found:" not in view.result.value


def test_all_found_is_told_as_right(ex, in_notebooks):
    wd = SpotCluesWidget(ex, None, Saver())
    view = wd.scenes[0]
    for rid in clues(view.scene):
        view.boxes[rid].value = True
    view.check.click()
    assert "✔ Found " in view.result.value and "✘" not in view.result.value


def test_reload_restores_picks_without_saving(ex, in_notebooks):
    """Does a page opened again show the saved picks, on the picture and in the list, and save
    nothing until the learner changes something?"""
    saver = Saver()
    first = SpotCluesWidget(ex, None, saver)
    picks = clues(ex.scenes[0])[:2] + harmless(ex.scenes[0])[:1]
    for rid in picks:
        first.scenes[0].boxes[rid].value = True
    again = Saver()
    wd = SpotCluesWidget(ex, saver.states[-1], again)
    assert again.states == []
    assert set(wd.scenes[0].picks) == set(picks)
    picture = next(c for c in wd.scenes[0].children if "course-spot-picture" in c._dom_classes)
    assert sum(a.value for a in picture.children[1:]) == len(picks)
    assert wd.scenes[0].result.value == ""


def test_bad_saved_state_and_a_failed_save(ex, in_notebooks):
    """Does a malformed saved state load as no picks, and a save that fails say so?"""
    saver = Saver("Your answers could not be saved.")
    wd = SpotCluesWidget(ex, {"priv_scene_nia": "front_door", "priv_scene_kai": [3]}, saver)
    assert wd.state == {s.id: [] for s in ex.scenes}
    wd.scenes[0].boxes[clues(ex.scenes[0])[0]].value = True
    assert "could not be saved" in wd.status.value


def test_missing_picture_leaves_the_list(ex, tmp_path, monkeypatch):
    """With no picture beside the page, does the learner get a sentence and the list still work?"""
    monkeypatch.chdir(tmp_path)
    wd = SpotCluesWidget(ex, None, Saver())
    view = wd.scenes[0]
    assert NO_PICTURE in view.children[1].value
    view.boxes[clues(view.scene)[0]].value = True
    view.check.click()
    assert "Found 1 of" in view.result.value
    assert "course-priv_spot_clues-exercise" in wd._dom_classes


def test_css_places_every_area(ex):
    css = scene_css(ex.scenes[0])
    for r in ex.scenes[0].regions:
        left, top, *_ = rules.css_box(ex.scenes[0], r)
        assert f".course-{ex.scenes[0].id}-{r.id}-area {{ left: {left:.3f}%; top: {top:.3f}%" in css


def test_drawn_outlines_sit_where_the_page_places_the_areas(ex):
    """Is each region's outline, as drawn in the picture, where the widget puts its button (so a
    click on a drawn detail picks that detail)?"""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    for scene in ex.scenes:
        fig = figures.draw_scene(scene)
        fig.canvas.draw()
        width, height = fig.bbox.width, fig.bbox.height
        outlines = {p.get_gid(): p for p in fig.axes[0].patches if isinstance(p, Rectangle)}
        for region in scene.regions:
            patch = outlines[f"region:{region.id}"]
            ext = patch.get_window_extent()
            drawn = (100 * ext.x0 / width, 100 * (height - ext.y1) / height,
                     100 * ext.width / width, 100 * ext.height / height)  # fmt: skip
            assert drawn == pytest.approx(rules.css_box(scene, region), abs=0.2), region.id
        plt.close(fig)
