"""The spot-the-clues widget: each scene's picture with a clear button over every detail (for
mouse users; kept out of the Tab order), the same details as a list of checkboxes (for keyboard
and screen-reader users), kept in step, and a "Check my picks" button that scores the picks and
says why each detail does or does not give the child away. The rules are in
course.exercises.spot_clues; this only shows them."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle, ToggleButtonStyle

from course.exercises.spot_clues import clean_state, css_box, notes, score, summary
from course.model.exercise import Scene, SpotClues
from course.widgets.common import BAD, GOOD, INFO, md, note, tagged

CHANGED = "Your picks have changed since you checked them. Press Check my picks to see them again."
NO_PICTURE = (
    "The picture for this post could not be shown here. Use the list of details below instead."
)
PICKED = "#0b5394"

STYLE = f"""
.course-spot-picture {{ position: relative !important; display: block !important;
  width: 100%; max-width: 1100px; margin: 0 !important; padding: 0 !important; }}
.course-spot-picture .course-spot-image {{ margin: 0 !important; padding: 0 !important;
  width: 100% !important; height: auto !important; }}
.course-spot-image .widget-html-content {{ line-height: 0 !important; }}
.course-spot-picture img {{ display: block; width: 100%; height: auto; margin: 0; }}
.course-spot-area {{ position: absolute !important; margin: 0 !important; padding: 0 !important;
  min-width: 0 !important; background: transparent !important; box-shadow: none !important;
  border: 2px solid transparent !important; border-radius: 4px; cursor: pointer; }}
.course-spot-area:hover {{ border-color: #333333 !important; }}
.course-spot-area.mod-active {{ border: 3px solid {PICKED} !important;
  background: rgba(11, 83, 148, 0.12) !important; }}
.course-spot-area.mod-active::after {{ content: "✔ Picked"; position: absolute; top: 2px;
  left: 2px; padding: 1px 5px; border-radius: 3px; background: {PICKED}; color: #ffffff;
  font: 600 12px/1.4 sans-serif; }}
"""


def picture_src(scene: Scene, folder: Path | None = None) -> str | None:
    """The scene's drawn picture as a data URL (pages run with notebooks/ as their folder)."""
    path = (folder or Path.cwd() / "images") / f"{scene.id}.png"
    try:
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    except OSError:
        return None


def area_class(scene: Scene, region_id: str) -> str:
    return f"{scene.id}-{region_id}-area"


def scene_css(scene: Scene) -> str:
    """Where each detail's button sits over the picture (the same numbers it was drawn from)."""
    rules = []
    for r in scene.regions:
        left, top, width, height = css_box(scene, r)
        rules.append(
            f".course-{area_class(scene, r.id)} {{ left: {left:.3f}%; top: {top:.3f}%; "
            f"width: {width:.3f}% !important; height: {height:.3f}% !important; }}"
        )
    return "\n".join(rules)


def feedback_html(scene: Scene, picks: list[str]) -> str:
    """The score, then every detail with its verdict (in words and a symbol) and why."""
    result = score(scene, picks)
    colour, symbol = (GOOD, "✔") if result.perfect else (BAD, "✘")
    items = "".join(
        f"<li><strong>{n.symbol} {html.escape(n.verdict)}: {html.escape(n.region.label)}."
        f"</strong>{md(n.region.feedback)}</li>"
        for n in notes(scene, picks)
    )
    return note(summary(result), colour, symbol) + f"<ul>{items}</ul>"


class SceneView(w.VBox):
    """One pictured post: the picture with its buttons, the list, the check and the feedback."""

    def __init__(self, scene: Scene, on_change: Callable[[], None], on_check: Callable[[], None]):
        self.scene = scene
        self.boxes: dict[str, w.Checkbox] = {}
        box_layout, box_style = w.Layout(width="auto"), CheckboxStyle()
        area_layout, area_style = w.Layout(), ToggleButtonStyle()
        areas = []
        for r in scene.regions:
            box = w.Checkbox(value=False, description=r.label, indent=False,
                             layout=box_layout, style=box_style)  # fmt: skip
            area = w.ToggleButton(value=False, description="", tooltip=r.label,
                                  tabbable=False, layout=area_layout, style=area_style)  # fmt: skip
            w.link((area, "value"), (box, "value"))
            box.observe(lambda _change: (self.changed(), on_change()), names="value")
            self.boxes[r.id] = tagged(box, f"{scene.id}-{r.id}-box")
            areas.append(tagged(area, "spot-area", area_class(scene, r.id)))
        src = picture_src(scene)
        if src:
            alt = html.escape(" ".join(scene.alt.split()), quote=True)
            image = tagged(w.HTML(f'<img src="{src}" alt="{alt}">'), "spot-image")
            picture: w.Widget = tagged(
                w.Box([image, *areas]), "spot-picture", f"{scene.id}-picture"
            )
        else:
            picture = w.HTML(note(NO_PICTURE, BAD, "⚠"))
        self.check = tagged(
            w.Button(
                description="Check my picks",
                button_style="primary",
                tooltip=f"Check your picks for {scene.title}",
            ),
            f"{scene.id}-check",
        )
        self.check.on_click(lambda _b: on_check_scene())
        self.result = tagged(w.HTML(), f"{scene.id}-feedback")

        def on_check_scene() -> None:
            self.result.value = feedback_html(scene, self.picks)
            on_check()

        heading = w.HTML(f"<h3>{html.escape(scene.title)}</h3>")
        listed = w.HTML("<p>Or tick the details that give the child away in this list:</p>")
        super().__init__([heading, picture, listed, w.VBox(list(self.boxes.values())),
                          self.check, self.result])  # fmt: skip
        tagged(self, scene.id)

    @property
    def picks(self) -> list[str]:
        """The ids of the picked details, in the scene's order."""
        return [rid for rid, box in self.boxes.items() if box.value]

    def show(self, picks: list[str]) -> None:
        for rid, box in self.boxes.items():
            box.value = rid in picks

    def changed(self) -> None:
        """Feedback for picks that are no longer the learner's is taken down."""
        if self.result.value:
            self.result.value = note(CHANGED, INFO, "!")


class SpotCluesWidget(w.VBox):
    """Pick what gives the child away in each pictured post, then check."""

    def __init__(self, exercise: SpotClues, saved: dict | None, save: Callable[[dict], str | None]):
        self.exercise, self._save, self._restoring = exercise, save, False
        self.style = w.HTML(
            "<style>" + STYLE + "\n".join(scene_css(s) for s in exercise.scenes) + "</style>"
        )
        self.scenes = [SceneView(s, self._on_change, self._store) for s in exercise.scenes]
        self.status = tagged(w.HTML(), f"{exercise.id}-status")
        self._restoring = True
        state = clean_state(exercise, saved)
        for view in self.scenes:
            view.show(state.get(view.scene.id, []))
        self._restoring = False
        super().__init__([self.style, *self.scenes, self.status])
        tagged(self, f"{exercise.id}-exercise")

    @property
    def state(self) -> dict[str, list[str]]:
        """What is saved: the picked details of each scene."""
        return {v.scene.id: v.picks for v in self.scenes}

    def _on_change(self) -> None:
        if not self._restoring:
            self._store()

    def _store(self) -> None:
        problem = self._save(self.state)
        self.status.value = note(problem, BAD, "⚠") if problem else ""
