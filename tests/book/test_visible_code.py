"""The page shows the lesson, not the plumbing (tools/hide_plumbing.py states the rules).

Every chapter's code cells follow the rules: imports, explorer and panel construction, cells of
glue and printed copies of the prose's tables are hidden or folded; the lesson's code is shown.
A new cell that breaks a rule fails here with the tag to add (``python -m tools.hide_plumbing``
adds it).
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tests.support import ROOT
from tools import hide_plumbing as hp

pytestmark = pytest.mark.unit

CHAPTERS = hp.chapters(ROOT)


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_no_plumbing_is_shown(nb):
    todo = hp.needed(nbformat.read(nb, as_version=4))
    assert todo == [], "\n".join(f"{nb.name}: cell {cid} ({rule}) needs the tags {', '.join(t)}; "
                                 "run 'python -m tools.hide_plumbing'" for cid, t, rule in todo)


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_the_lesson_stays_visible(nb):
    """Hiding is for plumbing: most of a chapter's code cells stay on the page."""
    code = [c for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "code"]
    # a question's cell (ask("chN-k")) shows the question, not code: it counts on neither side
    code = [c for c in code if not re.search(r'^ask\("ch\d+-\d+"\)\s*$', c.source, re.M)]
    tags = [c.metadata.get("tags", []) for c in code]
    shown = [t for t in tags if not {"remove-cell", "remove-input", "hide-input"} & set(t)]
    hidden = [t for t in tags if {"remove-input", "hide-input"} & set(t)]
    assert len(shown) >= 3 * len(hidden) // 2, f"{nb.name}: {len(shown)} shown, {len(hidden)} hidden"


@pytest.mark.parametrize("source, tags", [
    ("import numpy as np\nfrom levtoken_book import plots", ("hide-input",)),
    ('StaticExplorer(\n    fig, name="x", alt="y")', ("remove-input",)),
    ("basics.one_period_panel()", ("hide-input",)),
    ('glue("a", 1, display=False)\nfor k in ks:\n    glue(k, 2, display=False)', ("remove-input",)),
    ('x = f(1)\nglue("a", x, display=False)', ("hide-input",)),
    ('x = f(1)\ny = g(x)\nglue("a", x, display=False)', None),
    ("token = LeveragedToken(3)\ntoken.nav(r)", None),
    ("basics.draw_one_period(leverage=3, move=0.10);", None),
    ("%matplotlib inline", None),
])
def test_the_rules(source, tags):
    want = hp.wanted_tags(source)
    assert (want[0] if want else None) == tags


def test_a_printed_copy_of_a_prose_table_is_removed_but_a_printed_result_stays():
    loop = ('for p in presets:\n    glue(f"c_{p}_fee", 1, display=False)\n'
            '    glue(f"c_{p}_rule", 2, display=False)\n    glue(f"c_{p}_asof", 3, display=False)\n'
            '    print(p)')
    table = [{"c_a_fee", "c_a_rule", "c_a_asof", "c_b_fee"}]
    assert hp.wanted_tags(loop, table) == (("hide-input", "remove-output"), "printed table")
    assert hp.wanted_tags(loop, [{"c_a_fee", "other"}]) == (("hide-input",), "mostly glue")


def test_the_tool_is_idempotent(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numpy as np", id="imp"),
                nbformat.v4.new_code_cell("x = 1", id="lesson")]
    assert hp.apply(nb) == 1 and hp.apply(nb) == 0
    assert nb.cells[0].metadata["tags"] == ["hide-input"] and "tags" not in nb.cells[1].metadata
    assert [c.id for c in nb.cells] == ["imp", "lesson"]


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_jupyterlab_folds_what_the_page_hides(nb):
    todo = hp.folding_needed(nbformat.read(nb, as_version=4))
    assert todo == [], "\n".join(f"{nb.name}: cell {cid} ({why}) needs jupyter."
                                 f"{', jupyter.'.join(m)}; run 'python -m tools.hide_plumbing'"
                                 for cid, m, why in todo)


def test_the_folding_rules():
    md = nbformat.v4.new_markdown_cell
    code = nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    nb.cells = [code("assert x == 1", id="check", metadata={"tags": ["remove-cell"]}),
                code("import numpy as np", id="imp", metadata={"tags": ["hide-input"]}),
                code("StaticExplorer(f)", id="exp", metadata={"tags": ["remove-input"]}),
                code("print(table)", id="tab", metadata={"tags": ["hide-input", "remove-output"]}),
                code("x = f(1)", id="lesson"),
                md("```{exercise}\n:label: ex-1\nCompute it.\n```\n\n"
                   "````{solution-start} ex-1\n:class: dropdown\n````\nBy hand:"),
                code("y = f(2)", id="sol"),
                md("````{solution-end}\n````"),
                code("z = f(3)", id="after")]
    folds = {cid: m for cid, m, _ in hp.folding_needed(nb)}
    both = {"source_hidden": True, "outputs_hidden": True}
    assert folds == {"check": both, "imp": {"source_hidden": True},
                     "exp": {"source_hidden": True}, "tab": both, "sol": both}
    assert hp.apply_folding(nb) == 5 and hp.apply_folding(nb) == 0
    assert nb.cells[1].metadata == {"tags": ["hide-input"], "jupyter": {"source_hidden": True}}
    assert "jupyter" not in nb.cells[4].metadata and "jupyter" not in nb.cells[8].metadata
