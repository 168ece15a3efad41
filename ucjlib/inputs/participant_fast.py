"""Fast path of the participant aggregation: group the file directly, no typed table.

In the normal case (every region code known and inside the kabupaten, every
segment/funding/status spelling among those of a sample of the file, every
date readable and not in the future) the records are counted by ONE
streaming ``GROUP BY`` person over the file per batch of months, which also
counts every kind of problem. When any problem occurs (or region names must
be matched, or the file is XLSX), :func:`fast_aggregate` returns ``None`` and
:mod:`ucjlib.inputs.participants` takes the general path, which lists each
problem with file, row and column (never a cell value). The rules and the
packed winner key are those of :mod:`ucjlib.inputs.participant_count`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ucjlib.inputs.participant_count import (
    case_sql,
    count_rule,
    coverage_table,
    in_window,
    month_index,
    report_counts,
    value_maps,
    winners,
)
from ucjlib.inputs.sql import ident

_SAMPLE = 200_000
"""Rows read to learn the spellings of segment, funding and status."""
_MAX_ROWS = 1000
_TOP = 8
"""Best records kept per person in the grouping pass (more: resolved from a second pass)."""


def _sum(col) -> int:
    import pyarrow.compute as pc

    v = pc.sum(col).as_py()
    return int(v or 0)


def _sources(con, p: Path, fmt: str, file: str):
    """``(plain source, source with _xrow)`` pairs for CSV/Parquet, best first (lazily)."""
    from ucjlib.inputs.duck import source_candidates

    for src, has_row in source_candidates(con, p, fmt, file):
        if has_row:  # numbered by the reader (title block, empty rows dropped)
            numbered = src
        elif fmt == "parquet":
            numbered = (f"(SELECT * EXCLUDE (file_row_number), file_row_number + 2 AS _xrow "
                        f"FROM {src[:-1]}, file_row_number = true))")
        else:
            numbered = f"(SELECT *, row_number() OVER () + 1 AS _xrow FROM {src})"
        yield src, numbered


def fast_aggregate(con, p: Path, fmt: str, file: str, kab: str | None, periods,
                   invalid_nik: str, report, typed_select, default_months,
                   ) -> pd.DataFrame | None:
    """Return the coverage table, or ``None`` when the general path is needed.

    ``typed_select(types, shown, row)`` is the SELECT list of the typed
    records and ``default_months(last_start, None)`` the months counted
    without explicit periods (both from :mod:`ucjlib.inputs.participants`,
    passed in to keep the imports acyclic). ``report`` is filled exactly as
    the general path fills it (rows read, invalid NIK count and first rows,
    notes) only when a table is returned.
    """
    import duckdb

    from ucjlib.inputs.headers import map_headers

    if fmt not in ("csv", "parquet"):
        return None
    for src, numbered in _sources(con, p, fmt, file):
        try:
            types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}
            rename, _ = map_headers(list(types), "participants", file)
            shown = {canon: orig for orig, canon in rename.items()}
            if not {"nik", "kode", "segmen", "tgl_mulai", "status"} <= set(shown):
                return None
            orders = _date_orders(con, src, shown, types)
            if orders is None:
                return None
            typed = f"({typed_select(types, shown, True, True, orders)} FROM {numbered})"
            if _nik_suspect(con, typed, types[shown["nik"]]):
                return None  # NIKs stored as numbers? the general path decides (ucjlib.inputs.nik)
            return _run(con, typed, kab, periods, invalid_nik, report, default_months)
        except duckdb.Error:
            continue
    return None


def _date_orders(con, src: str, shown: dict[str, str], types: dict[str, str],
                 ) -> dict[str, str | None] | None:
    """Day/month order of each text date column from the sample, or None (general path).

    The sample must prove the order of a column with day/month dates
    (:func:`ucjlib.inputs.dates.decide_order`); a column whose sample has
    none reads them as NULL (order None). Either way a date of the rest of
    the file that is not real in that order is NULL, a problem that sends
    the file to the general path, which decides from every row, so both
    paths give the same result and notes.
    """
    from ucjlib.inputs.dates import sample_orders

    text = {name: ident(shown[name])
            for name in ("tgl_mulai", "tgl_berhenti", "tgl_lahir")
            if name in shown and types[shown[name]] == "VARCHAR"}
    decided = sample_orders(con, src, text, _SAMPLE)
    if any(o.mixed or o.guessed for o in decided.values()):
        return None
    return {name: o.order if o.proven else None for name, o in decided.items()}


def _nik_suspect(con, typed: str, typ: str) -> bool:
    """Tell whether a NIK column is not text, or its sampled 16-digit NIKs all end in 0."""
    if not (typ.upper().startswith("VARCHAR") or typ.upper() == "TEXT"):
        return True
    n, n0 = con.execute(f"SELECT count(*) FILTER (WHERE p NOT LIKE '#%'), count(*) FILTER "
                        f"(WHERE p NOT LIKE '#%' AND p LIKE '%0') FROM (SELECT p FROM {typed} "
                        f"LIMIT {_SAMPLE})").fetchall()[0]
    return n > 0 and n == n0


def _maps(con, typed: str) -> dict:
    """Return :func:`~ucjlib.inputs.participant_count.value_maps` of a sample's spellings."""
    raw = con.execute(f"SELECT list(DISTINCT seg), list(DISTINCT fund), list(DISTINCT stat) "
                      f"FROM (SELECT seg, fund, stat FROM {typed} LIMIT {_SAMPLE})").fetchall()[0]
    return value_maps({field: values or [] for field, values in
                       zip(("segmen", "pendanaan", "status"), raw[:3], strict=True)})


def _run(con, typed: str, kab: str | None, periods, invalid_nik: str, report,
         default_months) -> pd.DataFrame | None:
    from ucjlib.geo.wilayah import gazetteer
    from ucjlib.inputs import values as _values
    from ucjlib.inputs.dates import early_sql

    maps = _maps(con, typed)
    run_date = _values.today().isoformat()
    rule = count_rule(maps)
    stat_ok = case_sql("stat", {k: "true" for k, v in maps["status"].items() if v is not None},
                       "false")
    codes = gazetteer()["kode"].astype(str)
    if kab is not None:
        codes = codes[(codes == kab) | codes.str.startswith(kab + ".")]
    codes = sorted(set(codes))
    con.register("fast_kodes", pd.DataFrame({"kode": codes, "ki": np.arange(len(codes))}))
    bad = (f"c.ki IS NULL OR {rule.segment} IS NULL OR {rule.funding} IS NULL OR NOT {stat_ok} "
           f"OR mulai IS NULL OR berhenti_bad OR berhenti < mulai OR nik_sci "
           f"OR mulai > DATE '{run_date}' OR {early_sql('mulai')}")
    rec = (f"SELECT x.p, x._xrow, {rule.records('c.ki', 'x._xrow')}, {rule.lost} AS lost, "
           f"lahir_bad, mulai, ({bad}) AS bad "
           f"FROM {typed} x LEFT JOIN fast_kodes c ON x.kode = c.kode")
    con.execute("SET preserve_insertion_order = false").fetchall()
    try:
        if periods is None:
            last, n_bad = con.execute(
                f"SELECT max(mulai), count(*) FILTER (WHERE bad) FROM ({rec})").fetchall()[0]
            if n_bad:
                return None
            months = default_months(last, None)
        else:
            months = list(periods)
        idx = [month_index(m) for m in months]
        res = _count(con, rec, idx, invalid_nik == "drop")
        if res is None:
            return None  # a problem (or no rows): the general path lists it
        parts, totals = res
        if totals[4]:
            return None  # a birth date unreadable, in the future or too early: general path notes
    finally:
        con.execute("SET preserve_insertion_order = true").fetchall()
        con.unregister("fast_kodes")
    n_rows, _, bad_nik, lost = totals[:4]
    report.rows_read = n_rows
    report_counts(report, bad_nik, lambda: totals[5][:_MAX_ROWS], lost, months, invalid_nik)
    return coverage_table(parts, months, codes)


def _count(con, rec: str, idx: list[int], drop: bool):
    """Return ``([(month index, cell, n) frames], check totals)``, or None on any problem.

    Stage 1 (one pass over the file) groups the records by the NIK text
    ``p`` (as a bare ``GROUP BY nik`` does) and keeps each person's best
    records over the month window (``arg_min(..., 9)``, smallest key among
    the records active in some month of it) with their months, the row
    count, the counts of the row checks and the first row. The NIK is
    checked once per group: a group whose text is not 16 digits is one row
    (``p`` is then ``'#'`` + row), an invalid NIK counted as its own person,
    or left out with ``drop``; an invalid 16-character text on several rows
    sends the file to the general path. When a person's best record covers
    all the months of the others (one record, or a month window of one
    month, or a best record that spans the others) it is the winner in each
    of them: such persons are counted per (cell, first, last month). Persons
    with up to 8 records are resolved month by month from the list in numpy,
    the few others from their records (stage 2, a compact table).
    """
    names = ["n_rows", "n_bad", "n_badnik", "n_lost", "n_lahir"]
    if idx:
        m0, m1 = min(idx), max(idx)
    else:
        m0 = m1 = 0
    if m1 - m0 >= 4095:
        return None
    aw = f"act AND {in_window('s0', 'e0', m0, m1)}"
    s = f"(greatest(s0, {m0}) - {m0})"
    e = f"(least(e0, {m1}) - {m0})"
    packed = f"(CAST(cell AS BIGINT) << 24) + ({s} << 12) + {e}"
    # the row count and the three row checks in ONE sum per person (32 bits each):
    # every aggregate is one more random access per row into the hash table
    flags = ("sum(CASE WHEN COALESCE(bad, false) OR lost OR lahir_bad THEN "
             "1 + (CAST(COALESCE(bad, false) AS HUGEINT) << 32) + (CAST(lost AS HUGEINT) << 64)"
             " + (CAST(lahir_bad AS HUGEINT) << 96) ELSE CAST(1 AS HUGEINT) END)")
    # a NIK text that is not 16 digits is one row ('#' + row): its own person, or left out
    none = "top IS NULL OR bad_nik" if drop else "top IS NULL"
    if m0 == m1:
        # one month: the best active record is the winner (a plain min, fixed-size state)
        top = f"min((CAST(k AS HUGEINT) << 48) + {packed}) FILTER (WHERE {aw})"
        kind = "CASE WHEN bad_nik AND n_rows > 1 THEN 3 ELSE 0 END"
        w = f"CASE WHEN {none} THEN -1 ELSE CAST(top & {(1 << 48) - 1} AS BIGINT) END"
        top_out = "NULL"
    else:
        top = f"arg_min({packed}, k, {_TOP + 1}) FILTER (WHERE {aw})"
        top_s = "list_min(list_transform(top, lambda x: (x >> 12) & 4095))"
        top_e = "list_max(list_transform(top, lambda x: x & 4095))"
        kind = (f"CASE WHEN bad_nik AND n_rows > 1 THEN 3 WHEN {none} THEN 0 "
                f"WHEN len(top) = 1 THEN 0 WHEN len(top) > {_TOP} THEN 2 "
                f"WHEN {top_s} >= ((top[1] >> 12) & 4095) AND {top_e} <= (top[1] & 4095) "
                "THEN 0 ELSE 1 END")
        w = "CASE WHEN kind = 0 AND NOT (" + none + ") THEN top[1] ELSE -1 END"
        top_out = "CASE WHEN kind = 1 THEN top END"
    field = " & 4294967295 AS BIGINT)) AS "
    res = con.sql(f"""
        SELECT kind, w, CASE WHEN kind = 2 THEN p END AS p, {top_out} AS top, count(*) AS n,
               sum(CAST(f{field}n_rows, sum(CAST((f >> 32){field}n_bad,
               sum(CAST(f{field[:-4]} FILTER (WHERE bad_nik) AS n_badnik,
               sum(CAST((f >> 64){field}n_lost, sum(CAST((f >> 96){field}n_lahir,
               list(p) FILTER (WHERE bad_nik) AS bad_p
        FROM (SELECT *, {w} AS w
              FROM (SELECT *, {kind} AS kind
                    FROM (SELECT *, NOT regexp_full_match(p, '[0-9]{{16}}') AS bad_nik,
                                 CAST(f & 4294967295 AS BIGINT) AS n_rows
                          FROM (SELECT p, {top} AS top, {flags} AS f
                                FROM ({rec}) GROUP BY p))))
        GROUP BY ALL""").to_arrow_table()
    if hasattr(res, "read_all"):
        res = res.read_all()
    kind = res.column("kind").to_numpy()
    if (kind == 3).any():
        return None  # an invalid 16-character NIK text on several rows: the general path
    totals = [_sum(res.column(c)) for c in names]
    totals.append(_bad_rows(con, rec, [x for lst in res.column("bad_p").to_pylist() if lst
                                       for x in lst]))
    if totals[1] or not totals[0] or not idx:
        return None if (totals[1] or not totals[0]) else ([], totals)
    w_all = res.column("w").to_numpy()
    n_all = res.column("n").to_numpy().astype(np.int64)
    keep = (kind == 0) & (w_all >= 0)
    w, n = w_all[keep].astype(np.int64), n_all[keep]
    lo, hi = (w >> 12) & 4095, w & 4095
    span = hi - lo + 1
    rows = np.repeat(np.arange(len(w)), span)
    month = lo[rows] + (np.arange(len(rows)) - np.repeat(np.cumsum(span) - span, span))
    wanted = np.isin(month + m0, idx)
    parts = [pd.DataFrame({"mi": month[wanted] + m0, "cell": (w >> 24)[rows[wanted]],
                           "n": n[rows[wanted]]})]
    listed = np.flatnonzero(kind == 1)
    if len(listed):
        parts.append(_resolve_listed(res.column("top").take(listed), n_all[listed], idx, m0))
    complex_p = res.column("p").to_numpy(zero_copy_only=False)[kind == 2]
    if len(complex_p):
        con.register("fast_complex", pd.DataFrame({"p": complex_p.astype(object)}))
        con.execute(f"CREATE OR REPLACE TEMP TABLE fast_r AS SELECT p, cell, s0, e0, k FROM "
                    f"({rec}) WHERE {aw} AND p IN (SELECT p FROM fast_complex)").fetchall()
        con.unregister("fast_complex")
        parts += winners(con, "fast_r", idx)
        con.execute("DROP TABLE fast_r").fetchall()
    n_all = pd.concat(parts, ignore_index=True)
    n_all = n_all.groupby(["mi", "cell"], as_index=False)["n"].sum()
    return [n_all], totals


def _bad_rows(con, rec: str, keys: list[str]) -> list[int]:
    """Sorted rows of the invalid NIKs (at most _MAX_ROWS), from their group keys.

    A key ``'#'`` + row names its row; the rows of the rare invalid texts of
    16 characters (one row each) are looked up with one more query.
    """
    rows = sorted(int(k[1:]) for k in keys if k.startswith("#"))[:_MAX_ROWS]
    other = [k for k in keys if not k.startswith("#")]
    if other:
        con.register("fast_badp", pd.DataFrame({"p": pd.Series(other, dtype=object)}))
        rows += [int(r[0]) for r in con.execute(
            f"SELECT _xrow FROM ({rec}) WHERE p IN (SELECT p FROM fast_badp)").fetchall()]
        con.unregister("fast_badp")
        rows = sorted(rows)[:_MAX_ROWS]
    return rows


def _resolve_listed(top, n: np.ndarray, idx: list[int], m0: int) -> pd.DataFrame:
    """Winners per requested month of persons given by all their (at most _TOP) records.

    ``top`` holds each person's packed records, best first; in each month the
    first record active in it wins.
    """
    import pyarrow as pa

    top = top.combine_chunks() if isinstance(top, pa.ChunkedArray) else top
    offsets = top.offsets.to_numpy()
    flat = top.values.to_numpy().astype(np.int64)
    lens = np.diff(offsets)
    grid = np.full((len(lens), _TOP), -1, dtype=np.int64)
    pos = np.arange(len(flat)) - np.repeat(offsets[:-1], lens)
    grid[np.repeat(np.arange(len(lens)), lens), pos] = flat
    valid = grid >= 0
    s, e, cell = (grid >> 12) & 4095, grid & 4095, grid >> 24
    out = []
    for m in idx:
        j = m - m0
        act = valid & (s <= j) & (e >= j)
        has = act.any(axis=1)
        first = act.argmax(axis=1)
        out.append(pd.DataFrame({"mi": m, "cell": cell[np.arange(len(lens)), first][has],
                                 "n": n[has]}))
    return pd.concat(out, ignore_index=True)
