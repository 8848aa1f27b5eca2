"""Leveraged funds and on-chain tokens: a daily-reset fund on a trading calendar, a flexible-leverage
token with a keeper band and a ripcord, named presets, and the lessons built on them.

Both products follow the protocol of :mod:`levtoken.products` (``nav(returns)`` and
``simulate(returns)``, the same :class:`~levtoken.products.Simulation`, the same validation), so
they run through every comparison the tokens run through.

:class:`DailyResetFund`
    A US-listed leveraged fund (an ETF): it resets its exposure to ``L × NAV`` at the close of
    each **trading day** only. Between two resets it holds its exposure, so a weekend or a holiday
    falls inside one period and the next trading day's return is ``L`` times the whole move since
    the last reset. It pays an expense ratio and finances the exposure beyond its NAV.
:class:`FlexibleLeverageToken`
    An on-chain leveraged token (Index Coop's BTC2x and ETH2x): a collateralised debt position
    rebalanced back to its target when its leverage leaves a band, and at once when it reaches a
    higher **ripcord** level; a streaming fee per year. It is a
    :class:`~levtoken.products.LeveragedToken` without a daily rebalance, its band and ripcord
    being the trigger rules of :mod:`levtoken.rules`.

Conventions (the book's notation page): simple returns; here **one step is one calendar day**
(daily closes, 365 days a year), so a fund's costs accrue on weekends and holidays too; signed
leverage; NAV starting at 1.0.

Dates and calendars (:func:`reset_mask`) use pandas and ``exchange_calendars``, imported only by
the functions that take dates; the products themselves are numpy only.

Examples
--------
>>> import numpy as np
>>> from levtoken.funds import DailyResetFund
>>> r = [0.05, 0.02, -0.03]                    # Friday to Saturday, Sunday, Monday
>>> fund = DailyResetFund(2, resets=(False, False, True))
>>> round(float(fund.nav(r)[-1]), 6)           # 1 + 2·(1.05·1.02·0.97 − 1): Monday's reset
1.07774
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

import numpy as np

from . import rules, theory
from .products import LeveragedToken, Simulation, overflow_error, prepare_returns, restore_shape
from .validation import (DAYS_PER_YEAR, InvalidTypeError, format_value, check_choice, check_count,
                         check_days_per_year, check_leverage, check_leverage_band, check_range,
                         check_sigma)

__all__ = [
    "CALENDAR",
    "FIRST_2X_BITCOIN_ETF",
    "ILLUSTRATIVE",
    "KEEPERS",
    "DailyResetFund",
    "FlexibleLeverageToken",
    "ProductPreset",
    "PRESETS",
    "preset",
    "reset_mask",
    "weekend_effect",
    "carry_costs",
    "flat_decay",
]

#: The exchange calendar of the US funds: the New York Stock Exchange (``exchange_calendars``).
CALENDAR = "XNYS"

#: The day the first 2x Bitcoin ETF in the US (Volatility Shares' BITX) started trading.
FIRST_2X_BITCOIN_ETF = "2023-06-27"

#: The ``source`` of a value that no cited page backs (a modelling choice).
ILLUSTRATIVE = "illustrative"

#: Largest annual expense ratio or financing rate accepted (100 % a year).
_MAX_RATE = 1.0


def _mask(value, name: str = "resets") -> tuple | None:
    """None, or a non-empty 1-D sequence of booleans as a tuple of Python bools."""
    if value is None:
        return None
    if isinstance(value, (str, bytes, bool, np.bool_)) or not hasattr(value, "__len__"):
        raise InvalidTypeError(f"{name} must be None or a 1-D sequence of True/False (one per "
                               f"step: reset at that step's close), got {format_value(value)}")
    try:
        a = np.asarray(value)
    except Exception as exc:     # ragged lists and the like
        raise InvalidTypeError(f"{name} must be None or a 1-D sequence of True/False, got "
                               f"{format_value(value)}") from exc
    if a.dtype != bool or a.ndim != 1 or a.size == 0:
        raise InvalidTypeError(f"{name} must be None or a non-empty 1-D sequence of True/False "
                               f"(use reset_mask(dates) for a trading calendar), got {format_value(value)}")
    return tuple(bool(v) for v in a)


# ---------------------------------------------------------------------------------------------
# a daily-reset fund


@dataclass(frozen=True)
class DailyResetFund:
    """A leveraged fund that resets its exposure to ``L × NAV`` at the close of trading days only.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L`` at each reset: 2 for a 2x fund, −2 for a −2x (inverse) fund;
        non-zero, ``|L| <= 10``.
    expense_ratio_per_year : float
        Expense ratio ``e``, a fraction of NAV **per year** (0.0095 = 0.95 %), ``0 <= e < 1``.
    financing_rate_per_year : float
        Rate ``f`` **per year** at which the fund finances the exposure beyond its NAV: the cost is
        ``(L − 1)·f`` of NAV a year, ``−1 <= f <= 1``. For a 2x fund this is the borrowing on
        ``1 × NAV`` (a benchmark rate plus the swap spread, as its documents describe it). For an
        inverse fund ``L − 1 < 0``: it *earns* ``f`` on its cash ``(1 − L)·NAV`` (its NAV plus the
        proceeds of its short); if its documents give a different rate for the short's proceeds
        (the benchmark minus a spread) than for its collateral, pass the blended rate
        ``(|L|·f_short + f_cash)/(1 − L)``. A futures-based fund pays its financing inside the
        futures price (basis and roll), which this model does not see: use 0 and say so.
    resets : sequence of bool or None
        ``resets[t]`` True: the fund resets at the close of step ``t`` (after the move
        ``returns[t]``); one value per step, so ``nav`` needs returns of that length. None
        (default): every step is a reset (then the fund is a daily token). Make it from dates with
        :func:`reset_mask` or :meth:`on_dates`.

    Notes
    -----
    **One step is one calendar day.** Let a period start at a reset (or at ``t = 0``) with NAV
    ``N``; after ``d`` further days, ``R`` being the cumulative simple return of the underlying
    since the reset::

        NAV = N·(1 + L·R − d·c),      c = (e + (L − 1)·f) / 365

    (exposure ``L·N`` held, not rebalanced; the expense and the financing accrue per calendar day on
    the NAV and the borrowing of the reset, as a fund accrues them over a weekend on Friday's
    figures). At a reset step that NAV becomes the next period's ``N``. A Friday-to-Monday period
    thus earns ``L`` times the whole move from Friday's close to Monday's and pays three days of
    costs. If ``1 + L·R − d·c <= 0`` at any step the fund is **ruined**: NAV 0 from then on.

    When every step resets and the costs are zero, ``nav`` equals
    :class:`~levtoken.products.LeveragedToken(L)`'s; with costs the two differ in the second order
    (the token multiplies ``(1 + L·r)·(1 − f)``, the fund subtracts ``c``).

    Examples
    --------
    >>> DailyResetFund(2).nav([0.10, -0.10]).round(6).tolist()
    [1.0, 1.2, 0.96]
    >>> DailyResetFund(2, resets=(False, True)).nav([0.10, -0.10]).round(6).tolist()
    [1.0, 1.2, 0.98]
    >>> round(float(DailyResetFund(2, 0.0365, 0.0).nav([0.0])[-1]), 6)   # a day of 3.65 %/year
    0.9999
    """

    leverage: float = 2.0
    expense_ratio_per_year: float = 0.0
    financing_rate_per_year: float = 0.0
    resets: tuple | None = None

    def __post_init__(self):
        L = check_leverage(self.leverage)
        e = check_range(self.expense_ratio_per_year, "expense_ratio_per_year", 0.0, 1.0,
                        high_open=True)
        f = check_range(self.financing_rate_per_year, "financing_rate_per_year", -_MAX_RATE,
                        _MAX_RATE)
        for name, value in [("leverage", L), ("expense_ratio_per_year", e),
                            ("financing_rate_per_year", f), ("resets", _mask(self.resets))]:
            object.__setattr__(self, name, value)

    @property
    def label(self) -> str:
        """Short name for legends: ``"2x fund (trading-day reset)"``."""
        kind = "" if self.leverage > 0 else "inverse "
        return f"{abs(self.leverage):g}x {kind}fund (trading-day reset)"

    @property
    def cost_per_day(self) -> float:
        """``c = (e + (L − 1)·f)/365``: the fraction of a reset's NAV the fund pays a day."""
        L = self.leverage
        return (self.expense_ratio_per_year + (L - 1.0) * self.financing_rate_per_year) / DAYS_PER_YEAR

    def on_dates(self, dates, calendar: str = CALENDAR) -> "DailyResetFund":
        """The same fund with the resets of ``calendar`` on ``dates`` (:func:`reset_mask`).

        ``dates`` are the days of the closes **after** each step (the index of
        :func:`levtoken.data.daily_returns`), one per return.
        """
        return replace(self, resets=tuple(bool(v) for v in reset_mask(dates, calendar)))

    def _mask_for(self, T: int) -> np.ndarray:
        if self.resets is None:
            return np.ones(T, dtype=bool)
        if len(self.resets) != T:
            raise ValueError(f"resets has {len(self.resets)} steps but returns has {T}: build the "
                             "fund for these returns (fund.on_dates(dates) with one date per "
                             "return)")
        return np.array(self.resets, dtype=bool)

    def _paths(self, r: np.ndarray):
        """(nav, x, n_before, alive, days) for 2-D returns ``r`` (n, T)."""
        n, T = r.shape
        L, c = self.leverage, self.cost_per_day
        resets = self._mask_for(T)
        # period of each step: resets strictly before it; day count since the period's start
        period = np.concatenate(([0], np.cumsum(resets)[:-1]))
        starts = np.flatnonzero(np.concatenate(([True], period[1:] != period[:-1])))
        t = np.arange(T)
        days = (t - starts[period] + 1).astype(float)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            logs = np.cumsum(np.log1p(r), axis=-1)
            base = np.where(starts[period] > 0, logs[:, np.maximum(starts[period] - 1, 0)], 0.0)
            R = np.expm1(logs - base)                     # cumulative move since the reset
            x = 1.0 + L * R - c * days
            alive = np.logical_and.accumulate(x > 0.0, axis=-1)
            x = np.where(alive, x, 0.0)
            factor = np.where(resets, x, 1.0)             # what a reset passes on
            n_after = np.cumprod(factor, axis=-1)
            n_before = np.concatenate((np.ones((n, 1)), n_after[:, :-1]), axis=-1)
            nav = n_before * x
        if not np.isfinite(nav).all():
            raise overflow_error()
        return nav, R, n_before, alive, days, resets

    def nav(self, returns) -> np.ndarray:
        """NAV path, shape ``(..., T + 1)``, ``nav[..., 0] == 1.0`` (see the class Notes)."""
        r2, lead = prepare_returns(returns)
        nav = self._paths(r2)[0]
        out = np.empty((r2.shape[0], r2.shape[1] + 1))
        out[:, 0] = 1.0
        out[:, 1:] = nav
        return restore_shape(out, lead)

    def simulate(self, returns) -> Simulation:
        """:class:`~levtoken.products.Simulation`: NAV, the exposure held, the reset trades, the
        costs of each day (negative when an inverse fund earns financing), the resets.

        ``exposure`` is ``L·N·(1 + R)`` (the held quantity's value) between resets and ``L·NAV``
        right after one; ``trades`` is ``L·NAV − L·N·(1 + R)`` at a reset (``+`` = buy);
        ``costs`` is ``c·N`` each day (in NAV units); ``rebalanced`` marks the resets.
        """
        r2, lead = prepare_returns(returns)
        n, T = r2.shape
        L, c = self.leverage, self.cost_per_day
        nav, R, n_before, alive, days, resets = self._paths(r2)
        held = np.where(alive, L * n_before * (1.0 + R), 0.0)
        after = np.where(resets, L * nav, held)
        trades = np.where(resets & alive, L * nav - held, 0.0)
        costs = np.where(alive, c * n_before, 0.0)

        def full(a, first):
            out = np.empty((n, T + 1), dtype=a.dtype)
            out[:, 0] = first
            out[:, 1:] = a
            return restore_shape(out, lead)

        navs = full(nav, 1.0)
        return Simulation(nav=navs, exposure=full(after, L), trades=full(trades, 0.0),
                          costs=full(costs, 0.0), rebalanced=full(resets & alive, False),
                          ruined=np.asarray(navs[..., -1] <= 0.0),
                          liquidated=np.zeros(lead, dtype=bool))


# ---------------------------------------------------------------------------------------------
# an on-chain flexible-leverage token

#: When the keeper looks at the band: at every step, or at each day end only.
KEEPERS = ("step", "day_end")


@dataclass(frozen=True)
class _KeeperToken(LeveragedToken):
    """A token without a daily rebalance whose day ends also watch ``keeper_band`` (private)."""

    keeper_band: tuple | None = None

    def _day_end_moves(self):
        fall, rise = self.trigger_moves()
        if self.keeper_band is None:
            return fall, rise
        kf, kr = rules.band_moves(self.leverage, self.keeper_band)
        if kf is not None:
            fall = kf if fall is None else max(fall, kf)
        if kr is not None:
            rise = kr if rise is None else min(rise, kr)
        return fall, rise


@dataclass(frozen=True)
class FlexibleLeverageToken:
    """An on-chain leveraged token with a target, a keeper band, a ripcord and a streaming fee.

    Parameters
    ----------
    target_leverage : float
        Signed leverage ``L`` it rebalances back to (2 for BTC2x); non-zero, ``|L| <= 10``.
    max_leverage : float
        Upper edge of the band (absolute leverage), ``> |L|``: rebalance when the leverage reaches it.
    min_leverage : float or None
        Lower edge, ``0 < min < |L|``; None (default): ``L²/max``, the rule Index Coop states for
        its symmetric rebalancing thresholds (1.82x for a 2x token with a 2.2x maximum).
    ripcord_leverage : float
        A higher level, ``> max_leverage``, at which the token rebalances at once, at any step.
    streaming_fee_per_year : float
        Fee per year taken from NAV (0.0365 = 3.65 %), ``0 <= fee < 1``, charged ``fee/365`` a day.
    borrow_rate_per_year : float
        Net cost per year of the debt ``(L − 1)·NAV`` (the lending market's borrow rate less what
        the collateral earns), ``−1 <= b <= 1``: NAV pays ``(L − 1)·b/365`` a day.
    steps_per_day : int
        Return steps in one day (1: daily closes).
    keeper : {"step", "day_end"}
        When the band is checked: at every step (the default; the ripcord then never fires first,
        the band being tighter), or only at each day end (a keeper that looks once a day; the
        ripcord is checked at every step).

    Notes
    -----
    The token is a :class:`~levtoken.products.LeveragedToken` with ``daily_rebalance=False``
    (:meth:`token`): with ``R`` the move since the last rebalance its leverage is
    ``L·(1 + R)/(1 + L·R)`` (:func:`levtoken.theory.leverage_after_move`) and it rebalances back
    to ``L`` when that leaves ``[min, max]`` (:func:`levtoken.rules.band_moves`; for BTC2x, max
    2.2x: after a fall of 1/12 ≈ 8.3 %, or a rise of 1/9 ≈ 11.1 % with the min of 1.82x) or
    reaches the ripcord. A day end charges the fee and the borrowing pro rata,
    ``NAV ← NAV·(1 − fee/365)·(1 − (L − 1)·b/365)``. The real keeper trades over minutes and the
    ripcord is a public call with a reward; here both are instantaneous, at the step's price.

    Examples
    --------
    >>> tok = FlexibleLeverageToken()                  # BTC2x's published band and ripcord
    >>> tok.nav([0.05, 0.0]).round(6).tolist()         # inside the band: no rebalance
    [1.0, 1.1, 1.1]
    >>> [round(m, 4) for m in tok.trigger_moves()]     # the band's edges as moves
    [-0.0833, 0.1111]
    """

    target_leverage: float = 2.0
    max_leverage: float = 2.2
    min_leverage: float | None = None
    ripcord_leverage: float = 2.7
    streaming_fee_per_year: float = 0.0
    borrow_rate_per_year: float = 0.0
    steps_per_day: int = 1
    keeper: str = "step"

    def __post_init__(self):
        L = check_leverage(self.target_leverage, "target_leverage")
        hi = check_range(self.max_leverage, "max_leverage", abs(L), 100.0, low_open=True)
        lo = self.min_leverage
        lo = L * L / hi if lo is None else check_range(lo, "min_leverage", 0.0, abs(L),
                                                       low_open=True, high_open=True)
        rip = check_range(self.ripcord_leverage, "ripcord_leverage", hi, 100.0, low_open=True)
        fee = check_range(self.streaming_fee_per_year, "streaming_fee_per_year", 0.0, 1.0,
                          high_open=True)
        b = check_range(self.borrow_rate_per_year, "borrow_rate_per_year", -_MAX_RATE, _MAX_RATE)
        spd = check_count(self.steps_per_day, "steps_per_day")
        keeper = check_choice(self.keeper, "keeper", KEEPERS)
        for name, value in [("target_leverage", L), ("max_leverage", hi), ("min_leverage", lo),
                            ("ripcord_leverage", rip), ("streaming_fee_per_year", fee),
                            ("borrow_rate_per_year", b), ("steps_per_day", spd),
                            ("keeper", keeper)]:
            object.__setattr__(self, name, value)
        self.token()        # the band must be one a token of this leverage can use

    @property
    def label(self) -> str:
        """Short name for legends: ``"2x on-chain token (band 1.82x–2.2x)"``."""
        return (f"{abs(self.target_leverage):g}x on-chain token (band {self.min_leverage:.3g}x–"
                f"{self.max_leverage:.3g}x)")

    def token(self) -> LeveragedToken:
        """The :class:`~levtoken.products.LeveragedToken` that runs the rules (see Notes)."""
        L = self.target_leverage
        fee = self.streaming_fee_per_year / DAYS_PER_YEAR
        # NAV·(1 − L·φ) with L·φ = (L − 1)·b/365: the borrowing on (L − 1)·NAV
        phi = (L - 1.0) * self.borrow_rate_per_year / (DAYS_PER_YEAR * L)
        band = (self.min_leverage, self.max_leverage)
        check_leverage_band(band, L, "(min_leverage, max_leverage)")
        common = dict(leverage=L, fee_per_day=fee, funding_per_day=phi,
                      steps_per_day=self.steps_per_day, daily_rebalance=False)
        if self.keeper == "step":
            return LeveragedToken(leverage_band=band, **common)
        return _KeeperToken(leverage_band=(None, self.ripcord_leverage), keeper_band=band, **common)

    def trigger_moves(self) -> tuple[float | None, float | None]:
        """The moves ``(fall, rise)`` since the last rebalance at which the band fires
        (:func:`levtoken.rules.band_moves`)."""
        return rules.band_moves(self.target_leverage, (self.min_leverage, self.max_leverage))

    def ripcord_move(self) -> float:
        """The move since the last rebalance at which the leverage reaches the ripcord
        (:func:`levtoken.rules.move_for_leverage`): −7/34 ≈ −0.2059 for BTC2x's 2.7x."""
        L = self.target_leverage
        return rules.move_for_leverage(L, math.copysign(self.ripcord_leverage, L))

    def nav(self, returns) -> np.ndarray:
        """NAV path, shape ``(..., T + 1)``, ``nav[..., 0] == 1.0``."""
        return self.token().nav(returns)

    def simulate(self, returns) -> Simulation:
        """:class:`~levtoken.products.Simulation` of the token (that of :meth:`token`)."""
        return self.token().simulate(returns)


# ---------------------------------------------------------------------------------------------
# trading calendars


#: name -> (first day, last day, calendar): the calendar built for the widest span asked so far
_CALENDARS: dict = {}


def _calendar(calendar: str, start, end):
    """An ``exchange_calendars`` calendar that covers ``start`` to ``end`` (pandas Timestamps).

    Building one takes about a quarter of a second (its holiday rules are evaluated over the
    whole span), so the last one built for each name is kept and reused for any span inside it;
    a span reaching outside it builds one over both spans. Its sessions do not depend on the
    span it was built for, only on the exchange's rules."""
    import exchange_calendars as xcals
    kept = _CALENDARS.get(calendar)
    if kept is not None:
        lo, hi, cal = kept
        if lo <= start and end <= hi:
            return cal
        start, end = min(start, lo), max(end, hi)
    try:
        cal = xcals.get_calendar(calendar, start=start, end=end)
    except xcals.errors.InvalidCalendarName:
        raise ValueError(f"calendar must be an exchange_calendars name such as 'XNYS', got "
                         f"{calendar!r}") from None
    _CALENDARS[calendar] = (start, end, cal)
    return cal


@functools.lru_cache(maxsize=8)
def _sessions(calendar: str, first: str, last: str):
    import warnings

    import pandas as pd
    with warnings.catch_warnings():
        # exchange_calendars 4.13 reads a tz-aware Series' .values, which pandas 3.1 deprecates
        warnings.filterwarnings("ignore", message=".*Series.values returning an ndarray.*")
        pad = pd.Timedelta(days=14)      # the calendar needs start < end
        cal = _calendar(calendar, pd.Timestamp(first) - pad, pd.Timestamp(last) + pad)
        sessions = cal.sessions_in_range(first, last)
    return pd.DatetimeIndex(sessions).tz_localize(None)


def _dates(dates, name: str = "dates"):
    """A non-empty, strictly increasing 1-D sequence of days as a DatetimeIndex (UTC days)."""
    import datetime as _dt
    import re

    import pandas as pd
    if isinstance(dates, (pd.DatetimeIndex, pd.Series)) or (
            isinstance(dates, np.ndarray) and dates.dtype.kind == "M"):
        try:
            idx = pd.DatetimeIndex(dates)
        except (ValueError, TypeError):
            raise InvalidTypeError(f"{name} must hold dates, got {format_value(dates)}") from None
    else:
        if isinstance(dates, (str, bytes)) or not hasattr(dates, "__len__") or np.ndim(dates) != 1:
            raise InvalidTypeError(f"{name} must be a 1-D sequence of dates ('YYYY-MM-DD', "
                                   f"datetime.date or numpy.datetime64), got {format_value(dates)}")
        items = list(dates)
        iso = re.compile(r"^\d{4}-\d{2}-\d{2}")
        if not items or not all(isinstance(v, (_dt.date, np.datetime64))
                                or (isinstance(v, str) and iso.match(v)) for v in items):
            raise InvalidTypeError(f"{name} must be a non-empty 1-D sequence of dates "
                                   f"('YYYY-MM-DD', datetime.date or numpy.datetime64), got "
                                   f"{format_value(dates)}")
        try:
            idx = pd.DatetimeIndex([pd.Timestamp(v) for v in items])
        except (ValueError, TypeError, OverflowError):
            raise ValueError(f"{name} must hold dates such as '2025-07-03', got "
                             f"{format_value(dates)}") from None
    if len(idx) == 0 or idx.hasnans:
        raise ValueError(f"{name} must be a non-empty sequence of dates without gaps (NaT), got "
                         f"{len(idx)} values")
    if idx.tz is not None:
        idx = idx.tz_convert("UTC").tz_localize(None)
    idx = idx.normalize()
    if len(idx) > 1 and not (np.diff(idx.asi8) > 0).all():
        raise ValueError(f"{name} must be strictly increasing (one close a day, in order)")
    return idx


def reset_mask(dates, calendar: str = CALENDAR) -> np.ndarray:
    """True for each date that is a trading session of ``calendar``: a fund's reset days.

    Parameters
    ----------
    dates : sequence of dates
        The days of the closes after each step (``'YYYY-MM-DD'`` strings, ``datetime.date``,
        ``numpy.datetime64`` or a ``pandas.DatetimeIndex``), strictly increasing.
    calendar : str
        An ``exchange_calendars`` name; ``"XNYS"`` (the default) is the New York Stock Exchange,
        whose sessions (weekdays except its holidays) are the US funds' trading days.

    Returns
    -------
    ndarray of bool, shape ``(len(dates),)``

    Notes
    -----
    An approximation of timing: a daily crypto close (Coin Metrics) is the price at the **end** of
    a UTC day, 00:00 UTC, while a US fund resets at its close, 4 pm New York (20:00 or 21:00 UTC,
    with daylight saving time). A reset on session ``D`` is modelled at the crypto close that ends
    day ``D``, 3 to 4 hours later; what the price does in those hours is given to the wrong
    period. Weekends and holidays are inside one period in both.

    Examples
    --------
    >>> days = ["2025-07-02", "2025-07-03", "2025-07-04", "2025-07-05", "2025-07-06", "2025-07-07"]
    >>> reset_mask(days).tolist()            # Independence Day, then a weekend
    [True, True, False, False, False, True]
    """
    idx = _dates(dates)
    if not isinstance(calendar, str) or not calendar:
        raise InvalidTypeError(f"calendar must be an exchange_calendars name such as 'XNYS', got "
                               f"{format_value(calendar)}")
    first = str(idx[0].date())
    last = str(idx[-1].date())
    try:
        sessions = _sessions(calendar, first, last)
    except ValueError as exc:
        if "calendar" in str(exc):
            raise
        raise ValueError(f"dates from {first} to {last} are outside the range the calendar "
                         f"{calendar!r} covers: {exc}") from None
    return np.asarray(idx.isin(sessions), dtype=bool)


# ---------------------------------------------------------------------------------------------
# presets


@dataclass(frozen=True)
class ProductPreset:
    """A named product: its parameters, each with a source and an "as of" date.

    Attributes
    ----------
    key : str
        Short identifier, e.g. ``"bitu"``.
    name : str
        The product's name and ticker.
    kind : {"fund", "onchain"}
        A daily-reset fund (:class:`DailyResetFund`) or an on-chain token
        (:class:`FlexibleLeverageToken`).
    params : tuple of (name, value) pairs
        The model's parameters (its constructor's keywords).
    source : str
        Citation keys of the sources backing the published values, comma-separated.
    as_of : str
        ISO date of the cited page (its data date when it states one).
    illustrative : tuple of str
        The parameters no cited page publishes (the model's assumption, to be labelled as such).
    underlying : str
        What the product tracks.
    note : str
        What the sources say and how the preset models it.
    """

    key: str
    name: str
    kind: str
    params: tuple
    source: str
    as_of: str
    illustrative: tuple
    underlying: str
    note: str

    def product(self):
        """The model: a :class:`DailyResetFund` or a :class:`FlexibleLeverageToken`."""
        cls = DailyResetFund if self.kind == "fund" else FlexibleLeverageToken
        return cls(**dict(self.params))


def _fund(key, name, L, expense, source, as_of, underlying, note, financing=0.0,
          illustrative=("financing_rate_per_year",)):
    return ProductPreset(key, name, "fund", (("leverage", L), ("expense_ratio_per_year", expense),
                                             ("financing_rate_per_year", financing)),
                         source, as_of, illustrative, underlying, note)


#: The named products (published values with their sources; see each preset's ``illustrative``).
PRESETS = {p.key: p for p in [
    _fund("bitx", "Volatility Shares 2x Bitcoin Strategy ETF (BITX)", 2.0, 0.0185,
          "volatilityshares2024bitx,theblock2023bitx", "2024-03-27", "CME bitcoin futures",
          "The first 2x Bitcoin ETF in the US, trading since 2023-06-27; twice the daily return "
          "of the S&P CME Bitcoin Futures Daily Roll Index. Futures-based: its financing is in the "
          "futures price (basis and roll), not a stated rate, so the model charges none."),
    _fund("bitu", "ProShares Ultra Bitcoin ETF (BITU)", 2.0, 0.0095,
          "proshares2024bitcoinprospectus", "2024-04-02", "Bloomberg Bitcoin Index",
          "2x daily through swaps (and CME futures); the swap financing rate is not published: "
          "the preset's 5 % a year is illustrative.", financing=0.05),
    _fund("sbit", "ProShares UltraShort Bitcoin ETF (SBIT)", -2.0, 0.0095,
          "proshares2024bitcoinprospectus", "2024-04-02", "Bloomberg Bitcoin Index",
          "−2x daily through swaps; the rate it earns on its cash is not published: the "
          "preset's 5 % a year is illustrative.", financing=0.05),
    _fund("ethu", "Volatility Shares 2x Ether ETF (ETHU)", 2.0, 0.0094,
          "volatilityshares2024ethu", "2024-08-30", "CME ether futures",
          "Trading since 2024-06-04; net expense ratio 0.94 % after a fee waiver (gross 1.85 %). "
          "Futures-based: no stated financing rate, so the model charges none."),
    _fund("btfx", "CoinShares Bitcoin Leverage ETF (BTFX)", 2.0, 0.0186,
          "etfnachrichten2025btfx", "2025-12-15", "S&P CME Bitcoin Futures Index",
          "Futures-based 2x fund launched in February 2024; last trading day 2025-12-15, "
          "liquidated on or about 2025-12-16."),
    _fund("mstu", "T-REX 2X Long MSTR Daily Target ETF (MSTU)", 2.0, 0.0105,
          "grafa2025mstu,odaily2025mstu", "2025-02-27", "MicroStrategy (Strategy) shares",
          "2x the daily move of MSTR through swaps, launched in September 2024; reported down "
          "about 81 % from its peak of 2024-11-20 by 2025-02-27. The swap financing rate is not "
          "published: the preset's 5 % a year is illustrative.", financing=0.05),
    ProductPreset("btc2x", "Index Coop Bitcoin 2x Index (BTC2x)", "onchain",
                  (("target_leverage", 2.0), ("max_leverage", 2.2), ("ripcord_leverage", 2.7),
                   ("streaming_fee_per_year", 0.0365)),
                  "indexcoop2024meet2x,indexcoop2024faq,indexcoopratio", "2024-03-20",
                  ("min_leverage", "borrow_rate_per_year"), "BTC (wrapped, in Aave v3)",
                  "Target 2.0x, keeper rebalance above 2.2x, ripcord above 2.7x, streaming fee "
                  "3.65 %/year (and 0.1 % to mint or redeem, not modelled). The page gives no "
                  "minimum for BTC2x: the preset uses the symmetric rule target²/max that Index "
                  "Coop states for its ratio tokens (1.82x). The Aave borrowing cost is not "
                  "modelled (0)."),
    ProductPreset("eth2x", "Index Coop Ethereum 2x Index (ETH2x)", "onchain",
                  (("target_leverage", 2.0), ("max_leverage", 2.3), ("ripcord_leverage", 3.0),
                   ("streaming_fee_per_year", 0.0365)),
                  "indexcoop2024meet2x,indexcoop2024faq,indexcoopratio", "2024-03-20",
                  ("min_leverage", "borrow_rate_per_year"), "ETH (in Aave v3)",
                  "Target 2.0x, keeper rebalance above 2.3x, ripcord above 3.0x, streaming fee "
                  "3.65 %/year; minimum by the symmetric rule (1.74x), borrowing not modelled."),
]}


def preset(key: str) -> ProductPreset:
    """The :class:`ProductPreset` called ``key`` (one of :data:`PRESETS`).

    >>> preset("btc2x").product().max_leverage
    2.2
    """
    return PRESETS[check_choice(key, "key", tuple(PRESETS))]


# ---------------------------------------------------------------------------------------------
# the lessons


def weekend_effect(start: str = FIRST_2X_BITCOIN_ETF, end=None, leverage: float = 2.0, *,
                   closes=None) -> dict:
    """A fund that resets on NYSE sessions against a token that resets every day, same closes.

    Both hold ``leverage`` (no costs: the difference is the reset schedule alone) from the close
    of ``start`` to the close of ``end`` (None: the last close), on Bitcoin's daily closes (the
    book's window, Coin Metrics; or ``closes``, a Series of daily closes). The fund resets at the
    closes of sessions of :data:`CALENDAR` (:func:`reset_mask`, with its 00:00 UTC for 4 pm New
    York approximation); the token at every close.

    Returns
    -------
    dict
        ``nav``: a DataFrame (``spot``, ``fund``, ``token``) from 1 at ``start``; ``spot``,
        ``fund``, ``token``: the final values; ``fund_minus_token``; ``days``: the returns used;
        ``resets``: the fund's resets; ``start``, ``end``: the dates used.
    """
    import pandas as pd

    from . import data as _data
    from .history import daily_closes
    L = check_leverage(leverage)
    c = daily_closes(closes)
    lo = _data.parse_date(start, "start")
    if lo is None:
        raise InvalidTypeError("start must be a date such as '2023-06-27', got None")
    hi = c.index[-1] if end is None else _data.parse_date(end, "end")
    if not (c.index[0] <= lo < hi <= c.index[-1]):
        raise ValueError(f"start and end must satisfy {c.index[0].date()} <= start < end <= "
                         f"{c.index[-1].date()}, got start={lo.date()}, end={hi.date()}")
    part = c.loc[lo:hi]
    r = _data.daily_returns(part)
    fund = DailyResetFund(L).on_dates(r.index)
    values = r.to_numpy()
    nav = pd.DataFrame(dict(spot=part.to_numpy() / part.iloc[0], fund=fund.nav(values),
                            token=LeveragedToken(L).nav(values)), index=part.index)
    last = nav.iloc[-1]
    return dict(nav=nav, spot=float(last["spot"]), fund=float(last["fund"]),
                token=float(last["token"]), fund_minus_token=float(last["fund"] - last["token"]),
                days=int(len(values)), resets=int(sum(fund.resets)), start=str(lo.date()),
                end=str(hi.date()))


def carry_costs(leverage: float = 2.0, *, financing_rate_per_year: float = 0.05,
                expense_ratio_per_year: float = 0.0095, funding_per_day: float = 0.0003,
                fee_per_day: float = 0.0) -> dict:
    """What carrying ``L × NAV`` costs a year: a fund's financing against a token's funding.

    Simple sums over a 365-day year, in fractions of NAV (no compounding)::

        fund  = e + (L − 1)·f                 (financing on the exposure beyond NAV)
        token = 365·(fee + L·φ)               (perpetual funding on the whole notional)

    with ``f`` the financing rate per year, ``e`` the expense ratio per year, ``φ`` the funding per
    day on notional and ``fee`` the token's fee per day. At the stated defaults (5 %/year; 0.95 %;
    the perpetuals' default 0.01 % per 8 hours) a 2x fund pays 5.95 % a year and a 2x token
    21.9 %.

    Returns
    -------
    dict
        ``fund``, ``fund_financing``, ``fund_expense``, ``token``, ``token_funding``,
        ``token_fee`` (per year) and ``difference`` (``token − fund``).

    Examples
    --------
    >>> {k: round(v, 4) for k, v in carry_costs().items()}["token"]
    0.219
    """
    L = check_leverage(leverage)
    f = check_range(financing_rate_per_year, "financing_rate_per_year", -_MAX_RATE, _MAX_RATE)
    e = check_range(expense_ratio_per_year, "expense_ratio_per_year", 0.0, 1.0, high_open=True)
    phi = check_range(funding_per_day, "funding_per_day", -0.01, 0.01)
    fee = check_range(fee_per_day, "fee_per_day", 0.0, 0.01)
    financing = (L - 1.0) * f
    funding = DAYS_PER_YEAR * L * phi
    token_fee = DAYS_PER_YEAR * fee
    return dict(fund=e + financing, fund_financing=financing, fund_expense=e,
                token=token_fee + funding, token_funding=funding, token_fee=token_fee,
                difference=token_fee + funding - e - financing)


def flat_decay(leverage: float = 2.0, sigma: float = 1.0, years: float = 1.0,
               days_per_year: float = 252) -> dict:
    """What a daily-reset ``L`` fund keeps when its underlying ends where it started.

    The closed forms of :mod:`levtoken.theory` on a price that ends flat with volatility
    ``sigma`` (per year, measured on ``days_per_year`` trading days: 252 for a stock):
    ``continuous = exp(−(L² − L)·σ²·T/2)`` (:func:`~levtoken.theory.continuous_decay`) and
    ``daily`` with the next term of the expansion (:func:`~levtoken.theory.decay_factor`, over
    ``round(years·days_per_year)`` resets). A 2x fund on a stock with 100 % volatility keeps
    ``e^−1 ≈ 0.37`` of its value in a year.

    Returns
    -------
    dict
        ``continuous``, ``daily`` (multiples of the starting value) and ``loss`` (``1 −
        continuous``), ``days`` (resets).

    Examples
    --------
    >>> round(flat_decay()["continuous"], 4)
    0.3679
    """
    L = check_leverage(leverage)
    s = check_sigma(sigma)
    T = check_range(years, "years", 0.0, 100.0, low_open=True)
    dpy = check_days_per_year(days_per_year)
    days = max(1, int(round(T * dpy)))
    cont = float(theory.continuous_decay(L, s, T))
    daily = float(theory.decay_factor(L, s, days, days_per_year=dpy))
    return dict(continuous=cont, daily=daily, loss=1.0 - cont, days=days)
