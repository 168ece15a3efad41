"""Expected claims: deaths per year among the insured, split JKM / JKK, and their cash benefits.

Deaths follow a rate per participant-year: one rate (default: calibrated on Bojonegoro's
published claims, :mod:`ucjlib.budget.assumptions`), or a rate by age band when ages are
known. A share of deaths are work accidents (JKK), the rest are JKM deaths. Benefit amounts
come from :mod:`ucjlib.rules`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from ucjlib.budget.assumptions import Assumptions
from ucjlib.errors import ArgumentError
from ucjlib.rules import RuleSet, load_rules
from ucjlib.text import say

__all__ = ["benefit_amounts", "death_rate_for", "eligible_counts", "expected_claims"]

JKM_TOTAL = "benefit.jkm.death_total"
JKK_MULTIPLE = "benefit.jkk.death_income_multiple"
JKK_FUNERAL = "benefit.jkk.death_funeral"
JKK_PERIODIC = "benefit.jkk.death_periodic"
LOWEST_INCOME = "contribution.bpu.lowest_income"
MIN_MEMBERSHIP = "benefit.scholarship.min_membership_years"


def death_rate_for(
    assumptions: Assumptions, death_rate: float | None = None,
    ages: Sequence[float] | np.ndarray | None = None, lang: str = "id",
) -> tuple[float, str]:
    """Return the death rate per participant-year used, and where it came from.

    Parameters
    ----------
    assumptions : Assumptions
    death_rate : float, optional
        A rate given by the user; wins over everything.
    ages : array of float, optional
        Ages of the participants (from birth dates): the band rates of the assumptions,
        scaled to the calibrated average over the reference age mix, averaged over them.
    lang : {"id", "en"}
        Language of the source line.

    Returns
    -------
    (float, str)

    Examples
    --------
    >>> from ucjlib.budget.assumptions import load_assumptions
    >>> a = load_assumptions()
    >>> rate, how = death_rate_for(a)
    >>> round(rate * 1000, 3), how.startswith("kalibrasi")
    (2.795, True)
    >>> older, _ = death_rate_for(a, ages=[65, 70])
    >>> older > rate
    True
    """
    if death_rate is not None:
        if not 0 <= death_rate < 1:
            raise ArgumentError("death_rate", death_rate, "angka kematian per tahun dalam 0-1")
        return float(death_rate), say("budget.rate_user", lang, rate=f"{death_rate:g}")
    base = assumptions.death_rate
    how = say("budget.calibration.how", lang, calibration=assumptions.calibration_for(lang))
    if ages is None:
        return base, how
    ages = np.asarray(ages, dtype=float)
    bands = np.asarray(assumptions.age_bands)
    lo, hi, rel, ref = bands.T
    scale = base / float((rel * ref).sum() / ref.sum())
    idx = np.searchsorted(hi, ages, side="right")
    if len(ages) == 0 or (ages < lo[0]).any() or (idx >= len(hi)).any():
        raise ArgumentError("ages", "di luar kelompok umur",
                            f"umur {lo[0]:g}-{hi[-1]:g} tahun (data/assumptions)")
    rate = float(scale * rel[idx].mean())
    return rate, say("budget.rate_by_age", lang, how=how)


def eligible_counts(counts: pd.Series, membership_since: str | None, min_years: float
                    ) -> pd.Series:
    """Participants in each month who have at least ``min_years`` of membership.

    The first month's participants joined in ``membership_since`` (default: the first
    month); later increases join in the month they appear.

    Examples
    --------
    >>> c = pd.Series([5] * 4, index=["2027-12", "2028-01", "2028-02", "2028-03"])
    >>> eligible_counts(c, "2025-02", 3).tolist()
    [0, 0, 5, 5]
    """
    def idx(m: str) -> int:
        return int(m[:4]) * 12 + int(m[5:7]) - 1

    months = np.array([idx(m) for m in counts.index])
    n = counts.to_numpy(dtype=float)
    joined = np.diff(n, prepend=0.0).clip(min=0)
    join_month = months.copy()
    if membership_since is not None:
        join_month[0] = min(idx(str(membership_since)[:7]), months[0])
    need = int(round(min_years * 12))
    ok = join_month[None, :] <= (months[:, None] - need)
    eligible = np.minimum(n, (ok * joined[None, :]).sum(axis=1))
    out = pd.Series(eligible, index=counts.index, name="peserta_memenuhi")
    return out.astype(int) if (eligible == eligible.round()).all() else out


def benefit_amounts(on: str | date, income_idr: float | None = None,
                    rules: RuleSet | None = None) -> dict[str, float]:
    """Cash benefit per JKM death and per JKK (work-accident) death, in rupiah.

    Examples
    --------
    >>> b = benefit_amounts("2026-01")
    >>> b["jkm_idr"], b["jkk_idr"]
    (42000000, 70000000)
    """
    rules = rules or load_rules()
    income = rules.value(LOWEST_INCOME, on) if income_idr is None else income_idr
    jkk = (rules.value(JKK_MULTIPLE, on) * income + rules.value(JKK_FUNERAL, on)
           + rules.value(JKK_PERIODIC, on))
    return {"jkm_idr": rules.value(JKM_TOTAL, on), "jkk_idr": jkk, "income_idr": income,
            "min_years_jkm": rules.value(f"{MIN_MEMBERSHIP}.jkm", on),
            "min_years_jkk": rules.value(f"{MIN_MEMBERSHIP}.jkk", on)}


def expected_claims(counts: pd.Series, eligible: pd.Series, rate: float, work_share: float,
                    amounts: dict[str, float], eligible_jkk: pd.Series | None = None
                    ) -> pd.DataFrame:
    """Compute expected deaths and cash benefits per calendar year (closed form).

    Parameters
    ----------
    counts, eligible : pandas.Series
        Participants per month, and those meeting the JKM scholarship membership condition.
    eligible_jkk : pandas.Series, optional
        Those meeting the JKK condition (default: all, the JKK condition being 0 years).
    rate : float
        Deaths per participant-year.
    work_share : float
        Share of deaths that are work accidents.
    amounts : dict
        From :func:`benefit_amounts`.

    Returns
    -------
    pandas.DataFrame
        ``tahun``, ``peserta_tahun``, ``kematian``, ``kematian_jkm``, ``kematian_jkk``,
        ``kematian_jkm_memenuhi_beasiswa``, ``kematian_jkk_memenuhi_beasiswa``,
        ``manfaat_jkm_idr``, ``manfaat_jkk_idr``.

    Examples
    --------
    >>> c = pd.Series([157_058] * 4, index=["2025-01", "2025-02", "2025-03", "2025-04"])
    >>> t = expected_claims(c, c * 0, 0.002655070101491169, 0.0, benefit_amounts("2025-01"))
    >>> round(t["kematian_jkm"].iloc[0]), round(t["manfaat_jkm_idr"].iloc[0])
    (139, 5838000000)
    """
    df = pd.DataFrame({"tahun": [int(m[:4]) for m in counts.index],
                       "pm": counts.to_numpy(float), "pe": eligible.to_numpy(float),
                       "pk": (counts if eligible_jkk is None else eligible_jkk).to_numpy(float)})
    g = df.groupby("tahun", as_index=False).sum()
    py = g["pm"] / 12
    deaths = py * rate
    out = pd.DataFrame({"tahun": g["tahun"], "peserta_tahun": py, "kematian": deaths,
                        "kematian_jkm": deaths * (1 - work_share),
                        "kematian_jkk": deaths * work_share,
                        "kematian_jkm_memenuhi_beasiswa": g["pe"] / 12 * rate * (1 - work_share),
                        "kematian_jkk_memenuhi_beasiswa": g["pk"] / 12 * rate * work_share})
    out["manfaat_jkm_idr"] = out["kematian_jkm"] * amounts["jkm_idr"]
    out["manfaat_jkk_idr"] = out["kematian_jkk"] * amounts["jkk_idr"]
    return out
