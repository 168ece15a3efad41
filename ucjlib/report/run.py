"""``run_report``: one complete, self-contained report folder per run.

resolve and open once → analyse once (:mod:`ucjlib.report.analysis`) → in a
``.tmp-<run id>`` folder: the results as data, every chart drawn once, web maps,
tables, workbook and deck (:mod:`ucjlib.report.outputs`) → the notebooks, run with
papermill in this process, render those results → ``report.html`` →
``manifest.json`` → rename into ``reports/<code>-<slug>/<period>/<run id>/`` and move
the ``latest`` pointer. A failing notebook leaves the partial run in
``failed/<run id>/`` and the previous report untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ucjlib.errors import UcjError
from ucjlib.geo.wilayah import Region
from ucjlib.paths import RULES_DIR
from ucjlib.report import layout
from ucjlib.report.manifest import (
    check_unchanged,
    environment,
    input_files,
    snapshot,
    write_manifest,
)
from ucjlib.report.notebooks import (
    READING_ORDER,
    NotebookFailedError,
    NotebookRun,
    available,
    execute,
    parameters_for,
)
from ucjlib.report.progress import Progress, default_progress
from ucjlib.text import say

REPORT_HTML = "report.html"


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def _run_notebooks(nbs: Sequence[Path], tmp: Path, wanted: Mapping[str, Any],
                   progress: Progress) -> list[NotebookRun]:
    """Run the notebooks one after the other; they only render the saved results."""
    out_dir = tmp / "notebooks"
    out_dir.mkdir(exist_ok=True)
    logs = tmp / ".logs"
    logs.mkdir(exist_ok=True)
    runs: list[NotebookRun] = []
    for path in nbs:
        progress.step_started(path.stem)
        t0 = time.monotonic()
        try:
            run = execute(path, out_dir / path.name, parameters_for(path, wanted),
                          cwd=out_dir, log_path=logs / f"{path.stem}.log")
        except NotebookFailedError:
            progress.step_done(path.stem, time.monotonic() - t0, ok=False)
            raise
        progress.step_done(path.stem, run.seconds)
        runs.append(run)
    return runs


def write_html(tmp: Path, *, region: Region, periode: str, lang: str, demo_label: str,
               figures: Mapping[str, Any], run_id: str, rule_version: str,
               notebooks: Sequence[NotebookRun]) -> Path:
    """Write ``report.html`` of the run folder ``tmp`` from its executed notebooks."""
    import nbformat

    from ucjlib import __version__
    from ucjlib.files import atomic_write_text
    from ucjlib.fmt import month_name
    from ucjlib.report.headline import headline_cards
    from ucjlib.report.html import notebook_section, render_page

    maps = sorted(p.relative_to(tmp).as_posix() for p in (tmp / "maps").glob("*.html"))
    by_name = {r.name: r for r in notebooks}
    sections = []
    for name in [n for n in READING_ORDER if n in by_name] + [
            n for n in by_name if n not in READING_ORDER]:
        nb = nbformat.read(by_name[name].output, as_version=4)
        sections.append(notebook_section(name, nb, lang, maps))
    month = month_name(periode, lang=lang)
    made = _now().strftime("%Y-%m-%d %H:%M UTC")
    page = render_page(
        title=f"UCJ — {region.nama}, {month}", region_label=region.nama,
        subtitle=f"{region.kode} · {say('run.data_to', lang)} {month}",
        lang=lang, demo_label=demo_label, cards=headline_cards(figures, lang),
        sections=sections,
        meta_lines=[say("run.made", lang, made=made, run_id=run_id),
                    f"ucjlib {__version__} · " + say("run.rules", lang, version=rule_version)],
        footer=(f"{region.label} · {month} · run {run_id}"
                + (f" · {demo_label}" if demo_label else "")),
        running=f"{region.nama} · {month}")
    return atomic_write_text(tmp / REPORT_HTML, page)


def write_pdf(tmp: Path, lang: str, progress: Progress) -> dict[str, Any]:
    """Write ``report.pdf`` beside ``report.html`` (the same page, laid out on A4).

    Returns what the manifest records: ``{"path": "report.pdf", "seconds": ...}``, or
    ``{"skipped": why}`` when the PDF engine cannot be loaded here (the HTML report is
    kept, and the reader is told in one line).
    """
    from ucjlib.render.pdf import pdf_engine_problem
    from ucjlib.report.pdfpage import REPORT_PDF, write_report_pdf

    problem = pdf_engine_problem()
    if problem is not None:
        progress.message(say("run.pdf_skipped", lang, why=problem))
        return {"skipped": problem}
    page = (tmp / REPORT_HTML).read_text(encoding="utf-8")
    seconds = write_report_pdf(page, tmp / REPORT_PDF, base_dir=tmp)
    return {"path": REPORT_PDF, "seconds": seconds}


def _outputs_list(folder: Path) -> list[dict[str, Any]]:
    from ucjlib.report.manifest import MANIFEST, sha256

    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not any(x.startswith(".") for x in rel.parts) and p.name != MANIFEST:
            out.append({"path": rel.as_posix(), "bytes": p.stat().st_size, "sha256": sha256(p)})
    return out


def _scrub(tmp: Path, keep_logs: bool = False) -> None:
    """Remove what must not travel with a run: logs, temp files, owner record.

    A failed run keeps the kernels' stderr as ``logs/`` (why a kernel died).
    """
    if keep_logs and (tmp / ".logs").is_dir():
        with contextlib.suppress(OSError):
            os.rename(tmp / ".logs", tmp / "logs")
    for name in (".logs", ".ipynb_checkpoints"):
        shutil.rmtree(tmp / name, ignore_errors=True)
    for p in list(tmp.rglob(".part-*")) + [tmp / layout.OWNER]:
        with contextlib.suppress(OSError):
            p.unlink()


def run_report(region: Region | str, *, periode: str | None = None,
               target: float | str | None = None, deadline: str | None = None,
               scenario_file: str | os.PathLike | None = None,
               data: str | os.PathLike | None = None, lang: str = "id",
               out_root: str | os.PathLike = "reports", csv_locale: str = "id",
               progress: Progress | None = None, parallel: int | None = None,
               lembar: str | None = None,
               min_cell: int | None = None, pdf: bool = True) -> Path:
    """Analyse one kabupaten/kota once, render every output, and publish one run folder.

    resolve and open once (:func:`ucjlib.report.analysis.prepare`) → analyse once
    (:func:`~ucjlib.report.analysis.analyse`: coverage, desa coverage with small cells
    protected, projection, budget from that projection) → keep the results as data
    (``results/``), draw every chart once (``charts/``), write the web maps, tables,
    workbook and deck → run the notebooks, which only render those results, in this
    process (:mod:`ucjlib.report.engine`) → ``report.html`` → ``manifest.json`` →
    rename into place.

    Parameters
    ----------
    region : Region or str
        The kabupaten/kota (a :class:`Region`, a code such as ``"35.22"``, or a
        name, resolved by :func:`ucjlib.resolve_region`).
    periode : str, optional
        The report's month ``YYYY-MM`` ("now" in every section); default the latest
        month of the data. Data after it are not used.
    target : float, optional
        Coverage target as a 0-1 share; default the region's target from ``data/rules``.
    deadline : str, optional
        Month the projection aims at; default from the rules
        (:func:`ucjlib.rules.default_deadline`).
    scenario_file : path, optional
        Scenario YAML for the projection and the gap budget (``data/scenarios/README.md``).
    data : path, optional
        Folder of input files; default the synthetic demo (labelled as such).
    lang : {"id", "en"}
    out_root : path, default "reports"
        Output root; the run goes to ``<out_root>/<code>-<slug>/<periode>/<run id>/``.
    csv_locale : {"id", "en"}
        CSV tables with ``;`` and decimal commas (``id``) or ``,`` and points (``en``).
    progress : Progress, optional
        Where progress goes; default rich on a terminal, plain lines otherwise.
    parallel : int, optional
        Processes for drawing the charts (default: 2 when the machine has two CPUs or
        more: the coverage maps are drawn in a forked copy of this process); a batch
        worker passes 1. The notebooks only render, one after another.
    min_cell : int, optional
        Small-cell protection: desa participant counts below this show as ``<N``
        (:mod:`ucjlib.smallcells`); 0 turns it off; default the rules' threshold
        (``disclosure.min_cell``).
    lembar : {"desa", "kecamatan"}, optional
        Action sheets (:mod:`ucjlib.sheets`, computed in the analysis): one A4 page per
        kecamatan, and with ``desa`` one per desa after it, in ``lembar/<kode>-<nama>.pdf``
        and one combined ``lembar/lembar-<level>.pdf`` (:mod:`ucjlib.render.sheets`).
    pdf : bool, default True
        Also write ``report.pdf`` (A4, from the same HTML; :mod:`ucjlib.report.pdfpage`).
        Where the PDF engine cannot be loaded the PDF is skipped with a one-line note.

    Returns
    -------
    Path
        The published run folder (``report.html``, ``report.pdf``, ``manifest.json``,
        ``notebooks/``, ``charts/``, ``tables/``, ``maps/``, ``results/``, ``deck.pptx``).

    Raises
    ------
    ArgumentError, UnknownRegionError
        A wrong argument or region (nothing is written).
    InputValidationError
        The data folder breaks the data contract (nothing is written).
    NotebookFailedError
        A notebook failed: the partial run is in ``failed/<run id>/``.
    OutputError
        The output root cannot be written.

    Examples
    --------
    >>> run_report("35.22", out_root="reports")  # doctest: +SKIP
    PosixPath('reports/35.22-bojonegoro/2025-06/20261122T140501-ab12')
    """
    from ucjlib.checks import output_folder
    from ucjlib.report.analysis import analyse, prepare
    from ucjlib.rules import load_rules

    output_folder("out_root", str(out_root), inputs=(data, scenario_file))
    progress = progress or default_progress(lang if lang in ("id", "en") else "id")
    t_start, t0 = _now(), time.monotonic()
    timings: dict[str, float] = {}
    before = snapshot(data, scenario_file)  # what the inputs were before anything was read
    params, ds = prepare(region, periode=periode, target=target, deadline=deadline,
                         scenario_file=scenario_file, data=data, lang=lang,
                         csv_locale=csv_locale, min_cell=min_cell, lembar=lembar)
    timings["open"] = round(time.monotonic() - t0, 3)
    from ucjlib.geo.wilayah import region_of

    reg = region_of(params.kode)
    nbs = available()
    period_dir = layout.period_folder(Path(out_root).resolve(), reg, params.periode)
    layout.clean_stale(period_dir)
    run_id, tmp = layout.make_temp(period_dir)
    rule_version = load_rules().version
    scenario = Path(params.scenario) if params.scenario else None
    data_dir = Path(params.data) if params.data else None
    manifest: dict[str, Any] = {
        "schema": 2, "status": "running", "run_id": run_id,
        "kabupaten": {"kode": reg.kode, "nama": reg.nama},
        "periode": params.periode,
        "parameters": {"periode": periode, "target": params.target,
                       "deadline": params.deadline,
                       "deadline_source": params.deadline_source,
                       "skenario": params.scenario, "data": params.data,
                       "lang": params.lang, "csv_locale": params.csv_locale,
                       "min_cell": params.min_cell},
        "analysis": params.to_dict(),
        "demo": bool(ds.demo), "data_source": ds.source, "rule_version": rule_version,
        "started": _iso(t_start),
    }
    n_par = parallel if parallel is not None else min(2, os.cpu_count() or 1)
    region_label = f"{reg.label}, {params.periode}"
    progress.begin(region_label, len(nbs) + 2)
    runs: list[NotebookRun] = []
    jobs: list[Any] = []  # chart drawing under way (see coverage_done below)
    try:
        t1 = time.monotonic()
        progress.step_started(say("run.step.analysis", params.lang))
        from ucjlib.report.charts import (
            finish_charts,
            forked_maps,
            more_charts,
            start_charts,
            write_maps,
        )
        from ucjlib.report.outputs import assemble, write_report_deck

        def coverage_done(cov: dict[str, Any]) -> None:
            # the coverage maps and charts (and the web maps) start at once: in a forked
            # process when CPUs are to spare, while the projection and budget are computed
            found = {k: v for k, v in cov.items() if v is not None}
            jobs.append(start_charts(found, tmp, params.lang, workers=n_par,
                                     groups=("coverage",), with_maps=True))

        results = analyse(params, ds, coverage_done=coverage_done)
        timings["analyse"] = round(time.monotonic() - t1, 3)
        progress.step_done(say("run.step.analysis", params.lang), timings["analyse"])
        sections = results.sections()
        figures = results.figures()

        t1 = time.monotonic()
        progress.step_started(say("run.step.render", params.lang))
        from ucjlib.report.store import save_results
        from ucjlib.report.view import RESULTS, ReportView, forget, remember, write_index

        save_results(sections, tmp / RESULTS)
        # every chart once (the coverage ones already under way in a forked process when
        # CPUs are to spare), web maps, tables and workbook, then the deck once every
        # chart is saved
        job = more_charts(jobs[0], sections)
        from_fork = forked_maps(job)
        if from_fork is not None:
            maps, boundary_source = from_fork
        else:
            maps, boundary_source = write_maps(sections, tmp)
        assembled = assemble(tmp, lang=params.lang, csv_locale=params.csv_locale,
                             min_cell=params.min_cell, sections=sections, charts={},
                             maps=maps, boundary_source=boundary_source, deck=False)
        charts = finish_charts(job)
        assembled.append(write_report_deck(tmp, sections, charts, params.lang,
                                           boundary_source))
        map_index = {lvl: p.relative_to(tmp).as_posix() for lvl, p in maps.items()}
        write_index(tmp, params.to_dict(), charts, map_index, results.notes)
        remember(tmp / RESULTS, ReportView(
            folder=tmp, parameters=params.to_dict(), coverage=results.coverage,
            coverage_desa=results.coverage_desa, projection=results.projection,
            budget=results.budget, notes=list(results.notes), chart_index=charts,
            map_index=map_index))
        timings["render"] = round(time.monotonic() - t1, 3)
        progress.step_done(say("run.step.render", params.lang), timings["render"])
        if results.sheets:
            manifest["sheets"] = _write_sheets(tmp, results.sheets, params, reg, progress)
            timings["sheets"] = manifest["sheets"]["seconds"]

        t1 = time.monotonic()
        wanted = {"kabupaten": reg.kode, "periode": params.periode,
                  "target": params.target, "deadline": params.deadline,
                  "skenario_file": params.scenario, "data_dir": params.data,
                  "lang": params.lang, "csv_locale": params.csv_locale,
                  "results_dir": f"../{RESULTS}", "interaktif": False,
                  "sel_minimum": params.min_cell}
        try:
            runs = _run_notebooks(nbs, tmp, wanted, progress)
        finally:
            forget(tmp / RESULTS)
        timings["notebooks"] = round(time.monotonic() - t1, 3)
        progress.message("report.html ...")
        t1 = time.monotonic()
        demo_label = ""
        if ds.demo:
            demo_label = say("label.demo_data", params.lang)
        write_html(tmp, region=reg, periode=params.periode, lang=params.lang,
                   demo_label=demo_label, figures=figures, run_id=run_id,
                   rule_version=rule_version, notebooks=runs)
        timings["html"] = round(time.monotonic() - t1, 3)
        if pdf:
            progress.message("report.pdf ...")
            t1 = time.monotonic()
            manifest["pdf"] = write_pdf(tmp, params.lang, progress)
            if "path" in manifest["pdf"]:
                timings["pdf"] = round(time.monotonic() - t1, 3)
        _scrub(tmp)
        inputs = input_files(data_dir, read=ds.files, scenario=scenario, notebooks=nbs,
                             rules_root=_rules_root(), before=before)
        manifest["inputs"] = inputs
        check_unchanged(inputs)  # one version of the data, or no report
        warning = layout.foreign_pointer(period_dir, run_id, params.lang)
        t_end = _now()
        manifest.update(
            status="complete", finished=_iso(t_end),
            duration_seconds=round(time.monotonic() - t0, 3), timings=timings,
            notebooks=[{"name": r.name, "output": f"notebooks/{r.output.name}",
                        "start": r.start, "end": r.end, "seconds": r.seconds,
                        "parameters": r.parameters} for r in runs],
            figures=figures, label=demo_label, notes=list(results.notes),
            assembled=[Path(p).relative_to(tmp).as_posix() if Path(p).is_absolute()
                       and tmp in Path(p).parents else str(p) for p in assembled],
            warnings=[warning] if warning else [],
            environment=environment(), outputs=_outputs_list(tmp))
        write_manifest(tmp, manifest)
        dest = layout.publish(tmp, period_dir, run_id)
    except NotebookFailedError as exc:
        partial = _fail(tmp, period_dir, run_id, manifest, t0, nbs, data_dir, scenario, ds,
                        {"notebook": exc.notebook, "where": exc.where, "what": exc.what},
                        before)
        progress.end()
        nb = partial / "notebooks" / f"{exc.notebook}.ipynb"
        raise exc.with_partial(nb if nb.is_file() else partial) from None
    except KeyboardInterrupt:
        shutil.rmtree(tmp, ignore_errors=True)
        progress.end()
        raise
    except BaseException as exc:
        from ucjlib.report.charts import abandon_charts

        for started in jobs:
            with contextlib.suppress(Exception):
                abandon_charts(started)
        _fail(tmp, period_dir, run_id, manifest, t0, nbs, data_dir, scenario, ds,
              {"error": type(exc).__name__,
               "message": str(exc) if isinstance(exc, UcjError) else ""}, before)
        progress.end()
        raise
    progress.end()
    if warning:
        progress.message(warning)
    progress.message(say("run.done", params.lang, path=dest / REPORT_HTML))
    if (dest / "report.pdf").is_file():
        progress.message(say("run.done_pdf", params.lang, path=dest / "report.pdf"))
    if (dest / "lembar").is_dir():
        pages = manifest.get("sheets", {}).get("pages", {}).get("total", 0)
        progress.message(say("run.done_sheets", params.lang, path=dest / "lembar",
                             pages=pages))
    return dest


def _write_sheets(tmp: Path, sheets: Mapping[str, Any], params: Any, reg: Region,
                  progress: Progress) -> dict[str, Any]:
    """Keep the action sheets' figures in ``results/`` and write their PDFs (``lembar/``)."""
    from ucjlib.render.pdf import pdf_engine_problem
    from ucjlib.render.sheets import write_sheets
    from ucjlib.report.store import save_results
    from ucjlib.report.view import RESULTS

    save_results({f"lembar_{k}": v for k, v in sheets.items()}, tmp / RESULTS)
    level = "desa" if "desa" in sheets else "kecamatan"
    if getattr(params, "lembar", None) == "desa" and level != "desa":  # asked, not possible
        progress.message(say("sheets.no_desa", params.lang))
    problem = pdf_engine_problem()
    if problem is not None:  # the report is kept; the sheets' figures are in results/
        progress.message(say("sheets.skipped", params.lang, why=problem))
        return {"skipped": problem, "seconds": 0.0}
    progress.message("lembar/ ...")
    out = write_sheets(sheets, tmp, level=level, lang=params.lang, kabupaten=reg.nama,
                       made=_now().strftime("%Y-%m-%d %H:%M UTC"))
    return {"level": level, "files": [p.relative_to(tmp).as_posix() for p in out.files],
            "combined": out.combined.relative_to(tmp).as_posix() if out.combined else None,
            "pages": out.pages, "seconds": out.seconds}


def _rules_root() -> Path | None:
    return RULES_DIR if RULES_DIR.is_dir() else None


def _fail(tmp: Path, period_dir: Path, run_id: str, manifest: dict[str, Any], t0: float,
          nbs: Sequence[Path], data_dir: Path | None, scenario: Path | None, ds: Any,
          error: Mapping[str, Any], before: Mapping[str, Any] | None = None) -> Path:
    """Keep a failed run (partial notebooks, kernel logs, manifest) in ``failed/``."""
    _scrub(tmp, keep_logs=True)
    manifest.update(status="failed", finished=_iso(_now()),
                    duration_seconds=round(time.monotonic() - t0, 3), error=dict(error))
    with contextlib.suppress(Exception):
        manifest["inputs"] = input_files(data_dir, read=ds.files, scenario=scenario,
                                         notebooks=nbs, rules_root=_rules_root(), before=before)
        manifest["environment"] = environment()
    with contextlib.suppress(Exception):
        write_manifest(tmp, manifest)
    try:
        return layout.keep_failed(tmp, period_dir, run_id)
    except UcjError:
        return tmp
