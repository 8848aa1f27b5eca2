"""levtoken.data.load_prices on real exports: each format as downloaded, each failure as refused.

One small file per format, written here in that format's real layout (its header, quoting,
separator, decimal mark, date format, order, byte-order mark, line endings, archive): it loads
with the dates and closes asserted exactly, or it is refused with a ``ValueError`` whose text
names the file, the row or the value, and the argument that settles it. Then round trips:
closes written by pandas in many layouts load back equal.
"""

from __future__ import annotations

import gzip
import io
import itertools
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from levtoken import data

pytestmark = pytest.mark.unit


def write(tmp_path, name, content, encoding="utf-8") -> Path:
    """A file exactly as given (bytes, or text written without newline translation)."""
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return p


def zipped(tmp_path, name, members: dict) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for member, text in members.items():
            archive.writestr(member, text)
    return write(tmp_path, name, buf.getvalue())


def days(s) -> list:
    return [d.strftime("%Y-%m-%d") for d in s.index]


def refused(path, *parts, **kwargs) -> str:
    """The error's text; it names the file and contains every part."""
    with pytest.raises(ValueError) as info:
        data.load_prices(path, **kwargs)
    text = str(info.value)
    assert Path(path).name in text, text
    for part in parts:
        assert part in text, f"{part!r} not in: {text}"
    return text


# ---------------------------------------------------------------------------------------------
# exports that load with no argument


def test_coin_metrics_community_file(tmp_path):
    p = write(tmp_path, "eth.csv",
              "time,AdrActCnt,PriceBTC,PriceUSD,ReferenceRateUSD\n"
              "2015-07-30,1,,,\n"
              "2015-08-08,1208,0.0041,1.19999,1.2\n"
              "2015-08-09,1113,0.0047,1.19999,1.21\n"
              "2015-08-10,1430,0.0044,1.19999,1.18\n"
              "2015-08-11,2697,0.0038,0.99087,0.99\n"
              "2015-08-12,,,,1.3\n")
    s = data.load_prices(p)
    assert days(s) == ["2015-08-08", "2015-08-09", "2015-08-10", "2015-08-11"]
    assert s.tolist() == [1.19999, 1.19999, 1.19999, 0.99087] and s.name == "PriceUSD"


def test_coin_metrics_api_csv_with_nanosecond_times(tmp_path):
    p = write(tmp_path, "cm_api.csv", "asset,time,PriceUSD\n"
                                      "btc,2024-01-01T00:00:00.000000000Z,42265.1806\n"
                                      "btc,2024-01-02T00:00:00.000000000Z,44950.0733\n")
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [42265.1806, 44950.0733]


YAHOO = ("Date,Open,High,Low,Close,Adj Close,Volume\n"
         "2024-01-01,42280.234375,44175.437500,42214.976563,44167.332031,44167.332031,18426978443\n"
         "2024-01-02,44187.140625,45899.707031,44176.949219,44957.968750,44957.968750,39335274536\n"
         "2024-01-03,44961.601563,45503.242188,40813.535156,42848.175781,42848.175781,46342323118\n")


def test_yahoo_finance_download_of_a_coin_close_equals_adj_close(tmp_path):
    s = data.load_prices(write(tmp_path, "BTC-USD.csv", YAHOO))
    assert days(s) == ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert s.tolist() == [44167.332031, 44957.96875, 42848.175781] and s.name == "Close"


def test_yahoo_finance_stock_close_and_adj_close_differ(tmp_path):
    p = write(tmp_path, "AAPL.csv", "Date,Open,High,Low,Close,Adj Close,Volume\n"
                                    "2024-01-02,187.15,188.44,183.89,185.64,184.73,82488700\n"
                                    "2024-01-03,184.22,185.88,183.43,184.25,183.35,58414500\n")
    refused(p, "several possible price columns ['Close', 'Adj Close']", "row 2",
            "'185.64' and '184.73'", "price_column=", daily=False)
    s = data.load_prices(p, price_column="Adj Close", daily=False)
    assert s.tolist() == [184.73, 183.35] and days(s) == ["2024-01-02", "2024-01-03"]


def test_yfinance_download_to_csv_three_header_lines(tmp_path):
    p = write(tmp_path, "yf.csv",
              "Price,Close,High,Low,Open,Volume\n"
              "Ticker,BTC-USD,BTC-USD,BTC-USD,BTC-USD,BTC-USD\n"
              "Date,,,,,\n"
              "2024-01-01,44167.33203125,44175.4375,42214.9765625,42280.234375,18426978443\n"
              "2024-01-02,44957.96875,45899.70703125,44176.94921875,44187.140625,39335274536\n")
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02"]
    assert s.tolist() == [44167.33203125, 44957.96875] and s.name == "Close"


def test_yfinance_two_tickers_name_the_one_wanted(tmp_path):
    p = write(tmp_path, "yf2.csv",
              "Price,Close,Close,Volume,Volume\n"
              "Ticker,BTC-USD,ETH-USD,BTC-USD,ETH-USD\n"
              "Date,,,,\n"
              "2024-01-01,44167.33,2352.04,18426978443,6819500000\n"
              "2024-01-02,44957.97,2355.76,39335274536,15621000000\n")
    refused(p, "no price column found", "'Close BTC-USD'", "'Close ETH-USD'", "price_column=")
    s = data.load_prices(p, price_column="Close ETH-USD")
    assert s.tolist() == [2352.04, 2355.76]


def test_yfinance_history_with_time_zone_and_adj_close_first(tmp_path):
    p = write(tmp_path, "hist.csv",
              "Date,Adj Close,Close,High,Low,Open,Volume\n"
              "2024-01-01 00:00:00+00:00,44167.33,44167.33,44175.43,42214.97,42280.23,18426978443\n"
              "2024-01-02 00:00:00+00:00,44957.97,44957.97,45899.70,44176.94,44187.14,39335274536\n")
    s = data.load_prices(p)
    assert s.name == "Close" and s.tolist() == [44167.33, 44957.97]
    # a daily bar stamped at local midnight keeps its calendar day (no shift to UTC)
    p = write(tmp_path, "tokyo.csv", "Date,Close\n2024-01-04 00:00:00+09:00,33288.29\n"
                                     "2024-01-05 00:00:00+09:00,33377.42\n")
    assert days(data.load_prices(p)) == ["2024-01-04", "2024-01-05"]


def test_coingecko_export_snapped_at(tmp_path):
    p = write(tmp_path, "btc-usd-max.csv",
              "snapped_at,price,market_cap,total_volume\n"
              "2024-01-01 00:00:00 UTC,42208.20252,826385153983.94,14220174938.12\n"
              "2024-01-02 00:00:00 UTC,44179.92149,865125838138.61,18426978443.46\n")
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [42208.20252, 44179.92149]
    assert s.name == "price"


def test_coingecko_intraday_last_row_is_refused_by_row(tmp_path):
    p = write(tmp_path, "cg.csv", "snapped_at,price,market_cap,total_volume\n"
                                  "2024-01-01 00:00:00 UTC,42208.2,1,1\n"
                                  "2024-01-02 00:00:00 UTC,44179.9,1,1\n"
                                  "2024-01-02 14:23:05 UTC,44500.0,1,1\n")
    refused(p, "rows 3 and 4", "2024-01-02 appears twice", "'2024-01-02 14:23:05 UTC'",
            "more than one price a day")


def test_coinmarketcap_semicolons_newest_first(tmp_path):
    p = write(tmp_path, "Bitcoin_1_1_2024-1_3_2024_historical_data_coinmarketcap.csv",
              "timeOpen;timeClose;timeHigh;timeLow;name;open;high;low;close;volume;marketCap;"
              "timestamp\n"
              '"2024-01-03T00:00:00.000Z";"2024-01-03T23:59:59.999Z";"2024-01-03T00:20:00.000Z";'
              '"2024-01-03T12:06:00.000Z";"2781";44961.6025;45503.2424;40813.5341;42848.1746;'
              '46342323118.59;839099236296.85;"2024-01-03T23:59:59.999Z"\n'
              '"2024-01-02T00:00:00.000Z";"2024-01-02T23:59:59.999Z";"2024-01-02T18:54:00.000Z";'
              '"2024-01-02T00:01:00.000Z";"2781";44187.1399;45899.7061;44176.9467;44957.9691;'
              '39335274536.34;880492063218.92;"2024-01-02T23:59:59.999Z"\n'
              '"2024-01-01T00:00:00.000Z";"2024-01-01T23:59:59.999Z";"2024-01-01T23:57:00.000Z";'
              '"2024-01-01T00:23:00.000Z";"2781";42280.2359;44175.4373;42214.9763;44167.3330;'
              '18426978443.04;865158843016.99;"2024-01-01T23:59:59.999Z"\n')
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert s.tolist() == [44167.333, 44957.9691, 42848.1746] and s.name == "close"


def test_coinmarketcap_web_table_month_names_dollars_and_stars(tmp_path):
    p = write(tmp_path, "cmc_web.csv",
              "Date,Open*,High,Low,Close**,Volume,Market Cap\n"
              '"Jan 02, 2024","$44,187.14","$45,899.71","$44,176.95","$44,957.97",'
              '"$39,335,274,536","$880,492,063,219"\n'
              '"Jan 01, 2024","$42,280.24","$44,175.44","$42,214.98","$44,167.33",'
              '"$18,426,978,443","$865,158,843,017"\n')
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [44167.33, 44957.97]


INVESTING_US = ('\ufeff"Date","Price","Open","High","Low","Vol.","Change %"\n'
                '"01/14/2024","41,732.4","42,836.1","43,005.1","41,720.1","41.83K","-2.58%"\n'
                '"01/13/2024","42,836.1","42,777.0","43,238.0","42,444.3","47.08K","0.14%"\n'
                '"01/12/2024","42,777.0","46,339.9","46,500.0","41,845.3","96.06K","-7.68%"\n')


def test_investing_com_us_thousands_commas_month_first_newest_first(tmp_path):
    s = data.load_prices(write(tmp_path, "Bitcoin Historical Data.csv", INVESTING_US))
    assert days(s) == ["2024-01-12", "2024-01-13", "2024-01-14"]
    assert s.tolist() == [42777.0, 42836.1, 41732.4] and s.name == "Price"


def test_investing_com_us_with_only_the_first_twelve_days_needs_dayfirst(tmp_path):
    p = write(tmp_path, "early.csv",
              '"Date","Price","Open","High","Low","Vol.","Change %"\n'
              '"01/03/2024","42,848.2","44,961.6","45,503.2","40,813.5","46.34K","-4.69%"\n'
              '"01/02/2024","44,957.9","44,187.1","45,899.7","44,176.9","39.33K","1.79%"\n')
    refused(p, "can be read day first or month first", "row 2: '01/03/2024'",
            "2024-03-01 day first, 2024-01-03 month first", "dayfirst=False")
    s = data.load_prices(p, dayfirst=False)
    assert days(s) == ["2024-01-02", "2024-01-03"] and s.tolist() == [44957.9, 42848.2]


def test_investing_com_german_dots_decimal_commas_bom(tmp_path):
    p = write(tmp_path, "Bitcoin Historische Daten.csv",
              '\ufeff"Datum","Zuletzt","Eröffn.","Hoch","Tief","Vol.","+/- %"\n'
              '"14.01.2024","41.732,4","42.836,1","43.005,1","41.720,1","41,83K","-2,58%"\n'
              '"13.01.2024","42.836,1","42.777,0","43.238,0","42.444,3","47,08K","+0,14%"\n')
    s = data.load_prices(p)
    assert days(s) == ["2024-01-13", "2024-01-14"] and s.tolist() == [42836.1, 41732.4]
    assert s.name == "Zuletzt"


@pytest.mark.parametrize("header, date_a, date_b", [
    ('"Date","Price","Open","High","Low","Vol.","Change %"', "14/01/2024", "13/01/2024"),
    ('"Date","Dernier","Ouv."," Plus Haut","Plus Bas","Vol.","Variation %"', "14/01/2024",
     "13/01/2024"),
    ('"Fecha","Último","Apertura","Máximo","Mínimo","Vol.","% var."', "14.01.2024", "13.01.2024"),
])
def test_investing_com_european_locales_day_first(tmp_path, header, date_a, date_b):
    comma = "Date" in header and "Price" in header          # en-GB: thousands commas
    a, b = ("41,732.4", "42,836.1") if comma else ("41.732,4", "42.836,1")
    p = write(tmp_path, "eu.csv", f'{header}\n"{date_a}","{a}","1","1","1","41K","-2%"\n'
                                  f'"{date_b}","{b}","1","1","1","47K","0%"\n')
    s = data.load_prices(p)
    assert days(s) == ["2024-01-13", "2024-01-14"] and s.tolist() == [42836.1, 41732.4]


def test_cryptodatadownload_url_line_above_the_header_newest_first(tmp_path):
    p = write(tmp_path, "Bitstamp_BTCUSD_d.csv",
              "https://www.CryptoDataDownload.com\n"
              "unix,date,symbol,open,high,low,close,Volume BTC,Volume USD\n"
              "1704153600000,2024-01-02 00:00:00,BTC/USD,44187,45900,44170,44958,2417.1,108665400\n"
              "1704067200000,2024-01-01 00:00:00,BTC/USD,42283,44184,42180,44180,1432.2,63274940\n")
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [44180.0, 44958.0]


def test_spreadsheet_semicolons_decimal_commas_bom_crlf(tmp_path):
    p = write(tmp_path, "kurse.csv", "\ufeffDatum;Schlusskurs\r\n13.01.2024;42836,10\r\n"
                                     "14.01.2024;41732,35\r\n15.01.2024;1.042.732,5\r\n")
    s = data.load_prices(p)
    assert days(s) == ["2024-01-13", "2024-01-14", "2024-01-15"]
    assert s.tolist() == [42836.1, 41732.35, 1042732.5] and s.name == "Schlusskurs"


def test_spreadsheet_unicode_text_utf16_tabs(tmp_path):
    text = "Date\tClose\r\n2024-01-01\t42280.5\r\n2024-01-02\t44187.25\r\n"
    p = write(tmp_path, "unicode.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [42280.5, 44187.25]


@pytest.mark.parametrize("text", [
    "date,close\n2024-01-01,100.5,\n2024-01-02,101.25,\n",          # on the rows only
    "date,close,\n2024-01-01,100.5,\n2024-01-02,101.25,\n",         # and on the header
])
def test_trailing_comma_on_every_row(tmp_path, text):
    s = data.load_prices(write(tmp_path, "trailing.csv", text))
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [100.5, 101.25]


def test_gzip_file_and_a_zip_of_one_csv(tmp_path):
    text = "date,close\n2024-01-01,1.5\n2024-01-02,2.5\n"
    s = data.load_prices(write(tmp_path, "p.csv.gz", gzip.compress(text.encode())))
    assert s.tolist() == [1.5, 2.5]
    s = data.load_prices(zipped(tmp_path, "p.zip", {"p.csv": text}))
    assert s.tolist() == [1.5, 2.5]


def test_pandas_series_to_csv_with_its_unnamed_index(tmp_path):
    closes = pd.Series([100.0, 101.5], index=pd.date_range("2024-01-01", periods=2))
    p = tmp_path / "series.csv"
    closes.rename("close").to_csv(p)                         # header ",close"
    s = data.load_prices(p)
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [100.0, 101.5]


# ---------------------------------------------------------------------------------------------
# files without a header line: recognised, and read with columns= or header=None

KLINES_MS = ("1704067200000,42283.58000000,44184.10000000,42180.77000000,44179.55000000,"
             "27174.29903000,1704153599999,1169103045.40750040,1103863,13997.52767000,"
             "596414843.87050450,0\n"
             "1704153600000,44179.55000000,45879.63000000,44148.34000000,44946.91000000,"
             "65146.40661000,1704239999999,2944278851.25580630,2168553,33004.49170000,"
             "1491955359.45150000,0\n")
KLINES_US = ("1735689600000000,93576.00000000,95151.15000000,92888.00000000,94591.79000000,"
             "10373.32613000,1735775999999999,974600139.67,1427003,5241.38,492434434.92,0\n"
             "1735776000000000,94591.78000000,97839.50000000,94392.00000000,96984.79000000,"
             "21970.48948000,1735862399999999,2118367291.32,2519919,10890.81,1050207424.93,0\n")


def test_binance_klines_in_milliseconds_as_a_zip(tmp_path):
    p = zipped(tmp_path, "BTCUSDT-1d-2024-01.zip", {"BTCUSDT-1d-2024-01.csv": KLINES_MS})
    refused(p, "(BTCUSDT-1d-2024-01.csv) has no header line", "line 1 is already a row of prices",
            "Binance's kline layout", "milliseconds", "columns=levtoken.data.BINANCE_KLINES")
    s = data.load_prices(p, columns=data.BINANCE_KLINES)
    assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [44179.55, 44946.91]


def test_binance_klines_in_microseconds_since_2025(tmp_path):
    p = write(tmp_path, "BTCUSDT-1d-2025-01.csv", KLINES_US)
    refused(p, "has no header line", "microseconds", "columns=levtoken.data.BINANCE_KLINES")
    s = data.load_prices(p, columns=data.BINANCE_KLINES)
    assert days(s) == ["2025-01-01", "2025-01-02"] and s.tolist() == [94591.79, 96984.79]


def test_binance_months_in_two_units_concatenated(tmp_path):
    last_2024 = ("1735603200000,92792.05,94321.74,91910.00,93576.00,1,1735689599999,1,1,1,1,0\n")
    p = write(tmp_path, "joined.csv", last_2024 + KLINES_US)
    refused(p, "mixes units", "row 1 (1735603200000) is in milliseconds",
            "row 2 (1735689600000000) in microseconds", columns=data.BINANCE_KLINES)


def test_kraken_ohlcvt_in_seconds(tmp_path):
    p = write(tmp_path, "XBTUSD_1440.csv", "1381017600,122.0,122.0,122.0,122.0,0.1,1\n"
                                           "1381104000,123.61,123.61,123.61,123.61,0.1,1\n")
    refused(p, "has no header line", "Kraken's OHLCVT", "columns=levtoken.data.KRAKEN_OHLCVT")
    s = data.load_prices(p, columns=data.KRAKEN_OHLCVT)
    assert days(s) == ["2013-10-06", "2013-10-07"] and s.tolist() == [122.0, 123.61]


def test_kraken_archive_of_many_files_is_refused_by_name(tmp_path):
    p = zipped(tmp_path, "Kraken_OHLCVT.zip", {"XBTUSD_1440.csv": "1381017600,1,1,1,1,1,1\n",
                                               "XBTUSD_60.csv": "1381017600,1,1,1,1,1,1\n",
                                               "ETHUSD_1440.csv": "1438905600,1,1,1,1,1,1\n"})
    refused(p, "a zip archive of 3 files", "XBTUSD_1440.csv", "XBTUSD_60.csv",
            "extract the file you want")


def test_series_to_csv_without_header(tmp_path):
    p = tmp_path / "noheader.csv"
    pd.Series([100.0, 110.5], index=pd.date_range("2024-01-01", periods=2)).to_csv(p, header=False)
    refused(p, "has no header line", "line 1 is already a row of prices ('2024-01-01', '100.0')",
            "columns=['date', 'close']", "header=None")
    for kwargs in ({"header": None}, {"columns": ["date", "close"]},
                   {"columns": ["day", "last"], "price_column": "last", "date_column": "day"}):
        s = data.load_prices(p, **kwargs)
        assert days(s) == ["2024-01-01", "2024-01-02"] and s.tolist() == [100.0, 110.5]


def test_headerless_with_more_columns_needs_their_names(tmp_path):
    p = write(tmp_path, "ohlc.csv", "2024-01-01,1,2,0.5,1.5\n2024-01-02,1.5,2,1,1.8\n")
    refused(p, "has no header line", "columns=['date', 'open', 'high', 'low', 'close']")
    refused(p, "with header=None, its 5 columns need names", header=None)
    s = data.load_prices(p, columns=["date", "open", "high", "low", "close"])
    assert s.tolist() == [1.5, 1.8]
    refused(p, "columns names 2 columns", "has 5", columns=["date", "close"])


def test_columns_on_a_file_that_has_a_header(tmp_path):
    p = write(tmp_path, "h.csv", "date,close\n2024-01-01,1\n")
    refused(p, "line 1 ('date', 'close') is a header line", "leave out columns=",
            columns=["date", "close"])
    refused(p, "leave out header=None", header=None)


# ---------------------------------------------------------------------------------------------
# never silently wrong: what cannot be read without a guess is refused, saying what to pass


def test_monthly_european_day_first_is_refused_then_read_as_twelve_months(tmp_path):
    """The silently wrong case: 01/02/2021 ... 01/12/2021 are twelve months, not twelve days."""
    text = "Date;Close\n" + "".join(f"01/{m:02d}/2021;{30000 + 1000 * m},5\n" for m in range(1, 13))
    p = write(tmp_path, "monthly.csv", text)
    refused(p, "can be read day first or month first", "row 3: '01/02/2021'",
            "2021-02-01 day first, 2021-01-02 month first", "dayfirst=True", daily=False)
    s = data.load_prices(p, daily=False, dayfirst=True)
    assert days(s) == [f"2021-{m:02d}-01" for m in range(1, 13)]
    assert s.tolist() == [30000 + 1000 * m + 0.5 for m in range(1, 13)]
    s = data.load_prices(p, daily=False, date_format="%d/%m/%Y")
    assert days(s)[1] == "2021-02-01"


def test_daily_day_first_file_reads_when_a_day_above_12_decides(tmp_path):
    text = "Date,Close\n" + "".join(f"{d:02d}/01/2021,{100 + d}\n" for d in range(1, 16))
    s = data.load_prices(write(tmp_path, "daily_dmy.csv", text))
    assert days(s) == [f"2021-01-{d:02d}" for d in range(1, 16)]
    assert s.tolist() == [float(100 + d) for d in range(1, 16)]


def test_day_first_and_month_first_in_one_column(tmp_path):
    p = write(tmp_path, "mixed.csv", "date,close\n13/01/2024,1\n01/14/2024,2\n")
    refused(p, "neither all day first nor all month first", "row 2 has '13/01/2024'",
            "row 3 has '01/14/2024'", daily=False)
    refused(p, "row 2: '13/01/2024'", "is not month/day/year", "pass dayfirst=True",
            dayfirst=False, daily=False)


def test_one_format_for_every_row(tmp_path):
    p = write(tmp_path, "formats.csv", "date,close\n13/01/2024,1\n14/01/2024,2\n2024-01-15,3\n")
    refused(p, "row 4: '2024-01-15'", "not a date like the others", "'13/01/2024' on row 2")


def test_decimal_mark_that_reads_both_ways(tmp_path):
    p = write(tmp_path, "amb.csv", 'date,close\n2024-01-01,"42,582"\n2024-01-02,"43,100"\n')
    refused(p, "can be read with ',' as a decimal mark or as a thousands separator",
            "row 2: '42,582'", "decimal='.'")
    assert data.load_prices(p, decimal=".").tolist() == [42582.0, 43100.0]
    assert data.load_prices(p, decimal=",").tolist() == [42.582, 43.1]


def test_two_decimal_marks_in_one_column(tmp_path):
    p = write(tmp_path, "marks.csv", "date;close\n2024-01-01;1,5\n2024-01-02;2.5\n")
    refused(p, "mixes decimal marks", "row 3 has '2.5' (decimal point)",
            "row 2 has '1,5' (decimal comma)")


def test_unquoted_decimal_comma_in_a_comma_separated_file(tmp_path):
    p = write(tmp_path, "broken.csv", "date,close\n2024-01-01,100,5\n2024-01-02,101\n")
    refused(p, "row 2 has a value ('5') in field 3", "beyond the 2 columns of the header",
            "not quoted")


def test_disorder_other_than_newest_first_is_an_error(tmp_path):
    p = write(tmp_path, "shuffled.csv",
              "date,close\n2024-01-02,1\n2024-01-01,2\n2024-01-03,3\n")
    refused(p, "row 3 (2024-01-01) comes after row 2 (2024-01-02)", "dates out of order",
            "only a file sorted newest first throughout is sorted")


def test_epoch_numbers_whose_unit_the_size_cannot_tell(tmp_path):
    p = write(tmp_path, "nineties.csv", "timestamp,close\n946598400,1\n946684800,2\n")
    refused(p, "row 2: '946598400'", "unit cannot be told from its size", "time_unit='s'")
    s = data.load_prices(p, time_unit="s")
    assert days(s) == ["1999-12-31", "2000-01-01"]
    p = write(tmp_path, "ms.csv", "timestamp,close\n1704067200000,1\n1704153600000,2\n")
    refused(p, "1704067200000", "read in seconds (time_unit='s')", "its 13 digits are milliseconds",
            "(2024-01-01)", "pass time_unit='ms'", time_unit="s")
    assert days(data.load_prices(p)) == ["2024-01-01", "2024-01-02"]
    p = write(tmp_path, "dates.csv", "date,close\n2024-01-01,1\n")
    refused(p, "is not a number, but time_unit='ms'", "leave out time_unit", time_unit="ms")


def test_spreadsheet_day_numbers(tmp_path):
    p = write(tmp_path, "serial.csv", "date,close\n45292,1\n45293,2\n")
    refused(p, "row 2: '45292'", "spreadsheet's day number", "format the column as dates")


def test_extra_header_lines_are_named(tmp_path):
    p = write(tmp_path, "units.csv", "date,close\n,USD\n2024-01-01,1\n2024-01-02,2\n")
    refused(p, "line 2 ('', 'USD')", "between the header (line 1)", "extra header line")
    p = write(tmp_path, "two_headers.csv", "source,Coin Metrics\ndate,close\n2024-01-01,1\n")
    refused(p, "line 1 ('source', 'Coin Metrics') comes before the header (line 2)",
            "delete the lines above it")


def test_files_that_are_not_csv(tmp_path):
    refused(write(tmp_path, "page.csv", "<!DOCTYPE html>\n<html><body>404</body></html>\n"),
            "this is HTML or XML, not a CSV file")
    refused(zipped(tmp_path, "book.xlsx", {"[Content_Types].xml": "<Types/>",
                                            "xl/workbook.xml": "<workbook/>"}),
            "an Excel workbook", "save it as CSV")
    refused(zipped(tmp_path, "empty.zip", {}), "a zip archive with no file in it")
    refused(write(tmp_path, "one.csv", "date\n2024-01-01\n"), "every line holds one field")
    refused(write(tmp_path, "semi.csv", "date;close\n2024-01-01;1\n"), "every line holds one field",
            "sep=',' was passed", sep=",")


def test_bad_new_arguments():
    with pytest.raises(ValueError, match=r"time_unit must be one of \('s', 'ms', 'us', 'ns'\)"):
        data.load_prices(__file__, time_unit="days")
    with pytest.raises(TypeError, match="dayfirst must be True or False"):
        data.load_prices(__file__, dayfirst="yes")
    with pytest.raises(TypeError, match="columns must be None or a list of column names"):
        data.load_prices(__file__, columns="date,close")
    with pytest.raises(ValueError, match="columns must name two or more columns, each once"):
        data.load_prices(__file__, columns=["date", "date"])
    with pytest.raises(ValueError, match="header must be 'infer'"):
        data.load_prices(__file__, header=0)
    with pytest.raises(ValueError, match="decimal must be one of"):
        data.load_prices(__file__, decimal=";")
    with pytest.raises(ValueError, match="sep and decimal are both ','"):
        data.load_prices(__file__, decimal=",", sep=",")
    with pytest.raises(ValueError, match="date_format must be None or a strftime format"):
        data.load_prices(__file__, date_format="dd.mm.yyyy")


# ---------------------------------------------------------------------------------------------
# round trips: closes written by pandas in many layouts load back equal

_counter = itertools.count()

DATE_LAYOUTS = {        # strftime format (or epoch unit), and the argument it needs to read back
    "%Y-%m-%d": {}, "%Y-%m-%d %H:%M:%S": {}, "%Y/%m/%d": {},
    "%d/%m/%Y": {"dayfirst": True}, "%m/%d/%Y": {"dayfirst": False},
    "%d.%m.%Y": {"dayfirst": True}, "%d-%m-%y": {"dayfirst": True},
    "s": {}, "ms": {}, "us": {},
}


@st.composite
def layouts(draw):
    n = draw(st.integers(1, 40))
    first = draw(st.dates(pd.Timestamp("2001-09-10").date(), pd.Timestamp("2060-01-01").date()))
    daily = draw(st.booleans())
    steps = [1] * (n - 1) if daily else draw(st.lists(st.integers(1, 40), min_size=n - 1,
                                                      max_size=n - 1))
    dates = pd.DatetimeIndex(pd.Timestamp(first) + pd.to_timedelta(np.cumsum([0] + steps), "D"))
    cents = draw(st.lists(st.integers(1, 10**9), min_size=n, max_size=n))
    closes = np.array(cents, dtype=float) / 100              # 0.01 to 10 million
    return dict(dates=dates, closes=closes, daily=daily,
                sep=draw(st.sampled_from([",", ";", "\t"])),
                decimal=draw(st.sampled_from([".", ","])),
                thousands=draw(st.booleans()),
                date_layout=draw(st.sampled_from(sorted(DATE_LAYOUTS))),
                newest_first=draw(st.booleans()),
                bom=draw(st.booleans()), crlf=draw(st.booleans()),
                header=draw(st.booleans()), trailing=draw(st.booleans()),
                by_columns=draw(st.booleans()))


def _write(layout, folder) -> tuple:
    """The file pandas writes for ``layout``, and the arguments that read it back."""
    frame = pd.DataFrame({"date": layout["dates"], "close": layout["closes"]})
    kwargs = {"daily": layout["daily"]}
    unit = layout["date_layout"]
    if unit in ("s", "ms", "us"):
        per_second = {"s": 1, "ms": 1_000, "us": 1_000_000}[unit]
        frame["date"] = (frame["date"] - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1) \
            * per_second
    else:
        frame["date"] = frame["date"].dt.strftime(unit)
        kwargs.update(DATE_LAYOUTS[unit])
    decimal = layout["decimal"]
    if layout["thousands"]:               # as a spreadsheet shows them: "1,234.50" / "1.234,50"
        text = [f"{x:,.2f}" for x in layout["closes"]]
        if decimal == ",":
            text = [t.replace(",", "_").replace(".", ",").replace("_", ".") for t in text]
        frame["close"] = text
        kwargs["decimal"] = decimal       # "1,234" alone reads both ways: say which
    if layout["newest_first"]:
        frame = frame.iloc[::-1]
    if layout["trailing"]:
        frame[""] = ""
    if not layout["header"]:             # named by columns=, or header=None (two columns)
        if layout["by_columns"]:
            kwargs["columns"] = ["date", "close"]
        else:
            kwargs["header"] = None
    sep = layout["sep"]
    if sep == decimal and not layout["thousands"]:
        sep = ";"                           # a decimal comma needs another separator (or quotes)
    path = Path(folder) / f"roundtrip_{next(_counter)}.csv"
    frame.to_csv(path, sep=sep, decimal=decimal, index=False, header=layout["header"],
                 encoding="utf-8-sig" if layout["bom"] else "utf-8",
                 lineterminator="\r\n" if layout["crlf"] else "\n")
    return path, kwargs


@settings(max_examples=150, deadline=None)
@given(layouts())
def test_round_trip_of_pandas_layouts(layout):
    with tempfile.TemporaryDirectory() as folder:
        path, kwargs = _write(layout, folder)
        s = data.load_prices(path, **kwargs)
    assert s.index.equals(pd.DatetimeIndex(layout["dates"], name="date"))
    assert s.to_numpy().tolist() == layout["closes"].tolist()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 10**8), min_size=4, max_size=30), st.booleans())
def test_round_trip_day_first_dates_without_the_argument_when_a_day_decides(cents, dayfirst):
    """Unambiguous columns (a day above 12 somewhere) need no argument, either order."""
    dates = pd.date_range("2024-01-10", periods=len(cents))         # the 13th is in every file
    frame = pd.DataFrame({"Date": dates.strftime("%d/%m/%Y" if dayfirst else "%m/%d/%Y"),
                          "Close": np.array(cents) / 100})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"dmy_{next(_counter)}.csv"
        frame.to_csv(path, index=False)
        s = data.load_prices(path)
    assert s.index.equals(pd.DatetimeIndex(dates, name="date", freq="D"))
    assert s.tolist() == (np.array(cents) / 100).tolist()
