"""Chapter 1 panels: one period of a leveraged token (NAV' = max(1 + L·r, 0))."""

from __future__ import annotations

import numpy as np

from levtoken import theory
from ..plots import COLORS, new_figure, percent_axis
from levtoken.validation import check_leverage, check_range

#: Defaults shared by the live panel, the static view and the tests.
DEFAULT_LEVERAGE = 3.0
DEFAULT_MOVE = 0.10
#: The grid of the static-HTML explorer (0 is not a leverage).
EXPLORER_LEVERAGES = (-5.0, -3.0, -2.0, -1.0, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0)
MOVES = np.linspace(-0.5, 0.5, 201)


def compute_one_period(leverage: float = DEFAULT_LEVERAGE, move: float = DEFAULT_MOVE) -> dict:
    """NAV after one rebalancing period for the token and for spot, both starting at 1.0.

    ``move`` is the underlying's simple return over the period; the token's NAV is
    ``max(1 + L·move, 0)`` (floored: a token cannot owe money), spot's is ``1 + move``.
    """
    check_leverage(leverage)
    check_range(move, "move", -1.0, None, low_open=True)
    token = max(1.0 + theory.one_period_return(leverage, move), 0.0)
    return {"leverage": float(leverage), "move": float(move), "token_nav": token,
            "spot_nav": 1.0 + float(move), "ruin_move": theory.ruin_move(leverage),
            "ruined": token == 0.0}


def draw_one_period(leverage: float = DEFAULT_LEVERAGE, move: float = DEFAULT_MOVE):
    """Payoff curve of the chosen leverage with the chosen move marked; returns the Figure."""
    res = compute_one_period(leverage, move)
    fig, ax = new_figure()
    ax.plot(MOVES, 1 + MOVES, color=COLORS["spot"], lw=2, label="spot")
    ax.plot(MOVES, np.maximum(1 + leverage * MOVES, 0), color=COLORS["token"], lw=2,
            label=f"{leverage:+g}x token")
    ax.plot([move], [res["token_nav"]], "o", color=COLORS["token"], ms=9)
    ax.plot([move], [res["spot_nav"]], "o", color=COLORS["spot"], ms=9)
    ruin = res["ruin_move"]
    if MOVES[0] <= ruin <= MOVES[-1]:
        ax.axvline(ruin, color=COLORS["token"], ls=":", lw=1.2)
        ax.annotate(f"ruin at {ruin:+.1%}", (ruin, 0.05), xytext=(4, 0),
                    textcoords="offset points", color=COLORS["token"])
    ax.set_title(f"Move {move:+.1%}: token NAV {res['token_nav']:.3f}, spot {res['spot_nav']:.3f}")
    ax.set_xlabel("underlying move within one rebalancing period (%)")
    ax.set_ylabel("NAV after the period (start = 1.0)")
    percent_axis(ax, "x")
    ax.set_ylim(-0.05, 2.6)
    ax.legend(loc="upper left")
    return fig


def one_period_panel():
    """Live panel: leverage and move → NAV after one period, token vs spot."""
    from . import leverage_slider, live_panel, slider

    controls = {
        "leverage": leverage_slider(DEFAULT_LEVERAGE, -5.0, 5.0),
        "move": slider("underlying move", DEFAULT_MOVE, -0.5, 0.5, 0.01, percent=True),
    }
    return live_panel(controls, draw_one_period, "One period of a leveraged token")


def payoff_explorer():
    """Static-HTML explorer: the one-period payoff for each leverage of the grid (a slider)."""
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    steps = []
    for lev in EXPLORER_LEVERAGES:
        token = np.maximum(1 + lev * MOVES, 0)
        ruin = theory.ruin_move(lev)
        ruin_x = [ruin] if MOVES[0] <= ruin <= MOVES[-1] else []
        traces = [
            go.Scatter(x=MOVES * 100, y=1 + MOVES, name="spot", line=dict(color=COLORS["spot"], width=3)),
            go.Scatter(x=MOVES * 100, y=token, name=f"{lev:+g}x token",
                       line=dict(color=COLORS["token"], width=3)),
            go.Scatter(x=[r * 100 for r in ruin_x], y=[0] * len(ruin_x), mode="markers",
                       name="ruin: NAV 0", marker=dict(symbol="x", size=14, color=COLORS["token"])),
        ]
        title = (f"{lev:+g}x: ruined by a move of {ruin:+.1%} within one period"
                 if ruin_x else f"{lev:+g}x: no move within ±50 % ruins it")
        steps.append(SliderStep(label=f"{lev:+g}x", traces=traces, title=title))
    active = EXPLORER_LEVERAGES.index(DEFAULT_LEVERAGE)
    return slider_figure(steps, slider_label="Leverage: ", active=active, layout=dict(
        xaxis=dict(title="underlying move within one rebalancing period (%)", ticksuffix=" %",
                   range=[-50, 50]),
        yaxis=dict(title="NAV after the period (start = 1.0)", range=[-0.05, 3.6])))
