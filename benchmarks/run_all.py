"""Run the issue-12 performance benchmarks and write ``benchmarks/RESULTS.md``.

Each benchmark runs in its own fresh process (``bench_report.py``,
``bench_batch.py``, ``bench_budget.py``, ``bench_boundaries.py`` twice: the
store build into a temporary folder, then the desa map from the project's
store, read only); the CPU seconds and the largest peak RSS of each come from
``os.wait4`` on that process (its waited-for children included). The
participant-aggregation table (item 1) is not run here: it is copied from the
latest section of ``benchmarks/README.md`` (``bench_participants.py``, 10M rows).

Usage::

    .venv/bin/python benchmarks/run_all.py            # everything, batch on 6 kabupaten
    .venv/bin/python benchmarks/run_all.py --quick    # without the batch (~5 min)
    .venv/bin/python benchmarks/run_all.py --full     # batch on all 38 (hours on 2 cores)
    .venv/bin/python benchmarks/run_all.py --only batch   # rerun one part, keep the others

The raw figures are kept at the end of RESULTS.md (a JSON comment), so
``--only`` can redo one part and rewrite the file with the others unchanged.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"
RAW_START, RAW_END = "<!-- raw results (run_all.py reads this back for --only)\n", "\n-->"
PARTS = ("report", "budget", "boundaries", "map", "batch")
PACKAGES = ("numpy", "pandas", "pyarrow", "duckdb", "geopandas", "shapely", "pyogrio",
            "matplotlib", "papermill", "nbclient", "jupyter_client", "ipykernel", "dask",
            "distributed", "ucjlib")


# -- running ---------------------------------------------------------------------------------

def run_json(args: list[str], label: str) -> dict:
    """Run one benchmark script; its JSON line plus wall, CPU and peak RSS of its process tree."""
    cmd = [sys.executable, *args]
    print(f"[run_all] {label}: {' '.join(args)}", file=sys.stderr, flush=True)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    load0 = round(os.getloadavg()[0], 2)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    out = p.stdout.read() if p.stdout else ""
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{label} failed (exit {p.returncode})")
    line = [ln for ln in out.splitlines() if ln.startswith("{")][-1]
    res = json.loads(line)
    res["_process"] = {"started": started, "loadavg_start": load0, "wall_s": round(wall, 1),
                       "cpu_s": round(ru.ru_utime + ru.ru_stime, 1),
                       "largest_peak_mb": round(ru.ru_maxrss / 1024, 1)}
    print(f"[run_all] {label}: {wall:.0f} s", file=sys.stderr, flush=True)
    return res


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    cpu = next((ln.split(":", 1)[1].strip() for ln in
                Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")),
               "?")
    free = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.strip()
    pk = {}
    for name in PACKAGES:
        try:
            pk[name] = version(name)
        except PackageNotFoundError:
            pk[name] = "-"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": cpu, "free_g": free,
            "python": platform.python_version(), "platform": platform.platform(),
            "packages": pk, "commit": commit, "loadavg": [round(x, 2) for x in os.getloadavg()],
            "date": datetime.now(UTC).isoformat(timespec="seconds")}


# -- item 1, from README.md ---------------------------------------------------------------------

def participants_from_readme() -> dict:
    """The first table of the last ``###`` section of benchmarks/README.md, and where it is."""
    text = (HERE / "README.md").read_text(encoding="utf-8")
    heads = [m for m in re.finditer(r"^### (.+)$", text, flags=re.M)]
    if not heads:
        return {"heading": None, "table": "", "commit": ""}
    last = heads[-1]
    section = text[last.end():]
    table, started = [], False
    for ln in section.splitlines():
        if ln.startswith("|"):
            table.append(ln)
            started = True
        elif started:
            break
    commit = subprocess.run(["git", "log", "-1", "--format=%h %ad", "--date=short", "--",
                             "benchmarks/README.md"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    return {"heading": last.group(1).strip(), "table": "\n".join(table), "commit": commit}


# -- writing -----------------------------------------------------------------------------------

def met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def fmt(x, nd: int = 2) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{nd}f}"
    return str(x)


def write(raw: dict) -> str:
    m = raw["machine"]
    L: list[str] = []
    a = L.append
    a("# Benchmark results (issue 12, Performance)\n")
    a(f"Last written by `benchmarks/run_all.py` ({' '.join(raw.get('argv', []))}) on "
      f"{m['date']}, commit `{m['commit']}` (with `--only`, the other parts are kept from "
      "earlier runs; each part's start time and load are in the raw block). Regenerate "
      "with `make bench` (minutes) or "
      "`.venv/bin/python benchmarks/run_all.py [--quick | --full | --only PART]`.\n")
    a("## Machine\n")
    a(f"- `nproc` = {m['nproc']}; CPU: {m['cpu']}; {m['platform']}")
    a(f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()))
    a("- `free -g` at the start:\n\n```\n" + m["free_g"] + "\n```")
    a(f"- Load average (1, 5, 15 min) at the start: {m['loadavg']}. **The machine is shared "
      "with other sessions running test suites and benchmarks**: the 1-minute load average "
      "moved between about 2 and 9 on the 2 cores during the day (each part's own is in its "
      "section or the raw block), so a process may get well under a core and wall times vary "
      "by 2-3x between identical runs. Every goal is therefore judged on ratios measured "
      "within one run (the floor right beside the thing measured), and CPU seconds are given "
      "beside the wall times where they matter.\n")
    a("Each part ran in its own fresh process; *process* columns are that process tree's "
      "wall time, CPU seconds (`os.wait4`) and the largest peak RSS of any one process in it.\n")

    a("## Summary\n")
    a("| item | measured | goal | |")
    a("|---|---|---|---|")
    rows = summary_rows(raw)
    L += rows
    a("")
    a(NOTES_START)
    a(raw.get("_notes") or "## Analysis\n\n(Write the analysis here; `run_all.py` keeps "
      "the text between these markers when it rewrites the file.)")
    a(NOTES_END + "\n")

    part_participants(raw, a)
    if "report" in raw:
        part_report(raw["report"], a)
    if "batch" in raw:
        part_batch(raw, a)
    else:
        a("## 3. Batch\n\nNot run in this invocation (`--quick`).\n")
    if "budget" in raw:
        part_budget(raw["budget"], a)
    if "boundaries" in raw or "map" in raw:
        part_boundaries(raw, a)
    a(RAW_START + json.dumps({k: v for k, v in raw.items() if k != "_notes"}, indent=1)
      + RAW_END)
    return "\n".join(L) + "\n"


def summary_rows(raw: dict) -> list[str]:
    rows = []
    r = raw.get("report")
    if r:
        rows.append(f"| 2. report 35.22 vs floor | floor {r['floor_median_s']:.1f} s; report "
                    f"{r['report_default']['wall_s']:.1f} s = {r['ratio_default']}x "
                    f"(CLI {r['ratio_cli']}x, one notebook at a time "
                    f"{r['ratio_parallel1']}x) | <= 5x | {met(r['ratio_default'] <= 5)} |")
    b = raw.get("batch")
    if b:
        for mname, label in (("local", "local processes"), ("dask", "Dask LocalCluster")):
            if f"{mname}_efficiency" in b:
                rows.append(f"| 3. batch {len(b['codes'])} reports, {label} | T1 "
                            f"{b[mname + '_1']['wall_s']:.0f} s, T2 {b[mname + '_2']['wall_s']:.0f}"
                            f" s, efficiency {b[mname + '_efficiency']:.0%} | >= 85% | "
                            f"{met(b[mname + '_efficiency'] >= 0.85)} |")
    g = raw.get("budget")
    if g:
        rows.append(f"| 4. Monte Carlo 10,000 years x 157,058 | estimate_budget "
                    f"{g['estimate_budget_s']:.2f} s; simulate {g['simulate_s']:.3f} s "
                    f"(median of {g['repeat']}) | < 2 s | "
                    f"{met(g['estimate_budget_s'] < 2 and g['simulate_s'] < 2)} |")
    bd = raw.get("boundaries")
    if bd:
        rows.append(f"| 5. boundary store build | {bd['full_s']:.0f} s full, "
                    f"{bd['noop_s'] * 1000:.1f} ms no-op | (no goal) | |")
    mp = raw.get("map")
    if mp:
        rows.append(f"| 5. desa map {mp['nama']} ({mp['rows']} desa) | {mp['total_s']:.1f} s "
                    f"from a fresh process, {mp['peak_mb']:.0f} MB | (no goal) | |")
    return rows


def part_participants(raw: dict, a) -> None:
    p = raw.get("participants") or participants_from_readme()
    a("## 1. Participant aggregation (copied, not rerun)\n")
    a("Measured by another engineer with `benchmarks/bench_participants.py` (10 million "
      "synthetic records, 611 MB CSV / 95 MB Parquet; not rerun here). Copied from the "
      f"latest section of `benchmarks/README.md`, \"{p['heading']}\" (README last changed "
      f"in commit {p['commit']}); read that section for the method, the before/after "
      "commits and where the remaining time goes. Each ratio is to the `GROUP BY nik` "
      "floor measured just before it:\n")
    a(p["table"] + "\n")
    a("Goal (at most 1.5x the floor): **not met** there (2.6-4.4x in CPU, 2.7-4.7x in wall "
      "time; see the README for the analysis).\n")


def part_report(r: dict, a) -> None:
    fl = r["floor"]
    a("## 2. One kabupaten report against the floor\n")
    a("Floor: start one `python3` kernel with `jupyter_client.KernelManager`, wait until it "
      f"is ready, then run `import pandas, geopandas, matplotlib, ucjlib` in it; median of "
      f"{len(fl['all_s'])} after a warm-up (runs {fl['all_s']}), plus one more after the "
      f"reports ({r['floor_after']['floor_s']} s). Kernel start {fl['kernel_s']} s, imports "
      f"{fl['imports_s']} s, CPU {fl['cpu_s']} s. **Floor used: {r['floor_median_s']} s** "
      "(median of all).\n")
    a(f"Report: `run_report(\"{r['kabupaten']}\", out_root=<tmp>)` on the demo data, each "
      "in a fresh interpreter (cold, as a user starts it; kernels are its children), then "
      "`ucj report` as a subprocess:\n")
    a("| run | wall s | / floor | CPU s (main + kernels) | peak MB (main / largest kernel) |")
    a("|---|---|---|---|---|")
    d, s1, c = r["report_default"], r["report_parallel1"], r["cli"]
    a(f"| floor | {r['floor_median_s']:.2f} | 1.0 | {fl['cpu_s']:.1f} | |")
    a(f"| run_report, default (2 notebooks side by side) | {d['wall_s']:.1f} | "
      f"{r['ratio_default']} | {d['cpu_self_s'] + d['cpu_kernels_s']:.1f} "
      f"({d['cpu_self_s']:.1f} + {d['cpu_kernels_s']:.1f}) | {d['main_peak_mb']:.0f} / "
      f"{d['kernel_peak_mb']:.0f} |")
    a(f"| run_report, parallel=1 (as in a batch) | {s1['wall_s']:.1f} | "
      f"{r['ratio_parallel1']} | {s1['cpu_self_s'] + s1['cpu_kernels_s']:.1f} "
      f"({s1['cpu_self_s']:.1f} + {s1['cpu_kernels_s']:.1f}) | {s1['main_peak_mb']:.0f} / "
      f"{s1['kernel_peak_mb']:.0f} |")
    a(f"| `ucj report` (subprocess) | {c['wall_s']:.1f} | {r['ratio_cli']} | {c['cpu_s']:.1f} "
      f"| largest {c['largest_process_peak_mb']:.0f} |")
    a("")
    a(f"In CPU seconds the sequential report costs {r['cpu_ratio_parallel1']}x the floor's "
      "CPU. Goal (at most 5x the floor): "
      f"{met(r['ratio_default'] <= 5)} ({r['ratio_default']}x).\n")
    a("Phases of `run_report` (wrapped module functions, default and parallel=1 runs):\n")
    a("| phase | default s | parallel=1 s |")
    a("|---|---|---|")
    for k in d["phases_s"]:
        a(f"| {k} | {d['phases_s'][k]:.2f} | {s1['phases_s'].get(k, 0):.2f} |")
    a("")
    mp = r.get("main_profile")
    if mp:
        a(f"cProfile of the main process of one more cold run (parallel=1; profiled wall "
          f"{mp['profiled_wall_s']} s; cumulative seconds, indented rows are inside the row "
          "above; the notebooks row is mostly waiting for the kernels):\n")
        a("| main process | s |")
        a("|---|---|")
        for k, v in mp.items():
            if k not in ("profiled_wall_s", "process"):
                a(f"| {k.replace('  ', '&nbsp;&nbsp;')} | {v:.2f} |")
        a("")
    a("Notebooks in the default run (from its manifest.json):\n")
    a("| notebook | start | end | s |")
    a("|---|---|---|---|")
    for n in d["notebooks"]:
        a(f"| {n['name']} | {n['start'][11:19]} | {n['end'][11:19]} | {n['seconds']:.1f} |")
    a("")
    nbs = r.get("notebooks") or []
    if nbs:
        a("### Where each notebook's time goes\n")
        a("Each notebook executed alone (execution order, one folder, same `execute` as the "
          "report). *Outside cells* = kernel start-up, papermill's reading/writing of the "
          "notebook and the kernel shutdown; the cell times are papermill's per-cell "
          "durations (cells >= 0.05 s listed).\n")
        a("| notebook | wall s | outside cells (kernel start etc.) s | imports cell s | "
          "other cells s |")
        a("|---|---|---|---|---|")
        for n in nbs:
            other = n["cells_s"] - (n["imports_cell_s"] or 0)
            a(f"| {n['name']} | {n['wall_s']:.1f} | {n['outside_cells_s']:.1f} | "
              f"{n['imports_cell_s']:.1f} | {other:.1f} |")
        a("")
        for n in nbs:
            a(f"**{n['name']}** cells: " + "; ".join(
                f"[{c['i']}] `{c['first_line']}` {c['seconds']:.2f} s" for c in n["cells"]) + "\n")
        if any("profile" in n for n in nbs):
            a("cProfile inside the kernel, from the cell after the imports to the end "
              "(cumulative seconds of the functions named; they nest, e.g. `coverage_map` "
              "is inside the coverage figures and `savefig` inside `save_section`; the "
              "profiler slows Python code, so read them as shares of the profiled total):\n")
            for n in nbs:
                pr = n.get("profile") or {}
                if not pr:
                    continue
                a(f"- **{n['name']}** (profiled total {pr.get('profiled_total_s')} s): " +
                  ", ".join(f"{k} {v}" for k, v in pr.items() if k != "profiled_total_s"))
            a("")
            a("Heaviest ucjlib functions (cumulative s, profiled):\n")
            for n in nbs:
                if n.get("top_ucjlib"):
                    a(f"- **{n['name']}**: " + ", ".join(f"`{f}` {s}" for f, s in
                                                         n["top_ucjlib"][:8]))
            a("")


def part_batch(raw: dict, a) -> None:
    b = raw["batch"]
    n = len(b["codes"])
    a(f"## 3. Batch ({n} Jawa Timur kabupaten/kota, demo data)\n")
    a(f"Codes: {', '.join(b['codes'])} (the first {n} in gazetteer order"
      + ("" if n == 38 else "; `--full` runs all 38") + "). `run_batch(\"35\", kabupaten=..., "
      "workers=w)`: *local* = its own LocalCluster of single-threaded worker processes "
      "(start-up included); *Dask* = a `dask.distributed.LocalCluster` started by the "
      "benchmark, address passed as `scheduler=` (start-up excluded, given). Order: local 1, "
      "local 2, Dask 2, Dask 1.\n")
    a("| setting | workers | wall s | sum of task s | mean task s | failed |")
    a("|---|---|---|---|---|---|")
    for key in ("local_1", "local_2", "dask_2", "dask_1"):
        if key in b:
            x = b[key]
            extra = f" (cluster start {x['cluster_start_s']} s)" if "cluster_start_s" in x else ""
            a(f"| {key.split('_')[0]}{extra} | {x['workers']} | {x['wall_s']:.1f} | "
              f"{x['task_s_sum']:.0f} | {x['task_s_mean']:.1f} | {len(x['failed'])} |")
    a("")
    for mname in ("local", "dask"):
        if f"{mname}_efficiency" in b:
            a(f"- {mname}: speed-up T1/T2 = {b[mname + '_speedup']:.2f}, parallel efficiency "
              f"T1/(2 x T2) = **{b[mname + '_efficiency']:.0%}** (goal >= 85%: "
              f"{met(b[mname + '_efficiency'] >= 0.85)})")
    a(f"- load average (1 min) before/after: {b.get('loadavg_1m')}\n")
    proj = projection(raw)
    if proj:
        a("### Projection: 514 kabupaten/kota on a 32-worker Dask cluster\n")
        a(proj + "\n")


def projection(raw: dict) -> str:
    b = raw.get("batch")
    if not b or "local_1" not in b:
        return ""
    n = len(b["codes"])
    t1s = {k: b[k]["wall_s"] for k in ("local_1", "dask_1") if k in b}
    costs = {k: v / n for k, v in t1s.items()}
    lo, hi = min(costs.values()), max(costs.values())
    waves = math.ceil(514 / 32)
    effs = [b[k] for k in ("local_efficiency", "dask_efficiency") if k in b]
    eff = min(effs) if effs else None
    per = "; ".join(f"{k.replace('_1', '')}: {t1s[k]:.0f} / {n} = {costs[k]:.1f} s"
                    for k in t1s)
    text = (
        f"Per-report cost with one worker, T1 / {n} ({per}; batch overhead included; the "
        "two differ because the machine got quieter during the run). With 32 "
        "single-threaded workers on 32 free cores, one report per worker at a time and "
        f"every report costing the same: ceil(514 / 32) = {waves} rounds x {lo:.1f}-"
        f"{hi:.1f} s = **{waves * lo / 60:.1f}-{waves * hi / 60:.1f} min**")
    if eff:
        text += (f"; divided by the lower 2-worker efficiency measured here ({eff:.0%}) as a "
                 "pessimistic allowance for contention between workers: "
                 f"**{waves * lo / eff / 60:.1f}-{waves * hi / eff / 60:.1f} min**")
    return text + (
        ". Assumptions: it is an extrapolation of the per-report cost of the demo "
        "(the demo has data only for Jawa Timur and Kota Bogor; other provinces' reports "
        "cannot be run here), per-kabupaten data of the demo's size (real participant "
        "files are larger and add their aggregation time, see item 1), cores as fast as "
        "these and not shared, shared storage (outputs and boundary store) not a "
        "bottleneck, and the index page and cluster start-up (seconds) ignored. With "
        "uneven sizes the last round is set by the slowest report.")


def part_budget(g: dict, a) -> None:
    a("## 4. Budget Monte Carlo\n")
    a(f"`estimate_budget({g['participants']:_}, start=\"2026-01\", years=1, "
      f"draws={g['draws']:_})` and the bare `montecarlo.simulate` with the arguments that "
      f"call passes ({g['expected_deaths_per_year']} expected deaths, horizon "
      f"{g['horizon']} years); median of {g['repeat']} after a warm-up, one process:\n")
    a("| call | median s | runs s |")
    a("|---|---|---|")
    a(f"| estimate_budget (with the 7-run sensitivity table, the default) | "
      f"{g['estimate_budget_s']:.3f} | {g['estimate_budget_all_s']} |")
    a(f"| estimate_budget(sensitivity=False) | {g['estimate_no_sensitivity_s']:.3f} | |")
    a(f"| simulate, 10,000 draws | {g['simulate_s']:.4f} | {g['simulate_all_s']} |")
    a(f"| simulate, 1 draw | {g['simulate_1_draw_s']:.4f} | |")
    a(f"| (first call, imports: {g['import_s']} s, first estimate {g['first_call_s']} s) | | |")
    a("")
    a(f"Goal (< 2 s): {met(g['goal_met_estimate'] and g['goal_met_simulate'])} - the "
      "Monte Carlo itself is a small part of `estimate_budget`; most of the rest is the "
      "sensitivity table (seven closed-form re-estimates).\n")


def part_boundaries(raw: dict, a) -> None:
    a("## 5. Boundary store and a desa map\n")
    bd = raw.get("boundaries")
    if bd:
        a("`bench_boundaries.py`: `build_store()` from the local mirror into a temporary "
          "`UCJ_STORE_DIR` (the project's `shapefiles/` is not touched), from scratch, then "
          "the no-op rebuild:\n")
        a("| step | s |")
        a("|---|---|")
        a(f"| full build ({bd['files']} source files, layers {bd['layers']}) | "
          f"{bd['full_s']:.1f} |")
        a(f"| CPU of the main process (parsing runs in worker processes: "
          f"workers={bd['workers']}) | {bd['main_cpu_s']:.1f} |")
        a(f"| CPU of the whole process tree | {bd['_process']['cpu_s']} |")
        a(f"| no-op rebuild | {bd['noop_s']:.3f} |")
        a(f"| largest peak RSS, MB | {bd['_process']['largest_peak_mb']:.0f} |")
        a(f"\nLoad average (1 min) before/after: {bd['loadavg_1m']}.\n")
    mp = raw.get("map")
    if mp:
        a(f"Desa-level static map of **{mp['nama']}** ({mp['kode']}, the Jawa Timur "
          f"kabupaten with the most desa in the gazetteer: {mp['desa_gazetteer']}), demo "
          f"data, fresh process, project's store read only; {mp['rows']} desa rows, "
          f"{mp['polygons']} polygons, {mp['missing']} without polygon:\n")
        a("| step | s |")
        a("|---|---|")
        for k, v in mp["steps_s"].items():
            a(f"| {k} | {v:.2f} |")
        a(f"| **total** | **{mp['total_s']:.2f}** |")
        a(f"| peak RSS, MB | {mp['peak_mb']:.0f} |")
        a("")


NOTES_START, NOTES_END = "<!-- notes: kept by run_all.py -->", "<!-- end of notes -->"


def read_notes() -> str:
    """The hand-written analysis between the notes markers of the previous RESULTS.md."""
    if not RESULTS.is_file():
        return ""
    text = RESULTS.read_text(encoding="utf-8")
    i, j = text.find(NOTES_START), text.find(NOTES_END)
    return text[i + len(NOTES_START): j].strip() if 0 <= i < j else ""


def read_previous() -> dict:
    if not RESULTS.is_file():
        return {}
    text = RESULTS.read_text(encoding="utf-8")
    i = text.find(RAW_START)
    if i < 0:
        return {}
    j = text.find(RAW_END, i + len(RAW_START))
    return json.loads(text[i + len(RAW_START): j])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the batch")
    ap.add_argument("--full", action="store_true", help="batch on all 38 kabupaten/kota")
    ap.add_argument("--only", default="", help=f"comma list of parts to rerun: {PARTS}")
    ap.add_argument("--rewrite", action="store_true",
                    help="run nothing: rewrite RESULTS.md from its raw block")
    args = ap.parse_args()
    parts = [p for p in args.only.split(",") if p] or [p for p in PARTS
                                                         if not (args.quick and p == "batch")]
    bad = set(parts) - set(PARTS)
    if bad:
        raise SystemExit(f"unknown part(s) {sorted(bad)}; choose from {PARTS}")
    raw = read_previous() if (args.only or args.rewrite) else {}
    if not args.rewrite:
        raw["machine"] = machine()
        raw["argv"] = sys.argv[1:]
        raw["participants"] = participants_from_readme()
        py = "benchmarks/"
        if "report" in parts:
            raw["report"] = run_json([py + "bench_report.py"], "report")
        if "budget" in parts:
            raw["budget"] = run_json([py + "bench_budget.py", "--repeat", "5"], "budget")
        if "boundaries" in parts:
            raw["boundaries"] = run_json([py + "bench_boundaries.py"], "boundary store build")
        if "map" in parts:
            raw["map"] = run_json([py + "bench_boundaries.py", "--no-build", "--map"],
                                  "desa map")
        if "batch" in parts:
            raw["batch"] = run_json([py + "bench_batch.py"] + (["--full"] if args.full else []),
                                    "batch")
    raw.pop("_notes", None)
    text = write({**raw, "_notes": read_notes()})
    RESULTS.write_text(text, encoding="utf-8")
    print(f"[run_all] wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
