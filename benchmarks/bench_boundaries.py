"""Benchmark the boundary store: full build from scratch vs. no-op rebuild.

Builds into a temporary store directory (``UCJ_STORE_DIR``), from the local
mirror, so the project's own store is not touched.

With ``--map`` it then draws a desa-level static map
(``ucjlib.render.maps.coverage_map`` of ``analyze_coverage(..., level="desa")``
on the demo data) of the Jawa Timur kabupaten with the most desa in the
gazetteer (or ``--map KODE``) from the store just built, timing the steps
(open, analysis, boundaries, drawing, PNG and SVG) and the process' peak RSS.
``--no-build`` draws the map from the project's store instead (read only).

Usage::

    .venv/bin/python benchmarks/bench_boundaries.py [--workers N] [--repeat 3] [--map [KODE]]

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
    ap.add_argument("--map", nargs="?", const="auto", default=None,
                    help="also time a desa map of KODE (default: most desa in Jawa Timur)")
    ap.add_argument("--no-build", action="store_true",
                    help="no build: only the map, from the project's store")
    args = ap.parse_args()

    if args.no_build:
        print(json.dumps(desa_map(args.map or "auto")))
        return
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
        drawn = desa_map(args.map) if args.map else None
        print(json.dumps({
            "benchmark": "boundaries_build", "desa_map": drawn,
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


def largest_kabupaten(provinsi: str = "35") -> tuple[str, int]:
    """The kabupaten/kota of ``provinsi`` with the most desa in the gazetteer, and that count."""
    from ucjlib.geo.wilayah import gazetteer

    g = gazetteer()
    desa = g[(g["level"] == "desa") & g["kode"].str.startswith(provinsi + ".")]
    counts = desa["kode"].str[: len(provinsi) + 3].value_counts()
    return str(counts.index[0]), int(counts.iloc[0])


def vm_hwm_mb() -> float:
    for line in open("/proc/self/status").read().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def desa_map(kode: str) -> dict:
    """Time a desa-level static coverage map of one kabupaten (demo data), step by step."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import ucjlib as ucj
    from ucjlib.geo.boundaries import load_boundaries
    from ucjlib.render.maps import coverage_map, coverage_map_data

    if kode == "auto":
        kode, n_desa = largest_kabupaten()
    else:
        n_desa = None
    steps: dict[str, float] = {}
    t_all = time.perf_counter()

    def step(name, fn):
        t = time.perf_counter()
        out = fn()
        steps[name] = round(time.perf_counter() - t, 3)
        return out

    reg = step("resolve_region (gazetteer)", lambda: ucj.resolve_region(kode))
    ds = step("open_dataset (demo)", lambda: ucj.open_dataset(reg))
    res = step("analyze_coverage desa", lambda: ucj.analyze_coverage(ds, level="desa"))
    gdf = step("load_boundaries desa", lambda: load_boundaries("desa", kode))
    fig = step("coverage_map (draw, given polygons)", lambda: coverage_map(res, gdf))
    step("savefig PNG", lambda: fig.savefig(io.BytesIO(), format="png"))
    step("savefig SVG", lambda: fig.savefig(io.BytesIO(), format="svg"))
    plt.close(fig)
    fig2 = step("coverage_map (default polygons) + PNG",
                lambda: coverage_map(res))
    t = time.perf_counter()
    fig2.savefig(io.BytesIO(), format="png")
    steps["coverage_map (default polygons) + PNG"] += round(time.perf_counter() - t, 3)
    data = coverage_map_data(res)  # what fig2 drew (default polygons)
    plt.close(fig2)
    return {"kode": kode, "nama": reg.nama,
            "desa_gazetteer": n_desa, "rows": int(len(res.table)),
            "polygons": int(len(gdf)), "missing": len(data.get("missing", []) or []),
            "steps_s": steps, "total_s": round(time.perf_counter() - t_all, 3),
            "peak_mb": vm_hwm_mb()}


if __name__ == "__main__":
    main()
