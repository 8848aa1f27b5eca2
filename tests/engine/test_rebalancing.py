"""Chapter 2: the rebalancing table, example weeks, intraday days, the panel and the explorer."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from levtoken import LeveragedToken, theory
from levtoken import rebalancing as rb

pytestmark = pytest.mark.unit


# -- rebalance_table --------------------------------------------------------------------------


def test_five_percent_day_on_nav_100_buys_30():
    t = rb.rebalance_table(3, [0.05], nav=100)
    assert t.exposure_before[0] == pytest.approx(315.0)
    assert t.exposure_after[0] == pytest.approx(345.0)
    assert t.trade[0] == pytest.approx(30.0)
    assert t.nav_start[0] == 100.0 and t.nav_end[0] == pytest.approx(115.0)
    assert t.leverage_before[0] == pytest.approx(315 / 115)
    assert t.side == ("buy",)


def test_two_days_by_hand():
    # day 1: +5 % -> NAV 115, trade 30; day 2: -4 % on NAV 115 -> trade 6 * -0.04 * 115 = -27.6
    t = rb.rebalance_table(3, [0.05, -0.04], nav=100)
    assert t.trade.tolist() == pytest.approx([30.0, -27.6])
    assert t.nav_end.tolist() == pytest.approx([115.0, 101.2])
    assert t.cumulative_traded.tolist() == pytest.approx([30.0, 57.6])
    assert t.side == ("buy", "sell")
    assert t.total_traded == pytest.approx(57.6)


def test_chapter_week_agrees_with_the_closed_form():
    week = np.array(rb.CHAPTER_WEEK)
    t = rb.rebalance_table(LeveragedToken(3), week, nav=100)
    assert np.allclose(t.trade, theory.rebalance_trade(3, week, nav=t.nav_start))
    assert np.allclose(t.exposure_after, 3 * t.nav_end)
    assert np.allclose(t.nav_start[1:], t.nav_end[:-1])
    assert np.allclose(t.leverage_before, theory.leverage_after_move(3, week))
    assert t.side == ("buy", "buy", "sell", "sell", "buy", "sell", "buy")
    assert t.nav_end[-1] == pytest.approx(100 * np.prod(1 + 3 * week))


def test_inverse_token_buys_after_a_rise_twice_as_much():
    t = rb.rebalance_table(-3, [0.05, -0.05], nav=100)
    assert t.trade[0] == pytest.approx(60.0)                 # 12 * 0.05 * 100
    assert t.trade[1] == pytest.approx(-12 * 0.05 * 85.0)    # on NAV 85
    assert t.exposure_before[0] == pytest.approx(-315.0)
    assert t.exposure_after[0] == pytest.approx(-255.0)
    assert t.side == ("buy", "sell")


def test_spot_like_token_never_trades_and_half_x_trades_against_the_move():
    assert np.all(rb.rebalance_table(1, [0.05, -0.03]).trade == 0)
    assert rb.rebalance_table(1, [0.05]).side == ("hold",)
    half = rb.rebalance_table(0.5, [0.05, -0.05], nav=100)
    assert half.trade.tolist() == pytest.approx([-1.25, -0.25 * -0.05 * half.nav_start[1]])


def test_ruined_token_rows():
    t = rb.rebalance_table(3, [-0.40, 0.10], nav=100)
    assert t.nav_end.tolist() == [0.0, 0.0]
    assert t.trade.tolist() == [0.0, 0.0]
    assert t.side == ("ruined", "ruined")
    assert t.leverage_before.tolist() == [0.0, 0.0]          # a ruined token holds nothing
    assert "–" in str(t)


def test_threshold_token_table_has_one_row_per_step():
    token = LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.10)
    t = rb.rebalance_table(token, [-0.12] * 4, nav=100)
    assert t.nav_end.tolist() == pytest.approx([100 * 0.64 ** k for k in range(1, 5)])
    assert t.rebalanced.all()
    # each step: trade = (L^2 - L) * r * N on the step's opening NAV
    assert np.allclose(t.trade, 6 * -0.12 * t.nav_start)


def test_fees_keep_exposure_after_at_l_times_nav():
    token = LeveragedToken(3, fee_per_day=0.001)
    t = rb.rebalance_table(token, [0.05, -0.02], nav=100)
    assert np.allclose(t.exposure_after, 3 * t.nav_end)
    assert t.nav_end[0] == pytest.approx(115 * 0.999)
    assert t.trade[0] == pytest.approx(3 * 115 * 0.999 - 315)


def test_rows_and_text():
    t = rb.rebalance_table(3, [0.05, -0.04], nav=100)
    rows = t.rows()
    assert len(rows) == len(t) == 2
    assert set(rows[0]) == set(rb.RebalanceTable.COLUMNS)
    assert rows[0]["step"] == 1 and rows[0]["side"] == "buy"
    assert rows[0]["trade"] == pytest.approx(30.0) and isinstance(rows[0]["trade"], float)
    assert t.text_rows() == [
        ["1", "+5.0%", "100.00", "315.00", "2.74x", "+30.00", "buy", "345.00", "115.00", "30.00"],
        ["2", "-4.0%", "115.00", "331.20", "3.27x", "-27.60", "sell", "303.60", "101.20", "57.60"]]
    text = str(t).splitlines()
    assert len(text) == 3 and text[0].split()[:2] == ["day", "move"]
    assert text[1].split() == t.text_rows()[0]
    # the engine writes no HTML: a page's table is the book's (levtoken_book.tables)
    assert not hasattr(t, "_repr_html_")


def test_a_ruined_token_shows_no_leverage_and_ipython_shows_the_text():
    t = rb.rebalance_table(3, [-0.40, 0.10], nav=100)
    assert [row[4] for row in t.text_rows()] == ["–", "–"]
    printed = []

    class Printer:
        def text(self, s):
            printed.append(s)

    t._repr_pretty_(Printer(), False)
    assert printed == [str(t)]


@pytest.mark.parametrize("args, name", [
    ((0, [0.05]), "token"),
    ((11, [0.05]), "token"),
    ((3, [[0.05], [0.01]]), "returns"),
    ((3, []), "returns"),
    ((3, [-1.0]), "returns"),
])
def test_rebalance_table_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        rb.rebalance_table(*args)


def test_rebalance_table_rejects_a_bad_nav():
    with pytest.raises(ValueError, match="nav"):
        rb.rebalance_table(3, [0.05], nav=0)


@settings(max_examples=60, deadline=None)
@given(lev=st.sampled_from([-5.0, -3.0, -2.0, -1.0, 0.5, 1.5, 2.0, 3.0, 5.0]),
       r=st.floats(-0.15, 0.15), nav=st.floats(1.0, 1000.0))
def test_one_day_trade_is_the_closed_form_and_trades_with_the_move(lev, r, nav):
    t = rb.rebalance_table(lev, [r], nav=nav)
    expected = (lev * lev - lev) * r * nav
    assert t.trade[0] == pytest.approx(expected, abs=1e-9 * nav)
    if abs(expected) > 1e-9 * nav:
        assert np.sign(t.trade[0]) == np.sign((lev * lev - lev) * r)


# -- weeks, moves and intraday days -----------------------------------------------------------


def test_week_presets():
    for name in rb.PRESETS:
        r = rb.week_returns(name)
        assert r.shape == (7,) and np.all(r > -1)
    assert rb.week_returns("chapter's week").tolist() == list(rb.CHAPTER_WEEK)
    chop = rb.week_returns("chop")
    assert np.prod(1 + chop[:6]) == pytest.approx(1.0)
    a = rb.week_returns("seeded random week", seed=3)
    assert np.array_equal(a, rb.week_returns("seeded random week", seed=3))
    assert not np.array_equal(a, rb.week_returns("seeded random week", seed=4))
    assert rb.week_returns("seeded random week", days=10).shape == (10,)
    with pytest.raises(ValueError, match="preset"):
        rb.week_returns("sideways")


def test_move_for_leverage_exact_values_and_round_trip():
    assert rb.move_for_leverage(3, 4) == pytest.approx(-1 / 9)
    assert rb.move_for_leverage(-3, -4) == pytest.approx(1 / 15)
    assert rb.move_for_leverage(3, 2) == pytest.approx(1 / 3)
    for lev, e in [(3, 4), (3, 2.5), (-3, -4), (-3, -2), (2, 5)]:
        R = rb.move_for_leverage(lev, e)
        assert theory.leverage_after_move(lev, R) == pytest.approx(e)


@pytest.mark.parametrize("args, name", [((1, 2), "leverage"), ((0, 2), "leverage"),
                                        ((3, -2), "effective_leverage"),
                                        ((3, 1), "effective_leverage"),
                                        ((3, 0.5), "effective_leverage")])
def test_move_for_leverage_rejects_bad_input(args, name):
    with pytest.raises(ValueError, match=name):
        rb.move_for_leverage(*args)


def test_equal_steps_and_dip_and_recover():
    assert np.prod(1 + rb.equal_steps(-0.40, 24)) == pytest.approx(0.6)
    r = rb.dip_and_recover(-0.20, 4, 3)
    prices = np.cumprod(1 + r)
    assert len(r) == 7 and prices.min() == pytest.approx(0.8) and prices[-1] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="dip"):
        rb.dip_and_recover(0.1, 2, 2)
    with pytest.raises(ValueError, match="n_steps"):
        rb.equal_steps(-0.1, 0)


def test_compare_day_crash_survives_only_with_a_threshold():
    day = rb.compare_day([-0.12] * 4, leverage=3, threshold=0.10)
    assert day["spot"][-1] == pytest.approx(0.88 ** 4)
    assert day["daily_end"] == 0.0 and day["daily_ruined"]
    assert day["daily"].tolist() == pytest.approx([1, 0.64, 0.3232, 1 - 3 * (1 - 0.88 ** 3), 0])
    assert day["threshold_end"] == pytest.approx(0.64 ** 4)
    assert day["intraday_rebalances"] == 3
    assert day["low"] == pytest.approx(0.88 ** 4)


def test_compare_day_dip_that_recovers_costs_the_threshold_token():
    day = rb.compare_day(rb.dip_and_recover(-0.20, 4, 4), leverage=3, threshold=0.10)
    assert day["daily_end"] == pytest.approx(1.0)
    # the threshold fires every two steps: at -10.56 % twice, then at +11.8 % twice
    down, up = math.sqrt(0.8) - 1, math.sqrt(1.25) - 1
    assert day["threshold_end"] == pytest.approx((1 + 3 * down) ** 2 * (1 + 3 * up) ** 2)
    assert day["intraday_rebalances"] == 3   # the fourth is the close's daily rebalance


def test_a_gap_ruins_every_threshold():
    for h in (0.05, 0.10, 0.30):
        assert rb.compare_day([-0.40], 3, h)["threshold_end"] == 0.0


def test_compare_day_rejects_bad_input():
    with pytest.raises(ValueError, match="rebalance_threshold"):
        rb.compare_day([-0.1, 0.1], 3, 0.4)
    with pytest.raises(ValueError, match="returns"):
        rb.compare_day([[-0.1], [0.1]], 3, 0.1)
