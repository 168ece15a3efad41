"""Where ucjlib's files are: the one module that answers "where is X".

Two kinds of files:

* **Packaged** (committed, shipped in the wheel). They stay where users and the
  docs expect them in a checkout — ``data/`` (rules, scenarios, assumptions,
  ``dictionary.yml``, ``upstream_files.csv``, ``demo.meta.yml``) and
  ``notebooks/`` — and are installed as the packages ``ucjlib.data`` and
  ``ucjlib.notebooks`` (``[tool.setuptools.package-dir]`` in ``pyproject.toml``).
  They are found with :mod:`importlib.resources`, so the same code reads them
  from an editable checkout and from an installed wheel.
* **Generated or external** (never in the wheel): the boundary store
  (``$UCJ_STORE_DIR``; in a checkout ``shapefiles/``, else a per-user folder, see
  :func:`default_store_dir`) and the mirror of the upstream reference files
  (``$UCJ_DATA_MIRROR``; in a checkout ``../shared/data`` when it exists, see
  :func:`default_mirror_dir`).

No other module computes a path from ``__file__``.

Examples
--------
>>> (RULES_DIR / "target" / "ucj.yaml").is_file()
True
>>> notebook_dir().joinpath("01-coverage.ipynb").is_file()
True
"""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path


def _package_dir(package: str) -> Path:
    """Return the folder of an installed (unzipped) package, as a real path."""
    try:
        root = files(package)
    except ModuleNotFoundError as exc:  # an editable install older than the package data
        raise ImportError(
            f"{package} is missing: the installation predates the packaged data. "
            "Run `pip install -e .` again in the checkout (or reinstall the wheel)."
        ) from exc
    if not isinstance(root, Path):  # a zip import: ucjlib needs real files
        raise ImportError(f"{package} is not installed as files on disk ({root}); "
                          "install ucjlib with pip (a wheel is unpacked).")
    return root.resolve()


PACKAGE_DIR: Path = _package_dir("ucjlib")
DATA_DIR: Path = _package_dir("ucjlib.data")
"""Committed inputs: ``data/`` in a checkout, ``ucjlib/data/`` in a wheel."""
RULES_DIR: Path = DATA_DIR / "rules"
SCENARIOS_DIR: Path = DATA_DIR / "scenarios"
UPSTREAM_FILES: Path = DATA_DIR / "upstream_files.csv"
DEMO_META: Path = DATA_DIR / "demo.meta.yml"


def _checkout_root() -> Path | None:
    root = DATA_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "ucjlib") == PACKAGE_DIR:
        return root
    return None


REPO_ROOT: Path | None = _checkout_root()
"""The checkout ucjlib runs from (an editable install), ``None`` when installed from a wheel."""


def notebook_dir() -> Path:
    """Return the folder of the report notebooks (``notebooks/`` of a checkout, or the wheel's).

    ``$UCJ_NOTEBOOKS`` overrides it (a folder with notebooks of the same names).
    """
    env = os.environ.get("UCJ_NOTEBOOKS")
    if env:
        return Path(env)
    return _package_dir("ucjlib.notebooks")


def package_file(*parts: str) -> Path:
    """Return a file of the ucjlib package itself, e.g. ``package_file("demo", "generate.py")``.

    Examples
    --------
    >>> package_file("demo", "generate.py").name
    'generate.py'
    """
    return PACKAGE_DIR.joinpath(*parts)


def shown(path: str | os.PathLike) -> str:
    """Return a path as a report shows it: relative to the checkout or to the installed package.

    ``data/rules/target/ucj.yaml`` from a checkout, ``ucjlib/data/rules/target/ucj.yaml``
    from a wheel; any other file keeps its absolute path.

    Examples
    --------
    >>> shown(RULES_DIR / "target" / "ucj.yaml").endswith("data/rules/target/ucj.yaml")
    True
    """
    p = Path(path).resolve()
    for base in (REPO_ROOT, PACKAGE_DIR.parent):
        if base is not None:
            try:
                return p.relative_to(base).as_posix()
            except ValueError:
                pass
    return str(p)


def user_data_dir() -> Path:
    """Return the per-user folder for ucjlib's generated files when it runs from a wheel.

    ``%LOCALAPPDATA%/ucjlib`` on Windows, ``~/Library/Application Support/ucjlib`` on
    macOS, ``$XDG_DATA_HOME/ucjlib`` (default ``~/.local/share/ucjlib``) elsewhere.
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ucjlib"


def default_store_dir() -> Path:
    """Return the boundary store folder: ``$UCJ_STORE_DIR``, else ``shapefiles/``, else per user.

    ``shapefiles/`` of the checkout when ucjlib runs from one; installed from a wheel,
    ``shapefiles/`` under :func:`user_data_dir`, shared by every working folder.
    """
    env = os.environ.get("UCJ_STORE_DIR")
    if env:
        return Path(env)
    if REPO_ROOT is not None:
        return REPO_ROOT / "shapefiles"
    return user_data_dir() / "shapefiles"


def default_mirror_dir() -> Path | None:
    """Return the default mirror of the upstream files: ``../shared/data`` beside a checkout.

    ``None`` when there is none (installed from a wheel, or no such folder): then the
    files are downloaded at their pinned commits, unless ``$UCJ_DATA_MIRROR`` names a
    mirror (see :func:`ucjlib.geo.sources.mirror_dir`).
    """
    if REPO_ROOT is None:
        return None
    p = REPO_ROOT.parent / "shared" / "data"
    return p if p.is_dir() else None
