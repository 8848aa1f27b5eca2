"""The published book in a real browser (headless Chromium), with the network blocked.

For every page: it loads, logs no console error at all, has no error output, every image has alt
text, every formula was typeset when the book was built (MathJax's HTML with its MathML for screen
readers, no TeX left, no MathJax script, each formula as tall as the text around it), interactive figures are drawn,
and axe-core (pinned in package.json) finds no violation of the WCAG 2.0/2.1 A and AA rules, in
the light theme and in the dark theme (same page load; in the dark theme the book's outputs sit
on no light slab). On a phone (390×844, touch): no page scrolls sideways (wide tables and display
equations scroll in their own box), no figure title overlaps its legend or leaves the figure, a
vertical swipe over a figure scrolls the page, each figure has one slider with a touch target of
at least 44 px and no keyboard hint, every static figure shows its phone rendition whose smallest
text is at least 11 CSS px (font size in the SVG times the scale it is drawn at), and a live
panel's image opens at full size. For every interactive figure: moving its slider with the mouse and with the keyboard
changes what is drawn. For every live panel: the static page shows no enabled control, states
the values its figure shows and links to the notebook on Binder.

Chromium is a declared requirement of the test command (README; `.ci/run` installs it):
when it is missing this test fails and says how to install it, it never skips.
"""

from __future__ import annotations

import pytest

from tests.support import ROOT, toc_files  # noqa: F401
from tests.site.browser import (  # noqa: F401  (fixtures)
    check_interactive_figures, check_live_panels, check_no_text_over_text,
    check_page_works_offline, check_questions, offline_page, site)

pytestmark = pytest.mark.browser

#: The chapters here; the other pages in test_browser_pages.py (two files, two workers).
CHAPTERS = [d for d in toc_files() if (ROOT / f"{d}.ipynb").exists()]



def _uses(doc: str, code: str) -> bool:
    return code in (ROOT / f"{doc}.ipynb").read_text()


def _has_live_panels(pg, doc: str) -> None:
    assert pg.locator(".levtoken-live-panel").count(), f"{doc}: its live panel is not on the page"
    check_live_panels(pg, doc)


def _figures_respond_without_text_over_text(pg, doc: str) -> None:
    check_interactive_figures(pg, doc)
    check_no_text_over_text(pg, doc, "desktop")


@pytest.mark.parametrize("doc", CHAPTERS)
def test_page_works_offline(offline_page, site, doc):
    """One page load per chapter (1366x900): the page's own checks in the light theme; its live
    panels; its interactive figures, moved with the mouse and the keyboard, and no text over text
    at any position of their controls; its questions answered by keyboard (see
    tests/site/test_questions_browser.py); then the dark theme."""
    checks = [check for code, check in (("_panel()", _has_live_panels),
                                        ("StaticExplorer(", _figures_respond_without_text_over_text),
                                        ('ask(\\"ch', check_questions))
              if _uses(doc, code)]
    check_page_works_offline(offline_page, site, doc, also=checks)
