"""Guards for the accuracy pass of issue 10: the corrected statements stay true.

Each test pins one fact the book now states (computed), or one wrong statement that must not come
back (text), so that a regression fails the test command.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from tests.support import ROOT
from levtoken import LeveragedToken, Spot, montecarlo, paths, strategies, theory
from levtoken import rebalancing as rb
from levtoken_book.citations import to_book
from levtoken_book.panels import decay

pytestmark = pytest.mark.unit

BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
PAGES = sorted(BOOK.glob("*.md"))


def _cells(nb_path):
    return json.loads(nb_path.read_text())["cells"]


def _text(path):
    """A page's markdown as the book reads it (a notebook's citation links as footcite roles)."""
    if path.suffix == ".ipynb":
        return to_book("\n".join("".join(c["source"]) for c in _cells(path)
                                  if c["cell_type"] == "markdown"))
    return path.read_text()


# --- item 2: where "3 x spot's return" lies above or below the token ---------------------------

def test_naive_crossings_solve_the_equation():
    low, high = decay.naive_crossings(3, 0.8, 1.0)
    d = theory.continuous_decay(3, 0.8, 1.0)
    for x in (low, high):
        assert x**3 * d == pytest.approx(1 + 3 * (x - 1), rel=1e-9)
    assert 2 / 3 < low < 1 < high
    assert round(low, 3) == 0.682 and round(high, 2) == 4.14     # falls beyond -31.8 %, S > 4.1
    x = np.array([0.9, 2.0, 4.0])                                # between the roots: naive above
    assert np.all(theory.continuous_token_multiple(x, 3, 0.8, 1.0) < 1 + 3 * (x - 1))
    x = np.array([0.675, 4.3, 10.0])                             # outside: token above
    assert np.all(theory.continuous_token_multiple(x, 3, 0.8, 1.0)
                  > montecarlo.naive_multiple_from_price(x, 3))


def test_naive_crossings_narrow_with_less_variance():
    wide, narrow = decay.naive_crossings(3, 0.8, 1.0), decay.naive_crossings(3, 0.5, 1.0)
    assert wide[0] < narrow[0] < 1 < narrow[1] < wide[1]
    assert decay.naive_crossings(3, 0.0, 1.0) == (1.0, 1.0)


@pytest.mark.parametrize("kwargs, name", [
    (dict(leverage=1, sigma=0.8, years=1), "leverage"),
    (dict(leverage=-3, sigma=0.8, years=1), "leverage"),
    (dict(leverage=3, sigma=-0.1, years=1), "sigma"),
    (dict(leverage=3, sigma=0.8, years=0), "years"),
])
def test_naive_crossings_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        decay.naive_crossings(**kwargs)


def test_monte_carlo_figure_shows_the_hidden_paths():
    r = paths.gbm_returns(sigma=0.8, days=365, n_paths=2000, seed=2010)
    token, spot = LeveragedToken(3).nav(r)[:, -1], Spot().nav(r)[:, -1]
    fig = decay.draw_mc_comparison(token, spot, 3, 0.8, 1.0)
    labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert any("naive at 0" in lab for lab in labels)
    share = float(np.mean(spot < 2 / 3))
    assert any(f"{share:.0%} of paths" in lab for lab in labels)
    assert 0.4 < share < 0.55                                     # about half the paths


# --- item 3: a threshold token survives a stepped fall when each step < 1/|L| - h -----------

@pytest.mark.parametrize("h", [0.05, 0.10, 0.20, 0.30, 0.31])
@pytest.mark.parametrize("steps", [12, 24, 48])
def test_threshold_survives_when_steps_are_small_enough(h, steps):
    day = rb.equal_steps(-0.40, steps)
    step = -day[0]
    if step < 1 / 3 - h:                                          # the sufficient condition
        assert rb.compare_day(day, 3, h)["threshold_end"] > 0


def test_threshold_below_ruin_move_is_not_enough():
    day = rb.equal_steps(-0.40, 24)                               # 2.1 % hourly steps
    assert rb.compare_day(day, 3, 0.333)["threshold_end"] == 0.0
    assert 0 < rb.compare_day(day, 3, 0.33)["threshold_end"] < 0.002   # survives by luck


# --- item 5: a -L token decays like a long token of L + 1 -----------------------------------

@pytest.mark.parametrize("L", [1, 2, 3, 5])
@pytest.mark.parametrize("sigma", [0.5, 0.8])
def test_inverse_token_decays_like_one_more_unit_of_leverage(L, sigma):
    assert theory.continuous_decay(-L, sigma, 1.0) == pytest.approx(
        theory.continuous_decay(L + 1, sigma, 1.0))
    assert theory.continuous_decay(-L, sigma, 1.0) < theory.continuous_decay(L, sigma, 1.0)


# --- items 7 and 10: conclusions that depend on the volatility level -------------------------

def test_regimes_flip_the_break_even_conclusion():
    from levtoken import scenarios
    star = scenarios.break_even_volatility(0.20, 30, leverage=3)
    assert 0.50 < star < 0.80                                     # the calm and the high regime
    assert round(theory.continuous_decay(3, 0.5, 1.0), 2) == 0.47
    assert round(theory.continuous_decay(3, 0.8, 1.0), 3) == 0.147


def test_fat_tailed_ruin_grows_with_volatility():
    year = {s: strategies.ruin_within(strategies.ruin_day_probability(3, s, tails="t3"), 365)
            for s in (0.8, 1.2)}
    assert 0.07 < year[0.8] < 0.09 and 0.23 < year[1.2] < 0.27


# --- item 11: mu is the drift of the price -----------------------------------------------------

def test_mu_is_the_price_drift():
    r = paths.gbm_returns(mu=0.5, sigma=0.8, days=365, n_paths=20_000, seed=3)
    end = Spot().nav(r)[:, -1]
    assert np.mean(end) == pytest.approx(np.exp(0.5), rel=0.03)             # expected: e^mu
    assert np.median(end) == pytest.approx(np.exp(0.5 - 0.32), rel=0.03)    # median


# --- item 13 and the solutions: every exercise solution checks itself ------------------------

@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.name)
def test_every_solution_has_an_asserting_cell(nb):
    inside, solutions, current = False, [], []
    for cell in _cells(nb):
        src = "".join(cell["source"])
        if cell["cell_type"] == "code":
            if inside:
                current.append(src)
            continue
        if "{solution-end}" in src and inside:        # a cell may end one and start the next
            solutions.append(current)
            inside = False
        if "{solution-start}" in src:
            inside, current = True, []
    assert solutions, "no solutions found"
    for i, code in enumerate(solutions, 1):
        assert any(re.search(r"^\s*assert ", c, re.M) for c in code), f"solution {i} asserts nothing"


# --- statements corrected in issue 10 that must not come back ---------------------------------

WRONG = [
    "decays just like a long token",
    "The tails, not the volatility, decide",
    "far more than on volatility",
    "for every outcome but the very large gains",
    "Every threshold below the ruin move",
    "No number in this book was typed by hand",
    "No number on this page is typed by hand",
    "steps in before this point",
    "there is no liquidation",
    "the token cannot, but",
    "token\nthat cannot be liquidated",
    "expected simple growth rate",
    "60–80 % a year, is just above",
    "drifts up 50 % a year",
    "expected value of a 3x token held for a year in a flat market",
]


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.name)
def test_corrected_statements_do_not_come_back(path):
    text = _text(path)
    for phrase in WRONG:
        assert phrase not in text, f"{path.name}: {phrase!r}"


def test_isolated_margin_is_in_the_glossary():
    assert re.search(r"^Isolated margin$", (BOOK / "glossary.md").read_text(), re.M)


# --- issue 25, findings 1, 5, 8, 9, 10, 11 -----------------------------------------------------

QUESTIONS = sorted((BOOK / "questions").glob("*.yaml"))
LIB_FILES = sorted((ROOT / "lib").rglob("*.py"))

WRONG_25 = [
    "have the same median outcome",               # only with the mean price flat (mu = 0)
    "both have the same median, because",
    "drift the two have the same median",
    "none of them promised",                      # KuCoin's and Bybit's own pages promised it
    "so they cannot become over-leveraged",       # the rebuttal answered another claim
    "seed's", "seed\u2019s", "the seed guide", "the seed text",   # the guide has a name
]


@pytest.mark.parametrize("path", CHAPTERS + PAGES + QUESTIONS, ids=lambda p: p.name)
def test_issue25_statements_do_not_come_back(path):
    text = _text(path) if path.suffix != ".yaml" else path.read_text(encoding="utf-8")
    for phrase in WRONG_25:
        assert phrase not in text, f"{path.name}: {phrase!r}"


def test_issue25_no_seed_in_the_library_docstrings():
    for path in LIB_FILES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"seed['\u2019]s|the seed (guide|text|example)", text), path.name


def _bib_entry(key):
    text = (BOOK / "references.bib").read_text(encoding="utf-8")
    m = re.search(r"@\w+\{" + re.escape(key) + r",(.*?)\n\}", text, re.S)
    assert m, f"no entry {key} in references.bib"
    return re.sub(r"\s+", " ", m.group(1))


def test_issue25_no_drift_medians_of_long_and_inverse_tokens():
    flat = {L: theory.median_token_multiple(L, 0.8**2 / 2, 0.8, 1.0) for L in (3, -3)}
    mean_flat = {L: theory.median_token_multiple(L, 0.0, 0.8, 1.0) for L in (3, -3)}
    # median price flat: the medians are the decay factors, about seven times apart
    for L in (3, -3):
        assert flat[L] == pytest.approx(theory.continuous_decay(L, 0.8, 1.0), rel=1e-12)
    assert round(flat[3], 3) == 0.147 and round(flat[-3], 3) == 0.021
    assert 6.5 < flat[3] / flat[-3] < 7.0
    # mean price flat (mu = 0): equal, exp(-9 sigma^2 / 2)
    assert mean_flat[3] == pytest.approx(mean_flat[-3], rel=1e-12)
    assert mean_flat[3] == pytest.approx(np.exp(-9 * 0.64 / 2), rel=1e-12)
    assert round(mean_flat[3], 3) == 0.056
    # chapter 3 glues them; every page that compares the two medians names both meanings
    ch3_code = "\n".join("".join(c["source"]) for c in _cells(BOOK / "03_volatility_decay.ipynb")
                         if c["cell_type"] == "code")
    for key in ("ch3_median_flat_inv_80", "ch3_median_mu0_inv_80", "ch3_long_short_median_ratio"):
        assert f'glue("{key}"' in ch3_code, key
    for name in ("glossary.md", "teachers_guide.md", "notation.md"):
        text = " ".join(_text(BOOK / name).split())
        assert "ch3_median_flat_inv_80" in text and "ch3_median_mu0_inv_80" in text, name
        assert "median price flat" in text and "$\\mu = 0$" in text, name
        if name != "notation.md":                  # the notation page defines the two by formula
            assert "mean price flat" in text, name
    for name in ("01_what_is_a_leveraged_token.ipynb", "03_volatility_decay.ipynb"):
        text = _text(BOOK / name)
        assert "**median price flat**" in text and "**mean price flat**" in text, name
    ch1_code = "\n".join("".join(c["source"]) for c in _cells(BOOK / "01_what_is_a_leveraged_token.ipynb")
                         if c["cell_type"] == "code")
    assert 'glue("ch1_median_flat_ratio"' in ch1_code and 'glue("ch1_median_mu0"' in ch1_code


def test_issue25_issuers_pages_promised_no_liquidation():
    text = " ".join(_text(BOOK / "01_what_is_a_leveraged_token.ipynb").split())
    for key in ("kucoinltfaq", "kucoinbeginners", "kucoin2021ama", "bybit2024ltrebalancing",
                "ftxltupdates"):
        assert f"`{key}`" in text, key
    # each page is dated, or said to be undated with the day it was read
    assert "dated 2024-10-17" in _bib_entry("bybit2024ltrebalancing")
    assert "Bybit's page dated 2024-10-17 (read 2026-12-07)" in text
    assert "2021-04-26" in _bib_entry("kucoin2021ama")
    for key in ("kucoinltfaq", "kucoinbeginners"):
        assert "undated" in _bib_entry(key), key
    for key in ("kucoinltfaq", "kucoinbeginners", "kucoin2021ama"):
        assert "read 2026-12-07" in _bib_entry(key), key
    # the KuCoin quotations of chapter 1 are recorded in the entries they cite
    kucoin = " ".join(_bib_entry(k) for k in ("kucoinltfaq", "kucoinbeginners", "kucoin2021ama"))
    for quote in ("no liquidation risks", "there will never be a liquidation", "no risk of liquidation"):
        assert f'"{quote}"' in text and quote in kucoin, quote
    for quote in ("there are no liquidation risks for Leveraged Token products", "could fall to zero"):
        assert f'"{quote}"' in text, quote


def test_issue25_rebalancing_myth_is_the_cost():
    lev = theory.leverage_after_move(3, -0.10)
    token = LeveragedToken(3).nav([-0.10, 1 / 0.9 - 1])[-1]
    assert round(lev, 2) == 3.86                                  # the claim's true half
    assert theory.ruin_move(lev) > theory.ruin_move(3)            # left alone: ruined sooner
    assert round(theory.ruin_move(lev), 3) == -0.259
    assert theory.rebalance_trade(3, -0.10, nav=100) == pytest.approx(-60)   # the price: a sale
    assert round(1 - token, 3) == 0.067                           # vs 1.000 left alone
    ch2 = _text(BOOK / "02_rebalancing.ipynb")
    assert 'Myth vs math: "rebalancing protects you, at no cost"' in ch2
    for key in ("ch2_myth_cost", "ch2_myth_ruin_held", "ch2_myth_ruin_token", "ch2_myth_decay_year"):
        assert f'glued("{key}"' in ch2, key
    assert "protects you at no cost" in _text(BOOK / "myths.md")
    assert "Rebalancing protects me, at no cost." in _text(BOOK / "teachers_guide.md")


def test_issue25_the_guide_is_named_and_cited():
    entry = _bib_entry("cryptoleverageguide2025")
    assert "Crypto Leverage: How to Maximize Exposure Without the Risk of Liquidation" in entry
    assert "Gate" in entry and "url" not in entry                 # no stable address
    for name in ("02_rebalancing.ipynb", "03_volatility_decay.ipynb", "myths.md"):
        assert "{footcite:p}`cryptoleverageguide2025`" in _text(BOOK / name), name
    assert "## Two days: an exchange guide's example, computed" in _text(BOOK / "03_volatility_decay.ipynb")
    assert "Crypto Leverage: How to Maximize Exposure" in _text(BOOK / "teachers_guide.md")


def test_issue25_chapter4_discussion_follows_its_cell():
    cells = _cells(BOOK / "04_path_dependence.ipynb")
    src = ["".join(c["source"]) for c in cells]
    sim = next(i for i, s in enumerate(src) if "autocorrelated_returns(" in s)
    discussion = next(i for i, s in enumerate(src) if 'glued("ch4_share_iid"' in s)
    real = next(i for i, s in enumerate(src) if s.startswith("## On real prices"))
    between = [i for i in range(sim + 1, discussion) if cells[i]["cell_type"] == "markdown"]
    assert sim < discussion < real and not between, "the momentum discussion must follow its cell"
    assert "## On real prices" not in src[discussion]


def test_issue25_myths_page_has_the_sell_after_a_rise_claim():
    assert theory.rebalance_trade(3, 0.05, nav=100) == pytest.approx(30)     # it buys 30
    assert theory.rebalance_trade(-3, 0.05, nav=100) == pytest.approx(60)    # so does -3x
    myths = _text(BOOK / "myths.md")
    row = next(line for line in myths.splitlines() if "the protocol sells a portion" in line)
    assert "ch2_trade_5" in row and "{ref}`chapter 2 <ch2-trade>`" in row and "**buys**" in row
    assert "(ch2-trade)=\n## The trade that restores the leverage" in _text(BOOK / "02_rebalancing.ipynb")
    assert "{footbibliography}" in myths


# --- issue 18: the second pass (chapter 8, the issuers, the qualifiers) -------------------------

WRONG_18 = [
    "no intraday rule published",                 # AscendEX describes interim rebalancing
    "the daily-only AscendEX token",
    "(as 2018–2022)", "as Bitcoin was from 2018", "(as 2023–2025)",   # periods the sources measured
    "matters more than the issuer", "matters more\nthan the issuer",
    "timing was no longer their own",             # redemption at NAV stayed open until April
    "chosen by the issuer's timetable",
    "and keep more", "instead of 365 and decay less",   # the short band token keeps less
    "two help pages disagree", "give different figures",   # Bybit: a fee cut
    "No real market data",                        # chapter 8 uses cited prices of 12 March 2020
    "In a calm year (40 %)", "in a calm year the median margin",   # the calm regime is 50 %
    "which cost dominates at 40 %",               # they are about equal there
    "The mean does not decay.", "the *median* falls; the mean does not |",
    "token decays like a 4x long one", "decays like a 4x long token, not like a 3x one",
    "and faster: a −3x token like a 4x long",
    "(undated support page)", "(undated\nsupport page)",   # AscendEX's fee page is dated
    "Issuers' fees ranged from",                  # the printed list had Amun's 0.000 %
]


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.name)
def test_issue18_statements_do_not_come_back(path):
    text = _text(path)
    for phrase in WRONG_18:
        assert phrase not in text, f"{path.name}: {phrase!r}"


def test_issue18_figure_texts_say_what_the_figures_show():
    cells = {c.get("id"): c for c in _cells(BOOK / "08_real_tokens.ipynb")}
    alt = cells["ch8-14"]["metadata"]["mystnb"]["image"]["alt"]
    assert "keep more" not in alt and "short band token keeps less" in alt
    assert "AscendEX token" not in cells["ch8-19"]["metadata"]["mystnb"]["image"]["alt"]
    # figure 3.3 is split: each part has its own, shorter alt text
    ch3 = {c.get("id"): c for c in _cells(BOOK / "03_volatility_decay.ipynb")}
    for cid in ("c020", "c020-paths"):
        assert len(ch3[cid]["metadata"]["mystnb"]["image"]["alt"].split()) < 75


def test_issue18_inverse_and_mean_claims_carry_their_condition():
    for name in ("01_what_is_a_leveraged_token.ipynb", "09_faq.md", "glossary.md",
                 "teachers_guide.md"):
        path = BOOK / name
        if not path.exists():                      # the FAQ may be renamed on merge
            continue
        assert "for a given end price" in _text(path).lower(), name
    for name in ("myths.md", "teachers_guide.md"):
        assert "without costs" in _text(BOOK / name).lower(), name


def test_issue18_docstrings_point_to_the_notation_page():
    lib = ROOT / "lib" / "levtoken"
    for path in sorted(lib.rglob("*.py")):
        assert "math.md" not in path.read_text(), path.name


def test_issue18_two_meanings_of_no_drift():
    # mu = 0 (mean flat) against median-flat prices: the 3x median differs by about 2.6x at 80 %
    mu0 = theory.median_token_multiple(3, 0.0, 0.8, 1.0)
    flat = theory.median_token_multiple(3, 0.32, 0.8, 1.0)
    assert flat == pytest.approx(theory.continuous_decay(3, 0.8, 1.0))
    assert 2.5 < flat / mu0 < 2.7
    notation = (BOOK / "notation.md").read_text()
    assert "two meanings" in notation and "ch3_drift_meanings_ratio" in notation


def test_issue18_chapter2_exact_survival_bound():
    step = -rb.equal_steps(-0.40, 24)[0]
    exact, simple = 1 - (2 / 3) / (1 - step), 1 / 3 - step
    assert round(exact, 3) == 0.319 and round(simple, 3) == 0.312
    ends = [rb.compare_day(rb.equal_steps(-0.40, 24), 3, h)["threshold_end"] for h in (0.315, 0.318)]
    assert all(e > 0 for e in ends)                                   # inside the exact bound


# --- issue 25: every claim true, with its assumptions on the page ------------------------------

def _drift_functions():
    """Public functions of the library (and its widgets) that take a drift: name -> positions."""
    import importlib
    import inspect
    import pkgutil

    import levtoken
    import levtoken_book
    import levtoken_book.panels

    found = {}
    mods = (list(pkgutil.iter_modules(levtoken.__path__, "levtoken."))
            + list(pkgutil.iter_modules(levtoken_book.__path__, "levtoken_book."))
            + list(pkgutil.iter_modules(levtoken_book.panels.__path__, "levtoken_book.panels.")))
    mods = [m for m in mods if not m.ispkg or m.name == "levtoken_book.panels"]
    for mod in mods:
        for name, f in vars(importlib.import_module(mod.name)).items():
            if inspect.isfunction(f) and not name.startswith("_"):
                params = list(inspect.signature(f).parameters)
                for arg in ("mu", "drift"):
                    if arg in params:
                        found.setdefault(name, set()).add((arg, params.index(arg)))
    return found


def _book_code():
    """Every code cell of the chapters, and the book's display code (widgets, panels, questions)."""
    for nb in CHAPTERS:
        for k, c in enumerate(_cells(nb)):
            if c["cell_type"] == "code":
                yield f"{nb.name}, cell {k}", "".join(c["source"])
    lib = ROOT / "lib" / "levtoken_book"
    for f in sorted(lib.glob("panels/*.py")) + [lib / "explorers.py", lib / "questions.py"]:
        yield str(f.relative_to(ROOT)), f.read_text()


def test_issue25_every_simulation_passes_its_drift_explicitly():
    """The rule: no hidden drift. Each call of a sampler or analysis that takes ``mu`` (or
    ``drift``) in a chapter's code or in the book's display code passes it, by keyword or
    position (bridges pinned to an end price take none)."""
    import ast

    funcs = _drift_functions()
    assert {"gbm_returns", "fat_tailed_returns", "compare_products", "compute_issuer",
            "compute_rule", "underperformance_explorer", "ruin_day_probability"} <= set(funcs)
    missing, calls = [], 0
    for where, src in _book_code():
        for node in ast.walk(ast.parse(src)):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
                node.func, "id", None)
            if name not in funcs:
                continue
            calls += 1
            explicit = any(any(k.arg == arg for k in node.keywords) or len(node.args) > pos
                           for arg, pos in funcs[name]) or any(k.arg is None for k in node.keywords)
            if not explicit:
                missing.append(f"{where}, line {node.lineno}: {name}(...) without its drift")
    assert calls > 30 and not missing, "\n".join(missing)


def test_issue25_chapter8_drift_is_required_and_stated():
    from levtoken_book.panels import issuers as wi

    for f in (wi.compute_rule, wi.compute_issuer, wi.draw_rule, wi.issuer_explorer):
        p = __import__("inspect").signature(f).parameters["drift"]
        assert p.default is p.empty and p.kind is p.KEYWORD_ONLY, f.__name__
    text = _text(BOOK / "08_real_tokens.ipynb")
    assert "because an inverse token's leverage climbs faster (chapter 3)" not in text
    assert "kept less than most daily tokens" not in text
    assert 'glued("ch8_mm_gate_short"' in text and "$\\mu = 0$" in text


def test_issue25_chapter8_best_and_worst_leave_illustrative_presets_out():
    from levtoken import issuers
    from levtoken_book.panels import issuers as wi

    flagged = [p.key for p in issuers.PRESETS if wi.is_illustrative(p)]
    assert flagged == ["binance", "ascendex"]
    text = _text(BOOK / "08_real_tokens.ipynb")
    assert "mostly from\ntheir fees and the average leverage" not in text
    assert "no funding" in text and "illustrative models" in text
    src = "".join("".join(c["source"]) for c in _cells(BOOK / "08_real_tokens.ipynb"))
    assert "is_illustrative(issuers.preset(k))" in src and '(illustrative)"' in src


def test_issue25_march_2020_reset_times_on_dated_prices():
    from levtoken import crashes

    out = {o["reset_utc"]: o for o in crashes.reset_time_outcomes("march2020", (0.0, 16.0))}
    # 00:00 UTC: the close-to-close -37.5 % of chapters 7 and 9 in one period: ruined
    assert out[0.0]["ruined"] and out[0.0]["worst_move"] == pytest.approx(-0.37535, abs=1e-4)
    assert not out[16.0]["ruined"]
    p = crashes.crash_day_prices("march2020")
    assert p.min() == pytest.approx(3900) and p[-1] > 1.1 * p.min()     # no flat $3,900 to 09:00
    text = _text(BOOK / "08_real_tokens.ipynb")
    assert "ends the window at" not in text and 'glued("ch8_m20_total"' not in text
    assert "peak to trough" in text


def test_issue25_daily_token_wiped_out_in_the_windows_of_12_march_2020():
    import pandas as pd

    from levtoken import data, history

    btc = data.bitcoin_prices()
    m = history.margin_vs_token(btc, leverage=3.0, horizon=30)
    wiped = m["by_start"].index[m["by_start"].token_worst == -1.0]
    assert len(wiped) == 30 and m["holds"] == 3196
    day = pd.Timestamp("2020-03-12")
    assert all(s < day <= s + pd.Timedelta(days=30) for s in wiped)
    for name in ("06_tokens_vs_margin_and_futures.ipynb", "09_real_prices.ipynb"):
        text = _text(BOOK / name)
        assert "never liquidated" not in text and "The token is never liquidated" not in text
        assert "wiped out" in text


def test_issue25_one_year_ruins_are_one_day_and_the_bridge_leaves_it_out():
    import pandas as pd

    from levtoken import data, history

    btc = data.bitcoin_prices()
    years = history.holding_multiples(btc, leverage=3.0, horizon=365)
    wiped = years.index[years.token == 0]
    day = pd.Timestamp("2020-03-12")
    assert len(wiped) == 365 and all(s < day <= s + pd.Timedelta(days=365) for s in wiped)
    b = history.intraday_bridge("2020-03-12", btc, n_paths=20)
    assert b["sigma"] == pytest.approx(0.6146, abs=1e-3)     # the 30 days before, not 175 %
    text = _text(BOOK / "07_risks_and_strategies.ipynb")
    assert "history's\nadvice" not in text and "history's advice" not in text
    assert 'glued("ch7_real_h365_independent"' in text and 'glued("ch7_real_h365_wiped"' in text
    ch9 = _text(BOOK / "09_real_prices.ipynb")
    assert 'glued("ch9_h365_independent"' in ch9 and 'glued("ch9_m20_day_share"' in ch9


def test_issue25_daily_results_quote_cites_the_documents_that_have_it():
    text = _text(BOOK / "07_risks_and_strategies.ipynb")
    assert "should not be expected to provide three" not in text
    assert "direxion2010bgu" in text and "proshares2018qid" in text
    bib = (BOOK / "references.bib").read_text()
    for key, date in (("direxion2010bgu", "2010-07-14"), ("proshares2018qid", "2018-10-01")):
        entry = bib[bib.index("{" + key + ","):].split("\n}\n")[0]
        assert date in entry and "sec.gov" in entry
