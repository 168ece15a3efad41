"""Administrative boundaries: the boundary store and how to read it.

The store is one GeoPackage, ``store_dir() / "ucj_boundaries.gpkg"``, with a
layer per level (``provinsi``, ``kabupaten``, ``kecamatan``, ``desa``) and the
columns ``kode``, ``nama``, ``parent``, ``area_km2``, ``geom_source`` and
``geometry`` (EPSG:4326, every geometry valid). Where desa polygons exist the
higher levels are dissolved from them, so the levels nest exactly
(``geom_source == "dissolved_desa"``; elsewhere ``"upstream"``, see
:mod:`ucjlib.geo.dissolve`). It is built from the pinned
cahyadsn/wilayah_boundaries SQL files (MIT, Cahya DSN), read through
:func:`ucjlib.geo.sources.source_file` (local mirror or verified download).

The build is incremental and atomic (see :func:`build_store`); the parsing and
geometry helpers live in :mod:`ucjlib.geo.build`. Functions here take region
codes; the command line turns user text into a code first
(:func:`ucjlib.geo.wilayah.resolve`). Users can import
their own boundary files (:func:`ucjlib.geo.importer.import_boundaries`);
:func:`load_boundaries` prefers those for the parent and level they cover.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ucjlib.errors import ArgumentError, BoundaryError, UcjError
from ucjlib.files import confined
from ucjlib.geo.availability import NothingAvailable, reason_text
from ucjlib.geo.build import (
    STORE_NAME,
    BuildReport,
    build_store,
    manifest_path,
    store_covers,
    store_path,
    unavailable_sources,
)
from ucjlib.geo.layers import LAYERS, build_keys, level_name, needed_keys
from ucjlib.geo.sources import store_dir, upstream_files
from ucjlib.geo.wilayah import is_code, level_of

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd

__all__ = [
    "BuildReport",
    "LAYERS",
    "NoDesaPolygons",
    "STORE_NAME",
    "boundary_info",
    "build_store",
    "imported_path",
    "load_boundaries",
    "manifest_path",
    "store_path",
    "upstream_source_label",
]


class NoDesaPolygons(BoundaryError):
    """There are no desa polygons for an area; ``reason`` says why (in Indonesian).

    Maps and reports catch it to show the desa table without a desa map, with
    :func:`no_desa_text` in the map's place.
    """

    def __init__(self, region: str, reason_code: str, reason: str,
                 entry: dict[str, Any] | None = None) -> None:
        self.region, self.reason_code, self.reason = region, reason_code, reason
        self.entry = entry
        super().__init__(no_desa_text(region, reason))

    def text(self, lang: str = "id") -> str:
        """Say, in ``lang``, that the area has no desa polygons and why."""
        from ucjlib.text import say

        if self.entry is not None:
            reason = reason_text(self.entry, lang)
        elif self.reason_code in ("none_upstream", "empty"):
            reason = say(f"geo.no_desa.{self.reason_code}", lang)
        else:
            reason = self.reason
        return no_desa_text(self.region, reason, lang)


def no_desa_text(region: str, reason: str, lang: str = "id") -> str:
    """Say that ``region`` (a code) has no desa polygons, and why."""
    from ucjlib.geo.wilayah import region_of
    from ucjlib.text import say

    try:
        name = f"{region_of(region).nama} ({region})"
    except UcjError:  # an unknown code is named as is
        name = region
    return say("geo.no_desa", lang, region=name, reason=reason)


def no_desa_reason(within: str | None, lang: str = "id"
                   ) -> tuple[str, str, dict[str, Any] | None] | None:
    """Return ``(code, text, entry)`` saying why ``within`` has no desa polygons, or ``None``.

    ``None`` when desa polygons exist, or may still be built, for that area.
    """
    from ucjlib.text import say

    keys = needed_keys(["desa"], [within] if within else None)
    if not keys:
        return "none_upstream", say("geo.no_desa.none_upstream", lang), None
    gone = unavailable_sources(keys)
    if gone and len(gone) == len(keys):
        entry = next(iter(gone.values()))
        return entry.get("reason", "unavailable"), reason_text(entry, lang), entry
    return None


def imported_path(parent: str, level: str) -> Path:
    """Path of a user-imported boundary file for ``parent`` (a code) and ``level``.

    The path always lies in ``store_dir()/imported``: anything but a region
    code is an :class:`~ucjlib.errors.ArgumentError`, and the joined path is
    checked with :func:`ucjlib.files.confined` as well.

    Examples
    --------
    >>> imported_path("35.22", "kec").name
    '35.22_kecamatan.gpkg'
    >>> imported_path("../../x", "desa")
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai wilayah induk tidak valid: '../../x'. ...
    """
    code = str(parent).strip()
    if not is_code(code):
        raise ArgumentError("wilayah induk", parent, "kode Kemendagri, mis. '35.22'")
    return confined(store_dir(), "imported", f"{code}_{level_name(level)}.gpkg")


def upstream_source_label() -> str:
    """Describe the upstream boundary source: repository, commit and licence.

    Examples
    --------
    >>> upstream_source_label().startswith("github.com/cahyadsn/wilayah_boundaries@")
    True
    """
    meta = upstream_files()["wilayah_boundaries/LICENSE"]
    return f"github.com/{meta.repo}@{meta.commit[:10]} (MIT, Cahya DSN)"


def _resolve_within(within: str | None) -> str | None:
    if within is None:
        return None
    from ucjlib.geo.wilayah import region_of

    return region_of(within).kode


_LAYERS_READ: dict[tuple[Any, ...], gpd.GeoDataFrame] = {}
_LAYERS_KEEP = 8


def _read_layer(path: Path, level: str, within: str | None) -> gpd.GeoDataFrame:
    """Read one layer (inside ``within``), once per process while the file is unchanged.

    A report draws a static map, a web map and a deck slide from the same polygons;
    a batch worker reads its province's layers again for every kabupaten. The file's
    size and modification time are part of the key, so a rebuilt store is read anew;
    callers get a copy.
    """
    try:
        st = Path(path).stat()
        key: tuple[Any, ...] | None = (str(Path(path).resolve()), st.st_mtime_ns, st.st_size,
                                       level, within)
    except OSError:
        key = None
    if key is not None and key in _LAYERS_READ:
        return _LAYERS_READ[key].copy()
    gdf = _read_layer_file(path, level, within)
    if key is not None:
        while len(_LAYERS_READ) >= _LAYERS_KEEP:
            _LAYERS_READ.pop(next(iter(_LAYERS_READ)))
        _LAYERS_READ[key] = gdf.copy()
    return gdf


def _read_layer_file(path: Path, level: str, within: str | None) -> gpd.GeoDataFrame:
    import pyogrio

    where = None
    if within is not None:
        if not is_code(within):  # pragma: no cover - guarded by _resolve_within
            raise BoundaryError(f"Bukan kode wilayah: {within!r}")
        where = f"kode LIKE '{within}.%'"
    try:
        gdf = pyogrio.read_dataframe(path, layer=level, where=where)
    except Exception as exc:  # noqa: BLE001 - any GDAL error becomes a clear message
        raise BoundaryError(f"Tidak dapat membaca layer {level!r} dari {path}: {exc}") from exc
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:  # pragma: no cover - store is 4326
        gdf = gdf.set_crs(4326, allow_override=True)
    return gdf.sort_values("kode").reset_index(drop=True)


def load_boundaries(
    level: str, within: str | None = None, build: bool = True
) -> gpd.GeoDataFrame:
    """Return the boundary polygons of one level, optionally within a parent.

    If the user imported their own boundaries for exactly this parent and
    level (``ucj boundaries import``), those are returned and
    ``gdf.attrs["source"]`` says so; otherwise the polygons come from the
    store and ``attrs["source"]`` names the upstream repository and commit.

    Parameters
    ----------
    level : str
        ``provinsi``, ``kabupaten``, ``kecamatan`` or ``desa`` (aliases such
        as ``kec`` or ``kelurahan`` are accepted).
    within : str, optional
        Code of a parent unit, e.g. ``"35.22"`` (turn a name into a code with
        :func:`ucjlib.geo.wilayah.resolve`).
    build : bool, default True
        Build the part of the store that is missing; with ``False`` a missing
        store is a :class:`~ucjlib.errors.BoundaryError`.

    Returns
    -------
    geopandas.GeoDataFrame
        ``kode``, ``nama``, ``parent``, ``area_km2``, ``geom_source``
        (``dissolved_desa`` or ``upstream``; ``imported`` for a user import),
        ``geometry`` (EPSG:4326), sorted by ``kode``; ``attrs`` has
        ``source``, ``level``, ``within``.

    Raises
    ------
    BoundaryError
        Upstream has no polygons for that level and parent, or the store is
        missing and ``build`` is false. :class:`NoDesaPolygons` (a
        ``BoundaryError``) when the area's desa file is in no mirror and could
        not be downloaded: its ``reason`` says so.

    Examples
    --------
    >>> kec = load_boundaries("kecamatan", within="35.22")
    >>> len(kec), kec.crs.to_epsg()
    (28, 4326)
    """
    lvl = level_name(level)
    parent = _resolve_within(within)
    if parent is not None:
        plevel = level_of(parent)
        if list(LAYERS).index(plevel) >= list(LAYERS).index(lvl):
            raise BoundaryError(
                f"{parent} adalah {plevel}; level {lvl} tidak berada di bawahnya."
            )
        imp = imported_path(parent, lvl)
        if imp.is_file():
            gdf = _read_layer(imp, lvl, None)
            gdf["geom_source"] = "imported"
            meta = _imported_meta(imp)
            gdf.attrs.update(
                source=f"impor pengguna: {meta.get('file', imp.name)} ({imp})",
                level=lvl, within=parent, imported=True,
            )
            return gdf
    keys = needed_keys([lvl], [parent] if parent else None)
    if not keys:
        raise BoundaryError(
            f"Upstream tidak memiliki poligon {lvl} untuk {parent}. "
            f"Impor batas wilayah sendiri dengan `ucj boundaries import FILE --level {lvl} "
            f"--parent {parent}`."
        )
    if not store_covers(build_keys([lvl], [parent] if parent else None)):
        if not build:
            raise BoundaryError(
                f"Penyimpanan batas wilayah {store_path()} belum berisi {lvl} untuk "
                f"{parent or 'seluruh Indonesia'}; jalankan `ucj boundaries build`."
            )
        try:  # only the files of this area (within its province) are parsed
            build_store(levels=[lvl], provinces=[parent] if parent else None, progress=False)
        except NothingAvailable as exc:
            if lvl != "desa":
                raise
            entry = next(iter(exc.entries.values()))
            raise NoDesaPolygons(parent or "", entry.get("reason", "unavailable"),
                                 reason_text(entry), entry) from None
    if lvl == "desa" and (why := no_desa_reason(parent)) is not None:
        raise NoDesaPolygons(parent or "", *why)
    gdf = _read_layer(store_path(), lvl, parent)
    gdf.attrs.update(source=upstream_source_label(), level=lvl, within=parent, imported=False,
                     geom_source={str(k): int(v) for k, v in
                                  gdf["geom_source"].value_counts().sort_index().items()})
    return gdf


def _imported_meta(path: Path) -> dict[str, Any]:
    side = path.with_suffix(".json")
    if side.is_file():
        try:
            return json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # pragma: no cover - sidecar is advisory
            return {}
    return {}


def boundary_info(region: str) -> dict[str, Any]:
    """Summarise the boundaries available for one kabupaten/kota.

    Parameters
    ----------
    region : str
        Code of a kabupaten/kota (``"35.22"``); the command line resolves a
        name (``"Bojonegoro"``) to it first.

    Returns
    -------
    dict
        ``kode``, ``nama`` and ``levels``: for ``kecamatan`` and ``desa`` a
        dict with ``count`` (units with a polygon), ``gazetteer`` (units in
        the gazetteer), ``without_polygon`` (list of ``"kode nama"`` in the
        gazetteer without polygon), ``area_km2`` (total area), ``source``,
        ``geom_source`` (features per origin, e.g. ``{"dissolved_desa": 28}``)
        and, when no polygons exist, ``note``.

    Examples
    --------
    >>> info = boundary_info("35.22")
    >>> info["levels"]["kecamatan"]["count"], info["levels"]["desa"]["count"]
    (28, 430)
    """
    from ucjlib.geo.wilayah import children, region_of

    r = region_of(region, level="kabupaten")
    out: dict[str, Any] = {"kode": r.kode, "nama": r.nama, "levels": {}}
    for lvl in ("kecamatan", "desa"):
        gaz = children(r.kode, lvl)
        entry: dict[str, Any] = {"gazetteer": int(len(gaz))}
        try:
            gdf = load_boundaries(lvl, within=r.kode)
        except BoundaryError as exc:
            entry.update(count=0, without_polygon=[f"{k} {n}" for k, n in
                                                   zip(gaz["kode"], gaz["nama"], strict=True)],
                         area_km2=0.0, source=None, note=str(exc))
            out["levels"][lvl] = entry
            continue
        have = set(gdf["kode"])
        missing = gaz.loc[~gaz["kode"].isin(have)]
        extra = sorted(have - set(gaz["kode"]))
        entry.update(
            count=int(len(gdf)),
            without_polygon=[f"{k} {n}" for k, n in zip(missing["kode"], missing["nama"],
                                                         strict=True)],
            not_in_gazetteer=extra,
            area_km2=float(gdf["area_km2"].sum()),
            source=gdf.attrs.get("source"),
            geom_source={str(k): int(v) for k, v in
                         gdf["geom_source"].value_counts().sort_index().items()}
            if "geom_source" in gdf else {},
        )
        out["levels"][lvl] = entry
    return out


def format_info(info: dict[str, Any], lang: str = "id") -> list[str]:
    """Format :func:`boundary_info` output as text lines (Indonesian by default)."""
    from ucjlib.fmt import fmt_int
    from ucjlib.text import catalogue, say

    def shape(k: str) -> str:  # how a polygon was made (a code the catalogue lacks as is)
        code = f"geo.info.shape.{k}"
        return say(code, lang) if code in catalogue() else k

    lines = [f"{info['kode']} {info['nama']}"]
    for lvl, e in info["levels"].items():
        count = f"{fmt_int(e['count'], lang):>6}"
        lines.append(f"  {lvl:<10} " + say("geo.info.level", lang, count=count,
                                            gazetteer=e["gazetteer"], area=e["area_km2"]))
        if e["without_polygon"]:
            shown = ", ".join(e["without_polygon"][:8])
            more = len(e["without_polygon"]) - 8
            lines.append("    " + (say("geo.info.without_polygon_more", lang, codes=shown,
                                       more=more) if more > 0 else
                                   say("geo.info.without_polygon", lang, codes=shown)))
        origin = e.get("geom_source") or {}
        if origin:
            lines.append("    " + say("geo.info.shapes", lang, shapes=", ".join(
                f"{fmt_int(n, lang)} {shape(k)}" for k, n in origin.items())))
        if e.get("note"):
            lines.append(f"    {e['note']}")
        if e.get("source"):
            lines.append("    " + say("geo.info.source", lang, source=e["source"]))
    return lines

