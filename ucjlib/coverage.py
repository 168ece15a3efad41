"""Coverage by district: how many workers are covered, where, and how far from target.

Coverage (``cakupan``) is always active participants of all four segments
divided by employed persons of the same unit (see :mod:`ucjlib.dataset`).
Tables are keyed by Kemendagri code; names come from the gazetteer. Every
output column is described once, in :data:`COLUMNS`.

Aggregation rule: coverage and workforce rows are summed up to the level
asked for by code prefix. When a table holds both a unit and rows below it
for the same month (or year) — a kecamatan total and its desa, say — only the
finer rows are used, so nothing is counted twice; a coarser row is kept only
where nothing finer exists under it. Rows coarser than the level asked for
cannot be split and are left out, with a note in ``attrs["notes"]``.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from ucjlib.dataset import SEGMENTS, Dataset
from ucjlib.fmt import month_name
from ucjlib.geo.wilayah import LEVELS, gazetteer, level_of, normalize_level

STATUS_NO_DATA = "tidak ada data"
STATUS_ZERO = "pekerja nol"
STATUS_ABOVE = "di atas target"
STATUS_BELOW = "di bawah target"
STATUSES = (STATUS_ABOVE, STATUS_BELOW, STATUS_ZERO, STATUS_NO_DATA)
STATUS_EN = {STATUS_NO_DATA: "no data", STATUS_ZERO: "zero workforce",
             STATUS_ABOVE: "above target", STATUS_BELOW: "below target"}

#: Every output column: title (id, en), unit, description. Used for CSV/XLSX
#: headers and metadata sheets.
COLUMNS: dict[str, dict[str, str]] = {
    "kode": {"title": "Kode wilayah", "title_en": "Region code", "unit": "",
             "description": "Kode Kemendagri (Kepmendagri 300.2.2-2138/2025)."},
    "nama": {"title": "Nama wilayah", "title_en": "Region name", "unit": "",
             "description": "Nama resmi dari gazeter wilayah."},
    "level": {"title": "Tingkat", "title_en": "Level", "unit": "",
              "description": "kabupaten, kecamatan atau desa."},
    "periode": {"title": "Periode", "title_en": "Period", "unit": "YYYY-MM",
                "description": "Bulan data kepesertaan (akhir bulan)."},
    "segmen": {"title": "Segmen", "title_en": "Segment", "unit": "",
               "description": "PU, BPU, JAKON atau PMI (hanya bila by='segmen')."},
    "pendanaan": {"title": "Pendanaan", "title_en": "Funding", "unit": "",
                  "description": "mandiri, APBD, APBDes atau lainnya (hanya bila by='pendanaan')."},
    "pekerja": {"title": "Penduduk bekerja", "title_en": "Employed persons", "unit": "orang",
                "description": "Penduduk bekerja (penyebut), tahun sesuai aturan di dataset.py."},
    "peserta_aktif": {"title": "Peserta aktif", "title_en": "Active participants",
                      "unit": "orang", "description": "Peserta aktif BPJS Ketenagakerjaan, "
                      "semua segmen (atau segmen/pendanaan baris ini)."},
    "cakupan": {"title": "Cakupan UCJ", "title_en": "UCJ coverage", "unit": "rasio 0-1",
                "description": "peserta_aktif / pekerja; kosong bila tidak ada data atau "
                "pekerja nol."},
    "tidak_tercakup": {"title": "Pekerja belum tercakup", "title_en": "Uncovered workers",
                       "unit": "orang", "description": "max(0, pekerja - peserta_aktif)."},
    "gap_target": {"title": "Kekurangan peserta menuju target",
                   "title_en": "Participants needed to reach target", "unit": "orang",
                   "description": "max(0, ceil(target x pekerja) - peserta_aktif)."},
    "gap_target_pp": {"title": "Jarak ke target", "title_en": "Gap to target",
                      "unit": "poin persen",
                      "description": "max(0, target - cakupan) x 100."},
    "status": {"title": "Status", "title_en": "Status", "unit": "",
               "description": "di atas target, di bawah target, pekerja nol, tidak ada data."},
    "perubahan_3bln": {"title": "Perubahan 3 bulan", "title_en": "3-month change",
                       "unit": "rasio 0-1",
                       "description": "cakupan bulan ini dikurangi cakupan 3 bulan sebelumnya."},
    "perubahan_12bln": {"title": "Perubahan 12 bulan", "title_en": "12-month change",
                        "unit": "rasio 0-1",
                        "description": "cakupan bulan ini dikurangi cakupan 12 bulan "
                        "sebelumnya."},
    "peringkat": {"title": "Peringkat", "title_en": "Rank", "unit": "",
                  "description": "1 = cakupan tertinggi; unit tanpa data tidak diberi peringkat."},
    "tahun_pekerja": {"title": "Tahun data pekerja", "title_en": "Workforce year", "unit": "",
                      "description": "Tahun Sakernas (Agustus) yang dipakai sebagai penyebut."},
    "pekerja_formal": {"title": "Pekerja formal", "title_en": "Formal workers", "unit": "orang",
                       "description": "Penduduk bekerja di sektor formal (penyebut segmen PU)."},
    "pekerja_informal": {"title": "Pekerja informal", "title_en": "Informal workers",
                         "unit": "orang", "description": "Penduduk bekerja di sektor informal "
                         "(penyebut segmen BPU)."},
    "label_data": {"title": "Label data", "title_en": "Data label", "unit": "",
                   "description": "'data demo (sintetis)' bila data demo."},
    "pekerja_estimasi": {"title": "Pekerja estimasi", "title_en": "Estimated workforce",
                         "unit": "", "description": "True bila penyebut dialokasikan dari "
                         "tingkat lebih tinggi, bukan data langsung."},
}

Level = Literal["kabupaten", "kecamatan", "desa"]


def _check_unique(df: pd.DataFrame, keys: list[str], what: str) -> None:
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        example = df.loc[dup, keys].head(3).to_dict(orient="records")
        raise ValueError(f"Kunci tidak unik di {what} ({', '.join(keys)}): {example}")


def _depth(codes: pd.Series) -> pd.Series:
    return codes.str.count(r"\.")


def _finest(df: pd.DataFrame, group: list[str]) -> pd.DataFrame:
    """Drop rows that have finer rows below them within the same group."""
    if df.empty:
        return df
    depth = _depth(df["kode"])
    drop = pd.Series(False, index=df.index)
    for d in sorted(depth.unique())[:-1]:
        deeper = df.loc[depth > d]
        prefixes = deeper["kode"].str.split(".").str[: d + 1].str.join(".")
        keys = set(zip(*[deeper[g] for g in group], prefixes, strict=True))
        here = depth == d
        rows = df.loc[here]
        mark = [k in keys for k in zip(*[rows[g] for g in group], rows["kode"], strict=True)]
        drop.loc[rows.index] = mark
    return df.loc[~drop]


def _to_level(df: pd.DataFrame, depth: int, notes: list[str], what: str) -> pd.DataFrame:
    d = _depth(df["kode"])
    coarse = d < depth
    if coarse.any():
        notes.append(f"{int(coarse.sum())} baris {what} di tingkat lebih tinggi tidak dapat "
                     f"dibagi ke tingkat {LEVELS[depth]} dan tidak dihitung.")
    out = df.loc[~coarse].copy()
    out["kode"] = out["kode"].str.split(".").str[: depth + 1].str.join(".")
    return out


def workforce_year(ds: Dataset, periode: str) -> int | None:
    """Pick the workforce year for a month.

    Same calendar year when available, else the latest earlier year, else the
    earliest later year (see :mod:`ucjlib.dataset`).

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> wf = pd.DataFrame({"kode": ["35.76"] * 2, "tahun": [2022, 2024], "pekerja": [10, 12]})
    >>> ds = Dataset("35.76", pd.DataFrame(columns=["kode", "periode", "segmen",
    ...     "pendanaan", "peserta_aktif"]), wf)
    >>> workforce_year(ds, "2023-05"), workforce_year(ds, "2021-01")
    (2022, 2022)
    """
    years = sorted(int(y) for y in pd.unique(ds.workforce["tahun"]))
    if not years:
        return None
    year = int(str(periode)[:4])
    if year in years:
        return year
    earlier = [y for y in years if y < year]
    return earlier[-1] if earlier else years[0]


def _shift_month(periode: str, months: int) -> str:
    y, m = int(periode[:4]), int(periode[5:7])
    idx = y * 12 + (m - 1) + months
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def _units(ds: Dataset, level: str) -> pd.DataFrame:
    """Gazetteer units at ``level`` inside the dataset's area."""
    g = gazetteer()
    lvl = g["level"] == level
    if level_of(ds.kode) == level:
        mask = lvl & (g["kode"] == ds.kode)
    else:
        mask = lvl & g["kode"].str.startswith(ds.kode + ".")
    return g.loc[mask, ["kode", "nama"]].reset_index(drop=True)


def _base(ds: Dataset, periode: str, depth: int, by: str | None,
          notes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, int | None]:
    """Coverage and workforce for one month, aggregated to ``depth``."""
    cov = ds.coverage.loc[ds.coverage["periode"] == periode,
                          ["kode", "periode", "segmen", "pendanaan", "peserta_aktif"]]
    cov = cov.astype({"kode": str})
    cov = _finest(cov, ["segmen", "pendanaan"])
    cov = _to_level(cov, depth, notes, "kepesertaan")
    keys = ["kode"] + ([by] if by else [])
    peserta = cov.groupby(keys, as_index=False)["peserta_aktif"].sum()
    year = workforce_year(ds, periode)
    wf = ds.workforce.astype({"kode": str})
    wf = wf.loc[wf["tahun"] == year] if year is not None else wf.head(0)
    wf = _finest(wf, ["tahun"])
    wf = _to_level(wf, depth, notes, "pekerja")
    agg: dict[str, Any] = {"pekerja": "sum"}
    for c in ("pekerja_formal", "pekerja_informal"):
        if c in wf.columns:
            agg[c] = lambda s: s.sum(min_count=1)
    if "pekerja_estimasi" in wf.columns:
        agg["pekerja_estimasi"] = "any"
    work = wf.groupby("kode", as_index=False).agg(agg) if len(wf) else pd.DataFrame(
        {"kode": pd.Series(dtype=str), "pekerja": pd.Series(dtype="int64")})
    return peserta, work, year


def _cakupan(peserta: pd.Series, pekerja: pd.Series) -> pd.Series:
    p = pekerja.astype(float)
    s = peserta.astype(float)
    return (s / p).where((p > 0) & s.notna())


def coverage_table(
    ds: Dataset,
    periode: str | None = None,
    level: str = "kecamatan",
    target: float = 0.60,
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
        Level of the rows; finer rows are summed up by code prefix.
    target : float, default 0.60
        Coverage target as a 0-1 share.
    by : {None, "segmen", "pendanaan"}
        Split each unit's participants by segment or funding. The
        denominator stays the unit's whole workforce, so the shares of a unit
        add up to its coverage.
    lang : {"id", "en"}
        Language of the ``status`` values.

    Returns
    -------
    pandas.DataFrame
        One row per unit of the gazetteer at ``level`` inside ``ds.kode``
        (plus any unknown codes found in the data); columns described in
        :data:`COLUMNS`. Units without coverage rows or without workforce get
        status ``"tidak ada data"`` and no coverage (never 0%). ``attrs``
        holds ``demo``, ``periode``, ``target``, ``level``, ``source``,
        ``notes``, ``tahun_pekerja`` and ``kode``.

    Examples
    --------
    >>> import pandas as pd
    >>> from ucjlib.dataset import Dataset
    >>> cov = pd.DataFrame({"kode": ["35.76.01", "35.76.02"], "periode": "2025-06",
    ...     "segmen": "PU", "pendanaan": "mandiri", "peserta_aktif": [300, 500]})
    >>> wf = pd.DataFrame({"kode": ["35.76.01", "35.76.02", "35.76.03"], "tahun": 2025,
    ...     "pekerja": [1000, 800, 0]})
    >>> t = coverage_table(Dataset("35.76", cov, wf))
    >>> t[["kode", "cakupan", "gap_target", "status"]].values.tolist()
    [['35.76.01', 0.3, 300, 'di bawah target'], ['35.76.02', 0.625, 0, 'di atas target'], \
['35.76.03', nan, 0, 'pekerja nol']]
    """
    level = normalize_level(level)
    if level not in ("kabupaten", "kecamatan", "desa", "provinsi"):
        raise ValueError(f"Level tidak dikenal: {level!r}; pilihan: kabupaten, kecamatan, desa")
    if by not in (None, "segmen", "pendanaan"):
        raise ValueError(f"by harus None, 'segmen' atau 'pendanaan', bukan {by!r}")
    if not 0 < target <= 1:
        raise ValueError(f"Target harus berupa rasio 0-1 (mis. 0.60), bukan {target!r}")
    if ds.coverage.empty:
        raise ValueError("Dataset tidak punya baris kepesertaan.")
    periode = periode or ds.latest_period
    month_name(periode)  # validates the shape
    if periode not in ds.periods:
        raise ValueError(f"Periode {periode} tidak ada di data; tersedia "
                         f"{ds.periods[0]} s.d. {ds.periods[-1]}.")
    depth = LEVELS.index(level)
    notes: list[str] = list(ds.notes)
    peserta, work, year = _base(ds, periode, depth, by, notes)

    units = _units(ds, level)
    extra = sorted((set(peserta["kode"]) | set(work["kode"])) - set(units["kode"]))
    if extra:
        names = dict(zip(gazetteer()["kode"], gazetteer()["nama"], strict=True))
        units = pd.concat([units, pd.DataFrame({"kode": extra,
                                                "nama": [names.get(k, k) for k in extra]})])
        notes.append(f"{len(extra)} kode di data tidak ada di gazeter wilayah "
                     f"{ds.kode}: {', '.join(extra[:5])}")
    _check_unique(units, ["kode"], "daftar wilayah")
    _check_unique(work, ["kode"], "tabel pekerja")
    out = units.merge(work, on="kode", how="left", validate="one_to_one")
    if by:
        cats = list(SEGMENTS) if by == "segmen" else sorted(peserta[by].unique().tolist())
        grid = pd.MultiIndex.from_product([out["kode"], cats], names=["kode", by]).to_frame(
            index=False)
        out = grid.merge(out, on="kode", how="left", validate="many_to_one")
        _check_unique(peserta, ["kode", by], "kepesertaan")
        out = out.merge(peserta, on=["kode", by], how="left", validate="one_to_one")
        has_cov = out["kode"].isin(peserta["kode"])
        out.loc[has_cov & out["peserta_aktif"].isna(), "peserta_aktif"] = 0
    else:
        _check_unique(peserta, ["kode"], "kepesertaan")
        out = out.merge(peserta, on="kode", how="left", validate="one_to_one")
    out["level"] = level
    out["periode"] = periode
    out["tahun_pekerja"] = year
    out = _metrics(out, target)

    if not by:
        for months, col in ((3, "perubahan_3bln"), (12, "perubahan_12bln")):
            before = _shift_month(periode, -months)
            if before in set(ds.periods):
                p0, w0, _ = _base(ds, before, depth, None, [])
                prev = w0.merge(p0, on="kode", how="inner", validate="one_to_one")
                prev_c = pd.Series(_cakupan(prev["peserta_aktif"], prev["pekerja"]).values,
                                   index=prev["kode"])
                out[col] = out["cakupan"] - out["kode"].map(prev_c).astype(float)
            else:
                out[col] = np.nan
        ranked = out["cakupan"].rank(ascending=False, method="min")
        out["peringkat"] = ranked.astype("Int64")
    if lang == "en":
        out["status"] = out["status"].map(STATUS_EN)
    cols = ["kode", "nama", "level", "periode"] + ([by] if by else []) + [
        "pekerja", "peserta_aktif", "cakupan", "tidak_tercakup", "gap_target",
        "gap_target_pp", "status"]
    if not by:
        cols += ["perubahan_3bln", "perubahan_12bln", "peringkat"]
    cols += ["tahun_pekerja"]
    for c in ("pekerja_formal", "pekerja_informal", "pekerja_estimasi"):
        if c in out.columns and not by:
            cols.append(c)
    order = {c: i for i, c in enumerate(SEGMENTS)}

    def sort_key(c: pd.Series) -> pd.Series:
        return c.map(order).fillna(len(order)) if c.name == "segmen" else c

    out = out[cols].sort_values(["kode"] + ([by] if by else []), key=sort_key)
    out = out.reset_index(drop=True)
    out.attrs.update(demo=bool(ds.demo), periode=periode, target=float(target), level=level,
                     source=ds.source, notes=notes, tahun_pekerja=year, kode=ds.kode, lang=lang)
    return out


def _metrics(out: pd.DataFrame, target: float) -> pd.DataFrame:
    pekerja = out["pekerja"].astype(float)
    peserta = out["peserta_aktif"].astype(float)
    out["pekerja"] = out["pekerja"].astype("Int64")
    out["peserta_aktif"] = out["peserta_aktif"].astype("Int64")
    out["cakupan"] = _cakupan(peserta, pekerja)
    status = np.select(
        [pekerja.isna(), pekerja == 0, peserta.isna(), out["cakupan"] >= target - 1e-12],
        [STATUS_NO_DATA, STATUS_ZERO, STATUS_NO_DATA, STATUS_ABOVE], default=STATUS_BELOW)
    known = pd.Series(status != STATUS_NO_DATA, index=out.index)
    out["tidak_tercakup"] = (pekerja - peserta.fillna(0)).clip(lower=0).where(known)
    out["tidak_tercakup"] = out["tidak_tercakup"].astype("Int64")
    need = np.ceil(np.round(target * pekerja, 6))
    out["gap_target"] = (need - peserta.fillna(0)).clip(lower=0).where(known).astype("Int64")
    out["gap_target_pp"] = ((target - out["cakupan"]).clip(lower=0) * 100).round(10)
    out["status"] = pd.Series(status, index=out.index, dtype=object).astype(str)
    return out


def province_overview(ds_or_provinsi: Dataset | str, periode: str | None = None,
                      target: float = 0.60, lang: str = "id") -> pd.DataFrame:
    """Every kabupaten/kota of a province side by side.

    Parameters
    ----------
    ds_or_provinsi : Dataset or str
        A province-wide dataset, or a province code/name (``"35"``,
        ``"Jawa Timur"``), in which case the synthetic demo is used.
    periode, target, lang
        As in :func:`coverage_table`.

    Returns
    -------
    pandas.DataFrame
        :func:`coverage_table` at level ``kabupaten``.

    Examples
    --------
    >>> t = province_overview("Jawa Timur")  # doctest: +SKIP
    >>> len(t)  # doctest: +SKIP
    38
    """
    ds = ds_or_provinsi
    if not isinstance(ds, Dataset):
        from ucjlib.demo.generate import demo_province
        from ucjlib.geo.wilayah import resolve_region

        ds = demo_province(resolve_region(str(ds), level="provinsi").kode, level="kabupaten")
    return coverage_table(ds, periode, level="kabupaten", target=target, lang=lang)


def coverage_series(ds: Dataset, kode: str | None = None, level: str = "kabupaten",
                    target: float = 0.60) -> pd.DataFrame:
    """Monthly coverage of one unit (or every unit at ``level``).

    Parameters
    ----------
    ds : Dataset
    kode : str, optional
        Unit to follow; default every unit at ``level`` (for a kabupaten
        dataset and ``level="kabupaten"`` that is the kabupaten itself).
    level : str, default "kabupaten"
    target : float, default 0.60

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
    >>> coverage_series(Dataset("35.76", cov, wf))["cakupan"].tolist()
    [0.3, 0.32]
    """
    if kode is not None:
        level = level_of(kode)
    level = normalize_level(level)
    depth = LEVELS.index(level)
    notes: list[str] = []
    cov = ds.coverage.astype({"kode": str})
    cov = _to_level(_finest(cov, ["periode", "segmen", "pendanaan"]), depth, notes, "")
    peserta = cov.groupby(["kode", "periode"], as_index=False)["peserta_aktif"].sum()
    wf = ds.workforce.astype({"kode": str})
    wf = _to_level(_finest(wf, ["tahun"]), depth, notes, "")
    work = wf.groupby(["kode", "tahun"], as_index=False)["pekerja"].sum()
    years = pd.DataFrame({"periode": ds.periods})
    years["tahun_pekerja"] = [workforce_year(ds, p) for p in years["periode"]]
    units = _units(ds, level)
    if kode is not None:
        units = units.loc[units["kode"] == kode]
        if units.empty:
            units = pd.DataFrame({"kode": [kode], "nama": [kode]})
    grid = units.merge(years, how="cross")
    _check_unique(peserta, ["kode", "periode"], "kepesertaan")
    _check_unique(work, ["kode", "tahun"], "tabel pekerja")
    out = grid.merge(peserta, on=["kode", "periode"], how="left", validate="one_to_one")
    out = out.merge(work.rename(columns={"tahun": "tahun_pekerja"}),
                    on=["kode", "tahun_pekerja"], how="left", validate="many_to_one")
    out["pekerja"] = out["pekerja"].astype("Int64")
    out["peserta_aktif"] = out["peserta_aktif"].astype("Int64")
    out["cakupan"] = _cakupan(out["peserta_aktif"].astype(float), out["pekerja"].astype(float))
    out = out[["periode", "kode", "nama", "pekerja", "peserta_aktif", "cakupan",
               "tahun_pekerja"]].sort_values(["kode", "periode"]).reset_index(drop=True)
    out.attrs.update(demo=bool(ds.demo), source=ds.source, target=float(target), level=level,
                     kode=kode or ds.kode, notes=list(ds.notes))
    return out


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
    >>> t = coverage_by_segment(Dataset("35.76", cov, wf))
    >>> t.set_index("segmen")["cakupan_segmen"].round(3).to_dict()
    {'PU': 0.75, 'BPU': 0.167, 'JAKON': nan, 'PMI': nan}
    """
    from ucjlib.dataset import SEGMENT_LABELS

    kode = kode or ds.kode
    sub = ds.subset(kode) if kode != ds.kode else ds
    level = level_of(kode)
    t = coverage_table(sub, periode, level=level, by="segmen")
    t = t.loc[t["kode"] == kode]
    total = coverage_table(sub, periode, level=level).set_index("kode")
    out = t[["segmen", "peserta_aktif", "pekerja"]].reset_index(drop=True)
    out["label"] = out["segmen"].map(SEGMENT_LABELS["en" if lang == "en" else "id"])
    out["cakupan"] = _cakupan(out["peserta_aktif"].astype(float), out["pekerja"].astype(float))
    seg_wf = {"PU": "pekerja_formal", "BPU": "pekerja_informal"}
    own = []
    for s in out["segmen"]:
        col = seg_wf.get(s)
        own.append(total.loc[kode, col] if col and col in total.columns else np.nan)
    out["pekerja_segmen"] = pd.array(own, dtype="Float64").astype(float)
    out["cakupan_segmen"] = _cakupan(out["peserta_aktif"].astype(float), out["pekerja_segmen"])
    out = out[["segmen", "label", "peserta_aktif", "pekerja", "cakupan", "pekerja_segmen",
               "cakupan_segmen"]]
    out.attrs.update(t.attrs)
    out.attrs["kode"] = kode
    return out


def open_dataset(kabupaten: str, data_dir: str | None = None) -> Dataset:
    """Open the dataset for a kabupaten/kota: from ``data_dir`` when given, else the demo.

    Parameters
    ----------
    kabupaten : str
        Code or name (``"35.22"``, ``"Bojonegoro"``, ``"Kota Bogor"``).
    data_dir : str, optional
        Folder of input files (see :func:`ucjlib.inputs.loaders.load_dataset`); empty
        or ``None`` uses :func:`ucjlib.demo.generate.demo_dataset`.

    Raises
    ------
    UnknownRegionError
        When ``kabupaten`` is not a known kabupaten/kota.

    Examples
    --------
    >>> open_dataset("35.22").demo  # doctest: +SKIP
    True
    """
    from ucjlib.geo.wilayah import resolve_region

    kode = resolve_region(str(kabupaten), level="kabupaten").kode
    if data_dir:
        from ucjlib.inputs.loaders import load_dataset

        return load_dataset(data_dir, kode)
    from ucjlib.demo.generate import demo_dataset

    return demo_dataset(kode)
