"""What a leveraged token costs over a holding period: fee, funding, slippage and decay.

A token's NAV over ``n`` days on a **flat market** (the underlying ends
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
its source) live in :mod:`levtoken.issuers`.

Conventions (the book's notation page): simple returns, a 365-day year, ``sigma`` per year, rates per day, signed
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

from . import paths, validation
from .paths import constant_returns
from .products import LeveragedToken
from .theory import (  # noqa: F401  (re-exported: the closed forms live in levtoken.theory)
    decay_coefficient,
    decay_factor,
    effective_leverage,
    fee_factor,
    funding_factor,
    mean_abs_daily_return,
    slippage_factor,
    traded_notional_per_day,
)
from .validation import (DAYS_PER_YEAR, check_count, check_fee, check_funding, check_leverage,
                         check_positive_int, check_range, check_real_array, check_sigma,
                         check_slippage, finite_result)

__all__ = [
    "COMPONENTS",
    "DragBreakdown",
    "annual_drag",
    "simulated_drag",
    "typical_multiple",
    "break_even_move",
    "steady_break_even_move",
]

#: The four costs, in the order the book stacks them.
COMPONENTS = ("fee", "funding", "slippage", "decay")

#: Largest annual volatility accepted (the library-wide limit of :mod:`levtoken.validation`).
MAX_SIGMA = validation.MAX_SIGMA


# ---------------------------------------------------------------------------------------------
# the four factors


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
    days_per_year: float = DAYS_PER_YEAR
    log_factors: dict | None = None

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

    def _logs(self) -> dict:
        if self.log_factors is not None:
            return dict(self.log_factors)
        return {k: math.log(self.factors[k]) if self.factors[k] > 0 else -math.inf
                for k in COMPONENTS}

    def parts(self) -> dict:
        """Split ``total`` into additive parts in proportion to each cost's log-loss."""
        logs = {k: -v for k, v in self._logs().items()}
        C = sum(logs.values())
        scale = 1.0 if C == 0 else -math.expm1(-C) / C
        return {k: v * scale for k, v in logs.items()}


@finite_result
def annual_drag(leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                funding_per_day: float = 0.0, slippage: float = 0.0,
                days: int = DAYS_PER_YEAR, *, days_per_year: float = DAYS_PER_YEAR) -> DragBreakdown:
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
        Annualised volatility, ``0 <= sigma <= 5`` (the daily-decay term is accurate to about 1 %
        up to ``sigma = 1.2``).
    fee_per_day : float
        Management fee per day, ``0 <= f < 1``.
    funding_per_day : float
        Funding rate per day on the notional, ``|L·φ| < 1`` (positive: longs pay).
    slippage : float
        Cost per unit of traded notional, ``0 <= s <= 0.1``.
    days : int
        Holding period in days, ``1 <= days <= 36500``.
    days_per_year : float
        Days in a year used to turn ``sigma`` into a daily volatility and ``days`` into years,
        in ``[1, 366]`` (365 for crypto, 252 for a leveraged-ETF prospectus).

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
    sig, f = check_sigma(sigma), check_fee(fee_per_day)
    phi, s = check_funding(funding_per_day, L), check_slippage(slippage)
    n = check_count(days, "days")
    dpy = validation.check_days_per_year(days_per_year)
    logs = {
        "fee": n * math.log1p(-f),
        "funding": n * math.log1p(-L * phi),
        "slippage": math.log(slippage_factor(L, sig, s, 1, days_per_year=dpy)) * n,
        "decay": -0.5 * (L * L - L) * sig**2 * n / dpy
                 + decay_coefficient(L) * sig**4 * n / dpy / dpy,
    }
    if max(logs.values()) > 700.0:
        raise ValueError(f"funding_per_day, days: a factor exceeds the float range (funding "
                         f"{phi!r} received for {n} days)")
    factors = {
        "fee": fee_factor(f, n),
        "funding": funding_factor(L, phi, n),
        "slippage": slippage_factor(L, sig, s, n, days_per_year=dpy),
        "decay": decay_factor(L, sig, n, days_per_year=dpy),
    }
    return DragBreakdown(L, sig, f, phi, s, n, factors, dpy, logs)


# ---------------------------------------------------------------------------------------------
# checking against the library's simulation


def _flat_bridge(sigma: float = 0.8, days: int = DAYS_PER_YEAR, n_paths: int = 1,
                 seed=paths.DEFAULT_SEED, end: float = 1.0, *,
                 days_per_year: float = DAYS_PER_YEAR) -> np.ndarray:
    """Paths ending at ``end`` in this module's argument order (``costs.bridge_returns`` of
    levtoken 1.x, kept for one release: use :func:`levtoken.paths.bridge_returns`).

    Exactly ``paths.bridge_returns(end − 1, days, sigma=sigma, n_paths=n_paths, seed=seed,
    keep_variance=True)``
    (the one bridge sampler of the library; this name kept the argument order
    ``(sigma, days, n_paths, seed, end)``): daily log returns ``N(0, sigma²/days_per_year)``, shifted so that each path ends at
    ``end`` and scaled by ``sqrt(days/(days − 1))`` so that the expected realised variance stays
    ``sigma²·days/days_per_year``.

    Parameters
    ----------
    sigma : float
        Annualised volatility, ``0 <= sigma <= 5``.
    days : int
        Number of days, ``2 <= days <= 36500``.
    n_paths : int
        Number of paths, ``1 <= n_paths <= 1e6``.
    seed : int or numpy Generator
        Default :data:`~levtoken.validation.DEFAULT_SEED`; same seed, same paths.
    end : float
        Price at the end of the path (the start is 1.0), ``0 < end <= 1e6``.
    days_per_year : float
        Days in a year, in ``[1, 366]``.

    Returns
    -------
    ndarray, shape (n_paths, days)
        Simple returns; ``prod(1 + r, axis=1) == end`` up to rounding.

    Examples
    --------
    >>> r = _flat_bridge(0.8, days=30, n_paths=2, seed=0)
    >>> np.prod(1 + r, axis=1).round(12).tolist()
    [1.0, 1.0]
    """
    end = check_range(end, "end", 0.0, 1e6, low_open=True)
    return paths.bridge_returns(end - 1.0, days, sigma=sigma, n_paths=n_paths, seed=seed,
                                keep_variance=True, days_per_year=days_per_year)


@finite_result
def simulated_drag(leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                   funding_per_day: float = 0.0, slippage: float = 0.0,
                   days: int = DAYS_PER_YEAR, n_paths: int = 2000, seed=0, *,
                   days_per_year: float = DAYS_PER_YEAR) -> DragBreakdown:
    """The same breakdown as :func:`annual_drag`, measured on simulated daily tokens.

    All numbers come from :meth:`LeveragedToken.nav` on the same ``n_paths`` flat-market paths
    (:func:`levtoken.paths.bridge_returns`, ending at 1.0), taking the **median** over paths (the typical
    holder):

    * fee, funding: the token with only that cost on a path with zero returns (exact);
    * decay: median final NAV of the cost-free token;
    * slippage: median of (NAV with slippage) / (NAV without), path by path.

    Parameters
    ----------
    leverage, sigma, fee_per_day, funding_per_day, slippage, days, days_per_year
        As for :func:`annual_drag`.
    n_paths : int
        Number of simulated paths, ``1 <= n_paths <= 1e6``.
    seed : int or numpy Generator
        Seed of the paths (default 0).

    Returns
    -------
    DragBreakdown
        Its ``multiple`` is the product of the four simulated factors; the median NAV of the
        token with all costs at once is within a fraction of a per cent of it.
    """
    L = check_leverage(leverage)
    sig, f = check_sigma(sigma), check_fee(fee_per_day)
    phi, s = check_funding(funding_per_day, L), check_slippage(slippage)
    n = check_count(days, "days")
    dpy = validation.check_days_per_year(days_per_year)
    r = paths.bridge_returns(0.0, n, sigma=sig, n_paths=n_paths, seed=seed, keep_variance=True,
                             days_per_year=dpy)
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
    return DragBreakdown(L, sig, f, phi, s, n, factors, dpy)


# ---------------------------------------------------------------------------------------------
# break-even


@finite_result
def typical_multiple(move, *, leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                     funding_per_day: float = 0.0, slippage: float = 0.0,
                     days: int = DAYS_PER_YEAR, days_per_year: float = DAYS_PER_YEAR):
    """Typical (median) NAV of a daily token after the underlying moved by ``move`` in ``days``.

        N_n / N_0 ≈ P^{L_eff} · M,     P = 1 + move

    with ``M`` the flat-market multiple of :func:`annual_drag` (decay and the three costs) and
    ``L_eff`` from :func:`effective_leverage`. This is Avellaneda & Zhang's
    ``(S_T/S_0)^L · decay`` with the costs and the daily-rebalancing corrections added; simulated
    tokens on paths pinned at ``P`` (:func:`levtoken.paths.bridge_returns`) agree within about 1 % for 3x up to
    ``σ = 1.2``.

    Parameters
    ----------
    move : float or array_like
        The underlying's simple return over the period, ``> −1``.
    leverage, sigma, fee_per_day, funding_per_day, slippage, days, days_per_year
        As for :func:`annual_drag`.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(typical_multiple(0.0, leverage=3, sigma=0.8), 4)
    0.1421
    >>> round(typical_multiple(0.10, leverage=3, sigma=0.0), 4)
    1.331
    """
    d = annual_drag(leverage, sigma, fee_per_day, funding_per_day, slippage, days,
                    days_per_year=days_per_year)
    P = 1.0 + validation.check_array(move, "move", low=-1.0, low_open=True)
    out = (np.exp(effective_leverage(d.leverage, d.sigma, days_per_year=d.days_per_year)
                  * np.log(P)) * d.multiple)
    return float(out) if out.ndim == 0 else out


@finite_result
def break_even_move(leverage: float = 3.0, sigma: float = 0.8, fee_per_day: float = 0.0,
                    funding_per_day: float = 0.0, slippage: float = 0.0,
                    days: int = DAYS_PER_YEAR, *, days_per_year: float = DAYS_PER_YEAR) -> float:
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
    leverage, sigma, fee_per_day, funding_per_day, slippage, days, days_per_year
        As for :func:`annual_drag`.

    Returns
    -------
    float
        Simple return of the underlying over the period (0.0122 = +1.22 %). A break-even move
        beyond the float range (a token that keeps almost nothing) is a ``ValueError``.

    Examples
    --------
    >>> round(break_even_move(3, 0.0, fee_per_day=0.0001), 5)
    0.01224
    >>> break_even_move(-3, 0.5) < 0
    True
    """
    d = annual_drag(leverage, sigma, fee_per_day, funding_per_day, slippage, days,
                    days_per_year=days_per_year)
    log_m = math.log(d.multiple) if d.multiple > 0 else sum(d.log_factors.values())
    move = math.exp(-log_m / effective_leverage(d.leverage, d.sigma,
                                                days_per_year=d.days_per_year)) - 1.0
    if move <= -1.0:
        raise ValueError(f"leverage, sigma, fee_per_day, funding_per_day, slippage, days: the "
                         f"break-even fall is closer to -100 % than a float can tell (the typical "
                         f"token keeps exp({log_m:.4g}) of its value)")
    return move


@finite_result
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
        Bisection stops when the bracket on ``r`` (a daily return) is narrower than this,
        ``1e-15 <= tol <= 0.1``; at most 200 halvings (the bracket is never narrower than the
        floating-point spacing).

    Returns
    -------
    float

    Examples
    --------
    >>> round(steady_break_even_move(3, fee_per_day=0.0001), 5)
    0.01224
    """
    L = check_leverage(leverage)
    token = LeveragedToken(L, fee_per_day=check_fee(fee_per_day),
                           funding_per_day=check_funding(funding_per_day, L),
                           slippage=check_slippage(slippage))
    n = check_count(days, "days")
    sign = 1.0 if L > 0 else -1.0

    def excess(r):                      # increasing in r after multiplying by the sign of L
        return sign * (token.nav(constant_returns(r, n))[-1] - 1.0)

    w = min(0.5 / abs(L), 0.5)             # a daily move within ±w (never −100 %)
    lo, hi = -w, w
    if excess(lo) > 0 or excess(hi) < 0:
        raise ValueError("fee_per_day, funding_per_day, slippage: the costs are too large for a "
                         f"daily move within ±{w:.3g} to break even")
    tol = validation.check_tol(tol)
    for _ in range(200):
        if hi - lo <= tol:
            break
        mid = 0.5 * (lo + hi)
        if excess(mid) < 0:
            lo = mid
        else:
            hi = mid
    r = 0.5 * (lo + hi)
    return (1.0 + r) ** n - 1.0


#: Old names kept for one release (levtoken 2.x), each warning and naming its replacement.
_DEPRECATED = {
    "bridge_returns": ("levtoken.paths.bridge_returns(end - 1, days, sigma=sigma, "
                       "n_paths=n_paths, seed=seed, keep_variance=True)", _flat_bridge),
}


def __getattr__(name):
    return validation.deprecated_attribute(__name__, name, _DEPRECATED)
