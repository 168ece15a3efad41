"""Slide-size charts, display tables and sentences of a budget (:class:`BudgetResult`).

The tables and sentences are written in :mod:`ucjlib.render.budget_text` and importable
from here, the one place the notebooks and commands take them from.

Every number comes from the result; nothing is recomputed. Each chart draws what its
``*_data`` function computes (:func:`contribution_chart_data`, :func:`payout_chart_data`,
:func:`grant_chart_data`, :func:`sensitivity_chart_data`), so tests check a chart through its
data, not its pixels. Rupiah are
written the Indonesian way (``Rp 31,7 miliar``), English with ``lang="en"`` on the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucjlib.budget.result import BudgetResult
from ucjlib.fmt import fmt_int, fmt_number, fmt_rupiah, month_name
from ucjlib.render import style
from ucjlib.render.budget_text import (
    BILLION,
    budget_frames,
    budget_lines,
    budget_narrative,
    cashflow_table,
    format_yearly,
    grant_table,
    payer_label,
    payers_of,
    rules_table,
    sensitivity_display,
    yearly_table,
)
from ucjlib.render.placement import fit_title
from ucjlib.text import render_notes, say

__all__ = ["budget_figures", "budget_frames", "budget_lines", "budget_narrative",
           "cashflow_table", "contribution_chart", "contribution_chart_data", "format_yearly",
           "grant_chart", "grant_chart_data", "grant_table", "payout_chart",
           "payout_chart_data", "rules_table", "save_budget_figures", "sensitivity_chart",
           "sensitivity_chart_data", "sensitivity_display", "write_budget_workbook",
           "yearly_table"]

#: Colours of the payout parts (Okabe-Ito, colour-blind safe; distinct in greyscale by
#: lightness): JKM cash, JKK cash, scholarships.
PART_COLORS = {"jkm": "#542788", "jkk": "#D55E00", "beasiswa": "#E69F00"}
PAYER_COLORS = {"apbd": "#542788", "apbdes": "#8073ac", "mandiri": "#E69F00",
                "pekerja": "#E69F00",
                "lainnya": "#999999"}
OLD_COLOR = "#999999"
BAR = 0.6  # not a policy number: bar thickness (share of a slot)
PAD = 0.6  # not a policy number: axis padding around the first/last bar (slots)


def _rp(x: float, lang: str, exact: bool = False) -> str:
    return fmt_rupiah(x, lang=lang, short=not exact)


def _name(result: BudgetResult) -> str:
    return result.region.nama if result.region is not None else "UCJ"


def _footer(fig: Figure, result: BudgetResult, extra: list[str]) -> None:
    lang = result.lang
    rules = say("budgetchart.rules", lang, version=result.rule_version)
    style.add_footer(fig, say("budgetchart.source", lang), None, result.demo, lang,
                     [*extra, rules])


def _miliar_axis(ax: Any, lang: str, axis: str = "y") -> None:
    from matplotlib.ticker import FuncFormatter

    f = FuncFormatter(lambda v, _: fmt_number(v, 0 if float(v).is_integer() else 1, lang))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(f)
    label = say("budgetchart.axis.billion", lang)
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label)


# ---------------------------------------------------------------- charts
def contribution_chart_data(result: BudgetResult) -> dict[str, Any]:
    """Compute what :func:`contribution_chart` draws: the yearly bill by payer and two questions.

    Returns
    -------
    dict
        ``payers``, ``yearly`` (tahun and one column ``iuran_<payer>_idr`` per payer,
        rupiah), ``questions`` (label -> rupiah) and ``title`` (the default title).

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> d = contribution_chart_data(estimate_budget(157_058, start="2026-01", draws=100))
    >>> round(d["yearly"]["iuran_apbd_idr"].iloc[0])
    31662892800
    """
    lang = result.lang
    payers = payers_of(result)
    y = result.yearly
    questions: dict[str, float] = {}
    ren = result.renewal
    questions[say("budgetchart.contrib.renew", lang, participants=ren["peserta"],
                  year=ren["tahun"])] = \
        float(ren.get("iuran_apbd_idr", ren.get("iuran_total_idr", 0.0)) or
              ren.get("iuran_total_idr", 0.0))
    gap = result.gap
    if gap is not None and gap["needed_total"] > 0:
        dl = month_name(gap["deadline"], lang, short=True)
        questions[say("budgetchart.contrib.gap_until", lang, months=gap["months"],
                      deadline=dl)] = \
            float(gap["cost_until_deadline_idr"])
        questions[say("budgetchart.contrib.gap_after", lang)] = \
            float(gap["cost_next_12_months_idr"])
    title = say("budgetchart.contrib.title", lang, year=str(int(y["tahun"].iloc[0])),
                total=float(y["iuran_total_idr"].iloc[0]),
                participants=result.monthly["peserta"].iloc[0])
    return {"payers": payers,
            "yearly": y[["tahun", *[f"iuran_{p}_idr" for p in payers]]].copy(),
            "questions": questions, "title": title}


@style.styled
def contribution_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Contribution budget per fiscal year by payer, and the two policy questions.

    Left: the bill of each fiscal year, stacked by payer. Right: renewing the first cohort
    for a year, and closing the gap to the target (until the deadline, then 12 months).

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`contribution_chart_data` (its title unless ``title`` is given).
    """
    lang = result.lang
    d = contribution_chart_data(result)
    payers = d["payers"]
    y = result.yearly
    fig = style.blank_figure()
    ax = fig.add_axes((0.065, 0.17, 0.46, 0.64))
    x = np.arange(len(y))
    bottom = np.zeros(len(y))
    handles = []
    for p in payers:
        v = y[f"iuran_{p}_idr"].to_numpy(dtype=float) / BILLION
        color = PAYER_COLORS.get(p.lower(), "#999999")
        handles.append(ax.bar(x, v, bottom=bottom, color=color, width=BAR,
                              label=payer_label(p, lang)))
        bottom += v
    for xi, tot in zip(x, y["iuran_total_idr"], strict=True):
        label = _rp(tot, lang) if len(x) <= 3 else fmt_number(tot / BILLION, 1, lang)
        ax.text(xi, tot / BILLION, label, ha="center", va="bottom", fontsize=12,
                fontweight="bold")
    ax.set_xticks(x, [str(int(t)) for t in y["tahun"]])
    ax.set_ylim(0, max(bottom.max(), 1e-9) * 1.18)
    _miliar_axis(ax, lang)
    ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    ax.set_title(say("budgetchart.contrib.axes", lang), fontsize=14)
    if len(payers) > 1:
        ax.legend(frameon=False, loc="upper left", ncol=len(payers))
    questions = d["questions"]
    gap = result.gap
    ax2 = fig.add_axes((0.745, 0.17, 0.235, 0.64))
    labels = list(questions)
    vals = np.array([questions[k] for k in labels]) / BILLION
    yy = max(len(labels), 3) - 1 - np.arange(len(labels))
    ax2.barh(yy, vals, color=[style.ACCENT] + [style.ACCENT_LIGHT] * (len(labels) - 1),
             height=0.55)
    for yi, v in zip(yy, vals, strict=True):
        ax2.text(v, yi, " " + _rp(v * BILLION, lang), va="center", ha="left", fontsize=12,
                 fontweight="bold")
    ax2.set_yticks(yy, labels)
    ax2.set_xlim(0, max(vals.max(), 1e-9) * 1.8)
    ax2.set_ylim(-PAD, max(len(labels), 3) - 0.4)
    _miliar_axis(ax2, lang, "x")
    ax2.set_title(say("budgetchart.contrib.questions", lang), fontsize=14)
    ax2.grid(axis="x", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax2.set_axisbelow(True)
    if title is None:
        title = d["title"]
    per = {payer_label(k, lang): v
           for k, v in result.figures()["contribution_per_participant_month"].items()}
    sub = say("budgetchart.contrib.sub", lang, name=_name(result), start=result.start,
              amounts=", ".join(f"{k} {_rp(v, lang, True)}" for k, v in per.items()))
    t = style.add_titles(fig, title, sub)
    extra = []
    if gap is not None and gap["needed_total"] > 0:
        extra.append(say("budgetchart.contrib.gap_note", lang, net=gap["net_per_month"],
                         scenario=gap["scenario"]))
    _footer(fig, result, extra)
    fit_title(fig, t)
    return fig


def payout_chart_data(result: BudgetResult) -> dict[str, Any]:
    """Compute what :func:`payout_chart` draws: payouts per year by part, their range, the panel.

    Returns
    -------
    dict
        ``parts`` (tahun, jkm, jkk, beasiswa in rupiah), ``p5``/``p95`` (total per year),
        ``panel`` (the lines at the right) and ``title`` (the default title).

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> b = estimate_budget(157_058, start="2026-01", draws=500)
    >>> d = payout_chart_data(b)
    >>> bool(abs(d["parts"][["jkm", "jkk", "beasiswa"]].sum().sum()
    ...          - b.cashflow["pembayaran_idr"].sum()) < 1)
    True
    """
    lang = result.lang
    cf = result.cashflow
    sim = result.simulation.set_index("tahun").loc[cf["tahun"]]
    parts = pd.DataFrame({"tahun": cf["tahun"].astype(int),
                          "jkm": cf["manfaat_jkm_idr"], "jkk": cf["manfaat_jkk_idr"],
                          "beasiswa": cf["beasiswa_idr"]})
    p5 = sim["pembayaran_idr_p5"].to_numpy(dtype=float)
    p95 = sim["pembayaran_idr_p95"].to_numpy(dtype=float)
    school = cf.loc[cf["beasiswa_idr"] > 0]
    jkm_school = cf.loc[cf["beasiswa_jkm_idr"] > 0, "tahun"]
    panel = [
        say("budgetchart.payout.total", lang, years=result.horizon),
        _rp(float(cf["pembayaran_idr"].sum()), lang),
        say("budgetchart.payout.pv", lang, pv=result.present_value["expected"]),
        "",
        say("budgetchart.payout.scholarships", lang, total=float(cf["beasiswa_idr"].sum())),
        (say("budgetchart.payout.jkm_from", lang, year=int(jkm_school.iloc[0]))
         if len(jkm_school) else say("budgetchart.payout.no_jkm", lang)),
        (say("budgetchart.payout.paid_until", lang, year=int(school["tahun"].iloc[-1]))
         if len(school) else ""),
    ]
    first = sum(parts[k].to_numpy(dtype=float)[:1] / BILLION  # the first bar, as stacked
                for k in ("jkm", "jkk", "beasiswa"))
    amount = float(first[0] * BILLION)
    y0 = int(parts["tahun"].iloc[0])
    title = (say("budgetchart.payout.title_until", lang, amount=amount, year=y0,
                 until=int(school["tahun"].iloc[-1]))
             if len(school) else
             say("budgetchart.payout.title", lang, amount=amount, year=y0))
    return {"parts": parts, "p5": p5, "p95": p95, "panel": panel, "title": title}


@style.styled
def payout_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Draw expected payouts per year, stacked JKM / JKK / scholarships, with the P5–P95 range.

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`payout_chart_data` (its title unless ``title`` is given).
    """
    lang = result.lang
    d = payout_chart_data(result)
    parts, p5, p95 = d["parts"], d["p5"], d["p95"]
    fig = style.blank_figure()
    ax = fig.add_axes((0.065, 0.17, 0.70, 0.64))
    x = parts["tahun"].to_numpy()
    bottom = np.zeros(len(x))
    names = {k: say(f"budgetchart.part.{k}", lang) for k in ("jkm", "jkk", "beasiswa")}
    for k in ("jkm", "jkk", "beasiswa"):
        v = parts[k].to_numpy(dtype=float) / BILLION
        ax.bar(x, v, bottom=bottom, color=PART_COLORS[k], width=0.72, label=names[k])
        bottom += v
    ax.errorbar(x, bottom, yerr=[np.clip(bottom - p5 / BILLION, 0, None),
                                 np.clip(p95 / BILLION - bottom, 0, None)],
                fmt="none", ecolor="#222222", elinewidth=1.4, capsize=4,
                label=say("budgetchart.payout.range", lang))
    ax.set_xlim(x.min() - 0.7, x.max() + 0.7)
    ax.set_ylim(0, max(p95.max() / BILLION, bottom.max()) * 1.12)
    ax.set_xticks(x[:: 2 if len(x) > 14 else 1])
    _miliar_axis(ax, lang)
    ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=12)
    cashyears = parts.loc[(parts["jkm"] + parts["jkk"]) > 0, "tahun"]
    fig.text(0.79, 0.45, "\n".join(d["panel"]), fontsize=12, va="top", ha="left",
             linespacing=1.5, color=style.TEXT_COLOR)
    if title is None:
        title = d["title"]
    n_years = max(len(cashyears), 1)
    span = (str(int(x[0])) if n_years == 1 else f"{int(x[0])}–{int(x[0]) + n_years - 1}")
    sub = say("budgetchart.payout.sub", lang, name=_name(result), span=span,
              draws=result.draws)
    t = style.add_titles(fig, title, sub)
    _footer(fig, result, [
        say("budgetchart.payout.footer", lang, rate=result.death_rate * 1000,
            source=result.death_rate_source.split(" (")[0],
            accident=result.work_accident_share)])
    fit_title(fig, t)
    return fig


def grant_chart_data(result: BudgetResult) -> dict[str, Any]:
    """Compute what :func:`grant_chart` draws: the old and new scheme and how they compare.

    Returns
    -------
    dict
        ``table`` (the result's grant table), ``times`` (new amount per family over the
        old), ``share`` (families reached, new over old) and ``title`` (the default title).

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> d = grant_chart_data(estimate_budget(157_058, draws=100))
    >>> int(d["table"]["keluarga_per_tahun"].iloc[0])
    7500
    """
    old, new = result.grant.iloc[0], result.grant.iloc[1]
    times = new["per_keluarga_idr"] / old["per_keluarga_idr"] if old["per_keluarga_idr"] else 0
    share = new["keluarga_per_tahun"] / old["keluarga_per_tahun"] if \
        old["keluarga_per_tahun"] else 0
    return {"table": result.grant.copy(), "times": times, "share": share,
            "title": say("budgetchart.grant.title", result.lang, times=times, share=share)}


@style.styled
def grant_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Draw the old santunan duka against the new scheme: cost, families reached, amount per family.

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`grant_chart_data` (its title unless ``title`` is given).
    """
    lang = result.lang
    d = grant_chart_data(result)
    g = grant_table(result)
    fig = style.blank_figure()
    panels = [("biaya_per_tahun_idr", say("budgetchart.grant.cost", lang), "rp"),
              ("keluarga_per_tahun", say("budgetchart.grant.families", lang), "n"),
              ("per_keluarga_idr", say("budgetchart.grant.per_family", lang), "rp")]
    colors = [OLD_COLOR, style.ACCENT]
    for i, (col, head, kind) in enumerate(panels):
        ax = fig.add_axes((0.17 + i * 0.285, 0.2, 0.19, 0.56))
        vals = g[col].to_numpy(dtype=float)
        yy = np.array([1, 0])
        ax.barh(yy, vals, color=colors, height=BAR)
        for yi, v in zip(yy, vals, strict=True):
            txt = _rp(v, lang) if kind == "rp" else fmt_int(v, lang)
            ax.text(v, yi, " " + txt, va="center", ha="left", fontsize=13, fontweight="bold")
        ax.set_xlim(0, vals.max() * 2.1)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        ax.set_title(head, fontsize=14)
        if i == 0:
            ax.set_yticks(yy, [s.replace(" (", "\n(") for s in g["skema"]], fontsize=12)
        else:
            ax.set_yticks([])
    old, new = result.grant.iloc[0], result.grant.iloc[1]
    if title is None:
        title = d["title"]
    y_old, y_new = int(old["tahun_dasar"]), int(new["tahun_dasar"])
    sub = say("budgetchart.grant.sub", lang, name=_name(result), old_year=y_old,
              new_year=y_new)
    t = style.add_titles(fig, title, sub)
    import textwrap

    lost = say("budgetchart.grant.lost", lang)
    fig.text(0.01, 0.09, "\n".join(textwrap.wrap(lost, 120)), fontsize=12,
             color=style.TEXT_COLOR, fontweight="bold", va="bottom")
    _footer(fig, result, [say("budgetchart.grant.footer", lang,
                              amount=float(old["per_keluarga_idr"]), old_year=y_old)])
    fit_title(fig, t)
    return fig


def sensitivity_chart_data(result: BudgetResult) -> dict[str, Any]:
    """Compute what :func:`sensitivity_chart` draws: the sensitivity table and its base.

    Returns
    -------
    dict
        ``table`` (the sensitivity table, widest bar first), ``base`` (present value with
        every assumption at its base, rupiah) and ``title`` (the default title).

    Raises
    ------
    ValueError
        When the budget was computed with ``sensitivity=False``.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> d = sensitivity_chart_data(estimate_budget(157_058, draws=100))
    >>> d["table"]["asumsi"].iloc[0]
    'death_rate'
    """
    s = result.sensitivity
    if s is None:
        raise ValueError("budget computed with sensitivity=False")
    top = s.iloc[0]
    title = say("budgetchart.sens.title", result.lang, assumption=top["label"].lower(),
                low=top["nilai_kini_rendah_idr"], high=top["nilai_kini_tinggi_idr"])
    return {"table": s.copy(), "base": float(s["nilai_kini_dasar_idr"].iloc[0]),
            "title": title}


@style.styled
def sensitivity_chart(result: BudgetResult, title: str | None = None) -> Figure:
    """Tornado chart: the present value of all payouts with each assumption low and high.

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`sensitivity_chart_data` (its title unless ``title`` is given).
    """
    lang = result.lang
    d = sensitivity_chart_data(result)
    s, base = d["table"], d["base"]
    fig = style.blank_figure()
    ax = fig.add_axes((0.25, 0.17, 0.62, 0.64))
    yy = np.arange(len(s))[::-1]
    lo = s["nilai_kini_rendah_idr"].to_numpy(dtype=float) / BILLION
    hi = s["nilai_kini_tinggi_idr"].to_numpy(dtype=float) / BILLION
    b = base / BILLION
    ax.barh(yy, lo - b, left=b, color=style.ACCENT_LIGHT, height=0.55,
            label=say("budgetchart.sens.low", lang))
    ax.barh(yy, hi - b, left=b, color=style.ACCENT, height=0.55,
            label=say("budgetchart.sens.high", lang))
    ax.axvline(b, color="#222222", linewidth=1.4)
    span = max(np.abs(hi - b).max(), np.abs(lo - b).max(), 1e-9)
    for yi, vl, vh, tl, th in zip(yy, lo, hi, s["nilai_rendah"], s["nilai_tinggi"],
                                  strict=True):
        ax.text(min(vl, vh) - span * 0.02, yi, f"{tl if vl < vh else th}: "
                f"{_rp(min(vl, vh) * BILLION, lang)}", ha="right", va="center", fontsize=12)
        ax.text(max(vl, vh) + span * 0.02, yi, f"{th if vh > vl else tl}: "
                f"{_rp(max(vl, vh) * BILLION, lang)}", ha="left", va="center", fontsize=12)
    ax.set_yticks(yy, [say("budgetchart.sens.tick", lang, label=lab, base=d)
                       for lab, d in zip(s["label"], s["nilai_dasar"], strict=True)],
                  fontsize=12)
    ax.set_xlim(max(0.0, b - span * 1.9), b + span * 1.9)
    _miliar_axis(ax, lang, "x")
    ax.set_xlabel(say("budgetchart.sens.axis", lang))
    ax.grid(axis="x", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    ax.text(b, yy.max() + 0.55, say("budgetchart.sens.base", lang, base=base), ha="center",
            va="bottom", fontsize=12, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none"})
    ax.set_ylim(-PAD, yy.max() + 0.9)
    if title is None:
        title = d["title"]
    sub = say("budgetchart.sens.sub", lang, name=_name(result))
    t = style.add_titles(fig, title, sub)
    _footer(fig, result, [say("budgetchart.sens.footer", lang)])
    fit_title(fig, t)
    return fig


def budget_figures(result: BudgetResult) -> dict[str, Figure]:
    """Every chart of a budget, by file stem, in reading order.

    A budget of nobody (a region at its target with no APBD-paid participants: every
    amount Rp 0) has no chart; its tables and notes say so.

    Examples
    --------
    >>> from ucjlib.budget import estimate_budget
    >>> list(budget_figures(estimate_budget(157_058, draws=200)))
    ['anggaran-iuran', 'pembayaran-manfaat', 'perbandingan-santunan', 'sensitivitas-manfaat']
    >>> budget_figures(estimate_budget(0, draws=50))
    {}
    """
    if not (result.monthly["peserta"] > 0).any():
        return {}
    figs = {"anggaran-iuran": contribution_chart(result),
            "pembayaran-manfaat": payout_chart(result)}
    if len(result.grant):
        figs["perbandingan-santunan"] = grant_chart(result)
    if result.sensitivity is not None:
        figs["sensitivitas-manfaat"] = sensitivity_chart(result)
    return figs


def save_budget_figures(result: BudgetResult, out_dir: str | Path) -> list[Path]:
    """Draw every budget chart and save it as PNG and SVG in ``out_dir``.

    Raises
    ------
    OutputError
        When ``out_dir`` cannot be written; charts already there are left as they were.
    """
    from ucjlib.files import ensure_dir

    out = ensure_dir(out_dir)
    written: list[Path] = []
    for name, fig in budget_figures(result).items():
        written += style.save_figure(fig, out / name)
    return written


def write_budget_workbook(result: BudgetResult, path: str | Path) -> Path:
    """Write the budget as one XLSX workbook (the report's workbook format).

    Sheets: a ``Keterangan`` sheet with the headline sentences, the grant comparison, the
    assumptions and notes; contributions per year; the payout cash flow; the comparison.

    Raises
    ------
    OutputError
        When the file cannot be written (an earlier file is kept).
    """
    from ucjlib.render.csvout import budget_tables
    from ucjlib.render.workbook import write_workbook

    lang = result.lang
    title = say("budgetchart.workbook.title", lang, name=_name(result))
    about = [*budget_lines(result), *budget_narrative(result),
             *render_notes(result.notes, lang),
             *result.assumptions,
             say("budgettext.rule_version", lang, version=result.rule_version)]
    return write_workbook(budget_tables(result, lang), path, title=title, about=about,
                          label=result.label, lang=lang)
