"""The published book in a real browser (headless Chromium), with the network blocked.

For every page: it loads, logs no console error (except the theme's two known harmless ones),
has no error output, every image has alt text, maths is typeset by the vendored MathJax, and
embedded widgets render. For every interactive figure: moving its slider changes what is drawn.

Chromium is a declared requirement of the test command (README; `.ci/run` installs it):
when it is missing this test fails and says how to install it, it never skips.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from conftest import toc_files

KNOWN_THEME_ERRORS = ("'THEBE_JS_URL' has already been declared", "Got invalid theme mode")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is required for the browser test and was not found on PATH. "
                    "Install it: 'sudo apt-get install chromium' (Debian/Ubuntu), "
                    "then run the README's test command again.", pytrace=False)
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def site(built_book):
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    exe = chromium_path()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        yield b
        b.close()


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
    if pg.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        pg.wait_for_selector(".widget-slider, .widget-dropdown", state="attached", timeout=15000)
        # the embedded panel shows its default figure, described for screen readers
        pg.wait_for_selector(".jupyter-widgets img[alt]", state="attached", timeout=15000)
    pg.wait_for_timeout(500)  # late errors (widget rendering, MathJax) must be caught too
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"


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
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"
