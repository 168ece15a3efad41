"""Monte Carlo of claims and payouts: deaths as a Poisson process, drawn per year, not per person.

Each simulated history draws, for every insured year, the number of deaths (Poisson with the
expected count), the work-accident deaths among them (binomial), the deaths meeting the
scholarship membership condition (binomial), the number of scholarship children per death
(multinomial over 0 .. children_max) and their ages (multinomial over the age weights). Cash
flows follow the same schedules as the closed form, so the mean agrees with it. All draws are
NumPy arrays of shape ``(draws, years)``: 10,000 histories take well under a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["simulate", "summarize"]


def simulate(expected_deaths: np.ndarray, work_share: float, eligible_jkm: np.ndarray,
             eligible_jkk: np.ndarray, child_shares: np.ndarray, age_weights: np.ndarray,
             schedule: np.ndarray, jkm_idr: float, jkk_idr: float, horizon: int,
             draws: int = 10_000, seed: int = 0) -> dict[str, np.ndarray]:
    """Simulate deaths and payouts.

    Parameters
    ----------
    expected_deaths : numpy.ndarray
        Expected deaths in each insured year (year 0 is the first year of the horizon).
    work_share : float
        Share of deaths that are work accidents.
    eligible_jkm, eligible_jkk : numpy.ndarray
        Share of each year's JKM / JKK deaths that meet the scholarship membership condition.
    child_shares : numpy.ndarray
        Probability of 0, 1, ..., children_max scholarship children per death.
    age_weights : numpy.ndarray
        Probability of each age 0, 1, ... of a child at the death.
    schedule : numpy.ndarray
        Ages x years-after-death scholarship matrix (:func:`~.scholarships.schedule_matrix`).
    jkm_idr, jkk_idr : float
        Cash benefit per JKM and per JKK death.
    horizon : int
        Years of cash flow.
    draws : int, default 10000
    seed : int, default 0

    Returns
    -------
    dict of numpy.ndarray
        ``kematian`` (draws, years), ``kematian_jkm``, ``kematian_jkk``, ``manfaat_tunai_idr``
        (draws, horizon), ``beasiswa_idr`` (draws, horizon), ``pembayaran_idr`` (draws, horizon).

    Examples
    --------
    >>> s = np.ones((2, 3)) * 1e6
    >>> out = simulate(np.array([100.0]), 0.0, np.array([1.0]), np.array([1.0]),
    ...                np.array([0.0, 1.0]), np.array([0.5, 0.5]), s, 1e7, 2e7, 3, 1000)
    >>> round(float(out["beasiswa_idr"].mean(axis=0)[0] / 1e6))  # one child per death
    100
    """
    rng = np.random.default_rng(seed)
    lam = np.asarray(expected_deaths, dtype=float)
    years = len(lam)
    deaths = rng.poisson(lam, size=(draws, years))
    jkk = rng.binomial(deaths, work_share)
    jkm = deaths - jkk
    elig = rng.binomial(jkm, eligible_jkm) + rng.binomial(jkk, eligible_jkk)
    per_count = rng.multinomial(elig, child_shares)          # (draws, years, cmax+1)
    kids = per_count @ np.arange(len(child_shares))          # (draws, years)
    ages = np.asarray(age_weights, dtype=float)[: schedule.shape[0]]
    by_age = rng.multinomial(kids, ages / ages.sum())        # (draws, years, ages)
    cash = np.zeros((draws, horizon))
    cash[:, : min(years, horizon)] = (jkm * jkm_idr + jkk * jkk_idr)[:, :horizon]
    flows = by_age @ schedule[:, :horizon]                   # (draws, years, horizon)
    school = np.zeros((draws, horizon))
    for y in range(min(years, horizon)):
        school[:, y:] += flows[:, y, : horizon - y]
    return {"kematian": deaths, "kematian_jkm": jkm, "kematian_jkk": jkk,
            "manfaat_tunai_idr": cash, "beasiswa_idr": school, "pembayaran_idr": cash + school}


def summarize(sim: dict[str, np.ndarray], first_year: int, discount_rate: float
              ) -> tuple[pd.DataFrame, dict[str, float]]:
    """Per-year mean and P5 / P50 / P95 of the simulation, and of the present value.

    Returns
    -------
    (pandas.DataFrame, dict)
        Table ``tahun`` and, for ``kematian``, ``manfaat_tunai_idr``, ``beasiswa_idr`` and
        ``pembayaran_idr``: ``_mean``, ``_p5``, ``_p50``, ``_p95``. Dict of the present value
        of all payouts: ``mean``, ``p5``, ``p50``, ``p95``.

    Examples
    --------
    >>> sim = {k: np.ones((4, 2)) for k in ("kematian", "manfaat_tunai_idr", "beasiswa_idr",
    ...                                    "pembayaran_idr")}
    >>> t, pv = summarize(sim, 2026, 0.0)
    >>> t["tahun"].tolist(), pv["p50"]
    ([2026, 2027], 2.0)
    """
    horizon = sim["pembayaran_idr"].shape[1]
    table = {"tahun": np.arange(first_year, first_year + horizon)}
    for key in ("kematian", "manfaat_tunai_idr", "beasiswa_idr", "pembayaran_idr"):
        x = np.zeros((sim[key].shape[0], horizon))
        x[:, : min(horizon, sim[key].shape[1])] = sim[key][:, :horizon]
        p5, p50, p95 = np.percentile(x, [5, 50, 95], axis=0)
        table.update({f"{key}_mean": x.mean(axis=0), f"{key}_p5": p5, f"{key}_p50": p50,
                      f"{key}_p95": p95})
    factor = (1 + discount_rate) ** -np.arange(horizon)
    pv = sim["pembayaran_idr"] @ factor
    q = np.percentile(pv, [5, 50, 95])
    return pd.DataFrame(table), {"mean": float(pv.mean()), "p5": float(q[0]),
                                 "p50": float(q[1]), "p95": float(q[2])}
