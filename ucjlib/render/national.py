"""National choropleths: the 38 provinces and the 514 kabupaten/kota of Indonesia.

Same style as :mod:`ucjlib.render.maps` (title, subtitle, classes around the target with
the target as a break, "no data" hatched, source line, demo label), laid out for the
wide shape of Indonesia: the map spans the slide, the legend runs below it, and the
kabupaten/kota map lists the five highest and lowest regions beside the legend (514
names do not fit on a slide). Classes are built around the **national** target; each
region's own target is in the tables (``ucj coverage --nasional``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from matplotlib.figure import Figure

from ucjlib.fmt import fmt_pct, month_name
from ucjlib.national import NationalResult
from ucjlib.render import style
from ucjlib.render.mapdata import map_data
from ucjlib.text import say

__all__ = ["national_figures", "national_map", "national_map_data"]

SIMPLIFY_DEG = 0.01  # about 1 km: a tenth of a pixel or less on the slide (0.023 deg/px)


@lru_cache(maxsize=2)
def _national_boundaries(level: str) -> Any:
    """Load every polygon of ``level`` in Indonesia, simplified for a national slide."""
    from ucjlib.geo.boundaries import load_boundaries

    gdf = load_boundaries(level)
    out = gdf[["kode", "nama", "geometry"]].copy()
    out["geometry"] = out.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
    out.attrs = dict(gdf.attrs)
    return out


def national_map_data(result: NationalResult, level: str = "kabupaten",
                      gdf: Any = None) -> dict[str, Any]:
    """Compute what :func:`national_map` draws: units joined to polygons, classes, colours.

    Parameters
    ----------
    result : NationalResult
        From :func:`ucjlib.national.analyze_national`.
    level : {"kabupaten", "provinsi"}
    gdf : geopandas.GeoDataFrame, optional
        Polygons with ``kode`` and ``geometry``; default every polygon of the level in
        the boundary store (simplified to about 1 km).

    Returns
    -------
    dict
        ``data`` (joined GeoDataFrame with ``kelas`` and ``kategori``), ``missing`` (names
        without a polygon), ``breaks``, ``colors``, ``target`` (national), ``no_data``
        (codes), ``above`` (units at or above the national target), ``n`` (units with
        coverage) and ``boundaries_source``.
    """
    from ucjlib.errors import ArgumentError

    if level not in ("kabupaten", "provinsi"):
        raise ArgumentError("level", level, "kabupaten atau provinsi")
    table = result.kabupaten if level == "kabupaten" else result.provinces
    if gdf is None:
        gdf = _national_boundaries(level)
    target = result.target.value
    cols = ["kode", "nama", "cakupan", "status"]
    data, missing = map_data(table[cols], gdf, target)
    breaks = style.coverage_cmap(target)[2]
    has = data["kelas"].notna()
    return {"data": data, "missing": missing, "breaks": breaks,
            "colors": style.class_colors(breaks, target), "target": target,
            "no_data": data.loc[~has, "kode"].tolist(),
            "above": int((table["cakupan"] >= target - 1e-12).sum()),
            "n": int(table["cakupan"].notna().sum()),
            "boundaries_source": getattr(gdf, "attrs", {}).get("source")}


def _extremes(result: NationalResult, level: str, n: int = 5) -> tuple[list[str], list[str]]:
    """Return lines for the ``n`` highest and lowest units (name, province, coverage)."""
    from ucjlib.render.maps import short_name

    table = result.kabupaten if level == "kabupaten" else result.provinces
    t = table.loc[table["cakupan"].notna()].sort_values(["cakupan", "kode"],
                                                        ascending=[False, True])

    def line(r: Any) -> str:
        where = f" ({_short(r.nama_provinsi)})" if level == "kabupaten" else ""
        return f"{fmt_pct(r.cakupan, lang=result.lang)}  {short_name(r.nama)}{where}"

    return ([line(r) for r in t.head(n).itertuples()],
            [line(r) for r in t.tail(n).iloc[::-1].itertuples()])


def _row_major(handles: list[Any], ncol: int) -> list[Any]:
    """Order legend handles so they read row by row (matplotlib fills column by column)."""
    nrow = -(-len(handles) // ncol)
    grid = [handles[r * ncol:(r + 1) * ncol] for r in range(nrow)]
    return [grid[r][c] for c in range(ncol) for r in range(nrow) if c < len(grid[r])]


@style.styled
def national_map(result: NationalResult, level: str = "kabupaten", gdf: Any = None,
                 outline: Any = None) -> Figure:
    """Choropleth of Indonesia by kabupaten/kota or province, at slide size.

    Parameters
    ----------
    result : NationalResult
    level : {"kabupaten", "provinsi"}
    gdf : geopandas.GeoDataFrame, optional
        Polygons of the level (default: the boundary store, simplified).
    outline : geopandas.GeoDataFrame, optional
        Polygons drawn as outlines over the fills (default for the kabupaten/kota map:
        the provinces; none for the province map).

    Returns
    -------
    matplotlib.figure.Figure
        The province map names the provinces (small ones with a leader line; names that
        do not fit are listed in the footnote); both list the five highest and lowest
        units below the map. ``fig.ucj_map`` is :func:`national_map_data`'s dict.
    """
    from matplotlib.patches import Patch

    from ucjlib.render.maps import classed_axes, place_labels

    lang = result.lang
    d = national_map_data(result, level, gdf)
    data, breaks, colors, target = d["data"], d["breaks"], d["colors"], d["target"]
    fig = style.blank_figure()
    lw = 0.25 if level == "kabupaten" else 0.5
    # not a policy number: the map's place on the slide (the full width)
    ax = classed_axes(fig, (0.005, 0.235, 0.99, 0.64), data, colors, lw)
    nodata = data.loc[data["kelas"].isna()]
    if len(nodata):
        nodata.plot(ax=ax, facecolor=style.NO_DATA_COLOR, edgecolor="#8c8c8c",
                    hatch=style.NO_DATA_HATCH, linewidth=lw)
    if outline is None and level == "kabupaten":
        outline = _national_boundaries("provinsi")
    if outline is not None and len(outline):
        # not a policy number: line width of the province outlines, in points
        outline.boundary.plot(ax=ax, color="#3a3a3a", linewidth=0.6)
    minx, miny, maxx, maxy = (float(x) for x in data.total_bounds)
    padx, pady = (maxx - minx) * 0.005, (maxy - miny) * 0.01
    ax.set_xlim(minx - padx, maxx + padx)
    ax.set_ylim(miny - pady, maxy + pady)
    skipped: list[str] = []
    if level == "provinsi":
        skipped = place_labels(fig, ax, data, [_short(n) for n in data["nama"]], 7.5,
                               halo=2.0)[1]

    # legend below the map, one row: classes low to high, then no data
    labels = style.class_labels(breaks, lang)
    handles = []
    for i, lbl in enumerate(labels):  # row 1 below the target, row 2 at or above it
        handles.append(Patch(facecolor=colors[i], edgecolor="#999999", label=lbl))
    handles.append(Patch(facecolor=style.NO_DATA_COLOR, edgecolor="#8c8c8c",
                         hatch=style.NO_DATA_HATCH, label=say("status.no_data", lang)))
    n_below = sum(1 for b in breaks[1:] if b <= target + 1e-9)  # row 1: below the target
    ncol = max(n_below, len(handles) - n_below)
    handles = handles[:n_below] + [None] * (ncol - n_below) + handles[n_below:]
    handles = [h if h is not None else Patch(visible=False, label=" ") for h in handles]
    fig.legend(handles=_row_major(handles, ncol),
               title=say("national.map.legend", lang, target=target),
               loc="upper left", bbox_to_anchor=(0.01, 0.228), ncol=ncol, frameon=False,
               alignment="left", handlelength=2.0, handleheight=1.1, columnspacing=1.0,
               labelspacing=0.35, fontsize=9.5, title_fontsize=10)
    top, bottom = _extremes(result, level)
    for x, head, lines in ((0.575, "national.map.top", top),
                           (0.785, "national.map.bottom", bottom)):
        fig.text(x, 0.225, say(head, lang), ha="left", va="top", fontsize=9.5,
                 fontweight="bold", color=style.TEXT_COLOR)
        fig.text(x, 0.198, "\n".join(lines), ha="left", va="top", fontsize=8.5,
                 color=style.TEXT_COLOR, linespacing=1.3)

    units = say(f"national.map.units.{level}", lang)
    fig.text(0.01, 0.965, say("national.map.title", lang,
                              unit=say(f"national.map.unit.{level}", lang)), fontsize=20,
             fontweight="bold", ha="left", va="top")
    sub = say("national.map.subtitle", lang, month=month_name(result.periode, lang=lang),
              above=d["above"], n=d["n"], units=units, target=target)
    fig.text(0.01, 0.905, sub, fontsize=13, ha="left", va="top", color=style.MUTED)
    extra = [say("national.map.classes", lang, target=target)]
    if d["boundaries_source"]:
        extra.append(say("nb.boundaries", lang, source=d["boundaries_source"]) + ".")
    if d["missing"]:
        shown = ", ".join(d["missing"][:8]) + (" …" if len(d["missing"]) > 8 else "")
        extra.append(say("maps.no_polygon", lang, n=len(d["missing"]), names=shown))
    if skipped:
        extra.append(say("maps.not_labelled", lang, names=", ".join(skipped)))
    extra.append(style.target_note(result))
    style.add_footer(fig, result.source, result.periode, result.demo, lang, extra)
    fig.ucj_map = d  # type: ignore[attr-defined]  # what was drawn, for reports and tests
    return fig


def _short(nama: str) -> str:
    """Shorten long province names for the map (the tables keep the full names)."""
    return {"Daerah Khusus Ibukota Jakarta": "DKI Jakarta",
            "Daerah Istimewa Yogyakarta": "DI Yogyakarta",
            "Kepulauan Bangka Belitung": "Kep. Bangka Belitung"}.get(nama, nama)


def national_figures(result: NationalResult) -> dict[str, Figure]:
    """Draw both national maps: file stem -> figure (``peta-nasional-kabupaten``, ``-provinsi``).

    A result made for a few provinces (``analyze_national(provinces=...)``) is drawn
    with their polygons only.
    """
    figs = {}
    for level in ("kabupaten", "provinsi"):
        gdf = _national_boundaries(level)
        codes = set(result.provinces["kode"])
        gdf = gdf.loc[gdf["kode"].str.slice(0, 2).isin(codes)]
        outline = None
        if level == "kabupaten":
            prov = _national_boundaries("provinsi")
            outline = prov.loc[prov["kode"].isin(codes)]
        figs[f"peta-nasional-{level}"] = national_map(result, level, gdf, outline=outline)
    return figs

