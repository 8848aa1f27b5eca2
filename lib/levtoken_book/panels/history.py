"""Chapter 9's figures and panel: the book's lessons on Bitcoin's real closes (2017–2025).

Every figure carries the data's attribution (:data:`levtoken.data.SOURCE`, Coin Metrics
community data, CC BY-NC 4.0). ``draw_*`` return matplotlib figures; :func:`history_explorer`
is the precomputed Plotly figure of the static page; :func:`window_panel` the live panel (any
window, leverage, rule and fee), whose default view is :func:`draw_window`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.ticker import NullLocator

from levtoken import history
from levtoken.data import SOURCE
from ..plots import COLORS, new_figure, use_book_style
from ..plots import percent_axis
from levtoken.validation import (InvalidTypeError, check_choice, check_count, check_leverage,
                                format_value)

__all__ = [
    "EXPLORER_LEVERAGES",
    "MONTHS",
    "draw_years",
    "draw_march_2020",
    "draw_holding",
    "draw_volatility",
    "draw_margin",
    "history_explorer",
    "draw_window",
    "window_panel",
    "WindowFigure",
    "rule_name",
]

#: Leverages of the static explorer's slider.
EXPLORER_LEVERAGES = (3.0, 2.0, -3.0)

#: First days of the months a reader can pick in the live panel (the book's window).
MONTHS = tuple(str(d.date()) for d in pd.date_range("2017-01-01", "2025-10-01", freq="MS"))


def _source(fig):
    """The data's attribution under the figure (space kept free by the layout engine)."""
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.955))
    fig.text(0.01, 0.005, SOURCE, fontsize=8, color="#555555", ha="left", va="bottom")


def _plain_log_ticks(ax):
    """Tick labels 0.5, 1, 2 … on a log y axis (not only the powers of ten)."""
    from matplotlib.ticker import FuncFormatter, LogLocator
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))


def draw_years(leverage=3.0, closes=None):
    """Each year's multiple (1 + return, log scale): Bitcoin, ``L × BTC`` and the daily ``±L``
    tokens without costs."""
    L = abs(check_leverage(leverage))
    t = history.year_table(closes, L)
    use_book_style()
    fig, ax = new_figure(figsize=(8.5, 4.6))
    x = np.arange(len(t))
    width = 0.2
    floor = 1e-3
    series = [("btc", "Bitcoin", COLORS["spot"]),
              ("naive", f"{L:g} × Bitcoin's return", COLORS["naive"]),
              ("token", f"daily {L:g}x token", COLORS["token"]),
              ("inverse", f"daily −{L:g}x token", COLORS["inverse"])]
    for j, (col, label, colour) in enumerate(series):
        multiple = np.maximum(1 + t[col].to_numpy(), floor)
        ax.bar(x + (j - 1.5) * width, multiple, width, label=label, color=colour)
    ax.set_yscale("log")
    ax.set_ylim(floor, 500)
    ax.axhline(1, color=COLORS["theory"], lw=1)
    labels = [str(y) if d >= 364 else f"{y} to 31 Oct" for y, d in zip(t.index, t["days"])]
    ax.set_xticks(x, labels)
    ax.set(xlabel="calendar year (close-to-close daily returns, no costs)",
           ylabel="value at year end (start = 1, log scale;\n0.001 = wiped out)")
    ax.set_title("Year by year: the daily token is not three times Bitcoin")
    ax.legend(ncol=2, fontsize=8.5, loc="upper right")
    _source(fig)
    return fig


def draw_march_2020(n_shown=20, closes=None, seed=history.DEFAULT_SEED):
    """12 March 2020: the real closes around it, and **simulated** intraday paths between them."""
    n = check_count(n_shown, "n_shown")
    if n > 200:
        raise ValueError(f"n_shown must be at most 200 paths, got {n}")
    c = history.daily_closes(closes)
    b = history.intraday_bridge("2020-03-12", c, n_paths=max(n, 50), seed=seed)
    before = c.loc["2020-03-05":"2020-03-19"]
    use_book_style()
    fig, (ax1, ax2) = new_figure(1, 2, figsize=(10, 4.2))
    ax1.plot(before.index, before.to_numpy(), "o-", color=COLORS["spot"], lw=2,
             label="Bitcoin's daily close (real)")
    ax1.set(xlabel="day (March 2020)", ylabel="close (USD)",
            title="The real closes: one −37.5 % day")
    ax1.tick_params(axis="x", rotation=45)
    ax1.legend(fontsize=8.5)
    steps = b["steps_per_day"]
    hours = np.arange(steps + 1) * 24 / steps
    start = float(c.loc["2020-03-11"])
    prices = start * np.concatenate([np.ones((b["returns"].shape[0], 1)),
                                     np.cumprod(1 + b["returns"], axis=1)], axis=1)
    for k in range(n):
        ax2.plot(hours, prices[k], color=COLORS["naive"], lw=0.8, alpha=0.6,
                 label="simulated paths (bridge, seeded)" if k == 0 else None)
    ax2.plot([0, 24], [start, float(c.loc["2020-03-12"])], "o", color=COLORS["spot"], ms=8,
             label="real closes")
    ax2.set(xlabel="hours after the close of 11 March (UTC)", ylabel="price (USD)",
            title=f"Inside the day: simulated, σ = {b['sigma']:.0%} a year")
    ax2.legend(fontsize=8.5)
    _source(fig)
    return fig


def draw_holding(leverage=3.0, horizon=365, closes=None):
    """Every hold of ``horizon`` days: the daily token's multiple against spot's."""
    L = check_leverage(leverage)
    m = history.holding_multiples(closes, L, horizon)
    use_book_style()
    fig, ax = new_figure(figsize=(7.5, 4.8))
    floor = 1e-3
    ax.scatter(m.spot, np.maximum(m.token, floor), s=4, color=COLORS["token"], alpha=0.5,
               label=f"daily {L:+g}x token, one dot per start day")
    xs = np.geomspace(m.spot.min(), m.spot.max(), 200)
    ax.plot(xs, xs, color=COLORS["spot"], lw=1.5, label="token = spot")
    ax.plot(xs, np.maximum(1 + L * (xs - 1), floor), color=COLORS["naive"], lw=1.5, ls="--",
            label=f"token = 1 + {L:g} × spot's return")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(floor * 0.8, None)
    ax.set(xlabel=f"Bitcoin after {horizon} days (start = 1, log scale)",
           ylabel=f"token after {horizon} days (start = 1, log;\n0.001 = wiped out)",
           title=f"Every {horizon}-day hold, 2017–2025")
    ax.legend(fontsize=8.5)
    _source(fig)
    return fig


def draw_volatility(window=30, closes=None):
    """Rolling and yearly realised volatility against the book's regimes (80 % and 50 %)."""
    roll = history.rolling_volatility(closes, window)
    by_year = history.volatility_by_year(closes)
    use_book_style()
    fig, ax = new_figure(figsize=(8.5, 4.2))
    ax.plot(roll.index, roll.to_numpy(), color=COLORS["spot"], lw=1,
            label=f"realised, rolling {window} days")
    for y, v in by_year.items():
        ax.hlines(v, pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31"),
                  color=COLORS["token"], lw=3, label="realised, calendar year" if y == 2017 else None)
    ax.axhline(history.HIGH_SIGMA, color=COLORS["theory"], ls="--", lw=1.2,
               label="the book's high regime, 80 %")
    ax.axhline(history.LOW_SIGMA, color=COLORS["theory"], ls=":", lw=1.5,
               label="the book's low regime, 50 %")
    ax.set(xlabel="date", ylabel="annualised volatility", ylim=(0, 2.0),
           title="Bitcoin's realised volatility, 2017–2025")
    percent_axis(ax, "y")
    ax.legend(fontsize=8.5, ncol=2, loc="upper right")
    _source(fig)
    return fig


def draw_margin(leverage=3.0, horizon=30, closes=None):
    """For each opening day: was the margin position liquidated within ``horizon`` days, and the
    token's worst loss over the same days."""
    res = history.margin_vs_token(closes, leverage, horizon)
    d = res["by_start"]
    use_book_style()
    fig, ax = new_figure(figsize=(8.5, 4.2))
    ax.plot(d.index, d.token_worst.to_numpy(), color=COLORS["token"], lw=1,
            label=f"daily {leverage:g}x token: worst loss within {horizon} days")
    liq = d.index[d.liquidated.to_numpy()]
    ax.plot(liq, np.full(len(liq), -1.04), "|", color=COLORS["margin"], ms=10,
            label=f"{leverage:g}x margin position opened that day: liquidated within {horizon} days")
    ax.set(xlabel="opening day", ylabel="loss from the opening value",
           ylim=(-1.1, 0.05), title=f"{leverage:g}x margin vs the {leverage:g}x token, "
                                   f"every {horizon}-day window")
    percent_axis(ax, "y")
    ax.legend(fontsize=8.5, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1)
    _source(fig)
    return fig


def history_explorer(leverages=EXPLORER_LEVERAGES, closes=None):
    """Static-HTML explorer: one slider position per leverage and calendar year.

    Each position shows, through that year, Bitcoin, ``1 + L × Bitcoin's return`` and the daily
    ``L`` token (no costs), from 1 at the year's first close (log scale).
    """
    import plotly.graph_objects as go

    from ..explorers import SliderStep, slider_figure

    if isinstance(leverages, (str, bytes)) or not isinstance(leverages, (list, tuple)) \
            or not leverages:
        raise InvalidTypeError(f"leverages must be a non-empty list of leverages, got "
                               f"{format_value(leverages)} of type {type(leverages).__name__}")
    levs = [check_leverage(L, "leverages") for L in leverages]
    c = history.daily_closes(closes)
    years = sorted(set(c.index.year))
    steps = []
    for L in levs:
        for y in years:
            part = c.loc[str(y)]
            if y != years[0]:                     # from the last close of the year before
                part = pd.concat([c.loc[:f"{y - 1}-12-31"].iloc[-1:], part])
            if len(part) < 2:
                continue
            run = history.window_run(part.index[0], part.index[-1], L, "daily", 0.0, closes=c)
            day = [str(d.date()) for d in run.index]
            floor = 1e-3
            traces = [
                go.Scatter(x=day, y=np.round(run.spot.to_numpy(), 4), name="Bitcoin",
                           line=dict(color=COLORS["spot"], width=2.5)),
                go.Scatter(x=day, y=np.round(np.maximum(run.naive.to_numpy(), floor), 4),
                           name="1 + L × Bitcoin's return",
                           line=dict(color=COLORS["naive"], width=1.5, dash="dash")),
                go.Scatter(x=day, y=np.round(np.maximum(run.token.to_numpy(), floor), 4),
                           name="daily token", line=dict(color=COLORS["token"], width=2.5)),
            ]
            end_tok, end_spot = run.token.iloc[-1] - 1, run.spot.iloc[-1] - 1
            title = (f"{y}, {L:+g}x: Bitcoin {end_spot:+.0%}, {L:g} × that {L * end_spot:+.0%}, "
                     f"the daily token {end_tok:+.0%}<br><sub>{SOURCE}</sub>")
            steps.append(SliderStep(label=f"{L:+g}x · {y}", traces=traces, title=title))
    return slider_figure(steps, slider_label="Leverage and year: ", active=0, layout=dict(
        xaxis=dict(title="day"),
        yaxis=dict(title="value (start of the year = 1, log scale)", type="log", dtick=1,
                   minor=dict(ticks="", showgrid=False)),  # decades only: no stacked 2, 5 labels
        margin=dict(l=70, r=30, t=100, b=50), height=560,
        # the title (with the data's attribution under it) hangs from the top of the figure
        # and the legend sits on the plot, so the two never meet
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        title=dict(font=dict(size=13))))


def draw_window(start="2021-01-01", end="2021-12-01", leverage=3.0, rule="daily",
                fee_per_day=0.0, closes=None):
    """Any window of the data: Bitcoin, ``1 + L × its return``, a token (a rule at the closes,
    a fee) and an ``L`` margin position, from 1 at ``start``'s close.

    Until it is liquidated a margin position *is* ``1 + L ×`` Bitcoin's return, so that line is
    drawn wide and pale under the margin position's: both stay visible where they coincide.
    """
    run = history.window_run(start, end, leverage, rule, fee_per_day, closes=closes)
    use_book_style()
    return WindowFigure(plt.figure(figsize=WindowFigure.FIGSIZE)).update(
        run, leverage, rule, fee_per_day)


class WindowFigure:
    """The figure of :func:`draw_window`, built once and updated in place.

    The live panel keeps one and only changes its lines' data, the labels and the axis limits
    on every redraw: building the axes, ticks and legend anew was most of a redraw's time. The
    layout is fixed (no layout engine) for the same reason. ``fig``: a new, empty Figure (a
    :class:`matplotlib.figure.Figure` that pyplot does not manage, in the panel).
    """

    FIGSIZE = (8.5, 4.4)
    FLOOR = 1e-3

    def __init__(self, fig):
        from matplotlib.figure import Figure

        if not isinstance(fig, Figure) or fig.axes:
            raise InvalidTypeError(f"fig must be a new, empty matplotlib Figure, got "
                                   f"{format_value(fig)}")
        use_book_style()
        self.fig = fig
        fig.set_size_inches(*self.FIGSIZE)
        fig.subplots_adjust(left=0.125, right=0.985, bottom=0.175, top=0.925)
        ax = self.ax = fig.add_subplot()
        self.lines = dict(
            naive=ax.plot([], [], color=COLORS["naive"], lw=5, alpha=0.45,
                          solid_capstyle="butt")[0],
            spot=ax.plot([], [], color=COLORS["spot"], lw=2.2, label="Bitcoin")[0],
            margin=ax.plot([], [], color=COLORS["margin"], lw=1.4, ls="-.")[0],
            token=ax.plot([], [], color=COLORS["token"], lw=2.2)[0])
        ax.set_yscale("log")
        _plain_log_ticks(ax)
        ax.yaxis.set_minor_locator(NullLocator())   # no unlabelled minor ticks to lay out
        ax.set(xlabel="date", ylabel="value (start = 1, log scale;\n0.001 = wiped out)")
        self.locator = AutoDateLocator()
        fig.text(0.01, 0.005, SOURCE, fontsize=8, color="#555555", ha="left", va="bottom")
        self.legend = None

    def update(self, run: pd.DataFrame, leverage, rule: str, fee_per_day: float):
        """Show ``run`` (:func:`levtoken.history.window_run`'s result); returns the figure."""
        ax, floor = self.ax, self.FLOOR
        sign = "+" if leverage > 0 else "−"
        labels = dict(naive=f"1 {sign} {abs(leverage):g} × Bitcoin's return", spot="Bitcoin",
                      margin=f"{leverage:+g}x margin position (0 = liquidated)",
                      token=f"{leverage:+g}x token, {rule_name(rule)}, fee "
                            f"{100 * fee_per_day:.2f} % a day")
        days = run.index.to_numpy()
        ax.xaxis.update_units(days)                  # dates: the axis converts them
        for name, line in self.lines.items():
            values = run[name].to_numpy()
            line.set_data(days, values if name == "spot" else np.maximum(values, floor))
            line.set_label(labels[name])
        ax.relim()
        ax.autoscale_view()
        ax.xaxis.set_major_locator(self.locator)     # after the dates set the axis' units
        ax.xaxis.set_major_formatter(ConciseDateFormatter(self.locator))
        ax.set_title(f"{run.index[0].date()} to {run.index[-1].date()}: token "
                     f"{run.token.iloc[-1] - 1:+.0%}, Bitcoin {run.spot.iloc[-1] - 1:+.0%}")
        if self.legend is None:
            self.legend = ax.legend(fontsize=8.5)
        else:
            for text, name in zip(self.legend.get_texts(), self.lines):
                text.set_text(labels[name])
        return self.fig


def rule_name(rule: str) -> str:
    """A rule of :data:`levtoken.history.RULES` as the reader knows it (never its key)."""
    from levtoken import issuers

    rule = check_choice(rule, "rule", history.RULES)
    return "daily reset" if rule == "daily" else f"rule of {issuers.preset(rule).name}"


def window_panel():
    """Live panel: any window of the data, leverage, rule (at the closes) and fee."""
    import html

    import ipywidgets as widgets
    from IPython.display import HTML

    from . import leverage_slider, live_panel, slider

    from matplotlib.figure import Figure

    drop = dict(style={"description_width": "initial"})
    months = [(pd.Timestamp(m).strftime("%-d %b %Y"), m) for m in MONTHS]
    controls = {
        "start": widgets.Dropdown(options=months, value="2021-01-01",
                                  description="from (close of)", **drop),
        "end": widgets.Dropdown(options=months[1:], value="2021-12-01",
                                description="to (close of)", **drop),
        "leverage": leverage_slider(3.0, -5.0, 5.0, 0.5),
        "rule": widgets.Dropdown(options=[(rule_name(r), r) for r in history.RULES],
                                 value="daily",
                                 description="rule (at the closes)", **drop),
        "fee_per_day": slider("fee per day", 0.0, 0.0, 0.003, 0.0001, fmt=".2%"),
    }
    shown = WindowFigure(Figure())          # one figure, updated in place on every redraw

    def draw(start, end, leverage, rule, fee_per_day):
        try:
            run = history.window_run(start, end, leverage, rule, fee_per_day)
            return shown.update(run, leverage, rule, fee_per_day)
        except ValueError as err:           # e.g. an end before the start: say why
            return HTML(f"<p><b>Not a valid window:</b> {html.escape(str(err))}</p>")

    return live_panel(controls, draw, "Any window of Bitcoin 2017–2025: token, spot and margin")

