"""The page's stylesheet: a reading column, clear headings, boxed notes, and answer texts that wrap.

Stock ipywidgets give each radio button and checkbox a one-line, fixed-height label, which
overlaps or truncates a sentence-long answer; the `course-wrap` rules fix that. The reading-column
rules apply only under Voila (`body[data-voila]`), so JupyterLab's own layout is left alone.
Shown as plain HTML output, not a widget: it costs the page no widget model.
"""

from __future__ import annotations

from IPython.display import HTML

CSS = """
body[data-voila] #rendered_cells { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
body[data-voila] .jp-RenderedHTMLCommon { font-size: 1.0625rem; line-height: 1.6; }
body[data-voila] .jp-Cell { padding: 0; }
body[data-voila] { --jp-widgets-font-size: 16px; --jp-widgets-inline-height: 34px; }
body[data-voila] .widget-html-content { line-height: 1.55; }
.jp-RenderedHTMLCommon h1 { font-size: 2rem; line-height: 1.25; }
.jp-RenderedHTMLCommon h2 { font-size: 1.45rem; font-weight: 600; margin-top: 2.2rem;
  padding-top: 1rem;
  border-top: 1px solid #d0d7de; }
.jp-RenderedHTMLCommon h3 { font-size: 1.15rem; }
.jp-RenderedHTMLCommon img { max-width: 100%; height: auto; }
.jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited { text-decoration: underline; }
.jp-RenderedHTMLCommon table { display: block; overflow-x: auto; }
.jp-RenderedHTMLCommon blockquote { border-left: 4px solid #0b5394; background: #f3f7fb;
  margin: 1rem 0; padding: 0.5rem 1rem; color: #1a1a1a; }
.course-signpost { border: 2px solid #0b5394; border-radius: 8px; background: #f5f9fc;
  padding: 0.5rem 1rem; margin: 0.5rem 0 1rem; color: #1a1a1a; }
.jp-RenderedHTMLCommon .course-signpost h2 { font-size: 1.15rem; margin-top: 0.5rem;
  border: none; padding-top: 0; }
.course-downloads a, .widget-html-content a { color: #0b5394; text-decoration: underline; }
.course-downloads a:focus-visible { outline: 3px solid #0b5394; outline-offset: 2px; }
.widget-textarea textarea { font-family: inherit; font-size: 1rem; line-height: 1.5; }
.course-small { font-size: 0.9em; color: #4d4d4d; }
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


def page_style() -> HTML:
    """The course's stylesheet, as HTML output."""
    return HTML(f"<style>{CSS}</style>")
