"""Chapter 8 panels: real issuers' rules on the same simulated prices.

``compute_rule`` simulates one rebalancing rule (any band, threshold, schedule and fee) on seeded
GBM paths with six-hour steps, so that intraday rules act inside the day. Their drift is an
explicit argument, ``drift`` (:data:`DRIFTS`): ``"median-flat"`` (``μ = σ²/2`` per year, the
median underlying ends where it started) or ``"mean-flat"`` (``μ = 0``, the mean underlying ends
where it started), the two meanings of "no drift" of the notation page. A comparison of long and
short tokens, or across leverages, depends on it: the median-flat drift lets the mean price rise
by ``e^(σ²/2) − 1`` a year, which favours every long token. It returns the leverage the token actually carries over
the year (percentiles across the first ``N_LEVERAGE_PATHS`` paths), its median NAV path and its
median NAV after a year over all ``N_PATHS`` paths (10 000, as in chapters 3–7) with the Monte
Carlo standard error of that median, its rebalances per year and the share of paths ruined. ``draw_rule`` draws it;
``rule_panel`` is the live panel (any values); ``issuer_explorer`` is the static-page figure
(one slider position per issuer and volatility regime, precomputed). ``compute_issuer`` charges
each preset's fee and **no funding for any issuer** (the presets' 0.03 % a day is illustrative,
and two issuers say their fee covers it): one convention for every issuer. Conventions: simple
returns, annual volatility, fees per day, signed leverage, NAV starting at 1.0.
"""

from __future__ import annotations

import html
from dataclasses import replace
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np

from levtoken import crashes, issuers
from levtoken.paths import gbm_returns
from levtoken.validation import DAYS_PER_YEAR
from ..plots import COLORS, new_figure, use_book_style
from levtoken.products import LeveragedToken, MarginPosition
from levtoken.validation import InvalidTypeError, check_choice, check_count, check_range

#: Defaults of the live panel (a 3x long token, FTX's rule: daily plus a 4x band edge).
DEFAULT_LEVERAGE = 3.0
DEFAULT_LOW = 0.0            # 0: no lower band edge
DEFAULT_HIGH = 4.0
DEFAULT_THRESHOLD = 0.0      # 0: no move threshold
DEFAULT_SIDE = "both"
DEFAULT_DAILY = True
DEFAULT_FEE = 0.0003
DEFAULT_REGIME = "2020-2023"
#: The two meanings of "no drift" (the notation page): the drift ``μ`` per year for volatility σ.
DRIFTS = {"median-flat": lambda sigma: 0.5 * sigma * sigma, "mean-flat": lambda sigma: 0.0}
#: The drift of the live panel (stated in its title).
DEFAULT_DRIFT = "median-flat"
#: Simulation grid: six-hour steps for a year, seeded paths.
STEPS_PER_DAY = 4
DAYS = DAYS_PER_YEAR
#: Paths per regime for the NAVs (median, median path, ruin): as many as chapters 3–7.
N_PATHS = 10_000
#: The first paths of those, recorded in full for the leverage carried and the rebalances.
N_LEVERAGE_PATHS = 1_000
SEED = 8
#: The presets in the static explorer (Bybit's two fee pages share one rule: the newer one).
EXPLORER_KEYS = tuple(p.key for p in issuers.PRESETS if p.key != "bybit_old")
#: The static explorer shows every fifth day (the page stays light).
EXPLORER_EVERY = 5


def _regime_key(regime, name: str = "regime") -> str:
    return crashes.regime_key(regime, name)


def _sigma(regime: str, name: str = "regime") -> float:
    return crashes.regime(_regime_key(regime, name)).sigma


def median_se(values) -> float:
    """Monte Carlo standard error of the median of ``values`` (1-D, finite, at least 10).

    Distribution-free: the rank of the sample median has a binomial spread of ``√n / 2``, so
    the error is half the distance between the quantiles ``0.5 ± 0.5/√n``::

        SE = (Q(0.5 + 0.5/√n) − Q(0.5 − 0.5/√n)) / 2
    """
    try:
        v = np.asarray(values, dtype=float) if not isinstance(values, (str, bytes)) else None
    except (OverflowError, ValueError, TypeError):
        v = None
    if v is None or v.ndim != 1:
        raise InvalidTypeError(f"values must be a 1-D array of numbers, got {values!r}")
    if v.size < 10 or not np.isfinite(v).all():
        raise ValueError(f"values must hold at least 10 finite numbers, got {v.size} values "
                         f"(finite: {bool(np.isfinite(v).all())})")
    d = 0.5 / np.sqrt(v.size)
    lo, hi = np.quantile(v, [0.5 - d, 0.5 + d])
    return float((hi - lo) / 2.0)


def _drift(drift, name: str = "drift") -> str:
    return check_choice(drift, name, tuple(DRIFTS))


@lru_cache(maxsize=3)
def _returns(sigma: float, n_paths: int, seed: int, drift: str) -> np.ndarray:
    """Seeded GBM returns with the drift ``drift`` (:data:`DRIFTS`), six-hour steps, one year.

    The same seed gives the same shocks for both drifts: only the drift term differs."""
    r = gbm_returns(mu=DRIFTS[drift](sigma), sigma=sigma, days=DAYS, n_paths=n_paths,
                    steps_per_day=STEPS_PER_DAY, seed=seed)
    r.setflags(write=False)
    return r


_SPOT_MEDIANS: dict = {}


def _spot_median(r: np.ndarray) -> np.ndarray:
    """Median underlying at each day end (day 0 = 1), computed once per returns array."""
    key = (id(r), r.shape)
    if key not in _SPOT_MEDIANS:
        if len(_SPOT_MEDIANS) > 8:
            _SPOT_MEDIANS.clear()
        logs = np.cumsum(np.log1p(r), axis=-1)[:, STEPS_PER_DAY - 1::STEPS_PER_DAY]
        _SPOT_MEDIANS[key] = (r, np.concatenate([[1.0], np.exp(np.median(logs, axis=0))]))
    return _SPOT_MEDIANS[key][1]


def _percentiles(a: np.ndarray, qs) -> list:
    """Percentiles over paths (axis 0); the slow NaN-aware version only if a path was ruined."""
    f = np.nanpercentile if np.isnan(a).any() else np.percentile
    return list(f(a, qs, axis=0))


def _summarise(token: LeveragedToken, r: np.ndarray, n_leverage: int | None = None) -> dict:
    """NAV statistics over every path of ``r``; leverage and rebalances over the first
    ``n_leverage`` paths (all by default), which are simulated with every field recorded."""
    n_lev = N_LEVERAGE_PATHS if n_leverage is None else n_leverage
    rl = r[:n_lev]
    sim = token.simulate(rl)
    nav_l = sim.nav
    alive = nav_l[:, :-1] > 0
    held = np.abs(np.divide(sim.exposure[:, :-1], nav_l[:, :-1],
                            out=np.full(alive.shape, np.nan), where=alive))  # carried into each step
    # leverage at each day's end *before* any rebalance: the drifted exposure over the NAV
    drifted = sim.exposure[:, :-1] * (1.0 + rl)
    pre = np.abs(np.divide(drifted, nav_l[:, 1:], out=np.full(alive.shape, np.nan),
                           where=nav_l[:, 1:] > 0))
    daily = np.concatenate([held[:, :1], pre[:, STEPS_PER_DAY - 1::STEPS_PER_DAY]], axis=1)
    p10, p50, p90 = _percentiles(daily, [10, 50, 90])
    nav = token.nav(r) if r.shape[0] > n_lev else nav_l    # every path, NAV only (fast)
    final = nav[:, -1]
    return dict(
        days=np.arange(DAYS + 1),                           # day 0 = the start
        lev_p10=p10, lev_p50=p50, lev_p90=p90, mean_leverage=float(np.nanmean(held)),
        nav_median=np.median(nav[:, ::STEPS_PER_DAY], axis=0),
        spot_median=_spot_median(r),
        median_nav=float(np.median(final)), median_nav_se=median_se(final),
        n_paths=int(r.shape[0]), n_leverage_paths=int(rl.shape[0]),
        rebalances_per_year=float(sim.rebalanced.sum(axis=-1).mean()),
        ruined=float(np.mean(final <= 0.0)))


def compute_rule(leverage: float = DEFAULT_LEVERAGE, low: float = DEFAULT_LOW,
                 high: float = DEFAULT_HIGH, threshold: float = DEFAULT_THRESHOLD,
                 side: str = DEFAULT_SIDE, daily: bool = DEFAULT_DAILY,
                 fee_per_day: float = DEFAULT_FEE, regime: str = DEFAULT_REGIME,
                 n_paths: int | None = None, seed: int = SEED, *, drift: str) -> dict:
    """Simulate one rebalancing rule for a year in one volatility regime and drift.

    Parameters
    ----------
    leverage : float
        Signed target leverage, ``1 < |L| <= 5``.
    low, high : float
        Band edges in absolute leverage; ``low = 0`` means no lower edge, ``high = 0`` no band
        at all; otherwise ``0 < low < |L| < high <= 10``.
    threshold : float
        Move threshold ``h`` (0: none), ``0 <= h < 1/|L|``.
    side : {"both", "adverse"}
        Which moves the threshold watches.
    daily : bool
        A scheduled rebalance at every day's end.
    fee_per_day : float
        Management fee per day, ``0 <= f <= 0.01``.
    regime : str
        ``"2020-2023"`` (σ = 70 %/yr) or ``"2023-2024"`` (σ = 45 %/yr), keys of
        :data:`levtoken.crashes.REGIMES` named after the periods their sources measured.
    n_paths : int or None
        Number of seeded paths (None: :data:`N_PATHS`); leverage and rebalances use the first
        ``min(n_paths, N_LEVERAGE_PATHS)``.
    seed : int
        The seed.
    drift : {"median-flat", "mean-flat"}
        Required: ``μ = σ²/2`` (the median price ends flat) or ``μ = 0`` (the mean price ends
        flat).

    Returns
    -------
    dict (cached for repeated inputs: treat it as read-only)
        ``days`` (0…365), ``lev_p10/p50/p90`` (absolute leverage at each day's end just
        before any rebalance, across paths; day 0: the start), ``mean_leverage`` (carried,
        averaged over steps and paths), ``nav_median`` and ``spot_median`` (daily),
        ``median_nav`` (after a year) and ``median_nav_se`` (its Monte Carlo standard error,
        :func:`median_se`), ``n_paths``, ``rebalances_per_year``, ``ruined`` (share of paths),
        ``trigger_moves`` (fall, rise), ``mu`` (per year) and the inputs.
    """
    drift = _drift(drift)
    L = check_range(leverage, "leverage", -5.0, 5.0)
    if abs(L) <= 1.0:
        raise ValueError(f"leverage must satisfy 1 < |leverage| <= 5, got {leverage!r}")
    lo = check_range(low, "low", 0.0, abs(L), high_open=True)
    hi = check_range(high, "high", 0.0, 10.0)
    if hi != 0.0 and hi <= abs(L):
        raise ValueError(f"high must be 0 (no band) or in (|leverage|, 10] = ({abs(L):g}, 10], "
                         f"got {high!r}")
    if hi == 0.0 and lo != 0.0:
        raise ValueError(f"low needs a band: set high > |leverage| = {abs(L):g}, got low={low!r}")
    h = check_range(threshold, "threshold", 0.0, 1.0 / abs(L), high_open=True)
    check_choice(side, "side", ("both", "adverse"))
    if not isinstance(daily, (bool, np.bool_)):
        raise InvalidTypeError(f"daily must be True or False, got {daily!r}")
    f = check_range(fee_per_day, "fee_per_day", 0.0, 0.01)
    regime = _regime_key(regime)
    sigma = _sigma(regime)
    band = None if hi == 0.0 else (lo or None, hi)
    if not daily and band is None and h == 0.0:
        raise ValueError("daily=False needs a band (high > 0) or a threshold > 0: otherwise the "
                         "token never rebalances")
    n = N_PATHS if n_paths is None else check_count(n_paths, "n_paths")
    return _compute_rule(L, band, h, side, bool(daily), f, regime, n, check_count(seed, "seed"),
                         drift)


@lru_cache(maxsize=32)
def _compute_rule(L, band, h, side, daily, f, regime, n_paths, seed, drift) -> dict:
    """The simulation behind :func:`compute_rule` (validated inputs), cached: a setting the
    reader comes back to in the live panel redraws without simulating again."""
    token = LeveragedToken(L, fee_per_day=f, steps_per_day=STEPS_PER_DAY,
                           rebalance_threshold=h or None,
                           threshold_side=side if h else "both", leverage_band=band,
                           daily_rebalance=daily)
    res = _summarise(token, _returns(_sigma(regime), n_paths, seed, drift))
    res.update(leverage=L, band=band, threshold=h or None, side=side, daily=daily,
               fee_per_day=f, regime=regime, sigma=_sigma(regime),
               trigger_moves=token.trigger_moves(), drift=drift,
               mu=DRIFTS[drift](_sigma(regime)))
    return res


def compute_issuer(key: str, regime: str = DEFAULT_REGIME, n_paths: int | None = None,
                   seed: int = SEED, *, drift: str) -> dict:
    """:func:`compute_rule`'s summary for one preset of :data:`levtoken.issuers.PRESETS`.

    The preset's rule and fee, and **no funding** (the same convention for every issuer: the
    presets' funding is illustrative, and Gate and AscendEX say their fee covers it). ``drift``
    is required, as in :func:`compute_rule`. The result also holds ``illustrative``: True for a
    preset whose target leverage or rule is not the issuer's published one (Binance's hidden
    target, AscendEX's unpublished interim rule), which must stay out of best/worst claims.

    Cached: the chapter's table, figures and explorer share one simulation per preset, regime
    and drift (treat the returned dict as read-only).
    """
    check_choice(key, "key", [p.key for p in issuers.PRESETS])
    regime = _regime_key(regime)
    n = N_PATHS if n_paths is None else check_count(n_paths, "n_paths")
    return _compute_issuer(key, regime, n, check_count(seed, "seed"), _drift(drift))


def is_illustrative(preset) -> bool:
    """True when a preset's target or rule is modelled, not published (see :func:`compute_issuer`).

    ``preset``: a :class:`~levtoken.issuers.CostPreset` or its key."""
    if isinstance(preset, str):
        preset = issuers.preset(check_choice(preset, "preset", [q.key for q in issuers.PRESETS]))
    elif not isinstance(preset, issuers.CostPreset):
        raise InvalidTypeError(f"preset must be a CostPreset or a preset key such as 'ftx', got "
                               f"{preset!r} of type {type(preset).__name__}")
    p = preset
    hidden_target = p.target_source == issuers.ILLUSTRATIVE and p.nominal_leverage is None
    return hidden_target or not p.rule_published


@lru_cache(maxsize=64)
def _compute_issuer(key: str, regime: str, n_paths: int, seed: int, drift: str) -> dict:
    p = issuers.preset(key)
    token = replace(p.token(steps_per_day=STEPS_PER_DAY), funding_per_day=0.0)
    res = _summarise(token, _returns(_sigma(regime), n_paths, seed, drift))
    res.update(key=p.key, name=p.name, regime=regime, sigma=_sigma(regime),
               nominal_leverage=p.nominal_leverage, leverage=p.leverage,
               fee_known=p.fee_known, illustrative=is_illustrative(p), drift=drift,
               mu=DRIFTS[drift](_sigma(regime)))
    return res


def draw_rule(leverage: float = DEFAULT_LEVERAGE, low: float = DEFAULT_LOW,
              high: float = DEFAULT_HIGH, threshold: float = DEFAULT_THRESHOLD,
              side: str = DEFAULT_SIDE, daily: bool = DEFAULT_DAILY,
              fee_per_day: float = DEFAULT_FEE, regime: str = DEFAULT_REGIME,
              n_paths: int | None = None, *, drift: str):
    """Two panels for one rule: leverage carried over the year, and the median NAV path
    (``drift`` required and ``n_paths`` as in :func:`compute_rule`; the title states the
    drift)."""
    res = compute_rule(leverage, low, high, threshold, side, daily, fee_per_day, regime,
                       n_paths, drift=drift)
    use_book_style()
    return RuleFigure(plt.figure()).update(res)


class RuleFigure:
    """The figure of :func:`draw_rule`, built once and updated in place by the live panel (its
    axes, ticks and legends are not built again on a redraw; a fixed layout, no layout engine).
    ``fig``: a new, empty Figure."""

    FIGSIZE = (9.5, 4.0)

    def __init__(self, fig):
        from matplotlib.figure import Figure

        if not isinstance(fig, Figure) or fig.axes:
            raise InvalidTypeError(f"fig must be a new, empty matplotlib Figure, got {fig!r}")
        use_book_style()
        self.fig = fig
        fig.set_size_inches(*self.FIGSIZE)
        fig.subplots_adjust(left=0.075, right=0.985, bottom=0.13, top=0.80, wspace=0.27)
        self.ax1, self.ax2 = ax1, ax2 = fig.subplots(1, 2)
        self.band = None
        self.p50 = ax1.plot([], [], color=COLORS["token"], lw=2, label="median path")[0]
        self.target = ax1.axhline(1.0, color=COLORS["theory"], lw=1, ls="--", label="target")
        self.edges = [ax1.axhline(1.0, color=COLORS["naive"], lw=1, ls=":") for _ in range(2)]
        ax1.set(xlabel="day", ylabel="leverage at day end, before rebalancing (x)")
        band = ax1.fill_between([0, 1], [0, 0], [1, 1], color=COLORS["token"], alpha=0.25,
                                linewidth=0, label="10–90 % of paths")
        self.legend1 = ax1.legend(handles=[band, self.p50, self.target], loc="upper left",
                                  fontsize=8.5)
        band.remove()
        self.spot = ax2.plot([], [], color=COLORS["spot"], lw=2, label="underlying (median)")[0]
        self.nav = ax2.plot([], [], color=COLORS["token"], lw=2, label="token (median)")[0]
        ax2.set(xlabel="day", ylabel="value (NAV, start = 1)")
        ax2.legend(loc="lower left", fontsize=8.5)
        self.suptitle = fig.suptitle("", fontsize=11, y=0.98)

    def update(self, res: dict):
        """Show a :func:`compute_rule` result; returns the figure."""
        ax1, ax2, d = self.ax1, self.ax2, res["days"]
        if self.band is not None:
            self.band.remove()
        self.band = ax1.fill_between(d, res["lev_p10"], res["lev_p90"], color=COLORS["token"],
                                     alpha=0.25, linewidth=0)
        self.p50.set_data(d, res["lev_p50"])
        target = abs(res["leverage"])
        self.target.set_ydata([target, target])
        self.legend1.get_texts()[2].set_text(f"target {target:g}x")
        edges = [e for e in (res["band"] or ()) if e is not None]
        for line, edge in zip(self.edges, edges + [None] * 2):
            line.set_visible(edge is not None)
            if edge is not None:
                line.set_ydata([edge, edge])
        self.spot.set_data(d, res["spot_median"])
        self.nav.set_data(d, res["nav_median"])
        for ax in (ax1, ax2):
            ax.relim(visible_only=True)
            ax.autoscale_view()
        ax1.set_title(f"Leverage carried: {res['mean_leverage']:.2f}x on average")
        ax2.set_title(f"{res['rebalances_per_year']:.0f} rebalances a year; median NAV "
                      f"{res['median_nav']:.2f}")
        self.suptitle.set_text(f"{res['leverage']:+g}x token at {res['sigma']:.0%} volatility, "
                               f"{_DRIFT_WORDS[res['drift']]}: {_rule_text(res)}")
        return self.fig


_DRIFT_WORDS = {"median-flat": "median price flat", "mean-flat": "mean price flat"}


def _rule_text(res: dict) -> str:
    """The rule of a :func:`compute_rule` result in words."""
    parts = ["daily" if res["daily"] else "on need only"]
    if res["band"] is not None:
        lo, hi = res["band"]
        parts.append(f"band {_times(lo)} to {_times(hi)}" if lo else f"above {_times(hi)}")
    if res["threshold"]:
        parts.append(f"{100 * res['threshold']:.0f} % move"
                     + (" against it" if res["side"] == "adverse" else ""))
    parts.append(f"fee {100 * res['fee_per_day']:.2f} % a day")
    return ", ".join(parts)


#: Paths the live panel simulates for a setting (the first of the same seeded paths): a new
#: setting answers in well under a second; the chapter's figures use :data:`N_PATHS`.
PANEL_PATHS = N_LEVERAGE_PATHS


def _times(v: float) -> str:
    """A leverage as the prose writes it: ``4.0x``, ``2.25x``."""
    return f"{v:.1f}x" if round(v * 10) == v * 10 else f"{v:.2f}x"


def rule_panel():
    """Live panel: any leverage, band, threshold, schedule, fee and regime.

    It simulates the first :data:`PANEL_PATHS` of the chapter's seeded paths (its title says
    how many); a setting already seen redraws from a cache.
    """
    import ipywidgets as widgets

    from . import leverage_slider, live_panel, slider

    def choice(description, options, value):
        return widgets.SelectionSlider(options=options, value=value, description=description,
                                       continuous_update=False,
                                       style={"description_width": "initial"},
                                       layout=widgets.Layout(width="330px"))

    lows = [("none", 0.0)] + [(_times(v), float(v)) for v in np.arange(0.25, 2.51, 0.25)]
    highs = [("none", 0.0)] + [(_times(v), float(v)) for v in np.arange(1.25, 8.01, 0.25)]
    thresholds = [("none", 0.0)] + [(f"{k} %", k / 100) for k in range(1, 31)]
    controls = {
        "leverage": leverage_slider(DEFAULT_LEVERAGE, -5.0, 5.0, 0.5),
        "low": choice("band's low edge", lows, DEFAULT_LOW),
        "high": choice("band's high edge", highs, DEFAULT_HIGH),
        "threshold": choice("move threshold", thresholds, DEFAULT_THRESHOLD),
        "side": widgets.Dropdown(options=[("moves both ways", "both"),
                                          ("moves against the token", "adverse")],
                                 value=DEFAULT_SIDE, description="threshold watches",
                                 style={"description_width": "initial"}),
        "daily": widgets.Checkbox(value=DEFAULT_DAILY, description="daily rebalance"),
        "fee_per_day": slider("fee per day", DEFAULT_FEE, 0.0, 0.005, 0.0001, fmt=".2%"),
        "regime": widgets.Dropdown(options=[(r.label, r.key) for r in crashes.REGIMES],
                                   value=DEFAULT_REGIME, description="volatility",
                                   style={"description_width": "initial"}),
    }

    from IPython.display import HTML
    from matplotlib.figure import Figure

    shown = RuleFigure(Figure())            # one figure, updated in place on every redraw

    def draw(**values):
        try:
            res = compute_rule(**values, n_paths=PANEL_PATHS, drift=DEFAULT_DRIFT)
            return shown.update(res)
        except ValueError as err:        # a combination the rule cannot have: say why
            return HTML(f"<p><b>Not a valid rule:</b> {html.escape(str(err))}</p>")

    return live_panel(controls, draw, f"Any rule: leverage carried and NAV over a year "
                                      f"({PANEL_PATHS:,} simulated paths, median price flat)",
                      busy=f"Simulating {PANEL_PATHS:,} paths of a year…")


#: The labelled ticks of the explorer's log axis (values, start = 1): one per step of ~2x.
LOG_TICKS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5)


def issuer_explorer(keys=None, *, drift: str):
    """Static-HTML explorer: one slider position per issuer and volatility regime, at the
    required ``drift`` (stated in every title); illustrative presets say so in their titles.

    Top: the leverage the token carries (median and 10–90 % of paths, daily); bottom: its median
    NAV and the underlying's. Default: every preset, both regimes. The web page shows two
    controls, issuer and regime (``layout.meta``, read by
    :class:`~levtoken_book.explorers.StaticExplorer`); Plotly's own slider (JupyterLab) lists both.
    """
    import plotly.graph_objects as go

    from ..explorers import CONTROLS_META, SliderStep, slider_figure

    drift = _drift(drift)
    keys = EXPLORER_KEYS if keys is None else [p.key for p in issuers.resolve_presets(keys, "keys")]
    steps = []
    for reg in crashes.REGIMES:
        for key in keys:
            res = compute_issuer(key, reg.key, drift=drift)
            d = res["days"][::EXPLORER_EVERY]
            pick = lambda a: np.round(a[::EXPLORER_EVERY], 3)  # noqa: E731
            nominal = res["nominal_leverage"]
            traces = [
                go.Scatter(x=d, y=pick(res["lev_p90"]), name="leverage, 90th percentile",
                           line=dict(color=COLORS["token"], width=1, dash="dot")),
                go.Scatter(x=d, y=pick(res["lev_p50"]), name="leverage, median",
                           line=dict(color=COLORS["token"], width=3)),
                go.Scatter(x=d, y=pick(res["lev_p10"]), name="leverage, 10th percentile",
                           line=dict(color=COLORS["token"], width=1, dash="dot")),
                go.Scatter(x=[0, DAYS], y=[abs(nominal or res["leverage"])] * 2,
                           name="leverage in the name" if nominal else "modelled target",
                           line=dict(color=COLORS["theory"], width=1.5, dash="dash")),
                go.Scatter(x=d, y=pick(res["spot_median"]), name="underlying, median",
                           xaxis="x2", yaxis="y2", line=dict(color=COLORS["spot"], width=3)),
                go.Scatter(x=d, y=pick(res["nav_median"]), name="token NAV, median",
                           xaxis="x2", yaxis="y2", line=dict(color=COLORS["token"], width=3)),
            ]
            fee = "" if res["fee_known"] else " (no fee known: none charged)"
            fee += " (illustrative model)" if res["illustrative"] else ""
            title = (f"{res['name']}{fee}, {reg.label}, {_DRIFT_WORDS[drift]}:<br>carries {res['mean_leverage']:.2f}x "
                     f"on average, {res['rebalances_per_year']:.0f} rebalances, median NAV "
                     f"{res['median_nav']:.2f} ± {res['median_nav_se']:.2f} after a year")
            steps.append(SliderStep(label=f"{res['name']} · {reg.sigma:.0%}", traces=traces,
                                    title=title))
    names = [issuers.preset(k).name for k in keys]
    regimes = [reg.label for reg in crashes.REGIMES]
    return slider_figure(steps, slider_label="Issuer and volatility: ", active=0, layout=dict(
        meta={CONTROLS_META: [("Issuer", names), ("Volatility regime", regimes)]},
        xaxis=dict(domain=[0, 1], anchor="y", showticklabels=False, range=[0, DAYS]),
        yaxis=dict(domain=[0.56, 1.0], title="leverage carried (x)", range=[0, 6]),
        xaxis2=dict(domain=[0, 1], anchor="y2", title="day", matches="x"),  # one time axis
        yaxis2=dict(domain=[0.0, 0.44], title="value (start = 1)", type="log",
                    tickvals=LOG_TICKS, ticktext=[f"{v:g}" for v in LOG_TICKS], minor=dict(
                        showgrid=False, ticks="")),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0,
                    font=dict(size=11)),
        margin=dict(l=70, r=30, t=150, b=50), height=640, title=dict(font=dict(size=13))))


def draw_crash_day(key: str = "march2020", presets=("ftx", "kucoin", "gate", "gate_2024")):
    """Price of a crash day and the NAV of several issuers' tokens, of an illustrative 3x token
    rebalanced daily only (reset at the window's end) and of a 3x margin position."""
    if isinstance(presets, tuple):
        presets = list(presets)
    chosen = issuers.resolve_presets(presets)
    if len(chosen) > 4:
        raise ValueError(f"presets must hold at most 4 presets (one line style each), got "
                         f"{len(chosen)}")
    prices = crashes.crash_day_prices(key)
    r = crashes.crash_day_returns(key)
    hours = np.arange(len(prices)) * crashes.STEP_MINUTES / 60.0
    use_book_style()
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(9.5, 4.0))
    ax1.plot(hours, prices / prices[0], color=COLORS["spot"], lw=2.5)
    ax1.set(xlabel="hours from the start of the day", ylabel="price (start = 1)",
            title=crashes.CRASH_DAYS[key].title)
    ax2.plot(hours, MarginPosition(3.0).nav(r), color=COLORS["margin"], lw=4, alpha=0.7,
             label="3x margin position")
    styles = ["-", "--", "-.", ":", (0, (5, 1))]
    colours = [COLORS[k] for k in ("token", "threshold_token", "highlight", "theory", "inverse")]
    lines = [(pr.name, pr.token(steps_per_day=crashes.STEPS_PER_DAY)) for pr in chosen]
    lines.append(("3x, daily reset only (illustrative)",
                  LeveragedToken(3.0, steps_per_day=crashes.STEPS_PER_DAY)))
    for (name, tok), ls, colour in zip(lines, styles, colours):
        nav = replace(tok, fee_per_day=0.0, funding_per_day=0.0).nav(r)
        ax2.plot(hours, nav, color=colour, ls=ls, lw=1.8, label=name)
    ax2.set(xlabel="hours from the start of the day", ylabel="value (NAV, start = 1)",
            ylim=(-0.02, 1.05), title="Tokens and a margin position")
    ax2.legend(fontsize=7.5, loc="upper right")
    return fig
