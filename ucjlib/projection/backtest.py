"""Backtest: fit up to an earlier month, predict the known later months, measure the error.

For every origin month with at least ``min_train`` months before it, the model is fitted
on the data up to the origin (and the Sakernas years up to the origin's year) and run under
the baseline scenario; its coverage ``h`` months later is compared with the observed
coverage. Two naive forecasts are scored on the same origins: **naive** (the last value)
and **drift** (the last value plus ``h`` times the average monthly change since the first
month). Errors are mean absolute errors in percentage points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucjlib.dataset import Dataset
from ucjlib.measures import workforce_years
from ucjlib.projection.model import fit_model
from ucjlib.projection.scenario import Scenario
from ucjlib.projection.simulate import simulate
from ucjlib.streams import month_index, month_label, stream_table

HORIZONS: tuple[int, ...] = (3, 6, 12)
COLUMNS = ["horizon", "origins", "mae_model_pp", "mae_naive_pp", "mae_drift_pp",
           "beats_naive", "beats_drift"]

__all__ = ["COLUMNS", "HORIZONS", "backtest"]


def backtest(ds: Dataset, observed: pd.DataFrame, baseline: Scenario,
             horizons: tuple[int, ...] = HORIZONS, min_train: int = 12,
             **fit_kw) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score the model against naive and drift forecasts on the dataset's own history.

    Parameters
    ----------
    ds : Dataset
    observed : pandas.DataFrame
        ``periode`` and ``cakupan`` (0-1) of the region, as published.
    baseline : Scenario
        Scenario run from every origin.
    horizons : tuple of int, default (3, 6, 12)
    min_train : int, default 12
        Months of data before the first origin.
    **fit_kw
        Passed to :func:`~ucjlib.projection.model.fit_model`.

    Returns
    -------
    summary : pandas.DataFrame
        One row per horizon (columns :data:`COLUMNS`); ``origins`` 0 and errors missing when
        the history is too short.
    forecasts : pandas.DataFrame
        ``origin``, ``horizon``, ``periode``, ``actual``, ``model``, ``naive``, ``drift``.
    """
    obs = observed.dropna(subset=["cakupan"]).set_index("periode")["cakupan"].sort_index()
    months = list(obs.index)
    rows = []
    fit_kw.setdefault("stocks", stream_table(ds))
    fit_kw.setdefault("years", workforce_years(ds))
    hmax = max(horizons)
    for o in range(min_train, len(months) - min(horizons)):
        origin = months[o]
        try:
            fit = fit_model(ds, upto=origin, **fit_kw)
        except Exception:  # noqa: BLE001 - an origin that cannot be fitted is skipped
            continue
        path = simulate(fit, baseline, hmax)
        cov = path.cakupan
        first_i = month_index(months[0])
        o_i = month_index(origin)
        slope = (obs.iloc[o] - obs.iloc[0]) / max(o_i - first_i, 1)
        for h in horizons:
            target_m = month_label(o_i + h)
            if target_m not in obs.index:
                continue
            rows.append({"origin": origin, "horizon": h, "periode": target_m,
                         "actual": obs[target_m], "model": cov[h], "naive": obs.iloc[o],
                         "drift": obs.iloc[o] + h * slope})
    fc = pd.DataFrame(rows, columns=["origin", "horizon", "periode", "actual", "model",
                                     "naive", "drift"])
    out = []
    for h in horizons:
        f = fc.loc[fc["horizon"] == h]
        err = {k: float(np.mean(np.abs(f[k] - f["actual"])) * 100) if len(f) else np.nan
               for k in ("model", "naive", "drift")}
        out.append({"horizon": h, "origins": len(f), "mae_model_pp": err["model"],
                    "mae_naive_pp": err["naive"], "mae_drift_pp": err["drift"],
                    "beats_naive": bool(err["model"] < err["naive"]) if len(f) else None,
                    "beats_drift": bool(err["model"] < err["drift"]) if len(f) else None})
    return pd.DataFrame(out, columns=COLUMNS), fc
