"""Cells and rows of a table as every reader sees them: blank cells, Excel errors, rows.

:func:`rows_frame` builds the table from raw rows (the header, values beyond
it, empty rows), :func:`parse_csv` splits CSV text strictly, and the Excel
error values (``#N/A`` ...) are named here for every reader.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ucjlib.errors import InputValidationError, Problem
from ucjlib.inputs.headers import column_names, find_header
from ucjlib.inputs.problems import file_error, row_problems
from ucjlib.text import Note


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
    return row_problems(str(path), rows, None,
                        f"baris berisi nilai di luar {width} kolom judul (lebih banyak kolom "
                        "daripada judul kolom; pemisah atau tanda kutip yang salah menggeser "
                        "nilai-nilainya)",
                        "satu nilai per judul kolom: periksa pemisah (; atau ,) dan tanda kutip "
                        "di baris itu, atau beri judul pada kolom tambahan")


def empty_rows_note(n: int) -> Note:
    """Return the note for empty rows between data rows (dropped, every format alike)."""
    return Note("inputs.empty_rows", {"n": int(n)})


def _blank_cells(col: pd.Series) -> pd.Series:
    """:func:`is_blank` of every cell of a column (vectorised)."""
    if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
        return col.isna() | (col.astype(str).str.strip() == "")
    return col.isna()


def drop_empty_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
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


def rows_frame(rows: list[list[object]], path: Path, first_row: int = 1, *,
           header: int | None = None, header_rows: int = 1,
           names: list[str] | None = None, kind: str | None = None,
           ) -> tuple[pd.DataFrame, list[str]]:
    """Build the table from raw rows: header, values beyond it, empty rows.

    Returns ``(frame, notes)``. A row with a value beyond the header's columns
    is a problem (its values are probably shifted); empty rows (every cell
    empty or spaces) are dropped, and a note counts those between data rows.
    """
    if not rows:
        raise file_error(path, "berkas kosong", "baris judul kolom dan minimal satu baris data")
    h = header if header is not None else (find_header(rows, kind) or 0)
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
    df, notes = drop_empty_rows(df)
    if df.empty:
        raise file_error(path, "tidak ada baris data di bawah judul kolom",
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
        raise file_error(path, f"CSV tidak bisa dibaca: {exc} (baris {reader.line_num})",
                    "CSV dengan pemisah ; atau , dan tanda kutip yang berpasangan") from None
    return rows
