"""The participant-counting rule: which record of a person counts, in which month, where.

This module owns the rule; both paths of :mod:`ucjlib.inputs.participants`
use it: :func:`count_active` (the general path, over the checked typed
table) and :mod:`ucjlib.inputs.participant_fast` (the file grouped
directly), through :func:`value_maps`, :func:`count_rule` (the SQL of the
precedence key, the cell, the months and which records count),
:func:`winners` and :func:`coverage_table`.

:func:`count_active` works on the typed table ``t`` / view ``tv`` built by
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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ucjlib.dataset import COVERAGE_COLUMNS
from ucjlib.inputs.sql import literal

OPEN_END = 2147483647
"""Month index of a record without end date."""
BATCH = 6
"""Months resolved per grouping pass (bounds the per-person aggregate state)."""
KODE_STRIDE, SEGMENT_STRIDE = 32, 8
"""A cell is ``kode index * 32 + segment index * 8 + funding index`` (4 segments, 8 fundings)."""
START_MONTH = "year(mulai) * 12 + month(mulai) - 1"
"""Month index of a record's first month."""
END_MONTH = (f"CASE WHEN berhenti IS NULL THEN {OPEN_END} "
             "ELSE year(berhenti) * 12 + month(berhenti) - 2 END")
"""Month index of a record's last month: it stops counting in the month it ends in."""


def month_index(ym: str) -> int:
    """Return the month index of ``YYYY-MM`` (year * 12 + month - 1).

    Examples
    --------
    >>> month_index("2025-01") - month_index("2024-12")
    1
    """
    return int(ym[:4]) * 12 + int(ym[5:7]) - 1


def case_sql(column: str, mapping: dict, default: str = "NULL") -> str:
    """Map the few distinct raw values of ``column`` to numbers with a SQL CASE.

    Examples
    --------
    >>> case_sql("seg", {"PU": 0, None: 3})
    "(CASE WHEN seg IS NULL THEN 3 WHEN seg = 'PU' THEN 0 ELSE NULL END)"
    """
    whens = " ".join(f"WHEN {column} = {literal(k)} THEN {v}" for k, v in mapping.items()
                     if k is not None)
    none = mapping.get(None, default)
    return f"(CASE WHEN {column} IS NULL THEN {none} {whens} ELSE {default} END)"


def value_maps(raw: dict[str, list]) -> dict[str, dict[str | None, str | None]]:
    """Return the canonical value of each raw spelling of segmen, pendanaan and status.

    ``raw`` maps each field to its distinct raw values. None: unknown (a
    problem). An empty cell (NULL, '' or spaces: the same in CSV, XLSX and
    Parquet) is no value: for pendanaan that is ``lainnya``, also for a NULL
    not among ``raw`` (a sample).

    Examples
    --------
    >>> value_maps({"segmen": ["Penerima Upah", " "], "pendanaan": ["", "APBD"],
    ...             "status": ["aktif"]})["pendanaan"]
    {'': 'lainnya', 'APBD': 'APBD', None: 'lainnya'}
    """
    from ucjlib.inputs.dictionary import norm_key, value_map

    maps = {}
    for field, values in raw.items():
        vm = value_map(field)
        maps[field] = {x: ("lainnya" if field == "pendanaan" else None)
                       if x is None or not x.strip() else vm.get(norm_key(x)) for x in values}
    maps["pendanaan"].setdefault(None, "lainnya")
    return maps


@dataclass(frozen=True)
class CountRule:
    """SQL of the counting rule over typed records (columns seg, fund, stat, mulai, berhenti).

    Attributes
    ----------
    rank, segment, funding : str
        SQL of a record's segment rank (:func:`ucjlib.rules.segment_precedence`),
        segment index and funding index (NULL: unknown spelling).
    off : str
        SQL: the record's status is ``nonaktif``.
    """

    rank: str
    segment: str
    funding: str
    off: str

    def cell(self, kode_index: str) -> str:
        """Return the SQL of a record's cell: its unit, segment and funding in one integer."""
        return (f"CAST({kode_index} * {KODE_STRIDE} + {self.segment} * {SEGMENT_STRIDE} "
                f"+ {self.funding} AS INTEGER)")

    def key(self, row: str) -> str:
        """Return the SQL of the packed precedence key (smallest wins), ``row`` the file row.

        ``rank << 47 | (131071 - start day) << 30 | (2^30 - 1 - row)``: best
        segment rank, then the latest start, then the last row in the file.
        """
        return (f"(CAST({self.rank} AS BIGINT) << 47) + (CAST(greatest(0, least(131071, "
                f"131071 - (mulai - DATE '1900-01-01'))) AS BIGINT) << 30) "
                f"+ (1073741823 - {row})")

    @property
    def lost(self) -> str:
        """SQL: a ``nonaktif`` record without end date (counts in no month)."""
        return f"{self.off} AND berhenti IS NULL"

    def records(self, kode_index: str, row: str) -> str:
        """Return the SELECT list of a record: ``cell, s0, e0, k, act`` (act: may count)."""
        return (f"{self.cell(kode_index)} AS cell, {START_MONTH} AS s0, {END_MONTH} AS e0, "
                f"{self.key(row)} AS k, NOT ({self.lost}) AS act")


def in_window(s: str, e: str, m0: int, m1: int) -> str:
    """Return SQL: a record from month ``s`` to ``e`` is active in some month of ``m0..m1``."""
    return f"{s} <= {m1} AND {e} >= {m0} AND {s} <= {e}"


def count_rule(maps: dict) -> CountRule:
    """Return the SQL of the counting rule for the raw spellings of :func:`value_maps`."""
    from ucjlib.inputs.dictionary import allowed_values
    from ucjlib.rules import segment_precedence

    rank = segment_precedence()
    segs, funds = allowed_values("segmen"), allowed_values("pendanaan")
    seg_map = {k: v for k, v in maps["segmen"].items() if v is not None}
    fund_map = {k: v for k, v in maps["pendanaan"].items() if v is not None}
    return CountRule(
        rank=case_sql("seg", {k: rank[v] for k, v in seg_map.items()}),
        segment=case_sql("seg", {k: segs.index(v) for k, v in seg_map.items()}),
        funding=case_sql("fund", {k: funds.index(v) for k, v in fund_map.items()}),
        off=case_sql("stat", {k: "true" for k, v in maps["status"].items() if v == "nonaktif"},
                     "false"))


def winners(con, table: str, idx: list[int], s: str = "s0", e: str = "e0") -> list[pd.DataFrame]:
    """Count each person's winning cell per month of ``idx``: frames of ``mi, cell, n``.

    ``table`` has one row per record (``p`` the person, ``cell``, months
    ``s``..``e``, key ``k``); in each month the active record with the
    smallest key wins (``arg_min``), :data:`BATCH` months per grouping pass.
    """
    parts = []
    for b in range(0, len(idx), BATCH):
        batch = idx[b:b + BATCH]
        aggs = ", ".join(f"arg_min(cell, k) FILTER (WHERE {s} <= {m} AND {e} >= {m}) AS c{j}"
                         for j, m in enumerate(batch))
        lst = ", ".join(f"c{j}" for j in range(len(batch)))
        where = " OR ".join(f"({s} <= {m} AND {e} >= {m})" for m in batch)
        parts.append(con.execute(f"""
            SELECT mi, cell, count(*) AS n FROM (
                SELECT unnest([{lst}]) AS cell, unnest([{', '.join(map(str, batch))}]) AS mi
                FROM (SELECT {aggs} FROM {table} WHERE {where} GROUP BY p))
            WHERE cell IS NOT NULL GROUP BY ALL""").df())
    return parts


def coverage_table(parts: list[pd.DataFrame], months: list[str], codes: list[str],
                   ) -> pd.DataFrame:
    """Return the canonical coverage table of the counts ``mi, cell, n`` (cells decoded).

    ``codes`` are the sorted region codes whose positions are the kode
    indexes of the cells; ``months`` the months ``YYYY-MM`` counted.
    """
    from ucjlib.inputs.dictionary import allowed_values

    empty = pd.DataFrame({c: pd.Series(dtype="int64" if c == "peserta_aktif" else "str")
                          for c in COVERAGE_COLUMNS})
    n = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if n.empty or not months:
        return empty
    segs, funds = allowed_values("segmen"), allowed_values("pendanaan")
    cell = n["cell"].to_numpy(dtype=np.int64)
    per = {month_index(m): m for m in months}
    out = pd.DataFrame({
        "kode": np.asarray(codes, dtype=object)[cell // KODE_STRIDE],
        "periode": n["mi"].map(per).to_numpy(dtype=object),
        "segmen": np.asarray(segs, dtype=object)[(cell % KODE_STRIDE) // SEGMENT_STRIDE],
        "pendanaan": np.asarray(funds, dtype=object)[cell % SEGMENT_STRIDE],
        "peserta_aktif": n["n"].to_numpy(dtype=np.int64),
    })
    out = out.sort_values(["kode", "periode", "segmen", "pendanaan"])
    for c in ("kode", "periode", "segmen", "pendanaan"):
        out[c] = out[c].astype(str)
    return out[list(COVERAGE_COLUMNS)].reset_index(drop=True)


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
    if not months:
        return coverage_table([], months, [])
    idx = [month_index(m) for m in months]
    m0, m1 = min(idx), max(idx)
    rule = count_rule(maps)
    codes = sorted(r[0] for r in con.execute("SELECT DISTINCT kode FROM t").fetchall())
    con.register("kodes_df", pd.DataFrame({"kode": codes, "ki": range(len(codes))}))
    con.execute("SET preserve_insertion_order = false").fetchall()
    try:
        # the records that may count in the window, one compact row each
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE r AS
            SELECT p, cell, greatest(s0, {m0}) AS s0, least(e0, {m1}) AS e0, k FROM (
                SELECT COALESCE(tv.nik, -tv._row) AS p, tv.nik, {rule.records('c.ki', 'tv._row')}
                FROM tv JOIN kodes_df c ON tv.kode = c.kode)
            WHERE act {'AND nik IS NOT NULL' if drop_invalid else ''}
              AND {in_window('s0', 'e0', m0, m1)}
        """).fetchall()
        parts = winners(con, "r", idx)
    finally:
        con.execute("SET preserve_insertion_order = true").fetchall()
        con.unregister("kodes_df")
    return coverage_table(parts, months, codes)


def report_counts(report, bad_nik: int, bad_rows, lost: int, months: list[str],
                  invalid_nik: str, other_notes: list[str] | tuple = (), excluded: int = 0,
                  ) -> None:
    """Fill ``report`` with what the count left out, the same on both paths.

    ``bad_nik`` rows with an invalid NIK (``bad_rows()`` gives their first
    rows), ``lost`` ``nonaktif`` rows without end date, ``other_notes``
    (written between those notes and the months counted), ``excluded`` rows
    left out before counting. ``report.rows_read`` is already set.
    """
    from ucjlib.text import Note

    report.invalid_nik = int(bad_nik)
    if bad_nik:
        report.invalid_nik_rows = [int(r) for r in bad_rows()]
        how = "count" if invalid_nik == "count" else "drop"
        report.notes.append(Note(f"inputs.nik_invalid.{how}", {"n": int(bad_nik)}))
    if lost:
        report.notes.append(Note("inputs.inactive_no_end", {"n": int(lost)}))
    report.notes.extend(other_notes)
    if months:
        report.notes.append(
            Note("inputs.months_counted.span", {"first": months[0], "last": months[-1]})
            if len(months) > 1 else Note("inputs.months_counted", {"month": months[0]}))
    report.rows_loaded = int(report.rows_read - (bad_nik if invalid_nik == "drop" else 0)
                             - excluded)
