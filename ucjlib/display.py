"""A readable summary of a result in a notebook: the ``_repr_html_`` of the result classes.

The result classes (:class:`~ucjlib.results.CoverageResult`,
:class:`~ucjlib.projection.result.ProjectionResult`,
:class:`~ucjlib.budget.result.BudgetResult`) pick their headline, table head and notes;
this module lays them out as one small HTML block: a title with the demo label, a
two-column list of headline figures, the first rows of the main table (numbers in the
result's language: ``42,29%``, ``157.058``, ``Rp 31,7 miliar``) and the notes folded
below. Every text is escaped here (:func:`html.escape`), so a name read from a data file
never becomes markup. It imports no result class (they import it).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ucjlib.columns import header, kind
from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_pp, fmt_rupiah
from ucjlib.text import say

__all__ = ["HEAD_ROWS", "cell_text", "frame_html", "result_html"]

#: Rows of a result's table shown in a notebook.
HEAD_ROWS = 5

_STYLE = ("font-family: system-ui, sans-serif; font-size: 13px; line-height: 1.35; "
          "max-width: 62em")


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


def _kind(column: str) -> str:
    return "idr" if column.endswith("_idr") else kind(column)


def cell_text(value: Any, column: str, lang: str = "id") -> str:
    """Return one cell as the result's language writes it, by the column's kind.

    Examples
    --------
    >>> cell_text(0.4229, "cakupan"), cell_text(157058, "pekerja", "en")
    ('42,29%', '157,058')
    >>> cell_text(31662892800.0, "iuran_apbd_idr"), cell_text(None, "cakupan")
    ('Rp 31,7 miliar', '')
    """
    if _missing(value):
        return ""
    k = _kind(column)
    try:
        if k == "int":
            return fmt_int(float(value), lang=lang)
        if k == "pct":
            return fmt_pct(float(value), lang=lang)
        if k == "pp":  # changes are stored as 0-1 shares, gaps in percentage points
            share = column.startswith("perubahan_")
            return fmt_pp(float(value) if share else float(value) / 100, lang=lang)
        if k == "idr":
            return fmt_rupiah(float(value), lang=lang)
        if k in ("dec1", "dec2", "dec4"):
            return fmt_number(float(value), int(k[-1]), lang=lang)
    except (TypeError, ValueError):
        pass
    return str(value)


def frame_html(df: pd.DataFrame, columns: Sequence[str], lang: str = "id",
               rows: int = HEAD_ROWS) -> str:
    """Return the first ``rows`` rows of ``df`` as an escaped HTML table with titled columns.

    Columns of ``columns`` that ``df`` lacks are left out; titles come from
    :data:`ucjlib.columns.COLUMNS` (:func:`ucjlib.columns.header`).

    Examples
    --------
    >>> h = frame_html(pd.DataFrame({"nama": ["<b>X</b>"], "cakupan": [0.5]}),
    ...                ["nama", "cakupan", "pekerja"])
    >>> "<th>Cakupan UCJ</th>" in h, "&lt;b&gt;X&lt;/b&gt;" in h, "50,00%" in h, "<b>" in h
    (True, True, True, False)
    """
    cols = [c for c in columns if c in df.columns]
    e = html.escape
    head = "".join(f"<th>{e(header(c, lang))}</th>" for c in cols)
    body = []
    for rec in df[cols].head(rows).to_dict(orient="records"):
        cells = "".join(
            f"<td style='text-align:{'left' if _kind(c) == 'text' else 'right'}'>"
            f"{e(cell_text(rec[c], c, lang))}</td>" for c in cols)
        body.append(f"<tr>{cells}</tr>")
    return (f"<table style='border-collapse:collapse;font-size:12px'><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>")


def result_html(heading: str, label: str, figures: Sequence[tuple[str, str]],
                caption: str = "", table: str = "", notes: Sequence[str] = (),
                lang: str = "id") -> str:
    """Lay out a result: heading and demo label, headline figures, table head, notes.

    ``heading``, ``label``, the figure labels and values, ``caption`` and ``notes`` are
    plain text (escaped here); ``table`` is HTML from :func:`frame_html`.

    Examples
    --------
    >>> result_html("A & B", "demo", [("Cakupan", "42,29%")], notes=["<i>n</i>"])
    ... # doctest: +ELLIPSIS
    '<div class="ucj-result" ...<strong>A &amp; B</strong>...&lt;i&gt;n&lt;/i&gt;...'
    """
    e = html.escape
    out = [f'<div class="ucj-result" style="{_STYLE}">', f"<div><strong>{e(heading)}</strong>"]
    if label:
        out.append(f" <span style='color:#b35c00;font-weight:600'>[{e(label)}]</span>")
    out.append("</div>")
    if figures:
        rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{e(k)}</th>"
                       f"<td style='text-align:left'>{e(v)}</td></tr>" for k, v in figures)
        out.append(f"<table style='margin:.4em 0'>{rows}</table>")
    if table:
        if caption:
            out.append(f"<div style='margin-top:.4em'>{e(caption)}</div>")
        out.append(table)
    if notes:
        items = "".join(f"<li>{e(n)}</li>" for n in notes)
        out.append(f"<details><summary>{e(say('display.notes', lang, n=len(notes)))}"
                   f"</summary><ul>{items}</ul></details>")
    out.append("</div>")
    return "".join(out)
