"""Sphinx extension: build the student edition (solutions removed) on every book build.

Runs ``tools/student_edition.py`` before the documents are read and writes
``book/_generated/student-edition.zip`` (git-ignored), which the teacher's guide offers with the
``{download}`` role. One source, two editions: nothing to keep in sync by hand.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sphinx.application import Sphinx


def _make(app: Sphinx) -> None:
    root = Path(app.confdir)
    spec = importlib.util.spec_from_file_location("student_edition", root / "tools" / "student_edition.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = root / "book" / "_generated"
    module.build(generated / "student", generated / "student-edition.zip")


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _make)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
