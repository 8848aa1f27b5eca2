"""Sphinx extension: the book's ``{eval}`glued("key", "fmt")``` role reads the notebook's glue.

The chapters show every number of their prose with one syntax that the book and JupyterLab both
understand (see :mod:`levtoken_book.prose`)::

    keeps {eval}`glued("ch3_decay_1y", ".3f")` of its value

In JupyterLab, jupyterlab-myst evaluates ``glued(...)`` in the reader's kernel. In the book the
role is resolved here from the values the chapter glued with ``glue()`` (myst-nb's glue data),
exactly as ``{glue:text}`ch3_decay_1y:.3f``` is, so the book keeps its guarantee: the number on
the page is the glued value that the chapter's ``remove-cell`` asserts check, whatever cell
glued it, before or after the sentence. (myst-nb's own ``{eval}`` would need ``execute_notebooks:
inline``, where a markdown cell does not see cells tagged ``remove-cell`` just above it, and
IPython silences the value when the previous cell ends with ``;``.)

Only ``glued("key")`` and ``glued("key", "fmt")`` are accepted; anything else is a warning, so a
``-W`` build fails on it.
"""

from __future__ import annotations

import re

from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import create_warning
from sphinx.application import Sphinx

GLUED = re.compile(r'glued\("([A-Za-z_][A-Za-z0-9_]*)"(?:, "([^"\\]*)")?\)')


class GluedEvalRole(PasteTextRole):
    """``{eval}`glued("key", "fmt")``` rendered as ``{glue:text}`key:fmt``` renders."""

    def run(self):
        match = GLUED.fullmatch(self.text.strip())
        if match is None:
            return [], [create_warning(
                f'{{eval}} in this book must read glued("key") or glued("key", "fmt"), '
                f"got {self.text!r}", self.document, self.line, subtype="eval")]
        key, fmt = match.groups()
        self.text = f"{key}:{fmt}" if fmt else key
        return super().run()
