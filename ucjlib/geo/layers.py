"""The boundary layers and their upstream files: level names, source keys, what a build needs.

Each level is one layer of the boundary store (:mod:`ucjlib.geo.build`), made from the
SQL files of one upstream folder (``prov``, ``kab``, ``kec``, ``kel``); a source key
names one such file and the province or kabupaten it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ucjlib.errors import ArgumentError, SourceError
from ucjlib.geo.sources import upstream_files
from ucjlib.geo.wilayah import LEVELS, normalize_level

__all__ = ["LAYERS", "build_keys", "key_provinces", "key_scope", "level_name", "needed_keys",
           "province_codes"]

LAYERS: dict[str, str] = {  # level -> upstream folder
    "provinsi": "prov", "kabupaten": "kab", "kecamatan": "kec", "desa": "kel",
}
_KEY_RE = re.compile(
    r"^wilayah_boundaries/db/(prov|kab|kec|kel)/(?:\d{2}/)?wilayah_boundaries_\w+?_"
    r"(\d{1,2}(?:\.\d{2})?)\.sql$"
)


def key_scope(key: str) -> tuple[str, str | None]:
    """Return ``(level, scope code)`` of a boundary source key.

    The scope is the province (``kab``/``kec``) or kabupaten (``kel``) that
    the file covers; ``None`` for province files (which cover ranges).

    Examples
    --------
    >>> key_scope("wilayah_boundaries/db/kel/35/wilayah_boundaries_kel_35.22.sql")
    ('desa', '35.22')
    >>> key_scope("wilayah_boundaries/db/prov/wilayah_boundaries_prov_1.sql")
    ('provinsi', None)
    """
    m = _KEY_RE.match(key)
    if not m:
        raise SourceError(f"Bukan berkas batas wilayah: {key}")
    folder, scope = m.groups()
    level = {v: k for k, v in LAYERS.items()}[folder]
    return level, (None if folder == "prov" else scope)


@lru_cache(maxsize=1)
def province_codes() -> tuple[str, ...]:
    """Return the codes of every province with boundary files (one ``kab`` file each), sorted.

    Examples
    --------
    >>> p = province_codes()
    >>> len(p), p[0], p[-1]
    (38, '11', '96')
    """
    out = set()
    for key in upstream_files():
        m = _KEY_RE.match(key)
        if m and m.group(1) == "kab":
            out.add(m.group(2))
    return tuple(sorted(out))


#: first province of each upstream ``prov_N.sql`` (N = 1..8): a file holds the provinces
#: from its first code up to the next file's, in code order (checked against the mirror)
PROV_FILE_FIRST = ("11", "16", "31", "36", "62", "72", "81", "93")


def key_provinces(key: str) -> tuple[str, ...]:
    """Return the province codes a boundary source file covers.

    ``kab``/``kec``/``kel`` files cover one province; the upstream ``prov_N`` files hold
    four or five provinces each, in code order (:data:`PROV_FILE_FIRST`; ``prov_1``:
    11-15, ..., ``prov_8``: 93-96; tests check this against the mirror).

    Examples
    --------
    >>> key_provinces("wilayah_boundaries/db/prov/wilayah_boundaries_prov_4.sql")
    ('36', '51', '52', '53', '61')
    >>> key_provinces("wilayah_boundaries/db/kel/51/wilayah_boundaries_kel_51.71.sql")
    ('51',)
    """
    level, scope = key_scope(key)
    if scope is not None:
        return (scope[:2],)
    n = int(_KEY_RE.match(key).group(2))  # type: ignore[union-attr] - checked by key_scope
    lo = PROV_FILE_FIRST[n - 1] if 0 < n <= len(PROV_FILE_FIRST) else "99"
    hi = PROV_FILE_FIRST[n] if n < len(PROV_FILE_FIRST) else "99"
    return tuple(p for p in province_codes() if lo <= p < hi)


def level_name(level: str, what: str = "level") -> str:
    """Canonical level name, or :class:`~ucjlib.errors.ArgumentError` for a wrong one.

    Examples
    --------
    >>> level_name("kec")
    'kecamatan'
    >>> level_name("kelurahan desa")
    Traceback (most recent call last):
    ...
    ucjlib.errors.ArgumentError: Nilai level tidak valid: 'kelurahan desa'. ...
    """
    try:
        return normalize_level(level)
    except ValueError:
        raise ArgumentError(what, level, "provinsi, kabupaten, kecamatan atau desa "
                            "(juga: prov, kab, kec, kel, kelurahan)") from None


def needed_keys(levels: Iterable[str] | None = None,
                provinces: Iterable[str] | None = None) -> list[str]:
    """Boundary source keys for some levels and codes (all when ``None``).

    ``provinces`` takes province or kabupaten codes; a file is selected when
    its scope contains a code or lies within it. A province file (five provinces
    each upstream) is selected when it holds the province of a code.

    Examples
    --------
    >>> [k.rsplit("/", 1)[1] for k in needed_keys(["kecamatan", "desa"], ["32.71"])]
    ['wilayah_boundaries_kec_32.sql', 'wilayah_boundaries_kel_32.71.sql']
    >>> [k.rsplit("/", 1)[1] for k in needed_keys(["provinsi"], ["51"])]
    ['wilayah_boundaries_prov_4.sql']
    """
    lvls = {level_name(lv) for lv in levels} if levels is not None else set(LEVELS)
    codes = [str(c).strip() for c in provinces] if provinces is not None else None
    out = []
    for key in sorted(upstream_files()):
        if not _KEY_RE.match(key):
            continue
        level, scope = key_scope(key)
        if level not in lvls:
            continue
        if codes is not None and scope is None and not set(key_provinces(key)) & {
                c[:2] for c in codes}:
            continue
        if codes is not None and scope is not None and not any(
            scope == c or scope.startswith(c + ".") or c.startswith(scope + ".") for c in codes
        ):
            continue
        out.append(key)
    return out


def build_keys(levels: Iterable[str] | None = None,
               provinces: Iterable[str] | None = None) -> list[str]:
    """Source keys a build of these levels needs: :func:`needed_keys` plus the desa files.

    Kecamatan, kabupaten and provinsi shapes are dissolved from the desa
    where desa polygons exist, so their layers depend on the desa files of
    the same area; a layer therefore never depends on what else happened to
    be built before.

    Examples
    --------
    >>> [k.rsplit("/", 1)[1] for k in build_keys(["kecamatan"], ["32.71"])]
    ['wilayah_boundaries_kec_32.sql', 'wilayah_boundaries_kel_32.71.sql']
    >>> len(build_keys(["kecamatan"], ["11"]))  # kec_11 and the 23 Aceh desa files
    24
    """
    lvls = [level_name(lv) for lv in levels] if levels is not None else list(LEVELS)
    provs = list(provinces) if provinces is not None else None
    keys = set(needed_keys(lvls, provs))
    if keys and set(lvls) - {"desa"}:
        keys |= set(needed_keys(["desa"], provs))
    return sorted(keys)
