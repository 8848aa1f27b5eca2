"""Rewrite the chapter notebooks into the MyST that both the book and JupyterLab render.

    python tools/jupyterlab_syntax.py            # rewrite book/NN_*.ipynb in place
    python tools/jupyterlab_syntax.py --check    # exit 1, listing what is left, if a rewrite
                                                 # would change anything (a test runs this)

Deterministic and idempotent: a second run changes nothing. Run it after merging chapter edits
written in the older syntax. The rules (the mechanism is described in ``levtoken.prose``):

1. Numbers. ``{glue:text}`key:fmt``` in a notebook's markdown becomes
   ``{eval}`glued("key", "fmt")```, and the code line ``from myst_nb import glue`` becomes
   ``from levtoken.prose import glue, glued``. JupyterLab (jupyterlab-myst) evaluates the
   expression in the chapter's kernel; the book resolves the same role from the glue data
   (``book/_ext/glued_eval.py``), formatting exactly as ``{glue:text}`` did, so the HTML is
   unchanged. ``glue()`` calls stay as they are, so the ``remove-cell`` asserts and the ``.md``
   pages' ``{glue:text}`nb.ipynb::key``` keep working.
   Other glue roles and directives (``{glue}``, ``{glue:md}``, ``{glue:figure}``, a
   ``path::key`` in a notebook) have no such counterpart: they are reported as errors.
2. Order. JupyterLab's Run All renders a markdown cell before it runs the code below it, so a
   sentence can only show values glued above it. Where a markdown cell shows a value first glued
   by the code cell(s) right after it, the cell is split at the block (paragraph, list, box)
   with the first such value, and that block and the rest of the cell move to just after the
   code cell that glues it. The book keeps the same words, numbers and links, one code cell
   earlier. If a markdown cell lies between the sentence and the glue, it is an error to fix by
   hand.
3. References. ``{footbibliography}`` is an unknown directive to jupyterlab-myst (an error box).
   The directive moves into a raw cell of its own (``format: text/markdown`` with the cell-level
   myst-nb option ``markdown_format: myst``, so the book renders it as before) that JupyterLab
   shows folded (``metadata.jupyter.source_hidden``; the folded bar shows its first line, a MyST
   comment). A markdown cell tagged ``remove-cell`` (so not in the book) right before it lists
   the chapter's works, formatted from ``book/references.bib``, in citation order, for
   JupyterLab readers.

Everything else the chapters use, jupyterlab-myst renders itself: ``:::{admonition}`` with
``:class:``, ``(label)=`` targets, ``{math}`` with ``:label:`` and ``{eq}``, ``{dropdown}``,
``{exercise}`` and the gated solutions, ``{term}``, ``{doc}`` and ``{ref}`` (as links or text),
``{footcite:t}``/``{footcite:p}`` (as the citation key).
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
OLD_IMPORT = re.compile(r"^from myst_nb import glue[ \t]*$", re.M)
NEW_IMPORT = "from levtoken.prose import glue, glued"
GLUE_TEXT = re.compile(r"\{glue:text\}`([^`]*)`")
OTHER_GLUE = re.compile(r"\{glue(?::(?!text\})[a-z]*)?\}")
FOOTCITE = re.compile(r"\{footcite(?::[a-z]+)?\}`([^`]*)`")
FOOTBIB = re.compile(r"^(`{3,}|:{3,})\{footbibliography\}[ \t]*\n\1[ \t]*$", re.M)
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SHOWN = re.compile(r'\{eval\}`glued\("([A-Za-z_][A-Za-z0-9_]*)"')
MARK = "jupyterlab-references"
REFS_INTRO = "**References** (the book's reference list for this chapter):"
# first line of the folded raw cell, all JupyterLab shows of it (a MyST comment: not in the book)
BIB_COMMENT = "% the book's reference list of this chapter (the list above in JupyterLab)"


class ConversionError(ValueError):
    """A notebook uses old syntax that has no automatic rewrite."""


def _eval_role(match: re.Match, where: str) -> str:
    body = match.group(1)
    if "::" in body:
        raise ConversionError(f"{where}: {match.group(0)} pastes from another document; "
                              "a notebook can only show its own values")
    key, _, fmt = body.partition(":")
    if not KEY.fullmatch(key) or '"' in fmt or "\\" in fmt:
        raise ConversionError(f"{where}: cannot rewrite {match.group(0)}")
    return f'{{eval}}`glued("{key}", "{fmt}")`' if fmt else f'{{eval}}`glued("{key}")`'


GLUE_CALL = re.compile(r'\bglue\(\s*(f?)"([^"]+)"')
FENCE = re.compile(r"^\s*(`{3,}|:{3,})")


def _glue_patterns(source: str) -> list[re.Pattern]:
    """The keys a code cell glues, as patterns (an f-string key matches any identifier part; with
    ``glue(key, ...)`` every identifier-like string literal of the cell counts as a key)."""
    out = []
    for is_f, key in GLUE_CALL.findall(source):
        parts = re.split(r"\{[^}]*\}", key) if is_f else [key]
        out.append(re.compile("[A-Za-z0-9_]+".join(re.escape(p) for p in parts)))
    if re.search(r"\bglue\(\s*[A-Za-z_]", source):   # glue(key, ...): any identifier string here
        out += [re.compile(re.escape(k)) for k in re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', source)]
    return out


def _blocks(text: str) -> list[str]:
    """Split markdown into top-level blocks at blank lines outside fences (```, :::)."""
    blocks, current, fence = [], [], None
    for line in text.split("\n"):
        m = FENCE.match(line)
        if m:
            mark = m.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and line.strip() == mark:
                fence = None
        if not line.strip() and fence is None:
            if current:
                blocks.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _first_glued(cells) -> dict:
    """key -> index of the first code cell that glues it (for keys shown in the markdown)."""
    patterns = [(i, _glue_patterns(c.source)) for i, c in enumerate(cells) if c.cell_type == "code"]
    first = {}
    for c in cells:
        if c.cell_type != "markdown":
            continue
        for key in SHOWN.findall(c.source):
            if key not in first:
                first[key] = next((i for i, pats in patterns if any(p.fullmatch(key) for p in pats)),
                                  None)
    return first


def _move_forward_references(cells: list, name: str) -> list:
    """Move each sentence that shows a value glued further down to just after that glue."""
    for _ in range(len(cells) + 1):
        first = _first_glued(cells)
        for m, cell in enumerate(cells):
            if cell.cell_type != "markdown":
                continue
            late = {k: first[k] for k in SHOWN.findall(cell.source)
                    if first.get(k) is not None and first[k] > m}
            if late:
                break
        else:
            return cells
        g = max(late.values())
        where = f"{name} cell {m}"
        if any(c.cell_type != "code" for c in cells[m + 1:g + 1]):
            raise ConversionError(f"{where} shows {sorted(late)}, glued in cell {g} below another "
                                  "markdown cell: move the sentence or the glue by hand")
        blocks = _blocks(cell.source)
        b = next(i for i, blk in enumerate(blocks) if any(k in SHOWN.findall(blk) for k in late))
        head, tail = "\n\n".join(blocks[:b]), "\n\n".join(blocks[b:])
        if re.search(r"\{(solution|exercise)", tail):
            raise ConversionError(f"{where}: would move an exercise or solution; fix by hand")
        moved = nbformat.v4.new_markdown_cell(tail)
        moved.metadata = copy.deepcopy(cell.metadata)
        moved["id"] = f"{cell.get('id', m)}-moved"[:64] if head else cell.get("id", f"cell{m}")
        new = cells[:m]
        if head:
            cell.source = head
            new.append(cell)
        cells = new + cells[m + 1:g + 1] + [moved] + cells[g + 1:]
    raise ConversionError(f"{name}: forward references do not settle")


def _bib_entries(bib: Path) -> dict:
    from pybtex.database import parse_file  # pinned with sphinxcontrib-bibtex

    return parse_file(str(bib)).entries


def _format_entry(entry) -> str:
    """One work as plain markdown: authors (year). Title. Venue. Link."""
    people = entry.persons.get("author", []) or entry.persons.get("editor", [])
    names = []
    for p in people:
        last = " ".join(p.prelast_names + p.last_names)
        first = " ".join(p.first_names + p.middle_names)
        names.append(f"{last}, {first}".strip(", ") if first else last)
    f = {k: v.replace("{", "").replace("}", "").replace("--", "–") for k, v in entry.fields.items()}
    authors = " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + " and " + names[-1]
    parts = [f"{authors or f.get('organization', f.get('publisher', ''))} ({f.get('year', 'n.d.')})."]
    parts.append(f"*{f['title']}*." if "title" in f else "")
    venue = f.get("journal") or f.get("booktitle") or f.get("publisher") or f.get("howpublished")
    if venue:
        vol = f", {f['volume']}" + (f"({f['number']})" if "number" in f else "") if "volume" in f else ""
        pages = f", {f['pages']}" if "pages" in f else ""
        parts.append(f"{venue}{vol}{pages}.")
    if "doi" in f:
        parts.append(f"<https://doi.org/{f['doi']}>")
    elif "url" in f:
        parts.append(f"<{f['url']}>")
    if "note" in f and "url" not in f and "doi" not in f:
        parts.append(f["note"] + ".")
    return " ".join(p for p in parts if p)


def _references_cell(keys: list[str], entries: dict, where: str, cell_id: str):
    missing = [k for k in keys if k not in entries]
    if missing:
        raise ConversionError(f"{where}: cited but not in book/references.bib: {missing}")
    lines = [REFS_INTRO, ""] + [f"{i}. {_format_entry(entries[k])}" for i, k in enumerate(keys, 1)]
    cell = nbformat.v4.new_markdown_cell("\n".join(lines))
    cell["id"] = cell_id
    cell.metadata["tags"] = ["remove-cell"]
    cell.metadata["levtoken"] = {"generated": MARK}
    return cell


def _footbibliography_cell(directive: str, cell_id: str):
    """A raw cell the book renders as MyST and JupyterLab shows folded (source hidden)."""
    cell = nbformat.v4.new_raw_cell(f"{BIB_COMMENT}\n{directive}")
    cell["id"] = cell_id
    cell.metadata["format"] = "text/markdown"
    cell.metadata["mystnb"] = {"markdown_format": "myst"}
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def _is_footbibliography_cell(cell) -> bool:
    return (cell.cell_type == "raw" and cell.metadata.get("format") == "text/markdown"
            and bool(FOOTBIB.search(cell.source)))


def convert(nb, name: str = "notebook", entries: dict | None = None):
    """Return a converted deep copy of ``nb`` (an nbformat v4 notebook)."""
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if c.metadata.get("levtoken", {}).get("generated") != MARK]
    uses_glue = False
    cited: list[str] = []
    out = []
    for index, cell in enumerate(cells):
        where = f"{name} cell {index}"
        if cell.cell_type == "code":
            if OLD_IMPORT.search(cell.source):
                cell.source = OLD_IMPORT.sub(NEW_IMPORT, cell.source)
            elif re.search(r"\bmyst_nb\b", cell.source) and NEW_IMPORT not in cell.source:
                raise ConversionError(f"{where}: uses myst_nb in a way this tool cannot rewrite")
            out.append(cell)
            continue
        if _is_footbibliography_cell(cell):
            out.append(_footbibliography_cell(FOOTBIB.search(cell.source).group(0), cell["id"]))
            continue
        if cell.cell_type != "markdown":
            out.append(cell)
            continue
        src = GLUE_TEXT.sub(lambda m: _eval_role(m, where), cell.source)
        uses_glue |= src != cell.source
        if OTHER_GLUE.search(src):
            raise ConversionError(f"{where}: {OTHER_GLUE.search(src).group(0)} has no rewrite; "
                                  "use glue() and {glue:text}")
        for body in FOOTCITE.findall(src):
            for key in (k.strip() for k in body.split(",")):
                if key not in cited:
                    cited.append(key)
        cell.source = src
        m = FOOTBIB.search(src)
        if m:
            before, after = src[:m.start()].rstrip("\n"), src[m.end():].lstrip("\n")
            base = cell.get("id", f"cell{index}")
            if before:
                cell.source = before
                out.append(cell)
            alone = not before and not after
            out.append(_footbibliography_cell(m.group(0), base if alone else f"{base}-bib"[:64]))
            if after:
                rest = nbformat.v4.new_markdown_cell(after)
                rest["id"] = f"{base}-after"[:64] if before else base
                out.append(rest)
            continue
        out.append(cell)
    out = _move_forward_references(out, name)
    # references for JupyterLab readers, right before each footbibliography cell
    final = []
    for cell in out:
        if _is_footbibliography_cell(cell) and cited:
            if entries is None:
                entries = _bib_entries(ROOT / "book" / "references.bib")
            final.append(_references_cell(cited, entries, name, f"{cell['id']}-list"[:64]))
        final.append(cell)
    nb.cells = final
    if uses_glue and not any(c.cell_type == "code" and NEW_IMPORT in c.source for c in nb.cells):
        raise ConversionError(f"{name}: shows glued values but has no 'from myst_nb import glue'")
    return nb


def leftovers(nb) -> list[str]:
    """Old syntax still present in a notebook (what --check reports)."""
    found = []
    for i, c in enumerate(nb.cells):
        if c.cell_type == "markdown":
            found += [f"cell {i}: {m.group(0)}" for m in GLUE_TEXT.finditer(c.source)]
            if FOOTBIB.search(c.source):
                found.append(f"cell {i}: {{footbibliography}} shown in JupyterLab")
        elif c.cell_type == "code" and OLD_IMPORT.search(c.source):
            found.append(f"cell {i}: from myst_nb import glue")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if any notebook would be rewritten")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="default: every book/NN_*.ipynb")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    entries = _bib_entries(ROOT / "book" / "references.bib")
    stale, failed = [], []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        try:
            new = nbformat.writes(convert(nb, path.name, entries)) + "\n"
        except ConversionError as exc:
            failed.append(str(exc))
            continue
        if new != text:
            stale.append(path)
            if args.check:
                for item in leftovers(nb) or ["generated references out of date"]:
                    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {item}")
            else:
                path.write_text(new, encoding="utf-8")
                print(f"rewrote {path.name}")
    for msg in failed:
        print(f"error: {msg}", file=sys.stderr)
    if args.check and stale:
        print(f"{len(stale)} notebook(s) need 'python tools/jupyterlab_syntax.py'", file=sys.stderr)
    return 1 if failed or (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
