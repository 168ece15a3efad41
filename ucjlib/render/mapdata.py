"""A coverage table joined to its polygons, classed around the target.

The one join both maps draw from: the static map (:mod:`ucjlib.render.maps`) and the
web map (:mod:`ucjlib.render.webmap`); and the kecamatan outlines both draw over desa.
"""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from ucjlib.render import style

__all__ = ["kecamatan_outlines", "map_data"]


def map_data(table: pd.DataFrame, gdf: Any, target: float) -> tuple[Any, list[str]]:
    """Join a coverage table to polygons by code; return it and the units without polygon.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`ucjlib.coverage.coverage_table` (without ``by``).
    gdf : geopandas.GeoDataFrame
        Boundaries with ``kode`` and ``geometry``.
    target : float
        The target (0-1) the classes are built around.

    Returns
    -------
    (geopandas.GeoDataFrame, list of str)
        Polygons with the table's columns plus ``kelas`` (class index, NaN
        for no data) and ``kategori`` (legend label); and the names of table
        units that have no polygon.
    """
    import geopandas as gpd

    if table["kode"].duplicated().any():
        raise ValueError("Tabel cakupan punya kode ganda; peta butuh satu baris per wilayah.")
    poly = gdf[["kode", "geometry"]].copy()
    poly = poly.loc[poly.geometry.notna() & ~poly.geometry.is_empty]
    poly = poly.dissolve(by="kode", as_index=False) if poly["kode"].duplicated().any() else poly
    merged = poly.merge(table, on="kode", how="inner", validate="one_to_one")
    merged = gpd.GeoDataFrame(merged, geometry="geometry", crs=gdf.crs)
    missing = table.loc[~table["kode"].isin(poly["kode"]), "nama"].tolist()
    breaks = style.class_breaks(target)
    labels = style.class_labels(breaks)
    kelas = style.classify([float(x) if pd.notna(x) else None for x in merged["cakupan"]],
                           target)
    merged["kelas"] = pd.array(kelas, dtype="Int64")
    status = merged["status"]  # language-neutral (ucjlib.coverage.status_text says it)
    # a unit without a class keeps its status as category (no data, zero workforce, or
    # hidden by small-cell protection: ucjlib.smallcells)
    merged["kategori"] = [labels[int(k)] if k is not None else s
                          for s, k in zip(status, kelas, strict=True)]
    return merged.sort_values("kode").reset_index(drop=True), missing


def kecamatan_outlines(desa: Any) -> Any:
    """Return kecamatan outlines dissolved from desa polygons: ``kode``, ``nama``, geometry.

    Made from the desa themselves, so lines and fills agree (upstream kecamatan polygons
    are simplified differently); closing by a ~90 m buffer removes slivers between
    simplified desa. ``nama`` is the gazetteer's name (the code where it has none).
    """
    from ucjlib.geo.gazetteer import gazetteer

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # degrees are fine for a closing
        grown = desa[["kode", "geometry"]].copy()
        grown["geometry"] = grown.geometry.buffer(0.0008, quad_segs=2)
        out = grown.assign(_k=grown["kode"].str[:8]).dissolve(by="_k", as_index=False)
        out["geometry"] = out.geometry.buffer(-0.0008, quad_segs=2)
    out["kode"] = out["_k"]
    g = gazetteer()
    g = g.loc[g["kode"].isin(set(out["kode"]))]
    names = dict(zip(g["kode"].tolist(), g["nama"].tolist(), strict=True))
    out["nama"] = [names.get(k, k) for k in out["kode"]]
    return out
