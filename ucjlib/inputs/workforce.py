"""The denominator below the kabupaten: allocate employed persons to kecamatan/desa.

BPS publishes employed persons (Sakernas, August) per kabupaten/kota, not per
kecamatan or desa. When no lower-level figure is available, ucjlib allocates
the kabupaten total in proportion to the working-age population (15+) of each
unit, with largest-remainder rounding so the integers add up exactly to the
total. The result is marked ``pekerja_estimasi=True`` and comes with a note
that every output must repeat.
"""

from __future__ import annotations

import pandas as pd

from ucjlib.errors import InputValidationError, Problem
from ucjlib.fmt import fmt_int
from ucjlib.inputs.alloc import largest_remainder
from ucjlib.text import Note

__all__ = ["allocate_from_population", "allocate_workforce", "allocation_note",
           "largest_remainder", "split_above_total"]


def split_above_total(out: pd.DataFrame, shown: dict[str, str], file: str) -> list[Problem]:
    """Rows whose formal plus informal workers exceed all workers (both columns given).

    Examples
    --------
    >>> wf = pd.DataFrame({"pekerja": [100, 100], "pekerja_formal": [60, 40],
    ...                    "pekerja_informal": [50, 60]}, index=[2, 3])
    >>> print(split_above_total(wf, {}, "w.csv")[0])
    w.csv, baris 2, kolom 'pekerja_formal': pekerja_formal + pekerja_informal (60 + 50 = 110) \
lebih besar dari pekerja (100) (yang diharapkan: pekerja_formal + pekerja_informal <= pekerja)
    """
    from ucjlib.inputs.problems import row_problems

    cols = ("pekerja_formal", "pekerja_informal")
    if not set(cols) <= set(out.columns):
        return []
    f, i, t = (pd.to_numeric(out[c], errors="coerce") for c in (*cols, "pekerja"))
    over = (f + i) > t
    return row_problems(
        file, out.index[over.fillna(False).astype(bool)], shown.get(cols[0], cols[0]),
        lambda r: f"pekerja_formal + pekerja_informal ({fmt_int(f[r])} + {fmt_int(i[r])} = "
        f"{fmt_int(f[r] + i[r])}) lebih besar dari pekerja ({fmt_int(t[r])})",
        "pekerja_formal + pekerja_informal <= pekerja")


def allocation_note(level: str, kabupaten_name: str, employed_total: int, tahun: int,
                    lang: str = "id") -> str:
    """Return the sentence every output built on an allocated denominator must repeat.

    Examples
    --------
    >>> allocation_note("kecamatan", "Kabupaten Bojonegoro", 692456, 2021)[:60]
    'Jumlah pekerja per kecamatan adalah estimasi: total penduduk'
    """
    return _allocation(level, kabupaten_name, employed_total, tahun).text(lang)


def _allocation(level: str, kabupaten_name: str, employed_total: int, tahun: int) -> Note:
    """Return the allocation sentence as a language-neutral note."""
    return Note("inputs.allocation", {"level": level, "kabupaten": kabupaten_name,
                                      "year": int(tahun), "total": int(employed_total)})


def allocate_workforce(population: pd.DataFrame, employed_total: int, tahun: int,
                       lang: str = "id", file: str = "penduduk") -> tuple[pd.DataFrame, str]:
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
    file : str, default "penduduk"
        The population file, named in problems.

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
        Duplicate or mixed-level codes, negative or missing population,
        units of more than one kabupaten, or a population that covers only
        part of the kabupaten (the missing units are named: the total is
        never divided over a part only).

    Examples
    --------
    >>> from ucjlib.geo.wilayah import children
    >>> kec = children("35.22", "kecamatan")["kode"].tolist()
    >>> pop = pd.DataFrame({"kode": kec, "penduduk_15": [1000] * 27 + [2000]})
    >>> wf, note = allocate_workforce(pop, 29_001, 2024)
    >>> wf["pekerja"].tolist()[:2], wf["pekerja"].tolist()[-1], int(wf["pekerja"].sum())
    ([1000, 1000], 2001, 29001)
    >>> bool(wf["pekerja_estimasi"].all())
    True
    >>> allocate_workforce(pop.head(2), 29_001, 2024)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ucjlib.errors.InputValidationError: penduduk, kolom 'kode': penduduk 15+ hanya ada untuk 2 ...
    """
    out, note = _allocate(population, employed_total, tahun, file)
    return out, note.text(lang)


def _allocate(population: pd.DataFrame, employed_total: int, tahun: int,
              file: str) -> tuple[pd.DataFrame, Note]:
    """Do :func:`allocate_workforce`; the note stays a language-neutral :class:`Note`."""
    from ucjlib.geo.wilayah import get_region, level_of, parent_code

    src = "penduduk_15"
    problems = []
    if not {"kode", src} <= set(population.columns):
        raise InputValidationError([Problem(file, None, src,
                                            "kolom kode/penduduk_15 tidak ada",
                                            "kolom kode dan penduduk_15")])
    kode = population["kode"].astype(str)
    pop = pd.to_numeric(population[src], errors="coerce")
    if pop.isna().any() or (pop < 0).any():
        problems.append(Problem(file, None, src, "penduduk 15+ kosong atau negatif",
                                "bilangan bulat >= 0"))
    if kode.duplicated().any():
        problems.append(Problem(file, None, "kode", "kode ganda: "
                                + ", ".join(sorted(set(kode[kode.duplicated()])))[:200],
                                "satu baris per wilayah"))
    levels = {level_of(k) for k in kode}
    if len(levels) > 1:
        problems.append(Problem(file, None, "kode", "campuran tingkat wilayah: "
                                + ", ".join(sorted(levels)), "semua kecamatan atau semua desa"))
    kabs = {k[:5] for k in kode}
    if len(kabs) > 1:
        problems.append(Problem(file, None, "kode", "wilayah dari lebih dari satu kabupaten",
                                "satu kabupaten per alokasi"))
    if employed_total is None or int(employed_total) < 0:
        problems.append(Problem(file, None, None, "total pekerja kabupaten tidak sah",
                                "bilangan bulat >= 0 (Sakernas Agustus)"))
    if not problems:
        problems += _partial_population(kode, next(iter(levels)), next(iter(kabs)), file)
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
    return out, _allocation(level, kab_name, int(employed_total), int(tahun))


def _partial_population(kode: pd.Series, level: str, kab: str, file: str) -> list[Problem]:
    """Return a problem naming the units of ``kab`` at ``level`` without a population row."""
    from ucjlib.geo.wilayah import get_region
    from ucjlib.inputs.levels import units_below

    width = {"kecamatan": 8, "desa": 13}.get(level)
    if width is None or len(kab) != 5:
        return []
    expected = units_below(kab, width)
    missing = sorted(expected - set(kode))
    if not missing:
        return []
    names = ", ".join(f"{c} {get_region(c).nama}" for c in missing[:10])
    more = f", … ({len(missing) - 10} lagi)" if len(missing) > 10 else ""
    label = "kecamatan" if level == "kecamatan" else "desa/kelurahan"
    return [Problem(file, None, "kode",
                    f"penduduk 15+ hanya ada untuk {fmt_int(len(expected) - len(missing))} dari "
                    f"{fmt_int(len(expected))} {label} {get_region(kab).nama}; tidak ada: "
                    f"{names}{more}",
                    f"satu baris penduduk 15+ untuk setiap {label} kabupaten, agar total pekerja "
                    "kabupaten tidak dibagi hanya ke sebagian wilayah")]


def allocate_from_population(population: pd.DataFrame, totals: list[tuple[int, int]],
                             file: str = "penduduk",
                             ) -> tuple[pd.DataFrame, list[Note]]:
    """Allocate one or more (year, kabupaten employed total) pairs over ``population``.

    The one place the loaders turn working-age population into a workforce
    table; returns the rows of all years and one note per year.

    Examples
    --------
    >>> from ucjlib.geo.wilayah import children
    >>> pop = pd.DataFrame({"kode": children("35.22", "kecamatan")["kode"],
    ...                     "penduduk_15": 1000})
    >>> wf, notes = allocate_from_population(pop, [(2023, 2800), (2024, 2828)])
    >>> wf.groupby("tahun")["pekerja"].sum().tolist(), len(notes)
    ([2800, 2828], 2)
    """
    parts, notes = [], []
    for year, total in totals:
        alloc, note = _allocate(population, int(total), int(year), file)
        parts.append(alloc)
        notes.append(note)
    return pd.concat(parts, ignore_index=True), notes
