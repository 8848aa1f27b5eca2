"""The predict-then-check questions in the published book: headless Chromium, network blocked.

On every chapter page with questions, each question is answered right and then wrong **with the
keyboard only** (the radio group's arrow keys, Tab to *Check*, Enter; or typing a number and
Enter) and the live region shows the matching feedback: the right answer's text, or the text of
that very misconception. The feedback's "see" link points at a section of the page. axe-core
finds no WCAG 2 A/AA violation in the answered questions in the light and the dark theme, and at
phone width (375 px) no question is wider than the screen. That runs on the chapter's one desktop
page load (``tests.site.browser.check_questions``, called by tests/site/test_browser.py); here,
chapter 3's first question: a decimal comma, a fraction for per cent, the hint before the answer.
"""

from __future__ import annotations

import pytest

from tests.site.browser import offline_page, site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_a_decimal_comma_a_fraction_for_per_cent_and_a_hint_before_the_answer(offline_page, site):
    """Chapter 3's first question (1.2 %): "1,2" is right; "0,012" is pointed out as a fraction
    (not marked wrong); a wrong number gets the question's hint and no answer, the same wrong
    number again gets the answer; the folded answer is there all along."""
    from tests.book.quiz_keys import _feedback, _type

    pg = offline_page
    doc = "book/03_volatility_decay"
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
