"""``ucj budget``: what UCJ costs the APBD and what it pays out to families."""

from __future__ import annotations

import typer

from ucjlib.text import render_notes, say

HELP = """Anggaran iuran, perkiraan klaim JKM/JKK, beasiswa anak dan perbandingan dengan
santunan duka lama untuk satu kabupaten/kota.

\b
Contoh:
  ucj budget Bojonegoro
  ucj budget 35.22 --participants 157058 --start 2026-01 --years 1 --format json
  ucj budget 35.22 --funding mandiri --start 2026-06
  ucj budget 35.22 --funding "APBD=0.8,APBDes=0.2" --years 3 --charts reports/anggaran
  ucj budget "Kota Bogor" --target 0.60 --deadline 2026-12 --format xlsx --out anggaran.xlsx
  ucj budget 35.22 --periode 2025-03

Tanpa --deadline tenggat kesenjangan ke target adalah akhir tahun target wilayah
(data/rules), atau Desember pertama sesudah data terakhir bila sudah lewat; catatan
keluaran menyebut dari mana tenggat itu.
"""

TABLES = ("anggaran", "arus-kas", "perbandingan", "sensitivitas", "aturan")
_TABLE_KEYS = {"anggaran": "anggaran-per-tahun", "arus-kas": "arus-kas-manfaat",
               "perbandingan": "perbandingan-santunan", "sensitivitas": "sensitivitas",
               "aturan": "aturan-dipakai"}


def _whole(option: str, value: str | None, lo: int, hi: int) -> int | None:
    """Read a whole number written the Indonesian way (``157.058`` or ``157058``)."""
    from ucjlib.errors import ArgumentError
    from ucjlib.inputs.values import parse_count

    if value is None:
        return None
    n, error = parse_count(value, limit=hi)
    if error or n is None or not lo <= n <= hi:
        raise ArgumentError(option, value, f"bilangan bulat {lo} sampai {hi:_}".replace("_",
                                                                                       "."))
    return int(n)


def _rate(option: str, value: str | None, lo: float, hi: float, hint: str) -> float | None:
    from ucjlib.errors import ArgumentError

    if value is None:
        return None
    try:
        v = float(str(value).replace(",", "."))
    except ValueError:
        raise ArgumentError(option, value, hint) from None
    if not lo <= v < hi:
        raise ArgumentError(option, value, hint)
    return v


def print_budget(result) -> None:  # noqa: ANN001 - BudgetResult
    """Print the budget as the terminal table and sentences (through ``terminal_text``)."""
    from ucjlib.render.budget import budget_lines, budget_narrative, format_yearly
    from ucjlib.render.safe import terminal_text
    from ucjlib.render.tables import print_rows

    lang = result.lang
    name = result.region.nama if result.region is not None else "UCJ"
    if result.label:
        typer.echo(terminal_text(result.label.upper()))
    t = format_yearly(result)
    print_rows(list(t.columns), t.astype(str).values.tolist(),
               right=set(range(1, len(t.columns))),
               title=say("cmd.budget.title", lang, name=name))
    typer.echo("")
    for s in budget_lines(result):
        typer.echo(terminal_text(f"- {s}"))
    typer.echo("")
    for s in budget_narrative(result):
        typer.echo(terminal_text(f"- {s}"))
    typer.echo("")
    for note in render_notes(result.notes, result.lang):
        typer.echo(terminal_text(f"* {note}"))
    for a in result.assumptions:
        typer.echo(terminal_text(f"* {a}"))


def budget_csv(result, table: str, sep: str = ",") -> str:  # noqa: ANN001 - BudgetResult
    """One budget table as CSV text (numbers as numbers, ``.`` decimals).

    Written by :func:`ucjlib.render.csvout.frame_csv`: text cells pass
    :func:`ucjlib.render.safe.cell_text` (never a formula).

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> budget_csv(estimate_budget(157_058, draws=100), "anggaran").splitlines()[0][:32]
    'tahun,peserta_rata2,iuran_apbd_i'
    """
    from ucjlib.render.budget import budget_frames

    tables = budget_frames(result)
    key = _TABLE_KEYS[table]
    if key not in tables:
        from ucjlib.errors import ArgumentError

        raise ArgumentError("--table", table, "tabel yang dihitung: " + ", ".join(
            k for k, v in _TABLE_KEYS.items() if v in tables))
    from ucjlib.render.csvout import frame_csv

    return frame_csv(tables[key], titled=False, sep=sep, lineterminator="\n")


def budget_cmd(
    kabupaten: str = typer.Argument(
        ..., help="Kode atau nama kabupaten/kota, mis. 35.22 atau Bojonegoro."),
    participants: str | None = typer.Option(
        None, "--participants", "-n",
        help="Jumlah peserta (mis. 157058 atau 157.058); default peserta APBD di data."),
    income: str | None = typer.Option(
        None, "--income-bracket",
        help="Penghasilan yang dilaporkan (rupiah/bulan); default kelas terendah."),
    years: int = typer.Option(1, "--years", help="Tahun kepesertaan yang dianggarkan (1-20)."),
    start: str = typer.Option("2026-01", "--start", help="Bulan iuran pertama YYYY-MM."),
    funding: str = typer.Option(
        "APBD", "--funding", help="APBD | APBDes | mandiri | lainnya, atau porsi "
        "\"APBD=0.8,APBDes=0.2\"."),
    sector: str = typer.Option("other", "--sector",
                               help="other | transport (diskon PP 50/2025 untuk mandiri)."),
    since: str | None = typer.Option(
        None, "--membership-since",
        help="Bulan peserta mulai terdaftar (syarat 3 tahun beasiswa JKM); default dari data."),
    target: str | None = typer.Option(
        None, "--target", "-t",
        help="Target cakupan 0-1 untuk biaya menutup kesenjangan; default target wilayah."),
    deadline: str | None = typer.Option(
        None, "--deadline", help="Bulan tenggat target YYYY-MM; default akhir tahun target "
        "wilayah (data/rules), atau Desember berikutnya bila sudah lewat."),
    periode: str | None = typer.Option(
        None, "--periode", "-p",
        help="Bulan data terakhir yang dipakai YYYY-MM (peserta dan kesenjangan pada bulan "
        "ini); default bulan terakhir di data."),
    data: str | None = typer.Option(None, "--data", "-d",
                                    help="Folder data masukan, atau templat XLSX yang sudah diisi "
                                    "(ucj template); tanpa ini dipakai data demo."),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="table | csv | json | xlsx; default table, or the "
        "format of --out's extension (.csv, .json, .xlsx)."),
    table: str = typer.Option("anggaran", "--table",
                              help="Tabel untuk --format csv: " + " | ".join(TABLES)),
    out: str | None = typer.Option(None, "--out", "-o",
                                   help="Berkas keluaran (xlsx, json atau csv)."),
    lang: str = typer.Option("id", "--lang", help="id | en"),
    charts: str | None = typer.Option(
        None, "--charts", help="Folder untuk menyimpan grafik anggaran (PNG + SVG)."),
    death_rate: str | None = typer.Option(
        None, "--death-rate", help="Kematian per peserta-tahun (mis. 0.0028); default "
        "kalibrasi Bojonegoro."),
    discount: str | None = typer.Option(None, "--discount-rate",
                                        help="Tingkat diskonto per tahun (mis. 0.06)."),
    horizon: int = typer.Option(25, "--horizon", help="Tahun arus kas manfaat (20-60)."),
    draws: int = typer.Option(10_000, "--draws", help="Tahun simulasi Monte Carlo."),
    seed: int = typer.Option(0, "--seed",
                             help="Seed simulasi 0 sampai 2**32-1 (hasil dapat diulang)."),
) -> None:
    """Estimate the UCJ budget and payouts (see HELP for the Indonesian help text)."""
    import ucjlib.commands._common as common
    from ucjlib.budget import estimate_budget, gap_projection, parse_funding
    from ucjlib.errors import ArgumentError
    from ucjlib.files import ensure_dir
    from ucjlib.open import open_dataset

    # every argument checked before the data are opened: a mistake exits 2 at once
    o = common.check_file_options(out=out, fmt=fmt, charts=charts, inputs=(data,), lang=lang,
                                  table=table, tables=TABLES, target=target,
                                  deadline=deadline, periode=periode, seed=seed)
    sector = common.choice("--sector", sector, ("other", "transport"))
    shares = parse_funding(funding)
    start = common.check_periode(start)
    since = common.check_periode(since) if since else None
    n = _whole("--participants", participants, 1, 300_000_000)
    income_idr = _whole("--income-bracket", income, 1, 1_000_000_000)
    rate = _rate("--death-rate", death_rate, 0.0, 0.2,
                 "angka kematian per peserta-tahun, mis. 0.0028 (bukan per 1.000)")
    disc = _rate("--discount-rate", discount, -0.5, 1.0,
                 "tingkat diskonto per tahun sebagai rasio, mis. 0.06 untuk 6%")
    if not 1 <= years <= 20:
        raise ArgumentError("--years", years, "bilangan bulat 1 sampai 20")
    if not 20 <= horizon <= 60:
        raise ArgumentError("--horizon", horizon, "bilangan bulat 20 sampai 60")
    if not 100 <= draws <= 200_000:
        raise ArgumentError("--draws", draws, "bilangan bulat 100 sampai 200000")
    settings = {"start": start, "years": years, "horizon": horizon, "funding": shares,
                "sector": sector, "income_idr": income_idr, "membership_since": since,
                "death_rate": rate, "discount_rate": disc, "seed": o.seed, "lang": o.lang}
    # --start and --income-bracket against the rules in force, by the same checks on one
    # participant and one draw (milliseconds), before the data are read
    estimate_budget(1, **settings, draws=1, sensitivity=False)

    where = common.region(kabupaten, level="kabupaten")
    ds = open_dataset(where, data)
    projection = gap_projection(ds, target, o.deadline, o.lang, periode=o.periode)
    if charts:  # check the folder before writing anything else
        ensure_dir(charts)
    result = estimate_budget(n, **settings, dataset=ds, projection=projection, draws=draws)
    from ucjlib.render.budget import write_budget_workbook

    common.write_output(o, result, result, charts, csv=lambda r: budget_csv(r, o.table),
                        screen=print_budget, workbook=write_budget_workbook,
                        default=f"{result.region.kode}-anggaran.xlsx",
                        done="Anggaran ditulis ke {}")


def register(app: typer.Typer) -> None:
    """Attach ``ucj budget`` to the main app."""
    app.command("budget", help=HELP, no_args_is_help=True)(budget_cmd)
