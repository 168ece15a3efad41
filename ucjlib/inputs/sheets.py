"""XLSX worksheets: which sheet is read, its cells, hidden columns and merged headers.

:func:`choose_sheet` applies the sheet rule of ``rules.reading``;
:func:`sheet_cells` reads a worksheet's values with its hidden columns and
merged ranges, and :func:`merged_header` reads a two-row header under a
merged group title.
"""

from __future__ import annotations

import re
from pathlib import Path

from ucjlib.inputs.cells import is_blank
from ucjlib.inputs.dictionary import norm_key
from ucjlib.inputs.headers import HEADER_SEARCH_ROWS, find_header
from ucjlib.inputs.problems import file_error
from ucjlib.inputs.template import template_info
from ucjlib.text import Note


def open_workbook(p: Path):
    """Open an XLSX workbook read-only (values, not formulas); an unreadable one is a problem."""
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise file_error(p, f"berkas Excel tidak bisa dibuka ({type(exc).__name__})",
                    "berkas .xlsx yang sah") from None


def _first_rows(ws, n: int = HEADER_SEARCH_ROWS) -> list[list[object]]:
    return [list(r) for r in ws.iter_rows(max_row=n, values_only=True)]


def _names(sheets) -> str:
    return ", ".join(repr(ws.title) for ws in sheets)


def choose_sheet(wb, sheet: str | int | None, path: str | Path, kind: str | None = None,
                 ) -> tuple[object, list[str]]:
    """Pick the worksheet to read; returns ``(worksheet, notes)``.

    Rule (``rules.reading``): a ``sheet`` given by name (exact, else the one
    name equal ignoring case and spaces) or 0-based index (an int, or digits
    that name no sheet) is used, hidden or not. Without it, only visible
    sheets count: one visible sheet is used; of several, the one whose
    first 10 rows hold a header row (two known column names) is used and a
    note names it; several such sheets (a
    workbook with a sheet per month) are an error listing them, never the
    first one silently; none: the first visible sheet (the missing columns
    are reported). Hidden sheets are never read unless named. A workbook written by
    ``ucj template`` (:mod:`ucjlib.inputs.template`): its participants sheet (coverage),
    or its workforce sheet.

    Raises
    ------
    InputValidationError
        A sheet that does not exist, or several data sheets and no ``sheet``.
    """
    p = Path(path)
    sheets = list(wb.worksheets)
    if sheet is not None:
        if not isinstance(sheet, int):
            exact = [ws for ws in sheets if ws.title == sheet]
            loose = [ws for ws in sheets if norm_key(ws.title) == norm_key(sheet)]
            if exact or len(loose) == 1:
                return (exact or loose)[0], []
        index = sheet if isinstance(sheet, int) else (
            int(sheet.strip()) if sheet.strip().isdigit() else None)
        if index is not None and 0 <= index < len(sheets):
            return sheets[index], []
        raise file_error(p, f"lembar kerja {sheet!r} tidak ada",
                    f"salah satu dari: {', '.join(ws.title for ws in sheets)}")
    template = template_info(wb)  # ucj template: its data or workforce sheet, by kind
    if template is not None and template.sheet_for(kind) is not None:
        return wb[template.sheet_for(kind)], []
    visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
    hidden = [ws for ws in sheets if ws not in visible]
    if not visible:
        raise file_error(p, "semua lembar kerja tersembunyi",
                    f"tampilkan lembar datanya, atau pilih dengan --sheet: {_names(hidden)}")
    notes: list[str] = []
    data = [ws for ws in hidden if find_header(_first_rows(ws), kind) is not None]
    if data:
        notes.append(Note("inputs.sheets.hidden", {"sheets": _names(data)}))
    if len(visible) == 1:
        return visible[0], notes
    data = [ws for ws in visible if find_header(_first_rows(ws), kind) is not None]
    if len(data) > 1:
        raise file_error(p, f"buku kerja berisi {len(data)} lembar data: {_names(data)}; "
                    "tidak jelas lembar mana yang dibaca",
                    "pilih satu lembar (ucj validate --sheet NAMA, sheet= di Python), simpan "
                    "lembar itu saja sebagai berkas data, atau gabungkan lembar-lembar itu "
                    "menjadi satu tabel dengan kolom periode")
    if len(data) == 1:
        others = [ws for ws in visible if ws is not data[0]]
        notes.append(Note("inputs.sheets.chosen", {"sheet": repr(data[0].title),
                                                   "others": _names(others)}))
        return data[0], notes
    return visible[0], notes


def sheet_cells(wb, ws) -> tuple[list[list[object]], set[int], list[tuple[int, int, int, int]]]:
    """Rows of values, hidden column indexes (0-based) and merged ranges of a worksheet.

    Parses the sheet XML once with openpyxl's streaming parser (the
    read-only worksheet does not expose column widths or merged cells);
    falls back to plain values when that parser is not available.
    """
    try:
        from openpyxl.worksheet._reader import WorkSheetParser

        src = ws._get_source()
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats,
                                 timedelta_formats=wb._timedelta_formats)
    except (AttributeError, ImportError, TypeError):
        return [list(r) for r in ws.iter_rows(values_only=True)], set(), []
    rows: list[list[object]] = []
    width = 0
    with src:
        for idx, cells in parser.parse():
            vals = [(c["column"], c["value"]) for c in cells if c["value"] is not None]
            if not vals:
                continue
            row: list[object] = [None] * max(col for col, _ in vals)
            for col, v in vals:
                row[col - 1] = v
            width = max(width, len(row))
            rows.extend([] for _ in range(idx - 1 - len(rows)))  # rows without a value
            if idx - 1 < len(rows):
                rows[idx - 1] = row
            else:
                rows.append(row)
    hidden: set[int] = set()
    for attrs in parser.column_dimensions.values():
        if str(attrs.get("hidden", "")).lower() in ("1", "true"):
            lo, hi = int(attrs.get("min", 0)), int(attrs.get("max", attrs.get("min", 0)))
            hidden.update(range(lo - 1, min(hi, max(width, lo))))
    merges = []
    if parser.merged_cells is not None:
        from openpyxl.utils.cell import range_boundaries

        for m in parser.merged_cells.mergeCell:
            c1, r1, c2, r2 = range_boundaries(m.ref)
            merges.append((r1, c1, r2, c2))
    return rows, hidden, merges


_NUMBER = re.compile(r"[-+]?[\d.,\s]+")


def merged_header(rows: list[list[object]], h: int, merges) -> tuple[list[object], int]:
    """Return the header cells and height: two rows when a merged group title spans sub-headers.

    ``Kepesertaan`` merged over C:D above ``Jumlah Peserta | Peserta Aktif``
    gives the sub-headers as the names of C and D (the group title names a
    column only where nothing is written under it).
    """
    top = list(rows[h])
    below = list(rows[h + 1]) if h + 1 < len(rows) else []
    groups = [(c1, c2) for r1, c1, r2, c2 in merges if r1 == h + 1 and c2 > c1]
    inside = {c for c1, c2 in groups for c in range(c1 - 1, c2)}
    subs = [c for c in sorted(inside) if c < len(below) and not is_blank(below[c])]
    # a two-row header: text under the group titles, nothing under the other titles
    # (merged down); a data row under a cosmetic merge has values elsewhere or numbers
    if (not subs or any(not isinstance(below[c], str) or _NUMBER.fullmatch(below[c].strip())
                        for c in subs)
            or any(not is_blank(v) for i, v in enumerate(below) if i not in inside)):
        return top, 1
    header = [(below[i] if i < len(below) and not is_blank(below[i]) else v)
              for i, v in enumerate(top)]
    return header, 2
