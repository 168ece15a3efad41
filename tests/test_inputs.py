"""Input contracts: data dictionary, file formats, bad-input cases, name matching, datasets."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from ucjlib.dataset import COVERAGE_COLUMNS, WORKFORCE_COLUMNS
from ucjlib.errors import InputValidationError
from ucjlib.inputs.dictionary import DICTIONARY_PATH, columns, header_map, norm_key, render_markdown
from ucjlib.inputs.loaders import (
    load_coverage,
    load_dataset,
    load_workforce,
    read_table,
    validate_file,
)
from ucjlib.inputs.values import parse_period

FIX = Path(__file__).parent / "fixtures"
HEADER = "kode;periode;segmen;pendanaan;peserta_aktif\n"
KEC = [f"35.22.{i:02d}" for i in range(1, 29)]  # the 28 kecamatan of Bojonegoro


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def only(problems, **want):
    """The problems whose attributes equal ``want``."""
    return [p for p in problems if all(getattr(p, k) == v for k, v in want.items())]


# ------------------------------------------------------------------ dictionary

def test_dictionary_markdown_is_generated_from_yaml():
    md = (DICTIONARY_PATH.parent / "DICTIONARY.md").read_text(encoding="utf-8")
    assert md == render_markdown(), "run: python -m ucjlib.inputs.dictionary > data/DICTIONARY.md"


def test_dictionary_covers_canonical_columns_and_rules():
    cov = [c["name"] for c in columns("coverage")]
    assert set(COVERAGE_COLUMNS) <= set(cov)
    wf = [c["name"] for c in columns("workforce")]
    assert set(WORKFORCE_COLUMNS) <= set(wf)
    for kind in ("coverage", "workforce", "population", "participants"):
        for c in columns(kind):
            for key in ("type", "unit", "required", "allowed", "example", "aliases"):
                assert key in c, (kind, c["name"], key)
    md = render_markdown()
    for needle in ("PU > PMI > JAKON > BPU", "sisa terbesar", "tahun kalender yang sama"):
        assert needle in md


@pytest.mark.parametrize("kind", ["coverage", "workforce", "population", "participants"])
def test_no_alias_points_to_two_columns(kind):
    seen: dict[str, str] = {}
    for c in columns(kind):
        for alias in [c["name"], *c["aliases"]]:
            k = norm_key(alias)
            assert seen.setdefault(k, c["name"]) == c["name"], (alias, seen[k], c["name"])
    assert header_map(kind)[norm_key("Kode Wilayah")] == "kode"


# ------------------------------------------------------------------ formats

def test_semicolon_csv_with_indonesian_numbers_and_aliases():
    cov, rep = load_coverage(FIX / "coverage_semicolon.csv", "35.22")
    assert list(cov.columns) == list(COVERAGE_COLUMNS)
    assert int(cov["peserta_aktif"].sum()) == 157058 + 1234 + 12 + 0
    assert set(cov["periode"]) == {"2025-06"}
    row = cov.set_index(["kode", "segmen"]).loc[("35.22.16", "PU")]
    assert row["pendanaan"] == "mandiri" and row["peserta_aktif"] == 1234
    assert rep.rows_read == rep.rows_loaded == 4
    assert cov["peserta_aktif"].dtype == "int64"


def test_utf8_bom_comma_csv():
    cov, _ = load_coverage(FIX / "coverage_bom.csv")
    assert cov["kode"].tolist() == ["35.22.16", "35.22.16"]
    assert sorted(cov["peserta_aktif"].tolist()) == [250, 1500]


def test_windows_1252_accented_name_matches():
    raw = read_table(FIX / "coverage_names_cp1252.csv")
    assert "Ngásem" in raw["kecamatan"].tolist()
    cov, rep = load_coverage(FIX / "coverage_names_cp1252.csv", "35.22", allow_unmatched=True)
    assert cov.loc[cov["kode"] == "35.22.04", "peserta_aktif"].tolist() == [30]  # Ngasem


def test_xlsx_with_title_rows_and_excel_dates(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Rekap kepesertaan BPJS Ketenagakerjaan"])
    ws.append([])
    ws.append(["Kode", "Bulan", "Segmen", "Pendanaan", "Peserta Aktif"])
    ws.append(["35.22.16", dt.datetime(2025, 6, 30), "BPU", "APBD", 157058])
    ws.append(["35.22.16", "Juni 2025", "PU", "mandiri", "1.234"])
    p = tmp_path / "coverage.xlsx"
    wb.save(p)
    raw = read_table(p)
    assert raw.index.tolist() == [4, 5]  # spreadsheet rows
    cov, _ = load_coverage(p)
    assert cov["periode"].tolist() == ["2025-06", "2025-06"]
    assert sorted(cov["peserta_aktif"].tolist()) == [1234, 157058]
    # a problem on spreadsheet row 5 is reported as row 5
    ws.append(["35.22.16", "Juni 2025", "BPU", "APBN", 3])
    wb.save(p)
    assert [pr.row for pr in validate_file(p, "coverage")] == [6]


def test_parquet(tmp_path):
    df = pd.DataFrame({"kode_wilayah": ["35.22.16", "35.22.04"], "bulan": ["2025-06", "2025-06"],
                       "segment": ["BPU", "PMI"], "sumber_dana": ["APBDes", "mandiri"],
                       "jumlah_peserta": [10, 3]})
    p = tmp_path / "c.parquet"
    df.to_parquet(p)
    cov, _ = load_coverage(p, "35.22")
    assert cov.set_index("kode").loc["35.22.16", "pendanaan"] == "APBDes"
    assert int(cov["peserta_aktif"].sum()) == 13


@pytest.mark.parametrize("text,expected", [
    ("2025-06", "2025-06"), ("2025/06", "2025-06"), ("06-2025", "2025-06"),
    ("6/2025", "2025-06"), ("Juni 2025", "2025-06"), ("JUN 2025", "2025-06"),
    ("Agustus 2024", "2024-08"), ("2025-06-30", "2025-06"), ("30/06/2025", "2025-06"),
    (dt.date(2025, 6, 30), "2025-06"), (45838, "2025-06"),  # Excel serial of 2025-06-30
    ("2025", None), ("2025-13", None), ("Q2 2025", None), ("", None), ("Juni", None),
])
def test_periods(text, expected):
    assert parse_period(text) == expected


def test_missing_pendanaan_column_defaults_to_lainnya(tmp_path):
    p = write(tmp_path, "c.csv", "kode;periode;segmen;peserta_aktif\n35.22;2025-06;BPU;5\n")
    cov, rep = load_coverage(p)
    assert cov["pendanaan"].tolist() == ["lainnya"]
    assert any("lainnya" in n for n in map(str, rep.notes))


# ------------------------------------------------------------------ bad inputs

def test_missing_column(tmp_path):
    p = write(tmp_path, "c.csv", "kode;periode;pendanaan;peserta_aktif\n35.22;2025-06;APBD;5\n")
    probs = validate_file(p, "coverage")
    assert len(probs) == 1
    assert probs[0].column == "segmen" and probs[0].row is None and probs[0].file == str(p)
    assert "kolom wajib" in probs[0].message
    with pytest.raises(InputValidationError) as e:
        load_coverage(p)
    assert "segmen" in str(e.value) and str(p) in str(e.value)


def test_negative_and_non_numeric_and_fractional_counts(tmp_path):
    p = write(tmp_path, "c.csv", HEADER + "35.22;2025-06;PU;APBD;-3\n35.22;2025-06;BPU;APBD;abc\n"
              "35.22;2025-06;PMI;APBD;1,5\n35.22;2025-06;JAKON;APBD;\n")
    probs = validate_file(p, "coverage")
    assert [(x.row, x.column) for x in probs] == [(2, "peserta_aktif"), (3, "peserta_aktif"),
                                                 (4, "peserta_aktif"), (5, "peserta_aktif")]
    assert "negatif" in probs[0].message and "bukan angka" in probs[1].message
    assert "bilangan bulat" in probs[2].message and "kosong" in probs[3].message
    assert all(x.expected for x in probs)


def test_unknown_segment_and_funding(tmp_path):
    p = write(tmp_path, "c.csv", HEADER + "35.22;2025-06;PBI;APBD;3\n35.22;2025-06;BPU;APBN;3\n")
    probs = validate_file(p, "coverage")
    seg = only(probs, row=2, column="segmen")
    fund = only(probs, row=3, column="pendanaan")
    assert len(probs) == 2 and seg and fund
    assert "PU, BPU, JAKON, PMI" in seg[0].expected and "'PBI'" in seg[0].message
    assert "APBDes" in fund[0].expected


def test_duplicate_keys(tmp_path):
    p = write(tmp_path, "c.csv", HEADER + "35.22.16;2025-06;BPU;APBD;3\n"
              "35.22.04;2025-06;BPU;APBD;1\n35.22.16;Juni 2025;bpu;apbd;4\n")
    probs = validate_file(p, "coverage")
    assert len(probs) == 1 and probs[0].row == 4
    assert "baris 2" in probs[0].message and "ganda" in probs[0].message


def test_period_not_a_month(tmp_path):
    p = write(tmp_path, "c.csv", HEADER + "35.22;2025;BPU;APBD;3\n35.22;2025-13;BPU;APBD;3\n")
    probs = validate_file(p, "coverage")
    assert [(x.row, x.column) for x in probs] == [(2, "periode"), (3, "periode")]
    assert "bukan bulan" in probs[0].message and "2025-06" in probs[0].expected


@pytest.mark.parametrize("name,content,needle", [
    ("c.csv", b"", "kosong"),
    ("c.csv", b"\n  \n", "kosong"),
    ("c.csv", HEADER.encode(), "tidak ada baris data"),
    ("c.xlsx", HEADER.encode() + b"35.22;2025-06;BPU;APBD;3\n", "bukan berkas Excel"),
    ("c.xlsx", b"<html><body><table><tr><td>kode</td></tr></table></body></html>",
     "HTML"),
    ("c.parquet", HEADER.encode(), "bukan berkas Parquet"),
    ("c.csv", bytes(range(256)) * 4, "data biner"),
    ("c.xlsx", b"PK\x03\x04garbage-not-a-real-zip", "tidak bisa dibuka"),
    ("c.xls", b"\xd0\xcf\x11\xe0", ".xls"),
    ("c.json", b"{}", "ekstensi"),
])
def test_bad_files_name_the_file(tmp_path, name, content, needle):
    p = write(tmp_path, name, content)
    probs = validate_file(p, "coverage")
    assert len(probs) == 1 and probs[0].file == str(p) and probs[0].row is None
    assert needle in str(probs[0]), str(probs[0])
    with pytest.raises(InputValidationError) as e:
        load_coverage(p)
    assert str(p) in str(e.value)


def test_unknown_region_code_and_outside_kabupaten(tmp_path):
    p = write(tmp_path, "c.csv", HEADER + "35.22.99;2025-06;BPU;APBD;3\n"
              "35.21.01;2025-06;BPU;APBD;3\n35.22.16;2025-06;BPU;APBD;3\n")
    probs = validate_file(p, "coverage", "35.22")
    assert [(x.row, x.column) for x in probs] == [(2, "kode"), (3, "kode")]
    assert "tidak dikenal" in probs[0].message and "35.22.99" in probs[0].message
    assert "tidak berada di wilayah 35.22" in probs[1].message


def test_all_problems_are_returned_at_once(tmp_path):
    p = write(tmp_path, "c.csv", HEADER + "35.22;2025-06;BPU;APBD;-1\n35.22;bulan;XX;APBD;2\n"
              "35.22;2025-07;BPU;APBN;x\n")
    probs = validate_file(p, "coverage")
    assert {(x.row, x.column) for x in probs} == {
        (2, "peserta_aktif"), (3, "periode"), (3, "segmen"), (4, "pendanaan"),
        (4, "peserta_aktif")}


def test_participants_greater_than_workforce(tmp_path):
    cov = write(tmp_path, "coverage.csv", HEADER + "35.22.16;2025-06;BPU;APBD;30.000\n"
                "35.22.16;2025-06;PU;mandiri;10.001\n35.22.04;2025-06;PU;mandiri;5\n"
                "35.22.16;2024-06;PU;mandiri;50.000\n")
    wf = write(tmp_path, "workforce.csv", "kode;tahun;pekerja\n" + "".join(
        f"{k};2025;{ {'35.22.16': '40.000', '35.22.04': '30.000'}.get(k, '1.000')}\n"
        for k in KEC))
    probs = validate_file(cov, "coverage", "35.22", workforce=wf)
    # only 2025-06 of 35.22.16 is checked and over (30.000 + 10.001 > 40.000);
    # 2024-06 has no workforce for 2024, so it is not compared
    assert len(probs) == 1 and "35.22.16 2025-06" in probs[0].message and probs[0].row == 2
    assert "40.001" in probs[0].message and "40.000" in probs[0].message
    with pytest.raises(InputValidationError, match="lebih besar dari pekerja"):
        load_dataset(tmp_path, "35.22")


def test_workforce_checks(tmp_path):
    p = write(tmp_path, "w.csv", "kode;tahun;pekerja;pekerja_formal\n35.22;2021;100;150\n"
              "35.22;21;100;50\n35.22.16;2025;-1;\n")
    probs = validate_file(p, "workforce")
    assert {(x.row, x.column) for x in probs} == {(2, "pekerja_formal"), (3, "tahun"),
                                                  (4, "pekerja")}
    wf, _ = load_workforce(FIX / "workforce.csv", "35.22")
    assert wf.set_index(["kode", "tahun"]).loc[("35.22", 2025), "pekerja"] == 820388
    assert wf.set_index(["kode", "tahun"]).loc[("35.22", 2021), "pekerja"] == 692456
    assert wf.set_index(["kode", "tahun"]).loc[("35.22", 2021), "pekerja_formal"] == 250000
    assert not wf["pekerja_estimasi"].any()


def full_population(folder):
    """penduduk.csv for all 28 kecamatan: the fixture's three plus 25 with 0 residents."""
    text = (FIX / "penduduk.csv").read_text() + "".join(f"{k},0\n" for k in KEC[3:])
    return write(folder, "penduduk.csv", text)


# ------------------------------------------------------------------ names

def test_kecamatan_names_matched_guessed_unmatched():
    with pytest.raises(InputValidationError) as e:
        load_coverage(FIX / "coverage_names_cp1252.csv", "35.22")
    err = e.value
    assert len(err.problems) == 1 and err.problems[0].row == 6
    assert err.problems[0].column == "kecamatan" and "tidak cocok" in str(err)
    # two words could be a person's name: only its length is shown (rules.privacy)
    assert "Xyzabc" not in str(err) and "(teks 16 karakter)" in str(err)
    cov, rep = load_coverage(FIX / "coverage_names_cp1252.csv", "35.22",
                             allow_unmatched=True)
    m = rep.matches.set_index("input")
    assert m.loc["KEC. KALITIDU", "kode"] == "35.22.16" and m.loc["KEC. KALITIDU", "status"] == \
        "matched"
    assert m.loc["Kalitidu ", "status"] == "matched"
    assert m.loc["Kalitdu", "status"] == "guessed" and m.loc["Kalitdu", "kode"] == "35.22.16"
    assert m.loc["Kecamatan Xyzabc", "status"] == "unmatched"
    assert rep.excluded_rows == 1 and rep.excluded_participants == 7
    assert "7 peserta" in rep.text() and "Kalitdu" in rep.text()
    # the guess itself travels with the data into every output's notes
    assert any("'Kalitdu' → Kalitidu" in n for n in map(str, rep.notes))
    # 100 + 20 + 4 on Kalitidu, 30 on Ngasem; the 7 of the unknown name are gone
    assert cov.groupby("kode")["peserta_aktif"].sum().to_dict() == {"35.22.16": 124,
                                                                    "35.22.04": 30}


def test_names_without_kabupaten_is_a_problem(tmp_path):
    p = write(tmp_path, "c.csv", "kecamatan;periode;segmen;peserta_aktif\nKalitidu;2025-06;BPU;3\n")
    probs = validate_file(p, "coverage")
    assert len(probs) == 1 and "kabupaten" in probs[0].message


def test_desa_names_within_their_kecamatan(tmp_path):
    # "Kalitidu" is both a kecamatan and a desa in it; "Mojo" exists in Kalitidu
    p = write(tmp_path, "c.csv", "kecamatan;desa;periode;segmen;peserta_aktif\n"
              "Kalitidu;Ds. Mojosari;2025-06;BPU;3\nKalitidu;Kalitidu;2025-06;BPU;4\n"
              "Kalitidu;Mojo;2025-06;BPU;5\nNgasem;Tidakada Sama Sekali;2025-06;BPU;6\n")
    with pytest.raises(InputValidationError) as e:
        load_coverage(p, "35.22")
    assert [x.row for x in e.value.problems] == [5] and e.value.problems[0].column == "desa"
    cov, rep = load_coverage(p, "35.22", allow_unmatched=True)
    assert dict(zip(cov["kode"], cov["peserta_aktif"], strict=True)) == {
        "35.22.16.2017": 3, "35.22.16.2006": 4, "35.22.16.2023": 5}
    assert rep.excluded_participants == 6


# ------------------------------------------------------------------ datasets

def test_load_dataset_demo_marker_and_checksums(tmp_path):
    (tmp_path / "coverage.csv").write_bytes((FIX / "coverage_semicolon.csv").read_bytes())
    (tmp_path / "workforce.csv").write_bytes((FIX / "workforce.csv").read_bytes())
    ds = load_dataset(tmp_path, "35.22")
    assert ds.kode == "35.22" and ds.demo is False
    for path, sha in ds.files.items():
        assert sha == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    assert len(ds.files) == 2 and ds.latest_period == "2025-06"
    (tmp_path / "DEMO").write_text("synthetic\n")
    assert load_dataset(tmp_path, "35.22").demo is True


def test_load_dataset_demo_column(tmp_path):
    write(tmp_path, "coverage.csv", "kode;periode;segmen;pendanaan;peserta_aktif;demo\n"
          "35.22;2025-06;BPU;APBD;3;true\n")
    # both files demo (a real workforce with demo coverage is refused: test_plausibility)
    write(tmp_path, "workforce.csv", "kode;tahun;pekerja;demo\n35.22;2025;100;true\n")
    ds = load_dataset(tmp_path, "35.22")
    assert ds.demo is True and "demo" not in ds.coverage.columns


def test_load_dataset_with_population_and_kabupaten_total(tmp_path):
    write(tmp_path, "coverage.csv", HEADER + "35.22.01;2025-06;BPU;APBD;30\n")
    full_population(tmp_path)
    write(tmp_path, "workforce.csv", "kode;tahun;pekerja\n35.22;2025;501\n")
    ds = load_dataset(tmp_path, "35.22")
    wf = ds.workforce.set_index("kode")
    # 501 x (100, 200, 700) / 1000 = 50.1, 100.2, 350.7 -> 50, 100, 351 (largest remainder)
    assert wf.loc[["35.22.01", "35.22.02", "35.22.03"], "pekerja"].tolist() == [50, 100, 351]
    assert wf.loc["35.22.02", "pekerja_estimasi"] and not wf.loc["35.22", "pekerja_estimasi"]
    assert any("estimasi" in n and "501" in n for n in map(str, ds.notes))
    assert len(ds.files) == 3


def test_load_dataset_missing_files(tmp_path):
    with pytest.raises(InputValidationError) as e:
        load_dataset(tmp_path, "35.22")
    assert len(e.value.problems) == 2


# ------------------------------------------------------------------ CLI

def test_cli_validate_lists_problems_and_fails(tmp_path, capsys):
    from ucjlib.cli import main

    p = write(tmp_path, "c.csv", HEADER + "35.22;2025-06;BPU;APBD;-1\n35.22;bulan;XX;APBD;2\n")
    rc = main(["validate", str(p), "--kind", "coverage"])
    out = capsys.readouterr().out
    assert rc != 0
    assert "3 masalah" in out and "baris 2" in out and "baris 3" in out


def test_cli_validate_ok_with_summary(capsys):
    from ucjlib.cli import main

    rc = main(["validate", str(FIX / "coverage_names_cp1252.csv"), "--kind", "coverage",
               "--kabupaten", "35.22"])
    assert rc != 0  # the unknown kecamatan
    rc = main(["validate", str(FIX / "coverage_semicolon.csv"), "--kind", "coverage",
               "--kabupaten", "35.22"])
    out = capsys.readouterr().out
    assert rc == 0 and "OK" in out and "4 baris dibaca" in out


def test_estimated_denominator_below_participants_is_a_note_not_an_error(tmp_path):
    write(tmp_path, "coverage.csv", HEADER + "35.22.01;2025-06;BPU;APBD;80\n")
    full_population(tmp_path)
    write(tmp_path, "workforce.csv", "kode;tahun;pekerja\n35.22;2025;501\n")
    ds = load_dataset(tmp_path, "35.22")  # 80 participants > 50 estimated workers
    assert any("melebihi pekerja estimasi" in n for n in map(str, ds.notes))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_demo_folder_round_trip(tmp_path, fmt):
    """The demo writer's folder loads back to the same tables, flagged as demo."""
    from ucjlib.demo.generate import demo_dataset, write_demo

    write_demo(tmp_path, "35.22", fmt=fmt)
    ds = load_dataset(tmp_path / "35.22", "35.22")
    ref = demo_dataset("35.22")
    assert ds.demo is True
    key = ["kode", "periode", "segmen", "pendanaan"]
    a = ds.coverage.sort_values(key).reset_index(drop=True)
    b = ref.coverage[list(a.columns)].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert int(ds.workforce["pekerja"].sum()) == int(ref.workforce["pekerja"].sum())


def test_kabupaten_code_typed_as_a_number(tmp_path):
    # Excel turns "35.10" into the number 35.1; the loader restores two digits
    df = pd.DataFrame({"kode": [35.1, 35.22], "tahun": [2024, 2024], "pekerja": [10, 20]})
    p = tmp_path / "w.parquet"
    df.to_parquet(p)
    wf, _ = load_workforce(p)
    assert wf["kode"].tolist() == ["35.10", "35.22"]
