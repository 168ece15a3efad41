"""The reader's HTML and the batch index, in-process: offline, no code, headline numbers."""

from __future__ import annotations

import re

import nbformat
import pytest
from test_report_run import check_offline

FOLIUM_LIKE = ('<div style="width:100%;"><iframe srcdoc="&lt;!DOCTYPE html&gt;&lt;script '
               'src=&quot;https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js&quot;&gt;'
               '&lt;/script&gt;" style="height:500px"></iframe></div>')
OFFLINE_MAP = ('<iframe srcdoc="&lt;script&gt;var L = {};&lt;/script&gt;'
               '&lt;div id=&quot;m&quot;&gt;peta&lt;/div&gt;"></iframe>')


def _executed_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 — Cakupan uji\n\nPenjelasan untuk pembaca, "
                                      "[aturan](https://example.org/aturan)."),
        nbformat.v4.new_code_cell("kabupaten = '35.22'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("rahasia_kode_analisis = 1 + 1", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="Cakupan UCJ: 42,29%\n")]),
        nbformat.v4.new_code_cell("peta()", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/html": FOLIUM_LIKE, "text/plain": "<Map>"})]),
        nbformat.v4.new_code_cell("peta_luring()", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/html": OFFLINE_MAP, "text/plain": "<Map>"})]),
        nbformat.v4.new_code_cell("gambar()", outputs=[nbformat.v4.new_output(
            "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})]),
        nbformat.v4.new_code_cell("js()", outputs=[nbformat.v4.new_output(
            "display_data", data={"application/javascript": "fetch('https://x')",
                                  "text/plain": "js"})]),
        nbformat.v4.new_code_cell("print('disimpan')", metadata={"tags": ["report-skip"]},
                                  outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                  text="12 berkas disimpan\n")]),
        nbformat.v4.new_code_cell("print('x')", metadata={"tags": ["remove-output"]},
                                  outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                  text="keluaran dibuang\n")]),
    ]
    return nb


def test_offline_problems_finds_every_kind_of_network_load():
    from ucjlib.report.html import make_offline, offline_problems

    bad = ['<script src="https://cdn.x/require.js"></script>',
           '<link rel="stylesheet" href="https://cdn.x/a.css">',
           '<img src="//cdn.x/a.png">',
           "<style>@import url('https://fonts.x/css');</style>",
           '<div style="background:url(https://x/y.png)"></div>',
           '<iframe srcdoc="&lt;script src=&quot;https://cdn.x/leaflet.js&quot;&gt;"></iframe>',
           '<script src="local.js"></script>']
    for b in bad:
        assert offline_problems(b), b
        fixed = make_offline(b)
        assert 'src="http' not in fixed and "src='http" not in fixed
    good = ['<img src="data:image/png;base64,AA==">', '<a href="https://example.org">x</a>',
            '<a href="#sec-01">x</a>', "<script>var x = 1;</script>"]
    for g in good:
        assert offline_problems(g) == [], g
        assert make_offline(g) == g


def test_notebook_section_has_no_code_and_no_network():
    from ucjlib.report.html import notebook_section

    sec = notebook_section("01-coverage", _executed_notebook(), "id",
                           maps=["maps/peta-kecamatan.html"])
    assert sec.title == "Cakupan uji"  # the notebook number is not the reader's
    assert "rahasia_kode_analisis" not in sec.body and "kabupaten = " not in sec.body
    assert "Cakupan UCJ: 42,29%" in sec.body
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in sec.body
    # the CDN-bound map is replaced by a note linking to the offline map file ...
    assert "leaflet" not in sec.body and 'href="maps/peta-kecamatan.html"' in sec.body
    assert sec.replaced == ["cell 3"]
    # ... an offline map is kept as it is
    assert "var L = {};" in sec.body
    assert "fetch(" not in sec.body  # javascript outputs dropped
    assert "12 berkas disimpan" not in sec.body and "keluaran dibuang" not in sec.body
    assert "¶" not in sec.body


def test_report_page_title_page_and_sections_offline():
    from ucjlib.coverage import analyze_coverage
    from ucjlib.demo.generate import demo_dataset
    from ucjlib.report.headline import headline_cards
    from ucjlib.report.html import notebook_section, render_page

    res = analyze_coverage(demo_dataset("35.22"), "2025-06")
    cards = headline_cards({"coverage": res.figures()}, "id")
    assert [c.value for c in cards][:1] == ["42,29%"]  # the published June 2025 figure
    assert cards[0].note == "target 60% · Juni 2025"
    page = render_page(title="UCJ — Kabupaten Bojonegoro", region_label="Kabupaten Bojonegoro",
                       subtitle="35.22 · data s.d. Juni 2025", lang="id",
                       demo_label=res.label, cards=cards,
                       sections=[notebook_section("01-coverage", _executed_notebook())],
                       meta_lines=["run x"], footer="35.22")
    check_offline(page)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="id">' in page
    assert "DATA DEMO (SINTETIS)" in page
    assert page.index("42,29%") < page.index('id="sec-01-coverage"')
    assert '<a href="#sec-01-coverage">Cakupan uji</a>' in page


def test_headline_cards_english_and_every_section():
    from ucjlib.report.headline import headline_cards

    figs = {
        "coverage": {"cakupan": 0.49, "target": 0.5215, "periode": "2024-12",
                     "peserta_aktif": 1000, "pekerja": 2041, "gap_target": 64,
                     "perubahan_12bln": -0.01},
        "projection": {"target_reached_month": "2026-03", "deadline": "2025-12",
                       "coverage_at_deadline": 0.5, "coverage_at_deadline_p5": 0.48,
                       "coverage_at_deadline_p95": 0.52, "probability_target_by_deadline": 0.2,
                       "required_monthly_net_additions": 1234.4, "scenario": "dasar"},
        "budget": {"apbd_budget_per_year": {"2027": 2e9, "2026": 31.7e9},
                   "expected_jkm_payout_per_year": {"2026": 17.5e9},
                   "expected_deaths_per_year": {"2026": 439.2}},
        "coverage_desa": {"cakupan": 0.1},  # not a headline section
    }
    cards = headline_cards(figs, "en")
    values = [c.value for c in cards]
    assert values == ["49.00%", "1,000", "64", "-1.00 pp", "March 2026", "50.00%", "20%",
                      "1,234", "IDR 31.7 billion", "IDR 17.5 billion", "439"]
    assert cards[0].note == "target 52.15% · December 2024"
    assert cards[-3].label == "APBD contributions 2026"  # the first year, not dict order
    # a figure missing from a section does not hide the others
    assert headline_cards({"coverage": {"cakupan": 0.5}, "budget": {}}, "id")[0].value == "50,00%"


def test_batch_index_offline_with_links_table_and_failures(tmp_path):
    from ucjlib.geo.wilayah import get_region
    from ucjlib.report.batch import BatchItem, BatchResult
    from ucjlib.report.index import render_index

    root = tmp_path / "reports"
    items = []
    for kode, nama, c in (("35.76", "Kota Mojokerto", 0.4476), ("35.79", "Kota Batu", 0.5079)):
        pd_ = root / f"{kode}-x" / "2025-06"
        run = pd_ / "20261122T140501-ab12"
        run.mkdir(parents=True)
        (run / "report.html").write_text("<html></html>")
        (pd_ / "latest").symlink_to(run.name)
        items.append(BatchItem(kode, nama, True, 3.0, str(run), "2025-06", manifest={
            "demo": True, "figures": {"coverage": {
                "cakupan": c, "target": 0.5215, "pekerja": 1000, "peserta_aktif": 500,
                "gap_target": 64, "perubahan_12bln": 0.01}}}))
    items.append(BatchItem("35.72", "Kota Blitar", False, 1.0, error="coverage.csv: baris 2",
                           exit_code=3))
    res = BatchResult(get_region("35"), "2025-06", items)
    html = render_index(res, root, "id")
    check_offline(html)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert links == [("35.79-x/2025-06/latest/report.html", "Kota Batu"),
                     ("35.76-x/2025-06/latest/report.html", "Kota Mojokerto")]  # by coverage
    assert "50,79%" in html and "44,76%" in html and "52,15%" in html
    assert "-7,39 poin persen" in html  # 44,76% - 52,15%
    assert "Kota Blitar</b>: coverage.csv: baris 2" in html
    assert "2 laporan, 1 gagal" in html and "DATA DEMO (SINTETIS)" in html
    assert html.count('src="data:image/png;base64,') == 1


@pytest.mark.parametrize("lang", ["id", "en"])
def test_batch_index_without_figures_says_so(tmp_path, lang):
    from ucjlib.geo.wilayah import get_region
    from ucjlib.report.batch import BatchItem, BatchResult
    from ucjlib.report.index import render_index

    res = BatchResult(get_region("35"), "2025-06",
                      [BatchItem("35.76", "Kota Mojokerto", True, 1.0, str(tmp_path / "x"))])
    html = render_index(res, tmp_path, lang)
    check_offline(html)
    assert ("Peta tidak dibuat" if lang == "id" else "No map") in html
    assert ("tidak menyimpan angka utama" if lang == "id" else "kept no headline") in html
