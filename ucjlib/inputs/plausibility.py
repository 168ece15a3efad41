"""Plausibility across levels and files: checks of a whole dataset, not of one cell.

Each loader checks its own file; :func:`ucjlib.inputs.loaders.load_dataset` then checks
what only the files together can show (``data/BAD_INPUT.md``, "Plausibility across
levels and files"):

* :func:`coverage_over_workforce`: coverage above 100% for any unit at any level
  (participants rolled up the region tree exactly as the analysis does, against the
  workforce year the analysis picks) is an input error naming both files and the unit;
  against an *estimated* denominator it is a note.
* :func:`workforce_against_population`: a kabupaten workforce below a share of its
  population (``coverage.plausibility.workforce_min_share_of_population`` in
  ``data/rules``) or above the population itself gets a note in every output (a
  warning, not an error: a workforce in thousands is refused anyway by the coverage
  check as soon as the participants are real).
* :func:`fill_reporting_gaps`: a unit that reported in earlier months but not in a
  later one is *missing*, never 0: its latest earlier report is carried forward, and a
  note names the units and months; months missing from the whole series are named too.
* :func:`demo_mix_problem`: demo (synthetic) files mixed with real ones are refused.
"""

from __future__ import annotations

import pandas as pd

from ucjlib.errors import Problem
from ucjlib.fmt import fmt_int, fmt_pct, month_name
from ucjlib.text import Note

_SHOWN = 10
"""Units named per problem list; the rest are summarised in one more problem."""

LIKELY_CAUSES = ("cakupan <= 100% untuk setiap unit dan bulan. Periksa: pekerja ditulis dalam "
                 "ribuan (mis. 692 untuk 692.456), peserta dari wilayah yang lebih luas daripada "
                 "penyebut, atau penyebut hanya untuk sebagian wilayah")


def _name(kode: str) -> str:
    from ucjlib.geo.wilayah import get_region

    try:
        return get_region(kode).nama
    except LookupError:
        return kode


def coverage_over_workforce(ds, cov_file: str, wf_file: str,
                            ) -> tuple[list[Problem], list[Note]]:
    """Units and months whose coverage exceeds 100%, at every level the data reaches.

    Participants are rolled up as :mod:`ucjlib.coverage` rolls them up (a unit's own
    rows, else the sum of its children's) and compared with the complete denominator of
    the workforce year the analysis picks for the month. One problem per unit (its
    highest month); units whose denominator is an allocation give one note instead.

    Returns
    -------
    problems : list of Problem
        For the coverage file, naming the workforce file, the unit and the months.
    notes : list of str
        Units over 100% against an estimated denominator.

    Examples
    --------
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": ["35.22.01", "35.22.02"], "periode": "2025-06",
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [300, 394]})
    >>> wf = pd.DataFrame({"kode": ["35.22"], "tahun": [2025], "pekerja": [200]})
    >>> probs, notes = coverage_over_workforce(Dataset("35.22", cov, wf), "c.csv", "w.csv")
    >>> print(probs[0].message)  # doctest: +NORMALIZE_WHITESPACE
    cakupan Kabupaten Bojonegoro (35.22, kabupaten) Juni 2025 = 347,00%: 694 peserta aktif
    di c.csv melebihi 200 pekerja tahun 2025 di w.csv
    """
    from ucjlib.aggregate import depth_of
    from ucjlib.geo.wilayah import LEVELS, level_of
    from ucjlib.measures import denominators, numerators, with_denominators

    if ds.coverage.empty or ds.workforce.empty:
        return [], []
    top = LEVELS.index(level_of(ds.kode))
    finest = int(max(depth_of(ds.workforce["kode"].astype(str)).max(),
                     depth_of(ds.coverage["kode"].astype(str)).max()))
    over = []
    for depth in range(top, finest + 1):
        den = denominators(ds, depth, [])
        if den.empty:
            continue
        num = numerators(ds, depth, None, None, [])
        if num.empty:
            continue
        t = with_denominators(num[["kode", "periode"]].drop_duplicates(), den)
        t = t.merge(num, on=["kode", "periode"], how="left")
        p = pd.to_numeric(t["peserta_aktif"], errors="coerce")
        w = pd.to_numeric(t["pekerja"], errors="coerce")
        bad = t.loc[w.notna() & p.notna() & (p > w) & (p > 0)].copy()
        if bad.empty:
            continue
        bad["level"] = LEVELS[depth]
        bad["_share"] = (pd.to_numeric(bad["peserta_aktif"]) /
                         pd.to_numeric(bad["pekerja"]).where(lambda s: s > 0))
        over.append(bad)
    if not over:
        return [], []
    bad = pd.concat(over, ignore_index=True)
    est = (bad["pekerja_estimasi"].fillna(False).astype(bool) if "pekerja_estimasi" in bad
           else pd.Series(False, index=bad.index))
    notes = []
    if est.any():
        n = bad.loc[est, ["kode", "periode"]].drop_duplicates()
        notes.append(Note("inputs.over_estimated", {"n": len(n)}))
    bad = bad.loc[~est]
    problems = []
    units = list(dict.fromkeys(bad.sort_values(["level", "kode"], key=lambda s: s.map(
        {lv: i for i, lv in enumerate(LEVELS)}) if s.name == "level" else s)["kode"]))
    for kode in units[:_SHOWN]:
        rows = bad.loc[bad["kode"] == kode].sort_values("periode")
        worst = rows.loc[rows["_share"].fillna(float("inf")).idxmax()]
        share = worst["_share"]
        pct = "tak hingga (pekerja 0)" if pd.isna(share) else fmt_pct(float(share))
        first, last = (month_name(rows["periode"].iloc[i]) for i in (0, -1))
        months = (f" (dan {fmt_int(len(rows) - 1)} bulan lain: {first} s.d. {last})"
                  if len(rows) > 1 else "")
        problems.append(Problem(
            cov_file, None, "peserta_aktif",
            f"cakupan {_name(kode)} ({kode}, {worst['level']}) {month_name(worst['periode'])} = "
            f"{pct}: {fmt_int(worst['peserta_aktif'])} peserta aktif di {cov_file} melebihi "
            f"{fmt_int(worst['pekerja'])} pekerja tahun {int(worst['tahun_pekerja'])} di "
            f"{wf_file}{months}", LIKELY_CAUSES))
    if len(units) > _SHOWN:
        problems.append(Problem(cov_file, None, "peserta_aktif",
                                f"... dan {fmt_int(len(units) - _SHOWN)} unit lain dengan cakupan "
                                f"di atas 100% (penyebut {wf_file})", LIKELY_CAUSES))
    return problems, notes


def kabupaten_population() -> dict[str, int]:
    """Return the population (Dukcapil, December 2024) per province and kabupaten/kota code.

    From ``wilayah/db/wilayah_penduduk.sql`` of the pinned gazetteer upstream; an empty
    dict when that file cannot be had (no mirror, offline).

    Examples
    --------
    >>> kabupaten_population().get("35.22")
    1366227
    """
    import re

    from ucjlib.errors import SourceError
    from ucjlib.geo.sources import source_file

    try:
        text = source_file("wilayah/db/wilayah_penduduk.sql").read_text(encoding="utf-8")
    except (SourceError, OSError):
        return {}
    rows = re.findall(r"\('([0-9.]+)','(?:[^'\\]|\\.|'')*','(\d+)','(\d+)','(\d+)'\)", text)
    return {kode: int(total) for kode, _, _, total in rows}


def workforce_against_population(workforce: pd.DataFrame, kode: str, wf_file: str,
                                 population: dict[str, int] | None = None) -> list[Note]:
    """Note a kabupaten workforce implausibly small, or above its whole population.

    The workforce of each kabupaten in ``kode`` (its own row, or the complete sum of its
    units, per year; estimated denominators included) must be at least
    ``coverage.plausibility.workforce_min_share_of_population`` of its population
    (``data/rules``) and at most ``...workforce_max_share_of_population`` of it; each
    year outside gets one note naming the file.

    Examples
    --------
    >>> wf = pd.DataFrame({"kode": ["35.22"], "tahun": [2024], "pekerja": [692]})
    >>> print(workforce_against_population(wf, "35.22", "w.csv", {"35.22": 1366227})[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    Periksa w.csv: pekerja Kabupaten Bojonegoro tahun 2024 (692) hanya 0,05% dari
    penduduknya (1.366.227, Dukcapil Desember 2024); yang wajar paling sedikit 1,00% (aturan
    coverage.plausibility.workforce_min_share_of_population). Pekerja ditulis dalam ribuan,
    atau hanya untuk sebagian wilayah? Cakupan di atas penyebut ini terlalu tinggi.
    """
    from ucjlib.aggregate import roll_up
    from ucjlib.rules import load_rules

    population = kabupaten_population() if population is None else population
    if not population or workforce.empty:
        return []
    rules = load_rules()
    name = "coverage.plausibility.workforce_{}_share_of_population"
    lo, hi = (rules.value(name.format(b), "2024-12-01") for b in ("min", "max"))
    kabs = sorted(k for k in population if len(k) == 5
                  and (k == kode or k.startswith(kode + ".") or kode.startswith(k + ".")))
    problems = []
    wf = workforce.assign(pekerja=pd.to_numeric(workforce["pekerja"], errors="coerce"))
    for kab in kabs:
        if kode.startswith(kab + "."):
            continue  # a dataset of one kecamatan: its kabupaten's population says nothing
        mine = wf.loc[(wf["kode"] == kab) | wf["kode"].astype(str).str.startswith(kab + ".")]
        if mine.empty:
            continue
        tot = roll_up(mine, ["tahun"], ["pekerja"], kab, 1, complete=True)
        for r in tot.itertuples(index=False):
            share = float(r.pekerja) / population[kab]
            if lo <= share <= hi:
                continue
            low = share < lo
            problems.append(Note(
                "inputs.workforce_low" if low else "inputs.workforce_high",
                {"file": wf_file, "name": _name(kab), "year": int(r.tahun),
                 "workers": float(r.pekerja), "share": share, "population": population[kab],
                 "limit": lo if low else hi, "rule": name.format("min" if low else "max")}))
    return problems


def fill_reporting_gaps(coverage: pd.DataFrame, file: str,
                        ) -> tuple[pd.DataFrame, list[Note]]:
    """Carry a unit's latest report into the months it did not report; name them.

    A unit (``kode``) that has rows in an earlier month but none in a later month of the
    series, while no unit above or below it has rows in that month, did not report: its
    rows of its latest earlier month are used for that month (never 0), and a note says
    which units and months. Months missing from the whole series (between its first and
    last month) are named in a note and left missing: nothing is carried into them.

    Examples
    --------
    >>> cov = pd.DataFrame({"kode": ["35.22.01", "35.22.02", "35.22.01"],
    ...     "periode": ["2025-05", "2025-05", "2025-06"], "segmen": "PU",
    ...     "pendanaan": "mandiri", "peserta_aktif": [10, 20, 11]})
    >>> out, notes = fill_reporting_gaps(cov, "c.csv")
    >>> out.loc[out["periode"] == "2025-06", "peserta_aktif"].tolist()
    [11, 20]
    >>> print(notes[0])  # doctest: +NORMALIZE_WHITESPACE
    1 unit tidak melapor di c.csv pada bulan tertentu; angka laporan terakhirnya yang dipakai
    (laporan yang tidak ada bukan 0): 35.22.02 Tambakrejo: Juni 2025 (angka Mei 2025).
    """
    from bisect import bisect_left

    from ucjlib.streams import month_index, month_label

    notes: list[Note] = []
    if coverage.empty:
        return coverage, notes
    months = sorted(coverage["periode"].astype(str).unique())
    every = [month_label(i) for i in range(month_index(months[0]), month_index(months[-1]) + 1)]
    absent = [m for m in every if m not in set(months)]
    if absent:
        shown: list = absent[:12]
        if len(absent) > 12:
            shown.append(Note("inputs.more", {"n": len(absent) - 12}))
        notes.append(Note("inputs.months_missing", {"file": file, "months": shown}))
    pres = coverage[["kode", "periode"]].drop_duplicates()
    by_month = pres.groupby("periode")["kode"].agg(set).to_dict()
    first = pres.groupby("kode")["periode"].min()
    covered_by: dict[str, set[str]] = {}
    for m, codes in by_month.items():
        anc = set()
        for c in codes:
            parts = c.split(".")
            anc.update(".".join(parts[:i]) for i in range(1, len(parts)))
        covered_by[m] = codes | anc
    missing = []
    for kode, start in first.items():
        parts = kode.split(".")
        ancestors = [".".join(parts[:i]) for i in range(1, len(parts))]
        for m in months:
            if m <= start or kode in covered_by[m]:
                continue
            if any(a in by_month[m] for a in ancestors):
                continue
            missing.append((kode, m))
    if not missing:
        return coverage, notes
    reported = pres.sort_values("periode").groupby("kode")["periode"].agg(list).to_dict()
    gaps = pd.DataFrame([(k, m, reported[k][bisect_left(reported[k], m) - 1])
                         for k, m in missing], columns=["kode", "periode", "dari"])
    add = gaps.merge(coverage.rename(columns={"periode": "dari"}), on=["kode", "dari"])
    out = pd.concat([coverage, add[list(coverage.columns)]], ignore_index=True)
    out = out.sort_values(["kode", "periode", "segmen", "pendanaan"]).reset_index(drop=True)
    units = sorted(set(gaps["kode"]))
    items: list = []
    for kode in units[:5]:
        g = gaps.loc[gaps["kode"] == kode].sort_values("periode")
        spans: list = [Note("inputs.carried_forward.span", {"month": a, "source": b})
                       for a, b in zip(g["periode"].head(3), g["dari"].head(3), strict=True)]
        if len(g) > 3:
            spans.append(Note("inputs.more.months", {"n": len(g) - 3}))
        items.append(Note("inputs.carried_forward.unit",
                          {"kode": kode, "name": _name(kode), "spans": spans}))
    if len(units) > 5:
        items.append(Note("inputs.more.units", {"n": len(units) - 5}))
    notes.append(Note("inputs.carried_forward", {"n": len(units), "file": file, "units": items}))
    return out, notes


def demo_mix_problem(parts: dict[str, bool]) -> list[Problem]:
    """Refuse demo (synthetic) and real input files in one dataset.

    ``parts`` maps each input file to whether it is demo data. A coverage or participant
    figure over a synthetic denominator (or the reverse) is neither the demo nor a real
    figure, so it is never computed.

    Examples
    --------
    >>> print(demo_mix_problem({"peserta.csv": False, "workforce.csv": True})[0].message)
    workforce.csv adalah data demo (sintetis), peserta.csv data sungguhan: cakupan dari \
campuran keduanya tidak bermakna
    """
    demo = [f for f, d in parts.items() if d]
    real = [f for f, d in parts.items() if not d]
    if not demo or not real:
        return []
    return [Problem(demo[0], None, None,
                    f"{', '.join(demo)} adalah data demo (sintetis), {', '.join(real)} data "
                    "sungguhan: cakupan dari campuran keduanya tidak bermakna",
                    "semua berkas data sungguhan (penyebut: BPS Sakernas), atau semua data demo "
                    "(`ucj demo`)")]
