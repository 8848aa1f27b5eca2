"""Chapter 9's live panel: one figure updated in place, every line of its legend visible."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from levtoken import history  # noqa: E402
from levtoken_book.panels import history as hw  # noqa: E402

pytestmark = pytest.mark.unit


def test_the_return_line_is_visible_under_the_margin_position():
    """Until it is liquidated a margin position is 1 + L × the return: the same values. The
    return's line is drawn first and wider, so the margin position's line does not hide it."""
    fig = hw.draw_window()
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    naive, margin = lines["1 + 3 × Bitcoin's return"], lines["+3x margin position (0 = liquidated)"]
    run = history.window_run("2021-01-01", "2021-12-01", 3.0)
    assert np.allclose(run.margin, run.naive)          # the case the issue saw: equal all year
    assert naive.get_linewidth() >= 2 * margin.get_linewidth()
    assert ax.get_lines().index(naive) < ax.get_lines().index(margin)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "1 + 3 × Bitcoin's return", "Bitcoin", "+3x margin position (0 = liquidated)",
        "+3x token, daily reset, fee 0.00 % a day"]


def test_the_panel_updates_one_figure_and_names_the_rule():
    panel = hw.window_panel()
    first = panel.output.outputs[0]["data"]["image/png"]
    panel.controls["rule"].value = "ftx"
    panel.controls["fee_per_day"].value = 0.0003
    second = panel.output.outputs[0]["data"]["image/png"]
    assert second != first
    alt = panel.output.outputs[0]["data"]["text/plain"]
    assert "rule (at the closes) = rule of FTX BULL/BEAR" in alt and "fee per day = 0.03%" in alt
    shown = hw.WindowFigure(matplotlib.figure.Figure())
    fig = shown.update(history.window_run("2021-01-01", "2021-12-01", -2.0, "ftx", 0.0003),
                       -2.0, "ftx", 0.0003)
    again = shown.update(history.window_run("2020-01-01", "2020-12-01", 3.0), 3.0, "daily", 0.0)
    assert again is fig and len(fig.axes) == 1 and len(fig.axes[0].get_lines()) == 4
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0] == "1 + 3 × Bitcoin's return" and texts[3].startswith("+3x token, daily")
    assert fig.axes[0].get_title().startswith("2020-01-01 to 2020-12-01")
    assert hw.rule_name("bybit_2024") == "rule of Bybit 3L/3S (fee page of 2024-10-17)"
    with pytest.raises(ValueError, match="rule"):
        hw.rule_name("bybit")
