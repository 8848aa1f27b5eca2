"""Spot, LeveragedToken and MarginPosition: the hand-computed cases of math.md, the Simulation
record, thresholds, costs, and Monte Carlo agreement with the closed forms."""

import dataclasses

import numpy as np
import pytest

import levtoken as lt
from levtoken import paths, theory

pytestmark = pytest.mark.unit

EXACT = dict(rel=1e-12)


# --- exact cases (math.md §1, §3, §5, §7) --------------------------------------------------------


def test_guide_example_plus5_minus4():
    r = [0.05, -0.04]
    token, spot = lt.LeveragedToken(3).nav(r), lt.Spot().nav(r)
    assert token[-1] == pytest.approx(1.012, **EXACT)
    assert spot[-1] == pytest.approx(1.008, **EXACT)
    np.testing.assert_allclose(token, [1.0, 1.15, 1.012], rtol=1e-12)
    # the token beats spot but misses "3 × spot's return"
    assert token[-1] > spot[-1] and token[-1] - 1 < 3 * (spot[-1] - 1)


def test_sideways_pair():
    r = paths.sideways(0.10)
    assert lt.LeveragedToken(3).nav(r)[-1] == pytest.approx(1.3 * (1 - 3 / 11), **EXACT)
    assert lt.LeveragedToken(3).nav(r)[-1] == pytest.approx(0.945454545454545, **EXACT)
    assert lt.Spot().nav(r)[-1] == pytest.approx(1.0, **EXACT)


def test_sideways_compounds_geometrically():
    n = 10
    nav = lt.LeveragedToken(3).nav(paths.sideways(0.10, cycles=n))
    assert nav[-1] == pytest.approx((1.3 * (1 - 3 / 11)) ** n, rel=1e-11)


def test_daily_fee_compounds():
    nav = lt.LeveragedToken(1, fee_per_day=0.0001).nav(np.zeros(365))
    assert nav[-1] == pytest.approx(0.9999**365, **EXACT)
    assert 1 - nav[-1] == pytest.approx(0.0358, abs=5e-5)


def test_inverse_token_on_an_up_day():
    assert lt.LeveragedToken(-3).nav([0.10])[-1] == pytest.approx(0.70, **EXACT)
    assert lt.LeveragedToken(-3).nav([-0.10])[-1] == pytest.approx(1.30, **EXACT)


@pytest.mark.parametrize("token", [lt.LeveragedToken(3),
                                   lt.LeveragedToken(3, steps_per_day=2),
                                   lt.LeveragedToken(3, fee_per_day=0.001, slippage=0.01)],
                         ids=["fast", "loop", "costs"])
def test_ruin_is_final(token):
    r = [-0.34, 0.50]
    nav = token.nav(r)
    assert nav[1] == 0.0 and nav[2] == 0.0
    assert not np.isnan(nav).any() and (nav >= 0).all()
    sim = token.simulate(r)
    assert bool(sim.ruined) is True
    assert not bool(sim.liquidated)
    np.testing.assert_array_equal(sim.nav, nav)
    assert sim.exposure[-1] == 0.0 and sim.trades[-1] == 0.0 and sim.costs[-1] == 0.0


def test_ruin_by_a_gap_inside_a_day():
    # 4 steps a day, daily rebalancing: a -40 % day made of four -12 % steps
    r = np.full(4, 0.88 - 1)
    assert lt.LeveragedToken(3, steps_per_day=4).nav(r)[-1] == 0.0


def test_margin_keeps_the_recovery_token_does_not():
    r = [-0.20, 0.25]
    margin = lt.MarginPosition(3).nav(r)
    token = lt.LeveragedToken(3).nav(r)
    assert margin[-1] == pytest.approx(1.0, **EXACT)
    assert token[-1] == pytest.approx(0.70, **EXACT)
    np.testing.assert_allclose(margin, [1.0, 0.4, 1.0], rtol=1e-12)


def test_margin_liquidated_on_a_minus_35_day():
    sim = lt.MarginPosition(3).simulate([-0.35])
    assert sim.nav[-1] == 0.0
    assert bool(sim.liquidated) and bool(sim.ruined)
    nav = lt.MarginPosition(3).nav([-0.35, 0.5, 0.5])
    np.testing.assert_array_equal(nav, [1.0, 0.0, 0.0, 0.0])


def test_margin_liquidation_by_cumulative_moves():
    # -20 % then -20 %: cumulative -36 % is beyond R_liq = -33 %
    sim = lt.MarginPosition(3).simulate([-0.2, -0.2, 0.9])
    np.testing.assert_allclose(sim.nav, [1.0, 0.4, 0.0, 0.0], atol=1e-15)
    np.testing.assert_allclose(sim.exposure, [3.0, 2.4, 0.0, 0.0], atol=1e-15)
    # a 3x token with daily rebalancing survives the same path (0.4 × 0.4 × 3.7)
    assert lt.LeveragedToken(3).nav([-0.2, -0.2, 0.9])[-1] == pytest.approx(0.4 * 0.4 * 3.7, **EXACT)


@pytest.mark.parametrize("L", [3, -3])
def test_margin_boundary_at_the_liquidation_move(L):
    R = theory.liquidation_move(L, 0.005)
    past, short = (R - 1e-6, R + 1e-6) if L > 0 else (R + 1e-6, R - 1e-6)
    # reach the move in two days to exercise the cumulative return
    first = 0.1 if L > 0 else -0.1
    two_days = lambda target: [first, (1 + target) / (1 + first) - 1]  # noqa: E731
    assert bool(lt.MarginPosition(L).simulate(two_days(past)).liquidated)
    sim = lt.MarginPosition(L).simulate(two_days(short))
    assert not bool(sim.liquidated)
    assert sim.nav[-1] == pytest.approx(1 + L * short, rel=1e-8)


def test_inverse_margin_liquidated_on_a_rise():
    sim = lt.MarginPosition(-3).simulate([0.35])
    assert bool(sim.liquidated) and sim.nav[-1] == 0.0
    assert lt.MarginPosition(-3).nav([-0.2])[-1] == pytest.approx(1.6, **EXACT)


def test_margin_funding_on_notional():
    sim = lt.MarginPosition(3, funding_per_day=0.001).simulate([0.0, 0.10])
    # day 1: notional 3 × 1.0 pays 0.003; day 2: notional 3 × 1.1 pays 0.0033
    np.testing.assert_allclose(sim.costs, [0.0, 0.003, 0.0033], rtol=1e-12)
    assert sim.nav[-1] == pytest.approx(1 + 3 * 0.10 - 0.003 - 0.0033, **EXACT)
    short = lt.MarginPosition(-3, funding_per_day=0.001).simulate([0.0])
    assert short.costs[1] == pytest.approx(-0.003, **EXACT)          # a short receives
    assert short.nav[-1] == pytest.approx(1.003, **EXACT)


def test_margin_funding_can_trigger_liquidation():
    m = lt.MarginPosition(3, maintenance_margin=0.005, funding_per_day=0.01)
    # -32.5 % alone is short of R_liq (equity 0.025 > 0.015 × 0.675); the funding paid on the
    # notional (3 × 0.675 × 1 % = 0.02025) pushes equity under the maintenance margin
    assert lt.MarginPosition(3).nav([-0.325])[-1] == pytest.approx(0.025, rel=1e-9)
    sim = m.simulate([-0.325])
    assert bool(sim.liquidated) and sim.nav[-1] == 0.0


def test_margin_simulation_record():
    sim = lt.MarginPosition(3).simulate([-0.20, 0.25])
    np.testing.assert_allclose(sim.exposure, [3.0, 2.4, 3.0], rtol=1e-12)
    np.testing.assert_array_equal(sim.trades, 0.0)
    np.testing.assert_array_equal(sim.costs, 0.0)
    assert not sim.rebalanced.any()


# --- the rebalancing trade (math.md §2) ----------------------------------------------------------


@pytest.mark.parametrize("L", [3, 2, -1, -3])
@pytest.mark.parametrize("r", [0.05, -0.04, 0.2])
def test_trade_is_l2_minus_l_times_r(L, r):
    sim = lt.LeveragedToken(L).simulate([r])
    assert sim.trades[1] == pytest.approx((L * L - L) * r, **EXACT)
    assert sim.trades[1] == pytest.approx(theory.rebalance_trade(L, r), **EXACT)
    assert sim.trades[0] == 0.0


@pytest.mark.parametrize("L", [3, 2, -1, -3])
def test_long_and_inverse_both_buy_after_up_moves(L):
    assert lt.LeveragedToken(L).simulate([0.03]).trades[1] > 0
    assert lt.LeveragedToken(L).simulate([-0.03]).trades[1] < 0


def test_trade_scales_with_nav():
    # second day starts at NAV 1.15: trade = 6 × (-0.04) × 1.15
    sim = lt.LeveragedToken(3).simulate([0.05, -0.04])
    assert sim.trades[2] == pytest.approx(6 * -0.04 * 1.15, **EXACT)


def test_simulation_alignment_for_the_guide_example():
    sim = lt.LeveragedToken(3).simulate([0.05, -0.04])
    np.testing.assert_allclose(sim.nav, [1.0, 1.15, 1.012], rtol=1e-12)
    np.testing.assert_allclose(sim.exposure, [3.0, 3.45, 3.036], rtol=1e-12)   # L × NAV after rebalance
    np.testing.assert_allclose(sim.trades, [0.0, 0.3, -0.276], rtol=1e-12)
    np.testing.assert_array_equal(sim.costs, 0.0)
    np.testing.assert_array_equal(sim.rebalanced, [False, True, True])
    assert sim.ruined.shape == () and not sim.ruined
    assert sim.final_nav == pytest.approx(1.012, **EXACT)
    assert sim.traded_notional == pytest.approx(0.576, **EXACT)


# --- costs ---------------------------------------------------------------------------------------


def test_fee_funding_and_their_record():
    sim = lt.LeveragedToken(3, fee_per_day=0.01).simulate([0.0])
    assert sim.nav[1] == pytest.approx(0.99, **EXACT)
    assert sim.costs[1] == pytest.approx(0.01, **EXACT)
    assert sim.trades[1] == pytest.approx(3 * 0.99 - 3, **EXACT)      # sells to match the lower NAV
    long = lt.LeveragedToken(3, funding_per_day=0.001).simulate([0.0])
    inverse = lt.LeveragedToken(-3, funding_per_day=0.001).simulate([0.0])
    assert long.nav[1] == pytest.approx(0.997, **EXACT) and long.costs[1] == pytest.approx(0.003, **EXACT)
    assert inverse.nav[1] == pytest.approx(1.003, **EXACT) and inverse.costs[1] == pytest.approx(-0.003, **EXACT)


def test_fee_then_funding_order():
    nav = lt.LeveragedToken(3, fee_per_day=0.01, funding_per_day=0.002).nav([0.1])
    assert nav[-1] == pytest.approx(1.3 * 0.99 * (1 - 0.006), **EXACT)


def test_slippage():
    sim = lt.LeveragedToken(3, slippage=0.01).simulate([0.05])
    # trade 0.3 of notional, slippage 1 % of it
    assert sim.trades[1] == pytest.approx(0.3, **EXACT)
    assert sim.costs[1] == pytest.approx(0.003, **EXACT)
    assert sim.nav[1] == pytest.approx(1.147, **EXACT)
    assert sim.exposure[1] == pytest.approx(3 * 1.147, **EXACT)
    assert lt.LeveragedToken(3, slippage=0.01).nav([0.05])[1] == pytest.approx(1.147, **EXACT)


def test_slippage_grows_with_leverage_squared():
    r = [0.05]
    cost = {L: lt.LeveragedToken(L, slippage=0.01).simulate(r).costs[1] for L in (2, 3, 5)}
    for L, c in cost.items():
        assert c == pytest.approx(0.01 * (L * L - L) * 0.05, **EXACT)


def test_intraday_threshold_rebalance_pays_slippage_not_fee():
    tok = lt.LeveragedToken(3, fee_per_day=0.01, steps_per_day=2, rebalance_threshold=0.1, slippage=0.01)
    sim = tok.simulate([0.88 - 1, 0.0])
    # step 1 (intraday): NAV 0.64, trade 3·0.64 − 3·0.88 = −0.72, slippage 0.0072, no fee
    assert sim.rebalanced.tolist() == [False, True, True]
    assert sim.trades[1] == pytest.approx(-0.72, **EXACT)
    assert sim.costs[1] == pytest.approx(0.0072, **EXACT)
    assert sim.nav[1] == pytest.approx(0.6328, **EXACT)
    # step 2 (day end): fee 1 %, then a small sell, with slippage
    after_fee = 0.6328 * 0.99
    trade = 3 * after_fee - 3 * 0.6328
    assert sim.trades[2] == pytest.approx(trade, **EXACT)
    assert sim.nav[2] == pytest.approx(after_fee - 0.01 * abs(trade), **EXACT)
    assert sim.costs[2] == pytest.approx(0.6328 - sim.nav[2], **EXACT)
    np.testing.assert_allclose(tok.nav([0.88 - 1, 0.0]), sim.nav, rtol=1e-12)


def test_slippage_can_ruin():
    # L = 10, slippage 10 %: a -5.3 % day costs more than the remaining NAV
    r = -1 / 19 - 1e-9
    tok = lt.LeveragedToken(10, slippage=0.1)
    assert tok.nav([r, 0.1])[-1] == 0.0
    sim = tok.simulate([r, 0.1])
    assert bool(sim.ruined) and sim.nav[1] == 0.0 and sim.nav[2] == 0.0


# --- steps within a day and thresholds (math.md §6) ----------------------------------------------


def test_threshold_survives_four_minus_12_steps():
    r = np.full(4, 0.88 - 1)
    thr = lt.LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.10)
    sim = thr.simulate(r)
    assert sim.nav[-1] == pytest.approx(0.64**4, **EXACT)
    assert round(sim.nav[-1], 3) == 0.168
    assert sim.rebalanced.tolist() == [False, True, True, True, True]
    np.testing.assert_allclose(thr.nav(r), sim.nav, rtol=1e-12)
    daily = lt.LeveragedToken(3, steps_per_day=4)
    assert daily.nav(r)[-1] == 0.0
    assert bool(daily.simulate(r).ruined)


def test_threshold_survives_a_minus_40_day_made_of_four_steps():
    step = 0.6 ** 0.25 - 1
    r = np.full(4, step)
    thr = lt.LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.10)
    nav = thr.nav(r)
    assert nav[-1] == pytest.approx((1 + 3 * step) ** 4, **EXACT)
    assert nav[-1] > 0.1
    assert lt.LeveragedToken(3, steps_per_day=4).nav(r)[-1] == 0.0         # daily only: ruined
    # a single -40 % step is a gap: the threshold can't help
    assert lt.LeveragedToken(3, rebalance_threshold=0.10).nav([-0.40])[-1] == 0.0


def test_no_threshold_hit_means_daily_rebalancing_only():
    r = [0.02, 0.03, -0.01, 0.04]        # cumulative moves stay below 10 %
    sim = lt.LeveragedToken(3, steps_per_day=2, rebalance_threshold=0.10).simulate(r)
    assert sim.rebalanced.tolist() == [False, False, True, False, True]
    G1 = 1.02 * 1.03
    assert sim.nav[2] == pytest.approx(1 + 3 * (G1 - 1), **EXACT)
    # between rebalances the quantity is fixed: exposure drifts with the price
    assert sim.exposure[1] == pytest.approx(3 * 1.02, **EXACT)
    assert sim.trades[1] == 0.0


def test_threshold_counts_from_the_last_rebalance():
    # +6 % twice inside one day: the second step makes the cumulative move 12.36 % >= 10 %
    sim = lt.LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.10).simulate([0.06, 0.06, 0.0, 0.0])
    assert sim.rebalanced.tolist() == [False, False, True, False, True]
    assert sim.nav[2] == pytest.approx(1 + 3 * (1.06**2 - 1), **EXACT)


def test_partial_last_day_gets_no_fee():
    nav = lt.LeveragedToken(1, fee_per_day=0.01, steps_per_day=2).nav(np.zeros(3))
    np.testing.assert_allclose(nav, [1.0, 1.0, 0.99, 0.99], rtol=1e-12)


def test_fee_once_a_day_with_intraday_steps():
    nav = lt.LeveragedToken(3, fee_per_day=0.001, steps_per_day=4).nav(np.zeros(4 * 10))
    assert nav[-1] == pytest.approx(0.999**10, **EXACT)


def test_steps_per_day_one_equals_the_loop():
    r = paths.gbm_returns(sigma=1.0, days=60, n_paths=20, seed=4)
    tok = lt.LeveragedToken(-2, fee_per_day=0.0005, funding_per_day=0.0003, slippage=0.002)
    np.testing.assert_allclose(tok.nav(r), tok.simulate(r).nav, rtol=1e-12)


# --- spot ----------------------------------------------------------------------------------------


def test_spot_simulation():
    sim = lt.Spot().simulate([0.1, -0.5])
    np.testing.assert_allclose(sim.nav, [1.0, 1.1, 0.55], rtol=1e-12)
    np.testing.assert_allclose(sim.exposure, sim.nav)
    np.testing.assert_array_equal(sim.trades, 0.0)
    np.testing.assert_array_equal(sim.costs, 0.0)
    assert not sim.rebalanced.any() and not sim.ruined and not sim.liquidated


# --- shapes, immutability, inputs ----------------------------------------------------------------

ALL = [lt.Spot(), lt.LeveragedToken(3), lt.LeveragedToken(-2, steps_per_day=2, rebalance_threshold=0.2),
       lt.MarginPosition(3)]


@pytest.mark.parametrize("product", ALL, ids=lambda p: repr(p))
@pytest.mark.parametrize("shape", [(5,), (4, 6), (2, 3, 4)])
def test_shapes(product, shape):
    r = np.random.default_rng(0).uniform(-0.1, 0.1, shape)
    nav = product.nav(r)
    assert nav.shape == shape[:-1] + (shape[-1] + 1,)
    np.testing.assert_array_equal(nav[..., 0], 1.0)
    sim = product.simulate(r)
    for name in ("nav", "exposure", "trades", "costs", "rebalanced"):
        assert getattr(sim, name).shape == nav.shape, name
    assert sim.rebalanced.dtype == bool
    assert sim.ruined.shape == shape[:-1] and sim.ruined.dtype == bool
    assert sim.liquidated.shape == shape[:-1] and sim.liquidated.dtype == bool
    np.testing.assert_allclose(sim.nav, nav, rtol=1e-12)
    assert not sim.rebalanced[..., 0].any()
    np.testing.assert_array_equal(sim.trades[..., 0], 0.0)
    np.testing.assert_array_equal(sim.costs[..., 0], 0.0)


def test_paths_are_independent_in_2d():
    r = np.array([[0.05, -0.04], [-0.34, 0.5], [0.1, -1 / 11]])
    nav = lt.LeveragedToken(3).nav(r)
    np.testing.assert_allclose(nav[:, -1], [1.012, 0.0, 0.9454545454545454], rtol=1e-12)
    np.testing.assert_array_equal(lt.LeveragedToken(3).simulate(r).ruined, [False, True, False])
    for i in range(3):
        np.testing.assert_allclose(nav[i], lt.LeveragedToken(3).nav(r[i]), rtol=1e-15)


def test_lists_and_integer_arrays_are_accepted():
    np.testing.assert_allclose(lt.LeveragedToken(2).nav([0, 1]), [1.0, 1.0, 3.0])


@pytest.mark.parametrize("product", ALL, ids=lambda p: repr(p))
def test_returns_are_not_modified(product):
    r = paths.gbm_returns(sigma=1.5, days=30, n_paths=3, steps_per_day=2, seed=2)
    before = r.copy()
    product.nav(r)
    product.simulate(r)
    np.testing.assert_array_equal(r, before)


def test_products_are_frozen_and_normalised():
    tok = lt.LeveragedToken(np.int64(3), steps_per_day=np.int64(2))
    assert type(tok.leverage) is float and tok.leverage == 3.0
    assert type(tok.steps_per_day) is int
    with pytest.raises(dataclasses.FrozenInstanceError):
        tok.leverage = 2.0
    assert tok == lt.LeveragedToken(3.0, steps_per_day=2)
    assert hash(tok) == hash(lt.LeveragedToken(3.0, steps_per_day=2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        lt.MarginPosition().leverage = 2.0
    sim = lt.Spot().simulate([0.1])
    with pytest.raises(dataclasses.FrozenInstanceError):
        sim.nav = None


def test_defaults_and_labels():
    tok = lt.LeveragedToken()
    assert (tok.leverage, tok.fee_per_day, tok.funding_per_day, tok.steps_per_day,
            tok.rebalance_threshold, tok.slippage) == (3.0, 0.0, 0.0, 1, None, 0.0)
    m = lt.MarginPosition()
    assert (m.leverage, m.maintenance_margin, m.funding_per_day) == (3.0, 0.005, 0.0)
    assert tok.label == "3x long token" and lt.LeveragedToken(-3).label == "3x inverse token"
    assert m.label == "3x long margin" and lt.Spot().label == "spot"


def test_import_does_not_pull_in_widgets():
    import subprocess
    import sys

    code = ("import sys, levtoken; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('ipywidgets', 'plotly', 'matplotlib', 'levtoken_book', 'pandas')]; "
            "assert not bad, bad; print(levtoken.__version__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2.0.0"


# --- Monte Carlo against the closed forms (math.md §4) -------------------------------------------


@pytest.fixture(scope="module")
def mc():
    """20 000 one-year daily paths at 80 % vol; token and spot multiples; Σx², Σx³, Σx⁴ per path
    with x = log(1 + r)."""
    r = paths.gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=20000, seed=1)
    token = lt.LeveragedToken(3).nav(r)[:, -1]
    spot = lt.Spot().nav(r)[:, -1]
    x = np.log1p(r)
    x2 = x * x
    sums = {2: x2.sum(axis=1), 3: (x2 * x).sum(axis=1), 4: (x2 * x2).sum(axis=1)}
    return token, spot, sums


def test_mc_median_decay_matches_the_closed_form(mc):
    token, spot, sums = mc
    ratio = token / spot**3
    decay = theory.continuous_decay(3, 0.8, 1.0)
    # Daily rebalancing decays a little more than continuous rebalancing. Per day, with
    # x = log(1 + r):  log[(1 + 3r) / (1 + r)^3] = -3x² + 5x³ - 9.25x⁴ + O(x⁵).
    # At 80 % vol the x⁴ term (-9.25·Σx⁴ ≈ -3.1 %) and the drift-induced Σx³ (≈ -0.8 %) put the
    # median about 3.6 % below exp(-3σ²T); so the tolerance is 5 %, not 3 % ...
    assert np.median(ratio) == pytest.approx(decay, rel=0.05)
    # ... and the bias is exactly the one the expansion predicts (within 1 %).
    corrected = decay * np.exp(np.median(5 * sums[3] - 9.25 * sums[4]))
    assert np.median(ratio) == pytest.approx(corrected, rel=0.01)


def test_mc_pathwise_realised_variance_version(mc):
    token, spot, sums = mc
    ratio = token / spot**3
    rv_version = np.exp(-(9 - 3) / 2 * sums[2])
    rel = ratio / rv_version - 1
    # Same discretisation bias as above: about -4 % on average at 80 % vol (so not within 1 %),
    # and 17 % on the worst of 20 000 paths.
    assert -0.06 < rel.mean() < -0.02
    assert np.abs(rel).max() < 0.25
    # With the third- and fourth-order terms of the expansion the agreement is within 1 %.
    expansion = np.exp(-3 * sums[2] + 5 * sums[3] - 9.25 * sums[4])
    rel4 = ratio / expansion - 1
    assert abs(rel4.mean()) < 0.01


def test_mc_pathwise_at_low_volatility_is_within_one_percent():
    # at 20 % vol the higher-order terms are ~(0.2/0.8)^4 = 0.4 % of the above: the realised-variance
    # form of Avellaneda & Zhang holds path by path
    r = paths.gbm_returns(mu=0.0, sigma=0.2, days=365, n_paths=2000, seed=2)
    ratio = lt.LeveragedToken(3).nav(r)[:, -1] / lt.Spot().nav(r)[:, -1] ** 3
    rv_version = np.exp(-3 * (np.log1p(r) ** 2).sum(axis=1))
    assert np.abs(ratio / rv_version - 1).mean() < 0.01
    assert np.median(ratio) == pytest.approx(theory.continuous_decay(3, 0.2, 1.0), rel=0.01)


def test_mc_mean_is_one_median_is_decayed(mc):
    token, _, _ = mc
    # With mu = 0 and independent days, E[Π(1 + 3r)] = Π E[1 + 3r] = 1 exactly: a martingale.
    # The distribution is very skewed (a few paths win hugely), so the standard error is large
    # and itself noisy; with this seed the sample mean sits ~1.4 SE above 1.
    se = token.std(ddof=1) / np.sqrt(token.size)
    assert abs(token.mean() - 1.0) < 3 * se
    # The typical holder loses: the median is close to exp(-L²σ²T/2) (daily discretisation: -2 %).
    assert np.median(token) == pytest.approx(theory.median_token_multiple(3, 0.0, 0.8, 1.0), rel=0.05)
    assert np.median(token) < 0.1 and (token < 1).mean() > 0.8


def test_mc_log_growth_matches_growth_rate(mc):
    token, _, _ = mc
    logs = np.log(token)
    se = logs.std(ddof=1) / np.sqrt(logs.size)
    # E[log] = growth_rate - discretisation (≈ -0.04 here, = E[5Σx³ - 9.25Σx⁴]); 4 SE of room
    assert abs(logs.mean() - (theory.growth_rate(3, 0.0, 0.8) - 0.04)) < 4 * se


# --- losing-side ("adverse") threshold rules (KuCoin, Amun, FTX rebalanced on the losing side) --

@pytest.mark.parametrize("leverage, adverse_move", [(3, -0.12), (-3, 0.12)])
def test_adverse_threshold_rebalances_only_on_moves_against_the_token(leverage, adverse_move):
    day = lambda first: [first, 0.0, 0.0, 0.0]          # one day of four steps  # noqa: E731
    both = lt.LeveragedToken(leverage, steps_per_day=4, rebalance_threshold=0.10)
    adverse = lt.LeveragedToken(leverage, steps_per_day=4, rebalance_threshold=0.10,
                             threshold_side="adverse")
    favourable_move = -adverse_move
    # against the token: both rules rebalance right after the move (step 1) and at the close
    for token in (both, adverse):
        assert token.simulate(day(adverse_move)).rebalanced.tolist() == [False, True, False,
                                                                         False, True]
    # in the token's favour: only the two-sided rule reacts inside the day
    assert both.simulate(day(favourable_move)).rebalanced.tolist() == [False, True, False,
                                                                       False, True]
    assert adverse.simulate(day(favourable_move)).rebalanced.tolist() == [False, False, False,
                                                                          False, True]


def test_adverse_threshold_changes_nav_only_after_favourable_moves():
    rise_then_fall = [0.12, -0.10, 0.0, 0.0]
    both = lt.LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.10)
    adverse = lt.LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.10,
                             threshold_side="adverse")
    # two-sided: rebalanced at 1.36 after +12 %, then 1.36·(1 − 0.30)
    assert both.nav(rise_then_fall)[-1] == pytest.approx(1.36 * 0.70)
    # losing side only: held through both steps, 1 + 3·(1.12·0.90 − 1)
    assert adverse.nav(rise_then_fall)[-1] == pytest.approx(1 + 3 * (1.12 * 0.90 - 1))
    falls = [-0.12, -0.12, -0.12, -0.12]                 # every move is adverse: same result
    np.testing.assert_allclose(adverse.nav(falls), both.nav(falls), rtol=1e-12)
    assert both.nav(falls)[-1] == pytest.approx(0.64 ** 4)


def test_threshold_side_is_validated():
    with pytest.raises(ValueError, match=r"threshold_side must be one of \('both', 'adverse'\), got 'down'"):
        lt.LeveragedToken(3, rebalance_threshold=0.1, threshold_side="down")
    with pytest.raises(ValueError, match="threshold_side='adverse' needs a rebalance_threshold"):
        lt.LeveragedToken(3, threshold_side="adverse")
