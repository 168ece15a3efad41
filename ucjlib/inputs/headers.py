"""Header rows: the separator, the header row under a title, column names, fields.

:func:`find_header` finds the header (the first of the first rows naming two
known columns), :func:`column_names` names the columns as every reader names
them, and :func:`resolve_headers` maps headers to fields and refuses two
columns for one field (``rules.reading`` of the data dictionary).
"""

from __future__ import annotations

import re
from pathlib import Path

from ucjlib.errors import InputValidationError, Problem
from ucjlib.inputs.dictionary import header_map, norm_key, preferred
from ucjlib.text import Note

HEADER_SEARCH_ROWS = 10
"""The header is the first of this many rows naming two known columns (else row 1)."""


def _known_headers(kind: str | None) -> set[str]:
    from ucjlib.inputs.dictionary import KINDS

    known: set[str] = set()
    for k in (KINDS if kind is None else (kind,)):
        known |= set(header_map(k))
    return known


def find_header(rows: list[list[object]], kind: str | None = None) -> int | None:
    """Index of the first of the first rows naming >= 2 known columns, or None."""
    known = _known_headers(kind)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if v is not None and norm_key(v) in known)
        if hits >= 2:
            return i
    return None




def sniff_separator(text: str) -> str:
    r"""Pick the CSV separator (``;``, ``,``, tab or ``|``).

    The separator that splits one of the first 10 non-empty lines into two
    known column names (the header, also under a report title); else the
    most frequent one in the first non-empty line.

    Examples
    --------
    >>> sniff_separator("kode;periode;peserta\n35.22;2025-06;1.000")
    ';'
    >>> sniff_separator("kode,periode\n")
    ','
    >>> sniff_separator("Rekap kepesertaan, Juni 2025\n\nkode;periode;segmen\n")
    ';'
    """
    known = _known_headers(None)
    lines = [line for line in text.splitlines()[:100] if line.strip()][:HEADER_SEARCH_ROWS]
    for line in lines:
        for sep in (";", ",", "\t", "|"):
            if sum(1 for c in line.split(sep) if norm_key(c.strip().strip('"')) in known) >= 2:
                return sep
    for line in text.splitlines():
        if line.strip():
            counts = {sep: line.count(sep) for sep in (";", ",", "\t", "|")}
            best = max(counts, key=counts.get)
            return best if counts[best] else ","
    return ","


def column_names(header: list[object]) -> list[str]:
    """Return unique column names for a header row, as every reader names them.

    An empty header cell is ``kolom_<n>``; a repeated name (ignoring case)
    gets ``.1``, ``.2`` (DuckDB, like Excel users, does not tell case apart).

    Examples
    --------
    >>> column_names(["Kode", None, "kode", " Peserta "])
    ['Kode', 'kolom_2', 'kode.1', 'Peserta']
    """
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, v in enumerate(header):
        name = "" if v is None else str(v).strip()
        name = name or f"kolom_{i + 1}"
        base, n = name, seen.get(name.lower(), -1) + 1
        seen[base.lower()] = n
        while n and f"{base}.{n}".lower() in seen:
            n += 1
        if n:
            name = f"{base}.{n}"
            seen[name.lower()] = 0
        names.append(name)
    return names



def _as_field(col: str, cols: list[str], hm: dict[str, str]) -> str | None:
    """Return the field a header names; ``X.1`` (a second column headed ``X``) names X's."""
    canon = hm.get(norm_key(col))
    if canon is None:
        m = re.fullmatch(r"(.+)\.\d+", str(col))
        if m and any(str(o).strip() == m.group(1) for o in cols):
            canon = hm.get(norm_key(m.group(1)))
    return canon


def resolve_headers(cols: list[str], kind: str, file: str | Path | None = None,
                    ) -> tuple[dict[str, str], list[str], list[Problem]]:
    """Map headers to the fields of ``kind``: ``(rename, notes, problems)``.

    Rule (``rules.reading``): a field named by one column is read from it.
    Two or more columns naming the same field are never chosen between
    silently: that is a problem naming the file, the columns and the field
    (rename or delete one), unless every one of them is in the field's
    documented order of preference (``prefer`` in ``data/dictionary.yml``,
    e.g. ``kode_desa`` before ``kode_kecamatan``): then the first is read
    and a note names the others. Count fields have no preference: registered
    and active participants are different numbers.

    Examples
    --------
    >>> resolve_headers(["kode", "jumlah", "aktif"], "coverage", "c.csv")[2][0].message
    "kolom 'jumlah' dan 'aktif' sama-sama dibaca sebagai peserta_aktif; tidak ada yang ..."
    >>> rename, notes, _ = resolve_headers(["Kode Kecamatan", "Kode Desa"], "coverage")
    >>> rename, str(notes[0])[:40]
    ({'Kode Desa': 'kode'}, "Kolom 'Kode Kecamatan' tidak dipakai: ko")
    """
    hm = header_map(kind)
    by_field: dict[str, list[str]] = {}
    for c in cols:
        canon = _as_field(c, cols, hm)
        if canon is not None:
            by_field.setdefault(canon, []).append(c)
    chosen: dict[str, str] = {}
    notes: list[str] = []
    problems: list[Problem] = []
    for canon, found in by_field.items():
        if len(found) == 1:
            chosen[found[0]] = canon
            continue
        order = preferred(kind, canon)
        keys = [norm_key(c) for c in found]
        if order and all(k in order for k in keys) and len(set(keys)) == len(keys):
            best = min(found, key=lambda c: order.index(norm_key(c)))
            chosen[best] = canon
            rest = ", ".join(repr(c) for c in found if c != best)
            notes.append(Note("inputs.column_preferred",
                              {"rest": rest, "field": canon, "best": repr(best)}))
            continue
        names = [repr(str(c)) for c in found]
        listed = ", ".join(names[:-1]) + " dan " + names[-1]
        example = str(found[0]).strip() + " (tidak dipakai)"
        problems.append(Problem(
            str(file) if file is not None else "(berkas)", None, None,
            f"kolom {listed} sama-sama dibaca sebagai {canon}; tidak ada yang dipilih diam-diam",
            f"satu kolom {canon} saja: ganti nama kolom yang bukan {canon} (mis. {names[0]} "
            f"menjadi {example!r}) atau hapus kolom itu; lihat data/DICTIONARY.md"))
    rename = {c: chosen[c] for c in cols if c in chosen}
    return rename, notes, problems


def map_headers(cols: list[str], kind: str, file: str | Path | None = None,
                ) -> tuple[dict[str, str], list[str]]:
    """Map the file's headers to canonical column names of ``kind``.

    Returns ``(rename, ignored)``: ``rename`` maps file header -> canonical
    name; ``ignored`` lists headers not used. The rule and its notes:
    :func:`resolve_headers`.

    Raises
    ------
    InputValidationError
        When two columns name the same field (see :func:`resolve_headers`).

    Examples
    --------
    >>> map_headers(["Kode Wilayah", "Bulan", "Peserta Aktif", "Catatan"], "coverage")
    ({'Kode Wilayah': 'kode', 'Bulan': 'periode', 'Peserta Aktif': 'peserta_aktif'}, ['Catatan'])
    """
    rename, _, problems = resolve_headers(cols, kind, file)
    if problems:
        raise InputValidationError(problems)
    return rename, [c for c in cols if c not in rename]


def missing_field_hint(field_name: str, hidden: list[str], kind: str) -> str:
    """Extra words for a missing required column when a hidden XLSX column names it."""
    hm = header_map(kind)
    names = [repr(h) for h in hidden if hm.get(norm_key(h)) == field_name]
    if not names:
        return ""
    return f" (kolom tersembunyi {', '.join(names)} tidak dibaca: tampilkan kolomnya)"


def hidden_note(file: str, hidden: list[str], kind: str) -> list[str]:
    """Return notes for hidden XLSX columns whose header names a field of ``kind`` (not read)."""
    hm = header_map(kind)
    out = []
    for h in hidden:
        canon = hm.get(norm_key(h))
        if canon is not None:
            out.append(Note("inputs.hidden_column", {"column": repr(h), "field": canon}))
    return out
