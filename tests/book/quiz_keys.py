"""Answer a rendered question (levtoken_book.questions) with the keyboard only, right and then wrong,
and check the live region's feedback. Shared by the book's browser test and the JupyterLab test."""

from __future__ import annotations

import re

EXPECTED_TEXT = """(box, html) => { const d = document.createElement('div'); d.innerHTML = html;
  return d.textContent.trim(); }"""


def _feedback(pg, box, before: str) -> str:
    """Wait until the live region shows new text; return it."""
    pg.wait_for_function("([box, before]) => { const t = box.querySelector("
                         "'.levtoken-quiz-feedback').textContent.trim(); "
                         "return t && t !== before; }", arg=[box.element_handle(), before],
                         timeout=5000)
    return box.evaluate("b => b.querySelector('.levtoken-quiz-feedback').textContent.trim()")


def _choose(pg, box, index: int) -> None:
    """Select choice ``index`` with the keyboard (Space, then the arrow keys), Tab to Check,
    press Enter."""
    box.locator("input[type=radio]").first.focus()
    pg.keyboard.press("Space")
    for _ in range(index):
        pg.keyboard.press("ArrowDown")
    checked = box.evaluate("b => b.querySelector('input[type=radio]:checked').value")
    assert checked == str(index), f"the arrow keys selected choice {checked}, not {index}"
    pg.keyboard.press("Tab")
    assert pg.evaluate("() => document.activeElement.textContent") == "Check"
    pg.keyboard.press("Enter")


def _type(pg, box, text: str) -> None:
    box.locator("input[type=text]").focus()
    pg.keyboard.press("Control+A")
    pg.keyboard.type(text)
    pg.keyboard.press("Enter")


def answer_right_and_wrong(pg, box) -> dict:
    """Answer ``box`` (a ``.levtoken-quiz`` locator) right, then wrong twice (a misconception),
    by keyboard; assert each time that the live region shows the matching feedback: the first
    wrong answer gets a hint (the misconception's feedback without the answer, or the question's
    hint) and no answer, the second the full feedback with the answer. Returns the question's
    data."""
    qid = box.get_attribute("data-question")
    data = box.evaluate("b => JSON.parse(b.querySelector("
                        "\"script[type='application/json']\").textContent)")
    live = box.locator(".levtoken-quiz-feedback")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"

    def expected(html):
        return box.evaluate(EXPECTED_TEXT, html)

    if data["type"] == "choice":
        right = next(k for k, c in enumerate(data["choices"]) if c["correct"])
        wrong = next(k for k, c in enumerate(data["choices"]) if not c["correct"])
        _choose(pg, box, right)
        got = _feedback(pg, box, "")
        assert got == "Correct. " + expected(data["choices"][right]["feedback"]), qid
        _choose(pg, box, wrong)
        got = _feedback(pg, box, got)
        _hint_first(got, data, data["choices"][wrong], expected, qid)
        _choose(pg, box, wrong)
        got = _feedback(pg, box, got)
        assert got == "Not quite. " + expected(data["choices"][wrong]["feedback"]), qid
    else:
        _type(pg, box, f"{data['value']:.2f}".replace("-", "\u2212"))
        got = _feedback(pg, box, "")
        assert got == "Correct. " + expected(data["correct"]), qid
        if data["misconceptions"]:
            mis = data["misconceptions"][0]
            claim, feedback = mis["claim"], mis["feedback"]
        else:     # the student edition: no misconception in its files, the hint for any miss
            mis = {"nudge": None}
            claim = data["value"] + 10 * data["tolerance"] + 7
            feedback = data["hint"] + " " + data["reveal"]
        typed = f"{claim:g} %" if data["unit"] == "%" else f"{claim:g}"
        _type(pg, box, typed)
        got = _feedback(pg, box, got)
        _hint_first(got, data, mis, expected, qid)
        _type(pg, box, typed + " ")
        got = _feedback(pg, box, got)
        assert got == "Not quite. " + expected(feedback), qid
    data["id"] = qid
    return data


def _hint_first(got: str, data: dict, item: dict, expected, qid: str) -> None:
    """The first wrong answer's feedback: a hint and "try again", never the answer."""
    hint = expected(item["nudge"] or data["hint"])
    assert got == f"Not quite. {hint} {expected(data['again'])}", qid
    answer = expected(data["reveal"]).removeprefix("The answer: ").rstrip(".")
    assert not states_answer(got, answer), \
        f"{qid}: the first wrong answer's feedback gives the answer {answer}"


def states_answer(text: str, answer: str) -> bool:
    """Whether ``text`` states ``answer``: the answer's number itself, not a signed or longer
    number that contains it ("a −5 % day" does not state the answer 5 %, nor −112.6 % 112.6 %)."""
    return re.search(rf"(?<![\u2212\d.]){re.escape(answer)}", text, re.I) is not None
