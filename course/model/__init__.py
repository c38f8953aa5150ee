"""The typed content schema: every content file is validated against these models on load."""

from course.model.base import ID_PATTERN, SCHEMA_VERSION
from course.model.lesson import LegalPoint, Module, Quiz, Section, Source
from course.model.question import Option, Question
from course.model.scenario import Choice, Ending, Scenario, Step

__all__ = [
    "ID_PATTERN",
    "SCHEMA_VERSION",
    "Choice",
    "Ending",
    "LegalPoint",
    "Module",
    "Option",
    "Question",
    "Quiz",
    "Scenario",
    "Section",
    "Source",
    "Step",
]
