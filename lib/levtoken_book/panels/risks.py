"""Chapter 7 panels: how often a daily token trails spot and L× spot, by holding period and volatility.

Every number here comes from seeded GBM paths (:func:`levtoken.strategies.underperformance_grid`):
the standard normals are drawn once and cached and each volatility only rescales them (in
float32), and the heat map uses a fixed layout and labelled contours instead of a colour bar, so a
redraw of the live panel takes about 70 ms, most of it matplotlib's PNG rendering.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from levtoken import strategies
from ..plots import COLORS, use_book_style
from levtoken.validation import check_choice, check_finite, check_range

#: Defaults shared by the live panel, the static view and the tests.
DEFAULT_LEVERAGE = 3.0
DEFAULT_MU = 0.0
#: Volatility rows of the heat maps (annualised) and holding-period columns (days).
PANEL_SIGMAS = tuple(np.round(np.arange(0.1, 1.51, 0.1), 2))
PANEL_DAYS = tuple(int(d) for d in np.unique(np.round(np.geomspace(2, 365, 28)).astype(int)))
PANEL_PATHS = 1_000
PANEL_SEED = 7
#: The static-HTML explorer: one slider step per volatility, finer holding periods, more paths.
EXPLORER_SIGMAS = PANEL_SIGMAS
EXPLORER_DAYS = tuple(int(d) for d in np.unique(np.round(np.geomspace(2, 365, 70)).astype(int)))
EXPLORER_PATHS = 4_000
EXPLORER_SEED = 17
DEFAULT_SIGMA = 0.8
#: Contour lines of the heat map (per cent of paths) and their colours on the cividis map.
CONTOUR_LEVELS = (10, 25, 50, 75, 90)
CONTOUR_COLORS = {10: "white", 25: "white", 50: "white", 75: "black", 90: "black"}


def _check_leverage(leverage: float) -> float:
    return check_range(leverage, "leverage", 1.0, 10.0, low_open=True)


def compute_underperformance(leverage: float = DEFAULT_LEVERAGE, mu: float = DEFAULT_MU,
                             sigmas=PANEL_SIGMAS, holding_days=PANEL_DAYS,
                             n_paths: int = PANEL_PATHS, seed: int = PANEL_SEED) -> dict:
    """Share of simulated paths on which a daily token ends below spot / below L× spot.

    ``leverage`` is a long leverage in ``(1, 10]``; ``mu`` the annual drift (per year). Returns
    :func:`levtoken.strategies.underperformance_grid`'s dict (arrays of shape
    ``(len(sigmas), len(holding_days))``) plus ``leverage``, ``mu`` and the values at one year
    and 80 % volatility when those are on the grid (``year_80_spot``, ``year_80_naive``).
    """
    L = _check_leverage(leverage)
    mu = check_range(mu, "mu", -2.0, 5.0)
    res = strategies.underperformance_grid(L, mu, sigmas, holding_days, n_paths, seed,
                                           single=True)
    res.update(leverage=L, mu=mu)
    sig, days = list(np.round(res["sigmas"], 6)), list(res["days"])
    if DEFAULT_SIGMA in sig and 365 in days:
        i, j = sig.index(DEFAULT_SIGMA), days.index(365)
        res["year_80_spot"] = float(res["under_spot"][i, j])
        res["year_80_naive"] = float(res["under_naive"][i, j])
        res["year_80_start"] = float(res["loses_money"][i, j])
    return res


def _edges(values, log=False):
    v = np.log(values) if log else np.asarray(values, dtype=float)
    mid = 0.5 * (v[1:] + v[:-1])
    e = np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])
    return np.exp(e) if log else e


def _smooth(a: np.ndarray) -> np.ndarray:
    """``[1, 2, 1] / 4`` smoothing along both axes, edges repeated (keeps the shape)."""
    for axis in (0, 1):
        p = np.concatenate([np.take(a, [0], axis), a, np.take(a, [-1], axis)], axis=axis)
        n = a.shape[axis]
        a = (np.take(p, range(0, n), axis) + 2 * np.take(p, range(1, n + 1), axis)
             + np.take(p, range(2, n + 2), axis)) / 4
    return a


#: What the panel can compare the token with: key of the grid → words for the title.
BENCHMARKS = {"spot": "under_spot", "naive": "under_naive", "start": "loses_money"}
DEFAULT_BENCHMARK = "spot"


def _benchmark_words(benchmark: str, leverage: float) -> str:
    return {"spot": "spot", "naive": f"{leverage:g}× spot", "start": "its start"}[benchmark]


def draw_underperformance(leverage: float = DEFAULT_LEVERAGE, mu: float = DEFAULT_MU,
                          benchmark: str = DEFAULT_BENCHMARK):
    """Heat map (holding period × volatility) of the chance the token ends below a benchmark.

    ``benchmark`` is ``"spot"``, ``"naive"`` (L× spot's return) or ``"start"`` (the token's own
    starting value, i.e. the holder loses money). A white line marks 50 %.
    """
    check_choice(benchmark, "benchmark", tuple(sorted(BENCHMARKS)))
    res = compute_underperformance(leverage, mu)
    grid = res[BENCHMARKS[benchmark]] * 100
    # A fixed layout (not new_figure's constrained one, which would cost a third of a redraw);
    # colour: the share of paths (dark 0 %, yellow 100 %).
    use_book_style()
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    fig.subplots_adjust(left=0.1, right=0.97, bottom=0.13, top=0.86)
    ax.pcolormesh(_edges(res["days"], log=True), _edges(res["sigmas"] * 100), grid,
                  cmap="cividis", vmin=0, vmax=100, shading="flat", rasterized=True)
    # Labelled contour lines instead of a colour bar: a colour bar costs a quarter of a redraw.
    # The lines follow a lightly smoothed copy ([1, 2, 1] / 4 along both axes), so that Monte
    # Carlo noise near 50 % does not draw scribbles; the colours show the raw shares.
    smooth = _smooth(grid)
    levels = [lv for lv in CONTOUR_LEVELS if smooth.min() < lv < smooth.max()]
    if levels:
        cs = ax.contour(res["days"], res["sigmas"] * 100, smooth, levels=levels,
                        colors=[CONTOUR_COLORS[lv] for lv in levels], linewidths=1.4)
        ax.clabel(cs, fmt="%d %%", fontsize=9)
    ax.set_xscale("log")
    ax.set_xticks([2, 7, 30, 90, 365], labels=["2", "7", "30", "90", "365"])
    ax.xaxis.set_minor_locator(NullLocator())     # log minor ticks cost most of a redraw
    ax.set_yticks([20, 40, 60, 80, 100, 120, 140])
    ax.set_xlabel("holding period (days, log scale)")
    ax.set_ylabel("annualised volatility (%)")
    ax.grid(False)
    ax.text(0.99, 0.02, "colour: share of paths, dark 0 % → yellow 100 %", transform=ax.transAxes,
            ha="right", va="bottom", fontsize=8.5, color="white")
    words = _benchmark_words(benchmark, res["leverage"])
    title = (f"{res['leverage']:g}x token, μ = {mu:+.2g}/yr: share of paths on which "
             f"it ends below {words}")
    key = f"year_80_{benchmark}"
    if key in res:
        title += f"\n(one year at 80 % volatility: {res[key] * 100:.0f} % of paths)"
    ax.set_title(title, fontsize=11, y=1.01)        # a fixed y skips a costly layout pass
    return fig


def underperformance_panel():
    """Live panel: leverage, drift and benchmark → heat map of P(token < benchmark)."""
    import ipywidgets as widgets

    from . import leverage_slider, live_panel, slider

    controls = {
        "leverage": leverage_slider(DEFAULT_LEVERAGE, 1.5, 5.0, 0.5),
        "mu": slider("drift μ (per year, not a return)", DEFAULT_MU, -1.0, 2.0, 0.1),
        "benchmark": widgets.Dropdown(
            options=[("spot", "spot"), ("L× spot", "naive"), ("its start (loses money)", "start")],
            value=DEFAULT_BENCHMARK, description="token below",
            style={"description_width": "initial"}),
    }
    return live_panel(controls, draw_underperformance,
                      "How often does the token trail? Holding period × volatility")


def _percent(a) -> np.ndarray:
    """Shares as per cent, rounded to 2 decimals (4-5 significant digits keep the page light)."""
    return np.round(np.asarray(a) * 100, 2)


def underperformance_explorer(leverage: float = DEFAULT_LEVERAGE, mu: float = DEFAULT_MU):
    """Static-HTML explorer: a slider over volatility; curves over the holding period.

    Each step shows, from ``EXPLORER_PATHS`` seeded paths, the share of paths on which the token
    ends below spot, below L× spot and below its start, and the closed-form chance of ending
    below spot under continuous rebalancing (:func:`levtoken.strategies.beat_spot_probability`).
    """
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    L = _check_leverage(leverage)
    mu = check_finite(mu, "mu")
    res = strategies.underperformance_grid(L, mu, EXPLORER_SIGMAS, EXPLORER_DAYS,
                                           EXPLORER_PATHS, EXPLORER_SEED)
    days = np.asarray(res["days"])
    steps = []
    for i, s in enumerate(res["sigmas"]):
        closed = 1.0 - np.asarray(strategies.beat_spot_probability(L, mu, s, days / 365))
        traces = [
            go.Scatter(x=days, y=_percent(res["under_spot"][i]), name="token below spot",
                       line=dict(color=COLORS["spot"], width=3)),
            go.Scatter(x=days, y=_percent(closed), name="below spot, closed form",
                       line=dict(color=COLORS["theory"], width=1.5, dash="dot")),
            go.Scatter(x=days, y=_percent(res["under_naive"][i]), name=f"token below {L:g}× spot",
                       line=dict(color=COLORS["naive"], width=3)),
            go.Scatter(x=days, y=_percent(res["loses_money"][i]), name="token below its start",
                       line=dict(color=COLORS["token"], width=3)),
        ]
        year = float(res["under_spot"][i, -1])
        title = (f"{L:g}x token, volatility {s * 100:.0f} %: after a year it trails spot "
                 f"on {year * 100:.0f} % of simulated paths")
        steps.append(SliderStep(label=f"{s * 100:.0f} %", traces=traces, title=title))
    active = int(np.argmin(np.abs(np.asarray(res["sigmas"]) - DEFAULT_SIGMA)))
    return slider_figure(steps, slider_label="Volatility: ", active=active, layout=dict(
        xaxis=dict(title="holding period (days, log scale)", type="log",
                   tickvals=[2, 7, 30, 90, 180, 365]),
        yaxis=dict(title="share of simulated paths (%)", range=[0, 100], ticksuffix=" %"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        margin=dict(l=70, r=30, t=110, b=50), height=520))
