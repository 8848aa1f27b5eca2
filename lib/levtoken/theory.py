"""Closed forms for leveraged tokens (math.md).

Conventions: simple returns unless a name says ``log``; signed leverage ``L`` (3 long, −3
inverse); ``sigma`` and ``mu`` per year (365-day year); ``years`` in years; fees per day.

Scalars in → Python ``float`` out; numpy arrays broadcast → ``ndarray`` out. The functions here
accept any finite leverage (the ``|L| <= 10`` cap applies to the products), and ``L = 0`` wherever
the formula is defined (it is not for :func:`ruin_move` and :func:`liquidation_move`).

Examples
--------
>>> from levtoken import theory
>>> theory.rebalance_trade(3, 0.05, nav=100)
30.000000000000004
>>> round(theory.continuous_decay(3, 0.8, 1.0), 4)
0.1466
>>> round(theory.compounded_fee(0.0001, 365), 4)
0.0358
"""

from __future__ import annotations

import numpy as np

from .validation import check_array, check_maintenance_margin, scalar_or_array

__all__ = [
    "one_period_return",
    "rebalance_trade",
    "ruin_move",
    "liquidation_move",
    "compounded_fee",
    "simple_fee_sum",
    "continuous_decay",
    "continuous_token_multiple",
    "kelly_leverage",
    "growth_rate",
    "median_token_multiple",
    "expected_token_multiple",
    "leverage_after_move",
]


# ---------------------------------------------------------------------------------------------
# one rebalancing period (math.md §1–§2)


def one_period_return(leverage, underlying_return):
    """Token return over one rebalancing period: ``L·r``, floored at ``−1``.

    ``N' = N·(1 + L·r)`` exactly (before costs) when the token rebalances only at the ends of
    the period. A move at or beyond the ruin move ``−1/L`` wipes the token out: the return is
    then ``−1`` (NAV 0), never below — the same floor the products apply.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L`` (3 long, −3 inverse).
    underlying_return : float or array_like
        Simple return ``r`` of the underlying over the period, ``> −1``.

    Returns
    -------
    float or ndarray
        Simple return of the token over the period, ``max(L·r, −1)``.

    Examples
    --------
    >>> one_period_return(3, 0.10)
    0.30000000000000004
    >>> one_period_return(-3, 0.10)
    -0.30000000000000004
    >>> one_period_return(3, -0.5)
    -1.0
    """
    L = check_array(leverage, "leverage")
    r = check_array(underlying_return, "underlying_return", low=-1.0, low_open=True)
    return scalar_or_array(np.maximum(L * r, -1.0))


def rebalance_trade(leverage, underlying_return, nav=1.0):
    """Notional traded at the rebalance after a one-period move (Cheng & Madhavan 2009).

    ``trade = L·N·(1 + L·r) − L·N·(1 + r) = (L² − L)·r·N``, in quote-currency units,
    positive = buy. For ``L > 1`` and every ``L < 0`` the token buys after up moves and sells
    after down moves (math.md §2). ``nav`` is the NAV ``N`` at the start of the period. Valid
    for moves short of the ruin move ``−1/L``.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``.
    underlying_return : float or array_like
        Simple return ``r`` over the period, ``> −1``.
    nav : float or array_like
        NAV at the start of the period, ``>= 0``.

    Returns
    -------
    float or ndarray
        Signed traded notional.

    Examples
    --------
    >>> rebalance_trade(3, 0.05, nav=100)
    30.000000000000004
    >>> rebalance_trade(-3, 0.05)
    0.6000000000000001
    """
    L = check_array(leverage, "leverage")
    r = check_array(underlying_return, "underlying_return", low=-1.0, low_open=True)
    n = check_array(nav, "nav", low=0.0)
    return scalar_or_array((L * L - L) * r * n)


def ruin_move(leverage):
    """Underlying move that takes a token's NAV to 0 within one rebalancing period: ``−1/L``.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``, non-zero.

    Returns
    -------
    float or ndarray
        Simple return: −33.3 % for ``L = 3``, +33.3 % for ``L = −3``, −20 % for ``L = 5``.

    Examples
    --------
    >>> round(ruin_move(3), 6), round(ruin_move(-3), 6)
    (-0.333333, 0.333333)
    """
    L = check_array(leverage, "leverage", nonzero=True)
    return scalar_or_array(-1.0 / L)


def liquidation_move(leverage, maintenance_margin=0.005):
    """Cumulative underlying move that liquidates a margin position opened at leverage ``L``.

    Opened on margin 1 and never rebalanced, the position has equity ``1 + L·R`` and notional
    ``|L|·(1 + R)`` after a cumulative simple return ``R``; it is liquidated when
    ``1 + L·R <= m·|L|·(1 + R)`` (math.md §7). Solving for ``R``::

        R_liq = (m·|L| − 1) / (L − m·|L|)

    which for ``L > 0`` is ``(m·L − 1) / (L·(1 − m))`` (−32.998 % for ``L = 3, m = 0.5 %``) and
    positive for an inverse position (``L < 0``).

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``, non-zero.
    maintenance_margin : float or array_like
        Maintenance margin ``m`` as a fraction of notional, ``0 <= m < min(1, 1/|L|)``.

    Returns
    -------
    float or ndarray
        Simple return ``R_liq`` (a long is liquidated at ``R <= R_liq``, an inverse at
        ``R >= R_liq``).

    Examples
    --------
    >>> round(liquidation_move(3, 0.005), 6)
    -0.329983
    >>> round(liquidation_move(-3, 0.005), 4)
    0.3267
    """
    L = check_array(leverage, "leverage", nonzero=True)
    m = check_array(maintenance_margin, "maintenance_margin", low=0.0)
    mL = m * np.abs(L)
    too_big = (mL >= 1.0) | (m >= 1.0)
    if np.any(too_big):
        mf, Lf = (np.broadcast_to(x, mL.shape).ravel() for x in (m, L))
        i = int(np.argmax(np.broadcast_to(too_big, mL.shape).ravel()))
        check_maintenance_margin(mf[i], Lf[i])  # raises with the standard message
    return scalar_or_array((mL - 1.0) / (L - mL))


def leverage_after_move(leverage, move):
    """Effective leverage after a cumulative move ``R`` since the last rebalance.

    Between rebalances the token holds a fixed quantity, so its exposure is ``L·N·(1 + R)`` and
    its NAV ``N·(1 + L·R)``:

        L_eff = L·(1 + R) / (1 + L·R)

    A 3x long drifts up after a fall (4x after −1/9 ≈ −11.1 %), down after a rise (math.md §6).
    Undefined (``nan``) where ``1 + L·R <= 0``: the token is wiped out.

    Parameters
    ----------
    leverage : float or array_like
        Signed target leverage ``L``.
    move : float or array_like
        Cumulative simple return ``R`` since the last rebalance, ``> −1``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(leverage_after_move(3, -1/9), 12)
    4.0
    """
    L = check_array(leverage, "leverage")
    R = check_array(move, "move", low=-1.0, low_open=True)
    denom = 1.0 + L * R
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(denom > 0, L * (1.0 + R) / np.where(denom > 0, denom, 1.0), np.nan)
    return scalar_or_array(out)


# ---------------------------------------------------------------------------------------------
# costs (math.md §5)


def compounded_fee(fee_per_day, days):
    """Fraction of NAV lost to a daily fee charged multiplicatively: ``1 − (1 − f)^days``.

    Parameters
    ----------
    fee_per_day : float or array_like
        Fee per day as a fraction of NAV, ``0 <= f < 1``.
    days : float or array_like
        Holding period in days, ``>= 0``.

    Returns
    -------
    float or ndarray
        Total drag as a fraction (0.0358 for 0.01 %/day over 365 days, not 0.0365).

    Examples
    --------
    >>> round(compounded_fee(0.0001, 365), 4)
    0.0358
    >>> round(compounded_fee(0.001, 365), 3)
    0.306
    """
    f = check_array(fee_per_day, "fee_per_day", low=0.0, high=1.0, high_open=True)
    d = check_array(days, "days", low=0.0)
    return scalar_or_array(-np.expm1(d * np.log1p(-f)))


def simple_fee_sum(fee_per_day, days):
    """The naive total fee ``f·days`` (adds instead of compounding; what the book corrects).

    Parameters
    ----------
    fee_per_day : float or array_like
        Fee per day, ``0 <= f < 1``.
    days : float or array_like
        Number of days, ``>= 0``.

    Returns
    -------
    float or ndarray
        ``f·days`` (0.0365 for 0.01 %/day over 365 days; the true drag is
        :func:`compounded_fee`).

    Examples
    --------
    >>> round(simple_fee_sum(0.0001, 365), 6)
    0.0365
    """
    f = check_array(fee_per_day, "fee_per_day", low=0.0, high=1.0, high_open=True)
    d = check_array(days, "days", low=0.0)
    return scalar_or_array(f * d)


# ---------------------------------------------------------------------------------------------
# continuous rebalancing (math.md §4)


def continuous_decay(leverage, sigma, years):
    """Volatility-decay factor of a continuously rebalanced token (Avellaneda & Zhang 2010).

        decay = exp(−(L² − L)·sigma²·T / 2)

    the factor multiplying ``(S_T/S_0)^L`` in the token multiple. With daily rebalancing,
    replace ``sigma²·T`` by the realised sum of squared daily log returns.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``.
    sigma : float or array_like
        Annualised volatility (per year), ``>= 0``.
    years : float or array_like
        Holding period ``T`` in years (365 days), ``>= 0``.

    Returns
    -------
    float or ndarray
        Multiplicative factor: 0.1466 for ``L = 3, sigma = 0.8, T = 1``.

    Examples
    --------
    >>> round(continuous_decay(3, 0.8, 1.0), 4)
    0.1466
    >>> round(continuous_decay(3, 0.8, 30 / 365), 3)
    0.854
    """
    L = check_array(leverage, "leverage")
    s = check_array(sigma, "sigma", low=0.0)
    T = check_array(years, "years", low=0.0)
    with np.errstate(over="ignore"):
        return scalar_or_array(np.exp(-0.5 * (L * L - L) * s * s * T))


def continuous_token_multiple(price_multiple, leverage, sigma, years):
    """Token multiple ``N_T/N_0`` of a continuously rebalanced token, no fees, zero rates.

        N_T / N_0 = (S_T / S_0)^L · exp(−(L² − L)·sigma²·T / 2)

    Parameters
    ----------
    price_multiple : float or array_like
        ``S_T / S_0``, ``> 0``.
    leverage : float or array_like
        Signed leverage ``L``.
    sigma : float or array_like
        Annualised volatility (per year), ``>= 0``.
    years : float or array_like
        Holding period in years, ``>= 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(continuous_token_multiple(1.0, 3, 0.8, 1.0), 4)
    0.1466
    """
    p = check_array(price_multiple, "price_multiple", low=0.0, low_open=True)
    decay = continuous_decay(leverage, sigma, years)
    L = check_array(leverage, "leverage")
    with np.errstate(over="ignore"):
        return scalar_or_array(np.power(p, L) * decay)


def growth_rate(leverage, mu, sigma):
    """Growth rate of log NAV per year of a continuously rebalanced token: ``L·mu − L²·sigma²/2``.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``.
    mu : float or array_like
        Annual drift of the price (``dS/S = mu dt + sigma dW``), per year.
    sigma : float or array_like
        Annualised volatility, ``>= 0``.

    Returns
    -------
    float or ndarray
        Log growth per year; largest at the Kelly leverage ``mu/sigma²``, zero again at
        ``2·mu/sigma²``.

    Examples
    --------
    >>> round(growth_rate(1, 0.5, 0.8), 6)
    0.18
    """
    L = check_array(leverage, "leverage")
    m = check_array(mu, "mu")
    s = check_array(sigma, "sigma", low=0.0)
    return scalar_or_array(L * m - 0.5 * L * L * s * s)


def median_token_multiple(leverage, mu, sigma, years):
    """Median token multiple over ``T`` years: ``exp((L·mu − L²·sigma²/2)·T)``.

    The *typical* holder's outcome (math.md §4): decay acts on the median, not on the mean.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``.
    mu : float or array_like
        Annual price drift, per year.
    sigma : float or array_like
        Annualised volatility, ``>= 0``.
    years : float or array_like
        Holding period in years, ``>= 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(median_token_multiple(3, 0.0, 0.8, 1.0), 4)
    0.0561
    """
    g = np.asarray(growth_rate(leverage, mu, sigma))
    T = check_array(years, "years", low=0.0)
    with np.errstate(over="ignore"):
        return scalar_or_array(np.exp(g * T))


def expected_token_multiple(leverage, mu, years):
    """Mean token multiple over ``T`` years: ``exp(L·mu·T)`` (a martingale when ``mu = 0``).

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``.
    mu : float or array_like
        Annual price drift, per year.
    years : float or array_like
        Holding period in years, ``>= 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> expected_token_multiple(3, 0.0, 1.0)
    1.0
    """
    L = check_array(leverage, "leverage")
    m = check_array(mu, "mu")
    T = check_array(years, "years", low=0.0)
    with np.errstate(over="ignore"):
        return scalar_or_array(np.exp(L * m * T))


def kelly_leverage(mu, sigma):
    """Leverage that maximises the log growth rate: ``L* = mu / sigma²``.

    Parameters
    ----------
    mu : float or array_like
        Annual price drift, per year.
    sigma : float or array_like
        Annualised volatility, ``> 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(kelly_leverage(0.32, 0.8), 6)
    0.5
    """
    m = check_array(mu, "mu")
    s = check_array(sigma, "sigma", low=0.0, low_open=True)
    return scalar_or_array(m / (s * s))
