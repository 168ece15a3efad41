"""The typed result of a budget, in the shape of :class:`~ucjlib.results.CoverageResult`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ucjlib.geo.wilayah import Region
from ucjlib.results import DemoLabel, plain, records
from ucjlib.text import render_notes

__all__ = ["BudgetResult"]


@dataclass(frozen=True)
class BudgetResult(DemoLabel):
    """Contribution budget, expected claims, payout cash flows and their uncertainty.

    Attributes
    ----------
    region : Region or None
    start : str
        First contribution month ``YYYY-MM``.
    years : int
        Insured years budgeted (deaths happen in these years).
    horizon : int
        Years of payout cash flow from the start year.
    funding : dict
        Share of participants paid by each source (``APBD``, ``APBDes``, ``mandiri``...).
    sector : str
    rule_version : str
    rules_used : pandas.DataFrame
        ``parameter``, ``nilai``, ``berlaku_sejak``, ``bulan_pertama``, ``bulan_terakhir``.
    monthly : pandas.DataFrame
        Contribution bill per month (:func:`~ucjlib.budget.contributions.contribution_table`).
    yearly : pandas.DataFrame
        The same per fiscal year.
    claims : pandas.DataFrame
        Expected deaths and cash benefits per year (closed form).
    cashflow : pandas.DataFrame
        Per year of the horizon: ``tahun``, ``kematian``, ``manfaat_jkm_idr``,
        ``manfaat_jkk_idr``, ``beasiswa_jkm_idr``, ``beasiswa_jkk_idr``, ``beasiswa_idr``,
        ``pembayaran_idr``, ``faktor_diskonto``,
        ``nilai_kini_idr`` (expected values).
    simulation : pandas.DataFrame
        Per year: mean and P5/P50/P95 of deaths and payouts (Monte Carlo).
    present_value : dict
        Closed-form ``expected`` and simulated ``mean``, ``p5``, ``p50``, ``p95`` of all
        payouts discounted to the start year.
    renewal : dict
        Cost of renewing the initial cohort for a fiscal year, by payer.
    gap : dict or None
        Cost of closing the gap to the target at the required pace (with a projection).
    grant : pandas.DataFrame
        Old santunan duka against the new scheme (:func:`~ucjlib.budget.grant.compare_grant`);
        empty for a region without a recorded old grant (only Bojonegoro has one).
    grant_lines : tuple of str
    death_rate : float
    death_rate_source : str
    work_accident_share : float
    discount_rate : float
    assumptions : tuple of str
        Labels and sources of every model assumption (``asumsi`` where no publication).
    notes : tuple of str
    demo : bool
    lang : str
    seed : int
    draws : int
    sensitivity : pandas.DataFrame or None
        Present value of all payouts with each main assumption at its low and high value
        (:func:`~ucjlib.budget.sensitivity.sensitivity_table`).
    membership_since : str or None
        Month from which membership counts for the scholarship condition.
    income_idr : float or None
        Reported income bracket of the participants.
    """

    region: Region | None
    start: str
    years: int
    horizon: int
    funding: dict[str, float]
    sector: str
    rule_version: str
    rules_used: pd.DataFrame
    monthly: pd.DataFrame
    yearly: pd.DataFrame
    claims: pd.DataFrame
    cashflow: pd.DataFrame
    simulation: pd.DataFrame
    present_value: dict[str, float]
    renewal: dict[str, Any]
    gap: dict[str, Any] | None
    grant: pd.DataFrame
    grant_lines: tuple[str, ...]
    death_rate: float
    death_rate_source: str
    work_accident_share: float
    discount_rate: float
    assumptions: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    demo: bool = False
    lang: str = "id"
    seed: int = 0
    draws: int = 0
    sensitivity: pd.DataFrame | None = None
    membership_since: str | None = None
    income_idr: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


    def figures(self) -> dict[str, Any]:
        """Headline figures, JSON-ready.

        Returns
        -------
        dict
            ``contribution_per_participant_month`` (per payer, first month),
            ``apbd_budget_per_year`` and ``total_budget_per_year`` (year -> rupiah),
            ``expected_deaths_per_year``, ``expected_jkm_payout_per_year``,
            ``expected_jkk_payout_per_year``, ``scholarship_payout_by_year``,
            ``payout_by_year`` (``mean``/``p5``/``p50``/``p95`` per year),
            ``deaths_p5``/``_p50``/``_p95`` and ``payout_p5``/``_p50``/``_p95`` (first year),
            ``present_value``, ``renewal``, ``gap``, ``grant``, ``death_rate`` (+ source),
            ``rule_version``, ``rule_dates``, ``demo``, ``label``.
        """
        first = self.monthly.iloc[0]
        per = {c.removeprefix("iuran_per_peserta_").removesuffix("_idr"): plain(first[c])
               for c in self.monthly.columns if c.startswith("iuran_per_peserta_")}
        by_year = self.yearly.set_index("tahun")
        apbd = by_year["iuran_apbd_idr"] if "iuran_apbd_idr" in by_year else by_year.iloc[:, 0] * 0
        claims = self.claims.set_index("tahun")
        cf = self.cashflow.set_index("tahun")
        sim = self.simulation.set_index("tahun")
        y0 = int(self.claims["tahun"].iloc[0])

        def series(s: pd.Series) -> dict[str, Any]:
            return {str(k): plain(v) for k, v in s.items()}

        return {
            "kode": None if self.region is None else self.region.kode,
            "nama": None if self.region is None else self.region.nama,
            "start": self.start, "years": self.years, "horizon": self.horizon,
            "funding": self.funding,
            "contribution_per_participant_month": per,
            "apbd_budget_per_year": series(apbd),
            "total_budget_per_year": series(by_year["iuran_total_idr"]),
            "expected_deaths_per_year": series(claims["kematian"]),
            "expected_jkm_payout_per_year": series(claims["manfaat_jkm_idr"]),
            "expected_jkk_payout_per_year": series(claims["manfaat_jkk_idr"]),
            "scholarship_payout_by_year": series(cf["beasiswa_idr"]),
            "scholarship_jkm_payout_by_year": series(cf["beasiswa_jkm_idr"]),
            "payout_by_year": {str(t): {q: plain(sim.loc[t, f"pembayaran_idr_{q}"])
                                        for q in ("mean", "p5", "p50", "p95")}
                               for t in sim.index},
            **{f"deaths_{q}": plain(sim.loc[y0, f"kematian_{q}"]) for q in ("p5", "p50", "p95")},
            **{f"payout_{q}": plain(sim.loc[y0, f"pembayaran_idr_{q}"])
               for q in ("p5", "p50", "p95")},
            "present_value": {k: plain(v) for k, v in self.present_value.items()},
            "renewal": {k: plain(v) for k, v in self.renewal.items()},
            "gap": None if self.gap is None else {k: plain(v) for k, v in self.gap.items()},
            "grant": records(self.grant),
            "death_rate": self.death_rate, "death_rate_source": self.death_rate_source,
            "work_accident_share": self.work_accident_share,
            "rule_version": self.rule_version,
            "rule_dates": records(self.rules_used),
            "demo": self.demo, "label": self.label,
        }

    def meta(self) -> dict[str, Any]:
        """Parameters and provenance of the result, JSON-ready."""
        return {"kode": None if self.region is None else self.region.kode,
                "start": self.start, "years": self.years, "horizon": self.horizon,
                "funding": self.funding, "sector": self.sector,
                "rule_version": self.rule_version, "discount_rate": self.discount_rate,
                "assumptions": list(self.assumptions),
                "notes": render_notes(self.notes, self.lang),
                "grant_lines": list(self.grant_lines), "demo": self.demo,
                "label": self.label, "lang": self.lang, "seed": self.seed, "draws": self.draws}

    def __repr__(self) -> str:
        """Return one line: region, start, years and the first year's bill."""
        where = "-" if self.region is None else f"{self.region.kode} {self.region.nama}"
        total = float(self.yearly["iuran_total_idr"].iloc[0]) if len(self.yearly) else 0.0
        return (f"BudgetResult({where}, start={self.start}, years={self.years}, "
                f"first_year_total_idr={total:.0f}{', demo' if self.demo else ''})")

    def _repr_html_(self) -> str:
        """Return the notebook summary: participants, APBD bill, deaths, payouts, notes."""
        from ucjlib.display import cell_text, frame_html, result_html
        from ucjlib.fmt import fmt_int, fmt_rupiah
        from ucjlib.text import say

        lang = self.lang
        first = self.monthly.iloc[0]
        y0 = int(self.yearly["tahun"].iloc[0])
        per = [c for c in self.monthly.columns if c.startswith("iuran_per_peserta_")]
        figures = [(say("display.participants", lang), fmt_int(first["peserta"], lang=lang))]
        if "iuran_apbd_idr" in self.yearly.columns:
            figures.append((say("display.apbd_year", lang, year=y0),
                            fmt_rupiah(self.yearly["iuran_apbd_idr"].iloc[0], lang=lang)))
        if per:
            figures.append((say("display.per_month", lang), "; ".join(
                f"{c.removeprefix('iuran_per_peserta_').removesuffix('_idr').upper()} "
                f"{cell_text(first[c], c, lang)}" for c in per)))
        claims = self.claims.set_index("tahun")
        if y0 in claims.index:
            figures.append((say("display.deaths", lang, year=y0),
                            cell_text(claims.loc[y0, "kematian"], "kematian", lang)))
        pv = self.present_value
        figures.append((say("display.present_value", lang), say(
            "display.present_value_value", lang, mid=pv.get("expected"), low=pv.get("p5"),
            high=pv.get("p95"))))
        where = "Indonesia" if self.region is None else \
            f"{self.region.nama} ({self.region.kode})"
        cols = ["tahun", "bulan", "peserta_bulan",
                *[c for c in self.yearly.columns if c.startswith("iuran_")]]
        return result_html(
            say("display.budget.title", lang, region=where, start=self.start), self.label,
            figures, say("display.yearly", lang), frame_html(self.yearly, cols, lang, rows=10),
            render_notes(self.notes, lang), lang)

    def to_dict(self) -> dict[str, Any]:
        """Everything a JSON consumer needs: meta, figures and every table."""
        return {"meta": self.meta(), "figures": self.figures(),
                "monthly": records(self.monthly), "yearly": records(self.yearly),
                "claims": records(self.claims), "cashflow": records(self.cashflow),
                "simulation": records(self.simulation), "rules_used": records(self.rules_used)}
