"""Many regions side by side: one call, one tidy table, one row per region.

:func:`compare` answers "where does each region stand, how fast must it go, and what
would the APBD pay" for a list of kabupaten/kota and provinces, a whole province or all
of Indonesia. For the demo it reads the national one-pass tables of
:mod:`ucjlib.national` (the calibrated kabupaten/kota totals that every demo dataset
reproduces), so Jawa Timur's 38 rows or Indonesia's 514 cost well under a second once
the demo plans are built, not one projection per region. Datasets of your own
(:func:`ucjlib.open_dataset` with a data folder) are passed as
:class:`~ucjlib.dataset.Dataset` objects and analysed one by one with
:func:`ucjlib.coverage.analyze_coverage`; every row is computed by the same rule.

The pace is deterministic arithmetic, not a projection (see :data:`PACE_RULE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.dataset import DEMO_LABEL, Dataset
from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import Region, children, get_region, is_code, resolve
from ucjlib.streams import month_index, month_label

__all__ = ["COMPARE_COLUMNS", "PACE_RULE", "TREND_MONTHS", "compare", "yearly_apbd_cost"]

#: Months over which the recent trend (``tren_per_bulan``) is measured.
TREND_MONTHS = 12

#: The rule of the pace columns, said once (docstring, column registry and report).
PACE_RULE = (
    "laju_perlu_per_bulan = gap_target / bulan_tersisa: net additions per month, from the "
    "month of the data to the deadline, that close today's gap to the target with today's "
    "workforce (no workforce growth: ucjlib.project adds it for deadlines after the "
    "latest workforce year, and prices lapses in its gross pace). "
    "tren_per_bulan = (peserta_aktif now - peserta_aktif 12 months earlier) / 12 (fewer "
    "months when the data are shorter). tambahan_di_atas_tren = max(0, laju_perlu_per_bulan "
    "- tren_per_bulan).")

#: Columns of :func:`compare`, in order (each described in :data:`ucjlib.columns.COLUMNS`).
COMPARE_COLUMNS = (
    "kode", "nama", "level", "provinsi", "nama_provinsi", "periode", "pekerja",
    "peserta_aktif", "cakupan", "target", "sumber_target", "gap_target", "status",
    "tenggat", "bulan_tersisa", "laju_perlu_per_bulan", "tren_per_bulan",
    "tambahan_di_atas_tren", "biaya_apbd_per_tahun_idr", "label_data")


def yearly_apbd_cost(deadline: str) -> float:
    """Return the APBD contribution of one participant for the 12 months after ``deadline``.

    A vulnerable informal worker enrolled as a BPU participant paid by the APBD, at the
    lowest reported-income bracket, priced month by month under the rules in force
    (:func:`ucjlib.budget.contributions.contribution_per_participant`): the yearly bill per
    participant once the gap is closed, as ``cost_next_12_months_idr`` of a budget's gap.

    Examples
    --------
    >>> yearly_apbd_cost("2025-12") == 12 * 16800  # not a policy number: the rules' value
    True
    """
    from ucjlib.budget.contributions import contribution_per_participant, months_from

    months = months_from(deadline, TREND_MONTHS + 1)[1:]
    return float(sum(contribution_per_participant(m, "BPU", "APBD").value for m in months))


def _items(regions: Any) -> list[Any]:
    if regions is None:
        return []
    if isinstance(regions, str | Region | Dataset):
        regions = [regions]
    out: list[Any] = []
    for r in regions:
        if isinstance(r, str) and "," in r:
            out += [x.strip() for x in r.split(",") if x.strip()]
        else:
            out.append(r)
    return out


def _region(item: Any) -> Region:
    """Return the kabupaten/kota or province ``item`` (a code, a name or a Region)."""
    if isinstance(item, Region):
        r = item
    else:
        text = str(item).strip()
        r = get_region(text) if is_code(text) else resolve(text, level=None)
    if r.level not in ("provinsi", "kabupaten"):
        raise ArgumentError("regions", item, "kode atau nama kabupaten/kota atau provinsi "
                            f"({r.kode} {r.nama} adalah {r.level}; rincian di bawah "
                            "kabupaten: ucj.analyze_coverage)")
    return r


def _provinces(provinsi: Any) -> list[str]:
    if provinsi is None:
        return []
    items = [provinsi] if isinstance(provinsi, str | Region) else list(provinsi)
    out = []
    for p in items:
        r = p if isinstance(p, Region) else resolve(str(p).strip(), level="provinsi")
        if r.level != "provinsi":
            raise ArgumentError("provinsi", p, "kode atau nama provinsi, mis. 35 atau Jawa Timur")
        out.append(r.kode)
    return out


def _deadlines(codes: Sequence[str], periode: str, deadline: str | None) -> list[str]:
    from ucjlib.checks import check_periode
    from ucjlib.rules import default_deadline

    if deadline is not None:
        d = check_periode(deadline)
        if month_index(d) <= month_index(periode):
            raise ArgumentError("deadline", deadline, f"bulan sesudah {periode}")
        return [d] * len(codes)
    return [default_deadline(k, periode).deadline for k in codes]


def _pace(t: pd.DataFrame, trend_from: pd.Series, trend_months: pd.Series) -> pd.DataFrame:
    """Add the pace and cost columns to rows with ``gap_target``, ``periode``, ``tenggat``."""
    months = np.array([month_index(d) for d in t["tenggat"]]) - \
        np.array([month_index(p) for p in t["periode"]])
    t["bulan_tersisa"] = months.astype(np.int64)
    gap = t["gap_target"].astype("Float64").astype(float)
    t["laju_perlu_per_bulan"] = gap / months
    now = t["peserta_aktif"].astype("Float64").astype(float)
    n = trend_months.astype(float).where(trend_months > 0)
    t["tren_per_bulan"] = ((now - trend_from.astype("Float64").astype(float)) / n).to_numpy()
    t["tambahan_di_atas_tren"] = (t["laju_perlu_per_bulan"] - t["tren_per_bulan"]).clip(lower=0)
    per = {d: yearly_apbd_cost(d) for d in set(t["tenggat"])}
    t["biaya_apbd_per_tahun_idr"] = gap * t["tenggat"].map(per).astype(float)
    return t


def _demo_rows(codes: list[str], periode: str | None, target: float | None,
               seed: int | None, deadline: str | None
               ) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Rows of demo regions (kabupaten/kota and provinces) from the national one-pass tables."""
    from ucjlib.national import analyze_national, national_demo_tables

    provs = sorted({k[:2] for k in codes})
    nat = analyze_national(periode, provinces=provs, seed=seed, target=target)
    kab = nat.kabupaten.set_index("kode")
    prov = nat.provinces.assign(provinsi=nat.provinces["kode"],
                                nama_provinsi=nat.provinces["nama"]).set_index("kode")
    cols = ["nama", "level", "provinsi", "nama_provinsi", "periode", "pekerja", "peserta_aktif",
            "cakupan", "target", "sumber_target", "gap_target", "status"]
    t = pd.concat([(kab if len(k) > 2 else prov).loc[[k], cols] for k in codes])
    t = t.rename_axis("kode").reset_index()
    # the recent trend: participants now and TREND_MONTHS (or as many as there are) before
    from ucjlib.demo.calibration import DEFAULT_SEED

    cov, _ = national_demo_tables(DEFAULT_SEED if seed is None else seed)
    months = sorted(set(cov["periode"]))
    back = max(0, min(TREND_MONTHS, months.index(nat.periode)))
    before = month_label(month_index(nat.periode) - back)
    c = cov.loc[cov["periode"] == before]
    sums = {w: c.groupby(c["kode"].str.slice(0, w))["peserta_aktif"].sum() for w in (2, 5)}
    then = pd.Series([sums[len(k)].get(k, np.nan) if back else np.nan for k in t["kode"]])
    t["tenggat"] = _deadlines(t["kode"].tolist(), nat.periode, deadline)
    return t, then, pd.Series([back] * len(t))


def _dataset_row(ds: Dataset, periode: str | None, target: float | None
                 ) -> tuple[dict[str, Any], float, int]:
    """One row of a dataset of its own, by :func:`~ucjlib.coverage.analyze_coverage`."""
    from ucjlib.coverage import analyze_coverage
    from ucjlib.geo.wilayah import level_of

    r = analyze_coverage(ds, periode, level=level_of(ds.kode), target=target)
    prov = get_region(ds.kode[:2])
    row = {"kode": ds.kode, "nama": r.region.nama, "level": r.region.level,
           "provinsi": prov.kode, "nama_provinsi": prov.nama, "periode": r.periode,
           **{k: r.total[k] for k in ("pekerja", "peserta_aktif", "cakupan", "gap_target",
                                      "status")},
           "target": r.target.value, "sumber_target": r.target.source_level}
    s = r.series.set_index("periode")["peserta_aktif"].dropna()
    earlier = [p for p in s.index if p < r.periode]
    back = min(TREND_MONTHS, month_index(r.periode) - month_index(earlier[0])) if earlier else 0
    then = s.get(month_label(month_index(r.periode) - back), np.nan) if back else np.nan
    return row, float(then) if pd.notna(then) else np.nan, back


def compare(regions: str | Region | Dataset | Iterable[Any] | None = None, *,
            provinsi: str | Region | Iterable[Any] | None = None,
            periode: str | None = None, target: float | None = None,
            deadline: str | None = None, seed: int | None = None) -> pd.DataFrame:
    """Compare regions side by side: coverage, gap, pace to the target and APBD cost.

    Parameters
    ----------
    regions : str, Region, Dataset or list of them, optional
        Kabupaten/kota and/or provinces by code or name (``["35.22", "32.71"]``, also one
        string ``"35.22,32.71"``), or datasets of your own from
        :func:`ucjlib.open_dataset` (each analysed with
        :func:`~ucjlib.coverage.analyze_coverage` at its own level).
    provinsi : str, Region or list, optional
        Every kabupaten/kota of these provinces (``"35"`` or ``"Jawa Timur"``).
        Without ``regions`` and ``provinsi``: all 514 kabupaten/kota of Indonesia.
    periode : str, optional
        Month ``YYYY-MM``; default the latest month of the data.
    target : float, optional
        One target (0-1) for every row, said to be set by the user; default each
        region's own target from ``data/rules`` (its own, else its province's, else the
        national one: ``sumber_target`` says which), as :func:`analyze_coverage` uses.
    deadline : str, optional
        Month ``YYYY-MM`` for every row; default per region
        :func:`ucjlib.rules.default_deadline` (December of its target year, or the next
        December once that has passed), as :func:`ucjlib.project` uses.
    seed : int, optional
        Seed of the demo.

    Returns
    -------
    pandas.DataFrame
        One row per region, columns :data:`COMPARE_COLUMNS` (titles, units and
        descriptions in :data:`ucjlib.columns.COLUMNS`), rows in the order asked (by
        code for a province or Indonesia). ``pekerja``, ``peserta_aktif``, ``cakupan``,
        ``target``, ``gap_target`` and ``status`` equal the ``total`` of
        :func:`~ucjlib.coverage.analyze_coverage` for the region. The pace columns are
        arithmetic, not a projection:

        - ``laju_perlu_per_bulan = gap_target / bulan_tersisa`` (net additions per
          month to the deadline, with today's workforce). It equals the
          ``required_monthly_net_additions`` of :func:`ucjlib.project` while the deadline
          falls in the year of the latest workforce data (the default deadline, December
          of the target year, does); for a later deadline the projection adds the
          workforce's growth and asks for more;
        - ``tren_per_bulan = (peserta_aktif now - peserta_aktif 12 months before) / 12``
          (fewer months when the data are shorter);
        - ``tambahan_di_atas_tren = max(0, laju_perlu_per_bulan - tren_per_bulan)``;
        - ``biaya_apbd_per_tahun_idr = gap_target x`` :func:`yearly_apbd_cost`
          ``(tenggat)``: the yearly APBD bill if the whole gap were enrolled as
          APBD-paid BPU participants (vulnerable informal workers, lowest income
          bracket) under the contribution rules of ``data/rules``.

        Status values are the language-neutral Indonesian words
        (:func:`ucjlib.results.status_text` says them in English); ``label_data``
        carries the demo label.

    Raises
    ------
    ArgumentError
        A kecamatan or desa asked for, a month not in the data, a target outside 0-1, a
        deadline not after the month.
    UnknownRegionError, AmbiguousRegionError
        A name that matches no region or several.

    Examples
    --------
    >>> t = compare(["35.22", "32.71"])
    >>> t[["kode", "cakupan", "gap_target", "bulan_tersisa"]].round(4).values.tolist()
    [['35.22', 0.4229, 145291, 6], ['32.71', 0.507, 7420, 6]]
    >>> float(t.loc[0, "laju_perlu_per_bulan"]) == 145291 / 6
    True
    """
    from ucjlib.checks import check_target

    if target is not None:
        target = check_target(target)
    items = _items(regions)
    own = [x for x in items if isinstance(x, Dataset)]
    codes = [_region(x).kode for x in items if not isinstance(x, Dataset)]
    for p in _provinces(provinsi):
        codes += children(p, "kabupaten")["kode"].tolist()
    if regions is None and provinsi is None:
        codes = children(None, "kabupaten")["kode"].tolist()
    codes = list(dict.fromkeys(codes))
    parts, then, back = [], [], []
    if codes:
        t, th, b = _demo_rows(codes, periode, target, seed, deadline)
        t["label_data"] = DEMO_LABEL
        parts.append(t)
        then.append(th)
        back.append(b)
    for ds in own:
        row, th, b = _dataset_row(ds, periode, target)
        row["tenggat"] = _deadlines([ds.kode], row["periode"], deadline)[0]
        row["label_data"] = DEMO_LABEL if ds.demo else ""
        parts.append(pd.DataFrame([row]))
        then.append(pd.Series([th]))
        back.append(pd.Series([b]))
    if not parts:
        raise ArgumentError("regions", regions, "kode atau nama kabupaten/kota atau provinsi")
    t = pd.concat(parts, ignore_index=True)
    t = _pace(t, pd.concat(then, ignore_index=True), pd.concat(back, ignore_index=True))
    for c in ("pekerja", "peserta_aktif", "gap_target"):
        t[c] = t[c].astype("Int64")
    t["cakupan"] = t["cakupan"].astype(float)
    t["target"] = t["target"].astype(float)
    return t[list(COMPARE_COLUMNS)].reset_index(drop=True)
