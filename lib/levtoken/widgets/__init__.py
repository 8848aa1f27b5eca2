"""ipywidgets panels, one module per chapter topic (``basics``, ``rebalancing``, …).

ipywidgets is imported here and in the panel modules only, so ``import levtoken`` works without
it. Each panel module keeps three kinds of plain functions that tests can call with the panel's
default values: ``compute_*`` (numbers), ``draw_*`` (a matplotlib figure) and ``*_panel`` (the
widget). Many modules also have ``*_explorer``: the precomputed Plotly figure that works in the
static HTML book (see :mod:`levtoken.interactive`).

:func:`live_panel` is the one way a panel is put together: controls on top, a note saying it
needs a running Python, and an output area redrawn on every change.
"""

from __future__ import annotations

from typing import Callable, Mapping

import base64
import html
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.core.interactiveshell import InteractiveShell

LIVE_NOTE = (
    '<div class="levtoken-live-note"><b>Live panel</b>: runs Python, so it responds in Jupyter or '
    'Binder (any value you like). In the web page its controls stay at their defaults; the '
    'interactive figure above works there.</div>'
)


def figure_output(fig: plt.Figure, alt: str) -> dict:
    """A display_data output holding ``fig`` as a PNG with alt text (and closes the figure).

    The PNG is wrapped in an ``<img alt=…>`` so that the embedded widget in the static page is
    described for screen readers too; ``image/png`` is kept for front ends without HTML.
    """
    buf = io.BytesIO()
    # Fast PNG compression: encoding at the default level is a fifth of a redraw's time.
    fig.savefig(buf, format="png", pil_kwargs={"compress_level": 1})
    plt.close(fig)
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    img = f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{png}"/>'
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": img, "image/png": png, "text/plain": alt}}


def _describe(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else str(value)


def live_panel(controls: Mapping[str, widgets.Widget], draw: Callable[..., object],
               title: str) -> widgets.VBox:
    """Assemble a panel: ``draw(**values)`` returns a matplotlib Figure or any displayable.

    The panel draws its default view once when built (so the static page embeds it) and redraws
    on every control change by replacing the output area's content in one step (no kernel
    needed, so tests can call it). ``panel.redraw()`` redraws on demand (used by the benchmark),
    ``panel.controls`` maps names to the control widgets.
    """
    out = widgets.Output(layout=widgets.Layout(min_height="300px"))

    def redraw(_change=None):
        values = {name: ctrl.value for name, ctrl in controls.items()}
        result = draw(**values)
        if isinstance(result, plt.Figure):
            alt = f"{title}: " + ", ".join(f"{k} = {_describe(v)}" for k, v in values.items())
            output = figure_output(result, alt)
        else:
            data, metadata = InteractiveShell.instance().display_formatter.format(result)
            output = {"output_type": "display_data", "data": data, "metadata": metadata}
        out.outputs = (output,)

    for ctrl in controls.values():
        ctrl.observe(redraw, names="value")
    header = widgets.HTML(f"<h4 style='margin:0'>{title}</h4>{LIVE_NOTE}")
    box = widgets.VBox([header, widgets.HBox(list(controls.values()),
                                             layout=widgets.Layout(flex_flow="row wrap")), out])
    box.redraw = redraw
    box.controls = dict(controls)
    box.output = out
    redraw()
    return box


def slider(description: str, value: float, min: float, max: float, step: float,
           fmt: str = ".2f", percent: bool = False) -> widgets.FloatSlider:
    """A float slider limited to the valid range of the parameter it sets."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step,
                               description=description, readout_format=".0%" if percent else fmt,
                               continuous_update=False, style={"description_width": "initial"},
                               layout=widgets.Layout(width="330px"))
