"""Results a researcher can use (issue 20, points 2-6).

Kecamatan names on desa rows, a GeoDataFrame of any result, a clear error for a level a
dataset does not have, a note when the units do not add up to the total, and a readable
summary in a notebook.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from conftest import assert_one_paragraph

import ucjlib as ucj
from ucjlib.columns import COLUMNS
from ucjlib.coverage import analyze_coverage, coverage_series, coverage_table
from ucjlib.dataset import Dataset
from ucjlib.errors import ArgumentError, BoundaryError, UcjError
from ucjlib.fmt import fmt_int, fmt_rupiah
from ucjlib.geo.wilayah import children
from ucjlib.geoframe import NoPolygonsError, to_geodataframe
from ucjlib.text import Note, render_notes


@pytest.fixture(scope="module")
def desa(demo_bojonegoro):
    return analyze_coverage(demo_bojonegoro, "2025-06", level="desa")


# --- 2. kecamatan names on desa rows -----------------------------------------------------

def test_desa_rows_name_their_kecamatan(desa):
    t = desa.table
    assert ["kode", "nama", "kode_kecamatan", "nama_kecamatan"] == list(t.columns[:4])
    kec = children("35.22", "kecamatan").set_index("kode")["nama"]
    assert (t["kode_kecamatan"] == t["kode"].str.slice(0, 8)).all()
    assert t["nama_kecamatan"].tolist() == [kec[k] for k in t["kode_kecamatan"]]
    assert t.loc[t["kode"] == "35.22.01.2001", "nama_kecamatan"].item() == "Ngraho"
    for c in ("kode_kecamatan", "nama_kecamatan"):
        assert COLUMNS[c]["title"] and COLUMNS[c]["title_en"] and COLUMNS[c]["kind"] == "text"
    # not at other levels
    k = analyze_coverage(ucj.open_dataset("35.22"), level="kecamatan").table
    assert "kode_kecamatan" not in k.columns and "nama_kecamatan" not in k.columns


def test_desa_consumers_still_work(desa, tmp_path):
    from ucjlib.render import csvout
    from ucjlib.render.tables import to_csv
    from ucjlib.report.store import load_results, save_results
    from ucjlib.smallcells import for_file

    tables = csvout.coverage_tables(desa)
    unit = tables[0]
    assert len(unit.frame) == 430 and "nama_kecamatan" in unit.frame.columns
    head = to_csv(desa, min_cell=0).splitlines()
    assert head[0].startswith("Kode wilayah,Nama wilayah,Kode kecamatan,Kecamatan,")
    hidden = for_file(desa, 10)  # small cells hide counts, never names
    assert hidden.table["nama_kecamatan"].tolist() == desa.table["nama_kecamatan"].tolist()
    save_results({"coverage_desa": desa}, tmp_path)
    back = load_results(tmp_path)["coverage_desa"]
    pd.testing.assert_frame_equal(back.table, desa.table)
    assert back.notes == desa.notes


# --- 5. consistent totals: the uncovered workers ------------------------------------------

def test_desa_uncovered_workers_note_adds_up(desa):
    t, total = desa.table, desa.total
    units = int(t["tidak_tercakup"].sum())
    assert (units, total["tidak_tercakup"]) == (470_897, 473_446)
    silent = t.loc[t["peserta_aktif"].isna() & t["pekerja"].notna()]
    assert len(silent) == 2 and int(silent["pekerja"].sum()) == 2_549  # Growok, Batokan
    note = next(n for n in desa.notes if isinstance(n, Note)
                and n.code.startswith("coverage.uncovered_sum"))
    assert note.code == "coverage.uncovered_sum.missing"
    p = note.params
    assert (p["units"], p["whole"], p["workers"], p["missing"]) == (470_897, 473_446, 2_549, 2)
    assert p["units"] + p["workers"] == p["whole"]
    text = note.text("id")
    assert "470.897" in text and "473.446" in text and "2.549" in text and "2 desa" in text
    assert "470,897 + 2,549 = 473,446" in note.text("en")
    # in the same place as the gap note: right after it
    codes = [n.code for n in desa.notes if isinstance(n, Note)]
    assert codes.index("coverage.uncovered_sum.missing") == \
        codes.index("coverage.gap_sum.both") + 1


def test_no_note_when_the_units_add_up(demo_bojonegoro):
    kec = analyze_coverage(demo_bojonegoro, "2025-06", level="kecamatan")
    assert int(kec.table["tidak_tercakup"].sum()) == kec.total["tidak_tercakup"] == 473_446
    assert not [n for n in kec.notes if getattr(n, "code", "").startswith("coverage.uncovered")]


def test_participants_above_workforce_are_explained():
    cov = pd.DataFrame({"kode": ["35.76.01", "35.76.02"], "periode": "2025-06",
                        "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [300, 900]})
    wf = pd.DataFrame({"kode": ["35.76.01", "35.76.02", "35.76.03"], "tahun": 2025,
                       "pekerja": [1000, 800, 500]})
    r = analyze_coverage(Dataset("35.76", cov, wf), target=0.6)
    # units: 700 + 0 (900 > 800) + none (did not report); whole: 2300 - 1200 = 1100
    note = next(n for n in r.notes if getattr(n, "code", "").startswith("coverage.uncovered"))
    assert note.code == "coverage.uncovered_sum.both"
    p = note.params
    assert (p["units"], p["workers"], p["excess"], p["whole"]) == (700, 500, 100, 1100)
    assert p["units"] + p["workers"] - p["excess"] == p["whole"] == r.total["tidak_tercakup"]


def test_a_small_cell_excess_is_not_given_back():
    # 35.76.02: 5 participants, 3 workers: its excess (2) would give the hidden 5 back
    cov = pd.DataFrame({"kode": ["35.76.01", "35.76.02"], "periode": "2025-06",
                        "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [300, 5]})
    wf = pd.DataFrame({"kode": ["35.76.01", "35.76.02", "35.76.03"], "tahun": 2025,
                       "pekerja": [1000, 3, 500]})
    r = analyze_coverage(Dataset("35.76", cov, wf), target=0.6)
    note = next(n for n in r.notes if getattr(n, "code", "").startswith("coverage.uncovered"))
    assert note.code == "coverage.uncovered_sum" and "excess" not in note.params


# --- 4. a clear error for a level the dataset does not have --------------------------------

def test_province_dataset_refuses_kecamatan_and_says_which_levels():
    ds = ucj.open_dataset("35")
    for call in (lambda: analyze_coverage(ds, level="kecamatan"),
                 lambda: coverage_table(ds, level="desa"),
                 lambda: coverage_series(ds, level="kecamatan")):
        with pytest.raises(ArgumentError) as exc:
            call()
        assert isinstance(exc.value, UcjError)
        assert "provinsi, kabupaten" in str(exc.value) and "tingkat kabupaten" in str(exc.value)
    assert len(analyze_coverage(ds, level="kabupaten").table) == 38  # what it has still works


def test_units_that_did_not_report_stay_no_data_rows_with_a_note(desa):
    no_data = desa.table.loc[desa.table["status"] == ucj.coverage.STATUS_NO_DATA]
    assert no_data["nama"].tolist() == ["Growok", "Batokan"]
    notes = render_notes(desa.notes, "id")
    assert any("2 desa tidak melaporkan kepesertaan" in n for n in notes)


def test_cli_level_the_data_lack_is_one_message(ucj):
    res = ucj(["coverage", "--provinsi", "35", "--level", "kecamatan"])
    assert_one_paragraph(res, 2, ["--level", "kecamatan"])
    res = ucj(["coverage", "35", "--level", "kecamatan"])
    assert_one_paragraph(res, 2, ["35", "provinsi"])


# --- 3. a GeoDataFrame of any result ------------------------------------------------------

def test_geodataframe_of_coverage_results(demo_bojonegoro, desa):
    for r in (analyze_coverage(demo_bojonegoro, "2025-06"), desa,
              analyze_coverage(demo_bojonegoro, "2025-06", level="kabupaten")):
        g = r.to_geodataframe()
        assert len(g) == len(r.table) and g.crs.to_epsg() == 4326
        assert g.geometry.notna().all() and not g.geometry.is_empty.any()
        assert g["kode"].tolist() == r.table["kode"].tolist()
        pd.testing.assert_series_equal(g["cakupan"], r.table["cakupan"])
    assert len(desa.to_geodataframe()) == 430


def test_geodataframe_of_a_projection_allocation(bojonegoro_results):
    p = bojonegoro_results["projection"]
    g = ucj.to_geodataframe(p)
    assert len(g) == len(p.allocation) == 28 and g.geometry.notna().all()
    assert g["kuota_tambahan"].tolist() == p.allocation["kuota_tambahan"].tolist()


def test_no_polygons_is_a_clear_error(desa, monkeypatch):
    from ucjlib.geo import boundaries

    def none(level, within=None, build=True):
        raise boundaries.NoDesaPolygons(within, "none_upstream", "tidak ada di upstream")

    monkeypatch.setattr(boundaries, "load_boundaries", none)
    with pytest.raises(NoPolygonsError) as exc:
        desa.to_geodataframe()
    assert isinstance(exc.value, BoundaryError) and isinstance(exc.value, UcjError)
    assert "desa" in str(exc.value) and "Kabupaten Bojonegoro (35.22)" in str(exc.value)
    assert exc.value.level == "desa" and exc.value.region == "35.22"
    monkeypatch.undo()
    other = ucj.load_boundaries("desa", "32.71")  # polygons of another region: none match
    with pytest.raises(NoPolygonsError, match="tingkat desa untuk Kabupaten Bojonegoro"):
        to_geodataframe(desa, other)


# --- 6. a readable summary in a notebook ---------------------------------------------------

def test_coverage_html_summary(desa):
    h = desa._repr_html_()
    for part in ("Kabupaten Bojonegoro (35.22)", "Juni 2025", "42,29%", "145.291",
                 "data demo (sintetis)", "Luwihaji", "Ngraho", "430 baris", "Catatan"):
        assert part in h, part
    en = dataclasses.replace(desa, lang="en")._repr_html_()
    assert "42.29%" in en and "145,291" in en and "June 2025" in en and "below target" in en
    r = repr(desa)
    assert "\n" not in r and len(r) < 200 and "35.22" in r and "430 rows" in r


def test_html_escapes_every_name(desa):
    t = desa.table.copy()
    t.loc[0, "nama"] = "<script>alert(1)</script>"
    bad = dataclasses.replace(desa, table=t, notes=(*desa.notes, "<b>catatan</b>"))
    h = bad._repr_html_()
    assert "<script>" not in h and "&lt;script&gt;alert(1)&lt;/script&gt;" in h
    assert "<b>catatan</b>" not in h and "&lt;b&gt;catatan&lt;/b&gt;" in h


def test_projection_and_budget_html_summaries(bojonegoro_results):
    p = bojonegoro_results["projection"]
    h = p._repr_html_()
    assert fmt_int(p.pace["net_per_month"]) in h and "Desember 2025" in h
    assert "Skenario (4)" in h and "dasar" in h
    assert len(repr(p)) < 200 and "\n" not in repr(p)
    b = bojonegoro_results["budget"]
    hb = b._repr_html_()
    assert fmt_rupiah(float(b.yearly["iuran_apbd_idr"].iloc[0])) in hb
    assert "157.058" in hb and "Januari 2026" in hb
    assert len(repr(b)) < 200 and "\n" not in repr(b)
