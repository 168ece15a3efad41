"""Importing a user's own boundary file.

Test files are made here from the upstream store (Bojonegoro kecamatan), in
the shapes BIG and GADM distribute; expected counts follow from how each file
was made.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from ucjlib.errors import ArgumentError, BoundaryError, UnknownRegionError
from ucjlib.geo.boundaries import boundary_info, load_boundaries
from ucjlib.geo.importer import detect_name_column, import_boundaries, remove_import
from ucjlib.geo.sources import mirror_dir

MISSPELT = ("Kalitidu", "Kalitdu")  # (gazetteer name, misspelling used in the file)


@pytest.fixture(scope="module")
def store_kec() -> gpd.GeoDataFrame:
    """Bojonegoro kecamatan from the upstream store (default store dir)."""
    if mirror_dir() is None:
        pytest.skip("no local data mirror")
    gdf = load_boundaries("kecamatan", within="35.22")
    assert len(gdf) == 28
    return gdf


@pytest.fixture
def tmp_store(tmp_path, monkeypatch):
    monkeypatch.setenv("UCJ_STORE_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


def _big_shapefile(store_kec, path):
    """BIG style: UTM 49S, upper-case names with "KEC. " in WADMKC, no codes."""
    gdf = gpd.GeoDataFrame(
        {"OBJECTID": range(1, len(store_kec) + 1),
         "WADMKK": "BOJONEGORO",
         "WADMKC": ["KEC. " + n.upper() for n in store_kec["nama"]]},
        geometry=store_kec.geometry.values, crs=4326,
    ).to_crs(32749)
    gdf.to_file(path, driver="ESRI Shapefile", engine="pyogrio")
    return path


def _gadm_geojson(store_kec, path):
    """GADM style NAME_3: one misspelt name, one kecamatan split in two, one bogus unit."""
    rows = []
    for nama, geom in zip(store_kec["nama"], store_kec.geometry, strict=True):
        name = MISSPELT[1] if nama == MISSPELT[0] else nama
        if nama == "Dander":  # split along its centroid meridian: two features, one name
            x = geom.centroid.x
            minx, miny, maxx, maxy = geom.bounds
            for half in (shapely.box(minx - 1, miny - 1, x, maxy + 1),
                         shapely.box(x, miny - 1, maxx + 1, maxy + 1)):
                rows.append({"NAME_2": "Bojonegoro", "NAME_3": name,
                             "geometry": geom.intersection(half)})
        else:
            rows.append({"NAME_2": "Bojonegoro", "NAME_3": name, "geometry": geom})
    rows.append({"NAME_2": "Bojonegoro", "NAME_3": "Zzyzx Qwerty",
                 "geometry": shapely.box(111.0, -7.0, 111.01, -6.99)})
    gpd.GeoDataFrame(rows, crs=4326).to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def _areas_close(result_gdf, store_kec, rel=0.01):
    ref = store_kec.set_index("kode")["area_km2"]
    got = result_gdf.set_index("kode")["area_km2"]
    assert set(got.index) == set(ref.index)
    ratio = got / ref.loc[got.index]
    assert ratio.between(1 - rel, 1 + rel).all(), ratio[~ratio.between(1 - rel, 1 + rel)]


def test_detect_name_column_by_level():
    cols = ["OBJECTID", "WADMKC", "WADMKD", "WADMKK", "NAMOBJ"]
    assert detect_name_column(cols, "kecamatan") == "WADMKC"
    assert detect_name_column(cols, "desa") == "WADMKD"
    assert detect_name_column(cols, "kabupaten") == "WADMKK"
    assert detect_name_column(["shapeName", "shapeISO"], "kec") == "shapeName"
    assert detect_name_column(["GID_3", "NAME_3"], "kecamatan") == "NAME_3"


def test_import_big_shapefile_utm(store_kec, tmp_store, tmp_path):
    shp = _big_shapefile(store_kec, tmp_path / "kec_bojonegoro.shp")
    res = import_boundaries(shp, "kecamatan", "35.22")
    assert res.name_col == "WADMKC" and res.code_col is None
    assert res.counts() == {"matched": 28, "guessed": 0, "unmatched": 0}
    assert res.features == 28 and res.units == 28 and res.without_polygon == []
    assert res.path == tmp_store / "imported" / "35.22_kecamatan.gpkg"
    saved = gpd.read_file(res.path)
    assert saved.crs.to_epsg() == 4326 and saved.is_valid.all()
    assert set(saved["kode"]) == set(store_kec["kode"])
    # KEC. KALITIDU -> the gazetteer's code for Kalitidu
    kalitidu = store_kec.loc[store_kec["nama"] == "Kalitidu", "kode"].item()
    row = res.table.loc[res.table["input"] == "KEC. KALITIDU"].iloc[0]
    assert row["kode"] == kalitidu and row["status"] == "matched"
    _areas_close(saved, store_kec)

    # load_boundaries now prefers the import, and says so
    gdf = load_boundaries("kecamatan", within="35.22", build=False)
    assert gdf.attrs["source"].startswith("impor pengguna: kec_bojonegoro.shp")
    assert len(gdf) == 28
    info = boundary_info("35.22")
    assert info["levels"]["kecamatan"]["source"].startswith("impor pengguna")
    assert remove_import("35.22", "kecamatan") is True
    assert not res.path.exists()


def test_import_gadm_geojson_match_table(store_kec, tmp_store, tmp_path):
    path = _gadm_geojson(store_kec, tmp_path / "gadm_bojonegoro.geojson")
    res = import_boundaries(path, "kec", "35.22")
    assert res.name_col == "NAME_3"
    # 28 names in the file: 27 spelt right, 1 misspelt; plus one bogus unit
    assert res.counts() == {"matched": 27, "guessed": 1, "unmatched": 1}
    guessed = res.table.loc[res.table["status"] == "guessed"].iloc[0]
    assert guessed["input"] == MISSPELT[1] and guessed["nama"] == MISSPELT[0]
    unmatched = res.table.loc[res.table["status"] == "unmatched"].iloc[0]
    assert unmatched["input"] == "Zzyzx Qwerty" and unmatched["kode"] is None
    # 28 + 1 extra half of Dander + 1 bogus feature; Dander dissolved back to one unit
    assert res.features == 30 and res.units == 28 and res.dissolved == 1
    assert int(res.table.loc[res.table["input"] == "Dander", "rows"].item()) == 2
    saved = gpd.read_file(res.path)
    assert saved.is_valid.all() and saved["kode"].is_unique
    _areas_close(saved, store_kec)


def test_import_code_column_geopackage(store_kec, tmp_store, tmp_path):
    gdf = store_kec[["kode", "geometry"]].copy()
    gdf["kode"] = gdf["kode"].astype(object)
    extra = gpd.GeoDataFrame({"kode": ["35.23.01"]},  # Tuban: outside the parent
                             geometry=[shapely.box(112.0, -6.9, 112.01, -6.89)], crs=4326)
    gdf = pd.concat([gdf, extra], ignore_index=True)
    path = tmp_path / "kec.gpkg"
    gdf.to_file(path, layer="kecamatan", driver="GPKG", engine="pyogrio")
    res = import_boundaries(path, "kecamatan", "35.22", layer="kecamatan")
    assert res.code_col == "kode" and res.name_col is None
    assert res.counts() == {"matched": 28, "guessed": 0, "unmatched": 1}
    assert res.units == 28


def test_import_errors(store_kec, tmp_store, tmp_path):
    no_names = gpd.GeoDataFrame({"OBJECTID": [1], "LUAS": [2.5]},
                                geometry=[store_kec.geometry.iloc[0]], crs=4326)
    p = tmp_path / "no_names.geojson"
    no_names.to_file(p, driver="GeoJSON", engine="pyogrio")
    with pytest.raises(BoundaryError, match="OBJECTID, LUAS"):
        import_boundaries(p, "kecamatan", "35.22")
    with pytest.raises(BoundaryError, match="NAMA_KEC"):
        import_boundaries(p, "kecamatan", "35.22", name_col="NAMA_KEC")
    bad = tmp_path / "rusak.geojson"
    bad.write_text("{ ini bukan geojson", encoding="utf-8")
    with pytest.raises(BoundaryError, match="Tidak dapat membaca"):
        import_boundaries(bad, "kecamatan", "35.22")
    with pytest.raises(BoundaryError, match="tidak ditemukan"):
        import_boundaries(tmp_path / "tidak_ada.shp", "kecamatan", "35.22")
    with pytest.raises(UnknownRegionError, match="99.99"):
        import_boundaries(p, "kecamatan", "99.99")
    with pytest.raises(ArgumentError):  # names are resolved by the caller (the CLI)
        import_boundaries(p, "kecamatan", "Bojonegoro")
    with pytest.raises(ArgumentError, match="level"):
        import_boundaries(p, "rt", "35.22")
    assert not (tmp_store / "imported").exists() or not list((tmp_store / "imported").iterdir())


def test_cli_import_prints_match_table(store_kec, tmp_store, tmp_path, capsys):
    from ucjlib.cli import main

    path = _gadm_geojson(store_kec, tmp_path / "gadm.geojson")
    assert main(["boundaries", "import", str(path), "--level", "kecamatan",
                 "--parent", "35.22"]) == 0
    out = capsys.readouterr().out
    assert "cocok: 27" in out and "ditebak: 1" in out and "tidak cocok: 1" in out
    assert f"{MISSPELT[1]}" in out and "Kalitidu" in out and "Zzyzx Qwerty" in out
    assert main(["boundaries", "import", str(path), "--level", "kecamatan",
                 "--parent", "35.22", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"matched": 27, "guessed": 1, "unmatched": 1}
    assert main(["boundaries", "import", str(path), "--level", "kecamatan",
                 "--parent", "99.99"]) == 2  # UnknownRegionError exit code
    # the CLI resolves a name: "Bojonegoro" is the kabupaten, not its kecamatan
    assert main(["boundaries", "import", str(path), "--level", "kecamatan",
                 "--parent", "Bojonegoro", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["parent"] == "35.22"


@pytest.fixture(scope="module")
def store_tuban(store_kec) -> gpd.GeoDataFrame:
    """Kabupaten Tuban kecamatan, from the same (default) store."""
    return load_boundaries("kecamatan", within="35.23")


def test_country_wide_file_keeps_only_parent_rows(store_kec, store_tuban, tmp_store, tmp_path):
    tuban = store_tuban
    assert len(tuban) > 5 and tuban.attrs["imported"] is False
    rows = [{"NAME_2": "Bojonegoro", "NAME_3": n, "geometry": g}
            for n, g in zip(store_kec["nama"], store_kec.geometry, strict=True)]
    rows += [{"NAME_2": "Tuban", "NAME_3": n, "geometry": g}
             for n, g in zip(tuban["nama"], tuban.geometry, strict=True)]
    path = tmp_path / "gadm_jatim.geojson"
    gpd.GeoDataFrame(rows, crs=4326).to_file(path, driver="GeoJSON", engine="pyogrio")
    res = import_boundaries(path, "kecamatan", "35.22")
    assert res.outside_parent == len(tuban)
    assert res.features == 28 + len(tuban)
    assert res.counts() == {"matched": 28, "guessed": 0, "unmatched": 0}
    assert "dilewati" in res.summary()


def test_outdated_code_column_falls_back_to_names(store_kec, tmp_store, tmp_path):
    gdf = gpd.GeoDataFrame(
        {"KDCPUM": [f"35.22.{i + 40:02d}" for i in range(len(store_kec))],  # not current codes
         "WADMKC": list(store_kec["nama"])},
        geometry=store_kec.geometry.values, crs=4326)
    path = tmp_path / "big_lama.geojson"
    gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    res = import_boundaries(path, "kecamatan", "35.22")
    assert res.code_col is None and res.name_col == "WADMKC"
    assert res.counts()["matched"] == 28


@pytest.fixture(scope="module")
def store_desa(store_kec) -> gpd.GeoDataFrame:
    """Bojonegoro desa/kelurahan from the same (default) store."""
    return load_boundaries("desa", within="35.22")


def test_desa_names_matched_within_their_kecamatan(store_kec, store_desa, tmp_store, tmp_path):
    from ucjlib.geo.wilayah import children

    kec_names = dict(zip(store_kec["kode"], store_kec["nama"], strict=True))
    base = gpd.GeoDataFrame(
        {"WADMKC": [kec_names[p].upper() for p in store_desa["parent"]],
         "WADMKD": [n.upper() for n in store_desa["nama"]]},
        geometry=store_desa.geometry.values, crs=4326)
    with_kec = tmp_path / "desa_big.geojson"
    base.to_file(with_kec, driver="GeoJSON", engine="pyogrio")
    res = import_boundaries(with_kec, "desa", "35.22")
    assert res.name_col == "WADMKD"
    assert res.counts() == {"matched": 430, "guessed": 0, "unmatched": 0}
    saved = gpd.read_file(res.path)
    assert set(saved["kode"]) == set(store_desa["kode"])

    # without the kecamatan column, names that repeat inside the kabupaten are ambiguous
    gaz = children("35.22", "desa")
    per_name = gaz["nama_norm"].value_counts()
    repeated = per_name[per_name > 1]
    no_kec = tmp_path / "desa_names_only.geojson"
    base.drop(columns="WADMKC").to_file(no_kec, driver="GeoJSON", engine="pyogrio")
    res2 = import_boundaries(no_kec, "desa", "35.22")
    c = res2.counts()
    assert c["unmatched"] == len(repeated)  # distinct ambiguous names
    assert c["matched"] + c["guessed"] == 430 - int(repeated.sum())
