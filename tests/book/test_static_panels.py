"""Honest live panels: live in Jupyter, stated and disabled in the static page.

The panel itself (Python side) keeps its controls live and its static note hidden; the book's
``static_panels`` extension rewrites the embedded widget state of the page. Both halves are
tested here on a real panel; the browser test checks the built pages.
"""

from __future__ import annotations



import ipywidgets as widgets
import pytest
from bs4 import BeautifulSoup
from ipywidgets.embed import dependency_state

import levtoken_book.panels as lw
from levtoken_book import markup
from levtoken_book.panels import basics
from levtoken_book.sphinxext import static_panels
from tests.support import ROOT

pytestmark = pytest.mark.unit

URL = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/book/01_x.ipynb"


def test_the_panel_marks_its_parts_with_the_names_the_extension_looks_for():
    panel = basics.one_period_panel()
    header, row, note, _status, _out = panel.children
    assert markup.PANEL_CLASS in panel._dom_classes
    assert markup.CONTROLS_CLASS in row._dom_classes
    assert markup.STATIC_NOTE_CLASS in note._dom_classes
    title = BeautifulSoup(header.value, "html.parser").select(f"[{markup.PANEL_TITLE_ATTR}]")
    assert [t.get_text() for t in title] == ["One period of a leveraged token"]
    link = BeautifulSoup(note.value, "html.parser").select(f"a[{markup.BINDER_LINK_ATTR}]")
    assert len(link) == 1 and link[0]["href"] == "#"


def test_in_jupyter_the_controls_are_live_and_the_static_note_hidden():
    panel = basics.one_period_panel()
    assert all(not c.disabled for c in panel.controls.values())
    assert panel.static_note.layout.display == "none"
    assert lw.PANEL_CLASS in panel._dom_classes


def test_the_static_note_states_the_values_shown_and_follows_them():
    panel = basics.one_period_panel()
    text = panel.static_note.value
    assert "leverage L = +3x" in text and "underlying move = 10%" in text
    assert 'href="#"' in text and "Binder" in text
    panel.controls["move"].value = -0.2
    assert "underlying move = -20%" in panel.static_note.value


def test_make_static_hides_and_disables_every_control_and_fills_the_binder_link():
    panel = basics.one_period_panel()
    state = {"version_major": 2, "version_minor": 0, "state": dependency_state(panel)}
    assert static_panels.make_static(state, URL) == 1
    models = state["state"]

    def model(widget):
        return models[widget.model_id]["state"]

    row = next(c for c in panel.children if lw.CONTROLS_CLASS in c._dom_classes)
    assert models[row.layout.model_id]["state"]["display"] == "none"
    assert all(model(c)["disabled"] is True for c in panel.controls.values())
    assert models[panel.static_note.layout.model_id]["state"]["display"] is None
    assert f'href="{URL}"' in model(panel.static_note)["value"]
    assert 'href="#"' not in model(panel.static_note)["value"]
    # the Python objects (what Jupyter shows) are untouched
    assert all(not c.disabled for c in panel.controls.values())
    # idempotent: a second pass changes nothing
    before = repr(models)
    static_panels.make_static(state, URL)
    assert repr(models) == before


def test_a_widget_that_is_not_a_panel_is_left_alone():
    free = widgets.IntSlider(value=3, description="n")
    state = {"state": dependency_state(free, drop_defaults=False)}
    assert static_panels.make_static(state, URL) == 0
    assert state["state"][free.model_id]["state"]["disabled"] is False


def test_render_static_draws_the_panel_as_html_without_any_control():
    panel = basics.one_period_panel()
    state = {"version_major": 2, "version_minor": 0, "state": dependency_state(panel)}
    static_panels.make_static(state, URL)
    saved = []

    def save(data: bytes) -> str:
        saved.append(data)
        return f"../_images/p{len(saved)}.png"

    html = static_panels.render_static(state, panel.model_id, save)
    assert html.startswith('<div class="levtoken-box levtoken-live-panel levtoken-static-panel">')
    assert '<p class="levtoken-panel-title">One period of a leveraged token</p>' in html
    assert "<h4" not in html and "Live panel" in html
    assert f'href="{URL}"' in html and "Values shown:" in html
    assert "<input" not in html and "leverage L</" not in html  # the controls row is left out
    assert len(saved) == 1 and saved[0][:8] == b"\x89PNG\r\n\x1a\n"
    assert '<a class="levtoken-panel-full" href="../_images/p1.png"' in html
    assert '<img alt="One period of a leveraged token: ' in html and "data:image" not in html


def test_render_static_refuses_a_visible_control():
    free = widgets.VBox([widgets.IntSlider(value=3, description="n")])
    state = {"state": dependency_state(free, drop_defaults=False)}
    try:
        static_panels.render_static(state, free.model_id, lambda data: "x.png")
    except static_panels.NotStatic:
        pass
    else:
        raise AssertionError("a visible slider cannot be drawn as static HTML")
