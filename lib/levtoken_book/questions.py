"""Predict-then-check questions: their answers computed by the library, their text in YAML.

Each chapter's questions live in one file a teacher can edit, ``book/questions/chNN.yaml``
(the schema is :func:`validate`; ``tests/test_questions.py`` checks every file). A question names
its answer function here, by name: the function calls the library and returns an
:class:`Answer`, so the correct value, its tolerance and every number the feedback shows are
computed when the chapter runs, never typed. A chapter shows a question with one call::

    from levtoken_book.questions import ask
    ask("ch3-1")

which renders an accessible HTML form (a labelled radio group or a labelled number field, a
*Check* button, feedback in an ARIA live region, and the answer folded in a ``<details>`` for
print). The same output works in the book's static page and in JupyterLab after *Run All*: its
small script is inline and loads nothing from the network.

Why not jupyterquiz (evaluated at 2.9.6.4, the common quiz library for Jupyter Book): in
Chromium with axe-core its numeric field's label is not tied to the input (axe ``label``
violation), its feedback ``div`` is no live region (nothing is announced), its radio groups have
no group name (no fieldset/legend or ``radiogroup``), its answers are shuffled at random and
its ids are random (not reproducible), it has no printed answer (the PDF and the student sheet
need one), and its script may load MathJax from cdn.jsdelivr.net when it finds MathJax not yet
started. It has no extension point for any of these (only colours), so this module renders the
same kind of question itself: one small inline script, semantic HTML, no dependency.

Units: every numeric answer is in the unit the question displays (``%`` for a simple return in
per cent, ``x`` for a leverage, ``$`` for dollars); its tolerance is in the same unit.
"""

from __future__ import annotations

import html
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from levtoken import issuers, paths, scenarios, strategies, theory
from levtoken.products import LeveragedToken, MarginPosition
from levtoken.validation import format_value
from levtoken_book.markup import QUESTION_CLASS, QUESTION_LINK_CLASS, SPHINX_ANCHOR_ATTR

from .typography import keep_together

#: The public calls (the contract test checks them); the answer functions are listed in ANSWERS.
__all__ = ["ask", "load", "question"]

KINDS = {"predict": "Predict before you read on", "check": "Check yourself"}
#: A question file is the book's (every text) or the student edition's (see :func:`student_file`).
EDITIONS = ("book", "student")
#: What a student edition's file leaves out: the teacher's cue and every explanation of an answer.
STUDENT_LEFT_OUT = ("cue", "correct", "misconceptions")
#: The student edition's feedback for a right answer (its file holds no explanation).
STUDENT_CORRECT = {"numeric": "The chapter computes {answer}.",
                   "choice": "That is what the chapter computes."}
TYPES = ("numeric", "choice")
QUESTION_ID = re.compile(r"^ch([0-9]{1,2})-([0-9]{1,2})$")
#: Placeholders a feedback text may use: {answer} (the computed value with its unit),
#: {number} (an extra computed number, ``number_format``) and {claim} (a misconception's value).
PLACEHOLDER = re.compile(r"\{(answer|number|claim)\}")


class Answer(NamedTuple):
    """A question's computed answer.

    ``value``: the correct number (in the question's unit) or, for a multiple-choice question
    whose choices are not numbers, the ``key`` of the correct choice. ``tolerance``: how far a
    typed number may be from ``value`` and still be right (same unit; 0 for a key).
    ``number``: an extra computed number the feedback quotes (``{number}``), or None.
    """

    value: Any
    tolerance: float = 0.0
    number: float | None = None


def _pct(x) -> float:
    """A simple return (fraction) as per cent."""
    return float(100.0 * x)


# --- answer functions, one per question (the YAML names them) --------------------------------

def ch1_token_up_day() -> Answer:
    """3x token, Bitcoin +10 % in one period: the token's return, per cent."""
    return Answer(_pct(LeveragedToken(3).nav([0.10])[-1] - 1), 0.5)


def ch1_ruin_move() -> Answer:
    """The one-period fall that wipes out a 3x token, per cent: −1/L."""
    return Answer(_pct(theory.ruin_move(3)), 0.5)


def ch1_steady_month() -> Answer:
    """$1 000 in a 3x token, Bitcoin +20 % in 30 equal daily steps: more or less than $1 600?"""
    steady = paths.constant_returns(1.2 ** (1 / 30) - 1, 30)
    end = 1000 * float(LeveragedToken(3).nav(steady)[-1])
    naive = 1000 * float(theory.naive_multiple(0.20, 3))
    key = "more" if end > naive + 0.5 else ("less" if end < naive - 0.5 else "same")
    return Answer(key, 0.0, end)


def ch2_leverage_after_rise() -> Answer:
    """Leverage of a 3x token after Bitcoin +5 %, before it rebalances: L(1+R)/(1+LR)."""
    return Answer(float(theory.leverage_after_move(3, 0.05)), 0.015)


def ch2_trade_after_rise() -> Answer:
    """NAV 100, 3x token, Bitcoin +5 %: does the close buy or sell? number: the trade."""
    trade = float(theory.rebalance_trade(3, 0.05, nav=100))
    return Answer("buy" if trade > 0 else "sell", 0.0, trade)


def ch2_inverse_trade_after_rise() -> Answer:
    """NAV 100, −3x token, Bitcoin +5 %: does the close buy or sell? number: the trade."""
    trade = float(theory.rebalance_trade(-3, 0.05, nav=100))
    return Answer("buy" if trade > 0 else "sell", 0.0, trade)


def ch3_two_days() -> Answer:
    """3x token, Bitcoin +5 % then −4 %: the token's two-day return, per cent."""
    return Answer(_pct(LeveragedToken(3).nav([0.05, -0.04])[-1] - 1), 0.05)


def ch3_down_up() -> Answer:
    """3x token, Bitcoin −10 % then +10 %: the token's two-day return, per cent."""
    return Answer(_pct(LeveragedToken(3).nav([-0.10, 0.10])[-1] - 1), 0.25)


def ch3_decay_50() -> Answer:
    """Share of its value a 3x token keeps after a flat year at 50 %/yr volatility (closed
    form exp(−(L²−L)σ²T/2)), per cent."""
    return Answer(_pct(theory.continuous_decay(3, 0.50, 1.0)), 0.5)


def _ch4_month() -> dict[str, float]:
    month = {"steady": scenarios.steady_trend(0.20, 30),
             "choppy": scenarios.choppy_path(0.20, 30, swing=0.04),
             "crash": scenarios.crash_and_recover(0.20, 30, crash_depth=0.15, crash_day=10)}
    return {k: 1000 * float(LeveragedToken(3).nav(r)[-1]) for k, r in month.items()}


def ch4_best_path() -> Answer:
    """Three 30-day paths that all end +20 %: which leaves $1 000 in a 3x token the most?"""
    ends = _ch4_month()
    best = max(ends, key=ends.get)
    return Answer(best, 0.0, ends[best])


def ch4_steady_fall() -> Answer:
    """A steady 20 % fall over 30 days: does the 3x token lose more or less than 60 %?"""
    end = float(LeveragedToken(3).nav(scenarios.steady_trend(-0.20, 30))[-1])
    naive = float(theory.naive_multiple(-0.20, 3))
    return Answer("less" if end > naive else "more", 0.0, _pct(1 - end))


def ch4_crash_day() -> Answer:
    """A −15 % day: the 3x token's return that day, per cent."""
    return Answer(_pct(theory.one_period_return(3, -0.15)), 0.5)


def ch5_fee_year() -> Answer:
    """A 0.1 %/day fee for 365 days on a flat market: the share of NAV it takes, per cent."""
    return Answer(_pct(theory.compounded_fee(0.001, 365)), 0.3)


def ch5_funding_year() -> Answer:
    """3x long, funding 0.03 %/day on the exposure, flat year: the share of NAV lost, per cent."""
    nav = float(LeveragedToken(3, funding_per_day=0.0003).nav(np.zeros(365))[-1])
    return Answer(_pct(1 - nav), 0.5)


def ch5_fee_month() -> Answer:
    """A 0.05 %/day fee for 30 days: the share of NAV it takes, per cent."""
    return Answer(_pct(theory.compounded_fee(0.0005, 30)), 0.05)


def ch6_liquidation_move() -> Answer:
    """3x margin position, 0.5 % maintenance margin: the fall that liquidates it, per cent."""
    return Answer(_pct(theory.liquidation_move(3, 0.005)), 0.2)


def ch6_dip_and_back() -> Answer:
    """−20 % then +25 % (back to the start): which ends higher, 3x margin or the daily 3x token?
    number: the token's end NAV."""
    dip = [-0.20, 0.25]
    margin = float(MarginPosition(leverage=3, maintenance_margin=0.005).nav(dip)[-1])
    token = float(LeveragedToken(3).nav(dip)[-1])
    return Answer("margin" if margin > token else "token", 0.0, token)


def ch6_leverage_after_dip() -> Answer:
    """A 3x margin position after a 20 % fall: the leverage it runs at, L(1+R)/(1+LR)."""
    return Answer(float(theory.leverage_after_move(3, -0.20)), 0.05)


def ch7_fee_wear() -> Answer:
    """A 0.3 %/day fee (AscendEX's 3x) for a flat year: the share of NAV it takes, per cent."""
    return Answer(_pct(theory.compounded_fee(0.003, 365)), 0.5)


def ch7_stake() -> Answer:
    """Largest stake in a 3x token so that its ruin day costs at most 5 % of a portfolio, %."""
    return Answer(_pct(strategies.stake_for_max_loss(0.05)), 0.05)


def ch7_hurdle_month() -> Answer:
    """3x token at 80 %/yr volatility, 30 days: the rise of Bitcoin it needs to beat Bitcoin, %."""
    return Answer(_pct(np.expm1(strategies.spot_hurdle(3, 0.80, 30 / 365))), 0.3)


def ch8_leverage_after_fall() -> Answer:
    """A 3x long token after Bitcoin −5 %: its effective leverage L(1+R)/(1+LR)."""
    return Answer(float(theory.leverage_after_move(3, -0.05)), 0.015)


def ch8_band_fall() -> Answer:
    """A 3x long token that rebalances when its leverage reaches 4x: the fall that triggers, %."""
    return Answer(_pct(issuers.band_trigger_move(3, 4)), 0.2)


def ch8_band_rise_inverse() -> Answer:
    """A −3x token that rebalances at 4x: the rise that triggers it, per cent."""
    return Answer(_pct(issuers.band_trigger_move(-3, 4)), 0.2)


def _ch9_closes():
    """The book's Bitcoin closes (``levtoken.data.bitcoin_prices``, checked on every read)."""
    from levtoken import data

    return data.bitcoin_prices()


def ch9_token_2021() -> Answer:
    """2021 on Bitcoin's real closes: the daily 3x token's return, per cent (no costs;
    ``history.year_table``). number: Bitcoin's return that year, per cent."""
    from levtoken import history

    row = history.year_table(_ch9_closes(), leverage=3.0).loc[2021]
    return Answer(_pct(row["token"]), 1.0, _pct(row["btc"]))


def ch9_vol_2023() -> Answer:
    """2023's realised volatility (root mean square of daily log returns × √365, per year):
    below the book's calm regime, between the regimes, or above the high one? number: it, %."""
    from levtoken import history

    vol = float(history.volatility_by_year(_ch9_closes())[2023])
    key = ("below" if vol < history.LOW_SIGMA else
           "above" if vol > history.HIGH_SIGMA else "between")
    return Answer(key, 0.0, _pct(vol))


def ch9_inverse_march_2020() -> Answer:
    """12 March 2020 (Bitcoin −37.5 % close to close): a daily −3x token's return that day, per
    cent (``history.day_outcome``). number: Bitcoin's return that day, per cent."""
    from levtoken import history

    day = history.day_outcome("2020-03-12", _ch9_closes())
    return Answer(_pct(day["inverse"] - 1), 1.0, _pct(day["btc"]))


def ch9_holds_beat_spot() -> Answer:
    """Every one-year (365-day) hold of a daily 3x token on the real closes: did the token beat
    plain Bitcoin in nearly all (over 90 %), most (50–90 %) or fewer than half of them?
    number: the share, per cent."""
    from levtoken import history

    share = float(history.holding_periods(_ch9_closes(), leverage=3.0,
                                          horizons=(365,)).loc[365, "beat_spot"])
    key = "nearly_all" if share > 0.9 else ("most" if share > 0.5 else "fewer")
    return Answer(key, 0.0, _pct(share))


def ch10_weekend_fund() -> Answer:
    """A 2x fund that resets on trading days only: Bitcoin +10 % on Saturday, −10 % on Sunday,
    flat on Monday. The fund's return from Friday's close to Monday's, per cent
    (``funds.DailyResetFund``). number: a daily-reset 2x token's return, per cent."""
    from levtoken.funds import DailyResetFund

    weekend = [0.10, -0.10, 0.0]                   # Saturday, Sunday, Monday
    fund = DailyResetFund(2, resets=(False, False, True)).nav(weekend)[-1]
    token = LeveragedToken(2).nav(weekend)[-1]
    return Answer(_pct(fund - 1), 0.05, _pct(token - 1))


def ch10_funding_year() -> Answer:
    """A 2x token paying perpetual funding of 0.01 % per 8 hours on its whole exposure: the
    cost over a year, per cent of NAV, a simple sum (``funds.carry_costs``)."""
    from levtoken.funds import carry_costs

    carry = carry_costs(2.0, financing_rate_per_year=0.0, expense_ratio_per_year=0.0,
                        funding_per_day=0.0003)
    return Answer(_pct(carry["token"]), 0.3)


def ch10_flat_stock() -> Answer:
    """A 2x daily fund on a stock with 100 % volatility a year that ends the year flat: the
    share of its value it keeps, per cent (closed form, ``funds.flat_decay``)."""
    from levtoken.funds import flat_decay

    return Answer(_pct(flat_decay(2.0, 1.0, 1.0)["continuous"]), 1.0)


def ch10_reverse_merge() -> Answer:
    """300 000 tokens at $0.00005 each, merged 100 000:1: the holding's value after the merge,
    in dollars. number: the merged token's price, in dollars."""
    tokens, price, ratio = 300_000, 0.00005, 100_000
    after_tokens, after_price = tokens / ratio, price * ratio
    return Answer(float(after_tokens * after_price), 0.01, float(after_price))


#: Every answer function, by the name the YAML files use.
ANSWERS = {name: fn for name, fn in dict(globals()).items()
           if name.startswith("ch") and callable(fn)}


# --- files -------------------------------------------------------------------------------------

#: The environment variable that names the question files' folder (else ``questions/`` in the
#: working directory, which is the running notebook's folder).
QUESTIONS_ENV = "LEVTOKEN_BOOK_QUESTIONS"


def questions_dir(folder: str | os.PathLike | None = None) -> Path:
    """The folder of the question files: ``folder`` if given, else the one
    ``$LEVTOKEN_BOOK_QUESTIONS`` names, else ``questions/`` next to the running notebook (the
    book's folder, or the student edition's)."""
    if folder is not None and not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"folder must be the path of the question files' folder, got "
                        f"{format_value(folder)}")
    named = folder if folder is not None else os.environ.get(QUESTIONS_ENV)
    candidate = Path(named) if named else Path.cwd() / "questions"
    if candidate.is_dir():
        return candidate
    raise ValueError(f"folder: no question files in {candidate} (not a folder). Pass folder= the "
                     f"folder of the chNN.yaml files, run the notebook from its own folder (the "
                     f"questions/ folder lies beside it), or set {QUESTIONS_ENV}.")


def _fail(where: str, message: str):
    raise ValueError(f"{where}: {message}")


def _check_text(q: dict, key: str, where: str, required: bool = True) -> None:
    text = q.get(key)
    if text is None and not required:
        return
    if not isinstance(text, str) or not text.strip():
        _fail(where, f"'{key}' must be a non-empty string, got {text!r}")


def validate(data: Any, chapter: int | None = None) -> dict:
    """Check one chapter file's data against the schema; return it. Raises ValueError naming the
    file's chapter, the question and the field.

    Schema: ``chapter`` (int), ``notebook`` (the chapter's file name without ``.ipynb``),
    ``questions``: a list of mappings with ``id`` (``chN-k``), ``place`` (predict/check),
    ``cue`` (for the teacher's guide: what to ask it before or after), ``section`` (a heading of
    the chapter), ``type`` (numeric/choice), ``prompt``, ``answer`` (a name in
    :data:`ANSWERS`), ``correct`` (feedback for a right answer), ``hint`` (for any other wrong
    answer) and, for numeric, ``format`` (a Python format spec), ``unit`` (``%``, ``x``, ``$``),
    ``misconceptions`` (``claim``: a number, ``feedback``); for choice, ``choices`` (``key``,
    ``text``, ``feedback`` and optionally ``claim``: ``answer`` or a number).

    The student edition's files (``edition: student``, written by :func:`student_file`) carry
    what the prompts need and nothing that gives an answer away: no ``cue``, ``correct``,
    ``misconceptions`` or choice ``feedback``, and no choice marked ``claim: answer``.
    """
    if not isinstance(data, dict):
        raise ValueError(f"a question file must be a mapping, got {type(data).__name__}")
    edition = data.get("edition", "book")
    if edition not in EDITIONS:
        raise ValueError(f"'edition' must be one of {EDITIONS} (or absent), got {edition!r}")
    student = edition == "student"
    ch = data.get("chapter")
    if not isinstance(ch, int) or isinstance(ch, bool) or not 1 <= ch <= 99:
        raise ValueError(f"'chapter' must be an integer 1..99, got {ch!r}")
    if chapter is not None and ch != chapter:
        raise ValueError(f"file of chapter {chapter} says chapter {ch}")
    nb = data.get("notebook")
    if not isinstance(nb, str) or not re.fullmatch(rf"0?{ch}_[a-z0-9_]+", nb):
        raise ValueError(f"chapter {ch}: 'notebook' must be the chapter's file name without "
                         f".ipynb (e.g. '{ch:02d}_slug'), got {nb!r}")
    qs = data.get("questions")
    if not isinstance(qs, list) or not qs:
        raise ValueError(f"chapter {ch}: 'questions' must be a non-empty list")
    seen = set()
    for q in qs:
        where = f"chapter {ch}, question {q.get('id') if isinstance(q, dict) else q!r}"
        if not isinstance(q, dict):
            _fail(where, "each question must be a mapping")
        m = QUESTION_ID.fullmatch(str(q.get("id", "")))
        if not m or int(m.group(1)) != ch:
            _fail(where, f"'id' must read 'ch{ch}-N'")
        if q["id"] in seen:
            _fail(where, "duplicate id")
        seen.add(q["id"])
        if q.get("place") not in KINDS:
            _fail(where, f"'place' must be one of {sorted(KINDS)}, got {q.get('place')!r}")
        if q.get("type") not in TYPES:
            _fail(where, f"'type' must be one of {TYPES}, got {q.get('type')!r}")
        for key in ("section", "prompt", "hint") if student else ("cue", "section", "prompt",
                                                                  "correct", "hint"):
            _check_text(q, key, where)
        if student:
            given = [k for k in STUDENT_LEFT_OUT if k in q]
            given += [f"choice {c.get('key')!r}: feedback" for c in q.get("choices") or []
                      if isinstance(c, dict) and "feedback" in c]
            given += [f"choice {c.get('key')!r}: claim: answer" for c in q.get("choices") or []
                      if isinstance(c, dict) and c.get("claim") == "answer"]
            if given:
                _fail(where, f"a student edition's file must not give answers away, but it has "
                             f"{', '.join(given)}; write it with student_file()")
        if q.get("answer") not in ANSWERS:
            _fail(where, f"'answer' must name a function of levtoken_book.questions, got "
                         f"{q.get('answer')!r}")
        if q["type"] == "numeric":
            try:
                format(1.0, q.get("format"))
            except (TypeError, ValueError):
                _fail(where, f"'format' must be a Python format spec such as '.1f', got "
                             f"{q.get('format')!r}")
            if q.get("unit") not in ("%", "x", "$"):
                _fail(where, f"'unit' must be '%', 'x' or '$', got {q.get('unit')!r}")
            mis = q.get("misconceptions")
            if student:
                mis = []
            elif not isinstance(mis, list) or not mis:
                _fail(where, "a numeric question needs 'misconceptions': the wrong answers "
                             "readers give, each with 'claim' and 'feedback'")
            for item in mis:
                if not isinstance(item, dict) or not isinstance(item.get("claim"), (int, float)) \
                        or isinstance(item.get("claim"), bool):
                    _fail(where, f"each misconception needs a numeric 'claim', got {item!r}")
                _check_text(item, "feedback", where)
        else:
            choices = q.get("choices")
            if not isinstance(choices, list) or len(choices) < 2:
                _fail(where, "a choice question needs at least two 'choices'")
            keys = [c.get("key") if isinstance(c, dict) else None for c in choices]
            if any(not isinstance(k, str) or not re.fullmatch(r"[a-z0-9_]+", k) for k in keys) \
                    or len(set(keys)) != len(keys):
                _fail(where, f"every choice needs a unique lower-case 'key', got {keys}")
            for c in choices:
                _check_text(c, "text", where)
                if not student:
                    _check_text(c, "feedback", where)
                claim = c.get("claim")
                if claim is not None and claim != "answer" and (
                        not isinstance(claim, (int, float)) or isinstance(claim, bool)):
                    _fail(where, f"a choice's 'claim' must be 'answer' or a number, got {claim!r}")
            if not student and any("claim" in c for c in choices) and [
                    c.get("claim") for c in choices].count("answer") != 1:
                _fail(where, "with claims, exactly one choice must claim 'answer'")
            if any("claim" in c for c in choices) and q.get("format") is None:
                _fail(where, "a choice question with claims needs 'format' and 'unit'")
        for key in ("format", "unit"):
            if key in q and q["type"] == "choice":
                pass
        if "number_format" in q:
            try:
                format(1.0, q["number_format"])
            except (TypeError, ValueError):
                _fail(where, f"'number_format' must be a format spec, got {q['number_format']!r}")
    return data


def load(chapter: int, *, folder: str | os.PathLike | None = None) -> dict:
    """The validated questions of ``chapter`` (1..99), read from ``chNN.yaml``."""
    import yaml

    if not isinstance(chapter, int) or isinstance(chapter, bool):
        raise TypeError(f"chapter must be an integer, got {chapter!r}")
    if not 1 <= chapter <= 99:
        raise ValueError(f"chapter must be in 1..99, got {chapter!r}")
    path = questions_dir(folder) / f"ch{chapter:02d}.yaml"
    if not path.is_file():
        raise ValueError(f"chapter={chapter!r} has no question file {path.name}")
    return validate(yaml.safe_load(path.read_text(encoding="utf-8")), chapter)


def question(question_id: str, *, folder: str | os.PathLike | None = None) -> dict:
    """The question ``question_id`` (``"ch3-1"``), with its chapter's ``notebook`` added."""
    if not isinstance(question_id, str):
        raise TypeError(f"question_id must be a string such as 'ch3-1', got {question_id!r}")
    m = QUESTION_ID.fullmatch(question_id)
    if m is None:
        raise ValueError(f"question_id must read 'chN-k' (e.g. 'ch3-1'), got {question_id!r}")
    data = load(int(m.group(1)), folder=folder)
    for q in data["questions"]:
        if q["id"] == question_id:
            return {**q, "notebook": data["notebook"], "edition": data.get("edition", "book")}
    raise ValueError(f"question_id={question_id!r} is not in ch{int(m.group(1)):02d}.yaml")


#: The fields of a question that its student edition keeps: what the prompt and the check need.
STUDENT_KEEPS = ("id", "place", "section", "type", "prompt", "answer", "format", "unit",
                 "number_format", "number_unit", "hint")


def student_file(data: dict) -> dict:
    """The student edition of a chapter's question file (``data`` as :func:`load` returns it):
    the prompts, their choices and hints, and the name of each answer function, which computes
    the answer when the notebook runs; no explanation, no misconception, no marked choice.

    A choice question whose choices are numbers marks none of them: the right choice's number
    is written as the prompt shows it (it is one of the options the student sees) and is found
    again by its value when the question is checked."""
    data = validate(data)
    if data.get("edition") == "student":
        raise ValueError(f"chapter {data['chapter']}: data is already a student edition's file")
    out = {"edition": "student", "chapter": data["chapter"], "notebook": data["notebook"],
           "questions": []}
    for q in data["questions"]:
        s = {k: q[k] for k in STUDENT_KEEPS if k in q}
        if q["type"] == "choice":
            choices = []
            by_claim = any(c.get("claim") == "answer" for c in q["choices"])
            for i, c in enumerate(q["choices"]):
                # choices found by their number are keyed by their place, not by their meaning
                sc = {"key": "abcdefghij"[i] if by_claim else c["key"], "text": c["text"]}
                if c.get("claim") == "answer":
                    shown = float(format(ANSWERS[q["answer"]]().value, q["format"]))
                    sc["text"] = c["text"].replace("{answer}", "{claim}")
                    sc["claim"] = int(shown) if shown.is_integer() else shown
                elif c.get("claim") is not None:
                    sc["claim"] = c["claim"]
                if "{answer}" in sc["text"]:
                    raise ValueError(f"question {q['id']}: choice {c['key']!r} shows {{answer}} "
                                     f"but is not the answer; the student edition cannot hide it")
                choices.append(sc)
            s["choices"] = choices
        for key in ("prompt", "hint"):
            if "{answer}" in s[key]:
                raise ValueError(f"question {q['id']}: its {key} shows {{answer}}; the student "
                                 f"edition would give the answer away")
        out["questions"].append(s)
    return validate(out)


# --- rendering ---------------------------------------------------------------------------------

def _show(value: float, fmt: str, unit: str) -> str:
    text = format(value, fmt).replace("-", "\u2212")
    if unit == "":
        return text
    if unit == "$":
        return text.replace("\u2212", "\u2212$", 1) if text.startswith("\u2212") else "$" + text
    return text + ("x" if unit == "x" else "\u00a0" + unit)


def heading_anchor(heading: str) -> str:
    """The id Sphinx gives a section titled ``heading`` (docutils' ``make_id``)."""
    from docutils.nodes import make_id

    return make_id(heading.replace("\\", ""))


def _link(q: dict) -> str:
    """A link to the section that explains ``q``: to the notebook (JupyterLab); the book's
    extension (``levtoken_book.sphinxext.questions``) points it at the HTML page and Sphinx's anchor."""
    heading = q["section"].replace("\\", "")
    lab = heading.replace(" ", "-")
    return (f'<a class="{QUESTION_LINK_CLASS}" href="{html.escape(q["notebook"])}.ipynb#'
            f'{html.escape(lab)}" {SPHINX_ANCHOR_ATTR}="{heading_anchor(heading)}">'
            f'{html.escape(heading)}</a>')


def _fill(text: str, values: dict[str, str]) -> str:
    """Escape ``text`` and put the computed numbers in its placeholders."""
    out = html.escape(text.strip())
    for key, shown in values.items():
        out = out.replace("{" + key + "}", html.escape(shown))
    if PLACEHOLDER.search(out):
        raise ValueError(f"feedback {text!r} uses a placeholder this question does not compute")
    return out


#: A sentence ends at ``.``, ``!`` or ``?`` followed by a space (a feedback text is plain prose).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _nudge(template: str, answer: str | None = None) -> str | None:
    """The first-try version of a wrong answer's feedback: its sentences that do not give the
    answer (no ``{answer}``, and not the text ``answer``: a choice's wording), or None when every
    sentence does (the question's hint is shown then). The full feedback, with the answer, comes
    on the second wrong try."""
    kept = [s for s in _SENTENCE_END.split(template.strip())
            if "{answer}" not in s and not (answer and answer.lower() in s.lower())]
    return " ".join(kept) if kept else None


def resolved(q: dict) -> dict:
    """The question with its answer computed: value, tolerance and every text filled in.

    A wrong answer gets a hint first and the answer only on the second try (or under "Show the
    answer"): every misconception and wrong choice has a ``nudge`` (its feedback without the
    sentences that state the answer; None: the question's hint serves), ``reveal`` states the
    answer after a second wrong try."""
    ans = ANSWERS[q["answer"]]()
    fmt, unit = q.get("format", ".1f"), q.get("unit", "%")
    values = {}
    if not isinstance(ans.value, str):
        values["answer"] = _show(ans.value, fmt, unit)
    if ans.number is not None:
        values["number"] = _show(ans.number, q.get("number_format", fmt), q.get("number_unit",
                                                                                 unit))
    see = f" See {_link(q)}."
    student = q.get("edition") == "student"
    if student:      # no explanation in the student's files: the computed value, or the hint
        correct = STUDENT_CORRECT[q["type"]]
    else:
        correct = q["correct"]
    out = {"id": q["id"], "type": q["type"], "value": ans.value, "tolerance": ans.tolerance,
           "correct": _fill(correct, values) + see, "hint": _fill(q["hint"], values) + see,
           "prompt": _fill(q["prompt"], values), "kind": KINDS[q["place"]]}
    if q["type"] == "numeric":
        out["unit"] = unit
        out["answer_text"] = values["answer"]
        out["misconceptions"] = []
        for m in q.get("misconceptions", []):
            vals = {**values, "claim": _show(m["claim"], fmt, unit)}
            nudge = _nudge(m["feedback"])
            out["misconceptions"].append({
                "claim": float(m["claim"]), "feedback": _fill(m["feedback"], vals) + see,
                "nudge": None if nudge is None else _fill(nudge, vals) + see})
    else:
        choices = []
        for c in q["choices"]:
            claim = c.get("claim")
            if isinstance(ans.value, str):
                right = c["key"] == ans.value
            elif student:    # the choice whose number, as shown, is the computed answer
                right = claim is not None and _show(claim, fmt, unit) == values["answer"]
            else:
                right = claim == "answer"
            vals = dict(values)
            if claim is not None and claim != "answer":
                vals["claim"] = _show(claim, fmt, unit)
            feedback = (c["feedback"] if not student else
                        STUDENT_CORRECT["choice"] if right else q["hint"])
            nudge = None if right or student else _nudge(c["feedback"])
            choices.append({"key": c["key"], "text": _fill(c["text"], vals), "correct": right,
                            "feedback": _fill(feedback, vals) + see,
                            "nudge": None if nudge is None else _fill(nudge, vals) + see})
        right = [c for c in choices if c["correct"]]
        if len(right) == 1 and isinstance(ans.value, str) and not student:   # a wording
            said = html.unescape(right[0]["text"])
            for c, raw in zip(choices, q["choices"]):
                if not c["correct"]:
                    vals = dict(values)
                    if raw.get("claim") not in (None, "answer"):
                        vals["claim"] = _show(raw["claim"], fmt, unit)
                    nudge = _nudge(raw["feedback"], said)
                    c["nudge"] = None if nudge is None else _fill(nudge, vals) + see
        out["choices"] = choices
        if len(right) != 1:
            raise ValueError(f"question {q['id']}: the answer {ans.value!r} matches "
                             f"{len(right)} choices, not one")
        out["answer_text"] = right[0]["text"]
        out["answer_feedback"] = right[0]["feedback"]
    out["reveal"] = f"The answer: {out['answer_text']}."
    return out


def _asset(name: str) -> str:
    """A text file shipped in the package's ``assets`` folder."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8").rstrip("\n")


#: The questions' script and style: package files (``assets/questions.js`` and ``.css``).
SCRIPT = _asset("questions.js")

STYLE = _asset("questions.css")


def render_html(q: dict, solution: bool = True) -> str:
    """The HTML of one question (``q`` from :func:`question`): a form, its feedback region, the
    answer folded in a ``<details>`` (left out with ``solution=False``), its data and script."""
    if not isinstance(q, dict) or "id" not in q:
        raise TypeError(f"q must be a question mapping from levtoken_book.questions.question(), "
                        f"got {q!r}")
    if not isinstance(solution, bool):
        raise TypeError(f"solution must be True or False, got {solution!r}")
    r = resolved(q)
    qid = f"quiz-{r['id']}"
    legend_id = f"{qid}-legend"
    parts = [f'<div class="{QUESTION_CLASS}" id="{qid}" data-question="{r["id"]}" '
             f'data-lm-suppress-shortcuts="true">',
             f'<form novalidate aria-labelledby="{legend_id}"><fieldset>',
             f'<legend id="{legend_id}"><span class="levtoken-quiz-kind">{r["kind"]}</span> '
             f'{r["prompt"]}</legend>']
    if r["type"] == "choice":
        for i, c in enumerate(r["choices"]):
            cid = f"{qid}-{i}"
            parts.append(f'<div class="levtoken-quiz-choice"><input type="radio" name="{qid}" '
                         f'id="{cid}" value="{i}"><label for="{cid}">{c["text"]}</label></div>')
    else:
        units = {"%": "in per cent", "x": "the leverage, e.g. 2.5", "$": "in dollars"}
        parts.append(f'<label for="{qid}-input">Your answer ({units[r["unit"]]}):</label> '
                     f'<input type="text" inputmode="decimal" autocomplete="off" '
                     f'id="{qid}-input">')
    parts.append('<div><button type="submit">Check</button></div></fieldset>')
    parts.append('<p class="levtoken-quiz-feedback" role="status" aria-live="polite"></p></form>')
    if solution:
        extra = r.get("answer_feedback", r["correct"])
        parts.append(f'<details class="levtoken-quiz-answer"><summary>Show the answer</summary>'
                     f'<p><strong>Answer: {r["answer_text"]}.</strong> {extra}</p></details>')
    data = {k: r[k] for k in ("type", "value", "tolerance", "correct", "hint", "reveal")}
    data.update({k: r[k] for k in ("unit", "misconceptions", "choices") if k in r})
    data["again"] = ('Try again, or open “Show the answer” below.' if solution
                     else "Try again.")
    if r["type"] == "choice":
        data["choices"] = [{"correct": c["correct"], "feedback": c["feedback"],
                            "nudge": c["nudge"]} for c in r["choices"]]
        data.pop("value")
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    parts.append(f'<script type="application/json">{payload}</script>')
    parts.append(f"<style>{STYLE}</style><script>{SCRIPT}</script></div>")
    return keep_together("".join(parts))   # "$1 600", "20 %": never split across lines


class _Question:
    """What :func:`ask` returns: displayed as the question's HTML (text/plain: the prompt)."""

    def __init__(self, q: dict, solution: bool) -> None:
        self.q, self.solution = q, solution
        self.html = render_html(q, solution)
        self.prompt = (html.unescape(resolved(q)["prompt"]) if PLACEHOLDER.search(q["prompt"])
                       else q["prompt"].strip())            # its {number} filled in

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"{KINDS[self.q['place']]}: {self.prompt}"


def ask(question_id: str, solution: bool = True, *, folder: str | os.PathLike | None = None):
    """Show question ``question_id`` (e.g. ``"ch3-1"``) with instant feedback; with
    ``solution=False`` (the student edition) the folded answer is left out. ``folder``: where
    the question files are (see :func:`questions_dir`)."""
    if not isinstance(solution, bool):
        raise TypeError(f"solution must be True or False, got {solution!r}")
    return _Question(question(question_id, folder=folder), solution)
