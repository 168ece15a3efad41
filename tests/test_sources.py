"""Download path: files fetched from a (local) upstream server are verified and cached.

A temporary copy of a few mirror files is served with ``http.server`` on
127.0.0.1 at the upstream URL layout ``{base}/{repo}/{commit}/{path}``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from ucjlib.errors import SourceError
from ucjlib.geo import sources
from ucjlib.geo.boundaries import build_store, load_boundaries
from ucjlib.geo.sources import mirror_dir, source_file, upstream_files

pytestmark = pytest.mark.network

KEL_KOTA_BOGOR = "wilayah_boundaries/db/kel/32/wilayah_boundaries_kel_32.71.sql"
KEL_KOTA_BATU = "wilayah_boundaries/db/kel/35/wilayah_boundaries_kel_35.79.sql"
GAZETTEER = "wilayah/db/wilayah.sql"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture
def upstream(tmp_path, monkeypatch):
    """Serve copies of a few files; return the served root (edit files to corrupt them)."""
    real = mirror_dir()
    if real is None:
        pytest.skip("no local data mirror to serve from")
    root = tmp_path / "served"
    for key in (KEL_KOTA_BOGOR, KEL_KOTA_BATU, GAZETTEER):
        meta = upstream_files()[key]
        dest = root / meta.repo / meta.commit / meta.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(real / key, dest)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("UCJ_DATA_MIRROR", "")
    monkeypatch.setenv("UCJ_UPSTREAM_URL", f"http://127.0.0.1:{server.server_port}/")
    monkeypatch.setenv("UCJ_STORE_DIR", str(tmp_path / "store"))
    yield root
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _served(root: Path, key: str) -> Path:
    meta = upstream_files()[key]
    return root / meta.repo / meta.commit / meta.path


def test_download_verifies_and_caches(upstream, tmp_path):
    assert mirror_dir() is None
    p = source_file(KEL_KOTA_BOGOR)
    cached = tmp_path / "store" / "cache" / KEL_KOTA_BOGOR
    assert p == cached and p.is_file()
    assert p.read_bytes() == _served(upstream, KEL_KOTA_BOGOR).read_bytes()
    assert sources.file_sha256(p) == upstream_files()[KEL_KOTA_BOGOR].sha256
    # second call uses the cache: it works even when the server copy disappears
    _served(upstream, KEL_KOTA_BOGOR).unlink()
    assert source_file(KEL_KOTA_BOGOR) == cached


def test_corrupted_download_leaves_nothing(upstream, tmp_path):
    served = _served(upstream, KEL_KOTA_BATU)
    data = bytearray(served.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit in the middle of a coordinate
    served.write_bytes(bytes(data))
    with pytest.raises(SourceError) as exc:
        build_store(levels=["desa"], provinces=["35.79"], progress=False)
    msg = str(exc.value)
    assert "Checksum tidak cocok" in msg and "wilayah_boundaries_kel_35.79.sql" in msg
    store = tmp_path / "store"
    assert not (store / "cache" / KEL_KOTA_BATU).exists()
    assert not list((store / "cache").rglob(".part-*"))
    assert not (store / "ucj_boundaries.gpkg").exists()
    assert not (store / "ucj_boundaries.manifest.json").exists()


def test_good_store_survives_failed_rebuild(upstream, tmp_path):
    report = build_store(levels=["desa"], provinces=["32.71"], progress=False)
    assert report.processed == [KEL_KOTA_BOGOR]
    # the boundary file came through the download cache
    assert (tmp_path / "store" / "cache" / KEL_KOTA_BOGOR).is_file()
    store = tmp_path / "store" / "ucj_boundaries.gpkg"
    before = store.read_bytes()
    served = _served(upstream, KEL_KOTA_BATU)
    served.write_bytes(served.read_bytes()[:-100])  # truncated download
    with pytest.raises(SourceError, match="Checksum tidak cocok"):
        build_store(levels=["desa"], provinces=["35.79"], progress=False)
    assert store.read_bytes() == before
    gdf = load_boundaries("desa", "32.71", build=False)
    assert len(gdf) == 68 and gdf.is_valid.all()
    assert not list((tmp_path / "store").glob(".part-*"))


def test_unreachable_upstream_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("UCJ_DATA_MIRROR", "")
    monkeypatch.setenv("UCJ_UPSTREAM_URL", "http://127.0.0.1:9")  # discard port: refused
    monkeypatch.setenv("UCJ_STORE_DIR", str(tmp_path / "store"))
    with pytest.raises(SourceError, match="Gagal mengunduh"):
        source_file(KEL_KOTA_BATU)
    assert not list((tmp_path / "store").rglob("*.sql"))
