"""The briefing deck (ucjlib.render.deck via ucjlib.report.outputs.assemble).

Charts are stand-ins here (the chart modules have their own tests): what is checked is
that the deck has the expected slides, the demo label on each, and that every takeaway's
numbers are the result's figures, formatted the Indonesian way (or English).
"""

from __future__ import annotations

import math

import pptx
import pytest

from ucjlib.coverage import analyze_coverage
from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp, fmt_rupiah
from ucjlib.report.outputs import assemble, save_section

pytestmark = pytest.mark.slow  # end-to-end output files / large inputs

STEMS = {"coverage": ["peta-kecamatan", "peringkat-kecamatan", "segmen", "tren-bulanan"],
         "coverage_desa": ["peta-desa", "peringkat-desa"],
         "projection": ["proyeksi-cakupan", "skenario-cakupan"],
         "budget": ["anggaran-iuran", "pembayaran-manfaat", "perbandingan-santunan",
                    "sensitivitas-manfaat"]}


def stand_ins(names):
    from ucjlib.render.style import blank_figure

    out = {}
    for n in names:
        fig = blank_figure()
        fig.text(0.5, 0.5, n, ha="center")
        out[n] = fig
    return out


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


def pictures(slide) -> int:
    return sum(1 for s in slide.shapes if s.shape_type == 13)  # MSO_SHAPE_TYPE.PICTURE


def build(tmp, results, lang="id", csv_locale="id"):
    for name, r in results.items():
        save_section(name, r, tmp, figures=stand_ins(STEMS[name]))
    assemble(tmp, lang=lang, csv_locale=csv_locale)
    return pptx.Presentation(str(tmp / "deck.pptx"))


@pytest.fixture(scope="module")
def bojonegoro(tmp_path_factory, bojonegoro_results):
    res = dict(bojonegoro_results)
    return res, build(tmp_path_factory.mktemp("deck"), res)


def takeaways(prs) -> list[str]:
    return [texts(s)[0] for s in prs.slides if pictures(s)]


def test_slides_size_order_and_demo_label(bojonegoro):
    res, prs = bojonegoro
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    slides = list(prs.slides)
    n_charts = sum(len(v) for v in STEMS.values())
    assert [pictures(s) for s in slides[1:1 + n_charts]] == [1] * n_charts
    assert pictures(slides[0]) == 0 and pictures(slides[-1]) == 0
    assert "Asumsi, versi aturan dan sumber" in texts(slides[1 + n_charts])
    assert all(t.startswith("Catatan data") for t in
               [texts(s)[0] for s in slides[2 + n_charts:]])
    assert len(slides) > 2 + n_charts
    for s in slides:
        assert "DATA DEMO (SINTETIS)" in texts(s), texts(s)


def test_title_slide_headline_numbers(bojonegoro):
    res, prs = bojonegoro
    c = res["coverage"]
    body = "\n".join(texts(prs.slides[0]))
    assert "Kabupaten Bojonegoro" in body and "Juni 2025" in body
    assert fmt_pct(c.total["cakupan"]) == "42,29%" and "42,29%" in body
    assert fmt_int(c.total["peserta_aktif"]) in body and fmt_int(c.total["gap_target"]) in body
    f = res["projection"].figures()
    assert fmt_pct(f["coverage_at_deadline"]) in body


def test_coverage_takeaways_are_the_results_numbers(bojonegoro):
    res, prs = bojonegoro
    c, d = res["coverage"], res["coverage_desa"]
    t = takeaways(prs)
    tab = c.table.dropna(subset=["cakupan"])
    above = int((tab["cakupan"] >= c.target.value).sum())
    assert fmt_pct(c.total["cakupan"]) in t[0] and f"{above} dari {len(tab)} kecamatan" in t[0]
    hi, lo = tab.loc[tab["cakupan"].idxmax()], tab.loc[tab["cakupan"].idxmin()]
    assert f"{hi['nama']} ({fmt_pct(hi['cakupan'])})" in t[1]
    assert f"{lo['nama']} ({fmt_pct(lo['cakupan'])})" in t[1]
    seg = c.segments.set_index("segmen")["cakupan_segmen"]
    assert fmt_pct(seg["PU"]) in t[2] and fmt_pct(seg["BPU"]) in t[2]
    assert fmt_pp(c.total["perubahan_3bln"]) in t[3] and fmt_pp(c.total["perubahan_12bln"]) in t[3]
    dt = d.table.dropna(subset=["cakupan"])
    d_above = int((dt["cakupan"] >= d.target.value).sum())
    assert f"{d_above} dari {len(dt)} desa/kelurahan" in t[4]
    assert f"{len(d.table) - len(dt)} desa/kelurahan tanpa data" in t[4]
    low = dt.sort_values(["cakupan", "kode"]).iloc[0]
    assert f"{low['nama']} ({fmt_pct(low['cakupan'])})" in t[5]
    assert f"{len(dt) - d_above} dari {len(dt)}" in t[5]


def test_projection_and_budget_takeaways(bojonegoro):
    res, prs = bojonegoro
    t = takeaways(prs)
    p, b = res["projection"], res["budget"]
    f = p.figures()
    assert fmt_pct(f["coverage_at_deadline"]) in t[6]
    assert f"+{fmt_int(f['required_monthly_net_additions'])}" in t[6]
    s = p.scenarios
    worst = s.loc[s["cakupan_januari"].idxmin()]
    assert worst["skenario"] in t[7] and fmt_pct(worst["cakupan_januari"]) in t[7]
    y = b.yearly.iloc[0]
    assert fmt_rupiah(y["iuran_apbd_idr"]) == "Rp 31,7 miliar" and "Rp 31,7 miliar" in t[8]
    assert "157.058 peserta" in t[8] and "Rp 16.800" in t[8]
    sim = b.simulation.iloc[0]
    assert (f"{fmt_int(sim['kematian_p50'])} kematian" in t[9]
            and f"{fmt_int(sim['kematian_p5'])}–{fmt_int(sim['kematian_p95'])}" in t[9])
    assert fmt_rupiah(sim["pembayaran_idr_mean"]) in t[9]
    g = b.grant.set_index("skema")
    assert fmt_rupiah(g.loc["santunan_duka", "per_keluarga_idr"]) in t[10]
    assert fmt_int(g.loc["santunan_duka", "keluarga_per_tahun"]) in t[10]
    assert fmt_rupiah(g.loc["jkm_jkk_apbd", "per_keluarga_idr"]) in t[10]
    sens = b.sensitivity
    top = sens.loc[(sens["nilai_kini_tinggi_idr"] - sens["nilai_kini_rendah_idr"]).abs().idxmax()]
    assert str(top["label"]).lower() in t[11]
    assert fmt_rupiah(top["nilai_kini_dasar_idr"]) in t[11]


def test_closing_slide_and_speaker_notes(bojonegoro):
    res, prs = bojonegoro
    slides = list(prs.slides)
    closing = "\n".join(texts(slides[13]))
    assert res["coverage"].rule_version in closing
    from ucjlib.render.style import target_note

    assert target_note(res["coverage"]) in closing  # "Target 60% (Kabupaten Bojonegoro, ..."
    assert "Batas wilayah" in closing and "seed" in closing
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "dari 28 kecamatan" in notes  # the narrative travels as speaker notes


def test_kota_bogor_in_english(tmp_path, demo_kota_bogor):
    from ucjlib.projection import project

    ds = demo_kota_bogor
    res = {"coverage": analyze_coverage(ds, lang="en"),
           "projection": project(ds, draws=100, lang="en")}
    prs = build(tmp_path, res, lang="en", csv_locale="en")
    t = takeaways(prs)
    c = res["coverage"]
    assert "Kota Bogor" in t[0] and fmt_pct(c.total["cakupan"], lang="en") in t[0]
    assert "June 2025" in t[0] and "52.15%" in t[0]
    sc = res["projection"].scenarios
    if math.isclose(sc["cakupan_tenggat"].min(), sc["cakupan_tenggat"].max(), abs_tol=5e-5):
        # no APBD cohort: the scenario slide must not print a range "from x to x"
        a, b = fmt_pct(sc["cakupan_tenggat"].min(), lang="en"), fmt_pct(
            sc["cakupan_tenggat"].max(), lang="en")
        assert f"from {a} to {b}" not in t[5] and f"between {a} and {b}" not in t[5]
    for s in prs.slides:
        assert "DEMO DATA (SYNTHETIC)" in texts(s)
    assert "Assumptions, rule version and sources" in [texts(s)[0] for s in prs.slides]
    header = (tmp_path / "tables" / "cakupan-kecamatan.csv").read_text("utf-8-sig").splitlines()[0]
    assert header.startswith("Region code,Region name,Employed persons")
