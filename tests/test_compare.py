"""Many regions in one call (issue 20, point 1): ``ucj.compare``.

Every number is checked against an independent path: the single-region analysis
(``analyze_coverage`` of the region's own demo dataset), the arithmetic by hand, the
region's monthly series, and the budget module's own pricing of the same participants.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest
from conftest import assert_one_paragraph

import ucjlib as ucj
from ucjlib.budget import estimate_budget
from ucjlib.budget.contributions import contribution_per_participant
from ucjlib.columns import COLUMNS
from ucjlib.coverage import analyze_coverage, coverage_series
from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import children
from ucjlib.open import open_dataset
from ucjlib.regions_table import COMPARE_COLUMNS, compare, yearly_apbd_cost
from ucjlib.rules import default_deadline

# kabupaten/kota of four provinces (one with its own target, Bojonegoro 60%) and two cities
REGIONS = ["35.22", "32.71", "51.71", "11.01", "35.78"]
FIGURES = ("pekerja", "peserta_aktif", "cakupan", "gap_target", "status")


@pytest.fixture(scope="module")
def table():
    return compare(REGIONS + ["51"]).set_index("kode")


@pytest.fixture(scope="module")
def singles():
    """Each region analysed alone, from its own demo dataset (desa rows summed up)."""
    out = {}
    for k in REGIONS:
        ds = open_dataset(k)
        out[k] = (analyze_coverage(ds, level="kabupaten"), coverage_series(ds))
    bali = open_dataset("51")
    out["51"] = (analyze_coverage(bali, level="provinsi"), coverage_series(bali))
    return out


def test_rows_equal_the_single_region_analysis(table, singles):
    assert list(table.index) == REGIONS + ["51"]  # the order asked
    for kode, (r, _) in singles.items():
        row = table.loc[kode]
        for key in FIGURES:
            assert row[key] == r.total[key], (kode, key)
        assert row["target"] == r.target.value and row["sumber_target"] == r.target.source_level
        assert row["nama"] == r.region.nama and row["periode"] == r.periode
        assert row["level"] == r.region.level and row["provinsi"] == kode[:2]
    assert table.loc["35.22", "target"] == pytest.approx(0.6)  # Bojonegoro's own target
    assert table.loc["35.22", "gap_target"] == 145_291
    assert table.loc["51", "nama_provinsi"] == "Bali"


def test_pace_is_the_gap_over_the_months_left_by_hand(table, singles):
    for kode, (r, series) in singles.items():
        row = table.loc[kode]
        deadline = default_deadline(kode, r.periode).deadline
        y, m = int(r.periode[:4]), int(r.periode[5:])
        dy, dm = int(deadline[:4]), int(deadline[5:])
        months = (dy - y) * 12 + dm - m
        assert row["tenggat"] == deadline and row["bulan_tersisa"] == months
        assert row["laju_perlu_per_bulan"] == pytest.approx(r.total["gap_target"] / months)
        s = series.set_index("periode")["peserta_aktif"]
        year_before = f"{y - 1}-{m:02d}"
        trend = (s[r.periode] - s[year_before]) / 12
        assert row["tren_per_bulan"] == pytest.approx(trend)
        assert row["tambahan_di_atas_tren"] == pytest.approx(
            max(0.0, r.total["gap_target"] / months - trend))
    # Bojonegoro, June 2025: 145.291 participants short, 6 months to December 2025
    assert table.loc["35.22", "bulan_tersisa"] == 6
    assert table.loc["35.22", "laju_perlu_per_bulan"] == pytest.approx(145_291 / 6)


def test_pace_equals_the_projections_net_pace_by_the_default_deadline(table):
    from ucjlib.projection import project

    for kode in ("35.22", "32.71"):
        p = project(open_dataset(kode), draws=20, level="kabupaten")
        assert p.deadline == table.loc[kode, "tenggat"]
        assert table.loc[kode, "laju_perlu_per_bulan"] == pytest.approx(p.pace["net_per_month"])


def test_a_deadline_given_is_used_for_every_row():
    t = compare(["35.22", "32.71"], deadline="2026-06").set_index("kode")
    assert set(t["tenggat"]) == {"2026-06"} and set(t["bulan_tersisa"]) == {12}
    assert t.loc["35.22", "laju_perlu_per_bulan"] == pytest.approx(145_291 / 12)
    with pytest.raises(ArgumentError, match="deadline"):
        compare(["35.22"], deadline="2025-03")


def test_cost_is_the_budget_modules_bill_for_the_gap(table):
    row = table.loc["35.22"]
    # the same participants priced by estimate_budget, for the 12 months after the deadline
    b = estimate_budget(int(row["gap_target"]), start="2026-01", years=1, funding="APBD",
                        draws=50, sensitivity=False)
    assert row["biaya_apbd_per_tahun_idr"] == pytest.approx(
        float(b.yearly["iuran_apbd_idr"].iloc[0]))
    per_month = contribution_per_participant("2026-01", "BPU", "APBD").value
    assert yearly_apbd_cost("2025-12") == pytest.approx(12 * per_month)
    assert row["biaya_apbd_per_tahun_idr"] == pytest.approx(145_291 * 12 * per_month)


def test_a_province_in_seconds_and_all_of_indonesia():
    t0 = time.perf_counter()
    jatim = compare(provinsi="35")
    took = time.perf_counter() - t0
    assert len(jatim) == 38 and jatim["kode"].tolist() == sorted(children("35", "kabupaten")
                                                                  ["kode"])
    assert took < 10, took  # one pass over the demo's plans, not 38 projections
    assert compare(provinsi="Jawa Timur")["kode"].tolist() == jatim["kode"].tolist()
    everything = compare()
    assert len(everything) == 514 and everything["kode"].is_unique
    assert set(everything["label_data"]) == {ucj.DEMO_LABEL}
    row = everything.set_index("kode").loc["35.22"]
    assert row["gap_target"] == 145_291


def test_names_one_string_and_own_datasets(demo_bojonegoro):
    by_name = compare("Bojonegoro")
    assert by_name["kode"].tolist() == ["35.22"]
    assert compare("35.22,32.71")["kode"].tolist() == ["35.22", "32.71"]
    # a dataset of one's own is analysed with analyze_coverage: the same row as the demo path
    own = compare([demo_bojonegoro]).iloc[0]
    demo = by_name.iloc[0]
    for key in COMPARE_COLUMNS:
        a, b = own[key], demo[key]
        if isinstance(a, float):
            assert a == pytest.approx(b) or (pd.isna(a) and pd.isna(b)), key
        else:
            assert a == b, key
    with pytest.raises(ArgumentError, match="kecamatan"):
        compare(["35.22.01"])
    with pytest.raises(ArgumentError, match="kabupaten/kota atau provinsi"):
        compare([])  # an empty list is a mistake, not all of Indonesia


def test_a_target_given_applies_to_every_row():
    t = compare(["35.22", "32.71"], target=0.5).set_index("kode")
    r = analyze_coverage(open_dataset("32.71"), level="kabupaten", target=0.5)
    assert t.loc["32.71", "gap_target"] == r.total["gap_target"]
    assert set(t["sumber_target"]) == {"pengguna"} and set(t["target"]) == {0.5}


def test_columns_are_registered_and_the_frame_maps():
    t = compare(provinsi="51")
    assert tuple(t.columns) == COMPARE_COLUMNS
    for c in t.columns:
        assert c in COLUMNS and COLUMNS[c]["title"] and COLUMNS[c]["title_en"], c
    assert "gap_target / bulan_tersisa" in COLUMNS["laju_perlu_per_bulan"]["description"]
    g = ucj.to_geodataframe(t)
    assert len(g) == len(t) == 9 and g.geometry.notna().all()
    assert g["cakupan"].tolist() == t["cakupan"].tolist()


def test_the_command_line_compares_too(ucj):
    res = ucj(["coverage", "--bandingkan", "35.22,32.71"])
    assert res.returncode == 0, res.stderr
    assert "Kabupaten Bojonegoro" in res.stdout and "Kota Bogor" in res.stdout
    assert "145.291" in res.stdout and "24.215,2" in res.stdout  # 145.291 / 6 months
    assert "data demo (sintetis)" in res.stdout
    csv = ucj(["coverage", "--bandingkan", "35.22", "--format", "csv", "--lang", "en"])
    head, row = csv.stdout.splitlines()[:2]
    assert head.startswith("Region code,Region name,") and "demo data (synthetic)" in row
    assert ",145291," in row and "below target" in row
    res = ucj(["coverage", "--bandingkan", "35.22.01"])
    assert_one_paragraph(res, 2, ["35.22.01", "kecamatan"])
    res = ucj(["coverage", "--bandingkan", "35.22", "--data", "folder"])
    assert_one_paragraph(res, 2, ["--data", "ucj.compare"])
