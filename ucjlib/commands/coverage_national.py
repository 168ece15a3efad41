"""``ucj coverage --nasional``: the 38 provinces and 514 kabupaten/kota, ranked."""

from __future__ import annotations

import typer


def national_cmd(*, kabupaten: str | None, provinsi: str | None, data: str | None,
                 level: str | None, periode: str | None, target: str | None, fmt: str,
                 lang: str, charts: str | None) -> None:
    """Print (or write) the national view; options already checked by ``ucj coverage``."""
    import ucjlib.commands._common as common
    from ucjlib.errors import ArgumentError
    from ucjlib.national import analyze_national

    if kabupaten or provinsi:
        raise ArgumentError("--nasional", kabupaten or provinsi,
                            "--nasional tanpa KABUPATEN atau --provinsi")
    if data:
        raise ArgumentError("--data", data, "--nasional hanya dengan data demo; data sendiri: "
                            "`ucj coverage --provinsi <provinsi> --data FOLDER` per provinsi")
    if level is not None and level.strip().lower() not in ("kabupaten", "kabupaten/kota"):
        raise ArgumentError("--level", level, "kabupaten (tabel provinsi dan kabupaten/kota)")
    result = analyze_national(periode, lang=lang, target=target)
    if charts:
        from ucjlib.files import ensure_dir

        ensure_dir(charts)
    if fmt == "json":
        common.emit(common.json_text(result), None, fmt)
    elif fmt == "csv":
        from ucjlib.render.national_text import national_csv

        common.emit(national_csv(result), None, fmt)
    else:
        from ucjlib.render.national_text import print_national

        print_national(result)
    if charts:
        import matplotlib.pyplot as plt

        from ucjlib.render.national import national_figures
        from ucjlib.render.style import save_figure

        written = []
        for name, fig in national_figures(result).items():
            written += save_figure(fig, f"{charts}/{name}")
            plt.close(fig)
        typer.echo(f"{len(written)} berkas grafik ditulis ke {charts}", err=True)
