"""Allocation: split the required additions over kecamatan or desa.

Each unit's share is proportional to its uncovered workers at the deadline (its workforce,
grown like the region's, minus its participants now), with a ceiling on any unit's coverage
(no unit is asked to pass ``ceiling`` of its own workforce): units that hit the ceiling are
capped and the rest is shared again among the others (water-filling). Whole workers are
handed out by largest remainder, so the units add up exactly to the total. Units without
data (no workforce or no participant rows) get no quota and are listed as such.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ucjlib.inputs.alloc import largest_remainder
from ucjlib.text import Note

__all__ = ["allocate", "allocation_table"]


def allocate(total: int, weights: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """Split ``total`` in proportion to ``weights`` with integer ``caps`` per unit.

    Returns whole numbers, each within its cap, summing to ``min(total, caps.sum())``.

    Examples
    --------
    >>> allocate(100, np.array([1.0, 1.0, 2.0]), np.array([10, 100, 100])).tolist()
    [10, 30, 60]
    >>> allocate(10, np.array([1.0, 1.0]), np.array([3, 4])).tolist()
    [3, 4]
    """
    w = np.nan_to_num(np.clip(np.asarray(weights, dtype=float), 0, None))
    if w.max(initial=0) > 0:
        w = w / w.max()
        w[w < 1e-12] = 0.0  # a weight a trillion times smaller than the largest is nil
    cap = np.clip(np.asarray(caps, dtype=float), 0, None).astype(np.int64)
    total = int(total)
    if total <= 0:
        return np.zeros(len(w), np.int64)
    if cap.sum() <= total:
        return cap.copy()
    x = _waterfill(float(total), w, cap.astype(float))
    left = total - x.sum()
    if left > 1e-9:  # capped units with weight; the rest goes by room to the others
        room = cap - x
        x = x + _waterfill(left, room, room)
    return largest_remainder(x, total, scaled=True, caps=cap)


def _waterfill(total: float, w: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """Split ``total`` in proportion to ``w``, capping units at ``cap`` (may place less)."""
    x = np.zeros(len(w))
    free = (w > 0) & (cap > 0)
    rem = total
    while free.any() and rem > 0:
        k = rem / w[free].sum()
        hit = free & (k * w >= cap)
        if not hit.any():
            x[free] = k * w[free]
            break
        x[hit] = cap[hit]
        rem -= cap[hit].sum()
        free &= ~hit
    return x


def allocation_table(units: pd.DataFrame, needed: float, growth_factor: float,
                     target: float, ceiling: float, months: int) -> tuple[pd.DataFrame,
                                                                          list[str]]:
    """Build the target sheet per unit: current, target, quota and pace per month.

    Parameters
    ----------
    units : pandas.DataFrame
        ``kode``, ``nama``, ``pekerja``, ``peserta_aktif`` (and optionally ``kecamatan``)
        of the last observed month.
    needed : float
        Net additions the region needs by the deadline.
    growth_factor : float
        Region workforce at the deadline over the workforce now.
    target, ceiling : float
        0-1 shares.
    months : int
        Months to the deadline.

    Returns
    -------
    table : pandas.DataFrame
        ``kode``, ``nama``, [``kecamatan``,] ``pekerja``, ``peserta_aktif``, ``cakupan``,
        ``pekerja_tenggat``, ``target_peserta``, ``kuota_tambahan``,
        ``tambahan_per_bulan``, ``cakupan_tenggat``, ``batas_atas``.
    notes : list of str

    Examples
    --------
    >>> u = pd.DataFrame({"kode": ["a", "b"], "nama": ["A", "B"], "pekerja": [100, 300],
    ...                   "peserta_aktif": [50, 60]})
    >>> t, _ = allocation_table(u, 100, 1.0, 0.6, 0.9, 4)
    >>> t["kuota_tambahan"].tolist(), t["tambahan_per_bulan"].tolist()
    ([17, 83], [4.25, 20.75])
    """
    notes: list[Note] = []
    t = units.copy().reset_index(drop=True)
    w_now = pd.to_numeric(t["pekerja"], errors="coerce").astype(float)
    p_now = pd.to_numeric(t["peserta_aktif"], errors="coerce").astype(float)
    known = (w_now > 0) & p_now.notna()
    wd = w_now * growth_factor
    t["cakupan"] = (p_now / w_now).where(w_now > 0)
    t["pekerja_tenggat"] = wd.round().astype("Int64")
    t["target_peserta"] = np.ceil((target * wd).round(6)).astype("Int64")
    caps = np.floor((ceiling * wd).round(6)) - p_now
    t["batas_atas"] = caps.clip(lower=0).where(known).round().astype("Int64")
    total = int(math.ceil(round(needed, 6)))
    q = np.zeros(len(t), np.int64)
    idx = np.flatnonzero(known.to_numpy())
    q[idx] = allocate(total, (wd - p_now).to_numpy()[idx],
                      t["batas_atas"].to_numpy(dtype=float, na_value=0)[idx])
    t["kuota_tambahan"] = pd.array(q, dtype="Int64")
    t.loc[~known, "kuota_tambahan"] = pd.NA
    t["tambahan_per_bulan"] = (t["kuota_tambahan"].astype(float) / max(months, 1)).round(2)
    t["cakupan_tenggat"] = ((p_now + t["kuota_tambahan"].astype(float)) / wd).where(known)
    missing = int((~known).sum())
    if missing:
        notes.append(Note("projection.unallocated", {
            "n": missing, "codes": ", ".join(t.loc[~known, "kode"].astype(str).head(5))}))
    if q.sum() < total:
        notes.append(Note("projection.ceiling", {"ceiling": ceiling, "allocated": int(q.sum()),
                                                 "total": total}))
    cols = [c for c in ["kode", "nama", "kecamatan", "pekerja", "peserta_aktif", "cakupan",
                        "pekerja_tenggat", "target_peserta", "kuota_tambahan",
                        "tambahan_per_bulan", "cakupan_tenggat", "batas_atas"] if c in t]
    return t[cols], notes
