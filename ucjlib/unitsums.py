"""Why the units of a coverage table do not add up to their region's figure.

A coverage table's unit rows and its region total are computed by the same rule
(:mod:`ucjlib.aggregate`), yet their sums may differ, and a reader who adds up a column
deserves to be told why. :func:`ucjlib.coverage.gap_sum_note` says it for the gap to the
target; :func:`uncovered_sum_note` says it for the uncovered workers (``tidak_tercakup``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ucjlib.text import Note

__all__ = ["uncovered_sum_note", "uncovered_sum_parts"]


def uncovered_sum_parts(table: pd.DataFrame, total: dict[str, Any]) -> dict[str, Any]:
    """Return the pieces that reconcile the units' uncovered workers with the region's.

    Returns
    -------
    dict
        ``units`` (sum of the table's ``tidak_tercakup``), ``whole`` (the region's),
        ``missing`` and ``workers`` (units with workers but no participant rows, and their
        workers: uncovered only in the figures above them), ``over`` and ``excess``
        (units with more participants than workers, and the participants beyond their
        workers: a unit's uncovered figure stops at 0), and ``explained`` (whether
        ``units + workers - excess == whole``).

    Examples
    --------
    >>> t = pd.DataFrame({"pekerja": [100, 50, 20], "peserta_aktif": [40, None, 25],
    ...                   "tidak_tercakup": [60, None, 0]})
    >>> p = uncovered_sum_parts(t, {"tidak_tercakup": 105})
    >>> p["units"], p["workers"], p["excess"], p["explained"]
    (60.0, 50.0, 5.0, True)
    """
    pek = pd.to_numeric(table["pekerja"], errors="coerce").astype(float)
    pes = pd.to_numeric(table["peserta_aktif"], errors="coerce").astype(float)
    units = float(pd.to_numeric(table["tidak_tercakup"], errors="coerce").fillna(0).sum())
    whole = float(total["tidak_tercakup"])
    silent = pek.notna() & pes.isna()
    over = pek.notna() & pes.notna() & (pes > pek)
    workers = float(pek[silent].sum())
    excess = float((pes - pek)[over].sum())
    return {"units": units, "whole": whole, "missing": int(silent.sum()), "workers": workers,
            "over": int(over.sum()), "excess": excess,
            "explained": round(units + workers - excess) == round(whole)}


def _small_excess(table: pd.DataFrame) -> bool:
    """Tell whether a unit with more participants than workers is a small cell.

    Its excess (participants - workers, the workers public) would give its hidden count
    back once :mod:`ucjlib.smallcells` hides it, so the note then names no excess.
    """
    from datetime import date

    from ucjlib.rules import load_rules

    pek = pd.to_numeric(table["pekerja"], errors="coerce").astype(float)
    pes = pd.to_numeric(table["peserta_aktif"], errors="coerce").astype(float)
    over = pes[pek.notna() & pes.notna() & (pes > pek)]
    if over.empty:
        return False
    threshold = int(load_rules().value("disclosure.min_cell", date.today()))
    return bool(((over > 0) & (over < threshold)).any())


def uncovered_sum_note(table: pd.DataFrame, total: dict[str, Any], level: str) -> list[Note]:
    """Say why the units' uncovered workers do not add up to the region's; ``[]`` when they do.

    Units that did not report participants (``tidak ada data`` with a workforce) have no
    uncovered figure of their own, but their workers count as uncovered in every figure
    above them; units with more participants than workers count 0, not a negative number.
    The note gives the numbers so that they add up (``units + workers - excess = whole``),
    except an excess of a unit whose participants are a small cell (below the rules'
    ``disclosure.min_cell``): then it says only that the figures differ.
    """
    if total.get("tidak_tercakup") is None or "tidak_tercakup" not in table:
        return []
    p = uncovered_sum_parts(table, total)
    if round(p["units"]) == round(p["whole"]):
        return []
    params = {"level": level, "units": p["units"], "whole": p["whole"]}
    if not p["explained"] or _small_excess(table):
        return [Note("coverage.uncovered_sum", params)]
    params.update(missing=p["missing"], workers=p["workers"], over=p["over"],
                  excess=p["excess"])
    kind = ".both" if p["missing"] and p["over"] else ".missing" if p["missing"] else ".over"
    keep = {"missing": ("missing", "workers"), "over": ("over", "excess")}
    if kind != ".both":  # only the placeholders of the chosen text
        drop = keep["over" if kind == ".missing" else "missing"]
        params = {k: v for k, v in params.items() if k not in drop}
    return [Note("coverage.uncovered_sum" + kind, params)]
