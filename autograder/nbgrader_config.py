"""nbgrader configuration for the course's graded quizzes (this folder is the course directory).

source/ is built by `python -m course build`; never edit it by hand. pack/ is the assessment pack
(keys): the repository's is public; see "Keys and the assessment pack" in README.md.
"""

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearMarkScheme,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

from course.autograde import KeepReleasedCells, PrefillComments, ScoreAnswers
from course.feedback import HideTests

c = get_config()  # noqa: F821 (provided by nbgrader when it reads this file)

c.CourseDirectory.course_id = "safer-online-with-children"
# Each quiz is one notebook plus the learner's responses.json, which must be collected with it.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
# Grading runs nothing the learner handed in: the released cells replace theirs (any difference is
# logged and listed in reports/altered-cells.csv), and each grade cell is scored in this process
# from the saved answers, with no kernel (course/autograde.py).
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    DeduplicateIds,
    KeepReleasedCells,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadata,
]
c.Autograde.autograde_preprocessors = [
    ScoreAnswers,
    ClearMetadataPreprocessor,
    SaveAutoGrades,
    PrefillComments,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.ScoreAnswers.pack = "pack"
c.PrefillComments.pack = "pack"
# Feedback without grading code, keys or tracebacks (course/feedback.py).
# Written answers: the mark scheme is for trainers only (ClearMarkScheme), and the learner's own
# text shows once, under its question.
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ClearMarkScheme,
    HideTests,
    CSSHTMLHeaderPreprocessor,
]
# grades.csv with pass mark, pass or fail, and the pack that scored it (course/export.py).
c.ExportApp.plugin_class = "course.export.PassFailExport"

# --- Hand-ins by download (`nbgrader zip_collect`), see course/handin.py ------------------------
# A learner's "Download my submission (zip)" holds <assignment>/<learner>/<time>/ with the notebook
# and responses.json. Put the zips in downloaded/<assignment>/archive/, then run
# `nbgrader zip_collect <assignment>` (add --force to collect again). Zips of another assignment
# are skipped; of several zips from one learner, the newest is kept.
from course.handin import NAMED_REGEXP, VALID_EXT  # noqa: E402

c.FileNameCollectorPlugin.named_regexp = NAMED_REGEXP
c.FileNameCollectorPlugin.valid_ext = VALID_EXT
