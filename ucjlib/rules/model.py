"""The values of :mod:`ucjlib.rules`: frozen dataclasses, :class:`RulesError`, shared constants.

Nothing here reads a file; :mod:`ucjlib.rules.parse` builds these objects from YAML and
:mod:`ucjlib.rules.api` loads a folder of them into a :class:`~ucjlib.rules.RuleSet`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Literal

from ucjlib.errors import UcjError

NATIONAL = "nasional"

# shared by the parser (rules.parse), the loader (rules.api) and the policy (rules.policy)
#: Unit of a share (0 to 1).
SHARE_UNIT = "/1"
#: One part of a dotted parameter name.
NAME_PART = re.compile(r"[A-Za-z0-9_]+")
#: A Kemendagri code of a province, kabupaten, kecamatan or desa.
KODE_RE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
#: A month ``YYYY-MM`` and a day ``YYYY-MM-DD``.
MONTH_RE = re.compile(r"\d{4}-\d{2}")
DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: The levels a rule value can be set at, from the nation down.
RULE_LEVELS = ("nasional", "provinsi", "kabupaten", "kecamatan", "desa")

Level = Literal["nasional", "provinsi", "kabupaten", "kecamatan", "desa"]


class RulesError(UcjError, ValueError):
    """A rules folder, file or request that cannot be used.

    exit code 7: a rules file in data/rules that cannot be used. The ``ucj`` command exits
    with 7 for every ``RulesError`` (also a request the rules cannot answer: an unknown
    name, a date before the first value); 3 stays a bad input file
    (:class:`ucjlib.errors.InputValidationError`).

    Parameters
    ----------
    message : str
        What went wrong.
    file : str, optional
        The parameter file, relative to the rules folder.
    key : str, optional
        The dotted key inside the file (``metadata.unit``) or the parameter name asked for.
    suggestions : iterable of str, optional
        Valid choices, closest first.
    """

    __module__ = "ucjlib.rules"  # the name users see: ucjlib.rules.RulesError
    exit_code = 7

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        key: str | None = None,
        suggestions: Iterable[str] = (),
    ) -> None:
        self.file = file
        self.key = key
        self.suggestions = list(suggestions)
        where = ": ".join(p for p in (file, key) if p)
        super().__init__(f"{where}: {message}" if where else message)



class RuleNotInForce(RulesError):
    """A date before the first value of a parameter (``rules.get(name, "1990-01")``).

    Still a :class:`RulesError` for callers that catch that; ``day`` is the date asked for
    and ``first`` the first date a value is in force, so an analysis can say whether the
    date came from an argument (exit 2) or from the data (exit 3).
    """

    def __init__(self, message: str, *, day: date, first: date, file: str | None = None,
                 key: str | None = None) -> None:
        self.day, self.first = day, first
        super().__init__(message, file=file, key=key)

    __module__ = "ucjlib.rules"



@dataclass(frozen=True)
class Reference:
    """A regulation or publication a value comes from.

    ``href`` is a URL, a repository-relative path, or ``None`` when there is no link.
    """

    title: str
    href: str | None = None

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class Parameter:
    """One dated policy parameter, as read from ``data/rules/``.

    ``values`` holds ``(effective_from, value)`` pairs in date order; a value is in force
    from its date until the next one. ``conditions`` maps a fact (``segment``) to the values
    it must take, or ``excluded_<fact>`` to values it must not take. ``metadata`` keeps the
    optional metadata fields (``note``, ``period``, ``derived_from`` ...).
    """

    name: str
    description: str
    unit: str
    label: str
    label_en: str
    references: tuple[Reference, ...]
    values: tuple[tuple[date, float], ...]
    file: str
    conditions: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def value_at(self, on: date) -> tuple[date, float] | None:
        """Return ``(effective_from, value)`` in force on ``on``, or ``None`` before the first."""
        hit = None
        for since, value in self.values:
            if since > on:
                break
            hit = (since, value)
        return hit

    def applies_to(self, facts: Mapping[str, str]) -> bool:
        """Tell whether ``facts`` (e.g. ``{"segment": "BPU"}``) meet every condition.

        Values are compared case-insensitively. A condition on a fact that is not given
        raises :class:`RulesError`.
        """
        for key, allowed in self.conditions.items():
            fact = key.removeprefix("excluded_")
            if fact not in facts:
                raise RulesError(
                    f"kondisi {key!r} butuh fakta {fact!r}; yang diberikan: {sorted(facts)}",
                    file=self.file,
                    key=self.name,
                )
            inside = facts[fact].casefold() in {a.casefold() for a in allowed}
            if inside == key.startswith("excluded_"):
                return False
        return True


@dataclass(frozen=True)
class RegionTarget:
    """The dated targets of one region in a regional parameter (``kode`` None = national)."""

    kode: str | None
    name: str
    values: tuple[tuple[int, float], ...]
    references: tuple[Reference, ...]
    note: str | None = None

    def value_for(self, year: int) -> tuple[int, float] | None:
        """Return ``(year, value)`` for ``year`` or the latest earlier year, else ``None``."""
        hit = None
        for y, value in self.values:
            if y > year:
                break
            hit = (y, value)
        return hit


@dataclass(frozen=True)
class RegionalParameter:
    """A parameter whose values belong to a region and a year (e.g. ``target.ucj``)."""

    name: str
    description: str
    unit: str
    label: str
    label_en: str
    references: tuple[Reference, ...]
    regions: Mapping[str, RegionTarget]
    file: str
    metadata: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class RuleValue:
    """A value with everything needed to cite it.

    ``effective_from`` is ``None`` only for the neutral "no discount" answer of
    :func:`contribution_discount` when no discount rule is in force.
    """

    name: str
    value: float
    effective_from: date | None
    unit: str
    label: str
    references: tuple[Reference, ...]
    version: str
    label_en: str = ""


@dataclass(frozen=True)
class TargetChoice:
    """The coverage target chosen for a region and month, and where it came from.

    ``value`` is a 0-1 share; ``year`` the target year used; ``source_kode`` the region
    whose target it is (``None`` for the national one) at ``source_level``; ``reference``
    the citation text and ``references`` the full list; ``kode`` and ``periode`` what was
    asked for.
    """

    value: float
    year: int
    source_kode: str | None
    source_level: Level
    reference: str
    source_name: str
    kode: str
    periode: str
    parameter: str
    references: tuple[Reference, ...]
    version: str

    def describe(self, lang: Literal["id", "en"] = "id") -> str:
        """One line saying which target is used and why.

        Parameters
        ----------
        lang : {'id', 'en'}
            Indonesian (default) or English.

        Returns
        -------
        str

        Examples
        --------
        >>> from ucjlib.rules import target_for
        >>> choice = target_for("35.22", "2025-06")
        >>> choice.describe()  # doctest: +ELLIPSIS
        'target ...% (Kabupaten Bojonegoro, 2025; SuaraBojonegoro.com, 2025-03-20)'
        >>> target_for("51.03", "2025-06").describe("en")  # doctest: +ELLIPSIS
        'target ...% (Provinsi Bali, 2025; ...) - provincial target: 51.03 has no target of its own'
        """
        from ucjlib.text import say

        if lang not in ("id", "en"):
            raise RulesError(f"Bahasa tidak dikenal: {lang!r}; pilihan: 'id', 'en'")
        text = say("rules.target", lang, value=self.value, source=self.source_name,
                   year=self.year, reference=self.reference)
        asked_year = as_date(self.periode).year
        if self.source_kode != self.kode:
            text += say("rules.target.fallback", lang, kode=self.kode,
                        level=say(f"rules.level.{self.source_level}", lang))
        if self.year != asked_year:
            text += say("rules.target.carried", lang, year=self.year, asked=asked_year)
        return text



@dataclass(frozen=True)
class DeadlineChoice:
    """The default deadline for a region's data, and why (see :func:`default_deadline`).

    ``deadline`` is the month ``YYYY-MM``; ``rule`` says which rule chose it: ``"target_year"``
    (December of the target year, still after the data) or ``"next_december"`` (that December
    has passed: the first December after ``last_month``). ``target_year`` is the year of the
    target in force (``target.year``, or the first later target year for data before any
    target); ``reason`` and ``reason_en`` are one line each; ``target`` is the
    :class:`TargetChoice` the rule read.
    """

    deadline: str
    last_month: str
    rule: Literal["target_year", "next_december"]
    target_year: int
    reason: str
    reason_en: str
    target: TargetChoice

    def describe(self, lang: Literal["id", "en"] = "id") -> str:
        """Return the one-line reason in ``lang`` (``"id"`` or ``"en"``)."""
        if lang not in ("id", "en"):
            raise RulesError(f"Bahasa tidak dikenal: {lang!r}; pilihan: 'id', 'en'")
        return self.reason_en if lang == "en" else self.reason



# --------------------------------------------------------------------------- helpers


def as_date(on: str | date) -> date:
    """Return the day of ``on``: a ``date``, ``YYYY-MM-DD``, or ``YYYY-MM`` (its first day).

    Examples
    --------
    >>> as_date("2025-06")
    datetime.date(2025, 6, 1)
    """
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    if isinstance(on, str):
        text = on.strip()
        try:
            if MONTH_RE.fullmatch(text):
                return date.fromisoformat(text + "-01")
            if DAY_RE.fullmatch(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
    raise RulesError(f"tanggal harus YYYY-MM, YYYY-MM-DD atau date, bukan {on!r}")


def rule_value(param: Parameter, hit: tuple[date, float], version: str) -> RuleValue:
    """Return the :class:`RuleValue` of ``param`` for one ``(effective_from, value)`` hit."""
    return RuleValue(
        name=param.name,
        value=hit[1],
        effective_from=hit[0],
        unit=param.unit,
        label=param.label,
        references=param.references,
        version=version,
        label_en=param.label_en,
    )
