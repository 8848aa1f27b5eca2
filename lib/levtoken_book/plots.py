"""The book's one figure style: colours, fonts and small matplotlib helpers.

Every product keeps its colour in every chapter (Okabe–Ito palette, colour-blind safe):
spot is blue, the daily token vermillion, the threshold token reddish purple, the margin
position bluish green, the naive "L × spot" line grey, an inverse token sky blue.
Figures have an opaque white background so they stay readable in the dark theme.
Helpers return ``(fig, ax)`` and never call ``plt.show()``.
"""

from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The colour of each thing the book draws; use these names, not raw colours.
COLORS = {
    "spot": OKABE_ITO["blue"],
    "token": OKABE_ITO["vermillion"],
    "threshold_token": OKABE_ITO["reddish_purple"],
    "margin": OKABE_ITO["bluish_green"],
    "naive": "#7F7F7F",
    "inverse": OKABE_ITO["sky_blue"],
    "highlight": OKABE_ITO["orange"],
    "theory": OKABE_ITO["black"],
}

BOOK_STYLE = {
    "figure.figsize": (7.5, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "legend.frameon": False,
    "font.size": 10.5,
    "axes.prop_cycle": matplotlib.cycler(color=[COLORS[k] for k in
                                                ("spot", "token", "margin", "threshold_token",
                                                 "highlight", "inverse", "naive")]),
}


def use_book_style() -> None:
    """Apply the book's matplotlib style globally (idempotent).

    Only the style's own keys change; ``rc_context`` is avoided on purpose because restoring all
    rcParams on exit switches IPython's interactive mode off and later figures stop showing.
    """
    plt.rcParams.update(BOOK_STYLE)


def new_figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure in the book's style; returns ``(fig, ax)`` as ``plt.subplots`` does."""
    from levtoken.validation import check_positive_int

    nrows = check_positive_int(nrows, "nrows", 20)
    ncols = check_positive_int(ncols, "ncols", 20)
    use_book_style()
    return plt.subplots(nrows, ncols, layout="constrained", **kwargs)


def _check_axes(ax) -> None:
    if not (hasattr(ax, "xaxis") and hasattr(ax, "yaxis") and hasattr(ax, "figure")):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")


def percent_axis(ax, axis: str = "y", decimals: int = 0) -> None:
    """Format an axis' ticks as percentages of a fraction (0.1 → 10 %)."""
    from levtoken.validation import check_choice, check_positive_int

    _check_axes(ax)
    check_choice(axis, "axis", ("x", "y"))
    if not (isinstance(decimals, int) and not isinstance(decimals, bool) and decimals == 0):
        decimals = check_positive_int(decimals, "decimals", 10)
    fmt = FuncFormatter(lambda v, _pos: f"{v * 100:.{decimals}f} %")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)


def payoff_figure(leverages=(1, 3, -3), moves=None, ruin_marks: bool = True):
    """One-period NAV after an underlying move, for several leverages (chapter 1).

    NAV' = max(1 + L·r, 0), r a simple return over one rebalancing period; the ruin move
    r = −1/L is marked for each leverage.
    """
    import numpy as np

    from levtoken import theory

    from levtoken.validation import MAX_LEVERAGE, check_bool, check_vector

    leverages = check_vector(leverages, "leverages", low=-MAX_LEVERAGE, high=MAX_LEVERAGE)
    ruin_marks = check_bool(ruin_marks, "ruin_marks")
    moves = (np.linspace(-0.5, 0.5, 401) if moves is None else
             check_vector(moves, "moves", low=-1.0, high=1e6, low_open=True))
    fig, ax = new_figure()
    palette = {1: COLORS["spot"], 3: COLORS["token"], -3: COLORS["inverse"]}
    for lev in leverages:
        nav = np.maximum(1.0 + theory.one_period_return(lev, moves), 0.0)
        label = "spot (L = 1)" if lev == 1 else f"{lev:+g}x token"
        color = palette.get(lev, None)
        ax.plot(moves, nav, label=label, color=color, lw=2)
        if ruin_marks and abs(lev) > 1:
            ruin = theory.ruin_move(lev)
            if moves.min() <= ruin <= moves.max():
                ax.plot([ruin], [0], marker="X", ms=10, color=color, ls="none")
                ax.annotate(f"ruin at {ruin:+.1%}", (ruin, 0), xytext=(0, 14),
                            textcoords="offset points", ha="center", color=color)
    ax.axhline(1.0, color="#444444", lw=0.8)
    ax.axvline(0.0, color="#444444", lw=0.8)
    percent_axis(ax, "x")
    ax.set_xlabel("underlying move within one rebalancing period (%)")
    ax.set_ylabel("NAV after the period (start = 1.0)")
    ax.legend(loc="upper left")
    return fig, ax


def paths_figure(series, xlabel: str = "day", ylabel: str = "value", title: str | None = None,
                 hlines=None, x=None, ax=None):
    """Line chart of several paths on one axis.

    ``series`` maps a label to ``(values, colour_name)`` where ``colour_name`` is a key of
    :data:`COLORS` (or ``(values, colour_name, linestyle)``); ``hlines`` maps a label to a level
    drawn as a dashed reference line. Returns ``(fig, ax)``.
    """
    import numpy as np

    from levtoken.validation import check_vector

    if not isinstance(series, dict) or not series:
        raise TypeError(f"series must be a non-empty dict of label to (values, colour), got "
                        f"{type(series).__name__}")
    if hlines is not None and not isinstance(hlines, dict):
        raise TypeError(f"hlines must be None or a dict of label to level, got {type(hlines).__name__}")
    for label, text in (("xlabel", xlabel), ("ylabel", ylabel)):
        if not isinstance(text, str):
            raise TypeError(f"{label} must be a string, got {type(text).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None, got {type(title).__name__}")
    if ax is None:
        fig, ax = new_figure()
    else:
        _check_axes(ax)
        fig = ax.figure
    for label, spec in series.items():
        if not isinstance(spec, (tuple, list)) or len(spec) not in (2, 3):
            raise TypeError(f"series[{label!r}] must be (values, colour) or (values, colour, style)")
        values, colour = spec[0], spec[1]
        style = spec[2] if len(spec) > 2 else "-"
        values = check_vector(values, f"series[{label!r}]")
        xs = np.arange(values.shape[-1]) if x is None else check_vector(x, "x")
        if len(xs) != len(values):
            raise ValueError(f"x must have one value per point, got {len(xs)} for {len(values)}")
        ax.plot(xs, values, style, color=COLORS.get(colour, colour), lw=2, label=label)
    for label, level in (hlines or {}).items():
        ax.axhline(level, color=COLORS["naive"], ls="--", lw=1.2)
        ax.annotate(label, (ax.get_xlim()[0], level), xytext=(4, 4), textcoords="offset points",
                    color="#444444", fontsize=9)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="best")
    return fig, ax
