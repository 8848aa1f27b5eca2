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
    A date column and a close column, named or detected, in a file as it was downloaded: the
    usual exports (Coin Metrics, Yahoo Finance and yfinance, CoinGecko, CoinMarketCap,
    Investing.com, CryptoDataDownload, a spreadsheet's CSV) load without arguments where they are
    unambiguous, files without a header line (Binance's klines, Kraken's OHLCVT) with
    ``columns=`` (:data:`BINANCE_KLINES`, :data:`KRAKEN_OHLCVT`). Nothing is guessed, dropped or
    filled silently: every problem is a ``ValueError`` naming the file, the row (its line in the
    file, the first line being line 1) or the date, and what to change.

Examples
--------
>>> from levtoken import data
>>> data.WINDOW, data.WINDOW_DAYS
(('2017-01-01', '2025-10-31'), 3226)
>>> data.SOURCE
'Source: Coin Metrics community data, CC BY-NC 4.0'
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import functools
import gzip
import io
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from .paths import returns_from_prices
from .validation import InvalidTypeError, format_value, check_bool, check_choice

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
    "SEPARATORS",
    "TIME_UNITS",
    "BINANCE_KLINES",
    "KRAKEN_OHLCVT",
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

#: Date column names recognised without being named (case-insensitive, spaces trimmed): Coin
#: Metrics, Yahoo, yfinance, Investing.com (en, de, es, it, pt), CoinGecko (``snapped_at``),
#: CoinMarketCap (``timestamp``, the end of the day), Binance with a header (``open_time``).
DATE_NAMES = ("time", "date", "day", "timestamp", "datetime", "date (utc)", "time (utc)",
              "snapped_at", "open_time", "open time", "datum", "fecha", "data")
#: Price (close) column names recognised without being named (case-insensitive, spaces trimmed,
#: Yahoo's footnote stars ignored), best first: Investing.com's ``Price`` and its translations.
PRICE_NAMES = ("priceusd", "close", "adj close", "adj_close", "close (usd)", "close_usd",
               "closeusd", "price", "price (usd)", "price_usd", "close price", "closing price",
               "zuletzt", "schluss", "schlusskurs", "dernier", "clôture", "cloture", "último",
               "ultimo", "cierre", "chiusura", "fechamento")


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


# a reader's CSV: the file's bytes, its layout (separator, header), its columns, its dates, its
# numbers. Every step either reads the file exactly or raises a ValueError naming the file, the
# row (the line of the file) or the value, and the argument that settles it.

#: Separators tried, in this order (a ``;`` or a tab is never part of a number; a ``,`` can be a
#: decimal mark, so it is tried last).
SEPARATORS = ("\t", ";", "|", ",")
_SEP_NAMES = {"\t": "tabs", ";": "semicolons", "|": "vertical bars", ",": "commas"}

#: Units of epoch timestamps (``time_unit=``): seconds, milliseconds, microseconds, nanoseconds
#: since 1970-01-01 UTC.
TIME_UNITS = ("s", "ms", "us", "ns")
_UNIT_NAMES = {"s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds"}
#: Digits of an epoch timestamp after 2001-09-09 (1e9 s) and before 2286: the unit it implies.
_UNIT_BY_DIGITS = {10: "s", 13: "ms", 16: "us", 19: "ns"}

#: Column names of Binance's public kline files (data.binance.vision), which have no header line:
#: ``load_prices(path, columns=BINANCE_KLINES)``. Times are milliseconds since 1970, microseconds
#: in the spot files from 2025 on (both detected).
BINANCE_KLINES = ("open_time", "open", "high", "low", "close", "volume", "close_time",
                  "quote_volume", "trades", "taker_buy_volume", "taker_buy_quote_volume",
                  "ignore")

#: Column names of Kraken's downloadable OHLCVT files (no header line; time in seconds):
#: ``load_prices(path, columns=KRAKEN_OHLCVT)``.
KRAKEN_OHLCVT = ("timestamp", "open", "high", "low", "close", "volume", "trades")

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_YMD_RE = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:[T ].*)?")
_DMY_RE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ,]+(.*))?")
_MONTH_RE = re.compile(r"(?i).*\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|"
                       r"july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|"
                       r"dec(?:ember)?)\b\.?.*\d{2,4}.*")
_EPOCH_RE = re.compile(r"\d+(?:\.\d*)?")
_NUMBER_RE = re.compile(r"[-+]?[$€£¥]?\s?(?:\d[\d.,'\u00a0\u202f ]*|[.,]\d+)(?:[eE][-+]?\d+)?"
                        r"\s?[$€£¥]?")
_CURRENCY_RE = re.compile(r"^\s*([-+]?)\s*[$€£¥]\s*|\s*[$€£¥]\s*$")
_MONTH_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y",
                  "%d-%b-%Y", "%d-%b-%y", "%d %b, %Y", "%d. %b %Y", "%d. %B %Y", "%b-%d-%Y",
                  "%d/%b/%Y")
_SPACES = " \u00a0\u202f'"


def _is_date_cell(v: str) -> bool:
    if _ISO_RE.fullmatch(v) or _YMD_RE.fullmatch(v) or _DMY_RE.fullmatch(v):
        return True
    if v.isdigit():
        n = len(v)
        return n in _UNIT_BY_DIGITS or (n == 8 and v[:2] in ("19", "20")) or \
            (n == 5 and 25_569 <= int(v) <= 73_050)          # a spreadsheet's day number
    if _EPOCH_RE.fullmatch(v):
        return len(v.split(".")[0]) in _UNIT_BY_DIGITS
    return bool(_MONTH_RE.fullmatch(v))


def _is_number_cell(v: str) -> bool:
    return bool(_NUMBER_RE.fullmatch(v)) and any(c.isdigit() for c in v)


def _is_data(fields) -> bool:
    """A row of prices, not a header: a date among mostly dates and numbers."""
    vals = [f.strip() for f in fields if f.strip()]
    if not vals:
        return False
    dates = [_is_date_cell(v) for v in vals]
    known = sum(d or _is_number_cell(v) for d, v in zip(dates, vals))
    return any(dates) and 2 * known >= len(vals)


def _preview(fields, n: int = 6) -> str:
    shown = ", ".join(repr(f.strip()) for f in fields[:n])
    return shown + (", ..." if len(fields) > n else "")


def _split(line: str, sep: str) -> list:
    return next(csv.reader([line], delimiter=sep, quotechar='"', skipinitialspace=True), [])


def _norm(name: str) -> str:
    """A column name as matched against DATE_NAMES/PRICE_NAMES: trimmed, lower case, without
    Yahoo's footnote stars (``Close*``, ``Adj Close**``)."""
    return str(name).replace("\ufeff", "").strip().rstrip("*").strip().lower()


def _bytes_of(path: str) -> tuple:
    """(label for messages, text) of a file, a gzip file or a zip archive of one file."""
    raw = Path(path).read_bytes()
    file = path
    if raw[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                names = [n for n in archive.namelist() if not n.endswith("/")
                         and not n.startswith("__MACOSX/") and not Path(n).name.startswith(".")]
                if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names):
                    raise ValueError(f"{file}: an Excel workbook, not a CSV file: open it in the "
                                     f"spreadsheet and save it as CSV, then load that file")
                if not names:
                    raise ValueError(f"{file}: a zip archive with no file in it")
                if len(names) > 1:
                    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
                    raise ValueError(f"{file}: a zip archive of {len(names)} files ({shown}); "
                                     f"load_prices reads a zip archive of one CSV file: extract "
                                     f"the file you want and pass its path")
                member = names[0]
                raw = archive.read(member)
                file = f"{path} ({member})"
        except zipfile.BadZipFile:
            raise ValueError(f"{file}: a damaged zip archive (download it again)") from None
    elif raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            raise ValueError(f"{file}: a damaged gzip file (download it again)") from None
    elif raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ValueError(f"{file}: an Excel workbook (.xls), not a CSV file: open it in the "
                         f"spreadsheet and save it as CSV, then load that file")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = raw.decode("utf-16")
    elif b"\x00" in raw[:4096]:
        raise ValueError(f"{file}: not a text file (it holds binary data): load_prices reads a "
                         f"CSV file, a zip archive of one, or a gzip file")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:          # a spreadsheet's Western encoding: names may differ
            text = raw.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml", "{", "[")):
        kind = "JSON" if head[:1] in "{[" else "HTML or XML"
        raise ValueError(f"{file}: this is {kind}, not a CSV file (a web page saved instead of "
                         f"the download?): download the CSV file itself")
    return file, text


def _detect_sep(lines) -> str:
    """The separator that splits every line (after one-field lines such as a title or a URL)
    into the same number of fields, two or more; the first of :data:`SEPARATORS` that does."""
    sample = [ln for ln in lines[:400] if ln.strip()][:60]
    best, best_score = ",", -1
    for sep in SEPARATORS:
        counts = [len(_split(ln, sep)) for ln in sample]
        k = 0
        while k < len(counts) and counts[k] == 1:
            k += 1
        body = counts[k:]
        if body and min(body) >= 2 and max(body) - min(body) <= 1:
            return sep
        score = sum(c >= 2 for c in counts)
        if score > best_score:
            best, best_score = sep, score
    return best


def _columns_advice(fields, width) -> str:
    """How to name the columns of a file without a header line (its first row: ``fields``)."""
    vals = [f.strip() for f in fields] + [""] * 12
    if (width == 12 and vals[0].isdigit() and vals[6].isdigit() and len(vals[0]) == len(vals[6])
            and len(vals[0]) in (13, 16) and int(vals[6]) > int(vals[0])):
        unit = _UNIT_NAMES[_UNIT_BY_DIGITS[len(vals[0])]]
        return (f"Its 12 columns are Binance's kline layout (open time in {unit}, open, high, "
                f"low, close, ...): pass columns=levtoken.data.BINANCE_KLINES")
    if width == 7 and len(vals[0]) == 10 and vals[0].isdigit() and vals[6].isdigit():
        return ("Its 7 columns look like Kraken's OHLCVT layout (time in seconds, open, high, low, "
                "close, volume, trades): pass columns=levtoken.data.KRAKEN_OHLCVT")
    if width == 2:
        return ("Name its 2 columns with columns=['date', 'close'] (or pass header=None: a file "
                "of two columns is then read as a date and a close)")
    example = (["date", "open", "high", "low", "close", "volume"][:width] if width in (5, 6)
               else ["date", "close"] + [f"column{k}" for k in range(3, width + 1)])
    return (f"Name its {width} columns with columns=[...], 'date' for the column of dates and "
            f"'close' for the closes, e.g. columns={example}")


def _filled(fields) -> int:
    return sum(bool(x.strip()) for x in fields)


def _layout(file, lines, sep, header, columns, given_sep=False):
    """(index of the first line of the table's rows, column names, width)."""
    rows = []                                   # (index of the line, its fields), non-blank lines
    for i, ln in enumerate(lines):
        if ln.strip():
            rows.append((i, _split(ln, sep)))
            if len(rows) >= 60:
                break
    if not rows:
        raise ValueError(f"{file}: the file is empty (expected a header line with a date and a "
                         f"price column, then one row per day)")
    width = max(len(f) for _, f in rows)
    if width == 1:
        raise ValueError(f"{file}: every line holds one field ({_preview(rows[0][1])} on line "
                         f"{rows[0][0] + 1}): expected a date column and a price column separated "
                         f"by commas, semicolons or tabs"
                         + (f" (sep={sep!r} was passed: leave it out to detect the separator)"
                            if given_sep else ""))
    data_at = next((k for k, (_, f) in enumerate(rows) if _is_data(f)), None)
    start, first = rows[0]

    if header is None or columns is not None:          # the caller says: no header line
        arg = "columns=" if columns is not None else "header=None"
        vals = [x.strip() for x in first if x.strip()]
        if data_at != 0 and not any(_is_date_cell(v) or _is_number_cell(v) for v in vals):
            raise ValueError(f"{file}: line {start + 1} ({_preview(first)}) is a header line, but "
                             f"{arg} says the file has none: leave out {arg} (and name the "
                             f"columns with date_column=/price_column=)")
        used = _width(rows)                     # not counting a trailing separator
        if columns is None:
            if used != 2:
                raise ValueError(f"{file}: with header=None, its {used} columns need names. "
                                 + _columns_advice(first, used))
            return start, ["date", "close"], width
        if len(columns) != used:
            raise ValueError(f"columns names {len(columns)} columns, but {file} has {used} "
                             f"(line {start + 1}: {_preview(first)})")
        return start, list(columns), width

    if data_at == 0:
        raise ValueError(f"{file} has no header line: line {start + 1} is already a row of prices "
                         f"({_preview(first)}). " + _columns_advice(first, _width(rows)))
    if data_at is None:                         # no row of prices in the first lines
        k = next((k for k, (_, f) in enumerate(rows) if _filled(f) >= 2), 0)
        _check_preamble(file, rows[:k], rows[k][0])
        return rows[k][0] + 1, [n.strip() for n in rows[k][1]], width
    pre = rows[:data_at]
    data_start = rows[data_at][0]
    last_i, last = pre[-1]
    filled = [j for j, x in enumerate(last) if x.strip()]
    if filled == [0] and len(pre) >= 2 and _filled(pre[-2][1]) >= 2:
        # a header of several lines, as pandas writes it for columns of several levels
        # (yfinance: "Price,Close,..." / "Ticker,BTC-USD,..." / "Date,,..."), then the rows
        levels = []
        for i, f in reversed(pre[:-1]):
            if _filled(f) < 2:
                break
            levels.insert(0, f)
        above = pre[:len(pre) - 1 - len(levels)]
        _check_preamble(file, above, pre[len(above)][0])
        parts = [[lv[j].strip() if j < len(lv) else "" for lv in levels] for j in range(1, width)]
        one_each = all(len({p[k] for p in parts}) <= 1 for k in range(1, len(levels)))
        names = [last[0].strip()] + [p[0] if one_each else " ".join(x for x in p if x)
                                     for p in parts]
        return data_start, names, width
    head = next(((i, f) for i, f in pre if _filled(f) >= 2), None)
    if len(filled) < 2 and head is None and filled and len(last) >= 2:
        _check_preamble(file, pre[:-1], last_i)     # a header with an unnamed column (pandas'
        return data_start, [n.strip() for n in last], width     # index: ",close")
    if len(filled) < 2:
        where = f"between the header (line {head[0] + 1}) and" if head else "before"
        raise ValueError(f"{file}: line {last_i + 1} ({_preview(last)}) comes {where} the first "
                         f"row of prices (line {data_start + 1}) and is neither: an extra header "
                         f"line? Delete it")
    _check_preamble(file, pre[:-1], last_i)
    return data_start, [n.strip() for n in last], width


def _width(rows) -> int:
    """Fields per row, not counting a last field empty on every row (a trailing separator)."""
    width = max(len(f) for _, f in rows)
    while width > 2 and all(len(f) < width or not f[width - 1].strip() for _, f in rows):
        width -= 1
    return width


def _check_preamble(file, above, header_i):
    """Lines above the header: a title or a URL (one field) is skipped; anything else is an
    error (a second header line, or a table above the table)."""
    extra = [(i, f) for i, f in above if sum(bool(x.strip()) for x in f) >= 2 or _is_data(f)]
    if extra:
        i, f = extra[0]
        raise ValueError(f"{file}: line {i + 1} ({_preview(f)}) comes before the header (line "
                         f"{header_i + 1}) and is not part of the table: an extra header line? "
                         f"Keep one header line (the column names) and delete the lines above it")


def _pick(columns, wanted, names, what: str, file: str, exclude=None) -> list:
    """The column called ``wanted``, or the columns whose name is in ``names`` (best first)."""
    if wanted is not None:
        if wanted in columns:
            return [wanted]
        hint = ""
        seps = [s for s in SEPARATORS if any(s in c for c in columns)]
        if seps:
            hint = (f" (the header holds {_SEP_NAMES[seps[0]]}: pass sep={seps[0]!r} if they "
                    f"separate the columns)")
        raise ValueError(f"{what} {wanted!r} is not a column of {file}; its columns are "
                         f"{list(columns)}{hint}")
    found = [c for c in columns if c != exclude and _norm(c) in names]
    found.sort(key=lambda c: names.index(_norm(c)))
    if not found and what == "date_column" and columns and _norm(columns[0]) in ("", "unnamed: 0"):
        found = [columns[0]]                    # the unnamed index column pandas writes
    if found:
        return found
    hint = ""
    seps = [s for s in SEPARATORS if any(s in c for c in columns)]
    if seps:
        hint = (f" The header holds {_SEP_NAMES[seps[0]]}: if they separate the columns, pass "
                f"sep={seps[0]!r}.")
    raise ValueError(f"{file}: no {what.split('_')[0]} column found (looked for "
                     f"{', '.join(names)}); its columns are {list(columns)}: name it with "
                     f"{what}=...{hint}")


def _one_column(table, found, what, file, lines) -> str:
    """The one candidate column, or the first of several that hold the same values on every
    row (Yahoo's ``Close`` and ``Adj Close`` of a coin); several that differ are an error."""
    dup = [c for c in found if list(table.columns).count(c) > 1]
    if dup:
        raise ValueError(f"{file}: two columns are named {dup[0]!r}: rename one in the file, or "
                         f"name the columns with columns=[...] and header=None")
    if len(found) == 1:
        return found[0]
    base = table[found[0]].str.strip()
    for other in found[1:]:
        col = table[other].str.strip()
        same = (base == col) | (pd.to_numeric(base, errors="coerce")
                                == pd.to_numeric(col, errors="coerce"))
        if not same.all():
            i = int(np.argmax(~same.to_numpy()))
            note = ""
            if {"close", "adj close"} <= {_norm(c) for c in found}:
                note = (" ('Adj Close' is adjusted for dividends and splits, 'Close' is the "
                        "traded close)")
            raise ValueError(f"{file}: several possible {what.split('_')[0]} columns {found}, "
                             f"which differ (row {lines[i]}: {base.iloc[i]!r} and "
                             f"{col.iloc[i]!r}); name one with {what}=...{note}")
    return found[0]


def _parse_epochs(raw, lines, file, col, time_unit):
    text = raw.tolist()
    digits = [len(v.split(".")[0]) for v in text]
    units = [_UNIT_BY_DIGITS.get(d) for d in digits]
    if time_unit is None and all(d == 8 for d in digits) and all(v[:2] in ("19", "20")
                                                                   for v in text):
        days = pd.to_datetime(raw, format="%Y%m%d", errors="coerce")
        return days, "YYYYMMDD"
    if time_unit is None and all(d == 5 for d in digits):
        raise ValueError(f"{file}: row {lines[0]}: {text[0]!r} in column {col!r} looks like a "
                         f"spreadsheet's day number, not a date: format the column as dates "
                         f"(YYYY-MM-DD) in the spreadsheet before saving the CSV file")
    if time_unit is None:
        for i, u in enumerate(units):
            if u is None:
                raise ValueError(
                    f"{file}: row {lines[i]}: {text[i]!r} in column {col!r} is a number whose "
                    f"unit cannot be told from its size (seconds, milliseconds or microseconds "
                    f"since 1970 have 10, 13 or 16 digits for dates after September 2001): pass "
                    f"time_unit='s', 'ms' or 'us' (or date_format= if it is not a timestamp)")
        first = units[0]
        other = next((i for i, u in enumerate(units) if u != first), None)
        if other is not None:
            raise ValueError(
                f"{file}: column {col!r} mixes units: row {lines[0]} ({text[0]}) is in "
                f"{_UNIT_NAMES[first]} since 1970, row {lines[other]} ({text[other]}) in "
                f"{_UNIT_NAMES[units[other]]} (Binance's files count microseconds from 2025 on): "
                f"load the parts separately, or convert them to one unit")
        unit = first
    else:
        unit = time_unit
        wrong = next((i for i, u in enumerate(units) if u is not None and u != unit), None)
        if wrong is not None:
            given = _epoch_day(text[wrong], unit)
            raise ValueError(
                f"{file}: row {lines[wrong]}: {text[wrong]} in column {col!r} read in "
                f"{_UNIT_NAMES[unit]} (time_unit={unit!r}) is {given}, but its {digits[wrong]} "
                f"digits are {_UNIT_NAMES[units[wrong]]} ({_epoch_day(text[wrong], units[wrong])})"
                f": pass time_unit={units[wrong]!r}")
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    # days since 1970 first: a value far outside pandas' dates is reported, not overflowed
    per_day = {"s": 86_400, "ms": 86_400e3, "us": 86_400e6, "ns": 86_400e9}[unit]
    day_numbers = np.floor(values / per_day)
    out = ~((day_numbers >= 0) & (day_numbers < 106_751))     # 1970-01-01 to 2262-04-11
    if out.any():
        i = int(np.argmax(out))
        raise ValueError(f"{file}: row {lines[i]}: {text[i]} in column {col!r} read in "
                         f"{_UNIT_NAMES[unit]} since 1970 (time_unit={unit!r}) is "
                         f"{_epoch_day(text[i], unit)}: is time_unit right?")
    days = pd.to_datetime(day_numbers.astype(np.int64), unit="D")
    return pd.Series(days), f"{_UNIT_NAMES[unit]} since 1970"


def _epoch_day(value: str, unit: str) -> str:
    """The calendar day of an epoch timestamp, for messages (also far outside pandas' range)."""
    per_day = {"s": 86_400, "ms": 86_400e3, "us": 86_400e6, "ns": 86_400e9}[unit]
    n = float(value) / per_day
    if not -700_000 < n < 2_900_000:
        return "not a date (beyond the year 9999)"
    return str(_dt.date(1970, 1, 1) + _dt.timedelta(days=int(np.floor(n))))


def _parse_dmy(raw, lines, file, col, dayfirst):
    """Day/month/year or month/day/year: decided by the column, or by ``dayfirst``; never a
    guess. The same format is then applied to every row."""
    parts = raw.str.extract(_DMY_RE.pattern)
    a, b = parts[0].astype(int), parts[2].astype(int)
    sep, year = parts[1].iloc[0], parts[3].iloc[0]
    big_a = (a > 12).to_numpy()     # first number > 12: a day, so day first
    big_b = (b > 12).to_numpy()     # second number > 12: a day, so month first
    if dayfirst is None:
        if big_a.any() and big_b.any():
            i, k = int(np.argmax(big_a)), int(np.argmax(big_b))
            raise ValueError(f"{file}: the dates in column {col!r} are neither all day first nor "
                             f"all month first: row {lines[i]} has {raw.iloc[i]!r} (day first), "
                             f"row {lines[k]} has {raw.iloc[k]!r} (month first): correct the file")
        if not big_a.any() and not big_b.any():
            differ = (a != b).to_numpy() & (a > 0).to_numpy() & (b > 0).to_numpy()
            j = int(np.argmax(differ)) if differ.any() else 0
            v, readings = raw.iloc[j], ""
            if differ.any():
                y = int(parts[3].iloc[j]) + (2000 if len(parts[3].iloc[j]) == 2 else 0)
                with contextlib.suppress(ValueError):
                    readings = (f" ({_dt.date(y, int(b.iloc[j]), int(a.iloc[j]))} day first, "
                                f"{_dt.date(y, int(a.iloc[j]), int(b.iloc[j]))} month first)")
            raise ValueError(
                f"{file}: the dates in column {col!r} can be read day first or month first "
                f"(row {lines[j]}: {v!r}{readings}) and no date in the file has a day above 12 "
                f"to decide: pass dayfirst=True for day/month/year (European exports), "
                f"dayfirst=False for month/day/year (US exports), or date_format=...")
        dayfirst = bool(big_a.any())
    else:
        bad = big_b if dayfirst else big_a
        if bad.any():
            i = int(np.argmax(bad))
            order = "day/month/year" if dayfirst else "month/day/year"
            raise ValueError(f"{file}: row {lines[i]}: {raw.iloc[i]!r} in column {col!r} is not "
                             f"{order} (there is no month {max(a.iloc[i], b.iloc[i])}), but "
                             f"dayfirst={dayfirst} was passed: pass dayfirst={not dayfirst}")
    y = "%Y" if len(year) == 4 else "%y"
    fmt = (f"%d{sep}%m{sep}{y}" if dayfirst else f"%m{sep}%d{sep}{y}")
    datepart = raw.str.split(r"[T ,]", n=1, regex=True).str[0]
    days = pd.to_datetime(datepart, format=fmt, errors="coerce")
    described = (fmt.replace("%d", "DD").replace("%m", "MM").replace("%Y", "YYYY")
                 .replace("%y", "YY"))
    return days, described


def _parse_dates(raw, lines, file, col, *, dayfirst, date_format, time_unit):
    """Days (naive, normalised) of a column of dates: one format for every row."""
    first = raw.iloc[0]
    if date_format is not None:
        try:
            parsed = pd.to_datetime(raw, format=date_format, errors="coerce")
        except ValueError:                      # mixed offsets (%z): the date as written
            parsed = pd.to_datetime(raw, format=date_format, errors="coerce", utc=True)
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
        how, example = f"date_format={date_format!r}", None
    elif time_unit is not None or all(_EPOCH_RE.fullmatch(v) for v in raw):
        if not all(_EPOCH_RE.fullmatch(v) for v in raw):
            i = next(k for k, v in enumerate(raw) if not _EPOCH_RE.fullmatch(v))
            raise ValueError(f"{file}: row {lines[i]}: {raw.iloc[i]!r} in column {col!r} is not "
                             f"a number, but time_unit={time_unit!r} is for timestamps (seconds, "
                             f"milliseconds or microseconds since 1970): leave out time_unit")
        parsed, how = _parse_epochs(raw, lines, file, col, time_unit)
        example = first
    elif _ISO_RE.fullmatch(first):
        ok = raw.str.fullmatch(_ISO_RE.pattern).to_numpy()
        full = raw.str.replace(r"\s*(?:UTC|GMT)$", "+00:00", regex=True)
        valid = pd.to_datetime(full.where(ok, ""), format="ISO8601", errors="coerce",
                               utc=True).notna().to_numpy()
        datepart = raw.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})")[0].where(ok & valid, "")
        parsed = pd.to_datetime(datepart, format="%Y-%m-%d", errors="coerce")
        how, example = "YYYY-MM-DD", first
    elif _YMD_RE.fullmatch(first):
        s = _YMD_RE.fullmatch(first).group(2)
        datepart = raw.str.split(r"[T ]", n=1, regex=True).str[0]
        parsed = pd.to_datetime(datepart, format=f"%Y{s}%m{s}%d", errors="coerce")
        how, example = f"YYYY{s}MM{s}DD", first
    elif _DMY_RE.fullmatch(first):
        ok = raw.str.fullmatch(_DMY_RE.pattern).to_numpy()
        if not ok.all():
            i = int(np.argmax(~ok))
            raise ValueError(f"{file}: row {lines[i]}: {raw.iloc[i]!r} in column {col!r} is not "
                             f"a date like the others ({first!r} on row {lines[0]}): correct it, "
                             f"or pass date_format=...")
        parsed, how = _parse_dmy(raw, lines, file, col, dayfirst)
        example = first
    else:
        fmt = None
        for candidate in _MONTH_FORMATS:
            trial = pd.to_datetime(raw, format=candidate, errors="coerce")
            if trial.notna().all():
                fmt, parsed = candidate, trial
                break
        if fmt is None:
            from pandas.tseries.api import guess_datetime_format
            fmt = guess_datetime_format(first, dayfirst=bool(dayfirst))
            if fmt is None:
                raise ValueError(f"{file}: row {lines[0]}: {first!r} in column {col!r} is not a "
                                 f"date (expected e.g. 2020-03-12): if it is one, pass its format "
                                 f"as date_format=... (e.g. '%d %m %Y')")
            parsed = pd.to_datetime(raw, format=fmt, errors="coerce", utc=True)
            parsed = parsed.dt.tz_localize(None)
        how, example = f"the format {fmt!r}", first
    bad = parsed.isna().to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        like = (f" like the others ({how}, e.g. {example!r} on row {lines[0]})"
                if example is not None and i > 0 else f" ({how})")
        raise ValueError(f"{file}: row {lines[i]}: {raw.iloc[i]!r} in column {col!r} is not a "
                         f"date{like}: correct it, or pass date_format=...")
    return pd.DatetimeIndex(parsed).normalize().as_unit("ns")


def _decimal_evidence(v: str):
    """'.' or ',' if the number ``v`` shows its decimal mark, None if it shows none, '?' if it
    can be read both ways (``1,234`` or ``1.234``)."""
    m = v.lstrip("+-")
    m = re.split(r"[eE]", m)[0] if re.search(r"\d[eE][-+]?\d", m) else m
    c, d = m.count(","), m.count(".")
    if c and d:
        return "," if m.rfind(",") > m.rfind(".") else "."
    if c > 1:
        return "."
    if d > 1:
        return ","
    if c == 1:
        return "?" if re.fullmatch(r"[1-9]\d{0,2},\d{3}", m) and m == v.lstrip("+-") else ","
    if d == 1:
        return "?" if re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", m) and m == v.lstrip("+-") else "."
    return None


def _parse_prices(raw, lines, days, file, col, decimal):
    """Floats of a column of prices: decimal mark and thousands separator read off the column
    (``29374,15``; ``"46,306.4"``; ``42.582,1``) or given by ``decimal``; never guessed."""
    text = raw.str.replace(_CURRENCY_RE, r"\1", regex=True).str.strip()
    plain = text.str.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
    if decimal is None:
        evidence = {}
        for i, v in enumerate(text):
            if _NUMBER_RE.fullmatch(v):
                e = _decimal_evidence(v)
                if e is not None and e not in evidence:
                    evidence[e] = i
        marks = [e for e in (".", ",") if e in evidence]
        if len(marks) == 2:
            i, k = evidence["."], evidence[","]
            raise ValueError(f"{file}: column {col!r} mixes decimal marks: row {lines[i]} has "
                             f"{raw.iloc[i]!r} (decimal point), row {lines[k]} has "
                             f"{raw.iloc[k]!r} (decimal comma): correct the file")
        if not marks and "?" in evidence:
            i = evidence["?"]
            v = text.iloc[i]
            raise ValueError(f"{file}: the prices in column {col!r} can be read with "
                             f"{v[-4]!r} as a decimal mark or as a thousands separator (row "
                             f"{lines[i]}: {raw.iloc[i]!r}) and no price in the file decides: "
                             f"pass decimal='.' or decimal=','")
        decimal = marks[0] if marks else "."
    thousands = "," if decimal == "." else "."
    t, d = re.escape(thousands + _SPACES), re.escape(decimal)
    shape = (rf"[-+]?(?:\d{{1,3}}(?:[{t}]\d{{3}})+(?:{d}\d*)?|\d*(?:{d}\d*)?)"
             rf"(?:[eE][-+]?\d+)?")
    ok = text.str.fullmatch(shape) & text.str.contains(r"\d")
    if decimal == ".":
        ok = ok | plain
    cleaned = text.str.replace(f"[{t}]", "", regex=True).str.replace(decimal, ".", regex=False)
    prices = pd.to_numeric(cleaned.where(ok, "x"), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(prices)
    if bad.any():
        i = int(np.argmax(bad))
        marks = (f" with {decimal!r} as the decimal mark" if not plain.iloc[i] and
                 _is_number_cell(text.iloc[i]) else "")
        raise ValueError(f"{file}: row {lines[i]} ({days[i].date()}): price {raw.iloc[i]!r} "
                         f"in column {col!r} is not a finite number{marks}")
    return prices


def _options(columns, header, time_unit, dayfirst, date_format, decimal, sep):
    """The reading options, checked (hashable: ``columns`` as a tuple)."""
    if columns is not None:
        if isinstance(columns, (str, bytes)) or not isinstance(columns, (list, tuple)):
            raise InvalidTypeError(f"columns must be None or a list of column names (str), got "
                                   f"{format_value(columns)} of type {type(columns).__name__}")
        if not all(isinstance(c, str) and c.strip() for c in columns):
            raise InvalidTypeError(f"columns must be a list of non-empty column names (str), got "
                                   f"{format_value(columns)}")
        if len(columns) < 2 or len(set(columns)) != len(columns):
            raise ValueError(f"columns must name two or more columns, each once, got "
                             f"{format_value(columns)}")
        columns = tuple(columns)
    if header is not None and not (isinstance(header, str) and header == "infer"):
        raise ValueError(f"header must be 'infer' (detect the header line) or None (the file has "
                         f"no header line), got {format_value(header)}")
    if time_unit is not None:
        check_choice(time_unit, "time_unit", TIME_UNITS)
    if dayfirst is not None:
        dayfirst = check_bool(dayfirst, "dayfirst")
    if date_format is not None:
        if not isinstance(date_format, str) or "%" not in date_format:
            raise ValueError(f"date_format must be None or a strftime format such as "
                             f"'%d.%m.%Y', got {format_value(date_format)}")
    if decimal is not None:
        check_choice(decimal, "decimal", (".", ","))
    if sep is not None:
        check_choice(sep, "sep", SEPARATORS)
    if decimal is not None and sep == decimal:
        raise ValueError(f"sep and decimal are both {sep!r}: a comma-separated file with decimal "
                         f"commas quotes its numbers; pass sep=None to detect the separator")
    return columns, header, time_unit, dayfirst, date_format, decimal, sep


@functools.lru_cache(maxsize=16)
def _read(path: str, mtime_ns: int, size: int, date_column, price_column, daily: bool,
          columns=None, header="infer", time_unit=None, dayfirst=None, date_format=None,
          decimal=None, sep=None) -> pd.Series:
    file, text = _bytes_of(path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not any(ln.strip() for ln in lines):
        raise ValueError(f"{file}: the file is empty (expected a header line with a date and a "
                         f"price column, then one row per day)")
    given_sep = sep is not None
    sep = sep or _detect_sep(lines)
    start, names, width = _layout(file, lines, sep, header, columns, given_sep)
    body = "\n".join(lines[start:])
    try:
        table = pd.read_csv(io.StringIO(body), sep=sep, header=None,
                            names=range(max(width, len(names))), dtype=str,
                            keep_default_na=False, skip_blank_lines=False, index_col=False,
                            quotechar='"', skipinitialspace=True, engine="c")
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if not m:
            raise ValueError(f"{file}: not a readable CSV file ({exc})".strip()) from None
        line = start + int(m.group(2))
        raise ValueError(f"{file}: row {line} has {m.group(3)} fields, more than the "
                         f"{len(names)} columns of the header (fields separated by "
                         f"{_SEP_NAMES[sep]}): a value with a {sep!r} in it that is not quoted? "
                         f"Correct that row") from None
    except pd.errors.EmptyDataError:
        table = pd.DataFrame(columns=range(len(names)), dtype=str)
    table = table.fillna("")
    n_lines = np.arange(len(table)) + start + 1           # line of the file (1 = the first)
    blank = np.array([not ln.strip(sep + " \"\t") for ln in lines[start:start + len(table)]],
                     dtype=bool)
    table, n_lines = table[~blank].reset_index(drop=True), n_lines[~blank]
    for k in range(len(names), table.shape[1]):               # a field beyond the header's
        full = (table[k].str.strip() != "").to_numpy()
        if full.any():
            i = int(np.argmax(full))
            raise ValueError(f"{file}: row {n_lines[i]} has a value ({table[k].iloc[i]!r}) in "
                             f"field {k + 1}, beyond the {len(names)} columns of the header: a "
                             f"value with a {sep!r} in it that is not quoted? Correct that row")
    table = table.iloc[:, :len(names)]
    table.columns = names
    dfound = _pick(names, date_column, DATE_NAMES, "date_column", file)
    dcol = _one_column(table, dfound, "date_column", file, n_lines)
    pfound = _pick(names, price_column, PRICE_NAMES, "price_column", file, exclude=dcol)
    if dcol in pfound and len(pfound) == 1:
        raise ValueError(f"date_column and price_column are the same column {dcol!r} of {file}")
    if len(table) == 0:
        raise ValueError(f"{file}: the file has a header but no data rows")
    pcol = _one_column(table, pfound, "price_column", file, n_lines)
    raw_dates = table[dcol].str.strip()
    raw_prices = table[pcol].str.strip()
    lines_no = n_lines

    # the price history runs from the first to the last row with a price: rows before and after
    # it (e.g. Coin Metrics' years before a market price, and its last row of reference rates
    # only) are outside the history and left out; an empty price inside it is an error.
    has_price = (raw_prices != "").to_numpy()
    if not has_price.any():
        raise ValueError(f"{file}: column {pcol!r} has no price in any row")
    first, last = int(np.argmax(has_price)), len(has_price) - 1 - int(np.argmax(has_price[::-1]))
    keep = slice(first, last + 1)
    raw_dates, raw_prices = raw_dates.iloc[keep].reset_index(drop=True), \
        raw_prices.iloc[keep].reset_index(drop=True)
    lines_no = lines_no[keep]

    empty = (raw_prices == "").to_numpy()
    if empty.any():
        i = int(np.argmax(empty))
        raise ValueError(f"{file}: row {lines_no[i]} ({raw_dates.iloc[i]}): no price in column "
                         f"{pcol!r} inside the price history; nothing is filled: correct the "
                         f"file or cut it with start/end")
    no_date = (raw_dates == "").to_numpy()
    if no_date.any():
        i = int(np.argmax(no_date))
        raise ValueError(f"{file}: row {lines_no[i]}: no date in column {dcol!r} (price "
                         f"{raw_prices.iloc[i]!r}): correct the file")
    days = _parse_dates(raw_dates, lines_no, file, dcol, dayfirst=dayfirst,
                        date_format=date_format, time_unit=time_unit)
    prices = _parse_prices(raw_prices, lines_no, days, file, pcol, decimal)
    bad = prices <= 0
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{file}: row {lines_no[i]} ({days[i].date()}): price "
                         f"{raw_prices.iloc[i]!r} in column {pcol!r} must be > 0")
    step = np.diff(days.values.astype("datetime64[D]").astype(np.int64))    # in days
    if len(step) and (step < 0).all():          # newest first (a common export): sorted, lossless
        days, prices, lines_no = days[::-1], prices[::-1], lines_no[::-1]
        raw_dates = raw_dates.iloc[::-1].reset_index(drop=True)
        step = -step[::-1]
    if (step == 0).any():
        i = int(np.argmax(step == 0))
        a, b = raw_dates.iloc[i], raw_dates.iloc[i + 1]
        note = (f" (as {a!r} and {b!r}: more than one price a day, e.g. hourly data or a price "
                f"taken during the day; load_prices reads one close a day: use the file's daily "
                f"data, or delete the extra row)" if a != b else "")
        raise ValueError(f"{file}: rows {lines_no[i]} and {lines_no[i + 1]}: the date "
                         f"{days[i].date()} appears twice (duplicate date){note}")
    if (step < 0).any():
        i = int(np.argmax(step < 0))
        raise ValueError(f"{file}: row {lines_no[i + 1]} ({days[i + 1].date()}) comes after row "
                         f"{lines_no[i]} ({days[i].date()}): dates out of order (sort the file by "
                         f"date; only a file sorted newest first throughout is sorted for you)")
    if daily:
        gap = step != 1
        if gap.any():
            i = int(np.argmax(gap))
            missing = (days[i] + pd.Timedelta(days=1)).date()
            raise ValueError(f"{file}: no row for {missing} (between row {lines_no[i]} "
                             f"({days[i].date()}) and row {lines_no[i + 1]} ({days[i + 1].date()})): "
                             f"a missing day in a daily series; nothing is filled. Pass "
                             f"daily=False if the series is not daily-continuous")
    out = pd.Series(np.asarray(prices, dtype=float), index=pd.DatetimeIndex(days, name="date"),
                    name=pcol)
    if daily:
        out.index.freq = "D"
    return out


def load_prices(path, date_column=None, price_column=None, daily=True, start=None, end=None,
                name=None, *, columns=None, header="infer", time_unit=None, dayfirst=None,
                date_format=None, decimal=None, sep=None) -> pd.Series:
    """Closing prices from a CSV file as downloaded: a date column and a price column.

    Reads the usual exports as they come (Coin Metrics, Yahoo Finance and yfinance, CoinGecko,
    CoinMarketCap, Investing.com in US and European languages, CryptoDataDownload, a spreadsheet
    saved as CSV) and, with ``columns=``, the files that have no header line (Binance's klines,
    Kraken's OHLCVT). Whatever it cannot read without a guess it refuses with a ``ValueError``
    that names the file, the row or the date, and the argument that settles it.

    Parameters
    ----------
    path : str or os.PathLike
        A CSV file, a zip archive holding one CSV file, or a gzip file. The separator (comma,
        semicolon, tab or ``|``), a byte-order mark, Windows line endings, a title or URL line
        above the header, and a separator at the end of every row are handled.
    date_column, price_column : str, optional
        Column names; default: the column whose name is a usual one (:data:`DATE_NAMES`,
        :data:`PRICE_NAMES`, any case, Yahoo's ``*`` ignored). Several price columns with the
        same value on every row (Yahoo's ``Close`` and ``Adj Close`` of a coin) are one; several
        that differ are an error asking for ``price_column``.
    daily : bool
        True (crypto trades every day): a calendar day without a row is an error. False: any
        increasing dates (a weekly series, a stock's trading days).
    start, end : str, datetime.date or pandas.Timestamp, optional
        Keep the days ``start <= day <= end`` (inclusive); checks apply to the whole file.
    name : str, optional
        Name of the returned series (default: the price column's name).
    columns : list of str, optional
        Names of the columns of a file **without a header line** (its first line is a row of
        prices), e.g. :data:`BINANCE_KLINES`, :data:`KRAKEN_OHLCVT` or ``['date', 'close']``.
    header : {'infer', None}
        ``'infer'`` (default): the header line is detected, and a file without one is an error
        saying so. ``None``: the file has no header line; its columns are ``columns``, or
        ``date`` and ``close`` for a file of two columns.
    time_unit : {'s', 'ms', 'us', 'ns'}, optional
        Unit of a date column of epoch timestamps (since 1970-01-01 UTC). Default: told by their
        size, which is unambiguous for dates after 2001-09-09 (10, 13, 16 or 19 digits).
    dayfirst : bool, optional
        For dates such as ``01/02/2021``: True reads day/month/year, False month/day/year.
        Default: decided by the column (a first number above 12 somewhere means day first, a
        second one above 12 month first); a column that cannot decide is an error asking for it.
    date_format : str, optional
        A ``strftime`` format applied to every date (e.g. ``'%d.%m.%Y'``); overrides the rest.
    decimal : {'.', ','}, optional
        The decimal mark of the prices. Default: read off the column (``29374,15``,
        ``"46,306.4"``, ``42.582,1``); a column where every price reads both ways (``1,234``) is
        an error asking for it. Thousands separators (``,`` ``.`` space ``'``) are removed.
    sep : {',', ';', '\\t', '|'}, optional
        The separator between columns; default: detected.

    Returns
    -------
    pandas.Series
        Closes (float, in the file's currency), indexed by day (``DatetimeIndex`` named ``date``,
        frequency ``"D"`` when ``daily``), oldest first.

    Raises
    ------
    ValueError
        Naming the file (and the member of a zip archive), the row (its line in the file, the
        first line being line 1) or the date, and what to change.

    Notes
    -----
    *Dates.* One format is applied to every row: ISO dates (``2024-01-31``, with or without a
    time and an offset), ``YYYY/MM/DD``, day-first or month-first dates (decided as described
    for ``dayfirst``), month names (``Jan 31, 2024``), epoch timestamps, or ``date_format``. A
    date with a time keeps its calendar date as written (a daily bar stamped at local midnight
    keeps its day; an offset is not applied); epoch timestamps are UTC days. A file sorted
    newest first throughout (Investing.com, CoinMarketCap) is sorted; any other disorder is an
    error, as is a date that appears twice (e.g. hourly rows).

    *The price history* is the rows from the first to the last one with a price: rows *before*
    and *after* it with an empty price cell (Coin Metrics' years before a market price, its last
    row of reference rates only) are outside the history and not read. Everything else is an error:
    an unknown or missing column, an empty price cell inside the history, a price that is not a
    number or is ``<= 0``, a date that does not parse, a duplicate date, dates out of order, a
    missing day (``daily``), an empty file, or an empty date range. Nothing is dropped or filled
    silently.

    Examples
    --------
    A Yahoo Finance download of a coin (``Close`` equals ``Adj Close``), newest row last:

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> yahoo = folder / "BTC-USD.csv"
    >>> _ = yahoo.write_text("Date,Open,High,Low,Close,Adj Close,Volume\\n"
    ...                      "2024-01-01,42280.23,44175.44,42214.98,44167.33,44167.33,18426978443\\n"
    ...                      "2024-01-02,44187.14,45899.71,44176.95,44957.97,44957.97,39335274536\\n")
    >>> load_prices(yahoo).tolist()
    [44167.33, 44957.97]

    An Investing.com file in German: quoted, decimal commas, day-first dates, newest first:

    >>> de = folder / "btc_de.csv"
    >>> _ = de.write_text('"Datum","Zuletzt","Eröffn.","Hoch","Tief","Vol.","+/- %"\\n'
    ...                   '"14.01.2024","41.732,4","42.836,1","43.005,1","41.720,1","41,83K","-2,58%"\\n'
    ...                   '"13.01.2024","42.836,1","42.777,0","43.238,0","42.444,3","47,08K","+0,14%"\\n',
    ...                   encoding="utf-8-sig")
    >>> s = load_prices(de)
    >>> s.index.strftime("%Y-%m-%d").tolist(), s.tolist()
    (['2024-01-13', '2024-01-14'], [42836.1, 41732.4])

    Dates that read both ways are refused until ``dayfirst`` says which:

    >>> monthly = folder / "monthly.csv"
    >>> _ = monthly.write_text("Date;Close\\n01/02/2021;33114,36\\n01/03/2021;45137,77\\n")
    >>> try:
    ...     load_prices(monthly, daily=False)
    ... except ValueError as error:
    ...     print(str(error).split(": ", 1)[1])
    the dates in column 'Date' can be read day first or month first (row 2: '01/02/2021' (2021-02-01 day first, 2021-01-02 month first)) and no date in the file has a day above 12 to decide: pass dayfirst=True for day/month/year (European exports), dayfirst=False for month/day/year (US exports), or date_format=...
    >>> load_prices(monthly, daily=False, dayfirst=True).index.strftime("%Y-%m-%d").tolist()
    ['2021-02-01', '2021-03-01']

    A Binance kline file has no header line; its layout is :data:`BINANCE_KLINES`:

    >>> kl = folder / "BTCUSDT-1d-2024-01.csv"
    >>> _ = kl.write_text(
    ...     "1704067200000,42283.58,44184.10,42180.77,44179.55,27174.29,1704153599999,"
    ...     "1169103045.40,1103863,13997.52,596414843.87,0\\n"
    ...     "1704153600000,44179.55,45879.63,44148.34,44946.91,65146.40,1704239999999,"
    ...     "2944278851.25,2168553,33004.49,1491955359.45,0\\n")
    >>> try:
    ...     load_prices(kl)
    ... except ValueError as error:
    ...     print(str(error).split(".csv ", 1)[1])
    has no header line: line 1 is already a row of prices ('1704067200000', '42283.58', '44184.10', '42180.77', '44179.55', '27174.29', ...). Its 12 columns are Binance's kline layout (open time in milliseconds, open, high, low, close, ...): pass columns=levtoken.data.BINANCE_KLINES
    >>> load_prices(kl, columns=BINANCE_KLINES)
    date
    2024-01-01    44179.55
    2024-01-02    44946.91
    Freq: D, Name: close, dtype: float64
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
    options = _options(columns, header, time_unit, dayfirst, date_format, decimal, sep)
    st = p.stat()
    series = _read(str(p.resolve()), st.st_mtime_ns, st.st_size, date_column, price_column, daily,
                   *options)
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
