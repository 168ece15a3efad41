"""The charts of a report run: each drawn once, saved as PNG + SVG, numbered in reading order.

``ucj report`` starts the charts as soon as the first results exist
(:func:`start_charts`), draws the rest as their results arrive (:func:`more_charts`),
and numbers the files when everything is drawn (:func:`finish_charts`); with CPUs to
spare the coverage maps, the slowest group, are drawn by a forked copy of the process,
which also writes the offline web maps (:func:`write_maps`, :func:`forked_maps`).
:func:`draw_charts` does all of that in one call. The tables, workbook and deck are
:mod:`ucjlib.report.outputs`'s job.

Chart stems are numbered by one list, :data:`CHART_ORDER` (reading order):
``00-ringkasan``, then coverage ``01-peta-kecamatan`` ..., projection, budget.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ucjlib.files import ensure_dir

__all__ = ["CHART_ORDER", "GROUPS", "abandon_charts", "chart_number", "chart_stem", "draw_charts",
           "finish_charts", "forked_maps", "more_charts", "section_figures", "start_charts",
           "write_maps"]

#: Every chart of a report, in reading order (``{level}``: the level of the section's
#: result; ``coverage_desa`` charts stand beside the kecamatan ones, as the report shows
#: them). A chart's file number is its place in this list, counted from ``01`` (``00`` is
#: the report's summary), wherever it is saved — a report run or a notebook's
#: ``save_section`` — so ``05-segmen`` is always the segment chart. A chart that is not
#: drawn leaves its number unused (a report draws no desa ranking: no ``04``). Nothing
#: else numbers the files.
CHART_ORDER: tuple[tuple[str, str], ...] = (
    ("coverage", "peta-{level}"), ("coverage_desa", "peta-desa"),
    ("coverage", "peringkat-{level}"), ("coverage_desa", "peringkat-desa"),
    ("coverage", "segmen"), ("coverage", "tren-bulanan"),
    ("projection", "proyeksi-cakupan"), ("projection", "skenario-cakupan"),
    ("budget", "anggaran-iuran"), ("budget", "pembayaran-manfaat"),
    ("budget", "perbandingan-santunan"), ("budget", "sensitivitas-manfaat"),
)
_SUMMARY = "ringkasan"


def chart_number(name: str) -> int | None:
    """Return a chart's file number: its place in :data:`CHART_ORDER` (``None``: not listed).

    Examples
    --------
    >>> chart_number("peta-kecamatan"), chart_number("peta-desa"), chart_number("segmen")
    (1, 2, 5)
    >>> chart_number("ringkasan"), chart_number("lain") is None
    (0, True)
    """
    if name == _SUMMARY:
        return 0
    places = list(enumerate((p for _, p in CHART_ORDER), start=1))
    for n, pattern in places:  # a named chart (peta-desa) before a level's (peta-{level})
        if pattern == name:
            return n
    for n, pattern in places:
        if "{level}" in pattern and re.fullmatch(pattern.replace("{level}", "[a-z]+"), name):
            return n
    return None


def chart_stem(section: str, index: int, name: str) -> str:
    """File stem of a chart: ``NN-name`` with ``NN`` from :func:`chart_number`.

    A name already numbered is kept; a chart not in :data:`CHART_ORDER` is numbered after
    the list, by its place (``index``) among the charts of its ``section``.

    Examples
    --------
    >>> chart_stem("coverage", 0, "peta-kecamatan"), chart_stem("projection", 1, "skenario-cakupan")
    ('01-peta-kecamatan', '08-skenario-cakupan')
    >>> chart_stem("budget", 0, "12-sudah-bernomor")
    '12-sudah-bernomor'
    """
    if re.match(r"^\d{2}-", name):
        return name
    number = chart_number(name)
    if number is None:
        sections = [s for s, _ in CHART_ORDER]
        number = len(CHART_ORDER) + 1 + (sections.index(section) if section in sections
                                         else len(sections)) * 10 + index
    return f"{number:02d}-{name}"


def section_figures(section: str, result: Any) -> dict[str, Any]:
    """Draw the figures of one section's result (name -> figure), in reading order."""
    if section == "coverage":
        from ucjlib.render.bundle import coverage_figures

        return coverage_figures(result)
    if section == "coverage_desa":
        from ucjlib.render.bundle import coverage_figures

        figs = coverage_figures(result)
        return {k: v for k, v in figs.items() if k.startswith(("peta-", "peringkat-"))}
    if section == "projection":
        from ucjlib.render.projection import projection_figures

        return projection_figures(result)
    from ucjlib.render.budget import budget_figures

    return dict(budget_figures(result))


_FORKED: dict[str, Any] = {}  # what a forked chart process reads (set before the fork)
_FORK_TIMEOUT = 600  # seconds: a forked chart process past this is killed, charts drawn here


def _group_figures(section: str, sections: dict[str, Any], lang: str) -> dict[str, Any]:
    """Draw the charts of one group: ``summary``, ``coverage``, ``projection`` or ``budget``."""
    if section == "summary":
        from ucjlib.report.summary import summary_figure

        main = {k: sections[k] for k in ("coverage", "projection", "budget") if k in sections}
        return {"ringkasan": summary_figure(main, lang)} if main else {}
    if section not in sections:
        return {}
    if section == "coverage":  # with the desa map beside the kecamatan one
        from ucjlib.render.bundle import coverage_figures

        return coverage_figures(sections["coverage"], desa=sections.get("coverage_desa"))
    return section_figures(section, sections[section])


def _save_group(section: str, sections: dict[str, Any], charts: Path,
                lang: str) -> list[str]:
    """Draw, save (PNG + SVG, under a provisional name) and close one group's charts."""
    import matplotlib.pyplot as plt

    from ucjlib.render.style import save_figure

    names = []
    for name, fig in _group_figures(section, sections, lang).items():
        if fig is None:
            continue
        save_figure(fig, charts / f".g-{section}-{name}")
        plt.close(fig)
        names.append(name)
    return names


def _forked_group(section: str, charts: str, lang: str, with_maps: bool
                  ) -> tuple[list[str], dict[str, str], str | None]:
    names = _save_group(section, _FORKED["sections"], Path(charts), lang)
    maps: dict[str, str] = {}
    source = None
    if with_maps:
        written, source = write_maps(_FORKED["sections"], Path(charts).parent)
        maps = {k: str(v) for k, v in written.items()}
    return names, maps, source


GROUPS = ("summary", "coverage", "projection", "budget")


def start_charts(sections: dict[str, Any], out_dir: str | os.PathLike, lang: str = "id",
                 workers: int = 1, groups: Sequence[str] = GROUPS,
                 with_maps: bool = False) -> Any:
    """Start drawing the charts of a report; :func:`finish_charts` waits and numbers them.

    With ``workers`` > 1 (a report run on its own, with CPUs to spare) the coverage
    charts, the slowest group (maps), are drawn by a forked copy of this process (and,
    with ``with_maps``, the web maps written there too) while this one goes on; with 1
    (a batch worker, whose CPUs are busy with other reports) everything is drawn here.
    Each chart is drawn once and rasterised once either way. ``groups`` limits what is
    drawn now; :func:`more_charts` draws the rest once their results exist.
    """
    charts = ensure_dir(Path(out_dir) / "charts")
    pending = None
    local = [g for g in GROUPS if g in groups]
    if workers > 1 and "coverage" in sections and "coverage" in local:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        try:
            ctx = mp.get_context("fork")
        except ValueError:  # pragma: no cover - a platform without fork
            ctx = None
        if ctx is not None:
            _FORKED["sections"] = dict(sections)
            pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
            try:
                pending = (pool, pool.submit(_forked_group, "coverage", str(charts), lang,
                                             with_maps))
                local.remove("coverage")
            except Exception:  # noqa: BLE001 - no fork here: draw everything in this process
                pool.shutdown(wait=False, cancel_futures=True)
                pending = None
    job = {"charts": charts, "done": {}, "pending": pending, "sections": dict(sections),
           "lang": lang, "maps": None, "with_maps": with_maps and pending is not None}
    return more_charts(job, sections, local)


def more_charts(job: Any, sections: dict[str, Any], groups: Sequence[str] = GROUPS) -> Any:
    """Draw ``groups`` of a started job here (those not drawn yet), from ``sections``."""
    job["sections"].update(sections)
    forked = "coverage" if job["pending"] is not None else None
    for g in GROUPS:
        if g in groups and g not in job["done"] and g != forked:
            job["done"][g] = _save_group(g, job["sections"], job["charts"], job["lang"])
    return job


def forked_maps(job: Any) -> tuple[dict[str, Path], str | None] | None:
    """Return the web maps the forked process wrote (waits for it); None when none."""
    _wait(job)
    return job["maps"]


def abandon_charts(job: Any) -> None:
    """Stop a started job after a failure: wait for its forked process, keep nothing."""
    if job["pending"] is not None:
        pool, _ = job["pending"]
        job["pending"] = None
        pool.shutdown(wait=True, cancel_futures=True)
        _FORKED.clear()


def _wait(job: Any) -> None:
    if job["pending"] is None:
        return
    pool, fut = job["pending"]
    job["pending"] = None
    stuck = False
    try:
        names, maps, source = fut.result(timeout=_FORK_TIMEOUT)
        job["done"]["coverage"] = names
        if job["with_maps"]:
            job["maps"] = ({k: Path(v) for k, v in maps.items()}, source)
    except Exception as exc:  # noqa: BLE001 - the forked process failed: draw them here
        stuck = isinstance(exc, TimeoutError)
        if stuck:  # a forked process that never finishes (a lock held at the fork)
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    proc.kill()
        job["done"]["coverage"] = _save_group("coverage", job["sections"], job["charts"],
                                              job["lang"])
    finally:
        pool.shutdown(wait=not stuck, cancel_futures=True)
        _FORKED.clear()


def finish_charts(job: Any) -> dict[str, dict[str, str]]:
    """Wait for :func:`start_charts`, name the files in reading order; return the index.

    Returns
    -------
    dict
        Section (``summary``, ``coverage``, ``projection``, ``budget``) -> chart name ->
        PNG path relative to the run folder, in reading order; stems numbered by
        :func:`chart_stem`: ``00-ringkasan``, then ``01-``... .
    """
    charts: Path = job["charts"]
    _wait(job)
    done: dict[str, list[str]] = dict(job["done"])
    index: dict[str, dict[str, str]] = {}
    for group in GROUPS:
        for i, name in enumerate(done.get(group, [])):
            stem = chart_stem(group, i, name)
            for ext in ("png", "svg"):
                os.replace(charts / f".g-{group}-{name}.{ext}", charts / f"{stem}.{ext}")
            index.setdefault(group, {})[name] = f"charts/{stem}.png"
    return index


def draw_charts(sections: dict[str, Any], out_dir: str | os.PathLike,
                lang: str = "id", workers: int = 1) -> dict[str, dict[str, str]]:
    """Draw every chart of a report once, save it as PNG and SVG, and close it.

    Parameters
    ----------
    sections : dict
        ``coverage``, ``coverage_desa``, ``projection``, ``budget`` results (any missing).
    out_dir : str or path-like
        The run folder; charts go to ``charts/``.
    lang : {"id", "en"}
    workers : int, default 1
        2: the coverage charts in a forked process (see :func:`start_charts`).

    Returns
    -------
    dict
        As :func:`finish_charts`.
    """
    return finish_charts(start_charts(sections, out_dir, lang, workers))


def write_maps(sections: dict[str, Any], out: str | os.PathLike
               ) -> tuple[dict[str, Path], str | None]:
    """Write the offline web map of every kecamatan/desa result: level -> file, boundary source."""
    from ucjlib.geo.boundaries import NoDesaPolygons, load_boundaries
    from ucjlib.render.webmap import write_webmap

    written: dict[str, Path] = {}
    source = None
    for name in ("coverage", "coverage_desa"):
        r = sections.get(name)
        if r is None or r.level not in ("kecamatan", "desa"):
            continue
        try:
            gdf = load_boundaries(r.level, within=r.region.kode)
        except NoDesaPolygons:  # the desa table stands; its static map says why
            continue
        source = source or gdf.attrs.get("source")
        written[r.level] = write_webmap(r, Path(out) / "maps" / f"peta-{r.level}.html", gdf)
    return written, source
