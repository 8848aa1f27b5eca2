"""Parse and write HTML the one way the extension does: BeautifulSoup with Python's
``html.parser`` in, its ``minimal`` formatting out (only ``&``, ``<`` and ``>`` escaped) with
every element's attributes in their own order (BeautifulSoup sorts them by default)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter

PARSER = "html.parser"


class _InOrder(HTMLFormatter):
    """The ``minimal`` formatter, attributes in the order the element has them."""

    def attributes(self, tag):
        return list((tag.attrs or {}).items())


FORMATTER = _InOrder(entity_substitution=EntitySubstitution.substitute_xml)


def parse(html: str) -> BeautifulSoup:
    """``html`` (a page's body or a fragment) as a tree."""
    return BeautifulSoup(html, PARSER)


def write(tree) -> str:
    """A tree (or any element of it) as HTML again."""
    return tree.decode(formatter=FORMATTER)
