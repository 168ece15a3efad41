"""Display tables and sentences of a budget (:class:`BudgetResult`), without a figure.

The charts are in :mod:`ucjlib.render.budget`, which re-exports these names: import them
from there. Every number comes from the result; nothing is recomputed. Rupiah are written
the Indonesian way (``Rp 31,7 miliar``), English with ``lang="en"`` on the result.
"""

from __future__ import annotations

import pandas as pd

from ucjlib.budget.result import BudgetResult
from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_rupiah, month_name
from ucjlib.render.safe import html_frame

__all__ = ["BILLION", "budget_frames", "budget_lines", "budget_narrative", "cashflow_table",
           "format_yearly", "grant_table", "payer_label", "payers_of", "rules_table",
           "sensitivity_display", "yearly_table"]

BILLION = 1e9  # not a policy number: axis unit (miliar)


def _t(lang: str, id_: str, en: str) -> str:
    return id_ if lang == "id" else en


def _rp(x: float, lang: str, exact: bool = False) -> str:
    return fmt_rupiah(x, lang=lang, short=not exact)


def payers_of(result: BudgetResult) -> list[str]:
    """Return the payers of the result's contributions (``apbd``, ``mandiri``, ...)."""
    return [c.removeprefix("iuran_").removesuffix("_idr") for c in result.yearly.columns
            if c.startswith("iuran_") and c != "iuran_total_idr"]


def payer_label(col: str, lang: str) -> str:
    """Return the display name of a payer (``apbd`` -> ``APBD``) in ``lang``."""
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
    """Return the rules used, for display: an :class:`~ucjlib.render.safe.HtmlSafeFrame`.

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
    for p in payers_of(result):
        out[_t(lang, "Iuran ", "Contributions ") + payer_label(p, lang)] = \
            [_rp(v, lang) for v in t[f"iuran_{p}_idr"]]
    if len(payers_of(result)) > 1:
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
    per = {payer_label(k, lang): v for k, v in f["contribution_per_participant_month"].items()}
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
        scen = (f" ({_t(lang, 'skenario', 'scenario')} "
                f"{gap.get('scenario_name') or gap['scenario']})"
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
