"""Offline interactive map (ucjlib.render.webmap): checked through the file's text and data."""

from __future__ import annotations

import json
import re

import pytest

from ucjlib.coverage import analyze_coverage
from ucjlib.fmt import fmt_int, fmt_pct
from ucjlib.render.webmap import webmap_html, write_webmap

NETWORK = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
CSS_NETWORK = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import)""", re.I)


def _units(text: str) -> list[dict]:
    m = re.search(r"var D=(\{.*?\});\n", text, re.S)
    assert m, "embedded data not found"
    return json.loads(m.group(1).replace("<\\/", "</"))["units"]


def assert_offline(text: str) -> None:
    """No script, style, image, font or frame loaded from the network."""
    assert not NETWORK.search(text), NETWORK.search(text).group(0)
    assert not CSS_NETWORK.search(text)
    for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", text, re.I):
        assert "http" not in tag.lower(), tag
    assert "<link" not in text.lower()  # styles are inline


@pytest.fixture
def toy_result(toy_dataset):
    return analyze_coverage(toy_dataset, "2025-06", level="desa")


def test_toy_map_is_offline_and_names_every_unit(toy_result, toy_gdf_factory, tmp_path):
    gdf = toy_gdf_factory("desa")
    path = write_webmap(toy_result, tmp_path / "maps" / "peta-desa.html", gdf)
    text = path.read_text(encoding="utf-8")
    assert_offline(text)
    assert text.startswith("<!DOCTYPE html>")
    title = re.search(r"<title>(.*?)</title>", text).group(1)
    assert toy_result.region.nama in title and "Juni 2025" in title
    assert "DATA DEMO (SINTETIS)" in text and "data demo (sintetis)" in text
    units = _units(text)
    table = toy_result.table.set_index("kode")
    assert len(units) == len(gdf) == len(table)
    for u in units:
        row = table.loc[u["kode"]]
        assert u["nama"] == row["nama"]
        if row["status"] == "tidak ada data":
            assert u["cakupan"] == "tidak ada data" and u["fill"] == "url(#ucj-nodata)"
        elif row["status"] == "pekerja nol":  # zero workforce: no rate, its own pattern
            assert u["cakupan"] == "pekerja nol" and u["fill"] == "url(#ucj-zero)"
        else:
            assert u["cakupan"] == fmt_pct(row["cakupan"], 2)
            assert u["pekerja"] == fmt_int(row["pekerja"])
            assert u["peserta"] == fmt_int(row["peserta_aktif"])
            assert u["gap"].startswith(fmt_int(row["gap_target"]))
        assert f">{u['nama']}<" in text  # the table below the map lists it
    # one coloured <path> and one table row per unit
    assert len(re.findall(r'<path d="M[^"]+" fill="[^"]+" data-i="', text)) == len(units)
    assert len(re.findall(r'<tr data-i="', text)) == len(units)


def test_unit_without_coverage_rows_is_no_data_not_zero(toy_result, toy_gdf_factory):
    from tests.conftest import NO_COVERAGE_DESA

    text = webmap_html(toy_result, toy_gdf_factory("desa"))
    u = next(u for u in _units(text) if u["kode"] == NO_COVERAGE_DESA)
    assert u["fill"] == "url(#ucj-nodata)" and u["v"] is None
    assert "tidak ada data" in text


def test_english_real_data_map(toy_real_dataset, toy_gdf_factory):
    r = analyze_coverage(toy_real_dataset, "2025-06", level="kecamatan", lang="en")
    text = webmap_html(r, toy_gdf_factory("kecamatan"))
    assert_offline(text)
    assert "demo data" not in text.lower() and 'class="demo' not in text
    assert "UCJ coverage by district" in text and "June 2025" in text
    for u in _units(text):
        row = r.table.set_index("kode").loc[u["kode"]]
        assert u["cakupan"] == fmt_pct(row["cakupan"], 2, "en")


def test_bojonegoro_kecamatan_map_from_the_store(tmp_path, demo_bojonegoro):
    r = analyze_coverage(demo_bojonegoro, "2025-06")
    text = write_webmap(r, tmp_path / "peta-kecamatan.html").read_text(encoding="utf-8")
    assert_offline(text)
    assert "Kabupaten Bojonegoro" in re.search(r"<title>(.*?)</title>", text).group(1)
    assert "42,29%" in text  # the kabupaten's coverage in the subtitle
    for row in r.table.itertuples():
        assert row.nama in text and fmt_pct(row.cakupan, 2) in text
    assert len(_units(text)) == 28


def test_unwritable_destination_is_an_output_error(toy_result, toy_gdf_factory, tmp_path):
    from ucjlib.errors import OutputError

    blocker = tmp_path / "maps"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(OutputError):
        write_webmap(toy_result, blocker / "peta-desa.html", toy_gdf_factory("desa"))
