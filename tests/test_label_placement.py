"""Labels on maps and ranking charts, measured on the drawn figure (issue 20).

Every check draws the figure and measures the rendered text boxes
(``fig.canvas.draw()``, ``Text.get_window_extent(renderer)``): a map's unit names stay
inside the map's frame (so never over the title), overlap neither each other nor the
title, and their leader lines cross no other name; a ranking chart's texts (target and
average labels, value labels, ticks, titles) overlap nothing and stay on the figure, and
a value label never straddles the target or average line.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Annotation, Text

from ucjlib.coverage import analyze_coverage, status_of
from ucjlib.geo.wilayah import children, resolve
from ucjlib.render.charts import ranked_bars
from ucjlib.render.maps import coverage_map
from ucjlib.render.style import figure_texts
from ucjlib.results import CoverageResult, Target

TOL = 0.5  # pixels: rounding of the measured boxes


def _inside(box, frame) -> bool:
    return (box.x0 >= frame.x0 - TOL and box.x1 <= frame.x1 + TOL
            and box.y0 >= frame.y0 - TOL and box.y1 <= frame.y1 + TOL)


def _title_boxes(fig, renderer) -> list:
    """Boxes of the title and subtitle (the two largest figure texts at the top)."""
    top = [t for t in fig.texts if t.get_position()[1] > 0.85 and t.get_bbox_patch() is None]
    return [t.get_window_extent(renderer) for t in top]


def _segment_hits_box(p, q, box) -> bool:
    """Say whether the segment p-q passes through ``box`` (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for d, near, far in ((dx, box.x0 - x0, box.x1 - x0), (dy, box.y0 - y0, box.y1 - y0)):
        if d == 0:
            if near > 0 or far < 0:
                return False
            continue
        a, b = near / d, far / d
        lo, hi = max(lo, min(a, b)), min(hi, max(a, b))
        if lo > hi:
            return False
    return True


def _segments_cross(p1, p2, q1, q2) -> bool:
    def side(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    return (side(p1, p2, q1) * side(p1, p2, q2) < 0
            and side(q1, q2, p1) * side(q1, q2, p2) < 0)


def map_label_problems(fig) -> list[str]:
    """Every way the unit names of a drawn map collide (empty: none)."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    ax = fig.axes[0]
    frame = ax.get_window_extent(r)
    titles = _title_boxes(fig, r)
    labels = [(t.get_text(), Text.get_window_extent(t, r), t) for t in ax.texts]
    problems = []
    leaders = []
    for name, box, t in labels:
        if not _inside(box, frame) or not _inside(box, fig.bbox):
            problems.append(f"{name} outside the map frame")
        if any(box.overlaps(b) for b in titles):
            problems.append(f"{name} over the title")
        if isinstance(t, Annotation) and t.arrow_patch is not None:
            centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
            leaders.append((name, centre, tuple(ax.transData.transform(t.xy))))
    for (a, ba, _), (b, bb, _) in itertools.combinations(labels, 2):
        if ba.overlaps(bb):
            problems.append(f"{a} over {b}")
    for name, p, q in leaders:
        for other, box, _ in labels:
            if other != name and _segment_hits_box(p, q, box):
                problems.append(f"leader line of {name} through {other}")
    for (a, p1, p2), (b, q1, q2) in itertools.combinations(leaders, 2):
        if _segments_cross(p1, p2, q1, q2):
            problems.append(f"leader lines of {a} and {b} cross")
    return problems


def _result(kode: str, level: str) -> CoverageResult:
    """A coverage result over the gazetteer's units (made-up rates; names as drawn)."""
    region = resolve(kode, level="provinsi" if len(kode) == 2 else "kabupaten")
    units = children(kode, level)[["kode", "nama"]].reset_index(drop=True)
    target = 0.4  # not a policy number: any target
    rate = 0.2 + 0.5 * (np.arange(len(units)) % 7) / 7
    table = units.assign(pekerja=1000.0, peserta_aktif=rate * 1000, cakupan=rate,
                         gap_target=0.0, status=[status_of(x, target) for x in rate])
    return CoverageResult(region=region, periode="2025-06", level=level,
                          target=Target(target, "target 40%", "provinsi"), table=table,
                          total={}, segments=pd.DataFrame(), series=pd.DataFrame(), demo=True,
                          source="uji", lang="id")


def test_province_map_names_stay_inside_the_map_frame():
    # Gresik's name stood on Bawean, outside the clipped frame: above the map's title
    fig = coverage_map(_result("35", "kabupaten"))
    assert map_label_problems(fig) == []
    names = {t.get_text() for t in fig.axes[0].texts}
    assert {"Gresik", "Sumenep", "Kota Mojokerto", "Kota Madiun"} <= names


def test_aceh_selatan_labuhanhaji_names_do_not_collide():
    # three Labuhanhaji kecamatan side by side: names and leader lines ran through each other
    fig = coverage_map(_result("11.01", "kecamatan"))
    assert map_label_problems(fig) == []
    drawn = {t.get_text() for t in fig.axes[0].texts}
    footnote = " ".join(figure_texts(fig))
    for name in ("Labuhanhaji", "Labuhanhaji Barat", "Labuhanhaji Timur"):
        assert name in drawn or name in footnote  # named on the map, else listed


@pytest.mark.parametrize("kode", ["35.22", "32.71", "51.71"])
@pytest.mark.parametrize("level", ["kecamatan", "desa"])
def test_kabupaten_maps_names_clear(kode, level):
    assert map_label_problems(coverage_map(_result(kode, level))) == []


@pytest.mark.slow  # over 3 s: three provinces analysed
def test_national_province_map_names_clear():
    from ucjlib.national import analyze_national
    from ucjlib.render.national import national_figures

    figs = national_figures(analyze_national(provinces=["51", "35", "94"]))
    fig = figs["peta-nasional-provinsi"]
    assert map_label_problems(fig) == []
    assert {"Bali", "Jawa Timur", "Papua Tengah"} <= {t.get_text() for t in fig.axes[0].texts}


def test_a_name_is_anchored_on_the_main_part_not_a_far_island():
    import geopandas as gpd
    from shapely.geometry import MultiPolygon, box

    from ucjlib.render.placement import place_map_labels
    from ucjlib.render.style import blank_figure

    # the island is wider than the main part, so its interior point wins for the whole
    main, island = box(0, 0, 10, 10), box(-2, 30, 12, 30.4)
    gdf = gpd.GeoDataFrame({"kode": ["a", "b"]},
                           geometry=[MultiPolygon([main, island]), box(10, 0, 20, 10)])
    assert not main.contains(gdf.geometry.iloc[0].representative_point())
    fig = blank_figure()
    ax = fig.add_axes((0.01, 0.085, 0.70, 0.76))
    ax.set_aspect("equal")
    gdf.plot(ax=ax)
    ax.set_xlim(-1, 21)
    ax.set_ylim(-1, 11)  # the island is outside the frame, as on a clipped map
    fig.text(0.01, 0.965, "Judul peta", fontsize=20, va="top")
    placed, skipped = place_map_labels(fig, ax, gdf, ["Pulau Utama", "Tetangga"], 9.5)
    assert placed == ["Pulau Utama", "Tetangga"] and skipped == []
    assert map_label_problems(fig) == []


def chart_label_problems(fig) -> list[str]:
    """Every way the texts of a drawn ranking chart collide (empty: none)."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    ax = fig.axes[0]
    texts = [*fig.texts, *ax.texts, *ax.get_yticklabels(), *ax.get_xticklabels(),
             ax.xaxis.label]
    boxes = [(t.get_text().strip(), Text.get_window_extent(t, r)) for t in texts
             if t.get_visible() and t.get_text().strip()]
    problems = [f"{n} off the figure" for n, b in boxes if not _inside(b, fig.bbox)]
    problems += [f"{a} over {b}" for (a, x), (b, y) in itertools.combinations(boxes, 2)
                 if x.overlaps(y)]
    lines = [ax.transData.transform((line.get_xdata()[0], 0))[0] for line in ax.lines]
    for t in ax.texts:  # value labels sit on the bars' rows, centred
        if t.get_va() == "center":
            b = Text.get_window_extent(t, r)
            problems += [f"{t.get_text()} across a line" for x in lines if b.x0 < x < b.x1]
    return problems


@pytest.mark.parametrize(("level", "lang", "target"), [
    ("desa", "en", 0.4),  # the average just above the target: both labels ran right
    ("desa", "id", 0.42),  # not a policy number: lines 0.29 points apart
    ("kecamatan", "en", 1.0),  # the target label at the right edge of the figure
    ("desa", "en", None),
    ("kecamatan", "id", None),
])
def test_bojonegoro_ranking_labels_clear(demo_bojonegoro, level, lang, target):
    r = analyze_coverage(demo_bojonegoro, "2025-06", level=level, lang=lang, target=target)
    assert chart_label_problems(ranked_bars(r)) == []


@pytest.mark.parametrize("kode", ["51.71", "32.71"])
def test_denpasar_and_kota_bogor_desa_rankings_labels_clear(request, kode):
    from ucjlib.demo.generate import demo_dataset

    # Denpasar: its average (68,22%) just above its target (67,28%) -> the labels overlapped;
    # Kota Bogor: value labels moved past the average line landed on the target line
    ds = request.getfixturevalue("demo_kota_bogor") if kode == "32.71" else demo_dataset(kode)
    r = analyze_coverage(ds, "2025-06", level="desa", lang="en")
    assert chart_label_problems(ranked_bars(r)) == []
