"""Problem lists: one problem per offending row, up to a limit, then a count."""

from __future__ import annotations

from pathlib import Path

from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int

TRUE_VALUES = {"true", "1", "ya", "yes", "benar", "y", "t"}
MAX_ROW_PROBLEMS = 1000
"""Individual problems listed per column and kind of problem; the rest are summarised."""
DEMO_VALUES = {"data demo (sintetis)", "demo data (synthetic)", "demo", "sintetis"}


def row_problems(file: str, rows, column: str | None, message, expected: str) -> list[Problem]:
    """One problem per row (up to :data:`MAX_ROW_PROBLEMS`), then one summarising the rest.

    ``message`` is a string or a function of the row number.

    Examples
    --------
    >>> [p.row for p in row_problems("f", range(2, 1500), "x", "salah", "benar")][-2:]
    [1001, None]
    """
    rows = [int(r) for r in rows]
    out = [Problem(file, r, column, message(r) if callable(message) else message, expected)
           for r in rows[:MAX_ROW_PROBLEMS]]
    if len(rows) > MAX_ROW_PROBLEMS:
        out.append(Problem(file, None, column,
                           f"... dan {fmt_int(len(rows) - MAX_ROW_PROBLEMS)} baris lain dengan "
                           "masalah yang sama", expected))
    return out


def file_error(path: str | Path, message: str, expected: str | None = None,
               ) -> InputValidationError:
    """Return the error of a whole file (no row, no column): ``message`` and what was expected.

    Examples
    --------
    >>> file_error("c.csv", "berkas kosong").problems[0].message
    'berkas kosong'
    """
    return InputValidationError([Problem(str(path), None, None, message, expected)])


def key_text(key: list[str], values) -> str:
    """Return a row key for a message: ``kode 35.22.15, tahun 2024`` (no Python reprs).

    Examples
    --------
    >>> import numpy as np
    >>> key_text(["kode", "tahun"], ["35.22.15", np.int64(2024)])
    '(kode 35.22.15, tahun 2024)'
    """
    return "(" + ", ".join(f"{k} {v}" for k, v in zip(key, values, strict=True)) + ")"
