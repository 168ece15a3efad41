"""The denominator below the kabupaten: allocate employed persons to kecamatan/desa.

BPS publishes employed persons (Sakernas, August) per kabupaten/kota, not per
kecamatan or desa. When no lower-level figure is available, ucjlib allocates
the kabupaten total in proportion to the working-age population (15+) of each
unit, with largest-remainder rounding so the integers add up exactly to the
total. The result is marked ``pekerja_estimasi=True`` and comes with a note
that every output must repeat.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int


def largest_remainder(weights: np.ndarray | list[int], total: int) -> np.ndarray:
    """Split integer ``total`` in proportion to integer ``weights``, summing exactly to ``total``.

    Each unit first gets ``floor(total * w / sum(w))``; the units left over go
    one each to the largest remainders (ties: the earlier unit). Integer
    arithmetic throughout, so there is no floating-point drift.

    Examples
    --------
    >>> largest_remainder([1, 1, 1], 10).tolist()
    [4, 3, 3]
    >>> largest_remainder([50, 30, 20], 7).tolist()
    [4, 2, 1]
    """
    w = [int(x) for x in weights]
    if any(x < 0 for x in w):
        raise ValueError("Bobot alokasi tidak boleh negatif")
    s = sum(w)
    total = int(total)
    if total < 0:
        raise ValueError("Total tidak boleh negatif")
    if s == 0:
        if total == 0:
            return np.zeros(len(w), dtype="int64")
        raise ValueError("Semua bobot nol: total tidak bisa dialokasikan")
    base = [total * x // s for x in w]
    rem = [total * x % s for x in w]
    left = total - sum(base)
    order = sorted(range(len(w)), key=lambda i: (-rem[i], i))
    for i in order[:left]:
        base[i] += 1
    return np.asarray(base, dtype="int64")


def allocation_note(level: str, kabupaten_name: str, employed_total: int, tahun: int,
                    lang: str = "id") -> str:
    """Return the sentence every output built on an allocated denominator must repeat.

    Examples
    --------
    >>> allocation_note("kecamatan", "Kabupaten Bojonegoro", 692456, 2021)[:60]
    'Jumlah pekerja per kecamatan adalah estimasi: total penduduk'
    """
    if lang == "en":
        return (f"Employed persons per {level} are estimated: the {kabupaten_name} total from "
                f"Sakernas August {tahun} ({fmt_int(employed_total, 'en')} persons) was "
                f"allocated to each {level} in proportion to its population aged 15 and over, "
                "with largest-remainder rounding.")
    return (f"Jumlah pekerja per {level} adalah estimasi: total penduduk bekerja {kabupaten_name} "
            f"hasil Sakernas Agustus {tahun} ({fmt_int(employed_total)} orang) dibagi ke setiap "
            f"{level} secara proporsional menurut jumlah penduduk usia 15 tahun ke atas, "
            "dibulatkan dengan metode sisa terbesar.")


def allocate_workforce(population: pd.DataFrame, employed_total: int, tahun: int,
                       lang: str = "id") -> tuple[pd.DataFrame, str]:
    """Allocate a kabupaten employed total to units by working-age population.

    Parameters
    ----------
    population : pandas.DataFrame
        ``kode`` and ``penduduk_15`` (residents aged 15+, integers >= 0), one
        row per kecamatan or desa of one kabupaten (all at the same level).
    employed_total : int
        Employed persons of the kabupaten (BPS Sakernas, August of ``tahun``).
    tahun : int
        Reference year of ``employed_total``.
    lang : {"id", "en"}
        Language of the note.

    Returns
    -------
    workforce : pandas.DataFrame
        Canonical workforce rows ``kode``, ``tahun``, ``pekerja``,
        ``pekerja_estimasi`` (True); ``pekerja`` sums exactly to
        ``employed_total``.
    note : str
        Sentence saying the denominator is estimated and how.

    Raises
    ------
    InputValidationError
        Duplicate or mixed-level codes, negative or missing population, or
        units of more than one kabupaten.

    Examples
    --------
    >>> pop = pd.DataFrame({"kode": ["35.22.01", "35.22.02", "35.22.03"],
    ...                     "penduduk_15": [100, 200, 700]})
    >>> wf, note = allocate_workforce(pop, 501, 2024)
    >>> wf["pekerja"].tolist(), int(wf["pekerja"].sum())
    ([50, 100, 351], 501)
    >>> bool(wf["pekerja_estimasi"].all())
    True
    """
    from ucjlib.geo.wilayah import get_region, level_of, parent_code

    src = "penduduk_15"
    problems = []
    if not {"kode", src} <= set(population.columns):
        raise InputValidationError([Problem("penduduk", None, src,
                                            "kolom kode/penduduk_15 tidak ada",
                                            "kolom kode dan penduduk_15")])
    kode = population["kode"].astype(str)
    pop = pd.to_numeric(population[src], errors="coerce")
    if pop.isna().any() or (pop < 0).any():
        problems.append(Problem("penduduk", None, src, "penduduk 15+ kosong atau negatif",
                                "bilangan bulat >= 0"))
    if kode.duplicated().any():
        problems.append(Problem("penduduk", None, "kode", "kode ganda: "
                                + ", ".join(sorted(set(kode[kode.duplicated()])))[:200],
                                "satu baris per wilayah"))
    levels = {level_of(k) for k in kode}
    if len(levels) > 1:
        problems.append(Problem("penduduk", None, "kode", "campuran tingkat wilayah: "
                                + ", ".join(sorted(levels)), "semua kecamatan atau semua desa"))
    kabs = {k[:5] for k in kode}
    if len(kabs) > 1:
        problems.append(Problem("penduduk", None, "kode", "wilayah dari lebih dari satu kabupaten",
                                "satu kabupaten per alokasi"))
    if employed_total is None or int(employed_total) < 0:
        problems.append(Problem("penduduk", None, None, "total pekerja kabupaten tidak sah",
                                "bilangan bulat >= 0 (Sakernas Agustus)"))
    if problems:
        raise InputValidationError(problems)
    alloc = largest_remainder(pop.round().astype("int64").to_numpy(), int(employed_total))
    out = pd.DataFrame({"kode": kode.to_numpy(), "tahun": int(tahun), "pekerja": alloc,
                        "pekerja_estimasi": True})
    out = out.sort_values("kode").reset_index(drop=True)
    level = levels.pop() if levels else "kecamatan"
    kab = next(iter(kabs))
    kab = parent_code(kab) if level_of(kab) != "kabupaten" else kab
    try:
        kab_name = get_region(kab).nama
    except Exception:  # noqa: BLE001 - name is only cosmetic
        kab_name = kab
    return out, allocation_note(level, kab_name, int(employed_total), int(tahun), lang)
