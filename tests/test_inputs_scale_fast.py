"""The participant fast path (file grouped directly) against the general path.

Random files with many records per person exercise all three ways a person
is resolved (best record spanning the others, up to 8 records resolved from
the list, more than 8 records resolved from a second pass), with
non-contiguous months, default months and invalid_nik="drop". A file with a
problem must leave the fast path and be reported by the general path.
"""

from __future__ import annotations

import pytest
from test_inputs_scale import random_records

from ucjlib.errors import InputValidationError
from ucjlib.inputs import participant_fast
from ucjlib.inputs.participants import load_participants

pytestmark = pytest.mark.slow  # large-scale inputs

MONTHS = ["2024-03", "2024-06", "2024-07", "2025-01", "2025-03", "2025-04", "2025-06"]


def _both(monkeypatch, path, **kw):
    taken = []
    real = participant_fast.fast_aggregate

    def spy(*a, **k):
        out = real(*a, **k)
        taken.append(out is not None)
        return out

    monkeypatch.setattr(participant_fast, "fast_aggregate", spy)
    fast = load_participants(path, "35.22", **kw)
    monkeypatch.setattr(participant_fast, "fast_aggregate", lambda *a, **k: None)
    general = load_participants(path, "35.22", **kw)
    monkeypatch.setattr(participant_fast, "fast_aggregate", real)
    return taken[-1], fast, general


@pytest.mark.parametrize("seed", range(40, 46))
@pytest.mark.parametrize("kw", [{"periods": MONTHS}, {"periods": None},
                                {"periods": "2025-01", "invalid_nik": "drop"}])
def test_fast_path_equals_the_general_path(tmp_path, monkeypatch, seed, kw):
    df = random_records(seed, 400 if seed % 2 else 120)
    p = tmp_path / ("p.parquet" if seed % 2 else "p.csv")
    if p.suffix == ".csv":
        df.to_csv(p, sep=";", index=False)
    else:
        df.to_parquet(p)
    taken, (a, ra), (b, rb) = _both(monkeypatch, p, **kw)
    assert taken
    assert a.equals(b) and list(a.dtypes) == list(b.dtypes)
    for f in ("rows_read", "rows_loaded", "invalid_nik", "invalid_nik_rows", "notes"):
        assert getattr(ra, f) == getattr(rb, f), f


def test_a_problem_leaves_the_fast_path(tmp_path, monkeypatch):
    df = random_records(5, 200)
    df.loc[17, "segmen"] = "bukan segmen"
    df.loc[30, "tgl_mulai"] = "2024-02-30"
    p = tmp_path / "p.csv"
    df.to_csv(p, sep=";", index=False)
    with pytest.raises(InputValidationError) as e:
        load_participants(p, "35.22", periods="2025-01")
    assert {(x.row, x.column) for x in e.value.problems} == {(19, "segmen"), (32, "tgl_mulai")}
    assert "bukan segmen" not in str(e.value)


def _nik_variants(seed: int, n: int, repeated_16: bool):
    """Random records whose NIKs are written in every way the fast path groups differently."""
    df = random_records(seed, n)
    rng = __import__("numpy").random.default_rng(seed)
    rows = rng.choice(n, 40, replace=False)
    # the same person written with spaces or as a spreadsheet number ('.0'): one person
    df.loc[rows[:8], "nik"] = "  3522010101800001 "
    df.loc[rows[8:14], "nik"] = "3522010101800002.0"
    df.loc[rows[14:18], "nik"] = "3522010101800003.00 "
    # 16 characters that are not 16 digits, once each: each its own person
    df.loc[rows[18], "nik"] = "352201010180000X"
    df.loc[rows[19], "nik"] = " 352201010180000"
    df.loc[rows[20], "nik"] = "+352201010180000"
    if repeated_16:  # the same invalid 16-character text on several rows
        df.loc[rows[21:25], "nik"] = "3522-10101800009"
    return df


@pytest.mark.parametrize("seed", range(60, 64))
@pytest.mark.parametrize("invalid_nik", ["count", "drop"])
def test_nik_texts_grouped_as_the_general_path_does(tmp_path, monkeypatch, seed, invalid_nik):
    repeated = seed % 2 == 1
    df = _nik_variants(seed, 300, repeated)
    p = tmp_path / ("p.parquet" if seed < 62 else "p.csv")
    if p.suffix == ".csv":
        df.to_csv(p, sep=";", index=False)
    else:
        df.to_parquet(p)
    for periods in (MONTHS, "2025-01"):
        taken, (a, ra), (b, rb) = _both(monkeypatch, p, periods=periods, invalid_nik=invalid_nik)
        assert taken is not repeated  # repeated invalid 16-character text: the general path
        assert a.equals(b)
        for f in ("rows_read", "rows_loaded", "invalid_nik", "invalid_nik_rows", "notes"):
            assert getattr(ra, f) == getattr(rb, f), f
        assert ra.invalid_nik >= 3 + (4 if repeated else 0)
