"""Time the boundary store build for one province and for all of Indonesia (issue 19).

Each build goes into a fresh temporary store (``UCJ_STORE_DIR``), from the local mirror;
desa files the mirror lacks are downloaded when there is network, otherwise skipped and
recorded (the time of a failed download is part of the build). Prints one JSON line per
build: scope, wall seconds, CPU seconds of this process and its workers, files parsed,
files unavailable, layer counts.

Usage: .venv/bin/python benchmarks/bench_boundaries_country.py [--all] [--provinces 51 35 11]
       [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bench(provinces: list[str] | None, workers: int | None) -> dict:
    """Build one selection into a fresh store; return the timings and counts."""
    from ucjlib.geo.build import build_store

    with tempfile.TemporaryDirectory(prefix="ucj-bench-store-") as tmp:
        os.environ["UCJ_STORE_DIR"] = tmp
        t0, c0 = time.perf_counter(), _cpu()
        rep = build_store(provinces=provinces, progress=False, workers=workers)
        wall, cpu = time.perf_counter() - t0, _cpu() - c0
        t1 = time.perf_counter()
        again = build_store(provinces=provinces, progress=False, workers=workers)
        noop = time.perf_counter() - t1
        size = os.path.getsize(rep.path)
    return {"scope": "all" if provinces is None else ",".join(provinces),
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "noop_s": round(noop, 4),
            "noop": again.noop, "parsed": len(rep.processed),
            "unavailable": len(rep.unavailable), "layers": rep.counts,
            "store_mb": round(size / 1e6, 1)}


def main() -> None:
    """Run the builds asked for and print their results as JSON lines."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--all", action="store_true", help="also build all of Indonesia")
    ap.add_argument("--provinces", nargs="*", default=["51"])
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    for p in args.provinces:
        print(json.dumps(bench([p], args.workers)), flush=True)
    if args.all:
        print(json.dumps(bench(None, args.workers)), flush=True)


if __name__ == "__main__":
    sys.exit(main())
