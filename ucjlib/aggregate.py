"""Rolling coverage and workforce rows up the region tree, without counting twice.

The rule (documented in ``data/dictionary.yml``, rule ``aggregation``):

- A unit's **own row** is used for that unit. Rows below it are used for the
  units below. So a kecamatan total and one of its desa never add up into a
  wrong kecamatan figure.
- A unit **without its own row** gets the sum of its children (each child:
  its own row, or the sum of *its* children, recursively).
- **Participants** (the numerator) may be partial: a desa without rows has
  not reported, and the parent sums what was reported.
- **Workforce** (the denominator) must be complete: a parent's denominator is
  summed from its children only when *every* child in the gazetteer has a
  denominator for that year. A partial sum is never used as a denominator (it
  would overstate coverage); the unit has no denominator for that year.
- Where an own row and the complete sum of its children disagree, the own
  row is used and a note says so.

Every function here works on canonical tables (see :mod:`ucjlib.dataset`) and
codes; none of them reads files or matches names.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ucjlib.geo.wilayah import LEVELS, subtree
from ucjlib.text import Note, catalogue

_WIDTH = (2, 5, 8, 13)  # "35", "35.22", "35.22.01", "35.22.01.2001"


def depth_of(codes: pd.Series) -> pd.Series:
    """Return the depth of each code: 0 provinsi, 1 kabupaten, 2 kecamatan, 3 desa.

    Counted once per distinct code (a table repeats a few hundred codes over many rows).

    Examples
    --------
    >>> depth_of(pd.Series(["35", "35.22", "35.22.16.2001", "35.22", None])).tolist()
    [0.0, 1.0, 3.0, 1.0, nan]
    """
    inv, uniq = pd.factorize(codes)
    depth = np.array([str(c).count(".") for c in uniq] + [np.nan], dtype=float)
    out = depth[inv]  # -1 (a missing code) picks the trailing nan
    if not np.isnan(out).any():
        out = out.astype(np.int64)
    return pd.Series(out, index=codes.index)


def prefix(codes: pd.Series, depth: int) -> pd.Series:
    """Return the ancestor code of each code at ``depth``.

    Examples
    --------
    >>> prefix(pd.Series(["35.22.16.2001", "35.22.16"]), 1).tolist()
    ['35.22', '35.22']
    """
    return codes.str.slice(0, _WIDTH[depth])


def units(root: str, depth: int) -> pd.DataFrame:
    """Return the gazetteer units at ``depth`` inside ``root`` (or ``root`` at its depth)."""
    g = subtree(root)
    lvl = LEVELS[depth]
    if root.count(".") == depth:
        mask = g["kode"] == root
    else:
        mask = (g["level"] == lvl) & g["kode"].str.startswith(root + ".")
    return g.loc[mask, ["kode", "nama"]].reset_index(drop=True)


def _children_count(root: str) -> pd.Series:
    """Count the gazetteer children of every unit in ``root``'s subtree."""
    return subtree(root).groupby("parent").size()


def _note(kind: str, what: str, **params: Any) -> Note:
    """Return the roll-up note ``kind`` about rows of ``what`` (its own code per quantity)."""
    code = f"aggregate.{kind}.{what}"
    return Note(code, params) if code in catalogue() else \
        Note(f"aggregate.{kind}", {**params, "what": what})


def roll_up(df: pd.DataFrame, keys: list[str], values: list[str], root: str, depth: int,
            complete: bool, notes: list[str] | None = None, what: str = "") -> pd.DataFrame:
    """Compute the values of every unit at ``depth`` under ``root``, per ``keys``.

    Parameters
    ----------
    df : pandas.DataFrame
        ``kode`` plus ``keys`` plus ``values`` columns, rows at any depth.
    keys : list of str
        Columns that identify a slice (``["periode", "segmen", "pendanaan"]``
        for coverage, ``["tahun"]`` for workforce).
    values : list of str
        Columns to sum. The first is the main value; the others (e.g. formal
        and informal workers) are summed only where every child has them.
    root : str
        Code of the dataset's area.
    depth : int
        Target depth (1 kabupaten, 2 kecamatan, 3 desa).
    complete : bool
        Require every gazetteer child for a sum (denominators).
    notes : list of str, optional
        Receives a note about rows above ``depth`` that cannot be split and
        about own rows that disagree with their children.
    what : str
        Name of the quantity, for the notes.

    Returns
    -------
    pandas.DataFrame
        ``kode`` (at ``depth``), ``keys``, ``values``.

    Examples
    --------
    >>> df = pd.DataFrame({"kode": ["35.22.16", "35.22.16.2001"], "periode": "2025-06",
    ...                    "peserta_aktif": [500, 3]})
    >>> roll_up(df, ["periode"], ["peserta_aktif"], "35.22", 2, complete=False)
    ... # doctest: +NORMALIZE_WHITESPACE
           kode  periode  peserta_aktif
    0  35.22.16  2025-06            500
    """
    notes = notes if notes is not None else []
    cols = ["kode", *keys, *values]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=df[c].dtype if c in df else object)
                             for c in cols})
    df = df[cols].copy()
    df["kode"] = df["kode"].astype(str)
    d = depth_of(df["kode"])
    coarse = d < depth
    if coarse.any():
        notes.append(_note("coarse", what, n=int(coarse.sum()), level=LEVELS[depth]))
    known = df.loc[d == d.max()] if not coarse.all() else df.iloc[0:0]
    if known.empty:
        return df.iloc[0:0]
    nchild = _children_count(root) if complete else None
    main, extra = values[0], values[1:]
    for level in range(int(d.max()) - 1, depth - 1, -1):
        known = known.assign(_parent=prefix(known["kode"], level))
        agg = {main: (main, "sum"), "_n": ("kode", "size")}
        for c in extra:
            agg[c] = (c, "sum")
            agg["_n_" + c] = (c, "count")
        summed = known.groupby(["_parent", *keys], as_index=False, dropna=False).agg(**agg)
        summed = summed.rename(columns={"_parent": "kode"})
        for c in extra:
            summed[c] = summed[c].where(summed["_n_" + c] == summed["_n"])
        if complete:
            expected = pd.to_numeric(summed["kode"].map(nchild), errors="coerce").fillna(np.inf)
            summed = summed.loc[summed["_n"] >= expected]
        summed = summed[cols]
        own = df.loc[depth_of(df["kode"]) == level, cols]
        if len(own) and len(summed):
            both = own.merge(summed, on=["kode", *keys], suffixes=("", "_sum"))
            differ = both.loc[both[main] != both[main + "_sum"]]
            if len(differ):
                r = differ.iloc[0]
                notes.append(_note("differs", what, n=len(differ), level=LEVELS[level],
                                   kode=r["kode"], own=r[main], summed=r[main + "_sum"]))
        flag = summed[["kode", *keys]].merge(own[["kode", *keys]].drop_duplicates(),
                                             how="left", indicator=True)["_merge"]
        take = (flag == "left_only").to_numpy()
        known = pd.concat([own, summed.loc[take]], ignore_index=True)
    return known[cols].reset_index(drop=True)


def pick_year(available: pd.DataFrame, year: int) -> pd.DataFrame:
    """Pick, for each unit, the workforce year to use for a month of ``year``.

    The same year when the unit has it, else the latest earlier year, else
    the earliest later year (rule ``workforce_year`` of the dictionary).

    Parameters
    ----------
    available : pandas.DataFrame
        ``kode`` and ``tahun`` (complete denominators).
    year : int

    Returns
    -------
    pandas.DataFrame
        ``kode``, ``tahun``: one row per unit.

    Examples
    --------
    >>> a = pd.DataFrame({"kode": ["a", "a", "b"], "tahun": [2024, 2025, 2024]})
    >>> pick_year(a, 2025).values.tolist()
    [['a', 2025], ['b', 2024]]
    >>> pick_year(a, 2023).values.tolist()
    [['a', 2024], ['b', 2024]]
    """
    a = available[["kode", "tahun"]].drop_duplicates().copy()
    a["tahun"] = a["tahun"].astype(int)
    # rank: the same year first, then earlier years (latest first), then later (earliest)
    a["_rank"] = np.where(a["tahun"] <= year, year - a["tahun"], 10_000 + a["tahun"] - year)
    a = a.sort_values(["kode", "_rank"]).drop_duplicates("kode")
    return a[["kode", "tahun"]].reset_index(drop=True)
