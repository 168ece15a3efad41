"""The report workbook: one XLSX with a sheet per key table, for people who work in Excel.

Every sheet has a title row, the demo label row when the data is synthetic, a bold
header row that stays frozen while scrolling (with the name columns of wide tables),
real numbers with number formats (counts ``#,##0``, shares ``0.00%``, rupiah
``"Rp "#,##0``, percentage points ``0.00``), column widths that fit, an autofilter,
a totals row where totals make sense (counts summed, rates recomputed from the
sums), and the table's notes underneath. A first sheet (``Keterangan``) holds the
headline figures, sources, rule version, notes and a dictionary of the columns.
The per-kecamatan/desa target sheets of a projection
(:func:`ucjlib.projection.sheets.target_sheets`) are appended as
:func:`write_target_sheets` writes them on their own.

Text cells pass :func:`ucjlib.render.safe.cell_text` (no formula: a text starting with
``=``, ``+``, ``-`` or ``@`` gets a leading ``'``), and the whole workbook
:func:`ucjlib.render.safe.neutralise_workbook` before it is saved.
The file is written atomically (:func:`ucjlib.files.atomic_path`).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ucjlib.columns import COLUMNS
from ucjlib.files import atomic_path
from ucjlib.fmt import fmt_pct, month_name
from ucjlib.render.csvout import Table, cells, totals_row
from ucjlib.render.safe import cell_text, neutralise_workbook
from ucjlib.text import say

__all__ = ["FORMATS", "number_format", "write_target_sheets", "write_workbook"]

#: Number format of each column kind (see :data:`ucjlib.columns.KINDS`).
FORMATS = {"int": "#,##0", "pct": "0.00%", "pp": "0.00", "dec1": "#,##0.0",
           "dec2": "#,##0.00", "dec4": "0.0000", "idr": '"Rp "#,##0', "year": "0",
           "text": "@"}
_HEADER_FILL = "DDEBF7"
_DEMO_FILL = "B35806"  # style.DEMO_COLOR without '#'
_NOTE_COLOR = "595959"
_TARGET_SHEETS = {"Kecamatan": "Target kecamatan", "Desa": "Target desa",
                  "Keterangan": "Target - keterangan"}
_INT, _PCT, _DEC = FORMATS["int"], FORMATS["pct"], FORMATS["dec1"]


def number_format(kind: str, lang: str = "id") -> str:
    """Return the Excel number format of a column kind.

    Examples
    --------
    >>> number_format("pct"), number_format("idr"), number_format("idr", "en")
    ('0.00%', '"Rp "#,##0', '"IDR "#,##0')
    """
    fmt = FORMATS.get(kind, "General")
    return fmt.replace('"Rp "', '"IDR "') if lang == "en" else fmt


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip()[:31] or "Tabel"
    out, i = base, 2
    while out.lower() in {t.lower() for t in taken}:
        suffix = f" ({i})"
        out, i = base[:31 - len(suffix)] + suffix, i + 1
    taken.add(out)
    return out


def _value(v: Any, kind: str) -> Any:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    if kind == "text" or isinstance(v, str):
        return str(v)
    if isinstance(v, bool):
        return v
    x = float(v)
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def _shown_len(v: Any, kind: str) -> int:
    """Approximate width of a cell as Excel shows it with its number format."""
    if v is None:
        return 1
    if isinstance(v, str):
        return len(v)
    if kind == "pct":
        return len(f"{v * 100:,.2f}%")
    if kind in ("pp", "dec2"):
        return len(f"{v:,.2f}")
    extra = 4 if kind == "idr" else 0
    return len(f"{v:,.0f}") + extra + (2 if kind == "dec1" else 0)


def _write_table(ws: Any, table: Table, label: str, lang: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    ncol = len(table.columns)
    ws.cell(row=1, column=1, value=cell_text(table.title)).font = Font(bold=True, size=13)
    r = 2
    if label:
        for j in range(1, ncol + 1):
            ws.cell(row=r, column=j).fill = PatternFill("solid", fgColor=_DEMO_FILL)
        c = ws.cell(row=r, column=1, value=cell_text(label.upper()))
        c.font = Font(bold=True, color="FFFFFF")
        r += 1
    hr = r + 1
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    widths = []
    for j, col in enumerate(table.columns, start=1):
        c = ws.cell(row=hr, column=j, value=cell_text(col.title))
        c.font, c.fill = Font(bold=True), fill
        c.alignment = Alignment(wrap_text=True, vertical="top")
        longest = max((len(w) for w in col.title.split()), default=0)
        widths.append(max(8, longest, min(len(col.title), 40) / (2 if len(col.title) > 18
                                                                  else 1)))
    n = len(table.frame)
    for i, row in enumerate(cells(table)):
        for j, (raw, kind) in enumerate(row, start=1):
            v = _value(raw, kind)
            c = ws.cell(row=hr + 1 + i, column=j, value=cell_text(v))
            c.number_format = number_format(kind if not isinstance(v, str) else "text", lang)
            widths[j - 1] = max(widths[j - 1], min(_shown_len(v, kind), 60))
    last = hr + n
    if table.has_totals and n:
        tot = totals_row(table)
        tr = last + 1
        top = Border(top=Side(style="thin"))
        for j, col in enumerate(table.columns, start=1):
            v = tot.get(col.key)
            c = ws.cell(row=tr, column=j, value=cell_text(_value(v, col.kind)))
            c.font, c.border = Font(bold=True), top
            if v is not None and not isinstance(v, str):
                c.number_format = number_format(col.kind, lang)
        last = tr
    nr = last + 2
    for note in table.notes:
        c = ws.cell(row=nr, column=1, value=cell_text(note))
        c.font = Font(italic=True, color=_NOTE_COLOR)
        nr += 1
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = round(w + 2, 1)
    lines = max(math.ceil(len(c.title) / (w + 1)) for c, w in zip(table.columns, widths,
                                                                    strict=True))
    ws.row_dimensions[hr].height = 15 * max(lines, 1) + 2
    lead = 0
    for col in table.columns[:2]:
        if col.kind != "text":
            break
        lead += 1
    ws.freeze_panes = ws.cell(row=hr + 1, column=1 + (lead if ncol > 6 else 0))
    if n:
        ws.auto_filter.ref = f"A{hr}:{get_column_letter(ncol)}{hr + n}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{hr}:{hr}"


def _write_about(ws: Any, title: str, lines: Sequence[str], label: str,
                 tables: Sequence[Table], names: Sequence[str], lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.cell(row=1, column=1, value=cell_text(title)).font = Font(bold=True, size=14)
    r = 2
    if label:
        for j in range(1, 4):
            ws.cell(row=r, column=j).fill = PatternFill("solid", fgColor=_DEMO_FILL)
        ws.cell(row=r, column=1, value=cell_text(label.upper())).font = Font(bold=True,
                                                                            color="FFFFFF")
        r += 1
    r += 1
    for line in lines:
        c = ws.cell(row=r, column=1, value=cell_text(line))
        c.alignment = Alignment(wrap_text=False)
        r += 1
    r += 1
    ws.cell(row=r, column=1, value=say("workbook.sheet", lang)).font = Font(bold=True)
    ws.cell(row=r, column=2, value=say("workbook.contents", lang)).font = Font(bold=True)
    r += 1
    for t, name in zip(tables, names, strict=True):
        ws.cell(row=r, column=1, value=cell_text(name))
        ws.cell(row=r, column=2, value=cell_text(t.title))
        r += 1
    r += 1
    heads = say("workbook.columns", lang).split("|")
    for j, h in enumerate(heads, start=1):
        ws.cell(row=r, column=j, value=h).font = Font(bold=True)
    r += 1
    seen: set[str] = set()
    for t in tables:
        for col in t.columns:
            if col.title in seen:
                continue
            seen.add(col.title)
            meta = COLUMNS.get(col.key, {})
            ws.cell(row=r, column=1, value=cell_text(col.title))
            ws.cell(row=r, column=2, value=meta.get("unit", ""))
            ws.cell(row=r, column=3, value=meta.get("description", ""))
            r += 1
    ws.column_dimensions["A"].width = 46
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 90
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_workbook(tables: Sequence[Table], path: str | os.PathLike, *, title: str,
                   about: Sequence[str] = (), label: str = "", lang: str = "id",
                   projection: Any = None) -> Path:
    """Write the report tables as one XLSX workbook, a sheet per table.

    Parameters
    ----------
    tables : sequence of Table
        From :func:`ucjlib.render.csvout.coverage_tables` and friends.
    path : str or path-like
        Destination ``.xlsx``; written atomically.
    title : str
        Title of the first (``Keterangan``) sheet.
    about : sequence of str
        Lines of the first sheet: headline figures, sources, rule version, notes.
    label : str
        The demo label (``"data demo (sintetis)"``), shown on every sheet; ``""`` for
        real data.
    lang : {"id", "en"}
        Language of the fixed words (sheet ``Keterangan``/``About``, ``Rp``/``IDR``).
    projection : ProjectionResult, optional
        Append its per-kecamatan/desa target sheets (``Target kecamatan``, ``Target
        desa``, ``Target - keterangan``).

    Returns
    -------
    pathlib.Path
        The workbook written.

    Raises
    ------
    OutputError
        When the file cannot be written (an earlier file is kept).
    """
    wb = _new_workbook()
    if projection is not None:
        from ucjlib.projection.sheets import target_sheets

        _add_target_sheets(wb, target_sheets(projection), _TARGET_SHEETS)
    taken = {ws.title for ws in wb.worksheets}
    about_ws = wb.create_sheet(_sheet_name(say("workbook.about", lang), taken),
                               index=0)
    names = []
    for i, t in enumerate(tables, start=1):
        ws = wb.create_sheet(_sheet_name(t.sheet, taken), index=i)
        names.append(ws.title)
        _write_table(ws, t, label, lang)
    _write_about(about_ws, title, about, label, tables, names, lang)
    wb.active = 0
    return _save(wb, path)


def _new_workbook() -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def _save(wb: Any, path: str | os.PathLike) -> Path:
    """Neutralise every text cell (none a formula) and save ``wb`` atomically."""
    neutralise_workbook(wb)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


# --- the target sheets of a projection ------------------------------------------------

def _target_columns(res: Any) -> list[tuple[str, str, str, int]]:
    """Return (column, header, number format, width) of the target sheet columns."""
    now, dl = month_name(res.periode), month_name(res.deadline)
    return [("kode", "Kode", "@", 15), ("nama", "Nama", "@", 24),
            ("kecamatan", "Kode kecamatan", "@", 15),
            ("pekerja", f"Penduduk bekerja ({now})", _INT, 16),
            ("peserta_aktif", f"Peserta aktif ({now})", _INT, 16),
            ("cakupan", f"Cakupan ({now})", _PCT, 13),
            ("pekerja_tenggat", f"Penduduk bekerja proyeksi ({dl})", _INT, 18),
            ("target_peserta", f"Peserta untuk target {fmt_pct(res.target.value, 0)}", _INT,
             18),
            ("kuota_tambahan", f"Tambahan peserta s.d. {dl}", _INT, 18),
            ("tambahan_per_bulan", "Tambahan per bulan", _DEC, 14),
            ("cakupan_tenggat", f"Cakupan {dl} bila kuota tercapai", _PCT, 16)]


def _target_sheet(ws: Any, sheet: Any, res: Any) -> None:
    """Write one level of the target sheets (a :class:`~ucjlib.projection.sheets.TargetSheet`)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    table = sheet.frame
    cols = [c for c in _target_columns(res) if c[0] in table.columns]
    head = [f"Target sheet UCJ {res.region.nama} - per {sheet.name.lower()}",
            f"Target {fmt_pct(res.target.value, 0)} pada {month_name(res.deadline)}; "
            f"sumber target: {res.target.source}",
            f"Data sampai {month_name(res.periode)}; skenario: {res.scenario}"]
    if res.demo:
        head.insert(0, res.label.upper())
    for i, text in enumerate(head, start=1):
        ws.cell(row=i, column=1, value=cell_text(text)).font = Font(bold=(i == 1),
                                                         color="C00000" if res.demo and i == 1
                                                         else None)
    hr = len(head) + 2
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for j, (_, label, _, width) in enumerate(cols, start=1):
        c = ws.cell(row=hr, column=j, value=cell_text(label))
        c.font, c.fill = Font(bold=True), fill
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = width
    for i, row in enumerate(table.itertuples(index=False), start=hr + 1):
        rec = row._asdict()
        for j, (key, _, fmt, _) in enumerate(cols, start=1):
            v = sheet.shown[i - hr - 1] if key == "peserta_aktif" else rec[key]
            v = None if pd.isna(v) else (v if isinstance(v, str) else float(v))
            cell = ws.cell(row=i, column=j, value=cell_text(v))
            cell.number_format = fmt
            if isinstance(v, str) and key == "peserta_aktif":
                cell.alignment = Alignment(horizontal="right")
    tr = hr + len(table) + 1
    ws.cell(row=tr, column=1, value="Jumlah").font = Font(bold=True)
    for j, (key, _, fmt, _) in enumerate(cols, start=1):
        if key in sheet.totals:
            c = ws.cell(row=tr, column=j, value=sheet.totals[key])
            c.number_format, c.font = fmt, Font(bold=True)
    if sheet.note:
        ws.cell(row=tr + 2, column=1, value=cell_text(sheet.note)).font = Font(italic=True)
    ws.freeze_panes = ws.cell(row=hr + 1, column=3)


def _add_target_sheets(wb: Any, data: Any, titles: dict[str, str] | None = None) -> None:
    """Append the target sheets (:func:`ucjlib.projection.sheets.target_sheets`) to ``wb``."""
    titles = titles or {}
    for sheet in data.sheets:
        _target_sheet(wb.create_sheet(titles.get(sheet.name, sheet.name)), sheet, data.result)
    ws = wb.create_sheet(titles.get("Keterangan", "Keterangan"))
    for i, text in enumerate(data.about, start=1):
        ws.cell(row=i, column=1, value=cell_text(text))
    ws.column_dimensions["A"].width = 110


def write_target_sheets(result: Any, path: str | os.PathLike,
                        min_cell: int | None = None) -> Path:
    """Write the allocation of a projection as an XLSX workbook of target sheets.

    One sheet per level (``Kecamatan``, and ``Desa`` when the allocation is per desa),
    each with a title block (region, target and its source, deadline, the demo label when
    the data is synthetic), Indonesian headers, real numbers with number formats
    (``#,##0``, ``0.00%``), a frozen header row, column widths, and a totals row; a
    ``Keterangan`` sheet with the pace and the notes. The sheets go to desa offices:
    small cells are protected (:func:`ucjlib.projection.sheets.target_sheets`).

    Parameters
    ----------
    result : ProjectionResult
    path : str or path-like
        Destination ``.xlsx``; written atomically.
    min_cell : int, optional
        Small-cell threshold, as :func:`~ucjlib.projection.sheets.target_sheets`.

    Returns
    -------
    pathlib.Path
        ``path``; an :class:`~ucjlib.errors.OutputError` when it cannot be written (the
        earlier file is kept).
    """
    from ucjlib.projection.sheets import target_sheets

    wb = _new_workbook()
    _add_target_sheets(wb, target_sheets(result, min_cell))
    return _save(wb, path)
