"""The student edition: the same chapters, every solution removed, every exercise kept."""

from __future__ import annotations



import nbformat
import pytest

from levtoken_book import student_edition
from tests.support import ROOT

pytestmark = pytest.mark.unit


CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _md(*lines):
    return nbformat.v4.new_markdown_cell("\n".join(lines))


def test_strip_solutions_on_a_small_notebook():
    nb = nbformat.v4.new_notebook(cells=[
        _md("# Title", "", "text"),
        _md("```{exercise}", ":label: ex-a", "Q1", "```", "", "````{solution-start} ex-a",
            ":class: dropdown", "````", "secret words"),
        nbformat.v4.new_code_cell("secret_code = 1"),
        _md("more secret", "````{solution-end}", "````", "", "after the solution"),
        nbformat.v4.new_code_cell("kept = 2"),
    ])
    out, removed = student_edition.strip_solutions(nb)
    text = "\n".join(c.source for c in out.cells)
    assert removed == 1
    assert "secret" not in text and "solution-" not in text
    assert "Q1" in text and "after the solution" in text and "kept = 2" in text
    assert "Student edition" in out.cells[0].source


def test_an_unclosed_solution_is_an_error():
    nb = nbformat.v4.new_notebook(cells=[_md("````{solution-start} ex-a", "````", "x")])
    with pytest.raises(ValueError, match="solution-end"):
        student_edition.strip_solutions(nb)


@pytest.mark.parametrize("src", CHAPTERS, ids=lambda p: p.name)
def test_every_chapter_loses_its_solutions_and_keeps_its_exercises(src):
    nb = nbformat.read(src, as_version=4)
    out, removed = student_edition.strip_solutions(nb)
    original = "\n".join(c.source for c in nb.cells)
    text = "\n".join(c.source for c in out.cells)
    exercises = original.count("{exercise}")
    assert 3 <= exercises <= 5, f"{src.name}: {exercises} exercises"
    assert removed == original.count("{solution-start}") == exercises
    assert "{solution-start}" not in text and "{solution-end}" not in text
    assert text.count("{exercise}") == exercises
    assert len([c for c in out.cells if c.cell_type == "code"]) < \
        len([c for c in nb.cells if c.cell_type == "code"])
