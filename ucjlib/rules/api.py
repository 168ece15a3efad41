"""Policy rules as data: versioned parameter files under ``data/rules/``.

Every policy number ucjlib uses (coverage targets, contribution rates, benefit amounts, the
segment precedence used for counting) lives in a small YAML file in the style of
OpenFisca/PolicyEngine parameters: a one-sentence ``description``, ``values`` keyed by the
date each value took effect, and ``metadata`` with ``unit``, ``label``, ``label_en`` and a
``reference`` list. The file format is documented in ``data/rules/README.md``; this module
loads the files, checks them, and answers "which value, in force since when, from which
regulation, in which rule version" for a date.

A month (``"2025-06"``) stands for its first day: a value that takes effect in the middle of
a month applies from the next month on. Contributions are billed per calendar month under
the rules in force when the month begins, and this reading never applies a rule before its
effective date. Pass a full date (``"2019-12-15"``) for day precision.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import yaml

from ucjlib.errors import UcjError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ENV_VAR",
    "Parameter",
    "Reference",
    "RegionTarget",
    "RegionalParameter",
    "RuleSet",
    "RuleValue",
    "RulesError",
    "TargetChoice",
    "bpu_contribution",
    "clear_rules_cache",
    "contribution_discount",
    "load_rules",
    "segment_precedence",
    "target_for",
]

ENV_VAR = "UCJ_RULES_DIR"
"""Environment variable that points :func:`load_rules` at another rules folder."""

# Names of the parameters this module's helpers read (names, never numbers).
TARGET = "target.ucj"
PRECEDENCE = "coverage.segment_precedence"
DISCOUNT = "contribution.discount"
BPU_JKK_RATE = "contribution.bpu.jkk_rate"
BPU_JKM_MONTHLY = "contribution.bpu.jkm_monthly"
BPU_LOWEST_INCOME = "contribution.bpu.lowest_income"
BPU_MONTHLY = "contribution.bpu.monthly"
NATIONAL = "nasional"

_SHARE_UNIT = "/1"
_HASH_CHARS = 8
_SUFFIXES = (".yaml", ".yml")
_LEAF_KEYS = frozenset({"description", "values", "metadata", "conditions"})
_REGIONAL_KEYS = frozenset({"description", "metadata", "regions"})
_REGION_KEYS = frozenset({"name", "values", "reference", "note"})
_REQUIRED_META = ("unit", "label", "label_en", "reference")
_NAME_PART = re.compile(r"[A-Za-z0-9_]+")
_KODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_LEVELS = ("nasional", "provinsi", "kabupaten", "kecamatan", "desa")
_LEVEL_EN = {
    "nasional": "national",
    "provinsi": "provincial",
    "kabupaten": "kabupaten/kota",
    "kecamatan": "kecamatan",
    "desa": "desa",
}

Level = Literal["nasional", "provinsi", "kabupaten", "kecamatan", "desa"]


class RulesError(UcjError, ValueError):
    """A rules folder, file or request that cannot be used.

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
    exit_code = 3

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
        >>> choice = target_for("35.22", "2025-06")
        >>> choice.describe()  # doctest: +ELLIPSIS
        'target ...% (Kabupaten Bojonegoro, 2025; SuaraBojonegoro.com, 2025-03-20)'
        >>> target_for("51.03", "2025-06").describe("en")  # doctest: +ELLIPSIS
        'target ...% (Provinsi Bali, 2025; ...) - provincial target: 51.03 has no target of its own'
        """
        if lang not in ("id", "en"):
            raise RulesError(f"Bahasa tidak dikenal: {lang!r}; pilihan: 'id', 'en'")
        pct = f"{self.value * 100:.2f}".rstrip("0").rstrip(".")
        if lang == "id":
            pct = pct.replace(".", ",")
        text = f"target {pct}% ({self.source_name}, {self.year}; {self.reference})"
        asked_year = _as_date(self.periode).year
        if self.source_kode != self.kode:
            if lang == "id":
                text += (f" - target {self.source_level} dipakai karena {self.kode} "
                         "belum punya target sendiri")
            else:
                text += (f" - {_LEVEL_EN[self.source_level]} target: {self.kode} "
                         "has no target of its own")
        if self.year != asked_year:
            if lang == "id":
                text += f" (target {self.year} dipakai untuk {asked_year})"
            else:
                text += f" ({self.year} target carried forward to {asked_year})"
        return text


@dataclass(frozen=True)
class RuleSet:
    """All parameters of one rules folder, with the version that identifies them.

    ``version`` is the newest effective date in the files plus a short SHA-256 of their
    contents (``"2027-04-01+3fa2b1c0"``): it changes whenever any parameter file changes.
    ``parameters`` maps dotted names (from the file path) to :class:`Parameter`;
    ``regional`` maps names to :class:`RegionalParameter` (targets).
    """

    version: str
    parameters: Mapping[str, Parameter] = field(repr=False)
    regional: Mapping[str, RegionalParameter] = field(repr=False)
    root: str = ""

    def names(self) -> list[str]:
        """Return every parameter name, sorted."""
        return sorted([*self.parameters, *self.regional])

    def __contains__(self, name: object) -> bool:
        return name in self.parameters or name in self.regional

    def parameter(self, name: str) -> Parameter:
        """Return the dated parameter called ``name``.

        Raises
        ------
        RulesError
            For an unknown name (listing valid names, closest first), or a regional one.
        """
        if name in self.parameters:
            return self.parameters[name]
        if name in self.regional:
            raise RulesError(
                "parameter ini per wilayah dan tahun; pakai target_for(kode, periode, "
                f"parameter={name!r})",
                file=self.regional[name].file,
                key=name,
            )
        raise self._unknown(name, self.names())

    def regional_parameter(self, name: str) -> RegionalParameter:
        """Return the regional parameter called ``name`` (see :meth:`parameter`)."""
        if name in self.regional:
            return self.regional[name]
        raise self._unknown(name, sorted(self.regional), what="aturan wilayah")

    def get(self, name: str, on: str | date) -> RuleValue:
        """Return the value of ``name`` in force on ``on``, with its provenance.

        Parameters
        ----------
        name : str
            Dotted parameter name, e.g. ``"benefit.jkm.death_total"``.
        on : str or datetime.date
            ``YYYY-MM`` (the first day of that month), ``YYYY-MM-DD`` or a date.

        Returns
        -------
        RuleValue

        Raises
        ------
        RulesError
            For an unknown name (with the valid names, closest first), a bad date, or a
            date before the first value of the parameter.

        Examples
        --------
        >>> rules = load_rules()
        >>> total = rules.get("benefit.jkm.death_total", "2025-06")
        >>> total.unit, total.references[0].title[:38]
        ('currency-IDR', 'Peraturan Pemerintah Nomor 82 Tahun 20')
        >>> rules.get("benefit.jkm.death_totl", "2025-06")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ucjlib.rules.RulesError: benefit.jkm.death_totl: Aturan tidak dikenal. Mungkin maksud ...
        """
        param = self.parameter(name)
        day = _as_date(on)
        hit = param.value_at(day)
        if hit is None:
            first = param.values[0][0].isoformat()
            raise RulesError(
                f"belum ada nilai yang berlaku pada {day.isoformat()}; nilai pertama berlaku "
                f"sejak {first}",
                file=param.file,
                key=name,
            )
        return _rule_value(param, hit, self.version)

    def value(self, name: str, on: str | date) -> float:
        """Return just the number of :meth:`get`.

        Examples
        --------
        >>> rules = load_rules()
        >>> parts = ["death_lump_sum", "death_periodic", "funeral"]
        >>> total = rules.value("benefit.jkm.death_total", "2025-06")
        >>> total == sum(rules.value(f"benefit.jkm.{p}", "2025-06") for p in parts)
        True
        """
        return self.get(name, on).value

    def group(self, prefix: str) -> dict[str, Parameter]:
        """Return the parameters whose name starts with ``prefix + "."``, by name.

        Examples
        --------
        >>> sorted(load_rules().group("benefit.scholarship.amount"))[:2]
        ['benefit.scholarship.amount.higher_education', 'benefit.scholarship.amount.sd']
        """
        found = {n: p for n, p in self.parameters.items() if n.startswith(prefix + ".")}
        if not found:
            raise self._unknown(prefix, self.names())
        return dict(sorted(found.items()))

    def matching(self, prefix: str, on: str | date, **facts: str) -> list[RuleValue]:
        """Return the values in force on ``on`` under ``prefix`` whose conditions ``facts`` meet.

        Parameters
        ----------
        prefix : str
            A group of conditional parameters, e.g. ``"contribution.discount"``.
        on : str or datetime.date
            As in :meth:`get`.
        **facts : str
            The facts the conditions test, e.g. ``segment="BPU", funding="mandiri"``.

        Returns
        -------
        list of RuleValue
            In name order; parameters with no value in force on ``on`` are left out.
        """
        day = _as_date(on)
        out = []
        for param in self.group(prefix).values():
            hit = param.value_at(day)
            if hit is not None and param.applies_to(facts):
                out.append(_rule_value(param, hit, self.version))
        return out

    def table(self, on: str | date | None = None) -> pd.DataFrame:
        """Return one row per dated parameter: the value in force on ``on`` and its source.

        Parameters
        ----------
        on : str or datetime.date, optional
            Without it, the newest value of each parameter.

        Returns
        -------
        pandas.DataFrame
            Columns ``name, value, effective_from, unit, label, label_en, reference, file``;
            ``value`` is missing where nothing is in force yet.

        Examples
        --------
        >>> t = load_rules().table("2025-06")
        >>> list(t.columns)[:4]
        ['name', 'value', 'effective_from', 'unit']
        """
        import pandas as pd

        day = None if on is None else _as_date(on)
        rows = []
        for name, param in sorted(self.parameters.items()):
            hit = param.values[-1] if day is None else param.value_at(day)
            rows.append({
                "name": name,
                "value": None if hit is None else hit[1],
                "effective_from": None if hit is None else hit[0],
                "unit": param.unit,
                "label": param.label,
                "label_en": param.label_en,
                "reference": "; ".join(r.title for r in param.references),
                "file": param.file,
            })
        return pd.DataFrame(rows)

    @staticmethod
    def _unknown(name: str, names: list[str], what: str = "aturan") -> RulesError:
        children = [n for n in names if n.startswith(name + ".")]
        close = children or difflib.get_close_matches(name, names)
        ordered = close + [n for n in names if n not in close]
        if children:
            msg = f"ini grup, bukan satu aturan; pilih salah satu: {', '.join(children)}."
        else:
            msg = f"{what.capitalize()} tidak dikenal."
            if close:
                msg += f" Mungkin maksud Anda: {', '.join(close)}."
            msg += f" Nama yang tersedia: {', '.join(ordered)}."
        return RulesError(msg, key=name, suggestions=ordered)


# --------------------------------------------------------------------------- loading


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as text and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        self.flatten_mapping(node)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                continue  # PyYAML reports unhashable keys itself
            if key in seen:
                raise _DuplicateKey(str(key), key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay strings, so a bad one is reported with its key instead of failing inside PyYAML.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        self.key, self.line = key, line
        super().__init__(key)


def _default_root() -> Path:
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:  # survives the module moving into a subpackage
        if (parent / "data" / "rules").is_dir():
            return parent / "data" / "rules"
    return here.parents[1] / "data" / "rules"


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load and check every parameter file under a rules folder.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The rules folder. Default: ``$UCJ_RULES_DIR`` when set, else the repository's
        ``data/rules``. The default load is cached (see :func:`clear_rules_cache`);
        an explicit path is read afresh every time.

    Returns
    -------
    RuleSet

    Raises
    ------
    RulesError
        Naming the file and key, for a missing folder, an unreadable or invalid file,
        a missing ``description``, ``unit``, ``label``, ``label_en`` or ``reference``,
        an unparseable date, a non-numeric value, or a share outside 0-1.

    Examples
    --------
    A folder with one parameter file:

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "benefit").mkdir()
    >>> _ = (root / "benefit" / "grant.yaml").write_text('''
    ... description: A toy grant per death.
    ... values:
    ...   2020-01-01: 1000
    ...   2024-07-01: 1500
    ... metadata:
    ...   unit: currency-IDR
    ...   label: Hibah contoh
    ...   label_en: Toy grant
    ...   reference:
    ...     - title: Peraturan contoh
    ... ''')
    >>> rules = load_rules(root)
    >>> rules.value("benefit.grant", "2024-06"), rules.value("benefit.grant", "2024-07")
    (1000, 1500)
    >>> rules.version[:11]
    '2024-07-01+'
    >>> rules.get("benefit.grant", "2019-12")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ucjlib.rules.RulesError: benefit/grant.yaml: benefit.grant: belum ada nilai ... sejak 2020-01-01
    """
    if path is None:
        return _load_cached(str(_default_root()))
    return _load(Path(path))


@functools.cache
def _load_cached(root: str) -> RuleSet:
    return _load(Path(root))


def clear_rules_cache() -> None:
    """Forget the cached default rules, e.g. after editing a file in a running session."""
    _load_cached.cache_clear()


def _load(root: Path) -> RuleSet:
    if not root.is_dir():
        raise RulesError(
            f"folder aturan tidak ditemukan: {root} (atur {ENV_VAR} atau berikan path)"
        )
    files = sorted(
        p for p in root.rglob("*")
        if p.suffix in _SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    if not files:
        raise RulesError(f"tidak ada berkas parameter (*.yaml) di {root}")
    digest = hashlib.sha256()
    parameters: dict[str, Parameter] = {}
    regional: dict[str, RegionalParameter] = {}
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise RulesError(f"tidak bisa dibaca: {exc}", file=rel) from None
        text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        digest.update(rel.encode() + b"\0" + text.encode() + b"\0")
        name_parts = path.relative_to(root).with_suffix("").parts
        for part in name_parts:
            if not _NAME_PART.fullmatch(part):
                raise RulesError(
                    f"nama folder/berkas {part!r} hanya boleh huruf, angka dan '_' "
                    "(nama parameter diambil dari path)",
                    file=rel,
                )
        parsed = _FileParser(rel, ".".join(name_parts)).parse(text)
        for item in parsed:
            if item.name in parameters or item.name in regional:
                raise RulesError("nama parameter dipakai dua kali", file=rel, key=item.name)
            if isinstance(item, RegionalParameter):
                regional[item.name] = item
            else:
                parameters[item.name] = item
    dates = [since for p in parameters.values() for since, _ in p.values]
    newest = max(dates).isoformat() if dates else "0000-00-00"
    version = f"{newest}+{digest.hexdigest()[:_HASH_CHARS]}"
    return RuleSet(
        version=version,
        parameters=MappingProxyType(dict(sorted(parameters.items()))),
        regional=MappingProxyType(dict(sorted(regional.items()))),
        root=str(root),
    )


class _FileParser:
    """Turn one parameter file into :class:`Parameter` / :class:`RegionalParameter`."""

    def __init__(self, file: str, name: str) -> None:
        self.file = file
        self.name = name

    def fail(self, key: str | None, message: str) -> RulesError:
        return RulesError(message, file=self.file, key=key)

    def parse(self, text: str) -> list[Parameter] | list[RegionalParameter]:
        try:
            doc = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
        except _DuplicateKey as exc:
            raise self.fail(exc.key, f"kunci ganda (baris {exc.line})") from None
        except yaml.YAMLError as exc:
            raise self.fail(None, f"YAML tidak valid: {exc}") from None
        if not isinstance(doc, dict):
            raise self.fail(None, "isi berkas harus berupa mapping (description, values, ...)")
        if "regions" in doc:
            return [self._regional(doc)]
        if "values" in doc:
            return [self._leaf(doc, self.name, "", {}, {}, None)]
        return self._group(doc)

    # -- pieces

    def _text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "wajib diisi dengan teks")
        return " ".join(value.split())

    def _metadata(self, meta: Any, key: str) -> dict[str, Any]:
        if meta is None:
            return {}
        if not isinstance(meta, dict):
            raise self.fail(key, "harus berupa mapping")
        return meta

    def _references(self, refs: Any, key: str) -> tuple[Reference, ...]:
        if not isinstance(refs, list) or not refs:
            raise self.fail(key, "wajib berisi daftar sumber: - {title: ..., href: ...}")
        out = []
        for i, ref in enumerate(refs):
            where = f"{key}[{i}]"
            if not isinstance(ref, dict) or set(ref) - {"title", "href"}:
                raise self.fail(where, "setiap sumber berupa {title: ..., href: ...}")
            href = ref.get("href")
            if href is not None and not isinstance(href, str):
                raise self.fail(f"{where}.href", "harus berupa teks")
            out.append(Reference(self._text(ref.get("title"), f"{where}.title"), href))
        return tuple(out)

    def _number(self, value: Any, key: str, unit: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"nilai harus berupa angka, bukan {value!r}")
        if value != value:  # NaN
            raise self.fail(key, "nilai tidak boleh NaN")
        if unit == _SHARE_UNIT and not 0 <= value <= 1:
            raise self.fail(key, f"unit '/1' berarti rasio 0-1 (0.25 = 25%), bukan {value}")
        return value

    def _date(self, raw: Any, key: str) -> date:
        text = str(raw)
        try:
            if not _DAY.fullmatch(text):
                raise ValueError
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(
                key, f"tanggal berlaku harus berbentuk YYYY-MM-DD, bukan {raw!r}"
            ) from None

    def _conditions(self, raw: Any, key: str) -> dict[str, tuple[str, ...]]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise self.fail(key, "harus berupa mapping fakta -> daftar nilai")
        out = {}
        for fact, allowed in raw.items():
            where = f"{key}.{fact}"
            if not isinstance(fact, str) or not _NAME_PART.fullmatch(fact):
                raise self.fail(where, "nama fakta hanya boleh huruf, angka dan '_'")
            items = [allowed] if isinstance(allowed, str) else allowed
            if not isinstance(items, list) or not items or not all(
                isinstance(a, str) and a for a in items
            ):
                raise self.fail(where, "harus berupa daftar teks, mis. [BPU]")
            out[fact] = tuple(items)
        return out

    def _common(
        self, node: dict, prefix: str, inherited: dict[str, Any], description: str | None
    ) -> tuple[str, dict[str, Any], tuple[Reference, ...]]:
        meta = {**inherited, **self._metadata(node.get("metadata"), f"{prefix}metadata")}
        desc = node.get("description", description)
        desc = self._text(desc, f"{prefix}description")
        for req in _REQUIRED_META:
            if req not in meta or meta[req] in (None, "", []):
                raise self.fail(f"{prefix}metadata.{req}", "wajib ada (unit, label, label_en, "
                                                            "reference)")
        for req in ("unit", "label", "label_en"):
            meta[req] = self._text(meta[req], f"{prefix}metadata.{req}")
        refs = self._references(meta["reference"], f"{prefix}metadata.reference")
        return desc, meta, refs

    def _leaf(
        self,
        node: dict,
        name: str,
        prefix: str,
        inherited: dict[str, Any],
        inherited_conditions: dict[str, tuple[str, ...]],
        description: str | None,
    ) -> Parameter:
        unknown = set(node) - _LEAF_KEYS
        if unknown:
            raise self.fail(f"{prefix}{sorted(map(str, unknown))[0]}",
                            f"kunci tidak dikenal; yang boleh: {', '.join(sorted(_LEAF_KEYS))}")
        desc, meta, refs = self._common(node, prefix, inherited, description)
        raw_values = node.get("values")
        if not isinstance(raw_values, dict) or not raw_values:
            raise self.fail(f"{prefix}values", "wajib berisi {YYYY-MM-DD: angka, ...}")
        values = []
        for raw_day, raw_value in raw_values.items():
            key = f"{prefix}values.{raw_day}"
            values.append((self._date(raw_day, key), self._number(raw_value, key, meta["unit"])))
        conditions = {
            **inherited_conditions,
            **self._conditions(node.get("conditions"), f"{prefix}conditions"),
        }
        extra = {k: v for k, v in meta.items() if k not in _REQUIRED_META}
        return Parameter(
            name=name,
            description=desc,
            unit=meta["unit"],
            label=meta["label"],
            label_en=meta["label_en"],
            references=refs,
            values=tuple(sorted(values)),
            file=self.file,
            conditions=MappingProxyType(conditions),
            metadata=MappingProxyType(extra),
        )

    def _group(self, doc: dict) -> list[Parameter]:
        inherited = self._metadata(doc.get("metadata"), "metadata")
        conditions = self._conditions(doc.get("conditions"), "conditions")
        description = doc.get("description")
        children = {k: v for k, v in doc.items() if k not in _LEAF_KEYS}
        if not children:
            raise self.fail("values", "wajib ada: 'values' (satu parameter), 'regions' "
                                      "(per wilayah) atau parameter anak (grup)")
        out = []
        for child, node in children.items():
            if not isinstance(child, str) or not _NAME_PART.fullmatch(child):
                raise self.fail(str(child), "nama parameter anak hanya boleh huruf, angka dan '_'")
            if not isinstance(node, dict) or "values" not in node:
                raise self.fail(child, "bukan parameter: anak grup wajib punya 'values' "
                                       "(salah ketik?)")
            out.append(self._leaf(node, f"{self.name}.{child}", f"{child}.", inherited,
                                  conditions, description))
        return out

    def _regional(self, doc: dict) -> RegionalParameter:
        unknown = set(doc) - _REGIONAL_KEYS
        if unknown:
            raise self.fail(sorted(map(str, unknown))[0],
                            f"kunci tidak dikenal; yang boleh: {', '.join(sorted(_REGIONAL_KEYS))}")
        desc, meta, refs = self._common(doc, "", {}, None)
        raw = doc["regions"]
        if not isinstance(raw, dict) or not raw:
            raise self.fail("regions", "wajib berisi {kode: {name, values, reference}}")
        regions = {}
        for kode, entry in raw.items():
            where = f"regions.{kode}"
            if not isinstance(kode, str) or not (kode == NATIONAL or _KODE.fullmatch(kode)):
                raise self.fail(where, f"kunci wilayah harus kode Kemendagri bertanda kutip "
                                       f"(\"35.22\") atau '{NATIONAL}', bukan {kode!r}")
            if not isinstance(entry, dict):
                raise self.fail(where, "harus berupa mapping {name, values, reference}")
            extra = set(entry) - _REGION_KEYS
            if extra:
                allowed = ", ".join(sorted(_REGION_KEYS))
                raise self.fail(f"{where}.{sorted(map(str, extra))[0]}",
                                f"kunci tidak dikenal; yang boleh: {allowed}")
            values = []
            raw_values = entry.get("values")
            if not isinstance(raw_values, dict) or not raw_values:
                raise self.fail(f"{where}.values", "wajib berisi {tahun: angka, ...}")
            for year, value in raw_values.items():
                key = f"{where}.values.{year}"
                if not _YEAR.fullmatch(str(year)):
                    raise self.fail(key, f"kunci harus tahun target (YYYY), bukan {year!r}")
                values.append((int(year), self._number(value, key, meta["unit"])))
            note = entry.get("note")
            regions[kode] = RegionTarget(
                kode=None if kode == NATIONAL else kode,
                name=self._text(entry.get("name"), f"{where}.name"),
                values=tuple(sorted(values)),
                references=self._references(entry.get("reference"), f"{where}.reference"),
                note=None if note is None else self._text(note, f"{where}.note"),
            )
        extra_meta = {k: v for k, v in meta.items() if k not in _REQUIRED_META}
        return RegionalParameter(
            name=self.name,
            description=desc,
            unit=meta["unit"],
            label=meta["label"],
            label_en=meta["label_en"],
            references=refs,
            regions=MappingProxyType(regions),
            file=self.file,
            metadata=MappingProxyType(extra_meta),
        )


# --------------------------------------------------------------------------- helpers


def _as_date(on: str | date) -> date:
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    if isinstance(on, str):
        text = on.strip()
        try:
            if _MONTH.fullmatch(text):
                return date.fromisoformat(text + "-01")
            if _DAY.fullmatch(text):
                return date.fromisoformat(text)
        except ValueError:
            pass
    raise RulesError(f"tanggal harus YYYY-MM, YYYY-MM-DD atau date, bukan {on!r}")


def _rule_value(param: Parameter, hit: tuple[date, float], version: str) -> RuleValue:
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
    day = None if on is None else _as_date(on)
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
            unit=_SHARE_UNIT,
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
    if not isinstance(kode, str) or not _KODE.fullmatch(kode.strip()):
        raise RulesError(f"kode wilayah harus berbentuk 35, 35.22, 35.22.01 atau "
                         f"35.22.01.2001 (teks), bukan {kode!r}", key="kode")
    kode = kode.strip()
    year = _as_date(periode).year
    periode_text = periode if isinstance(periode, str) else _as_date(periode).isoformat()
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
            source_level=_LEVELS[0 if code is None else len(code.split("."))],
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
