"""Chapter 2 panels: a week of daily rebalancing, step by step (trade = (L² − L)·r·N).

Money is counted per 100 of starting NAV, so a 3x token's trade after a +5 % first day reads 30.
"""

from __future__ import annotations

import numpy as np

import matplotlib.pyplot as plt

from ..plots import COLORS, use_book_style
from levtoken.rebalancing import PRESETS, rebalance_table, week_returns
from levtoken.validation import check_choice, check_leverage, check_range

#: Defaults shared by the live panel, the static view and the tests.
DEFAULT_LEVERAGE = 3.0
DEFAULT_PRESET = "chapter's week"
DEFAULT_SEED = 2
DEFAULT_NAV = 100.0
#: Seeds offered by the panel for the simulated week.
SEED_RANGE = (0, 50)
#: The grid of the static-HTML explorer (0 is not a leverage; 1x is spot and never trades).
EXPLORER_LEVERAGES = (-3.0, -2.0, -1.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0)


def _check_inputs(leverage, preset, seed):
    check_leverage(leverage)
    check_choice(preset, "preset", tuple(PRESETS))
    check_range(seed, "seed", SEED_RANGE[0], SEED_RANGE[1])
    if int(seed) != seed:
        raise ValueError(f"seed must be a whole number in [{SEED_RANGE[0]}, {SEED_RANGE[1]}], "
                         f"got {seed!r}")


def compute_week(leverage: float = DEFAULT_LEVERAGE, preset: str = DEFAULT_PRESET,
                 seed: int = DEFAULT_SEED, nav: float = DEFAULT_NAV) -> dict:
    """A week of a daily token: the rebalancing table and its totals.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L`` (non-zero, ``|L| <= 10``).
    preset : str
        A week of :data:`levtoken.rebalancing.PRESETS`.
    seed : int
        Seed of the simulated week (used by ``"seeded random week"`` only), in ``SEED_RANGE``.
    nav : float
        Starting NAV (money units; 100 gives "per 100 of NAV").

    Returns
    -------
    dict
        ``returns`` (daily moves), ``table`` (:class:`~levtoken.rebalancing.RebalanceTable`),
        ``buys`` / ``sells`` (number of days), ``total_traded`` (Σ|trade|), ``final_nav``,
        ``spot_final`` (the underlying's price multiple × ``nav``), ``with_the_move`` (True when
        every trade has the sign of that day's move).
    """
    _check_inputs(leverage, preset, seed)
    r = week_returns(preset, seed=int(seed))
    table = rebalance_table(float(leverage), r, nav=nav)
    trades = table.trade
    moving = (np.abs(trades) > 1e-12) & (r != 0)
    return {
        "leverage": float(leverage), "preset": preset, "seed": int(seed),
        "returns": r, "table": table,
        "buys": int((trades > 1e-12).sum()), "sells": int((trades < -1e-12).sum()),
        "total_traded": table.total_traded, "final_nav": float(table.nav_end[-1]),
        "spot_final": float(nav * np.prod(1.0 + r)),
        "with_the_move": bool(np.all(np.sign(trades[moving]) == np.sign(r[moving]))),
    }


def draw_week(leverage: float = DEFAULT_LEVERAGE, preset: str = DEFAULT_PRESET,
              seed: int = DEFAULT_SEED):
    """Two panels: exposure drifting and being reset each day; trades and traded notional."""
    res = compute_week(leverage, preset, seed)
    t = res["table"]
    days = np.arange(len(t) + 1)
    L = res["leverage"]
    # fixed margins, not the constrained layout of new_figure: a redraw must stay < 100 ms
    use_book_style()
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True, figsize=(7.5, 5.6))
    fig.subplots_adjust(left=0.11, right=0.98, top=0.87, bottom=0.14, hspace=0.3)
    after = np.concatenate([[L * t.nav0], t.exposure_after])
    colour = COLORS["token"] if L > 0 else COLORS["inverse"]
    # few artists, no annotations: a redraw must stay well under 100 ms
    drift_x = np.column_stack([days[:-1], days[1:], np.full(len(t), np.nan)]).ravel()
    drift_y = np.column_stack([after[:-1], t.exposure_before, np.full(len(t), np.nan)]).ravel()
    top.plot(drift_x, drift_y, ":", color=colour, lw=1.2)         # drift during the day
    top.vlines(days[1:], t.exposure_before, t.exposure_after, color=colour, lw=2.2)  # trade
    top.plot(days[1:], t.exposure_before, "o", mfc="white", color=colour, ms=6,
             label="exposure before the rebalance (drifted)")
    top.plot(days, after, "o", color=colour, ms=6, label=f"exposure after ({L:+g} × NAV)")
    top.set_ylabel("exposure (per 100 of NAV)")
    fig.suptitle(f"{L:+g}x, {preset}: bought on {res['buys']} days, sold on {res['sells']}; "
                 f"traded {res['total_traded']:.0f}", fontweight="bold", fontsize=12)
    top.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=9)

    bottom.bar(days[1:], t.trade, color=colour, width=0.6,
               label="trade at the close (+ buy, − sell)")
    bottom.plot(days, np.concatenate([[0.0], t.cumulative_traded]), "-", color=COLORS["theory"],
                lw=1.5, label="cumulative traded notional")
    bottom.axhline(0, color="#444444", lw=0.8)
    bottom.set_xlabel("day, and the underlying's move that day")
    bottom.set_ylabel("notional (per 100 of NAV)")
    bottom.set_xticks(days, ["0"] + [f"{d}\n{r:+.1%}" for d, r in
                                     zip(days[1:], res["returns"])])
    bottom.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=9)
    return fig


def week_panel():
    """Live panel: leverage, week and seed → exposure before/after, trades, traded notional."""
    import ipywidgets as widgets

    from . import leverage_slider, live_panel

    controls = {
        "leverage": leverage_slider(DEFAULT_LEVERAGE, -3.0, 5.0),
        "preset": widgets.Dropdown(options=list(PRESETS), value=DEFAULT_PRESET,
                                   description="week", style={"description_width": "initial"}),
        "seed": widgets.IntSlider(value=DEFAULT_SEED, min=SEED_RANGE[0], max=SEED_RANGE[1],
                                  description="seed (random week)", continuous_update=False,
                                  style={"description_width": "initial"}),
    }

    return live_panel(controls, draw_week, "A week of rebalancing")


def _round(a, digits: int = 5):
    """Round to ``digits`` significant digits (keeps the page light)."""
    a = np.asarray(a, dtype=float)
    return np.array([float(f"{x:.{digits}g}") for x in a])


def trades_explorer(preset: str = DEFAULT_PRESET, seed: int = DEFAULT_SEED):
    """Static-HTML explorer: one week's daily trades and cumulative traded notional, by leverage.

    Two stacked panels with fixed ranges (so leverages compare at a glance): the trade at each
    close (bars, per 100 of starting NAV) and the running sum of ``|trade|`` (line).
    """
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    r = week_returns(preset, seed=seed)
    moves = [f"{x:+.1%}" for x in r]
    results = [compute_week(lev, preset, seed) for lev in EXPLORER_LEVERAGES]
    trade_lim = max(np.abs(res["table"].trade).max() for res in results) * 1.1
    cum_lim = max(res["total_traded"] for res in results) * 1.1
    steps = []
    for lev, res in zip(EXPLORER_LEVERAGES, results):
        t = res["table"]
        days = list(range(1, len(t) + 1))
        colour = COLORS["token"] if lev > 0 else COLORS["inverse"]
        traces = [
            go.Bar(x=days, y=_round(t.trade), name="trade at the close (+ buy, − sell)",
                   marker=dict(color=colour), customdata=moves,
                   hovertemplate="day %{x}: move %{customdata}, trade %{y:+.2f}<extra></extra>"),
            go.Scatter(x=[0] + days, y=[0.0] + list(_round(t.cumulative_traded)),
                       name="cumulative traded notional", mode="lines+markers",
                       line=dict(color=COLORS["theory"], width=2), xaxis="x2", yaxis="y2",
                       hovertemplate="after day %{x}: %{y:.1f} traded<extra></extra>"),
        ]
        if lev == 1:
            what = "spot: its leverage never drifts, it never trades"
        elif res["with_the_move"]:
            what = (f"buys after up days, sells after down days; traded "
                    f"{res['total_traded']:.0f} in a week")
        else:
            what = (f"trades against the move (L² − L < 0); traded {res['total_traded']:.0f} "
                    f"in a week")
        steps.append(SliderStep(label=f"{lev:+g}x", traces=traces, title=f"{lev:+g}x: {what}"))
    active = EXPLORER_LEVERAGES.index(DEFAULT_LEVERAGE)
    ticks = [f"day {d}<br>{m}" for d, m in enumerate(moves, start=1)]
    xrange = [-0.5, len(r) + 0.5]
    return slider_figure(steps, slider_label="Leverage: ", active=active, layout=dict(
        height=560, bargap=0.35,
        xaxis=dict(tickvals=list(range(1, len(r) + 1)), ticktext=ticks, range=xrange,
                   anchor="y"),
        yaxis=dict(title="trade (per 100 of NAV)", range=[-trade_lim, trade_lim],
                   domain=[0.5, 1.0]),
        xaxis2=dict(title="day", range=xrange,
                    tickvals=list(range(len(r) + 1)), anchor="y2", matches="x"),
        yaxis2=dict(title="traded so far", range=[0, cum_lim], domain=[0.0, 0.38])))
