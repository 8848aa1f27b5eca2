"""Every test file declares its kind, so ``pytest -m unit``, ``-m "not browser"`` ... select
what the README says (the markers are registered in pyproject.toml, ``--strict-markers``).

A file declares ``pytestmark = pytest.mark.<kind>`` (or a list of them) at its top, after its
imports; the doctests of ``lib/`` and the nbval cells of ``book/`` are marked by
``tests/conftest.py``. A test that needs the built site, the PDF, JupyterLab or Chromium is not a
``unit`` test (the fast loop, ``make check``, never builds the book or starts a browser).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import MARKERS, ROOT

pytestmark = pytest.mark.unit

TESTS = sorted((ROOT / "tests").glob("test_*.py"))
#: A fixture a test uses -> the markers one of which it must carry (and `unit` it must not).
NEEDS = {"built_book": ("build", "browser"), "book_pdf": ("build",), "browser": ("browser", "jupyterlab"),
         "lab": ("jupyterlab",)}


def declared(path: Path) -> list[str]:
    """The markers of the module-level ``pytestmark = pytest.mark.x`` (or ``[...]``) of a file."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "pytestmark"
                                                for t in node.targets):
            values = node.value.elts if isinstance(node.value, (ast.List, ast.Tuple)) else [node.value]
            return [v.attr for v in values if isinstance(v, ast.Attribute)
                    and isinstance(v.value, ast.Attribute) and v.value.attr == "mark"]
    return []


def suggestion(path: Path) -> str:
    source = path.read_text()
    for fixture, kind in (("lab", "jupyterlab"), ("offline_page", "browser"),
                          ("book_pdf", "build"), ("built_book", "build")):
        if fixture in source:
            return kind
    return "unit"


def test_there_are_test_files():
    assert len(TESTS) >= 30 and ROOT / "tests" / "test_markers.py" in TESTS


@pytest.mark.parametrize("path", TESTS, ids=lambda p: p.name)
def test_every_test_file_declares_its_kind(path):
    marks = declared(path)
    kind = suggestion(path)
    assert marks, (f"tests/{path.name} declares no marker: add the line\n"
                   f"    pytestmark = pytest.mark.{kind}\n"
                   f"after its imports (with 'import pytest'). The markers are {', '.join(MARKERS)} "
                   "(pyproject.toml says which is which).")
    unknown = [m for m in marks if m not in MARKERS]
    assert unknown == [], (f"tests/{path.name}: pytestmark names {unknown}; use one of "
                           f"{', '.join(MARKERS)} (e.g. pytestmark = pytest.mark.{kind})")


def test_what_a_test_uses_matches_its_marker(request):
    """Checked on the collected items: the fast loop (-m unit) must not build the book or start
    Chromium or JupyterLab; a test of the built site carries `build` or `browser`."""
    wrong = []
    for item in request.session.items:
        marks = {m.name for m in item.iter_markers()} & set(MARKERS)
        for fixture, allowed in NEEDS.items():
            if fixture in getattr(item, "fixturenames", ()) and not marks & set(allowed):
                wrong.append(f"{item.nodeid} uses {fixture!r} and is marked {sorted(marks)}: "
                             f"mark its file pytestmark = pytest.mark.{allowed[0]} "
                             "(or move the test to a file of that kind)")
    assert wrong == [], "\n".join(wrong)
