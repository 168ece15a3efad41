"""Target sheets as XLSX: what each kecamatan (and desa) should enrol, and by when.

One sheet per level (``Kecamatan``, and ``Desa`` when the allocation is per desa), each with a
title block (region, target and its source, deadline, the demo label when the data is
synthetic), Indonesian headers, real numbers with number formats (``#,##0``, ``0.00%``), a
frozen header row, column widths, and a totals row; a ``Keterangan`` sheet with the pace and
the notes. Small cells are protected (:func:`ucjlib.smallcells.for_file`, the rules'
threshold unless ``min_cell`` says otherwise): a hidden count reads ``"<10"`` or
``"disembunyikan"``, its derived cells are empty, and the legend under the table and the
``Keterangan`` sheet say how many cells were hidden; totals keep the true sums. Text
cells pass :func:`ucjlib.render.safe.cell_text` (never a formula). Written
atomically (:func:`ucjlib.files.atomic_path`): a failed write leaves any
earlier file as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ucjlib.files import atomic_path
from ucjlib.fmt import fmt_int, fmt_pct, month_name
from ucjlib.projection.result import ProjectionResult
from ucjlib.render.safe import cell_text, neutralise_workbook

__all__ = ["write_target_sheets"]

INT, PCT, DEC = "#,##0", "0.00%", "#,##0.0"


def _columns(res: ProjectionResult) -> list[tuple[str, str, str, int]]:
    now, dl = month_name(res.periode), month_name(res.deadline)
    return [("kode", "Kode", "@", 15), ("nama", "Nama", "@", 24),
            ("kecamatan", "Kode kecamatan", "@", 15),
            ("pekerja", f"Penduduk bekerja ({now})", INT, 16),
            ("peserta_aktif", f"Peserta aktif ({now})", INT, 16),
            ("cakupan", f"Cakupan ({now})", PCT, 13),
            ("pekerja_tenggat", f"Penduduk bekerja proyeksi ({dl})", INT, 18),
            ("target_peserta", f"Peserta untuk target {fmt_pct(res.target.value, 0)}", INT, 18),
            ("kuota_tambahan", f"Tambahan peserta s.d. {dl}", INT, 18),
            ("tambahan_per_bulan", "Tambahan per bulan", DEC, 14),
            ("cakupan_tenggat", f"Cakupan {dl} bila kuota tercapai", PCT, 16)]


def _sheet(wb, title: str, table: pd.DataFrame, res: ProjectionResult, sup=None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    cols = [c for c in _columns(res) if c[0] in table.columns]
    head = [f"Target sheet UCJ {res.region.nama} - per {title.lower()}",
            f"Target {fmt_pct(res.target.value, 0)} pada {month_name(res.deadline)}; "
            f"sumber target: {res.target.source}",
            f"Data sampai {month_name(res.periode)}; skenario: {res.scenario}"]
    if res.demo:
        head.insert(0, res.label.upper())
    for i, text in enumerate(head, start=1):
        ws.cell(row=i, column=1, value=cell_text(text)).font = Font(bold=(i == 1),
                                                         color="C00000" if res.demo and i == 1
                                                         else None)
    hr = len(head) + 2
    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, (_, label, _, width) in enumerate(cols, start=1):
        c = ws.cell(row=hr, column=j, value=cell_text(label))
        c.font, c.fill = Font(bold=True), fill
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = width
    shown = _shown(table, sup)
    for i, row in enumerate(table.itertuples(index=False), start=hr + 1):
        rec = row._asdict()
        for j, (key, _, fmt, _) in enumerate(cols, start=1):
            v = shown[i - hr - 1] if key == "peserta_aktif" else rec[key]
            v = None if pd.isna(v) else (v if isinstance(v, str) else float(v))
            cell = ws.cell(row=i, column=j, value=cell_text(v))
            cell.number_format = fmt
            if isinstance(v, str) and key == "peserta_aktif":
                cell.alignment = Alignment(horizontal="right")
    tr = hr + len(table) + 1
    ws.cell(row=tr, column=1, value="Jumlah").font = Font(bold=True)
    sums = {k: pd.to_numeric(table[k], errors="coerce").sum()
            for k in ("pekerja", "peserta_aktif", "pekerja_tenggat", "target_peserta",
                      "kuota_tambahan", "tambahan_per_bulan") if k in table}
    if sup is not None:  # the true sums: hidden rows count in the totals row
        sums.update({k: v for k, v in sup.totals.items() if k in sums})
    for j, (key, _, fmt, _) in enumerate(cols, start=1):
        if key in sums:
            c = ws.cell(row=tr, column=j, value=float(sums[key]))
        elif key == "cakupan" and sums.get("pekerja"):
            c = ws.cell(row=tr, column=j, value=float(sums["peserta_aktif"] / sums["pekerja"]))
        else:
            continue
        c.number_format, c.font = fmt, Font(bold=True)
    if sup is not None and (sup.hidden or sup.threshold <= 1):
        ws.cell(row=tr + 2, column=1, value=cell_text(sup.note)).font = Font(italic=True)
    ws.freeze_panes = ws.cell(row=hr + 1, column=3)


def _shown(table: pd.DataFrame, sup) -> list:  # noqa: ANN001 - Suppression | None
    """Return the participant cells as written: ``"<10"`` or ``"disembunyikan"`` if hidden."""
    vals = table["peserta_aktif"].tolist() if "peserta_aktif" in table else [None] * len(table)
    if sup is None:
        return vals
    return [sup.count_text(str(k)) or v for k, v in zip(table["kode"], vals, strict=True)]


def _kecamatan(alloc: pd.DataFrame, sup) -> pd.DataFrame:  # noqa: ANN001
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


def write_target_sheets(result: ProjectionResult, path: str | os.PathLike,
                        min_cell: int | None = None) -> Path:
    """Write the allocation of ``result`` as an XLSX workbook of target sheets.

    The sheets go to desa offices: small cells are protected
    (:func:`ucjlib.smallcells.for_file`).

    Parameters
    ----------
    result : ProjectionResult
    path : str or path-like
        Destination ``.xlsx``; written atomically.
    min_cell : int, optional
        Small-cell threshold; default the rules' (``disclosure.min_cell``); 0 writes the
        counts as they are (and says so). A result already protected (the report's)
        keeps its protection.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OutputError
        When the file cannot be written (the earlier file is kept).
    """
    from openpyxl import Workbook

    from ucjlib.smallcells import Suppression, for_file

    result = for_file(result, min_cell)
    sup = getattr(result, "suppressed", None)
    sup = sup if isinstance(sup, Suppression) else None
    wb = Workbook()
    wb.remove(wb.active)
    alloc = result.allocation
    if "kecamatan" in alloc.columns:
        kec = _kecamatan(alloc, sup)
        from ucjlib.geo.wilayah import get_region

        kec.insert(1, "nama", [_name(get_region, k) for k in kec["kode"]])
        kec_sup = None
        if sup is not None and sup.parents_hidden:
            kec_sup = Suppression(sup.threshold, (), sup.parents_hidden, sup.totals, sup.lang)
        _sheet(wb, "Kecamatan", kec, result, kec_sup)
        _sheet(wb, "Desa", alloc, result, sup)
    else:
        _sheet(wb, result.level.capitalize(), alloc, result, sup)
    ws = wb.create_sheet("Keterangan")
    p = result.pace
    lines = [result.label.upper()] if result.demo else []
    lines += [f"Tambahan bersih per bulan: {fmt_int(p['net_per_month'])}",
              "Pendaftaran bruto per bulan (bila lapse berlanjut): "
              f"{fmt_int(p['gross_per_month'])}",
              f"Tambahan di atas tren per bulan: {fmt_int(p['additional_per_month'])}",
              f"Sumber data: {result.source}", f"Versi aturan: {result.rule_version}", "",
              "Catatan:", *result.notes]
    for i, text in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=cell_text(text))
    ws.column_dimensions["A"].width = 110
    neutralise_workbook(wb)  # every text cell a string, none a formula
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return Path(path)


def _name(get_region, kode: str) -> str:
    try:
        return get_region(kode).nama
    except LookupError:
        return kode
