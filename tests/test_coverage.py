"""Is every guidance point taught and assessed, does `python -m course coverage` say so (and
fail on a gap), and do the guidance tags mean what they say?"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from course.coverage import MIN_ITEMS, coverage
from course.loader import default_content_dir
from tests.conftest import REPO


def run_coverage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course", "coverage", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_every_point_is_taught_and_assessed_twice(course):
    """Is each of G01-G42 taught in a lesson section and assessed by at least two graded
    questions or scenario decisions?"""
    matrix = coverage(course)
    assert list(matrix) == [f"G{n:02d}" for n in range(1, 43)]
    gaps = {g: c.gap for g, c in matrix.items() if c.gap}
    assert gaps == {}


def test_command_prints_the_matrix_and_passes():
    """Does `python -m course coverage` print one row per point and exit 0?"""
    result = run_coverage()
    assert result.returncode == 0, result.stdout
    rows = [line for line in result.stdout.splitlines() if re.match(r"G\d\d ", line)]
    assert len(rows) == 42 and all(row.endswith(" ok") for row in rows)
    assert "42 guidance points: 42 covered, 0 with gaps" in result.stdout


def test_json_names_real_lessons_and_items(course):
    """Does `--json` give {id: {lessons, items}} naming sections, quiz questions and scenario
    steps that exist?"""
    result = run_coverage("--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    sections = {s.id for m in course.modules.values() for s in m.sections}
    graded = {q.id for m in course.modules.values() for q in m.graded}
    steps = {f"{sc.id}/{st.id}" for m in course.modules.values() for sc in m.scenarios
             for st in sc.steps}  # fmt: skip
    practice = {q.id for m in course.modules.values() for q in m.knowledge_check}
    for g, entry in data.items():
        assert set(entry) == {"lessons", "items"}
        assert set(entry["lessons"]) <= sections and entry["lessons"], g
        assert set(entry["items"]) <= graded | steps and len(entry["items"]) >= MIN_ITEMS, g
        assert not set(entry["items"]) & practice, g


def test_a_gap_fails_the_command(tmp_path, monkeypatch):
    """With every G42 tag removed from a copy of the content and of the pack's quizzes, does the
    command exit 1 and name G42's gap?"""
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    pack = tmp_path / "pack"
    shutil.copytree(REPO / "autograder" / "pack", pack)
    monkeypatch.setenv("COURSE_PACK", str(pack))
    for path in [*content.glob("*.yaml"), *pack.glob("*/*.yaml")]:
        text = re.sub(r"\[G42\]", "[G17]", path.read_text())
        text = re.sub(r", G42\b", "", text)
        text = re.sub(r"\[G42, ", "[", text)
        path.write_text(text)
    result = run_coverage("--content-dir", str(content))
    assert result.returncode == 1, result.stdout + result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("G42"))
    assert "GAP: taught in no lesson section; assessed by 0 graded item(s)" in row


#: Words at least one of which any item tagged with a guidance id must contain: a tag that an
#: item's text never touches is a tag that does not mean what it says.
MEANS = {
    "G01": r"benefit|connect|in touch|learn|express|promot|support|between sessions|keep|good",
    "G02": r"content|post|video|upsetting|sexual|violent|harm|bully|checking|check|settings|false",
    "G03": r"private|messag|groom|contact|dm",
    "G04": r"school|badge|uniform|street|location|name|photo|home|where|detail|identif|tag",
    "G05": r"fake|anonymous|pos(e|ing)|pretend|account|profile|knows?|known|older|age|bull|member",
    "G06": r"night|notification|tag|buzz|any time|anywhere|wherever|phone|hour",
    "G07": r"polic|procedure|agreement|statement|statutory|kcsie|working together",
    "G08": r"need|platform|risk.assess|assess|whether|app|minimum age|choose|setting",
    "G09": r"account|device|phone|personal|language|relevant|privacy|authoris|code|messag|chat",
    "G10": r"behaviour code|code|rules|agree|expect|young people|children",
    "G11": r"personal (account|profile|page)|friend request|footprint|profile|holiday|number"
    r"|public",
    "G12": r"recruit|dbs|check|reference|interview|induction|vet|barred|safe to|shortlist|search",
    "G13": r"consent|permission|agree|explain|parent|carer|form|written",
    "G14": r"photo|picture|image|video|film|permission|consent|share",
    "G15": r"lead|report|tell|concern|polic|procedure|helpline|record|worr|welfare officer|write"
    r"|note|pass",
    "G16": r"communit|interact|comment|repl|page|group|forum|responsib",
    "G17": r"tell|report|lead|whom|who to|route|pinned|know|999|childline|helpline|ceop|iwf",
    "G18": r"age|join|member|check|sign.?up|invite|who can|adult",
    "G19": r"platform|host|app|forum|site|private|capacity|where|minimum age|messag",
    "G20": r"privacy|setting|profile|personal|share|see|visible|school|name|detail|location",
    "G21": r"moderat|check|review|read|pattern|thread|history|risk|message|image|post",
    "G22": r"rule|pre-?moderat|post-?moderat|before|after|live|queue|hours|emoji|language|slang",
    "G23": r"join|host|partner|keep|rebroadcast|record|suitable|relevant|content|stream",
    "G24": r"live|comment|personal|donat|stranger|request|footprint|tell|remind|brief",
    "G25": r"privacy|setting|report|block|remove|adult|supervis|observ|second|moderat|watch",
    "G26": r"name|identit|email|account|username|reveal|full|surname|school|protection",
    "G27": r"audience|invite|registr|password|log.?in|waiting room|link|public|restrict|who can",
    "G28": r"caption|deaf|disab|access|subtit|bsl|sensitiv|upset|need|lip|topic|sign",
    "G29": r"background|surround|behind|room|camera|window|photo|shelf|see|show",
    "G30": r"personal data|identifiable|minim|necessary|adequate|relevant|only what|record",
    "G31": r"purpose|why|reason|alternative|instead|senior|colleague|only for|reuse|use",
    "G32": r"replace|instead of|safeguard|trust|feel safe|measure|still|on its own|record",
    "G33": r"share|concern|consent|risk|harm|quickly|lead|agenc|procedure|tell|worr|report",
    "G34": r"polic|stor|retention|how long|dispos|delete|access|secure|keep",
    "G35": r"consent|permission|written|parent|carer|tutor|staff|company|contract|agree",
    "G36": r"comfortable|before each|start of|check|today|want|happy|camera",
    "G37": r"withdraw|change.{0,20}mind|dispos|delete|destroy|stop|no longer",
    "G38": r"central|responsib|who (makes|stores)|named|laptop|cloud|device|own account|policy",
    "G39": r"parent|carer|famil|child|themselves|home|agree|own recording|record",
    "G40": r"gdpr|data protection|lawful|basis|consent|legitimate|public task|withdraw|law|13",
    "G41": r"online safety act|ofcom|user-to-user|risk assessment|duties|regulat",
    "G42": r"999|nspcc|childline|ceop|report remove|iwf|internet watch|professionals online|"
    r"helpline|lead|route|harmful content",
}


def item_texts(course) -> dict[str, str]:
    """The words a learner reads for each graded question and scenario decision."""
    texts = {}
    for module in course.modules.values():
        for q in module.graded:
            shown = [o.text for o in getattr(q, "options", [])]
            shown += [p.text for p in getattr(q, "posts", [])]  # a moderation queue
            texts[q.id] = " ".join([q.prompt, *shown])
        for sc in module.scenarios:
            for st in sc.steps:
                texts[f"{sc.id}/{st.id}"] = " ".join([st.text, *(c.text for c in st.choices)])
    return texts


def test_tags_mean_what_they_say(course):
    """Does every graded question and decision tagged with a guidance id use at least one of
    that point's own words? (A tag whose words never appear is a tag that does not mean it.)"""
    assert set(MEANS) == set(course.guidance)
    texts = item_texts(course)
    stray = [
        (item, g)
        for g, cov in coverage(course).items()
        for item in cov.items
        if not re.search(MEANS[g], texts[item], re.IGNORECASE)
    ]
    assert stray == []


@pytest.mark.parametrize("g, text", [("G41", "Which app should the club use?"),
                                     ("G12", "What should the post's caption say?")])  # fmt: skip
def test_the_tag_check_catches_a_wrong_tag(g, text):
    """Would the tag check notice a question about something else wearing this tag?"""
    assert not re.search(MEANS[g], text, re.IGNORECASE)
