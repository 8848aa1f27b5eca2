"""Bad input raises, and the message names the parameter, the value and what is allowed.

Covers every case listed under "Errors" in api.md, for the products, the paths and the theory
functions, plus the helpers of :mod:`levtoken.validation` themselves.
"""

import re

import numpy as np
import pytest

import levtoken as lt
from levtoken import paths, theory
from levtoken.validation import (
    InvalidTypeError,
    check_finite,
    check_leverage,
    check_maintenance_margin,
    check_positive_int,
    check_range,
    check_real,
    check_returns,
)

pytestmark = pytest.mark.unit


def msg(*parts):
    """Regex matching the given literal parts in order (anything in between)."""
    return ".*".join(re.escape(p) for p in parts)


# --- the helpers ---------------------------------------------------------------------------------


def test_check_leverage_message_is_the_documented_one():
    with pytest.raises(ValueError) as info:
        check_leverage(0)
    assert str(info.value) == "leverage must be non-zero and |leverage| <= 10, got 0"


@pytest.mark.parametrize("value", [3, 3.0, -3, np.float64(2.5), np.int64(-10), 10, 0.5])
def test_check_leverage_accepts_and_returns_float(value):
    out = check_leverage(value)
    assert type(out) is float and out == float(value)


def test_check_real_rejects_non_numbers_with_type_error():
    for bad in ["3", None, True, np.bool_(False), 1 + 2j, [3.0], object()]:
        with pytest.raises(TypeError, match=msg("x must be a real number, got")):
            check_real(bad, "x")


def test_invalid_type_error_is_both_type_and_value_error():
    assert issubclass(InvalidTypeError, TypeError) and issubclass(InvalidTypeError, ValueError)


def test_check_real_accepts_zero_d_array():
    assert check_real(np.array(2.5), "x") == 2.5


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_check_finite(bad):
    with pytest.raises(ValueError, match=msg("x must be a finite number, got", repr(float(bad)))):
        check_finite(bad, "x")


def test_check_range_messages_name_the_interval():
    with pytest.raises(ValueError, match=msg("f must be in [0, 1), got 1.0")):
        check_range(1.0, "f", 0.0, 1.0, high_open=True)
    with pytest.raises(ValueError, match=msg("g must be > 0, got 0.0")):
        check_range(0.0, "g", 0.0, low_open=True)
    with pytest.raises(ValueError, match=msg("h must be <= 2, got 3.0")):
        check_range(3.0, "h", high=2.0)
    assert check_range(0.0, "f", 0.0, 1.0, high_open=True) == 0.0


@pytest.mark.parametrize("good", [1, 365, np.int64(4), np.int32(2)])
def test_check_positive_int_accepts_ints(good):
    out = check_positive_int(good, "days")
    assert type(out) is int and out == int(good)


@pytest.mark.parametrize("bad", [0, -1, np.int64(0)])
def test_check_positive_int_rejects_non_positive(bad):
    with pytest.raises(ValueError, match=msg("days must be a positive integer, got", str(int(bad)))):
        check_positive_int(bad, "days")


@pytest.mark.parametrize("bad", [2.5, 3.0, True, "3", None, np.float64(2.0)])
def test_check_positive_int_rejects_non_integers(bad):
    with pytest.raises(ValueError, match=msg("days must be a positive integer, got")):
        check_positive_int(bad, "days")
    with pytest.raises(TypeError):
        check_positive_int(bad, "days")


def test_check_returns_passes_float_arrays_through_unchanged():
    r = np.array([0.1, -0.2])
    assert check_returns(r) is r
    out = check_returns([1, 0])            # integers are numbers too
    assert out.dtype == np.float64 and out.tolist() == [1.0, 0.0]


def test_check_maintenance_margin():
    assert check_maintenance_margin(0.005, 3.0) == 0.005
    assert check_maintenance_margin(0.0, -3.0) == 0.0
    with pytest.raises(ValueError, match=msg("maintenance_margin must be in [0, 1/|leverage|)",
                                             "0.333333", "got 0.34")):
        check_maintenance_margin(0.34, 3.0)
    with pytest.raises(ValueError, match=msg("maintenance_margin must be in [0, 1)", "got 1.0")):
        check_maintenance_margin(1.0, 0.5)


# --- leverage ------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [lt.LeveragedToken, lt.MarginPosition])
@pytest.mark.parametrize("bad, shown", [(0, "0"), (0.0, "0.0"), (11, "11"), (-10.5, "-10.5"),
                                        (np.nan, "nan"), (np.inf, "inf")])
def test_bad_leverage_raises(factory, bad, shown):
    with pytest.raises(ValueError, match=msg("leverage must be non-zero and |leverage| <= 10, got",
                                             shown)):
        factory(leverage=bad)


@pytest.mark.parametrize("factory", [lt.LeveragedToken, lt.MarginPosition])
@pytest.mark.parametrize("bad", ["3", None, True, [3]])
def test_leverage_of_wrong_type_raises_type_error(factory, bad):
    with pytest.raises(TypeError, match=msg("leverage must be a real number, got")):
        factory(leverage=bad)


# --- fees, slippage, funding, threshold ----------------------------------------------------------


@pytest.mark.parametrize("bad", [-0.001, 1.0, 1.5])
def test_bad_fee_raises(bad):
    with pytest.raises(ValueError, match=msg("fee_per_day must be in [0, 1), got", repr(bad))):
        lt.LeveragedToken(3, fee_per_day=bad)


@pytest.mark.parametrize("bad", [-0.01, 0.2])
def test_bad_slippage_raises(bad):
    with pytest.raises(ValueError, match=msg("slippage must be in [0, 0.1], got", repr(bad))):
        lt.LeveragedToken(3, slippage=bad)


#: Every function that takes a daily fee or a slippage, each checked by the one check of
#: levtoken.validation (check_fee, check_slippage): the same limit and the same message.
FEE_AND_SLIPPAGE_TAKERS = [
    lambda **kw: lt.LeveragedToken(3, **kw),
    lambda **kw: lt.costs.annual_drag(3, 0.8, days=30, **kw),
    lambda **kw: lt.costs.simulated_drag(3, 0.8, days=30, n_paths=10, **kw),
    lambda **kw: lt.costs.steady_break_even_move(3, days=30, **kw),
]


@pytest.mark.parametrize("take", FEE_AND_SLIPPAGE_TAKERS)
@pytest.mark.parametrize("param, bad, text", [
    ("fee_per_day", 1.0, "fee_per_day must be in [0, 1), got 1.0"),
    ("fee_per_day", -0.001, "fee_per_day must be in [0, 1), got -0.001"),
    ("slippage", 0.2, "slippage must be in [0, 0.1], got 0.2"),
    ("slippage", -0.01, "slippage must be in [0, 0.1], got -0.01"),
])
def test_one_fee_and_slippage_check_everywhere(take, param, bad, text):
    with pytest.raises(ValueError) as exc:
        take(**{param: bad})
    assert str(exc.value) == text


def test_the_fee_and_slippage_checks_of_the_closed_forms():
    from levtoken.validation import MAX_SLIPPAGE, check_fee, check_slippage
    assert check_fee(0.0) == 0.0 and check_fee(np.float64(0.999)) == 0.999
    assert check_slippage(MAX_SLIPPAGE) == 0.1 and isinstance(check_slippage(0), float)
    with pytest.raises(ValueError, match=msg("fee_per_day must be in [0, 1), got 1.0")):
        theory.fee_factor(1.0)
    with pytest.raises(ValueError, match=msg("slippage must be in [0, 0.1], got 0.5")):
        theory.slippage_factor(3, 0.8, 0.5)
    with pytest.raises(ValueError, match=msg("my_fee must be in [0, 1), got 2.0")):
        check_fee(2.0, "my_fee")
    with pytest.raises(InvalidTypeError, match="slippage must be a real number"):
        check_slippage("0.01")


@pytest.mark.parametrize("factory", [lt.LeveragedToken, lt.MarginPosition])
def test_bad_funding_raises(factory):
    with pytest.raises(ValueError, match=msg("funding_per_day must satisfy", "got 0.5")):
        factory(leverage=3, funding_per_day=0.5)
    with pytest.raises(ValueError, match=msg("funding_per_day must be a finite number, got nan")):
        factory(leverage=3, funding_per_day=np.nan)


@pytest.mark.parametrize("bad", [0.0, -0.1, 1 / 3, 0.5])
def test_bad_rebalance_threshold_raises(bad):
    with pytest.raises(ValueError, match=msg("rebalance_threshold must be None or in (0, 1/|leverage|)",
                                             "(0, 0.333333)", "got", repr(float(bad)))):
        lt.LeveragedToken(3, rebalance_threshold=bad)


def test_threshold_interval_follows_leverage():
    lt.LeveragedToken(-2, rebalance_threshold=0.45)          # 1/|L| = 0.5
    with pytest.raises(ValueError, match=msg("(0, 0.2)", "got 0.2")):
        lt.LeveragedToken(5, rebalance_threshold=0.2)


@pytest.mark.parametrize("bad", [0, -2, 2.5, True])
def test_bad_steps_per_day_on_token_raises(bad):
    with pytest.raises(ValueError, match=msg("steps_per_day must be a positive integer, got", str(bad))):
        lt.LeveragedToken(3, steps_per_day=bad)


# --- margin --------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-0.01, 1 / 3, 0.5])
def test_bad_maintenance_margin_raises(bad):
    with pytest.raises(ValueError, match=msg("maintenance_margin must be in [0, 1/|leverage|)",
                                             "got", repr(float(bad)))):
        lt.MarginPosition(3, maintenance_margin=bad)


def test_maintenance_margin_bound_uses_abs_leverage():
    lt.MarginPosition(-5, maintenance_margin=0.19)
    with pytest.raises(ValueError, match=msg("[0, 0.2)", "got 0.2")):
        lt.MarginPosition(-5, maintenance_margin=0.2)


# --- paths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-0.1, -1e-9, 5.5, np.nan])
def test_bad_sigma_raises(bad):
    with pytest.raises(ValueError, match=msg("sigma must be")):
        paths.gbm_returns(sigma=bad)
    with pytest.raises(ValueError, match=msg("sigma", repr(float(bad)))):
        paths.gbm_returns(sigma=bad)


@pytest.mark.parametrize("name", ["days", "n_paths", "steps_per_day"])
@pytest.mark.parametrize("bad", [0, -5, 2.5, 10.0, True, "10", None])
def test_bad_counts_raise(name, bad):
    with pytest.raises(ValueError, match=msg(f"{name} must be a positive integer, got")):
        paths.gbm_returns(**{name: bad})


def test_counts_accept_numpy_integers():
    r = paths.gbm_returns(days=np.int64(3), n_paths=np.int32(2), steps_per_day=np.uint8(2), seed=0)
    assert r.shape == (2, 6)


@pytest.mark.parametrize("bad", [np.nan, np.inf, "0.1"])
def test_bad_mu_raises(bad):
    with pytest.raises(ValueError, match=msg("mu must be")):
        paths.gbm_returns(mu=bad)


def test_bad_scenario_inputs_raise():
    with pytest.raises(ValueError, match=msg("up must be in (0, 1e+06], got 0.0")):
        paths.sideways(0.0)
    with pytest.raises(ValueError, match=msg("cycles must be a positive integer, got 0")):
        paths.sideways(0.1, cycles=0)
    with pytest.raises(ValueError, match=msg("r must be in (-1, 1e+06], got -1.0")):
        paths.constant_returns(-1.0, 10)
    with pytest.raises(ValueError, match=msg("days must be a positive integer, got 0")):
        paths.constant_returns(0.01, 0)


def test_bad_prices_raise():
    with pytest.raises(ValueError, match=msg("prices must be finite and > 0, got 0.0")):
        paths.returns_from_prices([1.0, 0.0, 2.0])
    with pytest.raises(ValueError, match=msg("prices must be an array with at least 2 prices", "(1,)")):
        paths.returns_from_prices([1.0])
    with pytest.raises(TypeError, match=msg("prices must be a real number or array")):
        paths.returns_from_prices(["a", "b"])
    with pytest.raises(ValueError, match=msg("start must be in (0, 1e+12], got -1.0")):
        paths.prices_from_returns([0.1], start=-1.0)


# --- returns given to products and paths ---------------------------------------------------------

PRODUCTS = [lt.Spot(), lt.LeveragedToken(3), lt.LeveragedToken(3, steps_per_day=2, rebalance_threshold=0.1),
            lt.MarginPosition(3)]


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: type(p).__name__)
@pytest.mark.parametrize("method", ["nav", "simulate"])
@pytest.mark.parametrize(
    "bad, pattern",
    [
        ([], msg("returns must hold at least one step, got an empty array of shape (0,)")),
        (np.empty((3, 0)), msg("returns must hold at least one step", "(3, 0)")),
        (np.empty((0, 5)), msg("returns must hold at least one step", "(0, 5)")),
        ([0.1, np.nan], msg("returns must be finite and > -1", "got nan at index 1")),
        ([0.1, np.inf], msg("returns must be finite and > -1", "got inf at index 1")),
        ([-np.inf], msg("returns must be finite and > -1", "got -inf at index 0")),
        ([0.1, -1.0], msg("returns must be finite and > -1", "got -1.0 at index 1")),
        ([[0.1, 0.2], [0.0, -1.5]], msg("returns must be finite and > -1", "got -1.5 at index (1, 1)")),
        (0.1, msg("returns must be a 1-D (one path) or 2-D (n_paths, T) array, got the scalar 0.1")),
    ],
)
def test_bad_returns_raise_value_error(product, method, bad, pattern):
    with pytest.raises(ValueError, match=pattern):
        getattr(product, method)(bad)


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: type(p).__name__)
@pytest.mark.parametrize("bad", [["a", "b"], [True, False], [1 + 1j], None])
def test_non_numeric_returns_raise_type_error(product, bad):
    with pytest.raises(TypeError, match=msg("returns must be an array of real numbers")):
        product.nav(bad)


def test_bad_returns_to_prices_from_returns():
    with pytest.raises(ValueError, match=msg("returns must be finite and > -1", "got -2.0")):
        paths.prices_from_returns([0.1, -2.0])


# --- theory --------------------------------------------------------------------------------------


def test_theory_rejects_bad_values_with_named_messages():
    with pytest.raises(ValueError, match=msg("leverage must be non-zero and in [-10, 10], got 0.0")):
        theory.ruin_move(0)
    with pytest.raises(ValueError, match=msg("leverage must be non-zero and in [-10, 10], got 0.0")):
        theory.ruin_move(np.array([1.0, 0.0]))
    with pytest.raises(ValueError, match=msg("leverage must be non-zero and in [-10, 10], got 0.0")):
        theory.liquidation_move(0)
    with pytest.raises(ValueError, match=msg("maintenance_margin must be in [0, 1/|leverage|)", "got 0.4")):
        theory.liquidation_move(3, 0.4)
    with pytest.raises(ValueError, match=msg("maintenance_margin must be in [0, 1/|leverage|)", "got 0.25")):
        theory.liquidation_move(np.array([3.0, 5.0]), 0.25)
    with pytest.raises(ValueError, match=msg("maintenance_margin must be finite and >= 0, got -0.01")):
        theory.liquidation_move(3, -0.01)
    with pytest.raises(ValueError, match=msg("sigma must be finite and >= 0, got -0.8")):
        theory.continuous_decay(3, -0.8, 1.0)
    with pytest.raises(ValueError, match=msg("sigma must be finite and > 0, got 0.0")):
        theory.kelly_leverage(0.1, 0.0)
    with pytest.raises(ValueError, match=msg("fee_per_day must be finite and in [0, 1), got 1.0")):
        theory.compounded_fee(1.0, 365)
    with pytest.raises(ValueError, match=msg("fee_per_day must be finite and in [0, 1), got -0.1")):
        theory.simple_fee_sum(-0.1, 365)
    with pytest.raises(ValueError, match=msg("days must be finite and >= 0, got -1.0")):
        theory.compounded_fee(0.001, -1)
    with pytest.raises(ValueError, match=msg("years must be finite and >= 0, got -1.0")):
        theory.continuous_decay(3, 0.8, -1)
    with pytest.raises(ValueError, match=msg("underlying_return must be finite and > -1, got -1.0")):
        theory.one_period_return(3, -1.0)
    with pytest.raises(ValueError, match=msg("underlying_return must be finite and > -1, got nan")):
        theory.rebalance_trade(3, np.nan)
    with pytest.raises(ValueError, match=msg("price_multiple must be finite and > 0, got 0.0")):
        theory.continuous_token_multiple(0.0, 3, 0.8, 1.0)
    with pytest.raises(ValueError, match=msg("move must be finite and > -1, got -1.0")):
        theory.leverage_after_move(3, -1.0)
    with pytest.raises(TypeError, match=msg("leverage must be a real number or array", "'3'")):
        theory.one_period_return("3", 0.1)
    with pytest.raises(TypeError, match=msg("leverage must be a real number or array")):
        theory.growth_rate(True, 0.1, 0.5)


def test_no_helper_is_copied_between_modules():
    """A check has one home (levtoken.validation): no two engine modules define a function with
    the same body (levtoken 1.x had ``_fee``/``_slippage`` in costs and theory). The modules'
    ``__getattr__`` (one line: ``deprecated_attribute(...)``) is the one pattern they share."""
    import ast
    from pathlib import Path

    bodies: dict[str, list[str]] = {}
    for path in sorted(Path(lt.__file__).parent.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name != "__getattr__":
                body = node.body[1:] if ast.get_docstring(node) else node.body
                key = ast.dump(ast.Module(body=body, type_ignores=[]))
                bodies.setdefault(key, []).append(f"{path.name}:{node.name}")
    copies = [where for where in bodies.values() if len(where) > 1]
    assert not copies, f"the same function in several modules: {copies}"
    assert len(bodies) > 150          # the scan saw the engine's functions
