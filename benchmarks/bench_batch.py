"""Benchmark the batch of Jawa Timur reports (issue 12, item 3).

Wall time of ``ucjlib.report.batch.run_batch("35", kabupaten=<subset>)`` with
1 and 2 workers, locally (``run_batch`` starts its own Dask LocalCluster of
single-threaded worker processes; its start-up is inside the timing) and
through a ``dask.distributed.LocalCluster`` started here beforehand (its
address passed as ``scheduler=``; start-up outside the timing, given
separately). Parallel efficiency = T1 / (2 x T2). The runs go in the order
local 1, local 2, Dask 2, Dask 1, so a drift in the machine's load does not
favour one side.

The subset is the first 6 kabupaten/kota of Jawa Timur in gazetteer order
(``--full``: all 38, ~30-60 min per setting on 2 cores; ``--n K``: the first K).
Demo data (synthetic) for every report.

Usage::

    .venv/bin/python benchmarks/bench_batch.py [--n 6 | --full] [--modes local,dask]

Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one(codes: list[str], workers: int, out: Path, scheduler: str | None) -> dict:
    from ucjlib.report.batch import run_batch
    from ucjlib.report.progress import QuietProgress

    t0 = time.perf_counter()
    res = run_batch("35", workers=workers, scheduler=scheduler, kabupaten=codes,
                    out_root=out, progress=QuietProgress())
    wall = time.perf_counter() - t0
    failed = [(i.kode, i.error[:200]) for i in res.failed]
    secs = [i.seconds for i in res.items]
    return {"workers": workers, "wall_s": round(wall, 2), "reports": len(res.items),
            "failed": failed, "task_s_sum": round(sum(secs), 2),
            "task_s_mean": round(sum(secs) / max(len(secs), 1), 2),
            "task_s": {i.kode: i.seconds for i in res.items}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=6, help="first N kabupaten/kota of Jawa Timur")
    ap.add_argument("--full", action="store_true", help="all 38")
    ap.add_argument("--modes", default="local,dask")
    args = ap.parse_args()
    os.chdir(ROOT)
    from ucjlib.geo.wilayah import children

    codes = children("35", "kabupaten")["kode"].tolist()
    if not args.full:
        codes = codes[: args.n]
    modes = args.modes.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="ucj-bench-batch-"))
    load0 = os.getloadavg()[0]
    out: dict = {"benchmark": "batch", "cpus": os.cpu_count(), "codes": codes}
    try:
        if "local" in modes:
            out["local_1"] = one(codes, 1, tmp / "l1", None)
            out["local_2"] = one(codes, 2, tmp / "l2", None)
        if "dask" in modes:
            from distributed import LocalCluster

            for w in (2, 1):
                t0 = time.perf_counter()
                cluster = LocalCluster(n_workers=w, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
                start = time.perf_counter() - t0
                try:
                    out[f"dask_{w}"] = {**one(codes, w, tmp / f"d{w}", cluster.scheduler_address),
                                        "cluster_start_s": round(start, 2)}
                finally:
                    cluster.close()
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
