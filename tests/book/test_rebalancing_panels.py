"""Chapter 2's live panel and explorer (levtoken_book.panels.rebalancing): the example week, its
table and figure, and the trades explorer."""

from __future__ import annotations
import math
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from levtoken import LeveragedToken, theory
from levtoken import rebalancing as rb
from levtoken_book.panels import rebalancing as w

pytestmark = pytest.mark.unit


# -- the panel and the explorer ---------------------------------------------------------------


def test_compute_week_at_the_panel_defaults():
    res = w.compute_week()
    assert res["buys"] == 4 and res["sells"] == 3 and res["with_the_move"]
    assert res["table"].trade[0] == pytest.approx(30.0)
    assert res["total_traded"] == pytest.approx(np.abs(res["table"].trade).sum())
    assert 159 < res["total_traded"] < 160
    assert res["final_nav"] == pytest.approx(100 * np.prod(1 + 3 * np.array(rb.CHAPTER_WEEK)))
    assert res["spot_final"] == pytest.approx(100 * np.prod(1 + np.array(rb.CHAPTER_WEEK)))


def test_compute_week_other_leverages_and_weeks():
    assert not w.compute_week(0.5)["with_the_move"]
    inv = w.compute_week(-3, "trend up")
    assert inv["buys"] == 7 and inv["sells"] == 0 and inv["with_the_move"]
    crash = w.compute_week(3, "crash")
    assert crash["final_nav"] > 0 and crash["sells"] == 5
    rand = w.compute_week(3, "seeded random week", seed=w.DEFAULT_SEED)
    assert np.array_equal(rand["returns"], rb.week_returns("seeded random week", seed=2))


@pytest.mark.parametrize("kwargs, name", [({"leverage": 0}, "leverage"),
                                          ({"preset": "nope"}, "preset"),
                                          ({"seed": 51}, "seed"),
                                          ({"seed": 2.5}, "seed")])
def test_compute_week_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        w.compute_week(**kwargs)


def test_draw_week_at_the_defaults():
    fig = w.draw_week()
    top, bottom = fig.axes
    title = fig._suptitle.get_text()
    assert "bought on 4 days, sold on 3" in title and "traded 159" in title
    assert "exposure" in top.get_ylabel() and "day" in bottom.get_xlabel()
    bars = [p.get_height() for p in bottom.patches]
    assert bars[0] == pytest.approx(30.0) and len(bars) == 7


def test_panel_redraws_when_a_control_moves():
    panel = w.week_panel()
    out = panel.children[-1]
    first = out.outputs[0]["data"]["image/png"]
    panel.controls["leverage"].value = -3.0
    second = out.outputs[0]["data"]["image/png"]
    assert second != first
    panel.controls["preset"].value = "crash"
    assert out.outputs[0]["data"]["image/png"] != second
    offered = [v for _label, v in panel.controls["leverage"].options]
    assert 0 not in offered and min(offered) == -3 and max(offered) == 5   # only valid leverages
    assert len(out.outputs) == 1


def test_trades_explorer_steps_differ_and_start_at_3x():
    fig = w.trades_explorer()
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [f"{lev:+g}x" for lev in w.EXPLORER_LEVERAGES]
    n = len(fig.data) // len(steps)
    assert n == 2
    bars = [tuple(fig.data[i * n].y) for i in range(len(steps))]
    lines = [tuple(fig.data[i * n + 1].y) for i in range(len(steps))]
    assert len(set(bars)) == len(steps) and len(set(lines)) == len(steps)
    active = fig.layout.sliders[0].active
    assert w.EXPLORER_LEVERAGES[active] == 3.0
    assert bars[active][0] == pytest.approx(30.0)
    assert all(v == 0 for v in bars[w.EXPLORER_LEVERAGES.index(1.0)])
    assert "spot" in steps[w.EXPLORER_LEVERAGES.index(1.0)].args[1]["title.text"]
    assert "against" in steps[w.EXPLORER_LEVERAGES.index(0.5)].args[1]["title.text"]
    assert [tr.visible for tr in fig.data].count(True) == n
