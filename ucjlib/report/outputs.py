"""The output files of a report run, rendered from its results (computing nothing new).

``ucj report`` draws every chart once and writes the web maps once
(:mod:`ucjlib.report.charts`), then :func:`assemble` writes the tables (CSV and one XLSX
workbook) and the briefing deck from the same results. A notebook run by hand can
keep what it computed with :func:`save_section` (charts plus the result as JSON +
Parquet) and :func:`assemble` the same outputs from that folder. The layout of a run::

    charts/<stem>.png, .svg     every chart at slide size (PNG 2000 x 1125, SVG)
    tables/<name>.csv           the key tables (see ucjlib.render.csvout)
    tables/<kode>-ucj.xlsx      one workbook, a sheet per table + target sheets
    maps/peta-<level>.html      offline interactive map (kecamatan, desa)
    deck.pptx                   the briefing deck
    results/                    the results as data (report.index.json, <section>.json, *.parquet)

Chart stems are numbered by one list, :data:`~ucjlib.report.charts.CHART_ORDER`
(:func:`~ucjlib.report.charts.chart_stem`): ``00-ringkasan``, then coverage
``01-peta-kecamatan``, ``02-peta-desa`` ..., projection, budget.

Every write is atomic; a folder that cannot be written raises
:class:`~ucjlib.errors.OutputError` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError
from ucjlib.files import ensure_dir
from ucjlib.report.charts import chart_stem, section_figures, write_maps
from ucjlib.report.store import SECTIONS
from ucjlib.report.view import load_sections
from ucjlib.text import render_notes, say

__all__ = ["SECTIONS", "assemble", "load_sections", "save_section", "write_report_deck"]


def _check(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ArgumentError(name, value, ", ".join(repr(c) for c in choices))


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
        section's bundle function. Names are numbered by
        :func:`~ucjlib.report.charts.chart_stem`.

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
    figs = section_figures(name, result) if figures is None else dict(figures)
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
    lines: list[str] = []
    cov = sections.get("coverage") or sections.get("coverage_desa")
    if cov is not None:
        from ucjlib.render.narrative import headline_lines

        lines += headline_lines(cov)[1:]
    proj = sections.get("projection")
    if proj is not None:
        from ucjlib.render.projection_text import projection_headline

        lines.append(projection_headline(proj, lang))
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
        lines.append(say("outputs.source", lang, source=src))
    rv = next((r.rule_version for r in sections.values() if getattr(r, "rule_version", "")),
              "")
    if rv:
        lines.append(say("outputs.rules", lang, version=rv))
    if boundaries:
        lines.append(say("nb.boundaries", lang, source=boundaries))
    proj = sections.get("projection")
    if proj is not None:
        proj = proj.shown(lang)
        main = proj.scenarios.loc[proj.scenarios["skenario"] == proj.scenario].iloc[0]
        lines.append(say("outputs.projection", lang, scenario=proj.scenario,
                         description=main["deskripsi"], draws=proj.draws, seed=proj.seed))
    b = sections.get("budget")
    if b is not None:
        assumed, sourced = [], []
        for a in b.assumptions:
            text = re.sub(r"^asumsi/sumber - ", "", a)
            label, _, src = text.partition(": ")
            if src.strip() in ("asumsi", "assumption"):
                assumed.append(label[:1].lower() + label[1:])
            else:
                sourced.append(say("outputs.budget", lang, text=text))
        lines += sourced
        if assumed:
            lines.append(say("outputs.budget_assumed", lang, items="; ".join(assumed)))
    return lines


def _notes(sections: dict[str, Any], skip: list[str], lang: str = "id") -> list[str]:
    """Return the notes of every result in ``lang``, once each, in section order."""
    seen, lines = set(skip), []
    for r in sections.values():
        for n in render_notes(getattr(r, "notes", ()), lang):
            if n and n not in seen:
                seen.add(n)
                lines.append(n)
    return lines


# --- assemble ---------------------------------------------------------------------------

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
                    subtitle=say("outputs.subtitle", lang) + (f" — {when}" if when else ""))]
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
    slides.append(Slide("text", say("outputs.sources_title", lang), tuple(sources)))
    title = say("outputs.notes_title", lang)
    per_slide = 11
    for i in range(0, len(notes), per_slide):
        slides.append(Slide("text", title if i == 0 else say("outputs.continued", lang,
                                                             title=title),
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
        Web maps already written (level -> path,
        :func:`~ucjlib.report.charts.write_maps`): not written again.
    boundary_source : str, optional
        Where the boundaries of those maps came from (for the sources).
    deck : bool, default True
        Also write the deck (its slides need every chart PNG already saved).
    lang : {"id", "en"}
        Language of every word written: headers, sheet names, slide text, status values
        and notes (results are language-neutral; :mod:`ucjlib.text` words them).
    csv_locale : {"id", "en"}
        ``id``: ``;`` and decimal comma (Excel on Indonesian Windows); ``en``: ``,``
        and ``.``.
    min_cell : int, optional
        Small-cell protection (:func:`ucjlib.smallcells.suppress_small_cells`) of the
        kept desa-level results before anything is written: desa counts from 1 to
        ``min_cell - 1`` show as ``"<10"`` and their rates are hidden; 0 writes the
        counts as they are; default the rules' threshold (``disclosure.min_cell``).
        Results the notebooks already protected stay as they are.

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
    notes = _notes(sections, sources, lang)
    first = next(iter(sections.values()))
    region = getattr(first, "region", None)
    kode = region.kode if region is not None else "ucj"
    proj = sections.get("projection")
    book = [t for t in tables if not (proj is not None and t.name == "proyeksi-alokasi")]
    title = say("outputs.book_title", lang, name=region.nama if region is not None else "")
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
    notes = _notes(sections, sources, lang)
    return _deck(charts, sections, out, lang, headline, sources, notes)
