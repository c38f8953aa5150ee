"""The typed content schema: every content file is validated against these models on load."""

from course.model.base import ID_PATTERN, SCHEMA_VERSION
from course.model.figure import Figure
from course.model.guidance import Guidance
from course.model.lesson import LegalPoint, Module, Quiz, Section, Source
from course.model.manifest import Manifest
from course.model.organisation import Contact, Organisation
from course.model.question import Option, Question
from course.model.scenario import Choice, Ending, Scenario, Step
from course.model.signposting import Route, Signposting

__all__ = [
    "ID_PATTERN",
    "SCHEMA_VERSION",
    "Choice",
    "Contact",
    "Ending",
    "Figure",
    "Guidance",
    "LegalPoint",
    "Manifest",
    "Module",
    "Option",
    "Organisation",
    "Question",
    "Quiz",
    "Route",
    "Scenario",
    "Section",
    "Signposting",
    "Source",
    "Step",
]
