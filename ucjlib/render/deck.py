"""The briefing deck: slides written from the results, rendered with python-pptx.

A title slide (kabupaten, period, headline numbers, demo label), one slide per key
chart with a one-line takeaway written from the numbers of the result that the chart
draws, and a closing slide with the assumptions, rule version and sources. Every slide
carries the demo label when the data is synthetic. Slides are 16:9 (13.333 x 7.5 in),
the size the charts are saved at, so a chart PNG fills its slide without scaling
artefacts. The takeaway of each chart comes from :func:`takeaway`, which only reads
figures the result already carries.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ucjlib.files import atomic_path
from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp, fmt_rupiah, fmt_target, month_name

__all__ = ["Slide", "budget_sentences", "takeaway", "write_deck"]

_W, _H = 13.333, 7.5  # inches, 16:9
_TEXT = (0x22, 0x22, 0x22)
_MUTED = (0x66, 0x66, 0x66)
_ACCENT = (0x54, 0x27, 0x88)  # style.ACCENT
_DEMO = (0xB3, 0x58, 0x06)  # style.DEMO_COLOR
_TARGET = (0xB2, 0x18, 0x2B)  # style.TARGET_COLOR


@dataclass(frozen=True)
class Slide:
    """One slide of the deck.

    Attributes
    ----------
    kind : str
        ``title``, ``chart`` or ``text``.
    title : str
        Title; for a chart slide the one-line takeaway.
    lines : tuple of str
        Body lines (headline figures, assumptions ...); for a chart slide, speaker notes.
    image : Path or None
        The chart PNG of a chart slide.
    subtitle : str
    stem : str
        File stem of the chart (``01-peta-kecamatan``).
    """

    kind: str
    title: str
    lines: tuple[str, ...] = ()
    image: Path | None = None
    subtitle: str = ""
    stem: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _t(lang: str, id_: str, en: str) -> str:
    return id_ if lang == "id" else en


def _short(nama: str) -> str:
    return nama.removeprefix("Kabupaten ")


def _level_word(level: str, lang: str) -> str:
    return {"id": {"kecamatan": "kecamatan", "desa": "desa/kelurahan"},
            "en": {"kecamatan": "districts", "desa": "villages"}}[lang].get(level, level)


def _coverage_takeaway(kind: str, r: Any, lang: str) -> str:
    from ucjlib.render.narrative import narrative

    t = r.table
    has = t.loc[t["cakupan"].notna()]
    tgt = fmt_target(r.target.value, lang)
    above = int((has["cakupan"] >= r.target.value - 1e-12).sum())
    lvl = _level_word(r.level, lang)
    cov = fmt_pct(r.total.get("cakupan"), 2, lang)
    bulan = month_name(r.periode, lang=lang)
    nama = r.region.nama
    if kind == "peta":
        sup = getattr(r, "suppressed", None)
        hidden = int(t["kode"].astype(str).isin(sup.hidden).sum()) if sup is not None else 0
        nodata = len(t) - len(has) - hidden
        extra = ""
        if nodata:
            extra = _t(lang, f"; {nodata} {lvl} tanpa data", f"; {nodata} without data")
        if hidden:  # small cells (ucjlib.smallcells): not "without data"
            extra += _t(lang, f"; {hidden} {lvl} disembunyikan (sel kecil)",
                        f"; {hidden} hidden (small cells)")
        return _t(lang, f"Cakupan UCJ {nama} {cov} pada {bulan}: baru {above} dari {len(has)} "
                        f"{lvl} mencapai target {tgt}{extra}.",
                  f"UCJ coverage in {nama} is {cov} in {bulan}: only {above} of {len(has)} "
                  f"{lvl} have reached the {tgt} target{extra}.")
    lines = narrative(r)
    if kind == "peringkat" and r.level == "desa" and len(has) > 3:
        low = has.sort_values(["cakupan", "kode"]).head(3)
        names = ", ".join(f"{n} ({fmt_pct(v, 2, lang)})"
                          for n, v in zip(low["nama"], low["cakupan"], strict=True))
        return _t(lang, f"{len(has) - above} dari {len(has)} {lvl} masih di bawah target {tgt}; "
                        f"terendah: {names}.",
                  f"{len(has) - above} of {len(has)} {lvl} are still below the {tgt} target; "
                  f"lowest: {names}.")
    if kind == "peringkat" and len(lines) > 1:
        return lines[1]
    if kind == "segmen":
        s = r.segments.set_index("segmen")
        if {"PU", "BPU"} <= set(s.index) and pd.notna(s.loc["PU", "cakupan_segmen"]) and \
                pd.notna(s.loc["BPU", "cakupan_segmen"]):
            pu, bpu = s.loc["PU", "cakupan_segmen"], s.loc["BPU", "cakupan_segmen"]
            return _t(lang, f"Pekerja formal (PU) tercakup {fmt_pct(pu, 2)}, pekerja informal "
                            f"(BPU) baru {fmt_pct(bpu, 2)}: kesenjangan ada di sektor informal.",
                      f"Formal workers (PU) are {fmt_pct(pu, 2, 'en')} covered, informal "
                      f"workers (BPU) only {fmt_pct(bpu, 2, 'en')}: the gap is informal work.")
        top = r.segments.sort_values("peserta_aktif", ascending=False).iloc[0]
        return _t(lang, f"Segmen terbesar: {top['label']} ({fmt_int(top['peserta_aktif'])} "
                        f"peserta aktif).",
                  f"Largest segment: {top['label']} ({fmt_int(top['peserta_aktif'], 'en')} "
                  "active participants).")
    if kind == "tren":
        d3, d12 = r.total.get("perubahan_3bln"), r.total.get("perubahan_12bln")
        return _t(lang, f"Cakupan berubah {fmt_pp(d3, 2)} dalam 3 bulan dan {fmt_pp(d12, 2)} "
                        f"dalam 12 bulan, menjadi {cov} pada {bulan}.",
                  f"Coverage changed {fmt_pp(d3, 2, 'en')} over 3 months and "
                  f"{fmt_pp(d12, 2, 'en')} over 12 months, to {cov} in {bulan}.")
    return lines[0]


def _projection_takeaway(kind: str, r: Any, lang: str) -> str:
    tgt = fmt_target(r.target.value, lang)
    dl = month_name(r.deadline, lang=lang)
    if kind == "skenario":
        r = r.shown(lang)
        s = r.scenarios.dropna(subset=["cakupan_januari"])
        main = r.scenarios.loc[r.scenarios["skenario"] == r.scenario].iloc[0]
        if len(s):
            worst = s.loc[s["cakupan_januari"].idxmin()]
            jan = month_name(worst["periode_januari"], lang=lang)
            if worst["cakupan_januari"] < main["cakupan_januari"] - 0.0005:
                return _t(lang, f"Bila {worst['skenario']}, cakupan {jan} turun ke "
                                f"{fmt_pct(worst['cakupan_januari'], 2)} "
                                f"(skenario {r.scenario}: {fmt_pct(main['cakupan_januari'], 2)}).",
                          f"If '{worst['skenario']}', coverage falls to "
                          f"{fmt_pct(worst['cakupan_januari'], 2, 'en')} in {jan} "
                          f"({r.scenario}: {fmt_pct(main['cakupan_januari'], 2, 'en')}).")
        sc = r.scenarios
        lo, hi = sc["cakupan_tenggat"].min(), sc["cakupan_tenggat"].max()
        if hi - lo >= 0.00005:
            return _t(lang, f"Menurut skenario, cakupan {dl} antara {fmt_pct(lo, 2)} dan "
                            f"{fmt_pct(hi, 2)} (target {tgt}).",
                      f"By scenario, coverage in {dl} ranges from {fmt_pct(lo, 2, 'en')} to "
                      f"{fmt_pct(hi, 2, 'en')} (target {tgt}).")
        end = month_name(r.scenario_paths["periode"].max(), lang=lang)
        a, b = sc["cakupan_akhir"].min(), sc["cakupan_akhir"].max()
        if b - a >= 0.00005:
            return _t(lang, f"Semua skenario sama sampai {dl} ({fmt_pct(lo, 2)}, target {tgt}); "
                            f"pada {end} cakupan antara {fmt_pct(a, 2)} dan {fmt_pct(b, 2)}.",
                      f"All scenarios agree until {dl} ({fmt_pct(lo, 2, 'en')}, target {tgt}); "
                      f"by {end} coverage ranges from {fmt_pct(a, 2, 'en')} to "
                      f"{fmt_pct(b, 2, 'en')}.")
        why = "" if r.model.get("cohorts") else _t(
            lang, " (tidak ada kohort APBD/APBDes yang bisa berhenti)",
            " (no APBD/APBDes cohort that could stop)")
        return _t(lang, f"Semua skenario memberi jalur yang sama{why}: {fmt_pct(lo, 2)} pada "
                        f"{dl}, {fmt_pct(a, 2)} pada {end} (target {tgt}).",
                  f"Every scenario gives the same path{why}: {fmt_pct(lo, 2, 'en')} in {dl}, "
                  f"{fmt_pct(a, 2, 'en')} in {end} (target {tgt}).")
    from ucjlib.render.projection_text import projection_headline

    return projection_headline(r, lang)


def budget_sentences(r: Any, lang: str = "id") -> dict[str, str]:
    """Write the budget sentences from the figures of a budget result.

    Returns
    -------
    dict of str to str
        ``iuran`` (contributions), ``manfaat`` (payouts with their 90% range) and, when the
        result compares schemes, ``santunan`` (the old grant against the new scheme).
    """
    f = r.figures()
    y0 = str(int(r.yearly["tahun"].iloc[0]))
    apbd = f["apbd_budget_per_year"].get(y0) or f["total_budget_per_year"].get(y0)
    peserta = r.monthly["peserta"].iloc[0] if "peserta" in r.monthly else None
    per = f["contribution_per_participant_month"]
    per_v = next(iter(per.values()), None) if per else None
    payer = "APBD" if f["apbd_budget_per_year"].get(y0) else _t(lang, "total", "total")
    out = {"iuran": _t(
        lang, f"Iuran {payer} {y0}: {fmt_rupiah(apbd)} untuk {fmt_int(peserta)} peserta "
              f"({fmt_rupiah(per_v, short=False)} per peserta per bulan).",
        f"{payer} contributions {y0}: {fmt_rupiah(apbd, lang='en')} for "
        f"{fmt_int(peserta, 'en')} participants ({fmt_rupiah(per_v, lang='en', short=False)} "
        "per participant a month).")}
    d50, d5, d95 = f["deaths_p50"], f["deaths_p5"], f["deaths_p95"]
    pay = f["payout_by_year"].get(y0, {})
    out["manfaat"] = _t(
        lang, f"Sekitar {fmt_int(d50)} kematian peserta pada {y0} (rentang 90%: {fmt_int(d5)}–"
              f"{fmt_int(d95)}); keluarga menerima {fmt_rupiah(pay.get('mean'))} "
              f"({fmt_rupiah(pay.get('p5'))}–{fmt_rupiah(pay.get('p95'))}).",
        f"About {fmt_int(d50, 'en')} participant deaths in {y0} (90% range: "
        f"{fmt_int(d5, 'en')}–{fmt_int(d95, 'en')}); families receive "
        f"{fmt_rupiah(pay.get('mean'), lang='en')} ({fmt_rupiah(pay.get('p5'), lang='en')}–"
        f"{fmt_rupiah(pay.get('p95'), lang='en')}).")
    g = r.grant.set_index("skema")
    if {"santunan_duka", "jkm_jkk_apbd"} <= set(g.index):
        old, new = g.loc["santunan_duka"], g.loc["jkm_jkk_apbd"]
        out["santunan"] = _t(
            lang, f"Santunan lama: {fmt_rupiah(old['per_keluarga_idr'])} untuk "
                  f"{fmt_int(old['keluarga_per_tahun'])} keluarga setahun; skema baru: rata-rata "
                  f"{fmt_rupiah(new['per_keluarga_idr'])} untuk sekitar "
                  f"{fmt_int(new['keluarga_per_tahun'])} keluarga peserta.",
            f"Old grant: {fmt_rupiah(old['per_keluarga_idr'], lang='en')} for "
            f"{fmt_int(old['keluarga_per_tahun'], 'en')} families a year; new scheme: on average "
            f"{fmt_rupiah(new['per_keluarga_idr'], lang='en')} for about "
            f"{fmt_int(new['keluarga_per_tahun'], 'en')} participant families.")
    return out


def _sensitivity(r: Any, lang: str) -> str | None:
    s = getattr(r, "sensitivity", None)
    if s is None or not len(s):
        return None
    spread = (s["nilai_kini_tinggi_idr"] - s["nilai_kini_rendah_idr"]).abs()
    top = s.loc[spread.idxmax()]
    lo, hi = sorted((top["nilai_kini_rendah_idr"], top["nilai_kini_tinggi_idr"]))
    return _t(lang, f"Asumsi paling menentukan: {str(top['label']).lower()} "
                    f"({top['nilai_rendah']}–{top['nilai_tinggi']}) membuat nilai kini manfaat "
                    f"{fmt_rupiah(lo)}–{fmt_rupiah(hi)} (dasar "
                    f"{fmt_rupiah(top['nilai_kini_dasar_idr'])}).",
              f"Most decisive assumption: {str(top['label']).lower()} "
              f"({top['nilai_rendah']}–{top['nilai_tinggi']}) puts the present value of "
              f"benefits at {fmt_rupiah(lo, lang='en')}–{fmt_rupiah(hi, lang='en')} (base "
              f"{fmt_rupiah(top['nilai_kini_dasar_idr'], lang='en')}).")


def _budget_takeaway(stem: str, r: Any, lang: str) -> str:
    if re.search(r"sensitiv|tornado", stem):
        text = _sensitivity(r, lang)
        if text:
            return text
    s = budget_sentences(r, lang)
    if re.search(r"santunan|hibah|grant|banding", stem) and "santunan" in s:
        return s["santunan"]
    if re.search(r"klaim|kematian|manfaat|arus|bayar|kas|beasiswa|payout|claim", stem):
        return s["manfaat"]
    return s["iuran"]


def takeaway(section: str, stem: str, result: Any, lang: str = "id") -> str:
    """Write the one-line takeaway of a chart from the numbers of its result.

    Parameters
    ----------
    section : str
        ``coverage``, ``coverage_desa``, ``projection`` or ``budget``.
    stem : str
        The chart's file stem (``01-peta-kecamatan``); its kind is read from the name.
    result : CoverageResult, ProjectionResult or BudgetResult
    lang : {"id", "en"}

    Returns
    -------
    str

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> r = analyze_coverage(demo_dataset("35.22"))
    >>> takeaway("coverage", "01-peta-kecamatan", r)[:58]
    'Cakupan UCJ Kabupaten Bojonegoro 42,29% pada Juni 2025: ba'
    """
    name = re.sub(r"^\d+-", "", stem)
    kind = name.split("-")[0]
    if section in ("coverage", "coverage_desa"):
        return _coverage_takeaway(kind, result, lang)
    if section == "projection":
        return _projection_takeaway(kind, result, lang)
    return _budget_takeaway(name, result, lang)


# --- rendering ------------------------------------------------------------------------

def _rgb(c: tuple[int, int, int]) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor(*c)


def _text(slide: Any, x: float, y: float, w: float, h: float, lines: Sequence[str],
          size: float, *, bold: bool = False, color: tuple[int, int, int] = _TEXT,
          bullets: bool = False, space: float = 6, autofit: bool = False) -> Any:
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    tf = box.text_frame
    tf.word_wrap = True
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = ("• " + line) if bullets and line else line
        p.space_after = Pt(space)
        for run in p.runs:
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = _rgb(color)
    if autofit:
        from pptx.enum.text import MSO_AUTO_SIZE

        tf.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    return box


def _demo_badge(slide: Any, label: str) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    if not label:
        return
    w = 0.13 * len(label) + 0.5
    shp = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(_W - w - 0.25),
                                 Inches(_H - 0.48), Inches(w), Inches(0.34))
    shp.fill.solid()
    shp.fill.fore_color.rgb = _rgb(_DEMO)
    shp.line.fill.background()
    tf = shp.text_frame
    tf.margin_top = tf.margin_bottom = 0
    p = tf.paragraphs[0]
    p.text = label.upper()
    p.alignment = PP_ALIGN.CENTER
    for run in p.runs:
        run.font.size, run.font.bold = Pt(12), True
        run.font.color.rgb = _rgb((0xFF, 0xFF, 0xFF))


def _footer(slide: Any, text: str, number: int) -> None:
    _text(slide, 0.4, _H - 0.45, 9.0, 0.3, [f"{text}  ·  {number}"], 10, color=_MUTED)


def write_deck(slides: Sequence[Slide], path: str | os.PathLike, *, label: str = "",
               footer: str = "") -> Path:
    """Render slides into a 16:9 .pptx file (atomically).

    Parameters
    ----------
    slides : sequence of Slide
    path : str or path-like
        Destination ``.pptx``.
    label : str
        Demo label shown on every slide (``""`` for real data).
    footer : str
        Footer text of every slide after the first (kabupaten and period).

    Returns
    -------
    pathlib.Path
        The deck written.

    Raises
    ------
    OutputError
        When the file cannot be written.
    """
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(_W), Inches(_H)
    blank = prs.slide_layouts[6]
    for n, s in enumerate(slides, start=1):
        slide = prs.slides.add_slide(blank)
        if s.kind == "title":
            band = slide.shapes.add_shape(1, 0, 0, prs.slide_width, Inches(0.22))
            band.fill.solid()
            band.fill.fore_color.rgb = _rgb(_ACCENT)
            band.line.fill.background()
            _text(slide, 0.7, 0.85, 11.9, 1.0, [s.title], 40, bold=True)
            # not a policy number: positions and sizes on the slide, in inches
            _text(slide, 0.7, 1.85, 11.9, 0.6, [s.subtitle], 22, color=_MUTED)
            if label:
                _text(slide, 0.7, 2.5, 11.9, 0.5, [label.upper()], 20, bold=True, color=_DEMO)
            _text(slide, 0.7, 3.15, 11.9, 3.6, s.lines, 20, bullets=True, space=10,
                  autofit=True)
        elif s.kind == "chart":
            _text(slide, 0.4, 0.22, _W - 0.8, 1.05, [s.title], 22, bold=True, autofit=True)
            if s.image is not None and Path(s.image).exists():
                h = _H - 1.35 - 0.55
                w = h * 16 / 9
                slide.shapes.add_picture(str(s.image), Inches((_W - w) / 2), Inches(1.3),
                                         Inches(w), Inches(h))
            if s.lines:
                slide.notes_slide.notes_text_frame.text = "\n".join(s.lines)
        else:
            _text(slide, 0.5, 0.3, _W - 1.0, 0.8, [s.title], 28, bold=True)
            size = 16 if len(s.lines) <= 6 else 14 if len(s.lines) <= 11 else 12
            _text(slide, 0.5, 1.15, _W - 1.0, _H - 1.8, s.lines, size, bullets=True, space=4,
                  autofit=True)
        _demo_badge(slide, label)
        if n > 1 and footer:
            _footer(slide, footer, n)
        for shp in slide.shapes:
            if shp.has_text_frame:
                for p in shp.text_frame.paragraphs:
                    for run in p.runs:
                        if run.font.size is None:
                            run.font.size = Pt(14)
    with atomic_path(path) as tmp:
        prs.save(str(tmp))
    return Path(path)
