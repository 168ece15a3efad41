"""Benchmark: aggregate N synthetic participant records vs DuckDB's bare GROUP BY nik and pandas.

Usage::

    .venv/bin/python benchmarks/bench_participants.py                 # N = 1e6, CSV + Parquet
    .venv/bin/python benchmarks/bench_participants.py --n 1e6 1e7
    .venv/bin/python benchmarks/bench_participants.py --n 1e7 --formats parquet --months 1 12

Records are generated with vectorized numpy (one record in six is an extra
record of someone already present, with a random segment; 10% have ended;
0.1% of NIKs are invalid) and written as Parquet (typed dates) and CSV
(``;``, ISO dates) into a temporary directory. Each measurement runs in a
fresh Python process, so its peak RSS (``VmHWM``) is its own:

* ``ucjlib``: :func:`ucjlib.inputs.participants.load_participants` for the
  last month (June 2025) or the 12 months ending with it;
* ``before``: the same call with ``participants.py`` and
  ``participant_fast.py`` taken from an earlier commit (``--before REF``),
  so that before and after are measured in one run on the same files;
* ``floor``: DuckDB's bare ``SELECT nik, count(*) FROM <file> GROUP BY nik``
  (the least any exact de-duplication must do), same thread count;
* ``pandas``: ``read_csv``/``read_parquet`` + sort + ``drop_duplicates`` +
  ``groupby`` with the same rules, one month (the baseline of the issue).

Ratios are to the floor of the same file format, measured just before.
Besides wall seconds the child reports its CPU seconds (all threads): on
a shared 2-core machine the wall time of one run can double when other
processes run, while the CPU time moves much less. The synthetic NIKs never
leave the temporary directory (``--keep DIR`` writes the files there and
reuses them in a later run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

SEGMENTS = np.array(["PU", "BPU", "JAKON", "PMI"])
FUNDING = np.array(["mandiri", "APBD", "APBDes", "lainnya"])
PERIOD = "2025-06"

CHILD = r"""
import json, sys, time
kind, path, months = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
sys.path.insert(0, sys.argv[4])
t0 = time.perf_counter()
c0 = time.process_time()
total = None
if kind == "before":  # the two modules of an earlier commit in place of the current ones
    import importlib.util
    def _load(name, file):
        spec = importlib.util.spec_from_file_location(name, file)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
        return mod
    _load("ucjlib.inputs.participant_fast", sys.argv[5] + "/participant_fast.py")
    load_participants = _load("ucjlib.inputs.participants",
                              sys.argv[5] + "/participants.py").load_participants
    cov, rep = load_participants(path, "35.22", periods=months)
    total = int(cov.loc[cov["periode"] == months[-1], "peserta_aktif"].sum())
elif kind == "ucjlib":
    from ucjlib.inputs.participants import load_participants
    cov, rep = load_participants(path, "35.22", periods=months)
    total = int(cov.loc[cov["periode"] == months[-1], "peserta_aktif"].sum())
elif kind == "floor":
    import duckdb
    con = duckdb.connect()
    src = (f"read_parquet('{path}')" if path.endswith(".parquet")
           else f"read_csv('{path}', delim=';', header=true, all_varchar=true)")
    n = con.execute(f"SELECT count(*) FROM (SELECT nik, count(*) FROM {src} GROUP BY nik)"
                    ).fetchone()[0]
else:
    from bench_participants import pandas_baseline
    total = int(pandas_baseline(path).sum())
dt = time.perf_counter() - t0
cpu = time.process_time() - c0
rss = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        rss = int(line.split()[1]) * 1024
print(json.dumps({"seconds": dt, "cpu": cpu, "rss": rss, "total": total}))
"""


def desa_codes() -> np.ndarray:
    from ucjlib.geo.wilayah import children

    return children("35.22", "desa")["kode"].to_numpy()


def generate(n: int, path: Path, seed: int = 42) -> None:
    """Write ``n`` synthetic participant records to ``path`` (Parquet, or CSV by suffix)."""
    rng = np.random.default_rng(seed)
    people = int(n / 1.2)
    person = np.concatenate([np.arange(people), rng.integers(0, people, n - people)])
    nik = pa.array(3522000000000000 + person * 7 + 1, type=pa.int64())
    nik_str = pc.cast(nik, pa.string())
    bad = rng.random(n) < 0.001
    nik_str = pc.if_else(pa.array(bad), pa.scalar("12345"), nik_str)
    desa = desa_codes()
    home = rng.integers(0, len(desa), people)
    seg = rng.choice(4, n, p=[0.35, 0.55, 0.05, 0.05])
    fund = rng.choice(4, n, p=[0.6, 0.3, 0.05, 0.05])
    start = np.datetime64("2015-01-01") + rng.integers(0, 3800, n).astype("timedelta64[D]")
    ended = rng.random(n) < 0.1
    stop = start + rng.integers(30, 2000, n).astype("timedelta64[D]")
    table = pa.table({
        "nik": nik_str,
        "kode_desa": pa.array(desa[home[person]]),
        "segmen": pa.array(SEGMENTS[seg]),
        "pendanaan": pa.array(FUNDING[fund]),
        "tgl_mulai": pa.array(start),
        "status": pa.array(np.where(ended, "nonaktif", "aktif")),
        "tgl_berhenti": pa.array(stop, mask=~ended),
    })
    if path.suffix == ".csv":
        pcsv.write_csv(table, path, pcsv.WriteOptions(delimiter=";", quoting_style="none"))
    else:
        pq.write_table(table, path)


def pandas_baseline(path: str | Path) -> pd.Series:
    """The same rules with a full pandas load, one month (for comparison only)."""
    path = str(path)
    df = (pd.read_parquet(path) if path.endswith(".parquet")
          else pd.read_csv(path, sep=";", dtype=str, keep_default_na=False))
    eom = pd.Timestamp(PERIOD).to_period("M").to_timestamp(how="end").normalize()
    start = pd.to_datetime(df["tgl_mulai"])
    stop = pd.to_datetime(df["tgl_berhenti"].replace("", None))
    active = (start <= eom) & (stop.isna() | (stop > eom))
    active &= ~((df["status"] == "nonaktif") & stop.isna())
    df = df.loc[active].copy()
    ok = df["nik"].str.fullmatch(r"\d{16}")
    df["key"] = np.where(ok, df["nik"], "row" + df.index.astype(str))
    df["p"] = df["segmen"].map({"PU": 1, "PMI": 2, "JAKON": 3, "BPU": 4})
    df["m"] = start.loc[df.index]
    df["r"] = df.index
    df = df.sort_values(["key", "p", "m", "r"], ascending=[True, True, False, False])
    df = df.drop_duplicates("key")
    return df.groupby(["kode_desa", "segmen", "pendanaan"]).size().rename("peserta_aktif")


def measure(kind: str, path: Path, months: list[str], before: str = "") -> dict:
    """Run one measurement in a fresh process; seconds, peak RSS and the last month's total."""
    here = str(Path(__file__).resolve().parent)
    res = subprocess.run([sys.executable, "-c", CHILD, kind, str(path), ",".join(months), here,
                          before],
                         capture_output=True, text=True, check=False,
                         cwd=str(Path(here).parent), env={**os.environ, "PYTHONPATH": here})
    if res.returncode:
        raise SystemExit(f"{kind} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, nargs="*", default=[1e6])
    ap.add_argument("--formats", nargs="*", default=["csv", "parquet"])
    ap.add_argument("--months", type=int, nargs="*", default=[1, 12],
                    help="months counted by ucjlib, ending 2025-06")
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas baseline")
    ap.add_argument("--before", metavar="REF", help="also run the participant modules of "
                    "commit REF (before/after in one run)")
    ap.add_argument("--keep", metavar="DIR", help="write the files to DIR and reuse them")
    args = ap.parse_args()
    end = pd.Period(PERIOD, freq="M")
    print(f"nproc {os.cpu_count()}; fresh process per measurement; ratios to the floor")
    print(f"{'N':>11} {'fmt':<8}{'step':<15}{'seconds':>8}{'x floor':>8}{'cpu s':>7}"
          f"{'x floor':>8}{'peak MB':>8}{'RSS/file':>9}  total {PERIOD}")
    with tempfile.TemporaryDirectory() as tmp:
        before = ""
        if args.before:  # the two modules as they were at REF
            before = str(Path(tmp) / "before")
            Path(before).mkdir()
            for name in ("participants.py", "participant_fast.py"):
                text = subprocess.run(["git", "show", f"{args.before}:ucjlib/inputs/{name}"],
                                      capture_output=True, text=True, check=True).stdout
                (Path(before) / name).write_text(text)
        for n in (int(x) for x in args.n):
            for fmt in args.formats:
                path = Path(args.keep or tmp) / f"participants_{n}.{fmt}"
                if not (args.keep and path.exists()):
                    generate(n, path)
                size = path.stat().st_size
                for m in args.months:
                    months = [str(end - i) for i in range(m - 1, -1, -1)]
                    # the floor right before each pair: the ratios share the machine's state
                    floor = measure("floor", path, [PERIOD])
                    runs = [("floor", floor)]
                    if before:
                        runs.append((f"before {m:>2} mo", measure("before", path, months, before)))
                    runs.append((f"ucjlib {m:>2} mo", measure("ucjlib", path, months)))
                    if m == args.months[0] and not args.no_pandas:
                        runs.append(("pandas 1 mo", measure("pandas", path, [PERIOD])))
                    for name, r in runs:
                        total = "" if r["total"] is None else f"{r['total']:,d}"
                        print(f"{n:>11,d} {fmt:<8}{name:<15}{r['seconds']:>8.2f}"
                              f"{r['seconds'] / floor['seconds']:>8.2f}{r['cpu']:>7.2f}"
                              f"{r['cpu'] / floor['cpu']:>8.2f}{r['rss'] / 1e6:>8.0f}"
                              f"{r['rss'] / size:>9.2f}  {total}", flush=True)
                if not args.keep:
                    path.unlink()


if __name__ == "__main__":
    main()
