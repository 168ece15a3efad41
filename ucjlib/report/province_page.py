"""The province report page: cards, map, ranked table, notes and sources, offline."""

from __future__ import annotations

import html as _html
from collections import Counter
from typing import Any

from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_rupiah, fmt_target, month_name
from ucjlib.report.headline import Card
from ucjlib.report.html import Section, render_page
from ucjlib.text import say

ProvinceReport = Any  # ucjlib.report.province.ProvinceReport (which imports this module)

__all__ = ["render_province"]


def _e(text: object) -> str:
    return _html.escape(str(text))


def _cards(rep: ProvinceReport, lang: str) -> list[Card]:
    t = rep.totals
    return [
        Card(say("province.card_coverage", lang), fmt_pct(t["cakupan"], lang=lang),
             say("province.card_coverage_note", lang, peserta=fmt_int(t["peserta_aktif"], lang),
                 pekerja=fmt_int(t["pekerja"], lang))),
        Card(say("province.card_gap", lang), fmt_int(t["gap_target"], lang),
             say("province.card_gap_note", lang, n=t["di_bawah_target"], all=t["n"])),
        Card(say("province.card_pace", lang), fmt_int(t["laju_bersih_per_bulan"], lang),
             say("province.card_pace_note", lang)),
        Card(say("province.card_cost", lang), fmt_rupiah(t["biaya_apbd_per_tahun"], lang=lang),
             say("province.card_cost_note", lang)),
    ]


def _map(rep: ProvinceReport, lang: str) -> str:
    from ucjlib.report.index import province_map_png
    from ucjlib.report.outcome import BatchResult

    rows = [{"kode": r.kode, "nama": r.nama, "pekerja": r.pekerja,
             "peserta_aktif": r.peserta_aktif, "cakupan": r.cakupan, "gap_target": r.gap_target,
             "demo": rep.demo} for r in rep.table.itertuples()]
    targets = set(rep.table["target"])
    common = targets.pop() if len(targets) == 1 else None
    png, why = province_map_png(BatchResult(rep.provinsi, rep.periode, []), rows, lang, common)
    if png:
        return f'<img class="map" alt="{_e(say("index.coverage_map", lang))}" src="{png}">'
    return f'<p class="nocards">{_e(say("index.no_map", lang))}: {_e(why)}.</p>'


def _table(rep: ProvinceReport, lang: str) -> str:
    head = [say(f"province.col_{c}", lang) for c in (
        "rank", "code", "name", "coverage", "target", "gap", "deadline", "needed", "pace",
        "cost")]
    body = []
    for r in rep.table.itertuples():
        cells = [str(r.peringkat), r.kode, r.nama, fmt_pct(r.cakupan, lang=lang),
                 fmt_target(r.target, lang), fmt_int(r.gap_target, lang),
                 month_name(r.deadline, lang=lang, short=True),
                 fmt_int(r.peserta_dibutuhkan, lang), fmt_int(r.laju_bersih_per_bulan, lang),
                 fmt_rupiah(r.biaya_apbd_per_tahun, lang=lang)]
        body.append("<tr>" + "".join(
            f'<td{" class=num" if i != 2 and i != 1 else ""}>{_e(c)}</td>'
            for i, c in enumerate(cells)) + "</tr>")
    return ('<div class="wide"><table class="cmp"><thead><tr>'
            + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(body) + "</tbody></table></div>")


def _one_or_each(values: dict[str, str], rep: ProvinceReport, lang: str) -> str:
    """Say each distinct reason once (a kabupaten's own code read as "this one"), with whom."""
    names = dict(zip(rep.table["kode"], rep.table["nama"], strict=True))
    this = say("province.this_one", lang)
    groups: dict[str, list[str]] = {}
    for k, v in sorted(values.items()):
        groups.setdefault(v.replace(k, this), []).append(k)
    if len(groups) == 1:
        text, who = next(iter(groups.items()))
        return _e(text) + " " + _e(say("province.all_of_them", lang, n=len(who)))
    return "<ul>" + "".join(
        f"<li>{_e(text)}: {_e(', '.join(names.get(k, k) for k in who))}</li>"
        for text, who in groups.items()) + "</ul>"


def _notes(rep: ProvinceReport, lang: str) -> str:
    t = rep.table
    deadlines = Counter(t["deadline"])
    dl = ", ".join(month_name(d, lang=lang) for d in sorted(deadlines))
    rate = t["iuran_apbd_per_bulan"].iloc[0]
    parts = [
        f"<h2>{_e(say('province.notes', lang))}</h2><ul>",
        f"<li><b>{_e(say('province.deadline_is', lang, deadline=dl))}</b> "
        + _one_or_each({k: f"{month_name(d, lang=lang)}: {w}" for k, d, w in zip(
            t["kode"], t["deadline"], (rep.deadlines[k] for k in t["kode"]), strict=True)},
            rep, lang) + "</li>",
        f"<li><b>{_e(say('province.target_is', lang))}</b> "
        + _one_or_each({k: rep.targets[k] for k in t["kode"]}, rep, lang) + "</li>",
        f"<li>{_e(say('province.pace_method', lang))}</li>",
        f"<li>{_e(say('province.cost_method', lang, rate=fmt_rupiah(rate, 0, lang, False)))}"
        "</li>",
        f"<li>{_e(say('province.total_method', lang))}</li>",
    ]
    if rep.failed:
        parts.append(f"<li><b>{_e(say('province.failed', lang, n=len(rep.failed)))}</b><ul>"
                     + "".join(f"<li>{_e(k)} {_e(n)}: {_e(why)}</li>"
                               for k, n, why in rep.failed) + "</ul></li>")
    parts.append("</ul>")
    parts.append(f"<h2>{_e(say('province.sources', lang))}</h2><ul>"
                 + "".join(f"<li>{_e(s)}</li>" for s in rep.sources) + "</ul>")
    return "".join(parts)


def render_province(rep: ProvinceReport, lang: str = "id") -> str:
    """Render the province report as one self-contained HTML string."""
    month = month_name(rep.periode, lang=lang)
    style = ("<style>.num { text-align: right; } td.num { white-space: nowrap; }"
             "img.map { border: 1px solid var(--line); margin: 8px 0 16px; max-width: 100%; }"
             "table.cmp { width: 100%; font-size: .85rem; } .wide { overflow-x: auto; }"
             "table.cmp th, table.cmp td { padding: 4px 6px; }</style>")
    sections = [
        Section("peta", say("province.map", lang), f"<h2>{_e(say('province.map', lang))}</h2>"
                + style + _map(rep, lang)),
        Section("tabel", say("province.table", lang),
                f"<h2>{_e(say('province.table', lang))}</h2>"
                f'<p class="meta">{_e(say("province.table_note", lang))}</p>'
                + _table(rep, lang)),
        Section("catatan", say("province.notes", lang), _notes(rep, lang)),
    ]
    n = rep.totals["n"]
    subtitle = say("province.subtitle", lang, kode=rep.provinsi.kode, month=month, n=n,
                   failed=rep.totals["n_failed"])
    return render_page(
        title=f"UCJ — {rep.provinsi.nama}, {month}",
        region_label=f"{say('index.province', lang)} {rep.provinsi.nama.title()}",
        subtitle=subtitle, lang=lang,
        demo_label=say("label.demo_data", lang) if rep.demo else "",
        cards=_cards(rep, lang), sections=sections,
        meta_lines=[say("province.meta", lang, n=n, total=fmt_number(n, 0, lang))])
