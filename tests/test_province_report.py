"""``ucj report --provinsi``: a province's kabupaten/kota compared, end to end.

DI Yogyakarta (34) has five kabupaten/kota: each row of the province table must carry the
numbers ``ucj coverage <kab>`` shows, and a pace and an APBD cost that agree with
``ucjlib.project`` and the budget's contribution rules computed here independently.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from test_report_run import check_offline

PROV = "34"
KABS = ["34.01", "34.02", "34.03", "34.04", "34.71"]


@pytest.fixture(scope="module")
def province_run(tmp_path_factory):
    from conftest import run_cli

    tmp = tmp_path_factory.mktemp("prov")
    res = run_cli(["report", "--provinsi", PROV, "--out", tmp / "out", "--csv-locale", "en"],
                  cwd=tmp)
    return tmp, res


def test_province_report_rows_match_coverage_pace_and_budget(province_run, ucj):
    from ucjlib.budget.contributions import contribution_per_participant, months_from
    from ucjlib.open import open_dataset
    from ucjlib.projection import project

    tmp, res = province_run
    assert res.returncode == 0, res.stderr
    html_path = Path(res.stdout.strip())
    assert html_path.name == "report.html" and html_path.is_file()
    run = html_path.parent
    assert run.parent.name == "2025-06" and run.parent.parent.name.startswith("34-")
    assert (run.parent / "latest").resolve() == run.resolve()
    table = pd.read_csv(run / "tables" / f"provinsi-{PROV}.csv", dtype={"kode": str})
    assert sorted(table["kode"]) == KABS  # one row per kabupaten/kota
    assert list(table["peringkat"]) == [1, 2, 3, 4, 5]
    assert table["cakupan"].is_monotonic_decreasing
    assert set(table["label_data"]) == {"data demo (sintetis)"}
    for row in table.itertuples():
        cov = ucj(["coverage", row.kode, "--format", "json"])
        assert cov.returncode == 0, cov.stderr
        fig = json.loads(cov.stdout)["figures"]
        assert (row.pekerja, row.peserta_aktif, row.gap_target) == (
            fig["pekerja"], fig["peserta_aktif"], fig["gap_target"])
        assert row.cakupan == pytest.approx(fig["cakupan"], abs=1e-12)
        assert row.target == pytest.approx(fig["target"])
        pace = project(open_dataset(row.kode), draws=20).pace
        assert row.peserta_dibutuhkan == pytest.approx(pace["needed_total"])
        assert row.laju_bersih_per_bulan == pytest.approx(pace["net_per_month"])
        rate = contribution_per_participant(months_from(fig["periode"], 2)[1], "BPU",
                                            "APBD").value
        assert row.biaya_apbd_per_tahun == pytest.approx(pace["needed_total"] * rate * 12)
    html = html_path.read_text(encoding="utf-8")
    check_offline(html)
    assert "DATA DEMO (SINTETIS)" in html and "data:image/png;base64," in html
    assert "Tenggat: Desember 2025." in html and "akhir tahun target 2025" in html
    assert "Kabupaten Gunungkidul" in html and "Biaya APBD per tahun" in html
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["kind"] == "province" and manifest["status"] == "complete"
    totals = manifest["figures"]["province"]
    assert totals["gap_target"] == table["gap_target"].sum()
    assert totals["cakupan"] == pytest.approx(table["peserta_aktif"].sum()
                                              / table["pekerja"].sum())


def test_province_csv_in_indonesian_locale_reads_back(tmp_path):
    from ucjlib.report.province import province_csv

    frame = pd.DataFrame({"kode": ["34.01"], "cakupan": [0.5], "nama": ["=1+1"]})
    text = province_csv(frame, "id", "demo")
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert back["cakupan"].tolist() == [0.5] and back["nama"].tolist() == ["'=1+1"]


def test_provinsi_with_a_kabupaten_is_a_usage_error(ucj):
    res = ucj(["report", "34.01", "--provinsi", "34"])
    assert res.returncode == 2 and "--provinsi" in res.stderr
    assert ucj(["report", "--provinsi", "34", "--skenario", "x.yaml"]).returncode == 2
    assert ucj(["report", "--provinsi", "99"]).returncode == 2


def test_province_report_pdf_a4_with_the_demo_label_on_every_page(province_run):
    from pypdf import PdfReader

    from ucjlib.fmt import fmt_pct

    _, res = province_run
    run = Path(res.stdout.strip()).parent
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["pdf"]["path"] == "report.pdf" and "report.pdf" in manifest["outputs"]
    pages = PdfReader(run / "report.pdf").pages
    assert 2 <= len(pages) <= 12
    texts = [p.extract_text() for p in pages]
    for n, (page, text) in enumerate(zip(pages, texts, strict=True), 1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == \
            (595, 842)
        assert "DATA DEMO (SINTETIS)" in text and f"Halaman {n} / {len(pages)}" in text
    whole = "\n".join(texts)
    assert fmt_pct(manifest["figures"]["province"]["cakupan"]) in whole  # the province's figure
    assert "Gunungkidul" in whole
