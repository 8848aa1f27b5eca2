"""A leveraged-ETF prospectus table, reproduced with a 252-trading-day year (issue 11).

Source: Direxion Shares ETF Trust, supplement to the prospectus (SEC Form 497, accession
0001193125-20-267218, filed 2020),
https://www.sec.gov/Archives/edgar/data/1424958/000119312520267218/d33484d497.htm — the table of
estimated one-year returns of its 2X (200 %) daily funds for combinations of "One Year Index
Return" and "Volatility Rate". The same figures (−6.1 % at 25 % volatility and −63.2 % at 100 %
volatility for a flat index) appear in Direxion's summary prospectuses of 2024 (e.g. SEC accession
0001193125-24-050315), which state the assumptions: a one-year period, no dividends, no fund
expenses, borrowing and lending rates of 0 %. As of 2024 (the latest filing read).

What the tests establish:

* the table is the continuous-rebalancing closed form ``(1 + R)^2 · exp(−σ²)`` (Avellaneda &
  Zhang; math.md §4): :func:`levtoken.theory.continuous_token_multiple` gives all 65 entries to
  the table's 0.1 percentage point;
* the library's **daily** engine reproduces the table on a year of 252 trading days when
  ``days_per_year=252`` scales the annual volatility to a day (median of seeded bridge paths
  pinned at the index return, within 0.75 percentage points: the residual is daily
  discretisation, ``c(L)·σ⁴/252``, and sampling);
* the crypto default, 365 days a year, applied to 252 daily steps gives each day too little
  variance and misses the table by tens of percentage points at high volatility — the reason
  every annual-to-daily conversion in the library takes ``days_per_year``.

The filing does not state its day count; "annualised volatility" of a U.S. index conventionally
scales daily volatility by √252, and the closed form needs no day count at all.
"""

import numpy as np
import pytest

import levtoken as lt

pytestmark = pytest.mark.unit

VOLS = (0.10, 0.25, 0.50, 0.75, 1.00)

#: One-year index return -> estimated 2X fund return (%) at each volatility rate of VOLS.
DIREXION_2X = {
    -0.60: (-84.2, -85.0, -87.5, -90.9, -94.1),
    -0.50: (-75.2, -76.5, -80.5, -85.8, -90.8),
    -0.40: (-64.4, -66.2, -72.0, -79.5, -86.8),
    -0.30: (-51.5, -54.0, -61.8, -72.1, -82.0),
    -0.20: (-36.6, -39.9, -50.2, -63.5, -76.5),
    -0.10: (-19.8, -23.9, -36.9, -53.8, -70.2),
    0.00: (-1.0, -6.1, -22.1, -43.0, -63.2),
    0.10: (19.8, 13.7, -5.8, -31.1, -55.5),
    0.20: (42.6, 35.3, 12.1, -18.0, -47.0),
    0.30: (67.3, 58.8, 31.6, -3.7, -37.8),
    0.40: (94.0, 84.1, 52.6, 11.7, -27.9),
    0.50: (122.8, 111.4, 75.2, 28.2, -17.2),
    0.60: (153.5, 140.5, 99.4, 45.9, -5.8),
}
CELLS = [(R, s, v) for R, row in DIREXION_2X.items() for s, v in zip(VOLS, row)]


def test_the_table_is_the_continuous_closed_form():
    for R, s, v in CELLS:
        pct = 100 * (lt.theory.continuous_token_multiple(1 + R, 2, s, 1.0) - 1)
        assert round(pct, 1) == pytest.approx(v, abs=1e-9), (R, s)


def _daily_median(R, sigma, days_per_year):
    r = lt.paths.bridge_returns(R, 252, sigma=sigma, n_paths=2000, seed=252, keep_variance=True,
                                days_per_year=days_per_year)
    return 100 * (float(np.median(lt.LeveragedToken(2).nav(r)[:, -1])) - 1)


def test_the_daily_engine_reproduces_the_table_with_252_days_a_year():
    errors = [abs(_daily_median(R, s, 252) - v) for R, s, v in CELLS]
    assert max(errors) < 0.75
    # and it is not loose: most cells are within a quarter of a point
    assert np.median(errors) < 0.25


def test_a_365_day_year_on_252_trading_days_misses_the_table():
    worst = max(abs(_daily_median(R, s, 365) - v) for R, s, v in CELLS if s >= 0.75)
    assert worst > 20          # 100 % volatility, +50 %: +13 % instead of −17.2 %
    assert _daily_median(0.0, 1.0, 365) == pytest.approx(-49.8, abs=0.5)   # table: −63.2 %


def test_days_per_year_scales_every_sampler_the_same_way():
    for sampler in (lt.paths.gbm_returns, lt.paths.fat_tailed_returns):
        a = np.log1p(sampler(sigma=0.8, days=252, n_paths=1, seed=3, days_per_year=252))
        b = np.log1p(sampler(sigma=0.8 * np.sqrt(365 / 252), days=252, n_paths=1, seed=3))
        # the same shocks, scaled to the same daily volatility (drift −σ²/2·dt differs slightly)
        np.testing.assert_allclose(a - a.mean(), b - b.mean(), rtol=1e-9, atol=1e-12)
    z = lt.paths.daily_log_returns(0.8, days=252, n_paths=2, seed=3, days_per_year=252)
    assert z.std() == pytest.approx(0.8 / np.sqrt(252), rel=0.1)
    # closed forms: 252 days of a 252-day year is one year; the daily term is c(L)·σ⁴·T/252
    c3 = lt.theory.decay_coefficient(3)
    assert lt.theory.decay_factor(3, 0.8, 252, days_per_year=252) == pytest.approx(
        np.exp(-3 * 0.64 + c3 * 0.8**4 / 252), rel=1e-12)
    assert lt.theory.decay_factor(3, 0.8, 252, "continuous", days_per_year=252) == pytest.approx(
        lt.theory.decay_factor(3, 0.8, 365, "continuous"), rel=1e-12)
    assert lt.costs.annual_drag(3, 0.8, days=252, days_per_year=252).factors["decay"] == (
        lt.theory.decay_factor(3, 0.8, 252, days_per_year=252))
