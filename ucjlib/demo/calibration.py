"""Kabupaten-level plan of the synthetic demo data, calibrated to published figures.

The demo generator (:mod:`ucjlib.demo.generate`) works in two steps:

1. **Plan** (this module): for every kabupaten/kota, integer totals per year
   (employed persons, formal workers) and per month x segment x funding
   (active participants), calibrated so that the published figures in
   ``published_figures.csv`` are reproduced (see :data:`TARGETS`).
2. **Spread** (:mod:`ucjlib.demo.generate`): those totals are spread over the
   desa/kelurahan with a realistic spatial pattern and rounded with the
   largest-remainder method, so every kabupaten total stays exact.

Every random number of a kabupaten comes from a generator seeded with
``(seed, kabupaten code)``, so a kabupaten's data is the same whether it is
generated alone or as part of the province. The only province-wide step is
the calibration of Jawa Timur to 4,300,000 participants in November 2022,
which is computed from all 38 plans every time (it is cheap).

The targets are copied here (with their sources) rather than read at run
time so the demo works without the reference folder; the tests check them
against ``published_figures.csv`` independently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ucjlib.errors import UnknownRegionError
from ucjlib.inputs.alloc import largest_remainder

__all__ = ["KabPlan", "formal_path", "generic_series", "kab_rng", "largest_remainder",
           "plan_for", "province_plans", "supported_codes"]

DEFAULT_SEED = 20250630
PERIODS: tuple[str, ...] = tuple(
    f"{y}-{m:02d}" for y in range(2022, 2026) for m in range(1, 13))[:42]  # 2022-01..2025-06
YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024, 2025)
COMBOS: tuple[tuple[str, str], ...] = (
    ("PU", "mandiri"),      # wage earners: contributions paid by employer + worker
    ("BPU", "mandiri"),     # informal workers paying their own contribution
    ("BPU", "APBD"),        # informal workers paid by the regency budget
    ("BPU", "APBDes"),      # village officials / village workers paid by the village budget
    ("BPU", "lainnya"),     # paid by third parties (CSR, zakat bodies, associations)
    ("JAKON", "mandiri"),   # construction workers on private projects
    ("JAKON", "lainnya"),   # construction workers on government-funded projects
    ("PMI", "mandiri"),     # migrant workers
)
PU_M, BPU_M, BPU_APBD, BPU_APBDES, BPU_L, JK_M, JK_L, PMI_M = range(len(COMBOS))
N_T, N_C = len(PERIODS), len(COMBOS)

BOJONEGORO, KOTA_BOGOR, JATIM = "35.22", "32.71", "35"

# Calibration targets: value, period, source (see data/demo.meta.yml).
_BOJ, _BOGOR, _JP = ("Jawa Timur Dalam Angka 2022 (Sakernas Aug)", "BOGOR-KITA.com, 2025-03-25",
                     "JP (Surabaya), 2022-11-17")
TARGETS: dict[str, dict] = {
    "bojonegoro_employed_2020": dict(value=715_089, periode="2020", source=_BOJ),
    "bojonegoro_employed_2021": dict(value=692_456, periode="2021", source=_BOJ),
    "bojonegoro_employment_change_2025": dict(value=57_918, periode="2025",
                                              source="bojonegorokab.go.id, 2025-12-01"),
    "bojonegoro_coverage_2025_03": dict(value=0.4387, periode="2025-03",
                                        source="SuaraBojonegoro.com, 2025-03-20"),
    "bojonegoro_coverage_2025_06": dict(value=0.4229, periode="2025-06",
                                        source="INDOSatu.co, 2025-06-30"),
    "bojonegoro_apbd_2025_06": dict(value=157_058, periode="2025-06",
                                    source="INDOSatu.co 2025-06-30; sigap88news.com 2025-05-26"),
    "kota_bogor_coverage_2024_12": dict(value=0.49, periode="2024-12", source=_BOGOR),
    "kota_bogor_formal": dict(value=0.62, periode="2024-12", source=_BOGOR),
    "kota_bogor_informal": dict(value=0.31, periode="2024-12", source=_BOGOR),
    "jatim_participants_2022_11": dict(value=4_300_000, periode="2022-11", source=_JP),
    "jatim_coverage_2022_11": dict(value=0.2768, periode="2022-11", source=_JP),
}

# Employed persons of Bojonegoro. 2020/2021 published; 2023 implied by the published
# unemployed (36,411) and open unemployment rate (4.63%): 36,411/0.0463 - 36,411;
# 2022 and 2024 chosen in between; 2025 = 2024 + published net new employment.
BOJONEGORO_WORKFORCE = {2020: 715_089, 2021: 692_456, 2022: 721_300, 2023: 750_004,
                        2024: 762_470}
BOJONEGORO_WORKFORCE[2025] = BOJONEGORO_WORKFORCE[2024] + 57_918
# Kota Bogor: plausible employed persons (no published figure in the reference file).
KOTA_BOGOR_WORKFORCE = {2020: 462_100, 2021: 468_900, 2022: 481_700, 2023: 492_300,
                        2024: 503_600, 2025: 511_800}
KOTA_BOGOR_FORMAL_SHARE_2024 = 0.532  # leaves ~1.5% of workers for JAKON + PMI at 49% overall
# Jawa Timur employed persons in 2022 implied by 4.3 million / 27.68% (the quoted
# "15 million" would give 28.67%); the demo matches the participants and the rate.
JATIM_WORKFORCE_2022 = round(4_300_000 / 0.2768)  # 15,534,682

# Relative size of each kabupaten/kota: resident population in thousands,
# rounded, order of magnitude of the 2020 population census (SP2020). Used only
# as relative weights for the synthetic workforce, never reported as data.
POPULATION_WEIGHT: dict[str, int] = {
    "35.01": 587, "35.02": 950, "35.03": 731, "35.04": 1090, "35.05": 1224, "35.06": 1636,
    "35.07": 2654, "35.08": 1119, "35.09": 2536, "35.10": 1708, "35.11": 776, "35.12": 686,
    "35.13": 1152, "35.14": 1605, "35.15": 2082, "35.16": 1119, "35.17": 1318, "35.18": 1103,
    "35.19": 744, "35.20": 670, "35.21": 870, "35.22": 1301, "35.23": 1198, "35.24": 1344,
    "35.25": 1311, "35.26": 1060, "35.27": 969, "35.28": 850, "35.29": 1124, "35.71": 286,
    "35.72": 149, "35.73": 843, "35.74": 239, "35.75": 208, "35.76": 132, "35.77": 195,
    "35.78": 2874, "35.79": 213,
}
KOTA_DENSITY = 1.4  # employed per resident is higher in cities (commuters, fewer children)
# Sidoarjo, Gresik, Pasuruan, Mojokerto, Surabaya
INDUSTRIAL = {"35.15", "35.25", "35.14", "35.16", "35.78"}
MIGRANT = {"35.26", "35.27", "35.28", "35.29", "35.02", "35.04", "35.05", "35.07", "35.09",
           "35.10", "35.01", "35.03"}  # Madura and the southern belt send many PMI


@dataclass(frozen=True)
class KabPlan:
    """Integer kabupaten totals that the desa spread must reproduce exactly."""

    kode: str
    nama: str
    kota: bool
    workforce: np.ndarray   # (6,) employed persons, YEARS
    formal: np.ndarray      # (6,) formal workers, YEARS
    series: np.ndarray      # (N_T, N_C) active participants, PERIODS x COMBOS


def supported_codes() -> list[str]:
    """Kabupaten/kota codes the demo can generate (all of Jawa Timur and Kota Bogor)."""
    return sorted(POPULATION_WEIGHT) + [KOTA_BOGOR]


def kab_rng(seed: int, kode: str, purpose: int) -> np.random.Generator:
    """Random generator for one kabupaten and one purpose (0 plan, 1 spread, 2 workforce)."""
    key = int(kode.replace(".", ""))
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(key, purpose)))


def _walk(rng: np.random.Generator, sd: float, n: int = N_T) -> np.ndarray:
    """Smooth multiplicative noise around 1 (random walk, mean-centred)."""
    w = np.cumsum(rng.normal(0.0, sd, n))
    return np.exp(w - w.mean())


def _generic(rng: np.random.Generator, kode: str, kota: bool, workforce: np.ndarray,
             formal: np.ndarray, n_desa: int) -> np.ndarray:
    """Float participants (N_T, N_C) for a kabupaten from plausible segment rates."""
    t = np.arange(N_T)
    month = t % 12 + 1
    # participants move smoothly: use workforce interpolated between August surveys
    aug = (np.array(YEARS) - 2022) * 12 + 7
    w = np.interp(t, aug, workforce.astype(float))
    f = np.interp(t, aug, formal.astype(float))
    inf = w - f
    ind = kode in INDUSTRIAL
    s = np.zeros((N_T, N_C))
    pu0 = np.clip(0.47 + 0.10 * kota + 0.06 * ind + rng.normal(0, 0.04), 0.3, 0.75)
    s[:, PU_M] = f * pu0 * (1 + rng.uniform(0.02, 0.05) * t / 12) * _walk(rng, 0.004)
    b0 = rng.uniform(0.06, 0.11) + 0.03 * kota
    s[:, BPU_M] = inf * b0 * (1 + rng.uniform(0.06, 0.2) * t / 12) * _walk(rng, 0.012)
    if rng.random() < 0.4:  # some regencies already pay for vulnerable workers
        start = int(rng.integers(0, N_T - 6))
        size = rng.uniform(0.02, 0.08)
        ramp = np.clip((t - start + 1) / 2.0, 0, 1)
        s[:, BPU_APBD] = inf * size * ramp * _walk(rng, 0.003)
    per_desa = rng.uniform(6, 22)
    start = int(rng.integers(0, 24))
    s[:, BPU_APBDES] = n_desa * per_desa * np.clip((t - start + 6) / 12.0, 0.25, 1.0)
    s[:, BPU_L] = inf * rng.uniform(0.001, 0.008) * _walk(rng, 0.01)
    season = 1 + 0.25 * np.sin(2 * np.pi * (month - 4) / 12)
    jakon = w * rng.uniform(0.004, 0.014) * season * _walk(rng, 0.01)
    private = rng.uniform(0.45, 0.7)
    s[:, JK_M] = jakon * private
    s[:, JK_L] = jakon * (1 - private)
    pmi = rng.uniform(0.004, 0.012) if kode in MIGRANT else rng.uniform(0.0005, 0.003)
    s[:, PMI_M] = w * pmi * (1 + 0.04 * t / 12) * _walk(rng, 0.005)
    return s


def _formal_path(rng: np.random.Generator, kode: str, kota: bool, kel_share: float,
                 workforce: np.ndarray) -> np.ndarray:
    share = 0.24 + 0.25 * kota + 0.12 * kel_share + 0.10 * (kode in INDUSTRIAL)
    share = np.clip(share + rng.normal(0, 0.02), 0.15, 0.7)
    shares = share + 0.004 * (np.array(YEARS) - 2022)
    return np.rint(workforce * shares).astype(np.int64)


@lru_cache(maxsize=1)
def _units() -> dict[str, tuple[str, bool, int, float]]:
    """Code -> (name, is kota, number of desa/kelurahan, kelurahan share)."""
    from ucjlib.geo.gazetteer import gazetteer

    g = gazetteer()
    out = {}
    for kode in supported_codes():
        row = g.loc[g["kode"] == kode].iloc[0]
        desa = g.loc[(g["level"] == "desa") & g["kode"].str.startswith(kode + ".")]
        kel = float((desa["jenis"] == "kelurahan").mean())
        out[kode] = (row["nama"], row["jenis"] == "kota", len(desa), kel)
    return out


def _other_years(rng: np.random.Generator, w22: int) -> np.ndarray:
    r22 = rng.uniform(0.01, 0.035)      # 2021 -> 2022
    r21 = rng.uniform(-0.03, 0.0)       # 2020 -> 2021 (pandemic)
    r23, r24, r25 = rng.uniform(0.01, 0.03), rng.uniform(0.008, 0.025), rng.uniform(0.01, 0.03)
    w21 = w22 / (1 + r22)
    w20 = w21 / (1 + r21)
    w23 = w22 * (1 + r23)
    w24 = w23 * (1 + r24)
    w25 = w24 * (1 + r25)
    out = np.rint([w20, w21, w22, w23, w24, w25]).astype(np.int64)
    out[2] = w22
    return out


def _bojonegoro(rng: np.random.Generator, s: np.ndarray, workforce: np.ndarray) -> np.ndarray:
    """Apply the Bojonegoro calibration to a generic float plan."""
    t03, t06 = PERIODS.index("2025-03"), PERIODS.index("2025-06")
    jan = PERIODS.index("2025-01")
    w25 = float(workforce[YEARS.index(2025)])
    apbd = TARGETS["bojonegoro_apbd_2025_06"]["value"]
    s = s.copy()
    s[:, BPU_APBD] = 0.0
    s[jan, BPU_APBD] = round(apbd * rng.uniform(0.55, 0.7))   # enrolment in January ...
    s[jan + 1:, BPU_APBD] = apbd                               # ... complete in February
    others = s.sum(axis=1) - s[:, BPU_M]
    a03 = TARGETS["bojonegoro_coverage_2025_03"]["value"] * w25 - others[t03]
    a06 = TARGETS["bojonegoro_coverage_2025_06"]["value"] * w25 - others[t06]
    bm = s[:, BPU_M] * (a03 / s[t03, BPU_M])
    # after March, independent workers stop paying: a lapse that is steepest first
    step = np.array([0.0, 0.45, 0.8, 1.0])
    bm[t03:t06 + 1] = a03 + (a06 - a03) * step
    s[:, BPU_M] = bm
    return s


def _kota_bogor(s: np.ndarray, workforce: np.ndarray, formal: np.ndarray) -> np.ndarray:
    """Apply the Kota Bogor calibration (December 2024) to a generic float plan."""
    t = PERIODS.index("2024-12")
    y = YEARS.index(2024)
    w, f = float(workforce[y]), float(formal[y])
    s = s.copy()
    s[:, PU_M] *= TARGETS["kota_bogor_formal"]["value"] * f / s[t, PU_M]
    bpu = [BPU_M, BPU_APBD, BPU_APBDES, BPU_L]
    s[:, bpu] *= TARGETS["kota_bogor_informal"]["value"] * (w - f) / s[t, bpu].sum()
    rest = TARGETS["kota_bogor_coverage_2024_12"]["value"] * w - s[t, PU_M] - s[t, bpu].sum()
    other = [JK_M, JK_L, PMI_M]
    if rest <= 0:  # pragma: no cover - guarded by KOTA_BOGOR_FORMAL_SHARE_2024
        raise ValueError("Kalibrasi Kota Bogor tidak mungkin: sisa JAKON+PMI negatif")
    s[:, other] *= rest / s[t, other].sum()
    return s


@lru_cache(maxsize=8)
def province_plans(seed: int = DEFAULT_SEED) -> dict[str, KabPlan]:
    """Calibrated plans for all 38 kabupaten/kota of Jawa Timur.

    Examples
    --------
    >>> plans = province_plans()
    >>> sum(int(p.series[PERIODS.index("2022-11")].sum()) for p in plans.values())
    4300000
    """
    units = _units()
    codes = sorted(POPULATION_WEIGHT)
    prov = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(35, 9)))
    noise = np.exp(prov.normal(0, 0.05, len(codes)))
    weights = np.array([POPULATION_WEIGHT[k] * (KOTA_DENSITY if units[k][1] else 1.0)
                        for k in codes]) * noise
    bi = codes.index(BOJONEGORO)
    weights[bi] = 0.0
    w22 = largest_remainder(weights[None, :], np.array(
        [JATIM_WORKFORCE_2022 - BOJONEGORO_WORKFORCE[2022]]), axis=1)[0]
    w22[bi] = BOJONEGORO_WORKFORCE[2022]
    raw: dict[str, tuple] = {}
    for k, w in zip(codes, w22, strict=True):
        nama, kota, n_desa, kel = units[k]
        rng = kab_rng(seed, k, 0)
        if k == BOJONEGORO:
            rng.random(5)
            workforce = np.array([BOJONEGORO_WORKFORCE[y] for y in YEARS], dtype=np.int64)
        else:
            workforce = _other_years(rng, int(w))
        formal = _formal_path(rng, k, kota, kel, workforce)
        s = _generic(rng, k, kota, workforce, formal, round(n_desa * (1 - kel)))
        if k == BOJONEGORO:
            s = _bojonegoro(rng, s, workforce)
        raw[k] = (nama, kota, workforce, formal, s)
    # scale all but Bojonegoro so Jawa Timur has exactly 4.3 million in November 2022
    tn = PERIODS.index("2022-11")
    target = TARGETS["jatim_participants_2022_11"]["value"]
    bojo = np.rint(raw[BOJONEGORO][4]).astype(np.int64)
    others = [k for k in codes if k != BOJONEGORO]
    total_other = sum(raw[k][4][tn].sum() for k in others)
    factor = (target - bojo[tn].sum()) / total_other
    nov = np.stack([raw[k][4][tn] * factor for k in others])  # (37, N_C)
    nov_int = largest_remainder(nov.reshape(1, -1), np.array([target - bojo[tn].sum()]),
                                axis=1).reshape(nov.shape)
    plans = {}
    for k in codes:
        nama, kota, workforce, formal, s = raw[k]
        if k == BOJONEGORO:
            series = bojo
        else:
            series = np.rint(s * factor).astype(np.int64)
            series[tn] = nov_int[others.index(k)]
        plans[k] = KabPlan(k, nama, kota, workforce, formal, series)
    return plans


@lru_cache(maxsize=8)
def kota_bogor_plan(seed: int = DEFAULT_SEED) -> KabPlan:
    """Calibrated plan for Kota Bogor (32.71)."""
    nama, kota, n_desa, kel = _units()[KOTA_BOGOR]
    rng = kab_rng(seed, KOTA_BOGOR, 0)
    workforce = np.array([KOTA_BOGOR_WORKFORCE[y] for y in YEARS], dtype=np.int64)
    shares = KOTA_BOGOR_FORMAL_SHARE_2024 + 0.004 * (np.array(YEARS) - 2024)
    formal = np.rint(workforce * shares).astype(np.int64)
    s = _generic(rng, KOTA_BOGOR, True, workforce, formal, 0)
    s = _kota_bogor(s, workforce, formal)
    return KabPlan(KOTA_BOGOR, nama, True, workforce, formal, np.rint(s).astype(np.int64))


def plan_for(kode: str, seed: int = DEFAULT_SEED) -> KabPlan:
    """Return the calibrated plan of one supported kabupaten/kota.

    Raises
    ------
    UnknownRegionError
        When the kabupaten is not supported by the demo.
    """
    if kode == KOTA_BOGOR:
        return kota_bogor_plan(int(seed))
    plans = province_plans(int(seed))
    if kode not in plans:
        raise UnknownRegionError(
            kode, ["35.xx (semua kabupaten/kota Jawa Timur)", "32.71 Kota Bogor"], "kabupaten")
    return plans[kode]


# Public names of the plan steps other demo modules reuse (ucjlib.demo.national).
formal_path = _formal_path
generic_series = _generic
