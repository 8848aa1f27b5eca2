"""Rebalancing rules: when a leveraged token trades back to its target leverage.

A token with target leverage ``L`` rebalances at every day end (``daily_rebalance=True``) and,
inside the day, as soon as one of its triggers fires on ``R``, the cumulative simple return of the
underlying since the last rebalance (the notation page). Between rebalances the token holds a fixed
quantity, so its NAV multiple is ``1 + L·R`` and its actual leverage is

    lev(R) = L·(1 + R) / (1 + L·R)          (:func:`levtoken.theory.leverage_after_move`)

Triggers used by real issuers, all expressed here as a pair of moves ``(fall, rise)``: the token
rebalances when ``R <= fall`` or ``R >= rise`` (None: no trigger on that side).

``rebalance_threshold=h``
    ``|R| >= h`` (``threshold_side="both"``), or only moves against the token
    (``"adverse"``: ``L·R <= −h``), as KuCoin and Amun did.
``leverage_band=(low, high)``
    ``|lev(R)|`` reaches or leaves ``[low, high]``: FTX's 3x BULL and BEAR rebalanced at 4x,
    Bybit kept ``[2x, 4x]``. Stated in leverage, it stays right when reused at another ``L``.

:func:`band_moves` solves ``|lev(R)| = b`` for ``R``; :func:`trigger_moves` combines the rules.
The products use these functions (:class:`levtoken.products.LeveragedToken`); nothing else in
the library decides when a token rebalances.

Examples
--------
>>> from levtoken import rules
>>> [round(m, 12) for m in rules.band_moves(3, (2, 4))]          # 3x long: 4x at −1/9, 2x at +1/3
[-0.111111111111, 0.333333333333]
>>> round(rules.band_moves(-3, (None, 4))[1], 12)                  # 3x short: 4x at +1/15
0.066666666667
"""

from __future__ import annotations

import numpy as np

from .validation import finite_result, check_choice, check_leverage, check_leverage_band, check_range

__all__ = ["THRESHOLD_TOL", "THRESHOLD_SIDES", "move_for_leverage", "band_moves", "trigger_moves"]

#: Tolerance on ``R`` of every trigger test: ``0.88 - 1`` is not exactly ``-0.12``.
THRESHOLD_TOL = 1e-12

#: Accepted values of ``threshold_side``.
THRESHOLD_SIDES = ("both", "adverse")


def _edge_move(L: float, b: float) -> float | None:
    """The move ``R`` at which ``|L·(1 + R)/(1 + L·R)| = b``, or None if the leverage never gets
    there (a long token's leverage stays on one side of 1)."""
    if L == 1.0:
        return None                     # spot: the leverage is always 1
    if L > 0 and (b == 1.0 or (b > 1.0) != (L > 1.0)):
        return None
    E = b if L > 0 else -b              # the signed leverage reached
    return _move(L, E)


def _move(L: float, E: float) -> float:
    """Solve ``E = L·(1 + R)/(1 + L·R)`` for ``R``: ``R = (E − L)/(L·(1 − E))``."""
    return (E - L) / (L * (1.0 - E))


@finite_result
def move_for_leverage(leverage, effective_leverage):
    """Cumulative move ``R`` since the last rebalance that drifts leverage ``L`` to ``E``.

    Inverts ``E = L·(1 + R)/(1 + L·R)`` (:func:`levtoken.theory.leverage_after_move`)::

        R = (E − L) / (L·(1 − E))

    A 3x long reaches 4x after ``−1/9 ≈ −11.1 %`` and 2x after ``+1/3``; a 3x inverse
    (``L = −3``) reaches −4x after ``+1/15 ≈ +6.7 %`` (the FTX trigger, facts.md).

    Parameters
    ----------
    leverage : float
        Signed target leverage ``L`` (non-zero, ``|L| <= 10``, ``L != 1``).
    effective_leverage : float
        Signed leverage ``E`` to reach: in ``(1, inf)`` for ``L > 1``, ``(0, 1)`` for
        ``0 < L < 1``, ``(-inf, 0)`` for ``L < 0``.

    Returns
    -------
    float
        Simple return ``R`` (``> −1``).

    Examples
    --------
    >>> round(move_for_leverage(3, 4), 6), round(move_for_leverage(-3, -4), 6)
    (-0.111111, 0.066667)
    """
    L = check_leverage(leverage)
    if L == 1:
        raise ValueError("leverage must not be 1: spot's leverage never drifts, got 1")
    E = check_leverage(effective_leverage, "effective_leverage", max_abs=np.inf)
    # the leverages a move R in (-1, ruin) can reach: (1, inf) for L > 1, (0, 1) for 0 < L < 1,
    # (-inf, 0) for L < 0
    low, high = (1.0, np.inf) if L > 1 else (0.0, 1.0) if L > 0 else (-np.inf, 0.0)
    if not low < E < high:
        raise ValueError(f"effective_leverage must be in ({low:g}, {high:g}) for leverage {L:g}, "
                         f"got {E:g}")
    return float(_move(L, E))


@finite_result
def band_moves(leverage, leverage_band) -> tuple[float | None, float | None]:
    """The cumulative moves ``(fall, rise)`` at which the leverage reaches the band's edges.

    With ``x = 1 + R``, ``|L·x/(1 + L·(x − 1))| = b`` at::

        x = b·(L − 1)/(L·(b − 1))        for L > 0
        x = b·(1 − L)/(|L|·(1 + b))      for L < 0

    ``|lev|`` falls as ``R`` rises for ``L > 1`` (so ``high`` is reached on a fall) and rises with
    ``R`` for ``0 < L < 1`` and for inverse tokens (``high`` is reached on a rise for an inverse
    token). An edge the leverage can never reach gives None.

    Parameters
    ----------
    leverage : float
        Signed target leverage ``L``, non-zero, ``|L| <= 10``.
    leverage_band : (low, high)
        ``low`` None or ``0 < low < |L|``; ``high`` finite, ``> |L|``.

    Returns
    -------
    (fall, rise) : tuple of float or None
        Simple returns of the underlying since the last rebalance.

    Examples
    --------
    >>> round(band_moves(3, (None, 4))[0], 12)
    -0.111111111111
    """
    L = check_leverage(leverage)
    band = check_leverage_band(leverage_band, L)
    if band is None:
        raise ValueError("leverage_band must be a pair (low, high), got None")
    fall = rise = None
    for b in band:
        if b is None:
            continue
        m = _edge_move(L, b)
        if m is None:
            continue
        falls = (b > abs(L)) == (L > 1.0)   # the edge is reached on a fall of the underlying
        if falls:
            fall = m if fall is None else max(fall, m)
        else:
            rise = m if rise is None else min(rise, m)
    return fall, rise


@finite_result
def trigger_moves(leverage, rebalance_threshold=None, threshold_side="both",
                  leverage_band=None) -> tuple[float | None, float | None]:
    """The moves ``(fall, rise)`` that trigger an intraday rebalance, all rules combined.

    The token rebalances as soon as ``R <= fall`` or ``R >= rise`` (``R`` the cumulative
    underlying move since the last rebalance, a simple return); the earliest trigger of the
    threshold and the band wins on each side. None: nothing triggers on that side.

    Parameters
    ----------
    leverage : float
        Signed target leverage ``L``, non-zero, ``|L| <= 10``.
    rebalance_threshold : float or None
        ``h`` in ``(0, 1/|L|)``.
    threshold_side : {"both", "adverse"}
        ``"adverse"``: only moves against the token (a fall for ``L > 0``, a rise for ``L < 0``).
    leverage_band : (low, high) or None
        See :func:`band_moves`.

    Returns
    -------
    (fall, rise) : tuple of float or None

    Examples
    --------
    >>> trigger_moves(3, 0.15, "adverse")
    (-0.15, None)
    >>> [round(m, 12) for m in trigger_moves(3, 0.2, leverage_band=(2, 4))]
    [-0.111111111111, 0.2]
    """
    L = check_leverage(leverage)
    check_choice(threshold_side, "threshold_side", THRESHOLD_SIDES)
    fall = rise = None
    if rebalance_threshold is not None:
        h = check_range(rebalance_threshold, "rebalance_threshold", 0.0, 1.0 / abs(L),
                        low_open=True, high_open=True)
        adverse = threshold_side == "adverse"
        if not adverse or L > 0:
            fall = -h
        if not adverse or L < 0:
            rise = h
    if leverage_band is not None:
        bf, br = band_moves(L, leverage_band)
        if bf is not None:
            fall = bf if fall is None else max(fall, bf)
        if br is not None:
            rise = br if rise is None else min(rise, br)
    return fall, rise
