"""Scenarios composed from parts: cohorts, renewals, campaigns, lapse, workforce growth.

A :class:`Scenario` is a name, a sentence, and a list of parts. Each part is a small frozen
dataclass; the same parts can be written in YAML (format in ``data/scenarios/README.md``):

- :class:`Cohort` - a government-paid cohort (APBD, APBDes) of ``size`` participants entering
  at ``start`` (all at once, or phased equally over ``months``), paid for the fiscal year and
  renewed each January at ``renewal`` (1 = renews, 0 = leaves, 0.5 = half renews).
- :class:`Renewal` - what the cohorts already in the data do each January (``share``).
- :class:`Campaign` - ``per_month`` extra enrolments into a stream from ``start`` to ``end``.
- :class:`Lapse` - the monthly lapse rate of a stream from ``start`` on (a number, or
  ``"estimated"`` for the rate estimated from the data).
- :class:`WorkforceGrowth` - annual growth of the workforce beyond the last Sakernas year.

Policy numbers such as "existing cohorts renew" are not code constants: they are the parts
of the baseline scenario in ``data/scenarios/baseline.yaml``, on top of which every other
scenario is composed (a scenario's own parts override the baseline's for the same stream).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError, InputValidationError, Problem

__all__ = ["Campaign", "Cohort", "Lapse", "Renewal", "Scenario", "WorkforceGrowth",
           "baseline_scenario", "default_scenarios", "load_scenarios", "scenario_dir"]


def scenario_dir() -> Path:
    """Return the folder of the committed scenario files (``data/scenarios``)."""
    return Path(__file__).resolve().parents[2] / "data" / "scenarios"


def _month(name: str, value: Any) -> str:
    from ucjlib.coverage import check_periode

    return check_periode(value) if value is not None else None


def _share(name: str, value: Any) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ArgumentError(name, value, "angka 0 sampai 1") from None
    if not 0.0 <= v <= 1.0:
        raise ArgumentError(name, value, "angka 0 sampai 1 (mis. 0.5 untuk separuh)")
    return v


@dataclass(frozen=True)
class Cohort:
    """A government-paid cohort entering on a date and renewing (or not) each January.

    Examples
    --------
    >>> Cohort(50000, "2025-09", months=3).monthly_entries()
    [16667, 16667, 16666]
    """

    size: int
    start: str
    funding: str = "APBD"
    segment: str = "BPU"
    months: int = 1
    renewal: float = 1.0

    def __post_init__(self) -> None:
        if int(self.size) < 0:
            raise ArgumentError("cohort.size", self.size, "jumlah peserta 0 atau lebih")
        if int(self.months) < 1:
            raise ArgumentError("cohort.months", self.months, "jumlah bulan 1 atau lebih")
        object.__setattr__(self, "start", _month("cohort.start", self.start))
        object.__setattr__(self, "renewal", _share("cohort.renewal", self.renewal))

    def monthly_entries(self) -> list[int]:
        """Participants entering in each of the ``months`` (largest remainder, exact sum)."""
        n, k = int(self.size), int(self.months)
        return [n // k + (1 if i < n % k else 0) for i in range(k)]


@dataclass(frozen=True)
class Renewal:
    """Share of the cohorts in the data (by funding) that renews each January."""

    funding: str = "APBD"
    share: float = 1.0
    segment: str | None = None
    from_year: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "share", _share("renewal.share", self.share))


@dataclass(frozen=True)
class Campaign:
    """Extra enrolments per month into one stream, from ``start`` to ``end`` (inclusive)."""

    per_month: float
    start: str | None = None
    end: str | None = None
    segment: str = "BPU"
    funding: str = "mandiri"

    def __post_init__(self) -> None:
        object.__setattr__(self, "start", _month("campaign.start", self.start))
        object.__setattr__(self, "end", _month("campaign.end", self.end))
        if self.funding in ("APBD", "APBDes"):
            raise ArgumentError("campaign.funding", self.funding,
                                "mandiri atau lainnya (kohort APBD/APBDes: pakai cohort)")


@dataclass(frozen=True)
class Lapse:
    """Monthly lapse rate of one stream from ``start`` on (``"estimated"``: from the data)."""

    rate: float | str = "estimated"
    segment: str = "BPU"
    funding: str = "mandiri"
    start: str | None = None

    def __post_init__(self) -> None:
        if self.rate != "estimated":
            object.__setattr__(self, "rate", _share("lapse.rate", self.rate))
        object.__setattr__(self, "start", _month("lapse.start", self.start))


@dataclass(frozen=True)
class WorkforceGrowth:
    """Annual workforce growth beyond the last Sakernas year (``"estimated"``: recent trend)."""

    annual_rate: float | str = "estimated"

    def __post_init__(self) -> None:
        if self.annual_rate != "estimated":
            try:
                v = float(self.annual_rate)
            except (TypeError, ValueError):
                v = float("nan")
            if not -0.5 < v < 0.5:
                raise ArgumentError("workforce.annual_rate", self.annual_rate,
                                    "pertumbuhan tahunan, mis. 0.02 untuk 2%")
            object.__setattr__(self, "annual_rate", v)


Part = Cohort | Renewal | Campaign | Lapse | WorkforceGrowth
_KINDS: dict[str, type] = {"cohort": Cohort, "renewal": Renewal, "campaign": Campaign,
                           "lapse": Lapse, "workforce": WorkforceGrowth}


@dataclass(frozen=True)
class Scenario:
    """A named set of parts, composed on top of the baseline scenario.

    Examples
    --------
    >>> s = Scenario("APBD berhenti", (Renewal("APBD", 0.0),))
    >>> [type(p).__name__ for p in s.parts]
    ['Renewal']
    """

    name: str
    parts: tuple[Part, ...] = ()
    description: str = ""
    base: bool = field(default=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        for p in self.parts:
            if not isinstance(p, Part):
                raise ArgumentError("scenario.parts", p, ", ".join(_KINDS))

    def over(self, base: Scenario | None) -> tuple[Part, ...]:
        """Return the baseline's parts followed by this scenario's own (later ones win)."""
        if base is None or self.base:
            return self.parts
        return (*base.parts, *self.parts)


def _part(kind: str, spec: Any, where: str) -> Part:
    cls = _KINDS.get(kind)
    if cls is None or not isinstance(spec, dict):
        raise ArgumentError(where, kind, "cohort, renewal, campaign, lapse atau workforce "
                            "dengan isian berupa pemetaan (key: value)")
    try:
        return cls(**spec)
    except TypeError as exc:
        raise ArgumentError(where, spec, f"isian {kind} yang dikenal ({exc})") from None


def scenarios_from_dict(doc: Any, file: str = "<scenario>") -> list[Scenario]:
    """Build scenarios from a parsed YAML document (see ``data/scenarios/README.md``).

    Examples
    --------
    >>> doc = {"scenarios": [{"name": "APBD berhenti",
    ...        "parts": [{"renewal": {"funding": "APBD", "share": 0}}]}]}
    >>> scenarios_from_dict(doc)[0].parts
    (Renewal(funding='APBD', share=0.0, segment=None, from_year=None),)
    """
    items = doc.get("scenarios") if isinstance(doc, dict) else None
    if not isinstance(items, list) or not items:
        raise InputValidationError([Problem(file, None, "scenarios",
                                            "tidak ada daftar skenario",
                                            "scenarios: [ {name: ..., parts: [...]} ]")])
    out = []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("name"):
            raise InputValidationError([Problem(file, None, f"scenarios[{i}]",
                                                "skenario tanpa name", "name: ...")])
        parts = []
        for j, p in enumerate(item.get("parts") or [], start=1):
            if not isinstance(p, dict) or len(p) != 1:
                raise InputValidationError([Problem(
                    file, None, f"scenarios[{i}].parts[{j}]",
                    "satu bagian harus tepat satu jenis", "mis. - renewal: {share: 0}")])
            (kind, spec), = p.items()
            try:
                parts.append(_part(kind, spec, f"scenarios[{i}].parts[{j}]"))
            except ArgumentError as exc:
                raise InputValidationError([Problem(file, None, f"scenarios[{i}].parts[{j}]",
                                                    str(exc))]) from None
        out.append(Scenario(str(item["name"]), tuple(parts),
                            str(item.get("description", "")).strip(),
                            bool(item.get("base", False))))
    return out


def load_scenarios(path: str | Path) -> list[Scenario]:
    """Read scenarios from a YAML file.

    Raises
    ------
    InputValidationError
        When the file cannot be read or breaks the format, naming the file and the part.

    Examples
    --------
    >>> [s.name for s in load_scenarios(scenario_dir() / "bojonegoro-nonrenewal.yaml")]
    ['APBD tidak diperpanjang Januari 2026']
    """
    import yaml

    p = Path(path)
    try:
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        msg = f"berkas skenario tidak dapat dibaca: {exc}"
        raise InputValidationError([Problem(str(p), None, None, msg)]) from None
    return scenarios_from_dict(doc, str(p))


def baseline_scenario() -> Scenario:
    """Return the baseline scenario of ``data/scenarios/baseline.yaml``."""
    return load_scenarios(scenario_dir() / "baseline.yaml")[0]


def default_scenarios() -> list[Scenario]:
    """Return the scenarios compared by default: ``data/scenarios/default.yaml``."""
    return load_scenarios(scenario_dir() / "default.yaml")
