"""Sphinx extension: serve every script the book's pages need from the book itself.

A reader on a plane must see the same page as a reader online, so nothing is loaded from a CDN:

* ``plotly.min.js`` is copied from the installed ``plotly`` Python package (the interactive
  figures of every chapter are Plotly figures with precomputed slider steps);
* MathJax 3, RequireJS and ``@jupyter-widgets/html-manager`` (the embedded ipywidgets state)
  come from ``node_modules`` (``package.json`` pins them; ``npm ci`` installs them).

Everything lands in ``_build/html/_static/vendor/``. ``_config.yml`` points ``mathjax_path`` and
``nb_ipywidgets_js`` at those copies. A missing source fails the build with the command to run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

#: (source relative to node_modules, destination relative to _static/vendor)
NPM_FILES = [
    ("requirejs/require.js", "require.js"),
    ("@jupyter-widgets/html-manager/dist", "@jupyter-widgets/html-manager/dist"),
    ("mathjax/es5/tex-chtml.js", "mathjax/tex-chtml.js"),
    ("mathjax/es5/output/chtml/fonts/woff-v2", "mathjax/output/chtml/fonts/woff-v2"),
    ("mathjax/es5/input/tex/extensions", "mathjax/input/tex/extensions"),
]
SKIP_SUFFIXES = (".map", ".LICENSE.txt")


def _sources(app: Sphinx) -> list[tuple[Path, str]]:
    import plotly

    root = Path(app.confdir)
    modules = root / "node_modules"
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    pairs = [(plotly_js, "plotly.min.js")] + [(modules / src, dst) for src, dst in NPM_FILES]
    missing = [str(src) for src, _ in pairs if not src.exists()]
    if missing:
        raise ExtensionError(
            "offline_assets: missing " + ", ".join(missing)
            + ". Run 'npm ci --ignore-scripts' at the repository root (or 'make book')."
        )
    return pairs


def _check(app: Sphinx) -> None:
    if app.builder.format == "html":
        _sources(app)


def _copy(app: Sphinx, exception: Exception | None) -> None:
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


def setup(app: Sphinx) -> dict:
    # Before require.js (priority 500, added by myst-nb on widget pages): a plotly.js loaded after
    # require.js registers as an anonymous AMD module and window.Plotly would be missing.
    app.add_js_file("vendor/plotly.min.js", priority=200)
    # Before embed-amd.js: where the widget manager finds its fonts (book/_static).
    app.add_js_file("levtoken-widgets-path.js", priority=450)
    # Keyboard control of the interactive figures (levtoken.interactive.StaticExplorer).
    app.add_js_file("levtoken-explorer.js", priority=600)
    app.connect("builder-inited", _check)
    app.connect("build-finished", _copy)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
