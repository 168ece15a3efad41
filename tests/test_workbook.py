"""The report workbook (ucjlib.render.workbook) and the CSV tables (ucjlib.render.csvout).

Checked through the cells: numbers are numbers with the right number format, the header
row is frozen, totals equal independent sums and rates are recomputed from the totals.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from ucjlib.coverage import analyze_coverage
from ucjlib.render.csvout import (
    budget_tables,
    coverage_tables,
    csv_text,
    projection_tables,
)
from ucjlib.render.workbook import write_workbook

LABEL = "DATA DEMO (SINTETIS)"


@pytest.fixture(scope="module")
def bojonegoro(bojonegoro_results):
    r = bojonegoro_results
    return {"cov": r["coverage"], "desa": r["coverage_desa"], "proj": r["projection"],
            "budget": r["budget"]}


@pytest.fixture(scope="module")
def book(bojonegoro, tmp_path_factory):
    r = bojonegoro
    tables = (coverage_tables(r["cov"]) + coverage_tables(r["desa"])
              + [t for t in projection_tables(r["proj"]) if t.name != "proyeksi-alokasi"]
              + budget_tables(r["budget"]))
    path = tmp_path_factory.mktemp("xlsx") / "35.22-ucj.xlsx"
    write_workbook(tables, path, title="UCJ Kabupaten Bojonegoro", about=["Cakupan UCJ: 42,29%"],
                   label=r["cov"].label, projection=r["proj"])
    return openpyxl.load_workbook(path)


def header_row(ws, first: str) -> int:
    for row in ws.iter_rows(min_row=1, max_row=8):
        if row[0].value == first:
            return row[0].row
    raise AssertionError(f"no header {first!r} in {ws.title}")


def column(ws, hr: int, title: str) -> int:
    for c in ws[hr]:
        if c.value == title:
            return c.column
    raise AssertionError(f"no column {title!r} in {ws.title}")


def test_sheets_and_demo_label_on_every_sheet(book):
    assert book.sheetnames == [
        "Keterangan", "Cakupan kecamatan", "Segmen", "Tren bulanan", "Cakupan desa",
        "Laju menuju target", "Skenario", "Jalur proyeksi", "Iuran per tahun",
        "Arus kas manfaat", "Santunan vs skema baru", "Sensitivitas", "Target kecamatan",
        "Target - keterangan"]
    for ws in book.worksheets:
        top = [c.value for row in ws.iter_rows(min_row=1, max_row=3, max_col=1) for c in row]
        assert LABEL in top, ws.title


def test_coverage_sheet_numbers_formats_freeze_and_totals(book, bojonegoro):
    r = bojonegoro["cov"]
    ws = book["Cakupan kecamatan"]
    hr = header_row(ws, "Kode wilayah")
    assert ws.freeze_panes == f"C{hr + 1}"  # header row and the code/name columns
    assert ws.auto_filter.ref.startswith(f"A{hr}:")
    c_pek, c_pes = column(ws, hr, "Penduduk bekerja"), column(ws, hr, "Peserta aktif")
    c_cak, c_gap = column(ws, hr, "Cakupan UCJ (%)"), column(ws, hr, "Kekurangan peserta menuju "
                                                                    "target")
    t = r.table.reset_index(drop=True)
    for i, row in t.iterrows():
        rr = hr + 1 + i
        assert ws.cell(rr, 1).value == row["kode"]
        assert ws.cell(rr, c_pek).value == int(row["pekerja"])
        assert ws.cell(rr, c_pek).number_format == "#,##0"
        assert ws.cell(rr, c_cak).value == pytest.approx(float(row["cakupan"]))
        assert ws.cell(rr, c_cak).number_format == "0.00%"
    tr = hr + 1 + len(t)
    assert ws.cell(tr, 1).value == "Jumlah"
    assert ws.cell(tr, c_pek).value == int(t["pekerja"].sum()) == r.total["pekerja"]
    assert ws.cell(tr, c_pes).value == int(t["peserta_aktif"].sum())
    # a rate is recomputed from the totals, never summed
    assert ws.cell(tr, c_cak).value == pytest.approx(t["peserta_aktif"].sum() / t["pekerja"].sum())
    assert ws.cell(tr, c_cak).value == pytest.approx(r.total["cakupan"])
    assert ws.cell(tr, c_cak).number_format == "0.00%"
    assert ws.cell(tr, c_gap).value == int(t["gap_target"].sum())
    notes = " ".join(str(ws.cell(rr, 1).value) for rr in range(tr + 1, tr + 6))
    assert "145.291" in notes  # why the kabupaten gap is not the sum of the kecamatan gaps
    assert ws.column_dimensions["B"].width >= 12


def test_desa_sheet_no_data_cells_are_empty_and_totals_skip_them(book, bojonegoro):
    t = bojonegoro["desa"].table.reset_index(drop=True)
    ws = book["Cakupan desa"]
    hr = header_row(ws, "Kode wilayah")
    c_pes = column(ws, hr, "Peserta aktif")
    nodata = t.index[t["status"] == "tidak ada data"].tolist()
    assert nodata
    for i in nodata:
        assert ws.cell(hr + 1 + i, c_pes).value is None
    assert ws.cell(hr + 1 + len(t), c_pes).value == int(t["peserta_aktif"].sum())


def test_segment_totals_keep_the_shared_workforce(book, bojonegoro):
    seg = bojonegoro["cov"].segments
    ws = book["Segmen"]
    hr = header_row(ws, "Segmen")
    tr = hr + 1 + len(seg)
    c_pes = column(ws, hr, "Peserta aktif")
    c_pek = column(ws, hr, "Penduduk bekerja (semua)")
    assert ws.cell(tr, c_pes).value == int(seg["peserta_aktif"].sum())
    assert ws.cell(tr, c_pek).value == int(seg["pekerja"].iloc[0])  # not 4 x the workforce


def test_pace_sheet_formats_each_row_by_its_unit(book, bojonegoro):
    f = bojonegoro["proj"].figures()
    ws = book["Laju menuju target"]
    hr = header_row(ws, "Ukuran")
    rows = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(hr + 1, ws.max_row + 1)}
    assert rows["Cakupan Juni 2025"].value == pytest.approx(f["coverage_now"])
    assert rows["Cakupan Juni 2025"].number_format == "0.00%"
    net = rows["Tambahan bersih per bulan"]
    assert net.value == pytest.approx(f["required_monthly_net_additions"])
    assert net.number_format == "#,##0"
    assert rows["Tenggat"].value == "2025-12"


def test_budget_sheets_rupiah_and_percentiles(book, bojonegoro):
    b = bojonegoro["budget"]
    ws = book["Iuran per tahun"]
    hr = header_row(ws, "Tahun")
    c = column(ws, hr, "Iuran APBD (Rp)")
    cell = ws.cell(hr + 1, c)
    assert cell.value == pytest.approx(float(b.yearly["iuran_apbd_idr"].iloc[0]))
    assert cell.number_format == '"Rp "#,##0'
    ws = book["Arus kas manfaat"]
    hr = header_row(ws, "Tahun")
    n = len(b.cashflow)
    tr = hr + 1 + n
    c_pay = column(ws, hr, "Pembayaran (harapan) (Rp)")
    c_p95 = column(ws, hr, "Pembayaran P95 (Rp)")
    assert ws.cell(tr, c_pay).value == pytest.approx(float(b.cashflow["pembayaran_idr"].sum()))
    assert ws.cell(tr, c_p95).value is None  # percentiles do not add up
    assert ws.cell(hr + 1, c_p95).value == pytest.approx(
        float(b.simulation["pembayaran_idr_p95"].iloc[0]))


def test_target_sheets_are_appended(book, bojonegoro):
    ws = book["Target kecamatan"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    for name in bojonegoro["proj"].allocation["nama"]:
        assert name in values


def test_real_data_english_workbook(toy_real_dataset, tmp_path):
    r = analyze_coverage(toy_real_dataset, "2025-06", lang="en")
    path = write_workbook(coverage_tables(r, "en"), tmp_path / "t.xlsx", title="UCJ",
                          lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "About"
    ws = wb.worksheets[1]
    assert ws["A1"].value.startswith("UCJ coverage by district")
    hr = header_row(ws, "Region code")
    assert hr == 3  # no demo label row
    assert column(ws, hr, "UCJ coverage (%)")
    assert ws.cell(hr + 1 + len(r.table), 1).value == "Total"


def test_csv_parses_back_in_both_locales(bojonegoro):
    r = bojonegoro["cov"]
    t = coverage_tables(r)[0]
    for locale, sep, dec in (("id", ";", ","), ("en", ",", ".")):
        text = csv_text(t, locale)
        assert text.splitlines()[0].split(sep)[:5] == [
            "Kode wilayah", "Nama wilayah", "Penduduk bekerja", "Peserta aktif", "Cakupan UCJ (%)"]
        df = pd.read_csv(io.StringIO(text), sep=sep, decimal=dec, dtype={"Kode wilayah": str})
        assert df["Kode wilayah"].tolist() == r.table["kode"].tolist()
        assert df["Penduduk bekerja"].tolist() == r.table["pekerja"].astype(int).tolist()
        assert df["Cakupan UCJ (%)"].to_numpy() == pytest.approx(
            r.table["cakupan"].to_numpy() * 100, abs=1e-4)
    first = csv_text(t, "id").splitlines()[1].split(";")
    assert first[4] == f"{r.table['cakupan'].iloc[0] * 100:.4f}".rstrip("0").replace(".", ",")


def test_unwritable_workbook_is_an_output_error(toy_real_dataset, tmp_path):
    from ucjlib.errors import OutputError

    r = analyze_coverage(toy_real_dataset, "2025-06")
    (tmp_path / "tables").write_text("in the way")
    with pytest.raises(OutputError, match="Tidak dapat menulis"):
        write_workbook(coverage_tables(r), tmp_path / "tables" / "x.xlsx", title="x")
