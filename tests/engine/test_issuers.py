"""levtoken.issuers and levtoken.crashes: trigger moves, presets, exact NAV cases, crash days."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from levtoken import LeveragedToken, MarginPosition, costs, crashes, issuers, theory

pytestmark = pytest.mark.unit





# --- trigger moves, derived -----------------------------------------------------------------


@pytest.mark.parametrize("leverage, bound, move", [
    (3, 4, -1 / 9),             # FTX, Bybit, Gate 2025: a 3x long reaches 4x after -11.1 %
    (-3, 4, 1 / 15),            # a 3x inverse reaches 4x after +6.7 %
    (3, 2, 1 / 3),              # Bybit's lower edge: a 3x long falls to 2x after +33.3 %
    (-3, 2, -1 / 9),            # ... and a 3x inverse after -11.1 %
    (3, 4.125, -0.12),          # Gate's band for 3x long: 2.25x-4.125x
    (3, 2.25, 0.20),
    (-3, 5.25, 0.12),           # Gate's band for 3x short: 1.5x-5.25x
    (-3, 1.5, -0.20),
    (2.3, 3, -0.7 / 4.6),       # Gate before 2025-04-01: 2.3x target, intraday above 3x
    (3, 1.25, 7 / 3),           # Binance's lower edge of 1.25x: a +233 % rise
])
def test_band_trigger_moves_are_the_derived_fractions(leverage, bound, move):
    R = issuers.band_trigger_move(leverage, bound)
    assert R == pytest.approx(move, rel=1e-12)
    # the definition: at that move the effective leverage is exactly the band edge
    assert abs(theory.leverage_after_move(leverage, R)) == pytest.approx(bound, rel=1e-12)
    # the formula R = (b - |L|) / (|L| (1 - s b)) by hand
    lev, s = abs(leverage), np.sign(leverage)
    assert R == pytest.approx((bound - lev) / (lev * (1 - s * bound)), rel=1e-12)


def test_effective_leverage_by_hand():
    assert theory.leverage_after_move(3, 0.05) == pytest.approx(3 * 1.05 / 1.15)
    assert theory.leverage_after_move(-3, 0.05) == pytest.approx(-3 * 1.05 / 0.85)
    assert theory.leverage_after_move(3, 0.0) == 3.0
    out = theory.leverage_after_move(3, np.array([-1 / 9, 1 / 3]))
    assert out == pytest.approx([4.0, 2.0])


@pytest.mark.parametrize("p", issuers.PRESETS, ids=lambda p: p.key)
def test_preset_triggers_match_the_formula_and_the_simulated_token(p):
    fall, rise = p.trigger_moves()
    assert (fall, rise) == p.token().trigger_moves()
    candidates_fall, candidates_rise = [], []
    if p.leverage_band is not None:
        for edge in p.leverage_band:
            if edge is not None:
                R = issuers.band_trigger_move(p.leverage, edge)
                (candidates_fall if R < 0 else candidates_rise).append(R)
    h = p.rebalance_threshold
    if h is not None:
        if p.threshold_side == "both" or p.leverage > 0:
            candidates_fall.append(-h)
        if p.threshold_side == "both" or p.leverage < 0:
            candidates_rise.append(h)
    expect_fall = max(candidates_fall) if candidates_fall else None
    expect_rise = min(candidates_rise) if candidates_rise else None
    assert fall == pytest.approx(expect_fall, rel=1e-12) if expect_fall else fall is None
    assert rise == pytest.approx(expect_rise, rel=1e-12) if expect_rise else rise is None


def test_each_issuers_binding_trigger():
    t = {p.key: p.trigger_moves() for p in issuers.PRESETS}
    assert t["ftx"][0] == pytest.approx(-1 / 9) and t["ftx"][1] is None
    assert t["kucoin"] == (-0.15, None) and t["amun"] == (-0.15, None)
    assert t["bybit_2024"][0] == pytest.approx(-1 / 9) and t["bybit_2024"][1] == pytest.approx(1 / 3)
    assert t["gate"][0] == pytest.approx(-0.12) and t["gate"][1] == pytest.approx(0.20)
    assert t["gate_short"][0] == pytest.approx(-0.20) and t["gate_short"][1] == pytest.approx(0.12)
    # Gate 2025: the 4x edge (-11.1 %) binds before the 20 % move on a fall
    assert t["gate_2025"][0] == pytest.approx(-1 / 9) and t["gate_2025"][1] == pytest.approx(0.20)
    assert t["gate_2024"][0] == pytest.approx(-0.7 / 4.6)
    assert t["ascendex"] == (None, None)


def test_ftx_rule_reused_at_minus_3_triggers_on_a_one_fifteenth_rise():
    ftx = issuers.preset("ftx")
    assert ftx.trigger_moves(leverage=-3) == (None, pytest.approx(1 / 15))
    tok = ftx.token(steps_per_day=2, leverage=-3)
    below = tok.simulate([1 / 15 - 1e-4, 0.0])
    above = tok.simulate([1 / 15 + 1e-4, 0.0])
    assert not below.rebalanced[1] and above.rebalanced[1]


@pytest.mark.parametrize("key, move", [("ftx", -1 / 9), ("bybit_2024", -1 / 9),
                                       ("bybit_2024", 1 / 3), ("gate", -0.12), ("gate", 0.20),
                                       ("kucoin", -0.15), ("gate_short", 0.12)])
def test_the_simulated_token_rebalances_exactly_at_the_trigger(key, move):
    tok = issuers.preset(key).token(steps_per_day=2)
    eps = 1e-6 * np.sign(move)
    assert tok.simulate([move + eps, 0.0]).rebalanced[1]
    assert not tok.simulate([move - eps, 0.0]).rebalanced[1]


# --- exact NAV cases, by hand -----------------------------------------------------------------


def _free(key, **kw):
    """The preset's rule without fee and funding."""
    return replace(issuers.preset(key).token(**kw), fee_per_day=0.0, funding_per_day=0.0)


def test_ftx_two_falls_in_a_day():
    # -12 % (past 4x: rebalance at NAV 0.64), then -10 %: 0.64 * (1 - 0.3) = 0.448
    nav = _free("ftx", steps_per_day=2).nav([-0.12, -0.10])
    assert nav.tolist() == pytest.approx([1.0, 0.64, 0.448], rel=1e-12)
    # with daily rebalancing only the same day ends at 1 + 3 * (0.88 * 0.9 - 1) = 0.376
    daily = LeveragedToken(3, steps_per_day=2).nav([-0.12, -0.10])
    assert daily[-1] == pytest.approx(0.376, rel=1e-12)


def test_kucoin_ignores_a_rise_and_the_both_sided_threshold_does_not():
    nav = _free("kucoin", steps_per_day=2).nav([0.16, -0.10])
    assert nav.tolist() == pytest.approx([1.0, 1.48, 1 + 3 * (1.16 * 0.9 - 1)], rel=1e-12)
    both = LeveragedToken(3, steps_per_day=2, rebalance_threshold=0.15).nav([0.16, -0.10])
    assert both[-1] == pytest.approx(1.48 * 0.7, rel=1e-12)


def test_gate_short_band_rebalances_after_a_twelve_percent_rise():
    nav = _free("gate_short", steps_per_day=2).nav([0.13, -0.05])
    assert nav.tolist() == pytest.approx([1.0, 0.61, 0.61 * 1.15], rel=1e-12)


def test_bybit_on_need_holds_its_quantity_inside_the_band():
    # three +5 % days: leverage 2.74x, 2.53x, 2.37x stays in [2x, 4x]: no rebalance,
    # NAV = 1 + 3 * (1.05^3 - 1); a daily token compounds to 1.15^3
    nav = _free("bybit_2024").nav([0.05, 0.05, 0.05])
    assert nav[-1] == pytest.approx(1 + 3 * (1.05**3 - 1), rel=1e-12)
    assert LeveragedToken(3).nav([0.05] * 3)[-1] == pytest.approx(1.15**3, rel=1e-12)


def test_gate_before_2025_was_a_2_3x_token():
    assert _free("gate_2024").nav([0.10])[-1] == pytest.approx(1.23, rel=1e-12)
    p = issuers.preset("gate_2024")
    assert p.nominal_leverage == 3.0 and p.leverage == 2.3


def test_ascendex_fee_alone_over_a_flat_year():
    nav = issuers.preset("ascendex").token().nav(np.zeros(365))[-1]
    assert nav == pytest.approx(0.997**365, rel=1e-12)
    assert issuers.preset("ascendex").fee_drag() == pytest.approx(1 - 0.997**365, rel=1e-12)


# --- the presets ------------------------------------------------------------------------------




def test_preset_rules_follow_the_issuers_pages():
    P = {p.key: p for p in issuers.PRESETS}
    assert not P["binance"].daily_rebalance and P["binance"].leverage_band == (1.25, 4.0)
    assert P["binance"].nominal_leverage is None and P["binance"].status == "discontinued"
    assert P["ftx"].leverage_band == (None, 4.0) and P["ftx"].daily_rebalance
    assert P["ftx"].status == "discontinued" and P["ftx"].source == issuers.ILLUSTRATIVE
    for k in ("bybit_old", "bybit_2024"):
        assert P[k].leverage_band == (2.0, 4.0) and not P[k].daily_rebalance
    for k in ("kucoin", "amun"):
        assert P[k].rebalance_threshold == 0.15 and P[k].threshold_side == "adverse"
    assert P["gate"].leverage_band == (2.25, 4.125) and P["gate"].leverage == 3.0
    assert P["gate_short"].leverage_band == (1.5, 5.25) and P["gate_short"].leverage == -3.0
    assert P["gate_2025"].as_of == "2025-04-01" and P["gate_2025"].status == "superseded"
    for k in ("gate", "gate_short", "gate_2024", "gate_2025", "ascendex"):
        assert P[k].funding_per_day == 0.0           # the fee covers funding and hedging
    assert P["ascendex"].funding_source == "ascendexltfees"
    fee = {p.key: p.fee_per_day for p in issuers.PRESETS}
    assert fee == {"binance": 0.0001, "ftx": 0.0003, "bybit_old": 0.0002,
                   "bybit_2024": 0.00005, "kucoin": 0.0005, "amun": 0.0, "gate_2024": 0.001,
                   "gate_2025": 0.001, "gate": 0.001, "gate_short": 0.001, "gate_daily": 0.001,
                   "ascendex": 0.003}




def test_preset_rows_carry_rule_dates_and_fee_drag():
    rows = {r["key"]: r for r in issuers.preset_rows()}
    assert rows["gate"]["fee_drag"] == pytest.approx(1 - 0.999**365, rel=1e-12)
    assert rows["gate"]["simple_sum"] == pytest.approx(0.365)
    assert rows["ftx"]["rule"] == "daily; when leverage exceeds 4x"
    assert rows["kucoin"]["rule"] == "daily; on a 15% move against the token"
    assert rows["bybit_2024"]["rule"] == "on need only; when leverage leaves [2x, 4x]"
    assert rows["bybit_2024"]["as_of"] == "2024-10-17"
    assert rows["ftx"]["fall_trigger"] == pytest.approx(-1 / 9)
    assert issuers.preset_rows(30)[0]["fee_drag"] == pytest.approx(1 - 0.9999**30)


def test_presets_are_frozen_and_validated():
    with pytest.raises(Exception):
        issuers.PRESETS[0].fee_per_day = 0.5
    base = issuers.preset("kucoin")
    with pytest.raises(ValueError, match="status"):
        replace(base, status="maybe")
    with pytest.raises(ValueError, match="as_of"):
        replace(base, as_of="2024")
    with pytest.raises(ValueError, match="daily_rebalance"):
        replace(base, daily_rebalance=False, rebalance_threshold=None, threshold_side="both")
    with pytest.raises(ValueError, match="leverage_band"):
        replace(base, leverage_band=(3.5, 4.0))
    with pytest.raises(TypeError, match="source"):
        replace(base, source="")


def test_compare_counts_rebalances_and_leverage():
    r = np.zeros((2, 8))
    r[:, 1] = -0.12                                     # one fall past 4x, inside day 1
    out = {o["key"]: o for o in issuers.compare_presets(r, ["ftx", "bybit_2024", "ascendex"],
                                                steps_per_day=4)}
    assert out["ftx"]["rebalances_per_year"] == pytest.approx(3 * 365 / 2)   # 2 daily + 1
    assert out["bybit_2024"]["rebalances_per_year"] == pytest.approx(365 / 2)  # the band only
    assert out["ascendex"]["ruined"] == 0.0
    assert out["ascendex"]["median_nav"] == pytest.approx(0.64 * 0.997**2, rel=1e-12)


@pytest.mark.parametrize("call, name", [
    (lambda: theory.leverage_after_move(11, 0.1), "leverage"),
    (lambda: theory.leverage_after_move(3, -0.5), "move"),
    (lambda: issuers.band_trigger_move(3, 3), "bound"),
    (lambda: issuers.band_trigger_move(3, 1), "bound"),
    (lambda: issuers.band_trigger_move(3, 0.5), "bound"),
    (lambda: issuers.band_trigger_move(3, -1), "bound"),
    (lambda: issuers.trigger_moves(3, leverage_band=(4, 5)), "leverage_band"),
    (lambda: issuers.trigger_moves(3, rebalance_threshold=0.5), "rebalance_threshold"),
    (lambda: issuers.preset("nope"), "key"),
    (lambda: issuers.preset_rows(0), "days"),
    (lambda: issuers.compare_presets(np.zeros(4), [1]), "presets"),
    (lambda: issuers.compare_presets(np.zeros(4), steps_per_day=0), "steps_per_day"),
    (lambda: issuers.preset("ftx").token(leverage=11), "leverage"),
    (lambda: crashes.crash_day_returns("crash"), "key"),
    (lambda: crashes.regime("2030"), "key"),
    (lambda: crashes.crash_outcomes("gap", margin_leverage=0), "margin_leverage"),
    (lambda: crashes.crash_outcomes("gap", maintenance_margin=0.5), "maintenance_margin"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=re.escape(name)):
        call()


# --- regimes and crash days -------------------------------------------------------------------


def test_regimes_have_sources():
    assert [(r.key, r.sigma) for r in crashes.REGIMES] == [("2020-2023", 0.70), ("2023-2024", 0.45)]
    # each level is labelled with the period its source measured (issue 18, item 4)
    assert "2020 to Oct 2023" in crashes.REGIMES[0].label and "2023–24" in crashes.REGIMES[1].label
    assert all("2018" not in r.label and "2025" not in r.label for r in crashes.REGIMES)
    assert crashes.regime("2018-2022") is crashes.REGIMES[0]       # the old keys still work


def test_crash_days_are_what_they_say():
    for key, total in [("slide", -0.35), ("gap", -0.35)]:
        p = crashes.crash_day_prices(key)
        assert p.shape == (crashes.STEPS_PER_DAY + 1,) and p[-1] / p[0] - 1 == pytest.approx(total)
    r = crashes.crash_day_returns("gap")
    assert np.count_nonzero(np.abs(r) > 1e-12) == 1 and r.min() == pytest.approx(-0.35)
    p = crashes.crash_day_prices("march2020")
    hour = 60 // crashes.STEP_MINUTES
    assert p.shape == (crashes.STEPS_PER_DAY + 1,)
    assert p[1 * hour] == pytest.approx(7300) and p[2 * hour] == pytest.approx(5690)
    assert p[14 * hour] == pytest.approx(5800) and p[69] == pytest.approx(3900)  # 17:15 h
    assert p.min() == pytest.approx(3900)                              # the low, 02:15 UTC
    # the window is a slice of the three dated days: no price held flat where no source gives one
    full = crashes.march2020_prices()
    assert full.shape == (crashes.MARCH_2020_HOURS * hour + 1,)
    assert np.allclose(p, full[33 * hour:57 * hour + 1])
    assert p[-1] > 4300 and len(set(np.round(p[70:], 6))) == p[70:].size   # rising, not flat


def test_march2020_anchors_are_the_coin_metrics_closes():
    from levtoken import data
    closes = data.bitcoin_prices()
    for hour, price, src in crashes.MARCH_2020_ANCHORS:
        if src == "coinmetricsdata":
            day = pd.Timestamp("2020-03-10") + pd.Timedelta(hours=hour)
            assert closes[day] == pytest.approx(price, abs=0.01), day


def test_crash_outcomes_who_survives():
    out = {k: {o["key"]: o for o in crashes.crash_outcomes(k)} for k in crashes.CRASH_DAYS}
    for key in ("slide", "march2020"):
        # AscendEX's interim trigger is not published: no ruin is pinned on its preset
        assert "ascendex" not in out[key]
        assert out[key]["daily_only"]["ruined"] and out[key]["margin"]["ruined"]
        for survivor in ("ftx", "bybit_2024", "kucoin", "gate", "gate_2024", "binance", "gate_daily"):
            assert not out[key][survivor]["ruined"] and out[key][survivor]["nav"] > 0.09
    # a gap of -35 % in one step: every 3x long token is ruined; the 2.3x one keeps 1 - 2.3*0.35
    gap = out["gap"]
    assert all(o["ruined"] for k, o in gap.items() if k != "gate_2024")
    assert crashes.crash_outcomes("slide", ["ascendex"])[0]["ruined"]    # asked for: still there
    assert gap["gate_2024"]["nav"] == pytest.approx(1 - 2.3 * 0.35, rel=1e-12)
    # the margin position is liquidated at its own trigger, about -33 %
    m = MarginPosition(3.0).simulate(crashes.crash_day_returns("slide"))
    assert m.liquidated and out["slide"]["margin"]["nav"] == 0.0


def test_steady_slide_with_a_4x_band_by_hand():
    # On equal steps the FTX token rebalances each time the cumulative fall since the last
    # rebalance reaches 1/9; replay that rule by hand with the same steps.
    r = crashes.crash_day_returns("slide")
    nav, n_reb, R = 1.0, 1.0, 0.0
    for x in r:
        R = (1 + R) * (1 + x) - 1
        nav = n_reb * (1 + 3 * R)
        if R <= -1 / 9 + 1e-12:
            n_reb, R = nav, 0.0
    got = {o["key"]: o for o in crashes.crash_outcomes("slide", ["ftx"])}["ftx"]["nav"]
    assert got == pytest.approx(nav, rel=1e-12)


# --- issue 18: the reset time of 12 March 2020, Amun and AscendEX ------------------------------


def test_march2020_daily_only_token_depends_on_its_reset_time():
    out = {o["reset_utc"]: o for o in crashes.reset_time_outcomes("march2020", (0.0, 9.0, 16.0, 23.5))}
    p = crashes.march2020_prices()
    day = crashes.STEPS_PER_DAY
    # by hand: each token from its own reset on 11 March, reset daily, valued at the 13 March close
    for h, o in out.items():
        k = int(h * 4)
        assert o["first"] == k
        cuts = list(range(k, p.size - 1, day)) + [p.size - 1]
        nav = 1.0
        for a, b in zip(cuts[:-1], cuts[1:]):
            if nav > 0 and (p[a:b + 1] / p[a]).min() <= 2 / 3:
                nav = 0.0
            nav *= max(0.0, 1 + 3 * (p[b] / p[a] - 1))
        assert o["nav"] == pytest.approx(nav, abs=1e-12), h
    # a reset at 00:00 UTC sees the closes of 11 and 12 March in one period: chapter 9's -37.5 %
    assert out[0.0]["ruined"] and out[0.0]["worst_move"] == pytest.approx(4959.31 / 7939.34 - 1)
    assert out[9.0]["ruined"]                       # both falls in one period
    # a reset between the falls splits them; the second, from its reset to 3,900, is close to 1/3
    assert not out[16.0]["ruined"] and not out[23.5]["ruined"]
    assert -1 / 3 < out[16.0]["worst_move"] < -0.31 and -1 / 3 < out[23.5]["worst_move"] < -0.31
    assert 0 < out[16.0]["low"] < 0.01 and 0.1 < out[16.0]["nav"] < 0.2


@pytest.mark.parametrize("kwargs, name", [
    (dict(key="slide"), "key"), (dict(reset_utc=24.0), "reset_utc"),
    (dict(reset_utc=1.1), "reset_utc"), (dict(reset_utc=()), "reset_utc"),
    (dict(reset_utc=float("nan")), "reset_utc"), (dict(leverage=0), "leverage"),
])
def test_reset_time_outcomes_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        crashes.reset_time_outcomes(**kwargs)


def test_amun_is_discontinued_and_ascendex_rule_incomplete():
    amun, asc = issuers.preset("amun"), issuers.preset("ascendex")
    assert amun.status == "discontinued" and amun.as_of == "2020-12-11" and not amun.active
    assert not amun.fee_known and amun.fee_per_day == 0.0
    assert not asc.rule_published and "trigger not published" in asc.rule()
    assert "ascendexrebalancing" in asc.threshold_source
    assert issuers.preset("bybit_old").status == "superseded"
    with pytest.raises(TypeError, match="fee_known"):
        issuers.CostPreset("x", "x", "listed", 0.0, "illustrative", as_of="2020-01-01",
                           fee_known=1)
