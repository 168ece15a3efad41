"""The one date rule of every reader: day/month order per column, four-digit years, a floor.

Dates reach ucjlib as ISO text (``2025-01-15``), as day and month with a
four-digit year (``15/01/2025``, ``01/13/2025``, ``15.01.2025``), as Excel
serial numbers (``45672``) and as real date cells. The rules, the same in
the pandas readers (:mod:`ucjlib.inputs.values`) and the DuckDB SQL of the
participant files (:func:`date_sql`):

* **Day/month order is a property of the column**, never of a cell
  (:func:`decide_order`). A date that is real only as day/month/year
  (``13/01/2025``) proves D/M/Y, one real only as month/day/year
  (``01/13/2025``) proves M/D/Y. A column with both is an error (exit 3,
  naming file, column and rows). A column where every date reads both ways
  (``02/01/2025``) is read as D/M/Y, the Indonesian convention, and a note
  says so.
* **Two-digit years are refused** (``15/01/25``): 25 is neither the year 25
  nor, for a birth date, surely 2025. The problem asks for four digits.
* **Years before** :data:`MIN_YEAR` are problems, not data.
* An Excel serial number is a date only with five digits (10000 is
  1927-05-18); ``6`` is not 6 January 1900.

Examples
--------
>>> decide_order(n_dmy=1, n_mdy=0, n_either=5).order
'dmy'
>>> decide_order(n_dmy=0, n_mdy=2, n_either=5).order
'mdy'
>>> decide_order(n_dmy=1, n_mdy=1, n_either=0).mixed
True
>>> decide_order(n_dmy=0, n_mdy=0, n_either=3).guessed
True
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ucjlib.inputs.sql import literal
from ucjlib.text import Note

MIN_YEAR = 1900
"""Earliest plausible year of a date, month or year in an input file."""
MAX_YEAR = 2200
"""Latest year read as a month or year (dates have no upper bound: 9999-12-31 is "open")."""
EXCEL_EPOCH = _dt.date(1899, 12, 30)

TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
ISO_DATE = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + TIME
"""Year first: ``2025-01-15``, ``2025/1/5``, with an optional time."""
DM_DATE = r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})" + TIME
"""Day and month (in the column's order) before a four-digit year."""
SHORT_YEAR_DATE = r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}" + TIME
"""Day, month and a two-digit year: refused."""
SERIAL = r"[1-9]\d{4}(?:\.0+)?"
"""An Excel serial date written as text (five digits: 1927 to 2173)."""
SERIAL_MIN, SERIAL_MAX = 10_000, 99_999

DMY, MDY = "dmy", "mdy"
ORDER_TEXT = {DMY: "hari/bulan/tahun", MDY: "bulan/hari/tahun"}

DATE_ERRORS = {
    "bad": ("bukan tanggal", "tanggal, mis. 2025-01-15 atau 15/01/2025"),
    "short_year": ("tahun ditulis dua digit (tidak ditebak)",
                   "tahun empat digit, mis. 15/01/2025 atau 2025-01-15"),
    "early": (f"tahun sebelum {MIN_YEAR}",
              f"tanggal sejak {MIN_YEAR}, tahun empat digit, mis. 2025-01-15"),
    "order": ("urutan hari/bulan bercampur dalam kolom ini: tanggal ini hanya bisa dibaca "
              "bulan/hari/tahun, tanggal lain hanya hari/bulan/tahun",
              "satu urutan untuk seluruh kolom, sebaiknya YYYY-MM-DD (mis. 2025-01-15)"),
}
"""Message and expected text of each date problem (never a cell value)."""


@dataclass(frozen=True)
class ColumnOrder:
    """How the day/month dates of one column are read.

    Attributes
    ----------
    order : {"dmy", "mdy"}
        Order used for dates that read both ways.
    mixed : bool
        Some dates are real only as D/M/Y and others only as M/D/Y: an error.
    guessed : bool
        Every day/month date reads both ways: D/M/Y by convention (a note).
    proven : bool
        Some date proves the order (and none contradicts it).
    """

    order: str = DMY
    mixed: bool = False
    guessed: bool = False
    proven: bool = False

    def note(self, column: str) -> Note | None:
        """Return the note for the user when the data did not prove the order, else None.

        Examples
        --------
        >>> str(ColumnOrder(guessed=True).note("tgl_mulai"))[:46]
        'Kolom tgl_mulai: tanggal dibaca sebagai hari/b'
        """
        if not self.guessed:
            return None
        return Note("inputs.dates.dmy_guessed", {"column": column})


def decide_order(n_dmy: int, n_mdy: int, n_either: int) -> ColumnOrder:
    """Decide a column's day/month order from how many of its dates prove each order.

    ``n_dmy``: dates real only as D/M/Y; ``n_mdy``: only as M/D/Y;
    ``n_either``: real both ways (distinct values or rows: only zero or not
    matters).
    """
    if n_dmy and n_mdy:
        return ColumnOrder(DMY, mixed=True)
    if n_mdy:
        return ColumnOrder(MDY, proven=True)
    return ColumnOrder(DMY, guessed=bool(n_either) and not n_dmy, proven=bool(n_dmy))


def _date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def dm_kind(text: str) -> str | None:
    """Which orders make a day/month date real: ``dmy``, ``mdy``, ``either`` or None.

    None when ``text`` is not a day/month date with a four-digit year, or
    is real in neither order.

    Examples
    --------
    >>> [dm_kind(s) for s in ["13/01/2025", "01/13/2025", "02/01/2025", "31/02/2025", "x"]]
    ['dmy', 'mdy', 'either', None, None]
    """
    m = re.fullmatch(DM_DATE, text.strip())
    if not m:
        return None
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    dmy, mdy = _date(y, b, a) is not None, _date(y, a, b) is not None
    return "either" if dmy and mdy else DMY if dmy else MDY if mdy else None


def column_order(texts: Iterable[object]) -> ColumnOrder:
    """Apply :func:`decide_order` to the distinct values of a column (non-text ignored).

    Examples
    --------
    >>> column_order(["01/13/2025", "02/01/2025"]).order
    'mdy'
    >>> column_order(["13/01/2025", "01/13/2025"]).mixed
    True
    """
    n = {DMY: 0, MDY: 0, "either": 0}
    for t in texts:
        if isinstance(t, str):
            k = dm_kind(t)
            if k:
                n[k] += 1
    return decide_order(n[DMY], n[MDY], n["either"])


def parse_date(value: object, order: str = DMY) -> tuple[_dt.date | None, str | None]:
    """Read one date cell in a column of day/month order ``order``; ``(date, error)``.

    ``error`` is None or a key of :data:`DATE_ERRORS`; an empty cell is
    ``(None, None)``. ``order`` comes from :func:`column_order` of the whole
    column; a date real only in the other order is ``"order"`` (a mixed
    column).

    Examples
    --------
    >>> parse_date("06/01/2025"), parse_date("06/01/2025", MDY)[0]
    ((datetime.date(2025, 1, 6), None), datetime.date(2025, 6, 1))
    >>> [parse_date(s)[1] for s in ["15/01/25", "0025-01-15", "01/13/2025", "6", "kemarin"]]
    ['short_year', 'early', 'order', 'bad', 'bad']
    >>> parse_date(45672)[0], parse_date("2025-01-15 08:30")[0]
    (datetime.date(2025, 1, 15), datetime.date(2025, 1, 15))
    """
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NaT or value is pd.NA:
        return None, None
    if isinstance(value, _dt.datetime | _dt.date | pd.Timestamp | np.datetime64):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return None, None
        return (None, "early") if ts.year < MIN_YEAR else (ts.date(), None)
    if isinstance(value, bool):
        return None, "bad"
    if isinstance(value, int | float | np.integer | np.floating):
        v = float(value)
        if math.isnan(v):
            return None, None
        if math.isfinite(v) and v.is_integer() and SERIAL_MIN <= v <= SERIAL_MAX:
            return EXCEL_EPOCH + _dt.timedelta(days=int(v)), None
        return None, "bad"
    s = str(value).strip()
    if not s:
        return None, None
    m = re.fullmatch(ISO_DATE, s)
    if m:
        d = _date(int(m[1]), int(m[2]), int(m[3]))
        return _floor(d)
    m = re.fullmatch(DM_DATE, s)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        first, other = ((b, a), (a, b)) if order == DMY else ((a, b), (b, a))
        d = _date(y, *first)
        if d is None:
            return None, "order" if _date(y, *other) is not None else "bad"
        return _floor(d)
    if re.fullmatch(SHORT_YEAR_DATE, s):
        return None, "short_year"
    if re.fullmatch(SERIAL, s):
        return parse_date(float(s), order)
    return None, "bad"


def _floor(d: _dt.date | None) -> tuple[_dt.date | None, str | None]:
    if d is None:
        return None, "bad"
    return (None, "early") if d.year < MIN_YEAR else (d, None)


# ---------------------------------------------------------------- DuckDB

KIND_EITHER, KIND_DMY, KIND_MDY, KIND_SHORT = 1, 2, 3, 4
"""Codes of :func:`date_kind_sql` (NULL: not a day/month date)."""


def _dm_text(v: str, order: str) -> str:
    """Return SQL: ISO text of a day/month date ``v`` read in ``order`` (caller casts it)."""
    swap = r"\3-\2-\1" if order == DMY else r"\3-\1-\2"
    return f"regexp_replace({v}, {literal('^' + DM_DATE + '$')}, {literal(swap)})"


_ISO_SWAP = r"\1-\2-\3"


def date_sql(raw: str, order: str | None) -> str:
    """Return SQL for a DATE from the text ``raw`` (SQL), by the rule of :func:`parse_date`.

    ``order``: ``"dmy"``/``"mdy"`` (the column's order: a day/month date
    real only in the other order is NULL), ``"any"`` (D/M/Y where real, else
    M/D/Y; the caller fixes the order afterwards with :func:`date_kind_sql`)
    or None (every day/month date is NULL). Two-digit years and unreadable
    text are NULL; years before :data:`MIN_YEAR` are NOT removed here (the
    callers report them, :func:`early_sql`).
    """
    v = f"trim({raw})"
    iso_text = f"regexp_replace({v}, {literal('^' + ISO_DATE + '$')}, {literal(_ISO_SWAP)})"
    if order in (DMY, MDY):
        dm = f"TRY_CAST({_dm_text(v, order)} AS DATE)"
    elif order == "any":
        dm = (f"COALESCE(TRY_CAST({_dm_text(v, DMY)} AS DATE), "
              f"TRY_CAST({_dm_text(v, MDY)} AS DATE))")
    else:
        dm = "CAST(NULL AS DATE)"
    rest = (f"CASE WHEN regexp_full_match({v}, {literal(ISO_DATE)}) "
            f"THEN TRY_CAST({iso_text} AS DATE) "
            f"WHEN regexp_full_match({v}, {literal(DM_DATE)}) THEN {dm} "
            f"WHEN regexp_full_match({v}, {literal(SERIAL)}) "
            f"THEN DATE '{EXCEL_EPOCH.isoformat()}' + CAST(CAST({v} AS DOUBLE) AS INTEGER) END")
    # the common YYYY-MM-DD spelling first, without trim or regex (same date)
    return (f"COALESCE(CASE WHEN {raw} LIKE '____-__-__' THEN TRY_CAST({raw} AS DATE) END, "
            f"{rest})")


def date_kind_sql(raw: str) -> str:
    """Return SQL: the KIND_* code of a day/month or two-digit-year date, else NULL."""
    v = f"trim({raw})"
    dmy = f"TRY_CAST({_dm_text(v, DMY)} AS DATE) IS NOT NULL"
    mdy = f"TRY_CAST({_dm_text(v, MDY)} AS DATE) IS NOT NULL"
    return (f"CASE WHEN {raw} LIKE '____-__-__' THEN NULL "
            f"WHEN regexp_full_match({v}, {literal(DM_DATE)}) THEN CAST(CASE "
            f"WHEN {dmy} AND {mdy} THEN {KIND_EITHER} WHEN {dmy} THEN {KIND_DMY} "
            f"WHEN {mdy} THEN {KIND_MDY} END AS UTINYINT) "
            f"WHEN regexp_full_match({v}, {literal(SHORT_YEAR_DATE)}) "
            f"THEN CAST({KIND_SHORT} AS UTINYINT) END")


def early_sql(date: str) -> str:
    """Return the SQL condition: the DATE expression ``date`` is before :data:`MIN_YEAR`."""
    return f"{date} < DATE '{MIN_YEAR:04d}-01-01'"


def sample_orders(con, src: str, columns: dict[str, str], limit: int) -> dict[str, ColumnOrder]:
    """:func:`decide_order` of text columns ``{name: SQL column}`` over the first ``limit`` rows."""
    if not columns:
        return {}
    aggs = []
    for col in columns.values():
        k = date_kind_sql(f"CAST({col} AS VARCHAR)")
        aggs += [f"count(*) FILTER (WHERE {k} = {code})"
                 for code in (KIND_DMY, KIND_MDY, KIND_EITHER)]
    inner = ", ".join(f"{c} AS {c}" for c in columns.values())
    res = con.execute(f"SELECT {', '.join(aggs)} FROM (SELECT {inner} FROM {src} "
                      f"LIMIT {int(limit)})").fetchall()[0]
    return {name: decide_order(*res[3 * i:3 * i + 3]) for i, name in enumerate(columns)}


__all__ = ["DATE_ERRORS", "DMY", "MDY", "MIN_YEAR", "ColumnOrder", "column_order", "date_sql",
           "decide_order", "dm_kind", "parse_date"]
