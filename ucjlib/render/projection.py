"""Slide-size charts of a projection: the fan chart and the scenario comparison.

Both read a :class:`~ucjlib.projection.ProjectionResult` and only draw it: every number
comes from the result (no renderer re-defaults a parameter). Each chart draws what its
``*_data`` function computes (:func:`projection_chart_data`, :func:`scenario_chart_data`),
so tests check a chart through its data, not its pixels. The
display tables and the generated narrative are in :mod:`ucjlib.render.projection_text`
and re-exported here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucjlib.fmt import fmt_number, fmt_pct, fmt_target, month_name
from ucjlib.projection.result import ProjectionResult
from ucjlib.render import style
from ucjlib.render.placement import fit_title, obstacles, place, spread
from ucjlib.render.projection_text import (
    allocation_display,
    backtest_table,
    deadline_panel,
    pace_lines,
    pace_table,
    projection_narrative,
    scenario_table,
)
from ucjlib.streams import month_index
from ucjlib.text import say

__all__ = ["SCENARIO_COLORS", "allocation_display", "backtest_table", "fan_chart",
           "pace_lines", "pace_table", "projection_chart_data", "projection_figures",
           "projection_narrative", "save_projection_figures",
           "scenario_chart", "scenario_chart_data", "scenario_table"]

#: Line colours of the scenarios, in order (Okabe-Ito, colour-blind safe; the first is the
#: package accent). Lines also differ in dash pattern and carry direct labels, so they
#: read in greyscale too.
SCENARIO_COLORS = ("#542788", "#D55E00", "#E69F00", "#0072B2", "#009E73", "#CC79A7",
                   "#56B4E9", "#000000")
SCENARIO_DASHES = ("-", (0, (6, 2)), (0, (2, 1.5)), (0, (6, 2, 1.5, 2)), (0, (1, 1)),
                   (0, (9, 3)), "-", (0, (3, 3)))
BAND_COLOR = "#b2abd2"  # PuOr light purple: the p5-p95 band
BAND_ALPHA = 0.6  # not a policy number: transparency of the band
HISTORY_COLOR = "#333333"


def _pct_axis(ax: Any, lang: str) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 5, 10], integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_number(v, 0, lang) + "%"))


def _month_ticks(months: list[str], lang: str) -> tuple[list[int], list[str]]:
    """Return positions and labels of quarterly (or half-yearly) ticks as ``Jan 2025``."""
    step = 3 if len(months) <= 30 else 6
    pos = [month_index(m) for m in months if (int(m[5:7]) - 1) % step == 0]
    labels = [month_name(m, lang=lang, short=True) for m in months
              if (int(m[5:7]) - 1) % step == 0]
    return pos, labels


def _cohort(result: ProjectionResult) -> dict[str, Any] | None:
    """Return the largest government-paid cohort entry seen in the data (or None)."""
    entries = result.model.get("cohorts") or []
    return dict(entries[0]) if entries else None


def cohort_text(c: dict[str, Any], lang: str) -> str:
    """Return the label of a cohort entry (:func:`ucjlib.streams.cohort_entries`) on a chart.

    Examples
    --------
    >>> print(cohort_text({"pendanaan": "APBD", "start": "2025-01", "end": "2025-01",
    ...                    "size": 1200.0}, "en"))
    APBD cohort enrolled Jan 2025:
    +1,200 participants
    """
    when = month_name(c["start"], lang=lang, short=True)
    if c["end"] != c["start"]:
        when = (month_name(c["start"], lang=lang, short=True).split()[0]
                + ("–" if c["start"][:4] == c["end"][:4] else " " + c["start"][:4] + "–")
                + month_name(c["end"], lang=lang, short=True))
    return say("projchart.cohort_enrolled_participants", lang, pendanaan=c["pendanaan"],
               when=when, size=c["size"])


def _footer(fig: Figure, result: ProjectionResult, extra: list[str]) -> None:
    style.add_footer(fig, result.source, result.periode, result.demo, result.lang,
                     [*extra, style.target_note(result)])


def _ylim(ax: Any, values: list[float], target_pct: float) -> None:
    vals = [v for v in values if np.isfinite(v)] + [target_pct]
    lo, hi = min(vals), max(vals)
    pad = max((hi - lo) * 0.12, 3.0)
    ax.set_ylim(max(0.0, lo - pad), min(105.0, hi + pad * 1.6))


def projection_chart_data(result: ProjectionResult) -> dict[str, Any]:
    """Compute what :func:`fan_chart` draws: history, projected path and band, target.

    Returns
    -------
    dict
        ``history`` (``periode``, ``cakupan_pct``), ``projection`` (``periode``,
        ``cakupan_pct``, ``p5_pct``, ``p95_pct``; from the last observed month),
        ``target_pct``, ``deadline``, ``deadline_pct``, ``cohort`` (the largest
        government-paid cohort entry, annotated when it lies in the history, or None),
        ``panel`` (the key numbers at the right), ``tick_pos`` and ``ticks`` (month
        ticks) and ``title`` (the default title).

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> d = projection_chart_data(project(demo_dataset("35.22"), draws=100))
    >>> d["target_pct"], d["deadline"], d["cohort"]["start"], round(d["deadline_pct"], 2)
    (60.0, '2025-12', '2025-01', 39.95)
    """
    lang, tgt, fig_ = result.lang, result.target.value, result.figures()
    p = result.path
    hist = p.loc[p["jenis"] == "observasi"]
    proj = p.loc[(p["jenis"] == "proyeksi") | (p["periode"] == result.periode)]
    h = pd.DataFrame({"periode": hist["periode"].to_numpy(),
                      "cakupan_pct": hist["cakupan"].to_numpy(dtype=float) * 100})
    f = pd.DataFrame({"periode": proj["periode"].to_numpy(),
                      "cakupan_pct": proj["cakupan"].to_numpy(dtype=float) * 100,
                      "p5_pct": proj["cakupan_p5"].to_numpy(dtype=float) * 100,
                      "p95_pct": proj["cakupan_p95"].to_numpy(dtype=float) * 100})
    at = f.loc[f["periode"] == result.deadline].iloc[0]
    tick_pos, ticks = _month_ticks([*h["periode"], *f["periode"][1:]], lang)
    reached = fig_["target_reached_month"]
    dl, cov = month_name(result.deadline, lang=lang), fmt_pct(at["cakupan_pct"] / 100, 2, lang)
    if reached is not None and reached <= result.periode:
        title = say("projchart.already_above_the_target", lang, tgt=tgt, cov=cov, dl=dl)
    elif reached is not None and reached <= result.deadline:
        title = say("projchart.projection_the_target_is", lang, tgt=tgt, reached=reached)
    else:
        title = say("projchart.projection_coverage_in_below", lang, cov=cov, dl=dl, tgt=tgt)
    return {"history": h, "projection": f, "target_pct": tgt * 100,
            "deadline": result.deadline, "deadline_pct": float(at["cakupan_pct"]),
            "cohort": _cohort(result), "panel": deadline_panel(result), "tick_pos": tick_pos,
            "ticks": ticks, "title": title}


@style.styled
def fan_chart(result: ProjectionResult, title: str | None = None) -> Figure:
    """Observed coverage, the projected central path with its p5-p95 band, and the target.

    Parameters
    ----------
    result : ProjectionResult
        From :func:`ucjlib.projection.project`; its ``path`` (main scenario), target,
        deadline, cohorts (``model["cohorts"]``), pace, language and demo flag are drawn.
    title : str, optional
        Default: a sentence with the coverage at the deadline and whether it reaches the
        target.

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`projection_chart_data` (its title unless ``title`` is given).

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> fig = fan_chart(project(demo_dataset("35.22"), draws=100))
    >>> fig.axes[0].get_xticklabels()[0].get_text()
    'Jan 2022'
    """
    lang, tgt = result.lang, result.target.value
    d = projection_chart_data(result)
    h, f = d["history"], d["projection"]
    xh = np.array([month_index(m) for m in h["periode"]])
    xf = np.array([month_index(m) for m in f["periode"]])
    fig = style.blank_figure()
    ax = fig.add_axes((0.065, 0.15, 0.685, 0.68))
    band = ax.fill_between(xf, f["p5_pct"], f["p95_pct"], color=BAND_COLOR, alpha=BAND_ALPHA,
                           linewidth=0, zorder=1)
    (lh,) = ax.plot(xh, h["cakupan_pct"], color=HISTORY_COLOR, linewidth=2.4, zorder=3)
    (lf,) = ax.plot(xf, f["cakupan_pct"], color=style.ACCENT, linewidth=2.6,
                    linestyle=(0, (5, 2)), zorder=4)
    ax.axhline(tgt * 100, color=style.TARGET_COLOR, linestyle="--", linewidth=1.8, zorder=2)
    x0, x1 = int(xh.min()), int(xf.max())
    ax.set_xlim(x0 - 0.5, x1 + 0.5)
    values = [*h["cakupan_pct"], *f["p5_pct"], *f["p95_pct"]]
    _ylim(ax, values, tgt * 100)
    ylo, yhi = ax.get_ylim()
    xd = month_index(result.deadline)
    at = f.loc[f["periode"] == result.deadline].iloc[0]
    ax.axvline(xd, color=style.MUTED, linestyle=":", linewidth=1.6, zorder=2)
    texts = [ax.text(x0 + 0.3, tgt * 100, "target " + fmt_target(tgt, lang),
                     color=style.TARGET_COLOR, fontsize=12, fontweight="bold", va="bottom",
                     ha="left"),
             ax.text(xd, yhi, " " + say("projchart.deadline", lang)
                     + month_name(result.deadline, lang=lang, short=True), color=style.MUTED,
                     fontsize=11, va="top", ha="left", fontweight="bold")]
    ax.plot([xd], [at["cakupan_pct"]], "o", color=style.ACCENT, markersize=8, zorder=5)
    band_y = [np.linspace(a, b, 5) for a, b in zip(f["p5_pct"], f["p95_pct"], strict=True)]
    points = obstacles(ax, [xh, xf, [x0, x1], *[[x, x + 1e-9] for x in xf]],
                        [h["cakupan_pct"], f["cakupan_pct"], [tgt * 100] * 2,
                         *[[b.min(), b.max()] for b in band_y]])
    band_pts = ax.transData.transform(np.column_stack(
        [np.repeat(xf, 5), np.concatenate(band_y)]))
    points = np.vstack([points, band_pts])
    kw = {"fontsize": 13, "fontweight": "bold", "zorder": 6}
    now = h.iloc[-1]
    ann, n = place(fig, ax, fmt_pct(now["cakupan_pct"] / 100, 2, lang),
                    (xh[-1], now["cakupan_pct"]), points, texts, color=HISTORY_COLOR,
                    arrowprops={"arrowstyle": "-", "color": HISTORY_COLOR, "lw": 0.8}, **kw)
    texts.append(ann)
    ann, n = place(fig, ax, fmt_pct(at["cakupan_pct"] / 100, 2, lang),
                    (xd, at["cakupan_pct"]), points, texts, color=style.ACCENT,
                    arrowprops={"arrowstyle": "-", "color": style.ACCENT, "lw": 0.8}, **kw)
    texts.append(ann)
    cohort = d["cohort"]
    if cohort is not None and cohort["start"] in set(h["periode"]):
        xs, xe = month_index(cohort["start"]), month_index(cohort["end"])
        ye = float(h.loc[h["periode"] == cohort["end"], "cakupan_pct"].iloc[0])
        ys = ye
        if xs > x0:
            ys = float(h.loc[h["periode"] < cohort["start"], "cakupan_pct"].iloc[-1])
            xs -= 1
        ax.axvspan(xs, xe, color=style.ACCENT_LIGHT, alpha=0.14, linewidth=0, zorder=0)
        ann, n = place(fig, ax, cohort_text(cohort, lang), ((xs + xe) / 2, (ys + ye) / 2),
                        points, texts, near=False, fontsize=12, color="#7f3b08",
                        zorder=6,
                        arrowprops={"arrowstyle": "-|>", "color": "#7f3b08", "lw": 1.3},
                        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#e08214"})
    ax.set_xticks(d["tick_pos"], d["ticks"])
    _pct_axis(ax, lang)
    ax.set_ylabel(say("projchart.ucj_coverage_of_employed", lang))
    ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    from matplotlib.lines import Line2D

    tline = Line2D([], [], color=style.TARGET_COLOR, linestyle="--", linewidth=1.8)
    ax.legend([lh, lf, band, tline],
              [say("projchart.observed", lang),
               say("projchart.projection", lang, scenario=result.scenario_name()),
               say("projchart.90_range_p5_p95", lang),
               "Target " + fmt_target(tgt, lang)],
              loc="upper left", bbox_to_anchor=(1.03, 1.0), frameon=False, fontsize=12,
              borderaxespad=0, handlelength=2.6)
    fig.text(0.775, 0.56, "\n".join(d["panel"]), fontsize=12, va="top", ha="left",
             color=style.TEXT_COLOR, linespacing=1.55)
    nama = result.region.nama
    if title is None:
        title = d["title"]
    sub = say("projchart.data_to_projected_to", lang, nama=nama, periode=result.periode,
              periode2=f["periode"].iloc[-1])
    t = style.add_titles(fig, title, sub)
    band_note = say("projchart.90_range_5th_95th", lang, draws=result.draws, seed=result.seed)
    extra = [band_note]
    if cohort is None:
        extra.append(say("projchart.no_apbd_apbdes_cohort", lang))
    _footer(fig, result, extra)
    fit_title(fig, t)
    return fig


def scenario_chart_data(result: ProjectionResult, history_months: int = 12) -> dict[str, Any]:
    """Compute what :func:`scenario_chart` draws: one central path per scenario, and history.

    Parameters
    ----------
    result : ProjectionResult
        Its shown scenarios (:meth:`~ucjlib.projection.result.ProjectionResult.shown`).
    history_months : int, default 12
        Observed months shown before the projection.

    Returns
    -------
    dict
        ``history`` (``periode``, ``cakupan_pct``), ``lines`` (``skenario``, ``periode``,
        ``cakupan_pct``), ``end_labels`` (scenario -> text at the right end), ``groups``
        (first scenario -> scenarios with the same path, sharing one label),
        ``at_deadline`` (scenario -> coverage % at the deadline), ``target_pct``,
        ``deadline``, ``colors``, ``main`` (the main scenario), ``tick_pos`` and ``ticks``.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> d = scenario_chart_data(project(demo_dataset("35.22"), draws=100))
    >>> sorted(d["at_deadline"])[:2]
    ['APBD diperpanjang separuh', 'APBD tidak diperpanjang']
    """
    result = result.shown()
    lang = result.lang
    sp = result.scenario_paths
    names = list(dict.fromkeys(result.scenarios["skenario"]))
    hist = result.path.loc[result.path["jenis"] == "observasi"].tail(history_months + 1)
    history = pd.DataFrame({"periode": hist["periode"].to_numpy(),
                            "cakupan_pct": hist["cakupan"].to_numpy(dtype=float) * 100})
    lines, ends, at_dl, colors = [], {}, {}, {}
    for i, name in enumerate(names):
        s = sp.loc[sp["skenario"] == name]
        y = s["cakupan"].to_numpy(dtype=float) * 100
        colors[name] = SCENARIO_COLORS[i % len(SCENARIO_COLORS)]
        lines.append(pd.DataFrame({"skenario": name, "periode": s["periode"].to_numpy(),
                                   "cakupan_pct": y}))
        at_dl[name] = float(y[list(s["periode"]).index(result.deadline)])
        ends[name] = f"{name}: {fmt_pct(y[-1] / 100, 1, lang)}"
    data = pd.concat(lines, ignore_index=True)
    # scenarios whose paths are the same (within 0.05 pp) share one label
    groups: dict[str, list[str]] = {}
    for n in names:
        y = data.loc[data["skenario"] == n, "cakupan_pct"].to_numpy()
        home = next((g for g in groups if np.nanmax(np.abs(
            data.loc[data["skenario"] == g, "cakupan_pct"].to_numpy() - y)) < 0.05), None)
        groups.setdefault(home or n, []).append(n)
    tick_pos, ticks = _month_ticks(sorted(set([*hist["periode"], *data["periode"]])), lang)
    return {"history": history, "lines": data, "end_labels": ends, "groups": groups,
            "at_deadline": at_dl, "target_pct": result.target.value * 100,
            "deadline": result.deadline, "colors": colors, "main": result.scenario,
            "tick_pos": tick_pos, "ticks": ticks}


@style.styled
def scenario_chart(result: ProjectionResult, title: str | None = None,
                   history_months: int = 12) -> Figure:
    """One line per scenario (central paths), the recent history, target and deadline.

    Parameters
    ----------
    result : ProjectionResult
        Its ``scenario_paths`` and ``scenarios`` are drawn.
    title : str, optional
    history_months : int, default 12
        Observed months shown before the projection.

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`scenario_chart_data`.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> fig = scenario_chart(project(demo_dataset("35.22"), draws=100))
    >>> len(fig.axes[0].lines) > 3  # history, target, deadline and one line per scenario
    True
    """
    d = scenario_chart_data(result, history_months)
    result = result.shown()
    lang, tgt = result.lang, result.target.value
    data, ends, colors, groups = d["lines"], d["end_labels"], d["colors"], d["groups"]
    names = list(colors)
    hist = d["history"]
    fig = style.blank_figure()
    ax = fig.add_axes((0.065, 0.15, 0.62, 0.68))
    xh = [month_index(m) for m in hist["periode"]]
    ax.plot(xh, hist["cakupan_pct"].to_numpy(dtype=float), color=HISTORY_COLOR,
            linewidth=2.4, zorder=3)
    for i, name in enumerate(names):
        s = data.loc[data["skenario"] == name]
        x = [month_index(m) for m in s["periode"]]
        main = name == d["main"]
        ax.plot(x, s["cakupan_pct"].to_numpy(dtype=float), color=colors[name],
                linestyle=SCENARIO_DASHES[i % len(SCENARIO_DASHES)],
                linewidth=3.0 if main else 2.2, zorder=5 if main else 4)
    ax.axhline(tgt * 100, color=style.TARGET_COLOR, linestyle="--", linewidth=1.8, zorder=2)
    xd = month_index(result.deadline)
    ax.axvline(xd, color=style.MUTED, linestyle=":", linewidth=1.6, zorder=2)
    x0, x1 = min(xh), int(max(month_index(m) for m in data["periode"]))
    ax.set_xlim(x0 - 0.5, x1 + 0.5)
    _ylim(ax, [*data["cakupan_pct"], *hist["cakupan_pct"].to_numpy(dtype=float)], tgt * 100)
    ylo, yhi = ax.get_ylim()
    ax.text(x0 + 0.3, tgt * 100, "target " + fmt_target(tgt, lang), color=style.TARGET_COLOR,
            fontsize=12, fontweight="bold", va="bottom", ha="left")
    ax.text(xd, yhi, " " + say("projchart.deadline", lang)
            + month_name(result.deadline, lang=lang, short=True), color=style.MUTED,
            fontsize=11, va="top", ha="left", fontweight="bold")
    # direct labels at the right end, spread so none overlap; scenarios whose paths are the
    # same (within 0.05 pp) share one label, so identical lines do not look like a fan
    import textwrap

    firsts = list(groups)
    last = [float(data.loc[data["skenario"] == n, "cakupan_pct"].iloc[-1]) for n in firsts]
    labels = {}
    for n in firsts:
        labels[n] = ends[n]
        if len(groups[n]) > 1:
            labels[n] += "\n" + "\n".join(textwrap.wrap(
                say("projchart.same", lang) + ", ".join(groups[n][1:]), 40))
    gap = (yhi - ylo) * 0.062
    ys = spread(last, gap) if all(len(groups[n]) == 1 for n in firsts) else spread(
        last, gap * max(len(labels[n].splitlines()) for n in firsts))
    for name, y0, y in zip(firsts, last, ys, strict=True):
        ax.annotate(labels[name], (x1, y0), xytext=(x1 + 1.2, y), textcoords="data",
                    ha="left", va="center", fontsize=12, color=colors[name],
                    fontweight="bold" if name == result.scenario else "normal",
                    annotation_clip=False,
                    arrowprops={"arrowstyle": "-", "color": colors[name], "lw": 0.8,
                                "shrinkA": 0, "shrinkB": 2})
    ax.set_xticks(d["tick_pos"], d["ticks"])
    _pct_axis(ax, lang)
    ax.set_ylabel(say("projchart.ucj_coverage_of_employed", lang))
    ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    if title is None:
        title = say("projchart.ucj_coverage_by_scenario", lang)
    end_m = month_name(data["periode"].max(), lang=lang)
    t = style.add_titles(fig, title, say("projchart.black_line_observed_labels", lang,
                                         nama=result.region.nama, end_m=end_m))
    base = result.scenarios.iloc[0]
    note = say("projchart.central_path_of_each", lang)
    if base["deskripsi"]:
        note += f"{base['skenario']}: {str(base['deskripsi']).rstrip('.')}."
    _footer(fig, result, [note])
    fit_title(fig, t)
    return fig


def projection_figures(result: ProjectionResult) -> dict[str, Figure]:
    """Draw every chart of a projection: the fan chart and the scenario comparison.

    Returns
    -------
    dict of str to matplotlib.figure.Figure
        File stem -> figure: ``proyeksi-cakupan``, ``skenario-cakupan``.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> sorted(projection_figures(project(demo_dataset("32.71"), draws=50)))
    ['proyeksi-cakupan', 'skenario-cakupan']
    """
    return {"proyeksi-cakupan": fan_chart(result), "skenario-cakupan": scenario_chart(result)}


def save_projection_figures(result: ProjectionResult, out_dir: str | Path) -> list[Path]:
    """Draw the bundle and save each chart as PNG and SVG in ``out_dir``.

    Raises
    ------
    OutputError
        When ``out_dir`` cannot be written; charts already there are kept.
    """
    from ucjlib.files import ensure_dir

    out = ensure_dir(out_dir)
    written: list[Path] = []
    for name, fig in projection_figures(result).items():
        written += style.save_figure(fig, out / name)
    return written
