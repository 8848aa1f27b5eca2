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
Targets (daily row): token ≤ 2× the floor, ≥ 50× faster than the naive loop.
Times are the best of several repeats (``time.perf_counter``).
"""

from __future__ import annotations

import argparse
import sys
import time

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


def run_case(label, token, r, repeats, naive_kwargs):
    n_paths, n_steps = r.shape
    one_path = r[0].tolist()
    # the naive loop computes the same numbers as the library
    np.testing.assert_allclose(naive_token(one_path, **naive_kwargs), token.nav(r[0]), rtol=1e-9)
    t_token = best_time(lambda: token.nav(r), repeats)
    t_floor = best_time(lambda: np.cumprod(1 + 3 * r, axis=1), repeats)
    t_naive = best_time(lambda: naive_token(one_path, **naive_kwargs), max(repeats, 5)) * n_paths
    t_min = None
    if naive_kwargs.get("steps_per_day", 1) == 1:
        t_min = best_time(lambda: naive_minimal(one_path), max(repeats, 5)) * n_paths
    return dict(label=label, steps=n_steps, token=t_token, floor=t_floor, naive=t_naive, minimal=t_min)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=10_000)
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if a target fails")
    args = parser.parse_args(argv)
    n = args.paths

    r_daily = lt.paths.gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=n, seed=0)
    r_intra = lt.paths.gbm_returns(mu=0.0, sigma=0.8, days=365, n_paths=n, steps_per_day=4, seed=0)
    rows = [
        run_case("daily, 1 step/day", lt.LeveragedToken(3), r_daily, 9, dict(leverage=3.0)),
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
        ("daily: token <= 2x floor", daily["token"] / daily["floor"] <= 2.0,
         f"{daily['token'] / daily['floor']:.2f}x"),
        ("daily: >= 50x faster than naive", daily["naive"] / daily["token"] >= 50.0,
         f"{daily['naive'] / daily['token']:.0f}x"),
    ]
    for name, ok, value in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name} ({value})")
    intra = rows[1]
    print(f"info  threshold row (no target): {intra['token'] / intra['floor']:.2f}x floor, "
          f"{intra['naive'] / intra['token']:.0f}x faster than naive")
    if args.strict and not all(ok for _, ok, _ in checks):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
