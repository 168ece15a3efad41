"""Where the reference data comes from: a local mirror or the pinned upstream.

The gazetteer and the boundary polygons come from two MIT-licensed upstream
repositories (cahyadsn/wilayah and cahyadsn/wilayah_boundaries) at pinned
commits. The list of files with their SHA-256 checksums is committed in
``data/upstream_files.csv``; the files themselves never are.

Resolution order for a file:

1. a mirror directory given as argument, or in the ``UCJ_DATA_MIRROR``
   environment variable, or ``../shared/data`` beside the checkout when it
   exists (the mirror has ``wilayah/`` and ``wilayah_boundaries/`` folders);
2. the download cache (``cache/`` of the store, :func:`store_dir`), filled from
3. the upstream repository at the pinned commit, at
   ``$UCJ_UPSTREAM_URL/{repo}/{commit}/{path}`` (default
   ``https://raw.githubusercontent.com``).

Every file read from any of these places is checked against its checksum; a
mismatch is a :class:`~ucjlib.errors.SourceError` naming the file and the expected
SHA-256, and nothing is written. A file that is neither in the mirror nor in the cache
and cannot be downloaded (no network) is a :class:`SourceUnavailable`: a build skips
such desa files and records why (:mod:`ucjlib.geo.build`). Downloads go through
:func:`fetch_url`, which tests replace with a fake fetcher.
"""

from __future__ import annotations

import csv
import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ucjlib.errors import SourceError
from ucjlib.files import atomic_write_bytes
from ucjlib.paths import UPSTREAM_FILES, default_mirror_dir, default_store_dir

DEFAULT_UPSTREAM = "https://raw.githubusercontent.com"


class SourceUnavailable(SourceError):
    """A pinned file is in no mirror or cache and could not be downloaded (no network)."""


@dataclass(frozen=True)
class UpstreamFile:
    """One pinned upstream file with its checksum."""

    dataset: str  # "wilayah" or "wilayah_boundaries"
    repo: str
    commit: str
    path: str
    bytes: int
    sha256: str

    @property
    def key(self) -> str:
        """``dataset/path``, the file's place in a mirror."""
        return f"{self.dataset}/{self.path}"


@lru_cache(maxsize=1)
def upstream_files() -> dict[str, UpstreamFile]:
    """Return the pinned upstream files keyed by ``dataset/path``."""
    with open(UPSTREAM_FILES, newline="", encoding="utf-8") as fh:
        rows = [
            UpstreamFile(
                r["dataset"], r["repo"], r["commit"], r["path"], int(r["bytes"]), r["sha256"]
            )
            for r in csv.DictReader(fh)
        ]
    return {f.key: f for f in rows}


def store_dir() -> Path:
    """Directory of generated stores: ``$UCJ_STORE_DIR``, else ``shapefiles/`` of the checkout.

    Installed from a wheel, a per-user folder (see :func:`ucjlib.paths.default_store_dir`).
    """
    return default_store_dir()


def mirror_dir(mirror: str | os.PathLike | None = None) -> Path | None:
    """Return the mirror directory to use, or ``None`` when there is none.

    Parameters
    ----------
    mirror : path, optional
        Explicit mirror. Otherwise ``$UCJ_DATA_MIRROR``, otherwise
        ``../shared/data`` beside the checkout if it exists (none when installed
        from a wheel). Setting ``UCJ_DATA_MIRROR`` to an empty string disables the mirror.
    """
    if mirror is not None:
        p = Path(mirror)
        if not p.is_dir():
            raise SourceError(f"Folder mirror data tidak ditemukan: {p}")
        return p
    env = os.environ.get("UCJ_DATA_MIRROR")
    if env is not None:
        if env == "":
            return None
        p = Path(env)
        if not p.is_dir():
            raise SourceError(f"UCJ_DATA_MIRROR menunjuk ke folder yang tidak ada: {p}")
        return p
    return default_mirror_dir()


def file_sha256(path: str | os.PathLike) -> str:
    """Return the SHA-256 of a file (read in chunks), for checks and manifests.

    A folder (e.g. a Shapefile's set of files) is hashed over its files in
    sorted order.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:12]
    'ba7816bf8f01'
    """
    path = Path(path)
    files = [path] if not path.is_dir() else sorted(p for p in path.rglob("*") if p.is_file())
    h = hashlib.sha256()
    for f in files:
        with open(f, "rb") as fh:
            for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def local_file(key: str, mirror: str | os.PathLike | None = None) -> Path | None:
    """Return where ``key`` already is on this machine (mirror or cache), without checks.

    ``None`` when it would have to be downloaded.
    """
    files = upstream_files()
    if key not in files:
        return None
    mdir = mirror_dir(mirror)
    if mdir is not None and (mdir / key).is_file():
        return mdir / key
    cached = store_dir() / "cache" / key
    return cached if cached.is_file() else None


def source_file(key: str, mirror: str | os.PathLike | None = None, verify: bool = True) -> Path:
    """Return a local, verified path for the upstream file ``key``.

    Parameters
    ----------
    key : str
        ``dataset/path``, e.g. ``"wilayah/db/wilayah.sql"``.
    mirror : path, optional
        Mirror directory (see :func:`mirror_dir`).
    verify : bool, default True
        Check the SHA-256 checksum of mirror files too (downloads are always
        checked).

    Raises
    ------
    SourceUnavailable
        Not in the mirror or cache, and the download failed (no network, not found).
    SourceError
        Unknown key or checksum mismatch.
    """
    files = upstream_files()
    if key not in files or key.startswith("/") or ".." in Path(key).parts:
        raise SourceError(f"Berkas sumber tidak dikenal: {key}")
    meta = files[key]
    mdir = mirror_dir(mirror)
    if mdir is not None:
        p = mdir / key  # keys come from the committed list (checked above); mirrors may use links
        if p.is_file():
            if verify and _verified_cached(p, meta.sha256) is False:
                raise SourceError(
                    f"Checksum tidak cocok untuk {p}: isi berkas berbeda dari commit "
                    f"{meta.commit[:10]} di {meta.repo} (diharapkan SHA-256 {meta.sha256}). "
                    "Gunakan mirror yang benar atau "
                    "kosongkan UCJ_DATA_MIRROR untuk mengunduh dari upstream."
                )
            return p
    cached = store_dir() / "cache" / key
    if cached.is_file() and file_sha256(cached) == meta.sha256:
        return cached
    return _download(meta, cached)


_VERIFIED: dict[tuple[str, int, float], bool] = {}


def _verified_cached(path: Path, sha: str) -> bool:
    st = path.stat()
    k = (str(path), st.st_size, st.st_mtime)
    if k not in _VERIFIED:
        _VERIFIED[k] = file_sha256(path) == sha
    return _VERIFIED[k]


def fetch_url(url: str, timeout: float = 60) -> bytes:
    """Return the bytes at ``url`` (raises ``OSError``/``URLError`` on failure).

    The one place a download happens; tests replace it with a fake fetcher.
    """
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310
        return resp.read()


def _download(meta: UpstreamFile, dest: Path) -> Path:
    """Download one pinned file, check its checksum, then write it atomically.

    Upstream files are at most a few MB, so the download is held in memory
    and nothing is written unless the checksum matches.
    """
    base = os.environ.get("UCJ_UPSTREAM_URL", DEFAULT_UPSTREAM).rstrip("/")
    url = f"{base}/{meta.repo}/{meta.commit}/{meta.path}"
    try:
        data = fetch_url(url)
    except (urllib.error.URLError, OSError) as exc:
        raise SourceUnavailable(f"Gagal mengunduh {url}: {exc}") from exc
    got = hashlib.sha256(data).hexdigest()
    if got != meta.sha256:
        raise SourceError(
            f"Checksum tidak cocok untuk {meta.key} (diunduh dari {url}): diharapkan SHA-256 "
            f"{meta.sha256}, didapat {got}. Berkas ditolak dan tidak disimpan."
        )
    return atomic_write_bytes(dest, data)
