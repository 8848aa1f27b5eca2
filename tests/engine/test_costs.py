"""levtoken.costs: fee, funding, slippage and decay of a token, checked by hand and against
LeveragedToken simulations; the break-even move; the issuer-style presets."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from levtoken import LeveragedToken, costs, issuers, paths, theory

pytestmark = pytest.mark.unit

FLAT_YEAR = np.zeros(365)


# --- the fee compounds (math.md §5) ----------------------------------------------------------


def test_fee_factor_hand_values():
    assert 1 - costs.fee_factor(0.0001) == pytest.approx(1 - 0.9999**365, rel=1e-12)
    assert round(1 - costs.fee_factor(0.0001), 4) == 0.0358           # not 3.65 %
    assert round(1 - costs.fee_factor(0.001), 3) == 0.306             # not 36.5 %
    assert costs.fee_factor(0.0005, days=30) == pytest.approx(0.9995**30, rel=1e-12)
    assert costs.fee_factor(0.0) == 1.0


def test_fee_factor_matches_theory_and_the_token_on_a_flat_path():
    for f in (0.0001, 0.0005, 0.001, 0.003):
        token = LeveragedToken(1, fee_per_day=f).nav(FLAT_YEAR)[-1]
        assert token == pytest.approx(costs.fee_factor(f), rel=1e-12)
        assert 1 - token == pytest.approx(theory.compounded_fee(f, 365), rel=1e-10)
        assert 1 - token < theory.simple_fee_sum(f, 365)


# --- funding on the notional ---------------------------------------------------------------------


def test_funding_factor_hand_values_and_sign():
    assert costs.funding_factor(3, 0.0003) == pytest.approx(0.9991**365, rel=1e-12)
    assert costs.funding_factor(-3, 0.0003) == pytest.approx(1.0009**365, rel=1e-12)
    assert costs.funding_factor(3, -0.0003) == pytest.approx(1.0009**365, rel=1e-12)
    assert costs.funding_factor(3, 0.0003) < 1 < costs.funding_factor(-3, 0.0003)


@pytest.mark.parametrize("L", [3, -3, 2, 5, -1])
def test_funding_factor_matches_the_token_on_a_flat_path(L):
    nav = LeveragedToken(L, funding_per_day=0.0003).nav(FLAT_YEAR)[-1]
    assert nav == pytest.approx(costs.funding_factor(L, 0.0003), rel=1e-12)


# --- slippage and traded notional --------------------------------------------------------------


def test_mean_abs_daily_return_exact_and_small_sigma_limit():
    s = 0.8 / math.sqrt(365)
    assert costs.mean_abs_daily_return(0.8) == pytest.approx(
        math.exp(s * s / 2) * math.erf(s / math.sqrt(2)), rel=1e-14)
    assert costs.mean_abs_daily_return(0.01) == pytest.approx(
        0.01 / math.sqrt(365) * math.sqrt(2 / math.pi), rel=1e-6)
    assert costs.mean_abs_daily_return(0.0) == 0.0
    rng = np.random.default_rng(5)                                    # Monte Carlo of E|e^x - 1|
    x = rng.standard_normal(2_000_000) * s
    assert costs.mean_abs_daily_return(0.8) == pytest.approx(np.abs(np.expm1(x)).mean(), rel=2e-3)


def test_traded_notional_grows_like_L_squared_minus_L():
    base = costs.mean_abs_daily_return(0.8)
    for L, k in [(2, 2), (3, 6), (5, 20), (-3, 12), (1, 0), (0.5, 0.25)]:
        assert costs.traded_notional_per_day(L, 0.8) == pytest.approx(k * base, rel=1e-12)


@pytest.mark.parametrize("L", [2, 3, 5, -3])
def test_traded_notional_matches_simulated_trades(L):
    r = paths.bridge_returns(0.0, 365, sigma=0.8, n_paths=400, seed=11, keep_variance=True)
    sim = LeveragedToken(L).simulate(r)
    per_day = np.abs(sim.trades[:, 1:]) / sim.nav[:, :-1]
    assert per_day.mean() == pytest.approx(costs.traded_notional_per_day(L, 0.8), rel=0.01)


def test_slippage_factor_hand_value():
    cost = 0.0005 * 6 * costs.mean_abs_daily_return(0.8)
    assert costs.slippage_factor(3, 0.8, 0.0005) == pytest.approx((1 - cost) ** 365, rel=1e-12)
    assert costs.slippage_factor(3, 0.8, 0.0) == 1.0
    assert costs.slippage_factor(1, 0.8, 0.01) == 1.0                 # spot never trades


# --- volatility decay --------------------------------------------------------------------------


def test_decay_continuous_is_the_closed_form_of_theory():
    for L, s in [(3, 0.8), (3, 0.5), (-3, 0.6), (2, 1.0)]:
        assert costs.decay_factor(L, s, rebalancing="continuous") == pytest.approx(
            theory.continuous_decay(L, s, 1.0), rel=1e-12)
    assert round(costs.decay_factor(3, 0.8, rebalancing="continuous"), 4) == 0.1466


def test_decay_coefficient_vanishes_for_spot_and_hand_value():
    assert costs.decay_coefficient(1) == 0.0 and costs.decay_coefficient(0) == 0.0
    assert costs.decay_coefficient(3) == pytest.approx(-27.75)
    assert costs.decay_coefficient(-3) == pytest.approx(-109.5)


@pytest.mark.parametrize("L, sigma", [(3, 0.2), (3, 0.6), (3, 0.8), (3, 1.2), (-3, 0.6),
                                      (2, 1.0), (5, 0.6)])
def test_daily_decay_matches_simulated_daily_tokens(L, sigma):
    r = paths.bridge_returns(0.0, 365, sigma=sigma, n_paths=3000, seed=21, keep_variance=True)
    median = np.median(LeveragedToken(L).nav(r)[:, -1])
    assert costs.decay_factor(L, sigma) == pytest.approx(median, rel=0.015)


def test_daily_decay_is_below_continuous_decay():
    for L in (3, -3, 2, 5):
        assert costs.decay_factor(L, 0.8) < costs.decay_factor(L, 0.8, rebalancing="continuous")


# --- the breakdown -----------------------------------------------------------------------------


BASE = dict(fee_per_day=0.0005, funding_per_day=0.0003, slippage=0.0005)


def test_annual_drag_is_the_product_of_the_factors():
    d = costs.annual_drag(3, 0.8, **BASE)
    prod = (0.9995**365) * (0.9991**365) * costs.slippage_factor(3, 0.8, 0.0005) \
        * costs.decay_factor(3, 0.8)
    assert d.multiple == pytest.approx(prod, rel=1e-12)
    assert d.total == pytest.approx(1 - prod, rel=1e-12)
    assert d.fee == pytest.approx(1 - 0.9995**365) and d.decay == pytest.approx(
        1 - costs.decay_factor(3, 0.8))
    assert d.slippage_drag == pytest.approx(1 - costs.slippage_factor(3, 0.8, 0.0005))
    assert d.funding == pytest.approx(1 - 0.9991**365)


def test_parts_add_up_to_the_total_and_follow_the_log_shares():
    d = costs.annual_drag(3, 0.8, **BASE)
    parts = d.parts()
    assert sum(parts.values()) == pytest.approx(d.total, rel=1e-12)
    logs = {k: -math.log(d.factors[k]) for k in costs.COMPONENTS}
    assert parts["fee"] / parts["decay"] == pytest.approx(logs["fee"] / logs["decay"], rel=1e-12)
    assert all(v > 0 for v in parts.values())


def test_parts_of_an_inverse_token_show_funding_as_a_gain():
    d = costs.annual_drag(-3, 0.2, fee_per_day=0.0001, funding_per_day=0.0003)
    parts = d.parts()
    assert parts["funding"] < 0 and sum(parts.values()) == pytest.approx(d.total, rel=1e-12)


def test_parts_without_any_cost_are_zero():
    d = costs.annual_drag(3, 0.0)
    assert d.total == 0.0 and all(v == 0.0 for v in d.parts().values())


@pytest.mark.parametrize("L, sigma", [(3, 0.2), (3, 0.6), (3, 1.2), (-3, 0.6), (2, 0.8)])
def test_annual_drag_matches_the_simulation(L, sigma):
    closed = costs.annual_drag(L, sigma, **BASE)
    sim = costs.simulated_drag(L, sigma, **BASE, n_paths=2000, seed=7)
    assert sim.factors["fee"] == pytest.approx(closed.factors["fee"], rel=1e-12)
    assert sim.factors["funding"] == pytest.approx(closed.factors["funding"], rel=1e-12)
    assert sim.factors["slippage"] == pytest.approx(closed.factors["slippage"], abs=0.005)
    assert sim.factors["decay"] == pytest.approx(closed.factors["decay"], rel=0.015)
    assert sim.multiple == pytest.approx(closed.multiple, rel=0.02)


def test_the_token_with_all_costs_has_the_simulated_multiple():
    r = paths.bridge_returns(0.0, 365, sigma=0.6, n_paths=2000, seed=7, keep_variance=True)
    all_on = LeveragedToken(3, **BASE).nav(r)[:, -1]
    closed = costs.annual_drag(3, 0.6, **BASE)
    assert np.median(all_on) == pytest.approx(closed.multiple, rel=0.02)


def test_simulated_drag_is_reproducible():
    a = costs.simulated_drag(3, 0.8, **BASE, n_paths=200, seed=3)
    b = costs.simulated_drag(3, 0.8, **BASE, n_paths=200, seed=3)
    assert a == b


def test_bridge_returns_end_where_asked_with_the_right_variance():
    r = paths.bridge_returns(1.5 - 1, 365, sigma=0.8, n_paths=3000, seed=1, keep_variance=True)
    assert np.prod(1 + r, axis=1) == pytest.approx(np.full(3000, 1.5), rel=1e-10)
    x = np.log1p(r)
    rv = ((x - x.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    assert rv.mean() == pytest.approx(0.64 * 364 / 365 * 365 / 364, rel=0.01)
    same = (paths.bridge_returns(0.0, 10, sigma=0.5, n_paths=2, seed=4, keep_variance=True)
            == paths.bridge_returns(0.0, 10, sigma=0.5, n_paths=2, seed=4, keep_variance=True))
    assert same.all()


# --- break-even --------------------------------------------------------------------------------


def test_break_even_hand_values():
    assert costs.break_even_move(3, 0.0) == 0.0
    # fee only, steady trend: P^3 (1 - f)^365 = 1
    assert costs.break_even_move(3, 0.0, fee_per_day=0.0001) == pytest.approx(
        0.9999 ** (-365 / 3) - 1, rel=1e-12)
    # decay only, continuous part: P^L_eff = exp(3 sigma^2 - c sigma^4 / 365)
    L_eff = costs.effective_leverage(3, 0.8)
    assert L_eff == pytest.approx(3 + 3 * 2 * 5 * 0.64 / 730, rel=1e-12)
    expected = math.exp((3 * 0.64 + 27.75 * 0.8**4 / 365) / L_eff) - 1
    assert costs.break_even_move(3, 0.8) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("L, f, phi, s", [(3, 0.0001, 0, 0), (3, 0.0005, 0.0003, 0.0005),
                                          (-3, 0.0005, 0.0003, 0.0005), (5, 0.003, 0, 0.001),
                                          (2, 0.001, -0.0002, 0.0)])
def test_break_even_at_zero_volatility_matches_root_finding_on_the_library(L, f, phi, s):
    closed = costs.break_even_move(L, 0.0, f, phi, s)
    steady = costs.steady_break_even_move(L, f, phi, s)
    assert closed == pytest.approx(steady, rel=5e-3)
    r = (1 + steady) ** (1 / 365) - 1                                 # and it really breaks even
    nav = LeveragedToken(L, f, phi, slippage=s).nav(np.full(365, r))[-1]
    assert nav == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("L, sigma", [(3, 0.6), (3, 0.8), (-3, 0.6), (2, 1.0)])
def test_break_even_with_volatility_leaves_the_simulated_median_token_at_one(L, sigma):
    move = costs.break_even_move(L, sigma, **BASE)
    r = paths.bridge_returns(move, 365, sigma=sigma, n_paths=3000, seed=13, keep_variance=True)
    median = np.median(LeveragedToken(L, **BASE).nav(r)[:, -1])
    assert median == pytest.approx(1.0, abs=0.02)


def test_break_even_direction_and_monotonicity():
    assert costs.break_even_move(3, 0.8, **BASE) > 0
    assert costs.break_even_move(-3, 0.8, **BASE) < 0
    moves = [costs.break_even_move(3, 0.8, fee_per_day=f) for f in (0.0, 0.0001, 0.001, 0.003)]
    assert moves == sorted(moves)


def test_typical_multiple_is_one_at_the_break_even_move():
    move = costs.break_even_move(3, 0.8, **BASE)
    typical = costs.typical_multiple(move, leverage=3, sigma=0.8, **BASE)
    assert typical == pytest.approx(1.0, rel=1e-12)
    arr = costs.typical_multiple(np.array([0.0, 0.1]), leverage=3, sigma=0.0)
    assert arr.shape == (2,) and arr[1] == pytest.approx(1.1**3)


def test_steady_break_even_refuses_costs_that_cannot_be_recovered():
    with pytest.raises(ValueError, match="fee_per_day"):
        costs.steady_break_even_move(3, fee_per_day=0.9)


# --- presets -----------------------------------------------------------------------------------






def test_preset_values_from_facts_md():
    fee = {p.key: p.fee_per_day for p in issuers.PRESETS}     # the full set: test_issuers.py
    assert {k: fee[k] for k in ("binance", "ftx", "bybit_old", "bybit_2024", "kucoin", "gate",
                                "ascendex")} == {
        "binance": 0.0001, "ftx": 0.0003, "bybit_old": 0.0002, "bybit_2024": 0.00005,
        "kucoin": 0.0005, "gate": 0.001, "ascendex": 0.003}
    assert issuers.preset("ftx").source == issuers.ILLUSTRATIVE           # "reported", no FTX page
    assert issuers.preset("ftx").trigger_moves()[0] == pytest.approx(-1 / 9)   # the 4x edge
    assert issuers.preset("kucoin").rebalance_threshold == 0.15
    assert not issuers.preset("binance").active and not issuers.preset("ftx").active
    assert all(p.funding_source in (issuers.ILLUSTRATIVE, p.source) for p in issuers.PRESETS)


def test_preset_rows_compute_the_fee_drag():
    rows = {r["key"]: r for r in issuers.preset_rows()}
    assert rows["binance"]["fee_drag"] == pytest.approx(1 - 0.9999**365, rel=1e-12)
    assert rows["gate"]["fee_drag"] == pytest.approx(1 - 0.999**365, rel=1e-12)
    assert rows["gate"]["simple_sum"] == pytest.approx(0.365)
    assert rows["ascendex"]["fee_drag"] == pytest.approx(1 - 0.997**365, rel=1e-12)
    assert issuers.preset_rows(30)[0]["fee_drag"] == pytest.approx(1 - 0.9999**30)


def test_preset_token_and_drag_use_the_preset_values():
    p = issuers.preset("kucoin")
    tok = p.token(slippage=0.0005)
    assert (tok.leverage, tok.fee_per_day, tok.funding_per_day, tok.rebalance_threshold,
            tok.slippage) == (3.0, 0.0005, 0.0003, 0.15, 0.0005)
    assert p.drag(0.0).fee == pytest.approx(p.fee_drag())
    assert p.token().nav(FLAT_YEAR)[-1] == pytest.approx(
        costs.fee_factor(0.0005) * costs.funding_factor(3, 0.0003), rel=1e-12)


def test_presets_are_frozen():
    with pytest.raises(Exception):
        issuers.PRESETS[0].fee_per_day = 0.5


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("call, name", [
    (lambda: costs.annual_drag(0, 0.8), "leverage"),
    (lambda: costs.annual_drag(11, 0.8), "leverage"),
    (lambda: costs.annual_drag(3, -0.1), "sigma"),
    (lambda: costs.annual_drag(3, 5.5), "sigma"),
    (lambda: costs.annual_drag(3, 0.8, fee_per_day=1.0), "fee_per_day"),
    (lambda: costs.annual_drag(3, 0.8, fee_per_day=-0.001), "fee_per_day"),
    (lambda: costs.annual_drag(3, 0.8, funding_per_day=0.4), "funding_per_day"),
    (lambda: costs.annual_drag(3, 0.8, slippage=-0.01), "slippage"),
    (lambda: costs.annual_drag(3, 0.8, slippage=0.2), "slippage"),
    (lambda: costs.annual_drag(3, 0.8, days=0), "days"),
    (lambda: costs.annual_drag(3, 0.8, days=1.5), "days"),
    (lambda: costs.decay_factor(3, 0.8, rebalancing="weekly"), "rebalancing"),
    (lambda: paths.bridge_returns(0.0, 1, sigma=0.8, keep_variance=True), "days"),
    (lambda: paths.bridge_returns(-1.0, 365, sigma=0.8, keep_variance=True), "total_return"),
    (lambda: paths.bridge_returns(0.0, 365, sigma=0.8, n_paths=0, keep_variance=True), "n_paths"),
    (lambda: costs.typical_multiple(-1.0), "move"),
    (lambda: issuers.preset("nope"), "key"),
    (lambda: costs.fee_factor(0.0001, days=-3), "days"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
