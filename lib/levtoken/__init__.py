"""levtoken — a small numpy library that simulates crypto leveraged tokens.

The engine of the book *Leveraged Tokens, Computed*. Conventions (see the book's math reference):
simple returns, a 365-day year by default (``days_per_year=252`` wherever annual ``sigma``/``mu``
become steps, for the leveraged-ETF literature), signed leverage (3 long, −3 inverse), NAV
starting at 1.0.

Modules, one concept each
-------------------------
The core, numpy only, each module importing only those listed before it:

validation
    Every input check, every limit (:data:`~levtoken.validation.MAX_SIGMA`, sizes, seeds), the
    one wording of the error messages and the decorator that keeps results finite.
paths
    Every return-path sampler (GBM, fat-tailed, the bridge "paths that end at R",
    autocorrelated, cached draws) and the named path shapes.
rules
    When a token rebalances: thresholds and leverage bands as trigger moves.
theory
    Every closed form: one period, fees, decay, costs on a flat market, probabilities,
    break-even volatility, liquidation.
products
    :class:`Spot`, :class:`LeveragedToken`, :class:`MarginPosition`, :class:`CappedToken` and
    their :class:`Simulation`.
funds
    Leveraged funds and on-chain tokens: :class:`~levtoken.funds.DailyResetFund` (resets on a
    trading calendar), :class:`~levtoken.funds.FlexibleLeverageToken` (band and ripcord), named
    presets with their sources.

Analyses built on the core, one topic each:

rebalancing
    Day-by-day rebalancing tables (plain text), example weeks, intraday days that set daily
    against threshold rebalancing.
montecarlo
    Terminal multiples of a token, spot and L× spot from one cached, seeded draw.
scenarios
    Named path shapes that all end at the same total return (path dependence).
costs
    What a token costs over a holding period: fee, funding, slippage and decay, and the
    break-even move.
compare
    Tokens against spot, margin and futures on the same paths.
strategies
    Who beats whom, the ruin day, position sizing, a capped token.
issuers
    Real issuers' tokens as presets: fee, funding assumption and rebalancing rule, each value
    with its source and date.
crashes
    Volatility regimes and crash days that every preset is run through.

Real prices, with the ``data`` extra (``pip install "levtoken[data]"`` adds pandas and pooch):

data
    Bitcoin's daily closes (Coin Metrics community data, downloaded once and checked) and any
    file of daily closes.
history
    Tokens, spot and margin on real daily closes: years, a crash day, holds.

``import levtoken`` imports the numpy-only modules; ``issuers``, ``crashes``, ``data`` and
``history`` are imported on first access (``levtoken.history`` works, and ``import levtoken`` needs
neither pandas nor pooch). The functions of ``funds`` that take dates, a trading calendar or real
closes import pandas, ``exchange_calendars`` or ``history`` when they are called. The book's
figures, explorers, live panels, HTML tables and questions are not part of the library: they live
in the book's own package, ``levtoken_book``.

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
