"""What the commands share: the argument checks of :mod:`ucjlib.checks` and one resolver.

The checks themselves live in :mod:`ucjlib.checks`, used by the commands, the report and
the analyses alike; they are named here so that a command imports its tools from one place.
"""

from __future__ import annotations

from ucjlib.checks import (
    MAX_SEED,
    OUT_SUFFIX,
    check_level,
    check_periode,
    check_seed,
    check_target,
    choice,
    output_file,
    output_folder,
)
from ucjlib.geo.wilayah import Region, resolve

__all__ = ["MAX_SEED", "OUT_SUFFIX", "check_level", "check_periode", "check_seed",
           "check_target", "choice", "output_file", "output_folder", "region"]


def region(text: str, level: str | None = "kabupaten") -> Region:
    """Resolve the user's region text once, at the command-line boundary."""
    return resolve(text, level=level)


