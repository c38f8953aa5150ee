"""The page's few layout rules: long answer texts wrap instead of overlapping or being cut off.

Stock ipywidgets give each radio button and checkbox a one-line, fixed-height label, which
overlaps or truncates a sentence-long answer. These rules only touch the course's own widgets.
"""

from __future__ import annotations

import ipywidgets as w

CSS = """
.course-wrap .widget-radio-box label,
.course-wrap .widget-label-basic {
  height: auto; min-height: 28px; line-height: 1.45; white-space: normal;
  overflow: visible; display: flex; align-items: flex-start; gap: 8px; padding: 3px 0;
}
.course-wrap .widget-radio-box label input { order: -1; margin-top: 3px; flex-shrink: 0; }
.course-wrap .widget-label-basic span { white-space: normal; overflow: visible; }
.course-wrap .widget-checkbox { height: auto; }
.course-wrap input:focus-visible, .course-wrap ~ * button:focus-visible,
.jupyter-button:focus-visible { outline: 3px solid #0b5394; outline-offset: 2px; }
"""


def page_style() -> w.HTML:
    """A widget holding the course's CSS; the first cell of every built notebook shows it."""
    return w.HTML(f"<style>{CSS}</style>", layout=w.Layout(height="0px", overflow="hidden"))
