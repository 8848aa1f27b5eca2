"""The page shows the lesson, not the plumbing: tag the chapters' plumbing cells so the book hides them.

    python -m tools.hide_plumbing            # tag book/NN_*.ipynb in place
    python -m tools.hide_plumbing --check    # exit 1, listing the cells, if a cell needs a tag
                                             # or folding metadata (tests/book/test_visible_code.py
                                             # runs this check)

A reader of the web page should see the few lines of code that *are* the lesson (calling the
library, computing a number, drawing a figure), not the machinery that makes the page work. The
rules, for every code cell of a chapter that is not already tagged ``remove-cell``,
``remove-input`` or ``hide-input`` (cell ids and sources are never changed, only tags added):

1. **Imports** (a cell with a top-level ``import``): ``hide-input``. The cell folds to "Show
   code cell source"; a reader who copies the code can unfold it.
2. **Explorer construction** (the cell's code is one ``StaticExplorer(...)`` expression):
   ``remove-input``. The page shows the interactive figure, not the call that embeds it.
3. **Live panel construction** (one ``module.name_panel(...)`` call): ``hide-input``. The
   web page shows the panel's default view and its Binder link; the call is what a reader types
   in Jupyter, so it stays one click away.
4. **Glue** (``glue(...)`` is how a number reaches the prose): a cell whose every statement is a
   ``glue`` call (or a loop of them) gets ``remove-input``; a cell where at least half of the code
   lines call ``glue`` gets ``hide-input``. A lesson cell with a ``glue`` line or two stays
   visible: the numbers it computes are the lesson.
5. **Printed tables that repeat a table of the prose** (a loop that prints a line and glues
   three or more values each time round, each of whose keys ends like the keys shown in one
   markdown table of the chapter): ``hide-input`` and ``remove-output``, so the page does not
   show the table twice. A printed table the prose does not repeat stays: it is the lesson.

Print-for-checking belongs in a ``remove-cell`` (the chapter pattern): a value checked with
``assert`` needs no print.

**JupyterLab folds what the page hides.** JupyterLab does not read the book's tags; it folds a
cell's code or output by the cell's ``jupyter`` metadata (``source_hidden``, ``outputs_hidden``),
which the notebook format defines for this. Every code cell whose code the page removes or folds
(``remove-cell``, ``remove-input``, ``hide-input``) gets ``source_hidden``; every cell whose output
the page removes or folds (``remove-cell``, ``remove-output``, ``hide-output``) gets
``outputs_hidden``; and the code cells of a solution (between ``solution-start`` and
``solution-end``, folded in the page's dropdown) get both, so a student unfolds them on purpose.
A student still runs them all: folding hides, it does not skip.

Idempotent: a second run changes nothing. Run it after adding cells to a chapter (new chapters,
quiz cells, "On real prices" cells): ``--check`` names any cell the rules would tag or fold.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat

from levtoken_book.student_edition import END, START

ROOT = Path(__file__).resolve().parents[1]
HIDDEN = ("remove-cell", "remove-input", "hide-input")
PANEL_SUFFIX = "_panel"


def _code_lines(source: str) -> list[str]:
    return [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def _is_glue_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "glue")


def _only_glue(stmt: ast.stmt) -> bool:
    if _is_glue_call(stmt):
        return True
    if isinstance(stmt, (ast.For, ast.With)):
        return all(_only_glue(s) for s in stmt.body) and not getattr(stmt, "orelse", [])
    return False


def _single_call(tree: ast.Module) -> ast.Call | None:
    if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr) \
            and isinstance(tree.body[0].value, ast.Call):
        return tree.body[0].value
    return None


def _calls(stmts, name: str) -> int:
    return sum(1 for s in stmts for n in ast.walk(s) if isinstance(n, ast.Call)
               and isinstance(n.func, ast.Name) and n.func.id == name)


def _glue_suffixes(stmts) -> list[str]:
    """The constant ends of the keys that ``glue(f"..{x}_end", ...)`` calls in ``stmts`` glue."""
    out = []
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "glue" \
                    and n.args and isinstance(n.args[0], ast.JoinedStr):
                last = n.args[0].values[-1]
                if isinstance(last, ast.Constant) and isinstance(last.value, str):
                    out.append(last.value)
    return out


def _table_loop(tree: ast.Module, tables: list[set[str]]) -> bool:
    for n in ast.walk(tree):
        if isinstance(n, ast.For) and _calls(n.body, "print") >= 1:
            ends = set(_glue_suffixes(n.body))
            if len(ends) >= 3 and any(all(any(k.endswith(e) for k in keys) for e in ends)
                                      for keys in tables):
                return True
    return False


TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.M)
SHOWN = re.compile(r'\{eval\}`glued\("([A-Za-z_][A-Za-z0-9_]*)"')


def markdown_tables(nb) -> list[set[str]]:
    """The glued keys each markdown cell with a table shows in its table rows."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            rows = "\n".join(m.group(0) for m in TABLE_ROW.finditer(cell.source))
            keys = set(SHOWN.findall(rows))
            if keys:
                out.append(keys)
    return out


def wanted_tags(source: str, tables: list[set[str]] = ()) -> tuple[tuple[str, ...], str] | None:
    """The tags a cell's code needs and the rule that asks for them, or None for a lesson cell."""
    want = wanted_tag(source, tables)
    if want is None:
        return None
    tag, rule = want
    return ((tag, "remove-output") if rule == "printed table" else (tag,)), rule


def wanted_tag(source: str, tables: list[set[str]] = ()) -> tuple[str, str] | None:
    """The tag a cell's code needs and the rule that asks for it, or None for a lesson cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: not plumbing these rules know
        return None
    if not tree.body:
        return None
    if any(isinstance(s, (ast.Import, ast.ImportFrom)) for s in tree.body):
        return "hide-input", "imports"
    call = _single_call(tree)
    if call is not None and isinstance(call.func, ast.Name) and call.func.id == "StaticExplorer":
        return "remove-input", "explorer construction"
    if call is not None and isinstance(call.func, ast.Attribute) \
            and call.func.attr.endswith(PANEL_SUFFIX):
        return "hide-input", "live panel construction"
    if all(_only_glue(s) for s in tree.body):
        return "remove-input", "only glue"
    if _table_loop(tree, list(tables)):
        return "hide-input", "printed table"
    lines = _code_lines(source)
    if lines and 2 * sum("glue(" in ln for ln in lines) >= len(lines):
        return "hide-input", "mostly glue"
    return None


def needed(nb) -> list[tuple[str, tuple[str, ...], str]]:
    """``(cell id, tags, rule)`` for every code cell of ``nb`` that shows plumbing untagged."""
    out, tables = [], markdown_tables(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if any(t in tags for t in HIDDEN):
            continue
        want = wanted_tags(cell.source, tables)
        if want:
            out.append((cell.get("id", "?"), *want))
    return out


def apply(nb) -> int:
    """Add the tags :func:`needed` asks for; return how many cells changed."""
    todo = {cid: tag for cid, tag, _ in needed(nb)}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("id") in todo:
            cell.setdefault("metadata", {}).setdefault("tags", []).extend(todo[cell["id"]])
    return len(todo)


HIDE_SOURCE = ("remove-cell", "remove-input", "hide-input")
HIDE_OUTPUT = ("remove-cell", "remove-output", "hide-output")


def solution_cells(nb) -> set[str]:
    """The ids of the code cells inside a solution (between solution-start and solution-end)."""
    inside, out = False, set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if START.match(line):
                    inside = True
                elif END.match(line):
                    inside = False
        elif cell.cell_type == "code" and inside:
            out.add(cell.get("id"))
    return out


def wanted_folding(cell, in_solution: bool = False) -> dict[str, bool]:
    """The ``jupyter`` metadata a code cell needs so JupyterLab folds what the page hides."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    want = {}
    if in_solution or tags & set(HIDE_SOURCE):
        want["source_hidden"] = True
    if in_solution or tags & set(HIDE_OUTPUT):
        want["outputs_hidden"] = True
    return want


def folding_needed(nb) -> list[tuple[str, dict[str, bool], str]]:
    """``(cell id, missing jupyter metadata, why)`` for every code cell JupyterLab would show
    although the page hides it."""
    out, solutions = [], solution_cells(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        sol = cell.get("id") in solutions
        have = cell.get("metadata", {}).get("jupyter", {})
        missing = {k: v for k, v in wanted_folding(cell, sol).items() if have.get(k) is not v}
        if missing:
            tags = cell.get("metadata", {}).get("tags", [])
            hiding = [t for t in tags if t in HIDE_SOURCE + HIDE_OUTPUT]
            why = "solution" if sol else ", ".join(hiding)
            out.append((cell.get("id", "?"), missing, why))
    return out


def apply_folding(nb) -> int:
    """Add the metadata :func:`folding_needed` asks for; return how many cells changed."""
    todo = {cid: missing for cid, missing, _ in folding_needed(nb)}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("id") in todo:
            cell.setdefault("metadata", {}).setdefault("jupyter", {}).update(todo[cell["id"]])
    return len(todo)


def chapters(root: Path = ROOT) -> list[Path]:
    return sorted((root / "book").glob("[0-9][0-9]_*.ipynb"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="report, change nothing; exit 1 if any")
    ap.add_argument("notebooks", nargs="*", type=Path)
    args = ap.parse_args(argv)
    bad = 0
    for path in args.notebooks or chapters():
        nb = nbformat.read(path, as_version=4)
        todo = needed(nb)
        if args.check:
            for cid, tags, rule in todo:
                print(f"{path.name}: cell {cid} ({rule}) needs the tags {', '.join(tags)}")
            bad += len(todo)
        elif todo:
            apply(nb)
            print(f"{path.name}: tagged {len(todo)} cells")
        folds = folding_needed(nb)   # after the tags: a cell tagged now is folded now
        if args.check:
            for cid, missing, why in folds:
                print(f"{path.name}: cell {cid} ({why}) needs the metadata "
                      + ", ".join(f"jupyter.{k}" for k in missing))
            bad += len(folds)
        elif folds:
            apply_folding(nb)
            print(f"{path.name}: folded {len(folds)} cells in JupyterLab")
        if not args.check and (todo or folds):
            nbformat.write(nb, path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
