"""Boundaries for the whole country, built per province (issue 19).

Each test builds into its own temporary store (``UCJ_STORE_DIR``) from the mirror;
downloads go through a fake fetcher (:func:`ucjlib.geo.sources.fetch_url`), so no test
touches the network.
"""

from __future__ import annotations

import json
import os
import urllib.error

import pytest

from ucjlib.errors import SourceError
from ucjlib.geo import build as geo_build
from ucjlib.geo import sources
from ucjlib.geo.boundaries import NoDesaPolygons, load_boundaries
from ucjlib.geo.build import build_store, unavailable_sources
from ucjlib.geo.layers import PROV_FILE_FIRST, key_provinces, needed_keys
from ucjlib.geo.sources import mirror_dir, upstream_files

KEL_DENPASAR = "wilayah_boundaries/db/kel/51/wilayah_boundaries_kel_51.71.sql"


def _need_mirror():
    m = mirror_dir()
    if m is None or not (m / KEL_DENPASAR).is_file():
        pytest.skip("no mirror with Bali desa files")
    return m


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("UCJ_STORE_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


@pytest.fixture
def offline(monkeypatch):
    """A fetcher that fails like a machine without network, counting its calls."""
    calls = []

    def fetch(url, timeout=60):
        calls.append(url)
        raise urllib.error.URLError("[Errno -2] Name or service not known")

    monkeypatch.setattr(sources, "fetch_url", fetch)
    return calls


def test_province_files_hold_the_provinces_said():
    m = _need_mirror()
    import re

    for n in range(1, len(PROV_FILE_FIRST) + 1):
        key = f"wilayah_boundaries/db/prov/wilayah_boundaries_prov_{n}.sql"
        text = (m / key).read_text(encoding="utf-8")
        assert tuple(sorted(set(re.findall(r"\('(\d{2})'", text)))) == key_provinces(key)


def test_bali_builds_from_its_own_files_only(store, offline, monkeypatch):
    _need_mirror()
    parsed = []
    real = geo_build.parse_sql

    def spy(text):
        rows = real(text)
        parsed.append({r[0][:2] for r in rows})
        return rows

    monkeypatch.setattr(geo_build, "parse_sql", spy)
    rep = build_store(provinces=["51"], progress=False, workers=1)
    assert len(parsed) == len(rep.processed) == 12  # kab, kec, prov_4 and 9 desa files
    assert all("51" in key_provinces(k) for k in rep.processed)
    assert sum(p == {"51"} for p in parsed) == 11  # the prov file holds 36, 51, 52, 53, 61
    assert offline == [] and rep.unavailable == {}
    desa = load_boundaries("desa", "51.71", build=False)
    kec = load_boundaries("kecamatan", "51.71", build=False)
    assert len(desa) > 0 and desa.is_valid.all()
    assert len(kec) == 4 and set(kec["geom_source"]) == {"dissolved_desa"}


def test_aceh_has_kecamatan_and_kabupaten_but_no_desa(store, offline):
    _need_mirror()
    rep = build_store(provinces=["11"], progress=False, workers=1)
    assert len(rep.unavailable) == 23 and "11" in rep.summary()
    assert len(offline) == 1  # after one failed download the others are not tried
    assert len(load_boundaries("kecamatan", "11.01", build=False)) > 0
    kab = load_boundaries("kabupaten", "11", build=False)
    assert len(kab) == 23 and set(kab["geom_source"]) == {"upstream"}
    manifest = json.loads((store / "ucj_boundaries.manifest.json").read_text())
    gone = manifest["unavailable"]
    assert set(gone) == set(needed_keys(["desa"], ["11"]))
    assert all(v["reason"] == "no_mirror_no_network" and v["sha256"] for v in gone.values())
    assert unavailable_sources(["wilayah_boundaries/db/kel/11/wilayah_boundaries_kel_11.01.sql"])
    with pytest.raises(NoDesaPolygons) as exc:
        load_boundaries("desa", "11.01")
    assert "mirror" in str(exc.value) and "11.01" in str(exc.value)
    assert "No desa polygons" in exc.value.text("en")
    assert len(offline) == 1  # recorded: a read does not try the download again


def test_aceh_desa_only_request_says_why(store, offline):
    _need_mirror()
    with pytest.raises(NoDesaPolygons, match="Tidak ada poligon desa"):
        load_boundaries("desa", "11.01")


def _mirror_without(tmp_path, key):
    """A mirror of links to the real one, without ``key``."""
    real = mirror_dir()
    root = tmp_path / "mirror"
    (root / "wilayah_boundaries" / "db" / "kel" / "51").mkdir(parents=True)
    os.symlink(real / "wilayah", root / "wilayah")
    for sub in ("kab", "kec", "prov"):
        os.symlink(real / "wilayah_boundaries" / "db" / sub,
                   root / "wilayah_boundaries" / "db" / sub)
    for p in (real / "wilayah_boundaries" / "db" / "kel" / "51").iterdir():
        if not str(p).endswith(key.rsplit("/", 1)[1]):
            os.symlink(p, root / "wilayah_boundaries" / "db" / "kel" / "51" / p.name)
    return root


def test_download_verified_and_used(store, tmp_path, monkeypatch):
    real = _need_mirror()
    mirror = _mirror_without(tmp_path, KEL_DENPASAR)
    monkeypatch.setenv("UCJ_DATA_MIRROR", str(mirror))
    data = (real / KEL_DENPASAR).read_bytes()
    urls = []

    def fetch(url, timeout=60):
        urls.append(url)
        assert url.endswith(upstream_files()[KEL_DENPASAR].path)
        assert upstream_files()[KEL_DENPASAR].commit in url
        return data

    monkeypatch.setattr(sources, "fetch_url", fetch)
    rep = build_store(levels=["desa"], provinces=["51.71"], progress=False, workers=1)
    assert rep.processed == [KEL_DENPASAR] and len(urls) == 1
    assert (store / "cache" / KEL_DENPASAR).read_bytes() == data
    assert len(load_boundaries("desa", "51.71", build=False)) > 0


def test_corrupted_download_refused(store, tmp_path, monkeypatch, ucj):
    real = _need_mirror()
    mirror = _mirror_without(tmp_path, KEL_DENPASAR)
    data = bytearray((real / KEL_DENPASAR).read_bytes())
    data[len(data) // 2] ^= 0x01
    monkeypatch.setattr(sources, "fetch_url", lambda url, timeout=60: bytes(data))
    monkeypatch.setenv("UCJ_DATA_MIRROR", str(mirror))
    with pytest.raises(SourceError) as exc:
        build_store(levels=["desa"], provinces=["51.71"], progress=False, workers=1)
    sha = upstream_files()[KEL_DENPASAR].sha256
    assert KEL_DENPASAR in str(exc.value) and sha in str(exc.value)
    assert not (store / "cache" / KEL_DENPASAR).exists()
    res = ucj(["boundaries", "build", "-q", "--provinsi", "51.71", "-l", "desa"],
              env={"UCJ_DATA_MIRROR": str(mirror), "UCJ_STORE_DIR": str(store)})
    assert res.returncode == 4, res
    assert "wilayah_boundaries_kel_51.71.sql" in res.stderr and sha in res.stderr.replace("\n", "")


def test_aceh_selatan_maps(store, offline):
    _need_mirror()
    import matplotlib.pyplot as plt

    from ucjlib.coverage import analyze_coverage
    from ucjlib.demo.generate import demo_dataset
    from ucjlib.render.maps import coverage_map

    ds = demo_dataset("11.01")
    fig = coverage_map(analyze_coverage(ds))
    assert len(fig.axes[0].patches) + len(fig.axes[0].collections) > 0  # kecamatan drawn
    assert not any("poligon desa" in t.get_text() for t in fig.texts)  # a real map
    plt.close(fig)
    fig = coverage_map(analyze_coverage(ds, level="desa", lang="en"))
    drawn = " ".join(t.get_text() for t in fig.texts)
    assert "No desa polygons" in drawn and "11.01" in drawn
    plt.close(fig)


def test_report_analysis_notes_no_desa_map(store, offline):
    _need_mirror()
    from ucjlib.report.analysis import analyse, prepare

    params, ds = prepare("11.01")  # no data folder: the demo
    res = analyse(params, ds)
    assert any("Tidak ada poligon desa" in str(n) for n in res.coverage.notes)
