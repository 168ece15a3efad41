"""Display tables and the generated narrative of a projection (Indonesian, English on request).

Renderers of a :class:`~ucjlib.projection.ProjectionResult`: they format numbers with
:mod:`ucjlib.fmt` (``42,29%``, ``24.215``) and compute nothing the result does not carry.
The tables are :class:`ucjlib.render.safe.HtmlSafeFrame`: the same text in the terminal,
and a ``.style`` that escapes HTML (a scenario name ``<script>`` stays text in a notebook).
"""

from __future__ import annotations

import math

import pandas as pd

from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, month_name
from ucjlib.projection.result import ProjectionResult
from ucjlib.render.safe import html_frame
from ucjlib.text import say

__all__ = ["allocation_display", "backtest_table", "deadline_panel", "pace_lines", "pace_table",
           "projection_headline", "projection_narrative", "scenario_table"]


def projection_headline(result: ProjectionResult, lang: str | None = None) -> str:
    """Return the one-sentence projection headline (summary, deck, report outputs).

    The target, deadline and scenario, the net additions a month needed, the projected
    coverage at the deadline with its 90% range, and when the target is reached; when
    coverage is already above the target, that it only has to be kept.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> r = project(demo_dataset("35.22"), draws=100)
    >>> projection_headline(r)[:62]
    'Menuju target 60% pada Desember 2025 (skenario dasar): perlu +'
    >>> projection_headline(r, "en")[:61]
    'Toward the 60% target by December 2025 (scenario baseline): +'
    """
    lang = lang or result.lang
    result = result.shown(lang)
    f = result.figures()
    params = {"target": result.target.value, "deadline": result.deadline,
              "scenario": result.scenario, "at": f["coverage_at_deadline"]}
    if f["required_monthly_net_additions"] <= 0:
        return say("projection.headline_above", lang, **params)
    return say("projection.headline", lang, **params,
               net=f["required_monthly_net_additions"], p5=f["coverage_at_deadline_p5"],
               p95=f["coverage_at_deadline_p95"],
               reached=_reached(f["target_reached_month"], lang))


def _reached(month: str | None, lang: str) -> str:
    if isinstance(month, str) and month:  # NaN or None: not reached
        return month_name(month, lang=lang)
    return say("projtext.not_in_horizon", lang)


def pace_table(result: ProjectionResult) -> pd.DataFrame:
    """Tabulate the required pace and the projection at the deadline, one row each.

    Returns
    -------
    pandas.DataFrame
        ``Ukuran`` / ``Nilai`` (``Measure`` / ``Value`` in English), formatted text.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> t = pace_table(project(demo_dataset("35.22"), draws=100))
    >>> t.iloc[4].tolist()
    ['Tambahan bersih per bulan', '24.215']
    """
    lang, f, p = result.lang, result.figures(), result.pace
    dl = result.deadline
    rows = [
        (say("projtext.pace.coverage_now", lang, now=result.periode),
         fmt_pct(f["coverage_now"], 2, lang)),
        (say("projtext.pace.target", lang),
         say("projtext.pace.target_by", lang, target=result.target.value, deadline=dl)),
        (say("projtext.pace.participants", lang), fmt_int(p["target_peserta"], lang)),
        (say("projtext.pace.net_total", lang, deadline=dl, months=p["months"]),
         fmt_int(p["needed_total"], lang)),
        (say("projtext.pace.net_month", lang),
         fmt_int(f["required_monthly_net_additions"], lang)),
        (say("projtext.pace.gross_month", lang),
         fmt_int(f["required_monthly_gross_enrolments"], lang)),
        (say("projtext.pace.over_trend", lang),
         fmt_int(f["additional_monthly_over_trend"], lang)),
        (say("projtext.pace.projected", lang, deadline=dl),
         f"{fmt_pct(f['coverage_at_deadline'], 2, lang)} "
         f"({fmt_pct(f['coverage_at_deadline_p5'], 1, lang)}–"
         f"{fmt_pct(f['coverage_at_deadline_p95'], 1, lang)})"),
        (say("projtext.pace.shortfall", lang, deadline=dl),
         fmt_int(f["shortfall_at_deadline"], lang)),
        (say("projtext.pace.probability", lang),
         fmt_pct(f["probability_target_by_deadline"], 0, lang)),
        (say("projtext.pace.reached", lang), _reached(f["target_reached_month"], lang)),
    ]
    return html_frame(pd.DataFrame(rows, columns=say("projtext.pace.columns", lang).split("|")))


def pace_lines(result: ProjectionResult) -> list[str]:
    r"""Return the headline pace figures as printable lines (the notebook's checked output).

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> print("\n".join(pace_lines(project(demo_dataset("35.22"), draws=100))[1:3]))
    Tambahan bersih per bulan: 24.215
    Pendaftaran bruto per bulan (bila lapse berlanjut): 29.215
    """
    lang, result = result.lang, result.shown()
    head = say("projtext.pace_lines.head", lang, name=result.region.nama,
               scenario=result.scenario, target=result.target.value, deadline=result.deadline)
    if result.label:
        head += f" [{result.label}]"
    t = pace_table(result)
    keep = {4, 5, 7, 9, 10}
    return [head] + [f"{a}: {b}" for i, (a, b) in enumerate(t.itertuples(index=False))
                     if i in keep]


def backtest_table(result: ProjectionResult) -> pd.DataFrame:
    """Backtest errors by horizon against naive and drift forecasts, formatted.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> backtest_table(project(demo_dataset("35.22"), draws=100)).iloc[0].tolist()
    ['3 bulan', '27', '2,31', '2,63', '2,39', 'ya']
    """
    lang = result.lang
    cols = say("projtext.backtest.columns", lang).split("|")
    rows = []
    for r in result.backtest.itertuples(index=False):
        yes = {True: say("projtext.yes", lang), False: say("projtext.no", lang)}.get(
            r.beats_drift, "–")
        rows.append([say("projtext.backtest.horizon", lang, months=int(r.horizon)),
                     fmt_int(r.origins, lang),
                     *(fmt_number(v, 2, lang) if not pd.isna(v) else "–"
                       for v in (r.mae_model_pp, r.mae_naive_pp, r.mae_drift_pp)), yes])
    return html_frame(pd.DataFrame(rows, columns=cols))


def allocation_display(result: ProjectionResult) -> pd.DataFrame:
    """Format the target sheet per unit for display: titled columns, Indonesian numbers.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> allocation_display(project(demo_dataset("35.22"), draws=50)).iloc[0, :4].tolist()
    ['35.22.01', 'Ngraho', '33.597', '10.300']
    """
    from ucjlib.columns import title

    lang, a = result.lang, result.allocation.copy()
    for c in a.columns:
        if c in ("cakupan", "cakupan_tenggat"):
            a[c] = [fmt_pct(v, 2, lang) for v in a[c]]
        elif c == "tambahan_per_bulan":
            a[c] = [fmt_number(v, 1, lang) if not pd.isna(v) else "–" for v in a[c]]
        elif c not in ("kode", "nama", "kecamatan"):
            a[c] = [fmt_int(v, lang) if not pd.isna(v) else "–" for v in a[c]]
    a.columns = [title(c, lang) for c in a.columns]
    return html_frame(a)


def scenario_table(result: ProjectionResult) -> pd.DataFrame:
    """One row per scenario: coverage at the deadline, in January, at the end, and when.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> scenario_table(project(demo_dataset("35.22"), draws=100)).iloc[1, :3].tolist()
    ['APBD tidak diperpanjang', '39,95%', '20,54%']
    """
    result = result.shown()
    lang, s = result.lang, result.scenarios
    dl = month_name(result.deadline, lang=lang, short=True)
    jan = s["periode_januari"].dropna()
    jn = month_name(jan.iloc[0], lang=lang, short=True) if len(jan) else "Jan"
    end = month_name(result.scenario_paths["periode"].max(), lang=lang, short=True)
    cols = [say("projtext.scenarios.scenario", lang),
            *(say("projtext.scenarios.coverage", lang, month=m) for m in (dl, jn, end)),
            say("projtext.scenarios.shortfall", lang, month=dl),
            say("projtext.scenarios.probability", lang),
            say("projtext.scenarios.reached", lang)]
    rows = [[r.skenario, fmt_pct(r.cakupan_tenggat, 2, lang),
             fmt_pct(r.cakupan_januari, 2, lang), fmt_pct(r.cakupan_akhir, 2, lang),
             fmt_int(r.kekurangan_tenggat, lang), fmt_pct(r.probabilitas_target, 0, lang),
             _reached(r.bulan_target_tercapai, lang)] for r in s.itertuples(index=False)]
    return html_frame(pd.DataFrame(rows, columns=cols))


def deadline_panel(result: ProjectionResult) -> list[str]:
    """List the key numbers shown beside the fan chart: deadline, range, chance, pace.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> deadline_panel(project(demo_dataset("35.22"), draws=100))[:2]
    ['Pada Desember 2025 (tenggat):', '  proyeksi 39,95%']
    """
    lang, f = result.lang, result.figures()
    at = {"cakupan_pct": f["coverage_at_deadline"] * 100,
          "p5_pct": f["coverage_at_deadline_p5"] * 100,
          "p95_pct": f["coverage_at_deadline_p95"] * 100}
    dl = result.deadline
    lines = [say("projtext.panel.deadline", lang, deadline=dl),
             say("projtext.panel.projected", lang, at=at["cakupan_pct"] / 100),
             say("projtext.panel.range", lang, p5=at["p5_pct"] / 100, p95=at["p95_pct"] / 100),
             say("projtext.panel.chance", lang, p=f["probability_target_by_deadline"])]
    if f["shortfall_at_deadline"] > 0:
        lines.append(say("projtext.panel.short", lang, n=f["shortfall_at_deadline"]))
    lines.append("")
    if result.pace["needed_total"] > 0:
        lines += [say("projtext.panel.pace", lang),
                  say("projtext.panel.net", lang, n=f["required_monthly_net_additions"]),
                  say("projtext.panel.gross", lang, n=f["required_monthly_gross_enrolments"])]
    else:
        lines.append(say("projtext.panel.above", lang))
    return lines


def _risk(result: ProjectionResult) -> str:
    """Describe the January non-renewal risk from the cohorts and the scenarios."""
    lang, result = result.lang, result.shown()
    cohorts = result.model.get("cohorts") or []
    s = result.scenarios.dropna(subset=["cakupan_januari"])
    main = result.scenarios.loc[result.scenarios["skenario"] == result.scenario].iloc[0]
    if not cohorts:
        return say("projtext.risk.none", lang)
    stock = sum(c["level"] for c in cohorts)
    funds = "/".join(dict.fromkeys(c["pendanaan"] for c in cohorts))
    if s.empty:
        return say("projtext.risk.beyond", lang, stock=stock, funds=funds)
    worst = s.loc[s["cakupan_januari"].idxmin()]
    jan = worst["periode_januari"]
    if worst["skenario"] == main["skenario"] or worst["cakupan_januari"] >= main[
            "cakupan_januari"] - 0.0005:
        return say("projtext.risk.all_renew", lang, stock=stock, funds=funds, jan=jan)
    drop = main["cakupan_januari"] - worst["cakupan_januari"]
    return say("projtext.risk.worst", lang, jan=jan, stock=stock, funds=funds,
               worst=worst["skenario"], cov=worst["cakupan_januari"], drop=drop * 100,
               main=main["skenario"])


def _trust(result: ProjectionResult) -> str:
    lang, bt = result.lang, result.backtest
    ok = bt.loc[bt["origins"] > 0]
    if ok.empty:
        return say("projtext.trust.none", lang)
    first, last = ok.iloc[0], ok.iloc[-1]
    better = [int(h) for h, b in zip(ok["horizon"], ok["beats_drift"], strict=True) if b]
    worse = [int(h) for h, b in zip(ok["horizon"], ok["beats_drift"], strict=True) if not b]

    def err(r: pd.Series) -> str:
        return say("projtext.trust.error", lang, model=r["mae_model_pp"],
                   months=int(r["horizon"]), drift=r["mae_drift_pp"])
    base = (say("projtext.trust.two", lang, first=err(first), last=err(last)) if len(ok) > 1
            else say("projtext.trust.one", lang, first=err(first)))
    if not worse:
        return base + say("projtext.trust.better", lang)
    if not better:
        return base + say("projtext.trust.worse", lang)
    return base + say("projtext.trust.worse_at", lang, horizons=", ".join(map(str, worse)))


def projection_narrative(result: ProjectionResult) -> list[str]:
    """Four or five sentences generated from the numbers of a projection.

    Required pace (net and gross), whether and when the target is reached, the January
    non-renewal risk, and how far to trust the projection given the backtest. Indonesian;
    English when ``result.lang == "en"``.

    Examples
    --------
    >>> from ucjlib.demo.generate import demo_dataset
    >>> from ucjlib.projection import project
    >>> s = projection_narrative(project(demo_dataset("35.22"), draws=100))
    >>> s[0][:90]
    'Untuk mencapai target 60% pada Desember 2025, Kabupaten Bojonegoro perlu tambahan bersih 2'
    """
    result = result.shown()
    lang, f, p = result.lang, result.figures(), result.pace
    nama, tgt, dl = result.region.nama, result.target.value, result.deadline
    out = []
    if p["needed_total"] <= 0:
        out.append(say("projtext.narr.above", lang, name=nama, target=tgt, now=result.periode,
                       cov=f["coverage_now"]))
    else:
        gross = f["required_monthly_gross_enrolments"]
        lapse = result.model.get("bpu_mandiri_lapse_rate") or 0.0
        net = f["required_monthly_net_additions"]
        if round(gross) > round(net):  # lapse continues: say what it costs in enrolments
            tail = say("projtext.narr.gross", lang, gross=gross)
        else:
            tail = say("projtext.narr.no_lapse", lang)
        out.append(say("projtext.narr.pace", lang, target=tgt, deadline=dl, name=nama, net=net,
                       total=p["needed_total"], months=p["months"], tail=tail))
        if lapse > 0:
            out[-1] = out[-1][:-1] + say("projtext.narr.lapse", lang, rate=lapse)
    reached = f["target_reached_month"]
    cov = say("projtext.narr.cov", lang, at=f["coverage_at_deadline"],
              p5=f["coverage_at_deadline_p5"], p95=f["coverage_at_deadline_p95"])
    prob = f["probability_target_by_deadline"]
    if reached is not None and reached <= result.periode:
        out.append(say("projtext.narr.stays_above", lang, scenario=result.scenario,
                       deadline=dl, cov=cov, prob=prob))
    elif reached is not None and reached <= result.deadline:
        out.append(say("projtext.narr.reached", lang, scenario=result.scenario,
                       reached=reached, deadline=dl, cov=cov, prob=prob))
    else:
        when = (say("projtext.narr.later", lang, reached=reached) if reached else
                say("projtext.narr.never", lang))
        out.append(say("projtext.narr.missed", lang, scenario=result.scenario, when=when,
                       deadline=dl, cov=cov, short=f["shortfall_at_deadline"], prob=prob))
        add = f["additional_monthly_over_trend"]
        if add > 0 and not math.isclose(add, f["required_monthly_net_additions"], rel_tol=0.02):
            out.append(say("projtext.narr.over_trend", lang, add=add))
    out.append(_risk(result))
    out.append(_trust(result))
    if result.label:
        out[-1] += say("projtext.narr.label", lang, label=result.label)
    return out
