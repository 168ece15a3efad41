"""``ucj coverage``: coverage by district for a kabupaten/kota or a province."""

from __future__ import annotations

import typer

HELP = """Tampilkan cakupan UCJ per wilayah untuk satu kabupaten/kota (atau provinsi).

Tanpa --data dipakai data demo sintetis (diberi label "data demo (sintetis)").

Contoh:

\b
  ucj coverage Bojonegoro
  ucj coverage 35.22 --level desa --periode 2025-03 --format csv > cakupan.csv
  ucj coverage "Kota Bogor" --format json --lang en
  ucj coverage --provinsi "Jawa Timur"
  ucj coverage Bojonegoro --charts reports/grafik
"""


def _table_lines(table, lang: str, header: str) -> list[str]:
    from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp

    en = lang == "en"
    cols = (["kode", "nama", "pekerja", "peserta", "cakupan", "kurang ke target", "status",
             "3 bln", "rank"] if not en else
            ["code", "name", "workers", "participants", "coverage", "needed for target",
             "status", "3 mo", "rank"])
    rows = []
    for r in table.itertuples(index=False):
        rows.append([
            r.kode, str(r.nama), fmt_int(_v(r.pekerja), lang=lang),
            fmt_int(_v(r.peserta_aktif), lang=lang),
            fmt_pct(_v(r.cakupan), lang=lang),
            fmt_int(_v(r.gap_target), lang=lang),
            str(r.status),
            fmt_pp(_v(r.perubahan_3bln), lang=lang).replace(" poin persen", " pp"),
            "" if _v(r.peringkat) is None else str(r.peringkat),
        ])
    widths = [max(len(c), *(len(x[i]) for x in rows)) if rows else len(c)
              for i, c in enumerate(cols)]
    right = {2, 3, 4, 5, 7, 8}

    def line(vals: list[str]) -> str:
        return "  ".join(v.rjust(w) if i in right else v.ljust(w)
                         for i, (v, w) in enumerate(zip(vals, widths, strict=True))).rstrip()

    out = [header, line(cols), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    return out


def _header(table, nama: str, lang: str) -> str:
    from ucjlib.fmt import fmt_pct, month_name
    from ucjlib.render.style import demo_text

    per = month_name(table.attrs["periode"], lang=lang)
    tgt = fmt_pct(table.attrs["target"], 0, lang=lang)
    lvl = table.attrs["level"]
    if lang == "en":
        lvl = {"kabupaten": "regency/city", "kecamatan": "district", "desa": "village"}.get(
            lvl, lvl)
    text = (f"Cakupan UCJ per {lvl} — {nama}, {per} (target {tgt})" if lang == "id"
            else f"UCJ coverage by {lvl} — {nama}, {per} (target {tgt})")
    label = demo_text(bool(table.attrs.get("demo")), lang)
    if label:
        text += f"  [{label}]"
    return text


def coverage_cmd(
    kabupaten: str | None = typer.Argument(
        None, help="Kode atau nama kabupaten/kota, mis. 35.22 atau Bojonegoro."),
    periode: str | None = typer.Option(None, "--periode", "-p",
                                       help="Bulan YYYY-MM; default bulan terakhir."),
    level: str = typer.Option("kecamatan", "--level", "-l", help="kabupaten | kecamatan | desa"),
    target: float = typer.Option(0.60, "--target", "-t", help="Target cakupan (rasio 0-1)."),
    data: str | None = typer.Option(None, "--data", "-d",
                                    help="Folder data masukan; tanpa ini dipakai data demo."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json"),
    lang: str = typer.Option("id", "--lang", help="id | en"),
    provinsi: str | None = typer.Option(
        None, "--provinsi", help="Ringkasan semua kabupaten/kota satu provinsi (data demo)."),
    charts: str | None = typer.Option(
        None, "--charts", help="Folder untuk menyimpan grafik dan peta (PNG + SVG)."),
) -> None:
    """Show UCJ coverage per unit (see HELP for the Indonesian help text)."""
    import json

    from ucjlib.coverage import coverage_table, province_overview
    from ucjlib.geo.wilayah import resolve_region

    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("pilihan: table, csv, json", param_hint="--format")
    if lang not in ("id", "en"):
        raise typer.BadParameter("pilihan: id, en", param_hint="--lang")
    if provinsi:
        region = resolve_region(provinsi, level="provinsi")
        if data:
            from ucjlib.inputs.loaders import load_dataset

            ds = load_dataset(data, region.kode)
            table = province_overview(ds, periode, target=target, lang=lang)
        else:
            from ucjlib.demo.generate import demo_province

            ds = demo_province(region.kode, level="kabupaten")
            table = province_overview(ds, periode, target=target, lang=lang)
    elif kabupaten:
        region = resolve_region(kabupaten, level="kabupaten")
        if data:
            from ucjlib.inputs.loaders import load_dataset

            ds = load_dataset(data, region.kode)
        else:
            from ucjlib.demo.generate import demo_dataset

            ds = demo_dataset(region.kode)
        table = coverage_table(ds, periode, level=level, target=target, lang=lang)
    else:
        raise typer.BadParameter("beri nama/kode kabupaten atau --provinsi",
                                 param_hint="KABUPATEN")

    if fmt == "json":
        rows = []
        for r in table.to_dict(orient="records"):
            rows.append({k: _v(v) for k, v in r.items()})
        meta = {k: table.attrs.get(k) for k in ("kode", "periode", "level", "target", "demo",
                                                "source", "notes")}
        if table.attrs.get("demo"):
            meta["label"] = ds.label(lang)
        typer.echo(json.dumps({"meta": meta, "rows": rows}, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        import sys

        from ucjlib.coverage import COLUMNS

        out = table.copy()
        if table.attrs.get("demo"):  # the label travels with every row
            out["label_data"] = ds.label(lang)
        out = out.rename(columns={c: COLUMNS[c]["title" if lang == "id" else "title_en"]
                                    for c in out.columns if c in COLUMNS})
        sys.stdout.write(out.to_csv(index=False))
    else:
        for line in _table_lines(table, lang, _header(table, region.nama, lang)):
            typer.echo(line)
        if table.attrs.get("notes"):
            typer.echo("")
            for note in table.attrs["notes"]:
                typer.echo(f"* {note}")
    if charts:
        written = write_charts(ds, table, charts, lang=lang)
        typer.echo(f"{len(written)} berkas grafik ditulis ke {charts}", err=True)


def _v(x):
    """Plain Python value, or None for any missing marker."""
    if _isna(x):
        return None
    return x.item() if hasattr(x, "item") else x


def _isna(v) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def write_charts(ds, table, out_dir: str, lang: str = "id") -> list:
    """Write the map, ranked bars, segments and series charts of ``table`` (PNG + SVG)."""
    from pathlib import Path

    from ucjlib.coverage import coverage_by_segment, coverage_series
    from ucjlib.render.charts import ranked_bars, segment_chart, series_chart
    from ucjlib.render.maps import coverage_map
    from ucjlib.render.style import save_figure

    out = Path(out_dir)
    level = table.attrs["level"]
    written = []
    written += save_figure(coverage_map(table, lang=lang), out / f"peta-{level}")
    written += save_figure(ranked_bars(table, lang=lang), out / f"peringkat-{level}")
    written += save_figure(segment_chart(coverage_by_segment(ds, table.attrs["periode"],
                                                             lang=lang), lang=lang),
                           out / "segmen")
    series = coverage_series(ds, kode=ds.kode, target=table.attrs["target"])
    written += save_figure(series_chart(series, lang=lang), out / "tren-bulanan")
    return written


def register(app: typer.Typer) -> None:
    """Attach ``ucj coverage`` to the main app."""
    app.command("coverage", help=HELP, no_args_is_help=True)(coverage_cmd)
