"""What a reader reads on a live panel or an explorer: product names and the prose's units,
never an internal key (``bybit_2024``, ``gate_short``, ``fee_per_day``) or a bare fraction
(``fee per day = 0.0003``).

Every ``*_panel`` of :mod:`levtoken_book.panels` is built at its defaults and every option of
every control is looked at; every ``*_explorer`` is built and its traces' names, slider labels,
titles, axis titles and named controls are looked at.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from functools import lru_cache

import matplotlib
import pytest

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402

import levtoken_book.panels as panels  # noqa: E402
from levtoken import crashes, history, issuers  # noqa: E402
from levtoken.rebalancing import PRESETS as WEEKS  # noqa: E402
from levtoken_book.panels import describe_values, static_note_html  # noqa: E402

pytestmark = pytest.mark.unit

#: Internal keys a reader must never see: the issuers' preset keys, chapter 9's rule keys and
#: the volatility regimes' keys (their labels say "about 70 % a year ...").
KEYS = ({p.key for p in issuers.PRESETS} | set(history.RULES) | {r.key for r in crashes.REGIMES}) \
    - {"daily"}
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
BARE_FRACTION = re.compile(r"= 0\.\d{3,}(?![\d%])")


def internal_keys(text: str) -> list[str]:
    """The internal keys in ``text``: any snake_case word, and any preset or regime key written
    as a key (``ftx``, ``2020-2023``; the names ``FTX BULL/BEAR`` are fine)."""
    found = set(SNAKE.findall(text))
    found |= {k for k in KEYS if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)}
    return sorted(found)


def test_the_detector_finds_keys_and_passes_names():
    assert internal_keys("rule (at the closes) = bybit_2024") == ["bybit_2024"]
    assert internal_keys("rule = ftx") == ["ftx"]
    assert internal_keys("fee_per_day = 0.0003") == ["fee_per_day"]
    assert internal_keys("regime 2020-2023") == ["2020-2023"]
    assert internal_keys("rule of FTX BULL/BEAR; about 70 % a year (as measured 2020 to Oct "
                         "2023); Gate BTC3S (floating-leverage bands)") == []
    assert BARE_FRACTION.search("fee per day = 0.0003") and \
        not BARE_FRACTION.search("fee per day = 0.03%")


def _functions(suffix: str):
    out = []
    for info in pkgutil.iter_modules(panels.__path__):
        module = importlib.import_module(f"{panels.__name__}.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ == module.__name__ and name.endswith(suffix):
                out.append((module, name, func))
    return out


PANELS = _functions("_panel")
EXPLORERS = _functions("_explorer")


@lru_cache(maxsize=None)
def built(name: str):
    module, _, func = next(p for p in PANELS if p[1] == name)
    return func()


def options(ctrl) -> list[str]:
    if not hasattr(ctrl, "options"):
        return []
    return [str(o[0] if isinstance(o, tuple) else o) for o in ctrl.options]


def test_every_panel_is_checked():
    assert {name for _, name, _ in PANELS} >= {"one_period_panel", "week_panel", "rule_panel",
                                               "window_panel", "comparison_panel"}
    assert len(PANELS) == 10 and len(EXPLORERS) >= 10      # the ten chapters' panels


@pytest.mark.parametrize("name", [n for _, n, _ in PANELS])
def test_panel_labels_options_and_values_are_for_readers(name):
    panel = built(name)
    texts = []
    for ctrl in panel.controls.values():
        assert ctrl.description, f"{name}: a control without a label"
        texts += [ctrl.description, *options(ctrl)]
    note = static_note_html(panel.controls)
    alt = panel.output.outputs[0]["data"]["text/plain"]
    texts += [describe_values(panel.controls), note, alt]
    for text in texts:
        assert not internal_keys(text), f"{name}: internal key in {text!r}"
        assert not BARE_FRACTION.search(text), f"{name}: a bare fraction in {text!r}"


@pytest.mark.parametrize("name", [n for _, n, _ in PANELS])
def test_fees_and_leverages_read_in_the_units_of_the_prose(name):
    """A fee reads as per cent per day, a leverage as ``+3x``, a percentage as ``%``."""
    panel = built(name)
    for key, ctrl in panel.controls.items():
        shown = describe_values({key: ctrl}).split(" = ", 1)[1]
        if "fee" in key or "funding" in key or key in ("move", "total_return", "sigma"):
            assert shown.endswith("%"), f"{name}.{key} reads {shown!r}"
        if key == "leverage":
            assert re.fullmatch(r"[+-]\d+(\.\d+)?x", shown), f"{name}.{key} reads {shown!r}"


def test_rule_panel_reads_like_the_prose():
    panel = built("rule_panel")
    c = panel.controls
    values = describe_values(c)
    assert "band's high edge = 4.0x" in values and "band's low edge = none" in values
    assert "fee per day = 0.03%" in values and "move threshold = none" in values
    assert "threshold watches = moves both ways" in values and "daily rebalance = on" in values
    assert options(c["high"])[0] == "none" and "2.25x" in options(c["high"])


def test_window_panel_names_the_rules_by_their_products():
    c = built("window_panel").controls
    names = options(c["rule"])
    assert names[0] == "daily reset"
    assert names[1:] == [f"rule of {issuers.preset(k).name}" for k in history.RULES[1:]]
    assert "1 Jan 2021" in options(c["start"])
    c["rule"].value = "bybit_2024"
    try:
        alt = built("window_panel").output.outputs[0]["data"]["text/plain"]
        assert "rule of Bybit 3L/3S" in alt and "bybit" not in alt
    finally:
        c["rule"].value = "daily"


def test_week_presets_are_shown_as_the_chapter_names_them():
    assert set(options(built("week_panel").controls["preset"])) == set(WEEKS)


def _explorer_texts(fig) -> list[str]:
    lay = fig.layout
    texts = [t.name or "" for t in fig.data]
    texts += [getattr(lay.title, "text", None) or ""]
    for s in lay.sliders or []:
        texts += [str(st.label) for st in s.steps]
        texts += [str(st.args[1].get("title.text", "")) for st in s.steps if len(st.args) > 1]
        texts.append(s.currentvalue.prefix or "")
    for key in lay.to_plotly_json():
        if re.fullmatch(r"[xy]axis\d*", key):
            texts.append(getattr(lay[key].title, "text", None) or "")
    meta = lay.meta if isinstance(lay.meta, dict) else {}
    for label, opts in meta.get("levtoken_controls", []):
        texts += [label, *opts]
    return texts


@pytest.mark.parametrize("name", [n for _, n, _ in EXPLORERS])
def test_explorer_labels_are_for_readers(name, few_paths):
    module, _, func = next(e for e in EXPLORERS if e[1] == name)
    kwargs = {p.name: getattr(module, f"DEFAULT_{p.name.upper()}")
              for p in inspect.signature(func).parameters.values()
              if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
    for text in _explorer_texts(func(**kwargs)):
        assert not internal_keys(re.sub(r"<[^>]+>", " ", text)), f"{name}: key in {text!r}"


def test_checkbox_and_choice_values_are_words():
    box = widgets.Checkbox(value=False, description="daily rebalance")
    pick = widgets.SelectionSlider(options=[("none", 0.0), ("4.0x", 4.0)], value=0.0,
                                   description="edge")
    assert describe_values({"d": box, "e": pick}) == "daily rebalance = off; edge = none"
