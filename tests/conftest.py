"""Shared fixtures: small hand-made datasets and boundaries (no demo, no store needed).

The toy area is Kota Mojokerto (35.76): 3 kecamatan and 18 kelurahan in the
gazetteer. Numbers are made up by simple formulas so tests can recompute
them independently.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from ucjlib.dataset import Dataset  # noqa: E402
from ucjlib.geo.wilayah import children  # noqa: E402

TOY_KAB = "35.76"
TOY_MONTHS = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)
              if (y, m) <= (2025, 6)]
ZERO_DESA = "35.76.01.1003"      # workforce 0 but has coverage rows
NO_COVERAGE_DESA = "35.76.03.1006"  # workforce but no coverage rows at all


def toy_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    desa = children(TOY_KAB, "desa")["kode"].tolist()
    cov_rows, wf_rows = [], []
    for i, kode in enumerate(desa):
        for year in (2024, 2025):
            pekerja = 0 if kode == ZERO_DESA else 1000 + 100 * i + (50 if year == 2025 else 0)
            formal = round(pekerja * 0.4)
            wf_rows.append((kode, year, pekerja, formal, pekerja - formal))
        if kode == NO_COVERAGE_DESA:
            continue
        for t, periode in enumerate(TOY_MONTHS):
            pu = 200 + 10 * i + 2 * t
            bpu = 100 + 7 * i + 3 * t
            apbd = 50 + 5 * (i % 4)
            cov_rows += [
                (kode, periode, "PU", "mandiri", pu),
                (kode, periode, "BPU", "mandiri", bpu),
                (kode, periode, "BPU", "APBD", apbd),
                (kode, periode, "JAKON", "mandiri", 5 + i % 3),
            ]
    cov = pd.DataFrame(cov_rows, columns=["kode", "periode", "segmen", "pendanaan",
                                          "peserta_aktif"])
    cov["peserta_aktif"] = cov["peserta_aktif"].astype("int64")
    wf = pd.DataFrame(wf_rows, columns=["kode", "tahun", "pekerja", "pekerja_formal",
                                        "pekerja_informal"])
    wf[["pekerja", "pekerja_formal", "pekerja_informal"]] = wf[
        ["pekerja", "pekerja_formal", "pekerja_informal"]].astype("int64")
    return cov, wf


@pytest.fixture
def toy_dataset() -> Dataset:
    """Desa-level coverage (Jan 2024 - Jun 2025) and workforce (2024, 2025) for 35.76."""
    cov, wf = toy_frames()
    return Dataset(TOY_KAB, cov, wf, demo=True, source="Data uji buatan tangan",
                   notes=["catatan uji"])


@pytest.fixture
def toy_real_dataset() -> Dataset:
    """Same numbers, flagged as real data (no demo label)."""
    cov, wf = toy_frames()
    return Dataset(TOY_KAB, cov, wf, demo=False, source="Data uji buatan tangan")


def toy_boundaries(level: str, missing: tuple[str, ...] = ()):
    """Square polygons in a grid for every unit of 35.76 at ``level``."""
    import geopandas as gpd
    from shapely.geometry import box

    units = children(TOY_KAB, level)
    rows = []
    for i, r in enumerate(units.itertuples(index=False)):
        x, y = 112.40 + (i % 6) * 0.01, -7.50 + (i // 6) * 0.01
        geom = None if r.kode in missing else box(x, y, x + 0.0095, y + 0.0095)
        rows.append({"kode": r.kode, "nama": r.nama, "parent": r.parent,
                     "area_km2": 1.0, "geometry": geom})
    gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    gdf = gdf.loc[gdf.geometry.notna()].reset_index(drop=True)
    gdf.attrs["source"] = "kotak uji"
    return gdf


@pytest.fixture
def toy_gdf_factory():
    return toy_boundaries



@pytest.fixture
def records_folder(tmp_path):
    """A data folder of participant records (the hand-worked fixture) and a kabupaten total."""
    fixtures = Path(__file__).parent / "fixtures"
    d = tmp_path / "data"
    d.mkdir()
    (d / "participants.csv").write_bytes((fixtures / "participants_small.csv").read_bytes())
    (d / "workforce.csv").write_text("kode;tahun;pekerja\n35.22;2025;820.388\n")
    return d


def run_ucj(args: list[str], cwd) -> subprocess.CompletedProcess:
    """Run the real ``ucj`` entry point in a subprocess (no UCJ_DEBUG, wide terminal)."""
    env = dict(os.environ, COLUMNS="200")
    env.pop("UCJ_DEBUG", None)
    return subprocess.run([sys.executable, "-c", "from ucjlib.cli import run; run()", *args],
                          capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def assert_one_paragraph(res: subprocess.CompletedProcess, code: int,
                         fragments: list[str]) -> None:
    """A user mistake: no traceback, the documented exit code, one message naming it."""
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    assert res.returncode == code, res.stderr
    assert res.stderr.startswith("Kesalahan"), res.stderr
    for f in fragments:
        assert f in res.stderr, (f, res.stderr)
