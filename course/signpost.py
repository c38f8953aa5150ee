"""The header at the top of every module page: whom to tell, helplines with their hours, and
support for the learner. Built from the organisation profile and signposting.yaml when the page
runs, so an organisation changes it by editing one file, with no rebuild."""

from __future__ import annotations

import html

from course.model import Organisation, Route, Signposting
from course.model.organisation import Contact
from course.text import md

NOT_SET = (
    "Your organisation has not added its safeguarding lead to this course yet. Ask your manager "
    "today who your safeguarding lead is and how to reach them, before you need to."
)


def _contact(person: Contact) -> str:
    ways = [html.escape(w) for w in (person.phone, person.email) if w]
    reach = f": {', '.join(ways)}" if ways else ""
    return f"<strong>{html.escape(person.name)}</strong> ({html.escape(person.role)}){reach}"


def whom_to_tell(org: Organisation) -> str:
    """The organisation's own route for a concern, as HTML."""
    if org.safeguarding_lead is None:
        return f"<p>{html.escape(NOT_SET)}</p>"
    parts = [f"Tell {_contact(org.safeguarding_lead)}"]
    if org.deputy_lead:
        parts.append(f"or, if they are away, {_contact(org.deputy_lead)}")
    text = f"<p>{' '.join(parts)}.</p>"
    if org.reporting_route:
        text += md(org.reporting_route)
    return text


def platforms(org: Organisation) -> str:
    """The platforms the organisation uses with children, as one HTML line ("" if none)."""
    if not org.platforms:
        return ""
    listed = "; ".join(f"{html.escape(p.name)} ({html.escape(p.use)})" for p in org.platforms)
    return (
        f"<p><strong>Platforms {html.escape(org.name)} uses with children:</strong> {listed}.</p>"
    )


def route_line(route: Route) -> str:
    """One route as an HTML list item: name, number and hours, other ways in, who it is for."""
    text = f"<strong>{html.escape(route.name)}</strong>"
    if route.phone:
        text += f" {html.escape(route.phone)}"
        text += f" ({html.escape(route.hours)})." if route.hours else "."
    if route.other:
        text += f" {html.escape(route.other)}"
    return f"<li>{text} <em>For: {html.escape(route.who.lower())}.</em></li>"


def header_html(org: Organisation, signposting: Signposting, problems: list[str]) -> str:
    """The whole signposting box."""
    concern = [r for r in signposting.routes if r.header == "concern"]
    support = [r for r in signposting.routes if r.header == "support"]
    name = html.escape(org.name)
    parts = [
        '<aside class="course-signpost" aria-labelledby="course-signpost-title">',
        '<h2 id="course-signpost-title">If you are worried about a child</h2>',
        whom_to_tell(org),
        platforms(org),
        f"<ul>{''.join(route_line(r) for r in concern)}</ul>",
        "<p><strong>Support for you.</strong> "
        + " ".join(
            f"{html.escape(r.name)} {html.escape(r.phone or '')}, {html.escape(r.hours or '')}."
            for r in support
        )
        + "</p>",
        md(org.staff_support) if org.staff_support else "",
        f'<p class="course-small">Set by {name}. Numbers and hours checked on '
        f"{signposting.last_reviewed.strftime('%-d %B %Y')}.</p>",
    ]
    if problems:
        listed = "".join(f"<li>{html.escape(p)}</li>" for p in problems)
        parts.append(
            "<p><strong>⚠ The organisation profile has a problem, so the course's defaults are "
            f"shown instead.</strong> Please tell your trainer:</p><ul>{listed}</ul>"
        )
    parts.append("</aside>")
    return "".join(parts)
