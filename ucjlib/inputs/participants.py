"""Aggregate participant records (personal data) into the canonical coverage table.

The records (one row per participation, with NIK) are read and aggregated
inside DuckDB, never loaded whole into pandas. The rules, also in
``data/dictionary.yml`` (``participant_activity`` and
``participant_precedence``):

* a person is active in month M when ``tgl_mulai <= last day of M`` and
  (``tgl_berhenti`` is empty or ``> last day of M``); dates take precedence
  over ``status``; a ``nonaktif`` row without ``tgl_berhenti`` counts in no
  month (its end is unknown) and is reported;
* a NIK counts ONCE per month; when it is active in several segments the
  precedence is PU > PMI > JAKON > BPU, and the desa and funding come from
  that segment's row (latest ``tgl_mulai``; ties: the last row in the file);
* a NIK that is not 16 digits cannot be de-duplicated: each such row counts as
  one person (``invalid_nik="count"``, default) or is left out
  (``invalid_nik="drop"``); either way they are reported by row number only.

NIK is used only inside DuckDB. It is never returned, logged, or put in an
error message or report; DuckDB's own error texts (which may quote a line of
the file) are replaced by a message that names only file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from ucjlib.dataset import COVERAGE_COLUMNS
from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int
from ucjlib.inputs import values as _values
from ucjlib.inputs.dictionary import allowed_values, value_map
from ucjlib.inputs.duck import _connect, _register_source, _safe_error
from ucjlib.inputs.duck import connect as connect
from ucjlib.inputs.readers import (
    check_file,
    map_headers,
    parse_period,
)
from ucjlib.inputs.regions import guess_note, kabupaten_code, match_region_names
from ucjlib.inputs.validation import LoadReport, file_sha256
from ucjlib.inputs.values import current_month

PRECEDENCE: dict[str, int] = {"PU": 1, "PMI": 2, "JAKON": 3, "BPU": 4}
"""Segment precedence when one NIK is active in several segments (lower wins)."""
MAX_ROW_PROBLEMS = 1000
"""Individual problems listed per kind of problem; the rest are summarised in one."""
_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%Y", "%m/%d/%Y"]


def _q(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _s(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _date_sql(col: str) -> str:
    v = f"trim(CAST({col} AS VARCHAR))"
    fmts = "[" + ", ".join(_s(f) for f in _DATE_FORMATS) + "]"
    return (f"COALESCE(TRY_CAST({v} AS TIMESTAMP)::DATE, try_strptime({v}, {fmts})::DATE, "
            f"CASE WHEN regexp_full_match({v}, '\\d{{5}}(\\.0+)?') "
            f"THEN DATE '1899-12-30' + CAST(CAST({v} AS DOUBLE) AS INTEGER) END)")


def _value_table(con, name: str, field: str, column: str | None) -> None:
    """Map each distinct raw value of ``column`` to its canonical value (table ``name``)."""
    from ucjlib.inputs.dictionary import norm_key

    vm = value_map(field)
    raw = [] if column is None else [r[0] for r in con.execute(
        f"SELECT DISTINCT CAST({column} AS VARCHAR) FROM raw WHERE {column} IS NOT NULL"
    ).fetchall()]
    df = pd.DataFrame({"raw": pd.Series(raw, dtype=object),
                       "v": pd.Series([vm.get(norm_key(x)) for x in raw], dtype=object)})
    con.register(f"{name}_df", df)
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_df").fetchall()
    con.unregister(f"{name}_df")


def _date_expr(con, column: str | None) -> str:
    if column is None:
        return "CAST(NULL AS DATE)"
    typ = con.execute(f"SELECT typeof({column}) FROM raw LIMIT 1").fetchall()
    typ = typ[0][0] if typ else "VARCHAR"
    if typ == "DATE":
        return column
    if typ.startswith("TIMESTAMP"):
        return f"CAST({column} AS DATE)"
    return _date_sql(column)


def _rows_problems(con, file: str, where: str, column: str, message: str,
                   expected: str) -> list[Problem]:
    """One problem per offending row (up to MAX_ROW_PROBLEMS, then a summary).

    Personal data: no cell value is ever part of the message.
    """
    total = con.execute(f"SELECT count(*) FROM t WHERE {where}").fetchall()[0][0]
    if not total:
        return []
    rows = con.execute(f"SELECT _row FROM t WHERE {where} ORDER BY _row "
                       f"LIMIT {MAX_ROW_PROBLEMS}").fetchall()
    out = [Problem(file, int(r[0]), column, message, expected) for r in rows]
    if total > len(rows):
        out.append(Problem(file, None, column,
                           f"... dan {fmt_int(total - len(rows))} baris lain dengan masalah yang "
                           "sama", expected))
    return out


def _match_regions(con, file: str, kab: str | None, shown: dict[str, str],
                   allow_unmatched: bool, report: LoadReport) -> list[Problem]:
    """Fill t.kode from kecamatan/desa names; return problems for unmatched names.

    Uses :func:`ucjlib.inputs.regions.match_region_names`, the matcher of the
    aggregated loaders, with ``personal=True``: no input name is quoted or kept.
    """
    pairs = con.execute(
        "SELECT kec, ds, count(*) AS n, list(_row ORDER BY _row)[1:11] AS rows FROM t "
        "WHERE kode IS NULL AND kec IS NOT NULL GROUP BY ALL ORDER BY min(_row)").df()
    if pairs.empty:
        return []
    pairs["ds"] = pairs["ds"].astype(object).where(pairs["ds"].notna(), None)
    codes, report.matches, problems = match_region_names(pairs, kab, file, shown, personal=True)
    if kab is None:
        return problems
    mapping = pd.DataFrame({"kec": pairs["kec"].astype(object), "ds": pairs["ds"],
                            "kode": codes.astype(object)})
    con.register("name_map_df", mapping)
    con.execute("UPDATE t SET kode = m.kode FROM name_map_df m WHERE t.kode IS NULL AND "
                "t.kec = m.kec AND t.ds IS NOT DISTINCT FROM m.ds").fetchall()
    con.unregister("name_map_df")
    note = guess_note(report.matches, personal=True)
    if note:
        report.notes.append(note)
    if problems and allow_unmatched:
        n_rows, n_people = con.execute(
            "SELECT count(*), count(DISTINCT CASE WHEN nik_ok THEN nik END) + "
            "count(*) FILTER (WHERE NOT nik_ok) FROM t WHERE kode IS NULL").fetchall()[0]
        report.excluded_rows, report.excluded_participants = int(n_rows), int(n_people)
        report.notes.append(f"{fmt_int(n_rows)} baris dengan nama wilayah tidak cocok dikeluarkan "
                            f"({fmt_int(n_people)} orang).")
        con.execute("DELETE FROM t WHERE kode IS NULL").fetchall()
        return []
    return problems


def parse_months(periods: str | list[str] | tuple[str, ...]) -> list[str]:
    """Check requested months (one or a list): real months, not after the current month.

    Raises
    ------
    ArgumentError
        Naming ``periode``, the value and what is accepted.

    Examples
    --------
    >>> parse_months("Juni 2025"), parse_months(["2025-06", "2025-05", "2025-06"])
    (['2025-06'], ['2025-05', '2025-06'])
    """
    from ucjlib.errors import ArgumentError

    items = [periods] if isinstance(periods, str) else list(periods)
    now = current_month()
    out = []
    for p in items:
        ym = parse_period(p)
        if ym is None:
            raise ArgumentError("periode", p, "bulan, mis. 2025-06 atau Juni 2025")
        if ym > now:
            raise ArgumentError("periode", p, f"bulan sampai {now} (bulan berjalan)")
        out.append(ym)
    if not out:
        raise ArgumentError("periode", periods, "minimal satu bulan, mis. 2025-06")
    return sorted(set(out))


def _periods(con, periods: str | list[str] | None, file: str) -> list[str]:
    if periods is None:
        last = con.execute("SELECT max(mulai) FROM t").fetchall()[0][0]
        if last is None:
            return []
        end = min(pd.Period(last, freq="M"), pd.Period(current_month(), freq="M"))
        return [str(end - i) for i in range(11, -1, -1)]
    return parse_months(periods)


def load_participants(path: str | Path, kabupaten: str | None = None,
                      periods: str | list[str] | None = None, *, allow_unmatched: bool = False,
                      invalid_nik: Literal["count", "drop"] = "count",
                      threads: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    r"""Aggregate participant records into the canonical coverage table with DuckDB.

    Parameters
    ----------
    path : str or Path
        CSV, Parquet or XLSX with the participant columns of
        ``data/DICTIONARY.md``: nik, kode (or kecamatan + desa), segmen,
        pendanaan, tgl_mulai, status, optional tgl_berhenti and tgl_lahir.
    kabupaten : str, optional
        Code of the kabupaten (needed for names; checks codes).
    periods : str or list of str, optional
        One month or a list of months to count (``"2025-06"``), not after the
        current month; default the 12 months ending with the month of the
        latest ``tgl_mulai`` (never after the current month).
    allow_unmatched : bool, default False
        Exclude (and report) rows with unmatched region names.
    invalid_nik : {"count", "drop"}, default "count"
        Count each row with an invalid NIK as one person, or leave it out.
    threads : int, optional
        DuckDB threads (default: DuckDB's choice).

    Returns
    -------
    coverage : pandas.DataFrame
        ``kode``, ``periode``, ``segmen``, ``pendanaan``, ``peserta_aktif``:
        distinct persons active at the end of each month.
    report : LoadReport
        Rows read, region matching, invalid NIK count and row numbers, notes.

    Raises
    ------
    InputValidationError
        Missing columns, unknown segment/funding/status, unreadable dates,
        unknown region codes or unmatched names, a broken file. No message
        contains a NIK.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "peserta.csv"
    >>> _ = p.write_text("nik;kode_desa;segmen;pendanaan;tgl_mulai;status\n"
    ...     "3522011111110001;35.22.16.2017;BPU;APBD;2025-01-10;aktif\n"
    ...     "3522011111110001;35.22.16.2017;PU;mandiri;2025-03-01;aktif\n")
    >>> cov, rep = load_participants(p, "35.22", periods="2025-06")
    >>> cov.values.tolist()
    [['35.22.16.2017', '2025-06', 'PU', 'mandiri', 1]]
    """
    import duckdb

    file = str(path)
    p = Path(path)
    fmt = check_file(p)
    kab = kabupaten_code(kabupaten)
    if periods is not None:
        periods = parse_months(periods)
    report = LoadReport(file, "participants", sha256=file_sha256(p))
    con = _connect(threads)
    try:
        return _aggregate(con, p, fmt, file, kab, periods, allow_unmatched, invalid_nik, report)
    except duckdb.Error as exc:
        raise _safe_error(file, exc) from None
    finally:
        con.close()


def _aggregate(con, p: Path, fmt: str, file: str, kab: str | None, periods, allow_unmatched: bool,
               invalid_nik: str, report: LoadReport) -> tuple[pd.DataFrame, LoadReport]:
    cols = _register_source(con, p, fmt, file)
    rename, _ = map_headers(cols, "participants")
    shown = {canon: orig for orig, canon in rename.items()}
    problems = []
    needed = ["nik", "segmen", "tgl_mulai", "status"]
    if "kode" not in shown:
        needed += ["kecamatan", "desa"]
    for col in needed:
        if col not in shown:
            problems.append(Problem(file, None, col, "kolom wajib tidak ada",
                                    f"judul kolom {col!r} (lihat data/DICTIONARY.md)"))
    if problems:
        raise InputValidationError(problems)

    def col(name: str) -> str:
        return _q(shown[name]) if name in shown else "NULL"

    def q(name: str) -> str | None:
        return _q(shown[name]) if name in shown else None

    for name, field in (("segmap", "segmen"), ("fundmap", "pendanaan"), ("statmap", "status")):
        _value_table(con, name, field, q(field))

    def text(name: str) -> str:
        return f"NULLIF(trim(CAST({col(name)} AS VARCHAR)), '')"

    pend = "COALESCE(f.v, CASE WHEN pendanaan_raw IS NULL THEN 'lainnya' END)"
    con.execute(f"""
        CREATE TEMP TABLE t AS
        SELECT _row, nik_ok,
               CASE WHEN nik_ok THEN CAST(nik_s AS BIGINT) ELSE -_row END AS nik,
               kode, kec, ds, s.v AS segmen, segmen_raw, {pend} AS pendanaan, pendanaan_raw,
               st.v AS status, status_raw, mulai, mulai_empty, berhenti, berhenti_given,
               lahir_bad
        FROM (
            SELECT r._row, COALESCE(regexp_full_match(nik_s, '[0-9]{{16}}'), false) AS nik_ok,
                   nik_s, kode, kec, ds, segmen_raw, pendanaan_raw, status_raw, mulai,
                   mulai_empty, berhenti, berhenti_given, lahir_bad
            FROM (
                SELECT _row,
                       regexp_replace(trim(CAST({col('nik')} AS VARCHAR)), '\\.0+$', '') AS nik_s,
                       {text('kode')} AS kode, {text('kecamatan')} AS kec, {text('desa')} AS ds,
                       CAST({col('segmen')} AS VARCHAR) AS segmen_raw,
                       CAST({col('pendanaan')} AS VARCHAR) AS pendanaan_raw,
                       CAST({col('status')} AS VARCHAR) AS status_raw,
                       {_date_expr(con, q('tgl_mulai'))} AS mulai,
                       {text('tgl_mulai')} IS NULL AS mulai_empty,
                       {_date_expr(con, q('tgl_berhenti'))} AS berhenti,
                       {text('tgl_berhenti')} IS NOT NULL AS berhenti_given,
                       {_date_expr(con, q('tgl_lahir'))} IS NULL AND {text('tgl_lahir')} IS NOT NULL
                           AS lahir_bad
                FROM raw) r
        ) x
        LEFT JOIN segmap s ON s.raw = x.segmen_raw
        LEFT JOIN fundmap f ON f.raw = x.pendanaan_raw
        LEFT JOIN statmap st ON st.raw = x.status_raw
    """).fetchall()
    report.rows_read = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    if not report.rows_read:
        raise InputValidationError([Problem(file, None, None, "tidak ada baris data",
                                            "minimal satu baris data")])
    sh = shown.get
    problems += _rows_problems(con, file, "segmen IS NULL", sh("segmen"), "segmen tidak dikenal",
                               ", ".join(allowed_values("segmen")))
    problems += _rows_problems(con, file, "pendanaan IS NULL", sh("pendanaan"),
                               "pendanaan tidak dikenal", ", ".join(allowed_values("pendanaan")))
    problems += _rows_problems(con, file, "status IS NULL", sh("status"), "status tidak dikenal",
                               "aktif atau nonaktif")
    problems += _rows_problems(con, file, "mulai IS NULL", sh("tgl_mulai"),
                               "tgl_mulai kosong atau bukan tanggal",
                               "tanggal, mis. 2023-01-15 atau 15/01/2023")
    problems += _rows_problems(con, file, "berhenti IS NULL AND berhenti_given",
                               sh("tgl_berhenti"), "tgl_berhenti bukan tanggal",
                               "kosong, atau tanggal mis. 2025-03-31")
    problems += _rows_problems(con, file, "berhenti < mulai", sh("tgl_berhenti"),
                               "tgl_berhenti sebelum tgl_mulai", "tgl_berhenti >= tgl_mulai")
    run_date = _values.today()
    problems += _rows_problems(con, file, f"mulai > DATE '{run_date.isoformat()}'",
                               sh("tgl_mulai"), "tgl_mulai di masa depan",
                               f"tanggal sampai {run_date.isoformat()} (tanggal berjalan)")
    problems += _region_code_problems(con, file, kab, sh("kode", "kode"))
    problems += _match_regions(con, file, kab, shown, allow_unmatched, report)
    if problems:
        problems.sort(key=lambda x: (x.row is None, x.row or 0, x.column or ""))
        raise InputValidationError(problems)

    bad_nik = con.execute("SELECT count(*) FROM t WHERE NOT nik_ok").fetchall()[0][0]
    report.invalid_nik = int(bad_nik)
    if bad_nik:
        report.invalid_nik_rows = [int(r[0]) for r in con.execute(
            f"SELECT _row FROM t WHERE NOT nik_ok ORDER BY _row LIMIT {MAX_ROW_PROBLEMS}"
        ).fetchall()]
        how = "dihitung masing-masing sebagai satu orang" if invalid_nik == "count" else \
            "tidak dihitung"
        report.notes.append(f"{fmt_int(bad_nik)} baris dengan NIK tidak valid (bukan 16 digit) "
                            f"{how}.")
        if invalid_nik == "drop":
            con.execute("DELETE FROM t WHERE NOT nik_ok").fetchall()
    lost = con.execute("SELECT count(*) FROM t WHERE status = 'nonaktif' AND berhenti IS NULL"
                       ).fetchall()[0][0]
    if lost:
        report.notes.append(f"{fmt_int(lost)} baris berstatus nonaktif tanpa tgl_berhenti tidak "
                            "dihitung di bulan mana pun.")
    bad_birth = con.execute("SELECT count(*) FROM t WHERE lahir_bad").fetchall()[0][0]
    if bad_birth:
        report.notes.append(f"{fmt_int(bad_birth)} baris dengan tgl_lahir tidak terbaca "
                            "(tgl_lahir tidak dipakai dalam penghitungan).")
    months = _periods(con, periods, file)
    if months:
        from ucjlib.fmt import month_name

        span = month_name(months[0]) + (f" s.d. {month_name(months[-1])}" if len(months) > 1
                                         else "")
        report.notes.append(f"Peserta aktif dihitung per akhir bulan: {span}.")
    out = _count(con, months)
    report.rows_loaded = int(report.rows_read - (bad_nik if invalid_nik == "drop" else 0)
                             - report.excluded_rows)
    return out, report


def _region_code_problems(con, file: str, kab: str | None, shown: str) -> list[Problem]:
    from ucjlib.geo.wilayah import gazetteer

    codes = con.execute("SELECT DISTINCT kode FROM t WHERE kode IS NOT NULL").fetchall()
    known = set(gazetteer()["kode"])
    bad = [c for (c,) in codes if c not in known]
    outside = [c for (c,) in codes if c in known and kab is not None and c != kab
               and not c.startswith(kab + ".")]
    problems = []
    for codes_, msg, exp in ((bad, "kode wilayah tidak dikenal",
                              "kode Kemendagri desa, mis. 35.22.16.2017"),
                             (outside, f"kode di luar wilayah {kab}", f"kode yang diawali {kab}.")):
        if codes_:
            con.register("badcodes", pd.DataFrame({"kode": codes_}))
            problems += _rows_problems(con, file, "kode IN (SELECT kode FROM badcodes)", shown,
                                       msg, exp)
            con.unregister("badcodes")
    missing = "kode IS NULL AND kec IS NULL"
    problems += _rows_problems(con, file, missing, shown, "wilayah kosong",
                               "kode desa, atau nama kecamatan + desa")
    return problems


def _count(con, months: list[str]) -> pd.DataFrame:
    """Distinct persons per unit x month x segment x funding, with precedence.

    Each record gets an integer ``cell`` (unit, segment, funding) and a sort
    key packing segment precedence (bits 47+), minus the start day (bits
    30-46) and minus the row (bits 0-29), so ``arg_min(cell, key)`` per person
    and month picks the record the precedence rule names.
    """
    if not months:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "peserta_aktif" else "str")
                             for c in COVERAGE_COLUMNS})
    # month index = year * 12 + month - 1; a record is active in months s..e:
    # from its start month, to the month before the one it ends in (ending on the
    # last day of a month is not "after the last day", so that month is excluded)
    idx = {int(p[:4]) * 12 + int(p[5:7]) - 1: p for p in months}
    m0, m1 = min(idx), max(idx)
    con.register("months_df", pd.DataFrame({"mi": list(idx), "periode": list(idx.values())}))
    prec = " ".join(f"WHEN '{k}' THEN {v}" for k, v in PRECEDENCE.items())
    con.execute("""
        CREATE TEMP TABLE cells AS
        SELECT row_number() OVER (ORDER BY kode, segmen, pendanaan) AS cell, kode, segmen,
               pendanaan
        FROM (SELECT DISTINCT kode, segmen, pendanaan FROM t)""").fetchall()
    con.execute(f"""
        CREATE TEMP TABLE r AS
        SELECT * FROM (
            SELECT t.nik, c.cell,
                   year(t.mulai) * 12 + month(t.mulai) - 1 AS s,
                   CASE WHEN t.berhenti IS NULL THEN 2147483647
                        ELSE year(t.berhenti) * 12 + month(t.berhenti) - 2 END AS e,
                   (CAST(CASE t.segmen {prec} END AS BIGINT) << 47)
                   + (CAST(greatest(0, least(131071, 131071 - (t.mulai - DATE '1900-01-01')))
                          AS BIGINT) << 30)
                   + (1073741823 - t._row) AS k
            FROM t JOIN cells c USING (kode, segmen, pendanaan)
            WHERE NOT (t.status = 'nonaktif' AND t.berhenti IS NULL))
        WHERE s <= {m1} AND e >= {m0} AND s <= e""").fetchall()
    # most people have one record: count those without the per-person step
    con.execute("CREATE TEMP TABLE multi AS SELECT nik FROM r GROUP BY nik HAVING count(*) > 1"
                ).fetchall()
    expand = f"unnest(range(greatest(s, {m0}), least(e, {m1}) + 1)) AS mi"
    res = con.execute(f"""
        WITH one AS (
            SELECT mi, cell, count(*) AS n
            FROM (SELECT cell, {expand} FROM r ANTI JOIN multi USING (nik))
            GROUP BY ALL
        ), best AS (
            SELECT mi, arg_min(cell, k) AS cell
            FROM (SELECT nik, cell, k, {expand} FROM r SEMI JOIN multi USING (nik))
            GROUP BY mi, nik
        ), several AS (SELECT mi, cell, count(*) AS n FROM best GROUP BY ALL),
        n AS (SELECT mi, cell, sum(n) AS peserta_aktif
              FROM (SELECT * FROM one UNION ALL SELECT * FROM several) GROUP BY ALL)
        SELECT c.kode, mo.periode, c.segmen, c.pendanaan, n.peserta_aktif
        FROM n JOIN cells c USING (cell) JOIN months_df mo USING (mi)
        ORDER BY c.kode, mo.periode, c.segmen, c.pendanaan
    """).df()
    res["peserta_aktif"] = res["peserta_aktif"].astype("int64")
    for c in ("kode", "periode", "segmen", "pendanaan"):
        res[c] = res[c].astype(str)
    return res[list(COVERAGE_COLUMNS)].reset_index(drop=True)
