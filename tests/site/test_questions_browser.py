"""The predict-then-check questions in the published book: headless Chromium, network blocked.

On every chapter page with questions, each question is answered right and then wrong **with the
keyboard only** (the radio group's arrow keys, Tab to *Check*, Enter; or typing a number and
Enter) and the live region shows the matching feedback: the right answer's text, or the text of
that very misconception. The feedback's "see" link points at a section of the page. axe-core
finds no WCAG 2 A/AA violation in the answered questions in the light and the dark theme, and at
phone width (375 px) no question is wider than the screen.
"""

from __future__ import annotations

import pytest

from tests.support import ROOT, toc_files
from tests.book.quiz_keys import answer_right_and_wrong
from tests.site.browser import AXE, WCAG_TAGS, _real_errors, offline_page, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def _question_docs():
    return [d for d in toc_files() if (ROOT / f"{d}.ipynb").exists()
            and 'ask(\\"ch' in (ROOT / f"{d}.ipynb").read_text()]


@pytest.mark.parametrize("doc", _question_docs())
def test_each_question_answered_by_keyboard_gives_the_matching_feedback(offline_page, site, doc):
    pg = offline_page
    pg.goto(f"{site}/{doc}.html", wait_until="load")
    boxes = pg.locator(".levtoken-quiz")
    n = boxes.count()
    assert 3 <= n <= 5, f"{doc}: {n} questions on the page"
    for i in range(n):
        box = boxes.nth(i)
        qid = answer_right_and_wrong(pg, box)["id"]
        anchor = box.locator(".levtoken-quiz-feedback a.levtoken-quiz-link").get_attribute("href")
        page, _, frag = anchor.partition("#")
        assert page == f"{doc.split('/')[-1]}.html" and frag, f"{qid}: link {anchor}"
        assert pg.locator(f"[id='{frag}']").count() == 1, f"{qid}: no section #{frag}"
    assert pg.blocked == [], f"the page tried to reach the network: {pg.blocked[:5]}"
    assert _real_errors(pg.errors) == [], f"console errors: {_real_errors(pg.errors)[:5]}"
    pg.add_script_tag(path=str(AXE))
    for theme in ("light", "dark"):
        pg.evaluate("t => document.documentElement.dataset.theme = t", theme)
        result = pg.evaluate("tags => axe.run('.levtoken-quiz', "
                             "{runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        bad = [f"{v['id']}: {v['help']} {v['nodes'][0]['target']}" for v in result["violations"]]
        assert bad == [], f"{doc} ({theme} theme): {bad}"
    pg.set_viewport_size({"width": 375, "height": 800})
    widths = pg.eval_on_selector_all(".levtoken-quiz", "els => els.map(e => "
                                     "e.getBoundingClientRect().right)")
    assert max(widths) <= 375, f"{doc}: a question is wider than a phone screen: {widths}"


def test_a_decimal_comma_a_fraction_for_per_cent_and_a_hint_before_the_answer(offline_page, site):
    """Chapter 3's first question (1.2 %): "1,2" is right; "0,012" is pointed out as a fraction
    (not marked wrong); a wrong number gets the question's hint and no answer, the same wrong
    number again gets the answer; the folded answer is there all along."""
    from tests.book.quiz_keys import _feedback, _type

    pg = offline_page
    doc = next(d for d in _question_docs() if d.endswith("03_volatility_decay"))
    pg.goto(f"{site}/{doc}.html", wait_until="load")
    box = pg.locator(".levtoken-quiz[data-question='ch3-1']")
    data = box.evaluate("b => JSON.parse(b.querySelector("
                        "\"script[type='application/json']\").textContent)")
    assert data["unit"] == "%" and abs(data["value"] - 1.2) < 1e-9

    def text(fragment):
        return box.evaluate("(b, h) => { const d = document.createElement('div'); "
                            "d.innerHTML = h; return d.textContent.trim(); }", fragment)

    _type(pg, box, "1,2")
    got = _feedback(pg, box, "")
    assert got == "Correct. " + text(data["correct"])
    _type(pg, box, "0,012")
    got = _feedback(pg, box, got)
    assert got == ("Check the unit. You typed a fraction: 0.012 is 1.2 %. The question asks in "
                   "per cent, so type 1.2."), got
    _type(pg, box, "7")                       # no misconception: the question's hint first
    got = _feedback(pg, box, got)
    assert got == f"Not quite. {text(data['hint'])} {text(data['again'])}"
    assert "1.2" not in got
    _type(pg, box, "7 %")                     # the second wrong try: the answer
    got = _feedback(pg, box, got)
    assert got == f"Not quite. {text(data['hint'])} {text(data['reveal'])}"
    assert "1.2\u00a0%" in got
    details = box.locator("details.levtoken-quiz-answer")
    assert details.count() == 1 and details.locator("summary").inner_text() == "Show the answer"
