"""``ucj boundaries``: build the boundary store, inspect it, import your own files.

User text (a region name or code) is resolved here, once, with
:func:`ucjlib.geo.wilayah.resolve`; the library below takes codes. Every
mistake a user can make ends as a :class:`~ucjlib.errors.UcjError` (printed
as one paragraph by ``ucj``), never as a traceback.
"""

from __future__ import annotations

import contextlib
import json
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into an exception, so a stopped build removes its temporary files."""
    def handler(signum, frame):  # noqa: ARG001 - signal handler signature
        raise SystemExit(128 + signum)

    try:
        old = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # pragma: no cover - not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)

group = typer.Typer(
    help=("Batas wilayah (poligon): bangun penyimpanan, lihat ringkasan, impor berkas sendiri.\n\n"
          "Contoh: ucj boundaries build · ucj boundaries info Bojonegoro · "
          "ucj boundaries import kec.shp --level kecamatan --parent 35.22"),
    no_args_is_help=True,
)


@group.command("build")
def build(
    mirror: Annotated[Path | None, typer.Option(
        "--mirror", help="Folder mirror data (berisi wilayah/ dan wilayah_boundaries/).")] = None,
    force: bool = typer.Option(False, "--force", help="Urai ulang semua berkas sumber."),
    level: Annotated[list[str] | None, typer.Option(
        "--level", "-l", help="Hanya level ini (boleh diulang): provinsi, kabupaten, "
        "kecamatan, desa.")] = None,
    province: Annotated[list[str] | None, typer.Option(
        "--provinsi", "--province", "-p",
        help="Hanya provinsi/kabupaten ini, kode atau nama (boleh diulang).")] = None,
    all_: bool = typer.Option(False, "--all", help="Seluruh Indonesia (bawaan tanpa --provinsi)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Tanpa progress."),
) -> None:
    """Bangun (atau perbarui) penyimpanan batas wilayah dari sumber upstream.

    Hanya berkas provinsi yang dipilih yang diurai. Poligon desa dari mirror, atau
    diunduh dari upstream (diverifikasi SHA-256); tanpa keduanya provinsi itu tidak
    punya layer desa dan alasannya dicatat.

    Contoh: ucj boundaries build --provinsi 51 · ucj boundaries build --all --force
    """
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.boundaries import build_store
    from ucjlib.geo.layers import level_name
    from ucjlib.geo.wilayah import is_code, resolve

    if all_ and province:
        raise ArgumentError("--all", "--provinsi", "--all atau --provinsi, tidak keduanya")
    levels = [level_name(lv, "--level") for lv in level] if level else None
    codes = [p.strip() if is_code(p.strip()) else resolve(p, level=None).kode
             for p in province] if province else None
    with _terminate_cleanly():
        report = build_store(mirror=mirror, levels=levels, provinces=codes,
                             force=force, progress=not quiet)
    typer.echo(report.summary())


@group.command("info")
def info(
    region: str = typer.Argument(..., help="Kode atau nama kabupaten/kota, mis. Bojonegoro."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
    lang: str = typer.Option("id", "--lang", help="id | en"),
) -> None:
    """Ringkasan batas wilayah satu kabupaten/kota: jumlah unit, luas, sumber.

    Contoh: ucj boundaries info Bojonegoro · ucj boundaries info 32.71 --format json
    """
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.boundaries import boundary_info, format_info
    from ucjlib.geo.wilayah import resolve

    if fmt not in ("table", "json"):
        raise ArgumentError("--format", fmt, "table atau json")
    data = boundary_info(resolve(region, level="kabupaten").kode)
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for line in format_info(data, lang=lang):
        typer.echo(line)


@group.command("import")
def import_(
    file: Annotated[Path, typer.Argument(
        help="Shapefile, GeoPackage atau GeoJSON (CRS apa saja).")],
    level: str = typer.Option(..., "--level", "-l", help="Level fitur: kecamatan, desa, ..."),
    parent: str = typer.Option(..., "--parent", "-p", help="Kode/nama wilayah induk, mis. 35.22"),
    name_col: str | None = typer.Option(None, "--name-col", help="Kolom nama (deteksi otomatis)."),
    code_col: str | None = typer.Option(None, "--code-col", help="Kolom kode Kemendagri."),
    layer: str | None = typer.Option(None, "--layer", help="Layer dalam berkas multi-layer."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json"),
) -> None:
    """Impor berkas batas wilayah sendiri (BIG, BPS, GADM, geoBoundaries).

    Nama dicocokkan ke kode Kemendagri di dalam wilayah induk; hasilnya
    dipakai oleh peta dan laporan untuk induk dan level itu.

    Contoh: ucj boundaries import kec_bojonegoro.shp --level kecamatan --parent 35.22
    """
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.importer import format_match_table, import_boundaries
    from ucjlib.geo.layers import level_name
    from ucjlib.geo.wilayah import resolve

    if fmt not in ("table", "json"):
        raise ArgumentError("--format", fmt, "table atau json")
    lvl = level_name(level, "--level")
    par = resolve(parent, level=None)  # "Bojonegoro" -> the kabupaten 35.22, not its kecamatan
    res = import_boundaries(file, lvl, par.kode, name_col=name_col, code_col=code_col,
                            layer=layer)
    if fmt == "json":
        out = {"path": str(res.path), "level": res.level, "parent": res.parent,
               "name_col": res.name_col, "code_col": res.code_col, "features": res.features,
               "units": res.units, "counts": res.counts(),
               "without_polygon": res.without_polygon,
               "table": res.table.astype(object).where(res.table.notna(), None)
               .to_dict(orient="records")}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    typer.echo(f"kolom: {res.name_col or res.code_col}")
    for line in format_match_table(res):
        typer.echo(line)
    if res.without_polygon:
        typer.echo("tanpa poligon: " + ", ".join(res.without_polygon[:10])
                   + (" ..." if len(res.without_polygon) > 10 else ""))
    typer.echo(res.summary())


def register(app: typer.Typer) -> None:
    """Attach the ``boundaries`` group to the main app."""
    app.add_typer(group, name="boundaries")
