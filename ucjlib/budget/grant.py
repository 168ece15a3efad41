"""Comparison with Bojonegoro's old direct death grant (santunan duka).

The old grant paid a fixed amount (``grant.bojonegoro.santunan_duka`` in data/rules) on the
death of any member of a poor family; the APBD-paid JKM/JKK scheme pays on the death of the
insured participant only, far more per family, to far fewer families.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ucjlib.budget.assumptions import Assumptions
from ucjlib.rules import RuleSet, load_rules
from ucjlib.text import say

__all__ = ["GRANT", "compare_grant"]

GRANT = "grant.bojonegoro.santunan_duka"


def compare_grant(on: str | date, new_cost_idr: float, new_deaths: float,
                  new_cash_idr: float, new_scholarship_pv_idr: float,
                  assumptions: Assumptions, rules: RuleSet | None = None,
                  lang: str = "id") -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Cost, families reached and amount per family under the old grant and the new scheme.

    Parameters
    ----------
    on : str or datetime.date
        Date of the grant amount used.
    new_cost_idr : float
        APBD contribution cost of the new scheme for one year.
    new_deaths : float
        Expected deaths of insured participants in that year (families reached).
    new_cash_idr : float
        Expected JKM + JKK cash paid in that year.
    new_scholarship_pv_idr : float
        Present value of the scholarships those deaths bring.
    assumptions : Assumptions
        ``old_grant``: heirs budgeted and budget of the old scheme.
    rules : RuleSet, optional
    lang : {"id", "en"}
        Language and number style of the sentences.

    Returns
    -------
    (pandas.DataFrame, tuple of str)
        Rows ``santunan_duka`` and ``jkm_jkk_apbd`` with ``biaya_per_tahun_idr``,
        ``keluarga_per_tahun``, ``per_keluarga_idr``, ``manfaat_per_tahun_idr``,
        ``tahun_dasar`` (the year of the budget compared); and plain
        sentences, the last saying who the new scheme no longer reaches.

    Examples
    --------
    >>> from ucjlib.budget.assumptions import load_assumptions
    >>> t, lines = compare_grant("2025-01", 31.7e9, 440, 18.6e9, 4e9, load_assumptions())
    >>> int(t.loc[0, "biaya_per_tahun_idr"]), int(t.loc[0, "keluarga_per_tahun"])
    (18750000000, 7500)
    """
    rules = rules or load_rules()
    old = assumptions.old_grant
    amount = rules.get(GRANT, on)
    heirs = float(old["heirs_budgeted"])
    per_year_apps = float(old["applications"]) * 12 / float(old["applications_months"])
    benefit_new = new_cash_idr + new_scholarship_pv_idr
    rows = [
        {"skema": "santunan_duka", "biaya_per_tahun_idr": heirs * amount.value,
         "keluarga_per_tahun": heirs, "per_keluarga_idr": float(amount.value),
         "manfaat_per_tahun_idr": heirs * amount.value, "tahun_dasar": int(old["year"])},
        {"skema": "jkm_jkk_apbd", "biaya_per_tahun_idr": new_cost_idr,
         "keluarga_per_tahun": new_deaths,
         "per_keluarga_idr": benefit_new / new_deaths if new_deaths else 0.0,
         "manfaat_per_tahun_idr": benefit_new, "tahun_dasar": int(str(on)[:4])},
    ]
    lost = max(heirs - new_deaths, 0.0)
    per_new = rows[1]["per_keluarga_idr"]
    lines = (
        say("grant.old", lang, amount=amount.value, rule=amount.name,
            since=amount.effective_from, heirs=heirs, year=old["year"],
            budget=float(old["budget_idr"]), source=old["source"],
            applications=old["applications"], months=old["applications_months"],
            per_year=per_year_apps),
        say("grant.new", lang, cost=new_cost_idr, deaths=new_deaths, per_family=per_new,
            times=per_new / amount.value),
        say("grant.lost", lang, lost=lost),
    )
    return pd.DataFrame(rows), lines
