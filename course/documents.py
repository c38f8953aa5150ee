"""Documents a learner downloads (a livestream plan, a recording plan, a consent log, a record of
concern): one plain structure written out as Markdown and as PDF.

The PDF is drawn with fpdf2 in the DejaVu Sans font that matplotlib ships, so any character a
learner types (curly quotes, accents, dashes) prints as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: One block of a document: ("h", heading), ("p", paragraph), ("li", list item),
#: ("flag", a warning line) or ("table", rows: the first is the header).
Block = tuple[str, object]


@dataclass
class Document:
    """A titled document made of blocks, in order."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def h(self, text: str) -> Document:
        self.blocks.append(("h", text))
        return self

    def p(self, text: str) -> Document:
        self.blocks.append(("p", text))
        return self

    def li(self, text: str) -> Document:
        self.blocks.append(("li", text))
        return self

    def flag(self, text: str) -> Document:
        self.blocks.append(("flag", text))
        return self

    def table(self, rows: list[list[str]]) -> Document:
        self.blocks.append(("table", rows))
        return self


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def to_markdown(doc: Document) -> str:
    """The document as Markdown text."""
    out = [f"# {doc.title}", ""]
    for kind, value in doc.blocks:
        if kind == "h":
            out += [f"## {value}", ""]
        elif kind == "p":
            out += [str(value), ""]
        elif kind == "li":
            out.append(f"- {value}")
        elif kind == "flag":
            out.append(f"- **Check:** {value}")
        elif kind == "table":
            rows = value
            out.append("| " + " | ".join(_cell(c) for c in rows[0]) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows[1:]]
            out.append("")
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def plain(text: str) -> str:
    """Markdown emphasis and links as plain text, for the PDF."""
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", str(text))
    return re.sub(r"(\*\*|__|\*|`)", "", text)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def to_pdf(doc: Document) -> bytes:
    """The document as a PDF (A4, DejaVu Sans)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_title(doc.title)
    pdf.set_creator("Safer online work with children (course)")
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    nl = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(width, 8, plain(doc.title), **nl)
    pdf.ln(3)
    for kind, value in doc.blocks:
        if kind == "h":
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 13)
            pdf.multi_cell(width, 7, plain(value), **nl)
            pdf.ln(1)
        elif kind in ("p", "li", "flag"):
            pdf.set_font("DejaVu", "B" if kind == "flag" else "", 11)
            prefix = {"p": "", "li": "• ", "flag": "Check: "}[kind]
            pdf.multi_cell(width, 5.6, prefix + plain(value), **nl)
            pdf.ln(1.5)
        elif kind == "table":
            rows = [[plain(c) for c in r] for r in value]
            pdf.set_font("DejaVu", "", 9.5)
            with pdf.table(width=width, line_height=5, first_row_as_headings=True) as table:
                for r in rows:
                    row = table.row()
                    for c in r:
                        row.cell(c)
            pdf.ln(2)
    return bytes(pdf.output())
