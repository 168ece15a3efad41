"""``ucj published``: the public UCJ figures of Indonesia, with source and date."""

from __future__ import annotations

import typer

HELP = """Tampilkan angka UCJ yang dipublikasikan (angka publikasi, bukan data demo).

Cakupan terbaru per provinsi, angka kabupaten/kota dan target, masing-masing dengan
sumber (berita) dan tanggalnya, dari data/published/ucj_published.csv; penyebut berbeda
antarsumber, jadi angkanya tidak sebanding satu lawan satu.

Contoh: ucj published · ucj published --provinsi Bali · ucj published --format csv"""


def published_cmd(
    provinsi: str | None = typer.Option(
        None, "--provinsi",
        help="Satu provinsi saja (kode atau nama, mis. 52 atau 'Nusa Tenggara Barat')."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    lang: str = typer.Option("id", "--lang", help="id | en"),
    map_file: str | None = typer.Option(
        None, "--map", help="Simpan peta nasional cakupan provinsi terbaru (PNG) ke berkas ini."),
) -> None:
    """Show the published UCJ figures (see HELP for the Indonesian help text)."""
    import ucjlib.commands._common as common
    from ucjlib.published import published_view
    from ucjlib.render.published import published_csv, published_table

    fmt = common.choice("--format", fmt, ("table", "csv", "json"))
    lang = common.choice("--lang", lang, ("id", "en"))
    if map_file is not None:
        from ucjlib.render.published import check_map_file

        check_map_file(map_file, provinsi)
    if provinsi is not None:
        where = common.region(provinsi, level="provinsi")
        view = published_view(where.kode, nama=where.nama)
    else:
        view = published_view()
    if fmt == "json":
        import json

        typer.echo(json.dumps(view.to_dict(lang), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        typer.echo(published_csv(view), nl=False)
        typer.echo(published_table(view, lang, caveats_only=True), err=True)
    else:
        typer.echo(published_table(view, lang))
    if map_file is not None:
        from ucjlib.render.published import draw_map
        from ucjlib.text import say

        draw_map(map_file, lang)
        typer.echo(say("published.map.written", lang, path=map_file), err=True)


def register(app: typer.Typer) -> None:
    """Attach ``ucj published`` to the main app."""
    app.command("published", help=HELP)(published_cmd)
