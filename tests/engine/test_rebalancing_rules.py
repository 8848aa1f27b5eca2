"""Issuer rebalancing rules of LeveragedToken: leverage_band and daily_rebalance (issue 11).

The exact trigger moves follow from the token's leverage after a cumulative move R since the
last rebalance, |L·(1 + R)/(1 + L·R)| (math.md §6): 3x long reaches 4x at R = −1/9, 3x short
(L = −3) reaches 4x at R = +1/15, 3x long falls to 2x at R = +1/3.
"""

import numpy as np
import pytest

import levtoken as lt
from levtoken import LeveragedToken

pytestmark = pytest.mark.unit


def leverage_after(L, R):
    return abs(L * (1 + R) / (1 + L * R))


@pytest.mark.parametrize("L, band, move", [
    (3, (None, 4), -1 / 9),     # FTX BULL: rebalance at 4x
    (-3, (None, 4), 1 / 15),    # FTX BEAR: rebalance at 4x
    (3, (2, 4), 1 / 3),         # Bybit-style band, lower edge
    (-3, (2, 4), -1 / 9),       # inverse token falls to 2x: |−3·(8/9)/(1 + 1/3)| = 2
])
def test_band_fires_exactly_at_the_edge(L, band, move):
    edge = band[1] if leverage_after(L, move) > abs(L) else band[0]
    assert leverage_after(L, move) == pytest.approx(edge, rel=1e-12)
    tok = LeveragedToken(L, steps_per_day=4, leverage_band=band)
    sim = tok.simulate([move, 0.0, 0.0, 0.0])
    assert sim.rebalanced.tolist() == [False, True, False, False, True]
    # the rebalance restores L·NAV: trade = L·NAV − L·(1 + R)
    nav = 1 + L * move
    assert sim.trades[1] == pytest.approx(L * nav - L * (1 + move), rel=1e-12)
    assert sim.exposure[1] == pytest.approx(L * nav, rel=1e-12)
    # a move a hair short of the edge does not fire
    short = move * (1 - 1e-6)
    assert not LeveragedToken(L, steps_per_day=4, leverage_band=band).simulate(
        [short, 0.0, 0.0, 0.0]).rebalanced[1]


def test_trigger_moves_values():
    assert LeveragedToken(3, leverage_band=(None, 4)).trigger_moves() == (
        pytest.approx(-1 / 9, abs=1e-15), None)
    assert LeveragedToken(-3, leverage_band=(None, 4)).trigger_moves() == (
        None, pytest.approx(1 / 15, abs=1e-15))
    fall, rise = LeveragedToken(3, leverage_band=(2, 4)).trigger_moves()
    assert (fall, rise) == (pytest.approx(-1 / 9), pytest.approx(1 / 3))
    # a long token's leverage never falls below 1: a lower edge <= 1 never fires
    assert LeveragedToken(3, leverage_band=(0.5, 4)).trigger_moves()[1] is None
    # threshold and band together: the earliest trigger wins on each side
    both = LeveragedToken(3, rebalance_threshold=0.2, leverage_band=(2, 4)).trigger_moves()
    assert both == (pytest.approx(-1 / 9), pytest.approx(0.2))


def test_path_crossing_the_band_rebalances_at_the_first_step_beyond_it():
    # 3x long, band (None, 4): −5 % steps give leverage 3.35x, 3.83x, then 4.6x at step 3
    r = [-0.05] * 3 + [0.0] * 5
    assert leverage_after(3, -0.05) < 4 and leverage_after(3, 0.95 ** 2 - 1) < 4
    assert leverage_after(3, 0.95 ** 3 - 1) > 4
    sim = LeveragedToken(3, steps_per_day=8, leverage_band=(None, 4)).simulate(r)
    assert np.flatnonzero(sim.rebalanced).tolist() == [3, 8]
    assert sim.nav[3] == pytest.approx(1 + 3 * (0.95 ** 3 - 1), rel=1e-12)


def test_unreachable_band_equals_the_daily_token():
    rng = np.random.default_rng(5)
    r = rng.normal(0, 0.01, size=(20, 4 * 30))          # 1 % steps never reach 9.9x
    plain = LeveragedToken(3, steps_per_day=4, fee_per_day=0.001, slippage=0.001)
    band = LeveragedToken(3, steps_per_day=4, fee_per_day=0.001, slippage=0.001,
                          leverage_band=(None, 9.9))
    np.testing.assert_array_equal(band.nav(r), plain.nav(r))
    np.testing.assert_array_equal(band.simulate(r).rebalanced, plain.simulate(r).rebalanced)


def test_no_daily_rebalance_holds_the_position_until_the_band_fires():
    r = np.array([0.02, 0.03, -0.01, 0.04])            # leverage drifts down, stays above 2x
    tok = LeveragedToken(3, leverage_band=(2, 4), daily_rebalance=False)
    G = np.cumprod(1 + r)
    np.testing.assert_allclose(tok.nav(r)[1:], 1 + 3 * (G - 1), rtol=1e-13)
    assert not tok.simulate(r).rebalanced.any()
    # a rise to +1/3 takes the leverage to 2x: one rebalance, then held again
    sim = tok.simulate([0.2, 1.2 ** -1 * (4 / 3) - 1 + 1e-9, 0.05])
    assert sim.rebalanced.tolist() == [False, False, True, False]
    # fees pro rata: with no trigger, NAV is the cost-free NAV times (1 − f)^days
    f = 0.001
    fee = LeveragedToken(3, fee_per_day=f, leverage_band=(2, 4), daily_rebalance=False)
    np.testing.assert_allclose(fee.nav(r), tok.nav(r) * (1 - f) ** np.arange(5), rtol=1e-13)
    assert fee.simulate(r).costs[1:] == pytest.approx(tok.nav(r)[1:] * (1 - f) ** np.arange(4) * f)


def test_nav_matches_simulate_with_bands():
    rng = np.random.default_rng(11)
    r = np.expm1(rng.normal(0, 0.03, size=(50, 24)))
    for tok in [LeveragedToken(3, steps_per_day=4, leverage_band=(2, 4), fee_per_day=0.001,
                               funding_per_day=0.0003, slippage=0.002),
                LeveragedToken(-2, steps_per_day=6, leverage_band=(1.5, 2.5),
                               daily_rebalance=False, slippage=0.001)]:
        sim = tok.simulate(r)
        np.testing.assert_array_equal(tok.nav(r), sim.nav)
        assert sim.rebalanced.any() and (np.abs(sim.trades[sim.rebalanced]) > 0).all()
        assert np.isfinite(sim.nav).all() and (sim.nav >= 0).all()


@pytest.mark.parametrize("band, msg", [
    ((None, 3), r"leverage_band\[1\] \(high\) must be finite and > \|leverage\| = 3"),
    ((None, float("inf")), r"leverage_band\[1\] \(high\) must be a finite number"),
    ((3, 4), r"leverage_band\[0\] \(low\) must be None or in \(0, \|leverage\|\)"),
    ((0, 4), r"leverage_band\[0\] \(low\) must be None or in \(0"),
    ((-1, 4), r"leverage_band\[0\] \(low\)"),
    ((float("nan"), 4), r"leverage_band\[0\] \(low\) must be a finite number"),
    ((None, None), r"leverage_band\[1\] \(high\) must be a real number"),
    ((None, "4"), r"leverage_band\[1\] \(high\) must be a real number"),
    ("24", r"leverage_band must be None or a pair"),
    ((4,), r"leverage_band must be None or a pair"),
    (4.0, r"leverage_band must be None or a pair"),
])
def test_bad_band_raises(band, msg):
    with pytest.raises(ValueError, match=msg):
        LeveragedToken(3, leverage_band=band)


def test_band_is_checked_against_the_leverage_magnitude():
    LeveragedToken(-3, leverage_band=(2, 4))                  # |L| = 3 inside
    with pytest.raises(ValueError, match="leverage -3"):
        LeveragedToken(-3, leverage_band=(None, 2))


def test_daily_rebalance_validation():
    with pytest.raises(ValueError, match="daily_rebalance=False needs a rebalance_threshold"):
        LeveragedToken(3, daily_rebalance=False)
    for bad in ["no", 0, 1, None]:
        with pytest.raises(TypeError, match="daily_rebalance must be True or False"):
            LeveragedToken(3, leverage_band=(2, 4), daily_rebalance=bad)
    assert LeveragedToken(3, rebalance_threshold=0.1, daily_rebalance=False).daily_rebalance is False


def test_preset_band_stays_right_at_another_leverage():
    # FTX's rule "rebalance at 4x" reused for a 2x token fires at 2·(1+R)/(1+2R) = 4: R = −1/3
    fall, _ = LeveragedToken(2, leverage_band=(None, 4)).trigger_moves()
    assert fall == pytest.approx(-1 / 3)
    assert leverage_after(2, fall) == pytest.approx(4)
