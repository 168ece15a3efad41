"""Action sheets for camat and kepala desa (issue 20, part): ucjlib.sheets, render.sheets.

* the figures (one row per kecamatan/desa) equal the report's coverage tables, the desa
  quotas add up to their kecamatan's quota;
* small cells: a hidden desa shows no number that gives its count back (coverage,
  participants, uncovered, gap, quota, changes, rank, segment rates), on its page, on its
  camat's page and in the PDF text;
* ``ucj report 35.22 --lembar desa`` writes 430 desa pages whose numbers are the desa
  table's, ``--lembar kecamatan --lang en`` 28 camat pages; a bad ``--lembar`` exits 2
  before the data are opened.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from test_report_run import fast_notebooks

from ucjlib.coverage import analyze_coverage
from ucjlib.fmt import fmt_int, fmt_pct
from ucjlib.projection import project
from ucjlib.render.sheets import page_html, write_sheets
from ucjlib.sheets import action_sheets
from ucjlib.smallcells import suppress_small_cells

KAB = "Kabupaten Bojonegoro"


def _analyse(ds):
    kec = analyze_coverage(ds, "2025-06", level="kecamatan")
    desa = analyze_coverage(ds, "2025-06", level="desa", target=kec.target)
    proj = project(ds, draws=100)
    return kec, desa, proj


@pytest.fixture(scope="module")
def demo_sheets(demo_bojonegoro):
    kec, desa, proj = _analyse(demo_bojonegoro)
    return kec, desa, proj, action_sheets(demo_bojonegoro, kec, proj, desa, level="desa",
                                          min_cell=10)


def test_one_row_per_unit_with_the_coverage_tables_figures(demo_sheets):
    kec, desa, proj, sheets = demo_sheets
    d, k = sheets["desa"], sheets["kecamatan"]
    assert len(d) == len(desa.table) == 430 and len(k) == len(kec.table) == 28
    shown = suppress_small_cells(desa, 10).table.set_index("kode")
    for col in ("pekerja", "peserta_aktif", "cakupan", "tidak_tercakup", "gap_target",
                "perubahan_3bln", "perubahan_12bln", "peringkat", "status"):
        a = d.set_index("kode")[col]
        b = shown[col].reindex(a.index)
        assert a.astype(object).where(a.notna(), None).tolist() == \
            b.astype(object).where(b.notna(), None).tolist(), col
    kt = kec.table.set_index("kode")
    assert (k.set_index("kode")["cakupan"] == kt["cakupan"]).all()
    assert k["n_peringkat"].iloc[0] == 28
    # the camat's quota is the projection's; the desa of a kecamatan add up to it
    alloc = proj.allocation.set_index("kode")["kuota_tambahan"]
    assert (k.set_index("kode")["kuota_tambahan"] == alloc.reindex(k["kode"])).all()
    sums = d.groupby("kecamatan")["kuota_tambahan"].sum()
    assert (sums == alloc.reindex(sums.index)).all()
    # ranks inside the kecamatan run 1..n
    r = d.loc[d["kecamatan"] == "35.22.01"]
    assert sorted(r["peringkat_kecamatan"].dropna().tolist())[0] == 1
    assert set(d["tindakan"]) <= {"enrol", "keep", "no_data", "hidden"}


def _small_desa_dataset(ds, kode: str, n: int):
    """The demo with desa ``kode`` cut to ``n`` participants (one BPU mandiri row)."""
    cov = ds.coverage.copy()
    cov = cov.loc[cov["kode"] != kode]
    months = sorted(ds.coverage["periode"].unique())
    extra = pd.DataFrame({"kode": kode, "periode": months, "segmen": "BPU",
                          "pendanaan": "mandiri", "peserta_aktif": n})
    cov = pd.concat([cov, extra], ignore_index=True)
    cov["peserta_aktif"] = cov["peserta_aktif"].astype("int64")
    return dataclasses.replace(ds, coverage=cov)


def _numbers(text: str) -> set[str]:
    """Return the numbers a reader sees (HTML: the text without tags and SVG coordinates)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return set(re.findall(r"\d[\d.,]*%?", text))


def _secrets(row_true: pd.Series, quota: object) -> set[str]:
    out = {fmt_pct(row_true["cakupan"])}
    for v in (row_true["peserta_aktif"], row_true["tidak_tercakup"], row_true["gap_target"],
              quota):
        if v is not None and not pd.isna(v) and int(v) >= 10:
            out.add(fmt_int(v))
    return out


def test_small_cells_hidden_on_every_page_and_in_the_pdf(demo_bojonegoro, tmp_path):
    small = "35.22.25.2001"  # Kedewan, a kecamatan of five desa
    ds = _small_desa_dataset(demo_bojonegoro, small, 4)
    kec, desa, proj = _analyse(ds)
    open_ = action_sheets(ds, kec, proj, desa, level="desa", min_cell=0)["desa"]
    sheets = action_sheets(ds, kec, proj, desa, level="desa", min_cell=10)
    d = sheets["desa"]
    hidden = d.loc[d["tersembunyi"]]
    assert small in set(hidden["kode"]) and len(hidden) >= 2  # the small one and its complement
    row = d.set_index("kode").loc[small]
    assert row["peserta_teks"] == "<10"
    assert not re.search(r":\d", row["jadwal"])  # the monthly record: months, no numbers
    for col in ("peserta_aktif", "cakupan", "tidak_tercakup", "gap_target", "kuota_tambahan",
                "per_bulan", "peringkat", "peringkat_kecamatan", "perubahan_3bln",
                "pu_cakupan", "bpu_cakupan", "pu_tertinggal", "bpu_tertinggal"):
        assert pd.isna(row[col]), col
    truth = open_.set_index("kode")
    one = {"kecamatan": sheets["kecamatan"].loc[sheets["kecamatan"]["kode"] == "35.22.25"],
           "desa": d.loc[d["kecamatan"] == "35.22.25"]}
    files = write_sheets(one, tmp_path, level="desa", lang="id", kabupaten=KAB)
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(files.files[0]).pages]
    assert len(pages) == 1 + len(one["desa"])
    for kode in hidden["kode"]:
        t = truth.loc[kode]
        secrets = _secrets(t, t["kuota_tambahan"])
        i = 1 + list(one["desa"]["kode"]).index(kode)
        html_text = page_html({**d.set_index("kode").loc[kode].to_dict(), "kode": kode},
                              "id", KAB)
        for text in (pages[i], html_text, pages[0]):  # its page and its camat's page
            assert not (_numbers(text) & secrets), (kode, _numbers(text) & secrets)
        assert "disembunyikan" in pages[i]
    # a published desa of the same kecamatan shows its numbers
    shown = one["desa"].loc[~one["desa"]["tersembunyi"]].iloc[0]
    page = pages[1 + list(one["desa"]["kode"]).index(shown["kode"])]
    assert fmt_pct(shown["cakupan"]) in page and fmt_int(shown["pekerja"]) in page


def test_a_higher_threshold_hides_more_and_still_shows_nothing(demo_sheets, demo_bojonegoro):
    kec, desa, proj, _ = demo_sheets
    open_ = action_sheets(demo_bojonegoro, kec, proj, desa, level="desa", min_cell=0)["desa"]
    d = action_sheets(demo_bojonegoro, kec, proj, desa, level="desa", min_cell=400)["desa"]
    hidden = d.loc[d["tersembunyi"]]
    assert len(hidden) > 10
    truth = open_.set_index("kode")
    for rec in hidden.to_dict("records"):
        text = page_html(rec, "id", KAB)
        t = truth.loc[rec["kode"]]
        secrets = _secrets(t, t["kuota_tambahan"]) - {"400"}  # the threshold, "<400"
        assert not (_numbers(text) & secrets), (rec["kode"], _numbers(text) & secrets)
        assert "&lt;400" in text or "disembunyikan" in text


def test_english_page_and_escaped_names(demo_sheets):
    *_, sheets = demo_sheets
    rec = sheets["desa"].iloc[0].to_dict()
    rec["nama"] = "<script>alert(1)</script>"
    text = page_html(rec, "en", KAB)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Village action sheet" in text and "What to do" in text
    assert fmt_pct(rec["cakupan"], lang="en") in text and "demo data (synthetic)" in text


@pytest.mark.parametrize("args", [["35.22", "--lembar", "rt"], ["35.22", "--lembar", ""],
                                  ["--provinsi", "35", "--lembar", "desa"]])
def test_a_bad_lembar_exits_2_before_the_data(args, ucj, opened, tmp_path):
    res = ucj(["report", *args, "--out", str(tmp_path / "r")])
    assert res.returncode == 2, res.stderr
    assert "--lembar" in res.stderr and "Traceback" not in res.stderr
    assert not opened


def _pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(path).pages]


@pytest.mark.slow
def test_report_writes_430_desa_pages_matching_the_desa_table(ucj, tmp_path):
    # the sheets come from the analysis, not the notebooks: small notebooks, no report.pdf
    nb = fast_notebooks(tmp_path / "nb")
    res = ucj(["report", "35.22", "--lembar", "desa", "--tanpa-pdf", "--out", str(tmp_path / "r")],
              env={"UCJ_NOTEBOOKS": str(nb)})
    assert res.returncode == 0, res.stderr
    run = Path(res.stdout.strip().splitlines()[-1]).parent
    folder = run / "lembar"
    files = sorted(p for p in folder.glob("35.22.*.pdf"))
    assert len(files) == 28
    from pypdf import PdfReader

    from ucjlib.report.view import load

    table = load(run).coverage_desa.table
    per_kec = table["kode"].str[:8].value_counts()
    file_of = {f.name[:8]: f for f in files}
    assert set(file_of) == set(per_kec.index)
    # each kecamatan's file: the camat's page, then one page per desa of that kecamatan
    counts = {k: len(PdfReader(f).pages) for k, f in file_of.items()}
    assert counts == {k: 1 + int(n) for k, n in per_kec.items()}
    assert sum(counts.values()) - len(counts) == 430
    assert len(PdfReader(folder / "lembar-desa.pdf").pages) == 458
    # the figures on a desa's page are the desa table's (text read for four kecamatan only)
    for rec in table.iloc[[0, 100, 250, 429]].to_dict("records"):
        kode = rec["kode"]
        pages = _pdf_pages(file_of[kode[:8]])
        assert "LEMBAR AKSI KECAMATAN" in pages[0].upper()
        assert all("LEMBAR AKSI DESA" in t.upper() for t in pages[1:])
        page = next(t for t in pages[1:] if kode in t)
        assert fmt_pct(rec["cakupan"]) in page
        assert fmt_int(rec["pekerja"]) in page and fmt_int(rec["peserta_aktif"]) in page
        assert "data demo (sintetis)".upper() in page.upper()
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["sheets"]["pages"] == {"kecamatan": 28, "desa": 430, "total": 458}
    assert "sheets" in manifest["timings"]


@pytest.mark.slow
def test_report_writes_28_camat_pages_in_english(ucj, tmp_path):
    res = ucj(["report", "35.22", "--lembar", "kecamatan", "--lang", "en",
               "--out", str(tmp_path / "r")])
    assert res.returncode == 0, res.stderr
    run = Path(res.stdout.strip().splitlines()[-1]).parent
    files = sorted((run / "lembar").glob("35.22.*.pdf"))
    assert len(files) == 28
    pages = [t for f in files for t in _pdf_pages(f)]
    assert len(pages) == 28
    assert all("DISTRICT ACTION SHEET" in t.upper() for t in pages)
    # the command says where the PDF and the sheets are
    out = res.stdout + res.stderr
    assert f"PDF (A4): {run / 'report.pdf'}" in out
    assert f"Action sheets: {run / 'lembar'} (28 pages; one PDF per kecamatan" in out
    from ucjlib.report.view import load

    table = load(run).coverage.table
    rec = table.iloc[0]
    assert fmt_pct(rec["cakupan"], lang="en") in pages[0]
    assert fmt_int(rec["pekerja"], lang="en") in pages[0]


def test_no_pdf_engine_keeps_the_report_and_says_so(monkeypatch, tmp_path, demo_sheets):
    import ucjlib.render.pdf
    from ucjlib.geo.wilayah import region_of
    from ucjlib.report.analysis import ReportParameters
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import _write_sheets

    said = []

    class Quiet(QuietProgress):
        def message(self, text: str) -> None:  # noqa: D102
            said.append(text)

    monkeypatch.setattr(ucjlib.render.pdf, "pdf_engine_problem", lambda: "tidak ada Pango")
    *_, sheets = demo_sheets
    params = ReportParameters(kode="35.22", nama="Bojonegoro", periode="2025-06",
                              deadline="2025-12", deadline_source="uji", lembar="desa")
    out = _write_sheets(tmp_path, sheets, params, region_of("35.22"), Quiet())
    assert out == {"skipped": "tidak ada Pango", "seconds": 0.0}
    assert not (tmp_path / "lembar").exists() and (tmp_path / "results").is_dir()
    assert any("tidak ada Pango" in s for s in said)


def test_desa_sheets_asked_for_kecamatan_data_say_so(monkeypatch, tmp_path, demo_sheets):
    """`--lembar desa` on data that stop at kecamatan: the camat's sheets, and a line why."""
    import ucjlib.render.pdf
    from ucjlib.geo.wilayah import region_of
    from ucjlib.report.analysis import ReportParameters
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import _write_sheets

    said = []

    class Quiet(QuietProgress):
        def message(self, text: str) -> None:  # noqa: D102
            said.append(text)

    monkeypatch.setattr(ucjlib.render.pdf, "pdf_engine_problem", lambda: "tidak ada Pango")
    *_, sheets = demo_sheets
    only_kec = {k: v for k, v in sheets.items() if k != "desa"}
    params = ReportParameters(kode="35.22", nama="Bojonegoro", periode="2025-06",
                              deadline="2025-12", deadline_source="uji", lembar="desa")
    _write_sheets(tmp_path, only_kec, params, region_of("35.22"), Quiet())
    assert said[0] == "Lembar desa tidak dibuat: data tidak sampai tingkat desa; hanya lembar " \
                      "kecamatan."
    said.clear()
    _write_sheets(tmp_path, sheets, params, region_of("35.22"), Quiet())  # desa there: no line
    assert not any("Lembar desa tidak dibuat" in s for s in said)
