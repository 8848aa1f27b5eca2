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
from tests.site.test_browser import AXE, WCAG_TAGS, _real_errors, offline_page, site  # noqa: F401 (fixtures)

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
