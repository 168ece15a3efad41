"""``ucj validate``: check an input file against the data dictionary."""

from __future__ import annotations

import typer

from ucjlib.errors import UcjError
from ucjlib.text import say


class _ValidationFailed(UcjError):
    """The file has problems (already listed); exit with the input-error code."""

    exit_code = 3


def validate(
    file: str = typer.Argument(..., help="Berkas CSV, XLSX atau Parquet."),
    kind: str | None = typer.Option(
        None, "--kind", "-k",
        help="coverage | workforce | participants | population (lihat data/DICTIONARY.md)"),
    kabupaten: str | None = typer.Option(
        None, "--kabupaten", "-r",
        help="Kode atau nama kabupaten, mis. 35.22 (wajib jika wilayah ditulis sebagai nama)."),
    workforce: str | None = typer.Option(
        None, "--workforce", "-w",
        help="Berkas penyebut untuk memeriksa peserta <= pekerja (unit & tahun yang sama)."),
    sheet: str | None = typer.Option(
        None, "--sheet",
        help="Lembar kerja XLSX: nama, atau nomor mulai 0 (wajib jika ada beberapa lembar data)."),
    lang: str = typer.Option("id", "--lang", help="id | en (ringkasan)"),
) -> None:
    """Periksa berkas input dan tampilkan SEMUA masalahnya (keluar dengan kode != 0 jika ada).

    Contoh: ucj validate data/coverage.csv --kind coverage --kabupaten 35.22
    """
    from ucjlib.commands._common import choice, region
    from ucjlib.fmt import fmt_int
    from ucjlib.inputs.loaders import validate_with_report
    from ucjlib.inputs.template import read_template_info

    template = read_template_info(file)  # a `ucj template` workbook: both sheets, no --kind
    if kind is not None or template is None:
        kind = choice("--kind", kind or "", ("coverage", "workforce", "participants",
                                             "population"))
    lang = choice("--lang", lang, ("id", "en"))
    if kabupaten:
        kabupaten = region(kabupaten, level="kabupaten").kode
    elif template is not None:
        kabupaten = template.kabupaten
    if kind is None:
        _validate_template(file, kabupaten, lang)
        return
    # a sheet name first, digits that name no sheet as its 0-based number (readers.choose_sheet)
    problems, report, _ = validate_with_report(file, kind, kabupaten, workforce=workforce,
                                               sheet=sheet)
    if problems:
        typer.echo(say("cmd.validate.problems", lang, n=len(problems)))
        for p in problems:
            typer.echo(f"- {p}")
        raise _ValidationFailed(f"{fmt_int(len(problems))} masalah di {file}.")
    typer.echo("OK")
    typer.echo(report.text(lang))


def _validate_template(file: str, kabupaten: str, lang: str) -> None:
    """Check both sheets of a filled template, and participants <= workers."""
    from ucjlib.fmt import fmt_int
    from ucjlib.inputs.loaders import validate_with_report
    from ucjlib.inputs.template import check_template_file

    check_template_file(file, kabupaten)  # another kabupaten, nothing filled: one problem
    problems, report, _ = validate_with_report(file, "coverage", kabupaten, workforce=file)
    if problems:
        typer.echo(say("cmd.validate.problems", lang, n=len(problems)))
        for p in problems:
            typer.echo(f"- {p}")
        raise _ValidationFailed(f"{fmt_int(len(problems))} masalah di {file}.")
    wf_problems, wf_report, _ = validate_with_report(file, "workforce", kabupaten)
    typer.echo("OK")
    typer.echo(report.text(lang))
    typer.echo(wf_report.text(lang))


def register(app: typer.Typer) -> None:
    """Attach ``ucj validate`` to the main app."""
    app.command("validate")(validate)
