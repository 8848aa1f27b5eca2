"""Loaded by every pytest run from the repository (tests/, lib/ doctests, book/ notebooks).

Bitcoin's real prices: where the verbatim copy of Coin Metrics' btc.csv lies beside the clone
(``../shared/data/coinmetrics``: this machine and its CI have no network), it is the cache folder
of ``levtoken.data`` for the tests and the notebooks they run, unless ``LEVTOKEN_DATA_DIR`` is
set already. The Makefile and ``.ci/run`` set it the same way; elsewhere the library downloads
the file on first use.
"""

import os
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data" / "coinmetrics"
if (SHARED_DATA / "btc.csv").is_file():
    os.environ.setdefault("LEVTOKEN_DATA_DIR", str(SHARED_DATA))
