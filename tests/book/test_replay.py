"""The replay explorer's numbers are the library's (chapter 10): random grid points recomputed by
running each product from that close, the compact file read back, the page's markup."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest

from levtoken import LeveragedToken, MarginPosition, data, funds, issuers
from levtoken_book import replay

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def closes():
    return data.bitcoin_prices()


@pytest.fixture(scope="module")
def g(closes):
    return replay.grid()


def _library(key, closes, s, t):
    """The product bought at close ``s`` and held to close ``t``, built here from the presets
    (not from ``replay.models``) and run on those closes only."""
    part = closes.iloc[s:t + 1]
    r = data.daily_returns(part)
    product = {
        "spot": None,
        "etf2x": funds.preset("bitu").product().on_dates(r.index),
        "daily3x": LeveragedToken(3, fee_per_day=issuers.preset("kucoin").fee_per_day),
        "band2x": funds.FlexibleLeverageToken(2.0, 2.2, None, 2.7, 0.0365),
        "margin3x": MarginPosition(3, maintenance_margin=0.005, funding_per_day=0.0003),
    }[key]
    if product is None:
        return float(part.iloc[-1] / part.iloc[0])
    return float(product.nav(r.to_numpy())[-1])


def test_random_grid_points_are_the_librarys(g, closes):
    rng = np.random.default_rng(26)
    keys = [k for k, _ in replay.PRODUCTS]
    for _ in range(60):
        key = keys[rng.integers(len(keys))]
        j = int(rng.integers(len(g["starts"])))
        h = replay.HOLDS[rng.integers(len(replay.HOLDS))][0]
        s = g["starts"][j]
        t = min(s + h, len(closes) - 1)
        assert replay.value(g, key, j, h) == pytest.approx(_library(key, closes, s, t),
                                                            rel=1e-9, abs=1e-12), (key, j, h)


def test_every_start_is_a_months_first_trading_day(g, closes):
    labels = g["start_labels"]
    assert labels[0] == "2017-01" and labels[-1] == "2025-10" and len(labels) == 106
    mask = funds.reset_mask(closes.index)
    for j, s in enumerate(g["starts"]):
        day = closes.index[s]
        assert mask[s] and str(day.to_period("M")) == labels[j]
        earlier = closes.index[(closes.index.to_period("M") == day.to_period("M"))
                               & (closes.index < day)]
        assert not mask[[closes.index.get_loc(d) for d in earlier]].any()


def test_the_daily_token_is_wiped_out_on_12_march_2020_and_restarts(g, closes):
    X, ruins = g["ratio"]["daily3x"]
    k = closes.index.get_loc(closes.index[closes.index == "2020-03-12"][0])
    assert ruins == [k]
    before = g["start_labels"].index("2020-03")                     # 2 March 2020
    assert replay.value(g, "daily3x", before, 30) == 0.0
    assert replay.path(g, "daily3x", before, 30)[9] > 0             # alive before the 12th
    after = g["start_labels"].index("2020-04")
    assert replay.value(g, "daily3x", after, 30) > 0
    assert g["ratio"]["spot"][1] == [] and g["ratio"]["etf2x"][1] == []


def test_a_hold_past_the_window_stops_at_its_last_close(g, closes):
    j = len(g["starts"]) - 1
    p = replay.path(g, "spot", j, 730)
    assert len(p) == len(closes) - g["starts"][j]
    assert p[-1] == pytest.approx(closes.iloc[-1] / closes.iloc[g["starts"][j]])


def test_the_file_is_compact_and_reads_back(g, tmp_path):
    out = tmp_path / "replay.json"
    replay.write(out)
    raw = json.loads(out.read_text())
    assert raw["source"] == data.SOURCE and raw["first"] == "2017-01-01"
    assert raw["last"] == "2025-10-31" and raw["days"] == 3226
    assert out.stat().st_size < 1_200_000                           # about 0.8 MB
    back = replay.load(out)
    rng = np.random.default_rng(1)
    for _ in range(40):
        key = replay.PRODUCTS[rng.integers(5)][0]
        j, h = int(rng.integers(len(g["starts"]))), replay.HOLDS[rng.integers(7)][0]
        assert replay.value(back, key, j, h) == pytest.approx(replay.value(g, key, j, h),
                                                              rel=2e-6, abs=1e-9)


def test_the_page_markup_is_labelled_and_states_the_default_scenario(g):
    e = replay.ReplayExplorer(g, name="ch10-replay", alt="a replay", caption="Replay a trade.",
                              start="2021-11", hold=365, product="etf2x")
    page = e.to_html()
    assert 'id="ch10-replay"' in page and 'class="levtoken-replay"' in page
    for rid in ("ch10-replay-start", "ch10-replay-hold"):
        assert f'<label for="{rid}">' in page and f'id="{rid}"' in page
        assert f'<output for="{rid}"' in page
    assert "<fieldset" in page and "<legend>Product to follow</legend>" in page
    assert page.count('type="radio"') == 5 and 'value="etf2x" checked' in page
    assert "Source: Coin Metrics community data, CC BY-NC 4.0" in page
    assert "_static/levtoken-replay.js" in page and "_static/levtoken-replay.css" in page
    config = json.loads(re.search(r'levtoken-replay-config">(.*?)</script>', page).group(1))
    assert config["data"] == replay.DATA_NAME and config["holds"] == [d for d, _ in replay.HOLDS]
    sc = e.scenario()
    assert sc["first"] == "2021-11-01" and sc["last"] == "2022-11-01"
    for key, v in sc["values"].items():
        row = re.search(rf'data-product="{key}"[^>]*>.*?<td>(.*?)</td>', page).group(1)
        assert html.unescape(row) == f"${1000 * v:,.0f}"
    assert sc["values"]["margin3x"] == 0.0 and sc["values"]["spot"] < 0.5
    bundle = e._repr_mimebundle_()
    assert len(bundle["application/vnd.plotly.v1+json"]["data"]) == 5


@pytest.mark.parametrize("call, name", [
    (lambda g: replay.value(g, "etf", 0, 7), "key"),
    (lambda g: replay.value(g, "spot", 0, 8), "hold"),
    (lambda g: replay.value(g, "spot", 999, 7), "start"),
    (lambda g: replay.value(g, "spot", True, 7), "start"),
    (lambda g: replay.value({"dates": []}, "spot", 0, 7), "g"),
    (lambda g: replay.write("replay.txt"), "file"),
    (lambda g: replay.load("no-such-file.json"), "file"),
    (lambda g: replay.grid([1.0, 2.0]), "closes"),
    (lambda g: replay.ReplayExplorer(g, "x", "a", "c", start="1999-01"), "start"),
    (lambda g: replay.ReplayExplorer(g, "x", "a", "c", product="gold"), "product"),
])
def test_bad_input_names_the_parameter(g, call, name):
    with pytest.raises((ValueError, TypeError), match=name):
        call(g)
