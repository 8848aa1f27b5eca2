"""Shared fixtures and the suite's layout: markers, the order of a parallel run, one built site.

Markers (registered in pyproject.toml, ``--strict-markers``): every test file declares one at its
top (``pytestmark = pytest.mark.unit``, ...; tests/test_markers.py fails otherwise); the items
that no test file holds are marked here: the doctests of ``lib/`` are ``unit``, the nbval cells
of ``book/*.ipynb`` are ``notebooks``.

Parallel runs (``pytest -n 2``, the README's test command; ``--dist loadfile`` is in addopts):
pytest-xdist hands out whole files, so the cells of a notebook run in order in one kernel, the
JupyterLab run starts one server, and each browser module one Chromium. The files are handed out
in the order set here, from what their tests use (never a hand-kept list, so a new test file
falls in place by itself): first the file that builds the book, then JupyterLab, then the rest
of the built site (browser, split over several files so that both workers share it), then the
PDF and the links, then the notebooks and the unit tests, which fill the gaps. Two workers for
two cores: a third one (tried on an idle 2-core machine) made the run longer, 777 s against
682 s, because the build and the browser tests then compete for the processors. (``--dist loadgroup`` with ``xdist_group`` would say the same, but with
pytest 9.2 and pytest-xdist 3.8 it silently stops grouping: pytest-xdist issue #1386.)

The built book and the PDF are made once per run, whatever the number of workers: the first
worker that needs one makes it under a file lock (``filelock``) in the run's shared temporary
directory, the others wait for it and reuse it (or fail with its error); nothing is cached
between runs, so every run rebuilds the book and re-executes every notebook.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support import (  # noqa: F401
    BUILD, ENGINE_TESTS, HTML, ROOT, book_pdf_tool, chromium_path, once_per_run)


# --- markers and the order of a parallel run ----------------------------------------------

def _rank(item: pytest.Item, builder: Path | None) -> int:
    """Where an item's file goes in the queue of a parallel run (lower first)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    if item.path == builder:
        return 0                      # builds the book: the longest chain starts first
    if "lab" in fixtures:
        return 1                      # JupyterLab runs every chapter meanwhile
    if "built_book" in fixtures and "book_pdf" not in fixtures:
        return 2                      # the browser and axe, once the site is built
    if "book_pdf" in fixtures:
        return 3                      # the PDF, then the links of the site with its PDF
    return 4                          # notebooks (nbval) and unit tests fill the gaps


ENGINE_SOURCE = ROOT / "lib" / "levtoken"
#: The test of tests/repo/test_wheel.py that runs tests/engine and the engine's doctests against
#: the installed wheel.
WHEEL_RUNS_ENGINE_TESTS = "test_the_wheel_installs_with_numpy_alone_and_passes_the_engine_tests"


def _engine_tests_once(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a run of every test (the README's test command: no -m, no -k), the engine's tests and
    doctests run once, against the installed wheel (tests/repo/test_wheel.py, which fails with
    their output), not a second time from the source tree: the same tests on the same code.
    Any narrower run (``make check`` is ``-m unit``; ``pytest tests/engine``) runs them here."""
    if config.getoption("markexpr") or config.getoption("keyword"):
        return
    if not any(it.name == WHEEL_RUNS_ENGINE_TESTS for it in items):
        return
    dropped = [it for it in items
               if it.path.is_relative_to(ENGINE_TESTS) or it.path.is_relative_to(ENGINE_SOURCE)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        gone = set(dropped)
        items[:] = [it for it in items if it not in gone]


@pytest.hookimpl(tryfirst=True)   # before -m deselects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from _pytest.doctest import DoctestItem

    for item in items:
        if isinstance(item, DoctestItem):
            item.add_marker(pytest.mark.unit)
        elif item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
    _engine_tests_once(config, items)
    if not hasattr(config, "workerinput"):   # not an xdist worker: the usual order
        return
    builder = next((it.path for it in items if it.get_closest_marker("build")
                    and "built_book" in getattr(it, "fixturenames", ())
                    and "book_pdf" not in it.fixturenames), None)
    rank: dict[Path, int] = {}
    for item in items:                         # a file keeps its items together, in its order
        rank[item.path] = min(rank.get(item.path, 9), _rank(item, builder))
    items.sort(key=lambda it: rank[it.path])


# --- one built site and one PDF per run ----------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium, one per test module (Playwright, no browser download). Each
    launch gets a fresh profile (user-data dir) in its own new temporary directory."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=book_pdf_tool.CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """Build the book from a clean _build with -W -n --keep-going; fail on any warning.
    Built once per run (every notebook executed), shared by every worker."""
    with once_per_run(tmp_path_factory, "built_book") as mine:
        if mine:
            shutil.rmtree(BUILD, ignore_errors=True)
            exe = Path(sys.executable).parent / "jupyter-book"
            proc = subprocess.run([str(exe), "build", str(ROOT), "-W", "-n", "--keep-going"],
                                  cwd=ROOT, capture_output=True, text=True)
            log = proc.stdout + proc.stderr
            assert proc.returncode == 0, "jupyter-book build failed:\n" + log[-15000:]
            assert (HTML / "index.html").exists(), log[-5000:]
    return HTML


@pytest.fixture(scope="session")
def book_pdf(built_book, tmp_path_factory) -> Path:
    """The PDF edition, printed from the built book into the site (as `make pdf` does), once."""
    with once_per_run(tmp_path_factory, "book_pdf") as mine:
        if mine:
            return book_pdf_tool.build_pdf(built_book)
    return built_book / book_pdf_tool.PDF_NAME
