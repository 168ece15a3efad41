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
