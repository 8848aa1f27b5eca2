"""Chapter 4's computations, figures, live panel and static-HTML explorers."""

from __future__ import annotations

import numpy as np
import pytest

from levtoken import scenarios
from levtoken_book.panels import path_dependence as pdw

pytestmark = pytest.mark.unit

G = 1.2 ** (1 / 30)


def test_compute_path_at_the_panel_defaults():
    res = pdw.compute_path()
    s = pdw.DEFAULT_SWING
    pair = (1 + 3 * (G * (1 + s) - 1)) * (1 + 3 * (G / (1 + s) - 1))
    assert res["shape"] == "choppy"
    assert res["token_end"] == pytest.approx(pair ** 15, rel=1e-12)
    assert res["spot_end"] == pytest.approx(1.2, rel=1e-12)
    assert res["naive_end"] == pytest.approx(1.6, rel=1e-12)
    assert res["steady_end"] == pytest.approx((1 + 3 * (G - 1)) ** 30, rel=1e-12)
    assert not res["beats_naive"]
    assert res["price"].shape == res["token"].shape == res["naive"].shape == (31,)
    np.testing.assert_allclose(res["naive"], np.maximum(1 + 3 * (res["price"] - 1), 0))


@pytest.mark.parametrize("shape", pdw.SHAPES)
def test_every_shape_ends_at_the_same_price(shape):
    res = pdw.compute_path(shape=shape)
    assert res["spot_end"] == pytest.approx(1.2, rel=1e-12)
    assert res["naive_end"] == pytest.approx(1.6, rel=1e-12)


def test_steady_shape_beats_and_random_shape_is_cached_and_seeded():
    assert pdw.compute_path(shape="steady")["beats_naive"]
    a = pdw.make_returns("seeded random", seed=3)
    a[0] = 99.0                                   # a copy: the cache is not touched
    b = pdw.make_returns("seeded random", seed=3)
    np.testing.assert_array_equal(b, scenarios.random_path(0.2, 30, sigma=0.8, seed=3))
    assert not np.array_equal(b, pdw.make_returns("seeded random", seed=4))


def test_ruin_shows_as_zero():
    res = pdw.compute_path(shape="crash-and-recover", leverage=5, crash_depth=0.25)
    assert res["token_end"] == 0.0 and res["naive_end"] == pytest.approx(2.0)
    assert "wiped out" in pdw.draw_path(shape="crash-and-recover", leverage=5,
                                        crash_depth=0.25).axes[0].get_title()


@pytest.mark.parametrize("kwargs, name", [({"shape": "zigzag"}, "shape"),
                                          ({"leverage": 0}, "leverage"),
                                          ({"swing": -0.1}, "swing"),
                                          ({"shape": "crash-and-recover", "crash_depth": 1.2},
                                           "crash_depth"),
                                          ({"days": 0}, "days"),
                                          ({"total_return": -1.0}, "total_return")])
def test_compute_path_rejects_bad_input(kwargs, name):
    with pytest.raises(ValueError, match=name):
        pdw.compute_path(**kwargs)


def test_draw_path_title_states_the_result():
    fig = pdw.draw_path()
    title = fig.axes[0].get_title()
    labels = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    assert "lags 3× spot" in title and "1 505" in labels and "1 600" in labels
    assert "day" in fig.axes[0].get_xlabel() and "$" in fig.axes[0].get_ylabel()
    assert len(fig.axes[0].lines) == 3


def test_panel_redraws_and_enables_only_the_relevant_controls():
    panel = pdw.path_panel()
    out = panel.output
    first = out.outputs[0]["data"]["image/png"]
    assert "shape = choppy" in out.outputs[0]["data"]["text/html"]
    c = panel.controls
    assert not c["swing"].disabled and c["crash_depth"].disabled and c["sigma"].disabled
    c["shape"].value = "crash-and-recover"
    assert c["swing"].disabled and not c["crash_depth"].disabled
    second = out.outputs[0]["data"]["image/png"]
    assert second != first
    c["crash_depth"].value = 0.25
    assert out.outputs[0]["data"]["image/png"] != second
    c["shape"].value = "seeded random"
    assert not c["sigma"].disabled and not c["seed"].disabled and c["crash_depth"].disabled
    assert len(out.outputs) == 1
    for ctrl in (c["total_return"], c["swing"], c["crash_depth"], c["sigma"]):
        assert ctrl.min < ctrl.max and ctrl.min >= -0.30 and ctrl.max <= 5.0
    assert min(v for _label, v in c["leverage"].options) >= 1.0 and c["days"].min >= 2


def test_three_paths_numbers_and_figure():
    res = pdw.compute_three_paths()
    ends = {k: v["token_end"] for k, v in res.items()}
    assert ends["steady"] == pytest.approx(1.7223228, rel=1e-6)
    assert ends["choppy"] == pytest.approx(1.50489, rel=1e-5)
    assert ends["crash-and-recover"] == pytest.approx(1.52901, rel=1e-5)
    assert ends["steady"] > 1.6 > ends["crash-and-recover"] > ends["choppy"]
    for v in res.values():
        assert v["price"][-1] == pytest.approx(1.2, rel=1e-12)
    fig = pdw.draw_three_paths()
    top, bottom = fig.axes
    assert len(top.lines) == 3 and len(bottom.lines) == 4
    labels = [t.get_text() for t in bottom.get_legend().get_texts()]
    assert any("1 722" in t for t in labels)


def test_advantage_map_agrees_with_the_break_even_curve():
    res = pdw.compute_advantage_map()
    R, S, ratio = res["total_returns"], res["sigmas"], res["ratio"]
    assert ratio.shape == (S.size, R.size)
    j = int(np.argmin(np.abs(R - 0.2)))
    assert ratio[0, j] == pytest.approx((1 + R[j]) ** 3 / (1 + 3 * R[j]), rel=1e-12)
    # ratio is 1 on the break-even curve, above 1 below it and below 1 above it
    star = res["break_even"][j]
    i = int(np.searchsorted(S, star))
    assert ratio[i - 1, j] > 1 > ratio[i, j]
    assert np.all(ratio[0] >= 1 - 1e-12)                    # sigma = 0: never below L× spot
    with pytest.raises(ValueError, match="total_returns"):
        pdw.compute_advantage_map(total_returns=np.array([-0.4, 0.1]))
    fig = pdw.draw_advantage_map()
    assert "56%" in fig.axes[0].get_legend().get_texts()[1].get_text()


def test_beat_fraction_falls_through_the_break_even_volatility():
    res = pdw.compute_beat_fraction(total_returns=(0.2,), sigmas=(0.2, 0.55, 1.0), n_paths=4000)
    f = res["fraction"][0]
    assert f[0] == 1.0 and f[2] < 0.01 and 0.3 < f[1] < 0.8
    assert res["break_even"][0] == pytest.approx(0.558677, rel=1e-5)
    fig = pdw.draw_beat_fraction(res)
    assert len(fig.axes[0].lines) == 3                     # one curve, its σ* line, the 50 % line


def _token_traces(fig):
    steps = fig.layout.sliders[0].steps
    n = len(fig.data) // len(steps)
    return steps, n, [tuple(fig.data[i * n + 2].y) for i in range(len(steps))]


def test_chop_explorer_steps_change_and_end_values_fall():
    fig = pdw.chop_explorer()
    steps, n, tokens = _token_traces(fig)
    assert len(steps) == len(pdw.EXPLORER_SWINGS) == 21 and n == 3
    assert len(set(tokens)) == len(steps)
    ends = [t[-1] for t in tokens]
    assert np.all(np.diff(ends) < 0) and ends[0] > 1600 > ends[-1]
    assert pdw.EXPLORER_SWINGS[fig.layout.sliders[0].active] == pdw.DEFAULT_SWING
    assert [tr.visible for tr in fig.data].count(True) == n
    assert "1 505" in fig.layout.title.text
    assert all(len(tr.x) <= 300 for tr in fig.data)


@pytest.mark.parametrize("make", [pdw.chop_explorer, pdw.crash_explorer])
def test_explorer_texts_hold_at_most_one_dollar_sign(make):
    """plotly.js renders any text with two '$' as LaTeX, and the figure then stays blank."""
    fig = make()
    texts = [fig.layout.title.text, fig.layout.yaxis.title.text, fig.layout.xaxis.title.text]
    texts += [s.args[1].get("title.text", "") for s in fig.layout.sliders[0].steps]
    texts += [s.label for s in fig.layout.sliders[0].steps] + [tr.name for tr in fig.data]
    assert all(t.count("$") <= 1 for t in texts)


def test_crash_explorer_steps_change():
    fig = pdw.crash_explorer()
    steps, n, tokens = _token_traces(fig)
    assert len(steps) == len(pdw.EXPLORER_CRASH_DEPTHS) == 13
    assert len(set(tokens)) == len(steps)
    assert pdw.EXPLORER_CRASH_DEPTHS[fig.layout.sliders[0].active] == pdw.DEFAULT_CRASH_DEPTH
    assert "1 529" in fig.layout.title.text
