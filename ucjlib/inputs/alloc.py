"""Largest-remainder rounding: the one allocation of the package.

:func:`largest_remainder` splits integer totals in proportion to weights so
the integers add up exactly to the totals. The workforce allocation
(:mod:`ucjlib.inputs.workforce`), the demo generator
(:mod:`ucjlib.demo.calibration`, :mod:`ucjlib.demo.generate`) and the
projection's quotas (:mod:`ucjlib.projection.allocate`: shares already
scaled, with caps) all use it.
"""

from __future__ import annotations

import numpy as np


def largest_remainder(weights: np.ndarray | list, totals: int | np.ndarray,
                      axis: int = -1, *, scaled: bool = False,
                      caps: np.ndarray | None = None) -> np.ndarray:
    """Split ``totals`` in proportion to ``weights`` along ``axis``, summing exactly to them.

    Each unit first gets ``floor(total * w / sum(w))``; the units left over go
    one each to the largest remainders (ties: the earlier unit). Integer
    weights are split with exact integer arithmetic (no floating-point
    drift); float weights (the demo generator) in floating point. A slice
    whose weights are all zero gets zeros (its total must then be zero for
    integer weights).

    ``scaled=True`` takes the weights as shares already summing to the total
    (the projection's water-filled quotas): no scaling, the floors are taken
    with a tolerance of 1e-9 (a share of 2.9999999999 is 3), and the shares
    are not checked for sign. ``caps`` (same shape as ``weights``) gives the
    extra units only to units below their cap, so a slice may then get less
    than its total.

    Parameters
    ----------
    weights : array-like
        Non-negative weights; any shape.
    totals : int or array-like of int
        Total per slice: a scalar for 1-D weights, else the shape of
        ``weights`` without ``axis``.
    axis : int, default -1
        Axis along which each total is split.
    scaled : bool, default False
        The weights are shares already summing to the totals.
    caps : array-like of int, optional
        Largest whole number per unit.

    Returns
    -------
    numpy.ndarray of int64
        Same shape as ``weights``.

    Raises
    ------
    ValueError
        Negative weights or totals, or a positive total with all-zero
        integer weights.

    Examples
    --------
    >>> largest_remainder([1, 1, 1], 10).tolist()
    [4, 3, 3]
    >>> largest_remainder([50, 30, 20], 7).tolist()
    [4, 2, 1]
    >>> largest_remainder(np.array([[0.4, 0.6, 2.0]]), np.array([3]), axis=1).tolist()
    [[0, 1, 2]]
    >>> largest_remainder(np.array([1.5, 1.5, 1.0]), 4, scaled=True).tolist()
    [2, 1, 1]
    >>> largest_remainder(np.array([1.5, 1.5, 1.0]), 4, scaled=True, caps=[1, 2, 2]).tolist()
    [1, 2, 1]
    """
    w = np.asarray(weights)
    if w.dtype == object or w.dtype == bool:
        w = w.astype(np.int64)
    w = np.moveaxis(w, axis, -1)
    tot = np.asarray(totals, dtype=np.int64)[..., None]
    if (tot < 0).any():
        raise ValueError("Total tidak boleh negatif")
    if scaled:
        x = w.astype(float)
        base = np.floor(x + 1e-9).astype(np.int64)
        rank_key = x - base
    elif np.issubdtype(w.dtype, np.integer):
        if (w < 0).any():
            raise ValueError("Bobot alokasi tidak boleh negatif")
        s = w.sum(axis=-1, keepdims=True)
        if ((s == 0) & (tot > 0)).any():
            raise ValueError("Semua bobot nol: total tidak bisa dialokasikan")
        if int(np.max(w, initial=0)) * int(np.max(tot, initial=0)) >= 2 ** 62:
            raise ValueError("Bobot atau total terlalu besar untuk dialokasikan")
        safe = np.where(s > 0, s, 1)
        base = tot * w // safe
        rank_key = tot * w % safe  # remainders, exact
    else:
        x = w.astype(float)
        if (x < 0).any():
            raise ValueError("Bobot alokasi tidak boleh negatif")
        s = x.sum(axis=-1, keepdims=True)
        scaled = np.where(s > 0, x * (tot / np.where(s > 0, s, 1.0)), 0.0)
        base = np.floor(scaled).astype(np.int64)
        rank_key = scaled - base
    left = tot - base.sum(axis=-1, keepdims=True)
    order = np.argsort(-rank_key, axis=-1, kind="stable")
    if caps is not None:  # the extra units go, in that order, to the units with room
        room = base < np.moveaxis(np.broadcast_to(np.asarray(caps), np.shape(weights)), axis, -1)
        ok = np.take_along_axis(room, order, axis=-1)
        give = ok & (np.cumsum(ok, axis=-1) <= left)
        extra = np.zeros_like(give)
        np.put_along_axis(extra, order, give, axis=-1)
        return np.moveaxis((base + extra).astype(np.int64), -1, axis)
    rank = np.argsort(order, axis=-1, kind="stable")
    out = (base + (rank < left)).astype(np.int64)
    return np.moveaxis(out, -1, axis)
