"""The organisation profile: who runs the course, whom learners tell, and how.

One YAML file an organisation edits (organisation.yaml at the top of the repository, or the file
named by the COURSE_ORGANISATION environment variable). Every field has a default, so the course
works before anyone fills it in; the page then tells learners to find out these details.
"""

from __future__ import annotations

from pydantic import Field

from course.model.base import Markdown, Strict

PHONE_PATTERN = r"^\+?[0-9][0-9 ]{2,18}[0-9]$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class Contact(Strict):
    """A person learners can contact."""

    name: str = Field(min_length=1, description="Their name as learners know it.")
    role: str = Field(min_length=1, description="Their role, e.g. Designated safeguarding lead.")
    phone: str | None = Field(None, pattern=PHONE_PATTERN, description="Phone number.")
    email: str | None = Field(None, pattern=EMAIL_PATTERN, description="Email address.")


class Platform(Strict):
    """A platform the organisation uses with children."""

    name: str = Field(min_length=1, description="The platform's name.")
    use: str = Field(min_length=1, description="What the organisation uses it for.")


class Organisation(Strict):
    """The organisation profile."""

    schema_version: int = Field(description="Version of this file format; currently 2.")
    name: str = Field("your organisation", min_length=1, description="The organisation's name.")
    safeguarding_lead: Contact | None = Field(None, description="The safeguarding lead.")
    deputy_lead: Contact | None = Field(None, description="Who to contact when the lead is away.")
    reporting_route: Markdown | None = Field(
        None, description="How staff and volunteers report a concern inside the organisation."
    )
    platforms: list[Platform] = Field(default=[], description="Platforms in use with children.")
    staff_support: Markdown | None = Field(
        None, description="Where staff and volunteers can get support for themselves."
    )

    @property
    def is_set_up(self) -> bool:
        """Has the organisation named its safeguarding lead?"""
        return self.safeguarding_lead is not None
