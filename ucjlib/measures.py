"""Numerators and denominators of one dataset at one level, computed once per dataset.

Participants (the numerator) and employed persons (the denominator) rolled up the region
tree by the rule of :mod:`ucjlib.aggregate`, the year of the denominator picked for each
month, and the share itself. Coverage (:mod:`ucjlib.coverage`), the projection
(:mod:`ucjlib.projection.model`) and the plausibility checks all read them from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.aggregate import pick_year, roll_up
from ucjlib.dataset import Dataset
from ucjlib.geo.wilayah import LEVELS, level_of

__all__ = ["WORKFORCE_VALUES", "coverage_share", "denominators", "memo", "numerators",
           "with_denominators", "workforce_years"]

WORKFORCE_VALUES = ["pekerja", "pekerja_formal", "pekerja_informal"]


def coverage_share(peserta: pd.Series, pekerja: pd.Series) -> pd.Series:
    """Participants over workforce as a 0-1 share; missing where the workforce is not > 0.

    Examples
    --------
    >>> coverage_share(pd.Series([30, 5, None]), pd.Series([100, 0, 50])).tolist()
    [0.3, nan, nan]
    """
    p = pekerja.astype(float)
    s = peserta.astype(float)
    return (s / p).where((p > 0) & s.notna())


def memo(ds: Dataset, key: tuple[Any, ...], notes: list[str],
         compute: Callable[[list[str]], pd.DataFrame]) -> pd.DataFrame:
    """Roll-ups of one dataset, computed once per dataset and arguments.

    A report asks for the same roll-up many times (the kecamatan and desa tables,
    the monthly series, the segments, the projection and its backtest). The memo
    lives on the dataset and is keyed on its tables' identity, so a dataset given
    new tables (or :meth:`~ucjlib.dataset.Dataset.until`, a new dataset) starts
    afresh. Callers get a copy, and the notes the roll-up added are repeated.
    """
    cache = ds.__dict__.setdefault("_ucj_memo", {})
    k = (id(ds.coverage), id(ds.workforce), *key)
    if k not in cache:
        added: list[str] = []
        # the tables are held too, so their ids cannot be reused while the memo lives
        cache[k] = (compute(added), tuple(added), (ds.coverage, ds.workforce))
    out, added_notes, _ = cache[k]
    notes.extend(added_notes)
    return out.copy()


def denominators(ds: Dataset, depth: int, notes: list[str]) -> pd.DataFrame:
    """Complete denominators of every unit at ``depth`` for every year."""
    return memo(ds, ("den", depth), notes, lambda n: _compute_denominators(ds, depth, n))


def _compute_denominators(ds: Dataset, depth: int, notes: list[str]) -> pd.DataFrame:
    wf = ds.workforce
    values = ["pekerja"] + [c for c in WORKFORCE_VALUES[1:] if c in wf.columns]
    wf = wf.assign(_est=wf["pekerja_estimasi"].fillna(False).astype(int)
                   if "pekerja_estimasi" in wf.columns else 0)
    for c in values:
        wf[c] = pd.to_numeric(wf[c], errors="coerce")
    out = roll_up(wf, ["tahun"], [*values, "_est"], ds.kode, depth, complete=True,
                  notes=notes, what="pekerja")
    out["tahun"] = out["tahun"].astype(int)
    out = out.groupby(["kode", "tahun"], as_index=False).sum(min_count=1)
    out["pekerja_estimasi"] = out.pop("_est").fillna(0) > 0
    return out


def numerators(ds: Dataset, depth: int, periods: list[str] | None, by: str | None,
               notes: list[str]) -> pd.DataFrame:
    """Active participants of every unit at ``depth`` per month (and per ``by`` value).

    Only the months in ``periods`` when given; a unit without rows is absent (participants
    may be partial). The roll-up's notes are appended to ``notes``.
    """
    key = ("num", depth, None if periods is None else tuple(periods), by)
    return memo(ds, key, notes, lambda n: _compute_numerators(ds, depth, periods, by, n))


def _compute_numerators(ds: Dataset, depth: int, periods: list[str] | None, by: str | None,
                        notes: list[str]) -> pd.DataFrame:
    cov = ds.coverage
    if periods is not None:
        cov = cov.loc[cov["periode"].isin(periods)]
    keys = ["periode", "segmen", "pendanaan"]
    out = roll_up(cov, keys, ["peserta_aktif"], ds.kode, depth, complete=False, notes=notes,
                  what="kepesertaan")
    group = ["kode", "periode"] + ([by] if by else [])
    return out.groupby(group, as_index=False)["peserta_aktif"].sum()


def with_denominators(grid: pd.DataFrame, den: pd.DataFrame) -> pd.DataFrame:
    """Attach to each (kode, periode) row the denominator of the year picked for it."""
    parts = []
    for year, rows in grid.groupby(grid["periode"].str[:4].astype(int)):
        pick = pick_year(den, int(year)).rename(columns={"tahun": "tahun_pekerja"})
        parts.append(rows.merge(pick, on="kode", how="left", validate="many_to_one"))
    out = pd.concat(parts, ignore_index=True) if parts else grid.assign(tahun_pekerja=np.nan)
    d = den.rename(columns={"tahun": "tahun_pekerja"})
    out["tahun_pekerja"] = out["tahun_pekerja"].astype("Int64")
    d["tahun_pekerja"] = d["tahun_pekerja"].astype("Int64")
    return out.merge(d, on=["kode", "tahun_pekerja"], how="left", validate="many_to_one")


def workforce_years(ds: Dataset) -> dict[int, float]:
    """Sakernas year -> employed persons of the dataset's own region."""
    if ds.workforce.empty:
        return {}
    den = denominators(ds, LEVELS.index(level_of(ds.kode)), [])
    den = den.loc[den["kode"] == ds.kode].dropna(subset=["pekerja"])
    return {int(t): float(p) for t, p in zip(den["tahun"], den["pekerja"], strict=True)}
