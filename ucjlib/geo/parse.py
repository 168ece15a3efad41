"""Parse the upstream boundary SQL into shapely geometries; repair them; measure areas.

Every upstream row looks like ``('35.22.01','Ngraho',<lat>,<lng>,'<path>')``
(sometimes with a space after a comma); ``<path>`` is JSON of **[lat, lng]**
pairs, depth 3 for one polygon (outer ring, then holes) and depth 4 for
several. Coordinates are swapped to (lon, lat), invalid polygons repaired
with ``shapely.make_valid`` (method ``structure``, so overlapping parts are
unioned, not cut out) keeping only the polygonal parts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

AREA_CRS = "EPSG:6933"

_NUM = r"(NULL|[-+0-9.eE]+)"
_ROW_RE = re.compile(
    r"\(\s*'(\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)'\s*,\s*'((?:[^'\\]|\\.|'')*)'\s*,\s*"
    + _NUM + r"\s*,\s*" + _NUM + r"\s*,\s*(?:NULL|'([^']*)')\s*\)"
)


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
