"""DuckDB basics of the input readers: a Jupyter-safe connection and SQL quoting.

Every SQL text built from a file's column names or values quotes them with
:func:`ident` (a column name) or :func:`literal` (a text value): the one
quoting rule of :mod:`ucjlib.inputs`.
"""

from __future__ import annotations

import contextlib


def ident(name: object) -> str:
    """Return ``name`` as a quoted SQL identifier (a column name, any characters).

    Examples
    --------
    >>> print(ident('Kode "Desa" 2'))
    "Kode ""Desa"" 2"
    """
    return '"' + str(name).replace('"', '""') + '"'


def literal(text: object) -> str:
    """Return ``text`` as a quoted SQL string literal.

    Examples
    --------
    >>> print(literal("Jum'at"))
    'Jum''at'
    """
    return "'" + str(text).replace("'", "''") + "'"


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
