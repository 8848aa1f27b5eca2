"""levtoken_book.explorers.StaticExplorer in the static page: the figure's JSON drawn by the page's
deferred script, no drag zoom, and one labelled native slider per control."""

from __future__ import annotations

import json
import re

import plotly.graph_objects as go
import pytest

from levtoken_book.explorers import CONTROLS_META, SliderStep, StaticExplorer, slider_figure

pytestmark = pytest.mark.unit


def figure(n=6, meta=None):
    steps = [SliderStep(label=f"s{i}", traces=[go.Scatter(x=[0, 1], y=[i, i + 1], name="line")],
                        title=f"step {i} </script>") for i in range(n)]
    return slider_figure(steps, slider_label="Step: ", active=4,
                         layout=dict(meta=meta) if meta else None)


def test_the_page_gets_the_figure_as_json_next_to_its_div():
    html = StaticExplorer(figure(), "t-one", "a test figure").to_html()
    assert "Plotly.newPlot" not in html  # drawn by levtoken-explorer.js once Plotly is loaded
    div = re.search(r'<div id="explorer-t-one" class="plotly-graph-div levtoken-plot" '
                    r'style="height:480px; width:100%;"></div>', html)
    assert div
    m = re.search(r'<script type="application/json" class="levtoken-figure-json" '
                  r'data-for="explorer-t-one">(.*?)</script>', html, re.S)
    spec = json.loads(m.group(1))
    assert "</script>" not in m.group(1)  # escaped: the title's "</script>" cannot end the tag
    assert spec["layout"]["title"]["text"] == "step 4 </script>"
    assert spec["config"] == {"displaylogo": False, "displayModeBar": False, "responsive": True,
                              "scrollZoom": False, "typesetMath": False}
    assert len(spec["data"]) == 6 and [t["visible"] for t in spec["data"]].count(True) == 1


def test_one_slider_mirrors_the_plotly_slider():
    html = StaticExplorer(figure(), "t-one", "a test figure").to_html()
    assert html.count('type="range"') == 1
    assert 'id="explorer-t-one-range" min="0" max="5" step="1" value="4" aria-valuetext="s4"' in html
    assert ('Step <span class="levtoken-keyboard-hint">(keyboard: arrow keys)</span></label>'
            in html and "data-stride" not in html)


def test_two_controls_split_the_steps_first_varying_fastest():
    controls = [("Issuer", ["a", "b", "c"]), ("Regime", ["hi", "lo"])]
    ex = StaticExplorer(figure(meta={CONTROLS_META: controls}), "t-two", "two controls")
    html = ex.to_html()
    # named choices: one labelled drop-down list each, every option named, no bare slider
    assert html.count('type="range"') == 0 and html.count("<select ") == 2
    # active step 4 = issuer 1 + 3 x regime 1
    assert 'id="explorer-t-two-range-0" data-stride="1"' in html
    assert '<option value="0">a</option><option value="1" selected>b</option>' \
           '<option value="2">c</option></select>' in html
    assert 'id="explorer-t-two-range-1" data-stride="3"' in html
    assert '<option value="0">hi</option><option value="1" selected>lo</option>' in html
    assert ">Issuer</label>" in html and ">Regime</label>" in html
    assert StaticExplorer(figure(), "t-two", "x", controls=controls).controls == ex.controls


@pytest.mark.parametrize("controls, error", [
    ([("Issuer", ["a", "b"]), ("Regime", ["hi", "lo"])], ValueError),   # 4 != 6 steps
    ([("Issuer", ["a", "b", "c", "d", "e", "f"])], TypeError),          # one control: no
    ("Issuer", TypeError),
    ([("Issuer", ["a", "b", "c"]), ("Regime", [1, 2])], TypeError),
])
def test_bad_controls_are_refused(controls, error):
    with pytest.raises(error, match="controls"):
        StaticExplorer(figure(), "t-bad", "x", controls=controls)
