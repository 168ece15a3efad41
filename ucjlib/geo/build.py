"""Build the boundary store from the upstream SQL files.

Parsing: every upstream row looks like
``('35.22.01','Ngraho',<lat>,<lng>,'<path>')`` (sometimes with a space after
a comma); ``<path>`` is JSON of **[lat, lng]** pairs, depth 3 for one polygon
(outer ring, then holes) and depth 4 for several. Coordinates are swapped to
(lon, lat), invalid polygons repaired with ``shapely.make_valid`` (method
``structure``, so overlapping parts are unioned, not cut out) keeping only
the polygonal parts.

Incremental and atomic: each source file is parsed once into a small parquet
cache keyed by its SHA-256; the build manifest
(``ucj_boundaries.manifest.json``) records the SHA-256 of every source in the
store. A build whose sources all match the manifest is a no-op; a source
whose checksum changed (a new pinned commit) or whose cache is missing is
re-parsed alone, and the GeoPackage is reassembled from the caches into a
temporary file in the same folder and moved into place with ``os.replace``.
A file lock (``fcntl``) serialises concurrent builds.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ucjlib.errors import BoundaryError, SourceError
from ucjlib.geo.sources import source_file, store_dir, upstream_files
from ucjlib.geo.wilayah import LEVELS, normalize_level

STORE_NAME = "ucj_boundaries.gpkg"
MANIFEST_NAME = "ucj_boundaries.manifest.json"
BUILD_VERSION = 1  # bump when parsing/repair changes: invalidates caches and manifest
LAYERS: dict[str, str] = {  # level -> upstream folder
    "provinsi": "prov", "kabupaten": "kab", "kecamatan": "kec", "desa": "kel",
}
AREA_CRS = "EPSG:6933"

_NUM = r"(NULL|[-+0-9.eE]+)"
_ROW_RE = re.compile(
    r"\(\s*'(\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)'\s*,\s*'((?:[^'\\]|\\.|'')*)'\s*,\s*"
    + _NUM + r"\s*,\s*" + _NUM + r"\s*,\s*(?:NULL|'([^']*)')\s*\)"
)
_KEY_RE = re.compile(
    r"^wilayah_boundaries/db/(prov|kab|kec|kel)/(?:\d{2}/)?wilayah_boundaries_\w+?_"
    r"(\d{1,2}(?:\.\d{2})?)\.sql$"
)


# --------------------------------------------------------------------------- parsing
def parse_path(path: str | list) -> Any:
    """Turn an upstream ``path`` (JSON of [lat, lng] pairs) into a shapely geometry.

    Depth 3 is one polygon (outer ring then holes), depth 4 a multipolygon.
    Coordinates are swapped to (lon, lat). Rings with fewer than three points
    are dropped. Returns ``None`` for an empty path. The result is *not*
    repaired; see :func:`repair_geometries`.

    Examples
    --------
    >>> g = parse_path("[[[-7.0, 111.0], [-7.0, 111.1], [-7.1, 111.1], [-7.0, 111.0]]]")
    >>> g.geom_type, g.bounds
    ('Polygon', (111.0, -7.1, 111.1, -7.0))
    """
    import shapely

    data = json.loads(path) if isinstance(path, str) else path
    if not data:
        return None
    if isinstance(data[0][0][0], int | float):
        data = [data]
    polys = []
    for poly in data:
        rings = []
        for ring in poly:
            arr = np.asarray(ring, dtype=float)
            if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) < 3:
                continue
            rings.append(arr[:, ::-1])
        if not rings:
            continue
        polys.append(shapely.Polygon(rings[0], rings[1:]))
    if not polys:
        return None
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def parse_sql(text: str) -> list[tuple[str, str, Any]]:
    """Parse upstream ``INSERT`` rows into ``(kode, nama, geometry)`` tuples.

    Rows without a path get ``None`` as geometry.

    Examples
    --------
    >>> rows = parse_sql("('35.22.01','Ngraho',-7.2, 111.8,'[[[-7,111],[-7,112],[-8,112]]]')")
    >>> rows[0][0], rows[0][1], rows[0][2].bounds
    ('35.22.01', 'Ngraho', (111.0, -8.0, 112.0, -7.0))
    """
    out = []
    for kode, nama, _lat, _lng, path in _ROW_RE.findall(text):
        nama = nama.replace("\\'", "'").replace("''", "'")
        out.append((kode, nama, parse_path(path) if path else None))
    return out


def repair_geometries(geoms: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Make geometries valid and polygonal.

    Invalid geometries are repaired with ``shapely.make_valid(method="structure")``;
    non-polygonal parts (collapsed lines, points) are dropped. Returns the
    repaired array (``None`` where nothing polygonal is left) and a boolean
    mask of the geometries that needed repair.

    Examples
    --------
    >>> from shapely import Polygon
    >>> bowtie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    >>> fixed, repaired = repair_geometries([bowtie])
    >>> bool(fixed[0].is_valid), bool(repaired[0]), round(fixed[0].area, 6)
    (True, True, 2.0)
    """
    import shapely

    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)
    present = ~shapely.is_missing(arr)
    bad = present & ~shapely.is_valid(arr)
    for i in np.flatnonzero(bad):
        g = shapely.make_valid(arr[i], method="structure", keep_collapsed=False)
        g = _polygonal(g)
        if g is not None and not g.is_valid:  # pragma: no cover - defensive
            g = _polygonal(g.buffer(0))
        arr[i] = g
    for i in np.flatnonzero(present & ~bad):
        if arr[i].is_empty:
            arr[i] = None
    return arr, bad


def _polygonal(g: Any) -> Any:
    import shapely

    if g is None or g.is_empty:
        return None
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    polys = []
    for p in parts:
        polys.extend(shapely.get_parts(p))
    out = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
    return out if out.is_valid else shapely.make_valid(out, method="structure",
                                                        keep_collapsed=False)


def area_km2(geoms: Sequence[Any]) -> np.ndarray:
    """Area in km² of lon/lat (EPSG:4326) geometries.

    Computed in EPSG:6933 (WGS 84 / NSIDC EASE-Grid 2.0 Global), a cylindrical
    *equal-area* projection: areas are exact everywhere, whereas UTM is
    conformal (area off by up to ~0.1% at zone edges) and Indonesia spans
    eight UTM zones. Near the equator the projection is nearly linear in
    lon/lat, so straight polygon edges stay straight and one CRS serves the
    whole country. Tests check it against geodesic areas (pyproj.Geod).

    Examples
    --------
    >>> from shapely import box
    >>> round(float(area_km2([box(111.0, -7.5, 111.1, -7.4)])[0]), 1)
    122.1
    """
    import shapely
    from pyproj import Transformer

    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)
    tr = Transformer.from_crs("EPSG:4326", AREA_CRS, always_xy=True)
    out = np.full(len(arr), np.nan)
    ok = ~shapely.is_missing(arr)
    if ok.any():
        proj = shapely.transform(arr[ok], lambda xy: np.column_stack(tr.transform(xy[:, 0],
                                                                                  xy[:, 1])))
        out[ok] = shapely.area(proj) / 1e6
    return out


# --------------------------------------------------------------------------- sources
def key_scope(key: str) -> tuple[str, str | None]:
    """Return ``(level, scope code)`` of a boundary source key.

    The scope is the province (``kab``/``kec``) or kabupaten (``kel``) that
    the file covers; ``None`` for province files (which cover ranges).

    Examples
    --------
    >>> key_scope("wilayah_boundaries/db/kel/35/wilayah_boundaries_kel_35.22.sql")
    ('desa', '35.22')
    >>> key_scope("wilayah_boundaries/db/prov/wilayah_boundaries_prov_1.sql")
    ('provinsi', None)
    """
    m = _KEY_RE.match(key)
    if not m:
        raise SourceError(f"Bukan berkas batas wilayah: {key}")
    folder, scope = m.groups()
    level = {v: k for k, v in LAYERS.items()}[folder]
    return level, (None if folder == "prov" else scope)


def needed_keys(levels: Iterable[str] | None = None,
                provinces: Iterable[str] | None = None) -> list[str]:
    """Boundary source keys for some levels and codes (all when ``None``).

    ``provinces`` takes province or kabupaten codes; a file is selected when
    its scope contains a code or lies within it. Province files are always
    all selected for level ``provinsi``.

    Examples
    --------
    >>> [k.rsplit("/", 1)[1] for k in needed_keys(["kecamatan", "desa"], ["32.71"])]
    ['wilayah_boundaries_kec_32.sql', 'wilayah_boundaries_kel_32.71.sql']
    """
    lvls = {normalize_level(lv) for lv in levels} if levels is not None else set(LEVELS)
    codes = [str(c).strip() for c in provinces] if provinces is not None else None
    out = []
    for key in sorted(upstream_files()):
        if not _KEY_RE.match(key):
            continue
        level, scope = key_scope(key)
        if level not in lvls:
            continue
        if codes is not None and scope is not None and not any(
            scope == c or scope.startswith(c + ".") or c.startswith(scope + ".") for c in codes
        ):
            continue
        out.append(key)
    return out


# --------------------------------------------------------------------------- store files
def store_path() -> Path:
    """Path of the boundary GeoPackage, ``store_dir() / "ucj_boundaries.gpkg"``."""
    return store_dir() / STORE_NAME


def manifest_path() -> Path:
    """Path of the build manifest next to the store."""
    return store_dir() / MANIFEST_NAME


def _cache_path(sha: str) -> Path:
    return store_dir() / "parsed" / f"v{BUILD_VERSION}-{sha[:24]}.parquet"


def read_manifest() -> dict[str, Any] | None:
    """Return the build manifest, or ``None`` when there is no valid one."""
    try:
        m = json.loads(manifest_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if m.get("build_version") != BUILD_VERSION:
        return None
    return m


def _store_matches(m: dict[str, Any]) -> bool:
    p = store_path()
    try:
        st = p.stat()
    except OSError:
        return False
    return m.get("store_size") == st.st_size and m.get("store_mtime_ns") == st.st_mtime_ns


def store_covers(keys: Iterable[str], manifest: dict[str, Any] | None = None) -> bool:
    """Tell whether the current store holds these sources at their pinned checksums."""
    m = manifest if manifest is not None else read_manifest()
    if m is None or not _store_matches(m):
        return False
    files = upstream_files()
    src = m.get("sources", {})
    return all(k in src and src[k]["sha256"] == files[k].sha256 for k in keys)


@contextmanager
def _build_lock():
    import fcntl

    d = store_dir()
    d.mkdir(parents=True, exist_ok=True)
    with open(d / ".ucj_boundaries.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- build
@dataclass
class BuildReport:
    """What a :func:`build_store` call did."""

    path: Path
    noop: bool
    processed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    repaired: int = 0
    without_polygon: int = 0
    seconds: float = 0.0

    def summary(self, lang: str = "id") -> str:
        """One line describing the build."""
        from ucjlib.fmt import fmt_int, fmt_number

        secs = fmt_number(self.seconds, 1, lang)
        if self.noop:
            return (f"Store is up to date ({self.path}), {secs} s." if lang == "en" else
                    f"Penyimpanan sudah mutakhir ({self.path}), {secs} dtk.")
        layers = ", ".join(f"{k} {fmt_int(v, lang)}" for k, v in self.counts.items())
        if lang == "en":
            return (f"Built {self.path} in {secs} s: {layers}; {len(self.processed)} files parsed, "
                    f"{len(self.reused)} reused, {self.repaired} geometries repaired.")
        return (f"Dibangun {self.path} dalam {secs} dtk: {layers}; {len(self.processed)} berkas "
                f"diurai, {len(self.reused)} dipakai ulang, {self.repaired} geometri diperbaiki.")


def _parse_to_cache(key: str, src: str, sha: str) -> tuple[str, int, int, int]:
    """Parse one source file into its parquet cache; return (key, rows, repaired, empty)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    text = Path(src).read_text(encoding="utf-8")
    rows = parse_sql(text)
    if not rows and "INSERT" in text:
        raise BoundaryError(f"Tidak ada baris yang dapat diurai di {key}")
    geoms, bad = repair_geometries([g for _, _, g in rows])
    areas = area_km2(geoms)
    wkb = shapely.to_wkb(geoms)
    table = pa.table({
        "kode": pa.array([r[0] for r in rows], pa.string()),
        "nama_upstream": pa.array([r[1] for r in rows], pa.string()),
        "area_km2": pa.array(areas, pa.float64()),
        "wkb": pa.array(list(wkb), pa.binary()),
    })
    dest = _cache_path(sha)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-", suffix=".parquet")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    empty = int(sum(g is None for g in geoms))
    return key, len(rows), int(bad.sum()), empty


def _progress(enabled: bool, total: int):
    """Start a progress bar on stderr (rich), or return None."""
    if not enabled or total == 0:
        return None
    try:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        prog = Progress("[progress.description]{task.description}", BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(),
                        console=Console(stderr=True), transient=False)
        prog.start()
        task = prog.add_task("Mengurai batas wilayah", total=total)
        return prog, task
    except ImportError:  # pragma: no cover - rich is a dependency
        return None


def build_store(
    mirror: str | os.PathLike | None = None,
    levels: Iterable[str] | None = None,
    provinces: Iterable[str] | None = None,
    force: bool = False,
    progress: bool = True,
    workers: int | None = None,
) -> BuildReport:
    """Build or update the boundary GeoPackage from the upstream sources.

    The store accumulates: sources built earlier stay in it, and this call
    adds (or refreshes) the sources selected by ``levels`` and
    ``provinces``. Nothing is rewritten when every selected source is
    already in the store at its pinned checksum.

    Parameters
    ----------
    mirror : path, optional
        Local mirror of the upstream files (see :func:`ucjlib.geo.sources.mirror_dir`).
    levels : iterable of str, optional
        Levels to build (default: all four).
    provinces : iterable of str, optional
        Province or kabupaten codes to build (default: all).
    force : bool, default False
        Re-parse the selected sources even when their cache is current.
    progress : bool, default True
        Show progress on stderr.
    workers : int, optional
        Parallel processes for parsing (default: number of CPUs, when more
        than four files need parsing).

    Returns
    -------
    BuildReport

    Raises
    ------
    SourceError
        A source file is missing or fails its checksum; the previous store
        is left untouched.

    Examples
    --------
    >>> report = build_store(levels=["kecamatan"], provinces=["35"], progress=False)
    >>> report.path.name
    'ucj_boundaries.gpkg'
    """
    t0 = time.perf_counter()
    keys = needed_keys(levels, provinces)
    if not keys:
        raise BoundaryError("Tidak ada berkas batas wilayah untuk pilihan level/provinsi ini.")
    if not force and store_covers(keys):
        return BuildReport(store_path(), True, reused=keys,
                           seconds=time.perf_counter() - t0)
    with _build_lock():
        manifest = read_manifest()
        if not force and store_covers(keys, manifest):
            return BuildReport(store_path(), True, reused=keys,
                               seconds=time.perf_counter() - t0)
        return _build_locked(keys, manifest, mirror, force, progress, workers, t0)


def _build_locked(keys, manifest, mirror, force, progress, workers, t0) -> BuildReport:
    files = upstream_files()
    old = dict(manifest["sources"]) if manifest else {}
    # keep earlier sources that are still pinned; a changed pin or a missing cache
    # means that one file is parsed again
    wanted = {k for k in old if k in files} | set(keys)
    to_parse = sorted(k for k in wanted
                      if (force and k in keys) or not _cache_path(files[k].sha256).is_file())
    # resolve (and verify / download) every source before writing anything
    srcs = {k: str(source_file(k, mirror)) for k in to_parse}
    stats: dict[str, tuple[int, int, int]] = {}
    prog = _progress(progress, len(to_parse))
    try:
        n = workers if workers is not None else (os.cpu_count() or 1)
        if n > 1 and len(to_parse) > 4:
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            try:
                with ProcessPoolExecutor(max_workers=n) as ex:
                    futs = [ex.submit(_parse_to_cache, k, srcs[k], files[k].sha256)
                            for k in to_parse]
                    for f in futs:
                        k, *st = f.result()
                        stats[k] = tuple(st)
                        if prog:
                            prog[0].advance(prog[1])
            except (BrokenProcessPool, OSError):  # no subprocesses here: parse in-process
                pass
        for k in to_parse:
            if k not in stats:
                _, *st = _parse_to_cache(k, srcs[k], files[k].sha256)
                stats[k] = tuple(st)
                if prog:
                    prog[0].advance(prog[1])
    finally:
        if prog:
            prog[0].stop()
    sources = {}
    for k in sorted(wanted):
        if k in stats:
            rows, rep, empty = stats[k]
        else:
            o = old.get(k, {})
            rows, rep, empty = o.get("rows", 0), o.get("repaired", 0), o.get("without_polygon", 0)
        sources[k] = {"sha256": files[k].sha256, "repo": files[k].repo,
                      "commit": files[k].commit, "level": key_scope(k)[0],
                      "rows": rows, "repaired": rep, "without_polygon": empty}
    counts = _assemble(sources, mirror)
    st = store_path().stat()
    new_manifest = {
        "build_version": BUILD_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "store": STORE_NAME, "store_size": st.st_size, "store_mtime_ns": st.st_mtime_ns,
        "area_crs": AREA_CRS, "layers": counts, "sources": sources,
    }
    _atomic_write_text(manifest_path(), json.dumps(new_manifest, indent=1, ensure_ascii=False))
    return BuildReport(
        store_path(), False, processed=to_parse, reused=sorted(wanted - set(to_parse)),
        counts=counts, repaired=sum(v["repaired"] for v in sources.values()),
        without_polygon=sum(v["without_polygon"] for v in sources.values()),
        seconds=time.perf_counter() - t0,
    )


def _atomic_write_text(dest: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _assemble(sources: dict[str, dict], mirror) -> dict[str, int]:
    """Write the GeoPackage from the parquet caches (temp file + os.replace)."""
    import geopandas as gpd
    import pandas as pd
    import pyarrow.parquet as pq
    import shapely

    from ucjlib.geo.wilayah import gazetteer

    gaz = gazetteer(None if mirror is None else str(mirror))
    names = dict(zip(gaz["kode"], gaz["nama"], strict=True))
    by_level: dict[str, list] = {}
    for meta in sources.values():
        by_level.setdefault(meta["level"], []).append(pq.read_table(_cache_path(meta["sha256"])))
    dest = store_path()
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-", suffix=".gpkg")
    os.close(fd)
    os.unlink(tmp)  # let GDAL create it
    counts: dict[str, int] = {}
    try:
        for level in LEVELS:
            if level not in by_level:
                continue
            import pyarrow as pa

            t = pa.concat_tables(by_level[level]).to_pandas()
            t = t.loc[t["wkb"].notna()].drop_duplicates("kode", keep="last")
            t = t.sort_values("kode").reset_index(drop=True)
            nama = [names.get(c, u) for c, u in zip(t["kode"], t["nama_upstream"], strict=True)]
            parent = [c.rsplit(".", 1)[0] if "." in c else None for c in t["kode"]]
            gdf = gpd.GeoDataFrame(
                {"kode": t["kode"].astype(object), "nama": pd.Series(nama, dtype=object),
                 "parent": pd.Series(parent, dtype=object), "area_km2": t["area_km2"]},
                geometry=shapely.from_wkb(t["wkb"].to_numpy()), crs="EPSG:4326",
            )
            gdf.to_file(tmp, layer=level, driver="GPKG", engine="pyogrio")
            counts[level] = int(len(gdf))
        if not counts:  # pragma: no cover - guarded by needed_keys
            raise BoundaryError("Tidak ada data batas wilayah untuk ditulis.")
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return counts
