"""Volatility regimes and crash days: the market conditions chapter 8 runs every issuer through.

Two **volatility regimes** (:data:`REGIMES`), each with a cited source: about 70 % a year, as
Bitcoin was from 2018 to 2022, and about 45 % a year, as it was from 2023 to 2025.

Three **crash days** (:data:`CRASH_DAYS`), each one day of 96 fifteen-minute steps
(:data:`STEPS_PER_DAY`), so that intraday rebalancing rules can act between steps; the day's
scheduled rebalance, if any, comes at its end:

``"slide"``
    a steady fall of 35 % spread evenly over the day (equal log steps);
``"march2020"``
    12 March 2020 from 09:00 UTC, through the two falls a cited source dates: $7,300 to $5,690
    between 10:00 and 11:00 UTC, then $5,800 to $3,900 between 23:00 and 02:15 UTC (geometric
    interpolation between those prices; flat at $3,900 until the day ends);
``"gap"``
    a flat day with a single 35 % fall inside one 15-minute step: a gap no intraday rule can
    catch.

:func:`crash_outcomes` runs the issuers' presets and a margin position through one of them.
Conventions (math.md): simple returns, prices in USD, NAV starting at 1.0.

Examples
--------
>>> from levtoken import crashes
>>> p = crashes.crash_day_prices("march2020")
>>> len(p), round(p[0]), round(p[-1]), round(float(p.min() / p[0] - 1), 4)
(97, 7300, 3900, -0.4658)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .paths import returns_from_prices
from .products import MarginPosition
from .validation import check_choice, check_leverage, check_maintenance_margin

__all__ = [
    "STEP_MINUTES",
    "STEPS_PER_DAY",
    "Regime",
    "REGIMES",
    "regime",
    "CrashDay",
    "CRASH_DAYS",
    "crash_day_prices",
    "crash_day_returns",
    "crash_outcomes",
]

#: Length of one step of a crash day, in minutes.
STEP_MINUTES = 15

#: Steps in a crash day (24 hours of 15-minute steps).
STEPS_PER_DAY = 24 * 60 // STEP_MINUTES


@dataclass(frozen=True)
class Regime:
    """A volatility regime: annualised volatility ``sigma`` (per year, log returns) and source.

    Attributes
    ----------
    key : str
        ``"2018-2022"`` or ``"2023-2025"``.
    label : str
        Legend text.
    sigma : float
        Annualised volatility used for the simulations (0.70 = 70 % a year).
    source : str
        Key of ``book/references.bib``.
    note : str
        What the source measured.
    """

    key: str
    label: str
    sigma: float
    source: str
    note: str


#: The two regimes of the book, with their sources.
REGIMES: tuple[Regime, ...] = (
    Regime("2018-2022", "about 70 % a year (as 2018–2022)", 0.70, "timmer2023fidelity",
           "Fidelity measured an annualised volatility of about 69 % on weekly data from 2020 "
           "to 29 October 2023"),
    Regime("2023-2025", "about 45 % a year (as 2023–2025)", 0.45, "glassnode2024volatility",
           "Glassnode: realised volatility between 40 % and 55 % in the 2023–24 uptrend"),
)


def regime(key: str) -> Regime:
    """The regime with this ``key`` (``"2018-2022"`` or ``"2023-2025"``)."""
    check_choice(key, "key", [r.key for r in REGIMES])
    return next(r for r in REGIMES if r.key == key)


@dataclass(frozen=True)
class CrashDay:
    """One crash day as anchor prices joined geometrically on the 15-minute grid.

    Attributes
    ----------
    key, title : str
    hours : tuple of float
        Anchor times in hours from the day's start (0 to 24, increasing).
    prices : tuple of float
        Price at each anchor (USD; only ratios matter).
    source : str
        Key of ``book/references.bib`` or ``"illustrative"``.
    """

    key: str
    title: str
    hours: tuple
    prices: tuple
    source: str


#: The crash days, by key.
CRASH_DAYS: dict[str, CrashDay] = {
    "slide": CrashDay("slide", "a steady −35 % day", (0.0, 24.0), (100.0, 65.0), "illustrative"),
    "march2020": CrashDay(
        "march2020", "12 March 2020 (from 09:00 UTC)",
        (0.0, 1.0, 2.0, 14.0, 17.25, 24.0), (7300.0, 7300.0, 5690.0, 5800.0, 3900.0, 3900.0),
        "btcmex2020blackthursday"),
    "gap": CrashDay("gap", "a −35 % gap in one step", (0.0, 12.0, 12.25, 24.0),
                    (100.0, 100.0, 65.0, 65.0), "illustrative"),
}


def _day(key: str) -> CrashDay:
    return CRASH_DAYS[check_choice(key, "key", sorted(CRASH_DAYS))]


def crash_day_prices(key: str) -> np.ndarray:
    """Prices of a crash day on the 15-minute grid, shape ``(97,)`` (start and 96 step ends).

    Between anchors the log price moves linearly (equal simple returns per step).
    """
    day = _day(key)
    t = np.arange(STEPS_PER_DAY + 1) * STEP_MINUTES / 60.0
    return np.exp(np.interp(t, day.hours, np.log(day.prices)))


def crash_day_returns(key: str) -> np.ndarray:
    """Simple returns of a crash day, shape ``(96,)``, one per 15-minute step."""
    return returns_from_prices(crash_day_prices(key))


def crash_outcomes(key: str, presets=None, margin_leverage: float = 3.0,
                   maintenance_margin: float = 0.005) -> list[dict]:
    """End-of-day NAV of each issuer's token, and of a margin position, on a crash day.

    Parameters
    ----------
    key : str
        A key of :data:`CRASH_DAYS`.
    presets : sequence of CostPreset or keys, optional
        Default: every long preset of :data:`levtoken.issuers.PRESETS`.
    margin_leverage : float
        Leverage of the margin position opened at the day's start.
    maintenance_margin : float
        Its maintenance margin, ``0 <= m < 1/|margin_leverage|``.

    Returns
    -------
    list of dict
        ``key, name, nav`` (end-of-day NAV; fee and funding left out: the rule alone), ``low`` (lowest NAV),
        ``ruined`` and ``rebalances`` (intraday and end-of-day), one per preset, then one for
        the margin position (``key="margin"``).
    """
    from . import issuers

    r = crash_day_returns(key)
    chosen = ([p for p in issuers.PRESETS if p.leverage > 0] if presets is None else
              issuers._presets(presets))
    out = []
    for p in chosen:
        token = p.token(steps_per_day=STEPS_PER_DAY)
        sim = replace(token, fee_per_day=0.0, funding_per_day=0.0).simulate(r)  # the rule alone
        out.append(dict(key=p.key, name=p.name, nav=float(sim.final_nav),
                        low=float(sim.nav.min()), ruined=bool(sim.ruined),
                        rebalances=int(sim.rebalanced.sum())))
    L = check_leverage(margin_leverage, "margin_leverage")
    m = check_maintenance_margin(maintenance_margin, L)
    sim = MarginPosition(L, maintenance_margin=m).simulate(r)
    out.append(dict(key="margin", name=f"{L:g}x margin position", nav=float(sim.final_nav),
                    low=float(sim.nav.min()), ruined=bool(sim.ruined), rebalances=0))
    return out
