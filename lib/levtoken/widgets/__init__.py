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

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

LIVE_NOTE = (
    '<div class="levtoken-live-note"><b>Live panel</b>: runs Python, so it responds in Jupyter or '
    'Binder (any value you like). In the web page its controls stay at their defaults; the '
    'interactive figure above works there.</div>'
)


def live_panel(controls: Mapping[str, widgets.Widget], draw: Callable[..., object],
               title: str) -> widgets.VBox:
    """Assemble a panel: ``draw(**values)`` returns a matplotlib Figure or any displayable.

    The panel draws its default view once when built (so the static page embeds it) and redraws
    on every control change. ``panel.redraw()`` redraws on demand (used by the benchmark).
    """
    out = widgets.Output(layout=widgets.Layout(min_height="300px"))

    def redraw(_change=None):
        values = {name: ctrl.value for name, ctrl in controls.items()}
        result = draw(**values)
        with out:
            out.clear_output(wait=True)
            display(result)
        if isinstance(result, plt.Figure):
            plt.close(result)

    for ctrl in controls.values():
        ctrl.observe(redraw, names="value")
    header = widgets.HTML(f"<h4 style='margin:0'>{title}</h4>{LIVE_NOTE}")
    box = widgets.VBox([header, widgets.HBox(list(controls.values()),
                                             layout=widgets.Layout(flex_flow="row wrap")), out])
    box.redraw = redraw
    box.controls = dict(controls)
    redraw()
    return box


def slider(description: str, value: float, min: float, max: float, step: float,
           fmt: str = ".2f", percent: bool = False) -> widgets.FloatSlider:
    """A float slider limited to the valid range of the parameter it sets."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step,
                               description=description, readout_format=".0%" if percent else fmt,
                               continuous_update=False, style={"description_width": "initial"},
                               layout=widgets.Layout(width="330px"))
