"""Tables for the terminal (rich) and for files (CSV with titled columns).

Renderers of a :class:`~ucjlib.results.CoverageResult`: they format, they do not
compute.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from ucjlib.coverage import status_text, status_texts
from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp
from ucjlib.render.safe import terminal_text
from ucjlib.results import CoverageResult, plain
from ucjlib.text import render_notes, say

_UNITS = ("provinsi", "kabupaten", "kecamatan", "desa")


def heading(result: CoverageResult) -> str:
    """One line naming what the table shows: level, region, month, target, demo label.

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> heading(analyze_coverage(demo_dataset("35.22"), "2025-06"))
    'Cakupan UCJ per kecamatan — Kabupaten Bojonegoro, Juni 2025 (target 60%)  [data demo \
(sintetis)]'
    """
    lang, level = result.lang, result.level
    unit = say(f"covtext.unit.{level}", lang) if level in _UNITS else level
    text = say("covtext.heading", lang, unit=unit, region=result.region.nama,
               month=result.periode, target=result.target.value)
    if result.label:
        text += f"  [{result.label}]"
    return text


def _cells(result: CoverageResult) -> tuple[list[str], list[list[str]], list[str]]:
    lang = result.lang
    cols = ["kode", "nama", "pekerja", "peserta_aktif", "cakupan", "gap_target", "status",
            "perubahan_3bln", "peringkat"]
    short = [say(f"covtext.col.{c}", lang) for c in cols]
    rows = []
    for r in result.table.to_dict(orient="records"):
        v = {k: plain(x) for k, x in r.items()}
        rows.append([v["kode"], str(v["nama"]), fmt_int(v["pekerja"], lang=lang),
                     fmt_int(v["peserta_aktif"], lang=lang), fmt_pct(v["cakupan"], lang=lang),
                     fmt_int(v["gap_target"], lang=lang), str(status_text(v["status"], lang)),
                     fmt_pp(v["perubahan_3bln"], lang=lang).replace(" poin persen", " pp")
                     .replace(" percentage points", " pp"),
                     "" if v["peringkat"] is None else str(v["peringkat"])])
    return short, rows, cols


def print_coverage(result: CoverageResult, file: IO[str] | None = None) -> None:
    """Print the coverage table with its heading, the region total and the notes.

    Uses rich for alignment; when the output is not a terminal the table is
    printed at full width (no wrapping), so it can be piped to a file.
    """
    from rich.console import Console
    from rich.table import Table

    out = file or sys.stdout
    lang = result.lang
    header, rows, _ = _cells(result)
    from rich.markup import escape

    table = Table(title=escape(terminal_text(heading(result))), title_justify="left",
                  box=None, pad_edge=False, show_edge=False, header_style="bold")
    right = {2, 3, 4, 5, 7, 8}
    for i, h in enumerate(header):
        table.add_column(h, justify="right" if i in right else "left", no_wrap=True)
    for r in rows:
        table.add_row(*(escape(terminal_text(c)) for c in r))
    tot = result.figures()
    table.add_section()
    table.add_row(result.region.kode,
                  say("covtext.total", lang, region=terminal_text(result.region.nama)),
                  fmt_int(tot["pekerja"], lang=lang),
                  fmt_int(tot["peserta_aktif"], lang=lang), fmt_pct(tot["cakupan"], lang=lang),
                  fmt_int(tot["gap_target"], lang=lang), str(tot["status"]), "", "",
                  style="bold")
    terminal = hasattr(out, "isatty") and out.isatty()
    console = Console(file=out, width=None if terminal else 240, highlight=False,
                      color_system="auto" if terminal else None, soft_wrap=not terminal)
    console.print(table)
    # why the units' gaps need not add up to the total is one of the result's notes
    notes = [result.target.source, *render_notes(result.notes, result.lang)]
    console.print("")
    for note in notes:
        console.print(f"* {terminal_text(note)}", markup=False)


def to_csv(result: CoverageResult, sep: str = ",", min_cell: int | None = None) -> str:
    """Return the table as CSV with titled columns; demo rows carry the label.

    Written by :func:`ucjlib.render.csvout.frame_csv`.
    A CSV leaves the machine: small cells are protected first
    (:func:`ucjlib.smallcells.for_file`; ``min_cell`` default the rules' threshold, 0
    off), a hidden count reads ``"<10"`` or ``"disembunyikan"`` and its rates are empty.
    Text cells pass :func:`ucjlib.render.safe.cell_text` (never a formula).

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> to_csv(analyze_coverage(demo_dataset("35.22"))).splitlines()[0][:40]
    'Kode wilayah,Nama wilayah,Tingkat,Period'
    """
    from ucjlib.render.csvout import frame_csv
    from ucjlib.smallcells import count_cells, for_file

    result = for_file(result, min_cell)
    t = result.table.copy()
    t["peserta_aktif"] = count_cells(t, result)
    t["status"] = status_texts(t["status"], result.lang)
    return frame_csv(t, lang=result.lang, label=result.label if result.demo else "", sep=sep)


def print_rows(header: list[str], rows: list[list[str]], *, right: set[int] | None = None,
               title: str | None = None, file: IO[str] | None = None) -> None:
    """Print already formatted rows as an aligned table (rich), full width when piped.

    Every cell, header and the title pass :func:`ucjlib.render.safe.terminal_text` (no
    ESC sequences or control characters reach the terminal) and rich's markup escape.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> print_rows(["kode", "nama"], [["35.22", "Kabupaten Bojonegoro"]], file=buf)
    >>> print(buf.getvalue().rstrip())
    kode   nama
    35.22  Kabupaten Bojonegoro
    """
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    out = file or sys.stdout
    table = Table(title=escape(terminal_text(title)) if title else None, title_justify="left",
                  box=None, pad_edge=False, show_edge=False, header_style="bold")
    for i, h in enumerate(header):
        table.add_column(escape(terminal_text(h)),
                         justify="right" if right and i in right else "left", no_wrap=True)
    for r in rows:
        table.add_row(*(escape(terminal_text(c)) for c in r))
    terminal = hasattr(out, "isatty") and out.isatty()
    Console(file=out, width=None if terminal else 240, highlight=False,
            color_system="auto" if terminal else None, soft_wrap=not terminal).print(table)


def rules_display(rules_used: Any, lang: str = "id") -> Any:
    """Return the dated rules a budget used as a reader's table (an escaped frame).

    Titled columns, the value as a number in the report's language, months and dates
    as words; the rule's name stays as written in ``data/rules`` (a code).

    Examples
    --------
    >>> import pandas as pd
    >>> used = pd.DataFrame([{"parameter": "contribution.bpu.monthly", "nilai": 16800.0,
    ...     "berlaku_sejak": "2019-12-02", "bulan_pertama": "2026-01",
    ...     "bulan_terakhir": "2028-12"}])
    >>> rules_display(used).iloc[0].tolist()
    ['contribution.bpu.monthly', '16.800', '2 Desember 2019', 'Januari 2026', 'Desember 2028']
    >>> rules_display(used.assign(nilai=0.002795, berlaku_sejak=None), "en").iloc[0, 1:3].tolist()
    ['0.002795', '–']
    """
    import math

    import pandas as pd

    from ucjlib.fmt import fmt_date, fmt_number, month_name
    from ucjlib.render.safe import html_frame

    def number(v: Any) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "–"
        decimals = 0
        while decimals < 6 and abs(round(float(v), decimals) - float(v)) > 1e-12:
            decimals += 1
        return fmt_number(v, decimals, lang)

    def month(v: Any) -> str:
        return month_name(str(v), lang=lang) if isinstance(v, str) and v else "–"

    def date(v: Any) -> str:
        import datetime

        if not v:
            return "–"
        try:
            return fmt_date(datetime.date.fromisoformat(str(v)[:10]), lang)
        except ValueError:
            return str(v)

    t = rules_used
    out = pd.DataFrame({
        say("rulestab.col.rule", lang): [str(x) for x in t["parameter"]],
        say("rulestab.col.value", lang): [number(plain(x)) for x in t["nilai"]],
        say("rulestab.col.since", lang): [date(plain(x)) for x in t["berlaku_sejak"]],
        say("rulestab.col.first", lang): [month(plain(x)) for x in t["bulan_pertama"]],
        say("rulestab.col.last", lang): [month(plain(x)) for x in t["bulan_terakhir"]],
    })
    return html_frame(out.reset_index(drop=True))
