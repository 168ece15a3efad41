"""Display tables and sentences of a budget (:class:`BudgetResult`), without a figure.

The charts are in :mod:`ucjlib.render.budget`, which re-exports these names: import them
from there. Every number comes from the result; nothing is recomputed. Rupiah are written
the Indonesian way (``Rp 31,7 miliar``), English with ``lang="en"`` on the result.
"""

from __future__ import annotations

import pandas as pd

from ucjlib.budget.result import BudgetResult
from ucjlib.fmt import fmt_int, fmt_rupiah
from ucjlib.render.safe import html_frame
from ucjlib.text import say

__all__ = ["BILLION", "budget_frames", "budget_lines", "budget_narrative", "cashflow_table",
           "format_yearly", "grant_table", "payer_label", "payers_of", "rules_table",
           "sensitivity_display", "yearly_table"]

BILLION = 1e9  # not a policy number: axis unit (miliar)


def _rp(x: float, lang: str, exact: bool = False) -> str:
    return fmt_rupiah(x, lang=lang, short=not exact)


def payers_of(result: BudgetResult) -> list[str]:
    """Return the payers of the result's contributions (``apbd``, ``mandiri``, ...)."""
    return [c.removeprefix("iuran_").removesuffix("_idr") for c in result.yearly.columns
            if c.startswith("iuran_") and c != "iuran_total_idr"]


def payer_label(col: str, lang: str) -> str:
    """Return the display name of a payer (``apbd`` -> ``APBD``) in ``lang``."""
    labels = {"apbd": "APBD", "apbdes": "APBDes",
              "mandiri": say("budgettext.payer.mandiri", lang),
              "pekerja": say("budgettext.payer.mandiri", lang),
              "lainnya": say("budgettext.payer.lainnya", lang)}
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
    names = {s: say(f"budgettext.scheme.{s}", lang) for s in ("santunan_duka", "jkm_jkk_apbd")}
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
        say("budgettext.col.assumption", lang): s["label"],
        say("budgettext.col.low", lang): s["nilai_rendah"],
        say("budgettext.col.base", lang): s["nilai_dasar"],
        say("budgettext.col.high", lang): s["nilai_tinggi"],
        say("budgettext.col.pv_low", lang): [_rp(v, lang) for v in s["nilai_kini_rendah_idr"]],
        say("budgettext.col.pv_base", lang): [_rp(v, lang) for v in s["nilai_kini_dasar_idr"]],
        say("budgettext.col.pv_high", lang): [_rp(v, lang) for v in s["nilai_kini_tinggi_idr"]],
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
    out = pd.DataFrame({say("budgettext.col.year", lang): t["tahun"].astype(str),
                        say("budgettext.col.participants_mean", lang):
                            [fmt_int(v, lang) for v in t["peserta_rata2"]]})
    for p in payers_of(result):
        out[say("budgettext.col.contributions", lang, payer=payer_label(p, lang))] = \
            [_rp(v, lang) for v in t[f"iuran_{p}_idr"]]
    if len(payers_of(result)) > 1:
        out[say("budgettext.col.contributions_total", lang)] = \
            [_rp(v, lang) for v in t["iuran_total_idr"]]
    out[say("budgettext.col.deaths", lang)] = [
        f"{fmt_int(a, lang)} ({fmt_int(b, lang)}–{fmt_int(c, lang)})"
        for a, b, c in zip(t["kematian"], t["kematian_p5"], t["kematian_p95"], strict=True)]
    out[say("budgettext.col.cash", lang)] = [_rp(v, lang) for v in t["manfaat_tunai_idr"]]
    out[say("budgettext.col.scholarships", lang)] = [_rp(v, lang) for v in t["beasiswa_idr"]]
    out[say("budgettext.col.payouts", lang)] = [
        say("budgettext.payout_range", lang, payout=a, low=b / BILLION, high=c / BILLION)
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
        per_txt = say("budgettext.per.same", lang, amount=next(iter(per.values())),
                      payers=", ".join(per))
    else:
        per_txt = say("budgettext.per.each", lang, amounts="; ".join(
            f"{k} {_rp(v, lang, exact=True)}" for k, v in per.items()))
    lines = [say("budgettext.contributions", lang, year=y0, participants=n0, total=total0,
                 per=per_txt)]
    ren = result.renewal
    if "iuran_apbd_idr" in ren and ren.get("iuran_apbd_idr"):
        lines.append(say("budgettext.renewal", lang, participants=ren["peserta"],
                         year=ren["tahun"], amount=ren["iuran_apbd_idr"]))
    gap = result.gap
    if gap is not None and gap["needed_total"] > 0:
        scen = (say("budgettext.gap.scenario", lang,
                    scenario=gap.get("scenario_name") or gap["scenario"])
                if gap.get("scenario") else "")
        lines.append(say("budgettext.gap", lang, deadline=gap["deadline"], scenario=scen,
                         net=gap["net_per_month"], months=gap["months"],
                         needed=gap["needed_total"],
                         until_deadline=gap["cost_until_deadline_idr"],
                         next_12=gap["cost_next_12_months_idr"]))
    elif gap is not None:
        lines.append(say("budgettext.no_gap", lang))
    c0 = result.claims.iloc[0]
    lines.append(say("budgettext.deaths", lang, year=y0, deaths=c0["kematian"],
                     p5=f["deaths_p5"], p95=f["deaths_p95"], jkm=c0["manfaat_jkm_idr"],
                     jkk=c0["manfaat_jkk_idr"]))
    cf = result.cashflow
    jkm_first = cf.loc[cf["beasiswa_jkm_idr"] > 0, "tahun"]
    since = result.membership_since or result.start
    first_txt = (say("budgettext.scholarships.from", lang, year=int(jkm_first.iloc[0]),
                     since=since)
                 if len(jkm_first) else say("budgettext.scholarships.none", lang, since=since))
    pv = result.present_value
    lines.append(say("budgettext.scholarships", lang, total=float(cf["beasiswa_idr"].sum()),
                     years=result.horizon, first=first_txt, pv=pv["expected"], p5=pv["p5"],
                     p95=pv["p95"], rate=result.discount_rate))
    return lines


def budget_narrative(result: BudgetResult) -> list[str]:
    """Compare with the old grant in plain sentences (who gains, who is no longer reached)."""
    return list(result.grant_lines)
