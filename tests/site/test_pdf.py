"""The PDF edition (`make pdf`, tools/book_pdf.py): the whole book, printed as readers see it.

Checked on the PDF itself: one bookmark per page of the toc in order, each chapter's title in its
pages, every figure (each <img> of the page is an image in the PDF; each interactive figure is
drawn at its default position, its default title is in the PDF), every solution folded out, and
no raw TeX (MathJax typeset everything).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import pytest
from bs4 import BeautifulSoup

from tests.support import HTML, ROOT, toc_files

pytestmark = pytest.mark.build

DOCS = toc_files()


LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\u00ad": ""}


def squash(text: str) -> str:
    """Whitespace-free text without ligatures, so that PDF line breaks do not matter."""
    for lig, letters in LIGATURES.items():
        text = text.replace(lig, letters)
    return re.sub(r"\s+", "", text)


@lru_cache(maxsize=None)
def soup(doc: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{doc}.html").read_text(), "html.parser")


def h1(doc: str) -> str:
    title = soup(doc).select_one("main h1") or soup(doc).find("h1")
    return re.sub(r"\s+", " ", title.get_text(" ")).replace("#", "").strip()


def count_images(obj, seen=None) -> int:
    """Image XObjects drawn by a page (or a form XObject), counted without decoding them."""
    seen = set() if seen is None else seen
    xobjects = (obj.get("/Resources") or {}).get("/XObject") or {}
    n = 0
    for ref in xobjects.values():
        key = getattr(ref, "idnum", id(ref))
        if key in seen:
            continue
        seen.add(key)
        x = ref.get_object()
        if x.get("/Subtype") == "/Image":
            n += 1
        elif x.get("/Subtype") == "/Form":
            n += count_images(x, seen)
    return n


@pytest.fixture(scope="module")
def chapters(book_pdf):
    """``{doc: (text, n_images)}`` of each toc page's range of PDF pages."""
    from pypdf import PdfReader

    reader = PdfReader(book_pdf)
    starts = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [t for t, _ in starts] == [h1(d) for d in DOCS], "bookmarks are not the toc in order"
    bounds = [s for _, s in starts] + [len(reader.pages)]
    out = {}
    for i, doc in enumerate(DOCS):
        pages = reader.pages[bounds[i]:bounds[i + 1]]
        assert pages, f"{doc}: no page in the PDF"
        out[doc] = ("\n".join(p.extract_text() or "" for p in pages),
                    sum(count_images(p) for p in pages))
    return out


def test_pdf_is_written_into_the_site(book_pdf, built_book):
    assert book_pdf == built_book / "leveraged-tokens-computed.pdf"
    assert book_pdf.read_bytes()[:5] == b"%PDF-"
    guide = soup("book/teachers_guide").select('a[href="../leveraged-tokens-computed.pdf"]')
    assert guide, "the teacher's guide must link the PDF edition"


def test_the_pdf_names_its_edition(book_pdf, chapters):
    """The edition of CITATION.cff in the PDF's title and on its pages (the footer)."""
    from pypdf import PdfReader

    from tests.support import book_pdf_tool

    version = book_pdf_tool.edition()
    assert f"edition {version}" in PdfReader(book_pdf).metadata["/Title"]
    text, _ = chapters[DOCS[0]]
    assert squash(f"Edition {version}") in squash(text)


@pytest.mark.parametrize("doc", DOCS)
def test_every_chapter_with_its_title(chapters, doc):
    text, _ = chapters[doc]
    assert squash(h1(doc)) in squash(text), f"{doc}: title '{h1(doc)}' not in its PDF pages"


def _figure_json(doc, script):
    """A figure's JSON: in the page, or in the script file its data-src names (the build moves
    it out of the page: ``(window.levtokenFigures = …)['id'] = {…};``)."""
    if not script.get("data-src"):
        return json.loads(script.string)
    text = (HTML / doc).parent.joinpath(script["data-src"]).read_text(encoding="utf-8")
    return json.loads(text[text.index("= ") + 2:].rstrip().rstrip(";"))


@pytest.mark.parametrize("doc", DOCS)
def test_every_figure_is_printed(chapters, doc):
    text, n_images = chapters[doc]
    article = soup(doc).select_one("article") or soup(doc)
    n_img = len(article.find_all("img"))
    assert n_images >= n_img, f"{doc}: {n_img} images in the page, {n_images} in the PDF"
    for script in article.select("script.levtoken-figure-json"):
        div_id = script["data-for"]  # the figure's JSON, drawn by levtoken-explorer.js
        layout = _figure_json(doc, script)["layout"]
        title = re.sub(r"<[^>]+>", " ", layout["title"]["text"])  # Plotly's <br>
        assert squash(title) in squash(text), f"{doc}: {div_id} not printed at its default ({title})"


@pytest.mark.parametrize("doc", [d for d in DOCS if (ROOT / f"{d}.ipynb").exists()])
def test_solutions_are_folded_out(chapters, doc):
    text, _ = chapters[doc]
    solutions = soup(doc).select("div.solution")
    assert solutions, f"{doc}: no solution in the page"
    for sol in solutions:
        for math in sol.select(".math, mjx-container, .admonition-title"):
            math.decompose()  # typeset maths is glyphs in the PDF, not text
        body = " ".join(p.get_text(" ") for p in sol.select("p")[:2])
        words = re.sub(r"\s+", " ", body).strip()[:40]
        assert words and squash(words) in squash(text), f"{doc}: solution not printed: {words!r}"


def test_no_raw_tex(chapters):
    """MathJax typeset every formula: no TeX delimiter or command of the book's maths is left."""
    math_src, code_src = [], []
    for doc in DOCS:
        path = ROOT / f"{doc}.ipynb"
        if path.exists():
            for cell in json.loads(path.read_text())["cells"]:
                (code_src if cell["cell_type"] == "code" else math_src).append("".join(cell["source"]))
        else:
            math_src.append((ROOT / f"{doc}.md").read_text())
    code = "\n".join(code_src)
    commands = {c for c in re.findall(r"\\([A-Za-z]{2,})", "\n".join(math_src))
                if f"\\{c}" not in code}
    assert {"frac", "sigma"} <= commands  # the book's maths was found
    pattern = re.compile(r"\\(" + "|".join(sorted(commands)) + r")(?![A-Za-z])|\\\(|\\\)|\\\[|\\\]|\$\$")
    for doc, (text, _) in chapters.items():
        raw = sorted(set(m.group(0) for m in pattern.finditer(text)))
        assert raw == [], f"{doc}: raw TeX in the PDF: {raw[:10]}"
