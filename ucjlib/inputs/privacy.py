"""The one way a cell value may appear in a message, report or note.

Rule (also in ``data/dictionary.yml``, ``rules.validation``):

* a message about a **participant file** (personal data) never quotes a
  cell value: it names file, row, column and what was expected;
* a message about an **aggregated file** (coverage, workforce, population)
  may quote a value only after masking every run of 8 or more digits (a NIK,
  a KK or phone number in the wrong column, also written with separators or
  in Excel's exponent form such as ``3.52201E+15``) and only when what is left
  is short and looks like a code, a number or one word: text of two or more
  words (``Siti Rahayu``) or longer than :data:`MAX_SHOWN` characters is
  described by its length instead.

Every message that shows a value goes through :func:`quote`.
"""

from __future__ import annotations

import math
import re

MAX_SHOWN = 16
"""Longest text (after masking) quoted in a message about an aggregated file."""
HIDDEN = "(nilai disembunyikan)"
_DIGITS8 = re.compile(r"\d(?:[\s.,\-/]*\d){7,}")
_EXPONENT = re.compile(r"[-+]?\d+(?:[.,]\d+)?\s*[eE]\s*[-+]?\d+")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def quote(value: object, personal: bool) -> str | None:
    """Return ``value`` quoted for a message, or ``None`` when it must not be shown.

    Parameters
    ----------
    value : object
        A cell value as read from the file.
    personal : bool
        True for participant files (personal data): nothing is ever shown.

    Returns
    -------
    str or None
        ``"'PBI'"``-style quoted text, a description such as ``"(teks 11
        karakter)"``, or ``None`` (personal data, or an empty cell).

    Examples
    --------
    >>> quote("PBI", personal=False)
    "'PBI'"
    >>> quote("3522010101900003", personal=False)
    "'########'"
    >>> quote("3.52201E+15", personal=False), quote("1e20", personal=False)
    ("'########'", "'########'")
    >>> quote("Siti Rahayu", personal=False)
    '(teks 11 karakter)'
    >>> quote("PBI", personal=True) is None
    True
    """
    if personal or _is_missing(value):
        return None
    if isinstance(value, float) and math.isfinite(value) and abs(value) >= 1e7:
        return "'########'"
    text = str(value).strip()
    masked = _EXPONENT.sub(_mask_exponent, text)
    masked = _DIGITS8.sub("########", masked)
    if len(masked) > MAX_SHOWN or len(_WORD.findall(masked)) > 1:
        return f"(teks {len(text)} karakter)"
    return repr(masked)


def _mask_exponent(m: re.Match) -> str:
    try:
        big = abs(float(m.group(0).replace(",", ".").replace(" ", ""))) >= 1e7
    except (ValueError, OverflowError):
        big = True
    return "########" if big else m.group(0)


def with_value(message: str, value: object, personal: bool) -> str:
    """Append ``": <quoted value>"`` to ``message`` when :func:`quote` allows it.

    Examples
    --------
    >>> with_value("segmen tidak dikenal", "PBI", personal=False)
    "segmen tidak dikenal: 'PBI'"
    >>> with_value("segmen tidak dikenal", "Siti Rahayu", personal=True)
    'segmen tidak dikenal'
    """
    q = quote(value, personal)
    return message if q is None else f"{message}: {q}"


def contains_personal(text: str, secrets: list[str]) -> list[str]:
    """Return the secrets (NIKs, names) or 8+ digit runs of them found in ``text`` (for tests).

    Examples
    --------
    >>> contains_personal("baris 5: kode '35.22'", ["3522010101900003", "Siti Rahayu"])
    []
    >>> contains_personal("x 52201010190 y", ["3522010101900003"])
    ['52201010']
    """
    runs = [re.sub(r"\D", "", m) for m in re.findall(r"\d[\d.,]*\d|\d", text)]
    found = []
    for s in secrets:
        if s and s in text:
            found.append(s)
        digits = re.sub(r"\D", "", s)
        for i in range(0, max(0, len(digits) - 7)):
            if any(digits[i:i + 8] in r for r in runs):
                found.append(digits[i:i + 8])
                break
    return found
