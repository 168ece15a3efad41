"""One writer per file format (issue 18): CSV in ucjlib.render.csvout, XLSX in
ucjlib.render.workbook, every column title in ucjlib.columns.

The projection package returns the target sheets as data; the workbook writer puts them
in a file of their own and in the report workbook, cell for cell the same.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from ucjlib.columns import COLUMNS, KINDS, header
from ucjlib.demo.generate import demo_dataset
from ucjlib.projection import project
from ucjlib.projection.sheets import TargetSheets, target_sheets
from ucjlib.render import csvout
from ucjlib.render.workbook import write_target_sheets, write_workbook


@pytest.fixture(scope="module")
def desa_projection():
    return project(demo_dataset("35.22"), level="desa", draws=50, backtest_horizons=(3,))


def _cells(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_projection_package_returns_data_not_files(desa_projection, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = target_sheets(desa_projection)
    assert isinstance(data, TargetSheets)
    assert [s.name for s in data.sheets] == ["Kecamatan", "Desa"]
    assert not list(tmp_path.iterdir())  # nothing written
    kec, desa = data.sheets
    # totals: true sums of the desa rows, coverage recomputed from them (not summed)
    alloc = desa_projection.allocation
    assert desa.totals["pekerja"] == pytest.approx(float(alloc["pekerja"].sum()))
    assert kec.totals["kuota_tambahan"] == pytest.approx(float(alloc["kuota_tambahan"].sum()))
    assert desa.totals["cakupan"] == pytest.approx(
        desa.totals["peserta_aktif"] / desa.totals["pekerja"])
    assert len(kec.frame) == alloc["kecamatan"].nunique()
    assert len(desa.shown) == len(alloc)


def test_target_sheets_same_cells_alone_and_in_report(desa_projection, tmp_path):
    from ucjlib.smallcells import for_file

    filed = for_file(desa_projection, None)
    alone = openpyxl.load_workbook(write_target_sheets(filed, tmp_path / "t.xlsx"))
    book = openpyxl.load_workbook(write_workbook(
        csvout.projection_tables(filed), tmp_path / "r.xlsx", title="T", label=filed.label,
        projection=filed))
    assert alone.sheetnames == ["Kecamatan", "Desa", "Keterangan"]
    assert book.sheetnames[-3:] == ["Target kecamatan", "Target desa", "Target - keterangan"]
    for a, b in zip(alone.sheetnames, book.sheetnames[-3:], strict=True):
        assert _cells(alone[a]) == _cells(book[b])
        assert alone[a].freeze_panes == book[b].freeze_panes
    ws = alone["Kecamatan"]
    hr = next(i for i in range(1, 12) if ws.cell(i, 1).value == "Kode")
    total_row = next(r for r in range(hr + 1, ws.max_row + 1) if ws.cell(r, 1).value == "Jumlah")
    col = [c.value for c in ws[hr]].index(next(v for v in (c.value for c in ws[hr])
                                              if str(v).startswith("Penduduk bekerja ("))) + 1
    assert ws.cell(total_row, col).value == pytest.approx(
        float(desa_projection.allocation["pekerja"].sum()))


def test_old_import_of_the_target_sheet_writer_still_works():
    import ucjlib
    from ucjlib import projection

    assert projection.write_target_sheets is write_target_sheets
    assert ucjlib.write_target_sheets is write_target_sheets


def test_every_report_column_has_a_registry_entry(bojonegoro_results):
    r = bojonegoro_results
    tables = (csvout.coverage_tables(r["coverage"]) + csvout.coverage_tables(r["coverage_desa"])
              + csvout.projection_tables(r["projection"]) + csvout.budget_tables(r["budget"]))
    for t in tables:
        for c in t.columns:
            dynamic = c.key.startswith("iuran_") and c.key.endswith("_idr")
            assert c.key in COLUMNS or dynamic, f"{t.name}: {c.key} has no title in columns.py"
    for key, meta in COLUMNS.items():
        assert meta["kind"] in KINDS, key
        assert meta["title"] and meta["title_en"], key
    assert header("nilai_kini_idr", "en", "idr") == "Present value of payout (IDR)"


def test_every_command_csv_goes_through_the_one_writer(monkeypatch):
    from ucjlib.budget import estimate_budget
    from ucjlib.commands.budget import budget_csv
    from ucjlib.commands.project import to_csv as project_csv
    from ucjlib.coverage import analyze_coverage
    from ucjlib.render.tables import to_csv as coverage_csv

    ds = demo_dataset("35.22")
    results = (analyze_coverage(ds), project(ds, draws=50, backtest_horizons=(3,)),
               estimate_budget(157_058, draws=100))
    calls = []
    real = csvout.frame_csv

    def spy(frame, **kw):
        calls.append(kw)
        return real(frame, **kw)

    monkeypatch.setattr(csvout, "frame_csv", spy)
    texts = [coverage_csv(results[0]), project_csv(results[1]),
             budget_csv(results[2], "anggaran")]
    assert len(calls) == 3
    assert [c.get("label") for c in calls[:2]] == ["data demo (sintetis)"] * 2
    assert texts[0].splitlines()[0].endswith(",Label data")
    assert texts[2].splitlines()[0].startswith("tahun,")
    df = pd.DataFrame({"nama": ["=HYPERLINK(1)", "+62 812", "@x", "-2+3", "-2"],
                       "n": [1, -2, 3, 4, 5]})
    lines = real(df, titled=False).splitlines()
    assert lines[1:] == ["'=HYPERLINK(1),1", "'+62 812,-2", "'@x,3", "'-2+3,4", "-2,5"]


def test_chart_numbers_follow_the_one_ordered_list():
    import matplotlib.pyplot as plt

    from tests.test_deck import STEMS
    from ucjlib.budget import estimate_budget
    from ucjlib.render.budget import budget_figures
    from ucjlib.report.charts import CHART_ORDER, chart_stem

    stems = [chart_stem(s, 0, n.format(level="kecamatan")) for s, n in CHART_ORDER]
    assert [int(x[:2]) for x in stems] == list(range(1, len(CHART_ORDER) + 1))  # its place
    assert chart_stem("coverage", 0, "peta-desa") == "02-peta-desa"  # whichever section
    # what the sections really draw is that list, in that order
    from ucjlib.render.projection import projection_figures

    for section, figs in (
            ("budget", budget_figures(estimate_budget(157_058, draws=200))),
            ("projection", projection_figures(project(demo_dataset("35.22"), draws=50,
                                                      backtest_horizons=(3,))))):
        names = list(figs)
        for fig in figs.values():
            plt.close(fig)
        assert names == [n for s, n in CHART_ORDER if s == section]
    for section in ("coverage", "coverage_desa"):  # maps are slow: the stems of test_deck
        assert STEMS[section] == [n.format(level="kecamatan")
                                  for s, n in CHART_ORDER if s == section]
