"""levtoken — a small numpy library that simulates crypto leveraged tokens.

The engine of the book *Leveraged Tokens, Computed*. Conventions (see the book's math reference):
simple returns, a 365-day year, signed leverage (3 long, −3 inverse), NAV starting at 1.0.

Modules
-------
paths
    Return paths: :func:`~levtoken.paths.gbm_returns` and named scenarios.
products
    :class:`Spot`, :class:`LeveragedToken`, :class:`MarginPosition` and :class:`Simulation`.
theory
    Closed forms: one-period return, rebalancing trade, ruin and liquidation moves, fees, decay.
validation
    The input checks behind every error message.

``levtoken.plots``, ``levtoken.widgets`` and ``levtoken.interactive`` are imported on demand
(``from levtoken import plots``); ``import levtoken`` needs only numpy.

Examples
--------
>>> import levtoken as lt
>>> lt.LeveragedToken(3).nav([0.05, -0.04]).round(6).tolist()
[1.0, 1.15, 1.012]
"""

from . import paths, products, theory, validation
from .products import LeveragedToken, MarginPosition, Simulation, Spot

__version__ = "0.1.0"

__all__ = [
    "Spot",
    "LeveragedToken",
    "MarginPosition",
    "Simulation",
    "paths",
    "products",
    "theory",
    "validation",
    "__version__",
]
