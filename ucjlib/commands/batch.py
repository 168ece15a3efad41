"""``ucj batch``: the report of every kabupaten/kota of a province, in parallel."""

from __future__ import annotations

import typer

HELP = """Buat laporan (seperti `ucj report`) untuk setiap kabupaten/kota satu provinsi,
secara paralel, lalu tulis halaman indeks yang membandingkan semuanya:

\b
  reports/index-<kode provinsi>-<periode>.html   tabel perbandingan, peta, tautan
  reports/<kode>-<nama>/<periode>/<run id>/      satu laporan per kabupaten/kota

Tanpa --scheduler dijalankan di komputer ini (--workers proses, default satu per CPU).
Dengan --scheduler tcp://host:8786 dipakai klaster Dask yang sudah berjalan; worker-nya
harus memasang ucjlib dan melihat folder --out (dan --data) di path yang sama.

Kabupaten yang gagal tidak menghentikan yang lain; di akhir dicetak daftar yang gagal
dan kode keluar tidak nol: kode kesalahannya bila semua gagal karena hal yang sama
(mis. 6 bila disk penuh), selain itu 1.

--data menunjuk folder berisi satu folder data per kabupaten/kota (<data>/35.22/ atau
<data>/35.22-bojonegoro/, seperti yang ditulis `ucj demo --out`); tanpa --data dipakai
data demo sintetis.

Contoh:

\b
  ucj batch --provinsi "Jawa Timur"
  ucj batch --provinsi 35 --workers 8 --deadline 2025-12
  ucj batch --provinsi 35 --scheduler tcp://10.0.0.5:8786 --out /shared/reports
  ucj batch --provinsi 35 --kabupaten 35.22 --kabupaten 35.24

Dengan --nasional (bukan --provinsi): semua kabupaten/kota Indonesia dalam satu antrean
tugas, halaman indeks tiap provinsi, dan reports/index-nasional-<periode>.html yang
membandingkan provinsi dan menautkan halamannya (--kabupaten membatasi, di provinsi mana
pun). Perkiraan waktunya ada di benchmarks/RESULTS.md.

\b
  ucj batch --nasional --scheduler tcp://10.0.0.5:8786 --out /shared/reports
"""


def batch_cmd(
    provinsi: str | None = typer.Option(
        None, "--provinsi", help="Kode atau nama provinsi, mis. 35."),
    nasional: bool = typer.Option(
        False, "--nasional", help="Semua provinsi, dan indeks nasional (bukan --provinsi)."),
    workers: int | None = typer.Option(
        None, "--workers", "-w", help="Jumlah proses lokal (default: satu per CPU; paling "
        "banyak satu per kabupaten/kota dan per CPU)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Alamat scheduler Dask yang ada, mis. tcp://host:8786."),
    kabupaten: list[str] | None = typer.Option(  # noqa: B008 - typer's way to declare options
        None, "--kabupaten", "-k", help="Hanya kabupaten/kota ini (boleh diulang)."),
    periode: str | None = typer.Option(
        None, "--periode", "-p", help="Bulan YYYY-MM; default bulan terakhir yang ada datanya."),
    target: str | None = typer.Option(
        None, "--target", "-t",
        help="Target cakupan 0-1 untuk semua; default target masing-masing wilayah."),
    deadline: str | None = typer.Option(
        None, "--deadline", help="Bulan tenggat YYYY-MM; default dari aturan per wilayah."),
    skenario: str | None = typer.Option(
        None, "--skenario", "--scenario", "-s", help="Berkas YAML skenario."),
    data: str | None = typer.Option(
        None, "--data", "-d", help="Folder berisi satu folder data per kabupaten/kota."),
    lang: str = typer.Option("id", "--lang", help="id | en"),
    out: str = typer.Option("reports", "--out", "-o", help="Folder akar keluaran."),
    csv_locale: str = typer.Option("id", "--csv-locale", help="id | en"),
    pdf: bool = typer.Option(
        True, "--pdf/--no-pdf", "--dengan-pdf/--tanpa-pdf",
        help="Tulis juga report.pdf tiap laporan (bawaan; sekitar 3 detik per laporan); "
        "--tanpa-pdf: hanya report.html."),
) -> None:
    """Run reports for a province or the nation (see HELP for the Indonesian help text)."""
    from ucjlib.commands._common import choice, output_folder
    from ucjlib.errors import ArgumentError, UcjError
    from ucjlib.report.batch import run_batch
    from ucjlib.text import say

    choice("--lang", lang, ("id", "en"))
    choice("--csv-locale", csv_locale, ("id", "en"))
    if scheduler is not None and not scheduler.strip():
        raise ArgumentError("--scheduler", scheduler, "alamat seperti tcp://host:8786")
    if nasional == (provinsi is not None):
        raise ArgumentError("--provinsi", provinsi or "",
                            "--provinsi ATAU --nasional, salah satu")
    output_folder("--out", out, inputs=(data, skenario))  # one rule: ucjlib.checks
    if nasional:
        from ucjlib.report.national import run_national

        runner = run_national
    else:
        import functools

        runner = functools.partial(run_batch, provinsi)
    res = runner(workers=workers, scheduler=scheduler, kabupaten=kabupaten or None,
                 periode=periode, target=target, deadline=deadline, scenario_file=skenario,
                 data=data, lang=lang, out_root=out, csv_locale=csv_locale, pdf=pdf)
    typer.echo(str(res.index))
    if res.failed:
        lines = "; ".join(f"{i.kode} {i.nama}: {' '.join(i.error.split())[:300]}"
                          for i in res.failed)
        error = UcjError(say("batch.failed", lang, n_bad=len(res.failed), n_all=len(res.items),
                             lines=lines, index=res.index))
        codes = {i.exit_code for i in res.failed}
        # one kind of failure (every report hit the disk limit: 6) exits with its own code
        error.exit_code = codes.pop() if len(codes) == 1 and 0 not in codes else 1
        raise error


def register(app: typer.Typer) -> None:
    """Attach ``ucj batch`` to the main app."""
    app.command("batch", help=HELP, no_args_is_help=True)(batch_cmd)
