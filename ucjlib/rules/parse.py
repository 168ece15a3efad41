"""Reading one parameter file of ``data/rules/``: YAML loading and validation.

:class:`FileParser` turns the text of one file into :class:`~ucjlib.rules.Parameter` or
:class:`~ucjlib.rules.RegionalParameter` objects, raising :class:`~ucjlib.rules.RulesError`
with the file and the dotted key for anything it cannot use. The file format is documented
in ``data/rules/README.md``.
"""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType
from typing import Any

import yaml

from ucjlib.rules.model import (
    DAY_RE,
    KODE_RE,
    NAME_PART,
    NATIONAL,
    SHARE_UNIT,
    Parameter,
    Reference,
    RegionalParameter,
    RegionTarget,
    RulesError,
)

_LEAF_KEYS = frozenset({"description", "values", "metadata", "conditions"})
_REGIONAL_KEYS = frozenset({"description", "metadata", "regions"})
_REGION_KEYS = frozenset({"name", "values", "reference", "note"})
_REQUIRED_META = ("unit", "label", "label_en", "reference")
_YEAR = re.compile(r"\d{4}")


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



class FileParser:
    """Turn one parameter file into :class:`Parameter` / :class:`RegionalParameter`."""

    def __init__(self, file: str, name: str) -> None:
        self.file = file
        self.name = name

    def fail(self, key: str | None, message: str) -> RulesError:
        """Return the error for ``message`` at ``key`` of this file (to be raised)."""
        return RulesError(message, file=self.file, key=key)

    def parse(self, text: str) -> list[Parameter] | list[RegionalParameter]:
        """Return the parameters of the file's ``text``; raise :class:`RulesError` if bad."""
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
        if unit == SHARE_UNIT and not 0 <= value <= 1:
            raise self.fail(key, f"unit '/1' berarti rasio 0-1 (0.25 = 25%), bukan {value}")
        return value

    def _date(self, raw: Any, key: str) -> date:
        text = str(raw)
        try:
            if not DAY_RE.fullmatch(text):
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
            if not isinstance(fact, str) or not NAME_PART.fullmatch(fact):
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
            if not isinstance(child, str) or not NAME_PART.fullmatch(child):
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
            if not isinstance(kode, str) or not (kode == NATIONAL or KODE_RE.fullmatch(kode)):
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
