"""``ucj wilayah``: look up region codes and names."""

from __future__ import annotations

import json

import typer

from ucjlib.errors import UnknownRegionError

group = typer.Typer(help="Cari kode dan nama wilayah Kemendagri.", no_args_is_help=True)


@group.command("find")
def find(
    query: str = typer.Argument(..., help="Nama atau kode wilayah, boleh salah ketik."),
    level: str | None = typer.Option(
        None, "--level", "-l", help="provinsi | kabupaten | kecamatan | desa"),
    within: str | None = typer.Option(
        None, "--within", "-w", help="Cari hanya di bawah wilayah ini (kode atau nama kabupaten)."),
    limit: int = typer.Option(10, "--limit", "-n", help="Jumlah hasil maksimum."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
) -> None:
    """Cari wilayah berdasarkan nama atau kode.

    Contoh: ucj wilayah find bojonegor · ucj wilayah find "Kec. Kalitidu" --within 35.22
    """
    from ucjlib.commands._common import choice, region
    from ucjlib.geo.wilayah import find_regions, normalize_level, suggestions

    fmt = choice("--format", fmt, ("table", "json"))
    level = normalize_level(level) if level is not None else None
    parent = region(within, level=None).kode if within else None
    hits = find_regions(query, level=level, within=parent, limit=limit, min_score=75)
    if hits.empty:
        raise UnknownRegionError(query, suggestions(query, level, parent), level)
    if fmt == "json":
        typer.echo(json.dumps(hits.to_dict(orient="records"), ensure_ascii=False, indent=1))
        return
    from ucjlib.render.tables import print_rows

    rows = [[r.kode, r.nama, r.jenis,
             f"{r.parent} {r.parent_nama}" if isinstance(r.parent, str) else "-"]
            for r in hits.itertuples(index=False)]
    print_rows(["kode", "nama", "jenis", "induk"], rows)


@group.command("show")
def show(code: str = typer.Argument(..., help="Kode atau nama wilayah, mis. 35.22")) -> None:
    """Tampilkan satu wilayah dan jumlah unit di bawahnya.

    Contoh: ucj wilayah show 35.22 · ucj wilayah show "Kota Bogor"
    """
    from ucjlib.commands._common import region
    from ucjlib.geo.wilayah import children, get_region

    r = region(code, level=None)
    typer.echo(f"{r.kode} {r.nama} ({r.jenis})")
    if r.parent:
        p = get_region(r.parent)
        typer.echo(f"induk: {p.kode} {p.nama}")
    for lvl in ("kabupaten", "kecamatan", "desa"):
        if ["provinsi", "kabupaten", "kecamatan", "desa"].index(lvl) > [
            "provinsi", "kabupaten", "kecamatan", "desa"].index(r.level):
            typer.echo(f"{lvl}: {len(children(r.kode, lvl))}")


def register(app: typer.Typer) -> None:
    """Attach the ``wilayah`` group to the main app."""
    app.add_typer(group, name="wilayah")
