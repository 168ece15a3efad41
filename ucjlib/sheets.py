"""Action sheets as data: one row per kecamatan (for the camat) or desa (for the kepala desa).

A report's action sheets (``ucj report 35.22 --lembar desa|kecamatan``) put, for one
unit, on one printable page: coverage, workers and active participants, uncovered
workers, the monthly quota toward the target, the segments that lag, the rank, the 3-
and 12-month change, the target and deadline and a "what to do" line.
:func:`action_sheets` computes those figures once, during the report's analysis, as one
DataFrame per level; :mod:`ucjlib.render.sheets` only lays them out.

Where the figures come from:

* coverage, workers, uncovered, gap, changes: the report's coverage tables (kecamatan,
  desa), small cells protected by :func:`ucjlib.smallcells.suppress_small_cells` exactly
  as the report's tables are; a hidden unit carries ``peserta_teks`` (``"<10"`` or
  ``"disembunyikan"``) and no count, rate, gap, change, rank, quota or segment figure;
* the quota: a kecamatan's is the projection's allocation
  (:func:`ucjlib.projection.allocate.allocation_table`); a desa's is its kecamatan's
  quota split over its desa by the same rule (in proportion to uncovered workers at the
  deadline, no desa asked past the ceiling, whole workers by largest remainder), so the
  desa of a kecamatan add up to the camat's quota;
* segments: as the kabupaten's segment table (:func:`ucjlib.coverage.coverage_by_segment`):
  wage earners (PU) over formal workers and informal participants (BPU) over informal
  workers, compared with the kabupaten's rates. A segment "lags" below the kabupaten's
  rate. The rate itself is given to a whole percent, and only where the segment's own
  workforce is at least ``100 x threshold`` (a whole percent then leaves at least
  ``threshold`` workers of doubt, so no small count can be read back from it).
"""

from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.projection.allocate import allocation_table

__all__ = ["LEVELS", "SEGMENT_WORKFORCE", "action_sheets", "desa_allocation", "schedule"]

#: Levels that have sheets.
LEVELS = ("kecamatan", "desa")
#: Segments compared with a workforce of their own (as :func:`coverage_by_segment`).
SEGMENT_WORKFORCE = {"PU": "pekerja_formal", "BPU": "pekerja_informal"}


def _ceiling() -> float:
    """Return the allocation ceiling the projection uses (its default)."""
    from ucjlib.projection import project

    return float(inspect.signature(project).parameters["ceiling"].default)


def _growth(projection: Any) -> float:
    """Return the region's workforce at the deadline over its workforce now."""
    pace = projection.pace
    path = projection.path
    now = path.loc[(path["periode"] == projection.periode) & (path["jenis"] == "observasi"),
                   "pekerja"]
    w0 = float(now.iloc[0]) if len(now) else float("nan")
    if not (w0 > 0):
        a = projection.allocation
        w0 = float(pd.to_numeric(a["pekerja"], errors="coerce").sum())
    return float(pace["pekerja_deadline"]) / w0 if w0 > 0 else 1.0


def desa_allocation(desa: pd.DataFrame, kecamatan: pd.DataFrame, projection: Any,
                    ceiling: float | None = None) -> pd.DataFrame:
    """Split each kecamatan's quota over its desa by the projection's allocation rule.

    Parameters
    ----------
    desa : pandas.DataFrame
        ``kode``, ``nama``, ``pekerja``, ``peserta_aktif`` of every desa (true counts).
    kecamatan : pandas.DataFrame
        The projection's allocation per kecamatan (``kode``, ``kuota_tambahan``).
    projection : ProjectionResult
        Its target, pace and path give the deadline workforce and the months left.
    ceiling : float, optional
        Highest coverage a desa is asked to reach; default the projection's.

    Returns
    -------
    pandas.DataFrame
        ``kode``, ``kuota_tambahan`` and ``tambahan_per_bulan`` per desa (missing where
        the desa or its kecamatan has no data).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> d = pd.DataFrame({"kode": ["35.22.01.2001", "35.22.01.2002"], "nama": ["A", "B"],
    ...                   "pekerja": [100, 300], "peserta_aktif": [50, 60]})
    >>> k = pd.DataFrame({"kode": ["35.22.01"], "kuota_tambahan": [100]})
    >>> path = pd.DataFrame({"periode": ["2025-06"], "jenis": ["observasi"], "pekerja": [400.0]})
    >>> p = SimpleNamespace(periode="2025-06", path=path, allocation=k,
    ...     pace={"pekerja_deadline": 400.0, "months": 4}, target=SimpleNamespace(value=0.6))
    >>> desa_allocation(d, k, p, ceiling=0.9)["kuota_tambahan"].tolist()
    [17, 83]
    """
    ceiling = _ceiling() if ceiling is None else float(ceiling)
    g = _growth(projection)
    months = int(projection.pace["months"])
    target = float(projection.target.value)
    quota = dict(zip(kecamatan["kode"].astype(str),
                     pd.to_numeric(kecamatan["kuota_tambahan"], errors="coerce"), strict=True))
    parts = []
    parent = desa["kode"].astype(str).str.slice(0, 8)
    for kec, units in desa.groupby(parent, sort=True):
        q = quota.get(str(kec))
        if q is None or pd.isna(q):
            parts.append(pd.DataFrame({"kode": units["kode"].astype(str),
                                       "kuota_tambahan": pd.array([pd.NA] * len(units),
                                                                  dtype="Int64"),
                                       "tambahan_per_bulan": np.nan}))
            continue
        t, _ = allocation_table(units[["kode", "nama", "pekerja", "peserta_aktif"]],
                                float(q), g, target, ceiling, months)
        parts.append(t[["kode", "kuota_tambahan", "tambahan_per_bulan"]])
    if not parts:
        return pd.DataFrame({"kode": [], "kuota_tambahan": pd.array([], dtype="Int64"),
                             "tambahan_per_bulan": []})
    return pd.concat(parts, ignore_index=True)


def schedule(periode: str, months: int, per_month: Any, total: Any, rows: int = 6) -> str:
    """Return the monthly record of a sheet: ``YYYY-MM:cumulative`` pairs joined by ``;``.

    The new participants a unit should have enrolled by the end of each month after
    ``periode`` (``per_month`` a month, never past ``total``), at most ``rows`` months
    (every second, third ... month when the deadline is further away, always ending with
    the deadline: the record fits on the sheet). Without a quota the months have no
    number (``YYYY-MM:``).

    Examples
    --------
    >>> schedule("2025-06", 3, 106, 300)
    '2025-07:106;2025-08:212;2025-09:300'
    >>> schedule("2025-06", 2, None, None)
    '2025-07:;2025-08:'
    >>> schedule("2025-06", 24, 10, 240).count(";"), schedule("2025-06", 24, 10, 240)[-11:]
    (5, '2027-06:240')
    """
    from ucjlib.streams import month_index, month_label

    step = max(1, math.ceil(months / rows))
    ks = list(range(months, 0, -step))[::-1]
    start = month_index(periode)
    known = not (per_month is None or pd.isna(per_month) or total is None or pd.isna(total))
    return ";".join(f"{month_label(start + k)}:"
                    + (str(min(k * int(per_month), int(total))) if known else "") for k in ks)


def _segments(ds: Any, periode: str, level: str, target: float) -> pd.DataFrame:
    """Return the participants of PU and BPU per unit (``kode``, ``PU``, ``BPU``)."""
    from ucjlib.coverage import coverage_table

    seg = coverage_table(ds, periode, level=level, target=target, by="segmen")
    wide = seg.pivot_table(index="kode", columns="segmen", values="peserta_aktif",
                           aggfunc="sum", observed=True)
    return wide.reindex(columns=list(SEGMENT_WORKFORCE)).reset_index()


def _kab_rates(coverage: Any) -> dict[str, float]:
    s = coverage.segments.set_index("segmen")["cakupan_segmen"]
    return {k: float(s.get(k, np.nan)) for k in SEGMENT_WORKFORCE}


def _rank_within(table: pd.DataFrame, by: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Rank of each published rate within its group, and how many were ranked there."""
    c = table["cakupan"].astype(float)
    rank = c.groupby(by).rank(ascending=False, method="min").astype("Int64")
    n = c.notna().groupby(by).transform("sum").astype("Int64")
    return rank, n


def _frame(raw: Any, shown: Any, quota: pd.DataFrame, seg: pd.DataFrame,
           kab: dict[str, float], threshold: int, projection: Any) -> pd.DataFrame:
    """One sheet row per unit: the published figures of ``shown`` plus quota and segments."""
    from ucjlib.smallcells import Suppression

    t = shown.table.reset_index(drop=True)
    sup = getattr(shown, "suppressed", None)
    sup = sup if isinstance(sup, Suppression) else None
    hidden = sup.hidden if sup is not None else frozenset()
    kode = t["kode"].astype(str)
    is_hidden = kode.isin(hidden)
    level = shown.level
    out = pd.DataFrame({"kode": kode, "nama": t["nama"].astype(str), "level": level})
    if level == "desa":
        from ucjlib.geo.wilayah import get_region

        kec = kode.str.slice(0, 8)
        names = {k: get_region(k).nama for k in kec.unique()}
        out["kecamatan"] = kec
        out["kecamatan_nama"] = kec.map(names)
    out["periode"] = shown.periode
    out["pekerja"] = t["pekerja"].astype("Int64")
    out["peserta_aktif"] = t["peserta_aktif"].astype("Int64")
    out["peserta_teks"] = [sup.count_text(k) if sup is not None else None for k in kode]
    out["tersembunyi"] = is_hidden.to_numpy()
    for c in ("cakupan", "tidak_tercakup", "gap_target", "perubahan_3bln",
              "perubahan_12bln"):
        out[c] = t[c]
    out["status"] = t["status"].astype(str)
    out["peringkat"] = t["peringkat"].astype("Int64")
    out["n_peringkat"] = int(t["cakupan"].notna().sum())
    if level == "desa":
        out["peringkat_kecamatan"], out["n_peringkat_kecamatan"] = _rank_within(
            t, kode.str.slice(0, 8))
    q = quota.set_index(quota["kode"].astype(str))
    out["kuota_tambahan"] = kode.map(q["kuota_tambahan"]).astype("Int64")
    per = kode.map(q["tambahan_per_bulan"]).astype(float)
    out["tambahan_per_bulan"] = per
    out["per_bulan"] = pd.array([pd.NA if pd.isna(x) else math.ceil(round(x, 6)) for x in per],
                                dtype="Int64")
    # segments: lag flags from the true counts, a whole-percent rate where it hides enough
    s = seg.set_index(seg["kode"].astype(str))
    raw_t = raw.table.set_index(raw.table["kode"].astype(str))
    lag_any = []
    for name, wcol in SEGMENT_WORKFORCE.items():
        key = name.lower()
        n = kode.map(s[name]).astype(float) if name in s else pd.Series(np.nan, index=kode.index)
        w = kode.map(raw_t[wcol]).astype(float) if wcol in raw_t else \
            pd.Series(np.nan, index=kode.index)
        rate = (n / w).where(w > 0)
        rate.index = out.index
        w.index = out.index
        known = rate.notna() & (not math.isnan(kab[name]))
        lag = (rate < kab[name] - 1e-12).where(known)
        lag = lag.where(~out["tersembunyi"])
        fine = w >= 100 * threshold if threshold > 1 else w > 0
        out[f"{key}_cakupan"] = rate.round(2).where(fine & ~out["tersembunyi"])
        out[f"{key}_tertinggal"] = lag.astype("boolean")
        out[f"{key}_cakupan_kab"] = kab[name]
        lag_any.append((name, lag, (w - n.set_axis(out.index)).where(lag.fillna(False))))
    # what to do: the one line at the bottom of the sheet
    fokus = []
    for i in range(len(out)):
        best = [(float(gap.iloc[i]), name) for name, lag, gap in lag_any
                if bool(lag.fillna(False).iloc[i]) and not pd.isna(gap.iloc[i])]
        fokus.append(max(best)[1] if best else "")
    out["fokus"] = fokus
    target = float(shown.target.value)
    act = np.where(out["tersembunyi"], "hidden",
                   np.where(out["cakupan"].isna(), "no_data",
                            np.where(out["cakupan"].astype(float) >= target - 1e-12, "keep",
                                     "enrol")))
    out["tindakan"] = act
    out.loc[out["tindakan"] != "enrol", "fokus"] = ""
    out["target"] = target
    out["target_sumber"] = str(shown.target.source)
    out["deadline"] = projection.deadline
    out["bulan_tersisa"] = int(projection.pace["months"])
    out["ambang"] = int(threshold)
    out["demo"] = bool(shown.demo)
    out["sumber"] = str(shown.source)
    hide = ["peserta_aktif", "cakupan", "tidak_tercakup", "gap_target", "perubahan_3bln",
            "perubahan_12bln", "peringkat", "kuota_tambahan", "tambahan_per_bulan", "per_bulan"]
    if level == "desa":
        hide.append("peringkat_kecamatan")
    for c in hide:  # the suppressed tables hide these already; quotas and ranks here too
        out[c] = out[c].mask(out["tersembunyi"])
    months = int(projection.pace["months"])
    out["jadwal"] = [schedule(shown.periode, months, p, q) for p, q in
                     zip(out["per_bulan"], out["kuota_tambahan"], strict=True)]
    return out


def action_sheets(ds: Any, coverage: Any, projection: Any, coverage_desa: Any = None,
                  *, level: str = "desa", min_cell: int = 0) -> dict[str, pd.DataFrame]:
    """Compute the figures of the action sheets: one DataFrame per level, one row per unit.

    Parameters
    ----------
    ds : Dataset
        The report's dataset (cut at its month).
    coverage : CoverageResult
        Kecamatan coverage, true counts (not yet protected).
    projection : ProjectionResult
        The report's projection, allocation per kecamatan, true counts.
    coverage_desa : CoverageResult, optional
        Desa coverage, true counts; needed for ``level="desa"``.
    level : {"desa", "kecamatan"}
        ``kecamatan``: the camat's sheets; ``desa``: the camat's and the kepala desa's.
    min_cell : int
        Small-cell threshold of the report (0: off), applied as the report's tables
        apply it (:func:`ucjlib.smallcells.suppress_small_cells`).

    Returns
    -------
    dict
        ``{"kecamatan": frame}`` and, for ``level="desa"``, ``"desa": frame``; columns
        ``kode``, ``nama``, ``level``, (desa: ``kecamatan``, ``kecamatan_nama``),
        ``periode``, ``pekerja``, ``peserta_aktif``, ``peserta_teks`` (what a hidden count
        shows), ``tersembunyi``, ``cakupan``, ``tidak_tercakup``, ``gap_target``,
        ``status``, ``perubahan_3bln``, ``perubahan_12bln``, ``peringkat``,
        ``n_peringkat`` (desa also ``peringkat_kecamatan``, ``n_peringkat_kecamatan``),
        ``kuota_tambahan``, ``tambahan_per_bulan``, ``per_bulan`` (whole workers a
        month), ``pu_cakupan``/``bpu_cakupan`` (whole percent or missing),
        ``pu_tertinggal``/``bpu_tertinggal``, ``pu_cakupan_kab``/``bpu_cakupan_kab``,
        ``fokus``, ``tindakan`` (``enrol``, ``keep``, ``no_data``, ``hidden``),
        ``target``, ``target_sumber``, ``deadline``, ``bulan_tersisa``, ``ambang``,
        ``demo``, ``sumber``, ``jadwal`` (the monthly record, :func:`schedule`).

    Raises
    ------
    ArgumentError
        For another level, or ``level="desa"`` without a desa coverage.
    """
    from ucjlib.errors import ArgumentError
    from ucjlib.smallcells import suppress_small_cells

    if level not in LEVELS:
        raise ArgumentError("--lembar", level, " atau ".join(LEVELS))
    if coverage.level != "kecamatan":
        raise ArgumentError("coverage", coverage.level, "hasil cakupan tingkat kecamatan")
    t = int(min_cell or 0)
    kab = _kab_rates(coverage)
    alloc = projection.allocation
    kec_shown = suppress_small_cells(coverage, t) if t > 1 else coverage
    kec_seg = _segments(ds, coverage.periode, "kecamatan", coverage.target.value)
    out = {"kecamatan": _frame(coverage, kec_shown, alloc[["kode", "kuota_tambahan",
                                                           "tambahan_per_bulan"]],
                               kec_seg, kab, t, projection)}
    if level == "desa":
        if coverage_desa is None:
            raise ArgumentError("--lembar", level, "data sampai tingkat desa")
        shown = suppress_small_cells(coverage_desa, t) if t > 1 else coverage_desa
        quota = desa_allocation(coverage_desa.table, alloc, projection)
        seg = _segments(ds, coverage_desa.periode, "desa", coverage_desa.target.value)
        out["desa"] = _frame(coverage_desa, shown, quota, seg, kab, t, projection)
    return out
