"""The loaders never choose a column, sheet or row silently, and every reader reads CSV alike.

Issue 17, items 1 and 4 (``rules.reading`` in data/dictionary.yml; data/BAD_INPUT.md,
"Columns, sheets, rows and encodings"):

* two columns naming one field (BPJS's ``Jumlah Peserta`` = registered next to
  ``Peserta Aktif``) are refused, naming the file, both headers and the field,
  unless the dictionary documents an order of preference (``kode_desa`` before
  ``kode_kecamatan``); hidden XLSX columns and sheets are never read unless named;
* a workbook with several data sheets needs ``--sheet``, which every reader honours
  (``ucj validate --kind participants --sheet Data`` included);
* no row is a comment; Excel error values (``#N/A`` ...) are cell problems;
* one CSV rule for pandas and DuckDB: Windows-1252 with typographic quotes, rows
  of separators only, rows with values beyond the header, empty funding cells.

The BPJS-like export is built from the Bojonegoro demo (June 2025 = 42,29%, the
published figure the demo reproduces): kecamatan rows of active participants,
with a made-up registered count about 30% higher (which gives 54,97%).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli

from ucjlib.errors import InputValidationError
from ucjlib.fmt import fmt_pct
from ucjlib.inputs.duck import reading, source_candidates
from ucjlib.inputs.loaders import load_coverage, load_workforce, validate_file
from ucjlib.inputs.participants import load_participants
from ucjlib.inputs.readers import read_input

KAB = "35.22"
COV = "kode;periode;segmen;pendanaan;peserta_aktif\n"
PAR = "nik;kode_desa;segmen;pendanaan;tgl_mulai;status\n"
D1 = "35.22.16.2017"
MONTHS = {"2025-05": "Mei 2025", "2025-06": "Juni 2025"}


def problems(call) -> list:
    with pytest.raises(InputValidationError) as e:
        call()
    return e.value.problems


def text(probs) -> str:
    return "\n".join(str(p) for p in probs)


def counts(cov: pd.DataFrame, periode: str = "2025-06") -> dict:
    sub = cov.loc[cov["periode"] == periode]
    return {(k, s, f): int(n) for k, s, f, n in
            zip(sub["kode"], sub["segmen"], sub["pendanaan"], sub["peserta_aktif"], strict=True)}


# ------------------------------------------------------------------ the BPJS-like export

@pytest.fixture(scope="module")
def demo():
    from ucjlib.demo.generate import demo_dataset
    from ucjlib.geo.wilayah import children

    ds = demo_dataset(KAB)
    c = ds.coverage.loc[ds.coverage["periode"].isin(list(MONTHS))].copy()
    c["kode"] = c["kode"].str[:8]
    c = c.groupby(["kode", "periode", "segmen", "pendanaan"], as_index=False)[
        "peserta_aktif"].sum()
    names = dict(zip(children(KAB, "kecamatan")["kode"], children(KAB, "kecamatan")["nama"],
                     strict=True))
    c["nama"] = c["kode"].map(names)
    c["terdaftar"] = (c["peserta_aktif"] * 1.2998).round().astype(int)
    return ds, c


def coverage_pct(ds, cov: pd.DataFrame) -> str:
    from ucjlib.coverage import coverage_table
    from ucjlib.dataset import Dataset

    d = Dataset(KAB, cov, ds.workforce, demo=False, source="uji")
    return fmt_pct(coverage_table(d, "2025-06", level="kabupaten", target=0.6).iloc[0]["cakupan"])


def bpjs_workbook(path: Path, c: pd.DataFrame, *, registered: str | None = "Jumlah Peserta",
                  hidden_left: bool = False, merged: bool = False,
                  months: dict[str, str] = MONTHS, na_cell: bool = False) -> Path:
    """An export as BPJS offices send it: a merged title, a header row, a sheet per month.

    ``hidden_left``: a hidden ``Peserta`` column (last year's figure) left of the
    visible ``Peserta Aktif``. ``merged``: ``Kepesertaan`` merged over the two
    count columns, their names in the row below. ``na_cell``: one ``#N/A`` in
    ``Peserta Aktif`` of the last sheet.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for ym, title in months.items():
        ws = wb.create_sheet(title)
        ws.append(["Laporan Kepesertaan BPJS Ketenagakerjaan - Kabupaten Bojonegoro"])
        ws.merge_cells("A1:H1")
        ws.append([f"Posisi akhir bulan {title}"])
        ws.append([])
        counts_ = ([registered] if registered else []) + ["Peserta Aktif"]
        head = ["Kode Kecamatan", "Kecamatan", "Bulan", "Segmen", "Sumber Dana"]
        head += ["Peserta"] if hidden_left else []
        if merged:
            ws.append(head + ["Kepesertaan"] + [None] * (len(counts_) - 1) + ["Keterangan"])
            first = len(head) + 1
            ws.merge_cells(start_row=4, start_column=first, end_row=4,
                           end_column=first + len(counts_) - 1)
            ws.append([None] * len(head) + counts_)
        else:
            ws.append(head + counts_ + ["Keterangan"])
        rows = c.loc[c["periode"] == ym]
        for r in rows.itertuples(index=False):
            vals = [r.kode, r.nama, title, r.segmen, r.pendanaan]
            vals += [r.peserta_aktif - 7] if hidden_left else []
            vals += ([r.terdaftar] if registered else []) + [r.peserta_aktif, "#N/A"]
            ws.append(vals)
        if hidden_left:
            ws.column_dimensions["F"].hidden = True
        if na_cell and ym == list(months)[-1]:
            ws.cell(row=ws.max_row, column=len(head) + len(counts_), value="#N/A")
    wb.save(path)
    return path


def test_bpjs_export_registered_and_active_is_refused_not_54_97(tmp_path, demo):
    ds, c = demo
    book = bpjs_workbook(tmp_path / "coverage.xlsx", c)
    # two monthly sheets and no sheet: an error naming both, never the first one silently
    msg = text(problems(lambda: load_coverage(book, KAB)))
    assert "2 lembar data: 'Mei 2025', 'Juni 2025'" in msg and "--sheet" in msg
    # the sheet named: both count columns map to peserta_aktif -> refused, naming both
    probs = problems(lambda: load_coverage(book, KAB, sheet="Juni 2025"))
    assert len(probs) == 1, text(probs)
    p = probs[0]
    assert p.file == str(book)
    assert "'Jumlah Peserta' dan 'Peserta Aktif'" in p.message and "peserta_aktif" in p.message
    assert "ganti nama" in p.expected and "hapus" in p.expected
    # what the first-alias rule gave: the registered count, 54,97% instead of 42,29%
    wrong = c.assign(peserta_aktif=c["terdaftar"]).drop(columns=["nama", "terdaftar"])
    assert coverage_pct(ds, wrong) == "54,97%"


def test_bpjs_export_once_renamed_gives_the_published_figure(tmp_path, demo):
    ds, c = demo
    book = bpjs_workbook(tmp_path / "coverage.xlsx", c, registered="Peserta Terdaftar")
    cov, rep = load_coverage(book, KAB, sheet="Juni 2025")
    assert coverage_pct(ds, cov) == "42,29%"
    assert coverage_pct(ds, cov) == coverage_pct(ds, ds.coverage)
    assert set(cov["periode"]) == {"2025-06"} and rep.rows_read == (c["periode"] == "2025-06").sum()
    # the unused Keterangan column full of #N/A is not a problem (not read)
    assert not [n for n in map(str, rep.notes) if "galat" in n]
    # a sheet by its 0-based number, and by its name in other case
    assert counts(load_coverage(book, KAB, sheet=1)[0]) == counts(cov)
    assert counts(load_coverage(book, KAB, sheet="juni 2025")[0]) == counts(cov)


def test_hidden_column_left_of_the_visible_one_is_not_read(tmp_path, demo):
    ds, c = demo
    book = bpjs_workbook(tmp_path / "coverage.xlsx", c, registered=None, hidden_left=True,
                         months={"2025-06": "Juni 2025"})
    cov, rep = load_coverage(book, KAB)
    assert coverage_pct(ds, cov) == "42,29%"  # the visible Peserta Aktif, not the hidden one
    assert any("Kolom tersembunyi 'Peserta' tidak dibaca" in str(n) for n in rep.notes), rep.notes
    # the only count column hidden: missing, and the message says where it is
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb["Juni 2025"]
    ws.column_dimensions["F"].hidden = False
    ws.column_dimensions["G"].hidden = True  # Peserta Aktif hidden, Peserta visible
    ws.column_dimensions["F"].hidden = True
    wb.save(book)
    probs = problems(lambda: load_coverage(book, KAB))
    assert probs[0].column == "peserta_aktif" and "kolom wajib tidak ada" in probs[0].message
    assert "kolom tersembunyi 'Peserta', 'Peserta Aktif'" in probs[0].message


def test_merged_group_title_over_sub_headers(tmp_path, demo):
    ds, c = demo
    book = bpjs_workbook(tmp_path / "coverage.xlsx", c, registered="Terdaftar", merged=True,
                         months={"2025-06": "Juni 2025"})
    res = read_input(book)
    assert list(res.frame.columns)[5:7] == ["Terdaftar", "Peserta Aktif"]
    assert res.frame.index[0] == 6  # title, subtitle, blank, two header rows
    cov, _ = load_coverage(book, KAB)
    assert coverage_pct(ds, cov) == "42,29%"
    # the same with BPJS's own words under the group title: refused, both named
    book = bpjs_workbook(tmp_path / "c2.xlsx", c, merged=True, months={"2025-06": "Juni 2025"})
    assert "'Jumlah Peserta' dan 'Peserta Aktif'" in text(problems(
        lambda: load_coverage(book, KAB)))


def test_excel_error_value_in_a_used_column_is_a_cell_problem(tmp_path, demo):
    _, c = demo
    book = bpjs_workbook(tmp_path / "coverage.xlsx", c, registered="Peserta Terdaftar",
                         months={"2025-06": "Juni 2025"}, na_cell=True)
    probs = problems(lambda: load_coverage(book, KAB))
    last = 4 + int((c["periode"] == "2025-06").sum())  # header on row 4
    assert [(p.row, p.column) for p in probs] == [(last, "Peserta Aktif")], text(probs)
    assert "nilai galat Excel" in probs[0].message and "'#N/A'" in probs[0].message
    assert "bukan angka" not in text(probs)  # one cell, one message


# ------------------------------------------------------------------ columns

@pytest.mark.parametrize("fmt", ["csv-codes", "csv-names", "xlsx", "parquet"])
def test_two_columns_for_one_count_are_refused_in_every_format(tmp_path, fmt):
    rows = [["35.22.16", "Kalitidu", "2025-06", "PU", "APBD", "10", "5"]]
    cols = ["kode", "kecamatan", "periode", "segmen", "pendanaan", "jumlah", "aktif"]
    df = pd.DataFrame(rows, columns=cols)
    if fmt == "csv-names":
        df = df.drop(columns=["kode"])
    path = tmp_path / ("c.xlsx" if fmt == "xlsx" else "c.parquet" if fmt == "parquet" else
                       "c.csv")
    if fmt == "xlsx":
        df.to_excel(path, index=False)
    elif fmt == "parquet":
        df.to_parquet(path)
    else:
        df.to_csv(path, sep=";", index=False)
    for probs in (problems(lambda: load_coverage(path, KAB)), validate_file(path, "coverage",
                                                                            KAB)):
        assert len(probs) == 1, text(probs)
        assert "kolom 'jumlah' dan 'aktif' sama-sama dibaca sebagai peserta_aktif" in \
            probs[0].message
        assert probs[0].file == str(path)


def test_two_columns_for_one_participant_field_are_refused(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text("nik;kode_desa;segmen;pendanaan;tmt;tgl_daftar;status\n"
                 f"3522011111110001;{D1};BPU;APBD;2025-01-10;2024-12-01;aktif\n")
    msg = text(problems(lambda: load_participants(p, KAB, periods="2025-06")))
    assert "kolom 'tmt' dan 'tgl_daftar' sama-sama dibaca sebagai tgl_mulai" in msg


def test_the_same_header_twice_is_refused(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("kode;periode;segmen;pendanaan;peserta_aktif;peserta_aktif\n"
                 "35.22.16;2025-06;PU;APBD;5;7\n")
    assert "'peserta_aktif' dan 'peserta_aktif.1'" in text(problems(
        lambda: load_coverage(p, KAB)))


def test_documented_preference_desa_code_before_kecamatan_code(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("kode_kecamatan;kode_desa;periode;segmen;pendanaan;peserta_aktif\n"
                 f"35.22.16;{D1};2025-06;PU;APBD;5\n")
    cov, rep = load_coverage(p, KAB)
    assert cov["kode"].tolist() == [D1]
    assert any("Kolom 'kode_kecamatan' tidak dipakai: kode diambil dari 'kode_desa'" in n
               for n in map(str, rep.notes)), rep.notes
    # "kode" is not in the order of preference: refused
    p.write_text("kode;kode_desa;periode;segmen;pendanaan;peserta_aktif\n"
                 f"35.22.16;{D1};2025-06;PU;APBD;5\n")
    assert "'kode' dan 'kode_desa'" in text(problems(lambda: load_coverage(p, KAB)))


# ------------------------------------------------------------------ sheets

def _participant_book(path: Path, *, hidden_old: bool = False) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Keterangan"
    ws.append(["Data peserta BPJS Ketenagakerjaan, ekspor kantor cabang"])
    for title, n in (("Lama", 2), ("Data", 3)):
        ws = wb.create_sheet(title)
        ws.append(PAR.strip().split(";"))
        for i in range(n):
            ws.append([f"352201111111{i:04d}", D1, "PU" if title == "Data" else "BPU", "APBD",
                       "2025-01-10", "aktif"])
        if title == "Lama" and hidden_old:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


def test_validate_participants_honours_sheet(tmp_path):
    book = _participant_book(tmp_path / "peserta.xlsx")
    res = run_cli(["validate", book, "--kind", "participants", "--sheet", "Data"])
    assert res.returncode == 0 and "3 baris dibaca" in res.stdout
    res = run_cli(["validate", book, "--kind", "participants", "--sheet", "Lama"])
    assert res.returncode == 0 and "2 baris dibaca" in res.stdout
    # two data sheets and no --sheet: exit 3 naming them
    res = run_cli(["validate", book, "--kind", "participants"])
    assert res.returncode == 3 and "2 lembar data: 'Lama', 'Data'" in res.stdout
    # the library: the sheet chosen is the sheet read
    cov, _ = load_participants(book, KAB, periods="2025-06", sheet="Data")
    assert counts(cov) == {(D1, "PU", "APBD"): 3}
    cov, _ = load_participants(book, KAB, periods="2025-06", sheet=1)
    assert counts(cov) == {(D1, "BPU", "APBD"): 2}


def test_only_data_sheet_is_used_with_a_note_and_hidden_sheets_are_not_read(tmp_path):
    book = _participant_book(tmp_path / "peserta.xlsx", hidden_old=True)
    cov, rep = load_participants(book, KAB, periods="2025-06")
    assert counts(cov) == {(D1, "PU", "APBD"): 3}
    assert any("Lembar kerja 'Data' dibaca" in n for n in map(str, rep.notes)), rep.notes
    assert any("Lembar kerja tersembunyi tidak dibaca: 'Lama'" in n for n in map(str, rep.notes))
    cov, _ = load_participants(book, KAB, periods="2025-06", sheet="Lama")  # named: read
    assert counts(cov) == {(D1, "BPU", "APBD"): 2}
    assert "lembar kerja 'Tidak' tidak ada" in text(problems(
        lambda: load_participants(book, KAB, sheet="Tidak")))


def test_sheet_of_a_csv_is_noted(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text(COV + "35.22.16;2025-06;PU;APBD;5\n")
    problems_, report, _ = __import__("ucjlib.inputs.loaders", fromlist=["x"]).validate_with_report(
        p, "coverage", KAB, sheet="Data")
    assert not problems_ and any("diabaikan" in n for n in map(str, report.notes))


# ------------------------------------------------------------------ rows

def test_first_cell_starting_with_hash_is_data_not_a_comment(tmp_path):
    p = tmp_path / "p.csv"
    lines = [f"35220111{i:08d};{D1};BPU;APBD;2025-01-10;aktif" for i in range(1000)]
    lines[500] = "#3522011100000500;" + lines[500].split(";", 1)[1]
    p.write_text(PAR + "\n".join(lines) + "\n")
    cov, rep = load_participants(p, KAB, periods="2025-06")
    assert rep.rows_read == 1000 and rep.invalid_nik == 1 and rep.invalid_nik_rows == [502]
    assert counts(cov) == {(D1, "BPU", "APBD"): 1000}


@pytest.mark.parametrize("value", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!",
                                   "#NULL!"])
def test_excel_error_in_a_participant_row_is_a_problem_never_quoted(tmp_path, value):
    p = tmp_path / "p.csv"
    p.write_text(PAR + f"3522011111110001;{D1};BPU;APBD;2025-01-10;aktif\n"
                 f"{value};{D1};PU;mandiri;2025-01-10;aktif\n"
                 f"3522011111110003;{D1};PU;mandiri;{value};aktif\n")
    probs = problems(lambda: load_participants(p, KAB, periods="2025-06"))
    assert [(x.row, x.column) for x in probs] == [(3, "nik"), (4, "tgl_mulai")], text(probs)
    assert all("nilai galat Excel" in x.message for x in probs)
    assert value not in text(probs)  # personal data: never quoted


def test_excel_error_in_an_optional_participant_column_of_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(PAR.strip().split(";") + ["tgl_lahir"])
    ws.append(["3522011111110001", D1, "BPU", "APBD", "2025-01-10", "aktif", "#VALUE!"])
    assert ws["G2"].data_type == "e"  # a real Excel error cell
    wb.save(tmp_path / "p.xlsx")
    probs = problems(lambda: load_participants(tmp_path / "p.xlsx", KAB, periods="2025-06"))
    assert [(x.row, x.column) for x in probs] == [(2, "tgl_lahir")]


def test_excel_error_in_aggregated_csv_every_reader(tmp_path):
    p = tmp_path / "c.csv"  # codes: the DuckDB columnar check
    p.write_text(COV + "35.22.16;2025-06;PU;APBD;#N/A\n35.22.16;2025-06;BPU;#REF!;5\n")
    probs = validate_file(p, "coverage", KAB)
    assert [(x.row, x.column) for x in probs] == [(2, "peserta_aktif"), (3, "pendanaan")]
    assert "nilai galat Excel (rumus yang gagal): '#N/A'" in probs[0].message
    w = tmp_path / "w.csv"  # the pandas path
    w.write_text("kode;tahun;pekerja\n35.22;2024;#DIV/0!\n")
    probs = validate_file(w, "workforce", KAB)
    assert [(x.row, x.column, x.message) for x in probs] == [
        (2, "pekerja", "nilai galat Excel (rumus yang gagal): '#DIV/0!'")]


def test_separator_only_rows_are_dropped_alike_in_csv_and_xlsx(tmp_path):
    from openpyxl import Workbook

    rows = [["35.22.16", "2025-06", "PU", "APBD", 5], None, ["35.22.16", "2025-06", "BPU",
                                                              "APBD", 6], None, None]
    csv_text = COV + "".join(";;;;\n" if r is None else ";".join(map(str, r)) + "\n"
                             for r in rows)
    (tmp_path / "c.csv").write_text(csv_text)
    wb = Workbook()
    ws = wb.active
    ws.append(COV.strip().split(";"))
    for i, r in enumerate(rows, start=2):
        if r is not None:
            for j, v in enumerate(r, start=1):
                ws.cell(row=i, column=j, value=v)
        else:
            ws.cell(row=i, column=5).number_format = "0"  # formatted, empty: in the range
    wb.save(tmp_path / "c.xlsx")
    out = {}
    for name in ("c.csv", "c.xlsx"):
        cov, rep = load_coverage(tmp_path / name, KAB)
        empty = [str(n) for n in rep.notes if "kosong" in str(n)]
        out[name] = (counts(cov), rep.source_rows, empty)
    assert out["c.csv"] == out["c.xlsx"]
    assert out["c.csv"][2] == ["1 baris kosong di antara baris data dilewati (baris tanpa isi, "
                               "mis. ;;;; dari Excel)."]
    # participants (DuckDB) and workforce (pandas): the same rule, the same note
    p = tmp_path / "p.csv"
    p.write_text(PAR + f"3522011111110001;{D1};BPU;APBD;2025-01-10;aktif\n;;;;;\n\n"
                 f"3522011111110002;{D1};PU;APBD;2025-01-10;aktif\n;;;;;\n")
    cov, rep = load_participants(p, KAB, periods="2025-06")
    assert counts(cov) == {(D1, "BPU", "APBD"): 1, (D1, "PU", "APBD"): 1}
    assert rep.rows_read == 2
    assert "2 baris kosong di antara baris data dilewati" in " ".join(map(str, rep.notes))
    frame = pd.DataFrame({"nik": ["3522011111110001", None, "3522011111110002"],
                          "kode_desa": [D1, None, D1], "segmen": ["BPU", None, "PU"],
                          "pendanaan": ["APBD", "", "APBD"],
                          "tgl_mulai": ["2025-01-10", None, "2025-01-10"],
                          "status": ["aktif", "  ", "aktif"]})
    frame.to_parquet(tmp_path / "p.parquet")  # an empty row in Parquet: the same rule
    cov, rep = load_participants(tmp_path / "p.parquet", KAB, periods="2025-06")
    assert counts(cov) == {(D1, "BPU", "APBD"): 1, (D1, "PU", "APBD"): 1}
    assert rep.rows_read == 2
    assert "1 baris kosong di antara baris data dilewati" in " ".join(map(str, rep.notes))
    assert read_input(tmp_path / "p.parquet").notes == [n for n in rep.notes if "kosong" in str(n)]
    w = tmp_path / "w.csv"
    w.write_text("kode;tahun;pekerja\n35.22;2024;5\n;;\n\n35.22;2023;4\n;;\n")
    wf, rep = load_workforce(w, KAB)
    assert wf["pekerja"].tolist() == [4, 5]
    assert "2 baris kosong di antara baris data dilewati" in " ".join(map(str, rep.notes))


def test_blank_lines_keep_the_row_numbers_of_later_rows(tmp_path):
    p = tmp_path / "p.csv"
    p.write_text(PAR + f"3522011111110001;{D1};BPU;APBD;2025-01-10;aktif\n\n\n"
                 f"3522011111110002;{D1};PBI;APBD;2025-01-10;aktif\n")
    probs = problems(lambda: load_participants(p, KAB, periods="2025-06"))
    assert [(x.row, x.column) for x in probs] == [(5, "segmen")]
    c = tmp_path / "c.csv"
    c.write_text(COV + "35.22.16;2025-06;PU;APBD;5\n\n35.22.16;2025-06;PBI;APBD;5\n")
    assert [(x.row, x.column) for x in validate_file(c, "coverage", KAB)] == [(4, "segmen")]


@pytest.mark.parametrize("kind", ["participants", "coverage", "workforce"])
def test_rows_with_values_beyond_the_header_one_rule(tmp_path, kind):
    head, good = {
        "participants": (PAR, f"3522011111110001;{D1};BPU;APBD;2025-01-10;aktif"),
        "coverage": (COV, "35.22.16;2025-06;PU;APBD;5"),
        "workforce": ("kode;tahun;pekerja\n", "35.22;2024;5"),
    }[kind]
    p = tmp_path / "f.csv"
    p.write_text(head + good + "\n" + good + ";x;y\n" + good + ";;\n" + good + ";;;;;;;;;;z\n")
    probs = validate_file(p, kind, KAB)
    width = len(head.split(";"))
    assert {x.row for x in probs} <= {3, 5} and 3 in {x.row for x in probs}, text(probs)
    assert all(f"di luar {width} kolom judul" in x.message for x in probs)
    # empty trailing fields alone are fine
    other = good.replace("BPU", "PU").replace("2024", "2023").replace(";PU;", ";BPU;")
    p.write_text(head + good + "\n" + other + ";;\n")
    assert validate_file(p, kind, KAB) == []


def test_csv_rows_beyond_the_header_all_listed_by_duckdb(tmp_path):
    p = tmp_path / "p.csv"
    good = f"{D1};BPU;APBD;2025-01-10;aktif"
    p.write_text(PAR + "".join(f"35220111111100{i:02d};{good}" + (";x" if i in (3, 7) else "")
                               + "\n" for i in range(10)))
    probs = problems(lambda: load_participants(p, KAB, periods="2025-06"))
    assert [x.row for x in probs] == [5, 9]


# ------------------------------------------------------------------ encodings and cells

def test_windows_1252_typographic_quotes_read_by_every_reader(tmp_path):
    title = "Laporan “Kepesertaan” – Juni 2025;;;;;\n"
    cov = tmp_path / "c.csv"
    cov.write_bytes((COV.strip() + ";keterangan\n35.22.16;2025-06;PU;APBD;5;“naik” – 2%\n")
                    .encode("cp1252"))
    got, rep = load_coverage(cov, KAB)  # DuckDB, columnar
    assert counts(got) == {("35.22.16", "PU", "APBD"): 5}
    assert "Berkas bukan UTF-8; dibaca sebagai Windows-1252." in map(str, rep.notes)
    cov.write_bytes((title + COV.strip() + ";keterangan\n35.22.16;2025-06;PU;APBD;5;“x”\n")
                    .encode("cp1252"))
    got, rep = load_coverage(cov, KAB)  # a title block: the pandas path
    assert counts(got) == {("35.22.16", "PU", "APBD"): 5} and rep.source_rows == [3]
    assert "Berkas bukan UTF-8; dibaca sebagai Windows-1252." in map(str, rep.notes)
    par = tmp_path / "p.csv"
    par.write_bytes((title + PAR.strip() + ";nama\n"
                     f"3522011111110001;{D1};BPU;APBD;2025-01-10;aktif;“Sri” – Rahayu\n"
                     f"3522011111110002;{D1};PBI;APBD;2025-01-10;aktif;x\n").encode("cp1252"))
    probs = problems(lambda: load_participants(par, KAB, periods="2025-06"))
    assert [(x.row, x.column) for x in probs] == [(4, "segmen")]  # title line counted
    par.write_bytes(par.read_bytes().replace(b"PBI", b"PU"))
    got, rep = load_participants(par, KAB, periods="2025-06")
    assert counts(got) == {(D1, "BPU", "APBD"): 1, (D1, "PU", "APBD"): 1}
    assert "Berkas bukan UTF-8; dibaca sebagai Windows-1252." in map(str, rep.notes)
    # only the title line is Windows-1252: the whole file decides, in every reader
    par.write_bytes(title.encode("cp1252") + (PAR + f"3522011111110001;{D1};BPU;APBD;"
                                              "2025-01-10;aktif\n").encode("ascii"))
    assert "Berkas bukan UTF-8; dibaca sebagai Windows-1252." in map(str, load_participants(
        par, KAB, periods="2025-06")[1].notes)
    assert list(map(str, read_input(par).notes)) == [
        "Berkas bukan UTF-8; dibaca sebagai Windows-1252."]


def test_temporary_utf8_copy_is_removed(tmp_path):
    import duckdb

    p = tmp_path / "p.csv"
    p.write_bytes((PAR.strip() + f";nama\n3522011111110001;{D1};BPU;APBD;2025-01-10;aktif;“x”\n")
                  .encode("cp1252"))
    con = duckdb.connect()
    with reading(p, "csv") as prep:
        src, _ = next(source_candidates(con, p, "csv", str(p)))
        assert con.execute(f"SELECT count(*) FROM {src}").fetchall() == [(1,)]
        copy = prep.tmp
        assert copy is not None and copy.exists()
    con.close()
    assert not copy.exists()


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_participant_funding_is_lainnya_in_csv_xlsx_parquet(tmp_path, empty):
    df = pd.DataFrame({"nik": ["3522011111110001", "3522011111110002"], "kode_desa": [D1, D1],
                       "segmen": ["BPU", "PU"], "pendanaan": ["APBD", empty],
                       "tgl_mulai": ["2025-01-10", "2025-01-10"], "status": ["aktif", "aktif"]})
    want = {(D1, "BPU", "APBD"): 1, (D1, "PU", "lainnya"): 1}
    paths = [tmp_path / "p.csv", tmp_path / "p.xlsx", tmp_path / "p.parquet"]
    df.to_csv(paths[0], sep=";", index=False)
    df.to_excel(paths[1], index=False)
    df.to_parquet(paths[2])
    for path in paths:
        assert counts(load_participants(path, KAB, periods="2025-06")[0]) == want, path.name


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_coverage_funding_is_a_problem_in_csv_xlsx_parquet(tmp_path, empty):
    df = pd.DataFrame({"kode": ["35.22.16", "35.22.16"], "periode": ["2025-06", "2025-06"],
                       "segmen": ["PU", "BPU"], "pendanaan": ["APBD", empty],
                       "peserta_aktif": [5, 6]})
    paths = [tmp_path / "c.csv", tmp_path / "c.xlsx", tmp_path / "c.parquet"]
    df.to_csv(paths[0], sep=";", index=False)
    df.to_excel(paths[1], index=False)
    df.to_parquet(paths[2])
    for path in paths:
        probs = validate_file(path, "coverage", KAB)
        assert [(x.row, x.column, x.message) for x in probs] == [(3, "pendanaan", "sel kosong")], \
            (path.name, text(probs))


def test_ucj_validate_conflict_is_one_paragraph(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("kode;periode;segmen;pendanaan;jumlah peserta;peserta aktif\n"
                 "35.22.16;2025-06;PU;APBD;10;5\n")
    res = run_cli(["validate", p, "--kind", "coverage", "--kabupaten", KAB])
    assert res.returncode == 3
    assert "Traceback" not in res.stdout + res.stderr and res.stderr.startswith("Kesalahan")
    assert re.search(r"kolom 'jumlah peserta' dan 'peserta aktif' sama-sama dibaca sebagai "
                     r"peserta_aktif", res.stdout)
    # the same file through a data folder (ucj coverage --data): exit 3, one paragraph
    (tmp_path / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;820.388\n")
    p.rename(tmp_path / "coverage.csv")
    res = run_cli(["coverage", KAB, "--data", tmp_path])
    assert res.returncode == 3 and res.stderr.startswith("Kesalahan")
    assert "'jumlah peserta' dan 'peserta aktif'" in res.stderr


@pytest.mark.parametrize("kind", ["participants", "coverage", "workforce"])
def test_a_quote_never_closed_is_the_same_error_on_every_reader(tmp_path, kind):
    head, row = {
        "participants": (PAR, f'3522011111110001;{D1};"BPU;APBD;2025-01-10;aktif'),
        "coverage": (COV, '35.22.16;2025-06;"PU;APBD;5'),
        "workforce": ("kode;tahun;pekerja\n", '35.22;"2024;5'),
    }[kind]
    p = tmp_path / "f.csv"
    p.write_text(head + row + "\n")
    (problem,) = validate_file(p, kind, KAB)
    assert problem.message == "CSV tidak bisa dibaca: unexpected end of data (baris 2)"


def test_a_cosmetic_merge_in_the_header_keeps_the_data_row(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["kode", "periode", "segmen", "pendanaan", "peserta_aktif", None])
    ws.merge_cells("E1:F1")  # a wide title cell, not a group over sub-headers
    ws.append(["35.22.16", "2025-06", "PU", "APBD", 5, None])
    ws.append(["35.22.16", "2025-06", "BPU", "APBD", 6, None])
    wb.save(tmp_path / "c.xlsx")
    cov, rep = load_coverage(tmp_path / "c.xlsx", KAB)
    assert sorted(rep.source_rows) == [2, 3]  # row 2 is data, not a second header row
    assert counts(cov) == {("35.22.16", "PU", "APBD"): 5, ("35.22.16", "BPU", "APBD"): 6}
