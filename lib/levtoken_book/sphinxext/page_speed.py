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

Highlighted code is drawn with fewer elements: Pygments wraps every token in a ``<span>``, and
the tokens of the classes that the book's light and dark styles draw exactly as plain code text
(in both of them: names, punctuation, white space) are written as plain text instead. Nothing
on screen changes; chapter 3 loses about 1 500 of its 4 100 elements, which a phone styles and
lays out before it can answer a tap.

pydata-sphinx-theme gives every code block, output and table a tab stop where it scrolls, when
the page has loaded, in a loop that lays the whole page out once per box (0.4 s of a phone's
processor on chapter 3, and every section far from the screen laid out though nothing shows it).
When the build ends, the site's copy of the theme's script hands that loop's boxes and rule to
the book's page script, which applies the same rule in short slices while the browser is idle
(:func:`delegate_theme_tab_stops`; the build fails if the loop is not found, as after an upgrade
of the theme).

The icon fonts (Font Awesome's solid, regular and brands fonts, 290 kB, fetched as soon as the
first icon is drawn) are cut, when the build ends, to the icons the book's pages and the theme's
style sheets and scripts use (a few kB, WOFF): ``levtoken.css`` declares them after the theme's
own ``@font-face``, so the full fonts are never downloaded.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import struct
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from ..markup import FIGURE_JSON_CLASS

ICON_DIR = Path("_static") / "vendor" / "fontawesome" / "webfonts"
#: (full font in ICON_DIR, the subset written beside it, named in levtoken.css)
ICON_FONTS = [("fa-solid-900.ttf", "fa-solid-900.book.woff"),
              ("fa-regular-400.ttf", "fa-regular-400.book.woff"),
              ("fa-brands-400.ttf", "fa-brands-400.book.woff")]
FA_RULE_RE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"([^"]+)"\}')
FA_CLASS_RE = re.compile(r"\bfa-[a-z0-9-]+")
CSS_ICON_RE = re.compile(r'"(\\[ef][0-9a-f]{3}|[\ue000-\uf8ff])|content:\s*"(\\[0-9a-f]{4,5}|[^"\x00-\x7f])')

#: (style sheet, the start or part of a class name that marks its use; None: never used)
STYLE_SHEETS = [
    ("sphinx-thebe.css", None),
    ("exercise.css", ("exercise", "solution")),
    ("sphinx-design.min.css", ("sd-",)),
    ("togglebutton.css", ("toggle", "dropdown")),
    ("copybutton.css", ("highlight",)),
    ("pygments.css", ("highlight",)),
]


def _name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _with_attributes(js, attributes: dict):
    """A new page script like ``js`` with ``attributes`` (Sphinx's are immutable and shared by
    every page)."""
    return type(js)(js.filename, priority=js.priority, **attributes)


def defer_scripts(scripts: list) -> None:
    """Every file script of a page's ``script_files`` ``defer`` (unless async); the inline script
    that sets DOCUMENTATION_OPTIONS a module (it runs after documentation_options.js)."""
    out = []
    for js in scripts:
        attrs = dict(getattr(js, "attributes", {}))
        name = _name(js)
        if name and not ({"async", "defer"} & set(attrs)) and attrs.get("type") in (None, "",
                                                                                    "text/javascript"):
            js = _with_attributes(js, {**attrs, "defer": "defer"})
        elif not name and str(attrs.get("body", "")).lstrip().startswith("DOCUMENTATION_OPTIONS."):
            js = _with_attributes(js, {**attrs, "type": "module"})
        out.append(js)
    scripts[:] = out


def _classes(body) -> set[str]:
    return {c for tag in body.find_all(class_=True) for c in tag.get("class", [])}


def sheet_is_used(sheet: str, classes: set[str]) -> bool:
    """Whether a page whose elements carry ``classes`` uses the style sheet ``sheet``."""
    for name, marks in STYLE_SHEETS:
        if sheet.split("?")[0].endswith(name):
            return marks is not None and any(c.startswith(m) or m in c
                                             for c in classes for m in marks)
    return True


def prune_style_sheets(sheets: list, body) -> None:
    """Leave out of ``sheets`` (a page's ``css_files``) those of :data:`STYLE_SHEETS` that the
    parsed page ``body`` does not use."""
    classes = _classes(body)
    sheets[:] = [css for css in sheets if sheet_is_used(_name(css), classes)]


def served_code_styles(app: Sphinx) -> list[str]:
    """The Pygments styles of the site's ``pygments.css``: the theme's light and dark ones
    (``pygments_light_style``, ``pygments_dark_style``: pydata-sphinx-theme writes the file from
    them when the build ends), or Sphinx's own style for a theme without them."""
    theme = getattr(app.builder, "theme", None)
    options = dict(theme.get_options() if theme is not None else {})
    options.update(getattr(app.config, "html_theme_options", None) or {})
    names = [options.get(f"pygments_{mode}_style") for mode in ("light", "dark")]
    if all(names):
        return names
    return [getattr(app.config, "pygments_style", None) or "sphinx"]


def plain_token_classes(styles) -> frozenset[str]:
    """The Pygments classes whose tokens look exactly like plain code text in every one of
    ``styles`` (names or style classes): the same CSS as ``Text``, or no CSS of their own where
    ``Text`` has none. An unknown style gives the empty set (nothing is changed)."""
    return _plain_token_classes(tuple(styles))


@functools.lru_cache(maxsize=8)
def _plain_token_classes(styles: tuple) -> frozenset[str]:
    from pygments.formatters import HtmlFormatter
    from pygments.token import STANDARD_TYPES, Text
    from pygments.util import ClassNotFound

    plain = None
    for style in styles:
        try:
            fmt = HtmlFormatter(style=style)
        except ClassNotFound:
            return frozenset()
        text = fmt.class2style.get(fmt.ttype2class.get(Text, ""), ("",))[0]
        mine = {c for c in STANDARD_TYPES.values()
                if c and fmt.class2style.get(c, ("",))[0] in ("", text)}
        plain = mine if plain is None else plain & mine
    return frozenset(plain or ())


def plain_tokens_as_text(body, classes: frozenset[str]) -> None:
    """In each highlighted code block of ``body``, a token ``<span>`` whose only attribute is one
    class of ``classes`` becomes its text; neighbouring texts are joined."""
    if not classes:
        return
    for pre in body.select("div.highlight pre"):
        for span in pre.find_all("span", recursive=False):
            cls = span.get("class") or []
            if len(cls) == 1 and cls[0] in classes and list(span.attrs) == ["class"]:
                span.unwrap()
        pre.smooth()


def external_figure_data(app: Sphinx, body, pathto) -> None:
    """Move each interactive figure's JSON (in the parsed page ``body``) out of the page, into a
    script file that ``levtoken-explorer.js`` loads when the figure nears the screen."""
    images = Path(app.outdir) / "_images"
    for script in body.find_all("script", class_=FIGURE_JSON_CLASS):
        data = script.string or ""
        if not data.strip():
            continue
        div_id = script.get("data-for", "")
        name = f"levtoken-figure-{hashlib.sha1(data.encode()).hexdigest()[:16]}.js"
        images.mkdir(parents=True, exist_ok=True)
        target = images / name
        if not target.exists():
            target.write_text(f"(window.levtokenFigures = window.levtokenFigures || {{}})"
                              f"[{json.dumps(div_id)}] = {data};\n", encoding="utf-8")
        script["data-src"] = pathto(f"_images/{name}", 1)
        script.string = ""


def _codepoint(text: str) -> int | None:
    text = text.strip()
    if text.startswith("\\"):
        try:
            return int(text[1:].strip(), 16)
        except ValueError:
            return None
    return ord(text) if len(text) == 1 else None


def icon_codepoints(outdir: Path) -> set[int]:
    """Every icon the built site can show: Font Awesome classes in its pages and scripts, mapped
    through the theme's style sheet, and the icons the style sheets name themselves."""
    static = outdir / "_static"
    sheets = [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.css")]
    names: dict[str, int] = {}
    own = []
    for css in sheets:
        for selectors, content in FA_RULE_RE.findall(css):
            cp = _codepoint(content)
            for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
                if cp is not None:
                    names[name] = cp
        own.append(FA_RULE_RE.sub("", css))
    used = set()
    for page in [*outdir.rglob("*.html"), *static.rglob("*.js")]:
        if "vendor" in page.parts and page.suffix == ".js":
            continue
        used.update(FA_CLASS_RE.findall(page.read_text(encoding="utf-8", errors="replace")))
    # and printable ASCII: text in an icon's element (a space) is drawn with the icon font too,
    # and a character the cut font lacks would fetch the whole font
    points = {names[n] for n in used if n in names} | set(range(0x20, 0x7f)) | {0xa0}
    for css in own:
        found = [a or b for a, b in CSS_ICON_RE.findall(css)]
        points.update(cp for cp in map(_codepoint, found) if cp is not None)
    return points


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: matplotlib's SVG: its size in points on the root element
SVG_SIZE_RE = re.compile(rb'<svg\b[^>]*?\bwidth="([0-9.]+)pt"[^>]*?\bheight="([0-9.]+)pt"')
CSS_PX_PER_PT = 4 / 3


def image_size(data: bytes) -> tuple[int, int] | None:
    """The size in CSS pixels of a PNG (its pixels) or of matplotlib's SVG (its points, 4/3 px
    each) from the file's first bytes; ``None`` for anything else."""
    if data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    match = SVG_SIZE_RE.search(data[:4096])
    if match:
        w, h = (float(v) * CSS_PX_PER_PT for v in match.groups())
        return round(w), round(h)
    return None


def reserve_image_space(app: Sphinx, body) -> None:
    """Each of the book's images (``_images/``) in the parsed page ``body`` gets its size
    (``width``, ``height``; on a phone rendition's ``<source>`` too), so that the page keeps its
    layout while images load as they near the screen: the text a reader is on does not move,
    and a section drawn again (content-visibility) keeps the height it was drawn with. The
    style sheets scale the image to the column (``max-width: 100%; height: auto``)."""
    outdir = Path(app.outdir) / "_images"
    sources = {Path(name).name: Path(app.srcdir) / candidate
               for candidate, name in (getattr(app.builder, "images", None) or {}).items()}
    for element in body.select("img[src], picture > source[srcset]"):
        url = element.get("src") or element.get("srcset")
        if "_images/" not in url or element.has_attr("width") or element.has_attr("height"):
            continue
        name = url.rsplit("/", 1)[-1]
        path = outdir / name if (outdir / name).is_file() else sources.get(name)
        if path is None or not path.is_file():
            continue
        with open(path, "rb") as f:
            size = image_size(f.read(4096))
        if size:
            element["width"], element["height"] = str(size[0]), str(size[1])


#: In the ``<head>``, before anything is drawn: the colour theme of the reader's mode, as
#: pydata-sphinx-theme's script sets it once the page has loaded ("auto" follows the system's
#: setting). The theme's own early line reads the theme it stored and, on a first visit, sets
#: "auto", which is neither theme: the page was drawn without the theme's colours until the
#: theme's script had arrived and run (on a slow phone, seconds; a reader in dark mode saw it
#: light), then styled and laid out again.
THEME_BEFORE_PAINT = (
    '<script>(function () { try { var d = document.documentElement;'
    ' var mode = localStorage.getItem("mode") || "auto";'
    ' var theme = mode === "light" || mode === "dark" ? mode'
    ' : (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");'
    ' localStorage.setItem("theme", theme); d.dataset.mode = mode; d.dataset.theme = theme;'
    ' } catch (e) {} })();</script>')


def theme_before_paint(context: dict) -> None:
    """:data:`THEME_BEFORE_PAINT` first in the page's ``<head>`` (its ``metatags``)."""
    context["metatags"] = THEME_BEFORE_PAINT + (context.get("metatags") or "")


#: pydata-sphinx-theme's script (minified), in the built site
THEME_JS = Path("_static") / "scripts" / "pydata-sphinx-theme.js"
#: Its pass over every code block, output and table when the page has loaded: each one's tab
#: stop (0 where it scrolls, so a keyboard can scroll it; -1 elsewhere), written as it is read.
THEME_TAB_STOPS_RE = re.compile(
    r'(document\.querySelectorAll\(\["pre",[^\]]*\]\.join\(", "\)\))'
    r'\.forEach\((\w+=>\{\w+\.tabIndex=\w+\.scrollWidth>\w+\.clientWidth\|\|'
    r'\w+\.scrollHeight>\w+\.clientHeight\?0:-1\})\)')
#: What it becomes: the list handed to the book's ``levtokenTabStops`` (levtoken-page.js), the
#: theme's own loop where that is missing.
THEME_TAB_STOPS_CALL = r"(window.levtokenTabStops||((l,f)=>l.forEach(f)))(\1,\2)"


def delegate_theme_tab_stops(script: str) -> str:
    """pydata-sphinx-theme's script with its tab-stop pass handed to the book's page script.

    The theme gives every code block, output and table a tab stop if it scrolls, when the page
    has loaded, reading each one's size right after writing the last one's tab stop: one layout
    of the whole page per box (chapter 3 on a phone: 0.4 s of a 4x slower processor in one
    task), and the sections far from the screen laid out though nothing shows them. The book's
    ``levtokenTabStops`` applies the same rule in short slices while the browser is idle,
    reading a slice's sizes first, then writing its tab stops. ``ValueError`` when the theme's
    pass is not found exactly once (another version of the theme: see its source)."""
    patched, n = THEME_TAB_STOPS_RE.subn(THEME_TAB_STOPS_CALL, script)
    if n != 1:
        raise ValueError(f"pydata-sphinx-theme's tab-stop pass found {n} times, not once")
    return patched


def theme_tab_stops_to_the_page_script(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: the site's copy of the theme's script, its tab-stop pass delegated."""
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / THEME_JS
    if not path.is_file():
        raise ExtensionError(f"page_speed: the theme's script {path} is missing")
    try:
        path.write_text(delegate_theme_tab_stops(path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    except ValueError as exc:
        raise ExtensionError(f"page_speed: {exc} in {path}; check THEME_TAB_STOPS_RE against "
                             "the pinned theme's script") from exc


def subset_icon_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Write the icon fonts cut to the icons the site uses (see the module's docstring)."""
    if exception is not None or app.builder.format != "html":
        return
    from fontTools import subset

    outdir = Path(app.outdir)
    points = icon_codepoints(outdir)
    options = subset.Options()
    options.flavor = "woff"            # zlib-compressed: needs no brotli
    options.layout_features = ["*"]
    options.notdef_outline = True
    for full, cut in ICON_FONTS:
        source = outdir / ICON_DIR / full
        if not source.is_file():
            raise ExtensionError(f"page_speed: the theme's icon font {source} is missing")
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(points))
        subsetter.subset(font)
        subset.save_font(font, str(outdir / ICON_DIR / cut), options)
