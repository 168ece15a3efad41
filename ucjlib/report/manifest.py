"""``manifest.json`` of a report run: what went in, with what, and how long it took.

A manifest lets anyone check later which inputs (with SHA-256 checksums),
which rule version, which package versions and which parameters produced a
report, and whether it was built from the synthetic demo.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
SCHEMA = 1
PACKAGES = ("ucjlib", "pandas", "numpy", "geopandas", "shapely", "pyogrio", "pyproj",
            "matplotlib", "duckdb", "pyarrow", "openpyxl", "python-pptx", "folium",
            "papermill", "nbclient", "nbconvert", "ipykernel", "jupyter_client", "dask",
            "distributed", "typer", "rich", "babel")
REPO = Path(__file__).resolve().parents[2]
DEMO_SOURCES = ("data/demo.meta.yml", "ucjlib/demo/generate.py", "ucjlib/demo/calibration.py")


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


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def input_files(data: str | Path | None, *, read: Mapping[str, str] | None = None,
                scenario: str | Path | None = None, notebooks: Iterable[Path] = (),
                rules_root: str | Path | None = None) -> list[dict[str, Any]]:
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
    """
    out: list[dict[str, Any]] = []
    if data is not None:
        used = {Path(p).resolve() for p in (read or {})}
        root = Path(data)
        for p in sorted(root.rglob("*")):
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts):
                out.append(_entry(p, "data", str(p.resolve()), used=p.resolve() in used))
    else:
        for rel in DEMO_SOURCES:
            p = REPO / rel
            if p.is_file():
                out.append(_entry(p, "demo", rel))
    if scenario:
        p = Path(scenario)
        out.append(_entry(p, "scenario", str(p.resolve())))
    for nb in notebooks:
        out.append(_entry(Path(nb), "notebook", _shown(Path(nb))))
    if rules_root is not None and Path(rules_root).is_dir():
        for p in sorted(Path(rules_root).rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                out.append(_entry(p, "rules", _shown(p)))
    return out


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
