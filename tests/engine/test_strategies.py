"""levtoken.strategies: closed forms against hand values and simulation, the capped token,
ruin-day odds, position sizing, and bad inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

import levtoken as lt
from levtoken import paths, strategies as st, theory
from levtoken.strategies import CappedToken

pytestmark = pytest.mark.unit

EXACT = dict(rel=1e-12)


# --- distribution functions -------------------------------------------------------------------


def test_normal_cdf_values_and_tails():
    assert st.normal_cdf(0.0) == 0.5
    assert st.normal_cdf(-1.6) == pytest.approx(0.0547992916995579, rel=1e-12)
    assert st.normal_cdf(1.959963984540054) == pytest.approx(0.975, rel=1e-12)
    # deep left tail without underflow to 0 (erfc, not 1 - erf)
    assert st.normal_cdf(-10.0) == pytest.approx(7.61985302416e-24, rel=1e-9)
    np.testing.assert_allclose(st.normal_cdf(np.array([-1.0, 1.0])), [0.158655254, 0.841344746],
                               rtol=1e-8)


def test_student_t3_cdf_matches_its_density_and_known_quantiles():
    assert st.student_t3_cdf(0.0) == 0.5
    assert st.student_t3_cdf(-3.182446305284263) == pytest.approx(0.025, rel=1e-9)
    assert st.student_t3_cdf(3.182446305284263) == pytest.approx(0.975, rel=1e-12)
    # integrate the density 6√3 / (π (3 + t²)²) from -60 to -5 and add the far tail
    t = np.linspace(-60.0, -5.0, 200_001)
    dens = 6 * math.sqrt(3) / (math.pi * (3 + t * t) ** 2)
    integral = np.trapezoid(dens, t) + st.student_t3_cdf(-60.0)
    assert st.student_t3_cdf(-5.0) == pytest.approx(integral, rel=1e-8)
    # far tail: F(-a) ≈ 2√3 / (π a³)
    assert st.student_t3_cdf(-1e3) == pytest.approx(2 * math.sqrt(3) / (math.pi * 1e9), rel=1e-5)


def test_standard_error():
    assert st.standard_error(0.5, 10_000) == pytest.approx(0.005, **EXACT)
    assert st.standard_error(0.0, 10) == 0.0
    with pytest.raises(ValueError, match="p"):
        st.standard_error(1.5, 10)
    with pytest.raises(ValueError, match="n_paths"):
        st.standard_error(0.5, 0)


# --- closed forms under continuous rebalancing ------------------------------------------------


def test_spot_hurdle_values():
    assert st.spot_hurdle(3, 0.8, 1.0) == pytest.approx(0.96, **EXACT)
    assert st.spot_hurdle(3, 0.8, 7 / 365) == pytest.approx(1.5 * 0.64 * 7 / 365, **EXACT)
    with pytest.raises(ValueError, match="leverage"):
        st.spot_hurdle(1.0, 0.8, 1.0)


def test_beat_spot_probability_hand_values():
    # L = 3, mu = 0, sigma = 0.8, T = 1: Φ((0 − 4·0.32)/0.8) = Φ(−1.6)
    assert st.beat_spot_probability(3, 0.0, 0.8, 1.0) == pytest.approx(
        st.normal_cdf(-1.6), **EXACT)
    # mu = 0.5, sigma = 0.4: Φ((0.5 − 0.32)/0.4) = Φ(0.45)
    assert st.beat_spot_probability(3, 0.5, 0.4, 1.0) == pytest.approx(
        st.normal_cdf(0.45), **EXACT)
    # an inverse token beats spot when the price falls enough: mirror formula
    p_inv = st.beat_spot_probability(-1, 0.0, 0.5, 1.0)
    # ln(N/S) = −2 ln S − (1 + 1)·0.25/2 ... = −2 ln S − 0.25, ln S ~ N(−0.125, 0.25)
    # P(−2 ln S > 0.25) = P(ln S < −0.125) = 0.5
    assert p_inv == pytest.approx(0.5, **EXACT)


def test_beat_spot_probability_is_consistent_with_the_hurdle():
    L, mu, s, T = 3.0, 0.2, 0.7, 0.5
    hurdle = st.spot_hurdle(L, s, T)
    m, v = (mu - s * s / 2) * T, s * math.sqrt(T)
    assert st.beat_spot_probability(L, mu, s, T) == pytest.approx(
        1 - st.normal_cdf((hurdle - m) / v), rel=1e-12)


def test_beat_naive_probability_roots_are_where_token_equals_naive():
    # brute force: integrate over ln S on a fine grid
    for L, mu, s, T in [(3, 0.0, 0.8, 1.0), (2, 0.3, 0.5, 0.25), (-2, 0.0, 0.6, 1.0)]:
        x = np.linspace(-12, 12, 400_001)
        m, v = (mu - s * s / 2) * T, s * math.sqrt(T)
        dens = np.exp(-0.5 * ((x - m) / v) ** 2) / (v * math.sqrt(2 * math.pi))
        token = theory.continuous_token_multiple(np.exp(x), L, s, T)
        naive = 1 + L * (np.exp(x) - 1)
        brute = np.trapezoid(dens * (token > naive), x)
        assert st.beat_naive_probability(L, mu, s, T) == pytest.approx(brute, abs=2e-5)


def test_beat_naive_probability_value_and_broadcasting():
    assert st.beat_naive_probability(3, 0.0, 0.8, 1.0) == pytest.approx(0.48362, abs=1e-5)
    p = st.beat_naive_probability(np.array([3.0, 5.0]), 0.0, 0.8, np.array([1.0, 0.5]))
    assert p.shape == (2,)
    assert p[0] == st.beat_naive_probability(3.0, 0.0, 0.8, 1.0)
    assert p[1] == st.beat_naive_probability(5.0, 0.0, 0.8, 0.5)


def test_beat_probabilities_bad_leverage_for_closed_forms():
    with pytest.raises(ValueError, match="leverage"):
        st.beat_spot_probability(1, 0.0, 0.8, 1.0)
    with pytest.raises(ValueError, match="leverage"):
        st.beat_naive_probability(0.5, 0.0, 0.8, 1.0)
    with pytest.raises(ValueError, match="sigma"):
        st.beat_spot_probability(3, 0.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="years"):
        st.beat_naive_probability(3, 0.0, 0.8, 0.0)


# --- Monte Carlo ------------------------------------------------------------------------------


def test_beat_probabilities_agree_with_the_closed_form_within_three_standard_errors():
    res = st.beat_probabilities(3, 0.8, days=365, n_paths=10_000, seed=7, holding_days=[30, 365])
    closed = st.beat_spot_probability(3, 0.0, 0.8, np.array([30, 365]) / 365)
    assert np.all(np.abs(res["beats_spot"] - closed) < 3 * res["se_spot"])
    assert res["se_spot"][1] == pytest.approx(
        math.sqrt(res["beats_spot"][1] * (1 - res["beats_spot"][1]) / 10_000), **EXACT)
    # with mu = 0 the token is a martingale: its mean is 1 (within the noise of a skewed draw)
    assert res["median_token"][1] == pytest.approx(theory.median_token_multiple(3, 0, 0.8, 1),
                                                   rel=0.1)


def test_beat_probabilities_counts_match_a_direct_computation():
    r = paths.gbm_returns(sigma=0.6, days=50, n_paths=500, seed=3)
    tok = lt.LeveragedToken(3).nav(r)
    spot = lt.Spot().nav(r)
    res = st.beat_probabilities(3, 0.6, days=50, n_paths=500, seed=3, chunk=500)
    np.testing.assert_array_equal(res["beats_spot"], (tok[:, 1:] > spot[:, 1:]).mean(axis=0))
    naive = 1 + 3 * (spot[:, 1:] - 1)
    np.testing.assert_array_equal(res["beats_naive"], (tok[:, 1:] > naive).mean(axis=0))
    np.testing.assert_array_equal(res["loses_money"], (tok[:, 1:] < 1).mean(axis=0))
    np.testing.assert_array_equal(res["days"], np.arange(1, 51))


def test_beat_probabilities_does_not_depend_on_the_chunk_size():
    a = st.beat_probabilities(3, 0.8, days=40, n_paths=900, seed=5, chunk=900)
    b = st.beat_probabilities(3, 0.8, days=40, n_paths=900, seed=5, chunk=250)
    for key in ("beats_spot", "beats_naive", "loses_money", "median_token"):
        np.testing.assert_array_equal(a[key], b[key])


def test_beat_probabilities_fee_lowers_the_chance_of_beating_spot():
    a = st.beat_probabilities(3, 0.5, days=365, n_paths=2_000, seed=1, holding_days=[365])
    b = st.beat_probabilities(3, 0.5, days=365, n_paths=2_000, seed=1, holding_days=[365],
                              fee_per_day=0.001)
    assert b["beats_spot"][0] < a["beats_spot"][0]


@pytest.mark.parametrize("kwargs, name", [({"leverage": 0}, "leverage"),
                                          ({"sigma": -0.1}, "sigma"),
                                          ({"days": 0}, "days"),
                                          ({"n_paths": 2.5}, "n_paths"),
                                          ({"holding_days": [0, 5]}, "holding_days"),
                                          ({"holding_days": [400]}, "holding_days"),
                                          ({"holding_days": [1.5]}, "holding_days"),
                                          ({"mu": float("nan")}, "mu")])
def test_beat_probabilities_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        st.beat_probabilities(**{"days": 365, **kwargs})


def test_underperformance_grid_matches_the_product_simulation():
    hold = [365, 2, 30, 7, 30]
    g = st.underperformance_grid(3, 0.2, [0.5, 0.8], hold, n_paths=1_500, seed=9)
    for i, s in enumerate([0.5, 0.8]):
        b = st.beat_probabilities(3, s, days=365, mu=0.2, n_paths=1_500, seed=9,
                                  holding_days=hold)
        np.testing.assert_allclose(g["under_spot"][i], 1 - b["beats_spot"], atol=1 / 1_500)
        np.testing.assert_allclose(g["under_naive"][i], 1 - b["beats_naive"], atol=1 / 1_500)
        np.testing.assert_allclose(g["loses_money"][i], b["loses_money"], atol=1 / 1_500)
    assert g["under_spot"].shape == (2, 5)


def test_underperformance_grid_single_precision_is_close_to_double():
    sig = np.arange(0.1, 1.51, 0.1)
    a = st.underperformance_grid(3, 0.0, sig, [2, 7, 30, 365], 1_000, 7)
    b = st.underperformance_grid(3, 0.0, sig, [2, 7, 30, 365], 1_000, 7, single=True)
    for key in ("under_spot", "under_naive", "loses_money"):
        assert np.abs(a[key] - b[key]).max() <= 3 / 1_000


def test_underperformance_grid_rejects_bad_input():
    with pytest.raises(ValueError, match="sigma"):
        st.underperformance_grid(3, 0.0, [0.5, 6.0], [10])
    with pytest.raises(ValueError, match="holding_days"):
        st.underperformance_grid(3, 0.0, [0.5], [0, 10])
    with pytest.raises(ValueError, match="sigmas"):
        st.underperformance_grid(3, 0.0, [], [10])


def test_growth_by_leverage_tracks_the_median_growth_rate():
    g = st.growth_by_leverage([1, 2, 3], 0.5, 0.8, n_paths=4_000, seed=11)
    np.testing.assert_allclose(g["theory"], [0.18, 1.0 - 1.28, 1.5 - 2.88], rtol=1e-12)
    # median of ln N_T / T has standard error ≈ 1.25·L·σ/√n ≈ 0.05 for L = 3
    np.testing.assert_allclose(g["simulated"], g["theory"], atol=0.12)
    assert g["simulated"][0] > g["simulated"][2]


# --- the ruin day -----------------------------------------------------------------------------


def test_ruin_day_probability_hand_values():
    dt = 1 / 365
    # 3x at 80 %: z = (ln(2/3) − (−0.32)/365) / (0.8/√365)
    z = (math.log(2 / 3) + 0.32 * dt) / (0.8 * math.sqrt(dt))
    assert st.ruin_day_probability(3, 0.8) == pytest.approx(st.normal_cdf(z), rel=1e-12)
    assert z == pytest.approx(-9.66, abs=0.01)
    # inverse 3x: ruined by a rise of 1/3, i.e. ln(4/3)
    z_inv = (math.log(4 / 3) + 0.72 * dt) / (1.2 * math.sqrt(dt))
    assert st.ruin_day_probability(-3, 1.2) == pytest.approx(st.normal_cdf(-z_inv), rel=1e-12)
    # 0 < L <= 1 can't be ruined by one move
    assert st.ruin_day_probability(1, 1.5) == 0.0
    # fat tails: the same volatility, far more ruin days
    assert st.ruin_day_probability(3, 0.8, tails="t3") > 1e15 * st.ruin_day_probability(3, 0.8)


def test_ruin_day_probability_intraday_steps_are_smaller():
    assert st.ruin_day_probability(5, 1.2, steps_per_day=4) < st.ruin_day_probability(5, 1.2)


def test_ruin_within_and_the_simulated_ruin_rate():
    assert st.ruin_within(0.5, 2) == pytest.approx(0.75, **EXACT)
    assert st.ruin_within(0.0, 365) == 0.0
    p_year = st.ruin_within(st.ruin_day_probability(5, 1.2), 365)
    r = paths.gbm_returns(sigma=1.2, days=365, n_paths=10_000, seed=3)
    simulated = lt.LeveragedToken(5).simulate(r).ruined.mean()
    se = math.sqrt(p_year * (1 - p_year) / 10_000)
    assert abs(simulated - p_year) < 3 * se


def test_fat_tailed_returns_scale_and_ruin_rate():
    r = st.fat_tailed_returns(sigma=0.8, days=365, n_paths=4_000, seed=3)
    assert r.shape == (4_000, 365) and np.all(r > -1) and np.all(np.isfinite(r))
    # annualised volatility of log returns is sigma (t(3) has a heavy tail: loose tolerance)
    assert np.log1p(r).std() * math.sqrt(365) == pytest.approx(0.8, rel=0.1)
    p_year = st.ruin_within(st.ruin_day_probability(3, 0.8, tails="t3"), 365)
    ruined = (lt.LeveragedToken(3).nav(r)[:, -1] == 0).mean()
    assert abs(ruined - p_year) < 3 * math.sqrt(p_year * (1 - p_year) / 4_000)
    same = st.fat_tailed_returns(sigma=0.8, days=10, n_paths=3, seed=3)
    np.testing.assert_array_equal(same, st.fat_tailed_returns(sigma=0.8, days=10, n_paths=3,
                                                              seed=3))


@pytest.mark.parametrize("call, name", [
    (lambda: st.ruin_day_probability(0, 0.8), "leverage"),
    (lambda: st.ruin_day_probability(3, 0.0), "sigma"),
    (lambda: st.ruin_day_probability(3, 0.8, steps_per_day=0), "steps_per_day"),
    (lambda: st.ruin_day_probability(3, 0.8, tails="cauchy"), "tails"),
    (lambda: st.ruin_within(1.5, 3), "p_period"),
    (lambda: st.ruin_within(0.1, -1), "periods"),
    (lambda: st.fat_tailed_returns(sigma=-1), "sigma"),
])
def test_ruin_helpers_reject_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- position sizing --------------------------------------------------------------------------


def test_stake_for_max_loss_values():
    assert st.stake_for_max_loss(0.05) == 0.05                    # the ruin day takes the stake
    assert st.stake_for_max_loss(0.05, 3, -0.20) == pytest.approx(0.05 / 0.60, **EXACT)
    assert st.stake_for_max_loss(0.02, 5, -0.15) == pytest.approx(0.02 / 0.75, **EXACT)
    assert st.stake_for_max_loss(0.05, 3, -0.50) == 0.05          # beyond ruin: loss capped at 1
    assert st.stake_for_max_loss(0.05, 3, +0.10) == 1.0           # a favourable move loses nothing
    assert st.stake_for_max_loss(0.05, -3, +0.10) == pytest.approx(0.05 / 0.30, **EXACT)
    assert st.stake_for_max_loss(0.5, 3, -0.10) == 1.0            # capped at the whole portfolio


def test_portfolio_nav():
    assert st.portfolio_nav(0.05, 0.0) == pytest.approx(0.95, **EXACT)
    np.testing.assert_allclose(st.portfolio_nav(0.1, np.array([0.0, 1.0, 3.0])), [0.9, 1.0, 1.2])


@pytest.mark.parametrize("call, name", [
    (lambda: st.stake_for_max_loss(0.0), "max_loss"),
    (lambda: st.stake_for_max_loss(1.5), "max_loss"),
    (lambda: st.stake_for_max_loss(0.05, 0), "leverage"),
    (lambda: st.stake_for_max_loss(0.05, 3, -1.0), "move"),
    (lambda: st.portfolio_nav(1.2, 1.0), "stake"),
    (lambda: st.portfolio_nav(0.1, -0.5), "token_nav"),
])
def test_sizing_rejects_bad_input(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- the capped token -------------------------------------------------------------------------


def test_capped_token_hand_values():
    tok = CappedToken(3, max_daily_gain=0.2)
    # +10 % → 1 + 0.3 capped at 1.2; −5 % → × 0.85
    np.testing.assert_allclose(tok.nav([0.10, -0.05]), [1.0, 1.2, 1.02], rtol=1e-12)
    np.testing.assert_allclose(tok.nav([0.05]), [1.0, 1.15], rtol=1e-12)    # below the cap
    assert tok.nav([-0.40, 0.50]).tolist() == [1.0, 0.0, 0.0]              # ruined, stays 0
    # inverse: a −10 % day would give +30 %, capped at +20 %
    np.testing.assert_allclose(CappedToken(-3, 0.2).nav([-0.10]), [1.0, 1.2], rtol=1e-12)
    # fee after the cap
    np.testing.assert_allclose(CappedToken(3, 0.2, fee_per_day=0.01).nav([0.10]), [1.0, 1.188])


def test_capped_token_without_cap_is_the_leveraged_token():
    r = paths.gbm_returns(sigma=1.0, days=200, n_paths=50, seed=4)
    np.testing.assert_allclose(CappedToken(3, None).nav(r), lt.LeveragedToken(3).nav(r),
                               rtol=1e-12)
    np.testing.assert_allclose(CappedToken(-2, None, fee_per_day=0.001).nav(r),
                               lt.LeveragedToken(-2, fee_per_day=0.001).nav(r), rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(hs.lists(hs.floats(-0.5, 0.5, allow_nan=False), min_size=1, max_size=30),
       hs.floats(0.01, 1.0), hs.sampled_from([2.0, 3.0, -3.0, 5.0]))
def test_capped_token_never_beats_the_uncapped_one_and_never_goes_negative(r, cap, lev):
    capped = CappedToken(lev, cap).nav(r)
    free = lt.LeveragedToken(lev).nav(r)
    assert np.all(capped >= 0) and np.all(np.isfinite(capped))
    assert np.all(capped <= free * (1 + 1e-12))
    assert np.all(np.diff(capped) <= cap * capped[:-1] * (1 + 1e-12))


def test_capped_token_shapes_and_simulation():
    tok = CappedToken(3, 0.2, fee_per_day=0.001)
    r = np.array([[0.10, -0.05, 0.02], [-0.40, 0.10, 0.0]])
    sim = tok.simulate(r)
    assert sim.nav.shape == (2, 4)
    np.testing.assert_allclose(sim.nav, tok.nav(r))
    np.testing.assert_allclose(sim.exposure, 3 * sim.nav)
    assert sim.ruined.tolist() == [False, True] and not sim.liquidated.any()
    # trade = L·N_t − L·N_{t−1}·(1 + r_t), 0 once ruined; fee = N_before − N_after
    assert sim.trades[0, 1] == pytest.approx(3 * sim.nav[0, 1] - 3 * 1.10, **EXACT)
    assert sim.trades[1, 1:].tolist() == [0.0, 0.0, 0.0]
    assert sim.costs[0, 1] == pytest.approx(1.2 * 0.001, **EXACT)
    assert sim.rebalanced[0, 1:].all() and not sim.rebalanced[1, 1:].any()
    assert "capped at +20%" in tok.label


def test_capped_token_expected_multiple_matches_simulation():
    r = paths.gbm_returns(sigma=0.8, days=30, n_paths=100_000, seed=2)
    for tok in (CappedToken(3, 0.3), CappedToken(3, 0.1), CappedToken(-3, 0.2),
                CappedToken(5, 0.5, fee_per_day=0.001)):
        ends = tok.nav(r)[:, -1]
        se = ends.std() / math.sqrt(ends.size)
        assert abs(ends.mean() - tok.expected_multiple(0.8, days=30)) < 4 * se
    assert CappedToken(3, None).expected_multiple(0.8, days=365) == pytest.approx(1.0, abs=1e-12)
    assert CappedToken(3, None).expected_multiple(0.8, mu=0.1, days=365) == pytest.approx(
        (1 + 3 * math.expm1(0.1 / 365)) ** 365, rel=1e-10)
    assert CappedToken(3, 0.3).expected_multiple(0.8) < 1.0


@pytest.mark.parametrize("kwargs, name", [({"leverage": 0}, "leverage"),
                                          ({"leverage": 12}, "leverage"),
                                          ({"max_daily_gain": 0.0}, "max_daily_gain"),
                                          ({"max_daily_gain": -0.1}, "max_daily_gain"),
                                          ({"fee_per_day": 1.0}, "fee_per_day")])
def test_capped_token_rejects_bad_parameters(kwargs, name):
    with pytest.raises(ValueError, match=name):
        CappedToken(**kwargs)


def test_capped_token_rejects_bad_returns_and_is_frozen():
    with pytest.raises(ValueError, match="returns"):
        CappedToken().nav([0.1, -1.0])
    with pytest.raises(ValueError, match="returns"):
        CappedToken().nav([])
    with pytest.raises(AttributeError):
        CappedToken().leverage = 2.0  # type: ignore[misc]
