"""The engine is a library, not the book: no chapter numbers, no repository or notebook paths and
no HTML anywhere in ``levtoken``'s source (docstrings and comments included). The book's own
code (``levtoken_book``) says which chapter shows what and renders tables as HTML; the engine
says what a thing is.

The scan reads the installed package's files (``levtoken.__file__``), so it also checks a wheel.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import levtoken

pytestmark = pytest.mark.unit

#: What the engine's source must not contain, each with the reason given when it does.
FORBIDDEN = {
    r"\b[Cc]hapter \d": "a chapter number (say what the thing is)",
    r"\bbook/": "a path of the book's repository",
    r"\.ipynb\b": "a notebook name",
    r"<div\b": "HTML markup (the book renders HTML: levtoken_book)",
    r"<table\b": "HTML markup (the book renders HTML: levtoken_book)",
    r"_repr_html_": "an HTML display hook (the book renders HTML: levtoken_book)",
}

ENGINE = Path(levtoken.__file__).parent


def offences(text: str, name: str) -> list[str]:
    """``name:line: reason: the line`` for every forbidden pattern in ``text``."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, reason in FORBIDDEN.items():
            if re.search(pattern, line):
                out.append(f"{name}:{number}: {reason}: {line.strip()}")
    return out


def test_the_engine_source_has_no_chapter_numbers_book_paths_or_html():
    files = sorted(ENGINE.rglob("*.py"))
    assert {"paths.py", "theory.py", "rebalancing.py", "issuers.py"} <= {f.name for f in files}
    found = [o for f in files
             for o in offences(f.read_text(encoding="utf-8"), str(f.relative_to(ENGINE.parent)))]
    assert not found, "the engine talks about the book:\n" + "\n".join(found)


@pytest.mark.parametrize("line, reason", [
    ("# closed forms (chapter 5)", "a chapter number"),
    ('"""Chapter 8 of the book."""', "a chapter number"),
    ("    source : key of ``book/references.bib``", "a path of the book's repository"),
    ("see 02_rebalancing.ipynb", "a notebook name"),
    ('return f"<div style=\'x\'>"', "HTML markup"),
    ("html = '<table class=\"t\">'", "HTML markup"),
    ("    def _repr_html_(self):", "an HTML display hook"),
])
def test_the_scan_finds_each_kind_and_names_file_and_line(line, reason):
    text = "import numpy as np\n\n" + line + "\n"
    found = offences(text, "levtoken/example.py")
    assert len(found) == 1 and found[0].startswith(f"levtoken/example.py:3: {reason}")


@pytest.mark.parametrize("line", [
    "# chapters of a history, a tabled motion",     # words, not a number, path or tag
    "    if head.startswith(('<!doctype html', '<html')):",   # recognising a downloaded page
    "the notebook of the reader",
])
def test_the_scan_leaves_ordinary_text_alone(line):
    assert offences(line, "levtoken/example.py") == []
