"""Rows at several levels in one table: subtotals, conflicts and partial years.

Rule (``rules.levels`` in ``data/dictionary.yml``): within one table and one
key (workforce: ``tahun``; coverage: ``periode`` x ``segmen`` x
``pendanaan``; population: the whole file), a unit's row together with rows
below it is allowed only when it is a **subtotal**: all of its units at the
nearest level present below it are in the table (per the gazetteer) and they
add up exactly to its value. A subtotal is dropped with a note; anything else
is a **conflict**, reported as a problem naming file, rows, column and what
was expected.

A denominator must also be **complete** (:func:`partial_years`): for each
year, the rows of a kabupaten must cover every desa/kelurahan of it (a desa
is covered by its own row, its kecamatan's row or the kabupaten's row), so a
partial sum never becomes a kabupaten denominator.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from ucjlib.errors import Problem
from ucjlib.fmt import fmt_int
from ucjlib.text import Note

LEVEL_OF_WIDTH = {2: "provinsi", 5: "kabupaten", 8: "kecamatan", 13: "desa"}
LEVEL_LABEL = {"provinsi": "provinsi", "kabupaten": "kabupaten/kota", "kecamatan": "kecamatan",
               "desa": "desa/kelurahan"}
EXPECTED = "satu tingkat saja per {key}, atau subtotal yang sama dengan jumlah rinciannya"


@lru_cache(maxsize=4096)
def units_below(code: str, width: int) -> frozenset[str]:
    """Codes of the gazetteer units of ``code`` whose codes have ``width`` characters.

    Examples
    --------
    >>> len(units_below("35.22", 8)), len(units_below("35.22", 13))
    (28, 430)
    """
    from ucjlib.geo.wilayah import children

    return frozenset(children(code, LEVEL_OF_WIDTH[width])["kode"])


def _key_text(cols: list[str], values: tuple) -> str:
    return ", ".join(f"{c} {v}" for c, v in zip(cols, values, strict=True)) or "berkas ini"


def reconcile_levels(df: pd.DataFrame, group: list[str], values: list[str], file: str,
                     shown: dict[str, str], key_label: str,
                     ) -> tuple[pd.DataFrame, list[Problem], list[str]]:
    """Drop subtotal rows and report conflicting mixed-level rows.

    Parameters
    ----------
    df : pandas.DataFrame
        Canonical rows with ``kode`` (known codes), the ``group`` columns and
        the ``values`` columns; the index is the spreadsheet row.
    group : list of str
        Key columns besides ``kode`` (``["tahun"]``, ``["periode", "segmen",
        "pendanaan"]`` or ``[]``).
    values : list of str
        Numeric columns a subtotal must equal the sum of.
    file, shown, key_label : str, dict, str
        For the messages: the file, the headers as written, and what one key
        is called (``"tahun"``).

    Returns
    -------
    kept : pandas.DataFrame
        ``df`` without its subtotal rows.
    problems : list of Problem
        One per conflicting unit and key.
    notes : list of str
        What was dropped as subtotal.

    Examples
    --------
    >>> wf = pd.DataFrame({"kode": ["35.22", "35.22.01", "35.22.02"], "tahun": [2024] * 3,
    ...                    "pekerja": [5030, 10, 20]}, index=[2, 3, 4])
    >>> kept, probs, notes = reconcile_levels(wf, ["tahun"], ["pekerja"], "w.csv", {}, "tahun")
    >>> len(kept), probs[0].row, probs[0].column
    (3, 2, 'kode')
    >>> print(probs[0].message)  # doctest: +NORMALIZE_WHITESPACE
    35.22 (kabupaten/kota, tahun 2024) bersama 2 baris di bawahnya (baris 3, 4): rincian
    tidak lengkap (2 dari 28 kecamatan) dan jumlahnya (30) tidak sama dengan 5.030
    """
    codes = pd.unique(df["kode"])
    codeset = set(codes)
    parents = {c[:w] for c in codes for w in (2, 5, 8) if len(c) > w and c[:w] in codeset}
    if not parents:
        return df, [], []
    k = df["kode"]
    lens = k.str.len()
    involved = k.isin(parents)
    for w in (2, 5, 8):
        involved |= (lens > w) & k.str.slice(0, w).isin(parents)
    sub = df.loc[involved].copy()
    sub["_row"] = sub.index.astype("int64")
    sub["_len"] = sub["kode"].str.len()
    problems: list[Problem] = []
    dropped: list[tuple] = []
    drop_rows: list[int] = []
    for w in (2, 5, 8):
        par = sub.loc[(sub["_len"] == w) & sub["kode"].isin(parents)]
        if par.empty:
            continue
        desc = sub.loc[sub["_len"] > w].copy()
        desc["_anc"] = desc["kode"].str.slice(0, w)
        desc = desc.loc[desc["_anc"].isin(set(par["kode"]))]
        keys = ["_anc"] + group
        desc = desc.loc[desc["_len"] == desc.groupby(keys)["_len"].transform("min")]
        agg = desc.groupby(keys, sort=False).agg(
            _n=("kode", "size"), _lvl=("_len", "first"), _rows=("_row", lambda r: sorted(r)[:10]),
            **{f"_sum_{v}": (v, lambda s: s.sum() if s.notna().all() else np.nan)
               for v in values})
        m = par.merge(agg.reset_index().rename(columns={"_anc": "kode"}), on=["kode"] + group)
        for rd in m.to_dict("records"):
            code = rd["kode"]
            expected = units_below(code, int(rd["_lvl"]))
            complete = int(rd["_n"]) == len(expected)
            diffs = [v for v in values
                     if not ((pd.isna(rd[v]) and pd.isna(rd[f"_sum_{v}"]))
                             or (pd.notna(rd[v]) and pd.notna(rd[f"_sum_{v}"])
                                 and int(rd[v]) == int(rd[f"_sum_{v}"])))]
            gkey = tuple(rd[g] for g in group)
            if complete and not diffs:
                dropped.append((code, gkey))
                drop_rows.append(int(rd["_row"]))
                continue
            level = LEVEL_LABEL[LEVEL_OF_WIDTH[w]]
            below = LEVEL_LABEL[LEVEL_OF_WIDTH[int(rd["_lvl"])]]
            rows = ", ".join(map(str, rd["_rows"])) + (" ..." if rd["_n"] > 10 else "")
            why = []
            if not complete:
                why.append(f"rincian tidak lengkap ({fmt_int(rd['_n'])} dari "
                           f"{fmt_int(len(expected))} {below})")
            for v in diffs:
                got, want = rd[f"_sum_{v}"], rd[v]
                why.append(f"jumlahnya ({'?' if pd.isna(got) else fmt_int(got)}) tidak sama "
                           f"dengan {'(kosong)' if pd.isna(want) else fmt_int(want)}"
                           + (f" pada kolom {shown.get(v, v)}" if len(values) > 1 and
                              v != values[0] else ""))
            gtext = _key_text(group, gkey)
            problems.append(Problem(
                file, int(rd["_row"]), shown.get("kode", "kode") if not complete
                else shown.get(diffs[0], diffs[0]),
                f"{code} ({level}, {gtext}) bersama {fmt_int(rd['_n'])} baris di bawahnya "
                f"(baris {rows}): " + " dan ".join(why),
                EXPECTED.format(key=key_label)))
    notes = []
    if dropped:
        this_file = Note("inputs.this_file")
        items: list = [Note("inputs.subtotal_row",
                            {"code": c, "key": _key_text(group, g) if group else this_file})
                       for c, g in dropped[:5]]
        if len(dropped) > 5:
            items.append(Note("inputs.more", {"n": len(dropped) - 5}))
        notes.append(Note("inputs.subtotal_rows", {"n": len(dropped), "items": items}))
    return df.drop(index=drop_rows), problems, notes


def partial_years(df: pd.DataFrame, group: str, file: str, shown: dict[str, str],
                  kabupaten: str | None = None) -> list[Problem]:
    """Report the years in which a kabupaten's rows cover only part of it.

    A desa/kelurahan is covered in a year when the table has a row for it,
    its kecamatan or its kabupaten. Checked for ``kabupaten`` (or for every
    kabupaten the table has rows in), and only for years with rows in it.

    Examples
    --------
    >>> wf = pd.DataFrame({"kode": ["35.22.01", "35.22.02"], "tahun": [2024, 2024]},
    ...                   index=[2, 3])
    >>> p = partial_years(wf, "tahun", "w.csv", {})[0]
    >>> p.row, p.column, p.message[:60]
    (2, 'kode', 'tahun 2024: baris hanya mencakup sebagian Kabupaten Bojonego')
    """
    from ucjlib.geo.wilayah import get_region

    k = df["kode"].astype(str)
    kabs = [kabupaten] if kabupaten else sorted({c[:5] for c in k if len(c) >= 5})
    problems = []
    for kab in kabs:
        mine = df.loc[(k == kab) | k.str.startswith(kab + ".")]
        if mine.empty:
            continue
        desa = units_below(kab, 13)
        kec_all = units_below(kab, 8)
        leaves = set(desa) | {c for c in kec_all if not any(d.startswith(c + ".") for d in desa)}
        for year, rows in mine.groupby(group, sort=True):
            present = set(rows["kode"])
            if kab in present:
                continue
            missing = [leaf for leaf in leaves if leaf not in present and leaf[:8] not in present]
            if not missing:
                continue
            miss_kec = sorted(c for c in kec_all if c not in present
                              and all(d in missing for d in leaves if d[:8] == c))
            names = ", ".join(get_region(c).nama for c in miss_kec[:5])
            names += f", … ({len(miss_kec) - 5} lagi)" if len(miss_kec) > 5 else ""
            covered = len(leaves) - len(missing)
            other = len([m for m in missing if m[:8] not in miss_kec])
            detail = (f"tanpa data: {len(miss_kec)} kecamatan ({names})" if miss_kec else "")
            if other:
                detail += ("; " if detail else "tanpa data: ") + \
                    f"{fmt_int(other)} desa/kelurahan di kecamatan lain"
            problems.append(Problem(
                file, int(rows.index.min()), shown.get("kode", "kode"),
                f"{group} {year}: baris hanya mencakup sebagian {get_region(kab).nama}: "
                f"{fmt_int(covered)} dari {fmt_int(len(leaves))} desa/kelurahan; {detail}",
                f"untuk setiap {group}: semua kecamatan atau semua desa/kelurahan kabupaten, "
                "atau satu baris total kabupaten (penyebut sebagian tidak bisa menjadi "
                "penyebut kabupaten)"))
    return problems
