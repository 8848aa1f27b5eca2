"""ipywidgets panels, one module per chapter topic (``basics``, ``rebalancing``, …).

ipywidgets is imported here and in the panel modules only, so ``import levtoken`` works without
it. Each panel module keeps three kinds of plain functions that tests can call with the panel's
default values: ``compute_*`` (numbers), ``draw_*`` (a matplotlib figure) and ``*_panel`` (the
widget). Many modules also have ``*_explorer``: the precomputed Plotly figure that works in the
static HTML book (see :mod:`levtoken_book.explorers`).

:func:`live_panel` is the one way a panel is put together: controls on top, a note saying it
needs a running Python, and an output area redrawn on every change.

Honest controls in the web page. A static page cannot run Python, so a control there would look
alive and do nothing. Every panel therefore also carries a *static note* (hidden in Jupyter) that
states the values its figure shows and links to the notebook on Binder. When the book is built,
:mod:`levtoken_book.sphinxext.static_panels` rewrites the page's embedded widget state: the controls row is
hidden and every control disabled, the static note is shown, and its Binder link is filled in from
the repository settings of ``_config.yml``. In Jupyter and on Binder nothing of this applies: the
controls stay live and the static note stays hidden.
"""

from __future__ import annotations

from typing import Callable, Mapping

import base64
import html
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.core.interactiveshell import InteractiveShell

from levtoken.validation import (MAX_LEVERAGE, InvalidTypeError, format_value, check_bool, check_finite,
                          check_leverage, check_range)
# The classes and attributes that levtoken_book.sphinxext.static_panels looks for in the embedded
# widget state: one home, shared with the extension. The static note's launch link carries
# BINDER_LINK_ATTR; the build replaces its href="#" with the notebook's Binder URL.
from levtoken_book.markup import (BINDER_LINK_ATTR, CONTROLS_CLASS, PANEL_CLASS, PANEL_TITLE_ATTR,
                                  STATIC_NOTE_CLASS)

from ..plots import save_phone_rendition

LIVE_NOTE = (
    '<div class="levtoken-live-note"><b>Live panel</b>: its controls run Python, so they respond '
    'in Jupyter or on Binder (any value you like). The interactive figure above works in the web '
    'page too.</div>'
)


def render_png(fig: plt.Figure) -> bytes:
    """Render ``fig`` to PNG bytes at ``savefig.dpi``, as ``fig.savefig`` would, only faster.

    Pixel for pixel the same image as ``savefig(format="png")`` (tested); the speed comes from
    a fast PNG compression level (encoding at the default level is a fifth of a redraw). The
    figure's own dpi is left as it was.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    _check_figure(fig)
    dpi = plt.rcParams["savefig.dpi"]
    dpi = fig.dpi if dpi == "figure" else float(dpi)
    original_dpi = fig.dpi
    fig.set_dpi(dpi)
    try:
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
    finally:
        fig.set_dpi(original_dpi)
    return buf.getvalue()


def figure_output(fig: plt.Figure, alt: str) -> dict:
    """A display_data output holding ``fig`` as a PNG with alt text (and closes the figure).

    The PNG is wrapped in an ``<img alt=…>`` so that the embedded widget in the static page is
    described for screen readers too; ``image/png`` is kept for front ends without HTML.
    """
    _check_figure(fig)
    _check_text(alt, "alt")
    raw = render_png(fig)
    save_phone_rendition(fig, raw)   # in the book build only: the figure drawn for phones too
    png = base64.b64encode(raw).decode("ascii")
    plt.close(fig)
    img = f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{png}"/>'
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": img, "image/png": png, "text/plain": alt}}


def _check_figure(fig) -> None:
    if not isinstance(fig, plt.Figure):
        raise InvalidTypeError(f"fig must be a matplotlib Figure, got {format_value(fig)} of type "
                               f"{type(fig).__name__}")


def _check_text(value, name: str) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(f"{name} must be a string, got {format_value(value)} of type "
                               f"{type(value).__name__}")


def _check_format(fmt, name: str) -> None:
    """A d3/Python number format for a slider's readout (``".2f"``, ``".0%"``)."""
    from ipywidgets.widgets.trait_types import NumberFormat
    from traitlets import TraitError

    _check_text(fmt, name)
    try:
        NumberFormat().validate(None, fmt)
    except TraitError:
        raise ValueError(f"{name} must be a number format such as '.2f' or '.0%', "
                         f"got {format_value(fmt)}") from None


def _check_controls(controls) -> None:
    if not isinstance(controls, Mapping) or not all(
            isinstance(k, str) and isinstance(c, widgets.ValueWidget) for k, c in controls.items()):
        raise InvalidTypeError(f"controls must be a mapping of name to ipywidgets control, got "
                               f"{format_value(controls)} of type {type(controls).__name__}")


def _describe(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else str(value)


#: Controls that offer labelled options.
_CHOICES = (widgets.Dropdown, widgets.SelectionSlider, widgets.ToggleButtons, widgets.RadioButtons,
            widgets.Select)


def _shown(ctrl: widgets.Widget) -> str:
    """A control's value as its own readout shows it (``+3x``, ``80%``, ``1 year``; a checkbox
    ``on`` or ``off``)."""
    if isinstance(ctrl, _CHOICES) and ctrl.index is not None:
        option = ctrl.options[ctrl.index]      # (its ``label`` stays empty at index 0)
        return str(option[0] if isinstance(option, tuple) else option)
    if isinstance(ctrl, widgets.Checkbox):
        return "on" if ctrl.value else "off"
    fmt = getattr(ctrl, "readout_format", None)
    if fmt:
        try:
            return format(ctrl.value, fmt)
        except (TypeError, ValueError):
            pass
    return _describe(ctrl.value)


def static_note_html(controls: Mapping[str, widgets.Widget]) -> str:
    """The line that replaces the controls in the static web page: the values shown, a Binder link.

    The link's ``href`` is ``#`` until the book build fills in the notebook's Binder URL.
    """
    _check_controls(controls)
    values = html.escape(describe_values(controls))
    return (f'<p class="levtoken-static-values"><b>Values shown:</b> {values}. '
            f'The controls need a running Python, so this web page shows them fixed. '
            f'<a class="levtoken-binder-link" {BINDER_LINK_ATTR}="1" href="#">'
            f'Launch this notebook on Binder to change them</a> (opens JupyterLab in your '
            f'browser, no install; the first start can take a few minutes).</p>')


def describe_values(controls: Mapping[str, widgets.Widget]) -> str:
    """The controls' values as the reader sees them: ``leverage L = +3x; fee per day = 0.03%``
    (each control's description and readout, never a parameter name or an internal key)."""
    _check_controls(controls)
    return "; ".join(f"{ctrl.description or name} = {_shown(ctrl)}"
                     for name, ctrl in controls.items())


def live_panel(controls: Mapping[str, widgets.Widget], draw: Callable[..., object],
               title: str, busy: str | None = None) -> widgets.VBox:
    """Assemble a panel: ``draw(**values)`` returns a matplotlib Figure or any displayable.

    The panel draws its default view once when built (so the static page embeds it) and redraws
    on every control change by replacing the output area's content in one step (no kernel
    needed, so tests can call it). ``panel.redraw()`` redraws on demand (used by the benchmark),
    ``panel.controls`` maps names to the control widgets. ``draw`` may return the same Figure
    every time, updated in place (faster than building a new one); it is not closed then if
    pyplot does not manage it.

    ``busy``: for a panel whose new settings take a while (a simulation), a line shown above the
    figure while it redraws (``panel.status``); empty otherwise.
    """
    _check_controls(controls)
    if not callable(draw):
        raise InvalidTypeError(f"draw must be a callable draw(**values), got {format_value(draw)} of type "
                               f"{type(draw).__name__}")
    _check_text(title, "title")
    if busy is not None:
        _check_text(busy, "busy")
    out = widgets.Output(layout=widgets.Layout(min_height="300px"))
    status = widgets.HTML("")
    # Hidden in Jupyter; the book build shows it in the static page in place of the controls.
    static_note = widgets.HTML(layout=widgets.Layout(display="none"))
    static_note.add_class(STATIC_NOTE_CLASS)

    def redraw(_change=None):
        values = {name: ctrl.value for name, ctrl in controls.items()}
        if busy is not None:
            status.value = f'<span class="levtoken-live-busy">{html.escape(busy)}</span>'
        try:
            result = draw(**values)
        finally:
            status.value = ""
        if isinstance(result, plt.Figure):
            output = figure_output(result, f"{title}: {describe_values(controls)}")
        else:
            data, metadata = InteractiveShell.instance().display_formatter.format(result)
            output = {"output_type": "display_data", "data": data, "metadata": metadata}
        out.outputs = (output,)
        static_note.value = static_note_html(controls)

    for ctrl in controls.values():
        ctrl.observe(redraw, names="value")
    header = widgets.HTML(f"<h4 {PANEL_TITLE_ATTR}=\"1\" style='margin:0'>{title}</h4>{LIVE_NOTE}")
    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
    row.add_class(CONTROLS_CLASS)
    box = widgets.VBox([header, row, static_note, status, out])
    box.add_class(PANEL_CLASS)
    box.redraw = redraw
    box.controls = dict(controls)
    box.output = out
    box.static_note = static_note
    box.status = status
    redraw()
    return box


def slider(description: str, value: float, min: float, max: float, step: float,
           fmt: str = ".2f", percent: bool = False) -> widgets.FloatSlider:
    """A float slider limited to the valid range of the parameter it sets.

    ``min < max`` (finite), ``value`` in ``[min, max]``, ``step`` in ``(0, max - min]``; ``fmt`` a
    format spec for the readout (``".0%"`` if ``percent``).
    """
    _check_text(description, "description")
    lo, hi = check_finite(min, "min"), check_finite(max, "max")
    if not lo < hi:
        raise ValueError(f"min must be < max, got min={format_value(lo)}, max={format_value(hi)}")
    check_range(value, "value", lo, hi)
    check_range(step, "step", 0.0, hi - lo, low_open=True)
    _check_format(fmt, "fmt")
    check_bool(percent, "percent")
    return widgets.FloatSlider(value=value, min=min, max=max, step=step,
                               description=description, readout_format=".0%" if percent else fmt,
                               continuous_update=False, style={"description_width": "initial"},
                               layout=widgets.Layout(width="330px"))


def leverage_slider(value: float, min: float, max: float, step: float = 0.5,
                    description: str = "leverage L") -> widgets.SelectionSlider:
    """A leverage slider that offers only valid leverages: the grid from ``min`` to ``max`` in
    ``step``, without 0 (a token needs a non-zero leverage); ``min < max`` in
    ``[-MAX_LEVERAGE, MAX_LEVERAGE]``, ``step`` in ``[0.01, max - min]``."""
    min = check_range(min, "min", -MAX_LEVERAGE, MAX_LEVERAGE)
    max = check_range(max, "max", -MAX_LEVERAGE, MAX_LEVERAGE)
    if not min < max:
        raise ValueError(f"min must be < max, got min={format_value(min)}, max={format_value(max)}")
    step = check_range(step, "step", 0.01, max - min)
    value = check_leverage(value, "value")
    _check_text(description, "description")
    n = int(round((max - min) / step))
    values = [round(min + i * step, 10) for i in range(n + 1)]
    values = [v for v in values if v != 0]
    if value not in values:
        raise ValueError(f"value must be one of the slider's leverages from min={min:g} to "
                         f"max={max:g} in step={step:g} {values}, got {value:g}")
    return widgets.SelectionSlider(options=[(f"{v:+g}x", v) for v in values], value=value,
                                   description=description, continuous_update=False,
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="330px"))
