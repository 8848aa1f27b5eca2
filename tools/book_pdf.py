"""Print the built HTML book into one PDF: every page of ``_toc.yml``, in order (``make pdf``).

The PDF is the web book as a reader sees it, printed by the same headless Chromium the browser
test uses, so what it shows has been tested:

* the mathematics is typeset by the book's own MathJax (no raw TeX);
* every static figure and every live panel's default figure is there, and every interactive
  figure is printed at its default slider position (the keyboard control and the "interactive"
  badge are left out on paper);
* the exercises' **solutions are folded out** (printed under each exercise), and so are the
  derivation dropdowns. The student edition (teacher's guide) is the version without solutions;
* the predict-then-check questions are printed without their answers, which are collected in
  an answers section at the end ("Answers to the questions"), so a printed chapter can be used
  to predict first;
* a title page and a contents page with each page's number come first; the pages are numbered
  from the first chapter to the end (the PDF's page labels: i, ii for the front matter, then
  1, 2, …, the number printed at the foot of each page), one bookmark per page of the toc.

Each page is printed on its own (A4, print CSS in ``book/_static/levtoken.css``), then the
pages are merged with pypdf, which also writes the page labels and prints the page numbers
(Chromium's own page counter restarts with each printed page, so it is not used). The title
page, the contents and the answers section are small generated pages printed by the same
Chromium session, after the chapters, once their page counts are known.

**Printables.** In the same session, every chapter's page is also printed as a **worksheet**
(its questions to predict, its exercises, room to write, no answers) and an **answer key** (the
questions with their answers, the exercises with their solutions), into
``<html>/printables/NN_slug-worksheet.pdf`` and ``NN_slug-answer-key.pdf``, which the teacher's
guide links. They reuse the chapter's typeset page (its questions, exercises and solutions), so
they cost one print each, not a page load.

Nothing is fetched from the network: the pages are served from the build folder on 127.0.0.1
and every other request is refused.

Usage::

    python -m tools.book_pdf [--html _build/html] [--out _build/html/leveraged-tokens-computed.pdf]
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import io
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HTML = ROOT / "_build" / "html"
PDF_NAME = "leveraged-tokens-computed.pdf"
#: The folder of the site where each chapter's worksheet and answer key are written.
PRINTABLES = "printables"
#: CSS pixels of the printed page's layout: A4 minus margins, divided by SCALE.
VIEWPORT = {"width": 860, "height": 1100}
SCALE = 0.8
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}

# Open every fold (solutions, derivations), then wait for the maths' fonts, Plotly and the widget views.
PREPARE_JS = """
async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  // images load lazily in the web page: load every one before printing
  document.querySelectorAll('img[loading="lazy"]').forEach(i => { i.loading = 'eager'; });
  await Promise.all([...document.images].map(i => i.complete ? null
    : new Promise(done => { i.addEventListener('load', done); i.addEventListener('error', done); })));
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
  // the formulas' fonts (typeset when the book was built): every one loaded before printing
  await Promise.all([...document.fonts].filter(f => f.family.startsWith('MJX'))
    .map(f => f.load().catch(() => null)));
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
    // formulas are typeset as they near the screen (MathJax's ui/lazy): typeset them all
    const doc = MathJax.startup.document;
    if (doc && doc.lazyTypesetAll) { await doc.lazyTypesetAll(); }
    if (MathJax.typesetPromise) { await MathJax.typesetPromise(); }
  }
  return true;
}
"""


def toc_docs(root: Path = ROOT) -> list[str]:
    """Every document of ``_toc.yml`` (root first), relative to the root, without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    docs = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                docs.append(entry["file"])
            walk(entry.get("sections"))

    walk(toc.get("chapters"))
    for part in toc.get("parts") or []:
        walk(part.get("chapters"))
    return docs


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server for the built site that does not log every request."""

    def log_message(self, *args):
        pass


#: Flags for headless Chromium on a machine with no network but loopback (shared with the tests).
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]

#: What to do when Chromium is missing (the tool exits with it, the tests fail with it).
CHROMIUM_MISSING = ("Chromium is required and was not found on PATH. Install it: "
                    "'sudo apt-get install chromium' (Debian/Ubuntu).")


def find_chromium() -> str | None:
    """Path of the system Chromium (``chromium`` or ``chromium-browser``), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium() -> str:
    path = find_chromium()
    if path is None:
        sys.exit(f"book_pdf: {CHROMIUM_MISSING}")
    return path


def edition(root: Path = ROOT) -> str:
    """The book's edition (``version`` of ``CITATION.cff``), printed in every page's footer."""
    return str(yaml.safe_load((root / "CITATION.cff").read_text())["version"])


def block_network(context) -> list[str]:
    """Abort every request of a Playwright browser ``context`` that is not to 127.0.0.1 (or a
    ``data:`` URL), as a reader offline would see the page; return the list that records the
    aborted URLs (the browser tests assert it stays empty)."""
    blocked: list[str] = []

    def route(r):
        if urlparse(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith("data:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return blocked


# Collect each predict-then-check question (its prompt, choices and folded answer), then take
# the folded answer out of the page: the printed book gathers the answers at its end.
QUIZZES_JS = """
() => [...document.querySelectorAll('.levtoken-quiz')].map(box => {
  const legend = box.querySelector('legend').cloneNode(true);
  const kind = legend.querySelector('.levtoken-quiz-kind');
  const kindText = kind ? kind.textContent.trim() : '';
  if (kind) { kind.remove(); }
  const answer = box.querySelector('details.levtoken-quiz-answer p');
  const unit = box.querySelector('label[for$="-input"]');
  const q = {id: box.dataset.question, kind: kindText, prompt: legend.textContent.trim(),
             choices: [...box.querySelectorAll('.levtoken-quiz-choice label')].map(l => l.textContent.trim()),
             unit: unit ? unit.textContent.trim() : '',
             answer: answer ? answer.innerHTML : ''};
  const details = box.querySelector('details.levtoken-quiz-answer');
  if (details) {
    const note = document.createElement('p');
    note.className = 'levtoken-quiz-answer-note';
    note.textContent = 'The answer is in "Answers to the questions" at the end of the book.';
    details.replaceWith(note);
  }
  return q;
})
"""

#: The style of the worksheets and answer keys (injected with their content).
PRINTABLE_CSS = """
.levtoken-printable { font-size: 1.05rem; }
.levtoken-printable h1 { font-size: 1.7rem; margin-bottom: .2rem; }
.levtoken-printable .lt-meta { color: #333; margin-bottom: 1.2rem; }
.levtoken-printable .lt-name { border-bottom: 1px solid #555; display: inline-block; width: 45%; margin-right: 4%; padding-top: 1.4rem; }
.levtoken-printable h2 { font-size: 1.3rem; margin-top: 1.6rem; }
.levtoken-printable .lt-item { break-inside: avoid; margin: 1rem 0 1.4rem; }
.levtoken-printable .lt-kind { font-weight: 600; }
.levtoken-printable ul.lt-choices { list-style: none; padding-left: .5rem; }
.levtoken-printable ul.lt-choices li::before { content: "\\2610\\00a0\\00a0"; }
.levtoken-printable .lt-write { border: 1px solid #777; border-radius: 4px; margin-top: .5rem;
  background: repeating-linear-gradient(to bottom, transparent 0, transparent 2.05rem, #bbb 2.05rem, #bbb 2.1rem); }
.levtoken-printable .lt-answer { border-left: 4px solid #1460cc; padding-left: .8rem; margin-top: .4rem; }
.levtoken-printable .admonition { break-inside: auto; }
"""

# Replace the page's article by a worksheet or an answer key made of the page's own (typeset)
# questions, exercises and solutions. arg: [kind, chapter title, quizzes, edition].
PRINTABLE_JS = """
([kind, title, quizzes, edition, css]) => {
  const key = kind === 'answer-key';
  const article = document.querySelector('main article') || document.querySelector('article');
  article.querySelectorAll(':scope > .levtoken-printable').forEach(e => e.remove());
  const exercises = [...article.querySelectorAll('div.exercise')];
  const solutions = [...article.querySelectorAll('div.solution')];
  const out = document.createElement('div');
  out.className = 'levtoken-printable';
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text; return e; };
  const style = el('style'); style.textContent = css; out.append(style);
  out.append(el('h1', '', (key ? 'Answer key: ' : 'Worksheet: ') + title));
  const meta = el('p', 'lt-meta', (key ? 'For the teacher. ' : 'Predict first, then check in the book. ')
    + 'Leveraged Tokens, Computed, edition ' + edition + '.');
  out.append(meta);
  if (!key) { out.append(el('span', 'lt-name', 'Name:'), el('span', 'lt-name', 'Date:')); }
  if (quizzes.length) {
    out.append(el('h2', '', 'Questions: predict, then check'));
    quizzes.forEach((q, i) => {
      const item = el('div', 'lt-item');
      const p = el('p'); p.append(el('span', 'lt-kind', (i + 1) + '. ' + q.kind + ': '), q.prompt);
      item.append(p);
      if (q.choices.length) {
        const ul = el('ul', 'lt-choices'); q.choices.forEach(c => ul.append(el('li', '', c))); item.append(ul);
      } else if (!key) {
        item.append(el('p', '', q.unit.replace(/:$/, '') + ': ______________'));
      }
      if (key) {
        const a = el('div', 'lt-answer'); a.innerHTML = q.answer; item.append(a);
      } else {
        const w = el('div', 'lt-write'); w.style.height = '4.2rem'; item.append(w);
      }
      out.append(item);
    });
  }
  if (exercises.length) {
    out.append(el('h2', '', 'Exercises'));
    exercises.forEach((ex, i) => {
      const item = el('div', 'lt-item');
      item.append(ex.cloneNode(true));
      if (key) {
        if (solutions[i]) { item.append(solutions[i].cloneNode(true)); }
      } else {
        const w = el('div', 'lt-write'); w.style.height = '12.6rem'; item.append(w);
      }
      out.append(item);
    });
  }
  out.querySelectorAll('[id]').forEach(e => e.removeAttribute('id'));
  [...article.children].forEach(c => { c.style.display = 'none'; });
  article.append(out);
  // the page's own print title and contents (the theme shows them on paper) are not the sheet's
  document.querySelectorAll('.bd-sidebar-secondary, .bd-sidebar-primary, .prev-next-area, footer, '
    + '.bd-header-article, #jb-print-docs-body').forEach(e => e.remove());
  window.scrollTo(0, 0);
  return [exercises.length, solutions.length];
}
"""

FRONT_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #111; }
.title { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.title h1 { font-size: 30pt; margin: 0 0 8mm; }
.title .sub { font-size: 14pt; margin: 0 12mm 14mm; line-height: 1.4; }
.title p { font-size: 11pt; margin: 2mm 0; }
h2 { font-size: 18pt; margin: 0 0 6mm; }
.part { font-weight: bold; margin: 5mm 0 1.5mm; font-size: 11pt; }
.row { display: flex; align-items: baseline; font-size: 11pt; margin: 1.2mm 0 1.2mm 4mm; }
.row .t { flex: 0 1 auto; }
.row .dots { flex: 1 1 auto; border-bottom: 1px dotted #777; margin: 0 2mm; transform: translateY(-1mm); }
.row .n { flex: 0 0 auto; }
section.answers h2 { font-size: 17pt; }
section.answers h3 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
section.answers .q { break-inside: avoid; margin: 0 0 3.5mm; font-size: 10.5pt; line-height: 1.4; }
section.answers .a { margin: 1mm 0 0 5mm; }
section.answers a { color: inherit; text-decoration: none; }
"""


def toc_parts(root: Path = ROOT) -> list[tuple[str | None, list[str]]]:
    """The toc's parts: ``(caption, docs)``, the root document first (with no caption)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    parts: list[tuple[str | None, list[str]]] = [(None, [toc["root"]])]

    def walk(entries, into):
        for entry in entries or []:
            if "file" in entry:
                into.append(entry["file"])
            walk(entry.get("sections"), into)

    if toc.get("chapters"):
        docs: list[str] = []
        walk(toc["chapters"], docs)
        parts.append((None, docs))
    for part in toc.get("parts") or []:
        docs = []
        walk(part.get("chapters"), docs)
        parts.append((part.get("caption"), docs))
    return parts


class Printer:
    """One headless Chromium session on the built site, served on 127.0.0.1 (nothing else is
    reachable): prints the book's pages, its printables and generated pages."""

    def __init__(self, html_dir: Path):
        self.html_dir = Path(html_dir)

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        handler = functools.partial(QuietHandler, directory=str(self.html_dir))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS)
        context = self.browser.new_context(viewport=VIEWPORT)
        block_network(context)
        self.page = context.new_page()
        return self

    def __exit__(self, *exc):
        try:
            self.browser.close()
            self._pw.stop()
        finally:
            self.server.shutdown()

    def pdf(self, footer: str) -> bytes:
        """Print the current page (A4, the book's scale and margins) with ``footer``."""
        return self.page.pdf(format="A4", print_background=True, scale=SCALE, margin=MARGIN,
                             display_header_footer=True, header_template="<span></span>",
                             footer_template=(
                                 '<div style="font-size:8px;width:100%;text-align:center;'
                                 f'color:#444">{html.escape(footer)}</div>'))

    def open_doc(self, doc: str) -> tuple[str, list[dict]]:
        """Load ``doc``, draw and typeset everything, open every fold but the questions'
        answers, which are collected and taken out; return its title and its questions."""
        page = self.page
        page.goto(f"{self.base}/{doc}.html", wait_until="networkidle")
        if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
            page.wait_for_selector(".jupyter-widgets img[alt]", state="attached", timeout=30000)
        # interactive figures are drawn as they near the screen: draw them all now
        page.evaluate("() => window.levtokenExplorers && levtokenExplorers.drawAll()")
        for fig in page.locator(".plotly-graph-div").all():
            fig.locator("g.cartesianlayer").first.wait_for(state="attached", timeout=30000)
        quizzes = page.evaluate(QUIZZES_JS)
        page.evaluate(PREPARE_JS)
        page.wait_for_timeout(300)
        title = page.locator("main h1").first.inner_text().strip().rstrip("#").strip()
        return title, quizzes

    def printable(self, kind: str, title: str, quizzes: list[dict], version: str) -> bytes:
        """The open chapter as a worksheet or an answer key (``kind``), printed."""
        n_ex, n_sol = self.page.evaluate(PRINTABLE_JS, [kind, title, quizzes, version,
                                                        PRINTABLE_CSS])
        if kind == "answer-key" and n_ex != n_sol:
            raise RuntimeError(f"{title}: {n_ex} exercises but {n_sol} solutions in the page")
        name = "Answer key" if kind == "answer-key" else "Worksheet"
        return self.pdf(f"{name}: {title} · Edition {version}")

    def html_pdf(self, body: str, footer: str | None) -> bytes:
        """Print a generated HTML page (``body``, with :data:`FRONT_CSS`)."""
        self.page.set_content(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                              f"<style>{FRONT_CSS}</style></head><body>{body}</body></html>",
                              wait_until="load")
        if footer is None:
            return self.page.pdf(format="A4", print_background=True,
                                 margin={"top": "22mm", "bottom": "22mm", "left": "20mm",
                                         "right": "20mm"})
        return self.page.pdf(format="A4", print_background=True, margin=MARGIN,
                             display_header_footer=True, header_template="<span></span>",
                             footer_template=(
                                 '<div style="font-size:8px;width:100%;text-align:center;'
                                 f'color:#444">{html.escape(footer)}</div>'))


def _plain(answer_html: str) -> str:
    """A question's answer as printed in the answers section: its text and emphasis, no links."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(answer_html, "html.parser")
    for a in soup.find_all("a"):
        a.replace_with(a.get_text())
    return str(soup)


def answers_html(chapters: list[tuple[str, list[dict]]]) -> str:
    """The answers section: every chapter's predict-then-check questions with their answers."""
    parts = ['<section class="answers"><h2>Answers to the questions</h2>',
             "<p>The answers to the predict-then-check questions of each chapter, computed by the "
             "book's library. In the chapters each question leaves its answer out, so a printed "
             "chapter can be used to predict first.</p>"]
    for title, quizzes in chapters:
        if not quizzes:
            continue
        parts.append(f"<h3>{html.escape(title)}</h3>")
        for i, q in enumerate(quizzes, 1):
            choices = "".join(f"<li>{html.escape(c)}</li>" for c in q["choices"])
            parts.append(f'<div class="q"><strong>{i}. {html.escape(q["kind"])}:</strong> '
                         f'{html.escape(q["prompt"])}'
                         + (f"<ul>{choices}</ul>" if choices else "")
                         + f'<div class="a">{_plain(q["answer"])}</div></div>')
    parts.append("</section>")
    return "".join(parts)


def front_html(book_title: str, entries: list[tuple[str | None, str, int]],
               root: Path = ROOT) -> str:
    """The title page and the contents page (``entries``: part caption, title, page number)."""
    cff = yaml.safe_load((root / "CITATION.cff").read_text())
    abstract = str(cff.get("abstract", "")).split(". ")[0].rstrip(".") + "."
    authors = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}"
                        for a in cff.get("authors", []))
    rows, last_part = [], object()
    for part, title, number in entries:
        if part != last_part and part:
            rows.append(f'<div class="part">{html.escape(part)}</div>')
        last_part = part
        rows.append(f'<div class="row"><span class="t">{html.escape(title)}</span>'
                    f'<span class="dots"></span><span class="n">{number}</span></div>')
    return (f'<div class="title"><h1>{html.escape(book_title)}</h1>'
            f'<p class="sub">{html.escape(abstract)}</p>'
            f"<p>{html.escape(authors)}</p>"
            f"<p>Edition {html.escape(str(cff['version']))}, {html.escape(str(cff.get('date-released', '')))}</p>"
            "<p>Code under the MIT licence, text under CC BY 4.0.</p></div>"
            f'<section class="contents"><h2>Contents</h2>{"".join(rows)}</section>')


def _stamp_numbers(writer, first: int, last: int) -> None:
    """Print the page number (1 on page ``first``) at the foot of pages ``first``..``last`` of
    ``writer``, in Helvetica (one of PDF's standard fonts: nothing embedded)."""
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    for index in range(first, last + 1):
        page = writer.pages[index]
        number = str(index - first + 1)
        width = float(page.mediabox.width)
        x = width - 34.0 - 0.556 * 7 * len(number)   # right-aligned 12 mm from the edge
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        fonts[NameObject("/LTPageNumber")] = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources
        contents = page.get_contents()
        if contents is None:
            contents = ContentStream(None, writer)
        # the page's own drawing in its own graphics state; then the number on the baseline of
        # Chromium's footer line (16.5 pt above the foot), in its grey
        contents.set_data(b"q\n" + contents.get_data() + b"\nQ\n"
                          + f"q BT /LTPageNumber 7 Tf 0.27 g {x:.2f} 16.5 Td ({number}) Tj ET Q\n"
                          .encode())
        page.replace_contents(contents)
        page.compress_content_streams()


def build_pdf(html_dir: Path = DEFAULT_HTML, out: Path | None = None,
              printables: bool = True) -> Path:
    """Print the built book in ``html_dir`` to one PDF (by default inside the site) and, with
    ``printables``, every chapter's worksheet and answer key (``<html>/printables/``)."""
    from pypdf import PdfReader, PdfWriter

    html_dir = Path(html_dir)
    if not (html_dir / "index.html").exists():
        raise FileNotFoundError(f"html_dir must hold a built book (index.html), got {html_dir}; "
                                "run 'make book' first")
    out = Path(out) if out else html_dir / PDF_NAME
    book_title = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    version = edition()
    parts = toc_parts()
    docs = [d for _, ds in parts for d in ds]
    printed, asked = [], []
    with Printer(html_dir) as printer:
        for doc in docs:
            title, quizzes = printer.open_doc(doc)
            printed.append((doc, title, printer.pdf(f"{title} · Edition {version}")))
            asked.append((title, quizzes))
            if printables and (ROOT / f"{doc}.ipynb").exists():
                folder = html_dir / PRINTABLES
                folder.mkdir(exist_ok=True)
                stem = Path(doc).name
                for kind in ("worksheet", "answer-key"):
                    (folder / f"{stem}-{kind}.pdf").write_bytes(
                        printer.printable(kind, title, quizzes, version))
        answers_title = "Answers to the questions"
        printed.append((None, answers_title,
                        printer.html_pdf(answers_html(asked), f"{answers_title} · Edition {version}")))
        # where each document starts, counting from the first page of the first chapter
        starts, page_no = [], 1
        for _, title, pdf in printed:
            starts.append(page_no)
            page_no += len(PdfReader(io.BytesIO(pdf)).pages)
        part_of = {d: caption for caption, ds in parts for d in ds}
        entries = [(part_of.get(doc), title, start)
                   for (doc, title, _), start in zip(printed, starts)]
        front = printer.html_pdf(front_html(book_title, entries), None)

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)), import_outline=False)
    n_front = len(writer.pages)
    writer.add_outline_item(title="Contents", page_number=1 if n_front > 1 else 0)
    for _, title, pdf in printed:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
        writer.add_outline_item(title=title, page_number=start)
    n_pages = len(writer.pages)
    writer.set_page_label(0, n_front - 1, style="/r", start=1)
    writer.set_page_label(n_front, n_pages - 1, style="/D", start=1)
    _stamp_numbers(writer, n_front, n_pages - 1)
    writer.add_metadata({"/Title": f"{book_title}, edition {version}",
                         "/Subject": "The HTML book, printed: a contents page, the exercises with "
                         "their solutions folded out, the questions' answers at the end.",
                         "/Version": version})
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=DEFAULT_HTML, help="the built HTML book")
    parser.add_argument("--out", type=Path, default=None,
                        help=f"the PDF to write (default: <html>/{PDF_NAME})")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    out = build_pdf(args.html, args.out)
    print(f"The PDF edition is in {out} ({out.stat().st_size / 1e6:.1f} MB, "
          f"{time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
