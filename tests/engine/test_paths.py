"""levtoken.paths: GBM draws, price/return conversion and named scenarios."""

import numpy as np
import pytest

import levtoken as lt
from levtoken import paths

pytestmark = pytest.mark.unit


def test_gbm_shape_is_always_2d():
    assert paths.gbm_returns(seed=0).shape == (1, 365)
    assert paths.gbm_returns(days=10, n_paths=3, seed=0).shape == (3, 10)
    assert paths.gbm_returns(days=10, n_paths=1, steps_per_day=4, seed=0).shape == (1, 40)
    assert paths.gbm_returns(days=1, n_paths=5, steps_per_day=24, seed=0).shape == (5, 24)


def test_gbm_same_seed_same_array_different_seed_different():
    a = paths.gbm_returns(sigma=0.8, days=50, n_paths=4, seed=42)
    b = paths.gbm_returns(sigma=0.8, days=50, n_paths=4, seed=42)
    c = paths.gbm_returns(sigma=0.8, days=50, n_paths=4, seed=43)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_gbm_accepts_a_generator():
    rng = np.random.default_rng(5)
    a = paths.gbm_returns(days=5, seed=rng)
    b = paths.gbm_returns(days=5, seed=rng)          # the generator advances
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(a, paths.gbm_returns(days=5, seed=np.random.default_rng(5)))


def test_gbm_uses_the_documented_recipe():
    mu, sigma, spd = 0.2, 0.7, 4
    dt = 1 / (365 * spd)
    z = np.random.default_rng(9).standard_normal((2, 3 * spd))
    expected = np.expm1((mu - sigma**2 / 2) * dt + sigma * np.sqrt(dt) * z)
    np.testing.assert_allclose(paths.gbm_returns(mu, sigma, days=3, n_paths=2, steps_per_day=spd, seed=9),
                               expected, rtol=1e-15)


@pytest.mark.parametrize("mu, sigma, spd", [(0.0, 0.8, 1), (0.3, 0.5, 1), (-0.2, 1.2, 4)])
def test_gbm_log_return_moments(mu, sigma, spd):
    days, n_paths = 3650, 60
    r = paths.gbm_returns(mu=mu, sigma=sigma, days=days, n_paths=n_paths, steps_per_day=spd, seed=123)
    x = np.log1p(r).ravel()
    n = x.size
    dt = 1 / (365 * spd)
    mean, sd = (mu - sigma**2 / 2) * dt, sigma * np.sqrt(dt)
    assert abs(x.mean() - mean) < 4 * sd / np.sqrt(n)                 # 4 standard errors
    assert abs(x.std() - sd) < 4 * sd / np.sqrt(2 * n)
    assert np.all(r > -1)


def test_gbm_zero_sigma_is_a_deterministic_trend():
    r = paths.gbm_returns(mu=0.365, sigma=0.0, days=365, seed=0)
    np.testing.assert_allclose(r, np.expm1(0.001), rtol=1e-12)
    assert paths.prices_from_returns(r)[0, -1] == pytest.approx(np.exp(0.365), rel=1e-12)


def test_prices_from_returns():
    p = paths.prices_from_returns([0.05, -0.04])
    np.testing.assert_allclose(p, [1.0, 1.05, 1.008], rtol=1e-12)
    assert p[0] == 1.0
    p = paths.prices_from_returns([0.10, -0.5], start=100.0)
    np.testing.assert_allclose(p, [100.0, 110.0, 55.0], rtol=1e-12)
    p2 = paths.prices_from_returns(np.array([[0.1, 0.1], [0.0, -0.5]]))
    assert p2.shape == (2, 3)
    np.testing.assert_allclose(p2[:, 0], 1.0)


def test_prices_from_returns_equals_spot_nav():
    r = paths.gbm_returns(days=30, n_paths=5, seed=3)
    np.testing.assert_allclose(paths.prices_from_returns(r), lt.Spot().nav(r), rtol=1e-15)


def test_round_trip():
    r = paths.gbm_returns(sigma=1.5, days=100, n_paths=7, steps_per_day=2, seed=11)
    np.testing.assert_allclose(paths.returns_from_prices(paths.prices_from_returns(r, start=37.5)), r,
                               rtol=1e-9, atol=1e-14)
    prices = np.array([100.0, 101.0, 99.5, 120.0])
    np.testing.assert_allclose(paths.prices_from_returns(paths.returns_from_prices(prices), start=100.0),
                               prices, rtol=1e-12)


def test_round_trip_does_not_modify_inputs():
    r = paths.gbm_returns(days=20, n_paths=2, seed=1)
    before = r.copy()
    paths.returns_from_prices(paths.prices_from_returns(r))
    np.testing.assert_array_equal(r, before)


def test_sideways():
    r = paths.sideways()
    np.testing.assert_allclose(r, [0.10, -1 / 11], rtol=1e-12)
    r = paths.sideways(0.05, cycles=3)
    assert r.shape == (6,)
    price = paths.prices_from_returns(r)
    np.testing.assert_allclose(price[::2], 1.0, rtol=1e-12)          # back to 1 after each pair


def test_constant_returns():
    r = paths.constant_returns(0.01, 10)
    assert r.shape == (10,) and np.all(r == 0.01)
    assert paths.prices_from_returns(r)[-1] == pytest.approx(1.01**10, rel=1e-12)
    assert np.all(paths.constant_returns(0.0, 3) == 0.0)
