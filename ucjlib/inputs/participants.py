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

from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int
from ucjlib.geo.sources import file_sha256
from ucjlib.inputs import nik as _nik
from ucjlib.inputs import values as _values
from ucjlib.inputs.dates import (
    DATE_ERRORS,
    KIND_DMY,
    KIND_EITHER,
    KIND_MDY,
    KIND_SHORT,
    MDY,
    MIN_YEAR,
    date_kind_sql,
    date_sql,
    decide_order,
    early_sql,
)
from ucjlib.inputs.dictionary import allowed_values
from ucjlib.inputs.duck import merge_cell_problems, reading, safe_error
from ucjlib.inputs.files import check_file
from ucjlib.inputs.headers import hidden_note, map_headers
from ucjlib.inputs.participant_count import count_active, report_counts, value_maps
from ucjlib.inputs.regions import guess_note, kabupaten_code, match_region_names
from ucjlib.inputs.sql import connect, ident, literal
from ucjlib.inputs.validation import LoadReport
from ucjlib.inputs.values import current_month, parse_period
from ucjlib.text import Note

MAX_ROW_PROBLEMS = 1000
"""Individual problems listed per kind of problem; the rest are summarised in one."""


def _date_sql(col: str, order: str | None = "any") -> str:
    """Return the SQL DATE of a text date column by the one date rule (:func:`~.dates.date_sql`).

    ``order`` is the column's day/month order (``"any"`` in the general
    path, which decides it afterwards from the whole column: :func:`_date_orders`).
    """
    return date_sql(f"CAST({col} AS VARCHAR)", order)


_DATES = (("tgl_mulai", "mulai"), ("tgl_berhenti", "berhenti"), ("tgl_lahir", "lahir"))
"""Date columns: canonical name and column of the typed table ``t``."""


def _date_orders(con, file: str, shown: dict[str, str], report: LoadReport) -> list[Problem]:
    """Decide each text date column's day/month order from all its rows (:func:`decide_order`).

    The typed table holds day/month dates read D/M/Y where that is a real
    date, else M/D/Y, and each one's kind (``*_k``). An M/D/Y column has its
    ambiguous dates swapped; a column of ambiguous dates only is D/M/Y with a
    note; a column with both kinds is a problem (rows and counts only, no
    value), for ``tgl_lahir`` a note (it is not used in counting).
    """
    cols = [(name, c) for name, c in _DATES if name in shown]  # typed dates: kind NULL
    if not cols:
        return []
    aggs = ", ".join(
        f"count(*) FILTER (WHERE {c}_k = {KIND_DMY}), min(_row) FILTER (WHERE {c}_k = {KIND_DMY}),"
        f" count(*) FILTER (WHERE {c}_k = {KIND_MDY}), min(_row) FILTER (WHERE {c}_k = {KIND_MDY}),"
        f" count(*) FILTER (WHERE {c}_k = {KIND_EITHER})" for _, c in cols)
    res = con.execute(f"SELECT {aggs} FROM tv").fetchall()[0]
    problems = []
    for i, (name, c) in enumerate(cols):
        n_dmy, r_dmy, n_mdy, r_mdy, n_either = res[5 * i:5 * i + 5]
        order = decide_order(n_dmy, n_mdy, n_either)
        if order.mixed:
            text = (f"urutan hari/bulan bercampur: {fmt_int(n_dmy)} baris hanya bisa dibaca "
                    f"hari/bulan/tahun (pertama baris {r_dmy}), {fmt_int(n_mdy)} baris hanya "
                    f"bulan/hari/tahun (pertama baris {r_mdy})")
            if name == "tgl_lahir":
                report.notes.append(Note("inputs.dates.birth_mixed", {
                    "column": shown[name], "n_dmy": n_dmy, "row_dmy": r_dmy, "n_mdy": n_mdy,
                    "row_mdy": r_mdy}))
            else:
                problems.append(Problem(file, int(r_mdy if n_mdy <= n_dmy else r_dmy),
                                        shown[name], text, DATE_ERRORS["order"][1]))
        elif order.order == MDY and n_either:
            con.execute(f"UPDATE t SET {c} = make_date(year({c}), day({c}), month({c})) "
                        f"WHERE {c}_k = {KIND_EITHER}").fetchall()
        elif order.guessed:
            report.notes.append(order.note(shown[name]))
    return problems


def _is_text(typ: str) -> bool:
    return not (typ == "DATE" or typ.startswith("TIMESTAMP"))


def _rows_problems(con, file: str, where: str, column: str, message: str,
                   expected: str) -> list[Problem]:
    """One problem per offending row (up to MAX_ROW_PROBLEMS, then a summary).

    Personal data: no cell value is ever part of the message.
    """
    total = con.execute(f"SELECT count(*) FROM t WHERE {where}").fetchall()[0][0]
    if not total:
        return []
    rows = con.execute(f"SELECT _row FROM tv WHERE {where} ORDER BY _row "
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
        "SELECT kec, ds, count(*) AS n, list(_row ORDER BY _row)[1:11] AS rows FROM tv "
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
            "SELECT count(*), count(DISTINCT nik) + count(*) FILTER (WHERE nik IS NULL) "
            "FROM t WHERE kode IS NULL").fetchall()[0]
        report.excluded_rows, report.excluded_participants = int(n_rows), int(n_people)
        report.notes.append(Note("inputs.unmatched_excluded.people",
                                 {"rows": n_rows, "people": n_people}))
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


def _periods(last_start, periods: list[str] | None) -> list[str]:
    """Return the requested months, or the 12 ending with the latest start (not after now)."""
    if periods is None:
        if last_start is None:
            return []
        end = min(pd.Period(last_start, freq="M"), pd.Period(current_month(), freq="M"))
        return [str(end - i) for i in range(11, -1, -1)]
    return parse_months(periods)


def load_participants(path: str | Path, kabupaten: str | None = None,
                      periods: str | list[str] | None = None, *, allow_unmatched: bool = False,
                      invalid_nik: Literal["count", "drop"] = "count",
                      threads: int | None = None, sheet: str | int | None = None,
                      ) -> tuple[pd.DataFrame, LoadReport]:
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
    sheet : str or int, optional
        XLSX worksheet (default: the rule of :func:`ucjlib.inputs.sheets.choose_sheet`).

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
    from concurrent.futures import ThreadPoolExecutor

    import duckdb

    file = str(path)
    p = Path(path)
    fmt = check_file(p)
    kab = _kabupaten(kabupaten)
    if periods is not None:
        periods = parse_months(periods)
    report = LoadReport(file, "participants")
    con = connect(threads)
    # the checksum is read in a thread while DuckDB works (hashlib releases the GIL);
    # reading() prepares the file by the one reading rule (sheet, encoding, empty rows)
    with ThreadPoolExecutor(1) as pool, reading(p, fmt, file, sheet, "participants") as prep:
        sha = pool.submit(file_sha256, p)
        try:
            excel = prep.cell_problems(con, "participants", personal=True)
            try:
                out = _aggregate(con, p, fmt, file, kab, periods, allow_unmatched, invalid_nik,
                                 report)
            except InputValidationError as exc:
                raise InputValidationError(merge_cell_problems(excel, exc.problems)) from None
            if excel:
                raise InputValidationError(excel)
        except duckdb.Error as exc:
            raise safe_error(file, exc) from None
        finally:
            con.close()
        report.notes[:0] = prep.notes + hidden_note(file, prep.hidden, "participants")
        report.sha256 = sha.result()
    return out


def _kabupaten(kabupaten: object | None) -> str | None:
    """:func:`kabupaten_code`, without building the region index for a kabupaten code."""
    if isinstance(kabupaten, str):
        from ucjlib.geo.wilayah import gazetteer

        code = kabupaten.strip()
        g = gazetteer()
        level = g.loc[g["kode"] == code, "level"]
        if len(level) == 1 and level.iloc[0] == "kabupaten":
            return code
    return kabupaten_code(kabupaten)


def _typed_select(types: dict[str, str], shown: dict[str, str], row: bool,
                  fast: bool = False, orders: dict[str, str | None] | None = None) -> str:
    """Return the SELECT list of the typed table ``t`` (NIK, codes, categories, dates).

    ``fast``: the region code as written (no trim; the fast path sends any
    code it does not know exactly to the general path), and instead of
    ``nik`` the text key ``p`` the fast path groups by: the NIK as written
    when it is 16 characters (checked once per group, not per row), else the
    16 digits of a valid NIK written otherwise (spaces, dots, dashes, ``.0``:
    :mod:`ucjlib.inputs.nik`), else ``'#'`` + the row (its own person).
    ``nik_sci``/``nik_num``: a NIK in scientific notation / from a number.

    Dates: the general path reads day/month dates D/M/Y where real, else
    M/D/Y, and keeps each date's kind (``mulai_k``, ...: see
    :func:`_date_orders`) and ``lahir``; the fast path reads them in the
    order ``orders[name]`` of the column (None: a day/month date is NULL,
    which sends the file to the general path). ``lahir_bad`` is an
    unreadable birth date, in the fast path also one in the future or
    before the year floor (any of them: the general path, which notes them).
    """

    def col(name: str) -> str:
        return ident(shown[name]) if name in shown else "NULL"

    def text(name: str) -> str:
        return f"NULLIF(trim(CAST({col(name)} AS VARCHAR)), '')"

    def date(name: str) -> str:
        if name not in shown:
            return "CAST(NULL AS DATE)"
        typ = types[shown[name]]
        if typ == "DATE":
            return col(name)
        if typ.startswith("TIMESTAMP"):
            return f"CAST({col(name)} AS DATE)"
        return _date_sql(col(name), (orders or {}).get(name) if fast else "any")

    def kind(name: str) -> str:
        if name not in shown or not _is_text(types[shown[name]]):
            return "CAST(NULL AS UTINYINT)"
        return date_kind_sql(f"CAST({col(name)} AS VARCHAR)")

    raw = f"CAST({col('nik')} AS VARCHAR)"
    lahir = (f"{date('tgl_lahir')} IS NULL AND {text('tgl_lahir')} IS NOT NULL"
             if "tgl_lahir" in shown else "false")
    if fast and "tgl_lahir" in shown:
        run_date = _values.today().isoformat()
        lahir = (f"COALESCE({lahir} OR {date('tgl_lahir')} > DATE '{run_date}' "
                 f"OR {early_sql(date('tgl_lahir'))}, false)")  # never NULL: a flag summed
    general = "" if fast else (f", {kind('tgl_mulai')} AS mulai_k, "
                               f"{kind('tgl_berhenti')} AS berhenti_k, "
                               f"{kind('tgl_lahir')} AS lahir_k, {date('tgl_lahir')} AS lahir")
    # 16 ASCII digits as written: a number cast and back (cheap); anything else is
    # trimmed and checked character by character (same result, only for those rows)
    kode = f"CAST({col('kode')} AS VARCHAR)" if fast else text("kode")
    nik_sql = _nik.nik_sql(raw)  # one NIK rule (ucjlib.inputs.nik)
    nik_flags = (f"{_nik.scientific_sql(raw)} AS nik_sci, "
                 f"{_nik.numeric_sql(raw, types.get(shown.get('nik', '')))} AS nik_num")
    if fast:
        nik_sql = (f"CASE WHEN strlen({raw}) = 16 THEN {raw} ELSE COALESCE(lpad(CAST(({nik_sql}) "
                   f"AS VARCHAR), 16, '0'), '#' || CAST(_xrow AS VARCHAR)) END AS p")
    else:
        nik_sql += " AS nik"
    return f"""
SELECT {nik_sql}, {nik_flags},
       {kode} AS kode, {text('kecamatan')} AS kec,
       {text('desa')} AS ds, CAST({col('segmen')} AS VARCHAR) AS seg,
       CAST({col('pendanaan')} AS VARCHAR) AS fund,
       CAST({col('status')} AS VARCHAR) AS stat,
       {date('tgl_mulai')} AS mulai, {date('tgl_berhenti')} AS berhenti,
       {date('tgl_berhenti')} IS NULL AND {text('tgl_berhenti')} IS NOT NULL
           AS berhenti_bad,
       {lahir} AS lahir_bad{general}{', _xrow' if row else ''}"""


def _typed_table(con, p: Path, fmt: str, file: str) -> dict[str, str]:
    """Read the file once into the compact typed table ``t``; return canonical -> header.

    ``t`` holds NIK as BIGINT (NULL when not 16 digits), region code and names,
    the raw segment/funding/status text (mapped later through their distinct
    values), parsed dates and two flags; no text table of the whole file is
    kept. The view ``tv`` adds ``_row`` (spreadsheet row: file order + 2).
    """
    import duckdb

    from ucjlib.inputs.duck import source_candidates

    last: Exception | None = None
    for src, row in source_candidates(con, p, fmt, file):
        try:
            desc = con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()
            types = {r[0]: r[1] for r in desc}
            cols = [c for c in types if c != "_xrow"]
            rename, _ = map_headers(cols, "participants", file)
            shown = {canon: orig for orig, canon in rename.items()}
            needed = ["nik", "segmen", "tgl_mulai", "status"]
            if "kode" not in shown:
                needed += ["kecamatan", "desa"]
            missing = [Problem(file, None, c, "kolom wajib tidak ada",
                               f"judul kolom {c!r} (lihat data/DICTIONARY.md)")
                       for c in needed if c not in shown]
            if missing:
                raise InputValidationError(missing)

            con.execute(f"CREATE OR REPLACE TEMP TABLE t AS {_typed_select(types, shown, row)} "
                        f"FROM {src}").fetchall()
            rowcol = "_xrow" if row else "rowid + 2"
            con.execute(f"CREATE OR REPLACE TEMP VIEW tv AS SELECT *, CAST({rowcol} AS BIGINT) "
                        "AS _row FROM t").fetchall()
            return shown
        except duckdb.Error as exc:
            last = exc
    raise safe_error(file, last) from None


def _aggregate(con, p: Path, fmt: str, file: str, kab: str | None, periods, allow_unmatched: bool,
               invalid_nik: str, report: LoadReport) -> tuple[pd.DataFrame, LoadReport]:
    from ucjlib.inputs.participant_fast import fast_aggregate

    out = fast_aggregate(con, p, fmt, file, kab, periods, invalid_nik, report, _typed_select,
                         _periods)
    if out is not None:  # the normal case: the file grouped directly, no problem found
        return out, report
    shown = _typed_table(con, p, fmt, file)
    order_problems = _date_orders(con, file, shown, report)
    maps = value_maps({field: [r[0] for r in con.execute(f"SELECT DISTINCT {col} FROM t")
                               .fetchall()]
                       for field, col in (("segmen", "seg"), ("pendanaan", "fund"),
                                          ("status", "stat"))})
    off = [k for k, v in maps["status"].items() if v == "nonaktif"]
    off_sql = f"stat IN ({', '.join(literal(x) for x in off)})" if off else "false"
    run_date = _values.today().isoformat()
    # one scan for every row-level check; rows are listed only for kinds that occur
    short = f"= {KIND_SHORT}"
    checks = {
        "nik_sci": ("nik", _nik.EXCEL_MESSAGE, _nik.EXCEL_EXPECTED),
        f"mulai IS NULL AND mulai_k IS DISTINCT FROM {KIND_SHORT}": (
            "tgl_mulai", "tgl_mulai kosong atau bukan tanggal",
            "tanggal, mis. 2023-01-15 atau 15/01/2023"),
        f"berhenti_bad AND berhenti_k IS DISTINCT FROM {KIND_SHORT}": (
            "tgl_berhenti", "tgl_berhenti bukan tanggal", "kosong, atau tanggal mis. 2025-03-31"),
        f"berhenti < mulai AND NOT {early_sql('berhenti')}": (
            "tgl_berhenti", "tgl_berhenti sebelum tgl_mulai", "tgl_berhenti >= tgl_mulai"),
        f"mulai > DATE '{run_date}'": ("tgl_mulai", "tgl_mulai di masa depan",
                                       f"tanggal sampai {run_date} (tanggal berjalan)"),
    }
    for name, c in _DATES[:2]:  # two-digit years and years before the floor (one rule)
        checks[f"{c}_k {short}"] = (name, f"{name}: {DATE_ERRORS['short_year'][0]}",
                                    DATE_ERRORS["short_year"][1])
        checks[early_sql(c)] = (name, f"{name}: {DATE_ERRORS['early'][0]}",
                                DATE_ERRORS["early"][1])
    lahir_future, lahir_early = f"lahir > DATE '{run_date}'", early_sql("lahir")
    extra = {"nik IS NULL": None, f"{off_sql} AND berhenti IS NULL": None, "lahir_bad": None,
             lahir_future: None, lahir_early: None}
    scan = "SELECT count(*), max(mulai), " + ", ".join(
        f"count(*) FILTER (WHERE {w})" for w in [*checks, *extra]) + " FROM t"
    res = con.execute(scan).fetchall()[0]
    report.rows_read, last_start = int(res[0]), res[1]
    counts = dict(zip([*checks, *extra], res[2:], strict=True))
    if not report.rows_read:
        raise InputValidationError([Problem(file, None, None, "tidak ada baris data",
                                            "minimal satu baris data")])
    problems = order_problems
    sh = shown.get
    for field, col, expected in (("segmen", "seg", ", ".join(allowed_values("segmen"))),
                                 ("pendanaan", "fund", ", ".join(allowed_values("pendanaan"))),
                                 ("status", "stat", "aktif atau nonaktif")):
        bad = [k for k, v in maps[field].items() if v is None]
        if bad:
            where = " OR ".join((f"{col} IS NULL" if k is None else f"{col} = {literal(k)}")
                                for k in bad)
            problems += _rows_problems(con, file, where, sh(field), f"{field} tidak dikenal",
                                       expected)
    for where, (column, message, expected) in checks.items():
        if counts[where]:
            problems += _rows_problems(con, file, where, sh(column), message, expected)
    problems += _nik.truncated_problems(con, file, sh("nik"), p, fmt)
    problems += _region_code_problems(con, file, kab, sh("kode", "kode"))
    problems += _match_regions(con, file, kab, shown, allow_unmatched, report)
    if problems:
        problems.sort(key=lambda x: (x.row is None, x.row or 0, x.column or ""))
        raise InputValidationError(problems)

    if report.excluded_rows:  # rows with unmatched names were left out: count again
        res = con.execute(scan).fetchall()[0]
        last_start, counts = res[1], dict(zip([*checks, *extra], res[2:], strict=True))
    bad_nik = counts["nik IS NULL"]
    lahir_notes = []
    if counts["lahir_bad"]:
        lahir_notes.append(Note("inputs.birth.unreadable", {"n": counts["lahir_bad"]}))
    for cond, code in ((lahir_future, "future"), (lahir_early, "early")):
        if counts[cond]:
            lahir_notes.append(Note(f"inputs.birth.{code}", {"n": counts[cond]}
                                    | ({"year": MIN_YEAR} if code == "early" else {})))
    months = _periods(last_start, periods)
    report_counts(report, bad_nik, lambda: [r[0] for r in con.execute(
        f"SELECT _row FROM tv WHERE nik IS NULL ORDER BY _row LIMIT {MAX_ROW_PROBLEMS}"
    ).fetchall()], counts[f"{off_sql} AND berhenti IS NULL"], months, invalid_nik, lahir_notes,
        report.excluded_rows)
    out = count_active(con, months, maps, drop_invalid=invalid_nik == "drop")
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
