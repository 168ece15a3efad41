"""Boundaries that nest: kecamatan, kabupaten and provinsi dissolved from their desa.

The store tests use the project's store (built on demand from the local
mirror); the incomplete-desa test builds a small store of its own from a
copy of the Kota Bogor file with one desa row removed.
"""

from __future__ import annotations

import dataclasses
import os
import shutil

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely import Polygon, box

from ucjlib.geo import build as bb
from ucjlib.geo.boundaries import load_boundaries
from ucjlib.geo.build import build_store, store_path
from ucjlib.geo.dissolve import complete_units, fill_slivers, union_parts
from ucjlib.geo.sources import mirror_dir, upstream_files

KEL_KOTA_BOGOR = "wilayah_boundaries/db/kel/32/wilayah_boundaries_kel_32.71.sql"
KEC_32 = "wilayah_boundaries/db/kec/wilayah_boundaries_kec_32.sql"
KAB_32 = "wilayah_boundaries/db/kab/wilayah_boundaries_kab_32.sql"
EQUAL_AREA = 6933


def _need_mirror():
    if mirror_dir() is None:
        pytest.skip("no local data mirror")


def _km2(gs) -> np.ndarray:
    """Areas in km² of a GeoSeries / list of lon/lat geometries (equal-area CRS)."""
    return gpd.GeoSeries(list(gs), crs=4326).to_crs(EQUAL_AREA).area.to_numpy() / 1e6


@pytest.fixture(scope="module")
def bojonegoro():
    _need_mirror()
    return load_boundaries("kecamatan", "35.22"), load_boundaries("desa", "35.22")


@pytest.fixture(scope="module")
def kota_bogor():
    _need_mirror()
    return load_boundaries("kecamatan", "32.71"), load_boundaries("desa", "32.71")


# --------------------------------------------------------------------------- helpers
def test_fill_slivers_fills_narrow_gaps_keeps_real_holes():
    shell = [(0, 0), (0.1, 0), (0.1, 0.1), (0, 0.1)]
    slit = [(0.01, 0.01), (0.09, 0.01), (0.09, 0.01005), (0.01, 0.01005)]  # ~5 m x 9 km
    speck = [(0.03, 0.03), (0.03001, 0.03), (0.03001, 0.03001), (0.03, 0.03001)]  # 1 m²
    pond = [(0.05, 0.05), (0.06, 0.05), (0.06, 0.06), (0.05, 0.06)]  # 1.1 km x 1.1 km
    wide_small = [(0.02, 0.06), (0.0203, 0.06), (0.0203, 0.0603), (0.02, 0.0603)]  # 33 m
    g = Polygon(shell, [slit, speck, pond, wide_small])
    out, n = fill_slivers([g, None])
    assert n == 2 and out[1] is None
    assert len(out[0].interiors) == 2 and out[0].is_valid
    assert out[0].area == pytest.approx(g.area + Polygon(slit).area + Polygon(speck).area)


def test_fill_slivers_island_in_filled_hole_stays_valid():
    outer = Polygon([(0, 0), (0.1, 0), (0.1, 0.1), (0, 0.1)],
                    [[(0.02, 0.02), (0.04, 0.02), (0.04, 0.0201), (0.02, 0.0201)]])
    island = box(0.025, 0.02001, 0.03, 0.02009)  # lies in the 11 m wide gap
    out, n = fill_slivers([shapely.MultiPolygon([outer, island])])
    assert n == 1 and out[0].is_valid
    assert out[0].area == pytest.approx(0.01)


def test_union_parts_matches_union_all():
    rng = np.random.default_rng(1)
    boxes = [box(x, y, x + 0.3, y + 0.3) for x, y in rng.uniform(0, 1, (40, 2))]
    got = union_parts(boxes)
    ref = shapely.union_all(boxes)
    assert got.is_valid and shapely.symmetric_difference(got, ref).area < 1e-9


def test_complete_units_levels():
    import pandas as pd

    g = pd.DataFrame({
        "kode": ["35", "35.01", "35.01.01", "35.01.01.2001", "35.01.02", "35.01.02.2001",
                 "35.02", "35.02.01", "35.02.01.2001"],
        "level": ["provinsi", "kabupaten", "kecamatan", "desa", "kecamatan", "desa",
                  "kabupaten", "kecamatan", "desa"],
        "parent": [None, "35", "35.01", "35.01.01", "35.01", "35.01.02", "35", "35.02",
                   "35.02.01"]})
    c = complete_units(g, {"35.01.01.2001", "35.01.02.2001"})
    assert c == {"kecamatan": {"35.01.01", "35.01.02"}, "kabupaten": {"35.01"},
                 "provinsi": set()}


# --------------------------------------------------------------------------- store
def test_bojonegoro_kecamatan_from_desa_areas_agree(bojonegoro):
    kec, desa = bojonegoro
    assert len(kec) == 28 and set(kec["geom_source"]) == {"dissolved_desa"}
    assert kec.attrs["geom_source"] == {"dissolved_desa": 28}  # for map footnotes
    assert set(desa["geom_source"]) == {"upstream"}
    assert kec.is_valid.all()
    # the acceptance figure: kecamatan areas sum to the desa total within 0.1 %
    assert kec["area_km2"].sum() == pytest.approx(desa["area_km2"].sum(), rel=1e-3)
    # stored areas are the areas of the stored shapes
    assert kec["area_km2"].to_numpy() == pytest.approx(_km2(kec.geometry), rel=1e-6)
    # dissolved shapes carry the desa detail (upstream: 602 vertices for 28 kecamatan)
    assert shapely.get_num_coordinates(kec.geometry.values).sum() > 10_000


@pytest.mark.parametrize("which", ["bojonegoro", "kota_bogor"])
def test_every_kecamatan_is_the_union_of_its_desa(which, request):
    kec, desa = request.getfixturevalue(which)
    for kode, geom in zip(kec["kode"], kec.geometry, strict=True):
        mine = desa.loc[desa["parent"] == kode]
        assert len(mine) > 0
        union = shapely.union_all(mine.geometry.values)
        sym, own = _km2([shapely.symmetric_difference(geom, union), geom])
        assert sym < 1e-3 * own, (kode, sym, own)  # only filled sliver gaps differ


def test_kabupaten_and_provinsi_equal_the_sum_of_their_parts(bojonegoro):
    kec, _ = bojonegoro
    kab = load_boundaries("kabupaten", "35")
    assert len(kab) == 38 and set(kab["geom_source"]) == {"dissolved_desa"}
    boj = kab.set_index("kode").loc["35.22"]
    assert boj["area_km2"] == pytest.approx(kec["area_km2"].sum(), rel=1e-3)
    sym = _km2([shapely.symmetric_difference(boj.geometry, shapely.union_all(kec.geometry))])
    assert sym[0] < 1e-3 * boj["area_km2"]
    # provinsi: dissolved where every kabupaten is (Jawa Timur), upstream elsewhere (Aceh:
    # no desa file in the mirror); only the province file holding each province is read
    build_store(levels=["provinsi"], provinces=["35", "11"], progress=False)
    prov = pyogrio.read_dataframe(store_path(), layer="provinsi").set_index("kode")
    assert prov.loc["35", "geom_source"] == "dissolved_desa"
    assert prov.loc["11", "geom_source"] == "upstream"
    assert prov.loc["35", "area_km2"] == pytest.approx(kab["area_km2"].sum(), rel=1e-3)


def test_kota_bogor_kecamatan_tile_their_desa(kota_bogor):
    kec, desa = kota_bogor
    assert len(kec) == 6 and set(kec["geom_source"]) == {"dissolved_desa"}
    kec_u, desa_u = shapely.union_all(kec.geometry.values), shapely.union_all(desa.geometry.values)
    total = _km2([desa_u])[0]
    # no desa area outside the kecamatan, no kecamatan area outside the desa
    gap, extra = _km2([shapely.difference(desa_u, kec_u), shapely.difference(kec_u, desa_u)])
    assert gap < 1e-6 * total and extra < 1e-3 * total
    # every desa lies in its own kecamatan
    own = kec.set_index("kode").geometry
    inside = [_km2([shapely.intersection(g, own[p])])[0] / a for g, p, a in
              zip(desa.geometry, desa["parent"], _km2(desa.geometry), strict=True)]
    assert min(inside) > 0.999
    # kecamatan do not overlap one another (beyond what the desa do) and have no holes
    assert kec["area_km2"].sum() == pytest.approx(total, rel=1e-3)
    parts = shapely.get_parts(kec.geometry.values)
    assert shapely.get_num_interior_rings(parts).sum() == 0
    # the kota is the union of its kecamatan
    kota = load_boundaries("kabupaten", "32").set_index("kode").loc["32.71"]
    assert kota["geom_source"] == "dissolved_desa"
    assert kota["area_km2"] == pytest.approx(kec["area_km2"].sum(), rel=1e-3)


def test_outside_desa_coverage_keeps_upstream():
    _need_mirror()
    kec = load_boundaries("kecamatan", "11.01")  # Aceh: no desa polygons upstream
    assert len(kec) > 0 and set(kec["geom_source"]) == {"upstream"}
    kab = load_boundaries("kabupaten", "11")  # Aceh: no desa file in the mirror
    assert len(kab) == 23 and set(kab["geom_source"]) == {"upstream"}
    kab = load_boundaries("kabupaten", "32").set_index("kode")
    assert kab.loc["32.01", "geom_source"] == "dissolved_desa"  # Kabupaten Bogor


def test_no_sliver_holes_left(bojonegoro, kota_bogor):
    for kec in (bojonegoro[0], kota_bogor[0]):
        parts = shapely.get_parts(kec.geometry.values)
        holes = [Polygon(r) for p in parts for r in p.interiors]
        if holes:
            areas = _km2(holes)
            perims = gpd.GeoSeries(holes, crs=4326).to_crs(EQUAL_AREA).length.to_numpy()
            widths = 2 * areas * 1e6 / perims
            assert (widths > 15).all(), widths  # what is left is real (enclaves, ponds)
    # Bojonegoro's desa union has ~1,300 sliver holes; none survive
    assert sum(len(p.interiors) for p in shapely.get_parts(bojonegoro[0].geometry.values)) <= 2


# --------------------------------------------------------------------------- incomplete desa
def test_kecamatan_with_missing_desa_keeps_upstream(tmp_path, monkeypatch):
    import ucjlib.geo.sources as sources

    real = mirror_dir()
    if real is None:
        pytest.skip("no local data mirror")
    monkeypatch.setenv("UCJ_STORE_DIR", str(tmp_path / "store"))
    mirror = tmp_path / "mirror"
    (mirror / "wilayah/db").mkdir(parents=True)
    os.symlink(real / "wilayah/db/wilayah.sql", mirror / "wilayah/db/wilayah.sql")
    for key in (KEL_KOTA_BOGOR, KEC_32, KAB_32):
        (mirror / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(real / key, mirror / key)
    # one desa of kecamatan 32.71.01 without polygon, as upstream marks some "incomplete"
    path = mirror / KEL_KOTA_BOGOR
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.lstrip().startswith("('32.71.01."))
    dropped = lines[i].split("'")[1]
    lines[i] = lines[i].split(",", 2)[0] + ",'" + lines[i].split("'")[3] + "',0,0,NULL)" + (
        "," if lines[i].rstrip().endswith(",") else ";") + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    files = dict(upstream_files())
    files[KEL_KOTA_BOGOR] = dataclasses.replace(files[KEL_KOTA_BOGOR],
                                                sha256=sources.file_sha256(path))
    monkeypatch.setattr(sources, "upstream_files", lambda: files)
    monkeypatch.setattr(bb, "upstream_files", lambda: files)

    report = build_store(mirror=mirror, levels=["kabupaten", "kecamatan", "desa"],
                         provinces=["32.71"], progress=False)
    assert report.without_polygon == 1
    assert report.dissolved == {"kabupaten": 0, "kecamatan": 5, "desa": 0}
    kec = load_boundaries("kecamatan", "32.71", build=False).set_index("kode")
    assert kec.loc["32.71.01", "geom_source"] == "upstream"
    assert (kec.drop(index="32.71.01")["geom_source"] == "dissolved_desa").all()
    desa = load_boundaries("desa", "32.71", build=False)
    assert dropped not in set(desa["kode"]) and len(desa) == 67
    kab = pyogrio.read_dataframe(tmp_path / "store" / "ucj_boundaries.gpkg", layer="kabupaten")
    kota = kab.set_index("kode").loc["32.71"]
    assert kota["geom_source"] == "upstream"  # not every kecamatan could be dissolved
    # nothing changed: the rebuild is a no-op
    again = build_store(mirror=mirror, levels=["kabupaten", "kecamatan", "desa"],
                        provinces=["32.71"], progress=False)
    assert again.noop
