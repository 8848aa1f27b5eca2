"""Sphinx extension: accessible markup where the toolchain writes markup that is not.

docutils' HTML5 writer (used for the bibliography of sphinxcontrib-bibtex) marks every reference
``role="doc-biblioentry"`` inside a ``role="list"``. DPUB-ARIA 1.1 deprecated that role, so the
list has no valid items (axe-core: ``aria-deprecated-role``, ``aria-required-children``). The
entries are list items: this writes them as ``role="listitem"``.

myst-nb names the summary of a folded cell (``hide-input``/``hide-output``) "Toggle hidden
content" while it shows "Show code cell source": the accessible name misses the visible text
(WCAG 2.5.3, label in name). Without the ``aria-label`` the visible prompt is the name.

(Two theme buttons whose accessible name missed their visible text, WCAG 2.5.3, are fixed by
template overrides in ``book/_templates/``: the search button and the colour-mode button.)
"""

from __future__ import annotations

from sphinx.application import Sphinx

REPLACEMENTS = {
    'role="doc-biblioentry"': 'role="listitem"',
    '<summary aria-label="Toggle hidden content">': "<summary>",
}


def fix_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    for old, new in REPLACEMENTS.items():
        body = body.replace(old, new)
    context["body"] = body
