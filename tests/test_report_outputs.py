"""A report run folder end to end (ucjlib.report.outputs): sections saved, outputs assembled.

Bojonegoro (35.22) with every section and real charts; Kota Bogor (32.71) in English with
``,``-separated CSV. Every file is checked through its data: CSVs parse back to the
results' numbers, the workbook, maps and deck carry the demo label, and a folder that
cannot be written gives an OutputError, never a traceback.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from tests.test_deck import STEMS, stand_ins
from tests.test_webmap import assert_offline
from ucjlib.coverage import analyze_coverage
from ucjlib.errors import ArgumentError, OutputError
from ucjlib.report.outputs import assemble, load_sections, save_section

CSVS = ["cakupan-kecamatan", "segmen", "tren-bulanan", "cakupan-desa", "proyeksi-laju",
        "proyeksi-skenario", "proyeksi-jalur", "proyeksi-alokasi", "anggaran-tahunan",
        "anggaran-arus-kas", "anggaran-santunan"]


def read_csv(path, locale="id", **kw) -> pd.DataFrame:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    sep, dec = (";", ",") if locale == "id" else (",", ".")
    return pd.read_csv(io.StringIO(raw.decode("utf-8-sig")), sep=sep, decimal=dec, **kw)


@pytest.fixture(scope="module")
def run(tmp_path_factory, bojonegoro_results):
    res = dict(bojonegoro_results)
    out = tmp_path_factory.mktemp("run") / "35.22-bojonegoro"
    # coverage and projection charts drawn by save_section itself; stand-ins for the desa
    # and budget charts (drawn and tested in their own modules) keep this test fast
    saved = {name: save_section(name, r, out,
                                figures=None if name in ("coverage", "projection") else
                                stand_ins(STEMS[name]))
             for name, r in res.items()}
    written = assemble(out)
    return res, out, saved, written


@pytest.mark.slow
def test_save_section_charts_and_kept_result(run):
    from PIL import Image

    res, out, saved, _ = run
    stems = [p.stem for p in saved["coverage"] if p.suffix == ".png"]
    # one numbering (report.charts.CHART_ORDER) for notebooks and report runs alike
    assert stems == ["01-peta-kecamatan", "03-peringkat-kecamatan", "05-segmen",
                     "06-tren-bulanan"]
    assert [p.stem for p in saved["coverage_desa"] if p.suffix == ".png"] == [
        "02-peta-desa", "04-peringkat-desa"]
    assert [p.stem for p in saved["projection"] if p.suffix == ".png"] == [
        "07-proyeksi-cakupan", "08-skenario-cakupan"]
    assert all(p.stem[:2].isdigit() and int(p.stem[:2]) >= 9
               for p in saved["budget"] if p.suffix == ".png")
    with Image.open(out / "charts" / "01-peta-kecamatan.png") as im:
        assert im.size == (2000, 1125)
    assert (out / "charts" / "07-proyeksi-cakupan.svg").read_text().lstrip().startswith("<?xml")
    # the result kept as data (JSON + Parquet), its charts in the index: no pickle
    from ucjlib.report.view import load

    view = load(out)
    assert view.coverage.figures() == res["coverage"].figures()
    assert [Path(p).stem for p in view.chart_index["coverage"].values()] == stems
    assert saved["coverage"][-1] == out / "results" / "report.index.json"
    assert not list(out.rglob("*.pkl"))


@pytest.mark.slow
def test_load_sections_round_trip(run):
    res, out, _, _ = run
    loaded = load_sections(out)
    assert list(loaded) == ["coverage", "coverage_desa", "projection", "budget"]
    assert loaded["projection"].figures() == res["projection"].figures()
    pd.testing.assert_frame_equal(loaded["coverage_desa"].table, res["coverage_desa"].table)


@pytest.mark.slow
def test_assemble_writes_every_output(run):
    _, out, _, written = run
    rel = sorted(p.relative_to(out).as_posix() for p in written)
    expected = {f"tables/{n}.csv" for n in CSVS} | {
        "tables/35.22-ucj.xlsx", "maps/peta-kecamatan.html", "maps/peta-desa.html", "deck.pptx"}
    assert expected <= set(rel)
    assert all(p.is_file() and p.stat().st_size > 0 for p in written)
    assert not list(out.rglob(".part-*"))  # no temporary file left behind


@pytest.mark.slow
def test_coverage_csvs_parse_back(run):
    res, out, _, _ = run
    for name, r in (("cakupan-kecamatan", res["coverage"]), ("cakupan-desa",
                                                            res["coverage_desa"])):
        df = read_csv(out / "tables" / f"{name}.csv", dtype={"Kode wilayah": str})
        t = r.table.reset_index(drop=True)
        assert df["Kode wilayah"].tolist() == t["kode"].tolist()
        assert df["Nama wilayah"].tolist() == t["nama"].tolist()
        assert df["Penduduk bekerja"].tolist() == t["pekerja"].astype(int).tolist()
        got = df["Peserta aktif"].to_numpy(dtype=float)
        exp = pd.to_numeric(t["peserta_aktif"]).to_numpy(dtype=float)
        assert pd.isna(got).tolist() == pd.isna(exp).tolist()
        assert got[~pd.isna(got)].tolist() == exp[~pd.isna(exp)].tolist()
        assert df["Cakupan UCJ (%)"].to_numpy() == pytest.approx(
            t["cakupan"].to_numpy(dtype=float) * 100, abs=1e-4, nan_ok=True)
        assert df["Perubahan 3 bulan (poin persen)"].to_numpy() == pytest.approx(
            t["perubahan_3bln"].to_numpy(dtype=float) * 100, abs=1e-4, nan_ok=True)
        assert set(df["Label data"]) == {"data demo (sintetis)"}
    text = (out / "tables" / "cakupan-kecamatan.csv").read_text("utf-8-sig")
    assert ";30,6575;" in text  # Ngraho 30,6575%: decimal comma, no thousands separator
    seg = read_csv(out / "tables" / "segmen.csv")
    assert seg["Peserta aktif"].tolist() == res["coverage"].segments["peserta_aktif"].tolist()
    ser = read_csv(out / "tables" / "tren-bulanan.csv")
    assert ser["Periode"].tolist() == res["coverage"].series["periode"].tolist()
    assert ser["Cakupan UCJ (%)"].iloc[-1] == pytest.approx(42.29, abs=0.005)


@pytest.mark.slow
def test_projection_and_budget_csvs_parse_back(run):
    res, out, _, _ = run
    p, b = res["projection"], res["budget"]
    f = p.figures()
    pace = read_csv(out / "tables" / "proyeksi-laju.csv", dtype=str)
    val = dict(zip(pace["Ukuran"], pace["Nilai"], strict=True))
    assert float(val["Cakupan Juni 2025"].replace(",", ".")) == pytest.approx(
        f["coverage_now"] * 100, abs=1e-4)
    assert int(val["Tambahan bersih per bulan"]) == round(f["required_monthly_net_additions"])
    sc = read_csv(out / "tables" / "proyeksi-skenario.csv")
    assert sc["Skenario"].tolist() == p.scenarios["skenario"].tolist()
    assert sc["Cakupan Januari (%)"].to_numpy() == pytest.approx(
        p.scenarios["cakupan_januari"].to_numpy(dtype=float) * 100, abs=1e-4)
    al = read_csv(out / "tables" / "proyeksi-alokasi.csv")
    assert al["Kuota tambahan peserta"].sum() == pytest.approx(p.allocation["kuota_tambahan"].sum())
    y = read_csv(out / "tables" / "anggaran-tahunan.csv")
    assert y["Iuran APBD (Rp)"].tolist() == [round(v) for v in b.yearly["iuran_apbd_idr"]]
    cf = read_csv(out / "tables" / "anggaran-arus-kas.csv")
    for q in ("p5", "p50", "p95"):
        assert cf[f"Pembayaran {q.upper()} (Rp)"].tolist() == [
            round(v) for v in b.simulation[f"pembayaran_idr_{q}"]]
    assert cf["Tahun"].tolist() == b.cashflow["tahun"].astype(int).tolist()
    g = read_csv(out / "tables" / "anggaran-santunan.csv")
    assert g["Biaya per tahun (Rp)"].tolist() == [round(v) for v in b.grant["biaya_per_tahun_idr"]]


@pytest.mark.slow
def test_workbook_maps_and_deck_carry_the_demo_label(run):
    import openpyxl
    import pptx

    _, out, _, _ = run
    wb = openpyxl.load_workbook(out / "tables" / "35.22-ucj.xlsx")
    assert "Target kecamatan" in wb.sheetnames and "Alokasi target" not in wb.sheetnames
    for ws in wb.worksheets:
        assert "DATA DEMO (SINTETIS)" in [ws.cell(r, 1).value for r in (1, 2, 3)], ws.title
    for level in ("kecamatan", "desa"):
        text = (out / "maps" / f"peta-{level}.html").read_text("utf-8")
        assert "DATA DEMO (SINTETIS)" in text and "Kabupaten Bojonegoro" in text
        assert_offline(text)
    prs = pptx.Presentation(str(out / "deck.pptx"))
    for s in prs.slides:
        assert any(sh.has_text_frame and sh.text_frame.text == "DATA DEMO (SINTETIS)"
                   for sh in s.shapes)


@pytest.mark.slow
def test_unwritable_run_folder_is_an_output_error(run, tmp_path):
    res, out, _, _ = run
    blocker = tmp_path / "berkas"
    blocker.write_text("a file, not a folder")
    with pytest.raises(OutputError, match="Tidak dapat menulis"):
        save_section("coverage", res["coverage"], blocker / "run", figures={})
    with pytest.raises(OutputError, match="Tidak dapat menulis"):
        assemble(blocker)
    # a file where tables/ should go: clear error, earlier outputs untouched
    run2 = tmp_path / "run2"
    save_section("coverage", res["coverage"], run2, figures={})
    (run2 / "deck.pptx").write_bytes(b"earlier deck")
    (run2 / "tables").write_text("in the way")
    with pytest.raises(OutputError, match="tables"):
        assemble(run2)
    assert (run2 / "deck.pptx").read_bytes() == b"earlier deck"


def test_argument_mistakes(tmp_path, toy_real_dataset):
    r = analyze_coverage(toy_real_dataset, "2025-06")
    with pytest.raises(ArgumentError, match="name"):
        save_section("cakupan", r, tmp_path, figures={})
    with pytest.raises(ArgumentError, match="csv_locale"):
        assemble(tmp_path, csv_locale="fr")
    with pytest.raises(ArgumentError, match="lang"):
        assemble(tmp_path, lang="jv")
    assert assemble(tmp_path / "kosong") == []


def test_kota_bogor_english_comma_csv(tmp_path, demo_kota_bogor):
    c = analyze_coverage(demo_kota_bogor, lang="en")
    save_section("coverage", c, tmp_path, figures={})
    written = assemble(tmp_path, lang="en", csv_locale="en")
    assert (tmp_path / "tables" / "32.71-ucj.xlsx") in written
    df = read_csv(tmp_path / "tables" / "cakupan-kecamatan.csv", "en", dtype={"Region code": str})
    assert df["Region code"].tolist() == c.table["kode"].tolist()
    assert df["UCJ coverage (%)"].to_numpy() == pytest.approx(
        c.table["cakupan"].to_numpy() * 100, abs=1e-4)
    assert set(df["Data label"]) == {"demo data (synthetic)"}
    text = (tmp_path / "maps" / "peta-kecamatan.html").read_text("utf-8")
    assert "Kota Bogor" in text and "DEMO DATA (SYNTHETIC)" in text
