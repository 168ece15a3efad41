"""Label placement for slide charts: labels that do not cover lines, texts or each other.

Used by :mod:`ucjlib.render.projection`: :func:`place` tries candidate offsets around a
point and keeps the one that covers the fewest line points; :func:`spread` moves stacked
end-of-line labels apart; :func:`fit_title` shrinks a title until it clears the demo label.
Used by :mod:`ucjlib.render.maps` and :mod:`ucjlib.render.national`:
:func:`place_map_labels` names the units of a map inside the map's frame, each clear of
the others (moved, made smaller, given a leader line, or left out and reported).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

__all__ = ["fit_title", "label_anchor", "obstacles", "place", "place_map_labels", "spread"]

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


# --- unit names on maps -------------------------------------------------------------

def label_anchor(geom: Any) -> Any:
    """Return the point a unit's name is anchored at: inside the unit's largest part.

    A regency with far-off islands (Gresik and Bawean) is named on its main part, not on
    an island that may lie outside the map's frame.
    """
    point = geom.representative_point()
    parts = getattr(geom, "geoms", None)
    if not parts:
        return point
    main = max(parts, key=lambda g: g.area)
    return point if main.contains(point) else main.representative_point()


class _Taken:
    """What is already on the map: label boxes, leader lines, anchors still to be named."""

    def __init__(self, frame: Any, anchors: np.ndarray) -> None:
        self.frame = frame
        self.anchors = anchors
        self.pending = np.ones(len(anchors), dtype=bool)
        self.boxes: list[Any] = []
        self.lines: list[Any] = []

    def free(self, bb: Any, own: int, line: Any = None) -> bool:
        """Say whether a label box (and its leader line) is clear of everything placed.

        The box must lie inside the map's frame (never over the title or beside the map),
        overlap no other label, cover no leader line and no anchor of a unit not yet
        named; its leader line must cross no label and no other leader line.
        """
        from shapely.geometry import box

        f = self.frame
        if not (bb.x0 >= f.x0 and bb.x1 <= f.x1 and bb.y0 >= f.y0 and bb.y1 <= f.y1):
            return False
        if any(bb.overlaps(o) for o in self.boxes):
            return False
        a = self.anchors
        inside = ((a[:, 0] >= bb.x0) & (a[:, 0] <= bb.x1) & (a[:, 1] >= bb.y0)
                  & (a[:, 1] <= bb.y1) & self.pending)
        inside[own] = False
        if inside.any():
            return False
        shape = box(bb.x0, bb.y0, bb.x1, bb.y1)
        if any(shape.intersects(seg) for seg in self.lines):
            return False
        if line is not None and (any(line.intersects(box(o.x0, o.y0, o.x1, o.y1))
                                     for o in self.boxes)
                                 or any(line.intersects(seg) for seg in self.lines)):
            return False
        return True

    def take(self, bb: Any, own: int, line: Any = None) -> None:
        """Record a placed label (and its leader line)."""
        self.boxes.append(bb)
        if line is not None:
            self.lines.append(line)
        self.pending[own] = False


def _leader(ax: Any, renderer: Any, taken: _Taken, i: int, name: str, size: float,
            halo: float) -> bool:
    """Place a name away from a small unit, joined to its anchor by a thin line."""
    import matplotlib.patheffects as pe
    from shapely.geometry import LineString

    from ucjlib.render import style

    px, py = taken.anchors[i]
    f = taken.frame
    if not (f.x0 <= px <= f.x1 and f.y0 <= py <= f.y1):
        return False  # an anchor outside the frame: matplotlib would not draw the line
    to_data = ax.transData.inverted()
    xy = tuple(to_data.transform((px, py)))
    for r in (28, 40, 55, 75, 100):
        for dx, dy in ((r * 1.6, 0), (-r * 1.6, 0), (r, r), (-r, r), (r, -r), (-r, -r),
                       (0, r), (0, -r), (r * 1.6, r), (-r * 1.6, r), (r * 1.6, -r),
                       (-r * 1.6, -r)):
            x, y = to_data.transform((px + dx, py + dy))
            text = ax.annotate(
                name, xy=xy, xytext=(x, y), ha="left" if dx > 0 else "right" if dx < 0
                else "center", va="center", fontsize=size, color=style.TEXT_COLOR, zorder=6,
                path_effects=[pe.withStroke(linewidth=halo, foreground="white")],
                arrowprops={"arrowstyle": "-", "color": "#444444", "lw": 0.7,
                            "shrinkA": 0, "shrinkB": 0})
            # the text box only: Annotation's own extent also spans the leader line
            tb = _text_box(text, renderer)
            bb = tb.expanded(1.04, 1.08)
            # the line runs from the text's centre to the anchor (cut at the text's edge)
            line = LineString([((tb.x0 + tb.x1) / 2, (tb.y0 + tb.y1) / 2), (px, py)])
            if taken.free(bb, i, line):
                taken.take(bb, i, line)
                return True
            text.remove()
    return False


def place_map_labels(fig: Figure, ax: Any, gdf: Any, names: list[str], fontsize: float,
                     halo: float = 2.5, leaders: bool = True) -> tuple[list[str], list[str]]:
    """Put names inside their units, largest units first, avoiding overlaps.

    Each name is anchored inside the unit's largest part (:func:`label_anchor`) and tried
    there, then shifted up, down, left and right (staying inside the polygon), then in a
    smaller font; a name that does not fit gets a leader line (``leaders``), else it is
    left out and reported. Every name stays inside the map's frame and clear of the other
    names, of the leader lines and of the anchors of units not yet named.

    Returns
    -------
    tuple of list of str
        The names placed and the names left out.
    """
    import matplotlib.patheffects as pe
    from shapely.geometry import Point

    from ucjlib.render import style

    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()  # the frame as drawn, before label boxes are measured
    pts = [label_anchor(g) for g in gdf.geometry]
    area = gdf.geometry.to_crs(3857).area if gdf.crs is not None else gdf.geometry.area
    order = np.argsort(-np.asarray(area), kind="stable")
    to_data = ax.transData.inverted()
    anchors = ax.transData.transform(np.array([(p.x, p.y) for p in pts], dtype=float)
                                     .reshape(-1, 2))
    taken = _Taken(ax.bbox.frozen(), anchors)
    placed, skipped = [], []
    for i in order:
        p = pts[i]
        geom = gdf.geometry.iloc[i]
        px, py = anchors[i]
        done = False
        for size in (fontsize, fontsize * 0.82):
            text = ax.text(p.x, p.y, names[i], ha="center", va="center", fontsize=size,
                           color=style.TEXT_COLOR, zorder=5,
                           path_effects=[pe.withStroke(linewidth=halo, foreground="white")])
            bb0 = text.get_window_extent(renderer)
            w, h = bb0.width, bb0.height
            for dx, dy in ((0, 0), (0, h), (0, -h), (w * 0.5, 0), (-w * 0.5, 0), (0, 2 * h),
                           (0, -2 * h)):
                x, y = to_data.transform((px + dx, py + dy))
                if (dx or dy) and not geom.contains(Point(x, y)):
                    continue
                text.set_position((x, y))
                bb = text.get_window_extent(renderer).expanded(1.04, 1.08)
                if taken.free(bb, i):
                    taken.take(bb, i)
                    placed.append(names[i])
                    done = True
                    break
            if done:
                break
            text.remove()
        if not done and leaders:
            done = _leader(ax, renderer, taken, i, names[i], fontsize * 0.82, halo)
            if done:
                placed.append(names[i])
        if not done:
            skipped.append(names[i])
        taken.pending[i] = False  # a name left out leaves its anchor free to cover
    return placed, skipped


def side_labels(fig: Figure, texts: list[Any], avoid: Sequence[Any] = (), pad: float = 4) -> None:
    """Write labels that stand at vertical lines on the sides where they clear each other.

    Each text is anchored at its line and written to one side of it (``ha`` "left" or
    "right": the side it was given is preferred; a space keeps it off the line). When two
    labels overlap, one sticks out of the figure or one covers a text of ``avoid`` (title,
    subtitle), sides are swapped, fewest swaps first and later labels before earlier
    ones; when no choice of sides clears them, each later label is raised above the
    labels before it.
    """
    import itertools

    if not texts:
        return
    r = fig.canvas.get_renderer()
    fb = fig.bbox
    first = [t.get_ha() for t in texts]
    cores = [t.get_text().strip() for t in texts]
    others = [t.get_window_extent(r).padded(pad) for t in avoid if t.get_text().strip()]

    def clear() -> bool:
        boxes = [t.get_window_extent(r) for t in texts]
        if any(b.x0 < fb.x0 or b.x1 > fb.x1 or b.y1 > fb.y1 for b in boxes):
            return False
        if any(b.overlaps(o) for b in boxes for o in others):
            return False
        # the spaces written beside the lines keep two labels that touch apart
        return not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))

    if clear():
        return
    for flips in sorted(itertools.product((False, True), repeat=len(texts)),
                        key=lambda f: (sum(f), tuple(not x for x in reversed(f)))):
        for t, core, ha, flip in zip(texts, cores, first, flips, strict=True):
            side = ("right" if ha == "left" else "left") if flip else ha
            t.set_ha(side)
            t.set_text(" " + core if side == "left" else core + " ")
        if clear():
            return
    for t, core, ha in zip(texts, cores, first, strict=True):  # stack, preferred sides
        t.set_ha(ha)
        t.set_text(" " + core if ha == "left" else core + " ")
    for k, t in enumerate(texts[1:], start=1):
        below = [u.get_window_extent(r) for u in texts[:k]]
        bb = t.get_window_extent(r)
        if any(bb.padded(pad).overlaps(b) for b in below):
            lift = max(b.y1 for b in below) + pad - bb.y0
            x, y = t.get_position()
            to_data = t.get_transform()
            px, py = to_data.transform((x, y))
            t.set_position(tuple(to_data.inverted().transform((px, py + lift))))
