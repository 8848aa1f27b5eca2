"""Return paths: every sampler and named path shape of the library, in one place.

Everything here returns plain numpy arrays of **simple returns** ``r = P_t / P_{t-1} - 1``, one per
step (conventions of the book's notation page: ``mu`` and ``sigma`` per year, a year of ``days_per_year`` days, 365 by
default; 252 reproduces the trading-day year of the leveraged-ETF literature).

Random samplers (all seeded: the default seed is the fixed :data:`~levtoken.validation.DEFAULT_SEED`, so every call is
reproducible; pass another integer, or a ``numpy.random.Generator`` for a stream of draws):

:func:`gbm_returns`
    Geometric Brownian motion.
:func:`fat_tailed_returns`
    The same volatility with Student-t(3) shocks (fat tails).
:func:`bridge_returns` / :func:`random_path`
    GBM paths conditioned to end at a given total return (a Brownian bridge in log price).
:func:`autocorrelated_returns`
    Daily log returns with AR(1) autocorrelation (momentum or mean reversion).
:func:`standard_normals` / :func:`daily_log_returns`
    One cached draw, rescaled to any drift and volatility (for live panels).

Deterministic shapes: :func:`steady_trend`, :func:`choppy_path`, :func:`crash_and_recover`,
:func:`sideways`, :func:`constant_returns`, :func:`spread_daily`; and the conversions
:func:`prices_from_returns` / :func:`returns_from_prices`.

Examples
--------
>>> from levtoken import paths
>>> r = paths.gbm_returns(sigma=0.8, days=30, n_paths=2, seed=0)
>>> r.shape
(2, 30)
>>> paths.prices_from_returns([0.05, -0.04]).round(3).tolist()
[1.0, 1.05, 1.008]
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .validation import (
    finite_result,
    DAYS_PER_YEAR,
    DEFAULT_SEED,
    MAX_MU,
    MAX_SIGMA,
    MAX_VALUES,
    check_count,
    check_days_per_year,
    check_range,
    check_real_array,
    check_returns,
    check_seed,
    check_sigma,
    check_size,
    rng_from,
)

__all__ = [
    "gbm_returns",
    "log_returns_from_shocks",
    "fat_tailed_returns",
    "bridge_returns",
    "random_path",
    "autocorrelated_returns",
    "standard_normals",
    "daily_log_returns",
    "steady_trend",
    "choppy_path",
    "crash_and_recover",
    "sideways",
    "constant_returns",
    "spread_daily",
    "prices_from_returns",
    "returns_from_prices",
    "DAYS_PER_YEAR",
    "DEFAULT_SEED",
    "MAX_SIGMA",
    "MAX_SWING",
    "CLIP_LOG",
    "MAX_CACHED_VALUES",
]

#: Largest daily swing accepted by :func:`choppy_path` (100 %: the price doubles for a day).
MAX_SWING = 1.0

#: Fat-tailed log returns are clipped to ±CLIP_LOG (a factor e^30): far beyond any draw that
#: matters, and it keeps every simple return finite and > −1.
CLIP_LOG = 30.0

#: Largest draw the cache of :func:`standard_normals` accepts (``n_paths × days``).
MAX_CACHED_VALUES = MAX_VALUES


# ---------------------------------------------------------------------------------------------
# random samplers


@finite_result
def gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=1, steps_per_day=1, seed=DEFAULT_SEED, *,
                days_per_year=DAYS_PER_YEAR) -> np.ndarray:
    """Simple returns of a geometric Brownian motion, always 2-D.

    Each step's log return is drawn independently from

        log(1 + r) ~ N((mu − sigma²/2)·dt, sigma²·dt),   dt = 1 / (days_per_year · steps_per_day)

    (in years), so the price follows ``dS/S = mu dt + sigma dW``.

    Parameters
    ----------
    mu : float
        Annual drift of the price (per year; the log price drifts at ``mu − sigma²/2``),
        ``|mu| <= 10``.
    sigma : float
        Annualised volatility (per year), ``0 <= sigma <= 5``.
    days : int
        Number of days, ``1 <= days <= 36500``.
    n_paths : int
        Number of independent paths, ``1 <= n_paths <= 1e6``; ``n_paths·days·steps_per_day`` is
        at most 2e7 values.
    steps_per_day : int
        Observations per day, ``1 <= steps_per_day <= 1440``; 4 gives 6-hour steps.
    seed : int or numpy Generator
        Non-negative integer seed (default :data:`~levtoken.validation.DEFAULT_SEED`): the same seed gives the same
        array. A ``Generator`` is drawn from (and advanced).
    days_per_year : float
        Days in a year used to scale ``mu`` and ``sigma`` to a step, in ``[1, 366]``
        (365 for crypto; 252 trading days for ETF prospectuses).

    Returns
    -------
    ndarray, shape (n_paths, days * steps_per_day)
        Simple returns per step (``np.expm1`` of the log returns, so every value is ``> -1``).

    Examples
    --------
    >>> r = gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=3, seed=1)
    >>> r.shape
    (3, 365)
    >>> bool((gbm_returns(seed=1) == gbm_returns(seed=1)).all())
    True
    """
    return np.expm1(log_returns_from_shocks(mu, sigma, days, n_paths, steps_per_day, seed,
                                            lambda rng, shape: rng.standard_normal(shape),
                                            days_per_year=days_per_year))


@finite_result
def log_returns_from_shocks(mu, sigma, days, n_paths, steps_per_day, seed, draw_shocks, *,
                            days_per_year=DAYS_PER_YEAR):
    """Log returns ``(mu − sigma²/2)·dt + sigma·sqrt(dt)·z`` for shocks ``z`` of unit variance.

    ``draw_shocks(rng, shape)`` draws ``z`` from the generator of ``seed``: standard normals give
    :func:`gbm_returns`; other unit-variance laws give fat-tailed paths with the same
    volatility. Arguments are validated as in :func:`gbm_returns`;
    ``dt = 1/(days_per_year·steps_per_day)`` years. Returns log returns (per step) of shape
    ``(n_paths, days * steps_per_day)``.
    """
    mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
    sigma = check_sigma(sigma)
    days = check_count(days, "days")
    n_paths = check_count(n_paths, "n_paths")
    steps_per_day = check_count(steps_per_day, "steps_per_day")
    dpy = check_days_per_year(days_per_year)
    if not callable(draw_shocks):
        raise TypeError(f"draw_shocks must be a callable (rng, shape) -> array, got {draw_shocks!r}")
    check_size(n_paths * days * steps_per_day)
    rng = rng_from(seed)
    dt = 1.0 / (dpy * steps_per_day)
    z = draw_shocks(rng, (n_paths, days * steps_per_day))
    out = np.multiply(z, sigma * np.sqrt(dt))
    out += (mu - 0.5 * sigma**2) * dt
    return out


@finite_result
def fat_tailed_returns(mu=0.0, sigma=0.8, days=365, n_paths=1, steps_per_day=1,
                       seed=DEFAULT_SEED, *, days_per_year=DAYS_PER_YEAR):
    """Simple returns whose log returns are Student t(3), scaled to volatility ``sigma``.

        log(1 + r) = (μ − σ²/2)·dt + σ·√dt·T₃/√3,   dt = 1/(days_per_year·steps_per_day)

    ``T₃/√3`` has variance 1, so the annualised volatility is ``sigma`` as for
    :func:`gbm_returns`, but extreme steps are far more frequent. Log returns are clipped to
    ±30 (:data:`CLIP_LOG`) so every simple return stays finite and ``> −1``. Use it for tail
    questions (the ruin day), not for means: a t-distributed log return has no finite mean
    of ``exp``.

    Parameters
    ----------
    mu, sigma, days, n_paths, steps_per_day, seed, days_per_year
        As in :func:`gbm_returns`.

    Returns
    -------
    ndarray, shape (n_paths, days * steps_per_day)

    Examples
    --------
    >>> fat_tailed_returns(sigma=0.8, days=10, n_paths=2, seed=0).shape
    (2, 10)
    """
    x = log_returns_from_shocks(
        mu, sigma, days, n_paths, steps_per_day, seed,
        lambda rng, shape: rng.standard_t(3, size=shape) / math.sqrt(3.0),  # unit variance
        days_per_year=days_per_year)
    return np.expm1(np.clip(x, -CLIP_LOG, CLIP_LOG, out=x), out=x)


def _total(total_return, name="total_return") -> float:
    return check_range(total_return, name, -1.0, 1e6, low_open=True)


@finite_result
def bridge_returns(total_return=0.0, days=365, *, sigma=0.8, n_paths=1, seed=DEFAULT_SEED,
                   keep_variance=False, days_per_year=DAYS_PER_YEAR) -> np.ndarray:
    """Random GBM paths conditioned to end at exactly ``1 + total_return`` (seeded).

    The one bridge sampler of the library. Draw independent daily log returns
    ``x_t ~ N(m, sigma²/days_per_year)`` and replace their path mean by the one that gives the
    wanted end:

        y_t = x_t − mean(x) + log(1 + total_return) / days,    r_t = exp(y_t) − 1

    For independent normal steps this is exactly the distribution of the steps *given* their sum
    (a Brownian bridge in log price), whatever the drift ``m``: the simulation of "GBM paths that
    end at +20 %" without throwing any path away. The realised variance of a path is
    ``sigma²/days_per_year · χ²(days − 1)`` in distribution; ``keep_variance=True`` scales the
    demeaned steps by ``sqrt(days/(days − 1))`` so that its *expectation* stays
    ``sigma²·days/days_per_year`` (pinning the end removes one degree of freedom).

    Parameters
    ----------
    total_return : float
        Simple return over the whole path, ``-1 < total_return <= 1e6``.
    days : int
        Number of daily returns, ``1 <= days <= 36500`` (at least 2 with ``keep_variance``).
    sigma : float
        Annualised volatility (per year), ``0 <= sigma <= 5``.
    n_paths : int
        Number of independent paths, ``1 <= n_paths <= 1e6``.
    seed : int or numpy Generator
        Default :data:`~levtoken.validation.DEFAULT_SEED`; the same seed gives the same array.
    keep_variance : bool
        See above.
    days_per_year : float
        Days in a year used to scale ``sigma`` to a day, in ``[1, 366]``.

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
    from .validation import check_bool
    R = _total(total_return)
    days = check_count(days, "days")
    sigma = check_sigma(sigma)
    n_paths = check_count(n_paths, "n_paths")
    keep_variance = check_bool(keep_variance, "keep_variance")
    dpy = check_days_per_year(days_per_year)
    if keep_variance and days < 2:
        raise ValueError(f"days must be at least 2 for a path pinned at both ends, got {days}")
    check_size(n_paths * days)
    rng = rng_from(seed)
    x = rng.standard_normal((n_paths, days))
    x *= sigma / np.sqrt(dpy)
    x -= x.mean(axis=1, keepdims=True)
    if keep_variance:
        x *= np.sqrt(days / (days - 1))
    x += np.log1p(R) / days
    return np.expm1(x, out=x)


@finite_result
def random_path(total_return=0.0, days=30, *, sigma=0.8, seed=0,
                days_per_year=DAYS_PER_YEAR) -> np.ndarray:
    """One seeded random path that ends at ``1 + total_return``: row 0 of :func:`bridge_returns`.

    Parameters
    ----------
    total_return : float
        Simple return over the whole path, ``-1 < total_return <= 1e6``.
    days : int
        Number of daily returns, ``1 <= days <= 36500``.
    sigma : float
        Annualised volatility, ``0 <= sigma <= 5``.
    seed : int
        Random seed (the same seed gives the same path).
    days_per_year : float
        As in :func:`bridge_returns`.

    Returns
    -------
    ndarray, shape (days,)
        Daily simple returns.

    Examples
    --------
    >>> bool((random_path(0.2, 30, seed=3) == random_path(0.2, 30, seed=3)).all())
    True
    """
    return bridge_returns(total_return, days, sigma=sigma, n_paths=1, seed=seed,
                          days_per_year=days_per_year)[0]


@finite_result
def autocorrelated_returns(sigma=0.8, days=30, phi=0.0, n_paths=1, seed=DEFAULT_SEED, *,
                           days_per_year=DAYS_PER_YEAR) -> np.ndarray:
    """Daily returns whose log returns follow a stationary AR(1) with zero mean.

        x_1 ~ N(0, s²),  x_t = phi·x_{t−1} + sqrt(1 − phi²)·s·z_t,  s = sigma / sqrt(days_per_year)

    Every day's log return has standard deviation ``s`` whatever ``phi``; only the correlation of
    one day with the next, ``phi``, changes. ``phi > 0`` is **momentum** (an up day tends to be
    followed by an up day), ``phi < 0`` **mean reversion**, ``phi = 0`` independent days (GBM
    without drift, in log terms).

    Parameters
    ----------
    sigma : float
        Annualised volatility of each day's log return, ``0 <= sigma <= 5``.
    days : int
        Number of daily returns, ``1 <= days <= 36500``.
    phi : float
        Lag-one autocorrelation of daily log returns, ``−1 < phi < 1``.
    n_paths : int
        Number of independent paths, ``1 <= n_paths <= 1e6``.
    seed : int or numpy Generator
        Default :data:`~levtoken.validation.DEFAULT_SEED`.
    days_per_year : float
        Days in a year used to scale ``sigma`` to a day, in ``[1, 366]``.

    Returns
    -------
    ndarray, shape (n_paths, days)
        Daily simple returns.

    Examples
    --------
    >>> autocorrelated_returns(0.8, 30, phi=0.3, n_paths=2, seed=0).shape
    (2, 30)
    """
    sigma = check_sigma(sigma)
    days = check_count(days, "days")
    phi = check_range(phi, "phi", -1.0, 1.0, low_open=True, high_open=True)
    n_paths = check_count(n_paths, "n_paths")
    dpy = check_days_per_year(days_per_year)
    check_size(n_paths * days)
    rng = rng_from(seed)
    s = sigma / np.sqrt(dpy)
    z = rng.standard_normal((n_paths, days))
    x = np.empty_like(z)
    x[:, 0] = s * z[:, 0]
    scale = np.sqrt(1.0 - phi * phi) * s
    for t in range(1, days):
        x[:, t] = phi * x[:, t - 1] + scale * z[:, t]
    return np.expm1(x)


@finite_result
def standard_normals(n_paths: int, *, days: int, seed: int = DEFAULT_SEED) -> np.ndarray:
    """Standard normal draws ``z``, shape ``(n_paths, days)``, cached per arguments.

    The array is exactly ``np.random.default_rng(seed).standard_normal((n_paths, days))``, the
    draw behind :func:`gbm_returns` with the same seed. It is cached (up to 8 draws), so a
    second call is free; it is **read-only** so that no caller can spoil the cache.

    Parameters
    ----------
    n_paths : int
        Number of paths, ``1 <= n_paths <= 1e6``.
    days : int
        Number of daily steps per path, ``1 <= days <= 36500``; ``n_paths·days <= 2e7``.
    seed : int
        Non-negative integer seed (default :data:`~levtoken.validation.DEFAULT_SEED`).

    Returns
    -------
    ndarray, shape (n_paths, days), read-only

    Examples
    --------
    >>> z = standard_normals(3, days=5, seed=0)
    >>> z.shape, z.flags.writeable
    ((3, 5), False)
    >>> standard_normals(3, days=5, seed=0) is z
    True
    """
    n_paths = check_count(n_paths, "n_paths")
    days = check_count(days, "days")
    seed = check_seed(seed)
    check_size(n_paths * days, "n_paths * days")
    return _cached_normals(n_paths, days, seed)


@lru_cache(maxsize=8)
def _cached_normals(n_paths: int, days: int, seed: int) -> np.ndarray:
    z = np.random.default_rng(seed).standard_normal((n_paths, days))
    z.setflags(write=False)
    return z


@finite_result
def daily_log_returns(sigma, *, mu=0.0, days=365, n_paths=4000, seed=DEFAULT_SEED,
                      draw_days=None, days_per_year=DAYS_PER_YEAR) -> np.ndarray:
    """Daily log returns of a geometric Brownian motion built from the cached draw.

        x_t = (mu − sigma²/2)·dt + sigma·sqrt(dt)·z_t,   dt = 1/days_per_year years

    with ``z`` from :func:`standard_normals`: the same numbers as ``log1p`` of
    :func:`gbm_returns` with the same seed.

    Parameters
    ----------
    sigma : float
        Annualised volatility, ``0 <= sigma <= 5``.
    mu : float
        Annual drift of the price (per year), ``|mu| <= 10``.
    days : int
        Horizon in days, ``1 <= days <= 36500``.
    n_paths : int
        Number of paths, ``1 <= n_paths <= 1e6``.
    seed : int
        Seed of the cached draw (default :data:`~levtoken.validation.DEFAULT_SEED`).
    draw_days : int or None
        Length of the cached draw; the paths are its first ``days`` columns. A panel whose
        horizon slider moves passes its largest horizon here so that every horizon reuses one
        draw (and a longer horizon extends the same paths). ``None``: ``days``.
    days_per_year : float
        Days in a year, in ``[1, 366]``.

    Returns
    -------
    ndarray, shape (n_paths, days)
        Fresh (writable) array of log returns ``log(1 + r_t)``.

    Examples
    --------
    >>> x = daily_log_returns(0.8, days=365, n_paths=2, seed=0)
    >>> x.shape
    (2, 365)
    """
    sigma = check_sigma(sigma)
    mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
    days = check_count(days, "days")
    draw_days = days if draw_days is None else check_count(draw_days, "draw_days")
    if draw_days < days:
        raise ValueError(f"draw_days must be >= days = {days}, got {draw_days}")
    dpy = check_days_per_year(days_per_year)
    z = standard_normals(n_paths, days=draw_days, seed=seed)[:, :days]
    dt = 1.0 / dpy
    # the same expression, in the same order, as gbm_returns
    out = np.multiply(z, sigma * np.sqrt(dt))
    out += (mu - 0.5 * sigma**2) * dt
    return out


# ---------------------------------------------------------------------------------------------
# deterministic shapes


@finite_result
def steady_trend(total_return, days) -> np.ndarray:
    """The same simple return every day, compounding to ``total_return`` after ``days`` days.

        r = (1 + total_return)^(1/days) − 1      (per day)

    Parameters
    ----------
    total_return : float
        Simple return of the underlying over the whole path, ``-1 < total_return <= 1e6`` (0.20
        for +20 %).
    days : int
        Number of daily returns, ``1 <= days <= 36500``.

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
    days = check_count(days, "days")
    return np.full(days, np.expm1(np.log1p(R) / days))


@finite_result
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
        Simple return over the whole path, ``-1 < total_return <= 1e6``.
    days : int
        Number of daily returns, ``1 <= days <= 36500``.
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
    days = check_count(days, "days")
    s = check_range(swing, "swing", 0.0, MAX_SWING)
    log_g = np.log1p(R) / days
    signs = np.where(np.arange(days) % 2 == 0, 1.0, -1.0)
    if days % 2 == 1:
        signs[-1] = 0.0
    return np.expm1(log_g + signs * np.log1p(s))


@finite_result
def crash_and_recover(total_return, days, crash_depth, crash_day=None) -> np.ndarray:
    """A steady climb, a one-day crash of ``crash_depth`` on day ``crash_day``, a steady recovery.

    The crash day has return ``−crash_depth``; every other day has the same return

        r = ((1 + total_return) / (1 − crash_depth))^(1/(days − 1)) − 1

    so the path ends at ``1 + total_return``. The price rises before the crash, falls, and climbs
    back after it. ``crash_depth = 0`` leaves one flat day in a steady climb.

    Parameters
    ----------
    total_return : float
        Simple return over the whole path, ``-1 < total_return <= 1e6``.
    days : int
        Number of daily returns, ``2 <= days <= 36500`` (the crash day and a recovery day).
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
    days = check_count(days, "days")
    if days < 2:
        raise ValueError(f"days must be >= 2 for a crash and a recovery, got {days}")
    d = check_range(crash_depth, "crash_depth", 0.0, 1.0, high_open=True)
    if crash_day is None:
        crash_day = max(1, days // 3)
    crash_day = check_count(crash_day, "crash_day")
    if crash_day > days - 1:
        raise ValueError(f"crash_day must be in [1, days - 1] = [1, {days - 1}], got {crash_day}")
    r = np.full(days, np.expm1((np.log1p(R) - np.log1p(-d)) / (days - 1)))
    r[crash_day - 1] = -d
    return r


@finite_result
def sideways(up=0.10, cycles=1) -> np.ndarray:
    """A flat-but-choppy market: ``+up`` then ``−up/(1+up)``, repeated ``cycles`` times.

    Each pair brings the price back to exactly where it started (``(1+up)·(1 − up/(1+up)) = 1``),
    e.g. ``+10 %`` then ``−1/11 ≈ −9.09 %`` (the notation page).

    Parameters
    ----------
    up : float
        The up move of each pair (simple return per day), ``0 < up <= 1e6``.
    cycles : int
        Number of up/down pairs, ``1 <= cycles <= 36500``.

    Returns
    -------
    ndarray, shape (2 * cycles,)
        Daily simple returns.

    Examples
    --------
    >>> sideways(0.10, cycles=2).round(4).tolist()
    [0.1, -0.0909, 0.1, -0.0909]
    """
    up = check_range(up, "up", 0.0, 1e6, low_open=True)
    cycles = check_count(cycles, "cycles")
    return np.tile([up, -up / (1.0 + up)], cycles)


@finite_result
def constant_returns(r, days) -> np.ndarray:
    """The same simple return ``r`` every day for ``days`` days (a steady trend; ``r = 0`` is flat).

    Parameters
    ----------
    r : float
        Simple return per day, ``-1 < r <= 1e6``.
    days : int
        Number of days, ``1 <= days <= 36500``.

    Returns
    -------
    ndarray, shape (days,)

    Examples
    --------
    >>> constant_returns(0.01, 3).tolist()
    [0.01, 0.01, 0.01]
    """
    r = check_range(r, "r", -1.0, 1e6, low_open=True)
    days = check_count(days, "days")
    return np.full(days, r)


@finite_result
def spread_daily(daily_returns, steps_per_day):
    """Spread each day's move over ``steps_per_day`` equal steps that compound to it.

    Each daily simple return ``r`` becomes ``k = steps_per_day`` steps of
    ``(1 + r)^(1/k) − 1``, so the price at every day end is unchanged and moves monotonically
    inside the day. Use it to run a hand-made daily scenario through products that observe
    the price intraday (a threshold token).

    Parameters
    ----------
    daily_returns : array_like, shape (..., days)
        Daily simple returns (finite, ``> −1``).
    steps_per_day : int
        Steps per day, ``1 <= steps_per_day <= 1440``.

    Returns
    -------
    ndarray, shape (..., days * steps_per_day)

    Examples
    --------
    >>> spread_daily([0.21], 2).round(12).tolist()
    [0.1, 0.1]
    """
    r = check_returns(daily_returns, "daily_returns")
    k = check_count(steps_per_day, "steps_per_day")
    check_size(r.size * k, "daily_returns.size * steps_per_day")
    step = np.expm1(np.log1p(r) / k)
    return np.repeat(step, k, axis=-1)


# ---------------------------------------------------------------------------------------------
# prices


@finite_result
def prices_from_returns(returns, start=1.0) -> np.ndarray:
    """Price path from simple returns: ``P_0 = start``, ``P_t = P_{t-1}·(1 + r_t)``.

    Parameters
    ----------
    returns : array_like, shape (..., T)
        Simple returns (finite, ``> -1``, at least one step); not modified.
    start : float
        Starting price, ``0 < start <= 1e12``.

    Returns
    -------
    ndarray, shape (..., T + 1)
        ``prices[..., 0] == start``. A path whose price leaves the float range is an error.

    Examples
    --------
    >>> prices_from_returns([0.10, -1/11]).round(12).tolist()
    [1.0, 1.1, 1.0]
    """
    r = check_returns(returns)
    start = check_range(start, "start", 0.0, 1e12, low_open=True)
    out = np.empty(r.shape[:-1] + (r.shape[-1] + 1,))
    out[..., 0] = start
    np.cumprod(1.0 + r, axis=-1, out=out[..., 1:])
    out[..., 1:] *= start
    if not np.isfinite(out[..., -1]).all():
        raise ValueError("returns compound beyond the float range (a price above 1.8e308); "
                         "use smaller returns or fewer steps")
    return out


@finite_result
def returns_from_prices(prices) -> np.ndarray:
    """Simple returns from a price path, the inverse of :func:`prices_from_returns`.

    Parameters
    ----------
    prices : array_like, shape (..., T + 1)
        Strictly positive, finite prices, at least two along the last axis.

    Returns
    -------
    ndarray, shape (..., T)
        ``r_t = P_t / P_{t-1} − 1``.

    Examples
    --------
    >>> returns_from_prices([1.0, 1.05, 1.008]).round(12).tolist()
    [0.05, -0.04]
    """
    p = check_real_array(prices, "prices")
    if p.ndim == 0 or p.shape[-1] < 2:
        raise ValueError(
            f"prices must be an array with at least 2 prices along the last axis, got shape {p.shape}"
        )
    if not (np.isfinite(p).all() and (p > 0).all()):
        bad = p[~(np.isfinite(p) & (p > 0))].flat[0]
        raise ValueError(f"prices must be finite and > 0, got {float(bad)!r}")
    with np.errstate(over="ignore"):
        out = p[..., 1:] / p[..., :-1] - 1.0
    if not np.isfinite(out).all():
        raise ValueError("prices must not jump beyond the float range from one step to the next")
    return out
