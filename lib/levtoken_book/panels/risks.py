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

from levtoken import CappedToken, strategies
from ..plots import COLORS, new_figure, percent_axis, use_book_style
from levtoken.validation import (InvalidTypeError, check_array, check_choice, check_finite,
                                 check_leverage, check_range)

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


# --- the chapter's static figures -------------------------------------------------------------

def _sigma_grid(sigmas) -> np.ndarray:
    """Annual volatilities for a figure's x axis: 2 to 2 000 finite values in (0, 10]."""
    grid = check_array(sigmas, "sigmas", low=0.0, high=10.0, low_open=True)
    if grid.ndim != 1 or not 2 <= grid.size <= 2000:
        raise ValueError(f"sigmas must be 2 to 2000 volatilities in a row, got shape {grid.shape}")
    return grid


def draw_cap_tails(returns, caps=(None, 0.5, 0.3, 0.2)):
    """Figure 7.1: the share of paths whose one-year NAV ends above each level from 0.1 to 100
    (log-log), for a daily 3x token without a cap and with each cap on its daily gain (``caps``:
    simple returns per day, None for no cap). ``returns``: simple daily returns of the
    underlying, shape (n_paths, days)."""
    returns = check_array(returns, "returns", low=-1.0)
    if returns.ndim != 2 or returns.shape[0] < 2:
        raise ValueError(f"returns must be simple daily returns of shape (n_paths, days) with at "
                         f"least 2 paths, got shape {returns.shape}")
    if not isinstance(caps, (list, tuple)) or not 1 <= len(caps) <= 5:
        raise InvalidTypeError(f"caps must be a list or tuple of 1 to 5 daily caps (None for no "
                               f"cap), got {caps!r}")
    caps = [None if c is None else check_range(c, "caps", 0.0, None, low_open=True) for c in caps]
    x = np.geomspace(0.1, 100, 300)
    fig, ax = new_figure()
    for cap, style in zip(caps, ["-", ":", "--", "-", "-."]):
        e = CappedToken(3, cap).nav(returns)[:, -1]
        colour = COLORS["token" if cap is None else "threshold_token"]
        label = "3x token, no cap" if cap is None else f"gain capped at +{cap:.0%}/day"
        ax.plot(x, (e[:, None] > x).mean(axis=0), style, color=colour, lw=2, label=label)
    ax.set(xscale="log", yscale="log", ylim=(1e-4, 1),
           xlabel="NAV after one year (start = 1)",
           ylabel="share of paths ending above this NAV",
           title="Caps on daily gains cut off the right tail")
    ax.legend(loc="lower left")
    return fig


def draw_ruin_chance(sigmas, leverages=(3, 5)):
    """Figure 7.2: the chance of at least one ruin day (a move of −1/L or worse in one day)
    within 365 days against annual volatility ``sigmas``, for each leverage, with normal and
    Student-t (3 degrees of freedom) daily returns of the same volatility, no drift (μ = 0)."""
    sigmas = _sigma_grid(sigmas)
    if not isinstance(leverages, (list, tuple)) or not 1 <= len(leverages) <= 3:
        raise InvalidTypeError(f"leverages must be a list or tuple of 1 to 3 leverages, "
                               f"got {leverages!r}")
    leverages = [check_leverage(L, "leverages") for L in leverages]
    fig, ax = new_figure()
    for L, colour in zip(leverages, ["token", "threshold_token", "naive"]):
        for tails, style in [("normal", "-"), ("t3", "--")]:
            p_day = strategies.ruin_day_probability(L, sigmas, tails=tails, mu=0.0)
            kind = "normal" if tails == "normal" else "fat tails (t, 3 df)"
            ax.plot(sigmas, strategies.ruin_within(p_day, 365), style, color=COLORS[colour],
                    lw=2, label=f"{L:g}x, {kind}")
    ax.set(yscale="log", ylim=(1e-8, 1.5), xlabel="annualised volatility (%)",
           ylabel="chance of a ruin day within a year",
           title="The ruin day: rare under the normal curve, not with fat tails")
    percent_axis(ax, "x")
    ax.legend(loc="lower left")
    return fig


def draw_beat_spot_year(sigmas, monte_carlo: dict, drifts=(0.0, 0.5, 1.0)):
    """Figure 7.3: the chance that a continuously rebalanced 3x token ends a year above spot
    against annual volatility ``sigmas``, for each drift per year in ``drifts`` (closed form),
    with the Monte Carlo estimates ``monte_carlo`` (``{(mu, sigma): share}``, each from 10 000
    daily paths) as dots and the even-odds line."""
    sigmas = _sigma_grid(sigmas)
    if not isinstance(drifts, (list, tuple)) or not 1 <= len(drifts) <= 4:
        raise InvalidTypeError(f"drifts must be a list or tuple of 1 to 4 drifts, got {drifts!r}")
    drifts = [check_range(mu, "drifts", -5.0, 5.0) for mu in drifts]
    if not isinstance(monte_carlo, dict) or not all(
            isinstance(k, tuple) and len(k) == 2 for k in monte_carlo):
        raise InvalidTypeError("monte_carlo must be a dict {(mu, sigma): share of paths}, got "
                               f"{monte_carlo!r}")
    points = [(check_range(s, "monte_carlo", 0.0, 10.0, low_open=True),
               check_range(share, "monte_carlo", 0.0, 1.0)) for (_, s), share in monte_carlo.items()]
    fig, ax = new_figure()
    for mu, style in zip(drifts, [":", "--", "-", "-."]):
        ax.plot(sigmas, strategies.beat_spot_probability(3, mu, sigmas, 1.0), style,
                color=COLORS["token"], lw=2,
                label=f"μ = {mu:g} (expected return {np.expm1(mu):+.0%} a year)")
    ax.plot([s for s, _ in points], [p for _, p in points], "o", color=COLORS["theory"], ms=7,
            label="Monte Carlo, 10 000 daily paths")
    ax.axhline(0.5, color=COLORS["naive"], lw=1, ls="--")
    ax.set(xlabel="annualised volatility (%)", ylabel="chance 3x beats spot after 1 year",
           title="Held for a year, a 3x token needs low volatility to beat spot")
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="upper right")
    return fig
