"""Checks of library arguments that the commands share (exit code 2 on a bad value)."""

from __future__ import annotations

from ucjlib.errors import ArgumentError

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
    import numbers

    if value is None:
        return None
    whole = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not whole or not 0 <= int(value) <= MAX_SEED:
        raise ArgumentError(option, value, f"bilangan bulat 0 sampai {MAX_SEED} (2**32-1)")
    return int(value)
