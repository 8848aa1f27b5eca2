"""Fast Monte Carlo of daily-rebalanced tokens from one cached, seeded draw.

A live panel has to redraw in well under 100 ms, so it cannot draw fresh random numbers every time
a slider moves. This module draws the standard normals **once** per ``(n_paths, days, seed)``
(cached with :func:`functools.lru_cache`) and builds the paths of any drift and volatility by
scaling them, exactly as :func:`levtoken.paths.gbm_returns` does:

    log(1 + r_t) = (mu − sigma²/2)·dt + sigma·sqrt(dt)·z_t,   dt = 1/365 years

so ``terminal_multiples(..., seed=s)`` gives the same numbers as running
``LeveragedToken(L)`` and ``Spot()`` on ``gbm_returns(mu, sigma, days, n_paths, seed=s)``.

Conventions (the book's notation page): simple returns, a 365-day year, ``mu`` and ``sigma`` per year, signed
leverage, NAV starting at 1.0, no fees.

Examples
--------
>>> from levtoken import montecarlo
>>> out = montecarlo.terminal_multiples(3, sigma=0.8, days=365, n_paths=2000, seed=1)
>>> out.token.shape
(2000,)
>>> stats = montecarlo.summarize(out.token)
>>> sorted(stats)
['mean', 'median', 'p5', 'p95', 'share_below_1']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import theory
from .paths import (  # noqa: F401  (re-exported: the samplers live in levtoken.paths)
    DAYS_PER_YEAR,
    DEFAULT_SEED,
    MAX_CACHED_VALUES,
    MAX_SIGMA,
    daily_log_returns,
    standard_normals,
)
from .validation import deprecated_attribute, finite_result, check_array, check_finite, check_leverage, check_positive_int, check_range, check_seed

__all__ = [
    "TerminalMultiples",
    "terminal_multiples",
    "naive_multiple_from_price",
    "summarize",
    "closed_form_agreement",
    "realised_decay",
]


@finite_result
def naive_multiple_from_price(price_multiple, leverage):
    """What "L times the underlying's return" would give: ``max(1 + L·(S_T/S_0 − 1), 0)``.

    The naive reading of a token's name over a whole holding period, from the price multiple
    ``S_T/S_0`` (:func:`levtoken.theory.naive_multiple` takes the total return ``S_T/S_0 − 1``
    instead), floored at 0 because a stake cannot fall below nothing.

    Parameters
    ----------
    price_multiple : float or array_like
        ``S_T / S_0``, ``>= 0``.
    leverage : float
        Signed leverage ``L``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(naive_multiple_from_price(1.008, 3), 6)
    1.024
    >>> naive_multiple_from_price(0.5, 3)
    0.0
    """
    L = check_leverage(leverage)
    p = check_array(price_multiple, "price_multiple", low=0.0)
    # theory.naive_multiple in terms of the price multiple (R = p − 1; p = 0 is allowed here)
    out = np.maximum(1.0 + L * (p - 1.0), 0.0)
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class TerminalMultiples:
    """End-of-horizon multiples (value at the end / value at the start) on the same paths.

    Attributes
    ----------
    token : ndarray, shape (n_paths,)
        Daily-rebalanced token, no fees: ``Π max(1 + L·r_t, 0)``.
    spot : ndarray, shape (n_paths,)
        The underlying: ``S_T/S_0 = Π (1 + r_t)``.
    naive : ndarray, shape (n_paths,)
        ``max(1 + L·(S_T/S_0 − 1), 0)``: L times spot's return over the whole horizon.
    leverage, sigma, mu : float
        Leverage, annual volatility and annual drift of the paths.
    days : int
        Horizon in days.
    days_per_year : float
        Days in a year (365 by default).
    """

    token: np.ndarray
    spot: np.ndarray
    naive: np.ndarray
    leverage: float
    sigma: float
    mu: float
    days: int
    days_per_year: float = DAYS_PER_YEAR

    @property
    def years(self) -> float:
        """Horizon in years, ``days / days_per_year``."""
        return self.days / self.days_per_year

    @property
    def decay(self) -> float:
        """Closed-form decay factor ``exp(−(L² − L)·sigma²·T/2)`` (:func:`theory.continuous_decay`)."""
        return theory.continuous_decay(self.leverage, self.sigma, self.years)

    @property
    def closed_form_median(self) -> float:
        """Closed-form median token multiple ``exp((L·mu − L²·sigma²/2)·T)``."""
        return theory.median_token_multiple(self.leverage, self.mu, self.sigma, self.years)

    @property
    def ruined_share(self) -> float:
        """Share of paths on which the token was wiped out (a day's move beyond ``−1/L``)."""
        return float(np.mean(self.token <= 0.0))


@finite_result
def terminal_multiples(leverage, sigma, *, mu=0.0, days=365, n_paths=4000, seed=DEFAULT_SEED,
                       draw_days=None, days_per_year=DAYS_PER_YEAR) -> TerminalMultiples:
    """Token, spot and naive-L×-spot multiples after ``days`` days, vectorised over paths.

    The paths are :func:`daily_log_returns` (one cached draw, scaled); the token rebalances
    daily with no costs, so its multiple is ``Π max(1 + L·r_t, 0)`` with ``r_t = exp(x_t) − 1``
    (a day beyond the ruin move ``−1/L`` leaves 0). Same numbers as
    ``LeveragedToken(L).nav(gbm_returns(mu, sigma, days, n_paths, seed=seed))[:, -1]`` when
    ``draw_days`` is None.

    Parameters
    ----------
    leverage : float
        Signed leverage, non-zero, ``|L| <= 10``.
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
        See :func:`daily_log_returns`.
    days_per_year : float
        Days in a year, in ``[1, 366]``.

    Returns
    -------
    TerminalMultiples

    Examples
    --------
    >>> out = terminal_multiples(1, sigma=0.5, days=30, n_paths=100, seed=3)
    >>> bool(np.allclose(out.token, out.spot))
    True
    """
    L = check_leverage(leverage)
    x = daily_log_returns(sigma, mu=mu, days=days, n_paths=n_paths, seed=seed, draw_days=draw_days,
                          days_per_year=days_per_year)
    spot = np.exp(x.sum(axis=1))
    g = np.expm1(x, out=x)                     # simple returns r_t, in place
    g *= L
    g += 1.0
    np.maximum(g, 0.0, out=g)                  # max(1 + L·r, 0)
    token = np.prod(g, axis=1)
    return TerminalMultiples(token=token, spot=spot, naive=naive_multiple_from_price(spot, L),
                             leverage=L, sigma=float(sigma), mu=float(mu), days=int(days),
                             days_per_year=float(days_per_year))


@finite_result
def summarize(multiples) -> dict:
    """Summary of a sample of multiples: median, 5th and 95th percentiles, mean, share below 1.

    Parameters
    ----------
    multiples : array_like
        End value / start value per path, finite and ``>= 0``, at least one.

    Returns
    -------
    dict
        ``median``, ``p5``, ``p95``, ``mean`` (floats) and ``share_below_1`` (fraction of paths
        that lost money).

    Examples
    --------
    >>> summarize([0.5, 1.0, 2.0])["median"]
    1.0
    """
    m = check_array(multiples, "multiples", low=0.0).ravel()
    if m.size == 0:
        raise ValueError("multiples must be a non-empty array of finite values >= 0, got 0 values")
    p5, med, p95 = np.quantile(m, [0.05, 0.5, 0.95])
    return {"median": float(med), "p5": float(p5), "p95": float(p95), "mean": float(m.mean()),
            "share_below_1": float(np.mean(m < 1.0))}


@finite_result
def closed_form_agreement(token, spot, leverage, sigma, years) -> dict:
    """Compare simulated tokens with the continuous-rebalancing closed form (the notation page).

    Per path, the closed form says ``token / spot^L = exp(−(L² − L)·sigma²·T/2)``, the decay
    factor. Daily rebalancing and sampling noise spread the simulated ratio around it; its median
    should agree within a few per cent.

    Parameters
    ----------
    token, spot : array_like, shape (n_paths,)
        Simulated token and spot multiples on the same paths (``spot > 0``).
    leverage : float
        Signed leverage ``L``.
    sigma : float
        Annualised volatility used to simulate the paths.
    years : float
        Horizon in years.

    Returns
    -------
    dict
        ``median_ratio`` (median of ``token/spot^L``), ``decay`` (closed form),
        ``relative_error`` (``median_ratio/decay − 1``).

    Examples
    --------
    >>> out = terminal_multiples(3, 0.8, days=365, n_paths=2000, seed=1)
    >>> agree = closed_form_agreement(out.token, out.spot, 3, 0.8, 1.0)
    >>> abs(agree["relative_error"]) < 0.05
    True
    """
    L = check_leverage(leverage)
    t = check_array(token, "token", low=0.0)
    s = check_array(spot, "spot", low=0.0)
    if t.shape != s.shape or t.size == 0:
        raise ValueError(f"token and spot must have the same non-empty shape, got {t.shape} "
                         f"and {s.shape}")
    if not (s > 0).all():
        raise ValueError("spot must be > 0 on every path")
    decay = theory.continuous_decay(L, sigma, years)
    ratio = float(np.median(t / s**L))
    return {"median_ratio": ratio, "decay": decay, "relative_error": ratio / decay - 1.0}


@finite_result
def realised_decay(returns, leverage) -> np.ndarray:
    """Path-wise decay factor with the realised variance: ``exp(−(L² − L)/2 · Σ log(1 + r_t)²)``.

    The daily-rebalancing version of :func:`theory.continuous_decay`: ``sigma²·T`` is replaced
    by the realised sum of squared daily log returns (the notation page).

    Parameters
    ----------
    returns : array_like, shape (..., T)
        Simple daily returns (finite, ``> −1``).
    leverage : float
        Signed leverage ``L``.

    Returns
    -------
    ndarray, shape (...)

    Examples
    --------
    >>> float(realised_decay([0.1, -0.1], 1))
    1.0
    """
    from .validation import check_returns

    L = check_leverage(leverage)
    r = check_returns(returns)
    return np.exp(-0.5 * (L * L - L) * np.sum(np.log1p(r) ** 2, axis=-1))


#: Old names kept for one release (levtoken 2.x), each warning and naming its replacement.
_DEPRECATED = {
    "naive_multiple": ("levtoken.montecarlo.naive_multiple_from_price", naive_multiple_from_price),
}


def __getattr__(name):
    return deprecated_attribute(__name__, name, _DEPRECATED)
