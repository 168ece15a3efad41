"""Slide-size charts of coverage: ranked bars, segments and the monthly series.

Every chart function returns a :class:`matplotlib.figure.Figure` (not registered
with pyplot) and draws what its ``*_data`` function computes
(:func:`ranked_bars_data`, :func:`segment_chart_data`, :func:`series_chart_data`), so
tests and reports check a chart through its data rather than its pixels. Save
with :func:`ucjlib.render.style.save_figure`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ucjlib.coverage import STATUS_ZERO
from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_target, month_name
from ucjlib.render import style
from ucjlib.render.placement import side_labels
from ucjlib.results import CoverageResult
from ucjlib.text import say, say_or


def _pct_axis(ax: Any, axis: str = "x", lang: str = "id") -> None:
    from matplotlib.ticker import FuncFormatter

    f = FuncFormatter(lambda v, _: fmt_number(v, 0, lang) + "%")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(f)


def _with_kecamatan(df: pd.DataFrame) -> list[str]:
    from ucjlib.geo.gazetteer import gazetteer

    g = gazetteer()
    names = dict(zip(g["kode"], g["nama"], strict=True))
    return [f"{n} ({names.get(k[:8], k[:8])})" for k, n in zip(df["kode"], df["nama"],
                                                                strict=True)]


def _footer(fig: Figure, result: CoverageResult, periode: str | None,
            extra: list[str] | None = None) -> None:
    style.add_footer(fig, result.source, periode, result.demo, result.lang,
                     [*(extra or []), style.target_note(result)])


def ranked_bars_data(result: CoverageResult, max_units: int = 40) -> dict[str, Any]:
    """Compute what :func:`ranked_bars` draws: the bars, the units listed without a bar, lines.

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage`.
    max_units : int, default 40
        When more units have data, the ``max_units`` lowest are drawn.

    Returns
    -------
    dict
        ``bars`` (DataFrame ``kode``, ``nama``, ``cakupan_pct``, top bar first), ``no_data``
        (names of units without a value), ``listed`` (their rows listed below the bars;
        none when truncated), ``bar_names`` and ``listed_names`` (tick labels; desa with
        their kecamatan), ``kelas`` (class of each bar), ``colors`` (one per class),
        ``target_pct``, ``truncated``, ``units_with_data``, ``rows`` (rows drawn),
        ``xmax`` (right end of the axis), ``average_pct`` (the region's coverage line, or
        None) and ``label_x`` (where each value label starts).

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> d = ranked_bars_data(analyze_coverage(demo_dataset("35.22"), "2025-06"))
    >>> d["bars"]["nama"].tolist()[:2], d["target_pct"]
    (['Bojonegoro', 'Margomulyo'], 60.0)
    """
    table = result.table
    target, level = result.target.value, result.level
    has = table.loc[table["cakupan"].notna()].copy()
    has = has.sort_values(["cakupan", "kode"], ascending=[False, True])
    n_with_data = len(has)
    cut = len(has) > max_units
    if cut:
        has = has.tail(max_units)
    bars = pd.DataFrame({"kode": has["kode"].to_numpy(), "nama": has["nama"].to_numpy(),
                         "cakupan_pct": has["cakupan"].astype(float).to_numpy() * 100})
    missing = table.loc[table["cakupan"].isna()]
    no_data = missing["nama"].tolist()
    if cut:  # a top-N chart lists only units with a value; the rest go to the footnote
        missing = missing.iloc[0:0]
    bar_names, missing_names = bars["nama"].tolist(), missing["nama"].tolist()
    if level == "desa":  # desa names repeat across kecamatan: add the kecamatan
        bar_names = _with_kecamatan(bars)
        missing_names = _with_kecamatan(missing)
    n = len(bars)
    breaks = style.class_breaks(target)
    colors = style.class_colors(breaks, target)
    kelas = style.classify((bars["cakupan_pct"] / 100).tolist(), target)
    xmax = max(100.0, float(bars["cakupan_pct"].max()) * 1.12 if n else 100.0)
    xmax = min(xmax, 100.0) if n and bars["cakupan_pct"].max() < 88 else xmax
    t_pct = target * 100
    avg = result.total.get("cakupan")
    avg_pct = float(avg) * 100 if avg is not None and pd.notna(avg) else None
    label_x = []
    lines = sorted(x for x in (t_pct, avg_pct) if x is not None)
    for v in bars["cakupan_pct"]:
        x = v + xmax * 0.005
        # a label that would run over the target (or average) line starts after it
        # (lines left to right: a label moved past one is checked against the next)
        for line in lines:
            if v < line < x + xmax * 0.055:
                x = line + xmax * 0.006
        label_x.append(x)
    return {"bars": bars, "no_data": no_data, "listed": missing, "bar_names": bar_names,
            "listed_names": missing_names, "kelas": kelas, "colors": colors,
            "target_pct": t_pct, "truncated": cut, "units_with_data": n_with_data,
            "rows": n + len(missing), "xmax": xmax, "average_pct": avg_pct,
            "label_x": label_x}


@style.styled
def ranked_bars(result: CoverageResult, max_units: int = 40,
                title: str | None = None) -> Figure:
    """Horizontal bars of coverage per unit, highest first, with the target line.

    Units with no data (or zero workforce) are listed below the bars, hatched
    and labelled, not drawn as 0%. When there are more than ``max_units``
    units with data, the ``max_units`` lowest are shown (the subtitle says so).

    Parameters
    ----------
    result : CoverageResult
        From :func:`ucjlib.coverage.analyze_coverage`; its table, level, target,
        period, language and demo flag are drawn.
    max_units : int, default 40
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`ranked_bars_data` (bars, listed units, target and average).

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> fig = ranked_bars(analyze_coverage(demo_dataset("35.22"), "2025-06"))
    >>> fig.axes[0].get_yticklabels()[0].get_text()
    'Bojonegoro'
    """
    lang, target, level = result.lang, result.target.value, result.level
    d = ranked_bars_data(result, max_units)
    bars, no_data, missing, cut = d["bars"], d["no_data"], d["listed"], d["truncated"]
    bar_names, missing_names = d["bar_names"], d["listed_names"]
    colors, kelas, xmax, label_x = d["colors"], d["kelas"], d["xmax"], d["label_x"]
    fig = style.blank_figure()
    ax = fig.add_axes((0.2, 0.135, 0.74, 0.705))
    n = len(bars)
    y = np.arange(n + len(missing))[::-1]
    ax.barh(y[:n], bars["cakupan_pct"], color=[colors[k] for k in kelas], edgecolor="#666666",
            linewidth=0.4, height=0.75)
    fs = 10 if n + len(missing) <= 30 else 8
    t_pct = target * 100
    avg = result.total.get("cakupan")
    avg_pct = d["average_pct"]
    for yi, v, x in zip(y[:n], bars["cakupan_pct"], label_x, strict=True):
        ax.text(x, yi, fmt_pct(v / 100, 1, lang=lang), va="center",
                fontsize=fs - 1, color=style.TEXT_COLOR, zorder=5,
                bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.85})
    for yi, (_, r) in zip(y[n:], missing.iterrows(), strict=True):
        label = say("status.zero" if r["status"] == STATUS_ZERO else "status.no_data", lang)
        # text only, no bar: a missing value must not read like a small one
        ax.text(xmax * 0.005, yi, "— " + label, va="center", fontsize=fs - 1,
                color=style.MUTED, style="italic")
    ax.set_yticks(y, bar_names + missing_names, fontsize=fs)
    ax.set_ylim(-0.7, len(y) - 0.3)
    ax.set_xlim(0, xmax)
    ax.axvline(t_pct, color=style.TARGET_COLOR, linestyle="--", linewidth=1.6, zorder=4)
    line_labels = [ax.text(t_pct, len(y) - 0.35, " target " + fmt_target(target, lang=lang),
                           color=style.TARGET_COLOR, fontsize=11, va="bottom", ha="left",
                           fontweight="bold")]
    if avg_pct is not None and level != "kabupaten":
        ax.axvline(avg_pct, color="#333333", linestyle=":", linewidth=1.5, zorder=4)
        ha = "right" if avg_pct < t_pct else "left"
        line_labels.append(ax.text(
            avg_pct, len(y) - 0.35, f"{result.region.nama} {fmt_pct(avg, 2, lang=lang)} ",
            color="#333333", fontsize=11, va="bottom", ha=ha, fontweight="bold"))
    _pct_axis(ax, "x", lang)
    ax.set_xlabel(say("charts.axis.coverage", lang))
    ax.grid(axis="x", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    lvl = say_or(f"charts.units.{level}", lang, level)
    if title is None:
        title = say("charts.rank.title", lang,
                    unit=say_or(f"charts.rank.by.{level}", lang, level))
    sub = result.region.nama + ", " + month_name(result.periode, lang=lang)
    extra = []
    if cut:
        sub += say("charts.rank.cut", lang, shown=max_units, units=lvl,
                   n=d["units_with_data"])
        if no_data:
            extra.append(say("charts.rank.no_data", lang, n=len(no_data), units=lvl))
    if avg_pct is not None and level != "kabupaten":
        extra.append(say("charts.rank.dotted", lang))
    style.add_titles(fig, title, sub)
    _footer(fig, result, result.periode, extra)
    # the target and average labels: clear of each other, the titles and the figure's edges
    side_labels(fig, line_labels, avoid=list(fig.texts))
    return fig


def segment_chart_data(result: CoverageResult) -> dict[str, Any]:
    """Compute what :func:`segment_chart` draws: participants per segment and the rates.

    Returns
    -------
    dict
        ``peserta`` (segment -> participants), ``rates`` (DataFrame ``label``,
        ``cakupan_pct``: all workers, formal, informal) and ``target_pct``.

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> r = analyze_coverage(demo_dataset("32.71"), "2024-12")
    >>> segment_chart_data(r)["rates"]["cakupan_pct"].round(1).tolist()
    [49.0, 62.0, 31.0]
    """
    seg, lang = result.segments, result.lang
    total_rate = float(seg["cakupan"].sum()) if seg["cakupan"].notna().any() else np.nan
    idx = seg.set_index("segmen")
    rows = [(say("charts.segment.total", lang), total_rate)]
    for code in ("PU", "BPU"):
        v = idx["cakupan_segmen"].get(code, np.nan) if "cakupan_segmen" in idx else np.nan
        rows.append((say(f"charts.segment.{code.lower()}", lang), v))
    rates = pd.DataFrame(rows, columns=["label", "cakupan"])
    rates["cakupan_pct"] = rates["cakupan"].astype(float) * 100
    return {"peserta": dict(zip(seg["segmen"], seg["peserta_aktif"], strict=True)),
            "rates": rates[["label", "cakupan_pct"]], "target_pct": result.target.value * 100}


@style.styled
def segment_chart(result: CoverageResult, title: str | None = None) -> Figure:
    """Participants per segment, and formal / informal coverage against the target.

    Parameters
    ----------
    result : CoverageResult
        Its ``segments`` table (from :func:`ucjlib.coverage.coverage_by_segment`)
        is drawn.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`segment_chart_data`.
    """
    seg, lang, target = result.segments, result.lang, result.target.value
    fig = style.blank_figure()
    ax1 = fig.add_axes((0.17, 0.12, 0.33, 0.68))
    ax2 = fig.add_axes((0.63, 0.12, 0.33, 0.68))
    s = seg.iloc[::-1]
    colors = [style.SEGMENT_COLORS.get(k, style.ACCENT) for k in s["segmen"]]
    peserta = s["peserta_aktif"].fillna(0).astype(float)
    ax1.barh(s["label"], peserta, color=colors, height=0.65)
    top = float(peserta.max()) if len(peserta) else 1.0
    for yi, v in enumerate(peserta):
        ax1.text(v + top * 0.01, yi, fmt_int(v, lang=lang), va="center", fontsize=11)
    ax1.set_xlim(0, top * 1.25 if top > 0 else 1)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax1.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax1.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(v, lang=lang)))
    ax1.set_title(say("charts.segment.participants", lang), fontsize=14)
    # rates: total, formal (PU), informal (BPU)
    rates = segment_chart_data(result)["rates"]
    r = rates.iloc[::-1]
    ax2.barh(r["label"], r["cakupan_pct"].fillna(0),
             color=[style.ACCENT_LIGHT, style.ACCENT, "#8c8c8c"][: len(r)], height=0.65)
    for yi, v in enumerate(r["cakupan_pct"]):
        txt = fmt_pct(v / 100, 1, lang=lang) if pd.notna(v) else say(
            "charts.segment.no_data", lang)
        ax2.text((v if pd.notna(v) else 0) + 1, yi, txt, va="center", fontsize=11)
    ax2.axvline(target * 100, color=style.TARGET_COLOR, linestyle="--", linewidth=1.6)
    ax2.set_ylim(-0.6, len(r) - 0.05)  # not a policy number: bar margin
    ax2.text(target * 100, len(r) - 0.3, " target " + fmt_target(target, lang=lang),
             color=style.TARGET_COLOR, fontsize=11, fontweight="bold", va="center")
    xmax = max(100.0, float(np.nanmax(rates["cakupan_pct"].to_numpy(dtype=float)) * 1.15)
               if rates["cakupan_pct"].notna().any() else 100.0)
    ax2.set_xlim(0, xmax)
    _pct_axis(ax2, "x", lang)
    ax2.set_title(say("charts.segment.coverage", lang), fontsize=14)
    for ax in (ax1, ax2):
        ax.grid(axis="x", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
        ax.set_axisbelow(True)
    if title is None:
        title = say("charts.segment.title", lang)
    sub = result.region.nama + ", " + month_name(result.periode, lang=lang)
    style.add_titles(fig, title, sub)
    note = say("charts.segment.note", lang)
    _footer(fig, result, result.periode, [note])
    return fig


def series_chart_data(result: CoverageResult) -> dict[str, Any]:
    """Compute what :func:`series_chart` draws: monthly points, ticks and the cohort noted.

    Returns
    -------
    dict
        ``points`` (DataFrame ``periode``, ``cakupan_pct``), ``target_pct``, ``tick_pos``
        and ``ticks`` (positions and labels of the month ticks) and ``cohort`` (the
        annotated government-paid cohort entry, or None).

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> d = series_chart_data(analyze_coverage(demo_dataset("35.22")))
    >>> d["ticks"][0], round(float(d["points"]["cakupan_pct"].iloc[-1]), 2)
    ('Jan 2022', 42.29)
    """
    lang = result.lang
    s = result.series.sort_values("periode")
    pts = pd.DataFrame({"periode": s["periode"].to_numpy(),
                        "cakupan_pct": s["cakupan"].astype(float).to_numpy() * 100})
    cohort = None
    wf = result.total.get("pekerja") or 0
    for c in result.cohorts:  # the largest government-paid entry, if it moved coverage
        if c["start"] in set(pts["periode"]) and wf and c["size"] >= 0.01 * wf:
            cohort = dict(c)
            break
    step = 1 if len(pts) <= 12 else 3 if len(pts) <= 36 else 6
    tick_pos = [i for i, p in enumerate(pts["periode"]) if (int(p[5:7]) - 1) % step == 0]
    ticks = [month_name(pts["periode"].iloc[i], lang=lang, short=True) for i in tick_pos]
    return {"points": pts, "target_pct": result.target.value * 100, "tick_pos": tick_pos,
            "ticks": ticks, "cohort": cohort}


@style.styled
def series_chart(result: CoverageResult, title: str | None = None) -> Figure:
    """Monthly coverage with the target line and Indonesian month ticks.

    Parameters
    ----------
    result : CoverageResult
        Its ``series`` (the region's monthly coverage) is drawn.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        The chart of :func:`series_chart_data`.

    Examples
    --------
    >>> from ucjlib.coverage import analyze_coverage
    >>> from ucjlib.demo.generate import demo_dataset
    >>> fig = series_chart(analyze_coverage(demo_dataset("35.22")))
    >>> fig.axes[0].get_xticklabels()[0].get_text()
    'Jan 2022'
    """
    series, lang, target = result.series, result.lang, result.target.value
    s = series.sort_values("periode")
    d = series_chart_data(result)
    pts, cohort = d["points"], d["cohort"]
    fig = style.blank_figure()
    ax = fig.add_axes((0.07, 0.13, 0.88, 0.68))
    x = np.arange(len(pts))
    ax.plot(x, pts["cakupan_pct"], color=style.ACCENT, linewidth=2.6, marker="o",
            markersize=3.5)
    ax.axhline(target * 100, color=style.TARGET_COLOR, linestyle="--", linewidth=1.6)
    ax.text(0, target * 100 + 0.8, "target " + fmt_target(target, lang=lang),
            color=style.TARGET_COLOR, fontsize=11, fontweight="bold", va="bottom")
    if len(pts) and pts["cakupan_pct"].notna().any():
        last = pts.dropna().iloc[-1]
        xi = int(pts.index[pts["periode"] == last["periode"]][0])
        ax.annotate(fmt_pct(last["cakupan_pct"] / 100, 2, lang=lang), (xi, last["cakupan_pct"]),
                    xytext=(0, -18), textcoords="offset points", ha="center",
                    fontsize=13, fontweight="bold", color=style.ACCENT)
    if cohort is not None:
        from ucjlib.render.projection import cohort_text

        per = list(pts["periode"])
        xs, xe = per.index(cohort["start"]), per.index(cohort["end"])
        ax.axvspan(xs - 1 if xs else xs, xe, color=style.ACCENT_LIGHT, alpha=0.14,
                   linewidth=0, zorder=0)
        ye = float(pts["cakupan_pct"].iloc[xe])
        ax.annotate(cohort_text(cohort, lang), (xe, ye), xytext=(-150, 28),
                    textcoords="offset points", ha="right", va="center", fontsize=12,
                    color="#7f3b08", arrowprops={"arrowstyle": "-|>", "color": "#7f3b08",
                                                 "lw": 1.3},
                    bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#e08214"})
    ax.set_xticks(d["tick_pos"], d["ticks"])
    top = max(target * 100 + 8, float(np.nanmax(pts["cakupan_pct"])) + 8 if len(pts) else 70)
    ax.set_ylim(0, min(max(top, 10), 105))
    ax.set_xlim(-0.5, len(pts) - 0.5)
    _pct_axis(ax, "y", lang)
    ax.set_ylabel(say("charts.axis.coverage", lang))
    ax.grid(axis="y", color=style.GRID_COLOR, linewidth=style.GRID_WIDTH)
    ax.set_axisbelow(True)
    if title is None:
        title = say("charts.series.title", lang)
    sub = result.region.nama
    if len(pts):
        sub += (", " + month_name(pts["periode"].iloc[0], lang=lang) + " – "
                + month_name(pts["periode"].iloc[-1], lang=lang))
    style.add_titles(fig, title, sub)
    wf_years = sorted(set(s["tahun_pekerja"].dropna().astype(int))) if (
        "tahun_pekerja" in s) else []
    extra = []
    if len(wf_years) > 1:
        extra.append(say("charts.series.denominator", lang,
                         years=", ".join(map(str, wf_years))))
    _footer(fig, result, None, extra)
    return fig
