"""Shared fixtures: one clean, warnings-as-errors build of the whole book per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: The verbatim copy of Coin Metrics' btc.csv beside the clone (this machine and its CI have no
#: network); the repository's root conftest.py makes it levtoken.data's cache folder.
SHARED_DATA = ROOT.parent / "shared" / "data" / "coinmetrics"
BUILD = ROOT / "_build"
HTML = BUILD / "html"

sys.path.insert(0, str(ROOT / "tools"))
import book_pdf as book_pdf_tool  # noqa: E402  (the PDF tool; also the toc walker and Chromium finder)


def toc_files() -> list[str]:
    """Every document of _toc.yml (root first), as paths relative to the root, without suffix."""
    return book_pdf_tool.toc_docs(ROOT)


def chromium_path() -> str:
    """The system Chromium that the browser tests drive; a clear failure (never a skip) without it."""
    path = book_pdf_tool.find_chromium()
    if path is None:
        pytest.fail(book_pdf_tool.CHROMIUM_MISSING + " Then run the README's test command again.",
                    pytrace=False)
    return path


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium, one per test module (Playwright, no browser download)."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=book_pdf_tool.CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book from a clean _build with -W -n --keep-going; fail on any warning."""
    shutil.rmtree(BUILD, ignore_errors=True)
    exe = Path(sys.executable).parent / "jupyter-book"
    proc = subprocess.run([str(exe), "build", str(ROOT), "-W", "-n", "--keep-going"],
                          cwd=ROOT, capture_output=True, text=True)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, "jupyter-book build failed:\n" + log[-15000:]
    assert (HTML / "index.html").exists(), log[-5000:]
    return HTML


@pytest.fixture(scope="session")
def book_pdf(built_book) -> Path:
    """The PDF edition, printed from the built book into the site (as `make pdf` does)."""
    return book_pdf_tool.build_pdf(built_book)
