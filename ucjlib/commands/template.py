"""``ucj template``: an XLSX for an officer's own data, read back as it is by ``--data``."""

from __future__ import annotations

import typer

HELP = """Tulis templat XLSX untuk data sendiri: kode dan nama setiap kecamatan/desa sudah terisi.

Satu baris per wilayah x segmen x sumber dana (lembar kepesertaan) dan satu baris per
wilayah (lembar pekerja), dengan daftar pilihan dan pemeriksaan isian Excel, serta
lembar petunjuk. Templat yang sudah diisi dibaca langsung (tanpa --sheet).

Contoh:

\b
  ucj template Bojonegoro --out templat-bojonegoro.xlsx
  ucj template 32.71 --level desa --periode 2025-06 --out bogor.xlsx --lang en
  ucj validate templat-bojonegoro.xlsx
  ucj coverage Bojonegoro --data templat-bojonegoro.xlsx
"""


def template_cmd(
    kabupaten: str = typer.Argument(
        ..., help="Kode atau nama kabupaten/kota, mis. 35.22 atau Bojonegoro."),
    level: str = typer.Option("kecamatan", "--level", "-l",
                              help="kecamatan | desa: satu baris per kecamatan atau per desa."),
    out: str = typer.Option(..., "--out", "-o", help="Berkas .xlsx yang ditulis."),
    lang: str = typer.Option("id", "--lang", help="Bahasa lembar petunjuk dan keterangan: id | en"),
    periode: str | None = typer.Option(
        None, "--periode", "-p",
        help="Bulan YYYY-MM yang diisikan ke setiap baris (tahunnya ke lembar pekerja)."),
) -> None:
    """Write a data template (see HELP for the Indonesian help text)."""
    from ucjlib.commands._common import check_periode, choice, output_file, region
    from ucjlib.errors import ArgumentError
    from ucjlib.render.template import write_template
    from ucjlib.text import say

    level = choice("--level", level, ("kecamatan", "desa"))
    lang = choice("--lang", lang, ("id", "en"))
    if periode is not None:
        periode = check_periode(periode)
    if not out.strip().lower().endswith(".xlsx"):
        raise ArgumentError("--out", out, "berkas .xlsx, mis. templat-bojonegoro.xlsx")
    path, _ = output_file("--out", out, None, formats=("xlsx",))
    where = region(kabupaten, level="kabupaten")
    written, units, rows = write_template(where.kode, path, level=level, lang=lang,
                                          periode=periode)
    typer.echo(say("template.written", lang, name=where.label, path=str(written), units=units,
                   level=level, rows=rows))


def register(app: typer.Typer) -> None:
    """Attach ``ucj template`` to the main app."""
    app.command("template", help=HELP, no_args_is_help=True)(template_cmd)
