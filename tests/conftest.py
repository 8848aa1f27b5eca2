"""Shared fixtures: one clean, warnings-as-errors build of the whole book per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
HTML = BUILD / "html"


def toc_files() -> list[str]:
    """Every document of _toc.yml (root first), as paths relative to the root, without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))
            for part in e.get("parts", []) or []:
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    return files


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
    sys.path.insert(0, str(ROOT / "tools"))
    import book_pdf as tool

    return tool.build_pdf(built_book)
