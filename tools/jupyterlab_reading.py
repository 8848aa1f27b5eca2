"""The chapters read in JupyterLab as in the book: citations, glossary terms, chapter links.

    python -m tools.jupyterlab_reading            # rewrite book/NN_*.ipynb in place
    python -m tools.jupyterlab_reading --check    # change nothing; exit 1, saying what, if a
                                                  # rewrite would change anything (a test runs it)

JupyterLab renders the chapters' MyST with jupyterlab-myst, which knows neither the book's
bibliography nor its glossary nor its other pages. Deterministic and idempotent (a second run
changes nothing; only the cells that need it change), so it can be run again after a merge:

1. **Citations** read author–year. ``{footcite:t}`key``` becomes
   ``[Avellaneda and Zhang (2010)](#ref-key)`` and ``{footcite:p}`k1,k2``` becomes
   ``([Bybit, 2024a](#ref-k1); [KuCoin, 2021](#ref-k2))``: links to the work's entry in the
   chapter's reference list, which JupyterLab shows when the pointer rests on one. The book turns
   them back into the same footcite roles before it parses the notebook
   (:mod:`levtoken_book.citations`), so its footnote citations are unchanged. Author and year come
   from ``book/references.bib`` ("n.d." for an undated work); works with the same author and
   year get a, b, … in the order of the file (2024a; n.d.-a).
2. **The reference list** of the chapter: a markdown cell tagged ``remove-cell`` (so not in the
   book, whose ``{footbibliography}`` lists the same works) right before the raw
   ``{footbibliography}`` cell, one entry per cited work, alphabetical, each with its target
   ``(ref-key)=``.
3. **Glossary terms** show their definition: a cell tagged ``remove-cell`` after it defines every
   term the chapter's ``{term}`` roles name (``{glossary}``, from ``book/glossary.md``, sentences
   with numbers computed in another chapter left out), so jupyterlab-myst resolves each role and
   shows the definition on hover, as the book links it to the glossary page.
4. **Links to other pages** show a title and open the page: ``{doc}`chapter 4 <04_x>``` becomes
   ``[chapter 4](04_x.ipynb)``, and ``{doc}`04_x``` the page's title. Jupyter Book resolves a
   markdown link to a page as it resolves ``{doc}``; JupyterLab opens the notebook.
5. **How to read it**: a first cell, tagged ``remove-cell``, tells a student to run the chapter a
   cell at a time (Run All would compute every answer before the student predicts it).
6. **No unsaved changes on opening**: the notebook's ``kernelspec`` is the one JupyterLab writes
   for this environment's kernel ("Python 3 (ipykernel)"), and ``language_info`` the kernel's own
   (its Python version is the one of the interpreter running this tool, kept when it differs only
   in the patch release). JupyterLab rewrites either on opening, and marks the notebook changed,
   when they differ.

Cells that hide plumbing (folded by ``jupyter.source_hidden``) are ``tools.hide_plumbing``'s job.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

from levtoken_book.citations import PREFIX, to_book

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
MARK_REFS = "jupyterlab-references"
MARK_TERMS = "jupyterlab-glossary"
MARK_HOWTO = "jupyterlab-how-to-read"
FOOTCITE = re.compile(r"\{footcite(?::([tp]))?\}`([^`]*)`")
LINKED = re.compile(r"\]\(#" + PREFIX + r"([A-Za-z0-9_.:-]+)\)")
DOC = re.compile(r"\{doc\}`([^`<]*?)(?:\s*<([^`>]+)>)?`")
TERM = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^`>]+)>)?`")
FOOTBIB = re.compile(r"\{footbibliography\}")

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

HOWTO = """\
**Reading this chapter in Jupyter.** Run the cells one at a time, from the top: *Shift + Enter*
runs a cell and moves to the next. When a question asks you to predict a result, answer it
before you run the cells below it, which compute the answer (*Run All* would show every answer
before you had predicted one). The numbers in the text appear once the cells above them have
run. Folded cells, shown as a bar with three dots, hold the page's plumbing, its checks and the
solutions of the exercises: click a bar to unfold it."""

REFS_INTRO = "The works this chapter cites (the book's reference page lists them all):"
TERMS_INTRO = "The terms of the book's glossary that this chapter uses:"


class ReadingError(ValueError):
    """A chapter uses markup this tool cannot rewrite (the message says what and where)."""


# --- the bibliography ------------------------------------------------------------------------

def _clean(text: str) -> str:
    """A BibTeX field as markdown: braces and TeX escapes removed, a dollar sign kept literal."""
    text = text.replace("\\%", "%").replace("\\&", "&").replace("--", "–").replace("~", "\u00a0")
    text = text.replace("{", "").replace("}", "")
    return text.replace("\\$", "\\$")


def _names(entry, short: bool) -> str:
    people = entry.persons.get("author", []) or entry.persons.get("editor", [])
    if not people:
        return _clean(entry.fields.get("organization", entry.fields.get("publisher", "Anonymous")))
    last = [_clean(" ".join(p.prelast_names + p.last_names)) for p in people]
    if short:
        if len(last) == 1:
            return last[0]
        return f"{last[0]} and {last[1]}" if len(last) == 2 else f"{last[0]} et al."
    full = [f"{ln}, {_clean(' '.join(p.first_names + p.middle_names))}".rstrip(", ")
            for ln, p in zip(last, people)]
    return full[0] if len(full) == 1 else ", ".join(full[:-1]) + " and " + full[-1]


def load_bibliography(path: Path = BOOK / "references.bib") -> dict:
    """key -> {"author": short author, "year": year with its a/b letter, "entry": the entry as
    one markdown paragraph}, for every work of ``path``."""
    from pybtex.database import parse_file  # pinned with sphinxcontrib-bibtex

    entries = parse_file(str(path)).entries
    out, groups = {}, {}
    for key, e in entries.items():
        author, year = _names(e, short=True), _clean(e.fields.get("year", "n.d."))
        groups.setdefault((author, year), []).append(key)
        out[key] = {"author": author, "year": year, "bib": e}
    for keys in groups.values():
        if len(keys) > 1:
            for i, key in enumerate(keys):   # 2024a, 2024b; n.d.-a, n.d.-b (APA's style)
                dash = "-" if out[key]["year"] == "n.d." else ""
                out[key]["year"] += dash + "abcdefghijklmnopqrstuvwxyz"[i]
    for key, info in out.items():
        e = info.pop("bib")
        f = {k: _clean(v) for k, v in e.fields.items()}
        parts = [f"{_names(e, short=False)} ({info['year']})."]
        if "title" in f:
            parts.append(f"*{f['title']}*.")
        venue = f.get("journal") or f.get("booktitle") or f.get("howpublished")
        if venue:
            vol = (f", {f['volume']}" + (f"({f['number']})" if "number" in f else "")
                   if "volume" in f else "")
            pages = f", {f['pages']}" if "pages" in f else ""
            parts.append(f"{venue}{vol}{pages}.")
        if "note" in f:
            parts.append(f["note"].rstrip(".") + ".")
        if "doi" in f:
            parts.append(f"<https://doi.org/{f['doi']}>")
        elif "url" in f:
            parts.append(f"<{f['url']}>")
        info["entry"] = " ".join(parts)
    return out


def narrative(key: str, bib: dict) -> str:
    return f"[{bib[key]['author']} ({bib[key]['year']})](#{PREFIX}{key})"


def parenthetical(keys: list[str], bib: dict) -> str:
    return "(" + "; ".join(f"[{bib[k]['author']}, {bib[k]['year']}](#{PREFIX}{k})"
                           for k in keys) + ")"


def link_citations(markdown: str, bib: dict, where: str) -> str:
    """``markdown`` with every footcite role, and every citation link, in the linked form."""
    def keys_of(body: str) -> list[str]:
        keys = [k.strip() for k in body.split(",") if k.strip()]
        missing = [k for k in keys if k not in bib]
        if missing:
            raise ReadingError(f"{where}: cites {missing}, not in book/references.bib")
        return keys

    def role(m: re.Match) -> str:
        kind, keys = m.group(1) or "p", keys_of(m.group(2))
        if kind == "t":
            if len(keys) != 1:
                raise ReadingError(f"{where}: {m.group(0)}: a narrative citation names one work")
            return narrative(keys[0], bib)
        return parenthetical(keys, bib)

    # links already there are rewritten too, so a changed author or year reaches the text
    book = to_book(markdown)
    out = FOOTCITE.sub(role, book)
    expected = FOOTCITE.sub(lambda m: "{footcite:%s}`%s`" % (m.group(1) or "p", ",".join(
        k.strip() for k in m.group(2).split(","))), book)
    if to_book(out) != expected:
        raise ReadingError(f"{where}: a citation would not read back as the same footcite role "
                           "(a narrative citation in parentheses?); write it differently")
    return out


def cited_keys(markdown: str) -> list[str]:
    return LINKED.findall(markdown)


# --- the glossary ----------------------------------------------------------------------------

def load_glossary(path: Path = BOOK / "glossary.md") -> dict[str, str]:
    """term -> its definition, from the ``{glossary}`` block of ``path``."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.M | re.S)
    if m is None:
        raise ReadingError(f"{path}: no {{glossary}} block")
    terms, term = {}, None
    for line in m.group(1).splitlines():
        if line and not line.startswith(" "):
            term = line.strip()
            terms[term] = []
        elif line.strip() and term:
            terms[term].append(line.strip())
    return {t: " ".join(lines) for t, lines in terms.items()}


def _sentences(text: str) -> list[str]:
    """Split at '. ' before a capital letter, outside $…$ maths."""
    out, start, in_math = [], 0, False
    for i, ch in enumerate(text):
        if ch == "$":
            in_math = not in_math
        elif (not in_math and ch == "." and text[i + 1:i + 2] == " "
              and text[i + 2:i + 3].isupper()):
            out.append(text[start:i + 1])
            start = i + 2
    out.append(text[start:])
    return [s for s in out if s.strip()]


def lab_definition(text: str, titles: dict[str, str]) -> str:
    """A glossary definition as JupyterLab can show it on its own: sentences that paste a
    number from a chapter left out, other pages as links, terms as plain text."""
    kept = [s for s in _sentences(text) if "{glue" not in s]
    out = " ".join(kept)
    out = DOC.sub(lambda m: _doc_link(m, titles, "the glossary"), out)
    return TERM.sub(lambda m: m.group(1).strip() or m.group(2), out)


def term_key(match: re.Match) -> str:
    return (match.group(2) or match.group(1)).strip()


# --- links to other pages --------------------------------------------------------------------

def page_titles(book: Path = BOOK) -> dict[str, str]:
    """docname -> (file name, title) for every page of ``book``."""
    out = {}
    for p in sorted(book.glob("*.md")) + sorted(book.glob("*.ipynb")):
        if p.suffix == ".ipynb":
            nb = nbformat.read(p, as_version=4)
            text = next((c.source for c in nb.cells if c.cell_type == "markdown"
                         and re.search(r"^# ", c.source, re.M)), "")
        else:
            text = p.read_text(encoding="utf-8")
        m = re.search(r"^# (.+)$", text, re.M)
        out[p.stem] = (p.name, m.group(1).strip() if m else p.stem)
    return out


def _doc_link(m: re.Match, titles: dict, where: str) -> str:
    text, target = m.group(1).strip(), m.group(2)
    if target is None:
        target, text = text, ""
    target = target.strip()
    if target not in titles:
        raise ReadingError(f"{where}: {m.group(0)} names no page of book/")
    name, title = titles[target]
    return f"[{text or title}]({name})"


# --- the notebook ----------------------------------------------------------------------------

def _generated(cell) -> str | None:
    return cell.get("metadata", {}).get("levtoken", {}).get("generated")


def _md(source: str, mark: str, cell_id: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell["id"] = cell_id[:64]
    cell.metadata["tags"] = ["remove-cell"]
    cell.metadata["levtoken"] = {"generated": mark}
    return cell


def language_info() -> dict:
    from ipykernel.ipkernel import IPythonKernel

    return copy.deepcopy(IPythonKernel.language_info)


def _same_minor(a: str, b: str) -> bool:
    return a.split(".")[:2] == b.split(".")[:2]


def convert(nb, name: str, bib: dict, glossary: dict[str, str], titles: dict, lang: dict):
    """A converted deep copy of the chapter ``nb`` (nbformat v4)."""
    nb = copy.deepcopy(nb)
    kept = [c for c in nb.cells if _generated(c) not in (MARK_REFS, MARK_TERMS, MARK_HOWTO)]
    old = {c.get("id"): c for c in nb.cells if _generated(c)}
    cited, terms = [], []
    for i, cell in enumerate(kept):
        if cell.cell_type != "markdown":
            continue
        where = f"{name} cell {cell.get('id', i)}"
        src = link_citations(cell.source, bib, where)
        src = DOC.sub(lambda m: _doc_link(m, titles, where), src)
        for m in TERM.finditer(src):
            term = next((t for t in glossary if t.lower() == term_key(m).lower()), None)
            if term is None:
                raise ReadingError(f"{where}: {m.group(0)}: no such term in book/glossary.md")
            if term not in terms:
                terms.append(term)
        cited += [k for k in cited_keys(src) if k not in cited]
        if src != cell.source:
            cell.source = src
    out = []
    bib_at = next((i for i, c in enumerate(kept) if c.cell_type == "raw"
                   and FOOTBIB.search(c.source)), None)
    if cited and bib_at is None:
        raise ReadingError(f"{name}: cites works but has no {{footbibliography}} cell")
    for i, cell in enumerate(kept):
        if i == bib_at:
            base = cell.get("id", "references")
            entries = sorted(cited, key=lambda k: (bib[k]["author"].lower(), bib[k]["year"], k))
            refs = [REFS_INTRO] + [f"({PREFIX}{k})=\n{bib[k]['entry']}" for k in entries]
            out.append(_md("\n\n".join(refs), MARK_REFS, f"{base}-list"))
            if terms:
                body = "\n\n".join(f"{t}\n: {lab_definition(glossary[t], titles)}"
                                   for t in sorted(terms, key=str.lower))
                out.append(_md(f"{TERMS_INTRO}\n\n:::{{glossary}}\n{body}\n:::", MARK_TERMS,
                               f"{base}-terms"))
        out.append(cell)
    out.insert(0, _md(HOWTO, MARK_HOWTO, "how-to-read"))
    # a generated cell that did not change keeps its metadata (and so its place in a diff)
    for i, cell in enumerate(out):
        prev = old.get(cell.get("id"))
        if prev is not None and prev.source == cell.source:
            out[i] = prev
    nb.cells = out
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    have = nb.metadata.get("language_info", {})
    want = dict(lang)
    if ({k: v for k, v in have.items() if k != "version"}
            == {k: v for k, v in want.items() if k != "version"}
            and _same_minor(str(have.get("version", "")), want["version"])):
        want["version"] = have["version"]
    nb.metadata["language_info"] = want
    return nb


def chapters(root: Path = ROOT) -> list[Path]:
    return sorted((root / "book").glob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="change nothing; exit 1 if a notebook would be rewritten")
    ap.add_argument("notebooks", nargs="*", type=Path, help="default: every book/NN_*.ipynb")
    args = ap.parse_args(argv)
    bib, glossary = load_bibliography(), load_glossary()
    titles, lang = page_titles(), language_info()
    stale, failed = [], []
    for path in args.notebooks or chapters():
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        try:
            new = nbformat.writes(convert(nb, path.name, bib, glossary, titles, lang)) + "\n"
        except ReadingError as exc:
            failed.append(str(exc))
            continue
        if new != text:
            stale.append(path.name)
            if not args.check:
                path.write_text(new, encoding="utf-8")
                print(f"rewrote {path.name}")
    for msg in failed:
        print(f"error: {msg}", file=sys.stderr)
    if args.check and stale:
        print(f"{', '.join(stale)}: not as JupyterLab reads it; run "
              "'python -m tools.jupyterlab_reading'", file=sys.stderr)
    return 1 if failed or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
