"""Tokens vs spot, margin and futures: the same return paths through several products.

One simulator for comparing the products. It draws geometric-Brownian-motion paths with
:func:`levtoken.paths.gbm_returns`, runs **the same paths** through

``spot``
    :class:`~levtoken.products.Spot`;
``token``
    a daily-rebalanced :class:`~levtoken.products.LeveragedToken`;
``threshold_token``
    the same token that also rebalances inside the day when the move since its last rebalance
    reaches ``rebalance_threshold``;
``margin``
    a :class:`~levtoken.products.MarginPosition` (margin trading or a perpetual future), opened
    once and never rebalanced, liquidated at the maintenance margin;

and summarises the value of each after chosen horizons: median and other percentiles, the
probability of losing more than ``loss`` (50 % by default) and the probability of ending at 0
(liquidated or ruined).

Conventions (the book's notation page): simple returns, a 365-day year, ``sigma`` and ``mu`` per year, signed
leverage, every product starts at value 1.0. Paths have ``steps_per_day`` observations per day
(4: every six hours), so a token can be ruined and a margin position liquidated *inside* a day.

**Intraday steps and funding.** :class:`~levtoken.products.MarginPosition` counts one step as one
day when it charges funding. :func:`standard_products` therefore gives it
``funding_per_day / steps_per_day`` per step: the daily rate spread evenly over the day (with
``steps_per_day = 3`` that is one perpetual-futures funding payment per eight hours). Tokens
know ``steps_per_day`` and are charged once a day.

Examples
--------
>>> from levtoken import compare
>>> res = compare.compare_products(sigmas=[0.8], horizons=[30], n_paths=500, seed=1)
>>> sorted(res["p_zero"])
['margin', 'spot', 'threshold_token', 'token']
>>> res["p_liquidation"].shape
(1, 1)
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from . import paths
from .paths import spread_daily  # noqa: F401  (re-exported from levtoken.paths)
from .products import LeveragedToken, MarginPosition, Spot
from .theory import (  # noqa: F401  (re-exported: the closed forms live in levtoken.theory)
    BGK_BETA,
    liquidation_price,
    liquidation_probability,
)
from .validation import (
    finite_result,
    MAX_MU,
    format_value,
    check_count,
    check_days_per_year,
    check_size,
    check_vector,
    InvalidTypeError,
    check_finite,
    check_leverage,
    check_maintenance_margin,
    check_positive_int,
    check_range,
    check_real_array,
    check_returns,
    check_seed,
)

__all__ = [
    "PRODUCTS",
    "LABELS",
    "DEFAULT_QUANTILES",
    "standard_products",
    "values_at",
    "summarise",
    "compare_products",
]

#: Keys of the products compared, in the order they are drawn (also keys of ``plots.COLORS``).
PRODUCTS = ("spot", "token", "threshold_token", "margin")

#: Legend labels of the products.
LABELS = {
    "spot": "spot",
    "token": "daily token",
    "threshold_token": "threshold token",
    "margin": "margin position",
}

#: Percentile levels reported by :func:`summarise` (fractions).
DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


# ---------------------------------------------------------------------------------------------
# closed forms: liquidation price and probability


# ---------------------------------------------------------------------------------------------
# paths and products


@finite_result
def standard_products(leverage=3.0, maintenance_margin=0.005, steps_per_day=4,
                      rebalance_threshold=0.10, *, funding_per_day=0.0, fee_per_day=0.0) -> dict:
    """The four products compared (spot, a daily token, a threshold token, a margin position),
    set up for paths with ``steps_per_day`` steps a day.

    Parameters
    ----------
    leverage : float
        Signed leverage ``L`` of the tokens and of the margin position.
    maintenance_margin : float
        Maintenance margin rate of the margin position, ``0 <= m < 1/|L|``.
    steps_per_day : int
        Observations per day of the paths these products will run on.
    rebalance_threshold : float or None
        Threshold ``h`` of the threshold token, in ``(0, 1/|L|)``; None leaves that product out.
    funding_per_day : float
        Funding rate per day on notional, paid by the tokens once a day and by the margin
        position as ``funding_per_day / steps_per_day`` at every step (its steps are not days).
    fee_per_day : float
        Management fee per day of the tokens (the margin position has none).

    Returns
    -------
    dict
        ``{"spot": Spot, "token": LeveragedToken, "threshold_token": LeveragedToken,
        "margin": MarginPosition}`` in that order.

    Examples
    --------
    >>> list(standard_products())
    ['spot', 'token', 'threshold_token', 'margin']
    >>> standard_products(funding_per_day=0.0004, steps_per_day=4)["margin"].funding_per_day
    0.0001
    """
    k = check_positive_int(steps_per_day, "steps_per_day")
    phi = check_finite(funding_per_day, "funding_per_day")
    out = {
        "spot": Spot(),
        "token": LeveragedToken(leverage, fee_per_day=fee_per_day, funding_per_day=phi,
                                steps_per_day=k),
    }
    if rebalance_threshold is not None:
        out["threshold_token"] = LeveragedToken(leverage, fee_per_day=fee_per_day,
                                                funding_per_day=phi, steps_per_day=k,
                                                rebalance_threshold=rebalance_threshold)
    out["margin"] = MarginPosition(leverage, maintenance_margin=maintenance_margin,
                                   funding_per_day=phi / k)
    return out


def _check_steps(steps, n_steps: int) -> np.ndarray:
    """Step counts as a 1-D int array, each in ``[0, n_steps]``."""
    a = np.atleast_1d(np.asarray(steps))
    if a.ndim != 1 or a.size == 0 or a.dtype.kind not in "iu":
        raise InvalidTypeError(f"steps must be a non-empty 1-D sequence of integers, got {steps!r}")
    if a.min() < 0 or a.max() > n_steps:
        bad = int(a[(a < 0) | (a > n_steps)][0])
        raise ValueError(f"steps must be in [0, {n_steps}] (the number of return steps), got {bad}")
    return a.astype(int)


@finite_result
def values_at(products: Mapping, returns, steps) -> dict:
    """Value of each product after given numbers of steps, on the same return paths.

    Parameters
    ----------
    products : mapping of str to product
        Objects with a ``nav(returns)`` method (``Spot``, ``LeveragedToken``,
        ``MarginPosition``), e.g. from :func:`standard_products`.
    returns : array_like, shape (n_paths, T)
        Simple returns per step (a 1-D array is one path).
    steps : sequence of int
        Step counts in ``[0, T]`` at which to read the value (``day · steps_per_day`` for a
        horizon in days).

    Returns
    -------
    dict of str to ndarray, shape (n_paths, len(steps))
        ``nav[:, steps]`` of each product (``(len(steps),)`` for a 1-D path).

    Examples
    --------
    >>> v = values_at({"margin": MarginPosition(3)}, [-0.20, 0.25], [1, 2])
    >>> v["margin"].round(6).tolist()
    [0.4, 1.0]
    """
    if not isinstance(products, Mapping) or not products:
        raise InvalidTypeError(f"products must be a non-empty mapping of name to product, "
                               f"got {type(products).__name__}")
    r = check_returns(returns)
    idx = _check_steps(steps, r.shape[-1])
    out = {}
    for name, product in products.items():
        if not hasattr(product, "nav"):
            raise InvalidTypeError(f"products[{name!r}] must have a nav(returns) method, "
                                   f"got {type(product).__name__}")
        out[name] = product.nav(r)[..., idx]
    return out


@finite_result
def summarise(values: Mapping, loss=0.5, quantiles=DEFAULT_QUANTILES) -> dict:
    """Statistics over paths (axis 0) of each product's values.

    Parameters
    ----------
    values : mapping of str to array_like, shape (n_paths, ...)
        Values of each product, starting from 1.0 (e.g. from :func:`values_at`).
    loss : float
        Loss threshold in ``(0, 1)``: ``p_loss`` is the share of paths with value
        ``< 1 − loss`` (0.5: "lost more than half").
    quantiles : sequence of float
        Percentile levels in ``[0, 1]``.

    Returns
    -------
    dict
        ``{"median", "mean", "p_loss", "p_zero"}`` each a dict name → array of shape ``(...)``;
        ``"quantiles"`` name → array ``(len(quantiles), ...)``; ``"quantile_levels"``.
        ``p_zero`` is the share of paths whose value is exactly 0 (liquidated or ruined).

    Examples
    --------
    >>> s = summarise({"x": np.array([0.0, 0.4, 1.0, 2.0])})
    >>> float(s["p_loss"]["x"]), float(s["p_zero"]["x"]), float(s["median"]["x"])
    (0.5, 0.25, 0.7)
    """
    if not isinstance(values, Mapping) or not values:
        raise InvalidTypeError(f"values must be a non-empty mapping of name to array, "
                               f"got {type(values).__name__}")
    loss = check_range(loss, "loss", 0.0, 1.0, low_open=True, high_open=True)
    q = check_real_array(quantiles, "quantiles")
    q = np.atleast_1d(q)
    if q.ndim != 1 or q.size == 0 or not np.all((q >= 0) & (q <= 1)):
        raise ValueError(f"quantiles must be a 1-D sequence of levels in [0, 1], got {quantiles!r}")
    out = {"median": {}, "mean": {}, "p_loss": {}, "p_zero": {}, "quantiles": {},
           "quantile_levels": q.copy()}
    for name, v in values.items():
        a = check_real_array(v, f"values[{name!r}]")
        if a.ndim == 0 or a.shape[0] == 0:
            raise ValueError(f"values[{name!r}] must have at least one path along axis 0, "
                             f"got shape {a.shape}")
        srt = np.sort(np.moveaxis(a, 0, -1), axis=-1)       # paths last: a fast, contiguous sort
        out["median"][name] = _sorted_quantile(srt, 0.5)
        out["mean"][name] = a.mean(axis=0)
        out["p_loss"][name] = (a < 1.0 - loss).mean(axis=0)
        out["p_zero"][name] = (a <= 0.0).mean(axis=0)
        out["quantiles"][name] = np.stack([_sorted_quantile(srt, level) for level in q])
    return out


def _sorted_quantile(srt: np.ndarray, level: float) -> np.ndarray:
    """Quantile of data sorted along the last axis, linear interpolation (numpy's default)."""
    n = srt.shape[-1]
    pos = level * (n - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, n - 1)
    frac = pos - lo
    return srt[..., lo] * (1.0 - frac) + srt[..., hi] * frac


@finite_result
def compare_products(leverage=3.0, sigmas=(0.4, 0.8, 1.2), horizons=(7, 30, 90, 365),
                     n_paths=10_000, *, mu=0.0, steps_per_day=4, rebalance_threshold=0.10,
                     maintenance_margin=0.005, funding_per_day=0.0, fee_per_day=0.0,
                     loss=0.5, quantiles=DEFAULT_QUANTILES, seed=606, chunk_size=2_000,
                     days_per_year=paths.DAYS_PER_YEAR) -> dict:
    """Spot, daily token, threshold token and margin position on the same simulated paths.

    For every volatility in ``sigmas`` it draws ``n_paths`` GBM paths of ``max(horizons)`` days
    with ``steps_per_day`` steps a day (:func:`levtoken.paths.gbm_returns`), runs them through
    :func:`standard_products` and summarises each product's value after each horizon with
    :func:`summarise`.

    Every volatility uses the same standard-normal draws (the generator restarts from ``seed``),
    so the paths differ only in scale: common random numbers, smooth curves across ``sigmas``.
    Paths are drawn in chunks of ``chunk_size`` from one generator; the result does not depend
    on ``chunk_size`` (numpy fills arrays row by row).

    Parameters
    ----------
    leverage : float
        Signed leverage of the tokens and the margin position.
    sigmas : sequence of float
        Annualised volatilities, each in ``[0, 5]``.
    horizons : sequence of int
        Holding periods in days (positive integers); values are read at day ends.
    n_paths : int
        Number of simulated paths per volatility.
    mu : float
        Annual drift of the price (per year).
    steps_per_day : int
        Observations per day (4: every six hours).
    rebalance_threshold : float or None
        Threshold of the threshold token, in ``(0, 1/|L|)``; None leaves it out.
    maintenance_margin : float
        Maintenance margin rate of the margin position.
    funding_per_day : float
        Funding per day on notional (see :func:`standard_products` for intraday steps).
    fee_per_day : float
        Management fee per day of the tokens.
    loss : float
        Loss threshold of ``p_loss`` (value ``< 1 − loss``), in ``(0, 1)``.
    quantiles : sequence of float
        Percentile levels reported.
    seed : int
        Seed of ``np.random.default_rng``, ``>= 0``.
    chunk_size : int
        Paths simulated at a time (bounds the memory used: ``chunk_size × max(horizons) ×
        steps_per_day`` returns at a time, at most 2e7; the summaries keep ``n_paths ×
        len(horizons)`` values per product).
    days_per_year : float
        Days in a year used to scale ``mu`` and ``sigma`` to a step, in ``[1, 366]``.

    Returns
    -------
    dict
        ``sigmas`` (n_s,), ``horizons`` (n_h,), ``products`` (names), ``labels``,
        ``n_paths``, ``steps_per_day``, ``loss``, ``quantile_levels`` (n_q,), ``settings``
        (the arguments); ``median``, ``mean``, ``p_loss``, ``p_zero``: dict name → (n_s, n_h);
        ``quantiles``: dict name → (n_s, n_q, n_h); ``p_liquidation`` (n_s, n_h) = the margin
        position's ``p_zero``; ``p_liquidation_se`` its Monte Carlo standard error.

    Examples
    --------
    >>> r = compare_products(sigmas=[0.8], horizons=[30, 365], n_paths=400, seed=3)
    >>> r["median"]["token"].shape
    (1, 2)
    """
    L = check_leverage(leverage)
    sig = check_vector(sigmas, "sigmas", low=0.0, high=paths.MAX_SIGMA)
    hor = np.atleast_1d(np.asarray(horizons))
    if hor.ndim != 1 or hor.size == 0 or hor.dtype.kind not in "iu":
        raise InvalidTypeError(f"horizons must be a non-empty 1-D sequence of whole days, "
                               f"got {format_value(horizons)}")
    for h in hor:
        check_count(h, "horizons")
    n_paths = check_count(n_paths, "n_paths")
    k = check_count(steps_per_day, "steps_per_day")
    chunk_size = check_count(chunk_size, "chunk_size")
    mu = check_range(mu, "mu", -MAX_MU, MAX_MU)
    seed = check_seed(seed)
    dpy = check_days_per_year(days_per_year)
    check_size(min(chunk_size, n_paths) * int(hor.max()) * k,
               "chunk_size * max(horizons) * steps_per_day")
    loss = check_range(loss, "loss", 0.0, 1.0, low_open=True, high_open=True)
    products = standard_products(L, maintenance_margin, k, rebalance_threshold,
                                 funding_per_day=funding_per_day, fee_per_day=fee_per_day)
    days = int(hor.max())
    steps = hor.astype(int) * k

    per_sigma = []
    for s in sig:
        rng = np.random.default_rng(seed)
        chunks = {name: [] for name in products}
        done = 0
        while done < n_paths:
            n = min(chunk_size, n_paths - done)
            r = paths.gbm_returns(mu=mu, sigma=float(s), days=days, n_paths=n,
                                  steps_per_day=k, seed=rng, days_per_year=dpy)
            for name, v in values_at(products, r, steps).items():
                chunks[name].append(v)
            done += n
        values = {name: np.concatenate(v, axis=0) for name, v in chunks.items()}
        per_sigma.append(summarise(values, loss=loss, quantiles=quantiles))

    names = tuple(products)
    res = {
        "sigmas": sig.astype(float),
        "horizons": hor.astype(int),
        "products": names,
        "labels": {n: LABELS[n] for n in names},
        "n_paths": n_paths,
        "steps_per_day": k,
        "loss": loss,
        "quantile_levels": per_sigma[0]["quantile_levels"],
        "settings": dict(leverage=L, mu=mu, steps_per_day=k,
                         rebalance_threshold=rebalance_threshold,
                         maintenance_margin=float(maintenance_margin),
                         funding_per_day=float(funding_per_day),
                         fee_per_day=float(fee_per_day), seed=seed),
    }
    for stat in ("median", "mean", "p_loss", "p_zero", "quantiles"):
        res[stat] = {n: np.stack([ps[stat][n] for ps in per_sigma]) for n in names}
    p = res["p_zero"]["margin"]
    res["p_liquidation"] = p
    res["p_liquidation_se"] = np.sqrt(p * (1.0 - p) / n_paths)
    return res
