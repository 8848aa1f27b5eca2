"""The student edition (solutions removed), made on every book build, and the links to it.

Runs :func:`levtoken_book.student_edition.build` before the documents are read and writes
``book/_generated/student-edition.zip`` (git-ignored), which the teacher's guide offers with the
``{download}`` role, and ``book/_generated/class_links.md``, the guide's table of what a class
needs per chapter (the student edition on Binder and on Colab, the worksheet and the answer key
that ``tools/book_pdf.py`` prints). One source, two editions: nothing to keep in sync by hand.

Each chapter's launch menu (the rocket) gets the student edition's Binder and Colab links too,
and the guide's ``{{ run_chNN }}`` substitutions are the chapter's own Binder and Colab links
(for the moments that need a running Python). Every link is built from ``_config.yml``
(:mod:`levtoken_book.launch`).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from levtoken_book import launch, student_edition

#: Where tools/book_pdf.py writes the worksheets and answer keys, in the site.
PRINTABLES = "printables"


def printable(notebook: str, kind: str) -> str:
    """The site path of a chapter's printable: ``kind`` is ``worksheet`` or ``answer-key``."""
    return f"{PRINTABLES}/{Path(notebook).stem}-{kind}.pdf"


def _chapters(root: Path) -> list[Path]:
    return sorted((root / "book").glob("[0-9][0-9]_*.ipynb"))


def substitutions(app: Sphinx, config: Config) -> None:
    """config-inited: ``{{ run_chNN }}``, the Binder and Colab links of chapter NN."""
    root = Path(app.confdir)
    repo = launch.repository(root / "_config.yml")
    subs = dict(config.myst_substitutions or {})
    for nb in _chapters(root):
        path = f"book/{nb.name}"
        subs[f"run_ch{nb.name[:2]}"] = (f"*needs Python:* [Binder]({repo.binder(path)}) or "
                                        f"[Colab]({repo.colab(path)})")
    config.myst_substitutions = subs


def class_links(root: Path) -> str:
    """The guide's table: per chapter, the student edition on Binder and Colab, the worksheet
    and the answer key (MyST markdown; the PDFs are linked as files of the site)."""
    import nbformat

    repo = launch.repository(root / "_config.yml")
    lines = ["| chapter | student edition | worksheet | answer key |", "|---|---|---|---|"]
    for nb in _chapters(root):
        title = student_edition.chapter_title(nbformat.read(nb, as_version=4))
        path = f"{student_edition.STUDENT_DIR}/{nb.name}"
        lines.append(
            f"| {{doc}}`{title} <{nb.stem}>` | [Binder]({repo.binder(path)}) · "
            f"[Colab]({repo.colab(path)}) | <a href=\"../{printable(nb.name, 'worksheet')}\">"
            f"worksheet (PDF)</a> | <a href=\"../{printable(nb.name, 'answer-key')}\">answer key "
            f"(PDF)</a> |")
    return "\n".join(lines) + "\n"


def make(app: Sphinx) -> None:
    """builder-inited: write the student notebooks and their zip under ``book/_generated``, and
    the guide's table of links per chapter."""
    root = Path(app.confdir)
    book = root / "book"
    generated = book / "_generated"
    student_edition.build(book, generated / "student", generated / "student-edition.zip")
    out, text = generated / "class_links.md", class_links(root)
    if not out.exists() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")


def launch_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """html-page-context, after the theme's launch buttons: the chapter's student edition on
    Binder and on Colab, in the same menu, for a chapter that has one in ``student/``."""
    group = next((b for b in context.get("header_buttons") or []
                  if b.get("label") == "launch-buttons"), None)
    if group is None:
        return
    name = pagename.rpartition("/")[2] + ".ipynb"
    root = Path(app.confdir)
    if not (root / student_edition.STUDENT_DIR / name).is_file():
        return
    repo = launch.repository(root / "_config.yml")
    path = f"{student_edition.STUDENT_DIR}/{name}"
    for text, url, icon in (("Binder: student edition", repo.binder(path), "logo_binder.svg"),
                            ("Colab: student edition", repo.colab(path), "logo_colab.png")):
        group["buttons"].append({"type": "link", "text": text, "url": url,
                                 "tooltip": f"{text} (no solutions)",
                                 "icon": f"_static/images/{icon}",
                                 "label": "launch-student-" + text.split(":")[0].lower()})
