"""Safer online work with children: a Jupyter course with graded quizzes for nbgrader."""

__version__ = "0.1.0"
