"""A report that reads like a report (issue 20, part 1): reader text, no code, numbered
figures and tables, right-aligned numbers, and an A4 PDF of the same HTML.

The end-to-end tests build the Bojonegoro demo report once per language (``slow``); the
others check the pieces (display blocks, figure numbering, number alignment, the print
style sheet, a PDF engine that cannot be loaded) in milliseconds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# words written for someone running a notebook, never for a reader of the report
NOTEBOOK_WORDS = ("papermill", "Ubah sel", "ucj.open_dataset", "output_dir", "results_dir",
                  "ucjlib.render", "import ", "data_dir", "interaktif =", "Change the",
                  "parameters cell")
NUMBER = re.compile(r"[+\-]?(?:Rp |IDR )?\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?%?")


def _report(tmp: Path, **kw) -> Path:
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report

    return run_report("35.22", out_root=tmp, progress=QuietProgress(), **kw)


@pytest.fixture(scope="module")
def id_report(tmp_path_factory) -> Path:
    return _report(tmp_path_factory.mktemp("id"))


@pytest.fixture(scope="module")
def en_report(tmp_path_factory) -> Path:
    return _report(tmp_path_factory.mktemp("en"), lang="en", csv_locale="en")


def _sections(run: Path) -> BeautifulSoup:
    soup = BeautifulSoup((run / "report.html").read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "iframe"]):
        tag.decompose()
    return soup


# ------------------------------------------------------------------- the HTML, end to end

@pytest.mark.slow
def test_report_html_has_no_notebook_instructions_and_no_code_blocks(id_report):
    html = (id_report / "report.html").read_text(encoding="utf-8")
    soup = _sections(id_report)
    text = soup.get_text("\n")
    for word in NOTEBOOK_WORDS:
        assert word not in text, word
    assert "<pre" not in html and "<code" not in html
    assert not soup.select(".jp-RenderedText, .output_text")  # no printed text at all
    # what a reader gets instead: reader text, headline lines, paragraphs and notes
    assert "Bagian ini menjawab pertanyaan pertama" in text
    assert len(soup.select(".ucj-lines")) >= 4 and soup.select(".ucj-text p")
    assert soup.select(".ucj-notes li")
    assert "42,29% (target 60%)" in text
    # the titles without the notebooks' numbers
    toc = [a.get_text() for a in soup.select("nav.toc a")]
    assert toc[0] == "Ringkasan UCJ satu halaman" and not any(t[:2].isdigit() for t in toc)


@pytest.mark.slow
def test_figures_are_numbered_in_order_with_captions_and_sources(id_report):
    soup = _sections(id_report)
    figures = soup.select("figure.ucj-fig")
    assert len(figures) >= 10
    for n, fig in enumerate(figures, 1):
        assert fig["id"] == f"fig-{n}"
        cap = fig.figcaption
        assert cap.select_one(".ucj-num").get_text() == f"Gambar {n}."
        assert len(cap.select_one(".ucj-cap").get_text()) > 20
        assert cap.select_one(".ucj-src").get_text().startswith("Sumber: data demo (sintetis)")
        assert fig.img["src"].startswith("data:image/png;base64,") and fig.img["alt"]
    # every image of a section is a numbered figure (but the interactive map's own still,
    # shown on screen only while its frame loads)
    for img in soup.select("section.nb img"):
        assert img.find_parent("figure", class_="ucj-fig") or img.find_parent(
            class_="celltag_screen-only"), img.get("alt")
    tables = soup.select("section.nb table")
    assert len(tables) >= 7
    nums = [t.caption.select_one(".ucj-num").get_text() for t in tables]
    assert nums == [f"Tabel {n}." for n in range(1, len(tables) + 1)]
    assert "Cakupan UCJ per kecamatan, Juni 2025" in tables[0].caption.get_text()


@pytest.mark.slow
def test_numbers_in_tables_are_right_aligned_and_text_left(id_report):
    html = (id_report / "report.html").read_text(encoding="utf-8")
    assert re.search(r"td\.num, th\.num \{ text-align: right;", html)
    soup = _sections(id_report)
    numeric = text = 0
    for td in soup.select("section.nb table td"):
        value = td.get_text().strip()
        if NUMBER.fullmatch(value):
            numeric += 1
            assert "num" in td.get("class", []), value
        elif value and not any(ch.isdigit() for ch in value):
            text += 1
            assert "num" not in td.get("class", []), value
    assert numeric > 100 and text > 20
    first = soup.select("section.nb table")[0]
    row = [td.get_text() for td in first.select("tbody tr")[0].select("td")]
    assert row[2] == "33.597" and row[4] == "30,66%"  # Indonesian numbers


# ------------------------------------------------------------------- the PDF, end to end

def _pdf_pages(run: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(run / "report.pdf")
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595.3) < 1 and abs(h - 841.9) < 1, (w, h)  # A4 portrait
    return [page.extract_text() for page in reader.pages]


@pytest.mark.slow
def test_report_pdf_a4_with_cover_contents_page_numbers_and_demo_label(id_report):
    pages = _pdf_pages(id_report)
    assert 8 <= len(pages) <= 40
    for n, text in enumerate(pages, 1):
        assert "data demo (sintetis)" in text.lower(), n
        assert f"Halaman {n} / {len(pages)}" in text, n
    cover = pages[0]
    assert "Kabupaten Bojonegoro" in cover and "42,29%" in cover and "Juni 2025" in cover
    # the contents give each section's page, and that page starts the section
    contents = pages[1]
    assert "Isi" in contents
    found = re.findall(r"(Cakupan Universal Coverage Jamsostek per wilayah)\s*\.*\s*(\d+)",
                       contents)
    assert found, contents
    page = int(found[0][1])
    assert pages[page - 1].lstrip().split("\n")[0].startswith("Cakupan Universal Coverage") or \
        "Cakupan Universal Coverage Jamsostek per wilayah" in pages[page - 1][:400]
    text = "\n".join(pages)
    assert "Gambar 1." in text and "Tabel 1." in text
    assert "Peta interaktif" not in text  # the web map is not in print
    man = json.loads((id_report / "manifest.json").read_text())
    assert man["pdf"]["path"] == "report.pdf" and man["timings"]["pdf"] > 0
    assert "report.pdf" in [o["path"] for o in man["outputs"]]


@pytest.mark.slow
def test_english_report_pdf_and_html(en_report):
    pages = _pdf_pages(en_report)
    text = "\n".join(pages)
    assert "42.29%" in text and "42,29%" not in text
    for n, page in enumerate(pages, 1):
        assert "demo data (synthetic)" in page.lower(), n
        assert f"Page {n} / {len(pages)}" in page, n
    assert "Contents" in pages[1] and "Figure 1." in text and "Table 1." in text
    soup = _sections(en_report)
    assert soup.select_one("figure.ucj-fig .ucj-num").get_text() == "Figure 1."
    assert soup.select_one(".ucj-src").get_text().startswith("Source: ")
    body = soup.get_text("\n")
    for word in NOTEBOOK_WORDS:
        assert word not in body, word
    assert "This section answers the first question" in body


# ------------------------------------------------------------------- the pieces

def test_blocks_html_and_plain_text():
    from ucjlib.render.blocks import Lines, NoteList, Paragraphs

    lines = Lines(["Kabupaten <A> — Juni 2025 [data demo (sintetis)]",
                   "Cakupan UCJ: 42,29% (target 60%)", "Perubahan 3 bulan: -1,58 poin persen"])
    html = lines._repr_html_()
    assert "&lt;A&gt;" in html and "<A>" not in html
    assert '<span class="ucj-tag">data demo (sintetis)</span>' in html
    assert "<dt>Cakupan UCJ</dt><dd>42,29% (target 60%)</dd>" in html
    bundle = lines._repr_mimebundle_()
    assert bundle["text/plain"] == ("Kabupaten <A> — Juni 2025 [data demo (sintetis)]\n"
                                    "Cakupan UCJ: 42,29% (target 60%)\n"
                                    "Perubahan 3 bulan: -1,58 poin persen")
    assert Paragraphs(["Satu.", "Dua."]).plain() == "- Satu.\n- Dua."
    assert NoteList(["a <b>"])._repr_html_() == (
        '<div class="ucj-notes"><ul><li>a &lt;b&gt;</li></ul></div>')
    assert NoteList([])._repr_html_() == ""
    assert "<pre" not in html


def test_chart_image_is_a_figure_with_caption(tmp_path):
    from ucjlib.report.view import ChartImage, ReportView

    png = tmp_path / "charts" / "01-peta-kecamatan.png"
    png.parent.mkdir()
    png.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    view = ReportView(folder=tmp_path, parameters={"nama": "Kabupaten <B>", "periode": "2025-06",
                                                    "lang": "id"},
                      chart_index={"coverage": {"peta-kecamatan": "charts/01-peta-kecamatan.png"}})
    img = view.chart("peta-kecamatan")
    assert isinstance(img, ChartImage)
    bundle = img._repr_mimebundle_()
    html = bundle["text/html"]
    assert html.startswith('<figure class="ucj-fig"') and "<figcaption>" in html
    assert "Cakupan UCJ per kecamatan, Kabupaten &lt;B&gt;, Juni 2025" in html
    assert 'src="data:image/png;base64,' in html
    assert bundle["text/plain"] == "<grafik peta-kecamatan>"


def test_number_figures_and_tables_in_reading_order():
    from ucjlib.report.html import align_numbers, number_figures

    body = ('<h2>Satu</h2><figure class="ucj-fig" data-chart="a"><img src="x">'
            "<figcaption>Peta.</figcaption></figure>"
            "<h2>Tabel per wilayah</h2><table><thead><tr><th>Nama</th><th>Pekerja</th></tr>"
            "</thead><tbody><tr><td>Dander</td><td>157.058</td></tr>"
            "<tr><td>Kalitidu</td><td>&lt;10</td></tr></tbody></table>"
            '<figure class="ucj-fig"><img src="y"><figcaption>Tren.</figcaption></figure>'
            "<table><caption>Anggaran</caption><tr><td>Rp 31,7 miliar</td></tr></table>")
    out = number_figures(align_numbers(body), "id")
    assert re.findall(r"(Gambar|Tabel) (\d)\.", out) == [
        ("Gambar", "1"), ("Tabel", "1"), ("Gambar", "2"), ("Tabel", "2")]
    assert '<span class="ucj-num">Tabel 1.</span> Tabel per wilayah</caption>' in out
    assert '<span class="ucj-num">Tabel 2.</span> Anggaran</caption>' in out
    assert out.count("<caption") == 2
    assert '<th class="num">Pekerja</th>' in out and "<th>Nama</th>" in out
    assert '<td class="num">157.058</td>' in out and '<td class="num">&lt;10</td>' in out
    assert "<td class=\"short\">Dander</td>" in out
    assert '<td class="num">Rp 31,7 miliar</td>' in out
    assert "Figure 1." in number_figures(body, "en") and "Table 2." in number_figures(body, "en")


@pytest.mark.parametrize("value,numeric", [
    ("157.058", True), ("42,29%", True), ("-1,58 poin persen", True), ("+17.73 pp", True),
    ("Rp 31,7 miliar", True), ("IDR 31.7 billion", True), ("404–473", True), ("<10", True),
    ("2026", True), ("35.22.16", False), ("2025-06", False), ("di bawah target", False),
    ("Dander", False), ("APBD", False)])
def test_numeric_cell_pattern(value, numeric):
    from ucjlib.report.html import NUMERIC_CELL

    assert bool(NUMERIC_CELL.fullmatch(value)) is numeric


def test_print_css_running_label_page_numbers_and_escaping():
    from ucjlib.report.pdfpage import print_css

    css = print_css("id", "data demo (sintetis)", 'Kota "A" \\ B')
    assert "size: A4" in css and "@top-center" in css
    assert '"DATA DEMO (SINTETIS) — bukan data peserta sungguhan"' in css
    assert '"Halaman " counter(page) " / " counter(pages)' in css
    assert r'"Kota \"A\" \\ B"' in css
    assert "target-counter(attr(href), page)" in css
    assert "iframe" in css and "break-before: page" in css
    real = print_css("en", "", "")
    assert "@top-center" not in real and '"Page "' in real


def test_pdf_skipped_with_one_line_when_the_engine_cannot_load(tmp_path, monkeypatch):
    import ucjlib.render.pdf as pdf
    from ucjlib.report.run import REPORT_HTML, write_pdf

    class Collect:
        def __init__(self):
            self.lines = []

        def message(self, text):
            self.lines.append(text)

    monkeypatch.setattr(pdf, "_PROBLEM", ["WeasyPrint (OSError: pango)"])
    (tmp_path / REPORT_HTML).write_text("<html><body>x</body></html>", encoding="utf-8")
    progress = Collect()
    got = write_pdf(tmp_path, "en", progress)
    assert got == {"skipped": "WeasyPrint (OSError: pango)"}
    assert not (tmp_path / "report.pdf").exists()
    assert len(progress.lines) == 1 and "\n" not in progress.lines[0]
    assert progress.lines[0].startswith("report.pdf was not written (report.html is there)")


@pytest.mark.slow
def test_cli_no_pdf_and_a_missing_engine_keep_the_html(ucj, tmp_path, monkeypatch):
    res = ucj(["report", "35.22", "--tanpa-pdf", "--out", "r"])
    assert res.returncode == 0, res.stderr
    run = Path(res.stdout.strip().splitlines()[-1]).parent
    assert (run / "report.html").is_file() and not (run / "report.pdf").exists()
    assert "pdf" not in json.loads((run / "manifest.json").read_text())

    import ucjlib.render.pdf as pdf

    monkeypatch.setattr(pdf, "_PROBLEM", ["WeasyPrint (OSError: pango)"])
    res = ucj(["report", "35.22", "--out", "r2"])
    assert res.returncode == 0, res.stderr
    out = res.stdout + res.stderr
    assert ("report.pdf tidak dibuat (report.html tetap ada): mesin PDF tidak dapat dimuat, "
            "WeasyPrint (OSError: pango). Pasang pustaka Pango") in out
    assert "Traceback" not in out
    run = Path(res.stdout.strip().splitlines()[-1]).parent
    assert (run / "report.html").is_file() and not (run / "report.pdf").exists()
    man = json.loads((run / "manifest.json").read_text())
    assert man["pdf"] == {"skipped": "WeasyPrint (OSError: pango)"}


def test_rules_display_is_a_readers_table_and_escaped():
    import pandas as pd

    from ucjlib.render.tables import rules_display

    used = pd.DataFrame([
        {"parameter": "contribution.bpu.monthly", "nilai": 16800.0, "berlaku_sejak": "2019-12-02",
         "bulan_pertama": "2026-01", "bulan_terakhir": "2028-12"},
        {"parameter": "<b>x</b>", "nilai": float("nan"), "berlaku_sejak": None,
         "bulan_pertama": "2026-01", "bulan_terakhir": "2026-02"}])
    t = rules_display(used, "en")
    assert list(t.columns) == ["Rule", "Value", "In force since", "Used from", "Used until"]
    assert t.iloc[0].tolist() == ["contribution.bpu.monthly", "16,800", "2 December 2019",
                                  "January 2026", "December 2028"]
    assert t.iloc[1, 1] == "–" and t.iloc[1, 2] == "–"
    html = t.style.to_html()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_the_interactive_maps_notebook_stand_in_is_not_in_the_report():
    import nbformat

    from ucjlib.report.html import notebook_section

    still = ('<iframe srcdoc="&lt;p&gt;peta&lt;/p&gt;"></iframe><div class="ucj-map-still" '
             'id="ucj-still-1"><img src="data:image/png;base64,AAAA" alt="m"><p class="ucj-map-'
             'hint">Peta interaktif muncul setelah notebook dipercaya: File → Trust Notebook</p>'
             "</div><script>var x = 1;</script>")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 — Uji"),
                nbformat.v4.new_code_cell("peta()", outputs=[nbformat.v4.new_output(
                    "display_data", data={"text/html": still, "text/plain": "<peta>"})])]
    body = notebook_section("01-coverage", nb).body
    assert "Trust Notebook" not in body and "ucj-map-still" not in body
    assert "base64,AAAA" not in body and "&lt;p&gt;peta&lt;/p&gt;" in body
