"""Benchmark: aggregate N synthetic participant records with DuckDB vs a pandas baseline.

Usage::

    .venv/bin/python benchmarks/bench_participants.py            # N = 1e6 and 1e7
    .venv/bin/python benchmarks/bench_participants.py --n 1000000
    .venv/bin/python benchmarks/bench_participants.py --n 1e7 --months 12   # a year

Records are generated with vectorized numpy into a Parquet file in a temporary
directory (one record in six is an extra record of someone already present,
with a random segment; 10% have ended; 0.1% of NIKs are invalid).
``ucjlib.load_participants`` is timed for one month (or ``--months`` months
ending June 2025); the pandas baseline (full load + sort + drop_duplicates +
groupby, the same rules, one month) runs at 1e6 only, and the ratio is
printed. The synthetic NIKs never leave the temporary directory.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

SEGMENTS = np.array(["PU", "BPU", "JAKON", "PMI"])
FUNDING = np.array(["mandiri", "APBD", "APBDes", "lainnya"])
PERIOD = "2025-06"


def desa_codes() -> np.ndarray:
    from ucjlib.geo.wilayah import children

    return children("35.22", "desa")["kode"].to_numpy()


def generate(n: int, path: Path, seed: int = 42) -> None:
    """Write ``n`` synthetic participant records to ``path`` (Parquet)."""
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
        "NIK": nik_str,
        "kode_desa": pa.array(desa[home[person]]),
        "segmen": pa.array(SEGMENTS[seg]),
        "pendanaan": pa.array(FUNDING[fund]),
        "tgl_mulai": pa.array(start),
        "status": pa.array(np.where(ended, "nonaktif", "aktif")),
        "tgl_berhenti": pa.array(stop, mask=~ended),
    })
    pq.write_table(table, path)


def pandas_baseline(path: Path) -> pd.DataFrame:
    """The same rules with a full pandas load (for comparison only)."""
    df = pd.read_parquet(path)
    eom = pd.Timestamp(PERIOD).to_period("M").to_timestamp(how="end").normalize()
    start = pd.to_datetime(df["tgl_mulai"])
    stop = pd.to_datetime(df["tgl_berhenti"])
    active = (start <= eom) & (stop.isna() | (stop > eom))
    active &= ~((df["status"] == "nonaktif") & stop.isna())
    df = df.loc[active].copy()
    ok = df["NIK"].str.fullmatch(r"\d{16}")
    df["key"] = np.where(ok, df["NIK"], "row" + df.index.astype(str))
    df["p"] = df["segmen"].map({"PU": 1, "PMI": 2, "JAKON": 3, "BPU": 4})
    df["m"] = start.loc[df.index]
    df["r"] = df.index
    df = df.sort_values(["key", "p", "m", "r"], ascending=[True, True, False, False])
    df = df.drop_duplicates("key")
    return df.groupby(["kode_desa", "segmen", "pendanaan"]).size().rename("peserta_aktif")


def main() -> None:
    from ucjlib.inputs.participants import load_participants

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, nargs="*", default=[1e6, 1e7])
    ap.add_argument("--months", type=int, default=1, help="months counted (ending 2025-06)")
    args = ap.parse_args()
    end = pd.Period(PERIOD, freq="M")
    periods = [str(end - i) for i in range(args.months - 1, -1, -1)]
    sizes = [int(x) for x in args.n]
    with tempfile.TemporaryDirectory() as tmp:
        pandas_time = None
        for n in sizes:
            path = Path(tmp) / f"participants_{n}.parquet"
            t0 = time.perf_counter()
            generate(n, path)
            gen = time.perf_counter() - t0
            t0 = time.perf_counter()
            cov, rep = load_participants(path, "35.22", periods=periods)
            duck = time.perf_counter() - t0
            total = int(cov.loc[cov["periode"] == PERIOD, "peserta_aktif"].sum())
            line = (f"N={n:>11,d}  months {len(periods)}  generate {gen:5.1f} s  "
                    f"duckdb {duck:6.1f} s  "
                    f"({n / duck / 1e6:5.2f} M rows/s)  active persons {PERIOD} {total:,d}")
            if n == 1_000_000 or (pandas_time is None and n == min(sizes)):
                t0 = time.perf_counter()
                base = pandas_baseline(path)
                pandas_time = time.perf_counter() - t0
                same = int(base.sum()) == total
                ratio = (f"pandas/duckdb {pandas_time / duck:4.1f}x" if len(periods) == 1
                         else "(pandas: one month only, no ratio)")
                line += f"  pandas {pandas_time:6.1f} s  {ratio}  same {PERIOD} total: {same}"
            print(line, flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
