"""Columnar check of large aggregated coverage files (CSV and Parquet) with DuckDB.

DuckDB reads the file (streaming, all text); each column's *distinct* values
are parsed once in Python by the same parsers as the pandas path
(:mod:`ucjlib.inputs.values`, region codes, categories), and the results are
joined back in DuckDB, where every problem is collected with a query (up to
:data:`~ucjlib.inputs.validation.MAX_ROW_PROBLEMS` rows per kind, then a
count). Files that need the general path (region names instead of codes, a
title block above the header, XLSX) go through
:func:`ucjlib.inputs.validation.check_table` as before.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pandas as pd

from ucjlib.dataset import COVERAGE_COLUMNS
from ucjlib.errors import Problem
from ucjlib.inputs.cells import is_excel_error
from ucjlib.inputs.duck import reading, safe_error, source_candidates
from ucjlib.inputs.headers import resolve_headers
from ucjlib.inputs.problems import DEMO_VALUES, TRUE_VALUES, row_problems
from ucjlib.inputs.sql import connect, ident, literal
from ucjlib.inputs.table_rules import coverage_rules, duplicate_problems, mixed_rows_problem
from ucjlib.inputs.values import (
    canonical_values,
    decimal_mark,
    parse_count,
    period_column,
)
from ucjlib.text import Note

_SQL_MAX = 1000
_EMPTY = "\u0001ucj:kosong"  # ENUM placeholder of a column with no text at all


def check_coverage_columnar(path: Path, fmt: str, kab: str | None, report, text: bool = True,
                            ) -> tuple[pd.DataFrame | None, list[Problem]] | None:
    """Check and load a coverage CSV/Parquet with codes; ``None`` when the general path is needed.

    Returns ``(table, problems)`` like :func:`~ucjlib.inputs.validation.check_table`
    (``table`` is None when there are problems). ``text=False`` leaves the
    key columns as pandas categoricals (same values; for a check whose
    table is not kept, the ``str`` columns are most of the peak memory).

    The file is never stored as text: one streaming scan collects each
    column's distinct values, which are parsed once in Python; a second
    streaming scan stores every cell as the index of its distinct value
    (DuckDB ENUM, 1-4 bytes) in file order, so ``rowid + 2`` is the
    spreadsheet row. Problems and the canonical table come from queries over
    that compact table and the small per-value tables.
    """
    import duckdb

    file = str(path)
    con = connect()
    try:
        with contextlib.suppress(duckdb.Error):  # give memory back between the steps
            con.execute(f"SET memory_limit = '{_MEMORY_LIMIT}'").fetchall()
            con.execute("SET allocator_flush_threshold = '16MB'").fetchall()
        with reading(path, fmt, file, kind="coverage") as prep:
            last: Exception | None = None
            for src, has_row in source_candidates(con, path, fmt, file):
                if has_row:
                    return None  # a title block or empty rows: the general path, same rules
                try:
                    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {src}")
                             .fetchall()}
                    rename, notes, conflicts = resolve_headers(list(types), "coverage", file)
                    if conflicts:
                        return None, conflicts
                    shown = {canon: orig for orig, canon in rename.items()}
                    if not {"kode", "periode", "segmen", "peserta_aktif"} <= set(shown):
                        return None  # names or a missing column: the general path
                    cols = [c for c in _COLUMNS if c in shown]
                    distinct = _distinct(con, src, shown, types, cols)
                except duckdb.Error as exc:
                    last = exc
                    continue
                n_rows, n_null_kode, values = distinct
                if n_null_kode and "kecamatan" in shown:
                    return None
                if not n_rows:
                    return None  # the general path says "no data rows"
                report.notes += prep.notes + notes
                return _check(con, src, file, kab, shown, cols, values, report, text)
            raise safe_error(file, last) from None
    finally:
        con.close()


_COLUMNS = ("kode", "periode", "segmen", "pendanaan", "peserta_aktif")
_MEMORY_LIMIT = "1GB"
"""DuckDB's own limit for the check (it spills beyond it); the stored table is small."""


def _distinct(con, src: str, shown: dict[str, str], types: dict[str, str], cols: list[str]):
    """One scan: row count, empty kode count and ``{column: {text: native value}}``.

    Text columns (every CSV column) are collected in one pass; typed Parquet
    columns keep their native value for the parser next to the text that
    identifies it in the stored table.
    """
    text = [c for c in cols if types[shown[c]] == "VARCHAR"]
    res = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE " + ident(shown["kode"]) + " IS NULL)"
        + "".join(f", list(DISTINCT {ident(shown[c])})" for c in text) + f" FROM {src}"
    ).fetchall()[0]
    values: dict[str, dict] = {c: {v: v for v in (lst or [])} for c, lst in
                               zip(text, res[2:], strict=True)}
    for c in cols:
        if c not in values:
            q = ident(shown[c])
            values[c] = {s: v for v, s in con.execute(
                f"SELECT DISTINCT {q}, CAST({q} AS VARCHAR) FROM {src} WHERE {q} IS NOT NULL"
            ).fetchall()}
    return int(res[0]), int(res[1]), values


def _check(con, src: str, file: str, kab: str | None, shown: dict[str, str], cols: list[str],
           values: dict[str, dict], report, text: bool = True,
           ) -> tuple[pd.DataFrame | None, list[Problem]]:
    from ucjlib.inputs.levels import reconcile_levels

    parsers = {"kode": _codes(kab), "segmen": _category("segmen"),
               "periode": lambda raw: _periods(raw, report.notes, shown["periode"]),
               "pendanaan": _category("pendanaan"), "peserta_aktif": _counts}
    if "pendanaan" not in shown:
        report.notes.append(Note("inputs.no_funding"))
    # each distinct value parsed once: (text, value, error); None stands for an empty cell
    parsed: dict[str, dict] = {}
    cats: dict[str, list] = {}
    for c in cols:
        texts = list(values[c])
        res = parsers[c]([None] + [values[c][s] for s in texts])
        parsed[c] = dict(zip([None, *texts], res, strict=True))
        if c != "peserta_aktif":
            cats[c] = sorted({v for v, e in res if e is None})
        for s in texts:  # an Excel error value (#N/A ...): its own message, never parsed
            if is_excel_error(values[c][s]):
                parsed[c][s] = (None, "excel")
    if "pendanaan" not in shown:
        cats["pendanaan"] = ["lainnya"]
    # the compact table: one ENUM index per cell, in file order (rowid + 2 = spreadsheet row)
    sel = []
    for i, c in enumerate(cols):
        texts = [s for s in values[c] if s is not None] or [_EMPTY]
        con.register("enum_df", pd.DataFrame({"s": pd.Series(texts, dtype=object)}))
        con.execute(f"CREATE TYPE e{i} AS ENUM (SELECT s FROM enum_df)").fetchall()
        con.unregister("enum_df")
        sel.append(f"CAST(CAST({ident(shown[c])} AS VARCHAR) AS e{i}) AS c{i}")
        ids = {v: j for j, v in enumerate(cats.get(c, []))}
        rows = [(s, ids.get(v) if c != "peserta_aktif" else v, e)
                for s, (v, e) in parsed[c].items() if s is not None]
        con.register("map_df", pd.DataFrame(rows or [(_EMPTY, None, None)],
                                            columns=["s", "v", "err"]).astype(
            {"v": "Int64", "err": object, "s": object}))
        con.execute(f"CREATE TEMP TABLE m{i} AS SELECT CAST(s AS e{i}) AS e, "
                    "CAST(v AS BIGINT) AS v, CAST(err AS VARCHAR) AS err FROM map_df").fetchall()
        con.unregister("map_df")
    demo_cols = [c for c in ("label_data", "demo") if c in shown]
    if demo_cols:
        demo_vals = ", ".join(literal(v) for v in DEMO_VALUES)
        true_vals = ", ".join(literal(v) for v in TRUE_VALUES)
        cond = " OR ".join(
            f"lower(trim(CAST({ident(shown[c])} AS VARCHAR))) IN "
            f"({demo_vals if c == 'label_data' else true_vals})" for c in demo_cols)
        sel.append(f"COALESCE({cond}, false) AS is_demo")
    con.execute(f"CREATE TEMP TABLE t AS SELECT {', '.join(sel)} FROM {src}").fetchall()
    report.rows_read = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    problems: list[Problem] = []
    rules = coverage_rules(kab)
    for i, c in enumerate(cols):
        kinds: dict[str, list] = {}
        for s, (_v, err) in parsed[c].items():
            if err is not None:
                kinds.setdefault(err, []).append(s)
        for err, texts in kinds.items():
            rule = rules[(c, err)]
            where = _where(i, err, None in texts)
            total = con.execute(f"SELECT count(*) FROM t WHERE {where}").fetchall()[0][0]
            if not total:
                continue
            rows = con.execute(f"SELECT rowid + 2, CAST(c{i} AS VARCHAR) FROM t WHERE {where} "
                               f"ORDER BY rowid LIMIT {_SQL_MAX}").fetchall()
            cells = dict(rows)
            # rows beyond the first MAX_ROW_PROBLEMS are only counted (placeholders)
            problems += row_problems(
                file, list(cells) + [0] * (total - len(cells)), shown[c],
                lambda r, u=rule, v=cells: u.text(v[r]), rule.expected)
    demo, dprobs = _demo(con, demo_cols, shown, file, report)
    problems += dprobs
    key = ["kode", "periode", "segmen", "pendanaan"]
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    if problems:
        return None, problems
    df, dups = _table(con, cols, key, parsed, values, cats)
    if dups is not None:  # duplicate keys: found on the sorted packed key, no DuckDB grouping
        return None, _duplicate_problems(file, key, cats, *dups)
    df, lprobs, lnotes = reconcile_levels(df, key[1:], ["peserta_aktif"], file, shown,
                                          " x ".join(key[1:]))
    if lprobs:
        return None, lprobs
    report.notes += lnotes
    report.source_rows = df.index.to_numpy(dtype=np.int64)
    df = df.reset_index(drop=True)
    for c in key if text else ():
        df[c] = _text(df[c])
    df = df[list(COVERAGE_COLUMNS)]
    report.demo = demo
    report.rows_loaded = len(df)
    return df, []


def _table(con, cols: list[str], key: list[str], parsed: dict, values: dict,
           cats: dict) -> tuple[pd.DataFrame | None, tuple | None]:
    """Return the canonical rows sorted by key (categoricals; index: spreadsheet row).

    The stored ENUM indexes are fetched in file order and translated and
    sorted with numpy: no text and no sort inside DuckDB. When a key occurs
    on several rows, returns ``(None, (rows, first rows, key codes))``
    instead (see :func:`_duplicates_sorted`).
    """
    res = con.execute("SELECT " + ", ".join(f"enum_code(c{i}) AS c{i}" for i in range(len(cols)))
                      + " FROM t").fetchnumpy()
    con.close()  # DuckDB's memory is given back before the frame is built
    n = len(res["c0"])
    arrays = {}
    for i, c in enumerate(cols):
        texts = list(values[c])
        if c == "peserta_aktif":
            lut = np.array([parsed[c][s][0] for s in texts] or [0], dtype=np.int64)
        else:
            ids = {v: j for j, v in enumerate(cats[c])}
            lut = np.array([ids[parsed[c][s][0]] for s in texts] or [0], dtype=np.int32)
        arrays[c] = lut[np.asarray(res.pop(f"c{i}"), dtype=np.int64)]
    if "pendanaan" not in arrays:
        arrays["pendanaan"] = np.zeros(n, dtype=np.int32)
    sizes = [len(cats[c]) for c in key]
    packed = arrays.pop(key[0]).astype(np.int64)
    for c, size in zip(key[1:], sizes[1:], strict=True):
        packed = packed * size + arrays.pop(c)
    order = np.argsort(packed, kind="stable")
    packed = packed[order]
    dups = _duplicates_sorted(packed, order, key, sizes)
    if dups is not None:
        return None, dups
    codes = {}
    for c, size in zip(reversed(key), reversed(sizes), strict=True):
        codes[c] = (packed % size).astype(np.int32)
        packed //= size
    del packed
    df = pd.DataFrame({c: pd.Categorical.from_codes(codes.pop(c), cats[c]) for c in key})
    df["peserta_aktif"] = arrays.pop("peserta_aktif")[order]
    df.index = pd.Index(order.astype(np.int64) + 2, name="baris")
    return df, None


def _duplicates_sorted(packed: np.ndarray, order: np.ndarray, key: list[str],
                       sizes: list[int]) -> tuple | None:
    """Rows whose key equals an earlier row's, from the key packed and sorted (stable).

    Returns ``(rows, first rows, {column: codes})`` in row order, or None:
    within equal keys the stable sort keeps file order, so the first of a
    run is the earliest row and every other row of the run is a duplicate.
    """
    same = packed[1:] == packed[:-1]
    if not same.any():
        return None
    starts = np.r_[True, ~same]
    run_start = np.maximum.accumulate(np.where(starts, np.arange(len(packed)), 0))
    pos = np.flatnonzero(~starts)
    rows = order[pos].astype(np.int64) + 2
    first = order[run_start[pos]].astype(np.int64) + 2
    k = packed[pos]
    codes = {}
    for c, size in zip(reversed(key), reversed(sizes), strict=True):
        codes[c] = k % size
        k = k // size
    by_row = np.argsort(rows, kind="stable")
    return rows[by_row], first[by_row], {c: v[by_row] for c, v in codes.items()}


def _duplicate_problems(file: str, key: list[str], cats: dict[str, list], rows: np.ndarray,
                        first: np.ndarray, codes: dict) -> list[Problem]:
    info = {int(r): ([cats[c][int(codes[c][i])] for c in key], int(first[i]))
            for i, r in enumerate(rows)}
    return duplicate_problems(file, key, info)


def _text(col: pd.Series) -> pd.Series:
    """Categorical text column as the pandas path's ``str`` column, without Python strings."""
    import pyarrow as pa

    arr = pa.DictionaryArray.from_arrays(pa.array(col.cat.codes.to_numpy()),
                                         pa.array(list(col.cat.categories), pa.string()))
    return pd.Series(arr.cast(pa.string()), dtype="str", index=col.index, name=col.name)


def _where(i: int, err: str, null: bool) -> str:
    """Return the SQL condition: column ``c{i}`` of ``t`` has error ``err`` (or is empty)."""
    cond = f"c{i} IN (SELECT e FROM m{i} WHERE err = {literal(err)})"
    return f"({cond} OR c{i} IS NULL)" if null else cond


def _codes(kab: str | None):
    from ucjlib.geo.wilayah import gazetteer

    known = set(gazetteer()["kode"])

    def parse(raw: list) -> list:
        out = []
        for v in raw:
            s = None if v is None else str(v).strip() or None
            if s is None:
                out.append((None, "empty"))
            elif s not in known:
                out.append((None, "unknown"))
            elif kab is not None and s != kab and not s.startswith(kab + "."):
                out.append((None, "outside"))
            else:
                out.append((s, None))
        return out
    return parse


def _periods(raw: list, notes: list[str] | None = None, column: str = "periode") -> list:
    """``(YYYY-MM, error)`` per distinct value, by the column rule of :func:`period_column`.

    The day/month order is decided from all the values together; when no
    date proves it, a note for ``notes`` says that D/M/Y was used.
    """
    values, errors, order = period_column(list(raw))
    if notes is not None and order.note(column):
        notes.append(order.note(column))
    return [(None, e) if e is not None else (v, None)
            for v, e in zip(values.tolist(), errors.tolist(), strict=True)]


def _category(field: str):
    def parse(raw: list) -> list:
        canon = canonical_values(pd.Series(raw, dtype=object), field).tolist()
        return [((None, "empty") if r is None or not str(r).strip() else
                 (c, None) if c is not None else (None, "unknown"))
                for r, c in zip(raw, canon, strict=True)]
    return parse


def _counts(raw: list) -> list:
    dec = decimal_mark([str(v).strip() for v in raw if v is not None])
    out = []
    for v in raw:
        val, err = parse_count(v, dec)
        out.append((val, "empty" if val is None and err is None else err))
    return out


def _demo(con, demo_cols: list[str], shown: dict[str, str], file: str, report,
          ) -> tuple[bool, list[Problem]]:
    meta = False
    if report.file.lower().endswith((".parquet", ".pq")):
        from ucjlib.inputs.files import parquet_is_demo

        meta = parquet_is_demo(report.file)
    if not demo_cols:
        return meta, []
    n_demo, n, first_not = con.execute(
        "SELECT count(*) FILTER (WHERE is_demo), count(*), min(rowid + 2) FILTER (WHERE NOT "
        "is_demo) FROM t").fetchall()[0]
    if n_demo == 0:
        return meta, []
    if n_demo == n:
        return True, []
    return True, [mixed_rows_problem(file, first_not, shown[demo_cols[0]], n - n_demo, n_demo)]


__all__ = ["check_coverage_columnar"]
