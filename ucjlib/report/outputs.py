"""The output files of a report run, rendered from the kept results (computing nothing new).

Each notebook ends with :func:`save_section`: it saves the section's charts and keeps
its typed result. :func:`assemble` then writes, from the kept results only, the tables
(CSV and one XLSX workbook), an offline interactive map per level and the briefing
deck. The layout of a run folder::

    charts/<stem>.png, .svg     every chart at slide size (PNG 2000 x 1125, SVG)
    tables/<name>.csv           the key tables (see ucjlib.render.csvout)
    tables/<kode>-ucj.xlsx      one workbook, a sheet per table + target sheets
    maps/peta-<level>.html      offline interactive map (kecamatan, desa)
    deck.pptx                   the briefing deck
    .results/<section>.pkl      the kept results ({"result": ..., "charts": [...], ...})

Chart stems are numbered in reading order, by section: coverage ``01-peta-kecamatan``,
``02-peringkat-kecamatan``, ``03-segmen``, ``04-tren-bulanan``; desa ``05-peta-desa``,
``06-peringkat-desa``; projection ``07-proyeksi-cakupan``, ``08-skenario-cakupan``;
budget from ``09-`` on, named by :func:`ucjlib.render.budget.budget_figures`.

Every write is atomic; a folder that cannot be written raises
:class:`~ucjlib.errors.OutputError` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError, OutputError
from ucjlib.files import atomic_write_bytes, ensure_dir

__all__ = ["SECTIONS", "assemble", "chart_stem", "load_sections", "save_section"]

#: The sections of a report, in reading order.
SECTIONS = ("coverage", "coverage_desa", "projection", "budget")
_FIRST = {"coverage": 1, "coverage_desa": 5, "projection": 7, "budget": 9}
_RESULTS = ".results"


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


def save_section(name: str, result: Any, out_dir: str | os.PathLike, *,
                 figures: dict[str, Any] | None = None,
                 extra: dict[str, Any] | None = None) -> list[Path]:
    """Save a section's charts and keep its result for :func:`assemble`.

    Parameters
    ----------
    name : {"coverage", "coverage_desa", "projection", "budget"}
    result : CoverageResult, ProjectionResult or BudgetResult
    out_dir : str or path-like
        The run folder.
    figures : dict of str to matplotlib.figure.Figure, optional
        The charts to save (name -> figure); default: drawn from the result with the
        section's bundle function (:func:`~ucjlib.render.bundle.coverage_figures`,
        :func:`~ucjlib.render.projection.projection_figures`, ``budget_figures``).
        Names are numbered by :func:`chart_stem`.
    extra : dict, optional
        More objects to keep beside the result.

    Returns
    -------
    list of Path
        ``charts/<stem>.png`` and ``.svg`` of each chart, then ``.results/<name>.pkl``.

    Raises
    ------
    ArgumentError
        For an unknown section name.
    OutputError
        When the folder cannot be written.
    """
    from ucjlib.render.style import save_figure

    _check("name", name, SECTIONS)
    out = ensure_dir(out_dir)
    charts = ensure_dir(out / "charts")
    figs = _draw(name, result) if figures is None else dict(figures)
    written: list[Path] = []
    stems = []
    for i, (fig_name, fig) in enumerate(figs.items()):
        stem = chart_stem(name, i, fig_name)
        written += save_figure(fig, charts / stem)
        stems.append(stem)
    payload = {"result": result, "charts": stems, **(extra or {})}
    written.append(atomic_write_bytes(ensure_dir(out / _RESULTS) / f"{name}.pkl",
                                      pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)))
    return written


def _payloads(out_dir: str | os.PathLike) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    folder = Path(out_dir) / _RESULTS
    for name in SECTIONS:
        p = folder / f"{name}.pkl"
        if not p.is_file():
            continue
        try:
            out[name] = pickle.loads(p.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError,
                ModuleNotFoundError) as exc:
            raise OutputError(p, f"hasil bagian {name!r} tidak dapat dibaca ({exc}); "
                                 "jalankan ulang bagian itu") from None
    return out


def load_sections(out_dir: str | os.PathLike) -> dict[str, Any]:
    """Return the kept results of a run folder, section name -> result, in reading order.

    Examples
    --------
    >>> import tempfile
    >>> load_sections(tempfile.mkdtemp())
    {}
    """
    return {k: v["result"] for k, v in _payloads(out_dir).items()}


# --- words shared by the workbook and the deck ------------------------------------------

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

def _maps(sections: dict[str, Any], out: Path) -> tuple[list[Path], str | None]:
    from ucjlib.geo.boundaries import load_boundaries
    from ucjlib.render.webmap import write_webmap

    written, source = [], None
    for name in ("coverage", "coverage_desa"):
        r = sections.get(name)
        if r is None or r.level not in ("kecamatan", "desa"):
            continue
        gdf = load_boundaries(r.level, within=r.region.kode)
        source = source or gdf.attrs.get("source")
        written.append(write_webmap(r, out / "maps" / f"peta-{r.level}.html", gdf))
    return written, source


def _deck(payloads: dict[str, dict[str, Any]], sections: dict[str, Any], out: Path,
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
    for name, payload in payloads.items():
        r = payload["result"]
        for stem in payload.get("charts", []):
            png = out / "charts" / f"{stem}.png"
            if not png.is_file():
                continue
            speaker: tuple[str, ...] = ()
            if name in ("coverage", "coverage_desa"):
                from ucjlib.render.narrative import narrative

                speaker = tuple(narrative(r))
            elif name == "projection":
                from ucjlib.render.projection_text import projection_narrative

                speaker = tuple(projection_narrative(r))
            slides.append(Slide("chart", takeaway(name, stem, r, lang), speaker, png, stem=stem))
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
             csv_locale: str = "id", min_cell: int = 10) -> list[Path]:
    """Write tables (CSV, XLSX), interactive maps and the deck from the kept sections.

    Parameters
    ----------
    out_dir : str or path-like
        The run folder the sections were saved to with :func:`save_section`.
    lang : {"id", "en"}
        Language of headers, sheet names and slide text (the results' own words, such
        as status values, are in the language they were computed in).
    csv_locale : {"id", "en"}
        ``id``: ``;`` and decimal comma (Excel on Indonesian Windows); ``en``: ``,``
        and ``.``.
    min_cell : int, default 10
        Small-cell protection (:func:`ucjlib.smallcells.suppress_small_cells`) of the
        kept desa-level results before anything is written: desa counts from 1 to
        ``min_cell - 1`` show as ``"<10"`` and their rates are hidden; 0 writes the
        counts as they are. Results the notebooks already protected stay as they are.

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
    payloads = _payloads(out)
    if min_cell:
        from ucjlib.smallcells import suppress_small_cells

        for v in payloads.values():
            # a notebook that protected its result with another threshold keeps it
            # (its charts were drawn so); the hidden counts cannot be restored here
            with contextlib.suppress(ValueError):
                v["result"] = suppress_small_cells(v["result"], min_cell)
    sections = {k: v["result"] for k, v in payloads.items()}
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

    maps, boundary_source = _maps(sections, out)
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
    written += maps
    written.append(_deck(payloads, sections, out, lang, headline, sources, notes))
    return written
