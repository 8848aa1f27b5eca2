"""What a reader's browser downloads: bytes and requests per page at first load, and Lighthouse.

    python -m benchmarks.bench_pages [--html _build/html] [--lighthouse PAGE ...] [--no-lighthouse]
                                     [--mobile PAGE ...] [--no-mobile] [--runs N] [--no-screens]

Serves the built site (``make book``) on 127.0.0.1 and loads every page of ``_toc.yml`` in the
system Chromium (Playwright) with an empty cache and the network blocked (any request not to
127.0.0.1 is aborted and counted). Prints per page: the bytes of every response received until
the network is idle, the number of requests, and the requests blocked. Then runs Lighthouse
(``node_modules/.bin/lighthouse``, pinned in ``package.json``; desktop preset, the same Chromium)
on the intro, chapter 3 and chapter 8 and prints its performance, accessibility and best-practice
scores with the first and largest contentful paint and total blocking time; then Lighthouse's
*mobile* preset (its default: a phone's screen, a throttled 4G network and a 4x slower CPU) on the
intro, chapter 3 and chapter 9, five times each, reporting Lighthouse's median run (its
``computeMedianRun``) with every run's score beside it. Last, the length of each chapter: its height in desktop screens
(1366x900, folded parts closed, as a reader first sees it) and phone screens (390x844), and its
reading time (the words of its text, code and outputs left out, at 200 words a minute).

The site is served gzip-compressed where the client asks for it, as GitHub Pages serves it (and
Lighthouse's simulated network counts transferred bytes); the "bytes" column is the uncompressed
size of what was loaded, the "wire" column what crossed the network.

Targets (issue 19): a chapter <= 4 MB, a text page <= 2 MB; Lighthouse performance >= 90,
accessibility and best practices >= 95. Issue 27: mobile performance >= 90 on the three pages
above; no chapter over 20 desktop screens.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from tools import book_pdf

ROOT = Path(__file__).resolve().parents[1]

CHAPTER_MB, TEXT_MB = 4.0, 2.0
PERF, A11Y, BEST = 90, 95, 95
LIGHTHOUSE_PAGES = ["book/intro", "book/03_volatility_decay", "book/08_real_tokens"]
MOBILE_PAGES = ["book/intro", "book/03_volatility_decay", "book/09_real_prices"]
MOBILE_PERF = 90
#: Lighthouse's mobile score varies from run to run on the same page (its simulation of a slow
#: phone starts from one real load): its median of 5 runs, as Lighthouse's documentation on
#: variability advises ("Run Lighthouse multiple times"), every run's score printed beside it
MOBILE_RUNS = 5
DESKTOP_SCREEN = {"width": 1366, "height": 900}
PHONE_SCREEN = {"width": 390, "height": 844}
MAX_SCREENS = 20
WORDS_PER_MINUTE = 200
#: The words a reader reads: the article without code, outputs, figures and folded parts.
PROSE_WORDS = """() => {
  const article = document.querySelector('article') || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll('.cell_input, .cell_output, pre, figure, script, style, mjx-container, '
                        + 'details:not([open]) > :not(summary), .toggle-hidden .admonition-title ~ *'
                        + ', .headerlink').forEach(e => e.remove());
  return (copy.textContent.match(/[A-Za-z0-9][\\w'’.,%-]*/g) || []).length;
}"""
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".ipynb")


class GzipHandler(book_pdf.QuietHandler):
    """The quiet static server, gzip-encoding text files when the client accepts it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def serve(html: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def is_chapter(doc: str) -> bool:
    return (ROOT / f"{doc}.ipynb").exists()


def measure_weight(base: str, docs: list[str]) -> list[dict]:
    """Bytes (decoded and on the wire), requests and blocked requests of each page's first load."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=book_pdf.chromium(),
                                     args=book_pdf.CHROMIUM_FLAGS)
        for doc in docs:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            blocked = book_pdf.block_network(context)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            wire: dict[str, int] = {}
            cdp.on("Network.loadingFinished",
                   lambda e, wire=wire: wire.__setitem__(e["requestId"], e["encodedDataLength"]))
            finished = []
            page.on("requestfinished", lambda req: finished.append(req))
            page.goto(f"{base}/{doc}.html", wait_until="networkidle")
            page.wait_for_timeout(300)
            decoded = 0
            for req in finished:
                if req.url.startswith("data:"):
                    continue
                resp = req.response()
                try:
                    decoded += len(resp.body()) if resp else 0
                except Exception:  # a response whose body is gone (redirect): count nothing
                    pass
            rows.append(dict(doc=doc, chapter=is_chapter(doc), requests=len(
                [r for r in finished if not r.url.startswith("data:")]),
                bytes=decoded, wire=sum(wire.values()), blocked=len(blocked)))
            context.close()
        browser.close()
    return rows


def measure_length(base: str, docs: list[str]) -> list[dict]:
    """Each page's height in desktop and phone screens (as first loaded: folded parts closed)
    and its reading minutes."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=book_pdf.chromium(),
                                     args=book_pdf.CHROMIUM_FLAGS)
        for doc in docs:
            row = dict(doc=doc, chapter=is_chapter(doc))
            for key, screen, phone in (("desktop", DESKTOP_SCREEN, False),
                                       ("phone", PHONE_SCREEN, True)):
                context = browser.new_context(viewport=screen, is_mobile=phone, has_touch=phone)
                book_pdf.block_network(context)
                page = context.new_page()
                page.goto(f"{base}/{doc}.html", wait_until="networkidle")
                # figures take their final size as they near the screen, and sections far from
                # it are not laid out (content-visibility): draw them all, each contained as
                # when it is drawn (its margins do not collapse with its neighbours')
                page.evaluate("""async () => {
                  const s = document.createElement('style');
                  s.textContent = 'article.bd-article > section > section { '
                    + 'content-visibility: visible !important; contain: layout style paint; }';
                  document.head.append(s);
                  if (window.levtokenExplorers) await window.levtokenExplorers.drawAll();
                  for (const img of document.images) img.loading = 'eager';
                }""")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                height = page.evaluate("() => document.documentElement.scrollHeight")
                row[key] = height / screen["height"]
                if not phone:
                    row["minutes"] = page.evaluate(PROSE_WORDS) / WORDS_PER_MINUTE
                context.close()
            rows.append(row)
        browser.close()
    return rows


def _lighthouse_report(base: str, doc: str, mobile: bool, out: Path) -> None:
    """One Lighthouse run on ``doc``, its JSON report written to ``out``."""
    exe = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not exe.exists():
        raise SystemExit("Lighthouse is missing: run 'npm ci' (or 'make setup').")
    chrome = book_pdf.chromium()
    preset = [] if mobile else ["--preset=desktop"]
    cmd = [str(exe), f"{base}/{doc}.html", *preset, "--quiet",
           "--only-categories=performance,accessibility,best-practices",
           "--output=json", f"--output-path={out}", f"--chrome-path={chrome}",
           "--chrome-flags=" + " ".join(book_pdf.CHROMIUM_FLAGS)]
    env = {**os.environ, "CHROME_PATH": chrome}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {doc}:\n{proc.stderr[-3000:]}")


#: Lighthouse's own choice of a representative run (lighthouse/core/lib/median-run.js): the
#: run nearest the median first contentful paint and time to interactive.
MEDIAN_RUN_JS = """
import {readFileSync} from 'fs';
import {computeMedianRun} from %s;
const runs = process.argv.slice(1).map(f => JSON.parse(readFileSync(f, 'utf8')));
process.stdout.write(String(runs.indexOf(computeMedianRun(runs))));
"""


def lighthouse(base: str, doc: str, mobile: bool = False, runs: int = 1) -> dict:
    """Lighthouse's desktop preset, or with ``mobile`` its default (mobile) settings, ``runs``
    times: the figures of Lighthouse's median run (``computeMedianRun``, as its documentation on
    variability advises for several runs), with every run's performance score in ``scores``."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"report-{i}.json" for i in range(runs)]
        for path in paths:
            _lighthouse_report(base, doc, mobile, path)
        reports = [json.loads(path.read_text()) for path in paths]
        median = 0
        if runs > 1:
            module = ROOT / "node_modules" / "lighthouse" / "core" / "lib" / "median-run.js"
            proc = subprocess.run(
                ["node", "--input-type=module", "-e",
                 MEDIAN_RUN_JS % json.dumps(module.as_uri()), *map(str, paths)],
                capture_output=True, text=True, timeout=60)
            if proc.returncode != 0:
                raise SystemExit(f"Lighthouse's median run failed:\n{proc.stderr[-2000:]}")
            median = int(proc.stdout)
    report = reports[median]
    cats, audits = report["categories"], report["audits"]
    return dict(doc=doc, performance=round(100 * cats["performance"]["score"]),
                scores=[round(100 * r["categories"]["performance"]["score"]) for r in reports],
                accessibility=round(100 * cats["accessibility"]["score"]),
                best=round(100 * cats["best-practices"]["score"]),
                fcp=audits["first-contentful-paint"]["numericValue"] / 1000,
                lcp=audits["largest-contentful-paint"]["numericValue"] / 1000,
                tbt=audits["total-blocking-time"]["numericValue"],
                si=audits["speed-index"]["numericValue"] / 1000,
                cls=audits["cumulative-layout-shift"]["numericValue"],
                failed=[a["id"] for c in ("accessibility", "best-practices")
                        for a in (audits[r["id"]] for r in cats[c]["auditRefs"])
                        if a.get("score") is not None and a["score"] < 1
                        and a.get("scoreDisplayMode") == "binary"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    ap.add_argument("--lighthouse", nargs="*", default=LIGHTHOUSE_PAGES, metavar="DOC")
    ap.add_argument("--no-lighthouse", action="store_true")
    ap.add_argument("--mobile", nargs="*", default=MOBILE_PAGES, metavar="DOC",
                    help="pages for Lighthouse's mobile preset (default: intro, chapters 3, 9)")
    ap.add_argument("--no-mobile", action="store_true")
    ap.add_argument("--runs", type=int, default=MOBILE_RUNS,
                    help="Lighthouse runs per page for the mobile preset; its median run is "
                         f"reported (default {MOBILE_RUNS})")
    ap.add_argument("--no-screens", action="store_true", help="skip the chapters' length")
    ap.add_argument("--no-weight", action="store_true", help="skip the bytes per page")
    ap.add_argument("--pages", nargs="*", default=None, metavar="DOC",
                    help="only these documents (default: every page of _toc.yml)")
    args = ap.parse_args(argv)
    if not (args.html / "index.html").exists():
        raise SystemExit(f"{args.html} has no built book: run 'make book' first.")
    docs = args.pages or book_pdf.toc_docs(ROOT)
    server, base = serve(args.html)
    ok = True
    try:
        print(f"{'page':<42} {'kind':<8} {'MB':>6} {'wire MB':>8} {'requests':>8} "
              f"{'blocked':>7}  target")
        for r in ([] if args.no_weight else measure_weight(base, docs)):
            limit = CHAPTER_MB if r["chapter"] else TEXT_MB
            met = r["bytes"] / 1e6 <= limit and r["blocked"] == 0
            ok &= met
            print(f"{r['doc']:<42} {'chapter' if r['chapter'] else 'text':<8} "
                  f"{r['bytes'] / 1e6:6.2f} {r['wire'] / 1e6:8.2f} {r['requests']:8d} "
                  f"{r['blocked']:7d}  <= {limit:g} MB {'ok' if met else 'MISSED'}")
        if not args.no_lighthouse and args.lighthouse:
            print(f"\n{'Lighthouse (desktop)':<42} {'perf':>5} {'a11y':>5} {'best':>5} "
                  f"{'FCP s':>6} {'LCP s':>6} {'TBT ms':>7}  failing a11y/best audits")
            for doc in args.lighthouse:
                r = lighthouse(base, doc)
                met = r["performance"] >= PERF and r["accessibility"] >= A11Y and r["best"] >= BEST
                ok &= met
                print(f"{doc:<42} {r['performance']:5d} {r['accessibility']:5d} {r['best']:5d} "
                      f"{r['fcp']:6.2f} {r['lcp']:6.2f} {r['tbt']:7.0f}  "
                      f"{', '.join(r['failed']) or '-'} {'ok' if met else 'MISSED'}")
        if not args.no_mobile and args.mobile:
            print(f"\n{f'Lighthouse (mobile), median of {args.runs} runs':<42} {'perf':>5} "
                  f"{'a11y':>5} {'best':>5} {'FCP s':>6} {'LCP s':>6} {'SI s':>6} {'TBT ms':>7} "
                  f"{'CLS':>6}  target   every run's perf")
            for doc in args.mobile:
                r = lighthouse(base, doc, mobile=True, runs=args.runs)
                met = r["performance"] >= MOBILE_PERF
                ok &= met
                print(f"{doc:<42} {r['performance']:5d} {r['accessibility']:5d} {r['best']:5d} "
                      f"{r['fcp']:6.2f} {r['lcp']:6.2f} {r['si']:6.2f} {r['tbt']:7.0f} "
                      f"{r['cls']:6.3f}  perf >= {MOBILE_PERF} {'ok' if met else 'MISSED'} "
                      f"  {' '.join(map(str, r['scores']))}")
        if not args.no_screens:
            print(f"\n{'length':<42} {'desktop screens':>15} {'phone screens':>13} "
                  f"{'read min':>8}  target")
            for r in measure_length(base, [d for d in docs if is_chapter(d)]):
                met = r["desktop"] <= MAX_SCREENS
                ok &= met
                print(f"{r['doc']:<42} {r['desktop']:15.1f} {r['phone']:13.1f} "
                      f"{r['minutes']:8.1f}  <= {MAX_SCREENS} screens {'ok' if met else 'MISSED'}")
    finally:
        server.shutdown()
    print("\nall targets met" if ok else "\nsome targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
