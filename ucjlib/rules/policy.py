"""Policy answers built on the rules: targets, contribution discounts, segment precedence.

Each function takes an optional :class:`~ucjlib.rules.RuleSet` (default:
:func:`~ucjlib.rules.load_rules`) and reads parameters by name, never by number.
"""

from __future__ import annotations

from datetime import date

from ucjlib.rules.api import RuleSet, load_rules
from ucjlib.rules.model import (
    KODE_RE,
    MONTH_RE,
    NATIONAL,
    RULE_LEVELS,
    SHARE_UNIT,
    DeadlineChoice,
    Reference,
    RulesError,
    RuleValue,
    TargetChoice,
    as_date,
)
from ucjlib.text import say

# Names of the parameters this module's helpers read (names, never numbers).
TARGET = "target.ucj"
PRECEDENCE = "coverage.segment_precedence"
DISCOUNT = "contribution.discount"
BPU_JKK_RATE = "contribution.bpu.jkk_rate"
BPU_JKM_MONTHLY = "contribution.bpu.jkm_monthly"
BPU_LOWEST_INCOME = "contribution.bpu.lowest_income"
BPU_MONTHLY = "contribution.bpu.monthly"


def segment_precedence(
    rules: RuleSet | None = None, on: str | date | None = None
) -> dict[str, int]:
    """Rank of each participant segment; the lower rank wins for a person in several.

    Parameters
    ----------
    rules : RuleSet, optional
        Default: :func:`load_rules`.
    on : str or datetime.date, optional
        Date of the ranking; default the newest one.

    Returns
    -------
    dict of str to int
        Segment code to rank, best first.

    Raises
    ------
    RulesError
        When ranks are not whole numbers or two segments share one.

    Examples
    --------
    >>> ranks = segment_precedence()
    >>> sorted(ranks) == sorted(["PU", "PMI", "JAKON", "BPU"])
    True
    >>> min(ranks, key=ranks.get)
    'PU'
    """
    rules = rules or load_rules()
    day = None if on is None else as_date(on)
    ranks: dict[str, int] = {}
    for name, param in rules.group(PRECEDENCE).items():
        hit = param.values[-1] if day is None else param.value_at(day)
        if hit is None:
            continue
        if hit[1] != int(hit[1]):
            raise RulesError("peringkat harus bilangan bulat", file=param.file, key=name)
        ranks[name.rsplit(".", 1)[1]] = int(hit[1])
    if len(set(ranks.values())) != len(ranks):
        raise RulesError("dua segmen punya peringkat yang sama", key=PRECEDENCE)
    return dict(sorted(ranks.items(), key=lambda kv: kv[1]))


def contribution_discount(
    on: str | date,
    segment: str = "BPU",
    funding: str = "mandiri",
    sector: str = "other",
    rules: RuleSet | None = None,
) -> RuleValue:
    """Return the share of the JKK+JKM contribution waived for a participant in a month.

    Looks at every parameter under ``contribution.discount`` whose ``conditions`` the
    participant meets (``segment``, ``funding``, ``sector``) and that has a value in force
    on ``on``. Discounts do not stack: the largest applies. When none is in force (or only
    values of 0, which mark the end of a discount), the answer is a zero discount named
    ``contribution.discount`` with ``effective_from=None`` and no references.

    Parameters
    ----------
    on : str or datetime.date
        Contribution month ``YYYY-MM`` (its first day), a ``YYYY-MM-DD`` date or a date.
    segment : str
        ``PU``, ``BPU``, ``JAKON`` or ``PMI`` (the segments of the precedence rule).
    funding : str
        Funding code: ``mandiri``, ``APBD``, ``APBDes`` or ``lainnya``.
    sector : str
        ``transport`` or ``other`` (any other sector), as named in the discount files.
    rules : RuleSet, optional
        Default: :func:`load_rules`.

    Returns
    -------
    RuleValue
        ``value`` is a 0-1 share of the contribution.

    Raises
    ------
    RulesError
        For an unknown segment or sector.

    Examples
    --------
    >>> contribution_discount("2026-06").name
    'contribution.discount.pp50_2025.other'
    >>> contribution_discount("2026-06", funding="APBD").value
    0
    >>> contribution_discount("2025-06").effective_from is None
    True
    """
    rules = rules or load_rules()
    segments = segment_precedence(rules)
    if segment.casefold() not in {s.casefold() for s in segments}:
        raise RulesError(f"segmen tidak dikenal: {segment!r}; pilihan: {', '.join(segments)}",
                         key="segment", suggestions=segments)
    group = rules.group(DISCOUNT)
    sectors = sorted({s for p in group.values() for k, v in p.conditions.items()
                      if k.removeprefix("excluded_") == "sector" for s in v})
    if sectors and sector.casefold() not in {s.casefold() for s in sectors}:
        raise RulesError(f"sektor tidak dikenal: {sector!r}; pilihan: {', '.join(sectors)}",
                         key="sector", suggestions=sectors)
    found = [v for v in rules.matching(DISCOUNT, on, segment=segment, funding=funding,
                                       sector=sector) if v.value]
    if not found:
        return RuleValue(
            name=DISCOUNT,
            value=0,
            effective_from=None,
            unit=SHARE_UNIT,
            label="Tidak ada potongan iuran yang berlaku",
            references=(),
            version=rules.version,
            label_en="No contribution discount in force",
        )
    return max(found, key=lambda v: (v.value, v.effective_from or date.min))


def bpu_contribution(
    on: str | date,
    income_idr: float | None = None,
    funding: str = "mandiri",
    sector: str = "other",
    rules: RuleSet | None = None,
) -> RuleValue:
    """Monthly JKK+JKM contribution of one informal (BPU) participant, after any discount.

    ``jkk_rate x income + jkm_monthly``, times ``1 - discount`` from
    :func:`contribution_discount`.

    Parameters
    ----------
    on : str or datetime.date
        Contribution month ``YYYY-MM`` or a date.
    income_idr : float, optional
        Reported monthly income bracket in rupiah; default the lowest bracket.
    funding, sector : str
        As in :func:`contribution_discount`.
    rules : RuleSet, optional
        Default: :func:`load_rules`.

    Returns
    -------
    RuleValue
        Named ``contribution.bpu.monthly``, in rupiah; ``effective_from`` is the newest date
        among the values used and ``references`` their union.

    Raises
    ------
    RulesError
        For an income below the lowest bracket, or any error of the rules used.

    Examples
    --------
    >>> full = bpu_contribution("2025-06")
    >>> half = bpu_contribution("2026-06")
    >>> half.value == full.value * (1 - contribution_discount("2026-06").value)
    True
    >>> bpu_contribution("2026-06", funding="APBD").value == full.value
    True
    """
    rules = rules or load_rules()
    rate = rules.get(BPU_JKK_RATE, on)
    jkm = rules.get(BPU_JKM_MONTHLY, on)
    lowest = rules.get(BPU_LOWEST_INCOME, on)
    income = lowest.value if income_idr is None else income_idr
    if income < lowest.value:
        raise RulesError(
            f"penghasilan {income} di bawah kelompok penghasilan terendah {lowest.value}",
            key=BPU_LOWEST_INCOME,
        )
    discount = contribution_discount(on, "BPU", funding, sector, rules)
    used = (rate, jkm, lowest, discount)
    references: list[Reference] = []
    for v in used:
        references += [r for r in v.references if r not in references]
    return RuleValue(
        name=BPU_MONTHLY,
        value=(rate.value * income + jkm.value) * (1 - discount.value),
        effective_from=max(v.effective_from for v in used if v.effective_from is not None),
        unit=jkm.unit,
        label="Iuran JKK+JKM peserta BPU per bulan",
        references=tuple(references),
        version=rules.version,
        label_en="BPU JKK+JKM contribution per month",
    )


def _chain(kode: str) -> list[str | None]:
    parts = kode.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)] + [None]


def target_for(
    kode: str,
    periode: str | date,
    rules: RuleSet | None = None,
    parameter: str = TARGET,
) -> TargetChoice:
    """Return the coverage target that applies to a region in a month, and its source.

    The region's own target for that year, or its latest earlier year; else the same for
    each parent region up to the province (``35.22.01`` -> ``35.22`` -> ``35``); else the
    national target. A target is never carried back to a year before it was set.

    Parameters
    ----------
    kode : str
        Kemendagri code, e.g. ``"35.22"`` (a string: ``35.10`` as a number loses a digit).
    periode : str or datetime.date
        ``YYYY-MM``, ``YYYY-MM-DD`` or a date; only its year matters.
    rules : RuleSet, optional
        Default: :func:`load_rules`.
    parameter : str
        The regional parameter, ``"target.ucj"`` (Kemendagri and regional targets) by
        default, or e.g. ``"target.ucj_rpjmn"`` for the national RPJMN path.

    Returns
    -------
    TargetChoice

    Raises
    ------
    RulesError
        For a malformed code or period, an unknown parameter, or a year before the first
        target of the region, its parents and the nation.

    Examples
    --------
    >>> own = target_for("35.22", "2025-06")
    >>> own.source_level, own.source_kode, own.year
    ('kabupaten', '35.22', 2025)
    >>> target_for("51.03", "2025-06").source_level
    'provinsi'
    >>> national = target_for("32.71", "2025-06")
    >>> national.source_level, national.source_kode
    ('nasional', None)
    """
    rules = rules or load_rules()
    reg = rules.regional_parameter(parameter)
    if not isinstance(kode, str) or not KODE_RE.fullmatch(kode.strip()):
        raise RulesError(f"kode wilayah harus berbentuk 35, 35.22, 35.22.01 atau "
                         f"35.22.01.2001 (teks), bukan {kode!r}", key="kode")
    kode = kode.strip()
    year = as_date(periode).year
    periode_text = periode if isinstance(periode, str) else as_date(periode).isoformat()
    tried = []
    for code in _chain(kode):
        entry = reg.regions.get(code or NATIONAL)
        if entry is None:
            continue
        hit = entry.value_for(year)
        if hit is None:
            tried.append(f"{entry.name} mulai {entry.values[0][0]}")
            continue
        return TargetChoice(
            value=hit[1],
            year=hit[0],
            source_kode=code,
            source_level=RULE_LEVELS[0 if code is None else len(code.split("."))],
            reference="; ".join(r.title for r in entry.references),
            source_name=entry.name,
            kode=kode,
            periode=periode_text.strip(),
            parameter=parameter,
            references=entry.references,
            version=rules.version,
        )
    detail = "; ".join(tried) if tried else "tidak ada target untuk wilayah ini atau induknya"
    raise RulesError(
        f"tidak ada target untuk {kode} pada tahun {year} ({detail}); target tidak "
        "diberlakukan mundur ke tahun sebelum ditetapkan",
        file=reg.file,
        key=parameter,
    )


def first_target_after(
    kode: str,
    periode: str | date,
    rules: RuleSet | None = None,
    parameter: str = TARGET,
) -> TargetChoice | None:
    """Return the first target set after a month that has none (``None``: one is in force).

    For a month before the first target year of a region, its parents and the nation (where
    :func:`target_for` raises), the target of the first later target year, as
    :func:`target_for` answers for December of that year. Callers say that a later year's
    target is used.

    Parameters
    ----------
    kode : str
        Kemendagri code.
    periode : str or datetime.date
        ``YYYY-MM``, ``YYYY-MM-DD`` or a date; only its year matters.
    rules : RuleSet, optional
        Default: :func:`load_rules`.
    parameter : str
        The regional parameter, ``"target.ucj"`` by default.

    Returns
    -------
    TargetChoice or None
        ``None`` when a target is already in force in ``periode`` (use :func:`target_for`).

    Raises
    ------
    RulesError
        For a malformed code or period, an unknown parameter, or no target in any year.

    Examples
    --------
    >>> first_target_after("35.22", "2023-06").year
    2025
    >>> first_target_after("35.22", "2025-06") is None
    True
    """
    rules = rules or load_rules()
    try:
        target_for(kode, periode, rules, parameter)
        return None
    except RulesError:
        pass
    reg = rules.regional_parameter(parameter)
    year = as_date(periode).year
    firsts = [entry.values[0][0] for code in _chain(str(kode).strip())
              if (entry := reg.regions.get(code or NATIONAL)) is not None and entry.values]
    later = [y for y in firsts if y > year]
    if not later:
        return target_for(kode, periode, rules, parameter)  # raises, saying why
    return target_for(kode, f"{min(later)}-12", rules, parameter)


def _whose(choice: TargetChoice, lang: str) -> str:
    """``target Kabupaten Bojonegoro`` / ``Kabupaten Bojonegoro target``, with any fallback."""
    national = choice.source_kode is None
    text = say("rules.whose.national" if national else "rules.whose", lang,
               source=choice.source_name)
    if choice.source_kode != choice.kode:
        text += say("rules.whose.fallback", lang, kode=choice.kode)
    return text


def default_deadline(kode: str, last_month: str, rules: RuleSet | None = None) -> DeadlineChoice:
    """Return the default deadline for a region's data ending in ``last_month``, and why.

    December of the target year of the region's target in force in ``last_month``
    (:func:`target_for`, with its fallback to the province and the nation); when that
    December is not after ``last_month`` (it has passed), the first December after
    ``last_month``. Data from before the first target year use the first later target year
    (:func:`first_target_after`). The deadline is always after ``last_month``.

    Parameters
    ----------
    kode : str
        Kemendagri code of the region, e.g. ``"35.22"``.
    last_month : str
        Last observed month ``YYYY-MM`` (the month a projection starts from).
    rules : RuleSet, optional
        Default: :func:`load_rules`.

    Returns
    -------
    DeadlineChoice
        ``deadline``, ``rule`` (``"target_year"`` or ``"next_december"``), ``target_year``,
        a one-line ``reason`` (Indonesian) and ``reason_en``, and the ``target`` read.

    Raises
    ------
    RulesError
        For a malformed code or month, or a region with no target in any year.

    Examples
    --------
    >>> d = default_deadline("35.22", "2025-06")
    >>> d.deadline, d.rule, d.reason
    ('2025-12', 'target_year', 'akhir tahun target 2025 (target Kabupaten Bojonegoro)')
    >>> d = default_deadline("35.22", "2025-12")
    >>> d.deadline, d.rule
    ('2026-12', 'next_december')
    >>> default_deadline("35.22", "2026-03").deadline
    '2026-12'
    """
    rules = rules or load_rules()
    text = last_month.strip() if isinstance(last_month, str) else ""
    try:
        if not MONTH_RE.fullmatch(text):
            raise RulesError(text)
        last_year = as_date(text).year
    except RulesError:
        raise RulesError(f"bulan data terakhir harus YYYY-MM, bukan {last_month!r}",
                         key="last_month") from None
    later = first_target_after(kode, text, rules)
    choice = later or target_for(kode, text, rules)
    year = choice.year
    reasons = {}
    for lang in ("id", "en"):
        reason = say("rules.deadline.target_year", lang, year=year, whose=_whose(choice, lang))
        if later is not None:
            reason += say("rules.deadline.later", lang, last_year=last_year, year=year)
        reasons[lang] = reason
    december = f"{year:04d}-12"
    if december > text:
        return DeadlineChoice(december, text, "target_year", year, reasons["id"],
                              reasons["en"], choice)
    first = last_year + 1 if text.endswith("-12") else last_year  # December: the next one
    passed = {lang: say("rules.deadline.next_december", lang, last=text, reason=reasons[lang])
              for lang in ("id", "en")}
    return DeadlineChoice(f"{first:04d}-12", text, "next_december", year, passed["id"],
                          passed["en"], choice)
