"""The built book: every page present, no errors, figures described, nothing from a CDN."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support import HTML, ROOT, toc_files

pytestmark = pytest.mark.build

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def page(doc: str) -> Path:
    return HTML / f"{doc}.html"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_carry_no_outputs(nb):
    cells = json.loads(nb.read_text())["cells"]
    dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert dirty == [], f"{nb.name}: cells {dirty} have outputs or execution counts; strip them"


def test_every_notebook_is_in_the_toc():
    docs = set(toc_files())
    missing = [nb.name for nb in NOTEBOOKS if f"book/{nb.stem}" not in docs]
    assert missing == [], f"notebooks not in _toc.yml: {missing}"


def test_every_toc_page_is_built_without_errors(built_book):
    for doc in toc_files():
        html = page(doc).read_text()
        assert "Traceback" not in html, f"{doc}: a traceback in the page"
        soup = BeautifulSoup(html, "html.parser")
        errors = soup.select("div.output.error, div.output.traceback, .cell_output .stderr")
        assert not errors, f"{doc}: error output {errors[0].get_text()[:300]}"


def test_every_image_has_alt_text(built_book):
    for doc in toc_files():
        soup = BeautifulSoup(page(doc).read_text(), "html.parser")
        for img in soup.find_all("img"):
            alt = (img.get("alt") or "").strip()
            assert alt and not alt.startswith("_images"), f"{doc}: image {img.get('src')} has no alt"


def test_no_script_or_style_comes_from_the_network(built_book):
    for doc in toc_files():
        soup = BeautifulSoup(page(doc).read_text(), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href")):
            for el in soup.find_all(tag):
                url = el.get(attr) or ""
                if tag == "link" and "stylesheet" not in (el.get("rel") or []):
                    continue
                assert not re.match(r"^(https?:)?//", url), f"{doc}: {tag} loads {url}"


def test_vendored_assets_are_served(built_book):
    vendor = built_book / "_static" / "vendor"
    for rel in ("plotly-cartesian.min.js", "require.js",
                "@jupyter-widgets/html-manager/dist/embed-amd.js", "mathjax/startup.js",
                "mathjax/core.js", "mathjax/input/tex.js", "mathjax/output/chtml.js",
                "mathjax/output/chtml/fonts/tex.js"):
        assert (vendor / rel).stat().st_size > 10_000, rel
    assert (vendor / "mathjax/a11y/assistive-mml.js").exists() and (vendor / "mathjax/ui/lazy.js").exists()
    assert list((vendor / "mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))


def test_the_plotly_bundle_is_the_pinned_plotly_version_and_draws_every_trace_type():
    """The cartesian bundle matches the plotly.js of the pinned plotly.py and holds every trace
    type a figure of the book (lib/levtoken_book, the chapters) draws."""
    import plotly

    bundle = (ROOT / "node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js")
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = re.compile(r"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)")
    assert version.search(bundle.read_text()[:400]).group(1) \
        == version.search(full.read_text()[:400]).group(1)
    pkg = json.loads((ROOT / "package.json").read_text())["dependencies"]
    assert pkg["plotly.js-cartesian-dist-min"] == version.search(full.read_text()[:400]).group(1)
    sources = [*(ROOT / "lib").rglob("*.py"), *NOTEBOOKS]   # the engine and the book's code
    used = {t.lower() for f in sources for t in re.findall(r"\bgo\.([A-Z][a-z]+)\(", f.read_text())}
    used -= {"figure"}
    cartesian = {"scatter", "bar", "box", "heatmap", "histogram", "histogram2d",
                 "histogram2dcontour", "contour", "image", "pie", "scatterternary", "violin"}
    assert used and used <= cartesian, f"trace types outside the cartesian bundle: {used - cartesian}"


def test_pages_load_only_the_scripts_they_use(built_book):
    """The explorer script deferred, and only where there is an interactive figure (it loads
    Plotly when a figure nears the screen);
    no widget manager, RequireJS or widget state (live panels are drawn as HTML); no MathJax
    (every formula typeset when the book is built, its style in the head); no theme
    script that the book does not use (sphinx-thebe with Thebe off, FontAwesome's custom-icon
    JS); every script once."""
    for doc in toc_files():
        soup = BeautifulSoup(page(doc).read_text(), "html.parser")
        scripts = soup.find_all("script")
        srcs = [s.get("src", "") for s in scripts]
        explorer = bool(soup.select("figure.levtoken-explorer"))
        assert not [s for s in scripts if "plotly" in s.get("src", "")], \
            f"{doc}: Plotly is loaded by levtoken-explorer.js when a figure nears the screen"
        mine = [s for s in scripts if "levtoken-explorer.js" in s.get("src", "")]
        assert len(mine) == int(explorer), f"{doc}: levtoken-explorer.js loaded {len(mine)}x"
        for s in mine:
            assert s.has_attr("defer"), f"{doc}: {s['src']} blocks the first paint"
            assert (built_book / s["data-plotly"]).stat().st_size > 1_000_000
        for bad in ("require.js", "embed-amd.js", "fontawesome.js", "sphinx-thebe.js",
                    "levtoken-widgets-path.js", "mathjax"):
            assert not any(bad in src for src in srcs), f"{doc}: loads {bad}"
        # the formulas were typeset when the book was built, their style sheet in the head
        assert not [s for s in scripts if "window.MathJax" in (s.string or "")], doc
        formulas = soup.select("span.math, div.math")
        assert all(f.select_one(":scope > mjx-container") for f in formulas), doc
        assert bool(soup.select("head style#levtoken-maths-style")) == bool(formulas), doc
        assert not soup.select("script[type='application/vnd.jupyter.widget-state+json']"), doc
        assert "THEBE_JS_URL" not in str(soup), doc
        inline = [s.string for s in scripts if not s.get("src") and s.string]
        dupes = {b for b in inline if inline.count(b) > 1}
        files = [src for src in srcs if src]
        assert not dupes and len(files) == len(set(files)), f"{doc}: scripts twice: {dupes}"
        assert 'data-theme="auto"' in page(doc).read_text()[:2000], f"{doc}: no default theme mode"
        article = soup.select_one("article") or soup
        eager = [i.get("src") for i in article.find_all("img") if i.get("loading") != "lazy"]
        assert eager == [], f"{doc}: images loaded before they near the screen: {eager[:3]}"


def test_nothing_in_the_head_waits_for_a_script_and_figure_data_is_not_in_the_page(built_book):
    """A phone paints the page before any script runs (issue 27): every file script of the
    ``<head>`` deferred (or async), no search index loaded by every page, an interactive
    figure's data in a script file of its own (not in the page), and no style sheet the page
    does not use (sphinx-thebe's with Thebe off)."""
    for doc in toc_files():
        soup = BeautifulSoup(page(doc).read_text(), "html.parser")
        blocking = [s["src"] for s in soup.head.find_all("script", src=True)
                    if not (s.has_attr("defer") or s.has_attr("async"))]
        assert blocking == [], f"{doc}: scripts block the first paint: {blocking}"
        srcs = " ".join(s.get("src", "") for s in soup.find_all("script"))
        assert "searchindex.js" not in srcs, f"{doc}: loads the whole search index"
        assert not soup.find("link", href=re.compile("sphinx-thebe")), doc
        for data in soup.select("script.levtoken-figure-json"):
            assert not (data.string or "").strip() and data.get("data-src"), \
                f"{doc}: a figure's data is in the page"
            assert (page(doc).parent / data["data-src"]).is_file(), data["data-src"]


def test_the_intro_opens_with_a_computed_result_and_a_figure(built_book):
    """Before any word on method, the intro's first section shows glued numbers of chapter 9 and
    the chapter's figure (an inline SVG with an accessible name)."""
    soup = BeautifulSoup(page("book/intro").read_text(), "html.parser")
    first = soup.select_one("article section section") or soup.select_one("article section")
    headings = [h.get_text(" ", strip=True) for h in soup.select("article h2")]
    assert headings and "computed" not in headings[0].lower(), headings[:2]
    numbers = [t.get_text() for t in first.select(".pasted-text")]
    assert len(numbers) >= 4 and all(re.search(r"\d", t) for t in numbers), numbers
    svg = first.select_one("svg.levtoken-inline-svg")
    assert svg is not None and svg.get("role") == "img" and len(svg.get("aria-label", "")) > 40


def test_numbers_do_not_break_across_lines(built_book):
    """"$1 600" and "20 %" keep together: the space inside a number is a no-break space."""
    article = BeautifulSoup(page("book/01_what_is_a_leveraged_token").read_text(),
                            "html.parser").select_one("article")
    text = " ".join(p.get_text() for p in article.select("p"))   # the prose, not the code
    assert "$1\u00a0600" in text and "$1 600" not in text
    assert not re.search(r"\d %", text), re.search(r".{20}\d %.{5}", text)


def test_the_theme_macros_copy_differs_from_the_pinned_theme_only_by_fontawesome():
    import pydata_sphinx_theme

    theirs = (Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static"
              / "webpack-macros.html").read_text()
    ours = (ROOT / "book/_templates/static/webpack-macros.html").read_text()
    strip = lambda text: [ln for ln in re.sub(r"(<!--.*?-->|\{#.*?#\})", "", text, flags=re.S)
                          .splitlines() if ln.strip() and "fontawesome.js" not in ln]
    assert strip(ours) == strip(theirs)
    assert "scripts/fontawesome.js" in theirs and "scripts/fontawesome.js" not in ours


def test_live_panels_are_drawn_as_html_where_a_panel_is_shown(built_book):
    """A live panel in the page: its title, note, values and Binder link, and its default figure
    as an image file that opens at full size; nothing that needs the widget manager."""
    found = 0
    for nb in NOTEBOOKS:
        if "_panel()" not in nb.read_text():
            continue
        soup = BeautifulSoup(page(f"book/{nb.stem}").read_text(), "html.parser")
        assert not soup.select("script[type='application/vnd.jupyter.widget-view+json']"), nb.name
        panels = soup.select("div.levtoken-live-panel.levtoken-static-panel")
        assert panels, nb.name
        for panel in panels:
            assert panel.select_one(".levtoken-panel-title").get_text(strip=True)
            assert "Values shown:" in panel.select_one(".levtoken-static-values").get_text()
            link = panel.select_one("a.levtoken-panel-full")
            img = link.select_one("img")
            assert img["alt"].strip() and link["href"] == img["src"]
            assert (page(f"book/{nb.stem}").parent / img["src"]).resolve().stat().st_size > 5_000
            assert not panel.select("input, select, button, textarea")
        found += 1
    assert found >= 1


def test_the_book_shows_its_version(built_book):
    version = (ROOT / "CITATION.cff").read_text().split("\nversion:")[1].split()[0].strip("\"'")
    for doc in ("book/intro", "book/teachers_guide"):
        assert f"Edition {version}" in page(doc).read_text(), doc


def test_every_chapter_has_an_interactive_figure(built_book):
    for nb in NOTEBOOKS:
        soup = BeautifulSoup(page(f"book/{nb.stem}").read_text(), "html.parser")
        if nb.stem.startswith("00"):
            continue
        figs = soup.select("figure.levtoken-explorer")
        assert figs, f"{nb.name}: no interactive figure (levtoken_book.explorers.StaticExplorer)"
        assert all(f.get("aria-label") for f in figs)


def test_notebooks_offer_binder_colab_the_student_edition_and_download(built_book):
    """The rocket's menu: Binder and Colab for the chapter and for its student edition."""
    for nb in NOTEBOOKS:
        html = page(f"book/{nb.stem}").read_text()
        assert "mybinder.org/v2/gh/" in html and "urlpath=lab" in html.replace("%2F", "/"), nb.name
        assert f"_sources/book/{nb.stem}.ipynb" in html, nb.name
        soup = BeautifulSoup(html, "html.parser")
        links = {a.get_text(" ", strip=True): a["href"]
                 for a in soup.select(".dropdown-launch-buttons a, a.btn[href]")}
        assert links.get("Colab", "").endswith(f"/blob/main/book/{nb.stem}.ipynb"), nb.name
        assert links.get("Colab: student edition", "").endswith(
            f"/blob/main/student/{nb.stem}.ipynb"), nb.name
        assert links.get("Binder: student edition", "").endswith(
            f"urlpath=lab/tree/student/{nb.stem}.ipynb"), nb.name


def test_the_teachers_guide_marks_what_needs_python_and_folds_its_model_answers(built_book):
    soup = BeautifulSoup(page("book/teachers_guide").read_text(), "html.parser")
    text = soup.get_text(" ")
    assert "{{" not in text and "run_ch" not in text
    marks = [td for td in soup.select("td, p") if "needs Python:" in td.get_text()]
    assert len(marks) >= 5
    for mark in marks:
        hrefs = [a["href"] for a in mark.select("a")]
        assert any("mybinder.org" in h for h in hrefs) and \
            any("colab.research.google.com" in h for h in hrefs), mark.get_text()[:80]
    answers = soup.select("div.admonition.dropdown")
    assert len([a for a in answers if "Model answer" in a.get_text()]) == 6
    assert "the student edition" in text.lower()


def test_links_to_the_library_reference_resolve(built_book):
    """_config.yml ignores unresolved py: references (docstring type phrases on the API page);
    everywhere else a reference to a levtoken function must be a working link."""
    found = 0
    for doc in toc_files():
        if doc == "book/api":
            continue
        soup = BeautifulSoup(page(doc).read_text(), "html.parser")
        for code in soup.select("code.xref.py"):
            found += 1
            assert code.parent.name == "a", f"{doc}: unresolved reference {code.get_text()}"
            assert code.parent["href"].startswith("api.html#levtoken."), code.parent["href"]
    assert found >= 10


def test_the_book_offers_the_student_edition(built_book):
    chapters = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    zips = list(built_book.glob("_downloads/*/student-edition.zip"))
    assert len(zips) == 1, "the teacher's guide must link the student edition"
    with zipfile.ZipFile(zips[0]) as zf:
        names = sorted(Path(n).name for n in zf.namelist() if n.endswith(".ipynb"))
        assert names == [p.name for p in chapters]
        # the question files travel with the notebooks, which show their questions unanswered
        yamls = sorted(Path(n).name for n in zf.namelist() if n.endswith(".yaml"))
        assert yamls == sorted(p.name for p in (ROOT / "book" / "questions").glob("*.yaml"))
        chapter1 = zf.read("leveraged-tokens-student/01_what_is_a_leveraged_token.ipynb")
        assert b'ask(\\"ch1-1\\", solution=False)' in chapter1
        for name in zf.namelist():
            assert b"{solution-start}" not in zf.read(name)
