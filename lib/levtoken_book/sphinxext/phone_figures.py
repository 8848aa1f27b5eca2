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
IMG_RE = re.compile(r'<img\b[^>]*\bsrc="([^"]*?_images/([^"/]+)\.png)"[^>]*>')
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
#: CSS px per SVG point on a phone: a 4 in (288 pt) rendition fills a 358 px column.
PHONE_PX_PER_PT = 358 / 288


def _wide_style(svg: bytes) -> str:
    """A rendition drawn wider than 4 in (too dense for a phone's width) keeps its text size on
    a phone: it is shown at its own width in a box that scrolls sideways (levtoken.css)."""
    width = plots._svg_width_in(svg) * 72
    if width <= plots.PHONE_WIDTH_IN * 72 * 1.03:
        return ""
    return (f' data-levtoken-wide="1" style="--levtoken-phone-width: '
            f'{width * PHONE_PX_PER_PT:.0f}px"')


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


def add_sources(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Wrap each figure's ``<img>`` whose phone rendition exists in a ``<picture>``."""
    body = context.get("body")
    if app.builder.format != "html" or not body or "_images/" not in body:
        return
    folder, images = _folder(app), Path(app.outdir) / "_images"

    def wrap(m: re.Match) -> str:
        src, stem = m.group(1), m.group(2)
        if SHA_RE.match(stem):       # myst-nb names a notebook's image by its SHA-256
            sha = stem
        elif (images / f"{stem}.png").is_file():   # e.g. a live panel's image (static_panels)
            sha = hashlib.sha256((images / f"{stem}.png").read_bytes()).hexdigest()
        else:
            return m.group(0)
        phone = folder / f"{sha}.svg"
        if not phone.is_file():
            return m.group(0)
        images.mkdir(parents=True, exist_ok=True)
        target = images / f"{stem}-phone.svg"
        if not target.exists():
            shutil.copyfile(phone, target)
        srcset = src[: -len(".png")] + "-phone.svg"
        return (f'<picture class="levtoken-picture"{_wide_style(target.read_bytes())}>'
                f'<source media="{PHONE_MEDIA}" srcset="{srcset}" type="image/svg+xml">'
                f'{m.group(0)}</picture>')

    context["body"] = IMG_RE.sub(wrap, body)
