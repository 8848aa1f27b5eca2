"""Chapter 7's live panel (holding period × volatility heat map) and static-HTML explorer."""

from __future__ import annotations

import numpy as np
import pytest

from levtoken import strategies
from levtoken_book.panels import risks

pytestmark = pytest.mark.unit


def test_compute_at_the_panel_defaults():
    res = risks.compute_underperformance()
    assert res["under_spot"].shape == (len(risks.PANEL_SIGMAS), len(risks.PANEL_DAYS))
    assert res["leverage"] == 3.0 and res["mu"] == 0.0
    # one year at 80 %: the closed form says the token trails spot with P = 1 − Φ(−1.6) ≈ 94.5 %
    closed = 1 - strategies.beat_spot_probability(3, 0.0, 0.8, 1.0)
    se = np.sqrt(closed * (1 - closed) / risks.PANEL_PATHS)
    assert abs(res["year_80_spot"] - closed) < 4 * se
    closed_naive = 1 - strategies.beat_naive_probability(3, 0.0, 0.8, 1.0)
    assert abs(res["year_80_naive"] - closed_naive) < 4 * np.sqrt(0.25 / risks.PANEL_PATHS)
    assert 0.8 < res["year_80_start"] < 0.95
    # more volatility, more underperformance after a year
    col = res["under_spot"][:, -1]
    assert col[-1] > col[0] + 0.4


def test_compute_matches_the_double_precision_grid():
    res = risks.compute_underperformance()
    ref = strategies.underperformance_grid(3, 0.0, risks.PANEL_SIGMAS, risks.PANEL_DAYS,
                                           risks.PANEL_PATHS, risks.PANEL_SEED)
    for key in ("under_spot", "under_naive", "loses_money"):
        assert np.abs(res[key] - ref[key]).max() <= 3 / risks.PANEL_PATHS


def test_a_strong_drift_makes_the_token_trail_spot_less_often():
    flat = risks.compute_underperformance(3, 0.0)
    bull = risks.compute_underperformance(3, 1.5)
    assert bull["year_80_spot"] < flat["year_80_spot"] - 0.2


@pytest.mark.parametrize("kwargs, name", [({"leverage": 1.0}, "leverage"),
                                          ({"leverage": 11.0}, "leverage"),
                                          ({"mu": 9.0}, "mu"),
                                          ({"mu": float("nan")}, "mu")])
def test_compute_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        risks.compute_underperformance(**kwargs)


def test_draw_at_the_defaults_states_the_number():
    res = risks.compute_underperformance()
    fig = risks.draw_underperformance()
    ax = fig.axes[0]
    assert f"{res['year_80_spot'] * 100:.0f} %" in ax.get_title() and "below spot" in ax.get_title()
    assert "holding period" in ax.get_xlabel() and "(%)" in ax.get_ylabel()
    mesh = ax.collections[0]
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(res["under_spot"].shape),
                               res["under_spot"] * 100)
    naive = risks.draw_underperformance(benchmark="naive").axes[0]
    assert "3× spot" in naive.get_title()
    assert "its start" in risks.draw_underperformance(benchmark="start").axes[0].get_title()
    with pytest.raises(ValueError, match="benchmark"):
        risks.draw_underperformance(benchmark="gold")


def test_panel_redraws_when_a_control_moves():
    panel = risks.underperformance_panel()
    out = panel.output
    first = out.outputs[0]["data"]["image/png"]
    assert "leverage L = +3x" in out.outputs[0]["data"]["text/html"]
    panel.controls["leverage"].value = 5.0
    assert out.outputs[0]["data"]["image/png"] != first
    second = out.outputs[0]["data"]["image/png"]
    panel.controls["benchmark"].value = "naive"
    assert out.outputs[0]["data"]["image/png"] != second
    # the alt text names the value as the control shows it, never its internal key
    assert "token below = L× spot" in out.outputs[0]["data"]["text/html"]
    assert "naive" not in out.outputs[0]["data"]["text/plain"]


def test_explorer_has_one_step_per_volatility_and_each_step_differs():
    fig = risks.underperformance_explorer()
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [f"{s * 100:.0f} %" for s in risks.EXPLORER_SIGMAS]
    n = len(fig.data) // len(steps)
    assert n == 4
    curves = [tuple(fig.data[i * n].y) for i in range(len(steps))]
    assert len(set(curves)) == len(steps)
    active = fig.layout.sliders[0].active
    assert risks.EXPLORER_SIGMAS[active] == pytest.approx(0.8)
    assert [tr.visible for tr in fig.data].count(True) == n
    # the closed-form curve (continuous rebalancing) sits within a few points of the simulation
    sim = np.asarray(fig.data[active * n].y)
    closed = np.asarray(fig.data[active * n + 1].y)
    assert np.abs(sim - closed).max() < 4.0
    # the page stays light
    assert all(len(tr.x) <= 300 for tr in fig.data)
    assert "volatility 80 %" in steps[active].args[1]["title.text"]


def test_chapter_7_figures_plot_the_library_s_numbers():
    import matplotlib.pyplot as plt

    from levtoken import paths, strategies
    from levtoken_book.panels import risks as chapter

    sig = np.linspace(0.2, 1.5, 14)
    fig = chapter.draw_ruin_chance(sig, leverages=(3, 5))
    lines = fig.axes[0].get_lines()
    assert [ln.get_label() for ln in lines] == ["3x, normal", "3x, fat tails (t, 3 df)",
                                                "5x, normal", "5x, fat tails (t, 3 df)"]
    want = strategies.ruin_within(strategies.ruin_day_probability(5, sig, tails="t3", mu=0.0), 365)
    np.testing.assert_allclose(lines[3].get_ydata(), want)
    mc = {(0.0, 0.8): 0.055, (0.5, 0.4): 0.67}
    fig2 = chapter.draw_beat_spot_year(sig, mc)
    dots = [ln for ln in fig2.axes[0].get_lines() if ln.get_marker() == "o"][0]
    assert list(dots.get_xdata()) == [0.8, 0.4] and list(dots.get_ydata()) == [0.055, 0.67]
    r = paths.gbm_returns(mu=0.0, sigma=0.8, days=30, n_paths=200, seed=2)
    fig3 = chapter.draw_cap_tails(r, caps=(None, 0.3))
    free, capped = fig3.axes[0].get_lines()
    assert (capped.get_ydata() <= free.get_ydata() + 1e-12).all()   # a cap never adds paths above
    with pytest.raises(ValueError, match="caps"):
        chapter.draw_cap_tails(r, caps=(None, -0.3))
    plt.close("all")
