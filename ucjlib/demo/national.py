"""Plans of the synthetic demo for every other kabupaten/kota of Indonesia.

The 38 kabupaten/kota of Jawa Timur and Kota Bogor keep their own plans
(:mod:`ucjlib.demo.calibration`, unchanged). Every other of the 514
kabupaten/kota gets a plan built the same way (same segments, funding mix,
monthly series, APBD cohorts; the same spread over desa/kelurahan), with:

* **Workforce** from the real population of the kabupaten/kota (Dukcapil,
  December 2024, ``wilayah/db/wilayah_penduduk.sql``, read at run time, never
  copied) times an employment ratio: the province's published employed
  persons over its population where ``data/demo.calibration.csv`` has them
  (the province total is then exact in that year), else the national ratio
  (144.64 million employed, Sakernas August 2024, over the national
  population), applied to 2024. Other years follow a smooth random path.
* **Participants** calibrated to the published coverage in
  ``data/demo.calibration.csv`` (the project's copy of the published facts,
  with source and date): first each kabupaten/kota with a figure, then the
  others of a province by one common factor so the province reproduces its
  latest figure, then the provinces with no figure (Jawa Barat except Kota
  Bogor and Garut, Sulawesi Barat, Papua Pegunungan) by one common factor so
  Indonesia reproduces 35.68% in April 2025 (Jawa Timur and Kota Bogor
  counted as they are). A figure dated after the demo's last month (June
  2025) is matched in June 2025.
* **Ceilings**: PU participants stay at or below 85% of the formal workers
  and the other schemes at or below 75% of the informal workers, so the desa
  spread stays plausible; a figure above that (e.g. Kaimana 126.15%) is not
  reproduced, and :func:`calibration_record` says so.

The workforce of a kabupaten/kota is spread over its desa/kelurahan by the
generator's lognormal unit sizes (there is no desa population in the
reference data), exactly as for Bojonegoro.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ucjlib.demo.calibration import (
    KOTA_BOGOR,
    PERIODS,
    PU_M,
    YEARS,
    KabPlan,
    formal_path,
    generic_series,
    kab_rng,
    kota_bogor_plan,
    largest_remainder,
    province_plans,
    supported_codes,
)
from ucjlib.errors import UcjError
from ucjlib.paths import DATA_DIR
from ucjlib.text import Note

__all__ = ["CALIBRATION_FILE", "Calibration", "all_codes", "calibration_record", "national_plan",
           "national_plans"]

CALIBRATION_FILE = DATA_DIR / "demo.calibration.csv"
PU_CEILING = 0.85      # PU participants / formal workers, every month
OTHER_CEILING = 0.75   # other participants / informal workers, every month
NATION_PERIOD = "2025-04"
LAMBDA_RANGE = (0.5, 8.0)  # bounds of the common factor on the generic plans of free regions
_YEAR_OF_T = np.array([YEARS.index(int(p[:4])) for p in PERIODS])


@dataclass(frozen=True)
class Calibration:
    """One published figure a demo region was calibrated to, and what the demo gives."""

    kode: str        # "" for Indonesia
    wilayah: str
    what: str        # "kabupaten", "provinsi", "nasional" or "sisa nasional"
    value: float     # published coverage, percent (for "sisa nasional": the value chosen)
    periode: str     # demo month where it is matched
    as_of: str
    source: str
    achieved: float  # coverage of the demo in that month, percent
    reproduced: bool  # within 0.05 pp
    nation: float = 0.0  # for "sisa nasional": the national figure it makes Indonesia reach

    def note(self) -> Note:
        """Say the figure, its date and source, and whether the demo reproduces it."""
        if self.what == "sisa nasional":
            return Note("demo.calib.rest", {
                "wilayah": self.wilayah, "achieved": self.achieved / 100,
                "periode": self.periode, "nation": self.nation / 100, "as_of": self.as_of,
                "source": self.source})
        return Note("demo.calib.figure" if self.reproduced else "demo.calib.missed",
                    {"wilayah": self.wilayah, "value": self.value / 100, "as_of": self.as_of,
                     "source": self.source, "periode": self.periode,
                     "achieved": self.achieved / 100})

    def text(self, lang: str = "id") -> str:
        """Render :meth:`note` in ``lang``."""
        return self.note().text(lang)


def _facts() -> list[dict[str, str]]:
    with open(CALIBRATION_FILE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _regions():
    """Kabupaten/kota table: code -> (name, kota, desa count, kelurahan share, population)."""
    from ucjlib.geo.gazetteer import gazetteer
    from ucjlib.inputs.plausibility import kabupaten_population

    pop = kabupaten_population()
    if not pop:
        raise UcjError("Data demo di luar Jawa Timur dan Kota Bogor perlu jumlah penduduk "
                       "(wilayah/db/wilayah_penduduk.sql) yang tidak dapat dibaca; berikan data "
                       "sendiri dengan --data FOLDER.")
    g = gazetteer()
    kab = g.loc[g["level"] == "kabupaten", ["kode", "nama", "jenis"]]
    desa = g.loc[g["level"] == "desa", ["kode", "jenis"]]
    parent = desa["kode"].str.slice(0, 5)
    n = parent.value_counts()
    kel = (desa["jenis"] == "kelurahan").groupby(parent).mean()
    out = {}
    for kode, nama, jenis in kab.itertuples(index=False):
        out[kode] = (nama, jenis == "kota", int(n.get(kode, 0)), float(kel.get(kode, 0.0)),
                     int(pop.get(kode, 0)))
    return out, {k: v for k, v in pop.items() if len(k) == 2}


def _province_name(kode: str) -> str:
    from ucjlib.geo.wilayah import get_region

    return get_region(kode).nama


def all_codes() -> list[str]:
    """Return every kabupaten/kota code the demo can generate (all 514 of Indonesia)."""
    return sorted(_regions()[0])


def _path(rng: np.random.Generator, anchor_year: int, value: float) -> np.ndarray:
    """Employed persons 2020-2025 through ``value`` in ``anchor_year`` (smooth growth)."""
    g = np.array([rng.uniform(-0.03, 0.0), rng.uniform(0.01, 0.035), rng.uniform(0.01, 0.03),
                  rng.uniform(0.008, 0.025), rng.uniform(0.01, 0.03)])
    level = np.concatenate([[1.0], np.cumprod(1 + g)])
    out = np.rint(value * level / level[YEARS.index(anchor_year)]).astype(np.int64)
    out[YEARS.index(anchor_year)] = int(round(value))
    return out


def _fit(s: np.ndarray, target: float, t: int, f_t: np.ndarray, i_t: np.ndarray) -> np.ndarray:
    """Scale a float plan so month ``t`` totals ``target``, PU and others under the ceilings."""
    pu = s[:, PU_M]
    other = s.sum(axis=1) - pu
    k = target / max(s[t].sum(), 1e-9)
    k_pu = min(k, float((PU_CEILING * f_t / np.maximum(pu, 1e-9)).min()))
    k_o = (target - k_pu * pu[t]) / max(other[t], 1e-9)
    k_o = float(np.clip(k_o, 0.0, (OTHER_CEILING * i_t / np.maximum(other, 1e-9)).min()))
    out = s * k_o
    out[:, PU_M] = pu * k_pu
    return out


def _solve(fixed: float, free: list, target: float, t: int) -> tuple[float, list]:
    """Find the common factor on the free plans' month-``t`` totals so the sum hits ``target``."""
    if not free:
        return 1.0, []

    def fitted(lam: float) -> list:
        return [_fit(s, lam * s[t].sum(), t, f, i) for s, f, i in free]

    # the factor stays within LAMBDA_RANGE of the generic plan: a province whose other
    # kabupaten/kota already exceed its figure (Lampung) does not empty its free ones
    lo, hi = LAMBDA_RANGE
    for _ in range(60):
        mid = (lo + hi) / 2
        if sum(x[t].sum() for x in fitted(mid)) + fixed < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2, fitted((lo + hi) / 2)


@lru_cache(maxsize=4)
def national_plans(seed: int) -> tuple[dict[str, KabPlan], tuple[Calibration, ...]]:
    """Return calibrated plans of every kabupaten/kota outside the original demo, and records."""
    units, prov_pop = _regions()
    facts = _facts()
    own = set(supported_codes())
    cov = {r["kode"]: r for r in facts if r["indicator"] == "ucj_coverage_pct"}
    emp = {r["kode"]: r for r in facts if r["indicator"] == "employed_persons"}
    nat_ratio = float(emp[""]["value"]) / sum(prov_pop.values())
    bogor = kota_bogor_plan(seed)
    fixed_plans = dict(province_plans(seed))
    fixed_plans[KOTA_BOGOR] = bogor
    new = [k for k in sorted(units) if k not in own]
    provinces = sorted({k[:2] for k in new})

    # workforce and formal workers per kabupaten/kota
    wf: dict[str, np.ndarray] = {}
    for p in provinces:
        kabs = [k for k in new if k[:2] == p]
        pops = np.array([units[k][4] for k in kabs], dtype=float)
        if p in emp:
            year = int(emp[p]["as_of"][:4])
            total = float(emp[p]["value"]) - sum(
                int(fixed_plans[k].workforce[YEARS.index(year)]) for k in fixed_plans
                if k[:2] == p)
            anchor = largest_remainder(pops[None, :], np.array([round(total)]), axis=1)[0]
        else:
            year = 2024
            anchor = np.rint(pops * nat_ratio)
        for k, a in zip(kabs, anchor, strict=True):
            wf[k] = _path(kab_rng(seed, k, 0), year, float(a))
    raw: dict[str, tuple] = {}
    for k in new:
        nama, kota, n_desa, kel, _ = units[k]
        rng = kab_rng(seed, k, 3)
        formal = formal_path(rng, k, kota, kel, wf[k])
        s = generic_series(rng, k, kota, wf[k], formal, round(n_desa * (1 - kel)))
        raw[k] = (formal[_YEAR_OF_T].astype(float),
                  (wf[k] - formal)[_YEAR_OF_T].astype(float), s, formal)

    def w_at(k: str, t: int) -> float:
        plan = fixed_plans.get(k)
        w = plan.workforce if plan is not None else wf[k]
        return float(w[_YEAR_OF_T[t]])

    series: dict[str, np.ndarray] = {}
    records: list[Calibration] = []

    def record(kode, wilayah, what, row, t, num, den) -> None:
        got = 100 * num / den
        val = float(row["value"])
        records.append(Calibration(kode, wilayah, what, val, PERIODS[t], row["as_of"],
                                   row["source"], round(got, 4), abs(got - val) < 0.05))

    # 1. kabupaten/kota with a published figure
    exact: dict[str, int] = {}
    for k in new:
        if k in cov:
            row = cov[k]
            t = PERIODS.index(row["periode"])
            f, i, s, _ = raw[k]
            target = float(row["value"]) / 100 * w_at(k, t)
            series[k] = _fit(s, target, t, f, i)
            exact[k] = t
            record(k, units[k][0], "kabupaten", row, t, series[k][t].sum(), w_at(k, t))
    # 2. provinces with a figure: the other kabupaten/kota by one common factor
    for p in provinces:
        kabs = [k for k in new if k[:2] == p]
        free = [k for k in kabs if k not in series]
        if p not in cov:
            continue
        row = cov[p]
        t = PERIODS.index(row["periode"])
        fixed = sum(series[k][t].sum() for k in kabs if k in series) + sum(
            float(pl.series[t].sum()) for kk, pl in fixed_plans.items() if kk[:2] == p)
        den = sum(w_at(k, t) for k in kabs) + sum(
            w_at(kk, t) for kk in fixed_plans if kk[:2] == p)
        _, fitted = _solve(fixed, [(raw[k][2], raw[k][0], raw[k][1]) for k in free],
                           float(row["value"]) / 100 * den, t)
        series.update(zip(free, fitted, strict=True))
        record(p, row["wilayah"], "provinsi", row, t,
               fixed + sum(x[t].sum() for x in fitted), den)
    # 3. the rest (provinces without a figure) so Indonesia hits its figure
    t = PERIODS.index(NATION_PERIOD)
    rest = [k for k in new if k not in series]
    fixed = sum(series[k][t].sum() for k in series) + sum(
        float(pl.series[t].sum()) for pl in fixed_plans.values())
    den = sum(w_at(k, t) for k in new) + sum(w_at(k, t) for k in fixed_plans)
    row = cov[""]
    _, fitted = _solve(fixed, [(raw[k][2], raw[k][0], raw[k][1]) for k in rest],
                       float(row["value"]) / 100 * den, t)
    series.update(zip(rest, fitted, strict=True))
    record("", "Indonesia", "nasional", row, t, fixed + sum(x[t].sum() for x in fitted), den)
    for p in sorted({k[:2] for k in rest}):
        ks = [k for k in rest if k[:2] == p]
        got = 100 * sum(series[k][t].sum() for k in ks) / sum(w_at(k, t) for k in ks)
        records.append(Calibration(p, _province_name(p), "sisa nasional", got, PERIODS[t],
                                   row["as_of"], row["source"], round(got, 4), False,
                                   float(row["value"])))

    plans = {}
    for k in new:
        s = series[k]
        out = np.rint(s).astype(np.int64)
        if k in exact:  # the calibrated month's total exact to the person
            t_k = exact[k]
            out[t_k] = largest_remainder(s[t_k][None, :], np.array([round(s[t_k].sum())]),
                                         axis=1)[0]
        nama, kota = units[k][0], units[k][1]
        plans[k] = KabPlan(k, nama, kota, wf[k], raw[k][3], out)
    return plans, tuple(records)


def national_plan(kode: str, seed: int) -> KabPlan:
    """Return the calibrated plan of one kabupaten/kota outside the original demo."""
    return national_plans(int(seed))[0][kode]


def calibration_record(kode: str, seed: int) -> list[Calibration]:
    """Return the published figures a region's demo is calibrated to (its own, province, nation).

    An empty list when nothing about the region itself was published; the
    province and national records still apply.
    """
    recs = national_plans(int(seed))[1]
    return [r for r in recs if r.kode and (r.kode == kode or kode.startswith(r.kode + "."))]




def calibration_note(kode: str, seed: int) -> Note:
    """Say which published figures a region's demo reproduces (with source and date), or none.

    Examples
    --------
    >>> print(calibration_note("51.06", 20250630).text())  # doctest: +ELLIPSIS
    Kalibrasi demo (lihat data/demo.calibration.csv): Kabupaten Bangli 35,52% (2025-03-31; ...
    """
    recs = national_plans(int(seed))[1]
    own = [r for r in recs if r.kode == kode and r.what == "kabupaten"]
    prov = [r for r in recs if r.kode == kode[:2] and r.what != "kabupaten"]
    nation = [r for r in recs if r.what == "nasional"]
    figures = [r.note() for r in own + prov + nation]
    code = "demo.calib.own" if own or len(kode) <= 2 else "demo.calib.not_own"
    return Note(code, {"figures": figures})


def calibration_text(kode: str, seed: int, lang: str = "id") -> str:
    """Render :func:`calibration_note` in ``lang``."""
    return calibration_note(kode, seed).text(lang)
