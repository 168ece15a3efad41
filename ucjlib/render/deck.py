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
from ucjlib.fmt import fmt_pct
from ucjlib.text import say, say_or

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


def _short(nama: str) -> str:
    return nama.removeprefix("Kabupaten ")


def _coverage_takeaway(kind: str, r: Any, lang: str) -> str:
    from ucjlib.render.narrative import narrative

    t = r.table
    has = t.loc[t["cakupan"].notna()]
    tgt = r.target.value
    above = int((has["cakupan"] >= r.target.value - 1e-12).sum())
    lvl = say_or(f"deck.level.{r.level}", lang, r.level)
    cov = r.total.get("cakupan")
    if kind == "peta":
        sup = getattr(r, "suppressed", None)
        hidden = int(t["kode"].astype(str).isin(sup.hidden).sum()) if sup is not None else 0
        nodata = len(t) - len(has) - hidden
        extra = ""
        if nodata:
            extra = say("deck.map.nodata", lang, n=nodata, units=lvl)
        if hidden:  # small cells (ucjlib.smallcells): not "without data"
            extra += say("deck.map.hidden", lang, n=hidden, units=lvl)
        return say("deck.map", lang, name=r.region.nama, cov=cov, month=r.periode, above=above,
                   n=len(has), units=lvl, target=tgt, extra=extra)
    lines = narrative(r)
    if kind == "peringkat" and r.level == "desa" and len(has) > 3:
        low = has.sort_values(["cakupan", "kode"]).head(3)
        names = ", ".join(f"{n} ({fmt_pct(v, 2, lang)})"
                          for n, v in zip(low["nama"], low["cakupan"], strict=True))
        return say("deck.rank.lowest", lang, below=len(has) - above, n=len(has), units=lvl,
                   target=tgt, names=names)
    if kind == "peringkat" and len(lines) > 1:
        return lines[1]
    if kind == "segmen":
        s = r.segments.set_index("segmen")
        if {"PU", "BPU"} <= set(s.index) and pd.notna(s.loc["PU", "cakupan_segmen"]) and \
                pd.notna(s.loc["BPU", "cakupan_segmen"]):
            pu, bpu = s.loc["PU", "cakupan_segmen"], s.loc["BPU", "cakupan_segmen"]
            return say("deck.segments.gap", lang, pu=pu, bpu=bpu)
        top = r.segments.sort_values("peserta_aktif", ascending=False).iloc[0]
        return say("deck.segments.top", lang, label=top["label"], n=top["peserta_aktif"])
    if kind == "tren":
        d3, d12 = r.total.get("perubahan_3bln"), r.total.get("perubahan_12bln")
        return say("deck.trend", lang, d3=d3, d12=d12, cov=cov, month=r.periode)
    return lines[0]


def _projection_takeaway(kind: str, r: Any, lang: str) -> str:
    tgt, dl = r.target.value, r.deadline
    if kind == "skenario":
        r = r.shown(lang)
        s = r.scenarios.dropna(subset=["cakupan_januari"])
        main = r.scenarios.loc[r.scenarios["skenario"] == r.scenario].iloc[0]
        if len(s):
            worst = s.loc[s["cakupan_januari"].idxmin()]
            if worst["cakupan_januari"] < main["cakupan_januari"] - 0.0005:
                return say("deck.scenarios.january", lang, worst=worst["skenario"],
                           jan=worst["periode_januari"], cov=worst["cakupan_januari"],
                           scenario=r.scenario, main=main["cakupan_januari"])
        sc = r.scenarios
        lo, hi = sc["cakupan_tenggat"].min(), sc["cakupan_tenggat"].max()
        if hi - lo >= 0.00005:
            return say("deck.scenarios.range", lang, deadline=dl, lo=lo, hi=hi, target=tgt)
        end = r.scenario_paths["periode"].max()
        a, b = sc["cakupan_akhir"].min(), sc["cakupan_akhir"].max()
        if b - a >= 0.00005:
            return say("deck.scenarios.later", lang, deadline=dl, lo=lo, target=tgt, end=end,
                       a=a, b=b)
        why = "" if r.model.get("cohorts") else say("deck.scenarios.no_cohort", lang)
        return say("deck.scenarios.same", lang, why=why, lo=lo, deadline=dl, a=a, end=end,
                   target=tgt)
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
    payer = "APBD" if f["apbd_budget_per_year"].get(y0) else say("deck.budget.total", lang)
    out = {"iuran": say("deck.budget.contributions", lang, payer=payer, year=y0, amount=apbd,
                        n=peserta, per=per_v)}
    pay = f["payout_by_year"].get(y0, {})
    out["manfaat"] = say("deck.budget.payouts", lang, d50=f["deaths_p50"], year=y0,
                         d5=f["deaths_p5"], d95=f["deaths_p95"], mean=pay.get("mean"),
                         p5=pay.get("p5"), p95=pay.get("p95"))
    g = r.grant.set_index("skema")
    if {"santunan_duka", "jkm_jkk_apbd"} <= set(g.index):
        old, new = g.loc["santunan_duka"], g.loc["jkm_jkk_apbd"]
        out["santunan"] = say("deck.budget.grant", lang, old=old["per_keluarga_idr"],
                              old_n=old["keluarga_per_tahun"], new=new["per_keluarga_idr"],
                              new_n=new["keluarga_per_tahun"])
    return out


def _sensitivity(r: Any, lang: str) -> str | None:
    s = getattr(r, "sensitivity", None)
    if s is None or not len(s):
        return None
    spread = (s["nilai_kini_tinggi_idr"] - s["nilai_kini_rendah_idr"]).abs()
    top = s.loc[spread.idxmax()]
    lo, hi = sorted((top["nilai_kini_rendah_idr"], top["nilai_kini_tinggi_idr"]))
    return say("deck.sensitivity", lang, label=str(top["label"]).lower(),
               low=top["nilai_rendah"], high=top["nilai_tinggi"], lo=lo, hi=hi,
               base=top["nilai_kini_dasar_idr"])


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
