"""Redraw time of every live panel, and precompute time of every chapter's interactive material.

    python -m benchmarks.bench_widgets [--repeats 7]

For each ``*_panel`` function of the modules in :mod:`levtoken_book.panels`: the time to build the
panel (its precompute and first draw, the cost a reader pays once), then the median time from a
control change to a finished redraw (the first slider-like control is moved back and forth
between two valid values; ipywidgets calls the redraw synchronously), in wall-clock and in CPU
time (the CPU time does not grow when other programs share the machine). For each ``*_explorer``
(the precomputed Plotly figures of the static book): the time to build it, called with its
defaults (a required keyword argument takes the module's ``DEFAULT_<NAME>``).

Every panel and explorer is timed even when one fails: a failure is printed in its row and makes
the exit status 1, as does a redraw slower than the target (< 100 ms at the defaults).
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import statistics
import time
import traceback

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402

import levtoken_book.panels as panels  # noqa: E402

TARGET_MS = 100.0


def _movable(panel):
    """The first control with a numeric range, and a neighbouring valid value for it (the next
    position, as one press of an arrow key gives)."""
    for name, ctrl in panel.controls.items():
        if isinstance(ctrl, (widgets.FloatSlider, widgets.IntSlider)):
            step = ctrl.step or (ctrl.max - ctrl.min) / 10
            other = ctrl.value + step if ctrl.value + step <= ctrl.max else ctrl.value - step
            return name, ctrl, ctrl.value, other
        if isinstance(ctrl, (widgets.Dropdown, widgets.ToggleButtons, widgets.RadioButtons,
                             widgets.SelectionSlider)):
            values = [v for _label, v in ctrl.options] if isinstance(ctrl.options[0], tuple) \
                else list(ctrl.options)
            i = values.index(ctrl.value)
            other = values[i + 1] if i + 1 < len(values) else values[i - 1]
            return name, ctrl, ctrl.value, other
    raise RuntimeError("panel has no control the benchmark can move")


def _defaults(module, func) -> dict:
    """Required keyword-only arguments of ``func`` from the module's ``DEFAULT_<NAME>``."""
    kwargs = {}
    for p in inspect.signature(func).parameters.values():
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty:
            const = f"DEFAULT_{p.name.upper()}"
            if not hasattr(module, const):
                raise RuntimeError(f"needs {p.name}= and the module has no {const}")
            kwargs[p.name] = getattr(module, const)
    return kwargs


def _time_explorer(module, func):
    t0, c0 = time.perf_counter(), time.process_time()
    func(**_defaults(module, func))
    return (time.perf_counter() - t0) * 1e3, (time.process_time() - c0) * 1e3


def _time_panel(func, repeats: int):
    t0 = time.perf_counter()
    panel = func()
    build = (time.perf_counter() - t0) * 1e3
    name, ctrl, default, other = _movable(panel)
    ctrl.value = other          # one warm-up move each way: a first visit may fill a cache
    if "image/png" not in panel.output.outputs[0]["data"]:
        raise RuntimeError(f"moving '{name}' to {other!r} draws no figure")
    ctrl.value = default
    wall, cpu = [], []
    for i in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        ctrl.value = other if i % 2 == 0 else default
        wall.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.process_time() - c) * 1e3)
    return name, build, statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--panels-only", action="store_true",
                        help="time the live panels only (not the explorers)")
    args = parser.parse_args()
    rows, slow, errors = [], [], []
    for info in pkgutil.iter_modules(panels.__path__):
        module = importlib.import_module(f"{panels.__name__}.{info.name}")
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__:
                continue
            kind = "panel" if fname.endswith("_panel") else \
                "explorer" if fname.endswith("_explorer") else None
            if kind is None or (kind == "explorer" and args.panels_only):
                continue
            try:
                if kind == "explorer":
                    wall, cpu = _time_explorer(module, func)
                    rows.append((info.name, fname, "build explorer", wall, None, None))
                else:
                    name, build, wall, cpu = _time_panel(func, args.repeats)
                    rows.append((info.name, fname, f"build+first draw; redraw on '{name}'",
                                 build, wall, cpu))
                    if wall >= TARGET_MS:
                        slow.append(f"{info.name}.{fname}")
            except Exception as exc:  # noqa: BLE001 - every other row is still timed
                traceback.print_exc()
                rows.append((info.name, fname, f"FAILED: {type(exc).__name__}: {exc}"[:60],
                             None, None, None))
                errors.append(f"{info.name}.{fname}")
    print(f"{'module':<16} {'function':<26} {'what':<44} {'build ms':>9} {'redraw ms':>10} "
          f"{'cpu ms':>7}")
    print("-" * 117)
    for mod, fname, what, build, wall, cpu in rows:
        cells = [f"{v:.1f}" if v is not None else "" for v in (build, wall, cpu)]
        print(f"{mod:<16} {fname:<26} {what:<44} {cells[0]:>9} {cells[1]:>10} {cells[2]:>7}")
    print("-" * 117)
    totals: dict[str, float] = {}
    for mod, _fname, _what, build, _wall, _cpu in rows:
        totals[mod] = totals.get(mod, 0.0) + (build or 0.0)
    print("precompute per chapter module (panel build + first draw + explorers): "
          + ", ".join(f"{mod} {ms / 1e3:.2f} s" for mod, ms in totals.items()))
    print(f"redraw target < {TARGET_MS:.0f} ms at defaults (median of {args.repeats}, wall "
          f"clock): " + ("PASS" if not slow else "FAIL " + ", ".join(slow)))
    if errors:
        print("failed: " + ", ".join(errors))
    return 0 if not (slow or errors) else 1


if __name__ == "__main__":
    raise SystemExit(main())
