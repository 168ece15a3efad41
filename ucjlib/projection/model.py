"""The stock-flow model: participants by segment and funding, month to month.

Every stream (one segment x funding pair) moves as

    stock[t+1] = stock[t] * (1 - lapse) + enrolments[t]

From aggregated coverage only the net change is seen, so the two flows are estimated:

- **Trend streams** (self-paid and other funding): ``enrolments`` is the robust recent net
  pace, the Theil-Sen slope (:func:`scipy.stats.theilslopes`) of the last ``window``
  months, and ``lapse`` is 0: whatever lapses is already inside the net pace.
- **Lapse streams** (by default BPU mandiri, the informal self-payers): when the stream
  has fallen for at least ``min_lapse_months`` months up to the last one, the fall is an
  explicit monthly lapse rate. ``enrolments`` is the Theil-Sen pace of the 12 months up to
  the peak (what kept coming in before the lapsing began) and ``lapse`` is the rate that,
  with those enrolments, best reproduces the observed fall in least squares
  (:func:`scipy.optimize.minimize_scalar`). With participant records the flows are seen
  directly (``flows``): enrolments are the median monthly inflow and the lapse the median
  outflow over the stock at the start of the month.
- **Contract streams** (APBD, APBDes: government-paid) are not trends: the stock stays as
  it is through the fiscal year and renews, in part or not at all, in January (a scenario
  input, :mod:`ucjlib.projection.scenario`). A one-off cohort jump is never a pace.

The workforce (denominator) is the yearly Sakernas figure, the same one coverage uses for a
month of a year with data; beyond the last Sakernas year it grows month by month at the
recent annual growth (Theil-Sen slope of the log workforce), from the last Sakernas
year's December (or the last observed month, when that is later).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ucjlib.dataset import Dataset
from ucjlib.measures import workforce_years
from ucjlib.streams import (
    GOVERNMENT,
    month_index,
    stream_table,
)
from ucjlib.text import Note

LAPSE_STREAMS: tuple[tuple[str, str], ...] = (("BPU", "mandiri"),)

__all__ = ["LAPSE_STREAMS", "Fit", "StreamFit", "fit_model", "workforce_growth",
           "workforce_path"]


@dataclass(frozen=True)
class StreamFit:
    """The fitted flows of one segment x funding stream.

    Attributes
    ----------
    segmen, pendanaan : str
    kind : str
        ``kontrak`` (government-paid cohort), ``tren`` or ``lapse``.
    level : float
        Participants in the last observed month.
    enrolments : float
        Monthly enrolments (for a trend stream: the net pace, possibly negative).
    lapse_rate : float
        Monthly share of the stock that lapses (0 for trend and contract streams).
    peak : str or None
        Month the lapsing began (``lapse`` streams).
    """

    segmen: str
    pendanaan: str
    kind: str
    level: float
    enrolments: float = 0.0
    lapse_rate: float = 0.0
    peak: str | None = None


@dataclass(frozen=True)
class Fit:
    """Everything the projection needs from the observed data.

    Attributes
    ----------
    last : str
        Last observed month.
    streams : tuple of StreamFit
    stocks : pandas.DataFrame
        Participants per month (rows, contiguous months) and stream (columns
        ``segmen|pendanaan``), at the region's own level.
    workforce : dict
        Sakernas year -> employed persons of the region.
    growth : float
        Annual workforce growth used beyond the last Sakernas year.
    residuals : numpy.ndarray
        Monthly net changes of the non-contract participants minus what the model
        explains, oldest first (for the uncertainty band).
    notes : tuple of str
    """

    last: str
    streams: tuple[StreamFit, ...]
    stocks: pd.DataFrame
    workforce: dict[int, float]
    growth: float
    residuals: np.ndarray
    notes: tuple[Note, ...] = field(default=())

    def stream(self, segmen: str, pendanaan: str) -> StreamFit | None:
        """Return the fit of one stream, or ``None`` when the data has no such stream."""
        for s in self.streams:
            if (s.segmen, s.pendanaan) == (segmen, pendanaan):
                return s
        return None


def theil_sen(y: np.ndarray, x: np.ndarray) -> float:
    """Theil-Sen slope: the median of the slopes of all pairs of points with distinct x.

    The slope of :func:`scipy.stats.theilslopes`, without importing ``scipy.stats``
    (about a second) for a median over a dozen points.

    Examples
    --------
    >>> theil_sen(np.array([1.0, 2.0, 3.0, 10.0]), np.arange(4.0))  # of 1, 1, 1, 3, 4, 7
    2.0
    """
    y, x = np.asarray(y, dtype=float), np.asarray(x, dtype=float)
    dx = x[:, None] - x
    dy = y[:, None] - y
    keep = dx > 0
    return float(np.median(dy[keep] / dx[keep])) if keep.any() else 0.0


def _theil_slope(y: np.ndarray) -> float:
    """Robust slope per step of ``y`` (0 for fewer than 2 points)."""
    y = np.asarray(y, dtype=float)
    if len(y) < 2:
        return 0.0
    return theil_sen(y, np.arange(len(y)))


def bounded_minimum(func: Callable[[float], float], lo: float, hi: float,
                    xatol: float = 1e-5, maxiter: int = 500) -> float:
    """Minimise ``func`` on ``[lo, hi]``: Brent's bounded method, step for step.

    The algorithm of :func:`scipy.optimize.minimize_scalar` with ``method="bounded"``
    (scipy's ``_minimize_scalar_bounded``, BSD-3-Clause), so the fitted lapse rate is
    the same to the last bit, without importing ``scipy.optimize`` (about a second of
    every report) for one one-dimensional fit. ``tests/test_report_once.py`` compares
    the two.

    Examples
    --------
    >>> round(bounded_minimum(lambda x: (x - 0.3) ** 2, 0.0, 0.9, xatol=1e-9), 6)
    0.3
    """
    sqrt_eps = math.sqrt(2.2e-16)
    golden_mean = 0.5 * (3.0 - math.sqrt(5.0))
    a, b = lo, hi
    fulc = a + golden_mean * (b - a)
    nfc = xf = fulc
    rat = e = 0.0
    fx = func(xf)
    num = 1
    ffulc = fnfc = fx
    xm = 0.5 * (a + b)
    tol1 = sqrt_eps * abs(xf) + xatol / 3.0
    tol2 = 2.0 * tol1
    while abs(xf - xm) > (tol2 - 0.5 * (b - a)):
        golden = True
        if abs(e) > tol1:  # a parabolic fit
            golden = False
            r = (xf - nfc) * (fx - ffulc)
            q = (xf - fulc) * (fx - fnfc)
            p = (xf - fulc) * q - (xf - nfc) * r
            q = 2.0 * (q - r)
            if q > 0.0:
                p = -p
            q = abs(q)
            r = e
            e = rat
            if abs(p) < abs(0.5 * q * r) and p > q * (a - xf) and p < q * (b - xf):
                rat = (p + 0.0) / q
                x = xf + rat
                if (x - a) < tol2 or (b - x) < tol2:
                    rat = tol1 * (np.sign(xm - xf) + ((xm - xf) == 0))
            else:
                golden = True
        if golden:  # a golden-section step
            e = (a - xf) if xf >= xm else (b - xf)
            rat = golden_mean * e
        si = np.sign(rat) + (rat == 0)
        x = xf + si * max(abs(rat), tol1)
        fu = func(x)
        num += 1
        if fu <= fx:
            if x >= xf:
                a = xf
            else:
                b = xf
            fulc, ffulc = nfc, fnfc
            nfc, fnfc = xf, fx
            xf, fx = x, fu
        else:
            if x < xf:
                a = x
            else:
                b = x
            if fu <= fnfc or nfc == xf:
                fulc, ffulc = nfc, fnfc
                nfc, fnfc = x, fu
            elif fu <= ffulc or fulc == xf or fulc == nfc:
                fulc, ffulc = x, fu
        xm = 0.5 * (a + b)
        tol1 = sqrt_eps * abs(xf) + xatol / 3.0
        tol2 = 2.0 * tol1
        if num >= maxiter:
            break
    return float(xf)


def _fit_lapse(y: np.ndarray, enrol: float, observed: np.ndarray | None = None) -> float:
    """Monthly lapse rate that with ``enrol`` per month best reproduces the fall ``y``.

    ``observed`` marks the months with data; the others (interpolated over a gap in the
    series) are stepped through but not scored, so a gap is never read as a fall.

    Examples
    --------
    >>> y = np.array([1000.0, 900, 810, 729])
    >>> round(_fit_lapse(y, 0.0), 6)
    0.1
    >>> round(_fit_lapse(np.array([1000.0, 500, 810, 729]), 0.0,
    ...                  np.array([True, False, True, True])), 6)
    0.1
    """
    scored = np.ones(len(y), dtype=bool) if observed is None else np.asarray(observed, bool)

    def loss(rate: float) -> float:
        s = y[0]
        err = 0.0
        for obs, keep in zip(y[1:], scored[1:], strict=True):
            s = s * (1 - rate) + enrol
            if keep:
                err += (s - obs) ** 2
        return err

    return bounded_minimum(loss, 0.0, 0.9, xatol=1e-9)


def _declines(y: np.ndarray) -> int:
    """Count the consecutive monthly declines ending at the last value."""
    k = 0
    while k + 1 < len(y) and y[-1 - k] < y[-2 - k]:
        k += 1
    return k


def _from_flows(flows: pd.DataFrame, seg: str, fund: str, y: pd.Series) -> tuple[float, float]:
    """Enrolments and lapse rate of one stream from observed gross flows."""
    f = flows.loc[(flows["segmen"] == seg) & (flows["pendanaan"] == fund)]
    f = f.set_index("periode").sort_index().tail(6)
    prev = y.shift(1).reindex(f.index)
    rate = (f["keluar"] / prev).replace([np.inf, -np.inf], np.nan).dropna()
    return float(f["masuk"].median()), float(rate.median()) if len(rate) else 0.0


def workforce_growth(years: dict[int, float], last_n: int = 6) -> float:
    """Annual growth: Theil-Sen slope of log workforce over the last ``last_n`` years.

    Examples
    --------
    >>> round(workforce_growth({2023: 100.0, 2024: 110.0, 2025: 121.0}), 4)
    0.1
    """
    ys = sorted(years)[-last_n:]
    if len(ys) < 2:
        return 0.0
    slope = theil_sen(np.log([years[y] for y in ys]), np.array(ys, dtype=float))
    return float(np.expm1(slope))


def workforce_path(years: dict[int, float], last: str, horizon: int,
                   growth: float) -> np.ndarray:
    """Employed persons for the last observed month and the ``horizon`` months after it.

    A month of a Sakernas year takes that year's figure (as coverage does); a month of a
    later year grows from ``max(December of the last Sakernas year, last)`` at
    ``growth`` per year, compounded monthly.

    Examples
    --------
    >>> w = workforce_path({2025: 1200.0}, "2025-11", 3, 0.12)
    >>> [round(float(x), 1) for x in w]
    [1200.0, 1200.0, 1211.4, 1222.9]
    """
    if not years:
        return np.full(horizon + 1, np.nan)
    t0 = month_index(last)
    idx = np.arange(t0, t0 + horizon + 1)
    yr = idx // 12
    known = np.array(sorted(years))
    pick = [known[known <= y].max() if (known <= y).any() else known.min() for y in yr]
    out = np.array([years[int(p)] for p in pick], dtype=float)
    last_year = int(known.max())
    base_i = max(last_year * 12 + 11, t0)
    base_w = years[last_year]
    later = yr > last_year
    out[later] = base_w * (1.0 + growth) ** ((idx[later] - base_i) / 12.0)
    return out


def fit_model(ds: Dataset, *, window: int = 12, min_lapse_months: int = 2,
              lapse_streams: tuple[tuple[str, str], ...] = LAPSE_STREAMS,
              flows: pd.DataFrame | None = None, upto: str | None = None,
              residual_months: int = 24, stocks: pd.DataFrame | None = None,
              years: dict[int, float] | None = None) -> Fit:
    """Estimate every stream's flows and the workforce growth from a dataset.

    Parameters
    ----------
    ds : Dataset
    window : int, default 12
        Months of the robust trend of trend streams.
    min_lapse_months : int, default 2
        Consecutive monthly falls up to the last month that make a lapse stream lapse.
    lapse_streams : tuple of (segmen, pendanaan)
        Streams whose falls are modelled as an explicit lapse rate.
    flows : pandas.DataFrame, optional
        Gross flows from participant records: ``periode``, ``segmen``, ``pendanaan``,
        ``masuk`` (enrolments) and ``keluar`` (lapses) in the month. When given, a lapse
        stream's enrolments and lapse rate come from them instead of the net series.
    upto : str, optional
        Fit on months up to and including this one (backtests); default all.
    residual_months : int, default 24
        Months of net-change residuals kept for the uncertainty band.
    stocks, years : optional
        Precomputed :func:`stream_table` and :func:`workforce_years` (backtests fit many
        origins from one roll-up).

    Returns
    -------
    Fit

    Examples
    --------
    >>> cov = pd.DataFrame({"kode": "35.22.01",
    ...     "periode": ["2025-01", "2025-02", "2025-03", "2025-04"],
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [100, 110, 120, 130]})
    >>> wf = pd.DataFrame({"kode": ["35.22.01"], "tahun": [2025], "pekerja": [1000]})
    >>> f = fit_model(Dataset("35.22", cov, wf))
    >>> f.last, f.stream("PU", "mandiri").kind, f.stream("PU", "mandiri").enrolments
    ('2025-04', 'tren', 10.0)
    """
    notes: list[Note] = []
    stocks = stream_table(ds) if stocks is None else stocks
    if upto is not None:
        stocks = stocks.loc[stocks.index <= upto]
    if stocks.empty:
        from ucjlib.errors import ArgumentError

        raise ArgumentError("data", ds.kode, "data kepesertaan dengan paling sedikit satu bulan")
    years = workforce_years(ds) if years is None else years
    last = str(stocks.index[-1])
    if upto is not None:
        years = {y: v for y, v in years.items() if y <= int(last[:4])} or years
    growth = workforce_growth(years)
    if len(years) < 2:
        notes.append(Note("projection.one_year"))
    if len(stocks) < 2:
        notes.append(Note("projection.one_month"))
    fits = []
    # months with data (stream_table interpolates months missing from the whole series)
    seen = np.isin(np.asarray(stocks.index, dtype=str), np.asarray(ds.periods, dtype=str))
    if not seen.any():
        seen[:] = True
    seen_at = np.flatnonzero(seen)
    explained = np.zeros(max(len(stocks) - 1, 0))
    actual = np.zeros_like(explained)
    for col in stocks.columns:
        seg, fund = col.split("|", 1)
        y = stocks[col].to_numpy()
        level = float(y[-1])
        if fund in GOVERNMENT:
            fits.append(StreamFit(seg, fund, "kontrak", level))
            continue
        actual += np.diff(y)
        if (seg, fund) in lapse_streams and flows is not None and len(flows):
            enrol, rate = _from_flows(flows, seg, fund, stocks[col])
            fits.append(StreamFit(seg, fund, "lapse", level, enrol, rate, None))
            prev = y[:-1]
            explained += enrol - rate * prev
            continue
        k = _declines(y[seen_at])  # falls between months with data, not across a gap
        if (seg, fund) in lapse_streams and k >= min_lapse_months:
            p = int(seen_at[len(seen_at) - 1 - k])
            enrol = max(0.0, _theil_slope(y[max(0, p - window):p + 1]))
            rate = _fit_lapse(y[p:], enrol, seen[p:])
            fits.append(StreamFit(seg, fund, "lapse", level, enrol, rate, str(stocks.index[p])))
            pred = np.full(len(y) - 1, enrol)
            pred[p:] = enrol - rate * y[p:-1]
            explained += pred
            continue
        slope = _theil_slope(y[-(window + 1):])
        fits.append(StreamFit(seg, fund, "tren", level, slope, 0.0, None))
        explained += slope
    residuals = (actual - explained)[-residual_months:]
    neg = [f"{s.segmen} {s.pendanaan}" for s in fits if s.kind == "tren" and s.enrolments < 0]
    if neg:
        notes.append(Note("projection.declining", {"streams": ", ".join(neg)}))
    return Fit(last, tuple(fits), stocks, years, growth, residuals, tuple(notes))
