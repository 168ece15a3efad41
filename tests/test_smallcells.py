"""Small-cell protection (ucjlib.smallcells) through data, and through every renderer.

A kecamatan (Kalitidu, 35.22.16) with one desa of 3 participants, one of 12, one of
18, one of 40 and one of 0. The full-report path (two kecamatan, one with nothing
small) is in tests/test_report_leak.py.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from ucjlib.coverage import analyze_coverage
from ucjlib.dataset import Dataset
from ucjlib.errors import ArgumentError
from ucjlib.smallcells import (
    SuppressedCoverageResult,
    minimum_for,
    suppress_small_cells,
)

KALITIDU = {"35.22.16.2006": 3, "35.22.16.2007": 12, "35.22.16.2008": 18,
            "35.22.16.2009": 40, "35.22.16.2010": 0}
SMALL, NEXT, COMP, BIG, ZERO = KALITIDU


def _dataset(counts: dict[str, int] | None = None) -> Dataset:
    counts = counts or KALITIDU
    months = ["2025-03", "2025-06"]
    cov = pd.DataFrame([{"kode": k, "periode": m, "segmen": "BPU", "pendanaan": "mandiri",
                         "peserta_aktif": n} for k, n in counts.items() for m in months])
    wf = pd.DataFrame({"kode": list(counts), "tahun": 2025,
                       "pekerja": [500 + 10 * i for i in range(len(counts))]})
    return Dataset("35.22.16", cov, wf)


@pytest.fixture(scope="module")
def desa():
    return analyze_coverage(_dataset(), "2025-06", level="desa", target=0.6)


@pytest.fixture(scope="module")
def hidden(desa):
    return suppress_small_cells(desa)


def _row(result, kode: str) -> pd.Series:
    t = result.table
    return t.loc[t["kode"] == kode].iloc[0]


def test_small_count_and_everything_derived_from_it_hidden(desa, hidden):
    r = _row(hidden, SMALL)
    for col in ("peserta_aktif", "cakupan", "tidak_tercakup", "gap_target", "gap_target_pp",
                "perubahan_3bln", "peringkat"):
        assert pd.isna(r[col]), col
    assert r["status"] == "disembunyikan (<10)"
    assert r["pekerja"] == _row(desa, SMALL)["pekerja"]  # the workforce stays published
    assert hidden.suppressed.count_text(SMALL) == "<10"
    assert isinstance(hidden, SuppressedCoverageResult)


def test_complementary_desa_large_enough_to_protect(hidden):
    # 3 + 12 = 15 would say the small desa has at most 5; 3 + 18 = 21 leaves it 1..9
    s = hidden.suppressed
    assert s.primary == (SMALL,) and s.complementary == (COMP,)
    assert _row(hidden, COMP)["status"] == "disembunyikan (pelengkap)"
    assert pd.isna(_row(hidden, COMP)["peserta_aktif"])
    assert _row(hidden, NEXT)["peserta_aktif"] == 12 and _row(hidden, BIG)["peserta_aktif"] == 40
    # the kecamatan total minus the published desa leaves two hidden desa, not one
    t = hidden.table
    kec = t.loc[t["kode"].str.startswith("35.22.16.")]
    assert int(kec["peserta_aktif"].isna().sum() - kec["pekerja"].isna().sum()) == 2


def test_zero_published_and_larger_desa_untouched(desa, hidden):
    assert _row(hidden, ZERO)["peserta_aktif"] == 0 and _row(hidden, ZERO)["cakupan"] == 0
    for k in (NEXT, BIG, ZERO):
        a, b = _row(hidden, k), _row(desa, k)
        assert a.drop("peringkat").equals(b.drop("peringkat")), k


def test_totals_unchanged_original_untouched_ranks_without_gaps(desa, hidden):
    assert hidden.total == desa.total and hidden.total["peserta_aktif"] == 73
    assert _row(desa, SMALL)["peserta_aktif"] == 3  # the original result is not changed
    assert hidden.suppressed.totals["peserta_aktif"] == 73
    ranks = hidden.table["peringkat"].dropna().astype(int).sort_values().tolist()
    assert ranks == list(range(1, len(ranks) + 1))
    assert any("Perlindungan sel kecil" in n for n in map(str, hidden.notes))
    # the note adding up every desa's gap would give the hidden gaps back: recomputed
    gap_notes = [n for n in map(str, hidden.notes) if n.startswith("Jumlah kekurangan per desa")]
    assert all(f"({int(desa.table['gap_target'].sum()):,}".replace(",", ".") not in n
               for n in gap_notes)


def test_threshold_configurable_idempotent_and_checked(desa, hidden):
    five = suppress_small_cells(desa, 5)
    assert five.suppressed.primary == (SMALL,) and _row(five, SMALL)["status"] == \
        "disembunyikan (<5)"
    twenty = suppress_small_cells(desa, 20)
    assert set(twenty.suppressed.primary) == {SMALL, NEXT, COMP}
    assert suppress_small_cells(desa, 0) is desa and suppress_small_cells(desa, 1) is desa
    assert suppress_small_cells(hidden) is hidden and suppress_small_cells(hidden, 5) is hidden
    with pytest.raises(ValueError):
        suppress_small_cells(five, 10)
    for bad in (-1, 2.5, "x"):
        with pytest.raises(ArgumentError):
            suppress_small_cells(desa, bad)
    kec = analyze_coverage(_dataset(), "2025-06", level="kecamatan", target=0.6)
    assert suppress_small_cells(kec) is kec  # kecamatan totals are published


def test_two_small_desa_still_get_a_complement():
    counts = {"35.22.16.2006": 2, "35.22.16.2007": 5, "35.22.16.2008": 11,
              "35.22.16.2009": 30}
    r = suppress_small_cells(analyze_coverage(_dataset(counts), "2025-06", level="desa"))
    assert r.suppressed.primary == ("35.22.16.2006", "35.22.16.2007")
    assert r.suppressed.complementary == ("35.22.16.2009",)  # 2 + 5 + 11 would narrow them


def test_kecamatan_too_small_hides_every_other_desa_and_says_so():
    counts = {"35.22.16.2006": 3, "35.22.16.2007": 10, "35.22.16.2008": 11}
    r = suppress_small_cells(analyze_coverage(_dataset(counts), "2025-06", level="desa"))
    assert r.suppressed.complementary == ("35.22.16.2007", "35.22.16.2008")
    assert r.suppressed.unprotected == ("35.22.16",) and "35.22.16" in str(r.suppressed.note)


def test_minimum_for_report_and_interactive():
    assert minimum_for(-1, ".") == 10 and minimum_for(-1, "") == 0
    assert minimum_for(3, "") == 3 and minimum_for(0, "/out") == 0


def test_csv_and_xlsx_show_less_than_ten(hidden, tmp_path):
    from ucjlib.render.csvout import coverage_tables, csv_text, totals_row
    from ucjlib.render.workbook import write_workbook

    table = coverage_tables(hidden)[0]
    rows = {r[0]: r for r in csv.reader(io.StringIO(csv_text(table)), delimiter=";")}
    head = next(iter(rows.values()))
    i_p, i_c, i_s = (head.index(h) for h in ("Peserta aktif", "Cakupan UCJ (%)", "Status"))
    assert rows[SMALL][i_p] == "<10" and rows[SMALL][i_c] == ""
    assert rows[SMALL][i_s] == "disembunyikan (<10)"
    assert rows[COMP][i_p] == "disembunyikan" and rows[BIG][i_p] == "40"
    assert rows[ZERO][i_p] == "0"
    assert totals_row(table)["peserta_aktif"] == 73  # the true total, not the shown sum
    book = write_workbook([table], tmp_path / "t.xlsx", title="t")
    with zipfile.ZipFile(book) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "&lt;10" in xml and "disembunyikan (&lt;10)" in xml


def test_web_map_and_static_map_draw_their_own_class(hidden):
    from ucjlib.render.maps import coverage_map, coverage_map_data
    from ucjlib.render.webmap import webmap_html

    page = webmap_html(hidden)
    assert page.count('fill="url(#ucj-hidden)" data-i=') == 2  # two desa polygons
    assert '"peserta": "<10"' in page and "disembunyikan (sel kecil)" in page
    assert '"peserta": "3"' not in page
    fig = coverage_map(hidden)
    data = coverage_map_data(hidden)["data"].set_index("kode")
    assert data.loc[SMALL, "kategori"] == data.loc[COMP, "kategori"] == \
        "disembunyikan (sel kecil)"
    assert "disembunyikan (sel kecil)" in [t.get_text() for t in fig.legends[0].get_texts()]


def test_deck_takeaway_counts_hidden_apart(hidden):
    from ucjlib.render.deck import takeaway

    text = takeaway("coverage_desa", "02-peta-desa", hidden)
    assert "2 desa/kelurahan disembunyikan" in text


def test_projection_desa_allocation():
    from ucjlib.demo.generate import demo_dataset
    from ucjlib.projection import project

    p = project(demo_dataset("35.22"), draws=30, level="desa")
    a = p.allocation.copy()
    a.loc[0, "peserta_aktif"] = 4
    small = p.__class__(**{**p.__dict__, "allocation": a})
    s = suppress_small_cells(small)
    k = a.loc[0, "kode"]
    row = s.allocation.loc[s.allocation["kode"] == k].iloc[0]
    assert pd.isna(row["peserta_aktif"]) and pd.isna(row["kuota_tambahan"])
    assert pd.isna(row["batas_atas"]) and row["pekerja"] == a.loc[0, "pekerja"]
    assert len(s.suppressed.complementary) == 1 and s.figures() == small.figures()


def test_assemble_protects_kept_desa_results(tmp_path, desa):
    from ucjlib.report.outputs import assemble, save_section

    save_section("coverage_desa", desa, tmp_path, figures={})
    assemble(tmp_path)
    text = (Path(tmp_path) / "tables" / "cakupan-desa.csv").read_text(encoding="utf-8-sig")
    assert ";<10;" in text and ";3;" not in text.split(SMALL)[1].split("\n")[0]
    open_dir = tmp_path / "open"
    save_section("coverage_desa", desa, open_dir, figures={})
    assemble(open_dir, min_cell=0)
    line = next(x for x in (open_dir / "tables" / "cakupan-desa.csv").read_text(
        encoding="utf-8-sig").splitlines() if x.startswith(SMALL))
    assert ";3;" in line


@pytest.mark.slow
def test_notebook_interactive_shows_counts_report_mode_hides_them(tmp_path, records_folder):
    """01-coverage at desa level: real counts without output_dir, "<10" with it."""
    import json

    import nbformat
    import papermill

    nbpath = Path(__file__).resolve().parents[1] / "notebooks" / "01-coverage.ipynb"
    outs = {}
    for mode, extra in (("interaktif", {}), ("laporan", {"output_dir": str(tmp_path / "o")})):
        out = tmp_path / f"{mode}.ipynb"
        papermill.execute_notebook(
            str(nbpath), str(out), kernel_name="python3", cwd=str(tmp_path),
            progress_bar=False, parameters={"kabupaten": "35.22", "level": "desa",
                                            "periode": "2025-06",
                                            "data_dir": str(records_folder), **extra})
        nb = nbformat.read(out, as_version=4)
        outs[mode] = json.dumps([c.get("outputs", []) for c in nb.cells])
    # the fixture has 2 participants in 35.22.16.2006 in June 2025
    assert "disembunyikan" not in outs["interaktif"] and "Perlindungan" not in outs["interaktif"]
    assert "Perlindungan sel kecil" in outs["laporan"]
