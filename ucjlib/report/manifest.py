"""``manifest.json`` of a report run: what went in, with what, and how long it took.

A manifest lets anyone check later which inputs (with SHA-256 checksums),
which rule version, which package versions and which parameters produced a
report, and whether it was built from the synthetic demo.

The checksum of a data file the loader read is the one taken when it was read
(``Dataset.files``), not a second reading at the end. A run takes a
:func:`snapshot` of its inputs (size, modification time, inode) before it opens
them; :func:`input_files` compares each file read (and the scenario) with that
snapshot and with the checksum of the read, and :func:`check_unchanged` fails the
run when one changed, was replaced or removed while it ran: the report would
otherwise mix two versions (the scenario is read again by the projection) or
name checksums of data it never read.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ucjlib.paths import DEMO_META, package_file, shown

MANIFEST = "manifest.json"
SCHEMA = 1
PACKAGES = ("ucjlib", "pandas", "numpy", "geopandas", "shapely", "pyogrio", "pyproj",
            "matplotlib", "duckdb", "pyarrow", "openpyxl", "python-pptx",
            "papermill", "nbclient", "nbconvert", "ipykernel", "jupyter_client", "dask",
            "distributed", "typer", "rich", "babel")
# what the demo is made from (data/demo.meta.yml, ucjlib/demo/*.py in a checkout)
DEMO_SOURCES = (DEMO_META, package_file("demo", "generate.py"),
                package_file("demo", "calibration.py"))


def sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("abc")
    >>> sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    """Installed version of each package (``None`` when it is not installed)."""
    out: dict[str, str | None] = {}
    for n in names:
        try:
            out[n] = version(n)
        except PackageNotFoundError:
            out[n] = None
    return out


def _entry(path: Path, role: str, shown: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"path": shown or str(path), "role": role, "bytes": path.stat().st_size,
            "sha256": sha256(path), **extra}


State = tuple[int, int, int]


def _state(path: Path) -> State | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def _data_files(root: Path) -> list[Path]:
    if root.is_file():  # a filled `ucj template` workbook given as --data
        return [root]
    return [p for p in sorted(root.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)]


def snapshot(data: str | os.PathLike | None,
             scenario: str | os.PathLike | None = None) -> dict[str, State]:
    """Size, modification time and inode of every input file, before anything is read.

    Keys are resolved paths. Cheap (no file is read); compared at the end of the run
    by :func:`input_files`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "coverage.csv").write_text("kode;periode")
    >>> [pathlib.Path(k).name for k in snapshot(d)]
    ['coverage.csv']
    """
    out: dict[str, State] = {}
    paths: list[Path] = []
    if data is not None and str(data).strip() and Path(data).expanduser().exists():
        paths += _data_files(Path(data).expanduser())
    if scenario is not None and str(scenario).strip():
        paths.append(Path(scenario).expanduser())
    for p in paths:
        st = _state(p)
        if st is not None:
            out[str(p.resolve())] = st
    return out


def input_files(data: str | Path | None, *, read: Mapping[str, str] | None = None,
                scenario: str | Path | None = None, notebooks: Iterable[Path] = (),
                rules_root: str | Path | None = None,
                before: Mapping[str, State] | None = None) -> list[dict[str, Any]]:
    """Every input of a run with its checksum.

    Parameters
    ----------
    data : path or None
        The data folder (every file in it, ``used`` saying whether the loader
        read it), or ``None`` for the demo (its generator and source record).
    read : mapping, optional
        Files the loader read (``Dataset.files``: path -> SHA-256).
    scenario : path, optional
        The scenario YAML file.
    notebooks : iterable of Path
        The notebooks that were run (their source, not the executed copies).
    rules_root : path, optional
        ``data/rules``: every rule file.
    before : mapping, optional
        The run's :func:`snapshot`. A file read whose size, time or inode differs
        from it, whose checksum now differs from the one taken when it was read, or
        that is gone, is marked ``"changed": true`` (with ``sha256_now``); its
        ``sha256`` stays the checksum of what was read.

    Returns
    -------
    list of dict
        ``path``, ``role``, ``bytes``, ``sha256`` (and ``used`` for data files).
    """
    out: list[dict[str, Any]] = []
    if data is not None:
        used = {str(Path(p).resolve()): sha for p, sha in (read or {}).items()}
        root = Path(data)
        seen = set()
        for p in _data_files(root):
            key = str(p.resolve())
            seen.add(key)
            e = _entry(p, "data", key, used=key in used)
            if key in used:
                _mark(e, p, used[key], before)
            out.append(e)
        for key in sorted(set(used) - seen):  # read, then removed during the run
            out.append({"path": key, "role": "data", "bytes": None, "sha256": used[key],
                        "used": True, "changed": True, "sha256_now": None})
    else:
        for p in DEMO_SOURCES:
            if p.is_file():
                out.append(_entry(p, "demo", shown(p)))
    if scenario:
        p = Path(scenario)
        if p.is_file():
            e = _entry(p, "scenario", str(p.resolve()))
            _mark(e, p, None, before)
        else:
            e = {"path": str(p.resolve()), "role": "scenario", "bytes": None, "sha256": None,
                 "changed": True, "sha256_now": None}
        out.append(e)
    for nb in notebooks:
        out.append(_entry(Path(nb), "notebook", shown(nb)))
    if rules_root is not None and Path(rules_root).is_dir():
        for p in sorted(Path(rules_root).rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                out.append(_entry(p, "rules", shown(p)))
    return out


def _mark(entry: dict[str, Any], path: Path, sha_read: str | None,
          before: Mapping[str, State] | None) -> None:
    """Keep the checksum of what was read; mark the entry changed if the file moved on."""
    now = entry["sha256"]
    if sha_read:
        entry["sha256"] = sha_read
    key = str(path.resolve())
    moved = before is not None and before.get(key) != _state(path)
    if moved or (sha_read and sha_read != now):
        entry.update(changed=True, sha256_now=now)


def check_unchanged(inputs: Iterable[Mapping[str, Any]]) -> None:
    """Fail (exit 3) when an input read by the run changed, was replaced or removed meanwhile.

    Raises
    ------
    InputValidationError
        Naming each changed file; the run is not published.

    Examples
    --------
    >>> check_unchanged([{"path": "a.csv", "role": "data", "sha256": "x"}])
    >>> check_unchanged([{"path": "a.csv", "role": "data", "changed": True}])
    Traceback (most recent call last):
    ...
    ucjlib.errors.InputValidationError: a.csv: berkas masukan berubah selama run ...
    """
    from ucjlib.errors import InputValidationError, Problem

    problems = [Problem(str(e["path"]), None, None,
                        "berkas masukan berubah selama run (diubah, diganti atau dihapus "
                        "sesudah dibaca); laporan tidak diterbitkan agar tidak mencampur dua "
                        "versi data",
                        "jalankan lagi setelah data selesai disalin/diubah")
                for e in inputs if e.get("changed")]
    if problems:
        raise InputValidationError(problems)


def environment() -> dict[str, Any]:
    """Python, platform and package versions."""
    return {"python": sys.version.split()[0], "implementation": platform.python_implementation(),
            "platform": platform.platform(), "packages": package_versions()}


def write_manifest(folder: str | Path, manifest: Mapping[str, Any]) -> Path:
    """Write ``manifest.json`` into ``folder`` (atomically)."""
    from ucjlib.files import atomic_write_text

    return atomic_write_text(Path(folder) / MANIFEST,
                             json.dumps(manifest, ensure_ascii=False, indent=1, default=str)
                             + "\n")


def read_manifest(folder: str | Path) -> dict[str, Any] | None:
    """Read the manifest of a run folder (``None`` when it has none or it cannot be read)."""
    p = Path(folder) / MANIFEST
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
