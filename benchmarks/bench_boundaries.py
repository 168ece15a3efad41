"""Benchmark the boundary store: full build from scratch vs. no-op rebuild.

Builds into a temporary store directory (``UCJ_STORE_DIR``), from the local
mirror, so the project's own store is not touched.

Usage::

    .venv/bin/python benchmarks/bench_boundaries.py [--workers N] [--repeat 3]

Prints one JSON line: seconds for the full build (best of ``--repeat``), for
the no-op rebuild, their ratio, CPU seconds of this process (all of the
work with ``--workers 1``), the layer counts, how many features were
dissolved from desa, and the 1-minute load average before and after (the
timings mean little on a busy machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=None, help="parsing processes")
    ap.add_argument("--repeat", type=int, default=1, help="full builds (best is reported)")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="ucj-bench-")
    os.environ["UCJ_STORE_DIR"] = tmp
    from ucjlib.geo.boundaries import build_store
    from ucjlib.geo.wilayah import gazetteer

    gazetteer()  # parse the gazetteer once, outside the timings
    load0 = round(os.getloadavg()[0], 2)
    try:
        full, cpu = [], []
        for _ in range(max(args.repeat, 1)):
            shutil.rmtree(tmp)
            os.makedirs(tmp)
            t0, c0 = time.perf_counter(), time.process_time()
            report = build_store(progress=False, workers=args.workers)
            full.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            assert not report.noop and len(report.processed) > 100
        t0 = time.perf_counter()
        noop = build_store(progress=False, workers=args.workers)
        t_noop = time.perf_counter() - t0
        assert noop.noop
        print(json.dumps({
            "benchmark": "boundaries_build",
            "cpus": os.cpu_count(), "workers": args.workers, "python": platform.python_version(),
            "full_s": round(min(full), 3), "full_all_s": [round(x, 3) for x in full],
            "main_cpu_s": round(min(cpu), 3),
            "noop_s": round(t_noop, 4), "ratio_full_over_noop": round(min(full) / t_noop, 1),
            "layers": report.counts, "files": len(report.processed),
            "repaired": report.repaired, "dissolved": getattr(report, "dissolved", None),
            "loadavg_1m": [load0, round(os.getloadavg()[0], 2)],
        }))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
