"""Kemendagri region codes and names: the one resolver and name matching.

Codes are the spine of every table: ``35`` province, ``35.22``
kabupaten/kota, ``35.22.01`` kecamatan, ``35.22.01.2001`` desa (``2xxx``) or
kelurahan (``1xxx``). Names are only for display and for matching messy input
("KEC. KALITIDU", "Kalitidu ", "Ds Mojodelik") to codes, always within a
parent unit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from ucjlib.errors import AmbiguousRegionError, ArgumentError, UnknownRegionError

# the gazetteer table lives in ucjlib.geo.gazetteer; gazetteer and LEVELS stay importable
# from here, where the README, notebooks and most callers take them
from ucjlib.geo.gazetteer import LEVELS, cached_gazetteer, gazetteer  # noqa: F401

Level = Literal["provinsi", "kabupaten", "kecamatan", "desa"]
_LEVEL_ALIASES = {
    "provinsi": "provinsi", "province": "provinsi", "prov": "provinsi",
    "kabupaten": "kabupaten", "kota": "kabupaten", "kabupaten/kota": "kabupaten",
    "kab": "kabupaten", "regency": "kabupaten", "district": "kabupaten",
    "kecamatan": "kecamatan", "kec": "kecamatan", "subdistrict": "kecamatan",
    "desa": "desa", "kelurahan": "desa", "desa/kelurahan": "desa", "village": "desa",
}
_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")

# Prefixes people put before names; removed before matching. The kind of
# kabupaten (kota vs kabupaten) is kept apart so "Kota Bogor" != "Kab. Bogor".
_PREFIXES = [
    (r"kabupaten|kab\.?", "kabupaten"),
    (r"kota\s+administrasi|kota\s+adm\.?|kota|kot\.?", "kota"),
    (r"provinsi|prov\.?|propinsi", "provinsi"),
    (r"kecamatan|kec\.?|kcm\.?", "kecamatan"),
    (r"kelurahan|kel\.?|kalurahan", "kelurahan"),
    (r"desa|ds\.?|dsa\.?", "desa"),
]
_PREFIX_RE = re.compile(
    r"^\s*(?:(" + "|".join(f"(?:{p})" for p, _ in _PREFIXES) + r"))(?:\s+|\.|$)", re.IGNORECASE
)


def normalize_level(level: str) -> str:
    """Return the canonical level name for ``level``.

    Examples
    --------
    >>> normalize_level("Kec")
    'kecamatan'
    >>> normalize_level("kelurahan")
    'desa'
    """
    key = str(level).strip().lower().rstrip(".")
    if key not in _LEVEL_ALIASES:
        raise ArgumentError("level", level, ", ".join(LEVELS))
    return _LEVEL_ALIASES[key]


def level_of(code: str) -> str:
    """Return the level of a Kemendagri code.

    Examples
    --------
    >>> level_of("35.22")
    'kabupaten'
    >>> level_of("35.22.01.2001")
    'desa'
    """
    code = str(code).strip()
    if not _CODE_RE.match(code):
        raise ArgumentError("kode", code, "kode Kemendagri, mis. 35.22.01.2001")
    return LEVELS[code.count(".")]


def is_code(text: str) -> bool:
    """Tell whether ``text`` looks like a Kemendagri code (``35.22.01``)."""
    return bool(_CODE_RE.match(str(text).strip()))


def parent_code(code: str) -> str | None:
    """Return the parent code (``35.22.01`` -> ``35.22``), ``None`` for a province."""
    code = str(code).strip()
    return code.rsplit(".", 1)[0] if "." in code else None


def split_prefix(name: str) -> tuple[str | None, str]:
    """Split an administrative prefix off a name.

    Examples
    --------
    >>> split_prefix("KEC. KALITIDU")
    ('kecamatan', 'KALITIDU')
    >>> split_prefix("Kota Bogor")
    ('kota', 'Bogor')
    >>> split_prefix("Mojodelik")
    (None, 'Mojodelik')
    """
    text = unicodedata.normalize("NFKC", str(name)).strip()
    m = _PREFIX_RE.match(text)
    if not m or not text[m.end():].strip():
        return None, text
    word = m.group(1).lower()
    for pattern, kind in _PREFIXES:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return kind, text[m.end():].strip()
    return None, text  # pragma: no cover


def normalize_name(name: str, strip_prefix: bool = True) -> str:
    """Normalize a region name for matching: no prefix, case, accents or punctuation.

    Examples
    --------
    >>> normalize_name("  KEC.  Kalitidu ")
    'kalitidu'
    >>> normalize_name("Ds Mojodelik")
    'mojodelik'
    >>> normalize_name("Kabupaten Bojonegoro")
    'bojonegoro'
    """
    text = split_prefix(name)[1] if strip_prefix else str(name)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Region:
    """One region of the gazetteer."""

    kode: str
    nama: str
    level: str
    jenis: str
    parent: str | None

    @property
    def label(self) -> str:
        """``"35.22 Kabupaten Bojonegoro"``."""
        return f"{self.kode} {self.nama}"


def get_region(code: str) -> Region:
    """Return the region with Kemendagri code ``code``.

    Raises
    ------
    UnknownRegionError
        When the code is not in the gazetteer.

    Examples
    --------
    >>> get_region("35.22").nama
    'Kabupaten Bojonegoro'
    """
    code = str(code).strip()
    i = _row(code)
    if i is None:
        sugg = []
        if "." in code:
            g = _index().frame
            sib = _child_rows(parent_code(code))[:5]
            sugg = [f"{g['kode'].iat[j]} {g['nama'].iat[j]}" for j in sib]
        raise UnknownRegionError(code, sugg)
    return _region_at(i)


# The index: the gazetteer once per process as columns, with codes sorted so that the
# units below a code are one contiguous block of rows; a Region is made only when asked for.

@dataclass(frozen=True)
class _Index:
    """The gazetteer in columnar form; row ``i`` of each array is row ``i`` of ``frame``."""

    frame: pd.DataFrame  # gazetteer columns, sorted by kode, RangeIndex
    kode: np.ndarray  # object array of str, sorted ascending
    depth: np.ndarray  # int8: 0 provinsi, 1 kabupaten/kota, 2 kecamatan, 3 desa/kelurahan
    nama_norm: np.ndarray  # object array of str


@lru_cache(maxsize=1)
def _index() -> _Index:
    g = cached_gazetteer(None)
    depth = pd.Categorical(g["level"], categories=list(LEVELS)).codes.astype(np.int8)
    return _Index(g, g["kode"].to_numpy(dtype=object), depth,
                  g["nama_norm"].to_numpy(dtype=object))


@cache
def _region_at(i: int) -> Region:
    """Return the :class:`Region` of row ``i``, made once per process."""
    g = _index().frame
    k, n, lv, j, p = (g[c].iat[i] for c in ("kode", "nama", "level", "jenis", "parent"))
    return Region(k, n, lv, j, p if isinstance(p, str) else None)


def _row(code: str) -> int | None:
    """Row of ``code``, or None when it is not in the gazetteer."""
    kode = _index().kode
    i = int(np.searchsorted(kode, code))
    return i if i < len(kode) and kode[i] == code else None


def _below(code: str) -> tuple[int, int]:
    """Rows ``lo:hi`` holding every unit whose code starts with ``code + "."``."""
    kode = _index().kode
    # sorted codes: "35.22." <= "35.22.xx..." < "35.22/" ("/" follows "." in ASCII)
    return int(np.searchsorted(kode, code + ".")), int(np.searchsorted(kode, code + "/"))


def _rows(level: str | None, within: str | None) -> np.ndarray:
    """Rows (ascending) of the units at ``level`` below ``within``; None means any."""
    ix = _index()
    lo, hi = (0, len(ix.kode)) if within is None else _below(str(within).strip())
    rows = np.arange(lo, hi)
    if level is not None:
        rows = rows[ix.depth[lo:hi] == LEVELS.index(normalize_level(level))]
    return rows


def _child_rows(code: str | None) -> np.ndarray:
    """Rows of the units whose parent is ``code`` (none for ``None``)."""
    if code is None:
        return np.arange(0)
    lo, hi = _below(code)
    return lo + np.flatnonzero(_index().depth[lo:hi] == code.count(".") + 1)


def _name_of(code: str) -> str | None:
    i = _row(code)
    return None if i is None else _index().frame["nama"].iat[i]


@lru_cache(maxsize=64)
def _subtree(root: str) -> pd.DataFrame:
    own = _row(root)
    lo, hi = _below(root)
    rows = np.r_[[] if own is None else [own], np.arange(lo, hi)].astype(np.intp)
    return _index().frame.iloc[rows].reset_index(drop=True)


def subtree(root: str) -> pd.DataFrame:
    """Return ``root`` and every unit below it (gazetteer columns), cached.

    Examples
    --------
    >>> subtree("35.22")["level"].value_counts().to_dict()
    {'desa': 430, 'kecamatan': 28, 'kabupaten': 1}
    """
    return _subtree(str(root).strip()).copy()


def children(code: str | None, level: str | None = None) -> pd.DataFrame:
    """Return the units below ``code`` (all descendants at ``level``, or direct children).

    Examples
    --------
    >>> len(children("35.22", "desa"))
    430
    """
    ix = _index()
    if code is None:
        lvl = normalize_level(level) if level else "provinsi"
        rows = np.flatnonzero(ix.depth == LEVELS.index(lvl))
    else:
        code = str(code).strip()
        rows = _child_rows(code) if level is None else _rows(level, code)
    return ix.frame.iloc[rows].reset_index(drop=True)


def candidates(level: str | None, within: str | None) -> pd.DataFrame:
    """Return the gazetteer rows at ``level`` below ``within`` (original row labels kept).

    The pool :func:`ucjlib.geo.names.match_names` matches names against.
    """
    return _index().frame.iloc[_rows(level, within)]


def _pool(limit: int) -> int:
    """How many fuzzy matches :func:`find_regions` scores before keeping ``limit``."""
    return max(limit * 5, 50)


MAX_QUERY = 120
"""Longest region name or code accepted (the longest Kemendagri name has 44 characters)."""


def query_text(query: object) -> str:
    """Return the region text NFKC-normalised and stripped; refuse it above :data:`MAX_QUERY`.

    A pasted paragraph is an argument error at once (never a minute of fuzzy matching) and
    is not echoed back, only its length.

    Examples
    --------
    >>> query_text("  Bojonegoro ")
    'Bojonegoro'
    >>> query_text("x" * 500)
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai wilayah tidak valid: '(teks 500 karakter)'. ...
    """
    q = unicodedata.normalize("NFKC", str(query)).strip()
    if len(q) > MAX_QUERY:
        raise ArgumentError("wilayah", f"(teks {len(q)} karakter)",
                            f"nama atau kode wilayah, paling banyak {MAX_QUERY} karakter")
    return q


def find_regions(
    query: str,
    level: str | None = None,
    within: str | None = None,
    limit: int = 10,
    min_score: float = 60.0,
    _raw: bool = False,
    _exact: bool = False,
) -> pd.DataFrame:
    """Search the gazetteer by code or (misspelt) name.

    Tolerates case, typos, extra spaces and prefixes such as "Kab.", "Kec.",
    "Ds.". A "Kota"/"Kabupaten" prefix in the query is used to rank the
    matching kind first.

    Parameters
    ----------
    query : str
        Name or code, e.g. ``"bojonegor"`` or ``"35.22"``.
    level : str, optional
        Restrict to ``provinsi``, ``kabupaten``, ``kecamatan`` or ``desa``.
    within : str, optional
        Code of a parent unit; only its descendants are searched.
    limit : int, default 10
        Maximum number of rows.
    min_score : float, default 60
        Minimum similarity (0-100).

    Returns
    -------
    pandas.DataFrame
        ``kode``, ``nama``, ``level``, ``jenis``, ``parent``, ``parent_nama``,
        ``score``; best match first.

    Examples
    --------
    >>> find_regions("bojonegor", level="kabupaten").iloc[0]["kode"]
    '35.22'
    >>> find_regions("Kota Bogor", level="kabupaten").iloc[0]["nama"]
    'Kota Bogor'
    """
    from rapidfuzz import fuzz, process

    q = query_text(query)
    kind, _ = split_prefix(q)
    if level is None and kind is not None and not is_code(q):
        level = normalize_level(kind)
    ix = _index()
    rows = _rows(level, within)
    none = ix.frame.iloc[:0].assign(score=pd.Series(dtype=float))
    if is_code(q):
        i = _row(q)
        hit = ix.frame.iloc[[i] if i is not None and bool((rows == i).any()) else []]
        return _with_parent(hit.assign(score=100.0))
    qn = normalize_name(q)
    if not qn or not len(rows):
        return _with_parent(none)
    if _exact:
        # only the names equal to the query's: the rows process.extract puts first
        # (WRatio 100, no other name scores it; ties stay in input order)
        same = np.flatnonzero(ix.nama_norm[rows] == qn)[: _pool(limit)]
        res = [(qn, 100.0, int(i)) for i in same]
    else:
        choices = ix.nama_norm[rows].tolist()
        res = process.extract(qn, choices, scorer=fuzz.WRatio, limit=_pool(limit),
                              score_cutoff=min_score)
    if not res:
        return _with_parent(none)
    out = ix.frame.iloc[rows[[i for _, _, i in res]]].copy()
    score = []
    for (_, s, _), nn, lv, jn in zip(res, out["nama_norm"], out["level"], out["jenis"],
                                     strict=True):
        # exact normalized name beats partial matches; plain ratio breaks ties
        s = (float(s) + fuzz.ratio(qn, nn)) / 2.0
        s += 5.0 if nn == qn else 0.0
        if kind is not None and kind in ("kota", "kabupaten") and lv == "kabupaten":
            s += 3.0 if jn == kind else -3.0
        score.append(s)
    out["score"] = score
    out = out.loc[out["score"] >= min_score]
    level_rank = out["level"].map({lv: i for i, lv in enumerate(LEVELS)})
    out = out.assign(_lr=level_rank).sort_values(["score", "_lr"], ascending=[False, True])
    out = out.drop(columns="_lr").head(limit)
    if not _raw:
        out["score"] = out["score"].clip(upper=100.0).round(1)
    return _with_parent(out)


def _with_parent(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["parent_nama"] = [_name_of(p) if isinstance(p, str) else None for p in df["parent"]]
    cols = ["kode", "nama", "level", "jenis", "parent", "parent_nama", "score"]
    return df[cols].reset_index(drop=True)


_DIGITS_RE = re.compile(r"^\d{2}(?:\d{2}(?:\d{2}(?:\d{4})?)?)?$")
_LEVEL_WORDS = {"provinsi": "provinsi", "kabupaten": "kabupaten/kota",
                "kecamatan": "kecamatan", "desa": "desa/kelurahan"}


def _code_from_text(q: str) -> str | None:
    """``"35.22"`` -> ``"35.22"``; ``"3522"`` / ``"3522012001"`` -> dotted; else None."""
    if _CODE_RE.match(q):
        return q
    if _DIGITS_RE.match(q):
        parts = [q[:2], q[2:4], q[4:6], q[6:]]
        return ".".join(p for p in parts if p)
    return None


#: Score of a name that matches a gazetteer name exactly once case, spacing and prefixes
#: ("Kab.", "Kota", "Kec.", "Ds.") are set aside (see :func:`find_regions`); anything lower
#: is a misspelling, answered with suggestions.
EXACT_SCORE = 100.0
# find_regions scores an exact name 105 (+3 or -3 when a "Kota"/"Kabupaten" prefix
# agrees with its kind or not) and every other name below 103. From 105 up, the rows
# that resolve() compares (within 1 point of the best, at its level) are exact names
# only, so find_regions(_exact=True) gives resolve() the same answer without fuzzy
# matching over the whole gazetteer.
_DECIDED_SCORE = 105.0


def resolve(query: str | int | Region, level: str | None = "kabupaten",
            within: str | None = None) -> Region:
    """Turn user text into exactly one :class:`Region`: the one resolver of ucjlib.

    The command line and the notebooks call this once; everything below them
    takes the :class:`Region` (or its code) and never matches names again.

    Parameters
    ----------
    query : str, int or Region
        A code (``"35.22"``, ``"3522"``, ``"35.22.16"``) or a name, in any case,
        with or without prefix (``"Bojonegoro"``, ``"Kab. Bojonegoro"``,
        ``"KEC. KALITIDU"``). A misspelt name (``"Bojonegro"``) is not corrected:
        it raises :class:`UnknownRegionError` with the closest names.
    level : str or None, default "kabupaten"
        The level the region must have; ``None`` accepts any level (for a
        name found at several levels the highest wins: "Bojonegoro" is the
        kabupaten, not its kecamatan).
    within : str, optional
        Code of a unit the region must lie in.

    Returns
    -------
    Region

    Raises
    ------
    AmbiguousRegionError
        When several regions fit equally well ("Bogor" is both
        Kabupaten Bogor 32.01 and Kota Bogor 32.71); lists the candidates.
    UnknownRegionError
        When no name fits exactly (a misspelling), or a code is of another level;
        carries suggestions.
    ArgumentError
        For a number that is not a code, e.g. ``35.1``, which is what
        ``papermill -p kabupaten 35.10`` passes.

    Examples
    --------
    >>> resolve("Bojonegoro").kode
    '35.22'
    >>> resolve("3522").nama
    'Kabupaten Bojonegoro'
    >>> resolve("kec kalitidu", level="kecamatan", within="35.22").kode
    '35.22.16'
    >>> resolve("Bogor")
    Traceback (most recent call last):
    ...
    ucjlib.errors.AmbiguousRegionError: Nama wilayah ambigu (kabupaten): 'Bogor' cocok dengan \
32.01 Kabupaten Bogor atau 32.71 Kota Bogor. ...
    """
    lvl = normalize_level(level) if level is not None else None
    if isinstance(query, Region):
        return _check_region(query, str(query.kode), lvl, within)
    if isinstance(query, bool) or query is None:
        raise ArgumentError("wilayah", query, "kode Kemendagri (mis. '35.22') atau nama wilayah")
    if isinstance(query, float):
        raise ArgumentError(
            "wilayah", query, "kode sebagai teks, mis. '35.10' (papermill -p mengubah 35.10 "
            "menjadi angka 35.1; pakai -r kabupaten 35.10 atau tulis namanya)")
    q = query_text(query)
    if not q:
        raise ArgumentError("wilayah", query, "kode Kemendagri (mis. '35.22') atau nama wilayah")
    code = _code_from_text(q)
    if code is not None:
        return _check_region(get_region(code), q, lvl, within)
    if re.fullmatch(r"[\d.,\s]+", q):
        raise ArgumentError(
            "wilayah", q, "kode Kemendagri seperti 35.22 (kabupaten), 35.22.16 (kecamatan) "
            "atau 35.22.16.2001 (desa); dari papermill kirim kode dengan -r agar tetap teks")
    hits = find_regions(q, level=lvl, within=within, limit=8, _raw=True, _exact=True)
    if hits.empty or hits.iloc[0]["score"] < _DECIDED_SCORE:
        # no exact name, or only one of the other kind ("Kota Bojonegoro"): only the
        # fuzzy scores can tell
        hits = find_regions(q, level=lvl, within=within, limit=8, _raw=True)
    sugg = [f"{k} {n}" for k, n in zip(hits["kode"], hits["nama"], strict=True)]
    if hits.empty or hits.iloc[0]["score"] < EXACT_SCORE:
        # a misspelt name is never corrected silently: a report for the wrong kabupaten
        # costs more than retyping; the closest names come as suggestions
        raise UnknownRegionError(q, sugg or suggestions(q, lvl, within), lvl)
    best = hits.iloc[0]
    tied = hits.loc[(hits["score"] >= best["score"] - 1.0) & (hits["level"] == best["level"])]
    if len(tied) > 1:
        cands = [f"{k} {n}" for k, n in zip(tied["kode"], tied["nama"], strict=True)]
        raise AmbiguousRegionError(q, cands, lvl)
    return get_region(best["kode"])


def _check_region(r: Region, shown: str, level: str | None, within: str | None) -> Region:
    if level is not None and r.level != level:
        where = f", {get_region(r.parent).nama}" if r.parent else ""
        depth = LEVELS.index(level)
        above = ".".join(r.kode.split(".")[: depth + 1]) if depth < LEVELS.index(r.level) else None
        raise UnknownRegionError(
            shown, [get_region(above).label] if above else [], level,
            message=f"{shown!r} adalah {r.level} {r.nama}{where}, bukan "
                    f"{_LEVEL_WORDS[level]}.")
    if within is not None and not r.kode.startswith(str(within).strip() + "."):
        raise UnknownRegionError(
            shown, [], level, message=f"{r.label} tidak berada di wilayah {within}.")
    return r


def region_of(region: str | Region, level: str | None = None) -> Region:
    """Return the :class:`Region` for a code or Region, without any name matching.

    For layers below the command line and notebooks, which take codes: a name
    here is a programming mistake, answered with a pointer to :func:`resolve`.

    Examples
    --------
    >>> region_of("35.22").nama
    'Kabupaten Bojonegoro'
    """
    if isinstance(region, Region):
        r = region
    elif isinstance(region, str) and _CODE_RE.match(region.strip()):
        r = get_region(region.strip())
    else:
        raise ArgumentError("wilayah", region, "kode Kemendagri (mis. '35.22') atau Region; "
                            "ubah nama menjadi kode dengan ucjlib.resolve_region(nama)")
    if level is not None and r.level != normalize_level(level):
        return _check_region(r, r.kode, normalize_level(level), None)
    return r


def suggestions(query: str, level: str | None = None, within: str | None = None,
                n: int = 5) -> Sequence[str]:
    """Closest region labels for an error message."""
    hits = find_regions(query, level=level, within=within, limit=n, min_score=40)
    return [f"{k} {nm}" for k, nm in zip(hits["kode"], hits["nama"], strict=True)]
