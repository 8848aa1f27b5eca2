"""Fixtures of the book package's tests."""

from __future__ import annotations

import pytest


@pytest.fixture()
def few_paths(monkeypatch):
    """The chapter-8 issuer and chapter-6 comparison simulations on 1 000 paths instead of
    10 000, for tests of a figure's structure and words (labels, steps, controls), not of its
    numbers. The issuer results are cached by their number of paths; the comparison grid's
    cache is emptied before and after, so no other test sees the small grid."""
    from levtoken_book.panels import comparison, issuers

    comparison.comparison_grid.cache_clear()
    monkeypatch.setattr(comparison, "N_PATHS", 1_000)
    monkeypatch.setattr(issuers, "N_PATHS", 1_000)
    yield
    comparison.comparison_grid.cache_clear()
