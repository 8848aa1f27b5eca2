"""Make the student edition of the book's notebooks: the same chapters without their solutions.

    python -m levtoken_book.student_edition [--book book] [--out student] [--zip student-edition.zip]
    python -m levtoken_book.student_edition --check     # is the committed student/ up to date?

Solutions are written with sphinx-exercise's gated directives, so they can hold code cells:

    ````{solution-start} ex-ch1-1
    :class: dropdown
    ````
    … markdown and code cells …
    ````{solution-end}
    ````

Everything from a ``solution-start`` fence to the end of the matching ``solution-end`` fence is
dropped, in markdown and code cells alike, and an **empty answer cell** takes its place under the
exercise. The exercises stay. The predict-then-check questions stay too, without their folded
answers: ``ask("ch3-1")`` becomes ``ask("ch3-1", solution=False)``, and the question files are
the student edition's (:func:`levtoken_book.questions.student_file`): the prompts, their choices
and hints and the name of the function that computes each answer when the notebook runs, no
explanation and no marked answer. Each notebook's first cell, the Colab install cell
(:mod:`levtoken_book.launch`), fetches the student edition's question file instead of the book's.

Beside the notebooks: ``questions/``, a ``README.md`` (what the edition is, how to run it on
Binder, on Colab or on a computer, the data licence) and a ``requirements.txt`` (the reader's
pinned environment, ``binder/requirements.txt``, with the book's library from its repository).

The edition is committed in ``student/`` (Binder and Colab open notebooks of the repository, so
the students' links point there); the book's build (the book's Sphinx extension) also writes it,
with its zip, on every build, and ``--check`` (run by the tests) names any file of ``student/``
that no longer matches the chapters: then run ``make student``.
"""

from __future__ import annotations

import argparse
import filecmp
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
import yaml

from levtoken_book import launch

START = re.compile(r"^(`{3,}|:{3,})\{solution-start\}")
END = re.compile(r"^(`{3,}|:{3,})\{solution-end\}")
ASK = re.compile(r'\bask\("(ch[0-9]+-[0-9]+)"\)')
#: Where the student edition is committed, relative to the repository's root.
STUDENT_DIR = "student"
#: The folder inside the zip.
ZIP_FOLDER = "leveraged-tokens-student"
#: The tag of the empty answer cell under each exercise.
ANSWER_TAG = "answer"

NOTE = ("> **Student edition.** The solutions are removed from this copy: under each exercise an "
        "empty cell waits for your answer. Your teacher has the solutions, and the online book "
        "shows them in folded boxes.\n\n")


def _strip_markdown(text: str, inside: bool) -> tuple[list[tuple[str, str]], bool]:
    """Split one markdown cell around its solutions: ``("text", kept)`` and ``("answer",
    label)`` in order, an answer where a solution starts; return them and the state after it."""
    events: list[tuple[str, str]] = []
    kept: list[str] = []
    lines, i = text.splitlines(), 0

    def flush():
        if any(ln.strip() for ln in kept):
            events.append(("text", "\n".join(kept).strip("\n")))
        kept.clear()

    while i < len(lines):
        line = lines[i]
        start = None if inside else START.match(line)
        end = END.match(line) if inside else None
        if start or end:
            fence = (start or end).group(1)
            if start:
                flush()
                events.append(("answer", line[start.end():].strip()))
            inside = bool(start)
            i += 1
            while i < len(lines) and lines[i].strip() != fence:  # the directive's options
                i += 1
            i += 1
            continue
        if not inside:
            kept.append(line)
        i += 1
    flush()
    return events, inside


def answer_cell(label: str):
    """The empty cell under an exercise (``label``: the exercise's label, e.g. ``ex-ch3-1``)."""
    cell = nbformat.v4.new_code_cell("", metadata={"tags": [ANSWER_TAG]})
    cell["id"] = re.sub(r"[^A-Za-z0-9_-]", "-", f"answer-{label}")[:64]
    return cell


def strip_solutions(nb):
    """Return a copy of ``nb`` without solutions, an empty answer cell under each exercise, and
    a count of the solutions removed."""
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    inside, removed = False, 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            events, inside = _strip_markdown(cell.source, inside)
            texts = 0
            for kind, value in events:
                if kind == "answer":
                    removed += 1
                    out.cells.append(answer_cell(value or f"{removed}"))
                    continue
                new = nbformat.v4.new_markdown_cell(value)
                base = cell.get("id", new["id"])
                new["id"] = base if texts == 0 else f"{base}-{texts}"[:64]
                texts += 1
                out.cells.append(new)
        elif not inside:
            if ASK.search(cell.source):
                cell = nbformat.from_dict(dict(cell))
                cell.source = ASK.sub(r'ask("\1", solution=False)', cell.source)
            out.cells.append(cell)
    if inside:
        raise ValueError("a solution-start has no matching solution-end")
    title = next((c for c in out.cells if c.cell_type == "markdown"
                  and c.source.startswith("# ")), None)
    if title is not None:
        head, _, rest = title.source.partition("\n")
        title.source = f"{head}\n\n{NOTE}{rest.lstrip()}"
    return out, removed


def chapter_title(nb) -> str:
    """A notebook's title: the text of its first level-1 heading ("" if it has none)."""
    if not hasattr(nb, "cells"):
        raise TypeError(f"nb must be a notebook (nbformat.NotebookNode), got {type(nb).__name__}")
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.partition("\n")[0][2:].strip()
    return ""


def _edition(root: Path) -> str | None:
    path = root / "CITATION.cff"
    return str(yaml.safe_load(path.read_text())["version"]) if path.is_file() else None


def readme(titles: dict[str, str], repo: launch.Repository, edition: str | None,
           folder: str = STUDENT_DIR) -> str:
    """The student edition's README: what it is, how to run it, the data licence."""
    book = "*Leveraged Tokens, Computed*" + (f" (edition {edition})" if edition else "")
    first = next(iter(titles), None)
    rows = [f"| {title} | [Binder]({repo.binder(f'{folder}/{name}')}) | "
            f"[Colab]({repo.colab(f'{folder}/{name}')}) |" for name, title in titles.items()]
    lines = [
        "# Leveraged Tokens, Computed: the student edition",
        "",
        f"The chapters of the book {book} as Jupyter notebooks, for students: the same text, "
        "figures, live panels and code as the book, without the solutions of the exercises and "
        "without the answers of the predict-then-check questions.",
        "",
        "- **Exercises.** Under each exercise an empty cell waits for your answer: write code "
        "there and run it, or turn the cell into a text cell (press `M`) for words.",
        "- **Questions.** Type or choose your prediction and press *Check*: the notebook computes "
        "the answer with the book's library when it runs, so run the cells above a question "
        "first (*Run → Run All Cells*).",
        "- Your teacher has the solutions; the online book shows them in folded boxes.",
        "",
        "## Running it",
        "",
        "**On Binder** (nothing to install, a browser is enough): "
        + (f"[open the first chapter]({repo.binder(f'{folder}/{first}')}); " if first else "")
        + f"the other chapters are in the `{folder}` folder of the file browser on the left. "
        "Binder builds the book's environment, which can take a few minutes the first time. A "
        "session ends after about ten minutes without activity: download the notebooks you change "
        "(*File → Download*).",
        "",
        "**On Google Colab** (a Google account): open a chapter's Colab link below and run its "
        "first cell, which installs the book's library (about a minute; if Colab then asks you to "
        "restart the session, do so and run all cells again). Colab runs every code cell, the "
        "figures and the questions; its text cells do not understand the book's markup, so the "
        "numbers in the text show as `{eval}` code and the boxes as `:::` lines: read the text in "
        "the online book and run the code in Colab.",
        "",
        "**On your computer** (Python 3.11 or newer), in this folder:",
        "",
        "```bash",
        "python -m venv .venv",
        ".venv/bin/pip install -r requirements.txt    # on Windows: .venv\\Scripts\\pip",
        ".venv/bin/jupyter lab",
        "```",
        "",
        "`requirements.txt` pins the book's environment and installs the book's library from its "
        "repository. Keep the `questions` folder beside the notebooks: the questions read it.",
        "",
        "| chapter | Binder | Colab |",
        "|---|---|---|",
        *rows,
        "",
        "## Data licence",
        "",
        "Chapter 9 and the \"On real prices\" passages of chapters 3 to 7 read Bitcoin's real daily "
        "closes: Coin Metrics' community data (the file `csv/btc.csv` of the public repository "
        "`coinmetrics/data` on GitHub), © Coin Metrics, licence **CC BY-NC 4.0** (Creative "
        "Commons Attribution-NonCommercial 4.0): non-commercial use only. The file is not in this "
        "folder and not under the book's licences: the library downloads it on first use (about "
        "2 MB) into a cache folder (the environment variable `LEVTOKEN_DATA_DIR` if set) and reads "
        "it from there afterwards, offline too.",
        "",
        "## Licence",
        "",
        "The book's code is under the MIT licence, its text under CC BY 4.0. Nothing here is "
        "investment advice.",
        "",
    ]
    return "\n".join(lines)


def requirements_txt(root: Path, repo: launch.Repository) -> str:
    """The reader's pinned environment (``binder/requirements.txt`` without its editable installs)
    and the book's library from its repository (:func:`levtoken_book.launch.requirements`)."""
    pins = []
    binder = root / "binder" / "requirements.txt"
    if binder.is_file():
        pins = [ln for ln in binder.read_text().splitlines()
                if ln.strip() and not ln.startswith(("#", "-e"))]
    head = ["# The student edition's environment: the book's pinned packages (JupyterLab included)",
            "# and the book's library, installed from its repository.",
            "#   pip install -r requirements.txt"]
    return "\n".join([*head, *pins, *launch.requirements(repo, root)]) + "\n"


def build(book_dir: Path, out_dir: Path, zip_path: Path | None = None, *,
          config: Path | None = None, folder: str = STUDENT_DIR) -> list[Path]:
    """Write the student edition of the chapters in ``book_dir`` (``NN_*.ipynb`` and their
    ``questions/``) into ``out_dir``, with its README and requirements (and a zip of them);
    return the paths written. ``config``: the book's ``_config.yml`` (default: beside
    ``book_dir``); ``folder``: where the edition is committed in the repository, which its
    Colab cells and README links point at."""
    book_dir = Path(book_dir)
    if not book_dir.is_dir():
        raise ValueError(f"book_dir: {book_dir} is not a folder; pass the book's folder (the "
                         f"one with the chapters' NN_*.ipynb files)")
    from levtoken_book import questions as Q

    root = book_dir.resolve().parent
    repo = launch.repository(config if config is not None else root / "_config.yml")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, titles = [], {}
    for src in sorted(book_dir.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(src, as_version=4)
        student, _ = strip_solutions(nb)
        colab = launch.first_code_cell(student)
        if colab is not None and colab.get("id") == launch.COLAB_CELL_ID:
            q = launch.chapter_questions(src, book_dir / "questions")
            colab.source = launch.colab_cell(
                repo, src.name, f"{folder}/questions/{q.name}" if q else None, root)
        titles[src.name] = chapter_title(nb)
        dst = out_dir / src.name
        nbformat.write(student, dst)
        written.append(dst)
    (out_dir / "questions").mkdir(exist_ok=True)
    for src in sorted((book_dir / "questions").glob("ch[0-9][0-9].yaml")):
        data = Q.load(int(src.stem[2:]), folder=src.parent)
        dst = out_dir / "questions" / src.name
        header = (f"# Chapter {data['chapter']}, student edition: the prompts only. The library "
                  f"computes each answer when the notebook runs.\n")
        dst.write_text(header + yaml.safe_dump(Q.student_file(data), sort_keys=False,
                                               allow_unicode=True, width=100), encoding="utf-8")
        written.append(dst)
    for name, text in (("README.md", readme(titles, repo, _edition(root), folder)),
                       ("requirements.txt", requirements_txt(root, repo))):
        (out_dir / name).write_text(text, encoding="utf-8")
        written.append(out_dir / name)
    for old in [*out_dir.glob("[0-9][0-9]_*.ipynb"), *(out_dir / "questions").glob("*.yaml")]:
        if old not in written:            # a chapter that is no longer in the book
            old.unlink()
    if zip_path is not None:
        zip_path = Path(zip_path)
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in written:
                name = path.relative_to(out_dir).as_posix()
                info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", (2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())  # fixed timestamps: same sources, same zip
    return written


def check(book_dir: Path, committed: Path) -> list[str]:
    """The files of the committed edition ``committed`` that differ from what :func:`build`
    writes from ``book_dir`` now (missing, extra or changed), relative to ``committed``."""
    committed = Path(committed)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "student"
        made = {p.relative_to(fresh).as_posix() for p in build(book_dir, fresh)}
        have = {p.relative_to(committed).as_posix() for p in committed.rglob("*")
                if p.is_file() and p.suffix != ".zip"} if committed.is_dir() else set()
        return sorted((made ^ have) | {n for n in made & have
                                       if not filecmp.cmp(fresh / n, committed / n, shallow=False)})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=Path("book"),
                        help="the book's folder (default: book, from the repository's root)")
    parser.add_argument("--out", type=Path, default=Path(STUDENT_DIR))
    parser.add_argument("--zip", type=Path, default=None)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and name the files of --out that are stale")
    args = parser.parse_args(argv)
    if args.check:
        stale = check(args.book, args.out)
        for name in stale:
            print(f"{args.out / name}: differs from the chapters")
        if stale:
            print("Run 'make student' to rewrite the student edition.", file=sys.stderr)
        return 1 if stale else 0
    for path in build(args.book, args.out, args.zip):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
