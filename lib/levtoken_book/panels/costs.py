"""Chapter 5 panels: what a year in a token costs (fee, funding, slippage, decay) and the
break-even move of the underlying.

Everything drawn comes from :mod:`levtoken.costs` (closed forms checked against simulation) or,
for the static-HTML explorer, from :class:`levtoken.LeveragedToken` simulations on seeded
flat-market paths.
"""

from __future__ import annotations

import functools

import matplotlib.pyplot as plt
import numpy as np

from levtoken import costs, paths
from levtoken.validation import DAYS_PER_YEAR
from ..plots import COLORS, OKABE_ITO, percent_axis, use_book_style
from levtoken.products import LeveragedToken
from levtoken.validation import check_leverage, check_sigma

#: Defaults shared by the live panel, its static view and the tests.
DEFAULT_LEVERAGE = 3.0
DEFAULT_SIGMA = 0.8
DEFAULT_FEE = 0.0005          # 0.05 %/day: the level KuCoin's page gave (cited in the chapter)
DEFAULT_FUNDING = 0.0003      # 0.01 % per 8 hours all year: illustrative
DEFAULT_SLIPPAGE = 0.0005     # 5 basis points of traded notional: illustrative
#: Leverages the panel offers (only valid, non-zero values).
PANEL_LEVERAGES = (-3.0, -2.0, -1.0, 2.0, 3.0, 4.0, 5.0)

#: Colours of the four costs (Okabe–Ito) and of the total.
COST_COLORS = {
    "fee": OKABE_ITO["orange"],
    "funding": OKABE_ITO["bluish_green"],
    "slippage": OKABE_ITO["reddish_purple"],
    "decay": OKABE_ITO["vermillion"],
    "total": "#444444",
}
COST_LABELS = {"fee": "management fee", "funding": "funding", "slippage": "rebalancing slippage",
               "decay": "volatility decay", "total": "all four together"}

#: The explorer: a slider over the daily fee, the rest fixed.
EXPLORER_FEES = (0.0, 0.00005, 0.0001, 0.0002, 0.0003, 0.0005, 0.00075, 0.001, 0.0015, 0.002,
                 0.003, 0.005)
EXPLORER_LEVERAGE = 3.0
EXPLORER_SIGMA = 0.6
EXPLORER_FUNDING = 0.0003
EXPLORER_SLIPPAGE = 0.0005
EXPLORER_PATHS = 1000
EXPLORER_SEED = 2024


def compute_drag(leverage: float = DEFAULT_LEVERAGE, sigma: float = DEFAULT_SIGMA,
                 fee_per_day: float = DEFAULT_FEE, funding_per_day: float = DEFAULT_FUNDING,
                 slippage: float = DEFAULT_SLIPPAGE) -> dict:
    """One year of a daily token on a flat market: the drag of each cost and the break-even move.

    Returns a dict with ``breakdown`` (:class:`~levtoken.costs.DragBreakdown`), ``parts`` (the
    additive split of the total drag), ``drags`` (each cost alone), ``total``, ``multiple``
    (typical NAV after a flat year), ``break_even`` (the one-year move of the underlying that
    leaves the typical token at 1.0, :func:`~levtoken.costs.break_even_move`) and
    ``traded_per_day`` (expected traded notional per day, a fraction of NAV). Arguments are
    validated by :func:`levtoken.costs.annual_drag` (the message names the parameter).
    """
    d = costs.annual_drag(leverage, sigma, fee_per_day, funding_per_day, slippage)
    return {
        "breakdown": d,
        "parts": d.parts(),
        "drags": d.drags,
        "total": d.total,
        "multiple": d.multiple,
        "break_even": costs.break_even_move(leverage, sigma, fee_per_day, funding_per_day,
                                            slippage),
        "traded_per_day": costs.traded_notional_per_day(leverage, sigma),
    }


def _move_grid(break_even: float) -> np.ndarray:
    hi = min(max(1.5, 1.3 * break_even), 6.0)
    lo = max(min(-0.6, 1.3 * break_even), -0.95)
    return np.linspace(lo, hi, 241)


def draw_drag(leverage: float = DEFAULT_LEVERAGE, sigma: float = DEFAULT_SIGMA,
              fee_per_day: float = DEFAULT_FEE, funding_per_day: float = DEFAULT_FUNDING,
              slippage: float = DEFAULT_SLIPPAGE):
    """Left: the year's drag split into the four costs. Right: typical NAV after a year against
    the underlying's one-year move, with the break-even move marked. Returns the Figure."""
    res = compute_drag(leverage, sigma, fee_per_day, funding_per_day, slippage)
    # fixed margins, not new_figure's constrained layout (half of every redraw otherwise)
    use_book_style()
    # (no per-axes titles either: text layout is the slowest part of a redraw)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9.4, 4.0), width_ratios=(1, 1.15))
    fig.subplots_adjust(left=0.185, right=0.985, bottom=0.13, top=0.9, wspace=0.3)
    names = list(costs.COMPONENTS) + ["total"]
    values = [res["parts"][k] for k in costs.COMPONENTS] + [res["total"]]
    ypos = np.arange(len(names))[::-1]
    ax.barh(ypos, values, color=[COST_COLORS[k] for k in names], height=0.65)
    for y, v in zip(ypos, values):
        if v < 0:   # a gain (funding received by an inverse token): say so, right of zero
            ax.annotate(f"a gain of {-v:.1%}", (0.0, y), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=9.5)
        else:
            ax.annotate(f"{v:.1%}", (v, y), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=9.5)
    ax.set_yticks(ypos, [COST_LABELS[k] for k in names])
    ax.set_xlim(min(0.0, min(values) * 1.3), 1.18)
    ax.axvline(0, color="#444444", lw=0.8)
    percent_axis(ax, "x")
    ax.set_xlabel("share of NAV lost in one flat year (%)")

    moves = _move_grid(res["break_even"])
    nav = costs.typical_multiple(moves, leverage=leverage, sigma=sigma, fee_per_day=fee_per_day,
                                 funding_per_day=funding_per_day, slippage=slippage)
    ax2.plot(moves, 1 + moves, color=COLORS["spot"], lw=2, label="spot")
    ax2.plot(moves, nav, color=COLORS["token"], lw=2.2, label=f"{leverage:+g}x token (typical)")
    ax2.axhline(1.0, color=COLORS["naive"], ls="--", lw=1.2)
    be = res["break_even"]
    if moves[0] <= be <= moves[-1]:
        ax2.plot([be], [1.0], "o", ms=9, color=COLORS["highlight"], zorder=5,
                 label=f"break-even: {be:+.0%}")
    ax2.set_ylim(0, 3)
    percent_axis(ax2, "x")
    ax2.set_xlabel("underlying's move over the year (%)")
    ax2.set_ylabel("NAV after one year (start = 1.0)")
    ax2.legend(loc="upper left" if leverage > 0 else "upper right")
    fig.suptitle(f"{leverage:+g}x, volatility {sigma:.0%}: a flat year leaves NAV "
                 f"{res['multiple']:.2f}; the token breaks even at a {be:+.0%} move",
                 fontweight="bold", fontsize=11.5)
    return fig


def drag_panel():
    """Live panel: leverage, volatility, fee, funding and slippage → the year's drag and the
    break-even move."""
    import ipywidgets as widgets

    from . import live_panel, slider

    controls = {
        "leverage": widgets.SelectionSlider(
            options=[(f"{v:+g}x", v) for v in PANEL_LEVERAGES], value=DEFAULT_LEVERAGE,
            description="leverage L", continuous_update=False,
            style={"description_width": "initial"}, layout=widgets.Layout(width="330px")),
        "sigma": slider("volatility σ (per year)", DEFAULT_SIGMA, 0.0, 1.5, 0.05, percent=True),
        "fee_per_day": slider("fee per day", DEFAULT_FEE, 0.0, 0.005, 0.00005, fmt=".3%"),
        "funding_per_day": slider("funding per day", DEFAULT_FUNDING, -0.001, 0.001, 0.00005,
                                  fmt=".3%"),
        "slippage": slider("slippage per unit traded", DEFAULT_SLIPPAGE, 0.0, 0.005, 0.0001,
                           fmt=".2%"),
    }
    return live_panel(controls, draw_drag, "A year in a leveraged token: costs and break-even")


# ---------------------------------------------------------------------------------------------
# the static-HTML explorer


@functools.lru_cache(maxsize=4)
def _explorer_paths(sigma: float, n_paths: int, seed: int) -> np.ndarray:
    """Seeded flat-market paths for the explorer (cached: the same for every fee)."""
    return paths.bridge_returns(0.0, DAYS_PER_YEAR, sigma=sigma, n_paths=n_paths, seed=seed,
                                keep_variance=True)


def compute_fee_step(fee_per_day: float, leverage: float = EXPLORER_LEVERAGE,
                     sigma: float = EXPLORER_SIGMA, funding_per_day: float = EXPLORER_FUNDING,
                     slippage: float = EXPLORER_SLIPPAGE) -> dict:
    """One explorer step: closed-form parts of the year's drag, and two simulated NAV paths.

    ``calm`` is the token on a price that never moves (only fee and funding act: exact).
    ``volatile`` is the day-by-day median NAV over seeded simulated paths that end the year
    where they started, with annual volatility ``sigma`` and all four costs.
    """
    check_leverage(leverage)
    sigma = check_sigma(sigma)                  # a plain float: it is a cache key below
    d = costs.annual_drag(leverage, sigma, fee_per_day, funding_per_day, slippage)
    token = LeveragedToken(leverage, fee_per_day=fee_per_day, funding_per_day=funding_per_day,
                           slippage=slippage)
    calm = token.nav(np.zeros(DAYS_PER_YEAR))
    volatile = np.median(token.nav(_explorer_paths(sigma, EXPLORER_PATHS, EXPLORER_SEED)), axis=0)
    return {"breakdown": d, "parts": d.parts(), "calm": calm, "volatile": volatile}


def fee_explorer():
    """Static-HTML explorer: a slider over the daily fee; bars of the year's drag (left) and the
    token's NAV through a flat year, calm and volatile (right)."""
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    days = np.arange(DAYS_PER_YEAR + 1)
    keep = np.r_[days[::2], DAYS_PER_YEAR] if DAYS_PER_YEAR % 2 else days[::2]
    names = list(costs.COMPONENTS) + ["total"]
    labels = [COST_LABELS[k] for k in names][::-1]
    steps = []
    for fee in EXPLORER_FEES:
        res = compute_fee_step(fee)
        values = [res["parts"][k] for k in costs.COMPONENTS] + [res["breakdown"].total]
        values = np.round(values[::-1], 5)
        traces = [
            go.Bar(x=values * 100, y=labels, orientation="h", showlegend=False,
                   marker_color=[COST_COLORS[k] for k in names][::-1],
                   text=[f"{v:.1%}" for v in values], textposition="outside", cliponaxis=False,
                   hovertemplate="%{y}: %{x:.2f} %<extra></extra>", xaxis="x", yaxis="y"),
            go.Scatter(x=days[keep], y=np.round(res["calm"][keep], 5), xaxis="x2", yaxis="y2",
                       name="price never moves",
                       line=dict(color=COLORS["token"], width=3, dash="dot")),
            go.Scatter(x=days[keep], y=np.round(res["volatile"][keep], 5), xaxis="x2",
                       yaxis="y2", name=f"volatility {EXPLORER_SIGMA:.0%}, ends flat",
                       line=dict(color=COLORS["token"], width=3)),
        ]
        title = (f"Fee {fee:.3%}/day: the fee alone takes {res['breakdown'].fee:.1%} a year; "
                 f"all costs {res['breakdown'].total:.1%}")
        steps.append(SliderStep(label=f"{fee:.3%}", traces=traces, title=title))
    active = EXPLORER_FEES.index(DEFAULT_FEE)
    return slider_figure(steps, slider_label="Fee per day: ", active=active, layout=dict(
        height=520, margin=dict(l=150, r=30, t=90, b=40),
        xaxis=dict(domain=[0.0, 0.40], range=[0, 118], ticksuffix=" %",
                   title="NAV lost in a flat year"),   # short: it fits a phone's half width
        yaxis=dict(domain=[0.0, 1.0], anchor="x"),
        xaxis2=dict(domain=[0.53, 1.0], range=[0, DAYS_PER_YEAR], title="day", anchor="y2"),
        yaxis2=dict(domain=[0.0, 1.0], range=[0, 1.05], anchor="x2",
                    title="NAV of a 3x token (start = 1.0)"),
        # inside the right panel's empty top-right corner: a legend outside the plot area
        # would push the margin and leave the slider wider than the plots
        legend=dict(orientation="v", yanchor="top", y=0.99, xanchor="right", x=0.99,
                    bgcolor="rgba(255,255,255,0.85)")))
