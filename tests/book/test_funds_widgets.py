"""Chapter 10's panel and explorer: a daily-reset fund on a flat underlying, against the closed
forms worked out here."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pytest

from levtoken_book.panels import funds as fw

pytestmark = pytest.mark.unit


def test_compute_fund_is_decay_times_costs():
    res = fw.compute_fund(2.0, 1.0, 1.0, 0.0105, 0.05)
    assert res["decay"] == pytest.approx(math.exp(-1.0))               # exp(-(4-2)·1·1/2)
    assert res["costs"] == pytest.approx(math.exp(-(0.0105 + 0.05)))
    assert res["kept"] == pytest.approx(math.exp(-1.0 - 0.0605))
    inverse = fw.compute_fund(-2.0, 0.5, 2.0, 0.0095, 0.05)            # earns on three NAVs
    assert inverse["decay"] == pytest.approx(math.exp(-(4 + 2) * 0.25 * 2 / 2))
    assert inverse["costs"] == pytest.approx(math.exp(-(0.0095 - 3 * 0.05) * 2))
    assert inverse["costs"] > 1


def test_draw_fund_states_what_it_keeps():
    fig = fw.draw_fund()
    title = fig.axes[0].get_title()
    kept = fw.compute_fund()["kept"]
    assert f"keeps {kept:.0%}" in title and "2x at 100% volatility" in title
    assert len(fig.axes[0].get_lines()) == 3
    plt.close(fig)


def test_the_panel_has_its_five_controls_and_redraws():
    panel = fw.fund_panel()
    assert set(panel.controls) == {"leverage", "sigma", "years", "expense_ratio_per_year",
                                   "financing_rate_per_year"}
    before = panel.output.outputs[0]["data"]["text/plain"]
    panel.controls["sigma"].value = 0.5
    after = panel.output.outputs[0]["data"]["text/plain"]
    assert before != after and "volatility a year = 50%" in after


def test_the_explorer_steps_are_the_volatility_grid():
    fig = fw.flat_explorer()
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == ["25%", "50%", "75%", "100%", "125%", "150%"]
    assert fig.layout.sliders[0].active == 3
    assert "keeps 37% of its value" in steps[3].args[1]["title.text"]
    two = [t for t in fig.data if t.name == "2x fund"][3]                # the 100 % step
    assert two.y[-1] == pytest.approx(100 * math.exp(-1.0 * 3.0))       # three flat years


@pytest.mark.parametrize("kwargs, name", [
    (dict(leverage=0.0), "leverage"), (dict(sigma=-0.1), "sigma"), (dict(years=0.0), "years"),
    (dict(expense_ratio_per_year=1.5), "expense_ratio_per_year"),
    (dict(financing_rate_per_year=2.0), "financing_rate_per_year"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name):
        fw.compute_fund(**kwargs)
