"""Argument checks shared by the commands: each mistake becomes an ArgumentError."""

from __future__ import annotations

from collections.abc import Sequence

from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import Region, resolve


def choice(option: str, value: str, choices: Sequence[str]) -> str:
    """Return ``value`` if it is one of ``choices`` (case-insensitive), else raise.

    Examples
    --------
    >>> choice("--lang", "EN", ("id", "en"))
    'en'
    """
    v = str(value).strip().lower()
    for c in choices:
        if v == c.lower():
            return c
    raise ArgumentError(option, value, "salah satu dari " + ", ".join(choices))


def region(text: str, level: str | None = "kabupaten") -> Region:
    """Resolve the user's region text once, at the command-line boundary."""
    return resolve(text, level=level)


#: Largest seed the commands accept (numpy's legacy 32-bit seed range; negative seeds are
#: refused by numpy's generators).
MAX_SEED = 2**32 - 1


def check_seed(value: int | None, option: str = "--seed") -> int | None:
    """Return ``value`` if it is a seed numpy accepts (0 .. 2**32-1), else raise.

    ``None`` (the command's default) passes through.

    Raises
    ------
    ArgumentError
        For a negative or too large seed (exit code 2).

    Examples
    --------
    >>> check_seed(42)
    42
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai --seed tidak valid: -1. Yang diharapkan: bilangan bulat \
0 sampai 4294967295 (2**32-1).
    """
    if value is None:
        return None
    if not 0 <= int(value) <= MAX_SEED:
        raise ArgumentError(option, value, f"bilangan bulat 0 sampai {MAX_SEED} (2**32-1)")
    return int(value)
