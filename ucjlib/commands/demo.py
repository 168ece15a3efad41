"""``ucj demo``: write the synthetic demo data and summarize it."""

from __future__ import annotations

import typer

DEFAULT_OUT = "data/demo"


def demo(
    kabupaten: str = typer.Option(
        "all", "--kabupaten", "-k",
        help="Kode atau nama kabupaten/kota mana pun di Indonesia, atau 'all' (514)."),
    out: str = typer.Option(DEFAULT_OUT, "--out", "-o", help="Folder tujuan."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet | csv | xlsx"),
    seed: int | None = typer.Option(
        None, "--seed", help="Seed generator 0 sampai 2**32-1 (bawaan: seed demo)."),
    lang: str = typer.Option("id", "--lang", help="Bahasa ringkasan: id | en"),
) -> None:
    """Tulis data demo sintetis (per desa/kelurahan) lalu tampilkan ringkasannya.

    Satu folder per kabupaten/kota: coverage.<ext>, workforce.<ext>, penanda DEMO
    dan README.txt. CSV memakai pemisah ';' seperti Excel berbahasa Indonesia.

    Contoh: ucj demo --kabupaten Bojonegoro --out data/demo --format csv
    (semua kabupaten/kota: ucj demo --kabupaten all)
    """
    from ucjlib.commands._common import check_seed, choice, region
    from ucjlib.demo.generate import DEFAULT_SEED, demo_dataset, write_demo
    from ucjlib.fmt import fmt_int, fmt_pct
    from ucjlib.geo.wilayah import get_region
    from ucjlib.text import say

    fmt = choice("--format", fmt, ("parquet", "csv", "xlsx"))
    lang = choice("--lang", lang, ("id", "en"))
    seed = check_seed(seed)
    if kabupaten.strip().lower() not in ("all", "semua"):
        kabupaten = region(kabupaten, level="kabupaten").kode
    label = say("label.demo_data", lang)
    seed = DEFAULT_SEED if seed is None else seed
    paths = write_demo(out, kabupaten, fmt=fmt, seed=seed)  # type: ignore[arg-type]
    codes = sorted({p.parent.name for p in paths})
    typer.echo(say("cmd.demo.written", lang, label=label, seed=seed, n=len(codes), out=out))
    rows = []
    period = None
    for kode in codes:
        ds = demo_dataset(kode, seed)
        period = ds.latest_period
        year = int(period[:4])
        peserta = int(ds.coverage.loc[ds.coverage["periode"] == period, "peserta_aktif"].sum())
        pekerja = int(ds.workforce.loc[ds.workforce["tahun"] == year, "pekerja"].sum())
        rows.append((kode, get_region(kode).nama, pekerja, peserta))
    jatim = [r for r in rows if r[0].startswith("35.")]
    if len(jatim) == 38:
        rows.append(("35", "Jawa Timur (38)", sum(r[2] for r in jatim), sum(r[3] for r in jatim)))
    head = say("cmd.demo.columns", lang).split("|")
    typer.echo(say("cmd.demo.position", lang, period=period, label=label))
    from ucjlib.render.tables import print_rows

    print_rows(head, [[kode, nama, fmt_int(pekerja, lang), fmt_int(peserta, lang),
                             fmt_pct(peserta / pekerja, lang=lang)]
                            for kode, nama, pekerja, peserta in rows], right={2, 3, 4})
    typer.echo(say("cmd.demo.synthetic", lang))


def register(app: typer.Typer) -> None:
    """Attach the ``demo`` command to the main app."""
    app.command("demo")(demo)
