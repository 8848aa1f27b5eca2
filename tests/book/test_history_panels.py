"""Chapter 9's figures, explorer and window panel (levtoken_book.panels.history) on Bitcoin's
real closes."""

from __future__ import annotations
import numpy as np
import pandas as pd
import pytest
import levtoken as lt
from levtoken import history as h
from levtoken_book.panels import history as hw

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def btc():
    return lt.data.bitcoin_prices()


def test_figures_explorer_and_panel(btc):
    import matplotlib.pyplot as plt
    for draw in (hw.draw_years, hw.draw_march_2020, hw.draw_holding, hw.draw_volatility,
                 hw.draw_margin, hw.draw_window):
        fig = draw()
        assert any(t.get_text() == lt.data.SOURCE for t in fig.texts), draw.__name__
        plt.close(fig)
    fig = hw.history_explorer()
    assert len(fig.layout.sliders[0].steps) == 3 * 9
    assert lt.data.SOURCE in fig.layout.title.text
    y = fig.layout.yaxis                # decade ticks only: no stacked minor labels on a phone
    assert y.type == "log" and y.dtick == 1 and y.minor.ticks == ""
    panel = hw.window_panel()
    assert panel.output.outputs[0]["output_type"] == "display_data"
    panel.controls["start"].value = "2025-10-01"
    panel.controls["end"].value = "2021-12-01"
    assert "Not a valid window" in panel.output.outputs[0]["data"]["text/html"]
    plt.close("all")
