"""Does every built notebook run headless without error, and leave saved answers alone?"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from course.pack import learner_key, load_pack
from course.responses import RESPONSES_FILE, ResponseStore

pytestmark = pytest.mark.slow


def execute(path, cwd, allow_errors=False):
    nb = nbformat.read(path, as_version=4)
    resources = {"metadata": {"path": str(cwd)}}
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources=resources, allow_errors=allow_errors
    )
    client.execute()
    return nb


def errors(nb):
    return [
        (cell.id, out.get("ename"), out.get("evalue"))
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr")
    ]


def built_notebooks(root):
    return sorted((root / "notebooks").glob("*.ipynb")) + sorted(
        (root / "autograder" / "source").glob("*/*.ipynb")
    )


def test_every_built_notebook_executes(built, tmp_path, course):
    """Does each learner notebook, and each assignment source given the key's answers (as a
    trainer would validate it), execute with no error or stderr output?"""
    pack = load_pack(built / "autograder" / "pack")
    paths = built_notebooks(built)
    assert len(paths) >= 2
    for path in paths:
        work = tmp_path / path.stem
        # the pages beside it too: the course app shows the module notebooks
        shutil.copytree(path.parent, work, ignore=shutil.ignore_patterns("images"))
        if path.parent.parent.name == "source":
            store = ResponseStore(work)
            for slot, answer in learner_key(pack, path.stem, "local").items():
                store.save(slot, answer)
        nb = execute(work / path.name, work)
        assert errors(nb) == [], path.name
        state = json.dumps(nb.metadata.get("widgets", {}))
        assert "could not be loaded" not in state, path.name
        widget_outputs = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        ]
        assert widget_outputs, f"{path.name} displayed no widget"


def test_rerunning_headless_never_overwrites_saved_answers(built, tmp_path, course):
    """Does running the quiz notebook again (as nbgrader does) leave responses.json untouched?"""
    quiz = course.module("communities").quiz
    src = built / "autograder" / "source" / quiz.id / f"{quiz.id}.ipynb"
    shutil.copy(src, tmp_path)
    saved = {
        q.id: (q.option_ids[:1] if q.kind == "multiple" else q.option_ids[-1])
        for q in quiz.questions
    }
    path = tmp_path / RESPONSES_FILE
    path.write_text(json.dumps(saved))
    before = path.read_bytes(), path.stat().st_mtime_ns
    execute(tmp_path / src.name, tmp_path, allow_errors=True)  # wrong answers fail tests
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_a_learner_never_sees_a_traceback(tmp_path):
    """Once a page's header has run, does an error in a cell or in a button's callback (which
    would travel to the browser over the websocket) show one sentence instead of a traceback?"""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell('from course import widgets\nwidgets.page_header("welcome")'),
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\nb = w.Button()\nb.on_click(lambda _: 1 / 0)\nb.click()"
        ),
        nbformat.v4.new_code_cell("1 / 0"),
    ]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    ran = execute(path, tmp_path, allow_errors=True)
    for cell in ran.cells[1:]:
        text = json.dumps(cell.outputs)
        assert "Traceback" not in text and "ZeroDivisionError" not in text, text
        assert "Something went wrong on this page" in text
