"""Sphinx extension: accessible markup where the toolchain writes markup that is not.

docutils' HTML5 writer (used for the bibliography of sphinxcontrib-bibtex) marks every reference
``role="doc-biblioentry"`` inside a ``role="list"``. DPUB-ARIA 1.1 deprecated that role, so the
list has no valid items (axe-core: ``aria-deprecated-role``, ``aria-required-children``). The
entries are list items: :func:`visit_citation` writes them as ``role="listitem"`` (it replaces
the HTML writer's visitor of docutils' ``citation`` node, so the deprecated role is never written).

myst-nb names the summary of a folded cell (``hide-input``/``hide-output``) "Toggle hidden
content" while it shows "Show code cell source": the accessible name misses the visible text
(WCAG 2.5.3, label in name). That markup is written by myst-nb's own node, so the page pass
(:mod:`.page`) fixes it on the parsed page (:func:`name_summaries_by_their_text`): without the
``aria-label`` the visible prompt is the name.

(Two theme buttons whose accessible name missed their visible text, WCAG 2.5.3, are fixed by
template overrides in ``book/_templates/``: the search button and the colour-mode button.)
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from docutils import nodes


def visit_citation(self, node: nodes.citation) -> None:
    """A bibliography entry: a ``role="listitem"`` of its ``role="list"`` (docutils' HTML5
    visitor, with the list item role in place of the deprecated ``doc-biblioentry``)."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def name_summaries_by_their_text(body: BeautifulSoup) -> None:
    """A ``<summary>`` whose ``aria-label`` does not contain its visible text is named by that
    text: the ``aria-label`` is removed (WCAG 2.5.3, label in name)."""
    for summary in body.find_all("summary", attrs={"aria-label": True}):
        shown = " ".join(summary.get_text(" ").split()).casefold()
        if shown and shown not in " ".join(summary["aria-label"].split()).casefold():
            del summary["aria-label"]
