"""Label placement for slide charts: labels that do not cover lines, texts or each other.

Used by :mod:`ucjlib.render.projection`: :func:`place` tries candidate offsets around a
point and keeps the one that covers the fewest line points; :func:`spread` moves stacked
end-of-line labels apart; :func:`fit_title` shrinks a title until it clears the demo label.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

__all__ = ["fit_title", "obstacles", "place", "spread"]

_NEAR = [(12, -22), (12, 22), (-12, -22), (-12, 22), (30, -40), (-30, -40), (30, 40),
         (-30, 40), (0, -55), (0, 55), (60, -70), (-60, -70), (60, 70), (-60, 70)]
_FAR = [(70, -60), (-70, -60), (70, 60), (-70, 60), (130, -100), (-130, -100), (130, 100),
        (-130, 100), (0, -120), (0, 120), (200, -40), (-200, -40), (200, 40), (-200, 40),
        (60, -170), (-60, -170), (60, 170), (-60, 170)]


def obstacles(ax: Any, xs: list[np.ndarray], ys: list[np.ndarray]) -> np.ndarray:
    """Display coordinates of points along the drawn lines (densified, 8 per month)."""
    pts = []
    for x, y in zip(xs, ys, strict=True):
        x, y = np.asarray(x, float), np.asarray(y, float)
        ok = np.isfinite(y)
        x, y = x[ok], y[ok]
        if len(x) < 2:
            continue
        xd = np.linspace(x.min(), x.max(), int((x.max() - x.min()) * 8) + 2)
        pts.append(np.column_stack([xd, np.interp(xd, x, y)]))
    if not pts:
        return np.zeros((0, 2))
    return ax.transData.transform(np.vstack(pts))


def _text_box(artist: Any, renderer: Any) -> Any:
    """Window extent of a text or annotation's text alone (not its arrow)."""
    import matplotlib.text

    if hasattr(artist, "update_positions"):
        artist.update_positions(renderer)
    return matplotlib.text.Text.get_window_extent(artist, renderer)


def place(fig: Figure, ax: Any, text: str, xy: tuple[float, float], points: np.ndarray,
           avoid: list[Any], near: bool = True, **kw: Any) -> tuple[Any, int]:
    """Annotate ``xy`` with ``text`` at the candidate offset that covers the fewest points.

    Candidates are tried nearest first; a position outside the axes or over another text
    in ``avoid`` is never chosen while a clear one exists. Returns the annotation and the
    number of line points under it (0: nothing overlapped; 5000 or more: it overlaps a text,
    10000 or more: it sticks out of the axes).
    """
    r = fig.canvas.get_renderer()
    box = ax.get_window_extent(r)
    taken = [_text_box(a, r).padded(4) for a in avoid]
    best, best_cost = None, None
    for dx, dy in _NEAR if near else _FAR:
        ann = ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points",
                          ha="left" if dx > 0 else "right" if dx < 0 else "center",
                          va="center", **kw)
        bb = _text_box(ann, r).padded(5)
        inside = (bb.x0 >= box.x0 and bb.x1 <= box.x1 and bb.y0 >= box.y0 and bb.y1 <= box.y1)
        hits = int(((points[:, 0] >= bb.x0) & (points[:, 0] <= bb.x1)
                    & (points[:, 1] >= bb.y0) & (points[:, 1] <= bb.y1)).sum())
        clash = any(bb.overlaps(t) for t in taken)
        cost = hits + (10_000 if not inside else 0) + (5_000 if clash else 0)
        if best_cost is None or cost < best_cost:
            if best is not None:
                best.remove()
            best, best_cost = ann, cost
        else:
            ann.remove()
        if cost == 0:
            break
    return best, int(best_cost or 0)


def fit_title(fig: Figure, title_artist: Any) -> None:
    """Shrink the title until it clears the demo label at the top right (or the right edge)."""
    r = fig.canvas.get_renderer()
    label = [t for t in fig.texts if t.get_bbox_patch() is not None
             and t.get_position()[1] > 0.9]
    left = (min(t.get_window_extent(r).x0 for t in label) if label
            else fig.bbox.x1) - 24
    while title_artist.get_window_extent(r).x1 > left and title_artist.get_fontsize() > 13:
        title_artist.set_fontsize(title_artist.get_fontsize() - 1)


def spread(ys: list[float], gap: float) -> list[float]:
    """Move label positions apart so neighbours are at least ``gap`` apart (order kept)."""
    order = np.argsort(ys)
    out = np.array(ys, dtype=float)
    for i in range(1, len(order)):
        a, b = order[i - 1], order[i]
        out[b] = max(out[b], out[a] + gap)
    shift = (out - np.array(ys)).mean()  # re-centre the block on the lines
    out -= shift / 2
    for i in range(1, len(order)):
        a, b = order[i - 1], order[i]
        out[b] = max(out[b], out[a] + gap)
    return out.tolist()
