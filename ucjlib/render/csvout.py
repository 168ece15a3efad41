"""The key tables of a report as typed frames, and their CSV form.

A :class:`Table` is what both the CSV files and the XLSX workbook
(:mod:`ucjlib.render.workbook`) are written from: raw numbers (never
pre-formatted strings), one :class:`Column` per column saying its header, its
kind (count, share, percentage points, rupiah ...) and how a totals row adds it
up. The tables only select, join and rename what a result carries; they
compute nothing new except the totals row (sums of counts, and rates
recomputed from those sums, never summed).

CSV conventions
---------------
``locale="id"`` (default): ``;``-separated, decimal comma (``42,29``), no
thousands separators, UTF-8 with a byte-order mark, so Excel on an Indonesian
Windows opens the file straight into columns. ``locale="en"``: ``,`` and
``.``. Shares are written as percentages (``42,29`` under a header ending in
``(%)``), rupiah as whole rupiah, counts as integers; an empty cell is a
missing value. CSV files carry no totals row (they are for re-use); the
workbook has one.
A text cell that would start a spreadsheet formula (``=``, ``+``, ``-``, ``@``,
tab) gets a leading ``'`` (:func:`ucjlib.render.safe.cell_text`).

This module writes every CSV of ucjlib: the report tables (:func:`csv_text`,
:func:`write_csv`) and the plain frames of ``ucj coverage/project/budget --format csv``
(:func:`frame_csv`: raw numbers with ``.`` decimals, titled columns, the demo label
column), always atomically (:func:`write_csv_text`). Column titles, units and kinds
come from :mod:`ucjlib.columns`.
"""

from __future__ import annotations

import csv
import io
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ucjlib.columns import KINDS
from ucjlib.columns import header as col_title
from ucjlib.columns import kind as column_kind
from ucjlib.coverage import status_texts
from ucjlib.dataset import DEMO_LABEL_EN
from ucjlib.errors import ArgumentError
from ucjlib.files import atomic_write_bytes
from ucjlib.fmt import month_name
from ucjlib.render.safe import cell_text, neutral_frame
from ucjlib.render.style import target_note
from ucjlib.text import render_notes, say

__all__ = ["KINDS", "SEPARATORS", "Column", "Table", "budget_tables", "cells", "col_title",
           "coverage_tables", "csv_text", "frame_csv", "projection_tables", "separator",
           "totals_row", "write_csv", "write_csv_text"]

_DECIMALS = {"int": 0, "year": 0, "idr": 0, "dec1": 1, "dec2": 2, "dec4": 4, "pct": 4,
             "pp": 4}
#: The CSV separator of each locale (``id``: ``;`` with a decimal comma, ``en``: ``,``).
SEPARATORS = {"id": ";", "en": ","}
#: The grant comparison's schemes named in the catalogue (``csv.budget.scheme.*``).
_SCHEMES = ("santunan_duka", "jkm_jkk_apbd")
#: Levels named in the catalogue (``level.*``) in the coverage tables; others as they are.
_UNITS = ("kecamatan", "desa")


@dataclass(frozen=True)
class Column:
    """One column of a :class:`Table`.

    Attributes
    ----------
    key : str
        Column of :attr:`Table.frame`.
    title : str
        Header, with its unit (``Cakupan UCJ (%)``).
    kind : str
        One of :data:`KINDS`.
    total : str or None
        How the totals row fills this column: ``"sum"``, ``"first"`` (the same
        value on every row, e.g. the region's workforce), ``"ratio:a/b"`` (total of
        ``a`` over total of ``b``), ``"label"`` (the word "Jumlah"), or ``None``.
    """

    key: str
    title: str
    kind: str = "text"
    total: str | None = None


@dataclass(frozen=True)
class Table:
    """A key table of a report: raw values, typed columns, notes.

    Attributes
    ----------
    name : str
        File stem (``cakupan-kecamatan``).
    sheet : str
        Sheet name in the workbook (at most 31 characters).
    title : str
        One line saying what the table shows (region and period included).
    frame : pandas.DataFrame
        Raw values; ``mixed`` columns take their kind from a ``_kind`` column.
    columns : tuple of Column
    notes : tuple of str
        Lines printed under the table in the workbook.
    total_label : str
        Word in the first column of the totals row.
    """

    name: str
    sheet: str
    title: str
    frame: pd.DataFrame
    columns: tuple[Column, ...]
    notes: tuple[str, ...] = ()
    total_label: str = "Jumlah"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def has_totals(self) -> bool:
        """Whether any column is added up in a totals row."""
        return any(c.total not in (None, "label") for c in self.columns)


def _col(key: str, lang: str, kind: str | None = None, total: str | None = None,
         title: str | None = None) -> Column:
    kind = kind or column_kind(key)
    return Column(key, title or col_title(key, lang, kind), kind, total)


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def totals_row(table: Table) -> dict[str, Any]:
    """Totals of a table: counts summed, shared values kept, rates recomputed from totals.

    Examples
    --------
    >>> f = pd.DataFrame({"nama": ["A", "B"], "pekerja": [100, 300],
    ...                   "peserta_aktif": [50, 60], "cakupan": [0.5, 0.2]})
    >>> cols = (Column("nama", "Nama", "text", "label"),
    ...         Column("pekerja", "Pekerja", "int", "sum"),
    ...         Column("peserta_aktif", "Peserta", "int", "sum"),
    ...         Column("cakupan", "Cakupan", "pct", "ratio:peserta_aktif/pekerja"))
    >>> totals_row(Table("t", "t", "t", f, cols))
    {'nama': 'Jumlah', 'pekerja': 400.0, 'peserta_aktif': 110.0, 'cakupan': 0.275}
    """
    out: dict[str, Any] = {}
    ratios = []
    kept = table.meta.get("totals", {})  # true sums of columns with hidden small cells
    for c in table.columns:
        if c.total == "label":
            out[c.key] = table.total_label
        elif c.total == "sum" and c.key in kept:
            out[c.key] = float(kept[c.key])
        elif c.total == "sum":
            out[c.key] = float(pd.to_numeric(table.frame[c.key], errors="coerce").sum())
        elif c.total == "first":
            s = pd.to_numeric(table.frame[c.key], errors="coerce").dropna()
            out[c.key] = float(s.iloc[0]) if len(s) else None
        elif c.total and c.total.startswith("ratio:"):
            ratios.append(c)
    for c in ratios:
        num, den = c.total.removeprefix("ratio:").split("/")
        a, b = out.get(num), out.get(den)
        out[c.key] = None if a is None or not b else a / b
    return out


def cell_kinds(table: Table, col: Column) -> list[str]:
    """Return the kind of each cell of a column (``mixed`` takes it from ``_kind``)."""
    if col.kind == "mixed":
        return [str(k) for k in table.frame["_kind"].tolist()]
    return [col.kind] * len(table.frame)


def cells(table: Table) -> list[list[tuple[Any, str]]]:
    """Return every cell of a table as ``(value, kind)``, row by row.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [1.5, 2.0]})
    >>> cells(Table("t", "t", "t", f, (Column("a", "A", "dec1"),)))
    [[(1.5, 'dec1')], [(2.0, 'dec1')]]
    """
    cols = [list(zip(table.frame[c.key].tolist(), cell_kinds(table, c), strict=True))
            for c in table.columns]
    return [list(row) for row in zip(*cols, strict=True)] if cols else []


def csv_value(value: Any, kind: str, locale: str = "id") -> str:
    """Write one CSV cell: a plain number in the locale's decimal mark, or text.

    Examples
    --------
    >>> csv_value(0.4229, "pct"), csv_value(157058.0, "int"), csv_value(0.4229, "pct", "en")
    ('42,29', '157058', '42.29')
    >>> csv_value(31662892800.4, "idr"), csv_value(None, "int"), csv_value("Ngraho", "text")
    ('31662892800', '', 'Ngraho')
    """
    if _missing(value):
        return ""
    if kind in ("text", "mixed") or isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    x = float(value) * (100 if kind == "pct" else 1)
    dec = _DECIMALS.get(kind, 4)
    if dec == 0:
        return str(int(round(x)))
    text = f"{round(x, dec):.{dec}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",") if locale == "id" else text


def csv_text(table: Table, locale: str = "id", label: str = "") -> str:
    """Return the CSV text of a table (header from the column titles, no totals row).

    With a ``label`` (the demo label), a last column ``Label data`` repeats it on every
    row, so a row copied elsewhere still says it is synthetic.

    Every cell passes :func:`ucjlib.render.safe.cell_text`: a text that would start a
    formula (``=``, ``+``, ``-``, ``@`` ...) gets a leading ``'``; numbers stay numbers.

    Raises
    ------
    ArgumentError
        For a locale other than ``id`` or ``en``.
    """
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=separator(locale), lineterminator="\r\n")
    extra = [cell_text(label)] if label else []
    w.writerow([cell_text(c.title) for c in table.columns]
               + ([_label_title("en" if label == DEMO_LABEL_EN else "id")] if label else []))
    for row in cells(table):
        w.writerow([cell_text(csv_value(v, kind, locale)) for v, kind in row] + extra)
    return buf.getvalue()


def write_csv(table: Table, path: str | os.PathLike, locale: str = "id",
              label: str = "") -> Path:
    """Write a table as CSV (UTF-8 with BOM), atomically (see :func:`csv_text`).

    Raises
    ------
    OutputError
        When the file cannot be written.
    """
    return write_csv_text(path, csv_text(table, locale, label), bom=True)


def separator(locale: str) -> str:
    """Return the CSV separator of a locale (:data:`SEPARATORS`).

    Raises
    ------
    ArgumentError
        For a locale other than ``id`` or ``en``.

    Examples
    --------
    >>> separator("id"), separator("en")
    (';', ',')
    """
    if locale not in SEPARATORS:
        raise ArgumentError("csv_locale", locale, "'id' (; dan 42,29) atau 'en' (, dan 42.29)")
    return SEPARATORS[locale]


def _label_title(lang: str) -> str:
    return cell_text(col_title("label_data", lang))


def frame_csv(frame: pd.DataFrame, *, lang: str = "id", label: str = "",
              titled: bool = True, sep: str = ",", lineterminator: str | None = None) -> str:
    r"""Return a plain frame as CSV text: numbers as pandas writes them, text neutralised.

    The CSV of the commands (``ucj coverage/project/budget --format csv``), which is for
    re-use by programs: raw values, ``.`` decimals, shares as 0-1.

    Parameters
    ----------
    frame : pandas.DataFrame
    lang : {"id", "en"}
        Language of the column titles.
    label : str
        The demo label: a last column ``label_data`` repeats it on every row (``""``:
        none).
    titled : bool, default True
        Headers are the titles of :mod:`ucjlib.columns`; False keeps the column names.
    sep, lineterminator : str
        As :meth:`pandas.DataFrame.to_csv`.

    Examples
    --------
    >>> frame_csv(pd.DataFrame({"kode": ["35.22"], "cakupan": [0.5]}), label="demo")
    'Kode wilayah,Cakupan UCJ,Label data\n35.22,0.5,demo\n'
    >>> frame_csv(pd.DataFrame({"nama": ["=1+1"]}), titled=False)
    "nama\n'=1+1\n"
    """
    t = frame.copy()
    if label:
        t["label_data"] = label
    if titled:
        t.columns = [col_title(c, lang) for c in t.columns]
    return neutral_frame(t).to_csv(index=False, sep=sep, lineterminator=lineterminator)


def write_csv_text(path: str | os.PathLike, text: str, bom: bool = False) -> Path:
    """Write CSV text to ``path`` atomically, UTF-8 (with a byte-order mark if ``bom``).

    Raises
    ------
    OutputError
        When the file cannot be written (an earlier file is kept).
    """
    return atomic_write_bytes(path, text.encode("utf-8-sig" if bom else "utf-8"))


# --- the key tables of each section ---------------------------------------------------

def _frame(df: pd.DataFrame, cols: Sequence[Column]) -> pd.DataFrame:
    return df[[c.key for c in cols]].reset_index(drop=True)


def _where(result: Any) -> str:
    return f"{result.region.nama}, {month_name(result.periode, lang=result.lang)}"


def coverage_tables(result: Any, lang: str = "id") -> list[Table]:
    """Tabulate coverage per unit, plus segments and the monthly series for kecamatan.

    Parameters
    ----------
    result : CoverageResult
    lang : {"id", "en"}

    Returns
    -------
    list of Table
    """
    level = result.level
    lvl = say(f"level.{level}", lang) if level in _UNITS else level
    t = result.table.copy()
    unit_cols = [_col("kode", lang, total="label"), _col("nama", lang)]
    if level == "desa":
        from ucjlib.geo.gazetteer import gazetteer

        kec = t["kode"].astype(str).str[:8]
        g = gazetteer()
        g = g.loc[g["kode"].isin(set(kec))]
        names = dict(zip(g["kode"].tolist(), g["nama"].tolist(), strict=True))
        t["nama_kecamatan"] = [names.get(k, k) for k in kec]
        unit_cols.append(_col("nama_kecamatan", lang))
    for c in ("perubahan_3bln", "perubahan_12bln"):
        t[c] = pd.to_numeric(t[c], errors="coerce") * 100  # shares -> percentage points
    t["status"] = status_texts(t["status"], lang)
    sup = getattr(result, "suppressed", None)
    if sup is not None:  # small cells (ucjlib.smallcells): "<10" where the count is hidden
        from ucjlib.smallcells import count_cells

        t["peserta_aktif"] = count_cells(t, result)
    unit_cols += [
        _col("pekerja", lang, "int", "sum"), _col("peserta_aktif", lang, "int", "sum"),
        _col("cakupan", lang, "pct", "ratio:peserta_aktif/pekerja"),
        _col("tidak_tercakup", lang, "int", "sum"), _col("gap_target", lang, "int", "sum"),
        _col("gap_target_pp", lang, "pp"), _col("status", lang),
        _col("perubahan_3bln", lang, "pp"), _col("perubahan_12bln", lang, "pp"),
        _col("peringkat", lang, "int"),
        _col("pekerja_formal", lang, "int", "sum"), _col("pekerja_informal", lang, "int", "sum")]
    # a workforce without the formal/informal split has no such columns
    unit_cols = [c for c in unit_cols if c.key in t.columns]
    total_gap = result.total.get("gap_target")
    sum_gap = pd.to_numeric(t["gap_target"], errors="coerce").sum()
    if sup is not None and "gap_target" in sup.totals:
        sum_gap = sup.totals["gap_target"]  # as the totals row: every desa, hidden ones too
    notes = [say("csv.coverage.totals_note", lang)]
    if total_gap is not None and abs(float(sum_gap) - float(total_gap)) > 0.5:
        notes.append(say("csv.coverage.gap_sum", lang, region=result.region.nama,
                         total=total_gap, sum=sum_gap, unit=lvl))
    notes.append(target_note(result))
    if sup is not None and sup.hidden:
        notes.append(sup.note.text(lang))
    unit_title = say("csv.coverage.title", lang, unit=lvl, where=_where(result))
    sheet = (say(f"csv.coverage.sheet.{level}", lang) if level in _UNITS
             else say("csv.coverage.sheet", lang, level=level))
    out = [Table(f"cakupan-{level}", sheet[:31],
                 unit_title, _frame(t, unit_cols), tuple(unit_cols), tuple(notes),
                 say("csv.total", lang),
                 {"level": level, **({"totals": dict(sup.totals)} if sup is not None else {})})]
    if level == "desa":
        return out
    seg_cols = [
        _col("segmen", lang, total="label"),
        _col("label", lang, title=say("csv.segment.name", lang)),
        _col("peserta_aktif", lang, "int", "sum"),
        _col("pekerja", lang, "int", "first", say("csv.segment.employed_all", lang)),
        _col("cakupan", lang, "pct", "ratio:peserta_aktif/pekerja",
             say("csv.segment.coverage_all", lang)),
        _col("pekerja_segmen", lang, "int"), _col("cakupan_segmen", lang, "pct")]
    out.append(Table(
        "segmen", say("csv.segment.sheet", lang),
        say("csv.segment.title", lang, where=_where(result)),
        _frame(result.segments, seg_cols), tuple(seg_cols),
        (say("csv.segment.note", lang),), say("csv.total", lang)))
    ser_cols = [_col("periode", lang), _col("pekerja", lang, "int"),
                _col("peserta_aktif", lang, "int"), _col("cakupan", lang, "pct")]
    out.append(Table(
        "tren-bulanan", say("csv.series.sheet", lang),
        say("csv.series.title", lang, region=result.region.nama),
        _frame(result.series, ser_cols), tuple(ser_cols)))
    return out


def projection_tables(result: Any, lang: str = "id") -> list[Table]:
    """Pace, scenarios, projected path and the per-unit allocation of a projection."""
    result = result.shown(lang)
    f, p = result.figures(), result.pace
    now, dl = result.periode, result.deadline
    people, per_month = say("csv.unit.persons", lang), say("csv.unit.persons_month", lang)
    reached = f["target_reached_month"]

    def row(code: str, value: Any, unit: str, kind: str) -> tuple[str, Any, str, str]:
        return say(f"csv.pace.{code}", lang, now=now, deadline=dl, months=p["months"]), \
            value, unit, kind

    rows = [
        row("coverage_now", f["coverage_now"], "%", "pct"),
        row("target", result.target.value, "%", "pct"),
        row("deadline", result.deadline, "YYYY-MM", "text"),
        row("scenario", result.scenario, "", "text"),
        row("participants_now", p["peserta_now"], people, "int"),
        row("employed_deadline", p["pekerja_deadline"], people, "int"),
        row("target_participants", p["target_peserta"], people, "int"),
        row("net_total", p["needed_total"], people, "int"),
        row("net_month", f["required_monthly_net_additions"], per_month, "int"),
        row("gross_month", f["required_monthly_gross_enrolments"], per_month, "int"),
        row("over_trend", f["additional_monthly_over_trend"], per_month, "int"),
        row("coverage_deadline", f["coverage_at_deadline"], "%", "pct"),
        row("coverage_p5", f["coverage_at_deadline_p5"], "%", "pct"),
        row("coverage_p95", f["coverage_at_deadline_p95"], "%", "pct"),
        row("shortfall", f["shortfall_at_deadline"], people, "int"),
        row("probability", f["probability_target_by_deadline"], "%", "pct"),
        row("reached_month", reached or say("csv.pace.not_reached", lang), "YYYY-MM", "text"),
    ]
    pace = pd.DataFrame(rows, columns=["ukuran", "nilai", "satuan", "_kind"])
    pace_cols = [_col("ukuran", lang), _col("nilai", lang, "mixed"), _col("satuan", lang)]
    notes = (target_note(result),
             *render_notes(result.notes, lang))
    where = say("csv.where.data_to", lang, region=result.region.nama, now=now)
    out = [Table("proyeksi-laju", say("csv.pace.sheet", lang),
                 say("csv.pace.title", lang, where=where),
                 pace, tuple(pace_cols), notes)]
    sc_cols = [_col("skenario", lang), _col("deskripsi", lang),
               _col("bulan_target_tercapai", lang), _col("cakupan_tenggat", lang, "pct"),
               _col("kekurangan_tenggat", lang, "int"), _col("probabilitas_target", lang, "pct"),
               _col("periode_januari", lang), _col("cakupan_januari", lang, "pct"),
               _col("cakupan_akhir", lang, "pct")]
    out.append(Table("proyeksi-skenario", say("csv.scenarios.sheet", lang),
                     say("csv.scenarios.title", lang, where=where),
                     _frame(result.scenarios, sc_cols), tuple(sc_cols)))
    path_cols = [_col("periode", lang), _col("jenis", lang), _col("cakupan", lang, "pct"),
                 _col("cakupan_p5", lang, "pct"), _col("cakupan_p50", lang, "pct"),
                 _col("cakupan_p95", lang, "pct"), _col("peserta_aktif", lang, "int"),
                 _col("pekerja", lang, "int")]
    out.append(Table("proyeksi-jalur", say("csv.path.sheet", lang),
                     say("csv.path.title", lang, scenario=result.scenario, where=where),
                     _frame(result.path.assign(jenis=[say(f"projection.kind.{j}", lang)
                                                      for j in result.path["jenis"]]),
                            path_cols), tuple(path_cols)))
    a = result.allocation
    al_cols = [_col(k, lang, "text", "label" if k == "kode" else None)
               for k in ("kode", "nama", "kecamatan") if k in a.columns]
    al_cols += [_col(k, lang, kind, tot) for k, kind, tot in (
        ("pekerja", "int", "sum"), ("peserta_aktif", "int", "sum"),
        ("cakupan", "pct", "ratio:peserta_aktif/pekerja"), ("pekerja_tenggat", "int", "sum"),
        ("target_peserta", "int", "sum"), ("kuota_tambahan", "int", "sum"),
        ("tambahan_per_bulan", "dec1", "sum"), ("cakupan_tenggat", "pct", None),
        ("batas_atas", "int", "sum")) if k in a.columns]
    out.append(Table("proyeksi-alokasi", say("csv.allocation.sheet", lang),
                     say("csv.allocation.title", lang, level=result.level, where=where),
                     _frame(a, al_cols), tuple(al_cols), notes, say("csv.total", lang)))
    return out


def budget_tables(result: Any, lang: str = "id") -> list[Table]:
    """Tabulate contributions per year, payouts with P5/P50/P95, the grant and sensitivity."""
    name = result.region.nama if result.region is not None else ""
    where = ", ".join(x for x in (name, say("csv.budget.from", lang, start=result.start)) if x)
    y = result.yearly.copy()
    y["tahun"] = y["tahun"].astype(int)
    y_cols = [_col("tahun", lang, "year", "label"), _col("bulan", lang, "int"),
              _col("peserta_bulan", lang, "int", "sum")]
    y_cols += [_col(c, lang, "idr", "sum") for c in y.columns
               if c.startswith("iuran_") and c.endswith("_idr")]
    rules = say("budgettext.rule_version", lang, version=result.rule_version)
    out = [Table("anggaran-tahunan", say("csv.budget.yearly.sheet", lang),
                 say("csv.budget.yearly.title", lang, where=where),
                 _frame(y, y_cols), tuple(y_cols), (rules,), say("csv.total", lang))]
    sim_keep = ["tahun", "kematian_p5", "kematian_p50", "kematian_p95", "pembayaran_idr_p5",
                "pembayaran_idr_p50", "pembayaran_idr_p95"]
    cf = result.cashflow.merge(result.simulation[sim_keep], on="tahun", how="left",
                               validate="one_to_one")
    cf["tahun"] = cf["tahun"].astype(int)
    cf_cols = [_col("tahun", lang, "year", "label"), _col("kematian", lang, "dec1", "sum"),
               _col("kematian_p5", lang, "int"), _col("kematian_p50", lang, "int"),
               _col("kematian_p95", lang, "int"), _col("manfaat_jkm_idr", lang, "idr", "sum"),
               _col("manfaat_jkk_idr", lang, "idr", "sum"),
               _col("beasiswa_idr", lang, "idr", "sum"),
               _col("pembayaran_idr", lang, "idr", "sum"),
               _col("pembayaran_idr_p5", lang, "idr"), _col("pembayaran_idr_p50", lang, "idr"),
               _col("pembayaran_idr_p95", lang, "idr"), _col("faktor_diskonto", lang, "dec4"),
               _col("nilai_kini_idr", lang, "idr", "sum")]
    draws = result.draws
    out.append(Table(
        "anggaran-arus-kas", say("csv.budget.cashflow.sheet", lang),
        say("csv.budget.cashflow.title", lang, where=where),
        _frame(cf, cf_cols), tuple(cf_cols),
        (say("csv.budget.cashflow.note", lang, draws=draws), rules, *result.assumptions),
        say("csv.total", lang)))
    g = result.grant.copy()
    g["skema"] = [say(f"csv.budget.scheme.{s}", lang) if s in _SCHEMES else s
                  for s in g["skema"]]
    g_cols = [_col("skema", lang), _col("biaya_per_tahun_idr", lang, "idr"),
              _col("keluarga_per_tahun", lang, "int"), _col("per_keluarga_idr", lang, "idr"),
              _col("manfaat_per_tahun_idr", lang, "idr")]
    out.append(Table("anggaran-santunan", say("csv.budget.grant.sheet", lang),
                     say("csv.budget.grant.title", lang, where=where),
                     _frame(g, g_cols), tuple(g_cols), tuple(result.grant_lines)))
    sens = getattr(result, "sensitivity", None)
    if sens is not None and len(sens):
        s_cols = [_col("label", lang, title=say("budgettext.col.assumption", lang)),
                  _col("nilai_rendah", lang), _col("nilai_dasar", lang),
                  _col("nilai_tinggi", lang), _col("nilai_kini_rendah_idr", lang, "idr"),
                  _col("nilai_kini_dasar_idr", lang, "idr"),
                  _col("nilai_kini_tinggi_idr", lang, "idr")]
        out.append(Table("anggaran-sensitivitas", say("csv.budget.sens.sheet", lang),
                         say("csv.budget.sens.title", lang, where=where),
                         _frame(sens, s_cols), tuple(s_cols)))
    return out
