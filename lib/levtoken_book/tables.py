"""The book's HTML tables of engine results (the engine itself writes plain text only).

:func:`rebalance_table_html` shows a :class:`levtoken.rebalancing.RebalanceTable` on a page: the
same cells as its plain-text form (``str(table)``), as an HTML table that scrolls sideways on a
narrow screen, with a caption giving the token and the money units.
"""

from __future__ import annotations

import html

from IPython.display import HTML

from levtoken.rebalancing import RebalanceTable
from levtoken.validation import InvalidTypeError, format_value

__all__ = ["rebalance_table_html"]

#: Style of every cell (right-aligned numbers, a thin rule under each row).
_CELL = 'style="padding:2px 5px;text-align:right;border-bottom:1px solid #ddd"'


def rebalance_table_html(table: RebalanceTable) -> HTML:
    """A rebalancing table as an HTML table, displayed by Jupyter and the book's pages.

    Parameters
    ----------
    table : levtoken.rebalancing.RebalanceTable
        The day-by-day table of :func:`levtoken.rebalancing.rebalance_table`.

    Returns
    -------
    IPython.display.HTML
        One header row (:attr:`~levtoken.rebalancing.RebalanceTable.HEADERS`) and one row per
        step (the cells of :meth:`~levtoken.rebalancing.RebalanceTable.text_rows`), with a
        caption; its ``data`` is the markup.

    Examples
    --------
    >>> from levtoken.rebalancing import rebalance_table
    >>> page = rebalance_table_html(rebalance_table(3, [0.05, -0.04], nav=100))
    >>> page.data.count("<tr>"), "+30.00" in page.data
    (3, True)
    """
    if not isinstance(table, RebalanceTable):
        raise InvalidTypeError(
            f"table must be a levtoken.rebalancing.RebalanceTable (from rebalance_table), "
            f"got {format_value(table)} of type {type(table).__name__}")
    head = "".join(f"<th {_CELL}>{html.escape(h)}</th>" for h in table.HEADERS)
    body = "".join("<tr>" + "".join(f"<td {_CELL}>{html.escape(c)}</td>" for c in row) + "</tr>"
                   for row in table.text_rows())
    caption = (f"{table.leverage:+g}x token, NAV {table.nav0:g} at the start; money columns "
               f"in the same units; + buys, − sells")
    return HTML(f'<div style="overflow-x:auto"><table class="levtoken-table" '
                f'style="border-collapse:collapse;font-size:0.85em">'
                f'<caption style="caption-side:bottom;font-size:0.9em">{html.escape(caption)}'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
