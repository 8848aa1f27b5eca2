"""Invariants checked on many random inputs (hypothesis).

L = 1 equals spot; an inverse token on +r is a long token on −r for one period; NAV is never
negative or NaN; zero returns leave NAV at (1 − f)^days; the vectorised daily path equals the
loop; same seed, same paths; inputs are never modified.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import levtoken as lt
from levtoken import paths

pytestmark = pytest.mark.unit

# deterministic, no example database written into the repository, fast
FAST = settings(max_examples=60, deadline=None, database=None, derandomize=True)

returns_value = st.floats(min_value=-1.0, max_value=5.0, exclude_min=True, allow_nan=False)
small_return = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)


def return_arrays(elements=returns_value, max_t=25, max_paths=4):
    shapes = st.one_of(
        st.tuples(st.integers(1, max_t)),
        st.tuples(st.integers(1, max_paths), st.integers(1, max_t)),
    )
    return shapes.flatmap(lambda shape: hnp.arrays(np.float64, shape, elements=elements))


@st.composite
def leverages(draw):
    magnitude = draw(st.one_of(st.sampled_from([1.0, 2.0, 3.0, 5.0, 10.0]),
                               st.floats(min_value=0.1, max_value=10.0)))
    return magnitude * draw(st.sampled_from([1.0, -1.0]))


@st.composite
def tokens(draw, daily_only=False):
    L = draw(leverages())
    kwargs = dict(
        leverage=L,
        fee_per_day=draw(st.floats(0.0, 0.05)),
        funding_per_day=draw(st.floats(-0.009, 0.009)),
        slippage=draw(st.floats(0.0, 0.1)),
    )
    if not daily_only:
        kwargs["steps_per_day"] = draw(st.integers(1, 4))
        if draw(st.booleans()):
            kwargs["rebalance_threshold"] = draw(st.floats(0.01, 0.99)) / abs(L)
    return lt.LeveragedToken(**kwargs)


@st.composite
def margins(draw):
    L = draw(leverages())
    return lt.MarginPosition(L, maintenance_margin=draw(st.floats(0.0, 0.99)) * min(1.0, 1 / abs(L)),
                             funding_per_day=draw(st.floats(-0.009, 0.009)))


products = st.one_of(st.just(lt.Spot()), tokens(), margins())


@FAST
@given(return_arrays())
def test_leverage_one_equals_spot(r):
    spot = lt.Spot().nav(r)
    np.testing.assert_allclose(lt.LeveragedToken(1).nav(r), spot, rtol=1e-12)
    np.testing.assert_allclose(lt.LeveragedToken(1, steps_per_day=3).nav(r), spot, rtol=1e-9)
    np.testing.assert_allclose(lt.LeveragedToken(1, steps_per_day=3).simulate(r).nav, spot, rtol=1e-9)


def test_leverage_one_equals_spot_after_near_total_falls():
    # 1 + R would cancel here (R ≈ −1 within a day); the L = 1 loop tracks the product instead
    r = np.array([-0.9999999, -0.9999999, 0.5, 4.0, -0.99999999999, 0.1])
    spot = lt.Spot().nav(r)
    for tok in (lt.LeveragedToken(1, steps_per_day=3), lt.LeveragedToken(1, steps_per_day=6)):
        np.testing.assert_allclose(tok.nav(r), spot, rtol=1e-12)


@FAST
@given(st.floats(min_value=-0.99, max_value=0.99), st.floats(0.1, 10.0), st.floats(0.0, 0.05))
def test_inverse_on_up_is_long_on_down_for_one_period(r, L, fee):
    inverse = lt.LeveragedToken(-L, fee_per_day=fee).nav([r])
    long = lt.LeveragedToken(L, fee_per_day=fee).nav([-r])
    np.testing.assert_allclose(inverse, long, rtol=1e-12, atol=1e-15)


@FAST
@given(products, return_arrays())
def test_nav_never_negative_or_nan(product, r):
    nav = product.nav(r)
    assert np.isfinite(nav).all() and (nav >= 0).all()
    assert (nav[..., 0] == 1.0).all()
    sim = product.simulate(r)
    for name in ("nav", "exposure", "trades", "costs"):
        assert np.isfinite(getattr(sim, name)).all(), name
    assert (sim.nav >= 0).all()
    # ruin is final
    zero = sim.nav == 0
    assert (zero[..., :-1] <= zero[..., 1:]).all()
    np.testing.assert_array_equal(sim.ruined, zero[..., -1])


@FAST
@given(st.floats(0.0, 0.05), st.integers(1, 400), leverages(), st.integers(1, 4))
def test_zero_returns_leave_nav_at_fee_power_days(fee, days, L, spd):
    tok = lt.LeveragedToken(L, fee_per_day=fee, steps_per_day=spd)
    nav = tok.nav(np.zeros(days * spd))
    np.testing.assert_allclose(nav[-1], (1 - fee) ** days, rtol=1e-9)
    np.testing.assert_allclose(tok.simulate(np.zeros(days * spd)).nav[-1], (1 - fee) ** days, rtol=1e-9)


@FAST
@given(tokens(daily_only=True), return_arrays())
def test_fast_path_equals_loop(token, r):
    fast = token.nav(r)                 # vectorised: steps_per_day == 1, no threshold
    loop = token.simulate(r).nav        # the general loop over time steps
    assert np.allclose(fast, loop, rtol=1e-9, atol=1e-12)


@FAST
@given(tokens(), return_arrays())
def test_nav_equals_simulate_nav(token, r):
    np.testing.assert_allclose(token.nav(r), token.simulate(r).nav, rtol=1e-9, atol=1e-12)


@FAST
@given(st.integers(0, 2**32 - 1), st.floats(-1.0, 1.0), st.floats(0.0, 5.0),
       st.integers(1, 30), st.integers(1, 5), st.integers(1, 4))
def test_same_seed_same_paths(seed, mu, sigma, days, n_paths, spd):
    a = paths.gbm_returns(mu, sigma, days, n_paths, spd, seed=seed)
    b = paths.gbm_returns(mu, sigma, days, n_paths, spd, seed=seed)
    np.testing.assert_array_equal(a, b)
    assert a.shape == (n_paths, days * spd) and (a > -1).all()


@FAST
@given(products, return_arrays())
def test_returns_not_modified(product, r):
    before = r.copy()
    product.nav(r)
    product.simulate(r)
    np.testing.assert_array_equal(r, before)


@FAST
@given(tokens(), return_arrays(elements=small_return))
def test_rebalanced_exposure_is_leverage_times_nav(token, r):
    sim = token.simulate(r)
    m = sim.rebalanced
    np.testing.assert_allclose(sim.exposure[m], token.leverage * sim.nav[m], rtol=1e-9, atol=1e-12)
    assert (sim.trades[~m] == 0).all()


@FAST
@given(st.floats(0.0, 0.05), st.floats(0.0, 0.1), return_arrays(elements=small_return))
def test_costs_never_raise_nav(fee, slip, r):
    free = lt.LeveragedToken(3).nav(r)
    costly = lt.LeveragedToken(3, fee_per_day=fee, slippage=slip).nav(r)
    assert (costly <= free * (1 + 1e-12) + 1e-15).all()


# --- issue 11: rebalancing rules, seeds, input spelling -------------------------------------------


@st.composite
def rule_tokens(draw):
    """Tokens with every rebalancing rule: threshold, leverage band, rebalance-on-need."""
    L = draw(leverages())
    kwargs = dict(leverage=L, steps_per_day=draw(st.integers(1, 4)),
                  fee_per_day=draw(st.floats(0.0, 0.01)), slippage=draw(st.floats(0.0, 0.01)))
    a = abs(L)
    low = draw(st.one_of(st.none(), st.floats(0.05, 0.95).map(lambda f: f * a)))
    high = a * draw(st.floats(1.05, 3.0))
    kwargs["leverage_band"] = (low, high)
    kwargs["daily_rebalance"] = draw(st.booleans())
    return lt.LeveragedToken(**kwargs)


@FAST
@given(rule_tokens(), return_arrays())
def test_rule_tokens_nav_is_finite_non_negative_and_matches_simulate(token, r):
    nav = token.nav(r)
    assert np.isfinite(nav).all() and (nav >= 0).all()
    sim = token.simulate(r)
    np.testing.assert_array_equal(nav, sim.nav)
    for name in ("exposure", "trades", "costs"):
        assert np.isfinite(getattr(sim, name)).all(), name


@FAST
@given(leverages(), st.integers(1, 4), st.floats(0.0, 0.01),
       return_arrays(elements=st.floats(-0.001, 0.001)))
def test_unreachable_threshold_or_band_equals_the_daily_token(L, spd, fee, r):
    # within a day the cumulative move stays below 4 × 0.1 % = 0.4 %: the leverage moves by less
    # than a factor 1 ± 0.04 (|L| <= 10), so a threshold of 0.9/|L| and a band of ×/÷ 1.5 never fire
    daily = lt.LeveragedToken(L, steps_per_day=spd, fee_per_day=fee)
    threshold = lt.LeveragedToken(L, steps_per_day=spd, fee_per_day=fee,
                                  rebalance_threshold=0.9 / abs(L))
    band = lt.LeveragedToken(L, steps_per_day=spd, fee_per_day=fee,
                             leverage_band=(abs(L) / 1.5, abs(L) * 1.5))
    expected = daily.simulate(r).nav                # the loop, as for any token with a trigger
    np.testing.assert_allclose(daily.nav(r), expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(threshold.nav(r), expected)
    np.testing.assert_array_equal(band.nav(r), expected)
    np.testing.assert_array_equal(band.simulate(r).rebalanced, daily.simulate(r).rebalanced)


SAMPLERS = {
    "gbm_returns": lambda seed: paths.gbm_returns(0.1, 0.8, 30, 3, seed=seed),
    "fat_tailed_returns": lambda seed: paths.fat_tailed_returns(0.1, 0.8, 30, 3, seed=seed),
    "bridge_returns": lambda seed: paths.bridge_returns(0.2, 30, sigma=0.8, n_paths=3, seed=seed),
    "random_path": lambda seed: paths.random_path(0.2, 30, sigma=0.8, seed=seed),
    "autocorrelated_returns": lambda seed: paths.autocorrelated_returns(0.8, 30, 0.3, 3, seed=seed),
    "daily_log_returns": lambda seed: paths.daily_log_returns(0.8, mu=0.1, days=30, n_paths=3,
                                                              seed=seed),
    "bridge_returns keep_variance": lambda seed: lt.paths.bridge_returns(0.0, 30, sigma=0.8, n_paths=3, seed=seed, keep_variance=True),
    "week_returns": lambda seed: lt.rebalancing.week_returns("seeded random week", seed=seed),
}


@FAST
@given(st.integers(0, 2**63), st.integers(0, 2**63))
def test_same_seed_same_draws_different_seed_different_draws(a, b):
    for name, draw in SAMPLERS.items():
        np.testing.assert_array_equal(draw(a), draw(a), err_msg=name)
        if a != b:
            assert not np.array_equal(draw(a), draw(b)), name


@pytest.mark.parametrize("name", ["gbm_returns", "fat_tailed_returns", "bridge_returns",
                                  "autocorrelated_returns"])
def test_samplers_are_reproducible_by_default(name):
    sampler = getattr(paths, name)
    np.testing.assert_array_equal(sampler(), sampler())
    for bad in (True, 1.5, -1, None, "1"):
        with pytest.raises((TypeError, ValueError), match="seed"):
            sampler(seed=bad)


# float32-exact values, so that every spelling holds the very same numbers
SPELLING_RETURNS = [0.25, -0.125, 0.0625, -0.5, 0.375, 0.0]


class SeriesLike:
    """What a pandas Series offers numpy (``__array__``, ``len``, indexing): pandas is not a
    dependency, so the test uses this stand-in (and pandas itself when it is installed)."""

    def __init__(self, values):
        self._values = np.array(values, dtype=float)

    def __array__(self, dtype=None, copy=None):
        return self._values if dtype is None else self._values.astype(dtype)

    def __len__(self):
        return len(self._values)

    def __getitem__(self, i):
        return self._values[i]


def spellings(values):
    yield "list", list(values)
    yield "tuple", tuple(values)
    yield "float64", np.array(values)
    yield "float32", np.array(values, dtype=np.float32)
    yield "strided view", np.repeat(np.array(values), 2)[::2]
    yield "series-like", SeriesLike(values)
    try:
        import pandas as pd
    except ImportError:
        return
    yield "pandas", pd.Series(values)


@pytest.mark.parametrize("product", [lt.Spot(), lt.LeveragedToken(3),
                                     lt.LeveragedToken(-2, steps_per_day=2, leverage_band=(1, 3)),
                                     lt.MarginPosition(3), lt.CappedToken(3)],
                         ids=lambda p: type(p).__name__)
def test_products_do_not_depend_on_input_spelling(product):
    expected = product.nav(np.array(SPELLING_RETURNS))
    for label, r in spellings(SPELLING_RETURNS):
        before = np.array(r, dtype=float, copy=True)
        np.testing.assert_array_equal(product.nav(r), expected, err_msg=label)
        np.testing.assert_array_equal(product.simulate(r).nav, expected, err_msg=label)
        np.testing.assert_array_equal(np.asarray(r, dtype=float), before, err_msg=label)


@pytest.mark.parametrize("call", [
    lambda x: lt.theory.continuous_decay(3, x, 1.0),
    lambda x: lt.theory.one_period_return(3, x),
    lambda x: lt.theory.naive_multiple(x, 3),
    lambda x: lt.costs.typical_multiple(x, leverage=3, sigma=0.5),
    lambda x: lt.montecarlo.naive_multiple_from_price(x, 3),
    lambda x: lt.strategies.normal_cdf(x),
])
def test_closed_forms_do_not_depend_on_input_spelling(call):
    x = 0.25
    expected = call(x)
    for value in (np.float64(x), np.float32(x), np.array(x), np.array(x, dtype=np.float32)):
        assert call(value) == expected
    arr = np.array([0.25, 0.5])
    for label, v in spellings([0.25, 0.5]):
        np.testing.assert_array_equal(np.asarray(call(v)), np.asarray(call(arr)), err_msg=label)
