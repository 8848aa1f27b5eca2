"""What the browser tests of the built site share: the site on 127.0.0.1, a page with the network
blocked, axe-core, the dark theme, the check of one page. The tests are split over several files
(test_browser*.py) so that a parallel run hands them to different workers."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tests.support import ROOT, book_pdf_tool


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


def check_page_works_offline(pg, site: str, doc: str) -> None:
    """One page, desktop: see the docstring of tests/site/test_browser.py."""
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
