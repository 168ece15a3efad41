"""Any result table joined to its boundary polygons: a GeoDataFrame for your own maps.

:func:`to_geodataframe` takes a coverage result (its ``table``), a projection (its
``allocation``) or any table keyed by ``kode`` (e.g. :func:`ucjlib.compare`), finds the
polygons of the rows' level in the boundary store (:func:`ucjlib.geo.boundaries.
load_boundaries`, as the maps do) and returns the table with one geometry per row.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ucjlib.errors import ArgumentError, BoundaryError
from ucjlib.geo.wilayah import LEVELS, level_of, parent_code, region_of

__all__ = ["NoPolygonsError", "to_geodataframe"]


class NoPolygonsError(BoundaryError):
    """No boundary polygons for a result's level and region; the message says which and why.

    Attributes
    ----------
    level : str
    region : str
        Code of the area whose units were asked for (``""`` for Indonesia).
    reason : str
    """

    def __init__(self, level: str, region: str, reason: str) -> None:
        self.level, self.region, self.reason = level, region, reason
        where = region
        if region:
            try:
                where = f"{region_of(region).nama} ({region})"
            except Exception:  # noqa: BLE001 - an unknown code is named as it is
                where = region
        else:
            where = "Indonesia"
        super().__init__(f"Tidak ada poligon batas wilayah tingkat {level} untuk {where}: "
                         f"{reason}")


def _table_of(result: Any) -> tuple[pd.DataFrame, str, str]:
    """Return (table, level, area code) of a result or a table keyed by ``kode``."""
    if isinstance(result, pd.DataFrame):
        table = result
        if "kode" not in table.columns or table.empty:
            raise ArgumentError("result", "DataFrame", "tabel dengan kolom kode dan baris")
        depth = table["kode"].astype(str).str.count(r"\.").unique()
        if len(depth) != 1:
            raise ArgumentError("result", "DataFrame", "baris dari satu tingkat wilayah "
                                "(mis. hanya kabupaten/kota)")
        level = LEVELS[int(depth[0])]
        codes = table["kode"].astype(str)
        parents = {parent_code(k) for k in codes}
        return table, level, parents.pop() if len(parents) == 1 and None not in parents else ""
    allocation = getattr(result, "allocation", None)
    table = allocation if isinstance(allocation, pd.DataFrame) else getattr(result, "table", None)
    if not isinstance(table, pd.DataFrame) or "kode" not in table.columns:
        raise ArgumentError("result", type(result).__name__,
                            "CoverageResult, ProjectionResult atau tabel dengan kolom kode")
    return table, result.level, result.region.kode


def _polygons(level: str, area: str) -> Any:
    from ucjlib.geo.boundaries import load_boundaries

    if area and level_of(area) == level:  # a table of the region itself
        gdf = load_boundaries(level, within=parent_code(area))
        return gdf.loc[gdf["kode"] == area]
    return load_boundaries(level, within=area or None)


def to_geodataframe(result: Any, gdf: Any = None) -> Any:
    """Return a result's table joined to the polygons of its level, one geometry per row.

    Parameters
    ----------
    result : CoverageResult, ProjectionResult or pandas.DataFrame
        A coverage result (its ``table``), a projection (its ``allocation``), or a table
        with ``kode`` of one level (e.g. :func:`ucjlib.compare`).
    gdf : geopandas.GeoDataFrame, optional
        Polygons with ``kode`` and ``geometry``; default
        :func:`ucjlib.geo.boundaries.load_boundaries` at the table's level within its
        region (built from the upstream sources when missing).

    Returns
    -------
    geopandas.GeoDataFrame
        Every row and column of the table, in its order, plus ``geometry`` (EPSG:4326; a
        unit without a polygon gets an empty geometry). ``attrs["boundaries_source"]``
        names where the polygons came from.

    Raises
    ------
    NoPolygonsError
        (a :class:`~ucjlib.errors.BoundaryError`) when there are no polygons of the
        table's level for its region, or none of its codes has one; the message names the
        level, the region and why.

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> g = to_geodataframe(analyze_coverage(demo_dataset("35.22")))
    >>> len(g), g.geometry.notna().all(), g.crs.to_epsg()
    (28, np.True_, 4326)
    """
    import geopandas as gpd

    table, level, area = _table_of(result)
    if gdf is None:
        try:
            gdf = _polygons(level, area)
        except BoundaryError as exc:
            raise NoPolygonsError(level, area, getattr(exc, "reason", None) or str(exc)) from exc
    poly = gdf[["kode", "geometry"]].copy()
    poly["kode"] = poly["kode"].astype(str)
    poly = poly.loc[poly.geometry.notna() & ~poly.geometry.is_empty]
    if poly["kode"].duplicated().any():
        poly = poly.dissolve(by="kode", as_index=False)
    codes = table["kode"].astype(str)
    if not codes.isin(set(poly["kode"])).any():
        raise NoPolygonsError(level, area, "tidak satu pun kode tabel punya poligon "
                              f"({len(poly)} poligon tersedia)")
    geom = codes.map(poly.set_index("kode")["geometry"])
    out = gpd.GeoDataFrame(table.copy(), geometry=gpd.GeoSeries(geom.to_numpy(),
                                                                index=table.index,
                                                                crs=gdf.crs or "EPSG:4326"))
    out.attrs["boundaries_source"] = getattr(gdf, "attrs", {}).get("source")
    return out
