"""ucj.explore() (issue 20): an explorer driven by setting its widgets, as a notebook user does.

What it shows is checked against the library computed independently (resolve, open,
analyze, project): the explorer holds no rules of its own. The map a report notebook shows
while untrusted (a still PNG and a hint) is checked here from its HTML; in a browser in
tests/test_explore_mouse.py.
"""

from __future__ import annotations

import asyncio
import base64
import io
import re

import pytest

import ucjlib as ucj
from ucjlib.fmt import fmt_int, fmt_pct
from ucjlib.report.html import offline_problems


def _independent(code: str, **kw):
    return ucj.analyze_coverage(ucj.open_dataset(ucj.resolve_region(code, level=None)), **kw)


def test_region_and_target_changes_redraw_headline_and_map():
    ex = ucj.explore("35.22", debounce=0)
    assert ex.error == ""
    assert "Kabupaten Bojonegoro" in ex.headline_html
    assert "data demo (sintetis)" in ex.headline_html
    assert "Kalitidu" in ex.map_html and ex.ranking_png.startswith(b"\x89PNG")
    first = dict(ex.timings)

    ex.region.value = "32.71"  # what a user's pick sets
    bogor = _independent("32.71")
    assert ex.error == "" and ex.region.value == "32.71 Kota Bogor"
    assert "Kota Bogor" in ex.headline_html and "Bojonegoro" not in ex.headline_html
    assert ex.figures["cakupan"] == bogor.total["cakupan"]
    assert fmt_pct(bogor.total["cakupan"]) in ex.headline_html
    for name in bogor.table["nama"]:  # every kecamatan of Kota Bogor is on the map
        assert name in ex.map_html
    assert "Kalitidu" not in ex.map_html
    title = re.search(r"<title>(.*?)</title>", ex.map_html).group(1)
    assert "Kota Bogor" in title
    region_change = dict(ex.timings)

    # not a policy number: a user's own target
    ex.target.value = 0.75
    own = _independent("32.71", target=0.75)  # not a policy number
    assert ex.figures["target"] == own.target.value
    assert ex.figures["gap_target"] == own.total["gap_target"]
    assert fmt_int(own.total["gap_target"]) in ex.headline_html
    pace = ucj.project(ucj.open_dataset("32.71"), target=own.target, draws=200).pace
    assert ex.figures["net_per_month"] == pytest.approx(pace["net_per_month"])
    assert fmt_int(pace["net_per_month"]) in ex.headline_html
    target_change = dict(ex.timings)
    print("\ntimings (s): first", round(first["total"], 2), "region",
          round(region_change["total"], 2), "target", round(target_change["total"], 2))

    # the ranking is drawn when its tab opens, then with every change
    ex.tabs.selected_index = 1
    png = bytes(ex.ranking.value)
    assert png.startswith(b"\x89PNG")
    ex.target.value = 0.0  # back to the region's own target from the rules
    assert ex.figures["target"] == bogor.target.value
    assert "ranking" in ex.timings and bytes(ex.ranking.value) != png


def test_english_labels_and_readable_errors():
    ex = ucj.explore("Kota Bogor", lang="en", debounce=0)
    assert "UCJ coverage" in ex.headline_html and "demo data (synthetic)" in ex.headline_html
    assert ex.target.description == "Target" and ex.region.description == "Region"
    shown = ex.headline_html

    ex.region.value = "Atlantis"
    assert "Atlantis" in ex.error and "Atlantis" in ex.message.value
    assert "Traceback" not in ex.message.value
    assert ex.headline_html == shown  # what was shown stays

    ex.region.value = "Bogor"  # Kabupaten Bogor 32.01 or Kota Bogor 32.71
    assert "32.01" in ex.error and "32.71" in ex.error

    ex.region.value = "35.22.16"  # a kecamatan
    assert "district" in ex.error

    ex.region.value = "3522"
    assert ex.error == "" and ex.message.value == ""
    assert "Kabupaten Bojonegoro" in ex.headline_html

    ex.deadline.value = "2020-01"  # before the data: the pace cannot be computed
    assert "2020-01" in ex.error and "Kabupaten Bojonegoro" in ex.headline_html
    assert "cannot be computed" in ex.headline_html
    ex.deadline.value = "2026-06"
    assert ex.error == "" and ex.figures["deadline"] == "2026-06"

    ex.lang.value = "id"
    assert "Cakupan UCJ" in ex.headline_html and ex.region.description == "Wilayah"
    assert [v for _, v in ex.level.options] == ["kecamatan", "desa"]


def test_a_level_without_boundaries_is_a_message(monkeypatch):
    from ucjlib.errors import BoundaryError
    from ucjlib.explorer import Explorer

    def no_polygons(level, kode):
        raise BoundaryError(f"tidak ada poligon {level} untuk {kode}")

    monkeypatch.setattr(Explorer, "_load", staticmethod(no_polygons))
    ex = ucj.explore("32.71", level="desa", debounce=0)
    assert ex.level.value == "desa"
    assert "tidak ada poligon desa" in ex.map.value and ex.map_html == ""
    assert "Kota Bogor" in ex.headline_html  # the headline still shows
    assert ex.error


def test_changes_are_debounced_in_a_running_loop():
    from ucjlib.explorer import Explorer

    async def drive():
        ex = Explorer("32.71", debounce=0.05)  # the first view: drawn at once
        assert "Kota Bogor" in ex.headline_html
        calls = []
        real = ex.update
        ex.update = lambda: (calls.append(1), real())
        for value in (0.7, 0.72, 0.74):  # not a policy number: slider positions
            ex.target.value = value
        assert calls == []  # nothing drawn while the slider moves
        await asyncio.sleep(0.2)
        return ex, calls

    ex, calls = asyncio.run(drive())
    assert len(calls) == 1
    assert ex.figures["target"] == 0.74  # not a policy number: the last position


@pytest.mark.slow
def test_province_shows_its_kabupaten():
    ex = ucj.explore("Daerah Istimewa Yogyakarta", debounce=0)
    assert ex.error == "", ex.error
    assert [v for _, v in ex.level.options] == ["kabupaten"]
    prov = _independent("34", level="kabupaten")
    assert ex.figures["cakupan"] == prov.total["cakupan"]
    for name in prov.table["nama"]:
        assert name.removeprefix("Kabupaten ") in ex.map_html


def test_report_map_in_an_untrusted_notebook_is_a_still_image_and_a_hint(
        toy_dataset, toy_gdf_factory, tmp_path):
    from PIL import Image

    from ucjlib.render.maps import coverage_map
    from ucjlib.render.style import save_figure
    from ucjlib.render.webmap import STILL_WIDTH, write_webmap
    from ucjlib.report.view import ReportView

    r = ucj.analyze_coverage(toy_dataset, level="kecamatan")
    gdf = toy_gdf_factory("kecamatan")
    write_webmap(r, tmp_path / "maps" / "peta-kecamatan.html", gdf)
    save_figure(coverage_map(r, gdf), tmp_path / "charts" / "01-peta-kecamatan", ("png",))
    view = ReportView(tmp_path, {"lang": "id"}, coverage=r,
                      chart_index={"coverage": {"peta-kecamatan": "charts/01-peta-kecamatan.png"}},
                      map_index={"kecamatan": "maps/peta-kecamatan.html"})
    out = view.map("kecamatan")._repr_html_()
    assert out.startswith("<iframe")  # trusted: the interactive map
    img = re.search(r'<img src="data:image/png;base64,([^"]+)"', out)
    assert img, "no still image"
    with Image.open(io.BytesIO(base64.b64decode(img.group(1)))) as im:
        assert im.width == STILL_WIDTH  # the drawn PNG, scaled down
    assert ("Peta interaktif muncul setelah notebook dipercaya (JupyterLab: Ctrl+Shift+C → "
            "Trust Notebook; Notebook klasik: File → Trust Notebook), atau buka "
            "maps/peta-kecamatan.html") in out
    assert offline_problems(out) == []

    # without a saved chart the map is drawn; in English
    view = ReportView(tmp_path, {"lang": "en"}, coverage=r,
                      map_index={"kecamatan": "maps/peta-kecamatan.html"})
    out = view.map("kecamatan")._repr_html_()
    assert 'src="data:image/png;base64,' in out and "File → Trust Notebook" in out
    assert "or open maps/peta-kecamatan.html" in out
