"""Region codes for input rows: the kabupaten of a load and the one name matcher.

Both the aggregated loaders (:mod:`ucjlib.inputs.validation`) and the
participant aggregation (:mod:`ucjlib.inputs.participants`) turn kecamatan
and desa names into Kemendagri codes with :func:`match_region_names`, so both
produce the same matches, guesses and messages. Messages never quote a name
from a participant file, and quote one from an aggregated file only through
:func:`ucjlib.inputs.privacy.quote`.
"""

from __future__ import annotations

import re

import pandas as pd

from ucjlib.errors import Problem
from ucjlib.fmt import fmt_int
from ucjlib.inputs.privacy import quote, with_value
from ucjlib.text import Note

MATCH_COLUMNS = ["level", "input", "induk", "kode", "nama", "status", "score", "rows"]


def kabupaten_code(kabupaten: object | None) -> str | None:
    """Return the code of a kabupaten given as a code or Region (never a name).

    Examples
    --------
    >>> kabupaten_code("35.22"), kabupaten_code(None)
    ('35.22', None)
    """
    if kabupaten is None:
        return None
    from ucjlib.geo.wilayah import region_of

    return region_of(kabupaten, level="kabupaten").kode


_TOTAL_WORDS = ("grand total", "sub total", "subtotal", "total", "jumlah", "seluruhnya",
                "keseluruhan")
_WHOLE_WORDS = {"": None, "kabupaten": "Kabupaten", "kab": "Kabupaten", "kota": "Kota",
                "kabupaten kota": None, "kab kota": None, "kecamatan": "Kecamatan",
                "kec": "Kecamatan"}


def _plain(text: object) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split())


def is_total_name(name: object, parent: str) -> bool:
    """Tell whether a name in a kecamatan (desa) column stands for all of ``parent``.

    A totals row of a spreadsheet export: ``TOTAL``, ``Jumlah``, ``KABUPATEN
    BOJONEGORO`` or ``Total Kab. Bojonegoro`` in the kecamatan column of 35.22;
    ``Jumlah`` or ``Kecamatan Ngasem`` in the desa column of kecamatan 35.22.04.
    ``Kota Sumenep`` (a kecamatan of Kabupaten Sumenep) is not a total: ``Kota`` names
    the whole only when ``parent`` is a kota.

    Examples
    --------
    >>> [is_total_name(n, "35.22") for n in ["TOTAL", "KABUPATEN BOJONEGORO",
    ...  "Jumlah Kab. Bojonegoro", "Bojonegoro", "Kota Bojonegoro"]]
    [True, True, True, False, False]
    >>> is_total_name("Kecamatan Ngasem", "35.22.04"), is_total_name("Ngasem", "35.22.04")
    (True, False)
    """
    from ucjlib.geo.wilayah import get_region

    text = _plain(name)
    had_word = False
    for word in _TOTAL_WORDS:
        if text == word or text.startswith(word + " "):
            text, had_word = text[len(word):].strip(), True
            break
    region = get_region(parent)
    kind, _, base = region.nama.partition(" ") if region.level != "kecamatan" else (
        "Kecamatan", "", region.nama)
    base = _plain(base)
    if text in _WHOLE_WORDS and (had_word or text):
        wanted = _WHOLE_WORDS[text]
        return wanted is None or wanted == kind or had_word
    for prefix, wanted in _WHOLE_WORDS.items():
        if prefix and text == f"{prefix} {base}" and (wanted is None or wanted == kind):
            return True
    return had_word and text == base


def empty_matches() -> pd.DataFrame:
    """Return an empty match table (columns :data:`MATCH_COLUMNS`)."""
    return pd.DataFrame(columns=MATCH_COLUMNS)


def match_region_names(pairs: pd.DataFrame, kab: str | None, file: str, shown: dict[str, str],
                       personal: bool) -> tuple[pd.Series, pd.DataFrame, list[Problem]]:
    """Match distinct (kecamatan, desa) name pairs to codes within kabupaten ``kab``.

    Parameters
    ----------
    pairs : pandas.DataFrame
        One row per distinct pair: ``kec`` (str), ``ds`` (str or None),
        ``n`` (rows with that pair) and ``rows`` (sorted list of some of
        their spreadsheet rows, the first one first).
    kab : str or None
        Kabupaten code; names cannot be matched without it.
    file : str
        File named in the problems.
    shown : dict
        Canonical column -> header as written in the file.
    personal : bool
        True for participant files: no input name appears in the problems
        or in the returned match table (its ``input`` and ``induk`` are None).

    Returns
    -------
    kode : pandas.Series
        Code per pair (None when unmatched), aligned to ``pairs``.
    matches : pandas.DataFrame
        One row per distinct name (:data:`MATCH_COLUMNS`).
    problems : list of Problem
        One per unmatched name (or one when ``kab`` is missing).

    Examples
    --------
    >>> pairs = pd.DataFrame({"kec": ["KEC. KALITIDU", "Xyz Abc"], "ds": [None, None],
    ...                       "n": [2, 1], "rows": [[2, 3], [4]]})
    >>> kode, m, probs = match_region_names(pairs, "35.22", "f.csv", {}, personal=True)
    >>> kode.tolist(), m["nama"].tolist(), str(probs[0])
    (['35.22.16', None], ['Kalitidu', None], "f.csv, baris 4, kolom 'kecamatan': nama \
kecamatan tidak cocok, 1 baris (yang diharapkan: nama kecamatan di 35.22 (lihat `ucj wilayah \
find`) atau kolom kode)")
    """
    from ucjlib.geo.names import match_names
    from ucjlib.geo.wilayah import get_region

    kode = pd.Series([None] * len(pairs), index=pairs.index, dtype=object)
    if pairs.empty:
        return kode, empty_matches(), []
    if kab is None:
        return kode, empty_matches(), [Problem(
            file, None, shown.get("kecamatan", "kecamatan"),
            "wilayah diberikan sebagai nama tetapi kabupaten tidak disebutkan",
            "sebutkan kabupaten (--kabupaten 35.22) atau pakai kolom kode")]
    kec = pairs["kec"].astype(str)
    has_desa = pairs["ds"].notna() & (pairs["ds"].astype(str).str.strip() != "")
    # a totals row of an aggregated export is the kabupaten (kecamatan) itself: the level
    # rules then drop it with a note when it equals its complete breakdown, or refuse it
    totals = {n for n in kec.unique() if not personal and is_total_name(n, kab)}
    mk = match_names([n for n in kec.unique() if n not in totals], "kecamatan", kab).table
    kec_code = kec.map(dict(zip(mk["input"], mk["kode"], strict=True)))
    kec_code[kec.isin(totals) & ~has_desa] = kab
    counts = pairs.groupby(kec, sort=False)["n"].sum()
    rows_tbl = [("kecamatan", r.input, None, r.kode, r.nama, r.status, r.score,
                 int(counts.get(r.input, 0))) for r in mk.itertuples(index=False)]
    rows_tbl += [("kecamatan", n, None, kab, "(jumlah kabupaten)", "total", 100,
                  int(counts.get(n, 0))) for n in sorted(totals)]
    kode[:] = kec_code.to_numpy()
    for kc, sub in pairs.loc[has_desa & kec_code.notna() & (kec_code != kab)].groupby(kec_code):
        names = sub["ds"].astype(str)
        dtotals = {n for n in names.unique() if not personal and is_total_name(n, kc)}
        md = match_names([n for n in names.unique() if n not in dtotals], "desa", kc).table
        kode.loc[sub.index] = names.map(dict(zip(md["input"], md["kode"], strict=True)))
        kode.loc[sub.index[names.isin(dtotals).to_numpy()]] = kc
        rows_tbl += [("desa", n, str(sub["kec"].iloc[0]), kc, "(jumlah kecamatan)", "total",
                      100, int(sub.loc[names == n, "n"].sum())) for n in sorted(dtotals)]
        dcount = sub.groupby(names, sort=False)["n"].sum()
        parent = sub["kec"].iloc[0]
        rows_tbl += [("desa", r.input, str(parent), r.kode, r.nama, r.status, r.score,
                      int(dcount.get(r.input, 0))) for r in md.itertuples(index=False)]
    matches = pd.DataFrame(rows_tbl, columns=MATCH_COLUMNS)
    for c in ("kode", "nama"):
        matches[c] = matches[c].astype(object).where(matches[c].notna(), None)
    kode = kode.astype(object).where(kode.notna(), None)
    problems: list[Problem] = []
    for i in pairs.index[kode.isna()]:
        ds_given = bool(has_desa.at[i])
        level = "desa" if ds_given and pd.notna(kec_code.at[i]) else "kecamatan"
        name = pairs.at[i, "ds"] if level == "desa" else pairs.at[i, "kec"]
        where = ""
        if level == "desa":
            where = f" (kecamatan {get_region(kec_code.at[i]).nama})"
        rows = [int(r) for r in pairs.at[i, "rows"]]
        n = int(pairs.at[i, "n"])
        others = f"; juga baris {', '.join(map(str, rows[1:11]))}" if len(rows) > 1 else ""
        more = " ..." if n > min(len(rows), 11) else ""
        col = shown.get(level, level)
        problems.append(Problem(file, rows[0], col,
                                with_value(f"nama {level} tidak cocok", name, personal)
                                + f"{where}, {fmt_int(n)} baris{others}{more}",
                                f"nama {level} di {kab} (lihat `ucj wilayah find`) "
                                "atau kolom kode"))
    if personal:
        matches["input"] = None
        matches["induk"] = None
    return kode, matches, problems


def guess_note(matches: pd.DataFrame, personal: bool) -> Note | None:
    """Return the note that travels with the data when region names were guessed.

    For aggregated files it shows ``'Kalitdu' → Kalitidu`` (the input through
    :func:`~ucjlib.inputs.privacy.quote`); for participant files only the
    official names and row counts.

    Examples
    --------
    >>> m = pd.DataFrame([("kecamatan", "Kalitdu", None, "35.22.16", "Kalitidu", "guessed",
    ...                    90, 3)], columns=MATCH_COLUMNS)
    >>> str(guess_note(m, personal=False))[:45]
    "1 nama wilayah dicocokkan dengan tebakan: 'Ka"
    >>> "Kalitdu" in str(guess_note(m, personal=True))
    False
    """
    if not len(matches) or not (matches["status"] == "guessed").any():
        return None
    guessed = matches.loc[matches["status"] == "guessed"]
    pairs: list = []
    for r in guessed.itertuples(index=False):
        q = quote(r.input, personal)
        pairs.append(f"{q} → {r.nama}" if q else Note(
            "inputs.guessed_name.personal", {"level": r.level, "name": r.nama, "rows": r.rows}))
    shown = pairs[:5] + ([Note("inputs.more", {"n": len(pairs) - 5})] if len(pairs) > 5 else [])
    return Note("inputs.guessed_names", {"n": len(pairs), "pairs": shown})
