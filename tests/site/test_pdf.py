"""The PDF edition (`make pdf`, tools/book_pdf.py): the whole book, printed as readers see it.

Checked on the PDF itself: a bookmark for the contents, one per page of the toc in order and one
for the answers section; each chapter's title in its pages, every figure (each <img> of the page
is an image in the PDF; each interactive figure is drawn at its default position, its default
title is in the PDF), every solution folded out, and no raw TeX (MathJax typeset everything);
page labels i, ii… for the front matter and 1, 2, … without a break to the end, each body page's
number printed at its foot; a contents page that lists every chapter at the page its bookmark
opens; each question's answer in the answers section and not under the question. And every
chapter's worksheet (its questions and exercises, no answer) and answer key (the answers and the
solutions), linked from the teacher's guide.
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
CHAPTERS = [d for d in DOCS if (ROOT / f"{d}.ipynb").exists()]
ANSWERS = "Answers to the questions"


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
def reader(book_pdf):
    from pypdf import PdfReader

    return PdfReader(book_pdf)


@pytest.fixture(scope="module")
def texts(reader) -> list[str]:
    """The text of every page of the PDF, extracted once."""
    return [p.extract_text() or "" for p in reader.pages]


@pytest.fixture(scope="module")
def chapters(reader, texts):
    """``{doc: (text, n_images)}`` of each toc page's range of PDF pages."""
    starts = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    assert [t for t, _ in starts] == ["Contents", *[h1(d) for d in DOCS], ANSWERS], \
        "bookmarks are not the contents, the toc in order and the answers"
    starts = starts[1:-1]
    bounds = [s for _, s in starts] + [reader.get_destination_page_number(reader.outline[-1])]
    out = {}
    for i, doc in enumerate(DOCS):
        pages = reader.pages[bounds[i]:bounds[i + 1]]
        assert pages, f"{doc}: no page in the PDF"
        out[doc] = ("\n".join(texts[bounds[i]:bounds[i + 1]]),
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
    return json.loads(text[text.index("] = ") + 4:].rstrip().rstrip(";"))


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


def _bookmarks(reader) -> dict[str, int]:
    return {o.title: reader.get_destination_page_number(o) for o in reader.outline}


def test_page_labels_run_on_through_the_book(reader, texts):
    """Front matter i, ii…; then 1, 2, … from the first chapter to the last page, each printed
    at the foot of its page (Chromium numbers each printed page from 1: not used)."""
    labels = list(reader.page_labels)
    first = _bookmarks(reader)[h1(DOCS[0])]
    assert labels[:first] == ["i", "ii", "iii", "iv", "v"][:first] and first >= 2
    assert labels[first:] == [str(n) for n in range(1, len(labels) - first + 1)]
    for index in range(first, len(labels)):
        lines = texts[index].strip().splitlines()
        assert lines and lines[-1].strip().endswith(labels[index]), \
            f"page {labels[index]}: its number is not printed at its foot ({lines[-1:]})"


def test_the_contents_page_lists_every_chapter_at_its_page(reader, texts):
    marks = _bookmarks(reader)
    first = marks[h1(DOCS[0])]
    contents = squash(" ".join(texts[:first]))
    assert squash("Contents") in contents
    assert squash(yaml_title()) in contents
    for title in [*[h1(d) for d in DOCS], ANSWERS]:
        label = reader.page_labels[marks[title]]
        assert squash(title) + label in contents, f"the contents do not list {title} at {label}"


def yaml_title() -> str:
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text())["title"]


def _answers(doc: str) -> list[str]:
    """The first words of each question's folded answer in the page (the web page keeps it)."""
    out = []
    for p in soup(doc).select("details.levtoken-quiz-answer p"):
        strong = p.find("strong")
        out.append(re.sub(r"\s+", " ", strong.get_text(" ")).strip()[:40])
    return out


@pytest.mark.parametrize("doc", CHAPTERS)
def test_answers_are_in_the_answers_section_not_under_the_question(chapters, reader, texts, doc):
    text, _ = chapters[doc]
    section = squash(" ".join(texts[_bookmarks(reader)[ANSWERS]:]))
    answers = _answers(doc)
    assert answers, f"{doc}: no question in the page"
    for answer in answers:
        assert squash(answer) not in squash(text), f"{doc}: '{answer}' printed under its question"
        assert squash(answer) in section, f"{doc}: '{answer}' is not in the answers section"
    prompts = [p.get_text(" ") for p in soup(doc).select(".levtoken-quiz legend")]
    for prompt in prompts:
        words = re.sub(r"\s+", " ", prompt).replace("Predict before you read on", "") \
            .replace("Check yourself", "").strip()[:50]
        assert squash(words) in section, f"{doc}: question {words!r} not in the answers section"


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return squash(" ".join(p.extract_text() or "" for p in PdfReader(path).pages))


def _first_words(el, n=40) -> str:
    """The first words of ``el``'s first paragraph up to its first formula (typeset maths is
    glyphs in the PDF, not the page's TeX)."""
    for junk in el.select(".admonition-title"):
        junk.decompose()
    for math in el.select(".math, mjx-container, .MathJax, code"):
        math.replace_with("\x00")
    body = " ".join(p.get_text(" ") for p in el.select("p")[:1])
    pieces = [re.sub(r"\s+", " ", t).strip() for t in body.split("\x00")]
    first = pieces[0] if len(pieces[0]) >= 12 else max(pieces, key=len)
    return first[:n]


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_chapter_has_a_worksheet_and_an_answer_key(book_pdf, built_book, doc):
    """The worksheet: the chapter's questions and exercises, room to write, no answer and no
    solution. The answer key: the same questions with their answers, the exercises with their
    solutions. Both linked from the teacher's guide."""
    stem = doc.rsplit("/", 1)[1]
    guide = soup("book/teachers_guide")
    page = soup(doc)
    prompts = [re.sub(r"\s+", " ", p.get_text(" ")).replace("Predict before you read on", "")
               .replace("Check yourself", "").strip()[:50]
               for p in page.select(".levtoken-quiz legend")]
    exercises = [_first_words(BeautifulSoup(str(e), "html.parser")) for e in page.select("div.exercise")]
    solutions = [_first_words(BeautifulSoup(str(e), "html.parser")) for e in page.select("div.solution")]
    answers = _answers(doc)
    assert prompts and len(exercises) >= 3 and len(solutions) == len(exercises)
    texts = {}
    for kind in ("worksheet", "answer-key"):
        path = built_book / "printables" / f"{stem}-{kind}.pdf"
        assert path.read_bytes()[:5] == b"%PDF-", f"{doc}: no {kind}"
        assert guide.select(f'a[href="../printables/{stem}-{kind}.pdf"]'), \
            f"the teacher's guide does not link {path.name}"
        texts[kind] = _pdf_text(path)
        for words in [*prompts, *[e for e in exercises if e]]:
            assert squash(words) in texts[kind], f"{path.name}: {words!r} missing"
    for words in [*answers, *[s for s in solutions if s]]:
        assert squash(words) not in texts["worksheet"], f"{stem} worksheet gives away {words!r}"
        assert squash(words) in texts["answer-key"], f"{stem} answer key lacks {words!r}"
    assert squash("Name:") in texts["worksheet"]
    contents = [a.get_text(" ") for a in page.select("#jb-print-toc a")]
    assert contents
    for kind, text in texts.items():   # the sheet, without the chapter's printed contents
        assert squash(("Worksheet: " if kind == "worksheet" else "Answer key: ") + h1(doc)) in text
        assert not [c for c in contents if squash(c) in text], f"{stem} {kind}: the page's contents"
