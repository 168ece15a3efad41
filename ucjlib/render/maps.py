"""Coverage maps: static choropleths for slides and interactive HTML maps.

Colours are classed around the coverage target (see :mod:`ucjlib.render.style`):
the target is always a class break, units with no data are hatched light
grey and called "tidak ada data" in the legend (never 0%), and units that
have no polygon are listed in the footnote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from ucjlib.coverage import STATUS_NO_DATA, STATUS_ZERO
from ucjlib.fmt import month_name
from ucjlib.render import style
from ucjlib.render.mapdata import kecamatan_outlines, map_data
from ucjlib.render.placement import place_map_labels
from ucjlib.results import CoverageResult
from ucjlib.text import say, say_or


def _short_name(nama: str) -> str:
    return nama[len("Kabupaten "):] if nama.startswith("Kabupaten ") else nama


def classed_axes(fig: Figure, rect: tuple[float, float, float, float], data: Any,
                 colors: list[str], linewidth: float) -> Any:
    """Add a map axes at ``rect`` and fill the units that have a class (``kelas``) in it.

    The one choropleth fill of the kabupaten/kecamatan/desa maps and the national maps;
    units without a class are left to the caller (no data, zero workers, hidden).
    """
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    ax.set_aspect("equal")
    has = data["kelas"].notna()
    if has.any():
        data.loc[has].plot(ax=ax, color=[colors[int(k)] for k in data.loc[has, "kelas"]],
                           edgecolor=style.EDGE_COLOR, linewidth=linewidth)
    return ax


def coverage_map_data(result: CoverageResult, gdf: Any = None) -> dict[str, Any]:
    """Compute what :func:`coverage_map` draws: the joined units, their classes and colours.

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage`.
    gdf : geopandas.GeoDataFrame, optional
        Boundaries with ``kode`` and ``geometry``; default
        :func:`ucjlib.geo.boundaries.load_boundaries` at the table's level within
        its area.

    Returns
    -------
    dict
        ``data`` (the joined GeoDataFrame with ``kelas`` and ``kategori``; units hidden
        as small cells have the hidden label as ``kategori``), ``missing`` (names of units
        without polygon), ``breaks``, ``colors`` (one per class), ``target``, ``level``,
        ``no_data``, ``zero`` and ``hidden`` (codes drawn hatched as no data, as zero
        workforce and as hidden small cells), ``hidden_label`` (None without suppression)
        and ``boundaries_source`` (the boundaries' ``attrs["source"]``, or None).

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> d = coverage_map_data(analyze_coverage(demo_dataset("35.22")))
    >>> len(d["data"]), d["missing"], d["target"]
    (28, [], 0.6)
    """
    table, level, kode, target = (result.table, result.level, result.region.kode,
                                  result.target.value)
    if gdf is None:
        gdf = _load(level, kode)
    data, missing = map_data(table, gdf, target)
    breaks = style.coverage_cmap(target)[2]
    colors = style.class_colors(breaks, target)
    has = data["kelas"].notna()
    no_data = data.loc[~has & (data["kategori"] == STATUS_NO_DATA), "kode"].tolist()
    zero = data.loc[~has & (data["kategori"] == STATUS_ZERO), "kode"].tolist()
    sup = getattr(result, "suppressed", None)  # ucjlib.smallcells: hidden desa, own class
    hidden_mask = data["kode"].isin(sup.hidden) if sup is not None else data["kode"].isna()
    hidden = data.loc[hidden_mask, "kode"].tolist()
    if hidden:
        data.loc[hidden_mask, "kategori"] = sup.label
    return {"data": data, "missing": missing, "breaks": breaks, "colors": colors,
            "target": target, "level": level, "no_data": no_data, "zero": zero,
            "hidden": hidden, "hidden_label": sup.label if sup is not None else None,
            "boundaries_source": getattr(gdf, "attrs", {}).get("source")}


@style.styled
def coverage_map(
    result: CoverageResult,
    gdf: Any = None,
    *,
    title: str | None = None,
    labels: bool | None = None,
    outline: Any = None,
) -> Figure:
    """Choropleth of coverage, classed around the target, at slide size.

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage`: its table at its level, target,
        period, source, language and demo flag are drawn.
    gdf : geopandas.GeoDataFrame, optional
        Boundaries with ``kode`` and ``geometry``; default
        :func:`ucjlib.geo.boundaries.load_boundaries` at the table's level within
        its area.
    title : str, optional
        Default ``"Cakupan Universal Coverage Jamsostek per kecamatan"``.
    labels : bool, optional
        Write unit names on the map; default on for kabupaten and kecamatan
        maps, off for desa maps (which show kecamatan outlines and names
        instead).
    outline : geopandas.GeoDataFrame, optional
        Polygons drawn as thick outlines and labelled (default for desa
        maps: the desa dissolved into kecamatan).

    Returns
    -------
    matplotlib.figure.Figure
        The map of :func:`coverage_map_data` (the units, classes and colours drawn).
        The unit names placed on the map are the texts of its first axes; names that
        did not fit are listed in the footnote.

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> fig = coverage_map(analyze_coverage(demo_dataset("35.22")))
    >>> len(fig.axes[0].texts)  # every kecamatan named
    28
    """
    from matplotlib.patches import Patch

    lang, level = result.lang, result.level
    target, periode = result.target.value, result.periode
    demo = result.demo
    if gdf is None:
        from ucjlib.geo.boundaries import NoDesaPolygons

        try:
            gdf = _load(level, result.region.kode)
        except NoDesaPolygons as exc:  # the desa table stands; a note in the map's place
            return no_polygons_figure(result, exc.text(lang))
    d = coverage_map_data(result, gdf)
    data, missing, breaks, colors = d["data"], d["missing"], d["breaks"], d["colors"]
    class_lbl = style.class_labels(breaks, lang)

    fig = style.blank_figure()
    lw = 0.25 if level == "desa" else 0.8
    ax = classed_axes(fig, (0.01, 0.085, 0.70, 0.76), data, colors, lw)
    nodata = data.loc[data["kode"].isin(d["no_data"])]
    zero = data.loc[data["kode"].isin(d["zero"])]
    if len(nodata):
        nodata.plot(ax=ax, facecolor=style.NO_DATA_COLOR, edgecolor="#8c8c8c",
                    hatch=style.NO_DATA_HATCH, linewidth=lw)
    if len(zero):
        zero.plot(ax=ax, facecolor="white", edgecolor="#8c8c8c", hatch="..", linewidth=lw)
    hidden = data.loc[data["kode"].isin(d["hidden"])]
    if len(hidden):
        hidden.plot(ax=ax, facecolor=style.HIDDEN_FACE, edgecolor=style.HIDDEN_EDGE,
                    hatch=style.HIDDEN_HATCH, linewidth=lw)

    if labels is None:
        labels = level != "desa"
    if outline is None and level == "desa" and len(data):
        outline = kecamatan_outlines(data)  # from the desa themselves: lines and fills agree
    if outline is not None and len(outline):
        outline.boundary.plot(ax=ax, color="#333333", linewidth=1.1)
    placed: list[str] = []
    skipped: list[str] = []
    # fix the extent before measuring label boxes
    clipped = False
    if len(data):
        minx, miny, maxx, maxy = _core_bounds(data)
        clipped = bool(np.any(np.abs(np.asarray(data.total_bounds) - np.array(
            [minx, miny, maxx, maxy])) > 1e-9))
        padx, pady = (maxx - minx) * 0.02, (maxy - miny) * 0.02
        ax.set_xlim(minx - padx, maxx + padx)
        ax.set_ylim(miny - pady, maxy + pady)
    fs = 9.5 if len(data) <= 30 else 8
    if labels and len(data):
        names = [_short_name(n) for n in data["nama"]]
        placed, skipped = place_map_labels(fig, ax, data, names, fs)
    elif outline is not None and len(outline):
        placed, skipped = place_map_labels(fig, ax, outline.reset_index(drop=True),
                                           [_short_name(n) for n in outline["nama"]], 9)

    # legend
    handles = []
    for i, lbl in enumerate(class_lbl):
        if abs(breaks[i] - target) < 1e-9:
            lbl += say("maps.legend.reached", lang)
        handles.append(Patch(facecolor=colors[i], edgecolor="#999999", label=lbl))
    handles = handles[::-1]
    nd_label = say("status.no_data", lang)
    handles.append(Patch(facecolor=style.NO_DATA_COLOR, edgecolor="#8c8c8c",
                         hatch=style.NO_DATA_HATCH, label=nd_label))
    if len(zero):
        handles.append(Patch(facecolor="white", edgecolor="#8c8c8c", hatch="..",
                             label=say("status.zero", lang)))
    if len(hidden):
        handles.append(Patch(facecolor=style.HIDDEN_FACE, edgecolor=style.HIDDEN_EDGE,
                             hatch=style.HIDDEN_HATCH, label=d["hidden_label"]))
    leg_title = say("maps.legend.title", lang, target=target)
    fig.legend(handles=handles, title=leg_title, loc="upper left",
               bbox_to_anchor=(0.73, 0.84), frameon=False, alignment="left",
               handlelength=2.2, handleheight=1.4, labelspacing=0.5)

    # title, subtitle, footnote
    lvl_name = say_or(f"level.{level}", lang, level)
    fig.text(0.01, 0.965, title or say("maps.title", lang, level=lvl_name), fontsize=20,
             fontweight="bold", ha="left", va="top")
    nama_wilayah = result.region.nama
    sub = ", ".join(x for x in (nama_wilayah, month_name(periode, lang=lang) if periode
                                else None) if x)
    n_above = int((data["kelas"].astype(float) >= breaks.index(round(target, 6))).sum())
    n_has = int(data["kelas"].notna().sum())
    sub += say("maps.above", lang, above=n_above, n=n_has,
               units=say_or(f"charts.units.{level}", lang, level), target=target)
    fig.text(0.01, 0.905, sub, fontsize=13, ha="left", va="top", color=style.MUTED)
    extra = []
    src_b = d["boundaries_source"]
    if src_b:
        extra.append(say("nb.boundaries", lang, source=src_b) + ".")
    if missing:
        shown = ", ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
        extra.append(say("maps.no_polygon", lang, n=len(missing), names=shown))
    if skipped and level != "desa":
        extra.append(say("maps.not_labelled", lang, names=", ".join(skipped[:10])
                         + ("…" if len(skipped) > 10 else "")))
    if clipped:
        extra.append(say("maps.clipped", lang))
    style.add_footer(fig, result.source, periode, demo, lang, [*extra, style.target_note(result)])
    return fig


def _core_bounds(gdf: Any, min_share: float = 0.02) -> tuple[float, float, float, float]:
    """Map extent that keeps every unit's main part and any part >= ``min_share`` of the area.

    Far-off small islands (e.g. Bawean or Kangean on a Jawa Timur map) would
    otherwise shrink the map to a corner of the slide.
    """
    import warnings

    parts = gdf[["kode", "geometry"]].explode(index_parts=False).reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # relative areas only
        area = parts.geometry.area
    keep = area >= min_share * float(area.sum())
    main = area.groupby(parts["kode"]).idxmax()
    keep.loc[main.to_numpy()] = True
    b = parts.loc[keep].total_bounds
    return float(b[0]), float(b[1]), float(b[2]), float(b[3])


def no_polygons_figure(result: CoverageResult, note: str) -> Figure:
    """Draw a map's frame with ``note`` (why there are no polygons) in the map's place.

    The note is drawn as the figure's text (no attribute rides on the figure).
    """
    import textwrap

    lang, level = result.lang, result.level
    fig = style.blank_figure()
    lvl_name = say_or(f"level.{level}", lang, level)
    fig.text(0.01, 0.965, say("maps.title", lang, level=lvl_name), fontsize=20,
             fontweight="bold", ha="left", va="top")
    sub = ", ".join(x for x in (result.region.nama, month_name(result.periode, lang=lang)
                                if result.periode else None) if x)
    fig.text(0.01, 0.89, sub, fontsize=12, ha="left", va="top", color="#444444")
    fig.text(0.5, 0.5, textwrap.fill(note, 90), fontsize=13, ha="center", va="center",
             color="#333333", bbox={"boxstyle": "round,pad=0.8", "facecolor": "#f3f3f3",
                                    "edgecolor": "#999999"})
    style.add_footer(fig, result.source, result.periode, result.demo, lang, [])
    return fig


def _load(level: str, kode: str | None) -> Any:
    """Boundaries at ``level`` inside ``kode`` (or the unit itself when it is at ``level``)."""
    from ucjlib.geo.boundaries import load_boundaries
    from ucjlib.geo.wilayah import level_of, parent_code

    if kode and level_of(kode) == level:
        gdf = load_boundaries(level, within=parent_code(kode))
        return gdf.loc[gdf["kode"] == kode]
    return load_boundaries(level, within=kode)


class InteractiveMap:
    """An offline interactive map: shown in Jupyter as an isolated frame, saved as one page.

    In a notebook the frame comes with a still image of the map and a one-line hint, plain
    HTML that shows where scripts and frames are stripped (an executed notebook opened
    untrusted in JupyterLab); a line of script hides both wherever scripts run (a trusted
    notebook, report.html), where the frame itself is shown.

    Attributes
    ----------
    html : str
        The complete page (inline SVG, CSS and JavaScript; nothing from the network).
    title : str
    image : bytes, path, Figure or callable, optional
        The still map: PNG bytes, a PNG file, a figure, or a function returning one of
        these (called the first time the map is shown). None: the hint alone.
    hint : str
        The line shown with the still image.
    """

    def __init__(self, html: str, title: str, image: Any = None, hint: str = "") -> None:
        self.html = html
        self.title = title
        self.image = image
        self.hint = hint
        self._still: str | None = None

    def still_html(self) -> str:
        """Return the plain-HTML stand-in: the still map as a data URI and the hint."""
        import base64
        import html as _html

        from ucjlib.render.webmap import still_png

        if self._still is None:
            try:
                image = self.image() if callable(self.image) else self.image
            except Exception:  # noqa: BLE001 - a stand-in never stops the map being shown
                image = None
            img = ""
            if image is not None:
                data = base64.b64encode(still_png(image)).decode("ascii")
                img = (f'<img src="data:image/png;base64,{data}" alt="{_html.escape(self.title)}"'
                       ' style="max-width:100%;height:auto">')
            hint = (f'<p class="ucj-map-hint" style="color:#555;font-size:13px;margin:4px 0">'
                    f"{_html.escape(self.hint)}</p>" if self.hint else "")
            self._still = img + hint
        return self._still

    def _repr_html_(self) -> str:
        import html as _html
        import uuid

        frame = (f'<iframe title="{_html.escape(self.title)}" srcdoc="{_html.escape(self.html)}"'
                 ' style="width:100%;height:680px;border:1px solid #ddd"></iframe>')
        still = self.still_html()
        if not still:
            return frame
        uid = f"ucj-still-{uuid.uuid4().hex[:12]}"
        return (f'{frame}<div class="ucj-map-still" id="{uid}">{still}</div>'
                '<style>@media print{.ucj-map-hint{display:none}}</style>'
                # its own stand-in (the same output may be shown twice: ids repeat)
                "<script>(function(){var s=document.currentScript,"
                "e=s&&s.previousElementSibling;while(e&&e.className!==\"ucj-map-still\")"
                f'e=e.previousElementSibling;e=e||document.getElementById("{uid}");'
                "if(e)e.style.display=\"none\";})();</script>")

    def save(self, path: str | Path) -> Path:
        """Write the page atomically; :class:`~ucjlib.errors.OutputError` when it cannot."""
        from ucjlib.files import atomic_write_text

        return atomic_write_text(path, self.html)


def interactive_map(result: CoverageResult, gdf: Any = None,
                    path: str | Path | None = None, image: Any = None) -> InteractiveMap:
    """Interactive coverage map that works offline, optionally saved as one HTML file.

    Hover shows the name, coverage the Indonesian way (``42,29%``), workers,
    participants and the gap to the target; units are coloured with the static
    map's classes; demo data carries the visible demo label. No script, style,
    font or tile comes from the network (:mod:`ucjlib.render.webmap`), so the map
    works from the file alone and inside an exported notebook.

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage`.
    gdf : geopandas.GeoDataFrame, optional
        Boundaries; default loaded from the store.
    path : str or Path, optional
        Where to write the HTML file.
    image : bytes, path or Figure, optional
        The still map shown in a notebook until it is trusted (e.g. the figure of
        :func:`coverage_map` already drawn); default drawn with :func:`coverage_map`
        the first time the map is shown in a notebook.

    Returns
    -------
    InteractiveMap
        Displays itself in Jupyter; ``.html`` is the page.

    Examples
    --------
    >>> m = interactive_map(result, path="peta.html")  # doctest: +SKIP
    """
    from ucjlib.render.webmap import shown_path, untrusted_hint, webmap_html

    html = webmap_html(result, gdf)
    hint = untrusted_hint(result.lang, None if path is None else shown_path(path))
    m = InteractiveMap(html, say("maps.interactive", result.lang, name=result.region.nama),
                       image=image if image is not None else (lambda: coverage_map(result, gdf)),
                       hint=hint)
    if path is not None:
        m.save(path)
    return m


# Public names the national maps reuse (ucjlib.render.national).
place_labels = place_map_labels
short_name = _short_name
