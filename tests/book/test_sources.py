"""Every source the engine's presets, regimes and crash days name is an entry of the book's
bibliography (``book/references.bib``), or is marked illustrative."""

from __future__ import annotations

import re

import pytest

from levtoken import crashes, funds, issuers
from tests.support import ROOT

pytestmark = pytest.mark.unit

BIB = ROOT / "book" / "references.bib"


def _bib_keys():
    return set(re.findall(r"@\w+\{([^,]+),", BIB.read_text()))


def test_every_preset_value_is_cited_or_illustrative():
    keys = _bib_keys()
    for p in issuers.PRESETS:
        for src in (p.source, p.threshold_source, p.funding_source, p.target_source):
            for k in src.split(","):                 # several keys: comma-separated
                assert k.strip() == issuers.ILLUSTRATIVE or k.strip() in keys, (p.key, k)
        assert p.note and re.match(r"^\d{4}-\d{2}-\d{2}$", p.as_of)


def test_regimes_and_crash_days_are_cited():
    keys = _bib_keys()
    assert all(r.source in keys for r in crashes.REGIMES)
    assert all(k in keys for k in crashes.CRASH_DAYS["march2020"].source.split(","))
    assert all(src in keys for _, _, src in crashes.MARCH_2020_ANCHORS)


def test_every_fund_preset_is_cited():
    keys = _bib_keys()
    for key, p in funds.PRESETS.items():
        assert set(p.source.split(",")) <= keys, f"{key}: {p.source} not in references.bib"
