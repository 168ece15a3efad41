"""Words from numbers: headline figures, concentration of the gap, short narrative.

Everything here reads a :class:`~ucjlib.results.CoverageResult`, so a sentence
in a report can always be traced back to a table.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ucjlib.columns import title
from ucjlib.coverage import STATUS_EN, STATUS_NO_DATA
from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp, fmt_target, month_name
from ucjlib.render.safe import html_frame
from ucjlib.results import CoverageResult


def concentration(table: pd.DataFrame, share: float = 0.5) -> pd.DataFrame:
    """Find the fewest units that together hold ``share`` of the uncovered workers.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`coverage_table` (without ``by``).
    share : float, default 0.5

    Returns
    -------
    pandas.DataFrame
        The units, largest first, with ``porsi`` (their share of all
        uncovered workers) and ``porsi_kumulatif``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"kode": list("abcd"), "nama": list("ABCD"),
    ...                   "tidak_tercakup": [10, 50, 30, 10]})
    >>> concentration(t)["kode"].tolist()
    ['b']
    >>> concentration(t, 0.8)["kode"].tolist()
    ['b', 'c']
    """
    t = table.loc[table["tidak_tercakup"].notna()].copy()
    t["tidak_tercakup"] = t["tidak_tercakup"].astype(float)
    total = float(t["tidak_tercakup"].sum())
    t = t.sort_values(["tidak_tercakup", "kode"], ascending=[False, True])
    if total <= 0:
        out = t.head(0).assign(porsi=pd.Series(dtype=float), porsi_kumulatif=pd.Series(
            dtype=float))
    else:
        t["porsi"] = t["tidak_tercakup"] / total
        t["porsi_kumulatif"] = t["porsi"].cumsum()
        n = int((t["porsi_kumulatif"] < share - 1e-12).sum()) + 1
        out = t.head(min(n, len(t)))
    return out.reset_index(drop=True)


def _names(df: pd.DataFrame, lang: str = "id", most: int = 6) -> str:
    names = df["nama"].tolist()
    and_ = " dan " if lang == "id" else " and "
    if len(names) > most:
        rest = len(names) - (most - 1)
        return (", ".join(names[: most - 1]) + and_
                + (f"{rest} lainnya" if lang == "id" else f"{rest} others"))
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + and_ + names[-1]


def narrative(result: CoverageResult) -> list[str]:
    """Short sentences that describe a coverage table, generated from its numbers.

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage`.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> narrative(analyze_coverage(demo_dataset("35.22"), "2025-06"))[0]
    '2 dari 28 kecamatan sudah mencapai target 60%; 26 belum.'
    """
    table, lang = result.table, result.lang
    en = lang == "en"
    target, level = result.target.value, result.level
    if en:
        level = {"kabupaten": "regency/city", "kecamatan": "district", "desa": "village"}.get(
            level, level)
    has = table.loc[table["cakupan"].notna()]
    out: list[str] = []
    if has.empty:
        return ["No unit has coverage data." if en else "Tidak ada unit dengan data cakupan."]
    above = int((has["cakupan"] >= target - 1e-12).sum())
    tgt = fmt_target(target, lang=lang)
    if en:
        out.append(f"{above} of {len(has)} {level} units have reached the {tgt} target; "
                   f"{len(has) - above} have not.")
    else:
        out.append(f"{above} dari {len(has)} {level} sudah mencapai target {tgt}; "
                   f"{len(has) - above} belum.")
    hi = has.sort_values(["cakupan", "kode"], ascending=[False, True]).iloc[0]
    lo = has.sort_values(["cakupan", "kode"], ascending=[True, True]).iloc[0]
    # "di kecamatan Bojonegoro", so a kecamatan is not read as the whole kabupaten
    unit = f"{level} " if level == "kecamatan" else ""
    if len(has) > 1:
        if en:
            out.append(f"Highest coverage: {hi['nama']} ({fmt_pct(hi['cakupan'], lang=lang)}); "
                       f"lowest: {lo['nama']} ({fmt_pct(lo['cakupan'], lang=lang)}).")
        else:
            out.append(f"Cakupan tertinggi di {unit}{hi['nama']} ({fmt_pct(hi['cakupan'])}), "
                       f"terendah di {unit}{lo['nama']} ({fmt_pct(lo['cakupan'])}).")
    conc = concentration(table, 0.5)
    total = float(table["tidak_tercakup"].astype(float).sum())
    if len(conc) and len(has) > 2:
        if en:
            out.append(f"{len(conc)} {level} units ({_names(conc, 'en')}) "
                       f"hold {fmt_pct(conc['porsi'].sum(), 0, lang=lang)} of the "
                       f"{fmt_int(total, lang=lang)} uncovered workers.")
        else:
            out.append(f"{len(conc)} {level} ({_names(conc)}) menampung "
                       f"{fmt_pct(conc['porsi'].sum(), 0)} dari {fmt_int(total)} pekerja "
                       f"yang belum tercakup.")
    nodata = table.loc[table["status"].isin([STATUS_NO_DATA, STATUS_EN[STATUS_NO_DATA]])]
    if len(nodata):
        if en:
            out.append(f"{len(nodata)} {level} units have no data and are not ranked.")
        else:
            out.append(f"{len(nodata)} {level} tidak memiliki data dan tidak diberi peringkat.")
    return out


def headline_lines(result: CoverageResult, detail: bool = True) -> list[str]:
    """Format the region's headline figures as short lines for a notebook or a terminal.

    Parameters
    ----------
    result : CoverageResult
    detail : bool, default True
        Add participants, gap and changes; ``False`` gives only the area,
        month and coverage (the figures calibrated to published numbers).

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> headline_lines(analyze_coverage(demo_dataset("35.22"), "2025-06"), detail=False)
    ['Kabupaten Bojonegoro — Juni 2025 [data demo (sintetis)]', 'Cakupan UCJ: 42,29% (target 60%)']
    """
    lang = result.lang
    en = lang == "en"
    h = result.figures()
    h["bulan"] = month_name(result.periode, lang=lang)
    label = f" [{h['label']}]" if h.get("label") else ""
    lines = [f"{h['nama']} — {h['bulan']}{label}",
             ("UCJ coverage: " if en else "Cakupan UCJ: ") + fmt_pct(h["cakupan"], lang=lang)
             + f" (target {fmt_target(h['target'], lang=lang)})"]
    if detail:
        if en:
            lines += [f"Active participants: {fmt_int(h['peserta_aktif'], lang=lang)} of "
                      f"{fmt_int(h['pekerja'], lang=lang)} employed",
                      f"Participants still needed for the target: "
                      f"{fmt_int(h['gap_target'], lang=lang)}",
                      f"Change over 3 months: {fmt_pp(h['perubahan_3bln'], lang=lang)}; "
                      f"over 12 months: {fmt_pp(h['perubahan_12bln'], lang=lang)}"]
        else:
            lines += [f"Peserta aktif: {fmt_int(h['peserta_aktif'])} dari "
                      f"{fmt_int(h['pekerja'])} penduduk bekerja",
                      f"Kekurangan peserta menuju target: {fmt_int(h['gap_target'])}",
                      f"Perubahan 3 bulan: {fmt_pp(h['perubahan_3bln'])}; "
                      f"12 bulan: {fmt_pp(h['perubahan_12bln'])}"]
    return lines


def format_table(table: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Return a display copy of a coverage table: Indonesian numbers, titled columns.

    The copy is an :class:`ucjlib.render.safe.HtmlSafeFrame`: its ``.style`` escapes
    HTML, so a name from a data file cannot inject markup into a notebook or report.

    Parameters
    ----------
    table : pandas.DataFrame
        A coverage table (``CoverageResult.table``).
    lang : {"id", "en"}
        The result's language.

    Examples
    --------
    >>> t = pd.DataFrame({"kode": ["1"], "nama": ["A"], "pekerja": [157058],
    ...     "peserta_aktif": [66420], "cakupan": [0.4229], "gap_target": [27815],
    ...     "status": ["di bawah target"], "perubahan_3bln": [-0.0158], "peringkat": [1]})
    >>> format_table(t).iloc[0].tolist()
    ['1', 'A', '157.058', '66.420', '42,29%', '27.815', 'di bawah target', '-1,58 poin persen', '1']
    """
    cols = [c for c in ("kode", "nama", "pekerja", "peserta_aktif", "cakupan", "gap_target",
                        "status", "perubahan_3bln", "peringkat") if c in table.columns]
    out = pd.DataFrame(index=table.index)

    def na(x: Any) -> Any:
        return None if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)) \
            else x

    for c in cols:
        v = table[c]
        if c in ("pekerja", "peserta_aktif", "gap_target"):
            out[c] = [fmt_int(na(x), lang=lang) for x in v]
        elif c == "cakupan":
            out[c] = [fmt_pct(na(x), lang=lang) for x in v]
        elif c == "perubahan_3bln":
            out[c] = [fmt_pp(na(x), lang=lang) for x in v]
        elif c == "peringkat":
            out[c] = ["" if na(x) is None else str(int(x)) for x in v]
        else:
            out[c] = v.astype(str)
    out.columns = [title(c, lang) for c in cols]
    return html_frame(out.reset_index(drop=True))
