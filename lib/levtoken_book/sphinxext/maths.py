"""Sphinx extension: the book's maths typeset when the book is built, not in a reader's browser.

Sphinx writes a formula as its TeX between delimiters (``<span class="math">\\(L r\\)</span>``,
``<div class="math">\\[ ... \\]</div>``) and MathJax typesets it in the reader's browser. That
costs a phone about 800 kB of scripts and a quarter of a second of blocked processor each time
a page with maths opens, and the text moves when the formulas arrive. Here the same MathJax (the
pinned ``node_modules/mathjax``, run by Node.js) typesets every formula of a page while the book
is built, with the same components as in a browser: TeX input, HTML (CHTML) output and the
formula as MathML for screen readers (``a11y/assistive-mml``). The page then carries the
formulas as HTML and their style sheet (only its characters and fonts, the font files from
``_static/vendor/mathjax``) in its ``<head>``, and no MathJax script: the maths is there in the
first paint, in print and without JavaScript.

A formula MathJax cannot typeset (an undefined macro, unbalanced braces) is a build warning
naming the page and the TeX: the book is built with warnings as errors, so it fails; the page
keeps MathJax's script, which would show the error in red. A page that keeps the ipywidgets
manager (a widget the book cannot draw as HTML) keeps MathJax's script too: a widget may write
maths into the page.

The formulas' fonts (MathJax's own, about 70 kB on chapter 3) are requested just after the page's
first paint, not with its style sheets: the formulas' characters are hidden until then, as a
browser hides text whose web font is loading (:func:`head_elements`, :data:`FONTS_ON_SCRIPT`).

Formulas are typeset at scale 1; ``levtoken.css`` sizes them to the x-height of the text around
them (``font-size: calc(1ex / 0.442)``, 0.442 em being the x-height of MathJax's TeX font), which
is what MathJax's ``matchFontHeight`` does in a browser, on every reader's own font.

One Node.js process per build process typesets every page (:func:`typesetter`), one request
per page; it ends with the build (:func:`stop`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .parsing import parse

logger = logging.getLogger(__name__)

SCRIPT = Path(__file__).resolve().parents[1] / "assets" / "typeset_maths.js"
#: MathJax's fonts, as ``offline_assets`` copies them into the site
FONT_DIR = "_static/vendor/mathjax/output/chtml/fonts/woff-v2"
#: Sphinx's delimiters: inline (``span.math``) and display (``div.math``)
DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}
STYLE_ID = "levtoken-maths-style"
#: the ``<style>`` of the fonts' ``@font-face`` rules, off (``media="not all"``) until the page's
#: first paint; the class the page's root then gets
FONTS_ID = "levtoken-maths-fonts"
FONT_FACE_RE = re.compile(r"@font-face[^{]*\{[^}]*\}\s*")
#: The formulas' characters are hidden until their fonts are on (as a browser hides text whose
#: web font is still loading) ...
HIDDEN_UNTIL_FONTS = (f'html:not(.{FONTS_ID}) mjx-container[jax="CHTML"] mjx-c::before '
                      "{ visibility: hidden; }")
#: ... which this script at the end of the body does after the first paint: the fonts' requests
#: then do not compete with the page's text, style sheets and scripts for the first paint.
FONTS_ON_SCRIPT = ("<script>requestAnimationFrame(function () { setTimeout(function () {"
                   f' var s = document.getElementById("{FONTS_ID}"); if (s) s.media = "all";'
                   f' document.documentElement.classList.add("{FONTS_ID}"); }}, 0); }});'
                   "</script>")


class TypesetError(RuntimeError):
    """The typesetting process failed (not a formula: the process itself)."""


class Typesetter:
    """A Node.js process running :data:`SCRIPT` with the MathJax of ``root/node_modules``."""

    def __init__(self, root: Path):
        node = shutil.which("node")
        if node is None:
            raise ExtensionError("maths: typesetting the book's formulas needs Node.js ('node' on "
                                 "the PATH), as 'make book' does; install Node.js and rebuild.")
        if not (Path(root) / "node_modules" / "mathjax").is_dir():
            raise ExtensionError(f"maths: {Path(root) / 'node_modules' / 'mathjax'} is missing. "
                                 "Run 'npm ci --ignore-scripts' at the repository root (or "
                                 "'make book').")
        self.proc = subprocess.Popen([node, str(SCRIPT), str(root)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     encoding="utf-8", bufsize=1)

    def typeset(self, items: list[dict], font_url: str) -> dict:
        """``items`` ``[{"tex": ..., "display": bool}]`` typeset; the answer of :data:`SCRIPT`:
        ``{"html": [...], "css": "...", "errors": [{"index", "tex", "message"}]}``."""
        request = json.dumps({"fontURL": font_url, "items": items})
        try:
            self.proc.stdin.write(request + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except (BrokenPipeError, OSError) as exc:
            raise TypesetError(self._failure(str(exc))) from exc
        if not line:
            raise TypesetError(self._failure("it stopped"))
        answer = json.loads(line)
        if "fatal" in answer:
            raise TypesetError(self._failure(answer["fatal"]))
        return answer

    def _failure(self, what: str) -> str:
        err = ""
        if self.proc.poll() is not None:
            err = self.proc.stderr.read()[-2000:]
        return f"maths: MathJax's typesetting process failed ({what}). {err}".strip()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


_typesetters: dict[Path, Typesetter] = {}


def typesetter(root: Path) -> Typesetter:
    """The build process's typesetter for the MathJax of ``root`` (started on first use)."""
    root = Path(root).resolve()
    if root not in _typesetters or _typesetters[root].proc.poll() is not None:
        _typesetters[root] = Typesetter(root)
    return _typesetters[root]


def font_x_height(root: Path) -> float:
    """The x-height of MathJax's TeX font in em (0.442), as ``root``'s MathJax reports it: the
    ``1ex / x-height`` of ``levtoken.css`` that sizes the formulas."""
    return typesetter(root).typeset([], "")["xHeight"]


def stop(app: Sphinx | None = None, exception=None) -> None:
    """build-finished: every typesetting process ends."""
    while _typesetters:
        _typesetters.popitem()[1].close()


def formulas(body) -> tuple[list, list[dict]]:
    """The formulas of a parsed page ``body``: their TeX text nodes and the items to typeset.

    A ``span.math`` or ``div.math`` whose one text holds anything but one formula between Sphinx's
    delimiters raises ``ValueError`` naming it: the page would be typeset only in part."""
    found, items = [], []
    for box in body.select("span.math, div.math"):
        texts = [t for t in box.find_all(string=True, recursive=False) if t.strip()]
        opening, closing = DELIMITERS[box.name]
        text = texts[0].strip() if len(texts) == 1 else ""
        if not (text.startswith(opening) and text.endswith(closing)):
            raise ValueError(f"a {box.name}.math holds {box.get_text()[:80]!r}, not one formula "
                             f"between {opening} and {closing}")
        found.append(texts[0])
        items.append({"tex": text[len(opening):-len(closing)], "display": box.name == "div"})
    return found, items


def typeset_page(app: Sphinx, pagename: str, trees: list, pathto) -> str | None:
    """Every formula of the parsed ``trees`` of ``pagename`` (its body, and its table of contents
    where a heading holds maths) replaced by MathJax's HTML.

    Returns the formulas' style sheet (to go in the page's ``<head>``), ``""`` when the page has no
    formula, or ``None`` when a formula could not be typeset (each one a build warning; the page
    is left as it was)."""
    texts, items = [], []
    try:
        for tree in trees:
            found, wanted = formulas(tree)
            texts += found
            items += wanted
    except ValueError as exc:
        logger.warning(f"maths: {exc}", location=pagename)
        return None
    if not items:
        return ""
    answer = typesetter(Path(app.confdir)).typeset(items, pathto(FONT_DIR, 1))
    for error in answer["errors"]:
        logger.warning(f"maths: MathJax cannot typeset {error['tex']!r}: {error['message']}",
                       location=pagename)
    if answer["errors"]:
        return None
    for text, html in zip(texts, answer["html"]):
        text.replace_with(parse(html))
    return answer["css"]


def head_elements(css: str) -> str:
    """The formulas' style sheet ``css`` as the elements of a page's ``<head>``: the characters'
    rules, the fonts' ``@font-face`` rules off until :data:`FONTS_ON_SCRIPT` turns them on, and
    both on at once for a reader without JavaScript."""
    faces = "".join(m.group(0) for m in FONT_FACE_RE.finditer(css))
    rules = FONT_FACE_RE.sub("", css)
    return (f'<style id="{STYLE_ID}">{rules}\n{HIDDEN_UNTIL_FONTS}</style>'
            f'<style id="{FONTS_ID}" media="not all">{faces}</style>'
            f'<noscript><style>{faces}\nmjx-container[jax="CHTML"] mjx-c::before '
            "{ visibility: visible !important; }</style></noscript>")


def add_fonts_script(body) -> None:
    """:data:`FONTS_ON_SCRIPT` at the end of a parsed page ``body``."""
    body.append(parse(FONTS_ON_SCRIPT))


def is_runtime_part(js) -> bool:
    """A page script that typesets maths in the browser: MathJax's configuration or its loader."""
    name = str(getattr(js, "filename", js) or "")
    body = str(getattr(js, "attributes", {}).get("body", ""))
    return name.endswith("mathjax/startup.js") or body.lstrip().startswith("window.MathJax")


def drop_runtime(scripts: list) -> None:
    """MathJax's scripts left out of a page's ``script_files`` (changed in place)."""
    scripts[:] = [js for js in scripts if not is_runtime_part(js)]
