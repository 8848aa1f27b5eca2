"""Write a chapter notebook from a list of cells (a contributor's convenience).

    from nbbuild import md, code, write
    write("book/01_x.ipynb", [md("# Title"), code("x = 1", tags=["remove-cell"])])

Notebooks are written without outputs, with the book's kernel metadata.
"""

from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def md(text: str):
    return new_markdown_cell(text.strip("\n"))


def code(src: str, tags=None, alt: str | None = None, caption: str | None = None,
         name: str | None = None):
    cell = new_code_cell(src.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if alt or caption:
        mystnb = {}
        if alt:
            mystnb["image"] = {"alt": alt}
        if caption:
            mystnb["figure"] = {"caption": caption, **({"name": name} if name else {})}
        cell.metadata["mystnb"] = mystnb
    return cell


def write(path: str, cells) -> None:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, c in enumerate(nb.cells):  # stable ids: same source, same file
        c["id"] = f"c{i:03d}"
    nbformat.write(nb, path)
