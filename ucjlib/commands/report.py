"""``ucj report``: the full report of one kabupaten/kota, as one self-contained folder."""

from __future__ import annotations

import typer

HELP = """Buat laporan lengkap satu kabupaten/kota: data dibuka dan dianalisis sekali (cakupan,
proyeksi, anggaran; satu periode, target, tenggat dan skenario untuk semua bagian), lalu
notebook menampilkan hasilnya (papermill) dan ditulis satu folder per run:

\b
  reports/<kode>-<nama>/<periode>/<run id>/
    report.html     laporan untuk pembaca, tanpa kode, bisa dibuka tanpa internet
    report.pdf      laporan yang sama untuk dicetak (A4; --tanpa-pdf: tidak dibuat)
    notebooks/      notebook yang sudah dijalankan
    charts/ tables/ maps/ deck.pptx
    results/        hasil analisis sebagai data (JSON + Parquet)
    manifest.json   parameter, checksum berkas masukan, versi aturan dan paket, waktu
  reports/<kode>-<nama>/<periode>/latest   menunjuk run lengkap terbaru

Run dibangun di folder sementara dan baru dipindahkan setelah lengkap: run yang gagal
disimpan di failed/<run id>/ dan laporan sebelumnya tidak tersentuh.

Tanpa --data dipakai data demo sintetis (diberi label "data demo (sintetis)").
Tanpa --target dipakai target wilayah dari data/rules.

Contoh:

\b
  ucj report Bojonegoro
  ucj report 35.22 --deadline 2025-12 --skenario data/scenarios/bojonegoro-nonrenewal.yaml
  ucj report "Kota Bogor" --lang en --csv-locale en --out /srv/laporan
  ucj report 35.24 --data data/lamongan --periode 2025-03

Dengan --provinsi (tanpa kabupaten): laporan provinsi yang membandingkan semua
kabupaten/kotanya (cakupan, kekurangan ke target, laju yang dibutuhkan sampai tenggat,
biaya iuran APBD per tahun), satu tabel berperingkat dan peta, dihitung sekali per
kabupaten/kota (tanpa laporan lengkap masing-masing); --data menunjuk folder berisi
satu folder data per kabupaten/kota, seperti `ucj batch`.

\b
  ucj report --provinsi 51
  ucj report --provinsi "DI Yogyakarta" --deadline 2026-12 --lang en
"""


def report_cmd(
    kabupaten: str | None = typer.Argument(
        None, help="Kode atau nama kabupaten/kota, mis. 35.22 atau Bojonegoro."),
    periode: str | None = typer.Option(
        None, "--periode", "-p", help="Bulan YYYY-MM; default bulan terakhir yang ada datanya."),
    target: str | None = typer.Option(
        None, "--target", "-t",
        help="Target cakupan sebagai rasio 0-1 (mis. 0.60); default target wilayah."),
    deadline: str | None = typer.Option(
        None, "--deadline", help="Bulan tenggat YYYY-MM, sesudah bulan laporan; default dari "
        "aturan: akhir tahun target wilayah (atau Desember berikutnya bila sudah lewat)."),
    skenario: str | None = typer.Option(
        None, "--skenario", "--scenario", "-s",
        help="Berkas YAML skenario (data/scenarios/README.md)."),
    data: str | None = typer.Option(None, "--data", "-d",
                                    help="Folder data masukan, atau templat XLSX yang sudah diisi "
                                    "(ucj template); tanpa ini dipakai data demo."),
    lang: str = typer.Option("id", "--lang", help="id | en"),
    out: str = typer.Option("reports", "--out", "-o", help="Folder akar keluaran."),
    csv_locale: str = typer.Option(
        "id", "--csv-locale", help="id (pemisah ';', desimal koma) | en (',' dan titik)"),
    min_cell: str | None = typer.Option(
        None, "--min-cell", help="Jumlah peserta desa di bawah ini ditampilkan '<N' (perlindungan "
        "sel kecil); default dari data/rules (disclosure.min_cell); 0 mematikan."),
    provinsi: str | None = typer.Option(
        None, "--provinsi", help="Laporan provinsi: semua kabupaten/kota provinsi ini "
        "dibandingkan (tanpa argumen kabupaten)."),
    lembar: str | None = typer.Option(
        None, "--lembar", "--sheets", help="Lembar aksi A4 untuk dicetak: desa (satu halaman "
        "per kecamatan untuk camat dan per desa untuk kepala desa) | kecamatan (untuk camat); "
        "di folder lembar/."),
    pdf: bool = typer.Option(
        True, "--pdf/--no-pdf", "--dengan-pdf/--tanpa-pdf",
        help="Tulis juga report.pdf (A4, dari HTML yang sama; bawaan); --tanpa-pdf: hanya "
        "report.html."),
) -> None:
    """Run the report for one kabupaten/kota (see HELP for the Indonesian help text)."""
    from ucjlib.commands._common import (
        check_periode,
        check_target,
        choice,
        output_folder,
        region,
    )
    from ucjlib.report.run import run_report

    # cheap checks first, so a typo costs nothing
    lang = choice("--lang", lang, ("id", "en"))
    csv_locale = choice("--csv-locale", csv_locale, ("id", "en"))
    if periode is not None:
        check_periode(periode)
    if deadline is not None:
        check_periode(deadline)
    if target is not None:
        check_target(target)
    output_folder("--out", out, inputs=(data, skenario))  # one rule: ucjlib.checks
    from ucjlib.smallcells import check_min_cell

    min_cell = check_min_cell(min_cell)
    if lembar is not None:
        from ucjlib.sheets import LEVELS as SHEET_LEVELS

        lembar = choice("--lembar", lembar, SHEET_LEVELS)
    if provinsi is not None:
        from ucjlib.errors import ArgumentError

        if kabupaten is not None:
            raise ArgumentError("KABUPATEN", kabupaten,
                                "kabupaten ATAU --provinsi, tidak keduanya")
        if skenario is not None:
            raise ArgumentError("--skenario", skenario, "tanpa --skenario untuk --provinsi "
                                "(laporan provinsi memakai jalur dasar)")
        if lembar is not None:
            raise ArgumentError("--lembar", lembar, "tanpa --lembar untuk --provinsi "
                                "(lembar aksi dibuat per kabupaten/kota)")
        from ucjlib.report.progress import default_progress
        from ucjlib.report.province import run_province_report

        prov = region(provinsi, level="provinsi")
        dest = run_province_report(prov, data=data, periode=periode,
                                   target=check_target(target) if target is not None else None,
                                   deadline=deadline, lang=lang, out_root=out,
                                   csv_locale=csv_locale, pdf=pdf,
                                   progress=default_progress(lang))
        typer.echo(str(dest / "report.html"))
        return
    if kabupaten is None:
        from ucjlib.errors import ArgumentError

        raise ArgumentError("KABUPATEN", "", "nama/kode kabupaten atau --provinsi")
    where = region(kabupaten, level="kabupaten")
    dest = run_report(where, periode=periode, target=target, deadline=deadline,
                      scenario_file=skenario, data=data, lang=lang, out_root=out, lembar=lembar,
                      csv_locale=csv_locale, min_cell=min_cell, pdf=pdf)
    typer.echo(str(dest / "report.html"))


def register(app: typer.Typer) -> None:
    """Attach ``ucj report`` to the main app."""
    app.command("report", help=HELP, no_args_is_help=True)(report_cmd)
