"""The data dictionary: column names, aliases, allowed values and rules of every input.

The contract lives in ``data/dictionary.yml``; this module reads it for the
loaders (header and value aliases) and renders ``data/DICTIONARY.md`` from it
(``python -m ucjlib.inputs.dictionary > data/DICTIONARY.md``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from ucjlib.paths import DATA_DIR

DICTIONARY_PATH: Path = DATA_DIR / "dictionary.yml"
KINDS: tuple[str, ...] = ("coverage", "workforce", "population", "participants")


def norm_key(text: object) -> str:
    """Normalize a header or category value for matching.

    Case, accents, spaces, underscores, dots and hyphens are ignored.

    Examples
    --------
    >>> norm_key(" Peserta_Aktif ")
    'pesertaaktif'
    >>> norm_key("Non-Aktif")
    'nonaktif'
    """
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "", s)


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    import yaml

    with open(DICTIONARY_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_dictionary() -> dict[str, Any]:
    """Return the parsed data dictionary (a fresh copy).

    Examples
    --------
    >>> d = load_dictionary()
    >>> sorted(d["inputs"]) == sorted(KINDS)
    True
    """
    import copy

    return copy.deepcopy(_load())


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"Jenis input tidak dikenal: {kind!r}; pilihan: {', '.join(KINDS)}")
    return kind


def columns(kind: str) -> list[dict[str, Any]]:
    """Return the column specifications of one input kind.

    Examples
    --------
    >>> [c["name"] for c in columns("workforce")][:4]
    ['kode', 'kecamatan', 'desa', 'tahun']
    """
    return [dict(c) for c in _load()["inputs"][_kind(kind)]["columns"]]


@lru_cache(maxsize=8)
def header_map(kind: str) -> dict[str, str]:
    """Map every normalized header alias of ``kind`` to its canonical column.

    Examples
    --------
    >>> header_map("coverage")[norm_key("Jumlah Peserta")]
    'peserta_aktif'
    >>> header_map("workforce")[norm_key("penduduk bekerja")]
    'pekerja'
    """
    out: dict[str, str] = {}
    for col in columns(kind):
        for alias in [col["name"], *col.get("aliases", [])]:
            out.setdefault(norm_key(alias), col["name"])
    return out


@lru_cache(maxsize=32)
def preferred(kind: str, field: str) -> tuple[str, ...]:
    """Return the normalized aliases of ``field`` in their order of preference (may be empty).

    When several columns of a file name the same field, one is read only if
    all of them are in this list (``prefer`` in ``data/dictionary.yml``);
    otherwise the loaders refuse the file (:func:`ucjlib.inputs.headers.resolve_headers`).

    Examples
    --------
    >>> preferred("coverage", "kode")[:2]
    ('kodedesa', 'kodekelurahan')
    >>> preferred("coverage", "peserta_aktif")
    ()
    """
    for col in columns(kind):
        if col["name"] == field:
            return tuple(norm_key(a) for a in col.get("prefer", []))
    return ()


@lru_cache(maxsize=8)
def value_map(field: str) -> dict[str, str]:
    """Map normalized value aliases of ``segmen``, ``pendanaan`` or ``status`` to canonical ones.

    Examples
    --------
    >>> value_map("segmen")[norm_key("Penerima Upah")]
    'PU'
    >>> value_map("pendanaan")[norm_key("APBDesa")]
    'APBDes'
    """
    out: dict[str, str] = {}
    for canon, aliases in _load()["values"][field].items():
        for alias in [canon, *aliases]:
            out[norm_key(alias)] = canon
    return out


def allowed_values(field: str) -> list[str]:
    """Canonical values of a category field, in dictionary order.

    Examples
    --------
    >>> allowed_values("pendanaan")
    ['mandiri', 'APBD', 'APBDes', 'lainnya']
    """
    return list(_load()["values"][field])


def rule(name: str, lang: str = "id") -> str:
    """Return the text of a documented rule (e.g. ``participant_precedence``).

    Examples
    --------
    >>> "PU > PMI > JAKON > BPU" in rule("participant_precedence")
    True
    """
    rules = _load()["rules"]
    if name not in rules:
        raise ValueError(f"Aturan tidak dikenal: {name!r}; pilihan: {', '.join(rules)}")
    return " ".join(str(rules[name][lang]).split())


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _prefer_text(col: dict[str, Any]) -> str:
    if not col.get("prefer"):
        return ""
    return (" Several columns for it: the first of " + ", ".join(col["prefer"])
            + " is read (a note names the others); any other pair is refused.")


def render_markdown() -> str:
    """Render the human-readable ``data/DICTIONARY.md`` from the YAML contract.

    Examples
    --------
    >>> render_markdown().splitlines()[0]
    '# Kamus data ucjlib (data dictionary)'
    """
    d = _load()
    lines = [
        "# Kamus data ucjlib (data dictionary)",
        "",
        "<!-- Generated from data/dictionary.yml by `python -m ucjlib.inputs.dictionary`;"
        " edit the YAML, not this file. -->",
        "",
        f"Version {d['version']}, updated {d['updated']}. Header names are matched"
        " ignoring case, spaces, underscores, dots and hyphens; any alias listed"
        " below is accepted; two columns of one file naming the same field are"
        " refused unless the field lists both in its order of preference"
        " (`rules.reading`). Numbers may use Indonesian (`157.058`, `42,29`) or"
        " English grouping. CSV (`;` or `,`, UTF-8 with or without BOM, or"
        " Windows-1252), XLSX and Parquet are read.",
        "",
    ]
    for kind, spec in d["inputs"].items():
        lines += [
            f"## {kind}: {spec['title']} ({spec['title_en']})",
            "",
            " ".join(str(spec["description"]).split()),
            "",
            f"Files: `{spec['files']}`. Unique key: {', '.join(spec['key'])}.",
            "",
            "| column | type | unit | required | allowed values | example | aliases |",
            "|---|---|---|---|---|---|---|",
        ]
        for c in spec["columns"]:
            aliases = ", ".join(a for a in c.get("aliases", []) if a != c["name"])
            lines.append(
                f"| `{c['name']}` | {c['type']} | {_cell(c['unit'])} | {_cell(c['required'])} "
                f"| {_cell(c['allowed'])} | `{_cell(c['example'])}` | {_cell(aliases)} |"
            )
        lines.append("")
        lines += [f"- `{c['name']}`: {_cell(c['description'])}" + _prefer_text(c)
                  for c in spec["columns"]]
        lines.append("")
    lines += ["## Category values", "", "| field | value | accepted spellings |",
              "|---|---|---|"]
    for field, vals in d["values"].items():
        for canon, aliases in vals.items():
            lines.append(f"| {field} | `{canon}` | {_cell(', '.join(map(str, aliases)))} |")
    lines.append("")
    lines += ["## Rules", ""]
    for name, texts in d["rules"].items():
        lines += [f"### {name}", "", " ".join(str(texts["id"]).split()), "",
                  "*" + " ".join(str(texts["en"]).split()) + "*", ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(render_markdown(), end="")
