"""levtoken.scenarios: named path shapes to the same end, and the token-vs-L×-spot comparisons."""

from __future__ import annotations

import numpy as np
import pytest

from levtoken import LeveragedToken, Spot, scenarios, theory

pytestmark = pytest.mark.unit

L3 = LeveragedToken(3)


def end(r):
    return float(Spot().nav(r)[..., -1]) if np.ndim(r) == 1 else Spot().nav(r)[..., -1]


# --- steady trend ------------------------------------------------------------------------------

def test_steady_trend_hand_values():
    r = scenarios.steady_trend(0.21, 2)
    np.testing.assert_allclose(r, [0.10, 0.10], rtol=1e-12)
    r = scenarios.steady_trend(0.20, 30)
    assert r.shape == (30,) and np.all(r == r[0])
    assert r[0] == pytest.approx(1.2 ** (1 / 30) - 1, rel=1e-12)
    assert end(r) == pytest.approx(1.2, rel=1e-12)


def test_steady_trend_token_beats_l_times_spot():
    """(1 + L·r)^n > 1 + L·((1 + r)^n − 1): compounding works for the token in a trend."""
    r = scenarios.steady_trend(0.20, 30)[0]
    token = L3.nav(scenarios.steady_trend(0.20, 30))[-1]
    assert token == pytest.approx((1 + 3 * r) ** 30, rel=1e-12)
    assert token == pytest.approx(1.7223228, rel=1e-6)
    assert token > 1 + 3 * ((1 + r) ** 30 - 1) == pytest.approx(1.6)
    # two +10 % days vs one +21 % day (the chapter's exercise)
    assert L3.nav(scenarios.steady_trend(0.21, 2))[-1] == pytest.approx(1.69)
    # and a steady fall: the token loses less than 3x spot
    down = L3.nav(scenarios.steady_trend(-0.20, 30))[-1]
    assert down > scenarios.naive_multiple(-0.20, 3) == pytest.approx(0.4)


# --- choppy path -------------------------------------------------------------------------------

def test_choppy_path_hand_values():
    np.testing.assert_allclose(scenarios.choppy_path(0.0, 4, 0.10), [0.1, -1 / 11, 0.1, -1 / 11],
                               rtol=1e-12)
    np.testing.assert_allclose(scenarios.choppy_path(0.21, 2, 0.0), [0.1, 0.1], rtol=1e-12)
    # +21 % in 2 days with a 10 % swing: up day 1.1·1.1 − 1, down day 1.1/1.1 − 1 = 0
    np.testing.assert_allclose(scenarios.choppy_path(0.21, 2, 0.10), [0.21, 0.0], atol=1e-12)


@pytest.mark.parametrize("days", [1, 2, 3, 30, 31])
@pytest.mark.parametrize("swing", [0.0, 0.03, 0.10, 1.0])
def test_choppy_path_ends_at_the_total_return(days, swing):
    r = scenarios.choppy_path(0.20, days, swing)
    assert r.shape == (days,)
    assert end(r) == pytest.approx(1.2, rel=1e-12)


def test_choppy_path_sits_on_the_trend_every_other_day_and_odd_days_end_on_it():
    r = scenarios.choppy_path(0.20, 31, 0.05)
    price = Spot().nav(r)
    trend = Spot().nav(scenarios.steady_trend(0.20, 31))
    np.testing.assert_allclose(price[::2], trend[::2], rtol=1e-12)
    np.testing.assert_allclose(price[1:-1:2], trend[1:-1:2] * 1.05, rtol=1e-12)
    assert price[-1] == pytest.approx(trend[-1], rel=1e-12)
    assert r[-1] == pytest.approx(1.2 ** (1 / 31) - 1, rel=1e-12)


def test_choppy_path_zero_swing_is_the_steady_trend():
    np.testing.assert_allclose(scenarios.choppy_path(0.2, 30, 0.0), scenarios.steady_trend(0.2, 30),
                               rtol=1e-14)


def test_choppy_token_falls_with_the_swing_and_matches_the_pair_formula():
    g = 1.2 ** (1 / 30)
    s = 0.04
    pair = (1 + 3 * (g * (1 + s) - 1)) * (1 + 3 * (g / (1 + s) - 1))
    token = L3.nav(scenarios.choppy_path(0.2, 30, s))[-1]
    assert token == pytest.approx(pair ** 15, rel=1e-12)
    assert token == pytest.approx(1.50489, rel=1e-5)
    ends = [L3.nav(scenarios.choppy_path(0.2, 30, s))[-1] for s in np.arange(0, 0.1001, 0.005)]
    assert np.all(np.diff(ends) < 0)
    assert ends[0] > 1.6 > ends[-1]


# --- crash and recover -------------------------------------------------------------------------

def test_crash_and_recover_hand_values():
    np.testing.assert_allclose(scenarios.crash_and_recover(0.0, 2, 0.5, 1), [-0.5, 1.0],
                               rtol=1e-12)
    r = scenarios.crash_and_recover(0.20, 30, 0.15, crash_day=10)
    assert r[9] == -0.15
    others = np.delete(r, 9)
    assert np.all(others == others[0])
    assert others[0] == pytest.approx((1.2 / 0.85) ** (1 / 29) - 1, rel=1e-12)
    assert end(r) == pytest.approx(1.2, rel=1e-12)
    token = L3.nav(r)[-1]
    assert token == pytest.approx(0.55 * (1 + 3 * others[0]) ** 29, rel=1e-12)
    assert token == pytest.approx(1.52901, rel=1e-5)


def test_crash_day_default_and_zero_depth():
    r = scenarios.crash_and_recover(0.2, 30, 0.15)
    assert r[9] == -0.15                                  # day 30 // 3 = 10
    assert scenarios.crash_and_recover(0.2, 2, 0.1)[0] == -0.1
    flat_day = scenarios.crash_and_recover(0.2, 30, 0.0)       # depth 0: one flat day
    assert flat_day[9] == 0.0
    np.testing.assert_allclose(np.delete(flat_day, 9), scenarios.steady_trend(0.2, 29), rtol=1e-13)


def test_the_token_end_does_not_depend_on_the_crash_day():
    """A product of daily factors does not care about their order; the path in between does."""
    navs = [L3.nav(scenarios.crash_and_recover(0.2, 30, 0.15, day)) for day in (1, 10, 29)]
    assert navs[0][-1] == pytest.approx(navs[1][-1], rel=1e-12)
    assert navs[1][-1] == pytest.approx(navs[2][-1], rel=1e-12)
    assert navs[0].min() != pytest.approx(navs[2].min())


# --- random paths ------------------------------------------------------------------------------

def test_bridge_rows_end_at_the_total_return_and_are_seeded():
    r = scenarios.bridge_returns(0.2, 30, sigma=0.8, n_paths=50, seed=3)
    assert r.shape == (50, 30)
    np.testing.assert_allclose(end(r), 1.2, rtol=1e-12)
    np.testing.assert_array_equal(r, scenarios.bridge_returns(0.2, 30, sigma=0.8, n_paths=50,
                                                              seed=3))
    assert not np.array_equal(r, scenarios.bridge_returns(0.2, 30, sigma=0.8, n_paths=50, seed=4))
    np.testing.assert_array_equal(scenarios.random_path(0.2, 30, sigma=0.8, seed=3), r[0])


def test_bridge_with_zero_volatility_is_the_steady_trend():
    np.testing.assert_allclose(scenarios.bridge_returns(0.2, 30, sigma=0.0, seed=0)[0],
                               scenarios.steady_trend(0.2, 30), rtol=1e-12)


def test_bridge_realised_variance_has_the_chi_square_mean():
    """Sample variance (ddof=1) of the log steps has mean sigma²/365 (a χ²(days − 1) law)."""
    sigma, days, n = 0.8, 30, 20_000
    x = np.log1p(scenarios.bridge_returns(0.2, days, sigma=sigma, n_paths=n, seed=11))
    v = x.var(axis=1, ddof=1)
    target = sigma**2 / 365
    se = target * np.sqrt(2 / (days - 1)) / np.sqrt(n)
    assert abs(v.mean() - target) < 4 * se


def test_autocorrelated_returns_have_the_asked_correlation_and_scale():
    sigma, n = 0.8, 4000
    s = sigma / np.sqrt(365)
    for phi in (-0.3, 0.0, 0.5):
        x = np.log1p(scenarios.autocorrelated_returns(sigma, 60, phi, n_paths=n, seed=5))
        assert x.shape == (n, 60)
        assert x[:, 0].std() == pytest.approx(s, rel=0.05)
        assert x[:, -1].std() == pytest.approx(s, rel=0.05)
        corr = np.corrcoef(x[:, 29], x[:, 30])[0, 1]
        assert abs(corr - phi) < 0.06
    np.testing.assert_array_equal(scenarios.autocorrelated_returns(0.5, 5, 0.2, 2, seed=1),
                                  scenarios.autocorrelated_returns(0.5, 5, 0.2, 2, seed=1))


def test_momentum_helps_and_mean_reversion_hurts():
    shares = [scenarios.fraction_beating_naive(
        scenarios.autocorrelated_returns(0.8, 30, phi, n_paths=20_000, seed=1), 3)
        for phi in (-0.3, 0.0, 0.3)]
    assert shares[0] < shares[1] < shares[2]


# --- comparisons -------------------------------------------------------------------------------

def test_naive_multiple():
    assert scenarios.naive_multiple(0.20, 3) == pytest.approx(1.6)
    assert scenarios.naive_multiple(-0.50, 3) == 0.0
    assert scenarios.naive_multiple(0.10, -3) == pytest.approx(0.7)
    np.testing.assert_allclose(scenarios.naive_multiple(np.array([0.0, 0.1]), 2), [1.0, 1.2])


def test_break_even_volatility_closed_form_and_agreement():
    star = scenarios.break_even_volatility(0.20, 30, leverage=3)
    T = 30 / 365
    expected = np.sqrt(2 * np.log(1.2**3 / 1.6) / (6 * T))
    assert star == pytest.approx(expected, rel=1e-12)
    assert star == pytest.approx(0.558677, rel=1e-5)
    # the token multiple at sigma* is exactly L× spot
    assert theory.continuous_token_multiple(1.2, 3, star, T) == pytest.approx(1.6, rel=1e-12)
    assert theory.continuous_token_multiple(1.2, 3, star - 0.01, T) > 1.6
    assert theory.continuous_token_multiple(1.2, 3, star + 0.01, T) < 1.6
    # inverse tokens too
    star_inv = scenarios.break_even_volatility(-0.10, 30, leverage=-3)
    assert theory.continuous_token_multiple(0.9, -3, star_inv, T) == pytest.approx(1.3, rel=1e-12)


def test_break_even_volatility_edges_and_arrays():
    assert scenarios.break_even_volatility(0.0, 30, leverage=3) == 0.0
    with pytest.raises(ValueError, match=r"total_return must keep 1 \+ leverage·total_return > 0"):
        scenarios.break_even_volatility(-0.5, 30, leverage=3)   # L× spot is below 0: no break-even
    grid = scenarios.break_even_volatility(np.array([0.1, 0.2, 0.4]), 30, leverage=3)
    assert grid.shape == (3,) and np.all(np.diff(grid) > 0)
    # a longer horizon tolerates less volatility for the same total return
    assert (scenarios.break_even_volatility(0.2, 90, leverage=3)
            < scenarios.break_even_volatility(0.2, 30, leverage=3))


def test_simulated_break_even_is_close_to_the_closed_form():
    """Daily token on bridge paths: about half the paths beat 3x spot at sigma*, all well below."""
    star = scenarios.break_even_volatility(0.20, 30, leverage=3)
    frac = [scenarios.fraction_beating_naive(
        scenarios.bridge_returns(0.2, 30, sigma=s, n_paths=10_000, seed=7), 3)
        for s in (0.6 * star, star, 1.6 * star)]
    assert frac[0] > 0.99 and 0.3 < frac[1] < 0.7 and frac[2] < 0.01


def test_fraction_beating_naive_hand_case():
    r = np.array([[0.1, 0.1], [0.1, -1 / 11]])
    assert scenarios.fraction_beating_naive(r, 3) == 0.5       # 1.69 > 1.63; 0.945 < 1.0
    assert scenarios.fraction_beating_naive(r[0], 3) == 1.0


# --- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: scenarios.steady_trend(-1.0, 30), "total_return"),
    (lambda: scenarios.steady_trend(0.2, 0), "days"),
    (lambda: scenarios.steady_trend(0.2, 2.5), "days"),
    (lambda: scenarios.choppy_path(0.2, 30, -0.01), "swing"),
    (lambda: scenarios.choppy_path(0.2, 30, 1.5), "swing"),
    (lambda: scenarios.choppy_path(float("nan"), 30, 0.1), "total_return"),
    (lambda: scenarios.crash_and_recover(0.2, 30, 1.0), "crash_depth"),
    (lambda: scenarios.crash_and_recover(0.2, 30, -0.1), "crash_depth"),
    (lambda: scenarios.crash_and_recover(0.2, 30, 0.1, crash_day=30), "crash_day"),
    (lambda: scenarios.crash_and_recover(0.2, 30, 0.1, crash_day=0), "crash_day"),
    (lambda: scenarios.crash_and_recover(0.2, 1, 0.1), "days"),
    (lambda: scenarios.bridge_returns(0.2, 30, sigma=-0.1), "sigma"),
    (lambda: scenarios.bridge_returns(0.2, 30, n_paths=0), "n_paths"),
    (lambda: scenarios.autocorrelated_returns(0.8, 30, phi=1.0), "phi"),
    (lambda: scenarios.autocorrelated_returns(-0.8, 30), "sigma"),
    (lambda: scenarios.naive_multiple(0.2, 0), "leverage"),
    (lambda: scenarios.naive_multiple(np.array([0.1, -1.5]), 3), "total_return"),
    (lambda: scenarios.break_even_volatility(0.2, 30, leverage=1.0), "leverage"),
    (lambda: scenarios.break_even_volatility(0.2, 0, leverage=3), "days"),
    (lambda: scenarios.fraction_beating_naive([0.1, -1.0], 3), "returns"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
