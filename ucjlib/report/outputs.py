"""The output files of a report run, rendered from its results (computing nothing new).

``ucj report`` draws every chart once (:func:`draw_charts`), writes the web maps once
(:func:`write_maps`), then :func:`assemble` writes the tables (CSV and one XLSX
workbook) and the briefing deck from the same results. A notebook run by hand can
keep what it computed with :func:`save_section` (charts plus the result as JSON +
Parquet) and :func:`assemble` the same outputs from that folder. The layout of a run::

    charts/<stem>.png, .svg     every chart at slide size (PNG 2000 x 1125, SVG)
    tables/<name>.csv           the key tables (see ucjlib.render.csvout)
    tables/<kode>-ucj.xlsx      one workbook, a sheet per table + target sheets
    maps/peta-<level>.html      offline interactive map (kecamatan, desa)
    deck.pptx                   the briefing deck
    results/                    the results as data (report.index.json, <section>.json, *.parquet)

Chart stems are numbered in reading order without gaps (:func:`draw_charts`):
``00-ringkasan``, then coverage ``01-peta-kecamatan`` ..., projection, budget.

Every write is atomic; a folder that cannot be written raises
:class:`~ucjlib.errors.OutputError` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError
from ucjlib.files import ensure_dir
from ucjlib.report.store import SECTIONS
from ucjlib.report.view import load_sections

__all__ = ["SECTIONS", "assemble", "chart_stem", "draw_charts", "finish_charts",
           "forked_maps", "load_sections", "more_charts", "save_section", "start_charts",
           "write_maps", "write_report_deck"]

#: The number of each section's first chart file.
_FIRST = {"coverage": 1, "coverage_desa": 5, "projection": 7, "budget": 9}


def _t(lang: str, id_: str, en: str) -> str:
    return id_ if lang == "id" else en


def _check(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ArgumentError(name, value, ", ".join(repr(c) for c in choices))


def chart_stem(section: str, index: int, name: str) -> str:
    """File stem of the ``index``-th chart of a section: numbered in reading order.

    Examples
    --------
    >>> chart_stem("coverage", 0, "peta-kecamatan"), chart_stem("projection", 1, "skenario")
    ('01-peta-kecamatan', '08-skenario')
    >>> chart_stem("budget", 0, "12-sudah-bernomor")
    '12-sudah-bernomor'
    """
    if re.match(r"^\d{2}-", name):
        return name
    return f"{_FIRST[section] + index:02d}-{name}"


def _draw(section: str, result: Any) -> dict[str, Any]:
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
    return _draw(section, sections[section])


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
        PNG path relative to the run folder, in reading order; stems numbered without
        gaps: ``00-ringkasan``, then ``01-``... .
    """
    charts: Path = job["charts"]
    _wait(job)
    done: dict[str, list[str]] = dict(job["done"])
    index: dict[str, dict[str, str]] = {}
    n = 1
    for group in GROUPS:
        for name in done.get(group, []):
            number = 0 if group == "summary" else n
            stem = f"{number:02d}-{name}"
            for ext in ("png", "svg"):
                os.replace(charts / f".g-{group}-{name}.{ext}", charts / f"{stem}.{ext}")
            index.setdefault(group, {})[name] = f"charts/{stem}.png"
            if group != "summary":
                n += 1
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


def save_section(name: str, result: Any, out_dir: str | os.PathLike, *,
                 figures: dict[str, Any] | None = None) -> list[Path]:
    """Save a section's charts and its result (as data) in a folder.

    For interactive work: a notebook run by hand with ``output_dir`` keeps what it
    computed. The result goes to ``results/`` as JSON + Parquet
    (:mod:`ucjlib.report.store`, nothing that runs code when opened) and the chart
    names to ``results/report.index.json``, so :func:`load_sections` and :func:`assemble`
    can read them back.

    Parameters
    ----------
    name : {"coverage", "coverage_desa", "projection", "budget"}
    result : CoverageResult, ProjectionResult or BudgetResult
    out_dir : str or path-like
        The run folder.
    figures : dict of str to matplotlib.figure.Figure, optional
        The charts to save (name -> figure); default: drawn from the result with the
        section's bundle function. Names are numbered by :func:`chart_stem`.

    Returns
    -------
    list of Path
        ``charts/<stem>.png`` and ``.svg`` of each chart, then the result files.

    Raises
    ------
    ArgumentError
        For an unknown section name.
    OutputError
        When the folder cannot be written.
    """
    from ucjlib.render.style import save_figure
    from ucjlib.report.store import save_results
    from ucjlib.report.view import INDEX, RESULTS, write_index

    _check("name", name, SECTIONS)
    out = ensure_dir(out_dir)
    charts = ensure_dir(out / "charts")
    figs = _draw(name, result) if figures is None else dict(figures)
    written: list[Path] = []
    index: dict[str, str] = {}
    for i, (fig_name, fig) in enumerate(figs.items()):
        stem = chart_stem(name, i, fig_name)
        written += save_figure(fig, charts / stem)
        index[fig_name] = f"charts/{stem}.png"
    written += save_results({name: result}, out / RESULTS)
    doc: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        doc = json.loads((out / RESULTS / INDEX).read_text(encoding="utf-8"))
    chart_index = dict(doc.get("charts") or {})
    chart_index[name] = index
    written.append(write_index(out, dict(doc.get("parameters") or {}), chart_index,
                               dict(doc.get("maps") or {}), doc.get("notes") or ()))
    return written


def _budget_headline(b: Any, lang: str) -> list[str]:
    from ucjlib.render.budget import budget_lines

    return budget_lines(b)


def _headline(sections: dict[str, Any], lang: str) -> list[str]:
    from ucjlib.fmt import fmt_pct, month_name

    lines: list[str] = []
    cov = sections.get("coverage") or sections.get("coverage_desa")
    if cov is not None:
        from ucjlib.render.narrative import headline_lines

        lines += headline_lines(cov)[1:]
    proj = sections.get("projection")
    if proj is not None:
        f = proj.figures()
        from ucjlib.fmt import fmt_int

        lines.append(_t(lang, f"Proyeksi {month_name(proj.deadline)} (skenario {proj.scenario}):"
                              f" {fmt_pct(f['coverage_at_deadline'], 2)}; perlu "
                              f"+{fmt_int(f['required_monthly_net_additions'])} peserta bersih "
                              "per bulan",
                        f"Projection {month_name(proj.deadline, 'en')} ({proj.scenario}): "
                        f"{fmt_pct(f['coverage_at_deadline'], 2, 'en')}; "
                        f"+{fmt_int(f['required_monthly_net_additions'], 'en')} net "
                        "participants a month needed"))
    b = sections.get("budget")
    if b is not None:
        lines += _budget_headline(b, lang)[:1]
    return lines


def _sources(sections: dict[str, Any], lang: str, boundaries: str | None) -> list[str]:
    first = next(iter(sections.values()))
    lines: list[str] = []
    with_target = [r for r in sections.values() if hasattr(r, "target")]
    if with_target:
        from ucjlib.render.style import target_note

        lines.append(target_note(with_target[0]))
    src = getattr(first, "source", None) or next(
        (r.source for r in sections.values() if getattr(r, "source", None)), None)
    if src:
        lines.append(_t(lang, "Sumber data: ", "Data source: ") + src)
    rv = next((r.rule_version for r in sections.values() if getattr(r, "rule_version", "")),
              "")
    if rv:
        lines.append(_t(lang, "Versi aturan: ", "Rule version: ") + rv)
    if boundaries:
        lines.append(_t(lang, "Batas wilayah: ", "Boundaries: ") + boundaries)
    proj = sections.get("projection")
    if proj is not None:
        main = proj.scenarios.loc[proj.scenarios["skenario"] == proj.scenario].iloc[0]
        lines.append(_t(lang, f"Proyeksi: skenario {proj.scenario} — {main['deskripsi']} "
                              f"({proj.draws} jalur bootstrap, seed {proj.seed}).",
                        f"Projection: scenario {proj.scenario} — {main['deskripsi']} "
                        f"({proj.draws} bootstrap paths, seed {proj.seed})."))
    b = sections.get("budget")
    if b is not None:
        assumed, sourced = [], []
        for a in b.assumptions:
            text = re.sub(r"^asumsi/sumber - ", "", a)
            label, _, src = text.partition(": ")
            if src.strip() in ("asumsi", "assumption"):
                assumed.append(label[:1].lower() + label[1:])
            else:
                sourced.append(_t(lang, "Anggaran: ", "Budget: ") + text)
        lines += sourced
        if assumed:
            lines.append(_t(lang, "Anggaran, asumsi tanpa publikasi (data/assumptions): ",
                            "Budget, assumptions without a publication (data/assumptions): ")
                         + "; ".join(assumed) + ".")
    return lines


def _notes(sections: dict[str, Any], skip: list[str]) -> list[str]:
    """Return the notes of every result, once each, in section order."""
    seen, lines = set(skip), []
    for r in sections.values():
        for n in getattr(r, "notes", ()):
            if n and n not in seen:
                seen.add(n)
                lines.append(n)
    return lines


# --- assemble ---------------------------------------------------------------------------

def write_maps(sections: dict[str, Any], out: str | os.PathLike
               ) -> tuple[dict[str, Path], str | None]:
    """Write the offline web map of every kecamatan/desa result: level -> file, boundary source."""
    from ucjlib.geo.boundaries import load_boundaries
    from ucjlib.render.webmap import write_webmap

    written: dict[str, Path] = {}
    source = None
    for name in ("coverage", "coverage_desa"):
        r = sections.get(name)
        if r is None or r.level not in ("kecamatan", "desa"):
            continue
        gdf = load_boundaries(r.level, within=r.region.kode)
        source = source or gdf.attrs.get("source")
        written[r.level] = write_webmap(r, Path(out) / "maps" / f"peta-{r.level}.html", gdf)
    return written, source


def _maps(sections: dict[str, Any], out: Path, done: dict[str, Path] | None = None
          ) -> tuple[list[Path], str | None]:
    if done is not None:  # written already (the caller knows their source)
        return list(done.values()), None
    written, source = write_maps(sections, out)
    return list(written.values()), source


def _deck(charts: dict[str, dict[str, str]], sections: dict[str, Any], out: Path,
          lang: str, headline: list[str], sources: list[str], notes: list[str]) -> Path:
    from ucjlib.fmt import month_name
    from ucjlib.render.deck import Slide, takeaway, write_deck

    first = next(iter(sections.values()))
    region = getattr(first, "region", None)
    nama = region.nama if region is not None else ""
    periode = getattr(first, "periode", None)
    when = month_name(periode, lang=lang) if periode else ""
    label = getattr(first, "label", "")
    slides = [Slide("title", nama, tuple(headline),
                    subtitle=_t(lang, "Universal Coverage Jamsostek (BPJS Ketenagakerjaan)",
                                "Universal Coverage Jamsostek (BPJS Ketenagakerjaan)")
                    + (f" — {when}" if when else ""))]
    for name, index in charts.items():
        if name not in sections:
            continue
        for chart_name, rel in index.items():
            png = out / rel
            if not png.is_file():
                continue
            stem = png.stem
            r = sections[name]
            if name == "coverage" and chart_name.endswith("-desa") \
                    and "coverage_desa" in sections:
                name_r, r = "coverage_desa", sections["coverage_desa"]
            else:
                name_r = name
            speaker: tuple[str, ...] = ()
            if name_r in ("coverage", "coverage_desa"):
                from ucjlib.render.narrative import narrative

                speaker = tuple(narrative(r))
            elif name_r == "projection":
                from ucjlib.render.projection_text import projection_narrative

                speaker = tuple(projection_narrative(r))
            slides.append(Slide("chart", takeaway(name_r, stem, r, lang), speaker, png,
                                stem=stem))
    slides.append(Slide("text", _t(lang, "Asumsi, versi aturan dan sumber",
                                   "Assumptions, rule version and sources"), tuple(sources)))
    title = _t(lang, "Catatan data", "Notes on the data")
    per_slide = 11
    for i in range(0, len(notes), per_slide):
        slides.append(Slide("text", title if i == 0 else title + _t(lang, " (lanjutan)",
                                                                     " (continued)"),
                            tuple(notes[i:i + per_slide])))
    footer = " · ".join(x for x in (nama, when) if x)
    return write_deck(slides, out / "deck.pptx", label=label, footer=footer)


def assemble(out_dir: str | os.PathLike, *, lang: str = "id",
             csv_locale: str = "id", min_cell: int | None = None,
             sections: dict[str, Any] | None = None,
             charts: dict[str, dict[str, str]] | None = None,
             maps: dict[str, Path] | None = None,
             boundary_source: str | None = None, deck: bool = True) -> list[Path]:
    """Write tables (CSV, XLSX), interactive maps and the deck from the results.

    Parameters
    ----------
    out_dir : str or path-like
        The run folder (charts already saved under ``charts/``).
    sections : dict, optional
        Section name -> result (``ucj report`` passes what it computed); default the
        results kept in ``out_dir`` by :func:`save_section`.
    charts : dict, optional
        Section -> chart name -> PNG path relative to ``out_dir`` (for the deck);
        default the index kept with the results.
    maps : dict, optional
        Web maps already written (level -> path, :func:`write_maps`): not written again.
    boundary_source : str, optional
        Where the boundaries of those maps came from (for the sources).
    deck : bool, default True
        Also write the deck (its slides need every chart PNG already saved).
    lang : {"id", "en"}
        Language of headers, sheet names and slide text (the results' own words, such
        as status values, are in the language they were computed in).
    csv_locale : {"id", "en"}
        ``id``: ``;`` and decimal comma (Excel on Indonesian Windows); ``en``: ``,``
        and ``.``.
    min_cell : int, optional
        Small-cell protection (:func:`ucjlib.smallcells.suppress_small_cells`) of the
        kept desa-level results before anything is written: desa counts from 1 to
        ``min_cell - 1`` show as ``"<10"`` and their rates are hidden; 0 writes the
        counts as they are; default the rules' threshold (``disclosure.min_cell``). Results the notebooks already protected stay as they are.

    Returns
    -------
    list of Path
        Every file written; empty when no section was kept.

    Raises
    ------
    ArgumentError
        For an unknown ``lang`` or ``csv_locale``.
    OutputError
        When the folder cannot be written (nothing already there is lost).
    """
    from ucjlib.render.csvout import (
        budget_tables,
        coverage_tables,
        projection_tables,
        write_csv,
    )
    from ucjlib.render.workbook import write_workbook

    _check("lang", lang, ("id", "en"))
    _check("csv_locale", csv_locale, ("id", "en"))
    out = ensure_dir(out_dir)
    if sections is None:
        from ucjlib.report.view import INDEX, RESULTS, load

        if not (out / RESULTS / INDEX).is_file():
            return []
        view = load(out)
        sections, charts = view.sections(), view.chart_index
    sections = dict(sections)
    charts = dict(charts or {})
    from ucjlib.smallcells import for_file

    for k, v in sections.items():
        # one rule for files (0: off on purpose, so the target sheets stay unprotected
        # too); a result protected with another threshold keeps it (its charts were
        # drawn so); the hidden counts cannot be restored here
        sections[k] = for_file(v, min_cell)
    if not sections:
        return []
    make = {"coverage": coverage_tables, "coverage_desa": coverage_tables,
            "projection": projection_tables, "budget": budget_tables}
    per_result = [(r, make[name](r, lang)) for name, r in sections.items()]
    tables = [t for _, ts in per_result for t in ts]

    written: list[Path] = []
    tdir = ensure_dir(out / "tables")
    labels = {t.name: getattr(r, "label", "") for r, ts in per_result for t in ts}
    for t in tables:
        written.append(write_csv(t, tdir / f"{t.name}.csv", csv_locale, labels[t.name]))

    map_files, source = _maps(sections, out, maps)
    boundary_source = boundary_source or source
    headline = _headline(sections, lang)
    sources = _sources(sections, lang, boundary_source)
    notes = _notes(sections, sources)
    first = next(iter(sections.values()))
    region = getattr(first, "region", None)
    kode = region.kode if region is not None else "ucj"
    proj = sections.get("projection")
    book = [t for t in tables if not (proj is not None and t.name == "proyeksi-alokasi")]
    title = _t(lang, "Universal Coverage Jamsostek — ", "Universal Coverage Jamsostek — ") + (
        region.nama if region is not None else "")
    written.append(write_workbook(book, tdir / f"{kode}-ucj.xlsx", title=title,
                                  about=[*headline, "", *sources, "", *notes],
                                  label=getattr(first, "label", ""), lang=lang,
                                  projection=proj))
    written += map_files
    if deck:
        written.append(_deck(charts, sections, out, lang, headline, sources, notes))
    return written


def write_report_deck(out_dir: str | os.PathLike, sections: dict[str, Any],
                      charts: dict[str, dict[str, str]], lang: str = "id",
                      boundary_source: str | None = None) -> Path:
    """Write ``deck.pptx`` of a run folder whose charts are saved (see :func:`assemble`)."""
    out = Path(out_dir)
    headline = _headline(sections, lang)
    sources = _sources(sections, lang, boundary_source)
    notes = _notes(sections, sources)
    return _deck(charts, sections, out, lang, headline, sources, notes)
