"""Target sheets as data: what each kecamatan (and desa) should enrol, and by when.

:func:`target_sheets` returns the tables of the target sheets of a projection: one per
level (``Kecamatan``, and ``Desa`` when the allocation is per desa) with its totals row,
and the lines of a ``Keterangan`` sheet (the pace and the notes). Small cells are
protected (:func:`ucjlib.smallcells.for_file`, the rules' threshold unless ``min_cell``
says otherwise): a hidden count is shown as ``"<10"`` or ``"disembunyikan"``, its derived
cells are empty, and the totals keep the true sums. The workbook is written by
:func:`ucjlib.render.workbook.write_target_sheets`; this package writes no file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ucjlib.fmt import fmt_int
from ucjlib.projection.result import ProjectionResult
from ucjlib.text import render_notes

__all__ = ["TargetSheet", "TargetSheets", "target_sheets"]

#: Columns of a target sheet that its totals row adds up (``cakupan`` is recomputed).
SUMMED = ("pekerja", "peserta_aktif", "pekerja_tenggat", "target_peserta", "kuota_tambahan",
          "tambahan_per_bulan")


@dataclass(frozen=True)
class TargetSheet:
    """One level of the target sheets.

    Attributes
    ----------
    name : str
        ``Kecamatan`` or ``Desa`` (the level, capitalised).
    frame : pandas.DataFrame
        The allocation rows, numeric.
    shown : list
        The participant cells as written: the count, or ``"<10"``/``"disembunyikan"``
        where it is hidden.
    totals : dict
        The totals row: true sums of :data:`SUMMED`, and ``cakupan`` from them.
    note : str
        The small-cell legend under the table (``""``: none).
    """

    name: str
    frame: pd.DataFrame
    shown: list
    totals: dict[str, float]
    note: str = ""


@dataclass(frozen=True)
class TargetSheets:
    """The target sheets of a projection: the protected result, its levels, the notes."""

    result: ProjectionResult
    sheets: tuple[TargetSheet, ...]
    about: tuple[str, ...]


def _shown(table: pd.DataFrame, sup: Any) -> list:
    """Return the participant cells as written: ``"<10"`` or ``"disembunyikan"`` if hidden."""
    vals = table["peserta_aktif"].tolist() if "peserta_aktif" in table else [None] * len(table)
    if sup is None:
        return vals
    return [sup.count_text(str(k)) or v for k, v in zip(table["kode"], vals, strict=True)]


def _sheet(name: str, table: pd.DataFrame, sup: Any) -> TargetSheet:
    sums = {k: float(pd.to_numeric(table[k], errors="coerce").sum())
            for k in SUMMED if k in table}
    if sup is not None:  # the true sums: hidden rows count in the totals row
        sums.update({k: float(v) for k, v in sup.totals.items() if k in sums})
    if "cakupan" in table and sums.get("pekerja"):
        sums["cakupan"] = float(sums["peserta_aktif"] / sums["pekerja"])
    note = sup.note.text(sup.lang) if sup is not None and (sup.hidden or sup.threshold <= 1) \
        else ""
    return TargetSheet(name, table, _shown(table, sup), sums, note)


def _kecamatan(alloc: pd.DataFrame, sup: Any) -> pd.DataFrame:
    """Return the kecamatan rows of a desa allocation (true sums, or hidden: linked levels)."""
    kec = alloc.groupby("kecamatan", as_index=False).agg(
        pekerja=("pekerja", "sum"), peserta_aktif=("peserta_aktif", "sum"),
        pekerja_tenggat=("pekerja_tenggat", "sum"),
        target_peserta=("target_peserta", "sum"),
        kuota_tambahan=("kuota_tambahan", "sum"),
        tambahan_per_bulan=("tambahan_per_bulan", "sum")).rename(
        columns={"kecamatan": "kode"})
    if sup is not None and sup.threshold > 1:
        for col in ("peserta_aktif", "kuota_tambahan", "tambahan_per_bulan"):
            kec[col] = [sup.parent_totals.get(str(k), {}).get(col, float("nan"))
                        if str(k) not in sup.parents_hidden else float("nan")
                        for k in kec["kode"]]
    kec["cakupan"] = kec["peserta_aktif"] / kec["pekerja"]
    kec["cakupan_tenggat"] = (kec["peserta_aktif"] + kec["kuota_tambahan"]) \
        / kec["pekerja_tenggat"]
    return kec


def target_sheets(result: ProjectionResult, min_cell: int | None = None) -> TargetSheets:
    """Return the target sheets of ``result``: a table per level and the notes.

    The sheets go to desa offices: small cells are protected
    (:func:`ucjlib.smallcells.for_file`).

    Parameters
    ----------
    result : ProjectionResult
    min_cell : int, optional
        Small-cell threshold; default the rules' (``disclosure.min_cell``); 0 keeps the
        counts as they are (and says so). A result already protected (the report's)
        keeps its protection.

    Returns
    -------
    TargetSheets

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> [s.name for s in target_sheets(project(demo_dataset("35.22"), draws=50)).sheets]
    ['Kecamatan']
    """
    from ucjlib.smallcells import Suppression, for_file

    result = for_file(result, min_cell)
    sup = getattr(result, "suppressed", None)
    sup = sup if isinstance(sup, Suppression) else None
    alloc = result.allocation
    if "kecamatan" in alloc.columns:
        kec = _kecamatan(alloc, sup)
        from ucjlib.geo.wilayah import get_region

        kec.insert(1, "nama", [_name(get_region, k) for k in kec["kode"]])
        kec_sup = None
        if sup is not None and sup.parents_hidden:
            kec_sup = Suppression(sup.threshold, (), sup.parents_hidden, sup.totals, sup.lang)
        sheets = (_sheet("Kecamatan", kec, kec_sup), _sheet("Desa", alloc, sup))
    else:
        sheets = (_sheet(result.level.capitalize(), alloc, sup),)
    p = result.pace
    lines = [result.label.upper()] if result.demo else []
    lines += [f"Tambahan bersih per bulan: {fmt_int(p['net_per_month'])}",
              "Pendaftaran bruto per bulan (bila lapse berlanjut): "
              f"{fmt_int(p['gross_per_month'])}",
              f"Tambahan di atas tren per bulan: {fmt_int(p['additional_per_month'])}",
              f"Sumber data: {result.source}", f"Versi aturan: {result.rule_version}", "",
              "Catatan:", *render_notes(result.notes, result.lang)]
    return TargetSheets(result, sheets, tuple(lines))


def _name(get_region, kode: str) -> str:  # noqa: ANN001 - the resolver
    try:
        return get_region(kode).nama
    except LookupError:
        return kode
