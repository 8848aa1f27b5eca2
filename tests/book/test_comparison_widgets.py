"""Chapter 6's live panel, static figures and explorer (levtoken_book.panels.comparison)."""

from __future__ import annotations

import numpy as np
import pytest

import matplotlib

pytestmark = pytest.mark.unit

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from levtoken import compare, paths, theory  # noqa: E402
from levtoken_book.panels import comparison  # noqa: E402


@pytest.fixture(scope="module")
def small_grid():
    """A small grid with the shape of comparison_grid() (which takes several seconds)."""
    return compare.compare_products(sigmas=(0.4, 0.8, 1.2), horizons=(1, 7, 30, 90),
                                    n_paths=600, steps_per_day=2, seed=1)


# --- the panel's numbers -------------------------------------------------------------------------


def test_panel_paths_are_gbm_returns_from_cached_normals():
    r = comparison.panel_returns(0.8, comparison.MAX_HORIZON)
    expected = paths.gbm_returns(0.0, 0.8, comparison.MAX_HORIZON, comparison.PANEL_PATHS,
                                 seed=comparison.PANEL_SEED)
    np.testing.assert_allclose(r, expected, rtol=1e-13)
    # a shorter horizon is the first columns of the same paths; the cache is read-only
    np.testing.assert_array_equal(comparison.panel_returns(0.8, 30), r[:, :30])
    z = comparison._standard_normals(comparison.PANEL_PATHS, comparison.MAX_HORIZON,
                                     comparison.PANEL_SEED)
    assert not z.flags.writeable


def test_compute_outcomes_at_the_defaults():
    res = comparison.compute_outcomes()
    n = comparison.PANEL_PATHS
    assert res["n_paths"] == n and all(v.shape == (n,) for v in res["values"].values())
    assert res["liquidation_move"] == pytest.approx(-0.329983, abs=1e-6)
    assert res["ruin_move"] == pytest.approx(-1 / 3)
    # the same paths for every product: spot is the product of the returns
    r = comparison.panel_returns(0.8, 90)
    np.testing.assert_allclose(res["values"]["spot"], np.prod(1 + r, axis=1), rtol=1e-12)
    # liquidation = value exactly 0; it happens on about a third of the paths at 80 %, 90 days
    assert res["p_liquidation"] == pytest.approx(np.mean(res["values"]["margin"] == 0.0))
    assert 0.28 < res["p_liquidation"] < 0.44
    p_cont = compare.liquidation_probability(3, 0.8, 90, 0.005, steps_per_day=1)
    assert abs(res["p_liquidation"] - p_cont) < 4 * np.sqrt(p_cont * (1 - p_cont) / n)
    # medians near the closed forms: spot exp(−σ²T/2), token exp(−L²σ²T/2)
    T = 90 / 365
    assert res["median"]["spot"] == pytest.approx(np.exp(-0.32 * T), abs=0.03)
    assert res["median"]["token"] == pytest.approx(theory.median_token_multiple(3, 0, 0.8, T),
                                                   rel=0.1)
    assert res["p_loss"]["token"] > res["p_liquidation"] > res["p_loss"]["spot"]
    assert res["p_zero"]["token"] == 0.0 == res["p_zero"]["spot"]


def test_compute_outcomes_leverage_one_and_zero_margin():
    res = comparison.compute_outcomes(leverage=1.0, sigma=0.8, horizon=365, maintenance_margin=0.0)
    np.testing.assert_allclose(res["values"]["token"], res["values"]["spot"], rtol=1e-12)
    np.testing.assert_allclose(res["values"]["margin"], res["values"]["spot"], rtol=1e-12)
    assert res["p_liquidation"] == 0.0


def test_compute_outcomes_more_leverage_more_liquidations():
    rates = [comparison.compute_outcomes(leverage=L)["p_liquidation"] for L in (2, 3, 5)]
    assert rates[0] < rates[1] < rates[2]
    higher_m = comparison.compute_outcomes(maintenance_margin=0.05)["p_liquidation"]
    assert higher_m > comparison.compute_outcomes()["p_liquidation"]


@pytest.mark.parametrize("kwargs, name", [
    (dict(horizon=0), "horizon"), (dict(horizon=366), "horizon"), (dict(horizon=2.5), "horizon"),
    (dict(leverage=0), "leverage"), (dict(leverage=12), "leverage"),
    (dict(maintenance_margin=0.34), "maintenance_margin"), (dict(sigma=-0.1), "sigma"),
    (dict(sigma=float("nan")), "sigma")])
def test_compute_outcomes_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        comparison.compute_outcomes(**kwargs)


def test_compute_outcomes_accepts_a_whole_float_horizon():
    assert comparison.compute_outcomes(horizon=30.0)["horizon"] == 30


# --- the panel's figure and widget --------------------------------------------------------------


def test_draw_outcomes_at_the_defaults():
    res = comparison.compute_outcomes()
    fig = comparison.draw_outcomes()
    ax = fig.axes[0]
    stairs = [p for p in ax.patches if isinstance(p, matplotlib.patches.StepPatch)]
    assert len(stairs) == 3
    # every path is counted once per product
    for patch in stairs:
        assert patch.get_data().values.sum() == pytest.approx(1.0)
    title = ax.get_title(loc="left")
    assert f"{100 * res['p_liquidation']:.1f} %" in title
    assert f"{100 * res['p_loss']['token']:.1f} %" in title
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(f"median {res['median']['token']:.2f}" in t for t in labels)
    # the margin position's bar at 0 is taller than the axes: it is cut and labelled
    assert any("liquidated" in t.get_text() for t in ax.texts)
    plt.close(fig)


def test_value_bins_follow_the_spread():
    narrow = comparison.value_bins({"a": np.linspace(0.9, 1.1, 100)})
    wide = comparison.value_bins({"a": np.linspace(0.0, 50.0, 100)})
    assert narrow[-1] == 1.5 and wide[-1] == 3.0 and len(narrow) == 61


def test_panel_builds_and_redraws():
    panel = comparison.comparison_panel()
    c = panel.controls
    assert set(c) == {"leverage", "sigma", "horizon", "maintenance_margin"}
    assert (c["leverage"].value, c["sigma"].value, c["horizon"].value,
            c["maintenance_margin"].value) == (3.0, 0.8, 90.0, 0.005)
    # only valid values are offered: the largest margin is below 1/L at the largest leverage
    levs = [v for _label, v in c["leverage"].options]
    assert min(levs) >= 1 and c["maintenance_margin"].max < 1 / max(levs)
    assert c["leverage"].options[levs.index(3.0)][0] == "+3x"     # the readout in the prose's units
    assert c["horizon"].min >= 1 and c["horizon"].max == comparison.MAX_HORIZON
    before = panel.output.outputs[0]["data"]["image/png"]
    c["horizon"].value = 365.0
    after = panel.output.outputs[0]["data"]["image/png"]
    assert before != after


# --- the chapter's static figures and explorer ----------------------------------------------------


def test_grid_constants_hold_the_table():
    assert set(comparison.TABLE_SIGMAS) <= set(comparison.EXPLORER_SIGMAS)
    assert set(comparison.TABLE_HORIZONS) <= set(comparison.EXPLORER_HORIZONS)
    assert len(comparison.EXPLORER_SIGMAS) <= 40 and len(comparison.EXPLORER_HORIZONS) <= 300
    assert list(comparison.EXPLORER_HORIZONS) == sorted(comparison.EXPLORER_HORIZONS)


def test_comparison_grid_runs_the_documented_simulation(monkeypatch):
    seen = {}

    def fake(*args, **kwargs):
        seen.update(kwargs, leverage=args[0])
        return "result"

    monkeypatch.setattr(compare, "compare_products", fake)
    assert comparison.comparison_grid.__wrapped__() == "result"
    assert seen["leverage"] == 3.0 and seen["n_paths"] == 10_000 and seen["steps_per_day"] == 4
    assert seen["sigmas"] == comparison.EXPLORER_SIGMAS and seen["seed"] == comparison.SEED
    assert seen["rebalance_threshold"] == 0.10 and seen["maintenance_margin"] == 0.005


def test_grid_index(small_grid):
    assert comparison.grid_index(small_grid, 0.8, 30) == (1, 2)
    with pytest.raises(ValueError, match="sigma"):
        comparison.grid_index(small_grid, 0.5, 30)
    with pytest.raises(ValueError, match="horizon"):
        comparison.grid_index(small_grid, 0.8, 31)


def test_draw_risk_by_horizon(small_grid):
    fig = comparison.draw_risk_by_horizon(small_grid)
    assert len(fig.axes) == 6
    top, bottom = fig.axes[0], fig.axes[3]
    assert len(top.lines) == len(comparison.RISK_LINES) and len(bottom.lines) == 4
    np.testing.assert_allclose(top.lines[0].get_ydata(), small_grid["p_liquidation"][0])
    np.testing.assert_allclose(bottom.lines[1].get_ydata(), small_grid["median"]["token"][0])
    plt.close(fig)


def test_explorer_has_one_step_per_volatility_and_every_step_changes(small_grid):
    fig = comparison.comparison_explorer(small_grid)
    steps = fig.layout.sliders[0].steps
    n_sig = len(small_grid["sigmas"])
    per_step = len(fig.data) // n_sig
    assert len(steps) == n_sig and per_step == 9 and len(fig.data) == 9 * n_sig
    assert fig.layout.sliders[0].active == 1                      # 80 %, the default
    for i, step in enumerate(steps):
        visible = step.args[0]["visible"]
        assert sum(visible) == per_step and all(visible[i * per_step:(i + 1) * per_step])
    titles = [s.args[1]["title.text"] for s in steps]
    assert len(set(titles)) == n_sig
    # the drawn data differ from one step to the next (liquidation curve and token median)
    for i in range(n_sig - 1):
        a, b = fig.data[i * per_step], fig.data[(i + 1) * per_step]
        assert a.y != b.y
        assert fig.data[i * per_step + 6].y != fig.data[(i + 1) * per_step + 6].y
    # values are the grid's, rounded (percent for the left panel)
    np.testing.assert_allclose(fig.data[per_step].y, 100 * small_grid["p_liquidation"][1],
                               atol=0.01)
    assert all(len(tr.x) <= 300 for tr in fig.data)
