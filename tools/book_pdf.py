"""Print the built HTML book into one PDF: every page of ``_toc.yml``, in order (``make pdf``).

The PDF is the web book as a reader sees it, printed by the same headless Chromium the browser
test uses, so what it shows has been tested:

* the mathematics is typeset by the book's own MathJax (no raw TeX);
* every static figure and every live panel's default figure is there, and every interactive
  figure is printed at its default slider position (the keyboard control and the "interactive"
  badge are left out on paper);
* the exercises' **solutions are folded out** (printed under each exercise), and so are the
  derivation dropdowns. The student edition (teacher's guide) is the version without solutions.

Each page is printed on its own (A4, print CSS in ``book/_static/levtoken.css``), then the
pages are merged with pypdf, one bookmark per chapter. Nothing is fetched from the network:
the pages are served from the build folder on 127.0.0.1 and every other request is refused.

Usage::

    python -m tools.book_pdf [--html _build/html] [--out _build/html/leveraged-tokens-computed.pdf]
"""

from __future__ import annotations

import argparse
import functools
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
#: CSS pixels of the printed page's layout: A4 minus margins, divided by SCALE.
VIEWPORT = {"width": 860, "height": 1100}
SCALE = 0.8
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}

# Open every fold (solutions, derivations), then wait for MathJax, Plotly and the widget views.
PREPARE_JS = """
async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  // images load lazily in the web page: load every one before printing
  document.querySelectorAll('img[loading="lazy"]').forEach(i => { i.loading = 'eager'; });
  await Promise.all([...document.images].map(i => i.complete ? null
    : new Promise(done => { i.addEventListener('load', done); i.addEventListener('error', done); })));
  document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
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


def print_pages(html_dir: Path, docs: list[str]) -> list[tuple[str, bytes]]:
    """Print each page to PDF bytes; return ``(title, pdf)`` in toc order."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    printed = []
    version = edition()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium(),
                                         args=CHROMIUM_FLAGS)
            context = browser.new_context(viewport=VIEWPORT)
            block_network(context)
            page = context.new_page()
            for doc in docs:
                page.goto(f"{base}/{doc}.html", wait_until="networkidle")
                if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
                    page.wait_for_selector(".jupyter-widgets img[alt]", state="attached",
                                           timeout=30000)
                # interactive figures are drawn as they near the screen: draw them all now
                page.evaluate("() => window.levtokenExplorers && levtokenExplorers.drawAll()")
                for fig in page.locator(".plotly-graph-div").all():
                    fig.locator("g.cartesianlayer").first.wait_for(state="attached", timeout=30000)
                page.evaluate(PREPARE_JS)
                page.wait_for_timeout(300)
                title = page.locator("main h1").first.inner_text().strip().rstrip("#").strip()
                pdf = page.pdf(format="A4", print_background=True, scale=SCALE, margin=MARGIN,
                               display_header_footer=True, header_template="<span></span>",
                               footer_template=(
                                   '<div style="font-size:8px;width:100%;text-align:center;'
                                   'color:#444">' + title.replace("<", "&lt;")
                                   + f' · Edition {version} · <span class="pageNumber"></span>'
                                   '</div>'))
                printed.append((title, pdf))
            browser.close()
    finally:
        server.shutdown()
    return printed


def merge(printed: list[tuple[str, bytes]], out: Path, book_title: str) -> Path:
    """Concatenate the printed pages into ``out`` with one bookmark per page of the toc."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for title, pdf in printed:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
        writer.add_outline_item(title=title, page_number=start)
    writer.add_metadata({"/Title": f"{book_title}, edition {edition()}",
                         "/Subject": "The HTML book, printed; exercises with their solutions "
                         "folded out.", "/Version": edition()})
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out


def build_pdf(html_dir: Path = DEFAULT_HTML, out: Path | None = None) -> Path:
    """Print the built book in ``html_dir`` to one PDF (by default inside the site)."""
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").exists():
        raise FileNotFoundError(f"html_dir must hold a built book (index.html), got {html_dir}; "
                                "run 'make book' first")
    out = Path(out) if out else html_dir / PDF_NAME
    book_title = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    return merge(print_pages(html_dir, toc_docs()), out, book_title)


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
