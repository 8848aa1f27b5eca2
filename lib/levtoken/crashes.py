"""Volatility regimes and crash days: the market conditions every issuer's preset is run through.

Two **volatility regimes** (:data:`REGIMES`), each labelled with the period its cited source
measured: about 70 % a year (Fidelity measured about 69 % on weekly data from 2020 to
29 October 2023) and about 45 % a year (CME Group and Glassnode: 40–55 % in the 2023–24
uptrend, report of July 2024; K33 Research's daily realised volatility of 2.24 % for 2025,
reported by CryptoSlate on 2026-01-03, is about 43 % a year on ``√365``).

Three **crash days** (:data:`CRASH_DAYS`), each one day of 96 fifteen-minute steps
(:data:`STEPS_PER_DAY`), so that intraday rebalancing rules can act between steps; the day's
scheduled rebalance, if any, comes at its end:

``"slide"``
    a steady fall of 35 % spread evenly over the day (equal log steps);
``"march2020"``
    12 March 2020 from 09:00 UTC to 09:00 UTC on the 13th: a slice of :func:`march2020_prices`,
    which joins the two falls a cited source dates ($7,300 to $5,690 between 10:00 and 11:00
    UTC, then $5,800 to $3,900 between 23:00 and 02:15 UTC) to the daily closes of 10 to 13
    March (Coin Metrics, at 00:00 UTC), geometrically between those anchors: no price is held
    flat where no source gives one, and the window's two ends are interpolated;
``"gap"``
    a flat day with a single 35 % fall inside one 15-minute step: a gap no intraday rule can
    catch.

:func:`crash_outcomes` runs the issuers' presets and a margin position through one of them;
:func:`reset_time_outcomes` runs a daily-only token through the three days of
:func:`march2020_prices` for several reset times, each token from its own reset on 11 March
(before both falls) to the close of 13 March. Conventions (the book's notation page): simple
returns, prices in USD, NAV starting at 1.0.

Examples
--------
>>> from levtoken import crashes
>>> p = crashes.crash_day_prices("march2020")
>>> len(p), round(p[0]), round(p[-1]), round(float(p.min()))
(97, 7362, 4370, 3900)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .paths import returns_from_prices
from .products import LeveragedToken, MarginPosition
from .validation import (InvalidTypeError, check_choice, check_finite, check_leverage,
                         check_maintenance_margin)

__all__ = [
    "STEP_MINUTES",
    "STEPS_PER_DAY",
    "Regime",
    "REGIMES",
    "regime",
    "regime_key",
    "CrashDay",
    "CRASH_DAYS",
    "crash_day_prices",
    "crash_day_returns",
    "crash_outcomes",
    "MARCH_2020_ANCHORS",
    "march2020_prices",
    "reset_time_outcomes",
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
        ``"2020-2023"`` or ``"2023-2024"``: the period the source measured.
    label : str
        Legend text (the level and the period its source measured).
    sigma : float
        Annualised volatility used for the simulations (0.70 = 70 % a year).
    source : str
        Citation key of the source that measured the regime.
    note : str
        What the source measured.
    """

    key: str
    label: str
    sigma: float
    source: str
    note: str


#: The two volatility regimes, with their sources and the periods those sources measured.
REGIMES: tuple[Regime, ...] = (
    Regime("2020-2023", "about 70 % a year (as measured 2020 to Oct 2023)", 0.70,
           "fidelity2023riskreturn",
           "Fidelity measured an annualised volatility of about 69 % on weekly data from 2020 "
           "to 29 October 2023"),
    Regime("2023-2024", "about 45 % a year (as in the 2023–24 uptrend)", 0.45,
           "cmeglassnode2024",
           "CME Group and Glassnode (report of July 2024): realised volatility between 40 % and "
           "55 % in the 2023–24 uptrend; K33 Research's 2.24 % a day for 2025 (k33volatility2025) "
           "is about 43 % a year"),
)

#: Keys used before the regimes were labelled with their sources' periods.
_OLD_KEYS = {"2018-2022": "2020-2023", "2023-2025": "2023-2024"}


def regime_key(key: str, name: str = "key") -> str:
    """The key of a regime of :data:`REGIMES` (``"2020-2023"`` or ``"2023-2024"``; the old keys
    ``"2018-2022"`` and ``"2023-2025"`` give their new ones). ``name`` is the parameter named in
    an error."""
    if not isinstance(name, str):
        raise InvalidTypeError(f"name must be the parameter's name (a str), got {name!r}")
    if isinstance(key, str):
        key = _OLD_KEYS.get(key, key)
    return check_choice(key, name, [r.key for r in REGIMES])


def regime(key: str) -> Regime:
    """The regime with this ``key`` (``"2020-2023"`` or ``"2023-2024"``; the old keys
    ``"2018-2022"`` and ``"2023-2025"`` are still accepted)."""
    key = regime_key(key)
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
        Citation key of the source of the prices, or ``"illustrative"`` (a modelling choice).
    start_utc : float or None
        UTC hour at which the day's window starts (None: an illustrative day, no clock time).
    """

    key: str
    title: str
    hours: tuple
    prices: tuple
    source: str
    start_utc: float | None = None


#: 11 to 13 March 2020 as dated prices: ``(hours from 00:00 UTC on 11 March, USD, source)``.
#: The closes are Coin Metrics' ``PriceUSD`` at the end of each UTC day (10, 11, 12 and 13
#: March); the intraday prices are the two falls of 12 March as BTCMEX dates them. Between two
#: anchors the log price moves linearly: an interpolation, not a record.
MARCH_2020_ANCHORS: tuple = (
    (0.0, 7909.93, "coinmetricsdata"),            # close of 10 March (00:00 UTC, 11 March)
    (24.0, 7939.34, "coinmetricsdata"),           # close of 11 March
    (34.0, 7300.0, "btcmex2020blackthursday"),    # 10:00 UTC, 12 March: the first fall starts
    (35.0, 5690.0, "btcmex2020blackthursday"),    # 11:00 UTC
    (47.0, 5800.0, "btcmex2020blackthursday"),    # 23:00 UTC: the second fall starts
    (48.0, 4959.31, "coinmetricsdata"),           # close of 12 March
    (50.25, 3900.0, "btcmex2020blackthursday"),   # 02:15 UTC, 13 March: the low
    (72.0, 5627.69, "coinmetricsdata"),           # close of 13 March
)

#: Hours of :data:`MARCH_2020_ANCHORS` covered (00:00 UTC 11 March to 00:00 UTC 14 March).
MARCH_2020_HOURS = 72
#: Where the crash day ``"march2020"`` starts in :func:`march2020_prices`: 09:00 UTC, 12 March.
_M20_START = 33.0


def march2020_prices() -> np.ndarray:
    """Bitcoin from 00:00 UTC on 11 March 2020 to 00:00 UTC on 14 March, 15-minute steps.

    Shape ``(289,)``: the log price joins :data:`MARCH_2020_ANCHORS` linearly (the daily closes
    of 10 to 13 March and the two dated falls of 12 March). Only the anchors are sourced.
    """
    hours, prices, _ = zip(*MARCH_2020_ANCHORS)
    t = np.arange(MARCH_2020_HOURS * 60 // STEP_MINUTES + 1) * STEP_MINUTES / 60.0
    return np.exp(np.interp(t, hours, np.log(prices)))


def _m20_day() -> CrashDay:
    """12 March 09:00 UTC to 13 March 09:00 UTC as a :class:`CrashDay`: the anchors inside the
    window, and its two ends interpolated from :func:`march2020_prices`."""
    hours, prices, _ = zip(*MARCH_2020_ANCHORS)
    full = np.exp(np.interp([_M20_START, _M20_START + 24], hours, np.log(prices)))
    inside = [(h - _M20_START, p) for h, p in zip(hours, prices) if _M20_START < h < _M20_START + 24]
    hs = (0.0,) + tuple(h for h, _ in inside) + (24.0,)
    ps = (float(full[0]),) + tuple(p for _, p in inside) + (float(full[1]),)
    return CrashDay("march2020", "12 March 2020 (from 09:00 UTC)", hs, ps,
                    "btcmex2020blackthursday,coinmetricsdata", start_utc=_M20_START - 24)


#: The crash days, by key.
CRASH_DAYS: dict[str, CrashDay] = {
    "slide": CrashDay("slide", "a steady −35 % day", (0.0, 24.0), (100.0, 65.0), "illustrative"),
    "march2020": _m20_day(),
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
        Default: every long preset of :data:`levtoken.issuers.PRESETS` whose rule is fully
        published (``rule_published``; AscendEX's interim trigger is not, so its preset would
        be judged on half a rule), then an illustrative 3x token rebalanced daily only
        (``key="daily_only"``, reset at the window's end).
    margin_leverage : float
        Leverage of the margin position opened at the day's start.
    maintenance_margin : float
        Its maintenance margin, ``0 <= m < 1/|margin_leverage|``.

    Returns
    -------
    list of dict
        ``key, name, nav`` (end-of-day NAV; fee and funding left out: the rule alone), ``low`` (lowest NAV),
        ``ruined`` and ``rebalances`` (intraday and end-of-day), one per preset (and the
        daily-only token by default), then one for the margin position (``key="margin"``).
    """
    from . import issuers

    r = crash_day_returns(key)
    chosen = ([p for p in issuers.PRESETS if p.leverage > 0 and p.rule_published]
              if presets is None else issuers.resolve_presets(presets))
    tokens = [(p.key, p.name, p.token(steps_per_day=STEPS_PER_DAY)) for p in chosen]
    if presets is None:
        tokens.append(("daily_only", "3x token, daily reset only (illustrative)",
                       LeveragedToken(3.0, steps_per_day=STEPS_PER_DAY)))
    out = []
    for key_, name, token in tokens:
        sim = replace(token, fee_per_day=0.0, funding_per_day=0.0).simulate(r)  # the rule alone
        out.append(dict(key=key_, name=name, nav=float(sim.final_nav),
                        low=float(sim.nav.min()), ruined=bool(sim.ruined),
                        rebalances=int(sim.rebalanced.sum())))
    L = check_leverage(margin_leverage, "margin_leverage")
    m = check_maintenance_margin(maintenance_margin, L)
    sim = MarginPosition(L, maintenance_margin=m).simulate(r)
    out.append(dict(key="margin", name=f"{L:g}x margin position", nav=float(sim.final_nav),
                    low=float(sim.nav.min()), ruined=bool(sim.ruined), rebalances=0))
    return out


def reset_time_outcomes(key: str = "march2020", reset_utc=(0.0, 9.0, 16.0, 23.5),
                        leverage: float = 3.0) -> list[dict]:
    """NAV of a token rebalanced once a day only, for several reset times, on 11–13 March 2020.

    Each reset time gets its own token, run on :func:`march2020_prices` (00:00 UTC on 11 March
    to 00:00 UTC on 14 March, the close of 13 March): it starts freshly rebalanced at its reset
    on 11 March, before both falls of 12 March, rebalances to ``L × NAV`` at that time on 12 and
    13 March, and is valued at the close of 13 March. Each holding period gives
    ``NAV ← NAV·max(0, 1 + L·R)``, ``R`` the move since the period's reset (a loss of ``1/|L|``
    or more ruins it; ruin is checked at every 15-minute step). Fees and funding are left out.
    Only the anchors of :data:`MARCH_2020_ANCHORS` are sourced: prices between them, including a
    reset's own price when it falls between anchors, are interpolated.

    Parameters
    ----------
    key : str
        ``"march2020"``, the only crash day with dated prices around it.
    reset_utc : float or sequence of float
        Reset times, UTC hours in ``[0, 24)``, each a multiple of 0.25 (the 15-minute grid).
    leverage : float
        Signed target leverage.

    Returns
    -------
    list of dict
        Per reset time: ``reset_utc``, ``first`` (the step of its first reset, on 11 March),
        ``nav`` (NAV at the close of 13 March), ``navs`` (NAV just before each later reset,
        and at the close), ``low`` (lowest NAV), ``worst_move`` (the largest fall of the price
        from a reset to any later step of the same holding period) and ``ruined``.

    Examples
    --------
    >>> [o["ruined"] for o in reset_time_outcomes("march2020", (0.0, 9.0))]
    [True, True]
    """
    if _day(key).key != "march2020":
        raise ValueError(f"key must be 'march2020' (the only crash day with dated prices around "
                         f"it), got {key!r}")
    if isinstance(reset_utc, (str, bytes, bool)) or reset_utc is None:
        raise InvalidTypeError(f"reset_utc must be a number or a sequence of numbers (UTC hours), "
                               f"got {reset_utc!r}")
    times = (list(np.ravel(reset_utc)) if isinstance(reset_utc, np.ndarray) else
             list(reset_utc) if isinstance(reset_utc, (list, tuple)) else [reset_utc])
    if not times:
        raise ValueError(f"reset_utc must hold at least one time, got {reset_utc!r}")
    L = check_leverage(leverage)
    prices = march2020_prices()
    r = returns_from_prices(prices)
    end = r.size
    hold = LeveragedToken(L, steps_per_day=end + 1)         # no day end: a pure hold
    out = []
    for t in times:
        if isinstance(t, (bool, np.bool_, str, bytes)) or t is None:
            raise InvalidTypeError(f"reset_utc must hold numbers (UTC hours), got {t!r}")
        h = check_finite(t, "reset_utc")
        if not 0.0 <= h < 24.0 or abs(h * 4 - round(h * 4)) > 1e-9:
            raise ValueError(f"reset_utc must be in [0, 24) UTC hours on the 15-minute grid "
                             f"(a multiple of 0.25), got {t!r}")
        first = int(round(h * 60 / STEP_MINUTES))
        cuts = list(range(first, end, STEPS_PER_DAY)) + [end]
        nav, navs, low, worst = 1.0, [], 1.0, 0.0
        for a, b in zip(cuts[:-1], cuts[1:]):
            path = nav * hold.nav(r[a:b])
            nav = float(path[-1])
            navs.append(nav)
            low = min(low, float(path.min()))
            worst = min(worst, float(prices[a:b + 1].min() / prices[a] - 1))
        out.append(dict(reset_utc=h, first=first, nav=nav, navs=navs, low=low,
                        worst_move=worst, ruined=bool(nav <= 0.0)))
    return out
