"""Run a scenario through the fitted stock-flow model: the central monthly path.

Month 0 is the last observed month; months 1..``horizon`` are projected. Non-contract
streams follow ``stock * (1 - lapse) + enrolments (+ campaign)``; contract streams (and new
cohorts) keep their stock through the fiscal year and are multiplied by their renewal share
each January.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ucjlib.errors import ArgumentError
from ucjlib.projection.model import Fit, workforce_path
from ucjlib.projection.scenario import (
    Campaign,
    Cohort,
    Lapse,
    Renewal,
    Scenario,
    WorkforceGrowth,
)
from ucjlib.streams import GOVERNMENT, month_index

__all__ = ["Path", "simulate"]


@dataclass(frozen=True)
class Path:
    """The central path of one scenario (arrays over months 0..horizon).

    Attributes
    ----------
    months : numpy.ndarray
        Month indices (:func:`~ucjlib.streams.month_index`).
    peserta : numpy.ndarray
        Active participants, all streams.
    pekerja : numpy.ndarray
        Projected workforce.
    free : numpy.ndarray
        Participants of the non-contract streams (the part with trend uncertainty).
    lapses : numpy.ndarray
        Participants lapsing in each month 1..horizon (length ``horizon``).
    exits : numpy.ndarray
        Contract participants leaving in each month 1..horizon (non-renewal).
    growth : float
        Annual workforce growth used.
    """

    months: np.ndarray
    peserta: np.ndarray
    pekerja: np.ndarray
    free: np.ndarray
    lapses: np.ndarray
    exits: np.ndarray
    growth: float

    @property
    def cakupan(self) -> np.ndarray:
        """Coverage (0-1 share) in each month."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.peserta / self.pekerja


def _renewal_shares(parts, seg: str, fund: str, years: np.ndarray) -> np.ndarray:
    share = np.ones(len(years))
    for p in parts:
        if isinstance(p, Renewal) and p.funding == fund and p.segment in (None, seg):
            on = years >= (p.from_year or 0)
            share[on] = p.share
    return share


def simulate(fit: Fit, scenario: Scenario, horizon: int, base: Scenario | None = None) -> Path:
    """Project the participants and coverage of ``scenario`` for ``horizon`` months.

    Parameters
    ----------
    fit : Fit
        From :func:`~ucjlib.projection.model.fit_model`.
    scenario : Scenario
    horizon : int
        Months after the last observed one.
    base : Scenario, optional
        Baseline whose parts come before the scenario's own.

    Returns
    -------
    Path

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> from ucjlib.projection.model import fit_model
    >>> cov = pd.DataFrame({"kode": "35.22.01", "periode": ["2025-11", "2025-12"],
    ...     "segmen": "BPU", "pendanaan": "APBD", "peserta_aktif": [400, 400]})
    >>> wf = pd.DataFrame({"kode": ["35.22.01"], "tahun": [2025], "pekerja": [1000]})
    >>> fit = fit_model(Dataset("35.22", cov, wf))
    >>> simulate(fit, Scenario("x", (Renewal("APBD", 0.5),)), 2).peserta.tolist()
    [400.0, 200.0, 200.0]
    """
    parts = scenario.over(base)
    t0 = month_index(fit.last)
    months = t0 + np.arange(horizon + 1)
    years = months // 12
    january = (months % 12 == 0)
    january[0] = False
    growth = fit.growth
    for p in parts:
        if isinstance(p, WorkforceGrowth) and p.annual_rate != "estimated":
            growth = float(p.annual_rate)
    pekerja = workforce_path(fit.workforce, fit.last, horizon, growth)

    contract = np.zeros(horizon + 1)
    exits = np.zeros(horizon)
    free = np.zeros(horizon + 1)
    lapses = np.zeros(horizon)
    streams = {(s.segmen, s.pendanaan): s for s in fit.streams}
    for p in parts:
        if isinstance(p, Campaign) and (p.segment, p.funding) not in streams:
            from ucjlib.projection.model import StreamFit

            streams[(p.segment, p.funding)] = StreamFit(p.segment, p.funding, "tren", 0.0)
    for (seg, fund), s in streams.items():
        if fund in GOVERNMENT:
            share = _renewal_shares(parts, seg, fund, years)
            factor = np.cumprod(np.where(january, share, 1.0))
            level = s.level * factor
            contract += level
            exits += -np.minimum(np.diff(level), 0.0)
            continue
        rate = np.full(horizon + 1, s.lapse_rate)
        enrol = np.full(horizon + 1, s.enrolments)
        for p in parts:
            if isinstance(p, Lapse) and (p.segment, p.funding) == (seg, fund):
                on = months >= (month_index(p.start) if p.start else t0)
                rate[on] = s.lapse_rate if p.rate == "estimated" else float(p.rate)
            if isinstance(p, Campaign) and (p.segment, p.funding) == (seg, fund):
                on = ((months >= (month_index(p.start) if p.start else t0 + 1))
                      & (months <= (month_index(p.end) if p.end else months[-1])))
                enrol = enrol + np.where(on, p.per_month, 0.0)
        stock = np.empty(horizon + 1)
        stock[0] = s.level
        for t in range(1, horizon + 1):
            lapsed = stock[t - 1] * rate[t]
            lapses[t - 1] += lapsed
            stock[t] = max(0.0, stock[t - 1] - lapsed + enrol[t])
        free += stock

    for p in parts:
        if not isinstance(p, Cohort):
            continue
        start = month_index(p.start)
        if start <= t0:
            raise ArgumentError("cohort.start", p.start,
                                f"bulan sesudah bulan data terakhir ({fit.last})")
        entries = np.zeros(horizon + 1)
        for i, n in enumerate(p.monthly_entries()):
            if start + i - t0 <= horizon:
                entries[start + i - t0] = n
        level = np.zeros(horizon + 1)
        for t in range(1, horizon + 1):
            prev = level[t - 1]
            if january[t] and months[t] > start:
                kept = prev * p.renewal
                exits[t - 1] += prev - kept
                prev = kept
            level[t] = prev + entries[t]
        contract += level
    return Path(months, free + contract, pekerja, free, lapses, exits, growth)
