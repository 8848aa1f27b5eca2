"""Citations that JupyterLab and the book both read.

A chapter notebook cites a work with a markdown link to the work's entry in the chapter's
reference list, its text in author–year form::

    [Avellaneda and Zhang (2010)](#ref-avellaneda2010path) worked out …      (narrative)
    … was about 69 % a year ([Timmer, 2023](#ref-fidelity2023riskreturn)).   (parenthetical)
    … ([Bybit, 2024a](#ref-bybit2024ltrebalancing); [AscendEX, 2022](#ref-ascendexltfees))

JupyterLab (jupyterlab-myst) shows the text as a link to the entry, ``(ref-key)=`` in the
chapter's generated reference list, and shows the entry when the pointer rests on it. The book
reads the same citations as sphinxcontrib-bibtex's footnote citations: before a notebook is
parsed, :func:`to_book` turns them back into ``{footcite:t}`key``` and
``{footcite:p}`key1,key2```, so the web page and the PDF keep their numbered footnotes and the
chapter's ``{footbibliography}``. ``python -m tools.jupyterlab_reading`` writes the links (from
``book/references.bib``); authors may write either form.
"""

from __future__ import annotations

import json
import re

#: the id of a work's entry in a chapter's reference list (a MyST target ``(ref-key)=``)
PREFIX = "ref-"
_LINK = r"\[[^\]\n]+\]\(#" + PREFIX + r"([A-Za-z0-9_.:-]+)\)"
LINK = re.compile(_LINK)
#: a parenthetical citation: one or more links, separated by "; ", in parentheses
PARENTHETICAL = re.compile(r"\((" + _LINK + r"(?:; " + _LINK + r")*)\)")


def _check_text(value, name: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string (markdown or a notebook's JSON text), got "
                        f"{type(value).__name__}")


def to_book(markdown: str) -> str:
    """The markdown with every citation link written as sphinxcontrib-bibtex's footcite role."""
    _check_text(markdown, "markdown")

    def paren(m: re.Match) -> str:
        return "{footcite:p}`" + ",".join(LINK.findall(m.group(1))) + "`"

    out = PARENTHETICAL.sub(paren, markdown)
    return LINK.sub(lambda m: "{footcite:t}`" + m.group(1) + "`", out)


def notebook_to_book(text: str) -> str:
    """A notebook's JSON text with its markdown cells' citations as :func:`to_book` writes them
    (unchanged text, byte for byte, when it cites nothing in the linked form)."""
    _check_text(text, "text")
    if "](#" + PREFIX not in text:
        return text
    nb = json.loads(text)
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            src = cell["source"]
            src = "".join(src) if isinstance(src, list) else src
            cell["source"] = to_book(src)
    return json.dumps(nb, ensure_ascii=False, indent=1)
