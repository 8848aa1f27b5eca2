"""Every chapter notebook follows the book's pattern (style.md), so later chapters do too."""

from __future__ import annotations

import json
import re

import pytest

from levtoken_book.launch import COLAB_CELL_ID
from tests.support import ROOT

pytestmark = pytest.mark.unit

CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
SECTIONS = ["## Summary", "## Exercises", "## References", "## What's next"]


def _cells(nb_path):
    """The chapter's cells, without those written for JupyterLab only (tools.jupyterlab_reading)
    and its Colab install cell (levtoken_book.launch, tested apart)."""
    return [c for c in json.loads(nb_path.read_text())["cells"]
            if "generated" not in c["metadata"].get("levtoken", {}) and c.get("id") != COLAB_CELL_ID]


def _src(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_the_books_structure(nb):
    cells = _cells(nb)
    md = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    first = _src(cells[0])
    assert first.startswith("# ") and "**The question.**" in first
    assert "Learning objectives" in first
    positions = [md.find(s) for s in SECTIONS]
    assert all(p >= 0 for p in positions), f"missing one of {SECTIONS}"
    assert positions == sorted(positions), "sections out of order"
    assert md.rstrip().rfind("## What's next") == positions[-1]
    # the footbibliography sits in a raw text/markdown cell, folded in JupyterLab
    raw = "\n".join(_src(c) for c in cells if c["cell_type"] == "raw")
    assert "{footbibliography}" in md + raw


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_numbers_are_glued_and_asserted(nb):
    cells = _cells(nb)
    code = [c for c in cells if c["cell_type"] == "code"]
    glued = set()
    for c in code:
        glued |= set(re.findall(r'glue\(\s*f?"([a-z0-9_{}\[\]. *()]+)"', _src(c)))
    checks = [c for c in code if "remove-cell" in c["metadata"].get("tags", [])]
    asserts = [c for c in checks if "assert" in _src(c)]
    assert len(glued) >= 5 and len(asserts) >= 3
    assert all("assert" in _src(c) or "glue(" in _src(c) for c in checks), \
        "a remove-cell exists to check numbers (assert) or to glue them quietly"
    md = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    # the prose shows glued values with {eval}`glued("key", "fmt")` 
    used = set(re.findall(r'\{eval\}`glued\("([a-z0-9_]+)"', md))
    assert "{glue:text}" not in md, "old syntax: write {eval}`glued(\"key\", \"fmt\")` instead of {glue:text}"
    static_keys = {k for k in glued if "{" not in k}
    assert static_keys & used, "glued numbers must appear in the prose"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_figures_widgets_and_explorers(nb):
    code = [c for c in _cells(nb) if c["cell_type"] == "code"]
    figures = [c for c in code if "mystnb" in c["metadata"]]
    assert figures, "a chapter needs at least one static figure"
    for c in figures:
        meta = c["metadata"]["mystnb"]
        assert meta.get("image", {}).get("alt", "").strip(), f"figure without alt: {_src(c)[:60]}"
        assert meta.get("figure", {}).get("caption", "").strip(), "figure without caption"
    sources = [_src(c) for c in code]
    assert any("StaticExplorer(" in s for s in sources), "no interactive figure for the web page"
    panels = [i for i, s in enumerate(sources) if re.search(r"\w+_panel\(\)\s*$", s.strip())]
    assert panels, "no live panel"
    # each figure once: the panel draws its own default view (the static page shows it, with
    # the values and a Binder link), so no figure cell draws that view again next to it
    cells = _cells(nb)
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and re.search(r"\w+_panel\(\)\s*$", _src(cell).strip()):
            before = cells[i - 1]
            assert not (before["cell_type"] == "code" and ".draw_" in _src(before)), \
                f"a figure cell repeats the live panel's default view: {_src(before).strip()}"
    captions = [c["metadata"]["mystnb"].get("figure", {}).get("caption", "") for c in figures]
    assert not [c for c in captions if "live panel" in c.lower()], "a figure repeats a live panel"
