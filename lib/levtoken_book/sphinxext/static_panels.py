"""Sphinx extension: honest live panels in the static web page.

A live panel (:func:`levtoken_book.panels.live_panel`) needs a running Python. The HTML book embeds
its widget state, so without this extension the page would show sliders that look alive and do
nothing. On every notebook page with a panel this extension rewrites the embedded widget state
(the JSON that myst-nb writes into the page, before myst-nb adds it to the page):

* the panel's controls row is hidden and every control in it is disabled;
* the panel's *static note* is shown: the values its figure shows and a link that launches this
  notebook on Binder, built from the repository settings of ``_config.yml`` exactly as the
  theme's own launch button is (``repository.url``, ``repository.branch``,
  ``repository.path_to_book``, ``launch_buttons.binderhub_url`` and ``notebook_interface``).

The page then draws each panel as plain HTML (:func:`render_static`): its title and note, the
static note and its default figure, a PNG file in ``_images/`` that a tap opens at full size (a
phone shows the panel's 880 px image in a 350 px column). A live panel in the static page is an
image and its honest note, so the page loads no widget manager, no RequireJS and no widget state
(about 3.6 MB less per chapter). A widget that is not a panel keeps the widget manager.

Only the web page changes: in Jupyter and on Binder the notebook's panel stays live.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from urllib.parse import urlparse

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# Kept in step with levtoken_book.panels (a test checks that they agree).
PANEL_CLASS = "levtoken-live-panel"
CONTROLS_CLASS = "levtoken-live-controls"
STATIC_NOTE_CLASS = "levtoken-static-note"
BINDER_PLACEHOLDER = 'data-levtoken-binder="1" href="#"'
STATE_KEY = "ipywidgets_state"
UI_PREFIX = {"classic": "tree", "jupyterlab": "lab/tree"}
STATIC_PANEL_CLASS = "levtoken-static-panel"
FULL_SIZE_CLASS = "levtoken-panel-full"
VIEW_RE = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>',
                     re.S)
IMG_RE = re.compile(r'<img alt="([^"]*)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"\s*/?>')
TITLE_RE = re.compile(r"<h4 style='margin:0'>(.*?)</h4>", re.S)
BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}
#: The context flag that tells offline_assets to leave out the widget manager and state.
CONTEXT_FLAG = "levtoken_static_panels"


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


class NotStatic(Exception):
    """A widget that cannot be drawn without the widget manager (a control that is shown)."""


def render_static(state: dict, model_id: str, save_png) -> str:
    """The HTML of widget ``model_id`` as the static page shows it, from an embedded state.

    Call after :func:`make_static`. Boxes become ``<div>``, HTML widgets their value, an Output
    its outputs (``text/html``, else ``image/png``, else text); a hidden widget (``display:
    none``) is left out. A panel's ``<h4>`` title becomes a paragraph (a panel is not a section
    of the chapter). ``save_png(data: bytes) -> url`` stores an image; the image links to it so a
    tap opens it at full size. Raises :class:`NotStatic` for any other visible widget.
    """
    models = state.get("state", {})

    def draw(mid: str) -> str:
        if mid not in models:
            raise NotStatic(mid)
        model, st = models[mid], models[mid]["state"]
        layout = st.get("layout")
        if layout and models.get(_model_id(layout), {}).get("state", {}).get("display") == "none":
            return ""
        classes = [c for c in st.get("_dom_classes", []) if isinstance(c, str)]
        name = model.get("model_name")
        if name in BOXES:
            if PANEL_CLASS in classes:
                classes.append(STATIC_PANEL_CLASS)
            inner = "".join(draw(_model_id(c)) for c in st.get("children", []))
            cls = " ".join(["levtoken-box", *classes])
            return f'<div class="{html.escape(cls, quote=True)}">{inner}</div>'
        if name in ("HTMLModel", "HTMLMathModel"):
            value = TITLE_RE.sub(r'<p class="levtoken-panel-title">\1</p>', st.get("value", ""))
            cls = " ".join(["levtoken-html", *classes])
            return f'<div class="{html.escape(cls, quote=True)}">{value}</div>'
        if name == "OutputModel":
            return "".join(_output(o, save_png) for o in st.get("outputs", []))
        raise NotStatic(f"{name} {mid}")

    return draw(model_id)


def _output(out: dict, save_png) -> str:
    data = out.get("data", {})
    if "text/html" in data:
        body = data["text/html"]
        body = body if isinstance(body, str) else "".join(body)
    elif "image/png" in data:
        alt = data.get("text/plain", "")
        alt = alt if isinstance(alt, str) else "".join(alt)
        body = f'<img alt="{html.escape(alt, quote=True)}" src="data:image/png;base64,{data["image/png"]}"/>'
    elif "text/plain" in data:
        text = data["text/plain"]
        return f"<pre>{html.escape(text if isinstance(text, str) else ''.join(text))}</pre>"
    else:
        return ""

    def linked(m: re.Match) -> str:
        url = save_png(base64.b64decode(m.group(2)))
        return (f'<a class="{FULL_SIZE_CLASS}" href="{url}" title="Open the figure at full size">'
                f'<img alt="{m.group(1)}" src="{url}"/></a>')

    return f'<div class="levtoken-output">{IMG_RE.sub(linked, body)}</div>'


def rewrite_panels(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
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
    _draw_static(app, pagename, context, mime)


def _draw_static(app: Sphinx, pagename: str, context: dict, state: dict) -> None:
    """Replace every widget view of the page's body by its static HTML, when all can be."""
    body = context.get("body") or ""
    images = Path(app.outdir) / "_images"

    def save_png(data: bytes) -> str:
        name = f"levtoken-panel-{hashlib.sha1(data).hexdigest()[:16]}.png"
        images.mkdir(parents=True, exist_ok=True)
        target = images / name
        if not target.exists():
            target.write_bytes(data)
        return context["pathto"](f"_images/{name}", 1)

    try:
        new = VIEW_RE.sub(lambda m: render_static(state, json.loads(m.group(1))["model_id"],
                                                  save_png), body)
    except NotStatic:
        return  # a widget that needs the manager: the page keeps it
    context["body"] = new
    context[CONTEXT_FLAG] = True
