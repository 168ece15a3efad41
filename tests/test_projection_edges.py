"""Projection edge cases, allocation and XLSX target sheets, on small synthetic datasets.

Toy area: Kota Mojokerto (35.76, three kecamatan). Each kecamatan has 1,000 workers in
2025; participants follow simple formulas so expectations are plain arithmetic.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ucjlib
from ucjlib.dataset import Dataset
from ucjlib.geo.wilayah import children
from ucjlib.projection import allocate, project
from ucjlib.render.workbook import write_target_sheets

KAB = "35.76"
KEC = children(KAB, "kecamatan")["kode"].tolist()


def toy(values: dict[str, list[float]], months: list[str] | None = None,
        skip: tuple[str, ...] = ()) -> Dataset:
    """``values[kecamatan]`` = PU mandiri participants per month (2025 months by default)."""
    n = len(next(iter(values.values())))
    months = months or [f"2025-{m:02d}" for m in range(7 - n, 7)]
    rows = [(k, p, "PU", "mandiri", v) for k, vs in values.items() if k not in skip
            for p, v in zip(months, vs, strict=True)]
    cov = pd.DataFrame(rows, columns=["kode", "periode", "segmen", "pendanaan", "peserta_aktif"])
    wf = pd.DataFrame({"kode": KEC, "tahun": 2025, "pekerja": 1000})
    return Dataset(KAB, cov, wf)


def flat(level: float, n: int = 6) -> dict[str, list[float]]:
    return {k: [level] * n for k in KEC}


def test_already_above_target():
    r = project(toy(flat(700)), target=0.6, draws=50)
    f = r.figures()
    assert f["target_reached_month"] == "2025-06"  # the last observed month
    assert f["required_monthly_net_additions"] == 0
    assert f["required_monthly_gross_enrolments"] == 0
    assert f["shortfall_at_deadline"] == 0 and f["probability_target_by_deadline"] == 1
    assert r.allocation["kuota_tambahan"].sum() == 0
    assert any("sudah di atas target" in n for n in map(str, r.notes))


def test_flat_series_unreachable_before_horizon():
    r = project(toy(flat(300)), target=0.6, draws=50)
    f = r.figures()
    assert f["target_reached_month"] is None
    assert f["coverage_at_deadline"] == pytest.approx(0.3)
    assert f["probability_target_by_deadline"] == 0
    # 3 x 1,000 workers: ceil(0.6 x 3000) - 900 = 900 over 6 months
    assert f["required_monthly_net_additions"] == 150
    assert f["shortfall_at_deadline"] == 900
    band = r.path.loc[r.path["jenis"] == "proyeksi"]
    assert np.allclose(band["cakupan_p5"], 0.3) and np.allclose(band["cakupan_p95"], 0.3)


def test_reached_within_horizon():
    r = project(toy({k: [400 + 20 * t for t in range(6)] for k in KEC}), target=0.6, draws=50)
    # 500 in June, +20 a month per kecamatan: 600 (60%) five months later
    assert r.figures()["target_reached_month"] == "2025-11"
    assert r.figures()["coverage_at_deadline"] == pytest.approx(0.62)


def test_one_month_of_data():
    r = project(toy(flat(300, 1)), target=0.6, draws=50)
    f = r.figures()
    assert f["periode"] == "2025-06" and f["coverage_at_deadline"] == pytest.approx(0.3)
    assert all(h["origins"] == 0 for h in f["backtest"].values())
    assert any("satu bulan" in n for n in map(str, r.notes))
    assert f["required_monthly_net_additions"] == 150


def test_negative_trend():
    r = project(toy({k: [400 - 10 * t for t in range(6)] for k in KEC}), target=0.6,
                draws=50)
    f = r.figures()
    assert f["coverage_at_deadline"] == pytest.approx((350 - 60) / 1000)
    assert f["target_reached_month"] is None
    assert any("menurun" in n for n in map(str, r.notes))
    # pace does not depend on the trend: (1800 - 1050) / 6
    assert f["required_monthly_net_additions"] == pytest.approx(125)
    assert f["additional_monthly_over_trend"] == pytest.approx((1800 - 870) / 6)


def test_kecamatan_without_data_gets_no_quota_and_the_rest_sums():
    ds = toy(flat(300), skip=(KEC[1],))
    r = project(ds, target=0.6, draws=50)
    a = r.allocation.set_index("kode")
    assert pd.isna(a.loc[KEC[1], "kuota_tambahan"])
    need = r.pace["needed_total"]
    assert a["kuota_tambahan"].sum() == need
    assert any(KEC[1] in n for n in map(str, r.notes))


def test_allocation_sums_exactly_and_respects_ceiling():
    ds = ucjlib.open_dataset("35.22")
    r = project(ds, level="desa", draws=50, ceiling=0.7, backtest_horizons=(3,))
    a = r.allocation
    known = a["kuota_tambahan"].notna()
    assert a["kuota_tambahan"].sum() == r.pace["needed_total"] == 145_291
    room = np.floor(0.7 * a["pekerja_tenggat"].astype(float)) - a["peserta_aktif"].astype(float)
    assert (a.loc[known, "kuota_tambahan"] <= room[known].clip(lower=0)).all()
    given = known & (a["kuota_tambahan"].fillna(0) > 0)
    assert (a.loc[given, "cakupan_tenggat"] <= 0.7 + 1e-9).all()
    assert (a.loc[known & (a["cakupan"] >= 0.7), "kuota_tambahan"] == 0).all()
    assert a["kode"].str.startswith("35.22.").all() and "kecamatan" in a


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e4), st.integers(0, 5000)), min_size=1, max_size=30),
       st.integers(0, 50_000))
def test_allocate_property(units, total):
    w = np.array([u[0] for u in units])
    caps = np.array([u[1] for u in units])
    x = allocate(total, w, caps)
    assert x.dtype.kind == "i" and (x >= 0).all() and (x <= caps).all()
    assert x.sum() == min(total, caps.sum())


def test_allocate_is_proportional_to_uncovered():
    x = allocate(1000, np.array([100.0, 300.0, 600.0]), np.array([10_000] * 3))
    assert x.tolist() == [100, 300, 600]


def test_target_sheets_xlsx(tmp_path):
    from openpyxl import load_workbook

    ds = ucjlib.open_dataset("35.22")
    r = project(ds, level="desa", draws=50, backtest_horizons=(3,))
    out = write_target_sheets(r, tmp_path / "target.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["Kecamatan", "Desa", "Keterangan"]
    ws = wb["Kecamatan"]
    assert ws["A1"].value == "DATA DEMO (SINTETIS)"
    header = next(i for i in range(1, 10) if ws.cell(i, 1).value == "Kode")
    assert ws.freeze_panes == f"C{header + 1}"
    labels = [c.value for c in ws[header]]
    col = labels.index("Tambahan peserta s.d. Desember 2025") + 1
    rows = list(range(header + 1, ws.max_row))
    assert len(rows) == 28  # kecamatan of Bojonegoro
    assert ws.cell(header + 1, col).number_format == "#,##0"
    assert ws.cell(header + 1, labels.index("Cakupan (Juni 2025)") + 1).number_format == "0.00%"
    total = ws.cell(ws.max_row, col).value
    assert ws.cell(ws.max_row, 1).value == "Jumlah"
    assert total == sum(ws.cell(i, col).value for i in rows) == 145_291
    assert ws.column_dimensions["B"].width >= 20
    desa = wb["Desa"]
    assert desa.max_row > 400
    assert not list(tmp_path.glob(".part-*"))


def test_workforce_grows_beyond_last_sakernas_year():
    r = project(toy(flat(300)), target=0.6, draws=20, deadline="2026-06")
    # one Sakernas year only: the denominator is held flat, and a note says so
    assert r.pace["pekerja_deadline"] == 3000
    assert any("satu tahun" in n for n in map(str, r.notes))
    assert math.isclose(r.figures()["required_monthly_net_additions"], 900 / 12)


def test_narrative_names_lapse_only_when_there_is_one():
    from ucjlib.open import open_dataset
    from ucjlib.render.projection import projection_narrative

    bogor = projection_narrative(project(open_dataset("32.71"), draws=50))[0]
    assert "berhenti di jalan" not in bogor and "tidak ada lapse" in bogor
    bojo = projection_narrative(project(open_dataset("35.22"), draws=50))[0]
    assert "berhenti di jalan" in bojo and "29.215" in bojo
