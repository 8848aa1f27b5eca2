"""Real prices: Bitcoin's daily closes (Coin Metrics), and a reader's own CSV of closes.

The one module of the library that reads market data; the simulation core stays numpy-only and
takes the returns (:func:`levtoken.paths.returns_from_prices`), so every product's ``nav`` runs
on real prices unchanged. pandas is used here because a dated series is what readers use.

Bitcoin (:func:`bitcoin_prices`)
    Coin Metrics' community data, the file ``csv/btc.csv`` of the public repository
    ``coinmetrics/data`` (:data:`URL`), column ``PriceUSD``: the USD price at the end of each UTC
    day (the close). Licence **CC BY-NC 4.0** (non-commercial), © Coin Metrics: every figure,
    table and number derived from it carries :data:`SOURCE`. The file is not part of the book;
    it is downloaded on first use with ``pooch`` into a cache folder, the environment variable
    :data:`ENV_VAR` (``LEVTOKEN_DATA_DIR``) or, without it, pooch's cache folder of the operating
    system (``~/.cache/levtoken`` on Linux), and read from there afterwards. A folder that
    already holds ``btc.csv`` is used as it is (nothing is downloaded or written).

The book's window (:data:`WINDOW`)
    2017-01-01 to 2025-10-31, fixed, so that a newer download gives the same numbers. The file's
    hash is not checked (upstream changes every day); :func:`check_window` checks the days used
    instead: their count, first and last date, and a few known closes within
    :data:`CLOSE_RTOL`.

A reader's CSV (:func:`load_prices`)
    A date column and a close column, named or detected. Nothing is dropped or filled silently;
    every problem is a ``ValueError`` naming the file, the row (line of the file, the header
    being line 1) or the date, and the problem.

Examples
--------
>>> from levtoken import data
>>> data.WINDOW, data.WINDOW_DAYS
(('2017-01-01', '2025-10-31'), 3226)
>>> data.SOURCE
'Source: Coin Metrics community data, CC BY-NC 4.0'
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
from pathlib import Path

import numpy as np
import pandas as pd

from .paths import returns_from_prices
from .validation import InvalidTypeError, format_value, check_bool

__all__ = [
    "URL",
    "FILENAME",
    "ENV_VAR",
    "SOURCE",
    "WINDOW",
    "WINDOW_DAYS",
    "KNOWN_CLOSES",
    "CLOSE_RTOL",
    "DATE_NAMES",
    "PRICE_NAMES",
    "DataNotAvailableError",
    "data_dir",
    "bitcoin_csv",
    "bitcoin_prices",
    "load_prices",
    "check_window",
    "daily_returns",
]

#: Where the Bitcoin file is downloaded from (Coin Metrics' community data on GitHub).
URL = "https://raw.githubusercontent.com/coinmetrics/data/master/csv/btc.csv"

#: Name of the file in the cache folder.
FILENAME = "btc.csv"

#: Environment variable naming the cache folder (a folder that holds, or will hold, ``btc.csv``).
ENV_VAR = "LEVTOKEN_DATA_DIR"

#: The attribution every figure, table and number derived from the Bitcoin data carries.
SOURCE = "Source: Coin Metrics community data, CC BY-NC 4.0"

#: The book's fixed window of daily closes (first and last date, inclusive, UTC days).
WINDOW = ("2017-01-01", "2025-10-31")

#: Days (closes) in :data:`WINDOW`: every calendar day.
WINDOW_DAYS = 3226

#: A few closes of the window (USD, ``PriceUSD`` of the copy of 2025-11-14), checked on every read.
KNOWN_CLOSES = {
    "2017-01-01": 997.257357977791,
    "2017-12-17": 19250.467650789,
    "2020-03-12": 4959.31341437756,
    "2021-11-08": 67541.7555081824,
    "2025-10-31": 109554.239627703,
}

#: Relative tolerance of :data:`KNOWN_CLOSES` (Coin Metrics may revise a price slightly).
CLOSE_RTOL = 0.005

#: Date column names recognised without being named (case-insensitive, spaces trimmed).
DATE_NAMES = ("time", "date", "day", "timestamp", "datetime", "date (utc)", "time (utc)")
#: Price (close) column names recognised without being named (case-insensitive, spaces trimmed).
PRICE_NAMES = ("priceusd", "close", "adj close", "adj_close", "close (usd)", "close_usd",
               "closeusd", "price", "price (usd)", "price_usd")


class DataNotAvailableError(OSError):
    """The Bitcoin file is neither cached nor downloadable (offline, or the server failed)."""


def _text_path(value, name: str) -> Path:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, os.PathLike)):
        raise InvalidTypeError(f"{name} must be a file path (str or os.PathLike), got "
                               f"{format_value(value)} of type {type(value).__name__}")
    text = os.fspath(value)
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{name} must be a non-empty file path, got {format_value(value)}")
    return Path(text).expanduser()


def data_dir() -> Path:
    """The cache folder: ``$LEVTOKEN_DATA_DIR`` if set, else pooch's OS cache for ``levtoken``."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    import pooch
    return Path(pooch.os_cache("levtoken")).resolve()


def _how_to_provide(folder: Path) -> str:
    return (f"Download {URL} yourself and save it as {folder / FILENAME}, or set the environment "
            f"variable {ENV_VAR} to a folder that holds {FILENAME} (Coin Metrics community data, "
            f"CC BY-NC 4.0; see the README, section 'Data').")


def bitcoin_csv() -> Path:
    """Path of the cached Coin Metrics file, downloading it (pooch) on first use.

    The cache folder is :func:`data_dir`. An existing ``btc.csv`` there is used as it is (its hash
    is not checked: upstream changes daily; :func:`check_window` checks the days the book uses).
    Offline with no cached copy: :class:`DataNotAvailableError` saying how to provide the file.
    """
    folder = data_dir()
    target = folder / FILENAME
    if target.is_file() and target.stat().st_size > 0:
        return target
    import pooch
    try:
        fetched = pooch.retrieve(URL, known_hash=None, fname=FILENAME, path=folder,
                                 progressbar=False)
    except Exception as exc:  # noqa: BLE001 - any failure of the download gets the same advice
        raise DataNotAvailableError(
            f"The Bitcoin prices are not cached in {folder} and could not be downloaded from "
            f"{URL} ({type(exc).__name__}: {exc}). {_how_to_provide(folder)}") from None
    return Path(fetched)


def parse_date(value, name: str):
    """None or a day (``'YYYY-MM-DD'``, ``datetime.date``, ``pandas.Timestamp``) as a Timestamp."""
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, _dt.date, np.datetime64)):
        raise InvalidTypeError(f"{name} must be None or a date ('YYYY-MM-DD', datetime.date or "
                               f"pandas.Timestamp), got {format_value(value)} of type "
                               f"{type(value).__name__}")
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{name} must be a date such as '2020-03-12', got {format_value(value)}") from None
    if ts is pd.NaT or pd.isna(ts):
        raise ValueError(f"{name} must be a date such as '2020-03-12', got {format_value(value)}")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize()


def _pick(columns, wanted, names, what: str, file: str, exclude=None) -> str:
    """The column called ``wanted``, or the one column whose name is in ``names``."""
    if wanted is not None:
        if not isinstance(wanted, str):
            raise InvalidTypeError(f"{what} must be None or a column name (str), got "
                                   f"{format_value(wanted)} of type {type(wanted).__name__}")
        if wanted not in columns:
            raise ValueError(f"{what} {wanted!r} is not a column of {file}; its columns are "
                             f"{list(columns)}")
        return wanted
    found = [c for c in columns if c != exclude and c.strip().lower() in names]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValueError(f"{file}: no {what.split('_')[0]} column found (looked for "
                         f"{', '.join(names)}); its columns are {list(columns)}: name it with "
                         f"{what}=...")
    raise ValueError(f"{file}: several possible {what.split('_')[0]} columns {found}; name one "
                     f"with {what}=...")


@functools.lru_cache(maxsize=16)
def _read(path: str, mtime_ns: int, size: int, date_column, price_column,
          daily: bool) -> pd.Series:
    file = path
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{file}: the file is empty (expected a header line with a date and a "
                         f"price column, then one row per day)") from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ValueError(f"{file}: not a readable CSV file ({exc})") from None
    columns = [str(c) for c in table.columns]
    table.columns = columns
    dcol = _pick(columns, date_column, DATE_NAMES, "date_column", file)
    pcol = _pick(columns, price_column, PRICE_NAMES, "price_column", file, exclude=dcol)
    if dcol == pcol:
        raise ValueError(f"date_column and price_column are the same column {dcol!r} of {file}")
    if len(table) == 0:
        raise ValueError(f"{file}: the file has a header but no data rows")
    lines = np.arange(len(table)) + 2             # line of the file (the header is line 1)
    raw_dates = table[dcol].str.strip()
    raw_prices = table[pcol].str.strip()

    # the price history runs from the first to the last row with a price: rows before and after
    # it (e.g. Coin Metrics' years before a market price, and its last row of reference rates
    # only) are outside the history and left out; an empty price inside it is an error.
    has_price = (raw_prices != "").to_numpy()
    if not has_price.any():
        raise ValueError(f"{file}: column {pcol!r} has no price in any row")
    first, last = int(np.argmax(has_price)), len(has_price) - 1 - int(np.argmax(has_price[::-1]))
    keep = slice(first, last + 1)
    raw_dates, raw_prices, lines = raw_dates.iloc[keep], raw_prices.iloc[keep], lines[keep]

    empty = (raw_prices == "").to_numpy()
    if empty.any():
        i = int(np.argmax(empty))
        raise ValueError(f"{file}: row {lines[i]} ({raw_dates.iloc[i]}): no price in column "
                         f"{pcol!r} inside the price history; nothing is filled: correct the "
                         f"file or cut it with start/end")
    dates = pd.to_datetime(raw_dates, errors="coerce", format="ISO8601", utc=True)
    if dates.isna().any():                  # not all ISO 8601: let pandas infer each date
        dates = pd.to_datetime(raw_dates, errors="coerce", format="mixed", utc=True)
    bad = dates.isna().to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{file}: row {lines[i]}: {raw_dates.iloc[i]!r} in column {dcol!r} is "
                         f"not a date (expected e.g. 2020-03-12)")
    dates = pd.DatetimeIndex(dates).tz_localize(None)
    days = dates.normalize().as_unit("ns")
    prices = pd.to_numeric(raw_prices, errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(prices)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{file}: row {lines[i]} ({days[i].date()}): price {raw_prices.iloc[i]!r} "
                         f"in column {pcol!r} is not a finite number")
    bad = prices <= 0
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{file}: row {lines[i]} ({days[i].date()}): price {raw_prices.iloc[i]!r} "
                         f"in column {pcol!r} must be > 0")
    step = np.diff(days.values.astype("datetime64[D]").astype(np.int64))    # in days
    if (step == 0).any():
        i = int(np.argmax(step == 0))
        raise ValueError(f"{file}: rows {lines[i]} and {lines[i + 1]}: the date "
                         f"{days[i].date()} appears twice (duplicate date)")
    if (step < 0).any():
        i = int(np.argmax(step < 0))
        raise ValueError(f"{file}: row {lines[i + 1]} ({days[i + 1].date()}) comes after row "
                         f"{lines[i]} ({days[i].date()}): dates out of order (sort the file by date)")
    if daily:
        gap = step != 1
        if gap.any():
            i = int(np.argmax(gap))
            missing = (days[i] + pd.Timedelta(days=1)).date()
            raise ValueError(f"{file}: no row for {missing} (between row {lines[i]} "
                             f"({days[i].date()}) and row {lines[i + 1]} ({days[i + 1].date()})): "
                             f"a missing day in a daily series; nothing is filled. Pass "
                             f"daily=False if the series is not daily-continuous")
    out = pd.Series(prices, index=pd.DatetimeIndex(days, name="date"), name=pcol)
    if daily:
        out.index.freq = "D"
    return out


def load_prices(path, date_column=None, price_column=None, daily=True, start=None, end=None,
                name=None) -> pd.Series:
    """Closing prices from a CSV file: a date column and a price column, named or detected.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV file with a header line. The Coin Metrics format (``time``, ``PriceUSD``) and
        exchange exports (``date``/``timestamp`` and ``close``) are detected.
    date_column, price_column : str, optional
        Column names; default: the one column whose name is a usual one (:data:`DATE_NAMES`,
        :data:`PRICE_NAMES`, any case).
    daily : bool
        True (crypto trades every day): a calendar day without a row is an error. False: any
        increasing dates (a weekly series, a stock's trading days).
    start, end : str, datetime.date or pandas.Timestamp, optional
        Keep the days ``start <= day <= end`` (inclusive); checks apply to the whole file.
    name : str, optional
        Name of the returned series (default: the price column's name).

    Returns
    -------
    pandas.Series
        Closes (float, in the file's currency), indexed by day (``DatetimeIndex`` named ``date``,
        frequency ``"D"`` when ``daily``).

    Notes
    -----
    The price history is the rows from the first to the last one with a price: rows *before*
    and *after* it with an empty price cell (Coin Metrics' years before a market price, its last
    row of reference rates only) are outside the history and not read. Everything else is an error
    naming the file, the row (line number, header = line 1) or the date: an unknown or missing
    column, an empty price cell inside the history, a price that is not a number or is ``<= 0``, a
    date that does not parse, a duplicate date, dates out of order, a missing day (``daily``), an
    empty file, or an empty date range. Nothing is dropped or filled silently. Times of day are
    dropped (a daily close per date); time-zone aware dates are taken in UTC.
    """
    p = _text_path(path, "path")
    if not p.is_file():
        raise ValueError(f"path {str(p)!r}: no such file")
    daily = check_bool(daily, "daily")
    lo, hi = parse_date(start, "start"), parse_date(end, "end")
    if name is not None and not isinstance(name, str):
        raise InvalidTypeError(f"name must be None or a string, got {format_value(name)} of type "
                               f"{type(name).__name__}")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start {lo.date()} is after end {hi.date()}: an empty date range")
    for label, value in (("date_column", date_column), ("price_column", price_column)):
        if value is not None and not isinstance(value, str):
            raise InvalidTypeError(f"{label} must be None or a column name (str), got "
                                   f"{format_value(value)} of type {type(value).__name__}")
    st = p.stat()
    series = _read(str(p.resolve()), st.st_mtime_ns, st.st_size, date_column, price_column, daily)
    out = series.loc[lo:hi].copy()
    if len(out) == 0:
        raise ValueError(f"{p}: no price from {lo.date() if lo is not None else 'the start'} to "
                         f"{hi.date() if hi is not None else 'the end'} (the file covers "
                         f"{series.index[0].date()} to {series.index[-1].date()}): an empty date "
                         f"range")
    if name is not None:
        out.name = name
    if daily:
        out.index.freq = "D"
    return out


def check_window(prices) -> pd.Series:
    """Check that ``prices`` holds the book's window (:data:`WINDOW`) as the book computed it.

    Checks: every day of the window is there (:data:`WINDOW_DAYS` closes, first and last date)
    and each of :data:`KNOWN_CLOSES` is within :data:`CLOSE_RTOL` (relative). Returns the window
    (a copy); a ``ValueError`` saying what differs otherwise.
    """
    if not isinstance(prices, pd.Series) or not isinstance(prices.index, pd.DatetimeIndex):
        raise InvalidTypeError(f"prices must be a pandas Series indexed by date, got "
                               f"{type(prices).__name__}")
    lo, hi = (pd.Timestamp(d) for d in WINDOW)
    w = prices.loc[lo:hi]
    where = "the Bitcoin prices"
    if len(w) == 0 or w.index[0] != lo or w.index[-1] != hi or len(w) != WINDOW_DAYS:
        first = w.index[0].date() if len(w) else None
        last = w.index[-1].date() if len(w) else None
        raise ValueError(f"{where} do not cover the book's window {WINDOW[0]} to {WINDOW[1]} "
                         f"({WINDOW_DAYS} days): got {len(w)} days from {first} to {last}")
    for day, expected in KNOWN_CLOSES.items():
        got = float(w.loc[day])
        if not abs(got / expected - 1) <= CLOSE_RTOL:
            raise ValueError(f"{where}: the close of {day} is {got:,.2f} USD, but the book's copy "
                             f"has {expected:,.2f} USD (more than {CLOSE_RTOL:.1%} apart): the file "
                             f"is not Coin Metrics' PriceUSD series the book was computed with")
    return w.copy()


def bitcoin_prices(start=None, end=None) -> pd.Series:
    """Bitcoin's daily closes in USD (Coin Metrics ``PriceUSD``), the book's window by default.

    Downloads the file on first use (:func:`bitcoin_csv`), reads it with :func:`load_prices`
    (daily: a missing day is an error) and checks the book's window (:func:`check_window`).

    Parameters
    ----------
    start, end : str, datetime.date or pandas.Timestamp, optional
        First and last day (inclusive); default :data:`WINDOW`. Days outside the window are
        allowed where the file has them (they are not covered by the window check).

    Returns
    -------
    pandas.Series
        ``"BTC close (USD)"``, indexed by UTC day. Attribute it with :data:`SOURCE`.
    """
    lo = parse_date(start, "start")
    hi = parse_date(end, "end")
    lo = pd.Timestamp(WINDOW[0]) if lo is None else lo
    hi = pd.Timestamp(WINDOW[1]) if hi is None else hi
    if lo > hi:
        raise ValueError(f"start {lo.date()} is after end {hi.date()}: an empty date range")
    path = bitcoin_csv()
    full = load_prices(path, "time", "PriceUSD", daily=True)
    check_window(full)
    if lo < full.index[0] or hi > full.index[-1]:
        raise ValueError(f"start/end {lo.date()} to {hi.date()} lies outside the Bitcoin prices "
                         f"in {path} ({full.index[0].date()} to {full.index[-1].date()})")
    out = full.loc[lo:hi].copy()
    out.name = "BTC close (USD)"
    out.index.freq = "D"
    return out


def daily_returns(prices) -> pd.Series:
    """Close-to-close simple returns ``r_t = P_t / P_{t-1} − 1`` (per day), dated by day ``t``.

    Computed by :func:`levtoken.paths.returns_from_prices`; one fewer value than ``prices``.

    Examples
    --------
    >>> s = pd.Series([100.0, 110.0, 99.0], index=pd.date_range("2024-01-01", periods=3))
    >>> daily_returns(s).round(12).tolist()
    [0.1, -0.1]
    """
    if not isinstance(prices, pd.Series) or not isinstance(prices.index, pd.DatetimeIndex):
        raise InvalidTypeError(f"prices must be a pandas Series indexed by date, got "
                               f"{type(prices).__name__}")
    r = returns_from_prices(prices.to_numpy(dtype=float))
    return pd.Series(r, index=prices.index[1:], name="daily return")
