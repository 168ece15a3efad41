"""Time ``ucj coverage --nasional`` (514 rows) and the national maps against the floor (issue 19).

Every measurement is a fresh process, run ``--repeat`` times in one run (median wall time,
with that run's CPU seconds and peak RSS from ``os.wait4``), so the ratios to the floor
are measured beside it on the same (shared) machine:

* floor ``import``: ``python -c "import ucjlib"``;
* floor ``cli``: the command line doing nothing (``ucj --help``);
* ``ucj coverage --nasional``: both tables printed (38 + 514 rows);
* ``ucj coverage --nasional --format csv``;
* ``ucj coverage --nasional --format csv --charts DIR``: both maps, PNG + SVG (the maps
  alone: the difference of the last two);
* the desa path: what the national table would cost the other way, one demo dataset per
  kabupaten/kota (``open_dataset``, desa rows, summed by ``coverage_table``):
  ``--sample`` kabupaten/kota timed in one process after the imports, times 514.

Usage: .venv/bin/python benchmarks/bench_coverage_national.py [--repeat 3] [--sample 12]
Prints one JSON line per measurement, then a Markdown table for ``RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

PY = sys.executable
UCJ = [PY, "-c", "from ucjlib.cli import run; run()"]

DESA_PATH = r"""
import json, sys, time
from ucjlib.open import open_dataset
from ucjlib.coverage import coverage_table
from ucjlib.demo.national import all_codes
n = int(sys.argv[1])
codes = all_codes()
pick = codes[::max(len(codes) // n, 1)][:n]
t0 = time.perf_counter()
for k in pick:
    coverage_table(open_dataset(k), None, "kabupaten")
dt = time.perf_counter() - t0
print(json.dumps({"n": len(pick), "seconds": dt, "per_region": dt / len(pick)}))
"""


def run(cmd: list[str]) -> dict:
    """Run ``cmd`` once; return wall seconds, CPU seconds, peak RSS (MB) and its stdout."""
    env = dict(os.environ, COLUMNS="200")
    env.pop("UCJ_LANG", None)
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:  # no pipe limit
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=fo, stderr=fe, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        fo.seek(0)
        fe.seek(0)
        out, err = fo.read().decode(), fe.read().decode()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{cmd} failed ({code}): {err[-2000:]}")
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024,
            "out": out}


def measure(name: str, cmd: list[str], repeat: int) -> dict:
    """Run ``cmd`` ``repeat`` times; return the median wall and that run's CPU and RSS."""
    runs = sorted((run(cmd) for _ in range(repeat)), key=lambda r: r["wall"])
    mid = runs[len(runs) // 2]
    res = {"name": name, "wall_s": round(mid["wall"], 3), "cpu_s": round(mid["cpu"], 3),
           "rss_mb": round(mid["rss_mb"]), "walls": [round(r["wall"], 3) for r in runs]}
    print(json.dumps(res), flush=True)
    return {**res, "out": mid["out"]}


def main() -> None:
    """Measure the floors, the national table and maps, and the desa path; print a table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=12)
    args = ap.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="ucj-bench-national-") as tmp:
        floor_i = measure("floor: `python -c \"import ucjlib\"`", [PY, "-c", "import ucjlib"],
                          args.repeat)
        floor_c = measure("floor: `ucj --help`", [*UCJ, "--help"], args.repeat)
        table = measure("`ucj coverage --nasional`", [*UCJ, "coverage", "--nasional"],
                        args.repeat)
        csv = measure("`ucj coverage --nasional --format csv`",
                      [*UCJ, "coverage", "--nasional", "--format", "csv"], args.repeat)
        maps = measure("`ucj coverage --nasional --format csv --charts DIR`",
                       [*UCJ, "coverage", "--nasional", "--format", "csv", "--charts",
                        os.path.join(tmp, "peta")], args.repeat)
        n_files = len(os.listdir(os.path.join(tmp, "peta")))
        rows = csv["out"].count("\n") - 1
        d = json.loads(run([PY, "-c", DESA_PATH, str(args.sample)])["out"])
        print(json.dumps({"name": "desa path", **d}), flush=True)
    fi, fc = floor_i["wall_s"], floor_c["wall_s"]
    print(f"\nload average at the start: {[round(x, 2) for x in load]}; "
          f"{args.repeat} runs each (median); CSV rows {rows}; chart files {n_files}\n")
    print("| measurement | wall (median) | CPU | peak RSS | x import floor | x CLI floor |")
    print("|---|---|---|---|---|---|")
    for r in (floor_i, floor_c, table, csv, maps):
        print(f"| {r['name']} | {r['wall_s']:.2f} s | {r['cpu_s']:.2f} s | {r['rss_mb']} MB "
              f"| {r['wall_s'] / fi:.1f}x | {r['wall_s'] / fc:.1f}x |")
    maps_only = maps["wall_s"] - csv["wall_s"]
    print(f"| both national maps (difference of the last two) | {maps_only:.2f} s | | "
          f"| {maps_only / fi:.1f}x | |")
    est = d["per_region"] * 514
    print(f"| desa path: `open_dataset` + `coverage_table` per kabupaten/kota ({d['n']} timed, "
          f"x 514) | ~{est:.0f} s ({d['per_region']:.2f} s each) | | | {est / fi:.0f}x | |")
    beyond = max(csv["wall_s"] - fc, 1e-9)
    print(f"\nnational table beyond the CLI floor: {beyond:.2f} s; the desa path ~{est:.0f} s "
          f"({est / beyond:.0f}x as long)")


if __name__ == "__main__":
    main()
