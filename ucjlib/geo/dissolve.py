"""Kecamatan, kabupaten and provinsi shapes dissolved from their desa.

Upstream draws each level separately, and simplifies each one on its own: the
kecamatan polygons are much coarser than the desa (Bojonegoro: 602 vertices
for 28 kecamatan against 46,430 for its 430 desa), so the levels do not line
up on a map. Where desa polygons exist, the store therefore builds a
kecamatan as the union of its desa, a kabupaten as the union of its
kecamatan and a provinsi as the union of its kabupaten.

A unit is dissolved only when it is *complete*: every desa of a kecamatan in
the gazetteer has a polygon, every kecamatan of a kabupaten is dissolved,
every kabupaten of a provinsi is dissolved. Anything else keeps the upstream
polygon, and the ``geom_source`` column of the store says which it is
(``dissolved_desa`` or ``upstream``).

Desa polygons, simplified one by one, leave thin gaps between neighbours;
inside a union these become sliver holes (Bojonegoro: 1,287 holes, median
200 m², at most 0.017 km², all narrower than 10 m). :func:`fill_slivers`
closes interior holes that are both narrow and small; real holes (a
reservoir no desa covers, a kota enclosed by its kabupaten) are wide and
stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

DISSOLVED = "dissolved_desa"
UPSTREAM = "upstream"
GEOM_SOURCES = (DISSOLVED, UPSTREAM)

#: Interior holes narrower than this (mean width ``2 * area / perimeter``) ...
SLIVER_WIDTH_M = 15.0
#: ... and smaller than this are gaps between desa, and are filled.
SLIVER_AREA_KM2 = 0.05

_M_PER_DEG = 111_320.0  # metres per degree (equator); widths are a threshold, not a measure


def _as_array(geoms: Sequence[Any]) -> np.ndarray:
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)
    return arr


def union_parts(geoms: Sequence[Any]) -> Any:
    """Union of polygons that overlap at most a little (neighbouring desa).

    Uses ``buffer(0)`` of the multipolygon of all parts, which is about
    twice as fast as ``shapely.union_all`` for this input, and falls back to
    ``union_all`` unless the result is valid, keeps an interior point of
    every part and has (within 1 %) the summed area of the parts.

    Examples
    --------
    >>> from shapely import box
    >>> round(union_parts([box(0, 0, 2, 1), box(1, 0, 3, 1)]).area, 6)
    3.0
    """
    import shapely

    arr = _as_array(geoms)
    arr = arr[~shapely.is_missing(arr) & ~shapely.is_empty(arr)]
    if len(arr) == 0:
        return None
    parts = shapely.get_parts(arr)
    if len(parts) == 1:
        return parts[0]
    out = shapely.buffer(shapely.multipolygons(parts), 0)
    total = float(shapely.area(parts).sum())
    ok = (out is not None and not out.is_empty and out.is_valid
          and abs(out.area - total) <= 0.01 * total)
    if ok:
        shapely.prepare(out)
        ok = bool(shapely.intersects(out, shapely.point_on_surface(parts)).all())
    if not ok:  # pragma: no cover - safety net, never seen on the pinned data
        out = shapely.union_all(parts)
    return out


def fill_slivers(
    geoms: Sequence[Any],
    max_width_m: float = SLIVER_WIDTH_M,
    max_area_km2: float = SLIVER_AREA_KM2,
) -> tuple[np.ndarray, int]:
    """Fill interior holes that are gaps between desa; return (geometries, holes filled).

    A hole is filled when its mean width (``2 * area / perimeter``) is below
    ``max_width_m`` **and** its area below ``max_area_km2`` (lon/lat degrees
    are converted with 111.32 km per degree, close enough near the equator
    for a threshold). Tiny parts (under 1 m²) left by the union are dropped.
    Results are valid; a single remaining part is returned as a Polygon.

    Examples
    --------
    >>> from shapely import Polygon
    >>> shell = [(0, 0), (0.1, 0), (0.1, 0.1), (0, 0.1)]
    >>> slit = [(0.02, 0.02), (0.08, 0.02), (0.08, 0.02005), (0.02, 0.02005)]  # 5 m wide
    >>> pond = [(0.05, 0.05), (0.06, 0.05), (0.06, 0.06), (0.05, 0.06)]  # 1.1 km wide
    >>> out, n = fill_slivers([Polygon(shell, [slit, pond])])
    >>> n, len(out[0].interiors)
    (1, 1)
    """
    import shapely

    arr = _as_array(geoms)
    present = ~shapely.is_missing(arr)
    present[present] = ~shapely.is_empty(arr[present])
    if not present.any():
        return arr, 0
    parts, idx = shapely.get_parts(arr[present], return_index=True)
    filled = 0
    has = np.flatnonzero(shapely.get_num_interior_rings(parts) > 0)
    if len(has):
        rings, ridx = shapely.get_rings(parts[has], return_index=True)
        shell = np.r_[True, ridx[1:] != ridx[:-1]]
        area = shapely.area(shapely.polygons(rings))
        perim = shapely.length(rings)
        width_m = np.divide(2 * area, perim, out=np.zeros_like(area), where=perim > 0) * _M_PER_DEG
        drop = ~shell & (width_m < max_width_m) & (area * _M_PER_DEG**2 / 1e6 < max_area_km2)
        filled = int(drop.sum())
        for j in np.unique(ridx[drop]):
            keep = rings[(ridx == j) & ~drop]
            parts[has[j]] = shapely.Polygon(keep[0], list(keep[1:]))
    n = int(present.sum())
    speck = shapely.area(parts) * _M_PER_DEG**2 < 1.0
    has_big = np.zeros(n, dtype=bool)
    has_big[idx[~speck]] = True
    keep = ~speck | ~has_big[idx]
    out = np.empty(n, dtype=object)
    out[:] = shapely.multipolygons(parts[keep], indices=idx[keep], out=out)
    single = shapely.get_num_geometries(out) == 1
    out[single] = shapely.get_geometry(out[single], 0)
    bad = ~shapely.is_valid(out)
    if bad.any():  # filling a hole can swallow an island that lay in it
        out[bad] = shapely.make_valid(out[bad], method="structure", keep_collapsed=False)
    result = arr.copy()
    result[present] = out
    return result, filled


def dissolve_by_parent(codes: Sequence[str], geoms: Sequence[Any]) -> tuple[list[str], np.ndarray]:
    """Union geometries per parent code (``35.22.01.2001`` -> ``35.22.01``), slivers filled.

    Returns the parent codes (sorted) and their dissolved geometries.

    Examples
    --------
    >>> from shapely import box
    >>> codes, geoms = dissolve_by_parent(["35.22.01.2001", "35.22.01.2002", "35.22.02.2001"],
    ...                                   [box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)])
    >>> codes, [g.area for g in geoms]
    (['35.22.01', '35.22.02'], [2.0, 1.0])
    """
    parents = np.array([str(c).rsplit(".", 1)[0] for c in codes], dtype=object)
    arr = _as_array(geoms)
    order = np.argsort(parents, kind="stable")
    parents, arr = parents[order], arr[order]
    keys, starts = np.unique(parents, return_index=True)
    bounds = list(starts[1:]) + [len(parents)]
    unions = _as_array([union_parts(arr[s:e]) for s, e in zip(starts, bounds, strict=True)])
    out, _ = fill_slivers(unions)
    return [str(k) for k in keys], out


def dissolve_desa_file(codes: Sequence[str], geoms: Sequence[Any]) -> dict[str, tuple[list, Any]]:
    """Dissolve the desa of one upstream ``kel`` file (one kabupaten) upwards.

    Returns ``{"kecamatan": (codes, geometries), "kabupaten": (codes, geometries)}``
    for every kecamatan with at least one desa polygon, and the kabupaten of
    the file. Whether a unit is complete is decided later, against the
    gazetteer (:func:`complete_units`).
    """
    import shapely

    arr = _as_array(geoms)
    ok = ~shapely.is_missing(arr)
    codes = [c for c, k in zip(codes, ok, strict=True) if k]
    if not codes:
        return {"kecamatan": ([], _as_array([])), "kabupaten": ([], _as_array([]))}
    kec_codes, kec_geoms = dissolve_by_parent(codes, arr[ok])
    kab_codes, kab_geoms = dissolve_by_parent(kec_codes, kec_geoms)
    return {"kecamatan": (kec_codes, kec_geoms), "kabupaten": (kab_codes, kab_geoms)}


def complete_units(gazetteer: Any, desa_with_polygon: set[str]) -> dict[str, set[str]]:
    """Units whose every desa has a polygon, level by level.

    Parameters
    ----------
    gazetteer : pandas.DataFrame
        ``kode``, ``level``, ``parent`` (see :func:`ucjlib.geo.wilayah.gazetteer`).
    desa_with_polygon : set of str
        Desa codes that have a polygon in the store.

    Returns
    -------
    dict
        ``{"kecamatan": {...}, "kabupaten": {...}, "provinsi": {...}}``: a
        kecamatan is complete when all its gazetteer desa have a polygon, a
        kabupaten when all its kecamatan are complete, a provinsi when all its
        kabupaten are.

    Examples
    --------
    >>> import pandas as pd
    >>> g = pd.DataFrame({"kode": ["35.22.01.2001", "35.22.01.2002", "35.22.02.2001"],
    ...                   "level": "desa", "parent": ["35.22.01", "35.22.01", "35.22.02"]})
    >>> sorted(complete_units(g, {"35.22.01.2001", "35.22.01.2002"})["kecamatan"])
    ['35.22.01']
    """
    out: dict[str, set[str]] = {}
    child = gazetteer.loc[gazetteer["level"] == "desa", ["kode", "parent"]]
    have = child["kode"].isin(desa_with_polygon)
    for level, up in (("kecamatan", "kabupaten"), ("kabupaten", "provinsi"),
                      ("provinsi", None)):
        per_parent = have.groupby(child["parent"].to_numpy()).all()
        out[level] = set(per_parent.index[per_parent.to_numpy()])
        if up is None:
            break
        child = gazetteer.loc[gazetteer["level"] == level, ["kode", "parent"]]
        have = child["kode"].isin(out[level])
    return out
