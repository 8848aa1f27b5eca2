"""The built book: every page present, no errors, figures described, nothing from a CDN."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import HTML, ROOT, toc_files

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
    for rel in ("plotly.min.js", "require.js", "@jupyter-widgets/html-manager/dist/embed-amd.js",
                "mathjax/tex-chtml.js"):
        assert (vendor / rel).stat().st_size > 10_000, rel
    assert list((vendor / "mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))


def test_widget_state_is_embedded_where_a_widget_is_shown(built_book):
    found = 0
    for nb in NOTEBOOKS:
        src = nb.read_text()
        if "_panel()" not in src:
            continue
        html = page(f"book/{nb.stem}").read_text()
        assert "application/vnd.jupyter.widget-state+json" in html, nb.name
        assert "vendor/@jupyter-widgets/html-manager/dist/embed-amd.js" in html, nb.name
        found += 1
    assert found >= 1


def test_every_chapter_has_an_interactive_figure(built_book):
    for nb in NOTEBOOKS:
        soup = BeautifulSoup(page(f"book/{nb.stem}").read_text(), "html.parser")
        if nb.stem.startswith("00"):
            continue
        figs = soup.select("figure.levtoken-explorer")
        assert figs, f"{nb.name}: no interactive figure (levtoken.interactive.StaticExplorer)"
        assert all(f.get("aria-label") for f in figs)


def test_notebooks_offer_binder_and_download(built_book):
    for nb in NOTEBOOKS:
        html = page(f"book/{nb.stem}").read_text()
        assert "mybinder.org/v2/gh/" in html and "urlpath=lab" in html.replace("%2F", "/"), nb.name
        assert f"_sources/book/{nb.stem}.ipynb" in html, nb.name


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
    zips = list(built_book.glob("_downloads/*/student-edition.zip"))
    assert len(zips) == 1, "the teacher's guide must link the student edition"
    with zipfile.ZipFile(zips[0]) as zf:
        names = sorted(Path(n).name for n in zf.namelist())
        assert names == [p.name for p in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))]
        for name in zf.namelist():
            assert b"{solution-start}" not in zf.read(name)
