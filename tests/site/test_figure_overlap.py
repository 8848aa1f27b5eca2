"""No text over text in the interactive figures: the check itself. It runs on every interactive
figure of every chapter, at every position of its controls, on a desktop (1366x900, in
tests/site/test_browser.py) and on a phone (390x844, in tests/site/test_browser_phone.py), on the
page load those tests make anyway; see ``tests.site.browser.check_no_text_over_text``.
"""

from __future__ import annotations

import pytest

from tests.site.browser import OVERLAPS_JS

pytestmark = pytest.mark.browser


def test_the_overlap_check_sees_an_overlap(browser):
    """The check itself: two boxes over each other are reported, side by side they are not."""
    pg = browser.new_page()
    pg.set_content("""<div class="js-plotly-plot" id="t"><svg width="400" height="200">
      <g class="g-gtitle"><text x="10" y="20">A title over the legend</text></g>
      <g class="legend"><rect class="bg" x="15" y="8" width="120" height="20"/></g>
      <g class="infolayer"><g class="g-xtitle"><text x="200" y="190">day</text></g></g>
      </svg></div>""")
    found = pg.evaluate(OVERLAPS_JS, pg.locator("#t").element_handle())
    pg.close()
    assert len(found) == 1 and "title overlaps legend" in found[0]
