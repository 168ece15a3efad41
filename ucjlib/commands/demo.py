"""``ucj demo``: write the synthetic demo data and summarize it."""

from __future__ import annotations

import typer

DEFAULT_OUT = "data/demo"


def demo(
    kabupaten: str = typer.Option(
        "all", "--kabupaten", "-k",
        help="Kode atau nama kabupaten/kota (Jawa Timur atau Kota Bogor), atau 'all'."),
    out: str = typer.Option(DEFAULT_OUT, "--out", "-o", help="Folder tujuan."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet | csv | xlsx"),
    seed: int | None = typer.Option(None, "--seed", help="Seed generator (bawaan: seed demo)."),
) -> None:
    """Tulis data demo sintetis (per desa/kelurahan) lalu tampilkan ringkasannya.

    Satu folder per kabupaten/kota: coverage.<ext>, workforce.<ext>, penanda DEMO
    dan README.txt. CSV memakai pemisah ';' seperti Excel berbahasa Indonesia.

    Contoh: ucj demo --kabupaten Bojonegoro --out data/demo --format csv
    """
    from ..dataset import DEMO_LABEL
    from ..demo import DEFAULT_SEED, demo_dataset, write_demo
    from ..errors import UcjError
    from ..fmt import fmt_int, fmt_pct, month_name
    from ..wilayah import get_region

    if fmt not in ("parquet", "csv", "xlsx"):
        raise UcjError(f"Format tidak dikenal: {fmt!r}; pilihan: parquet, csv, xlsx")
    seed = DEFAULT_SEED if seed is None else seed
    paths = write_demo(out, kabupaten, fmt=fmt, seed=seed)  # type: ignore[arg-type]
    codes = sorted({p.parent.name for p in paths})
    typer.echo(f"{DEMO_LABEL} — seed {seed}: {len(codes)} kabupaten/kota ditulis ke {out}/")
    totals = {"pekerja": 0, "peserta": 0}
    period = None
    rows = []
    for kode in codes:
        ds = demo_dataset(kode, seed)
        period = ds.latest_period
        year = int(period[:4])
        peserta = int(ds.coverage.loc[ds.coverage["periode"] == period, "peserta_aktif"].sum())
        pekerja = int(ds.workforce.loc[ds.workforce["tahun"] == year, "pekerja"].sum())
        rows.append((kode, get_region(kode).nama, pekerja, peserta))
        if kode.startswith("35."):
            totals["pekerja"] += pekerja
            totals["peserta"] += peserta
    typer.echo(f"Posisi {month_name(period)} ({DEMO_LABEL}):")
    typer.echo(f"{'kode':<6} {'kabupaten/kota':<26} {'pekerja':>11} {'peserta aktif':>14} "
               f"{'cakupan':>8}")
    for kode, nama, pekerja, peserta in rows:
        typer.echo(f"{kode:<6} {nama:<26} {fmt_int(pekerja):>11} {fmt_int(peserta):>14} "
                   f"{fmt_pct(peserta / pekerja):>8}")
    if sum(k.startswith("35.") for k, *_ in rows) == 38:
        typer.echo(f"{'35':<6} {'Jawa Timur (38)':<26} {fmt_int(totals['pekerja']):>11} "
                   f"{fmt_int(totals['peserta']):>14} "
                   f"{fmt_pct(totals['peserta'] / totals['pekerja']):>8}")
    typer.echo("Data ini SINTETIS (bukan data BPJS Ketenagakerjaan/BPS); lihat README.txt "
               "di setiap folder.")


def register(app: typer.Typer) -> None:
    """Attach the ``demo`` command to the main app."""
    app.command("demo")(demo)
