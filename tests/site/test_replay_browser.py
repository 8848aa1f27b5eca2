"""Chapter 10's replay explorer in the built book, in headless Chromium with the network blocked:
its data load only when it nears the screen, its state lives in the page's address, the keyboard
drives it, it fits a phone, axe finds nothing in either theme, and the values it shows are the
library's (read back from the data file the site serves)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from levtoken import data
from levtoken_book import replay
from tests.site.browser import (  # noqa: F401  (fixtures)
    PHONE, _dark, _offline_context, axe_violations, offline_page, site)

pytestmark = pytest.mark.browser

DOC = "book/10_leveraged_funds"
FIG = "figure#ch10-replay"
#: The chapter's first load, before any scrolling (issue 19's page budget).
CHAPTER_BYTES = 4_000_000


@pytest.fixture(scope="module")
def grid(built_book):
    """The data file the site serves, read back with the library's reader."""
    files = list((built_book / "_downloads").rglob(replay.DATA_NAME))
    assert len(files) == 1, f"the site should serve one {replay.DATA_NAME}, found {files}"
    return replay.load(files[0])


def _drawn(pg):
    """Wait until the replay has drawn the state its controls show; return that state's text."""
    pg.wait_for_function(
        """() => { const f = document.querySelector('figure#ch10-replay');
                   if (!f) return false;
                   const p = f.querySelector('.levtoken-replay-plot');
                   const cfg = JSON.parse(f.querySelector('script.levtoken-replay-config').textContent);
                   const s = f.querySelector('#ch10-replay-start');
                   const h = f.querySelector('#ch10-replay-hold');
                   const r = f.querySelector('input[type=radio]:checked');
                   const want = [JSON.parse(s.dataset.labels)[+s.value], cfg.holds[+h.value],
                                 r && r.value].join(' ');
                   return p.dataset.drawn === want; }""",
        timeout=30000)
    return pg.locator(f"{FIG} .levtoken-replay-plot").get_attribute("data-drawn")


def _state(pg):
    q = parse_qs(urlparse(pg.url).query)
    return q.get("replay-start", [None])[0], q.get("replay-hold", [None])[0], \
        q.get("replay-product", [None])[0]


def _table(pg):
    rows = pg.locator(f"{FIG} table.levtoken-replay-table tbody tr")
    return {rows.nth(i).get_attribute("data-product"): rows.nth(i).locator("td").inner_text()
            for i in range(rows.count())}


def _expected(grid, start, hold):
    j = grid["start_labels"].index(start)
    return {k: f"${1000 * replay.value(grid, k, j, hold):,.0f}" for k, _ in replay.PRODUCTS}


def test_data_load_only_near_the_screen_and_the_first_load_fits_the_budget(offline_page, site):
    pg = offline_page
    requests, sizes = [], []
    pg.on("request", lambda r: requests.append(r.url))

    def size(resp):
        try:
            sizes.append(len(resp.body()))
        except Exception:  # noqa: BLE001 - a redirect has no body
            pass
    pg.on("response", size)
    pg.goto(f"{site}/{DOC}.html", wait_until="networkidle")
    pg.wait_for_timeout(500)
    assert not any(replay.DATA_NAME in u for u in requests), "the data loaded before scrolling"
    assert sum(sizes) <= CHAPTER_BYTES, f"first load {sum(sizes) / 1e6:.2f} MB > 4 MB"
    pg.locator(FIG).scroll_into_view_if_needed()
    _drawn(pg)
    assert any(replay.DATA_NAME in u for u in requests)
    assert pg.blocked == [] and pg.errors == [], (pg.blocked[:3], pg.errors[:3])


def test_the_address_sets_the_scenario_and_the_values_are_the_librarys(offline_page, site, grid):
    pg = offline_page
    pg.goto(f"{site}/{DOC}.html?replay-start=2020-03&replay-hold=182&replay-product=daily3x"
            "#ch10-replay", wait_until="load")
    _drawn(pg)
    fig = pg.locator(FIG)
    assert fig.locator("output[for='ch10-replay-start']").inner_text() == "2020-03"
    assert fig.locator("output[for='ch10-replay-hold']").inner_text() == "6 months"
    assert fig.locator("input[type=radio][value=daily3x]").is_checked()
    assert _table(pg) == _expected(grid, "2020-03", 182)
    assert _table(pg)["daily3x"] == "$0"                          # wiped out on 12 March 2020
    assert "2020-03-02" in fig.locator(".levtoken-replay-first").inner_text()
    assert "Source: Coin Metrics community data, CC BY-NC 4.0" in fig.locator("figcaption").inner_text()
    notes = fig.locator("g.annotation-text-g").evaluate_all("els => els.map(e => e.textContent)")
    assert any(data.SOURCE in t for t in notes), "the attribution is not on the figure"
    link = fig.locator(".levtoken-replay-link a").get_attribute("href")
    assert "replay-start=2020-03" in link and "replay-product=daily3x" in link
    assert pg.blocked == [] and pg.errors == [], (pg.blocked[:3], pg.errors[:3])


def test_the_keyboard_drives_it_and_the_address_follows(offline_page, site, grid):
    pg = offline_page
    pg.goto(f"{site}/{DOC}.html", wait_until="load")
    pg.locator(FIG).scroll_into_view_if_needed()
    first = _drawn(pg)
    assert _state(pg) == (None, None, None)                       # the default, untouched
    start = pg.locator("#ch10-replay-start")
    start.focus()
    pg.keyboard.press("ArrowRight")
    assert _drawn(pg) != first
    assert start.get_attribute("aria-valuetext") == "2021-12"
    assert pg.locator("output[for='ch10-replay-start']").inner_text() == "2021-12"
    assert _state(pg) == ("2021-12", "365", "etf2x")
    pg.keyboard.press("Home")
    _drawn(pg)
    assert _state(pg)[0] == "2017-01" and _table(pg) == _expected(grid, "2017-01", 365)
    hold = pg.locator("#ch10-replay-hold")
    hold.focus()
    pg.keyboard.press("End")
    _drawn(pg)
    assert _state(pg)[1] == "730" and hold.get_attribute("aria-valuetext") == "2 years"
    assert _table(pg) == _expected(grid, "2017-01", 730)
    radio = pg.locator("input[type=radio][value=etf2x]")
    radio.focus()
    pg.keyboard.press("ArrowDown")                                 # the next product
    pg.wait_for_function("() => new URL(location.href).searchParams.get('replay-product') "
                         "=== 'daily3x'")
    assert pg.locator("input[type=radio][value=daily3x]").is_checked()
    chosen = pg.locator(f"{FIG} tr.levtoken-replay-chosen")
    assert chosen.count() == 1 and chosen.get_attribute("data-product") == "daily3x"
    # the address now names the scenario: a fresh page opens on it
    url = pg.url
    pg.goto(url, wait_until="load")
    _drawn(pg)
    assert _state(pg) == ("2017-01", "730", "daily3x")
    assert pg.locator("output[for='ch10-replay-hold']").inner_text() == "2 years"
    assert pg.blocked == [] and pg.errors == [], (pg.blocked[:3], pg.errors[:3])


def test_axe_finds_nothing_in_either_theme(offline_page, site):
    pg = offline_page
    pg.goto(f"{site}/{DOC}.html?replay-start=2022-06&replay-hold=91&replay-product=band2x",
            wait_until="load")
    pg.locator(FIG).scroll_into_view_if_needed()
    _drawn(pg)
    violations = axe_violations(pg)
    assert violations == [], "light theme:\n" + "\n".join(violations)
    _dark(pg)
    pg.wait_for_function("() => document.querySelector('figure#ch10-replay .levtoken-replay-plot')"
                         "._fullLayout.paper_bgcolor !== 'white'")
    bg = pg.evaluate("() => document.querySelector('figure#ch10-replay .levtoken-replay-plot')"
                     "._fullLayout.paper_bgcolor")
    assert bg == "#1c1f24"
    violations = axe_violations(pg, rules=["color-contrast"])
    assert violations == [], "dark theme:\n" + "\n".join(violations)
    assert pg.errors == []


def test_it_fits_a_phone_and_a_finger_drives_it(browser, site, grid):
    context, pg = _offline_context(browser, viewport=PHONE, is_mobile=True, has_touch=True,
                                   device_scale_factor=2)
    try:
        pg.goto(f"{site}/{DOC}.html?replay-start=2024-01&replay-hold=30&replay-product=spot"
                "#ch10-replay", wait_until="load")
        _drawn(pg)
        width = pg.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"the page scrolls sideways: {width} px"
        box = pg.locator(FIG).bounding_box()
        assert box["x"] >= -1 and box["x"] + box["width"] <= PHONE["width"] + 1
        for sel in ("#ch10-replay-start", "#ch10-replay-hold",
                    f"{FIG} .levtoken-replay-products label"):
            for el in pg.locator(sel).all():
                b = el.bounding_box()
                assert b["height"] >= 44, f"{sel}: a {b['height']:.0f} px touch target"
        legend = pg.locator(f"{FIG} g.legend").bounding_box()
        svg = pg.locator(f"{FIG} .main-svg").first.bounding_box()
        assert legend["x"] + legend["width"] <= svg["x"] + svg["width"] + 1
        pg.locator(f"{FIG} .levtoken-replay-products label", has_text="3x margin").tap()
        pg.wait_for_function("() => new URL(location.href).searchParams.get('replay-product') "
                             "=== 'margin3x'")
        assert _table(pg) == _expected(grid, "2024-01", 30)
        assert re.search(r"\$[\d,]+", _table(pg)["margin3x"])
        assert pg.blocked == [] and pg.errors == [], (pg.blocked[:3], pg.errors[:3])
    finally:
        context.close()
