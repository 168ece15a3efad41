"""Slide-size charts, display tables and sentences of a budget (:class:`BudgetResult`).

The tables and sentences are written in :mod:`ucjlib.render.budget_text` and importable
from here, the one place the notebooks and commands take them from.

Every number comes from the result; nothing is recomputed. Each figure carries the numbers it
drew as ``fig._ucj_data`` so tests check a chart through its data, not its pixels. Rupiah are
written the Indonesian way (``Rp 31,7 miliar``), English with ``lang="en"`` on the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucjlib.budget.result import BudgetResult
from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_rupiah, month_name
from ucjlib.render import style
from ucjlib.render.budget_text import (
    BILLION,
    budget_frames,
    budget_lines,
    budget_narrative,
    cashflow_table,
    format_yearly,
    grant_table,
    payer_label,
    payers_of,
    rules_table,
    sensitivity_display,
    yearly_table,
)
from ucjlib.render.placement import fit_title
from ucjlib.text import render_notes

__all__ = ["budget_figures", "budget_frames", "budget_lines", "budget_narrative",
           "cashflow_table", "contribution_chart", "format_yearly", "grant_chart",
           "grant_table", "payout_chart", "rules_table", "save_budget_figures",
           "sensitivity_chart", "sensitivity_display", "write_budget_workbook", "yearly_table"]

#: Colours of the payout parts (Okabe-Ito, colour-blind safe; distinct in greyscale by
#: lightness): JKM cash, JKK cash, scholarships.
PART_COLORS = {"jkm": "#542788", "jkk": "#D55E00", "beasiswa": "#E69F00"}
PAYER_COLORS = {"apbd": "#542788", "apbdes": "#8073ac", "mandiri": "#E69F00",
                "pekerja": "#E69F00",
                "lainnya": "#999999"}
OLD_COLOR = "#999999"
BAR = 0.6  # not a policy number: bar thickness (share of a slot)
PAD = 0.6  # not a policy number: axis padding around the first/last bar (slots)


def _t(lang: str, id_: str, en: str) -> str:
    return id_ if lang == "id" else en


def _rp(x: float, lang: str, exact: bool = False) -> str:
    return fmt_rupiah(x, lang=lang, short=not exact)


def _name(result: BudgetResult) -> str:
    return result.region.nama if result.region is not None else "UCJ"


def _footer(fig: Figure, result: BudgetResult, extra: list[str]) -> None:
    lang = result.lang
    rules = _t(lang, f"Aturan versi {result.rule_version}.", f"Rules version "
               f"{result.rule_version}.")
    style.add_footer(fig, _t(lang, "perhitungan ucjlib atas aturan BPJS Ketenagakerjaan "
                             "(data/rules) dan asumsi (data/assumptions/budget.yaml)",
                             "ucjlib calculation from BPJS Ketenagakerjaan rules "
                             "(data/rules) and assumptions (data/assumptions/budget.yaml)"),
                     None, result.demo, lang, [*extra, rules])


def _miliar_axis(ax: Any, lang: str, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    f = FuncFormatter(lambda v, _: fmt_number(v, 0 if float(v).is_integer() else 1, lang))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(f)
    label = _t(lang, "miliar rupiah", "IDR billion")
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label)


# ---------------------------------------------------------------- charts
@style.styled
def contribution_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Contribution budget per fiscal year by payer, and the two policy questions.

    Left: the bill of each fiscal year, stacked by payer. Right: renewing the first cohort
    for a year, and closing the gap to the target (until the deadline, then 12 months).

    Returns
    -------
    matplotlib.figure.Figure
        ``fig._ucj_data``: ``yearly`` (tahun and one column per payer, rupiah), ``questions``
        (label -> rupiah) and ``title``.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> d = contribution_chart(estimate_budget(157_058, start="2026-01", draws=100))._ucj_data
    >>> round(d["yearly"]["iuran_apbd_idr"].iloc[0])
    31662892800
    """
    lang = result.lang
    payers = payers_of(result)
    y = result.yearly
    fig = style.blank_figure()
    ax = fig.add_axes((0.065, 0.17, 0.46, 0.64))
    x = np.arange(len(y))
    bottom = np.zeros(len(y))
    handles = []
    for p in payers:
        v = y[f"iuran_{p}_idr"].to_numpy(dtype=float) / BILLION
        color = PAYER_COLORS.get(p.lower(), "#999999")
        handles.append(ax.bar(x, v, bottom=bottom, color=color, width=BAR,
                              label=payer_label(p, lang)))
        bottom += v
    for xi, tot in zip(x, y["iuran_total_idr"], strict=True):
        label = _rp(tot, lang) if len(x) <= 3 else fmt_number(tot / BILLION, 1, lang)
        ax.text(xi, tot / BILLION, label, ha="center", va="bottom", fontsize=12,
                fontweight="bold")
    ax.set_xticks(x, [str(int(t)) for t in y["tahun"]])
    ax.set_ylim(0, max(bottom.max(), 1e-9) * 1.18)
    _miliar_axis(ax, lang)
    ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    ax.set_title(_t(lang, "Iuran per tahun anggaran", "Contributions per fiscal year"),
                 fontsize=14)
    if len(payers) > 1:
        ax.legend(frameon=False, loc="upper left", ncol=len(payers))
    questions: dict[str, float] = {}
    ren = result.renewal
    questions[_t(lang, f"Perpanjang {fmt_int(ren['peserta'])} peserta\nselama {ren['tahun']}",
                 f"Renew {fmt_int(ren['peserta'], 'en')} participants\nfor {ren['tahun']}")] = \
        float(ren.get("iuran_apbd_idr", ren.get("iuran_total_idr", 0.0)) or
              ren.get("iuran_total_idr", 0.0))
    gap = result.gap
    if gap is not None and gap["needed_total"] > 0:
        dl = month_name(gap["deadline"], lang, short=True)
        questions[_t(lang, f"Kesenjangan ke target:\n{gap['months']} bulan s.d. {dl}",
                     f"Gap to target:\n{gap['months']} months to {dl}")] = \
            float(gap["cost_until_deadline_idr"])
        questions[_t(lang, "Kesenjangan ke target:\n12 bulan sesudahnya",
                     "Gap to target:\nthe 12 months after")] = \
            float(gap["cost_next_12_months_idr"])
    ax2 = fig.add_axes((0.745, 0.17, 0.235, 0.64))
    labels = list(questions)
    vals = np.array([questions[k] for k in labels]) / BILLION
    yy = max(len(labels), 3) - 1 - np.arange(len(labels))
    ax2.barh(yy, vals, color=[style.ACCENT] + [style.ACCENT_LIGHT] * (len(labels) - 1),
             height=0.55)
    for yi, v in zip(yy, vals, strict=True):
        ax2.text(v, yi, " " + _rp(v * BILLION, lang), va="center", ha="left", fontsize=12,
                 fontweight="bold")
    ax2.set_yticks(yy, labels)
    ax2.set_xlim(0, max(vals.max(), 1e-9) * 1.8)
    ax2.set_ylim(-PAD, max(len(labels), 3) - 0.4)
    _miliar_axis(ax2, lang, "x")
    ax2.set_title(_t(lang, "Pertanyaan anggaran", "Budget questions"), fontsize=14)
    ax2.grid(axis="x", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax2.set_axisbelow(True)
    y0 = str(int(y["tahun"].iloc[0]))
    total0 = float(y["iuran_total_idr"].iloc[0])
    if title is None:
        title = _t(lang, f"Iuran {y0}: {_rp(total0, lang)} untuk "
                   f"{fmt_int(result.monthly['peserta'].iloc[0])} peserta",
                   f"Contributions {y0}: {_rp(total0, lang)} for "
                   f"{fmt_int(result.monthly['peserta'].iloc[0], 'en')} participants")
    per = {payer_label(k, lang): v
           for k, v in result.figures()["contribution_per_participant_month"].items()}
    sub = _t(lang, f"{_name(result)} · mulai {month_name(result.start)} · iuran per peserta "
             f"per bulan: " + ", ".join(f"{k} {_rp(v, lang, True)}" for k, v in per.items()),
             f"{_name(result)} · from {month_name(result.start, 'en')} · contribution per "
             f"participant per month: "
             + ", ".join(f"{k} {_rp(v, lang, True)}" for k, v in per.items()))
    t = style.add_titles(fig, title, sub)
    extra = []
    if gap is not None and gap["needed_total"] > 0:
        extra.append(_t(lang, f"Kesenjangan: laju bersih {fmt_int(gap['net_per_month'])} "
                        f"peserta/bulan dari proyeksi ({gap['scenario']}), dibayar dengan "
                        "pendanaan yang sama.",
                        f"Gap: net pace {fmt_int(gap['net_per_month'], 'en')} participants/"
                        f"month from the projection ({gap['scenario']}), paid the same way."))
    _footer(fig, result, extra)
    fit_title(fig, t)
    fig._ucj_data = {"yearly": y[["tahun", *[f"iuran_{p}_idr" for p in payers]]].copy(),
                     "questions": questions, "title": title}
    return fig


@style.styled
def payout_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Draw expected payouts per year, stacked JKM / JKK / scholarships, with the P5–P95 range.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig._ucj_data``: ``parts`` (tahun, jkm, jkk, beasiswa in rupiah), ``p5``/``p95``
        (total per year), ``title``.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> b = estimate_budget(157_058, start="2026-01", draws=500)
    >>> d = payout_chart(b)._ucj_data
    >>> bool(abs(d["parts"][["jkm", "jkk", "beasiswa"]].sum().sum()
    ...          - b.cashflow["pembayaran_idr"].sum()) < 1)
    True
    """
    lang = result.lang
    cf = result.cashflow
    sim = result.simulation.set_index("tahun").loc[cf["tahun"]]
    parts = pd.DataFrame({"tahun": cf["tahun"].astype(int),
                          "jkm": cf["manfaat_jkm_idr"], "jkk": cf["manfaat_jkk_idr"],
                          "beasiswa": cf["beasiswa_idr"]})
    fig = style.blank_figure()
    ax = fig.add_axes((0.065, 0.17, 0.70, 0.64))
    x = parts["tahun"].to_numpy()
    bottom = np.zeros(len(x))
    names = {"jkm": _t(lang, "JKM (uang tunai)", "JKM (cash)"),
             "jkk": _t(lang, "JKK kematian (uang tunai)", "JKK death (cash)"),
             "beasiswa": _t(lang, "Beasiswa anak", "Children's scholarships")}
    for k in ("jkm", "jkk", "beasiswa"):
        v = parts[k].to_numpy(dtype=float) / BILLION
        ax.bar(x, v, bottom=bottom, color=PART_COLORS[k], width=0.72, label=names[k])
        bottom += v
    p5 = sim["pembayaran_idr_p5"].to_numpy(dtype=float)
    p95 = sim["pembayaran_idr_p95"].to_numpy(dtype=float)
    ax.errorbar(x, bottom, yerr=[np.clip(bottom - p5 / BILLION, 0, None),
                                 np.clip(p95 / BILLION - bottom, 0, None)],
                fmt="none", ecolor="#222222", elinewidth=1.4, capsize=4,
                label=_t(lang, "Rentang 90% (P5–P95)", "90% range (P5–P95)"))
    ax.set_xlim(x.min() - 0.7, x.max() + 0.7)
    ax.set_ylim(0, max(p95.max() / BILLION, bottom.max()) * 1.12)
    ax.set_xticks(x[:: 2 if len(x) > 14 else 1])
    _miliar_axis(ax, lang)
    ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=12)
    cashyears = parts.loc[(parts["jkm"] + parts["jkk"]) > 0, "tahun"]
    school = cf.loc[cf["beasiswa_idr"] > 0]
    jkm_school = cf.loc[cf["beasiswa_jkm_idr"] > 0, "tahun"]
    panel = [
        _t(lang, "Total {h} tahun:", "Total over {h} years:").format(h=result.horizon),
        _rp(float(cf["pembayaran_idr"].sum()), lang),
        _t(lang, "Nilai kini:", "Present value:") + " "
        + _rp(result.present_value["expected"], lang),
        "",
        _t(lang, "Beasiswa:", "Scholarships:") + " " + _rp(float(cf["beasiswa_idr"].sum()),
                                                          lang),
        (_t(lang, f"beasiswa JKM mulai {int(jkm_school.iloc[0])}",
            f"JKM scholarships from {int(jkm_school.iloc[0])}") if len(jkm_school) else
         _t(lang, "tanpa beasiswa JKM", "no JKM scholarships")),
        (_t(lang, f"dibayar sampai {int(school['tahun'].iloc[-1])}",
            f"paid until {int(school['tahun'].iloc[-1])}") if len(school) else ""),
    ]
    fig.text(0.79, 0.45, "\n".join(panel), fontsize=12, va="top", ha="left",
             linespacing=1.5, color=style.TEXT_COLOR)
    if title is None:
        y0 = int(x[0])
        title = _t(lang, f"Manfaat bagi keluarga: {_rp(float(bottom[0] * BILLION), lang)} pada "
                   f"{y0}, beasiswa berlanjut sampai {int(school['tahun'].iloc[-1])}"
                   if len(school) else
                   f"Manfaat bagi keluarga: {_rp(float(bottom[0] * BILLION), lang)} pada {y0}",
                   f"Benefits to families: {_rp(float(bottom[0] * BILLION), lang)} in {y0}, "
                   f"scholarships continue until {int(school['tahun'].iloc[-1])}"
                   if len(school) else
                   f"Benefits to families: {_rp(float(bottom[0] * BILLION), lang)} in {y0}")
    n_years = max(len(cashyears), 1)
    span = (str(int(x[0])) if n_years == 1 else f"{int(x[0])}–{int(x[0]) + n_years - 1}")
    sub = _t(lang, f"{_name(result)} · kematian peserta {span} · perkiraan dan rentang 90% "
             f"dari {fmt_int(result.draws)} tahun simulasi",
             f"{_name(result)} · deaths of participants in {span} · expected and 90% range "
             f"of {fmt_int(result.draws, 'en')} simulated years")
    t = style.add_titles(fig, title, sub)
    _footer(fig, result, [
        _t(lang, f"Angka kematian {fmt_number(result.death_rate * 1000, 2)} per 1.000 "
           f"peserta-tahun ({result.death_rate_source.split(' (')[0]}); "
           f"{fmt_pct(result.work_accident_share, 0)} kecelakaan kerja (asumsi); beasiswa "
           "menurut umur anak (asumsi).",
           f"Death rate {fmt_number(result.death_rate * 1000, 2, 'en')} per 1,000 "
           f"participant-years ({result.death_rate_source.split(' (')[0]}); "
           f"{fmt_pct(result.work_accident_share, 0, 'en')} work accidents (assumption); "
           "scholarships by child age (assumption).")])
    fit_title(fig, t)
    fig._ucj_data = {"parts": parts, "p5": p5, "p95": p95, "panel": panel, "title": title}
    return fig


@style.styled
def grant_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Draw the old santunan duka against the new scheme: cost, families reached, amount per family.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig._ucj_data``: ``table`` (the grant table drawn) and ``title``.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> d = grant_chart(estimate_budget(157_058, draws=100))._ucj_data
    >>> int(d["table"]["keluarga_per_tahun"].iloc[0])
    7500
    """
    lang = result.lang
    g = grant_table(result)
    fig = style.blank_figure()
    panels = [("biaya_per_tahun_idr", _t(lang, "Biaya per tahun", "Cost per year"), "rp"),
              ("keluarga_per_tahun", _t(lang, "Keluarga penerima per tahun",
                                        "Families reached per year"), "n"),
              ("per_keluarga_idr", _t(lang, "Rata-rata per keluarga", "Average per family"),
               "rp")]
    colors = [OLD_COLOR, style.ACCENT]
    for i, (col, head, kind) in enumerate(panels):
        ax = fig.add_axes((0.17 + i * 0.285, 0.2, 0.19, 0.56))
        vals = g[col].to_numpy(dtype=float)
        yy = np.array([1, 0])
        ax.barh(yy, vals, color=colors, height=BAR)
        for yi, v in zip(yy, vals, strict=True):
            txt = _rp(v, lang) if kind == "rp" else fmt_int(v, lang)
            ax.text(v, yi, " " + txt, va="center", ha="left", fontsize=13, fontweight="bold")
        ax.set_xlim(0, vals.max() * 2.1)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        ax.set_title(head, fontsize=14)
        if i == 0:
            ax.set_yticks(yy, [s.replace(" (", "\n(") for s in g["skema"]], fontsize=12)
        else:
            ax.set_yticks([])
    old, new = result.grant.iloc[0], result.grant.iloc[1]
    times = new["per_keluarga_idr"] / old["per_keluarga_idr"] if old["per_keluarga_idr"] else 0
    share = new["keluarga_per_tahun"] / old["keluarga_per_tahun"] if \
        old["keluarga_per_tahun"] else 0
    if title is None:
        title = _t(lang, f"Skema baru: {fmt_int(times)}× lebih besar per keluarga, untuk "
                   f"{fmt_pct(share, 0)} jumlah keluarga santunan lama",
                   f"New scheme: {fmt_int(times, 'en')}× more per family, for "
                   f"{fmt_pct(share, 0, 'en')} of the families of the old grant")
    y_old, y_new = int(old["tahun_dasar"]), int(new["tahun_dasar"])
    sub = _t(lang, f"{_name(result)} · santunan duka lama (skala anggaran {y_old}) dibanding "
             f"iuran JKM/JKK {y_new}",
             f"{_name(result)} · old santunan duka grant ({y_old} budget scale) against "
             f"JKM/JKK contributions {y_new}")
    t = style.add_titles(fig, title, sub)
    import textwrap

    lost = _t(lang, "Tidak lagi terjangkau: kematian anggota keluarga yang bukan peserta "
              "(istri/suami, anak, orang tua) dan warga miskin yang tidak terdaftar.",
              "No longer reached: deaths of family members who are not the insured worker "
              "(spouse, children, parents) and poor residents who are not enrolled.")
    fig.text(0.01, 0.09, "\n".join(textwrap.wrap(lost, 120)), fontsize=12,
             color=style.TEXT_COLOR, fontweight="bold", va="bottom")
    amount = _rp(float(old["per_keluarga_idr"]), lang)
    _footer(fig, result, [_t(
        lang, "Skema baru: keluarga = perkiraan kematian peserta; per keluarga = uang JKM/JKK "
        f"ditambah nilai kini beasiswa. Santunan lama: {amount} × ahli waris dianggarkan "
        f"{y_old}.",
        "New scheme: families = expected deaths of participants; per family = JKM/JKK cash "
        f"plus the present value of scholarships. Old grant: {amount} × heirs budgeted in "
        f"{y_old}.")])
    fit_title(fig, t)
    fig._ucj_data = {"table": result.grant.copy(), "times": times, "share": share,
                     "title": title}
    return fig


@style.styled
def sensitivity_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Tornado chart: the present value of all payouts with each assumption low and high.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig._ucj_data``: ``table`` (the sensitivity table drawn), ``base`` and ``title``.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> d = sensitivity_chart(estimate_budget(157_058, draws=100))._ucj_data
    >>> d["table"]["asumsi"].iloc[0]
    'death_rate'
    """
    lang = result.lang
    s = result.sensitivity
    if s is None:
        raise ValueError("budget computed with sensitivity=False")
    base = float(s["nilai_kini_dasar_idr"].iloc[0])
    fig = style.blank_figure()
    ax = fig.add_axes((0.25, 0.17, 0.62, 0.64))
    yy = np.arange(len(s))[::-1]
    lo = s["nilai_kini_rendah_idr"].to_numpy(dtype=float) / BILLION
    hi = s["nilai_kini_tinggi_idr"].to_numpy(dtype=float) / BILLION
    b = base / BILLION
    ax.barh(yy, lo - b, left=b, color=style.ACCENT_LIGHT, height=0.55,
            label=_t(lang, "nilai rendah", "low value"))
    ax.barh(yy, hi - b, left=b, color=style.ACCENT, height=0.55,
            label=_t(lang, "nilai tinggi", "high value"))
    ax.axvline(b, color="#222222", linewidth=1.4)
    span = max(np.abs(hi - b).max(), np.abs(lo - b).max(), 1e-9)
    for yi, vl, vh, tl, th in zip(yy, lo, hi, s["nilai_rendah"], s["nilai_tinggi"],
                                  strict=True):
        ax.text(min(vl, vh) - span * 0.02, yi, f"{tl if vl < vh else th}: "
                f"{_rp(min(vl, vh) * BILLION, lang)}", ha="right", va="center", fontsize=12)
        ax.text(max(vl, vh) + span * 0.02, yi, f"{th if vh > vl else tl}: "
                f"{_rp(max(vl, vh) * BILLION, lang)}", ha="left", va="center", fontsize=12)
    ax.set_yticks(yy, [f"{lab}\n({_t(lang, 'dasar', 'base')} {d})"
                       for lab, d in zip(s["label"], s["nilai_dasar"], strict=True)],
                  fontsize=12)
    ax.set_xlim(max(0.0, b - span * 1.9), b + span * 1.9)
    _miliar_axis(ax, lang, "x")
    ax.set_xlabel(_t(lang, "nilai kini seluruh pembayaran manfaat (miliar rupiah)",
                     "present value of all benefit payouts (IDR billion)"))
    ax.grid(axis="x", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    ax.text(b, yy.max() + 0.55, _t(lang, "dasar ", "base ") + _rp(base, lang), ha="center",
            va="bottom", fontsize=12, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none"})
    ax.set_ylim(-PAD, yy.max() + 0.9)
    top = s.iloc[0]
    if title is None:
        title = _t(lang, f"Paling menentukan: {top['label'].lower()} "
                   f"({_rp(top['nilai_kini_rendah_idr'], lang)}–"
                   f"{_rp(top['nilai_kini_tinggi_idr'], lang)})",
                   f"Most decisive: {top['label'].lower()} "
                   f"({_rp(top['nilai_kini_rendah_idr'], lang)}–"
                   f"{_rp(top['nilai_kini_tinggi_idr'], lang)})")
    sub = _t(lang, f"{_name(result)} · nilai kini seluruh manfaat bila satu asumsi diubah, "
             "yang lain tetap",
             f"{_name(result)} · present value of all benefits with one assumption changed, "
             "the others fixed")
    t = style.add_titles(fig, title, sub)
    _footer(fig, result, [_t(lang, "Rentang asumsi: data/assumptions/budget.yaml "
                             "(sensitivity).",
                             "Assumption ranges: data/assumptions/budget.yaml (sensitivity).")])
    fit_title(fig, t)
    fig._ucj_data = {"table": s.copy(), "base": base, "title": title}
    return fig


def budget_figures(result: BudgetResult) -> dict[str, Figure]:
    """Every chart of a budget, by file stem, in reading order.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> list(budget_figures(estimate_budget(157_058, draws=200)))
    ['anggaran-iuran', 'pembayaran-manfaat', 'perbandingan-santunan', 'sensitivitas-manfaat']
    """
    figs = {"anggaran-iuran": contribution_chart(result),
            "pembayaran-manfaat": payout_chart(result)}
    if len(result.grant):
        figs["perbandingan-santunan"] = grant_chart(result)
    if result.sensitivity is not None:
        figs["sensitivitas-manfaat"] = sensitivity_chart(result)
    return figs


def save_budget_figures(result: BudgetResult, out_dir: str | Path) -> list[Path]:
    """Draw every budget chart and save it as PNG and SVG in ``out_dir``.

    Raises
    ------
    OutputError
        When ``out_dir`` cannot be written; charts already there are left as they were.
    """
    from ucjlib.files import ensure_dir

    out = ensure_dir(out_dir)
    written: list[Path] = []
    for name, fig in budget_figures(result).items():
        written += style.save_figure(fig, out / name)
    return written


def write_budget_workbook(result: BudgetResult, path: str | Path) -> Path:
    """Write the budget as one XLSX workbook (the report's workbook format).

    Sheets: a ``Keterangan`` sheet with the headline sentences, the grant comparison, the
    assumptions and notes; contributions per year; the payout cash flow; the comparison.

    Raises
    ------
    OutputError
        When the file cannot be written (an earlier file is kept).
    """
    from ucjlib.render.csvout import budget_tables
    from ucjlib.render.workbook import write_workbook

    lang = result.lang
    title = _t(lang, f"Anggaran UCJ — {_name(result)}", f"UCJ budget — {_name(result)}")
    about = [*budget_lines(result), *budget_narrative(result),
             *render_notes(result.notes, lang),
             *result.assumptions,
             _t(lang, f"Versi aturan: {result.rule_version}.",
                f"Rule version: {result.rule_version}.")]
    return write_workbook(budget_tables(result, lang), path, title=title, about=about,
                          label=result.label, lang=lang)
