"""The failures listed in issue 11, one test each: they raise a named error or give finite values."""

import itertools
import math

import numpy as np
import pytest

import levtoken as lt
from levtoken import costs, paths, theory

pytestmark = pytest.mark.unit


def test_overflowing_inputs_are_rejected_not_nan_or_inf():
    with pytest.raises(ValueError, match="returns compound beyond the float range"):
        lt.LeveragedToken(3, slippage=0.01).nav([1e308])             # was NaN
    with pytest.raises(ValueError, match="returns compound beyond the float range"):
        lt.Spot().nav([1e200] * 2)                                   # was inf
    with pytest.raises(ValueError, match="returns compound beyond the float range"):
        lt.MarginPosition(3, funding_per_day=0.001).simulate([1e200] * 3)   # was NaN costs
    with pytest.raises(ValueError, match=r"mu must be in \[-10, 10\], got 1000000.0"):
        paths.gbm_returns(mu=1e6)                                    # was inf returns
    with pytest.raises(ValueError, match="leverage must be a finite number"):
        lt.LeveragedToken(10**400)                                   # was OverflowError


def test_iterative_solvers_validate_tol_and_stop():
    for bad in (0, float("nan"), -1.0, 1.0):
        with pytest.raises(ValueError, match=r"tol must be (in \[1e-15, 0.1\]|a finite number)"):
            costs.steady_break_even_move(3, fee_per_day=0.0001, tol=bad)     # tol=0 looped forever
    # the smallest tolerance still stops (at most 200 halvings) and agrees with the closed form
    assert costs.steady_break_even_move(3, fee_per_day=0.0001, tol=1e-15) == pytest.approx(
        costs.break_even_move(3, 0.0, fee_per_day=0.0001), rel=1e-4)
    with pytest.raises(ValueError, match=r"iterations must be a positive integer <= 10000"):
        theory.beat_naive_probability(3, 0.0, 0.8, 1.0, iterations=10**12)


def test_drag_breakdown_has_no_math_domain_error_on_a_grid():
    # was "math domain error" at 19 of 144 in-range points: factors that underflow to 0
    for L, sigma, days in itertools.product((-10, -3, 0.5, 2, 3, 10), (0.0, 1.0, 3.0, 5.0),
                                            (1, 365, 3650, 36500)):
        try:
            d = costs.annual_drag(L, sigma, fee_per_day=0.001, days=days)
        except ValueError as exc:                        # a named refusal is allowed
            assert "days" in str(exc) or "sigma" in str(exc) or "funding" in str(exc)
            continue
        parts = d.parts()
        assert all(math.isfinite(v) for v in parts.values())
        assert sum(parts.values()) == pytest.approx(d.total, rel=1e-9, abs=1e-9)
        try:
            move = costs.break_even_move(L, sigma, fee_per_day=0.001, days=days)
        except ValueError as exc:
            assert "beyond the float range" in str(exc) or "-100 %" in str(exc)
        else:
            assert math.isfinite(move) and move > -1


def test_string_and_nan_inputs_are_rejected():
    with pytest.raises(TypeError, match="leverage must be a real number, got '3'"):
        theory.decay_coefficient("3")
    with pytest.raises(ValueError, match="leverage must be a finite number, got nan"):
        theory.decay_coefficient(float("nan"))
    with pytest.raises(TypeError, match="total_return must be a real number, got '1.5'"):
        lt.scenarios.naive_multiple("1.5")                           # returned 2.5
    with pytest.raises(TypeError, match="days must be a positive integer, got 30.9"):
        paths.gbm_returns(days=30.9)                                 # silently became 30


def test_sizes_are_capped_with_a_clear_message():
    with pytest.raises(ValueError, match=r"n_paths must be a positive integer <= 1000000"):
        paths.gbm_returns(n_paths=10**12)
    with pytest.raises(ValueError, match=r"n_paths \* days \* steps_per_day must be <= 20000000"):
        paths.gbm_returns(days=36_500, n_paths=1_000)
    with pytest.raises(ValueError, match=r"days must be a positive integer <= 36500"):
        lt.strategies.beat_probabilities(days=10**6)


def test_seeds_are_fixed_by_default_and_validated():
    np.testing.assert_array_equal(paths.bridge_returns(), paths.bridge_returns())
    np.testing.assert_array_equal(paths.autocorrelated_returns(), paths.autocorrelated_returns())
    for bad, err in ((True, TypeError), (1.5, TypeError), (-1, ValueError), (None, TypeError)):
        with pytest.raises(err, match="seed must be"):
            paths.gbm_returns(seed=bad)


def test_one_bridge_sampler():
    # levtoken 1.x's costs.bridge_returns (another argument order) is a deprecated alias of
    # the same draw: it warns, names the one sampler, and gives the same paths
    with pytest.warns(DeprecationWarning, match=r"levtoken\.paths\.bridge_returns"):
        old = costs.bridge_returns
    a = old(0.8, 30, n_paths=3, seed=5, end=1.5)
    b = paths.bridge_returns(0.5, 30, sigma=0.8, n_paths=3, seed=5, keep_variance=True)
    np.testing.assert_array_equal(a, b)
    assert lt.scenarios.bridge_returns is paths.bridge_returns
    # and the same volatility limit everywhere (5.0 a year)
    paths.bridge_returns(0.0, 30, sigma=4.0, seed=1, keep_variance=True)
    with pytest.raises(ValueError, match=r"sigma must be in \[0, 5\], got 5.5"):
        paths.bridge_returns(0.0, 30, sigma=5.5, seed=1, keep_variance=True)


def test_old_import_paths_keep_working():
    from levtoken.compare import liquidation_price, liquidation_probability, spread_daily  # noqa
    from levtoken.costs import decay_factor, fee_factor, slippage_factor  # noqa
    from levtoken.montecarlo import DEFAULT_SEED, daily_log_returns, standard_normals  # noqa
    from levtoken.rebalancing import move_for_leverage  # noqa
    from levtoken.scenarios import break_even_volatility, choppy_path, random_path  # noqa
    from levtoken.strategies import CappedToken, fat_tailed_returns, normal_cdf  # noqa
    assert CappedToken is lt.products.CappedToken
    assert decay_factor is theory.decay_factor
    assert move_for_leverage is lt.rules.move_for_leverage
