"""Interactive figures that work in the static HTML book: no kernel, no network.

A static page cannot re-run Python, so the book precomputes: every chapter's main interactive
figure is a Plotly figure holding one set of traces per value of its control, and a slider that
switches which set is visible (``layout.sliders`` steps with ``method: "update"``). The page
loads Plotly's cartesian bundle from the book itself (``levtoken_book.sphinxext.offline_assets``).

In Jupyter and Binder the same object renders through Plotly's own JupyterLab renderer (the
``application/vnd.plotly.v1+json`` output), so it works there too. The ipywidgets panels in
:mod:`levtoken_book.panels` remain the tool for any value, not just the precomputed grid.

Usage in a chapter::

    steps = [SliderStep(label=f"{lev:g}x", traces=[...], title="...") for lev in grid]
    fig = slider_figure(steps, slider_label="Leverage: ", active=2, layout=dict(...))
    StaticExplorer(fig, name="ch1-payoff", alt="...")      # last line of the cell
"""

from __future__ import annotations

import html
import json
import numbers
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from .markup import EXPLORER_CLASS, FIGURE_JSON_CLASS
from .plots import COLORS
from levtoken.validation import InvalidTypeError, format_value

__all__ = ["SliderStep", "slider_figure", "StaticExplorer", "COLORS"]

#: ``layout.meta[CONTROLS_META]``: the figure's builder names its controls (see StaticExplorer).
CONTROLS_META = "levtoken_controls"
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")

BASE_LAYOUT = dict(
    template="plotly_white",
    paper_bgcolor="white",
    plot_bgcolor="white",
    font=dict(family="Arial, sans-serif", size=13, color="#222222"),
    margin=dict(l=70, r=30, t=70, b=40),
    height=480,
    legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
)


@dataclass(frozen=True)
class SliderStep:
    """One position of a slider: its label, the traces shown there and an optional title."""

    label: str
    traces: Sequence[Any]
    title: str | None = None
    layout: dict = field(default_factory=dict)


def slider_figure(steps: Sequence[SliderStep], slider_label: str, active: int = 0,
                  layout: dict | None = None):
    """Build a Plotly figure whose slider switches between precomputed sets of traces.

    Every step must have the same number of traces (so a reader sees the same legend at every
    position). ``layout`` updates :data:`BASE_LAYOUT`; a step's ``layout`` dict (e.g. axis ranges
    or annotations) is applied when the slider reaches it.
    """
    import plotly.graph_objects as go

    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence) or not all(
            isinstance(s, SliderStep) for s in steps):
        raise InvalidTypeError(f"steps must be a sequence of SliderStep, got {format_value(steps)} of type "
                               f"{type(steps).__name__}")
    if not steps:
        raise ValueError("steps must hold at least one SliderStep, got 0")
    if not isinstance(slider_label, str):
        raise InvalidTypeError(f"slider_label must be a string, got {format_value(slider_label)} of type "
                               f"{type(slider_label).__name__}")
    if layout is not None and not isinstance(layout, dict):
        raise InvalidTypeError(f"layout must be None or a dict of Plotly layout settings, got "
                               f"{format_value(layout)} of type {type(layout).__name__}")
    n = len(steps[0].traces)
    if any(len(s.traces) != n for s in steps):
        raise ValueError("every SliderStep must have the same number of traces")
    if isinstance(active, bool) or not isinstance(active, numbers.Integral):
        raise InvalidTypeError(f"active must be an integer in [0, {len(steps) - 1}], got "
                               f"{format_value(active)} of type {type(active).__name__}")
    if not 0 <= active < len(steps):
        raise ValueError(f"active must be in [0, {len(steps) - 1}], got {format_value(active)}")
    active = int(active)
    fig = go.Figure()
    for i, step in enumerate(steps):
        for tr in step.traces:
            tr.visible = i == active
            fig.add_trace(tr)
    slider_steps = []
    for i, step in enumerate(steps):
        visible = [j // n == i for j in range(n * len(steps))]
        relayout = dict(step.layout)
        if step.title is not None:
            relayout["title.text"] = step.title
        slider_steps.append(dict(method="update", label=step.label,
                                 args=[{"visible": visible}, relayout]))
    lay = {**BASE_LAYOUT, **(layout or {})}
    fig.update_layout(**lay)
    if steps[active].title is not None:
        fig.update_layout(title=dict(text=steps[active].title, x=0, xanchor="left"))
    if fig.layout.title.y is None:
        # a title of two or three lines grows down from the top of the figure, not from the
        # middle of the top margin, so it never runs into a legend placed above the plot
        fig.update_layout(title=dict(y=1, yref="container", yanchor="top", pad=dict(t=10)))
    if steps[active].layout:
        fig.update_layout(steps[active].layout)
    fig.update_layout(sliders=[dict(active=active, steps=slider_steps, pad=dict(t=50),
                                    currentvalue=dict(prefix=slider_label))])
    return fig


class StaticExplorer:
    """Display a precomputed Plotly figure so that it works in the HTML book and in Jupyter.

    * HTML book: a ``<figure>`` with an accessible label, a labelled native range input that
      moves the same precomputed steps from the keyboard and by touch (Plotly's SVG slider cannot
      take focus; ``book/_static/levtoken-explorer.js`` wires it), the figure's ``<div>`` with a
      stable id (same build, same page), its JSON, and a caption; the page loads Plotly.
    * JupyterLab / Binder: the Plotly JSON output, drawn by Plotly's JupyterLab renderer.
    """

    def __init__(self, fig, name: str, alt: str, caption: str | None = None, controls=None):
        if not (hasattr(fig, "to_html") and hasattr(fig, "to_json")):
            raise TypeError(f"fig must be a Plotly figure, got {type(fig).__name__}")
        for label, value in (("name", name), ("alt", alt)):
            if not isinstance(value, str):
                raise TypeError(f"{label} must be a string, got {value!r} of type {type(value).__name__}")
        if caption is not None and not isinstance(caption, str):
            raise TypeError(f"caption must be a string or None, got {type(caption).__name__}")
        if not _NAME_RE.match(name):
            raise ValueError(f"name must be lowercase letters, digits and '-', got {name!r}")
        if not alt.strip():
            raise ValueError("alt must describe the figure for screen readers, got an empty string")
        self.fig, self.name, self.alt = fig, name, alt
        self.caption = caption
        meta = fig.layout.meta if hasattr(fig, "layout") else None
        if controls is None and isinstance(meta, dict):  # set by the figure's builder
            controls = meta.get(CONTROLS_META)
        self.controls = self._check_controls(controls)

    def _check_controls(self, controls):
        """``controls``: None (one slider over the steps) or ``[(label, [option, ...]), ...]``,
        two or more controls whose options multiply to the number of steps, the first varying
        fastest (step = i0 + n0 * (i1 + n1 * ...)): the page shows one labelled slider each."""
        if controls is None:
            return None
        n_steps = len(self.fig.layout.sliders[0].steps) if self.fig.layout.sliders else 0
        ok = (isinstance(controls, (list, tuple)) and len(controls) >= 2 and all(
            isinstance(c, (list, tuple)) and len(c) == 2 and isinstance(c[0], str)
            and isinstance(c[1], (list, tuple)) and c[1] and all(isinstance(o, str) for o in c[1])
            for c in controls))
        if not ok:
            raise TypeError("controls must be None or a list of two or more (label, [option "
                            f"labels]) pairs, got {controls!r}")
        total = 1
        for _, options in controls:
            total *= len(options)
        if total != n_steps:
            raise ValueError(f"controls must multiply to the figure's {n_steps} slider steps, "
                             f"got {' x '.join(str(len(o)) for _, o in controls)} = {total}")
        return [(label, list(options)) for label, options in controls]

    #: Plotly config of the book's figures: no mode bar, no scroll or drag zoom (a swipe over a
    #: figure scrolls the page), resized with its column.
    CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True,
              "scrollZoom": False, "typesetMath": False}

    def to_html(self) -> str:
        """The figure as the static page shows it.

        The figure's JSON travels in a ``<script type="application/json">`` next to its
        ``<div>``; ``book/_static/levtoken-explorer.js`` (loaded with ``defer`` after Plotly,
        so neither blocks the first paint) draws it, fits it to narrow screens and the dark theme.
        """
        div_id = f"explorer-{self.name}"
        height = self.fig.layout.height or 480
        fig = json.loads(self.fig.to_json())
        data = json.dumps({"data": fig["data"], "layout": fig["layout"], "config": self.CONFIG},
                          separators=(",", ":"))
        data = data.replace("</", "<\\/")
        div = (f'<div id="{div_id}" class="plotly-graph-div levtoken-plot" '
               f'style="height:{height}px; width:100%;"></div>'
               f'<script type="application/json" class="{FIGURE_JSON_CLASS}" '
               f'data-for="{div_id}">{data}</script>')
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (f'<figure class="{EXPLORER_CLASS}" data-explorer="{self.name}" '
                f'aria-label="{html.escape(self.alt, quote=True)}">'
                f'<div class="levtoken-explorer-badge">Interactive figure: works in this page, '
                f'no Python needed</div>{self._keyboard_control()}{div}{caption}</figure>')

    def _keyboard_control(self) -> str:
        """Labelled native range inputs over the same precomputed steps as the Plotly slider.

        Plotly's slider is SVG and cannot take keyboard focus; ``book/_static/levtoken-explorer.js``
        makes the input apply the step's update (arrow keys, Home/End, touch) and follow the
        Plotly slider. With ``controls``, one labelled drop-down list per control, its options
        named (an issuer, a regime: a choice among names, not a position on a scale;
        ``data-stride``: how many steps one of its options spans); the page then hides Plotly's
        combined slider. Empty when the figure has no slider.
        """
        sliders = self.fig.layout.sliders
        if not sliders:
            return ""
        slider = sliders[0]
        active = int(slider.active or 0)
        if self.controls is None:
            labels = [str(step.label) for step in slider.steps]
            prefix = (slider.currentvalue.prefix or "Position: ").strip().rstrip(":")
            return self._range(f"explorer-{self.name}-range", prefix, labels, active,
                               stride=None, hint=True)
        out, stride = [], 1
        for k, (label, options) in enumerate(self.controls):
            pos = (active // stride) % len(options)
            out.append(self._select(f"explorer-{self.name}-range-{k}", label, options, pos, stride))
            stride *= len(options)
        return "".join(out)

    @staticmethod
    def _range(rid: str, label: str, labels: list[str], value: int, stride,
               hint: bool = False) -> str:
        """One labelled range input; ``hint``: the label tells keyboard users the arrow keys
        move it (``levtoken.css`` hides the hint on touch screens)."""
        current = html.escape(labels[value], quote=True)
        keys = ' <span class="levtoken-keyboard-hint">(keyboard: arrow keys)</span>' if hint else ""
        extra = "" if stride is None else (
            f' data-stride="{stride}" data-labels="{html.escape(json.dumps(labels), quote=True)}"')
        return (f'<div class="levtoken-explorer-keys">'
                f'<label for="{rid}">{html.escape(label)}{keys}</label> '
                f'<input type="range" class="levtoken-explorer-range" id="{rid}" min="0" '
                f'max="{len(labels) - 1}" step="1" value="{value}" aria-valuetext="{current}"'
                f'{extra}> '
                f'<output class="levtoken-explorer-value" for="{rid}">{html.escape(labels[value])}'
                f'</output></div>')

    @staticmethod
    def _select(rid: str, label: str, labels: list[str], value: int, stride: int) -> str:
        options = "".join(f'<option value="{i}"{" selected" if i == value else ""}>'
                          f'{html.escape(text)}</option>' for i, text in enumerate(labels))
        return (f'<div class="levtoken-explorer-keys">'
                f'<label for="{rid}">{html.escape(label)}</label> '
                f'<select class="levtoken-explorer-range levtoken-explorer-select" id="{rid}" '
                f'data-stride="{stride}" '
                f'data-labels="{html.escape(json.dumps(labels), quote=True)}">{options}</select>'
                f'</div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "application/vnd.plotly.v1+json": json.loads(self.fig.to_json()),
            "text/html": self.to_html(),
            "text/plain": f"<interactive figure {self.name}: {self.alt}>",
        }
