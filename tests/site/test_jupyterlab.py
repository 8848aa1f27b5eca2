"""Every chapter as a student reads it: in the project's own JupyterLab, after Run All.

The test starts ``jupyter lab`` from this environment on 127.0.0.1 (a token, no browser, its own
config, runtime, settings and workspace directories, the notebooks copied to a temporary
directory so nothing is written into ``book/``) and drives it with headless Chromium, every
request that does not go to 127.0.0.1 aborted. Every chapter is opened and its reading checked
(the last item below, and no raw MyST or error in its markdown). The chapters of ``RUN_ALL``
(3, 8 and 9: see there why not all ten) are also run with Run All, and once the kernel is idle
the test checks:

- no rendered markdown cell shows raw MyST (``{glue``, ``:::``, ``{term}``, ``{eq}``, ``{doc}``,
  ``{ref}``, ``{footcite``, ``)=``, or an ``{eval}`` left unevaluated) or an error;
- every number of the prose is there: each ``{eval}`glued("key", "fmt")``` shows the text that
  myst-nb's ``{glue:text}`key:fmt``` makes from the value the chapter's code glued (read from
  the notebook's glue outputs after the run), and a few key numbers computed here with the
  library appear too;
- the first live panel redraws its figure when its first slider is moved with the keyboard;
- the first predict-then-check question, answered right and wrong with the keyboard, shows the
  matching feedback (the student edition's, without its folded answer), and its "Show the answer"
  has a disclosure marker;
- no "notifications about Jupyter news" prompt (the settings override of ``make setup``);
- it reads like the book (``tools/jupyterlab_reading.py``, ``tools/hide_plumbing.py``): the
  notebook opens without an unsaved-changes mark; its first cell says to run it a cell at a time;
  no citation shows a bibliography key or BibTeX braces, every citation and glossary term is a
  link that resolves in the notebook (its reference list, its glossary cell) and the first term
  shows its definition on hover; every link to another chapter shows a title, not a file name,
  and (in chapter 3) opens that chapter; every code cell the web page hides (tags
  ``remove-cell``, ``remove-input``, ``hide-input``) and every solution's code is folded.

It also opens one notebook of the student edition. Chromium is a declared requirement (see
``tests/site/test_browser.py``): the test fails, never skips, when it is missing.
"""

from __future__ import annotations


import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from myst_nb.core.variables import format_plain_text
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from levtoken_book import student_edition
from tests.support import ROOT, book_pdf_tool
from tests.book.quiz_keys import answer_right_and_wrong
from tools import hide_plumbing, jupyterlab_reading

pytestmark = pytest.mark.jupyterlab


CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
STUDENT = "03_volatility_decay.ipynb"
#: The chapters run with Run All: chapter 3 (a reader's edit and rerun, a chapter link followed,
#: the student edition), chapter 8 (the heaviest live panel: issuer and rule drop-downs) and
#: chapter 9 (real prices, pandas). Every chapter is opened and read; running the other seven
#: here would be their third run of each test run (the build and nbval run every chapter), for
#: checks that do not depend on the chapter: that an {eval} role shows its glued value
#: (tests/book/test_jupyterlab_reading.py checks statically that every chapter glues each key
#: before the sentence that shows it), that a live panel redraws and a question answers in
#: JupyterLab (every chapter's panels and questions are tested in the unit and browser tests).
RUN_ALL = ("03_volatility_decay.ipynb", "08_real_tokens.ipynb", "09_real_prices.ipynb")
RAW_MYST = ("{glue", ":::", "{term}", "{eq}", "{doc}", "{ref}", "{footcite", ")=", "{eval}",
            "glued(", "{footbibliography}")
EVAL = re.compile(r'\{eval\}`glued\("([A-Za-z0-9_]+)"(?:, "([^"]*)")?\)`')
GLUE_PREFIX = "application/papermill.record/"
TOKEN = "levtoken-test"
RUN_TIMEOUT_MS = 240_000


def _key_numbers() -> dict[str, list[str]]:
    """A few numbers per chapter, computed here with the library (independent of the notebook)."""
    from levtoken import LeveragedToken, Spot, theory
    import numpy as np

    two = np.array([0.05, -0.04])
    return {
        "03_volatility_decay.ipynb": [
            f"{theory.continuous_decay(3, 0.80, 1.0):.3f}",          # 0.147
            f"{theory.continuous_decay(3, 0.80, 30 / 365):.3f}",     # 0.854
            f"{LeveragedToken(3).nav(two)[-1]:.3f}",                  # 1.012
            f"{Spot().nav(two)[-1]:.3f}",                             # 1.008
            f"{theory.kelly_leverage(0.50, 0.80):.2f}",               # 0.78
        ],
    }


def _edits() -> dict[str, tuple[str, str, str]]:
    """A reader's edit per chapter: (code, new code, the number the next paragraph then shows)."""
    from levtoken import theory

    return {"03_volatility_decay.ipynb": (
        "decay_1y = theory.continuous_decay(3, 0.80, 1.0)",
        "decay_1y = theory.continuous_decay(3, 0.60, 1.0)",
        f"{theory.continuous_decay(3, 0.60, 1.0):.3f}")}                   # 0.340


EDITS = _edits()


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server on 127.0.0.1 serving copies of the chapters and a student notebook."""
    tmp = Path(tempfile.mkdtemp(prefix="levtoken-lab-"))
    work = tmp / "work"
    (work / "student").mkdir(parents=True)
    for nb in CHAPTERS:
        shutil.copy(nb, work / nb.name)
    shutil.copytree(ROOT / "book" / "questions", work / "questions")   # as next to book/'s
    student_edition.build(ROOT / "book", tmp / "student-all")
    shutil.copy(tmp / "student-all" / STUDENT, work / "student" / STUDENT)
    shutil.copytree(tmp / "student-all" / "questions", work / "student" / "questions")
    settings = tmp / "settings"
    # test-only user settings: render every cell (no windowing) so all of them can be read
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"), PYTHONUNBUFFERED="1")
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}",
           "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp / "server.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = None   # port 0: the OS picks a free port, which the server writes to its runtime dir
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                info = next((tmp / "runtime").glob("jpserver-*.json"), None)
                if url is None and info is not None:
                    url = f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
                if url is not None:
                    with urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2):
                        break
                raise OSError("not serving yet")
            except (OSError, ValueError):   # ValueError: the info file is half written
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("jupyter lab did not start:\n" + (tmp / "server.log").read_text()[-3000:])
                time.sleep(0.3)
        yield url, work
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


# --- reading JupyterLab's state ------------------------------------------------------------

_KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}"""

_RUN_FINISHED = """() => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  const cells = w.content.widgets;
  // an empty code cell (the student edition's answer cells) is not run and gets no count
  return cells.every(c => c.model.type !== 'code' || c.model.executionCount !== null
                          || c.model.sharedModel.getSource().trim() === '')
      && ![...document.querySelectorAll('.jp-Notebook .jp-InputPrompt')]
             .some(p => p.textContent.includes('*'));
}"""

# The rendered text of every cell, maths removed (TeX such as f(x)=y is not raw MyST).
_CELLS = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')].map(c => {
  const md = c.classList.contains('jp-MarkdownCell');
  const view = md ? c.querySelector('.myst') : null;
  let text = '';
  if (view) {
    const copy = view.cloneNode(true);
    copy.querySelectorAll('.katex, .katex-display, .math, mjx-container, annotation, math')
        .forEach(e => e.remove());
    text = copy.textContent;
  }
  const hidden = md && (!view || !!c.querySelector('.jp-InputPlaceholder'));
  return {md, hidden, text,
          errors: md ? c.querySelectorAll('.myst-RenderedExpressionError, '
                     + '[data-mime-type="application/vnd.jupyter.stderr"]').length : 0};
})"""


_EVALS_DONE = """() => window.jupyterapp.shell.currentWidget.content.widgets
    .filter(c => c.model.type === 'markdown' && /\\{eval\\}`/.test(c.model.sharedModel.getSource()))
    .every(c => (c.model.getMetadata('user_expressions') || []).length > 0)"""


_RENDERED = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-MarkdownCell')]
    .every(c => { const v = c.querySelector('.myst');
                  return v && v.textContent.trim() !== '' && !v.textContent.includes('glued('); })"""


_CITES_SHOWN = """() => {
  const written = window.jupyterapp.shell.currentWidget.content.widgets
      .filter(c => c.model.type === 'markdown')
      .map(c => (c.model.sharedModel.getSource().match(/\\]\\(#ref-/g) || []).length)
      .reduce((a, b) => a + b, 0);
  return document.querySelectorAll(
      '.jp-NotebookPanel .jp-MarkdownCell a[href^="#ref-"]').length === written;
}"""


_OPEN_IN_APP = """async (path) => {
  const app = window.jupyterapp;
  for (const w of Array.from(app.shell.widgets('main'))) {   // the notebooks read before
    if (w.sessionContext) { try { await w.sessionContext.shutdown(); } catch (e) {} }
    w.dispose();
  }
  await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
}"""


def _open(page, url: str, path: str) -> None:
    """Open ``path`` and wait until its kernel is idle: the lane's first notebook by loading
    JupyterLab at its address, the next ones in that running JupyterLab (File > Open does the
    same), after closing the one before and shutting its kernel down. What JupyterLab changed
    on opening (its unsaved-changes mark) is kept in ``page.on_open``."""
    if "/lab" not in page.url:
        page.goto(f"{url}/lab/tree/{path}?reset&token={TOKEN}")
    else:
        page.evaluate(_OPEN_IN_APP, path)
    page.wait_for_function("(p) => { const w = window.jupyterapp && window.jupyterapp.shell"
                           ".currentWidget; return !!w && !!w.context && w.context.path === p; }",
                           arg=path, timeout=60_000, polling=200)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(_KERNEL_IDLE, timeout=90_000, polling=200)
    page.wait_for_timeout(1000)   # the kernel's info reply has been written into the model
    page.on_open = page.evaluate("""() => { const m = window.jupyterapp.shell.currentWidget.context.model;
        return {dirty: m.dirty, metadata: m.toJSON().metadata}; }""")


_MARKDOWN_SHOWN = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-MarkdownCell')]
    .every(c => { const v = c.querySelector('.myst'); return v && v.textContent.trim() !== ''; })"""


def _seen(page, shown: str) -> dict:
    """What the reader sees once the JavaScript condition ``shown`` holds for the markdown and
    every citation written in it is a link on screen (a cell re-rendering with its values is
    briefly without its links); the checks report whatever is still missing after the wait."""
    try:
        page.wait_for_function(shown, timeout=30_000, polling=300)
        page.wait_for_function(_CITES_SHOWN, timeout=15_000, polling=300)
    except PlaywrightTimeoutError:
        pass
    result = {"cells": page.evaluate(_CELLS),
              "model": page.evaluate("window.jupyterapp.shell.currentWidget.context.model.toJSON()"),
              "news": page.get_by_text("official Jupyter news").count(),
              "on_open": page.on_open, "reading": page.evaluate(_READING)}
    try:
        result["definition"] = _first_term_definition(page)
    except Exception as exc:
        result["definition"] = exc
    return result


def _read(page, url: str, path: str) -> dict:
    """Open ``path`` without running it; what the reader sees of its markdown and links."""
    _open(page, url, path)
    return dict(_seen(page, _MARKDOWN_SHOWN), ran=False)


def _start(page, url: str, path: str) -> float:
    """Open ``path`` and, once its kernel is idle, start Run All; return the start time."""
    _open(page, url, path)
    # start Run All without awaiting it, so the other lane's notebook runs meanwhile
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    return time.monotonic()


def _finished(page) -> bool:
    return page.evaluate(f"(({_RUN_FINISHED})() && ({_EVALS_DONE})())")


def _collect(page, path: str, t0: float) -> dict:
    """What the reader sees once Run All is done, and whether the first live panel redraws."""
    seconds = time.monotonic() - t0
    result = dict(_seen(page, _RENDERED), seconds=seconds, panel=None)   # values rendered
    model = result["model"]
    if not path.startswith("student/"):
        try:
            _first_panel_redraws(page, model)
            result["panel"] = True
        except Exception as exc:  # reported by the chapter's own test
            result["panel"] = exc
    try:  # the chapter's first predict-then-check question, answered by keyboard
        result["quiz"] = _first_question_works(page)
    except Exception as exc:
        result["quiz"] = exc
    if path in EDITS:
        try:
            result["edited"] = _edit_and_rerun(page, model, *EDITS[path][:2])
        except Exception as exc:
            result["edited"] = exc
    if path == CLICKED:   # last: it opens another chapter
        try:
            result["opened"] = _open_first_chapter_link(page)
        except Exception as exc:
            result["opened"] = exc
    return result


def _edit_and_rerun(page, model: dict, old: str, new: str) -> str:
    """Change ``old`` to ``new`` in the code cell holding it, run that cell and then the first
    markdown cell after it, as a reader does; return that markdown cell's text."""
    sources = ["".join(c["source"]) for c in model["cells"]]
    i = next(k for k, src in enumerate(sources) if old in src)
    m = next(k for k in range(i + 1, len(sources)) if model["cells"][k]["cell_type"] == "markdown")
    page.evaluate("""async ([i, m, old, now]) => {
        const panel = window.jupyterapp.shell.currentWidget, nb = panel.content;
        const code = nb.widgets[i].model.sharedModel;
        code.setSource(code.getSource().replace(old, now));
        for (const k of [i, m]) {
            nb.activeCellIndex = k;
            await window.jupyterapp.commands.execute('notebook:run-cell');
        }
    }""", [i, m, old, new])
    page.wait_for_function(_KERNEL_IDLE, timeout=60_000, polling=200)
    page.wait_for_timeout(1000)
    return page.evaluate(_CELLS)[m]["text"]


CLICKED = "03_volatility_decay.ipynb"   # the chapter whose first chapter link is followed

# What the reader sees of the links, the folded cells and the first cell (after the run).
_READING = """() => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')];
  const links = sel => [...document.querySelectorAll('.jp-NotebookPanel .jp-MarkdownCell ' + sel)];
  const target = a => { const id = decodeURIComponent(a.getAttribute('href').slice(1));
                        return !!id && !!document.getElementById(id); };
  return {
    terms: links('a[href^="#term-"]').map(a => ({text: a.textContent, ok: target(a)})),
    unresolved: links('a.hover-link[href="#"]').map(a => a.textContent),
    cites: links('a[href^="#ref-"]').map(a => ({text: a.textContent, ok: target(a)})),
    // a link to a file: JupyterLab points it at /files/… once resolved, relative before
    chapters: links('a[href*=".ipynb"]').map(a => ({text: a.textContent,
        file: decodeURIComponent(new URL(a.href).pathname.split('/').pop())})),
    folded: cells.map(c => ({input: !!c.querySelector('.jp-InputPlaceholder'),
                             output: !!c.querySelector('.jp-OutputPlaceholder')})),
    warnings: cells.filter(c => c.textContent.includes('\u26a0')).length,
  };
}"""


def _first_term_definition(page) -> str:
    """Rest the pointer on the first glossary term; return the text of what pops up."""
    term = page.locator('.jp-NotebookPanel .jp-MarkdownCell a[href^="#term-"]').first
    if term.count() == 0:
        return ""
    term.scroll_into_view_if_needed()
    term.hover()
    pop = page.locator("[data-radix-popper-content-wrapper]").first
    pop.wait_for(state="visible", timeout=10_000)
    text = pop.inner_text()
    page.mouse.move(0, 0)
    return text


def _open_first_chapter_link(page) -> str:
    """Click the first link to another chapter; return the path JupyterLab then shows (the
    opened chapter's kernel is shut down again)."""
    link = page.locator('.jp-NotebookPanel .jp-MarkdownCell a[href*=".ipynb"]').first
    link.scroll_into_view_if_needed()
    before = page.evaluate("window.jupyterapp.shell.currentWidget.context.path")
    link.click()
    page.wait_for_function("(p) => window.jupyterapp.shell.currentWidget.context.path !== p",
                           arg=before, timeout=30_000, polling=200)
    opened = page.evaluate("window.jupyterapp.shell.currentWidget.context.path")
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
        await w.sessionContext.ready; await w.sessionContext.shutdown(); w.dispose(); }""")
    return opened


def _check_reading(name: str, result: dict, model: dict) -> None:
    """The notebook reads like the book: see the module's docstring."""
    on_open, seen = result["on_open"], result["reading"]
    saved = json.loads((ROOT / "book" / name).read_text())["metadata"]
    assert not on_open["dirty"], (f"{name}: unsaved changes as soon as it opens; JupyterLab wrote "
                                  f"{on_open['metadata']} over {saved}")
    cells = model["cells"]
    first = "".join(cells[0]["source"])
    assert "one at a time" in first and result["cells"][0]["md"], f"{name}: {first[:80]!r}"
    md = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    prose = "\n".join(c["text"] for c in result["cells"] if c["md"])
    # citations: author and year, never the key; each a link to its entry in the notebook
    keys = set(jupyterlab_reading.cited_keys(md))
    assert keys, f"{name}: no citation"
    shown_keys = sorted(k for k in keys if re.search(rf"\b{re.escape(k)}\b", prose))
    assert not shown_keys, f"{name}: citation keys on screen: {shown_keys}"
    braces = re.findall(r"\{[A-Z][^{}]*\}", prose)
    assert not braces, f"{name}: BibTeX braces on screen: {braces[:5]}"
    cites = seen["cites"]
    assert len(cites) == len(re.findall(r"\]\(#ref-", md)), f"{name}: {len(cites)} citation links"
    bad = [c for c in cites
           if not (c["ok"] and re.search(r"(\d{4}[a-z]?|n\.d\.(-[a-z])?)\)?$", c["text"]))]
    assert not bad, f"{name}: citations without author-year or entry: {bad[:3]}"
    # glossary terms: links to their definition in the notebook, no warning sign
    n_terms = len(list(jupyterlab_reading.TERM.finditer(md)))
    assert len(seen["terms"]) == n_terms and all(t["ok"] for t in seen["terms"]), \
        (f"{name}: {len(seen['terms'])} of {n_terms} glossary terms resolve; "
         f"unresolved {seen['unresolved'][:5]}")
    assert seen["warnings"] == 0, f"{name}: a cell shows a warning sign"
    if n_terms:
        definition = result["definition"]
        if isinstance(definition, Exception):
            raise AssertionError(f"{name}: no definition on hover") from definition
        assert len(definition) > 40 and "\u26a0" not in definition, \
            f"{name}: hover shows {definition!r}"
    # links to chapters: a title, never a file name
    chapters = [a for a in seen["chapters"] if a["file"].endswith(".ipynb")]
    assert len(chapters) == len(re.findall(r"\]\(\d\d_[a-z_]+\.ipynb\)", md)), f"{name}: {chapters}"
    assert not [a for a in chapters if re.match(r"\d\d_", a["text"].strip())], \
        f"{name}: a chapter link shows a file name: {chapters}"
    # the page's hidden cells and the solutions' code are folded
    solutions = hide_plumbing.solution_cells(nbformat.from_dict(
        {"cells": [dict(c, source="".join(c["source"])) for c in cells]}))
    for i, (cell, fold) in enumerate(zip(cells, seen["folded"])):
        if cell["cell_type"] != "code":
            continue
        tags = set(cell["metadata"].get("tags", []))
        hides_code = bool(tags & set(hide_plumbing.HIDE_SOURCE)) or cell.get("id") in solutions
        assert fold["input"] == hides_code, (f"{name} cell {i} ({sorted(tags)}): code "
                                             f"{'shown' if hides_code else 'folded'}: "
                                             f"{''.join(cell['source'])[:60]!r}")


def _glued_text(model: dict) -> dict[str, str]:
    """key -> text/plain of every value the run glued (what myst-nb's glue roles read)."""
    out = {}
    for cell in model["cells"]:
        for o in cell.get("outputs", []) if cell["cell_type"] == "code" else []:
            name = o.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = o.get("data", {})
                text = data.get(GLUE_PREFIX + "text/plain", data.get("text/plain"))
                out[name] = "".join(text) if isinstance(text, list) else text
    return out


def _check_prose(name: str, cells: list[dict], model: dict) -> int:
    """Assert clean rendering and every glued number in its cell; return how many were checked."""
    assert len(cells) == len(model["cells"]), f"{name}: {len(cells)} cells shown"
    glued = _glued_text(model)
    checked = 0
    for i, (shown, cell) in enumerate(zip(cells, model["cells"])):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        assert not shown["hidden"], f"{name} cell {i} is folded: {source[:80]!r}"
        text = shown["text"]
        assert text.strip(), f"{name} cell {i} rendered nothing: {source[:80]!r}"
        raw = [s for s in RAW_MYST if s in text]
        assert not raw, f"{name} cell {i} shows raw MyST {raw}: …{text[:300]}…"
        assert shown["errors"] == 0, f"{name} cell {i} shows an error: {text[:300]}"
        for key, fmt in EVAL.findall(source):
            assert key in glued, f"{name} cell {i}: nothing glued under {key!r}"
            expected = format_plain_text(glued[key], fmt or "s")
            assert expected in text, (f"{name} cell {i}: {key}:{fmt} should read {expected!r}; "
                                      f"the cell shows …{text[:400]}…")
            checked += 1
    return checked


def _check_markdown(name: str, cells: list[dict], model: dict) -> None:
    """Every markdown cell of a chapter that was opened, not run: shown, not folded, no raw MyST
    and no error (its ``{eval}`` roles wait for Run All, as they do for a reader)."""
    assert len(cells) == len(model["cells"]), f"{name}: {len(cells)} cells shown"
    waiting = ("{eval}", "glued(")
    for i, (shown, cell) in enumerate(zip(cells, model["cells"])):
        if cell["cell_type"] != "markdown":
            continue
        source, text = "".join(cell["source"]), shown["text"]
        assert not shown["hidden"], f"{name} cell {i} is folded: {source[:80]!r}"
        assert text.strip(), f"{name} cell {i} rendered nothing: {source[:80]!r}"
        raw = [m for m in RAW_MYST if m in text and m not in waiting]
        assert not raw, f"{name} cell {i} shows raw MyST {raw}: …{text[:300]}…"
        if not EVAL.search(source):
            assert shown["errors"] == 0, f"{name} cell {i} shows an error: {text[:300]}"


def _first_panel_redraws(page, model: dict) -> None:
    """Move the first live panel's first slider with the keyboard; its figure must change."""
    sources = ["".join(c["source"]) for c in model["cells"]]
    idx = next(i for i, s in enumerate(sources)
               if model["cells"][i]["cell_type"] == "code" and re.search(r"\w+_panel\(\)\s*$", s.strip()))
    cell = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(idx)
    img = cell.locator(".widget-output img").first
    img.wait_for(state="attached", timeout=30_000)
    before = img.get_attribute("src")
    handle = cell.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """([i, before]) => {
            const c = document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')[i];
            const im = c && c.querySelector('.widget-output img');
            return im && im.getAttribute('src') !== before;
        }""", arg=[idx, before], timeout=60_000, polling=200)


def _first_question_works(page) -> dict:
    """Answer the notebook's first question right and wrong with the keyboard (as in the book);
    return its data and whether it shows a folded answer."""
    box = page.locator(".jp-NotebookPanel .jp-OutputArea .levtoken-quiz").first
    box.wait_for(state="attached", timeout=30_000)
    box.scroll_into_view_if_needed()
    data = answer_right_and_wrong(page, box)
    data["folded_answer"] = box.locator("details.levtoken-quiz-answer").count()
    if data["folded_answer"]:   # "Show the answer" shows the browser's disclosure marker
        data["marker"] = box.locator("details.levtoken-quiz-answer > summary").evaluate(
            "s => getComputedStyle(s).display + ' ' + getComputedStyle(s).listStyleType")
    return data


def _offline_page(browser):
    """A page whose every request not to 127.0.0.1 is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked = book_pdf_tool.block_network(context)
    pg = context.new_page()
    pg.blocked = blocked
    return context, pg


@pytest.fixture(scope="module")
def runs(request, lab, browser):
    """Every chapter and the student notebook opened and run, two at a time (two kernels, two
    cores): path -> what the reader sees (cells, notebook model, Run All seconds, panel check).
    Only the notebooks of the selected tests are run (``-k 03_`` runs one chapter)."""
    url, _ = lab
    here = [it for it in request.session.items if it.path == request.path]
    chosen = {it.callspec.params["nb"].name for it in here
              if hasattr(it, "callspec") and "nb" in it.callspec.params}
    queue = [nb.name for nb in CHAPTERS if nb.name in chosen]
    if any(it.name.startswith("test_student") for it in here):
        queue.append(f"student/{STUDENT}")
    lanes = [_offline_page(browser) for _ in range(2)]
    active: dict[int, tuple[str, float]] = {}
    results: dict[str, dict] = {}
    t_all = time.monotonic()
    while queue or active:
        for i, (_, pg) in enumerate(lanes):
            if i not in active and queue:
                path = queue.pop(0)
                try:
                    if path.startswith("student/") or path in RUN_ALL:
                        active[i] = (path, _start(pg, url, path))
                    else:
                        results[path] = _read(pg, url, path)
                        results[path]["blocked"] = list(pg.blocked)
                except Exception as exc:
                    results[path] = {"error": exc}
        for i, (path, t0) in list(active.items()):
            pg = lanes[i][1]
            try:
                if _finished(pg):
                    results[path] = _collect(pg, path, t0)
                    results[path]["blocked"] = list(pg.blocked)
                    del active[i]
                elif time.monotonic() - t0 > RUN_TIMEOUT_MS / 1000:
                    results[path] = {"error": TimeoutError(f"Run All of {path} did not finish")}
                    del active[i]
            except Exception as exc:
                results[path] = {"error": exc}
                del active[i]
        time.sleep(0.3)
    for context, _ in lanes:
        context.close()
    print(f"\nJupyterLab: {len(results)} notebooks opened and run in "
          f"{time.monotonic() - t_all:.0f} s")
    return results


def _result(runs, path):
    result = runs[path]
    if "error" in result:
        raise result["error"]
    return result


def test_the_override_is_installed():
    """``make setup`` copies the repository's settings override into this environment."""
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.exists(), "run 'make setup': JupyterLab's overrides.json is not installed"
    shipped = json.loads((ROOT / "binder" / "overrides.json").read_text())
    assert json.loads(installed.read_text()) == shipped
    assert shipped["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_jupyterlab_myst_is_enabled_and_compatible():
    proc = subprocess.run([str(Path(sys.executable).parent / "jupyter"), "labextension", "list"],
                          capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    line = next((ln for ln in out.splitlines() if "jupyterlab-myst" in ln), "")
    assert "enabled" in line and "OK" in line, out
    assert "not compatible" not in out.lower(), out


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_chapter_reads_cleanly_in_jupyterlab(runs, nb):
    result = _result(runs, nb.name)
    cells, model = result["cells"], result["model"]
    assert result["news"] == 0, "JupyterLab asks about Jupyter news: the override is not applied"
    if not result.get("ran", True):       # opened, not run: see RUN_ALL
        _check_markdown(nb.name, cells, model)
        _check_reading(nb.name, result, model)
        assert not any(urlparse(u).hostname == "127.0.0.1" for u in result["blocked"])
        return
    checked = _check_prose(nb.name, cells, model)
    assert checked >= 5, f"{nb.name}: only {checked} glued numbers in the prose"
    prose = "\n".join(c["text"] for c in cells if c["md"])
    for number in _key_numbers().get(nb.name, []):
        assert number in prose, f"{nb.name}: the key number {number} is not in the prose"
    if result["panel"] is not True:
        raise AssertionError(f"{nb.name}: the first live panel did not redraw") from result["panel"]
    assert result["news"] == 0, "JupyterLab asks about Jupyter news: the override is not applied"
    if isinstance(result["quiz"], Exception):
        raise AssertionError(f"{nb.name}: the first question does not work") from result["quiz"]
    assert result["quiz"]["id"].startswith(f"ch{int(nb.name[:2])}-")
    assert result["quiz"]["folded_answer"] == 1
    assert result["quiz"]["marker"] == "list-item disclosure-closed", result["quiz"]["marker"]
    if nb.name in EDITS:   # the reader edits the code, reruns: the sentence shows the new number
        old_code, _, shown = EDITS[nb.name]
        assert shown not in prose, f"{shown} is already in the prose: choose another edit"
        edited = result["edited"]
        if isinstance(edited, Exception):
            raise edited
        assert shown in edited, f"after '{old_code}' was edited and rerun: …{edited[:300]}…"
    _check_reading(nb.name, result, model)
    if nb.name == CLICKED:
        opened = result["opened"]
        if isinstance(opened, Exception):
            raise AssertionError(f"{nb.name}: clicking a chapter link opened nothing") from opened
        assert re.fullmatch(r"\d\d_[a-z_]+\.ipynb", opened) and opened != nb.name, opened
    assert not any(urlparse(u).hostname == "127.0.0.1" for u in result["blocked"])
    print(f"{nb.name}: Run All {result['seconds']:.1f} s, {checked} numbers checked")


def test_student_edition_reads_cleanly_in_jupyterlab(runs):
    path = f"student/{STUDENT}"
    result = _result(runs, path)
    cells, model = result["cells"], result["model"]
    checked = _check_prose(path, cells, model)
    assert checked >= 5
    prose = "\n".join(c["text"] for c in cells if c["md"])
    assert "Student edition" in prose and "Solution to" not in prose
    if isinstance(result["quiz"], Exception):
        raise AssertionError("the student edition's first question does not work") from result["quiz"]
    assert result["quiz"]["folded_answer"] == 0   # questions kept, answers left out
    for number in _key_numbers()[STUDENT]:
        assert number in prose
