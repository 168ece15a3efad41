"""``run_batch``: the report of every kabupaten/kota of a province, in parallel.

Each kabupaten is one task running :func:`ucjlib.report.run_report` (one CPU per
task). Locally the tasks run in worker processes forked from this one after it has
imported everything a report needs and read the rules and the gazetteer
(:func:`warm_up`): every worker starts warm and stays warm for all its reports, and
there are never more workers than reports or CPUs. With a scheduler address they run
on that existing Dask cluster instead (its workers must see the same output folder and
data, so paths are passed absolute; each Dask worker process stays warm after its
first report). A failing kabupaten does not stop the others; the batch ends with an
index page linking every report (:mod:`ucjlib.report.index`) and the list of failures.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ucjlib.errors import ArgumentError, OutputError, UcjError
from ucjlib.geo.wilayah import Region
from ucjlib.report.outcome import BatchItem, BatchResult
from ucjlib.report.progress import Progress, default_progress
from ucjlib.text import say


def province_members(provinsi: Region | str, only: Sequence[str] | None = None) -> list[Region]:
    """Every kabupaten/kota of ``provinsi`` (gazetteer order), or the ``only`` codes among them."""
    from ucjlib.geo.wilayah import children, get_region, resolve

    prov = resolve(provinsi, level="provinsi")
    kabs = children(prov.kode, "kabupaten")["kode"].tolist()
    if only:
        wanted = []
        for k in only:
            r = resolve(k, level="kabupaten", within=prov.kode)
            wanted.append(r.kode)
        kabs = [k for k in kabs if k in set(wanted)]
    return [get_region(k) for k in kabs]


def data_folder_for(data: str | Path | None, kode: str) -> Path | None:
    """Find one kabupaten's data folder in a batch data root: ``<root>/<kode>[-*]``.

    ``None`` for the demo. A missing folder is the kabupaten's own failure,
    raised when its task runs.
    """
    if data is None or not str(data).strip():
        return None
    root = Path(data)
    exact = root / kode
    if exact.is_dir():
        return exact.resolve()
    hits = sorted(p for p in root.glob(f"{kode}-*") if p.is_dir())
    if hits:
        return hits[0].resolve()
    from ucjlib.errors import InputValidationError, Problem

    raise InputValidationError([Problem(str(root), None, None,
                                        f"tidak ada folder data untuk {kode}",
                                        f"{root}/{kode}/ berisi berkas cakupan dan pekerja")])


def report_task(kode: str, options: dict[str, Any]) -> dict[str, Any]:
    """Run one kabupaten's report on a worker; always returns (a failure is data, not an error)."""
    from ucjlib.report.manifest import read_manifest
    from ucjlib.report.notebooks import NotebookFailedError
    from ucjlib.report.progress import QuietProgress
    from ucjlib.report.run import run_report

    t0 = time.monotonic()
    opts = dict(options)
    out: dict[str, Any] = {"kode": kode, "ok": False}
    try:
        data = data_folder_for(opts.pop("data", None), kode)
        dest = run_report(kode, data=data, progress=QuietProgress(), parallel=1, **opts)
        out.update(ok=True, path=str(dest), manifest=read_manifest(dest) or {})
        out["periode"] = out["manifest"].get("periode")
    except NotebookFailedError as exc:
        out.update(error=str(exc), exit_code=exc.exit_code,
                   failed_path=str(exc.partial) if exc.partial else None)
    except UcjError as exc:
        out.update(error=str(exc), exit_code=int(getattr(exc, "exit_code", 1) or 1))
    except Exception as exc:  # noqa: BLE001 - one kabupaten's bug must not stop the batch
        out.update(error=f"kesalahan internal ({type(exc).__name__}); jalankan `ucj report "
                         f"{kode}` dengan UCJ_DEBUG=1 untuk rinciannya", exit_code=70)
    out["seconds"] = round(time.monotonic() - t0, 3)
    return out


def worker_count(workers: int | None, reports: int, cpus: int | None = None) -> int:
    """Local worker processes for a batch: never more than the reports or the CPUs.

    Examples
    --------
    >>> worker_count(1000, 38, cpus=2), worker_count(None, 1, cpus=8), worker_count(2, 5, cpus=4)
    (2, 1, 2)
    """
    cpus = cpus or os.cpu_count() or 1
    want = workers if workers is not None else cpus
    return max(1, min(want, reports, cpus))


def warm_up() -> None:
    """Import and read once what every report needs, so forked workers start warm.

    The modules of the analysis, the renderers, the deck, the workbook, papermill and
    nbconvert; the rules; the gazetteer index. A worker forked afterwards shares them.
    """
    import ucjlib.render.budget
    import ucjlib.render.bundle
    import ucjlib.render.csvout
    import ucjlib.render.deck
    import ucjlib.render.projection
    import ucjlib.render.webmap
    import ucjlib.render.workbook
    import ucjlib.report.analysis
    import ucjlib.report.engine
    import ucjlib.report.run
    import ucjlib.report.store
    import ucjlib.report.summary
    import ucjlib.report.view  # noqa: F401 - imported for the workers
    from ucjlib.geo.gazetteer import gazetteer
    from ucjlib.report.html import html_exporter
    from ucjlib.report.notebooks import import_papermill
    from ucjlib.rules import load_rules

    import_papermill()
    html_exporter()
    load_rules()
    gazetteer()
    from ucjlib.render.pdf import pdf_engine_problem

    pdf_engine_problem()  # imports WeasyPrint (the reports' PDF) where it can be loaded


def _die_with_parent(parent: int) -> None:
    """In a worker: end when the batch process ends (Linux), instead of finishing alone."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the batch ended before this line
        os._exit(1)


def _local_pool(workers: int) -> Any:
    """Return a pool of ``workers`` processes forked from this (warmed-up) one."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    warm_up()
    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - no fork on this platform: fresh processes
        ctx = mp.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                               initializer=_die_with_parent, initargs=(os.getpid(),))


def _client(workers: int, scheduler: str | None) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise UcjError("ucj batch butuh dask.distributed: pip install 'dask[distributed]'") \
            from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, TimeoutError, ValueError) as exc:  # unreachable, or not an address
            raise ArgumentError("--scheduler", scheduler,
                                f"alamat scheduler Dask yang aktif, mis. tcp://host:8786 "
                                f"({type(exc).__name__})") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_batch(provinsi: Region | str, *, workers: int | None = None,
              scheduler: str | None = None, kabupaten: Sequence[str] | None = None,
              periode: str | None = None, target: float | str | None = None,
              deadline: str | None = None, scenario_file: str | os.PathLike | None = None,
              data: str | os.PathLike | None = None, lang: str = "id",
              out_root: str | os.PathLike = "reports", csv_locale: str = "id",
              progress: Progress | None = None, pdf: bool = True) -> BatchResult:
    """Run :func:`~ucjlib.report.run_report` for every kabupaten/kota of a province.

    Parameters
    ----------
    provinsi : Region or str
        Province code or name (``"35"``, ``"Jawa Timur"``).
    workers : int, optional
        Local worker processes: at most ``min(workers, kabupaten/kota, CPUs)`` are
        started (default one per CPU). Each worker process stays warm: it pays the
        imports, rules and gazetteer once for all the reports it runs. Ignored with
        ``scheduler``.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``); its
        workers must have ucjlib and see ``out_root`` (and ``data``) at the same paths.
    kabupaten : sequence of str, optional
        Only these kabupaten/kota of the province (codes or names).
    periode, target, deadline, scenario_file, lang, csv_locale
        As for :func:`~ucjlib.report.run_report`, the same for every kabupaten.
    data : path, optional
        A folder with one data folder per kabupaten (``<data>/35.22/`` or
        ``<data>/35.22-bojonegoro/``, as ``ucj demo --out`` writes them);
        default the synthetic demo.
    out_root : path, default "reports"
    progress : Progress, optional
        Per kabupaten; default rich on a terminal, plain lines otherwise.
    pdf : bool, default True
        Each report also as ``report.pdf`` (as ``ucj report`` does). It costs about 3 s
        of one CPU per kabupaten/kota (Bojonegoro: 19 pages, 2.6 MB; the whole report
        without it about 6 s), so it stays on; ``False`` leaves it out.

    Returns
    -------
    BatchResult
        Every item (ok or failed, with the message) and the index page
        ``<out_root>/index-<province code>-<periode>.html``.

    Examples
    --------
    >>> run_batch("Jawa Timur", workers=4)  # doctest: +SKIP
    """
    from ucjlib.geo.wilayah import resolve

    options = batch_options(periode=periode, target=target, deadline=deadline,
                            scenario_file=scenario_file, data=data, lang=lang,
                            out_root=out_root, csv_locale=csv_locale, workers=workers)
    if not pdf:
        options["pdf"] = False
    periode, target, lang = options["periode"], options["target"], options["lang"]
    prov = resolve(provinsi, level="provinsi")
    members = province_members(prov, kabupaten)
    root = Path(options["out_root"])
    progress = progress or default_progress(lang)
    items = run_reports(members, options, workers=workers, scheduler=scheduler,
                        progress=progress, lang=lang, root=root,
                        title=f"{prov.label}: {len(members)} kabupaten/kota")
    return province_result(prov, items, root, periode=periode, target=target, lang=lang,
                           progress=progress)


def province_result(prov: Region, items: list[BatchItem], root: Path, *, periode: str | None,
                    target: float | None, lang: str, progress: Progress) -> BatchResult:
    """Gather a province's items into its result and write its index page.

    The index shows the whole province: a kabupaten that failed now, or was not in this
    batch, keeps its last good report of the period (marked as earlier).
    """
    from ucjlib.report.index import write_index

    per = periode or _common_period(items)
    result = BatchResult(prov, per, items, target=target if target else None)
    for it in items:
        for warning in it.manifest.get("warnings") or ():
            progress.message(f"{it.kode} {it.nama}: {warning}")
    result.earlier = earlier_reports(root, province_members(prov), per,
                                     {i.kode for i in items if i.ok})
    result.index = write_index(root, result, lang=lang)
    progress.message(say("batch.index", lang, index=result.index))
    return result


def batch_options(*, periode: str | None, target: float | str | None, deadline: str | None,
                  scenario_file: str | os.PathLike | None, data: str | os.PathLike | None,
                  lang: str, out_root: str | os.PathLike, csv_locale: str,
                  workers: int | None) -> dict[str, Any]:
    """Check a batch's options once and return them as every report task takes them.

    Paths come back absolute (a Dask worker elsewhere sees the same ones).
    """
    from ucjlib.checks import check_periode, check_target, choice, output_folder

    lang = choice("--lang", lang, ("id", "en"))
    csv_locale = choice("--csv-locale", csv_locale, ("id", "en"))
    if deadline is not None and str(deadline).strip():
        deadline = check_periode(deadline)
    else:
        deadline = None
    if periode:
        periode = check_periode(periode)
    if target is not None and str(target).strip():
        target = check_target(target)
    else:
        target = None
    if scenario_file and not Path(scenario_file).is_file():
        raise ArgumentError("--skenario", str(scenario_file), "berkas YAML skenario yang ada")
    if data is not None and str(data).strip() and not Path(data).is_dir():
        raise ArgumentError("--data", str(data), "folder berisi satu folder data per "
                            "kabupaten/kota (mis. data/demo/35.22/)")
    if workers is not None and workers < 1:
        raise ArgumentError("--workers", workers, "bilangan bulat 1 atau lebih")
    output_folder("out_root", str(out_root), inputs=(data, scenario_file))
    return {"periode": periode or None, "target": target, "deadline": deadline,
            "scenario_file": str(Path(scenario_file).resolve()) if scenario_file else None,
            "data": str(Path(data).resolve()) if data else None, "lang": lang,
            "out_root": str(Path(out_root).resolve()), "csv_locale": csv_locale}


def run_reports(members: Sequence[Region], options: dict[str, Any], *, workers: int | None,
                scheduler: str | None, progress: Progress, lang: str, root: Path,
                title: str) -> list[BatchItem]:
    """Run :func:`report_task` for every member on local processes or a Dask cluster.

    One task per kabupaten/kota; a failure is that item's (ok False, with its message and
    exit code), never the batch's. Items come back in ``members`` order.
    """
    from ucjlib.files import ensure_dir

    n = worker_count(workers, len(members))
    if workers is not None and n < workers and not scheduler:
        progress.message(say("batch.workers", lang, n=n, workers=workers,
                             reports=len(members), cpus=os.cpu_count() or 1))
    names = {r.kode: r.nama for r in members}
    items: list[BatchItem] = []
    if scheduler:
        client, cluster = _client(n, scheduler)  # a wrong address is said before anything
        pool = None
    else:
        client = cluster = None
        pool = _local_pool(n)

    def close() -> None:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    try:
        ensure_dir(root)
    except OutputError:
        close()
        raise
    progress.begin(title, len(members))
    try:
        if pool is not None:
            from concurrent.futures import as_completed

            futures = {pool.submit(report_task, r.kode, options): r.kode for r in members}
            done = as_completed(futures)
        else:
            from distributed import as_completed as dask_completed

            dask_futures = [client.submit(report_task, r.kode, options, pure=False, retries=0,
                                          key=f"ucj-report-{r.kode}-{os.getpid()}-"
                                              f"{time.time_ns()}")
                            for r in members]
            done = dask_completed(dask_futures)
        for fut in done:
            kode = futures[fut] if pool is not None else _kode_of(fut, members)
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker is that kabupaten's failure
                res = {"kode": kode, "ok": False, "exit_code": 1,
                       "error": f"proses pekerja berhenti ({type(exc).__name__})"}
            item = BatchItem(kode=res["kode"], nama=names.get(res["kode"], res["kode"]),
                             ok=bool(res.get("ok")), seconds=float(res.get("seconds") or 0),
                             path=res.get("path"), periode=res.get("periode"),
                             error=res.get("error", ""), exit_code=int(res.get("exit_code", 0)),
                             failed_path=res.get("failed_path"),
                             manifest=res.get("manifest") or {})
            items.append(item)
            progress.step_done(f"{item.kode} {item.nama}", item.seconds, ok=item.ok,
                               note="" if item.ok else _short(item.error))
    finally:
        close()
        progress.end()
    order = {r.kode: i for i, r in enumerate(members)}
    items.sort(key=lambda i: order.get(i.kode, 0))
    return items


def earlier_reports(root: Path, members: Sequence[Region], periode: str,
                    skip: set[str]) -> list[BatchItem]:
    """Find the last complete report of ``periode`` of each member not in ``skip``.

    Found through each period folder's own pointer (:func:`ucjlib.report.layout.latest`);
    only a run folder with its ``report.html`` counts, so the index never links a
    missing report.
    """
    from ucjlib.report import layout
    from ucjlib.report.manifest import read_manifest

    out = []
    if not layout.is_period(periode):
        return out
    for r in members:
        if r.kode in skip:
            continue
        try:
            period_dir = root / layout.region_folder(r) / periode
            rid = layout.latest(period_dir) if period_dir.is_dir() else None
        except (OutputError, OSError):
            continue
        run = period_dir / rid if rid else None
        if run is None or not (run / "report.html").is_file():
            continue
        out.append(BatchItem(kode=r.kode, nama=r.nama, ok=True, path=str(run), periode=periode,
                             manifest=read_manifest(run) or {}, earlier=True))
    return out


def _kode_of(fut: Any, members: Sequence[Region]) -> str:
    key = str(getattr(fut, "key", ""))
    for r in members:
        if key.startswith(f"ucj-report-{r.kode}-"):
            return r.kode
    return "?"


def _short(text: str, n: int = 160) -> str:
    t = " ".join(str(text).split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _common_period(items: Sequence[BatchItem]) -> str:
    counts = Counter(i.periode for i in items if i.periode)
    return counts.most_common(1)[0][0] if counts else "terbaru"
