"""The published book in a real browser (headless Chromium), with the network blocked.

For every page: it loads, logs no console error at all, has no error output, every image has alt
text, maths is typeset by the vendored MathJax (no MathJax error), interactive figures are drawn,
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

import functools
import http.server
import json
import threading

import pytest

from tests.support import ROOT, book_pdf_tool, toc_files

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
#: MathJax typesets each formula as it nears the screen (ui/lazy): typeset them all now.
TYPESET_ALL = """async () => { await MathJax.startup.promise;
  const d = MathJax.startup.document; if (d.lazyTypesetAll) { await d.lazyTypesetAll(); } }"""


@pytest.fixture(scope="module")
def site(built_book):
    handler = functools.partial(book_pdf_tool.QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _offline_context(browser, **options):
    """A browser context whose every request not to 127.0.0.1 is aborted and recorded."""
    context = browser.new_context(**options)
    blocked = book_pdf_tool.block_network(context)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.blocked, pg.errors = blocked, errors
    return context, pg


@pytest.fixture()
def offline_page(browser, site):
    context, pg = _offline_context(browser, viewport={"width": 1400, "height": 1000})
    yield pg
    context.close()


def _real_errors(errors):
    return list(errors)


def _wait_for_figures(pg):
    """Scroll to each interactive figure (drawn as it nears the screen) until it is drawn."""
    for fig in pg.locator("figure.levtoken-explorer").all():
        fig.scroll_into_view_if_needed()
        fig.locator("g.cartesianlayer").first.wait_for(state="attached", timeout=15000)
    pg.evaluate("() => window.scrollTo(0, 0)")


def _dark(pg):
    """Switch the page to the dark theme, as the theme's colour button does."""
    pg.evaluate("() => { document.documentElement.dataset.mode = 'dark';"
                " document.documentElement.dataset.theme = 'dark'; }")
    pg.wait_for_timeout(300)  # the figures follow (levtoken-explorer.js), CSS transitions end


def axe_violations(pg, rules: list[str] | None = None) -> list[str]:
    """Run axe-core (served from node_modules, injected inline) on the page; WCAG 2 A/AA only
    (or only the given ``rules``)."""
    assert AXE.exists(), "axe-core is missing: run 'npm ci' (or 'make setup')"
    if not pg.evaluate("() => !!window.axe"):
        pg.add_script_tag(path=str(AXE))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    # only the violations are reported (axe's resultTypes: passes are not collected, quicker)
    result = pg.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})",
                         run_only)
    return [f"{v['id']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']}): {v['help']}"
            for v in result["violations"]]


@pytest.mark.parametrize("doc", toc_files())
def test_page_works_offline(offline_page, site, doc):
    pg = offline_page
    pg.goto(f"{site}/{doc}.html", wait_until="networkidle")
    body = pg.inner_text("body")
    assert "Traceback" not in body
    missing_alt = pg.eval_on_selector_all("img", "els => els.filter(e => !e.alt).map(e => e.src)")
    assert missing_alt == [], f"images without alt text: {missing_alt}"
    if pg.locator("script[type='math/tex'], .math, div.math, span.math").count():
        pg.wait_for_selector("mjx-container", state="attached", timeout=15000)
        pg.evaluate("() => window.MathJax.startup.promise")
        pg.evaluate(TYPESET_ALL)
        errors = pg.eval_on_selector_all("mjx-merror", "els => els.map(e => e.textContent)")
        assert errors == [], f"MathJax could not typeset: {errors[:3]}"
    assert not pg.locator("script[type='application/vnd.jupyter.widget-view+json']").count(), \
        f"{doc}: a widget needs the widget manager (live panels are drawn as HTML)"
    _wait_for_figures(pg)
    pg.wait_for_timeout(300)  # late errors (figures, MathJax) must be caught too
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"
    violations = axe_violations(pg)
    assert violations == [], f"{doc}: WCAG 2 A/AA violations (axe-core):\n" + "\n".join(violations)
    _dark(pg)
    dark = pg.evaluate("""() => [...document.querySelectorAll('figure.levtoken-explorer')]
        .map(f => { const L = f.querySelector('.plotly-graph-div')._fullLayout;
                    return [L.paper_bgcolor, L.plot_bgcolor, L.legend && L.legend.bgcolor,
                            L.font.color].join(' '); })""")
    assert all("white" not in d and "#fff" not in d.lower() and "255, 255, 255" not in d
               for d in dark), f"{doc}: a figure stays white in the dark theme: {dark[:2]}"
    # the icon fonts are the build's cut ones (a few kB), never the theme's full fonts (290 kB)
    fonts = pg.evaluate("""() => performance.getEntriesByType('resource').map(e => e.name)
        .filter(n => /fontawesome/.test(n))""")
    assert fonts and all(".book.woff" in f for f in fonts), f"{doc}: icon fonts {fonts}"
    # no light slab: the book's own outputs (questions, figures, panels) sit on the dark page
    slabs = pg.evaluate("""() => [...document.querySelectorAll('.cell_output .text_html')]
        .filter(o => o.querySelector('.levtoken-quiz, figure.levtoken-explorer, '
                                     + '.levtoken-static-panel'))
        .map(o => getComputedStyle(o).backgroundColor)
        .filter(c => c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent')""")
    assert slabs == [], f"{doc}: the book's outputs sit on a light slab in the dark theme: {slabs[:3]}"
    # the dark theme changes colours only: axe's colour-contrast rule (and a quicker run)
    violations = axe_violations(pg, rules=["color-contrast"])
    assert violations == [], (f"{doc}: WCAG 2 A/AA violations in the dark theme (axe-core):\n"
                              + "\n".join(violations))
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"


def _explorer_docs():
    from tests.support import ROOT
    return [d for d in toc_files() if (ROOT / f"{d}.ipynb").exists()
            and "StaticExplorer(" in (ROOT / f"{d}.ipynb").read_text()]


@pytest.mark.parametrize("doc", _explorer_docs())
def test_interactive_figures_respond_offline(offline_page, site, doc):
    pg = offline_page
    pg.goto(f"{site}/{doc}.html", wait_until="load")
    figures = pg.locator("figure.levtoken-explorer")
    assert figures.count() >= 1, f"{doc}: no interactive figure"
    for i in range(figures.count()):
        fig = figures.nth(i)
        name = fig.get_attribute("data-explorer")
        fig.scroll_into_view_if_needed()
        fig.locator("g.cartesianlayer").first.wait_for(timeout=15000)

        def drawn():
            title = fig.locator("g.g-gtitle")
            return (fig.locator("g.cartesianlayer").first.inner_html()
                    + (title.first.inner_html() if title.count() else ""))

        ranges = fig.locator(".levtoken-explorer-range")
        if ranges.count() == 1:  # one control: Plotly's slider too, in step with the input
            rail = fig.locator("rect.slider-rail-touch-rect").first
            rail.scroll_into_view_if_needed()
            before = drawn()
            box = rail.bounding_box()
            changed = False
            for frac in (0.02, 0.98, 0.5):  # the first position that differs from the default
                pg.mouse.click(box["x"] + box["width"] * frac, box["y"] + box["height"] / 2)
                pg.wait_for_timeout(250)
                if drawn() != before:
                    changed = True
                    break
            assert changed, f"{doc}: moving the slider of '{name}' did not change the figure"
            _keyboard_moves_the_figure(pg, fig, doc, name, drawn)
        else:  # one input per control, and no second (combined) Plotly slider
            assert fig.locator("g.slider-container").count() == 0 or \
                fig.locator("g.slider-container").first.bounding_box() is None or \
                not fig.locator("g.slider-container").first.is_visible(), \
                f"{doc}: '{name}' shows Plotly's combined slider next to its controls"
            for k in range(ranges.count()):
                _control_moves_the_figure(pg, fig, ranges.nth(k), doc, name, drawn)
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"


def _control_moves_the_figure(pg, fig, rng, doc, name, drawn):
    """One of several controls: a labelled drop-down list whose every option is named, focusable,
    and choosing another option changes the figure."""
    label = fig.locator(f"label[for='{rng.get_attribute('id')}']")
    assert label.count() == 1 and label.inner_text().strip(), f"{doc}: '{name}': unlabelled control"
    assert rng.evaluate("el => el.tagName") == "SELECT", f"{doc}: '{name}': not a named choice"
    labels = json.loads(rng.get_attribute("data-labels"))
    options = rng.locator("option").all_inner_texts()
    assert options == labels and all(o.strip() for o in options), f"{doc}: '{name}': {options}"
    rng.focus()
    assert pg.evaluate("() => document.activeElement.tagName") == "SELECT"
    rng.select_option(index=0)
    pg.wait_for_timeout(200)
    first = drawn()
    rng.select_option(index=1)
    pg.wait_for_timeout(250)
    assert rng.input_value() == "1" and drawn() != first, \
        f"{doc}: '{name}': the control {label.inner_text()!r} did not change the figure"


def _keyboard_moves_the_figure(pg, fig, doc, name, drawn):
    """The figure's labelled range input takes focus and the arrow keys move the figure."""
    rng = fig.locator("input.levtoken-explorer-range")
    assert rng.count() == 1, f"{doc}: '{name}' has no keyboard control"
    label = fig.locator(f"label[for='{rng.get_attribute('id')}']")
    assert label.count() == 1 and label.inner_text().strip(), f"{doc}: '{name}': unlabelled range"
    rng.focus()
    assert pg.evaluate("() => document.activeElement.classList.contains('levtoken-explorer-range')")
    assert pg.evaluate("el => el.tabIndex >= 0", rng.element_handle())
    n_steps = int(rng.get_attribute("max")) + 1
    pg.keyboard.press("Home")
    pg.wait_for_timeout(250)
    first = drawn()
    assert rng.input_value() == "0"
    pg.keyboard.press("ArrowRight")
    pg.wait_for_timeout(250)
    assert rng.input_value() == "1"
    assert drawn() != first, f"{doc}: the arrow key did not change '{name}'"
    state = pg.evaluate("el => { const gd = el.closest('figure').querySelector('.plotly-graph-div');"
                        " return [gd.layout.sliders[0].active, gd.layout.sliders[0].steps.length,"
                        " el.getAttribute('aria-valuetext'), gd.layout.sliders[0].steps[1].label]; }",
                        rng.element_handle())
    assert state[0] == 1 and state[1] == n_steps, f"{doc}: Plotly slider not in step: {state}"
    assert state[2] == state[3], f"{doc}: aria-valuetext {state[2]!r} is not the step's label"
    assert fig.locator("output.levtoken-explorer-value").inner_text() == state[3]


def _panel_docs():
    return [d for d in toc_files() if (ROOT / f"{d}.ipynb").exists()
            and "_panel()" in (ROOT / f"{d}.ipynb").read_text()]


@pytest.mark.parametrize("doc", _panel_docs())
def test_live_panels_show_no_live_control_in_the_static_page(offline_page, site, doc):
    """A live panel needs Python: in the web page no control may look alive. It shows its
    default figure, the values that figure shows, and a Binder link to this very notebook (the
    same URL as the page's own launch button, both built from _config.yml)."""
    pg = offline_page
    pg.goto(f"{site}/{doc}.html", wait_until="networkidle")
    panels = pg.locator(".levtoken-live-panel")
    panels.first.wait_for(timeout=15000)
    theme_binder = pg.eval_on_selector_all(
        "a[href*='/v2/gh/']", "els => els.filter(e => !e.closest('.levtoken-live-panel'))"
        ".map(e => e.href).filter(h => !h.includes('/tree/student/'))")   # the student edition's
    assert len(set(theme_binder)) == 1, f"{doc}: expected one launch button, got {theme_binder}"
    for i in range(panels.count()):
        panel = panels.nth(i)
        panel.scroll_into_view_if_needed()  # its image loads as it nears the screen
        panel.locator("img[alt]").first.wait_for(timeout=15000)
        enabled = panel.evaluate("""p => [...p.querySelectorAll(
                'input, select, button, textarea, a[href], [role=slider], [role=button], '
                + '[role=combobox], [role=spinbutton], [role=checkbox], [contenteditable=true]')]
            .filter(e => !e.classList.contains('levtoken-binder-link')
                         && !e.classList.contains('levtoken-panel-full'))
            .filter(e => e.offsetParent !== null && !e.disabled
                         && e.getAttribute('aria-disabled') !== 'true')
            .map(e => e.outerHTML.slice(0, 120))""")
        assert enabled == [], f"{doc}: live panel {i} shows enabled controls: {enabled}"
        note = panel.locator(".levtoken-static-values")
        assert note.is_visible(), f"{doc}: live panel {i} does not state the values it shows"
        assert "Values shown:" in note.inner_text() and " = " in note.inner_text()
        link = note.locator("a.levtoken-binder-link")
        assert link.is_visible()
        assert link.evaluate("a => a.href") == theme_binder[0], f"{doc}: wrong Binder link"
        assert f"urlpath=lab/tree/{doc}.ipynb" in theme_binder[0]


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
    each figure scrolls the page (no drag zoom). One page load per page, one browser."""
    context, pg = _offline_context(browser, viewport=PHONE, is_mobile=True, has_touch=True,
                                   device_scale_factor=2)
    cdp = context.new_cdp_session(pg)
    problems = []
    try:
        for doc in toc_files():
            pg.goto(f"{site}/{doc}.html", wait_until="load")
            _wait_for_figures(pg)
            if pg.locator("mjx-container").count() or pg.locator(".math").count():
                pg.evaluate(TYPESET_ALL)
            for img in pg.locator("a.levtoken-panel-full img").all():  # lazy: load it
                img.scroll_into_view_if_needed()
                pg.wait_for_function("el => el.complete && el.naturalWidth > 0",
                                     arg=img.element_handle(), timeout=10000)
            for img in pg.locator("picture.levtoken-picture img").all():  # lazy: load them
                img.scroll_into_view_if_needed()
                pg.wait_for_function("el => el.complete && el.naturalWidth > 0",
                                     arg=img.element_handle(), timeout=10000)
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
        assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
        assert pg.errors == [], f"console errors: {pg.errors[:5]}"
    finally:
        context.close()
    assert problems == [], "on a phone:\n" + "\n".join(problems)
