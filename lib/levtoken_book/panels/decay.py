"""Chapter 3 figures, live panel and explorer: volatility decay.

Closed form (Avellaneda & Zhang 2010, continuous rebalancing, no fees)::

    N_T / N_0 = (S_T / S_0)^L · exp(−(L² − L)·sigma²·T / 2)

The Monte Carlo pictures use daily rebalancing on simulated geometric-Brownian paths built from
one cached, seeded draw (:mod:`levtoken.montecarlo`), so the panel redraws fast.
"""

from __future__ import annotations

import numpy as np

from levtoken import montecarlo, theory
from levtoken.validation import DAYS_PER_YEAR
import matplotlib.pyplot as plt

from ..plots import COLORS, new_figure, set_phone_figure, use_book_style
from levtoken.validation import (MAX_DAYS, MAX_LEVERAGE, MAX_MU, check_bool, check_choice, check_count, check_leverage,
                          check_positive_int, check_range, check_vector)

#: Defaults shared by the live panel, its static view and the tests.
DEFAULT_LEVERAGE = 3.0
DEFAULT_SIGMA = 0.8
DEFAULT_MU = 0.0
DEFAULT_DAYS = 365
#: Paths of the panel and the explorer: one seeded draw of PANEL_PATHS × MAX_DAYS normals.
PANEL_PATHS = 4000
MAX_DAYS = 730
SEED = montecarlo.DEFAULT_SEED

#: Longest horizon in years of the closed-form helpers (a century, as ``validation.MAX_DAYS``).
MAX_YEARS = 100.0

#: Heat-map grid: leverage rows (0 is not a leverage) and annual-volatility columns.
HEATMAP_LEVERAGES = (-3.0, -2.0, -1.0, 1.0, 2.0, 3.0, 4.0, 5.0)
HEATMAP_SIGMAS = tuple(np.round(np.arange(0.2, 1.21, 0.1), 2))
#: The explorer's volatility grid (a slider step each).
EXPLORER_SIGMAS = HEATMAP_SIGMAS
EXPLORER_LEVERAGE = 3.0

#: Histogram bins: log10 of the multiple from 10^-4 to 10^2; values outside are put in the
#: end bins (the left one gathers every multiple <= 0.0001, ruined tokens included).
LOG_LOW, LOG_HIGH, N_BINS = -4.0, 2.0, 72
BIN_EDGES = np.logspace(LOG_LOW, LOG_HIGH, N_BINS + 1)


# ------------------------------------------------------------------------------------------
# decay factor heat-map


def compute_decay_grid(leverages=HEATMAP_LEVERAGES, sigmas=HEATMAP_SIGMAS, days=DEFAULT_DAYS):
    """Decay factor ``exp(−(L² − L)·sigma²·T/2)`` on a grid, shape ``(len(leverages), len(sigmas))``.

    Parameters
    ----------
    leverages : sequence of float
        Signed leverages (non-zero, ``|L| <= 10``): the rows.
    sigmas : sequence of float
        Annual volatilities in ``[0, 5]``: the columns.
    days : int
        Horizon in days (``T = days / 365`` years).
    """
    levs = check_vector(leverages, "leverages", low=-MAX_LEVERAGE, high=MAX_LEVERAGE, nonzero=True)
    sig = check_vector(sigmas, "sigmas", low=0.0, high=5.0)
    days = check_count(days, "days")
    return theory.continuous_decay(levs[:, None], sig[None, :], days / DAYS_PER_YEAR)


def _cell_text(v: float) -> str:
    return f"{v:.2f}" if v >= 0.005 else "<.01"


def draw_decay_heatmap(horizons=(30, 365), leverages=HEATMAP_LEVERAGES, sigmas=HEATMAP_SIGMAS,
                       phone=False):
    """One annotated heat-map panel per horizon (days) of the decay factor; returns the Figure.

    Colour: the ``cividis`` sequential colormap (colour-blind safe), 0 dark to 1 light.
    ``phone=True`` draws the phone layout (the book build's phone rendition): volatility in rows
    and leverage in columns, so eight columns of numbers fit a phone's width, the colour bar below.
    """
    horizons = [int(h) for h in check_vector(horizons, "horizons", low=1, high=MAX_DAYS, integer=True)]
    leverages = check_vector(leverages, "leverages", low=-MAX_LEVERAGE, high=MAX_LEVERAGE, nonzero=True)
    sigmas = check_vector(sigmas, "sigmas", low=0.0, high=5.0)
    phone = check_bool(phone, "phone")
    size = (4.0, 4.0 * len(horizons) + 1.2) if phone else (8, 3.4 * len(horizons) + 0.6)
    fig, axes = new_figure(len(horizons), 1, figsize=size, sharex=True)
    axes = np.atleast_1d(axes)
    sigma_labels = [f"{s:.0%}" for s in sigmas]
    lev_labels = [f"{lev:+g}x" for lev in leverages]
    for ax, days in zip(axes, horizons):
        grid = compute_decay_grid(leverages, sigmas, days)
        shown = grid.T if phone else grid
        im = ax.imshow(shown, cmap="cividis", vmin=0.0, vmax=1.0, aspect="auto", origin="lower")
        for i in range(shown.shape[0]):
            for j in range(shown.shape[1]):
                v = shown[i, j]
                ax.text(j, i, _cell_text(v), ha="center", va="center", fontsize=9,
                        color="black" if v > 0.55 else "white")
        rows, cols = (sigma_labels, lev_labels) if phone else (lev_labels, sigma_labels)
        ax.set_xticks(range(len(cols)), cols)
        ax.set_yticks(range(len(rows)), rows)
        ax.set_ylabel("annual volatility σ" if phone else "leverage L")
        ax.set_title(f"after {days} days" if days != DAYS_PER_YEAR else "after 1 year")
        ax.grid(False)
    axes[-1].set_xlabel("leverage L" if phone else "annual volatility σ (%)")
    fig.colorbar(im, ax=list(axes), label="decay factor (share of value kept)", shrink=0.9,
                 **(dict(location="bottom", aspect=30) if phone else {}))
    fig.suptitle("Decay grows with L² − L and with variance:\n3x at 80 % keeps "
                 f"{theory.continuous_decay(3, 0.8, 1.0):.2f} in a year", fontweight="bold")
    if not phone:
        set_phone_figure(fig, lambda: draw_decay_heatmap(horizons, leverages, sigmas, phone=True))
    return fig


# ------------------------------------------------------------------------------------------
# Monte Carlo against the closed form


def _log_hist(values) -> np.ndarray:
    """Share of paths (%) in each log-spaced bin; values outside the range go to the end bins."""
    v = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore"):
        logs = np.log10(v)
    logs = np.clip(logs, LOG_LOW, LOG_HIGH - 1e-9)
    counts, _ = np.histogram(logs, bins=N_BINS, range=(LOG_LOW, LOG_HIGH))
    return 100.0 * counts / v.size


def _log_ticks(ax, axis="x", low=LOG_LOW, high=LOG_HIGH):
    """Log scale with plain-number labels at the powers of ten (no mathtext, no minor labels)."""
    from matplotlib.ticker import FixedLocator, NullLocator

    getattr(ax, f"set_{axis}scale")("log")
    getattr(ax, f"set_{axis}lim")(10**low, 10**high)
    a = ax.xaxis if axis == "x" else ax.yaxis
    ticks = 10.0 ** np.arange(int(low), int(high) + 1)
    a.set_major_locator(FixedLocator(ticks))
    a.set_major_formatter(lambda v, _p: f"{v:g}")
    a.set_minor_locator(NullLocator())


def naive_crossings(leverage, sigma, years):
    """Spot multiples where the closed form meets the naive line, for a long token (``L > 1``).

    Solves ``(S_T/S_0)^L · exp(−(L² − L)·sigma²·T/2) = 1 + L·(S_T/S_0 − 1)`` for ``S_T/S_0``
    (``sigma`` per year, ``years`` in years). Below ``1 − 1/L`` the naive line is floored at 0 and
    the token is above it; between the two roots the naive line is above the token; above the
    upper root the token is above it again. With ``sigma = 0`` both roots are 1.

    Parameters
    ----------
    leverage : float
        Long leverage ``L > 1``.
    sigma : float
        Annualised volatility (per year), ``0 <= sigma <= 5``.
    years : float
        Horizon ``T`` in years, ``0 < years <= 100``. The upper root is about
        ``exp(L·sigma²·T/2)``: ``L·sigma²·years/2`` must be ``<= 650`` (beyond, the root exceeds
        the float range and a ``ValueError`` says so).

    Returns
    -------
    tuple of float
        ``(low, high)``: the lower root in ``(1 − 1/L, 1]`` and the upper root ``>= 1``.

    Examples
    --------
    >>> low, high = naive_crossings(3, 0.8, 1.0)
    >>> round(low, 3), round(high, 2)
    (0.682, 4.14)
    """
    L = check_range(leverage, "leverage", 1.0, MAX_LEVERAGE, low_open=True)
    s = check_range(sigma, "sigma", 0.0, 5.0)
    T = check_range(years, "years", 0.0, MAX_YEARS, low_open=True)
    if L * s * s * T / 2 > 650.0:
        raise ValueError(f"leverage * sigma**2 * years / 2 must be <= 650 (the upper crossing "
                         f"would exceed the float range), got leverage={L:g}, sigma={s:g}, "
                         f"years={T:g}")
    log_decay = -(L * L - L) * s * s * T / 2
    if log_decay == 0.0:
        return 1.0, 1.0

    def gap(x):   # log token − log naive: > 0 where the token is above the naive line
        return L * np.log(x) + log_decay - np.log1p(L * (x - 1))

    def root(lo, hi):   # gap(lo) and gap(hi) have opposite signs
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if (gap(mid) > 0) == (gap(lo) > 0) else (lo, mid)
        return (lo + hi) / 2

    floor = 1 - 1 / L
    high = 2.0
    while gap(high) <= 0:
        high *= 2
    return float(root(floor + 1e-15 * (1 - floor), 1.0)), float(root(1.0, high))


def draw_mc_comparison(token, spot, leverage, sigma, years, n_points=2500, panels="all"):
    """Panels from simulated multiples on the same paths; returns the Figure.

    ``panels``:

    * ``"all"`` (default): two panels. Left: histograms (log axis) of the token multiple,
      spot's, and the naive ``1 + L·(S_T/S_0 − 1)``. Right: token multiple against spot
      multiple for ``n_points`` paths, with the closed form ``(S_T/S_0)^L · decay``, the line
      without decay and the naive line overlaid.
    * ``"histograms"``: the left panel alone.
    * ``"scatter"``: the right panel split in two, so that each carries four overlays: (a) the
      paths on the closed form, with the line without decay and the decay factor at a flat spot;
      (b) the closed form against the naive line, where the naive value is 0 and where the two
      cross.
    """
    L = check_leverage(leverage)
    check_range(sigma, "sigma", 0.0, 5.0)
    check_range(years, "years", 0.0, MAX_YEARS, low_open=True)
    token = check_vector(token, "token", low=0.0)
    spot = check_vector(spot, "spot", low=0.0, high=1e6, low_open=True)
    if token.shape != spot.shape:
        raise ValueError(f"token and spot must have the same length, got {token.size} and {spot.size}")
    n_points = check_count(n_points, "n_points")
    check_choice(panels, "panels", ("all", "histograms", "scatter"))
    naive = montecarlo.naive_multiple_from_price(spot, L)
    decay = theory.continuous_decay(L, sigma, years)
    if panels == "histograms":
        fig, ax1 = new_figure(figsize=(7.2, 4.6))
        _mc_histograms(ax1, token, spot, naive, L)
        return fig
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(9.6, 4.6))
    idx = np.linspace(0, token.size - 1, min(n_points, token.size)).astype(int)
    grid = np.logspace(np.log10(spot.min()), np.log10(spot.max()), 200)
    if panels == "all":
        _mc_histograms(ax1, token, spot, naive, L)
        _mc_scatter(ax2, token, spot, idx, grid, L, sigma, years, decay, naive_too=True)
        return fig
    _mc_scatter(ax1, token, spot, idx, grid, L, sigma, years, decay, naive_too=False)
    ax1.set_title("(a) Each path sits on the closed-form curve")
    _mc_naive(ax2, spot, grid, L, sigma, years, decay)
    return fig


def _mc_histograms(ax1, token, spot, naive, L):
    zero = float(np.mean(naive <= 0))
    for values, key, label in ((token, "token", f"{L:g}x token (daily rebalancing)"),
                               (spot, "spot", "spot"),
                               (naive[naive > 0], "naive",
                                f"{L:g} × spot's return ({zero:.0%} of paths at 0, not shown)")):
        share = _log_hist(values) * values.size / token.size
        ax1.stairs(share, BIN_EDGES, color=COLORS[key], lw=2, label=label)
    for values, key in ((token, "token"), (spot, "spot")):
        ax1.axvline(np.median(values), color=COLORS[key], ls="--", lw=1.2)
    _log_ticks(ax1)
    ax1.set_ylim(0, 1.35 * ax1.get_ylim()[1])
    ax1.set_xlabel("value after the horizon / value at the start (log scale)")
    ax1.set_ylabel("share of paths per bin (%)")
    ax1.set_title("Most token paths end far below 1 (dashed: medians)")
    ax1.legend(loc="upper left", fontsize=8.5)


def _mc_axes(ax):
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(1e-4, 1e3)
    ax.set_xlabel("spot multiple $S_T/S_0$ (log scale)")
    ax.set_ylabel("token multiple (log scale)")
    ax.legend(loc="upper left", fontsize=8.5)


def _mc_scatter(ax2, token, spot, idx, grid, L, sigma, years, decay, naive_too):
    ax2.scatter(spot[idx], np.maximum(token[idx], 1e-6), s=4, alpha=0.35,
                color=COLORS["token"], label="simulated paths", rasterized=True)
    ax2.plot(grid, theory.continuous_token_multiple(grid, L, sigma, years),
             color=COLORS["theory"], lw=1.8, label=f"closed form $(S_T/S_0)^{{{L:g}}}$ × {decay:.3f}")
    ax2.plot(grid, grid**L, color=COLORS["theory"], lw=1, ls=":", label=f"$(S_T/S_0)^{{{L:g}}}$, no decay")
    if naive_too:
        _mc_naive_lines(ax2, spot, grid, L, sigma, years)
    ax2.plot([1.0], [decay], "o", color=COLORS["highlight"], ms=8, zorder=5)
    ax2.annotate(f"spot flat: token keeps {decay:.3f}", (1.0, decay), xytext=(10, -14),
                 textcoords="offset points", color="#333333", fontsize=9)
    ax2.set_title("Each path sits on the closed-form curve")
    _mc_axes(ax2)


def _mc_naive_lines(ax2, spot, grid, L, sigma, years):
    pos = montecarlo.naive_multiple_from_price(grid, L) > 0
    ax2.plot(grid[pos], montecarlo.naive_multiple_from_price(grid, L)[pos], color=COLORS["naive"], lw=2,
             ls="--", label=f"{L:g} × spot's return")
    if L > 1:   # show where the naive line is at 0 and where it crosses the token
        floor = 1 - 1 / L
        ax2.axvspan(spot.min(), floor, color=COLORS["naive"], alpha=0.15,
                    label=f"{L:g} × spot's return ≤ −100 %: naive at 0, token above "
                          f"({np.mean(spot < floor):.0%} of paths)")
        for x in naive_crossings(L, sigma, years):
            ax2.axvline(x, color=COLORS["naive"], lw=0.9, ls=":")


def _mc_naive(ax2, spot, grid, L, sigma, years, decay):
    ax2.plot(grid, theory.continuous_token_multiple(grid, L, sigma, years),
             color=COLORS["theory"], lw=1.8, label=f"closed form $(S_T/S_0)^{{{L:g}}}$ × {decay:.3f}")
    _mc_naive_lines(ax2, spot, grid, L, sigma, years)
    ax2.set_title("(b) The closed form against 3 × spot's return" if L == 3 else
                  f"(b) The closed form against {L:g} × spot's return")
    _mc_axes(ax2)


# ------------------------------------------------------------------------------------------
# growth rate and Kelly leverage


def draw_growth_curves(mu=0.5, sigmas=(0.4, 0.6, 0.8, 1.0), leverages=None):
    """Long-run growth ``g(L) = L·mu − L²·sigma²/2`` (per year) for a few sigmas; returns the Figure.

    Each curve's maximum, the Kelly leverage ``mu/sigma²``, is marked.
    """
    mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
    sigmas = check_vector(sigmas, "sigmas", low=0.0, high=5.0, low_open=True)
    levs = (np.linspace(-2.0, 5.0, 281) if leverages is None else
            check_vector(leverages, "leverages", low=-MAX_LEVERAGE, high=MAX_LEVERAGE))
    fig, ax = new_figure()
    # curves of different sigma, not products: a sequential colormap, dark = calm, light = wild
    cmap = plt.get_cmap("viridis")
    for k, s in enumerate(sigmas):
        s = check_range(s, "sigma", 0.0, 5.0, low_open=True)
        c = cmap(0.1 + 0.75 * k / max(len(sigmas) - 1, 1))
        ax.plot(levs, theory.growth_rate(levs, mu, s), color=c, lw=2, label=f"σ = {s:.0%}")
        kelly = theory.kelly_leverage(mu, s)
        if levs.min() <= kelly <= levs.max():
            ax.plot([kelly], [theory.growth_rate(kelly, mu, s)], "o", color=c, ms=7)
    ax.axhline(0, color="#444444", lw=0.8)
    ax.axvline(1, color=COLORS["spot"], lw=0.8, ls=":")
    ax.axvline(3, color=COLORS["token"], lw=0.8, ls=":")
    for lev, key, text in ((1, "spot", "spot (1x)"), (3, "token", "3x token")):
        ax.annotate(text, (lev, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", color=COLORS[key], fontsize=9)
    ax.set_ylim(max(ax.get_ylim()[0], -3.0), ax.get_ylim()[1])
    ax.set_xlabel("leverage L")
    ax.set_ylabel("growth rate g(L) of log value (per year)")
    ax.set_title(f"μ = {mu:g}/yr (expected return {np.expm1(mu):.0%}): past the Kelly point "
                 "(dots) more leverage grows less")
    ax.legend(loc="lower center")
    return fig


# ------------------------------------------------------------------------------------------
# live panel: distribution of outcomes


def compute_distribution(leverage=DEFAULT_LEVERAGE, sigma=DEFAULT_SIGMA, mu=DEFAULT_MU,
                         days=DEFAULT_DAYS, n_paths=PANEL_PATHS, seed=SEED) -> dict:
    """Outcomes of a daily token, spot and naive L × spot after ``days`` days, with statistics.

    Uses :func:`levtoken.montecarlo.terminal_multiples` on the cached draw of
    ``n_paths × MAX_DAYS`` normals (seeded), so a call after the first costs milliseconds.

    Returns
    -------
    dict
        ``multiples`` (:class:`~levtoken.montecarlo.TerminalMultiples`), ``stats`` (a dict
        ``{"token"|"spot"|"naive": summarize(...)}``), ``closed_form_median`` of the token
        ``exp((L·mu − L²σ²/2)·T)``, ``decay`` (the decay factor), ``ruined_share``.
    """
    L = check_leverage(leverage)
    days = check_positive_int(days, "days")
    if days > MAX_DAYS:
        raise ValueError(f"days must be in [1, {MAX_DAYS}], got {days}")
    res = montecarlo.terminal_multiples(L, sigma, mu=mu, days=days, n_paths=n_paths, seed=seed,
                                        draw_days=MAX_DAYS)
    stats = {k: montecarlo.summarize(getattr(res, k)) for k in ("token", "spot", "naive")}
    return {"multiples": res, "stats": stats, "closed_form_median": res.closed_form_median,
            "decay": res.decay, "ruined_share": res.ruined_share}


def draw_distribution(leverage=DEFAULT_LEVERAGE, sigma=DEFAULT_SIGMA, mu=DEFAULT_MU,
                      days=DEFAULT_DAYS):
    """Histogram of the three outcomes (log axis) with a table of median and 5th/95th percentiles."""
    L = check_leverage(leverage)
    days = check_range(days, "days", 1.0, MAX_DAYS)        # a slider may give a float: rounded
    res = compute_distribution(L, sigma, mu, int(round(days)))
    m, st = res["multiples"], res["stats"]
    use_book_style()                           # fixed margins, no layout engine: fast redraw
    fig, ax = plt.subplots(figsize=(8.0, 4.3))
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.12, top=0.91)
    zero = float(np.mean(m.naive <= 0.0))
    labels = {"token": f"{L:+g}x token", "spot": "spot",
              "naive": f"{L:g} × spot's return ({zero:.0%} of paths at 0, not shown)"}
    top = 0.0
    for key in ("spot", "naive", "token"):
        values = getattr(m, key)
        if key == "naive":
            values = values[values > 0.0]
        share = _log_hist(values) * values.size / m.token.size if values.size else 0 * BIN_EDGES[1:]
        top = max(top, float(share.max()))
        color = COLORS["inverse" if key == "token" and L < 0 else key]
        ax.stairs(share, BIN_EDGES, color=color, lw=2, label=labels[key])
        if st[key]["median"] > 0:
            ax.axvline(max(st[key]["median"], 10**LOG_LOW), color=color, ls="--", lw=1)
    ax.axvline(max(res["closed_form_median"], 10**LOG_LOW), color=COLORS["theory"], ls=":",
               lw=1.5, label="closed-form token median")
    _log_ticks(ax)
    ax.set_ylim(0, 1.5 * top)                  # headroom for the legend and the table
    ax.set_xlabel("value at the end / value at the start (log scale; left bin: ≤ 0.0001)")
    ax.set_ylabel("share of paths per bin (%)")
    rows = [f"{'':7}{'median':>8}{'5th':>8}{'95th':>8}"]
    rows += [f"{k:7}{st[k]['median']:8.3f}{st[k]['p5']:8.3f}{st[k]['p95']:8.3f}"
             for k in ("token", "spot", "naive")]
    rows.append(f"{'closed-form token median':23}{res['closed_form_median']:8.3f}")
    ax.text(1.0, 1.0, "\n".join(rows), transform=ax.transAxes, ha="right", va="top",
            family="monospace", fontsize=8.5,
            bbox=dict(facecolor="white", edgecolor="#bbbbbb", alpha=0.9))
    ax.set_title(f"{L:+g}x, σ = {sigma:.0%}, μ = {mu:+.2g}/yr, {int(round(days))} days: "
                 f"typical token {st['token']['median']:.3f}, spot {st['spot']['median']:.3f}",
                 fontsize=11)
    ax.legend(loc="upper left", fontsize=8.5)
    return fig


def distribution_panel():
    """Live panel: leverage, volatility, drift, horizon → distribution of outcomes."""
    from . import leverage_slider, live_panel, slider

    controls = {
        "leverage": leverage_slider(DEFAULT_LEVERAGE, -5.0, 5.0),
        "sigma": slider("volatility σ (per year)", DEFAULT_SIGMA, 0.1, 1.5, 0.05, percent=True),
        "mu": slider("drift μ (per year, not a return)", DEFAULT_MU, -1.0, 1.0, 0.05),
        "days": slider("horizon (days)", DEFAULT_DAYS, 5, MAX_DAYS, 5, fmt=".0f"),
    }
    return live_panel(controls, draw_distribution, "Volatility decay: the spread of outcomes")


# ------------------------------------------------------------------------------------------
# static-HTML explorer: volatility slider


def _sig(x, digits=4):
    """Round to ``digits`` significant digits (keeps the page light)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where(x == 0, 0, np.floor(np.log10(np.abs(np.where(x == 0, 1, x)))))
    return np.round(x / 10**mag, digits - 1) * 10**mag


def volatility_explorer(leverage=EXPLORER_LEVERAGE, sigmas=EXPLORER_SIGMAS, days=DEFAULT_DAYS,
                        n_paths=PANEL_PATHS, seed=SEED):
    """Plotly figure with a volatility slider: 1-year outcomes of a token and of spot (μ = 0).

    Each step holds two histograms (share of paths per log-spaced bin, from one seeded draw
    scaled to the step's sigma) and the closed-form medians of the token,
    ``exp(−L²σ²T/2)``, and of spot, ``exp(−σ²T/2)``.
    """
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    L = check_leverage(leverage)
    sigmas = check_vector(sigmas, "sigmas", low=0.0, high=5.0)
    days = check_count(days, "days")
    years = days / DAYS_PER_YEAR
    x = _sig(np.repeat(BIN_EDGES, 2)[1:-1])     # step outline: each bin's left and right edge
    steps = []
    for s in sigmas:
        res = montecarlo.terminal_multiples(L, s, mu=0.0, days=days, n_paths=n_paths, seed=seed,
                                            draw_days=MAX_DAYS)
        med_token = theory.median_token_multiple(L, 0.0, s, years)
        med_spot = theory.median_token_multiple(1, 0.0, s, years)
        top = 0.0
        traces = []
        for key, values, label in (("spot", res.spot, "spot"),
                                   ("token", res.token, f"{L:g}x token")):
            h = _log_hist(values)
            top = max(top, h.max())
            traces.append(go.Scatter(x=x, y=_sig(np.repeat(h, 2), 4), name=label, mode="lines",
                                     line=dict(color=COLORS[key], width=2.5)))
        for key, med, label in (("spot", med_spot, "closed-form median, spot"),
                                ("token", med_token, f"closed-form median, {L:g}x token")):
            traces.append(go.Scatter(x=[_sig(med)] * 2, y=[0, round(1.1 * top, 2)], name=label,
                                     mode="lines", line=dict(color=COLORS[key], width=2,
                                                             dash="dash")))
        title = (f"σ = {s:.0%}: the typical (median) {L:g}x holder keeps {med_token:.3g}, "
                 f"spot {med_spot:.3g} (decay factor {theory.continuous_decay(L, s, years):.3g})")
        steps.append(SliderStep(label=f"{s:.0%}", traces=traces, title=title))
    active = int(np.argmin(np.abs(np.asarray(sigmas) - DEFAULT_SIGMA)))
    return slider_figure(steps, slider_label="Annual volatility σ: ", active=active, layout=dict(
        title=dict(font=dict(size=14)),
        xaxis=dict(title="value after 1 year / value at the start (log scale; left bin: ≤ 0.0001)",
                   type="log", range=[LOG_LOW, LOG_HIGH],
                   tickvals=[10.0**k for k in range(int(LOG_LOW), int(LOG_HIGH) + 1)],
                   ticktext=[f"{10.0**k:g}" for k in range(int(LOG_LOW), int(LOG_HIGH) + 1)]),
        yaxis=dict(title="share of paths per bin (%)", rangemode="tozero")))
