"""What the commands share: the argument checks, one resolver, the end of a file output.

The end of a command that wrote files is the small-cell notice and the ``--charts`` folder.
:func:`check_file_options` checks the options ``ucj project`` and ``ucj budget`` share, so
that a wrong argument stops the command (exit 2) before any data is opened.

The checks themselves live in :mod:`ucjlib.checks`, used by the commands, the report and
the analyses alike; they are named here so that a command imports its tools from one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
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

__all__ = ["MAX_SEED", "OUT_SUFFIX", "FileOptions", "check_file_options", "check_level",
           "check_periode", "check_seed", "check_target", "choice", "emit", "finish",
           "for_files", "json_text", "output_file", "output_folder", "region", "save_charts",
           "small_cell_notice", "write_output"]


@dataclass(frozen=True)
class FileOptions:
    """The checked options of a command that writes one file (:func:`check_file_options`)."""

    out: str | None
    fmt: str
    lang: str
    table: str
    deadline: str | None
    periode: str | None
    seed: int


def check_file_options(*, out: str | None, fmt: str | None, charts: str | None,
                       inputs: Sequence[str | None], lang: str, table: str,
                       tables: Sequence[str], target: str | None, deadline: str | None,
                       periode: str | None, seed: int) -> FileOptions:
    """Check the options ``ucj project`` and ``ucj budget`` share, before any data is read.

    ``--out`` against ``--format`` and the inputs, the ``--charts`` folder, ``--lang``,
    ``--table``, ``--target``, the months ``--deadline`` and ``--periode`` (their form;
    whether the data hold them is checked once the data are read) and ``--seed``, all
    with :mod:`ucjlib.checks`.

    Raises
    ------
    ArgumentError
        Exit 2, naming the option.
    OutputError
        Exit 6: a folder or a link is in the way of ``--out``.
    """
    out_path, fmt = output_file("--out", out, fmt, inputs=inputs)
    output_folder("--charts", charts, inputs=inputs)
    lang = choice("--lang", lang, ("id", "en"))
    table = choice("--table", table, tables)
    if target is not None:
        check_target(target)
    return FileOptions(str(out_path) if out_path else None, fmt, lang, table,
                       check_periode(deadline) if deadline is not None else None,
                       check_periode(periode) if periode is not None else None,
                       check_seed(seed))


def region(text: str, level: str | None = "kabupaten") -> Region:
    """Resolve the user's region text once, at the command-line boundary."""
    return resolve(text, level=level)


def for_files(result: Any, fmt: str, charts: str | None, min_cell: int | None) -> Any:
    """Return the copy of ``result`` that goes into files, small cells protected.

    Files leave the machine (:func:`ucjlib.smallcells.for_file`); the screen table stays on
    the officer's own machine: with ``--format table`` and no ``--charts``, ``result``.
    """
    from ucjlib.smallcells import for_file

    return for_file(result, min_cell) if fmt != "table" or charts else result


def json_text(result: Any) -> str:
    """Return a result as the JSON text of ``--format json`` (one line at the end)."""
    import json

    return json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"


def emit(text: str, out: str | None, fmt: str) -> None:
    """Write the text of ``--format csv|json`` to ``--out`` (atomically), or to stdout.

    CSV goes through :func:`ucjlib.render.csvout.write_csv_text`, the one CSV writer.
    """
    import sys

    if not out:
        sys.stdout.write(text)
        return
    if fmt == "csv":
        from ucjlib.render.csvout import write_csv_text

        write_csv_text(out, text)
    else:
        from ucjlib.files import atomic_write_text

        atomic_write_text(out, text)
    typer.echo(f"Ditulis ke {out}", err=True)


def write_output(o: FileOptions, result: Any, filed: Any, charts: str | None, *,
                 csv: Callable[[Any], str], screen: Callable[[Any], None],
                 workbook: Callable[[Any, Path], Path], default: str, done: str) -> None:
    """Give a one-file command's result as ``--format`` says, then end the command.

    Parameters
    ----------
    o : FileOptions
    result, filed : result
        The result, and its copy for files (:func:`for_files`).
    charts : str or None
        The ``--charts`` folder.
    csv : callable
        ``filed`` -> the CSV text of ``--table``.
    screen : callable
        Prints ``result`` for ``--format table``.
    workbook : callable
        ``(filed, path)`` -> the XLSX written; ``path`` is ``--out`` or ``default`` in the
        working folder.
    done : str
        The line on stderr once the workbook is written (``{}``: its path).
    """
    if o.fmt == "xlsx":
        path = Path(o.out) if o.out else Path.cwd() / default
        typer.echo(done.format(workbook(filed, path)), err=True)
    elif o.fmt in ("json", "csv"):
        emit(json_text(filed) if o.fmt == "json" else csv(filed), o.out, o.fmt)
    else:
        screen(result)
    finish(result, filed, charts)


def finish(result: Any, filed: Any, charts: str | None) -> None:
    """End a command: the small-cell notice (once the file is written), then the charts."""
    small_cell_notice(result, filed)
    save_charts(filed, charts)


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
