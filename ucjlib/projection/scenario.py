"""Scenarios composed from parts: cohorts, renewals, campaigns, lapse, workforce growth.

A :class:`Scenario` is a name, a sentence, and a list of parts. Each part is a small frozen
dataclass; the same parts can be written in YAML (format in ``data/scenarios/README.md``).
The name is the scenario's identity in a result (its ``skenario`` rows); an optional
``name_en``/``description_en`` is what an English output shows instead
(:meth:`Scenario.name_in`); without them a scenario shows its own text in both languages.

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

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError, InputValidationError, Problem
from ucjlib.paths import SCENARIOS_DIR
from ucjlib.projection.scenario_fields import (
    MAX_DESCRIPTION_CHARS,
    MAX_NAME_CHARS,
    MAX_PARTS,
    MAX_SCENARIOS,
    REQUIRED,
    SCHEMA,
    TOKEN_RE,
    Bad,
    Shown,
    check_part,
    kind_of,
    shown_value,
)
from ucjlib.projection.scenario_yaml import parse_scenario_yaml, read_scenario_text

__all__ = ["Campaign", "Cohort", "Lapse", "Renewal", "Scenario", "WorkforceGrowth",
           "baseline_scenario", "default_scenarios", "load_scenarios", "scenario_dir"]


def scenario_dir() -> Path:
    """Return the folder of the committed scenario files (``data/scenarios``, packaged)."""
    return SCENARIOS_DIR


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
        check_part("cohort", self)

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
        check_part("renewal", self)


@dataclass(frozen=True)
class Campaign:
    """Extra enrolments per month into one stream, from ``start`` to ``end`` (inclusive)."""

    per_month: float
    start: str | None = None
    end: str | None = None
    segment: str = "BPU"
    funding: str = "mandiri"

    def __post_init__(self) -> None:
        check_part("campaign", self)


@dataclass(frozen=True)
class Lapse:
    """Monthly lapse rate of one stream from ``start`` on (``"estimated"``: from the data)."""

    rate: float | str = "estimated"
    segment: str = "BPU"
    funding: str = "mandiri"
    start: str | None = None

    def __post_init__(self) -> None:
        check_part("lapse", self)


@dataclass(frozen=True)
class WorkforceGrowth:
    """Annual workforce growth beyond the last Sakernas year (``"estimated"``: recent trend)."""

    annual_rate: float | str = "estimated"

    def __post_init__(self) -> None:
        check_part("workforce", self)


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
    name_en: str = ""
    description_en: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "name", _text(self.name, MAX_NAME_CHARS, required=True))
            object.__setattr__(self, "description",
                               _text(self.description, MAX_DESCRIPTION_CHARS))
            object.__setattr__(self, "name_en", _text(self.name_en, MAX_NAME_CHARS))
            object.__setattr__(self, "description_en",
                               _text(self.description_en, MAX_DESCRIPTION_CHARS))
        except Bad as exc:
            raise ArgumentError("scenario.name/description", Shown(exc.reason),
                                exc.expected) from None
        object.__setattr__(self, "parts", tuple(self.parts))
        for p in self.parts:
            if not isinstance(p, Part):
                raise ArgumentError("scenario.parts", Shown(kind_of(p)), ", ".join(_KINDS))

    def name_in(self, lang: str = "id") -> str:
        """Return the name shown in ``lang``: ``name_en`` in English when given, else ``name``.

        Examples
        --------
        >>> s = Scenario("lapse berhenti", name_en="lapse stops")
        >>> s.name_in("en"), s.name_in("id"), Scenario("uji").name_in("en")
        ('lapse stops', 'lapse berhenti', 'uji')
        """
        return self.name_en if lang == "en" and self.name_en else self.name

    def description_in(self, lang: str = "id") -> str:
        """Return the description shown in ``lang`` (``description_en`` in English if given)."""
        return self.description_en if lang == "en" and self.description_en else self.description

    def over(self, base: Scenario | None) -> tuple[Part, ...]:
        """Return the baseline's parts followed by this scenario's own (later ones win)."""
        if base is None or self.base:
            return self.parts
        return (*base.parts, *self.parts)


_CONTROL_RE = re.compile("[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e"
                         "\u2028\u2029\u2066-\u2069\ufeff]")


def _text(value: Any, limit: int, required: bool = False) -> str:
    r"""Return a name or description as one clean line: control characters become spaces.

    Examples
    --------
    >>> _text("APBD\x1b[31m berhenti\n", 120)
    'APBD [31m berhenti'
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Bad(f"bukan teks ({kind_of(value)})", "teks satu baris")
    try:
        text = unicodedata.normalize("NFC", str(value))
    except ValueError:  # an integer of thousands of digits
        raise Bad("bukan teks (angka sangat panjang)", "teks satu baris") from None
    text = " ".join(_CONTROL_RE.sub(" ", text).split())
    if required and not text:
        raise Bad("kosong", "nama skenario, teks satu baris")
    if len(text) > limit:
        raise Bad(f"terlalu panjang ({len(text)} karakter)", f"paling banyak {limit} karakter")
    return text


def _where(i: int, rest: str = "") -> str:
    return f"scenarios[{i}]{rest}"


def _named(problems: list[Problem], name: str | None) -> list[Problem]:
    """Add the scenario's name (short, already clean) after the path of its problems.

    A name holding a run of 8 or more digits (an ID number?) is not shown.
    """
    if not name or re.search(r"\d{8}", name):
        return problems
    short = name if len(name) <= 40 else name[:39] + "…"
    return [Problem(p.file, p.row, f"{p.column} (skenario {short!r})", p.message, p.expected)
            for p in problems]


def _key(key: Any) -> str:
    return repr(key) if isinstance(key, str) and TOKEN_RE.fullmatch(key) else (
        "(kunci tidak ditampilkan)")


def _unknown_keys(spec: dict, known: tuple[str, ...], file: str, where: str,
                  problems: list[Problem]) -> None:
    for key in spec:
        if key not in known:
            hint = (difflib.get_close_matches(key, known, 1)
                    if isinstance(key, str) else [])
            more = f"; maksud Anda {hint[0]}?" if hint else ""
            problems.append(Problem(file, None, where, f"kunci tidak dikenal: {_key(key)}{more}",
                                    ", ".join(known)))


def _part(kind: Any, spec: Any, file: str, where: str) -> Part | list[Problem]:
    """Build one part, or return the problems of its keys and values."""
    kinds = ", ".join(_KINDS)
    if not isinstance(kind, str) or kind not in _KINDS:
        hint = difflib.get_close_matches(kind, _KINDS, 1) if isinstance(kind, str) else []
        more = f"; maksud Anda {hint[0]}?" if hint else ""
        return [Problem(file, None, where, f"jenis bagian tidak dikenal: {_key(kind)}{more}",
                        kinds)]
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        return [Problem(file, None, where, f"isian {kind} harus berupa pemetaan, bukan "
                        f"{kind_of(spec)}", f"{kind}: {{key: value, ...}}")]
    schema = SCHEMA[kind]
    problems: list[Problem] = []
    _unknown_keys(spec, tuple(schema), file, f"{where}.{kind}", problems)
    values = {}
    for name, (check, default) in schema.items():
        field_where = f"{where}.{kind}.{name}"
        if name not in spec:
            if default is REQUIRED:
                problems.append(Problem(file, None, field_where, "isian wajib tidak ada",
                                        f"{name}: ..."))
            continue
        value = spec[name]
        if value is None and default is None:
            continue
        try:
            values[name] = check(value)
        except Bad as exc:
            problems.append(Problem(file, None, field_where, exc.reason, exc.expected))
    if problems:
        return problems
    try:
        return _KINDS[kind](**values)
    except ArgumentError as exc:  # rules across fields (an end before the start)
        return [Problem(file, None, where, str(exc))]


_SCENARIO_KEYS = ("name", "description", "base", "parts", "name_en", "description_en")


def scenarios_from_dict(doc: Any, file: str = "<scenario>") -> list[Scenario]:
    """Build scenarios from a parsed YAML document (see ``data/scenarios/README.md``).

    Every key and value is checked against the schema of its part; the problems of the
    whole document are raised together. Messages name the file, the scenario (index and
    name), the part and the field, with the accepted values; they quote a value from the
    file only when it is a short identifier-like token or a short number.

    Raises
    ------
    InputValidationError
        Listing every problem found (exit code 3 in ``ucj``).

    Examples
    --------
    >>> doc = {"scenarios": [{"name": "APBD berhenti",
    ...        "parts": [{"renewal": {"funding": "APBD", "share": 0}}]}]}
    >>> scenarios_from_dict(doc)[0].parts
    (Renewal(funding='APBD', share=0.0, segment=None, from_year=None),)
    >>> doc["scenarios"][0]["parts"][0]["renewal"]["funding"] = "APDB"
    >>> try:
    ...     scenarios_from_dict(doc, "s.yaml")
    ... except InputValidationError as exc:
    ...     print(exc.problems[0].message)
    funding tidak dikenal: 'APDB'; maksud Anda APBD?
    """
    fmt = "scenarios: [ {name: ..., description: ..., parts: [...]} ]"
    items = doc.get("scenarios") if isinstance(doc, dict) else None
    if not isinstance(items, list) or not items:
        raise InputValidationError([Problem(file, None, "scenarios",
                                            "tidak ada daftar skenario", fmt)])
    problems: list[Problem] = []
    _unknown_keys(doc, ("scenarios",), file, "(dokumen)", problems)
    if len(items) > MAX_SCENARIOS:
        problems.append(Problem(file, None, "scenarios", f"terlalu banyak skenario "
                                f"({len(items)})", f"paling banyak {MAX_SCENARIOS}"))
        items = items[:MAX_SCENARIOS]
    out: list[Scenario] = []
    seen: dict[str, int] = {}
    seen_en: dict[str, int] = {}
    for i, item in enumerate(items, start=1):
        mine: list[Problem] = []
        if not isinstance(item, dict):
            problems.append(Problem(file, None, f"scenarios[{i}]", "skenario harus berupa "
                                    f"pemetaan, bukan {kind_of(item)}", fmt))
            continue
        name = None
        try:
            name = _text(item.get("name"), MAX_NAME_CHARS, required=True)
        except Bad as exc:
            reason = "skenario tanpa name" if item.get("name") in (None, "") else (
                f"name {exc.reason}")
            mine.append(Problem(file, None, f"scenarios[{i}].name", reason,
                                f"name: ... ({exc.expected})"))
        if name is not None and name in seen:
            mine.append(Problem(file, None, _where(i, ".name"),
                                f"nama sama dengan scenarios[{seen[name]}]",
                                "nama skenario yang berbeda satu sama lain"))
        elif name is not None:
            seen[name] = i
        _unknown_keys(item, _SCENARIO_KEYS, file, _where(i), mine)
        texts = {}
        for key in ("description", "name_en", "description_en"):
            try:
                texts[key] = _text(item.get(key) or "", MAX_NAME_CHARS if key == "name_en"
                                   else MAX_DESCRIPTION_CHARS)
            except Bad as exc:
                mine.append(Problem(file, None, _where(i, f".{key}"),
                                    f"{key} {exc.reason}", exc.expected))
                texts[key] = ""
        name_en = texts["name_en"]
        if name_en and name_en in seen_en:
            mine.append(Problem(file, None, _where(i, ".name_en"),
                                f"nama Inggris sama dengan scenarios[{seen_en[name_en]}]",
                                "nama skenario yang berbeda satu sama lain"))
        elif name_en:
            seen_en[name_en] = i
        base = item.get("base", False)
        if not isinstance(base, bool):
            mine.append(Problem(file, None, _where(i, ".base"),
                                f"bukan ya/tidak ({kind_of(base)}: {shown_value(base)})",
                                "true atau false"))
        raw_parts = item.get("parts")
        raw_parts = [] if raw_parts is None else raw_parts
        if not isinstance(raw_parts, list):
            mine.append(Problem(file, None, _where(i, ".parts"),
                                f"parts harus berupa daftar, bukan {kind_of(raw_parts)}",
                                "parts: [ - renewal: {...}, ... ]"))
            raw_parts = []
        if len(raw_parts) > MAX_PARTS:
            mine.append(Problem(file, None, _where(i, ".parts"),
                                f"terlalu banyak bagian ({len(raw_parts)})",
                                f"paling banyak {MAX_PARTS}"))
            raw_parts = raw_parts[:MAX_PARTS]
        parts = []
        for j, p in enumerate(raw_parts, start=1):
            where = _where(i, f".parts[{j}]")
            if not isinstance(p, dict) or len(p) != 1:
                mine.append(Problem(file, None, where, "satu bagian harus tepat satu jenis",
                                    "mis. - renewal: {share: 0}"))
                continue
            (kind, spec), = p.items()
            built = _part(kind, spec, file, where)
            if isinstance(built, list):
                mine.extend(built)
            else:
                parts.append(built)
        problems.extend(_named(mine, name))
        if not problems:
            out.append(Scenario(name, tuple(parts), texts["description"], base,
                                texts["name_en"], texts["description_en"]))
    if problems:
        raise InputValidationError(problems)
    return out


def load_scenarios(path: str | Path) -> list[Scenario]:
    """Read scenarios from a YAML file.

    The file is read as UTF-8 (at most 1 MB), parsed without anchors or aliases, and every
    key and value is checked (:func:`scenarios_from_dict`). Messages never quote a line of
    the file.

    Raises
    ------
    InputValidationError
        When the file cannot be read or breaks the format, naming the file and the part.

    Examples
    --------
    >>> [s.name for s in load_scenarios(scenario_dir() / "bojonegoro-nonrenewal.yaml")]
    ['APBD tidak diperpanjang Januari 2026']
    """
    p = Path(path)
    doc = parse_scenario_yaml(read_scenario_text(p), str(p))
    return scenarios_from_dict(doc, str(p))


def baseline_scenario() -> Scenario:
    """Return the baseline scenario of ``data/scenarios/baseline.yaml``."""
    return load_scenarios(scenario_dir() / "baseline.yaml")[0]


def default_scenarios() -> list[Scenario]:
    """Return the scenarios compared by default: ``data/scenarios/default.yaml``."""
    return load_scenarios(scenario_dir() / "default.yaml")
