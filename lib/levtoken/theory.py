"""Closed forms for leveraged tokens (the notation page): every formula of the library, in one place.

Conventions: simple returns unless a name says ``log``; signed leverage ``L`` (3 long, −3
inverse); ``sigma`` and ``mu`` per year; ``years`` in years; fees and funding per day. A year has
``days_per_year`` days (365 by default) wherever a formula turns an annual ``sigma`` or ``mu`` or a
number of days into years or steps.

Sections: one rebalancing period (one-period return, rebalancing trade, ruin and liquidation
moves, leverage after a move); fees; continuous rebalancing (decay, growth, median and mean
multiples, Kelly leverage); costs of a daily token on a flat market (fee, funding, slippage and
decay factors, effective leverage); probabilities under GBM (normal and t(3) distribution
functions, beating spot or L× spot, the ruin day); L× spot and the break-even volatility; margin
positions (liquidation price and probability).

Scalars in → Python ``float`` out; numpy arrays broadcast → ``ndarray`` out. The functions here
accept any leverage with ``|L| <= 10`` (the cap of the products), and ``L = 0`` wherever the formula
is defined (it is not for :func:`ruin_move` and :func:`liquidation_move`).

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

import math

import numpy as np

from .validation import (
    finite_result,
    DAYS_PER_YEAR,
    MAX_DAYS,
    MAX_SIGMA,
    check_array,
    check_choice,
    check_leverage_array,
    check_count,
    check_days_per_year,
    check_fee,
    check_funding,
    check_leverage,
    check_maintenance_margin,
    check_positive_int,
    check_range,
    check_real,
    check_real_array,
    check_sigma,
    check_slippage,
    scalar_or_array,
    broadcast,
    MAX_LEVERAGE,
)

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
    # costs on a flat market
    "mean_abs_daily_return",
    "traded_notional_per_day",
    "fee_factor",
    "funding_factor",
    "slippage_factor",
    "decay_coefficient",
    "decay_factor",
    "effective_leverage",
    # probabilities
    "normal_cdf",
    "student_t3_cdf",
    "spot_hurdle",
    "beat_spot_probability",
    "beat_naive_probability",
    "ruin_day_probability",
    "ruin_within",
    # L× spot
    "naive_multiple",
    "break_even_volatility",
    # margin positions
    "BGK_BETA",
    "liquidation_price",
    "liquidation_probability",
]


# ---------------------------------------------------------------------------------------------
# one rebalancing period (the notation page)


@finite_result
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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    r = check_array(underlying_return, "underlying_return", low=-1.0, low_open=True)
    return scalar_or_array(np.maximum(L * r, -1.0))


@finite_result
def rebalance_trade(leverage, underlying_return, nav=1.0):
    """Notional traded at the rebalance after a one-period move (Cheng & Madhavan 2009).

    ``trade = L·N·(1 + L·r) − L·N·(1 + r) = (L² − L)·r·N``, in quote-currency units,
    positive = buy. For ``L > 1`` and every ``L < 0`` the token buys after up moves and sells
    after down moves (the notation page). ``nav`` is the NAV ``N`` at the start of the period. Valid
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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    r = check_array(underlying_return, "underlying_return", low=-1.0, low_open=True)
    n = check_array(nav, "nav", low=0.0)
    return scalar_or_array((L * L - L) * r * n)


@finite_result
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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE, nonzero=True)
    return scalar_or_array(-1.0 / L)


@finite_result
def liquidation_move(leverage, maintenance_margin=0.005):
    """Cumulative underlying move that liquidates a margin position opened at leverage ``L``.

    Opened on margin 1 and never rebalanced, the position has equity ``1 + L·R`` and notional
    ``|L|·(1 + R)`` after a cumulative simple return ``R``; it is liquidated when
    ``1 + L·R <= m·|L|·(1 + R)`` (the notation page). Solving for ``R``::

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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE, nonzero=True)
    m = check_array(maintenance_margin, "maintenance_margin", low=0.0)
    mL = m * np.abs(L)
    too_big = (mL >= 1.0) | (m >= 1.0)
    if np.any(too_big):
        mf, Lf = (np.broadcast_to(x, mL.shape).ravel() for x in (m, L))
        i = int(np.argmax(np.broadcast_to(too_big, mL.shape).ravel()))
        check_maintenance_margin(mf[i], Lf[i])  # raises with the standard message
    return scalar_or_array((mL - 1.0) / (L - mL))


@finite_result
def leverage_after_move(leverage, move):
    """Effective leverage after a cumulative move ``R`` since the last rebalance.

    Between rebalances the token holds a fixed quantity, so its exposure is ``L·N·(1 + R)`` and
    its NAV ``N·(1 + L·R)``:

        L_eff = L·(1 + R) / (1 + L·R)

    A 3x long drifts up after a fall (4x after −1/9 ≈ −11.1 %), down after a rise (the notation page).
    Undefined where ``1 + L·R <= 0`` (the token is wiped out and holds nothing): such a move is
    a ``ValueError``.

    Parameters
    ----------
    leverage : float or array_like
        Signed target leverage ``L``.
    move : float or array_like
        Cumulative simple return ``R`` since the last rebalance, ``> −1`` and with
        ``1 + L·R > 0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(leverage_after_move(3, -1/9), 12)
    4.0
    """
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    R = check_array(move, "move", low=-1.0, low_open=True)
    L, R = broadcast(leverage=L, move=R)
    denom = 1.0 + L * R
    if (denom <= 0).any():
        i = np.flatnonzero((denom <= 0).ravel())[0]
        raise ValueError(f"move must keep 1 + leverage·move > 0 (at move = −1/leverage the token "
                         f"is wiped out and has no leverage), got move {float(R.flat[i])!r} for "
                         f"leverage {float(L.flat[i])!r}")
    return scalar_or_array(L * (1.0 + R) / denom)


# ---------------------------------------------------------------------------------------------
# costs (the notation page)


@finite_result
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


@finite_result
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
# continuous rebalancing (the notation page)


@finite_result
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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    s = check_array(sigma, "sigma", low=0.0)
    T = check_array(years, "years", low=0.0)
    with np.errstate(over="ignore"):
        return scalar_or_array(np.exp(-0.5 * (L * L - L) * s * s * T))


@finite_result
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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    with np.errstate(over="ignore"):
        return scalar_or_array(np.power(p, L) * decay)


@finite_result
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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    m = check_array(mu, "mu")
    s = check_array(sigma, "sigma", low=0.0)
    return scalar_or_array(L * m - 0.5 * L * L * s * s)


@finite_result
def median_token_multiple(leverage, mu, sigma, years):
    """Median token multiple over ``T`` years: ``exp((L·mu − L²·sigma²/2)·T)``.

    The *typical* holder's outcome (the notation page): decay acts on the median, not on the mean.

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


@finite_result
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
    L = check_array(leverage, "leverage", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    m = check_array(mu, "mu")
    T = check_array(years, "years", low=0.0)
    with np.errstate(over="ignore"):
        return scalar_or_array(np.exp(L * m * T))


@finite_result
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


# ---------------------------------------------------------------------------------------------
# costs of a daily token on a flat market (the notation page)

@finite_result
def mean_abs_daily_return(sigma: float, *, days_per_year: float = DAYS_PER_YEAR) -> float:
    """Mean absolute daily simple return ``E|r|`` on a flat market with annual volatility ``sigma``.

    The daily log return ``x`` is ``N(0, s²)`` with ``s = sigma / sqrt(days_per_year)`` (zero median: the
    price neither drifts up nor down), and ``r = e^x − 1``. Then exactly

        E|r| = e^{s²/2} · erf(s / √2)  ≈  s · √(2/π)  ≈  0.80 · s

    Parameters
    ----------
    sigma : float
        Annualised volatility, ``0 <= sigma <= 3``.

    Returns
    -------
    float
        Mean absolute return per day, a fraction (0.0334 at ``sigma = 0.8``).

    Examples
    --------
    >>> round(mean_abs_daily_return(0.8), 4)
    0.0334
    """
    s = check_sigma(sigma) / math.sqrt(check_days_per_year(days_per_year))
    return math.exp(0.5 * s * s) * math.erf(s / math.sqrt(2.0))


@finite_result
def traded_notional_per_day(leverage: float, sigma: float, *,
                            days_per_year: float = DAYS_PER_YEAR) -> float:
    """Expected notional a daily token trades at each rebalance, per unit of NAV::

        E|trade| / NAV = |L² − L| · E|r|

    (the trade is ``(L² − L)·r·NAV``, the notation page). It grows like ``L²`` and with volatility.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L``, non-zero, ``|L| <= 10``.
    sigma : float
        Annualised volatility, ``0 <= sigma <= 3``.

    Returns
    -------
    float
        Traded notional per day as a fraction of NAV (0.201 for 3x at ``sigma = 0.8``).

    Examples
    --------
    >>> round(traded_notional_per_day(3, 0.8), 3)
    0.201
    """
    L = check_leverage(leverage)
    return abs(L * L - L) * mean_abs_daily_return(sigma, days_per_year=days_per_year)


@finite_result
def fee_factor(fee_per_day: float, days: int = DAYS_PER_YEAR) -> float:
    """NAV multiple left by a daily management fee: ``(1 − f)^days`` (exact).

    Parameters
    ----------
    fee_per_day : float
        Fee per day, a fraction of NAV, ``0 <= f < 1``.
    days : int
        Holding period in days (positive integer).

    Returns
    -------
    float

    Examples
    --------
    >>> round(fee_factor(0.0001), 5)
    0.96416
    """
    f, n = check_fee(fee_per_day), check_count(days, "days")
    return math.exp(n * math.log1p(-f))


@finite_result
def funding_factor(leverage: float, funding_per_day: float, days: int = DAYS_PER_YEAR) -> float:
    """NAV multiple left by funding paid on the notional ``L·NAV``: ``(1 − L·φ)^days`` (exact).

    A long token (``L > 0``) pays when ``φ > 0``; an inverse token (``L < 0``) receives it, so its
    factor is above 1.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L``, non-zero, ``|L| <= 10``.
    funding_per_day : float
        Funding rate per day, ``|L·φ| < 1`` (0.0003 is 0.01 % every 8 hours).
    days : int
        Holding period in days (positive integer).

    Returns
    -------
    float

    Examples
    --------
    >>> round(funding_factor(3, 0.0003), 4), round(funding_factor(-3, 0.0003), 4)
    (0.7199, 1.3887)
    """
    L = check_leverage(leverage)
    phi, n = check_funding(funding_per_day, L), check_count(days, "days")
    return math.exp(n * math.log1p(-L * phi))


@finite_result
def slippage_factor(leverage: float, sigma: float, slippage: float,
                    days: int = DAYS_PER_YEAR, *, days_per_year: float = DAYS_PER_YEAR) -> float:
    """NAV multiple left by rebalancing slippage: ``(1 − s·|L² − L|·E|r|)^days`` (approximate).

    Each rebalance pays ``s`` per unit of traded notional, and a day trades about
    ``|L² − L|·E|r|`` of NAV (:func:`traded_notional_per_day`). Accurate to a few parts in a
    thousand of the factor against simulation for ``sigma <= 1.5`` (the small extra trade caused
    by the fee and funding themselves is left out).

    Parameters
    ----------
    leverage : float
        Signed leverage ``L``.
    sigma : float
        Annualised volatility, ``0 <= sigma <= 3``.
    slippage : float
        Cost per unit of traded notional, ``0 <= s <= 0.1`` (0.0005 = 5 basis points).
    days : int
        Holding period in days (positive integer).

    Returns
    -------
    float

    Examples
    --------
    >>> round(slippage_factor(3, 0.8, 0.0005), 4)
    0.9641
    """
    s, n = check_slippage(slippage), check_count(days, "days")
    cost = s * traded_notional_per_day(leverage, sigma, days_per_year=days_per_year)
    if cost >= 1.0:
        raise ValueError(
            f"slippage: a day's expected slippage cost must be < 1 of NAV, got {cost:g}")
    return math.exp(n * math.log1p(-cost))


@finite_result
def decay_coefficient(leverage: float) -> float:
    """Fourth-order coefficient ``c(L) = L/8 − 7L²/8 + 3L³/2 − 3L⁴/4`` of daily-rebalancing decay.

    It is 0 for ``L = 0`` and ``L = 1`` and negative otherwise (daily rebalancing loses a little
    more than continuous rebalancing: ``c(3) = −27.75``).
    """
    L = check_range(leverage, "leverage", -MAX_LEVERAGE, MAX_LEVERAGE)
    return L / 8 - 7 * L**2 / 8 + 1.5 * L**3 - 0.75 * L**4


@finite_result
def decay_factor(leverage: float, sigma: float, days: int = DAYS_PER_YEAR,
                 rebalancing: str = "daily", *, days_per_year: float = DAYS_PER_YEAR) -> float:
    """Volatility-decay factor of the typical path on a flat market.

    ``rebalancing="continuous"`` gives the closed form of Avellaneda & Zhang (the notation page),
    ``exp(−(L² − L)·σ²·T/2)`` with ``T = days/days_per_year`` (:func:`levtoken.theory.continuous_decay`).
    ``"daily"`` (the default, what :class:`~levtoken.LeveragedToken` does) adds the next term of
    the expansion of ``E[log(1 + L·(e^x − 1))]`` for a daily log return ``x ~ N(0, σ²/days_per_year)``:

        decay = exp(−(L² − L)·σ²·T/2 + c(L)·σ⁴·T/days_per_year)

    with ``c(L)`` from :func:`decay_coefficient`. For 3x at ``σ = 0.8`` over a year this is
    0.142 (continuous: 0.147); simulated daily tokens agree to about 1 % for ``σ <= 1.2``.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L``, non-zero, ``|L| <= 10``.
    sigma : float
        Annualised volatility, ``0 <= sigma <= 3``.
    days : int
        Holding period in days (positive integer).
    rebalancing : {"daily", "continuous"}

    Returns
    -------
    float

    Examples
    --------
    >>> round(decay_factor(3, 0.8, rebalancing="continuous"), 4)
    0.1466
    >>> round(decay_factor(3, 0.8), 4)
    0.1421
    """
    L = check_leverage(leverage)
    sig, n = check_sigma(sigma), check_count(days, "days")
    check_choice(rebalancing, "rebalancing", ("daily", "continuous"))
    dpy = check_days_per_year(days_per_year)
    T = n / dpy
    log_decay = -0.5 * (L * L - L) * sig**2 * T
    if rebalancing == "daily":
        log_decay += decay_coefficient(L) * sig**4 * T / dpy
    return math.exp(log_decay)


@finite_result
def effective_leverage(leverage: float, sigma: float, *,
                       days_per_year: float = DAYS_PER_YEAR) -> float:
    """Exponent of the price multiple in the typical daily token's NAV: ``L + L(L−1)(2L−1)·σ²/730``.

    Over ``n`` days in which the price goes from 1 to ``P`` with volatility ``sigma``, the daily
    log returns have mean ``m = ln(P)/n``; the third-order term of ``E[ln(1 + L(e^x − 1))]``,
    ``L(L − 1)(2L − 1)/6 · E[x³]`` with ``E[x³] ≈ 3·m·σ²/365``, adds
    ``L(L − 1)(2L − 1)·σ²/730 · ln P`` to the token's log NAV. Continuous rebalancing has no such
    term (exponent ``L``); at ``σ = 0.8`` it is 3.026 for a 3x token.

    Examples
    --------
    >>> round(effective_leverage(3, 0.8), 3)
    3.026
    >>> effective_leverage(1, 0.8)
    1.0
    """
    L = check_leverage(leverage)
    sig = check_sigma(sigma)
    dpy = check_days_per_year(days_per_year)
    return L + L * (L - 1) * (2 * L - 1) * sig * sig / (2 * dpy)


# ---------------------------------------------------------------------------------------------
# distributions and probabilities under GBM

_erfc = np.frompyfunc(math.erfc, 1, 1)


@finite_result
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
    a = check_array(x, "x")
    return scalar_or_array(0.5 * np.asarray(_erfc(-a / math.sqrt(2.0)), dtype=float))


@finite_result
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
    a = check_array(x, "x")
    ax = np.abs(a)
    with np.errstate(divide="ignore"):
        left = (np.arctan(np.where(ax > 0, np.sqrt(3.0) / np.where(ax > 0, ax, 1.0), np.inf))
                - np.sqrt(3.0) * ax / (3.0 + ax * ax)) / np.pi
    return scalar_or_array(np.where(a <= 0, left, 1.0 - left))


@finite_result
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
    L = check_array(leverage, "leverage", low=1.0, high=MAX_LEVERAGE, low_open=True)
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA)
    T = check_array(years, "years", low=0.0)
    return scalar_or_array(0.5 * L * s * s * T)


@finite_result
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
    L = check_leverage_array(leverage)
    if (L == 1).any():
        raise ValueError("leverage must differ from 1 (a 1x token is spot), got 1.0")
    m = check_array(mu, "mu")
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA, low_open=True)
    T = check_array(years, "years", low=0.0, low_open=True)
    z = np.sign(L - 1.0) * (m - 0.5 * s * s - 0.5 * L * s * s) * np.sqrt(T) / s
    return normal_cdf(z)


@finite_result
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
    L = check_leverage_array(leverage)
    if ((L > 0) & (L <= 1)).any():
        raise ValueError("leverage must be > 1 or < 0 for beat_naive_probability, got "
                         f"{float(L[(L > 0) & (L <= 1)].flat[0])!r}")
    m = check_array(mu, "mu")
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA, low_open=True)
    T = check_array(years, "years", low=0.0, low_open=True)
    iterations = check_count(iterations, "iterations")
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


@finite_result
def ruin_day_probability(leverage, sigma, *, mu=0.0, steps_per_day=1, tails="normal",
                         days_per_year=DAYS_PER_YEAR):
    """Probability that one rebalancing period's move reaches the ruin move ``−1/L``.

    The log return of one period of ``dt = 1/(days_per_year·steps_per_day)`` years is
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
    L = check_leverage_array(leverage)
    s = check_array(sigma, "sigma", low=0.0, high=MAX_SIGMA, low_open=True)
    m = check_array(mu, "mu")
    spd = check_count(steps_per_day, "steps_per_day")
    check_choice(tails, "tails", ("normal", "t3"))
    dt = 1.0 / (check_days_per_year(days_per_year) * spd)
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


@finite_result
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


# ---------------------------------------------------------------------------------------------
# L× spot and the break-even volatility

@finite_result
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


@finite_result
def break_even_volatility(total_return, days, *, leverage=3.0, days_per_year=DAYS_PER_YEAR):
    """Annual volatility at which a continuously rebalanced token ends exactly at L× spot.

    With the continuous-rebalancing formula (Avellaneda & Zhang 2010, the notation page), the token
    multiple after ``T = days/days_per_year`` years is ``(1 + R)^L · exp(−(L² − L)·sigma²·T/2)``. Setting
    it equal to ``1 + L·R`` and solving for ``sigma``:

        sigma* = sqrt( 2 · [L·log(1 + R) − log(1 + L·R)] / ((L² − L)·T) )

    Below ``sigma*`` the token beats L× spot; above it, it lags. For ``L > 1`` or ``L < 0`` the
    bracket is ``>= 0`` (Bernoulli's inequality), so ``sigma*`` exists; it is 0 at ``R = 0``. When
    ``1 + L·R <= 0`` L× spot has lost everything, the token beats it at every volatility and
    there is no break-even volatility: such a ``total_return`` is a ``ValueError``.

    Parameters
    ----------
    total_return : float or array_like
        Simple return ``R`` of the underlying over the period, ``> −1`` with ``1 + L·R > 0``.
    days : float
        Length of the period in days, ``0 < days <= 36500``.
    leverage : float
        Signed leverage with ``L > 1`` or ``L < 0`` (``|L| <= 10``): for ``0 < L <= 1`` rebalancing
        does not decay the token and there is no break-even volatility.

    Returns
    -------
    float or ndarray
        Annualised volatility ``sigma*`` (0.5587 for +20 % in 30 days at 3x).

    Examples
    --------
    >>> round(break_even_volatility(0.20, 30, leverage=3), 4)
    0.5587
    >>> break_even_volatility(0.0, 30, leverage=3)
    0.0
    """
    R = _returns_array(total_return)
    days = check_range(days, "days", 0.0, MAX_DAYS, low_open=True)
    L = check_leverage(leverage)
    if 0.0 < L <= 1.0:
        raise ValueError("leverage must be > 1 or < 0 for a break-even volatility, "
                         f"got {leverage!r}")
    T = days / check_days_per_year(days_per_year)
    naive = 1.0 + L * R
    if (naive <= 0).any():
        raise ValueError(f"total_return must keep 1 + leverage·total_return > 0 (beyond it L× spot "
                         f"has lost everything and no break-even volatility exists), got "
                         f"{float(R[naive <= 0].flat[0]) if R.ndim else float(R)!r} for leverage {L:g}")
    gap = L * np.log1p(R) - np.log(naive)
    out = np.sqrt(np.maximum(gap, 0.0) * 2.0 / ((L * L - L) * T))
    return float(out) if out.ndim == 0 else out


def _returns_array(value):
    """A total return (scalar or array), finite and ``> −1``, as a float ndarray."""
    if np.ndim(value) == 0:
        check_real(value, "total_return")
        return np.asarray(check_range(value, "total_return", -1.0, low_open=True))
    a = check_real_array(value, "total_return")
    if not (np.isfinite(a).all() and (a > -1).all()):
        bad = a[~(np.isfinite(a) & (a > -1))].flat[0]
        raise ValueError(f"total_return must be finite and > -1, got {float(bad)!r}")
    return a


# ---------------------------------------------------------------------------------------------
# margin positions: liquidation price and probability (the notation page)

#: Broadie–Glasserman–Kou continuity-correction constant, ``-zeta(1/2)/sqrt(2*pi)``.
BGK_BETA = 0.5826


_CONVENTIONS = ("binance", "bybit")


@finite_result
def liquidation_price(entry, leverage, maintenance_margin=0.005, convention="binance"):
    """Liquidation price of an isolated-margin position opened at ``entry`` with leverage ``L``.

    Two exchange conventions (facts.md), for ``s = sign(L)`` and maintenance margin rate ``m``:

    ``"binance"`` (maintenance margin measured at the liquidation price; the notation page)::

        P_liq = entry · (1 − 1/L) / (1 − s·m)

    ``"bybit"`` (maintenance margin measured at the entry price)::

        P_liq = entry · (1 − 1/L + s·m)

    For a long (``L > 0``) the Binance form is ``entry·(1 + R_liq)`` with ``R_liq`` from
    :func:`levtoken.theory.liquidation_move`; both reduce to the ruin price ``entry·(1 − 1/L)``
    when ``m = 0``. Fees, extra margin and maintenance-amount deductions are ignored.

    Parameters
    ----------
    entry : float
        Entry price, ``> 0`` (any currency unit; the result is in the same unit).
    leverage : float
        Signed leverage ``L`` (3 long, −3 short), non-zero, ``|L| <= 10``.
    maintenance_margin : float
        Maintenance margin rate ``m`` as a fraction of notional, ``0 <= m < 1/|L|``.
    convention : {"binance", "bybit"}
        Which exchange's formula.

    Returns
    -------
    float
        The price at which the position is liquidated (below ``entry`` for a long).

    Examples
    --------
    >>> round(liquidation_price(60_000, 10, 0.005, "binance"), 2)
    54271.36
    >>> round(liquidation_price(60_000, 10, 0.005, "bybit"), 2)
    54300.0
    """
    entry = check_range(entry, "entry", 0.0, low_open=True)
    L = check_leverage(leverage)
    m = check_maintenance_margin(maintenance_margin, L)
    if not isinstance(convention, str) or convention.lower() not in _CONVENTIONS:
        raise ValueError(f"convention must be one of {_CONVENTIONS}, got {convention!r}")
    s = 1.0 if L > 0 else -1.0
    if convention.lower() == "binance":
        return entry * (1.0 - 1.0 / L) / (1.0 - s * m)
    return entry * (1.0 - 1.0 / L + s * m)


def _array_in(value, name, low, high) -> np.ndarray:
    """Float array, finite, each element in ``(low, high]`` (a None bound is not checked)."""
    a = check_real_array(value, name)
    flat = np.atleast_1d(a).ravel()
    bad = ~np.isfinite(flat)
    if low is not None:
        bad |= flat <= low
    if high is not None:
        bad |= flat > high
    if bad.any():
        what = "finite" if low is None else (f"in ({low:g}, {high:g}]" if high is not None
                                             else f"finite and > {low:g}")
        raise ValueError(f"{name} must be {what}, got {float(flat[bad][0])!r}")
    return a


@finite_result
def liquidation_probability(leverage=3.0, sigma=0.8, days=365, maintenance_margin=0.005, *,
                            mu=0.0, steps_per_day=None, days_per_year=DAYS_PER_YEAR):
    """Probability that a margin position (no funding) is liquidated within ``days`` days.

    The price follows ``dS/S = mu dt + sigma dW``, so ``X_t = log(S_t/S_0)`` is a Brownian
    motion with drift ``ν = mu − sigma²/2``. A long is liquidated the first time ``X`` falls to
    ``b = log(1 + R_liq)`` (``R_liq`` of :func:`levtoken.theory.liquidation_move`). By the
    reflection principle, with ``T = days/days_per_year`` years,

        P = Φ((b − νT)/(σ√T)) + exp(2νb/σ²) · Φ((b + νT)/(σ√T))

    (continuous monitoring). A short (``L < 0``) uses the mirror image ``X → −X``.

    When ``steps_per_day`` is given the price is only looked at every
    ``Δt = 1/(days_per_year·steps_per_day)`` years, as in a simulation; the Broadie–Glasserman–Kou
    continuity correction moves the barrier away by ``0.5826·σ·√Δt`` in log price, which
    approximates the discretely monitored probability closely.

    Parameters
    ----------
    leverage : float or array_like
        Signed leverage ``L``, non-zero, ``|L| <= 10``.
    sigma : float or array_like
        Annualised volatility (per year), ``> 0``.
    days : float or array_like
        Holding period in days (365 a year), ``> 0``.
    maintenance_margin : float
        Maintenance margin rate ``m``, ``0 <= m < 1/|L|`` for every leverage given.
    mu : float or array_like
        Annual drift of the price (per year).
    steps_per_day : int or None
        None: continuous monitoring. Otherwise observations per day (discrete correction).

    Returns
    -------
    float or ndarray
        Probability in ``[0, 1]`` (arrays broadcast).

    Examples
    --------
    >>> round(liquidation_probability(3, 0.8, 365, 0.005), 3)
    0.734
    >>> bool(liquidation_probability(3, 0.8, 365, 0.005, steps_per_day=4)
    ...      < liquidation_probability(3, 0.8, 365, 0.005))
    True
    """
    L = check_real_array(leverage, "leverage")
    for lev in np.atleast_1d(L).ravel():
        check_leverage(float(lev))
        check_maintenance_margin(maintenance_margin, float(lev))
    m = float(maintenance_margin)
    s = _array_in(sigma, "sigma", 0.0, MAX_SIGMA)
    d = _array_in(days, "days", 0.0, MAX_DAYS)
    mu_a = _array_in(mu, "mu", None, None)
    if steps_per_day is not None:
        steps_per_day = check_count(steps_per_day, "steps_per_day")
    dpy = check_days_per_year(days_per_year)

    sign = np.sign(L)
    mL = m * np.abs(L)
    one_plus_r = (L - 1.0) / (L - mL)                # 1 + R_liq, for either sign of L
    never = one_plus_r <= 0.0                        # a long with L <= 1 is never liquidated
    b = sign * np.log(np.where(never, 1.0, one_plus_r))   # barrier of the mirrored path, < 0
    if steps_per_day is not None:
        b = b - BGK_BETA * s * np.sqrt(1.0 / (dpy * steps_per_day))
    nu = sign * (mu_a - 0.5 * s * s)                 # drift of the mirrored path
    T = d / dpy
    sd = s * np.sqrt(T)
    with np.errstate(over="ignore", invalid="ignore"):
        p = (np.asarray(normal_cdf((b - nu * T) / sd))
             + np.exp(2.0 * nu * b / (s * s)) * np.asarray(normal_cdf((b + nu * T) / sd)))
    p = np.where(never, 0.0, np.clip(np.nan_to_num(p, nan=1.0), 0.0, 1.0))
    return float(p) if np.ndim(p) == 0 else p
