"""Real issuers' tokens as presets: fee, funding assumption and rebalancing rule, each sourced.

A :class:`CostPreset` holds what one
issuer published for one product (or one version of its rule): the management fee, the target
and nominal leverage, and the rebalancing rule expressed with the options of
:class:`levtoken.LeveragedToken`:

* ``daily_rebalance``: a scheduled rebalance once a day (False: only "on need");
* ``leverage_band = (low, high)``: rebalance as soon as the **effective leverage** leaves the band;
* ``rebalance_threshold = h`` with ``threshold_side``: rebalance on a cumulative move ``|R| >= h``
  (``"adverse"``: only a move against the token).

Effective leverage after a cumulative move ``R`` of the underlying since the last rebalance
(exposure over NAV; :func:`levtoken.theory.leverage_after_move`)::

    L_eff(R) = L·(1 + R) / (1 + L·R)

It rises when the market moves against the token and falls when it moves in its favour. Setting
``|L_eff(R)| = b`` and solving for ``R`` gives the **trigger move** of a band edge ``b``
(:func:`band_trigger_move`)::

    R(b) = (b − |L|) / (|L|·(1 − s·b)),   s = sign(L)

so a 3x long token reaches 4x after a fall of ``1/9`` (−11.1 %), a 3x inverse token reaches 4x
after a rise of ``1/15`` (+6.7 %), and a 3x long token falls to 2x after a rise of ``1/3``.
:func:`levtoken.rules.trigger_moves` (also importable here) combines every rule of a token into
the ``(fall, rise)`` pair that the simulated token applies.

Every value of a preset names its source: a citation key (the page that published the value) or
:data:`ILLUSTRATIVE` (a modelling choice, to be labelled as such). ``as_of`` is the date of the
cited page, for a discontinued product the date it stopped, and for a superseded one the date of
the rule or page that replaced it. ``fee_known`` is False where no fee page was found (the preset
then charges none, so it must be left out of any ranking that depends on the fee), and
``rule_published`` is False where the issuer describes a rule whose trigger it does not publish
(the preset models only the published part; it must not be blamed for a crash-day ruin).
Conventions (the book's notation page): simple returns, a 365-day year, fees and funding per
day, signed leverage, NAV starting at 1.0.

Examples
--------
>>> from levtoken import issuers
>>> round(issuers.band_trigger_move(3, 4), 6), round(issuers.band_trigger_move(-3, 4), 6)
(-0.111111, 0.066667)
>>> fall, rise = issuers.preset("ftx").trigger_moves()      # daily, and at 4x
>>> round(fall, 6), rise
(-0.111111, None)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .validation import DAYS_PER_YEAR
from .products import LeveragedToken
from .rules import move_for_leverage
from .theory import leverage_after_move
from .rules import trigger_moves  # noqa: F401  (re-exported: the rule the token applies)
from .validation import (deprecated_attribute, InvalidTypeError, check_choice, check_count, check_fee,
                         check_leverage, check_range, check_returns)

__all__ = [
    "ILLUSTRATIVE",
    "DEFAULT_FUNDING_PER_DAY",
    "STATUSES",
    "CostPreset",
    "PRESETS",
    "preset",
    "preset_rows",
    "band_trigger_move",
    "trigger_moves",
    "compare_presets",
    "resolve_presets",
]

#: The ``source`` of a value that no cited page backs (a modelling choice).
ILLUSTRATIVE = "illustrative"

#: Default perpetual funding when the contract trades near its index: 0.01 % per 8 hours, i.e.
#: 0.03 % a day on the notional (an *illustrative* year-round level, not a measured one).
DEFAULT_FUNDING_PER_DAY = 0.0003

#: ``status`` values: offered when the cited page was written, stopped, or replaced by a later
#: rule of the same issuer.
STATUSES = ("listed", "discontinued", "superseded")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ---------------------------------------------------------------------------------------------
# effective leverage and trigger moves


def band_trigger_move(leverage: float, bound: float) -> float:
    """Cumulative move of the underlying at which ``|L_eff|`` reaches the band edge ``bound``.

    Solving ``|L·(1 + R)/(1 + L·R)| = b`` with ``s = sign(L)``::

        R(b) = (b − |L|) / (|L|·(1 − s·b))

    A bound above ``|L|`` is reached by a move **against** the token (a fall for a long token,
    a rise for an inverse one); a bound below ``|L|`` by a move in its favour.

    Parameters
    ----------
    leverage : float
        Signed target leverage ``L``, non-zero, ``|L| <= 10``.
    bound : float
        Band edge ``b`` in absolute leverage, ``0 < b <= 100``, ``b != |L|``.

    Returns
    -------
    float
        The move ``R`` (simple return): −1/9 for ``(3, 4)``, +1/15 for ``(−3, 4)``, +1/3 for
        ``(3, 2)``.

    Raises
    ------
    ValueError
        If ``bound`` equals ``|L|`` or can never be reached (a long token with ``L > 1`` never
        falls to 1x or below: ``L_eff → 1`` only as the price goes to infinity).

    Examples
    --------
    >>> round(band_trigger_move(3, 2), 6), round(band_trigger_move(3, 4.125), 6)
    (0.333333, -0.12)
    """
    L = check_leverage(leverage)
    b = check_range(bound, "bound", 0.0, 100.0, low_open=True)
    lev, s = abs(L), math.copysign(1.0, L)
    if b == lev:
        raise ValueError(f"bound must differ from |leverage| = {lev:g}, got {b!r}")
    try:
        return move_for_leverage(L, s * b)          # the library's one leverage -> move solver
    except ValueError as err:
        raise ValueError(f"bound {b:g} is never reached by a {L:g}x token (its effective "
                         f"leverage stays on one side of it), got bound={b!r}: {err}") from None


# ---------------------------------------------------------------------------------------------
# presets


def _source(value, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidTypeError(f"{name} must be a non-empty string (a citation key or "
                               f"{ILLUSTRATIVE!r}), got {value!r}")
    return value


@dataclass(frozen=True)
class CostPreset:
    """One issuer's token (or one version of its rule): costs and rebalancing, each sourced.

    A ``*source`` field is a citation key (the page that published the value) or
    :data:`ILLUSTRATIVE`; several
    keys are separated by commas.

    Attributes
    ----------
    key : str
        Short identifier, e.g. ``"kucoin"``.
    name : str
        Issuer and product, e.g. ``"KuCoin 3L/3S"``.
    status : str
        One of :data:`STATUSES`. ``active`` is True only for ``"listed"``.
    fee_per_day : float
        Management fee per day, a fraction of NAV, ``0 <= f < 1``.
    source : str
        Source of ``fee_per_day``.
    rebalance_threshold : float or None
        Intraday rebalancing on a cumulative move ``h`` (None: no move threshold).
    threshold_source : str
        Source of the rebalancing rule (threshold, band and schedule).
    funding_per_day : float
        Funding rate per day on the notional assumed for the preset (positive: longs pay).
    funding_source : str
        Source of ``funding_per_day`` (:data:`ILLUSTRATIVE`: no issuer publishes a year-round
        level; 0 where the issuer says its fee covers funding).
    leverage : float
        Signed target leverage the token rebalances to.
    note : str
        What the pages say and how the preset models it.
    nominal_leverage : float or None
        The leverage in the product's name ("3x"); None when the name states none.
    target_source : str
        Source of ``leverage`` (the target).
    leverage_band : tuple (low, high) or None
        Rebalance when ``|L_eff|`` leaves this band (absolute leverage; an edge may be None).
    daily_rebalance : bool
        True: a scheduled rebalance at every day's end; False: only when a rule fires.
    threshold_side : {"both", "adverse"}
        Which moves the threshold watches.
    as_of : str
        ISO date (``YYYY-MM-DD``): the date of the rule's page, the day an undated page was
        read (see ``note``), for a discontinued product the day it stopped, for a superseded
        one the date of the page or rule that replaced it.
    fee_known : bool
        False when no fee page was found: ``fee_per_day`` is then a placeholder (0), and the
        preset's NAV must not be ranked against others that pay a fee.
    rule_published : bool
        False when the issuer describes a part of its rule (e.g. an "interim" rebalance) without
        publishing its trigger: the preset models only the published part.
    """

    key: str
    name: str
    status: str
    fee_per_day: float
    source: str
    rebalance_threshold: float | None = None
    threshold_source: str = ILLUSTRATIVE
    funding_per_day: float = DEFAULT_FUNDING_PER_DAY
    funding_source: str = ILLUSTRATIVE
    leverage: float = 3.0
    note: str = ""
    nominal_leverage: float | None = 3.0
    target_source: str = ILLUSTRATIVE
    leverage_band: tuple | None = None
    daily_rebalance: bool = True
    threshold_side: str = "both"
    as_of: str = ""
    fee_known: bool = True
    rule_published: bool = True

    def __post_init__(self):
        for name in ("key", "name", "note"):
            if not isinstance(getattr(self, name), str):
                raise InvalidTypeError(f"{name} must be a string, got {getattr(self, name)!r}")
        check_choice(self.status, "status", STATUSES)
        L = check_leverage(self.leverage)
        check_fee(self.fee_per_day)
        phi = check_range(self.funding_per_day, "funding_per_day", -1.0, 1.0)
        if not abs(L * phi) < 1.0:
            raise ValueError(f"funding_per_day must satisfy |leverage * funding_per_day| < 1, "
                             f"got {phi!r} for leverage {L:g}")
        if self.nominal_leverage is not None:
            check_leverage(self.nominal_leverage, "nominal_leverage")
        for name in ("source", "threshold_source", "funding_source", "target_source"):
            _source(getattr(self, name), name)
        if not isinstance(self.as_of, str) or not _DATE.match(self.as_of):
            raise ValueError(f"as_of must be an ISO date YYYY-MM-DD, got {self.as_of!r}")
        for name in ("daily_rebalance", "fee_known", "rule_published"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidTypeError(f"{name} must be True or False, got "
                                       f"{getattr(self, name)!r}")
        band = self.token().leverage_band          # validates the rule as the token sees it
        object.__setattr__(self, "leverage_band", band)
        object.__setattr__(self, "leverage", L)

    @property
    def active(self) -> bool:
        """True when the cited page described a product on offer (``status == "listed"``)."""
        return self.status == "listed"

    def fee_drag(self, days: int = DAYS_PER_YEAR) -> float:
        """Fraction of NAV the fee alone takes over ``days``: ``1 − (1 − f)^days``."""
        n = check_count(days, "days")
        return -math.expm1(n * math.log1p(-self.fee_per_day))

    def trigger_moves(self, leverage: float | None = None) -> tuple:
        """``(fall, rise)`` that trigger an intraday rebalance (:func:`trigger_moves`).

        ``leverage`` reuses the rule at another signed leverage (default: the preset's).
        """
        return self.token(leverage=leverage).trigger_moves()

    def token(self, *, slippage: float = 0.0, steps_per_day: int = 1,
              leverage: float | None = None) -> LeveragedToken:
        """The preset as a :class:`~levtoken.products.LeveragedToken`.

        Parameters
        ----------
        slippage : float
            Cost per unit of traded notional, ``0 <= s <= 0.1``.
        steps_per_day : int
            Return steps per day (24: hourly); intraday rules are checked at every step.
        leverage : float or None
            Reuse the rule at another signed leverage (the band must contain ``|leverage|``).
        """
        L = self.leverage if leverage is None else check_leverage(leverage)
        return LeveragedToken(L, fee_per_day=self.fee_per_day,
                              funding_per_day=self.funding_per_day,
                              steps_per_day=check_count(steps_per_day, "steps_per_day"),
                              rebalance_threshold=self.rebalance_threshold, slippage=slippage,
                              threshold_side=self.threshold_side,
                              leverage_band=self.leverage_band,
                              daily_rebalance=self.daily_rebalance)

    def drag(self, sigma: float = 0.8, slippage: float = 0.0, days: int = DAYS_PER_YEAR):
        """:func:`levtoken.costs.annual_drag` with this preset's leverage, fee and funding.

        The closed forms assume daily rebalancing; the preset's own rule is simulated by
        :meth:`token`.
        """
        from .costs import annual_drag
        return annual_drag(self.leverage, sigma, self.fee_per_day, self.funding_per_day,
                           slippage, days)

    def rule(self) -> str:
        """The rule in words, e.g. ``"daily; intraday when |L_eff| > 4x"``."""
        parts = ["daily" if self.daily_rebalance else "on need only"]
        band = self.leverage_band
        if band is not None:
            low, high = band
            if low is not None and high is not None:
                parts.append(f"when leverage leaves [{low:g}x, {high:g}x]")
            elif high is not None:
                parts.append(f"when leverage exceeds {high:g}x")
            else:
                parts.append(f"when leverage falls below {low:g}x")
        if self.rebalance_threshold is not None:
            side = "against the token" if self.threshold_side == "adverse" else "either way"
            parts.append(f"on a {self.rebalance_threshold:.0%} move {side}")
        if not self.rule_published:
            parts.append("interim rebalancing (trigger not published)")
        return "; ".join(parts)


#: The presets, one per issuer rule, each value with the citation key of its page and its date.
PRESETS: tuple[CostPreset, ...] = (
    CostPreset(
        "binance", "Binance BLVT (BTCUP/BTCDOWN)", "discontinued", 0.0001, "binanceblvtfees",
        threshold_source="binanceblvtrebalancing", leverage=3.0, nominal_leverage=None,
        target_source=ILLUSTRATIVE, leverage_band=(1.25, 4.0), daily_rebalance=False,
        as_of="2024-02-28",
        note="variable target leverage in a hidden range of 1.25x-4x, rebalanced 'on a need "
             "basis only'; modelled as a 3x target rebalanced when leverage leaves "
             "[1.25x, 4x] (the 3x target is illustrative); trading stopped 2024-02-28"),
    CostPreset(
        "ftx", "FTX BULL/BEAR", "discontinued", 0.0003, ILLUSTRATIVE,
        threshold_source="ftxltfaq", target_source="ftxltfaq", leverage_band=(None, 4.0),
        as_of="2022-11-11",
        note="rebalanced once a day and whenever a token reached 4x (-1/9 for BULL, +1/15 for "
             "BEAR); the 0.03 %/day fee is reported but no FTX page was found; FTX filed for "
             "bankruptcy on 2022-11-11"),
    CostPreset(
        "bybit_old", "Bybit 3L/3S (older fee page, undated)", "superseded", 0.0002,
        "bybitltfeesold", threshold_source="bybit2024ltrebalancing",
        target_source="bybit2024ltrebalancing", leverage_band=(2.0, 4.0), daily_rebalance=False,
        as_of="2024-10-17",
        note="rebalanced only when leverage leaves [2x, 4x] (rule page of 2024-10-17); the "
             "older fee page is undated and gave 0.02 %/day; the fee page dated 2024-10-17 "
             "gives 0.005 %/day (a fee cut), so this preset is superseded on that date"),
    CostPreset(
        "bybit_2024", "Bybit 3L/3S (fee page of 2024-10-17)", "listed", 0.00005,
        "bybit2024ltfees", threshold_source="bybit2024ltrebalancing",
        target_source="bybit2024ltrebalancing", leverage_band=(2.0, 4.0),
        daily_rebalance=False, as_of="2024-10-17",
        note="fee cut from the older page's 0.02 % to 0.005 % a day; same rule"),
    CostPreset(
        "kucoin", "KuCoin 3L/3S", "listed", 0.0005, "kucoinlt", 0.15, "kucoinrebalancing",
        target_source="kucoinrebalancing", threshold_side="adverse", as_of="2026-11-30",
        note="daily rebalance plus an intraday one on a 15 % move against the token (the "
             "losing side only); pages undated, read 2026-11-30"),
    CostPreset(
        "amun", "Amun BTC3L/BTC3S (shut down 2020-12-11)", "discontinued", 0.0, ILLUSTRATIVE,
        0.15, "amunrebalancing", target_source="amunrebalancing", threshold_side="adverse",
        as_of="2020-12-11", fee_known=False,
        note="was rebalanced daily at 5 pm CET plus intraday on a 15 % move against the token; "
             "Amun announced on 2020-12-11 that it was shutting down BTC3L, BTC3S, ETH3L and "
             "ETH3S (amun2020shutdown); no fee page was found, so the preset charges none: "
             "compare its rule, not its cost, and leave it out of fee-dependent rankings"),
    CostPreset(
        "gate_2024", "Gate 3x ETF tokens (rule before 2025-04-01)", "superseded", 0.001,
        ILLUSTRATIVE, 0.20, "gate2025rebalancing", funding_per_day=0.0, leverage=2.3,
        target_source="gate2025rebalancing", leverage_band=(None, 3.0), as_of="2025-04-01",
        note="named 3x but rebalanced to 2.3x: daily, and intraday above 3x or on a 20 % move; "
             "the 0.1 %/day fee of 2025 is assumed; the fee covers hedging, so no funding"),
    CostPreset(
        "gate_2025", "Gate 3x ETF tokens (rule of 2025-04-01)", "superseded", 0.001,
        "gate2025learn", 0.20, "gate2025rebalancing", funding_per_day=0.0,
        target_source="gate2025rebalancing", leverage_band=(None, 4.0), as_of="2025-04-01",
        note="daily (when leverage is outside [2x, 4x] or the price moved more than 1 %), and "
             "intraday above 4x or on a 20 % move; the 4x edge binds first on a fall"),
    CostPreset(
        "gate", "Gate BTC3L (floating-leverage bands)", "listed", 0.001, "gate2025learn",
        threshold_source="gatefloating", target_source="gatefloating", funding_per_day=0.0,
        leverage_band=(2.25, 4.125), daily_rebalance=False, as_of="2026-11-30",
        note="no rebalance while leverage stays in [2.25x, 4.125x], back to 3x when it leaves "
             "(a -12 % fall or a +20 % rise); the fee covers hedging and rebalancing, so no "
             "funding is added; the post is undated, read 2026-11-30"),
    CostPreset(
        "gate_short", "Gate BTC3S (floating-leverage bands)", "listed", 0.001, "gate2025learn",
        threshold_source="gatefloating", target_source="gatefloating", funding_per_day=0.0,
        leverage=-3.0, leverage_band=(1.5, 5.25), daily_rebalance=False, as_of="2026-11-30",
        note="no rebalance while leverage stays in [1.5x, 5.25x], back to 3x when it leaves "
             "(a +12 % rise or a -20 % fall); the post is undated, read 2026-11-30"),
    CostPreset(
        "gate_daily", "Gate 3x (daily 00:00 UTC+8 and on a 15 % move)", "listed", 0.001,
        "gate2025learn", 0.15, "gate2025learn,gatesquarerebalancing", funding_per_day=0.0,
        target_source="gatesquarerebalancing", threshold_side="adverse", as_of="2025-12-18",
        note="the rule Gate's dated Learn article (2025-12-18) and a Gate Square post describe: "
             "a scheduled rebalance every day at 00:00 UTC+8 plus an event-triggered one when "
             "the price moves sharply within the day (15 % against the token, the post's "
             "example); it contradicts the undated band post, and neither is asserted as "
             "Gate's current rule"),
    CostPreset(
        "ascendex", "AscendEX 3x tokens", "listed", 0.003, "ascendexltfees",
        threshold_source="ascendexrebalancing,ascendexlt5min",
        funding_per_day=0.0, funding_source="ascendexltfees", target_source=ILLUSTRATIVE,
        as_of="2022-08-18", rule_published=False,
        note="0.1 % every 8 hours, 0.3 % a day (0.5 % a day for 5x), charged to cover "
             "funding, spread and other running costs, so no funding is added; regular "
             "rebalancing daily at 02:30 UTC (ascendexlt5min) plus 'interim rebalancing' "
             "(ascendexrebalancing) whose trigger we could not find published: the preset "
             "models only the daily part, so it is kept out of crash-day conclusions"),
)


def preset(key: str) -> CostPreset:
    """The preset with this ``key`` (``"binance"``, ``"ftx"``, ``"kucoin"``, …)."""
    check_choice(key, "key", [p.key for p in PRESETS])
    return next(p for p in PRESETS if p.key == key)


def resolve_presets(presets, name: str = "presets") -> tuple:
    """The presets named by ``presets``: None (every preset, :data:`PRESETS`) or a non-empty list
    or tuple of :class:`CostPreset` objects or their keys. Returns a tuple of presets; ``name``
    is the parameter named in an error."""
    if not isinstance(name, str):
        raise InvalidTypeError(f"name must be the parameter's name (a str), got {name!r}")
    if presets is None:
        return PRESETS
    if isinstance(presets, (str, bytes)) or not isinstance(presets, (list, tuple)) or not presets:
        raise InvalidTypeError(f"{name} must be None or a non-empty list of presets or preset "
                               f"keys, got {presets!r}")
    out = []
    for p in presets:
        if isinstance(p, CostPreset):
            out.append(p)
        elif isinstance(p, str):
            check_choice(p, name, [q.key for q in PRESETS])
            out.append(preset(p))
        else:
            raise InvalidTypeError(f"{name} must hold CostPreset objects or keys, got {p!r}")
    return tuple(out)


def preset_rows(days: int = DAYS_PER_YEAR) -> list[dict]:
    """One dict per preset: the inputs, the rule, the trigger moves and the fee drag.

    Keys: ``key, name, status, active, as_of, fee_per_day, fee_drag, simple_sum, leverage,
    nominal_leverage, rebalance_threshold, threshold_side, leverage_band, daily_rebalance,
    rule, fall_trigger, rise_trigger, funding_per_day, source, threshold_source,
    funding_source, target_source, fee_known, rule_published`` (``fee_drag = 1 − (1 − f)^days``,
    ``simple_sum = f·days``).
    """
    n = check_count(days, "days")
    rows = []
    for p in PRESETS:
        fall, rise = p.trigger_moves()
        rows.append(dict(
            key=p.key, name=p.name, status=p.status, active=p.active, as_of=p.as_of,
            fee_per_day=p.fee_per_day, fee_drag=p.fee_drag(n), simple_sum=p.fee_per_day * n,
            leverage=p.leverage, nominal_leverage=p.nominal_leverage,
            rebalance_threshold=p.rebalance_threshold, threshold_side=p.threshold_side,
            leverage_band=p.leverage_band, daily_rebalance=p.daily_rebalance, rule=p.rule(),
            fall_trigger=fall, rise_trigger=rise, funding_per_day=p.funding_per_day,
            source=p.source, threshold_source=p.threshold_source,
            funding_source=p.funding_source, target_source=p.target_source,
            fee_known=p.fee_known, rule_published=p.rule_published))
    return rows


# ---------------------------------------------------------------------------------------------
# the same prices through every issuer's token


def compare_presets(returns, presets=None, steps_per_day: int = 1, slippage: float = 0.0) -> list[dict]:
    """Run the same return paths through several presets' tokens and summarise each.

    Parameters
    ----------
    returns : array_like, shape (T,) or (n_paths, T)
        Simple returns of the underlying, one per step (``steps_per_day`` steps a day).
    presets : sequence of CostPreset or of keys, optional
        Default: every preset in :data:`PRESETS`.
    steps_per_day : int
        Steps per day of ``returns``; intraday rules are checked at every step.
    slippage : float
        Cost per unit of traded notional, ``0 <= s <= 0.1``.

    Returns
    -------
    list of dict
        Per preset: ``key, name, nominal_leverage, leverage, median_nav`` (median final NAV),
        ``mean_leverage`` (time- and path-average of ``|exposure / NAV|`` held over each step),
        ``leverage_p10, leverage_p90`` (10th and 90th percentiles of that held leverage),
        ``rebalances_per_year`` (mean over paths), ``ruined`` (share of paths ruined) and
        ``fee_drag`` over the period.
    """
    spd = check_count(steps_per_day, "steps_per_day")
    chosen = resolve_presets(presets)
    r = np.atleast_2d(check_returns(returns))
    years = r.shape[-1] / spd / DAYS_PER_YEAR
    days = max(1, r.shape[-1] // spd)
    out = []
    for p in chosen:
        sim = p.token(slippage=slippage, steps_per_day=spd).simulate(r)
        nav = sim.nav[..., :-1]
        alive = nav > 0
        held = np.abs(np.divide(sim.exposure[..., :-1], nav, out=np.zeros_like(nav),
                                where=alive))[alive]
        out.append(dict(
            key=p.key, name=p.name, nominal_leverage=p.nominal_leverage, leverage=p.leverage,
            median_nav=float(np.median(sim.final_nav)), mean_leverage=float(held.mean()),
            leverage_p10=float(np.percentile(held, 10)),
            leverage_p90=float(np.percentile(held, 90)),
            rebalances_per_year=float(sim.rebalanced.sum(axis=-1).mean() / years),
            ruined=float(np.mean(sim.ruined)), fee_drag=p.fee_drag(days)))
    return out


#: Old names kept for one release (levtoken 2.x), each warning and naming its replacement.
_DEPRECATED = {
    "effective_leverage": ("levtoken.theory.leverage_after_move", leverage_after_move),
    "compare": ("levtoken.issuers.compare_presets", compare_presets),
}


def __getattr__(name):
    return deprecated_attribute(__name__, name, _DEPRECATED)
