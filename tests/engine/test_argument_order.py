"""One argument order per concept: two public callables of the engine that both take, say,
``sigma`` and ``days`` by position take them in the same order.

Every positional parameter pair of every public function, product constructor and public method
(the validation checks and the record types the library builds, such as ``CostPreset``, left
out: their order is a data layout) is compared across the package. Since levtoken 2.0 the orders
agree: the common orders are ``gbm_returns(mu, sigma, days, n_paths, steps_per_day, seed)`` for
the samplers, ``LeveragedToken(leverage, fee_per_day, funding_per_day, steps_per_day, …)`` for
the costs and ``year_table(closes, leverage, fee_per_day)`` for real prices, and a callable that
took parameters out of that order takes them **keyword-only** (a caller who passed them by
position gets a ``TypeError``, never numbers computed from swapped arguments). ``KNOWN_CLASHES``
is empty and a new clash fails here (a pair left on the list once it is resolved fails too).
"""

from __future__ import annotations

import collections
import dataclasses
import importlib
import inspect
import itertools

import pytest

import levtoken

pytestmark = pytest.mark.unit

#: The parameter pairs whose positional order still differs between public callables (each
#: pair sorted by name): none since levtoken 2.0. The ``test_*`` below prints who takes which
#: order when a clash appears.
KNOWN_CLASHES: set = set()


def _is_record(cls) -> bool:
    return dataclasses.is_dataclass(cls) and any(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(cls))


def _callables():
    for name in levtoken.MODULES:
        if name == "validation":
            continue
        module = importlib.import_module(f"levtoken.{name}")
        for k in module.__all__:
            obj = getattr(module, k)
            if not callable(obj) or getattr(obj, "__module__", None) != module.__name__:
                continue
            if not inspect.isclass(obj):
                yield f"{name}.{k}", obj
                continue
            if issubclass(obj, BaseException):
                continue
            if not _is_record(obj):
                yield f"{name}.{k}", obj
            for attr, value in vars(obj).items():
                if inspect.isfunction(value) and not attr.startswith("_"):
                    yield f"{name}.{k}.{attr}", getattr(obj, attr)


def orders() -> dict:
    """``{(a, b) sorted: {(first, second): [callables]}}`` over every positional pair."""
    out: dict = collections.defaultdict(lambda: collections.defaultdict(list))
    for qual, func in _callables():
        positional = [p.name for p in inspect.signature(func).parameters.values()
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
                      and p.name not in ("self", "cls")]
        for a, b in itertools.combinations(positional, 2):
            out[tuple(sorted((a, b)))][(a, b)].append(qual)
    return out


def test_one_argument_order_per_concept():
    found = orders()
    clashes = {pair: dict(by_order) for pair, by_order in found.items() if len(by_order) > 1}
    new = {pair: clashes[pair] for pair in set(clashes) - KNOWN_CLASHES}
    assert not new, "parameters taken in different positional orders:\n" + "\n".join(
        f"  {a}, {b}: " + "; ".join(f"({x}, {y}) in {', '.join(q)}" for (x, y), q in by.items())
        for (a, b), by in sorted(new.items()))
    resolved = KNOWN_CLASHES - set(clashes)
    assert not resolved, f"resolved, take them off KNOWN_CLASHES: {sorted(resolved)}"


def _takers(found, pair) -> set:
    """Every callable that takes both parameters of ``pair`` by position, in either order."""
    return {q for quals in found[tuple(sorted(pair))].values() for q in quals}


def test_the_scan_sees_the_samplers_and_the_analyses():
    found = orders()
    # the samplers: (sigma, days) as in gbm_returns; the bridge takes sigma by keyword only
    assert "paths.gbm_returns" in found[("days", "sigma")][("sigma", "days")]
    assert list(found[("days", "sigma")]) == [("sigma", "days")]
    assert "paths.bridge_returns" in found[("days", "total_return")][("total_return", "days")]
    assert "paths.bridge_returns" not in _takers(found, ("days", "sigma"))
    assert "paths.random_path" not in _takers(found, ("days", "sigma"))
    # mu before sigma; the analyses that put sigma first take mu by keyword only
    assert list(found[("mu", "sigma")]) == [("mu", "sigma")]
    assert "montecarlo.terminal_multiples" in found[("leverage", "sigma")][("leverage", "sigma")]
    assert "montecarlo.terminal_multiples" not in _takers(found, ("mu", "sigma"))
    assert "theory.liquidation_probability" not in _takers(found, ("days", "mu"))
    # the costs: leverage before days; break_even_volatility takes leverage by keyword only
    assert "costs.annual_drag" in found[("days", "leverage")][("leverage", "days")]
    assert "theory.break_even_volatility" not in _takers(found, ("days", "leverage"))
    assert list(found[("fee_per_day", "funding_per_day")]) == [("fee_per_day", "funding_per_day")]


#: Calls in the positional orders of levtoken 1.x that 2.0 refuses (each would have computed
#: with the parameters it now takes by keyword).
OLD_POSITIONAL_CALLS = {
    "paths.bridge_returns(total_return, days, sigma)": lambda: levtoken.paths.bridge_returns(
        0.2, 30, 0.8),
    "paths.daily_log_returns(sigma, mu)": lambda: levtoken.paths.daily_log_returns(0.8, 0.1),
    "paths.standard_normals(n_paths, days)": lambda: levtoken.paths.standard_normals(3, 5),
    "montecarlo.terminal_multiples(leverage, sigma, mu)": lambda: (
        levtoken.montecarlo.terminal_multiples(3, 0.8, 0.1)),
    "theory.break_even_volatility(total_return, days, leverage)": lambda: (
        levtoken.theory.break_even_volatility(0.2, 30, 3)),
    "theory.liquidation_probability(…, maintenance_margin, mu)": lambda: (
        levtoken.theory.liquidation_probability(3, 0.8, 365, 0.005, 0.1)),
    "costs.typical_multiple(move, leverage)": lambda: levtoken.costs.typical_multiple(0.1, 3),
    "funds.carry_costs(leverage, financing_rate_per_year)": lambda: (
        levtoken.funds.carry_costs(2.0, 0.05)),
    "compare.standard_products(…, rebalance_threshold, funding_per_day)": lambda: (
        levtoken.compare.standard_products(3, 0.005, 4, 0.1, 0.0003)),
    "rebalancing.week_returns(preset, seed)": lambda: levtoken.rebalancing.week_returns(
        "seeded random week", 1),
}


@pytest.mark.parametrize("call", list(OLD_POSITIONAL_CALLS), ids=list(OLD_POSITIONAL_CALLS))
def test_an_old_positional_call_is_refused_not_misread(call):
    with pytest.raises(TypeError, match="positional argument"):
        OLD_POSITIONAL_CALLS[call]()
