"""The contract of every public callable of every ``levtoken`` module (issue 11).

Discovery is automatic: every module of the package found on disk by ``pkgutil.walk_packages``
(private ones, with a ``_`` in their dotted name, left out), every name in its ``__all__`` (or,
without ``__all__``, every public name it defines) that is a function or a class defined there.
A name another module re-exports (``issuers.trigger_moves`` is ``rules.trigger_moves``) is
checked once, in the
module that defines it; ``test_reexports_are_checked_where_defined`` proves the identity. A module
or function added later is covered the day it is merged, and ``levtoken.MODULES`` must list every
module found on disk (``test_modules_lists_every_module_on_disk``), so the list cannot drift.

For each callable:

* **good input** — called with small, valid arguments (the table ``GOOD`` by parameter name, the
  callable's own defaults otherwise; an unknown required parameter is found by trying a pool of
  ordinary values), it returns without error and every number in the result is finite;
* **bad input** — each parameter in turn receives every value of a catalogue (NaN, ±inf,
  ``10**400``, a string, ``None``, ``True``, an empty list, a wrong-rank array, ``1.5`` and
  ``10**12`` for counts…). The call must either raise ``ValueError``/``TypeError`` whose message
  names the parameter, or — for the values that can be legitimate (``None`` where ``None`` is an
  option, a list where an array is expected) — return a finite result. Values that are never
  legitimate (NaN, ±inf, ``10**400``, a non-numeric string for a number, a float or a bool for a
  count) must raise. Any other exception (``OverflowError``, ``IndexError``, a numpy broadcast
  error, "math domain error"…) fails the test;
* **mismatched shapes** — two array parameters given shapes (2,) and (3,) raise a
  ``ValueError`` naming them (not a bare numpy broadcast error);
* **no hang** — every call runs under a 10-second alarm.

The book's own package (``levtoken_book``: figures, explorers, panels) gets the same catalogue in
``tests/book/test_contract_book.py``, which reuses this module's machinery. Drawing stays fast because the sizes are small: ``GOOD`` sizes, and the
module constants that size a chapter's big cached simulation (``SMALL_SIZES``, e.g. the 10 000
paths per volatility of ``widgets.comparison.comparison_grid``) are shrunk while that module is
checked, its caches cleared before and after. Every figure is closed after each call. Nothing is
skipped: a callable without parameters (a panel) gets its valid call and the finite-result
check; the decorator ``validation.finite_result`` is given a small function (``_scratch_function``)
and checked on it (``test_finite_result_keeps_the_function_and_rejects_a_non_finite_result``).

Record types (dataclasses with required fields that the library returns, e.g. ``Simulation``) are
not constructed from scratch; their methods are exercised on an instance the library built
(``FACTORIES``). The check functions of ``levtoken.validation`` are exercised through every other
callable; their own ``value`` argument is injected too (the message must name the ``name`` given).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import inspect
import pkgutil
import signal

import numpy as np
import pytest

import levtoken
from levtoken.validation import all_finite

pytestmark = pytest.mark.unit

TIMEOUT = 10.0      # seconds per call

#: Small valid values by parameter name (small sizes keep the whole test well under a minute).
GOOD = {
    "returns": [0.01, -0.02, 0.03, 0.0],
    "daily_returns": [0.01, -0.02],
    "prices": [1.0, 1.01, 0.99],
    "leverage": 3.0, "leverages": (1.0, 3.0), "effective_leverage": 4.0,
    "sigma": 0.8, "sigmas": (0.5, 0.8), "mu": 0.1,
    "days": 20, "n_paths": 40, "steps_per_day": 2, "years": 0.5, "horizon": 10,
    "horizons": (5, 10), "holding_days": (5, 10), "draw_days": 30,
    "seed": 7, "total_return": 0.2, "total_returns": (0.0, 0.2), "move": -0.05, "moves": (-0.1, 0.1),
    "underlying_return": 0.05, "price_multiple": 1.1, "total_move": -0.1,
    "fee_per_day": 0.0005, "funding_per_day": 0.0003, "slippage": 0.0005,
    "maintenance_margin": 0.005, "rebalance_threshold": 0.1, "threshold": 0.1,
    "leverage_band": (2.0, 4.0), "swing": 0.04, "crash_depth": 0.15, "r": 0.01, "up": 0.1,
    "cycles": 2, "start": 1.0, "nav": 100.0, "entry": 60_000.0, "p_period": 0.001, "periods": 365,
    "p": 0.3, "x": 0.5, "max_loss": 0.05, "stake": 0.1, "token_nav": [1.0, 1.2, 0.9],
    "multiples": [0.5, 1.0, 2.0], "token": [1.2, 0.8, 1.0], "spot": [1.1, 0.9, 1.0],
    "dip": -0.2, "steps_down": 2, "steps_up": 2, "n_steps": 4, "chunk": 20, "chunk_size": 20,
    "iterations": 40, "tol": 1e-10, "n_points": 100, "steps": [1, 2],
    "quantiles": (0.25, 0.5, 0.75), "loss": 0.5, "phi": 0.2, "mark_return": 0.2,
    "swings": (0.0, 0.05), "depths": (0.0, 0.1), "max_daily_gain": 0.2,
    "reset_utc": (0.0, 16.0),
    "dates": ("2025-07-03", "2025-07-04", "2025-07-07"),
    "products": {"spot": levtoken.Spot(), "token": levtoken.LeveragedToken(3)},
    "values": {"x": np.array([[1.0, 1.1], [0.5, 0.4], [2.0, 2.5]])},
}

#: Integer counts: a float (1.5) must be refused, never truncated (``days=30.9`` is not 30).
COUNTS = {"days", "n_paths", "steps_per_day", "iterations", "cycles", "chunk", "chunk_size",
          "draw_days", "n_steps", "steps_down", "steps_up", "crash_day", "horizon", "n_points",
          "seed", "nrows", "ncols", "decimals", "active"}

#: Functions whose ``days`` is a real length of time (a continuous formula, nothing truncated).
REAL_DAYS = {"levtoken.theory.break_even_volatility", "levtoken.theory.liquidation_probability",
             "levtoken.theory.compounded_fee", "levtoken.theory.simple_fee_sum"}

def _scratch_function(x):
    """``1/x``: a function for the decorator ``finite_result``, not finite at ``x = 0``."""
    return 1.0 / x


def _small_csv():
    """A three-day CSV of closes (levtoken.data.load_prices reads a file)."""
    import tempfile
    from pathlib import Path
    folder = Path(tempfile.mkdtemp(prefix="levtoken-contract-"))
    path = folder / "prices.csv"
    path.write_text("date,close\n2024-01-01,100\n2024-01-02,110\n2024-01-03,99\n")
    return path


def _small_closes():
    import pandas as pd
    return pd.Series([100.0, 110.0, 99.0, 101.0],
                     index=pd.date_range("2024-01-01", periods=4, name="date"))


#: Whole argument sets for callables whose parameters need each other (a callable: built afresh
#: for each call).
GOOD_CALLS = {
    "levtoken.validation.finite_result": {"func": _scratch_function},
    "levtoken.validation.deprecated_attribute": lambda: {"module": "m", "name": "old",
                                                         "table": {"old": ("new", 1.0)}},
    "levtoken.validation.check_choice": {"value": "x", "name": "value", "choices": ("x", "y")},
    "levtoken.crashes.regime": {"key": "2023-2024"},
    "levtoken.crashes.regime_key": {"key": "2023-2024"},
    "levtoken.funds.preset": {"key": "btc2x"},
    "levtoken.crashes.crash_day_prices": {"key": "march2020"},
    "levtoken.crashes.crash_day_returns": {"key": "gap"},
    "levtoken.crashes.crash_outcomes": {"key": "slide"},
    "levtoken.data.load_prices": lambda: {"path": _small_csv()},
    "levtoken.data.daily_returns": lambda: {"prices": _small_closes()},
    "levtoken.data.check_window": lambda: {"prices": levtoken.data.bitcoin_prices()},
    "levtoken.paths.log_returns_from_shocks": dict(
        mu=0.1, sigma=0.8, days=20, n_paths=4, steps_per_day=1, seed=7,
        draw_shocks=lambda rng, shape: rng.standard_normal(shape)),
}

#: Pool tried for a required parameter missing from GOOD (first value that works wins).
POOL = (3.0, 0.5, 10, 1, [0.01, -0.02, 0.03], "ftx", "kucoin", 0.1, None, True)

NAN, INF = float("nan"), float("inf")


#: Free-text parameters (a string is legitimate even where the default is None).
TEXT = {"title", "caption", "label", "description", "alt", "name", "xlabel", "ylabel", "note",
        "source", "slider_label", "variable"}


def catalogue(default, is_count, is_text=False):
    """(value, must_raise) pairs fed to a parameter whose default is ``default``."""
    is_text = is_text or isinstance(default, str)
    is_bool = isinstance(default, bool)
    cases = [
        (NAN, True), (INF, True), (-INF, True), (10**400, True),
        ("1.5", not is_text), ("abc", not is_text),
        (None, False), ([], False), (np.array([]), False),
        ([[0.1, 0.2], [0.3, 0.4]], False), (np.zeros((2, 2, 2)), False),
        (True, not is_bool and (is_count or isinstance(default, (int, float)))),
        (-1, False), (1e300, False), ([1e200, 1e200, 1e200], False),
        (np.float32(0.5), False), (np.array(0.5), False),
    ]
    if is_count:
        cases += [(1.5, True), (10**12, False), (0, False)]
    return cases


# ---------------------------------------------------------------------------------------------
# discovery


def discovered_modules(package=levtoken):
    """Every module of ``package`` found on disk (``pkgutil.walk_packages``), private ones
    (a ``_`` in any part of the dotted name) left out."""
    names = []
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def public_modules(package=levtoken):
    return [importlib.import_module(name) for name in discovered_modules(package)]


#: (name, object) of every callable a module exports but another module defines.
REEXPORTS: list = []


def public_callables(package=levtoken):
    seen, out = set(), []
    REEXPORTS.clear()
    for m in public_modules(package):
        names = getattr(m, "__all__", None)
        if names is None:
            names = [k for k in vars(m) if not k.startswith("_")]
        for k in names:
            obj = getattr(m, k, None)
            if obj is None or not callable(obj):
                continue
            if getattr(obj, "__module__", None) != m.__name__:
                REEXPORTS.append((f"{m.__name__}.{k}", obj))    # checked where it is defined
                continue
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            out.append((f"{m.__name__}.{k}", obj))
    return out


def is_record(cls) -> bool:
    """A dataclass with required fields: a result type the library builds, not an entry point."""
    if not dataclasses.is_dataclass(cls):
        return False
    return any(f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
               for f in dataclasses.fields(cls))


def params(func):
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [p for p in sig.parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"]


# ---------------------------------------------------------------------------------------------
# calling with a timeout


class Hang(Exception):
    pass


def _alarm(signum, frame):
    raise Hang(f"call took longer than {TIMEOUT} s")


def call(func, kwargs):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TIMEOUT)
    try:
        return func(**kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def close_figures(result):
    """Free matplotlib figures a drawing function returned (the test draws many)."""
    import sys
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def good_kwargs(func, qualname):
    """Keyword arguments for a valid call, or None if no valid call was found."""
    ps = params(func)
    if qualname in GOOD_CALLS:
        spec = GOOD_CALLS[qualname]
        kw = dict(spec() if callable(spec) else spec)
        return kw
    kw = {}
    for p in ps:
        if p.name in GOOD:
            kw[p.name] = GOOD[p.name]
        elif qualname.startswith("levtoken.validation.") and p.name == "name":
            kw[p.name] = "value"
        elif p.default is p.empty:
            kw[p.name] = POOL[0]
    try:
        call(func, kw)
        return kw
    except Exception:
        pass
    # search: one unknown or failing parameter at a time, values from the pool or the default
    for p in ps:
        for v in POOL + ((p.default,) if p.default is not p.empty else ()):
            trial = dict(kw, **{p.name: v})
            try:
                call(func, trial)
                return trial
            except Exception:
                continue
            finally:
                close_figures(None)
    return None


FACTORIES = {
    "Simulation": lambda: levtoken.LeveragedToken(3).simulate([0.01, -0.02]),
    "DragBreakdown": lambda: levtoken.costs.annual_drag(3, 0.8, days=30),
    "TerminalMultiples": lambda: levtoken.montecarlo.terminal_multiples(3, 0.8, days=10,
                                                                         n_paths=20),
    "RebalanceTable": lambda: levtoken.rebalancing.rebalance_table(3, [0.05, -0.04]),
    "ProductPreset": lambda: levtoken.funds.preset("bitu"),
}


def instances(name, cls):
    """Instances whose methods are exercised: a default-constructed product, or a factory's."""
    if name.rsplit(".", 1)[-1] in FACTORIES:
        return [FACTORIES[name.rsplit(".", 1)[-1]]()]
    if is_record(cls):
        return []
    try:
        return [cls()]
    except Exception:
        return []


def targets(package=levtoken):
    """(id, callable) for every function, class constructor and public method of ``package``."""
    out = []
    for qual, obj in public_callables(package):
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            if not is_record(obj):
                out.append((qual, obj))
            for inst in instances(qual, obj):
                for mname, meth in inspect.getmembers(inst, predicate=inspect.ismethod):
                    if not mname.startswith("_"):
                        out.append((f"{qual}.{mname}", meth))
        else:
            out.append((qual, obj))
    return out


TARGETS = targets()


def test_discovery_finds_every_module_and_many_callables():
    names = {q.split(".")[1] for q, _ in TARGETS}
    for m in ("paths", "products", "theory", "rules", "costs", "compare", "strategies",
              "montecarlo", "scenarios", "rebalancing", "validation"):
        assert m in names
    assert len(TARGETS) > 140


def _message_names(exc, name, kwargs):
    text = str(exc)
    if name in text:
        return True
    # the checks of levtoken.validation name the parameter they are given as ``name``
    return isinstance(kwargs.get("name"), str) and kwargs["name"] in text


#: Module constants that size a chapter's big cached simulation, shrunk while that module's
#: callables are checked (the chapter's own sizes take minutes per call: 10 000 paths per
#: volatility). The caches of the module are cleared before and after, so the chapter and the
#: widget tests never see a small grid.
SMALL_SIZES: dict = {}


@contextlib.contextmanager
def small_sizes(qual):
    changed = [(importlib.import_module(mod), sizes) for mod, sizes in SMALL_SIZES.items()
               if qual.startswith(mod + ".")]
    saved = [(m, {k: getattr(m, k) for k in sizes}) for m, sizes in changed]

    def clear_caches():
        for m, _ in changed:
            for obj in vars(m).values():
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()

    clear_caches()
    for m, sizes in changed:
        for k, v in sizes.items():
            setattr(m, k, v)
    try:
        yield
    finally:
        for m, old in saved:
            for k, v in old.items():
                setattr(m, k, v)
        clear_caches()


@pytest.mark.parametrize("qual, func", TARGETS, ids=[q for q, _ in TARGETS])
def test_contract(qual, func):
    with small_sizes(qual):
        _check_contract(qual, func)


def _check_contract(qual, func):
    ps = params(func)
    kw = good_kwargs(func, qual)
    assert kw is not None, f"{qual}: no valid call found; add its parameters to GOOD"
    out = call(func, kw)
    assert all_finite(out), f"{qual}({kw}) returned a non-finite number"
    close_figures(out)

    failures = []
    checks = qual.startswith("levtoken.validation.")
    for p in ps:
        default = kw.get(p.name, p.default)
        if checks and p.name != "value":
            continue            # plumbing of the checks (name, bounds): not user input
        is_count = p.name in COUNTS and not (p.name == "days" and qual in REAL_DAYS)
        for value, must_raise in catalogue(default if default is not p.empty else 0.0, is_count,
                                           p.name in TEXT):
            must_raise = must_raise and not checks   # a check's own semantics say what it takes
            trial = dict(kw, **{p.name: value})
            try:
                res = call(func, trial)
            except (ValueError, TypeError) as exc:
                if not _message_names(exc, p.name, trial):
                    failures.append(f"{p.name}={value!r}: {type(exc).__name__} does not name "
                                    f"the parameter: {exc}")
                continue
            except Hang as exc:
                failures.append(f"{p.name}={value!r}: {exc}")
                continue
            except Exception as exc:    # noqa: BLE001 - the point of the test
                failures.append(f"{p.name}={value!r}: {type(exc).__name__}: {exc}")
                continue
            finally:
                close_figures(None)
            if must_raise:
                failures.append(f"{p.name}={value!r} was accepted (no error)")
            elif not checks and not all_finite(res):
                failures.append(f"{p.name}={value!r} gave a non-finite result")
    failures += _mismatched_shapes(qual, func, ps, kw, checks)
    assert not failures, f"{qual}:\n  " + "\n  ".join(failures)


def _mismatched_shapes(qual, func, ps, kw, checks):
    """Two array parameters of shapes (2,) and (3,): a named ValueError, never a numpy error."""
    if checks:
        return []
    arrays = []
    for p in ps:
        v = kw.get(p.name, p.default)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v is p.empty:
            continue
        try:
            call(func, dict(kw, **{p.name: np.array([v, v])}))
            arrays.append((p.name, v))
        except Exception:       # not an array parameter
            continue
    failures = []
    for (a, va), (b, vb) in zip(arrays, arrays[1:]):
        trial = dict(kw, **{a: np.array([va, va]), b: np.array([vb, vb, vb])})
        try:
            res = call(func, trial)
        except ValueError as exc:
            if a not in str(exc) and b not in str(exc):
                failures.append(f"{a} (2,) with {b} (3,): the error names neither: {exc}")
            continue
        except Exception as exc:    # noqa: BLE001
            failures.append(f"{a} (2,) with {b} (3,): {type(exc).__name__}: {exc}")
            continue
        if not all_finite(res):
            failures.append(f"{a} (2,) with {b} (3,) gave a non-finite result")
    return failures


def test_modules_lists_every_module_on_disk():
    """``levtoken.MODULES`` (the package's own list, used by its docs) cannot drift: every
    module found on disk is in it (a package's submodules through the package), and every entry
    exists."""
    found = discovered_modules()
    top = {name.split(".")[1] for name in found}
    assert top == set(levtoken.MODULES), (
        f"on disk but not in levtoken.MODULES: {sorted(top - set(levtoken.MODULES))}; "
        f"in levtoken.MODULES but not on disk: {sorted(set(levtoken.MODULES) - top)}")
    assert "levtoken.crashes" in found and not any(m.startswith("levtoken_book") for m in found)


def test_the_package_docstring_describes_every_module():
    """``help(levtoken)`` describes each module of ``levtoken.MODULES`` by its concept (a term
    of the docstring's module list, with a description under it) and says how to get the
    ``data`` extra that ``data`` and ``history`` need."""
    import re
    doc = levtoken.__doc__
    terms = re.findall(r"^([a-z_]+)\n    \S", doc, re.M)
    assert sorted(terms) == sorted(levtoken.MODULES)
    assert 'pip install "levtoken[data]"' in doc and "pandas and pooch" in doc
    assert not re.search(r"[Cc]hapter", doc)


#: The modules whose every public function (each name of ``__all__`` that is a function defined
#: in the module) is decorated with ``validation.finite_result``.
FINITE_MODULES = ("paths", "theory", "rules", "rebalancing", "montecarlo", "scenarios", "costs",
                  "compare", "strategies")


@pytest.mark.parametrize("name", FINITE_MODULES)
def test_every_public_function_is_decorated_with_finite_result(name):
    """The guard is applied where each function is defined (``@finite_result``), not by a call
    that rewrites the module: each public function carries the decorator's marker, is the
    function its module defines (same name, module, docstring and signature as the function it
    wraps) and is the object a caller imports."""
    from levtoken.validation import FINITE_RESULT_MARKER
    module = importlib.import_module(f"levtoken.{name}")
    functions = [k for k in module.__all__
                 if inspect.isfunction(getattr(module, k))
                 and getattr(module, k).__module__ == module.__name__]
    assert functions, f"levtoken.{name} defines no public function"
    bare = [k for k in functions if getattr(getattr(module, k), FINITE_RESULT_MARKER, None) is not True]
    assert not bare, f"levtoken.{name}: not decorated with @finite_result: {bare}"
    for k in functions:
        func = getattr(module, k)
        inner = func.__wrapped__
        assert (func.__name__, func.__doc__, func.__module__) == (k, inner.__doc__, module.__name__)
        assert inspect.signature(func) == inspect.signature(inner)
        assert not hasattr(inner, "__wrapped__"), f"levtoken.{name}.{k} is wrapped twice"
    source = inspect.getsource(module)
    assert "guard_finite" not in source
    assert source.count("@finite_result\ndef ") == len(functions)


def test_the_unguarded_modules_are_the_known_ones():
    """The other modules check their inputs without the decorator (classes, the checks themselves,
    pandas readers): a module added later is listed on one side or the other."""
    from levtoken.validation import FINITE_RESULT_MARKER
    decorated = set()
    for name in levtoken.MODULES:
        module = importlib.import_module(f"levtoken.{name}")
        if any(getattr(v, FINITE_RESULT_MARKER, None) is True and v.__module__ == module.__name__
               for v in vars(module).values()):
            decorated.add(name)
    assert decorated == set(FINITE_MODULES)


def test_finite_result_keeps_the_function_and_rejects_a_non_finite_result():
    """The decorator returns the function's own result and turns a non-finite one into a
    ValueError whose message is the one levtoken 1.x gave (function, arguments, parameters)."""
    from levtoken.validation import finite_result
    inverse = finite_result(_scratch_function)
    assert inverse(4.0) == 0.25
    assert inverse.__name__ == "_scratch_function" and inverse.__wrapped__ is _scratch_function
    with pytest.raises(ValueError) as exc:
        inverse(0.0)
    assert str(exc.value) == (           # the module is wherever this test file is imported from
        f"{_scratch_function.__module__}._scratch_function(x=0.0): the result is beyond the float "
        "range (not finite) for these inputs; choose smaller values of x")


def test_the_guard_messages_are_unchanged():
    """The exact messages of a real overflow and a real shape mismatch (as in levtoken 1.x)."""
    with pytest.raises(ValueError) as exc:
        levtoken.theory.expected_token_multiple(10, 5.0, 100.0)
    assert str(exc.value) == (
        "levtoken.theory.expected_token_multiple(leverage=10, mu=5.0, years=100.0): the result is "
        "beyond the float range (not finite) for these inputs; choose smaller values of leverage, "
        "mu, years")
    with pytest.raises(ValueError) as exc:
        levtoken.theory.continuous_decay(3, sigma=np.array([0.1, 0.2]), years=np.array([1.0, 2.0, 3.0]))
    assert str(exc.value) == (
        "levtoken.theory.continuous_decay: the array arguments must have shapes that broadcast "
        "together, got sigma (2,), years (3,) (operands could not be broadcast together with "
        "shapes (2,) (3,) )")


def test_guard_finite_is_a_deprecated_alias_of_the_decorator():
    """``validation.guard_finite`` (public in levtoken 1.x) still works for one release: it warns,
    names ``finite_result``, and decorates the functions of the namespace it is given."""
    namespace = {"__name__": "levtoken_contract_scratch"}
    exec("def inverse(x):\n    return 1.0 / x\n", namespace)     # noqa: S102 - a fixed snippet
    with pytest.warns(DeprecationWarning, match=r"levtoken\.validation\.finite_result") as record:
        guard_finite = levtoken.validation.guard_finite
    assert "3.0" in str(record[0].message)
    assert "guard_finite" not in levtoken.validation.__all__
    guard_finite(namespace, ["inverse"])
    inverse = namespace["inverse"]
    assert inverse(4.0) == 0.25 and inverse.__finite_result__ is True
    with pytest.raises(ValueError, match=r"levtoken_contract_scratch\.inverse\(x=0\.0\): the result "
                                         r"is beyond the float range"):
        inverse(0.0)


def test_reexports_are_checked_where_defined():
    """A re-exported callable is not skipped: the very same object is checked in the module that
    defines it (``levtoken.issuers.trigger_moves`` is ``levtoken.rules.trigger_moves``)."""
    checked = {id(obj) for _, obj in public_callables()}
    ours = [(name, obj) for name, obj in REEXPORTS
            if str(getattr(obj, "__module__", "")).startswith("levtoken.")]
    missing = [name for name, obj in ours if id(obj) not in checked]
    assert not missing, f"re-exported but checked nowhere: {missing}"
    assert "levtoken.issuers.trigger_moves" in {name for name, _ in ours}
