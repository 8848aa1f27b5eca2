"""Chapter 3's figures, live panel and explorer (levtoken_book.panels.decay)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from levtoken import montecarlo, paths, theory
from levtoken_book.panels import decay

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_decay_grid_hand_values():
    grid = decay.compute_decay_grid(leverages=(3, -3, 1), sigmas=(0.8, 0.5), days=365)
    assert grid.shape == (3, 2)
    assert grid[0, 0] == pytest.approx(np.exp(-1.92))            # 0.1466
    assert grid[0, 1] == pytest.approx(np.exp(-0.75))            # 0.4724
    assert grid[1, 0] == pytest.approx(np.exp(-3.84))            # L² − L = 12
    assert np.all(grid[2] == 1.0)                                # spot never decays
    assert decay.compute_decay_grid((3,), (0.8,), 30)[0, 0] == pytest.approx(0.854, abs=5e-4)


def test_decay_grid_rejects_bad_input():
    with pytest.raises(ValueError, match="leverage"):
        decay.compute_decay_grid(leverages=(0, 3))
    with pytest.raises(ValueError, match="sigma"):
        decay.compute_decay_grid(sigmas=(-0.2,))
    with pytest.raises(ValueError, match="days"):
        decay.compute_decay_grid(days=0)


def test_heatmap_has_one_annotated_panel_per_horizon():
    fig = decay.draw_decay_heatmap(horizons=(30, 365))
    panels = [ax for ax in fig.axes if ax.images]
    assert [ax.get_title() for ax in panels] == ["after 30 days", "after 1 year"]
    n_cells = len(decay.HEATMAP_LEVERAGES) * len(decay.HEATMAP_SIGMAS)
    assert all(len(ax.texts) == n_cells for ax in panels)
    row = decay.HEATMAP_LEVERAGES.index(3.0)
    col = decay.HEATMAP_SIGMAS.index(0.8)
    cell = panels[1].texts[row * len(decay.HEATMAP_SIGMAS) + col].get_text()
    assert cell == "0.15"
    assert panels[0].images[0].get_cmap().name == "cividis"


def test_compute_distribution_at_the_panel_defaults():
    res = decay.compute_distribution()
    m = res["multiples"]
    assert m.token.shape == (decay.PANEL_PATHS,)
    assert (m.leverage, m.sigma, m.mu, m.days) == (3.0, 0.8, 0.0, 365)
    assert res["decay"] == pytest.approx(np.exp(-1.92))
    assert res["closed_form_median"] == pytest.approx(np.exp(-9 * 0.64 / 2))   # 0.0561
    st = res["stats"]
    assert st["token"]["median"] == pytest.approx(res["closed_form_median"], rel=0.15)
    assert st["spot"]["median"] == pytest.approx(np.exp(-0.32), rel=0.05)
    assert st["token"]["p5"] < st["token"]["median"] < st["token"]["p95"]
    assert st["token"]["share_below_1"] > 0.8
    assert res["ruined_share"] == 0.0
    # the same numbers as the montecarlo module on the panel's cached draw
    direct = montecarlo.terminal_multiples(3, 0.8, mu=0.0, days=365, n_paths=decay.PANEL_PATHS,
                                           seed=decay.SEED, draw_days=decay.MAX_DAYS)
    np.testing.assert_array_equal(direct.token, m.token)


@pytest.mark.parametrize("kwargs, name", [({"leverage": 0}, "leverage"),
                                          ({"sigma": -0.1}, "sigma"),
                                          ({"mu": float("inf")}, "mu"),
                                          ({"days": 0}, "days"),
                                          ({"days": decay.MAX_DAYS + 1}, "days")])
def test_compute_distribution_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        decay.compute_distribution(**kwargs)


def test_draw_distribution_prints_the_statistics():
    fig = decay.draw_distribution(3, 0.8, 0.0, 365)
    ax = fig.axes[0]
    st = decay.compute_distribution()["stats"]
    table = ax.texts[-1].get_text()
    assert f"{st['token']['median']:.3f}" in table and f"{st['spot']['p95']:.3f}" in table
    assert "5th" in table and "95th" in table and "closed-form token median" in table
    assert f"typical token {st['token']['median']:.3f}" in ax.get_title()
    assert ax.get_xscale() == "log" and "(%)" in ax.get_ylabel()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "spot" and labels[2] == "+3x token"


def test_draw_distribution_rejects_zero_and_draws_inverse_tokens():
    with pytest.raises(ValueError, match="leverage"):
        decay.draw_distribution(0.0, 0.5, 0.1, 100)       # the panel's slider never offers 0
    assert 0 not in [v for _label, v in decay.distribution_panel().controls["leverage"].options]
    fig = decay.draw_distribution(-3, 0.5, 0.0, 100)
    assert "-3x" in fig.axes[0].get_title()
    plt.close("all")


def test_panel_redraw_reuses_the_cached_draw_and_changes_with_each_control():
    panel = decay.distribution_panel()
    out = panel.output
    first = out.outputs[0]["data"]["image/png"]
    assert "leverage L = +3x" in out.outputs[0]["data"]["text/html"]
    # fast because nothing is drawn again: every redraw reuses the one cached seeded draw
    misses = paths._cached_normals.cache_info().misses
    panel.redraw()
    assert paths._cached_normals.cache_info().misses == misses
    # speed is measured by benchmarks/bench_widgets.py, not by a timed test
    seen = {first}
    for name, value in (("sigma", 0.5), ("mu", 0.3), ("days", 100.0), ("leverage", -2.0)):
        panel.controls[name].value = value
        png = out.outputs[0]["data"]["image/png"]
        assert png not in seen, name
        seen.add(png)
    assert paths._cached_normals.cache_info().misses == misses   # horizon: same draw


def test_mc_comparison_figure_overlays_the_closed_form():
    res = montecarlo.terminal_multiples(3, 0.8, days=365, n_paths=2000, seed=4)
    fig = decay.draw_mc_comparison(res.token, res.spot, 3, 0.8, 1.0, n_points=500)
    ax1, ax2 = fig.axes
    assert len(ax2.collections[0].get_offsets()) == 500
    curve = ax2.lines[0]
    x, y = curve.get_data()
    np.testing.assert_allclose(y, x**3 * theory.continuous_decay(3, 0.8, 1.0), rtol=1e-12)
    assert any("at 0, not shown" in t.get_text() for t in ax1.get_legend().get_texts())


def test_growth_curves_mark_the_kelly_leverage():
    fig = decay.draw_growth_curves(mu=0.5, sigmas=(0.8,))
    ax = fig.axes[0]
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(dots) == 1
    assert dots[0].get_xdata()[0] == pytest.approx(0.5 / 0.64)
    assert dots[0].get_ydata()[0] == pytest.approx(0.5**2 / (2 * 0.64))


def test_volatility_explorer_has_one_step_per_sigma_and_each_step_differs():
    fig = decay.volatility_explorer()
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [f"{s:.0%}" for s in decay.EXPLORER_SIGMAS]
    assert 5 <= len(steps) <= 40
    n = len(fig.data) // len(steps)
    assert n == 4
    token_hists = {tuple(fig.data[i * n + 1].y) for i in range(len(steps))}
    medians = [fig.data[i * n + 3].x[0] for i in range(len(steps))]
    assert len(token_hists) == len(steps)
    assert medians == sorted(medians, reverse=True)      # more volatility, lower median
    i80 = fig.layout.sliders[0].active
    assert decay.EXPLORER_SIGMAS[i80] == 0.8
    assert medians[i80] == pytest.approx(theory.median_token_multiple(3, 0, 0.8, 1), rel=1e-3)
    assert [tr.visible for tr in fig.data].count(True) == n
    assert all(len(tr.x) <= 300 for tr in fig.data)
    # shares per bin add up to 100 % of the paths (the step outline repeats each bin twice)
    assert sum(fig.data[i80 * n + 1].y) / 2 == pytest.approx(100, abs=0.05)
