"""The data template of ``ucj template``: an XLSX for an officer's own data.

One workbook per kabupaten/kota and level (kecamatan or desa), in the long layout the
coverage reader reads as it is (``data/dictionary.yml``, input ``coverage``):

- an instructions sheet (Indonesian, or English);
- a participants sheet: one row per unit x segment x funding the contract allows
  (``segment_funding_combinations`` of ``data/demo.meta.yml``; APBDes only where there is
  a desa, never for a kelurahan), with the unit's code and names filled in and locked,
  and ``periode``, ``segmen``, ``pendanaan`` and ``peserta_aktif`` to fill (yellow,
  unlocked, validated: drop-down lists, whole numbers >= 0, a YYYY-MM text month);
- a workforce sheet: one row per unit, ``tahun`` and ``pekerja`` to fill, validated;
- a hidden marker sheet (:mod:`ucjlib.inputs.template`) and a defined name, so that
  ``ucj validate``, ``ucj coverage --data`` and ``ucj report --data`` read the filled
  workbook without ``--sheet``.

Sheets are protected without a password (locked cells cannot be typed over by mistake);
the header row is frozen. Every text cell passes :func:`ucjlib.render.safe.cell_text`
before saving (no text ever becomes a formula) and the file is written atomically.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from ucjlib.files import atomic_path
from ucjlib.inputs.template import DEFINED_NAME, MARKER, MARKER_SHEET, TemplateInfo
from ucjlib.render.safe import neutralise_workbook
from ucjlib.text import say

__all__ = ["SEGMENTS", "FUNDING", "combinations", "write_template"]

SEGMENTS = ("PU", "BPU", "JAKON", "PMI")
FUNDING = ("mandiri", "APBD", "APBDes", "lainnya")
MAX_COUNT = 300_000_000
_INPUT_FILL = "FFF2CC"   # light yellow: cells to fill
_LOCKED_FILL = "EDEDED"  # grey: filled in by ucj
_HEAD_FILL = "D9E1F2"


@cache
def combinations() -> tuple[tuple[str, str], ...]:
    """Return the (segmen, pendanaan) pairs the contract allows, in the order of the source.

    Examples
    --------
    >>> combinations()[:3]
    (('PU', 'mandiri'), ('BPU', 'mandiri'), ('BPU', 'APBD'))
    """
    import yaml

    from ucjlib.paths import DEMO_META

    meta = yaml.safe_load(DEMO_META.read_text(encoding="utf-8"))
    pairs = [str(k).split("/", 1) for k in meta["segment_funding_combinations"] if "/" in str(k)]
    return tuple((s, f) for s, f in pairs if s in SEGMENTS and f in FUNDING)


def _units(kabupaten: str, level: str):
    """Return the units (kode, kecamatan name, desa name or None, has a desa) of the level."""
    from ucjlib.geo.wilayah import children

    kec = children(kabupaten, "kecamatan")
    kec_name = dict(zip(kec["kode"], kec["nama"], strict=True))
    desa = children(kabupaten, "desa")
    if level == "kecamatan":
        has_desa = set(desa.loc[desa["jenis"] != "kelurahan", "parent"])
        return [(k, n, None, k in has_desa) for k, n in zip(kec["kode"], kec["nama"],
                                                             strict=True)]
    return [(k, kec_name.get(p, ""), n, j != "kelurahan")
            for k, n, p, j in zip(desa["kode"], desa["nama"], desa["parent"], desa["jenis"],
                                  strict=True)]


def _style_header(ws: Any, names: list[str], lang: str, widths: dict[str, int]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for j, name in enumerate(names, start=1):
        c = ws.cell(row=1, column=j, value=name)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        c.comment = Comment(say(f"template.col.{name}", lang), "ucjlib")
        ws.column_dimensions[get_column_letter(j)].width = widths.get(name, 14)


def _fill_rows(ws: Any, rows: list[list[Any]], inputs: set[int], text_cols: set[int]) -> None:
    from openpyxl.styles import PatternFill, Protection

    yellow = PatternFill("solid", fgColor=_INPUT_FILL)
    grey = PatternFill("solid", fgColor=_LOCKED_FILL)
    unlocked = Protection(locked=False)
    for i, values in enumerate(rows, start=2):
        for j, v in enumerate(values, start=1):
            c = ws.cell(row=i, column=j, value=v)
            if j in text_cols:
                c.number_format = "@"
            if j in inputs:
                c.fill = yellow
                c.protection = unlocked
            else:
                c.fill = grey


def _validation(kind: str, lang: str, **kw: Any) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type=kind, allow_blank=True, showErrorMessage=True,
                        errorTitle=say("template.valid.title", lang), **kw)
    return dv


def _validate(ws: Any, col: str, last: int, kind: str, lang: str) -> None:
    """Add one validation of ``kind`` (segmen, pendanaan, count, month, year) to a column."""
    cells = f"{col}2:{col}{last}"
    if kind in ("segmen", "pendanaan"):
        values = SEGMENTS if kind == "segmen" else FUNDING
        dv = _validation("list", lang, formula1='"' + ",".join(values) + '"',
                         error=say("template.valid.list", lang, values=", ".join(values)))
    elif kind == "count":
        dv = _validation("whole", lang, operator="between", formula1="0",
                         formula2=str(MAX_COUNT), error=say("template.valid.count", lang))
    elif kind == "year":
        dv = _validation("whole", lang, operator="between", formula1="2000", formula2="2100",
                         error=say("template.valid.year", lang))
    else:  # a YYYY-MM text month
        c = f"{col}2"
        formula = (f'AND(LEN({c})=7,MID({c},5,1)="-",ISNUMBER(VALUE(LEFT({c},4))),'
                   f'ISNUMBER(VALUE(RIGHT({c},2))),VALUE(RIGHT({c},2))>=1,'
                   f'VALUE(RIGHT({c},2))<=12)')
        dv = _validation("custom", lang, formula1=formula, error=say("template.valid.month", lang))
    ws.add_data_validation(dv)
    dv.add(cells)


def _protect(ws: Any, names: list[str], first_input: int) -> None:
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = f"{get_column_letter(first_input)}2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(ws.max_row, 2)}"
    ws.protection.sheet = True  # no password: a guard against typing over codes, not a lock
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _data_sheet(ws: Any, units, level: str, lang: str, periode: str | None) -> int:
    names = ["kode", "kecamatan"] + (["desa"] if level == "desa" else []) + [
        "periode", "segmen", "pendanaan", "peserta_aktif"]
    rows = []
    for kode, kec, desa, has_desa in units:
        place = [kode, kec] + ([desa] if level == "desa" else [])
        for seg, fund in combinations():
            if fund == "APBDes" and not has_desa:
                continue
            rows.append(place + [periode, seg, fund, None])
    first = names.index("periode") + 1
    _style_header(ws, names, lang, {"kode": 16, "kecamatan": 20, "desa": 22, "periode": 11,
                                    "segmen": 9, "pendanaan": 11, "peserta_aktif": 14})
    _fill_rows(ws, rows, set(range(first, len(names) + 1)), {1, first})
    last = len(rows) + 1
    letters = {n: chr(ord("A") + i) for i, n in enumerate(names)}
    _validate(ws, letters["periode"], last, "month", lang)
    _validate(ws, letters["segmen"], last, "segmen", lang)
    _validate(ws, letters["pendanaan"], last, "pendanaan", lang)
    _validate(ws, letters["peserta_aktif"], last, "count", lang)
    _protect(ws, names, first)
    return len(rows)


def _workforce_sheet(ws: Any, units, level: str, lang: str, tahun: int | None) -> None:
    names = ["kode", "kecamatan"] + (["desa"] if level == "desa" else []) + ["tahun", "pekerja"]
    rows = [[kode, kec] + ([desa] if level == "desa" else []) + [tahun, None]
            for kode, kec, desa, _ in units]
    first = names.index("tahun") + 1
    _style_header(ws, names, lang, {"kode": 16, "kecamatan": 20, "desa": 22, "tahun": 9,
                                    "pekerja": 14})
    _fill_rows(ws, rows, {first, first + 1}, {1})
    letters = {n: chr(ord("A") + i) for i, n in enumerate(names)}
    _validate(ws, letters["tahun"], len(rows) + 1, "year", lang)
    _validate(ws, letters["pekerja"], len(rows) + 1, "count", lang)
    _protect(ws, names, first)


def _instructions(ws: Any, region: Any, level: str, lang: str, sheets: tuple[str, str],
                  file: str) -> None:
    from openpyxl.styles import Alignment, Font

    head = {"template.step.head", "template.source.head", "template.next.head"}
    p = {"name": region.nama, "kode": region.kode, "level": level, "file": file}
    lines = [("template.title", p), ("template.intro", p), None,
             ("template.step.head", {}), ("template.step.data", {**p, "sheet": sheets[0]}),
             ("template.step.empty", {}), ("template.step.workforce", {**p, "sheet": sheets[1]}),
             None, ("template.source.head", {}), ("template.source.data", {}),
             ("template.source.workforce", {}), ("template.source.segments", {}), None,
             ("template.next.head", {}), ("template.next.validate", p),
             ("template.next.coverage", p), ("template.next.report", p),
             ("template.next.note", {})]
    ws.column_dimensions["A"].width = 110
    for i, line in enumerate(lines, start=1):
        if line is None:
            continue
        code, params = line
        c = ws.cell(row=i, column=1, value=say(code, lang, **params))
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if code == "template.title":
            c.font = Font(bold=True, size=14)
        elif code in head:
            c.font = Font(bold=True)
    ws.protection.sheet = True


def write_template(kabupaten: str, path: str | os.PathLike, *, level: str = "kecamatan",
                   lang: str = "id", periode: str | None = None) -> tuple[Path, int, int]:
    """Write the data template of a kabupaten/kota; return (path, units, participant rows).

    Parameters
    ----------
    kabupaten : str
        Kemendagri code of the kabupaten/kota (``"35.22"``).
    path : str or path-like
        The ``.xlsx`` to write (replaced atomically).
    level : {"kecamatan", "desa"}
        One row (per segment and funding) for each kecamatan, or each desa/kelurahan.
    lang : {"id", "en"}
        Language of the sheet names, comments, messages and instructions (the column
        headers are the contract's names in both).
    periode : str, optional
        ``YYYY-MM`` written in every ``periode`` cell (and its year in ``tahun``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> write_template("35.22", p)[1:]
    (28, 224)
    """
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    from ucjlib.geo.wilayah import get_region

    region = get_region(kabupaten)
    units = _units(region.kode, level)
    sheets = (say("template.sheet.data", lang), say("template.sheet.workforce", lang))
    wb = Workbook()
    guide = wb.active
    guide.title = say("template.sheet.instructions", lang)
    _instructions(guide, region, level, lang, sheets, Path(path).name)
    n_rows = _data_sheet(wb.create_sheet(sheets[0]), units, level, lang, periode)
    _workforce_sheet(wb.create_sheet(sheets[1]), units, level, lang,
                     int(periode[:4]) if periode else None)
    marker = wb.create_sheet(MARKER_SHEET)
    marker.sheet_state = "hidden"
    info = TemplateInfo(region.kode, level, sheets[0], sheets[1])
    marker.append([MARKER, 1])
    for key, value in info.rows():
        marker.append([key, value])
    marker.append(["lang", lang])
    marker.protection.sheet = True
    wb.defined_names[DEFINED_NAME] = DefinedName(DEFINED_NAME,
                                                 attr_text=f"'{MARKER_SHEET}'!$A$1")
    wb.active = 0
    neutralise_workbook(wb)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path), len(units), n_rows
