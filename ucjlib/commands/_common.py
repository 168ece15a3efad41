"""What the commands share: the argument checks, one resolver, the end of a file output.

The end of a command that wrote files is the small-cell notice and the ``--charts`` folder.

The checks themselves live in :mod:`ucjlib.checks`, used by the commands, the report and
the analyses alike; they are named here so that a command imports its tools from one place.
"""

from __future__ import annotations

from typing import Any

import typer

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
           "check_target", "choice", "output_file", "output_folder", "region", "save_charts",
           "small_cell_notice"]


def region(text: str, level: str | None = "kabupaten") -> Region:
    """Resolve the user's region text once, at the command-line boundary."""
    return resolve(text, level=level)


def small_cell_notice(result: Any, filed: Any) -> None:
    """Say on stderr what small-cell protection did, once ``filed`` (the files' copy) is written.

    Nothing when the files carry ``result`` itself (only the screen table was shown).
    """
    from ucjlib.smallcells import notice

    if filed is not result and notice(filed):
        typer.echo(notice(filed), err=True)


def save_charts(result: Any, folder: str | None) -> None:
    """Save the charts of a coverage, projection or budget result in ``folder`` (``--charts``).

    Nothing without a folder; matplotlib is imported only when charts are asked for.
    """
    if not folder:
        return
    from ucjlib.budget.result import BudgetResult
    from ucjlib.projection.result import ProjectionResult

    if isinstance(result, ProjectionResult):
        from ucjlib.render.projection import save_projection_figures as save
    elif isinstance(result, BudgetResult):
        from ucjlib.render.budget import save_budget_figures as save
    else:
        from ucjlib.render.bundle import save_coverage_figures as save
    written = save(result, folder)
    typer.echo(f"{len(written)} berkas grafik ditulis ke {folder}", err=True)
