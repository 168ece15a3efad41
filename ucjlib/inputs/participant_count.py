"""Count distinct active persons per unit x month x segment x funding (one pass per person).

Works on the typed table ``t`` / view ``tv`` built by
:mod:`ucjlib.inputs.participants` (NIK as BIGINT or NULL, raw
segment/funding/status text, parsed dates, ``_row``). The rules
(``participant_activity``, ``participant_precedence``):

* a record is active in month M when it starts on or before the last day of
  M and has no end date or ends after it; ``nonaktif`` rows without an end
  date count in no month;
* per person (NIK; a row with an invalid NIK is its own person) and month the
  record that counts is the one with the best segment rank
  (:func:`ucjlib.rules.segment_precedence`, from the rules data), then the
  latest start, then the last row in the file.

Every record gets a packed BIGINT key ``rank << 47 | (131071 - start day) <<
30 | (2^30 - 1 - row)``; the smallest key wins, so ``arg_min(cell, key)`` per
person, filtered to the records active in each month, names the winner. The
file is grouped by person once for all months (the same work as a bare
``GROUP BY nik``); the month windows are ``FILTER`` clauses, not a per-month
expansion of the records.
"""

from __future__ import annotations

import pandas as pd

from ucjlib.dataset import COVERAGE_COLUMNS
from ucjlib.inputs.sql import literal

_OPEN = 2147483647  # month index of a record without end date
_BATCH = 6
"""Months resolved per grouping pass (bounds the per-person aggregate state)."""


def _month_index(ym: str) -> int:
    return int(ym[:4]) * 12 + int(ym[5:7]) - 1


def _case(column: str, mapping: dict, default: str = "NULL") -> str:
    """Map the few distinct raw values of ``column`` to numbers with a SQL CASE."""
    whens = " ".join(f"WHEN {column} = {literal(k)} THEN {v}" for k, v in mapping.items()
                     if k is not None)
    none = mapping.get(None, default)
    return f"(CASE WHEN {column} IS NULL THEN {none} {whens} ELSE {default} END)"


def _cells(con, maps: dict) -> tuple[dict[str, str], pd.DataFrame, pd.DataFrame]:
    """Return SQL for each record's rank and cell, the kode index table and the cell keys.

    ``cell = kode index * 32 + segment index * 8 + funding index``; segment and
    funding come from CASE expressions over their few raw spellings, kode
    from a join with the distinct codes; ``off`` marks ``nonaktif``.
    """
    from ucjlib.inputs.dictionary import allowed_values
    from ucjlib.rules import segment_precedence

    rank = segment_precedence()
    segs, funds = allowed_values("segmen"), allowed_values("pendanaan")
    seg_map = {k: v for k, v in maps["segmen"].items() if v is not None}
    fund_map = {k: v for k, v in maps["pendanaan"].items() if v is not None}
    sql = {
        "rank": _case("seg", {k: rank[v] for k, v in seg_map.items()}),
        "segi": _case("seg", {k: segs.index(v) for k, v in seg_map.items()}),
        "fundi": _case("fund", {k: funds.index(v) for k, v in fund_map.items()}),
        "off": _case("stat", {k: "true" for k, v in maps["status"].items() if v == "nonaktif"},
                     "false"),
    }
    codes = sorted(r[0] for r in con.execute("SELECT DISTINCT kode FROM t").fetchall())
    kodes = pd.DataFrame({"kode": codes, "ki": range(len(codes))})
    keys = pd.DataFrame([(ki * 32 + si * 8 + fi, k, s, f) for k, ki in zip(codes, kodes["ki"],
                                                                          strict=True)
                         for si, s in enumerate(segs) for fi, f in enumerate(funds)],
                        columns=["cell", "kode", "segmen", "pendanaan"])
    return sql, kodes, keys


def count_active(con, months: list[str], maps: dict, drop_invalid: bool = False) -> pd.DataFrame:
    """Distinct persons per kode x periode x segmen x pendanaan for each month in ``months``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Connection holding ``t`` and ``tv``, already checked (no unknown
        segment or status, every kode known).
    months : list of str
        Months ``YYYY-MM`` to count (sorted, distinct).
    maps : dict
        ``{"segmen"|"pendanaan"|"status": {raw: canonical}}`` for the raw values in ``t``.
    drop_invalid : bool, default False
        Leave out rows whose NIK is invalid instead of counting each as a person.

    Returns
    -------
    pandas.DataFrame
        The canonical coverage columns, sorted by kode, periode, segmen, pendanaan.
    """
    empty = pd.DataFrame({c: pd.Series(dtype="int64" if c == "peserta_aktif" else "str")
                          for c in COVERAGE_COLUMNS})
    if not months:
        return empty
    idx = [_month_index(m) for m in months]
    m0, m1 = min(idx), max(idx)
    sql, kodes, keys = _cells(con, maps)
    con.register("kodes_df", kodes)
    con.execute("SET preserve_insertion_order = false").fetchall()
    try:
        # active records in the window, one compact row each; rows with an end date
        # stop counting in the month they end in (ending on the last day is not "after")
        start = "year(mulai) * 12 + month(mulai) - 1"
        stop = "year(berhenti) * 12 + month(berhenti) - 2"
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE r AS
            SELECT COALESCE(tv.nik, -tv._row) AS p,
                   CAST(c.ki * 32 + {sql['segi']} * 8 + {sql['fundi']} AS INTEGER) AS cell,
                   greatest({start}, {m0}) AS s,
                   least(CASE WHEN berhenti IS NULL THEN {_OPEN} ELSE {stop} END, {m1}) AS e,
                   (CAST({sql['rank']} AS BIGINT) << 47)
                   + (CAST(greatest(0, least(131071, 131071 - (mulai - DATE '1900-01-01')))
                           AS BIGINT) << 30)
                   + (1073741823 - tv._row) AS k
            FROM tv JOIN kodes_df c ON tv.kode = c.kode
            WHERE NOT ({sql['off']} AND berhenti IS NULL)
                  {'AND tv.nik IS NOT NULL' if drop_invalid else ''}
              AND {start} <= {m1}
              AND (berhenti IS NULL OR ({stop} >= {m0} AND {stop} >= {start}))
        """).fetchall()
        parts = []
        for b in range(0, len(idx), _BATCH):
            batch = idx[b:b + _BATCH]
            aggs = ", ".join(f"arg_min(cell, k) FILTER (WHERE s <= {m} AND e >= {m}) AS c{j}"
                             for j, m in enumerate(batch))
            lst = ", ".join(f"c{j}" for j in range(len(batch)))
            where = " OR ".join(f"(s <= {m} AND e >= {m})" for m in batch)
            parts.append(con.execute(f"""
                SELECT mi, cell, count(*) AS n FROM (
                    SELECT unnest([{lst}]) AS cell, unnest([{', '.join(map(str, batch))}]) AS mi
                    FROM (SELECT {aggs} FROM r WHERE {where} GROUP BY p))
                WHERE cell IS NOT NULL GROUP BY ALL""").df())
    finally:
        con.execute("SET preserve_insertion_order = true").fetchall()
        con.unregister("kodes_df")
    n = pd.concat(parts, ignore_index=True)
    if n.empty:
        return empty
    per = pd.DataFrame({"mi": idx, "periode": months})
    out = n.merge(per, on="mi").merge(keys, on="cell")
    out["peserta_aktif"] = out["n"].astype("int64")
    out = out.sort_values(["kode", "periode", "segmen", "pendanaan"])
    for c in ("kode", "periode", "segmen", "pendanaan"):
        out[c] = out[c].astype(str)
    return out[list(COVERAGE_COLUMNS)].reset_index(drop=True)
