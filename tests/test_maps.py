"""Maps checked through their data: classes, no-data hatching, missing polygons, labels."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from conftest import NO_COVERAGE_DESA, ZERO_DESA, toy_boundaries

from ucjlib.coverage import analyze_coverage
from ucjlib.render.maps import coverage_map, coverage_map_data, interactive_map
from ucjlib.render.style import class_breaks, figure_texts, save_figure


def test_kecamatan_map_classes_follow_coverage(toy_dataset):
    r = analyze_coverage(toy_dataset, level="kecamatan", target=0.6)
    t = r.table
    fig = coverage_map(r, toy_boundaries("kecamatan"))
    d = coverage_map_data(r, toy_boundaries("kecamatan"))
    data = d["data"].set_index("kode")
    breaks = class_breaks(0.6)
    assert 0.6 in d["breaks"] and d["breaks"] == breaks
    for kode, c in t.set_index("kode")["cakupan"].items():
        k = int(data.loc[kode, "kelas"])
        assert breaks[k] <= c < breaks[k + 1] or (k == len(breaks) - 2 and c >= breaks[k])
    assert sorted(x.get_text() for x in fig.axes[0].texts) == sorted(t["nama"])
    texts = figure_texts(fig)
    assert "DATA DEMO (SINTETIS)" in texts
    assert any("Juni 2025" in x for x in texts)
    assert any("%" in x and "Target: 60%" in x for x in texts)
    assert "tidak ada data" in texts


def test_desa_map_no_data_is_hatched_not_zero(toy_dataset):
    r = analyze_coverage(toy_dataset, level="desa", target=0.6)
    fig = coverage_map(r, toy_boundaries("desa"))
    data = coverage_map_data(r, toy_boundaries("desa"))["data"].set_index("kode")
    assert data.loc[NO_COVERAGE_DESA, "kategori"] == "tidak ada data"
    assert pd.isna(data.loc[NO_COVERAGE_DESA, "kelas"])
    assert data.loc[ZERO_DESA, "kategori"] == "pekerja nol"
    # hatched patches exist on the map axes (collections drawn with a hatch)
    ax = fig.axes[0]
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert hatched, "no-data units must be drawn hatched"
    # desa maps label kecamatan, not the 18 desa
    assert {x.get_text() for x in ax.texts} <= {"Prajuritkulon", "Magersari", "Kranggan"}


def test_unit_without_polygon_is_listed_in_footnote(toy_dataset):
    r = analyze_coverage(toy_dataset, level="desa", target=0.6)
    t = r.table
    gone = "35.76.02.1003"
    gdf = toy_boundaries("desa", missing=(gone,))
    fig = coverage_map(r, gdf)
    d = coverage_map_data(r, gdf)
    name = t.set_index("kode").loc[gone, "nama"]
    assert d["missing"] == [name]
    assert gone not in set(d["data"]["kode"])
    assert any("Tanpa poligon (1)" in x and name in x for x in figure_texts(fig))
    # and it still renders
    fig.canvas.draw()


def test_english_map(toy_real_dataset):
    r = analyze_coverage(toy_real_dataset, level="kecamatan", target=0.6, lang="en")
    fig = coverage_map(r, toy_boundaries("kecamatan"))
    texts = figure_texts(fig)
    assert "no data" in texts and not any("demo" in x.lower() for x in texts)
    assert any("June 2025" in x for x in texts)


def test_map_save_is_deterministic(toy_dataset, tmp_path):
    r = analyze_coverage(toy_dataset, level="kecamatan", target=0.6)
    gdf = toy_boundaries("kecamatan")
    a = save_figure(coverage_map(r, gdf), tmp_path / "a")
    b = save_figure(coverage_map(r, gdf), tmp_path / "b")
    assert [hashlib.sha256(p.read_bytes()).digest() for p in a] == [
        hashlib.sha256(p.read_bytes()).digest() for p in b]


def test_interactive_map_is_offline_with_hover_details(toy_dataset, tmp_path):
    import re

    r = analyze_coverage(toy_dataset, level="kecamatan", target=0.6)
    c = r.table.set_index("kode").loc["35.76.01", "cakupan"]
    out = tmp_path / "peta.html"
    m = interactive_map(r, toy_boundaries("kecamatan"), out)
    html = out.read_text(encoding="utf-8")
    assert html == m.html
    assert f"{c * 100:.2f}%".replace(".", ",") in html
    assert "data demo (sintetis)" in html
    assert "Prajuritkulon" in html
    # nothing from the network: no external script, style, image or font
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    # in Jupyter it shows as an isolated frame holding the same page
    assert m._repr_html_().startswith("<iframe") and "srcdoc=" in m._repr_html_()


@pytest.mark.slow
def test_real_boundaries_bojonegoro_demo(demo_bojonegoro):
    r = analyze_coverage(demo_bojonegoro, level="kecamatan")
    fig = coverage_map(r)
    assert len(coverage_map_data(r)["data"]) == 28
    assert len(fig.axes[0].texts) == 28  # every name placed, none left to the footnote
