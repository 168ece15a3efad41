"""One-at-a-time sensitivity of the payouts to the budget's main assumptions.

The present value of all payouts (JKM/JKK cash and scholarships, closed form) is recomputed with
each assumption at its low and its high value (``sensitivity`` in
``data/assumptions/budget.yaml``), the others at their default: the death rate, the number of
children per death, and the discount rate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd

from ucjlib.budget.assumptions import Assumptions
from ucjlib.fmt import fmt_number, fmt_pct
from ucjlib.text import say

__all__ = ["sensitivity_table"]


def _mean_children(shares: dict[int, float]) -> float:
    return sum(k * v for k, v in shares.items())


def sensitivity_table(run: Callable[..., Any], base_pv: float, death_rate: float,
                      discount_rate: float, assumptions: Assumptions,
                      lang: str = "id") -> pd.DataFrame:
    """Present value of all payouts with each assumption at its low and high value.

    Parameters
    ----------
    run : callable
        ``run(death_rate=..., discount_rate=..., assumptions=...)`` returning the closed-form
        present value of all payouts (``estimate_budget`` with the same inputs).
    base_pv : float
        The present value with every assumption at its default.
    death_rate, discount_rate : float
        The values used in the base case.
    assumptions : Assumptions
    lang : {"id", "en"}

    Returns
    -------
    pandas.DataFrame
        One row per assumption: ``asumsi`` (key), ``label``, ``nilai_rendah``,
        ``nilai_dasar``, ``nilai_tinggi`` (as text), ``nilai_kini_rendah_idr``,
        ``nilai_kini_dasar_idr``, ``nilai_kini_tinggi_idr``, sorted by the width of the range.

    Examples
    --------
    >>> from ucjlib.budget.assumptions import load_assumptions
    >>> a = load_assumptions()
    >>> fake = lambda death_rate, discount_rate, assumptions: death_rate * 1e12
    >>> t = sensitivity_table(fake, 2.9e9, 0.0029, 0.06, a)
    >>> t.loc[0, "asumsi"], float(t.loc[0, "nilai_kini_tinggi_idr"]) / 2.9e9
    ('death_rate', 2.0)
    """
    sens = assumptions.sensitivity
    rows = []
    lo, hi = sens["death_rate_factor"]
    rows.append({
        "asumsi": "death_rate",
        "label": say("sensitivity.death_rate", lang),
        "nilai_rendah": fmt_number(death_rate * lo * 1000, 2, lang) + " ‰",
        "nilai_dasar": fmt_number(death_rate * 1000, 2, lang) + " ‰",
        "nilai_tinggi": fmt_number(death_rate * hi * 1000, 2, lang) + " ‰",
        "nilai_kini_rendah_idr": run(death_rate=death_rate * lo, discount_rate=discount_rate,
                                     assumptions=assumptions),
        "nilai_kini_tinggi_idr": run(death_rate=death_rate * hi, discount_rate=discount_rate,
                                     assumptions=assumptions),
    })
    mixes = sens["children_count_shares"]
    rows.append({
        "asumsi": "children",
        "label": say("sensitivity.children", lang),
        "nilai_rendah": fmt_number(_mean_children(mixes["low"]), 2, lang),
        "nilai_dasar": fmt_number(_mean_children(assumptions.child_count_shares), 2, lang),
        "nilai_tinggi": fmt_number(_mean_children(mixes["high"]), 2, lang),
        **{f"nilai_kini_{k}_idr": run(
            death_rate=death_rate, discount_rate=discount_rate,
            assumptions=replace(assumptions, child_count_shares=mixes[v]))
           for k, v in (("rendah", "low"), ("tinggi", "high"))},
    })
    dlo, dhi = sens["discount_rate"]
    # a higher discount rate gives a LOWER present value: order the columns by the value
    rows.append({
        "asumsi": "discount_rate",
        "label": say("sensitivity.discount_rate", lang),
        "nilai_rendah": fmt_pct(dhi, 0, lang), "nilai_dasar": fmt_pct(discount_rate, 0, lang),
        "nilai_tinggi": fmt_pct(dlo, 0, lang),
        "nilai_kini_rendah_idr": run(death_rate=death_rate, discount_rate=dhi,
                                     assumptions=assumptions),
        "nilai_kini_tinggi_idr": run(death_rate=death_rate, discount_rate=dlo,
                                     assumptions=assumptions),
    })
    t = pd.DataFrame(rows)
    t["nilai_kini_dasar_idr"] = float(base_pv)
    t = t.assign(_w=(t["nilai_kini_tinggi_idr"] - t["nilai_kini_rendah_idr"]).abs())
    return t.sort_values("_w", ascending=False).drop(columns="_w").reset_index(drop=True)
