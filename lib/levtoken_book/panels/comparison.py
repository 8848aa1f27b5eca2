"""Chapter 6 panels: tokens vs spot and a margin position on the same simulated paths.

* :func:`comparison_grid` — the chapter's big simulation (cached): spot, daily token, threshold
  token and margin position on 10 000 paths per volatility, read after many horizons.
* :func:`compute_outcomes` / :func:`draw_outcomes` / :func:`comparison_panel` — the live panel:
  leverage, volatility, horizon and maintenance margin → the distribution of final values of
  spot, a daily token and a margin position, and the liquidation rate.
* :func:`comparison_explorer` — the static-HTML explorer: a volatility slider over precomputed
  curves of liquidation probability, probability of losing more than half, and median values.
"""

from __future__ import annotations

import numbers
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np

from levtoken import compare, theory
from levtoken.validation import DAYS_PER_YEAR
from ..plots import COLORS, new_figure, percent_axis, use_book_style
from levtoken.products import LeveragedToken, MarginPosition, Spot
from levtoken.validation import (MAX_DAYS, InvalidTypeError, format_value, check_array, check_leverage,
                          check_maintenance_margin, check_positive_int, check_range, check_vector)

#: Defaults shared by the live panel, the static view and the tests.
DEFAULT_LEVERAGE = 3.0
DEFAULT_SIGMA = 0.8
DEFAULT_HORIZON = 90
DEFAULT_MAINTENANCE_MARGIN = 0.005

#: The panel's paths: daily steps, a fixed seed, at most a year.
PANEL_PATHS = 4_000
PANEL_SEED = 606
MAX_HORIZON = 365

#: The chapter's big simulation (and the explorer's grid).
N_PATHS = 10_000
SEED = 606
STEPS_PER_DAY = 4
REBALANCE_THRESHOLD = 0.10
TABLE_SIGMAS = (0.4, 0.8, 1.2)
TABLE_HORIZONS = (7, 30, 90, 365)
EXPLORER_SIGMAS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 1.2, 1.5)       # holds TABLE_SIGMAS
EXPLORER_HORIZONS = tuple(sorted(set(range(1, MAX_HORIZON + 1, 3)) | set(TABLE_HORIZONS)))

_PANEL_PRODUCTS = ("spot", "token", "margin")


# ---------------------------------------------------------------------------------------------
# the chapter's big simulation


def comparison_grid(leverage: float = DEFAULT_LEVERAGE,
                    maintenance_margin: float = DEFAULT_MAINTENANCE_MARGIN) -> dict:
    """:func:`levtoken.compare.compare_products` on the explorer's grid (cached; do not modify).

    ``N_PATHS`` paths per volatility in ``EXPLORER_SIGMAS`` (which holds ``TABLE_SIGMAS``), six-hour
    steps, zero drift, no fees or funding, a threshold token with ``REBALANCE_THRESHOLD``;
    values read at every horizon of ``EXPLORER_HORIZONS`` (which holds ``TABLE_HORIZONS``).
    Because every volatility restarts the generator from ``SEED``, the numbers for one
    volatility do not depend on which others are in the grid. ``leverage`` is signed (non-zero,
    ``|L| <= 10``), ``0 <= maintenance_margin < 1/|L|``; both are checked before the cache.
    """
    L = check_leverage(leverage)
    return _comparison_grid(L, check_maintenance_margin(maintenance_margin, L))


@lru_cache(maxsize=4)
def _comparison_grid(leverage: float = DEFAULT_LEVERAGE,
                     maintenance_margin: float = DEFAULT_MAINTENANCE_MARGIN) -> dict:
    return compare.compare_products(
        leverage, sigmas=EXPLORER_SIGMAS, horizons=EXPLORER_HORIZONS, n_paths=N_PATHS,
        steps_per_day=STEPS_PER_DAY, rebalance_threshold=REBALANCE_THRESHOLD,
        maintenance_margin=maintenance_margin, seed=SEED, mu=0.0)


#: The uncached simulation and the cache's controls, as on an ``lru_cache`` function.
comparison_grid.__wrapped__ = _comparison_grid.__wrapped__
comparison_grid.cache_clear = _comparison_grid.cache_clear


_RESULT_KEYS = ("sigmas", "horizons", "products", "labels", "settings", "median", "p_loss",
                "p_zero")


def _check_result(result, name: str = "result") -> dict:
    """A :func:`levtoken.compare.compare_products` result (a dict with its keys)."""
    if not isinstance(result, dict) or not all(k in result for k in _RESULT_KEYS):
        raise InvalidTypeError(f"{name} must be a dict returned by compare.compare_products "
                               f"(keys {', '.join(_RESULT_KEYS)}), got {format_value(result)} of type "
                               f"{type(result).__name__}")
    return result


def grid_index(result: dict, sigma: float, horizon: int) -> tuple[int, int]:
    """Row and column of ``(sigma, horizon)`` in a :func:`compare_products` result."""
    _check_result(result)
    sigma = check_range(sigma, "sigma", 0.0, 5.0)
    if isinstance(horizon, (bool, np.bool_)) or not isinstance(horizon, numbers.Real):
        raise InvalidTypeError(f"horizon must be one of the grid's horizons (days), got "
                               f"{format_value(horizon)} of type {type(horizon).__name__}")
    check_range(horizon, "horizon", 1, MAX_DAYS)
    si = np.flatnonzero(np.isclose(result["sigmas"], sigma))
    hi = np.flatnonzero(result["horizons"] == horizon)
    if si.size == 0:
        raise ValueError(f"sigma must be one of {result['sigmas'].tolist()}, got {sigma!r}")
    if hi.size == 0:
        raise ValueError(f"horizon must be one of the grid's horizons, got {horizon!r}")
    return int(si[0]), int(hi[0])


#: The lines of the probability panels: (statistic, product, label suffix, line style).
RISK_LINES = (
    ("p_zero", "margin", "liquidated", "-"),
    ("p_loss", "margin", "lost > 50 %", ":"),
    ("p_loss", "token", "lost > 50 %", "-"),
    ("p_loss", "threshold_token", "lost > 50 %", "--"),
    ("p_loss", "spot", "lost > 50 %", "-"),
)


def draw_risk_by_horizon(result: dict | None = None, sigmas=TABLE_SIGMAS):
    """Chance of a big loss (top) and median value (bottom) against the horizon, per volatility.

    One column per volatility of ``sigmas`` (each must be in ``result["sigmas"]``); ``result``
    defaults to :func:`comparison_grid`. Returns the Figure.
    """
    res = comparison_grid() if result is None else _check_result(result)
    sigmas = check_vector(sigmas, "sigmas", low=0.0, high=5.0)
    if sigmas.size > 20:
        raise ValueError(f"sigmas must hold at most 20 volatilities (one column each, as "
                         f"new_figure allows), got {sigmas.size}")
    cols = [grid_index(res, s, int(res["horizons"][0]))[0] for s in sigmas]
    days = res["horizons"]
    lev = f"{abs(res['settings']['leverage']):g}x"
    fig, axes = new_figure(2, len(cols), figsize=(11, 6.6), sharex=True, sharey="row")
    axes = np.asarray(axes).reshape(2, len(cols))
    for j, (col, s) in enumerate(zip(cols, sigmas)):
        top, bottom = axes[0, j], axes[1, j]
        for stat, name, what, style in RISK_LINES:
            top.plot(days, res[stat][name][col], style, color=COLORS[name], lw=2,
                     label=f"{res['labels'][name]}: {what}")
        for name in res["products"]:
            bottom.plot(days, res["median"][name][col], "--" if name == "threshold_token" else "-",
                        color=COLORS[name], lw=2, label=res["labels"][name])
        top.set_title(f"volatility {s:.0%}".replace("%", " %"))
        top.set_ylim(0, 1)
        bottom.set_ylim(0, 1.05)
        bottom.set_xlabel("horizon (days)")
        percent_axis(top, "y")
    axes[0, 0].set_ylabel("share of paths (%)")
    axes[1, 0].set_ylabel("median value (start = 1.0)")
    axes[0, 0].legend(loc="upper left", fontsize=8.5)
    axes[1, 0].legend(loc="lower left", fontsize=8.5)
    fig.suptitle(f"{lev}, simulated: the longer you hold, the likelier the margin position is "
                 f"liquidated and the token loses half", fontweight="bold")
    return fig


# ---------------------------------------------------------------------------------------------
# the live panel


@lru_cache(maxsize=2)
def _standard_normals(n_paths: int, days: int, seed: int) -> np.ndarray:
    """Seeded standard normals ``(n_paths, days)``, drawn once and kept (read-only)."""
    z = np.random.default_rng(seed).standard_normal((n_paths, days))
    z.setflags(write=False)
    return z


def panel_returns(sigma: float = DEFAULT_SIGMA, horizon: int = DEFAULT_HORIZON) -> np.ndarray:
    """Daily simple returns of the panel's paths, shape ``(PANEL_PATHS, horizon)``.

    The recipe of :func:`levtoken.paths.gbm_returns` with zero drift,
    ``expm1(−sigma²·dt/2 + sigma·√dt·z)`` with ``dt = 1/365``, on cached normals ``z``: only
    the scale changes with ``sigma``, so a redraw costs no new random numbers. For
    ``horizon = 365`` it equals ``gbm_returns(0, sigma, 365, PANEL_PATHS, seed=PANEL_SEED)``.
    """
    sigma = check_range(sigma, "sigma", 0.0, 5.0)
    horizon = _check_horizon(horizon)
    z = _standard_normals(PANEL_PATHS, MAX_HORIZON, PANEL_SEED)[:, :horizon]
    dt = 1.0 / DAYS_PER_YEAR
    return np.expm1(-0.5 * sigma**2 * dt + sigma * np.sqrt(dt) * z)


def _check_horizon(horizon) -> int:
    if isinstance(horizon, float) and horizon.is_integer():
        horizon = int(horizon)
    h = check_positive_int(horizon, "horizon")
    if h > MAX_HORIZON:
        raise ValueError(f"horizon must be in [1, {MAX_HORIZON}] days, got {h}")
    return h


def compute_outcomes(leverage: float = DEFAULT_LEVERAGE, sigma: float = DEFAULT_SIGMA,
                     horizon: int = DEFAULT_HORIZON,
                     maintenance_margin: float = DEFAULT_MAINTENANCE_MARGIN) -> dict:
    """Final values of spot, a daily token and a margin position on the panel's paths.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L`` of the token and the margin position (non-zero, ``|L| <= 10``).
    sigma : float
        Annualised volatility, ``0 <= sigma <= 5``.
    horizon : int
        Holding period in days, 1 to 365.
    maintenance_margin : float
        Maintenance margin rate of the margin position, ``0 <= m < 1/|L|``.

    Returns
    -------
    dict
        ``values`` (name → array of ``PANEL_PATHS`` final values, start 1.0), ``median``,
        ``p_loss`` (share with value < 0.5) and ``p_zero`` (share at exactly 0), name → float;
        ``p_liquidation`` (the margin position's ``p_zero``), ``liquidation_move``
        (``R_liq``), ``ruin_move`` (``−1/L``), and the arguments. Daily steps: a liquidation
        is seen at a day's close.
    """
    L = check_leverage(leverage)
    m = check_maintenance_margin(maintenance_margin, L)
    h = _check_horizon(horizon)
    returns = panel_returns(sigma, h)
    products = {"spot": Spot(), "token": LeveragedToken(L), "margin": MarginPosition(L, m)}
    values = {k: v[:, 0] for k, v in compare.values_at(products, returns, [h]).items()}
    s = compare.summarise(values)
    return {
        "leverage": L, "sigma": float(sigma), "horizon": h, "maintenance_margin": m,
        "n_paths": PANEL_PATHS, "values": values,
        "median": {k: float(v) for k, v in s["median"].items()},
        "p_loss": {k: float(v) for k, v in s["p_loss"].items()},
        "p_zero": {k: float(v) for k, v in s["p_zero"].items()},
        "p_liquidation": float(s["p_zero"]["margin"]),
        "liquidation_move": theory.liquidation_move(L, m),
        "ruin_move": theory.ruin_move(L),
    }


def _panel_labels(leverage: float) -> dict:
    lev = f"{abs(leverage):g}x"
    side = "" if leverage > 0 else " short"
    return {"spot": "spot", "token": f"daily {lev}{side} token",
            "margin": f"{lev}{side} margin position"}


def _pct(x: float) -> str:
    """``0.358`` → ``"35.8 %"`` (the book writes a space before %)."""
    return f"{100 * x:.1f} %"


def value_bins(values: dict) -> np.ndarray:
    """Histogram edges: 60 bins from 0 to the 99th percentile of all values, rounded up to a
    multiple of 0.5 and kept in ``[1.5, 3]``."""
    if not isinstance(values, dict) or not values:
        raise TypeError(f"values must be a non-empty dict of name to array, got {type(values).__name__}")
    data = np.concatenate([np.ravel(check_array(v, f"values[{k!r}]", low=0.0))
                           for k, v in values.items()])
    if data.size == 0:
        raise ValueError("values must hold at least one value, got only empty arrays")
    top = np.quantile(data, 0.99)
    top = float(np.clip(np.ceil(top * 2) / 2, 1.5, 3.0))
    return np.linspace(0.0, top, 61)


def draw_outcomes(leverage: float = DEFAULT_LEVERAGE, sigma: float = DEFAULT_SIGMA,
                  horizon: int = DEFAULT_HORIZON,
                  maintenance_margin: float = DEFAULT_MAINTENANCE_MARGIN):
    """Histogram of final values of spot, token and margin position; returns the Figure.

    Every path is counted (values beyond the last edge in the last bin, liquidated positions
    at 0 in the first). The legend gives each product's median and its chance of a big loss
    (margin: liquidated; others: lost more than half). When the margin position's bar at 0 is
    far taller than the rest, it is cut at the top of the axes and labelled.
    """
    res = compute_outcomes(leverage, sigma, horizon, maintenance_margin)
    labels = _panel_labels(res["leverage"])
    bins = value_bins(res["values"])
    # one axes with fixed margins, not new_figure's constrained layout: a redraw must stay
    # well under 100 ms
    use_book_style()
    fig, ax = plt.subplots(figsize=(7.5, 4.4))
    fig.subplots_adjust(left=0.11, right=0.98, top=0.86, bottom=0.12)
    n = res["n_paths"]
    shares = {}
    for name in _PANEL_PRODUCTS:
        v = np.minimum(res["values"][name], bins[-1])
        shares[name] = np.histogram(v, bins=bins)[0] / n
        risk = (f"liquidated {_pct(res['p_liquidation'])}" if name == "margin"
                else f"lost half {_pct(res['p_loss'][name])}")
        ax.stairs(shares[name], bins, color=COLORS[name], lw=2,
                  label=f"{labels[name]}: median {res['median'][name]:.2f}, {risk}")
    top = max(shares["spot"].max(), shares["token"].max(), shares["margin"][1:].max())
    top = min(max(1.3 * top, 0.01), 1.0)
    if shares["margin"][0] > top:
        ax.annotate(f"↑ liquidated:\n{_pct(res['p_liquidation'])} (bar cut)",
                    (bins[1], 0.97 * top), xytext=(4, 0), textcoords="offset points", va="top",
                    fontsize=9.5, color=COLORS["margin"], fontweight="bold")
    ax.set_ylim(0, top)
    ax.axvline(1.0, color="#444444", lw=0.8)
    ax.axvline(0.5, color="#444444", lw=0.8, ls="--")
    ax.set_xlabel(f"value at the horizon (start = 1.0; dashed: lost half; "
                  f"last bin: {bins[-1]:g} or more)")
    ax.set_ylabel("share of paths (%)")
    percent_axis(ax, "y", decimals=1 if top < 0.1 else 0)
    ax.set_xlim(0, bins[-1])
    ax.legend(loc="upper right", fontsize=9.5)
    ax.set_title(f"{res['horizon']} days at {_pct(res['sigma'])[:-4]} % volatility: margin "
                 f"position liquidated on {_pct(res['p_liquidation'])},\ndaily token lost more "
                 f"than half on {_pct(res['p_loss']['token'])} of the paths", fontsize=11.5,
                 loc="left")
    return fig


def comparison_panel():
    """Live panel: leverage, volatility, horizon, maintenance margin → outcomes and liquidations."""
    from . import leverage_slider, live_panel, slider

    controls = {
        "leverage": leverage_slider(DEFAULT_LEVERAGE, 1.0, 5.0, 0.5),
        "sigma": slider("volatility (per year)", DEFAULT_SIGMA, 0.1, 1.5, 0.05, percent=True),
        "horizon": slider("horizon (days)", float(DEFAULT_HORIZON), 1.0, float(MAX_HORIZON), 1.0,
                          fmt=".0f"),
        "maintenance_margin": slider("maintenance margin", DEFAULT_MAINTENANCE_MARGIN, 0.0,
                                     0.05, 0.001, fmt=".3f"),
    }
    controls["maintenance_margin"].readout_format = ".1%"

    def draw(leverage, sigma, horizon, maintenance_margin):
        return draw_outcomes(leverage, sigma, int(round(horizon)), maintenance_margin)

    return live_panel(controls, draw, "Token vs margin vs spot on the same simulated paths")


# ---------------------------------------------------------------------------------------------
# the static-HTML explorer


def _round(a, digits: int = 4) -> list:
    """Plain list rounded to ``digits`` decimals (keeps the page light)."""
    return np.round(np.asarray(a, dtype=float), digits).tolist()


def comparison_explorer(result: dict | None = None):
    """Static-HTML explorer: a volatility slider over the chapter's precomputed grid.

    Left: probability that the margin position has been liquidated, and that each product has
    lost more than half, against the horizon. Right: median value of each product. ``result``
    defaults to :func:`comparison_grid` (one slider step per volatility in it).
    """
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    res = comparison_grid() if result is None else _check_result(result)
    days = res["horizons"].tolist()
    lev = f"{abs(res['settings']['leverage']):g}x"
    lines = [  # (statistic, product, legend name, dash)
        ("p_zero", "margin", "margin: liquidated", "solid"),
        ("p_loss", "margin", "margin: lost > 50 %", "dot"),
        ("p_loss", "token", "daily token: lost > 50 %", "solid"),
        ("p_loss", "threshold_token", "threshold token: lost > 50 %", "dash"),
        ("p_loss", "spot", "spot: lost > 50 %", "solid"),
    ]
    steps = []
    for i, s in enumerate(res["sigmas"]):
        traces = [go.Scatter(x=days, y=_round(100 * res[stat][name][i], 2), name=label,
                             legendgroup=name, line=dict(color=COLORS[name], width=3, dash=dash),
                             hovertemplate="day %{x}: %{y:.1f} %<extra>" + label + "</extra>")
                  for stat, name, label, dash in lines]
        for name in res["products"]:
            label = f"median: {res['labels'][name]}"
            dash = "dash" if name == "threshold_token" else "solid"
            traces.append(go.Scatter(x=days, y=_round(res["median"][name][i]), name=label,
                                     legendgroup=name, showlegend=False, xaxis="x2", yaxis="y2",
                                     line=dict(color=COLORS[name], width=3, dash=dash),
                                     hovertemplate="day %{x}: %{y:.3f}<extra>" + label
                                     + "</extra>"))
        p_liq = res["p_zero"]["margin"][i, -1]
        p_tok = res["p_loss"]["token"][i, -1]
        title = (f"{lev}, volatility {100 * s:.0f} %: after {days[-1]} days the margin position "
                 f"is liquidated on {100 * p_liq:.0f} % of paths,<br>the daily token has lost "
                 f"more than half on {100 * p_tok:.0f} % (left: chance; right: median value)")
        steps.append(SliderStep(label=f"{100 * s:.0f} %", traces=traces, title=title))
    active = int(np.argmin(np.abs(res["sigmas"] - DEFAULT_SIGMA)))
    return slider_figure(steps, slider_label="Volatility (per year): ", active=active, layout=dict(
        height=620, margin=dict(l=70, r=20, t=130, b=40),
        title=dict(font=dict(size=14), y=0.97, yanchor="top"),   # clear of the legend
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0,
                    font=dict(size=12)),
        xaxis=dict(domain=[0.0, 0.45], title="horizon (days)", range=[0, days[-1] + 5]),
        yaxis=dict(title="share of paths (%)", range=[0, 101], ticksuffix=" %"),
        xaxis2=dict(domain=[0.56, 1.0], anchor="y2", title="horizon (days)",
                    range=[0, days[-1] + 5]),
        yaxis2=dict(anchor="x2", title="median value (start = 1.0)", range=[0, 1.05])))
