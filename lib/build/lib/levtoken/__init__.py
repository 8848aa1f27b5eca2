"""levtoken — a small numpy library that simulates crypto leveraged tokens.

The engine of the book *Leveraged Tokens, Computed*. Conventions (see the book's math reference):
simple returns, a 365-day year by default (``days_per_year=252`` wherever annual ``sigma``/``mu``
become steps, for the leveraged-ETF literature), signed leverage (3 long, −3 inverse), NAV
starting at 1.0.

Modules, one concept each
-------------------------
validation
    Every input check, every limit (:data:`~levtoken.validation.MAX_SIGMA`, sizes, seeds) and
    the one wording of the error messages.
paths
    Every return-path sampler (GBM, fat-tailed, the bridge "paths that end at R",
    autocorrelated, cached draws) and the named path shapes.
products
    :class:`Spot`, :class:`LeveragedToken`, :class:`MarginPosition`, :class:`CappedToken` and
    their :class:`Simulation`.
rules
    When a token rebalances: thresholds and leverage bands as trigger moves.
funds
    Leveraged funds and on-chain tokens: :class:`~levtoken.funds.DailyResetFund` (resets on a
    trading calendar), :class:`~levtoken.funds.FlexibleLeverageToken` (band and ripcord), named
    presets with their sources.
theory
    Every closed form: one period, fees, decay, costs on a flat market, probabilities,
    break-even volatility, liquidation.

Analyses built on those, one topic each: ``rebalancing`` (day-by-day tables, example weeks),
``montecarlo`` (terminal multiples from one cached draw), ``scenarios`` (named path shapes),
``costs`` (fee, funding, slippage and decay over a holding period), ``compare`` (tokens against
spot, margin and futures), ``strategies`` (risks, sizing, a capped token), ``issuers`` (real
issuers' rules and fees, each with its source), ``crashes`` (volatility regimes and crash days)
and ``history`` (the same lessons on real daily closes, read by ``data``, which needs the
``data`` extra: pandas and pooch).

``import levtoken`` imports the numpy-only modules; ``issuers``, ``crashes``, ``data`` and
``history`` are imported on first access (``levtoken.history`` works, and ``import levtoken``
needs neither pandas nor pooch). The book's figures, explorers, live panels and questions are
not part of the library: they live in the book's own package, ``levtoken_book``.

Examples
--------
>>> import levtoken as lt
>>> lt.LeveragedToken(3).nav([0.05, -0.04]).round(6).tolist()
[1.0, 1.15, 1.012]
>>> lt.paths.bridge_returns(0.2, 30, seed=1).shape
(1, 30)
"""

import importlib

from . import (
    compare,
    costs,
    funds,
    montecarlo,
    paths,
    products,
    rebalancing,
    rules,
    scenarios,
    strategies,
    theory,
    validation,
)
from .products import CappedToken, LeveragedToken, MarginPosition, Simulation, Spot

__version__ = "2.0.0"

#: Modules imported on first access (``data`` and ``history`` need pandas and pooch).
LAZY_MODULES = ("issuers", "crashes", "data", "history")

#: Every public module of the package, numpy-only ones first.
MODULES = ("validation", "paths", "products", "rules", "theory", "rebalancing", "montecarlo",
           "scenarios", "costs", "compare", "strategies", "funds") + LAZY_MODULES


def __getattr__(name):
    if name in LAZY_MODULES:
        try:
            module = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
            raise
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(LAZY_MODULES))


__all__ = [
    "Spot",
    "LeveragedToken",
    "MarginPosition",
    "CappedToken",
    "Simulation",
    "compare",
    "costs",
    "funds",
    "montecarlo",
    "paths",
    "products",
    "rebalancing",
    "rules",
    "scenarios",
    "strategies",
    "theory",
    "validation",
    "__version__",
]
