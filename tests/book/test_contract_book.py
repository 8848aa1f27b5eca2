"""The contract of every public callable of the book's package (figures, explorers, live panels,
questions, prose glue): the same catalogue of good and bad input as the engine's
(``tests/engine/test_contract.py``, whose machinery this module reuses), on ``levtoken_book``.

The Sphinx extension (``levtoken_book.sphinxext``, called by Sphinx with its own objects), the
student-edition writer and the launch links with the Colab cell (file tools, tested in
``test_student_edition.py``) are not fuzzed.
"""

from __future__ import annotations

import pytest

import levtoken
import levtoken_book
from levtoken.validation import all_finite
from tests.engine import test_contract as C
from tests.support import ROOT

pytestmark = pytest.mark.unit

#: Modules of the book's package whose callables a reader or a chapter calls.
NOT_FUZZED = ("levtoken_book.sphinxext", "levtoken_book.student_edition", "levtoken_book.launch")


def _mpl_figure():
    return levtoken_book.plots.new_figure()[0]


def _empty_figure():
    from matplotlib.figure import Figure
    return Figure()


def _axes():
    return levtoken_book.plots.new_figure()[1]


def _controls():
    from levtoken_book.panels import slider
    return {"x": slider("x", 0.5, 0.0, 1.0, 0.1)}


def _slider_steps():
    import plotly.graph_objects as go
    from levtoken_book.explorers import SliderStep
    return [SliderStep(label=f"step {i}", traces=[go.Scatter(x=[0, 1], y=[i, i + 1])])
            for i in range(2)]


def _plotly_figure():
    import plotly.graph_objects as go
    return go.Figure()


def _replay_grid():
    from levtoken_book import replay
    return replay.grid()


def _replay_file():
    """The replay's data written once into a temporary folder (never into the repository)."""
    import tempfile
    from pathlib import Path

    from levtoken_book import replay
    if not _REPLAY:
        _REPLAY.append(Path(tempfile.mkdtemp()) / "replay.json")
        replay.write(_REPLAY[0])
    return _REPLAY[0]


_REPLAY: list = []


GOOD_CALLS = {
    "levtoken_book.panels.render_png": lambda: {"fig": _mpl_figure()},
    "levtoken_book.panels.figure_output": lambda: {"fig": _mpl_figure(), "alt": "a figure"},
    "levtoken_book.panels.static_note_html": lambda: {"controls": _controls()},
    "levtoken_book.panels.describe_values": lambda: {"controls": _controls()},
    "levtoken_book.panels.history.WindowFigure": lambda: {"fig": _empty_figure()},
    "levtoken_book.panels.issuers.RuleFigure": lambda: {"fig": _empty_figure()},
    "levtoken_book.panels.live_panel": lambda: {"controls": _controls(), "title": "a panel",
                                            "draw": lambda x: _mpl_figure()},
    "levtoken_book.panels.slider": {"description": "x", "value": 0.5, "min": 0.0, "max": 1.0,
                                "step": 0.1},
    "levtoken_book.panels.leverage_slider": {"value": 3.0, "min": -3.0, "max": 5.0},
    "levtoken_book.explorers.slider_figure": lambda: {"steps": _slider_steps(), "slider_label": "x"},
    "levtoken_book.panels.comparison.grid_index": lambda: {
        "result": levtoken.compare.compare_products(sigmas=(0.4, 0.8), horizons=(7, 30),
                                                    n_paths=20, seed=1),
        "sigma": 0.8, "horizon": 30},
    "levtoken_book.plots.percent_axis": lambda: {"ax": _axes(), "axis": "y", "decimals": 0},
    "levtoken_book.plots.paths_figure": {"series": {"spot": ([1.0, 1.1, 0.9], "spot")}},
    "levtoken_book.explorers.StaticExplorer": lambda: {"fig": _plotly_figure(), "name": "x", "alt": "a figure"},
    "levtoken_book.prose.Glued": {"name": "x", "variable": 0.5, "fmt": ".2f", "text": "0.50"},
    "levtoken_book.panels.issuers.median_se": {"values": [0.1 * i for i in range(12)]},
    "levtoken_book.panels.issuers.compute_rule": {"n_paths": 20, "drift": "median-flat"},
    "levtoken_book.panels.issuers.compute_issuer": {"key": "ftx", "n_paths": 20, "drift": "mean-flat"},
    "levtoken_book.panels.issuers.draw_rule": {"drift": "median-flat"},
    "levtoken_book.panels.issuers.issuer_explorer": {"keys": ["ftx"], "drift": "median-flat"},
    "levtoken_book.panels.issuers.is_illustrative": {"preset": "ftx"},
    "levtoken_book.tables.rebalance_table_html": lambda: {
        "table": levtoken.rebalancing.rebalance_table(3, [0.05, -0.04])},
    "levtoken_book.replay.path": lambda: {"g": _replay_grid(), "key": "spot", "start": 0, "hold": 7},
    "levtoken_book.replay.value": lambda: {"g": _replay_grid(), "key": "spot", "start": 0, "hold": 7},
    "levtoken_book.replay.write": lambda: {"file": _replay_file()},
    "levtoken_book.replay.load": lambda: {"file": _replay_file()},
    "levtoken_book.replay.ReplayExplorer": lambda: {"g": _replay_grid(), "name": "x", "alt": "a",
                                                    "caption": "c"},
    "levtoken_book.plots.phone_rendition": lambda: {"fig": _mpl_figure()},
    "levtoken_book.panels.risks.draw_cap_tails": lambda: {
        "returns": levtoken.paths.gbm_returns(mu=0.0, sigma=0.8, days=20, n_paths=50, seed=1)},
    "levtoken_book.panels.risks.draw_ruin_chance": {"sigmas": [0.5, 1.0]},
    "levtoken_book.panels.risks.draw_beat_spot_year": {"sigmas": [0.5, 1.0],
                                                       "monte_carlo": {(0.0, 0.8): 0.05}},
    "levtoken_book.plots.svg_width_in": lambda: {"svg": b'<svg width="288pt" height="100pt">'},
    "levtoken_book.plots.set_phone_figure": lambda: {"fig": _mpl_figure(), "draw": _mpl_figure},
    "levtoken_book.plots.save_phone_rendition": lambda: {"fig": _mpl_figure(), "png": b"\x89PNG"},
    "levtoken_book.plots.InlineFigure": lambda: {"fig": _mpl_figure(), "alt": "a figure"},
}

#: The book's own argument values, added to the engine's table.
GOOD = {"question_id": "ch1-1", "chapter": 1, "folder": ROOT / "book" / "questions"}

#: Functions whose ``days`` is a real length of time (a slider float, rounded; documented).
REAL_DAYS = {"levtoken_book.panels.path_dependence.compute_advantage_map",
             "levtoken_book.panels.path_dependence.draw_advantage_map",
             "levtoken_book.panels.decay.draw_distribution"}

#: The chapters' big cached simulations, shrunk while their module is checked.
SMALL_SIZES = {
    "levtoken_book.panels.comparison": {"N_PATHS": 40},
    "levtoken_book.panels.issuers": {"N_PATHS": 40, "N_LEVERAGE_PATHS": 20},
}


def _targets():
    return [(q, f) for q, f in C.targets(levtoken_book) if not q.startswith(NOT_FUZZED)]


C.GOOD_CALLS.update(GOOD_CALLS)
C.GOOD.update(GOOD)
C.REAL_DAYS.update(REAL_DAYS)
C.SMALL_SIZES.update(SMALL_SIZES)
C.TEXT.update({"busy"})          # live_panel's line shown while a panel simulates
TARGETS = _targets()


def test_discovery_finds_the_book_modules():
    modules = {q.split(".")[1] for q, _ in TARGETS}
    assert {"plots", "explorers", "panels", "questions", "prose"} <= modules
    assert len(TARGETS) > 60
    assert all(not q.startswith("levtoken.") for q, _ in TARGETS)


@pytest.mark.parametrize("qual, func", TARGETS, ids=[q for q, _ in TARGETS])
def test_contract(qual, func):
    with C.small_sizes(qual):
        C._check_contract(qual, func)


def test_the_engine_is_not_the_book():
    """The engine's contract covers levtoken only; this one levtoken_book only."""
    assert not any(q.startswith("levtoken_book") for q, _ in C.targets(levtoken))
    assert all_finite is not None and levtoken.__name__ == "levtoken"
