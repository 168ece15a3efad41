"""The batch index: one offline page comparing a province's kabupaten/kota.

``<out_root>/index-<province code>-<periode>.html`` links every report
(relative links through each kabupaten's ``latest`` pointer), compares the
headline figures each run kept (read from its ``manifest.json``), draws a
coverage map of the province (a PNG embedded as a data URI, drawn with
:func:`ucjlib.render.maps.coverage_map`) and lists the kabupaten that failed
with the reason. Like the report, it loads nothing from the network.

A failed or partial batch never makes the page worse than the one it replaces:
a kabupaten that failed now, or was not in this batch, keeps its last complete
report of the period (``BatchResult.earlier``, marked "run sebelumnya" with its
date), and the failure is listed beside it. Only a run folder that holds its
``report.html`` is linked, so the page never points at a missing report.
"""

from __future__ import annotations

import base64
import html as _html
import io
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ucjlib.fmt import fmt_int, fmt_pct, fmt_pp, fmt_rupiah, fmt_target, month_name
from ucjlib.report.html import CSS, make_offline
from ucjlib.report.outcome import BatchItem, BatchResult
from ucjlib.text import say


def _figs(item: BatchItem, section: str) -> Mapping[str, Any]:
    return (item.manifest.get("figures") or {}).get(section) or {}


def report_link(root: Path, item: BatchItem) -> str | None:
    """Relative link from the index to the item's report, through ``latest`` when it exists."""
    if not item.ok or not item.path or not (Path(item.path) / "report.html").is_file():
        return None
    from ucjlib.report.layout import LATEST_LINK, latest

    run = Path(item.path)
    period_dir = run.parent
    via = period_dir / LATEST_LINK
    ours = via.is_symlink() and latest(period_dir) == run.name
    target = via if ours and via.resolve() == run.resolve() else run
    try:
        rel = Path(os.path.relpath(target / "report.html", root))
    except ValueError:  # another drive (Windows)
        return (target / "report.html").as_uri()
    return rel.as_posix()


def _first_year(series: Mapping[str, Any] | None) -> tuple[str, Any] | None:
    if not series:
        return None
    k = sorted(series)[0]
    return k, series[k]


def comparison_rows(result: BatchResult, root: Path, lang: str = "id") -> list[dict[str, Any]]:
    """One row per kabupaten: its figures (raw and formatted) and its link, ok ones first."""
    rows = []
    for it in [*result.items, *result.earlier]:
        cov, proj, bud = _figs(it, "coverage"), _figs(it, "projection"), _figs(it, "budget")
        c, tg = cov.get("cakupan"), cov.get("target")
        apbd = _first_year(bud.get("apbd_budget_per_year"))
        reached = proj.get("target_reached_month")
        rows.append({
            "kode": it.kode, "nama": it.nama, "ok": it.ok, "link": report_link(root, it),
            "cakupan": c, "target": tg,
            "gap_pp": (tg - c) if c is not None and tg is not None else None,
            "pekerja": cov.get("pekerja"), "peserta_aktif": cov.get("peserta_aktif"),
            "gap_target": cov.get("gap_target"),
            "perubahan_12bln": cov.get("perubahan_12bln"),
            "target_reached_month": reached,
            "coverage_at_deadline": proj.get("coverage_at_deadline"),
            "deadline": proj.get("deadline"),
            "apbd": apbd, "error": it.error, "demo": it.manifest.get("demo"),
            "earlier": (str(it.manifest.get("finished") or Path(it.path or "").name)[:10]
                        if it.earlier else None),
            "has_figures": bool(cov),
            "cells": {
                "cakupan": fmt_pct(c, lang=lang),
                "target": fmt_target(tg, lang) if tg is not None else "–",
                "gap_pp": fmt_pp(-(tg - c), lang=lang) if c is not None and tg is not None
                else "–",
                "gap_target": fmt_int(cov.get("gap_target"), lang),
                "perubahan_12bln": fmt_pp(cov.get("perubahan_12bln"), lang=lang),
                "reached": (month_name(reached, lang=lang, short=True) if reached else
                            say("index.not_yet", lang) if proj else "–"),
                "deadline": fmt_pct(proj.get("coverage_at_deadline"), 1, lang),
                "apbd": f"{fmt_rupiah(apbd[1], lang=lang)} ({apbd[0]})" if apbd else "–",
            },
        })
    rows.sort(key=lambda r: (not r["ok"], -(r["cakupan"] if r["cakupan"] is not None
                                            else -1), r["kode"]))
    return rows


def province_map_png(result: BatchResult, rows: Sequence[Mapping[str, Any]], lang: str,
             target: float | None) -> tuple[str | None, str]:
    """Draw the province map as a PNG data URI (or return ``None`` and the reason)."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
        import pandas as pd

        from ucjlib.coverage import status_of
        from ucjlib.render.maps import coverage_map
        from ucjlib.results import CoverageResult, Target
        from ucjlib.rules import target_for

        if not any(r["cakupan"] is not None for r in rows):
            return None, say("index.no_run_kept_coverage", lang)
        month = result.periode if result.periode[:1].isdigit() else None
        if target is None:  # without a month, the rules' default date: today
            tc = target_for(result.provinsi.kode, month or date.today())
            target, tsource = tc.value, f"target {fmt_target(tc.value, lang)} ({tc.source_name})"
        else:
            tsource = f"target {fmt_target(target, lang)}"
        table = pd.DataFrame([{
            "kode": r["kode"], "nama": r["nama"], "pekerja": r["pekerja"],
            "peserta_aktif": r["peserta_aktif"],
            "cakupan": float(r["cakupan"]) if r["cakupan"] is not None else float("nan"),
            "gap_target": r["gap_target"],
            "status": status_of(r["cakupan"], target)}
            for r in rows])
        demo = any(r.get("demo") for r in rows)
        res = CoverageResult(
            region=result.provinsi, periode=month, level="kabupaten",
            target=Target(target, tsource, "provinsi"),
            table=table, total={}, segments=pd.DataFrame(), series=pd.DataFrame(), demo=demo,
            source=say("index.ucj_reports_per_regency", lang),
            lang=lang)
        fig = coverage_map(res)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
        plt.close(fig)
        return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode(), ""
    except Exception as exc:  # noqa: BLE001 - the table is the index; the map is a bonus
        return None, f"{type(exc).__name__}"


def render_index(result: BatchResult, root: Path, lang: str = "id") -> str:
    """Render the index page as one self-contained HTML string."""
    rows = comparison_rows(result, root, lang)
    targets = Counter(r["target"] for r in rows if r["target"] is not None)
    user_target = result.target
    ok = [r for r in rows if r["ok"]]
    bad = [r for r in rows if not r["ok"]]
    n_earlier = sum(1 for r in ok if r["earlier"])
    png, why = province_map_png(result, rows, lang, user_target)
    month = month_name(result.periode, lang=lang) if result.periode[:1].isdigit() \
        else result.periode
    demo = any(r.get("demo") for r in rows)
    head = [say("index.code", lang), say("index.regency_city", lang),
            say("index.coverage", lang), "Target", say("index.difference", lang),
            say("index.participants_needed", lang),
            say("index.12_month_change", lang),
            say("index.target_reached", lang),
            say("index.at_deadline", lang),
            say("index.apbd_contributions_per_year", lang)]
    body_rows = []
    for r in ok:
        name = _html.escape(r["nama"])
        if r["link"]:
            name = f'<a href="{_html.escape(r["link"])}">{name}</a>'
        if r["earlier"]:
            name += (' <span class="meta">(' + say("index.earlier_run", lang)
                     + f", {_html.escape(r['earlier'])})</span>")
        c = r["cells"]
        body_rows.append(
            "<tr>" + f"<td>{_html.escape(r['kode'])}</td><td>{name}</td>"
            + "".join(f'<td class="num">{_html.escape(c[k])}</td>' for k in (
                "cakupan", "target", "gap_pp", "gap_target", "perubahan_12bln", "reached",
                "deadline", "apbd")) + "</tr>")
    table = ('<table class="cmp"><thead><tr>'
             + "".join(f'<th class="num">{h}</th>' if i >= 2 else f"<th>{h}</th>"
                       for i, h in enumerate(head))
             + "</tr></thead><tbody>" + "".join(body_rows) + "</tbody></table>")
    if ok and not any(r["has_figures"] for r in ok):
        table += ('<p class="nocards">' + say("index.these_runs_kept_no", lang) + "</p>")
    failed_html = ""
    if bad:
        kept = {r["kode"] for r in ok if r["earlier"]}
        items = "".join(f"<li><b>{_html.escape(r['kode'])} {_html.escape(r['nama'])}</b>: "
                        f"{_html.escape(r['error'])}"
                        + (say("index.the_earlier_report_stays", lang)
                           if r["kode"] in kept else "") + "</li>" for r in bad)
        failed_html = (f'<section class="failed"><h2>{say("index.failed", lang)} '
                       f"({len(bad)})</h2><ul>{items}</ul></section>")
    map_html = (f'<img class="map" alt="{say("index.coverage_map", lang)}" '
                f'src="{png}">' if png else
                f'<p class="nocards">{say("index.no_map", lang)}: '
                f"{_html.escape(why)}.</p>")
    demo_html = ('<div class="demo">' + say("index.demo_data_synthetic_not", lang)
                 + "</div>") if demo else ""
    tnote = ""
    if len(targets) > 1:
        tnote = say("index.targets_differ_by_regency", lang)
    page = "\n".join([
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>UCJ — {_html.escape(result.provinsi.nama)}, {_html.escape(month)}</title>",
        f"<style>{CSS}\n.num {{ text-align: right; }} td.num {{ white-space: nowrap; }}\n"
        "img.map { border: 1px solid var(--line); margin: 8px 0 16px; }\n"
        "table.cmp { width: 100%; font-size: .85rem; }\n"
        "table.cmp th { position: sticky; top: 0; vertical-align: bottom; }\n"
        "table.cmp th, table.cmp td { padding: 4px 6px; }\n"
        ".wide { overflow-x: auto; }\n"
        ".failed li { margin: 4px 0; }</style>",
        "</head>", "<body>", "<main>", '<header class="titlepage">', demo_html,
        f'<p class="kicker">{say("index.ucj_report_comparison", lang)}</p>',
        f"<h1>{say('index.province', lang)} {_html.escape(result.provinsi.nama.title())}</h1>",
        f'<p class="sub">{_html.escape(result.provinsi.kode)} · {_html.escape(month)} · '
        + say("index.reports_failed", lang, n_ok=len(ok), n_bad=len(bad))
        + (say("index.from_earlier_runs", lang, n_earlier=n_earlier)
           if n_earlier else "") + "</p>",
        "</header>", map_html,
        f"<h2>{say('index.regencies_and_cities_compared', lang)}</h2>",
        f'<p class="meta">{_html.escape(tnote)} '
        + say("index.sorted_by_coverage_each", lang) + "</p>",
        f'<div class="wide">{table}</div>', failed_html, "</main>", "</body>", "</html>"])
    return make_offline(page)


def write_index(root: str | Path, result: BatchResult, lang: str = "id") -> Path:
    """Write ``<root>/index-<province code>-<periode>.html`` (atomically) and return it."""
    from ucjlib.files import atomic_write_text, confined

    root = Path(root)
    name = f"index-{result.provinsi.kode}-{result.periode}.html"
    path = confined(root, name)
    return atomic_write_text(path, render_index(result, root, lang))
