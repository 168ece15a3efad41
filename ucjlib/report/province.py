"""``ucj report --provinsi``: a province's kabupaten/kota compared, computed once.

Each kabupaten/kota is analysed cheaply, not as a full report: its coverage
(:func:`ucjlib.coverage.analyze_coverage` at the kabupaten level, the numbers ``ucj
coverage <kab>`` shows), then the required pace to its target by its deadline
(:func:`ucjlib.projection.pace.required_pace` on the baseline path of the stock-flow model,
the path :func:`ucjlib.projection.project` uses for its pace) and the APBD cost of that gap:
the participants still needed at the deadline times the monthly JKK+JKM contribution of a
BPU participant paid from the APBD in the first month after the data
(:func:`ucjlib.budget.contributions.contribution_per_participant`), times 12.

The page is written like a kabupaten report: built in a temporary folder beside
``<out>/<code>-<slug>/<periode>/<run id>/`` and moved into place when complete
(:mod:`ucjlib.report.layout`), with ``report.html``, ``tables/*.csv`` and
``manifest.json``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ucjlib.errors import ArgumentError, UcjError
from ucjlib.fmt import month_name
from ucjlib.geo.wilayah import Region
from ucjlib.text import say

__all__ = ["ProvinceReport", "analyse_member", "analyse_province", "apbd_cost_per_year",
           "province_csv", "run_province_report"]

COLUMNS = ["kode", "nama", "periode", "pekerja", "peserta_aktif", "cakupan", "target",
           "gap_target", "deadline", "bulan", "target_deadline", "peserta_dibutuhkan",
           "laju_bersih_per_bulan", "iuran_apbd_per_bulan", "biaya_apbd_per_tahun", "status"]


@dataclass
class ProvinceReport:
    """The province's kabupaten/kota compared: one row each, ranked, and the totals."""

    provinsi: Region
    periode: str
    table: pd.DataFrame
    totals: dict[str, Any]
    deadlines: dict[str, str]          # kode -> where its deadline came from (one line)
    targets: dict[str, str]            # kode -> where its target came from (one line)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # kode, nama, reason
    demo: bool = False
    lang: str = "id"
    sources: list[str] = field(default_factory=list)


def apbd_cost_per_year(needed: float, month: str) -> tuple[float, float]:
    """Return the APBD contribution per participant per month in ``month`` and the yearly cost.

    ``needed`` participants paid by the APBD (BPU, lowest income bracket, sector other) for
    12 months at the rate in force in ``month``.

    Examples
    --------
    >>> apbd_cost_per_year(1000, "2026-06")
    (16800.0, 201600000.0)
    """
    from ucjlib.budget.contributions import contribution_per_participant

    rate = float(contribution_per_participant(month, "BPU", "APBD").value)
    return rate, float(needed) * rate * 12


def analyse_member(region: Region, *, data: str | os.PathLike | None = None,
                   periode: str | None = None, target: float | None = None,
                   deadline: str | None = None, lang: str = "id") -> dict[str, Any]:
    """Analyse one kabupaten/kota cheaply: coverage, required pace and APBD cost.

    Returns
    -------
    dict
        The row (:data:`COLUMNS`), plus ``deadline_why``, ``target_why`` and ``demo``.
    """
    from ucjlib.budget.contributions import months_from
    from ucjlib.coverage import analyze_coverage, resolve_target
    from ucjlib.open import open_dataset
    from ucjlib.projection.model import fit_model
    from ucjlib.projection.pace import required_pace
    from ucjlib.projection.scenario import baseline_scenario
    from ucjlib.projection.simulate import simulate
    from ucjlib.rules import default_deadline
    from ucjlib.streams import month_index

    ds = open_dataset(region, data, periods=periode)
    cov = analyze_coverage(ds, periode, level="kabupaten", target=target, lang=lang)
    per = cov.periode
    total = cov.total
    dsu = ds.until(per) if per != ds.latest_period else ds
    fit = fit_model(dsu)
    if deadline is None:
        choice = default_deadline(ds.kode, fit.last)
        dl, why = choice.deadline, choice.describe(lang)
    else:
        dl, why = deadline, say("target.user", lang)
    months = month_index(dl) - month_index(fit.last)
    if months < 1:
        raise ArgumentError("--deadline", dl, f"bulan sesudah bulan data terakhir ({fit.last})")
    tgt = resolve_target(dsu, dl, target, lang)
    base = baseline_scenario()
    pace = required_pace(simulate(fit, base, months, base), tgt.value, months)
    rate, cost = apbd_cost_per_year(pace["needed_total"], months_from(per, 2)[1])
    row = {"kode": region.kode, "nama": region.nama, "periode": per,
           "pekerja": total.get("pekerja"), "peserta_aktif": total.get("peserta_aktif"),
           "cakupan": total.get("cakupan"), "target": cov.target.value,
           "gap_target": total.get("gap_target"), "deadline": dl, "bulan": months,
           "target_deadline": tgt.value, "peserta_dibutuhkan": pace["needed_total"],
           "laju_bersih_per_bulan": pace["net_per_month"], "iuran_apbd_per_bulan": rate,
           "biaya_apbd_per_tahun": cost, "status": total.get("status")}
    return {**row, "deadline_why": why, "target_why": tgt.source, "demo": bool(ds.demo)}


def analyse_province(provinsi: Region | str, *, data: str | os.PathLike | None = None,
                     periode: str | None = None, target: float | None = None,
                     deadline: str | None = None, lang: str = "id") -> ProvinceReport:
    """Analyse every kabupaten/kota of a province once and rank them by coverage.

    A kabupaten/kota that cannot be analysed (no data folder, a bad file) is listed as
    failed with the reason; the others are still compared. ``data`` is a folder with one
    data folder per kabupaten/kota, as for ``ucj batch``.
    """
    from ucjlib.geo.wilayah import resolve
    from ucjlib.report.batch import data_folder_for, province_members

    prov = resolve(provinsi, level="provinsi")
    rows, failed, deadlines, targets, demo = [], [], {}, {}, False
    for r in province_members(prov):
        try:
            folder = data_folder_for(data, r.kode)
            got = analyse_member(r, data=folder, periode=periode, target=target,
                                 deadline=deadline, lang=lang)
        except ArgumentError:
            raise  # the same wrong option for every kabupaten: say it once
        except UcjError as exc:
            failed.append((r.kode, r.nama, " ".join(str(exc).split())[:300]))
            continue
        deadlines[r.kode], targets[r.kode] = got.pop("deadline_why"), got.pop("target_why")
        demo = demo or got.pop("demo")
        rows.append(got)
    if not rows:
        reasons = "; ".join(f"{k} {n}: {why}" for k, n, why in failed)
        raise UcjError(say("province.none", lang, provinsi=prov.label, reasons=reasons))
    table = pd.DataFrame(rows, columns=COLUMNS)
    table = table.sort_values(["cakupan", "kode"], ascending=[False, True], na_position="last")
    table.insert(0, "peringkat", range(1, len(table) + 1))
    table = table.reset_index(drop=True)
    pekerja = float(table["pekerja"].sum())
    peserta = float(table["peserta_aktif"].sum())
    totals = {"pekerja": pekerja, "peserta_aktif": peserta,
              "cakupan": peserta / pekerja if pekerja else None,
              "gap_target": float(table["gap_target"].sum()),
              "peserta_dibutuhkan": float(table["peserta_dibutuhkan"].sum()),
              "laju_bersih_per_bulan": float(table["laju_bersih_per_bulan"].sum()),
              "biaya_apbd_per_tahun": float(table["biaya_apbd_per_tahun"].sum()),
              "n": len(table), "n_failed": len(failed),
              "di_bawah_target": int((table["gap_target"] > 0).sum())}
    per = table["periode"].mode().iloc[0]
    data_source = say("province.source_demo" if demo else "province.source_input", lang)
    return ProvinceReport(prov, str(per), table, totals, deadlines, targets, failed, demo,
                          lang, sources=[data_source, say("province.source_rules", lang)])


def province_csv(table: pd.DataFrame, csv_locale: str, label: str) -> str:
    """Return the province table as CSV text in a CSV locale (text neutralised)."""
    from ucjlib.render.csvout import separator
    from ucjlib.render.safe import neutral_frame

    t = table.copy()
    if label:
        t["label_data"] = label
    return neutral_frame(t).to_csv(index=False, sep=separator(csv_locale),
                                   decimal="," if csv_locale == "id" else ".")


def run_province_report(provinsi: Region | str, *, data: str | os.PathLike | None = None,
                        periode: str | None = None, target: float | None = None,
                        deadline: str | None = None, lang: str = "id",
                        out_root: str | os.PathLike = "reports",
                        csv_locale: str = "id", pdf: bool = True,
                        progress: Any = None) -> Path:
    """Analyse a province and publish its report folder; return the run folder.

    ``<out_root>/<code>-<slug>/<periode>/<run id>/`` with ``report.html``, ``report.pdf``
    (A4, the same page with the reports' print style sheet; not with ``pdf=False``, and
    skipped with one line where the PDF engine cannot be loaded),
    ``tables/provinsi-<code>.csv`` and ``manifest.json``; ``latest`` points at it.
    """
    from ucjlib.report import layout
    from ucjlib.report.manifest import environment, write_manifest
    from ucjlib.report.province_page import render_province
    from ucjlib.rules import load_rules

    t0 = time.monotonic()
    rep = analyse_province(provinsi, data=data, periode=periode, target=target,
                           deadline=deadline, lang=lang)
    t_analysis = round(time.monotonic() - t0, 3)
    label = say("label.demo_data", lang) if rep.demo else ""
    root = Path(out_root).resolve()
    period_dir = layout.period_folder(root, rep.provinsi, rep.periode)
    layout.clean_stale(period_dir)
    run_id, tmp = layout.make_temp(period_dir)
    try:
        from ucjlib.files import atomic_write_text, ensure_dir

        page = render_province(rep, lang)
        atomic_write_text(tmp / "report.html", page)
        made_pdf = _province_pdf(tmp, page, rep, lang, label, progress) if pdf else None
        ensure_dir(tmp / "tables")
        csv_name = f"provinsi-{rep.provinsi.kode}.csv"
        atomic_write_text(tmp / "tables" / csv_name, province_csv(rep.table, csv_locale, label))
        manifest = {
            "kind": "province", "run_id": run_id, "status": "complete",
            "region": {"kode": rep.provinsi.kode, "nama": rep.provinsi.nama},
            "periode": rep.periode, "demo": rep.demo, "label": label,
            "parameters": {"periode": periode, "target": target, "deadline": deadline,
                           "data": str(Path(data).resolve()) if data else None,
                           "lang": lang, "csv_locale": csv_locale},
            "rule_version": load_rules().version,
            "figures": {"province": rep.totals},
            "failed": [{"kode": k, "nama": n, "error": e} for k, n, e in rep.failed],
            "timings": {"analysis": t_analysis,
                        "total": round(time.monotonic() - t0, 3)},
            "outputs": ["report.html", *(["report.pdf"] if made_pdf and "path" in made_pdf
                                         else []), f"tables/{csv_name}"],
            "environment": environment()}
        if made_pdf is not None:
            manifest["pdf"] = made_pdf
        write_manifest(tmp, manifest)
        return layout.publish(tmp, period_dir, run_id)
    except BaseException:
        try:
            layout.keep_failed(tmp, period_dir, run_id)
        except UcjError:
            pass
        raise


def _province_pdf(tmp: Path, page: str, rep: Any, lang: str, label: str,
                  progress: Any) -> dict[str, Any]:
    """Write the province page as ``report.pdf`` (A4, page numbers, demo label)."""
    from ucjlib.render.pdf import html_to_pdf, pdf_engine_problem
    from ucjlib.report.pdfpage import print_css

    problem = pdf_engine_problem()
    if problem is not None:
        if progress is not None:
            progress.message(say("run.pdf_skipped", lang, why=problem))
        return {"skipped": problem}
    t0 = time.monotonic()
    running = f"{rep.provinsi.nama} · {month_name(rep.periode, lang)}"
    html_to_pdf(page, tmp / "report.pdf", base_dir=tmp,
                stylesheets=[print_css(lang, label, running)])
    return {"path": "report.pdf", "seconds": round(time.monotonic() - t0, 3)}
