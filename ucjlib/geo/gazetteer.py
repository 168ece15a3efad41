"""The Kemendagri gazetteer: every region's code, name, level and parent, as one table.

Read from the pinned ``wilayah.sql`` of cahyadsn/wilayah (see :mod:`ucjlib.geo.sources`),
parsed once per process and kept as a Parquet copy in the git-ignored store. Matching
names and codes against it is :mod:`ucjlib.geo.wilayah`'s job.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from ucjlib.geo.sources import source_file

LEVELS: tuple[str, ...] = ("provinsi", "kabupaten", "kecamatan", "desa")
_ROW_RE = re.compile(r"\('(\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?)','((?:[^'\\]|\\.|'')*)'\)")


@lru_cache(maxsize=4)
def cached_gazetteer(mirror: str | None) -> pd.DataFrame:
    """Return the gazetteer table, read once per process and mirror.

    The frame is shared by every caller (the region index is built on it): do not
    modify it; :func:`gazetteer` returns a copy.
    """
    return _load_gazetteer(mirror)


def _load_gazetteer(mirror: str | None) -> pd.DataFrame:
    """Read the gazetteer; keep a Parquet copy in the git-ignored store.

    Rows are sorted by code with a RangeIndex, which the region index
    (:mod:`ucjlib.geo.wilayah`) relies on.
    """
    from ucjlib.geo.sources import store_dir, upstream_files

    sha = upstream_files()["wilayah/db/wilayah.sql"].sha256
    cache = store_dir() / "cache" / f"gazetteer-{sha[:16]}.parquet"
    if cache.is_file():
        try:
            df = pd.read_parquet(cache)
            if df["kode"].is_monotonic_increasing and df["kode"].is_unique:
                return df.reset_index(drop=True)
        except Exception:  # noqa: BLE001 - a broken cache is rebuilt
            pass
    df = _parse_gazetteer(source_file("wilayah/db/wilayah.sql", mirror))
    from ucjlib.errors import OutputError
    from ucjlib.files import atomic_path

    try:
        with atomic_path(cache) as tmp:
            df.to_parquet(tmp, index=False)
    except OutputError:
        pass  # read-only checkout or full disk: parse every time
    return df


def _parse_gazetteer(path) -> pd.DataFrame:
    text = path.read_text(encoding="utf-8")
    rows = _ROW_RE.findall(text)
    codes = [c for c, _ in rows]
    names = [n.replace("\\'", "'").replace("''", "'") for _, n in rows]
    df = pd.DataFrame({"kode": codes, "nama": names})
    df = df.drop_duplicates("kode", keep="last")
    depth = df["kode"].str.count(r"\.")
    df["level"] = depth.map(dict(enumerate(LEVELS)))
    df["parent"] = df["kode"].str.rsplit(".", n=1).str[0].where(depth > 0, None)
    jenis = df["level"].copy()
    jenis[(df["level"] == "kabupaten") & df["nama"].str.startswith("Kota")] = "kota"
    jenis[(df["level"] == "desa") & df["kode"].str[-4:].str.startswith("1")] = "kelurahan"
    df["jenis"] = jenis
    # vectorized normalize_name; only kabupaten/kota names lose their prefix, so a
    # desa called "Kota Baru" keeps its full name
    base = df["nama"].where(df["level"] != "kabupaten",
                            df["nama"].str.replace(r"^(Kabupaten|Kota)\s+", "", regex=True))
    norm = (base.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
            .str.lower().str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip())
    df["nama_norm"] = norm.str.replace(r"\s+", " ", regex=True)
    df = df.sort_values("kode").reset_index(drop=True)
    return df


def gazetteer(mirror: str | None = None) -> pd.DataFrame:
    """Return every region of Indonesia with its code, name, level and parent.

    Columns: ``kode``, ``nama``, ``level`` (provinsi/kabupaten/kecamatan/desa),
    ``parent`` (code of the parent unit), ``jenis`` (provinsi, kabupaten,
    kota, kecamatan, desa, kelurahan) and ``nama_norm`` (normalized name).

    Examples
    --------
    >>> g = gazetteer()
    >>> g.set_index("kode").loc["35.22", "nama"]
    'Kabupaten Bojonegoro'
    >>> int((g["parent"] == "35.22").sum())
    28
    """
    return cached_gazetteer(None if mirror is None else str(mirror)).copy()
