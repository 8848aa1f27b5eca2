"""Static figures for phones (issue 27): the phone rendition of a figure, the page's <picture>,
numbers that keep together, the icon fonts cut to the icons used."""

from __future__ import annotations

import re

import numpy as np
import pytest

from levtoken_book import plots
from levtoken_book.panels import decay
from levtoken_book import typography
from levtoken_book.sphinxext import page_speed, phone_figures

pytestmark = pytest.mark.unit


def _sizes(svg: bytes) -> list[float]:
    return [float(v) for v in re.findall(rb"font-size: ([0-9.]+)px", svg)]


def _width_pt(svg: bytes) -> float:
    return float(re.search(rb'<svg[^>]*\swidth="([0-9.]+)pt"', svg).group(1))


def test_phone_rendition_is_4_inches_with_text_of_at_least_9_points_and_restores_the_figure():
    fig, ax = plots.new_figure()
    ax.plot(np.arange(10), np.arange(10), label="a line")
    ax.text(2, 2, "small note", fontsize=6)
    ax.set_title("A title long enough to be wider than a phone's figure when it is not wrapped")
    ax.legend(fontsize=7)
    size = fig.get_size_inches().copy()
    svg = plots.phone_rendition(fig)
    assert _width_pt(svg) <= 4.0 * 72 * 1.02
    assert min(_sizes(svg)) >= plots.PHONE_MIN_FONT_PT
    # in a 390 px phone's figure column (339 CSS px) the smallest text is at least 11 px
    assert min(_sizes(svg)) * 339 / _width_pt(svg) >= 11
    assert b"small note" in svg and b"a line" in svg           # text stays text
    assert np.allclose(fig.get_size_inches(), size)            # the figure is as it was
    assert ax.texts[0].get_fontsize() == 6 and ax.get_legend().get_visible()


def test_a_text_placed_at_a_date_is_kept_and_only_titles_wrap():
    """Chapter 10's October figure: a note at a date (matplotlib cannot wrap text at a date)."""
    import matplotlib.pyplot as plt
    import pandas as pd

    fig, ax = plt.subplots(figsize=(7, 4))
    days = pd.date_range("2025-10-09", periods=4)
    ax.plot(days, [1.0, 0.9, 0.95, 0.97])
    note = ax.text(days[0], 0.93, "a note at a date, long enough to need a second line on a phone")
    ax.set_title("A title long enough to wrap at the edge of a phone's narrow figure", loc="left")
    svg = plots.phone_rendition(fig).decode()
    assert "a note at a date" in svg and not note.get_wrap()
    plt.close(fig)


def test_the_heatmap_has_its_own_phone_layout_with_leverage_in_columns():
    fig = decay.draw_decay_heatmap(horizons=(30,))
    svg = plots.phone_rendition(fig)
    assert _width_pt(svg) <= 4.0 * 72 * 1.02 and min(_sizes(svg)) >= plots.PHONE_MIN_FONT_PT
    ticks = re.findall(rb">([+-]\dx)</text>", svg)
    assert len(ticks) == len(decay.HEATMAP_LEVERAGES)         # one column per leverage


def test_save_phone_rendition_names_the_file_by_the_png_and_only_in_the_build(tmp_path, monkeypatch):
    import hashlib

    fig, _ = plots.new_figure()
    png = b"\x89PNG\r\n\x1a\n" + b"x" * 10
    monkeypatch.delenv(plots.PHONE_DIR_ENV, raising=False)
    plots.save_phone_rendition(fig, png)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv(plots.PHONE_DIR_ENV, str(tmp_path))
    plots.save_phone_rendition(fig, png)
    assert [p.name for p in tmp_path.iterdir()] == [f"{hashlib.sha256(png).hexdigest()}.svg"]
    with pytest.raises(ValueError, match="png"):
        plots.save_phone_rendition(fig, b"not a png")


def test_a_wide_rendition_scrolls_at_its_text_size():
    narrow = b'<svg width="287.5pt" height="200pt" viewBox="0 0 287.5 200">'
    wide = b'<svg width="396pt" height="200pt" viewBox="0 0 396 200">'
    assert phone_figures._wide_attributes(narrow) == {}
    assert phone_figures._wide_attributes(wide) == {"data-levtoken-wide": "1",
                                                  "style": "--levtoken-phone-width: 492px"}


@pytest.mark.parametrize("text, expected", [
    ("$1 600 and 10 000 paths", "$1\u00a0600 and 10\u00a0000 paths"),
    ("a 20 % day", "a 20\u00a0% day"),
    ("from 2017 2018", "from 2017 2018"),      # not a thousands group
    ("chapter 3 and 4", "chapter 3 and 4"),
])
def test_numbers_keep_together(text, expected):
    assert typography.keep_together(text) == expected


def test_icon_codepoints_come_from_the_classes_used_and_the_style_sheets(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "theme.css").write_text(
        '.fa-github:before{content:"\\f09b"}.fa-sun:before{content:"\\f185"}'
        '.x:after{content:"\\2696"}:root{--pst-icon-bell:"\uf0f3"}')
    (tmp_path / "page.html").write_text('<i class="fa-brands fa-github"></i>')
    points = page_speed.icon_codepoints(tmp_path)
    assert {0xF09B, 0x2696, 0xF0F3} <= points and 0xF185 not in points
