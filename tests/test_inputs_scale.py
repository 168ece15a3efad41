"""The streaming participant count against the naive reference: many random files.

Each case mixes duplicate NIKs, exact ties (same NIK, segment and start:
the last row wins), invalid NIKs, nonaktif rows without an end date,
month-end boundaries and several months in one call, and checks every
month against :func:`tests.test_participants.reference_counts`, the rules
written out row by row. A future start date must be a problem that names
row and column only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_participants import D1, D2, as_dict, reference_counts

from ucjlib.errors import InputValidationError
from ucjlib.inputs.participants import load_participants

pytestmark = pytest.mark.slow  # large-scale inputs


def random_records(seed: int, n: int = 300) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    niks = [f"35220101018{i:05d}" for i in range(40)] + ["123", "", "3522 010101800001"]
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 540, n), unit="D")
    stop = start + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    df = pd.DataFrame({
        "nik": rng.choice(niks, n),
        "kode": rng.choice([D1, D2, "35.22.04.2001"], n),
        "segmen": rng.choice(["PU", "BPU", "JAKON", "PMI"], n),
        "pendanaan": rng.choice(["mandiri", "APBD", "APBDes", "lainnya"], n),
        "tgl_mulai": start.strftime("%Y-%m-%d"),
        "status": rng.choice(["aktif", "nonaktif"], n, p=[0.8, 0.2]),
        "tgl_berhenti": np.where(rng.random(n) < 0.4, stop.strftime("%Y-%m-%d"), ""),
    })
    # exact ties: same NIK, segment and start on several rows (the last row wins)
    tie = rng.choice(n, 12, replace=False)
    df.loc[tie, ["nik", "segmen", "tgl_mulai", "tgl_berhenti", "status"]] = [
        "3522010101899999", "PU", "2024-06-15", "", "aktif"]
    df.loc[:5, ["tgl_mulai", "tgl_berhenti"]] = ["2024-02-01", "2025-03-31"]
    return df


@pytest.mark.parametrize("seed", range(10, 22))
def test_random_files_match_the_naive_reference(tmp_path, seed):
    df = random_records(seed)
    p = tmp_path / ("p.parquet" if seed % 3 == 0 else "p.csv")
    if p.suffix == ".csv":
        df.to_csv(p, sep=";", index=False)
    else:
        df.to_parquet(p)
    months = ["2024-03", "2024-06", "2024-07", "2025-01", "2025-03", "2025-04", "2025-06"]
    cov, rep = load_participants(p, "35.22", periods=months)
    for m in months:
        assert as_dict(cov, m) == reference_counts(df, m), (seed, m)
    one, _ = load_participants(p, "35.22", periods=months[3])  # one month alone: the same
    assert as_dict(one, months[3]) == as_dict(cov, months[3])


def test_drop_invalid_matches_the_reference_without_those_rows(tmp_path):
    df = random_records(7)
    p = tmp_path / "p.csv"
    df.to_csv(p, sep=";", index=False)
    cov, rep = load_participants(p, "35.22", periods="2025-01", invalid_nik="drop")
    ok = df["nik"].str.replace(r"[\s.\-]", "", regex=True).str.fullmatch(r"\d{16}")
    assert rep.invalid_nik == int((~ok).sum())
    assert as_dict(cov, "2025-01") == reference_counts(df.loc[ok], "2025-01")


def test_future_start_is_a_problem_without_the_value(tmp_path):
    df = random_records(3, 40)
    future = (pd.Timestamp.today() + pd.Timedelta(days=40)).strftime("%Y-%m-%d")
    df.loc[[4, 9], "tgl_mulai"] = future
    df.loc[[4, 9], "tgl_berhenti"] = ""
    p = tmp_path / "p.csv"
    df.to_csv(p, sep=";", index=False)
    with pytest.raises(InputValidationError) as e:
        load_participants(p, "35.22", periods="2025-01")
    assert {(x.row, x.column) for x in e.value.problems} == {(6, "tgl_mulai"), (11, "tgl_mulai")}
    assert future not in str(e.value)
