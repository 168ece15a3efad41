"""Slide-size charts, display tables and sentences of a budget (:class:`BudgetResult`).

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
from ucjlib.render.placement import fit_title
from ucjlib.render.safe import html_frame

__all__ = ["budget_figures", "budget_frames", "budget_lines", "budget_narrative",
           "cashflow_table", "contribution_chart", "grant_chart", "grant_table",
           "payout_chart", "save_budget_figures", "sensitivity_chart", "sensitivity_display",
           "write_budget_workbook", "yearly_table"]

#: Colours of the payout parts (Okabe-Ito, colour-blind safe; distinct in greyscale by
#: lightness): JKM cash, JKK cash, scholarships.
PART_COLORS = {"jkm": "#542788", "jkk": "#D55E00", "beasiswa": "#E69F00"}
PAYER_COLORS = {"apbd": "#542788", "apbdes": "#8073ac", "mandiri": "#E69F00",
                "pekerja": "#E69F00",
                "lainnya": "#999999"}
OLD_COLOR = "#999999"
BILLION = 1e9  # not a policy number: axis unit (miliar)
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


def _payers(result: BudgetResult) -> list[str]:
    return [c.removeprefix("iuran_").removesuffix("_idr") for c in result.yearly.columns
            if c.startswith("iuran_") and c != "iuran_total_idr"]


def _payer_label(col: str, lang: str) -> str:
    labels = {"apbd": "APBD", "apbdes": "APBDes",
              "mandiri": _t(lang, "pekerja (mandiri)", "workers (self-paid)"),
              "pekerja": _t(lang, "pekerja (mandiri)", "workers (self-paid)"),
              "lainnya": _t(lang, "lainnya", "other")}
    return labels.get(col.lower(), col)


# ---------------------------------------------------------------- tables
def yearly_table(result: BudgetResult) -> pd.DataFrame:
    """Budget by fiscal year: participants, contributions by payer, deaths and payouts.

    Returns
    -------
    pandas.DataFrame
        Numeric columns: ``tahun``, ``peserta_rata2``, ``iuran_<payer>_idr``...,
        ``iuran_total_idr``, ``kematian``, ``kematian_p5``, ``kematian_p95``,
        ``manfaat_tunai_idr``, ``beasiswa_idr``, ``pembayaran_idr``, ``pembayaran_p5_idr``,
        ``pembayaran_p95_idr`` (payouts of the deaths of the budget years, paid in that year).

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> t = yearly_table(estimate_budget(157_058, start="2026-01", draws=500))
    >>> int(t.loc[0, "tahun"]), round(t.loc[0, "iuran_total_idr"])
    (2026, 31662892800)
    """
    y = result.yearly.copy()
    out = pd.DataFrame({"tahun": y["tahun"].astype(int),
                        "peserta_rata2": y["peserta_bulan"] / y["bulan"]})
    for c in y.columns:
        if c.startswith("iuran_"):
            out[c] = y[c].to_numpy(dtype=float)
    cf = result.cashflow.set_index("tahun")
    sim = result.simulation.set_index("tahun")
    yrs = out["tahun"]
    out["kematian"] = cf.loc[yrs, "kematian"].to_numpy()
    out["kematian_p5"] = sim.loc[yrs, "kematian_p5"].to_numpy()
    out["kematian_p95"] = sim.loc[yrs, "kematian_p95"].to_numpy()
    out["manfaat_tunai_idr"] = (cf.loc[yrs, "manfaat_jkm_idr"]
                                + cf.loc[yrs, "manfaat_jkk_idr"]).to_numpy()
    out["beasiswa_idr"] = cf.loc[yrs, "beasiswa_idr"].to_numpy()
    out["pembayaran_idr"] = cf.loc[yrs, "pembayaran_idr"].to_numpy()
    out["pembayaran_p5_idr"] = sim.loc[yrs, "pembayaran_idr_p5"].to_numpy()
    out["pembayaran_p95_idr"] = sim.loc[yrs, "pembayaran_idr_p95"].to_numpy()
    return out.reset_index(drop=True)


def cashflow_table(result: BudgetResult) -> pd.DataFrame:
    """Payouts per year of the horizon: expected parts, P5/P50/P95 and present value.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> t = cashflow_table(estimate_budget(1000, start="2026-01", draws=200))
    >>> len(t), list(t.columns[:3])
    (25, ['tahun', 'kematian', 'manfaat_jkm_idr'])
    """
    cf = result.cashflow
    sim = result.simulation.set_index("tahun").loc[cf["tahun"]]
    out = cf[["tahun", "kematian", "manfaat_jkm_idr", "manfaat_jkk_idr", "beasiswa_jkm_idr",
              "beasiswa_jkk_idr", "pembayaran_idr"]].copy()
    for q in ("p5", "p50", "p95"):
        out[f"pembayaran_{q}_idr"] = sim[f"pembayaran_idr_{q}"].to_numpy()
    out["nilai_kini_idr"] = cf["nilai_kini_idr"].to_numpy()
    return out.reset_index(drop=True)


def grant_table(result: BudgetResult) -> pd.DataFrame:
    """Put the old grant and the new scheme side by side, with readable scheme names.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> grant_table(estimate_budget(157_058, draws=100))["skema"].tolist()
    ['Santunan duka (lama)', 'JKM/JKK dibayar APBD (baru)']
    """
    lang = result.lang
    names = {"santunan_duka": _t(lang, "Santunan duka (lama)", "Santunan duka (old grant)"),
             "jkm_jkk_apbd": _t(lang, "JKM/JKK dibayar APBD (baru)",
                                "APBD-paid JKM/JKK (new scheme)")}
    g = result.grant.copy()
    g["skema"] = g["skema"].map(names).fillna(g["skema"])
    return g


def sensitivity_display(result: BudgetResult) -> pd.DataFrame:
    """Show the sensitivity table as text for a notebook (empty when it was not computed).

    An :class:`ucjlib.render.safe.HtmlSafeFrame`: its ``.style`` escapes HTML.
    """
    s = result.sensitivity
    if s is None:
        return html_frame(pd.DataFrame())
    lang = result.lang
    return html_frame(pd.DataFrame({
        _t(lang, "Asumsi", "Assumption"): s["label"],
        _t(lang, "Rendah", "Low"): s["nilai_rendah"],
        _t(lang, "Dasar", "Base"): s["nilai_dasar"],
        _t(lang, "Tinggi", "High"): s["nilai_tinggi"],
        _t(lang, "Nilai kini (rendah)", "Present value (low)"):
            [_rp(v, lang) for v in s["nilai_kini_rendah_idr"]],
        _t(lang, "Nilai kini (dasar)", "Present value (base)"):
            [_rp(v, lang) for v in s["nilai_kini_dasar_idr"]],
        _t(lang, "Nilai kini (tinggi)", "Present value (high)"):
            [_rp(v, lang) for v in s["nilai_kini_tinggi_idr"]],
    }))


def rules_table(result: BudgetResult) -> pd.DataFrame:
    """The rules used, for display: an :class:`~ucjlib.render.safe.HtmlSafeFrame`.

    The rules may come from another folder (``UCJ_RULES_DIR``): their text is escaped.
    """
    return html_frame(result.rules_used)


def budget_frames(result: BudgetResult) -> dict[str, pd.DataFrame]:
    """Every key table of a budget, numeric, with raw column names (for ``ucj budget`` CSV).

    Returns
    -------
    dict of str to pandas.DataFrame
        ``anggaran-per-tahun``, ``arus-kas-manfaat``, ``perbandingan-santunan``,
        ``sensitivitas`` (when computed) and ``aturan-dipakai``.
    """
    tables = {"anggaran-per-tahun": yearly_table(result),
              "arus-kas-manfaat": cashflow_table(result)}
    if len(result.grant):
        tables["perbandingan-santunan"] = grant_table(result)
    if result.sensitivity is not None:
        tables["sensitivitas"] = result.sensitivity.copy()
    tables["aturan-dipakai"] = result.rules_used.copy()
    return tables


def format_yearly(result: BudgetResult) -> pd.DataFrame:
    """Show the fiscal-year table as Indonesian text for a notebook or the terminal.

    An :class:`ucjlib.render.safe.HtmlSafeFrame`: its ``.style`` escapes HTML.
    """
    lang = result.lang
    t = yearly_table(result)
    out = pd.DataFrame({_t(lang, "Tahun", "Year"): t["tahun"].astype(str),
                        _t(lang, "Peserta (rata-rata)", "Participants (mean)"):
                            [fmt_int(v, lang) for v in t["peserta_rata2"]]})
    for p in _payers(result):
        out[_t(lang, "Iuran ", "Contributions ") + _payer_label(p, lang)] = \
            [_rp(v, lang) for v in t[f"iuran_{p}_idr"]]
    if len(_payers(result)) > 1:
        out[_t(lang, "Iuran total", "Total contributions")] = \
            [_rp(v, lang) for v in t["iuran_total_idr"]]
    out[_t(lang, "Kematian (P5–P95)", "Deaths (P5–P95)")] = [
        f"{fmt_int(a, lang)} ({fmt_int(b, lang)}–{fmt_int(c, lang)})"
        for a, b, c in zip(t["kematian"], t["kematian_p5"], t["kematian_p95"], strict=True)]
    out[_t(lang, "JKM + JKK tunai", "JKM + JKK cash")] = [_rp(v, lang)
                                                         for v in t["manfaat_tunai_idr"]]
    out[_t(lang, "Beasiswa", "Scholarships")] = [_rp(v, lang) for v in t["beasiswa_idr"]]
    out[_t(lang, "Pembayaran (P5–P95)", "Payouts (P5–P95)")] = [
        f"{_rp(a, lang)} ({fmt_number(b / BILLION, 1, lang)}–{fmt_number(c / BILLION, 1, lang)}"
        + _t(lang, " miliar)", " billion)")
        for a, b, c in zip(t["pembayaran_idr"], t["pembayaran_p5_idr"],
                           t["pembayaran_p95_idr"], strict=True)]
    return html_frame(out)


# ---------------------------------------------------------------- sentences
def budget_lines(result: BudgetResult) -> list[str]:
    """Headline sentences of a budget, every number from the result.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> print(budget_lines(estimate_budget(157_058, start="2026-01", draws=500))[0])
    Iuran 2026 untuk 157.058 peserta: Rp 31,7 miliar (Rp 31.662.892.800), Rp 16.800 per
    peserta per bulan (APBD).
    """
    lang, f = result.lang, result.figures()
    y0 = str(int(result.yearly["tahun"].iloc[0]))
    n0 = int(result.monthly["peserta"].iloc[0])
    total0 = float(result.yearly["iuran_total_idr"].iloc[0])
    per = {_payer_label(k, lang): v for k, v in f["contribution_per_participant_month"].items()}
    if len(set(per.values())) == 1:
        per_txt = (f"{_rp(next(iter(per.values())), lang, exact=True)} "
                   + _t(lang, "per peserta per bulan", "per participant per month")
                   + f" ({', '.join(per)})")
    else:
        per_txt = _t(lang, "per peserta per bulan ", "per participant per month ") + "; ".join(
            f"{k} {_rp(v, lang, exact=True)}" for k, v in per.items())
    lines = [_t(lang,
                f"Iuran {y0} untuk {fmt_int(n0)} peserta: {_rp(total0, lang)} "
                f"({_rp(total0, lang, exact=True)}), {per_txt}.",
                f"Contributions {y0} for {fmt_int(n0, 'en')} participants: "
                f"{_rp(total0, lang)} ({_rp(total0, lang, exact=True)}), {per_txt}.")]
    ren = result.renewal
    if "iuran_apbd_idr" in ren and ren.get("iuran_apbd_idr"):
        lines.append(_t(lang,
                        f"Memperpanjang {fmt_int(ren['peserta'])} peserta selama tahun "
                        f"{ren['tahun']} butuh APBD {_rp(ren['iuran_apbd_idr'], lang)}.",
                        f"Renewing {fmt_int(ren['peserta'], 'en')} participants for "
                        f"{ren['tahun']} needs {_rp(ren['iuran_apbd_idr'], lang)} of APBD."))
    gap = result.gap
    if gap is not None and gap["needed_total"] > 0:
        dl = month_name(gap["deadline"], lang)
        scen = (f" ({_t(lang, 'skenario', 'scenario')} {gap['scenario']})"
                if gap.get("scenario") else "")
        lines.append(_t(
            lang,
            f"Menutup kesenjangan ke target sampai {dl}{scen}: "
            f"{fmt_int(gap['net_per_month'])} "
            f"peserta tambahan bersih per bulan selama {gap['months']} bulan "
            f"({fmt_int(gap['needed_total'])} orang); bila semuanya dibayar seperti di atas, "
            f"iurannya {_rp(gap['cost_until_deadline_idr'], lang)} sampai tenggat dan "
            f"{_rp(gap['cost_next_12_months_idr'], lang)} untuk 12 bulan sesudahnya.",
            f"Closing the gap to the target by {dl}{scen}: "
            f"{fmt_int(gap['net_per_month'], 'en')} "
            f"more participants net per month for {gap['months']} months "
            f"({fmt_int(gap['needed_total'], 'en')} people); if all are paid as above, their "
            f"contributions cost {_rp(gap['cost_until_deadline_idr'], lang)} until the "
            f"deadline and {_rp(gap['cost_next_12_months_idr'], lang)} for the 12 months "
            "after."))
    elif gap is not None:
        lines.append(_t(lang, "Target sudah tercapai: tidak ada kesenjangan untuk dibiayai.",
                        "The target is already reached: there is no gap to fund."))
    c0 = result.claims.iloc[0]
    lines.append(_t(
        lang,
        f"Perkiraan kematian peserta {y0}: {fmt_int(c0['kematian'])} (P5–P95 "
        f"{fmt_int(f['deaths_p5'])}–{fmt_int(f['deaths_p95'])}); uang JKM "
        f"{_rp(c0['manfaat_jkm_idr'], lang)}, JKK {_rp(c0['manfaat_jkk_idr'], lang)}.",
        f"Expected deaths of participants in {y0}: {fmt_int(c0['kematian'], 'en')} (P5–P95 "
        f"{fmt_int(f['deaths_p5'], 'en')}–{fmt_int(f['deaths_p95'], 'en')}); JKM cash "
        f"{_rp(c0['manfaat_jkm_idr'], lang)}, JKK {_rp(c0['manfaat_jkk_idr'], lang)}."))
    cf = result.cashflow
    jkm_first = cf.loc[cf["beasiswa_jkm_idr"] > 0, "tahun"]
    school_total = float(cf["beasiswa_idr"].sum())
    since = month_name(result.membership_since or result.start, lang)
    first_txt = (_t(lang, f"beasiswa JKM mulai {int(jkm_first.iloc[0])}, setelah masa iur "
                    f"minimal sejak {since}",
                    f"JKM scholarships from {int(jkm_first.iloc[0])}, after the minimum "
                    f"membership counted from {since}")
                 if len(jkm_first) else
                 _t(lang, f"tidak ada beasiswa JKM: semua kematian yang dianggarkan terjadi "
                    f"sebelum masa iur minimal sejak {since} terpenuhi",
                    "no JKM scholarships: every budgeted death happens before the minimum "
                    f"membership counted from {since}"))
    pv = result.present_value
    lines.append(_t(
        lang,
        f"Beasiswa anak: {_rp(school_total, lang)} selama {result.horizon} tahun "
        f"({first_txt}); nilai kini seluruh manfaat {_rp(pv['expected'], lang)} (P5–P95 "
        f"{_rp(pv['p5'], lang)}–{_rp(pv['p95'], lang)}, diskonto "
        f"{fmt_pct(result.discount_rate, 0)}).",
        f"Children's scholarships: {_rp(school_total, lang)} over {result.horizon} years "
        f"({first_txt}); present value of all benefits "
        f"{_rp(pv['expected'], lang)} (P5–P95 {_rp(pv['p5'], lang)}–{_rp(pv['p95'], lang)}, "
        f"discount rate {fmt_pct(result.discount_rate, 0, 'en')})."))
    return lines


def budget_narrative(result: BudgetResult) -> list[str]:
    """Compare with the old grant in plain sentences (who gains, who is no longer reached)."""
    return list(result.grant_lines)


# ---------------------------------------------------------------- charts
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
    payers = _payers(result)
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
                              label=_payer_label(p, lang)))
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
    per = {_payer_label(k, lang): v
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
    about = [*budget_lines(result), *budget_narrative(result), *result.notes,
             *result.assumptions,
             _t(lang, f"Versi aturan: {result.rule_version}.",
                f"Rule version: {result.rule_version}.")]
    return write_workbook(budget_tables(result, lang), path, title=title, about=about,
                          label=result.label, lang=lang)
