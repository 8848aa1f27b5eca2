"""The book's HTML tables of engine results (``levtoken_book.tables``): the engine writes plain
text only; the page's table has the same cells, escaped, with its caption."""

from __future__ import annotations

import re

import pytest

from levtoken.rebalancing import rebalance_table
from levtoken_book.tables import rebalance_table_html

pytestmark = pytest.mark.unit


def test_the_html_table_has_the_cells_of_the_text_table():
    table = rebalance_table(3, [0.05, -0.04], nav=100)
    page = rebalance_table_html(table)
    assert page._repr_html_() == page.data          # what Jupyter and myst-nb display
    rows = re.findall(r"<tr>(.*?)</tr>", page.data)
    assert len(rows) == 3
    assert re.findall(r"<th [^>]*>(.*?)</th>", rows[0]) == list(table.HEADERS)
    assert [re.findall(r"<td [^>]*>(.*?)</td>", r) for r in rows[1:]] == table.text_rows()
    assert re.findall(r"<td [^>]*>(.*?)</td>", rows[1])[5] == "+30.00"
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", page.data).group(1)
    assert caption == "+3x token, NAV 100 at the start; money columns in the same units; + buys, − sells"
    assert page.data.startswith('<div style="overflow-x:auto"><table class="levtoken-table"')


def test_a_ruined_inverse_token():
    page = rebalance_table_html(rebalance_table(-3, [0.40, -0.10], nav=50)).data
    assert "−3x token, NAV 50" not in page and "-3x token, NAV 50 at the start" in page
    assert page.count("<td") == 2 * 10 and page.count(">ruined<") == 2


@pytest.mark.parametrize("bad", [None, "table", [[1, 2]], {"trade": [1.0]}])
def test_anything_but_a_rebalancing_table_is_refused(bad):
    with pytest.raises(TypeError, match=r"table must be a levtoken\.rebalancing\.RebalanceTable"):
        rebalance_table_html(bad)
