"""Input checks shared by every ``levtoken`` module.

Each check returns the cleaned value (a Python ``float``/``int`` or a float ``ndarray``) or
raises an error whose message names the parameter, the value received and what is allowed::

    ValueError: leverage must be non-zero and |leverage| <= 10, got 0

A value of the wrong *kind* (a string, ``None``, a bool where a number is expected, a float where
an integer count is expected) raises :class:`InvalidTypeError`, which is both a ``TypeError`` and a
``ValueError`` (the same trick as ``numpy.exceptions.AxisError``), so callers may catch either.

Every limit of the library lives here, so that it is the same in every module: the largest
leverage (:data:`MAX_LEVERAGE`), volatility (:data:`MAX_SIGMA`), slippage (:data:`MAX_SLIPPAGE`),
sizes (:data:`MAX_DAYS`, :data:`MAX_PATHS`, :data:`MAX_STEPS_PER_DAY`, :data:`MAX_VALUES`),
iteration counts (:data:`MAX_ITERATIONS`) and the conventions (:data:`DAYS_PER_YEAR`,
:data:`DEFAULT_SEED`).
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import types
import warnings
from typing import Any

import numpy as np

__all__ = [
    "MAX_LEVERAGE",
    "check_leverage_array",
    "InvalidTypeError",
    "check_real",
    "check_finite",
    "check_range",
    "check_leverage",
    "check_positive_int",
    "check_returns",
    "check_returns_range",
    "check_returns_shape",
    "check_real_array",
    "check_array",
    "scalar_or_array",
    "check_maintenance_margin",
    "check_seed",
    "rng_from",
    "check_bool",
    "check_leverage_band",
    "check_count",
    "check_size",
    "check_sigma",
    "check_funding",
    "check_fee",
    "check_slippage",
    "check_days_per_year",
    "check_tol",
    "check_choice",
    "check_vector",
    "broadcast",
    "finite_power",
    "finite_result",
    "FINITE_RESULT_MARKER",
    "deprecated_attribute",
    "format_value",
    "all_finite",
    "DAYS_PER_YEAR",
    "MAX_SIGMA",
    "MAX_MU",
    "MAX_SLIPPAGE",
    "MAX_DAYS",
    "MAX_PATHS",
    "MAX_STEPS_PER_DAY",
    "MAX_VALUES",
    "MAX_ITERATIONS",
    "DEFAULT_SEED",
]

#: Largest absolute leverage a product accepts.
MAX_LEVERAGE = 10.0

#: Crypto trades every day: a year is 365 days (the notation page). Functions that turn an annual ``sigma``
#: or ``mu`` into steps take ``days_per_year`` (252 for the leveraged-ETF literature).
DAYS_PER_YEAR = 365

#: Largest annual volatility any function accepts (500 % a year).
MAX_SIGMA = 5.0

#: Largest absolute annual drift ``mu`` any function accepts (1000 % a year).
MAX_MU = 10.0

#: Largest slippage any function accepts: 10 % of each traded notional.
MAX_SLIPPAGE = 0.1

#: Largest number of days (a century of daily steps).
MAX_DAYS = 36_500

#: Largest number of steps per day (one a minute).
MAX_STEPS_PER_DAY = 1_440

#: Largest number of simulated paths in one call.
MAX_PATHS = 1_000_000

#: Largest number of values in one generated array (``n_paths × days × steps_per_day``):
#: 20 million float64 values, 160 MB.
MAX_VALUES = 20_000_000

#: Largest iteration count of any iterative solver.
MAX_ITERATIONS = 10_000

#: Seed used by every random function when none is given (reproducible by default).
DEFAULT_SEED = 20100586


class InvalidTypeError(TypeError, ValueError):
    """Wrong kind of object: a ``TypeError`` that is also a ``ValueError``."""


def format_value(value: Any) -> str:
    """Short human form of a received value (``0``, ``-0.5``, ``'abc'``, ``nan``)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return f"{value:.3e}" if abs(value) < 10**308 else f"an integer of {len(str(abs(value)))} digits"
    if isinstance(value, (int, str, bool)) or value is None:
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fmt_bound(x: float) -> str:
    return f"{x:g}"


def check_real(value: Any, name: str) -> float:
    """Return ``value`` as a Python float; raise :class:`InvalidTypeError` if it is not a real number.

    Bools, strings, ``None``, complex numbers and arrays with more than one element are rejected.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InvalidTypeError(
            f"{name} must be a real number, got {format_value(value)} of type {type(value).__name__}"
        )
    try:
        return float(value)
    except OverflowError:               # an int beyond the float range, e.g. 10**400
        raise ValueError(f"{name} must be a finite number, got {format_value(value)}") from None


def check_finite(value: Any, name: str) -> float:
    """Return ``value`` as a finite Python float."""
    x = check_real(value, name)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {format_value(x)}")
    return x


def check_range(
    value: Any,
    name: str,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a finite float inside ``[low, high]`` (ends open if asked).

    The message names the interval, e.g. ``fee_per_day must be in [0, 1), got 1.5``.
    """
    x = check_finite(value, name)
    ok = True
    if low is not None:
        ok &= x > low if low_open else x >= low
    if high is not None:
        ok &= x < high if high_open else x <= high
    if not ok:
        raise ValueError(f"{name} must be {_interval(low, high, low_open, high_open)}, got {format_value(x)}")
    return x


def _interval(low, high, low_open, high_open) -> str:
    if low is not None and high is not None:
        return (f"in {'(' if low_open else '['}{_fmt_bound(low)}, "
                f"{_fmt_bound(high)}{')' if high_open else ']'}")
    if low is not None:
        return f"{'>' if low_open else '>='} {_fmt_bound(low)}"
    if high is not None:
        return f"{'<' if high_open else '<='} {_fmt_bound(high)}"
    return "finite"


def check_leverage(value: Any, name: str = "leverage", max_abs: float = MAX_LEVERAGE) -> float:
    """Signed leverage: a finite real number, non-zero, ``|L| <= max_abs``. Returns a float."""
    x = check_real(value, name)
    if not math.isfinite(x) or x == 0 or abs(x) > max_abs:
        raise ValueError(
            f"{name} must be non-zero and |{name}| <= {_fmt_bound(max_abs)}, got {format_value(value)}"
        )
    return x


def check_leverage_array(value: Any, name: str = "leverage") -> np.ndarray:
    """Signed leverage as a number or an array of them: each finite, non-zero and
    ``|L| <= MAX_LEVERAGE``. Returns a float array (0-d for a number)."""
    return check_array(value, name, low=-MAX_LEVERAGE, high=MAX_LEVERAGE, nonzero=True)


def check_positive_int(value: Any, name: str, max_value: int | None = None) -> int:
    """A positive integer count (``int`` or numpy integer; bools and floats are rejected), at most
    ``max_value`` when one is given (``30.9`` is an error, never silently 30)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise InvalidTypeError(
            f"{name} must be a positive integer, got {format_value(value)} of type {type(value).__name__}"
        )
    n = int(value)
    if n < 1:
        raise ValueError(f"{name} must be a positive integer, got {n}")
    if max_value is not None and n > max_value:
        raise ValueError(f"{name} must be a positive integer <= {max_value}, got {format_value(n)}")
    return n


def check_count(value: Any, name: str) -> int:
    """A size parameter with its library-wide cap: ``days`` (<= :data:`MAX_DAYS`),
    ``n_paths`` (<= :data:`MAX_PATHS`), ``steps_per_day`` (<= :data:`MAX_STEPS_PER_DAY`),
    ``iterations`` (<= :data:`MAX_ITERATIONS`); any other name is capped at :data:`MAX_VALUES`."""
    cap = _CAPS.get(name, MAX_VALUES)
    return check_positive_int(value, name, cap)


def check_size(n_values: int, what: str = "n_paths * days * steps_per_day") -> int:
    """Refuse to build an array of more than :data:`MAX_VALUES` values (a clear message instead of
    a ``MemoryError`` or a minutes-long call)."""
    if n_values > MAX_VALUES:
        raise ValueError(f"{what} must be <= {MAX_VALUES} values (160 MB), got {n_values}; "
                         "simulate in chunks or with fewer paths")
    return n_values


def check_real_array(value: Any, name: str) -> np.ndarray | float:
    """Scalar or array of real numbers, as a float ndarray (0-d for scalars). Rejects non-numbers."""
    if isinstance(value, (bool, np.bool_)):
        raise InvalidTypeError(f"{name} must be a real number or array, got {format_value(value)}")
    if isinstance(value, numbers.Real):
        return np.asarray(check_real(value, name))
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise InvalidTypeError(f"{name} must be a real number or array, got {format_value(value)}") from exc
    if arr.dtype.kind not in "iuf":
        raise InvalidTypeError(
            f"{name} must be a real number or array of real numbers, got {format_value(value)} "
            f"(dtype {arr.dtype})"
        )
    return arr.astype(float, copy=False)


def check_returns(returns: Any, name: str = "returns") -> np.ndarray:
    """Validate simple returns: numeric, at least one step, finite, every value ``> -1``.

    Returns a float64 ndarray with ``ndim >= 1`` (1-D is one path, 2-D is ``(n_paths, T)``).
    The input is never modified; a float64 array comes back as the same object (read it only).
    """
    return check_returns_range(returns, name)[0]


def check_returns_shape(returns: Any, name: str = "returns") -> np.ndarray:
    """The type and shape half of :func:`check_returns`: a float64 array of real numbers with at
    least one step (values not yet checked; the caller checks them, e.g. block by block)."""
    if isinstance(returns, (bool, np.bool_)):
        raise InvalidTypeError(f"{name} must be an array of real numbers, got {format_value(returns)}")
    try:
        arr = np.asarray(returns)
    except Exception as exc:
        raise InvalidTypeError(f"{name} must be an array of real numbers, got {format_value(returns)}") from exc
    if arr.dtype.kind not in "iuf":
        raise InvalidTypeError(
            f"{name} must be an array of real numbers, got dtype {arr.dtype} ({format_value(returns)})"
        )
    if arr.ndim == 0:
        raise ValueError(
            f"{name} must be a 1-D (one path) or 2-D (n_paths, T) array, got the scalar {format_value(arr[()])}"
        )
    if arr.size == 0 or arr.shape[-1] == 0:
        raise ValueError(f"{name} must hold at least one step, got an empty array of shape {arr.shape}")
    return arr.astype(np.float64, copy=False)


def check_returns_range(returns: Any, name: str = "returns") -> tuple[np.ndarray, float, float]:
    """:func:`check_returns` that also gives the smallest and largest return (free by-products
    of the check, used by the products to skip work, e.g. the ruin floor when no move can ruin).
    """
    arr = check_returns_shape(returns, name)
    # min() is NaN if any NaN (NaN > -1 is False) and catches -inf; max() catches +inf.
    # Two reductions, no temporary array: cheap on the fast path.
    lo, hi = float(arr.min()), float(arr.max())
    if not (lo > -1.0 and hi < np.inf):
        bad = ~(np.isfinite(arr) & (arr > -1.0))
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        where = idx[0] if len(idx) == 1 else idx
        raise ValueError(
            f"{name} must be finite and > -1 (a price can't fall below 0), "
            f"got {format_value(float(arr[idx]))} at index {where}"
        )
    return arr, lo, hi


def check_maintenance_margin(value: Any, leverage: float, name: str = "maintenance_margin") -> float:
    """Maintenance margin ``m`` with ``0 <= m < 1/|leverage|`` (and ``m < 1`` when ``|L| < 1``).

    At ``m >= 1/|L|`` the position would be liquidated the moment it opens.
    """
    high = min(1.0, 1.0 / abs(leverage))
    m = check_finite(value, name)
    if not 0.0 <= m < high:
        bound = "1/|leverage|" if abs(leverage) >= 1 else "1"
        raise ValueError(
            f"{name} must be in [0, {bound}) = [0, {high:.6g}) for leverage {leverage:g}, "
            f"got {format_value(m)}"
        )
    return m


def check_array(value, name, *, low=None, high=None, low_open=False, high_open=False, nonzero=False):
    """Element-wise check for scalars and arrays alike: a float array (0-d for a scalar), finite,
    inside the given interval (and non-zero if asked); the message names the parameter and the
    first bad value."""
    a = check_real_array(value, name)
    bad = ~np.isfinite(a)
    if low is not None:
        bad |= (a <= low) if low_open else (a < low)
    if high is not None:
        bad |= (a >= high) if high_open else (a > high)
    if nonzero:
        bad |= a == 0
    if bad.any():
        v = float(a[bad].flat[0]) if a.ndim else float(a)
        if low is not None and high is not None:
            what = f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        elif low is not None:
            what = f"{'>' if low_open else '>='} {low:g}"
        elif high is not None:
            what = f"{'<' if high_open else '<='} {high:g}"
        else:
            what = "finite"
        if nonzero:
            what = "non-zero and finite" if what == "finite" else f"non-zero and {what}"
        elif what != "finite":
            what = f"finite and {what}"
        raise ValueError(f"{name} must be {what}, got {v!r}")
    return a


def scalar_or_array(x):
    """0-d → Python float; otherwise the array."""
    x = np.asarray(x, dtype=float)
    return float(x) if x.ndim == 0 else x


def check_seed(seed: Any, name: str = "seed", generator: bool = False):
    """A random seed: a non-negative integer (bools, floats, None are rejected). Returns an ``int``.

    With ``generator=True`` a ``numpy.random.Generator`` is also accepted (and returned as is):
    the way to ask for fresh entropy is ``seed=np.random.default_rng()``, never ``None``.
    """
    if generator and isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        what = "a non-negative integer or a numpy Generator" if generator else "a non-negative integer"
        raise InvalidTypeError(f"{name} must be {what}, got {format_value(seed)} of type {type(seed).__name__}")
    if not 0 <= seed < 2**128:
        raise ValueError(f"{name} must be a non-negative integer < 2**128, got {format_value(int(seed))}")
    return int(seed)


def rng_from(seed: Any, name: str = "seed") -> np.random.Generator:
    """``np.random.default_rng`` of a validated seed (an int >= 0 or a Generator, returned as is)."""
    s = check_seed(seed, name, generator=True)
    return s if isinstance(s, np.random.Generator) else np.random.default_rng(s)


def check_bool(value: Any, name: str) -> bool:
    """A flag: ``True`` or ``False`` (Python or numpy bool); anything else is a type error."""
    if not isinstance(value, (bool, np.bool_)):
        raise InvalidTypeError(f"{name} must be True or False, got {format_value(value)} of type {type(value).__name__}")
    return bool(value)


def check_leverage_band(value: Any, leverage: float, name: str = "leverage_band"):
    """A leverage band ``(low, high)`` around ``|leverage|``, or None.

    ``low`` is None (no lower trigger) or a finite number with ``0 < low < |leverage|``;
    ``high`` is a finite number with ``high > |leverage|``. Returns ``(low, high)`` as floats
    (``low`` may be None) or None.
    """
    if value is None:
        return None
    try:
        ok = not isinstance(value, (str, bytes)) and len(value) == 2
    except TypeError:                       # no len(): a number, a 0-d array
        ok = False
    if not ok:
        raise InvalidTypeError(
            f"{name} must be None or a pair (low, high) of leverages, got {format_value(value)}")
    low, high = value[0], value[1]
    a = abs(leverage)
    if low is not None:
        lo = check_finite(low, f"{name}[0] (low)")
        if not 0.0 < lo < a:
            raise ValueError(f"{name}[0] (low) must be None or in (0, |leverage|) = (0, {a:g}) "
                             f"for leverage {leverage:g}, got {format_value(lo)}")
        low = lo
    hi = check_finite(high, f"{name}[1] (high)")
    if not hi > a:
        raise ValueError(f"{name}[1] (high) must be finite and > |leverage| = {a:g} for leverage "
                         f"{leverage:g}, got {format_value(hi)}")
    return (low, hi)


_CAPS = {"days": MAX_DAYS, "n_paths": MAX_PATHS, "steps_per_day": MAX_STEPS_PER_DAY,
         "iterations": MAX_ITERATIONS, "cycles": MAX_DAYS, "n_steps": 100_000,
         "draw_days": MAX_DAYS, "chunk": MAX_PATHS, "chunk_size": MAX_PATHS,
         "horizons": MAX_DAYS, "holding_days": MAX_DAYS, "crash_day": MAX_DAYS,
         "steps_down": 100_000, "steps_up": 100_000}


def check_sigma(value: Any, name: str = "sigma", *, positive: bool = False) -> float:
    """Annualised volatility: a finite float in ``[0, MAX_SIGMA]`` (``(0, MAX_SIGMA]`` if
    ``positive``)."""
    return check_range(value, name, 0.0, MAX_SIGMA, low_open=positive)


def check_funding(value: Any, leverage: float, name: str = "funding_per_day") -> float:
    """Funding rate per day on notional, with ``|leverage · funding_per_day| < 1``."""
    phi = check_finite(value, name)
    if not abs(leverage * phi) < 1.0:
        raise ValueError(
            f"{name} must satisfy |leverage * {name}| < 1, i.e. |{name}| "
            f"< {1 / abs(leverage):.6g} for leverage {leverage:g}, got {format_value(phi)}"
        )
    return phi


def check_fee(value: Any, name: str = "fee_per_day") -> float:
    """A fee per day as a fraction of the NAV: a finite float in ``[0, 1)`` (a fee of 1 would
    take the whole NAV in a day)."""
    return check_range(value, name, 0.0, 1.0, high_open=True)


def check_slippage(value: Any, name: str = "slippage") -> float:
    """Slippage as a fraction of each traded notional: a finite float in
    ``[0, MAX_SLIPPAGE]`` (:data:`MAX_SLIPPAGE`)."""
    return check_range(value, name, 0.0, MAX_SLIPPAGE)


def check_days_per_year(value: Any, name: str = "days_per_year") -> float:
    """Length of a year in days used to turn annual ``sigma``/``mu`` into steps: a real number in
    ``[1, 366]`` (365 for crypto, 252 trading days for the leveraged-ETF literature)."""
    return check_range(value, name, 1.0, 366.0)


def check_tol(value: Any, name: str = "tol", low: float = 1e-15, high: float = 0.1) -> float:
    """Tolerance of an iterative solver: a finite float in ``[low, high]`` (0 or NaN would never
    stop or stop at once)."""
    return check_range(value, name, low, high)


def check_choice(value: Any, name: str, choices) -> str:
    """One of a few strings."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {tuple(choices)}, got {format_value(value)}")
    return value


def check_vector(value: Any, name: str, *, low=None, high=None, low_open=False, high_open=False,
                 nonzero=False, integer=False) -> np.ndarray:
    """A non-empty 1-D sequence of finite numbers (a scalar counts as one), each in the given
    interval; integers only if ``integer``. Returns a 1-D float (or int) array."""
    a = check_array(value, name, low=low, high=high, low_open=low_open, high_open=high_open,
                    nonzero=nonzero)
    a = np.atleast_1d(a)
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence, got shape {a.shape}")
    if integer:
        if not np.all(a == np.round(a)):
            raise InvalidTypeError(f"{name} must hold whole numbers, got {float(a[a != np.round(a)][0])!r}")
        return a.astype(np.int64)
    return a


def broadcast(**arrays) -> list[np.ndarray]:
    """``np.broadcast_arrays`` of named arrays; a shape mismatch is a ``ValueError`` naming them."""
    try:
        return np.broadcast_arrays(*arrays.values())
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"{', '.join(arrays)} must have shapes that broadcast together, "
                         f"got {shapes}") from None


def finite_power(base: float, exponent: float, names: str) -> float:
    """``base ** exponent`` for ``base >= 0``, computed in logs; a result beyond the float range
    is a ``ValueError`` naming the parameters that caused it (never ``inf`` or ``OverflowError``)."""
    if base == 0.0:
        return 0.0 if exponent > 0 else 1.0
    log = exponent * math.log(base)
    if log > 709.0:
        raise ValueError(f"{names}: the result {base:.6g}**{exponent:g} exceeds the float range "
                         "(1.8e308); choose a shorter horizon or smaller inputs")
    return math.exp(log)


# ---------------------------------------------------------------------------------------------
# the finite-result guard


def all_finite(out) -> bool:
    """True if every number in ``out`` (a number, array, dict, tuple, list or dataclass) is finite."""
    if isinstance(out, (bool, np.bool_, str)) or out is None:
        return True
    if isinstance(out, numbers.Real):
        try:
            return math.isfinite(out)
        except OverflowError:
            return False
    if isinstance(out, np.ndarray):
        return out.dtype.kind not in "fc" or bool(np.isfinite(out).all())
    if isinstance(out, dict):
        return all(all_finite(v) for v in out.values())
    if isinstance(out, (tuple, list)):
        return all(all_finite(v) for v in out)
    if hasattr(out, "__dataclass_fields__"):
        return all(all_finite(getattr(out, f)) for f in out.__dataclass_fields__)
    return True


def _not_finite(func, args, kwargs):
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
        given = ", ".join(f"{k}={format_value(v)}" for k, v in bound.arguments.items())
    except TypeError:
        given = ", ".join([format_value(a) for a in args] + [f"{k}={format_value(v)}" for k, v in kwargs.items()])
    names = ", ".join(inspect.signature(func).parameters)
    return ValueError(
        f"{func.__module__}.{func.__qualname__}({given}): the result is beyond the float range "
        f"(not finite) for these inputs; choose smaller values of {names}")


def _not_broadcast(func, args, kwargs, exc):
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in bound.arguments.items()
                           if np.ndim(v) > 0 and not isinstance(v, (str, dict)))
    except (TypeError, ValueError):
        shapes = "?"
    return ValueError(f"{func.__module__}.{func.__qualname__}: the array arguments must have "
                      f"shapes that broadcast together, got {shapes} ({exc})")


#: Marker attribute that :func:`finite_result` sets on the function it returns (``True``).
FINITE_RESULT_MARKER = "__finite_result__"


def finite_result(func):
    """Decorator: the function never returns NaN or inf.

    A computation that overflows (an ``OverflowError`` or a ``ZeroDivisionError``, or a NaN/inf
    anywhere in the result: a number, an array, a dict, a tuple or a dataclass) raises a
    ``ValueError`` that names the function, the arguments received and the parameters to reduce:
    *reject what cannot be computed*. numpy's floating-point warnings are silenced inside the call
    (the result is checked instead), and a numpy broadcast error becomes a ``ValueError`` naming
    the shapes of the array arguments. The wrapper keeps the function's name, docstring,
    signature and module (``functools.wraps``), so doctest and autodoc see the function itself,
    and carries the marker attribute ``__finite_result__ = True``.

    Examples
    --------
    >>> @finite_result
    ... def inverse(x):
    ...     return 1.0 / x
    >>> inverse(4.0)
    0.25
    >>> try:
    ...     inverse(0.0)
    ... except ValueError as error:
    ...     print(error)
    levtoken.validation.inverse(x=0.0): the result is beyond the float range (not finite) for these inputs; choose smaller values of x
    """
    if not callable(func):
        raise InvalidTypeError(f"func must be a function, got {format_value(func)} "
                               f"of type {type(func).__name__}")

    @functools.wraps(func)
    def guarded(*args, **kwargs):
        try:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
                out = func(*args, **kwargs)
        except (OverflowError, ZeroDivisionError):
            raise _not_finite(func, args, kwargs) from None
        except ValueError as exc:
            if "could not be broadcast" in str(exc) or "shape mismatch" in str(exc):
                raise _not_broadcast(func, args, kwargs, exc) from None
            raise
        if not all_finite(out):
            raise _not_finite(func, args, kwargs)
        return out

    setattr(guarded, FINITE_RESULT_MARKER, True)
    return guarded


def _guard_finite(module_globals: dict, names) -> None:
    """``levtoken.validation.guard_finite`` of levtoken 1.x (deprecated: decorate each function
    with :func:`finite_result` where it is defined). Replaces each function ``names`` defined in
    the module ``module_globals`` by its :func:`finite_result` wrapper, in that namespace."""
    for name in names:
        func = module_globals.get(name)
        if (isinstance(func, types.FunctionType) and func.__module__ == module_globals["__name__"]
                and not getattr(func, FINITE_RESULT_MARKER, False)):
            module_globals[name] = finite_result(func)


def deprecated_attribute(module: str, name: str, table: dict):
    """The module-level ``__getattr__`` of a module with old names kept for one release.

    ``table`` maps each old name to ``(replacement, object)``: ``replacement`` is the new
    dotted name the warning gives, ``object`` what the old name still returns (levtoken 2.x;
    the old names go in 3.0). Any other name raises the usual ``AttributeError``.
    """
    if name in table:
        replacement, obj = table[name]
        warnings.warn(f"{module}.{name} is deprecated since levtoken 2.0 and will be removed in "
                      f"3.0: use {replacement}", DeprecationWarning, stacklevel=3)
        return obj
    raise AttributeError(f"module {module!r} has no attribute {name!r}")


#: Old names kept for one release (levtoken 2.x), each warning and naming its replacement.
_DEPRECATED = {
    "guard_finite": ("the decorator levtoken.validation.finite_result on each function where "
                     "it is defined", _guard_finite),
}


def __getattr__(name):
    return deprecated_attribute(__name__, name, _DEPRECATED)
