"""Every page of the built site on a phone (390×844, touch): see tests/site/test_browser.py."""

from __future__ import annotations

import pytest

from tests.support import book_pdf_tool, toc_files
from tests.site.browser import (  # noqa: F401  (fixtures)
    ALL_SECTIONS_DRAWN, EVERY_STEP_JS, OVERLAPS_JS, PHONE, _offline_context, _wait_for_figures,
    scroll_until, site)

pytestmark = pytest.mark.browser


PHONE_CHECKS = """() => {
  const W = window.innerWidth, problems = [];
  if (document.documentElement.scrollWidth > W + 1)
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px > ${W}`);
  const scrolls = el => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if ((o === 'auto' || o === 'scroll') && e.getBoundingClientRect().right <= W + 1) return true;
    } return false; };
  const wide = [...document.querySelectorAll('article table, article mjx-container, article pre, '
                                            + 'article img, article figure')];
  for (const el of wide) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > W + 1 && !scrolls(el))
      problems.push(`${el.tagName.toLowerCase()}.${el.className} is cut off (${Math.round(r.right)} px)`);
  }
  for (const f of document.querySelectorAll('figure.levtoken-explorer')) {
    const name = f.dataset.explorer, svg = f.querySelector('.main-svg').getBoundingClientRect();
    const title = f.querySelector('g.g-gtitle text'), legend = f.querySelector('g.legend');
    if (title) {
      const t = title.getBoundingClientRect();
      if (t.left < svg.left - 1 || t.right > svg.right + 1 || t.top < svg.top - 1)
        problems.push(`${name}: the title leaves the figure`);
      if (legend) {
        const l = legend.getBoundingClientRect();
        if (!(l.bottom <= t.top || l.top >= t.bottom || l.right <= t.left || l.left >= t.right))
          problems.push(`${name}: the title overlaps the legend`);
      }
    }
    if (legend && legend.getBoundingClientRect().right > svg.right + 1)
      problems.push(`${name}: the legend leaves the figure`);
    const slider = f.querySelector('g.slider-container');
    if (slider && slider.getBoundingClientRect().height > 0)
      problems.push(`${name}: two sliders (Plotly's is shown)`);
    const range = f.querySelector('input.levtoken-explorer-range');
    if (range) {
      const r = range.getBoundingClientRect();
      if (r.height < 44 || r.width < 44) problems.push(`${name}: slider target ${r.width}x${r.height} px`);
    }
  }
  for (const el of document.querySelectorAll('article *')) {
    if (el.children.length === 0 && /keyboard:|arrow keys/i.test(el.textContent)
        && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
      problems.push(`a keyboard hint is shown on a touch screen: ${el.textContent.trim()}`);
  }
  for (const img of document.querySelectorAll('.cell_output img, .levtoken-static-panel img')) {
    if (!img.closest('picture.levtoken-picture'))
      problems.push(`a static figure has no phone rendition: ${img.getAttribute('src')}`);
    else if (!img.currentSrc.endsWith('-phone.svg'))
      problems.push(`the phone shows the desktop image: ${img.currentSrc}`);
  }
  for (const a of document.querySelectorAll('a.levtoken-panel-full')) {
    const img = a.querySelector('img');
    if (!a.href.endsWith('.png') || !(img.naturalWidth > img.getBoundingClientRect().width))
      problems.push(`a live panel's image does not open at full size: ${a.href}`);
  }
  return problems;
}"""


#: The smallest text of each static figure as the phone shows it (CSS px): the font size of each
#: <text> of its SVG rendition (matplotlib writes "font-size: 9px" in the SVG's own units, points)
#: times the scale at which the page draws the SVG (its width on screen / its viewBox width).
FIGURE_TEXT_PX = r"""async () => {
  const out = [];
  const svgs = [...document.querySelectorAll('picture.levtoken-picture img')]
    .map(img => [img.currentSrc, img.getBoundingClientRect().width]);
  for (const inline of document.querySelectorAll('svg.levtoken-inline-svg'))
    svgs.push([null, inline.getBoundingClientRect().width, inline]);
  for (const [src, width, inline] of svgs) {
    let doc = inline;
    if (!inline) {
      const text = await (await fetch(src)).text();
      doc = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    }
    const box = doc.getAttribute('viewBox').split(/\s+/).map(Number);
    const sizes = [...doc.querySelectorAll('text')].map(t => {
      const m = /font-size:\s*([0-9.]+)px/.exec(t.getAttribute('style') || '')
             || /font:\s*(?:[a-z0-9]+\s+)*([0-9.]+)px/.exec(t.getAttribute('style') || '');
      return m ? Number(m[1]) : NaN; }).filter(v => !isNaN(v));
    out.push({src: src || 'inline svg', texts: sizes.length,
              px: sizes.length ? Math.min(...sizes) * width / box[2] : null});
  }
  return out;
}"""


def _swipe_up(cdp, pg, x, y, dy=250, n=8):
    """A finger moving up by ``dy`` px from (x, y): raw touch events, as a phone sends them."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, n + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                               "touchPoints": [{"x": x, "y": y - dy * i / n}]})
        pg.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    pg.wait_for_timeout(250)


def test_phone_layout_offline(browser, site):
    """At 390x844 with touch, every page: the checks of PHONE_CHECKS, then a vertical swipe over
    each figure scrolls the page (no drag zoom), and no text over text in any figure at any
    position of its controls. One page load per page, one browser."""
    context, pg = _offline_context(browser, viewport=PHONE, is_mobile=True, has_touch=True,
                                   device_scale_factor=2)
    cdp = context.new_cdp_session(pg)
    problems = []
    try:
        for doc in toc_files():
            pg.goto(f"{site}/{doc}.html", wait_until="load")
            _wait_for_figures(pg)
            for img in pg.locator("a.levtoken-panel-full img, picture.levtoken-picture img").all():
                scroll_until(pg, img, "el => el.complete && el.naturalWidth > 0")  # lazy: load
            pg.evaluate(ALL_SECTIONS_DRAWN)
            problems += [f"{doc}: {p}" for p in pg.evaluate(PHONE_CHECKS)]
            for fig in pg.evaluate(FIGURE_TEXT_PX):
                if not fig["texts"] or fig["px"] < 11:
                    problems.append(f"{doc}: text of {fig['texts']} sizes in {fig['src']} is "
                                    f"{fig['px'] and round(fig['px'], 1)} CSS px (< 11)")
            for fig in pg.locator("figure.levtoken-explorer").all():
                plot = fig.locator(".plotly-graph-div")
                plot.scroll_into_view_if_needed()
                pg.evaluate("el => el.scrollIntoView({block: 'center'})", plot.element_handle())
                box = plot.bounding_box()
                before = pg.evaluate("() => window.scrollY")
                _swipe_up(cdp, pg, box["x"] + box["width"] / 2,
                          min(box["y"] + box["height"] / 2, PHONE["height"] - 40))
                moved = pg.evaluate("() => window.scrollY") - before
                if moved < 100:
                    problems.append(f"{doc}: a swipe over '{fig.get_attribute('data-explorer')}' "
                                    f"scrolled the page {moved:.0f} px")
            if pg.locator("figure.levtoken-explorer").count():   # no text over text, every step
                _, overlaps = pg.evaluate(EVERY_STEP_JS, OVERLAPS_JS)
                problems += [f"{doc}: {p}" for p in overlaps]
        assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
        assert pg.errors == [], f"console errors: {pg.errors[:5]}"
    finally:
        context.close()
    assert problems == [], "on a phone:\n" + "\n".join(problems)


def test_a_jump_to_a_section_lands_on_it(browser, site):
    """On a phone, a jump to each section of chapter 3 (a link to its #id), then back to the
    top, then the next: each section's heading ends at the top of the screen, under the header
    (the theme's scroll padding),
    although the sections between are drawn only as the reader nears them (content-visibility)
    and their images load as they near the screen."""
    context, pg = _offline_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        for doc in ("book/03_volatility_decay",):
            pg.goto(f"{site}/{doc}.html", wait_until="load")
            ids = pg.evaluate("() => [...document.querySelectorAll("
                              "'article > section > section')].map(s => s.id)")
            # where the browser puts a jump's target: below the header (the theme's padding)
            header = pg.evaluate("() => parseFloat(getComputedStyle(document.documentElement)"
                                 ".scrollPaddingTop)")
            bottom = pg.evaluate("() => document.documentElement.scrollHeight - innerHeight")
            missed = []
            for section in ids[1:-2]:     # the last ones cannot scroll to the top of the screen
                pg.evaluate("() => { window.scrollTo(0, 0); }")
                pg.wait_for_timeout(100)
                pg.evaluate("id => { location.hash = '#' + id; }", section)
                pg.wait_for_timeout(500)
                top = pg.evaluate("id => document.getElementById(id).getBoundingClientRect().top",
                                  section)
                at_end = pg.evaluate("() => scrollY") >= bottom - 2
                # on it: its heading just under the header (a scroll hint drawn above it as the
                # reader arrives may move it by a line)
                if not (header - 8 <= top <= header + 0.1 * PHONE["height"] or at_end):
                    missed.append(f"{section}: {top:.0f} px")
            assert missed == [], f"{doc}: jumps that do not land on their section: {missed}"
    finally:
        context.close()


def test_the_page_is_drawn_in_the_reader_s_theme_before_the_theme_s_script(browser, site):
    """A reader in dark mode on a first visit: the page is dark from its first paint, not only
    once the theme's script (deferred, seconds away on a slow phone) has run. Checked with that
    script never arriving."""
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    book_pdf_tool.block_network(context)
    context.route("**/pydata-sphinx-theme.js*", lambda route: route.abort())
    pg = context.new_page()
    try:
        pg.goto(f"{site}/book/03_volatility_decay.html", wait_until="load")
        assert pg.evaluate("() => document.documentElement.dataset.theme") == "dark"
        background = pg.evaluate("() => getComputedStyle(document.body).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), background
        red, green, blue = map(int, background[background.index("(") + 1:-1].split(",")[:3])
        assert red + green + blue < 3 * 60, f"the page is not dark: {background}"
    finally:
        context.close()
