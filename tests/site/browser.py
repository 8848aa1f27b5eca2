"""What the browser tests of the built site share: the site on 127.0.0.1, a page with the network
blocked, axe-core, the dark theme, the check of one page. The tests are split over several files
(test_browser*.py) so that a parallel run hands them to different workers."""

from __future__ import annotations

import functools
import json
import http.server
import threading

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from levtoken_book.sphinxext import maths
from tests.support import ROOT, book_pdf_tool


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": PHONE}
#: The chapter's sections off screen are not laid out until a reader nears them (levtoken.css,
#: content-visibility), and a section clips what overflows it: the layout checks draw every
#: section without that, so that a box too wide for the column is seen, not clipped.
ALL_SECTIONS_DRAWN = """() => { const s = document.createElement('style');
  s.textContent = 'article section { content-visibility: visible !important; }';
  document.head.append(s); }"""
#: The formulas are typeset when the book is built (levtoken_book.sphinxext.maths): every one is
#: MathJax's HTML with its MathML for screen readers, no TeX is left, and each is as large as
#: MathJax makes it in a browser: its font's x-height (the argument, in em) that of the text
#: around it.
MATHS_PROBLEMS = r"""xHeight => {
  const problems = [];
  for (const box of document.querySelectorAll('span.math, div.math')) {
    const c = box.querySelectorAll(':scope > mjx-container');
    const mml = box.querySelector('mjx-assistive-mml math');
    if (c.length !== 1 || !mml || !mml.textContent.trim())
      problems.push(`not typeset: ${box.textContent.slice(0, 60)}`);
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode())
    if (/\\\(|\\\[|\\begin\{/.test(t.data) && !t.parentElement.closest('pre, code, script, style'))
      problems.push(`TeX left: ${t.data.slice(0, 60)}`);
  for (const c of [...document.querySelectorAll('article span.math > mjx-container')]
                    .filter(c => c.getClientRects().length).slice(0, 8)) {
    const probe = document.createElement('span');
    probe.style.cssText = 'display:inline-block;height:1ex;width:0';
    c.parentElement.parentElement.insertBefore(probe, c.parentElement);
    const ex = probe.getBoundingClientRect().height;
    probe.remove();
    const mathEx = xHeight * parseFloat(getComputedStyle(c).fontSize);
    if (!(Math.abs(mathEx / ex - 1) < 0.03))
      problems.push(`a formula's x-height is ${mathEx.toFixed(2)} px beside text of ${ex.toFixed(2)} px`);
  }
  const fonts = document.getElementById('levtoken-maths-fonts');
  if (fonts && (fonts.media !== 'all'
                || !document.documentElement.classList.contains('levtoken-maths-fonts')))
    problems.push('the formulas\' fonts are not on after the first paint');
  const failed = [...document.fonts].filter(f => f.family.startsWith('MJX') && f.status === 'error');
  if (failed.length) problems.push(`fonts failed: ${failed.map(f => f.family)}`);
  const scripts = performance.getEntriesByType('resource').map(e => e.name)
    .filter(n => /mathjax\/.*\.js/.test(n));
  if (scripts.length || window.MathJax) problems.push(`MathJax runs in the page: ${scripts}`);
  return problems;
}"""


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
    context, pg = _offline_context(browser, viewport=VIEWPORTS["desktop"])
    yield pg
    context.close()


def _real_errors(errors):
    return list(errors)


def scroll_until(pg, element, done_js: str, tries: int = 30) -> None:
    """Scroll ``element`` (a locator) to the middle of the screen until ``done_js`` (called with
    the element) is true: the sections on the way are drawn as they near the screen
    (content-visibility) and may move it, so scroll to it again until it is there."""
    handle = element.element_handle()
    for _ in range(tries):
        handle.evaluate("e => e.scrollIntoView({block: 'center'})")
        try:
            pg.wait_for_function(done_js, arg=handle, timeout=500)
            return
        except PlaywrightTimeout:
            continue
    pg.wait_for_function(done_js, arg=handle, timeout=1000)


def _wait_for_figures(pg):
    """Scroll to each interactive figure (drawn as it nears the screen) until it is drawn."""
    for fig in pg.locator("figure.levtoken-explorer").all():
        scroll_until(pg, fig, "f => !!f.querySelector('g.cartesianlayer')")
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


def check_page_works_offline(pg, site: str, doc: str, also=()) -> None:
    """One page, desktop: see the docstring of tests/site/test_browser.py. Each check of
    ``also`` (called with the page and ``doc``) runs on the same page load, after the checks of
    the light theme and before those of the dark one."""
    pg.goto(f"{site}/{doc}.html", wait_until="networkidle")
    body = pg.inner_text("body")
    assert "Traceback" not in body
    missing_alt = pg.eval_on_selector_all("img", "els => els.filter(e => !e.alt).map(e => e.src)")
    assert missing_alt == [], f"images without alt text: {missing_alt}"
    maths_problems = pg.evaluate(MATHS_PROBLEMS, maths.font_x_height(ROOT))
    assert maths_problems == [], f"{doc}: {maths_problems[:5]}"
    # every box that scrolls has its tab stop (given in idle slices: levtoken-page.js)
    pg.wait_for_function("() => document.documentElement.dataset.levtokenTabStops === 'done'")
    assert not pg.locator("script[type='application/vnd.jupyter.widget-view+json']").count(), \
        f"{doc}: a widget needs the widget manager (live panels are drawn as HTML)"
    _wait_for_figures(pg)
    pg.wait_for_timeout(300)  # late errors (figures, MathJax) must be caught too
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"
    violations = axe_violations(pg)
    assert violations == [], f"{doc}: WCAG 2 A/AA violations (axe-core):\n" + "\n".join(violations)
    for check in also:
        check(pg, doc)
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
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


# --- the figures of a loaded page ------------------------------------------------------


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


def check_no_text_over_text(pg, doc: str, where: str) -> None:
    """No text over text in the loaded page's interactive figures, at every position of their
    controls: the boxes of the title lines (the data's source line included), the legend, the
    annotations, the axis titles and a visible Plotly slider do not overlap (1 px tolerance)."""
    if not pg.locator("figure.levtoken-explorer").count():
        return
    n, problems = pg.evaluate(EVERY_STEP_JS, OVERLAPS_JS)
    assert n >= 1, f"{doc}: no interactive figure drawn"
    assert problems == [], f"{doc} ({where}): " + "; ".join(problems[:8])


def check_interactive_figures(pg, doc: str) -> None:
    """Every interactive figure of the loaded page: moving its slider with the mouse and with the
    keyboard (or choosing another option of each of its controls) changes what is drawn."""
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


def check_live_panels(pg, doc: str) -> None:
    """The loaded page's live panels (if any): a live panel needs Python: in the web page no control may look alive. It shows its
    default figure, the values that figure shows, and a Binder link to this very notebook (the
    same URL as the page's own launch button, both built from _config.yml)."""
    panels = pg.locator(".levtoken-live-panel")
    if not panels.count():
        return
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
        # a section is drawn in the frame after it nears the screen (content-visibility)
        pg.wait_for_function("n => n.innerText.trim() !== ''", arg=note.element_handle())
        assert "Values shown:" in note.inner_text() and " = " in note.inner_text()
        link = note.locator("a.levtoken-binder-link")
        assert link.is_visible()
        assert link.evaluate("a => a.href") == theme_binder[0], f"{doc}: wrong Binder link"
        assert f"urlpath=lab/tree/{doc}.ipynb" in theme_binder[0]


# --- the questions of a loaded page ----------------------------------------------------

def check_questions(pg, doc: str) -> None:
    """Each question of the loaded page answered right and then wrong with the keyboard only
    gives the matching feedback, whose "see" link points at a section of the page; axe-core finds
    no WCAG 2 A/AA violation in the answered questions (light and dark theme); at 375 px no
    question is wider than the screen (the viewport is then set back)."""
    from tests.book.quiz_keys import answer_right_and_wrong

    boxes = pg.locator(".levtoken-quiz")
    n = boxes.count()
    assert 3 <= n <= 5, f"{doc}: {n} questions on the page"
    for i in range(n):
        box = boxes.nth(i)
        qid = answer_right_and_wrong(pg, box)["id"]
        anchor = box.locator(".levtoken-quiz-feedback a.levtoken-quiz-link").get_attribute("href")
        page, _, frag = anchor.partition("#")
        assert page == f"{doc.split('/')[-1]}.html" and frag, f"{qid}: link {anchor}"
        assert pg.locator(f"[id='{frag}']").count() == 1, f"{qid}: no section #{frag}"
    if not pg.evaluate("() => !!window.axe"):
        pg.add_script_tag(path=str(AXE))
    theme_before = pg.evaluate("() => document.documentElement.dataset.theme")
    for theme in ("light", "dark"):
        pg.evaluate("t => document.documentElement.dataset.theme = t", theme)
        result = pg.evaluate("tags => axe.run('.levtoken-quiz', "
                             "{runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        bad = [f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in result["violations"]]
        assert bad == [], f"{doc} ({theme} theme): {bad}"
    pg.evaluate("t => document.documentElement.dataset.theme = t", theme_before)
    viewport = pg.viewport_size
    pg.set_viewport_size({"width": 375, "height": 800})
    widths = pg.eval_on_selector_all(".levtoken-quiz", "els => els.map(e => "
                                     "e.getBoundingClientRect().right)")
    pg.set_viewport_size(viewport)
    assert max(widths) <= 375, f"{doc}: a question is wider than a phone screen: {widths}"
