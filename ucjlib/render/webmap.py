"""Interactive coverage map as one HTML file that works offline, from the file alone.

The map is inline SVG drawn from the boundary polygons, with a few lines of inline
JavaScript for hover details, zoom and pan, and a sortable table of every unit. Nothing
is loaded from the network: no script, style, font, image or map tile (a web map
library would pull Leaflet and its plugins from CDNs, and base tiles add nothing a
coverage choropleth needs). Without JavaScript the map still shows, each unit keeps
a native tooltip, and the table lists every unit.

Colours are the classes of the static maps (:mod:`ucjlib.render.style`): oranges
below the target, purples at or above it, the target always a class break, units
with no data hatched grey ("tidak ada data", never 0%), zero coverage dotted white,
desa whose small counts are hidden (:mod:`ucjlib.smallcells`) cross-hatched blue-grey
with "<10" in place of their count.
Demo data carries the visible "data demo (sintetis)" label.
"""

from __future__ import annotations

import html
import json
import math
import os
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from ucjlib.coverage import STATUS_NO_DATA, STATUS_ZERO, status_text
from ucjlib.files import atomic_write_text
from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_pp, month_name
from ucjlib.render import style
from ucjlib.render.mapdata import kecamatan_outlines, map_data
from ucjlib.text import render_notes, say

__all__ = ["STILL_WIDTH", "shown_path", "still_png", "untrusted_hint", "webmap_html",
           "write_webmap"]

_WIDTH = 1000.0  # SVG user units across the map
_SHOWN_HEIGHT = 760.0  # about 78% of a laptop screen: the map's height is capped there


def _esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _na(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


class _Projector:
    """Longitude/latitude to SVG units: equirectangular, scaled by cos(latitude)."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        minx, miny, maxx, maxy = bounds
        self.kx = math.cos(math.radians((miny + maxy) / 2))
        span = max((maxx - minx) * self.kx, 1e-9)
        self.scale = _WIDTH / span
        self.minx, self.maxy = minx, maxy
        self.height = (maxy - miny) * self.scale

    def xy(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.minx) * self.kx * self.scale, (self.maxy - y) * self.scale


def _ring(coords: Any, pr: _Projector) -> str:
    pts = []
    last = None
    for x, y in coords:
        px, py = pr.xy(x, y)
        s = f"{px:.1f},{py:.1f}"
        if s != last:
            pts.append(s)
            last = s
    return "M" + " ".join(pts) + "Z" if len(pts) > 2 else ""


def _path(geom: Any, pr: _Projector) -> str:
    polys = getattr(geom, "geoms", [geom])
    parts = []
    for p in polys:
        if p.is_empty or not hasattr(p, "exterior"):
            continue
        parts.append(_ring(p.exterior.coords, pr))
        parts += [_ring(r.coords, pr) for r in p.interiors]
    return "".join(parts)


def _labels(gdf: Any, names: list[str], pr: _Projector, size: float) -> list[tuple]:
    """Names at representative points, largest units first, skipping overlaps."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        area = gdf.geometry.area.to_numpy()
        pts = gdf.geometry.representative_point()
    placed: list[tuple[float, float, float, float]] = []
    out = []
    for i in sorted(range(len(names)), key=lambda k: -area[k]):
        x, y = pr.xy(pts.iloc[i].x, pts.iloc[i].y)
        w, h = 0.56 * size * len(names[i]), size * 1.15
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        if any(not (box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3])
               for b in placed):
            continue
        placed.append(box)
        out.append((x, y, names[i]))
    return out


def _short(nama: str) -> str:
    return nama.removeprefix("Kabupaten ")


def webmap_html(result: Any, gdf: Any = None) -> str:
    """Return the offline interactive map of a coverage result as one HTML document.

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage` at kecamatan or desa level.
    gdf : geopandas.GeoDataFrame, optional
        Boundaries with ``kode`` and ``geometry``; default
        :func:`ucjlib.geo.boundaries.load_boundaries` at the result's level.

    Returns
    -------
    str
        A complete HTML page: inline SVG, CSS and JavaScript only.
    """
    lang, level, target = result.lang, result.level, result.target.value
    if gdf is None:
        from ucjlib.geo.boundaries import load_boundaries

        gdf = load_boundaries(level, within=result.region.kode)
    src_b = getattr(gdf, "attrs", {}).get("source")
    sup = getattr(result, "suppressed", None)
    hidden = sup.hidden if sup is not None else frozenset()
    table = result.table
    if hidden:  # small cells (ucjlib.smallcells): their own class, not "no data", not 0%
        table = table.assign(status=table["status"].where(
            ~table["kode"].astype(str).isin(hidden), STATUS_NO_DATA))
    data, missing = map_data(table, gdf, target)
    if hidden:
        is_h = data["kode"].astype(str).isin(hidden)
        data["status"] = data["kode"].map(result.table.set_index("kode")["status"])
        data.loc[is_h, "kategori"] = sup.label
    breaks = style.class_breaks(target)
    colors = style.class_colors(breaks, target)
    class_lbl = style.class_labels(breaks, lang)
    nodata_word = say("status.no_data", lang)
    zero_word = say("status.zero", lang)
    lvl = say("level." + level, lang) if level in ("kecamatan", "desa", "kabupaten") else level
    bulan = month_name(result.periode, lang=lang)
    nama = result.region.nama
    label = style.demo_text(result.demo, lang)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        bounds = tuple(float(v) for v in data.total_bounds) if len(data) else (0, 0, 1, 1)
        tol = (bounds[2] - bounds[0]) / 6000
        geoms = data.geometry.simplify(tol, preserve_topology=True)
    pr = _Projector(bounds)
    kec_names: dict[str, str] = {}
    outline = None
    if level == "desa" and len(data):
        outline = kecamatan_outlines(data)
        kec_names = dict(zip(outline["kode"], outline["nama"], strict=True))

    units, paths = [], []
    for i, row in enumerate(data.drop(columns="geometry").to_dict(orient="records")):
        status = str(status_text(row["status"], lang))
        if pd.notna(row["kelas"]):
            fill = colors[int(row["kelas"])]
        elif str(row["kode"]) in hidden:
            fill = "url(#ucj-hidden)"
        elif row["kategori"] == STATUS_ZERO:
            fill = "url(#ucj-zero)"
        else:
            fill = "url(#ucj-nodata)"
        cov = fmt_pct(row["cakupan"], 2, lang) if not _na(row["cakupan"]) else status
        gap = row.get("gap_target")
        gap_pp = row.get("gap_target_pp")
        rec = {
            "nama": str(row["nama"]), "kode": str(row["kode"]),
            "kec": kec_names.get(str(row["kode"])[:8], ""), "cakupan": cov,
            "pekerja": fmt_int(None if _na(row["pekerja"]) else row["pekerja"], lang),
            "peserta": (sup.count_text(str(row["kode"])) if str(row["kode"]) in hidden else
                        fmt_int(None if _na(row["peserta_aktif"]) else row["peserta_aktif"],
                                lang)),
            "gap": ("–" if _na(gap) else fmt_int(gap, lang)
                    + ("" if _na(gap_pp) or not gap else
                       f" {say('webmap.participants', lang)} ({fmt_number(gap_pp, 2, lang)}"
                       f" {say('webmap.pp', lang)})")),
            "status": status,
            "ubah": fmt_pp(None if _na(row["perubahan_3bln"]) else row["perubahan_3bln"], 2,
                           lang),
            "rank": "" if _na(row["peringkat"]) else str(int(row["peringkat"])),
            "v": None if _na(row["cakupan"]) else round(float(row["cakupan"]), 6),
            "fill": fill,
        }
        units.append(rec)
        tip = f"{rec['nama']}: {cov}"
        paths.append(f'<path d="{_path(geoms.iloc[i], pr)}" fill="{fill}" data-i="{i}">'
                     f"<title>{_esc(tip)}</title></path>")

    texts = []
    # label size in SVG units for ~12-13 px on screen: a tall map is drawn smaller
    # (its height is capped at about 760 px), so its labels need more units
    fs = (13.0 if level == "desa" else 12.0) / min(1.0, _SHOWN_HEIGHT / max(pr.height, 1.0))
    if level == "desa" and outline is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            ol = outline.geometry.simplify(tol, preserve_topology=True)
        outline_svg = "".join(f'<path d="{_path(g, pr)}"/>' for g in ol)
        for x, y, n in _labels(outline, [_short(n) for n in outline["nama"]], pr, fs):
            texts.append(f'<text x="{x:.1f}" y="{y:.1f}">{_esc(n)}</text>')
    else:
        outline_svg = ""
        for x, y, n in _labels(data, [_short(n) for n in data["nama"]], pr, fs):
            texts.append(f'<text x="{x:.1f}" y="{y:.1f}">{_esc(n)}</text>')

    has = data["kelas"].notna()
    n_above = int((data["kelas"].astype(float) >= breaks.index(round(target, 6))).sum())
    title = say("webmap.ucj_coverage_by", lang, lvl=lvl, nama=nama, bulan=bulan)
    sub = say("webmap.subtitle", lang, n_above=n_above, n=int(has.sum()), lvl=lvl,
              target=target, nama=nama, cakupan=result.total.get("cakupan"))
    legend = []
    for i, lbl in enumerate(class_lbl):
        if abs(breaks[i] - target) < 1e-9:
            lbl += say("webmap.target_reached", lang)
        legend.append((f'<span class="sw" style="background:{colors[i]}"></span>', lbl))
    legend = legend[::-1]
    legend.append(('<svg class="sw" viewBox="0 0 16 12"><rect width="16" height="12" '
                   'fill="url(#ucj-nodata)"/></svg>', nodata_word))
    if hidden and len(data) and data["kode"].astype(str).isin(hidden).any():
        legend.append(('<svg class="sw" viewBox="0 0 16 12"><rect width="16" height="12" '
                       'fill="url(#ucj-hidden)"/></svg>', sup.label))
    if (data["kategori"] == STATUS_ZERO).any():
        legend.append(('<svg class="sw" viewBox="0 0 16 12"><rect width="16" height="12" '
                       'fill="url(#ucj-zero)"/></svg>', zero_word))
    legend_html = "".join(f"<li>{sw}<span>{_esc(t)}</span></li>" for sw, t in legend)

    notes = [style.footnote_text(result.source, result.periode, lang), style.target_note(result)]
    if src_b:
        notes.append(say("webmap.boundaries", lang) + str(src_b) + ".")
    if missing:
        notes.append(say("webmap.no_polygon", lang, n_missing=len(missing))
                     + ", ".join(missing) + ".")
    notes += [n for n in render_notes(result.notes, lang) if n]
    notes_html = "".join(f"<p>{_esc(n)}</p>" for n in notes if n)

    heads = [("nama", say("webmap.name", lang))]
    if level == "desa":
        heads.append(("kec", say("webmap.kec", lang)))
    heads += [("cakupan", say("webmap.coverage", lang)),
              ("pekerja", say("webmap.employed", lang)),
              ("peserta", say("webmap.active_participants", lang)),
              ("gap", say("webmap.needed_for_target", lang)),
              ("status", "Status")]
    # ranked units first, then hidden small cells, then units without data
    order = sorted(range(len(units)), key=lambda k: (units[k]["v"] is None,
                                                     units[k]["kode"] not in hidden,
                                                     -(units[k]["v"] or 0), units[k]["nama"]))
    rows = []
    for k in order:
        u = units[k]
        cells = "".join(
            f'<td class="{"num" if key in ("cakupan", "pekerja", "peserta", "gap") else ""}">'
            f"{_esc(u[key])}</td>" for key, _ in heads)
        rows.append(f'<tr data-i="{k}">{cells}</tr>')
    table_head = "".join(f'<th data-k="{key}">{_esc(h)}</th>' for key, h in heads)

    labels_js = {"cakupan": say("webmap.ucj_coverage", lang),
                 "pekerja": say("webmap.employed_persons", lang),
                 "peserta": say("webmap.active_participants", lang),
                 "gap": say("webmap.participants_needed_for_target", lang),
                 "status": "Status", "ubah": say("webmap.3_month_change", lang),
                 "rank": say("webmap.rank", lang), "kec": say("webmap.kec", lang),
                 "kode": say("webmap.code", lang)}
    payload = json.dumps({"units": units, "labels": labels_js}, ensure_ascii=False)
    payload = payload.replace("</", "<\\/")
    h = pr.height
    demo_badge = f'<span class="demo">{_esc(label.upper())}</span>' if label else ""
    demo_side = f'<p class="demo2">{_esc(label)}</p>' if label else ""
    from ucjlib import __version__

    return _TEMPLATE.format(
        lang=lang, title=_esc(title), sub=_esc(sub), demo=demo_badge, demo2=demo_side,
        w=f"{_WIDTH:.0f}", h=f"{h:.0f}", paths="".join(paths), outline=outline_svg,
        texts="".join(texts), legend=legend_html,
        legend_title=_esc(say("webmap.ucj_coverage_of_employed", lang)),
        target=_esc(say("webmap.target", lang, target=target)),
        hint=_esc(say("webmap.hover_over_an_area", lang)),
        reset=_esc(say("webmap.reset_view", lang)),
        table_title=_esc(say("webmap.all_units_by_coverage", lang, lvl=lvl, n_units=len(units))),
        thead=table_head, rows="".join(rows), notes=notes_html,
        tfill=style.TARGET_COLOR, demo_color=style.DEMO_COLOR, nodata=style.NO_DATA_COLOR,
        version=_esc(__version__), data=payload, stroke="0.4" if level == "desa" else "0.9",
        fs=f"{fs:.1f}", halo=f"{fs / 4:.1f}")


def write_webmap(result: Any, path: str | os.PathLike, gdf: Any = None) -> Path:
    """Write the offline interactive map of ``result`` to ``path`` (atomically).

    Parameters
    ----------
    result : CoverageResult
    path : str or path-like
        Destination ``.html``.
    gdf : geopandas.GeoDataFrame, optional
        Boundaries (default from the store).

    Returns
    -------
    pathlib.Path
        The web map written.

    Raises
    ------
    OutputError
        When the file cannot be written.

    Examples
    --------
    >>> write_webmap(result, "reports/peta-kecamatan.html")  # doctest: +SKIP
    """
    return atomic_write_text(path, webmap_html(result, gdf))


#: Width in pixels of the still map a notebook shows until it is trusted.
STILL_WIDTH = 1200


def still_png(image: Any, width: int = STILL_WIDTH) -> bytes:
    """Return ``image`` as a small PNG at most ``width`` pixels wide (for a data URI).

    ``image`` is PNG bytes, the path of a PNG file, or a matplotlib figure (drawn at the
    dpi that makes it ``width`` pixels wide). A wider PNG is scaled down; the result has
    256 colours, without dithering (the classes' colours stay within a few levels):
    a fifth of the size of the full-colour image.
    """
    import io

    from PIL import Image

    if hasattr(image, "savefig"):
        buf = io.BytesIO()
        image.savefig(buf, format="png", dpi=width / image.get_size_inches()[0])
        data = buf.getvalue()
    else:
        data = image if isinstance(image, bytes) else Path(image).read_bytes()
    with Image.open(io.BytesIO(data)) as im:
        im = im.convert("RGBA")
        flat = Image.new("RGBA", im.size, "white")
        flat.alpha_composite(im)
        rgb = flat.convert("RGB")
        if rgb.width > width:
            rgb = rgb.resize((width, round(rgb.height * width / rgb.width)), Image.LANCZOS)
        small = rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        buf = io.BytesIO()
        small.save(buf, format="PNG", optimize=True)
        return buf.getvalue()


def untrusted_hint(lang: str, path: str | os.PathLike | None = None) -> str:
    """Return the line telling how to see the interactive map of an untrusted notebook.

    Examples
    --------
    >>> untrusted_hint("en", "maps/peta-kecamatan.html")[-32:]
    'or open maps/peta-kecamatan.html'
    """
    if path is None:
        return say("explore.untrusted", lang)
    return say("explore.untrusted_file", lang, path=os.fspath(path))


def shown_path(path: str | os.PathLike) -> str:
    """Return ``path`` relative to the working folder when it lies inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (OSError, ValueError):
        return os.fspath(p)


_TEMPLATE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ucjlib {version}">
<title>{title}</title>
<style>
*{{box-sizing:border-box}}
body{{margin:0;font:14px/1.4 "DejaVu Sans",Arial,"Liberation Sans",sans-serif;color:#222;
background:#fff}}
header{{padding:14px 20px 6px;position:relative}}
h1{{font-size:22px;margin:0 0 4px;padding-right:260px}}
.sub{{color:#555;margin:0;font-size:15px}}
.demo{{position:absolute;top:14px;right:20px;background:{demo_color};color:#fff;
font-weight:bold;padding:5px 12px;border-radius:5px;letter-spacing:.03em}}
main{{display:flex;gap:16px;padding:6px 20px;align-items:flex-start}}
#map{{flex:1 1 auto;position:relative;border:1px solid #ddd;border-radius:4px;min-width:0}}
#map svg.m{{display:block;width:100%;height:auto;max-height:78vh;cursor:grab;
touch-action:none;background:#fff}}
#units path{{stroke:#fff;stroke-width:{stroke};vector-effect:non-scaling-stroke}}
#units path.on{{stroke:#111;stroke-width:2.5}}
#units path.hl{{fill:none;stroke:#111;stroke-width:2.5;pointer-events:none}}
#outline path{{fill:none;stroke:#333;stroke-width:1.3;vector-effect:non-scaling-stroke;
pointer-events:none}}
#labels text{{font-size:{fs}px;text-anchor:middle;dominant-baseline:central;fill:#222;
paint-order:stroke;stroke:#fff;stroke-width:{halo}px;stroke-linejoin:round;pointer-events:none}}
#tip{{position:absolute;display:none;pointer-events:none;background:#fff;border:1px solid #888;
border-radius:4px;padding:8px 10px;box-shadow:0 2px 6px rgba(0,0,0,.2);font-size:13px;
min-width:220px;max-width:min(340px,96%);z-index:5}}
#tip b{{font-size:15px}} #tip table{{border-collapse:collapse;margin-top:4px}}
#tip td{{padding:1px 8px 1px 0}} #tip td+td{{text-align:right;font-weight:bold}}
.tools{{position:absolute;top:8px;left:8px;display:flex;gap:4px}}
.tools button{{font:inherit;font-size:15px;min-width:30px;padding:2px 8px;background:#fff;
border:1px solid #999;border-radius:3px;cursor:pointer}}
aside{{flex:0 0 270px}}
aside h2{{font-size:15px;margin:4px 0 6px}}
aside ul{{list-style:none;margin:0;padding:0}}
aside li{{display:flex;align-items:center;gap:8px;margin:3px 0}}
.sw{{display:inline-block;width:26px;height:16px;border:1px solid #999;flex:none}}
.demo2{{color:{demo_color};font-weight:bold}}
.target{{margin:8px 0;color:{tfill};font-weight:bold}}
.hint{{color:#555;font-size:13px}}
section{{padding:6px 20px 10px}}
section h2{{font-size:16px;margin:8px 0}}
#tbl{{border-collapse:collapse;font-size:13px}}
#tbl th{{text-align:left;background:#eef3f9;padding:4px 8px;cursor:pointer;
border-bottom:1px solid #999;position:sticky;top:0}}
#tbl td{{padding:2px 8px;border-bottom:1px solid #eee}}
#tbl td.num{{text-align:right;font-variant-numeric:tabular-nums}}
#tbl tr.on td{{background:#fff3d6}}
.wrap{{max-height:420px;overflow:auto;display:inline-block;border:1px solid #ddd}}
footer{{padding:8px 20px 20px;color:#555;font-size:12px}}
footer p{{margin:2px 0}}
</style>
</head>
<body>
<header><h1>{title}</h1><p class="sub">{sub}</p>{demo}</header>
<main>
<div id="map">
<svg class="m" id="svg" viewBox="0 0 {w} {h}" role="img" aria-label="{title}">
<defs>
<pattern id="ucj-nodata" patternUnits="userSpaceOnUse" width="6" height="6"
 patternTransform="rotate(45)"><rect width="6" height="6" fill="{nodata}"/>
<line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="1.5"/></pattern>
<pattern id="ucj-zero" patternUnits="userSpaceOnUse" width="6" height="6">
<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1" fill="#8c8c8c"/></pattern>
<pattern id="ucj-hidden" patternUnits="userSpaceOnUse" width="7" height="7">
<rect width="7" height="7" fill="#cfdbe6"/><path d="M0 0L7 7M7 0L0 7" stroke="#3d5266"
 stroke-width="1"/></pattern>
</defs>
<g id="units">{paths}</g>
<g id="outline">{outline}</g>
<g id="labels">{texts}</g>
</svg>
<div class="tools"><button type="button" id="zin" title="zoom +">+</button>
<button type="button" id="zout" title="zoom -">&minus;</button>
<button type="button" id="zreset">{reset}</button></div>
<div id="tip"></div>
</div>
<aside>
<h2>{legend_title}</h2>
<ul>{legend}</ul>
<p class="target">{target}</p>
<p class="hint">{hint}</p>
{demo2}
</aside>
</main>
<section>
<h2>{table_title}</h2>
<div class="wrap"><table id="tbl"><thead><tr>{thead}</tr></thead><tbody>{rows}</tbody>
</table></div>
</section>
<footer>{notes}<p>ucjlib {version}</p></footer>
<script>
(function(){{
var D={data};
var svg=document.getElementById("svg"),tip=document.getElementById("tip"),
map=document.getElementById("map"),paths=svg.querySelectorAll("#units path");
var vb0=svg.getAttribute("viewBox").split(" ").map(Number),vb=vb0.slice();
function setVB(){{svg.setAttribute("viewBox",vb.join(" "));
var k=vb0[2]/vb[2];svg.querySelectorAll("#labels text").forEach(function(t){{
t.style.fontSize=({fs}/Math.sqrt(k))+"px";t.style.strokeWidth=({halo}/Math.sqrt(k))+"px";}});}}
function esc(s){{return String(s).replace(/[&<>"]/g,function(c){{return {{"&":"&amp;",
"<":"&lt;",">":"&gt;",'"':"&quot;"}}[c];}});}}
function show(i,x,y){{var u=D.units[i],L=D.labels,r="";
var keys=["cakupan","pekerja","peserta","gap","ubah","rank","status"];
if(u.kec)keys.unshift("kec");
keys.forEach(function(k){{if(u[k]!==""&&u[k]!==null)r+="<tr><td>"+esc(L[k])+"</td><td>"+
esc(u[k])+"</td></tr>";}});
tip.innerHTML="<b>"+esc(u.nama)+"</b> <span style='color:#777'>"+esc(u.kode)+
"</span><table>"+r+"</table>";tip.style.display="block";
var b=map.getBoundingClientRect(),w=tip.offsetWidth,h=tip.offsetHeight;
var left=x-b.left+14,top=y-b.top+14;if(left+w>b.width)left=x-b.left-w-14;
if(top+h>b.height)top=y-b.top-h-14;
left=Math.max(0,Math.min(left,b.width-w));top=Math.max(0,Math.min(top,b.height-h));
tip.style.left=left+"px";tip.style.top=top+"px";}}
function hide(){{tip.style.display="none";}}
var hl=null;
function mark(i,on){{var p=svg.querySelector('#units path[data-i="'+i+'"]');
if(hl){{hl.parentNode.removeChild(hl);hl=null;}}
if(p){{p.classList.toggle("on",on);if(on){{hl=p.cloneNode(false);hl.removeAttribute("data-i");
hl.setAttribute("class","hl");p.parentNode.appendChild(hl);}}}}
var tr=document.querySelector('#tbl tr[data-i="'+i+'"]');if(tr)tr.classList.toggle("on",on);}}
paths.forEach(function(p){{var i=+p.getAttribute("data-i");
var t=p.querySelector("title");if(t)p.removeChild(t);
p.addEventListener("mousemove",function(e){{show(i,e.clientX,e.clientY);}});
p.addEventListener("mouseenter",function(){{mark(i,true);}});
p.addEventListener("mouseleave",function(){{mark(i,false);hide();}});}});
document.querySelectorAll("#tbl tbody tr").forEach(function(tr){{
var i=+tr.getAttribute("data-i");
tr.addEventListener("mouseenter",function(){{mark(i,true);}});
tr.addEventListener("mouseleave",function(){{mark(i,false);}});}});
function zoom(f,cx,cy){{var nw=Math.min(vb0[2],Math.max(vb0[2]/40,vb[2]/f));
var nh=nw*vb0[3]/vb0[2];if(cx===undefined){{cx=vb[0]+vb[2]/2;cy=vb[1]+vb[3]/2;}}
vb=[cx-(cx-vb[0])*nw/vb[2],cy-(cy-vb[1])*nh/vb[3],nw,nh];setVB();}}
function pt(e){{var b=svg.getBoundingClientRect();
return [vb[0]+(e.clientX-b.left)/b.width*vb[2],vb[1]+(e.clientY-b.top)/b.height*vb[3]];}}
svg.addEventListener("wheel",function(e){{e.preventDefault();var p=pt(e);
zoom(e.deltaY<0?1.25:0.8,p[0],p[1]);}},{{passive:false}});
var drag=null;svg.addEventListener("pointerdown",function(e){{drag=[e.clientX,e.clientY,
vb[0],vb[1]];svg.style.cursor="grabbing";}});
window.addEventListener("pointermove",function(e){{if(!drag)return;
var b=svg.getBoundingClientRect();vb[0]=drag[2]-(e.clientX-drag[0])/b.width*vb[2];
vb[1]=drag[3]-(e.clientY-drag[1])/b.height*vb[3];setVB();hide();}});
window.addEventListener("pointerup",function(){{drag=null;svg.style.cursor="";}});
document.getElementById("zin").onclick=function(){{zoom(1.5);}};
document.getElementById("zout").onclick=function(){{zoom(1/1.5);}};
document.getElementById("zreset").onclick=function(){{vb=vb0.slice();setVB();}};
var num={{cakupan:"v"}};
document.querySelectorAll("#tbl th").forEach(function(th,col){{var asc=false;
th.addEventListener("click",function(){{var k=th.getAttribute("data-k");asc=!asc;
var body=document.querySelector("#tbl tbody"),rows=[].slice.call(body.rows);
function key(tr){{var u=D.units[+tr.getAttribute("data-i")];if(k==="cakupan")return u.v;
var s=tr.cells[col].textContent;if(/^[-\\u2013\\d.,%() ]+$/.test(s)&&/\\d/.test(s))
return parseFloat(s.split(" ")[0].replace(/[.,](?=\\d{{3}}(\\D|$))/g,"").replace(",","."));
return s;}}
rows.sort(function(a,b){{var x=key(a),y=key(b);if(x===null||x===undefined)return 1;
if(y===null||y===undefined)return -1;return (x<y?-1:x>y?1:0)*(asc?1:-1);}});
rows.forEach(function(r){{body.appendChild(r);}});}});}});
}})();
</script>
</body>
</html>
"""
