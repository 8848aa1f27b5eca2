"""Sphinx extension: honest live panels in the static web page.

A live panel (:func:`levtoken.widgets.live_panel`) needs a running Python. The HTML book embeds
its widget state, so without this extension the page would show sliders that look alive and do
nothing. On every notebook page with a panel this extension rewrites the embedded widget state
(the JSON that myst-nb writes into the page, before myst-nb adds it to the page):

* the panel's controls row is hidden and every control in it is disabled;
* the panel's *static note* is shown: the values its figure shows and a link that launches this
  notebook on Binder, built from the repository settings of ``_config.yml`` exactly as the
  theme's own launch button is (``repository.url``, ``repository.branch``,
  ``repository.path_to_book``, ``launch_buttons.binderhub_url`` and ``notebook_interface``).

Only the web page changes: in Jupyter and on Binder the notebook's panel stays live.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# Kept in step with levtoken.widgets (a test checks that they agree).
PANEL_CLASS = "levtoken-live-panel"
CONTROLS_CLASS = "levtoken-live-controls"
STATIC_NOTE_CLASS = "levtoken-static-note"
BINDER_PLACEHOLDER = 'data-levtoken-binder="1" href="#"'
STATE_KEY = "ipywidgets_state"
UI_PREFIX = {"classic": "tree", "jupyterlab": "lab/tree"}


def binder_url(app: Sphinx, docname: str) -> str:
    """The Binder launch URL of ``docname``'s notebook, from ``_config.yml``'s repository settings.

    Raises ExtensionError when the repository is not on GitHub or no BinderHub is configured.
    """
    opts = app.config.html_theme_options
    repo_url = (opts.get("repository_url") or "").rstrip("/")
    parsed = urlparse(repo_url)
    parts = [p for p in parsed.path.split("/") if p]
    launch = opts.get("launch_buttons") or {}
    binderhub = (launch.get("binderhub_url") or "").rstrip("/")
    if parsed.netloc != "github.com" or len(parts) != 2 or not binderhub:
        raise ExtensionError(
            "static_panels: _config.yml must set repository.url to https://github.com/OWNER/REPO "
            f"and launch_buttons.binderhub_url; got url={repo_url!r}, binderhub_url={binderhub!r}")
    interface = launch.get("notebook_interface", "classic")
    if interface not in UI_PREFIX:
        raise ExtensionError(f"static_panels: notebook_interface must be one of {sorted(UI_PREFIX)}, "
                             f"got {interface!r}")
    branch = opts.get("repository_branch") or "main"
    book = (opts.get("path_to_docs") or "").strip("/")
    path = f"{book}/{docname}.ipynb" if book else f"{docname}.ipynb"
    return f"{binderhub}/v2/gh/{parts[0]}/{parts[1]}/{branch}?urlpath={UI_PREFIX[interface]}/{path}"


def _model_id(ref: str) -> str:
    return ref.removeprefix("IPY_MODEL_")


def make_static(state: dict, url: str) -> int:
    """Rewrite an ipywidgets state dict in place for the static page; return the panels found."""
    models = state.get("state", {})

    def classes(mid: str) -> list:
        return models.get(mid, {}).get("state", {}).get("_dom_classes", [])

    def set_display(mid: str, value: str | None) -> None:
        layout = models[mid]["state"].get("layout")
        if layout:
            models[_model_id(layout)]["state"]["display"] = value

    panels = [mid for mid in models if PANEL_CLASS in classes(mid)]
    for panel in panels:
        for child in map(_model_id, models[panel]["state"].get("children", [])):
            if CONTROLS_CLASS in classes(child):
                set_display(child, "none")
                for ctrl in map(_model_id, models[child]["state"].get("children", [])):
                    models[ctrl]["state"]["disabled"] = True  # every ipywidgets control has it
            elif STATIC_NOTE_CLASS in classes(child):
                set_display(child, None)
                note = models[child]["state"]
                note["value"] = note.get("value", "").replace(
                    BINDER_PLACEHOLDER, f'data-levtoken-binder="1" href="{url}"')
    return len(panels)


def _rewrite(app: Sphinx, pagename: str, *args) -> None:
    if app.builder.format != "html":
        return
    from myst_nb.sphinx_ import NbMetadataCollector

    js_files = NbMetadataCollector.get_js_files(app.env, pagename)
    if STATE_KEY not in js_files:
        return
    uri, kwargs = js_files[STATE_KEY]
    mime = json.loads(kwargs["body"].replace(r"<\/script>", "</script>"))
    if make_static(mime, binder_url(app, pagename)):
        body = json.dumps(mime).replace("</script>", r"<\/script>")
        js_files[STATE_KEY] = (uri, {**kwargs, "body": body})


def setup(app: Sphinx) -> dict:
    # Before myst-nb (priority 500) adds the state to the page.
    app.connect("html-page-context", _rewrite, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
