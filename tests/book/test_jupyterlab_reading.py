"""The chapters are written as JupyterLab reads them (tools/jupyterlab_reading.py states how), and
the book reads their citations back as the footnote citations it always showed."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from levtoken_book.citations import notebook_to_book, to_book
from tests.support import ROOT
from tools import jupyterlab_reading as jr

pytestmark = pytest.mark.unit

CHAPTERS = jr.chapters(ROOT)


@pytest.fixture(scope="module")
def sources():
    return jr.load_bibliography(), jr.load_glossary(), jr.page_titles(), jr.language_info()


def _md(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_as_jupyterlab_reads_it(nb, sources):
    text = nb.read_text(encoding="utf-8")
    new = nbformat.writes(jr.convert(nbformat.reads(text, as_version=4), nb.name, *sources)) + "\n"
    assert new == text, f"{nb.name}: run 'python -m tools.jupyterlab_reading'"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_jupyterlab_sees_no_book_only_markup(nb, sources):
    """No footcite or doc role is left for JupyterLab to show as a key or a file name, every
    citation has its entry in the chapter's reference list and every term its definition."""
    book = nbformat.read(nb, as_version=4)
    md = _md(book)
    assert not re.search(r"\{(footcite(:[tp])?|doc)\}`", md)
    refs = [c for c in book.cells if c.metadata.get("levtoken", {}).get("generated") == jr.MARK_REFS]
    assert len(refs) == 1
    cited = set(jr.cited_keys(md))
    assert cited and cited == set(re.findall(r"^\(ref-([^)]+)\)=$", refs[0].source, re.M))
    terms = [c for c in book.cells if c.metadata.get("levtoken", {}).get("generated") == jr.MARK_TERMS]
    used = {jr.term_key(m).lower() for m in jr.TERM.finditer(md)}
    assert len(terms) == (1 if used else 0)          # chapter 9 uses no glossary term
    for cell in terms:
        assert used == {t.lower() for t in re.findall(r"^(\S.*)\n: ", cell.source, re.M)}
        assert "{glue" not in cell.source and "{doc}" not in cell.source
    # the first cell tells a student to run it a cell at a time; the book does not show it
    first = book.cells[0]
    assert "one at a time" in first.source and first.metadata["tags"] == ["remove-cell"]
    # what JupyterLab writes on opening is already there (no "unsaved changes" mark)
    assert book.metadata["kernelspec"] == jr.KERNELSPEC
    lang = dict(book.metadata["language_info"])
    want = sources[3]
    assert lang.pop("version").split(".")[:2] == want["version"].split(".")[:2]
    assert lang == {k: v for k, v in want.items() if k != "version"}


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_the_book_reads_footnote_citations(nb):
    """What Sphinx parses: every citation a footcite role, no citation link left."""
    book = json.loads(notebook_to_book(nb.read_text(encoding="utf-8")))
    md = "\n".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "markdown")
    assert "](#ref-" not in md
    assert len(re.findall(r"\{footcite:[tp]\}`", md)) >= 3


def test_citation_forms(sources):
    bib = sources[0]
    assert bib["avellaneda2010path"]["author"] == "Avellaneda and Zhang"
    assert bib["hsieh2025compounding"]["author"] == "Hsieh et al."
    assert bib["cmeglassnode2024"]["author"] == "CME Group and Glassnode"   # braces dropped
    # the same author and year: letters in the order of the file
    assert bib["bybit2024ltfees"]["year"] == "2024a" and bib["bybit2024ltrebalancing"]["year"] == "2024b"
    assert bib["ftxltwalkthrough"]["year"] == "n.d.-a" and bib["ftxltfaq"]["year"] == "n.d.-b"
    assert all(re.fullmatch(r"(\d{4}[a-z]?|n\.d\.(-[a-z])?)", b["year"]) for b in bib.values())
    src = ("{footcite:t}`avellaneda2010path` worked it out ({footcite:t}`kelly1956` too); "
           "see {footcite:p}`fidelity2023riskreturn, kelly1956`.")
    lab = jr.link_citations(src, bib, "test")
    assert lab == ("[Avellaneda and Zhang (2010)](#ref-avellaneda2010path) worked it out "
                   "([Kelly (1956)](#ref-kelly1956) too); see ([Timmer, 2023](#ref-fidelity2023riskreturn); "
                   "[Kelly, 1956](#ref-kelly1956)).")
    assert to_book(lab) == src.replace(", kelly1956", ",kelly1956")
    assert jr.link_citations(lab, bib, "test") == lab                      # idempotent
    with pytest.raises(jr.ReadingError, match="read back"):                # "(A (2010))" is ambiguous
        jr.link_citations("({footcite:t}`kelly1956`)", bib, "test")
    with pytest.raises(jr.ReadingError, match="nosuchwork"):
        jr.link_citations("{footcite:p}`nosuchwork`", bib, "test")
    assert "\\$7,300" in bib["btcmex2020blackthursday"]["entry"]          # not maths in JupyterLab


def test_page_links_and_definitions(sources):
    _, glossary, titles, _ = sources
    m = jr.DOC.search("see {doc}`chapter 4 <04_path_dependence>` and {doc}`notation`")
    assert jr._doc_link(m, titles, "t") == "[chapter 4](04_path_dependence.ipynb)"
    m = jr.DOC.search("{doc}`notation`")
    assert jr._doc_link(m, titles, "t") == f"[{titles['notation'][1]}](notation.md)"
    with pytest.raises(jr.ReadingError):
        jr._doc_link(jr.DOC.search("{doc}`no_such_page`"), titles, "t")
    inverse = jr.lab_definition(glossary["Inverse token"], titles)
    assert inverse.startswith("A token with negative leverage") and "{glue" not in inverse
    assert "{doc}" not in jr.lab_definition(glossary["Inverse token"] + " See {doc}`notation`.",
                                            titles)


def test_the_tool_is_idempotent_and_keeps_code(sources):
    nb = nbformat.read(CHAPTERS[2], as_version=4)
    once = jr.convert(nb, "x", *sources)
    assert jr.convert(once, "x", *sources) == once
    assert [c.source for c in once.cells if c.cell_type == "code"] == \
        [c.source for c in nb.cells if c.cell_type == "code"]


# --- JupyterLab runs a chapter top to bottom: a sentence's value must be glued above it -------

EVAL_KEY = re.compile(r'\{eval\}`glued\("([A-Za-z_][A-Za-z0-9_]*)"')
GLUE_CALL = re.compile(r'\bglue\(\s*(?:(f?)"([^"]*)"|(f?)\'([^\']*)\'|([A-Za-z_]\w*)\s*,)')


def _key_pattern(text: str, formatted: bool) -> str:
    """A glue key as a regular expression; an f-string's fields match any name part."""
    return re.sub(r"\\\{.*?\\\}", r"\\w+", re.escape(text)) if formatted else re.escape(text)


def glued_keys(code: str) -> list[str]:
    """Patterns of the keys that the ``glue(...)`` calls of a code cell can glue. A key passed
    as a variable can be any string (or f-string) literal of that cell."""
    out = []
    for m in GLUE_CALL.finditer(code):
        if m.group(5):
            out += [_key_pattern(lit, bool(f)) for f, lit in
                    re.findall(r'(f?)["\']([A-Za-z_{][A-Za-z0-9_{}]*)["\']', code)]
        else:
            literal = m.group(2) if m.group(2) is not None else m.group(4)
            out.append(_key_pattern(literal, bool(m.group(1) or m.group(3))))
    return out


def shown_before_glued(nb) -> list[str]:
    """The ``{eval}`` keys of a notebook's markdown that no code cell above glues: JupyterLab's
    Run All would show an error there (the book itself reads every glued value, wherever)."""
    patterns, late = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            patterns += glued_keys(cell.source)
        elif cell.cell_type == "markdown":
            late += [f"cell {i}: {k}" for k in EVAL_KEY.findall(cell.source)
                     if not any(re.fullmatch(p, k) for p in patterns)]
    return late


def test_the_order_check_finds_a_value_shown_before_it_is_glued():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('glue("a_1", 1)\nfor y in (1, 2):\n    glue(f"b_{y}_x", y)'),
        nbformat.v4.new_markdown_cell('{eval}`glued("a_1")` and {eval}`glued("b_2_x", ".1f")`'),
        nbformat.v4.new_markdown_cell('{eval}`glued("c")` then {eval}`glued("d_9")`'),
        nbformat.v4.new_code_cell('for key, v in {"c": 1}.items():\n    glue(key, v)'),
        nbformat.v4.new_code_cell('glue("d_9", 2)')])
    assert shown_before_glued(nb) == ["cell 2: c", "cell 2: d_9"]


@pytest.mark.parametrize("nb", sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: p.name)
def test_every_value_is_glued_above_the_sentence_that_shows_it(nb):
    chapter = nbformat.read(nb, as_version=4)
    assert EVAL_KEY.search("\n".join(c.source for c in chapter.cells)), f"{nb.name}: no {{eval}}"
    assert shown_before_glued(chapter) == []
