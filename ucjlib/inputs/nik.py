"""One rule for participant NIKs, in every counting path (SQL for DuckDB).

* **Normalised**: spaces, dots and dashes between the digits are dropped
  (``3522 0112 3456 7890``, ``3522.0112.3456.7890`` and ``3522-0112-3456-7890`` are
  one person), as is a ``.0`` after 16 digits (a number written out as text). What is
  left must be 16 digits, else the row's NIK is invalid (its own person, reported by row).
* **Stored as a number by Excel**: Excel keeps 15 significant digits, so a 16-digit NIK
  stored as a number loses its last digit (it becomes 0) and different people merge
  into one. A NIK in scientific notation (``3.52201123456789E+15``) is an error on its
  row; a column whose numbers all end in 0 (numeric cells of an XLSX or Parquet file, or
  ``.0`` texts; in a text column: all of at least :data:`TRUNCATED_MIN_DISTINCT`
  distinct NIKs) is an error naming its first row. Never a silent merge, and no
  message ever quotes a NIK.
"""

from __future__ import annotations

from pathlib import Path

from ucjlib.errors import Problem

EXCEL_MESSAGE = ("NIK tersimpan sebagai angka di Excel: digit terakhir hilang; simpan kolom NIK "
                 "sebagai teks")
EXCEL_EXPECTED = ("NIK 16 digit sebagai teks (format sel Teks, atau ekspor ulang dari sumbernya); "
                  "sebagai angka, orang yang berbeda menjadi satu")
TRUNCATED_MIN_DISTINCT = 10
"""Distinct NIKs of a text column that, all ending in 0, show Excel's truncation."""
_SEPARATORS = r"[\s\x{00A0}.\-]"


def normalised_sql(raw: str) -> str:
    """Return SQL for the NIK text ``raw`` trimmed, without a ``.0`` tail and without separators.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> con.execute("SELECT " + normalised_sql("'3522.0112.3456.7890'")).fetchall()[0][0]
    '3522011234567890'
    """
    return (f"regexp_replace(regexp_replace(trim({raw}), '^([0-9]{{16}})\\.0+$', '\\1'), "
            f"'{_SEPARATORS}', '', 'g')")


def nik_sql(raw: str) -> str:
    """Return SQL for the NIK as BIGINT, or NULL when it is not 16 digits once normalised.

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> con.execute("SELECT " + nik_sql("'3522 0112 3456 7890'")).fetchall()[0][0]
    3522011234567890
    >>> con.execute("SELECT " + nik_sql("'3.52201123456789E+15'")).fetchall()[0][0] is None
    True
    """
    norm = normalised_sql(raw)
    # 16 ASCII digits as written: a number cast and back (cheap); anything else normalised
    return f"""CASE WHEN length({raw}) = 16
                 AND lpad(CAST(TRY_CAST({raw} AS UBIGINT) AS VARCHAR), 16, '0') = {raw}
            THEN CAST({raw} AS BIGINT)
            WHEN regexp_full_match({norm}, '[0-9]{{16}}') THEN CAST({norm} AS BIGINT) END"""


def scientific_sql(raw: str) -> str:
    """Return SQL: is the NIK text a number in scientific notation (digits already lost)."""
    return f"regexp_full_match(trim({raw}), '[0-9]([.,][0-9]+)?[eE][+]?[0-9]+')"


def numeric_sql(raw: str, typ: str | None) -> str:
    """Return SQL: did the NIK come from a number (a numeric column, or 16 digits + ``.0``)."""
    if typ is not None and not (typ.upper().startswith("VARCHAR") or typ.upper() == "TEXT"):
        return "true"
    return f"regexp_full_match(trim({raw}), '[0-9]{{16}}\\.0+')"


def _xlsx_numeric(path: Path, header: str) -> bool:
    """Whether the NIK column of an XLSX file holds numeric cells."""
    from ucjlib.inputs.readers import read_table

    try:
        col = read_table(path)[header]
    except Exception:  # noqa: BLE001 - unreadable here means it was read as text before
        return False
    return bool(col.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool)).any())


def truncated_problems(con, file: str, header: str | None, path: Path,
                       fmt: str) -> list[Problem]:
    """Return the Excel-truncation problem of the typed table ``tv``, if any."""
    n, n0, num, num0, distinct, first = con.execute(
        "SELECT count(nik), count(nik) FILTER (WHERE nik % 10 = 0), "
        "count(nik) FILTER (WHERE nik_num), count(nik) FILTER (WHERE nik_num AND nik % 10 = 0), "
        "count(DISTINCT nik), min(_row) FILTER (WHERE nik % 10 = 0) FROM tv").fetchall()[0]
    numbers = num > 0 and num0 == num
    all_zero = n > 0 and n0 == n
    if not numbers and all_zero:
        numbers = distinct >= TRUNCATED_MIN_DISTINCT or (
            fmt == "xlsx" and header is not None and _xlsx_numeric(path, header))
    if not numbers:
        return []
    return [Problem(file, None if first is None else int(first), header, EXCEL_MESSAGE,
                    EXCEL_EXPECTED)]
