"""Redraw time of every live panel, and precompute time of every chapter's interactive material.

    python benchmarks/bench_widgets.py [--repeats 7]

For each ``*_panel`` function of the modules in :mod:`levtoken_book.panels`: the time to build the
panel (its precompute and first draw, the cost a reader pays once), then the median time from a
control change to a finished redraw (the first slider-like control is moved back and forth
between two valid values; ipywidgets calls the redraw synchronously). For each ``*_explorer``
(the precomputed Plotly figures of the static book): the time to build it. Target: redraw
< 100 ms at the defaults.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402

import levtoken_book.panels as panels  # noqa: E402

TARGET_MS = 100.0


def _movable(panel):
    """The first control with a numeric range, and a second valid value for it."""
    for name, ctrl in panel.controls.items():
        if isinstance(ctrl, (widgets.FloatSlider, widgets.IntSlider)):
            step = ctrl.step or (ctrl.max - ctrl.min) / 10
            other = ctrl.value + step if ctrl.value + step <= ctrl.max else ctrl.value - step
            return name, ctrl, ctrl.value, other
        if isinstance(ctrl, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                             widgets.SelectionSlider)):
            values = [v for _label, v in ctrl.options] if isinstance(ctrl.options[0], tuple) \
                else list(ctrl.options)
            other = next(v for v in values if v != ctrl.value)
            return name, ctrl, ctrl.value, other
    raise RuntimeError("panel has no control the benchmark can move")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    rows, failed = [], []
    for info in pkgutil.iter_modules(panels.__path__):
        module = importlib.import_module(f"{panels.__name__}.{info.name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__:
                continue
            if fname.endswith("_explorer"):
                t0 = time.perf_counter()
                func()
                rows.append((info.name, fname, "build explorer", (time.perf_counter() - t0) * 1e3, None))
            elif fname.endswith("_panel"):
                t0 = time.perf_counter()
                panel = func()
                build = (time.perf_counter() - t0) * 1e3
                name, ctrl, default, other = _movable(panel)
                times = []
                for i in range(args.repeats):
                    t = time.perf_counter()
                    ctrl.value = other if i % 2 == 0 else default
                    times.append((time.perf_counter() - t) * 1e3)
                med = statistics.median(times)
                rows.append((info.name, fname, f"build+first draw; redraw on '{name}'", build, med))
                if med >= TARGET_MS:
                    failed.append(f"{info.name}.{fname}")
    print(f"{'module':<18} {'function':<28} {'what':<44} {'build ms':>9} {'redraw ms':>10}")
    print("-" * 113)
    for mod, fname, what, build, med in rows:
        red = f"{med:10.1f}" if med is not None else f"{'':>10}"
        print(f"{mod:<18} {fname:<28} {what:<44} {build:9.1f} {red}")
    print("-" * 113)
    totals: dict[str, float] = {}
    for mod, _fname, _what, build, _med in rows:
        totals[mod] = totals.get(mod, 0.0) + build
    print("precompute per chapter module (panel build + first draw + explorers): "
          + ", ".join(f"{mod} {ms / 1e3:.2f} s" for mod, ms in totals.items()))
    print(f"redraw target < {TARGET_MS:.0f} ms at defaults (median of {args.repeats}): "
          + ("PASS" if not failed else "FAIL " + ", ".join(failed)))
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
