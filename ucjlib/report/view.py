"""What a report notebook reads in report mode: the computed results and the saved charts.

``ucj report`` analyses once (:mod:`ucjlib.report.analysis`), keeps the results as data
(JSON + Parquet, :mod:`ucjlib.report.store`) under ``results/`` of the run folder, draws
every chart once into ``charts/`` and writes the web maps into ``maps/``; then runs the
notebooks with the parameter ``results_dir``. A notebook given ``results_dir`` calls
:func:`load` and only shows what is there::

    laporan = load(results_dir)
    hasil = laporan.coverage                  # the CoverageResult
    grafik = laporan.charts("coverage")       # name -> the saved PNG, shown as an image
    laporan.map("kecamatan")                  # the offline web map already written

Run interactively without ``results_dir``, the same notebook computes for itself.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ucjlib.errors import OutputError
from ucjlib.text import say

__all__ = ["INDEX", "RESULTS", "ChartImage", "ReportView", "chart_caption", "forget", "load",
           "load_sections", "remember", "write_index"]

#: Folder of a run holding the results, and its index file.
RESULTS = "results"
INDEX = "report.index.json"  # not a result name (a dot): load_results passes it by
SCHEMA = 1


class ChartImage:
    """A chart saved as PNG (and SVG), shown in Jupyter as that same PNG: drawn once.

    Shown as HTML, it is a ``<figure class="ucj-fig">`` with the PNG as a data URI and a
    caption (what the chart shows, then its source); the reader's report numbers the
    figures in reading order (:func:`ucjlib.report.html.number_figures`).

    Attributes
    ----------
    path : Path
        The PNG file.
    name : str
        Chart name (``peta-kecamatan``).
    caption, source : str
        What the chart shows, and where its numbers come from (empty: not said).
    """

    def __init__(self, path: str | os.PathLike, name: str = "", lang: str = "id",
                 label: str = "", caption: str = "", source: str = "") -> None:
        self.path = Path(path)
        self.name = name or self.path.stem
        self.lang = lang
        # the plain-text stand-in: the chart's name (its file stem, Indonesian words) in
        # Indonesian, its section and place in English
        self.label = label or self.name
        self.caption = caption
        self.source = source

    def _plain(self) -> str:
        return say("view.chart", self.lang, name=self.name if self.lang == "id" else self.label)

    def _repr_html_(self) -> str:
        import base64
        import html

        data = base64.b64encode(self.path.read_bytes()).decode("ascii")
        alt = html.escape(self.caption or self._plain(), quote=True)
        cap = f'<span class="ucj-cap">{html.escape(self.caption)}</span>' if self.caption else ""
        src = (f'<span class="ucj-src">{html.escape(self.source)}</span>'
               if self.source else "")
        return (f'<figure class="ucj-fig" data-chart="{html.escape(self.name, quote=True)}">'
                f'<img src="data:image/png;base64,{data}" alt="{alt}">'
                f"<figcaption>{cap}{src}</figcaption></figure>")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/html": self._repr_html_(), "text/plain": self._plain()}

    def __repr__(self) -> str:
        return f"ChartImage({self.path.name!r})"


def chart_caption(name: str, lang: str, parameters: dict[str, Any], source: str = "") -> \
        tuple[str, str]:
    """Return the caption and the source line of chart ``name`` (catalogue ``fig.*``).

    Examples
    --------
    >>> chart_caption("peta-desa", "en", {"nama": "Kabupaten Bojonegoro", "periode": "2025-06"})
    ('UCJ coverage by village, Kabupaten Bojonegoro, June 2025: the colour shows \
how far each area is from the target.', '')
    """
    from ucjlib.text import catalogue

    kind, _, level = name.partition("-")
    code = {"peta": "fig.map", "peringkat": "fig.ranking"}.get(kind) if level in (
        "kabupaten", "kecamatan", "desa") else None
    code = code or f"fig.{name.replace('-', '_')}"
    params = {"region": str(parameters.get("nama") or ""), "level": level,
              "month": str(parameters.get("periode") or "")}
    if code not in catalogue() or not params["month"]:
        caption = say("fig.other", lang, name=name)
    else:
        caption = say(code, lang, **params)
    return caption, (say("fig.source", lang, source=source) if source else "")


@dataclass
class ReportView:
    """The results and files of one report run, for notebooks to render.

    Attributes
    ----------
    folder : Path
        The run folder (``charts/``, ``maps/``, ``results/`` beside each other).
    parameters : dict
        :class:`~ucjlib.report.analysis.ReportParameters` as saved.
    coverage, coverage_desa, projection, budget
        The typed results (None when a section could not be computed).
    notes : list of str
        Why a section is missing.
    chart_index : dict
        Section -> chart name -> path of the PNG relative to :attr:`folder`.
    map_index : dict
        Level -> path of the web map relative to :attr:`folder`.
    """

    folder: Path
    parameters: dict[str, Any]
    coverage: Any = None
    coverage_desa: Any = None
    projection: Any = None
    budget: Any = None
    notes: list[str] = field(default_factory=list)
    chart_index: dict[str, dict[str, str]] = field(default_factory=dict)
    map_index: dict[str, str] = field(default_factory=dict)

    def sections(self) -> dict[str, Any]:
        """Return the results present, in reading order."""
        out = {k: getattr(self, k) for k in ("coverage", "coverage_desa", "projection",
                                             "budget")}
        return {k: v for k, v in out.items() if v is not None}

    def charts(self, section: str) -> dict[str, ChartImage]:
        """Return the saved charts of a section (``coverage``, ``projection``, ``budget``...)."""
        return {name: self._image(section, name)
                for name in self.chart_index.get(section, {})}

    @property
    def lang(self) -> str:
        """Return the language of the report (``id`` or ``en``)."""
        return str(self.parameters.get("lang") or "id")

    def _image(self, section: str, name: str) -> ChartImage:
        charts = self.chart_index[section]
        label = f"{section} {list(charts).index(name) + 1}"
        caption, source = chart_caption(name, self.lang, self.parameters,
                                        str(getattr(self.coverage, "source", "") or ""))
        return ChartImage(self.folder / charts[name], name, self.lang, label, caption, source)

    def chart(self, name: str) -> ChartImage | None:
        """Return one saved chart by name, from any section; None when there is none."""
        for section, charts in self.chart_index.items():
            if name in charts:
                return self._image(section, name)
        return None

    def map(self, level: str) -> Any:
        """Return the offline web map written for ``level`` (shown as a frame), or None.

        Shown in a notebook with the map already drawn (``charts/…peta-<level>.png``) and
        a hint naming the map file, for as long as the notebook is untrusted.
        """
        from ucjlib.render.maps import InteractiveMap
        from ucjlib.render.webmap import untrusted_hint

        rel = self.map_index.get(level)
        if rel is None or not (self.folder / rel).is_file():
            return None
        res = self.coverage if getattr(self.coverage, "level", None) == level \
            else self.coverage_desa
        nama = getattr(getattr(res, "region", None), "nama", "")
        title = say("view.map_title", self.lang, name=nama)
        drawn = self.chart(f"peta-{level}")
        if drawn is not None and drawn.path.is_file():
            still: Any = drawn.path
        elif res is not None:  # no chart saved: drawn when the map is first shown
            from ucjlib.render.maps import coverage_map

            still = lambda: coverage_map(res)  # noqa: E731
        else:
            still = None
        return InteractiveMap((self.folder / rel).read_text(encoding="utf-8"), title,
                              image=still, hint=untrusted_hint(self.lang, rel))


def write_index(folder: str | os.PathLike, parameters: dict[str, Any],
                charts: dict[str, dict[str, str]], maps: dict[str, str],
                notes: list[str] | tuple[str, ...] = ()) -> Path:
    """Write ``results/report.index.json``: parameters, chart and map index, notes."""
    from ucjlib.files import atomic_write_text, ensure_dir

    out = ensure_dir(Path(folder) / RESULTS)
    doc = {"schema": SCHEMA, "parameters": parameters, "charts": charts, "maps": maps,
           "notes": list(notes)}
    return atomic_write_text(out / INDEX, json.dumps(doc, ensure_ascii=False, indent=1,
                                                     allow_nan=False))


# results the report process already holds: its notebooks (run in the same process)
# render those instead of reading the files just written back (see remember())
_HELD: dict[Path, tuple[tuple[int, int], ReportView]] = {}


def _index_of(results_dir: str | os.PathLike) -> Path:
    p = Path(results_dir)
    if (p / RESULTS / INDEX).is_file():
        p = p / RESULTS
    return (p / INDEX).resolve()


def _stamp(index: Path) -> tuple[int, int]:
    st = index.stat()
    return st.st_mtime_ns, st.st_size


def remember(results_dir: str | os.PathLike, view: ReportView) -> None:
    """Hand the results a report just saved to its notebooks without reading them back.

    Valid while ``report.index.json`` is unchanged; :func:`forget` drops it.
    """
    index = _index_of(results_dir)
    _HELD[index] = (_stamp(index), view)


def forget(results_dir: str | os.PathLike) -> None:
    """Drop what :func:`remember` holds for ``results_dir``."""
    with contextlib.suppress(OSError):
        _HELD.pop(_index_of(results_dir), None)


def load(results_dir: str | os.PathLike) -> ReportView:
    """Read the results of a report run (the ``results/`` folder or the run folder).

    Raises
    ------
    OutputError
        When the folder holds no report results or they cannot be read.
    """
    from ucjlib.report.store import load_results

    index = _index_of(results_dir)
    p = index.parent
    if not index.is_file():
        raise OutputError(Path(results_dir), f"tidak ada hasil laporan di sini ({INDEX} tidak "
                                             "ditemukan); jalankan `ucj report` atau "
                                             "kosongkan results_dir")
    held = _HELD.get(index)
    if held is not None and held[0] == _stamp(index):
        return held[1]
    try:
        doc = json.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise OutputError(index, f"tidak dapat dibaca ({type(exc).__name__})") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise OutputError(index, f"bukan indeks hasil laporan ucjlib (schema {SCHEMA})")
    results = load_results(p)
    return ReportView(folder=p.parent, parameters=dict(doc.get("parameters") or {}),
                      coverage=results.get("coverage"),
                      coverage_desa=results.get("coverage_desa"),
                      projection=results.get("projection"), budget=results.get("budget"),
                      notes=list(doc.get("notes") or []),
                      chart_index=dict(doc.get("charts") or {}),
                      map_index=dict(doc.get("maps") or {}))


def load_sections(out_dir: str | os.PathLike) -> dict[str, Any]:
    """Return the kept results of a run folder, section name -> result, in reading order.

    Examples
    --------
    >>> import tempfile
    >>> load_sections(tempfile.mkdtemp())
    {}
    """
    if not (Path(out_dir) / RESULTS / INDEX).is_file():
        return {}
    return load(out_dir).sections()


# --- words shared by the workbook and the deck ------------------------------------------
