"""The book's Sphinx extension without a build: its one page pass (a small page in, the page out),
each step of it, the citation visitor, its registration, and the shared names.

The built pages are checked by tests/site (test_book.py, test_browser.py).
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from ipywidgets.embed import dependency_state

from levtoken_book import markup
from levtoken_book.panels import basics
from levtoken_book.sphinxext import (accessible_markup, offline_assets, page, page_speed,
                                     questions, static_panels)
from levtoken_book.sphinxext.parsing import write
from tests.support import ROOT

pytestmark = pytest.mark.unit

P = "html.parser"
REPO = {"repository_url": "https://github.com/o/r", "repository_branch": "main",
        "path_to_docs": "book",
        "launch_buttons": {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"}}


class Js:
    """A page script as Sphinx lists it in ``script_files`` (made as Sphinx makes one:
    ``Js(filename, priority=…, **attributes)``, or here ``Js(filename, priority, attributes)``)."""

    def __init__(self, filename, priority=500, attributes=None, **more):
        self.filename, self.priority = filename, priority
        self.attributes = {**(attributes or {}), **more}

    def _key(self):
        return (self.filename, self.priority, *sorted(self.attributes.items()))

    def __eq__(self, other) -> bool:
        return isinstance(other, Js) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Js{self._key()!r}"


class App:
    """What the page pass uses of Sphinx's application, for one page."""

    def __init__(self, outdir: Path, context: dict, thebe: bool = False):
        self.builder = SimpleNamespace(format="html")
        self.config = SimpleNamespace(html_theme_options={
            **REPO, "launch_buttons": {**REPO["launch_buttons"], "thebe": thebe}})
        self.outdir = str(outdir)
        self.confdir = str(ROOT)                        # node_modules/mathjax (sphinxext.maths)
        self.doctreedir = str(outdir / ".doctrees")
        self.context = context

    def add_js_file(self, filename, priority=500, **attributes):     # this page only
        self.context["script_files"].append(Js(filename, priority, attributes))


def run(body: str, tmp_path: Path, scripts=(), **app) -> tuple[str, list[Js]]:
    """The page pass over a page with ``body`` and ``scripts``: its body and scripts after."""
    context = {"body": body, "script_files": list(scripts),
               "pathto": lambda name, resource=0: f"../{name}"}
    page.finish_page(App(tmp_path, context, **app), "book/03_x", "page.html", context, None)
    return context["body"], context["script_files"]


# --- the whole pass: a small page in, the page out -------------------------------------------

LINK_NB = ('<a class="levtoken-quiz-link" href="03_x.ipynb#The-rule" '
           'data-sphinx-anchor="the-rule">The rule</a>')
LINK_BOOK = '<a class="levtoken-quiz-link" href="03_x.html#the-rule">The rule</a>'
QUIZ = ('<div class="levtoken-quiz" id="quiz-ch3-1"><p>Q. See ' + LINK_NB + '.</p>'
        '<script type="application/json">'
        + json.dumps({"hint": "See " + LINK_NB + ".", "value": 1.2}).replace("</", "<\\/")
        + '</script><style>.levtoken-quiz{margin:0}</style><script>setUp();</script></div>')
PAGE_IN = ('<section id="t"><h1>T</h1>'
           '<p>An image <img alt="a figure" src="../_images/f.png"/> and text &amp; more.</p>'
           '<details class="admonition hide"><summary aria-label="Toggle hidden content">\n'
           '<p class="collapsed admonition-title">Show code cell source</p>\n</summary>'
           '<pre>x = 1</pre></details>'
           + QUIZ + QUIZ.replace("ch3-1", "ch3-2")
           + '<figure class="levtoken-explorer" data-explorer="e" aria-label="An explorer">'
             '<div id="explorer-e"></div></figure></section>')
PAGE_OUT = ('<section id="t"><h1>T</h1>'
            '<p>An image <img loading="lazy" decoding="async" alt="a figure" '
            'src="../_images/f.png"/> and text &amp; more.</p>'
            '<details class="admonition hide"><summary>\n'
            '<p class="collapsed admonition-title">Show code cell source</p>\n</summary>'
            '<pre>x = 1</pre></details>'
            '<div class="levtoken-quiz" id="quiz-ch3-1"><p>Q. See ' + LINK_BOOK + '.</p>'
            '<script type="application/json">'
            + json.dumps({"hint": "See " + LINK_BOOK + ".", "value": 1.2}).replace("</", "<\\/")
            + '</script></div>'
            '<div class="levtoken-quiz" id="quiz-ch3-2"><p>Q. See ' + LINK_BOOK + '.</p>'
            '<script type="application/json">'
            + json.dumps({"hint": "See " + LINK_BOOK + ".", "value": 1.2}).replace("</", "<\\/")
            + '</script></div>'
            '<figure class="levtoken-explorer" data-explorer="e" aria-label="An explorer">'
            '<div id="explorer-e"></div></figure></section>'
            '<style>.levtoken-quiz{margin:0}</style><script>setUp();</script>')


def test_the_page_pass_turns_a_small_page_into_the_expected_page(tmp_path):
    thebe = Js(None, attributes={"body": "const THEBE_JS_URL = 'x'"})
    scripts = [Js("_static/a.js"), thebe, Js("_static/a.js"), Js(offline_assets.WIDGET_SHIM, 450)]
    body, after = run(PAGE_IN, tmp_path, scripts)
    assert body == PAGE_OUT
    # the explorer script (deferred, with Plotly's path); each script once; no Thebe with Thebe
    # off; the widget shim without the widget manager; every file script deferred
    assert after == [Js("_static/a.js", 500, {"defer": "defer"}), Js(
        offline_assets.EXPLORER_JS, 600,
        {"defer": "defer", "data-plotly": f"_static/vendor/{offline_assets.PLOTLY_JS}"})]


def test_a_page_without_anything_to_change_comes_back_the_same(tmp_path):
    """Attributes in their own order, entities as they were written (docutils' escaping)."""
    html = ('<section id="a"><h1>Title<a class="headerlink" href="#a" title="Link to this '
            'heading">#</a></h1><p><a href="x.html" class="reference internal">x</a></p><p>x &amp; y &lt; z, <em>a</em> <code>b</code> \u2212 2\u00a0%'
            '</p><script type="application/json">{"a": "<\\/b>"}</script></section>')
    body, after = run(html, tmp_path)
    assert body == html and after == []


def test_the_pass_leaves_a_page_without_a_body_and_other_builders_alone(tmp_path):
    assert run("", tmp_path) == ("", [])
    context = {"body": "<img src='x.png'>", "script_files": []}
    app = App(tmp_path, context)
    app.builder.format = "latex"
    page.finish_page(app, "x", "page.html", context, None)
    assert context["body"] == "<img src='x.png'>"


def test_the_steps_run_in_their_listed_order_panels_first():
    assert page.BODY_STEPS[0] is page.draw_live_panels          # its images are then made lazy
    assert page.BODY_STEPS.index(page.draw_live_panels) < page.BODY_STEPS.index(page.lazy_images)
    steps = list(page.SCRIPT_STEPS)                               # pruning after every script
    assert steps.index(page.prune_scripts) > steps.index(page.add_explorer_script)
    for step in page.BODY_STEPS + page.SCRIPT_STEPS:
        assert step.__doc__ and step.__doc__.strip(), step.__name__


# --- live panels, through the pass ----------------------------------------------------------

def panel_page(widget) -> tuple[str, list[Js]]:
    """The body and scripts myst-nb writes for a notebook displaying ``widget``."""
    state = {"version_major": 2, "version_minor": 0, "state": dependency_state(widget)}
    view = json.dumps({"version_major": 2, "version_minor": 0, "model_id": widget.model_id})
    body = (f'<div class="cell_output"><script type="{static_panels.WIDGET_VIEW_TYPE}">{view}'
            f'</script></div>')
    scripts = [Js("_static/vendor/require.js", 200),
               Js(offline_assets.WIDGET_SHIM, 450),
               Js(None, 500, {"type": static_panels.WIDGET_STATE_TYPE,
                              "body": json.dumps(state).replace("</", "<\\/")}),
               Js("_static/vendor/@jupyter-widgets/html-manager/dist/embed-amd.js", 500)]
    return body, scripts


def test_a_page_of_panels_is_drawn_as_html_without_the_widget_manager(tmp_path):
    body, scripts = panel_page(basics.one_period_panel())
    out, after = run(body, tmp_path, scripts)
    soup = BeautifulSoup(out, P)
    panel = soup.select_one(f"div.{markup.PANEL_CLASS}.{markup.STATIC_PANEL_CLASS}")
    assert panel is not None and not soup.select("script, input, button")
    assert panel.select_one(f"p.{markup.PANEL_TITLE_CLASS}").get_text() == \
        "One period of a leveraged token"
    binder = panel.select_one(f"a[{markup.BINDER_LINK_ATTR}]")["href"]
    assert binder == "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/book/book/03_x.ipynb"
    link = panel.select_one(f"a.{markup.FULL_SIZE_CLASS}")
    img = link.select_one("img")
    assert link["href"] == img["src"] and img["src"].startswith("../_images/levtoken-panel-")
    assert img["loading"] == "lazy" and img["alt"].startswith("One period of a leveraged token: ")
    assert (tmp_path / img["src"].removeprefix("../")).read_bytes()[:4] == b"\x89PNG"
    assert after == []                     # no state, no manager, no RequireJS, no shim


def test_a_widget_that_is_not_a_panel_keeps_the_manager_and_the_panels_are_stated(tmp_path):
    import ipywidgets as widgets

    panel = basics.one_period_panel()
    free = widgets.IntSlider(value=3, description="n")
    body, scripts = panel_page(widgets.VBox([panel, free]))
    out, after = run(body, tmp_path, scripts)
    assert out == body                                          # the manager draws the page
    assert [js.filename for js in after] == [js.filename for js in scripts if js.filename] + [None]
    state = json.loads(after[-1].attributes["body"])["state"]
    assert after[-1].attributes["type"] == static_panels.WIDGET_STATE_TYPE
    controls = next(c for c in panel.children if markup.CONTROLS_CLASS in c._dom_classes)
    assert state[controls.layout.model_id]["state"]["display"] == "none"
    assert all(state[c.model_id]["state"]["disabled"] for c in panel.controls.values())
    assert state[free.model_id]["state"].get("disabled", False) is False


# --- each step on its own -------------------------------------------------------------------

def test_lazy_images_keep_an_images_own_loading():
    soup = BeautifulSoup('<img src="a.png" loading="eager"><img alt="b" src="b.png">', P)
    offline_assets.lazy_images(soup)
    assert write(soup) == ('<img src="a.png" loading="eager"/>'
                           '<img loading="lazy" decoding="async" alt="b" src="b.png"/>')


def test_a_summary_label_that_contains_its_text_is_kept():
    html = ('<summary aria-label="Show the answer">Show the answer</summary>'
            '<summary aria-label="Open"><svg></svg></summary>'
            '<summary aria-label="Toggle hidden content"><p>Show code cell output</p></summary>')
    soup = BeautifulSoup(html, P)
    accessible_markup.name_summaries_by_their_text(soup)
    assert [s.get("aria-label") for s in soup.find_all("summary")] == \
        ["Show the answer", "Open", None]


def test_question_links_outside_a_question_and_other_links_stay():
    html = ('<a class="reference" href="03_x.ipynb#A">A</a>'
            '<a class="levtoken-quiz-link" href="https://x.org/a.ipynb#B" '
            'data-sphinx-anchor="b">B</a>')
    soup = BeautifulSoup(html, P)
    questions.point_links_at_sections(soup)
    # a link to another site is not the notebook's: only the attribute goes
    assert write(soup) == ('<a class="reference" href="03_x.ipynb#A">A</a>'
                           '<a class="levtoken-quiz-link" href="https://x.org/a.html#b">B</a>')


def test_two_different_question_scripts_are_both_kept_once():
    box = '<div class="levtoken-quiz"><style>{s}</style><script>{j}</script></div>'
    soup = BeautifulSoup(box.format(s="A", j="1") + box.format(s="A", j="2")
                         + box.format(s="A", j="1"), P)
    questions.style_and_script_once(soup)
    assert write(soup) == ('<div class="levtoken-quiz"></div>' * 3
                         + '<style>A</style><script>1</script><script>2</script>')


def test_no_explorer_no_explorer_script(tmp_path):
    context = {"script_files": []}
    app = App(tmp_path, context)
    assert not offline_assets.add_explorer_script(app, BeautifulSoup("<figure></figure>", P))
    assert offline_assets.add_explorer_script(
        app, BeautifulSoup(f'<figure class="{markup.EXPLORER_CLASS}"></figure>', P))
    assert [js.filename for js in context["script_files"]] == [offline_assets.EXPLORER_JS]


def test_prune_keeps_thebe_when_it_is_on_and_the_manager_when_it_is_needed():
    manager = [Js("_static/vendor/require.js"), Js(offline_assets.WIDGET_SHIM),
               Js("x/@jupyter-widgets/html-manager/dist/embed-amd.js")]
    thebe = [Js("_static/sphinx-thebe.js")]
    scripts = manager + thebe + [Js("_static/sphinx-thebe.js")]
    offline_assets.prune_scripts(scripts, thebe=True, widget_manager=True)
    assert scripts == manager + thebe
    offline_assets.prune_scripts(scripts, thebe=False, widget_manager=False)
    assert scripts == []


# --- the citation visitor --------------------------------------------------------------------

def test_bibliography_entries_are_written_as_list_items():
    from docutils.core import publish_parts
    from docutils.writers.html5_polyglot import HTMLTranslator, Writer

    class Ours(HTMLTranslator):
        visit_citation = accessible_markup.visit_citation

    source = ".. [A2020] One book.\n.. [B2021] Another book.\n\nText.\n\n.. [C2022] A third.\n"

    def body(translator) -> str:
        writer = Writer()
        writer.translator_class = translator
        return publish_parts(source, writer=writer)["body"]

    stock, ours = body(HTMLTranslator), body(Ours)
    assert stock.count('role="doc-biblioentry"') == 3           # docutils' deprecated role
    assert ours == stock.replace('role="doc-biblioentry"', 'role="listitem"')
    soup = BeautifulSoup(ours, P)
    assert [len(lst.select("[role=listitem]")) for lst in soup.select("[role=list]")] == [2, 1]


# --- registration and the shared names --------------------------------------------------------

def test_setup_registers_one_handler_for_each_page():
    from docutils import nodes

    import levtoken_book.sphinxext as ext

    calls = []
    app = SimpleNamespace(connect=lambda event, f, priority=500: calls.append((event, f, priority)),
                          add_role=lambda *a, **k: None, add_js_file=lambda *a, **k: None,
                          add_post_transform=lambda t: calls.append(("post", t, None)),
                          add_node=lambda node, **k: calls.append(("node", node, k)))
    meta = ext.setup(app)
    assert meta["parallel_read_safe"] and meta["parallel_write_safe"]
    assert [(f, p) for e, f, p in calls if e == "html-page-context"] == \
        [(page.finish_page, ext.MYST_NB_PRIORITY + 400)]                # after myst-nb's 500
    assert ("node", nodes.citation, {"override": True,
                                     "html": (accessible_markup.visit_citation, None)}) in calls


def test_every_shared_name_is_spelled_in_the_markup_module_only():
    names = {k: v for k, v in vars(markup).items() if k.isupper()}
    assert len(set(names.values())) == len(names) >= 10
    spelled = []
    for path in sorted((ROOT / "lib" / "levtoken_book").rglob("*.py")):
        if path.name == "markup.py":
            continue
        text = path.read_text(encoding="utf-8")
        spelled += [(path.name, k) for k, v in names.items()
                    if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-]|\.js)", text)]
    assert spelled == []


@pytest.mark.parametrize("name, where", [
    ("STATIC_PANEL_CLASS", "book/_static/levtoken.css"),
    ("PANEL_TITLE_CLASS", "book/_static/levtoken.css"),
    ("FULL_SIZE_CLASS", "book/_static/levtoken.css"),
    ("EXPLORER_CLASS", "book/_static/levtoken-explorer.js"),
    ("QUESTION_CLASS", "lib/levtoken_book/assets/questions.js"),
    ("CITED_WORKS_CLASS", "book/_static/levtoken-page.js"),
    ("CITED_WORKS_CLASS", "book/_static/levtoken.css"),
])
def test_the_style_sheet_and_scripts_look_for_the_shared_names(name, where):
    assert f".{getattr(markup, name)}" in (ROOT / where).read_text(encoding="utf-8")


# --- page speed and phone figures -----------------------------------------------------------

def test_head_scripts_are_deferred_and_the_options_line_runs_after_its_file(tmp_path):
    scripts = [Js("_static/documentation_options.js", 1),
               Js(None, 1, {"body": "DOCUMENTATION_OPTIONS.pagename = 'x';"}),
               Js(None, 1, {"body": "document.documentElement.dataset.mode = 'light'"}),
               Js("_static/async.js", 500, {"async": "async"}),
               Js("_static/a.js", 500, {"type": "module"})]
    _, after = run("<p>x</p>", tmp_path, scripts)
    assert after == [Js("_static/documentation_options.js", 1, {"defer": "defer"}),
                     Js(None, 1, {"body": "DOCUMENTATION_OPTIONS.pagename = 'x';",
                                  "type": "module"}),
                     scripts[2], scripts[3], scripts[4]]


def test_a_page_loads_only_the_toolchain_style_sheets_it_uses(tmp_path):
    sheets = ["_static/pygments.css", "_static/sphinx-thebe.css", "_static/exercise.css",
              "_static/sphinx-design.min.css?digest=1", "_static/togglebutton.css",
              "_static/copybutton.css", "_static/levtoken.css"]
    context = {"body": '<div class="highlight-python"><pre>x</pre></div>'
                       '<details class="toggle-details"><summary>s</summary></details>',
               "script_files": [], "css_files": list(sheets),
               "pathto": lambda name, resource=0: f"../{name}"}
    page.finish_page(App(tmp_path, context), "book/03_x", "page.html", context, None)
    assert context["css_files"] == ["_static/pygments.css", "_static/togglebutton.css",
                                    "_static/copybutton.css", "_static/levtoken.css"]


def test_an_interactive_figure_s_data_leaves_the_page_for_a_script_file(tmp_path):
    data = '{"data":[{"y":[1,2]}],"layout":{"title":"<\\/b>"}}'
    body, _ = run('<figure class="levtoken-explorer" data-explorer="e" aria-label="E">'
                  '<div id="explorer-e"></div><script type="application/json" '
                  f'class="levtoken-figure-json" data-for="explorer-e">{data}</script></figure>',
                  tmp_path)
    [file] = (tmp_path / "_images").glob("levtoken-figure-*.js")
    assert f'data-for="explorer-e" data-src="../_images/{file.name}"></script>' in body
    assert file.read_text() == ('(window.levtokenFigures = window.levtokenFigures || {})'
                                f'["explorer-e"] = {data};\n')


def test_a_figure_with_a_phone_rendition_offers_it_to_narrow_screens(tmp_path):
    sha = "ab" * 32
    folder = tmp_path / "levtoken-phone"     # beside the doctrees, where the kernels draw them
    folder.mkdir()
    (folder / f"{sha}.svg").write_bytes(b'<svg width="288pt" height="200pt"></svg>')
    # a PNG in the site (a live panel's image) of 1500 x 900 pixels: its header is enough
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / f"{'cd' * 32}.png").write_bytes(
        page_speed.PNG_SIGNATURE + b"\x00\x00\x00\x0dIHDR" + struct.pack(">II", 1500, 900))
    img = f'<img alt="A figure" src="../_images/{sha}.png"/>'
    body, _ = run(f'<figure>{img}</figure><img alt="No rendition" src="../_images/{"cd" * 32}.png"/>',
                  tmp_path)
    # each keeps its place while it loads: its size in CSS px (an SVG's points are 4/3 px)
    assert body == ('<figure><picture class="levtoken-picture"><source media="(max-width: 640px)" '
                    f'srcset="../_images/{sha}-phone.svg" type="image/svg+xml" width="384" '
                    'height="267"/>'
                    f'<img loading="lazy" decoding="async" alt="A figure" '
                    f'src="../_images/{sha}.png"/></picture></figure>'
                    f'<img loading="lazy" decoding="async" alt="No rendition" '
                    f'src="../_images/{"cd" * 32}.png" width="1500" height="900"/>')
    assert (tmp_path / "_images" / f"{sha}-phone.svg").is_file()


def test_a_chapter_s_cited_works_are_folded_and_the_references_page_is_not(tmp_path):
    notes = ('<aside class="footnote-list brackets">'
             '<aside class="footnote brackets" id="footcite-a" role="doc-footnote"><p>A.</p></aside>'
             '<aside class="footnote brackets" id="footcite-b" role="doc-footnote"><p>B.</p></aside>'
             '</aside>')
    body, _ = run(f'<p>See <a href="#footcite-a">1</a>.</p><div class="docutils container">{notes}</div>',
                  tmp_path)
    assert body == ('<p>See <a href="#footcite-a">1</a>.</p><div class="docutils container">'
                    '<details class="levtoken-cited-works"><summary>The 2 works this chapter '
                    f'cites</summary>{notes}</details></div>')
    # an ordinary footnote list (not a footnote bibliography) stays as it is
    other = ('<aside class="footnote-list brackets"><aside class="footnote brackets" id="fn-1">'
             '<p>x</p></aside></aside>')
    assert run(other, tmp_path)[0] == other


def test_plain_token_classes_are_those_drawn_as_plain_text_in_both_styles():
    import pydata_sphinx_theme
    from configparser import ConfigParser

    conf = ConfigParser()
    conf.read(Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
              / "theme.conf")
    light, dark = (conf["options"][f"pygments_{m}_style"] for m in ("light", "dark"))
    plain = page_speed.plain_token_classes([light, dark])
    assert {"n", "p", "w"} <= plain                     # names, punctuation, white space
    assert not plain & {"o", "k", "kn", "s2", "mi", "mf", "nb", "c1", "kc", "nf"}
    # a class is plain only when it is plain in every style
    assert page_speed.plain_token_classes([light, "monokai"]) <= plain
    assert page_speed.plain_token_classes([light]) >= plain
    assert page_speed.plain_token_classes([light, "no-such-style"]) == frozenset()
    # a style without a colour for plain text: the classes without a style of their own
    assert "n" in page_speed.plain_token_classes(["default"])


def test_the_served_code_styles_are_the_theme_s():
    app = SimpleNamespace(builder=SimpleNamespace(theme=SimpleNamespace(get_options=lambda: {
        "pygments_light_style": "a", "pygments_dark_style": "b"})),
        config=SimpleNamespace(html_theme_options={"pygments_dark_style": "c"},
                               pygments_style="sphinx"))
    assert page_speed.served_code_styles(app) == ["a", "c"]
    app.builder = SimpleNamespace()
    assert page_speed.served_code_styles(app) == ["sphinx"]


def test_plain_tokens_become_text_and_the_code_reads_the_same():
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    code = 'x = f(a, "b")  # c\nprint(x[0] + 1.5)\n'
    html = highlight(code, PythonLexer(), HtmlFormatter())
    soup = BeautifulSoup(html, "html.parser")
    before = soup.pre.get_text()
    n_before = len(soup.find_all("span"))
    page_speed.plain_tokens_as_text(soup, frozenset({"n", "p", "w"}))
    assert soup.pre.get_text() == before == code
    kept = [s.get("class", ["-"])[0] for s in soup.select("pre span")]
    assert "n" not in kept and "p" not in kept and {"o", "s2", "c1", "mf"} <= set(kept)
    assert len(soup.find_all("span")) < n_before - 8
    from bs4 import NavigableString
    parts = soup.pre.contents
    assert not any(isinstance(a, NavigableString) and isinstance(b, NavigableString)
                   for a, b in zip(parts, parts[1:]))          # neighbouring texts joined


def test_the_theme_s_tab_stop_pass_is_handed_to_the_page_script():
    """pydata-sphinx-theme's pass (a layout of the page per box) becomes a call of the book's
    levtokenTabStops with the same boxes and rule; nothing else of the script changes."""
    import pydata_sphinx_theme

    theme = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
             / "static" / "scripts" / "pydata-sphinx-theme.js").read_text()
    out = page_speed.delegate_theme_tab_stops(theme)
    start = theme.index('document.querySelectorAll(["pre",')
    end = theme.index("?0:-1})", start) + len("?0:-1})")
    loop = theme[start:end]              # the theme's loop: list.forEach(box => tab stop) ...
    assert loop.count(").forEach(") == 1
    assert out == (theme[:start] + "(window.levtokenTabStops||((l,f)=>l.forEach(f)))("
                   + loop.replace(").forEach(", "),") + theme[end:])     # ... is a call(list, rule)
    with pytest.raises(ValueError, match="found 0 times, not once"):
        page_speed.delegate_theme_tab_stops(out)
    page_js = (ROOT / "book" / "_static" / "levtoken-page.js").read_text()
    assert "window.levtokenTabStops = function (boxes)" in page_js


def test_image_sizes_are_read_from_png_and_matplotlib_svg_headers_only():
    png = page_speed.PNG_SIGNATURE + b"\x00\x00\x00\x0dIHDR" + struct.pack(">II", 640, 480)
    assert page_speed.image_size(png) == (640, 480)
    svg = b'<?xml version="1.0"?>\n<svg xmlns:xlink="x" width="287.75952pt" height="290.27976pt">'
    assert page_speed.image_size(svg) == (384, 387)
    assert page_speed.image_size(b'<svg width="100%" height="2em">') is None
    assert page_speed.image_size(b"GIF89a") is None


@pytest.mark.parametrize("stored, dark, theme", [
    (None, False, "light"), (None, True, "dark"),          # a first visit follows the system
    ("auto", True, "dark"), ("light", True, "light"), ("dark", False, "dark")])
def test_the_head_sets_the_reader_s_theme_before_anything_is_drawn(tmp_path, stored, dark, theme):
    """The head's first script, run by Node.js with a stored mode and a system setting: the
    page's theme is light or dark (never the theme's "auto"), stored as the theme's script
    stores it."""
    import subprocess

    context = {"body": "<p>x</p>", "script_files": [], "metatags": "<meta/>",
               "pathto": lambda name, resource=0: name}
    page.finish_page(App(tmp_path, context), "book/x", "page.html", context, None)
    script = BeautifulSoup(context["metatags"], "html.parser").find("script")
    assert context["metatags"].startswith("<script>") and context["metatags"].endswith("<meta/>")
    js = ("const store = {}; " + (f"store.mode = {json.dumps(stored)}; " if stored else "")
          + "globalThis.localStorage = {getItem: k => k in store ? store[k] : null, "
          "setItem: (k, v) => { store[k] = v; }}; "
          f"globalThis.matchMedia = q => ({{matches: {json.dumps(dark)}}}); "
          "globalThis.document = {documentElement: {dataset: {}}}; "
          + script.string + " console.log(JSON.stringify([document.documentElement.dataset, store]));")
    out = subprocess.run(["node", "-e", js], capture_output=True, text=True, check=True).stdout
    dataset, store = json.loads(out)
    assert dataset == {"mode": stored or "auto", "theme": theme} and store["theme"] == theme
