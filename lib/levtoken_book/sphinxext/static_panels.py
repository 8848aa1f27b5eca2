"""Sphinx extension: honest live panels in the static web page.

A live panel (:func:`levtoken_book.panels.live_panel`) needs a running Python. The HTML book embeds
its widget state, so without this extension the page would show sliders that look alive and do
nothing. On every notebook page with a panel, the page pass (:mod:`.page`) takes the embedded
widget state (the JSON script that myst-nb adds to the page's scripts) and rewrites it with
:func:`make_static`:

* the panel's controls row is hidden and every control in it is disabled;
* the panel's *static note* is shown: the values its figure shows and a link that launches this
  notebook on Binder, built from the repository settings of ``_config.yml`` exactly as the
  theme's own launch button is (``repository.url``, ``repository.branch``,
  ``repository.path_to_book``, ``launch_buttons.binderhub_url`` and ``notebook_interface``).

The page then draws each panel as plain HTML (:func:`draw_widgets`, :func:`render_static`): its
title and note, the static note and its default figure, a PNG file in ``_images/`` that a tap
opens at full size (a phone shows the panel's 880 px image in a 350 px column). A live panel in
the static page is an image and its honest note, so the page loads no widget manager, no
RequireJS and no widget state (about 3.6 MB less per chapter). A widget that is not a panel keeps
the widget manager.

The panel's parts are found by the names of :mod:`levtoken_book.markup`, which the panel writes.
Only the web page changes: in Jupyter and on Binder the notebook's panel stays live.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from levtoken_book.markup import (BINDER_LINK_ATTR, CONTROLS_CLASS, FULL_SIZE_CLASS, PANEL_CLASS,
                                  PANEL_TITLE_ATTR, PANEL_TITLE_CLASS, STATIC_NOTE_CLASS,
                                  STATIC_PANEL_CLASS)

from .parsing import parse, write

#: ipywidgets' embedding formats: the page's widget state (a script of the page), and one view of
#: a widget in the page's body (``<script type=…>{"model_id": …}</script>``).
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_TYPE = "application/vnd.jupyter.widget-view+json"
UI_PREFIX = {"classic": "tree", "jupyterlab": "lab/tree"}
BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}
PNG_DATA = "data:image/png;base64,"

#: ``save_png(data: bytes) -> url``: stores a PNG and returns the URL the page links to.
SavePng = Callable[[bytes], str]


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
                value = parse(note.get("value", ""))
                for link in value.select(f"a[{BINDER_LINK_ATTR}]"):
                    link["href"] = url
                note["value"] = write(value)
    return len(panels)


class NotStatic(Exception):
    """A widget that cannot be drawn without the widget manager (a control that is shown)."""


def render_static(state: dict, model_id: str, save_png: SavePng) -> str:
    """The HTML of widget ``model_id`` as the static page shows it, from an embedded state.

    Call after :func:`make_static`. Boxes become ``<div>``, HTML widgets their value, an Output
    its outputs (``text/html``, else ``image/png``, else text); a hidden widget (``display:
    none``) is left out. A panel's title (marked with ``PANEL_TITLE_ATTR``) becomes a paragraph (a
    panel is not a section of the chapter). ``save_png(data: bytes) -> url`` stores an image; the
    image links to it so a tap opens it at full size. Raises :class:`NotStatic` for any other
    visible widget.
    """
    models = state.get("state", {})
    soup = parse("")

    def div(classes: list[str], children) -> object:
        tag = soup.new_tag("div", attrs={"class": " ".join(classes)})
        tag.extend(list(children))
        return tag

    def draw(mid: str) -> list:
        if mid not in models:
            raise NotStatic(mid)
        model, st = models[mid], models[mid]["state"]
        layout = st.get("layout")
        if layout and models.get(_model_id(layout), {}).get("state", {}).get("display") == "none":
            return []
        classes = [c for c in st.get("_dom_classes", []) if isinstance(c, str)]
        name = model.get("model_name")
        if name in BOXES:
            if PANEL_CLASS in classes:
                classes.append(STATIC_PANEL_CLASS)
            inner = [part for child in st.get("children", []) for part in draw(_model_id(child))]
            return [div(["levtoken-box", *classes], inner)]
        if name in ("HTMLModel", "HTMLMathModel"):
            value = parse(st.get("value", ""))
            for title in value.select(f"[{PANEL_TITLE_ATTR}]"):
                title.name, title.attrs = "p", {"class": PANEL_TITLE_CLASS}
            return [div(["levtoken-html", *classes], value.contents)]
        if name == "OutputModel":
            return [part for out in st.get("outputs", []) for part in output_html(out, save_png)]
        raise NotStatic(f"{name} {mid}")

    return "".join(write(part) for part in draw(model_id))


def output_html(out: dict, save_png: SavePng) -> list:
    """One output of an Output widget as the static page shows it (a list of parsed nodes); an
    embedded PNG is stored with ``save_png`` and linked at full size."""
    data = out.get("data", {})

    def text(value) -> str:
        return value if isinstance(value, str) else "".join(value)

    soup = parse("")
    if "text/html" in data:
        body = parse(text(data["text/html"]))
    elif "image/png" in data:
        body = parse("")
        body.append(soup.new_tag("img", attrs={"alt": text(data.get("text/plain", "")),
                                               "src": PNG_DATA + data["image/png"]}))
    elif "text/plain" in data:
        pre = soup.new_tag("pre")
        pre.string = text(data["text/plain"])
        return [pre]
    else:
        return []
    for img in body.select(f'img[src^="{PNG_DATA}"]'):
        url = save_png(base64.b64decode(img["src"][len(PNG_DATA):]))
        link = soup.new_tag("a", attrs={"class": FULL_SIZE_CLASS, "href": url,
                                        "title": "Open the figure at full size"})
        link.append(soup.new_tag("img", attrs={"alt": img.get("alt", ""), "src": url}))
        img.replace_with(link)
    wrapper = soup.new_tag("div", attrs={"class": "levtoken-output"})
    wrapper.extend(list(body.contents))
    return [wrapper]


def image_saver(outdir: str | Path, pathto: Callable[..., str]) -> SavePng:
    """A ``save_png`` that writes a panel's figure once into ``outdir/_images`` (named by its
    content) and returns its URL relative to the page (``pathto``, the page context's)."""
    images = Path(outdir) / "_images"

    def save_png(data: bytes) -> str:
        name = f"levtoken-panel-{hashlib.sha1(data).hexdigest()[:16]}.png"
        images.mkdir(parents=True, exist_ok=True)
        target = images / name
        if not target.exists():
            target.write_bytes(data)
        return pathto(f"_images/{name}", 1)

    return save_png


def draw_widgets(body: BeautifulSoup, state: dict, save_png: SavePng) -> bool:
    """Replace every widget view of the page's ``body`` by its static HTML, when all can be
    (then True); when one cannot (:class:`NotStatic`), change nothing and return False."""
    views = body.find_all("script", attrs={"type": WIDGET_VIEW_TYPE})
    try:
        drawn = [render_static(state, json.loads(view.string or "{}")["model_id"], save_png)
                 for view in views]
    except NotStatic:
        return False  # a widget that needs the manager: the page keeps it
    for view, html in zip(views, drawn):
        view.replace_with(parse(html))
    return True
