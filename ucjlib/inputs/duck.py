"""DuckDB for the input files: the SQL sources of an input file, by the one reading rule.

Used by the participant aggregation (:mod:`ucjlib.inputs.participants`) and
the columnar coverage check (:mod:`ucjlib.inputs.columnar`). DuckDB's own
error texts (which may quote a line of the file) never reach a message.

The reading rule is the one of the pandas reader (:func:`ucjlib.inputs.readers.read_input`,
``rules.reading`` of the data dictionary), applied to DuckDB's CSV reader:

* the encoding is UTF-8 when every byte of the file is, else Windows-1252,
  which DuckDB cannot read itself: the file is copied to UTF-8 in a private
  temporary folder that lives as long as the :func:`reading` block;
* separator, header row (a report title above it is skipped) and column
  names are decided in Python, and DuckDB reads with exactly those (no
  dialect sniffing, no comment lines: a row starting with ``#`` is data);
* a row with values beyond the header's columns is a problem, naming its
  rows; empty trailing fields are fine;
* rows whose every cell is empty are dropped without changing the row
  numbers of the others (DuckDB silently skips blank lines, so a file with
  blank lines between data rows is copied with those lines made ``;``).

A file is prepared once per load by :func:`reading`; :func:`source_candidates`
then gives the SQL sources to read it from. The connection and SQL quoting
are in :mod:`ucjlib.inputs.sql`, the scan of a CSV's bytes and its UTF-8
copies in :mod:`ucjlib.inputs.csv_bytes`.
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ucjlib.errors import InputValidationError, Problem
from ucjlib.inputs.cells import (
    EXCEL_ERRORS,
    empty_rows_note,
    overflow_problems,
)
from ucjlib.inputs.csv_bytes import Scan, line_end, rewrite_csv, scan_csv, transcode
from ucjlib.inputs.files import CP1252_NOTE
from ucjlib.inputs.headers import HEADER_SEARCH_ROWS, column_names, find_header, sniff_separator
from ucjlib.inputs.problems import file_error
from ucjlib.inputs.readers import read_input
from ucjlib.inputs.sql import connect, ident, literal
from ucjlib.text import Note

_EXTRA = 4
"""Columns read beyond the header to tell an empty trailing field from a shifted value."""
_OVERFLOW = "ucj:lebih-kolom"


def safe_error(file: str, exc: Exception) -> InputValidationError:
    """Turn a DuckDB error into one that cannot carry personal data.

    A row with more fields than the header (DuckDB's own column-count error,
    or the check of the prepared source) becomes the problem of
    :func:`ucjlib.inputs.cells.overflow_problems`, listing its rows.
    """
    text = str(exc)
    m = re.search(r"[Ll]ine:?\s*(\d+)", text)
    row = int(m.group(1)) if m else None
    prep = _active(file)
    if _OVERFLOW in text or "Expected Number of Columns" in text:
        rows = prep.overflow_rows() if prep is not None else []
        width = len(prep.names) if prep is not None and prep.names else 0
        if rows or row is not None:
            return InputValidationError(overflow_problems(file, rows or [row], width))
    return InputValidationError([Problem(file, row, None,
                                         f"berkas tidak bisa dibaca ({type(exc).__name__})",
                                         "CSV/Parquet/XLSX yang utuh dengan satu judul kolom")])




# ------------------------------------------------------------------ the prepared file

@dataclass
class Prepared:
    """An input file prepared for DuckDB by :func:`reading` (see the module docstring)."""

    path: Path
    fmt: str
    file: str
    kind: str | None = None
    notes: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    sep: str = ","
    skip: int = 0
    names: list[str] = field(default_factory=list)
    scan: Scan = field(default_factory=Scan)
    frame: pd.DataFrame | None = None
    tmp: Path | None = None
    _copies: dict[str, Path] = field(default_factory=dict)
    _counted: bool = False

    # ---------------------------------------------------------------- CSV
    def _tmpdir(self) -> Path:
        if self.tmp is None:
            self.tmp = Path(tempfile.mkdtemp(prefix="ucj-input-"))
        return self.tmp

    def data_path(self) -> Path:
        """Return the file DuckDB reads: the file, or its UTF-8 copy (blank lines as empty rows)."""
        if self.scan.utf8 and not self.scan.blank_lines:
            return self.path
        if "main" not in self._copies:
            out = self._tmpdir() / "input.csv"
            if self.scan.blank_lines and self.scan.quoted:
                rewrite_csv(self.path, out, self.sep, self.scan.utf8, self.file)
            else:
                transcode(self.path, out, self.sep, self.scan.utf8, self.scan.blank_lines)
            self._copies["main"] = out
        return self._copies["main"]

    def normalised_path(self) -> Path:
        """Return a UTF-8 copy written by Python's csv module (mixed line ends and the like)."""
        if "csv" not in self._copies:
            out = self._tmpdir() / "input-csv.csv"
            rewrite_csv(self.path, out, self.sep, self.scan.utf8, self.file)
            self._copies["csv"] = out
        return self._copies["csv"]

    def _read_csv(self, path: Path, parallel: bool = True, sniff: bool = True) -> str:
        """Return DuckDB's ``read_csv`` with every dialect option of the rule fixed.

        ``names`` fixes the columns: the header's, plus _EXTRA to see values
        beyond it. With ``sniff`` DuckDB's sniffer still looks at the file (for
        the line ends only; it gives up on rows of different lengths), without
        it the columns are declared (always readable, about 15% slower).
        """
        cols = [*self.names, *(f"\u0001lebih{i}" for i in range(_EXTRA))]
        if sniff:
            shape = f"all_varchar = true, names = [{', '.join(literal(c) for c in cols)}]"
        else:
            shape = ("auto_detect = false, columns = {"
                     + ", ".join(f"{literal(c)}: 'VARCHAR'" for c in cols) + "}")
        return (f"read_csv({literal(str(path))}, delim = {literal(self.sep)}, header = true, "
                f"skip = {self.skip}, {shape}, null_padding = true, quote = '\"', "
                f"escape = '\"', comment = '', encoding = 'utf-8'"
                f"{'' if parallel else ', parallel = false'})")

    def _extra(self) -> list[str]:
        return [ident(f"\u0001lebih{i}") for i in range(_EXTRA)]

    def _blank_all(self) -> str:
        cells = [ident(c) for c in self.names] + self._extra()
        return "COALESCE(" + ", ".join(f"NULLIF(trim({c}), '')" for c in cells) + ") IS NULL"

    def _extra_empty(self) -> str:
        ex = self._extra()
        return f"(COALESCE({', '.join(ex)}) IS NULL OR trim(concat({', '.join(ex)})) = '')"

    def numbered(self) -> bool:
        """Say whether the CSV source carries its own ``_xrow`` (not position + 2)."""
        return self.skip > 0 or self.scan.empty_lines or self.scan.blank_lines

    def csv_source(self, path: Path, parallel: bool = True, sniff: bool = True) -> str:
        """Return the SQL source of a CSV: header columns only, overflow checked, no empty rows."""
        rc = self._read_csv(path, parallel, sniff)
        extra = ", ".join(self._extra())
        check = f"CASE WHEN {self._extra_empty()} THEN true ELSE error({literal(_OVERFLOW)}) END"
        if not self.numbered():
            return f"(SELECT * EXCLUDE ({extra}) FROM {rc} WHERE {check})"
        return (f"(SELECT * EXCLUDE (\"\u0001n\", {extra}), "
                f"CAST(\"\u0001n\" + {self.skip + 1} AS BIGINT) AS _xrow FROM "
                f"(SELECT *, row_number() OVER () AS \"\u0001n\" FROM {rc}) "
                f"WHERE NOT ({self._blank_all()}) AND {check})")

    def overflow_rows(self, limit: int = 1001) -> list[int]:
        """List the rows whose values go beyond the header (Python's csv module; error path).

        Rows are counted as DuckDB numbers them (blank lines are rows), so the
        numbers are those of the pandas reader too.
        """
        if self.fmt != "csv" or not self.names:
            return []
        width, rows = len(self.names), []
        enc = "utf-8-sig" if self.scan.utf8 else "cp1252"
        try:
            with open(self.path, encoding=enc, errors="replace", newline="") as fh:
                reader = csv.reader(fh, delimiter=self.sep, quotechar='"', doublequote=True)
                for i, r in enumerate(reader, start=1):
                    if i > self.skip + 1 and len(r) > width and any(v.strip() for v in r[width:]):
                        rows.append(i)
                        if len(rows) >= limit:
                            break
        except (csv.Error, OSError):
            return rows
        return rows

    def _empty_note(self) -> None:
        """Count the empty rows between data rows (the pandas reader's note, same number)."""
        import duckdb

        con = connect()
        try:
            rc = self._read_csv(self.data_path(), parallel=not self.scan.quoted, sniff=False)
            n = con.execute(
                f"WITH x AS (SELECT row_number() OVER () AS i, {self._blank_all()} AS b FROM {rc}) "
                "SELECT count(*) FILTER (WHERE b AND i < (SELECT max(i) FROM x WHERE NOT b)) "
                "FROM x").fetchall()[0][0]
        except duckdb.Error:
            return  # the readers report the file's problem
        finally:
            con.close()
        if n:
            self.notes.append(empty_rows_note(int(n)))

    # ---------------------------------------------------------------- Parquet
    def _parquet_blank_rows(self, con) -> bool:
        """Return False when the Parquet metadata proves that no row is empty (a full column)."""
        import duckdb

        try:
            meta = con.execute(
                "SELECT path_in_schema, sum(stats_null_count), count(*), "
                "count(stats_null_count), min(stats_min_value) "
                f"FROM parquet_metadata({literal(str(self.path))}) GROUP BY 1").fetchall()
        except duckdb.Error:
            return True
        for _, nulls, groups, known, low in meta:
            if known == groups and not nulls and low is not None and str(low).strip():
                return False
        return True

    def parquet_source(self, con) -> tuple[str, bool]:
        """Return ``(source, has_row)``: numbered and filtered when rows may be empty."""
        import duckdb

        src = f"read_parquet({literal(str(self.path))})"
        if not self._parquet_blank_rows(con):
            return src, False
        try:
            cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
        except duckdb.Error:
            return src, False  # unreadable: the caller's query says so
        blank = " AND ".join(f"({ident(c)} IS NULL OR trim(CAST({ident(c)} AS VARCHAR)) = '')"
                             for c in cols) or "false"
        numbered = f"read_parquet({literal(str(self.path))}, file_row_number = true)"
        if not self._counted:  # the note, once (the pandas reader's number)
            self._counted = True
            with contextlib.suppress(duckdb.Error):
                n = con.execute(
                    f"WITH x AS (SELECT file_row_number AS i, {blank} AS b FROM {numbered}) "
                    "SELECT count(*) FILTER (WHERE b AND i < (SELECT max(i) FROM x WHERE NOT b)) "
                    "FROM x").fetchall()[0][0]
                if n:
                    self.notes.append(empty_rows_note(int(n)))
        return (f"(SELECT * EXCLUDE (file_row_number), file_row_number + 2 AS _xrow FROM "
                f"{numbered} WHERE NOT ({blank}))", True)

    # ---------------------------------------------------------------- all formats
    def candidates(self, con) -> Iterator[tuple[str, bool]]:
        """Yield SQL sources to read the file from, best first; each built only when asked for."""
        if self.fmt == "parquet":
            yield self.parquet_source(con)
            return
        if self.fmt == "xlsx":
            con.register("raw_df", self.frame)
            yield "raw_df", True
            return
        numbered = self.numbered()
        if self.scan.odd_quotes:  # Python's csv module names the line, as the pandas reader
            self.normalised_path()
        yield self.csv_source(self.data_path()), numbered
        yield self.csv_source(self.data_path(), sniff=False), numbered  # rows of many lengths
        if self.scan.quoted:  # DuckDB's parallel reader and values holding line breaks
            yield self.csv_source(self.data_path(), parallel=False, sniff=False), numbered
        yield self.csv_source(self.normalised_path(), parallel=False, sniff=False), numbered

    def numbered_source(self, con) -> str | None:
        """Return a source with ``_xrow`` (spreadsheet row) on every row, or None if unreadable."""
        import duckdb

        for src, has_row in self.candidates(con):
            if not has_row:
                if self.fmt == "parquet":
                    src = (f"(SELECT * EXCLUDE (file_row_number), file_row_number + 2 AS _xrow "
                           f"FROM read_parquet({literal(str(self.path))}, file_row_number = true))")
                else:
                    src = f"(SELECT *, row_number() OVER () + {self.skip + 1} AS _xrow FROM {src})"
            try:
                con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()
                return src
            except duckdb.Error:
                continue
        return None

    def excel_problems(self, con, shown: dict[str, str], personal: bool) -> list[Problem]:
        """Cells of the used columns ``shown`` (field -> header) holding an Excel error value.

        One problem per cell (row and column; the value is never quoted for
        personal data). Only run when the file can hold one: a CSV whose
        bytes contain such a text, an XLSX, a Parquet text column whose
        smallest value could be one.
        """
        import duckdb

        from ucjlib.inputs.problems import row_problems
        from ucjlib.inputs.table_rules import EXCEL_RULE

        cols = [c for c in dict.fromkeys(shown.values())]
        if not cols or (self.fmt == "csv" and not self.scan.excel):
            return []
        if self.fmt == "parquet":
            cols = self._parquet_maybe_excel(con, cols)
            if not cols:
                return []
        src = self.numbered_source(con)
        if src is None:
            return []
        errs = "[" + ", ".join(literal(e) for e in EXCEL_ERRORS) + "]"
        out: list[Problem] = []
        try:
            for c in cols:
                cond = f"list_contains({errs}, upper(trim(CAST({ident(c)} AS VARCHAR))))"
                rows = con.execute(f"SELECT _xrow, CAST({ident(c)} AS VARCHAR) FROM {src} "
                                   f"WHERE {cond} ORDER BY _xrow").fetchall()
                cells = {int(r): v for r, v in rows}
                out += row_problems(self.file, list(cells), c,
                                    lambda r, v=cells: EXCEL_RULE.text(v[r].strip(), personal),
                                    EXCEL_RULE.expected)
        except duckdb.Error:
            return []
        return out

    def cell_problems(self, con, kind: str, personal: bool) -> list[Problem]:
        """:meth:`excel_problems` of the columns that name a field of ``kind``."""
        import duckdb

        from ucjlib.inputs.headers import resolve_headers

        if self.fmt == "csv" and not self.scan.excel:
            return []
        src = self.numbered_source(con)
        if src is None:
            return []
        try:
            cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()
                    if r[0] != "_xrow"]
        except duckdb.Error:
            return []
        rename, _, _ = resolve_headers(cols, kind, self.file)
        return self.excel_problems(con, {canon: orig for orig, canon in rename.items()},
                                   personal)

    def _parquet_maybe_excel(self, con, cols: list[str]) -> list[str]:
        import duckdb

        try:
            meta = con.execute(
                "SELECT path_in_schema, bool_or(stats_min_value IS NULL OR stats_min_value < '$') "
                f"FROM parquet_metadata({literal(str(self.path))}) GROUP BY 1").fetchall()
            types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * "
                                     f"FROM read_parquet({literal(str(self.path))}))").fetchall())
        except duckdb.Error:
            return cols
        maybe = {name: flag for name, flag in meta}
        return [c for c in cols if types.get(c) == "VARCHAR" and maybe.get(c, True)]


_ACTIVE: contextvars.ContextVar[dict[str, Prepared] | None] = contextvars.ContextVar(
    "ucj_duck_inputs", default=None)


def _key(path: str | Path) -> str:
    return str(Path(path).resolve())


def _active(path: str | Path) -> Prepared | None:
    found = _ACTIVE.get()
    return None if found is None else found.get(_key(path))


def prepare(path: str | Path, fmt: str, file: str | None = None, sheet: str | int | None = None,
            kind: str | None = None) -> Prepared:
    """Decide how DuckDB reads ``path`` (see the module docstring); no DuckDB work yet.

    XLSX is read here with the pandas reader (sheet and hidden columns by its
    rules) into the frame DuckDB queries.
    """
    p = Path(path)
    prep = Prepared(p, fmt, str(file if file is not None else path), kind)
    if fmt == "xlsx":
        res = read_input(p, sheet, kind)
        df = res.frame.astype(object).where(res.frame.notna(), None)
        for c in df.columns:  # NIK typed as a number in Excel: keep the digits
            df[c] = df[c].map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer()
                              else v)
        df = df.astype(str).where(df.notna(), None).reset_index().rename(
            columns={"baris": "_xrow"})
        df["_xrow"] = df["_xrow"].astype("int64")
        prep.frame, prep.notes, prep.hidden = df, list(res.notes), list(res.hidden)
        return prep
    if sheet is not None:
        prep.notes.append(Note("inputs.sheet_ignored", {"sheet": repr(sheet),
                                                        "fmt": fmt.upper()}))
    if fmt != "csv":
        return prep
    with open(p, "rb") as fh:
        head = fh.read(1 << 16)
    from ucjlib.inputs.files import decode_text

    text, _ = decode_text(head)
    prep.sep = "\t" if p.suffix.lower() == ".tsv" else sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=prep.sep, quotechar='"')
    rows: list[list[str | None]] = []
    with contextlib.suppress(csv.Error):
        for r in reader:
            rows.append([c if c.strip() else None for c in r])
            if len(rows) > HEADER_SEARCH_ROWS:
                break
    if not rows:
        raise file_error(p, "berkas kosong", "baris judul kolom dan minimal satu baris data")
    prep.skip = find_header(rows, kind) or 0
    prep.names = column_names(rows[prep.skip])
    start = line_end(head, prep.skip)
    prep.scan = scan_csv(p, start, prep.sep)
    if not prep.scan.utf8:
        prep.notes.append(CP1252_NOTE)
    if prep.scan.empty_lines or prep.scan.blank_lines:
        prep._empty_note()
    return prep


@contextlib.contextmanager
def reading(path: str | Path, fmt: str, file: str | None = None,
            sheet: str | int | None = None, kind: str | None = None) -> Iterator[Prepared]:
    r"""Prepare ``path`` for DuckDB for the duration of the block; temporary copies removed after.

    Inside the block, :func:`source_candidates` and :func:`safe_error` use
    the prepared file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = p.write_bytes("kode;peserta\n“35.22”;5\n".encode("cp1252"))
    >>> con = connect(1)
    >>> with reading(p, "csv") as prep:
    ...     src, _ = next(source_candidates(con, p, "csv", str(p)))
    ...     con.execute(f"SELECT * FROM {src}").fetchall(), [str(n) for n in prep.notes]
    ([('“35.22”', '5')], ['Berkas bukan UTF-8; dibaca sebagai Windows-1252.'])
    >>> con.close()
    """
    prep = prepare(path, fmt, file, sheet, kind)
    found = dict(_ACTIVE.get() or {})
    found[_key(path)] = prep
    token = _ACTIVE.set(found)
    try:
        yield prep
    finally:
        _ACTIVE.reset(token)
        if prep.tmp is not None:
            shutil.rmtree(prep.tmp, ignore_errors=True)


def source_candidates(con, path: Path, fmt: str, file: str) -> Iterator[tuple[str, bool]]:
    """Yield SQL sources to read ``path`` from, best first, without materialising it.

    Yields ``(source, has_row)`` pairs: the CSV read by the reading rule (a
    second one without DuckDB's parallel reader when the file has quotes, a
    last one from a copy normalised by Python's csv module), a
    ``read_parquet``, or the registered XLSX frame. ``has_row`` says that the
    source has its own ``_xrow`` column (spreadsheet row: a report title
    above the header, empty rows dropped, XLSX); otherwise rows are in file
    order (row = position + 2), which a ``CREATE TABLE AS`` keeps while
    ``preserve_insertion_order`` is on. Used inside :func:`reading`; outside
    it the file is prepared here and any temporary copy is removed when
    ``con`` is.
    """
    prep = _active(path)
    if prep is None:
        import weakref

        prep = prepare(path, fmt, file)
        weakref.finalize(con, _cleanup, prep)
    yield from prep.candidates(con)


def merge_cell_problems(cells: list[Problem], others: list[Problem]) -> list[Problem]:
    """Problems of Excel error cells and the others; a cell keeps only its Excel-error problem."""
    taken = {(p.row, p.column) for p in cells if p.row is not None}
    out = list(cells) + [p for p in others if (p.row, p.column) not in taken]
    out.sort(key=lambda x: (x.row is None, x.row or 0, x.column or ""))
    return out


def _cleanup(prep: Prepared) -> None:
    if prep.tmp is not None:
        shutil.rmtree(prep.tmp, ignore_errors=True)


__all__ = ["Prepared", "merge_cell_problems", "prepare", "reading", "safe_error",
           "source_candidates"]
