"""Sphinx extension: a chapter's list of the works it cites is folded.

Each chapter ends with the works it cites, as sphinxcontrib-bibtex's footnotes (from the
chapter's ``{footbibliography}``): one to four desktop screens of entries that the book's
References page also lists. The list is put in a ``<details>`` box, closed, whose summary says how
many works it holds; its paragraph of sources stays open above it. A citation link opens the box
and goes to its entry, and the box opens for print (``book/_static/levtoken-page.js``); the PDF
opens every folded part.
"""

from __future__ import annotations

from ..markup import CITED_WORKS_CLASS

#: The id of a footnote written by ``{footbibliography}`` starts with this.
FOOTCITE_ID = "footcite-"


def fold(body) -> int:
    """Fold each footnote bibliography of the parsed page ``body``; returns how many were."""
    folded = 0
    for notes in body.find_all("aside", class_="footnote-list"):
        entries = notes.find_all("aside", class_="footnote", recursive=False)
        if not entries or not all(str(e.get("id", "")).startswith(FOOTCITE_ID) for e in entries):
            continue
        if notes.find_parent("details") is not None:
            continue
        box = body.new_tag("details", attrs={"class": CITED_WORKS_CLASS})
        summary = body.new_tag("summary")
        n = len(entries)
        summary.string = f"The {n} works this chapter cites" if n > 1 else "The work this chapter cites"
        notes.wrap(box)
        box.insert(0, summary)
        folded += 1
    return folded
