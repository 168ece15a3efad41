"""Display tables and the generated narrative of a projection (Indonesian, English on request).

Renderers of a :class:`~ucjlib.projection.ProjectionResult`: they format numbers with
:mod:`ucjlib.fmt` (``42,29%``, ``24.215``) and compute nothing the result does not carry.
The tables are :class:`ucjlib.render.safe.HtmlSafeFrame`: the same text in the terminal,
and a ``.style`` that escapes HTML (a scenario name ``<script>`` stays text in a notebook).
"""

from __future__ import annotations

import math

import pandas as pd

from ucjlib.fmt import fmt_int, fmt_number, fmt_pct, fmt_target, month_name
from ucjlib.projection.result import ProjectionResult
from ucjlib.render.safe import html_frame
from ucjlib.text import say

__all__ = ["allocation_display", "backtest_table", "deadline_panel", "pace_lines", "pace_table",
           "projection_headline", "projection_narrative", "scenario_table"]


def _t(lang: str, id_: str, en: str) -> str:
    return id_ if lang == "id" else en


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
    return _t(lang, "tidak dalam horizon", "not within the horizon")


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
    now, dl = month_name(result.periode, lang=lang), month_name(result.deadline, lang=lang)
    rows = [
        (_t(lang, f"Cakupan {now}", f"Coverage {now}"), fmt_pct(f["coverage_now"], 2, lang)),
        (_t(lang, "Target", "Target"), f"{fmt_target(result.target.value, lang)} "
         + _t(lang, "pada ", "by ") + dl),
        (_t(lang, "Peserta untuk target", "Participants for the target"),
         fmt_int(p["target_peserta"], lang)),
        (_t(lang, f"Tambahan bersih s.d. {dl} ({p['months']} bulan)",
            f"Net additions to {dl} ({p['months']} months)"), fmt_int(p["needed_total"], lang)),
        (_t(lang, "Tambahan bersih per bulan", "Net additions per month"),
         fmt_int(f["required_monthly_net_additions"], lang)),
        (_t(lang, "Pendaftaran bruto per bulan (bila lapse berlanjut)",
            "Gross enrolments per month (if lapsing continues)"),
         fmt_int(f["required_monthly_gross_enrolments"], lang)),
        (_t(lang, "Tambahan di atas tren per bulan", "Additions over the trend per month"),
         fmt_int(f["additional_monthly_over_trend"], lang)),
        (_t(lang, f"Cakupan proyeksi {dl} (rentang 90%)", f"Projected coverage {dl} (90% range)"),
         f"{fmt_pct(f['coverage_at_deadline'], 2, lang)} "
         f"({fmt_pct(f['coverage_at_deadline_p5'], 1, lang)}–"
         f"{fmt_pct(f['coverage_at_deadline_p95'], 1, lang)})"),
        (_t(lang, f"Kekurangan peserta {dl}", f"Shortfall {dl}"),
         fmt_int(f["shortfall_at_deadline"], lang)),
        (_t(lang, "Peluang target tercapai pada tenggat", "Probability of the target by the "
            "deadline"), fmt_pct(f["probability_target_by_deadline"], 0, lang)),
        (_t(lang, "Target tercapai (proyeksi)", "Target reached (projection)"),
         _reached(f["target_reached_month"], lang)),
    ]
    return html_frame(pd.DataFrame(rows, columns=_t(lang, "Ukuran|Nilai", "Measure|Value")
                                   .split("|")))


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
    head = f"{result.region.nama} — {_t(lang, 'skenario', 'scenario')} {result.scenario}, " \
           f"{_t(lang, 'target', 'target')} {fmt_target(result.target.value, lang)} " \
           f"{_t(lang, 'pada', 'by')} {month_name(result.deadline, lang=lang)}"
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
    cols = (["Horizon", "Titik awal", "Galat model (pp)", "Galat naif (pp)",
             "Galat drift (pp)", "Lebih baik dari drift"] if lang == "id" else
            ["Horizon", "Origins", "Model error (pp)", "Naive error (pp)", "Drift error (pp)",
             "Beats drift"])
    rows = []
    for r in result.backtest.itertuples(index=False):
        yes = {True: _t(lang, "ya", "yes"), False: _t(lang, "tidak", "no")}.get(
            r.beats_drift, "–")
        rows.append([f"{int(r.horizon)} {_t(lang, 'bulan', 'months')}", fmt_int(r.origins, lang),
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
    cols = ([_t(lang, "Skenario", "Scenario"), _t(lang, f"Cakupan {dl}", f"Coverage {dl}"),
             _t(lang, f"Cakupan {jn}", f"Coverage {jn}"),
             _t(lang, f"Cakupan {end}", f"Coverage {end}"),
             _t(lang, f"Kekurangan {dl}", f"Shortfall {dl}"),
             _t(lang, "Peluang target", "Probability of target"),
             _t(lang, "Target tercapai", "Target reached")])
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
    dl = month_name(result.deadline, lang=lang)
    rng = (f"{fmt_pct(at['p5_pct'] / 100, 1, lang)}–{fmt_pct(at['p95_pct'] / 100, 1, lang)}")
    lines = [_t(lang, f"Pada {dl} (tenggat):", f"In {dl} (deadline):"),
        _t(lang, f"  proyeksi {fmt_pct(at['cakupan_pct'] / 100, 2)}",
           f"  projected {fmt_pct(at['cakupan_pct'] / 100, 2, 'en')}"),
        _t(lang, f"  rentang 90%: {rng}", f"  90% range: {rng}"),
        _t(lang, f"  peluang ≥ target: {fmt_pct(f['probability_target_by_deadline'], 0)}",
           f"  chance ≥ target: {fmt_pct(f['probability_target_by_deadline'], 0, 'en')}")]
    if f["shortfall_at_deadline"] > 0:
        lines.append(_t(lang, f"  kurang {fmt_int(f['shortfall_at_deadline'])} peserta",
                        f"  {fmt_int(f['shortfall_at_deadline'], 'en')} participants short"))
    lines.append("")
    if result.pace["needed_total"] > 0:
        lines += [_t(lang, "Laju yang dibutuhkan:", "Required pace:"),
                  _t(lang, f"  +{fmt_int(f['required_monthly_net_additions'])} bersih/bulan",
                     f"  +{fmt_int(f['required_monthly_net_additions'], 'en')} net/month"),
                  _t(lang, f"  {fmt_int(f['required_monthly_gross_enrolments'])} "
                     "pendaftaran bruto/bulan",
                     f"  {fmt_int(f['required_monthly_gross_enrolments'], 'en')} gross "
                     "enrolments/month")]
    else:
        lines.append(_t(lang, "Sudah di atas target:\n  jaga peserta yang ada",
                        "Already above target:\n  keep current participants"))
    return lines


def _risk(result: ProjectionResult) -> str:
    """Describe the January non-renewal risk from the cohorts and the scenarios."""
    lang, result = result.lang, result.shown()
    cohorts = result.model.get("cohorts") or []
    s = result.scenarios.dropna(subset=["cakupan_januari"])
    main = result.scenarios.loc[result.scenarios["skenario"] == result.scenario].iloc[0]
    if not cohorts:
        return _t(lang, "Tidak ada kohort APBD/APBDes dalam data, jadi cakupan tidak "
                  "bergantung pada perpanjangan kontrak di bulan Januari.",
                  "There is no APBD/APBDes cohort in the data, so coverage does not depend "
                  "on a contract renewal in January.")
    stock = sum(c["level"] for c in cohorts)
    funds = "/".join(dict.fromkeys(c["pendanaan"] for c in cohorts))
    if s.empty:
        return _t(lang, f"{fmt_int(stock)} peserta dibayar {funds}; perpanjangannya di Januari "
                  "berada di luar horizon proyeksi.",
                  f"{fmt_int(stock, 'en')} participants are paid by {funds}; their January "
                  "renewal is beyond the projection horizon.")
    worst = s.loc[s["cakupan_januari"].idxmin()]
    jan = month_name(worst["periode_januari"], lang=lang)
    if worst["skenario"] == main["skenario"] or worst["cakupan_januari"] >= main[
            "cakupan_januari"] - 0.0005:
        return _t(lang, f"{fmt_int(stock)} peserta dibayar {funds}; semua skenario "
                  f"menganggap kontrak itu diperpanjang pada {jan}.",
                  f"{fmt_int(stock, 'en')} participants are paid by {funds}; every scenario "
                  f"assumes the contract is renewed in {jan}.")
    drop = main["cakupan_januari"] - worst["cakupan_januari"]
    return _t(lang, f"Risiko terbesar ada pada {jan}: {fmt_int(stock)} peserta dibayar {funds}, "
              f"dan pada skenario \"{worst['skenario']}\" cakupan turun ke "
              f"{fmt_pct(worst['cakupan_januari'], 2)} "
              f"({fmt_number(drop * 100, 1)} poin persen di bawah skenario {main['skenario']}).",
              f"The largest risk is in {jan}: {fmt_int(stock, 'en')} participants are paid by "
              f"{funds}, and under \"{worst['skenario']}\" coverage falls to "
              f"{fmt_pct(worst['cakupan_januari'], 2, 'en')} "
              f"({fmt_number(drop * 100, 1, 'en')} percentage points below "
              f"{main['skenario']}).")


def _trust(result: ProjectionResult) -> str:
    lang, bt = result.lang, result.backtest
    ok = bt.loc[bt["origins"] > 0]
    if ok.empty:
        return _t(lang, "Riwayat data terlalu pendek untuk uji balik, jadi ketepatan proyeksi "
                  "belum dapat dinilai; perlakukan angkanya sebagai indikasi.",
                  "The history is too short for a backtest, so the projection's accuracy "
                  "cannot be judged; treat the figures as indicative.")
    first, last = ok.iloc[0], ok.iloc[-1]
    better = [int(h) for h, b in zip(ok["horizon"], ok["beats_drift"], strict=True) if b]
    worse = [int(h) for h, b in zip(ok["horizon"], ok["beats_drift"], strict=True) if not b]

    def err(r: pd.Series, lg: str) -> str:
        return (f"{fmt_number(r['mae_model_pp'], 1, lg)} "
                + _t(lg, "poin persen", "percentage points")
                + _t(lg, f" pada {int(r['horizon'])} bulan (drift ",
                     f" at {int(r['horizon'])} months (drift ")
                + fmt_number(r["mae_drift_pp"], 1, lg) + ")")
    base = _t(lang, f"Uji balik: galat rata-rata {err(first, 'id')}"
              + (f" dan {err(last, 'id')}" if len(ok) > 1 else "") + "; ",
              f"Backtest: mean error {err(first, 'en')}"
              + (f" and {err(last, 'en')}" if len(ok) > 1 else "") + "; ")
    hs = ", ".join(map(str, worse))
    if not worse:
        return base + _t(lang, "proyeksi lebih akurat daripada drift di semua horizon.",
                         "the projection beats drift at every horizon.")
    if not better:
        return base + _t(lang, "proyeksi tidak lebih akurat daripada drift, jadi pakai "
                         "angkanya dengan hati-hati.",
                         "the projection is no better than drift, so use it with care.")
    return base + _t(lang, f"proyeksi tidak lebih akurat daripada drift pada horizon {hs} "
                     "bulan, jadi angka jangka panjang hanya indikasi.",
                     f"the projection is no better than drift at {hs} months, so longer-range "
                     "figures are indicative only.")


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
    nama, tgt = result.region.nama, fmt_target(result.target.value, lang)
    dl = month_name(result.deadline, lang=lang)
    out = []
    if p["needed_total"] <= 0:
        out.append(_t(lang, f"{nama} sudah di atas target {tgt} pada "
                      f"{month_name(result.periode)} ({fmt_pct(f['coverage_now'], 2)}): "
                      "tidak perlu tambahan bersih, cukup menjaga peserta yang ada.",
                      f"{nama} is already above the {tgt} target in "
                      f"{month_name(result.periode, 'en')} "
                      f"({fmt_pct(f['coverage_now'], 2, 'en')}): no net additions are "
                      "needed, only keeping current participants."))
    else:
        gross = f["required_monthly_gross_enrolments"]
        lapse = result.model.get("bpu_mandiri_lapse_rate") or 0.0
        net = f["required_monthly_net_additions"]
        if round(gross) > round(net):  # lapse continues: say what it costs in enrolments
            tail_id = (f"karena sebagian peserta berhenti di jalan, pendaftaran bruto yang "
                       f"dibutuhkan {fmt_int(gross)} per bulan.")
            tail_en = (f"as some participants drop out on the way, {fmt_int(gross, 'en')} "
                       f"gross enrolments per month are needed.")
        else:
            tail_id = "tidak ada lapse yang diperkirakan, jadi pendaftaran bruto sama dengan itu."
            tail_en = "no lapse is estimated, so gross enrolments are the same."
        out.append(_t(lang, f"Untuk mencapai target {tgt} pada {dl}, {nama} perlu tambahan "
                      f"bersih {fmt_int(net)} peserta per "
                      f"bulan ({fmt_int(p['needed_total'])} dalam {p['months']} bulan); "
                      + tail_id,
                      f"To reach the {tgt} target by {dl}, {nama} needs "
                      f"{fmt_int(net, 'en')} net additional "
                      f"participants per month ({fmt_int(p['needed_total'], 'en')} over "
                      f"{p['months']} months); " + tail_en))
        if lapse > 0:
            out[-1] = out[-1][:-1] + _t(
                lang, f" (laju lapse BPU mandiri {fmt_pct(lapse, 1)} per bulan).",
                f" (BPU self-paid lapse rate {fmt_pct(lapse, 1, 'en')} a month).")
    reached = f["target_reached_month"]
    cov = (f"{fmt_pct(f['coverage_at_deadline'], 2, lang)} "
           f"({_t(lang, 'rentang 90%', '90% range')} "
           f"{fmt_pct(f['coverage_at_deadline_p5'], 1, lang)}–"
           f"{fmt_pct(f['coverage_at_deadline_p95'], 1, lang)})")
    prob = fmt_pct(f["probability_target_by_deadline"], 0, lang)
    if reached is not None and reached <= result.periode:
        out.append(_t(lang, f"Dengan skenario {result.scenario}, cakupan tetap di atas target: "
                      f"{dl} diproyeksikan {cov}, dengan peluang {prob} berada di atas target.",
                      f"Under the {result.scenario} scenario coverage stays above target: "
                      f"{cov} projected for {dl}, with a {prob} probability of being above "
                      "target."))
    elif reached is not None and reached <= result.deadline:
        out.append(_t(lang, f"Dengan skenario {result.scenario}, target tercapai pada "
                      f"{month_name(reached)}; cakupan {dl} diproyeksikan {cov}, dengan "
                      f"peluang {prob} berada di atas target.",
                      f"Under the {result.scenario} scenario the target is reached in "
                      f"{month_name(reached, 'en')}; coverage in {dl} is projected at {cov}, "
                      f"with a {prob} probability of being above target."))
    else:
        when = (_t(lang, f"baru tercapai pada {month_name(reached)}",
                   f"is only reached in {month_name(reached, 'en')}") if reached else
                _t(lang, "tidak tercapai dalam horizon proyeksi",
                   "is not reached within the projection horizon"))
        out.append(_t(lang, f"Dengan skenario {result.scenario}, target {when}: cakupan {dl} "
                      f"diproyeksikan {cov}, kurang "
                      f"{fmt_int(f['shortfall_at_deadline'])} peserta, dan peluang mencapai "
                      f"target pada tenggat {prob}.",
                      f"Under the {result.scenario} scenario the target {when}: coverage in "
                      f"{dl} is projected at {cov}, "
                      f"{fmt_int(f['shortfall_at_deadline'], 'en')} participants short, with "
                      f"a {prob} probability of reaching the target by the deadline."))
        add = f["additional_monthly_over_trend"]
        if add > 0 and not math.isclose(add, f["required_monthly_net_additions"], rel_tol=0.02):
            out.append(_t(lang, f"Di atas tren sekarang, dibutuhkan {fmt_int(add)} peserta "
                          "tambahan per bulan.",
                          f"On top of the current trend, {fmt_int(add, 'en')} additional "
                          "participants a month are needed."))
    out.append(_risk(result))
    out.append(_trust(result))
    if result.label:
        out[-1] += _t(lang, f" Angka ini dari {result.label}.", f" Figures from {result.label}.")
    return out
