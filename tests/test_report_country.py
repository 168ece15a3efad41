"""`ucj report` end to end across Indonesia (issue 19): one region of every island group.

Each report is the real pipeline on the region's synthetic demo (``ucjlib.demo.national``)
with the boundary store built for its province on first use: Kota Denpasar and Badung
(Bali, desa polygons in the mirror), Aceh Selatan (no desa polygons: kecamatan map, desa
table, a note), Jakarta Pusat (a Kota Administrasi), Mimika (Papua), and one kota each in
Nusa Tenggara, Kalimantan, Sulawesi and Maluku. The headline coverage in ``report.html``
is checked against the library's own analysis, and the kecamatan table against the
gazetteer.
"""

from __future__ import annotations

import csv
import io

import pytest

from ucjlib.coverage import analyze_coverage
from ucjlib.demo.generate import demo_dataset
from ucjlib.fmt import fmt_pct
from ucjlib.geo.boundaries import no_desa_reason
from ucjlib.geo.wilayah import gazetteer

REGIONS = {
    "51.71": "Bali: Kota Denpasar, desa map",
    "51.03": "Bali: Badung, calibrated to its published figure",
    "11.01": "Sumatera: Aceh Selatan, no desa polygons",
    "31.71": "Jawa: Kota Administrasi Jakarta Pusat",
    "94.04": "Papua: Mimika",
    "53.71": "Nusa Tenggara: Kota Kupang",
    "64.71": "Kalimantan: Kota Balikpapan",
    "73.71": "Sulawesi: Kota Makassar",
    "81.71": "Maluku: Kota Ambon",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report

    out = tmp_path_factory.mktemp("country")
    return {k: run_report(k, out_root=out, progress=QuietProgress()) for k in REGIONS}


@pytest.mark.slow
@pytest.mark.parametrize("kode", list(REGIONS), ids=list(REGIONS.values()))
def test_a_report_for_every_island_group(reports, kode):
    run = reports[kode]
    html = (run / "report.html").read_text(encoding="utf-8")
    assert "DATA DEMO (SINTETIS)" in html.upper()
    cov = analyze_coverage(demo_dataset(kode))
    assert fmt_pct(cov.total["cakupan"]) in html  # the headline is the library's figure
    charts = {p.name[3:] for p in (run / "charts").glob("*.png")}
    assert {"ringkasan.png", "peta-kecamatan.png", "proyeksi-cakupan.png"} <= charts
    # the kecamatan table has every kecamatan of the gazetteer
    g = gazetteer()
    kec = set(g.loc[(g["level"] == "kecamatan") & g["kode"].str.startswith(kode + "."), "kode"])
    text = (run / "tables" / "cakupan-kecamatan.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    codes = {r[0] for r in rows[1:] if r and r[0].startswith(kode + ".")}
    assert codes == kec
    assert (run / "tables" / "cakupan-desa.csv").is_file()  # the desa table, always
    has_desa_polygons = no_desa_reason(kode) is None
    assert ("peta-desa.png" in charts) == has_desa_polygons
    if not has_desa_polygons:
        assert "poligon desa" in html  # the report says why there is no desa map


@pytest.mark.slow
def test_the_regions_named_by_the_issue_cover_both_desa_cases(reports):
    assert no_desa_reason("51.71") is None  # Bali: desa polygons from the mirror
    assert no_desa_reason("11.01") is not None  # Aceh: none in the mirror, no network
