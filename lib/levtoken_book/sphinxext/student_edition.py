"""The student edition (solutions removed), made on every book build.

Runs :func:`levtoken_book.student_edition.build` before the documents are read and writes
``book/_generated/student-edition.zip`` (git-ignored), which the teacher's guide offers with the
``{download}`` role. One source, two editions: nothing to keep in sync by hand.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from levtoken_book import student_edition


def make(app: Sphinx) -> None:
    """builder-inited: write the student notebooks and their zip under ``book/_generated``."""
    book = Path(app.confdir) / "book"
    generated = book / "_generated"
    student_edition.build(book, generated / "student", generated / "student-edition.zip")
