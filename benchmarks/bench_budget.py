"""Benchmark the budget Monte Carlo (issue 12, item 4).

Times ``ucjlib.budget.estimate_budget(157_058, start="2026-01", years=1,
draws=10_000)`` (the whole estimate: contributions, closed form, Monte Carlo,
grant comparison and the seven-run sensitivity table) and the bare
``ucjlib.budget.montecarlo.simulate`` call with exactly the arguments that
estimate passes to it (captured by wrapping the name ``estimate_budget``
calls). Median of ``--repeat`` runs after one warm-up, in one process; goal:
10,000 simulated years for 157,058 participants under 2 s.

Usage::

    .venv/bin/python benchmarks/bench_budget.py [--repeat 5] [--draws 10000]

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--participants", type=int, default=157_058)
    args = ap.parse_args()

    t0 = time.perf_counter()
    import ucjlib.budget as budget
    from ucjlib.budget.montecarlo import simulate
    from ucjlib.rules import load_rules

    rules = load_rules()
    t_import = time.perf_counter() - t0
    load0 = os.getloadavg()[0]

    captured: list[tuple[tuple, dict]] = []

    def spy(*a, **kw):
        captured.append((a, kw))
        return simulate(*a, **kw)

    def estimate(sensitivity: bool = True):
        return budget.estimate_budget(args.participants, start="2026-01", years=1,
                                      draws=args.draws, rules=rules, sensitivity=sensitivity)

    budget.simulate = spy
    try:
        first = time.perf_counter()
        res = estimate()
        first = time.perf_counter() - first
    finally:
        budget.simulate = simulate
    # the 10,000-draw call (the sensitivity runs use draws=1), as keyword arguments
    call = inspect.signature(simulate).bind(*captured[0][0], **captured[0][1]).arguments

    def timeit(fn) -> list[float]:
        out = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return out

    full = timeit(estimate)
    nosens = timeit(lambda: estimate(sensitivity=False))
    bare = timeit(lambda: simulate(**call))
    one_draw = timeit(lambda: simulate(**{**call, "draws": 1}))
    lam = call["expected_deaths"]

    def med(xs: list[float]) -> float:
        return round(statistics.median(xs), 4)

    print(json.dumps({
        "benchmark": "budget_montecarlo", "participants": args.participants,
        "draws": args.draws, "repeat": args.repeat, "import_s": round(t_import, 3),
        "first_call_s": round(first, 3),
        "estimate_budget_s": med(full), "estimate_budget_all_s": [round(x, 4) for x in full],
        "estimate_no_sensitivity_s": med(nosens),
        "simulate_s": med(bare), "simulate_all_s": [round(x, 4) for x in bare],
        "simulate_1_draw_s": med(one_draw),
        "expected_deaths_per_year": [round(float(x), 2) for x in lam],
        "horizon": int(call["horizon"]), "draws_passed": int(call["draws"]),
        "pv_mean_idr": float(res.present_value.get("mean", float("nan"))),
        "goal_s": 2.0, "goal_met_estimate": med(full) < 2.0, "goal_met_simulate": med(bare) < 2.0,
        "loadavg_1m": [round(load0, 2), round(os.getloadavg()[0], 2)],
    }))


if __name__ == "__main__":
    main()
