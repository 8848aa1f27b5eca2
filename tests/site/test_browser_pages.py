"""The book's pages that are not chapters (the intro, the API, the glossary, …) in the browser:
the checks of tests/site/test_browser.py, in a file of their own so that another worker runs them."""

from __future__ import annotations

import pytest

from tests.support import ROOT, toc_files  # noqa: F401
from tests.site.browser import check_page_works_offline, offline_page, site  # noqa: F401

pytestmark = pytest.mark.browser

PAGES = [d for d in toc_files() if not (ROOT / f"{d}.ipynb").exists()]


@pytest.mark.parametrize("doc", PAGES)
def test_page_works_offline(offline_page, site, doc):
    check_page_works_offline(offline_page, site, doc)
