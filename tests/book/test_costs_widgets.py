"""Chapter 5's live panel (drag breakdown and break-even) and its static-HTML fee explorer."""

from __future__ import annotations

import numpy as np
import pytest

from levtoken import LeveragedToken, costs, paths
from levtoken_book.explorers import StaticExplorer
from levtoken_book.panels import costs as wc

pytestmark = pytest.mark.unit


def test_compute_drag_at_the_panel_defaults():
    res = wc.compute_drag()
    fee = 1 - 0.9995**365
    funding = 1 - 0.9991**365
    assert res["drags"]["fee"] == pytest.approx(fee, rel=1e-12)
    assert res["drags"]["funding"] == pytest.approx(funding, rel=1e-12)
    assert res["drags"]["decay"] == pytest.approx(1 - costs.decay_factor(3, 0.8), rel=1e-12)
    assert sum(res["parts"].values()) == pytest.approx(res["total"], rel=1e-12)
    assert res["total"] == pytest.approx(0.918, abs=0.001)
    assert res["multiple"] == pytest.approx(1 - res["total"])
    assert res["break_even"] == pytest.approx(1.284, abs=0.002)          # BTC must rise ~128 %
    assert res["traded_per_day"] == pytest.approx(6 * costs.mean_abs_daily_return(0.8))
    assert costs.typical_multiple(res["break_even"], leverage=3, sigma=0.8, fee_per_day=0.0005,
                                  funding_per_day=0.0003, slippage=0.0005) == pytest.approx(1.0)


def test_compute_drag_inverse_token_receives_funding_and_needs_a_fall():
    res = wc.compute_drag(leverage=-3, sigma=0.6, fee_per_day=0.0001)
    assert res["parts"]["funding"] < 0 and res["break_even"] < 0


@pytest.mark.parametrize("kwargs, name", [({"leverage": 0}, "leverage"),
                                          ({"sigma": -0.2}, "sigma"),
                                          ({"fee_per_day": 1.2}, "fee_per_day"),
                                          ({"funding_per_day": 0.5}, "funding_per_day"),
                                          ({"slippage": 0.5}, "slippage")])
def test_compute_drag_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        wc.compute_drag(**kwargs)


def test_draw_drag_shows_the_breakdown_and_the_break_even():
    fig = wc.draw_drag()
    ax, ax2 = fig.axes
    widths = [p.get_width() for p in ax.patches]
    res = wc.compute_drag()
    expected = [res["parts"][k] for k in costs.COMPONENTS] + [res["total"]]
    np.testing.assert_allclose(widths, expected, rtol=1e-12)
    assert "break-even: +128%" in [t.get_text() for t in ax2.get_legend().get_texts()]
    assert "+128%" in fig._suptitle.get_text() and "0.08" in fig._suptitle.get_text()
    assert ax.get_xlabel().endswith("(%)") and "NAV" in ax2.get_ylabel()


def test_panel_redraws_when_a_control_moves():
    panel = wc.drag_panel()
    out = panel.output
    first = out.outputs[0]["data"]["image/png"]
    # the alt text reads like the control: its label and per cent, not "fee_per_day = 0.0005"
    assert "fee per day = 0.050%" in out.outputs[0]["data"]["text/html"]
    panel.controls["fee_per_day"].value = 0.003
    second = out.outputs[0]["data"]["image/png"]
    assert second != first
    panel.controls["leverage"].value = -3.0
    assert out.outputs[0]["data"]["image/png"] != second
    assert set(panel.controls["leverage"].options) == {(f"{v:+g}x", v) for v in wc.PANEL_LEVERAGES}
    assert 0.0 not in wc.PANEL_LEVERAGES


def test_panel_slider_ranges_are_valid_for_the_library():
    panel = wc.drag_panel()
    c = panel.controls
    for L in wc.PANEL_LEVERAGES:                    # the extreme corner of every range is valid
        costs.annual_drag(L, c["sigma"].max, c["fee_per_day"].max, c["funding_per_day"].max,
                          c["slippage"].max)
        costs.annual_drag(L, c["sigma"].min, c["fee_per_day"].min, c["funding_per_day"].min,
                          c["slippage"].min)


def test_fee_step_is_the_library_token():
    res = wc.compute_fee_step(0.001)
    tok = LeveragedToken(3, fee_per_day=0.001, funding_per_day=0.0003, slippage=0.0005)
    k = 0.999 * 0.9991              # fee and funding; selling L(1 - k) of exposure pays slippage
    assert res["calm"][-1] == pytest.approx((k - 0.0005 * 3 * (1 - k)) ** 365, rel=1e-12)
    np.testing.assert_allclose(res["calm"], tok.nav(np.zeros(365)))
    r = paths.bridge_returns(0.0, 365, sigma=wc.EXPLORER_SIGMA, n_paths=wc.EXPLORER_PATHS,
                             seed=wc.EXPLORER_SEED, keep_variance=True)
    np.testing.assert_allclose(res["volatile"], np.median(tok.nav(r), axis=0))
    assert res["volatile"][-1] == pytest.approx(res["breakdown"].multiple, rel=0.03)


def test_fee_explorer_has_one_step_per_fee_and_every_step_differs():
    fig = wc.fee_explorer()
    steps = fig.layout.sliders[0].steps
    assert len(steps) == len(wc.EXPLORER_FEES) <= 40
    n = len(fig.data) // len(steps)
    assert n == 3
    bars = [tuple(fig.data[i * n].x) for i in range(len(steps))]
    lines = [tuple(fig.data[i * n + 2].y) for i in range(len(steps))]
    assert len(set(bars)) == len(steps) and len(set(lines)) == len(steps)
    assert all(len(tr.x) <= 300 for tr in fig.data)
    active = fig.layout.sliders[0].active
    assert wc.EXPLORER_FEES[active] == wc.DEFAULT_FEE
    assert [tr.visible for tr in fig.data].count(True) == n
    # the fee bar of the 0.1 %/day step is the compounded fee's share of the total drag
    k = wc.EXPLORER_FEES.index(0.001)
    d = costs.annual_drag(3, wc.EXPLORER_SIGMA, 0.001, wc.EXPLORER_FUNDING, wc.EXPLORER_SLIPPAGE)
    fee_bar = fig.data[k * n].x[list(fig.data[k * n].y).index("management fee")]
    assert fee_bar == pytest.approx(100 * d.parts()["fee"], abs=1e-3)
    assert "0.100%" in steps[k].label and "30.6%" in steps[k].args[1]["title.text"]


def test_fee_explorer_renders_as_a_static_explorer():
    html = StaticExplorer(wc.fee_explorer(), name="ch5-fee", alt="fee explorer").to_html()
    assert 'id="explorer-ch5-fee"' in html and len(html) < 400_000
