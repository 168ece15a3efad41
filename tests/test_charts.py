"""Charts checked through the data they drew, plus deterministic saving."""

from __future__ import annotations

import hashlib

import pytest

from ucjlib.coverage import analyze_coverage
from ucjlib.render.charts import (
    ranked_bars,
    ranked_bars_data,
    segment_chart,
    segment_chart_data,
    series_chart,
    series_chart_data,
)
from ucjlib.render.style import (
    SLIDE_SIZE,
    class_breaks,
    classify,
    figure_texts,
    save_figure,
)


def test_class_breaks_include_target():
    for target in (0.6, 0.55, 0.45, 0.75):
        b = class_breaks(target)
        assert b[0] == 0 and b[-1] == 1 and target in b
        assert b == sorted(b) and len(set(b)) == len(b)
    assert class_breaks(0.6) == [0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0]


def test_classify_boundaries():
    b = class_breaks(0.6)
    # a value exactly on the target is in the first class at/above target
    assert classify([0.6], 0.6)[0] == b.index(0.6)
    assert classify([0.5999], 0.6)[0] == b.index(0.6) - 1
    assert classify([0.0, 1.3], 0.6) == [0, len(b) - 2]


def test_ranked_bars_sorted_with_target_and_no_data(toy_dataset):
    r = analyze_coverage(toy_dataset, level="desa", target=0.6)
    t = r.table
    fig = ranked_bars(r)
    d = ranked_bars_data(r)
    vals = d["bars"]["cakupan_pct"].tolist()
    assert vals == sorted(vals, reverse=True)
    expected = (t["cakupan"].dropna() * 100).sort_values(ascending=False).tolist()
    assert vals == pytest.approx(expected)
    assert d["target_pct"] == pytest.approx(60)
    # zero-workforce and no-coverage desa are listed, not drawn as 0%
    assert len(d["no_data"]) == 2 and 0 not in vals
    texts = figure_texts(fig)
    assert "data demo (sintetis)".upper() in texts
    assert any(x.startswith("target 60%") or x.strip() == "target 60%" for x in texts)
    assert "— tidak ada data" in texts and "— pekerja nol" in texts
    # the value labels use Indonesian decimals
    top = d["bars"]["cakupan_pct"].iloc[0]
    assert f"{top:.1f}%".replace(".", ",") in texts


def test_ranked_bars_truncates_to_lowest(toy_dataset):
    r = analyze_coverage(toy_dataset, level="desa", target=0.6)
    t = r.table
    d = ranked_bars_data(r, max_units=5)
    bars = d["bars"]
    assert len(bars) == 5 and d["truncated"]
    lowest = sorted(t["cakupan"].dropna() * 100)[:5]
    assert sorted(bars["cakupan_pct"]) == pytest.approx(lowest)


def test_real_data_has_no_demo_label(toy_real_dataset):
    fig = ranked_bars(analyze_coverage(toy_real_dataset))
    assert not any("demo" in x.lower() for x in figure_texts(fig))


def test_segment_chart_rates(toy_dataset):
    r = analyze_coverage(toy_dataset, target=0.6)
    seg = r.segments
    d = segment_chart_data(r)
    rates = d["rates"].set_index("label")["cakupan_pct"]
    assert rates["Formal (PU)"] == pytest.approx(
        seg.set_index("segmen").loc["PU", "cakupan_segmen"] * 100)
    assert rates["Semua pekerja"] == pytest.approx(seg["cakupan"].sum() * 100)
    assert d["target_pct"] == pytest.approx(60)
    # the chart writes those rates
    formal = f"{rates['Formal (PU)']:.1f}%".replace(".", ",")
    assert formal in figure_texts(segment_chart(r))


def test_series_chart_points_and_month_ticks(toy_dataset):
    r = analyze_coverage(toy_dataset, target=0.6)
    s = r.series
    d = series_chart_data(r)
    pts = d["points"]
    assert pts["periode"].tolist() == toy_dataset.periods
    assert pts["cakupan_pct"].tolist() == pytest.approx((s["cakupan"] * 100).tolist())
    assert d["ticks"][0] == "Jan 2024"
    assert "Apr 2024" in d["ticks"]
    assert d["target_pct"] == pytest.approx(60)
    fig = series_chart(r)  # the chart draws those ticks
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == d["ticks"]
    en = series_chart_data(analyze_coverage(toy_dataset, target=0.6, lang="en"))
    assert en["ticks"][0] == "Jan 2024" and "Apr 2024" in en["ticks"]


def test_save_is_deterministic_and_slide_sized(toy_dataset, tmp_path):
    from PIL import Image

    r = analyze_coverage(toy_dataset)
    a = save_figure(ranked_bars(r), tmp_path / "a" / "bars")
    b = save_figure(ranked_bars(r), tmp_path / "b" / "bars")
    for pa, pb in zip(a, b, strict=True):
        assert hashlib.sha256(pa.read_bytes()).hexdigest() == hashlib.sha256(
            pb.read_bytes()).hexdigest(), pa.name
    with Image.open(a[0]) as im:
        w, h = im.size
    assert (w, h) == (round(SLIDE_SIZE[0] * 150), round(SLIDE_SIZE[1] * 150))
    assert b"Date" not in a[1].read_bytes()[:2000]


def test_cli_writes_charts(ucj, tmp_path):
    out = tmp_path / "grafik"
    res = ucj(["coverage", "Kota Mojokerto", "--charts", out])
    assert res.returncode == 0, res.stderr
    names = sorted(p.name for p in out.iterdir())
    stems = {"peta-kecamatan", "peringkat-kecamatan", "segmen", "tren-bulanan"}
    assert names == sorted(f"{s}.{e}" for s in stems for e in ("png", "svg"))


def test_ranking_polish_desa_top_n_average_line_and_labels_clear_of_lines(demo_bojonegoro):
    from ucjlib.coverage import analyze_coverage

    ds = demo_bojonegoro
    r = analyze_coverage(ds, level="desa")
    d = ranked_bars_data(r)
    # 40 lowest of the desa with data: 40 rows drawn, the no-data desa only in the footnote
    assert d["truncated"] and d["rows"] == 40 == len(d["bars"]) and len(d["no_data"]) == 2
    assert d["average_pct"] == pytest.approx(r.total["cakupan"] * 100)
    k = analyze_coverage(ds)
    d = ranked_bars_data(k)
    for v, x in zip(d["bars"]["cakupan_pct"], d["label_x"], strict=True):
        for line in (d["target_pct"], d["average_pct"]):
            # a label never starts just before a line it would run across
            assert not (v < line and line - 5.5 < x < line)


def test_trend_annotates_the_apbd_cohort_and_english_source(demo_bojonegoro):
    from ucjlib.coverage import analyze_coverage

    d = series_chart_data(analyze_coverage(demo_bojonegoro))
    assert d["cohort"]["pendanaan"] == "APBD" and d["cohort"]["size"] == 157_058
    fig = series_chart(analyze_coverage(demo_bojonegoro, lang="en"))
    text = " ".join(figure_texts(fig))
    assert "synthetic data" in text and "data sintetis" not in text
    assert "APBD cohort enrolled" in text


def test_gap_note_explains_why_units_do_not_add_up(coverage_bojonegoro):
    r = coverage_bojonegoro
    units = int(r.table["gap_target"].fillna(0).sum())
    note = [n for n in map(str, r.notes) if n.startswith("Jumlah kekurangan per kecamatan")]
    assert note and f"{units:,}".replace(",", ".") in note[0]
    above = int((r.table["cakupan"] >= r.target.value).sum())
    assert f"{above} kecamatan yang sudah di atas target" in note[0]
