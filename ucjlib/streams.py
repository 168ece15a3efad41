"""The participant streams of one dataset: the monthly stock by segment and funding.

A stream is one ``segmen|pendanaan`` pair. :func:`stream_table` gives the region's stock of
every stream month by month; :func:`cohort_entries` finds where a government-paid cohort
entered. Coverage (the trend chart's cohort marks) and the projection
(:mod:`ucjlib.projection.model`) both read them from here. Months are counted as integers
with :func:`month_index` and :func:`month_label`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucjlib.aggregate import roll_up
from ucjlib.dataset import Dataset
from ucjlib.geo.wilayah import LEVELS, level_of

#: Government-paid funding: contract cohorts, never a trend.
GOVERNMENT: tuple[str, ...] = ("APBD", "APBDes")

__all__ = ["GOVERNMENT", "cohort_entries", "month_index", "month_label", "stream_table"]


def month_index(periode: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` label.

    Examples
    --------
    >>> month_index("2025-06") - month_index("2024-12")
    6
    """
    return int(periode[:4]) * 12 + int(periode[5:7]) - 1


def month_label(index: int) -> str:
    """``YYYY-MM`` of a month index (inverse of :func:`month_index`).

    Examples
    --------
    >>> month_label(month_index("2025-12") + 1)
    '2026-01'
    """
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def stream_table(ds: Dataset) -> pd.DataFrame:
    """Participants of the region per month (rows) and ``segmen|pendanaan`` (columns).

    Rows are rolled up to the region's own level (:func:`ucjlib.aggregate.roll_up`);
    months missing inside the range are filled by linear interpolation.

    Examples
    --------
    >>> cov = pd.DataFrame({"kode": "35.22.01", "periode": ["2025-01", "2025-03"],
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [100, 120]})
    >>> stream_table(Dataset("35.22", cov, pd.DataFrame()))["PU|mandiri"].tolist()
    [100.0, 110.0, 120.0]
    """
    depth = LEVELS.index(level_of(ds.kode))
    keys = ["periode", "segmen", "pendanaan"]
    cov = ds.coverage
    if cov.empty:
        return pd.DataFrame(dtype=float)
    out = roll_up(cov, keys, ["peserta_aktif"], ds.kode, depth, complete=False)
    out = out.loc[out["kode"] == ds.kode]
    if out.empty:
        return pd.DataFrame(dtype=float)
    out = out.assign(stream=out["segmen"] + "|" + out["pendanaan"])
    wide = out.pivot_table(index="periode", columns="stream", values="peserta_aktif",
                           aggfunc="sum").astype(float).fillna(0.0)
    first, last = month_index(wide.index.min()), month_index(wide.index.max())
    months = [month_label(i) for i in range(first, last + 1)]
    wide = wide.reindex(months).interpolate(limit_area="inside")
    wide.index.name = "periode"
    wide.columns.name = None
    return wide.sort_index(axis=1)


def cohort_entries(stocks: pd.DataFrame, share: float = 0.25) -> list[dict]:
    """Find the entry of each government-paid cohort in the data (its largest step up).

    For every APBD/APBDes stream, the month with the largest rise and the consecutive months
    around it that rose by at least ``share`` of that rise form one entry: ``pendanaan``,
    ``segmen``, ``start``, ``end`` (months ``YYYY-MM``), ``size`` (participants added in
    those months) and ``level`` (the stream in the last month). Largest entry first.

    Examples
    --------
    >>> st = pd.DataFrame({"BPU|APBD": [0.0, 0, 100, 150, 150]},
    ...                   index=["2024-11", "2024-12", "2025-01", "2025-02", "2025-03"])
    >>> cohort_entries(st)[0]["start"], cohort_entries(st)[0]["end"], cohort_entries(st)[0]["size"]
    ('2025-01', '2025-02', 150.0)
    """
    out = []
    for col in stocks.columns:
        seg, fund = col.split("|", 1)
        if fund not in GOVERNMENT or len(stocks) < 2:
            continue
        d = stocks[col].diff().fillna(0.0).to_numpy()
        k = int(np.argmax(d))
        if d[k] <= 0:
            continue
        lo = hi = k
        while lo - 1 >= 1 and d[lo - 1] >= share * d[k]:
            lo -= 1
        while hi + 1 < len(d) and d[hi + 1] >= share * d[k]:
            hi += 1
        out.append({"pendanaan": fund, "segmen": seg, "start": str(stocks.index[lo]),
                    "end": str(stocks.index[hi]), "size": float(d[lo:hi + 1].sum()),
                    "level": float(stocks[col].iloc[-1])})
    return sorted(out, key=lambda e: -e["size"])
