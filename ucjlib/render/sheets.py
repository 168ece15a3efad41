"""Action sheets as printable A4 pages: HTML per sheet, PDF per kecamatan.

Lays out the figures of :func:`ucjlib.sheets.action_sheets` (computed once, in the
report's analysis) and computes nothing new: one page per kecamatan (for the camat) and,
with ``level="desa"``, one page per desa after its camat's page. Bars are inline SVG,
every name passes :func:`html.escape`, every word comes from ``data/text/sheets.yml``.

:func:`write_sheets` writes ``lembar/<kode kecamatan>-<nama>.pdf`` (the kecamatan's
pages) and one combined ``lembar/lembar-<level>.pdf``; each kecamatan's HTML is laid out
once by WeasyPrint (the engine of :mod:`ucjlib.render.pdf`) and the combined file is
made of the same pages (``Document.copy``).
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ucjlib.errors import OutputError
from ucjlib.fmt import fmt_int, fmt_pct
from ucjlib.text import say

__all__ = ["SHEETS_DIR", "SheetFiles", "page_html", "sheets_html", "write_sheets"]

#: Folder of a run holding the sheets.
SHEETS_DIR = "lembar"

_BLUE, _ORANGE, _GREY = "#1f5fa8", "#c85200", "#8a8f98"

CSS = """
@page { size: A4; margin: 11mm 13mm 11mm 13mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1d21;
       font-size: 10.5pt; margin: 0; }
section.sheet { page-break-after: always; height: 274mm; position: relative; }
section.sheet:last-child { page-break-after: auto; }
.top { display: table; width: 100%; border-bottom: 2.5pt solid #1b1d21;
       padding-bottom: 2mm; }
.top > div { display: table-cell; vertical-align: top; }
.top > div.right { text-align: right; width: 55mm; }
.kind { font-size: 10pt; text-transform: uppercase; letter-spacing: .06em; color: #444; }
.kind b { color: #1b1d21; }
h1 { font-size: 25pt; margin: 1mm 0 0.5mm 0; line-height: 1.05; }
.where { font-size: 10pt; color: #444; }
.demo { display: inline-block; border: 1.5pt solid #b00020; color: #b00020;
        font-weight: bold; font-size: 10pt; padding: 1mm 2.5mm; text-transform: uppercase;
        white-space: nowrap; }
.period { font-size: 10pt; text-align: right; margin-top: 1.5mm; }
.hero { display: table; width: 100%; margin: 3mm 0 0.5mm 0; }
.hero > div { display: table-cell; vertical-align: middle; }
.hero > div.big { width: 1%; padding-right: 6mm; }
.big { font-size: 46pt; font-weight: bold; line-height: 1; color: #1b1d21;
       white-space: nowrap; }
.big.hidden { font-size: 26pt; color: #555; }
.herotext { font-size: 11.5pt; }
.herotext .lbl { font-size: 10pt; text-transform: uppercase; color: #444;
                 letter-spacing: .05em; }
.status { font-weight: bold; }
.status.below { color: #c85200; } .status.above { color: #1f5fa8; }
.bar { margin: 1mm 0 3mm 0; }
.grid { display: table; width: 100%; table-layout: fixed; border-spacing: 2.5mm 0;
        margin: 2mm -2.5mm 3mm -2.5mm; width: calc(100% + 5mm); }
.fig { display: table-cell; border: 0.8pt solid #b9bec7; padding: 2mm 2.5mm; }
.fig .n { font-size: 17pt; font-weight: bold; }
.fig .n.hid { font-size: 11pt; padding: 2.2mm 0 1.6mm 0; color: #555; }
.fig .l { font-size: 9pt; color: #444; }
.box { border: 1.6pt solid #1b1d21; padding: 3mm 4mm; margin: 0 0 3mm 0; }
.box h2, .part h2 { font-size: 10pt; text-transform: uppercase; letter-spacing: .05em;
                    margin: 0 0 1.5mm 0; color: #333; }
.quota { margin: 0; }
.quota .n { font-size: 34pt; font-weight: bold; color: #1f5fa8; }
.quota .u { font-size: 13pt; font-weight: bold; }
.quota .n + .u { padding-left: 3mm; }
.small { font-size: 8.6pt; color: #444; }
.todo { background: #eef3fa; border-color: #1f5fa8; }
.todo p { font-size: 13pt; margin: 0; line-height: 1.3; }
.cols { display: table; width: 100%; table-layout: fixed; }
.cols > div { display: table-cell; vertical-align: top; padding-right: 4mm; }
.part { border-top: 0.8pt solid #b9bec7; padding-top: 1.2mm; margin-bottom: 2mm; }
.seg { margin-bottom: 1.5mm; }
.seg .name { font-weight: bold; font-size: 9.8pt; }
.lag { color: #c85200; font-weight: bold; } .ok { color: #1f5fa8; font-weight: bold; }
table.desa { width: 100%; border-collapse: collapse; font-size: 8.4pt; }
.desalist.three table.desa { font-size: 7.8pt; }
table.desa th { text-align: left; border-bottom: 0.8pt solid #1b1d21; font-weight: bold; }
table.desa td { border-bottom: 0.4pt solid #d5d8de; padding: 0.35mm 1mm 0.35mm 0; }
table.desa td.r, table.desa th.r { text-align: right; }
.desalist { display: table; width: 100%; table-layout: fixed; }
.desalist > div { display: table-cell; vertical-align: top; padding-right: 5mm; }
.desalist.three > div { padding-right: 3mm; }
table.record { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
table.record th { text-align: left; font-size: 8.6pt; color: #333;
                  border-bottom: 0.8pt solid #1b1d21; }
table.record td { border-bottom: 0.5pt solid #9aa0aa; height: 5.6mm; padding: 0 2mm 0 0; }
table.record td.r, table.record th.r { text-align: right; padding-right: 6mm; }
.foot { position: absolute; bottom: 0; left: 0; right: 0; border-top: 0.8pt solid #1b1d21;
        padding-top: 1.5mm; font-size: 8pt; color: #444; }
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _na(x: Any) -> bool:
    return x is None or (not isinstance(x, str) and bool(pd.isna(x)))


def _bar(share: Any, target: float, lang: str, width: int = 680, hidden: bool = False) -> str:
    """Return an inline SVG bar: coverage (0-100%) with the target marked."""
    h, top = 34, 6
    tx = round(width * min(max(float(target), 0.0), 1.0), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {width} 56" '
             f'role="img">',
             f'<rect x="0" y="{top}" width="{width}" height="{h}" fill="#e6e8ec"/>']
    if hidden:
        parts.append('<defs><pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse"'
                     ' patternTransform="rotate(45)"><rect width="4" height="8" fill="#b9bec7"/>'
                     '</pattern></defs>')
        parts.append(f'<rect x="0" y="{top}" width="{width}" height="{h}" fill="url(#hatch)"/>')
    elif not _na(share):
        w = round(width * min(max(float(share), 0.0), 1.0), 1)
        parts.append(f'<rect x="0" y="{top}" width="{w}" height="{h}" fill="{_BLUE}"/>')
    parts.append(f'<line x1="{tx}" y1="0" x2="{tx}" y2="{top + h + 2}" stroke="{_ORANGE}" '
                 f'stroke-width="4"/>')
    anchor = "end" if tx > width * 0.8 else "middle"
    parts.append(f'<text x="{tx}" y="54" font-size="13" font-weight="bold" fill="{_ORANGE}" '
                 f'text-anchor="{anchor}" font-family="DejaVu Sans, sans-serif">'
                 f'{_e(say("sheets.bar_target", lang, target=target))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _mini_bar(rate: Any, kab: Any, width: int = 300) -> str:
    """Return a small SVG bar of a segment's rate with the regency's rate marked."""
    h = 12
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width / 4:.0f}mm" '
             f'viewBox="0 0 {width} {h + 4}">',
             f'<rect x="0" y="2" width="{width}" height="{h}" fill="#e6e8ec"/>']
    if not _na(rate):
        parts.append(f'<rect x="0" y="2" width="{width * min(float(rate), 1.0):.1f}" '
                     f'height="{h}" fill="{_BLUE}"/>')
    if not _na(kab):
        x = width * min(float(kab), 1.0)
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{h + 4}" stroke="#1b1d21" '
                     f'stroke-width="3"/>')
    parts.append("</svg>")
    return "".join(parts)


def _shown(row: Mapping[str, Any], col: str, lang: str, fmt: Any) -> str:
    """Return a figure as printed, or the hidden word for a protected unit."""
    if row["tersembunyi"]:
        return say("sheets.hidden", lang)
    return fmt(row[col])


def _participants(row: Mapping[str, Any], lang: str) -> str:
    if row["tersembunyi"]:
        text = row.get("peserta_teks")
        if text and str(text).startswith("<"):
            return str(text)
        return say("sheets.hidden", lang)
    return fmt_int(row["peserta_aktif"], lang=lang)


def _segments(row: Mapping[str, Any], lang: str) -> str:
    out = []
    for key in ("pu", "bpu"):
        name = say(f"sheets.segment.{key}", lang)
        kab = row.get(f"{key}_cakupan_kab")
        if row["tersembunyi"]:
            line, flag = say("sheets.hidden", lang), ""
            bar = ""
        else:
            rate = row.get(f"{key}_cakupan")
            lag = row.get(f"{key}_tertinggal")
            line = (say("sheets.segment.rate", lang, rate=rate, kab=kab) if not _na(rate)
                    else say("sheets.segment.kab", lang, kab=kab))
            if _na(lag):
                flag = f'<span>{_e(say("sheets.segment.unknown", lang))}</span>'
            elif bool(lag):
                flag = f'<span class="lag">▼ {_e(say("sheets.segment.lags", lang))}</span>'
            else:
                flag = f'<span class="ok">✓ {_e(say("sheets.segment.ok", lang))}</span>'
            bar = _mini_bar(rate, kab) if not _na(rate) else ""
        out.append(f'<div class="seg"><div class="name">{_e(name)}</div>'
                   f'<div>{flag} <span class="small">{_e(line)}</span></div>'
                   f'<div>{bar}</div></div>')
    return "".join(out)


def _quota(row: Mapping[str, Any], lang: str) -> str:
    level = row["level"]
    deadline, months = row["deadline"], int(row["bulan_tersisa"])
    if row["tersembunyi"]:
        body = f'<div class="quota"><span class="u">{_e(say("sheets.quota.hidden", lang))}' \
               '</span></div>'
    elif _na(row["per_bulan"]):
        body = f'<div class="quota"><span class="u">{_e(say("sheets.quota.none", lang))}' \
               '</span></div>'
    elif int(row["per_bulan"]) == 0:
        body = (f'<div class="quota"><span class="u">'
                f'{_e(say("sheets.quota.zero", lang, deadline=deadline))}</span></div>')
    else:
        detail = say("sheets.quota.detail", lang, total=row["kuota_tambahan"], months=months,
                     deadline=deadline)
        body = (f'<div class="quota"><span class="n">{_e(fmt_int(row["per_bulan"], lang))}'
                f'</span><span class="u">{_e(say("sheets.quota.per_month", lang))}</span></div>'
                f'<div>{_e(detail)}</div>')
    rule = say(f"sheets.quota.rule_{level}", lang)
    return (f'<div class="box"><h2>{_e(say("sheets.quota.title", lang))}</h2>{body}'
            f'<div class="small">{_e(rule)}</div></div>')


def _todo(row: Mapping[str, Any], lang: str) -> str:
    act, n, deadline = row["tindakan"], row["per_bulan"], row["deadline"]
    has_n = not _na(n) and int(n) > 0
    if act == "enrol" and has_n and row.get("fokus"):
        focus = say(f"sheets.focus.{str(row['fokus']).lower()}", lang)
        text = say("sheets.todo.enrol", lang, n=n, deadline=deadline, focus=focus)
    elif act == "enrol" and has_n:
        text = say("sheets.todo.enrol_plain", lang, n=n, deadline=deadline)
    elif act == "enrol":
        text = say("sheets.todo.enrol_none", lang)
    elif act == "keep":
        text = (say("sheets.todo.keep", lang, n=n, deadline=deadline) if has_n
                else say("sheets.todo.keep_plain", lang))
    elif act == "hidden":
        text = say("sheets.todo.hidden", lang)
    else:
        text = say("sheets.todo.no_data", lang)
    return (f'<div class="box todo"><h2>{_e(say("sheets.todo.title", lang))}</h2>'
            f'<p>{_e(text)}</p></div>')


def _rank(row: Mapping[str, Any], lang: str, kabupaten: str) -> str:
    lines = []
    if row["tersembunyi"]:
        lines.append(say("sheets.hidden", lang))
    else:
        if row["level"] == "desa" and not _na(row.get("peringkat_kecamatan")):
            lines.append(say("sheets.rank.in_kecamatan", lang, r=row["peringkat_kecamatan"],
                             n=row["n_peringkat_kecamatan"], kecamatan=row["kecamatan_nama"]))
        if not _na(row["peringkat"]):
            lines.append(say(f"sheets.rank.in_kabupaten_{row['level']}", lang,
                             r=row["peringkat"], n=row["n_peringkat"], kabupaten=kabupaten))
        if not lines:
            lines.append("–")
    items = "".join(f"<div>{_e(x)}</div>" for x in lines)
    return f'<div class="part"><h2>{_e(say("sheets.rank.title", lang))}</h2>{items}</div>'


def _change(row: Mapping[str, Any], lang: str) -> str:
    if row["tersembunyi"]:
        items = f"<div>{_e(say('sheets.hidden', lang))}</div>"
    else:
        items = "".join(f"<div>{_e(say(f'sheets.change.{m}', lang, d=row[c]))}</div>"
                        for m, c in (("3", "perubahan_3bln"), ("12", "perubahan_12bln")))
    return f'<div class="part"><h2>{_e(say("sheets.change.title", lang))}</h2>{items}</div>'


def _record(row: Mapping[str, Any], lang: str) -> str:
    """Return the monthly record to fill in: month, cumulative new participants, done."""
    items = [x.split(":", 1) for x in str(row.get("jadwal") or "").split(";") if ":" in x]
    if not items:
        return ""
    head = (f'<tr><th>{_e(say("sheets.record.month", lang))}</th>'
            f'<th class="r">{_e(say("sheets.record.target", lang))}</th>'
            f'<th>{_e(say("sheets.record.done", lang))}</th></tr>')
    body = "".join(f'<tr><td>{_e(say("sheets.record.when", lang, m=m))}</td>'
                   f'<td class="r">{_e(fmt_int(int(n), lang=lang)) if n else ""}</td><td></td></tr>'
                   for m, n in items)
    note = say("sheets.record.note", lang, month=row["periode"])
    return (f'<div class="part"><h2>{_e(say("sheets.record.title", lang))}</h2>'
            f'<table class="record">{head}{body}</table><div class="small">{_e(note)}</div></div>')


def _desa_list(desa: pd.DataFrame, lang: str) -> str:
    """Return the camat's overview of the desa of the kecamatan (two columns)."""
    if desa is None or desa.empty:
        return ""
    rows = desa.to_dict("records")
    n_cols = 3 if len(rows) > 16 else 2
    per = -(-len(rows) // n_cols)
    head = (f'<tr><th>{_e(say("sheets.desa_list.name", lang))}</th>'
            f'<th class="r">{_e(say("sheets.desa_list.coverage", lang))}</th>'
            f'<th class="r">{_e(say("sheets.desa_list.per_month", lang))}</th></tr>')

    def line(r: Mapping[str, Any]) -> str:
        cov = _shown(r, "cakupan", lang, lambda v: fmt_pct(v, lang=lang))
        per = _shown(r, "per_bulan", lang, lambda v: fmt_int(v, lang=lang))
        return (f'<tr><td>{_e(r["nama"])}</td><td class="r">{_e(cov)}</td>'
                f'<td class="r">{_e(per)}</td></tr>')

    cols = [rows[i:i + per] for i in range(0, len(rows), per)]
    body = "".join(f'<div><table class="desa">{head}{"".join(line(r) for r in c)}</table></div>'
                   for c in cols)
    three = " three" if n_cols == 3 else ""
    return (f'<div class="part"><h2>{_e(say("sheets.desa_list.title", lang))}</h2>'
            f'<div class="desalist{three}">{body}</div></div>')


def page_html(row: Mapping[str, Any], lang: str, kabupaten: str,
              desa: pd.DataFrame | None = None, made: str = "") -> str:
    """Return one sheet (a ``<section>``: one A4 page) for one unit's row.

    Parameters
    ----------
    row : mapping
        One row of a frame of :func:`ucjlib.sheets.action_sheets`.
    lang : {"id", "en"}
    kabupaten : str
        Name of the kabupaten/kota (``Kabupaten Bojonegoro``).
    desa : pandas.DataFrame, optional
        On a camat's page: the desa rows of the kecamatan, listed.
    made : str
        When the sheet was made (footer).
    """
    from ucjlib import __version__
    from ucjlib.results import status_text

    level = row["level"]
    hidden = bool(row["tersembunyi"])
    demo = (f'<div class="demo">{_e(say("label.demo_data", lang))}</div>'
            if row["demo"] else "")
    title = row["nama"] if level == "desa" else f"{row['nama']}"
    where = (say("sheets.where.desa", lang, kecamatan=row["kecamatan_nama"],
                 kabupaten=kabupaten, kode=row["kode"]) if level == "desa"
             else say("sheets.where.kecamatan", lang, kabupaten=kabupaten, kode=row["kode"]))
    period = say("sheets.period", lang, month=row["periode"])
    head = (f'<div class="top"><div><div class="kind"><b>{_e(say(f"sheets.title.{level}", lang))}'
            f'</b> · {_e(say(f"sheets.for.{level}", lang))}</div>'
            f'<h1>{_e(title)}</h1><div class="where">{_e(where)}</div></div>'
            f'<div class="right">{demo}<div class="period">{_e(period)}</div></div></div>')
    target_line = say("sheets.target_line", lang, target=row["target"], deadline=row["deadline"])
    if hidden:
        big = f'<div class="big hidden">{_e(say("sheets.hidden", lang))}</div>'
        means = say("sheets.coverage_hidden", lang)
        status = ""
    elif _na(row["cakupan"]):
        big = '<div class="big">–</div>'
        means = say("sheets.coverage_none", lang)
        status = ""
    else:
        big = f'<div class="big">{_e(fmt_pct(row["cakupan"], lang=lang))}</div>'
        means = say("sheets.coverage_means", lang, n=row["peserta_aktif"], w=row["pekerja"])
        cls = "above" if float(row["cakupan"]) >= float(row["target"]) - 1e-12 else "below"
        status = (f'<span class="status {cls}">{_e(status_text(row["status"], lang))}</span>'
                  " · ")
    hero = (f'<div class="hero">{big}<div class="herotext"><div class="lbl">'
            f'{_e(say("sheets.coverage", lang))}</div><div>{_e(means)}</div>'
            f'<div>{status}{_e(target_line)}</div></div></div>'
            f'<div class="bar">{_bar(row["cakupan"], float(row["target"]), lang, hidden=hidden)}'
            '</div>')
    figs = [("workers", fmt_int(row["pekerja"], lang=lang)),
            ("participants", _participants(row, lang)),
            ("uncovered", _shown(row, "tidak_tercakup", lang, lambda v: fmt_int(v, lang=lang))),
            ("gap", _shown(row, "gap_target", lang, lambda v: fmt_int(v, lang=lang)))]
    hid = {say("sheets.hidden", lang)}
    grid = "".join(f'<div class="fig"><div class="n{" hid" if v in hid else ""}">{_e(v)}</div>'
                   f'<div class="l">{_e(say(f"sheets.fig.{k}", lang))}</div></div>'
                   for k, v in figs)
    cols = (f'<div class="cols">{_rank(row, lang, kabupaten)}{_change(row, lang)}</div>'
            f'<div class="part"><h2>{_e(say("sheets.segments.title", lang))}</h2>'
            f'<div class="cols">{_segments(row, lang)}</div></div>')
    listing = _desa_list(desa, lang) if desa is not None else _record(row, lang)
    t = int(row["ambang"])
    foot = [say("sheets.footer.source", lang, source=row["sumber"], month=row["periode"],
                target_source=str(row["target_sumber"]).rstrip("."))]
    if t > 1:
        foot.append(say("sheets.small_cells", lang, t=t, below=t - 1))
    foot.append(say("sheets.footer.made", lang, version=__version__, made=made).rstrip(" ·"))
    footer = "".join(f"<div>{_e(x)}</div>" for x in foot)
    return (f'<section class="sheet" data-kode="{_e(row["kode"])}">{head}{hero}'
            f'<div class="grid">{grid}</div>{_quota(row, lang)}{_todo(row, lang)}{cols}'
            f'{listing}<div class="foot">{footer}</div></section>')


def sheets_html(pages: list[str], lang: str, title: str) -> str:
    """Return a whole HTML document of ``pages`` (sections from :func:`page_html`)."""
    return (f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
            f'<title>{_e(title)}</title><style>{CSS}</style></head><body>'
            + "".join(pages) + "</body></html>")


@dataclass
class SheetFiles:
    """What :func:`write_sheets` wrote: files, pages per level, seconds."""

    files: list[Path] = field(default_factory=list)
    combined: Path | None = None
    #: sheets per level, and ``total`` PDF pages (equal to their sum unless a page ran over)
    pages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def write_sheets(sheets: Mapping[str, pd.DataFrame], folder: str | os.PathLike, *,
                 level: str, lang: str, kabupaten: str, made: str = "") -> SheetFiles:
    """Write the action sheets of a report as PDF, one file per kecamatan and one combined.

    Parameters
    ----------
    sheets : mapping
        :func:`ucjlib.sheets.action_sheets` (``kecamatan`` and, for desa, ``desa``).
    folder : path-like
        The run folder; files go to ``lembar/`` in it.
    level : {"desa", "kecamatan"}
        ``desa``: each kecamatan's file holds the camat's page then one page per desa.
    lang : {"id", "en"}
    kabupaten : str
        Name of the kabupaten/kota shown on every page.
    made : str
        When the sheets were made (footer).

    Returns
    -------
    SheetFiles

    Raises
    ------
    OutputError
        When WeasyPrint cannot be loaded or a file cannot be written.
    """
    import time

    from ucjlib.render.pdf import layout_html, pdf_engine_problem, write_document
    from ucjlib.report.layout import slug

    t0 = time.monotonic()
    out = Path(folder) / SHEETS_DIR
    problem = pdf_engine_problem()
    if problem is not None:
        from ucjlib.text import say

        raise OutputError(out, say("pdf.no_engine", "id", why=problem))
    kec = sheets["kecamatan"]
    desa = sheets.get("desa") if level == "desa" else None
    result = SheetFiles(pages={"kecamatan": 0, "desa": 0, "total": 0})
    docs = []
    for row in kec.to_dict("records"):
        mine = None if desa is None else desa.loc[desa["kecamatan"] == row["kode"]]
        pages = [page_html(row, lang, kabupaten, desa=mine, made=made)]
        if mine is not None:
            pages += [page_html(d, lang, kabupaten, made=made) for d in mine.to_dict("records")]
        doc = layout_html(sheets_html(pages, lang, f"{row['kode']} {row['nama']}"))
        result.files.append(write_document(doc, out / f"{row['kode']}-{slug(row['nama'])}.pdf"))
        result.pages["kecamatan"] += 1
        result.pages["desa"] += 0 if mine is None else len(mine)
        result.pages["total"] += len(doc.pages)  # more than the units: a page ran over
        docs.append(doc)
    if docs:
        combined = docs[0].copy([p for d in docs for p in d.pages])
        result.combined = write_document(combined, out / f"lembar-{level}.pdf")
    result.seconds = round(time.monotonic() - t0, 3)
    return result
