"""Sphinx extension: serve every script the book's pages need from the book itself.

A reader on a plane must see the same page as a reader online, so nothing is loaded from a CDN:

* Plotly's *cartesian* bundle (``plotly.js-cartesian-dist-min``, the same plotly.js version as
  the pinned plotly.py; scatter and bar traces, all the book draws) for the interactive figures;
* MathJax 3 (its fonts for the formulas :mod:`.maths` typesets when the book is built; its
  scripts for a page that keeps the widget manager), RequireJS and
  ``@jupyter-widgets/html-manager`` (embedded ipywidgets state, for a
  widget that is not a live panel: live panels are drawn as static HTML by ``static_panels``)
  come from ``node_modules`` (``package.json`` pins them; ``npm ci`` installs them).

Everything lands in ``_build/html/_static/vendor/``. ``_config.yml`` points ``mathjax_path`` and
``nb_ipywidgets_js`` at those copies. A missing source fails the build with the command to run.

A page loads only what it uses (issue 19: a page like a blog post): images when they near the
screen (``loading="lazy"``); the explorer script (``defer``) only on a page with an interactive
figure, and Plotly only when the first figure nears the screen (the explorer script loads it,
then draws each figure as it comes near); the widget path shim only where the widget manager loads; every
inline or file script once (sphinx-thebe and sphinx-togglebutton register their inline
configuration twice, which redeclared ``const THEBE_JS_URL`` on every page); and with Thebe off
(``launch_buttons.thebe: false``) none of sphinx-thebe's scripts, which nothing on the page uses.
The page pass (:mod:`.page`) runs :func:`lazy_images`, :func:`add_explorer_script` and
:func:`prune_scripts` on every page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from levtoken_book.markup import EXPLORER_CLASS

from .static_panels import WIDGET_STATE_TYPE

PLOTLY_JS = "plotly-cartesian.min.js"
EXPLORER_JS = "levtoken-explorer.js"
#: Scripts that only the ipywidgets HTML manager needs.
WIDGET_MANAGER_MARK = "embed-amd.js"
WIDGET_SHIM = "levtoken-widgets-path.js"

#: (source relative to node_modules, destination relative to _static/vendor)
NPM_FILES = [
    ("plotly.js-cartesian-dist-min/plotly-cartesian.min.js", PLOTLY_JS),
    ("requirejs/require.js", "require.js"),
    ("@jupyter-widgets/html-manager/dist", "@jupyter-widgets/html-manager/dist"),
    # MathJax 3 from its components, not the combined tex-chtml.js: the same TeX input, CHTML
    # output and assistive MathML for screen readers, without the 426 kB contextual menu
    # (_config.yml: mathjax_path and mathjax3_config.loader).
    ("mathjax/es5/startup.js", "mathjax/startup.js"),
    ("mathjax/es5/core.js", "mathjax/core.js"),
    ("mathjax/es5/input/tex.js", "mathjax/input/tex.js"),
    ("mathjax/es5/output/chtml.js", "mathjax/output/chtml.js"),
    ("mathjax/es5/output/chtml/fonts/tex.js", "mathjax/output/chtml/fonts/tex.js"),
    ("mathjax/es5/a11y/assistive-mml.js", "mathjax/a11y/assistive-mml.js"),
    # typesets each formula as it nears the screen (and all of them before printing)
    ("mathjax/es5/ui/lazy.js", "mathjax/ui/lazy.js"),
    ("mathjax/es5/output/chtml/fonts/woff-v2", "mathjax/output/chtml/fonts/woff-v2"),
    ("mathjax/es5/input/tex/extensions", "mathjax/input/tex/extensions"),
]
SKIP_SUFFIXES = (".map", ".LICENSE.txt")


def _sources(app: Sphinx) -> list[tuple[Path, str]]:
    root = Path(app.confdir)
    modules = root / "node_modules"
    pairs = [(modules / src, dst) for src, dst in NPM_FILES]
    missing = [str(src) for src, _ in pairs if not src.exists()]
    if missing:
        raise ExtensionError(
            "offline_assets: missing " + ", ".join(missing)
            + ". Run 'npm ci --ignore-scripts' at the repository root (or 'make book')."
        )
    return pairs


def check_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        _sources(app)


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    vendor = Path(app.outdir) / "_static" / "vendor"
    for src, dst in _sources(app):
        target = vendor / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(
                src, target, dirs_exist_ok=True,
                ignore=lambda _d, names: [n for n in names if n.endswith(SKIP_SUFFIXES)
                                          or n.startswith("libembed")],
            )
        else:
            shutil.copy2(src, target)


def add_explorer_script(app: Sphinx, body: BeautifulSoup) -> bool:
    """The explorer script (deferred; it loads Plotly), on a page with an interactive figure only;
    True when the page has one."""
    if body.select_one(f".{EXPLORER_CLASS}") is None:
        return False
    # Loads Plotly (data-plotly) when the first figure nears the screen and draws each figure
    # from its JSON as it comes near; keyboard and touch control. Called in html-page-context,
    # so the script is added to this page only.
    app.add_js_file(EXPLORER_JS, priority=600, defer="defer",
                    **{"data-plotly": f"_static/vendor/{PLOTLY_JS}"})
    return True


def lazy_images(body: BeautifulSoup) -> None:
    """Every image of the page body loads when it nears the screen (``loading="lazy"``): a
    chapter's figures below the fold cost nothing at first load. (The PDF tool loads them all.)"""
    for img in body.find_all("img"):
        if not img.has_attr("loading"):
            img.attrs = {"loading": "lazy", "decoding": "async", **img.attrs}


def is_widget_manager_part(js) -> bool:
    """A script that only the ipywidgets HTML manager needs (or the widget state it reads)."""
    name = str(getattr(js, "filename", js) or "")
    kind = str(getattr(js, "attributes", {}).get("type", ""))
    return (kind == WIDGET_STATE_TYPE or name.endswith("/require.js")
            or "@jupyter-widgets/html-manager" in name)


def _key(js) -> tuple:
    """A script file is itself; an inline script is its body (whatever its priority)."""
    attrs = getattr(js, "attributes", {})
    name = str(getattr(js, "filename", js) or "")
    if not name:
        return ("", str(attrs.get("body", "")))
    return (name, tuple(sorted((k, str(v)) for k, v in attrs.items() if k != "priority")))


def loads_widget_manager(scripts: list) -> bool:
    """Whether a page's ``script_files`` load the ipywidgets HTML manager."""
    return any(WIDGET_MANAGER_MARK in str(getattr(js, "filename", js)) for js in scripts)


def prune_scripts(scripts: list, *, thebe: bool, widget_manager: bool) -> None:
    """Each script once; no sphinx-thebe without ``thebe``; without ``widget_manager`` (every
    widget of the page drawn as HTML) none of its scripts; the widget shim with the manager only.
    ``scripts``: the page context's ``script_files``, changed in place."""
    if not widget_manager:
        scripts[:] = [js for js in scripts if not is_widget_manager_part(js)]
    manager = loads_widget_manager(scripts)
    seen, kept = set(), []
    for js in scripts:
        name = str(getattr(js, "filename", js) or "")
        body = str(getattr(js, "attributes", {}).get("body", ""))
        if _key(js) in seen:
            continue
        if not thebe and ("sphinx-thebe.js" in name or "THEBE_JS_URL" in body):
            continue
        if not manager and name.endswith(WIDGET_SHIM):
            continue
        seen.add(_key(js))
        kept.append(js)
    scripts[:] = kept
