"""Make the student edition of the book's notebooks: the same chapters with the solutions removed.

    python -m levtoken_book.student_edition [--book book] [--out student] [--zip student-edition.zip]

Solutions are written with sphinx-exercise's gated directives, so they can hold code cells:

    ````{solution-start} ex-ch1-1
    :class: dropdown
    ````
    … markdown and code cells …
    ````{solution-end}
    ````

Everything from a ``solution-start`` fence to the end of the matching ``solution-end`` fence is
dropped, in markdown and code cells alike; the exercises stay. The predict-then-check questions
stay too, without their folded answers: ``ask("ch3-1")`` becomes ``ask("ch3-1", solution=False)``
(the instant feedback still works), and the question files (``book/questions/``) are copied
next to the notebooks, where ``levtoken_book.questions`` finds them. Nothing is copied by hand: the
book's build (the book's Sphinx extension) runs this on every build, so the student edition
always matches the chapters.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from pathlib import Path

import nbformat

START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}")
END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}")
ASK = re.compile(r'\bask\("(ch[0-9]+-[0-9]+)"\)')

NOTE = ("> **Student edition.** The solutions are removed from this copy. Your teacher has them, "
        "and the online book shows them in folded boxes.\n\n")


def _strip_markdown(text: str, inside: bool) -> tuple[str, bool]:
    """Drop the solution parts of one markdown cell; return the kept text and the state after it."""
    kept, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if not inside and START.match(line):
            fence = START.match(line).group(1)
            inside = True
            i += 1
            while i < len(lines) and lines[i].strip() != fence:  # options of the start directive
                i += 1
            i += 1
            continue
        if inside and END.match(line):
            fence = END.match(line).group(1)
            inside = False
            i += 1
            while i < len(lines) and lines[i].strip() != fence:
                i += 1
            i += 1
            continue
        if not inside:
            kept.append(line)
        i += 1
    return "\n".join(kept).strip("\n"), inside


def strip_solutions(nb):
    """Return a copy of ``nb`` without solutions and a count of the solutions removed."""
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    inside, removed = False, 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            removed += len([ln for ln in cell.source.splitlines() if START.match(ln)])
            text, inside = _strip_markdown(cell.source, inside)
            if text.strip():
                new = nbformat.v4.new_markdown_cell(text)
                new["id"] = cell.get("id", new["id"])
                out.cells.append(new)
        elif not inside:
            if ASK.search(cell.source):
                cell = nbformat.from_dict(dict(cell))
                cell.source = ASK.sub(r'ask("\1", solution=False)', cell.source)
            out.cells.append(cell)
    if inside:
        raise ValueError("a solution-start has no matching solution-end")
    # the note goes under the chapter's title (a JupyterLab-only cell may come before it)
    first = next((c for c in out.cells if c.cell_type == "markdown" and c.source.startswith("# ")),
                 out.cells[0] if out.cells and out.cells[0].cell_type == "markdown" else None)
    if first is not None:
        title, _, rest = first.source.partition("\n")
        first.source = f"{title}\n\n{NOTE}{rest.lstrip()}"
    return out, removed


def build(book_dir: Path, out_dir: Path, zip_path: Path | None = None) -> list[Path]:
    """Write the student notebooks of the chapters in ``book_dir`` (``NN_*.ipynb`` and their
    ``questions/``) into ``out_dir`` (and a zip of them); return the paths written."""
    book_dir = Path(book_dir)
    if not book_dir.is_dir():
        raise ValueError(f"book_dir: {book_dir} is not a folder; pass the book's folder (the "
                         f"one with the chapters' NN_*.ipynb files)")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in sorted(book_dir.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        student, _ = strip_solutions(nb)
        dst = out_dir / src.name
        nbformat.write(student, dst)
        written.append(dst)
    questions = book_dir / "questions"
    (out_dir / "questions").mkdir(exist_ok=True)
    for src in sorted(questions.glob("*.yaml")):
        dst = out_dir / "questions" / src.name
        dst.write_bytes(src.read_bytes())
        written.append(dst)
    if zip_path is not None:
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in written:
                name = path.relative_to(out_dir).as_posix()
                info = zipfile.ZipInfo(f"leveraged-tokens-student/{name}", (2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())  # fixed timestamps: same sources, same zip
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=Path("book"),
                        help="the book's folder (default: book, from the repository's root)")
    parser.add_argument("--out", type=Path, default=Path("student"))
    parser.add_argument("--zip", type=Path, default=None)
    args = parser.parse_args()
    for path in build(args.book, args.out, args.zip):
        print(path)


if __name__ == "__main__":
    main()
