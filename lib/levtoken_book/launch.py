"""Where a chapter runs without installing anything: Binder and Google Colab, from ``_config.yml``.

The book's repository address is set once, in ``_config.yml`` (``repository.url``, ``.branch``,
``.path_to_book``; ``launch_buttons.binderhub_url``, ``.colab_url``, ``.notebook_interface``).
Everything here is built from it, the way the theme builds its launch buttons:

* :meth:`Repository.binder` and :meth:`Repository.colab`: the launch links of a notebook of the
  repository (a chapter in ``book/`` or its student edition in ``student/``), for the teacher's
  guide and the student edition's links in each chapter's launch menu;
* :func:`colab_cell`: the first cell of every chapter. On Google Colab it installs what the
  chapter needs and fetches the chapter's question file; anywhere else (the book's build,
  JupyterLab, Binder, nbval) it does nothing. Colab opens a notebook straight from GitHub, with
  no ``_config.yml`` beside it, so the cell carries the addresses it needs: this module writes
  them from ``_config.yml`` and ``python -m levtoken_book.launch --check`` (run by the tests)
  says when a chapter's cell no longer matches (after a fork changes ``_config.yml``, or a new
  chapter): then run ``python -m levtoken_book.launch`` to rewrite it.

What Colab installs: the engine ``levtoken`` with its ``data`` extra and the book's own package
(``levtoken_book``, the root project ``leveraged-tokens-computed``, which is not published), both
with pip from the repository's git address at the book's branch. Once ``levtoken`` is on PyPI,
set :data:`LEVTOKEN_ON_PYPI` to True and rerun the tool: the engine then comes from PyPI at the
version of ``lib/pyproject.toml`` (the book's package still from git).

    python -m levtoken_book.launch [--check] [--book book]
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import yaml

#: The repository's root (the package is installed from it in editable mode for the book).
ROOT = Path(__file__).resolve().parents[2]
#: True once ``levtoken`` is published on PyPI (the README's *Colab* section says how to check).
LEVTOKEN_ON_PYPI = False
#: The id of the chapters' first cell, the Colab install cell.
COLAB_CELL_ID = "colab-install"
#: The first line of the Colab install cell (how a copy of it is recognised).
COLAB_CELL_FIRST_LINE = "# On Google Colab only: install what this chapter needs"
#: The book's project name (the root ``pyproject.toml``), which holds ``levtoken_book``.
BOOK_PROJECT = "leveraged-tokens-computed"
UI_PREFIX = {"classic": "tree", "jupyterlab": "lab/tree"}


@dataclass(frozen=True)
class Repository:
    """The repository settings of ``_config.yml`` that the launch links are built from."""

    owner: str
    name: str
    branch: str
    binderhub: str
    colab_hub: str
    interface: str

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    def _check(self, path: str) -> str:
        if not isinstance(path, str) or not path.endswith(".ipynb") or path.startswith("/"):
            raise ValueError(f"path must be a notebook's path in the repository, such as "
                             f"'book/03_volatility_decay.ipynb', got {path!r}")
        return path

    def binder(self, path: str) -> str:
        """The Binder link that opens ``path`` (a notebook of the repository) in JupyterLab."""
        return (f"{self.binderhub}/v2/gh/{self.owner}/{self.name}/{self.branch}"
                f"?urlpath={UI_PREFIX[self.interface]}/{self._check(path)}")

    def colab(self, path: str) -> str:
        """The Google Colab link that opens ``path`` straight from GitHub."""
        return f"{self.colab_hub}/github/{self.owner}/{self.name}/blob/{self.branch}/{self._check(path)}"

    def raw(self, path: str) -> str:
        """The address of the file ``path`` of the repository at the book's branch."""
        return f"https://raw.githubusercontent.com/{self.owner}/{self.name}/{self.branch}/{path}"

    def git(self, subdirectory: str | None = None) -> str:
        """pip's address of the repository at the book's branch (``git+https://…@branch``)."""
        tail = f"#subdirectory={subdirectory}" if subdirectory else ""
        return f"git+{self.url}@{self.branch}{tail}"


def repository(config: str | Path | None = None) -> Repository:
    """The repository settings of ``config`` (default: the repository's ``_config.yml``).

    Raises ValueError when the repository is not on GitHub or no Binder or Colab address is set.
    """
    path = Path(config) if config is not None else ROOT / "_config.yml"
    if not path.is_file():
        raise ValueError(f"config: {path} is not a file; pass the book's _config.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    repo, launch = data.get("repository") or {}, data.get("launch_buttons") or {}
    url = (repo.get("url") or "").rstrip("/")
    parsed = urlparse(url)
    parts = [p for p in parsed.path.split("/") if p]
    binderhub = (launch.get("binderhub_url") or "").rstrip("/")
    colab_hub = (launch.get("colab_url") or "").rstrip("/")
    interface = launch.get("notebook_interface", "classic")
    if parsed.netloc != "github.com" or len(parts) != 2:
        raise ValueError(f"{path.name}: repository.url must read https://github.com/OWNER/REPO "
                         f"(Binder and Colab open GitHub repositories), got {url!r}")
    if not binderhub or not colab_hub:
        raise ValueError(f"{path.name}: launch_buttons needs binderhub_url and colab_url, got "
                         f"binderhub_url={binderhub!r}, colab_url={colab_hub!r}")
    if interface not in UI_PREFIX:
        raise ValueError(f"{path.name}: launch_buttons.notebook_interface must be one of "
                         f"{sorted(UI_PREFIX)}, got {interface!r}")
    return Repository(parts[0], parts[1], str(repo.get("branch") or "main"), binderhub,
                      colab_hub, interface)


def engine_version(root: Path = ROOT) -> str:
    """The engine's version (``lib/pyproject.toml``), which the book's package requires."""
    return tomllib.loads((root / "lib" / "pyproject.toml").read_text())["project"]["version"]


def requirements(repo: Repository, root: Path = ROOT) -> list[str]:
    """What pip installs for a reader with nothing installed: the engine with its data extra and
    the book's package (see :data:`LEVTOKEN_ON_PYPI`)."""
    engine = (f"levtoken[data]=={engine_version(root)}" if LEVTOKEN_ON_PYPI
              else f"levtoken[data] @ {repo.git('lib')}")
    return [engine, f"{BOOK_PROJECT} @ {repo.git()}"]


def colab_cell(repo: Repository, notebook: str, questions: str | None,
               root: Path = ROOT) -> str:
    """The source of the Colab install cell of ``notebook`` (its name, e.g.
    ``03_volatility_decay.ipynb``); ``questions``: the repository path of its question file
    (``book/questions/ch03.yaml``), or None for a chapter without questions."""
    reqs = ",\n".join(f'                    "{r}"' for r in requirements(repo, root))
    lines = [
        "# On Google Colab only: install what this chapter needs and fetch its questions.",
        "# Anywhere else (the book, JupyterLab, Binder) this cell does nothing. Written from the",
        "# book's _config.yml by `python -m levtoken_book.launch`; edit that file, not this cell.",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        "    import importlib.metadata, pathlib, subprocess, urllib.request",
        '    loaded = {m: sys.modules[m].__version__ for m in ("numpy", "pandas", "matplotlib")',
        "              if m in sys.modules}",
        '    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",',
        f"{reqs}], check=True)",
    ]
    if questions:
        lines += [
            '    pathlib.Path("questions").mkdir(exist_ok=True)',
            f'    urllib.request.urlretrieve("{repo.raw(questions)}",',
            f'                               "questions/{Path(questions).name}")',
        ]
    lines += [
        "    from google.colab import output",
        "    output.enable_custom_widget_manager()   # the live panels are ipywidgets 8",
        "    if any(importlib.metadata.version(m) != v for m, v in loaded.items()):",
        '        print("pip upgraded a package Colab had already loaded: choose Runtime > "',
        '              "Restart session, then run all cells again.")',
    ]
    return "\n".join(lines)


def chapter_questions(notebook: str | Path, questions_dir: Path) -> Path | None:
    """The question file of a chapter notebook (``NN_slug.ipynb`` → ``chNN.yaml``), if any."""
    path = questions_dir / f"ch{Path(notebook).name[:2]}.yaml"
    return path if path.is_file() else None


def _is_colab_cell(cell) -> bool:
    return cell.get("id") == COLAB_CELL_ID or (
        cell.cell_type == "code" and cell.source.startswith(COLAB_CELL_FIRST_LINE))


def first_code_cell(nb):
    """The notebook's first code cell (the Colab install cell, in a chapter), or None."""
    return next((c for c in nb.cells if c.cell_type == "code"), None)


def with_colab_cell(nb, source: str):
    """``nb`` with one Colab install cell holding ``source`` as its first code cell (it must
    run before any other on Colab; a markdown note on how to read the chapter may open it):
    the one it has, updated and moved there, or a new one; copies are dropped."""
    found = [i for i, c in enumerate(nb.cells) if _is_colab_cell(c)]
    if found:
        cell = nb.cells[found[0]]
        for i in reversed(found):
            del nb.cells[i]
    else:
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["remove-cell"]})
    cell["id"] = COLAB_CELL_ID
    cell.source = source
    at = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(at, cell)
    return nb


def apply(book_dir: str | Path | None = None, check: bool = False,
          config: str | Path | None = None) -> list[Path]:
    """Give every chapter of ``book_dir`` (``NN_*.ipynb``) its Colab install cell; return the
    chapters whose cell was missing or stale (with ``check=True`` nothing is written)."""
    book_dir = Path(book_dir) if book_dir is not None else ROOT / "book"
    if not book_dir.is_dir():
        raise ValueError(f"book_dir: {book_dir} is not a folder; pass the book's folder")
    repo = repository(config)
    root = book_dir.resolve().parent
    stale = []
    for path in sorted(book_dir.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        q = chapter_questions(path, book_dir / "questions")
        rel = q.resolve().relative_to(root).as_posix() if q else None
        source = colab_cell(repo, path.name, rel, root)
        cells = [c for c in nb.cells if _is_colab_cell(c)]
        if (len(cells) == 1 and first_code_cell(nb) is cells[0]
                and cells[0].get("id") == COLAB_CELL_ID and cells[0].source == source):
            continue
        stale.append(path)
        if not check:
            nbformat.write(with_colab_cell(nb, source), path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=None, help="the book's folder (book/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 and name the chapters whose cell is stale")
    args = parser.parse_args(argv)
    stale = apply(args.book, check=args.check)
    for path in stale:
        print(f"{path}: Colab install cell {'stale' if args.check else 'written'}")
    if args.check and stale:
        print("Run 'python -m levtoken_book.launch' to rewrite them.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
