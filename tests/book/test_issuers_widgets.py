"""Chapter 8's live panel (any rule) and static-HTML explorer (issuer × regime)."""

from __future__ import annotations

import numpy as np
import pytest

from levtoken import LeveragedToken, crashes, issuers
from levtoken_book.panels import issuers as w

pytestmark = pytest.mark.unit


def test_compute_rule_at_the_panel_defaults():
    res = w.compute_rule(drift="median-flat")
    assert res["leverage"] == 3.0 and res["band"] == (None, 4.0) and res["daily"]
    assert res["sigma"] == 0.70 and res["trigger_moves"][0] == pytest.approx(-1 / 9)
    assert res["days"].shape == res["lev_p50"].shape == res["nav_median"].shape == (366,)
    # a daily token: 365 scheduled rebalances plus a few at the 4x edge; it carries 3x on
    # average and drifts about ±10 % inside a day at 70 % volatility
    assert 365 <= res["rebalances_per_year"] < 366
    assert res["mean_leverage"] == pytest.approx(3.0, abs=0.02)
    assert 2.7 < res["lev_p10"][1] < 2.85 and 3.2 < res["lev_p90"][1] < 3.4
    # the median path's leverage never reaches the 4x edge at a day end
    assert np.nanmax(res["lev_p50"]) < 4.0
    # the median token after a year, on paths whose median underlying ends flat
    assert res["median_nav"] == pytest.approx(0.207, abs=0.002)     # 10 000 paths (200 gave 0.151)
    assert res["n_paths"] == 10_000 and 0.002 < res["median_nav_se"] < 0.006
    assert res["spot_median"][-1] == pytest.approx(1.0, abs=0.1)
    assert res["ruined"] == 0.0


def test_compute_rule_matches_the_token_it_describes():
    res = w.compute_rule(3.0, 2.0, 4.0, 0.0, "both", False, 0.00005, "2023-2024",
                         drift="median-flat")
    tok = LeveragedToken(3.0, fee_per_day=0.00005, steps_per_day=w.STEPS_PER_DAY,
                         leverage_band=(2.0, 4.0), daily_rebalance=False)
    r = w._returns(0.45, w.N_PATHS, w.SEED, "median-flat")
    assert res["median_nav"] == pytest.approx(float(np.median(tok.nav(r)[:, -1])), rel=1e-12)
    # rebalancing on need: a handful of trades a year instead of 365
    assert res["rebalances_per_year"] < 10
    assert 2.3 < res["mean_leverage"] < 3.0


def test_compute_issuer_gate_before_2025_carries_2_3x():
    res = w.compute_issuer("gate_2024", drift="median-flat")
    assert res["nominal_leverage"] == 3.0
    assert res["mean_leverage"] == pytest.approx(2.3, abs=0.02)
    assert w.compute_issuer("gate_2024", drift="median-flat") is res            # cached: one simulation per pair


@pytest.mark.parametrize("kwargs, name", [
    ({"leverage": 1.0}, "leverage"), ({"leverage": 6.0}, "leverage"),
    ({"low": 3.5}, "low"), ({"high": 2.5}, "high"), ({"high": 0.0, "low": 2.0}, "low"),
    ({"threshold": 0.4}, "threshold"), ({"side": "up"}, "side"),
    ({"fee_per_day": 0.02}, "fee_per_day"), ({"regime": "2030"}, "regime"),
    ({"daily": False, "high": 0.0, "threshold": 0.0}, "daily"),
])
def test_compute_rule_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        w.compute_rule(**kwargs, drift="median-flat")


def test_compute_rule_and_issuer_need_an_explicit_drift():
    with pytest.raises(TypeError, match="drift"):
        w.compute_rule()
    with pytest.raises(TypeError, match="drift"):
        w.compute_issuer("ftx")
    with pytest.raises(ValueError, match="drift"):
        w.compute_issuer("ftx", drift="flat")
    # same shocks, only the drift differs: mu = 0 gives every path a lower price
    a = w._returns(0.70, 200, w.SEED, "median-flat")
    b = w._returns(0.70, 200, w.SEED, "mean-flat")
    step = 1 / (365 * w.STEPS_PER_DAY)
    assert np.allclose(np.log1p(a) - np.log1p(b), 0.5 * 0.49 * step)


def test_compute_issuer_charges_no_funding_to_any_issuer():
    # one funding convention for every issuer: none (the presets' funding is illustrative)
    res = w.compute_issuer("ftx", "2023-2024", n_paths=200, drift="mean-flat")
    tok = LeveragedToken(3.0, fee_per_day=issuers.preset("ftx").fee_per_day,
                         steps_per_day=w.STEPS_PER_DAY, leverage_band=(None, 4.0))
    r = w._returns(0.45, 200, w.SEED, "mean-flat")
    assert res["median_nav"] == pytest.approx(float(np.median(tok.nav(r)[:, -1])), rel=1e-12)
    flags = {p.key: w.is_illustrative(p) for p in issuers.PRESETS}
    assert [k for k, v in flags.items() if v] == ["binance", "ascendex"]


def test_draw_rule_at_the_defaults_states_its_numbers():
    res = w.compute_rule(drift="median-flat")
    fig = w.draw_rule(drift="median-flat")
    assert "median price flat" in fig._suptitle.get_text()
    ax1, ax2 = fig.axes
    assert f"{res['mean_leverage']:.2f}x" in ax1.get_title()
    assert f"median NAV {res['median_nav']:.2f}" in ax2.get_title()
    assert "(x)" in ax1.get_ylabel() and "NAV" in ax2.get_ylabel()
    assert ax1.get_xlabel() == ax2.get_xlabel() == "day"
    np.testing.assert_allclose(ax2.lines[1].get_ydata(), res["nav_median"])


def test_rule_panel_builds_and_redraws():
    panel = w.rule_panel()
    assert set(panel.controls) == {"leverage", "low", "high", "threshold", "side", "daily",
                                   "fee_per_day", "regime"}
    assert panel.controls["leverage"].value == 3.0 and panel.controls["high"].value == 4.0
    out = panel.output.outputs[0]
    assert "image/png" in out["data"]
    panel.controls["high"].value = 2.5            # below |L|: the panel says why, no traceback
    assert "Not a valid rule" in panel.output.outputs[0]["data"]["text/html"]


def test_explorer_has_one_step_per_issuer_and_regime(few_paths):
    fig = w.issuer_explorer(drift="median-flat")
    n = len(w.EXPLORER_KEYS) * len(crashes.REGIMES)
    assert len(fig.layout.sliders[0].steps) == n
    assert len(fig.data) == 6 * n
    first = fig.layout.sliders[0].steps[0]
    assert first.label == f"{issuers.PRESETS[0].name} · 70%"  # readable names, not keys
    # the web page shows two controls: issuer and regime (the first varying fastest)
    from levtoken_book.explorers import StaticExplorer

    controls = StaticExplorer(fig, "ch8-issuers", "issuers").controls
    assert [label for label, _ in controls] == ["Issuer", "Volatility regime"]
    assert controls[0][1] == [issuers.preset(k).name for k in w.EXPLORER_KEYS]
    assert controls[1][1] == [r.label for r in crashes.REGIMES]
    # the log axis labels a few round values, no stacked minor labels
    y2 = fig.layout.yaxis2
    assert y2.type == "log" and list(y2.tickvals) == list(w.LOG_TICKS) and y2.minor.ticks == ""
    res = w.compute_issuer(w.EXPLORER_KEYS[0], "2020-2023", drift="median-flat")
    assert "illustrative" in first.args[1]["title.text"] or "illustrative" in str(first.args)
    assert f"median NAV {res['median_nav']:.2f}" in first.args[1]["title.text"] \
        or f"median NAV {res['median_nav']:.2f}" in str(first.args)


def test_draw_crash_day_shows_the_margin_position_liquidated():
    fig = w.draw_crash_day("march2020")
    ax1, ax2 = fig.axes
    prices = crashes.crash_day_prices("march2020")
    np.testing.assert_allclose(ax1.lines[0].get_ydata(), prices / prices[0])
    margin = ax2.lines[0]
    assert margin.get_label() == "3x margin position" and margin.get_ydata()[-1] == 0.0
    assert "hours" in ax1.get_xlabel() and "NAV" in ax2.get_ylabel()


def test_median_se_matches_the_normal_formula():
    x = np.random.default_rng(1).standard_normal(40_000)
    # for a normal sample the median's standard error is sqrt(pi/2)/sqrt(n)
    assert w.median_se(x) == pytest.approx(np.sqrt(np.pi / 2) / np.sqrt(x.size), rel=0.1)
    with pytest.raises(ValueError, match="values"):
        w.median_se([1.0, 2.0])


def test_issuer_medians_from_10000_paths_with_their_error():
    ftx = w.compute_issuer("ftx", drift="median-flat")
    assert ftx["n_paths"] == w.N_PATHS == 10_000
    assert ftx["median_nav"] == pytest.approx(0.207, abs=0.01)     # fee, no funding
    assert ftx["median_nav_se"] < 0.007
