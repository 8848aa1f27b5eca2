"""Chapter 10 panels: what a daily-reset fund keeps when its underlying ends flat, with its costs.

The closed form of :func:`levtoken.funds.flat_decay` (:func:`levtoken.theory.continuous_decay`)
times the fund's running costs: a fund of leverage ``L`` on an underlying with volatility
``sigma`` that ends where it started keeps ``exp(−(L² − L)·σ²·T/2)`` of its value from the
daily resets, and ``exp(−(e + (L − 1)·f)·T)`` from an expense ratio ``e`` and financing ``f`` on
the exposure beyond its NAV (both per year, continuously compounded).
"""

from __future__ import annotations

import numpy as np

from levtoken import funds, theory
from levtoken.validation import check_leverage, check_range, check_sigma
from ..plots import COLORS, new_figure, percent_axis

#: Defaults shared by the live panel, the static view and the tests: a 2x fund on a stock with
#: 100 % volatility a year, MSTU's expense ratio (cited in the chapter) and an illustrative 5 %.
DEFAULT_LEVERAGE = 2.0
DEFAULT_SIGMA = 1.0
DEFAULT_YEARS = 1.0
DEFAULT_EXPENSE = funds.preset("mstu").product().expense_ratio_per_year
DEFAULT_FINANCING = 0.05
#: The explorer's grid of volatilities (per year).
EXPLORER_SIGMAS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5)


def compute_fund(leverage: float = DEFAULT_LEVERAGE, sigma: float = DEFAULT_SIGMA,
                 years: float = DEFAULT_YEARS, expense_ratio_per_year: float = DEFAULT_EXPENSE,
                 financing_rate_per_year: float = DEFAULT_FINANCING) -> dict:
    """What the fund keeps after ``years`` on a flat underlying: from decay, from costs, both.

    Returns ``decay`` (:func:`levtoken.funds.flat_decay`'s continuous form), ``costs``
    (``exp(−(e + (L − 1)·f)·T)``) and ``kept`` (their product), multiples of the start.
    """
    L = check_leverage(leverage)
    s = check_sigma(sigma)
    T = check_range(years, "years", 0.0, 100.0, low_open=True)
    e = check_range(expense_ratio_per_year, "expense_ratio_per_year", 0.0, 1.0, high_open=True)
    f = check_range(financing_rate_per_year, "financing_rate_per_year", -1.0, 1.0)
    decay = funds.flat_decay(L, s, T)["continuous"]
    costs = float(np.exp(-(e + (L - 1.0) * f) * T))
    return dict(leverage=L, sigma=s, years=T, decay=decay, costs=costs, kept=decay * costs)


def draw_fund(leverage: float = DEFAULT_LEVERAGE, sigma: float = DEFAULT_SIGMA,
              years: float = DEFAULT_YEARS, expense_ratio_per_year: float = DEFAULT_EXPENSE,
              financing_rate_per_year: float = DEFAULT_FINANCING):
    """The fund's value over time on a flat underlying: decay alone, and decay with costs."""
    res = compute_fund(leverage, sigma, years, expense_ratio_per_year, financing_rate_per_year)
    L = res["leverage"]
    t = np.linspace(0.0, res["years"], 200)
    decay = theory.continuous_decay(L, res["sigma"], t)
    cost = np.exp(-(expense_ratio_per_year + (L - 1.0) * financing_rate_per_year) * t)
    fig, ax = new_figure()
    ax.plot(t, np.ones_like(t), color=COLORS["spot"], lw=2, label="the underlying (ends flat)")
    ax.plot(t, decay, color=COLORS["naive"], lw=2, ls="--", label=f"{L:g}x fund, decay only")
    ax.plot(t, decay * cost, color=COLORS["token"], lw=2.5,
            label=f"{L:g}x fund, decay and costs")
    ax.set_title(f"{L:g}x at {res['sigma']:.0%} volatility: keeps {res['kept']:.0%} after "
                 f"{res['years']:g} year{'s' if res['years'] != 1 else ''}")
    ax.set_xlabel("years held")
    ax.set_ylabel("value kept (start = 100 %)")
    ax.set_ylim(0, 1.05)
    percent_axis(ax, "y")
    ax.legend(loc="lower left")
    return fig


def fund_panel():
    """Live panel: leverage, volatility, years, expense ratio and financing → value kept."""
    from . import leverage_slider, live_panel, slider

    controls = {
        "leverage": leverage_slider(DEFAULT_LEVERAGE, -3.0, 3.0),
        "sigma": slider("volatility a year", DEFAULT_SIGMA, 0.1, 2.0, 0.05, percent=True),
        "years": slider("years held", DEFAULT_YEARS, 0.25, 3.0, 0.25, fmt=".2f"),
        "expense_ratio_per_year": slider("expense ratio a year", DEFAULT_EXPENSE, 0.0, 0.03,
                                         0.0005, fmt=".2%"),
        "financing_rate_per_year": slider("financing a year", DEFAULT_FINANCING, 0.0, 0.15,
                                          0.005, fmt=".1%"),
    }
    return live_panel(controls, draw_fund, "A daily-reset fund on a flat underlying")


def flat_explorer():
    """Static-HTML explorer: the share a 1x, 2x and 3x daily fund keeps over three years on a
    flat underlying (decay only), one slider position per volatility of the grid."""
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    t = np.linspace(0.0, 3.0, 121)
    steps = []
    for s in EXPLORER_SIGMAS:
        traces = [go.Scatter(x=t, y=100 * theory.continuous_decay(L, s, t), name=f"{L:g}x fund",
                             line=dict(color=c, width=3, dash=d))
                  for L, c, d in ((1.0, COLORS["spot"], "solid"), (2.0, COLORS["token"], "solid"),
                                  (3.0, COLORS["threshold_token"], "dash"))]
        kept2 = funds.flat_decay(2.0, s, 1.0)["continuous"]
        steps.append(SliderStep(label=f"{s:.0%}", traces=traces,
                                title=f"At {s:.0%} volatility a 2x fund keeps {kept2:.0%} "
                                      f"of its value in a flat year"))
    return slider_figure(steps, slider_label="Volatility a year: ",
                         active=EXPLORER_SIGMAS.index(DEFAULT_SIGMA), layout=dict(
                             xaxis=dict(title="years held, the underlying ending flat"),
                             yaxis=dict(title="value kept (start = 100 %)", ticksuffix=" %",
                                        range=[0, 105])))
