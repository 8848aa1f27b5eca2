"""Risks and strategies (chapter 7): who beats whom, the ruin day, sizing, and a capped token.

Conventions (math.md): simple returns, a 365-day year, ``mu`` and ``sigma`` annual, signed leverage
``L``, NAV starting at 1.0. Prices follow a geometric Brownian motion unless a name says
``fat_tailed``: the log return of one step of ``dt`` years is ``N((mu − sigma²/2)·dt, sigma²·dt)``.

Three benchmarks for a token held ``T`` days:

* **spot** — the underlying itself, ``S_T / S_0``;
* **L× spot** — the naive promise ``1 + L·(S_T/S_0 − 1)``: ``L`` times spot's return over the whole
  holding period (it goes below zero when spot falls by more than ``1/L``);
* the token's own start, ``1`` (did the holder lose money?).

Examples
--------
>>> from levtoken import strategies
>>> round(strategies.beat_spot_probability(3, 0.0, 0.8, 1.0), 4)     # Φ(−1.6)
0.0548
>>> strategies.CappedToken(3, max_daily_gain=0.2).nav([0.10, -0.05]).round(6).tolist()
[1.0, 1.2, 1.02]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import paths as _paths
from .products import LeveragedToken, Simulation, Spot
from .validation import (
    InvalidTypeError,
    check_finite,
    check_leverage,
    check_positive_int,
    check_range,
    check_real_array,
    check_returns,
    check_array,
    scalar_or_array,
)

__all__ = [
    "CappedToken",
    "normal_cdf",
    "student_t3_cdf",
    "beat_spot_probability",
    "beat_naive_probability",
    "beat_probabilities",
    "underperformance_grid",
    "spot_hurdle",
    "ruin_day_probability",
    "ruin_within",
    "fat_tailed_returns",
    "stake_for_max_loss",
    "portfolio_nav",
    "growth_by_leverage",
    "standard_error",
]

DAYS_PER_YEAR = _paths.DAYS_PER_YEAR

#: Largest annual volatility the helpers accept (as :func:`levtoken.paths.gbm_returns`).
MAX_SIGMA = _paths.MAX_SIGMA

#: Fat-tailed log returns are clipped to ±CLIP_LOG (a factor e^30): far beyond any draw that
#: matters, and it keeps every simple return finite and > −1.
CLIP_LOG = 30.0


# ---------------------------------------------------------------------------------------------
# helpers


def _leverage_array(value, name="leverage"):
    a = check_real_array(value, name)
    bad = ~np.isfinite(a) | (a == 0)
    if bad.any():
        v = float(a[bad].flat[0]) if a.ndim else float(a)
        raise ValueError(f"{name} must be non-zero and finite, got {v!r}")
    return a


_erfc = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x):
    """Standard normal distribution function ``Φ(x) = erfc(−x/√2)/2``, accurate in both tails.

    Parameters
    ----------
    x : float or array_like

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(normal_cdf(-1.6), 6)
    0.054799
    """
    a = check_real_array(x, "x")
    return scalar_or_array(0.5 * np.asarray(_erfc(-a / math.sqrt(2.0)), dtype=float))


def student_t3_cdf(x):
    """Distribution function of Student's t with 3 degrees of freedom (closed form).

        F(x) = 1/2 + (1/π)·[ (x/√3)/(1 + x²/3) + arctan(x/√3) ]

    evaluated in the left tail as ``(1/π)·[arctan(√3/|x|) − √3·|x|/(3 + x²)]`` (no cancellation
    against 1/2), and by symmetry on the right.

    Parameters
    ----------
    x : float or array_like
        In units of the *unscaled* t variable (its variance is 3).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> student_t3_cdf(0.0)
    0.5
    >>> round(student_t3_cdf(-3.182446), 4)       # the two-sided 95 % point of t(3)
    0.025
    """
    a = check_real_array(x, "x")
    ax = np.abs(a)
    with np.errstate(divide="ignore"):
        left = (np.arctan(np.where(ax > 0, np.sqrt(3.0) / np.where(ax > 0, ax, 1.0), np.inf))
                - np.sqrt(3.0) * ax / (3.0 + ax * ax)) / np.pi
    return scalar_or_array(np.where(a <= 0, left, 1.0 - left))


def standard_error(p, n_paths):
    """Standard error of a Monte Carlo probability: ``sqrt(p·(1 − p)/n)``.

    Parameters
    ----------
    p : float or array_like
        Estimated probability, in ``[0, 1]``.
    n_paths : int
        Number of independent paths behind the estimate.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> standard_error(0.5, 10_000)
    0.005
    """
    pa = check_array(p, "p", low=0.0, high=1.0)
    n = check_positive_int(n_paths, "n_paths")
    return scalar_or_array(np.sqrt(pa * (1.0 - pa) / n))


# ---------------------------------------------------------------------------------------------
# closed forms under continuous rebalancing (math.md §4)


def spot_hurdle(leverage, sigma, years):
    """Log return spot must beat for a continuously rebalanced token to beat spot: ``L·σ²·T/2``.

    From ``N_T = S_T^L · exp(−(L² − L)σ²T/2)``: for ``L > 1``, ``N_T > S_T`` exactly when
    ``ln S_T > L·σ²·T/2``. The hurdle grows linearly with ``T``, while typical moves grow like
    ``σ·√T``: short holdings need a small move, long holdings a large one.

    Parameters
    ----------
    leverage : float or array_like
        Leverage ``L > 1``.
    sigma : float or array_like
        Annualised volatility, ``>= 0``.
    years : float or array_like
        Holding period in years, ``>= 0``.

    Returns
    -------
    float or ndarray
        The hurdle as a log return; ``exp(hurdle) − 1`` is the simple return.

    Examples
    --------
    >>> round(spot_hurdle(3, 0.8, 1.0), 4)
    0.96
    """
    L = check_array(leverage, "leverage", low=1.0, low_open=True)
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA)
    T = check_array(years, "years", low=0.0)
    return scalar_or_array(0.5 * L * s * s * T)


def beat_spot_probability(leverage, mu, sigma, years):
    """P(token > spot) after ``T`` years, continuous rebalancing, no costs (closed form).

    ``ln(N_T/S_T) = (L − 1)·ln S_T − (L² − L)σ²T/2`` is normal, so

        P = Φ( sign(L − 1) · (μ − σ²/2 − L·σ²/2) · √T / σ )

    For ``L > 1`` this is ``Φ((μ − (L + 1)σ²/2)·√T/σ)``: with ``μ = 0``, ``L = 3``,
    ``σ = 0.8``, ``T = 1`` it is ``Φ(−1.6) ≈ 5.5 %``.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage, ``L != 1`` and ``L != 0``.
    mu : float or array_like
        Annual drift of the price (per year).
    sigma : float or array_like
        Annualised volatility, ``0 < sigma <= 5``.
    years : float or array_like
        Holding period in years, ``> 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(beat_spot_probability(3, 0.0, 0.8, 1.0), 4)
    0.0548
    """
    L = _leverage_array(leverage)
    if (L == 1).any():
        raise ValueError("leverage must differ from 1 (a 1x token is spot), got 1.0")
    m = check_array(mu, "mu")
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA, low_open=True)
    T = check_array(years, "years", low=0.0, low_open=True)
    z = np.sign(L - 1.0) * (m - 0.5 * s * s - 0.5 * L * s * s) * np.sqrt(T) / s
    return normal_cdf(z)


def beat_naive_probability(leverage, mu, sigma, years, iterations=80):
    """P(token > L× spot) after ``T`` years, continuous rebalancing, no costs (closed form).

    With ``D = exp(−(L² − L)σ²T/2)`` the token beats the naive ``1 + L·(S − 1)`` where

        f(S) = D·S^L − 1 − L·(S − 1) > 0.

    For ``L > 1`` or ``L < 0``, ``f`` is convex in ``S > 0`` with its minimum at
    ``S* = D^(−1/(L − 1))``, where ``f(S*) = (L − 1)(1 − S*) < 0``; so ``f`` has two roots
    ``s1 < S* < s2`` (found by bisection on ``ln S``) and

        P = Φ((ln s1 − m)/v) + 1 − Φ((ln s2 − m)/v),   m = (μ − σ²/2)·T,  v = σ·√T.

    For a long token, the low branch ``S < s1`` is mostly where ``L× spot`` has fallen below
    zero (spot down more than ``1/L``): there the token, which never goes below 0, "wins".

    Parameters
    ----------
    leverage : float or array_like
        Leverage with ``L > 1`` or ``L < 0``.
    mu : float or array_like
        Annual drift (per year).
    sigma : float or array_like
        Annualised volatility, ``0 < sigma <= 5``.
    years : float or array_like
        Holding period in years, ``> 0``.
    iterations : int
        Bisection steps per root (80 halves a bracket of width 40 in ``ln S`` to ~1e-23).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(beat_naive_probability(3, 0.0, 0.8, 1.0), 3)
    0.484
    """
    L = _leverage_array(leverage)
    if ((L > 0) & (L <= 1)).any():
        raise ValueError("leverage must be > 1 or < 0 for beat_naive_probability, got "
                         f"{float(L[(L > 0) & (L <= 1)].flat[0])!r}")
    m = check_array(mu, "mu")
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA, low_open=True)
    T = check_array(years, "years", low=0.0, low_open=True)
    iterations = check_positive_int(iterations, "iterations")
    L, m, s, T = np.broadcast_arrays(L, m, s, T)
    log_d = -0.5 * (L * L - L) * s * s * T
    log_star = -log_d / (L - 1.0)                     # ln S*

    def f(log_s):
        with np.errstate(over="ignore"):
            return np.exp(log_d + L * log_s) - 1.0 - L * np.expm1(log_s)

    f_star = f(log_star)

    def root(lo, hi, f_lo_positive):
        lo, hi = lo.copy(), hi.copy()
        for _ in range(iterations):
            mid = 0.5 * (lo + hi)
            pos = f(mid) > 0
            go_lo = pos if f_lo_positive else ~pos     # move the end whose sign mid shares
            lo = np.where(go_lo, mid, lo)
            hi = np.where(go_lo, hi, mid)
        return 0.5 * (lo + hi)

    width = 20.0
    s1 = root(log_star - width, log_star, True)       # f > 0 left of s1
    s2 = root(log_star, log_star + width, False)      # f < 0 left of s2
    mean, sd = (m - 0.5 * s * s) * T, s * np.sqrt(T)
    p = (np.asarray(normal_cdf((s1 - mean) / sd))
         + 1.0 - np.asarray(normal_cdf((s2 - mean) / sd)))
    return scalar_or_array(np.where(f_star >= 0, 1.0, np.clip(p, 0.0, 1.0)))


# ---------------------------------------------------------------------------------------------
# Monte Carlo on seeded GBM paths


def _holding(holding_days, days):
    if holding_days is None:
        return np.arange(1, days + 1)
    h = np.asarray(holding_days)
    if h.ndim != 1 or h.size == 0 or h.dtype.kind not in "iu":
        raise InvalidTypeError(
            f"holding_days must be a non-empty 1-D array of integers, got {holding_days!r}")
    if h.min() < 1 or h.max() > days:
        raise ValueError(f"holding_days must be in [1, days] = [1, {days}], got "
                         f"{int(h.min()) if h.min() < 1 else int(h.max())}")
    return h.astype(int)


def beat_probabilities(leverage=3.0, sigma=0.8, days=365, mu=0.0, n_paths=10_000, seed=7,
                       fee_per_day=0.0, holding_days=None, chunk=2_000) -> dict:
    """Monte Carlo: how often a daily token beats spot, L× spot and its own start, by holding day.

    Draws ``n_paths`` seeded GBM paths (:func:`levtoken.paths.gbm_returns`, in chunks of
    ``chunk`` paths from one generator, so the result does not depend on ``chunk``), runs them
    through :class:`~levtoken.products.LeveragedToken` and :class:`~levtoken.products.Spot`, and
    counts, for each holding period ``h`` (days), the paths where

    * ``token_h > spot_h`` (``beats_spot``),
    * ``token_h > 1 + L·(spot_h − 1)`` (``beats_naive``: L× spot's return),
    * ``token_h < 1`` (``loses_money``).

    Parameters
    ----------
    leverage : float
        Signed leverage of the daily token.
    sigma : float
        Annualised volatility, ``0 <= sigma <= 5``.
    days : int
        Longest holding period, in days.
    mu : float
        Annual drift of the price (per year).
    n_paths : int
        Number of simulated paths.
    seed : int
        Seed of the generator (same seed, same numbers).
    fee_per_day : float
        The token's management fee per day.
    holding_days : array_like of int or None
        Holding periods to report, each in ``[1, days]``; None: every day ``1 … days``.
    chunk : int
        Paths simulated at once (memory only).

    Returns
    -------
    dict
        ``days`` (the holding periods), ``beats_spot``, ``beats_naive``, ``loses_money``
        (fractions of paths), their standard errors ``se_spot``, ``se_naive``, ``se_loss``,
        the medians ``median_token``, ``median_spot``, ``median_naive`` and the mean
        ``mean_token`` of the NAVs at each holding period, and ``n_paths``.

    Examples
    --------
    >>> res = beat_probabilities(3, 0.8, days=30, n_paths=2_000, seed=1, holding_days=[30])
    >>> bool(0.2 < res["beats_spot"][0] < 0.5)
    True
    """
    check_leverage(leverage)
    mu = check_finite(mu, "mu")
    sigma = check_range(sigma, "sigma", 0.0, MAX_SIGMA)
    days = check_positive_int(days, "days")
    n_paths = check_positive_int(n_paths, "n_paths")
    chunk = check_positive_int(chunk, "chunk")
    hold = _holding(holding_days, days)
    token = LeveragedToken(leverage, fee_per_day=fee_per_day)
    rng = np.random.default_rng(seed)
    counts = np.zeros((3, hold.size))
    tok_all, spot_all = [], []
    done = 0
    while done < n_paths:
        k = min(chunk, n_paths - done)
        r = _paths.gbm_returns(mu=mu, sigma=sigma, days=days, n_paths=k, seed=rng)
        tok = token.nav(r)[:, hold]
        spot = Spot().nav(r)[:, hold]
        naive = 1.0 + leverage * (spot - 1.0)
        counts[0] += (tok > spot).sum(axis=0)
        counts[1] += (tok > naive).sum(axis=0)
        counts[2] += (tok < 1.0).sum(axis=0)
        tok_all.append(tok)
        spot_all.append(spot)
        done += k
    tok, spot = np.concatenate(tok_all), np.concatenate(spot_all)
    p = counts / n_paths
    se = np.sqrt(p * (1.0 - p) / n_paths)
    return {
        "days": hold, "beats_spot": p[0], "beats_naive": p[1], "loses_money": p[2],
        "se_spot": se[0], "se_naive": se[1], "se_loss": se[2],
        "median_token": np.median(tok, axis=0), "median_spot": np.median(spot, axis=0),
        "median_naive": 1.0 + leverage * (np.median(spot, axis=0) - 1.0),
        "mean_token": tok.mean(axis=0), "n_paths": n_paths,
    }


@lru_cache(maxsize=4)
def _normals(n_paths: int, days: int, seed: int, single: bool = False
             ) -> tuple[np.ndarray, np.ndarray]:
    """Seeded standard normals ``(n_paths, days)`` and their running sums (read-only, cached).

    The same draws as ``paths.gbm_returns(..., n_paths, days, seed=seed)`` uses; ``single``
    returns the normals as float32 (the running sums stay float64).
    """
    z = np.random.default_rng(seed).standard_normal((n_paths, days))
    w = np.cumsum(z, axis=1)
    if single:
        z = z.astype(np.float32)
    z.flags.writeable = False
    w.flags.writeable = False
    return z, w


def underperformance_grid(leverage=3.0, mu=0.0, sigmas=(0.8,), holding_days=(365,),
                          n_paths=1_000, seed=7, single=False) -> dict:
    """Fast grid of P(token < spot) and P(token < L× spot) over volatility × holding period.

    For the live panel: the standard normals are drawn once per ``(n_paths, days, seed)`` and
    cached; each volatility only rescales them. The daily token, no costs, is computed as in
    :class:`~levtoken.products.LeveragedToken` (``NAV_t = Π max(1 + L·r, 0)``), in logs:

        ln S_h = (μ − σ²/2)·h·dt + σ·√dt·W_h,       ln N_h = Σ_{t<=h} ln max(1 + L·r_t, 0),

    with ``W_h`` the running sum of the normals (the same draws as :func:`beat_probabilities`
    with the same seed and ``n_paths``).

    Parameters
    ----------
    leverage : float
        Signed leverage of the daily token.
    mu : float
        Annual drift (per year).
    sigmas : sequence of float
        Annualised volatilities, each in ``[0, 5]``.
    holding_days : sequence of int
        Holding periods in days (positive integers).
    n_paths : int
        Number of paths.
    seed : int
        Seed of the cached normals.
    single : bool
        Do the per-day arithmetic in float32 (about twice as fast; a path whose token and
        benchmark differ by less than ~1e-6 in log may land on the other side: use it for
        pictures, not for asserted numbers).

    Returns
    -------
    dict
        ``sigmas``, ``days``, ``under_spot``, ``under_naive`` and ``loses_money`` (arrays of
        shape ``(len(sigmas), len(days))``: fractions of paths where the token ends below spot,
        below L× spot, below its start 1), and ``n_paths``. With ``h = 1`` the daily token *is*
        L× spot (equal up to rounding), so start holding periods at 2 days for ``under_naive``.

    Examples
    --------
    >>> g = underperformance_grid(3, 0.0, sigmas=[0.8], holding_days=[365], n_paths=500, seed=1)
    >>> g["under_spot"].shape
    (1, 1)
    """
    L = check_leverage(leverage)
    mu = check_finite(mu, "mu")
    sig = np.array([check_range(s, "sigma", 0.0, MAX_SIGMA) for s in np.ravel(sigmas)])
    if sig.size == 0:
        raise ValueError("sigmas must hold at least one volatility, got an empty sequence")
    hold = np.array([check_positive_int(h, "holding_days") for h in np.ravel(holding_days)])
    if hold.size == 0:
        raise ValueError("holding_days must hold at least one period, got an empty sequence")
    n_paths = check_positive_int(n_paths, "n_paths")
    days = int(hold.max())
    z, w = _normals(n_paths, days, int(seed), bool(single))
    ends, order = np.unique(hold, return_inverse=True)       # sorted distinct holding periods
    starts = np.concatenate([[0], ends[:-1]])
    dt = 1.0 / DAYS_PER_YEAR
    idx = hold - 1
    under_spot = np.empty((sig.size, hold.size))
    under_naive = np.empty_like(under_spot)
    loses = np.empty_like(under_spot)
    buf = np.empty((n_paths, days), dtype=z.dtype)
    for i, s in enumerate(sig):
        c, b = (mu - 0.5 * s * s) * dt, s * math.sqrt(dt)
        np.multiply(z, z.dtype.type(b), out=buf)
        buf += z.dtype.type(c)
        np.expm1(buf, out=buf)                       # simple returns
        buf *= L
        buf += 1.0
        np.maximum(buf, 0.0, out=buf)                # ruin floors the NAV at 0
        with np.errstate(divide="ignore"):
            np.log(buf, out=buf)
        # ln N_h for the requested h only: sums over the segments between them, then a short
        # running sum (three times faster than a cumsum over every day)
        seg = np.add.reduceat(buf, starts, axis=1).astype(float, copy=False)
        log_tok = np.cumsum(seg, axis=1)[:, order]
        log_spot = c * hold + b * w[:, idx]
        under_spot[i] = (log_tok < log_spot).mean(axis=0)
        under_naive[i] = (np.exp(log_tok) < 1.0 + L * np.expm1(log_spot)).mean(axis=0)
        loses[i] = (log_tok < 0.0).mean(axis=0)
    return {"sigmas": sig, "days": hold, "under_spot": under_spot, "under_naive": under_naive,
            "loses_money": loses, "n_paths": n_paths}


def growth_by_leverage(leverages, mu, sigma, days=365, n_paths=4_000, seed=11) -> dict:
    """Median log growth per year of daily tokens on the same simulated paths, by leverage.

    The simulated counterpart of :func:`levtoken.theory.growth_rate` (``L·μ − L²σ²/2``, the
    growth of the *median* holder), largest near the Kelly leverage ``μ/σ²``.

    Parameters
    ----------
    leverages : sequence of float
        Signed leverages (each non-zero, ``|L| <= 10``).
    mu : float
        Annual drift (per year).
    sigma : float
        Annualised volatility, ``0 <= sigma <= 5``.
    days : int
        Holding period in days.
    n_paths : int
        Number of paths (shared by every leverage).
    seed : int
        Seed of the paths.

    Returns
    -------
    dict
        ``leverages``, ``simulated`` (median of ``ln NAV_T`` divided by ``T`` in years; ``-inf``
        if more than half the paths are ruined) and ``theory`` (``L·μ − L²σ²/2``).

    Examples
    --------
    >>> g = growth_by_leverage([1, 2], 0.3, 0.5, days=365, n_paths=2_000, seed=0)
    >>> [round(float(x), 3) for x in g["theory"]]
    [0.175, 0.1]
    """
    levs = np.array([check_leverage(x) for x in np.ravel(leverages)])
    if levs.size == 0:
        raise ValueError("leverages must hold at least one leverage, got an empty sequence")
    mu = check_finite(mu, "mu")
    sigma = check_range(sigma, "sigma", 0.0, MAX_SIGMA)
    days = check_positive_int(days, "days")
    r = _paths.gbm_returns(mu=mu, sigma=sigma, days=days, n_paths=n_paths, seed=seed)
    years = days / DAYS_PER_YEAR
    sim = []
    for lev in levs:
        end = LeveragedToken(lev).nav(r)[:, -1]
        with np.errstate(divide="ignore"):
            sim.append(float(np.median(np.log(end))) / years)
    return {"leverages": levs, "simulated": np.array(sim),
            "theory": levs * mu - 0.5 * levs * levs * sigma * sigma}


# ---------------------------------------------------------------------------------------------
# the ruin day


def ruin_day_probability(leverage, sigma, mu=0.0, steps_per_day=1, tails="normal"):
    """Probability that one rebalancing period's move reaches the ruin move ``−1/L``.

    The log return of one period of ``dt = 1/(365·steps_per_day)`` years is
    ``X = (μ − σ²/2)·dt + σ·√dt·ε``, with ``ε`` standard normal (``tails="normal"``) or a
    Student t with 3 degrees of freedom scaled to variance 1 (``tails="t3"``, fat tails: same
    volatility, far more extreme days). A long token (``L > 1``) is ruined when
    ``X <= ln(1 − 1/L)``; an inverse token (``L < 0``) when ``X >= ln(1 + 1/|L|)``; a token with
    ``0 < L <= 1`` can't be ruined by one move (probability 0).

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage, non-zero.
    sigma : float or array_like
        Annualised volatility, ``0 < sigma <= 5``.
    mu : float or array_like
        Annual drift (per year).
    steps_per_day : int
        Rebalancing periods per day (1: a daily token).
    tails : {"normal", "t3"}
        Shape of the period's return distribution.

    Returns
    -------
    float or ndarray
        Probability per rebalancing period.

    Examples
    --------
    >>> round(ruin_day_probability(5, 1.2) * 1e4, 2)         # 5x, 120 % vol: ~2 in 10 000 days
    2.15
    >>> ruin_day_probability(3, 0.8) < 1e-20                # 3x, 80 %: z ≈ −9.7
    True
    """
    L = _leverage_array(leverage)
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA, low_open=True)
    m = check_array(mu, "mu")
    spd = check_positive_int(steps_per_day, "steps_per_day")
    if tails not in ("normal", "t3"):
        raise ValueError(f"tails must be 'normal' or 't3', got {tails!r}")
    dt = 1.0 / (DAYS_PER_YEAR * spd)
    L, s, m = np.broadcast_arrays(L, s, m)
    mean, sd = (m - 0.5 * s * s) * dt, s * np.sqrt(dt)
    long = L > 1
    short = L < 0
    with np.errstate(divide="ignore", invalid="ignore"):
        edge = np.where(long, np.log1p(-1.0 / np.where(long, L, 2.0)),
                        np.log1p(1.0 / np.abs(np.where(short, L, -1.0))))
    # standardised distance into the ruin tail: P = F(−d), d >= 0 usually
    d = np.where(long, (mean - edge) / sd, (edge - mean) / sd)
    if tails == "normal":
        p = np.asarray(normal_cdf(-d))
    else:
        p = np.asarray(student_t3_cdf(-d * np.sqrt(3.0)))
    return scalar_or_array(np.where(long | short, p, 0.0))


def ruin_within(p_period, periods):
    """Probability of at least one ruin period among ``n`` independent ones: ``1 − (1 − p)^n``.

    Parameters
    ----------
    p_period : float or array_like
        Probability per period, in ``[0, 1]``.
    periods : float or array_like
        Number of periods, ``>= 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(ruin_within(0.01, 365), 4)
    0.9745
    """
    p = check_array(p_period, "p_period", low=0.0, high=1.0)
    n = check_array(periods, "periods", low=0.0)
    with np.errstate(divide="ignore"):
        return scalar_or_array(-np.expm1(n * np.log1p(-p)))


def fat_tailed_returns(mu=0.0, sigma=0.8, days=365, n_paths=1, steps_per_day=1, seed=None):
    """Simple returns whose log returns are Student t(3), scaled to volatility ``sigma``.

        log(1 + r) = (μ − σ²/2)·dt + σ·√dt·T₃/√3,   dt = 1/(365·steps_per_day)

    ``T₃/√3`` has variance 1, so the annualised volatility is ``sigma`` as for
    :func:`levtoken.paths.gbm_returns`, but extreme steps are far more frequent. Log returns are
    clipped to ±30 so every simple return stays finite and ``> −1``. Use it for tail
    questions (the ruin day), not for means: a t-distributed log return has no finite mean
    of ``exp``.

    Parameters
    ----------
    mu, sigma, days, n_paths, steps_per_day, seed
        As in :func:`levtoken.paths.gbm_returns`.

    Returns
    -------
    ndarray, shape (n_paths, days * steps_per_day)

    Examples
    --------
    >>> fat_tailed_returns(sigma=0.8, days=10, n_paths=2, seed=0).shape
    (2, 10)
    """
    x = _paths.log_returns_from_shocks(
        mu, sigma, days, n_paths, steps_per_day, seed,
        lambda rng, shape: rng.standard_t(3, size=shape) / math.sqrt(3.0))  # unit variance
    return np.expm1(np.clip(x, -CLIP_LOG, CLIP_LOG))


# ---------------------------------------------------------------------------------------------
# position sizing


def stake_for_max_loss(max_loss, leverage=3.0, move=None):
    """Largest share of a portfolio to put in a token so one bad period costs at most ``max_loss``.

    A stake ``s`` in a token loses ``s·min(max(−L·move, 0), 1)`` of the portfolio when the
    underlying moves by ``move`` within one rebalancing period (a token can't lose more than
    everything). So

        s = min(1, max_loss / loss_per_unit)

    and with ``move=None`` the period is the **ruin day** (loss per unit 1): ``s = max_loss``.

    Parameters
    ----------
    max_loss : float
        Largest acceptable loss as a share of the portfolio, in ``(0, 1]``.
    leverage : float
        Signed leverage of the token.
    move : float or None
        The adverse one-period move to plan for (``> −1``); None: a move that ruins the token.

    Returns
    -------
    float
        Share of the portfolio, in ``(0, 1]``.

    Examples
    --------
    >>> stake_for_max_loss(0.05)                       # ruin day: the stake is the loss
    0.05
    >>> round(stake_for_max_loss(0.05, 3, -0.20), 4)   # a -20 % day costs a 3x token 60 %
    0.0833
    """
    x = check_range(max_loss, "max_loss", 0.0, 1.0, low_open=True)
    L = check_leverage(leverage)
    if move is None:
        per_unit = 1.0
    else:
        mv = check_range(move, "move", -1.0, None, low_open=True)
        per_unit = min(max(-L * mv, 0.0), 1.0)
    return 1.0 if per_unit == 0.0 else min(1.0, x / per_unit)


def portfolio_nav(stake, token_nav):
    """Value of a portfolio (start 1) with ``stake`` in a token and the rest in cash (0 %).

        value = (1 − stake) + stake · token_nav

    Buy and hold: the stake is not topped up. It can never fall below ``1 − stake``.

    Parameters
    ----------
    stake : float
        Share in the token, in ``[0, 1]``.
    token_nav : array_like
        Token NAV (start 1), ``>= 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> portfolio_nav(0.05, 0.0)
    0.95
    """
    s = check_range(stake, "stake", 0.0, 1.0)
    nav = check_array(token_nav, "token_nav", low=0.0)
    return scalar_or_array((1.0 - s) + s * nav)


# ---------------------------------------------------------------------------------------------
# a token whose issuer caps the daily gain


@dataclass(frozen=True)
class CappedToken:
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
        f = check_range(self.fee_per_day, "fee_per_day", 0.0, 1.0, high_open=True)
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

    def _multiples(self, r: np.ndarray) -> np.ndarray:
        m = np.maximum(1.0 + self.leverage * r, 0.0)
        if self.max_daily_gain is not None:
            np.minimum(m, 1.0 + self.max_daily_gain, out=m)
        if self.fee_per_day:
            m *= 1.0 - self.fee_per_day
        return m

    def nav(self, returns) -> np.ndarray:
        """NAV path, shape ``(..., T + 1)``, ``nav[..., 0] == 1.0`` (see the class Notes)."""
        r = check_returns(returns)
        out = np.empty(r.shape[:-1] + (r.shape[-1] + 1,))
        out[..., 0] = 1.0
        np.cumprod(self._multiples(r), axis=-1, out=out[..., 1:])
        return out

    def expected_multiple(self, sigma, mu=0.0, days=365) -> float:
        """Exact mean NAV after ``days`` days on GBM daily returns: ``(E[m])^days``.

        The days are independent, so the mean of the product is the product of the means. With
        ``1 + r = e^X``, ``X ~ N(a, b²)``, ``a = (μ − σ²/2)/365``, ``b = σ/√365``, the day's
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
            Holding period in days.

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
        s = check_range(sigma, "sigma", 0.0, MAX_SIGMA, low_open=True)
        mu = check_finite(mu, "mu")
        days = check_positive_int(days, "days")
        L, g = self.leverage, self.max_daily_gain
        a, b = (mu - 0.5 * s * s) / DAYS_PER_YEAR, s / math.sqrt(DAYS_PER_YEAR)
        inf = math.inf
        if L > 0:
            lo = math.log1p(-1.0 / L) if L > 1 else -inf
            hi = inf if g is None else math.log1p(g / L)
            p_cap = 0.0 if g is None else 1.0 - normal_cdf((hi - a) / b)
        else:
            hi = math.log1p(1.0 / abs(L))
            lo = -inf if (g is None or g >= abs(L)) else math.log1p(g / L)
            p_cap = 0.0 if lo == -inf else normal_cdf((lo - a) / b)

        def cdf(x, shift=0.0):
            return 0.0 if x == -inf else 1.0 if x == inf else normal_cdf((x - a - shift) / b)

        p_lin = cdf(hi) - cdf(lo)
        e_lin = math.exp(a + 0.5 * b * b) * (cdf(hi, b * b) - cdf(lo, b * b))
        cap_level = 0.0 if g is None else 1.0 + g
        day = ((1.0 - L) * p_lin + L * e_lin + cap_level * p_cap) * (1.0 - self.fee_per_day)
        return float(day ** days)

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
