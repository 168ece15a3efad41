"""Boundary store: parser, geometry repair, areas, incremental/atomic build, acceptance figures."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely import Polygon

from ucjlib.errors import ArgumentError, BoundaryError, SourceError
from ucjlib.geo import build as bb
from ucjlib.geo.boundaries import NoDesaPolygons, boundary_info, load_boundaries
from ucjlib.geo.build import build_store
from ucjlib.geo.layers import build_keys, needed_keys
from ucjlib.geo.parse import area_km2, parse_path, parse_sql, repair_geometries
from ucjlib.geo.sources import mirror_dir, upstream_files
from ucjlib.paths import REPO_ROOT

KEL_KOTA_BOGOR = "wilayah_boundaries/db/kel/32/wilayah_boundaries_kel_32.71.sql"
KAB_11 = "wilayah_boundaries/db/kab/wilayah_boundaries_kab_11.sql"  # Aceh: no desa polygons



def _mirror() -> Path:
    m = mirror_dir()
    if m is None:
        pytest.skip("no local data mirror")
    return m


# --------------------------------------------------------------------------- parser
def test_parse_swaps_lat_lng():
    # [lat, lng] in the source, (lon, lat) in the geometry
    g = parse_path("[[[-7.2, 111.8], [-7.2, 111.9], [-7.3, 111.9], [-7.2, 111.8]]]")
    minx, miny, maxx, maxy = g.bounds
    assert (minx, maxx) == (111.8, 111.9)
    assert (miny, maxy) == (-7.3, -7.2)


def test_depth3_polygon_with_hole():
    outer = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]  # [lat, lng], a 10 x 10 square
    hole = [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]]  # 2 x 2
    g = parse_path(json.dumps([outer, hole]))
    assert g.geom_type == "Polygon"
    assert len(g.interiors) == 1
    assert g.area == pytest.approx(100 - 4)
    assert not g.contains(shapely.Point(3, 3))


def test_depth4_multipolygon():
    a = [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]
    b = [[[5, 5], [5, 7], [7, 7], [7, 5], [5, 5]]]
    g = parse_path(json.dumps([a, b]))
    assert g.geom_type == "MultiPolygon"
    assert len(g.geoms) == 2
    assert g.area == pytest.approx(1 + 4)


def test_bowtie_repaired_valid():
    # self-intersecting ring: two triangles of area 1 each (base 2, height 1)
    bowtie = parse_path("[[[0,0],[2,2],[0,2],[2,0],[0,0]]]")
    assert not bowtie.is_valid
    fixed, repaired = repair_geometries([bowtie, Polygon([(0, 0), (1, 0), (1, 1)])])
    assert repaired.tolist() == [True, False]
    assert fixed[0].is_valid and fixed[0].geom_type in ("Polygon", "MultiPolygon")
    assert fixed[0].area == pytest.approx(2.0)


def test_overlapping_parts_are_unioned_not_cut():
    a = [[[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]]
    b = [[[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]]
    g = parse_path(json.dumps([a, b]))
    fixed, _ = repair_geometries([g])
    assert fixed[0].is_valid
    assert fixed[0].area == pytest.approx(4 + 4 - 1)  # union, not symmetric difference


def test_parse_sql_spaces_quotes_and_empty():
    text = (
        "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
        "\t('35.22.01','Ngraho',-8.10, 111.34,'[[[-7.1,111.3],[-7.1,111.4],[-7.2,111.4]]]'),\n"
        "\t('35.25.01.2003','Gedongkedo''an',-7.1,112.6,'[[[-7.1,112.6],[-7.1,112.7],[-7.2,112.7]]]'),\n"
        "\t( '35.22.02' , 'Tambakrejo' , -7.3 , 111.5 , "
        "'[[[-7.3,111.5],[-7.3,111.6],[-7.4,111.6]]]' );\n"
    )
    rows = parse_sql(text)
    assert [r[0] for r in rows] == ["35.22.01", "35.25.01.2003", "35.22.02"]
    assert rows[1][1] == "Gedongkedo'an"
    assert rows[0][2].bounds == (111.3, -7.2, 111.4, -7.1)


def test_parse_real_file_row_count():
    src = _mirror() / "wilayah_boundaries/db/kec/wilayah_boundaries_kec_35.sql"
    text = src.read_text(encoding="utf-8")
    n_lines = sum(1 for line in text.splitlines() if line.lstrip().startswith("('"))
    rows = parse_sql(text)
    assert len(rows) == n_lines > 600
    fixed, _ = repair_geometries([g for _, _, g in rows])
    assert all(g is None or g.is_valid for g in fixed)


# --------------------------------------------------------------------------- areas
def test_area_matches_geodesic_area():
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    box = shapely.box(111.0, -7.5, 111.1, -7.4)
    geodesic = abs(geod.geometry_area_perimeter(box)[0]) / 1e6
    assert float(area_km2([box])[0]) == pytest.approx(geodesic, rel=1e-3)
    # a 0.1 x 0.1 degree cell at -7.45: 11.13 km (lon, shrunk by cos lat) x 11.06 km (lat)
    assert float(area_km2([box])[0]) == pytest.approx(
        (0.1 * 111.32 * np.cos(np.radians(7.45))) * (0.1 * 110.6), rel=5e-3)


def test_needed_keys_selection():
    keys = needed_keys(["desa"], ["35.22"])
    assert keys == ["wilayah_boundaries/db/kel/35/wilayah_boundaries_kel_35.22.sql"]
    assert len(needed_keys(["desa"], ["11"])) == 23  # upstream has them; the mirror does not
    assert len(needed_keys(["kabupaten"])) == 38
    assert needed_keys(["provinsi"], ["35"]) == [  # the one upstream file holding 35
        "wilayah_boundaries/db/prov/wilayah_boundaries_prov_3.sql"]
    # higher levels are dissolved from the desa: a build of them needs the desa files too
    assert build_keys(["kecamatan"], ["35.22"]) == [
        "wilayah_boundaries/db/kec/wilayah_boundaries_kec_35.sql",
        "wilayah_boundaries/db/kel/35/wilayah_boundaries_kel_35.22.sql"]
    assert build_keys(["kabupaten"], ["11"])[0] == KAB_11
    assert len(build_keys(["kabupaten"], ["11"])) == 1 + 23
    assert len(build_keys(["provinsi"], ["35"])) == 1 + 38
    assert len(build_keys(["desa"], ["11"])) == 23
    with pytest.raises(ArgumentError, match="kecamatan"):
        needed_keys(["rt"])


# --------------------------------------------------------------------------- build (isolated)
@pytest.fixture
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("UCJ_STORE_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


def test_build_incremental_and_noop(tmp_store):
    _mirror()
    r1 = build_store(levels=["desa"], provinces=["32.71"], progress=False)
    assert not r1.noop and r1.processed == [KEL_KOTA_BOGOR]
    store = tmp_store / "ucj_boundaries.gpkg"
    st = store.stat()
    manifest = json.loads((tmp_store / "ucj_boundaries.manifest.json").read_text())
    assert manifest["sources"][KEL_KOTA_BOGOR]["sha256"] == upstream_files()[KEL_KOTA_BOGOR].sha256

    t0 = time.perf_counter()
    r2 = build_store(levels=["desa"], provinces=["32.71"], progress=False)
    assert r2.noop and r2.processed == []
    assert time.perf_counter() - t0 < 2.0
    assert store.stat().st_mtime_ns == st.st_mtime_ns

    # adding a file parses only that file and keeps the earlier one
    r3 = build_store(levels=["kabupaten"], provinces=["11"], progress=False)
    assert r3.processed == [KAB_11] and KEL_KOTA_BOGOR in r3.reused
    assert r3.counts == {"kabupaten": 23, "desa": 68}

    # a source missing from the manifest, without parsed cache: only it is parsed again
    for p in (tmp_store / "parsed").glob("*.parquet"):
        if p.name.endswith(upstream_files()[KAB_11].sha256[:24] + ".parquet"):
            p.unlink()
    mpath = tmp_store / "ucj_boundaries.manifest.json"
    m = json.loads(mpath.read_text())
    del m["sources"][KAB_11]
    mpath.write_text(json.dumps(m))
    r4 = build_store(levels=["kabupaten"], provinces=["11"], progress=False)
    assert r4.processed == [KAB_11] and r4.reused == [KEL_KOTA_BOGOR]
    assert not list(tmp_store.glob(".part-*"))


@pytest.mark.slow
def test_changed_input_reprocesses_only_that_file(tmp_store, tmp_path, monkeypatch):
    import dataclasses

    import ucjlib.geo.sources as sources

    real = _mirror()
    mirror = tmp_path / "mirror"
    (mirror / "wilayah/db").mkdir(parents=True)
    os.symlink(real / "wilayah/db/wilayah.sql", mirror / "wilayah/db/wilayah.sql")
    for key in (KEL_KOTA_BOGOR, KAB_11):
        (mirror / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(real / key, mirror / key)
    build_store(mirror=mirror, levels=["kabupaten"], provinces=["11"], progress=False)
    r1 = build_store(mirror=mirror, levels=["desa"], provinces=["32.71"], progress=False)
    assert r1.processed == [KEL_KOTA_BOGOR] and r1.reused == [KAB_11]

    # a new upstream pin: one desa row less in the Kota Bogor file
    path = mirror / KEL_KOTA_BOGOR
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.lstrip().startswith("('32.71.01"))
    dropped = lines[i].split("'")[1]
    del lines[i]
    path.write_text("".join(lines), encoding="utf-8")
    files = dict(upstream_files())
    files[KEL_KOTA_BOGOR] = dataclasses.replace(files[KEL_KOTA_BOGOR],
                                                sha256=sources.file_sha256(path))
    monkeypatch.setattr(sources, "upstream_files", lambda: files)
    monkeypatch.setattr(bb, "upstream_files", lambda: files)
    r2 = build_store(mirror=mirror, levels=["desa"], provinces=["32.71"], progress=False)
    assert r2.processed == [KEL_KOTA_BOGOR] and r2.reused == [KAB_11]
    assert r2.counts["desa"] == 68 - 1
    gdf = load_boundaries("desa", "32.71", build=False)
    assert dropped not in set(gdf["kode"]) and len(gdf) == 67


def test_checksum_failure_keeps_previous_store(tmp_store, tmp_path):
    real = _mirror()
    mirror = tmp_path / "mirror"
    (mirror / "wilayah/db").mkdir(parents=True)
    os.symlink(real / "wilayah/db/wilayah.sql", mirror / "wilayah/db/wilayah.sql")
    for key in (KEL_KOTA_BOGOR, KAB_11):
        (mirror / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(real / key, mirror / key)
    build_store(mirror=mirror, levels=["desa"], provinces=["32.71"], progress=False)
    store = tmp_store / "ucj_boundaries.gpkg"
    before = store.read_bytes()
    manifest_before = (tmp_store / "ucj_boundaries.manifest.json").read_bytes()
    with open(mirror / KAB_11, "a", encoding="utf-8") as fh:
        fh.write("-- tampered\n")
    with pytest.raises(SourceError, match="Checksum tidak cocok"):
        build_store(mirror=mirror, levels=["kabupaten"], provinces=["11"], progress=False)
    assert store.read_bytes() == before
    assert (tmp_store / "ucj_boundaries.manifest.json").read_bytes() == manifest_before
    assert not list(tmp_store.glob(".part-*"))
    assert len(load_boundaries("desa", "32.71", build=False)) == 68


@pytest.mark.slow
def test_two_processes_build_at_once(tmp_store):
    _mirror()
    code = ("from ucjlib.geo.boundaries import build_store; "
            "r = build_store(levels=['desa'], provinces=['32.71'], progress=False); "
            "print(len(r.processed))")
    env = dict(os.environ, UCJ_STORE_DIR=str(tmp_store))
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO_ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    # exactly one of them parsed the file, the other found the store built
    assert sorted(int(o[0].strip()) for o in outs) == [0, 1]
    assert len(load_boundaries("desa", "32.71", build=False)) == 68
    assert not list(tmp_store.glob(".part-*"))


def test_load_without_store_and_without_upstream(tmp_store):
    with pytest.raises(BoundaryError, match="ucj boundaries build"):
        load_boundaries("kecamatan", "35.22", build=False)
    with pytest.raises(NoDesaPolygons, match="Tidak ada poligon desa untuk .*11.01"):
        load_boundaries("desa", "11.01")  # Aceh: no mirror file, no network
    with pytest.raises(BoundaryError):
        load_boundaries("kabupaten", "35.22.01")


# --------------------------------------------------------------------------- acceptance
def test_bojonegoro_acceptance():
    from pyproj import Geod

    from ucjlib.geo.wilayah import children

    _mirror()
    kec = load_boundaries("kec", within="35.22")
    desa = load_boundaries("kelurahan", within="35.22")
    assert len(kec) == 28 == len(children("35.22", "kecamatan"))
    assert len(desa) == 430 == len(children("35.22", "desa"))
    assert kec.is_valid.all() and desa.is_valid.all()
    assert kec.crs.to_epsg() == 4326
    assert 2290 <= kec["area_km2"].sum() <= 2330
    assert set(kec["parent"]) == {"35.22"}
    assert set(desa["parent"]) <= set(kec["kode"])
    assert "cahyadsn/wilayah_boundaries@3c5a7960f4" in kec.attrs["source"]
    # independent check of areas: geodesic area on the WGS84 ellipsoid
    geod = Geod(ellps="WGS84")
    geodesic = sum(abs(geod.geometry_area_perimeter(g)[0]) for g in kec.geometry) / 1e6
    assert kec["area_km2"].sum() == pytest.approx(geodesic, rel=2e-3)
    # latitude/longitude order: Bojonegoro lies around 111.8 E, 7.2 S
    c = kec.to_crs(32749).union_all().centroid
    lon, lat = shapely.get_coordinates(
        __import__("geopandas").GeoSeries([c], crs=32749).to_crs(4326).values)[0]
    assert 111.6 < lon < 112.0 and -7.4 < lat < -7.0
    # names come from the gazetteer
    assert "Kalitidu" in set(kec["nama"])


def test_jatim_and_kota_bogor_acceptance():
    _mirror()
    kab = load_boundaries("kabupaten", within="35")
    assert len(kab) == 38 and kab.is_valid.all()
    assert len(load_boundaries("kecamatan", within="32.71")) == 6  # Kota Bogor


def test_boundary_info_bojonegoro():
    _mirror()
    info = boundary_info("35.22")
    kec, desa = info["levels"]["kecamatan"], info["levels"]["desa"]
    assert (info["kode"], kec["count"], desa["count"]) == ("35.22", 28, 430)
    assert kec["without_polygon"] == [] and desa["without_polygon"] == []
    assert 2290 <= kec["area_km2"] <= 2330
    # kecamatan are dissolved from the desa: the two levels have the same area
    assert desa["area_km2"] == pytest.approx(kec["area_km2"], rel=1e-3)
    assert kec["geom_source"] == {"dissolved_desa": 28}


def test_cli_info_json(capsys):
    from ucjlib.cli import main

    _mirror()
    assert main(["boundaries", "info", "Bojonegoro", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["levels"]["kecamatan"]["count"] == 28
    assert data["levels"]["desa"]["count"] == 430
    assert main(["boundaries", "info", "Bojonegoro"]) == 0
    out = capsys.readouterr().out
    assert "2.3" in out and "km²" in out  # Indonesian thousands separator
