"""Scholarship cash flows: what each child receives, year by year, after a participant's death.

A child of age ``a`` at the death (in whole years) is paid, in the year of the death and each
following year, the amount of the school level of that age (``benefit.scholarship.amount``),
for at most ``benefit.scholarship.max_years`` per level, and not from the age
``benefit.scholarship.ends_at_age``. School entry ages and the share of children in school are
assumptions (``data/assumptions/budget.yaml``). At most ``children_max`` children per death.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from ucjlib.budget.assumptions import Assumptions
from ucjlib.rules import RuleSet, load_rules

__all__ = ["child_schedule", "children_shares", "max_scholarship", "per_death_flow",
           "schedule_matrix"]

AMOUNT = "benefit.scholarship.amount"
YEARS = "benefit.scholarship.max_years"
ENDS = "benefit.scholarship.ends_at_age"
CHILDREN_MAX = "benefit.scholarship.children_max"


def _levels(assumptions: Assumptions) -> list[tuple[str, int]]:
    return sorted(((k, v["entry_age"]) for k, v in assumptions.levels.items()),
                  key=lambda kv: kv[1])


def child_schedule(age: int, on: str | date, assumptions: Assumptions,
                   rules: RuleSet | None = None, enrolment: bool = True) -> np.ndarray:
    """Return the scholarship paid to one child, per year from the year of the death.

    Parameters
    ----------
    age : int
        The child's age in whole years in the year of the death.
    on : str or datetime.date
        Date of the scholarship rules used (amounts are kept at that date's values).
    assumptions : Assumptions
        School entry ages and enrolment shares.
    rules : RuleSet, optional
    enrolment : bool, default True
        Multiply by the share of children of that level in school (an expectation); False
        for the full legal amounts of a child who stays in school.

    Returns
    -------
    numpy.ndarray
        Rupiah paid in year 0 (the death year), 1, ... until the age limit.

    Examples
    --------
    A child aged 5 at the death: one TK year, six SD, three SMP, three SMA, five higher:

    >>> from ucjlib.budget.assumptions import load_assumptions
    >>> s = child_schedule(5, "2026-01", load_assumptions(), enrolment=False)
    >>> (s / 1e6).tolist()  # doctest: +NORMALIZE_WHITESPACE
    [1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0,
     12.0, 12.0, 12.0, 12.0, 12.0]
    """
    rules = rules or load_rules()
    ends = int(rules.value(ENDS, on))
    out = np.zeros(max(ends - age, 0))
    for level, entry in _levels(assumptions):
        amount = rules.value(f"{AMOUNT}.{level}", on)
        share = assumptions.levels[level]["enrolment"] if enrolment else 1.0
        years = int(rules.value(f"{YEARS}.{level}", on))
        for child_age in range(max(entry, age), min(entry + years, ends)):
            out[child_age - age] += amount * share
    return out


def schedule_matrix(on: str | date, assumptions: Assumptions, horizon: int,
                    rules: RuleSet | None = None, enrolment: bool = True) -> np.ndarray:
    """Return the schedules of every age at the death: ages (rows) by years after (columns).

    Examples
    --------
    >>> from ucjlib.budget.assumptions import load_assumptions
    >>> m = schedule_matrix("2026-01", load_assumptions(), 30, enrolment=False)
    >>> m.shape, float(m[4].sum() / 1e6)
    ((23, 30), 87.0)
    """
    rules = rules or load_rules()
    ends = int(rules.value(ENDS, on))
    m = np.zeros((ends, horizon))
    for age in range(ends):
        s = child_schedule(age, on, assumptions, rules, enrolment)[:horizon]
        m[age, : len(s)] = s
    return m


def children_shares(assumptions: Assumptions, on: str | date,
                    rules: RuleSet | None = None) -> np.ndarray:
    """Share of deaths leaving 0, 1, ..., ``children_max`` scholarship children.

    Examples
    --------
    >>> from ucjlib.budget.assumptions import load_assumptions
    >>> children_shares(load_assumptions(), "2026-01").round(2).tolist()
    [0.3, 0.25, 0.45]
    """
    rules = rules or load_rules()
    cmax = int(rules.value(CHILDREN_MAX, on))
    p = np.zeros(cmax + 1)
    for k, share in assumptions.child_count_shares.items():
        p[min(k, cmax)] += share
    return p


def per_death_flow(on: str | date, assumptions: Assumptions, horizon: int,
                   rules: RuleSet | None = None) -> np.ndarray:
    """Return the expected scholarship paid per eligible death, per year from the death year.

    ``E[children paid] x sum over ages of P(age) x schedule(age)``.

    Examples
    --------
    >>> from ucjlib.budget.assumptions import load_assumptions
    >>> f = per_death_flow("2026-01", load_assumptions(), 25)
    >>> bool(0 < f.sum() < 174e6)
    True
    """
    rules = rules or load_rules()
    p = children_shares(assumptions, on, rules)
    kids = float((np.arange(len(p)) * p).sum())
    ages = np.asarray(assumptions.child_age_weights)
    m = schedule_matrix(on, assumptions, horizon, rules)
    return kids * (ages[: m.shape[0]] @ m)


def max_scholarship(on: str | date, rules: RuleSet | None = None) -> dict[str, float]:
    """Largest scholarship per child and per participant, from the level amounts and years.

    Examples
    --------
    >>> max_scholarship("2026-01")
    {'per_child_idr': 87000000, 'per_participant_idr': 174000000}
    """
    rules = rules or load_rules()
    per_child = sum(rules.value(f"{AMOUNT}.{lv.rsplit('.', 1)[1]}", on)
                    * rules.value(f"{YEARS}.{lv.rsplit('.', 1)[1]}", on)
                    for lv in rules.group(AMOUNT))
    return {"per_child_idr": per_child,
            "per_participant_idr": per_child * rules.value(CHILDREN_MAX, on)}
