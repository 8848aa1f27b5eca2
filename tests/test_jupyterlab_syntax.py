"""The one syntax for numbers in the prose, and the converter that writes it.

``{eval}`glued("key", "fmt")``` must show exactly what ``{glue:text}`key:fmt``` showed (so the
HTML book is unchanged), the converter must be idempotent and leave no old syntax in the
chapters, and it must refuse what it cannot rewrite.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from IPython.core.formatters import format_display_data
from myst_nb.core.variables import format_plain_text

from conftest import ROOT
from levtoken import prose

pytestmark = pytest.mark.unit

_spec = importlib.util.spec_from_file_location("jupyterlab_syntax",
                                               ROOT / "tools" / "jupyterlab_syntax.py")
syntax = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(syntax)

CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("value, fmt, shown", [
    (0.04375, "+.1%", "+4.4%"),
    (1.0120000000000002, ".3f", "1.012"),
    (10_000, ",d", "10,000"),
    (12345.6, ",.0f", "12,346"),
    (-0.0545, ".2%", "-5.45%"),
    (3, "", "3"),
    ("BTC", "", "BTC"),
])
def test_glued_shows_what_glue_text_showed(value, fmt, shown):
    prose.glue("t_value", value, display=False)
    text = format_display_data(value)[0]["text/plain"]
    expected = format_plain_text(text, fmt or "s")      # what {glue:text}`t_value:fmt` renders
    got = prose.glued("t_value", fmt)
    assert repr(got) == str(got) == expected == shown
    assert got.value is value


def test_a_numpy_scalar_fails_as_it_does_in_the_book():
    """{glue:text} cannot format np.float64's text 'np.float64(0.5)'; glued() fails the same way."""
    prose.glue("t_np", np.float64(0.5), display=False)
    with pytest.raises(ValueError, match="np.float64"):
        prose.glued("t_np", ".2f")


def test_glued_rejects_bad_input():
    with pytest.raises(ValueError, match="'never_glued' has not been glued"):
        prose.glued("never_glued")
    with pytest.raises(TypeError, match="fmt must be a str"):
        prose.glued("t_value", 3)
    with pytest.raises(TypeError, match="name must be a str"):
        prose.glue("not an identifier", 1.0, display=False)


def _nb(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def _md(text):
    return nbformat.v4.new_markdown_cell(text)


def _code(text, tags=None):
    c = nbformat.v4.new_code_cell(text)
    if tags:
        c.metadata["tags"] = tags
    return c


def test_convert_rewrites_roles_and_import_and_is_idempotent():
    nb = _nb(_code("from myst_nb import glue\nimport numpy as np"),
             _code('glue("k_a", 0.5, display=False)\nfor n in ("x", "y"):\n'
                   '    glue(f"k_{n}_end", 1.0, display=False)'),
             _md("A is {glue:text}`k_a:.1%`, x ends at {glue:text}`k_x_end`."))
    out = syntax.convert(nb, "t")
    assert out.cells[0].source.startswith("from levtoken.prose import glue, glued\n")
    assert out.cells[2].source == ('A is {eval}`glued("k_a", ".1%")`, '
                                   'x ends at {eval}`glued("k_x_end")`.')
    assert syntax.convert(out, "t") == out
    assert syntax.leftovers(out) == [] and syntax.leftovers(nb) != []


def test_a_sentence_moves_below_the_glue_it_shows():
    nb = _nb(_code("from myst_nb import glue"),
             _md("## Section\n\nIntro stays.\n\n:::{note}\nLater {glue:text}`k_b:.2f`.\n\nmore\n:::\n\nTail."),
             _code("b = 2", tags=["remove-cell"]),
             _code('glue("k_b", 2.0, display=False)'),
             _md("Next."))
    out = syntax.convert(nb, "t")
    kinds = [(c.cell_type, c.source.splitlines()[0]) for c in out.cells]
    assert kinds == [("code", "from levtoken.prose import glue, glued"),
                     ("markdown", "## Section"), ("code", "b = 2"),
                     ("code", 'glue("k_b", 2.0, display=False)'),
                     ("markdown", ":::{note}"), ("markdown", "Next.")]
    assert out.cells[1].source == "## Section\n\nIntro stays."
    assert out.cells[4].source.endswith(":::\n\nTail.")
    assert syntax.convert(out, "t") == out


def test_a_sentence_cannot_jump_over_prose():
    nb = _nb(_code("from myst_nb import glue"), _md("Shows {glue:text}`k_c:.2f`."), _md("Other."),
             _code('glue("k_c", 2.0, display=False)'))
    with pytest.raises(syntax.ConversionError, match="by hand"):
        syntax.convert(nb, "t")


@pytest.mark.parametrize("text", ["{glue:md}`k_a`", "{glue}`k_a`", "{glue:text}`other.ipynb::k_a`"])
def test_unconvertible_glue_is_an_error(text):
    nb = _nb(_code("from myst_nb import glue"), _md(f"x {text}"))
    with pytest.raises(syntax.ConversionError):
        syntax.convert(nb, "t")


def test_footbibliography_gets_a_readable_list_for_jupyterlab():
    nb = _nb(_md("Shown by {footcite:t}`kelly1956` and {footcite:p}`avellaneda2010path`.\n\n"
                 "## References\n\n```{footbibliography}\n```\n\n## What's next\n\nMore."))
    out = syntax.convert(nb, "t")
    refs, bib = out.cells[1], out.cells[2]
    assert refs.metadata["tags"] == ["remove-cell"]           # not in the book
    assert refs.source.index("Kelly, John L. (1956)") < refs.source.index("Avellaneda, Marco")
    assert bib.cell_type == "raw" and bib.source.endswith("\n```{footbibliography}\n```")
    assert bib.source.startswith("% ")                         # the line JupyterLab shows
    assert bib.metadata["format"] == "text/markdown"          # the book renders it as MyST
    assert bib.metadata["mystnb"] == {"markdown_format": "myst"}
    assert bib.metadata["jupyter"]["source_hidden"] is True   # folded in JupyterLab
    assert out.cells[0].source.endswith("## References") and out.cells[3].source.startswith("## What")
    assert syntax.convert(out, "t") == out


def test_every_chapter_is_converted():
    """The committed chapters use the new syntax (the integrator re-runs the tool after merges)."""
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "jupyterlab_syntax.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_fails_on_old_syntax(tmp_path):
    path = tmp_path / "01_x.ipynb"
    nbformat.write(_nb(_code("from myst_nb import glue\nglue('k', 1)"),
                       _md("{glue:text}`k:.1f`")), path)
    before = path.read_text()
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "jupyterlab_syntax.py"), "--check",
                           str(path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "{glue:text}`k:.1f`" in proc.stdout
    assert path.read_text() == before


_se_spec = importlib.util.spec_from_file_location("student_edition", ROOT / "tools" / "student_edition.py")
student_edition = importlib.util.module_from_spec(_se_spec)
_se_spec.loader.exec_module(student_edition)


@pytest.mark.parametrize("nb_path", CHAPTERS, ids=lambda p: p.name)
@pytest.mark.parametrize("edition", ["book", "student"])
def test_every_number_is_glued_above_where_it_is_shown(nb_path, edition):
    """Run All in JupyterLab evaluates each markdown cell after the code above it only, so every
    value the prose shows must be glued by a code cell above it, in both editions."""
    nb = nbformat.read(nb_path, as_version=4)
    if edition == "student":
        nb, _ = student_edition.strip_solutions(nb)
    first = syntax._first_glued(nb.cells)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for key in syntax.SHOWN.findall(cell.source):
                assert first.get(key) is not None, f"cell {i}: {key!r} is never glued"
                assert first[key] < i, f"cell {i} shows {key!r}, glued below it (cell {first[key]})"
