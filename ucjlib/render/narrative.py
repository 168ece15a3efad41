"""Words from numbers: headline figures, concentration of the gap, short narrative.

Everything here reads a :class:`~ucjlib.results.CoverageResult`, so a sentence
in a report can always be traced back to a table.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ucjlib.columns import title
from ucjlib.coverage import STATUS_NO_DATA, status_text
from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp, month_name
from ucjlib.render.safe import html_frame
from ucjlib.results import CoverageResult
from ucjlib.text import say

#: Levels whose word is in the catalogue (``covtext.unit.*``); others as they are.
_UNITS = ("provinsi", "kabupaten", "kecamatan", "desa")


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
    if len(names) > most:
        return say("covtext.names.rest", lang, names=", ".join(names[: most - 1]),
                   rest=len(names) - (most - 1))
    if len(names) <= 1:
        return "".join(names)
    return say("covtext.names.last", lang, names=", ".join(names[:-1]), last=names[-1])


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
    target, level = result.target.value, result.level
    unit = say(f"covtext.unit.{level}", lang) if level in _UNITS else level
    has = table.loc[table["cakupan"].notna()]
    out: list[str] = []
    if has.empty:
        return [say("covtext.no_data", lang)]
    above = int((has["cakupan"] >= target - 1e-12).sum())
    out.append(say("covtext.reached", lang, above=above, units=len(has), unit=unit,
                   target=target, below=len(has) - above))
    hi = has.sort_values(["cakupan", "kode"], ascending=[False, True]).iloc[0]
    lo = has.sort_values(["cakupan", "kode"], ascending=[True, True]).iloc[0]
    if len(has) > 1:
        code = "covtext.extremes.kecamatan" if level == "kecamatan" else "covtext.extremes"
        out.append(say(code, lang, high=hi["nama"], high_cov=hi["cakupan"], low=lo["nama"],
                       low_cov=lo["cakupan"]))
    conc = concentration(table, 0.5)
    total = float(table["tidak_tercakup"].astype(float).sum())
    if len(conc) and len(has) > 2:
        out.append(say("covtext.concentration", lang, n=len(conc), unit=unit,
                       names=_names(conc, lang), share=conc["porsi"].sum(), total=total))
    nodata = table.loc[table["status"] == STATUS_NO_DATA]
    if len(nodata):
        out.append(say("covtext.nodata", lang, n=len(nodata), unit=unit))
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
    h = result.figures()
    h["bulan"] = month_name(result.periode, lang=lang)
    label = f" [{h['label']}]" if h.get("label") else ""
    lines = [f"{h['nama']} — {h['bulan']}{label}",
             say("covtext.headline.coverage", lang, coverage=h["cakupan"], target=h["target"])]
    if detail:
        lines += [say("covtext.headline.participants", lang, active=h["peserta_aktif"],
                      workers=h["pekerja"]),
                  say("covtext.headline.gap", lang, gap=h["gap_target"]),
                  say("covtext.headline.change", lang, change3=h["perubahan_3bln"],
                      change12=h["perubahan_12bln"])]
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
    >>> format_table(t, "en").iloc[0, 6]
    'below target'
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
        elif c == "status":
            out[c] = [str(status_text(x, lang)) for x in v]
        else:
            out[c] = v.astype(str)
    out.columns = [title(c, lang) for c in cols]
    return html_frame(out.reset_index(drop=True))
