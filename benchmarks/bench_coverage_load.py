"""Benchmark: validate and load a province-sized aggregated coverage CSV.

Usage::

    .venv/bin/python benchmarks/bench_coverage_load.py               # all of Jawa Timur, desa
    .venv/bin/python benchmarks/bench_coverage_load.py --kabupaten 8 # the first 8 kabupaten
    .venv/bin/python benchmarks/bench_coverage_load.py --repeat 2    # months x2 (twice the rows)
    .venv/bin/python benchmarks/bench_coverage_load.py --before REF  # also the code of commit REF

The file is the synthetic demo (``demo_province(level="desa")``: every desa of
Jawa Timur x 42 months x segment x funding), written the Indonesian-Excel way
(``;`` separator, ``157.058`` thousands) into a temporary directory. Each
measurement runs in a fresh Python process so its peak RSS (``VmHWM``, else
``ru_maxrss``) is its own: a bare ``pandas.read_csv`` of the file (baseline), ``validate_file``
and ``load_coverage``; with ``--before REF`` also both with
``columnar.py``, ``validation.py`` and ``loaders.py`` of commit ``REF`` (before
and after in one run). Prints seconds, CPU seconds, peak RSS and the ratios
to the baseline and to the file size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
kind, path, before = sys.argv[1], sys.argv[2], sys.argv[3]
if kind.startswith("before"):  # the modules of an earlier commit in place of the current ones
    import importlib.util
    for name in ("columnar", "validation", "loaders"):
        spec = importlib.util.spec_from_file_location(f"ucjlib.inputs.{name}",
                                                      f"{before}/{name}.py")
        mod = importlib.util.module_from_spec(spec)
        sys.modules[f"ucjlib.inputs.{name}"] = mod
        spec.loader.exec_module(mod)
    kind = kind.split()[1]
t0 = time.perf_counter()
c0 = time.process_time()
if kind == "pandas":
    import pandas as pd
    df = pd.read_csv(path, sep=";", dtype=str)
    n = len(df)
elif kind == "validate":
    from ucjlib.inputs.loaders import validate_file
    probs = validate_file(path, "coverage")
    assert not probs, [str(p) for p in probs[:5]]
    n = 0
else:
    from ucjlib.inputs.loaders import load_coverage
    df, rep = load_coverage(path)
    n = len(df)
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
try:  # ru_maxrss survives fork+exec from a big parent; VmHWM belongs to this process
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            rss = int(line.split()[1]) * 1024
except OSError:
    pass
print(json.dumps({"seconds": dt, "cpu": cpu, "rss": rss, "rows": n}))
"""


def make_csv(path: Path, n_kab: int | None, repeat: int) -> int:
    """Write the demo coverage of Jawa Timur (desa level) to ``path``; return its rows."""
    import pandas as pd

    from ucjlib.demo.generate import demo_province

    cov = demo_province(level="desa").coverage
    if n_kab:
        kabs = sorted(cov["kode"].str.slice(0, 5).unique())[:n_kab]
        cov = cov.loc[cov["kode"].str.slice(0, 5).isin(kabs)]
    parts = []
    for i in range(repeat):  # shift the years back to make more distinct months
        part = cov.copy()
        part["periode"] = (part["periode"].str.slice(0, 4).astype(int) - 4 * i).astype(str) \
            + part["periode"].str.slice(4)
        parts.append(part)
    cov = pd.concat(parts, ignore_index=True)
    out = cov.assign(peserta_aktif=cov["peserta_aktif"].map(lambda v: f"{v:,}".replace(",", ".")))
    out.to_csv(path, sep=";", index=False)
    return len(out)


def measure(kind: str, path: Path, before: str = "") -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), before],
                         capture_output=True, text=True, check=False)
    if res.returncode:
        raise SystemExit(f"{kind} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kabupaten", type=int, default=None, help="only the first N kabupaten")
    ap.add_argument("--repeat", type=int, default=1, help="repeat the months N times")
    ap.add_argument("--before", metavar="REF", help="also run the modules of commit REF")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        before = ""
        if args.before:
            before = str(Path(d) / "before")
            Path(before).mkdir()
            for name in ("columnar", "validation", "loaders"):
                text = subprocess.run(["git", "show", f"{args.before}:ucjlib/inputs/{name}.py"],
                                      capture_output=True, text=True, check=True).stdout
                (Path(before) / f"{name}.py").write_text(text)
        path = Path(d) / "coverage.csv"
        t0 = time.perf_counter()
        rows = make_csv(path, args.kabupaten, args.repeat)
        size = path.stat().st_size
        print(f"file: {rows:,} rows, {size / 1e6:.0f} MB (written in "
              f"{time.perf_counter() - t0:.0f} s)")
        base = measure("pandas", path)
        print(f"{'step':<22}{'seconds':>9}{'cpu s':>7}{'peak RSS MB':>13}{'x pandas time':>15}"
              f"{'RSS / file':>12}")
        kinds = ["pandas"] + [k for step in ("validate", "load")
                              for k in ([f"before {step}"] if before else []) + [step]]
        for kind in kinds:
            r = base if kind == "pandas" else measure(kind, path, before)
            print(f"{kind:<22}{r['seconds']:>9.1f}{r['cpu']:>7.1f}{r['rss'] / 1e6:>13.0f}"
                  f"{r['seconds'] / base['seconds']:>15.2f}{r['rss'] / size:>12.2f}", flush=True)


if __name__ == "__main__":
    main()
