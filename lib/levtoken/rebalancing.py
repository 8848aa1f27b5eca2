"""Rebalancing, step by step: day-by-day tables, example weeks and intraday days.

A token with target leverage ``L`` and NAV ``N`` holds exposure ``L·N``. After a move ``r`` the
exposure has drifted to ``L·N·(1 + r)`` while the target is ``L·N·(1 + L·r)``; the rebalance
trades the difference (the notation page, Cheng & Madhavan 2009)::

    trade = (L² − L)·r·N        (quote-currency units, + = buy)

This module turns :meth:`levtoken.LeveragedToken.simulate` into a readable table
(:func:`rebalance_table`), provides example weeks of daily moves (:func:`week_returns`) and
the intraday days used to compare daily with threshold rebalancing (:func:`equal_steps`,
:func:`dip_and_recover`, :func:`compare_day`). numpy only (no pandas).

Examples
--------
>>> from levtoken.rebalancing import rebalance_table
>>> table = rebalance_table(3, [0.05, -0.04], nav=100)
>>> table.trade.round(6).tolist()
[30.0, -27.6]
>>> table.side
('buy', 'sell')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import paths
from .products import LeveragedToken, Spot
from .rules import move_for_leverage  # noqa: F401  (re-exported: the rules live in levtoken.rules)
from .validation import check_choice, check_count, check_days_per_year, check_seed, check_sigma, finite_result, check_leverage, check_positive_int, check_range, check_returns

__all__ = [
    "CHAPTER_WEEK",
    "PRESETS",
    "RebalanceTable",
    "rebalance_table",
    "week_returns",
    "equal_steps",
    "dip_and_recover",
    "compare_day",
]

#: A hand-chosen (illustrative) week of daily moves of the underlying: two up days, two down
#: days, then a mixed finish (the preset ``"chapter's week"``).
CHAPTER_WEEK = (0.05, 0.03, -0.04, -0.06, 0.02, -0.01, 0.04)

#: Named example weeks (simple daily returns); the random one is simulated (GBM, seeded).
PRESETS = {
    "chapter's week": "the chapter's hand-chosen week: +5 %, +3 %, −4 %, −6 %, +2 %, −1 %, +4 %",
    "seeded random week": "a simulated week: geometric Brownian motion, 80 % a year, seeded",
    "trend up": "a steady climb: +3 % every day",
    "chop": "a flat, choppy week: +6 % then −5.66 %, back and forth",
    "crash": "a falling week: −5 %, −12 %, −8 %, +3 %, −10 %, +2 %, −4 %",
}

_FIXED_WEEKS = {
    "chapter's week": CHAPTER_WEEK,
    "trend up": (0.03,) * 7,
    "chop": tuple(paths.sideways(0.06, cycles=4)[:7]),
    "crash": (-0.05, -0.12, -0.08, 0.03, -0.10, 0.02, -0.04),
}


@finite_result
def week_returns(preset: str = "chapter's week", *, seed: int = 2, sigma: float = 0.8,
                 days: int = 7, days_per_year: float = paths.DAYS_PER_YEAR) -> np.ndarray:
    """Daily simple returns of one of the example weeks of :data:`PRESETS`.

    Parameters
    ----------
    preset : str
        A key of :data:`PRESETS`. The fixed weeks have 7 days (``days`` is ignored for them).
    seed : int
        Seed of the ``"seeded random week"`` (same seed, same week); ignored otherwise.
    sigma : float
        Annualised volatility of the random week (365-day year), ``0 <= sigma <= 5``.
    days : int
        Length of the random week in days, ``1 <= days <= 36500``.
    days_per_year : float
        Days in a year used to scale ``sigma`` to a day, in ``[1, 366]``.

    Returns
    -------
    ndarray, shape (T,)
        Simple daily returns, a fresh array.

    Examples
    --------
    >>> week_returns("trend up").tolist()
    [0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03]
    >>> bool((week_returns("seeded random week", seed=1) == week_returns("seeded random week",
    ...                                                                   seed=1)).all())
    True
    """
    check_choice(preset, "preset", tuple(PRESETS))
    seed = check_seed(seed)
    sigma = check_sigma(sigma)            # checked even when the preset ignores them
    days = check_count(days, "days")
    days_per_year = check_days_per_year(days_per_year)
    if preset == "seeded random week":
        return paths.gbm_returns(mu=0.0, sigma=sigma, days=days, n_paths=1, seed=seed,
                                 days_per_year=days_per_year)[0]
    return np.array(_FIXED_WEEKS[preset], dtype=float)


@dataclass(frozen=True)
class RebalanceTable:
    """A token's rebalancing, one row per step (a day for a daily token).

    Money columns are in the units of the starting NAV ``nav0`` (100 by default: "per 100 of
    NAV"). For a step ``t`` with underlying move ``move[t]``:

    * ``nav_start`` — NAV before the move; ``nav_end`` — NAV after the move (and after any costs);
    * ``exposure_before`` — the drifted exposure just before the rebalance, ``L·N·(1 + r)``;
    * ``exposure_after`` — the exposure after the rebalance, ``L·nav_end`` (equal to
      ``exposure_before`` at a step without a rebalance, 0 once ruined);
    * ``trade = exposure_after − exposure_before``, ``(L² − L)·r·N`` without costs; ``+`` buys;
    * ``leverage_before = exposure_before / nav_end`` — the leverage the move left behind
      (``L·(1 + r)/(1 + L·r)``; 0 once the NAV is 0: a ruined token holds nothing);
    * ``cumulative_traded`` — running sum of ``|trade|``;
    * ``side`` — ``"buy"``, ``"sell"``, ``"hold"`` (no trade) or ``"ruined"``.

    ``rows()`` gives a list of dicts, ``text_rows()`` the formatted cells and ``str(table)`` a
    plain-text table.
    """

    leverage: float
    nav0: float
    step: np.ndarray
    move: np.ndarray
    nav_start: np.ndarray
    nav_end: np.ndarray
    exposure_before: np.ndarray
    exposure_after: np.ndarray
    trade: np.ndarray
    leverage_before: np.ndarray
    cumulative_traded: np.ndarray
    rebalanced: np.ndarray
    side: tuple

    COLUMNS = ("step", "move", "nav_start", "exposure_before", "leverage_before", "trade",
               "side", "exposure_after", "nav_end", "cumulative_traded")
    HEADERS = ("day", "move", "NAV start", "exposure before", "leverage before", "trade",
               "side", "exposure after", "NAV end", "traded so far")

    def __len__(self) -> int:
        return len(self.step)

    @property
    def total_traded(self) -> float:
        """Total traded notional ``Σ|trade|`` (units of ``nav0``)."""
        return float(self.cumulative_traded[-1])

    def rows(self) -> list[dict]:
        """One dict per step, keys :attr:`COLUMNS` (plain Python numbers and strings)."""
        out = []
        for i in range(len(self)):
            row = {}
            for col in self.COLUMNS:
                v = getattr(self, col)[i]
                row[col] = v if isinstance(v, str) else (int(v) if col == "step" else float(v))
            out.append(row)
        return out

    def text_rows(self) -> list[list[str]]:
        """The cells of each step as text, in the order of :attr:`HEADERS`: the move in percent,
        money with two decimals, trades signed, leverage as ``3.00x`` (``–`` once ruined)."""
        return [self._cells(i) for i in range(len(self))]

    def _cells(self, i: int) -> list[str]:
        lev = self.leverage_before[i]
        return [f"{int(self.step[i])}", f"{self.move[i]:+.1%}", f"{self.nav_start[i]:.2f}",
                f"{self.exposure_before[i]:.2f}", "–" if self.nav_end[i] <= 0 else f"{lev:.2f}x",
                f"{self.trade[i]:+.2f}", self.side[i], f"{self.exposure_after[i]:.2f}",
                f"{self.nav_end[i]:.2f}", f"{self.cumulative_traded[i]:.2f}"]

    def __str__(self) -> str:
        table = [list(self.HEADERS)] + self.text_rows()
        widths = [max(len(r[j]) for r in table) for j in range(len(self.HEADERS))]
        return "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in table)

    def _repr_pretty_(self, printer, cycle) -> None:
        """IPython shows the plain-text table (not the dataclass's arrays)."""
        printer.text(str(self))


@finite_result
def rebalance_table(token, returns, nav: float = 100.0) -> RebalanceTable:
    """Day-by-day (step-by-step) rebalancing table of one token on one path.

    Runs ``token.simulate(returns)`` and rescales it to a starting NAV ``nav``. Without costs the
    trade at each daily rebalance is ``(L² − L)·r·N`` (N the NAV at the start of the day).

    Parameters
    ----------
    token : LeveragedToken or float
        The token, or a leverage ``L`` for a plain daily token ``LeveragedToken(L)``.
    returns : array_like, shape (T,)
        Simple returns of the underlying, one path (finite, ``> -1``).
    nav : float
        Starting NAV in money units, ``0 < nav <= 1e12``; 100 gives "per 100 of NAV".

    Returns
    -------
    RebalanceTable

    Examples
    --------
    >>> t = rebalance_table(3, [0.05], nav=100)
    >>> [round(float(x[0]), 9) for x in (t.exposure_before, t.exposure_after, t.trade)]
    [315.0, 345.0, 30.0]
    """
    if not isinstance(token, LeveragedToken):
        token = LeveragedToken(check_leverage(token, "token"))
    r = check_returns(returns)
    if r.ndim != 1:
        raise ValueError(f"returns must be one path (a 1-D array), got shape {r.shape}")
    nav0 = check_range(nav, "nav", 0.0, 1e12, low_open=True)
    sim = token.simulate(r)
    navs = sim.nav * nav0
    after = sim.exposure[1:] * nav0
    trade = sim.trades[1:] * nav0
    before = after - trade
    nav_end = navs[1:]
    alive = nav_end > 0
    lev_before = np.where(alive, before / np.where(alive, nav_end, 1.0), 0.0)
    rebal = sim.rebalanced[1:].copy()
    side = tuple("ruined" if n <= 0 else "buy" if t > 0 else "sell" if t < 0 else "hold"
                 for n, t in zip(nav_end, trade))
    return RebalanceTable(
        leverage=token.leverage, nav0=nav0, step=np.arange(1, len(r) + 1), move=r.copy(),
        nav_start=navs[:-1], nav_end=nav_end, exposure_before=before, exposure_after=after,
        trade=trade, leverage_before=lev_before, cumulative_traded=np.cumsum(np.abs(trade)),
        rebalanced=rebal, side=side)


@finite_result
def equal_steps(total_move: float, n_steps: int) -> np.ndarray:
    """``n_steps`` equal simple returns that compound to ``total_move``: ``(1 + R)^(1/n) − 1``.

    Examples
    --------
    >>> equal_steps(-0.36, 2).round(6).tolist()
    [-0.2, -0.2]
    """
    R = check_range(total_move, "total_move", -1.0, low_open=True)
    n = check_count(n_steps, "n_steps")
    return np.full(n, (1.0 + R) ** (1.0 / n) - 1.0)


@finite_result
def dip_and_recover(dip: float, steps_down: int, steps_up: int) -> np.ndarray:
    """A price that falls by ``dip`` in equal steps, then climbs back to where it started.

    ``dip`` is the (negative) total fall, e.g. ``-0.20``; the returns compound to exactly 0.

    Examples
    --------
    >>> r = dip_and_recover(-0.36, 2, 2)
    >>> r.round(6).tolist()
    [-0.2, -0.2, 0.25, 0.25]
    """
    d = check_range(dip, "dip", -1.0, 0.0, low_open=True, high_open=True)
    steps_down = check_count(steps_down, "steps_down")
    steps_up = check_count(steps_up, "steps_up")
    down = equal_steps(d, steps_down)
    up = equal_steps(1.0 / (1.0 + d) - 1.0, steps_up)
    return np.concatenate([down, up])


@finite_result
def compare_day(returns, leverage: float = 3.0, threshold: float = 0.10) -> dict:
    """One day of intraday steps: a daily-only token against a threshold token and spot.

    Both tokens see the same intraday steps (``steps_per_day = len(returns)``, one day). The
    daily-only token holds a fixed quantity all day (``NAV = 1 + L·R``, floored at 0); the
    threshold token also rebalances whenever ``|R| >= threshold`` since its last rebalance.

    Parameters
    ----------
    returns : array_like, shape (n,)
        Intraday simple returns of the underlying (one day, ``n`` steps).
    leverage : float
        Signed leverage ``L``.
    threshold : float
        Rebalancing threshold ``h`` in ``(0, 1/|L|)``.

    Returns
    -------
    dict
        ``spot``, ``daily``, ``threshold`` — NAV paths of shape ``(n + 1,)`` starting at 1;
        ``daily_end``, ``threshold_end`` — NAV at the end of the day; ``daily_ruined``;
        ``intraday_rebalances`` — how many times the threshold token rebalanced before the
        close; ``low`` — the day's lowest price (start = 1).

    Examples
    --------
    >>> day = compare_day([-0.12] * 4, leverage=3, threshold=0.10)
    >>> round(day["threshold_end"], 4), day["daily_end"], day["daily_ruined"]
    (0.1678, 0.0, True)
    """
    r = check_returns(returns)
    if r.ndim != 1:
        raise ValueError(f"returns must be one day (a 1-D array), got shape {r.shape}")
    n = len(r)
    daily = LeveragedToken(leverage, steps_per_day=n)
    thresh = LeveragedToken(leverage, steps_per_day=n, rebalance_threshold=threshold)
    sim = thresh.simulate(r)
    spot = Spot().nav(r)
    d = daily.nav(r)
    return {"spot": spot, "daily": d, "threshold": sim.nav,
            "daily_end": float(d[-1]), "threshold_end": float(sim.nav[-1]),
            "daily_ruined": bool(d[-1] <= 0.0),
            "intraday_rebalances": int(sim.rebalanced[1:-1].sum()),
            "low": float(spot.min())}
