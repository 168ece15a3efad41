"""Messages of the coverage-table check, written once for both engines (issue 18).

The pandas path (:mod:`ucjlib.inputs.validation`) and the columnar path
(:mod:`ucjlib.inputs.columnar`, DuckDB) find the same problems in their own
way; what they *say* comes from here: for each ``(field, problem kind)`` a
:class:`Rule` with the message, what was expected, and whether the cell
value may be quoted. Duplicate keys and a file mixing demo and real rows
are worded here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ucjlib.errors import Problem
from ucjlib.fmt import fmt_int
from ucjlib.inputs.cells import EXCEL_ERROR_EXPECTED, EXCEL_ERROR_MESSAGE
from ucjlib.inputs.dictionary import allowed_values
from ucjlib.inputs.privacy import with_value
from ucjlib.inputs.problems import key_text, row_problems
from ucjlib.inputs.values import COUNT_ERRORS, COUNT_EXPECTED, PERIOD_ERRORS, current_month

CODE_EXPECTED = "kode Kemendagri, mis. 35.22.16"


@dataclass(frozen=True)
class Rule:
    """What a problem of one kind in one field says.

    ``quote`` is False (the message alone), True (the cell value appended
    when :func:`~ucjlib.inputs.privacy.quote` allows it) or ``"code"`` (the
    region code named first: ``kode 35.21.01 tidak berada ...``).

    Examples
    --------
    >>> Rule("segmen tidak dikenal", "PU", True).text("XYZ")
    "segmen tidak dikenal: 'XYZ'"
    >>> Rule("sel kosong", "PU", False).text("")
    'sel kosong'
    """

    message: str
    expected: str
    quote: bool | str = False

    def text(self, value: object = None, personal: bool = False) -> str:
        """Return the message for one cell holding ``value``."""
        if self.quote == "code":
            return f"kode {value} {self.message}"
        if self.quote:
            return with_value(self.message, value, personal)
        return self.message


def coverage_rules(kab: str | None = None) -> dict[tuple[str, str], Rule]:
    """Return every rule of a coverage table: ``{(field, kind): Rule}``.

    Kinds: ``empty``, ``unknown`` (codes and categories), ``outside`` (a code
    outside the kabupaten ``kab``), ``excel`` (an Excel error value, any
    field), the keys of :data:`~ucjlib.inputs.values.PERIOD_ERRORS` for
    ``periode`` and of :data:`~ucjlib.inputs.values.COUNT_ERRORS` for counts.

    Examples
    --------
    >>> coverage_rules("35.22")[("kode", "empty")].message
    'kode wilayah kosong'
    """
    now = current_month()
    rules = {
        ("kode", "empty"): Rule("kode wilayah kosong", CODE_EXPECTED),
        ("kode", "unknown"): Rule("kode wilayah tidak dikenal",
                                  f"{CODE_EXPECTED} (cari dengan `ucj wilayah find`)", True),
        ("kode", "outside"): Rule(f"tidak berada di wilayah {kab}", f"kode yang diawali {kab}.",
                                  "code"),
        **{("periode", k): Rule(m, f"bulan sampai {now} (bulan berjalan)" if k == "future"
                                else e, k != "empty") for k, (m, e) in PERIOD_ERRORS.items()},
    }
    for field in ("segmen", "pendanaan"):
        allowed = ", ".join(allowed_values(field))
        rules[(field, "empty")] = Rule("sel kosong", allowed)
        rules[(field, "unknown")] = Rule(f"{field} tidak dikenal", allowed, True)
    rules[("peserta_aktif", "empty")] = count_rule("empty")
    for key in COUNT_ERRORS:
        rules[("peserta_aktif", key)] = count_rule(key)
    for field in ("kode", "periode", "segmen", "pendanaan", "peserta_aktif"):
        rules[(field, "excel")] = EXCEL_RULE
    return rules


def coverage_rule(field: str, kind: str, kab: str | None = None) -> Rule:
    """Return the rule of one problem kind in one field of a coverage table."""
    return coverage_rules(kab)[(field, kind)]


def count_rule(kind: str) -> Rule:
    """Return the rule of a count cell (any count column): ``empty`` or a COUNT_ERRORS key."""
    if kind == "empty":
        return Rule("sel kosong", COUNT_EXPECTED)
    return Rule(COUNT_ERRORS[kind], COUNT_EXPECTED, True)


EXCEL_RULE = Rule(EXCEL_ERROR_MESSAGE, EXCEL_ERROR_EXPECTED, True)
"""An Excel error value (``#N/A`` ...) in any cell."""


def duplicate_problems(file: str, key: list[str], info: dict[int, tuple[list, int]],
                       ) -> list[Problem]:
    """Return one problem per row whose key repeats an earlier row's.

    ``info`` maps each such row to ``(key values, first row with that key)``.

    Examples
    --------
    >>> duplicate_problems("c.csv", ["kode", "tahun"], {5: (["35.22.01", 2024], 2)})[0].message
    'kunci ganda (kode 35.22.01, tahun 2024): sama dengan baris 2'
    """
    return row_problems(file, list(info), None,
                        lambda r: f"kunci ganda {key_text(key, info[r][0])}: sama dengan baris "
                        f"{info[r][1]}", "satu baris per " + " x ".join(key))


def mixed_rows_problem(file: str, row: int, column: str, n_plain: int, n_demo: int) -> Problem:
    """Return the problem of a file mixing demo rows and real rows (``row``: first real one)."""
    return Problem(file, int(row), column,
                   "campuran baris data demo (sintetis) dan bukan demo: "
                   f"{fmt_int(int(n_plain))} baris tanpa label demo, {fmt_int(int(n_demo))} dengan",
                   "satu berkas berisi data demo saja atau data sungguhan saja")


__all__ = ["EXCEL_RULE", "Rule", "count_rule", "coverage_rule", "coverage_rules",
           "mixed_rows_problem", "duplicate_problems"]
