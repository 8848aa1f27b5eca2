"""Interactive figures and live panels of the built site in the browser (see
tests/site/test_browser.py): a slider moved with the mouse and the keyboard changes what is drawn;
a live panel shows no enabled control, states its values and links to its notebook on Binder."""

from __future__ import annotations

import json

import pytest

from tests.support import ROOT, toc_files  # noqa: F401
from tests.site.browser import _real_errors, offline_page, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


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
