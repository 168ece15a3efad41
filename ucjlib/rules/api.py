"""Loading a rules folder: :func:`load_rules`, its cache, and the :class:`RuleSet` it returns."""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from ucjlib.paths import RULES_DIR
from ucjlib.rules.model import (
    NAME_PART,
    Parameter,
    RegionalParameter,
    RuleNotInForce,
    RulesError,
    RuleValue,
    as_date,
    rule_value,
)
from ucjlib.rules.parse import FileParser

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

ENV_VAR = "UCJ_RULES_DIR"
"""Environment variable that points :func:`load_rules` at another rules folder."""

_HASH_CHARS = 8
_SUFFIXES = (".yaml", ".yml")


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
        day = as_date(on)
        hit = param.value_at(day)
        if hit is None:
            first = param.values[0][0]
            raise RuleNotInForce(
                f"belum ada nilai yang berlaku pada {day.isoformat()}; nilai pertama berlaku "
                f"sejak {first.isoformat()}",
                day=day, first=first, file=param.file, key=name,
            )
        return rule_value(param, hit, self.version)

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
        day = as_date(on)
        out = []
        for param in self.group(prefix).values():
            hit = param.value_at(day)
            if hit is not None and param.applies_to(facts):
                out.append(rule_value(param, hit, self.version))
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

        day = None if on is None else as_date(on)
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


def _default_root() -> Path:
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    return RULES_DIR


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
    ucjlib.rules.RuleNotInForce: benefit/grant.yaml: benefit.grant: belum ada ... 2020-01-01
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
            if not NAME_PART.fullmatch(part):
                raise RulesError(
                    f"nama folder/berkas {part!r} hanya boleh huruf, angka dan '_' "
                    "(nama parameter diambil dari path)",
                    file=rel,
                )
        parsed = FileParser(rel, ".".join(name_parts)).parse(text)
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
