"""Raw reading of user files: CSV, XLSX and Parquet, periods and Indonesian numbers.

:func:`read_table` checks that a file is what its extension says before
reading it, so a CSV saved as ``.xlsx`` or a text file named ``.parquet``
gives a clear :class:`~ucjlib.errors.InputValidationError` instead of a
library traceback. The value parsers (:func:`parse_periods`,
:func:`parse_counts`) work on whole columns, parsing each distinct value once.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ucjlib.errors import InputValidationError, Problem
from ucjlib.inputs.dictionary import header_map, norm_key

TEXT_EXT = (".csv", ".txt", ".tsv")
XLSX_EXT = (".xlsx", ".xlsm")
PARQUET_EXT = (".parquet", ".pq")
SUPPORTED = TEXT_EXT + XLSX_EXT + PARQUET_EXT
_SNIFF_BYTES = 65536


def _fail(path: str | Path, message: str, expected: str | None = None) -> InputValidationError:
    return InputValidationError([Problem(str(path), None, None, message, expected)])


def sniff_kind(head: bytes) -> str:
    r"""Tell what a file really is from its first bytes.

    Returns one of ``xlsx`` (a zip container), ``xls`` (old Excel), ``parquet``,
    ``html``, ``empty``, ``binary`` or ``text``.

    Examples
    --------
    >>> sniff_kind(b"PAR1....")
    'parquet'
    >>> sniff_kind(b"kode;periode\n")
    'text'
    >>> sniff_kind(b"<html><body>")
    'html'
    """
    if not head.strip():
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if head.startswith(b"PAR1"):
        return "parquet"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table")):
        return "html"
    if b"\x00" in head:
        return "binary"
    bad = sum(1 for b in head if b < 9 or 13 < b < 32)
    return "binary" if bad > max(2, len(head) // 100) else "text"


_KIND_LABEL = {
    "xlsx": "berkas Excel/zip", "xls": "berkas Excel lama (.xls)", "parquet": "berkas Parquet",
    "html": "halaman HTML/XML", "binary": "data biner", "text": "teks (CSV)",
}


def check_file(path: str | Path) -> str:
    """Check that ``path`` exists, is not empty and matches its extension.

    Returns the format to read it as: ``csv``, ``xlsx`` or ``parquet``.

    Raises
    ------
    InputValidationError
        Naming the file and what it appears to be.
    """
    p = Path(path)
    if not p.is_file():
        raise _fail(p, "berkas tidak ditemukan", "path ke berkas CSV, XLSX atau Parquet")
    ext = p.suffix.lower()
    if ext not in SUPPORTED:
        if ext == ".xls":
            raise _fail(p, "format Excel lama (.xls) tidak didukung",
                        "simpan ulang sebagai .xlsx atau .csv")
        raise _fail(p, f"ekstensi {ext or '(tanpa ekstensi)'} tidak dikenal",
                    ", ".join(SUPPORTED))
    with open(p, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    real = sniff_kind(head)
    if real == "empty":
        raise _fail(p, "berkas kosong", "baris judul kolom dan minimal satu baris data")
    want = "text" if ext in TEXT_EXT else "xlsx" if ext in XLSX_EXT else "parquet"
    if real != want:
        raise _fail(p, f"isi berkas bukan {_KIND_LABEL[want]} seperti ekstensinya {ext}, "
                    f"melainkan {_KIND_LABEL[real]}",
                    f"berkas {ext} yang sah, atau ganti ekstensinya sesuai isi")
    return {"text": "csv", "xlsx": "xlsx", "parquet": "parquet"}[want]


def decode_text(raw: bytes) -> tuple[str, str]:
    r"""Decode CSV bytes: UTF-8 (with or without BOM), else Windows-1252.

    Examples
    --------
    >>> decode_text("Ngásem".encode("cp1252"))
    ('Ngásem', 'cp1252')
    >>> decode_text(b"\xef\xbb\xbfkode")
    ('kode', 'utf-8-sig')
    """
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def sniff_separator(text: str) -> str:
    r"""Pick the CSV separator from the first non-empty line (``;``, ``,``, tab or ``|``).

    Examples
    --------
    >>> sniff_separator("kode;periode;peserta\n35.22;2025-06;1.000")
    ';'
    >>> sniff_separator("kode,periode\n")
    ','
    """
    for line in text.splitlines():
        if line.strip():
            counts = {sep: line.count(sep) for sep in (";", ",", "\t", "|")}
            best = max(counts, key=counts.get)
            return best if counts[best] else ","
    return ","


def _header_row(rows: list[list[object]], limit: int = 10) -> int:
    """Index of the header row: the first of the first rows naming >= 2 known columns."""
    known: set[str] = set()
    for kind in ("coverage", "workforce", "population", "participants"):
        known |= set(header_map(kind))
    for i, row in enumerate(rows[:limit]):
        hits = sum(1 for v in row if v is not None and norm_key(v) in known)
        if hits >= 2:
            return i
    return 0


def _frame(rows: list[list[object]], path: Path, first_row: int = 1) -> pd.DataFrame:
    if not rows:
        raise _fail(path, "berkas kosong", "baris judul kolom dan minimal satu baris data")
    h = _header_row(rows)
    header = ["" if v is None else str(v).strip() for v in rows[h]]
    width = len(header)
    names, seen = [], {}
    for i, name in enumerate(header):
        name = name or f"kolom_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    body = [list(r[:width]) + [None] * (width - len(r)) for r in rows[h + 1:]]
    df = pd.DataFrame(body, columns=names, dtype=object)
    df.index = pd.RangeIndex(first_row + h + 1, first_row + h + 1 + len(df), name="baris")
    empty = df.apply(lambda c: c.isna() | (c.astype(str).str.strip() == "")).all(axis=1)
    df = df.loc[~empty]
    if df.empty:
        raise _fail(path, "tidak ada baris data di bawah judul kolom",
                    "minimal satu baris data")
    return df


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    r"""Read a CSV, XLSX or Parquet table as the user wrote it.

    CSV separators (``;``, ``,``, tab) are sniffed; UTF-8 with or without BOM
    and Windows-1252 are accepted. CSV cells stay text (so ``157.058`` and
    ``35.22.01`` are not mangled); XLSX cells keep their Excel type. A title
    block above the header is skipped (the header is the first of the first
    10 rows naming two known columns). Fully empty rows are dropped.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt``/``.tsv``, ``.xlsx``/``.xlsm`` or ``.parquet``.
    sheet : str or int, optional
        Worksheet name or 0-based index (XLSX only; default the first sheet).

    Returns
    -------
    pandas.DataFrame
        Columns as in the file; the index is the spreadsheet row number
        (header = row 1), used in every error message.

    Raises
    ------
    InputValidationError
        Missing or empty file, a file whose content does not match its
        extension, an unreadable worksheet.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_bytes("kode;peserta_aktif\n35.22;157.058\n".encode("utf-8-sig"))
    >>> df = read_table(p)
    >>> df.loc[2, "peserta_aktif"]
    '157.058'
    """
    p = Path(path)
    fmt = check_file(p)
    if fmt == "csv":
        text, _ = decode_text(p.read_bytes())
        sep = "\t" if p.suffix.lower() == ".tsv" else sniff_separator(text)
        try:
            raw = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str,
                              keep_default_na=False, skip_blank_lines=False)
        except (pd.errors.ParserError, csv_error()) as exc:
            raise _fail(p, f"CSV tidak bisa dibaca: {exc}",
                        "CSV dengan pemisah ; atau , dan jumlah kolom yang sama") from None
        rows = raw.astype(object).where(raw != "", None).values.tolist()
        return _frame(rows, p)
    if fmt == "xlsx":
        return _read_xlsx(p, sheet)
    try:
        df = pd.read_parquet(p)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types
        raise _fail(p, f"Parquet tidak bisa dibaca: {type(exc).__name__}",
                    "berkas Parquet yang utuh") from None
    if df.empty:
        raise _fail(p, "tidak ada baris data", "minimal satu baris data")
    df = df.reset_index(drop=True)
    df.index = pd.RangeIndex(2, len(df) + 2, name="baris")
    df.attrs["demo"] = parquet_is_demo(p)
    return df


DEMO_METADATA_KEY = b"ucjlib.label_data"
"""Parquet key-value metadata written on demo tables (value: the demo label)."""


def parquet_is_demo(path: str | Path) -> bool:
    """Return True when a Parquet file's key-value metadata marks it as demo data.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.parquet"
    >>> pd.DataFrame({"a": [1]}).to_parquet(p)
    >>> parquet_is_demo(p)
    False
    """
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(path).metadata or {}
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the reader
        return False
    return bool(meta.get(DEMO_METADATA_KEY))


def csv_error() -> type[Exception]:
    """Return the exception class of the stdlib csv module (raised by the python parser)."""
    import csv

    return csv.Error


def _read_xlsx(p: Path, sheet: str | int | None) -> pd.DataFrame:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(p, f"berkas Excel tidak bisa dibuka ({type(exc).__name__})",
                    "berkas .xlsx yang sah") from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        else:
            ws = wb[sheet]
    except (KeyError, IndexError):
        names = ", ".join(wb.sheetnames)
        wb.close()
        raise _fail(p, f"lembar kerja {sheet!r} tidak ada", f"salah satu dari: {names}") from None
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return _frame(rows, p)


# ---------------------------------------------------------------- values
# The value parsers live in ucjlib.inputs.values; re-exported here for callers.
from ucjlib.inputs.values import _map_unique  # noqa: E402
from ucjlib.inputs.values import parse_counts as parse_counts  # noqa: E402
from ucjlib.inputs.values import parse_period as parse_period  # noqa: E402
from ucjlib.inputs.values import parse_periods as parse_periods  # noqa: E402
from ucjlib.inputs.values import parse_year as parse_year  # noqa: E402


def canonical_values(series: pd.Series, field: str) -> pd.Series:
    """Map category values (segmen, pendanaan, status) to canonical spellings; unknown -> None.

    Examples
    --------
    >>> canonical_values(pd.Series(["Penerima Upah", "bpu", "Jasa Konstruksi", "x"]),
    ...                  "segmen").tolist()
    ['PU', 'BPU', 'JAKON', None]
    """
    from ucjlib.inputs.dictionary import value_map

    vm = value_map(field)
    return _map_unique(series, lambda v: vm.get(norm_key(v)))


def map_headers(cols: list[str], kind: str) -> tuple[dict[str, str], list[str]]:
    """Map the file's headers to canonical column names of ``kind``.

    Returns ``(rename, ignored)``: ``rename`` maps file header -> canonical
    name (the first matching header wins; an exact canonical name beats an
    alias); ``ignored`` lists headers not used.

    Examples
    --------
    >>> map_headers(["Kode Wilayah", "Bulan", "Peserta Aktif", "Catatan"], "coverage")
    ({'Kode Wilayah': 'kode', 'Bulan': 'periode', 'Peserta Aktif': 'peserta_aktif'}, ['Catatan'])
    """
    hm = header_map(kind)
    rename: dict[str, str] = {}
    taken: dict[str, str] = {}
    exact = {c for c in cols if norm_key(c) in hm and norm_key(c) == norm_key(hm[norm_key(c)])}
    for c in sorted(cols, key=lambda c: c not in exact):
        canon = hm.get(norm_key(c))
        if canon is not None and canon not in taken:
            taken[canon] = c
            rename[c] = canon
    ordered = {c: rename[c] for c in cols if c in rename}
    return ordered, [c for c in cols if c not in rename]
