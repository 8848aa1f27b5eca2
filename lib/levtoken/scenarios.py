"""Named price-path shapes that all end at the same total return (chapter 4, path dependence).

Every path function returns a plain numpy array of **simple daily returns** of the underlying,
``r_t = P_t / P_{t-1} − 1`` (math.md conventions: 365-day year, ``sigma`` annualised), built so
that the price ends at exactly ``P_T / P_0 = 1 + total_return`` (up to floating-point rounding).
Feed them to any product: ``LeveragedToken(3).nav(steady_trend(0.20, 30))``.

Shapes
------
:func:`steady_trend`
    The same return every day.
:func:`choppy_path`
    The steady trend with a zigzag of ``swing`` on top: up, back to the trend, up, back …
:func:`crash_and_recover`
    A one-day crash, with a steady climb before and after it.
:func:`bridge_returns` / :func:`random_path`
    Geometric Brownian motion conditioned on where it ends (a seeded random path).
:func:`autocorrelated_returns`
    Daily log returns with AR(1) autocorrelation (momentum ``phi > 0``, mean reversion
    ``phi < 0``); these do *not* end at a fixed total return.

Comparisons
-----------
:func:`naive_multiple`
    ``1 + L·R``: "L times the underlying's return over the holding period" (L× spot).
:func:`break_even_volatility`
    The volatility at which a continuously rebalanced token ends exactly at L× spot.
:func:`fraction_beating_naive`
    Share of simulated paths on which a daily token ends above L× spot.

Examples
--------
>>> import numpy as np
>>> from levtoken import scenarios, Spot
>>> r = scenarios.choppy_path(0.20, 30, swing=0.04)
>>> round(float(Spot().nav(r)[-1]), 12)
1.2
>>> round(float(scenarios.naive_multiple(0.20, 3)), 12)
1.6
"""

from __future__ import annotations

import numpy as np

from .paths import DAYS_PER_YEAR, MAX_SIGMA
from .products import LeveragedToken, Spot
from .validation import (
    check_leverage,
    check_positive_int,
    check_range,
    check_real,
    check_real_array,
    check_returns,
)

__all__ = [
    "steady_trend",
    "choppy_path",
    "crash_and_recover",
    "bridge_returns",
    "random_path",
    "autocorrelated_returns",
    "naive_multiple",
    "break_even_volatility",
    "fraction_beating_naive",
    "MAX_SWING",
]

#: Largest daily swing accepted by :func:`choppy_path` (100 %: the price doubles for a day).
MAX_SWING = 1.0


def _total(total_return) -> float:
    return check_range(total_return, "total_return", -1.0, low_open=True)


def steady_trend(total_return, days) -> np.ndarray:
    """The same simple return every day, compounding to ``total_return`` after ``days`` days.

        r = (1 + total_return)^(1/days) − 1      (per day)

    Parameters
    ----------
    total_return : float
        Simple return of the underlying over the whole path, ``> −1`` (0.20 for +20 %).
    days : int
        Number of daily returns (positive integer).

    Returns
    -------
    ndarray, shape (days,)
        Daily simple returns.

    Examples
    --------
    >>> r = steady_trend(0.20, 30)
    >>> round(float(r[0]), 6)
    0.006096
    >>> round(float(np.prod(1 + r)), 12)
    1.2
    """
    R = _total(total_return)
    days = check_positive_int(days, "days")
    return np.full(days, np.expm1(np.log1p(R) / days))


def choppy_path(total_return, days, swing) -> np.ndarray:
    """The steady trend with a zigzag of size ``swing`` on top, ending at ``total_return``.

    With ``g = (1 + total_return)^(1/days)`` the daily growth factor of :func:`steady_trend`,
    the days alternate between an up day and a down day:

        1 + r_t = g · (1 + swing)   on days 1, 3, 5, …  (the price jumps ``swing`` above trend)
        1 + r_t = g / (1 + swing)   on days 2, 4, 6, …  (and falls back onto the trend)

    so after every even day the price is exactly on the steady trend. If ``days`` is odd, the
    last day is a plain trend day (``1 + r = g``), so the path always ends on the trend at
    ``1 + total_return``. ``swing = 0`` gives :func:`steady_trend`.

    Parameters
    ----------
    total_return : float
        Simple return over the whole path, ``> −1``.
    days : int
        Number of daily returns (positive integer).
    swing : float
        Size of the zigzag as a fraction of the trend price, per day, ``0 <= swing <= 1``
        (0.04: the price sits 4 % above the trend every other day).

    Returns
    -------
    ndarray, shape (days,)
        Daily simple returns.

    Examples
    --------
    >>> choppy_path(0.0, 4, 0.10).round(4).tolist()
    [0.1, -0.0909, 0.1, -0.0909]
    >>> round(float(np.prod(1 + choppy_path(0.20, 31, 0.05))), 12)
    1.2
    """
    R = _total(total_return)
    days = check_positive_int(days, "days")
    s = check_range(swing, "swing", 0.0, MAX_SWING)
    log_g = np.log1p(R) / days
    signs = np.where(np.arange(days) % 2 == 0, 1.0, -1.0)
    if days % 2 == 1:
        signs[-1] = 0.0
    return np.expm1(log_g + signs * np.log1p(s))


def crash_and_recover(total_return, days, crash_depth, crash_day=None) -> np.ndarray:
    """A steady climb, a one-day crash of ``crash_depth`` on day ``crash_day``, a steady recovery.

    The crash day has return ``−crash_depth``; every other day has the same return

        r = ((1 + total_return) / (1 − crash_depth))^(1/(days − 1)) − 1

    so the path ends at ``1 + total_return``. The price rises before the crash, falls, and climbs
    back after it. ``crash_depth = 0`` leaves one flat day in a steady climb.

    Parameters
    ----------
    total_return : float
        Simple return over the whole path, ``> −1``.
    days : int
        Number of daily returns, ``>= 2`` (at least the crash day and one recovery day).
    crash_depth : float
        Size of the one-day fall as a positive fraction, ``0 <= crash_depth < 1`` (0.15 for a
        −15 % day).
    crash_day : int or None
        The day of the crash, counted from 1, ``1 <= crash_day <= days − 1`` (so at least one
        recovery day follows). None: day ``max(1, days // 3)``.

    Returns
    -------
    ndarray, shape (days,)
        Daily simple returns; ``r[crash_day − 1] == −crash_depth``.

    Examples
    --------
    >>> r = crash_and_recover(0.20, 30, 0.15, crash_day=10)
    >>> float(r[9])
    -0.15
    >>> round(float(np.prod(1 + r)), 12)
    1.2
    """
    R = _total(total_return)
    days = check_positive_int(days, "days")
    if days < 2:
        raise ValueError(f"days must be >= 2 for a crash and a recovery, got {days}")
    d = check_range(crash_depth, "crash_depth", 0.0, 1.0, high_open=True)
    if crash_day is None:
        crash_day = max(1, days // 3)
    crash_day = check_positive_int(crash_day, "crash_day")
    if crash_day > days - 1:
        raise ValueError(f"crash_day must be in [1, days - 1] = [1, {days - 1}], got {crash_day}")
    r = np.full(days, np.expm1((np.log1p(R) - np.log1p(-d)) / (days - 1)))
    r[crash_day - 1] = -d
    return r


def bridge_returns(total_return, days, sigma=0.8, n_paths=1, seed=None,
                   keep_variance=False) -> np.ndarray:
    """Random GBM paths conditioned to end at exactly ``1 + total_return`` (seeded).

    Draw independent daily log returns ``x_t ~ N(m, sigma²/365)`` and replace their path mean by
    the one that gives the wanted end:

        y_t = x_t − mean(x) + log(1 + total_return) / days,    r_t = exp(y_t) − 1

    For independent normal steps this is exactly the distribution of the steps *given* their sum
    (a Brownian bridge in log price), whatever the drift ``m``: the simulation of "GBM paths that
    end at +20 %" without throwing any path away. The realised variance of a path is
    ``sigma²/365 · χ²(days − 1)`` in distribution.

    Parameters
    ----------
    total_return : float
        Simple return over the whole path, ``> −1``.
    days : int
        Number of daily returns (positive integer).
    sigma : float
        Annualised volatility (per year, 365-day year), ``0 <= sigma <= 5``.
    n_paths : int
        Number of independent paths (positive integer).
    seed : int, numpy Generator or None
        Passed to ``np.random.default_rng``: the same seed gives the same array.
    keep_variance : bool
        Scale the demeaned steps by ``sqrt(days / (days − 1))`` so that the *expected* realised
        variance stays ``sigma²·days/365`` (pinning the end removes one degree of freedom).

    Returns
    -------
    ndarray, shape (n_paths, days)
        Daily simple returns; every row compounds to ``1 + total_return``.

    Examples
    --------
    >>> r = bridge_returns(0.20, 30, sigma=0.8, n_paths=3, seed=1)
    >>> r.shape
    (3, 30)
    >>> np.prod(1 + r, axis=1).round(12).tolist()
    [1.2, 1.2, 1.2]
    """
    R = _total(total_return)
    days = check_positive_int(days, "days")
    sigma = check_range(sigma, "sigma", 0.0, MAX_SIGMA)
    n_paths = check_positive_int(n_paths, "n_paths")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_paths, days)) * (sigma / np.sqrt(DAYS_PER_YEAR))
    y = x - x.mean(axis=1, keepdims=True)
    if keep_variance:
        if days < 2:
            raise ValueError(f"days must be at least 2 for a path pinned at both ends, got {days}")
        y *= np.sqrt(days / (days - 1))
    return np.expm1(y + np.log1p(R) / days)


def random_path(total_return, days, sigma=0.8, seed=0) -> np.ndarray:
    """One seeded random path that ends at ``1 + total_return``: row 0 of :func:`bridge_returns`.

    Parameters
    ----------
    total_return : float
        Simple return over the whole path, ``> −1``.
    days : int
        Number of daily returns (positive integer).
    sigma : float
        Annualised volatility, ``0 <= sigma <= 5``.
    seed : int
        Random seed (the same seed gives the same path).

    Returns
    -------
    ndarray, shape (days,)
        Daily simple returns.

    Examples
    --------
    >>> bool((random_path(0.2, 30, seed=3) == random_path(0.2, 30, seed=3)).all())
    True
    """
    return bridge_returns(total_return, days, sigma=sigma, n_paths=1, seed=seed)[0]


def autocorrelated_returns(sigma=0.8, days=30, phi=0.0, n_paths=1, seed=None) -> np.ndarray:
    """Daily returns whose log returns follow a stationary AR(1) with zero mean.

        x_1 ~ N(0, s²),  x_t = phi·x_{t−1} + sqrt(1 − phi²)·s·z_t,  s = sigma / sqrt(365)

    Every day's log return has standard deviation ``s`` whatever ``phi``; only the correlation of
    one day with the next, ``phi``, changes. ``phi > 0`` is **momentum** (an up day tends to be
    followed by an up day), ``phi < 0`` **mean reversion**, ``phi = 0`` independent days (GBM
    without drift, in log terms).

    Parameters
    ----------
    sigma : float
        Annualised volatility of each day's log return, ``0 <= sigma <= 5``.
    days : int
        Number of daily returns (positive integer).
    phi : float
        Lag-one autocorrelation of daily log returns, ``−1 < phi < 1``.
    n_paths : int
        Number of independent paths (positive integer).
    seed : int, numpy Generator or None
        Passed to ``np.random.default_rng``.

    Returns
    -------
    ndarray, shape (n_paths, days)
        Daily simple returns.

    Examples
    --------
    >>> autocorrelated_returns(0.8, 30, phi=0.3, n_paths=2, seed=0).shape
    (2, 30)
    """
    sigma = check_range(sigma, "sigma", 0.0, MAX_SIGMA)
    days = check_positive_int(days, "days")
    phi = check_range(phi, "phi", -1.0, 1.0, low_open=True, high_open=True)
    n_paths = check_positive_int(n_paths, "n_paths")
    rng = np.random.default_rng(seed)
    s = sigma / np.sqrt(DAYS_PER_YEAR)
    z = rng.standard_normal((n_paths, days))
    x = np.empty_like(z)
    x[:, 0] = s * z[:, 0]
    scale = np.sqrt(1.0 - phi * phi) * s
    for t in range(1, days):
        x[:, t] = phi * x[:, t - 1] + scale * z[:, t]
    return np.expm1(x)


def naive_multiple(total_return, leverage=3.0):
    """L× spot, ``max(1 + L·R, 0)``: L times the underlying's return over the whole period.

    This is what a token would return if the whole move happened within one rebalancing period,
    and what a position opened once with leverage ``L`` and never rebalanced returns (floored at
    0: a stake cannot be worth less than nothing; a margin position would have been liquidated
    first).

    Parameters
    ----------
    total_return : float or array_like
        Simple return ``R`` of the underlying over the period, ``> −1``.
    leverage : float
        Signed leverage ``L``, non-zero, ``|L| <= 10``.

    Returns
    -------
    float or ndarray
        Value multiple (1.6 for ``R = 0.20``, ``L = 3``).

    Examples
    --------
    >>> round(naive_multiple(0.20, 3), 12)
    1.6
    >>> naive_multiple(-0.5, 3)
    0.0
    """
    R = _returns_array(total_return)
    L = check_leverage(leverage)
    out = np.maximum(1.0 + L * R, 0.0)
    return float(out) if out.ndim == 0 else out


def break_even_volatility(total_return, days, leverage=3.0):
    """Annual volatility at which a continuously rebalanced token ends exactly at L× spot.

    With the continuous-rebalancing formula (Avellaneda & Zhang 2010, math.md §4), the token
    multiple after ``T = days/365`` years is ``(1 + R)^L · exp(−(L² − L)·sigma²·T/2)``. Setting
    it equal to ``1 + L·R`` and solving for ``sigma``:

        sigma* = sqrt( 2 · [L·log(1 + R) − log(1 + L·R)] / ((L² − L)·T) )

    Below ``sigma*`` the token beats L× spot; above it, it lags. For ``L > 1`` or ``L < 0`` the
    bracket is ``>= 0`` (Bernoulli's inequality), so ``sigma*`` exists; it is 0 at ``R = 0`` and
    ``inf`` when ``1 + L·R <= 0`` (L× spot would have lost everything; the token always beats it).

    Parameters
    ----------
    total_return : float or array_like
        Simple return ``R`` of the underlying over the period, ``> −1``.
    days : float
        Length of the period in days (365-day year), ``> 0``.
    leverage : float
        Signed leverage with ``L > 1`` or ``L < 0`` (``|L| <= 10``): for ``0 < L <= 1`` rebalancing
        does not decay the token and there is no break-even volatility.

    Returns
    -------
    float or ndarray
        Annualised volatility ``sigma*`` (0.5587 for +20 % in 30 days at 3x).

    Examples
    --------
    >>> round(break_even_volatility(0.20, 30, 3), 4)
    0.5587
    >>> break_even_volatility(0.0, 30, 3)
    0.0
    """
    R = _returns_array(total_return)
    days = check_range(days, "days", 0.0, low_open=True)
    L = check_leverage(leverage)
    if 0.0 < L <= 1.0:
        raise ValueError("leverage must be > 1 or < 0 for a break-even volatility, "
                         f"got {leverage!r}")
    T = days / DAYS_PER_YEAR
    naive = 1.0 + L * R
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = L * np.log1p(R) - np.log(np.where(naive > 0, naive, 1.0))
        sig = np.sqrt(np.maximum(gap, 0.0) * 2.0 / ((L * L - L) * T))
    out = np.where(naive > 0, sig, np.inf)
    return float(out) if out.ndim == 0 else out


def fraction_beating_naive(returns, leverage=3.0) -> float:
    """Share of paths on which a daily-rebalanced token ends strictly above L× spot.

    For each path (row) the token's final NAV ``LeveragedToken(leverage).nav(r)[-1]`` is compared
    with :func:`naive_multiple` of that path's own total return ``R = Π(1 + r_t) − 1``.

    Parameters
    ----------
    returns : array_like, shape (n_paths, T) or (T,)
        Daily simple returns (finite, ``> −1``).
    leverage : float
        Signed leverage, non-zero, ``|L| <= 10``.

    Returns
    -------
    float
        A fraction in ``[0, 1]``.

    Examples
    --------
    >>> fraction_beating_naive(np.array([[0.1, 0.1], [0.1, -1 / 11]]), 3)
    0.5
    """
    r = check_returns(returns)
    L = check_leverage(leverage)
    token = LeveragedToken(L).nav(r)[..., -1]
    total = Spot().nav(r)[..., -1] - 1.0
    return float(np.mean(token > naive_multiple(total, L)))


def _returns_array(value):
    """A total return (scalar or array), finite and ``> −1``, as a float ndarray."""
    if np.ndim(value) == 0:
        check_real(value, "total_return")
        return np.asarray(_total(value))
    a = check_real_array(value, "total_return")
    if not (np.isfinite(a).all() and (a > -1).all()):
        bad = a[~(np.isfinite(a) & (a > -1))].flat[0]
        raise ValueError(f"total_return must be finite and > -1, got {float(bad)!r}")
    return a
