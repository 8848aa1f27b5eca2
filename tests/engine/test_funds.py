"""levtoken.funds: the daily-reset fund on a trading calendar, the flexible-leverage token, the
named presets and the lessons built on them (hand-computed cases first)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from levtoken import LeveragedToken, theory
from levtoken.funds import (PRESETS, DailyResetFund, FlexibleLeverageToken, carry_costs,
                            flat_decay, preset, reset_mask, weekend_effect)

pytestmark = pytest.mark.unit


# ---------------------------------------------------------------------------------------------
# DailyResetFund: hand-computed cases


def test_friday_to_monday_is_one_period():
    # Friday's close is the start; Saturday, Sunday (no reset), Monday (reset), Tuesday (reset)
    r = [0.05, 0.02, -0.03, 0.01]
    nav = DailyResetFund(2, resets=(False, False, True, True)).nav(r)
    # Monday: L times the whole move since Friday's close, 1.05·1.02·0.97 = 1.03887
    assert nav[1:4] == pytest.approx([1.10, 1.142, 1.07774], abs=1e-12)
    assert nav[4] == pytest.approx(1.07774 * 1.02, abs=1e-12)
    # a token that resets every day compounds each day instead
    token = LeveragedToken(2).nav(r)
    assert token[3] == pytest.approx(1.1 * 1.04 * 0.94, abs=1e-12)
    assert nav[3] - token[3] == pytest.approx(1.07774 - 1.07536, abs=1e-12)


def test_costs_over_a_three_day_weekend():
    # c = (e + (L − 1)·f)/365 = (0.0365 + 0.0365)/365 = 0.0002 of the reset's NAV a day
    fund = DailyResetFund(2, expense_ratio_per_year=0.0365, financing_rate_per_year=0.0365,
                          resets=(False, False, True, True))
    assert fund.cost_per_day == pytest.approx(0.0002, abs=1e-15)
    nav = fund.nav([0.0, 0.0, 0.0, 0.0])
    assert nav.tolist() == pytest.approx([1.0, 0.9998, 0.9996, 0.9994, 0.9994 * 0.9998],
                                         abs=1e-12)
    sim = fund.simulate([0.0, 0.0, 0.0, 0.0])
    assert sim.costs.tolist() == pytest.approx([0.0, 0.0002, 0.0002, 0.0002, 0.9994 * 0.0002],
                                               abs=1e-12)
    assert sim.rebalanced.tolist() == [False, False, False, True, True]


def test_an_inverse_fund_earns_its_financing_on_its_cash():
    # L = −2: cost (L − 1)·f = −3·0.0365 a year, so it earns 0.0003 a day on a flat market
    fund = DailyResetFund(-2, financing_rate_per_year=0.0365, resets=(False, False, True))
    assert fund.nav([0.0, 0.0, 0.0])[-1] == pytest.approx(1.0009, abs=1e-12)
    # and loses twice the move since its last reset: a 10 % rise over the weekend
    r = [0.04, 0.0, 1.1 / 1.04 - 1]
    assert DailyResetFund(-2, resets=(False, False, True)).nav(r)[-1] == pytest.approx(
        0.8, abs=1e-12)


def test_simulate_reports_the_reset_trade_and_the_held_exposure():
    sim = DailyResetFund(2, resets=(False, True)).simulate([0.10, -0.10])
    assert sim.nav.tolist() == pytest.approx([1.0, 1.2, 0.98], abs=1e-12)
    assert sim.exposure.tolist() == pytest.approx([2.0, 2.2, 1.96], abs=1e-12)
    # at the reset: L·NAV − L·N·(1 + R) = 1.96 − 2·0.99 = −0.02 (a sale)
    assert sim.trades.tolist() == pytest.approx([0.0, 0.0, -0.02], abs=1e-12)
    assert not sim.ruined and not sim.liquidated


def test_a_fund_is_ruined_at_a_fall_of_one_over_l_and_stays_at_zero():
    nav = DailyResetFund(2, resets=(False, True, True)).nav([-0.3, -0.3, 0.5])
    assert nav.tolist() == pytest.approx([1.0, 0.4, 0.0, 0.0], abs=1e-12)   # 0.7·0.7 = 0.49


def test_every_day_a_reset_and_no_costs_is_the_daily_token():
    r = np.random.default_rng(3).normal(0.0, 0.05, (20, 300))
    r[4, 10] = -0.6                                   # a ruin for L = 2
    for L in (2.0, 3.0, -2.0, 0.5):
        assert np.allclose(DailyResetFund(L).nav(r), LeveragedToken(L).nav(r), rtol=1e-12,
                           atol=1e-12)
        mask = tuple([True] * 300)
        assert np.allclose(DailyResetFund(L, resets=mask).nav(r), LeveragedToken(L).nav(r),
                           rtol=1e-12, atol=1e-12)


def test_nav_keeps_the_leading_shape():
    r = np.zeros((2, 3, 5))
    assert DailyResetFund(2).nav(r).shape == (2, 3, 6)
    assert DailyResetFund(2).simulate(r).ruined.shape == (2, 3)


# ---------------------------------------------------------------------------------------------
# validation


@pytest.mark.parametrize("kwargs, name", [
    (dict(leverage=0), "leverage"),
    (dict(leverage=11), "leverage"),
    (dict(expense_ratio_per_year=-0.01), "expense_ratio_per_year"),
    (dict(expense_ratio_per_year=1.0), "expense_ratio_per_year"),
    (dict(financing_rate_per_year=float("nan")), "financing_rate_per_year"),
    (dict(financing_rate_per_year=2.0), "financing_rate_per_year"),
    (dict(resets="abc"), "resets"),
    (dict(resets=[1, 0]), "resets"),
    (dict(resets=[]), "resets"),
])
def test_fund_errors_name_the_parameter(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        DailyResetFund(**kwargs)


def test_a_schedule_of_another_length_is_refused():
    with pytest.raises(ValueError, match="resets has 2 steps but returns has 3"):
        DailyResetFund(2, resets=(True, True)).nav([0.0, 0.0, 0.0])


@pytest.mark.parametrize("kwargs, name", [
    (dict(target_leverage=0), "target_leverage"),
    (dict(max_leverage=1.5), "max_leverage"),
    (dict(min_leverage=2.5), "min_leverage"),
    (dict(ripcord_leverage=2.2), "ripcord_leverage"),
    (dict(streaming_fee_per_year=-0.1), "streaming_fee_per_year"),
    (dict(borrow_rate_per_year=3.0), "borrow_rate_per_year"),
    (dict(steps_per_day=1.5), "steps_per_day"),
    (dict(keeper="hourly"), "keeper"),
])
def test_token_errors_name_the_parameter(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        FlexibleLeverageToken(**kwargs)


@pytest.mark.parametrize("dates, calendar, match", [
    (["2025-07-03", "2025-07-02"], "XNYS", "strictly increasing"),
    ("2025-07-03", "XNYS", "dates"),
    ([1.0, 2.0], "XNYS", "dates"),
    (["3 July"], "XNYS", "dates"),
    (["2025-07-03"], "NOPE", "calendar"),
    (["2025-07-03"], None, "calendar"),
])
def test_reset_mask_errors_name_the_parameter(dates, calendar, match):
    with pytest.raises((ValueError, TypeError), match=match):
        reset_mask(dates, calendar)


# ---------------------------------------------------------------------------------------------
# the calendar


def test_reset_mask_of_a_week_with_independence_day():
    days = pd.date_range("2025-06-30", "2025-07-07")        # Monday to Monday
    assert reset_mask(days).tolist() == [True, True, True, True, False, False, False, True]
    assert reset_mask([d.date() for d in days]).tolist() == reset_mask(days).tolist()


def test_reset_mask_knows_exchange_holidays_that_are_not_federal_ones():
    # Good Friday 2025-04-18 (the NYSE closes, no federal holiday), Thanksgiving 2024-11-28
    assert reset_mask(["2025-04-17", "2025-04-18", "2025-04-21"]).tolist() == [True, False, True]
    assert reset_mask(["2024-11-27", "2024-11-28", "2024-11-29"]).tolist() == [True, False, True]


def test_on_dates_builds_the_schedule():
    fund = DailyResetFund(2).on_dates(["2025-07-04", "2025-07-05", "2025-07-06", "2025-07-07"])
    assert fund.resets == (False, False, False, True)
    # Thursday's close to Monday's: one period, 1.01·1.02·0.99·1.03 − 1 of move
    move = 1.01 * 1.02 * 0.99 * 1.03 - 1
    assert fund.nav([0.01, 0.02, -0.01, 0.03])[-1] == pytest.approx(1 + 2 * move, abs=1e-12)


# ---------------------------------------------------------------------------------------------
# FlexibleLeverageToken


def test_band_rebalance_by_hand():
    tok = FlexibleLeverageToken()                      # 2x, band (1.82x, 2.2x), ripcord 2.7x
    assert tok.min_leverage == pytest.approx(4 / 2.2, abs=1e-15)
    assert tok.trigger_moves() == pytest.approx((-1 / 12, 1 / 9), abs=1e-12)
    assert tok.ripcord_move() == pytest.approx(-7 / 34, abs=1e-12)
    sim = tok.simulate([-0.10, -0.10])
    # −10 % passes −1/12: back to 2x at NAV 0.8, then 0.8·(1 − 0.2)
    assert sim.nav.tolist() == pytest.approx([1.0, 0.8, 0.64], abs=1e-12)
    assert sim.rebalanced.tolist() == [False, True, True]
    wide = FlexibleLeverageToken(max_leverage=9.0, ripcord_leverage=9.5)
    assert wide.nav([-0.10, -0.10]).tolist() == pytest.approx([1.0, 0.8, 0.62], abs=1e-12)


def test_the_ripcord_fires_between_the_keepers_looks():
    # four steps a day, the keeper looks at day ends; three falls of 8 %: R = 0.92³ − 1 = −0.2213
    # passes the ripcord's −7/34 at the third step
    r = [-0.08, -0.08, -0.08, 0.0]
    sim = FlexibleLeverageToken(steps_per_day=4, keeper="day_end").simulate(r)
    assert sim.rebalanced.tolist() == [False, False, False, True, False]
    assert sim.nav[3] == pytest.approx(1 + 2 * (0.92 ** 3 - 1), abs=1e-12)
    # without a ripcord within reach the keeper rebalances at the day end only
    late = FlexibleLeverageToken(steps_per_day=4, keeper="day_end", ripcord_leverage=9.0)
    assert late.simulate(r).rebalanced.tolist() == [False, False, False, False, True]
    # a keeper that looks at every step rebalances at the first step past the band (−1/12):
    # the second fall (R = −0.1536); the third alone (−0.08) stays inside the band
    assert FlexibleLeverageToken(steps_per_day=4).simulate(r).rebalanced.tolist() == [
        False, False, True, False, False]


def test_streaming_fee_and_borrowing_per_day():
    tok = FlexibleLeverageToken(streaming_fee_per_year=0.0365, borrow_rate_per_year=0.073)
    # a flat day: (1 − 0.0001)·(1 − (2 − 1)·0.0002)
    assert tok.nav([0.0])[-1] == pytest.approx(0.9999 * 0.9998, abs=1e-15)


# ---------------------------------------------------------------------------------------------
# presets and lessons




def test_every_preset_is_sourced_dated_and_builds():
    for key, p in PRESETS.items():
        assert p.key == key and preset(key) is p and p.source      # its keys: tests/book
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.as_of)
        names = {k for k, _ in p.params}
        product = p.product()
        assert set(p.illustrative) <= set(product.__dataclass_fields__)
        assert names <= set(product.__dataclass_fields__)
        assert np.isfinite(product.nav([0.01, -0.02])).all()
    assert preset("btc2x").product().ripcord_leverage == 2.7
    assert preset("bitu").product().expense_ratio_per_year == 0.0095
    assert preset("sbit").product().leverage == -2.0
    with pytest.raises(ValueError, match="key"):
        preset("bitz")


def test_carry_costs_at_stated_rates():
    out = carry_costs(2.0, financing_rate_per_year=0.05, expense_ratio_per_year=0.0095,
                      funding_per_day=0.0003)
    assert out["fund"] == pytest.approx(0.0595, abs=1e-15)
    assert out["token"] == pytest.approx(0.219, abs=1e-15)             # 365·2·0.0003
    assert out["difference"] == pytest.approx(0.1595, abs=1e-15)
    assert carry_costs(3.0, financing_rate_per_year=0.04, expense_ratio_per_year=0.0,
                       funding_per_day=0.0)["fund_financing"] == pytest.approx(0.08, abs=1e-15)


def test_flat_decay_of_2x_at_100_percent_volatility():
    out = flat_decay(2.0, 1.0, 1.0)
    assert out["continuous"] == pytest.approx(math.exp(-1.0), abs=1e-15)
    assert out["daily"] == pytest.approx(theory.decay_factor(2, 1.0, 252, days_per_year=252),
                                         abs=1e-15)
    assert 0.36 < out["daily"] < out["continuous"]
    assert out["loss"] == pytest.approx(1 - math.exp(-1.0), abs=1e-15)


def test_weekend_effect_on_given_closes():
    closes = pd.Series([100.0, 110.0, 99.0, 108.9, 100.0],
                       index=pd.date_range("2025-07-03", periods=5, name="date"))  # Thu to Mon
    out = weekend_effect("2025-07-03", closes=closes)
    # no reset on Friday 4 July (holiday), Saturday, Sunday: one period to Monday's close
    assert out["resets"] == 1 and out["days"] == 4
    assert out["fund"] == pytest.approx(1 + 2 * (100.0 / 100.0 - 1), abs=1e-12)
    assert out["token"] == pytest.approx(1.2 * 0.8 * 1.2 * (1 + 2 * (100 / 108.9 - 1)),
                                         abs=1e-12)
    assert out["nav"].columns.tolist() == ["spot", "fund", "token"]


def test_weekend_effect_since_the_first_2x_bitcoin_etf():
    out = weekend_effect()
    assert (out["start"], out["end"], out["days"], out["resets"]) == (
        "2023-06-27", "2025-10-31", 857, 590)
    assert out["spot"] == pytest.approx(3.5724, abs=1e-4)
    assert out["fund"] == pytest.approx(7.6870, abs=1e-4)
    assert out["token"] == pytest.approx(7.8237, abs=1e-4)
