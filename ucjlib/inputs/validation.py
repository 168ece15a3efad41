"""Checking aggregated inputs against the data dictionary: the engine behind the loaders.

:func:`check_table` reads one coverage, workforce or population file, maps
its headers and values to the canonical ones, resolves region names to
Kemendagri codes and collects *every* problem; :mod:`ucjlib.inputs.loaders` wraps it
in the public loaders. :class:`LoadReport` says what was read, matched,
guessed and excluded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ucjlib.dataset import COVERAGE_COLUMNS, WORKFORCE_COLUMNS
from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int
from ucjlib.geo.sources import file_sha256
from ucjlib.inputs.cells import is_blank, is_excel_error
from ucjlib.inputs.dictionary import columns
from ucjlib.inputs.headers import hidden_note, missing_field_hint, resolve_headers
from ucjlib.inputs.levels import partial_years, reconcile_levels
from ucjlib.inputs.privacy import quote, with_value
from ucjlib.inputs.problems import DEMO_VALUES, TRUE_VALUES, row_problems
from ucjlib.inputs.readers import read_input
from ucjlib.inputs.regions import empty_matches, guess_note, match_region_names
from ucjlib.inputs.table_rules import (
    EXCEL_RULE,
    count_rule,
    coverage_rule,
    coverage_rules,
    duplicate_problems,
    mixed_rows_problem,
)
from ucjlib.inputs.values import (
    COUNT_ERRORS,
    PERIOD_ERRORS,
    canonical_values,
    current_month,
    parse_counts,
    parse_year,
    period_column,
)
from ucjlib.text import Note, render_note, say

_SPEC: dict[str, dict] = {
    "coverage": {"required": ["periode", "segmen", "peserta_aktif"],
                 "counts": ["peserta_aktif"], "key": ["kode", "periode", "segmen", "pendanaan"]},
    "workforce": {"required": ["tahun", "pekerja"],
                  "counts": ["pekerja", "pekerja_formal", "pekerja_informal"],
                  "key": ["kode", "tahun"]},
    "population": {"required": ["penduduk_15"], "counts": ["penduduk_15"], "key": ["kode"]},
}


@dataclass
class LoadReport:
    """What a loader read, matched, guessed, excluded and noted.

    Attributes
    ----------
    file, kind : str
        Input file and its kind (``coverage``, ``workforce``, ``population``,
        ``participants``).
    rows_read, rows_loaded : int
        Data rows in the file, and rows (or records) that went into the table.
    matches : pandas.DataFrame
        One row per distinct region name: ``level``, ``input``, ``induk``
        (the kecamatan a desa was matched within), ``kode``, ``nama``,
        ``status`` (matched/guessed/unmatched), ``score``, ``rows``. Empty when
        the file has codes.
    excluded_rows, excluded_participants : int
        Rows excluded because their region name did not match
        (``allow_unmatched=True``) and the participants on those rows.
    notes : list of str
        Caveats to repeat in outputs.
    sha256 : str
        Checksum of the file.
    demo : bool
        The table loaded is demo (synthetic) data: a ``label_data``/``demo``
        column or the Parquet metadata says so. The loaders' one carrier of
        the demo label (never the frame's ``attrs``, which pandas operations
        may drop).
    """

    file: str
    kind: str
    rows_read: int = 0
    rows_loaded: int = 0
    matches: pd.DataFrame = field(default_factory=empty_matches)
    excluded_rows: int = 0
    excluded_participants: int = 0
    notes: list[str] = field(default_factory=list)
    sha256: str = ""
    invalid_nik: int = 0
    invalid_nik_rows: list[int] = field(default_factory=list)
    demo: bool = False
    source_rows: list[int] = field(default_factory=list, repr=False)
    """Spreadsheet row of each row of the returned table (aggregated inputs only)."""

    def match_counts(self) -> dict[str, int]:
        """Count distinct names matched, guessed and unmatched."""
        c = self.matches["status"].value_counts() if len(self.matches) else {}
        return {s: int(c.get(s, 0)) for s in ("matched", "guessed", "unmatched")}

    def text(self, lang: str = "id") -> str:
        """Multi-line summary for the CLI and logs (never contains NIK or person names)."""
        lines = [say("validate.read", lang, file=self.file, read=self.rows_read,
                     loaded=self.rows_loaded)]
        if len(self.matches):
            lines.append(say("validate.names", lang, **self.match_counts()))
            personal = self.kind == "participants"
            for r in self.matches.itertuples(index=False):
                shown = quote(r.input, personal)
                shown = f" {shown}" if shown else ""
                if r.status == "guessed":
                    lines.append(say("validate.guessed", lang, level=r.level, shown=shown,
                                     kode=r.kode, name=r.nama, rows=r.rows))
                elif r.status == "unmatched":
                    lines.append(say("validate.unmatched", lang, level=r.level, shown=shown,
                                     rows=r.rows))
        if self.excluded_rows:
            lines.append(say("validate.excluded", lang, rows=self.excluded_rows,
                             participants=self.excluded_participants))
        if self.invalid_nik:
            rows = ", ".join(str(r) for r in self.invalid_nik_rows[:20])
            more = " ..." if self.invalid_nik > 20 else ""
            lines.append(say("validate.invalid_nik", lang, n=self.invalid_nik, rows=rows,
                             more=more))
        lines += [say("validate.note", lang, note=render_note(n, lang)) for n in self.notes]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


# ------------------------------------------------------------------ helpers

def _header_problems(df: pd.DataFrame, kind: str, file: str, notes: list[str] | None = None,
                     hidden: list[str] | None = None,
                     ) -> tuple[pd.DataFrame, dict[str, str], list[Problem]]:
    """Map the headers (:func:`~ucjlib.inputs.headers.resolve_headers`); list missing columns.

    Two columns naming one field are a problem; a preference note goes to
    ``notes``. A missing required column says so when a hidden XLSX column
    (``hidden``) names it.
    """
    rename, hnotes, problems = resolve_headers([str(c) for c in df.columns], kind, file)
    if notes is not None:
        notes += hnotes
    df = df.rename(columns={c: rename[str(c)] for c in df.columns if str(c) in rename})
    df = df[[c for c in df.columns if c in set(rename.values())]]
    shown = {canon: orig for orig, canon in rename.items()}
    specs = {c["name"]: c for c in columns(kind)}
    needed = list(_SPEC[kind]["required"])
    conflicted = {c for c in _SPEC[kind]["required"] + ["kode"]
                  if any(f"dibaca sebagai {c};" in p.message for p in problems)}
    if "kode" not in df.columns and "kecamatan" not in df.columns:
        needed.insert(0, "kode")
    for col in needed:
        if col not in df.columns and col not in conflicted:
            aliases = ", ".join(specs[col].get("aliases", [])[:8])
            extra = " (atau kolom nama kecamatan [+ desa])" if col == "kode" else ""
            extra += missing_field_hint(col, hidden or [], kind)
            problems.append(Problem(file, None, col, "kolom wajib tidak ada" + extra,
                                    f"judul kolom {col!r} atau salah satu alias: {aliases}"))
    return df, shown, problems


def excel_error_cells(df: pd.DataFrame, shown: dict[str, str], file: str, personal: bool = False,
                      ) -> tuple[list[Problem], set[tuple[int, str]]]:
    """Cells of the used columns holding an Excel error value (``#N/A``, ``#REF!`` ...).

    Returns the problems (one per cell: row and column; for personal data
    the value is not shown) and the ``(row, column)`` cells, whose other
    problems (not a number, unknown value) are left out: one cell, one
    message.
    """
    problems: list[Problem] = []
    cells: set[tuple[int, str]] = set()
    for canon in df.columns:
        col = df[canon]
        if not (col.dtype == object or pd.api.types.is_string_dtype(col.dtype)):
            continue
        bad = col.map(is_excel_error).to_numpy(dtype=bool)
        if not bad.any():
            continue
        rows = df.index[bad]
        column = shown.get(canon, canon)
        cells |= {(int(r), column) for r in rows}
        problems += row_problems(file, rows, column,
                                 lambda r, c=canon: EXCEL_RULE.text(str(df.at[r, c]).strip(),
                                                                    personal),
                                 EXCEL_RULE.expected)
    return problems, cells


def _format_code(v: object) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float):  # a kabupaten code typed as a number in Excel: 35.1 = 35.10
        if not np.isfinite(v):
            return str(v)
        return str(int(v)) if v.is_integer() else f"{v:.2f}"
    s = str(v).strip()
    return s or None


def count_problems(df: pd.DataFrame, col: str, shown: str, file: str, required: bool,
                   ) -> tuple[pd.Series, list[Problem]]:
    """Parse a count column and list its problems (empty, not a count, too large ...)."""
    values, missing, err = parse_counts(df[col])
    probs = []
    if required:
        empty = count_rule("empty")
        probs += row_problems(file, df.index[missing], shown, empty.message, empty.expected)
    for key in COUNT_ERRORS:
        sel = err == key
        if sel.any():
            rule = count_rule(key)
            probs += row_problems(file, df.index[sel], shown,
                                  lambda r, u=rule: u.text(df.at[r, col]), rule.expected)
    return values, probs


def resolve_regions(df: pd.DataFrame, kabupaten: str | None, file: str, shown: dict[str, str],
                    personal: bool = False,
                    ) -> tuple[pd.Series, pd.DataFrame, list[Problem], list[Problem], pd.Series]:
    """Give every row a Kemendagri code, from a ``kode`` column or from names.

    Names go through :func:`ucjlib.inputs.regions.match_region_names` (the
    matcher the participant aggregation uses too). Returns ``(kode, matches,
    problems, unmatched_problems, unmatched_mask)``; ``unmatched_mask`` marks
    rows whose names did not match, described by ``unmatched_problems`` (one
    per distinct name, listing its rows).
    """
    from ucjlib.geo.wilayah import gazetteer

    known = set(gazetteer()["kode"])
    kode = pd.Series([None] * len(df), index=df.index, dtype=object)
    problems: list[Problem] = []
    unmatched = pd.Series(False, index=df.index)
    matches = empty_matches()
    if "kode" in df.columns:
        kode = df["kode"].map(_format_code).astype(object)
    has_names = "kecamatan" in df.columns
    need_names = kode.isna() & (df["kecamatan"].notna() if has_names else False)
    kcol = shown.get("kode", "kode")
    rules = coverage_rules(kabupaten)
    empty, unknown, outside_ = (rules[("kode", k)] for k in ("empty", "unknown", "outside"))
    problems += row_problems(file, df.index[kode.isna() & ~need_names], kcol,
                             empty.message, empty.expected)
    bad = kode.notna() & ~kode.isin(known)
    problems += row_problems(file, df.index[bad], kcol,
                             lambda r: unknown.text(kode.at[r], personal), unknown.expected)
    if kabupaten is not None:
        outside = kode.notna() & ~bad & (kode != kabupaten) & ~kode.str.startswith(
            kabupaten + ".", na=False)
        # the code is named even in personal data (a region code is not personal)
        problems += row_problems(file, df.index[outside], kcol,
                                 lambda r: outside_.text(kode.at[r]), outside_.expected)
    if not need_names.any():
        return kode, matches, problems, [], unmatched
    names = pd.DataFrame({
        "kec": df.loc[need_names, "kecamatan"].astype(str),
        "ds": (df.loc[need_names, "desa"] if "desa" in df.columns else None),
        "_row": df.index[need_names]})
    names["ds"] = names["ds"].map(lambda v: None if v is None or (isinstance(v, float) and
                                                                  np.isnan(v)) else str(v))
    grouped = names.groupby(["kec", "ds"], dropna=False, sort=False)["_row"]
    pairs = pd.DataFrame({"n": grouped.size(), "rows": grouped.agg(lambda r: sorted(r)[:11])})
    pairs = pairs.reset_index()
    pairs["ds"] = pairs["ds"].astype(object).where(pairs["ds"].notna(), None)
    codes, matches, uprobs = match_region_names(pairs, kabupaten, file, shown, personal)
    if kabupaten is None:
        return kode, matches, problems + uprobs, [], need_names
    lookup = {(k, d): c for k, d, c in zip(pairs["kec"], pairs["ds"], codes, strict=True)}
    kode.loc[need_names] = [lookup[(k, d)] for k, d in zip(names["kec"], names["ds"],
                                                          strict=True)]
    unmatched = need_names & kode.isna()
    return kode, matches, problems, uprobs, unmatched


def _truthy(s: pd.Series) -> pd.Series:
    return s.map(lambda v: str(v).strip().lower() in TRUE_VALUES if v is not None else False
                 ).astype(bool)


def demo_rows(df: pd.DataFrame, shown: dict[str, str], file: str, meta_demo: bool = False,
              ) -> tuple[bool, list[Problem]]:
    """Say whether a table is demo data, from its ``label_data``/``demo`` columns or metadata.

    A table whose rows are partly demo and partly not is a problem.
    """
    flags = None
    col = None
    for c in ("label_data", "demo"):
        if c in df.columns:
            col = c
            v = df[c]
            f = (v.map(lambda x: str(x).strip().lower() in DEMO_VALUES if x is not None
                       else False).astype(bool) if c == "label_data" else _truthy(v))
            flags = f if flags is None else (flags | f)
    if flags is None:
        return meta_demo, []
    if flags.all() or (meta_demo and not flags.any() and col == "label_data"
                       and df["label_data"].isna().all()):
        return True, []
    if not flags.any():
        if meta_demo:
            return True, []
        return False, []
    rows = df.index[~flags]
    return True, [mixed_rows_problem(file, rows[0], shown.get(col, col), len(rows),
                                   int(flags.sum()))]


def _category_problems(df, out, col, shown, file) -> list[Problem]:
    bad = out[col].isna()
    empty, unknown = coverage_rule(col, "empty"), coverage_rule(col, "unknown")
    return row_problems(file, df.index[bad], shown[col],
                        lambda r: empty.text() if is_blank(df.at[r, col]) else
                        unknown.text(df.at[r, col]), unknown.expected)


def _period_problems(df, errors, shown, file) -> list[Problem]:
    """One problem per row whose month cannot be used (messages of ``PERIOD_ERRORS``)."""
    col = shown["periode"]
    rules = coverage_rules()
    probs = []
    for key in PERIOD_ERRORS:
        rows = df.index[errors == key]
        rule = rules[("periode", key)]
        probs += row_problems(file, rows, col, lambda r, u=rule: u.text(df.at[r, "periode"]),
                              rule.expected)
    return sorted(probs, key=lambda p: p.row or 0)


def _year_problems(df, out, shown, file) -> list[Problem]:
    col = shown["tahun"]
    probs = row_problems(file, df.index[out["tahun"].isna()], col,
                         lambda r: "sel kosong" if df.at[r, "tahun"] is None else
                         with_value("bukan tahun", df.at[r, "tahun"], personal=False),
                         "tahun Sakernas Agustus, mis. 2024")
    year = int(current_month()[:4])
    future = out["tahun"].notna() & (out["tahun"] > year)
    probs += row_problems(file, df.index[future], col,
                          lambda r: f"tahun di masa depan: {int(out.at[r, 'tahun'])}",
                          f"tahun sampai {year}")
    return probs


def check_table(path: str | Path, kind: str, kabupaten: str | None, allow_unmatched: bool,
                sheet: str | int | None = None, text: bool = True,
                ) -> tuple[pd.DataFrame | None, list[Problem], LoadReport]:
    """Read and check one aggregated input; returns (canonical frame, problems, report).

    ``text=False``: a coverage CSV/Parquet checked column-wise keeps its key
    columns as categoricals (for a check that does not keep the table).

    Besides the per-cell checks, rows at several levels are reconciled
    (:func:`ucjlib.inputs.levels.reconcile_levels`: subtotals dropped with a
    note, conflicts reported) and a workforce year that covers only part of
    a kabupaten is a problem (:func:`ucjlib.inputs.levels.partial_years`).
    """
    file = str(path)
    report = LoadReport(file, kind)
    if kind == "coverage" and sheet is None:
        from ucjlib.inputs.columnar import check_coverage_columnar
        from ucjlib.inputs.files import check_file

        try:
            fmt = check_file(path)
        except InputValidationError as exc:
            return None, list(exc.problems), report
        if fmt in ("csv", "parquet"):
            try:
                done = check_coverage_columnar(Path(path), fmt, kabupaten, report, text)
            except InputValidationError as exc:  # an unreadable file: the problem, returned
                return None, list(exc.problems), report
            if done is not None:
                report.sha256 = file_sha256(path)
                return done[0], done[1], report
            report = LoadReport(file, kind)
    try:
        res = read_input(path, sheet, kind)
    except InputValidationError as exc:
        return None, list(exc.problems), report
    raw = res.frame
    report.notes += res.notes + hidden_note(file, res.hidden, kind)
    report.sha256 = file_sha256(path)
    report.rows_read = len(raw)
    df, shown, problems = _header_problems(raw, kind, file, report.notes, res.hidden)
    if problems:
        return None, problems, report
    xl_problems, xl_cells = excel_error_cells(df, shown, file)
    spec = _SPEC[kind]
    out = pd.DataFrame(index=df.index)
    demo, dprobs = demo_rows(df, shown, file, res.demo)
    problems += dprobs
    if kind == "coverage":
        out["periode"], period_err, order = period_column(df["periode"])
        problems += _period_problems(df, period_err, shown, file)
        if order.note(shown["periode"]):
            report.notes.append(order.note(shown["periode"]))
        for col in ("segmen", "pendanaan"):
            if col not in df.columns:
                out[col] = "lainnya"
                report.notes.append(Note("inputs.no_funding"))
                continue
            out[col] = canonical_values(df[col], col)
            problems += _category_problems(df, out, col, shown, file)
    elif kind == "workforce":
        out["tahun"] = df["tahun"].map(parse_year)
        problems += _year_problems(df, out, shown, file)
        out["pekerja_estimasi"] = (_truthy(df["pekerja_estimasi"])
                                   if "pekerja_estimasi" in df.columns else False)
    for col in spec["counts"]:
        if col in df.columns:
            out[col], probs = count_problems(df, col, shown[col], file, col in spec["required"])
            problems += probs
    if kind == "workforce":
        for col in ("pekerja_formal", "pekerja_informal"):
            if col in out.columns:
                over = out[col] > out["pekerja"]
                problems += row_problems(
                    file, out.index[over], shown[col],
                    lambda r, c=col: f"{c} ({fmt_int(out.at[r, c])}) lebih besar dari pekerja "
                    f"({fmt_int(out.at[r, 'pekerja'])})", f"{col} <= pekerja")
        from ucjlib.inputs.workforce import split_above_total

        problems += split_above_total(out, shown, file)
    kode, matches, rprobs, uprobs, unmatched = resolve_regions(df, kabupaten, file, shown)
    out["kode"] = kode
    report.matches = matches
    if not allow_unmatched:
        rprobs += uprobs
    elif unmatched.any():
        report.excluded_rows = int(unmatched.sum())
        if kind == "coverage":
            report.excluded_participants = int(out.loc[unmatched, "peserta_aktif"].fillna(0).sum())
        report.notes.append(
            Note("inputs.unmatched_excluded.coverage", {
                "rows": report.excluded_rows, "participants": report.excluded_participants})
            if kind == "coverage" else
            Note("inputs.unmatched_excluded", {"rows": report.excluded_rows}))
        out = out.loc[~unmatched]
    problems += rprobs
    note = guess_note(report.matches, personal=False)
    if note:
        report.notes.append(note)
    key = spec["key"]
    problems += _duplicate_problems(out, key, file)
    if xl_cells:  # an Excel error value is its own problem, not also "not a number" etc.
        problems = xl_problems + [p for p in problems if (p.row, p.column) not in xl_cells]
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    if problems:
        return None, problems, report
    group = [k for k in key if k != "kode"]
    values = [c for c in spec["counts"] if c in out.columns]
    label = " x ".join(group) if group else "berkas"
    out, lprobs, lnotes = reconcile_levels(out, group, values, file, shown, label)
    if kind == "workforce" and not lprobs:
        lprobs += partial_years(out, "tahun", file, shown, kabupaten)
    if lprobs:
        return None, lprobs, report
    report.notes += lnotes
    return _canonical(out, kind, key, demo, report), [], report


def _duplicate_problems(out: pd.DataFrame, key: list[str], file: str) -> list[Problem]:
    valid = out[key].notna().all(axis=1)
    sub = out.loc[valid, key]
    dup = sub.duplicated(key, keep=False)
    if not dup.any():
        return []
    d = sub.loc[dup]
    first = d.reset_index().groupby(key, sort=False)[d.index.name or "index"].transform("min")
    first.index = d.index
    later = d.index[d.index.to_numpy() != first.to_numpy()]
    return duplicate_problems(file, key, {int(r): (d.loc[r].tolist(), int(first.at[r]))
                                          for r in later})


def _canonical(out: pd.DataFrame, kind: str, key: list[str], demo: bool,
               report: LoadReport) -> pd.DataFrame:
    spec = _SPEC[kind]
    if kind == "coverage":
        out["peserta_aktif"] = out["peserta_aktif"].astype("int64")
        out = out[list(COVERAGE_COLUMNS)].sort_values(key)
        report.source_rows = [int(r) for r in out.index]
        out = out.reset_index(drop=True)
    elif kind == "workforce":
        for col in spec["counts"]:
            if col in out.columns:
                out[col] = out[col].astype("Int64" if out[col].isna().any() else "int64")
        out["tahun"] = out["tahun"].astype("int64")
        cols = list(WORKFORCE_COLUMNS) + [c for c in ("pekerja_formal", "pekerja_informal")
                                          if c in out.columns] + ["pekerja_estimasi"]
        out = out[cols].sort_values(key).reset_index(drop=True)
    else:
        out["penduduk_15"] = out["penduduk_15"].astype("int64")
        out = out[["kode", "penduduk_15"]].sort_values("kode").reset_index(drop=True)
    for col in ("kode", "periode", "segmen", "pendanaan"):
        if col in out.columns:
            out[col] = out[col].astype(str)
    report.demo = demo
    report.rows_loaded = len(out)
    return out
