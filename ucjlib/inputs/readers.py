"""Raw reading of user files: CSV, XLSX and Parquet, periods and Indonesian numbers.

:func:`read_table` checks that a file is what its extension says before
reading it, so a CSV saved as ``.xlsx`` or a text file named ``.parquet``
gives a clear :class:`~ucjlib.errors.InputValidationError` instead of a
library traceback. :func:`read_input` applies the one reading rule
(``rules.reading``: encoding, header row, rows beyond the header, empty rows,
worksheet and hidden columns) and returns its notes; the DuckDB readers of
:mod:`ucjlib.inputs.duck` follow the same rule. :func:`resolve_headers` maps
headers to fields and refuses two columns for one field. The value parsers
(:func:`parse_periods`, :func:`parse_counts`) work on whole columns, parsing
each distinct value once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int
from ucjlib.inputs.dictionary import header_map, norm_key, preferred

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

    The whole file decides: one byte that is not UTF-8 makes it Windows-1252
    (the DuckDB readers follow the same rule, :mod:`ucjlib.inputs.duck`).

    Examples
    --------
    >>> decode_text("Ngásem".encode("cp1252"))
    ('Ngásem', 'cp1252')
    >>> decode_text(b"\xef\xbb\xbfkode")
    ('kode', 'utf-8-sig')
    >>> decode_text("“Kec.” – Ngasem".encode("cp1252"))[0]
    '“Kec.” – Ngasem'
    """
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


CP1252_NOTE = "Berkas bukan UTF-8; dibaca sebagai Windows-1252."


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


HEADER_SEARCH_ROWS = 10
"""The header is the first of this many rows naming two known columns (else row 1)."""


def _known_headers(kind: str | None) -> set[str]:
    from ucjlib.inputs.dictionary import KINDS

    known: set[str] = set()
    for k in (KINDS if kind is None else (kind,)):
        known |= set(header_map(k))
    return known


def _find_header(rows: list[list[object]], kind: str | None = None) -> int | None:
    """Index of the first of the first rows naming >= 2 known columns, or None."""
    known = _known_headers(kind)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if v is not None and norm_key(v) in known)
        if hits >= 2:
            return i
    return None


def _header_row(rows: list[list[object]], limit: int = HEADER_SEARCH_ROWS) -> int:
    """Index of the header row: the first of the first rows naming >= 2 known columns."""
    found = _find_header(rows[:limit])
    return 0 if found is None else found


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


def is_blank(value: object) -> bool:
    """Say whether a cell is empty: None, NaN, or spaces only (one rule for every format)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return isinstance(value, str) and not value.strip()


EXCEL_ERRORS = ("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                "#BUSY!", "#UNKNOWN!")
"""Excel's error values: a formula that failed, written into the cell instead of a value."""
EXCEL_ERROR_MESSAGE = "nilai galat Excel (rumus yang gagal)"
EXCEL_ERROR_EXPECTED = ("nilai yang sebenarnya: perbaiki rumusnya, atau salin lalu tempel "
                        "sebagai nilai (Paste Values)")
_EXCEL_SET = frozenset(EXCEL_ERRORS)


def is_excel_error(value: object) -> bool:
    """Say whether a cell holds one of Excel's error values (``#N/A``, ``#REF!`` ...).

    Examples
    --------
    >>> is_excel_error(" #N/A"), is_excel_error("#ref!"), is_excel_error("#3522")
    (True, True, False)
    """
    return isinstance(value, str) and value.strip().upper() in _EXCEL_SET


def overflow_problems(path: str | Path, rows: list[int], width: int) -> list[Problem]:
    """Rows with values beyond the last header column: one problem per row (up to a limit)."""
    from ucjlib.inputs.problems import row_problems

    return row_problems(str(path), rows, None,
                        f"baris berisi nilai di luar {width} kolom judul (lebih banyak kolom "
                        "daripada judul kolom; pemisah atau tanda kutip yang salah menggeser "
                        "nilai-nilainya)",
                        "satu nilai per judul kolom: periksa pemisah (; atau ,) dan tanda kutip "
                        "di baris itu, atau beri judul pada kolom tambahan")


def empty_rows_note(n: int) -> str:
    """Return the note for empty rows between data rows (dropped, every format alike)."""
    return (f"{fmt_int(n)} baris kosong di antara baris data dilewati (baris tanpa isi, "
            "mis. ;;;; dari Excel).")


def _blank_cells(col: pd.Series) -> pd.Series:
    """:func:`is_blank` of every cell of a column (vectorised)."""
    if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
        return col.isna() | (col.astype(str).str.strip() == "")
    return col.isna()


def _drop_empty_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Drop rows whose every cell is empty; note those between data rows."""
    if not len(df):
        return df, []
    empty = pd.concat([_blank_cells(df[c]) for c in df.columns], axis=1).all(axis=1) \
        if len(df.columns) else pd.Series(True, index=df.index)
    if not empty.any():
        return df, []
    keep = ~empty.to_numpy()
    notes = []
    if keep.any():
        interior = int(empty.to_numpy()[:keep.nonzero()[0].max()].sum())
        if interior:
            notes.append(empty_rows_note(interior))
    return df.loc[keep], notes


def _frame(rows: list[list[object]], path: Path, first_row: int = 1, *,
           header: int | None = None, header_rows: int = 1,
           names: list[str] | None = None, kind: str | None = None,
           ) -> tuple[pd.DataFrame, list[str]]:
    """Build the table from raw rows: header, values beyond it, empty rows.

    Returns ``(frame, notes)``. A row with a value beyond the header's columns
    is a problem (its values are probably shifted); empty rows (every cell
    empty or spaces) are dropped, and a note counts those between data rows.
    """
    if not rows:
        raise _fail(path, "berkas kosong", "baris judul kolom dan minimal satu baris data")
    h = header if header is not None else (_find_header(rows, kind) or 0)
    if names is None:
        names = column_names(rows[h])
    width = len(names)
    start = h + header_rows
    body, index, over = [], [], []
    for i, r in enumerate(rows[start:], start=first_row + start):
        if len(r) > width:
            if any(not is_blank(v) for v in r[width:]):
                over.append(i)
            r = r[:width]
        body.append(list(r) + [None] * (width - len(r)))
        index.append(i)
    if over:
        raise InputValidationError(overflow_problems(path, over, width))
    df = pd.DataFrame(body, columns=names, dtype=object)
    df.index = pd.Index(index, dtype="int64", name="baris")
    df, notes = _drop_empty_rows(df)
    if df.empty:
        raise _fail(path, "tidak ada baris data di bawah judul kolom",
                    "minimal satu baris data")
    return df, notes


def parse_csv(text: str, sep: str, path: str | Path) -> list[list[str | None]]:
    r"""Split CSV text into rows of cells (``None`` for an empty cell), strictly.

    Quotes are ``"`` (doubled inside a value); a quote never closed, or text
    right after a closing quote, is an error naming the line, as in the
    DuckDB readers. A line starting with ``#`` is data like any other.

    Examples
    --------
    >>> parse_csv('a;b\n"x;y";\n#N/A;2\n', ";", "f.csv")
    [['a', 'b'], ['x;y', None], ['#N/A', '2']]
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"',
                        doublequote=True, strict=True)
    rows: list[list[str | None]] = []
    try:
        for r in reader:
            rows.append([c if c != "" else None for c in r])
    except csv.Error as exc:
        raise _fail(path, f"CSV tidak bisa dibaca: {exc} (baris {reader.line_num})",
                    "CSV dengan pemisah ; atau , dan tanda kutip yang berpasangan") from None
    return rows


@dataclass
class ReadResult:
    """A table read from a file, and what the reader decided on the way.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns as in the file (hidden XLSX columns left out); index: the
        spreadsheet row.
    notes : list of str
        What the user should know: the sheet used, empty rows dropped, the
        encoding.
    hidden : list of str
        Headers of hidden XLSX columns that were not read.
    sheet : str or None
        The worksheet read (XLSX).
    """

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    sheet: str | None = None


def read_input(path: str | Path, sheet: str | int | None = None, kind: str | None = None,
               ) -> ReadResult:
    r"""Read a CSV, XLSX or Parquet table with the notes of the reading rules.

    The rules (``rules.reading`` of the data dictionary), the same in every
    reader: CSV is UTF-8 (with or without BOM), else Windows-1252; the
    separator by :func:`sniff_separator`; the header is the first of the
    first 10 rows naming two known columns; a row with values beyond the
    header's columns is an error;
    rows whose every cell is empty are dropped (a note counts those between
    data rows); nothing is a comment. XLSX: :func:`choose_sheet` picks the
    worksheet; hidden columns are not read.

    ``kind`` (coverage, workforce, population, participants) narrows the
    known headers used to pick the sheet and the header row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_bytes(b"kode;tahun;pekerja\n35.22;2024;5\n;;\n35.23;2024;7\n;;\n")
    >>> res = read_input(p)
    >>> res.frame.index.tolist(), res.notes
    ([2, 4], ['1 baris kosong di antara baris data dilewati (baris tanpa isi, ...'])
    """
    p = Path(path)
    fmt = check_file(p)
    if fmt == "csv":
        notes = []
        if sheet is not None:
            notes.append(f"Lembar kerja {sheet!r} diabaikan: berkas CSV tidak punya lembar kerja.")
        text, enc = decode_text(p.read_bytes())
        if enc == "cp1252":
            notes.append(CP1252_NOTE)
        sep = "\t" if p.suffix.lower() == ".tsv" else sniff_separator(text)
        df, more = _frame(parse_csv(text, sep, p), p, kind=kind)
        return ReadResult(df, notes + more)
    if fmt == "xlsx":
        return _read_xlsx(p, sheet, kind)
    try:
        df = pd.read_parquet(p)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types
        raise _fail(p, f"Parquet tidak bisa dibaca: {type(exc).__name__}",
                    "berkas Parquet yang utuh") from None
    notes = [f"Lembar kerja {sheet!r} diabaikan: berkas Parquet tidak punya lembar kerja."
             ] if sheet is not None else []
    if df.empty:
        raise _fail(p, "tidak ada baris data", "minimal satu baris data")
    df = df.reset_index(drop=True)
    df.index = pd.RangeIndex(2, len(df) + 2, name="baris")
    df, more = _drop_empty_rows(df)
    if df.empty:
        raise _fail(p, "tidak ada baris data", "minimal satu baris data")
    notes += more
    df.attrs["demo"] = parquet_is_demo(p)
    return ReadResult(df, notes)


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    r"""Read a CSV, XLSX or Parquet table as the user wrote it.

    CSV separators (``;``, ``,``, tab) are sniffed; UTF-8 with or without BOM
    and Windows-1252 are accepted. CSV cells stay text (so ``157.058`` and
    ``35.22.01`` are not mangled); XLSX cells keep their Excel type. A title
    block above the header is skipped (the header is the first of the first
    10 rows naming two known columns). Fully empty rows are dropped. The
    rules and their notes: :func:`read_input`.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt``/``.tsv``, ``.xlsx``/``.xlsm`` or ``.parquet``.
    sheet : str or int, optional
        Worksheet name or 0-based index (XLSX only; default: :func:`choose_sheet`).

    Returns
    -------
    pandas.DataFrame
        Columns as in the file; the index is the spreadsheet row number
        (header = row 1), used in every error message.

    Raises
    ------
    InputValidationError
        Missing or empty file, a file whose content does not match its
        extension, an unreadable worksheet, several data sheets and no
        ``sheet``, a CSV row with values beyond the header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_bytes("kode;peserta_aktif\n35.22;157.058\n".encode("utf-8-sig"))
    >>> df = read_table(p)
    >>> df.loc[2, "peserta_aktif"]
    '157.058'
    """
    return read_input(path, sheet).frame


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
    return csv.Error


# ---------------------------------------------------------------- XLSX

def _open_workbook(p: Path):
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(p, f"berkas Excel tidak bisa dibuka ({type(exc).__name__})",
                    "berkas .xlsx yang sah") from None


def _first_rows(ws, n: int = HEADER_SEARCH_ROWS) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(max_row=n, values_only=True)]


def _names(sheets) -> str:
    return ", ".join(repr(ws.title) for ws in sheets)


def choose_sheet(wb, sheet: str | int | None, path: str | Path, kind: str | None = None,
                 ) -> tuple[object, list[str]]:
    """Pick the worksheet to read; returns ``(worksheet, notes)``.

    Rule (``rules.reading``): a ``sheet`` given by name (exact, else the one
    name equal ignoring case and spaces) or 0-based index (an int, or digits
    that name no sheet) is used, hidden or not. Without it, only visible
    sheets count: one visible sheet is used; of several, the one whose
    first 10 rows hold a header row (two known column names) is used and a
    note names it; several such sheets (a
    workbook with a sheet per month) are an error listing them, never the
    first one silently; none: the first visible sheet (the missing columns
    are reported). Hidden sheets are never read unless named.

    Raises
    ------
    InputValidationError
        A sheet that does not exist, or several data sheets and no ``sheet``.
    """
    p = Path(path)
    sheets = list(wb.worksheets)
    if sheet is not None:
        if not isinstance(sheet, int):
            exact = [ws for ws in sheets if ws.title == sheet]
            loose = [ws for ws in sheets if norm_key(ws.title) == norm_key(sheet)]
            if exact or len(loose) == 1:
                return (exact or loose)[0], []
        index = sheet if isinstance(sheet, int) else (
            int(sheet.strip()) if sheet.strip().isdigit() else None)
        if index is not None and 0 <= index < len(sheets):
            return sheets[index], []
        raise _fail(p, f"lembar kerja {sheet!r} tidak ada",
                    f"salah satu dari: {', '.join(ws.title for ws in sheets)}")
    visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
    hidden = [ws for ws in sheets if ws not in visible]
    if not visible:
        raise _fail(p, "semua lembar kerja tersembunyi",
                    f"tampilkan lembar datanya, atau pilih dengan --sheet: {_names(hidden)}")
    notes: list[str] = []
    data = [ws for ws in hidden if _find_header(_first_rows(ws), kind) is not None]
    if data:
        notes.append(f"Lembar kerja tersembunyi tidak dibaca: {_names(data)} (pilih dengan "
                     "--sheet bila lembar itu yang dimaksud).")
    if len(visible) == 1:
        return visible[0], notes
    data = [ws for ws in visible if _find_header(_first_rows(ws), kind) is not None]
    if len(data) > 1:
        raise _fail(p, f"buku kerja berisi {len(data)} lembar data: {_names(data)}; "
                    "tidak jelas lembar mana yang dibaca",
                    "pilih satu lembar (ucj validate --sheet NAMA, sheet= di Python), simpan "
                    "lembar itu saja sebagai berkas data, atau gabungkan lembar-lembar itu "
                    "menjadi satu tabel dengan kolom periode")
    if len(data) == 1:
        others = [ws for ws in visible if ws is not data[0]]
        notes.append(f"Lembar kerja {data[0].title!r} dibaca (satu-satunya lembar dengan judul "
                     f"kolom yang dikenal; lembar lain: {_names(others)}).")
        return data[0], notes
    return visible[0], notes


def _sheet_cells(wb, ws) -> tuple[list[list[object]], set[int], list[tuple[int, int, int, int]]]:
    """Rows of values, hidden column indexes (0-based) and merged ranges of a worksheet.

    Parses the sheet XML once with openpyxl's streaming parser (the
    read-only worksheet does not expose column widths or merged cells);
    falls back to plain values when that parser is not available.
    """
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        src = ws._get_source()
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats,
                                 timedelta_formats=wb._timedelta_formats)
    except (AttributeError, ImportError, TypeError):
        return [list(r) for r in ws.iter_rows(values_only=True)], set(), []
    rows: list[list[object]] = []
    width = 0
    with src:
        for idx, cells in parser.parse():
            vals = [(c["column"], c["value"]) for c in cells if c["value"] is not None]
            if not vals:
                continue
            row: list[object] = [None] * max(col for col, _ in vals)
            for col, v in vals:
                row[col - 1] = v
            width = max(width, len(row))
            rows.extend([] for _ in range(idx - 1 - len(rows)))  # rows without a value
            if idx - 1 < len(rows):
                rows[idx - 1] = row
            else:
                rows.append(row)
    hidden: set[int] = set()
    for attrs in parser.column_dimensions.values():
        if str(attrs.get("hidden", "")).lower() in ("1", "true"):
            lo, hi = int(attrs.get("min", 0)), int(attrs.get("max", attrs.get("min", 0)))
            hidden.update(range(lo - 1, min(hi, max(width, lo))))
    merges = []
    if parser.merged_cells is not None:
        from openpyxl.utils.cell import range_boundaries

        for m in parser.merged_cells.mergeCell:
            c1, r1, c2, r2 = range_boundaries(m.ref)
            merges.append((r1, c1, r2, c2))
    return rows, hidden, merges


_NUMBER = re.compile(r"[-+]?[\d.,\s]+")


def _merged_header(rows: list[list[object]], h: int, merges) -> tuple[list[object], int]:
    """Return the header cells and height: two rows when a merged group title spans sub-headers.

    ``Kepesertaan`` merged over C:D above ``Jumlah Peserta | Peserta Aktif``
    gives the sub-headers as the names of C and D (the group title names a
    column only where nothing is written under it).
    """
    top = list(rows[h])
    below = list(rows[h + 1]) if h + 1 < len(rows) else []
    groups = [(c1, c2) for r1, c1, r2, c2 in merges if r1 == h + 1 and c2 > c1]
    inside = {c for c1, c2 in groups for c in range(c1 - 1, c2)}
    subs = [c for c in sorted(inside) if c < len(below) and not is_blank(below[c])]
    # a two-row header: text under the group titles, nothing under the other titles
    # (merged down); a data row under a cosmetic merge has values elsewhere or numbers
    if (not subs or any(not isinstance(below[c], str) or _NUMBER.fullmatch(below[c].strip())
                        for c in subs)
            or any(not is_blank(v) for i, v in enumerate(below) if i not in inside)):
        return top, 1
    header = [(below[i] if i < len(below) and not is_blank(below[i]) else v)
              for i, v in enumerate(top)]
    return header, 2


def _read_xlsx(p: Path, sheet: str | int | None, kind: str | None = None) -> ReadResult:
    wb = _open_workbook(p)
    try:
        ws, notes = choose_sheet(wb, sheet, p, kind)
        rows, hidden, merges = _sheet_cells(wb, ws)
    finally:
        wb.close()
    if not rows:
        raise _fail(p, f"lembar kerja {ws.title!r} kosong",
                    "baris judul kolom dan minimal satu baris data")
    h = _find_header(rows, kind) or 0
    width = max(len(r) for r in rows)
    rows[h] = list(rows[h]) + [None] * (width - len(rows[h]))
    header, height = _merged_header(rows, h, merges)
    names = column_names(header)
    gone = sorted(i for i in hidden if i < len(names))
    if gone:
        keep = [i for i in range(len(names)) if i not in hidden]
        rows = [[r[i] if i < len(r) else None for i in keep] for r in rows]
        hidden_names = [names[i] for i in gone if not is_blank(header[i])]
        names = [names[i] for i in keep]
    else:
        hidden_names = []
    df, more = _frame(rows, p, header=h, header_rows=height, names=names)
    return ReadResult(df, notes + more, hidden_names, ws.title)


def hidden_note(file: str, hidden: list[str], kind: str) -> list[str]:
    """Return notes for hidden XLSX columns whose header names a field of ``kind`` (not read)."""
    hm = header_map(kind)
    out = []
    for h in hidden:
        canon = hm.get(norm_key(h))
        if canon is not None:
            out.append(f"Kolom tersembunyi {h!r} tidak dibaca (tidak dipakai sebagai {canon}); "
                       "tampilkan kolom itu bila memang yang dimaksud.")
    return out


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
    >>> rename, notes[0][:40]
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
            notes.append(f"Kolom {rest} tidak dipakai: {canon} diambil dari {best!r} "
                         "(urutan pilihan di kamus data).")
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
