"""Sphinx extension: a number never breaks across lines.

The book writes thousands with a space ("$1 600", "10 000 paths") and per cents with a space
("20 %"), in the text and in glued numbers. A browser may break a line at such a space, leaving
"$1" at the end of one line and "600" at the start of the next. After every role and glued
number is resolved, this post-transform turns those spaces into no-break spaces (U+00A0) in the
text of every page (code, maths and raw HTML are left alone: the questions keep their own
numbers together, levtoken_book.questions).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..typography import keep_together

SKIP = (nodes.literal, nodes.literal_block, nodes.math, nodes.math_block, nodes.raw,
        nodes.comment)


class NumbersStayWhole(SphinxPostTransform):
    default_priority = 900   # after the references, glued numbers and roles are resolved
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if any(isinstance(p, SKIP) for p in _ancestors(text)):
                continue
            new = keep_together(str(text))
            if new != str(text):
                text.parent.replace(text, nodes.Text(new))


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent
