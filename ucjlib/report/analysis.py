"""A report's analysis, done once: one dataset, one period, one target, one deadline, one scenario.

``ucj report`` used to let every notebook re-open the data and re-analyse, which cost a
kernel and an analysis per section and let sections disagree (``--periode 2025-03``
reached the coverage section but not the projection; ``--skenario`` reached the
projection but not the budget). Now :func:`prepare` checks every argument and opens
the dataset once, :func:`analyse` computes every section from that one dataset and
those parameters, and the notebooks only render the result
(:mod:`ucjlib.report.view`).

Every default of a report lives here, in :class:`ReportParameters` and :func:`prepare`;
the command line and the notebooks pass ``None`` for "the default".
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError, UcjError
from ucjlib.geo.wilayah import Region
from ucjlib.report.store import SECTIONS
from ucjlib.text import say

__all__ = ["ReportParameters", "ReportResults", "analyse", "prepare"]

LANGS = ("id", "en")
CSV_LOCALES = ("id", "en")


@dataclass(frozen=True)
class ReportParameters:
    """Everything a report was asked for, after defaults and checks (JSON-ready).

    Attributes
    ----------
    kode, nama : str
        The kabupaten/kota.
    periode : str
        The report's month ``YYYY-MM``: "now" in every section.
    deadline : str
        Month the projection and the gap budget aim at.
    deadline_source : str
        Why that deadline (the user's, or the rule it came from).
    deadline_set : bool
        The user gave the deadline (else it came from the rules).
    target : float or None
        A target the user set (0-1); None: the region's target from ``data/rules``.
    scenario : str or None
        Scenario YAML file of the projection (and so of the gap budget).
    data : str or None
        Data folder; None: the synthetic demo.
    lang, csv_locale : str
    min_cell : int
        Small-cell threshold (0: off).
    level : str
        Level of the main table, map and target sheets (``kecamatan``).
    draws, seed : int
        Bootstrap paths and seed of the projection.
    budget_start : str
        First budgeted contribution month: the January after :attr:`periode`.
    budget_years : int
        Insured years budgeted.
    budget_draws : int
        Monte Carlo years of the budget.
    funding : str
        Who pays the budgeted contributions.
    lembar : str or None
        Action sheets asked for (``desa`` or ``kecamatan``, :mod:`ucjlib.sheets`); None:
        none.
    """

    kode: str
    nama: str
    periode: str
    deadline: str
    deadline_source: str
    deadline_set: bool = False
    target: float | None = None
    scenario: str | None = None
    data: str | None = None
    lang: str = "id"
    csv_locale: str = "id"
    min_cell: int = field(default_factory=lambda: _default_min_cell())
    level: str = "kecamatan"
    draws: int = 2000
    seed: int = 0
    budget_start: str = ""
    budget_years: int = 3
    budget_draws: int = 10_000
    funding: str = "APBD"
    lembar: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready copy."""
        return asdict(self)


@dataclass(frozen=True)
class ReportResults:
    """The typed results of one report, each section computed once.

    Attributes
    ----------
    params : ReportParameters
    coverage : CoverageResult
        At :attr:`ReportParameters.level` (kecamatan).
    coverage_desa : CoverageResult or None
        At desa level, small cells protected; None where the data have no desa.
    projection : ProjectionResult
    budget : BudgetResult or None
    notes : tuple of str
        Why a section is missing.
    sheets : dict or None
        The action sheets' figures, level -> DataFrame (:func:`ucjlib.sheets.action_sheets`),
        when :attr:`ReportParameters.lembar` asked for them.
    """

    params: ReportParameters
    coverage: Any
    coverage_desa: Any = None
    projection: Any = None
    budget: Any = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    sheets: dict[str, Any] | None = None

    def sections(self) -> dict[str, Any]:
        """Return the results present, section name -> result, in reading order."""
        out = {k: getattr(self, k) for k in SECTIONS}
        return {k: v for k, v in out.items() if v is not None}

    def figures(self) -> dict[str, Any]:
        """Headline figures of every section (``figures()`` of each result), JSON-ready."""
        return {k: v.figures() for k, v in self.sections().items()}


def _choice(option: str, value: str, choices: tuple[str, ...]) -> str:
    v = str(value).strip().lower() if value is not None else ""
    if v not in choices:
        raise ArgumentError(option, value, " atau ".join(choices))
    return v


def _next_january(periode: str) -> str:
    """Return the first January after ``periode`` (the next fiscal year).

    Examples
    --------
    >>> _next_january("2025-06"), _next_january("2025-12"), _next_january("2026-01")
    ('2026-01', '2026-01', '2027-01')
    """
    return f"{int(periode[:4]) + 1}-01"


def _check_scenario(scenario_file: str | os.PathLike | None, lang: str) -> Path | None:
    """Read and check the scenario file now, before anything is computed or written."""
    if scenario_file is None or not str(scenario_file).strip():
        return None
    path = Path(scenario_file).expanduser().resolve()
    if not path.is_file():
        raise ArgumentError("--skenario", str(scenario_file),
                            "berkas YAML skenario yang ada, mis. "
                            "data/scenarios/bojonegoro-nonrenewal.yaml")
    from ucjlib.projection.scenario import load_scenarios

    load_scenarios(path)
    return path


def _default_min_cell() -> int:
    from ucjlib.smallcells import default_threshold

    return default_threshold()


def prepare(region: Region | str, *, periode: str | None = None,
            target: float | str | None = None, deadline: str | None = None,
            scenario_file: str | os.PathLike | None = None,
            data: str | os.PathLike | None = None, lang: str = "id",
            csv_locale: str = "id", min_cell: int | None = None,
            lembar: str | None = None) -> tuple[ReportParameters, Any]:
    """Check every argument of a report and open its dataset, once.

    Parameters
    ----------
    region : Region or str
        Resolved once (:func:`ucjlib.geo.wilayah.resolve`).
    periode : str, optional
        The report's month; default the data's last month.
    target : float or str, optional
        0-1; default the region's target from ``data/rules`` for the deadline's year.
    deadline : str, optional
        Default from the rules (:func:`ucjlib.rules.default_deadline`): the end of the
        target year in force for :attr:`periode`, or the next December once that has
        passed.
    scenario_file, data, lang, csv_locale, min_cell, lembar
        As :func:`ucjlib.report.run.run_report`.

    Returns
    -------
    (ReportParameters, Dataset)
        The dataset cut at the report's month (nothing after it is used).

    Raises
    ------
    ArgumentError, UnknownRegionError, InputValidationError
        Nothing has been written.
    """
    from ucjlib.checks import check_periode, check_target
    from ucjlib.geo.wilayah import resolve
    from ucjlib.open import open_dataset
    from ucjlib.smallcells import check_min_cell, default_threshold

    lang = _choice("--lang", lang, LANGS)
    csv_locale = _choice("--csv-locale", csv_locale, CSV_LOCALES)
    min_cell = check_min_cell(min_cell, "min_cell")
    if lembar is not None:
        from ucjlib.sheets import LEVELS as SHEET_LEVELS

        lembar = _choice("--lembar", lembar, SHEET_LEVELS)
    tgt = None if target is None or str(target).strip() == "" else check_target(target)
    if deadline is not None and str(deadline).strip():
        deadline = check_periode(deadline)
    else:
        deadline = None
    scenario = _check_scenario(scenario_file, lang)
    reg = resolve(region, level="kabupaten")
    data_dir = Path(data).expanduser().resolve() if data is not None and str(data).strip() \
        else None
    ds = open_dataset(reg, data_dir)
    per = check_periode(periode, ds) if periode else ds.periods[-1]
    if per != ds.periods[-1]:
        ds = ds.until(per)
    if deadline is None:
        from ucjlib.rules import default_deadline

        choice = default_deadline(reg.kode, per)
        deadline, why, why_set = choice.deadline, choice.describe(lang), False
    else:
        why_set = True
        why = say("analysis.deadline_user", lang)
    if deadline <= per:
        raise ArgumentError("--deadline", deadline, f"bulan sesudah bulan laporan ({per})")
    params = ReportParameters(
        kode=reg.kode, nama=reg.nama, periode=per, deadline=deadline, deadline_source=why,
        deadline_set=why_set,
        target=tgt, scenario=str(scenario) if scenario else None,
        data=str(data_dir) if data_dir else None, lang=lang, csv_locale=csv_locale,
        min_cell=default_threshold(per) if min_cell is None else min_cell,
        budget_start=_next_january(per), lembar=lembar)
    return params, ds


def analyse(params: ReportParameters, ds: Any,
            coverage_done: Callable[[dict[str, Any]], None] | None = None) -> ReportResults:
    """Compute every section of a report from one dataset and one set of parameters.

    Coverage at the main level and at desa level (small cells protected once), the
    projection (with the scenario file), and the budget priced from that same
    projection's pace: one target (the region's target for the deadline's year, or the
    user's), one period, one deadline, one scenario throughout.

    ``coverage_done``, when given, is called with ``{"coverage": ..., "coverage_desa":
    ...}`` as soon as those are computed (a report starts drawing their maps while the
    projection and the budget are computed).

    Returns
    -------
    ReportResults
    """
    from ucjlib.budget import estimate_budget, parse_funding
    from ucjlib.checks import finest_level
    from ucjlib.coverage import analyze_coverage, resolve_target
    from ucjlib.projection import project
    from ucjlib.smallcells import suppress_small_cells

    lang = params.lang
    target = resolve_target(ds, params.deadline, params.target, lang)
    cov = analyze_coverage(ds, params.periode, level=params.level, target=target, lang=lang)
    notes: list[str] = []
    desa = None
    finest = finest_level(ds)
    if params.level != "desa" and finest != "desa":
        notes.append(say("analysis.no_desa", lang, finest=finest))
    elif params.level != "desa":
        try:
            desa = analyze_coverage(ds, params.periode, level="desa", target=target, lang=lang)
        except ArgumentError as exc:
            notes.append(str(exc))
    else:
        desa = cov
    if desa is not None:  # a desa table without desa polygons: the notes say why
        notes.extend(_no_desa_map_note(desa.region.kode, lang))
    raw = (cov, desa)  # true counts, for the action sheets (protected there)
    if desa is not None and params.min_cell:
        desa = suppress_small_cells(desa, params.min_cell)
    if params.level == "desa":
        cov = desa
        desa = None
    if notes:  # shown with the coverage section's data notes
        import dataclasses

        cov = dataclasses.replace(cov, notes=tuple(dict.fromkeys([*cov.notes, *notes])))
    if coverage_done is not None:
        coverage_done({"coverage": cov, "coverage_desa": desa})
    # a deadline from the rules is left to project(), which resolves the same one and
    # says where it came from
    proj = project(ds, target=target,
                   deadline=params.deadline if params.deadline_set else None,
                   scenario=params.scenario, level=params.level, lang=lang,
                   seed=params.seed, draws=params.draws)
    if (proj.periode, proj.deadline) != (params.periode, params.deadline):
        raise UcjError(f"proyeksi {proj.periode}→{proj.deadline} tidak sama dengan laporan "
                       f"{params.periode}→{params.deadline} (bug)")
    sheets = _sheets(params, ds, raw, proj, notes) if params.lembar else None
    if params.min_cell:
        proj = suppress_small_cells(proj, params.min_cell)
    budget = estimate_budget(
        None, start=params.budget_start, years=params.budget_years,
        funding=parse_funding(params.funding), dataset=ds, projection=proj,
        draws=params.budget_draws, seed=params.seed, lang=lang)
    return ReportResults(params=params, coverage=cov, coverage_desa=desa, projection=proj,
                         budget=budget, notes=tuple(notes), sheets=sheets)


def _sheets(params: ReportParameters, ds: Any, raw: tuple[Any, Any], proj: Any,
            notes: list[str]) -> dict[str, Any] | None:
    """Compute the action sheets' figures once (:func:`ucjlib.sheets.action_sheets`).

    Desa sheets where the data have no desa: the camat's sheets, and a note says why.
    """
    from ucjlib.sheets import action_sheets

    kec, desa = raw
    if params.level != "kecamatan":
        return None
    level = params.lembar or "kecamatan"
    if level == "desa" and desa is None:
        notes.append(say("sheets.no_desa", params.lang))
        level = "kecamatan"
    return action_sheets(ds, kec, proj, desa, level=level, min_cell=params.min_cell)


def _no_desa_map_note(kode: str, lang: str) -> list[str]:
    """Say why there is no desa map for ``kode`` (the store lacks its desa polygons)."""
    from ucjlib.errors import UcjError
    from ucjlib.geo.boundaries import NoDesaPolygons, load_boundaries

    try:
        load_boundaries("desa", within=kode)  # read once; the maps reuse it
    except NoDesaPolygons as exc:
        return [exc.text(lang)]
    except UcjError:  # other boundary problems are the maps' to report
        return []
    return []
