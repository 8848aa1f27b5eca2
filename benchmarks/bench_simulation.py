"""Ratio benchmark of levtoken's token simulation (run as a script, not part of pytest).

    python benchmarks/bench_simulation.py [--paths 10000] [--strict]

For 10 000 paths it times

* ``LeveragedToken(3).nav(r)`` — the library;
* the numpy floor ``np.cumprod(1 + 3 * r, axis=1)`` on the same array — the least any
  vectorised simulation has to do (no validation, no ruin floor, no costs);
* a naive pure-Python loop over one path with plain floats, scaled by the number of paths — the
  same model written step by step (the one a notebook would write without the library).

Row 1: 365 daily steps (the vectorised fast path). Row 2: 4 steps a day with
``rebalance_threshold=0.1`` (the loop over time steps, vectorised over paths).

Then, for every product, the **peak memory** of ``nav`` (and, for information, of ``simulate``)
measured with :mod:`tracemalloc` from just before the call (the input already allocated) and
given as a ratio to the size of the output array.

Targets (issue 11):

* daily ``nav`` ≤ 1.2× the ``np.cumprod`` floor, and ≥ 50× faster than the naive loop;
* the daily token with fee, funding and slippage ≤ 2× the time of the cost-free token;
* peak memory of any product's ``nav`` ≤ 2× its output.

Times are the best of several repeats (``time.perf_counter``).
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc

import numpy as np

import levtoken as lt


def naive_token(returns, leverage=3.0, fee_per_day=0.0, funding_per_day=0.0, slippage=0.0,
                steps_per_day=1, rebalance_threshold=None):
    """The token model of ``LeveragedToken`` for one path, plain Python floats and a for-loop."""
    keep_fee = 1.0 - fee_per_day
    keep_funding = 1.0 - leverage * funding_per_day
    nav, n_reb, gross = 1.0, 1.0, 1.0
    out = [1.0]
    ruined = False
    for t, r in enumerate(returns):
        if ruined:
            out.append(0.0)
            continue
        gross *= 1.0 + r                                  # cumulative move since the last rebalance
        nav = n_reb * (1.0 + leverage * (gross - 1.0))
        if nav <= 0.0:
            ruined = True
            out.append(0.0)
            continue
        day_end = (t + 1) % steps_per_day == 0
        hit = rebalance_threshold is not None and abs(gross - 1.0) >= rebalance_threshold - 1e-12
        if day_end or hit:
            if day_end:
                nav *= keep_fee
                nav *= keep_funding
            trade = leverage * nav - leverage * n_reb * gross
            nav -= slippage * abs(trade)
            if nav <= 0.0:
                ruined = True
                nav = 0.0
            n_reb, gross = nav, 1.0
        out.append(nav)
    return out


def naive_minimal(returns, leverage=3.0):
    """Bare daily loop ``nav *= max(1 + L·r, 0)`` (no costs, no threshold) — for information."""
    nav = 1.0
    out = [1.0]
    for r in returns:
        nav *= max(1.0 + leverage * r, 0.0)
        out.append(nav)
    return out


def best_time(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def best_times(fns, repeats):
    """Best time of each function, the calls interleaved (a busy machine slows all of them alike)."""
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best


COSTED = lt.LeveragedToken(3, fee_per_day=0.0005, funding_per_day=0.0003, slippage=0.0005)


def run_case(label, token, r, repeats, naive_kwargs):
    n_paths, n_steps = r.shape
    one_path = r[0].tolist()
    # the naive loop computes the same numbers as the library
    np.testing.assert_allclose(naive_token(one_path, **naive_kwargs), token.nav(r[0]), rtol=1e-9)
    fns = [lambda: token.nav(r), lambda: np.cumprod(1 + 3 * r, axis=1)]
    if naive_kwargs.get("steps_per_day", 1) == 1:
        fns.append(lambda: COSTED.nav(r))
    times = best_times(fns, repeats)
    t_token, t_floor = times[0], times[1]
    t_costed = times[2] if len(times) > 2 else None
    t_naive = best_time(lambda: naive_token(one_path, **naive_kwargs), max(repeats, 5)) * n_paths
    t_min = None
    if naive_kwargs.get("steps_per_day", 1) == 1:
        t_min = best_time(lambda: naive_minimal(one_path), max(repeats, 5)) * n_paths
    return dict(label=label, steps=n_steps, token=t_token, floor=t_floor, naive=t_naive, minimal=t_min,
                costed=t_costed)


def peak_ratio(fn):
    """Peak traced memory of ``fn()`` (allocated during the call) / the size of what it returns."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        out = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    size = sum(getattr(out, f).nbytes for f in ("nav", "exposure", "trades", "costs", "rebalanced")
               ) if hasattr(out, "exposure") else out.nbytes
    return peak / size


MEMORY_PRODUCTS = [
    ("Spot", lt.Spot(), 1),
    ("LeveragedToken(3)", lt.LeveragedToken(3), 1),
    ("LeveragedToken(3, fee, funding, slippage)",
     lt.LeveragedToken(3, fee_per_day=0.0005, funding_per_day=0.0003, slippage=0.0005), 1),
    ("LeveragedToken(3, 4 steps/day, threshold)",
     lt.LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.1), 4),
    ("LeveragedToken(-3, 4/day, band, on need)",
     lt.LeveragedToken(-3, steps_per_day=4, leverage_band=(2, 4), daily_rebalance=False), 4),
    ("MarginPosition(3)", lt.MarginPosition(3), 1),
    ("MarginPosition(3, funding)", lt.MarginPosition(3, funding_per_day=0.0003), 1),
    ("CappedToken(3)", lt.CappedToken(3, max_daily_gain=0.2, fee_per_day=0.0005), 1),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if a target fails")
    args = parser.parse_args(argv)
    n = args.paths

    r_daily = lt.paths.gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=n, seed=0)
    r_intra = lt.paths.gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=n, steps_per_day=4, seed=0)
    rows = [
        run_case("daily, 1 step/day", lt.LeveragedToken(3), r_daily, 15, dict(leverage=3.0)),
        run_case("4 steps/day, threshold 0.1",
                 lt.LeveragedToken(3, steps_per_day=4, rebalance_threshold=0.1), r_intra, 3,
                 dict(leverage=3.0, steps_per_day=4, rebalance_threshold=0.1)),
    ]

    print(f"levtoken {lt.__version__} benchmark: {n:,} paths, numpy {np.__version__}, "
          f"Python {sys.version.split()[0]}; best of several repeats")
    print("floor = np.cumprod(1 + 3 * r, axis=1); naive = pure-Python loop over one path x "
          f"{n:,} (same model)")
    header = (f"{'case':<28} {'steps':>6} {'token ms':>10} {'floor ms':>10} {'naive ms':>11} "
              f"{'token/floor':>12} {'naive/token':>12}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(f"{row['label']:<28} {row['steps']:>6} {row['token'] * 1e3:>10.1f} {row['floor'] * 1e3:>10.1f} "
              f"{row['naive'] * 1e3:>11.0f} {row['token'] / row['floor']:>12.2f} "
              f"{row['naive'] / row['token']:>12.1f}")
    daily = rows[0]
    print(f"(info) the floor itself is {daily['naive'] / daily['floor']:.0f}x faster than the naive loop "
          f"(daily row)")
    if daily["minimal"] is not None:
        print(f"(info) bare loop nav *= max(1 + 3r, 0), no cost logic: {daily['minimal'] * 1e3:.0f} ms, "
              f"{daily['minimal'] / daily['token']:.1f}x the token")
    checks = [
        ("daily: token <= 1.2x floor", daily["token"] / daily["floor"] <= 1.2,
         f"{daily['token'] / daily['floor']:.2f}x"),
        ("daily: >= 50x faster than naive", daily["naive"] / daily["token"] >= 50.0,
         f"{daily['naive'] / daily['token']:.0f}x"),
    ]
    for name, ok, value in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name} ({value})")
    intra = rows[1]
    print(f"info  threshold row (no target): {intra['token'] / intra['floor']:.2f}x floor, "
          f"{intra['naive'] / intra['token']:.0f}x faster than naive")

    # costs: fee, funding and slippage on the daily fast path
    t_costed = daily["costed"]
    ratio = t_costed / daily["token"]
    print(f"\ndaily token with fee, funding and slippage: {t_costed * 1e3:.1f} ms, "
          f"{ratio:.2f}x the cost-free token")
    checks.append(("daily: costs <= 2x the cost-free time", ratio <= 2.0, f"{ratio:.2f}x"))
    print(f"{'PASS' if ratio <= 2.0 else 'FAIL'}  daily: costs <= 2x the cost-free time ({ratio:.2f}x)")

    # memory
    m = min(n, 4_000)
    r1 = np.ascontiguousarray(r_daily[:m])
    r4 = np.ascontiguousarray(r_intra[:m])
    print(f"\npeak memory (tracemalloc) / output size, {m:,} paths x 365 days")
    print(f"{'product':<44} {'nav':>6} {'simulate':>9}")
    worst = 0.0
    for label, product, spd in MEMORY_PRODUCTS:
        r = r1 if spd == 1 else r4
        nav_ratio = peak_ratio(lambda: product.nav(r))
        sim_ratio = peak_ratio(lambda: product.simulate(r))
        worst = max(worst, nav_ratio)
        print(f"{label:<44} {nav_ratio:>6.2f} {sim_ratio:>9.2f}")
    checks.append(("memory: every nav <= 2x its output", worst <= 2.0, f"worst {worst:.2f}x"))
    print(f"{'PASS' if worst <= 2.0 else 'FAIL'}  memory: every nav <= 2x its output "
          f"(worst {worst:.2f}x)")
    bp = peak_ratio(lambda: np.asarray(lt.strategies.beat_probabilities(
        3, 0.8, days=365, n_paths=4_000, seed=1, chunk=500)["median_token"]))
    print(f"info  beat_probabilities(4 000 paths, chunk 500): peak "
          f"{bp * 365 * 8 / 1e6:.1f} MB; its medians keep 2 x n_paths x len(holding_days) values, "
          f"the simulation chunk x days at a time")
    if args.strict and not all(ok for _, ok, _ in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
