"""Sphinx extension: nothing in a page's ``<head>`` waits for a script, and a page loads only the
style sheets it uses.

A phone on a slow network (Lighthouse's mobile preset: 150 ms round trips, 1.6 Mbit/s, a 4x
slower CPU) paints nothing until every script and style sheet of the ``<head>`` has arrived. The
toolchain's scripts (Sphinx's documentation_options.js, doctools.js and sphinx_highlight.js,
sphinx-copybutton, sphinx-togglebutton, sphinx-design's tabs, sphinx-book-theme's script) wait for
the page to be parsed before they do anything, so they can run after it: each file script gets
``defer`` (deferred scripts run in the order of the page, before ``DOMContentLoaded``, as they
did). An inline script that assigns to ``DOCUMENTATION_OPTIONS`` needs documentation_options.js
to have run, so it becomes a module script, which runs in that same order. Other inline scripts
(the theme's colour mode, the toggle button's settings, MathJax's configuration) stay as they are:
they define settings the deferred scripts read later.

Style sheets a page does not use are left out: sphinx-thebe's (Thebe is off), sphinx-exercise's
on a page without an exercise, sphinx-design's without a design element, sphinx-togglebutton's
without a folded part, sphinx-copybutton's and Pygments' without a code block.

An interactive figure's data (every step of its slider, up to 700 kB in chapter 9) leaves the
page: the page is text, drawn first, and the data is a script file of its own,
``_images/levtoken-figure-<hash>.js``, that ``levtoken-explorer.js`` loads when the figure nears
the screen (a script, not a fetch, so the book also works opened from disk).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sphinx.application import Sphinx

FIGURE_JSON_RE = re.compile(r'<script type="application/json" class="levtoken-figure-json" '
                            r'data-for="([^"]+)">(.*?)</script>', re.S)

#: (style sheet, a mark of its use in the page's body; None: never used)
STYLE_SHEETS = [
    ("sphinx-thebe.css", None),
    ("exercise.css", ("exercise", "solution")),
    ("sphinx-design.min.css", ('class="sd-', " sd-")),
    ("togglebutton.css", ("toggle", "dropdown")),
    ("copybutton.css", ('class="highlight',)),
    ("pygments.css", ('class="highlight',)),
]


def _name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def defer_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every file script of the page ``defer`` (unless async); DOCUMENTATION_OPTIONS lines a module."""
    scripts = context.get("script_files")
    if app.builder.format != "html" or not isinstance(scripts, list):
        return
    out = []
    for js in scripts:
        attrs = dict(getattr(js, "attributes", {}))
        name = _name(js)
        if name and not ({"async", "defer"} & set(attrs)) and attrs.get("type") in (None, "",
                                                                                    "text/javascript"):
            attrs["defer"] = "defer"
            js = type(js)(js.filename, priority=js.priority, **attrs)
        elif not name and str(attrs.get("body", "")).lstrip().startswith("DOCUMENTATION_OPTIONS."):
            attrs["type"] = "module"
            js = type(js)(js.filename, priority=js.priority, **attrs)
        out.append(js)
    scripts[:] = out


def prune_style_sheets(app: Sphinx, pagename: str, templatename: str, context: dict,
                       doctree) -> None:
    """Leave out the style sheets of :data:`STYLE_SHEETS` that the page's body does not use."""
    sheets = context.get("css_files")
    if app.builder.format != "html" or not isinstance(sheets, list) or pagename == "search":
        return
    body = context.get("body") or ""

    def used(css) -> bool:
        for sheet, marks in STYLE_SHEETS:
            if _name(css).split("?")[0].endswith(sheet):
                return marks is not None and any(m in body for m in marks)
        return True

    sheets[:] = [css for css in sheets if used(css)]


def external_figure_data(app: Sphinx, pagename: str, templatename: str, context: dict,
                         doctree) -> None:
    """Move each interactive figure's JSON out of the page, into a script file it loads."""
    body = context.get("body")
    if app.builder.format != "html" or not body or "levtoken-figure-json" not in body:
        return
    images = Path(app.outdir) / "_images"

    def move(m: re.Match) -> str:
        div_id, data = m.group(1), m.group(2)
        name = f"levtoken-figure-{hashlib.sha1(data.encode()).hexdigest()[:16]}.js"
        images.mkdir(parents=True, exist_ok=True)
        target = images / name
        if not target.exists():
            target.write_text(f"(window.levtokenFigures = window.levtokenFigures || {{}})"
                              f"[{div_id!r}] = {data};\n", encoding="utf-8")
        src = context["pathto"](f"_images/{name}", 1)
        return (f'<script type="application/json" class="levtoken-figure-json" '
                f'data-for="{div_id}" data-src="{src}"></script>')

    context["body"] = FIGURE_JSON_RE.sub(move, body)
