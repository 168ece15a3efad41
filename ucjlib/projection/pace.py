"""The required pace: workers per month needed to reach a target by a deadline.

Net: ``(ceil(target * workforce at the deadline) - participants now) / months``. Gross: the
net pace plus what leaves on the way under the scenario (lapses of the lapse-prone stock and
contract cohorts that are not renewed before the deadline), spread over the same months: the
enrolments needed when lapsing continues. Over the baseline: the shortfall of the scenario's
own path at the deadline, per month - what has to come on top of the current trend.
"""

from __future__ import annotations

import math
from typing import Any

from ucjlib.projection.simulate import Path

__all__ = ["required_pace"]


def required_pace(path: Path, target: float, months: int) -> dict[str, Any]:
    """Net and gross monthly additions that reach ``target`` in month ``months`` of ``path``.

    Parameters
    ----------
    path : Path
        A scenario's central path (:func:`~ucjlib.projection.simulate.simulate`).
    target : float
        0-1 share.
    months : int
        Months from the last observed month to the deadline (>= 1).

    Returns
    -------
    dict
        ``months``, ``peserta_now``, ``pekerja_deadline``, ``target_peserta``,
        ``needed_total`` (net additions, 0 when already above), ``net_per_month``,
        ``lapses_total`` (lapses and contract exits until the deadline),
        ``gross_per_month``, ``shortfall_at_deadline`` (of the scenario's own path) and
        ``additional_per_month`` (on top of the scenario).

    Examples
    --------
    >>> import numpy as np
    >>> p = Path(np.arange(3), np.array([400.0, 390, 380]), np.array([1000.0] * 3),
    ...          np.array([400.0, 390, 380]), np.array([10.0, 10]), np.zeros(2), 0.0)
    >>> r = required_pace(p, 0.6, 2)
    >>> r["net_per_month"], r["gross_per_month"], r["additional_per_month"]
    (100.0, 110.0, 110.0)
    """
    now = float(path.peserta[0])
    w = float(path.pekerja[months])
    need_level = math.ceil(round(target * w, 6))
    needed = max(0.0, need_level - now)
    outflow = float(path.lapses[:months].sum() + path.exits[:months].sum())
    short = max(0.0, need_level - float(path.peserta[months]))
    return {"months": int(months), "peserta_now": now, "pekerja_deadline": w,
            "target_peserta": need_level, "needed_total": needed,
            "net_per_month": needed / months, "lapses_total": outflow,
            "gross_per_month": (needed + outflow) / months if needed > 0 else 0.0,
            "shortfall_at_deadline": short, "additional_per_month": short / months}
