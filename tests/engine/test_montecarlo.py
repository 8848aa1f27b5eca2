"""levtoken.montecarlo: the cached seeded draw, terminal multiples and their summaries."""

from __future__ import annotations

import numpy as np
import pytest

from levtoken import LeveragedToken, Spot, montecarlo, paths, theory

pytestmark = pytest.mark.unit


def test_standard_normals_are_the_gbm_draw_cached_and_read_only():
    z = montecarlo.standard_normals(50, days=20, seed=7)
    assert z.shape == (50, 20) and not z.flags.writeable
    assert montecarlo.standard_normals(50, days=20, seed=7) is z           # cached
    expected = np.random.default_rng(7).standard_normal((50, 20))
    np.testing.assert_array_equal(z, expected)
    assert not np.array_equal(montecarlo.standard_normals(50, days=20, seed=8), z)
    with pytest.raises(ValueError):
        z[0, 0] = 1.0


def test_daily_log_returns_match_gbm_returns():
    x = montecarlo.daily_log_returns(0.8, mu=0.3, days=40, n_paths=30, seed=11)
    r = paths.gbm_returns(mu=0.3, sigma=0.8, days=40, n_paths=30, seed=11)
    np.testing.assert_allclose(np.expm1(x), r, rtol=1e-13, atol=1e-15)
    # a longer cached draw: the paths are its first columns
    x_long = montecarlo.daily_log_returns(0.8, mu=0.3, days=10, n_paths=30, seed=11,
                                          draw_days=40)
    r_long = paths.gbm_returns(mu=0.3, sigma=0.8, days=40, n_paths=30, seed=11)
    np.testing.assert_allclose(np.expm1(x_long), r_long[:, :10], rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("lev", [3.0, -3.0, 2.0, 5.0, 1.0])
def test_terminal_multiples_equal_the_products_on_the_same_paths(lev):
    out = montecarlo.terminal_multiples(lev, 0.8, mu=0.1, days=365, n_paths=500, seed=5)
    r = paths.gbm_returns(mu=0.1, sigma=0.8, days=365, n_paths=500, seed=5)
    np.testing.assert_allclose(out.token, LeveragedToken(lev).nav(r)[:, -1], rtol=1e-9)
    np.testing.assert_allclose(out.spot, Spot().nav(r)[:, -1], rtol=1e-9)
    np.testing.assert_allclose(out.naive, np.maximum(1 + lev * (out.spot - 1), 0), rtol=1e-12)
    assert out.leverage == lev and out.days == 365 and out.years == 1.0


def test_terminal_multiples_floor_a_ruined_token_at_zero():
    # 10x at 150 %/yr: daily sd 7.9 %, so some day falls below -10 % on most paths
    out = montecarlo.terminal_multiples(10, 1.5, days=365, n_paths=200, seed=1)
    assert out.ruined_share > 0.5
    assert (out.token >= 0).all() and np.isfinite(out.token).all()


def test_leverage_one_token_is_spot_and_decay_is_one():
    out = montecarlo.terminal_multiples(1, 0.6, days=100, n_paths=300, seed=2)
    np.testing.assert_allclose(out.token, out.spot, rtol=1e-12)
    assert out.decay == 1.0


def test_median_ratio_agrees_with_the_closed_form_decay():
    """Daily rebalancing vs continuous: within 5 % at 3x, 80 %, one year (math.md §4)."""
    out = montecarlo.terminal_multiples(3, 0.8, days=365, n_paths=10_000, seed=2010)
    agree = montecarlo.closed_form_agreement(out.token, out.spot, 3, 0.8, 1.0)
    assert agree["decay"] == pytest.approx(np.exp(-1.92))
    assert abs(agree["relative_error"]) < 0.05
    # daily rebalancing decays a little faster than continuous: the ratio is below the formula
    assert agree["relative_error"] < 0
    assert montecarlo.summarize(out.token)["median"] == pytest.approx(
        out.closed_form_median, rel=0.1)


def test_agreement_improves_with_more_frequent_rebalancing():
    r = paths.gbm_returns(0.0, 0.8, days=365, n_paths=4000, steps_per_day=4, seed=3)
    six_hourly = montecarlo.closed_form_agreement(
        LeveragedToken(3).nav(r)[:, -1], Spot().nav(r)[:, -1], 3, 0.8, 1.0)
    daily = montecarlo.terminal_multiples(3, 0.8, days=365, n_paths=4000, seed=3)
    daily_agree = montecarlo.closed_form_agreement(daily.token, daily.spot, 3, 0.8, 1.0)
    assert abs(six_hourly["relative_error"]) < abs(daily_agree["relative_error"]) / 2


def test_realised_decay_hand_values_and_path_wise_agreement():
    # one pair +10 %, -1/11: sum of squared log returns = 2 * log(1.1)^2
    r = paths.sideways(0.10, cycles=1)
    expected = np.exp(-0.5 * 6 * 2 * np.log(1.1) ** 2)
    assert float(montecarlo.realised_decay(r, 3)) == pytest.approx(expected, rel=1e-12)
    assert float(montecarlo.realised_decay(r, 1)) == 1.0
    # path-wise: token ≈ spot^L × realised decay, to within a few per cent at 50 % vol
    g = paths.gbm_returns(0.0, 0.5, days=365, n_paths=200, seed=9)
    ratio = LeveragedToken(2).nav(g)[:, -1] / (Spot().nav(g)[:, -1] ** 2
                                               * montecarlo.realised_decay(g, 2))
    assert np.all(np.abs(ratio - 1) < 0.02)


def test_naive_multiple_hand_values():
    assert montecarlo.naive_multiple_from_price(1.008, 3) == pytest.approx(1.024)
    assert montecarlo.naive_multiple_from_price(0.5, 3) == 0.0
    assert montecarlo.naive_multiple_from_price(1.2, -3) == pytest.approx(0.4)
    np.testing.assert_allclose(montecarlo.naive_multiple_from_price([1.0, 2.0], 2), [1.0, 3.0])


def test_summarize_hand_values():
    s = montecarlo.summarize([0.5, 1.0, 2.0, 4.0, 0.0])
    assert s["median"] == 1.0
    assert s["mean"] == pytest.approx(7.5 / 5)
    assert s["share_below_1"] == pytest.approx(0.4)
    assert s["p5"] == pytest.approx(np.quantile([0, 0.5, 1, 2, 4], 0.05))
    assert s["p95"] == pytest.approx(np.quantile([0, 0.5, 1, 2, 4], 0.95))


@pytest.mark.parametrize("call, name", [
    (lambda: montecarlo.standard_normals(0, days=10), "n_paths"),
    (lambda: montecarlo.standard_normals(10, days=2.5), "days"),
    (lambda: montecarlo.standard_normals(10, days=10, seed=-1), "seed"),
    (lambda: montecarlo.standard_normals(10_000, days=10_000), "n_paths \\* days"),
    (lambda: montecarlo.daily_log_returns(-0.1), "sigma"),
    (lambda: montecarlo.daily_log_returns(0.5, mu=float("nan")), "mu"),
    (lambda: montecarlo.daily_log_returns(0.5, days=30, draw_days=10), "draw_days"),
    (lambda: montecarlo.terminal_multiples(0, 0.5), "leverage"),
    (lambda: montecarlo.terminal_multiples(11, 0.5), "leverage"),
    (lambda: montecarlo.naive_multiple_from_price(-1.0, 3), "price_multiple"),
    (lambda: montecarlo.summarize([]), "multiples"),
    (lambda: montecarlo.summarize([1.0, -0.5]), "multiples"),
    (lambda: montecarlo.closed_form_agreement([1.0], [1.0, 2.0], 3, 0.8, 1), "same"),
    (lambda: montecarlo.closed_form_agreement([1.0], [0.0], 3, 0.8, 1), "spot"),
    (lambda: montecarlo.realised_decay([0.1, -1.5], 3), "returns"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_decay_and_median_properties_use_the_theory_module():
    out = montecarlo.terminal_multiples(3, 0.8, mu=0.2, days=30, n_paths=100, seed=0)
    assert out.decay == pytest.approx(theory.continuous_decay(3, 0.8, 30 / 365))
    assert out.closed_form_median == pytest.approx(
        np.exp((3 * 0.2 - 9 * 0.64 / 2) * 30 / 365))
