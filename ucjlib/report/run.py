"""``run_report``: one complete, self-contained report folder per run.

resolve → open (the inputs are checked once, before any notebook runs) →
run the notebooks with papermill in a ``.tmp-<run id>`` folder → HTML for a
reader, tables, maps and deck (:func:`ucjlib.report.outputs.assemble`) →
``manifest.json`` → rename into ``reports/<code>-<slug>/<period>/<run id>/``
and move the ``latest`` pointer. A failing notebook leaves the partial run in
``failed/<run id>/`` and the previous report untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError, UcjError
from ucjlib.geo.wilayah import Region
from ucjlib.report import layout
from ucjlib.report.manifest import environment, input_files, write_manifest
from ucjlib.report.notebooks import (
    LAST,
    READING_ORDER,
    NotebookFailedError,
    NotebookRun,
    available,
    execute,
    parameters_for,
)
from ucjlib.report.progress import Progress, default_progress

REPORT_HTML = "report.html"
LANGS = ("id", "en")
CSV_LOCALES = ("id", "en")
_LOOSE = {".png": "charts", ".svg": "charts", ".html": "maps", ".xlsx": "tables",
          ".csv": "tables"}


def _choice(option: str, value: str, choices: Sequence[str]) -> str:
    from ucjlib.commands._common import choice

    return choice(option, value, choices)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def _check_inputs(region: Region | str, *, periode: str | None, target: Any, deadline: str,
                  scenario_file: str | os.PathLike | None, data: str | os.PathLike | None,
                  lang: str, csv_locale: str) -> dict[str, Any]:
    """Every argument checked (and the dataset opened once) before anything is written."""
    from ucjlib.coverage import check_periode, check_target
    from ucjlib.geo.wilayah import resolve
    from ucjlib.open import open_dataset

    lang = _choice("--lang", lang, LANGS)
    csv_locale = _choice("--csv-locale", csv_locale, CSV_LOCALES)
    deadline = check_periode(deadline)
    tgt = None if target is None or str(target).strip() == "" else check_target(target)
    scenario = None
    if scenario_file:
        scenario = Path(scenario_file).resolve()
        if not scenario.is_file():
            raise ArgumentError("--skenario", str(scenario_file),
                                "berkas YAML skenario yang ada, mis. "
                                "data/scenarios/bojonegoro-nonrenewal.yaml")
    reg = resolve(region, level="kabupaten")
    data_dir = Path(data).resolve() if data is not None and str(data).strip() else None
    ds = open_dataset(reg, data_dir)
    per = check_periode(periode, ds) if periode else ds.periods[-1]
    if deadline <= ds.periods[-1]:
        raise ArgumentError("--deadline", deadline,
                            f"bulan sesudah bulan data terakhir ({ds.periods[-1]})")
    return {"region": reg, "periode": per, "target": tgt, "deadline": deadline,
            "scenario": scenario, "data": data_dir, "lang": lang, "csv_locale": csv_locale,
            "dataset": ds}


def _run_notebooks(nbs: Sequence[Path], tmp: Path, wanted: Mapping[str, Any],
                   progress: Progress, parallel: int) -> list[NotebookRun]:
    """Run the notebooks: all but the summary side by side, then the summary."""
    out_dir = tmp / "notebooks"
    out_dir.mkdir()
    logs = tmp / ".logs"
    logs.mkdir()

    def one(path: Path) -> NotebookRun | NotebookFailedError:
        progress.step_started(path.stem)
        t0 = time.monotonic()
        try:
            run = execute(path, out_dir / path.name, parameters_for(path, wanted), cwd=tmp,
                          log_path=logs / f"{path.stem}.log")
        except NotebookFailedError as exc:
            progress.step_done(path.stem, time.monotonic() - t0, ok=False)
            return exc
        progress.step_done(path.stem, run.seconds)
        return run

    first = [p for p in nbs if p.stem not in LAST]
    last = [p for p in nbs if p.stem in LAST]
    if parallel > 1 and len(first) > 1:
        with ThreadPoolExecutor(max_workers=min(parallel, len(first))) as pool:
            results = list(pool.map(one, first))
    else:
        results = []
        for p in first:
            results.append(one(p))
            if isinstance(results[-1], NotebookFailedError):
                break
    for r in results:
        if isinstance(r, NotebookFailedError):
            raise r
    for p in last:
        r = one(p)
        if isinstance(r, NotebookFailedError):
            raise r
        results.append(r)
    return results  # type: ignore[return-value]


def _tidy_loose(tmp: Path) -> None:
    """Files a notebook saved at the top of the run folder go to charts/, maps/, tables/."""
    for p in list(tmp.iterdir()):
        sub = _LOOSE.get(p.suffix.lower())
        if p.is_file() and sub and p.name != REPORT_HTML and not p.name.startswith("."):
            (tmp / sub).mkdir(exist_ok=True)
            os.replace(p, tmp / sub / p.name)


def load_kept(tmp: Path) -> dict[str, Any]:
    """Results the notebooks kept (``.results/*.pkl``), by section name."""
    from ucjlib.report.outputs import load_sections

    return dict(load_sections(tmp))


def _figures(sections: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for name, res in sections.items():
        fn = getattr(res, "figures", None)
        if callable(fn):
            out[name] = fn()
    return out


def _assemble(tmp: Path, lang: str, csv_locale: str, progress: Progress,
              min_cell: int = 10) -> list[str]:
    from ucjlib.report.outputs import assemble

    return [str(Path(p)) for p in assemble(tmp, lang=lang, csv_locale=csv_locale,
                                           min_cell=min_cell)]


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
    en = lang == "en"
    month = month_name(periode, lang=lang)
    made = _now().strftime("%Y-%m-%d %H:%M UTC")
    page = render_page(
        title=f"UCJ — {region.nama}, {month}", region_label=region.nama,
        subtitle=f"{region.kode} · {'data to' if en else 'data s.d.'} {month}",
        lang=lang, demo_label=demo_label, cards=headline_cards(figures, lang),
        sections=sections,
        meta_lines=[(f"Made {made} · run {run_id}" if en else f"Dibuat {made} · run {run_id}"),
                    f"ucjlib {__version__} · "
                    + (f"rules {rule_version}" if en else f"aturan {rule_version}")],
        footer=(f"{region.label} · {month} · run {run_id}"
                + (f" · {demo_label}" if demo_label else "")))
    return atomic_write_text(tmp / REPORT_HTML, page)


def _outputs_list(folder: Path) -> list[dict[str, Any]]:
    from ucjlib.report.manifest import MANIFEST, sha256

    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not any(x.startswith(".") for x in rel.parts) and p.name != MANIFEST:
            out.append({"path": rel.as_posix(), "bytes": p.stat().st_size, "sha256": sha256(p)})
    return out


def _scrub(tmp: Path, keep_logs: bool = False) -> None:
    """Remove what must not travel with a run: kept pickles, logs, temp files, owner record.

    A failed run keeps the kernels' stderr as ``logs/`` (why a kernel died).
    """
    if keep_logs and (tmp / ".logs").is_dir():
        with contextlib.suppress(OSError):
            os.rename(tmp / ".logs", tmp / "logs")
    for name in (".results", ".logs", ".ipynb_checkpoints"):
        shutil.rmtree(tmp / name, ignore_errors=True)
    for p in list(tmp.rglob(".part-*")) + [tmp / layout.OWNER]:
        with contextlib.suppress(OSError):
            p.unlink()


def run_report(region: Region | str, *, periode: str | None = None,
               target: float | str | None = None, deadline: str = "2025-12",
               scenario_file: str | os.PathLike | None = None,
               data: str | os.PathLike | None = None, lang: str = "id",
               out_root: str | os.PathLike = "reports", csv_locale: str = "id",
               progress: Progress | None = None, parallel: int | None = None,
               min_cell: int = 10) -> Path:
    """Run the report notebooks for one kabupaten/kota and publish one complete run folder.

    Parameters
    ----------
    region : Region or str
        The kabupaten/kota (a :class:`Region`, a code such as ``"35.22"``, or a
        name, resolved by :func:`ucjlib.resolve_region`).
    periode : str, optional
        Month ``YYYY-MM`` of the coverage figures; default the latest month of the data.
    target : float, optional
        Coverage target as a 0-1 share; default the region's target from ``data/rules``.
    deadline : str, default "2025-12"
        Month the projection aims at (after the last month of data).
    scenario_file : path, optional
        Scenario YAML for the projection (``data/scenarios/README.md``).
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
        Notebooks run side by side (default: one per CPU, at most three; the
        summary always runs last).
    min_cell : int, default 10
        Small-cell protection: desa participant counts below this show as ``<N``
        (:mod:`ucjlib.smallcells`); 0 turns it off.

    Returns
    -------
    Path
        The published run folder (``report.html``, ``manifest.json``,
        ``notebooks/``, ``charts/``, ``tables/``, ``maps/``, ``deck.pptx``).

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
    from ucjlib.rules import load_rules

    progress = progress or default_progress()
    t_start, t0 = _now(), time.monotonic()
    args = _check_inputs(region, periode=periode, target=target, deadline=deadline,
                         scenario_file=scenario_file, data=data, lang=lang,
                         csv_locale=csv_locale)
    reg: Region = args["region"]
    ds = args["dataset"]
    nbs = available()
    period_dir = layout.period_folder(out_root, reg, args["periode"])
    layout.clean_stale(period_dir)
    run_id, tmp = layout.make_temp(period_dir)
    rule_version = load_rules().version
    wanted = {"kabupaten": reg.kode, "periode": args["periode"], "target": args["target"],
              "deadline": args["deadline"],
              "skenario_file": str(args["scenario"]) if args["scenario"] else None,
              "data_dir": str(args["data"]) if args["data"] else None, "lang": args["lang"],
              "csv_locale": args["csv_locale"], "output_dir": ".", "interaktif": False,
              "sel_minimum": int(min_cell)}
    manifest: dict[str, Any] = {
        "schema": 1, "status": "running", "run_id": run_id,
        "kabupaten": {"kode": reg.kode, "nama": reg.nama},
        "periode": args["periode"],
        "parameters": {"periode": periode, "target": args["target"],
                       "deadline": args["deadline"],
                       "skenario": str(args["scenario"]) if args["scenario"] else None,
                       "data": str(args["data"]) if args["data"] else None,
                       "lang": args["lang"], "csv_locale": args["csv_locale"],
                       "min_cell": int(min_cell)},
        "demo": bool(ds.demo), "data_source": ds.source, "rule_version": rule_version,
        "started": _iso(t_start),
    }
    region_label = f"{reg.label}, {args['periode']}"
    n_par = parallel if parallel is not None else max(1, min(3, os.cpu_count() or 1))
    progress.begin(region_label, len(nbs))
    runs: list[NotebookRun] = []
    try:
        runs = _run_notebooks(nbs, tmp, wanted, progress, n_par)
        _tidy_loose(tmp)
        sections = load_kept(tmp)
        figures = _figures(sections)
        en = args["lang"] == "en"
        progress.message("Tables, maps and deck ..." if en else "Tabel, peta dan deck ...")
        assembled = _assemble(tmp, args["lang"], args["csv_locale"], progress, int(min_cell))
        progress.message("report.html ...")
        demo_label = ""
        if ds.demo:
            from ucjlib.dataset import DEMO_LABEL, DEMO_LABEL_EN

            demo_label = DEMO_LABEL if args["lang"] == "id" else DEMO_LABEL_EN
        write_html(tmp, region=reg, periode=args["periode"], lang=args["lang"],
                   demo_label=demo_label, figures=figures, run_id=run_id,
                   rule_version=rule_version, notebooks=runs)
        _scrub(tmp)
        t_end = _now()
        manifest.update(
            status="complete", finished=_iso(t_end),
            duration_seconds=round(time.monotonic() - t0, 3),
            notebooks=[{"name": r.name, "output": f"notebooks/{r.output.name}",
                        "start": r.start, "end": r.end, "seconds": r.seconds,
                        "parameters": r.parameters} for r in runs],
            figures=figures, label=demo_label,
            assembled=[Path(p).relative_to(tmp).as_posix() if Path(p).is_absolute()
                       and tmp in Path(p).parents else str(p) for p in assembled],
            inputs=input_files(args["data"], read=ds.files, scenario=args["scenario"],
                               notebooks=nbs, rules_root=_rules_root()),
            environment=environment(), outputs=_outputs_list(tmp))
        write_manifest(tmp, manifest)
        dest = layout.publish(tmp, period_dir, run_id)
    except NotebookFailedError as exc:
        partial = _fail(tmp, period_dir, run_id, manifest, t0, nbs, args, ds,
                        {"notebook": exc.notebook, "where": exc.where, "what": exc.what})
        progress.end()
        nb = partial / "notebooks" / f"{exc.notebook}.ipynb"
        raise exc.with_partial(nb if nb.is_file() else partial) from None
    except KeyboardInterrupt:
        shutil.rmtree(tmp, ignore_errors=True)
        progress.end()
        raise
    except BaseException as exc:
        _fail(tmp, period_dir, run_id, manifest, t0, nbs, args, ds,
              {"error": type(exc).__name__,
               "message": str(exc) if isinstance(exc, UcjError) else ""})
        progress.end()
        raise
    progress.end()
    progress.message(("Report" if args["lang"] == "en" else "Laporan") + f": {dest / REPORT_HTML}")
    return dest


def _rules_root() -> Path | None:
    p = Path(__file__).resolve().parents[2] / "data" / "rules"
    return p if p.is_dir() else None


def _fail(tmp: Path, period_dir: Path, run_id: str, manifest: dict[str, Any], t0: float,
          nbs: Sequence[Path], args: Mapping[str, Any], ds: Any,
          error: Mapping[str, Any]) -> Path:
    """Keep a failed run (partial notebooks, kernel logs, manifest) in ``failed/``."""
    _scrub(tmp, keep_logs=True)
    manifest.update(status="failed", finished=_iso(_now()),
                    duration_seconds=round(time.monotonic() - t0, 3), error=dict(error))
    with contextlib.suppress(Exception):
        manifest["inputs"] = input_files(args["data"], read=ds.files, scenario=args["scenario"],
                                         notebooks=nbs, rules_root=_rules_root())
        manifest["environment"] = environment()
    with contextlib.suppress(Exception):
        write_manifest(tmp, manifest)
    try:
        return layout.keep_failed(tmp, period_dir, run_id)
    except UcjError:
        return tmp
