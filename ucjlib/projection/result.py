"""The typed result of a projection, in the shape of :class:`~ucjlib.results.CoverageResult`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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
        Name of the scenario behind :attr:`path`, :attr:`pace` and :meth:`figures`: its
        identity, the same in either language (the ``name`` of its scenario file).
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
    scenario_text : dict
        Scenario name -> ``{"name_en": ..., "description_en": ...}`` for the scenarios with
        English text; an output shows them through :meth:`scenario_name`,
        :meth:`scenario_description` or :meth:`shown`.
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
    scenario_text: dict[str, dict[str, str]] = field(default_factory=dict)

    def _labels(self, lang: str) -> dict[str, str]:
        """Return scenario name -> name shown in ``lang`` (own name where two would clash)."""
        names = list(dict.fromkeys([*self.scenarios["skenario"], self.scenario]))
        if lang != "en":
            return {n: n for n in names}
        out = {n: (self.scenario_text.get(n) or {}).get("name_en") or n for n in names}
        shown = list(out.values())
        return {n: (lab if shown.count(lab) == 1 else n) for n, lab in out.items()}

    def scenario_name(self, name: str | None = None, lang: str | None = None) -> str:
        """Return the name scenario ``name`` (default the main one) shows in ``lang``.

        English shows a scenario's ``name_en`` when its file gave one, else its own name.
        """
        name = self.scenario if name is None else name
        return self._labels(lang or self.lang).get(name, name)

    def scenario_description(self, name: str | None = None, lang: str | None = None) -> str:
        """Return the description scenario ``name`` (default the main one) shows in ``lang``."""
        name = self.scenario if name is None else name
        if (lang or self.lang) == "en" and (self.scenario_text.get(name) or {}).get(
                "description_en"):
            return self.scenario_text[name]["description_en"]
        own = self.scenarios.loc[self.scenarios["skenario"] == name, "deskripsi"]
        return str(own.iloc[0]) if len(own) else ""

    def shown(self, lang: str | None = None) -> ProjectionResult:
        """Return the result with its scenario names and descriptions as ``lang`` shows them.

        For the tables, charts and sentences of an output: :attr:`scenario`, the
        ``skenario`` and ``deskripsi`` of :attr:`scenarios` and the ``skenario`` of
        :attr:`scenario_paths` hold the shown text (``name_en``/``description_en`` in
        English). Indonesian, and a result without English text, come back unchanged.
        """
        lang = lang or self.lang
        if lang != "en" or not self.scenario_text:
            return self
        labels = self._labels(lang)
        sc = self.scenarios.copy()
        sc["deskripsi"] = [self.scenario_description(n, lang) for n in sc["skenario"]]
        sc["skenario"] = sc["skenario"].map(labels)
        sp = self.scenario_paths.copy()
        sp["skenario"] = sp["skenario"].map(labels)
        return replace(self, scenario=labels[self.scenario], scenarios=sc, scenario_paths=sp,
                       scenario_text={})

    def _main(self) -> pd.Series:
        return self.scenarios.loc[self.scenarios["skenario"] == self.scenario].iloc[0]

    def figures(self) -> dict[str, Any]:
        """Headline figures, JSON-ready.

        Returns
        -------
        dict
            ``kode``, ``nama``, ``periode``, ``deadline``, ``target``, ``target_source``,
            ``scenario`` (its identity), ``scenario_name`` (as :attr:`lang` shows it),
            ``coverage_now``, ``target_reached_month`` (``None``: not before
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
            "scenario_name": self.scenario_name(),
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

    def __repr__(self) -> str:
        """Return one line: region, months, target, scenario, pace."""
        net = self.pace.get("net_per_month")
        return (f"ProjectionResult({self.region.kode} {self.region.nama}, {self.periode} -> "
                f"{self.deadline}, target={100 * self.target.value:g}%, "
                f"scenario={self.scenario!r}, net_per_month="
                f"{'n/a' if net is None else f'{float(net):.0f}'}"
                f"{', demo' if self.demo else ''})")

    def _repr_html_(self) -> str:
        """Return the notebook summary: headline, pace, the scenarios, the notes."""
        from ucjlib.display import frame_html, result_html
        from ucjlib.fmt import fmt_pct, fmt_target
        from ucjlib.text import say

        lang, f = self.lang, self.figures()
        tgt = fmt_target(self.target.value, lang=lang)
        reached = f["target_reached_month"]
        last = self.path["periode"].iloc[-1]
        figures = [
            (say("display.coverage", lang), fmt_pct(f["coverage_now"], lang=lang)),
            (say("display.target", lang), self.target.source if tgt in self.target.source
             else f"{tgt} ({self.target.source})"),
            (say("display.reached", lang), say("display.not_reached", lang, month=last)
             if reached is None else say("display.reached_value", lang, month=reached)),
            (say("display.at_deadline", lang), say(
                "display.at_deadline_value", lang, mid=f["coverage_at_deadline"],
                low=f["coverage_at_deadline_p5"], high=f["coverage_at_deadline_p95"],
                p=f["probability_target_by_deadline"])),
            (say("display.pace", lang), say(
                "display.pace_value", lang, net=f["required_monthly_net_additions"],
                gross=f["required_monthly_gross_enrolments"],
                extra=f["additional_monthly_over_trend"]))]
        shown = self.shown(lang)
        table = frame_html(shown.scenarios, ["skenario", "bulan_target_tercapai",
                                             "cakupan_tenggat", "kekurangan_tenggat",
                                             "probabilitas_target"], lang, rows=10)
        return result_html(
            say("display.projection.title", lang, region=f"{self.region.nama} "
                f"({self.region.kode})", periode=self.periode, deadline=self.deadline),
            self.label, figures, say("display.scenarios", lang, n=len(shown.scenarios)),
            table, render_notes(self.notes, lang), lang)

    def to_dict(self) -> dict[str, Any]:
        """Everything a JSON consumer needs: meta, figures, pace, model and every table."""
        return {"meta": self.meta(), "figures": self.figures(),
                "pace": {k: plain(v) for k, v in self.pace.items()},
                "model": self.model, "path": records(self.path),
                "scenarios": records(self.scenarios), "backtest": records(self.backtest),
                "allocation": records(self.allocation), "scenario_text": self.scenario_text}
