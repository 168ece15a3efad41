"""Indonesian-first number, money, percentage and date formatting.

Indonesian conventions: ``.`` groups thousands and ``,`` marks decimals
(``157.058``, ``42,29%``), money as ``Rp 31,7 miliar``, months as ``Juni 2025``.
Pass ``lang="en"`` for English (``157,058``, ``42.29%``, ``IDR 31.7 billion``,
``June 2025``).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

Lang = Literal["id", "en"]

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]
BULAN_SINGKAT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
                 "Nov", "Des"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MONTHS_SHORT = [m[:3] for m in MONTHS]

_SCALES = {
    "id": [(1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"), (1e3, "ribu")],
    "en": [(1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")],
}


def _locale(lang: str) -> str:
    if lang not in ("id", "en"):
        raise ValueError(f"Bahasa tidak dikenal: {lang!r}; pilihan: 'id', 'en'")
    return "id_ID" if lang == "id" else "en_US"


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x: float | int | None, decimals: int = 0, lang: Lang = "id") -> str:
    """Format a number with grouping.

    Examples
    --------
    >>> fmt_number(157058)
    '157.058'
    >>> fmt_number(1234.5, 1)
    '1.234,5'
    >>> fmt_number(157058, lang="en")
    '157,058'
    >>> fmt_number(None)
    '–'
    """
    from babel.numbers import format_decimal

    if _missing(x):
        return "–"
    fmt = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    # round half up, as people do (6,25 -> 6,3), not half-to-even
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # no "-0"
    return format_decimal(q, format=fmt, locale=_locale(lang))


def fmt_int(x: float | int | None, lang: Lang = "id") -> str:
    """Format a count: ``157.058``."""
    return fmt_number(x, 0, lang)


def fmt_pct(share: float | None, decimals: int = 2, lang: Lang = "id",
            signed: bool = False) -> str:
    """Format a 0–1 share as a percentage.

    Examples
    --------
    >>> fmt_pct(0.4229)
    '42,29%'
    >>> fmt_pct(0.6, 0)
    '60%'
    >>> fmt_pct(0.4229, lang="en")
    '42.29%'
    """
    if _missing(share):
        return "–"
    text = fmt_number(share * 100, decimals, lang) + "%"
    if signed and share > 0:
        text = "+" + text
    return text


def fmt_target(share: float, lang: Lang = "id") -> str:
    """Format a target share with only the decimals it has (``60%``, ``52,15%``).

    A target is a policy number: rounding 52,15% to "52%" would misstate it.

    Examples
    --------
    >>> fmt_target(0.6), fmt_target(0.5215), fmt_target(0.6728, "en")
    ('60%', '52,15%', '67.28%')
    """
    pct = round(float(share) * 100, 6)
    decimals = 0 if pct == int(pct) else 1 if pct * 10 == int(pct * 10) else 2
    return fmt_pct(share, decimals, lang=lang)


def fmt_pp(delta: float | None, decimals: int = 2, lang: Lang = "id") -> str:
    """Format a change in share as percentage points, with sign.

    Examples
    --------
    >>> fmt_pp(-0.0158)
    '-1,58 poin persen'
    >>> fmt_pp(0.0158, lang="en")
    '+1.58 pp'
    """
    if _missing(delta):
        return "–"
    sign = "+" if delta > 0 else ""
    unit = "poin persen" if lang == "id" else "pp"
    return f"{sign}{fmt_number(delta * 100, decimals, lang)} {unit}"


def fmt_rupiah(amount: float | None, decimals: int = 1, lang: Lang = "id",
               short: bool = True) -> str:
    """Format rupiah, scaled to ribu/juta/miliar/triliun.

    Examples
    --------
    >>> fmt_rupiah(31_700_000_000)
    'Rp 31,7 miliar'
    >>> fmt_rupiah(42_000_000)
    'Rp 42 juta'
    >>> fmt_rupiah(6_800)
    'Rp 6.800'
    >>> fmt_rupiah(31_700_000_000, lang="en")
    'IDR 31.7 billion'
    >>> fmt_rupiah(157_058, short=False)
    'Rp 157.058'
    """
    if _missing(amount):
        return "–"
    prefix = "Rp" if lang == "id" else "IDR"
    if short:
        for scale, word in _SCALES[lang]:
            if abs(amount) >= scale and scale >= 1e6:
                value = amount / scale
                dec = 0 if float(value).is_integer() else decimals
                return f"{prefix} {fmt_number(value, dec, lang)} {word}"
    return f"{prefix} {fmt_number(amount, 0, lang)}"


def month_name(periode: str, lang: Lang = "id", short: bool = False) -> str:
    """Name a ``YYYY-MM`` period.

    Examples
    --------
    >>> month_name("2025-06")
    'Juni 2025'
    >>> month_name("2025-08", short=True)
    'Agu 2025'
    >>> month_name("2025-06", lang="en")
    'June 2025'
    """
    text = str(periode)
    try:
        year, month = int(text[:4]), int(text[5:7])
        if not 1 <= month <= 12 or len(text) != 7 or text[4] != "-":
            raise ValueError
    except (ValueError, IndexError):
        raise ValueError(f"Periode harus berbentuk YYYY-MM, bukan {periode!r}") from None
    names = (BULAN_SINGKAT if short else BULAN) if lang == "id" else (
        MONTHS_SHORT if short else MONTHS)
    return f"{names[month - 1]} {year}"


def fmt_date(date, lang: Lang = "id") -> str:
    """Format a date as ``30 Juni 2025``.

    Examples
    --------
    >>> import datetime
    >>> fmt_date(datetime.date(2025, 6, 30))
    '30 Juni 2025'
    """
    names = BULAN if lang == "id" else MONTHS
    return f"{date.day} {names[date.month - 1]} {date.year}"


def parse_number(text: str | float | int | None) -> float | None:
    """Parse a number written the Indonesian or the English way.

    ``157.058`` and ``157,058`` (thousands) and ``42,29`` (decimal) are read as
    a person would; a lone separator followed by exactly three digits is a
    thousands separator.

    Examples
    --------
    >>> parse_number("157.058")
    157058.0
    >>> parse_number("42,29")
    42.29
    >>> parse_number("1.234.567,5")
    1234567.5
    >>> parse_number("1,234,567.5")
    1234567.5
    >>> parse_number(" 12 ")
    12.0
    >>> parse_number("0,5")
    0.5
    """
    if text is None:
        return None
    if isinstance(text, int | float):
        return None if _missing(text) else float(text)
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s.lower().startswith("rp"):
        s = s[2:]
    s = s.rstrip("%")
    if s in ("", "-", "–"):
        return None
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        grp = "." if dec == "," else ","
        s = s.replace(grp, "").replace(dec, ".")
    elif dots > 1:
        s = s.replace(".", "")
    elif commas > 1:
        s = s.replace(",", "")
    elif dots == 1 or commas == 1:
        sep = "." if dots else ","
        head, tail = s.split(sep)
        if len(tail) == 3 and head not in ("", "0") and head.lstrip("-").isdigit():
            s = head + tail  # thousands separator
        else:
            s = head + "." + tail
    try:
        value = float(s)
    except ValueError:
        raise ValueError(f"Bukan angka: {text!r}") from None
    return -value if neg else value
