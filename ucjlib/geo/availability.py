"""Which boundary source files a build can read, and why the others are missing.

The kecamatan, kabupaten and province files of every province are in the mirror (or
downloaded). Desa files are mirrored for some provinces only; the others are downloaded
from the upstream at the pinned commit when there is network. A desa file that is
neither in the mirror or cache nor downloadable is *unavailable*: the build goes on
without it (that area has no desa layer, its higher levels come from the upstream
kec/kab/prov files) and records the reason in the build manifest, so that maps and
reports can say why there is no desa map. A corrupted download is never unavailable:
it is refused with a :class:`~ucjlib.errors.SourceError` (exit 4).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from ucjlib.errors import BoundaryError
from ucjlib.geo.layers import key_scope
from ucjlib.geo.sources import SourceUnavailable, local_file, mirror_dir, source_file
from ucjlib.text import say

__all__ = ["REASON_NO_SOURCE", "NothingAvailable", "reason_text", "resolve_sources"]

#: the one reason recorded today: no mirror file, and the download failed
REASON_NO_SOURCE = "no_mirror_no_network"


class NothingAvailable(BoundaryError):
    """No file of a build's selection can be had; ``entries`` say why (key -> entry)."""

    def __init__(self, entries: dict[str, dict[str, Any]]) -> None:
        self.entries = entries
        super().__init__("Tidak ada berkas batas wilayah yang tersedia untuk pilihan ini: "
                         + reason_text(next(iter(entries.values()))))


def resolve_sources(keys: Iterable[str], mirror: str | os.PathLike | None = None
                    ) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Return local, verified paths of ``keys`` and the desa files that are unavailable.

    After the first failed download the other desa files that would need one are not
    tried again in the same call (no network: each would fail the same way).

    Returns
    -------
    (dict, dict)
        key -> path; key -> ``{"reason": REASON_NO_SOURCE, "detail": message,
        "mirror": mirror folder or None}``.

    Raises
    ------
    SourceError
        A checksum mismatch (mirror or download), or a kecamatan/kabupaten/province
        file that cannot be had.
    """
    srcs: dict[str, str] = {}
    missing: dict[str, dict[str, Any]] = {}
    offline: str | None = None
    mdir = mirror_dir(mirror)
    for k in keys:
        desa = key_scope(k)[0] == "desa"
        if desa and offline is not None and local_file(k, mirror) is None:
            missing[k] = {"reason": REASON_NO_SOURCE, "detail": offline,
                          "mirror": None if mdir is None else str(mdir)}
            continue
        try:
            srcs[k] = str(source_file(k, mirror))
        except SourceUnavailable as exc:
            if not desa:
                raise
            offline = str(exc)
            missing[k] = {"reason": REASON_NO_SOURCE, "detail": offline,
                          "mirror": None if mdir is None else str(mdir)}
    return srcs, missing


def reason_text(entry: dict[str, Any], lang: str = "id") -> str:
    """Say why a desa file is unavailable (an entry of the manifest's ``unavailable``)."""
    return say("geo.unavailable.no_source", lang,
               mirror=entry.get("mirror") or say("geo.unavailable.no_mirror", lang),
               detail=entry.get("detail", ""))
