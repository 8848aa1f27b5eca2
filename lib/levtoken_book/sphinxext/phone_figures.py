"""Sphinx extension: every static figure has a phone rendition.

A chapter's figures are PNGs drawn for the desktop column; on a 390 px phone their text would be
about 6 CSS px tall. While the book's notebooks run, :mod:`levtoken_book.plots` draws each figure a
second time for phones (4 in wide, no text under 9 pt, an SVG whose text stays text) into a
folder named by ``LEVTOKEN_PHONE_FIGURES``, under the SHA-256 of the PNG it goes with; this
module sets that folder before the notebooks run (``builder-inited``) and then, on every page,
offers the rendition to narrow screens::

    <picture><source media="(max-width: 640px)" srcset="…-phone.svg"><img src="….png" …></picture>

The ``<img>`` (its alt text, lazy loading, the desktop PNG, the PDF) is unchanged. A rendition
too dense for 4 in is drawn wider (5.5 or 7 in, the same text size): the phone shows it at its
own width, in a box that scrolls sideways.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .. import plots
from ..plots import PHONE_DIR_ENV

#: Below this width (CSS px) a page shows the phone renditions (the explorers' narrow layout too).
PHONE_MEDIA = "(max-width: 640px)"
#: A figure's image in the built site: ``…/_images/<stem>.png``.
IMG_SRC_RE = re.compile(r"_images/([^\"/]+)\.png$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
#: CSS px per SVG point on a phone: a 4 in (288 pt) rendition fills a 358 px column.
PHONE_PX_PER_PT = 358 / 288


def _wide_attributes(svg: bytes) -> dict:
    """A rendition drawn wider than 4 in (too dense for a phone's width) keeps its text size on
    a phone: it is shown at its own width in a box that scrolls sideways (levtoken.css)."""
    width = plots.svg_width_in(svg) * 72
    if width <= plots.PHONE_WIDTH_IN * 72 * 1.03:
        return {}
    return {"data-levtoken-wide": "1",
            "style": f"--levtoken-phone-width: {width * PHONE_PX_PER_PT:.0f}px"}


def _folder(app: Sphinx) -> Path:
    return Path(app.doctreedir).parent / "levtoken-phone"


def start(app: Sphinx) -> None:
    """Before the notebooks run: the folder of the phone renditions, named to the kernels. It is
    kept between builds (a rendition is named by its image's content, so an image a build does
    not redraw keeps its rendition)."""
    if app.builder.format != "html":
        return
    folder = _folder(app)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ[PHONE_DIR_ENV] = str(folder)


def add_sources(app: Sphinx, body) -> None:
    """Wrap each figure's ``<img>`` (of the parsed page ``body``) whose phone rendition exists in
    a ``<picture>`` that offers it to narrow screens."""
    folder, images = _folder(app), Path(app.outdir) / "_images"
    for img in body.find_all("img", src=IMG_SRC_RE):
        if img.parent is not None and img.parent.name == "picture":
            continue
        src = img["src"]
        stem = IMG_SRC_RE.search(src).group(1)
        if SHA_RE.match(stem):       # myst-nb names a notebook's image by its SHA-256
            sha = stem
        elif (images / f"{stem}.png").is_file():   # e.g. a live panel's image (static_panels)
            sha = hashlib.sha256((images / f"{stem}.png").read_bytes()).hexdigest()
        else:
            continue
        phone = folder / f"{sha}.svg"
        if not phone.is_file():
            continue
        images.mkdir(parents=True, exist_ok=True)
        target = images / f"{stem}-phone.svg"
        if not target.exists():
            shutil.copyfile(phone, target)
        picture = body.new_tag("picture", attrs={"class": "levtoken-picture",
                                                 **_wide_attributes(target.read_bytes())})
        picture.append(body.new_tag("source", attrs={
            "media": PHONE_MEDIA, "srcset": src[: -len(".png")] + "-phone.svg",
            "type": "image/svg+xml"}))
        img.wrap(picture)
        picture.append(img)   # after the <source>
