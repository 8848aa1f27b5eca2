"""Chapter 1's panel and explorer, and the shared interactive-figure helper."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from levtoken_book.explorers import SliderStep, StaticExplorer, slider_figure
from levtoken_book.panels import basics

pytestmark = pytest.mark.unit


def test_one_period_at_the_panel_defaults():
    res = basics.compute_one_period()
    assert res["token_nav"] == pytest.approx(1.30)
    assert res["spot_nav"] == pytest.approx(1.10)
    assert res["ruin_move"] == pytest.approx(-1 / 3)
    assert not res["ruined"]


def test_one_period_floors_at_zero_beyond_the_ruin_move():
    res = basics.compute_one_period(leverage=3, move=-0.40)
    assert res["token_nav"] == 0.0 and res["ruined"]
    res = basics.compute_one_period(leverage=-2, move=0.10)
    assert res["token_nav"] == pytest.approx(0.80)


@pytest.mark.parametrize("kwargs, name", [({"leverage": 0}, "leverage"),
                                          ({"leverage": 11}, "leverage"),
                                          ({"move": -1.0}, "move"),
                                          ({"move": float("nan")}, "move")])
def test_one_period_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        basics.compute_one_period(**kwargs)


def test_draw_one_period_marks_the_chosen_point():
    fig = basics.draw_one_period(3, 0.10)
    ax = fig.axes[0]
    assert "1.300" in ax.get_title() and "1.100" in ax.get_title()
    assert ax.get_xlabel().endswith("(%)") and "NAV" in ax.get_ylabel()


def test_panel_redraws_when_a_control_moves():
    panel = basics.one_period_panel()
    out = panel.children[-1]
    first = out.outputs[0]["data"]["image/png"]
    assert "leverage L = +3x" in out.outputs[0]["data"]["text/html"]
    panel.controls["move"].value = -0.20
    assert out.outputs[0]["data"]["image/png"] != first
    panel.controls["leverage"].value = -0.5
    assert "leverage L = -0.5x" in out.outputs[0]["data"]["text/html"]
    assert len(out.outputs) == 1


def test_leverage_slider_offers_only_valid_leverages():
    import traitlets

    from levtoken_book.panels import leverage_slider

    s = leverage_slider(3.0, -5.0, 5.0)
    values = [v for _label, v in s.options]
    assert 0 not in values and len(values) == 20 and values[0] == -5.0 and values[-1] == 5.0
    assert s.value == 3.0 and dict(s.options)["+3x"] == 3.0
    with pytest.raises(traitlets.TraitError):
        s.value = 0.0
    with pytest.raises(ValueError, match="value"):
        leverage_slider(0.0, -5.0, 5.0)


def test_payoff_explorer_has_one_step_per_leverage_and_each_step_differs():
    fig = basics.payoff_explorer()
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [f"{lev:+g}x" for lev in basics.EXPLORER_LEVERAGES]
    n = len(fig.data) // len(steps)
    token_curves = [tuple(np.round(fig.data[i * n + 1].y, 6)) for i in range(len(steps))]
    assert len(set(token_curves)) == len(steps)
    active = fig.layout.sliders[0].active
    assert basics.EXPLORER_LEVERAGES[active] == basics.DEFAULT_LEVERAGE
    assert [tr.visible for tr in fig.data].count(True) == n


def test_slider_figure_visibility_masks_select_one_step():
    steps = [SliderStep(label=str(k), traces=[go.Scatter(x=[0, 1], y=[0, k])], title=f"k={k}")
             for k in range(3)]
    fig = slider_figure(steps, slider_label="k: ", active=1)
    masks = [s.args[0]["visible"] for s in fig.layout.sliders[0].steps]
    assert masks == [[True, False, False], [False, True, False], [False, False, True]]
    assert fig.layout.title.text == "k=1"


def test_slider_figure_rejects_uneven_steps_and_bad_active():
    a = SliderStep("a", [go.Scatter(x=[0], y=[0])])
    b = SliderStep("b", [go.Scatter(x=[0], y=[0]), go.Scatter(x=[0], y=[1])])
    with pytest.raises(ValueError, match="same number of traces"):
        slider_figure([a, b], "x")
    with pytest.raises(ValueError, match="active"):
        slider_figure([a], "x", active=3)
    with pytest.raises(ValueError, match="steps"):
        slider_figure([], "x")


def test_static_explorer_html_is_stable_and_accessible():
    fig = basics.payoff_explorer()
    one = StaticExplorer(fig, name="ch1-payoff", alt="payoff", caption="cap")
    bundle = one._repr_mimebundle_()
    html = bundle["text/html"]
    assert 'id="explorer-ch1-payoff"' in html and 'aria-label="payoff"' in html
    assert "<script" in html and "plotly.min.js" not in html  # the page loads plotly.js itself
    assert html == StaticExplorer(basics.payoff_explorer(), "ch1-payoff", "payoff", "cap").to_html()
    json.dumps(bundle["application/vnd.plotly.v1+json"])
    with pytest.raises(ValueError, match="alt"):
        StaticExplorer(fig, name="x", alt=" ")
    with pytest.raises(ValueError, match="name"):
        StaticExplorer(fig, name="Bad Name", alt="a")


def test_render_png_is_pixel_identical_to_savefig():
    """Each redraw renders a fresh figure; the fast path must give savefig's pixels, also when
    it reuses the cached renderer (the second call)."""
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    from levtoken_book.panels import render_png

    def pixels(png):
        return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))

    for leverage, move in ((-2, 0.2), (5, -0.3), (-2, 0.2)):
        fig = basics.draw_one_period(leverage, move)
        fast = pixels(render_png(fig))
        plt.close(fig)
        fig = basics.draw_one_period(leverage, move)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        slow = pixels(buf.getvalue())
        assert fast.shape == slow.shape and fast.shape[1] > 500
        assert np.array_equal(fast, slow), (leverage, move)
