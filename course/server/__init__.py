"""The course's own Voila server: learners signed in before any kernel starts, safely served.

`python -m course serve` runs `python -m course.server` with the settings in `course.serve`.
"""
