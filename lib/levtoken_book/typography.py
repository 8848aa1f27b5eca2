"""Numbers that keep together: the space inside "$1 600", "10 000" or "20 %" must not break a line.

The book writes thousands with a space and per cents with a space. :func:`keep_together` turns
those spaces into no-break spaces (U+00A0); the book build applies it to the text of every page
(:mod:`levtoken_book.sphinxext.typography`) and the questions to their own HTML
(:mod:`levtoken_book.questions`).
"""

from __future__ import annotations

import re

__all__ = ["NBSP", "keep_together"]

NBSP = "\u00a0"
#: "1 600", "10 000 000" (a digit, a space, three digits not followed by a digit) and "20 %".
NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d)|%)")


def keep_together(text: str) -> str:
    """``text`` with the space inside each number (thousands, per cent) made a no-break space."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    return NUMBER_SPACE.sub(NBSP, text)
