"""The typed result of a projection, in the shape of :class:`~ucjlib.results.CoverageResult`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ucjlib.geo.wilayah import Region
from ucjlib.results import DemoLabel, Target, plain, records
from ucjlib.text import render_notes

__all__ = ["ProjectionResult"]


@dataclass(frozen=True)
class ProjectionResult(DemoLabel):
    """Projection of a region's coverage toward a target by a deadline.

    Attributes
    ----------
    region : Region
    periode : str
        Last observed month ``YYYY-MM``.
    target : Target
    deadline : str
        Month ``YYYY-MM`` by which the target should be reached.
    horizon : int
        Months projected after :attr:`periode`.
    level : str
        Level of :attr:`allocation` rows.
    scenario : str
        Name of the scenario behind :attr:`path`, :attr:`pace` and :meth:`figures`.
    path : pandas.DataFrame
        ``periode``, ``jenis`` (``observasi``/``proyeksi``), ``cakupan`` (central),
        ``cakupan_p5``, ``cakupan_p50``, ``cakupan_p95``, ``peserta_aktif``, ``pekerja``.
    scenarios : pandas.DataFrame
        One row per scenario: ``skenario``, ``deskripsi``, ``bulan_target_tercapai``,
        ``cakupan_tenggat``, ``kekurangan_tenggat``, ``probabilitas_target``,
        ``periode_januari``, ``cakupan_januari``, ``cakupan_akhir``.
    scenario_paths : pandas.DataFrame
        ``skenario``, ``periode``, ``cakupan``, ``peserta_aktif``, ``pekerja``.
    backtest : pandas.DataFrame
        Errors by horizon (:data:`ucjlib.projection.backtest.COLUMNS`).
    allocation : pandas.DataFrame
        Target sheet per unit (:func:`~ucjlib.projection.allocate.allocation_table`).
    pace : dict
        Required pace (:func:`~ucjlib.projection.pace.required_pace`).
    model : dict
        Fitted flows: ``streams`` (list of dicts), ``workforce_growth``,
        ``bpu_mandiri_lapse_rate``, ``bpu_mandiri_enrolments``, ``lapse_since``,
        ``cohorts`` (entries of government-paid cohorts seen in the data,
        :func:`~ucjlib.streams.cohort_entries`).
    notes : tuple of str
    demo : bool
    source : str
    rule_version : str
    lang : str
    seed : int
    draws : int
    files : dict
    """

    region: Region
    periode: str
    target: Target
    deadline: str
    horizon: int
    level: str
    scenario: str
    path: pd.DataFrame
    scenarios: pd.DataFrame
    scenario_paths: pd.DataFrame
    backtest: pd.DataFrame
    allocation: pd.DataFrame
    pace: dict[str, Any]
    model: dict[str, Any]
    demo: bool
    source: str
    notes: tuple[str, ...] = ()
    rule_version: str = ""
    lang: str = "id"
    seed: int = 0
    draws: int = 0
    files: dict[str, str] = field(default_factory=dict)


    def _main(self) -> pd.Series:
        return self.scenarios.loc[self.scenarios["skenario"] == self.scenario].iloc[0]

    def figures(self) -> dict[str, Any]:
        """Headline figures, JSON-ready.

        Returns
        -------
        dict
            ``kode``, ``nama``, ``periode``, ``deadline``, ``target``, ``target_source``,
            ``scenario``, ``coverage_now``, ``target_reached_month`` (``None``: not before
            the horizon), ``coverage_at_deadline`` (+ ``_p5``/``_p95``),
            ``probability_target_by_deadline``, ``required_monthly_net_additions``,
            ``required_monthly_gross_enrolments``, ``additional_monthly_over_trend``,
            ``shortfall_at_deadline``, ``workforce_at_deadline``, ``workforce_growth``,
            ``bpu_mandiri_lapse_rate``, ``backtest`` (per horizon: model, naive and drift
            errors in percentage points, and whether the model beats drift), ``demo``,
            ``label``.
        """
        row = self._main()
        at = self.path.loc[self.path["periode"] == self.deadline].iloc[0]
        now = self.path.loc[self.path["periode"] == self.periode].iloc[0]
        bt = {str(int(r["horizon"])): {"origins": plain(r["origins"]),
                                       "model_pp": plain(r["mae_model_pp"]),
                                       "naive_pp": plain(r["mae_naive_pp"]),
                                       "drift_pp": plain(r["mae_drift_pp"]),
                                       "beats_drift": plain(r["beats_drift"])}
              for _, r in self.backtest.iterrows()}
        return {
            "kode": self.region.kode, "nama": self.region.nama, "periode": self.periode,
            "deadline": self.deadline, "target": self.target.value,
            "target_source": self.target.source, "scenario": self.scenario,
            "coverage_now": plain(now["cakupan"]),
            "target_reached_month": plain(row["bulan_target_tercapai"]),
            "coverage_at_deadline": plain(at["cakupan"]),
            "coverage_at_deadline_p5": plain(at["cakupan_p5"]),
            "coverage_at_deadline_p95": plain(at["cakupan_p95"]),
            "probability_target_by_deadline": plain(row["probabilitas_target"]),
            "required_monthly_net_additions": plain(self.pace["net_per_month"]),
            "required_monthly_gross_enrolments": plain(self.pace["gross_per_month"]),
            "additional_monthly_over_trend": plain(self.pace["additional_per_month"]),
            "shortfall_at_deadline": plain(self.pace["shortfall_at_deadline"]),
            "workforce_at_deadline": plain(self.pace["pekerja_deadline"]),
            "workforce_growth": plain(self.model["workforce_growth"]),
            "bpu_mandiri_lapse_rate": plain(self.model["bpu_mandiri_lapse_rate"]),
            "backtest": bt, "demo": self.demo, "label": self.label,
        }

    def meta(self) -> dict[str, Any]:
        """Parameters and provenance of the result, JSON-ready."""
        return {"kode": self.region.kode, "nama": self.region.nama, "periode": self.periode,
                "deadline": self.deadline, "horizon": self.horizon, "level": self.level,
                "scenario": self.scenario, "target": self.target.value,
                "target_source": self.target.source, "demo": self.demo, "label": self.label,
                "source": self.source, "notes": render_notes(self.notes, self.lang),
                "rule_version": self.rule_version, "lang": self.lang, "seed": self.seed,
                "draws": self.draws}

    def to_dict(self) -> dict[str, Any]:
        """Everything a JSON consumer needs: meta, figures, pace, model and every table."""
        return {"meta": self.meta(), "figures": self.figures(),
                "pace": {k: plain(v) for k, v in self.pace.items()},
                "model": self.model, "path": records(self.path),
                "scenarios": records(self.scenarios), "backtest": records(self.backtest),
                "allocation": records(self.allocation)}
