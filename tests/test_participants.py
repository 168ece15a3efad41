"""Participant records: activity, de-duplication, precedence, and that NIK never leaks.

The expected counts below were worked out by hand from
tests/fixtures/participants_small.csv (see tests/fixtures/README.md for the
row-by-row reasoning), not taken from the code's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from ucjlib.errors import InputValidationError
from ucjlib.inputs.participants import load_participants

FIX = Path(__file__).parent / "fixtures"
SMALL = FIX / "participants_small.csv"
D1, D2 = "35.22.16.2017", "35.22.16.2006"  # Mojosari, Kalitidu (both in Kec. Kalitidu)

EXPECTED = {
    # June 2025: A -> PU/D2/mandiri (PU beats its BPU rows); B -> PU/D2/APBD (two PU rows,
    # latest start wins); C -> PMI (beats JAKON); E starts on 30 June -> active;
    # invalid NIK rows 12 and 13 count once each; D ended 30 April; F starts in July;
    # G nonaktif without end date; H ended on 30 June (not after month end).
    "2025-06": {(D2, "PU", "mandiri"): 2, (D2, "PU", "APBD"): 1, (D2, "PMI", "mandiri"): 1,
                (D1, "JAKON", "lainnya"): 1, (D1, "BPU", "APBD"): 1},
    # March 2025: A -> BPU/D1/APBD (its PU row starts in May); D and H still active.
    "2025-03": {(D1, "BPU", "APBD"): 3, (D2, "PU", "APBD"): 1, (D2, "PMI", "mandiri"): 1,
                (D2, "BPU", "APBDes"): 1, (D2, "PU", "mandiri"): 1},
}


def as_dict(cov: pd.DataFrame, periode: str) -> dict:
    sub = cov.loc[cov["periode"] == periode]
    return {(k, s, f): int(n) for k, s, f, n in
            zip(sub["kode"], sub["segmen"], sub["pendanaan"], sub["peserta_aktif"], strict=True)}


def niks_and_names() -> tuple[set[str], set[str]]:
    df = pd.read_csv(SMALL, sep=";", dtype=str, keep_default_na=False)
    niks = {n for n in df["nik"] if n}
    return niks, set(df["nama"])


def assert_no_personal_data(*texts: str) -> None:
    niks, names = niks_and_names()
    for text in texts:
        for n in niks:
            assert n not in text
        for name in names:
            assert name not in text
        assert not re.search(r"\d{16}", text)


def test_hand_computed_counts():
    cov, rep = load_participants(SMALL, "35.22", periods=["2025-03", "2025-06"])
    assert list(cov.columns) == ["kode", "periode", "segmen", "pendanaan", "peserta_aktif"]
    for periode, expected in EXPECTED.items():
        assert as_dict(cov, periode) == expected, periode
    assert rep.rows_read == 15
    assert rep.invalid_nik == 2 and rep.invalid_nik_rows == [12, 13]
    assert any("nonaktif tanpa tgl_berhenti" in n for n in map(str, rep.notes))


def test_invalid_nik_can_be_dropped():
    cov, rep = load_participants(SMALL, "35.22", periods="2025-06", invalid_nik="drop")
    got = as_dict(cov, "2025-06")
    want = dict(EXPECTED["2025-06"])
    want[(D2, "PU", "mandiri")] -= 1  # row 13
    del want[(D1, "BPU", "APBD")]  # row 12
    assert got == want


def test_default_periods_end_with_latest_start_month():
    cov, rep = load_participants(SMALL, "35.22")
    # latest tgl_mulai is 2025-07-01 (row 10): 12 months 2024-08 .. 2025-07
    assert sorted(cov["periode"].unique())[-1] == "2025-07"
    assert sorted(cov["periode"].unique())[0] == "2024-08"
    assert as_dict(cov, "2025-06") == EXPECTED["2025-06"]


def test_no_nik_or_name_in_outputs_reports_or_errors(tmp_path):
    cov, rep = load_participants(SMALL, "35.22", periods="2025-06")
    assert "nik" not in [c.lower() for c in cov.columns]
    assert_no_personal_data(cov.to_csv(), repr(cov), rep.text(), repr(rep), str(rep))
    # errors: a bad segment and a bad code on rows that carry a NIK and a name
    text = SMALL.read_text(encoding="utf-8").replace(";PMI;", ";XXX;").replace(
        "35.22.16.2006;BPU;APBDes", "35.22.16.9999;BPU;APBDes")
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputValidationError) as e:
        load_participants(bad, "35.22")
    assert {(p.row, p.column) for p in e.value.problems} == {(6, "segmen"), (8, "kode_desa")}
    assert_no_personal_data(str(e.value), repr(e.value.problems))


def test_reader_errors_do_not_quote_the_line():
    import duckdb

    from ucjlib.inputs.duck import safe_error

    exc = duckdb.InvalidInputException(
        "CSV Error on Line: 5\nOriginal Line: 3522010101800009;Nama Rahasia;35.22.16.2017")
    err = safe_error("p.csv", exc)
    assert err.problems[0].row == 5 and err.problems[0].file == "p.csv"
    assert "3522010101800009" not in str(err) and "Rahasia" not in str(err)


def test_names_instead_of_codes_give_the_same_counts(tmp_path):
    df = pd.read_csv(SMALL, sep=";", dtype=str, keep_default_na=False)
    names = {D1: ("KEC. KALITIDU", "Ds. Mojosari"), D2: ("Kalitidu ", "KALITIDU")}
    df.insert(2, "kecamatan", [names[k][0] for k in df["kode_desa"]])
    df.insert(3, "desa", [names[k][1] for k in df["kode_desa"]])
    df = df.drop(columns="kode_desa")
    p = tmp_path / "names.csv"
    df.to_csv(p, sep=";", index=False)
    cov, rep = load_participants(p, "35.22", periods=["2025-03", "2025-06"])
    for periode, expected in EXPECTED.items():
        assert as_dict(cov, periode) == expected
    assert rep.match_counts()["unmatched"] == 0


def test_unmatched_names_fail_or_are_excluded(tmp_path):
    df = pd.read_csv(SMALL, sep=";", dtype=str, keep_default_na=False)
    df.insert(2, "kecamatan", "Kalitidu")
    df.insert(3, "desa", ["Mojosari" if k == D1 else "Desa Tidak Ada" for k in df["kode_desa"]])
    df = df.drop(columns="kode_desa")
    p = tmp_path / "names.csv"
    df.to_csv(p, sep=";", index=False)
    with pytest.raises(InputValidationError) as e:
        load_participants(p, "35.22", periods="2025-06")
    assert len(e.value.problems) == 1 and e.value.problems[0].column == "desa"
    assert e.value.problems[0].row == 5  # first row with that desa
    cov, rep = load_participants(p, "35.22", periods="2025-06", allow_unmatched=True)
    # rows in D2: 5-8, 11, 13, 15, 16 -> 8 rows; persons: NIKs 2,3,4,7,1 + row 13 = 6
    assert rep.excluded_rows == 8 and rep.excluded_participants == 6
    assert set(cov["kode"]) == {D1}


def test_parquet_with_typed_dates_matches_csv(tmp_path):
    df = pd.read_csv(SMALL, sep=";", dtype=str, keep_default_na=False)
    for c in ("tgl_mulai", "tgl_berhenti", "tgl_lahir"):
        df[c] = pd.to_datetime(df[c].replace("", None), dayfirst=False, format="mixed").dt.date
    p = tmp_path / "participants.parquet"
    df.to_parquet(p)
    cov, rep = load_participants(p, "35.22", periods=["2025-03", "2025-06"])
    for periode, expected in EXPECTED.items():
        assert as_dict(cov, periode) == expected
    assert rep.invalid_nik_rows == [12, 13]


def test_xlsx_participants(tmp_path):
    df = pd.read_csv(SMALL, sep=";", dtype=str, keep_default_na=False)
    p = tmp_path / "participants.xlsx"
    df.to_excel(p, index=False)
    cov, _ = load_participants(p, "35.22", periods="2025-06")
    assert as_dict(cov, "2025-06") == EXPECTED["2025-06"]


def test_bad_participant_inputs(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("nik;kode_desa;segmen;tgl_mulai\n3522010101800001;35.22.16.2017;BPU;2024-01-01\n")
    with pytest.raises(InputValidationError) as e:
        load_participants(p, "35.22")
    assert [x.column for x in e.value.problems] == ["status"]
    p.write_text("nik;kode_desa;segmen;pendanaan;tgl_mulai;status;tgl_berhenti\n"
                 "3522010101800001;35.22.16.2017;BPU;APBN;kemarin;hidup;2023-01-01\n"
                 "3522010101800002;35.22.16.2017;BPU;APBD;2024-05-01;aktif;2024-01-01\n")
    with pytest.raises(InputValidationError) as e:
        load_participants(p, "35.22")
    got = {(x.row, x.column) for x in e.value.problems}
    assert got == {(2, "pendanaan"), (2, "tgl_mulai"), (2, "status"), (3, "tgl_berhenti")}
    assert_no_personal_data(str(e.value))


def test_participants_cli_never_prints_nik(tmp_path, capsys):
    from ucjlib.cli import main

    rc = main(["validate", str(SMALL), "--kind", "participants", "--kabupaten", "35.22"])
    out = capsys.readouterr()
    assert rc == 0 and "OK" in out.out and "NIK tidak valid" in out.out
    assert_no_personal_data(out.out, out.err)


def test_misaligned_nik_in_segment_column_is_not_echoed(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("nik;kode_desa;segmen;pendanaan;tgl_mulai;status\n"
                 "3522010101800001;35.22.16.2017;3522010101800001;APBD;2024-01-01;aktif\n"
                 "3522010101800002;35.22.16.2017;PBI;APBD;2024-01-01;aktif\n")
    with pytest.raises(InputValidationError) as e:
        load_participants(p, "35.22")
    text = str(e.value)
    # a participant file's cells are never quoted, not even a harmless-looking 'PBI'
    assert "3522010101800001" not in text and "PBI" not in text
    assert [x.row for x in e.value.problems] == [2, 3]


def test_load_dataset_from_participant_records(tmp_path):
    from ucjlib.inputs.loaders import load_dataset

    (tmp_path / "participants.csv").write_bytes(SMALL.read_bytes())
    (tmp_path / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;700.000\n")
    ds = load_dataset(tmp_path, "35.22", periods="2025-06")
    assert as_dict(ds.coverage, "2025-06") == EXPECTED["2025-06"]
    assert any("NIK tidak valid" in n for n in map(str, ds.notes))
    assert_no_personal_data(repr(ds), " ".join(map(str, ds.notes)), ds.source)


def reference_counts(df: pd.DataFrame, periode: str) -> dict:
    """The documented rules written out naively in plain Python (one row at a time)."""
    eom = (pd.Period(periode, freq="M").to_timestamp(how="end").normalize()).date()
    rank = {"PU": 1, "PMI": 2, "JAKON": 3, "BPU": 4}
    best: dict[object, tuple] = {}
    for row, r in zip(range(2, len(df) + 2), df.itertuples(index=False), strict=True):
        start = pd.Timestamp(r.tgl_mulai).date()
        stop = pd.Timestamp(r.tgl_berhenti).date() if r.tgl_berhenti else None
        if r.status == "nonaktif" and stop is None:
            continue
        if not (start <= eom and (stop is None or stop > eom)):
            continue
        nik = re.sub(r"[\s.\-]", "", r.nik)  # the documented NIK rule: separators dropped
        person = nik if re.fullmatch(r"\d{16}", nik) else ("row", row)
        key = (rank[r.segmen], -start.toordinal(), -row)
        if person not in best or key < best[person][0]:
            best[person] = (key, (r.kode, r.segmen, r.pendanaan))
    out: dict[tuple, int] = {}
    for _, cell in best.values():
        out[cell] = out.get(cell, 0) + 1
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_records_match_a_naive_reference(tmp_path, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    n = 400
    niks = [f"35220101018{i:05d}" for i in range(60)] + ["123", ""]
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 560, n), unit="D")
    stop = start + pd.to_timedelta(rng.integers(0, 400, n), unit="D")
    has_stop = rng.random(n) < 0.4
    df = pd.DataFrame({
        "nik": rng.choice(niks, n),
        "kode": rng.choice([D1, D2, "35.22.04.2001"], n),
        "segmen": rng.choice(["PU", "BPU", "JAKON", "PMI"], n),
        "pendanaan": rng.choice(["mandiri", "APBD", "APBDes", "lainnya"], n),
        "tgl_mulai": start.strftime("%Y-%m-%d"),
        "status": rng.choice(["aktif", "nonaktif"], n, p=[0.8, 0.2]),
        "tgl_berhenti": np.where(has_stop, stop.strftime("%Y-%m-%d"), ""),
    })
    # month-end boundaries on purpose
    df.loc[:9, ["tgl_mulai", "tgl_berhenti"]] = ["2024-02-01", "2025-03-31"]
    df.loc[10:19, ["tgl_mulai", "tgl_berhenti"]] = ["2025-03-31", ""]
    p = tmp_path / "p.csv"
    df.to_csv(p, sep=";", index=False)
    months = ["2024-06", "2025-02", "2025-03", "2025-04"]
    cov, _ = load_participants(p, "35.22", periods=months)
    for m in months:
        assert as_dict(cov, m) == reference_counts(df, m), m
