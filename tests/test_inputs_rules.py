"""One test per class of input problem from the tester's issue (each failed before the fix)."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

import ucjlib.inputs.values as values_mod
from ucjlib.errors import ArgumentError, InputValidationError
from ucjlib.inputs.loaders import load_coverage, load_dataset, load_workforce, validate_file
from ucjlib.inputs.participants import load_participants

FIX = Path(__file__).parent / "fixtures"
HEADER = "kode;periode;segmen;pendanaan;peserta_aktif\n"
KEC = [f"35.22.{i:02d}" for i in range(1, 29)]


def write(folder: Path, name: str, text: str) -> Path:
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def run_date(monkeypatch):
    """Pretend today is 15 July 2025."""
    monkeypatch.setattr(values_mod, "today", lambda: dt.date(2025, 7, 15))


# ------------------------------------------------------------- mixed levels

def test_workforce_total_plus_two_kecamatan_is_a_conflict(tmp_path):
    """Issue: kabupaten total + two kecamatan rows gave Bojonegoro 5.030,00% with exit 0."""
    wf = write(tmp_path, "workforce.csv", "kode;tahun;pekerja\n35.22;2025;820.388\n"
               "35.22.16;2025;100\n35.22.04;2025;63\n")
    probs = validate_file(wf, "workforce", "35.22")
    assert len(probs) == 1
    p = probs[0]
    assert p.row == 2 and p.column == "kode" and "baris 3, 4" in p.message
    assert "2 dari 28 kecamatan" in p.message and "satu tingkat saja per tahun" in p.expected
    write(tmp_path, "coverage.csv", HEADER + "35.22.16;2025-06;BPU;APBD;5\n")
    with pytest.raises(InputValidationError):
        load_dataset(tmp_path, "35.22")


def test_subtotal_equal_to_complete_breakdown_is_dropped_with_a_note(tmp_path):
    rows = "".join(f"{k};2025;1.000\n" for k in KEC)
    wf = write(tmp_path, "w.csv", "kode;tahun;pekerja\n35.22;2025;28.000\n" + rows)
    df, rep = load_workforce(wf, "35.22")
    assert "35.22" not in set(df["kode"]) and len(df) == 28
    assert any("subtotal" in n and "35.22" in n for n in map(str, rep.notes))
    # the same total that does not add up is a conflict naming the column
    bad = write(tmp_path, "w2.csv", "kode;tahun;pekerja\n35.22;2025;28.001\n" + rows)
    (p,) = validate_file(bad, "workforce", "35.22")
    assert p.column == "pekerja" and "28.000" in p.message and "28.001" in p.message


def test_partial_denominator_year_is_reported(tmp_path):
    """Issue: 2024 for every desa and 2025 for one desa gave 10.841,94%."""
    from ucjlib.demo.generate import demo_dataset

    wf = demo_dataset("35.22").workforce
    part = pd.concat([wf.loc[wf["tahun"] == 2024], wf.loc[wf["tahun"] == 2025].head(1)])
    path = tmp_path / "workforce.csv"
    part[["kode", "tahun", "pekerja"]].to_csv(path, sep=";", index=False)
    probs = validate_file(path, "workforce", "35.22")
    assert len(probs) == 1 and probs[0].column == "kode"
    assert "tahun 2025" in probs[0].message and "1 dari 430 desa/kelurahan" in probs[0].message
    # without a kabupaten the kabupaten is taken from the codes
    assert len(validate_file(path, "workforce")) == 1
    with pytest.raises(InputValidationError, match="sebagian"):
        load_workforce(path, "35.22")


def test_partial_workforce_fixture_is_reported():
    probs = validate_file(FIX / "workforce_partial.csv", "workforce", "35.22")
    assert [(p.row, p.column) for p in probs] == [(3, "kode")]


def test_coverage_kecamatan_row_plus_one_desa_row_is_a_conflict(tmp_path):
    """Issue: kecamatan row (500) + one desa row under it: the 500 vanished, Kalitidu showed 3."""
    cov = write(tmp_path, "c.csv", HEADER + "35.22.16;2025-06;BPU;APBD;500\n"
                "35.22.16.2017;2025-06;BPU;APBD;3\n35.22.16.2017;2025-06;PU;mandiri;4\n")
    (p,) = validate_file(cov, "coverage", "35.22")
    assert p.row == 2 and "baris 3" in p.message and "periode 2025-06" in p.message
    assert "segmen BPU" in p.message and "pendanaan APBD" in p.message
    with pytest.raises(InputValidationError):
        load_coverage(cov, "35.22")


# ------------------------------------------------------------- population

def test_partial_population_in_a_dataset_is_an_error(tmp_path):
    """Issue: population for 2 of 28 kecamatan received the whole kabupaten workforce."""
    write(tmp_path, "coverage.csv", HEADER + "35.22.01;2025-06;BPU;APBD;30\n")
    write(tmp_path, "penduduk.csv", "kode;penduduk_15\n35.22.01;100\n35.22.02;200\n")
    write(tmp_path, "workforce.csv", "kode;tahun;pekerja\n35.22;2025;501\n")
    with pytest.raises(InputValidationError) as e:
        load_dataset(tmp_path, "35.22")
    assert "2 dari 28 kecamatan" in str(e.value) and "35.22.03 Ngambon" in str(e.value)


# ------------------------------------------------------------- numbers

@pytest.mark.parametrize(("text", "needle"), [
    ("1e20", "eksponen"), ("12e3", "eksponen"), ("1_000", "garis bawah"), ("+5", "tanda +"),
    ("١٢٣", "bukan 0-9"), ("inf", "bukan angka"), ("NaN", "bukan angka"),
    ("1,5", "bukan bilangan bulat"), ("300.000.001", "300.000.000"), ("-3", "negatif"),
])
def test_odd_numbers_are_clear_errors(tmp_path, text, needle):
    """Issue: 1e20 became -9.223.372.036.854.775.808; inf crashed; 12e3, 1_000, +5 passed."""
    cov = write(tmp_path, "c.csv", HEADER + f"35.22.16;2025-06;BPU;APBD;{text}\n")
    (p,) = validate_file(cov, "coverage")
    assert p.row == 2 and p.column == "peserta_aktif" and needle in p.message + p.expected


@pytest.mark.parametrize(("text", "value"), [
    ("157058", 157058), ("157.058", 157058), ("157,058", 157058), ("1.234.567", 1234567),
    ("1 234", 1234), ("157058.0", 157058), ('"157,058"', 157058)])
def test_counts_written_as_people_write_them(tmp_path, text, value):
    sep = "," if text.startswith('"') else ";"
    cov = write(tmp_path, "c.csv", HEADER.replace(";", sep)
                + sep.join(["35.22.16", "2025-06", "BPU", "APBD", text]) + "\n")
    df, _ = load_coverage(cov)
    assert df["peserta_aktif"].tolist() == [value]


def test_comma_is_decimal_when_the_column_says_so(tmp_path):
    cov = write(tmp_path, "c.csv", HEADER + "35.22.16;2025-06;BPU;APBD;1,234\n"
                "35.22.16;2025-06;PU;mandiri;2,5\n")
    assert {p.row for p in validate_file(cov, "coverage")} == {2, 3}


def test_excel_whole_floats_are_counts_and_huge_ones_are_not(tmp_path):
    df = pd.DataFrame({"kode": ["35.22.16", "35.22.04"], "periode": ["2025-06", "2025-06"],
                       "segmen": ["BPU", "BPU"], "pendanaan": ["APBD", "APBD"],
                       "peserta_aktif": [157058.0, 1e20]})
    df.to_excel(tmp_path / "c.xlsx", index=False)
    (p,) = validate_file(tmp_path / "c.xlsx", "coverage")
    assert p.row == 3 and "300.000.000" in p.message
    df.iloc[:1].to_excel(tmp_path / "ok.xlsx", index=False)
    assert load_coverage(tmp_path / "ok.xlsx")[0]["peserta_aktif"].tolist() == [157058]


# ------------------------------------------------------------- periods

@pytest.mark.parametrize("text", ["2099-01", "2025-08", "2025-02-30", "31/06/2025"])
def test_future_and_impossible_months_are_errors(tmp_path, run_date, text):
    cov = write(tmp_path, "c.csv", HEADER + f"35.22.16;{text};BPU;APBD;5\n"
                "35.22.16;2025-07;PU;mandiri;5\n")
    (p,) = validate_file(cov, "coverage")
    assert p.row == 2 and p.column == "periode"


def test_future_workforce_year_is_an_error(tmp_path, run_date):
    wf = write(tmp_path, "w.csv", "kode;tahun;pekerja\n35.22;2026;100\n35.22;2025;100\n")
    (p,) = validate_file(wf, "workforce")
    assert p.row == 2 and p.column == "tahun" and "masa depan" in p.message


def test_future_start_date_is_a_problem_and_never_a_month(tmp_path, run_date):
    """Issue: one tgl_mulai 2099-01-01 moved every output to 'Januari 2099'."""
    p = write(tmp_path, "peserta.csv", "nik;kode_desa;segmen;pendanaan;tgl_mulai;status\n"
              "3522010101800001;35.22.16.2017;BPU;APBD;2024-01-10;aktif\n"
              "3522010101800002;35.22.16.2017;BPU;APBD;2099-01-01;aktif\n")
    with pytest.raises(InputValidationError) as e:
        load_participants(p, "35.22")
    (prob,) = e.value.problems
    assert prob.row == 3 and prob.column == "tgl_mulai" and "2099" not in str(prob)
    assert validate_file(p, "participants", "35.22")[0].row == 3
    with pytest.raises(ArgumentError):
        load_participants(p, "35.22", periods="2099-01")


# ------------------------------------------------------------- demo label

@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_demo_label_travels_with_the_tables(tmp_path, fmt):
    """Issue: demo data copied without its DEMO marker lost the 'data demo (sintetis)' label."""
    from ucjlib.demo.generate import write_demo

    write_demo(tmp_path / "out", "35.22", fmt=fmt)
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in (f"coverage.{fmt}", f"workforce.{fmt}"):
        shutil.copy(tmp_path / "out" / "35.22" / name, copy / name)
    ds = load_dataset(copy, "35.22")
    assert ds.demo is True and "label_data" not in ds.coverage.columns
    if fmt == "parquet":  # also without the column, from the Parquet metadata
        import pyarrow.parquet as pq

        for name in ("coverage", "workforce"):
            t = pq.read_table(copy / f"{name}.parquet")
            pq.write_table(t.drop(["label_data"]), copy / f"{name}.parquet")
        assert load_dataset(copy, "35.22").demo is True


def test_table_mixing_demo_and_real_rows_is_an_error(tmp_path):
    cov = write(tmp_path, "c.csv", "kode;periode;segmen;pendanaan;peserta_aktif;label_data\n"
                "35.22.16;2025-06;BPU;APBD;5;data demo (sintetis)\n"
                "35.22.04;2025-06;BPU;APBD;5;\n")
    (p,) = validate_file(cov, "coverage")
    assert p.row == 3 and p.column == "label_data" and "campuran" in p.message


# ------------------------------------------------------------- participants in notebooks

def test_duckdb_connection_is_jupyter_safe():
    from ucjlib.inputs.sql import connect

    con = connect(2)
    assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] is False
    con.close()


def test_load_dataset_periods_for_a_participants_folder(tmp_path):
    shutil.copy(FIX / "participants_small.csv", tmp_path / "participants.csv")
    write(tmp_path, "workforce.csv", "kode;tahun;pekerja\n35.22;2025;700.000\n")
    one = load_dataset(tmp_path, "35.22", periods="2025-06")
    assert one.periods == ["2025-06"]
    two = load_dataset(tmp_path, "35.22", periods=["2025-03", "Juni 2025"])
    assert two.periods == ["2025-03", "2025-06"]
    with pytest.raises(ArgumentError):
        load_dataset(tmp_path, "35.22", periods="bukan bulan")


# ------------------------------------------------------------- one of each

def test_one_matcher_one_allocation_no_import_cycle():
    import ucjlib.demo.calibration as cal
    import ucjlib.demo.generate as gen
    import ucjlib.inputs.alloc as alloc
    import ucjlib.inputs.workforce as wfm
    import ucjlib.projection as projection

    quotas = importlib.import_module("ucjlib.projection.allocate")  # not the function allocate

    assert cal.largest_remainder is alloc.largest_remainder is wfm.largest_remainder
    assert gen.largest_remainder is alloc.largest_remainder is quotas.largest_remainder
    assert "largest_remainder" not in projection.__all__
    root = Path(__file__).parents[1] / "ucjlib" / "inputs"
    graph: dict[str, set[str]] = {}
    for f in root.glob("*.py"):
        mods = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and \
                    node.module.startswith("ucjlib.inputs."):
                mods.add(node.module.rsplit(".", 1)[1])
        graph[f.stem] = mods
    # no module reaches itself (imports inside functions included)
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            assert m != start, f"import cycle through ucjlib.inputs.{start}"
            if m not in seen:
                seen.add(m)
                todo += graph.get(m, ())
    for name in ("validation", "participants"):
        assert "regions" in graph[name]  # both use regions.match_region_names
    src = (root / "participants.py").read_text() + (root / "validation.py").read_text()
    assert src.count("match_names(") == 0


def test_largest_remainder_scaled_shares_with_caps():
    """The projection's path: shares already summing to the total, floors with tolerance, caps."""
    import numpy as np

    from ucjlib.inputs.alloc import largest_remainder

    assert largest_remainder(np.array([1.5, 1.5, 1.0]), 4, scaled=True).tolist() == [2, 1, 1]
    # 2.9999999999 is 3 (no extra unit to give), not 2 plus a remainder
    assert largest_remainder(np.array([2.9999999999, 1.0000000001]), 4,
                             scaled=True).tolist() == [3, 1]
    # the extra unit skips a unit at its cap; a slice may get less than its total
    assert largest_remainder(np.array([1.6, 1.4]), 3, scaled=True,
                             caps=np.array([1, 5])).tolist() == [1, 2]
    assert largest_remainder(np.array([1.6, 1.4]), 4, scaled=True,
                             caps=np.array([1, 1])).tolist() == [1, 1]
    # caps along an axis of a 2-D array
    out = largest_remainder(np.array([[0.5, 0.5], [1.5, 0.5]]), np.array([1, 2]), axis=1,
                            scaled=True, caps=np.array([[0, 1], [1, 1]]))
    assert out.tolist() == [[0, 1], [1, 1]]
