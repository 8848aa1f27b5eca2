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
    _install_phone_hook()


def new_figure(nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure in the book's style; returns ``(fig, ax)`` as ``plt.subplots`` does."""
    from levtoken.validation import check_positive_int

    nrows = check_positive_int(nrows, "nrows", 20)
    ncols = check_positive_int(ncols, "ncols", 20)
    use_book_style()
    out = plt.subplots(nrows, ncols, layout="constrained", **kwargs)
    _install_phone_hook()   # (again: the first figure may have set the inline backend up)
    return out


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


# ------------------------------------------------------------------------------------------
# The phone rendition of a figure

#: A figure drawn for the desktop column (7.5 in at 110 dpi, 825 px) shrinks to about 360 px on
#: a phone, and its 10.5 pt text to about 6 CSS px. The book build therefore draws every static
#: figure a second time for phones: this many inches wide, no text under PHONE_MIN_FONT_PT, text
#: kept as text (SVG), so 9.6 pt text is 9.6 × 339 / 288 ≈ 11.3 CSS px in the 339 px wide figure
#: column of a 390 px wide phone.
PHONE_WIDTH_IN = 4.0
PHONE_MIN_FONT_PT = 9.6
#: Where the book build (levtoken_book.sphinxext.phone_figures) collects the phone renditions;
#: unset (JupyterLab, a script) nothing is drawn twice.
PHONE_DIR_ENV = "LEVTOKEN_PHONE_FIGURES"
#: An SVG larger than this has its data (lines, areas; not its text) drawn as an image inside it.
PHONE_MAX_SVG_BYTES = 350_000


def _phone_height(width: float, height: float) -> float:
    """The phone rendition's height (inches) for a figure of ``width`` × ``height`` inches:
    taller than a scaled-down copy (the text keeps its size, so the plot needs the room)."""
    return min(4.6, max(3.4, PHONE_WIDTH_IN * 1.5 * height / width))


def _check_figure_type(fig) -> None:
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")


#: The attribute of a figure that holds its own phone layout (see :func:`set_phone_figure`).
PHONE_FIGURE_ATTR = "_levtoken_phone_figure"


def set_phone_figure(fig, draw) -> None:
    """Give ``fig`` its own phone layout: ``draw()`` returns the Figure to render for phones
    (e.g. a heat-map transposed, so its columns fit). It is called only in the book build."""
    _check_figure_type(fig)
    if not callable(draw):
        raise TypeError(f"draw must be a callable returning a Figure, got {type(draw).__name__}")
    setattr(fig, PHONE_FIGURE_ATTR, draw)


def phone_rendition(fig) -> bytes:
    """The SVG of ``fig`` as a phone shows it: :data:`PHONE_WIDTH_IN` wide, every text at least
    :data:`PHONE_MIN_FONT_PT`, text as ``<text>`` (so its size can be checked). The figure is
    left as it was (size and font sizes). A figure with its own phone layout
    (:func:`set_phone_figure`) is drawn from it."""
    import io

    from matplotlib.text import Text

    _check_figure_type(fig)
    own = getattr(fig, PHONE_FIGURE_ATTR, None)
    if own is not None:
        phone = own()
        try:
            return phone_rendition(phone)
        finally:
            plt.close(phone)
    size = fig.get_size_inches().copy()
    texts = [(t, t.get_fontsize(), t.get_wrap()) for t in fig.findobj(Text)]
    ticks = [(ax, name, axis.get_major_ticks()[0].label1.get_fontsize())
             for ax in fig.axes for name, axis in (("x", ax.xaxis), ("y", ax.yaxis))
             if axis.get_major_ticks()]
    raster, rotated, hidden, added, stacked, footers = [], [], [], [], [], None
    engine_set = False
    try:
        # a figure drawn for phones already (its own layout) keeps its height
        own_layout = size[0] <= PHONE_WIDTH_IN * 1.001
        fig.set_size_inches(PHONE_WIDTH_IN, size[1] if own_layout else _phone_height(*size))
        if not own_layout:
            if fig.get_layout_engine() is None:   # fixed margins fit no phone: lay it out
                fig.set_layout_engine("constrained")
                engine_set = True
            stacked = _stack_side_by_side(fig)   # plots side by side go one above the other
            hidden, added = _legends_below(fig)   # legends leave the plots, covering no data
        for t in _wrappable(fig):
            t.set_wrap(True)   # a title longer than the phone figure wraps at its edge
        for t, fs, _ in texts:
            if fs < PHONE_MIN_FONT_PT:
                t.set_fontsize(PHONE_MIN_FONT_PT)
        for ax, name, fs in ticks:
            ax.tick_params(axis=name, which="both", labelsize=max(fs, PHONE_MIN_FONT_PT))
        width = PHONE_WIDTH_IN
        footers = None
        for attempt in range(5):
            buf = io.BytesIO()
            collapsed = _save_svg(fig, buf)
            svg = buf.getvalue()
            if len(svg) > PHONE_MAX_SVG_BYTES and not raster:
                for ax in fig.axes:   # heavy data: drawn as an image, the text stays text
                    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.images]:
                        if not artist.get_rasterized():
                            artist.set_rasterized(True)
                            raster.append(artist)
                continue
            if not rotated and not own_layout:   # tick labels that run into each other slant
                rotated = _slant_crowded_ticks(fig)
                if rotated:
                    continue
            if footers is None and not own_layout:   # a footer (the data source) goes last
                footers = _footers_below(fig)
                if footers:
                    continue
            # text that sticks out of the figure widens the drawing: narrow the figure instead
            drawn = svg_width_in(svg)
            if drawn <= PHONE_WIDTH_IN * 1.005:
                break
            width *= PHONE_WIDTH_IN / drawn
            fig.set_size_inches(width, fig.get_size_inches()[1])
        # a figure too dense for the phone's width (texts that still run into each other) is
        # drawn wider, the same text size: the page lets it scroll sideways (phone_figures)
        for wider in (5.5, 7.0):
            if own_layout or not (collapsed or _texts_overlap(fig)):
                break
            fig.set_size_inches(wider, fig.get_size_inches()[1])
            buf = io.BytesIO()
            collapsed = _save_svg(fig, buf)
            svg = buf.getvalue()
    finally:
        fig.set_size_inches(size)
        for t, fs, wrap in texts:
            t.set_fontsize(fs)
            t.set_wrap(wrap)
        for ax, name, fs in ticks:
            ax.tick_params(axis=name, which="both", labelsize=fs)
        for artist in raster:
            artist.set_rasterized(False)
        for label, rotation, ha in rotated:
            label.set_rotation(rotation)
            label.set_horizontalalignment(ha)
        for ax, spec in stacked:
            ax.set_subplotspec(spec)
        if engine_set:
            fig.set_layout_engine("none")
        for feet, label in footers or []:
            label.remove()
            for t in feet:
                t.set_visible(True)
        for legend in added:
            legend.remove()
        for legend in hidden:
            legend.set_visible(True)
    return svg


def _stack_side_by_side(fig) -> list:
    """A row of plots (one grid row, several columns) becomes a column of plots, each
    2.6 in tall; returns each axes' former place, to restore."""
    from matplotlib.gridspec import GridSpec

    grid = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    specs = [ax.get_subplotspec() for ax in grid]
    if len(grid) < 2 or len({id(s.get_gridspec()) for s in specs}) != 1:
        return []
    rows, cols = specs[0].get_gridspec().get_geometry()
    if rows != 1 or len(grid) != cols:
        return []
    column = GridSpec(cols, 1, figure=fig)
    order = sorted(range(len(grid)), key=lambda i: specs[i].colspan.start)
    for row, i in enumerate(order):
        grid[i].set_subplotspec(column[row, 0])
    fig.set_size_inches(fig.get_size_inches()[0], 2.6 * cols + 0.6)
    return list(zip(grid, specs))


def _legends_below(fig):
    """Hide each axes' legend and show their entries once, in a legend below the plots.
    Returns (the hidden legends, the legend added)."""
    if fig.get_layout_engine() is None:
        return [], []
    hidden, handles, labels = [], [], []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        for handle, text in zip(legend.legend_handles, legend.get_texts()):
            if text.get_text() not in labels and handle is not None:
                handles.append(handle)
                labels.append(text.get_text())
        legend.set_visible(False)
        hidden.append(legend)
    if not labels:
        return hidden, []
    ncols = 1 if max(len(t) for t in labels) > 24 else 2
    # below the plots, unless a footer (a data source line) is there: then above them
    footer = any(t.get_visible() and t.get_position()[1] < 0.15 for t in fig.texts)
    loc = "outside upper center" if footer else "outside lower center"
    added = fig.legend(handles, labels, loc=loc, ncols=min(ncols, len(labels)),
                       fontsize=max(PHONE_MIN_FONT_PT, plt.rcParams["legend.fontsize"]
                                    if isinstance(plt.rcParams["legend.fontsize"], (int, float))
                                    else PHONE_MIN_FONT_PT), frameon=False)
    rows = -(-len(labels) // min(ncols, len(labels)))
    w, h = fig.get_size_inches()
    fig.set_size_inches(w, h + 0.22 * rows)
    return hidden, [added]


def _footers_below(fig) -> list:
    """A text placed at the foot of the figure (a data source line) becomes the figure's
    bottom label, which the layout keeps below everything else (the plots, their labels);
    returns the hidden texts (to show again) and the label made."""
    feet = [t for t in fig.texts if t.get_visible() and t.get_position()[1] < 0.15]
    if not feet or fig.get_supxlabel() or fig.get_layout_engine() is None:
        return []
    first = feet[0]
    label = fig.supxlabel("\n".join(t.get_text() for t in feet), x=0.01, ha="left",
                          fontsize=first.get_fontsize(), color=first.get_color(),
                          wrap=True)
    for t in feet:
        t.set_visible(False)
    return [(feet, label)]


def _slant_crowded_ticks(fig) -> list:
    """Slant the x tick labels of each axes whose labels touch; returns what to restore."""
    renderer = fig.canvas.get_renderer()
    changed = []
    for ax in fig.axes:
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
        if any(a.x1 > b.x0 - 2 for a, b in zip(boxes, boxes[1:])):
            for t in labels:
                changed.append((t, t.get_rotation(), t.get_horizontalalignment()))
                t.set_rotation(40)
                t.set_horizontalalignment("right")
    return changed


def _save_svg(fig, buf) -> bool:
    """Save ``fig`` as the phone's SVG into ``buf``; True if the layout had no room for the
    plots (matplotlib's "axes sizes collapsed" warning, kept out of the notebook's output)."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "levtoken"}):
            fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.04,
                        metadata={"Date": None}, dpi=200)
    return any("collapsed" in str(w.message) for w in caught)


def _texts_overlap(fig) -> bool:
    """Whether two visible texts of the figure (as last drawn) cover each other noticeably.
    Tick labels of one axis are not compared with each other (slanted, their boxes overlap
    where their letters do not; _slant_crowded_ticks handles them)."""
    renderer = fig.canvas.get_renderer()
    texts = [(t, None) for t in fig.texts]   # the suptitle and sup-labels are among them
    for legend in fig.legends:
        texts += [(t, None) for t in (*legend.get_texts(), legend.get_title())]
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):   # the tick labels drawn (in view), not the others
            texts += [(label, id(axis)) for label in _tick_labels_in_view(axis)]
            texts += [(axis.label, None), (axis.offsetText, None)]
        texts += [(t, None) for t in _axes_texts(ax)]
        legend = ax.get_legend()
        if legend is not None and legend.get_visible():
            texts += [(t, None) for t in (*legend.get_texts(), legend.get_title())]
    boxes, seen = [], set()
    for t, group in texts:
        if id(t) in seen or not (t.get_visible() and t.get_text().strip()) or t.get_alpha() == 0:
            continue
        seen.add(id(t))
        try:
            boxes.append((t.get_window_extent(renderer), group))
        except (RuntimeError, ValueError):
            continue
    for i, (a, ga) in enumerate(boxes):
        for b, gb in boxes[i + 1:]:
            if ga is not None and ga == gb:
                continue
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > 0 and h > 0 and w * h > 0.25 * min(a.width * a.height, b.width * b.height):
                return True
    return False


def _wrappable(fig) -> list:
    """The figure's titles, x-axis labels and free texts (not legends or ticks: matplotlib wraps
    only text placed directly on the figure or an axes; a y-axis label is vertical)."""
    out = list(fig.texts)   # the suptitle and sup-labels are among them
    for ax in fig.axes:
        out += [*_axes_titles(ax), ax.xaxis.label]
    return out


def _axes_titles(ax) -> list:
    """An axes' three titles (left, centre, right): its text children that are not its free
    texts (a free text may sit at a date, which matplotlib cannot wrap)."""
    return [t for t in _axes_texts(ax) if t not in ax.texts]


def _axes_texts(ax) -> list:
    """An axes' three titles (left, centre, right) and its free texts: its children that are
    texts (its axis labels and tick labels belong to its axes, not to it)."""
    from matplotlib.text import Text

    return [c for c in ax.get_children() if isinstance(c, Text)]


def _tick_labels_in_view(axis) -> list:
    """The major tick labels an axis draws: visible, at a tick inside its view."""
    lo, hi = sorted(axis.get_view_interval())
    eps = 1e-9 * max(1.0, abs(lo), abs(hi))
    axis.get_majorticklabels()          # the ticks updated to the view
    return [tick.label1 for tick in axis.get_major_ticks(len(axis.get_majorticklocs()))
            if lo - eps <= tick.get_loc() <= hi + eps and tick.label1.get_visible()]


def svg_width_in(svg: bytes) -> float:
    """The width of an SVG drawn by matplotlib, in inches (its ``width="…pt"`` / 72 pt per in);
    :data:`PHONE_WIDTH_IN` when it states none."""
    import re

    if not isinstance(svg, (bytes, bytearray)):
        raise TypeError(f"svg must be the SVG file's bytes, got {type(svg).__name__}")
    match = re.search(rb'<svg[^>]*\swidth="([0-9.]+)pt"', svg)
    return float(match.group(1)) / 72 if match else PHONE_WIDTH_IN


def save_phone_rendition(fig, png) -> None:
    """In the book build (:data:`PHONE_DIR_ENV` set): store ``fig``'s phone rendition under the
    SHA-256 of its desktop ``png`` (bytes, or base64 text as IPython gives it), the name the
    build gives that image, so the page can offer it to phones. Otherwise do nothing."""
    import base64
    import hashlib
    import os
    from pathlib import Path

    _check_figure_type(fig)
    if not isinstance(png, (bytes, bytearray, str)):
        raise TypeError(f"png must be the PNG as bytes or base64 text, got {type(png).__name__}")
    try:
        data = base64.b64decode(png, validate=True) if isinstance(png, str) else bytes(png)
    except ValueError:
        data = b""
    if not data.startswith(b"\x89PNG"):
        raise ValueError(f"png must be a PNG image (bytes, or base64 text as IPython gives it), "
                         f"got {str(png)[:20]!r}")
    folder = os.environ.get(PHONE_DIR_ENV)
    if not folder:
        return
    target = Path(folder) / f"{hashlib.sha256(data).hexdigest()}.svg"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(phone_rendition(fig))


def _install_phone_hook() -> None:
    """In the book build, every figure IPython displays as PNG is drawn for phones too."""
    import os

    if not os.environ.get(PHONE_DIR_ENV):
        return
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    # matplotlib loads its backend when the first figure is made, and the inline backend sets
    # IPython's PNG formatter as it loads: load it now, so that formatter is the one wrapped here
    try:
        import matplotlib_inline.backend_inline  # noqa: F401
    except ImportError:
        pass
    png = shell.display_formatter.formatters["image/png"]
    try:
        original = png.lookup_by_type(plt.Figure)
    except KeyError:
        return
    if original in _PHONE_FORMATTERS:      # wrapped already
        return

    def with_phone(fig, *args, **kwargs):
        data = original(fig, *args, **kwargs)
        if data:
            save_phone_rendition(fig, data)
        return data

    _PHONE_FORMATTERS.append(with_phone)
    png.for_type(plt.Figure, with_phone)


#: The PNG formatters that also draw the phone rendition (installed by the function above).
_PHONE_FORMATTERS: list = []


class InlineFigure:
    """A figure as an inline SVG for another page of the book (glued, pasted with
    ``{glue:any}``): its phone rendition (text as text, at least 9 pt at 4 in), which reads the
    same on a phone and, at most 30em wide, on a desktop; ``alt`` is its accessible name. The
    matplotlib figure is closed (it is shown on the other page, not in this cell)."""

    def __init__(self, fig, alt: str) -> None:
        import html
        import re

        _check_figure_type(fig)
        if not isinstance(alt, str):
            raise TypeError(f"alt must be a string, got {type(alt).__name__}")
        if not alt.strip():
            raise ValueError("alt must describe the figure for screen readers, got an empty string")
        try:
            svg = phone_rendition(fig).decode("utf-8")
        finally:
            plt.close(fig)
        svg = svg[svg.index("<svg"):]
        svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
        svg = re.sub(r'<style type="text/css">.*?</style>', "", svg, flags=re.S)  # page-wide
        label = html.escape(alt, quote=True)
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" '
                          'class="levtoken-inline-svg" ', 1)
        # its width on a phone: 358 CSS px for 4 in, wider (scrolling sideways) if drawn wider
        phone_px = svg_width_in(svg.encode()) * 72 * 358 / 288
        self.html = (f'<div class="levtoken-inline-figure" '
                     f'style="--levtoken-phone-width: {phone_px:.0f}px">{svg}</div>')
        self.alt = alt

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<figure: {self.alt}>"
