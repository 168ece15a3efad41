"""Uncertainty: a moving-block bootstrap of the model's monthly net-change residuals.

The residuals are the monthly net changes of the non-contract streams that the fitted model
does not explain (:attr:`~ucjlib.projection.model.Fit.residuals`). Each bootstrap path
draws blocks of ``block`` consecutive residuals (keeping their autocorrelation), centres
them, and adds their running sum to the central path; the mean of a resampled history of
the same length as the data is added as a drift error times the month number, so the band
also carries the uncertainty of the estimated pace. Contract cohorts carry no noise: they
move by scenario, not by chance. All draws are one vectorised NumPy computation.
"""

from __future__ import annotations

import numpy as np

__all__ = ["bootstrap_paths", "probability_at_least"]


def _blocks(res: np.ndarray, n: int, length: int, block: int,
            rng: np.random.Generator) -> np.ndarray:
    """``n`` block-bootstrap resamples of ``res``, each ``length`` long."""
    nb = -(-length // block)
    starts = rng.integers(0, len(res) - block + 1, size=(n, nb))
    idx = (starts[:, :, None] + np.arange(block)).reshape(n, nb * block)[:, :length]
    return res[idx]


def bootstrap_paths(central: np.ndarray, residuals: np.ndarray, draws: int = 2000,
                    block: int = 3, seed: int = 0) -> np.ndarray:
    """Participant paths around ``central`` (shape ``draws x len(central)``).

    Parameters
    ----------
    central : numpy.ndarray
        Central participants, month 0 (observed) to the horizon.
    residuals : numpy.ndarray
        Monthly net-change residuals, oldest first.
    draws : int, default 2000
    block : int, default 3
        Block length in months (shortened when there are few residuals).
    seed : int, default 0

    Returns
    -------
    numpy.ndarray
        Month 0 equals the observed value on every path. With fewer than 3 residuals
        every path is the central one (no band can be estimated).

    Examples
    --------
    >>> p = bootstrap_paths(np.array([100.0, 110, 120]), np.array([5.0, -5, 3, -3, 0]),
    ...                     draws=500, seed=1)
    >>> p.shape, bool((p[:, 0] == 100).all()), bool(p[:, 2].std() > 0)
    ((500, 3), True, True)
    """
    h = len(central) - 1
    res = np.asarray(residuals, dtype=float)
    res = res[np.isfinite(res)]
    out = np.broadcast_to(central, (draws, h + 1)).copy()
    if len(res) < 3 or h < 1:
        return out
    res = res - res.mean()
    block = max(1, min(block, len(res) // 2))
    rng = np.random.default_rng(seed)
    noise = _blocks(res, draws, h, block, rng)
    drift = _blocks(res, draws, len(res), block, rng).mean(axis=1)
    steps = noise + drift[:, None]
    out[:, 1:] += np.cumsum(steps, axis=1)
    return np.maximum(out, 0.0)


def probability_at_least(values: np.ndarray, threshold: float) -> float:
    """Share of ``values`` at or above ``threshold`` (the probability of reaching it).

    Examples
    --------
    >>> probability_at_least(np.array([0.5, 0.6, 0.7, 0.59999999999]), 0.6)
    0.75
    """
    v = np.asarray(values, dtype=float)
    return float(np.mean(v >= threshold - 1e-9)) if len(v) else float("nan")
