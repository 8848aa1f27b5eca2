"""The formulas typeset when the book is built (levtoken_book.sphinxext.maths), without a build:
the pinned MathJax run by Node.js on small pages, through the page pass.

The built pages are checked by tests/site (test_book.py: no MathJax script and no TeX left;
test_browser.py: the formulas' size and what a screen reader reads).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from levtoken_book.sphinxext import maths, page
from tests.book.test_sphinxext import App, Js, run
from tests.support import ROOT

pytestmark = pytest.mark.unit

INLINE = '<p>A token of <span class="math notranslate nohighlight">\\(L = 3\\)</span> moves.</p>'
DISPLAY = ('<div class="math notranslate nohighlight" id="equation-decay">'
           '<span class="eqno">(3.1)<a class="headerlink" href="#equation-decay" '
           'title="Link to this equation">#</a></span>'
           '\\[\\frac{V_T}{V_0} = e^{-(L^2 - L)\\sigma^2 T / 2}\\]</div>')
MATHJAX = [Js(None, 500, {"body": 'window.MathJax = {"loader": {}}'}),
           Js("_static/vendor/mathjax/startup.js", 500, {"defer": "defer"})]


@pytest.fixture(autouse=True, scope="module")
def _one_process_for_these_tests():
    """One MathJax process for the file's tests (as one build has one), ended after them."""
    yield
    maths.stop()


class Warnings:
    def __init__(self):
        self.seen = []

    def warning(self, message, location=None):
        self.seen.append((location, message))


def test_a_page_s_formulas_become_mathjax_html_with_mathml_and_no_script(tmp_path):
    context = {"body": INLINE + DISPLAY, "script_files": list(MATHJAX),
               "pathto": lambda name, resource=0: f"../{name}"}
    page.finish_page(App(tmp_path, context), "book/03_x", "page.html", context, None)
    body = BeautifulSoup(context["body"], "html.parser")
    # no TeX left; the number and its link kept beside the typeset equation
    assert "\\(" not in body.get_text() and "\\[" not in body.get_text()
    assert body.select_one("div.math > span.eqno").get_text() == "(3.1)#"
    inline, display = body.select("mjx-container")
    assert inline.find_parent("span", class_="math") and display.get("display") == "true"
    # a screen reader reads the formula as MathML; the drawing is hidden from it
    assert inline.select_one("mjx-math")["aria-hidden"] == "true"
    mml = inline.select_one("mjx-assistive-mml > math")
    assert [t.name for t in mml.find_all(True)] == ["mi", "mo", "mn"]
    assert [t.get_text() for t in mml.find_all(True)] == ["L", "=", "3"]
    assert display.select_one("mjx-assistive-mml math mfrac")
    # typeset at scale 1: the page's style sheet sizes them (no size of their own)
    assert "font-size" not in str(inline) and "font-size" not in str(display)
    # the style sheet in the head, its fonts from the page's copy of MathJax, off until the
    # script at the end of the body turns them on after the first paint (on without JavaScript)
    head = BeautifulSoup(context["metatags"], "html.parser")
    rules, faces = [s for s in head.find_all("style") if not s.find_parent("noscript")]
    assert rules["id"] == maths.STYLE_ID and "media" not in rules.attrs
    assert "mjx-assistive-mml" in rules.string          # the MathML is clipped out of sight
    assert "@font-face" not in rules.string and maths.HIDDEN_UNTIL_FONTS in rules.string
    assert faces["id"] == maths.FONTS_ID and faces["media"] == "not all"
    fonts = re.findall(r'url\("([^"]+)"\)', faces.string)
    assert fonts and all(f.startswith(f"../{maths.FONT_DIR}/MathJax_") for f in fonts)
    assert head.select_one("noscript style").string.startswith(faces.string)
    assert body.find_all("script")[-1].string in maths.FONTS_ON_SCRIPT
    assert context["script_files"] == []


def test_each_page_s_style_sheet_has_only_its_own_characters(tmp_path):
    one, _ = run(INLINE, tmp_path)
    context = {"body": '<p><span class="math">\\(\\sigma\\)</span></p>', "script_files": [],
               "pathto": lambda name, resource=0: name}
    page.finish_page(App(tmp_path, context), "book/x", "page.html", context, None)
    assert "mjx-c1D70E" in context["metatags"]            # σ (math italic)
    assert "mjx-c1D43F" not in context["metatags"]        # L, typeset for the page before
    assert '"_static/vendor/mathjax' in context["metatags"]


def test_a_formula_mathjax_cannot_typeset_is_a_warning_and_the_page_keeps_mathjax(
        tmp_path, monkeypatch):
    warnings = Warnings()
    monkeypatch.setattr(maths, "logger", warnings)
    html = INLINE + '<p><span class="math notranslate nohighlight">\\(\\sigmaa^2\\)</span></p>'
    body, scripts = run(html, tmp_path, MATHJAX)
    assert warnings.seen == [("book/03_x", "maths: MathJax cannot typeset '\\\\sigmaa^2': "
                                           "Undefined control sequence \\sigmaa")]
    assert body == html and scripts == [MATHJAX[0], MATHJAX[1]]


def test_a_math_box_that_is_not_one_formula_is_a_warning(tmp_path, monkeypatch):
    warnings = Warnings()
    monkeypatch.setattr(maths, "logger", warnings)
    html = '<div class="math">\\[a\\] and \\[b</div>'
    body, scripts = run(html, tmp_path, MATHJAX)
    assert body == html and len(scripts) == 2
    assert warnings.seen == [("book/03_x", "maths: a div.math holds '\\\\[a\\\\] and \\\\[b', not "
                                           "one formula between \\[ and \\]")]


def test_a_page_without_maths_needs_no_mathjax_and_a_widget_page_keeps_it(tmp_path):
    body, scripts = run("<p>No maths.</p>", tmp_path, MATHJAX)
    assert body == "<p>No maths.</p>" and scripts == []
    assert maths.typeset_page(None, "x", [BeautifulSoup("<p>a</p>", "html.parser")], None) == ""
    manager = Js("_static/vendor/@jupyter-widgets/html-manager/dist/embed-amd.js", 500)
    kept = [*MATHJAX, manager]
    page.maths_without_scripts(page.Page(None, "x", {"script_files": kept}, None,
                                         maths_typeset=True))
    assert kept == [*MATHJAX, manager]


def test_the_typesetting_process_is_started_once_and_a_dead_one_is_replaced():
    first = maths.typesetter(ROOT)
    assert maths.typesetter(ROOT) is first
    first.proc.kill()
    first.proc.wait()
    second = maths.typesetter(ROOT)
    assert second is not first
    answer = second.typeset([{"tex": "x^2", "display": False}], "f")
    assert answer["errors"] == [] and answer["html"][0].startswith("<mjx-container")


def test_without_node_or_mathjax_the_build_says_what_to_install(tmp_path, monkeypatch):
    from sphinx.errors import ExtensionError
    with pytest.raises(ExtensionError, match="node_modules.*mathjax.*is missing.*npm ci"):
        maths.Typesetter(tmp_path)
    monkeypatch.setattr(maths.shutil, "which", lambda name: None)
    with pytest.raises(ExtensionError, match="needs Node.js"):
        maths.Typesetter(ROOT)


def test_the_style_sheet_sizes_formulas_to_the_text_s_x_height():
    """Formulas are typeset at scale 1 (an ex of MathJax's font's x-height); the style sheet
    scales them by the text's ex over that x-height, MathJax's own figure."""
    x_height = maths.font_x_height(ROOT)
    assert 0.4 < x_height < 0.5
    css = (ROOT / "book" / "_static" / "levtoken.css").read_text()
    assert f'mjx-container[jax="CHTML"] {{ font-size: calc(1ex / {x_height}); }}' in css


def test_a_heading_s_maths_is_typeset_in_the_page_s_table_of_contents_too(tmp_path):
    toc = ('<ul><li><a class="reference internal" href="#beat">When does a token beat '
           '<span class="math notranslate nohighlight">\\(L\\)</span> times the move?</a></li></ul>')
    import functools

    context = {"body": INLINE, "toc": toc, "script_files": [],
               "pathto": lambda name, resource=0: f"../{name}"}
    # the theme's function that reads it, already called once (and cached) by the theme
    context["generate_toc_html"] = functools.cache(lambda: context["toc"])
    assert context["generate_toc_html"]() == toc
    page.finish_page(App(tmp_path, context), "book/04_x", "page.html", context, None)
    assert context["generate_toc_html"]() == context["toc"] != toc
    link = BeautifulSoup(context["toc"], "html.parser").a
    assert "\\(" not in link.get_text()
    assert link.select_one("span.math > mjx-container mjx-assistive-mml math mi").string == "L"
    assert context["toc"].startswith("<ul><li><a class=")
