"""nbgrader configuration for the course's graded quizzes (this folder is the course directory).

source/ is built by `python -m course build`; never edit it by hand.
"""

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades

from course.feedback import HideTests

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

c.CourseDirectory.course_id = "safer-online-with-children"
# Each quiz is one notebook plus the learner's responses.json, which must be collected with it.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
# A quiz notebook runs in a few seconds; a stuck kernel should not hold up a cohort.
c.Execute.timeout = 60
# Feedback without hidden tests, keys or tracebacks (course/feedback.py).
c.GenerateFeedback.preprocessors = [GetGrades, HideTests, CSSHTMLHeaderPreprocessor]
