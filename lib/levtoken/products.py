"""Products: spot, leveraged tokens and margin positions, simulated on return paths.

Every product is a frozen dataclass, validated when it is built, with two methods:

``product.nav(returns)``
    NAV path, shape ``(..., T + 1)``, ``nav[..., 0] == 1.0``.
``product.simulate(returns)``
    A :class:`Simulation`: the NAV plus exposure, trades, costs and flags along the way.

Conventions (the book's notation page): ``returns`` are **simple** returns of the underlying, one per step, a 1-D
array (one path, shape ``(T,)``) or 2-D ``(n_paths, T)`` (any leading shape works); they must be
numeric, finite and ``> -1``, with at least one step, and are never modified. Outputs keep the
leading shape. Leverage is signed: ``L = 3`` a 3x long, ``L = -3`` a 3x inverse (short).

Alignment of every step array (shape ``(..., T + 1)``, like ``nav``)::

    index 0        the opening state: nav 1.0, exposure L (1.0 for spot), trades 0, costs 0,
                   rebalanced False
    index t >= 1   the state after step t, i.e. after the underlying moved by returns[..., t-1]
                   and after any fee, funding and rebalance at that step

Examples
--------
>>> import numpy as np
>>> from levtoken import LeveragedToken, Spot
>>> r = np.array([0.05, -0.04])
>>> LeveragedToken(3).nav(r).round(6).tolist()
[1.0, 1.15, 1.012]
>>> Spot().nav(r).round(6).tolist()
[1.0, 1.05, 1.008]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import rules, theory
from .validation import (
    DAYS_PER_YEAR,
    MAX_MU,
    check_choice,
    check_count,
    check_days_per_year,
    check_fee,
    check_sigma,
    check_slippage,
    finite_power,
    check_bool,
    check_finite,
    check_funding,
    check_leverage,
    check_leverage_band,
    check_maintenance_margin,
    check_positive_int,
    check_range,
    check_returns,
    check_returns_range,
    check_returns_shape,
)

__all__ = ["Simulation", "Spot", "LeveragedToken", "MarginPosition", "CappedToken"]

from .rules import THRESHOLD_TOL  # noqa: E402  (re-exported; the rules live in levtoken.rules)

#: Memory layout of the general loop (``LeveragedToken._run``): time steps per chunk and
#: paths per block of the chunk transposes.
_TIME_CHUNK = 128
_ROW_BLOCK = 256

#: Values per block of :meth:`MarginPosition._fill` (bounds its temporaries).
_MARGIN_BLOCK = 65_536

#: Values per block of the costed daily fast path (fits a core's cache).
_FAST_BLOCK = 32_768


@dataclass(frozen=True)
class Simulation:
    """What happened to a product along one or many return paths.

    All step arrays have the shape of ``nav``, ``(..., T + 1)``, where ``(...)`` is the leading
    shape of ``returns`` (``()`` for a 1-D path, ``(n_paths,)`` for 2-D). Index 0 is the opening
    state; index ``t >= 1`` is the state after step ``t`` (the move ``returns[..., t-1]``) and
    after any fee, funding and rebalance at that step.

    Attributes
    ----------
    nav : ndarray, shape (..., T + 1)
        Net asset value, ``nav[..., 0] == 1.0``, never negative or NaN.
    exposure : ndarray, shape (..., T + 1)
        Signed notional exposure to the underlying after the step (after any rebalance):
        ``L·nav`` right after a rebalance, the drifted value of the held quantity between
        rebalances, 0 once ruined or liquidated. Index 0 is ``L`` (1.0 for spot).
    trades : ndarray, shape (..., T + 1)
        Signed notional traded at the step's rebalance, ``+`` = buy, 0 where none. Index 0 is 0
        (the opening purchase is not counted). Ruin and liquidation close-outs are not trades.
    costs : ndarray, shape (..., T + 1)
        Fee + funding + slippage paid at the step, in NAV units (negative when funding is
        received). Index 0 is 0.
    rebalanced : ndarray of bool, shape (..., T + 1)
        True where the product rebalanced at the step (index 0 is False).
    ruined : ndarray of bool, shape (...)
        True for paths whose NAV reached 0 (it then stays 0). For a margin position this is the
        same as ``liquidated``.
    liquidated : ndarray of bool, shape (...)
        True for margin positions closed by liquidation; always False for spot and tokens.
    """

    nav: np.ndarray
    exposure: np.ndarray
    trades: np.ndarray
    costs: np.ndarray
    rebalanced: np.ndarray
    ruined: np.ndarray
    liquidated: np.ndarray

    @property
    def final_nav(self) -> np.ndarray:
        """NAV after the last step, shape ``(...)`` (a 0-d array for one path)."""
        return self.nav[..., -1]

    @property
    def traded_notional(self) -> np.ndarray:
        """Total absolute traded notional per path, shape ``(...)``."""
        return np.abs(self.trades).sum(axis=-1)


# Helpers of the products' loops, shared with levtoken.funds (package-internal: not in __all__).

def overflow_error(what: str = "the NAV") -> ValueError:
    """The error of a path that compounds beyond the float range."""
    return ValueError(f"returns compound beyond the float range ({what} exceeds 1.8e308): "
                      "use smaller returns or fewer steps")


def prepare_returns(returns) -> tuple[np.ndarray, tuple[int, ...]]:
    """Validated returns as a 2-D float array ``(n, T)`` and the leading shape to restore."""
    r = check_returns(returns)
    lead = r.shape[:-1]
    return r.reshape(-1, r.shape[-1]), lead


def restore_shape(a: np.ndarray, lead: tuple[int, ...]) -> np.ndarray:
    """An ``(n, T + 1)`` array back to ``lead + (T + 1,)``."""
    return a.reshape(lead + (a.shape[-1],))


def _gather(src: np.ndarray, t0: int, m: int, dst: np.ndarray) -> None:
    """``dst[:m] = src[:, t0:t0 + m].T``, copied a block of paths at a time (cache friendly)."""
    for i in range(0, src.shape[0], _ROW_BLOCK):
        np.copyto(dst[:m, i:i + _ROW_BLOCK], src[i:i + _ROW_BLOCK, t0:t0 + m].T)


def _scatter(src: np.ndarray, m: int, dst: np.ndarray, t0: int) -> None:
    """``dst[:, t0:t0 + m] = src[:m].T``, copied a block of paths at a time (cache friendly)."""
    for i in range(0, dst.shape[0], _ROW_BLOCK):
        np.copyto(dst[i:i + _ROW_BLOCK, t0:t0 + m], src[:m, i:i + _ROW_BLOCK].T)


class _Product:
    """Shared docs for ``nav``/``simulate``; subclasses implement them."""

    def nav(self, returns) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def simulate(self, returns) -> Simulation:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True)
class Spot(_Product):
    """Holds the underlying: ``nav = cumprod(1 + r)`` with a leading 1.0.

    ``simulate`` gives ``exposure = nav`` (one unit of the underlying, leverage 1), no trades,
    no costs, never ruined or liquidated.

    Examples
    --------
    >>> Spot().nav([0.10, -1 / 11]).round(12).tolist()
    [1.0, 1.1, 1.0]
    """

    @property
    def label(self) -> str:
        return "spot"

    def nav(self, returns) -> np.ndarray:
        """NAV path ``(..., T + 1)``: ``nav[..., 0] = 1``, ``nav[..., t] = Π_{s<=t} (1 + r_s)``."""
        r = check_returns(returns)
        out = np.empty(r.shape[:-1] + (r.shape[-1] + 1,))
        out[..., 0] = 1.0
        g = out[..., 1:]
        np.add(r, 1.0, out=g)
        with np.errstate(over="ignore"):
            np.cumprod(g, axis=-1, out=g)
        if not np.isfinite(out[..., -1]).all():     # cumprod of factors > 0: inf stays inf
            raise overflow_error()
        return out

    def simulate(self, returns) -> Simulation:
        """:class:`Simulation` of holding spot (see the class docstring for the fields)."""
        nav = self.nav(returns)
        zeros = np.zeros_like(nav)
        flags = np.zeros(nav.shape[:-1], dtype=bool)
        return Simulation(
            nav=nav,
            exposure=nav.copy(),
            trades=zeros,
            costs=zeros.copy(),
            rebalanced=np.zeros(nav.shape, dtype=bool),
            ruined=np.asarray(nav[..., -1] <= 0.0),
            liquidated=flags,
        )


@dataclass(frozen=True)
class LeveragedToken(_Product):
    """A leveraged token: a fund that rebalances its exposure back to ``L × NAV``.

    Parameters
    ----------
    leverage : float
        Signed target leverage ``L``: 3 long, −3 inverse; non-zero, ``|L| <= 10``.
    fee_per_day : float
        Management fee per day, taken from NAV multiplicatively, ``0 <= f < 1``.
    funding_per_day : float
        Funding rate ``φ`` per day paid on notional: NAV loses ``L·φ·NAV`` a day (an inverse
        token receives it when ``φ > 0``); ``|L·φ| < 1``.
    steps_per_day : int
        Number of return steps that make one day (1: daily returns; 4: six-hour steps).
    rebalance_threshold : float or None
        ``h`` in ``(0, 1/|L|)``: also rebalance inside the day as soon as the cumulative move
        since the last rebalance reaches ``|R| >= h`` (compared with a 1e-12 tolerance). None:
        daily rebalancing only.
    threshold_side : {"both", "adverse"}
        Which moves trigger the threshold: ``"both"`` (``|R| >= h``, the default) or
        ``"adverse"``, only moves against the token (``L·R <= −h``: a fall for a long token, a
        rise for an inverse one), as the losing-side rules of some issuers did. Needs a
        ``rebalance_threshold``.
    slippage : float
        Cost per unit of traded notional at each rebalance, ``0 <= s <= 0.1``.
    leverage_band : (low, high) or None
        Also rebalance inside the day as soon as the token's actual leverage
        ``|L·(1 + R)/(1 + L·R)|`` (``R`` the cumulative underlying move since the last
        rebalance) reaches or leaves the band ``[low, high]`` (compared with a 1e-12 tolerance
        on ``R``). ``low`` may be None (no lower trigger); otherwise ``0 < low < |L|``;
        ``high`` finite, ``high > |L|``. FTX's 3x BULL and BEAR rebalanced at 4x, ``(None, 4)``:
        a −1/9 move for ``L = 3``, +1/15 for ``L = −3``; Bybit kept ``(2, 4)``. The band is
        stated in leverage, so it stays right when reused at another ``L``. None: no band.
    daily_rebalance : bool
        True (default): rebalance at every day end. False: rebalance only when the threshold or
        the band fires (needs one of them), as issuers that rebalanced "on need" did; fees and
        funding are still charged at every day end.

    Notes
    -----
    Step ``t`` moves the underlying by ``r_t``. Between rebalances the token holds a fixed
    quantity, so with ``R`` the cumulative move since the last rebalance (NAV ``N_reb`` there)

        NAV = N_reb · (1 + L·R)

    If that is ``<= 0`` the token is **ruined**: NAV 0 from then on, with no more trades or costs
    (never negative, never NaN).

    A day ends after every ``steps_per_day`` steps (steps with ``(t + 1) % steps_per_day == 0``,
    counting from 0). At a day end: ``NAV ← NAV·(1 − f)``, then ``NAV ← NAV·(1 − L·φ)``, then a
    rebalance. A threshold or band rebalance inside the day pays slippage but no fee or funding.
    A trailing partial day (``T`` not a multiple of ``steps_per_day``) gets no fee and no
    end-of-day rebalance. With ``daily_rebalance=False`` a day end charges the same fee and
    funding, ``NAV ← NAV·(1 − f)·(1 − L·φ)``, pro rata (the held quantity shrinks with NAV, so
    costs do not move the leverage), and rebalances only if the threshold or band fires.

    Triggers (checked after the move, on every step that is not a daily-rebalance day end):
    the threshold fires when ``|R| >= h`` (or only adverse moves, see ``threshold_side``); the
    band fires when ``R <= R_high`` or ``R >= R_low``, the moves at which the leverage reaches
    ``high`` or ``low``: with ``x = 1 + R``, ``|L·x/(1 + L·(x − 1))| = b`` at
    ``x = b·(L − 1)/(L·(b − 1))`` for ``L > 0`` and ``x = b·(1 − L)/(|L|·(1 + b))`` for
    ``L < 0`` (``b = 4``: ``R = −1/9`` for ``L = 3``, ``+1/15`` for ``L = −3``; ``b = 2``:
    ``R = +1/3`` for ``L = 3``). A bound the leverage can never reach (``low <= 1`` for
    ``L > 1``: the leverage of a long token only falls towards 1) never fires.

    Rebalance: exposure before ``= L·N_reb·(1 + R)``; target ``= L·NAV`` (NAV after fee and
    funding); ``trade = target − exposure before`` (+ = buy); slippage ``s·|trade|`` is taken
    from NAV (floored at 0, which ruins the token); exposure after ``= L·NAV``. Then
    ``N_reb ← NAV`` and ``R ← 0``. Without costs a one-day move ``r`` on NAV ``N`` trades
    ``(L² − L)·r·N`` (the notation page): long and inverse tokens both buy after up moves.

    With ``steps_per_day == 1`` and no threshold, :meth:`nav` is fully vectorised: per day::

        g = max(1 + L·r, 0)·(1 − f)·(1 − L·φ),   factor = max(g − s·|L|·|g − (1 + r)|, 0)

    and ``nav = [1, cumprod(factor)]`` (the trade is ``L·N·(g − (1 + r))``). Otherwise a loop over
    time steps runs, vectorised over paths. :meth:`simulate` always uses the loop; both agree.

    Examples
    --------
    >>> LeveragedToken(3).nav([0.05, -0.04]).round(6).tolist()
    [1.0, 1.15, 1.012]
    >>> LeveragedToken(-3).nav([0.10]).round(6).tolist()
    [1.0, 0.7]
    >>> LeveragedToken(3).simulate([0.05]).trades.round(6).tolist()
    [0.0, 0.3]
    """

    leverage: float = 3.0
    fee_per_day: float = 0.0
    funding_per_day: float = 0.0
    steps_per_day: int = 1
    rebalance_threshold: float | None = None
    slippage: float = 0.0
    threshold_side: str = "both"
    leverage_band: tuple | None = None
    daily_rebalance: bool = True

    def __post_init__(self):
        L = check_leverage(self.leverage)
        fee = check_fee(self.fee_per_day)
        phi = check_funding(self.funding_per_day, L)
        spd = check_count(self.steps_per_day, "steps_per_day")
        h = self.rebalance_threshold
        if h is not None:
            hv = check_finite(h, "rebalance_threshold")
            if not 0.0 < hv < 1.0 / abs(L):
                raise ValueError(
                    f"rebalance_threshold must be None or in (0, 1/|leverage|) = (0, {1 / abs(L):.6g}) "
                    f"for leverage {L:g}, got {hv!r}"
                )
            h = hv
        s = check_slippage(self.slippage)
        check_choice(self.threshold_side, "threshold_side", rules.THRESHOLD_SIDES)
        if self.threshold_side != "both" and h is None:
            raise ValueError(
                f"threshold_side={self.threshold_side!r} needs a rebalance_threshold, got None")
        band = check_leverage_band(self.leverage_band, L)
        daily = check_bool(self.daily_rebalance, "daily_rebalance")
        if not daily and h is None and band is None:
            raise ValueError(
                "daily_rebalance=False needs a rebalance_threshold or a leverage_band (otherwise "
                "the token would never rebalance), got rebalance_threshold=None, leverage_band=None")
        for name, value in [("leverage", L), ("fee_per_day", fee), ("funding_per_day", phi),
                            ("steps_per_day", spd), ("rebalance_threshold", h), ("slippage", s),
                            ("leverage_band", band), ("daily_rebalance", daily)]:
            object.__setattr__(self, name, value)

    def trigger_moves(self) -> tuple[float | None, float | None]:
        """The cumulative moves ``(fall, rise)`` that trigger an intraday rebalance.

        The token rebalances as soon as ``R <= fall`` or ``R >= rise`` (``R`` the cumulative
        underlying move since the last rebalance, simple return); None where nothing triggers on
        that side. Combines ``rebalance_threshold`` / ``threshold_side`` and ``leverage_band``
        (the earliest trigger wins): :func:`levtoken.rules.trigger_moves`.

        >>> round(LeveragedToken(3, leverage_band=(None, 4)).trigger_moves()[0], 12)  # −1/9
        -0.111111111111
        >>> [round(m, 12) for m in LeveragedToken(-3, leverage_band=(2, 4)).trigger_moves()]
        [-0.111111111111, 0.066666666667]
        """
        return rules.trigger_moves(self.leverage, self.rebalance_threshold, self.threshold_side,
                                   self.leverage_band)

    def _day_end_moves(self) -> tuple[float | None, float | None]:
        """The trigger moves checked at a day end without a daily rebalance: those of
        :meth:`trigger_moves`; a subclass may watch a tighter band there (a keeper that looks
        once a day, :class:`levtoken.funds.FlexibleLeverageToken`)."""
        return self.trigger_moves()

    @property
    def label(self) -> str:
        """Short name for legends: ``"3x long token"``, ``"3x inverse token"``."""
        return f"{abs(self.leverage):g}x {'long' if self.leverage > 0 else 'inverse'} token"

    @property
    def _fast(self) -> bool:
        return (self.steps_per_day == 1 and self.rebalance_threshold is None
                and self.leverage_band is None and self.daily_rebalance)

    def nav(self, returns) -> np.ndarray:
        """NAV path, shape ``(..., T + 1)``, ``nav[..., 0] == 1.0`` (see the class Notes)."""
        if self._fast:
            with np.errstate(over="ignore", invalid="ignore"):
                out = self._nav_fast(returns)
            # cumprod of factors >= 0: an overflow leaves inf or (inf·0) NaN in the last column
            if not np.isfinite(out[..., -1]).all():
                raise overflow_error()
            return out
        r2, lead = prepare_returns(returns)
        return restore_shape(self._run(r2, record=False)["nav"], lead)

    def simulate(self, returns) -> Simulation:
        """:class:`Simulation`: nav, exposure, trades, costs, rebalanced, ruined (per path).

        ``liquidated`` is all False (a token has no margin call; ruin is in ``ruined``).
        """
        r2, lead = prepare_returns(returns)
        out = self._run(r2, record=True)
        for key in ("exposure", "trades", "costs"):
            if not np.isfinite(out[key]).all():
                raise overflow_error(key)
        nav = restore_shape(out["nav"], lead)
        return Simulation(
            nav=nav,
            exposure=restore_shape(out["exposure"], lead),
            trades=restore_shape(out["trades"], lead),
            costs=restore_shape(out["costs"], lead),
            rebalanced=restore_shape(out["rebalanced"], lead),
            ruined=np.asarray(nav[..., -1] <= 0.0),
            liquidated=np.zeros(lead, dtype=bool),
        )

    # -- implementations -----------------------------------------------------------------------

    def _nav_fast(self, returns) -> np.ndarray:
        """Vectorised daily NAV (steps_per_day == 1, no trigger), any leading shape.

        Runs over blocks of rows small enough to stay in a core's cache, in place inside the
        output array (one allocation, plus one small scratch buffer when there is slippage). Each
        block is validated as it is read (finite, ``> −1``; the full check of
        :func:`~levtoken.validation.check_returns` raises the message); when no move of a block
        reaches the ruin move ``−1/L`` the ruin floor is skipped there (it would change nothing).
        """
        r = check_returns_shape(returns)
        L, s = self.leverage, self.slippage
        keep = (1.0 - self.fee_per_day) * (1.0 - L * self.funding_per_day)
        T = r.shape[-1]
        out = np.empty(r.shape[:-1] + (T + 1,))
        out[..., 0] = 1.0
        r2 = r.reshape(-1, T)
        o2 = out.reshape(-1, T + 1)
        rows = max(1, _FAST_BLOCK // T)
        scratch = np.empty((min(rows, r2.shape[0]), T)) if s else None
        sL = s * abs(L)
        for i in range(0, r2.shape[0], rows):
            j = min(r2.shape[0], i + rows)
            rb, g = r2[i:j], o2[i:j, 1:]
            lo, hi = rb.min(), rb.max()
            if not (lo > -1.0 and hi < np.inf):       # NaN fails both: the full check explains
                check_returns(returns)
            np.multiply(rb, L, out=g)
            g += 1.0
            if (L > 0 and 1.0 + L * lo <= 0.0) or (L < 0 and 1.0 + L * hi <= 0.0):
                np.maximum(g, 0.0, out=g)             # max(1 + L·r, 0): ruin floors at 0
            if keep != 1.0:
                g *= keep                             # (1 − f)·(1 − L·φ)
            if s:
                d = scratch[:j - i]
                np.subtract(g, rb, out=d)
                d -= 1.0                              # g − (1 + r): the trade per unit of L·N
                np.abs(d, out=d)
                d *= sL
                g -= d
                np.maximum(g, 0.0, out=g)
            np.cumprod(g, axis=-1, out=g)
        return out

    def _run(self, r: np.ndarray, record: bool) -> dict[str, np.ndarray]:
        with np.errstate(over="ignore", invalid="ignore"):
            return self._loop(r, record)

    def _loop(self, r: np.ndarray, record: bool) -> dict[str, np.ndarray]:
        """Loop over time steps, vectorised over paths.

        ``r`` is ``(n, T)``; every output is ``(n, T + 1)``. Ruined paths carry ``N_reb = 0``,
        so every later value computed for them (NAV, exposure, trade, cost) is exactly 0.

        Memory layout only: time is processed in chunks of ``_TIME_CHUNK`` steps, transposed
        into small time-major buffers (see :func:`_gather`), so that each step reads and writes
        contiguous rows instead of a column of the path-major arrays.
        """
        n, T = r.shape
        L, s, spd = self.leverage, self.slippage, self.steps_per_day
        keep = (1.0 - self.fee_per_day) * (1.0 - L * self.funding_per_day)
        fall, rise = self.trigger_moves()
        fall_tol = None if fall is None else fall + THRESHOLD_TOL   # fire when R <= fall_tol
        rise_tol = None if rise is None else rise - THRESHOLD_TOL   # fire when R >= rise_tol
        # the moves checked at a day end (the same unless a subclass watches more there)
        d_fall, d_rise = self._day_end_moves()
        d_fall_tol = None if d_fall is None else d_fall + THRESHOLD_TOL
        d_rise_tol = None if d_rise is None else d_rise - THRESHOLD_TOL
        daily = self.daily_rebalance

        B = min(_TIME_CHUNK, T)
        navs = np.empty((n, T + 1))
        navs[:, 0] = 1.0
        r_b = np.empty((B, n))                   # this chunk's returns, time-major
        nav_b = np.empty((B, n))                 # this chunk's NAVs
        if record:
            expo = np.empty((n, T + 1))
            trades = np.empty((n, T + 1))
            costs = np.empty((n, T + 1))
            rebal = np.empty((n, T + 1), dtype=bool)
            expo[:, 0], trades[:, 0], costs[:, 0], rebal[:, 0] = L, 0.0, 0.0, False
            expo_b, trades_b, costs_b = np.empty((B, n)), np.empty((B, n)), np.empty((B, n))
            rebal_b = np.empty((B, n), dtype=bool)

        n_reb = np.ones(n)       # NAV at the last rebalance (0 once ruined)
        R = np.zeros(n)          # cumulative underlying move since the last rebalance
        x = np.empty(n)          # 1 + L·R, the NAV multiple since the last rebalance
        tmp = np.empty(n)
        # L = 1: the NAV multiple is the gross move G = 1 + R itself; track it as a product,
        # because 1 + R loses relative precision when R is close to −1 (a near-total fall).
        G = np.ones(n) if L == 1.0 else None
        for t0 in range(0, T, B):
            m = min(B, T - t0)
            _gather(r, t0, m, r_b)
            if record:
                trades_b.fill(0.0)
                costs_b.fill(0.0)
                rebal_b.fill(False)
            for k in range(m):
                t = t0 + k
                rt = r_b[k]
                # R ← (1 + R)(1 + r) − 1 = R + r·(1 + R): exactly r on the step after a reset
                np.add(R, 1.0, out=tmp)
                tmp *= rt
                R += tmp
                if G is None:
                    np.multiply(R, L, out=x)
                    x += 1.0
                else:
                    np.add(rt, 1.0, out=tmp)
                    G *= tmp
                    x[:] = G
                if x.min() <= 0.0:                      # a move at or beyond −1/L: ruin
                    gone = x <= 0.0
                    x[gone] = 0.0
                    n_reb[gone] = 0.0
                    R[gone] = 0.0
                    if G is not None:
                        G[gone] = 1.0
                nav = nav_b[k]
                np.multiply(n_reb, x, out=nav)

                day_end = (t + 1) % spd == 0
                r_tol, f_tol = (d_rise_tol, d_fall_tol) if day_end else (rise_tol, fall_tol)
                if day_end and not daily and keep != 1.0:   # costs pro rata, no rebalance
                    if record:
                        costs_b[k] = nav
                    n_reb *= keep
                    np.multiply(n_reb, x, out=nav)
                    if record:
                        costs_b[k] -= nav
                if day_end and daily:                   # day end: fee, funding, rebalance (all paths)
                    post = nav * keep if keep != 1.0 else nav
                    if s or record:
                        held = L * n_reb * (1.0 + R)    # exposure before the rebalance
                        trade = L * post - held
                    if s:
                        new = post - s * np.abs(trade)
                        np.maximum(new, 0.0, out=new)
                    else:
                        new = post
                    if record:
                        trades_b[k] = trade
                        np.subtract(nav, new, out=costs_b[k])
                        np.greater(n_reb, 0.0, out=rebal_b[k])
                    n_reb = new.copy()
                    R.fill(0.0)
                    if G is not None:
                        G.fill(1.0)
                    if new is not nav:
                        nav[:] = new
                elif ((r_tol is not None and R.max() >= r_tol)
                      or (f_tol is not None and R.min() <= f_tol)):
                    hit = (R >= r_tol) if r_tol is not None else np.zeros(n, dtype=bool)
                    if f_tol is not None:
                        hit |= R <= f_tol
                    idx = np.flatnonzero(hit & (n_reb > 0.0))
                    post = nav[idx]
                    trade = L * post - L * n_reb[idx] * (1.0 + R[idx])
                    new = np.maximum(post - s * np.abs(trade), 0.0) if s else post
                    nav[idx] = new
                    n_reb[idx] = new
                    R[idx] = 0.0
                    if G is not None:
                        G[idx] = 1.0
                    if record:
                        trades_b[k, idx] = trade
                        costs_b[k, idx] += post - new
                        rebal_b[k, idx] = True
                if record:
                    np.add(R, 1.0, out=tmp)
                    tmp *= n_reb
                    np.multiply(tmp, L, out=expo_b[k])  # L·N_reb·(1 + R)
            _scatter(nav_b, m, navs, t0 + 1)
            if record:
                _scatter(expo_b, m, expo, t0 + 1)
                _scatter(trades_b, m, trades, t0 + 1)
                _scatter(costs_b, m, costs, t0 + 1)
                _scatter(rebal_b, m, rebal, t0 + 1)

        if not np.isfinite(navs).all():
            raise overflow_error()
        out = {"nav": navs}
        if record:
            out.update(exposure=expo, trades=trades, costs=costs, rebalanced=rebal)
        return out


@dataclass(frozen=True)
class MarginPosition(_Product):
    """A leveraged position opened once on margin 1 and never rebalanced (margin or perpetual).

    Parameters
    ----------
    leverage : float
        Signed leverage ``L`` at opening (notional ``L`` on margin 1); non-zero, ``|L| <= 10``.
    maintenance_margin : float
        Maintenance margin ``m`` as a fraction of notional, ``0 <= m < 1/|L|``.
    funding_per_day : float
        Funding rate ``φ`` per day on notional, sign by ``L`` (a short receives it when
        ``φ > 0``); ``|L·φ| < 1``.

    Notes
    -----
    **One step is one day** here (funding is paid at every step). With ``R_t`` the cumulative
    underlying return since ``t = 0``:

        funding_t = L·φ·(1 + R_t)                      (paid at step t, on the notional)
        equity_t  = 1 + L·R_t − Σ_{s<=t} funding_s

    The position is **liquidated** at the first step where
    ``equity_t <= m·|L|·(1 + R_t)`` (the notation page); its value is 0 from then on (isolated margin,
    simplified). ``nav = equity`` while open. ``exposure = L·(1 + R_t)`` while open, 0 after.
    ``trades`` are all 0 (no rebalancing; the close-out is not counted); ``costs`` is the funding
    paid at each step while open (including the liquidation step). ``ruined`` equals
    ``liquidated``. Fully vectorised, no loop.

    Examples
    --------
    >>> MarginPosition(3).nav([-0.20, 0.25]).round(6).tolist()
    [1.0, 0.4, 1.0]
    >>> MarginPosition(3).nav([-0.35]).tolist()
    [1.0, 0.0]
    """

    leverage: float = 3.0
    maintenance_margin: float = 0.005
    funding_per_day: float = 0.0

    def __post_init__(self):
        L = check_leverage(self.leverage)
        m = check_maintenance_margin(self.maintenance_margin, L)
        phi = check_funding(self.funding_per_day, L)
        object.__setattr__(self, "leverage", L)
        object.__setattr__(self, "maintenance_margin", m)
        object.__setattr__(self, "funding_per_day", phi)

    @property
    def label(self) -> str:
        """Short name for legends: ``"3x long margin"``, ``"3x short margin"``."""
        return f"{abs(self.leverage):g}x {'long' if self.leverage > 0 else 'short'} margin"

    def _fill(self, r: np.ndarray, nav: np.ndarray, expo: np.ndarray | None = None,
              costs: np.ndarray | None = None) -> np.ndarray:
        """Fill ``nav[:, 1:]`` (and ``expo``, ``costs``) from 2-D returns ``r``; liquidated flags.

        Works on blocks of about 65 000 values, so the temporaries stay small whatever the
        number of paths: the peak memory of :meth:`nav` is its output plus a constant.
        """
        L, m, phi = self.leverage, self.maintenance_margin, self.funding_per_day
        n, T = r.shape
        rows = max(1, _MARGIN_BLOCK // T)
        liquidated = np.empty(n, dtype=bool)
        for i in range(0, n, rows):
            j = min(n, i + rows)
            with np.errstate(over="ignore", invalid="ignore"):
                G = np.cumprod(1.0 + r[i:j], axis=-1)             # 1 + R_t
                if not np.isfinite(G[:, -1]).all():               # factors > 0: inf stays inf
                    raise overflow_error("the price")
                funding = (L * phi) * G                           # paid at each step while open
                equity = 1.0 + L * (G - 1.0)
                if phi:
                    equity -= np.cumsum(funding, axis=-1)
                if not np.isfinite(equity[:, -1]).all():
                    raise overflow_error("the equity")
            hit = equity <= (m * abs(L)) * G
            closed = np.logical_or.accumulate(hit, axis=-1, out=hit)   # liquidated by step t
            nav[i:j, 1:] = np.where(closed, 0.0, np.maximum(equity, 0.0))
            if expo is not None:
                expo[i:j, 1:] = np.where(closed, 0.0, L * G)
            if costs is not None:
                costs[i:j, 1] = funding[:, 0]                     # open at the start of step 1
                costs[i:j, 2:] = np.where(closed[:, :-1], 0.0, funding[:, 1:])
            liquidated[i:j] = closed[:, -1]
        return liquidated

    def nav(self, returns) -> np.ndarray:
        """NAV path ``(..., T + 1)``: equity while open, 0 from the liquidation step on."""
        r2, lead = prepare_returns(returns)
        out = np.empty((r2.shape[0], r2.shape[1] + 1))
        out[:, 0] = 1.0
        self._fill(r2, out)
        return restore_shape(out, lead)

    def simulate(self, returns) -> Simulation:
        """:class:`Simulation`; ``liquidated`` (and ``ruined``) per path, trades all 0."""
        r2, lead = prepare_returns(returns)
        shape = (r2.shape[0], r2.shape[1] + 1)
        nav = np.empty(shape)
        nav[:, 0] = 1.0
        expo = np.empty(shape)
        expo[:, 0] = self.leverage
        costs = np.empty(shape)
        costs[:, 0] = 0.0
        liquidated = restore_shape(self._fill(r2, nav, expo, costs)[:, None], lead)[..., 0]
        return Simulation(
            nav=restore_shape(nav, lead),
            exposure=restore_shape(expo, lead),
            trades=restore_shape(np.zeros(shape), lead),
            costs=restore_shape(costs, lead),
            rebalanced=restore_shape(np.zeros(shape, dtype=bool), lead),
            ruined=np.asarray(liquidated).copy(),
            liquidated=np.asarray(liquidated),
        )


@dataclass(frozen=True)
class CappedToken(_Product):
    """A daily token whose issuer caps the NAV gain of any one day (an *illustrative* rule).

    Parameters
    ----------
    leverage : float
        Signed target leverage ``L``; non-zero, ``|L| <= 10``.
    max_daily_gain : float or None
        Largest NAV gain credited in one day, ``g > 0`` (0.2: at most +20 % a day). None: no
        cap (the token is then :class:`~levtoken.products.LeveragedToken` without costs).
    fee_per_day : float
        Management fee per day, ``0 <= f < 1``, taken after the cap.

    Notes
    -----
    One step is one day. The token rebalances daily to ``L × NAV``; the day's NAV multiple is

        m_t = min(max(1 + L·r_t, 0), 1 + g) · (1 − f)

    and ``nav = [1, cumprod(m)]``. Losses are passed on in full, gains above ``g`` are not: the
    cap removes the right tail of the distribution (and, since the uncapped token's mean is what
    its rare big winners pay for, it lowers the mean). A ruined token stays at 0.

    :meth:`simulate` reports ``exposure = L·NAV`` after each day's rebalance, the rebalancing
    ``trades = L·NAV_t − L·NAV_{t−1}·(1 + r_t)``, ``costs`` = the fee paid, ``rebalanced`` True on
    each day the token is alive; the gain withheld by the cap is not a cost (it was never
    credited).

    Examples
    --------
    >>> CappedToken(3, max_daily_gain=0.2).nav([0.10, -0.05]).round(6).tolist()
    [1.0, 1.2, 1.02]
    >>> CappedToken(3, max_daily_gain=None).nav([0.10]).round(6).tolist()
    [1.0, 1.3]
    """

    leverage: float = 3.0
    max_daily_gain: float | None = 0.2
    fee_per_day: float = 0.0

    def __post_init__(self):
        L = check_leverage(self.leverage)
        g = self.max_daily_gain
        if g is not None:
            g = check_range(g, "max_daily_gain", 0.0, None, low_open=True)
        f = check_fee(self.fee_per_day)
        object.__setattr__(self, "leverage", L)
        object.__setattr__(self, "max_daily_gain", g)
        object.__setattr__(self, "fee_per_day", f)

    @property
    def label(self) -> str:
        """Short name for legends: ``"3x token, gain capped at +20 %/day"``."""
        base = f"{abs(self.leverage):g}x {'long' if self.leverage > 0 else 'inverse'} token"
        if self.max_daily_gain is None:
            return base
        return f"{base}, gain capped at +{self.max_daily_gain:.0%}/day"

    def _multiples(self, r: np.ndarray, out: np.ndarray) -> np.ndarray:
        """The day multiples ``m_t`` written into ``out`` (same shape as ``r``)."""
        np.multiply(r, self.leverage, out=out)
        out += 1.0
        np.maximum(out, 0.0, out=out)
        if self.max_daily_gain is not None:
            np.minimum(out, 1.0 + self.max_daily_gain, out=out)
        if self.fee_per_day:
            out *= 1.0 - self.fee_per_day
        return out

    def nav(self, returns) -> np.ndarray:
        """NAV path, shape ``(..., T + 1)``, ``nav[..., 0] == 1.0`` (see the class Notes)."""
        r = check_returns(returns)
        out = np.empty(r.shape[:-1] + (r.shape[-1] + 1,))
        out[..., 0] = 1.0
        g = self._multiples(r, out[..., 1:])
        with np.errstate(over="ignore", invalid="ignore"):
            np.cumprod(g, axis=-1, out=g)
        if not np.isfinite(out[..., -1]).all():
            raise overflow_error()
        return out

    def expected_multiple(self, sigma, *, mu=0.0, days=365, days_per_year=DAYS_PER_YEAR) -> float:
        """Exact mean NAV after ``days`` days on GBM daily returns: ``(E[m])^days``.

        The days are independent, so the mean of the product is the product of the means. With
        ``1 + r = e^X``, ``X ~ N(a, b²)``, ``a = (μ − σ²/2)/Y``, ``b = σ/√Y`` (``Y`` =
        ``days_per_year``), the day's
        multiple ``m = min(max(1 + L·r, 0), 1 + g)·(1 − f)`` is linear in ``e^X`` between the
        ruin edge and the cap edge, so (for ``L > 0``, edges ``x0 = ln(1 − 1/L)``,
        ``x1 = ln(1 + g/L)``)

            E[m]/(1 − f) = (1 − L)·P(x0 < X < x1)
                           + L·e^(a + b²/2)·[Φ((x1 − a − b²)/b) − Φ((x0 − a − b²)/b)]
                           + (1 + g)·P(X >= x1)

        and the mirror image for ``L < 0``. Without a cap and fee this is 1 when ``μ = 0``.

        Parameters
        ----------
        sigma : float
            Annualised volatility, ``0 < sigma <= 5``.
        mu : float
            Annual drift (per year).
        days : int
            Holding period in days, ``1 <= days <= 36500``.
        days_per_year : float
            Days in a year, in ``[1, 366]``.

        Returns
        -------
        float

        Examples
        --------
        >>> round(CappedToken(3, None).expected_multiple(0.8), 12)
        1.0
        >>> CappedToken(3, 0.3).expected_multiple(0.8) < 1
        True
        """
        s = check_sigma(sigma, positive=True)
        mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
        days = check_count(days, "days")
        dpy = check_days_per_year(days_per_year)
        L, g = self.leverage, self.max_daily_gain
        a, b = (mu - 0.5 * s * s) / dpy, s / math.sqrt(dpy)
        inf = math.inf
        if L > 0:
            lo = math.log1p(-1.0 / L) if L > 1 else -inf
            hi = inf if g is None else math.log1p(g / L)
            p_cap = 0.0 if g is None else 1.0 - theory.normal_cdf((hi - a) / b)
        else:
            hi = math.log1p(1.0 / abs(L))
            lo = -inf if (g is None or g >= abs(L)) else math.log1p(g / L)
            p_cap = 0.0 if lo == -inf else theory.normal_cdf((lo - a) / b)

        def cdf(x, shift=0.0):
            return 0.0 if x == -inf else 1.0 if x == inf else theory.normal_cdf((x - a - shift) / b)

        p_lin = cdf(hi) - cdf(lo)
        e_lin = math.exp(a + 0.5 * b * b) * (cdf(hi, b * b) - cdf(lo, b * b))
        cap_level = 0.0 if g is None else 1.0 + g
        day = ((1.0 - L) * p_lin + L * e_lin + cap_level * p_cap) * (1.0 - self.fee_per_day)
        return finite_power(day, days, "sigma, mu, days")

    def simulate(self, returns) -> Simulation:
        """:class:`~levtoken.products.Simulation` of the capped token (see the class Notes)."""
        r = check_returns(returns)
        nav = self.nav(r)
        L = self.leverage
        expo = L * nav
        trades = np.zeros_like(nav)
        trades[..., 1:] = L * nav[..., 1:] - L * nav[..., :-1] * (1.0 + r)
        costs = np.zeros_like(nav)
        if self.fee_per_day:
            before = nav[..., 1:] / (1.0 - self.fee_per_day)
            costs[..., 1:] = before - nav[..., 1:]
        rebalanced = np.zeros(nav.shape, dtype=bool)
        rebalanced[..., 1:] = nav[..., 1:] > 0.0
        trades[..., 1:] = np.where(rebalanced[..., 1:], trades[..., 1:], 0.0)
        return Simulation(nav=nav, exposure=expo, trades=trades, costs=costs,
                          rebalanced=rebalanced, ruined=np.asarray(nav[..., -1] <= 0.0),
                          liquidated=np.zeros(nav.shape[:-1], dtype=bool))
