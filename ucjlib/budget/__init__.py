"""What UCJ costs and what it pays out: contribution budgets, claims, scholarships, uncertainty.

:func:`estimate_budget` prices a participant count, a phased enrolment plan or (for the gap to
the target) a projection's required pace under the contribution rules of each month
(:mod:`ucjlib.rules`), estimates deaths (a calibrated rate, see ``data/assumptions``), the
JKM/JKK cash and the scholarship cash flows they bring over a horizon of years, simulates them
by Monte Carlo, and compares the scheme with Bojonegoro's old santunan duka grant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.budget.assumptions import Assumptions, load_assumptions
from ucjlib.budget.claims import (
    benefit_amounts,
    death_rate_for,
    eligible_counts,
    expected_claims,
)
from ucjlib.budget.contributions import (
    contribution_per_participant,
    contribution_table,
    fiscal_years,
    months_from,
    participants_by_month,
)
from ucjlib.budget.grant import compare_grant
from ucjlib.budget.montecarlo import simulate, summarize
from ucjlib.budget.result import BudgetResult
from ucjlib.budget.scholarships import (
    child_schedule,
    children_shares,
    max_scholarship,
    per_death_flow,
    schedule_matrix,
)
from ucjlib.errors import ArgumentError, InputValidationError, Problem
from ucjlib.fmt import fmt_int
from ucjlib.geo.wilayah import Region
from ucjlib.rules import RuleNotInForce, RuleSet, load_rules
from ucjlib.text import Note, render_note, say

__all__ = ["Assumptions", "BudgetResult", "child_schedule", "contribution_per_participant",
           "estimate_budget", "gap_projection", "load_assumptions", "max_scholarship",
           "parse_funding"]

FUNDERS = ("APBD", "APBDes", "mandiri", "lainnya")


def parse_funding(text: str) -> str | dict[str, float]:
    """Read who pays: one payer, or shares ``APBD=0.8,APBDes=0.2`` (or ``80%``).

    Parameters
    ----------
    text : str
        ``APBD``, ``APBDes``, ``mandiri`` or ``lainnya`` (any case), or ``payer=share`` pairs
        separated by commas that add up to 1.

    Returns
    -------
    str or dict of str to float

    Raises
    ------
    ArgumentError
        For an unknown payer, a share that is not a number in 0-1, or shares not adding to 1.

    Examples
    --------
    >>> parse_funding("apbd")
    'APBD'
    >>> parse_funding("APBD=0.8, mandiri=20%")
    {'APBD': 0.8, 'mandiri': 0.2}
    """
    def choice(option: str, value: str, names: tuple[str, ...]) -> str:
        for n in names:
            if str(value).strip().lower() == n.lower():
                return n
        raise ArgumentError(option, value, "salah satu dari " + ", ".join(names))

    expected = ("APBD, APBDes, mandiri atau lainnya; atau porsi yang berjumlah 1, "
                "mis. \"APBD=0.8,APBDes=0.2\"")
    if "=" not in str(text):
        return choice("--funding", text, FUNDERS)
    shares: dict[str, float] = {}
    for part in str(text).split(","):
        key, _, value = part.partition("=")
        name = choice("--funding", key.strip(), FUNDERS) if key.strip() else ""
        v = value.strip().replace(",", ".")
        try:
            share = float(v[:-1]) / 100 if v.endswith("%") else float(v)
        except ValueError:
            raise ArgumentError("--funding", text, expected) from None
        if not name or not 0 <= share <= 1 or name in shares:
            raise ArgumentError("--funding", text, expected)
        shares[name] = share
    if abs(sum(shares.values()) - 1) > 1e-6:
        raise ArgumentError("--funding", text, expected + " (jumlahnya "
                            f"{sum(shares.values()):g})")
    return shares


def gap_projection(ds: Any, target: Any = None, deadline: str | None = None,
                   lang: str = "id", draws: int = 100, periode: str | None = None,
                   scenario: Any = None) -> Any:
    """Project a dataset to price closing the gap at the required pace.

    The deadline follows the same rule as :func:`ucjlib.projection.project`: an explicit
    ``deadline`` must work (its :class:`ArgumentError` reaches the user); without one,
    :func:`ucjlib.rules.default_deadline` for the region and the last observed month (the
    end of the target year, or the next December once it has passed), and the projection's
    notes say which.

    Parameters
    ----------
    ds : Dataset
    target : float, str or Target, optional
    deadline : str, optional
        ``YYYY-MM``.
    lang : {"id", "en"}
    draws : int, default 100
        Bootstrap paths (only the central path's pace is priced).
    periode : str, optional
        Last observed month to project from (default the data's last month).
    scenario : optional
        As in :func:`~ucjlib.projection.project`.

    Returns
    -------
    ProjectionResult
    """
    from ucjlib.projection import project

    return project(ds, target=target, deadline=deadline, lang=lang, draws=draws,
                   periode=periode, scenario=scenario)


def _gap(projection: Any, funding: Any, sector: str, rules: RuleSet) -> dict[str, Any]:
    from ucjlib.projection.engine import deadline_source

    pace = projection.pace
    months, net = int(pace["months"]), float(pace["net_per_month"])
    start = months_from(projection.periode, 2)[1]
    plan = {m: round(net * (i + 1)) for i, m in enumerate(months_from(start, months))}
    counts = participants_by_month(plan, start, months + 12)
    monthly, _ = contribution_table(counts, funding, sector, None, rules)
    until = monthly.iloc[:months]["iuran_total_idr"].sum()
    after = monthly.iloc[months:]["iuran_total_idr"].sum()
    return {"start": start, "deadline": projection.deadline, "months": months,
            "net_per_month": net, "needed_total": float(pace["needed_total"]),
            "cost_until_deadline_idr": float(until), "cost_next_12_months_idr": float(after),
            "scenario": projection.scenario, "scenario_name": projection.scenario_name(),
            "periode": projection.periode,
            "deadline_source": _text(deadline_source(projection), projection.lang)}


def _text(note: Note | None, lang: str) -> str | None:
    """Return ``note`` as a sentence in ``lang`` (None stays None)."""
    return None if note is None else render_note(note, lang)


_PRICED = ("contribution.bpu.", "benefit.")
"""Rules a budget reads for every month it prices (discounts may be absent)."""


def first_priced_month(rules: RuleSet | None = None) -> str:
    """Return the first whole month in which every contribution and benefit rule is in force.

    Examples
    --------
    >>> first_priced_month() >= "2019-12"
    True
    """
    rules = rules or load_rules()
    first = max(p.values[0][0] for name, p in rules.parameters.items()
                if name.startswith(_PRICED))
    month = first.strftime("%Y-%m")
    return month if first.day == 1 else months_from(month, 2)[1]


def _in_force_text(exc: RuleNotInForce, rules: RuleSet | None = None) -> str:
    return (f"bulan {first_priced_month(rules)} atau sesudahnya: aturan {exc.key} ({exc.file}) "
            f"baru berlaku sejak {exc.first.isoformat()}")


def _gap_in_force(projection: Any, funding: Any, sector: str, rules: RuleSet) -> dict[str, Any]:
    """:func:`_gap`, with rules not yet in force in the data's months as an input error (3)."""
    try:
        return _gap(projection, funding, sector, rules)
    except RuleNotInForce as exc:
        files = list(getattr(projection, "files", None) or {})
        raise InputValidationError([Problem(
            files[0] if files else str(projection.source or "data"), None, "periode",
            f"data berakhir {projection.periode}, sebelum aturan iuran berlaku: {exc.key} "
            f"({exc.file}) baru berlaku sejak {exc.first.isoformat()}; biaya menutup "
            "kesenjangan tidak dapat dihitung",
            f"data kepesertaan sampai {first_priced_month(rules)} atau sesudahnya")]) from None


def _check_income(income_idr: float | None, on: str, rules: RuleSet) -> None:
    """Refuse an income below the lowest BPU bracket in force (ArgumentError, exit 2)."""
    if income_idr is None:
        return
    from ucjlib.rules.policy import BPU_LOWEST_INCOME

    lowest = rules.get(BPU_LOWEST_INCOME, on)  # not yet in force: see _start_in_force
    if income_idr < lowest.value:
        raise ArgumentError("income_idr (--income-bracket)", income_idr,
                            f"penghasilan sebulan paling sedikit {fmt_int(lowest.value)} "
                            f"(kelas penghasilan terendah BPU yang berlaku {on})")


def _from_dataset(ds: Any, projection: Any,
                  lang: str) -> tuple[int | None, str | None, Note | None]:
    """Default participants and membership month from a dataset's APBD-paid participants.

    The APBD-paid count of the last month (the projection's ``periode`` when one is given)
    and the first month with any up to it; a region with none (a kota that pays nobody's
    contributions) gets a cohort the size of the gap to the target when a projection is
    given.
    """
    cov = ds.coverage
    last = projection.periode if projection is not None else cov["periode"].max()
    apbd = cov.loc[cov["pendanaan"] == "APBD"].groupby("periode")["peserta_aktif"].sum()
    apbd = apbd[(apbd > 0) & (apbd.index <= last)]
    if last in apbd.index:
        n = int(apbd[last])
        since = str(apbd.index.min())
        return n, since, Note("budget.participants", {"n": n, "last": last, "since": since})
    if projection is not None and float(projection.pace["needed_total"]) > 0:
        n = int(round(float(projection.pace["needed_total"])))
        return n, None, Note("budget.gap_cohort", {"last": last, "n": n})
    if projection is not None:  # no APBD-paid participants and no gap: nothing to pay for
        return 0, None, Note("budget.no_cohort", {"last": last})
    return None, None, None


def _start_in_force(func):
    """Rules not yet in force in the budgeted months: an argument error on ``start`` (2)."""
    import functools
    import inspect

    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except RuleNotInForce as exc:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            raise ArgumentError("start (--start)", bound.arguments["start"],
                                _in_force_text(exc, bound.arguments["rules"])) from None

    return wrapper


@_start_in_force
def estimate_budget(
    participants: int | Mapping[str, int] | pd.DataFrame | None = None,
    *,
    start: str = "2026-01",
    years: int = 1,
    horizon: int = 25,
    funding: Mapping[str, float] | str = "APBD",
    sector: str = "other",
    income_idr: float | None = None,
    membership_since: str | None = None,
    region: Region | None = None,
    dataset: Any = None,
    projection: Any = None,
    death_rate: float | None = None,
    ages: Sequence[float] | np.ndarray | None = None,
    work_accident_share: float | None = None,
    discount_rate: float | None = None,
    draws: int = 10_000,
    seed: int = 0,
    assumptions: Assumptions | str | Path | None = None,
    rules: RuleSet | None = None,
    lang: str = "id",
    sensitivity: bool = True,
) -> BudgetResult:
    """Estimate the contribution budget and the payouts of a group of BPU participants.

    Parameters
    ----------
    participants : int, mapping or DataFrame, optional
        A count, a phased plan ``{"YYYY-MM": count}`` or a table ``periode, peserta``
        (:func:`~ucjlib.budget.contributions.participants_by_month`). Default: the APBD
        participants of the last month of ``dataset`` (of the projection's ``periode``
        when ``projection`` is given).
    start : str, default "2026-01"
        First contribution month.
    years : int, default 1
        Insured years budgeted (contributions paid, deaths counted).
    horizon : int, default 25
        Years of payout cash flow from the start year (at least 20).
    funding : str or mapping, default "APBD"
        Who pays, as shares of participants: e.g. ``{"APBD": 0.8, "mandiri": 0.2}``.
    sector : {"other", "transport"}
        For the PP 50/2025 discount (which never applies to APBD/APBDes-paid participants).
    income_idr : float, optional
        Reported income bracket; default the lowest.
    membership_since : str, optional
        Month the initial participants joined (``"2025-02"`` for Bojonegoro): the JKM
        scholarship needs 3 years of membership. Default ``start``.
    region : Region, optional
    dataset : Dataset, optional
        Gives the region, the demo flag and the default participant count.
    projection : ProjectionResult, optional
        Prices closing the gap to its target at its required pace (:attr:`BudgetResult.gap`),
        from the month after its ``periode`` to its deadline; the notes say where the
        deadline came from. With ``dataset``, the default participants and membership month
        are those of the projection's ``periode``, not the dataset's last month.
    death_rate : float, optional
        Deaths per participant-year; default calibrated (``data/assumptions/budget.yaml``).
    ages : array of float, optional
        Ages of the participants: a death rate by age band instead of a single rate.
    work_accident_share, discount_rate : float, optional
        Default from the assumptions file.
    draws : int, default 10000
        Simulated years of the Monte Carlo.
    seed : int, default 0
    assumptions : Assumptions or path, optional
    rules : RuleSet, optional
    lang : {"id", "en"}
    sensitivity : bool, default True
        Also compute :attr:`BudgetResult.sensitivity` (seven closed-form runs, no Monte Carlo).

    Returns
    -------
    BudgetResult

    Raises
    ------
    ArgumentError
        For a bad count, plan, funding, month, horizon or rate.

    Examples
    --------
    >>> b = estimate_budget(157_058, start="2025-02", years=4, membership_since="2025-02",
    ...                     draws=2000)
    >>> b.figures()["apbd_budget_per_year"]["2026"]
    31662892800.0
    >>> jkm = b.cashflow.set_index("tahun")["beasiswa_jkm_idr"]
    >>> float(jkm[2027]), bool(jkm[2028] > 0)
    (0.0, True)
    """
    rules = rules or load_rules()
    if not isinstance(assumptions, Assumptions):
        assumptions = load_assumptions(assumptions)
    if horizon < 20 or years < 1 or years > horizon:
        raise ArgumentError("horizon", horizon, "horizon >= 20 tahun dan 1 <= years <= horizon")
    if draws < 1:
        raise ArgumentError("draws", draws, "bilangan bulat >= 1")
    from ucjlib.checks import check_seed

    seed = check_seed(seed, "seed")
    demo, notes = False, []
    if dataset is not None:
        demo = bool(dataset.demo)
        notes += list(dataset.notes)
        if region is None:
            from ucjlib.geo.wilayah import get_region
            region = get_region(dataset.kode)
        if participants is None or membership_since is None:
            found, since_found, note = _from_dataset(dataset, projection, lang)
            if participants is None:
                participants = found
                if note is not None:
                    notes.append(note)
            if membership_since is None and since_found is not None and \
                    not isinstance(participants, (Mapping, pd.DataFrame)):
                membership_since = since_found
    if participants is None:
        raise ArgumentError(
            "participants", None,
            "jumlah peserta (--participants), rencana, atau data dengan peserta berbayar APBD "
            "(atau proyeksi dengan kesenjangan ke target)")
    wa = assumptions.work_accident_share if work_accident_share is None else work_accident_share
    disc = assumptions.discount_rate if discount_rate is None else discount_rate
    if not 0 <= wa < 1 or disc <= -1:
        raise ArgumentError("work_accident_share", wa, "porsi dalam 0-1; diskonto > -1")
    rate, rate_source = death_rate_for(assumptions, death_rate, ages, lang)

    counts = participants_by_month(participants, start, 12 * years)
    funding = {funding: 1.0} if isinstance(funding, str) else dict(funding)
    # the gap is priced from the data's month: rules not yet in force then is a data problem
    gap = None if projection is None else _gap_in_force(projection, funding, sector, rules)
    _check_income(income_idr, counts.index[0], rules)
    monthly, used = contribution_table(counts, funding, sector, income_idr, rules)
    yearly = fiscal_years(monthly)
    on = counts.index[0]
    amounts = benefit_amounts(on, income_idr, rules)
    since = membership_since or on
    elig_jkm = eligible_counts(counts, since, amounts["min_years_jkm"])
    elig_jkk = eligible_counts(counts, since, amounts["min_years_jkk"])
    claims = expected_claims(counts, elig_jkm, rate, wa, amounts, elig_jkk)

    # closed-form cash flow over the horizon
    y0 = int(on[:4])
    flow = per_death_flow(on, assumptions, horizon, rules)
    school_jkm, school_jkk = np.zeros(horizon), np.zeros(horizon)
    for i, (dj, dk) in enumerate(zip(claims["kematian_jkm_memenuhi_beasiswa"],
                                     claims["kematian_jkk_memenuhi_beasiswa"], strict=True)):
        school_jkm[i:] += dj * flow[: horizon - i]
        school_jkk[i:] += dk * flow[: horizon - i]
    school = school_jkm + school_jkk
    cash_jkm = np.zeros(horizon)
    cash_jkk = np.zeros(horizon)
    cash_jkm[: len(claims)] = claims["manfaat_jkm_idr"]
    cash_jkk[: len(claims)] = claims["manfaat_jkk_idr"]
    deaths = np.zeros(horizon)
    deaths[: len(claims)] = claims["kematian"]
    factor = (1 + disc) ** -np.arange(horizon)
    total = cash_jkm + cash_jkk + school
    cashflow = pd.DataFrame({"tahun": np.arange(y0, y0 + horizon), "kematian": deaths,
                             "manfaat_jkm_idr": cash_jkm, "manfaat_jkk_idr": cash_jkk,
                             "beasiswa_jkm_idr": school_jkm, "beasiswa_jkk_idr": school_jkk,
                             "beasiswa_idr": school, "pembayaran_idr": total,
                             "faktor_diskonto": factor, "nilai_kini_idr": total * factor})

    # Monte Carlo
    with np.errstate(invalid="ignore", divide="ignore"):
        fj = np.nan_to_num(claims["kematian_jkm_memenuhi_beasiswa"] / claims["kematian_jkm"])
        fk = np.nan_to_num(claims["kematian_jkk_memenuhi_beasiswa"] / claims["kematian_jkk"])
    sim = simulate(claims["kematian"].to_numpy(), wa, np.clip(fj, 0, 1), np.clip(fk, 0, 1),
                   children_shares(assumptions, on, rules),
                   np.asarray(assumptions.child_age_weights),
                   schedule_matrix(on, assumptions, horizon, rules),
                   amounts["jkm_idr"], amounts["jkk_idr"], horizon, draws, seed)
    simulation, pv = summarize(sim, y0, disc)
    pv = {"expected": float(cashflow["nilai_kini_idr"].sum()), **pv}

    # renewal of the initial cohort for its first fiscal year, and the grant comparison
    renew_months = [m for m in months_from(f"{y0}-01", 12)]
    renew, _ = contribution_table(pd.Series([int(counts.iloc[0])] * 12, index=renew_months),
                                  funding, sector, income_idr, rules)
    renewal = {"tahun": y0, "peserta": int(counts.iloc[0]),
               **{c: float(renew[c].sum()) for c in renew.columns
                  if c.startswith("iuran_") and "per_peserta" not in c}}
    if gap is not None and gap["deadline_source"]:
        from ucjlib.projection.engine import deadline_source

        notes.append(deadline_source(projection))
    first = claims.iloc[0]
    school_pv_per_death = float(flow @ factor[: len(flow)])
    grant, grant_lines = compare_grant(
        on, float(yearly["iuran_total_idr"].iloc[0]), float(first["kematian"]),
        float(first["manfaat_jkm_idr"] + first["manfaat_jkk_idr"]),
        school_pv_per_death * float(first["kematian_jkm_memenuhi_beasiswa"]
                                    + first["kematian_jkk_memenuhi_beasiswa"]),
        assumptions, rules, lang)
    grant_region = str(assumptions.old_grant.get("region", ""))
    if region is not None and not region.kode.startswith(grant_region):
        # the old grant is one kabupaten's scheme: no comparison elsewhere
        from ucjlib.geo.wilayah import get_region

        grant = grant.iloc[0:0]
        grant_region = get_region(grant_region).nama
        grant_lines = (say("budget.no_grant", lang, region=region.nama,
                           grant_region=grant_region),)

    notes += [
        Note("budget.death_rate", {"rate": rate, "source": rate_source}),
        Note("budget.rules", {"version": rules.version, "on": on}),
        Note("budget.school_min", {"jkm": f"{amounts['min_years_jkm']:g}", "since": since,
                                   "jkk": f"{amounts['min_years_jkk']:g}"}),
        Note("budget.school_paid"),
    ]
    sens = None
    if sensitivity:
        from ucjlib.budget.sensitivity import sensitivity_table

        def run(death_rate: float, discount_rate: float, assumptions: Assumptions) -> float:
            r = estimate_budget(
                counts.reset_index().set_axis(["periode", "peserta"], axis=1), start=on,
                years=years, horizon=horizon, funding=funding, sector=sector,
                income_idr=income_idr, membership_since=since, death_rate=death_rate,
                work_accident_share=wa, discount_rate=discount_rate, draws=1,
                assumptions=assumptions, rules=rules, sensitivity=False)
            return float(r.present_value["expected"])

        sens = sensitivity_table(run, pv["expected"], rate, disc, assumptions, lang)
    return BudgetResult(
        region=region, start=on, years=years, horizon=horizon, funding=funding, sector=sector,
        rule_version=rules.version, rules_used=used, monthly=monthly, yearly=yearly,
        claims=claims, cashflow=cashflow, simulation=simulation, present_value=pv,
        renewal=renewal, gap=gap, grant=grant, grant_lines=grant_lines, death_rate=rate,
        death_rate_source=rate_source, work_accident_share=wa, discount_rate=disc,
        assumptions=tuple(say("budget.assumption", lang, text=x)
                          for x in assumptions.labels_for(lang)),
        notes=tuple(notes), demo=demo, lang=lang, seed=seed, draws=draws,
        sensitivity=sens, membership_since=since, income_idr=amounts.get("income_idr"),
    )
