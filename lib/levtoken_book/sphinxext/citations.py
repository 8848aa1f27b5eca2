"""The chapters' citation links read as sphinxcontrib-bibtex footnote citations.

A notebook cites ``[Avellaneda and Zhang (2010)](#ref-avellaneda2010path)`` so that JupyterLab
shows author and year (see :mod:`levtoken_book.citations`). Before Sphinx parses a notebook, this
handler turns each citation back into the ``{footcite:t}``/``{footcite:p}`` role it stands for, so
the page's citations, footnotes and ``{footbibliography}`` are sphinxcontrib-bibtex's as before.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from levtoken_book.citations import notebook_to_book


def restore_footcites(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: rewrite a notebook's citation links as footcite roles."""
    if str(app.env.doc2path(docname)).endswith(".ipynb"):
        source[0] = notebook_to_book(source[0])
