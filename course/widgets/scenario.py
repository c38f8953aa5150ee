"""The branching scenario player: decide, read the consequence, go on, reach an ending, replay."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from course.model import Ending, Scenario, Step
from course.scoring import best_points, path_points
from course.widgets.choice import ChoiceGroup
from course.widgets.common import GOOD, md, note, plain, tagged


class ScenarioPlayer(w.VBox):
    """Plays one scenario.

    One button does everything, so keyboard focus never has to move: it reads "Decide" while a
    choice is open, "Continue" after the feedback, and "Play again" at an ending.
    """

    def __init__(self, scenario: Scenario, on_ending: Callable[[str, object], None] | None = None):
        self.scenario, self.on_ending = scenario, on_ending
        self.intro = w.HTML(md(scenario.intro))  # the page's heading above names the scenario
        self.story = w.HTML()  # the ending; each decision is the choice group's legend
        self.choices = ChoiceGroup(feedback_class=f"course-{scenario.id}-result")
        self.action = w.Button(button_style="primary")
        self.action.on_click(self._on_action)
        super().__init__([self.intro, self.story, self.choices, self.action])
        tagged(self, scenario.id)
        tagged(self.choices, f"{scenario.id}-choices")
        tagged(self.action, f"{scenario.id}-action")
        self.restart()

    @property
    def feedback(self) -> str:
        """What the last decision led to (or a request to choose), as HTML."""
        return self.choices.feedback

    @property
    def step(self) -> Step:
        """The step being played."""
        node = self.scenario.node(self.current)
        assert isinstance(node, Step)
        return node

    def restart(self) -> None:
        """Go back to the first step."""
        self.path: list[str] = []
        self.picks: list[tuple[str, str]] = []
        self._show(self.scenario.start)

    def _show(self, node_id: str) -> None:
        self.current, self.pending = node_id, None
        node = self.scenario.node(node_id)
        self.choices.feedback = ""
        if isinstance(node, Ending):
            self._show_ending(node)
            return
        self.path.append(node_id)
        self.story.value = ""
        self.choices.legend = f"<h4>Decision {len(self.path)}</h4>{md(node.text)}"
        self.choices.options = [{"id": c.id, "label": plain(c.text)} for c in node.choices]
        self.choices.value = []
        self.choices.disabled = False
        self.action.description = "Decide"
        self.action.tooltip = "Confirm the choice you selected"

    def _show_ending(self, ending: Ending) -> None:
        score, best = path_points(self.scenario, self.picks), best_points(self.scenario)
        self.story.value = (
            f"<h4>Ending: {html.escape(ending.title)}</h4>"
            + note(f"You scored {score} out of {best}.", GOOD, "★")
            + md(ending.debrief)
            + self._review()
        )
        # The group's questions go (its fieldset hides when empty); its live region stays, to
        # announce the ending to someone who cannot see it appear below.
        self.choices.legend, self.choices.options = "", []
        self.choices.announce(
            note(f"The scenario has ended: {ending.title}. You scored {score} out of {best}.")
            + "<p>Your debrief and a review of your decisions are just above.</p>"
        )
        self.action.description = "Play again"
        self.action.tooltip = "Start the scenario again from the beginning"
        tagged(self.story, f"{self.scenario.id}-ending")
        if self.on_ending:
            self.on_ending(self.scenario.id, {"ending": ending.id, "points": score, "best": best})

    def _review(self) -> str:
        """Each decision the learner made, what followed from it, and the points it earned."""
        items = []
        for number, (step_id, choice_id) in enumerate(self.picks, start=1):
            step = self.scenario.node(step_id)
            choice = next(c for c in step.choices if c.id == choice_id)
            worth = f"{choice.points} point{'s' if choice.points != 1 else ''}"
            items.append(
                f"<li><p><strong>Decision {number}:</strong> {html.escape(plain(choice.text))} "
                f"({worth})</p>{md(choice.feedback)}</li>"
            )
        return f"<h5>Your decisions</h5><ol>{''.join(items)}</ol>"

    def _on_action(self, _button: w.Button | None = None) -> None:
        if self.action.description == "Play again":
            self.restart()
        elif self.pending is not None:
            self._show(self.pending)
        elif not self.choices.value:
            self.choices.announce(note("Select one of the options first."))
        else:
            choice = next(c for c in self.step.choices if c.id == self.choices.value[0])
            self.picks.append((self.current, choice.id))
            self.choices.announce(md(choice.feedback))
            self.choices.disabled = True
            self.pending = choice.next
            self.action.description = "Continue"
            self.action.tooltip = "Go on to what happens next"
