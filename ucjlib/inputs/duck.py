"""DuckDB for the input files: a Jupyter-safe connection and a file registered as view ``raw``.

Used by the participant aggregation (:mod:`ucjlib.inputs.participants`) and
the columnar coverage check (:mod:`ucjlib.inputs.columnar`). DuckDB's own
error texts (which may quote a line of the file) never reach a message.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from ucjlib.errors import InputValidationError, Problem
from ucjlib.inputs.readers import decode_text, read_table, sniff_separator


def _s(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _safe_error(file: str, exc: Exception) -> InputValidationError:
    """Turn a DuckDB error into one that cannot carry personal data."""
    m = re.search(r"[Ll]ine:?\s*(\d+)", str(exc))
    row = int(m.group(1)) if m else None
    return InputValidationError([Problem(file, row, None,
                                         f"berkas tidak bisa dibaca ({type(exc).__name__})",
                                         "CSV/Parquet/XLSX yang utuh dengan satu judul kolom")])


def connect(threads: int | None = None):
    """Open an in-memory DuckDB connection that is safe inside Jupyter.

    The progress bar is switched off in the connection config at connect
    time (``SET enable_progress_bar`` afterwards raises "ipywidgets is
    missing" inside Jupyter when ipywidgets is not installed).

    Examples
    --------
    >>> con = connect(1)
    >>> con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0]
    False
    >>> con.close()
    """
    import duckdb

    config: dict[str, object] = {"enable_progress_bar": False}
    if threads:
        config["threads"] = int(threads)
    try:
        return duckdb.connect(config=config)
    except duckdb.Error:  # an older DuckDB without this config key
        config.pop("enable_progress_bar")
        con = duckdb.connect(config=config)
        with contextlib.suppress(duckdb.Error):
            con.execute("SET enable_progress_bar = false").fetchall()
        return con


_connect = connect


def _register_source(con, path: Path, fmt: str, file: str) -> list[str]:
    """Create view ``raw`` (all columns + ``_row``) and return the original column names."""
    import duckdb

    if fmt == "parquet":
        src = f"read_parquet({_s(str(path))}, file_row_number = true)"
        con.execute(f"CREATE VIEW raw AS SELECT * EXCLUDE (file_row_number), "
                    f"file_row_number + 2 AS _row FROM {src}").fetchall()
    elif fmt == "csv":
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
        text, enc = decode_text(head)
        sep = "\t" if path.suffix.lower() == ".tsv" else sniff_separator(text)
        first = "latin-1" if enc == "cp1252" else "utf-8"
        last: Exception | None = None
        for encoding in (first, "latin-1"):
            src = (f"read_csv({_s(str(path))}, delim={_s(sep)}, header = true, all_varchar = true,"
                   f" encoding = {_s(encoding)}, null_padding = true)")
            try:
                con.execute(f"CREATE OR REPLACE TABLE raw AS SELECT *, "
                            f"CAST(row_number() OVER () + 1 AS BIGINT) AS _row FROM {src}"
                            ).fetchall()
                last = None
                break
            except duckdb.Error as exc:
                last = exc
        if last is not None:
            raise _safe_error(file, last) from None
    else:
        df = read_table(path)
        df = df.astype(object).where(df.notna(), None)
        for c in df.columns:  # NIK typed as a number in Excel: keep the digits
            df[c] = df[c].map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer()
                              else v)
        df = df.astype(str).where(df.notna(), None).reset_index().rename(columns={"baris": "_row"})
        df["_row"] = df["_row"].astype("int64")
        con.register("raw_df", df)
        con.execute("CREATE VIEW raw AS SELECT * FROM raw_df").fetchall()
    cols = [r[0] for r in con.execute("DESCRIBE raw").fetchall()]
    return [c for c in cols if c != "_row"]


def source_candidates(con, path: Path, fmt: str, file: str) -> list[tuple[str, bool]]:
    """Return SQL sources to read ``path`` from, best first, without materialising it.

    Returns ``(source, has_row)`` pairs: a ``read_csv`` per candidate encoding
    (all text, streamed by the caller's query), a ``read_parquet``, or a
    registered pandas frame for XLSX. ``has_row`` says that the source has its
    own ``_xrow`` column (spreadsheet row); otherwise rows are in file order
    (row = position + 2), which a ``CREATE TABLE AS`` keeps while
    ``preserve_insertion_order`` is on.
    """
    p = str(path)
    if fmt == "parquet":
        return [(f"read_parquet({_s(p)})", False)]
    if fmt == "csv":
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
        text, enc = decode_text(head)
        sep = "\t" if path.suffix.lower() == ".tsv" else sniff_separator(text)
        first = "latin-1" if enc == "cp1252" else "utf-8"
        return [(f"read_csv({_s(p)}, delim={_s(sep)}, header = true, all_varchar = true, "
                 f"encoding = {_s(e)}, null_padding = true)", False)
                for e in dict.fromkeys((first, "latin-1"))]
    df = read_table(path)
    df = df.astype(object).where(df.notna(), None)
    for c in df.columns:  # NIK typed as a number in Excel: keep the digits
        df[c] = df[c].map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer()
                          else v)
    df = df.astype(str).where(df.notna(), None).reset_index().rename(columns={"baris": "_xrow"})
    df["_xrow"] = df["_xrow"].astype("int64")
    con.register("raw_df", df)
    return [("raw_df", True)]
