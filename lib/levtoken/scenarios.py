"""Named price-path shapes that all end at the same total return (path dependence).

Every path function returns a plain numpy array of **simple daily returns** of the underlying,
``r_t = P_t / P_{t-1} − 1`` (conventions of the book's notation page: 365-day year, ``sigma`` annualised), built so
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

from .paths import (  # noqa: F401  (re-exported: the samplers live in levtoken.paths)
    DAYS_PER_YEAR,
    MAX_SIGMA,
    MAX_SWING,
    autocorrelated_returns,
    bridge_returns,
    choppy_path,
    crash_and_recover,
    random_path,
    steady_trend,
)
from .products import LeveragedToken, Spot
from .theory import break_even_volatility, naive_multiple  # noqa: F401  (re-exported)
from .validation import (
    finite_result,
    check_leverage,
    check_positive_int,
    check_range,
    check_real,
    check_real_array,
    check_returns,
)

__all__ = [
    "fraction_beating_naive",
]


@finite_result
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
