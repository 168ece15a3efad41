"""The national view: the 38 provinces and 514 kabupaten/kota side by side, ranked.

:func:`analyze_national` returns a :class:`NationalResult`: one table of provinces, one of
kabupaten/kota (with their province), and the national total against the national
target, each row against its own target from ``data/rules`` (a kabupaten/kota without
one takes its province's, then the national one; the column ``sumber_target`` says which).

The demo is computed from the demo's calibrated **plans** (kabupaten/kota totals per
month, segment and funding, and workforce per year: :mod:`ucjlib.demo.national`), which
the desa spread of :func:`ucjlib.demo.generate.demo_dataset` reproduces exactly. So the
national table costs a few seconds, not 514 desa-level datasets, and its rows are the
rows ``ucj coverage --provinsi`` shows (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ucjlib.coverage import resolve_target
from ucjlib.dataset import DEMO_LABEL, DEMO_LABEL_EN, Dataset
from ucjlib.results import (
    DemoLabel,
    Target,
    headline_figures,
    plain,
    records,
    status_texts,
)
from ucjlib.text import Note, render_notes, say

__all__ = ["NationalResult", "analyze_national", "national_demo_tables", "national_targets"]

NATION = "Indonesia"


@lru_cache(maxsize=2)
def national_demo_tables(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the demo's kabupaten/kota totals: coverage and workforce of all 514.

    Built from the calibrated plans (not the desa spread, which sums to the same
    totals): ``coverage`` has ``kode, periode, segmen, pendanaan, peserta_aktif`` (rows
    with participants only), ``workforce`` has ``kode, tahun, pekerja, pekerja_formal,
    pekerja_informal, pekerja_estimasi``.

    Examples
    --------
    >>> cov, wf = national_demo_tables(20250630)
    >>> cov["kode"].nunique(), wf["kode"].nunique()
    (514, 514)
    """
    from ucjlib.demo.calibration import COMBOS, PERIODS, YEARS, plan_for, supported_codes
    from ucjlib.demo.national import all_codes, national_plan

    own = set(supported_codes())
    codes = all_codes()
    plans = [plan_for(k, seed) if k in own else national_plan(k, seed) for k in codes]
    series = np.stack([p.series for p in plans])  # (kab, period, combo)
    k_i, t_i, c_i = np.nonzero(series > 0)
    combos = np.array(COMBOS, dtype=object)
    cov = pd.DataFrame({
        "kode": np.array(codes, dtype=object)[k_i],
        "periode": np.array(PERIODS, dtype=object)[t_i],
        "segmen": combos[c_i, 0], "pendanaan": combos[c_i, 1],
        "peserta_aktif": series[k_i, t_i, c_i].astype(np.int64)})
    n_y = len(YEARS)
    wf = pd.DataFrame({
        "kode": np.repeat(codes, n_y), "tahun": np.tile(YEARS, len(codes)),
        "pekerja": np.concatenate([p.workforce for p in plans]).astype(np.int64),
        "pekerja_formal": np.concatenate([p.formal for p in plans]).astype(np.int64)})
    wf["pekerja_informal"] = wf["pekerja"] - wf["pekerja_formal"]
    wf["pekerja_estimasi"] = False
    return cov, wf


def _demo_source(seed: int, lang: str) -> str:
    label = DEMO_LABEL if lang == "id" else DEMO_LABEL_EN
    return say("national.demo_source", lang, label=label, seed=seed)


def national_targets(codes: list[str], periode: str, lang: str = "id") -> dict[str, Target]:
    """Return each region's target for ``periode`` (its own, its province's or the nation's).

    ``""`` stands for Indonesia (the national target of ``data/rules``). Resolved like
    every other output (:func:`ucjlib.coverage.resolve_target`), with the source said in
    ``lang``.

    Examples
    --------
    >>> t = national_targets(["", "51", "94"], "2025-06")
    >>> [(k, v.value, v.source_level) for k, v in t.items()]
    [('', 0.5215, 'nasional'), ('51', 0.6728, 'provinsi'), ('94', 0.5215, 'nasional')]
    """
    empty = pd.DataFrame({"kode": [], "periode": [], "peserta_aktif": []})
    return {k: _nation_target(periode, lang) if k == "" else
            resolve_target(Dataset(k, empty, empty), periode, None, lang) for k in codes}


def _nation_target(periode: str, lang: str) -> Target:
    """Return the national target itself (not as a fallback of some region)."""
    import dataclasses

    from ucjlib.rules import RulesError, first_target_after, target_for

    probe = "00"  # no region has this code: the chain of data/rules ends at the nation
    try:
        choice = target_for(probe, periode)
    except RulesError:
        choice = first_target_after(probe, periode)
        if choice is None:
            raise
    if choice.source_level != "nasional":
        raise RulesError(f"data/rules: target untuk kode {probe!r} bukan target nasional")
    choice = dataclasses.replace(choice, kode=None)  # the nation asked for itself
    return Target(float(choice.value), choice.describe(lang), "nasional")


@dataclass(frozen=True)
class NationalResult(DemoLabel):
    """Coverage of every province and kabupaten/kota of Indonesia in one month.

    Attributes
    ----------
    periode : str
        Month ``YYYY-MM``.
    target : Target
        The national target (the ``total`` row's).
    provinces : pandas.DataFrame
        One row per province: the coverage columns of :func:`ucjlib.coverage.coverage_table`
        plus ``target`` and ``sumber_target`` (level of the target used); ranked by
        coverage (``peringkat``).
    kabupaten : pandas.DataFrame
        One row per kabupaten/kota, with ``provinsi`` and ``nama_provinsi``, its own
        ``target`` and ``sumber_target``; ``peringkat`` nationally and
        ``peringkat_provinsi`` within its province.
    total : dict
        Indonesia: ``pekerja``, ``peserta_aktif``, ``cakupan``, ``gap_target``, ...
    target_sources : dict
        Region code (``""`` Indonesia) -> one line saying its target and source, for
        each province and each kabupaten/kota with a target of its own.
    demo, source, notes, lang, rule_version
        As in :class:`ucjlib.results.CoverageResult`.
    """

    periode: str
    target: Target
    provinces: pd.DataFrame
    kabupaten: pd.DataFrame
    total: dict[str, Any]
    target_sources: dict[str, str]
    demo: bool
    source: str
    notes: tuple[Any, ...] = ()
    rule_version: str = ""
    lang: str = "id"
    extra: dict[str, Any] = field(default_factory=dict)

    def figures(self) -> dict[str, Any]:
        """Headline figures of Indonesia, JSON-ready."""
        return headline_figures({"kode": "", "periode": self.periode}, self.total,
                                target=self.target, demo=self.demo, label=self.label,
                                lang=self.lang, defaults={"nama": NATION})

    def meta(self) -> dict[str, Any]:
        """Parameters and provenance, JSON-ready."""
        return {"kode": "", "nama": NATION, "periode": self.periode, "level": "nasional",
                "target": self.target.value, "target_source": self.target.source,
                "target_sources": dict(self.target_sources), "demo": self.demo,
                "label": self.label, "source": self.source,
                "notes": render_notes(self.notes, self.lang),
                "rule_version": self.rule_version, "lang": self.lang}

    def to_dict(self) -> dict[str, Any]:
        """Return ``meta``, ``figures``, ``provinsi`` rows and ``kabupaten`` rows."""
        def rows(t: pd.DataFrame) -> list[dict[str, Any]]:
            return records(t.assign(status=status_texts(t["status"], self.lang)))

        return {"meta": self.meta(), "figures": self.figures(),
                "provinsi": rows(self.provinces), "kabupaten": rows(self.kabupaten)}


def _ranked(t: pd.DataFrame) -> pd.DataFrame:
    t = t.copy()
    t["peringkat"] = t["cakupan"].rank(ascending=False, method="min").astype("Int64")
    return t.sort_values(["peringkat", "kode"], na_position="last").reset_index(drop=True)


def _sums(cov: pd.DataFrame, wf: pd.DataFrame, periode: str, width: int) -> pd.DataFrame:
    """Participants in ``periode`` and workforce of the nearest year, per code prefix."""
    from ucjlib.aggregate import pick_year

    c = cov.loc[cov["periode"] == periode]
    num = c.groupby(c["kode"].str.slice(0, width))["peserta_aktif"].sum()
    years = pick_year(wf[["kode", "tahun"]], int(periode[:4]))
    w = wf.merge(years, on=["kode", "tahun"])
    cols = ["pekerja", "pekerja_formal", "pekerja_informal"]
    den = w.groupby(w["kode"].str.slice(0, width))[cols].sum()
    den["tahun_pekerja"] = w.groupby(w["kode"].str.slice(0, width))["tahun"].max()
    return den.join(num, how="outer").rename_axis("kode").reset_index()


def _metrics(t: pd.DataFrame) -> pd.DataFrame:
    """Add coverage, gaps and status against each row's ``target`` (the coverage-table rule)."""
    from ucjlib.coverage import status_of
    from ucjlib.measures import coverage_share
    from ucjlib.results import STATUS_NO_DATA, STATUS_ZERO

    pek = t["pekerja"].astype(float)
    pes = t["peserta_aktif"].astype(float)
    tgt = t["target"].astype(float)
    t["cakupan"] = coverage_share(pes, pek)
    status = pd.Series([status_of(c, g) for c, g in zip(t["cakupan"], tgt, strict=True)],
                       index=t.index, dtype=object)
    status[pes.isna() | pek.isna()] = STATUS_NO_DATA
    status[pek == 0] = STATUS_ZERO
    known = status != STATUS_NO_DATA
    t["tidak_tercakup"] = (pek - pes.fillna(0)).clip(lower=0).where(known).astype("Int64")
    need = np.ceil(np.round(tgt * pek, 6))
    t["gap_target"] = (need - pes.fillna(0)).clip(lower=0).where(known).astype("Int64")
    t["gap_target_pp"] = ((tgt - t["cakupan"]).clip(lower=0) * 100).round(10)
    t["status"] = status.astype(str)
    for c in ("pekerja", "peserta_aktif", "pekerja_formal", "pekerja_informal"):
        t[c] = t[c].astype("Int64")
    return t


def _table(cov: pd.DataFrame, wf: pd.DataFrame, periode: str, width: int,
           names: dict[str, str], targets: dict[str, Target]) -> pd.DataFrame:
    """Coverage rows of every code of ``width`` characters, like ``coverage_table``'s."""
    t = _sums(cov, wf, periode, width)
    t = t.loc[t["kode"].isin(names)].reset_index(drop=True)
    t.insert(1, "nama", t["kode"].map(names))
    t.insert(2, "level", "provinsi" if width == 2 else "kabupaten")
    t.insert(3, "periode", periode)
    t["target"] = t["kode"].map(lambda k: targets[k].value)
    t["sumber_target"] = t["kode"].map(lambda k: targets[k].source_level)
    t = _metrics(t)
    have = set(cov["periode"])
    for months, col in ((3, "perubahan_3bln"), (12, "perubahan_12bln")):
        before = _shift(periode, -months)
        if before not in have:
            t[col] = np.nan
            continue
        b = _sums(cov, wf, before, width).set_index("kode")
        from ucjlib.measures import coverage_share

        prev = coverage_share(b["peserta_aktif"], b["pekerja"])
        t[col] = t["cakupan"] - t["kode"].map(prev).astype(float)
    t["pekerja_estimasi"] = False
    cols = ["kode", "nama", "level", "periode", "pekerja", "peserta_aktif", "cakupan",
            "tidak_tercakup", "gap_target", "gap_target_pp", "status", "perubahan_3bln",
            "perubahan_12bln", "tahun_pekerja", "pekerja_formal", "pekerja_informal",
            "pekerja_estimasi", "target", "sumber_target"]
    return t[cols]


def analyze_national(periode: str | None = None, lang: str = "id", *,
                     provinces: list[str] | None = None, seed: int | None = None,
                     target: float | str | None = None) -> NationalResult:
    """Coverage of every province and kabupaten/kota of the demo, ranked, against targets.

    Each row is computed as :func:`ucjlib.coverage.coverage_table` computes it (a test
    checks the rows against ``ucj coverage --provinsi``), in one pass over the demo's
    kabupaten/kota totals (:func:`national_demo_tables`) instead of one dataset per
    kabupaten/kota.

    Parameters
    ----------
    periode : str, optional
        Month ``YYYY-MM``; default the latest month of the demo.
    lang : {"id", "en"}
    provinces : list of str, optional
        Province codes to include (default all 38); the total is then theirs, not
        Indonesia's, and a note says so.
    seed : int, optional
        Seed of the demo (default :data:`ucjlib.demo.calibration.DEFAULT_SEED`).
    target : float, optional
        One target (0-1) for every row and the total, said to be set by the user;
        default each region's own target.

    Returns
    -------
    NationalResult

    Examples
    --------
    >>> r = analyze_national(provinces=["51"])
    >>> len(r.provinces), len(r.kabupaten), float(r.provinces.loc[0, "target"])
    (1, 9, 0.6728)
    """
    from ucjlib.checks import check_seed
    from ucjlib.demo.calibration import DEFAULT_SEED
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.wilayah import children
    from ucjlib.rules import load_rules

    lang = "en" if lang == "en" else "id"
    seed = check_seed(DEFAULT_SEED if seed is None else seed, "seed")
    cov, wf = national_demo_tables(seed)
    provs = children(None, "provinsi")[["kode", "nama"]]
    kabs = children(None, "kabupaten")[["kode", "nama"]]
    if provinces is not None:
        provs = provs.loc[provs["kode"].isin(provinces)]
        kabs = kabs.loc[kabs["kode"].str.slice(0, 2).isin(provinces)]
    months = sorted(set(cov["periode"]))
    periode = periode or months[-1]
    if periode not in months:
        raise ArgumentError("--periode", periode, f"bulan data demo {months[0]}..{months[-1]}")
    # only the months the table reads (the month, 3 and 12 months before)
    cov = cov.loc[cov["periode"].isin({periode, _shift(periode, -3), _shift(periode, -12)})]
    cov = cov.loc[cov["kode"].isin(set(kabs["kode"]))]
    wf = wf.loc[wf["kode"].isin(set(kabs["kode"]))]
    t_prov = national_targets(provs["kode"].tolist(), periode, lang)
    t_kab = national_targets(kabs["kode"].tolist(), periode, lang)
    nation_t = national_targets([""], periode, lang)[""]
    if target is not None:
        from ucjlib.checks import check_target

        nation_t = Target(check_target(target), say("target.user", lang), "pengguna")
        t_prov = dict.fromkeys(t_prov, nation_t)
        t_kab = dict.fromkeys(t_kab, nation_t)
    pnames = dict(zip(provs["kode"], provs["nama"], strict=True))
    ptab = _ranked(_table(cov, wf, periode, 2, pnames, t_prov))
    ktab = _table(cov, wf, periode, 5, dict(zip(kabs["kode"], kabs["nama"], strict=True)),
                  t_kab)
    ktab.insert(2, "provinsi", ktab["kode"].str.slice(0, 2))
    ktab.insert(3, "nama_provinsi", ktab["provinsi"].map(pnames))
    ktab["peringkat_provinsi"] = ktab.groupby("provinsi")["cakupan"].rank(
        ascending=False, method="min").astype("Int64")
    ktab = _ranked(ktab)
    sources = {"": nation_t.source}
    sources.update({k: t.source for k, t in t_prov.items() if t.source_level != "pengguna"})
    sources.update({k: t.source for k, t in t_kab.items() if t.source_level == "kabupaten"})
    total = _total(ptab, nation_t.value, periode, cov, wf)
    total["nama"] = NATION if provinces is None else say("national.subset_name", lang,
                                                         n=len(provs))
    notes: list[Any] = [Note("national.targets"), Note("demo.synthetic"),
                        Note("national.from_plans")]
    if provinces is not None:
        notes.append(Note("national.subset", {"n": len(provs)}))
    return NationalResult(
        periode=periode, target=nation_t, provinces=ptab, kabupaten=ktab, total=total,
        target_sources=sources, demo=True, source=_demo_source(seed, lang),
        notes=tuple(notes), rule_version=load_rules().version, lang=lang)


def _total(ptab: pd.DataFrame, target: float, periode: str, cov: pd.DataFrame,
           wf: pd.DataFrame) -> dict[str, Any]:
    """Sum the provinces into the national row (the gap against the national target)."""
    t = pd.DataFrame({"kode": [""], "pekerja": [ptab["pekerja"].sum()],
                      "peserta_aktif": [ptab["peserta_aktif"].sum()], "target": [target],
                      "pekerja_formal": [ptab["pekerja_formal"].sum()],
                      "pekerja_informal": [ptab["pekerja_informal"].sum()]})
    row = _metrics(t).iloc[0]
    out = {k: plain(row[k]) for k in ("pekerja", "peserta_aktif", "cakupan", "tidak_tercakup",
                                      "gap_target", "gap_target_pp", "status")}
    for months, key in ((3, "perubahan_3bln"), (12, "perubahan_12bln")):
        b = _sums(cov.assign(kode=""), wf.assign(kode=""), _shift(periode, -months), 0)
        ok = len(b) and b["pekerja"].iloc[0] and pd.notna(b["peserta_aktif"].iloc[0])
        out[key] = (out["cakupan"] - float(b["peserta_aktif"].iloc[0] / b["pekerja"].iloc[0])
                    if ok and out["cakupan"] is not None else None)
    out["tahun_pekerja"] = int(ptab["tahun_pekerja"].max())
    return out


def _shift(periode: str, months: int) -> str:
    y, m = int(periode[:4]), int(periode[5:7])
    idx = y * 12 + (m - 1) + months
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"
