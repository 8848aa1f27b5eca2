"""The published book in a real browser (headless Chromium), with the network blocked.

For every page: it loads, logs no console error (except the theme's two known harmless ones),
has no error output, every image has alt text, maths is typeset by the vendored MathJax (no
MathJax error), embedded widgets render, and axe-core (pinned in package.json) finds no violation
of the WCAG 2.0/2.1 A and AA rules. For every interactive figure: moving its slider with the mouse
and with the keyboard changes what is drawn. For every live panel: the static page shows no
enabled control, states the values its figure shows and links to the notebook on Binder.

Chromium is a declared requirement of the test command (README; `.ci/run` installs it):
when it is missing this test fails and says how to install it, it never skips.
"""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlparse

import pytest

from conftest import ROOT, book_pdf_tool, toc_files

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
KNOWN_THEME_ERRORS = ("'THEBE_JS_URL' has already been declared", "Got invalid theme mode")


@pytest.fixture(scope="module")
def site(built_book):
    handler = functools.partial(book_pdf_tool.QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture()
def offline_page(browser, site):
    """A page whose every request not to 127.0.0.1 is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def route(r):
        host = urlparse(r.request.url).hostname
        if host in ("127.0.0.1",) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.blocked, pg.errors = blocked, errors
    yield pg
    context.close()


def _real_errors(errors):
    return [e for e in errors if not any(k in e for k in KNOWN_THEME_ERRORS)]


def axe_violations(pg) -> list[str]:
    """Run axe-core (served from node_modules, injected inline) on the page; WCAG 2 A/AA only."""
    assert AXE.exists(), "axe-core is missing: run 'npm ci' (or 'make setup')"
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                         WCAG_TAGS)
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
        errors = pg.eval_on_selector_all("mjx-merror", "els => els.map(e => e.textContent)")
        assert errors == [], f"MathJax could not typeset: {errors[:3]}"
    if pg.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        pg.wait_for_selector(".widget-slider, .widget-dropdown", state="attached", timeout=15000)
        # the embedded panel shows its default figure, described for screen readers
        pg.wait_for_selector(".jupyter-widgets img[alt]", state="attached", timeout=15000)
    pg.wait_for_timeout(500)  # late errors (widget rendering, MathJax) must be caught too
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"
    violations = axe_violations(pg)
    assert violations == [], f"{doc}: WCAG 2 A/AA violations (axe-core):\n" + "\n".join(violations)


def _explorer_docs():
    from conftest import ROOT
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
        fig.locator("g.cartesianlayer").first.wait_for(timeout=15000)
        rail = fig.locator("rect.slider-rail-touch-rect").first
        rail.scroll_into_view_if_needed()
        def drawn():
            title = fig.locator("g.g-gtitle")
            return (fig.locator("g.cartesianlayer").first.inner_html()
                    + (title.first.inner_html() if title.count() else ""))

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
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"


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
        ".map(e => e.href)")
    assert len(set(theme_binder)) == 1, f"{doc}: expected one launch button, got {theme_binder}"
    for i in range(panels.count()):
        panel = panels.nth(i)
        panel.locator("img[alt]").first.wait_for(timeout=15000)
        enabled = panel.evaluate("""p => [...p.querySelectorAll(
                'input, select, button, textarea, a[href], [role=slider], [role=button], '
                + '[role=combobox], [role=spinbutton], [role=checkbox], [contenteditable=true]')]
            .filter(e => !e.classList.contains('levtoken-binder-link'))
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
