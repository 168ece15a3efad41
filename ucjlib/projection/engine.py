"""The projection analysis: :func:`project` returns a :class:`ProjectionResult`."""

from __future__ import annotations

import math
from pathlib import Path as FilePath
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.dataset import Dataset
from ucjlib.errors import ArgumentError, InputValidationError, Problem
from ucjlib.projection.allocate import allocation_table
from ucjlib.projection.backtest import HORIZONS, backtest
from ucjlib.projection.model import fit_model
from ucjlib.projection.pace import required_pace
from ucjlib.projection.result import ProjectionResult
from ucjlib.projection.scenario import (
    Scenario,
    baseline_scenario,
    default_scenarios,
    load_scenarios,
)
from ucjlib.projection.simulate import Path, simulate
from ucjlib.projection.uncertainty import bootstrap_paths, probability_at_least
from ucjlib.results import Target
from ucjlib.streams import cohort_entries, month_index, month_label
from ucjlib.text import Note, say

__all__ = ["deadline_source", "project"]


def _scenarios(scenario: Any) -> tuple[list[Scenario], Scenario, str | None]:
    """Return (all scenarios, the baseline, the name of the main one or None)."""
    if scenario is None:
        items = default_scenarios()
        main = None
    else:
        if isinstance(scenario, str | FilePath):
            items = load_scenarios(scenario)
        elif isinstance(scenario, Scenario):
            items = [scenario]
        elif isinstance(scenario, list | tuple) and all(isinstance(s, Scenario)
                                                       for s in scenario):
            items = list(scenario)
        else:
            raise ArgumentError("scenario", scenario, "Scenario, daftar Scenario atau path "
                                "berkas YAML skenario (lihat data/scenarios/README.md)")
        own = [s for s in items if not s.base]
        main = own[0].name if len(own) == 1 else None
    bases = [s for s in items if s.base]
    base = bases[0] if bases else baseline_scenario()
    if not bases:
        clash = [i for i, s in enumerate(items, start=1) if s.name.casefold()
                 == base.name.casefold()]
        if clash and isinstance(scenario, str | FilePath):  # the file's mistake: exit 3
            raise InputValidationError([Problem(
                str(scenario), None, f"scenarios[{i}].name",
                f"nama {base.name!r} dipakai skenario dasar, yang selalu disertakan",
                "nama lain, atau base: true bila skenario ini menggantikan skenario dasar")
                for i in clash])
        items = [base, *items]
    names = [s.name for s in items]
    if len(set(names)) != len(names):
        raise ArgumentError("scenario", names, "nama skenario yang berbeda satu sama lain")
    return items, base, main


def _reached(path: Path, target: float) -> str | None:
    hit = np.flatnonzero(path.cakupan >= target - 1e-12)
    return month_label(int(path.months[hit[0]])) if len(hit) else None


def _units(ds: Dataset, periode: str, level: str, target: float) -> pd.DataFrame:
    from ucjlib.coverage import coverage_table

    t = coverage_table(ds, periode, level=level, target=target)
    t = t[["kode", "nama", "pekerja", "peserta_aktif"]].copy()
    if level == "desa":
        t.insert(2, "kecamatan", t["kode"].str.slice(0, 8))
    return t


def _deadline_note(deadline: str, why: str) -> Note:
    """Return the note saying where the deadline came from (``why`` in the result's language)."""
    return Note("projection.deadline", {"deadline": deadline, "why": why})


def deadline_source(result: ProjectionResult) -> Note | None:
    """Return the note of a projection that says where its deadline came from, or None.

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": "35.22.01", "periode": ["2025-05", "2025-06"],
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [400, 410]})
    >>> wf = pd.DataFrame({"kode": ["35.22.01"], "tahun": [2025], "pekerja": [1000]})
    >>> str(deadline_source(project(Dataset("35.22.01", cov, wf), draws=20)))
    'Tenggat Desember 2025: akhir tahun target 2025 (target Kabupaten Bojonegoro; 35.22.01 \
belum punya target sendiri).'
    """
    return next((n for n in result.notes if isinstance(n, Note)
                 and n.code == "projection.deadline"
                 and n.params.get("deadline") == result.deadline), None)


def project(ds: Dataset, target: float | Target | None = None, deadline: str | None = None,
            horizon: int | None = None, scenario: Any = None, level: str = "kecamatan",
            lang: str = "id", seed: int = 0, draws: int = 2000, ceiling: float = 0.95,
            flows: pd.DataFrame | None = None,
            backtest_horizons: tuple[int, ...] = HORIZONS,
            periode: str | None = None) -> ProjectionResult:
    """Project coverage toward a target: path with band, scenarios, pace, backtest, sheets.

    Parameters
    ----------
    ds : Dataset
        From :func:`ucjlib.open_dataset`.
    target : float or Target, optional
        0-1 share (said to be set by the user), or a :class:`~ucjlib.results.Target` kept
        as given (value, source, source_level; e.g. a coverage result's ``target``).
        Default the region's target for the deadline's year from ``data/rules`` (the
        result says which).
    deadline : str, optional
        Month ``YYYY-MM`` after the last observed month. Default
        :func:`ucjlib.rules.default_deadline` for the region and the last observed month
        (``periode``): the end of the target year, or the next December once it has
        passed. A note of the result says where the deadline came from
        (:func:`deadline_source`).
    horizon : int, optional
        Months to project; default up to December of the year after the deadline.
    scenario : Scenario, list of Scenario, or str/path of a YAML file, optional
        Default: the scenarios of ``data/scenarios/default.yaml``. Every scenario is
        composed on top of the baseline (``data/scenarios/baseline.yaml``). When exactly
        one scenario is given, the figures, path and pace are for it; otherwise for the
        baseline.
    level : str, default "kecamatan"
        Level of the allocation (``kecamatan`` or ``desa``).
    lang : {"id", "en"}
    seed : int, default 0
        Seed of the bootstrap.
    draws : int, default 2000
        Bootstrap paths.
    ceiling : float, default 0.95
        Highest coverage any unit is asked to reach in the allocation.
    flows : pandas.DataFrame, optional
        Gross flows from participant records (see
        :func:`~ucjlib.projection.model.fit_model`).
    backtest_horizons : tuple of int, default (3, 6, 12)
    periode : str, optional
        The last observed month to project from, a month of the data; default the data's
        last month. Later data are ignored (:meth:`~ucjlib.dataset.Dataset.until`): the
        result's ``periode``, the end of the observed path, the pace, the allocation and
        the backtest all stand at this month, and ``flows`` after it are dropped.

    Returns
    -------
    ProjectionResult

    Raises
    ------
    ArgumentError
        A target outside 0-1, a deadline not after the last month, a horizon shorter than
        the deadline, an unknown level or scenario, a dataset without workforce, a
        ``periode`` not in the data.

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": "35.22.01", "periode": ["2025-04", "2025-05", "2025-06"],
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [400, 410, 420]})
    >>> wf = pd.DataFrame({"kode": ["35.22.01"], "tahun": [2025], "pekerja": [1000]})
    >>> r = project(Dataset("35.22.01", cov, wf), deadline="2025-12", level="kecamatan",
    ...             draws=100)
    >>> f = r.figures()
    >>> f["required_monthly_net_additions"], f["coverage_at_deadline"], f["target_reached_month"]
    (30.0, 0.48, '2026-12')
    """
    from ucjlib.checks import check_level, check_periode, check_seed
    from ucjlib.coverage import coverage_series, resolve_target
    from ucjlib.geo.wilayah import get_region
    from ucjlib.rules import default_deadline, load_rules

    seed = check_seed(seed, "seed")
    notes: list[Note] = []
    if periode is not None:
        full_last = ds.latest_period if not ds.coverage.empty else None
        ds = ds.until(periode)
        periode = ds.latest_period
        if flows is not None and "periode" in flows.columns:
            flows = flows.loc[flows["periode"].astype(str) <= periode]
        if full_last is not None and full_last > periode:
            notes.append(Note("projection.from_periode", {"periode": periode, "last": full_last}))
    fit = fit_model(ds, flows=flows)
    last = fit.last
    if deadline is None:
        choice = default_deadline(ds.kode, last)
        deadline = choice.deadline
        why = choice.describe(lang)
    else:
        deadline = check_periode(deadline)
        why = say("target.user", lang)
    # first of the notes: read next to the target's source
    dnote = _deadline_note(deadline, why)
    months_to = month_index(deadline) - month_index(last)
    if months_to < 1:
        raise ArgumentError("deadline", deadline, f"bulan sesudah bulan data terakhir ({last})")
    if horizon is None:
        horizon = max(month_index(f"{int(deadline[:4]) + 1}-12") - month_index(last), 12)
    if not isinstance(horizon, int | np.integer) or horizon < months_to:
        raise ArgumentError("horizon", horizon, f"jumlah bulan, paling sedikit {months_to} "
                            f"(sampai tenggat {deadline})")
    horizon = int(horizon)
    lvl = check_level(level, ds)
    if not fit.workforce:
        raise ArgumentError("data", ds.kode, "data penduduk bekerja (penyebut) untuk wilayah ini")
    tgt = resolve_target(ds, deadline, target, lang)
    items, base, main = _scenarios(scenario)
    main = main or base.name
    notes += list(fit.notes)

    rows, path_rows, paths = [], [], {}
    for s in items:
        p = simulate(fit, s, horizon, base)
        paths[s.name] = p
        boot = bootstrap_paths(p.peserta, fit.residuals, draws, seed=seed)
        cov_d = boot[:, months_to] / p.pekerja[months_to]
        jan = month_index(f"{int(deadline[:4]) + 1}-01") - month_index(last)
        need_d = math.ceil(round(tgt.value * p.pekerja[months_to], 6))
        rows.append({"skenario": s.name, "deskripsi": s.description,
                     "bulan_target_tercapai": _reached(p, tgt.value),
                     "cakupan_tenggat": p.cakupan[months_to],
                     "kekurangan_tenggat": max(0.0, need_d - p.peserta[months_to]),
                     "probabilitas_target": probability_at_least(cov_d, tgt.value),
                     "periode_januari": month_label(month_index(last) + jan)
                     if jan <= horizon else None,
                     "cakupan_januari": p.cakupan[jan] if jan <= horizon else np.nan,
                     "cakupan_akhir": p.cakupan[-1]})
        path_rows.append(pd.DataFrame({"skenario": s.name,
                                       "periode": [month_label(int(m)) for m in p.months],
                                       "cakupan": p.cakupan, "peserta_aktif": p.peserta,
                                       "pekerja": p.pekerja}))
        if s.name == main:
            band = np.percentile(boot / p.pekerja, [5, 50, 95], axis=0)
    scen = pd.DataFrame(rows)
    mp = paths[main]

    observed = coverage_series(ds)
    hist = observed[["periode", "peserta_aktif", "pekerja", "cakupan"]].copy()
    hist = hist.loc[hist["periode"] <= last]
    for c in ("cakupan_p5", "cakupan_p50", "cakupan_p95"):
        hist[c] = hist["cakupan"]
    hist["jenis"] = "observasi"
    proj = pd.DataFrame({"periode": [month_label(int(m)) for m in mp.months[1:]],
                         "jenis": "proyeksi", "cakupan": mp.cakupan[1:],
                         "cakupan_p5": band[0, 1:], "cakupan_p50": band[1, 1:],
                         "cakupan_p95": band[2, 1:], "peserta_aktif": mp.peserta[1:],
                         "pekerja": mp.pekerja[1:]})
    path = pd.concat([hist, proj], ignore_index=True)[
        ["periode", "jenis", "cakupan", "cakupan_p5", "cakupan_p50", "cakupan_p95",
         "peserta_aktif", "pekerja"]]
    for c in ("peserta_aktif", "pekerja"):
        path[c] = pd.to_numeric(path[c], errors="coerce").astype(float)

    pace = required_pace(mp, tgt.value, months_to)
    bt, _ = backtest(ds, observed, base, horizons=tuple(backtest_horizons),
                     stocks=fit.stocks, years=fit.workforce)
    worse = [str(int(h)) for h, b in zip(bt["horizon"], bt["beats_drift"], strict=True)
             if b is False]
    if worse:
        notes.append(Note("projection.backtest_worse", {"horizons": ", ".join(worse)}))
    if bt["origins"].sum() == 0:
        notes.append(Note("projection.backtest_none"))

    units = _units(ds, last, lvl, tgt.value) if lvl != "kabupaten" else pd.DataFrame(
        {"kode": [ds.kode], "nama": [get_region(ds.kode).nama],
         "pekerja": [mp.pekerja[0]],
         "peserta_aktif": [pace["peserta_now"]]})
    alloc, anotes = allocation_table(units, pace["needed_total"],
                                     pace["pekerja_deadline"] / mp.pekerja[0], tgt.value,
                                     ceiling, months_to)
    notes += anotes
    lapse = fit.stream("BPU", "mandiri")
    rate = lapse.lapse_rate if lapse else 0.0
    if lapse is not None and lapse.kind == "lapse":
        params = {"rate": rate, "enrolments": lapse.enrolments}
        notes.append(Note("projection.lapse_since", {**params, "peak": lapse.peak})
                     if lapse.peak else Note("projection.lapse", params))
    notes.append(Note("projection.cohorts_contract"))
    if pace["needed_total"] == 0:
        notes.append(Note("projection.above_target", {"last": last}))
    model = {"streams": [dict(s.__dict__) for s in fit.streams],
             "workforce_growth": fit.growth, "bpu_mandiri_lapse_rate": rate,
             "bpu_mandiri_enrolments": lapse.enrolments if lapse else None,
             "lapse_since": lapse.peak if lapse else None, "residual_months": len(fit.residuals),
             "cohorts": cohort_entries(fit.stocks)}
    scen_paths = pd.concat(path_rows, ignore_index=True)
    return ProjectionResult(
        region=get_region(ds.kode), periode=last, target=tgt, deadline=deadline,
        horizon=horizon, level=lvl, scenario=main, path=path, scenarios=scen,
        scenario_paths=scen_paths, backtest=bt, allocation=alloc, pace=pace, model=model,
        demo=bool(ds.demo), source=ds.source_for(lang),
        notes=tuple(dict.fromkeys([dnote, *ds.notes, *notes])), rule_version=load_rules().version,
        lang=lang, seed=int(seed), draws=int(draws), files=dict(ds.files),
        scenario_text={s.name: {"name_en": s.name_en, "description_en": s.description_en}
                       for s in items if s.name_en or s.description_en})
