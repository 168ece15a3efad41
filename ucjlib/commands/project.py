"""``ucj project``: when is the target reached, at what pace, and who enrols how many."""

from __future__ import annotations

from pathlib import Path

import typer

from ucjlib.commands.options import min_cell_option
from ucjlib.text import render_notes, say

HELP = """Proyeksikan cakupan UCJ satu kabupaten/kota menuju target sampai tenggat.

Menampilkan laju yang dibutuhkan (tambahan bersih dan pendaftaran bruto per bulan),
cakupan dan peluang mencapai target pada tenggat, perbandingan skenario (mis. APBD
tidak diperpanjang Januari), uji balik terhadap prakiraan naif dan drift, dan
pembagian kuota per kecamatan atau desa.

Tanpa --data dipakai data demo sintetis (diberi label "data demo (sintetis)").
Tanpa --deadline tenggatnya akhir tahun target wilayah dari data/rules, atau
Desember pertama sesudah data terakhir bila akhir tahun itu sudah lewat; keluaran
menyebut dari mana tenggat itu. --periode memproyeksikan dari bulan data yang lebih
awal (data sesudahnya diabaikan).
Tanpa --target dipakai target wilayah dari data/rules untuk tahun tenggat.
Tanpa --scenario dibandingkan skenario data/scenarios/default.yaml; format berkas
skenario: data/scenarios/README.md.

--format xlsx menulis lembar target per kecamatan/desa ke --out, atau ke
<kode>-target-sheets.xlsx di folder kerja bila --out tidak diberikan.
--format csv mencetak satu tabel (--table: alokasi, jalur, skenario, uji-balik);
--out menulis JSON/CSV ke berkas, bukan ke layar.

Contoh:

\b
  ucj project Bojonegoro
  ucj project 35.22 --target 0.60 --deadline 2025-12 --format json
  ucj project 35.22 --periode 2025-03
  ucj project 35.22 --scenario data/scenarios/bojonegoro-nonrenewal.yaml
  ucj project 35.22 --level desa --format xlsx --out lembar-target.xlsx
  ucj project "Kota Bogor" --format csv --table jalur --lang en
  ucj project Bojonegoro --charts reports/proyeksi
"""

TABLES = ("alokasi", "jalur", "skenario", "uji-balik")


def _frame(result, which: str):
    return {"alokasi": result.allocation, "jalur": result.path,
            "skenario": result.scenarios, "uji-balik": result.backtest}[which]


def to_csv(result, which: str = "alokasi", min_cell: int | None = None) -> str:
    """Return one table of a projection as CSV with titled columns (``ucjlib.columns``).

    Small cells of the allocation are protected (:func:`ucjlib.smallcells.for_file`,
    ``min_cell`` default the rules' threshold, 0 off): a hidden count reads ``"<10"``.

    Written by :func:`ucjlib.render.csvout.frame_csv`; text cells pass
    :func:`ucjlib.render.safe.cell_text`: a scenario name starting with
    ``=``, ``+``, ``-`` or ``@`` is written with a leading ``'``, never as a formula.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> to_csv(project(demo_dataset("35.22"), draws=50)).splitlines()[0][:40]
    'Kode wilayah,Nama wilayah,Penduduk beker'
    """
    from ucjlib.render.csvout import frame_csv
    from ucjlib.smallcells import count_cells, for_file

    result = for_file(result, min_cell)
    t = _frame(result, which).copy()
    if "jenis" in t.columns:  # the path's kind of month, observed or projected, in its language
        t["jenis"] = [say(f"projection.kind.{j}", result.lang) for j in t["jenis"]]
    if which == "alokasi" and "peserta_aktif" in t.columns:
        t["peserta_aktif"] = count_cells(t, result)
    return frame_csv(t, lang=result.lang, label=result.label if result.demo else "")


def print_projection(result) -> None:
    """Print the heading, pace, scenarios, backtest, allocation, narrative and notes.

    Every line passes :func:`ucjlib.render.safe.terminal_text` (tables through
    :func:`ucjlib.render.tables.print_rows`): a scenario name cannot send ESC sequences.
    """
    from ucjlib.fmt import fmt_int, fmt_pct
    from ucjlib.render.projection import (
        backtest_table,
        pace_table,
        projection_narrative,
        scenario_table,
    )
    from ucjlib.render.safe import terminal_text
    from ucjlib.render.tables import print_rows

    lang = result.lang
    head = say("cmd.project.head", lang, name=result.region.nama, periode=result.periode,
               target=result.target.value, deadline=result.deadline)
    if result.label:
        head += f"  [{result.label}]"
    for title, df, right in (
            (head, pace_table(result), {1}),
            (say("cmd.project.scenarios", lang), scenario_table(result), {1, 2, 3, 4, 5}),
            (say("cmd.project.backtest", lang), backtest_table(result), {1, 2, 3, 4})):
        print_rows(list(df.columns), df.astype(str).values.tolist(), right=right, title=title)
        typer.echo("")
    a = result.allocation
    cols = ["kode", "nama", "pekerja", "peserta_aktif", "cakupan", "kuota_tambahan",
            "tambahan_per_bulan", "cakupan_tenggat"]
    header = say("cmd.project.columns", lang).split("|")
    rows = [[r["kode"], str(r["nama"]), fmt_int(r["pekerja"], lang),
             fmt_int(r["peserta_aktif"], lang), fmt_pct(r["cakupan"], 2, lang),
             fmt_int(r["kuota_tambahan"], lang), fmt_int(r["tambahan_per_bulan"], lang),
             fmt_pct(r["cakupan_tenggat"], 2, lang)]
            for r in a[cols].to_dict(orient="records")]
    print_rows(header, rows, right={2, 3, 4, 5, 6, 7},
               title=say("cmd.project.sheet", lang, level=result.level))
    typer.echo("")
    for s in projection_narrative(result):
        typer.echo(terminal_text(f"- {s}"))
    typer.echo("")
    for note in [result.target.source, *render_notes(result.notes, result.lang)]:
        typer.echo(terminal_text(f"* {note}"))


def project_cmd(
    kabupaten: str = typer.Argument(
        ..., help="Kode atau nama kabupaten/kota, mis. 35.22 atau Bojonegoro."),
    target: str | None = typer.Option(
        None, "--target", "-t",
        help="Target cakupan sebagai rasio 0-1 (mis. 0.60); default target wilayah."),
    deadline: str | None = typer.Option(
        None, "--deadline",
        help="Bulan tenggat YYYY-MM, sesudah bulan data terakhir; default akhir tahun target "
        "wilayah (data/rules), atau Desember berikutnya bila sudah lewat."),
    periode: str | None = typer.Option(
        None, "--periode", "-p",
        help="Bulan data terakhir yang dipakai YYYY-MM (proyeksi dari bulan ini); default "
        "bulan terakhir di data."),
    scenario: str | None = typer.Option(
        None, "--scenario", "-s", help="Berkas YAML skenario (data/scenarios/README.md)."),
    data: str | None = typer.Option(None, "--data", "-d",
                                    help="Folder data masukan, atau templat XLSX yang sudah diisi "
                                    "(ucj template); tanpa ini dipakai data demo."),
    level: str = typer.Option("kecamatan", "--level", "-l",
                              help="Tingkat pembagian kuota: kecamatan | desa"),
    fmt: str | None = typer.Option(
        None, "--format", "-f", help="table | csv | json | xlsx; default table, or the "
        "format of --out's extension (.csv, .json, .xlsx)."),
    table: str = typer.Option("alokasi", "--table",
                              help="Tabel untuk --format csv: " + " | ".join(TABLES)),
    out: str | None = typer.Option(
        None, "--out", "-o", help="Berkas keluaran (xlsx, json atau csv)."),
    lang: str = typer.Option("id", "--lang", help="id | en"),
    charts: str | None = typer.Option(
        None, "--charts", help="Folder untuk menyimpan grafik kipas dan skenario (PNG + SVG)."),
    draws: int = typer.Option(2000, "--draws", help="Jumlah jalur bootstrap untuk rentang."),
    seed: int = typer.Option(0, "--seed",
                             help="Seed bootstrap 0 sampai 2**32-1 (hasil dapat diulang)."),
    min_cell: int | None = min_cell_option("xlsx, csv, json"),
) -> None:
    """Project UCJ coverage toward the target (see HELP for the Indonesian help text)."""
    import ucjlib.commands._common as common
    from ucjlib.errors import ArgumentError
    from ucjlib.files import ensure_dir
    from ucjlib.open import open_dataset
    from ucjlib.projection import load_scenarios, project
    from ucjlib.render.workbook import write_target_sheets
    from ucjlib.smallcells import check_min_cell

    # every argument checked before the data are opened: a mistake exits 2 at once
    o = common.check_file_options(out=out, fmt=fmt, charts=charts, inputs=(data, scenario),
                                  lang=lang, table=table, tables=TABLES, target=target,
                                  deadline=deadline, periode=periode, seed=seed)
    level = common.choice("--level", level, ("kecamatan", "desa"))
    min_cell = check_min_cell(min_cell)
    if draws < 10 or draws > 100_000:
        raise ArgumentError("--draws", draws, "bilangan bulat 10 sampai 100000")
    if scenario is not None and not Path(scenario).is_file():
        raise ArgumentError("--scenario", scenario, "berkas YAML skenario yang ada, mis. "
                            "data/scenarios/bojonegoro-nonrenewal.yaml")
    if scenario is not None:
        load_scenarios(scenario)  # a wrong scenario file, before the data are read
    where = common.region(kabupaten, level="kabupaten")
    ds = open_dataset(where, data)
    result = project(ds, target=target, deadline=o.deadline, scenario=scenario, level=level,
                     lang=o.lang, seed=o.seed, draws=draws, periode=o.periode)
    if charts:  # check the folder before writing anything else
        ensure_dir(charts)
    common.write_output(o, result, common.for_files(result, o.fmt, charts, min_cell), charts,
                        csv=lambda r: to_csv(r, o.table), screen=print_projection,
                        workbook=write_target_sheets,
                        default=f"{result.region.kode}-target-sheets.xlsx",
                        done="Lembar target ditulis ke {}")


def register(app: typer.Typer) -> None:
    """Attach ``ucj project`` to the main app."""
    app.command("project", help=HELP, no_args_is_help=True)(project_cmd)
