"""No text over text in the interactive figures: the built site in headless Chromium (network
blocked), on a desktop (1366×900) and a phone (390×844).

For every interactive figure of every page, at every position of its controls: the bounding
boxes of its title lines (the data's source line included: chapter 9 prints it under the title),
its legend, its annotations, its axis titles and a visible Plotly slider must not overlap one
another (a pixel of tolerance).
"""

from __future__ import annotations


import pytest

from tests.site.browser import site  # noqa: F401  (the built site on 127.0.0.1)
from tests.support import book_pdf_tool, toc_files

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}

#: Overlapping text boxes of one drawn figure, as "name: what overlaps what (w×h px)".
OVERLAPS_JS = """(gd) => {
  const out = [], items = [];
  const name = (gd.closest('figure') && gd.closest('figure').dataset.explorer) || gd.id;
  const add = (what, el) => {
    if (!el) return;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) items.push([what, r]);
  };
  gd.querySelectorAll('g.g-gtitle text').forEach(e => add('title', e));
  gd.querySelectorAll('g.legend').forEach(e => add('legend', e.querySelector('rect.bg') || e));
  gd.querySelectorAll('g.annotation').forEach(e => add('annotation', e));
  gd.querySelectorAll('g.infolayer g[class$="title"] text').forEach(e => {
    const cls = e.parentNode.getAttribute('class');
    if (cls !== 'g-gtitle') add(cls, e);
  });
  gd.querySelectorAll('g.slider-container').forEach(e => add('slider', e));
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const [a, ra] = items[i], [b, rb] = items[j];
    const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (w > 1 && h > 1) out.push(`${name}: ${a} overlaps ${b} (${w.toFixed(0)}x${h.toFixed(0)} px)`);
  }
  return out;
}"""

#: Every position of every figure's controls: apply each slider step and collect the overlaps.
EVERY_STEP_JS = """async (overlaps) => {
  const check = eval(overlaps), problems = [];
  await window.levtokenExplorers.drawAll();
  for (const gd of document.querySelectorAll('figure.levtoken-explorer .js-plotly-plot')) {
    const steps = (gd.layout.sliders && gd.layout.sliders[0]) ? gd.layout.sliders[0].steps : [null];
    for (const [i, step] of steps.entries()) {
      if (step) await window.Plotly.update(gd, step.args[0] || {}, step.args[1] || {});
      for (const p of check(gd)) problems.push(`${p} at step ${i}` + (step ? ` (${step.label})` : ''));
    }
  }
  return [document.querySelectorAll('figure.levtoken-explorer .js-plotly-plot').length, problems];
}"""


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


def _explorer_docs():
    from tests.support import ROOT
    return [d for d in toc_files() if (ROOT / f"{d}.ipynb").exists()
            and "StaticExplorer(" in (ROOT / f"{d}.ipynb").read_text()]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("doc", _explorer_docs())
def test_no_text_over_text_in_interactive_figures(browser, site, doc, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone",
                                  has_touch=viewport == "phone")
    blocked = book_pdf_tool.block_network(context)
    pg = context.new_page()
    try:
        pg.goto(f"{site}/{doc}.html", wait_until="load")
        n, problems = pg.evaluate(EVERY_STEP_JS, OVERLAPS_JS)
    finally:
        context.close()
    assert n >= 1, f"{doc}: no interactive figure drawn"
    assert problems == [], f"{doc} ({viewport}): " + "; ".join(problems[:8])
    assert blocked == [], f"the page tried to reach the network: {blocked[:5]}"
