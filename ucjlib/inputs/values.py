"""Cell values: counts of people, months, years, and "today".

Counts are whole numbers written as people write them in Indonesia
(:func:`parse_count`); months and years must be real and not in the future
(:func:`parse_period`, :func:`month_problem`). Column parsers work on whole
pandas columns and parse each distinct value once.

"Today" comes from :func:`today`, which tests replace (``monkeypatch.setattr(
ucjlib.inputs.values, "today", lambda: datetime.date(2025, 7, 1))``).
"""

from __future__ import annotations

import datetime as _dt
import math
import re

import numpy as np
import pandas as pd

from ucjlib.fmt import BULAN, BULAN_SINGKAT, MONTHS, MONTHS_SHORT
from ucjlib.inputs.dates import (
    DATE_ERRORS,
    DM_DATE,
    DMY,
    ISO_DATE,
    MAX_YEAR,
    MDY,
    MIN_YEAR,
    SERIAL,
    SHORT_YEAR_DATE,
    ColumnOrder,
    column_order,
    parse_date,
)

MAX_COUNT = 300_000_000
"""Largest count accepted: about the population of Indonesia (281 million in 2024)."""
_MAX_TEXT = f"{MAX_COUNT:,}".replace(",", ".")
COUNT_EXPECTED = ("bilangan bulat >= 0 ditulis seperti 157058, 157.058 atau 157,058 "
                  f"(paling besar {_MAX_TEXT}, jumlah penduduk Indonesia)")


def today() -> _dt.date:
    """Return today's date (the run date); tests replace this function.

    Examples
    --------
    >>> today() >= _dt.date(2025, 1, 1)
    True
    """
    return _dt.date.today()


def current_month() -> str:
    """Return the run month as ``YYYY-MM``; later months are "in the future"."""
    t = today()
    return f"{t.year:04d}-{t.month:02d}"


# ---------------------------------------------------------------- counts

_PLAIN = re.compile(r"[0-9]+", re.ASCII)
_GROUPED = re.compile(r"([0-9]{1,3})((?:([.,\u00a0\u202f ])[0-9]{3})(?:\3[0-9]{3})*)"
                      r"(?:([.,])([0-9]+))?", re.ASCII)
_DECIMAL = re.compile(r"([0-9]+)([.,])([0-9]+)", re.ASCII)
COUNT_ERRORS = {
    "not_number": "bukan angka",
    "format": "format angka tidak diterima (notasi eksponen, tanda +, garis bawah, "
              "atau angka bukan 0-9)",
    "negative": "jumlah negatif",
    "fraction": "bukan bilangan bulat",
    "too_large": f"lebih dari {MAX_COUNT:,} orang (jumlah penduduk Indonesia)".replace(",", "."),
}


def parse_count(value: object, decimal: str | None = None,
                limit: int = MAX_COUNT) -> tuple[int | None, str | None]:
    """Read one count of people; returns ``(value, error)``.

    ``error`` is ``None`` (fine, or an empty cell: then ``value`` is None too)
    or a key of :data:`COUNT_ERRORS`. Accepted: ``157058``, ``157.058``,
    ``157,058``, ``1 234`` (groups of three), ``157058.0`` / Excel numbers that
    are whole. A lone separator followed by exactly three digits groups
    thousands, unless ``decimal`` says the column uses that separator as its
    decimal mark (then ``1,234`` is 1.234: not whole). Rejected: exponents
    (``12e3``), ``+5``, ``1_000``, digits other than 0-9, NaN/inf,
    fractions, negatives and anything above ``limit`` (default :data:`MAX_COUNT`,
    a count of people; an amount in rupiah passes its own).

    Examples
    --------
    >>> [parse_count(v)[0] for v in ["157058", "157.058", "157,058", "1.234.567", "1 234", 7.0]]
    [157058, 157058, 157058, 1234567, 1234, 7]
    >>> [parse_count(v)[1] for v in ["12e3", "+5", "1_000", "١٢", "1,5", "-3", "1e20", "inf"]]
    ['format', 'format', 'format', 'format', 'fraction', 'negative', 'format', 'not_number']
    >>> parse_count("1,234", decimal=","), parse_count("300.000.001")
    ((None, 'fraction'), (None, 'too_large'))
    >>> parse_count(""), parse_count(None)
    ((None, None), (None, None))
    >>> parse_count("1.000.000.000", limit=10**9)
    (1000000000, None)
    """
    if value is None or isinstance(value, bool):
        return (None, None) if value is None else (None, "not_number")
    if isinstance(value, int | np.integer):
        v = int(value)
    elif isinstance(value, float | np.floating):
        f = float(value)
        if math.isnan(f):
            return None, None
        if not math.isfinite(f):
            return None, "not_number"
        if f < 0:
            return None, "negative"
        if not f.is_integer():
            return None, "fraction"
        if f > limit:
            return None, "too_large"
        v = int(f)
    else:
        s = str(value).strip()
        if not s:
            return None, None
        neg = s[0] in "-\u2212"
        body = s[1:].strip() if neg else s
        parsed = _parse_text(body, decimal)
        if isinstance(parsed, str):
            return None, parsed
        if neg and parsed != 0:
            return None, "negative"
        v = parsed
    if v < 0:
        return None, "negative"
    if v > limit:
        return None, "too_large"
    return v, None


def _parse_text(s: str, decimal: str | None) -> int | str:
    if _PLAIN.fullmatch(s):
        return int(s)
    m = _GROUPED.fullmatch(s)
    if m:
        sep = m[3]
        if m[4] is not None and m[4] == sep:
            return "not_number"
        if sep == decimal and m[2].count(sep) == 1 and m[4] is None:
            return "fraction"  # "1,234" in a column whose decimal mark is ","
        whole = int(m[1] + re.sub(r"[^0-9]", "", m[2]))
        if m[5] is not None and m[5].strip("0"):
            return "fraction"
        return whole
    m = _DECIMAL.fullmatch(s)
    if m:
        return int(m[1]) if not m[3].strip("0") else "fraction"
    low = s.lower()
    if low in ("nan", "inf", "infinity", "-inf", "null", "none", "na", "n/a", "#n/a"):
        return "not_number"
    if re.search(r"[eE_+]", s) or any(c.isdigit() and not c.isascii() for c in s):
        return "format"
    return "not_number"


def decimal_mark(values: list[str]) -> str | None:
    """Guess a column's decimal mark from values that can only be decimals.

    ``42,29`` or ``1.234,5`` show a decimal comma; ``42.29`` or ``1,234.5`` a
    decimal point; ``None`` when nothing shows it.

    Examples
    --------
    >>> decimal_mark(["1,234", "1,5"]), decimal_mark(["1.234"]), decimal_mark(["42.29"])
    (',', None, '.')
    """
    marks = set()
    for s in values:
        m = _GROUPED.fullmatch(s)
        if m and m[4]:
            marks.add(m[4])
            continue
        m = _DECIMAL.fullmatch(s)
        if m and len(m[3]) != 3:
            marks.add(m[2])
    return marks.pop() if len(marks) == 1 else None


def parse_counts(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse a column of counts with :func:`parse_count`, each distinct value once.

    Returns
    -------
    values : pandas.Series of float
        Parsed counts (NaN where empty or wrong).
    missing : pandas.Series of bool
        Empty cells.
    error : pandas.Series of object
        ``None`` or a key of :data:`COUNT_ERRORS` per row.

    Examples
    --------
    >>> v, miss, err = parse_counts(pd.Series(["157.058", "1,5", "", "abc", 7]))
    >>> v.tolist()[:1], miss.tolist(), err.tolist()
    ([157058.0], [False, False, True, False, False], [None, 'fraction', None, 'not_number', None])
    """
    obj = series.astype(object)
    uniq = pd.unique(obj)
    dec = decimal_mark([str(u).strip() for u in uniq if isinstance(u, str)])
    parsed = {_ukey(u): parse_count(u, dec) for u in uniq}
    keys = obj.map(_ukey)
    vals = keys.map(lambda k: parsed[k][0])
    errs = keys.map(lambda k: parsed[k][1])
    missing = vals.isna() & errs.isna()
    values = pd.to_numeric(vals, errors="coerce").astype(float)
    return values, missing.astype(bool), errs.astype(object).where(errs.notna(), None)


def _ukey(v: object) -> object:
    try:
        hash(v)
    except TypeError:
        return repr(v)
    return (type(v).__name__, v) if not (isinstance(v, float) and math.isnan(v)) else "nan"


# ---------------------------------------------------------------- periods

_MONTH_WORDS: dict[str, int] = {}
for _names in (BULAN, BULAN_SINGKAT, MONTHS, MONTHS_SHORT):
    for _i, _n in enumerate(_names):
        _MONTH_WORDS[_n.lower()] = _i + 1
_MONTH_WORDS.update({"agt": 8, "ags": 8, "agust": 8, "sept": 9, "nop": 11, "pebruari": 2,
                     "peb": 2, "nopember": 11, "juny": 6})
PERIOD_EXPECTED = "bulan, mis. 2025-06, 06/2025 atau Juni 2025 (tanggal harus ada)"
PERIOD_ERRORS = {
    "empty": ("sel kosong", "bulan, mis. 2025-06"),
    "bad": ("bukan bulan yang ada", PERIOD_EXPECTED),
    "short_year": DATE_ERRORS["short_year"],
    "early": (f"tahun sebelum {MIN_YEAR}", PERIOD_EXPECTED),
    "order": DATE_ERRORS["order"],
    "decimal": ("bulan ditulis sebagai angka desimal: 2024.1 bisa Januari atau Oktober (Excel "
                "membuang angka 0 di belakang 2024.10)",
                "bulan sebagai teks atau tanggal, mis. 2024-10 atau Oktober 2024"),
    "month_only": ("bukan bulan lengkap: bulan tanpa tahun", "bulan dengan tahun, mis. 2025-06"),
    "year_only": ("bukan bulan lengkap: tahun tanpa bulan", "bulan dengan tahun, mis. 2025-06"),
    "future": ("bulan di masa depan", "bulan sampai bulan berjalan"),
}
"""Message and expected text of each month problem (keys of :func:`period_value`)."""


def _ym(year: int, month: int) -> str | None:
    if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}"
    return None


def _ym_err(year: int, month: int) -> tuple[str | None, str | None]:
    ym = _ym(year, month)
    if ym is not None:
        return ym, None
    return None, "early" if year < MIN_YEAR and 1 <= month <= 12 else "bad"


def period_value(value: object, order: str = DMY, dot_ten: bool = False,
                 ) -> tuple[str | None, str | None]:
    """Read one month cell as ``(YYYY-MM, None)`` or ``(None, error key of PERIOD_ERRORS)``.

    ``order`` is the day/month order of the column (:func:`ucjlib.inputs.dates.column_order`);
    ``dot_ten``: the column writes October as ``YYYY.10``, so ``YYYY.1`` is
    January (otherwise ``2024.1`` is refused: Excel writes the number
    2024.10 that way). An empty cell is ``(None, "empty")``. Whether the
    month lies in the future is checked by :func:`period_column`.

    Examples
    --------
    >>> [period_value(v)[1] for v in [6, 2024.1, "2024.1", 2025, "15/01/25", "01/13/2025"]]
    ['month_only', 'decimal', 'decimal', 'year_only', 'short_year', 'order']
    >>> period_value("2024.1", dot_ten=True), period_value("06/01/2025", "mdy")
    (('2024-01', None), ('2025-06', None))
    """
    if _isna(value):
        return None, "empty"
    if isinstance(value, _dt.datetime | _dt.date | pd.Timestamp | np.datetime64):
        d, err = parse_date(value)
        return (None, err) if d is None else _ym_err(d.year, d.month)
    if isinstance(value, bool):
        return None, "bad"
    if isinstance(value, int | float | np.integer | np.floating):
        v = float(value)
        if not math.isfinite(v):
            return None, "bad"
        if not v.is_integer():
            return (None, "decimal") if MIN_YEAR <= v < MAX_YEAR + 1 else (None, "bad")
        return _number_period(int(v))
    s = str(value).strip().lower()
    if not s.isascii():
        return None, "bad"
    if re.fullmatch(r"\d{1,2}(\.0+)?", s):
        return _number_period(int(float(s)))
    if re.fullmatch(r"\d{4}(\.0+)?", s):
        return None, "year_only" if MIN_YEAR <= int(float(s)) <= MAX_YEAR else "bad"
    if re.fullmatch(r"\d{4}\.1", s) and not dot_ten:
        return None, "decimal"
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", s)
    if m:
        return _ym_err(int(m[1]), int(m[2]))
    m = re.fullmatch(r"(\d{1,2})[-/.](\d{4})", s)
    if m:
        return _ym_err(int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{4})(\d{2})", s)
    if m:
        return _ym_err(int(m[1]), int(m[2]))
    if re.fullmatch(ISO_DATE + "|" + DM_DATE + "|" + SHORT_YEAR_DATE, s, re.I):
        d, err = parse_date(s.upper(), order)
        return (None, err) if d is None else _ym_err(d.year, d.month)
    m = (re.fullmatch(r"([a-z]+)\.?[\s\-/]*(\d{4})", s)
         or re.fullmatch(r"(\d{4})[\s\-/]+([a-z]+)", s))
    if m:
        word, year = (m[1], m[2]) if m[1].isalpha() else (m[2], m[1])
        month = _MONTH_WORDS.get(word)
        return _ym_err(int(year), month) if month else (None, "bad")
    m = re.fullmatch(r"([a-z]+)\.?[\s\-/']*(\d{2})|\d{1,2}[-/.]\d{2}", s)
    if m and (m[1] is None or m[1] in _MONTH_WORDS):
        return None, "short_year"  # jun-25, 06/25
    if re.fullmatch(SERIAL, s):
        return _number_period(int(float(s)))
    return None, "bad"


def _number_period(v: int) -> tuple[str | None, str | None]:
    """Read a whole number in a month column: YYYYMM, an Excel serial date, or a problem."""
    if 1 <= v <= 12:
        return None, "month_only"
    if MIN_YEAR <= v <= MAX_YEAR:
        return None, "year_only"
    if 100000 <= v <= 999999:
        return _ym_err(v // 100, v % 100)
    d, err = parse_date(v)
    return (None, err) if d is None else _ym_err(d.year, d.month)


def parse_period(value: object, order: str = DMY) -> str | None:
    """Read a month in any common form as ``YYYY-MM``; ``None`` when it is not a real month.

    One cell alone: day/month dates are read in ``order`` (a column is read
    with :func:`period_column`, which decides the order from all its
    values). A full date must exist (``2025-02-30`` and ``31/06/2025`` are
    not months); whether the month lies in the future is checked
    separately (:func:`month_problem`).

    Examples
    --------
    >>> [parse_period(v) for v in ["2025-06", "2025/06", "06-2025", "Juni 2025", "jun-25"]]
    ['2025-06', '2025-06', '2025-06', '2025-06', None]
    >>> parse_period(45839)  # Excel serial date of 2025-07-01
    '2025-07'
    >>> parse_period("2025-02-30"), parse_period("31/06/2025"), parse_period("30/06/2025")
    (None, None, '2025-06')
    >>> parse_period("2025") is None, parse_period("2025-13") is None, parse_period(6) is None
    (True, True, True)
    """
    return period_value(value, order)[0]


def period_column(series: pd.Series | list) -> tuple[pd.Series, pd.Series, ColumnOrder]:
    """Read a month column by ONE rule for the whole column: each distinct value parsed once.

    The day/month order of dates is decided from all the column's values
    (:func:`ucjlib.inputs.dates.column_order`); ``YYYY.1`` is January only
    when the column writes October as ``YYYY.10``.

    Returns
    -------
    values : pandas.Series of object
        ``YYYY-MM`` or None (a month in the future is given, with its error).
    errors : pandas.Series of object
        None or a key of :data:`PERIOD_ERRORS` (``"future"`` after the current month).
    order : ColumnOrder
        How day/month dates were read (``order.note(column)`` for the report).

    Examples
    --------
    >>> v, e, o = period_column(pd.Series(["01/13/2025", "06/01/2025", "", 6]))
    >>> v.tolist(), e.tolist(), o.order
    (['2025-01', '2025-06', None, None], [None, None, 'empty', 'month_only'], 'mdy')
    """
    series = pd.Series(series, dtype=object) if isinstance(series, list) else series
    obj = series.astype(object)
    keys = obj.map(lambda v: _ukey(v) if not _isna(v) else None)
    uniq: dict[object, object] = {}
    for k, v in zip(keys, obj, strict=True):
        if k is not None and k not in uniq:
            uniq[k] = v
    texts = [str(v).strip() for v in uniq.values() if isinstance(v, str)]
    order = column_order(texts)
    dot_ten = any(re.fullmatch(r"\d{4}\.10", t) for t in texts)
    now = current_month()
    parsed = {}
    for k, v in uniq.items():
        ym, err = period_value(v, order.order, dot_ten)
        parsed[k] = (ym, "future") if ym is not None and ym > now else (ym, err)
    vals = [parsed[k][0] if k is not None else None for k in keys]
    errs = [parsed[k][1] if k is not None else "empty" for k in keys]
    return (pd.Series(vals, index=series.index, dtype=object),
            pd.Series(errs, index=series.index, dtype=object), order)


def parse_year(value: object) -> int | None:
    """Read a reference year (``2024``, ``2024-08``, ``Agustus 2024``); ``None`` if not one.

    Examples
    --------
    >>> parse_year("2024"), parse_year(2024.0), parse_year("Agustus 2024"), parse_year("x")
    (2024, 2024, 2024, None)
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        v = float(value)
        return int(v) if math.isfinite(v) and v.is_integer() and MIN_YEAR <= v <= MAX_YEAR else None
    s = str(value).strip()
    if re.fullmatch(r"\d{4}(\.0+)?", s, re.ASCII):
        y = int(float(s))
        return y if MIN_YEAR <= y <= MAX_YEAR else None
    p = parse_period(value) or parse_period(value, MDY)  # the year is the same in both orders
    return int(p[:4]) if p else None


def month_problem(ym: str, now: str | None = None) -> str | None:
    """Say why a parsed month cannot be used (in the future), or return ``None``.

    Examples
    --------
    >>> month_problem("2099-01", now="2026-11"), month_problem("2026-11", now="2026-11")
    ('bulan di masa depan (setelah 2026-11)', None)
    """
    now = now or current_month()
    return f"bulan di masa depan (setelah {now})" if ym > now else None


def _map_unique(series: pd.Series, func) -> pd.Series:
    """Apply ``func`` once per distinct value of ``series``."""
    obj = series.astype(object)
    keys = obj.map(lambda v: _ukey(v) if not _isna(v) else None)
    uniq: dict[object, object] = {}
    for k, v in zip(keys, obj, strict=True):
        if k is not None and k not in uniq:
            uniq[k] = func(v)
    return pd.Series([uniq.get(k) if k is not None else None for k in keys], index=series.index,
                     dtype=object)


def _isna(v: object) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    if isinstance(v, str) and not v.strip():
        return True
    return v is pd.NA or v is pd.NaT


def parse_periods(series: pd.Series) -> pd.Series:
    """Vectorized :func:`parse_period` (each distinct value parsed once).

    Examples
    --------
    >>> parse_periods(pd.Series(["Juni 2025", "2025/06", "xx"])).tolist()
    ['2025-06', '2025-06', None]
    """
    return period_column(series)[0]


def canonical_values(series: pd.Series, field: str) -> pd.Series:
    """Map category values (segmen, pendanaan, status) to canonical spellings; unknown -> None.

    Examples
    --------
    >>> canonical_values(pd.Series(["Penerima Upah", "bpu", "Jasa Konstruksi", "x"]),
    ...                  "segmen").tolist()
    ['PU', 'BPU', 'JAKON', None]
    """
    from ucjlib.inputs.dictionary import norm_key, value_map

    vm = value_map(field)
    return _map_unique(series, lambda v: vm.get(norm_key(v)))


