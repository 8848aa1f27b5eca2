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

from tests import support
from tests.support import MARKERS, ROOT

pytestmark = pytest.mark.unit

TESTS = sorted((ROOT / "tests").rglob("test_*.py"))
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
    assert len(TESTS) >= 30 and ROOT / "tests" / "repo" / "test_markers.py" in TESTS


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


class _Factory:
    """A stand-in for pytest's tmp_path_factory on an xdist worker (basetemp = <run>/popen-gwN)."""

    def __init__(self, run: Path, worker: str):
        self.base = run / f"popen-{worker}"

    def getbasetemp(self) -> Path:
        return self.base


def test_the_site_is_made_once_per_run_and_a_failure_is_shared(tmp_path, monkeypatch):
    """What keeps two workers from building the book twice (tests/conftest.py)."""
    made = []
    for worker in ("gw0", "gw1", "gw0"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        with support.once_per_run(_Factory(tmp_path, worker), "site") as mine:
            made.append(mine)
    assert made == [True, False, False]
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    with pytest.raises(AssertionError, match="broken"):
        with support.once_per_run(_Factory(tmp_path, "gw0"), "pdf") as mine:
            assert mine
            raise AssertionError("broken build")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    with pytest.raises(pytest.fail.Exception, match="pdf failed on worker gw0:\nbroken build"):
        with support.once_per_run(_Factory(tmp_path, "gw1"), "pdf"):
            pass
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    with support.once_per_run(_Factory(tmp_path, "x"), "site") as mine:   # no xdist: always
        assert mine


def test_the_declaration_is_read_from_the_file(tmp_path):
    cases = {"import pytest\n\npytestmark = pytest.mark.browser\n": ["browser"],
             "import pytest\npytestmark = [pytest.mark.build, pytest.mark.unit]\n": ["build", "unit"],
             "import pytest\n\n@pytest.mark.unit\ndef test_x():\n    pass\n": [],
             "def test_uses(built_book):\n    pass\n": []}
    for i, (source, marks) in enumerate(cases.items()):
        path = tmp_path / f"test_{i}.py"
        path.write_text(source)
        assert declared(path) == marks
    assert suggestion(tmp_path / "test_3.py") == "build" and suggestion(tmp_path / "test_2.py") == "unit"
