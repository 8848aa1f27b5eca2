"""Return paths: geometric Brownian motion and small named scenarios.

Everything here returns plain numpy arrays of **simple returns** ``r = P_t / P_{t-1} - 1``
(math.md conventions: a year is 365 days, ``mu`` and ``sigma`` are annual).

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

import numpy as np

from .validation import (
    check_finite,
    check_positive_int,
    check_range,
    check_real_array,
    check_returns,
)

__all__ = [
    "gbm_returns",
    "prices_from_returns",
    "returns_from_prices",
    "sideways",
    "constant_returns",
    "DAYS_PER_YEAR",
]

#: Crypto trades every day: a year is 365 days (math.md).
DAYS_PER_YEAR = 365

#: Largest annual volatility accepted by :func:`gbm_returns` (500 %).
MAX_SIGMA = 5.0


def gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=1, steps_per_day=1, seed=None) -> np.ndarray:
    """Simple returns of a geometric Brownian motion, always 2-D.

    Each step's log return is drawn independently from

        log(1 + r) ~ N((mu − sigma²/2)·dt, sigma²·dt),   dt = 1 / (365 · steps_per_day) years,

    so the price follows ``dS/S = mu dt + sigma dW``.

    Parameters
    ----------
    mu : float
        Annual drift of the price (per year; the log price drifts at ``mu − sigma²/2``).
    sigma : float
        Annualised volatility (per year, 365-day year), ``0 <= sigma <= 5``.
    days : int
        Number of days (positive integer).
    n_paths : int
        Number of independent paths (positive integer).
    steps_per_day : int
        Observations per day (positive integer); 4 gives 6-hour steps.
    seed : int, numpy Generator or None
        Passed to ``np.random.default_rng``: the same seed gives the same array.

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
                                            lambda rng, shape: rng.standard_normal(shape)))


def log_returns_from_shocks(mu, sigma, days, n_paths, steps_per_day, seed, draw_shocks):
    """Log returns ``(mu − sigma²/2)·dt + sigma·sqrt(dt)·z`` for shocks ``z`` of unit variance.

    ``draw_shocks(rng, shape)`` draws ``z`` from ``np.random.default_rng(seed)``: standard
    normals give :func:`gbm_returns`; other unit-variance laws give fat-tailed paths with the same
    volatility. Arguments are validated as in :func:`gbm_returns`; ``dt = 1/(365·steps_per_day)``
    years. Returns log returns of shape ``(n_paths, days * steps_per_day)``.
    """
    mu = check_finite(mu, "mu")
    sigma = check_range(sigma, "sigma", 0.0, MAX_SIGMA)
    days = check_positive_int(days, "days")
    n_paths = check_positive_int(n_paths, "n_paths")
    steps_per_day = check_positive_int(steps_per_day, "steps_per_day")
    rng = np.random.default_rng(seed)
    dt = 1.0 / (DAYS_PER_YEAR * steps_per_day)
    z = draw_shocks(rng, (n_paths, days * steps_per_day))
    return (mu - 0.5 * sigma**2) * dt + sigma * np.sqrt(dt) * z


def prices_from_returns(returns, start=1.0) -> np.ndarray:
    """Price path from simple returns: ``P_0 = start``, ``P_t = P_{t-1}·(1 + r_t)``.

    Parameters
    ----------
    returns : array_like, shape (..., T)
        Simple returns (finite, ``> -1``, at least one step); not modified.
    start : float
        Starting price, ``> 0``.

    Returns
    -------
    ndarray, shape (..., T + 1)
        ``prices[..., 0] == start``.

    Examples
    --------
    >>> prices_from_returns([0.10, -1/11]).round(12).tolist()
    [1.0, 1.1, 1.0]
    """
    r = check_returns(returns)
    start = check_range(start, "start", 0.0, low_open=True)
    out = np.empty(r.shape[:-1] + (r.shape[-1] + 1,))
    out[..., 0] = start
    np.cumprod(1.0 + r, axis=-1, out=out[..., 1:])
    out[..., 1:] *= start
    return out


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
    return p[..., 1:] / p[..., :-1] - 1.0


def sideways(up=0.10, cycles=1) -> np.ndarray:
    """A flat-but-choppy market: ``+up`` then ``−up/(1+up)``, repeated ``cycles`` times.

    Each pair brings the price back to exactly where it started (``(1+up)·(1 − up/(1+up)) = 1``),
    e.g. ``+10 %`` then ``−1/11 ≈ −9.09 %`` (math.md §3).

    Parameters
    ----------
    up : float
        The up move of each pair (simple return per day), ``> 0``.
    cycles : int
        Number of up/down pairs (positive integer).

    Returns
    -------
    ndarray, shape (2 * cycles,)
        Daily simple returns.

    Examples
    --------
    >>> sideways(0.10, cycles=2).round(4).tolist()
    [0.1, -0.0909, 0.1, -0.0909]
    """
    up = check_range(up, "up", 0.0, low_open=True)
    cycles = check_positive_int(cycles, "cycles")
    return np.tile([up, -up / (1.0 + up)], cycles)


def constant_returns(r, days) -> np.ndarray:
    """The same simple return ``r`` every day for ``days`` days (a steady trend; ``r = 0`` is flat).

    Parameters
    ----------
    r : float
        Simple return per day, finite and ``> -1``.
    days : int
        Number of days (positive integer).

    Returns
    -------
    ndarray, shape (days,)

    Examples
    --------
    >>> constant_returns(0.01, 3).tolist()
    [0.01, 0.01, 0.01]
    """
    r = check_range(r, "r", -1.0, low_open=True)
    days = check_positive_int(days, "days")
    return np.full(days, r)
