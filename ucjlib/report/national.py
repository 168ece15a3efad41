"""``ucj batch --nasional``: every province's batch, and a national index linking them.

All the kabupaten/kota reports run as one pool of tasks (:func:`ucjlib.report.batch.
run_reports`: local processes or a Dask cluster), so the workers stay busy across province
boundaries; then each province gets its index page (:mod:`ucjlib.report.index`) and
``<out>/index-nasional-<periode>.html`` compares the provinces and links their pages.
Like the other pages it is one offline HTML file, every name escaped.
"""

from __future__ import annotations

import html as _html
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ucjlib.fmt import fmt_int, fmt_pct, month_name
from ucjlib.geo.wilayah import Region
from ucjlib.report.outcome import BatchItem, BatchResult
from ucjlib.report.progress import Progress, default_progress
from ucjlib.text import say

__all__ = ["NATIONAL_PROVINCES", "NationalResult", "national_provinces", "render_national",
           "run_national"]

NATIONAL_PROVINCES: tuple[str, ...] | None = None
"""Province codes a national batch is restricted to (``None``: all; tests and benchmarks)."""


@dataclass
class NationalResult:
    """Outcome of a national batch: one :class:`BatchResult` per province run, the index."""

    periode: str
    provinces: list[BatchResult]
    scope: list[Region]
    index: Path | None = None
    demo: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def items(self) -> list[BatchItem]:
        """Every kabupaten/kota item of every province."""
        return [i for p in self.provinces for i in p.items]

    @property
    def failed(self) -> list[BatchItem]:
        """Items that did not produce a report."""
        return [i for i in self.items if not i.ok]


def national_provinces() -> list[Region]:
    """Every province of the gazetteer (or of :data:`NATIONAL_PROVINCES`), in code order."""
    from ucjlib.geo.wilayah import children, get_region

    codes = children(None, "provinsi")["kode"].tolist()
    if NATIONAL_PROVINCES is not None:
        codes = [c for c in codes if c in set(NATIONAL_PROVINCES)]
    return [get_region(c) for c in sorted(codes)]


def _members(provinces: Sequence[Region], only: Sequence[str] | None) -> list[Region]:
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.wilayah import resolve
    from ucjlib.report.batch import province_members

    members = [m for p in provinces for m in province_members(p)]
    if not only:
        return members
    wanted = {resolve(k, level="kabupaten").kode for k in only}
    inside = {p.kode for p in provinces}
    outside = sorted(k for k in wanted if k[:2] not in inside)
    if outside:
        raise ArgumentError("--kabupaten", ", ".join(outside), "kabupaten/kota di Indonesia")
    return [m for m in members if m.kode in wanted]


def run_national(*, workers: int | None = None, scheduler: str | None = None,
                 kabupaten: Sequence[str] | None = None, periode: str | None = None,
                 target: float | str | None = None, deadline: str | None = None,
                 scenario_file: str | os.PathLike | None = None,
                 data: str | os.PathLike | None = None, lang: str = "id",
                 out_root: str | os.PathLike = "reports", csv_locale: str = "id",
                 progress: Progress | None = None, pdf: bool = True) -> NationalResult:
    """Run the report of every kabupaten/kota of Indonesia, then every index page.

    Parameters as for :func:`ucjlib.report.batch.run_batch`; ``kabupaten`` restricts the
    run to those kabupaten/kota (anywhere). A province gets its index page when any of its
    kabupaten/kota ran; the national index lists every province in scope and links every
    province page of the period found under ``out_root``.
    """
    from ucjlib.report.batch import batch_options, province_result, run_reports

    options = batch_options(periode=periode, target=target, deadline=deadline,
                            scenario_file=scenario_file, data=data, lang=lang,
                            out_root=out_root, csv_locale=csv_locale, workers=workers)
    if not pdf:
        options["pdf"] = False
    lang = options["lang"]
    scope = national_provinces()
    members = _members(scope, kabupaten)
    root = Path(options["out_root"])
    progress = progress or default_progress(lang)
    items = run_reports(members, options, workers=workers, scheduler=scheduler,
                        progress=progress, lang=lang, root=root,
                        title=say("nationalbatch.title_progress", lang, n=len(members),
                                  p=len({m.kode[:2] for m in members})))
    from collections import Counter

    counts = Counter(i.periode for i in items if i.periode)
    per = options["periode"] or (counts.most_common(1)[0][0] if counts else "terbaru")
    results = []
    for prov in scope:
        mine = [i for i in items if i.kode[:2] == prov.kode]
        if mine:
            results.append(province_result(prov, mine, root, periode=per,
                                           target=options["target"], lang=lang,
                                           progress=progress))
    res = NationalResult(per, results, scope,
                         demo=any(i.manifest.get("demo") for i in items))
    from ucjlib.files import atomic_write_text, confined

    path = confined(root, f"index-nasional-{per}.html")
    res.index = atomic_write_text(path, render_national(res, root, lang))
    progress.message(say("nationalbatch.index", lang, index=res.index))
    return res


def _province_row(prov: Region, res: BatchResult | None, root: Path,
                  periode: str) -> dict[str, Any]:
    page = root / f"index-{prov.kode}-{periode}.html"
    items = [*(res.items if res else []), *(res.earlier if res else [])]
    ok = [i for i in items if i.ok]
    figs = [(i.manifest.get("figures") or {}).get("coverage") or {} for i in ok]
    pekerja = sum(float(f.get("pekerja") or 0) for f in figs if f.get("cakupan") is not None)
    peserta = sum(float(f.get("peserta_aktif") or 0) for f in figs
                  if f.get("cakupan") is not None)
    return {"kode": prov.kode, "nama": prov.nama,
            "link": page.name if page.is_file() else None,
            "ran": len(res.items) if res else 0, "ok": len(ok),
            "failed": len(res.failed) if res else 0,
            "cakupan": peserta / pekerja if pekerja else None,
            "gap": sum(float(f.get("gap_target") or 0) for f in figs) if figs else None}


def render_national(res: NationalResult, root: Path, lang: str = "id") -> str:
    """Render the national index page: one row per province, linking its page."""
    from ucjlib.report.html import CSS, make_offline

    by_code = {p.provinsi.kode: p for p in res.provinces}
    rows = [_province_row(p, by_code.get(p.kode), root, res.periode) for p in res.scope]
    rows.sort(key=lambda r: (r["cakupan"] is None, -(r["cakupan"] or 0), r["kode"]))
    e = _html.escape
    head = [say(f"nationalbatch.col_{c}", lang) for c in (
        "code", "province", "coverage", "gap", "reports", "failed")]
    body = []
    for r in rows:
        name = e(r["nama"].title())
        if r["link"]:
            name = f'<a href="{e(r["link"])}">{name}</a>'
        cells = [fmt_pct(r["cakupan"], lang=lang), fmt_int(r["gap"], lang),
                 str(r["ok"]), str(r["failed"])]
        body.append(f"<tr><td>{e(r['kode'])}</td><td>{name}</td>"
                    + "".join(f'<td class="num">{e(c)}</td>' for c in cells) + "</tr>")
    table = ('<table class="cmp"><thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in head)
             + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>")
    month = month_name(res.periode, lang=lang) if res.periode[:1].isdigit() else res.periode
    demo = ('<div class="demo">' + e(say("index.demo_data_synthetic_not", lang))
            + "</div>") if res.demo else ""
    n_ok = sum(r["ok"] for r in rows)
    n_bad = len(res.failed)
    page = "\n".join([
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>UCJ — Indonesia, {e(month)}</title>",
        f"<style>{CSS}\n.num {{ text-align: right; }} td.num {{ white-space: nowrap; }}\n"
        "table.cmp { width: 100%; font-size: .9rem; }</style>",
        "</head>", "<body>", "<main>", '<header class="titlepage">', demo,
        f'<p class="kicker">{e(say("index.ucj_report_comparison", lang))}</p>',
        f"<h1>{e(say('nationalbatch.heading', lang))}</h1>",
        f'<p class="sub">{e(month)} · '
        + e(say("nationalbatch.sub", lang, p=len(rows), ok=n_ok, bad=n_bad)) + "</p>",
        "</header>", f"<h2>{e(say('nationalbatch.table', lang))}</h2>",
        f'<p class="meta">{e(say("nationalbatch.table_note", lang))}</p>',
        table, "</main>", "</body>", "</html>"])
    return make_offline(page)
