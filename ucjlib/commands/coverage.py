"""``ucj coverage``: coverage by district for a kabupaten/kota or a province."""

from __future__ import annotations

import typer

from ucjlib.commands.options import min_cell_option

HELP = """Tampilkan cakupan UCJ per wilayah untuk satu kabupaten/kota (atau provinsi).

Tanpa --data dipakai data demo sintetis (diberi label "data demo (sintetis)").
Tanpa --target dipakai target wilayah dari data/rules (kabupaten, lalu provinsi,
lalu nasional); keluaran menyebut sumbernya.

Contoh:

\b
  ucj coverage Bojonegoro
  ucj coverage 35.22 --level desa --periode 2025-03 --format csv > cakupan.csv
  ucj coverage "Kota Bogor" --format json --lang en
  ucj coverage --provinsi "Jawa Timur"
  ucj coverage --nasional --format csv > nasional.csv
  ucj coverage --bandingkan 35.22,32.71
  ucj coverage Bojonegoro --charts reports/grafik
"""


def _level(text: str) -> str:
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.wilayah import normalize_level

    try:
        return normalize_level(text)
    except ValueError:
        raise ArgumentError("--level", text, "kabupaten, kecamatan atau desa") from None


def coverage_cmd(
    kabupaten: str | None = typer.Argument(
        None, help="Kode atau nama kabupaten/kota, mis. 35.22 atau Bojonegoro."),
    periode: str | None = typer.Option(None, "--periode", "-p",
                                       help="Bulan YYYY-MM; default bulan terakhir."),
    level: str | None = typer.Option(
        None, "--level", "-l",
        help="kabupaten | kecamatan | desa; default kecamatan (kabupaten untuk --provinsi)."),
    target: str | None = typer.Option(
        None, "--target", "-t",
        help="Target cakupan sebagai rasio 0-1 (mis. 0.60); default target wilayah."),
    data: str | None = typer.Option(None, "--data", "-d",
                                    help="Folder data masukan, atau templat XLSX yang sudah diisi "
                                    "(ucj template); tanpa ini dipakai data demo."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    lang: str = typer.Option("id", "--lang", help="id | en"),
    provinsi: str | None = typer.Option(
        None, "--provinsi", help="Ringkasan semua kabupaten/kota satu provinsi (data demo)."),
    nasional: bool = typer.Option(
        False, "--nasional", help="38 provinsi dan 514 kabupaten/kota berperingkat, dengan total "
        "nasional terhadap target nasional (data demo)."),
    bandingkan: str | None = typer.Option(
        None, "--bandingkan", help="Beberapa kabupaten/kota atau provinsi dalam satu tabel "
        "(kode atau nama dipisah koma, mis. 35.22,32.71): cakupan, kekurangan, tambahan per "
        "bulan sampai tenggat dan iuran APBD (data demo)."),
    charts: str | None = typer.Option(
        None, "--charts", help="Folder untuk menyimpan grafik dan peta (PNG + SVG)."),
    min_cell: int | None = min_cell_option("csv, json"),
) -> None:
    """Show UCJ coverage per unit (see HELP for the Indonesian help text)."""
    import ucjlib.commands._common as common
    from ucjlib.coverage import analyze_coverage
    from ucjlib.errors import ArgumentError
    from ucjlib.open import open_dataset

    fmt = common.choice("--format", fmt, ("table", "csv", "json"))
    lang = common.choice("--lang", lang, ("id", "en"))
    common.output_folder("--charts", charts, inputs=(data,))  # blank, a file, or inside --data
    from ucjlib.smallcells import check_min_cell

    min_cell = check_min_cell(min_cell)
    if target is not None:
        common.check_target(target)  # before the data are opened
    if bandingkan is not None:
        from ucjlib.commands.coverage_compare import compare_cmd

        compare_cmd(bandingkan, kabupaten=kabupaten, provinsi=provinsi, data=data, level=level,
                    periode=periode, target=target, fmt=fmt, lang=lang, charts=charts)
        return
    if nasional:
        from ucjlib.commands.coverage_national import national_cmd

        national_cmd(kabupaten=kabupaten, provinsi=provinsi, data=data, level=level,
                     periode=periode, target=target, fmt=fmt, lang=lang, charts=charts)
        return
    if provinsi and kabupaten:
        raise ArgumentError("KABUPATEN", kabupaten, "kabupaten ATAU --provinsi, tidak keduanya")
    if provinsi:
        if level is not None and _level(level) != "kabupaten":
            raise ArgumentError("--level", level, "kabupaten untuk --provinsi (ringkasan per "
                                "kabupaten/kota); rincian kecamatan atau desa per kabupaten: "
                                "`ucj coverage <kabupaten> --level kecamatan`")
        where = common.region(provinsi, level="provinsi")
        level = "kabupaten"
    elif kabupaten:
        where = common.region(kabupaten, level="kabupaten")
        level = level or "kecamatan"
    else:
        raise ArgumentError("KABUPATEN", "", "nama/kode kabupaten atau --provinsi")
    ds = open_dataset(where, data, periods=periode)
    result = analyze_coverage(ds, periode, level=level, target=target, lang=lang)
    if charts:  # check the folder before printing anything
        from ucjlib.files import ensure_dir

        ensure_dir(charts)
    filed = common.for_files(result, fmt, charts, min_cell)
    if fmt in ("json", "csv"):
        from ucjlib.render.tables import to_csv

        common.emit(common.json_text(filed) if fmt == "json" else to_csv(filed), None, fmt)
    else:
        from ucjlib.render.tables import print_coverage

        print_coverage(result)
    common.finish(result, filed, charts)


def register(app: typer.Typer) -> None:
    """Attach ``ucj coverage`` to the main app."""
    app.command("coverage", help=HELP, no_args_is_help=True)(coverage_cmd)
