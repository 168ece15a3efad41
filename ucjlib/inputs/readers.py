"""Reading a user table: CSV, XLSX or Parquet by the one reading rule, with its notes.

:func:`read_input` applies the one reading rule (``rules.reading``: encoding,
header row, rows beyond the header, empty rows, worksheet and hidden
columns) and returns its notes; the DuckDB readers of :mod:`ucjlib.inputs.duck`
follow the same rule. The pieces of the rule live in their own modules: the
file check and encoding in :mod:`ucjlib.inputs.files`, the header row and
header-to-field mapping in :mod:`ucjlib.inputs.headers`, cells and rows in
:mod:`ucjlib.inputs.cells`, XLSX worksheets in :mod:`ucjlib.inputs.sheets`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ucjlib.inputs.cells import drop_empty_rows, is_blank, parse_csv, rows_frame
from ucjlib.inputs.files import CP1252_NOTE, check_file, decode_text, parquet_is_demo
from ucjlib.inputs.headers import column_names, find_header, sniff_separator
from ucjlib.inputs.problems import file_error
from ucjlib.inputs.sheets import choose_sheet, merged_header, open_workbook, sheet_cells
from ucjlib.inputs.template import keep_filled, template_info
from ucjlib.text import Note


@dataclass
class ReadResult:
    """A table read from a file, and what the reader decided on the way.

    Attributes
    ----------
    frame : pandas.DataFrame
        Columns as in the file (hidden XLSX columns left out); index: the
        spreadsheet row.
    notes : list of str
        What the user should know: the sheet used, empty rows dropped, the
        encoding.
    hidden : list of str
        Headers of hidden XLSX columns that were not read.
    sheet : str or None
        The worksheet read (XLSX).
    demo : bool
        The file says it is demo data in its metadata (Parquet key
        ``ucjlib.label_data``); a ``label_data`` column is read by the check.
    """

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    sheet: str | None = None
    demo: bool = False


def read_input(path: str | Path, sheet: str | int | None = None, kind: str | None = None,
               ) -> ReadResult:
    r"""Read a CSV, XLSX or Parquet table with the notes of the reading rules.

    The rules (``rules.reading`` of the data dictionary), the same in every
    reader: CSV is UTF-8 (with or without BOM), else Windows-1252; the
    separator by :func:`sniff_separator`; the header is the first of the
    first 10 rows naming two known columns; a row with values beyond the
    header's columns is an error;
    rows whose every cell is empty are dropped (a note counts those between
    data rows); nothing is a comment. XLSX: :func:`choose_sheet` picks the
    worksheet; hidden columns are not read.

    ``kind`` (coverage, workforce, population, participants) narrows the
    known headers used to pick the sheet and the header row.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_bytes(b"kode;tahun;pekerja\n35.22;2024;5\n;;\n35.23;2024;7\n;;\n")
    >>> res = read_input(p)
    >>> res.frame.index.tolist(), [str(n) for n in res.notes]
    ([2, 4], ['1 baris kosong di antara baris data dilewati (baris tanpa isi, ...'])
    """
    p = Path(path)
    fmt = check_file(p)
    if fmt == "csv":
        notes = []
        if sheet is not None:
            notes.append(Note("inputs.sheet_ignored", {"sheet": repr(sheet), "fmt": "CSV"}))
        text, enc = decode_text(p.read_bytes())
        if enc == "cp1252":
            notes.append(CP1252_NOTE)
        sep = "\t" if p.suffix.lower() == ".tsv" else sniff_separator(text)
        df, more = rows_frame(parse_csv(text, sep, p), p, kind=kind)
        return ReadResult(df, notes + more)
    if fmt == "xlsx":
        return _read_xlsx(p, sheet, kind)
    try:
        df = pd.read_parquet(p)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises many types
        raise file_error(p, f"Parquet tidak bisa dibaca: {type(exc).__name__}",
                    "berkas Parquet yang utuh") from None
    notes = [Note("inputs.sheet_ignored", {"sheet": repr(sheet), "fmt": "Parquet"})
             ] if sheet is not None else []
    if df.empty:
        raise file_error(p, "tidak ada baris data", "minimal satu baris data")
    df = df.reset_index(drop=True)
    df.index = pd.RangeIndex(2, len(df) + 2, name="baris")
    df, more = drop_empty_rows(df)
    if df.empty:
        raise file_error(p, "tidak ada baris data", "minimal satu baris data")
    notes += more
    return ReadResult(df, notes, demo=parquet_is_demo(p))


def read_table(path: str | Path, sheet: str | int | None = None) -> pd.DataFrame:
    r"""Read a CSV, XLSX or Parquet table as the user wrote it.

    CSV separators (``;``, ``,``, tab) are sniffed; UTF-8 with or without BOM
    and Windows-1252 are accepted. CSV cells stay text (so ``157.058`` and
    ``35.22.01`` are not mangled); XLSX cells keep their Excel type. A title
    block above the header is skipped (the header is the first of the first
    10 rows naming two known columns). Fully empty rows are dropped. The
    rules and their notes: :func:`read_input`.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.txt``/``.tsv``, ``.xlsx``/``.xlsm`` or ``.parquet``.
    sheet : str or int, optional
        Worksheet name or 0-based index (XLSX only; default: :func:`choose_sheet`).

    Returns
    -------
    pandas.DataFrame
        Columns as in the file; the index is the spreadsheet row number
        (header = row 1), used in every error message.

    Raises
    ------
    InputValidationError
        Missing or empty file, a file whose content does not match its
        extension, an unreadable worksheet, several data sheets and no
        ``sheet``, a CSV row with values beyond the header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_bytes("kode;peserta_aktif\n35.22;157.058\n".encode("utf-8-sig"))
    >>> df = read_table(p)
    >>> df.loc[2, "peserta_aktif"]
    '157.058'
    """
    return read_input(path, sheet).frame


def _read_xlsx(p: Path, sheet: str | int | None, kind: str | None = None) -> ReadResult:
    wb = open_workbook(p)
    try:
        ws, notes = choose_sheet(wb, sheet, p, kind)
        template = template_info(wb)
        rows, hidden, merges = sheet_cells(wb, ws)
    finally:
        wb.close()
    if not rows:
        raise file_error(p, f"lembar kerja {ws.title!r} kosong",
                    "baris judul kolom dan minimal satu baris data")
    h = find_header(rows, kind) or 0
    width = max(len(r) for r in rows)
    rows[h] = list(rows[h]) + [None] * (width - len(rows[h]))
    header, height = merged_header(rows, h, merges)
    names = column_names(header)
    gone = sorted(i for i in hidden if i < len(names))
    if gone:
        keep = [i for i in range(len(names)) if i not in hidden]
        rows = [[r[i] if i < len(r) else None for i in keep] for r in rows]
        hidden_names = [names[i] for i in gone if not is_blank(header[i])]
        names = [names[i] for i in keep]
    else:
        hidden_names = []
    df, more = rows_frame(rows, p, header=h, header_rows=height, names=names)
    df, unfilled = keep_filled(df, template, ws.title, p)  # a ucj template's empty rows
    return ReadResult(df, notes + more + unfilled, hidden_names, ws.title)
