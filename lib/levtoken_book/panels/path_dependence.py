"""Chapter 4 panels and figures: the same start and end price, different paths.

A leveraged token's value after many days depends on the path the price took, not only on where
it ended. Everything here runs the named paths of :mod:`levtoken.scenarios` through
:class:`~levtoken.products.LeveragedToken` and compares the token with spot and with "L× spot",
``1 + L·(S_t/S_0 − 1)`` (the one-period answer, floored at 0).

Layout: ``DEFAULT_*`` constants; ``compute_*`` (numbers, validated); ``draw_*`` (matplotlib
Figures); :func:`path_panel` (the live ipywidgets panel); :func:`chop_explorer` and
:func:`crash_explorer` (precomputed Plotly figures for the static HTML book).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from levtoken import scenarios, theory
from levtoken.validation import DAYS_PER_YEAR, MAX_SIGMA
from ..plots import COLORS, new_figure, percent_axis
from levtoken.products import LeveragedToken, Spot
from levtoken.validation import (MAX_DAYS, MAX_SIGMA, check_choice, check_leverage, check_positive_int,
                          check_range, check_seed, check_vector)

#: Defaults shared by the chapter, the live panel, the static views and the tests.
DEFAULT_SHAPE = "choppy"
DEFAULT_TOTAL_RETURN = 0.20
DEFAULT_DAYS = 30
DEFAULT_LEVERAGE = 3.0
DEFAULT_SWING = 0.04
DEFAULT_CRASH_DEPTH = 0.15
DEFAULT_CRASH_DAY = 10
DEFAULT_SIGMA = 0.80
DEFAULT_SEED = 1
#: The stake the chapter follows, in dollars.
STAKE = 1000.0

#: Path shapes offered by the live panel (dropdown labels).
SHAPES = ("steady", "choppy", "crash-and-recover", "seeded random")

#: Slider grids of the static-HTML explorers (every step changes the picture).
EXPLORER_SWINGS = tuple(np.round(np.arange(0.0, 0.1001, 0.005), 4))
EXPLORER_CRASH_DEPTHS = tuple(np.round(np.arange(0.0, 0.3001, 0.025), 4))

#: Grids of the trend-versus-volatility figures.
MAP_RETURNS = np.linspace(-0.25, 0.80, 211)
MAP_SIGMAS = np.linspace(0.0, 1.5, 151)
FRACTION_SIGMAS = np.round(np.arange(0.05, 1.501, 0.05), 4)
FRACTION_RETURNS = (0.10, 0.20, 0.40)
FRACTION_PATHS = 10_000
FRACTION_SEED = 2025


# ---------------------------------------------------------------------------------------------
# one path


def make_returns(shape: str = DEFAULT_SHAPE, total_return: float = DEFAULT_TOTAL_RETURN,
                 days: int = DEFAULT_DAYS, swing: float = DEFAULT_SWING,
                 crash_depth: float = DEFAULT_CRASH_DEPTH, sigma: float = DEFAULT_SIGMA,
                 seed: int = DEFAULT_SEED) -> np.ndarray:
    """Daily simple returns of one named path shape, ending at ``1 + total_return``.

    ``shape`` is one of :data:`SHAPES`. Only the parameters of the chosen shape are used:
    ``swing`` for "choppy" (:func:`~levtoken.scenarios.choppy_path`), ``crash_depth`` for
    "crash-and-recover" (crash on day ``max(1, days // 3)``,
    :func:`~levtoken.scenarios.crash_and_recover`), ``sigma`` (annual) and ``seed`` for "seeded
    random" (:func:`~levtoken.scenarios.random_path`, cached).
    """
    check_choice(shape, "shape", SHAPES)
    # every parameter is checked, also those the chosen shape ignores (30.9 days is an error)
    total_return = check_range(total_return, "total_return", -1.0, 1e6, low_open=True)
    days = check_positive_int(days, "days", MAX_DAYS)
    swing = check_range(swing, "swing", 0.0, 1.0)
    crash_depth = check_range(crash_depth, "crash_depth", 0.0, 1.0, high_open=True)
    sigma = check_range(sigma, "sigma", 0.0, MAX_SIGMA)
    seed = check_seed(seed)
    if shape == "steady":
        return scenarios.steady_trend(total_return, days)
    if shape == "choppy":
        return scenarios.choppy_path(total_return, days, swing)
    if shape == "crash-and-recover":
        return scenarios.crash_and_recover(total_return, days, crash_depth)
    return _random_path(float(total_return), int(days), float(sigma), int(seed)).copy()


@lru_cache(maxsize=256)
def _random_path(total_return: float, days: int, sigma: float, seed: int) -> np.ndarray:
    """Cached seeded random path (a panel redraw does not draw again)."""
    r = scenarios.random_path(total_return, days, sigma=sigma, seed=seed)
    r.flags.writeable = False
    return r


def compute_path(shape: str = DEFAULT_SHAPE, total_return: float = DEFAULT_TOTAL_RETURN,
                 days: int = DEFAULT_DAYS, leverage: float = DEFAULT_LEVERAGE,
                 swing: float = DEFAULT_SWING, crash_depth: float = DEFAULT_CRASH_DEPTH,
                 sigma: float = DEFAULT_SIGMA, seed: int = DEFAULT_SEED) -> dict:
    """Price, token NAV, spot and L× spot along one path shape (all NAVs start at 1.0).

    Returns a dict with ``returns`` (T,), ``price`` (T + 1, start 1.0), ``token`` (daily
    token NAV, T + 1), ``naive`` (``max(1 + L·(price − 1), 0)``, T + 1), ``steady_token`` (the
    token on the steady trend to the same end, T + 1), and the end values ``token_end``,
    ``spot_end``, ``naive_end``, ``steady_end`` and the flag ``beats_naive``.
    """
    L = check_leverage(leverage)
    r = make_returns(shape, total_return, days, swing, crash_depth, sigma, seed)
    price = Spot().nav(r)
    token = LeveragedToken(L).nav(r)
    naive = scenarios.naive_multiple(price - 1.0, L)
    steady = LeveragedToken(L).nav(scenarios.steady_trend(total_return, days))
    return {"shape": shape, "leverage": L, "returns": r, "price": price, "token": token,
            "naive": naive, "steady_token": steady, "token_end": float(token[-1]),
            "spot_end": float(price[-1]), "naive_end": float(naive[-1]),
            "steady_end": float(steady[-1]), "beats_naive": bool(token[-1] > naive[-1])}


def _num(x: float) -> str:
    """A whole number with a space as thousands separator: ``1 505``."""
    return f"{x:,.0f}".replace(",", " ")


def _money(x: float) -> str:
    """Dollars for matplotlib text: ``\\$1 505`` (a bare ``$`` would start mathtext)."""
    return "\\$" + _num(x)


def draw_path(shape: str = DEFAULT_SHAPE, total_return: float = DEFAULT_TOTAL_RETURN,
              days: int = DEFAULT_DAYS, leverage: float = DEFAULT_LEVERAGE,
              swing: float = DEFAULT_SWING, crash_depth: float = DEFAULT_CRASH_DEPTH,
              sigma: float = DEFAULT_SIGMA, seed: int = DEFAULT_SEED):
    """The live panel's picture: spot (the price path), L× spot and the token, as \\$1 000 stakes.

    One axis (a redraw stays well under 100 ms): spot's line is the price path times the stake.
    """
    res = compute_path(shape, total_return, days, leverage, swing, crash_depth, sigma, seed)
    L = res["leverage"]
    fig, ax = new_figure()
    x = np.arange(res["price"].size)
    ax.plot(x, STAKE * res["naive"], "--", color=COLORS["naive"], lw=1.8,
            label=f"{L:g}× spot (naive): {_money(STAKE * res['naive_end'])}")
    ax.plot(x, STAKE * res["price"], color=COLORS["spot"], lw=1.8,
            label=f"spot, the {shape} path: {_money(STAKE * res['spot_end'])}")
    ax.plot(x, STAKE * res["token"], color=COLORS["token"], lw=2.4,
            label=f"{L:g}x token: {_money(STAKE * res['token_end'])}")
    ax.set_xlabel("day")
    ax.set_ylabel("value of a \\$1 000 stake (\\$)")
    ax.legend(loc="upper left")
    verdict = "beats" if res["beats_naive"] else "lags"
    if res["token_end"] == 0.0:
        verdict = "is wiped out, below"
    ax.set_title(f"{shape}, {res['spot_end'] - 1:+.0%} in {days} days: "
                 f"the {L:g}x token {verdict} {L:g}× spot", fontsize=11)
    return fig


def path_panel():
    """Live panel: path shape and its parameters → price path, token NAV, spot and L× spot."""
    import ipywidgets as widgets

    from . import leverage_slider, live_panel, slider

    def int_slider(description, value, lo, hi):
        return widgets.IntSlider(value=value, min=lo, max=hi, step=1, description=description,
                                 continuous_update=False, style={"description_width": "initial"},
                                 layout=widgets.Layout(width="330px"))

    controls = {
        "shape": widgets.Dropdown(options=SHAPES, value=DEFAULT_SHAPE, description="path shape",
                                  style={"description_width": "initial"}),
        "total_return": slider("total return", DEFAULT_TOTAL_RETURN, -0.30, 0.60, 0.01,
                               percent=True),
        "days": int_slider("days", DEFAULT_DAYS, 4, 120),
        "leverage": leverage_slider(DEFAULT_LEVERAGE, 1.0, 5.0, 0.5),
        "swing": slider("daily swing (choppy)", DEFAULT_SWING, 0.0, 0.10, 0.005, fmt=".1%"),
        "crash_depth": slider("crash depth (crash)", DEFAULT_CRASH_DEPTH, 0.0, 0.30, 0.01,
                              percent=True),
        "sigma": slider("volatility σ (random)", DEFAULT_SIGMA, 0.10, 1.50, 0.05, percent=True),
        "seed": int_slider("seed (random)", DEFAULT_SEED, 0, 20),
    }
    uses = {"choppy": ("swing",), "crash-and-recover": ("crash_depth",),
            "seeded random": ("sigma", "seed"), "steady": ()}

    def enable(_change=None):
        for name in ("swing", "crash_depth", "sigma", "seed"):
            controls[name].disabled = name not in uses[controls["shape"].value]

    controls["shape"].observe(enable, names="value")
    enable()
    return live_panel(controls, draw_path, "Same end, different paths")


# ---------------------------------------------------------------------------------------------
# three paths to the same end (the chapter's first figure)


def compute_three_paths(total_return: float = DEFAULT_TOTAL_RETURN, days: int = DEFAULT_DAYS,
                        leverage: float = DEFAULT_LEVERAGE, swing: float = DEFAULT_SWING,
                        crash_depth: float = DEFAULT_CRASH_DEPTH,
                        crash_day: int = DEFAULT_CRASH_DAY) -> dict:
    """Steady, choppy and crash-and-recover paths to the same end: returns, price, token NAV.

    Returns ``{"steady": {...}, "choppy": {...}, "crash-and-recover": {...}}`` where each value
    holds ``returns``, ``price`` and ``token`` (NAV paths starting at 1.0) and ``token_end``.
    """
    L = check_leverage(leverage)
    shapes = {
        "steady": scenarios.steady_trend(total_return, days),
        "choppy": scenarios.choppy_path(total_return, days, swing),
        "crash-and-recover": scenarios.crash_and_recover(total_return, days, crash_depth,
                                                         crash_day),
    }
    token = LeveragedToken(L)
    out = {}
    for name, r in shapes.items():
        nav = token.nav(r)
        out[name] = {"returns": r, "price": Spot().nav(r), "token": nav,
                     "token_end": float(nav[-1])}
    return out


_STYLES = {"steady": "-", "choppy": ":", "crash-and-recover": "--"}


def draw_three_paths(total_return: float = DEFAULT_TOTAL_RETURN, days: int = DEFAULT_DAYS,
                     leverage: float = DEFAULT_LEVERAGE, swing: float = DEFAULT_SWING,
                     crash_depth: float = DEFAULT_CRASH_DEPTH,
                     crash_day: int = DEFAULT_CRASH_DAY):
    """Price paths (top) and the value of \\$1 000 in the token (bottom) for the three shapes."""
    res = compute_three_paths(total_return, days, leverage, swing, crash_depth, crash_day)
    L = check_leverage(leverage)
    fig, (top, bottom) = new_figure(2, 1, sharex=True, figsize=(7.5, 6.8),
                                    gridspec_kw=dict(height_ratios=(1, 1.4)))
    for name, d in res.items():
        x = np.arange(d["price"].size)
        top.plot(x, STAKE * d["price"], _STYLES[name], color=COLORS["spot"], lw=1.8, label=name)
        bottom.plot(x, STAKE * d["token"], _STYLES[name], color=COLORS["token"], lw=2,
                    label=f"{name}: {_money(STAKE * d['token_end'])}")
    naive = STAKE * scenarios.naive_multiple(total_return, L)
    bottom.axhline(naive, color=COLORS["naive"], ls="--", lw=1.2)
    bottom.annotate(f"{L:g}× spot: {_money(naive)}", (0.4 * days, naive), xytext=(0, 5),
                    textcoords="offset points", color="#444444", fontsize=9, ha="center")
    top.set_ylabel("spot value (\\$)")
    top.set_title(f"Spot ends at {_money(STAKE * (1 + total_return))} on all three paths")
    top.legend(loc="upper left", ncols=3)
    bottom.set_ylabel(f"{L:g}x token value (\\$)")
    bottom.set_xlabel("day")
    bottom.set_title(f"... but the {L:g}x token's \\$1 000 ends somewhere different on each")
    bottom.legend(loc="lower right", title=f"{L:g}x token ends at", alignment="left")
    return fig


# ---------------------------------------------------------------------------------------------
# trend versus volatility


def compute_advantage_map(days: float = DEFAULT_DAYS, leverage: float = DEFAULT_LEVERAGE,
                          total_returns=MAP_RETURNS, sigmas=MAP_SIGMAS) -> dict:
    """Closed-form token multiple divided by L× spot over a grid of (total return, volatility).

    ``ratio[i, j] = (1 + R_j)^L · exp(−(L² − L)·σ_i²·T/2) / (1 + L·R_j)``, ``T = days/365``
    (continuous rebalancing, Avellaneda & Zhang 2010). Above 1 the token beats L× spot.
    Requires ``1 + L·R > 0`` on the whole grid. Returns ``total_returns``, ``sigmas``,
    ``ratio`` (shape ``(len(sigmas), len(total_returns))``) and ``break_even`` (the
    break-even volatility for each total return).
    """
    days = check_range(days, "days", 0.0, low_open=True)
    L = check_leverage(leverage)
    total_returns = check_vector(total_returns, "total_returns", low=-1.0, high=1e6, low_open=True)
    sigmas = check_vector(sigmas, "sigmas", low=0.0, high=MAX_SIGMA)
    R = np.asarray(total_returns, dtype=float)
    S = np.asarray(sigmas, dtype=float)
    naive = scenarios.naive_multiple(R, L)
    if np.any(naive <= 0):
        raise ValueError("total_returns must keep 1 + leverage·R > 0 on the whole grid")
    token = theory.continuous_token_multiple(1.0 + R[None, :], L, S[:, None],
                                             days / DAYS_PER_YEAR)
    return {"total_returns": R, "sigmas": S, "ratio": token / naive[None, :],
            "break_even": scenarios.break_even_volatility(R, days, leverage=L)}


def draw_advantage_map(days: float = DEFAULT_DAYS, leverage: float = DEFAULT_LEVERAGE,
                       mark_return: float = DEFAULT_TOTAL_RETURN):
    """Heat map of token ÷ L× spot over (total return, volatility) with the break-even curve."""
    mark_return = check_range(mark_return, "mark_return", -1.0, low_open=True)
    res = compute_advantage_map(days, leverage)
    L = check_leverage(leverage)
    R, S = res["total_returns"], res["sigmas"]
    fig, ax = new_figure(figsize=(7.5, 4.8))
    levels = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.5, 10.0]
    cs = ax.contourf(R, S, res["ratio"], levels=levels, cmap="PuOr_r", vmin=0.5, vmax=1.5)
    cbar = fig.colorbar(cs, ax=ax, ticks=levels[1:-1])
    cbar.set_label(f"token ÷ {L:g}× spot at the end")
    ok = np.isfinite(res["break_even"]) & (res["break_even"] <= S[-1])
    ax.plot(R[ok], res["break_even"][ok], color=COLORS["theory"], lw=2.2,
            label=f"break-even: token = {L:g}× spot")
    star = scenarios.break_even_volatility(mark_return, days, leverage=L)
    ax.plot([mark_return], [star], "o", color=COLORS["highlight"], ms=9, mec="black",
            label=f"{mark_return:+.0%}: break-even σ = {star:.0%}")
    ax.text(0.55, 0.2, f"token beats\n{L:g}× spot", ha="center", fontsize=11, weight="bold")
    ax.text(0.02, 1.2, f"token lags {L:g}× spot", ha="center", fontsize=11, weight="bold",
            color="white")
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_xlabel(f"total return of the underlying over {days:g} days (%)")
    ax.set_ylabel("annual volatility σ (%)")
    ax.set_title(f"{L:g}x over {days:g} days: strong trends and calm markets favour the token")
    ax.legend(loc="upper right", framealpha=0.9, frameon=True)
    ax.grid(False)
    return fig


def compute_beat_fraction(total_returns=FRACTION_RETURNS, sigmas=FRACTION_SIGMAS,
                          days: int = DEFAULT_DAYS, leverage: float = DEFAULT_LEVERAGE,
                          n_paths: int = FRACTION_PATHS, seed: int = FRACTION_SEED) -> dict:
    """Fraction of simulated paths ending at each total return on which the token beats L× spot.

    For every total return ``R`` and annual volatility ``σ``, ``n_paths`` GBM paths are drawn
    conditioned to end at ``1 + R`` (:func:`~levtoken.scenarios.bridge_returns`, the same seed
    for every cell: common random numbers), run through a daily-rebalanced token, and the share
    with token NAV ``> 1 + L·R`` is recorded. Returns ``total_returns``, ``sigmas``,
    ``fraction`` (shape ``(len(total_returns), len(sigmas))``) and ``break_even`` (closed-form
    σ* per total return).
    """
    days = check_positive_int(days, "days")
    L = check_leverage(leverage)
    n_paths = check_positive_int(n_paths, "n_paths")
    R = check_vector(total_returns, "total_returns", low=-1.0, high=1e6, low_open=True)
    S = check_vector(sigmas, "sigmas", low=0.0, high=MAX_SIGMA)
    for s in S:
        check_range(float(s), "sigma", 0.0, MAX_SIGMA)
    token = LeveragedToken(L)
    frac = np.empty((R.size, S.size))
    for i, ret in enumerate(R):
        naive = scenarios.naive_multiple(float(ret), L)
        for j, s in enumerate(S):
            r = scenarios.bridge_returns(float(ret), days, sigma=float(s), n_paths=n_paths,
                                         seed=seed)
            frac[i, j] = np.mean(token.nav(r)[:, -1] > naive)
    return {"total_returns": R, "sigmas": S, "fraction": frac,
            "break_even": scenarios.break_even_volatility(R, days, leverage=L)}


def draw_beat_fraction(res: dict | None = None, days: int = DEFAULT_DAYS,
                       leverage: float = DEFAULT_LEVERAGE):
    """Simulated share of paths beating L× spot against volatility, one line per total return.

    ``res`` is the output of :func:`compute_beat_fraction` (computed with the defaults if None).
    The closed-form break-even volatility of each total return is drawn as a dotted line.
    """
    if res is not None and not (isinstance(res, dict) and {"total_returns", "sigmas", "fraction"} <= set(res)):
        raise TypeError("res must be None or the dict returned by compute_beat_fraction, got "
                        f"{type(res).__name__}")
    res = compute_beat_fraction(days=days, leverage=leverage) if res is None else res
    L = check_leverage(leverage)
    fig, ax = new_figure()
    styles = ["--", "-", "-."]
    shades = [COLORS["highlight"], COLORS["token"], COLORS["theory"]]
    for k, (ret, star) in enumerate(zip(res["total_returns"], res["break_even"])):
        c = shades[k % len(shades)]
        ax.plot(res["sigmas"], res["fraction"][k], styles[k % 3], marker="o", ms=3.5, color=c,
                lw=2, label=f"ends at {ret:+.0%}: σ* = {star:.0%}")
        ax.axvline(star, color=c, ls=":", lw=1.5)
    ax.axhline(0.5, color=COLORS["naive"], lw=0.8)
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_xlabel("annual volatility σ of the simulated paths (%)")
    ax.set_ylabel(f"paths where the token beats {L:g}× spot (%)")
    ax.set_title("Simulation agrees: the token wins below the break-even volatility σ*")
    ax.legend(loc="upper right")
    return fig


# ---------------------------------------------------------------------------------------------
# static-HTML explorers


def _explorer_steps(paths: dict, leverage: float, title) -> list:
    """Slider steps: spot, token and L× spot as values of the stake for each labelled path."""
    import plotly.graph_objects as go

    from ..explorers import SliderStep

    steps = []
    for label, r in paths.items():
        price = Spot().nav(r)
        token = LeveragedToken(leverage).nav(r)
        naive = scenarios.naive_multiple(price - 1.0, leverage)
        x = np.arange(price.size)
        traces = [
            go.Scatter(x=x, y=np.round(STAKE * price, 1), name="spot",
                       line=dict(color=COLORS["spot"], width=2)),
            go.Scatter(x=x, y=np.round(STAKE * naive, 1), name=f"{leverage:g}× spot (naive)",
                       line=dict(color=COLORS["naive"], width=2, dash="dash")),
            go.Scatter(x=x, y=np.round(STAKE * token, 1), name=f"{leverage:g}x token",
                       line=dict(color=COLORS["token"], width=3)),
        ]
        steps.append(SliderStep(label=label, traces=traces,
                                title=title(label, STAKE * token[-1], STAKE * naive[-1])))
    return steps


def _explorer_layout(days: int, top: float) -> dict:
    # Plotly reads any text holding two "$" as LaTeX (and then draws nothing): one "$" per text.
    return dict(xaxis=dict(title="day", range=[0, days]),
                yaxis=dict(title="value of a $1 000 stake", range=[0, top]))


def chop_explorer(total_return: float = DEFAULT_TOTAL_RETURN, days: int = DEFAULT_DAYS,
                  leverage: float = DEFAULT_LEVERAGE, swings=EXPLORER_SWINGS):
    """Static-HTML explorer: a slider over the daily swing of the choppy path (0 % … 10 %).

    Every position shows spot, L× spot and the token (value of \\$1 000) along
    ``choppy_path(total_return, days, swing)``; swing 0 is the steady trend.
    """
    swings = check_vector(swings, "swings", low=0.0, high=1.0)
    from ..explorers import slider_figure

    L = check_leverage(leverage)
    paths = {f"{s:.1%}": scenarios.choppy_path(total_return, days, float(s)) for s in swings}

    def title(label, token_end, naive_end):
        verdict = "above" if token_end > naive_end else "below"
        return (f"Daily swing {label}: the {L:g}x token turns $1 000 into {_num(token_end)}, "
                f"{verdict} {L:g}× spot's {_num(naive_end)}")

    steps = _explorer_steps(paths, L, title)
    top = 1.08 * max(max(np.max(tr.y) for tr in st.traces) for st in steps)
    active = int(np.argmin(np.abs(np.asarray(swings) - DEFAULT_SWING)))
    return slider_figure(steps, slider_label="Daily swing: ", active=active,
                         layout=_explorer_layout(days, top))


def crash_explorer(total_return: float = DEFAULT_TOTAL_RETURN, days: int = DEFAULT_DAYS,
                   leverage: float = DEFAULT_LEVERAGE, crash_day: int = DEFAULT_CRASH_DAY,
                   depths=EXPLORER_CRASH_DEPTHS):
    """Static-HTML explorer: a slider over the depth of a one-day crash (0 % … 30 %).

    Every position shows spot, L× spot and the token along
    ``crash_and_recover(total_return, days, depth, crash_day)``; depth 0 is a flat day in a
    steady climb.
    """
    depths = check_vector(depths, "depths", low=0.0, high=1.0, high_open=True)
    from ..explorers import slider_figure

    L = check_leverage(leverage)
    paths = {(f"−{d:.1%}" if d > 0 else "0.0%"):
             scenarios.crash_and_recover(total_return, days, float(d), crash_day)
             for d in depths}

    def title(label, token_end, naive_end):
        verdict = "above" if token_end > naive_end else "below"
        return (f"Crash of {label} on day {crash_day}: the {L:g}x token turns $1 000 into "
                f"{_num(token_end)}, {verdict} {L:g}× spot's {_num(naive_end)}")

    steps = _explorer_steps(paths, L, title)
    top = 1.08 * max(max(np.max(tr.y) for tr in st.traces) for st in steps)
    active = int(np.argmin(np.abs(np.asarray(depths) - DEFAULT_CRASH_DEPTH)))
    return slider_figure(steps, slider_label="Crash depth: ", active=active,
                         layout=_explorer_layout(days, top))
