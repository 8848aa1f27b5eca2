"""Leveraged tokens on Bitcoin's real daily closes: years, a crash day, holds, margin.

Every function takes ``closes``: a pandas Series of daily closes indexed by consecutive days
(:func:`levtoken.data.bitcoin_prices` or :func:`levtoken.data.load_prices`); None (the default)
reads the book's window of Bitcoin prices, 2017-01-01 to 2025-10-31 (Coin Metrics community data,
CC BY-NC 4.0: attribute every result with :data:`levtoken.data.SOURCE`).

Conventions (the notation page): **close-to-close** simple daily returns ``r_t = P_t/P_{t−1} − 1`` dated by
the day ``t`` of the later close; a token rebalanced once a day at the close (one step = one day:
daily closes say nothing of the path inside a day, see :func:`intraday_bridge`); no costs unless a
fee is given; NAV starting at 1.0; a 365-day year. **Realised volatility** is the root mean square
of the daily log returns ``x_t = log(1 + r_t)``, annualised: ``sigma = sqrt(365 · mean(x_t²))``
(not demeaned, as the variance of the closed form uses it). The **closed form** of continuous
rebalancing with that realised variance, for a year of ``n`` returns::

    N_n / N_0 ≈ (P_n / P_0)^L · exp(−(L² − L)/2 · Σ x_t²)

(:func:`levtoken.theory.continuous_token_multiple` with ``sigma`` and ``years = n/365``).

Examples
--------
>>> import pandas as pd
>>> closes = pd.Series([100.0, 110.0, 99.0, 108.9],
...                    index=pd.date_range("2024-12-30", periods=4, name="date"))
>>> t = year_table(closes)
>>> t.index.tolist(), t["days"].tolist()
([2024, 2025], [1, 2])
>>> round(float(t.loc[2025, "btc"]), 6), round(float(t.loc[2025, "token"]), 6)
(-0.01, -0.09)
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from . import data as _data
from . import theory
from .products import LeveragedToken, MarginPosition, Spot
from .validation import (DEFAULT_SEED, InvalidTypeError, format_value, check_choice, check_count,
                         check_leverage, check_maintenance_margin, check_range, check_sigma)

__all__ = [
    "daily_closes",
    "HIGH_SIGMA",
    "LOW_SIGMA",
    "RULES",
    "BRIDGE_PRESETS",
    "realised_volatility",
    "volatility_by_year",
    "rolling_volatility",
    "year_table",
    "month_table",
    "day_outcome",
    "intraday_bridge",
    "holding_multiples",
    "holding_periods",
    "margin_vs_token",
    "window_run",
]

DAYS_PER_YEAR = 365

#: Two simulated volatility levels (per year), high and low, to set real years beside.
HIGH_SIGMA = 0.80
LOW_SIGMA = 0.50

#: Rules :func:`window_run` offers: a daily reset, or an issuer's preset applied at the closes.
RULES = ("daily", "ftx", "bybit_2024", "kucoin", "gate", "binance", "ascendex")


def daily_closes(closes=None) -> pd.Series:
    """The daily closes the lessons run on: ``closes`` checked (a Series of > 0 daily closes on
    consecutive days, indexed by date), or Bitcoin's closes in the book's window for None."""
    if closes is None:
        return _data.bitcoin_prices()
    if not isinstance(closes, pd.Series) or not isinstance(closes.index, pd.DatetimeIndex):
        raise InvalidTypeError(f"closes must be None or a pandas Series of daily closes indexed by "
                               f"date, got {format_value(closes)} of type {type(closes).__name__}")
    if len(closes) < 2:
        raise ValueError(f"closes must hold at least 2 daily closes, got {len(closes)}")
    v = closes.to_numpy(dtype=float)
    if not (np.isfinite(v).all() and (v > 0).all()):
        raise ValueError("closes must be finite and > 0 (read them with levtoken.data.load_prices)")
    step = np.diff(closes.index.values.astype("datetime64[D]").astype(np.int64))
    if not (step == 1).all():
        raise ValueError("closes must be on consecutive days (one close a day, in order; read "
                         "them with levtoken.data.load_prices(daily=True))")
    return closes


def _returns(c: pd.Series) -> pd.Series:
    return _data.daily_returns(c)


def realised_volatility(returns) -> float:
    """Annualised realised volatility of daily simple returns: ``sqrt(365 · mean(log(1 + r)²))``.

    Examples
    --------
    >>> round(realised_volatility([0.01, -0.01]), 6)
    0.191058
    """
    from .validation import check_returns
    r = check_returns(returns.to_numpy(dtype=float) if isinstance(returns, pd.Series) else returns,
                      "returns")
    if r.ndim != 1 or r.size == 0:
        raise ValueError(f"returns must be a non-empty 1-d sequence, got shape {r.shape}")
    x = np.log1p(r)
    return float(np.sqrt(DAYS_PER_YEAR * np.mean(x * x)))


def volatility_by_year(closes=None) -> pd.Series:
    """Realised volatility (per year) of each calendar year's daily returns, indexed by year."""
    r = _returns(daily_closes(closes))
    x = np.log1p(r)
    out = np.sqrt(DAYS_PER_YEAR * (x * x).groupby(r.index.year).mean())
    out.index.name = "year"
    return out.rename("realised volatility")


def rolling_volatility(closes=None, window=30) -> pd.Series:
    """Realised volatility (per year) of the ``window`` daily returns ending each day."""
    n = check_count(window, "window")
    c = daily_closes(closes)
    if n > len(c) - 1:
        raise ValueError(f"window must be at most the number of returns {len(c) - 1}, got {n}")
    x = np.log1p(_returns(c))
    return np.sqrt(DAYS_PER_YEAR * (x * x).rolling(n).mean()).dropna().rename(
        f"realised volatility, {n} days")


def _fee_token(leverage, fee_per_day):
    return LeveragedToken(leverage, fee_per_day=fee_per_day)


def year_table(closes=None, leverage=3.0, fee_per_day=0.0) -> pd.DataFrame:
    """One row per calendar year: Bitcoin and the daily ``±L`` tokens, simulated and closed form.

    Columns (returns are simple returns over the year's daily returns, from the last close of
    the year before, or the first close of the data): ``days`` (returns in the year), ``btc``,
    ``token`` (daily ``+L``), ``inverse`` (daily ``−L``), ``naive`` (``L × btc``), ``vol``
    (realised volatility, per year), ``closed_form`` and ``closed_form_inverse`` (the closed form
    with the year's realised variance), and with a fee ``f > 0`` per day (taken as the library's
    tokens take it) ``token_fee`` and ``inverse_fee``.
    """
    L = abs(check_leverage(leverage))
    f = check_range(fee_per_day, "fee_per_day", 0.0, 0.01)
    r = _returns(daily_closes(closes))
    rows = {}
    for year, ry in r.groupby(r.index.year):
        a = ry.to_numpy()
        spot = float(np.prod(1 + a) - 1)
        sigma = realised_volatility(a)
        years = a.size / DAYS_PER_YEAR
        row = dict(days=a.size, btc=spot,
                   token=float(LeveragedToken(L).nav(a)[-1] - 1),
                   inverse=float(LeveragedToken(-L).nav(a)[-1] - 1),
                   naive=L * spot, vol=sigma,
                   closed_form=float(theory.continuous_token_multiple(1 + spot, L, sigma, years)
                                     - 1),
                   closed_form_inverse=float(
                       theory.continuous_token_multiple(1 + spot, -L, sigma, years) - 1))
        if f > 0:
            row["token_fee"] = float(_fee_token(L, f).nav(a)[-1] - 1)
            row["inverse_fee"] = float(_fee_token(-L, f).nav(a)[-1] - 1)
        rows[int(year)] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "year"
    return out


def month_table(closes=None, leverage=3.0) -> pd.DataFrame:
    """One row per calendar month (label ``YYYY-MM``): ``days``, ``btc``, ``token`` (daily ``L``,
    no costs), ``naive`` (``L × btc``) and ``vol`` (realised, per year), as :func:`year_table`."""
    L = check_leverage(leverage)
    r = _returns(daily_closes(closes))
    rows = {}
    for period, rm in r.groupby(r.index.to_period("M")):
        a = rm.to_numpy()
        spot = float(np.prod(1 + a) - 1)
        rows[str(period)] = dict(days=a.size, btc=spot,
                                 token=float(LeveragedToken(L).nav(a)[-1] - 1), naive=L * spot,
                                 vol=realised_volatility(a))
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "month"
    return out


def _day(value, c: pd.Series, name="day") -> pd.Timestamp:
    ts = _data.parse_date(value, name)
    if ts is None:
        raise InvalidTypeError(f"{name} must be a date such as '2020-03-12', got None")
    if not (c.index[0] < ts <= c.index[-1]):
        raise ValueError(f"{name} must be a day with a close and a close before it, from "
                         f"{(c.index[0] + pd.Timedelta(days=1)).date()} to {c.index[-1].date()}, "
                         f"got {ts.date()}")
    return ts


def day_outcome(day="2020-03-12", closes=None, leverage=3.0, maintenance_margin=0.005) -> dict:
    """One day, close to close: Bitcoin's return and what it did to daily ``±L`` tokens and margin.

    Keys: ``day, close_before, close, btc`` (the day's return), ``token, inverse`` (NAV after the
    day, from 1; 0 = ruined), ``margin`` (an ``L`` margin position's equity, 0 = liquidated at the
    close), ``ruin_move`` (``−1/L``).
    """
    L = abs(check_leverage(leverage))
    m = check_maintenance_margin(maintenance_margin, L)
    c = daily_closes(closes)
    ts = _day(day, c)
    before = float(c.loc[ts - pd.Timedelta(days=1)])
    close = float(c.loc[ts])
    r = np.array([close / before - 1])
    return dict(day=str(ts.date()), close_before=before, close=close, btc=float(r[0]),
                token=float(LeveragedToken(L).nav(r)[-1]),
                inverse=float(LeveragedToken(-L).nav(r)[-1]),
                margin=float(MarginPosition(L, maintenance_margin=m).nav(r)[-1]),
                ruin_move=-1.0 / L)


#: Issuers' rules run through the simulated intraday paths of :func:`intraday_bridge`.
BRIDGE_PRESETS = ("ftx", "kucoin", "gate", "ascendex")


def intraday_bridge(day="2020-03-12", closes=None, *, steps_per_day=96, n_paths=500, sigma=None,
                    seed=DEFAULT_SEED, presets=BRIDGE_PRESETS) -> dict:
    """**Simulated** intraday paths between two real closes, and issuers' rules run through them.

    Daily closes do not show the path inside a day. Each path is a seeded Brownian bridge in log
    price (:func:`levtoken.paths.bridge_returns`): ``steps_per_day`` steps that end exactly at
    the day's real close, with annualised volatility ``sigma`` (default: the realised volatility
    of the 30 daily returns **before** ``day``; the day's own move is left out, because the bridge
    is already pinned to it: on 12 March 2020 that move alone is 88 % of the variance of the 30
    days ending on it). The drift plays no part: a bridge is pinned to the real close. Every
    preset's token starts the day freshly rebalanced, with its fee and funding left out (only its
    rule acts), as in :func:`levtoken.crashes.crash_outcomes`.

    Returns
    -------
    dict
        ``day, btc`` (the real close-to-close return), ``sigma``, ``steps_per_day``, ``returns``
        (shape ``(n_paths, steps_per_day)``), ``rules``: per rule (``"daily"``, a daily-only
        ``3x`` token, then each preset key) a dict ``name, median_nav, p10_nav, p90_nav,
        ruined`` (share of paths), and ``margin``: the share of paths on which a 3x margin
        position is liquidated within the day.
    """
    from . import issuers
    from .paths import bridge_returns
    spd = check_count(steps_per_day, "steps_per_day")
    n = check_count(n_paths, "n_paths")
    c = daily_closes(closes)
    ts = _day(day, c)
    r_all = _returns(c)
    if sigma is None:
        before = r_all.loc[:ts].iloc[:-1].iloc[-30:]        # the 30 days before, not the day
        if before.size < 2:
            raise ValueError(f"day must have at least 2 daily returns before it to measure the "
                             f"volatility (or pass sigma), got {ts.date()}")
        sig = realised_volatility(before)
    else:
        sig = check_sigma(sigma)
    chosen = issuers.resolve_presets(list(presets) if isinstance(presets, tuple) else presets)
    total = float(r_all.loc[ts])
    # one step is 1/spd of a day: its standard deviation is sigma/sqrt(365·spd) (per step, so
    # bridge_returns is given that and days_per_year=1)
    paths = bridge_returns(total, spd, sigma=sig / np.sqrt(DAYS_PER_YEAR * spd), n_paths=n,
                           seed=seed, days_per_year=1)
    rules = {}

    def summary(name, nav):
        end = nav[:, -1]
        return dict(name=name, median_nav=float(np.median(end)),
                    p10_nav=float(np.percentile(end, 10)), p90_nav=float(np.percentile(end, 90)),
                    ruined=float(np.mean(end == 0)))

    rules["daily"] = summary("daily 3x (no intraday rule)",
                             LeveragedToken(3.0, steps_per_day=spd).nav(paths))
    for p in chosen:
        tok = replace(p.token(steps_per_day=spd), fee_per_day=0.0, funding_per_day=0.0)
        rules[p.key] = summary(p.name, tok.nav(paths))
    liquidated = MarginPosition(3.0).nav(paths)[:, -1] == 0
    return dict(day=str(ts.date()), btc=total, sigma=sig, steps_per_day=spd, returns=paths,
                rules=rules, margin=float(np.mean(liquidated)))


def _windows(c: pd.Series, horizon: int, name="horizon") -> np.ndarray:
    r = _returns(c).to_numpy()
    h = check_count(horizon, name)
    if h > r.size:
        raise ValueError(f"{name} must be at most the number of daily returns {r.size}, got {h}")
    return sliding_window_view(r, h)


def holding_multiples(closes=None, leverage=3.0, horizon=365, fee_per_day=0.0) -> pd.DataFrame:
    """Every hold of ``horizon`` days in the data: spot's and the daily ``L`` token's multiple.

    One row per start day (the close a hold starts at): ``spot`` (``P_{s+h}/P_s``), ``token``
    (the token's NAV after ``h`` days from 1, run by :class:`~levtoken.LeveragedToken` on the
    hold's returns, fee ``f`` per day), ``naive`` (``1 + L·(spot − 1)``, floored at 0).
    """
    L = check_leverage(leverage)
    f = check_range(fee_per_day, "fee_per_day", 0.0, 0.01)
    c = daily_closes(closes)
    w = _windows(c, horizon)
    spot = Spot().nav(w)[:, -1]
    token = _fee_token(L, f).nav(w)[:, -1]
    naive = np.maximum(1 + L * (spot - 1), 0.0)
    return pd.DataFrame(dict(spot=spot, token=token, naive=naive),
                        index=c.index[:w.shape[0]].rename("start"))


def holding_periods(closes=None, leverage=3.0, horizons=(30, 90, 365),
                    fee_per_day=0.0) -> pd.DataFrame:
    """Over every start day: the share of holds in which the daily token beat spot and beat ``L``
    times spot's return, one row per horizon (days).

    Columns: ``holds`` (start days), ``beat_spot`` (token multiple > spot multiple),
    ``beat_naive`` (token return > ``L`` × spot return), ``median_token``, ``median_spot``
    (median returns), ``ruined`` (share of holds in which the token was wiped out).
    """
    if isinstance(horizons, (str, bytes)) or not hasattr(horizons, "__iter__") or (
            isinstance(horizons, np.ndarray) and horizons.ndim != 1):
        raise InvalidTypeError(f"horizons must be a sequence of holding periods in days, got "
                               f"{format_value(horizons)} of type {type(horizons).__name__}")
    hs = [check_count(h, "horizons") for h in horizons]
    if not hs:
        raise ValueError("horizons must hold at least one holding period, got an empty sequence")
    c = daily_closes(closes)
    rows = {}
    for h in hs:
        m = holding_multiples(c, leverage, h, fee_per_day)
        L = check_leverage(leverage)
        rows[h] = dict(holds=len(m), beat_spot=float(np.mean(m.token > m.spot)),
                       beat_naive=float(np.mean(m.token - 1 > L * (m.spot - 1))),
                       median_token=float(np.median(m.token) - 1),
                       median_spot=float(np.median(m.spot) - 1),
                       ruined=float(np.mean(m.token == 0)))
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "horizon"
    return out


def margin_vs_token(closes=None, leverage=3.0, horizon=30, maintenance_margin=0.005) -> dict:
    """Margin positions opened at every close vs the daily token over the same ``horizon`` days.

    A ``L`` margin position (:class:`~levtoken.MarginPosition`, liquidation checked at the daily
    closes only: intraday lows would liquidate more) and a daily ``L`` token are opened at each
    close. Returns ``holds``, ``liquidated`` (share of margin positions liquidated within the
    horizon), ``token_worst`` (the token's worst loss from its opening NAV over any hold),
    ``token_median_worst`` (median over holds of the token's worst loss within the hold),
    ``token_ruined`` (share of holds in which the token was wiped out), ``token_below_half``
    (share of holds in which the token was at some close below half its opening NAV), and
    ``by_start``: a DataFrame (per start day) of ``liquidated`` and ``token_worst``.
    """
    L = check_leverage(leverage)
    m = check_maintenance_margin(maintenance_margin, L)
    c = daily_closes(closes)
    w = _windows(c, horizon)
    margin = MarginPosition(L, maintenance_margin=m).nav(w)
    token = LeveragedToken(L).nav(w)
    liquidated = margin[:, -1] == 0
    worst = token.min(axis=1) - 1
    by_start = pd.DataFrame(dict(liquidated=liquidated, token_worst=worst),
                            index=c.index[:w.shape[0]].rename("start"))
    return dict(holds=int(w.shape[0]), liquidated=float(liquidated.mean()),
                token_worst=float(worst.min()), token_median_worst=float(np.median(worst)),
                token_ruined=float(np.mean(token[:, -1] == 0)),
                token_below_half=float(np.mean(worst < -0.5)), by_start=by_start)


def window_run(start="2021-01-01", end="2021-12-31", leverage=3.0, rule="daily",
               fee_per_day=0.0, *, closes=None) -> pd.DataFrame:
    """Spot, a token and a margin position from the close of ``start`` to the close of ``end``.

    ``rule``: ``"daily"`` (a daily reset) or an issuer preset key of :data:`RULES`, whose rule
    (bands, thresholds, daily or not) is applied at the **daily closes** only (a band or threshold
    that an intraday move crosses between two closes fires at the next close here). ``fee_per_day``
    is the token's fee (a preset's own fee and funding are replaced by it). Columns ``spot``,
    ``token``, ``naive`` (``1 + L·(spot − 1)``, floored at 0), ``margin``, indexed by day, all
    starting at 1 on ``start``.
    """
    from . import issuers
    L = check_leverage(leverage)
    f = check_range(fee_per_day, "fee_per_day", 0.0, 0.01)
    rule = check_choice(rule, "rule", RULES)
    c = daily_closes(closes)
    lo = _data.parse_date(start, "start")
    hi = _data.parse_date(end, "end")
    if lo is None or hi is None:
        raise InvalidTypeError("start and end must be dates such as '2021-01-01', got None")
    if not (c.index[0] <= lo < hi <= c.index[-1]):
        raise ValueError(f"start and end must satisfy {c.index[0].date()} <= start < end <= "
                         f"{c.index[-1].date()}, got start={lo.date()}, end={hi.date()}")
    part = c.loc[lo:hi]
    r = _returns(part).to_numpy()
    if rule == "daily":
        tok = LeveragedToken(L, fee_per_day=f)
    else:
        tok = replace(issuers.preset(rule).token(leverage=L), fee_per_day=f, funding_per_day=0.0)
    spot = part.to_numpy() / part.iloc[0]
    return pd.DataFrame(dict(spot=spot, token=tok.nav(r), naive=np.maximum(1 + L * (spot - 1), 0),
                             margin=MarginPosition(L).nav(r)), index=part.index)
