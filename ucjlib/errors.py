"""Exceptions raised by ucjlib.

Every error the library raises on purpose derives from :class:`UcjError`; the
``ucj`` command turns them into a one-paragraph message and a non-zero exit
code instead of a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class UcjError(Exception):
    """Base class for every error ucjlib raises on purpose.

    ``exit_code`` is what the ``ucj`` command exits with (documented in the
    README): 2 a wrong argument or region, 3 a bad input file, 4 reference data
    that cannot be found or verified, 5 a boundary file, 6 an output that
    cannot be written, 7 a rules file in ``data/rules`` that cannot be used.
    """

    exit_code = 1


class ArgumentError(UcjError, ValueError):
    """A parameter with a value that cannot be used (a month, a level, a target ...).

    Parameters
    ----------
    name : str
        The parameter as the user knows it (``"--periode"``, ``"level"``).
    value : object
        The value given.
    expected : str
        What would have been accepted, including the valid choices.

    Examples
    --------
    >>> str(ArgumentError("--level", "foo", "kabupaten, kecamatan atau desa"))
    "Nilai --level tidak valid: 'foo'. Yang diharapkan: kabupaten, kecamatan atau desa."
    """

    exit_code = 2

    def __init__(self, name: str, value: object, expected: str) -> None:
        self.name, self.value, self.expected = name, value, expected
        super().__init__(f"Nilai {name} tidak valid: {value!r}. Yang diharapkan: {expected}.")


class UnknownRegionError(UcjError, LookupError):
    """A region code or name that the gazetteer does not know.

    Parameters
    ----------
    value : str
        The code or name that was asked for.
    suggestions : sequence of str
        Closest known regions, formatted as ``"35.22 Kabupaten Bojonegoro"``.
    level : str, optional
        The level that was searched (``kabupaten``, ``kecamatan`` ...).
    """

    exit_code = 2

    def __init__(
        self, value: str, suggestions: Sequence[str] = (), level: str | None = None,
        message: str | None = None,
    ) -> None:
        self.value = value
        self.suggestions = list(suggestions)
        self.level = level
        where = f" ({level})" if level else ""
        msg = message or f"Wilayah tidak dikenal{where}: {value!r}."
        if self.suggestions:
            msg += " Mungkin maksud Anda: " + "; ".join(self.suggestions[:5]) + "."
        super().__init__(msg)


class AmbiguousRegionError(UnknownRegionError):
    """A name that fits several regions equally well ("Bogor": Kabupaten or Kota).

    ``candidates`` lists them as ``"32.01 Kabupaten Bogor"``.
    """

    def __init__(self, value: str, candidates: Sequence[str], level: str | None = None) -> None:
        UcjError.__init__(self)
        self.value = value
        self.suggestions = self.candidates = list(candidates)
        self.level = level
        where = f" ({level})" if level else ""
        self.args = (f"Nama wilayah ambigu{where}: {value!r} cocok dengan "
                     + " atau ".join(self.candidates) + ". Tulis kodenya atau nama lengkapnya "
                     "(mis. 'Kota ...' atau 'Kabupaten ...').",)


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the 1-based line number in the file as a spreadsheet user sees
    it (the header is row 1), or ``None`` when the problem is about the whole
    file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"baris {self.row}")
        if self.column is not None:
            parts.append(f"kolom {self.column!r}")
        text = ", ".join(parts) + f": {self.message}"
        if self.expected:
            text += f" (yang diharapkan: {self.expected})"
        return text


class InputValidationError(UcjError, ValueError):
    """An input file that does not meet its data contract.

    Carries the list of :class:`Problem` found; ``file``, ``row`` and
    ``column`` describe the first one.
    """

    exit_code = 3

    def __init__(self, problems: Sequence[Problem], max_shown: int = 10) -> None:
        if not problems:
            raise ValueError("InputValidationError needs at least one problem")
        self.problems = list(problems)
        first = self.problems[0]
        self.file, self.row, self.column = first.file, first.row, first.column
        lines = [str(p) for p in self.problems[:max_shown]]
        more = len(self.problems) - max_shown
        if more > 0:
            lines.append(
                f"... dan {more} masalah lain (jalankan `ucj validate` untuk daftar lengkap)"
            )
        super().__init__("\n".join(lines))


class SourceError(UcjError, OSError):
    """Reference data that cannot be found, downloaded or verified."""

    exit_code = 4


class BoundaryError(UcjError):
    """A boundary file that cannot be read, matched or stored."""

    exit_code = 5


class OutputError(UcjError, OSError):
    """An output that cannot be written (full disk, no permission, a file in the way).

    Nothing already produced is removed: writes go to a temporary file first.
    """

    exit_code = 6

    def __init__(self, path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"Tidak dapat menulis {self.path}: {reason}.")
