"""levtoken.data: the Bitcoin file (download, cache, window check) and a reader's CSV (issue 17).

The real copy is the verbatim Coin Metrics file beside the clone (``../shared/data/coinmetrics``,
the cache folder conftest points ``LEVTOKEN_DATA_DIR`` at); the download itself is tested against
an HTTP server on 127.0.0.1 that serves that copy, into an empty temporary cache.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import levtoken as lt

from levtoken import data

pytestmark = pytest.mark.unit

#: The verbatim Coin Metrics file in the cache folder the suite uses (see the root conftest.py).
REAL = Path(os.environ.get("LEVTOKEN_DATA_DIR", "LEVTOKEN_DATA_DIR-is-not-set")) / "btc.csv"


def write(tmp_path, text, name="prices.csv") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


GOOD_CSV = "date,close\n2024-01-01,100\n2024-01-02,110\n2024-01-03,99\n"


# ---------------------------------------------------------------------------------------------
# a reader's CSV


def test_reads_a_small_daily_csv_with_detected_columns(tmp_path):
    s = data.load_prices(write(tmp_path, GOOD_CSV))
    assert s.tolist() == [100.0, 110.0, 99.0]
    assert s.index[0] == pd.Timestamp("2024-01-01") and s.index.freq == "D"
    assert s.name == "close"
    assert data.daily_returns(s).round(12).tolist() == [0.1, -0.1]
    assert lt.LeveragedToken(3).nav(data.daily_returns(s).to_numpy()).round(12).tolist() == \
        [1.0, 1.3, 0.91]


def test_named_columns_start_end_and_name(tmp_path):
    p = write(tmp_path, "Day,Open,Last\n2024-01-01,1,100\n2024-01-02,1,110\n2024-01-03,1,99\n")
    s = data.load_prices(p, date_column="Day", price_column="Last", start="2024-01-02",
                         name="ETH close")
    assert s.tolist() == [110.0, 99.0] and s.name == "ETH close"


def test_exchange_export_with_times_and_a_weekly_series(tmp_path):
    p = write(tmp_path, "timestamp,close\n2024-01-01 00:00:00+00:00,5\n"
                        "2024-01-08 00:00:00+00:00,6\n")
    with pytest.raises(ValueError, match=r"no row for 2024-01-02"):
        data.load_prices(p)
    s = data.load_prices(p, daily=False)
    assert s.index.tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")]


@pytest.mark.parametrize("text, kwargs, pattern", [
    ("", {}, r"prices\.csv: the file is empty"),
    ("date,close\n", {}, r"header but no data rows"),
    ("when,close\n2024-01-01,1\n", {}, r"no date column found .* name it with date_column"),
    ("date,value\n2024-01-01,1\n", {}, r"no price column found"),
    (GOOD_CSV, {"date_column": "Date"}, r"date_column 'Date' is not a column of .*prices\.csv"),
    (GOOD_CSV, {"price_column": "PriceUSD"}, r"price_column 'PriceUSD' is not a column"),
    ("date,close\n2024-01-01,100\n2024-01-02,abc\n", {},
     r"prices\.csv: row 3 \(2024-01-02\): price 'abc' .* is not a finite number"),
    ("date,close\n2024-01-01,100\n2024-01-02,0\n", {}, r"row 3 \(2024-01-02\): price '0' .* must be > 0"),
    ("date,close\n2024-01-01,100\n2024-01-02,-5\n", {}, r"row 3 \(2024-01-02\): price '-5' in column 'close' must be > 0"),
    ("date,close\n2024-01-01,100\n2024-01-01,101\n", {},
     r"rows 2 and 3: the date 2024-01-01 appears twice"),
    ("date,close\n2024-01-01,99\n2024-01-02,100\n2024-01-04,101\n2024-01-03,102\n", {},
     r"row 5 \(2024-01-03\) comes after row 4 \(2024-01-04\): dates out of order"),
    ("date,close\n2024-01-01,100\n2024-01-03,101\n", {},
     r"no row for 2024-01-02 \(between row 2 \(2024-01-01\) and row 3 \(2024-01-03\)\)"),
    ("date,close\n2024-01-01,100\n2024-01-02,\n2024-01-03,101\n", {},
     r"row 3 \(2024-01-02\): no price in column 'close' inside the price history"),
    ("date,close\n2024-01-01,100\nnot a day,101\n", {}, r"row 3: 'not a day' .* is not a date"),
    (GOOD_CSV, {"start": "2025-01-01"}, r"no price from 2025-01-01 .* an empty date range"),
    (GOOD_CSV, {"start": "2024-01-03", "end": "2024-01-01"}, r"is after end .* empty date range"),
    ("date,close\n2024-01-01,\n2024-01-02,\n", {}, r"column 'close' has no price in any row"),
])
def test_bad_csv_gets_a_clear_error(tmp_path, text, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        data.load_prices(write(tmp_path, text), **kwargs)


def test_leading_and_trailing_rows_without_a_price_are_outside_the_history(tmp_path):
    """As in Coin Metrics' file: years before a market price, a last row of reference rates."""
    p = write(tmp_path, "time,PriceUSD,ReferenceRateUSD\n2024-01-01,,\n2024-01-02,10,\n"
                        "2024-01-03,11,11\n2024-01-04,,11.5\n")
    s = data.load_prices(p)
    assert s.index[0] == pd.Timestamp("2024-01-02") and s.tolist() == [10.0, 11.0]


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match=r"path .*nowhere\.csv.*: no such file"):
        data.load_prices(tmp_path / "nowhere.csv")
    with pytest.raises(TypeError, match="path must be a file path"):
        data.load_prices(3.0)
    with pytest.raises(TypeError, match="daily must be True or False"):
        data.load_prices(write(tmp_path, GOOD_CSV), daily="yes")
    with pytest.raises(ValueError, match="start must be a date"):
        data.load_prices(write(tmp_path, GOOD_CSV), start="soon")
    with pytest.raises(TypeError, match="end must be None or a date"):
        data.bitcoin_prices(end=2020)


# ---------------------------------------------------------------------------------------------
# the real copy


def test_the_shared_copy_is_there_and_is_the_cache_folder():
    assert REAL.is_file(), f"the verbatim Coin Metrics copy is missing: {REAL}"
    assert data.data_dir() == Path(os.environ["LEVTOKEN_DATA_DIR"]).resolve()


def test_real_copy_known_values():
    p = data.bitcoin_prices()
    assert len(p) == data.WINDOW_DAYS == 3226
    assert (p.index[0], p.index[-1]) == (pd.Timestamp("2017-01-01"), pd.Timestamp("2025-10-31"))
    assert p.name == "BTC close (USD)" and p.index.freq == "D"
    r = data.daily_returns(p)
    assert r.idxmin() == pd.Timestamp("2020-03-12")
    assert r.min() == pytest.approx(-0.3753495, abs=1e-6)
    assert p["2020-03-12"] == pytest.approx(4959.313414, rel=1e-9)
    lr = np.log(p).diff().dropna()
    vol = lr.groupby(lr.index.year).apply(lambda x: float(np.sqrt((x ** 2).mean() * 365)))
    assert vol[2017] == pytest.approx(0.9356, abs=1e-3)     # the data README: about 93 %
    assert vol[2023] == pytest.approx(0.4346, abs=1e-3)     # and about 43 %
    # every product's nav runs on the real returns unchanged
    nav = lt.LeveragedToken(3).nav(r.to_numpy())
    assert nav.shape == (len(p),) and np.isfinite(nav).all()
    window = data.bitcoin_prices("2020-03-11", "2020-03-12")
    assert data.daily_returns(window).iloc[0] == pytest.approx(-0.3753495, abs=1e-6)


def test_the_whole_file_reads_as_coin_metrics_format():
    s = data.load_prices(REAL)          # columns detected: time, PriceUSD
    assert s.name == "PriceUSD"
    assert s.index[0] == pd.Timestamp("2010-07-18") and s.index[-1] == pd.Timestamp("2025-11-14")


def test_days_outside_the_file_are_refused():
    with pytest.raises(ValueError, match="lies outside the Bitcoin prices"):
        data.bitcoin_prices("2009-01-01", "2009-02-01")


def _doctored(tmp_path, change) -> Path:
    table = pd.read_csv(REAL, dtype=str, keep_default_na=False)
    table = change(table)
    folder = tmp_path / "cache"
    folder.mkdir()
    table.to_csv(folder / data.FILENAME, index=False)
    return folder


def test_window_check_fails_on_a_doctored_close(tmp_path, monkeypatch):
    def change(t):
        t.loc[t.time == "2020-03-12", "PriceUSD"] = "5200.0"      # +4.9 %
        return t
    monkeypatch.setenv(data.ENV_VAR, str(_doctored(tmp_path, change)))
    with pytest.raises(ValueError, match=r"close of 2020-03-12 is 5,200\.00 USD.*4,959\.31"):
        data.bitcoin_prices()


def test_window_check_fails_on_a_short_file(tmp_path, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(_doctored(tmp_path, lambda t: t[t.time <= "2025-06-30"])))
    with pytest.raises(ValueError, match=r"do not cover the book's window .* got 3103 days"):
        data.bitcoin_prices()


# ---------------------------------------------------------------------------------------------
# download and offline


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def local_server(tmp_path):
    """127.0.0.1 serving the shared copy at /coinmetrics/data/master/csv/btc.csv."""
    root = tmp_path / "www"
    (root / "csv").mkdir(parents=True)
    shutil.copyfile(REAL, root / "csv" / "btc.csv")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_into_an_empty_cache_then_read_from_it(tmp_path, monkeypatch, local_server):
    cache = tmp_path / "cache"
    monkeypatch.setenv(data.ENV_VAR, str(cache))
    monkeypatch.setattr(data, "URL", local_server + "/csv/btc.csv")
    assert not cache.exists()
    p = data.bitcoin_prices()
    assert (cache / "btc.csv").read_bytes() == REAL.read_bytes()
    assert len(p) == data.WINDOW_DAYS
    # from the cache afterwards: the server is not needed any more
    monkeypatch.setattr(data, "URL", "http://127.0.0.1:9/unreachable/btc.csv")
    assert data.bitcoin_prices().equals(p)


def test_offline_without_a_cached_copy_says_how_to_provide_the_file(tmp_path, monkeypatch):
    cache = tmp_path / "empty"
    monkeypatch.setenv(data.ENV_VAR, str(cache))
    monkeypatch.setattr(data, "URL", "http://127.0.0.1:9/csv/btc.csv")    # nothing listens
    with pytest.raises(data.DataNotAvailableError) as info:
        data.bitcoin_prices()
    text = str(info.value)
    assert "not cached in" in text and str(cache / "btc.csv") in text
    assert "LEVTOKEN_DATA_DIR" in text and "could not be downloaded" in text
    assert "Traceback" not in text and not (cache / "btc.csv").exists()


def test_default_cache_folder_is_poochs(monkeypatch):
    import pooch
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    assert data.data_dir() == Path(pooch.os_cache("levtoken")).resolve()


def test_every_product_runs_on_the_real_returns():
    r = data.daily_returns(data.bitcoin_prices()).to_numpy()
    for product in (lt.Spot(), lt.LeveragedToken(3), lt.LeveragedToken(-3, fee_per_day=0.0005),
                    lt.MarginPosition(2), lt.CappedToken()):
        nav = product.nav(r)
        assert nav.shape == (r.size + 1,) and nav[0] == 1.0 and np.isfinite(nav).all()
    spot = lt.Spot().nav(r)
    assert spot[-1] == pytest.approx(109554.239627703 / 997.257357977791, rel=1e-9)
