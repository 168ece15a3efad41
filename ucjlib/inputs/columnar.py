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

from pathlib import Path

import numpy as np
import pandas as pd

from ucjlib.dataset import COVERAGE_COLUMNS
from ucjlib.errors import Problem
from ucjlib.inputs.dictionary import allowed_values
from ucjlib.inputs.duck import _register_source, connect
from ucjlib.inputs.privacy import with_value
from ucjlib.inputs.problems import _DEMO_VALUES, _TRUE, row_problems
from ucjlib.inputs.readers import canonical_values, map_headers
from ucjlib.inputs.values import (
    COUNT_ERRORS,
    COUNT_EXPECTED,
    current_month,
    decimal_mark,
    parse_count,
    parse_period,
)

_SQL_MAX = 1000


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def check_coverage_columnar(path: Path, fmt: str, kab: str | None, report,
                            ) -> tuple[pd.DataFrame | None, list[Problem]] | None:
    """Check and load a coverage CSV/Parquet with codes; ``None`` when the general path is needed.

    Returns ``(table, problems)`` like :func:`~ucjlib.inputs.validation.check_table`
    (``table`` is None when there are problems).
    """
    file = str(path)
    con = connect()
    try:
        cols = _register_source(con, path, fmt, file)
        rename, _ = map_headers(cols, "coverage")
        shown = {canon: orig for orig, canon in rename.items()}
        if not {"kode", "periode", "segmen", "peserta_aktif"} <= set(shown):
            return None  # names, a title block or a missing column: the general path says it
        n_null = con.execute(f"SELECT count(*) FROM raw WHERE {_q(shown['kode'])} IS NULL"
                             ).fetchall()[0][0]
        if n_null and "kecamatan" in shown:
            return None
        return _check(con, file, kab, shown, report)
    finally:
        con.close()


def _map_table(con, name: str, column: str, func) -> None:
    """Table ``name`` (raw, v, err): each distinct value of ``column`` parsed once."""
    raw = [r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM raw").fetchall()]
    parsed = func(raw)
    df = pd.DataFrame({"raw": pd.Series(raw, dtype=object),
                       "v": pd.Series([p[0] for p in parsed], dtype=object),
                       "err": pd.Series([p[1] for p in parsed], dtype=object)})
    con.register(f"{name}_df", df)
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_df").fetchall()
    con.unregister(f"{name}_df")


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


def _periods(raw: list) -> list:
    now = current_month()
    out = []
    for v in raw:
        if v is None or not str(v).strip():
            out.append((None, "empty"))
            continue
        ym = parse_period(v)
        out.append((None, "bad") if ym is None else (None, "future") if ym > now else (ym, None))
    return out


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


def _check(con, file: str, kab: str | None, shown: dict[str, str], report,
           ) -> tuple[pd.DataFrame | None, list[Problem]] | None:
    from ucjlib.inputs.levels import reconcile_levels

    specs = [("kmap", "kode", _codes(kab)), ("pmap", "periode", _periods),
             ("smap", "segmen", _category("segmen")), ("nmap", "peserta_aktif", _counts)]
    if "pendanaan" in shown:
        specs.append(("fmap", "pendanaan", _category("pendanaan")))
    else:
        report.notes.append("Berkas tidak punya kolom pendanaan; semua baris dianggap 'lainnya'.")
    for name, col, func in specs:
        _map_table(con, name, _q(shown[col]), func)
    joins = " ".join(f"LEFT JOIN {name} ON {name}.raw IS NOT DISTINCT FROM raw.{_q(shown[col])}"
                     for name, col, _ in specs)
    fund = "fmap.v" if "pendanaan" in shown else "'lainnya'"
    fund_err = "fmap.err" if "pendanaan" in shown else "NULL"
    con.execute(f"""
        CREATE TEMP TABLE t AS
        SELECT raw._row, kmap.v AS kode, kmap.err AS kode_err, pmap.v AS periode,
               pmap.err AS periode_err, smap.v AS segmen, smap.err AS segmen_err,
               {fund} AS pendanaan, {fund_err} AS pendanaan_err,
               CAST(nmap.v AS BIGINT) AS peserta_aktif, nmap.err AS n_err
        FROM raw {joins}""").fetchall()
    report.rows_read = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    if not report.rows_read:
        return None  # the general path says "no data rows"
    problems: list[Problem] = []
    now = current_month()
    messages = {
        ("kode", "empty"): ("kode wilayah kosong", "kode Kemendagri, mis. 35.22.16", False),
        ("kode", "unknown"): ("kode wilayah tidak dikenal",
                              "kode Kemendagri, mis. 35.22.16 (cari dengan `ucj wilayah find`)",
                              True),
        ("kode", "outside"): (f"tidak berada di wilayah {kab}", f"kode yang diawali {kab}.",
                              "code"),
        ("periode", "empty"): ("sel kosong", "bulan, mis. 2025-06", False),
        ("periode", "bad"): ("bukan bulan yang ada",
                             "bulan, mis. 2025-06, 06/2025 atau Juni 2025 (tanggal harus ada)",
                             True),
        ("periode", "future"): ("bulan di masa depan", f"bulan sampai {now} (bulan berjalan)",
                                True),
        ("segmen", "empty"): ("sel kosong", ", ".join(allowed_values("segmen")), False),
        ("segmen", "unknown"): ("segmen tidak dikenal", ", ".join(allowed_values("segmen")),
                                True),
        ("pendanaan", "empty"): ("sel kosong", ", ".join(allowed_values("pendanaan")), False),
        ("pendanaan", "unknown"): ("pendanaan tidak dikenal",
                                   ", ".join(allowed_values("pendanaan")), True),
        ("peserta_aktif", "empty"): ("sel kosong", COUNT_EXPECTED, False),
    }
    for key, text in COUNT_ERRORS.items():
        messages[("peserta_aktif", key)] = (text, COUNT_EXPECTED, True)
    errcol = {"kode": "kode_err", "periode": "periode_err", "segmen": "segmen_err",
              "pendanaan": "pendanaan_err", "peserta_aktif": "n_err"}
    found = con.execute("SELECT " + ", ".join(
        f"list(DISTINCT {c}) FILTER (WHERE {c} IS NOT NULL)" for c in errcol.values())
        + " FROM t").fetchall()[0]
    for (col, ecol), errs in zip(errcol.items(), found, strict=True):
        for err in errs or []:
            msg, expected, show = messages[(col, err)]
            total = con.execute(f"SELECT count(*) FROM t WHERE {ecol} = ?", [err]).fetchall()[0][0]
            rows = con.execute(
                f"SELECT t._row, CAST(raw.{_q(shown[col])} AS VARCHAR) FROM t JOIN raw USING "
                f"(_row) WHERE {ecol} = ? ORDER BY t._row LIMIT {_SQL_MAX}", [err]).fetchall()
            values = dict(rows)
            # rows beyond the first MAX_ROW_PROBLEMS are only counted (placeholders)
            problems += row_problems(
                file, list(values) + [0] * (total - len(values)), shown[col],
                lambda r, m=msg, s=show, v=values: (f"kode {v[r]} {m}" if s == "code" else
                                                    with_value(m, v[r], False) if s else m),
                expected)
    demo, dprobs = _demo(con, shown, file, report)
    problems += dprobs
    key = ["kode", "periode", "segmen", "pendanaan"]
    if not problems:
        problems += _duplicates(con, file, key)
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    if problems:
        return None, problems
    out = con.sql("SELECT kode, periode, segmen, pendanaan, peserta_aktif, _row FROM t "
                  "ORDER BY kode, periode, segmen, pendanaan").arrow()
    if hasattr(out, "read_all"):
        out = out.read_all()
    df = out.to_pandas()
    df.index = pd.Index(df.pop("_row").to_numpy(), name="baris")
    df, lprobs, lnotes = reconcile_levels(df, key[1:], ["peserta_aktif"], file, shown,
                                          " x ".join(key[1:]))
    if lprobs:
        return None, lprobs
    report.notes += lnotes
    report.source_rows = df.index.to_numpy(dtype=np.int64)
    df = df[list(COVERAGE_COLUMNS)].reset_index(drop=True)
    df.attrs["demo"] = demo
    report.rows_loaded = len(df)
    return df, []


def _demo(con, shown: dict[str, str], file: str, report) -> tuple[bool, list[Problem]]:
    cols = [c for c in ("label_data", "demo") if c in shown]
    meta = False
    if report.file.lower().endswith((".parquet", ".pq")):
        from ucjlib.inputs.readers import parquet_is_demo

        meta = parquet_is_demo(report.file)
    if not cols:
        return meta, []
    demo_vals = ", ".join("'" + v.replace("'", "''") + "'" for v in _DEMO_VALUES)
    true_vals = ", ".join(f"'{v}'" for v in _TRUE)
    cond = " OR ".join(
        f"lower(trim(CAST({_q(shown[c])} AS VARCHAR))) IN "
        f"({demo_vals if c == 'label_data' else true_vals})" for c in cols)
    n_demo, n, first_not = con.execute(
        f"SELECT count(*) FILTER (WHERE {cond}), count(*), min(_row) FILTER (WHERE NOT "
        f"COALESCE({cond}, false)) FROM raw").fetchall()[0]
    if n_demo == 0:
        return meta, []
    if n_demo == n:
        return True, []
    col = cols[0]
    return True, [Problem(file, int(first_not), shown[col],
                          f"campuran baris data demo (sintetis) dan bukan demo: {n - n_demo} "
                          f"baris tanpa label demo, {n_demo} dengan",
                          "satu berkas berisi data demo saja atau data sungguhan saja")]


def _duplicates(con, file: str, key: list[str]) -> list[Problem]:
    k = ", ".join(key)
    n = con.execute(f"SELECT count(*) FROM (SELECT {k} FROM t GROUP BY {k} HAVING count(*) > 1)"
                    ).fetchall()[0][0]
    if not n:
        return []
    rows = con.execute(f"""
        SELECT _row, {k}, first FROM (
            SELECT _row, {k}, min(_row) OVER (PARTITION BY {k}) AS first FROM t
            WHERE ({k}) IN (SELECT ({k}) FROM t GROUP BY {k} HAVING count(*) > 1))
        WHERE _row <> first ORDER BY _row""").fetchall()
    info = {r[0]: r for r in rows}
    return row_problems(file, list(info), None,
                        lambda r: f"kunci ganda {dict(zip(key, info[r][1:5], strict=True))}: "
                        f"sama dengan baris {info[r][5]}", "satu baris per " + " x ".join(key))


__all__ = ["check_coverage_columnar"]
