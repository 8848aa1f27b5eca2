"""The predict-then-check questions (issue 20): files, answers, wrong options, cells, rendering.

* every ``book/questions/chNN.yaml`` validates against the schema (``levtoken_book.questions.validate``)
  and every chapter has 3–5 questions, each shown by one cell ``quiz-<id>`` of its chapter,
  placed in the section it names;
* every computed answer equals the value worked out here by hand (closed forms, not the answer
  functions), and every wrong option is really wrong: a misconception's number is outside the
  tolerance of the answer, exactly one choice is right;
* the rendered question is a labelled form with a live region, shows the computed number in its
  feedback, and leaves its answer out in the student edition.
"""

from __future__ import annotations

import html
import json
import math
import re
import sys

import nbformat
import numpy as np
import pytest
import yaml

import levtoken_book.questions as Q
from tests.book.quiz_keys import states_answer
from tests.support import ROOT

#: The book's question files (the tests run from the repository's root, not from book/).
QDIR = ROOT / "book" / "questions"

pytestmark = pytest.mark.unit

QDIR = ROOT / "book" / "questions"
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
FILES = sorted(QDIR.glob("ch[0-9][0-9].yaml"))


def _all():
    for path in FILES:
        data = Q.load(int(path.stem[2:]), folder=QDIR)
        for q in data["questions"]:
            yield {**q, "notebook": data["notebook"]}


ALL = list(_all())
IDS = [q["id"] for q in ALL]

_r = 0.8 ** (1 / 30) - 1                          # a steady 20 % fall in 30 equal days
_u = 1.2 ** (1 / 30) - 1                          # a steady 20 % rise in 30 equal days
#: The answers, worked out by hand from the closed forms (value, extra number or None).
EXPECTED = {
    "ch1-1": (30.0, None),                                    # 3 × 10 %
    "ch1-2": (-100 / 3, None),                                # 1 + 3R = 0
    "ch1-3": ("more", 1000 * (1 + 3 * _u) ** 30),             # > $1 600
    "ch2-1": (3 * 1.05 / 1.15, None),                         # L(1+R)/(1+LR)
    "ch2-2": ("buy", (9 - 3) * 0.05 * 100),                   # (L² − L) R N
    "ch2-3": ("buy", (9 + 3) * 0.05 * 100),
    "ch3-1": (100 * (1.15 * 0.88 - 1), None),
    "ch3-2": (100 * (0.7 * 1.3 - 1), None),
    "ch3-3": (100 * math.exp(-(9 - 3) * 0.25 / 2), None),
    "ch4-1": ("steady", 1000 * (1 + 3 * _u) ** 30),
    "ch4-2": ("less", 100 * (1 - (1 + 3 * _r) ** 30)),
    "ch4-3": (-45.0, None),
    "ch5-1": (100 * (1 - 0.999 ** 365), None),
    "ch5-2": (100 * (1 - (1 - 3 * 0.0003) ** 365), None),
    "ch5-3": (100 * (1 - 0.9995 ** 30), None),
    "ch6-1": (100 * (3 * 0.005 - 1) / (3 - 3 * 0.005), None),  # 1 + 3R = mm · 3(1 + R)
    "ch6-2": (3 * 0.8 / 0.4, None),
    "ch6-3": ("margin", 0.4 * 1.75),                          # token: (1 − 60 %)(1 + 75 %)
    "ch7-1": (100 * (1 - 0.997 ** 365), None),
    "ch7-2": (5.0, None),                                     # the stake is the ruin-day loss
    "ch7-3": (100 * math.expm1(0.5 * 3 * 0.64 * 30 / 365), None),   # exp(Lσ²T/2) − 1
    "ch8-1": (3 * 0.95 / 0.85, None),
    "ch8-2": (-100 / 9, None),
    "ch8-3": (100 / 15, None),
    "ch10-1": (100 * 2 * (1.1 * 0.9 - 1), 100 * (1.2 * 0.8 - 1)),   # no reset on the weekend
    "ch10-2": (100 * 365 * 2 * 0.0003, None),                       # 3 × 0.01 % on 2 × NAV
    "ch10-3": (100 * math.exp(-(4 - 2) * 1.0 / 2), None),
    "ch10-4": (300_000 / 100_000 * 0.00005 * 100_000, 0.00005 * 100_000),
}


def _ch9_expected() -> dict:
    """Chapter 9's answers straight from the real closes with numpy (not levtoken.history)."""
    from levtoken import data

    closes = data.bitcoin_prices()
    p21 = closes.loc["2020-12-31":"2021-12-31"].to_numpy()
    r21 = p21[1:] / p21[:-1] - 1
    vol23 = np.sqrt(365 * np.mean(np.diff(np.log(closes.loc["2022-12-31":"2023-12-31"]
                                                  .to_numpy())) ** 2))
    r_day = closes["2020-03-12"] / closes["2020-03-11"] - 1
    P = closes.to_numpy()
    g = 1 + 3 * (P[1:] / P[:-1] - 1)                     # the daily 3x token's daily factors
    beat = [np.prod(np.maximum(g[s:s + 365], 0)) > P[s + 365] / P[s]     # ruined: NAV 0
            for s in range(len(P) - 365)]
    share = 100 * np.mean(beat)
    return {
        "ch9-1": (100 * (np.prod(1 + 3 * r21) - 1), 100 * (p21[-1] / p21[0] - 1)),
        "ch9-2": ("below" if vol23 < 0.5 else "between" if vol23 <= 0.8 else "above",
                  100 * vol23),
        "ch9-3": (100 * -3 * r_day, 100 * r_day),                  # one day: exactly −3 × r
        "ch9-4": ("nearly_all" if share > 90 else "most" if share > 50 else "fewer", share),
    }


EXPECTED.update(_ch9_expected())


def test_every_file_validates_and_every_chapter_has_three_to_five_questions():
    assert [p.stem for p in FILES] == [f"ch{int(p.name[:2]):02d}" for p in CHAPTERS
                                       if (QDIR / f"ch{p.name[:2]}.yaml").exists()]
    for src in CHAPTERS:
        n = int(src.name[:2])
        data = Q.load(n, folder=QDIR)
        assert data["notebook"] == src.stem
        assert 3 <= len(data["questions"]) <= 5, f"{src.name}: {len(data['questions'])} questions"
        places = [q["place"] for q in data["questions"]]
        assert places.count("predict") >= max(1, places.count("check")), f"{src.name}: {places}"
    places = [q["place"] for q in ALL]          # mostly "predict", a few "check yourself"
    assert places.count("predict") > 2 * places.count("check") > 0
    assert len(IDS) == len(set(IDS))


def test_the_files_are_plain_yaml_a_teacher_can_read():
    for path in FILES:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert Q.validate(raw) is raw


@pytest.mark.parametrize("q", ALL, ids=IDS)
def test_each_answer_matches_the_library_and_every_wrong_option_is_wrong(q):
    ans = Q.ANSWERS[q["answer"]]()
    value, number = EXPECTED[q["id"]]
    if isinstance(value, str):
        assert ans.value == value
    else:
        assert ans.value == pytest.approx(value, rel=1e-9, abs=1e-9)
        assert 0 < ans.tolerance < max(0.05 * abs(value), 0.06)   # tight, but rounding passes
    if number is not None:
        assert ans.number == pytest.approx(number, rel=1e-9)
    r = Q.resolved(q)
    if q["type"] == "numeric":
        for m in q["misconceptions"]:
            assert abs(m["claim"] - ans.value) > ans.tolerance, (q["id"], m["claim"])
        # the feedback shows the computed number, formatted as the question says
        assert r["answer_text"] in html.unescape(r["correct"])
        assert all(r["answer_text"] in html.unescape(m["feedback"])
                   for m in r["misconceptions"]), q["id"]
        # a reader who rounds the answer as the prompt asks is right
        rounded = float(format(ans.value, q["format"]).replace(",", ""))
        assert abs(rounded - ans.value) <= ans.tolerance
    else:
        right = [c for c in r["choices"] if c["correct"]]
        assert len(right) == 1, q["id"]
        for c in q["choices"]:
            claim = c.get("claim")
            if claim is not None and claim != "answer":
                assert abs(claim - ans.value) > ans.tolerance, (q["id"], c["key"])
        if isinstance(ans.value, str):
            assert {c["key"] for c in q["choices"]} >= {ans.value}
            assert right[0]["key"] == ans.value
        else:
            assert [c.get("claim") for c in q["choices"] if c["key"] == right[0]["key"]] == \
                ["answer"]
    assert set(EXPECTED) == set(IDS)


def _heading_texts(nb) -> list[str]:
    return [ln.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
            for ln in c.source.splitlines() if re.match(r"^#{1,4} ", ln)]


@pytest.mark.parametrize("src", [p for p in CHAPTERS if (QDIR / f"ch{p.name[:2]}.yaml").exists()],
                         ids=lambda p: p.name)
def test_each_question_has_one_cell_in_its_section(src):
    nb = nbformat.read(src, as_version=4)
    data = Q.load(int(src.name[:2]), folder=QDIR)
    cells = {c.id: (i, c) for i, c in enumerate(nb.cells)}
    asked = [m for c in nb.cells if c.cell_type == "code"
             for m in re.findall(r'ask\("([^"]+)"', c.source)]
    ids = [q["id"] for q in data["questions"]]
    assert sorted(asked) == sorted(ids), f"{src.name}: cells ask {asked}, the file has {ids}"
    headings = _heading_texts(nb)
    for q in data["questions"]:
        assert f"quiz-{q['id']}" in cells, f"{src.name}: no cell quiz-{q['id']}"
        i, cell = cells[f"quiz-{q['id']}"]
        assert cell.source == f'from levtoken_book.questions import ask\nask("{q["id"]}")'
        assert "remove-input" in cell.metadata.get("tags", [])
        assert q["section"] in headings, f"{q['id']}: no heading {q['section']!r} in {src.name}"
        # the question sits in or after the section it links (a check after it, a predict in
        # it), or, a predict, among the code cells that compute the section just below it
        # (chapter 9 computes before its heading: the heading's text shows the glued numbers)
        before = [ln.lstrip("#").strip() for c in nb.cells[:i] if c.cell_type == "markdown"
                  for ln in c.source.splitlines() if re.match(r"^#{1,4} ", ln)]
        nxt = next(j for j in range(i + 1, len(nb.cells)) if nb.cells[j].cell_type == "markdown")
        first = [ln.lstrip("#").strip() for ln in nb.cells[nxt].source.splitlines()
                 if re.match(r"^#{1,4} ", ln)][:1]
        lead_in = q["place"] == "predict" and first == [q["section"]] and \
            nb.cells[nxt].source.lstrip().startswith("#")
        assert q["section"] in before or lead_in, \
            f"{q['id']} is neither in nor just above its section {q['section']!r}"


def test_the_rendered_question_is_an_accessible_form():
    page = Q.ask("ch1-2", folder=QDIR)._repr_html_()
    assert '<fieldset>' in page and '<legend id="quiz-ch1-2-legend">' in page
    assert 'role="status" aria-live="polite"' in page
    radios = re.findall(r'<input type="radio" name="quiz-ch1-2" id="([^"]+)"', page)
    assert len(radios) == 4 and all(f'<label for="{r}">' in page for r in radios)
    assert '<button type="submit">Check</button>' in page
    assert "Show the answer" in page and "\u221233.3\u00a0%" in page
    assert "http" not in page.split("<style>")[0].replace('href="01_', "")    # nothing remote
    numeric = Q.ask("ch3-1", folder=QDIR)._repr_html_()
    assert '<label for="quiz-ch3-1-input">' in numeric and 'id="quiz-ch3-1-input"' in numeric
    data = json.loads(re.search(r'<script type="application/json">(.*?)</script>', numeric)
                      .group(1).replace("<\\/", "</"))
    assert data["value"] == pytest.approx(1.2) and data["tolerance"] == 0.05
    assert [m["claim"] for m in data["misconceptions"]] == [2.4, 0.8, 3.0]
    student = Q.ask("ch3-1", solution=False, folder=QDIR)._repr_html_()
    assert "Show the answer" not in student and 'role="status"' in student
    assert repr(Q.ask("ch3-1", folder=QDIR)).startswith("Predict before you read on: Bitcoin rises 5 %")
    assert "moved \u221237.5\u00a0% from one daily close" in repr(Q.ask("ch9-3", folder=QDIR))


def _data(question_id: str, solution: bool = True) -> dict:
    page = Q.ask(question_id, solution=solution, folder=QDIR)._repr_html_()
    return json.loads(re.search(r'<script type="application/json">(.*?)</script>', page)
                      .group(1).replace("<\\/", "</"))


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _plain(fragment: str) -> str:
    """The text, numbers' no-break spaces as spaces (the page keeps "60 %" together)."""
    return _text(fragment).replace("\u00a0", " ")


def test_the_first_hint_of_a_misconception_keeps_its_explanation_and_drops_the_answer():
    data = _data("ch1-1")
    first = data["misconceptions"][0]
    assert _text(first["nudge"]).startswith(
        "10\u00a0% is Bitcoin's own move. See One rebalancing period.")
    assert "30" not in _text(first["nudge"]) and "30\u00a0%" in _text(first["feedback"])
    assert _text(data["reveal"]) == "The answer: 30\u00a0%."
    assert data["again"] == "Try again, or open \u201cShow the answer\u201d below."
    assert _data("ch1-1", solution=False)["again"] == "Try again."
    # a feedback that is one sentence stating the answer has no nudge: the hint is shown
    assert Q._nudge("Over a year it compounds to {answer}.") is None
    assert Q._nudge("{claim} is one day's fee. Over 365 days it compounds to {answer}.") == \
        "{claim} is one day's fee."


@pytest.mark.parametrize("q", list(_all()), ids=lambda q: q["id"])
def test_no_first_hint_gives_the_answer(q):
    """A first wrong answer teaches: its hint (a nudge, or the question's hint when a wrong
    answer has none) never states the answer; the second try and "Show the answer" do."""
    data = _data(q["id"])
    r = Q.resolved(q)
    answer = _plain(r["answer_text"])
    items = data.get("misconceptions") or [c for c in data["choices"] if not c["correct"]]
    assert items
    for item in items:
        if not re.search(r"\d", answer) and item["nudge"] is None:
            continue          # the question's hint names the options of a choice among words
        first = _plain(item["nudge"] or data["hint"])
        assert not states_answer(first, answer), f"{q['id']}: the first hint {first!r} gives {answer!r}"
        assert item["nudge"] is None or item["nudge"] != item["feedback"] or \
            answer not in _plain(item["feedback"])
    assert answer in _plain(data["reveal"])


def test_links_point_at_the_section_in_jupyterlab_and_in_the_book():
    page = Q.ask("ch3-3", folder=QDIR)._repr_html_()
    assert ('href="03_volatility_decay.ipynb#The-closed-form:-continuous-rebalancing" '
            'data-sphinx-anchor="the-closed-form-continuous-rebalancing"') in page
    from bs4 import BeautifulSoup

    from levtoken_book.sphinxext import questions as ext

    body = BeautifulSoup(page, "html.parser")
    ext.point_links_at_sections(body)
    book = "03_volatility_decay.html#the-closed-form-continuous-rebalancing"
    assert [a["href"] for a in body.select("a.levtoken-quiz-link")] == [book]   # the folded answer
    data = json.loads(body.select_one(".levtoken-quiz > script[type='application/json']").string)
    others = data.get("choices", []) + data.get("misconceptions", [])
    feedback = [data["correct"], data["hint"], *(c["feedback"] for c in others)]
    assert len(feedback) >= 3
    for text in feedback:                                    # every feedback text links it too
        links = BeautifulSoup(text, "html.parser").select("a.levtoken-quiz-link")
        assert [a["href"] for a in links] == [book], text
    assert ".ipynb#" not in str(body) and "data-sphinx-anchor" not in str(body)


@pytest.mark.parametrize("bad, message", [
    ({"chapter": 1, "notebook": "01_x", "questions": []}, "non-empty list"),
    ({"chapter": 1, "notebook": "02_x", "questions": [{}]}, "'notebook'"),
    ({"chapter": 1, "notebook": "01_x", "questions": [{"id": "ch2-1"}]}, "'id' must read"),
    ({"chapter": 1, "notebook": "01_x", "questions": [
        {"id": "ch1-1", "place": "later"}]}, "'place'"),
])
def test_a_bad_file_gets_a_clear_error(bad, message):
    with pytest.raises(ValueError, match=message):
        Q.validate(bad)


def test_a_question_without_misconceptions_or_with_an_unknown_answer_is_refused():
    q = dict(next(q for q in ALL if q["id"] == "ch1-1"))
    q.pop("notebook")
    base = {"chapter": 1, "notebook": "01_what_is_a_leveraged_token"}
    with pytest.raises(ValueError, match="misconceptions"):
        Q.validate({**base, "questions": [{**q, "misconceptions": []}]})
    with pytest.raises(ValueError, match="'answer' must name"):
        Q.validate({**base, "questions": [{**q, "answer": "typed_number"}]})
    two = {**next(q for q in ALL if q["id"] == "ch1-2")}
    two.pop("notebook")
    choices = [{**c, "claim": "answer"} if c["key"] == "half" else c for c in two["choices"]]
    with pytest.raises(ValueError, match="exactly one choice"):
        Q.validate({**base, "questions": [{**two, "choices": choices}]})


def test_ask_names_a_bad_question_id():
    with pytest.raises(ValueError, match="question_id"):
        Q.ask("ch1-99", folder=QDIR)
    with pytest.raises(ValueError, match="question_id"):
        Q.ask("chapter one", folder=QDIR)
    with pytest.raises(TypeError, match="question_id"):
        Q.ask(3, folder=QDIR)
    with pytest.raises(TypeError, match="solution"):
        Q.ask("ch1-1", solution="no", folder=QDIR)


def test_the_teachers_guide_lists_every_question_from_the_files():
    guide = (ROOT / "book" / "teachers_guide.md").read_text(encoding="utf-8")
    assert "```{include} _generated/questions.md" in guide
    from levtoken_book.sphinxext import questions as ext

    table = ext.guide_table(ROOT)
    assert not Q.PLACEHOLDER.search(table)          # a prompt's {number} is filled in
    assert "Bitcoin rose 60\u00a0% in 2021" in table
    for q in ALL:
        row = next(ln for ln in table.splitlines() if ln.startswith(f"| `{q['id']}`"))
        assert q["cue"].replace("$", "\\$") in row
        assert ("(predict)" if q["place"] == "predict" else "(check)") in row
