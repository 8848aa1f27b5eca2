"""levtoken.history and its figures (chapter 9): exact small cases, then the real closes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import levtoken as lt
from levtoken import history as h

pytestmark = pytest.mark.unit


def closes(values, start="2024-12-30"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), name="date"),
                     dtype=float)


# ---------------------------------------------------------------------------------------------
# exact small cases


def test_year_table_by_hand():
    c = closes([100.0, 110.0, 99.0, 108.9])          # 2024-12-30 .. 2025-01-02
    t = h.year_table(c, fee_per_day=0.001)
    assert t.index.tolist() == [2024, 2025] and t["days"].tolist() == [1, 2]
    assert t.loc[2024, "btc"] == pytest.approx(0.10)
    assert t.loc[2024, "token"] == pytest.approx(0.30)
    assert t.loc[2024, "inverse"] == pytest.approx(-0.30)
    assert t.loc[2025, "btc"] == pytest.approx(-0.01)                 # 0.9 × 1.1
    assert t.loc[2025, "token"] == pytest.approx(0.7 * 1.3 - 1)
    assert t.loc[2025, "naive"] == pytest.approx(-0.03)
    assert t.loc[2025, "token_fee"] == pytest.approx(0.7 * 0.999 * 1.3 * 0.999 - 1)
    x = np.log([0.9, 1.1])
    assert t.loc[2025, "vol"] == pytest.approx(np.sqrt(365 * np.mean(x ** 2)))
    assert t.loc[2025, "closed_form"] == pytest.approx(0.99 ** 3 * np.exp(-3 * np.sum(x ** 2)) - 1)


def test_realised_volatility_and_rolling():
    expected = np.sqrt(365 * np.mean(np.log([1.01, 0.99]) ** 2))
    assert h.realised_volatility([0.01, -0.01]) == pytest.approx(expected, rel=1e-12)
    c = closes([100.0, 101.0, 100.0, 101.0])
    roll = h.rolling_volatility(c, window=2)
    assert len(roll) == 2
    x = np.log([1.01, 100 / 101])
    assert roll.iloc[0] == pytest.approx(np.sqrt(365 * np.mean(x ** 2)))
    with pytest.raises(ValueError, match="window must be at most"):
        h.rolling_volatility(c, window=4)


def test_day_outcome_and_ruin():
    c = closes([100.0, 60.0, 70.0])
    o = h.day_outcome("2024-12-31", c)
    assert o["btc"] == pytest.approx(-0.4)
    assert o["token"] == 0.0 and o["margin"] == 0.0
    assert o["inverse"] == pytest.approx(2.2)
    with pytest.raises(ValueError, match="day must be a day with a close and a close before"):
        h.day_outcome("2024-12-30", c)


def test_holding_periods_by_hand():
    c = closes([100.0, 110.0, 99.0, 108.9])
    m = h.holding_multiples(c, 3.0, 2)
    # starts 2024-12-30 (returns +10 %, -10 %) and 2024-12-31 (-10 %, +10 %)
    assert m.spot.tolist() == pytest.approx([0.99, 0.99])
    assert m.token.tolist() == pytest.approx([1.3 * 0.7, 0.7 * 1.3])
    p = h.holding_periods(c, 3.0, (1, 2))
    assert p.loc[1, "holds"] == 3
    assert p.loc[1, "beat_spot"] == pytest.approx(2 / 3)      # the two rises
    assert p.loc[2, "beat_spot"] == 0.0                       # 0.91 < 0.99
    assert p.loc[2, "beat_naive"] == 0.0                      # -9 % < 3 × -1 %


def test_margin_vs_token_by_hand():
    c = closes([100.0, 75.0, 80.0, 60.0, 62.0])
    res = h.margin_vs_token(c, 3.0, horizon=2)
    # a 3x margin position is liquidated by a fall of about 33 % (maintenance margin 0.5 %):
    assert res["holds"] == 3
    assert res["liquidated"] == 0.0
    assert res["token_worst"] == pytest.approx(-0.75)        # a -25 % close: 1 + 3 × (-0.25)
    # -33 %: the margin position's equity 0.01 is below 0.5 % of its notional 2.01: liquidated;
    # the token keeps 1 − 3 × 0.33 = 0.01
    res = h.margin_vs_token(closes([100.0, 67.0, 80.0]), 3.0, horizon=1)
    assert res["liquidated"] == 0.5 and res["token_ruined"] == 0.0


def test_window_run_and_rules():
    c = closes([100.0, 110.0, 99.0, 108.9])
    run = h.window_run("2024-12-30", "2025-01-02", 3.0, "daily", 0.0, closes=c)
    assert run.spot.tolist() == pytest.approx([1.0, 1.1, 0.99, 1.089])
    assert run.token.tolist() == pytest.approx([1.0, 1.3, 0.91, 1.183])
    assert run.margin.iloc[-1] == pytest.approx(1 + 3 * 0.089)
    with pytest.raises(ValueError, match="rule"):
        h.window_run("2024-12-30", "2025-01-02", 3.0, "nope", 0.0, closes=c)
    with pytest.raises(ValueError, match="start < end"):
        h.window_run("2025-01-02", "2024-12-30", 3.0, "daily", 0.0, closes=c)


def test_closes_are_checked():
    with pytest.raises(TypeError, match="closes must be None or a pandas Series"):
        h.year_table([1.0, 2.0])
    gap = pd.Series([1.0, 2.0], index=pd.to_datetime(["2024-01-01", "2024-01-03"]))
    with pytest.raises(ValueError, match="consecutive days"):
        h.year_table(gap)


def test_intraday_bridge_ends_at_the_real_close_and_is_seeded():
    c = closes([100.0, 62.5, 70.0])
    b = h.intraday_bridge("2024-12-31", c, steps_per_day=24, n_paths=30, sigma=1.0, seed=3)
    assert np.prod(1 + b["returns"], axis=1) == pytest.approx(np.full(30, 0.625))
    step_sd = np.log1p(b["returns"]).std()
    assert 0.5 * 1.0 / np.sqrt(365 * 24) < step_sd < 1.5 * 1.0 / np.sqrt(365 * 24)
    assert b["rules"]["daily"]["ruined"] == 1.0           # -37.5 % in one period
    again = h.intraday_bridge("2024-12-31", c, steps_per_day=24, n_paths=30, sigma=1.0, seed=3)
    assert np.array_equal(again["returns"], b["returns"])


# ---------------------------------------------------------------------------------------------
# the real closes (the shared copy, see conftest)


@pytest.fixture(scope="module")
def btc():
    return lt.data.bitcoin_prices()


def test_real_years(btc):
    t = h.year_table(btc)
    assert t.index.tolist() == list(range(2017, 2026))
    assert t.loc[2021, "btc"] > 0.5 and t.loc[2021, "token"] < -1 / 3     # the example
    assert t.loc[2020, "token"] == -1.0                                   # 12 March 2020
    assert t.loc[2017, "days"] == 364 and t.loc[2025, "days"] == 304
    # the closed form with realised variance is within 4 % of the daily token's multiple in
    # every year without a ruinous day or a near-total loss
    for y in (2017, 2019, 2021, 2023, 2024, 2025):
        assert (1 + t.loc[y, "token"]) / (1 + t.loc[y, "closed_form"]) == pytest.approx(1, abs=0.04)
    # a second way: straight from the closes
    y = btc.loc["2020-12-31":"2021-12-31"].to_numpy()
    r = y[1:] / y[:-1] - 1
    assert t.loc[2021, "token"] == pytest.approx(np.prod(1 + 3 * r) - 1, rel=1e-10)


def test_real_volatility(btc):
    v = h.volatility_by_year(btc)
    assert v[2017] == pytest.approx(0.9356, abs=5e-4)
    assert v[2023] == pytest.approx(0.4346, abs=5e-4)
    assert v[2025] == pytest.approx(0.4185, abs=5e-4)


def test_real_march_2020(btc):
    o = h.day_outcome("2020-03-12", btc)
    assert o["btc"] == pytest.approx(-0.37535, abs=1e-5)
    assert o["token"] == 0.0 and o["margin"] == 0.0
    b = h.intraday_bridge(closes=btc, n_paths=50)
    assert b["rules"]["daily"]["ruined"] == 1.0 and b["rules"]["ascendex"]["ruined"] == 1.0
    assert all(b["rules"][k]["ruined"] == 0.0 for k in ("ftx", "kucoin", "gate"))
    assert b["margin"] == 1.0


def test_real_holds_and_margin(btc):
    p = h.holding_periods(btc)
    assert p.loc[365, "holds"] == 3226 - 365
    assert 0.3 < p.loc[365, "beat_spot"] < 0.5
    m = h.margin_vs_token(btc)
    assert m["holds"] == 3226 - 30
    assert 0.0 < m["liquidated"] < 0.1 and m["token_worst"] == -1.0


