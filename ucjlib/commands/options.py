"""Options that several commands declare alike (typer only: read when the CLI starts)."""

from __future__ import annotations

from typing import Any

import typer

__all__ = ["min_cell_option"]


def min_cell_option(files: str) -> Any:
    """Return the ``--min-cell`` option of a command that writes ``files`` (``"csv, json"``).

    Examples
    --------
    >>> "Berkas (csv, json, grafik)" in min_cell_option("csv, json").help
    True
    """
    return typer.Option(
        None, "--min-cell", help=f"Berkas ({files}, grafik): jumlah peserta per wilayah di "
        "bawah ini ditampilkan '<N' (perlindungan sel kecil); default dari data/rules (10); "
        "0 mematikan. Tabel di layar tidak disembunyikan.")
