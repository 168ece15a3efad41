"""Which cells to hide: primary, complementary and zero cells of a table of units.

The algorithm of small-cell protection, on a plain table with ``kode`` and a count
column; :mod:`ucjlib.smallcells` states the rule (why each cell goes) and applies it to
coverage and projection results.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["SUMMED", "choose_cells", "column_totals", "hide_cells", "parent_totals"]

#: Count columns whose true sum the totals row keeps (the sums are published anyway:
#: they add up the kecamatan totals).
SUMMED = ("peserta_aktif", "tidak_tercakup", "gap_target", "kuota_tambahan",
           "tambahan_per_bulan", "batas_atas")


def _parent(kode: pd.Series) -> pd.Series:
    return kode.str.rsplit(".", n=1).str[0]


def _group(kode: pd.Series, cnt: pd.Series, t: int, forced: bool
           ) -> tuple[list[str], list[str], list[str], bool]:
    """Primary, complementary and zero codes of one group, and whether it stays narrow.

    ``forced``: the parent's own total is hidden (linked levels), so every unit goes.
    """
    small = cnt.notna() & (cnt > 0) & (cnt < t)
    big = cnt.notna() & (cnt >= t)
    zero = cnt.notna() & (cnt == 0)
    primary = [str(k) for k in kode[small]]
    if forced:  # the reader may still know the parent's total (a chart, an older file)
        return (primary, [str(k) for k in kode[big]], [str(k) for k in kode[zero]],
                bool(primary) and _narrowed(cnt[small], cnt[big], int(zero.sum()), t))
    if not primary:
        return [], [], [], False
    p = cnt[small]
    need = 2 * t + len(p) - 2 - float(p.sum())
    cand = pd.DataFrame({"kode": kode[big], "n": cnt[big]}).sort_values(["n", "kode"])
    ok = cand.loc[cand["n"] >= need]
    if len(ok):
        return primary, [str(ok["kode"].iloc[0])], [], False
    # nothing large enough: hide every sibling, zeros included (shown "<t")
    comp, zeros = [str(k) for k in cand["kode"]], [str(k) for k in kode[zero]]
    return primary, comp, zeros, _narrowed(p, cand["n"], len(zeros), t)


def _narrowed(p: pd.Series, comp: pd.Series, n_zero: int, t: int) -> bool:
    """Whether a reader can narrow a ``"<t"`` cell below the range 1..t-1 (or 0..t-1).

    The reader knows the hidden sum ``S``, that every ``"<t"`` cell is 0..t-1 and every
    complement at least ``t``: a ``"<t"`` cell is at most ``S - t·|C|`` and at least
    ``S - (t-1)·(others)`` when there is no complement.
    """
    s = float(p.sum() + comp.sum())
    n_small = len(p) + n_zero
    hi = min(t - 1, s - t * len(comp))
    lo = 0.0 if len(comp) else max(0.0, s - (t - 1) * (n_small - 1))
    return hi < t - 1 or lo > 1 or n_small + len(comp) < 2


def _levels(kode: pd.Series, cnt: pd.Series, t: int) -> set[str]:
    """Parent codes hidden in the parent-level table made from the same rows."""
    tot = cnt.groupby(_parent(kode).to_numpy()).sum(min_count=1).reset_index(drop=True)
    codes = pd.Series(cnt.groupby(_parent(kode).to_numpy()).sum(min_count=1).index)
    hidden: set[str] = set()
    for _, idx in codes.groupby(_parent(codes).to_numpy()).groups.items():
        pr, co, ze, _ = _group(codes[idx], tot[idx], t, forced=False)
        hidden |= {*pr, *co, *ze}
    return hidden


def choose_cells(table: pd.DataFrame, count_col: str, threshold: int, linked: bool
            ) -> tuple[list[str], list[str], list[str], list[str], set[str]]:
    """Choose the cells to hide in ``table`` (``kode`` and ``count_col``, any level).

    Returns
    -------
    tuple
        Primary, complementary, zero and unprotected-parent codes (sorted lists), and
        the parent codes hidden in the parent-level table (``linked``: a desa table
        protected together with its kecamatan table).
    """
    kode = table["kode"].astype(str).reset_index(drop=True).rename(None)
    cnt = pd.to_numeric(table[count_col], errors="coerce").astype(float) \
        .reset_index(drop=True).rename(None)
    par = _parent(kode).to_numpy()
    parents_hidden = _levels(kode, cnt, threshold) if linked else set()
    primary: list[str] = []
    comp: list[str] = []
    zeros: list[str] = []
    unprotected: list[str] = []
    for k, idx in kode.groupby(par).groups.items():
        pr, co, ze, narrow = _group(kode[idx], cnt[idx], threshold, k in parents_hidden)
        primary += pr
        comp += co
        zeros += ze
        if narrow:
            unprotected.append(str(k))
    return sorted(primary), sorted(comp), sorted(zeros), sorted(unprotected), parents_hidden


def column_totals(table: pd.DataFrame) -> dict[str, float]:
    """Return the true sums of the count columns of ``table`` (those of :data:`SUMMED`)."""
    return {c: float(pd.to_numeric(table[c], errors="coerce").sum())
            for c in SUMMED if c in table.columns}


def parent_totals(table: pd.DataFrame, skip: set[str]) -> dict[str, dict[str, float]]:
    """Return parent code -> :func:`column_totals` of its units, parents in ``skip`` left out."""
    t = table.reset_index(drop=True)
    par = _parent(t["kode"].astype(str)).to_numpy()
    out: dict[str, dict[str, float]] = {}
    for k, idx in t.groupby(par).groups.items():
        if str(k) not in skip:
            out[str(k)] = column_totals(t.loc[idx])
    return out


def hide_cells(table: pd.DataFrame, hidden: set[str], cols: tuple[str, ...]) -> pd.DataFrame:
    """Return a copy of ``table`` with ``cols`` missing in the rows whose code is ``hidden``."""
    t = table.copy()
    mask = t["kode"].astype(str).isin(hidden)
    for c in cols:
        if c in t.columns:
            t[c] = t[c].mask(mask)
    return t
