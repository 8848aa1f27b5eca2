"""Closed forms of levtoken.theory: the numbers of math.md, types, broadcasting, and agreement
with the simulated products."""

import math

import numpy as np
import pytest

import levtoken as lt
from levtoken import theory

pytestmark = pytest.mark.unit

EXACT = dict(rel=1e-12)


# --- one period and the rebalancing trade (math.md §1-§2) ----------------------------------------


def test_one_period_return_values():
    assert theory.one_period_return(3, 0.10) == pytest.approx(0.30, **EXACT)
    assert theory.one_period_return(3, -0.10) == pytest.approx(-0.30, **EXACT)
    assert theory.one_period_return(-3, 0.10) == pytest.approx(-0.30, **EXACT)
    assert theory.one_period_return(1, 0.07) == pytest.approx(0.07, **EXACT)


def test_one_period_return_is_floored_at_minus_one_beyond_the_ruin_move():
    assert theory.one_period_return(3, -0.5) == -1.0
    assert theory.one_period_return(-3, 0.5) == -1.0
    np.testing.assert_allclose(theory.one_period_return(5, np.array([-0.3, -0.2, -0.1])),
                               [-1.0, -1.0, -0.5], rtol=1e-12)


def test_one_period_return_matches_the_token():
    for L in (3, -3, 2, 5):
        for r in (0.05, -0.04, 0.2):
            nav = lt.LeveragedToken(L).nav([r])
            assert nav[1] - 1 == pytest.approx(max(theory.one_period_return(L, r), -1.0), abs=1e-15)


def test_rebalance_trade_values_and_sign():
    assert theory.rebalance_trade(3, 0.05, nav=100) == pytest.approx(30.0, **EXACT)   # math.md §2
    assert theory.rebalance_trade(3, -0.05) == pytest.approx(-0.30, **EXACT)
    assert theory.rebalance_trade(1, 0.05) == 0.0                                     # spot never trades
    for L in (3, 2, -1, -3):
        assert theory.rebalance_trade(L, 0.02) > 0         # buys after an up move
        assert theory.rebalance_trade(L, -0.02) < 0        # sells after a down move
    assert theory.rebalance_trade(0.5, 0.02) < 0           # 0 < L < 1 trades against the move


def test_ruin_move():
    assert theory.ruin_move(3) == pytest.approx(-1 / 3, **EXACT)
    assert theory.ruin_move(-3) == pytest.approx(1 / 3, **EXACT)
    assert theory.ruin_move(5) == pytest.approx(-0.20, **EXACT)
    np.testing.assert_allclose(theory.ruin_move(np.array([2.0, -2.0])), [-0.5, 0.5])


def test_ruin_move_ruins_the_token():
    L = 3
    R = theory.ruin_move(L)
    assert lt.LeveragedToken(L).nav([R])[-1] == 0.0
    assert lt.LeveragedToken(L).nav([R + 1e-9])[-1] > 0.0


# --- liquidation (math.md §7) --------------------------------------------------------------------


def test_liquidation_move_long():
    R = theory.liquidation_move(3, 0.005)
    assert R == pytest.approx((0.015 - 1) / (3 * 0.995), abs=1e-6)
    assert R == pytest.approx(-0.329983, abs=1e-6)
    assert R == pytest.approx((0.005 * 3 - 1) / (3 * (1 - 0.005)), **EXACT)   # math.md's long form


def test_liquidation_move_zero_margin_is_the_ruin_move():
    assert theory.liquidation_move(3, 0.0) == pytest.approx(theory.ruin_move(3), **EXACT)
    assert theory.liquidation_move(-4, 0.0) == pytest.approx(theory.ruin_move(-4), **EXACT)


def test_liquidation_move_inverse_is_positive():
    R = theory.liquidation_move(-3, 0.005)
    assert R > 0
    assert R == pytest.approx((0.015 - 1) / (-3 - 0.015), **EXACT)
    # at R_liq the liquidation condition holds with equality
    L, m = -3.0, 0.005
    assert 1 + L * R == pytest.approx(m * abs(L) * (1 + R), **EXACT)


@pytest.mark.parametrize("L", [3, 2, 5, -3, -2])
def test_liquidation_move_is_the_boundary_of_the_margin_position(L):
    m = 0.005
    R = theory.liquidation_move(L, m)
    beyond = R - 1e-6 if L > 0 else R + 1e-6
    short = R + 1e-6 if L > 0 else R - 1e-6
    pos = lt.MarginPosition(L, maintenance_margin=m)
    sim = pos.simulate([beyond])
    assert bool(sim.liquidated) and sim.nav[-1] == 0.0
    sim = pos.simulate([short])
    assert not bool(sim.liquidated)
    assert sim.nav[-1] == pytest.approx(1 + L * short, rel=1e-9)


def test_liquidation_move_broadcasts():
    out = theory.liquidation_move(np.array([3.0, -3.0]), np.array([[0.0], [0.005]]))
    assert out.shape == (2, 2)
    np.testing.assert_allclose(out[0], [-1 / 3, 1 / 3])
    assert out[1, 0] == pytest.approx(-0.329983, abs=1e-6)


# --- fees (math.md §5) ---------------------------------------------------------------------------


def test_compounded_fee_values():
    assert theory.compounded_fee(0.0001, 365) == pytest.approx(1 - 0.9999**365, **EXACT)
    assert round(theory.compounded_fee(0.0001, 365), 4) == 0.0358
    assert theory.compounded_fee(0.001, 365) == pytest.approx(1 - 0.999**365, **EXACT)
    assert round(theory.compounded_fee(0.001, 365), 3) == 0.306
    assert theory.compounded_fee(0.01, 0) == 0.0


def test_simple_fee_sum_is_the_naive_number():
    assert theory.simple_fee_sum(0.0001, 365) == pytest.approx(0.0365, **EXACT)
    assert theory.simple_fee_sum(0.001, 365) == pytest.approx(0.365, **EXACT)
    days = np.arange(1, 1000)
    assert np.all(theory.simple_fee_sum(0.001, days) >= theory.compounded_fee(0.001, days))


def test_compounded_fee_matches_the_token():
    nav = lt.LeveragedToken(1, fee_per_day=0.0001).nav(np.zeros(365))
    assert 1 - nav[-1] == pytest.approx(theory.compounded_fee(0.0001, 365), rel=1e-10)


# --- continuous rebalancing (math.md §4) ---------------------------------------------------------


@pytest.mark.parametrize("sigma, years, expected, digits",
                         [(0.80, 1.0, 0.1466, 4), (0.50, 1.0, 0.4724, 4), (0.80, 30 / 365, 0.854, 3)])
def test_continuous_decay_table(sigma, years, expected, digits):
    value = theory.continuous_decay(3, sigma, years)
    assert round(value, digits) == expected
    assert value == pytest.approx(math.exp(-3 * sigma**2 * years), **EXACT)


def test_continuous_decay_is_one_for_spot_and_zero_leverage():
    assert theory.continuous_decay(1, 0.8, 1.0) == 1.0
    assert theory.continuous_decay(0, 0.8, 1.0) == 1.0
    assert theory.continuous_decay(-1, 0.8, 1.0) == pytest.approx(math.exp(-0.64), **EXACT)


def test_continuous_token_multiple():
    assert theory.continuous_token_multiple(1.0, 3, 0.8, 1.0) == pytest.approx(
        theory.continuous_decay(3, 0.8, 1.0), **EXACT)
    assert theory.continuous_token_multiple(2.0, 3, 0.0, 1.0) == pytest.approx(8.0, **EXACT)
    assert theory.continuous_token_multiple(2.0, -1, 0.0, 1.0) == pytest.approx(0.5, **EXACT)


def test_growth_rate_kelly_and_break_even():
    mu, sigma = 0.5, 0.8
    kelly = theory.kelly_leverage(mu, sigma)
    assert kelly == pytest.approx(mu / sigma**2, **EXACT)
    Ls = np.linspace(-2, 4, 601)
    g = theory.growth_rate(Ls, mu, sigma)
    assert Ls[np.argmax(g)] == pytest.approx(kelly, abs=0.01)
    assert theory.growth_rate(2 * kelly, mu, sigma) == pytest.approx(0.0, abs=1e-12)
    assert theory.growth_rate(1, mu, sigma) == pytest.approx(mu - sigma**2 / 2, **EXACT)
    assert theory.growth_rate(3, 0.0, 0.8) == pytest.approx(-2.88, **EXACT)


def test_median_and_expected_multiples():
    assert theory.median_token_multiple(3, 0.0, 0.8, 1.0) == pytest.approx(math.exp(-2.88), **EXACT)
    assert theory.expected_token_multiple(3, 0.0, 1.0) == 1.0
    assert theory.expected_token_multiple(3, 0.1, 2.0) == pytest.approx(math.exp(0.6), **EXACT)
    # median = expected × exp(−L²σ²T/2): decay acts on the typical outcome
    assert theory.median_token_multiple(3, 0.1, 0.8, 2.0) == pytest.approx(
        theory.expected_token_multiple(3, 0.1, 2.0) * math.exp(-9 * 0.64), **EXACT)


def test_leverage_after_move():
    assert theory.leverage_after_move(3, -1 / 9) == pytest.approx(4.0, **EXACT)   # FTX's 4x trigger
    assert theory.leverage_after_move(3, 0.0) == 3.0
    assert theory.leverage_after_move(3, 0.10) < 3                                # de-levers on a rise
    assert theory.leverage_after_move(-3, 0.10) == pytest.approx(-3 * 1.1 / 0.7, **EXACT)
    with pytest.raises(ValueError, match=r"move must keep 1 \+ leverage·move > 0.*got move -0.5"):
        theory.leverage_after_move(3, -0.5)                                       # wiped out
    with pytest.raises(ValueError, match="move must keep"):
        theory.leverage_after_move(3, np.array([-0.5, 0.0]))
    assert theory.leverage_after_move(3, np.array([-0.3, 0.0])).tolist() == pytest.approx(
        [3 * 0.7 / 0.1, 3.0])


def test_leverage_after_move_matches_the_token_exposure():
    sim = lt.LeveragedToken(3, steps_per_day=3).simulate([-0.05, -0.03, 0.01])
    R = 0.95 * 0.97 - 1
    assert sim.exposure[2] / sim.nav[2] == pytest.approx(theory.leverage_after_move(3, R), rel=1e-12)


# --- types and broadcasting ----------------------------------------------------------------------

SCALAR_CALLS = [
    (theory.one_period_return, (3, 0.1)),
    (theory.rebalance_trade, (3, 0.1, 1.0)),
    (theory.ruin_move, (3,)),
    (theory.liquidation_move, (3, 0.005)),
    (theory.compounded_fee, (0.001, 365)),
    (theory.simple_fee_sum, (0.001, 365)),
    (theory.continuous_decay, (3, 0.8, 1.0)),
    (theory.continuous_token_multiple, (1.2, 3, 0.8, 1.0)),
    (theory.kelly_leverage, (0.3, 0.8)),
    (theory.growth_rate, (3, 0.3, 0.8)),
    (theory.median_token_multiple, (3, 0.3, 0.8, 1.0)),
    (theory.expected_token_multiple, (3, 0.3, 1.0)),
    (theory.leverage_after_move, (3, -0.05)),
]


@pytest.mark.parametrize("func, args", SCALAR_CALLS, ids=lambda x: getattr(x, "__name__", ""))
def test_scalars_in_python_float_out(func, args):
    assert type(func(*args)) is float
    assert type(func(*(np.float64(a) for a in args))) is float


@pytest.mark.parametrize("func, args", SCALAR_CALLS, ids=lambda x: getattr(x, "__name__", ""))
def test_arrays_broadcast(func, args):
    first = np.array([args[0], args[0]])
    out = func(first, *args[1:])
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    np.testing.assert_allclose(out, func(*args), rtol=1e-15)
    grid = func(np.array(args[0]).reshape(1, 1) * np.ones((3, 1)), *args[1:])
    assert grid.shape == (3, 1)


def test_exponentials_that_overflow_are_rejected_without_warnings():
    # never inf: a result beyond the float range is a ValueError naming the inputs
    with pytest.raises(ValueError, match=r"expected_token_multiple\(leverage=10, mu=5.0, years=100.0\)"
                                         r".*beyond the float range"):
        theory.expected_token_multiple(10, 5.0, 100.0)
    assert theory.continuous_decay(10, 5.0, 1000.0) == 0.0      # underflow to 0 is exact enough


@pytest.mark.parametrize("module", [lt, lt.paths, lt.products, lt.theory, lt.validation],
                         ids=lambda m: m.__name__)
def test_docstring_examples(module):
    import doctest

    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
