"""Benchmark one kabupaten report, cold and warm, against the floor (issue 16).

Everything is measured in this one run, so the ratios hold on a busy machine:

* **floor**: start one Jupyter kernel (``jupyter_client.KernelManager``,
  ``python3``) and run ``import pandas, geopandas, matplotlib, ucjlib`` in it;
  one warm-up (fills the OS file cache), then ``--repeat`` runs, and one more
  after the reports. The floor used is the median of all of them.
* **cold**: ``ucj report <kode> --out <tmp>`` as a fresh subprocess, as a user
  starts it, ``--repeat`` times: wall time, CPU seconds and peak RSS of the
  child (``os.wait4``), and the phase timings its ``manifest.json`` records
  (``open``, ``analyse``, ``render``, ``notebooks``, ``html``); *outside* is the
  wall time not inside ``run_report`` (interpreter start, imports, CLI, publish).
  Goal: median wall at most 5x the floor.
* **warm**: one fresh subprocess does what a batch worker does: it imports
  ``ucjlib.report.run`` and runs ``run_report(<kode>, out_root=<tmp>,
  progress=QuietProgress(), parallel=1)`` once (cold, reported separately as
  ``first``), then ``--repeat`` rounds of ``run_report`` of the same kabupaten
  and of each of ``--others``, timing each (wall, CPU, resident memory after
  it, manifest phases); then one more ``run_report`` of ``<kode>`` under
  ``cProfile`` (the top functions by cumulative time; own time by module, a C
  function's time counted in the module that called it; the profiler slows
  Python code, so its seconds are shares). Goal: median wall of the warm runs
  at most 3x the floor.

Usage::

    .venv/bin/python benchmarks/bench_report.py [--kabupaten 35.22] [--others 35.24,35.79]
        [--repeat 3] [--no-profile]

Prints one JSON line (keys in ``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STACK = "import pandas, geopandas, matplotlib, ucjlib"
PHASES = ("open", "analyse", "render", "notebooks", "html")
TOP = 25


def vm_mb(field: str, pid: int | str = "self") -> float:
    """``VmHWM`` (peak) or ``VmRSS`` (now) of a process, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def cpu_now() -> tuple[float, float]:
    """CPU seconds of this process and of its waited-for children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime, c.ru_utime + c.ru_stime


def median(xs: list[float], nd: int = 3) -> float | None:
    return round(statistics.median(xs), nd) if xs else None


def phase_medians(runs: list[dict]) -> dict[str, float | None]:
    """Median per manifest phase (and of the run's own total and of what is outside it)."""
    keys = list(PHASES) + sorted({k for r in runs for k in r["timings"]} - set(PHASES))
    out = {k: median([r["timings"][k] for r in runs if k in r["timings"]]) for k in keys}
    out["run_report"] = median([r["duration_s"] for r in runs if r.get("duration_s") is not None])
    if any("outside_s" in r for r in runs):
        out["outside"] = median([r["outside_s"] for r in runs if "outside_s" in r])
    return out


def manifest_of(out_root: Path) -> dict:
    """The manifest of the one run folder written under ``out_root``."""
    found = sorted(out_root.glob("*/*/*/manifest.json"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f"no manifest.json under {out_root}")
    return json.loads(found[-1].read_text(encoding="utf-8"))


# -- floor -------------------------------------------------------------------------------------

def floor_once() -> dict[str, float]:
    """Start one python3 kernel, import the stack in it, shut it down."""
    from jupyter_client import KernelManager

    c0 = cpu_now()
    t0 = time.perf_counter()
    km = KernelManager(kernel_name="python3")
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        t1 = time.perf_counter()
        reply = kc.execute_interactive(STACK, timeout=300, output_hook=lambda msg: None)
        t2 = time.perf_counter()
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    c1 = cpu_now()
    return {"kernel_s": t1 - t0, "imports_s": t2 - t1, "floor_s": t2 - t0,
            "cpu_s": (c1[0] - c0[0]) + (c1[1] - c0[1])}


def floor(repeat: int, warm_up: bool = True) -> dict:
    """Median of ``repeat`` floors (after one warm-up that fills the OS file cache)."""
    if warm_up:
        floor_once()
    runs = [floor_once() for _ in range(repeat)]
    med = {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}
    return {**med, "all_s": [round(r["floor_s"], 3) for r in runs]}


# -- cold: the CLI in a fresh process ------------------------------------------------------------

def cold_once(kode: str, out_root: Path) -> dict:
    """``ucj report <kode> --out <out_root>`` as a subprocess: wall, CPU, peak RSS, phases."""
    ucj = Path(sys.executable).with_name("ucj")
    log = out_root.with_suffix(".log")
    out_root.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as fh:
        t0 = time.perf_counter()
        p = subprocess.Popen([str(ucj), "report", kode, "--out", str(out_root)],
                             stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"ucj report {kode} failed ({os.waitstatus_to_exitcode(status)}):\n"
                         f"{tail}")
    m = manifest_of(out_root)
    dur = m.get("duration_seconds")
    return {"wall_s": round(wall, 3), "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
            "peak_mb": round(ru.ru_maxrss / 1024, 1), "duration_s": dur,
            "outside_s": round(wall - dur, 3) if dur is not None else None,
            "timings": m.get("timings", {})}


def cold(kode: str, tmp: Path, repeat: int) -> dict:
    runs = [cold_once(kode, tmp / f"cold-{i}") for i in range(repeat)]
    return {"runs": runs, "wall_s": median([r["wall_s"] for r in runs]),
            "cpu_s": median([r["cpu_s"] for r in runs], 2),
            "peak_mb": max(r["peak_mb"] for r in runs), "phases_s": phase_medians(runs)}


# -- warm: reports in one process, as a batch worker runs them ------------------------------------

def _module_of(fname: str) -> str:
    """Dotted module of a profiled file (``ucjlib.report.outputs``), or the file as given."""
    if fname.startswith(("~", "<")):
        return "builtins" if fname == "~" else fname
    f = Path(fname)
    best = ""
    for entry in [str(ROOT), *sys.path]:
        e = str(Path(entry or ".").resolve())
        if str(f).startswith(e + os.sep) and len(e) > len(best):
            best = e
    rel = f.relative_to(best) if best else Path(f.name)
    parts = list(rel.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or fname


def profile_summary(stats, wall: float) -> dict:
    """Top functions by cumulative time and own time per module, from a ``pstats.Stats``."""
    rows = []
    own: dict[str, float] = {}
    def key(mod: str) -> str:
        # third-party time by package, ucjlib (the part we can change) by module
        return mod if mod.startswith("ucjlib") else mod.split(".")[0]

    for (fname, line, func), (_cc, nc, tt, ct, callers) in stats.stats.items():
        if "_lsprof" in func:
            continue
        mod = _module_of(fname)
        rows.append({"function": f"{mod}:{func}" + (f":{line}" if line else ""),
                     "module": mod, "calls": nc, "own_s": round(tt, 3), "cum_s": round(ct, 3)})
        if mod == "builtins" and callers:
            # a C function's own time goes to the module that called it (per call edge)
            for (cfile, _cl, _cf), edge in callers.items():
                k = key(_module_of(cfile))
                own[k] = own.get(k, 0.0) + edge[2]
        else:
            own[key(mod)] = own.get(key(mod), 0.0) + tt
    rows.sort(key=lambda r: -r["cum_s"])
    by_mod = sorted(own.items(), key=lambda kv: -kv[1])[:TOP]
    return {"profiled_wall_s": round(wall, 3),
            "profiled_total_s": round(sum(own.values()), 3),
            "top_cumulative": rows[:TOP],
            "own_by_module": [{"module": k, "own_s": round(v, 3)} for k, v in by_mod]}


def warm_process(kode: str, others: list[str], out_root: Path, repeat: int,
                 profile: bool) -> dict:
    """In a fresh process (``--warm``): first report, warm rounds, then one profiled report."""
    t0 = time.perf_counter()
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report
    import_s = time.perf_counter() - t0

    def one(k: str, label: str) -> dict:
        c0 = cpu_now()
        t = time.perf_counter()
        dest = run_report(k, out_root=out_root / label, progress=QuietProgress(), parallel=1)
        wall = time.perf_counter() - t
        c1 = cpu_now()
        m = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
        return {"kode": k, "wall_s": round(wall, 3),
                "cpu_s": round((c1[0] - c0[0]) + (c1[1] - c0[1]), 2),
                "rss_mb": vm_mb("VmRSS"), "duration_s": m.get("duration_seconds"),
                "timings": m.get("timings", {})}

    first = one(kode, "first")
    runs = [one(k, f"r{i}") for i in range(repeat) for k in [kode, *others]]
    by_kab = {k: median([r["wall_s"] for r in runs if r["kode"] == k]) for k in [kode, *others]}
    out = {"import_s": round(import_s, 3), "first": first, "runs": runs,
           "wall_s": median([r["wall_s"] for r in runs]),
           "cpu_s": median([r["cpu_s"] for r in runs], 2),
           "by_kabupaten_s": by_kab, "phases_s": phase_medians(runs),
           "peak_mb": vm_mb("VmHWM"), "rss_first_mb": first["rss_mb"],
           "rss_last_mb": runs[-1]["rss_mb"] if runs else None}
    if profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        t = time.perf_counter()
        pr.enable()
        run_report(kode, out_root=out_root / "profile", progress=QuietProgress(), parallel=1)
        pr.disable()
        out["profile"] = {"kode": kode, **profile_summary(pstats.Stats(pr),
                                                         time.perf_counter() - t)}
    return out


def warm(kode: str, others: list[str], tmp: Path, repeat: int, profile: bool) -> dict:
    """Run :func:`warm_process` in a new interpreter; add that process's wall, CPU, peak RSS."""
    cmd = [sys.executable, __file__, "--warm", "--kabupaten", kode, "--others", ",".join(others),
           "--out", str(tmp / "warm"), "--repeat", str(repeat)]
    if not profile:
        cmd.append("--no-profile")
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    out = p.stdout.read() if p.stdout else ""
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"warm reports failed: {cmd}")
    res = json.loads([ln for ln in out.splitlines() if ln.startswith("{")][-1])
    res["process"] = {"wall_s": round(time.perf_counter() - t0, 3),
                      "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
                      "peak_mb": round(ru.ru_maxrss / 1024, 1)}
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kabupaten", default="35.22", help="the report measured (default 35.22)")
    ap.add_argument("--others", default="35.24,35.79",
                    help="other kabupaten/kota run warm in the same process (comma list)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing (medians)")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be 1 or more")
    others = [k.strip() for k in args.others.split(",") if k.strip()]
    if args.warm:
        print(json.dumps(warm_process(args.kabupaten, others, Path(args.out), args.repeat,
                                      not args.no_profile)))
        return
    os.chdir(ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="ucj-bench-report-"))
    load0 = os.getloadavg()[0]
    try:
        fl = floor(args.repeat)
        cl = cold(args.kabupaten, tmp, args.repeat)
        wm = warm(args.kabupaten, others, tmp, args.repeat, not args.no_profile)
        fl_after = floor(1, warm_up=False)
        fmed = round(statistics.median(fl["all_s"] + fl_after["all_s"]), 3)
        fcpu = fl["cpu_s"]
        print(json.dumps({
            "benchmark": "report", "kabupaten": args.kabupaten, "others": others,
            "repeat": args.repeat, "cpus": os.cpu_count(),
            "floor": fl, "floor_after": fl_after, "floor_median_s": fmed,
            "cold": cl, "warm": wm,
            "ratio_cold": round(cl["wall_s"] / fmed, 2),
            "ratio_cold_cpu": round(cl["cpu_s"] / fcpu, 2),
            "ratio_warm": round(wm["wall_s"] / fmed, 2),
            "ratio_warm_cpu": round(wm["cpu_s"] / fcpu, 2),
            "goal_cold_met": cl["wall_s"] <= 5 * fmed,
            "goal_warm_met": wm["wall_s"] <= 3 * fmed,
            "loadavg_1m": [round(load0, 2), round(os.getloadavg()[0], 2)],
        }))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
