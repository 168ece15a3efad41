"""Benchmark the batch of Jawa Timur reports: 1 worker against 2 (issues 12 and 16).

Wall time of ``ucjlib.report.batch.run_batch("35", kabupaten=<subset>)`` with
1 and 2 workers, locally (``run_batch`` starts its own Dask LocalCluster of
single-threaded worker processes, which stay warm: imports, rules, gazetteer
and boundary layers are paid once per process; its start-up is inside the
timing) and through a ``dask.distributed.LocalCluster`` started here beforehand
(its address passed as ``scheduler=``; start-up outside the timing, given
separately). Parallel efficiency = T1 / (2 x T2); the goal is at least 85%.
The runs go in the order local 1, local 2, Dask 2, Dask 1, so a drift in the
machine's load does not favour one side; with ``--repeat R`` that sequence
runs R times and the wall times are medians.

Each report's task seconds and the phase timings of its ``manifest.json``
(``open``, ``analyse``, ``render``, ``notebooks``, ``html``; medians over the
reports of a setting) are kept: the first report on each worker is the cold
one, the others run warm.

The subset is the first 6 kabupaten/kota of Jawa Timur in gazetteer order
(``--full``: all 38; ``--n K``: the first K). Demo data (synthetic) for every
report.

Usage::

    .venv/bin/python benchmarks/bench_batch.py [--n 6 | --full] [--modes local,dask] [--repeat 1]

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PHASES = ("open", "analyse", "render", "notebooks", "html")


def one(codes: list[str], workers: int, out: Path, scheduler: str | None) -> dict:
    from ucjlib.report.batch import run_batch
    from ucjlib.report.progress import QuietProgress

    t0 = time.perf_counter()
    res = run_batch("35", workers=workers, scheduler=scheduler, kabupaten=codes,
                    out_root=out, progress=QuietProgress())
    wall = time.perf_counter() - t0
    failed = [(i.kode, i.error[:200]) for i in res.failed]
    secs = [i.seconds for i in res.items]
    timings = [i.manifest.get("timings") or {} for i in res.items if i.ok]
    phases = {k: round(statistics.median(t[k] for t in timings if k in t), 3)
              for k in PHASES if any(k in t for t in timings)}
    return {"workers": workers, "wall_s": round(wall, 2), "reports": len(res.items),
            "failed": failed, "task_s_sum": round(sum(secs), 2),
            "task_s_mean": round(sum(secs) / max(len(secs), 1), 2),
            "task_s": {i.kode: i.seconds for i in res.items}, "phases_s": phases}


def median_of(runs: list[dict]) -> dict:
    """One setting over ``--repeat`` runs: the median run's figures, every wall time."""
    walls = [r["wall_s"] for r in runs]
    mid = sorted(runs, key=lambda r: r["wall_s"])[(len(runs) - 1) // 2]
    return {**mid, "wall_s": round(statistics.median(walls), 2), "all_wall_s": walls}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6, help="first N kabupaten/kota of Jawa Timur")
    ap.add_argument("--full", action="store_true", help="all 38")
    ap.add_argument("--modes", default="local,dask")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the whole sequence R times; medians (default 1)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be 1 or more")
    os.chdir(ROOT)
    from ucjlib.geo.wilayah import children

    codes = children("35", "kabupaten")["kode"].tolist()
    if not args.full:
        codes = codes[: args.n]
    modes = args.modes.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="ucj-bench-batch-"))
    load0 = os.getloadavg()[0]
    out: dict = {"benchmark": "batch", "cpus": os.cpu_count(), "codes": codes,
                 "repeat": args.repeat}
    runs: dict[str, list[dict]] = {}
    try:
        for r in range(args.repeat):
            if "local" in modes:
                for w in (1, 2):
                    runs.setdefault(f"local_{w}", []).append(
                        one(codes, w, tmp / f"l{w}-{r}", None))
            if "dask" in modes:
                from distributed import LocalCluster

                for w in (2, 1):
                    t0 = time.perf_counter()
                    cluster = LocalCluster(n_workers=w, threads_per_worker=1, processes=True,
                                           dashboard_address=None, silence_logs=logging.ERROR)
                    start = time.perf_counter() - t0
                    try:
                        runs.setdefault(f"dask_{w}", []).append(
                            {**one(codes, w, tmp / f"d{w}-{r}", cluster.scheduler_address),
                             "cluster_start_s": round(start, 2)})
                    finally:
                        cluster.close()
        out.update({k: median_of(v) for k, v in runs.items()})
        for m in ("local", "dask"):
            if f"{m}_1" in out:
                t1, t2 = out[f"{m}_1"]["wall_s"], out[f"{m}_2"]["wall_s"]
                out[f"{m}_efficiency"] = round(t1 / (2 * t2), 3)
                out[f"{m}_speedup"] = round(t1 / t2, 3)
        out["loadavg_1m"] = [round(load0, 2), round(os.getloadavg()[0], 2)]
        print(json.dumps(out))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
