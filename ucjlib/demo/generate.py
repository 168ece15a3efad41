"""Deterministic, calibrated synthetic demo data ("data demo (sintetis)").

The demo makes coverage and workforce tables for every desa/kelurahan of
any of the 514 kabupaten/kota of Indonesia (Jawa Timur and Kota Bogor with
their original plans, the others planned by :mod:`ucjlib.demo.national`), shaped
like real BPJS Ketenagakerjaan and Sakernas aggregates and calibrated so the
kabupaten totals reproduce published figures (Bojonegoro 43,87% in March 2025
and 42,29% in June 2025 with 157.058 APBD-funded participants; Kota Bogor 49%
in December 2024 with formal 62% and informal 31%; Jawa Timur 4.300.000
participants and 27,68% in November 2022; Bali 50,88%, Badung 58,68% and
Indonesia 35,68% for the others). See ``data/demo.meta.yml`` and
:mod:`ucjlib.demo.calibration` for the targets, their sources and choices.

It is **synthetic**: no record of any person is behind it. Every
:class:`~ucjlib.dataset.Dataset` it returns has ``demo=True`` (the flag
outputs read to show "data demo (sintetis)"); its tables also carry
``df.attrs["demo"] = True``, a label for whoever takes a table out on its
own (written into the demo Parquet files' pandas metadata), never what
``Dataset.demo`` is built from.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from ucjlib.dataset import COVERAGE_COLUMNS, DEMO_LABEL, DEMO_LABEL_EN, Dataset
from ucjlib.demo.calibration import (
    BPU_APBD,
    BPU_APBDES,
    BPU_L,
    BPU_M,
    COMBOS,
    DEFAULT_SEED,
    JATIM,
    JK_L,
    JK_M,
    PERIODS,
    PMI_M,
    PU_M,
    YEARS,
    KabPlan,
    kab_rng,
    largest_remainder,
    plan_for,
    supported_codes,
)
from ucjlib.errors import UcjError
from ucjlib.text import Note

__all__ = ["DEFAULT_SEED", "demo_dataset", "demo_province", "write_demo", "supported_codes"]

Format = Literal["parquet", "csv", "xlsx"]
_YEAR_OF_T = np.array([YEARS.index(int(p[:4])) for p in PERIODS])
PU_CAP = 0.95     # PU participants of a desa stay below 95% of its formal workers
OTHER_CAP = 0.85  # other participants stay below 85% of its informal workers
WORKFORCE_COLUMNS_DEMO = ("kode", "tahun", "pekerja", "pekerja_formal", "pekerja_informal",
                          "pekerja_estimasi")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _solve_shift(weights: np.ndarray, z: np.ndarray, totals: np.ndarray,
                 cap: float = 1.0) -> np.ndarray:
    """Find ``a`` per row so that ``sum(weights * cap * sigmoid(a + z)) == totals``.

    ``weights`` is (R, D), ``z`` is (D,), ``totals`` is (R,); vectorized bisection.
    """
    lo = np.full(len(totals), -30.0)
    hi = np.full(len(totals), 30.0)
    for _ in range(70):
        mid = (lo + hi) / 2
        val = (weights * cap * _sigmoid(mid[:, None] + z[None, :])).sum(axis=1)
        low = val < totals
        lo = np.where(low, mid, lo)
        hi = np.where(low, hi, mid)
    return (lo + hi) / 2


def _ar1(rng: np.random.Generator, n: int, sd: float, rho: float = 0.6) -> np.ndarray:
    """Noise correlated along the code order (neighbouring desa codes are often neighbours)."""
    e = rng.normal(0.0, sd, n)
    out = np.empty(n)
    acc = 0.0
    for i in range(n):
        acc = rho * acc + e[i]
        out[i] = acc
    return out


def _strcol(idx: np.ndarray, values: np.ndarray) -> pd.Series:
    """``values[idx]`` as a pandas ``str`` column, built through a categorical (fast)."""
    uniq, inv = np.unique(values.astype(str), return_inverse=True)
    return pd.Series(pd.Categorical.from_codes(inv[idx], uniq)).astype("str")


@lru_cache(maxsize=64)
def _units(kode: str) -> pd.DataFrame:
    from ucjlib.geo.wilayah import children, get_region, normalize_name

    desa = children(kode, "desa")[["kode", "nama", "jenis"]].sort_values("kode")
    kec = children(kode, "kecamatan")[["kode", "nama"]].sort_values("kode").reset_index(drop=True)
    desa = desa.reset_index(drop=True)
    desa["kec"] = desa["kode"].str.rsplit(".", n=1).str[0]
    kab_name = normalize_name(get_region(kode).nama)
    seat = {k: normalize_name(n) == kab_name for k, n in zip(kec["kode"], kec["nama"], strict=True)}
    desa["seat"] = desa["kec"].map(seat).fillna(False).astype(bool)
    desa["kec_i"] = desa["kec"].map({k: i for i, k in enumerate(kec["kode"])}).astype(int)
    return desa


def _spread(plan: KabPlan, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Spread a kabupaten plan over its desa/kelurahan; returns (coverage, workforce)."""
    units = _units(plan.kode)
    rng = kab_rng(seed, plan.kode, 1)
    d = len(units)
    n_kec = int(units["kec_i"].max()) + 1
    kec = units["kec_i"].to_numpy()
    is_kel = (units["jenis"] == "kelurahan").to_numpy()
    seat = units["seat"].to_numpy()
    kel_share = np.bincount(kec, is_kel, n_kec) / np.bincount(kec, minlength=n_kec)
    urban = np.clip(0.6 * (kel_share[kec] + 0.6 * seat) + 0.4 * is_kel, 0, 1.2)
    kec_eff = rng.normal(0, 0.3, n_kec)
    kec_size = rng.normal(0, 0.25, n_kec)
    ar = _ar1(rng, d, 0.22)
    n_ind = max(1, round(0.01 * d))
    industrial = np.zeros(d, dtype=bool)
    industrial[rng.choice(d, n_ind, replace=False)] = True

    # workforce: lognormal desa sizes, bigger in kelurahan and in the seat, urban growth
    b = np.exp(rng.normal(0, 0.4, d) + kec_size[kec])
    b *= (1 + (0.0 if plan.kota else 0.8) * is_kel) * (1 + 0.5 * seat)
    b = np.maximum(b, 0.35 * np.median(b))
    trend = 0.012 * urban + rng.normal(0, 0.006, d)
    share = b[None, :] * np.exp(trend[None, :] * (np.array(YEARS)[:, None] - 2022))
    pekerja = largest_remainder(share, plan.workforce, axis=1)            # (Y, D)
    z_f = 1.3 * urban + 1.0 * industrial + rng.normal(0, 0.3, d)
    a_f = _solve_shift(pekerja.astype(float), z_f, plan.formal.astype(float))
    formal = largest_remainder(pekerja * _sigmoid(a_f[:, None] + z_f[None, :]), plan.formal,
                               axis=1)

    # desa that did not report: workforce exists, no coverage rows at all
    n_miss = max(int(d >= 200), int(np.floor(0.005 * d + rng.random())))
    pool = np.flatnonzero(~is_kel) if (~is_kel).sum() >= n_miss else np.arange(d)
    missing = np.zeros(d, dtype=bool)
    missing[rng.choice(pool, n_miss, replace=False)] = True
    rep = ~missing

    # PU per desa: capped logistic share of the resident formal workers (employer
    # location pulls industrial desa up); the other schemes: capped share of the
    # informal workers, then raked over the seven non-PU schemes.
    z_c = 0.9 * urban + kec_eff[kec] + ar
    yt = _YEAR_OF_T
    f_t = formal[yt][:, rep].astype(float)                                 # (T, R)
    i_t = (pekerja - formal)[yt][:, rep].astype(float)
    z_pu = z_c[rep] + 1.5 * industrial[rep]
    a_pu = _solve_shift(f_t, z_pu, plan.series[:, PU_M].astype(float), PU_CAP)
    pu = f_t * PU_CAP * _sigmoid(a_pu[:, None] + z_pu[None, :])
    nonpu = plan.series.sum(axis=1) - plan.series[:, PU_M]
    a_o = _solve_shift(i_t, z_c[rep], nonpu.astype(float), OTHER_CAP)
    p_t = i_t * OTHER_CAP * _sigmoid(a_o[:, None] + z_c[rep][None, :])     # (T, R)

    f_share = f_t / np.maximum(f_t + i_t, 1.0)
    u, k_e, kel_r = urban[rep], kec_eff[kec][rep], is_kel[rep]
    jak_k = np.exp(rng.normal(0, 0.5, n_kec))[kec][rep]
    pmi_k = np.exp(rng.normal(0, 0.7, n_kec))[kec][rep]
    m = np.zeros(p_t.shape + (len(COMBOS),))
    m[..., BPU_M] = np.exp(0.3 * u)
    m[..., BPU_APBD] = np.exp(-0.8 * u - 0.5 * k_e)
    m[..., BPU_APBDES] = np.where(kel_r, 0.0, 1.0) / np.maximum(p_t, 1.0) * p_t.mean()
    m[..., BPU_L] = 1.0
    m[..., JK_M] = jak_k * (1 + 0.5 * u) * (0.5 + f_share)
    m[..., JK_L] = jak_k * (1 + 0.2 * u) * (0.5 + f_share)
    m[..., PMI_M] = pmi_k * np.exp(-0.5 * u)
    col = plan.series.astype(float)                                        # (T, C)
    col_o = col.copy()
    col_o[:, PU_M] = 0.0
    x = m / np.maximum(m.sum(axis=2, keepdims=True), 1e-12) * p_t[..., None]
    for _ in range(40):
        cs = x.sum(axis=1)
        x *= np.where(cs > 0, col_o / np.where(cs > 0, cs, 1), 0.0)[:, None, :]
        rs = x.sum(axis=2)
        x *= np.where(rs > 0, p_t / np.where(rs > 0, rs, 1), 0.0)[..., None]
    cs = x.sum(axis=1)
    x *= np.where(cs > 0, col_o / np.where(cs > 0, cs, 1), 0.0)[:, None, :]
    x[..., PU_M] = pu
    peserta = largest_remainder(x, plan.series, axis=1)                     # (T, R, C)

    # long tables; rows only for schemes that exist in the kabupaten that month
    keep = (plan.series > 0)[:, None, :] & np.ones(peserta.shape, dtype=bool)
    keep[:, kel_r, BPU_APBDES] = False
    codes = units["kode"].to_numpy()[rep]
    ri, ti, ci = np.nonzero(keep.transpose(1, 0, 2))
    seg = np.array([s for s, _ in COMBOS], dtype=object)
    fund = np.array([f for _, f in COMBOS], dtype=object)
    cov = pd.DataFrame({
        "kode": _strcol(ri, codes),
        "periode": _strcol(ti, np.array(PERIODS, dtype=object)),
        "segmen": _strcol(ci, seg),
        "pendanaan": _strcol(ci, fund),
        "peserta_aktif": peserta.transpose(1, 0, 2)[ri, ti, ci].astype(np.int64),
    })
    y_n = len(YEARS)
    wf = pd.DataFrame({
        "kode": np.repeat(units["kode"].to_numpy(), y_n).astype(object),
        "tahun": np.tile(np.array(YEARS, dtype=np.int64), d),
        "pekerja": pekerja.T.reshape(-1).astype(np.int64),
        "pekerja_formal": formal.T.reshape(-1).astype(np.int64),
    })
    wf["kode"] = wf["kode"].astype("str")
    wf["pekerja_informal"] = wf["pekerja"] - wf["pekerja_formal"]
    wf["pekerja_estimasi"] = False
    return cov, wf


@lru_cache(maxsize=48)
def _kab_tables(kode: str, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    if kode in supported_codes():
        return _spread(plan_for(kode, seed), seed)
    from ucjlib.demo.national import national_plan

    return _spread(national_plan(kode, seed), seed)


def _mark(df: pd.DataFrame) -> pd.DataFrame:
    """Return a shallow copy of a cached table labelled ``attrs["demo"]`` (see the module)."""
    out = df.copy(deep=False)
    out.attrs["demo"] = True
    return out


def _source(seed: int, kode: str | None = None) -> str:
    base = (f"{DEMO_LABEL}: data sintetis ucjlib (seed {seed}), dikalibrasi ke angka "
            "publikasi; bukan data BPJS Ketenagakerjaan atau BPS")
    return base


def _source_en(seed: int, kode: str | None = None) -> str:
    base = (f"{DEMO_LABEL_EN}: ucjlib synthetic data (seed {seed}), calibrated to published "
            "figures; not BPJS Ketenagakerjaan or BPS data")
    return base


def _notes(seed: int, kode: str | None = None) -> list[Note]:
    notes = [Note("demo.synthetic"), Note("demo.seed", {"seed": seed}),
             Note("demo.missing_desa")]
    if kode is not None and kode not in supported_codes() and kode != JATIM:
        from ucjlib.demo.national import calibration_note

        notes.append(calibration_note(kode, seed))  # what this region's demo reproduces
    return notes


class NoDemoError(UcjError, LookupError):
    """A region the synthetic demo does not cover (exit code 2: give --data instead)."""

    exit_code = 2


def _resolve_kab(kabupaten: str):
    from ucjlib.geo.wilayah import region_of

    return region_of(kabupaten, level="kabupaten")  # every kabupaten/kota has a demo


def demo_dataset(kabupaten: str = "35.22", seed: int = DEFAULT_SEED) -> Dataset:
    """Synthetic, calibrated demo data for one kabupaten/kota, per desa/kelurahan.

    Coverage is monthly from 2022-01 to 2025-06 by segment and funding, with
    only plausible combinations: PU/mandiri (employer-paid), BPU/mandiri,
    BPU/APBD (regency budget), BPU/APBDes (village budget, desa only, not
    kelurahan), BPU/lainnya (third parties), JAKON/mandiri (private projects),
    JAKON/lainnya (government projects) and PMI/mandiri. Rows exist only for
    the schemes running in the kabupaten that month (e.g. Bojonegoro's
    APBD-funded BPU starts in January 2025). Workforce is per desa and year
    2020-2025 with ``pekerja_formal + pekerja_informal == pekerja`` and
    ``pekerja_estimasi`` False (it is the synthetic truth).

    The spread within the kabupaten imitates real data: urban kecamatan (many
    kelurahan, or named like the kabupaten seat) and kelurahan higher,
    kecamatan-level effects shared by their desa, noise correlated along the
    code order, a few industrial desa with very high PU coverage, and about
    0.5% of desa (at least one in kabupaten with 200 or more desa, e.g.
    Bojonegoro) with **no coverage rows at all** (did not report) while their
    workforce exists, so maps show "no data". Kabupaten coverage is the sum
    over desa of participants divided by the sum over desa of employed
    persons; the non-reporting desa count in the denominator.

    Parameters
    ----------
    kabupaten : str, default "35.22"
        Code of any kabupaten/kota of Indonesia (e.g. ``"35.22"``, ``"51.71"``);
        names are resolved by the caller with :func:`ucjlib.geo.wilayah.resolve`.
    seed : int, default DEFAULT_SEED
        Same seed, identical tables; a kabupaten's data does not depend on
        which other kabupaten are generated.

    Returns
    -------
    Dataset
        ``demo=True``; ``source`` and ``notes`` say it is synthetic.

    Raises
    ------
    UnknownRegionError
        When the code is unknown.
    ArgumentError
        When ``kabupaten`` is not a code (a name).
    UcjError
        When the population file needed outside Jawa Timur and Kota Bogor cannot be read.

    Examples
    --------
    >>> ds = demo_dataset("35.22")
    >>> ds.demo, ds.kode, ds.latest_period
    (True, '35.22', '2025-06')
    >>> june = ds.coverage.loc[ds.coverage["periode"] == "2025-06", "peserta_aktif"].sum()
    >>> w25 = ds.workforce.loc[ds.workforce["tahun"] == 2025, "pekerja"].sum()
    >>> round(100 * float(june / w25), 2)
    42.29
    """
    from ucjlib.checks import check_seed

    seed = check_seed(seed, "seed")
    region = _resolve_kab(kabupaten)
    cov, wf = _kab_tables(region.kode, seed)
    return Dataset(region.kode, _mark(cov), _mark(wf), demo=True,
                   source=_source(seed, region.kode), source_en=_source_en(seed, region.kode),
                   notes=_notes(seed, region.kode))


def _aggregate(cov: pd.DataFrame, wf: pd.DataFrame, depth: int) -> tuple[pd.DataFrame,
                                                                           pd.DataFrame]:
    """Sum desa rows up to codes with ``depth`` dots (1 kabupaten, 2 kecamatan)."""
    width = {1: 5, 2: 8}[depth]  # codes have a fixed width: 35.22 / 35.22.01

    def up(s: pd.Series) -> pd.Series:
        return s.str.slice(0, width)

    keys = ["kode", "periode", "segmen", "pendanaan"]
    c = cov.assign(kode=up(cov["kode"])).groupby(keys, sort=False, as_index=False)[
        "peserta_aktif"].sum()
    num = ["pekerja", "pekerja_formal", "pekerja_informal"]
    w = wf.assign(kode=up(wf["kode"])).groupby(["kode", "tahun"], sort=False, as_index=False)[
        num].sum()
    w["pekerja_estimasi"] = False
    return c.reset_index(drop=True), w.reset_index(drop=True)


@lru_cache(maxsize=4)
def _province_tables(seed: int, level: str, provinsi: str = JATIM) -> tuple[pd.DataFrame,
                                                                             pd.DataFrame]:
    from ucjlib.demo.national import all_codes

    covs, wfs = [], []
    for kode in all_codes():
        if not kode.startswith(provinsi + "."):
            continue
        cov, wf = _kab_tables(kode, seed)
        if level != "desa":
            cov, wf = _aggregate(cov, wf, 2 if level == "kecamatan" else 1)
        covs.append(cov)
        wfs.append(wf)
    return (pd.concat(covs, ignore_index=True), pd.concat(wfs, ignore_index=True))


def demo_province(provinsi: str = "35", seed: int = DEFAULT_SEED,
                  level: Literal["desa", "kecamatan", "kabupaten"] = "desa") -> Dataset:
    """Synthetic demo data for all kabupaten/kota of a province (Jawa Timur by default).

    Each kabupaten's rows are exactly those of :func:`demo_dataset` for it
    (at ``level="desa"``); ``level="kecamatan"`` or ``"kabupaten"`` sums them
    up to keep the tables light (about 2.4 million desa rows otherwise).
    Calibrated to 4.300.000 active participants and 27,68% coverage in
    November 2022.

    Parameters
    ----------
    provinsi : str, default "35"
        Code of the province (any of the 38).
    seed : int, default DEFAULT_SEED
        Seed of the generator.
    level : {"desa", "kecamatan", "kabupaten"}, default "desa"
        Level of the rows returned.

    Returns
    -------
    Dataset
        ``kode`` of the province, ``demo=True``.

    Examples
    --------
    >>> ds = demo_province(level="kabupaten")
    >>> nov = ds.coverage.loc[ds.coverage["periode"] == "2022-11", "peserta_aktif"].sum()
    >>> int(nov), ds.coverage["kode"].nunique()
    (4300000, 38)
    """
    from ucjlib.errors import ArgumentError
    from ucjlib.geo.wilayah import region_of

    if level not in ("desa", "kecamatan", "kabupaten"):
        raise ArgumentError("level", level, "desa, kecamatan atau kabupaten")
    region = region_of(provinsi, level="provinsi")
    seed = int(seed)
    cov, wf = (_province_tables(seed, level) if region.kode == JATIM
               else _province_tables(seed, level, region.kode))
    return Dataset(region.kode, _mark(cov), _mark(wf), demo=True,
                   source=_source(seed, region.kode), source_en=_source_en(seed, region.kode),
                   notes=_notes(seed, region.kode))


_README = """DATA DEMO (SINTETIS) - {label}

Folder ini berisi data demo SINTETIS buatan ucjlib (ucj demo, seed {seed}).
Bukan data BPJS Ketenagakerjaan maupun BPS: tidak ada data peserta sungguhan.
Total kabupaten dikalibrasi ke angka yang dipublikasikan (lihat data/demo.meta.yml
di repositori ucjlib). File bernama DEMO menandai folder ini sebagai data demo.

coverage.{ext}  : kode;periode;segmen;pendanaan;peserta_aktif;label_data (per desa, bulanan)
workforce.{ext} : kode;tahun;pekerja;pekerja_formal;pekerja_informal;pekerja_estimasi;label_data
Kolom label_data = "data demo (sintetis)" di setiap baris: label demo ikut terbawa
walaupun berkas disalin tanpa penanda DEMO.

SYNTHETIC DEMO DATA - not real participant data.
"""


LABEL_COLUMN = "label_data"
"""Column written on every row of every demo table: the label travels with the data."""


def _write_table(df: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write one demo table atomically, with the demo label on every row (and in metadata)."""
    from ucjlib.files import atomic_path

    df = df.assign(**{LABEL_COLUMN: DEMO_LABEL})
    with atomic_path(path) as tmp:
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            from ucjlib.inputs.files import DEMO_METADATA_KEY

            table = pa.Table.from_pandas(df, preserve_index=False)
            meta = dict(table.schema.metadata or {})
            meta[DEMO_METADATA_KEY] = DEMO_LABEL.encode("utf-8")
            pq.write_table(table.replace_schema_metadata(meta), tmp)
        elif fmt == "csv":
            df.to_csv(tmp, sep=";", index=False, encoding="utf-8", lineterminator="\n")
        else:
            df.to_excel(tmp, index=False, sheet_name=path.stem, engine="openpyxl")


def write_demo(out_dir: str | os.PathLike, kabupaten: str | list[str] | None = None,
               fmt: Format = "parquet", seed: int = DEFAULT_SEED) -> list[Path]:
    """Write demo files, one folder per kabupaten/kota: ``out_dir/<code>/``.

    Each folder has ``coverage.<ext>`` and ``workforce.<ext>`` in the
    canonical column layout plus a ``label_data`` column saying
    "data demo (sintetis)" on every row (Parquet files also carry it as
    key-value metadata ``ucjlib.label_data``), so a table copied on its own
    is still recognised as demo data by the loaders. The folder also gets an
    empty marker file ``DEMO`` and a ``README.txt`` saying it is synthetic.
    CSV is written the Indonesian-Excel way, with ``;`` as separator. Every
    file is written atomically (:func:`ucjlib.files.atomic_path`), and the
    folder is assembled in a temporary place and moved in when complete, so
    an interrupted run never leaves a half-written folder.

    Parameters
    ----------
    out_dir : path
        Destination folder (created when missing).
    kabupaten : str, list of str or None
        Kabupaten/kota code(s) (names are resolved by the caller with
        :func:`ucjlib.geo.wilayah.resolve`); ``None`` or ``"all"`` writes every
        kabupaten/kota of Indonesia (514).
    fmt : {"parquet", "csv", "xlsx"}, default "parquet"
        File format (xlsx is slow: about 10 s per kabupaten).
    seed : int, default DEFAULT_SEED
        Seed of the generator.

    Returns
    -------
    list of pathlib.Path
        Every file written.

    Raises
    ------
    OutputError
        When the folder cannot be written (full disk, no permission).

    Examples
    --------
    >>> import tempfile
    >>> paths = write_demo(tempfile.mkdtemp(), "35.22", fmt="csv")
    >>> sorted(p.name for p in paths)
    ['DEMO', 'README.txt', 'coverage.csv', 'workforce.csv']
    >>> paths[0].read_text(encoding="utf-8").splitlines()[1].endswith("data demo (sintetis)")
    True
    """
    from ucjlib.files import atomic_write_bytes, atomic_write_text, ensure_dir
    from ucjlib.geo.wilayah import get_region

    if fmt not in ("parquet", "csv", "xlsx"):
        raise UcjError(f"Format tidak dikenal: {fmt!r}; pilihan: parquet, csv, xlsx")
    if kabupaten is None or (isinstance(kabupaten, str) and kabupaten.strip().lower() in
                             ("all", "semua")):
        from ucjlib.demo.national import all_codes

        codes = all_codes()
    else:
        items = [kabupaten] if isinstance(kabupaten, str) else list(kabupaten)
        codes = [_resolve_kab(k).kode for k in items]
    out = ensure_dir(out_dir)
    written: list[Path] = []
    for kode in codes:
        ds = demo_dataset(kode, seed)
        tmp = Path(tempfile.mkdtemp(prefix=f".{kode}.", dir=out))
        try:
            _write_table(ds.coverage[list(COVERAGE_COLUMNS)], tmp / f"coverage.{fmt}", fmt)
            _write_table(ds.workforce[list(WORKFORCE_COLUMNS_DEMO)], tmp / f"workforce.{fmt}", fmt)
            atomic_write_bytes(tmp / "DEMO", b"")
            atomic_write_text(tmp / "README.txt",
                              _README.format(label=get_region(kode).label, seed=seed, ext=fmt))
            dest = out / kode
            if dest.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{kode}.old.", dir=out))
                os.replace(dest, old / kode)
                os.replace(tmp, dest)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, dest)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            from ucjlib.errors import OutputError
            from ucjlib.files import describe_os_error

            raise OutputError(out / kode, describe_os_error(exc)) from None
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        written += [dest / f"coverage.{fmt}", dest / f"workforce.{fmt}", dest / "DEMO",
                    dest / "README.txt"]
    return written
