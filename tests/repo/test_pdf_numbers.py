"""The PDF's page numbers (tools.book_pdf) are stamped with pypdf's public API."""

from __future__ import annotations

import io

import pytest

from tools.book_pdf import _stamp_numbers

pytestmark = pytest.mark.unit


def test_pages_after_the_front_matter_are_numbered_from_one():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(595, 842)
    _stamp_numbers(writer, 2, 3)
    out = io.BytesIO()
    writer.write(out)
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    assert [p.extract_text().strip() for p in pages] == ["", "", "1", "2"]
