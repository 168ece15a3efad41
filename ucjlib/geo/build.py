"""Build the boundary store from the upstream SQL files.

Parsing, repair and areas: :mod:`ucjlib.geo.parse`; which source files a build needs:
:mod:`ucjlib.geo.layers`.

Incremental and atomic: each source file is parsed once into a small parquet
cache keyed by its SHA-256; the build manifest
(``ucj_boundaries.manifest.json``) records the SHA-256 of every source in the
store. A build whose sources all match the manifest is a no-op; a source
whose checksum changed (a new pinned commit) or whose cache is missing is
re-parsed alone, and the GeoPackage is reassembled from the caches into a
temporary file in the same folder and moved into place
(:func:`ucjlib.files.atomic_path`). A file lock serialises concurrent builds,
parse workers die with the build, and a build cleans what a killed one left
behind (:mod:`ucjlib.geo.buildlock`).

Levels that nest: where desa polygons exist, kecamatan, kabupaten and
provinsi shapes are dissolved from them (:mod:`ucjlib.geo.dissolve`); the
``geom_source`` column says, per feature, ``dissolved_desa`` or
``upstream``. Building a kecamatan, kabupaten or provinsi layer therefore
also builds the desa files of the same area (:func:`build_keys`).

Desa files that are in no mirror or cache and cannot be downloaded are skipped
(:mod:`ucjlib.geo.availability`): the manifest's ``unavailable`` records them with
the reason, that area gets no desa polygons and its higher levels come from the
upstream files; such a file counts as built until it becomes available locally.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ucjlib.errors import BoundaryError, SourceError
from ucjlib.files import atomic_path, atomic_write_text
from ucjlib.geo import buildlock
from ucjlib.geo.availability import NothingAvailable, reason_text, resolve_sources
from ucjlib.geo.dissolve import DISSOLVED, UPSTREAM, dissolve_desa_file, fill_slivers, union_parts
from ucjlib.geo.layers import build_keys, key_scope
from ucjlib.geo.parse import AREA_CRS, area_km2, parse_sql, repair_geometries
from ucjlib.geo.sources import local_file, store_dir, upstream_files
from ucjlib.geo.wilayah import LEVELS
from ucjlib.text import say

__all__ = [
    "BUILD_VERSION", "BuildReport", "MANIFEST_NAME", "STORE_NAME", "build_store",
    "manifest_path", "read_manifest", "store_covers", "store_path", "unavailable_sources",
]

log = logging.getLogger(__name__)

STORE_NAME = "ucj_boundaries.gpkg"
MANIFEST_NAME = "ucj_boundaries.manifest.json"
BUILD_VERSION = 2  # bump when parsing/repair/dissolve changes: invalidates caches
# --------------------------------------------------------------------------- store files
def store_path() -> Path:
    """Path of the boundary GeoPackage, ``store_dir() / "ucj_boundaries.gpkg"``."""
    return store_dir() / STORE_NAME


def manifest_path() -> Path:
    """Path of the build manifest next to the store."""
    return store_dir() / MANIFEST_NAME


def _cache_path(sha: str, kind: str = "") -> Path:
    if not re.fullmatch(r"[0-9a-f]{24,64}", sha) or not re.fullmatch(r"[a-z0-9]*", kind):
        raise SourceError(f"Checksum tidak valid di daftar berkas upstream: {sha!r}")
    suffix = f"-{kind}" if kind else ""
    return store_dir() / "parsed" / f"v{BUILD_VERSION}-{sha[:24]}{suffix}.parquet"


def _is_cached(key: str, sha: str) -> bool:
    if not _cache_path(sha).is_file():
        return False
    return key_scope(key)[0] != "desa" or _cache_path(sha, "dissolved").is_file()


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
    """Tell whether the current store holds these sources at their pinned checksums.

    A desa file recorded as unavailable counts as held while it is still not on this
    machine (no mirror file, no cache): a later read does not try to download it again.
    """
    m = manifest if manifest is not None else read_manifest()
    if m is None or not _store_matches(m):
        return False
    files = upstream_files()
    src = m.get("sources", {})
    gone = m.get("unavailable", {})
    return all((k in src and src[k]["sha256"] == files[k].sha256)
               or (k in gone and gone[k]["sha256"] == files[k].sha256
                   and local_file(k) is None) for k in keys)


def unavailable_sources(keys: Iterable[str] | None = None,
                        manifest: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Return the desa files the store was built without (key -> reason entry).

    Each entry has ``sha256``, ``reason`` (a code), ``detail`` and ``mirror``; word it
    with :func:`ucjlib.geo.availability.reason_text`. Limited to ``keys`` when given.
    """
    m = manifest if manifest is not None else read_manifest()
    gone = (m or {}).get("unavailable", {})
    return {k: v for k, v in gone.items() if keys is None or k in set(keys)}


def _clean_store(directory: Path) -> None:
    """Remove leftovers of killed builds and caches of other build versions (lock held)."""
    gone = buildlock.clean_leftovers(directory)
    parsed = directory / "parsed"
    if parsed.is_dir():
        for p in parsed.glob("v*-*.parquet"):
            if not p.name.startswith(f"v{BUILD_VERSION}-"):
                gone.append(p)
                p.unlink(missing_ok=True)
    if gone:
        log.info("removed %d leftover files from %s", len(gone), directory)


# --------------------------------------------------------------------------- build
@dataclass
class BuildReport:
    """What a :func:`build_store` call did.

    ``dissolved`` counts, per level, the features whose shape is the union of
    their desa (``geom_source == "dissolved_desa"``).
    """

    path: Path
    noop: bool
    processed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    repaired: int = 0
    without_polygon: int = 0
    seconds: float = 0.0
    dissolved: dict[str, int] = field(default_factory=dict)
    unavailable: dict[str, dict[str, Any]] = field(default_factory=dict)

    def summary(self, lang: str = "id") -> str:
        """One line describing the build."""
        from ucjlib.fmt import fmt_int

        if self.noop:
            return say("geo.build.noop", lang, path=self.path, secs=self.seconds)
        layers = ", ".join(f"{k} {fmt_int(v, lang)}" for k, v in self.counts.items())
        diss = ", ".join(f"{k} {fmt_int(v, lang)}" for k, v in self.dissolved.items() if v)
        text = say("geo.build.done", lang, path=self.path, secs=self.seconds, layers=layers,
                   parsed=len(self.processed), reused=len(self.reused), repaired=self.repaired,
                   dissolved=say("geo.build.dissolved", lang, counts=diss) if diss else "")
        if self.unavailable:
            from ucjlib.geo.layers import key_provinces

            provs = sorted({p for k in self.unavailable for p in key_provinces(k)})
            text += say("geo.build.unavailable", lang, n=len(self.unavailable),
                        provinces=", ".join(provs),
                        reason=reason_text(next(iter(self.unavailable.values())), lang))
        return text


def _write_parquet(table: Any, dest: Path) -> None:
    import pyarrow.parquet as pq

    with atomic_path(dest) as tmp:
        pq.write_table(table, tmp)


def _parse_to_cache(key: str, src: str, dest: str,
                    dissolved_dest: str | None) -> tuple[str, int, int, int]:
    """Parse one source file into its parquet cache; return (key, rows, repaired, empty).

    Runs in a worker process: every path comes from the caller (a worker's
    environment may be older than the caller's). For a desa file the
    dissolved kecamatan and kabupaten are cached too (``dissolved_dest``),
    written before the main cache, whose presence marks the work as done.
    """
    import pyarrow as pa
    import shapely

    text = Path(src).read_text(encoding="utf-8")
    rows = parse_sql(text)
    if not rows and "INSERT" in text:
        raise BoundaryError(f"Tidak ada baris yang dapat diurai di {key}")
    geoms, bad = repair_geometries([g for _, _, g in rows])
    codes = [r[0] for r in rows]
    if dissolved_dest is not None:
        parts = dissolve_desa_file(codes, geoms)
        dkode = [c for lv in ("kecamatan", "kabupaten") for c in parts[lv][0]]
        dgeom = np.concatenate([parts["kecamatan"][1], parts["kabupaten"][1]])
        _write_parquet(pa.table({
            "kode": pa.array(dkode, pa.string()),
            "area_km2": pa.array(area_km2(dgeom), pa.float64()),
            "wkb": pa.array(list(shapely.to_wkb(dgeom)), pa.binary()),
        }), Path(dissolved_dest))
    empty = int(sum(g is None for g in geoms))
    stats = {"rows": len(rows), "repaired": int(bad.sum()), "without_polygon": empty}
    _write_parquet(pa.table({
        "kode": pa.array(codes, pa.string()),
        "nama_upstream": pa.array([r[1] for r in rows], pa.string()),
        "area_km2": pa.array(area_km2(geoms), pa.float64()),
        "wkb": pa.array(list(shapely.to_wkb(geoms)), pa.binary()),
    }, metadata={"ucj_stats": json.dumps(stats)}), Path(dest))
    return key, stats["rows"], stats["repaired"], empty


def _cached_stats(sha: str, fallback: dict[str, Any]) -> tuple[int, int, int]:
    """(rows, repaired, without_polygon) of a parsed source, from its cache file."""
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(_cache_path(sha)).metadata or {}
        st = json.loads(meta[b"ucj_stats"])
    except (OSError, KeyError, ValueError):
        st = fallback
    return (int(st.get("rows", 0)), int(st.get("repaired", 0)),
            int(st.get("without_polygon", 0)))


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
    lock_timeout: float | None = None,
) -> BuildReport:
    """Build or update the boundary GeoPackage from the upstream sources.

    The store accumulates: sources built earlier stay in it, and this call
    adds (or refreshes) the sources selected by ``levels`` and
    ``provinces`` (with the desa files the other levels are dissolved
    from, see :func:`build_keys`). Nothing is rewritten when every selected
    source is already in the store at its pinned checksum.

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
        Show progress on stderr (and say so when waiting for another build).
    workers : int, optional
        Parallel processes for parsing (default: number of CPUs, when more
        than four files need parsing). Workers die with this process.
    lock_timeout : float, optional
        Seconds to wait for another build of the same store (default
        ``$UCJ_BUILD_LOCK_TIMEOUT`` or 300).

    Returns
    -------
    BuildReport

    Raises
    ------
    SourceError
        A source file is missing or fails its checksum; the previous store
        is left untouched.
    BoundaryError
        Nothing to build for this selection, or another build still holds the
        lock after ``lock_timeout``.
    ArgumentError
        An unknown level.

    Examples
    --------
    >>> report = build_store(levels=["kecamatan"], provinces=["35"], progress=False)
    >>> report.path.name
    'ucj_boundaries.gpkg'
    """
    t0 = time.perf_counter()
    keys = build_keys(levels, provinces)
    if not keys:
        raise BoundaryError("Tidak ada berkas batas wilayah untuk pilihan level/provinsi ini.")
    if not force and store_covers(keys):
        return BuildReport(store_path(), True, reused=keys,
                           seconds=time.perf_counter() - t0)

    def notify(msg: str) -> None:
        if progress:
            print(msg, file=sys.stderr, flush=True)
        else:
            log.warning(msg)

    with buildlock.build_lock(store_dir(), lock_timeout, notify):
        _clean_store(store_dir())
        manifest = read_manifest()
        if not force and store_covers(keys, manifest):
            return BuildReport(store_path(), True, reused=keys,
                               seconds=time.perf_counter() - t0)
        return _build_locked(keys, manifest, mirror, force, progress, workers, t0)


def _parse_all(to_parse: list[str], srcs: dict[str, str], workers: int | None,
               progress: bool) -> dict[str, tuple[int, int, int]]:
    """Parse sources into their caches, in worker processes when there are many."""
    files = upstream_files()
    jobs = {k: (k, srcs[k], str(_cache_path(files[k].sha256)),
                str(_cache_path(files[k].sha256, "dissolved"))
                if key_scope(k)[0] == "desa" else None) for k in to_parse}
    stats: dict[str, tuple[int, int, int]] = {}
    prog = _progress(progress, len(to_parse))

    def done(k: str, st: list[int]) -> None:
        stats[k] = (st[0], st[1], st[2])
        if prog:
            prog[0].advance(prog[1])

    try:
        n = workers if workers is not None else (os.cpu_count() or 1)
        if n > 1 and len(to_parse) > 4:
            from concurrent.futures.process import BrokenProcessPool

            try:
                ex = buildlock.worker_pool(min(n, len(to_parse)))
            except OSError:  # pragma: no cover - no subprocesses here
                ex = None
            if ex is not None:
                try:
                    futs = [ex.submit(_parse_to_cache, *jobs[k]) for k in to_parse]
                    for f in futs:
                        k, *st = f.result()
                        done(k, st)
                except (BrokenProcessPool, OSError) as exc:  # parse the rest in-process
                    if isinstance(exc, SourceError | BoundaryError):
                        raise
                    log.warning("parse workers failed (%s); parsing in-process", exc)
                finally:
                    ex.shutdown(wait=True, cancel_futures=True)
        for k in to_parse:
            if k not in stats:
                _, *st = _parse_to_cache(*jobs[k])
                done(k, st)
    finally:
        if prog:
            prog[0].stop()
    return stats


def _build_locked(keys, manifest, mirror, force, progress, workers, t0) -> BuildReport:
    files = upstream_files()
    old = dict(manifest["sources"]) if manifest else {}
    # keep earlier sources that are still pinned; a changed pin or a missing cache
    # means that one file is parsed again
    wanted = {k for k in old if k in files} | set(keys)
    to_parse = sorted(k for k in wanted
                      if (force and k in keys) or not _is_cached(k, files[k].sha256))
    # resolve (and verify / download) every source before writing anything
    srcs, missing = resolve_sources(to_parse, mirror)
    missing = {k: {"sha256": files[k].sha256, **v} for k, v in missing.items()}
    to_parse = [k for k in to_parse if k not in missing]
    wanted -= set(missing)
    gone = {k: v for k, v in (manifest or {}).get("unavailable", {}).items()
            if k in files and v.get("sha256") == files[k].sha256 and k not in wanted}
    gone.update(missing)
    if not set(keys) - set(gone):  # nothing of the selection can be had
        if manifest and _store_matches(manifest):
            _write_manifest({**manifest, "unavailable": gone})
        raise NothingAvailable({k: gone[k] for k in keys})
    if not to_parse and manifest and _store_matches(manifest) and wanted == set(old):
        _write_manifest({**manifest, "unavailable": gone})  # the store itself is unchanged
        return BuildReport(store_path(), True, reused=sorted(wanted), unavailable=missing,
                           seconds=time.perf_counter() - t0)
    stats = _parse_all(to_parse, srcs, workers, progress)
    sources = {}
    for k in sorted(wanted):
        rows, rep, empty = stats[k] if k in stats else _cached_stats(files[k].sha256,
                                                                     old.get(k, {}))
        sources[k] = {"sha256": files[k].sha256, "repo": files[k].repo,
                      "commit": files[k].commit, "level": key_scope(k)[0],
                      "rows": rows, "repaired": rep, "without_polygon": empty}
    counts, origin = _assemble(sources, mirror)
    st = store_path().stat()
    new_manifest = {
        "build_version": BUILD_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "store": STORE_NAME, "store_size": st.st_size, "store_mtime_ns": st.st_mtime_ns,
        "area_crs": AREA_CRS, "layers": counts, "geom_source": origin, "sources": sources,
        "unavailable": gone,
    }
    _write_manifest(new_manifest)
    return BuildReport(
        store_path(), False, processed=to_parse, reused=sorted(wanted - set(to_parse)),
        counts=counts, repaired=sum(v["repaired"] for v in sources.values()),
        without_polygon=sum(v["without_polygon"] for v in sources.values()),
        seconds=time.perf_counter() - t0,
        dissolved={k: v.get(DISSOLVED, 0) for k, v in origin.items()}, unavailable=missing,
    )


def _write_manifest(manifest: dict[str, Any]) -> None:
    atomic_write_text(manifest_path(), json.dumps(manifest, indent=1, ensure_ascii=False))


def _read_level(tables: list) -> Any:
    """Concatenate parquet caches of one level: rows with a polygon, one per code."""
    import pyarrow as pa

    t = pa.concat_tables(tables).to_pandas()
    t = t.loc[t["wkb"].notna()].drop_duplicates("kode", keep="last")
    return t.sort_values("kode").reset_index(drop=True)


def _dissolved_units(sources: dict[str, dict], desa: Any, gaz: Any) -> dict[str, Any]:
    """Dissolved kecamatan/kabupaten/provinsi of the complete units (kode, area_km2, wkb)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    from ucjlib.geo.dissolve import complete_units

    kel = {k: m["sha256"] for k, m in sources.items() if m["level"] == "desa"}
    if desa is None or not kel:
        return {}
    complete = complete_units(gaz, set(desa["kode"]))
    cached = pa.concat_tables([pq.read_table(_cache_path(sha, "dissolved"))
                               for sha in kel.values()]).to_pandas()
    depth = cached["kode"].str.count(r"\.")
    out = {lvl: cached.loc[(depth == i) & cached["kode"].isin(complete[lvl])]
           for lvl, i in (("kecamatan", 2), ("kabupaten", 1))}
    rows = []
    kab = out["kabupaten"]
    for prov in sorted(complete["provinsi"]):
        shas = sorted(sha for k, sha in kel.items() if key_scope(k)[1].startswith(prov + "."))
        digest = hashlib.sha256("".join(shas).encode()).hexdigest()
        path = _cache_path(digest, f"prov{prov}")
        if not path.is_file():
            part = kab.loc[kab["kode"].str.startswith(prov + ".")]
            geom, _ = fill_slivers([union_parts(shapely.from_wkb(part["wkb"].to_numpy()))])
            _write_parquet(pa.table({"kode": [prov], "area_km2": area_km2(geom),
                                     "wkb": pa.array(list(shapely.to_wkb(geom)), pa.binary())}),
                           path)
        rows.append(pq.read_table(path).to_pandas())
    out["provinsi"] = pd.concat(rows, ignore_index=True) if rows else cached.iloc[0:0]
    return out


def _assemble(sources: dict[str, dict], mirror) -> tuple[dict[str, int], dict[str, dict]]:
    """Write the GeoPackage from the parquet caches; return layer counts and geom_source counts."""
    import geopandas as gpd
    import pandas as pd
    import pyarrow.parquet as pq
    import shapely

    from ucjlib.geo.gazetteer import gazetteer

    gaz = gazetteer(None if mirror is None else str(mirror))
    names = dict(zip(gaz["kode"], gaz["nama"], strict=True))
    by_level: dict[str, list] = {}
    scopes: dict[str, set] = {}
    for key, meta in sources.items():
        by_level.setdefault(meta["level"], []).append(pq.read_table(_cache_path(meta["sha256"])))
        scopes.setdefault(meta["level"], set()).add(key_scope(key)[1])
    tables = {level: _read_level(t) for level, t in by_level.items()}
    dissolved = _dissolved_units(sources, tables.get("desa"), gaz)
    counts: dict[str, int] = {}
    origin: dict[str, dict[str, int]] = {}
    with atomic_path(store_path()) as tmp:
        tmp.unlink()  # let GDAL create it
        try:
            for level in LEVELS:
                if level not in tables:
                    continue
                t = tables[level]
                d = dissolved.get(level)
                if d is not None and len(d):
                    # units upstream lacks are added only where this level was built
                    keep = d["kode"].isin(t["kode"]) | (
                        d["kode"].str[:2].isin(scopes[level]) | (None in scopes[level]))
                    d = d.loc[keep].assign(nama_upstream=None, geom_source=DISSOLVED)
                    t = pd.concat([t.loc[~t["kode"].isin(d["kode"])].assign(geom_source=UPSTREAM),
                                   d], ignore_index=True).sort_values("kode")
                    t = t.reset_index(drop=True)
                else:
                    t = t.assign(geom_source=UPSTREAM)
                nama = [names.get(c, u if isinstance(u, str) else c)
                        for c, u in zip(t["kode"], t["nama_upstream"], strict=True)]
                parent = [c.rsplit(".", 1)[0] if "." in c else None for c in t["kode"]]
                gdf = gpd.GeoDataFrame(
                    {"kode": t["kode"].astype(object), "nama": pd.Series(nama, dtype=object),
                     "parent": pd.Series(parent, dtype=object), "area_km2": t["area_km2"],
                     "geom_source": t["geom_source"].astype(object)},
                    geometry=shapely.from_wkb(t["wkb"].to_numpy()), crs="EPSG:4326",
                )
                gdf.to_file(tmp, layer=level, driver="GPKG", engine="pyogrio")
                counts[level] = int(len(gdf))
                origin[level] = {str(k): int(v) for k, v in
                                 gdf["geom_source"].value_counts().sort_index().items()}
            if not counts:  # pragma: no cover - guarded by needed_keys
                raise BoundaryError("Tidak ada data batas wilayah untuk ditulis.")
        except BaseException:
            buildlock.remove_with_journals(tmp)
            raise
    return counts, origin
