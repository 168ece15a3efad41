"""One look for every chart and map: fonts, colours, footnotes, demo label, saving.

Colour scales are ColorBrewer (colour-blind safe and readable in greyscale):
``Oranges`` below the coverage target, the purples of ``PuOr`` at or above
it, with the target itself always a class break. Units with no data are drawn
light grey and hatched, never as 0%.

Saving is deterministic: SVG ids use a fixed hash salt and PNG files carry no
date or software metadata, so a chart that did not change is byte-identical.
SVG text is kept as ``<text>`` (not outlines), so titles and labels stay
editable in PowerPoint.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
import matplotlib.text
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure

from ucjlib.fmt import fmt_target
from ucjlib.text import say

SLIDE_SIZE = (40 / 3, 7.5)  # inches, 16:9 (13.333 x 7.5; PNG 2000 x 1125 px)
DPI = 150
FONT = "DejaVu Sans"
NO_DATA_COLOR = "#d9d9d9"
NO_DATA_HATCH = "///"
EDGE_COLOR = "#ffffff"
TEXT_COLOR = "#222222"
MUTED = "#666666"
GRID_COLOR = "#e5e5e5"
GRID_WIDTH = 0.6  # not a policy number: line width in points
HIDDEN_FACE = "#cfdbe6"  # desa hidden by small-cell protection: cross-hatched blue-grey
HIDDEN_EDGE = "#3d5266"
HIDDEN_HATCH = "xx"
TARGET_COLOR = "#b2182b"  # target lines: dark red, distinct from the PuOr fills
DEMO_COLOR = "#b35806"
ACCENT = "#542788"  # dark purple, the "above target" end of PuOr
ACCENT_LIGHT = "#e08214"  # orange, the "below target" side
SEGMENT_COLORS = {"PU": "#542788", "BPU": "#e08214", "JAKON": "#8073ac", "PMI": "#fdb863"}

# Below the target: ColorBrewer Oranges (5 classes, darkest = lowest coverage), steps of
# clearly different lightness (PuOr's two darkest browns were hard to tell apart in print).
ORANGES_5 = ["#a63603", "#e6550d", "#fd8d3c", "#fdae6b", "#fdd0a2"]
# PuOr with 11 classes (ColorBrewer); index 0 dark orange ... 10 dark purple.
PUOR_11 = ["#7f3b08", "#b35806", "#e08214", "#fdb863", "#fee0b6", "#f7f7f7",
           "#d8daeb", "#b2abd2", "#8073ac", "#542788", "#2d004b"]


#: The package's matplotlib settings. Applied only inside :func:`ucj_style` (every chart
#: function and every drawing of a package figure), never to the user's own settings.
STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT, "Arial", "Liberation Sans"],
    "font.size": 12,
    "axes.titlesize": 18,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 12,
    "axes.edgecolor": "#999999",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 12,
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "svg.hashsalt": "ucjlib",
    "svg.fonttype": "none",  # SVG text stays text: editable in PowerPoint
    "path.simplify": True,
    "text.color": TEXT_COLOR,
    "axes.labelcolor": TEXT_COLOR,
    "hatch.linewidth": GRID_WIDTH,
    "hatch.color": "#8c8c8c",
}


def ucj_style() -> contextlib.AbstractContextManager[Any]:
    """Return a context in which matplotlib draws in the package look.

    A :func:`matplotlib.rc_context`: the settings of :data:`STYLE` hold inside the
    ``with`` block, and the user's own settings are back as they were after it. Every
    chart function of the package draws inside it; use it to draw your own chart in the
    same look.

    Examples
    --------
    >>> import matplotlib
    >>> before = matplotlib.rcParams["svg.hashsalt"]
    >>> with ucj_style():
    ...     matplotlib.rcParams["svg.hashsalt"]
    'ucjlib'
    >>> matplotlib.rcParams["svg.hashsalt"] == before
    True
    """
    return matplotlib.rc_context(STYLE)


F = TypeVar("F", bound=Callable[..., Any])


def styled(func: F) -> F:
    """Decorate a chart function so it builds its figure inside :func:`ucj_style`.

    Fonts, sizes and colours are fixed when an artist is created, so the whole function
    runs in the style, not only the drawing.
    """
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with ucj_style():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class StyledFigure(Figure):
    """A figure that draws itself in :func:`ucj_style`, wherever it is drawn.

    Settings read at drawing time (hatch line width, SVG text and ids) then hold when
    Jupyter shows the figure or the user saves it, not only in :func:`save_figure`.
    """

    def draw(self, renderer: Any) -> None:  # noqa: D102 - matplotlib's Figure.draw
        with ucj_style():
            super().draw(renderer)


def new_figure(size: tuple[float, float] = SLIDE_SIZE, **kwargs: Any) -> tuple[Figure, Any]:
    """Create a slide-sized figure with one axes in the package style.

    The figure is not registered with pyplot, so notebooks show it once (when
    it is returned) and batch runs do not accumulate open figures.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> [round(float(x), 3) for x in fig.get_size_inches()]
    [13.333, 7.5]
    """
    fig = blank_figure(size)
    with ucj_style():
        ax = fig.subplots(**kwargs)
    return fig, ax


def blank_figure(size: tuple[float, float] = SLIDE_SIZE) -> Figure:
    """Slide-sized empty figure with an Agg canvas (text can be measured).

    Examples
    --------
    >>> blank_figure().canvas.get_renderer() is not None
    True
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with ucj_style():
        fig = StyledFigure(figsize=size)
    FigureCanvasAgg(fig)
    return fig


def class_breaks(target: float) -> list[float]:
    """Return fixed class breaks (0-1 shares) with the target as one of them.

    Below the target: 10-point classes from 20% (``<20``, ``20-30``, ...);
    above: 10-point classes up to 100%.

    Examples
    --------
    >>> [round(b * 100) for b in class_breaks(0.60)]
    [0, 20, 30, 40, 50, 60, 70, 80, 100]
    >>> [round(b * 100) for b in class_breaks(0.55)]
    [0, 20, 30, 40, 50, 55, 60, 70, 80, 100]
    """
    steps = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)  # not a policy number: legend classes
    below = [b for b in steps if b < target - 1e-9]
    above = [b for b in steps if b > target + 1e-9]
    return [0.0] + below + [round(target, 6)] + above + [1.0]


def class_colors(breaks: Sequence[float], target: float) -> list[str]:
    """Colours for the classes between ``breaks``: oranges below target, purples above.

    Examples
    --------
    >>> class_colors(class_breaks(0.6), 0.6)[:2]
    ['#a63603', '#e6550d']
    >>> [len(set(class_colors(class_breaks(t), t))) == len(class_breaks(t)) - 1
    ...  for t in (0.4354, 0.71, 0.85, 0.5215)]
    [True, True, True, True]
    """
    n_below = sum(1 for b in breaks[1:] if b <= target + 1e-9)
    n_above = len(breaks) - 1 - n_below
    oranges = ORANGES_5  # dark (lowest coverage) -> light (just under target)
    purples = PUOR_11[7:]  # light (just over target) -> dark
    pick_o = [oranges[round(i * 4 / max(n_below - 1, 1))] for i in range(n_below)]
    if n_below == 1:
        pick_o = [oranges[2]]
    elif n_below > len(oranges):  # a high target (71%, 85%): more classes than shades
        pick_o = _ramp(oranges, n_below)
    pick_p = [purples[min(i, len(purples) - 1)] for i in range(n_above)]
    if n_above > len(purples):  # a low target (43,54%): every class its own shade
        pick_p = _ramp(PUOR_11[6:], n_above)
    return pick_o + pick_p


def _ramp(colors: Sequence[str], n: int) -> list[str]:
    """Return ``n`` distinct colours evenly along the ramp through ``colors``."""
    from matplotlib.colors import LinearSegmentedColormap, to_hex

    cmap = LinearSegmentedColormap.from_list("ucj", list(colors))
    return [to_hex(cmap(i / (n - 1))) for i in range(n)]


def class_labels(breaks: Sequence[float], lang: str = "id") -> list[str]:
    """Legend labels for the classes: ``<20%``, ``20–30%`` ... ``≥80%``.

    Examples
    --------
    >>> class_labels(class_breaks(0.6))
    ['< 20%', '20–30%', '30–40%', '40–50%', '50–60%', '60–70%', '70–80%', '≥ 80%']
    """
    def p(x: float) -> str:
        return fmt_target(x, lang)[:-1]  # only the decimals the break has: 52,15 not 52,1

    labels = []
    n = len(breaks) - 1
    for i in range(n):
        lo, hi = breaks[i], breaks[i + 1]
        if i == 0:
            labels.append(f"< {p(hi)}%")
        elif i == n - 1:
            labels.append(f"≥ {p(lo)}%")
        else:
            labels.append(f"{p(lo)}–{p(hi)}%")
    return labels


def coverage_cmap(target: float) -> tuple[ListedColormap, BoundaryNorm, list[float]]:
    """Colour map and norm for coverage shares, classed around the target.

    Examples
    --------
    >>> cmap, norm, breaks = coverage_cmap(0.6)
    >>> cmap.N == len(breaks) - 1
    True
    """
    breaks = class_breaks(target)
    colors = class_colors(breaks, target)
    cmap = ListedColormap(colors, name="ucj_coverage")
    edges = list(breaks)
    edges[-1] = max(edges[-1], 10.0)  # coverage above 100% (bad data) still gets a colour
    norm = BoundaryNorm(edges, cmap.N)
    return cmap, norm, breaks


def classify(values: Sequence[float], target: float) -> list[int | None]:
    """Class index of each coverage share (``None`` for missing).

    Examples
    --------
    >>> classify([0.1, 0.599, 0.6, 0.95, float("nan")], 0.6)
    [0, 4, 5, 7, None]
    """
    import math

    breaks = class_breaks(target)
    out: list[int | None] = []
    for v in values:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
            continue
        k = 0
        while k < len(breaks) - 2 and v >= breaks[k + 1] - 1e-12:
            k += 1
        out.append(k)
    return out


def demo_text(demo: bool, lang: str = "id") -> str:
    """Return the visible demo label, or ``""`` for real data.

    Examples
    --------
    >>> demo_text(True)
    'data demo (sintetis)'
    """
    if not demo:
        return ""
    return say("label.demo_data", lang)


def add_titles(fig: Figure, title: str, subtitle: str = "") -> Any:
    """Write a chart's title and subtitle at the top left; return the title (to fit it).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> add_titles(fig, "Cakupan", "Kabupaten Bojonegoro").get_text()
    'Cakupan'
    """
    t = fig.text(0.01, 0.965, title, fontsize=20, fontweight="bold", ha="left", va="top")
    if subtitle:
        fig.text(0.01, 0.905, subtitle, fontsize=13, ha="left", va="top", color=MUTED)
    return t


def footnote_text(source: str, periode: str | None, lang: str = "id",
                  extra: Sequence[str] = ()) -> str:
    """Footnote line: source and period in words, plus extra notes.

    Examples
    --------
    >>> footnote_text("BPJS Ketenagakerjaan", "2025-06")
    'Sumber: BPJS Ketenagakerjaan. Periode: Juni 2025.'
    """
    parts = []
    if source:
        parts.append(say("style.source", lang, source=source.rstrip(".")))
    if periode:
        parts.append(say("style.period", lang, periode=periode))
    parts.extend(e for e in extra if e)
    return " ".join(parts)


def target_note(result: Any) -> str:
    """Footnote sentence saying where the target of a result came from.

    Examples
    --------
    >>> from types import SimpleNamespace as N
    >>> target_note(N(target=N(source="target 60% (Kabupaten Bojonegoro, 2025)")))
    'Target 60% (Kabupaten Bojonegoro, 2025).'
    """
    text = str(result.target.source).strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def add_footer(fig: Figure, source: str, periode: str | None, demo: bool,
               lang: str = "id", extra: Sequence[str] = ()) -> None:
    """Write the footnote (bottom left) and the demo label (top right) on ``fig``."""
    import textwrap

    text = footnote_text(source, periode, lang, extra)
    if text:
        wrapped = "\n".join(textwrap.wrap(text, 190))
        fig.text(0.01, 0.012, wrapped, ha="left", va="bottom", fontsize=9, color=MUTED)
    label = demo_text(demo, lang)
    if label:
        # not a policy number: 0.99 is the label's position
        fig.text(0.99, 0.985, label.upper(), ha="right", va="top", fontsize=13,
                 fontweight="bold", color="white",
                 bbox={"boxstyle": "round,pad=0.35", "fc": DEMO_COLOR, "ec": "none"})


def figure_texts(fig: Figure) -> list[str]:
    """Every text string drawn in a figure (titles, labels, legend, footnotes).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> _ = ax.set_title("Cakupan")
    >>> "Cakupan" in figure_texts(fig)
    True
    """
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def save_figure(fig: Figure, path_stem: str | Path,
                formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Save ``fig`` at slide size (13.333 x 7.5 in, PNG at 150 dpi), deterministically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path_stem : str or Path
        Path without extension; parent folders are created.
    formats : sequence of str, default ("png", "svg")

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> fig, ax = new_figure()
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p in save_figure(fig, d / "contoh")]
    ['contoh.png', 'contoh.svg']
    """
    from ucjlib.files import atomic_path, ensure_dir

    stem = Path(path_stem)
    ensure_dir(stem.parent)
    fig.set_size_inches(*SLIDE_SIZE)
    written = []
    for ext in formats:
        path = stem.with_name(stem.name + "." + ext)
        meta: dict[str, Any]
        if ext == "png":
            meta = {"Software": None}
        elif ext == "svg":
            meta = {"Date": None, "Creator": None}
        elif ext == "pdf":
            meta = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
        else:
            meta = {}
        extra: dict[str, Any] = {}
        if ext == "png":  # zlib level 3: 40% less time than the default 6, 3% larger
            extra["pil_kwargs"] = {"compress_level": 3}
        # unique temp name: parallel runs never collide; the style holds for any figure
        with atomic_path(path) as tmp, ucj_style():
            fig.savefig(tmp, format=ext, dpi=DPI, metadata=meta, facecolor="white", **extra)
        written.append(path)
    return written


def save_figures(figures: dict[str, Figure], out_dir: str | Path | None,
                 formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Save several figures as ``<out_dir>/<name>.<ext>``; nothing when ``out_dir`` is empty.

    Examples
    --------
    >>> save_figures({"kosong": new_figure()[0]}, "")
    []
    """
    if not out_dir:
        return []
    written: list[Path] = []
    for name, fig in figures.items():
        written += save_figure(fig, Path(out_dir) / name, formats)
    return written
