"""Benchmark ``ucj batch --nasional``: measure a sample, extrapolate 514 reports (issue 19).

Runs :func:`ucjlib.report.national.run_national` for real (full notebooks, demo data) on a
sample: the first ``--per`` kabupaten/kota of each of the provinces ``--provinces``
(``NATIONAL_PROVINCES`` restricts the scope), with ``--workers`` local worker processes.
It keeps the wall time, each report's task seconds (the first report on each worker is
the cold one) and the time to render one province index page and the national page (each
re-rendered alone afterwards, timed).

Extrapolation (stated with the numbers it uses):

* here: ``514 x median task / workers / efficiency`` + the index pages, with the parallel
  efficiency measured on the sample (``sum of task seconds / (workers x wall)``);
* on a Dask cluster of ``--cluster`` single-threaded workers, each as fast as one core
  here: ``ceil(514 / W)`` rounds of the median task, plus one cold start (the slowest
  task minus the median), plus the index pages (written by the client, one after the
  other). Shared-file-system and scheduler overheads are not in it.

Usage::

    .venv/bin/python benchmarks/bench_batch_national.py [--provinces 34 51 65] [--per 2]

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KABUPATEN = 514
PROVINCES = 38


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--provinces", nargs="+", default=["34", "51", "65"])
    ap.add_argument("--per", type=int, default=2, help="kabupaten/kota per province")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cluster", type=int, default=32, help="Dask workers to extrapolate to")
    args = ap.parse_args()
    os.chdir(ROOT)
    from ucjlib.geo.wilayah import children
    from ucjlib.report import national
    from ucjlib.report.index import render_index
    from ucjlib.report.progress import QuietProgress

    national.NATIONAL_PROVINCES = tuple(args.provinces)
    codes = [k for p in args.provinces
             for k in children(p, "kabupaten")["kode"].tolist()[: args.per]]
    tmp = Path(tempfile.mkdtemp(prefix="ucj-bench-national-"))
    load0 = os.getloadavg()[0]
    try:
        t0 = time.perf_counter()
        res = national.run_national(workers=args.workers, kabupaten=codes, out_root=tmp,
                                    progress=QuietProgress())
        wall = time.perf_counter() - t0
        tasks = sorted(i.seconds for i in res.items)
        t1 = time.perf_counter()
        for p in res.provinces:
            render_index(p, tmp)
        index_s = (time.perf_counter() - t1) / max(len(res.provinces), 1)
        t2 = time.perf_counter()
        national.render_national(res, tmp)
        national_s = time.perf_counter() - t2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median(tasks)
    eff = min(1.0, sum(tasks) / (args.workers * wall))
    pages = PROVINCES * index_s + national_s
    local = KABUPATEN * med / args.workers / eff + pages
    rounds = math.ceil(KABUPATEN / args.cluster)
    dask = rounds * med + (max(tasks) - med) + pages
    print(json.dumps({
        "benchmark": "national", "cpus": os.cpu_count(), "codes": codes,
        "workers": args.workers, "reports": len(tasks),
        "failed": [(i.kode, i.error[:200]) for i in res.failed],
        "wall_s": round(wall, 2), "task_s": [round(t, 2) for t in tasks],
        "task_median_s": round(med, 2), "task_max_s": round(max(tasks), 2),
        "efficiency": round(eff, 3), "province_index_s": round(index_s, 2),
        "national_index_s": round(national_s, 3),
        "extrapolated": {
            "local_s": round(local), "local_h": round(local / 3600, 2),
            f"dask_{args.cluster}_s": round(dask), f"dask_{args.cluster}_rounds": rounds,
            f"dask_{args.cluster}_min": round(dask / 60, 1)},
        "loadavg_1m": [round(load0, 2), round(os.getloadavg()[0], 2)]}))


if __name__ == "__main__":
    main()
