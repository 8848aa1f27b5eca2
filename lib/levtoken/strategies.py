"""Risks and strategies: who beats whom, the ruin day, sizing, and a capped token.

Conventions (the book's notation page): simple returns, a 365-day year, ``mu`` and ``sigma`` annual, signed leverage
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
from .paths import CLIP_LOG, fat_tailed_returns  # noqa: F401  (re-exported from levtoken.paths)
from .products import CappedToken, LeveragedToken, Simulation, Spot  # noqa: F401
from .theory import (  # noqa: F401  (re-exported: the closed forms live in levtoken.theory)
    beat_naive_probability,
    beat_spot_probability,
    normal_cdf,
    ruin_day_probability,
    ruin_within,
    spot_hurdle,
    student_t3_cdf,
)
from .validation import (
    finite_result,
    MAX_DAYS,
    MAX_LEVERAGE,
    check_bool,
    check_seed,
    check_vector,
    MAX_MU,
    check_count,
    check_days_per_year,
    check_sigma,
    check_size,
    rng_from,
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
    "beat_probabilities",
    "underperformance_grid",
    "stake_for_max_loss",
    "portfolio_nav",
    "growth_by_leverage",
    "standard_error",
]

DAYS_PER_YEAR = _paths.DAYS_PER_YEAR

#: Largest annual volatility the helpers accept (as :func:`levtoken.paths.gbm_returns`).
MAX_SIGMA = _paths.MAX_SIGMA


# ---------------------------------------------------------------------------------------------
# helpers


@finite_result
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
# closed forms under continuous rebalancing (the notation page)


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


@finite_result
def beat_probabilities(leverage=3.0, sigma=0.8, days=365, *, mu=0.0, n_paths=10_000, seed=7,
                       fee_per_day=0.0, holding_days=None, chunk=2_000,
                       days_per_year=DAYS_PER_YEAR) -> dict:
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
        Longest holding period, in days, ``1 <= days <= 36500``.
    mu : float
        Annual drift of the price (per year), ``|mu| <= 10``.
    n_paths : int
        Number of simulated paths, ``1 <= n_paths <= 1e6``.
    seed : int or numpy Generator
        Seed of the generator (same seed, same numbers).
    fee_per_day : float
        The token's management fee per day.
    holding_days : array_like of int or None
        Holding periods to report, each in ``[1, days]``; None: every day ``1 … days``.
    chunk : int
        Paths simulated at once. Memory: the simulation holds ``chunk × days`` returns and NAVs
        at a time; the medians need the NAVs of every path at every reported holding period,
        so the result keeps ``2 × n_paths × len(holding_days)`` values (this part does not
        depend on ``chunk``; ``chunk·days`` and ``n_paths·len(holding_days)`` are each capped at
        2e7 values).
    days_per_year : float
        Days in a year used to scale ``mu`` and ``sigma`` to a day, in ``[1, 366]``.

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
    L = check_leverage(leverage)
    mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
    sigma = check_sigma(sigma)
    days = check_count(days, "days")
    n_paths = check_count(n_paths, "n_paths")
    chunk = check_count(chunk, "chunk")
    dpy = check_days_per_year(days_per_year)
    hold = _holding(holding_days, days)
    check_size(min(chunk, n_paths) * days, "chunk * days")
    check_size(n_paths * hold.size, "n_paths * len(holding_days)")
    token = LeveragedToken(L, fee_per_day=fee_per_day)
    rng = rng_from(seed)
    counts = np.zeros((3, hold.size))
    tok = np.empty((n_paths, hold.size))
    spot = np.empty((n_paths, hold.size))
    done = 0
    while done < n_paths:
        k = min(chunk, n_paths - done)
        r = _paths.gbm_returns(mu=mu, sigma=sigma, days=days, n_paths=k, seed=rng,
                               days_per_year=dpy)
        t_k = tok[done:done + k]
        s_k = spot[done:done + k]
        t_k[:] = token.nav(r)[:, hold]
        s_k[:] = Spot().nav(r)[:, hold]
        del r
        naive = 1.0 + L * (s_k - 1.0)
        counts[0] += (t_k > s_k).sum(axis=0)
        counts[1] += (t_k > naive).sum(axis=0)
        counts[2] += (t_k < 1.0).sum(axis=0)
        done += k
    p = counts / n_paths
    se = np.sqrt(p * (1.0 - p) / n_paths)
    return {
        "days": hold, "beats_spot": p[0], "beats_naive": p[1], "loses_money": p[2],
        "se_spot": se[0], "se_naive": se[1], "se_loss": se[2],
        "median_token": np.median(tok, axis=0), "median_spot": np.median(spot, axis=0),
        "median_naive": 1.0 + L * (np.median(spot, axis=0) - 1.0),
        "mean_token": tok.mean(axis=0), "n_paths": n_paths,
    }


@lru_cache(maxsize=4)
def _normals(n_paths: int, days: int, seed: int, single: bool = False
             ) -> tuple[np.ndarray, np.ndarray]:
    """Seeded standard normals ``(n_paths, days)`` and their running sums (read-only, cached).

    The same draws as ``paths.gbm_returns(..., n_paths, days, seed=seed)`` uses; ``single``
    returns the normals as float32 (the running sums stay float64).
    """
    z = _paths.standard_normals(n_paths, days=days, seed=seed)      # the library's one cached draw
    w = np.cumsum(z, axis=1)
    if single:
        z = z.astype(np.float32)
    z.flags.writeable = False
    w.flags.writeable = False
    return z, w


@finite_result
def underperformance_grid(leverage=3.0, mu=0.0, sigmas=(0.8,), holding_days=(365,),
                          n_paths=1_000, seed=7, single=False, *,
                          days_per_year=DAYS_PER_YEAR) -> dict:
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
    mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
    sig = check_vector(sigmas, "sigmas", low=0.0, high=MAX_SIGMA)
    hold = check_vector(holding_days, "holding_days", low=1.0, high=MAX_DAYS, integer=True)
    n_paths = check_count(n_paths, "n_paths")
    seed = check_seed(seed)
    single = check_bool(single, "single")
    dpy = check_days_per_year(days_per_year)
    days = int(hold.max())
    check_size(2 * n_paths * days, "2 * n_paths * max(holding_days)")
    z, w = _normals(n_paths, days, seed, single)
    ends, order = np.unique(hold, return_inverse=True)       # sorted distinct holding periods
    starts = np.concatenate([[0], ends[:-1]])
    dt = 1.0 / dpy
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


@finite_result
def growth_by_leverage(leverages, mu, sigma, days=365, n_paths=4_000, seed=11, *,
                       days_per_year=DAYS_PER_YEAR) -> dict:
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
        ``leverages``, ``simulated`` (median of ``ln NAV_T`` divided by ``T`` in years; a
        ruined path counts as the smallest positive NAV, ``ln(5e-324) = −744.4``, so when more
        than half the paths are ruined the growth is ``−744.4/T``: bounded, never ``-inf``) and
        ``theory`` (``L·μ − L²σ²/2``).

    Examples
    --------
    >>> g = growth_by_leverage([1, 2], 0.3, 0.5, days=365, n_paths=2_000, seed=0)
    >>> [round(float(x), 3) for x in g["theory"]]
    [0.175, 0.1]
    """
    levs = check_vector(leverages, "leverages", low=-MAX_LEVERAGE, high=MAX_LEVERAGE, nonzero=True)
    mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
    sigma = check_sigma(sigma)
    days = check_count(days, "days")
    dpy = check_days_per_year(days_per_year)
    r = _paths.gbm_returns(mu=mu, sigma=sigma, days=days, n_paths=n_paths, seed=seed,
                           days_per_year=dpy)
    years = days / dpy
    tiny = np.nextafter(0.0, 1.0)
    sim = []
    for lev in levs:
        end = LeveragedToken(float(lev)).nav(r)[:, -1]
        sim.append(float(np.median(np.log(np.maximum(end, tiny)))) / years)
    return {"leverages": levs, "simulated": np.array(sim),
            "theory": levs * mu - 0.5 * levs * levs * sigma * sigma}


# ---------------------------------------------------------------------------------------------
# the ruin day


# ---------------------------------------------------------------------------------------------
# position sizing


@finite_result
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


@finite_result
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
