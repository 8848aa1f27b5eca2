"""levtoken.compare: the same paths through spot, tokens and a margin position (chapter 6)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import levtoken as lt
from levtoken import compare, paths, theory

pytestmark = pytest.mark.unit


def phi(x):
    """Standard normal CDF, written independently of the module."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


# --- liquidation price: the two exchange conventions (facts.md) ----------------------------------


def test_liquidation_price_hand_values():
    # Binance: 60 000 · (1 − 1/10) / (1 − 0.005); Bybit: 60 000 · (1 − 1/10 + 0.005)
    binance = compare.liquidation_price(60_000, 10, 0.005, "binance")
    bybit = compare.liquidation_price(60_000, 10, 0.005, "bybit")
    assert binance == pytest.approx(54_000 / 0.995, rel=1e-12)
    assert bybit == pytest.approx(54_300.0, rel=1e-12)
    gap = (compare.liquidation_price(60_000, 10, 0.005, "bybit")
           - compare.liquidation_price(60_000, 10, 0.005, "binance"))
    assert gap == pytest.approx(28.6432, abs=1e-3)         # "a few tens of dollars" (facts.md)


@pytest.mark.parametrize("L, m", [(3, 0.005), (5, 0.01), (-3, 0.005), (-2, 0.02), (10, 0.004)])
def test_binance_convention_is_the_liquidation_move_of_theory(L, m):
    assert compare.liquidation_price(100.0, L, m) == pytest.approx(
        100.0 * (1 + theory.liquidation_move(L, m)), rel=1e-12)


def test_short_conventions_and_zero_margin():
    assert compare.liquidation_price(100.0, -4, 0.01, "bybit") == pytest.approx(124.0, rel=1e-12)
    assert compare.liquidation_price(100.0, -4, 0.01, "binance") == pytest.approx(125 / 1.01,
                                                                                  rel=1e-12)
    for conv in ("binance", "bybit"):
        assert compare.liquidation_price(1.0, 3, 0.0, conv) == pytest.approx(2 / 3, rel=1e-12)
        assert compare.liquidation_price(1.0, -3, 0.0, conv) == pytest.approx(4 / 3, rel=1e-12)
    # the case is ignored: "Bybit" works
    assert compare.liquidation_price(1.0, 3, 0.005, "Bybit") == pytest.approx(1 - 1 / 3 + 0.005)


def test_liquidation_price_liquidates_the_margin_position():
    """A move just past the Binance price liquidates MarginPosition; just before, it does not."""
    p_liq = compare.liquidation_price(1.0, 3, 0.005)
    assert lt.MarginPosition(3, 0.005).nav([p_liq - 1 - 1e-9])[-1] == 0.0
    assert lt.MarginPosition(3, 0.005).nav([p_liq - 1 + 1e-9])[-1] > 0.0


@pytest.mark.parametrize("kwargs, name", [
    (dict(entry=0.0), "entry"), (dict(entry=-5.0), "entry"), (dict(entry=float("nan")), "entry"),
    (dict(leverage=0), "leverage"), (dict(leverage=11), "leverage"),
    (dict(maintenance_margin=0.34), "maintenance_margin"),
    (dict(maintenance_margin=-0.01), "maintenance_margin"),
    (dict(convention="kraken"), "convention"), (dict(convention=1), "convention")])
def test_liquidation_price_rejects_bad_input(kwargs, name):
    args = dict(entry=100.0, leverage=3, maintenance_margin=0.005, convention="binance") | kwargs
    with pytest.raises(ValueError, match=name):
        compare.liquidation_price(**args)


# --- liquidation probability: reflection principle ------------------------------------------------


def test_liquidation_probability_matches_the_formula_by_hand():
    L, m, sigma, days = 3, 0.005, 0.8, 365
    T = days / 365
    b = math.log(1 + theory.liquidation_move(L, m))
    nu = -sigma**2 / 2
    sd = sigma * math.sqrt(T)
    expected = phi((b - nu * T) / sd) + math.exp(2 * nu * b / sigma**2) * phi((b + nu * T) / sd)
    assert compare.liquidation_probability(L, sigma, days, m) == pytest.approx(expected, rel=1e-12)


def test_liquidation_probability_without_drift_is_twice_the_tail():
    """With a driftless log price (mu = sigma²/2) the reflection principle gives 2·Φ(b/(σ√T))."""
    sigma, days = 0.6, 200
    b = math.log(1 + theory.liquidation_move(3, 0.005))
    p = compare.liquidation_probability(3, sigma, days, 0.005, mu=sigma**2 / 2)
    assert p == pytest.approx(2 * phi(b / (sigma * math.sqrt(days / 365))), rel=1e-12)


def test_liquidation_probability_properties():
    p = compare.liquidation_probability(3, 0.8, np.array([7, 30, 90, 365]), 0.005)
    assert np.all(np.diff(p) > 0) and np.all((0 < p) & (p < 1))          # grows with time
    by_sigma = compare.liquidation_probability(3, np.array([0.4, 0.8, 1.2]), 90, 0.005)
    assert np.all(np.diff(by_sigma) > 0)                                  # and with volatility
    assert compare.liquidation_probability(3, 0.8, 365, 0.005, mu=1.0) < \
        compare.liquidation_probability(3, 0.8, 365, 0.005)              # a rising market helps
    assert compare.liquidation_probability(3, 0.8, 365, 0.005, steps_per_day=1) < \
        compare.liquidation_probability(3, 0.8, 365, 0.005, steps_per_day=24) < \
        compare.liquidation_probability(3, 0.8, 365, 0.005)              # fewer looks, fewer hits
    assert compare.liquidation_probability(1, 0.8, 365, 0.005) == 0.0     # 1x long: never
    assert compare.liquidation_probability(0.5, 0.8, 365, 0.005) == 0.0
    assert 0 < compare.liquidation_probability(-1, 0.8, 365, 0.005) < 1   # 1x short: can be


@pytest.mark.parametrize("L", [3, -3])
def test_liquidation_probability_agrees_with_the_simulated_margin_position(L):
    n, sigma, days = 10_000, 0.8, 365
    r = paths.gbm_returns(0.0, sigma, days, n_paths=n, seed=11)
    liquidated = lt.MarginPosition(L, 0.005).simulate(r).liquidated.mean()
    p = compare.liquidation_probability(L, sigma, days, 0.005, steps_per_day=1)
    se = math.sqrt(p * (1 - p) / n)
    assert abs(liquidated - p) < 4 * se


@pytest.mark.parametrize("kwargs, name", [
    (dict(sigma=0.0), "sigma"), (dict(sigma=-0.2), "sigma"), (dict(sigma=6.0), "sigma"),
    (dict(days=0), "days"), (dict(days=float("inf")), "days"), (dict(mu=float("nan")), "mu"),
    (dict(leverage=0), "leverage"), (dict(maintenance_margin=0.5), "maintenance_margin"),
    (dict(steps_per_day=0), "steps_per_day")])
def test_liquidation_probability_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        compare.liquidation_probability(**kwargs)


# --- scenarios and products -----------------------------------------------------------------------


def test_spread_daily_keeps_the_day_ends():
    daily = np.array([-0.20, 0.25, 0.10])
    r = compare.spread_daily(daily, 4)
    assert r.shape == (12,)
    np.testing.assert_allclose(paths.prices_from_returns(r)[::4], paths.prices_from_returns(daily),
                               rtol=1e-12)
    np.testing.assert_allclose(r[:4], 0.8 ** 0.25 - 1, rtol=1e-12)       # equal steps
    assert compare.spread_daily([[0.21], [-0.19]], 2).shape == (2, 2)      # 2-D works
    np.testing.assert_array_equal(compare.spread_daily(daily, 1), daily)
    with pytest.raises(ValueError, match="steps_per_day"):
        compare.spread_daily(daily, 0)
    with pytest.raises(ValueError, match="daily_returns"):
        compare.spread_daily([-1.0], 2)


def test_standard_products_are_set_up_for_intraday_steps():
    prods = compare.standard_products(3, 0.005, steps_per_day=4, rebalance_threshold=0.1,
                                      funding_per_day=0.0004, fee_per_day=0.0001)
    assert list(prods) == list(compare.PRODUCTS)
    assert isinstance(prods["spot"], lt.Spot)
    tok, thr, mar = prods["token"], prods["threshold_token"], prods["margin"]
    assert (tok.steps_per_day, tok.rebalance_threshold, tok.funding_per_day) == (4, None, 0.0004)
    assert (thr.steps_per_day, thr.rebalance_threshold, thr.fee_per_day) == (4, 0.1, 0.0001)
    assert mar.maintenance_margin == 0.005 and mar.funding_per_day == pytest.approx(0.0001)
    assert "threshold_token" not in compare.standard_products(rebalance_threshold=None)


def test_margin_funding_on_intraday_steps_equals_daily_funding():
    """φ/k on each of k steps a day charges (to first order) φ a day, as on daily steps."""
    phi_day = 0.0003
    intraday = compare.standard_products(3, steps_per_day=4, funding_per_day=phi_day)["margin"]
    daily = compare.standard_products(3, steps_per_day=1, funding_per_day=phi_day)["margin"]
    flat_intraday, flat_daily = np.zeros(4 * 365), np.zeros(365)
    assert intraday.nav(flat_intraday)[::4] == pytest.approx(daily.nav(flat_daily), rel=1e-12)
    assert daily.nav(flat_daily)[-1] == pytest.approx(1 - 365 * 3 * phi_day, rel=1e-12)


def test_standard_products_reject_bad_input():
    with pytest.raises(ValueError, match="rebalance_threshold"):
        compare.standard_products(3, rebalance_threshold=0.5)
    with pytest.raises(ValueError, match="maintenance_margin"):
        compare.standard_products(3, maintenance_margin=0.4)
    with pytest.raises(ValueError, match="steps_per_day"):
        compare.standard_products(3, steps_per_day=0)
    with pytest.raises(ValueError, match="funding_per_day"):
        compare.standard_products(3, funding_per_day=float("nan"))


# --- values on the same paths: the chapter's two scenarios ---------------------------------------


def test_dip_and_recovery_and_crash_day():
    prods = compare.standard_products(3, 0.005, steps_per_day=4, rebalance_threshold=0.10)
    dip = compare.values_at(prods, compare.spread_daily([-0.20, 0.25], 4), [4, 8])
    assert dip["margin"] == pytest.approx([0.4, 1.0], rel=1e-12)            # math.md §7
    assert dip["token"] == pytest.approx([0.4, 0.7], rel=1e-12)
    assert dip["spot"] == pytest.approx([0.8, 1.0], rel=1e-12)
    assert 0.7 < dip["threshold_token"][-1] < 1.0     # de-levered on the way down, re-levered up
    crash = compare.values_at(prods, compare.spread_daily([-0.35, 0.25, 0.25], 4), [4, 12])
    assert crash["margin"].tolist() == [0.0, 0.0] and crash["token"].tolist() == [0.0, 0.0]
    # four six-hour steps of 0.65^(1/4) − 1 ≈ −10.2 %, each beyond the 10 % threshold
    assert crash["threshold_token"][0] == pytest.approx((1 + 3 * (0.65**0.25 - 1)) ** 4, rel=1e-12)
    assert crash["spot"][-1] == pytest.approx(0.65 * 1.25**2, rel=1e-12)


def test_values_at_shapes_and_errors():
    r = paths.gbm_returns(sigma=0.5, days=10, n_paths=3, seed=1)
    v = compare.values_at({"spot": lt.Spot()}, r, [0, 5, 10])
    assert v["spot"].shape == (3, 3) and np.all(v["spot"][:, 0] == 1.0)
    np.testing.assert_allclose(v["spot"][:, -1], np.prod(1 + r, axis=1), rtol=1e-12)
    with pytest.raises(ValueError, match="steps"):
        compare.values_at({"spot": lt.Spot()}, r, [11])
    with pytest.raises(ValueError, match="steps"):
        compare.values_at({"spot": lt.Spot()}, r, [-1])
    with pytest.raises(TypeError, match="steps"):
        compare.values_at({"spot": lt.Spot()}, r, [1.5])
    with pytest.raises(TypeError, match="products"):
        compare.values_at([lt.Spot()], r, [1])
    with pytest.raises(TypeError, match="products"):
        compare.values_at({"x": 3}, r, [1])
    with pytest.raises(ValueError, match="returns"):
        compare.values_at({"spot": lt.Spot()}, [[0.1, -1.2]], [1])


def test_summarise_hand_example():
    s = compare.summarise({"x": np.array([0.0, 0.4, 0.5, 1.0, 2.0])}, loss=0.5)
    assert s["p_loss"]["x"] == pytest.approx(0.4)          # strictly below 0.5: 0.0 and 0.4
    assert s["p_zero"]["x"] == pytest.approx(0.2)
    assert s["median"]["x"] == pytest.approx(0.5)
    assert s["mean"]["x"] == pytest.approx(0.78)
    np.testing.assert_allclose(s["quantile_levels"], compare.DEFAULT_QUANTILES)


def test_summarise_quantiles_match_numpy():
    rng = np.random.default_rng(3)
    for n in (1, 2, 999, 1000):
        a = rng.lognormal(size=(n, 6))
        s = compare.summarise({"a": a}, quantiles=(0.0, 0.05, 0.5, 0.9, 1.0))
        np.testing.assert_allclose(s["quantiles"]["a"],
                                   np.quantile(a, [0.0, 0.05, 0.5, 0.9, 1.0], axis=0), rtol=1e-12)
        np.testing.assert_allclose(s["median"]["a"], np.median(a, axis=0), rtol=1e-12)


def test_summarise_rejects_bad_input():
    with pytest.raises(ValueError, match="loss"):
        compare.summarise({"a": np.ones(3)}, loss=1.0)
    with pytest.raises(ValueError, match="quantiles"):
        compare.summarise({"a": np.ones(3)}, quantiles=(0.5, 1.5))
    with pytest.raises(TypeError, match="values"):
        compare.summarise([np.ones(3)])
    with pytest.raises(ValueError, match="values"):
        compare.summarise({"a": np.ones((0, 2))})


# --- the big comparison ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small():
    return compare.compare_products(sigmas=(0.4, 0.8), horizons=(7, 30, 90), n_paths=3_000,
                                    seed=5, chunk_size=700)


def test_compare_products_shapes_and_consistency(small):
    assert small["products"] == compare.PRODUCTS
    assert small["sigmas"].tolist() == [0.4, 0.8] and small["horizons"].tolist() == [7, 30, 90]
    for stat in ("median", "mean", "p_loss", "p_zero"):
        for name in compare.PRODUCTS:
            assert small[stat][name].shape == (2, 3)
    assert small["quantiles"]["token"].shape == (2, 5, 3)
    np.testing.assert_array_equal(small["p_liquidation"], small["p_zero"]["margin"])
    np.testing.assert_array_equal(small["median"]["spot"], small["quantiles"]["spot"][:, 2])
    # liquidation is absorbing: it can only grow with the horizon; so can it with volatility here
    assert np.all(np.diff(small["p_liquidation"], axis=1) >= 0)
    assert np.all(small["p_liquidation"][1] >= small["p_liquidation"][0])
    # a liquidated position has lost more than half
    assert np.all(small["p_loss"]["margin"] >= small["p_liquidation"])
    assert np.all(small["p_zero"]["spot"] == 0)


def test_compare_products_does_not_depend_on_chunking_or_the_other_sigmas(small):
    again = compare.compare_products(sigmas=(0.8,), horizons=(7, 30, 90), n_paths=3_000, seed=5,
                                     chunk_size=3_000)
    for stat in ("median", "p_loss", "p_zero", "mean"):
        for name in compare.PRODUCTS:
            np.testing.assert_allclose(again[stat][name][0], small[stat][name][1], rtol=1e-12)
    other = compare.compare_products(sigmas=(0.8,), horizons=(7, 30, 90), n_paths=3_000, seed=6)
    assert not np.array_equal(other["median"]["token"], again["median"]["token"])


def test_compare_products_agrees_with_closed_forms():
    n, sigma = 10_000, 0.8
    res = compare.compare_products(sigmas=[sigma], horizons=[90, 365], n_paths=n, seed=21)
    for j, days in enumerate((90, 365)):
        T = days / 365
        # spot: P(S_T < 0.5) for a lognormal price with zero drift
        p_spot = phi((math.log(0.5) + sigma**2 * T / 2) / (sigma * math.sqrt(T)))
        assert abs(res["p_loss"]["spot"][0, j] - p_spot) < 4 * math.sqrt(p_spot * (1 - p_spot) / n)
        # margin: discretely watched barrier (six-hour steps)
        p_liq = compare.liquidation_probability(3, sigma, days, 0.005, steps_per_day=4)
        assert abs(res["p_liquidation"][0, j] - p_liq) < 4 * res["p_liquidation_se"][0, j]
        # token median: close to the continuous-rebalancing median exp(−L²σ²T/2)
        assert res["median"]["token"][0, j] == pytest.approx(
            theory.median_token_multiple(3, 0.0, sigma, T), rel=0.08)
        assert res["mean"]["spot"][0, j] == pytest.approx(1.0, abs=0.05)   # a martingale


def test_compare_products_leverage_one_token_is_spot():
    res = compare.compare_products(1.0, sigmas=[0.8], horizons=[30], n_paths=500, seed=2)
    np.testing.assert_allclose(res["median"]["token"], res["median"]["spot"], rtol=1e-9)
    np.testing.assert_allclose(res["median"]["margin"], res["median"]["spot"], rtol=1e-9)
    assert res["p_liquidation"][0, 0] == 0.0


def test_compare_products_funding_brings_liquidation_forward():
    kw = dict(sigmas=[0.8], horizons=[365], n_paths=2_000, seed=3, rebalance_threshold=None)
    without = compare.compare_products(**kw)
    with_funding = compare.compare_products(funding_per_day=0.0003, **kw)
    assert "threshold_token" not in without["products"]
    assert with_funding["p_liquidation"][0, 0] > without["p_liquidation"][0, 0]
    assert with_funding["median"]["token"][0, 0] < without["median"]["token"][0, 0]


@pytest.mark.parametrize("kwargs, name", [
    (dict(sigmas=[-0.1]), "sigmas"), (dict(sigmas=[]), "sigmas"), (dict(horizons=[0]), "horizons"),
    (dict(horizons=[1.5]), "horizons"), (dict(n_paths=0), "n_paths"), (dict(seed=-1), "seed"),
    (dict(seed=1.5), "seed"), (dict(seed=None), "seed"), (dict(loss=0.0), "loss"),
    (dict(leverage=0), "leverage"), (dict(chunk_size=0), "chunk_size"),
    (dict(steps_per_day=0), "steps_per_day"), (dict(mu=float("inf")), "mu")])
def test_compare_products_rejects_bad_input(kwargs, name):
    args = dict(sigmas=[0.8], horizons=[7], n_paths=10) | kwargs
    with pytest.raises(ValueError, match=name):
        compare.compare_products(**args)
