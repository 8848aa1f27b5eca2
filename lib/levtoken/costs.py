"""What a leveraged token costs over a holding period: fee, funding, slippage and decay.

Chapter 5 of the book. A token's NAV over ``n`` days on a **flat market** (the underlying ends
where it started, with annualised volatility ``sigma`` along the way) is, for the typical path,
a product of four factors::

    N_n / N_0 ≈ decay · fee · funding · slippage

    fee       = (1 − f)^n                                    exact
    funding   = (1 − L·φ)^n                                  exact (paid on the notional L·NAV)
    slippage  ≈ (1 − s·|L² − L|·E|r|)^n                      s per unit of traded notional
    decay     ≈ exp(−(L² − L)·σ²·T/2 + c(L)·σ⁴·T/365)        daily rebalancing, T = n/365

``f`` is ``fee_per_day``, ``φ`` is ``funding_per_day`` (longs pay when it is positive, so an
inverse token, ``L < 0``, receives it), ``s`` is ``slippage``, ``E|r|`` is the mean absolute daily
return (:func:`mean_abs_daily_return`) and ``c(L) = L/8 − 7L²/8 + 3L³/2 − 3L⁴/4`` is the
fourth-order correction of daily (not continuous) rebalancing (:func:`decay_factor`). Every
formula here is checked against :class:`levtoken.LeveragedToken` simulations in the tests and in
:func:`simulated_drag`.

The **break-even move** (:func:`break_even_move`) is the underlying's move over the period after
which the typical token is back at NAV 1.0: ``P − 1`` with ``P = M^(−1/L_eff)``, ``M`` the
flat-market multiple above and ``L_eff`` ≈ ``L`` corrected for daily rebalancing
(:func:`effective_leverage`). The issuers' presets (fee, funding and rebalancing rule, each with
its source) live in :mod:`levtoken.issuers`; ``costs.PRESETS``, ``costs.preset`` and
``costs.preset_rows`` still work.

Conventions (math.md): simple returns, a 365-day year, ``sigma`` per year, rates per day, signed
leverage, NAV starting at 1.0. A *drag* is the fraction of NAV lost, ``1 − factor``.

Examples
--------
>>> from levtoken import costs
>>> d = costs.annual_drag(3, sigma=0.8, fee_per_day=0.0001)
>>> round(d.fee, 4), round(d.decay, 3)
(0.0358, 0.858)
>>> round(costs.break_even_move(3, sigma=0.0, fee_per_day=0.0001), 4)
0.0122
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import scenarios
from .paths import DAYS_PER_YEAR, constant_returns
from .products import LeveragedToken
from .validation import check_leverage, check_positive_int, check_range, check_real_array

__all__ = [
    "COMPONENTS",
    "DragBreakdown",
    "mean_abs_daily_return",
    "traded_notional_per_day",
    "fee_factor",
    "funding_factor",
    "slippage_factor",
    "decay_coefficient",
    "decay_factor",
    "annual_drag",
    "bridge_returns",
    "simulated_drag",
    "effective_leverage",
    "typical_multiple",
    "break_even_move",
    "steady_break_even_move",
]

#: The four costs, in the order the book stacks them.
COMPONENTS = ("fee", "funding", "slippage", "decay")

#: Largest annual volatility the closed forms accept (the fourth-order decay term is accurate
#: well beyond crypto's usual 20–150 %).
MAX_SIGMA = 3.0


# ---------------------------------------------------------------------------------------------
# checks


def _sigma(sigma) -> float:
    return check_range(sigma, "sigma", 0.0, MAX_SIGMA)


def _fee(fee_per_day) -> float:
    return check_range(fee_per_day, "fee_per_day", 0.0, 1.0, high_open=True)


def _slippage(slippage) -> float:
    return check_range(slippage, "slippage", 0.0, 0.1)


def _funding(funding_per_day, leverage: float) -> float:
    phi = check_range(funding_per_day, "funding_per_day", -1.0, 1.0)
    if not abs(leverage * phi) < 1.0:
        raise ValueError(
            f"funding_per_day must satisfy |leverage * funding_per_day| < 1, i.e. "
            f"|funding_per_day| < {1 / abs(leverage):.6g} for leverage {leverage:g}, got {phi!r}"
        )
    return phi


def _days(days) -> int:
    return check_positive_int(days, "days")


# ---------------------------------------------------------------------------------------------
# the four factors


def mean_abs_daily_return(sigma: float) -> float:
    """Mean absolute daily simple return ``E|r|`` on a flat market with annual volatility ``sigma``.

    The daily log return ``x`` is ``N(0, s²)`` with ``s = sigma / sqrt(365)`` (zero median: the
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
    s = _sigma(sigma) / math.sqrt(DAYS_PER_YEAR)
    return math.exp(0.5 * s * s) * math.erf(s / math.sqrt(2.0))


def traded_notional_per_day(leverage: float, sigma: float) -> float:
    """Expected notional a daily token trades at each rebalance, per unit of NAV::

        E|trade| / NAV = |L² − L| · E|r|

    (the trade is ``(L² − L)·r·NAV``, math.md §2). It grows like ``L²`` and with volatility.

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
    return abs(L * L - L) * mean_abs_daily_return(sigma)


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
    f, n = _fee(fee_per_day), _days(days)
    return math.exp(n * math.log1p(-f))


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
    phi, n = _funding(funding_per_day, L), _days(days)
    return math.exp(n * math.log1p(-L * phi))


def slippage_factor(leverage: float, sigma: float, slippage: float,
                    days: int = DAYS_PER_YEAR) -> float:
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
    s, n = _slippage(slippage), _days(days)
    cost = s * traded_notional_per_day(leverage, sigma)
    if cost >= 1.0:
        raise ValueError(
            f"slippage: a day's expected slippage cost must be < 1 of NAV, got {cost:g}")
    return math.exp(n * math.log1p(-cost))


def decay_coefficient(leverage: float) -> float:
    """Fourth-order coefficient ``c(L) = L/8 − 7L²/8 + 3L³/2 − 3L⁴/4`` of daily-rebalancing decay.

    It is 0 for ``L = 0`` and ``L = 1`` and negative otherwise (daily rebalancing loses a little
    more than continuous rebalancing: ``c(3) = −27.75``).
    """
    L = float(leverage)
    return L / 8 - 7 * L**2 / 8 + 1.5 * L**3 - 0.75 * L**4


def decay_factor(leverage: float, sigma: float, days: int = DAYS_PER_YEAR,
                 rebalancing: str = "daily") -> float:
    """Volatility-decay factor of the typical path on a flat market.

    ``rebalancing="continuous"`` gives the closed form of Avellaneda & Zhang (math.md §4),
    ``exp(−(L² − L)·σ²·T/2)`` with ``T = days/365`` (:func:`levtoken.theory.continuous_decay`).
    ``"daily"`` (the default, what :class:`~levtoken.LeveragedToken` does) adds the next term of
    the expansion of ``E[log(1 + L·(e^x − 1))]`` for a daily log return ``x ~ N(0, σ²/365)``:

        decay = exp(−(L² − L)·σ²·T/2 + c(L)·σ⁴·T/365)

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
    sig, n = _sigma(sigma), _days(days)
    if rebalancing not in ("daily", "continuous"):
        raise ValueError(f"rebalancing must be 'daily' or 'continuous', got {rebalancing!r}")
    T = n / DAYS_PER_YEAR
    log_decay = -0.5 * (L * L - L) * sig**2 * T
    if rebalancing == "daily":
        log_decay += decay_coefficient(L) * sig**4 * T / DAYS_PER_YEAR
    return math.exp(log_decay)


# ---------------------------------------------------------------------------------------------
# the breakdown


@dataclass(frozen=True)
class DragBreakdown:
    """The four cost factors of a token over ``days`` on a flat market, and their drags.

    Attributes
    ----------
    leverage, sigma, fee_per_day, funding_per_day, slippage, days
        The inputs (``sigma`` per year, rates per day, ``slippage`` per unit traded).
    factors : dict
        ``{"fee", "funding", "slippage", "decay"}`` → NAV multiple of that cost alone.

    Notes
    -----
    ``multiple`` is the product of the factors, the typical NAV after ``days`` on a flat market,
    and ``total = 1 − multiple``. ``drags[k] = 1 − factors[k]`` is what cost ``k`` takes *alone*;
    these do not add up to ``total`` (the costs compound). :meth:`parts` splits ``total``
    into four pieces that do add up: with ``c_k = −ln(factors[k])`` and ``C = Σ c_k``,

        part_k = c_k / C · total        (part_k = c_k when C = 0)

    each cost's share of the loss is its share of the log-loss. A negative part is a gain
    (funding received by an inverse token).
    """

    leverage: float
    sigma: float
    fee_per_day: float
    funding_per_day: float
    slippage: float
    days: int
    factors: dict

    @property
    def multiple(self) -> float:
        """Typical NAV after ``days`` on a flat market: the product of the four factors."""
        return float(np.prod([self.factors[k] for k in COMPONENTS]))

    @property
    def total(self) -> float:
        """Fraction of NAV lost to all four costs together, ``1 − multiple``."""
        return 1.0 - self.multiple

    @property
    def drags(self) -> dict:
        """Fraction of NAV each cost would take on its own, ``1 − factor``."""
        return {k: 1.0 - self.factors[k] for k in COMPONENTS}

    @property
    def fee(self) -> float:
        return self.drags["fee"]

    @property
    def funding(self) -> float:
        return self.drags["funding"]

    @property
    def slippage_drag(self) -> float:
        return self.drags["slippage"]

    @property
    def decay(self) -> float:
        return self.drags["decay"]

    def parts(self) -> dict:
        """Split ``total`` into additive parts in proportion to each cost's log-loss."""
        logs = {k: -math.log(self.factors[k]) for k in COMPONENTS}
        C = sum(logs.values())
        scale = 1.0 if C == 0 else -math.expm1(-C) / C
        return {k: v * scale for k, v in logs.items()}


def annual_drag(leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                funding_per_day: float = 0.0, slippage: float = 0.0,
                days: int = DAYS_PER_YEAR) -> DragBreakdown:
    """Fee, funding, slippage and volatility decay of a daily token over ``days`` (default a year).

    The market is **flat**: the underlying ends where it started, with annualised volatility
    ``sigma`` along the way. Closed forms: :func:`fee_factor`, :func:`funding_factor`,
    :func:`slippage_factor` and :func:`decay_factor` (daily rebalancing). Checked against
    simulation by :func:`simulated_drag`.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L``, non-zero, ``|L| <= 10``.
    sigma : float
        Annualised volatility, ``0 <= sigma <= 3``.
    fee_per_day : float
        Management fee per day, ``0 <= f < 1``.
    funding_per_day : float
        Funding rate per day on the notional, ``|L·φ| < 1`` (positive: longs pay).
    slippage : float
        Cost per unit of traded notional, ``0 <= s <= 0.1``.
    days : int
        Holding period in days (positive integer).

    Returns
    -------
    DragBreakdown

    Examples
    --------
    >>> d = annual_drag(3, 0.8, fee_per_day=0.0005, funding_per_day=0.0003, slippage=0.0005)
    >>> round(d.total, 3), round(sum(d.parts().values()), 3)
    (0.918, 0.918)
    """
    L = check_leverage(leverage)
    sig, f = _sigma(sigma), _fee(fee_per_day)
    phi, s, n = _funding(funding_per_day, L), _slippage(slippage), _days(days)
    factors = {
        "fee": fee_factor(f, n),
        "funding": funding_factor(L, phi, n),
        "slippage": slippage_factor(L, sig, s, n),
        "decay": decay_factor(L, sig, n),
    }
    return DragBreakdown(L, sig, f, phi, s, n, factors)


# ---------------------------------------------------------------------------------------------
# checking against the library's simulation


def bridge_returns(sigma: float = 0.8, days: int = DAYS_PER_YEAR, n_paths: int = 1,
                   seed=None, end: float = 1.0) -> np.ndarray:
    """Simulated daily returns whose price path ends exactly at ``end`` (a "flat market" for 1.0).

    Daily log returns are drawn ``N(0, sigma²/365)`` (``np.random.default_rng(seed)``); each
    path's returns are then shifted so that they sum to ``ln(end)``, and scaled by
    ``sqrt(days/(days − 1))`` so that the expected realised variance stays ``sigma²·days/365``
    (the shift removes one degree of freedom). Like a Brownian bridge from 1 to ``end``.

    Parameters
    ----------
    sigma : float
        Annualised volatility, ``0 <= sigma <= 3``.
    days : int
        Number of days, at least 2.
    n_paths : int
        Number of paths (positive integer).
    seed : int, numpy Generator or None
        Same seed, same paths.
    end : float
        Price at the end of the path (the start is 1.0), ``> 0``.

    Returns
    -------
    ndarray, shape (n_paths, days)
        Simple returns; ``prod(1 + r, axis=1) == end`` up to rounding.

    Examples
    --------
    >>> r = bridge_returns(0.8, days=30, n_paths=2, seed=0)
    >>> np.prod(1 + r, axis=1).round(12).tolist()
    [1.0, 1.0]
    """
    sig = _sigma(sigma)
    end = check_range(end, "end", 0.0, low_open=True)
    return scenarios.bridge_returns(end - 1.0, days, sigma=sig, n_paths=n_paths, seed=seed,
                                    keep_variance=True)


def simulated_drag(leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                   funding_per_day: float = 0.0, slippage: float = 0.0,
                   days: int = DAYS_PER_YEAR, n_paths: int = 2000, seed=0) -> DragBreakdown:
    """The same breakdown as :func:`annual_drag`, measured on simulated daily tokens.

    All numbers come from :meth:`LeveragedToken.nav` on the same ``n_paths`` flat-market paths
    (:func:`bridge_returns`, ending at 1.0), taking the **median** over paths (the typical
    holder):

    * fee, funding: the token with only that cost on a path with zero returns (exact);
    * decay: median final NAV of the cost-free token;
    * slippage: median of (NAV with slippage) / (NAV without), path by path.

    Parameters
    ----------
    leverage, sigma, fee_per_day, funding_per_day, slippage, days
        As for :func:`annual_drag`.
    n_paths : int
        Number of simulated paths.
    seed : int, numpy Generator or None
        Seed of the paths.

    Returns
    -------
    DragBreakdown
        Its ``multiple`` is the product of the four simulated factors; the median NAV of the
        token with all costs at once is within a fraction of a per cent of it.
    """
    L = check_leverage(leverage)
    sig, f = _sigma(sigma), _fee(fee_per_day)
    phi, s, n = _funding(funding_per_day, L), _slippage(slippage), _days(days)
    r = bridge_returns(sig, n, n_paths, seed)
    flat = np.zeros(n)
    bare = LeveragedToken(L).nav(r)[:, -1]
    slipped = LeveragedToken(L, slippage=s).nav(r)[:, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(bare > 0, slipped / np.where(bare > 0, bare, 1.0), 0.0)
    factors = {
        "fee": float(LeveragedToken(L, fee_per_day=f).nav(flat)[-1]),
        "funding": float(LeveragedToken(L, funding_per_day=phi).nav(flat)[-1]),
        "slippage": float(np.median(ratio)),
        "decay": float(np.median(bare)),
    }
    return DragBreakdown(L, sig, f, phi, s, n, factors)


# ---------------------------------------------------------------------------------------------
# break-even


def effective_leverage(leverage: float, sigma: float) -> float:
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
    sig = _sigma(sigma)
    return L + L * (L - 1) * (2 * L - 1) * sig * sig / (2 * DAYS_PER_YEAR)


def typical_multiple(move, leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                     funding_per_day: float = 0.0, slippage: float = 0.0,
                     days: int = DAYS_PER_YEAR):
    """Typical (median) NAV of a daily token after the underlying moved by ``move`` in ``days``.

        N_n / N_0 ≈ P^{L_eff} · M,     P = 1 + move

    with ``M`` the flat-market multiple of :func:`annual_drag` (decay and the three costs) and
    ``L_eff`` from :func:`effective_leverage`. This is Avellaneda & Zhang's
    ``(S_T/S_0)^L · decay`` with the costs and the daily-rebalancing corrections added; simulated
    tokens on paths pinned at ``P`` (:func:`bridge_returns`) agree within about 1 % for 3x up to
    ``σ = 1.2``.

    Parameters
    ----------
    move : float or array_like
        The underlying's simple return over the period, ``> −1``.
    leverage, sigma, fee_per_day, funding_per_day, slippage, days
        As for :func:`annual_drag`.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(typical_multiple(0.0, 3, 0.8), 4)
    0.1421
    >>> round(typical_multiple(0.10, 3, 0.0), 4)
    1.331
    """
    d = annual_drag(leverage, sigma, fee_per_day, funding_per_day, slippage, days)
    P = 1.0 + np.asarray(check_real_array(move, "move"), dtype=float)
    if not (np.isfinite(P).all() and (P > 0).all()):
        raise ValueError(f"move must be finite and > -1, got {move!r}")
    out = np.exp(effective_leverage(d.leverage, d.sigma) * np.log(P)) * d.multiple
    return float(out) if out.ndim == 0 else out


def break_even_move(leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                    funding_per_day: float = 0.0, slippage: float = 0.0,
                    days: int = DAYS_PER_YEAR) -> float:
    """The underlying's move over ``days`` that leaves the typical token at NAV 1.0.

    Definition: the underlying goes from 1 to ``P`` in ``days`` days with annualised volatility
    ``sigma`` along the way; the typical (median) token then ends at ``P^{L_eff} · M``
    (:func:`typical_multiple`). Setting this to 1:

        P = M^(−1/L_eff),        break-even move = P − 1

    For ``sigma = 0`` (``L_eff = L``) this is a steady trend, the same return every day; the
    tests check it against :func:`steady_break_even_move`, which finds it by root-finding on
    the library, and check the volatile case against simulated tokens on paths pinned at ``P``.
    A long token needs a rise, an inverse token a fall.

    Parameters
    ----------
    leverage, sigma, fee_per_day, funding_per_day, slippage, days
        As for :func:`annual_drag`.

    Returns
    -------
    float
        Simple return of the underlying over the period (0.0122 = +1.22 %).

    Examples
    --------
    >>> round(break_even_move(3, 0.0, fee_per_day=0.0001), 5)
    0.01224
    >>> break_even_move(-3, 0.5) < 0
    True
    """
    d = annual_drag(leverage, sigma, fee_per_day, funding_per_day, slippage, days)
    return math.exp(-math.log(d.multiple) / effective_leverage(d.leverage, d.sigma)) - 1.0


def steady_break_even_move(leverage: float = 3.0, fee_per_day: float = 0.0,
                           funding_per_day: float = 0.0, slippage: float = 0.0,
                           days: int = DAYS_PER_YEAR, tol: float = 1e-13) -> float:
    """Break-even move of a steady trend, found by bisection on :meth:`LeveragedToken.nav`.

    The underlying returns the same ``r`` every day (:func:`levtoken.paths.constant_returns`);
    the function finds the ``r`` for which the token, with all its costs, ends at exactly 1.0,
    and returns the underlying's total move ``(1 + r)^days − 1``. No closed form is used: it is
    the check of :func:`break_even_move` at ``sigma = 0``.

    Parameters
    ----------
    leverage, fee_per_day, funding_per_day, slippage, days
        As for :func:`annual_drag`.
    tol : float
        Bisection stops when the bracket on ``r`` is narrower than this.

    Returns
    -------
    float

    Examples
    --------
    >>> round(steady_break_even_move(3, fee_per_day=0.0001), 5)
    0.01224
    """
    L = check_leverage(leverage)
    token = LeveragedToken(L, fee_per_day=_fee(fee_per_day),
                           funding_per_day=_funding(funding_per_day, L),
                           slippage=_slippage(slippage))
    n = _days(days)
    sign = 1.0 if L > 0 else -1.0

    def excess(r):                      # increasing in r after multiplying by the sign of L
        return sign * (token.nav(constant_returns(r, n))[-1] - 1.0)

    lo, hi = -0.5 / abs(L), 0.5 / abs(L)
    if excess(lo) > 0 or excess(hi) < 0:
        raise ValueError("fee_per_day, funding_per_day, slippage: the costs are too large for a "
                         f"daily move within ±{0.5 / abs(L):.3g} to break even")
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if excess(mid) < 0:
            lo = mid
        else:
            hi = mid
    r = 0.5 * (lo + hi)
    return (1.0 + r) ** n - 1.0


# ---------------------------------------------------------------------------------------------
# issuer-style presets: moved to levtoken.issuers

#: Names that moved to :mod:`levtoken.issuers`; ``levtoken.costs.<name>`` keeps working.
_MOVED_TO_ISSUERS = ("CostPreset", "PRESETS", "preset", "preset_rows",
                     "DEFAULT_FUNDING_PER_DAY", "ILLUSTRATIVE")


def __getattr__(name):
    """Re-export the presets from :mod:`levtoken.issuers` (imported lazily: no import cycle)."""
    if name in _MOVED_TO_ISSUERS:
        from . import issuers
        return getattr(issuers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
