"""Coverage by district: how many workers are covered, where, and how far from target.

Coverage (``cakupan``) is always active participants of all four segments
divided by employed persons of the same unit (see :mod:`ucjlib.dataset`).
Tables are keyed by Kemendagri code; names come from the gazetteer. Every
output column is described once, in :data:`ucjlib.columns.COLUMNS`. Rows are
rolled up the region tree by the rule of :mod:`ucjlib.aggregate`: a unit's own
row wins, participants may be partial, a denominator is summed only from
complete children, and each unit takes the workforce year nearest the month.

:func:`analyze_coverage` is the analysis: it returns a :class:`~ucjlib.results.CoverageResult`
that the command line, notebooks, charts and maps render.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ucjlib.aggregate import units
from ucjlib.checks import check_level, check_periode, check_target, finest_level
from ucjlib.columns import COLUMNS
from ucjlib.dataset import SEGMENT_LABELS, SEGMENTS, Dataset
from ucjlib.errors import ArgumentError
from ucjlib.geo.wilayah import LEVELS, get_region, level_of
from ucjlib.measures import coverage_share, denominators, numerators, with_denominators
from ucjlib.results import (
    STATUS_ABOVE,
    STATUS_BELOW,
    STATUS_NO_DATA,
    STATUS_ZERO,
    STATUSES,
    CoverageResult,
    Target,
    plain,
    status_text,
    status_texts,
)
from ucjlib.streams import cohort_entries, stream_table
from ucjlib.text import Note, say
from ucjlib.unitsums import uncovered_sum_note

__all__ = ["COLUMNS", "STATUSES", "analyze_coverage", "check_level", "check_periode",
           "check_target", "coverage_by_segment", "coverage_series", "coverage_table",
           "finest_level", "resolve_target", "status_of", "status_text", "status_texts"]


def status_of(cakupan: Any, target: float) -> str:
    """Return the status of a coverage rate against a target: the one rule.

    At or above the target (to 1e-12) is above; a missing rate is no data.

    Examples
    --------
    >>> status_of(0.6, 0.6), status_of(0.59, 0.6), status_of(None, 0.6)
    ('di atas target', 'di bawah target', 'tidak ada data')
    """
    if cakupan is None or pd.isna(cakupan):
        return STATUS_NO_DATA
    return STATUS_ABOVE if float(cakupan) >= target - 1e-12 else STATUS_BELOW


def _year_note(t: pd.DataFrame, periode: str) -> Note | None:
    years = t["tahun_pekerja"].dropna().astype(int)
    if years.empty or (years == int(periode[:4])).all():
        return None
    counts = years.value_counts().sort_index()
    years = ", ".join(f"{y} ({n} unit)" for y, n in counts.items())
    return Note("coverage.workforce_year", {"periode": periode, "years": years,
                                            "year": periode[:4]})


def _metrics(out: pd.DataFrame, target: float) -> pd.DataFrame:
    pekerja = out["pekerja"].astype(float)
    peserta = out["peserta_aktif"].astype(float)
    out["pekerja"] = out["pekerja"].astype("Int64")
    out["peserta_aktif"] = out["peserta_aktif"].astype("Int64")
    out["cakupan"] = coverage_share(peserta, pekerja)
    status = out["cakupan"].map(lambda c: status_of(c, target)).astype(object)
    status[peserta.isna()] = STATUS_NO_DATA
    status[pekerja == 0] = STATUS_ZERO
    status[pekerja.isna()] = STATUS_NO_DATA
    known = status != STATUS_NO_DATA
    out["tidak_tercakup"] = (pekerja - peserta.fillna(0)).clip(lower=0).where(known)
    out["tidak_tercakup"] = out["tidak_tercakup"].astype("Int64")
    need = np.ceil(np.round(target * pekerja, 6))
    out["gap_target"] = (need - peserta.fillna(0)).clip(lower=0).where(known).astype("Int64")
    out["gap_target_pp"] = ((target - out["cakupan"]).clip(lower=0) * 100).round(10)
    out["status"] = status.astype(str)
    return out


def _own_targets(table: pd.DataFrame, periode: str, province_target: float
                 ) -> tuple[pd.DataFrame, list[str]]:
    """Measure each kabupaten/kota of a province table against its own target.

    A kabupaten/kota with a target of its own (Bojonegoro 60% in Jawa Timur, whose target
    is 40%) gets its gap and status from that target, as in its own report and in
    ``ucj coverage --nasional``; the others keep the province's. Returns the table and
    the ``kode target`` texts of the rows that changed.
    """
    from ucjlib.fmt import fmt_target
    from ucjlib.rules import target_for

    out = table.copy()
    changed = []
    for i, kode in out["kode"].items():
        value = float(target_for(str(kode), periode).value)
        if abs(value - province_target) > 1e-9:
            out.loc[[i]] = _metrics(out.loc[[i]].copy(), value)
            changed.append(f"{kode} {fmt_target(value)}")
    return out, changed


def _shift_month(periode: str, months: int) -> str:
    y, m = int(periode[:4]), int(periode[5:7])
    idx = y * 12 + (m - 1) + months
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def _unit_grid(ds: Dataset, depth: int, found: set[str], notes: list[str]) -> pd.DataFrame:
    grid = units(ds.kode, depth)
    extra = sorted(found - set(grid["kode"]))
    if extra:
        names = []
        for k in extra:
            try:
                names.append(get_region(k).nama)
            except LookupError:
                names.append(k)
        grid = pd.concat([grid, pd.DataFrame({"kode": extra, "nama": names})],
                         ignore_index=True)
        notes.append(Note("coverage.unknown_codes",
                          {"n": len(extra), "kode": ds.kode, "codes": ", ".join(extra[:5])}))
    return grid


def _month_and_target(ds: Dataset, periode: str | None,
                      target: float | Target | None, lang: str = "id") -> tuple[str, Target]:
    """Return the month to analyse (default the latest) and its target, both checked."""
    if ds.coverage.empty:
        raise ArgumentError("data", ds.kode, "dataset dengan baris kepesertaan")
    per = check_periode(periode or ds.latest_period, ds)
    return per, resolve_target(ds, per, target, lang)


def resolve_target(ds: Dataset, periode: str, target: float | Target | None,
                   lang: str = "id") -> Target:
    """Return the target for ``periode``, with its source.

    A :class:`Target` as given, a number set by the user, or the region's target from
    ``data/rules`` (the first later one before any was set). The projection and the
    report resolve the target of the deadline with it, once, and hand it on.

    Raises
    ------
    ArgumentError
        For a target outside (0, 1].
    """
    lang = "en" if lang == "en" else "id"
    if isinstance(target, Target):
        check_target(target.value)
        return target  # value, source and source_level kept as given (e.g. from another level)
    if target is not None:
        t = check_target(target)
        return Target(t, say("target.user", lang), "pengguna")
    from ucjlib.rules import first_target_after, target_for

    later = first_target_after(ds.kode, periode)
    if later is None:
        choice = target_for(ds.kode, periode)
        return Target(float(choice.value), choice.describe(lang), choice.source_level)
    # a month before any target was set: use the first target set after it, and say so
    year = int(periode[:4])
    text = say("target.later", lang, source=later.describe(lang), year=year, later=later.year)
    return Target(float(later.value), text, later.source_level)


def _table(ds: Dataset, periode: str | None, level: str, target: float, by: str | None,
           lang: str) -> tuple[pd.DataFrame, list[str], str]:
    if by not in (None, "segmen", "pendanaan"):
        raise ArgumentError("by", by, "None, 'segmen' atau 'pendanaan'")
    if lang not in ("id", "en"):
        raise ArgumentError("lang", lang, "id atau en")
    if ds.coverage.empty:
        raise ArgumentError("data", ds.kode, "dataset dengan baris kepesertaan")
    level = check_level(level, ds)
    periode = check_periode(periode or ds.latest_period, ds)
    depth = LEVELS.index(level)
    notes: list[str] = []
    den = denominators(ds, depth, notes)
    num = numerators(ds, depth, [periode], by, notes)
    grid = _unit_grid(ds, depth, set(num["kode"]) | set(den["kode"]), notes)
    grid["periode"] = periode
    out = with_denominators(grid, den)
    if by:
        cats = list(SEGMENTS) if by == "segmen" else sorted(num[by].unique().tolist())
        g2 = pd.MultiIndex.from_product([out["kode"], cats], names=["kode", by]).to_frame(
            index=False)
        out = g2.merge(out, on="kode", how="left", validate="many_to_one")
        out = out.merge(num.drop(columns="periode"), on=["kode", by], how="left",
                        validate="one_to_one")
        has_cov = out["kode"].isin(num["kode"])
        out.loc[has_cov & out["peserta_aktif"].isna(), "peserta_aktif"] = 0
    else:
        out = out.merge(num.drop(columns="periode"), on="kode", how="left", validate="one_to_one")
    out["level"] = level
    out = _metrics(out, target)
    if not by:
        for months, col in ((3, "perubahan_3bln"), (12, "perubahan_12bln")):
            before = _shift_month(periode, -months)
            if before in set(ds.periods):
                g0 = grid.assign(periode=before)
                prev = with_denominators(g0, den).merge(
                    numerators(ds, depth, [before], None, []).drop(columns="periode"),
                    on="kode", how="left", validate="one_to_one")
                prev_c = pd.Series(
                    coverage_share(prev["peserta_aktif"], prev["pekerja"]).to_numpy(),
                    index=prev["kode"])
                out[col] = out["cakupan"] - out["kode"].map(prev_c).astype(float)
            else:
                out[col] = np.nan
        out["peringkat"] = out["cakupan"].rank(ascending=False, method="min").astype("Int64")
    kec = []
    if level == "desa":  # the kecamatan of each desa, by code and name (gazetteer)
        kec = ["kode_kecamatan", "nama_kecamatan"]
        out["kode_kecamatan"] = out["kode"].astype(str).str.slice(0, 8)
        names = units(ds.kode, 2).set_index("kode")["nama"]
        out["nama_kecamatan"] = out["kode_kecamatan"].map(names).astype(object)
    cols = ["kode", "nama", *kec, "level", "periode"] + ([by] if by else []) + [
        "pekerja", "peserta_aktif", "cakupan", "tidak_tercakup", "gap_target",
        "gap_target_pp", "status"]
    if not by:
        cols += ["perubahan_3bln", "perubahan_12bln", "peringkat"]
    cols += ["tahun_pekerja"]
    if not by:
        cols += [c for c in ("pekerja_formal", "pekerja_informal", "pekerja_estimasi")
                 if c in out.columns]
    order = {c: i for i, c in enumerate(SEGMENTS)}

    def sort_key(c: pd.Series) -> pd.Series:
        return c.map(order).fillna(len(order)) if c.name == "segmen" else c

    out = out[cols].sort_values(["kode"] + ([by] if by else []), key=sort_key)
    note = _year_note(out, periode)
    if note:
        notes.append(note)
    return out.reset_index(drop=True), list(dict.fromkeys(notes)), periode


def coverage_table(
    ds: Dataset,
    periode: str | None = None,
    level: str = "kecamatan",
    target: float | Target | None = None,
    by: str | None = None,
    lang: str = "id",
) -> pd.DataFrame:
    """Coverage per unit for one month, with gap to target, status, changes and rank.

    Parameters
    ----------
    ds : Dataset
        Coverage and workforce for a kabupaten/kota (or a province).
    periode : str, optional
        Month ``YYYY-MM``; default the latest month in ``ds``.
    level : {"kabupaten", "kecamatan", "desa"}, default "kecamatan"
        Level of the rows, at or below the dataset's own level.
    target : float or Target, optional
        Coverage target as a 0-1 share (or a :class:`~ucjlib.results.Target`); default the
        region's target from ``data/rules`` (see :func:`ucjlib.rules.target_for`).
    by : {None, "segmen", "pendanaan"}
        Split each unit's participants by segment or funding. The
        denominator stays the unit's whole workforce, so the shares of a unit
        add up to its coverage.
    lang : {"id", "en"}
        Language of the target's source. The ``status`` values are language-neutral
        (the Indonesian words; :func:`status_text` says them in English).

    Returns
    -------
    pandas.DataFrame
        One row per unit of the gazetteer at ``level`` inside ``ds.kode``
        (plus any unknown codes found in the data); columns described in
        :data:`ucjlib.columns.COLUMNS`. Units without coverage rows or
        without a complete denominator get status ``"tidak ada data"`` and no
        coverage (never 0%). Use :func:`coverage` for the notes and context.

    Raises
    ------
    ArgumentError
        For a month not in the data, a level above the dataset's, a target
        outside 0-1.

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": ["35.76.01", "35.76.02"], "periode": "2025-06",
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [300, 500]})
    >>> wf = pd.DataFrame({"kode": ["35.76.01", "35.76.02", "35.76.03"], "tahun": 2025,
    ...     "pekerja": [1000, 800, 0]})
    >>> t = coverage_table(Dataset("35.76", cov, wf), target=0.6)
    >>> t[["kode", "cakupan", "gap_target", "status"]].values.tolist()
    [['35.76.01', 0.3, 300, 'di bawah target'], ['35.76.02', 0.625, 0, 'di atas target'], \
['35.76.03', nan, 0, 'pekerja nol']]
    """
    per, tgt = _month_and_target(ds, periode, target, lang)
    return _table(ds, per, level, tgt.value, by, lang)[0]


def coverage_series(ds: Dataset, kode: str | None = None,
                    level: str | None = None) -> pd.DataFrame:
    """Monthly coverage of one unit (or every unit at ``level``).

    Each month uses, per unit, the workforce year picked by the rule of
    :func:`ucjlib.aggregate.pick_year`.

    Parameters
    ----------
    ds : Dataset
    kode : str, optional
        Unit to follow; default the dataset's own area.
    level : str, optional
        With ``kode=None``: follow every unit at this level instead.

    Returns
    -------
    pandas.DataFrame
        ``periode``, ``kode``, ``nama``, ``pekerja``, ``peserta_aktif``,
        ``cakupan``, ``tahun_pekerja``, sorted by unit and month.

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": "35.76.01", "periode": ["2025-05", "2025-06"],
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [300, 320]})
    >>> wf = pd.DataFrame({"kode": ["35.76.01"], "tahun": [2025], "pekerja": [1000]})
    >>> coverage_series(Dataset("35.76", cov, wf), kode="35.76.01")["cakupan"].tolist()
    [0.3, 0.32]
    """
    if kode is None and level is None:
        kode = ds.kode
    lvl = level_of(kode) if kode is not None else check_level(level, ds)
    depth = LEVELS.index(lvl)
    notes: list[str] = []
    den = denominators(ds, depth, notes)
    num = numerators(ds, depth, None, None, notes)
    grid = units(ds.kode, depth)
    if kode is not None:
        grid = grid.loc[grid["kode"] == kode]
        if grid.empty:
            grid = pd.DataFrame({"kode": [kode], "nama": [kode]})
    grid = grid.merge(pd.DataFrame({"periode": ds.periods}), how="cross")
    out = with_denominators(grid, den)
    out = out.merge(num, on=["kode", "periode"], how="left", validate="one_to_one")
    out["pekerja"] = out["pekerja"].astype("Int64")
    out["peserta_aktif"] = out["peserta_aktif"].astype("Int64")
    out["cakupan"] = coverage_share(out["peserta_aktif"], out["pekerja"])
    cols = ["periode", "kode", "nama", "pekerja", "peserta_aktif", "cakupan", "tahun_pekerja"]
    return out[cols].sort_values(["kode", "periode"]).reset_index(drop=True)


def coverage_by_segment(ds: Dataset, periode: str | None = None,
                        kode: str | None = None, lang: str = "id") -> pd.DataFrame:
    """Participants per segment for the whole area, with formal and informal rates.

    ``cakupan`` is the segment's participants over the whole workforce (the
    four add up to total coverage); ``cakupan_segmen`` is the rate within the
    segment's own workforce where one exists: PU / ``pekerja_formal`` and
    BPU / ``pekerja_informal``.

    Parameters
    ----------
    ds : Dataset
    periode : str, optional
        Default the latest month.
    kode : str, optional
        Unit to describe; default the dataset's own area.
    lang : {"id", "en"}

    Returns
    -------
    pandas.DataFrame
        ``segmen``, ``label``, ``peserta_aktif``, ``pekerja``, ``cakupan``,
        ``pekerja_segmen``, ``cakupan_segmen``.

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": "35.76.01", "periode": "2025-06",
    ...     "segmen": ["PU", "BPU"], "pendanaan": "mandiri", "peserta_aktif": [300, 100]})
    >>> wf = pd.DataFrame({"kode": ["35.76.01"], "tahun": [2025], "pekerja": [1000],
    ...     "pekerja_formal": [400], "pekerja_informal": [600]})
    >>> t = coverage_by_segment(Dataset("35.76", cov, wf), kode="35.76.01")
    >>> t.set_index("segmen")["cakupan_segmen"].round(3).to_dict()
    {'PU': 0.75, 'BPU': 0.167, 'JAKON': nan, 'PMI': nan}
    """
    kode = kode or ds.kode
    sub = ds.subset(kode) if kode != ds.kode else ds
    level = level_of(kode)
    # the target does not enter these figures; 1.0 only satisfies the signature
    t = _table(sub, periode, level, 1.0, "segmen", lang)[0]
    t = t.loc[t["kode"] == kode]
    total = _table(sub, periode, level, 1.0, None, lang)[0].set_index("kode")
    out = t[["segmen", "peserta_aktif", "pekerja"]].reset_index(drop=True)
    out["label"] = out["segmen"].map(SEGMENT_LABELS["en" if lang == "en" else "id"])
    out["cakupan"] = coverage_share(out["peserta_aktif"], out["pekerja"])
    seg_wf = {"PU": "pekerja_formal", "BPU": "pekerja_informal"}
    own = [total.loc[kode, seg_wf[s]] if s in seg_wf and seg_wf[s] in total.columns else np.nan
           for s in out["segmen"]]
    out["pekerja_segmen"] = pd.array(own, dtype="Float64").astype(float)
    out["cakupan_segmen"] = coverage_share(out["peserta_aktif"], out["pekerja_segmen"])
    return out[["segmen", "label", "peserta_aktif", "pekerja", "cakupan", "pekerja_segmen",
                "cakupan_segmen"]]


def gap_sum_note(table: pd.DataFrame, total: dict[str, Any], level: str,
                 lang: str = "id") -> list[Note]:
    """Say why the units' gaps to the target do not add up to the region's gap.

    An empty list when they do. :mod:`ucjlib.smallcells` words it again for a table
    whose small cells were hidden.
    """
    units = float(table["gap_target"].fillna(0).sum())
    whole = float(total["gap_target"])
    if round(units) == round(whole):
        return []
    above = table.loc[table["cakupan"].notna()
                      & (table["gap_target"].fillna(0) <= 0)]
    missing = int(table["cakupan"].isna().sum())
    short = int((table["gap_target"].fillna(0) > 0).sum())
    if len(above) == 0 and not missing and 0 < units - whole <= short:
        # nobody above the target: each unit's gap is rounded up to whole workers
        return [Note("coverage.gap_sum.rounding", {"level": level, "units": units,
                                                    "whole": whole})]
    why = {(True, True): ".both", (True, False): ".above", (False, True): ".missing"}
    code = "coverage.gap_sum" + why.get((units > whole, bool(missing)), "")
    return [Note(code, {"level": level, "units": units, "whole": whole, "above": len(above),
                        "missing": missing})]


def analyze_coverage(ds: Dataset, periode: str | None = None, level: str = "kecamatan",
                     target: float | Target | None = None,
                     lang: str = "id") -> CoverageResult:
    """Coverage of a dataset's region: the table per unit, the region total, segments, trend.

    Parameters
    ----------
    ds : Dataset
        From :func:`ucjlib.open_dataset`.
    periode : str, optional
        Month ``YYYY-MM``; default the latest month in the data.
    level : str, default "kecamatan"
        Level of the table rows (``kabupaten``, ``kecamatan`` or ``desa``).
    target : float or Target, optional
        0-1 share, said to be set by the user; or a :class:`~ucjlib.results.Target` (e.g.
        ``result.target`` of another level's analysis), kept with its value, ``source``
        and ``source_level`` as given. Default the region's own target from
        ``data/rules`` (falling back to its province's, then the national one); the
        result says which.
    lang : {"id", "en"}

    Returns
    -------
    CoverageResult

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": ["35.22.01", "35.22.02"], "periode": "2025-06",
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [300, 500]})
    >>> wf = pd.DataFrame({"kode": ["35.22"], "tahun": 2025, "pekerja": [2000]})
    >>> r = analyze_coverage(Dataset("35.22", cov, wf), level="kabupaten")
    >>> r.total["cakupan"], r.target.value, r.target.source_level
    (0.4, 0.6, 'kabupaten')
    """
    from ucjlib.rules import load_rules

    level = check_level(level, ds)
    per, tgt = _month_and_target(ds, periode, target, lang)
    table, notes, per = _table(ds, per, level, tgt.value, None, lang)
    own = level_of(ds.kode)
    if level == own:
        total_t = table
    else:
        total_t = _table(ds, per, own, tgt.value, None, lang)[0]
    row = total_t.loc[total_t["kode"] == ds.kode].iloc[0]
    total = {k: plain(row[k]) for k in ("pekerja", "peserta_aktif", "cakupan", "tidak_tercakup",
                                 "gap_target", "gap_target_pp", "status", "perubahan_3bln",
                                 "perubahan_12bln", "tahun_pekerja")}
    notes = list(notes)
    own_targets = []
    if own == "provinsi" and level == "kabupaten" and target is None:
        table, own_targets = _own_targets(table, per, tgt.value)
    if own_targets:  # the kabupaten/kota rows and the province row use different targets
        notes.append(Note("coverage.own_targets", {"units": own_targets,
                                                   "province": tgt.value}))
    elif level != own and "gap_target" in table and total.get("gap_target") is not None:
        notes += gap_sum_note(table, total, level, lang)
    if level != own:  # the same for the uncovered workers (ucjlib.unitsums)
        notes += uncovered_sum_note(table, total, level)
    stocks = stream_table(ds)
    cohorts = tuple(cohort_entries(stocks.loc[stocks.index <= per])) if len(stocks) else ()
    return CoverageResult(
        cohorts=cohorts,
        region=get_region(ds.kode), periode=per, level=level, target=tgt,
        table=table, total=total, segments=coverage_by_segment(ds, per, lang=lang),
        series=coverage_series(ds), demo=bool(ds.demo), source=ds.source_for(lang),
        notes=tuple(dict.fromkeys([*ds.notes, *notes])), rule_version=load_rules().version,
        lang=lang, files=dict(ds.files))
